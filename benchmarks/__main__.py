"""`make bench`: chat and voice benchmarks in one run, written to benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import platform
import shutil

import psutil

from benchmarks import chat_bench, voice_bench
from crm.importer import import_directory
from crm.migrate import upgrade_database
from helpdesk.local_stack import start_bot_stack
from helpdesk.model_cache import ensure_model
from helpdesk.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "RESULTS.md"


def header() -> list[str]:
    cpu = platform.processor() or platform.machine()
    return ["# Benchmark results", "",
            f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
            f"{cpu}, Python {platform.python_version()}) by `make bench`. Every comparison is "
            "against a baseline measured in the same run.", ""]


def voice_lines() -> list[str]:
    work = chat_bench.WORK / "voice-stack"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    crm = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(crm)
    import_directory(PROJECT_ROOT / "demo_data", crm)
    stack = start_bot_stack(ensure_model(), crm, f"sqlite:///{work / 'tracker.db'}", work)
    try:
        return voice_bench.run(stack)
    finally:
        stack.stop()


def main() -> None:
    sections = voice_lines() + chat_bench.run()
    text = "\n".join(header() + sections)
    RESULTS.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
