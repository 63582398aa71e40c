"""Validation of CRM CSV rows (CONTRACT §3): each field parsed, or a reason why not."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from helpdesk.crm.models import CUSTOMER_TIERS, ORDER_STATUSES, SHIPMENT_STATUSES


class RowInvalid(ValueError):
    """A row that must not be written; the message is the reason shown to the operator."""


# [0-9], not \d: \d also matches other scripts' digits ("١٢٣٤"), which no caller ID or
# typed PIN ever equals. Lengths as the columns allow (email 320, language 35).
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_EMAIL = re.compile(r"^(?=.{3,254}$)[^@\s\x00-\x1f,;<>\"']+@[^@\s\x00-\x1f,;<>\"']+"
                    r"\.[A-Za-z]{2,}$")
_PIN = re.compile(r"^[0-9]{4,6}$")
_BCP47 = re.compile(r"^(?=.{2,35}$)[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_UNIT = re.compile(r"^[A-Za-z]{2,16}$")
_KIND = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def _text(value: str, field: str, max_len: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise RowInvalid(f"{field} is empty")
    if len(value) > max_len:
        raise RowInvalid(f"{field} is longer than {max_len} characters")
    if any(ord(ch) < 32 for ch in value):
        raise RowInvalid(f"{field} contains control characters")
    return value


def _match(value: str, field: str, pattern: re.Pattern[str], hint: str) -> str:
    value = (value or "").strip()
    if not pattern.match(value):
        raise RowInvalid(f"{field} {value!r} is not {hint}")
    return value


def _one_of(value: str, field: str, allowed: tuple[str, ...]) -> str:
    value = (value or "").strip().lower()
    if value not in allowed:
        raise RowInvalid(f"{field} {value!r} is not one of {', '.join(allowed)}")
    return value


def _date(value: str, field: str, required: bool = True) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise RowInvalid(f"{field} is empty")
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if "T" in value else dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RowInvalid(f"{field} {value!r} is not an ISO-8601 date (YYYY-MM-DD)") from exc


def _timestamp(value: str, field: str) -> dt.datetime:
    value = (value or "").strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise RowInvalid(f"{field} {value!r} is not an ISO-8601 timestamp") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    try:
        return parsed.astimezone(dt.timezone.utc)
    except OverflowError as exc:  # 0001-01-01T00:00:00+01:00 is before year 1 in UTC
        raise RowInvalid(f"{field} {value!r} is out of range") from exc


def _decimal(value: str, field: str, allow_negative: bool) -> Decimal:
    value = (value or "").strip()
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise RowInvalid(f"{field} {value!r} is not a decimal number") from exc
    if not number.is_finite():
        raise RowInvalid(f"{field} {value!r} is not a finite number")
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RowInvalid(f"{field} {value!r} has more than two decimal places")
    if not allow_negative and number < 0:
        raise RowInvalid(f"{field} {value!r} is negative")
    if abs(number) >= Decimal(10) ** 12:
        raise RowInvalid(f"{field} {value!r} is too large")
    return number


def customer(row: dict[str, str]) -> dict[str, Any]:
    return {
        "customer_id": _match(row["customer_id"], "customer_id", _ID, "a valid id"),
        "name": _text(row["name"], "name", 200),
        "phone": _match(row["phone"], "phone", _E164, "in E.164 form (e.g. +15551230001)"),
        "email": _match(row["email"], "email", _EMAIL, "an email address").lower(),
        "tier": _one_of(row["tier"], "tier", CUSTOMER_TIERS),
        "pin": _match(row["pin"], "pin", _PIN, "4 to 6 digits"),
        "language": _match(row["language"], "language", _BCP47, "a BCP-47 language tag"),
    }


def order(row: dict[str, str]) -> dict[str, Any]:
    return {
        "order_id": _match(row["order_id"], "order_id", _ID, "a valid id"),
        "customer_id": _match(row["customer_id"], "customer_id", _ID, "a valid id"),
        "placed_at": _date(row["placed_at"], "placed_at"),
        "status": _one_of(row["status"], "status", ORDER_STATUSES),
        "total": _decimal(row["total"], "total", allow_negative=False),
        "currency": _match(row["currency"].upper(), "currency", _CURRENCY,
                           "a 3-letter ISO 4217 code"),
        "items": _text(row["items"], "items", 2000, required=False),
    }


def shipment(row: dict[str, str]) -> dict[str, Any]:
    return {
        "tracking_number": _match(row["tracking_number"], "tracking_number", _ID, "a valid id"),
        "order_id": _match(row["order_id"], "order_id", _ID, "a valid id"),
        "carrier": _text(row["carrier"], "carrier", 64),
        "status": _one_of(row["status"], "status", SHIPMENT_STATUSES),
        "last_location": _text(row["last_location"], "last_location", 200, required=False),
        "eta": _date(row["eta"], "eta", required=False),
        "updated_at": _timestamp(row["updated_at"], "updated_at"),
    }


def account(row: dict[str, str]) -> dict[str, Any]:
    currency = (row["currency"] or "").strip()
    if not (_CURRENCY.match(currency) or _UNIT.match(currency)):
        raise RowInvalid(f"currency {currency!r} is not a currency code or unit")
    return {
        "account_id": _match(row["account_id"], "account_id", _ID, "a valid id"),
        "customer_id": _match(row["customer_id"], "customer_id", _ID, "a valid id"),
        "kind": _match(row["kind"].strip().lower(), "kind", _KIND,
                       "an account kind such as store_credit, prepaid, loyalty_points"),
        "balance": _decimal(row["balance"], "balance", allow_negative=True),
        "currency": currency,
        "as_of": _date(row["as_of"], "as_of"),
    }


RowParser = Callable[[dict[str, str]], dict[str, Any]]
