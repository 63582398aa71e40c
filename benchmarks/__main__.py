"""`make bench`: chat, NLU, voice, FAQ, handoff and campaign benchmarks, written to
benchmarks/RESULTS.md.

`python -m benchmarks [voice] [callers] [turn] [faq] [handoff] [chat] [nlu] [campaigns]`
runs only those parts and replaces their sections of RESULTS.md, keeping the others (each section
says what it measured). `chat` is the chat turns' latency and throughput (before and
after, see benchmarks/chat_bench.py); `nlu` the cross-validation and a training from
scratch; `callers` the transcription of the caller corpus per voice and phone line
(benchmarks/caller_bench.py); `turn` the end of turn, the fixed silence rule against the
Smart Turn model (benchmarks/turn_bench.py); `campaigns` the dialer's throughput and the
time from an answered outbound call to the bot's first word (benchmarks/campaign_bench.py)."""

from __future__ import annotations

import shutil
import sys

from benchmarks import (
    caller_bench,
    campaign_bench,
    chat_bench,
    faq_bench,
    handoff_bench,
    nlu_bench,
    turn_bench,
    voice_bench,
)
from benchmarks.results_file import write_sections
from helpdesk.config import PROJECT_ROOT
from helpdesk.crm.importer import import_directory
from helpdesk.ops.model_cache import ensure_model
from helpdesk.store.migrate import upgrade_database
from tests.support.stacks import start_bot_stack

PARTS = ("voice", "callers", "turn", "faq", "handoff", "chat", "nlu", "campaigns")


def stack_sections(parts: set[str]) -> list[str]:
    """The benchmarks that need a running helpdesk stack over the demo data."""
    work = chat_bench.WORK / "voice-stack"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    crm = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(crm)
    import_directory(PROJECT_ROOT / "demo_data", crm)
    stack = start_bot_stack(ensure_model(), crm, f"sqlite:///{work / 'tracker.db'}", work)
    try:
        lines = voice_bench.run(stack) if "voice" in parts else []
        lines += faq_bench.run(stack) if "faq" in parts else []
        return lines + (handoff_bench.run(stack) if "handoff" in parts else [])
    finally:
        stack.stop()


def main() -> None:
    parts = set(sys.argv[1:]) or set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {', '.join(sorted(unknown))}; use {', '.join(PARTS)}")
    if parts & {"voice", "faq", "handoff"}:
        print(write_sections(stack_sections(parts)), flush=True)  # saved before the next part
    if "callers" in parts:
        print(write_sections(caller_bench.run()), flush=True)
    if "turn" in parts:
        print(write_sections(turn_bench.run()), flush=True)
    if "chat" in parts:
        print(write_sections(chat_bench.run()), flush=True)
    if "nlu" in parts:
        print(write_sections(nlu_bench.run()), flush=True)
    if "campaigns" in parts:
        print(write_sections(campaign_bench.run()), flush=True)


if __name__ == "__main__":
    main()
