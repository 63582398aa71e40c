"""Who is the customer: caller ID, or a phone number, email or customer id in the message."""

from __future__ import annotations

import logging
import re

from crm import lookups
from crm.lookups import CustomerView
from helpdesk.customer_tokens import customer_id_from_token
from helpdesk.phone_numbers import normalize_phone
from helpdesk.settings import get_settings

from .turn import Turn

_EMAIL = re.compile(r"[^@\s<>\"',;()]+@[^@\s<>\"',;()]+\.[A-Za-z]{2,}")
_CUSTOMER_ID_CUE = re.compile(
    r"\b(?:customer|account|client)\s*(?:id|number|no\.?|#)?\s*(?:is\s*)?[:#]?\s*([A-Za-z0-9_-]{2,64})",
    re.IGNORECASE,
)
_ID_LIKE = re.compile(r"^[A-Za-z]{1,4}-?\d{2,}$")

log = logging.getLogger(__name__)

IDENTITY_KINDS = {"email": "email address", "phone": "phone number", "customer_id": "customer ID"}


def find_customer(turn: Turn, expecting_identity: bool) -> tuple[CustomerView | None, str | None]:
    """Look for an identity in the message: (customer or None, the kind of value tried)."""
    text = turn.text
    email = turn.entity("email") or _first(_EMAIL.findall(text))
    if email:
        return lookups.customer_by_email(email.strip(".")), "email"
    for candidate in _customer_id_candidates(turn, expecting_identity):
        customer = lookups.customer_by_id(candidate)
        if customer:
            return customer, "customer_id"
    phone = normalize_phone(text, get_settings().default_phone_region)
    if phone:
        return lookups.customer_by_phone(phone), "phone"
    if turn.entity("customer_id") or _CUSTOMER_ID_CUE.search(text):
        return None, "customer_id"
    return None, None


def _customer_id_candidates(turn: Turn, expecting_identity: bool) -> list[str]:
    candidates = []
    if turn.entity("customer_id"):
        candidates.append(turn.entity("customer_id"))
    candidates += _CUSTOMER_ID_CUE.findall(turn.text)
    tokens = re.findall(r"[A-Za-z0-9_-]{2,64}", turn.text)
    candidates += [t for t in tokens if _ID_LIKE.match(t)]
    if expecting_identity and len(tokens) == 1:
        candidates.append(tokens[0])
    return [c for c in dict.fromkeys(candidates) if c]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def remember_customer(turn: Turn, customer: CustomerView, how: str) -> None:
    turn.set("customer_id", customer.customer_id)
    turn.set("customer_name", customer.name)
    turn.set("customer_tier", customer.tier)
    turn.set("identified_by", how)
    turn.set("identify_failures", 0.0)


def customer_for_caller_number(number: object) -> CustomerView | None:
    """The customer whose phone is this caller number (any common format), if any."""
    if not isinstance(number, str):
        return None
    phone = normalize_phone(number, get_settings().default_phone_region)
    return lookups.customer_by_phone(phone) if phone else None


def identify_by_caller_number(turn: Turn) -> CustomerView | None:
    """Caller ID (voice): `caller_number` metadata on the message identifies the customer."""
    if turn.slot("customer_id"):
        return None
    customer = customer_for_caller_number(turn.metadata.get("caller_number"))
    if customer:
        remember_customer(turn, customer, "caller_id")
    return customer


def identify_by_site_token(turn: Turn) -> CustomerView | None:
    """A logged-in website customer: a valid signed `customer_token` in the message metadata
    identifies and verifies them (no PIN). Anything else in that key is ignored."""
    token = turn.metadata.get("customer_token")
    if not token:
        return None
    customer_id = customer_id_from_token(token)
    if customer_id is None:
        return None
    if turn.slot("customer_id") == customer_id and turn.slot("verified"):
        return None
    customer = lookups.customer_by_id(customer_id)
    if customer is None:
        log.warning("a customer token names no known customer: ignored")
        return None
    remember_customer(turn, customer, "site_token")
    # CONTRACT §4: a conversation locked by wrong PINs stays locked, whatever comes next.
    if not turn.slot("verification_locked"):
        turn.set("verified", True)
    return customer
