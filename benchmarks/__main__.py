"""`make bench`: chat, voice and FAQ benchmarks, written to benchmarks/RESULTS.md.

`python -m benchmarks [voice] [faq] [handoff] [chat]` runs only those parts and replaces their
sections of RESULTS.md, keeping the others (each section says what it measured)."""

from __future__ import annotations

import datetime as dt
import platform
import shutil
import sys

import psutil

from benchmarks import chat_bench, faq_bench, handoff_bench, voice_bench
from crm.importer import import_directory
from crm.migrate import upgrade_database
from helpdesk.local_stack import start_bot_stack
from helpdesk.model_cache import ensure_model
from helpdesk.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "RESULTS.md"
PARTS = ("voice", "faq", "handoff", "chat")


def header() -> list[str]:
    cpu = platform.processor() or platform.machine()
    return ["# Benchmark results", "",
            f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
            f"{cpu}, Python {platform.python_version()}) by `make bench`. Every comparison is "
            "against a baseline measured in the same run.", ""]


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


def split_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line
            sections[current] = []
        if current:
            sections[current].append(line)
    return sections


def write_sections(new: list[str]) -> str:
    """Replace the sections of RESULTS.md that `new` holds; keep the others."""
    sections = split_sections(RESULTS.read_text()) if RESULTS.exists() else {}
    stamp = f"_Measured {dt.datetime.now():%Y-%m-%d %H:%M}._"
    for title, lines in split_sections("\n".join(new)).items():
        sections[title] = [lines[0], "", stamp, *lines[1:]]
    body = [line for section in sections.values() for line in section]
    text = "\n".join(header() + body) + "\n"
    RESULTS.write_text(text)
    return text


def main() -> None:
    parts = set(sys.argv[1:]) or set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(f"unknown part(s) {', '.join(sorted(unknown))}; use {', '.join(PARTS)}")
    if parts & {"voice", "faq", "handoff"}:
        print(write_sections(stack_sections(parts)), flush=True)  # saved before the next part
    if "chat" in parts:
        print(write_sections(chat_bench.run()), flush=True)


if __name__ == "__main__":
    main()
