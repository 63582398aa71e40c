"""NLU quality, training time and parse latency (`python -m benchmarks nlu`), old pipeline
("sparse": word + char n-grams) against new ("sparse + MiniLM": pretrained sentence
features beside them), both made from config.yml (benchmarks/nlu_pipelines.py), measured
in one run and written to benchmarks/RESULTS.md:

- 3-fold cross-validation of the intents on nlu_data/;
- a training from scratch (`rasa train --force`, goal ≤ 180 s on 2 cores);
- intent accuracy on tests/data/nlu_holdout.yml (never trained on) and parse latency p95;
- Banking77 (public, benchmarks/data/banking77/): train on its train split, test on its
  test split, beside the published DIET figures. It trains two models on 10 003 examples,
  the longest part: `HELPDESK_BENCH_BANKING77=0` leaves it out, and
  `HELPDESK_BENCH_BANKING77_EPOCHS` (default 20) sets DIET's epochs for it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from benchmarks.chat_bench import RASA, WORK
from benchmarks.nlu_eval import Scores, banking77_examples, holdout_examples, score, write_rasa_nlu
from benchmarks.nlu_pipelines import DENSE, SPARSE, uses_sentence_features, write_configs
from benchmarks.results_file import RESULTS, split_sections
from helpdesk.config import PROJECT_ROOT

HOLDOUT = PROJECT_ROOT / "tests" / "data" / "nlu_holdout.yml"
BANKING77 = PROJECT_ROOT / "benchmarks" / "data" / "banking77"
# Casanueva et al. 2020 / Bunk et al. 2020 (DIET paper), Banking77 test accuracy, full data.
PUBLISHED = {"DIET (sparse features), published": 90.6, "DIET + ConveRT, published": 92.5}


def _run(command: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=PROJECT_ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def train(config: Path, out: Path, nlu_only_data: Path | None = None) -> tuple[float, Path]:
    """Train from scratch; (seconds, model file). Without `nlu_only_data` it is the bot's
    whole training (`rasa train`, dialogue included), as `helpdesk train` does."""
    shutil.rmtree(out, ignore_errors=True)
    if nlu_only_data:
        command = [RASA, "train", "nlu", "--config", str(config), "--nlu", str(nlu_only_data)]
    else:
        command = [RASA, "train", "--force", "--config", str(config), "--domain",
                   "bot/domain.yml", "--data", "bot", "nlu_data"]
    seconds = _run([*command, "--out", str(out), "--fixed-model-name", "model"])
    return seconds, out / "model.tar.gz"


def cross_validation(config: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    _run([RASA, "test", "nlu", "--cross-validation", "--folds", "3", "--config", str(config),
          "--nlu", "nlu_data", "--out", str(out)])
    report = json.loads((out / "intent_report.json").read_text())
    return {"weighted_f1": report["weighted avg"]["f1-score"],
            "macro_f1": report["macro avg"]["f1-score"], "accuracy": report.get("accuracy")}


def project_rows(configs: dict[str, Path]) -> list[str]:
    holdout = holdout_examples(HOLDOUT)
    rows = []
    for name, config in configs.items():
        tag = "dense" if name == DENSE else "sparse"
        print(f"[{name}] training from scratch ...", flush=True)
        seconds, model = train(config, WORK / f"nlu-{tag}")
        print(f"[{name}] held-out set and latency ...", flush=True)
        held: Scores = score(model, holdout)
        print(f"[{name}] 3-fold cross-validation ...", flush=True)
        cv = cross_validation(config, WORK / f"cv-{tag}")
        rows.append(f"| {name} | **{cv['weighted_f1']:.3f}** | {cv['macro_f1']:.3f} | "
                    f"**{held.accuracy:.1%}** | {held.fallback_rate:.1%} | {seconds:.0f} s | "
                    f"{held.p95_ms:.1f} ms |")
    return [f"Held-out set: `tests/data/nlu_holdout.yml`, {len(holdout)} messages written "
            "apart from nlu_data/ (typos, rambling, transcripts, indirect wording), "
            f"{len({intent for _, intent in holdout})} intents.", "",
            "| pipeline | CV weighted F1 | CV macro F1 | held-out accuracy | held-out "
            "fallback | training (`rasa train --force`) | parse p95 |",
            "|---|---|---|---|---|---|---|", *rows]


def banking77_rows(epochs: int) -> list[str]:
    configs = write_configs(WORK / "configs", epochs=epochs)
    train_file = write_rasa_nlu(banking77_examples(BANKING77 / "train.csv"),
                                WORK / "banking77-train.yml")
    test = banking77_examples(BANKING77 / "test.csv")
    rows = []
    for name, config in configs.items():
        tag = "dense" if name == DENSE else "sparse"
        print(f"[{name}] Banking77: training on {epochs} epochs ...", flush=True)
        seconds, model = train(config, WORK / f"banking77-{tag}", nlu_only_data=train_file)
        result = score(model, test)
        rows.append(f"| {name} (this project, {epochs} epochs) | **{result.accuracy:.1%}** | "
                    f"{seconds / 60:.1f} min | {result.p95_ms:.1f} ms |")
    rows += [f"| {name} | {figure:.1f} % | | |" for name, figure in PUBLISHED.items()]
    return ["### Banking77", "",
            f"Train split (10 003 examples, 77 intents) → test split ({len(test)}), intent "
            "accuracy. The published figures are DIET's full setting (transformer, more "
            "epochs); ours use config.yml's small DIET.", "",
            "| pipeline | test accuracy | training | parse p95 |", "|---|---|---|---|", *rows]


def previous_banking77() -> list[str]:
    """A run without Banking77 (`HELPDESK_BENCH_BANKING77=0`) keeps the last measured
    Banking77 table, saying when it was measured, rather than losing it."""
    section = split_sections(RESULTS.read_text()).get("## NLU and training", []) \
        if RESULTS.exists() else []
    stamp = next((line for line in section if line.startswith("_Measured")), "")
    kept = section[section.index("### Banking77") + 1:] if "### Banking77" in section else []
    kept = kept[:next((i for i, line in enumerate(kept) if line.startswith("Pipeline choice")),
                      len(kept))]
    when = stamp.strip("_.").replace("Measured ", "") or "an earlier run"
    note = (f"Left out of this run (`HELPDESK_BENCH_BANKING77=0`); the table below is from "
            f"the run of {when}." if kept and "Left out" not in " ".join(kept)
            else "Left out of this run (`HELPDESK_BENCH_BANKING77=0`).")
    body = [line for line in kept if not line.startswith("Left out of this run")]
    return ["### Banking77", "", note, *body]


def run() -> list[str]:
    """Both pipelines on the project's data (and Banking77); the RESULTS.md section."""
    WORK.mkdir(parents=True, exist_ok=True)
    configs = write_configs(WORK / "configs")
    lines = ["## NLU and training", "",
             "Old pipeline **sparse** (word + char n-grams, DIET) against new **sparse + "
             "MiniLM** (the same plus pretrained all-MiniLM-L6-v2 sentence and token features, "
             "helpdesk/rasa_plugins/sentence_features.py), both made from config.yml. "
             f"config.yml runs **{DENSE if uses_sentence_features() else SPARSE}**. "
             "Training goal ≤ 180 s on 2 cores; latency is one in-process parse "
             "(`Agent.parse_message`), sequential.", "", *project_rows(configs), ""]
    if os.environ.get("HELPDESK_BENCH_BANKING77", "1") != "0":
        lines += banking77_rows(int(os.environ.get("HELPDESK_BENCH_BANKING77_EPOCHS", "20")))
    else:
        lines += previous_banking77()
    return [*lines, "", "Pipeline choice: see the comment at the top of config.yml.", ""]
