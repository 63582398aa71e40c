"""CSV exports a spreadsheet opens safely: a cell it would run as a formula is quoted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """VALUE as text, with a leading ' when a spreadsheet would run it as a formula (a
    phone number such as +15551230001 stays as it is)."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS and not (text.startswith("+") and text[1:].isdigit()):
        return "'" + text
    return text


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header and ROWS, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
