"""Train the Rasa model only when its inputs changed: models are cached by a content hash."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from helpdesk.config import PROJECT_ROOT, get_settings

MODEL_INPUTS = ("config.yml", "bot", "nlu_data")


def inputs_hash(root: Path = PROJECT_ROOT) -> str:
    """SHA-256 over the Rasa version and every training input file (path and content)."""
    import rasa

    digest = hashlib.sha256(f"rasa {rasa.__version__}\n".encode())
    for name in MODEL_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix not in (".yml", ".yaml", ".txt", ".json"):
                continue
            digest.update(str(file.relative_to(root)).encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def models_dir() -> Path:
    return get_settings().var_dir / "models"


def cached_model_path(root: Path = PROJECT_ROOT) -> Path:
    return models_dir() / f"helpdesk-{inputs_hash(root)}.tar.gz"


def ensure_model(force: bool = False, root: Path = PROJECT_ROOT) -> Path:
    """Return the model for the current inputs, training it first if there is none.

    A file lock makes concurrent callers (parallel tests, two stacks) train only once.
    """
    target = cached_model_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists() and not force:
            return target
        print(f"Training the Rasa model (inputs changed) -> {target.name} ...", flush=True)
        started = time.monotonic()
        rasa = Path(sys.executable).with_name("rasa")
        command = [str(rasa), "train", "--config", "config.yml", "--domain", "bot/domain.yml",
                   "--data", "bot", "nlu_data", "--out", str(target.parent),
                   "--fixed-model-name", target.name.removesuffix(".tar.gz")]
        # No telemetry or error reports: nothing leaves the box (and there is no internet).
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
        subprocess.run(command, cwd=root, check=True, env=env)
        print(f"Model trained in {time.monotonic() - started:.0f} s", flush=True)
        _prune_old_models(target)
        return target


def _prune_old_models(keep: Path, keep_count: int = 3) -> None:
    models = sorted(keep.parent.glob("helpdesk-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    for old in models[:-keep_count]:
        if old != keep:
            old.unlink(missing_ok=True)
