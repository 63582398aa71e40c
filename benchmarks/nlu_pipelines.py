"""The two NLU pipelines the benchmark compares, both made from config.yml so that they
never drift apart: "sparse" is config.yml without the pretrained sentence features,
"sparse + MiniLM" is config.yml with them (added before DIET if config.yml lacks them)."""

from __future__ import annotations

from pathlib import Path

import yaml

from helpdesk.config import PROJECT_ROOT

SENTENCE_FEATURIZER = "helpdesk.rasa_plugins.sentence_features.SentenceFeaturizer"
SPARSE, DENSE = "sparse", "sparse + MiniLM"


def _pipeline_variant(config: dict, with_sentence_features: bool) -> dict:
    steps = [s for s in config["pipeline"] if s["name"] != SENTENCE_FEATURIZER]
    if with_sentence_features:
        at = next(i for i, s in enumerate(steps) if s["name"] == "DIETClassifier")
        steps.insert(at, {"name": SENTENCE_FEATURIZER})
    return {**config, "pipeline": steps}


def write_configs(folder: Path, epochs: int | None = None) -> dict[str, Path]:
    """Both configs as files in `folder`, {name: path}; `epochs` overrides DIET's."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, dense in ((SPARSE, False), (DENSE, True)):
        variant = _pipeline_variant(config, dense)
        if epochs:
            for step in variant["pipeline"]:
                if step["name"] == "DIETClassifier":
                    step["epochs"] = epochs
        path = folder / f"config-{'dense' if dense else 'sparse'}{epochs or ''}.yml"
        path.write_text(yaml.safe_dump(variant, sort_keys=False))
        paths[name] = path
    return paths


def uses_sentence_features() -> bool:
    """Whether config.yml (what the bot runs) has the pretrained sentence features."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    return any(s["name"] == SENTENCE_FEATURIZER for s in config["pipeline"])
