"""`make bench`: chat-turn latency and throughput against a bare moodbot, memory, NLU quality
and training time, all measured in one run and written to benchmarks/RESULTS.md."""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from helpdesk.config import PROJECT_ROOT
from helpdesk.crm.importer import import_directory
from helpdesk.ops.model_cache import ensure_model
from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER
from helpdesk.store.migrate import upgrade_database
from tests.support.stacks import BotStack, start_bot_stack

WORK = PROJECT_ROOT / "var" / "bench"
RASA = str(Path(sys.executable).with_name("rasa"))
SEQUENTIAL_TURNS = 200
CONCURRENT_CONVERSATIONS = 50
LOAD_SECONDS = 30
TURNS_PER_CONVERSATION = 10


@dataclass
class LoadResult:
    turns: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def throughput(self) -> float:
        return self.turns / self.seconds


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile; 0.0 for no values (a run where nothing was answered)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def moodbot_model() -> Path:
    """A bare `rasa init` project, trained once and cached under var/bench/moodbot."""
    project = WORK / "moodbot"
    models = sorted((project / "models").glob("*.tar.gz")) if project.exists() else []
    if models:
        return models[-1]
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    print("Creating and training the `rasa init` moodbot baseline ...", flush=True)
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)], check=True,
                   cwd=project, stdout=subprocess.DEVNULL)
    return sorted((project / "models").glob("*.tar.gz"))[-1]


def moodbot_endpoints() -> Path:
    """Same tracker and lock stores as ours; no action server (the moodbot has no actions)."""
    path = WORK / "moodbot-endpoints.yml"
    path.write_text("tracker_store:\n"
                    "  type: helpdesk.rasa_plugins.tracker_store.MaskingSQLTrackerStore\n"
                    "lock_store:\n  type: helpdesk.rasa_plugins.lock_store.EnvLockStore\n")
    return path


def conversation(kind: str) -> list[tuple[str, dict | None]]:
    """(first message, metadata), (measured message, None). The moodbot's measured turn is a
    greeting: its rule/story always answers one, so every measured turn is a full turn."""
    if kind == "moodbot":
        return [("hello", None), ("hello there", None)]
    return [("hello", {"caller_number": "+15551230001"}), ("where is my order 1042", None)]


async def one_turn(client: httpx.AsyncClient, stack: BotStack, sender: str, text: str,
                   metadata: dict | None) -> float:
    """One message over REST; with METADATA (a caller ID), as the voice gateway sends it:
    Rasa's voice channel with the internal secret (the only path a caller ID is believed)."""
    body: dict = {"sender": sender, "message": text}
    channel, headers = "rest", {}
    if metadata:
        body["metadata"] = metadata
        channel, headers = "voice", {INTERNAL_SECRET_HEADER: stack.internal_secret}
    started = time.perf_counter()
    reply = await client.post(f"{stack.rasa_url}/webhooks/{channel}/webhook", json=body,
                              headers=headers)
    elapsed = time.perf_counter() - started
    if reply.status_code != 200:
        raise RuntimeError(f"bad reply {reply.status_code}: {reply.text[:200]}")
    return elapsed


async def sequential_latency(stack: BotStack, kind: str) -> list[float]:
    """Latency of the measured turn (a CRM lookup for ours), one conversation at a time."""
    timings = []
    async with httpx.AsyncClient(timeout=60) as client:
        for _ in range(SEQUENTIAL_TURNS // 10):
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            (first, meta), (measured, _) = conversation(kind)
            await one_turn(client, stack, sender, first, meta)
            for _ in range(10):
                timings.append(await one_turn(client, stack, sender, measured, None))
    return timings


async def load(stack: BotStack, kind: str) -> LoadResult:
    timings: list[float] = []
    errors = 0
    deadline = time.monotonic() + LOAD_SECONDS

    async def user(client: httpx.AsyncClient) -> None:
        """One simulated customer: conversations of TURNS_PER_CONVERSATION turns, one after
        the other, until the time is up (real chats are short; an endless one would only
        measure the tracker growing)."""
        nonlocal errors
        (first, meta), (measured, _) = conversation(kind)
        while time.monotonic() < deadline:
            sender = f"load-{uuid.uuid4().hex[:10]}"
            try:
                await one_turn(client, stack, sender, first, meta)
            except Exception:
                errors += 1
            for _ in range(TURNS_PER_CONVERSATION - 1):
                if time.monotonic() >= deadline:
                    break
                try:
                    timings.append(await one_turn(client, stack, sender, measured, None))
                except Exception:
                    errors += 1
                    await asyncio.sleep(0.1)  # do not spin on a refused connection

    limits = httpx.Limits(max_connections=CONCURRENT_CONVERSATIONS)
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        await asyncio.gather(*(user(client) for _ in range(CONCURRENT_CONVERSATIONS)))
    seconds = time.monotonic() - started
    return LoadResult(len(timings), errors, seconds, percentile(timings, 50) * 1000,
                      percentile(timings, 95) * 1000)


def resident_mb(stack: BotStack) -> float:
    total = 0
    for process in stack.processes:
        proc = psutil.Process(process.pid)
        total += sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])
    return total / 1024 / 1024


def measure_stack(kind: str, model: Path) -> dict:
    work = WORK / f"{kind}-stack"  # not WORK / "moodbot": that is the moodbot project
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    crm = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(crm)
    import_directory(PROJECT_ROOT / "demo_data", crm)
    stack = start_bot_stack(model, crm, f"sqlite:///{work / 'tracker.db'}", work,
                            with_actions=kind == "helpdesk",
                            endpoints=moodbot_endpoints() if kind == "moodbot" else None)
    try:
        asyncio.run(sequential_latency(stack, kind))  # warm-up round
        timings = asyncio.run(sequential_latency(stack, kind))
        loaded = asyncio.run(load(stack, kind))
        return {"p50_ms": statistics.median(timings) * 1000,
                "p95_ms": percentile(timings, 95) * 1000, "load": loaded,
                "rss_mb": resident_mb(stack)}
    finally:
        stack.stop()


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


def chat_section(ours: dict, mood: dict, train_s: float, cv: dict) -> list[str]:
    ratio = ours["p95_ms"] / mood["p95_ms"]
    tput_ratio = ours["load"].throughput / mood["load"].throughput
    lines = [
        "## Chat", "",
        "Baseline: a bare `rasa init` moodbot started the same way (same Rasa command, SQL "
        "tracker store), measured in the same run.", "",
        "### Chat turn latency (sequential, REST webhook)", "",
        "| bot | turn | p50 | p95 |", "|---|---|---|---|",
        f"| helpdesk | \"where is my order 1042\" (CRM lookup action) | {ours['p50_ms']:.1f} ms "
        f"| {ours['p95_ms']:.1f} ms |",
        f"| moodbot | \"hello there\" (response only) | {mood['p50_ms']:.1f} ms "
        f"| {mood['p95_ms']:.1f} ms |", "",
        f"p95 ratio helpdesk / moodbot: **{ratio:.2f}** (goal ≤ 1.25)", "",
        f"### Throughput: {CONCURRENT_CONVERSATIONS} concurrent conversations for "
        f"{LOAD_SECONDS} s", "",
        f"Each simulated customer holds conversations of {TURNS_PER_CONVERSATION} turns one "
        "after the other; throughput counts the measured turns.", "",
        "| bot | turns | turns/s | p50 | p95 | errors |", "|---|---|---|---|---|---|",
    ]
    for name, result in (("helpdesk", ours["load"]), ("moodbot", mood["load"])):
        lines.append(f"| {name} | {result.turns} | {result.throughput:.1f} | "
                     f"{result.p50_ms:.0f} ms | {result.p95_ms:.0f} ms | {result.errors} |")
    lines += [
        "", f"Throughput ratio helpdesk / moodbot: **{tput_ratio:.2f}** (goal ≥ 0.8, 0 errors)",
        "", "### Memory", "",
        f"Resident memory after the load: helpdesk stack (Rasa + action server) "
        f"**{ours['rss_mb']:.0f} MB**; moodbot (Rasa only) {mood['rss_mb']:.0f} MB.", "",
        "### NLU and training", "",
        f"- 3-fold cross-validation (`rasa test nlu --cross-validation`): intent weighted F1 "
        f"**{cv['weighted_f1']:.3f}**, macro F1 {cv['macro_f1']:.3f}.",
        f"- Training from scratch (`rasa train --force`): **{train_s:.0f} s** (goal ≤ 180 s).",
        "", "Pipeline choice: see the comment at the top of config.yml and the README.", "",
    ]
    return lines


def run() -> list[str]:
    """Measure everything of the chat side; return the RESULTS.md section."""
    WORK.mkdir(parents=True, exist_ok=True)
    ours_model = ensure_model()
    mood_model = moodbot_model()
    print("Measuring the helpdesk bot ...", flush=True)
    ours = measure_stack("helpdesk", ours_model)
    print("Measuring the moodbot baseline ...", flush=True)
    mood = measure_stack("moodbot", mood_model)
    print("Timing training from scratch ...", flush=True)
    train_s = training_seconds()
    print("NLU cross-validation ...", flush=True)
    cv = cross_validation()
    return chat_section(ours, mood, train_s, cv)
