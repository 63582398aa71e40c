"""NLU quality and training time (`python -m benchmarks nlu`): 3-fold cross-validation of
the intents and a training from scratch, written to benchmarks/RESULTS.md."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

from benchmarks.chat_bench import RASA, WORK
from helpdesk.config import PROJECT_ROOT


def training_seconds() -> float:
    out = WORK / "train-from-scratch"
    shutil.rmtree(out, ignore_errors=True)
    started = time.monotonic()
    subprocess.run([RASA, "train", "--force", "--config", "config.yml", "--domain",
                    "bot/domain.yml", "--data", "bot", "nlu_data", "--out", str(out)],
                   cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def cross_validation() -> dict:
    out = WORK / "cross-validation"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([RASA, "test", "nlu", "--cross-validation", "--folds", "3", "--config",
                    "config.yml", "--nlu", "nlu_data", "--out", str(out)], cwd=PROJECT_ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    report = json.loads((out / "intent_report.json").read_text())
    return {"weighted_f1": report["weighted avg"]["f1-score"],
            "macro_f1": report["macro avg"]["f1-score"], "accuracy": report.get("accuracy")}


def nlu_section(train_s: float, cv: dict) -> list[str]:
    return [
        "## NLU and training", "",
        f"- 3-fold cross-validation (`rasa test nlu --cross-validation`): intent weighted F1 "
        f"**{cv['weighted_f1']:.3f}**, macro F1 {cv['macro_f1']:.3f}.",
        f"- Training from scratch (`rasa train --force`): **{train_s:.0f} s** (goal ≤ 180 s).",
        "", "Pipeline choice: see the comment at the top of config.yml and the README.", "",
    ]


def run() -> list[str]:
    """Time a training from scratch and cross-validate; return the RESULTS.md section."""
    WORK.mkdir(parents=True, exist_ok=True)
    print("Timing training from scratch ...", flush=True)
    train_s = training_seconds()
    print("NLU cross-validation ...", flush=True)
    return nlu_section(train_s, cross_validation())
