"""`helpdesk import DIR`: validate and upsert the CRM CSV files of CONTRACT §3.

Every row is validated before anything is written; a bad row is reported as
`file:line: reason` and skipped whole, good rows are upserted by id in one transaction,
so importing the same files twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.crm import csv_rows
from helpdesk.crm.models import Account, Customer, Order, Shipment
from helpdesk.crm.pins import hash_pin, pin_matches
from helpdesk.store.base import Base
from helpdesk.store.database import session_scope


@dataclass(frozen=True)
class CsvTable:
    """One file of the import: its name, columns, row parser and target model."""

    filename: str
    columns: tuple[str, ...]
    parse: csv_rows.RowParser
    model: type[Base]
    key: str


TABLES: tuple[CsvTable, ...] = (
    CsvTable("customers.csv", ("customer_id", "name", "phone", "email", "tier", "pin", "language"),
             csv_rows.customer, Customer, "customer_id"),
    CsvTable("orders.csv", ("order_id", "customer_id", "placed_at", "status", "total", "currency",
                            "items"), csv_rows.order, Order, "order_id"),
    CsvTable("shipments.csv", ("tracking_number", "order_id", "carrier", "status",
                               "last_location", "eta", "updated_at"),
             csv_rows.shipment, Shipment, "tracking_number"),
    CsvTable("accounts.csv", ("account_id", "customer_id", "kind", "balance", "currency", "as_of"),
             csv_rows.account, Account, "account_id"),
)

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    filename: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.reason}"


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    counts: dict[str, TableCounts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_directory(directory: Path, db_url: str | None = None) -> ImportReport:
    """Import whichever of the four CSV files exist in `directory`."""
    report = ImportReport()
    present = [t for t in TABLES if (directory / t.filename).is_file()]
    if not present:
        names = ", ".join(t.filename for t in TABLES)
        report.errors.append(RowError(str(directory), 0, f"none of {names} found"))
        return report
    with session_scope(db_url) as session:
        for table in present:
            counts = report.counts.setdefault(table.filename, TableCounts())
            for line, values in _valid_rows(directory / table.filename, table, report, session):
                try:
                    outcome = _upsert(session, table, values)
                except csv_rows.RowInvalid as exc:
                    report.errors.append(RowError(table.filename, line, str(exc)))
                    counts.rejected += 1
                    continue
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            session.flush()
    return report


def _read_text(path: Path) -> str:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise csv_rows.RowInvalid(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise csv_rows.RowInvalid(f"line {line} is not valid UTF-8") from exc


def _valid_rows(
    path: Path, table: CsvTable, report: ImportReport, session: Session
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line, parsed values) of the rows that pass validation; record the others."""
    counts = report.counts[table.filename]
    try:
        text = _read_text(path)
    except csv_rows.RowInvalid as exc:
        report.errors.append(RowError(table.filename, 0, str(exc)))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:  # e.g. a NUL byte in the header line
        report.errors.append(RowError(table.filename, 1, f"malformed CSV header: {exc}"))
        return
    missing = [c for c in table.columns if c not in header]
    if missing:
        reason = f"header lacks column(s) {', '.join(missing)}; expected {','.join(table.columns)}"
        report.errors.append(RowError(table.filename, 1, reason))
        return
    reader.fieldnames = header
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.errors.append(RowError(table.filename, reader.line_num, f"malformed CSV: {exc}"))
            counts.rejected += 1
            return
        line = reader.line_num
        if None in row or any(row[c] is None for c in table.columns):
            report.errors.append(RowError(
                table.filename, line, f"expected {len(header)} fields, got a different number"))
            counts.rejected += 1
            continue
        try:
            values = table.parse(row)
            key = values[table.key]
            if key in seen:
                raise csv_rows.RowInvalid(
                    f"duplicate {table.key} {key!r} (first on line {seen[key]})")
            _check_references(session, table, values)
        except csv_rows.RowInvalid as exc:
            report.errors.append(RowError(table.filename, line, str(exc)))
            counts.rejected += 1
            continue
        seen[key] = line
        yield line, values


def _check_references(session: Session, table: CsvTable, values: dict[str, Any]) -> None:
    if table.model in (Order, Account) and session.get(Customer, values["customer_id"]) is None:
        raise csv_rows.RowInvalid(f"customer_id {values['customer_id']!r} does not exist")
    if table.model is Shipment and session.get(Order, values["order_id"]) is None:
        raise csv_rows.RowInvalid(f"order_id {values['order_id']!r} does not exist")
    if table.model is Customer:
        for column in ("phone", "email"):
            holder = session.scalar(
                select(Customer.customer_id).where(getattr(Customer, column) == values[column])
            )
            if holder is not None and holder != values["customer_id"]:
                raise csv_rows.RowInvalid(f"{column} is already used by customer {holder}")


def _upsert(session: Session, table: CsvTable, values: dict[str, Any]) -> str:
    """Insert or update one row; returns 'inserted', 'updated' or 'unchanged'."""
    values = dict(values)
    existing = session.get(table.model, values[table.key])
    if table.model is Customer:
        pin = values.pop("pin")
        if existing is not None and pin_matches(existing.pin_hash, pin):
            values["pin_hash"] = existing.pin_hash
        else:
            values["pin_hash"] = hash_pin(pin)
    if existing is None:
        session.add(table.model(**values))
        session.flush()
        return "inserted"
    changed = False
    for name, value in values.items():
        if _normalised(getattr(existing, name)) != _normalised(value):
            setattr(existing, name, value)
            changed = True
    if changed:
        session.flush()
    return "updated" if changed else "unchanged"


def _normalised(value: Any) -> Any:
    """Compare datetimes without the timezone SQLite drops on the way back."""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value
