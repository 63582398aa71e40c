"""Who a campaign phones: targets given as JSON (CONTRACT §8) or as a CSV upload, checked
one by one, and deduplicated by phone number.

A target names a `customer_id` of the CRM (its phone comes from there unless one is
given) or an E.164 `phone`, plus `vars`, the script's variables (order number, amount,
interest …). A bad target is reported by where it is (`targets[2]: …`, or
`targets.csv:5: …` like the CRM import) and never half-added. A cell a spreadsheet would
run as a formula (`=`, `@`, or `+`/`-` not followed by a digit) is refused: its text
would be spoken to a customer and exported again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import phonenumbers

from helpdesk.crm.lookups import customer_contact

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
VAR_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_VARS = 20
MAX_VAR_CHARS = 300
MAX_TARGETS = 50_000
MAX_CSV_BYTES = 20 * 1024 * 1024
FIXED_COLUMNS = ("customer_id", "phone")


@dataclass(frozen=True)
class Target:
    """One checked contact: the number to dial and what the script may say."""

    phone: str
    customer_id: str | None = None
    variables: dict[str, str] = field(default_factory=dict)


@dataclass
class TargetReport:
    """What came of a list of targets: the good ones, and each bad or duplicate one."""

    targets: list[Target] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


class TargetError(ValueError):
    status = 400


def looks_like_formula(value: str) -> bool:
    text = value.lstrip()
    if not text:
        return False
    if text[0] in "=@\t\r":
        return True
    return text[0] in "+-" and not (len(text) > 1 and (text[1].isdigit() or text[1] == "."))


def valid_phone(value: str) -> bool:
    """E.164 and a possible number for its country."""
    if not E164.match(value):
        return False
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(value))
    except phonenumbers.NumberParseException:
        return False


def _variables(raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TargetError("vars must be an object of names and values")
    if len(raw) > MAX_VARS:
        raise TargetError(f"at most {MAX_VARS} vars")
    out: dict[str, str] = {}
    for name, value in raw.items():
        if not isinstance(name, str) or not VAR_NAME.match(name):
            raise TargetError(f"var name {str(name)[:40]!r} must be lower-case letters, "
                              "digits and _")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise TargetError(f"var {name!r} must be text or a number")
        text = str(value).strip()
        if len(text) > MAX_VAR_CHARS:
            raise TargetError(f"var {name!r} is longer than {MAX_VAR_CHARS} characters")
        if looks_like_formula(text):
            raise TargetError(f"var {name!r} looks like a spreadsheet formula")
        out[name] = text
    return out


def _target(customer_id: object, phone: object, variables: object,
            find_customer: Callable[[str], tuple[str, str] | None]) -> Target:
    customer_id = (customer_id or "").strip() if isinstance(customer_id, str) else customer_id
    phone = (phone or "").strip() if isinstance(phone, str) else phone
    if customer_id is not None and not isinstance(customer_id, str):
        raise TargetError("customer_id must be text")
    if phone is not None and not isinstance(phone, str):
        raise TargetError("phone must be text")
    if not customer_id and not phone:
        raise TargetError("needs a customer_id or a phone")
    found = None
    if customer_id:
        if looks_like_formula(customer_id):
            raise TargetError("customer_id looks like a spreadsheet formula")
        found = find_customer(customer_id)
        if found is None:
            raise TargetError(f"unknown customer_id {customer_id[:64]!r}")
    number = phone or (found[0] if found else "")
    if not valid_phone(number):
        raise TargetError(f"phone {number[:32]!r} is not an E.164 number such as "
                          "+15551230001")
    return Target(number, customer_id or None, _variables(variables))


def _collect(items: Iterable[tuple[str, Callable[[], Target]]], seen: set[str]
             ) -> TargetReport:
    report = TargetReport()
    first: dict[str, str] = {}
    for where, build in items:
        try:
            target = build()
        except TargetError as exc:
            report.errors.append(f"{where}: {exc}")
            continue
        if target.phone in seen:
            earlier = first.get(target.phone)
            report.duplicates.append(f"{where}: {target.phone} is "
                                     + (f"also {earlier}" if earlier else "already a contact"))
            continue
        seen.add(target.phone)
        first[target.phone] = where
        report.targets.append(target)
    return report


def check_json_targets(raw: object, existing: set[str] | None = None,
                       find_customer: Callable[[str], tuple[str, str] | None] = customer_contact
                       ) -> TargetReport:
    """CONTRACT §8's `targets` list; EXISTING: the phones the campaign already has."""
    if not isinstance(raw, list):
        raise TargetError("targets must be a list")
    if len(raw) > MAX_TARGETS:
        raise TargetError(f"at most {MAX_TARGETS} targets at once")

    def build(item: object) -> Callable[[], Target]:
        def make() -> Target:
            if not isinstance(item, dict):
                raise TargetError("a target must be an object")
            unknown = set(item) - {"customer_id", "phone", "vars"}
            if unknown:
                raise TargetError(f"unknown fields {', '.join(sorted(map(str, unknown)))}")
            return _target(item.get("customer_id"), item.get("phone"), item.get("vars"),
                           find_customer)
        return make

    return _collect(((f"targets[{i}]", build(item)) for i, item in enumerate(raw)),
                    set(existing or ()))


def check_csv_targets(data: bytes, filename: str = "targets.csv",
                      existing: set[str] | None = None,
                      find_customer: Callable[[str], tuple[str, str] | None] = customer_contact
                      ) -> TargetReport:
    """A CSV of targets: columns `customer_id,phone` (either may be blank on a row) and any
    variable columns; errors as `FILE:LINE: reason`."""
    if len(data) > MAX_CSV_BYTES:
        raise TargetError(f"{filename}: larger than {MAX_CSV_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TargetError(f"{filename}: not UTF-8 text ({exc.reason} at byte {exc.start})"
                          ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or []]
    if not ({"customer_id", "phone"} & set(columns)):
        raise TargetError(f"{filename}:1: needs a customer_id or a phone column "
                          f"(found {', '.join(columns) or 'none'})")
    bad = [c for c in columns if c not in FIXED_COLUMNS and not VAR_NAME.match(c)]
    if bad:
        raise TargetError(f"{filename}:1: column names must be lower-case letters, digits "
                          f"and _: {', '.join(repr(c[:40]) for c in bad)}")
    reader.fieldnames = columns

    def rows() -> Iterable[tuple[str, Callable[[], Target]]]:
        for row in reader:
            where = f"{filename}:{reader.line_num}"

            def make(row: dict = row) -> Target:
                if None in row:
                    raise TargetError("more cells than columns")
                variables = {k: v for k, v in row.items()
                             if k not in FIXED_COLUMNS and v not in (None, "")}
                return _target(row.get("customer_id"), row.get("phone"), variables,
                               find_customer)
            yield where, make

    try:
        return _collect(rows(), set(existing or ()))
    except csv.Error as exc:
        raise TargetError(f"{filename}:{reader.line_num}: {exc}") from exc
