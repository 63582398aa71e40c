"""Rasa's own checks: `rasa data validate` and `rasa test` on the test stories."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpdesk.config import PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))


def test_rasa_data_validate() -> None:
    result = subprocess.run(
        [RASA, "data", "validate", "--domain", "bot/domain.yml", "--data", "bot", "nlu_data",
         "--config", "config.yml"], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_rasa_test_stories_pass(trained_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = subprocess.run(
        [RASA, "test", "core", "--stories", "tests/stories", "--model", str(trained_model),
         "--out", str(out), "--no-plot"], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = (out / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed
