"""benchmarks/RESULTS.md: one section per benchmark, each replaced by its own run."""

from __future__ import annotations

import datetime as dt
import platform

import psutil

from helpdesk.config import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "benchmarks" / "RESULTS.md"


def header() -> list[str]:
    cpu = platform.processor() or platform.machine()
    return ["# Benchmark results", "",
            f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
            f"{cpu}, Python {platform.python_version()}) by `make bench` or `make load`. "
            "Every comparison is against a baseline measured in the same run.", ""]


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


