"""Who is the customer: caller ID, a signed website token, or a phone number, email or
customer id stated in the message.

A stated identifier is a claim (CONTRACT §4): whether one was stated is decided from the
words alone, never from the CRM, so a claim that matches no customer goes down the same
path, with the same answers, as one that does.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

from actions.turn import Turn
from helpdesk.accounts.customer_tokens import customer_claim
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import CUSTOMER_TOKEN_KEY
from helpdesk.conversation.state import Entity, IdentifiedBy, Slot
from helpdesk.crm import lookups, pin_lockout
from helpdesk.crm.lookups import CustomerView
from helpdesk.text.phone_numbers import normalize_phone, phone_digits
from helpdesk.text.spoken_emails import spoken_email

_EMAIL = re.compile(r"[^@\s<>\"',;()]+@[^@\s<>\"',;()]+\.[A-Za-z]{2,}")
_CUSTOMER_ID_CUE = re.compile(
    r"\b(?:customer|account|client)\s*(?:id|number|no\.?|#)?\s*(?:is\s*)?[:#]?\s*([A-Za-z0-9_-]{2,64})",
    re.IGNORECASE,
)
UNPROMPTED_ID_WORDS = 5
_ID_LIKE = re.compile(r"^[A-Za-z]{1,4}-?\d{2,}$")
# Letters and digits mixed (tracking numbers such as 1Z...): never read as a phone number.
_MIXED_TOKEN = re.compile(r"\b(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,}\b")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """A stated identifier: its kind (email, phone, customer_id), its value as the lookups
    compare it, and the customer it matched (None: a claim that matches nobody)."""

    kind: str
    value: str
    customer: CustomerView | None


def find_claim(turn: Turn, expecting_identity: bool) -> Claim | None:
    """Look for an identity in the message. Whether one was stated, and its kind, depend
    on the words only; the customer is the first CRM match of the identifiers stated."""
    text = turn.text
    email = turn.entity(Entity.EMAIL) or _first(_EMAIL.findall(text))
    if turn.is_voice:  # said or spelled: "ada dot moreno at example dot com", "m o r e n o"
        email = spoken_email(text) or email
    if email:
        email = email.strip(".")
        return Claim("email", email, lookups.customer_by_email(email))
    explicit, loose = _customer_id_candidates(turn, expecting_identity)
    phone = normalize_phone(_without_mixed_tokens(turn), get_settings().default_phone_region)
    candidates = explicit + loose
    if not candidates and not phone:
        return None
    kind = "customer_id" if explicit or not phone else "phone"
    value = candidates[0] if kind == "customer_id" else phone
    for candidate in candidates:
        customer = lookups.customer_by_id(candidate)
        if customer:
            return Claim(kind, value, customer)
    return Claim(kind, value, lookups.customer_by_phone(phone) if phone else None)


def phone_claim(phone: str) -> Claim:
    """The claim of a phone number (E.164), e.g. one read back on a call and confirmed."""
    return Claim("phone", phone, lookups.customer_by_phone(phone))


def stated_phone_digits(turn: Turn) -> str | None:
    """The digits of the message meant as a phone number, whether they make one or not
    (letters-and-digits tokens such as tracking numbers left out, as for the claim)."""
    return phone_digits(_without_mixed_tokens(turn))


def _customer_id_candidates(turn: Turn, expecting_identity: bool) -> tuple[list[str], list[str]]:
    """(explicit, loose) customer ids: explicit ones come with an entity or a cue ("customer
    id ..."); loose ones are id-like words given in answer to "who are you". A customer id
    holds a digit, so "my account balance" names none."""
    explicit = []
    # The NLU's id-like word counts unprompted only in a short message ("it's K-300"): in a
    # whole question ("is k-12 education required ...") it names nobody.
    if turn.entity(Entity.CUSTOMER_ID) and (
            expecting_identity or len(turn.text.split()) <= UNPROMPTED_ID_WORDS):
        explicit.append(turn.entity(Entity.CUSTOMER_ID))
    explicit += _CUSTOMER_ID_CUE.findall(turn.text)
    explicit = [c for c in dict.fromkeys(explicit) if c and any(ch.isdigit() for ch in c)]
    loose: list[str] = []
    if expecting_identity:
        not_ids = {turn.entity(Entity.TRACKING_NUMBER), turn.entity(Entity.ORDER_NUMBER)}
        tokens = re.findall(r"[A-Za-z0-9_-]{2,64}", turn.text)
        loose = [t for t in dict.fromkeys(tokens)
                 if _ID_LIKE.match(t) and t not in not_ids and t not in explicit]
    return explicit, loose


def _without_mixed_tokens(turn: Turn) -> str:
    text = turn.text
    tracking = turn.entity(Entity.TRACKING_NUMBER)
    if tracking:
        text = text.replace(tracking, " ")
    return _MIXED_TOKEN.sub(" ", text)


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def remember_customer(turn: Turn, customer: CustomerView, how: IdentifiedBy) -> None:
    turn.set(Slot.CUSTOMER_ID, customer.customer_id)
    turn.set(Slot.CUSTOMER_NAME, customer.name)
    turn.set(Slot.CUSTOMER_TIER, customer.tier)
    turn.set(Slot.IDENTIFIED_BY, how)
    turn.set(Slot.IDENTIFY_FAILURES, 0.0)


def accept_claim(turn: Turn, claim: Claim) -> None:
    """A stated identifier: the customer when it matched one, else a claim that matches
    nobody, which gets the same answers (its order numbers are nobody's, its PINs wrong).
    Its wrong PINs count in the store under `claim_subject`, a keyed hash of the
    identifier (helpdesk/crm/pin_lockout.py), across conversations like a customer's."""
    if claim.customer is not None:
        remember_customer(turn, claim.customer, IdentifiedBy.CHAT)
        turn.clear(Slot.CLAIM_SUBJECT)
    else:
        turn.set(Slot.IDENTIFY_FAILURES, 0.0)
        turn.set(Slot.CLAIM_SUBJECT, pin_lockout.claim_subject(claim.kind, claim.value))
    turn.set(Slot.IDENTITY_CLAIMED, True)


def customer_for_caller_number(number: object) -> CustomerView | None:
    """The customer whose phone is this caller number (any common format), if any."""
    if not isinstance(number, str):
        return None
    phone = normalize_phone(number, get_settings().default_phone_region)
    return lookups.customer_by_phone(phone) if phone else None


def identify_by_caller_number(turn: Turn) -> CustomerView | None:
    """Caller ID (voice): the trusted caller number of the call (`Turn.caller_number`,
    from the voice channel only) identifies the customer."""
    if turn.slot(Slot.CUSTOMER_ID):
        return None
    customer = customer_for_caller_number(turn.caller_number)
    if customer:
        remember_customer(turn, customer, IdentifiedBy.CALLER_ID)
    return customer


def identify_by_site_token(turn: Turn) -> CustomerView | None:
    """A logged-in website customer: a valid signed `customer_token` in the message metadata
    identifies and verifies them (no PIN) until the token's expiry (`verified_until`).
    Anything else in that key is ignored."""
    claim = customer_claim(turn.metadata.get(CUSTOMER_TOKEN_KEY))
    if claim is None or claim.expires_at <= time.time():  # no clock-skew leeway for this
        return None
    if turn.slot(Slot.CUSTOMER_ID) == claim.customer_id and turn.slot(Slot.VERIFIED):
        until = turn.slot(Slot.VERIFIED_UNTIL)
        if until is not None and claim.expires_at != until:
            turn.set(Slot.VERIFIED_UNTIL, claim.expires_at)  # a newer token of the same login
        return None
    customer = lookups.customer_by_id(claim.customer_id)
    if customer is None:
        log.warning("a customer token names no known customer: ignored")
        return None
    remember_customer(turn, customer, IdentifiedBy.SITE_TOKEN)
    # CONTRACT §4: a conversation locked by wrong PINs stays locked, whatever comes next.
    if not turn.slot(Slot.VERIFICATION_LOCKED):
        turn.set(Slot.VERIFIED, True)
        turn.set(Slot.VERIFIED_UNTIL, claim.expires_at)
    return customer
