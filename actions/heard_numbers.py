"""Numbers heard on a call, checked before the bot uses them (helpdesk.text.heard_digits):
an order number in doubt is read back digit by digit for a yes or a no, one of the wrong
length is asked again with the keypad offered, and a PIN heard unsurely is asked again
without being used (phone numbers: actions/heard_phones.py), so a mishearing never answers
about another order or counts as a wrong PIN. Chat is untouched: typed digits are what the
customer meant. At the end of each turn on a call, the voice gateway is told what the open
question is answered with (`listen_for_the_answer`).

The read-back waits in `awaiting` = "order_number_confirm" with the number in
`pending_order_number`; "yes" goes on with it, "no" asks again (`confirmation` reads the
answer to any read-back, helpdesk.text.yes_no).
"""

from __future__ import annotations

from actions.disclosure import is_verified
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import STT_CONFIDENCE_KEY, expect_speech
from helpdesk.conversation.state import Awaiting, IdentifiedBy, Intent, Slot
from helpdesk.crm import lookups
from helpdesk.privacy.pii import without_cards
from helpdesk.text import yes_no
from helpdesk.text.heard_digits import (
    PIN_LENGTHS,
    Doubt,
    order_number_doubt,
    pin_in_doubt,
    say_digits,
)
from helpdesk.text.phone_numbers import national_length
from helpdesk.text.spoken_numbers import digit_strings

# Digit strings that may be order numbers (as helpdesk.text.spoken_numbers picks them).
ORDER_DIGITS = range(3, 10)
LENGTH_WORDS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
YES_NO = ["yes", "no"]
# The states of a number read back on a call, answered with a yes or a no.
READ_BACKS = (Awaiting.ORDER_NUMBER_CONFIRM, Awaiting.PHONE_NUMBER_CONFIRM,
              Awaiting.LEAD_PHONE_CONFIRM)
MAX_EXPECTED = 10  # order numbers handed to speech-to-text (the gateway bounds it too)


def stt_confidence(turn: Turn) -> float | None:
    """Speech-to-text's confidence in this message: from the voice gateway's metadata on a
    call (None for keyed or typed messages, and on chat, where a client could send any)."""
    if not turn.is_voice:
        return None
    value = turn.metadata.get(STT_CONFIDENCE_KEY)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def may_use_own_orders(turn: Turn) -> bool:
    """A heard number may be compared with the caller's own orders: a verified caller or a
    trusted caller ID (for a stated identity it would tell which numbers exist)."""
    return bool(turn.slot(Slot.CUSTOMER_ID)) and (
        is_verified(turn) or turn.slot(Slot.IDENTIFIED_BY) == IdentifiedBy.CALLER_ID)


def heard_digits(turn: Turn, number: str) -> str | None:
    """The digits of this message that NUMBER was taken from (the number itself, or the
    one it was matched from); None when it was not heard in this message (a pending number
    from earlier, a button's payload)."""
    heard = [d for d in digit_strings(without_cards(turn.text)) if len(d) in ORDER_DIGITS]
    if number in heard:
        return number
    return max(heard, key=len) if heard else None


def doubt_about_order(turn: Turn, number: str) -> Doubt | None:
    """Why order NUMBER, heard in this message of a call, should be read back, or None.
    A message that answered the PIN question holds the PIN, not the order (the pending
    order was named before, or by the campaign that called)."""
    if not turn.is_voice or confirming(turn, number):
        return None
    if turn.tracker.get_slot(Slot.AWAITING) == Awaiting.PIN:
        return None
    heard = heard_digits(turn, number)
    if heard is None:
        return None
    known = lookups.order_ids(turn.slot(Slot.CUSTOMER_ID)) if may_use_own_orders(turn) else None
    return order_number_doubt(number, heard, stt_confidence(turn),
                              get_settings().stt_min_confidence, lookups.order_number_lengths(),
                              known)


def confirming(turn: Turn, number: str) -> bool:
    """NUMBER is the one just read back: this message's yes confirms it ("yes, 5001" heard
    unsurely again is not read back a second time)."""
    return (turn.slot(Slot.AWAITING) == Awaiting.ORDER_NUMBER_CONFIRM
            and turn.slot(Slot.PENDING_ORDER_NUMBER) == number)


def read_back_if_in_doubt(turn: Turn, number: str) -> bool:
    """On a call, read order NUMBER back (or ask again) when it is in doubt; True when the
    bot did, and the request waits for the answer."""
    doubt = doubt_about_order(turn, number)
    if doubt is None:
        return False
    if doubt.kind == "length":
        turn.set(Slot.AWAITING, Awaiting.ORDER_NUMBER)
        turn.say(wording.VOICE_ORDER_WRONG_LENGTH.format(
            digits=say_digits(doubt.heard), length=_lengths_in_words()))
        return True
    turn.set(Slot.PENDING_ORDER_NUMBER, number)
    turn.set(Slot.AWAITING, Awaiting.ORDER_NUMBER_CONFIRM)
    text = (wording.VOICE_CONFIRM_MATCHED_ORDER if doubt.kind == "changed"
            else wording.VOICE_CONFIRM_ORDER)
    turn.say(text.format(digits=say_digits(number)))
    return True


def _lengths_in_words() -> str:
    lengths = sorted(lookups.order_number_lengths())
    words = [LENGTH_WORDS.get(n, str(n)) for n in lengths]
    return " or ".join(words) if words else "more"


def own_order_numbers(turn: Turn) -> list[str]:
    """The caller's own order numbers, newest first, where the bot may use them (else none)."""
    if not may_use_own_orders(turn):
        return []
    return sorted(lookups.order_ids(turn.slot(Slot.CUSTOMER_ID)), reverse=True)[:MAX_EXPECTED]


def expect_own_orders(turn: Turn) -> None:
    """On a call of a known caller, listen for their order numbers and digits (after the
    greeting: "where is order 5001" is the commonest first question; the order numbers
    without the digits were heard worse: "five zero zero one" as "5000, 01")."""
    own = own_order_numbers(turn) if turn.is_voice else []
    if own:
        turn.control(expect_speech(own, digits=True, min_digits=min(map(len, own))))


def shortest_order_number() -> int | None:
    """The fewest digits an order number of the CRM has (None: no orders)."""
    lengths = lookups.order_number_lengths()
    return min(lengths) if lengths else None


def listen_for_the_answer(turn: Turn) -> None:
    """At the end of a turn on a call, tell speech-to-text what the question the bot left
    open is answered with (the `awaiting` slot): a PIN's digits, an order number (and the
    caller's own ones), a yes or no to a read-back, an email or a phone number."""
    if not turn.is_voice:
        return
    awaiting = turn.slot(Slot.AWAITING)
    draft = turn.slot(Slot.CHANGE_DRAFT)
    contact = draft.get("kind") if isinstance(draft, dict) else None
    if awaiting == Awaiting.PIN:
        turn.control(expect_speech([], digits=True, min_digits=min(PIN_LENGTHS)))
    elif awaiting == Awaiting.ORDER_NUMBER:
        turn.control(expect_speech(own_order_numbers(turn), digits=True,
                                   min_digits=shortest_order_number()))
    elif awaiting in READ_BACKS:
        turn.control(expect_speech(YES_NO))
    elif awaiting == Awaiting.IDENTITY:  # a phone number, mostly (else an email, an ID)
        turn.control(expect_speech([], digits=True, email=True, min_digits=phone_length()))
    elif awaiting == Awaiting.LEAD_EMAIL or (
            awaiting == Awaiting.NEW_CONTACT and contact == "email"):
        turn.control(expect_speech([], email=True))
    elif awaiting == Awaiting.LEAD_PHONE or (
            awaiting == Awaiting.NEW_CONTACT and contact == "phone"):
        turn.control(expect_speech([], digits=True, min_digits=phone_length()))


def phone_length() -> int:
    """The digits of a phone number said without its country code, in the default region."""
    return national_length(get_settings().default_phone_region)


def confirmation(turn: Turn, intent: str | None) -> bool | None:
    """The answer to a read-back (of an order or a phone number): True (yes), False (no),
    None (neither). On a call, Whisper's lone "0" or "Oh." for "No." is a no."""
    if intent == Intent.AFFIRM or yes_no.is_yes(turn.text):
        return True
    if intent == Intent.DENY or yes_no.is_no(turn.text, spoken=turn.is_voice):
        return False
    return None


def spoken_pin_in_doubt(turn: Turn, pin: str) -> bool:
    """On a call, a PIN not to check: heard unsurely (a keyed PIN is always checked). The
    caller is asked again, with the keypad offered; no attempt is counted."""
    if not turn.is_voice or not pin_in_doubt(pin, stt_confidence(turn),
                                             get_settings().stt_min_confidence):
        return False
    turn.set(Slot.AWAITING, Awaiting.PIN)
    turn.say(wording.VOICE_PIN_UNSURE)
    return True
