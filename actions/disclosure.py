"""Who may hear what (CONTRACT §4): the disclosure tier of a conversation, and how long a
verification lasts.

- Anonymous: nothing known; general answers only.
- Claimed: a stated phone number, email or customer id (matching a customer or not), or a
  trusted caller ID. The status of an order the customer names (number or tracking
  number) if it is theirs; no order lists, names, contact details or balances. Only a
  trusted caller ID may be greeted by first name.
- Verified: the right PIN in this conversation, or a valid signed website token. Order
  lists, balances, contact details.

Verification ends with the Rasa session (no slot is carried over), after
HELPDESK_VERIFIED_IDLE_S (default 900) of silence between two customer messages, at the
token's expiry for a token verification, and when a token-verified conversation gets a
message without the token (another browser, or the customer signed out).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from actions.turn import Turn
from helpdesk.accounts.customer_tokens import customer_claim
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import CUSTOMER_TOKEN_KEY
from helpdesk.conversation.state import Awaiting, IdentifiedBy, Slot

IDLE_ENV = "HELPDESK_VERIFIED_IDLE_S"  # read by helpdesk.config


class Tier(IntEnum):
    ANONYMOUS = 0
    CLAIMED = 1
    VERIFIED = 2


def tier_of(customer_id: str | None, identity_claimed: bool, verified: bool) -> Tier:
    """The tier from the conversation's facts (a pure function of the slots)."""
    if verified and customer_id:
        return Tier.VERIFIED
    if customer_id or identity_claimed:
        return Tier.CLAIMED
    return Tier.ANONYMOUS


def tier(turn: Turn) -> Tier:
    return tier_of(turn.slot(Slot.CUSTOMER_ID), bool(turn.slot(Slot.IDENTITY_CLAIMED)),
                   bool(turn.slot(Slot.VERIFIED)))


def has_identity(turn: Turn) -> bool:
    """A customer is known or claimed: the bot will not ask who they are again."""
    return tier(turn) >= Tier.CLAIMED


def is_verified(turn: Turn) -> bool:
    return tier(turn) is Tier.VERIFIED


def may_use_name(turn: Turn) -> bool:
    """The customer's name may be said: verified, or identified by a trusted caller ID.
    Never for a stated identifier (anyone can type someone else's email)."""
    return bool(turn.slot(Slot.CUSTOMER_ID)) and (
        is_verified(turn) or turn.slot(Slot.IDENTIFIED_BY) == IdentifiedBy.CALLER_ID)


def first_name(turn: Turn) -> str | None:
    """The first name to greet with, when the tier allows it."""
    name = turn.slot(Slot.CUSTOMER_NAME)
    if not may_use_name(turn) or not isinstance(name, str) or not name.split():
        return None
    return name.split()[0]


def verified_idle_s() -> float:
    """HELPDESK_VERIFIED_IDLE_S: silence after which a verification ends (default 900 s)."""
    return get_settings().verified_idle_s


def user_timestamps(events: Iterable[dict[str, Any]]) -> list[float]:
    """Timestamps of the customer's messages in the tracker, oldest first."""
    return [float(e["timestamp"]) for e in events
            if e.get("event") == "user" and isinstance(e.get("timestamp"), (int, float))]


def stale_reason(verified: bool, verified_until: float | None, has_token: bool,
                 user_times: list[float], now: float, idle_s: float) -> str | None:
    """Why a verification has ended ("token_expired", "token_missing", "idle"), or None
    when it still holds (or there is none). USER_TIMES ends with the current message."""
    if not verified:
        return None
    if verified_until is not None:
        if now >= verified_until:
            return "token_expired"
        if not has_token:
            return "token_missing"
    if len(user_times) >= 2 and user_times[-1] - user_times[-2] > idle_s:
        return "idle"
    return None


def end_stale_verification(turn: Turn, now: float | None = None) -> str | None:
    """End the conversation's verification when it has outlived its reason; returns why.
    The customer stays claimed (identified), and is asked for the PIN again when needed."""
    if not turn.slot(Slot.VERIFIED):
        return None
    until = turn.slot(Slot.VERIFIED_UNTIL)
    token = customer_claim(turn.metadata.get(CUSTOMER_TOKEN_KEY)) if until is not None else None
    reason = stale_reason(
        True, float(until) if isinstance(until, (int, float)) else None,
        token is not None and token.customer_id == turn.slot(Slot.CUSTOMER_ID),
        user_timestamps(turn.tracker.events), time.time() if now is None else now,
        verified_idle_s())
    if reason is None:
        return None
    turn.set(Slot.VERIFIED, False)
    turn.clear(Slot.VERIFIED_UNTIL, Slot.ORDER_CHOICES)
    if turn.slot(Slot.AWAITING) == Awaiting.ORDER_CHOICE:
        turn.set(Slot.AWAITING, None)
    return reason
