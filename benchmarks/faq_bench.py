"""FAQ retrieval: top-1 accuracy on held-out paraphrases, answer latency with the shipped
entries and with 10 000 generated ones, and the time from saving an entry to the running
bot's first correct answer."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import httpx
import yaml

from benchmarks.chat_bench import percentile
from helpdesk.config import PROJECT_ROOT
from helpdesk.faq.entries import FaqDraft, FaqView, create_entry, delete_entry
from helpdesk.faq.files import import_directory, read_directory
from helpdesk.faq.retrieval import FaqIndex
from helpdesk.faq.text_normalizer import lemmas
from tests.support.stacks import BotStack

KB = PROJECT_ROOT / "knowledge_base"
PARAPHRASES = PROJECT_ROOT / "tests" / "data" / "faq_paraphrases.yml"
FRESH_PARAPHRASES = PROJECT_ROOT / "tests" / "data" / "faq_paraphrases_fresh.yml"
HOLDOUT3_PARAPHRASES = PROJECT_ROOT / "tests" / "data" / "faq_paraphrases_holdout3.yml"
GENERATED = 10_000


def shipped_entries() -> list[FaqView]:
    found, _ = read_directory(KB)
    return [FaqView(i, slug, d.question, d.answer, d.voice_answer, d.alternates, d.tags, 1, "",
                    False) for i, (slug, d) in enumerate(found, start=1)]


def generated_entries(count: int, start_id: int) -> list[FaqView]:
    """Plausible but distinct entries: products × topics × details, with phrasings."""
    rng = random.Random(7)
    products = ["tent", "sleeping bag", "rain jacket", "hiking boot", "backpack", "headlamp",
                "trekking pole", "water filter", "camp stove", "kayak paddle", "climbing rope",
                "ski glove", "fleece", "gaiter", "bike helmet", "dry bag", "hammock", "compass"]
    topics = ["care instructions for the {p} model {n}", "spare parts for the {p} model {n}",
              "size chart of the {p} model {n}", "recall notice for the {p} batch {n}",
              "colour options of the {p} model {n}", "weight of the {p} model {n}",
              "rental of the {p} model {n}", "trade-in value of the {p} model {n}"]
    out = []
    for i in range(count):
        product, topic = rng.choice(products), rng.choice(topics)
        subject = topic.format(p=product, n=1000 + i)
        out.append(FaqView(start_id + i, f"generated-{i}", f"What about the {subject}?",
                           f"Details on the {subject}.", None,
                           [f"tell me the {subject}", f"{subject} please"], ["generated"], 1,
                           "", False))
    return out


def evaluate(index: FaqIndex, paraphrases: list[dict]) -> tuple[float, list[float]]:
    lemmas.cache_clear()  # every question is new to the index: no remembered lemmas
    right, latencies = 0, []
    for item in paraphrases:
        started = time.perf_counter()
        matches = index.search(item["text"])
        latencies.append(time.perf_counter() - started)
        right += bool(matches) and matches[0].entry.slug == item["expected"]
    return right / len(paraphrases), latencies


def save_to_answer_seconds(stack: BotStack) -> float:
    """Create an entry in the store; time until the running bot answers with it."""
    import_directory(KB, stack.db_url)
    httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
               json={"sender": "bench-faq-warm", "message": "do you ship to canada"})
    entry = create_entry(FaqDraft.from_mapping({
        "question": "Do you rent out snowshoes?", "answer": "Yes, snowshoes rent for $18.",
        "alternates": ["can i hire snowshoes"]}), "bench", db_url=stack.db_url)
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < 30:
            reply = httpx.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60, json={
                "sender": f"bench-faq-{time.time_ns()}", "message": "can I rent snowshoes"})
            if "$18" in reply.text:
                return time.perf_counter() - started
            time.sleep(0.1)
        return float("inf")
    finally:
        delete_entry(entry.id, "bench", db_url=stack.db_url)


def run(stack: BotStack) -> list[str]:
    paraphrases = yaml.safe_load(Path(PARAPHRASES).read_text())["paraphrases"]
    shipped = shipped_entries()
    started = time.perf_counter()
    small = FaqIndex(shipped)
    small_build = time.perf_counter() - started
    small.search("warm up")
    accuracy, small_latency = evaluate(small, paraphrases)
    fresh = yaml.safe_load(Path(FRESH_PARAPHRASES).read_text())["paraphrases"]
    fresh_accuracy, _ = evaluate(small, fresh)
    holdout3 = yaml.safe_load(Path(HOLDOUT3_PARAPHRASES).read_text())["paraphrases"]
    holdout3_accuracy, _ = evaluate(small, holdout3)
    print(f"FAQ: indexing {GENERATED} generated entries ...", flush=True)
    started = time.perf_counter()
    large = FaqIndex(shipped + generated_entries(GENERATED, len(shipped) + 1))
    large_build = time.perf_counter() - started
    large_accuracy, large_latency = evaluate(large, paraphrases)
    save_s = save_to_answer_seconds(stack)
    return [
        "## FAQ retrieval", "",
        f"{len(paraphrases)} held-out paraphrases (tests/data/faq_paraphrases.yml; none is a "
        "question or alternate of the knowledge base).", "",
        "| index | entries | top-1 accuracy | p50 | p95 | index build |",
        "|---|---|---|---|---|---|",
        f"| shipped | {len(shipped)} | **{accuracy * 100:.1f} %** | "
        f"{statistics.median(small_latency) * 1000:.1f} ms | "
        f"{percentile(small_latency, 95) * 1000:.1f} ms | {small_build:.1f} s |",
        f"| shipped + generated | {len(shipped) + GENERATED} | {large_accuracy * 100:.1f} % | "
        f"{statistics.median(large_latency) * 1000:.1f} ms | "
        f"**{percentile(large_latency, 95) * 1000:.1f} ms** | {large_build:.1f} s |", "",
        f"Second held-out set ({len(fresh)} paraphrases, tests/data/faq_paraphrases_fresh.yml, "
        "written without seeing the first set or the retrieval code): "
        f"top-1 **{fresh_accuracy * 100:.1f} %** with the shipped entries. Both sets have "
        "since guided the retrieval's tuning (normalisation, stop words, the domain concepts "
        "in helpdesk/faq/concepts.py, the weights and thresholds), so they are "
        "development figures.",
        "",
        f"Third held-out set ({len(holdout3)} paraphrases, "
        "tests/data/faq_paraphrases_holdout3.yml, written before that tuning and never "
        f"looked at during it): top-1 **{holdout3_accuracy * 100:.1f} %** with the shipped "
        "entries: the honest estimate.", "",
        "Goals: top-1 ≥ 90 %, p95 ≤ 20 ms at 10 000 entries. The index build is paid once "
        "per knowledge-base change (lemmas come from spaCy's lemmatizer tables, no neural "
        "tagger).", "",
        f"Save to first correct bot answer (entry created in the store, the running bot "
        f"asked every 0.1 s): **{save_s:.2f} s** (promise: within 5 s, no retraining).", "",
    ]
