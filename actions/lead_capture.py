"""Lead capture, one question at a time: name, phone, email, interest, best time to call.

Answers already known are pre-filled and shown for confirmation: the CRM profile's name,
phone and email only for a verified customer (CONTRACT §4: a stated email or caller ID must
not read back someone's details), else the trusted caller number of a call. Each answer is
validated; the customer can change any answer before saving, or stop at any time (nothing
is saved then). On a call, a phone number heard unsurely is read back for a yes first
(state `lead_phone_confirm`, actions/heard_phones.py).
"""

from __future__ import annotations

import re
from typing import Any

from actions import heard_numbers, heard_phones
from actions.disclosure import is_verified
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.state import Awaiting, Intent, Slot, lead_step
from helpdesk.crm import lookups
from helpdesk.leads.fields import FIELDS, LABELS, QUESTIONS, check
from helpdesk.leads.store import create_lead
from helpdesk.text import yes_no
from helpdesk.text.phone_numbers import normalize_phone

CONFIRM = "confirm"  # the read-back before saving (state Awaiting.LEAD_CONFIRM)
PHONE_CONFIRM = "phone_confirm"  # a phone number heard on a call, read back (LEAD_PHONE_CONFIRM)
MAX_TRIES = 3
_STOP = re.compile(r"^\s*(stop|cancel|quit|never ?mind|forget it|no thanks,? stop|"
                   r"i don'?t want to|exit)\b", re.I)
# A yes to "Shall I save it?" (with the button's "/affirm"): these words too.
SAVE_WORDS = ("save", "save it", "confirm")
_CHANGE = re.compile(r"\b(?:change|correct|fix|edit|update)\s+(?:my\s+|the\s+)?"
                     r"(name|phone|number|email|e-mail|interest|time|best time)\b", re.I)
_CHANGE_FIELD = {"name": "name", "phone": "phone", "number": "phone", "email": "email",
                 "e-mail": "email", "interest": "interest", "time": "best_time",
                 "best time": "best_time"}


def start(turn: Turn, reason: str, preamble: str, interest: str | None = None) -> None:
    draft: dict[str, Any] = {"reason": reason, "tries": 0}
    customer_id = turn.slot(Slot.CUSTOMER_ID)
    verified = is_verified(turn)
    contact = lookups.customer_contact(customer_id) if customer_id and verified else None
    if verified and turn.slot(Slot.CUSTOMER_NAME):
        draft["name"] = turn.slot(Slot.CUSTOMER_NAME)
    if contact:
        draft["phone"], draft["email"] = contact
    elif turn.caller_number:
        phone = normalize_phone(turn.caller_number, get_settings().default_phone_region)
        if phone:
            draft["phone"] = phone
    if interest:
        draft["interest"] = interest[:500]
    _ask_next(turn, draft, preamble)


def handle(turn: Turn) -> None:
    """The customer's answer to the lead question in `awaiting`."""
    step = lead_step(turn.slot(Slot.AWAITING))
    draft = dict(turn.slot(Slot.LEAD_DRAFT) or {})
    text = turn.text.strip()
    if _STOP.match(text) or turn.intent == Intent.GOODBYE:
        _finish(turn)
        turn.say("Okay, I've stopped and saved nothing. Is there anything else I can help "
                 "you with?")
        return
    change = _CHANGE.search(text)
    if change:
        field = _CHANGE_FIELD[change.group(1).lower()]
        draft["correcting"] = True
        _ask(turn, draft, field, f"Sure. {_question(field, draft)}")
        return
    if step == CONFIRM:
        _confirm_answer(turn, draft, text)
    elif step == PHONE_CONFIRM:
        _phone_confirm_answer(turn, draft, text)
    elif step in FIELDS:
        _field_answer(turn, draft, step, text)
    else:
        _finish(turn)


def _field_answer(turn: Turn, draft: dict[str, Any], step: str, text: str) -> None:
    """The answer to the question of field STEP: taken, or asked again. On a call, a phone
    number heard unsurely is read back first (actions/heard_phones.py), and digits that make
    no whole number are read back and asked again."""
    checked = check(step, text, get_settings().default_phone_region)
    doubt = heard_phones.doubt_about_phone(turn, checked.value) if step == "phone" else None
    if doubt and doubt.kind == "unsure" and checked.value:
        turn.set(Slot.LEAD_DRAFT, draft)
        heard_phones.read_back(turn, checked.value, Awaiting.LEAD_PHONE_CONFIRM)
        return
    if checked.value is None or doubt:
        _retry(turn, draft, step, heard_phones.incomplete(doubt) if doubt else checked.problem)
        return
    draft[step] = checked.value
    draft["tries"] = 0
    _ask_next(turn, draft, "Thanks.")


def _retry(turn: Turn, draft: dict[str, Any], step: str, text: str) -> None:
    """Ask STEP again with TEXT; after MAX_TRIES misses, stop (nothing saved)."""
    draft["tries"] = draft.get("tries", 0) + 1
    if draft["tries"] >= MAX_TRIES:
        _finish(turn)
        turn.say("Sorry, I'm having trouble with that, so I've stopped here and saved "
                 "nothing. You can ask for a callback again at any time.")
        return
    _ask(turn, draft, step, text)


def _phone_confirm_answer(turn: Turn, draft: dict[str, Any], text: str) -> None:
    """The answer to the phone number read back on a call: yes takes it, no asks for it
    again (keypad offered), another number is the answer to the phone question instead."""
    phone = turn.slot(Slot.PENDING_PHONE_NUMBER)
    said = normalize_phone(text, get_settings().default_phone_region)
    if not phone or (said and said != phone):
        _field_answer(turn, draft, "phone", text)
        return
    answer = True if said == phone else heard_numbers.confirmation(turn, turn.intent)
    if answer is None:
        _retry(turn, draft, PHONE_CONFIRM, wording.VOICE_CONFIRM_PHONE_YES_OR_NO.format(
            digits=heard_phones.said_in_groups(phone)))
        return
    turn.clear(Slot.PENDING_PHONE_NUMBER)
    if answer:
        draft["phone"] = phone
        draft["tries"] = 0
        _ask_next(turn, draft, "Thanks.")
    else:
        _ask(turn, draft, "phone", wording.VOICE_PHONE_AGAIN)


def _confirm_answer(turn: Turn, draft: dict[str, Any], text: str) -> None:
    if yes_no.is_yes(text, also_yes=SAVE_WORDS) or turn.intent == Intent.AFFIRM:
        _save(turn, draft)
        return
    email = check("email", text)
    if "@" in text and email.value:
        draft["email"] = email.value
        _ask_next(turn, draft, "I've updated your email.")
        return
    phone = normalize_phone(text, get_settings().default_phone_region)
    if phone and heard_phones.doubt_about_phone(turn, phone):
        _field_answer(turn, draft, "phone", text)  # read back, or asked again, first
        return
    if phone:
        draft["phone"] = phone
        _ask_next(turn, draft, "I've updated your phone number.")
        return
    _ask(turn, draft, CONFIRM, "Please say \"yes\" to save, \"change\" and the detail to "
         "correct it (for example \"change phone\"), or \"stop\".")


def _ask_next(turn: Turn, draft: dict[str, Any], preamble: str) -> None:
    draft.pop("correcting", None)
    missing = [field for field in FIELDS if field not in draft]
    if missing:
        _ask(turn, draft, missing[0], f"{preamble} {_question(missing[0], draft)}".strip())
        return
    details = "; ".join(f"{LABELS[field]}: {draft[field] or '(none)'}" for field in FIELDS)
    _ask(turn, draft, CONFIRM, f"{preamble} Here's what I have: {details}. Shall I save it?",
         buttons=[{"title": "Yes, save it", "payload": "/affirm"},
                  {"title": "Change phone", "payload": "change phone"},
                  {"title": "Change email", "payload": "change email"},
                  {"title": "Change name", "payload": "change name"},
                  {"title": "Change interest", "payload": "change interest"},
                  {"title": "Change time", "payload": "change time"},
                  {"title": "Stop", "payload": "stop"}])


def _question(field: str, draft: dict[str, Any]) -> str:
    if field == "interest" and draft.get("reason") != "sales":
        return "What would you like us to call you about?"
    return QUESTIONS[field]


def _ask(turn: Turn, draft: dict[str, Any], step: str, text: str,
         buttons: list[dict[str, str]] | None = None) -> None:
    if step in FIELDS and draft.get("correcting"):
        draft.pop(step, None)  # asked again: the old answer no longer counts
    if step != PHONE_CONFIRM:
        _forget_phone_read_back(turn)
    turn.set(Slot.AWAITING, Awaiting.lead(step))
    turn.set(Slot.LEAD_DRAFT, draft)
    turn.say(text, buttons=buttons)


def _save(turn: Turn, draft: dict[str, Any]) -> None:
    lead = create_lead(
        name=draft["name"], phone=draft["phone"], email=draft.get("email") or "",
        interest=draft["interest"], best_time=draft["best_time"],
        reason=draft.get("reason", "sales"), source_channel=turn.channel,
        conversation_id=turn.tracker.sender_id, customer_id=turn.slot(Slot.CUSTOMER_ID))
    _finish(turn)
    turn.set(Slot.LEAD_ID, str(lead.id))
    first = lead.name.split()[0]
    turn.say(f"Thanks, {first}! I've passed this on: someone from our team will call you "
             f"on {lead.phone} ({lead.best_time}). Is there anything else I can help with?")


def _finish(turn: Turn) -> None:
    turn.clear(Slot.AWAITING)
    turn.set(Slot.LEAD_DRAFT, None)
    _forget_phone_read_back(turn)


def _forget_phone_read_back(turn: Turn) -> None:
    if turn.slot(Slot.PENDING_PHONE_NUMBER):
        turn.clear(Slot.PENDING_PHONE_NUMBER)
