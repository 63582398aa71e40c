"""Held-out intent accuracy and parse latency of a trained Rasa model, in process (no HTTP),
and the Banking77 CSV files as Rasa training data (benchmarks/nlu_bench.py)."""

from __future__ import annotations

import asyncio
import csv
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Scores:
    accuracy: float  # DIET's top intent (FallbackClassifier's nlu_fallback set aside)
    fallback_rate: float  # share of messages the bot would answer with its fallback
    p95_ms: float  # parse latency per message, sequential, after a warm-up
    count: int


def holdout_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs of a Rasa NLU YAML file with plain (unannotated) examples."""
    document = yaml.safe_load(path.read_text())
    pairs = []
    for block in document.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            text = line.strip().removeprefix("- ").strip()
            if "intent" in block and text:
                pairs.append((text, block["intent"]))
    return pairs


def banking77_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs of a Banking77 CSV file (columns text, category)."""
    with path.open(newline="") as handle:
        return [(row["text"].strip(), row["category"]) for row in csv.DictReader(handle)]


def write_rasa_nlu(pairs: list[tuple[str, str]], path: Path) -> Path:
    """The pairs as a Rasa NLU YAML training file (entity brackets escaped away)."""
    by_intent: dict[str, list[str]] = {}
    for text, intent in pairs:
        by_intent.setdefault(intent, []).append(
            " ".join(text.replace("[", "(").replace("]", ")").split()))
    blocks = [{"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
              for intent, texts in by_intent.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, sort_keys=False))
    return path


def _top_intent(parse: dict) -> str:
    ranking = [r["name"] for r in parse.get("intent_ranking") or [] if r["name"] != FALLBACK]
    return ranking[0] if ranking else (parse.get("intent") or {}).get("name", "")


async def _score(model: Path, pairs: list[tuple[str, str]]) -> Scores:
    from rasa.core.agent import Agent  # TensorFlow: only when a benchmark needs it

    agent = Agent.load(str(model))
    for text, _ in pairs[:5]:
        await agent.parse_message(text)  # warm-up: the first calls build TF functions
    right = fallbacks = 0
    seconds = []
    for text, intent in pairs:
        started = time.perf_counter()
        parse = await agent.parse_message(text)
        seconds.append(time.perf_counter() - started)
        right += _top_intent(parse) == intent
        fallbacks += (parse.get("intent") or {}).get("name") == FALLBACK
    seconds.sort()
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    return Scores(right / len(pairs), fallbacks / len(pairs), p95 * 1000, len(pairs))


def score(model: Path, pairs: list[tuple[str, str]]) -> Scores:
    """Parse every text with the model; the share whose intent is right, and latency."""
    return asyncio.run(_score(model, pairs))
