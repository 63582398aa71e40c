"""Phone numbers stated on a call, checked before the bot uses them: as who the caller is
(actions/journeys.py) and as the lead form's callback number (actions/lead_capture.py).

Speech-to-text mishears digits, and a misheard phone number would claim whoever has it or
leave a callback nobody answers. So on a call a number heard unsurely (speech-to-text's
confidence, `stt_confidence`, below `stt_min_confidence`) is read back in its groups
("That's five five five, one two three, zero zero zero one, is that right?") and waits in
a read-back state (`phone_number_confirm`, `lead_phone_confirm`) with the number in
`pending_phone_number`: "yes" goes on with it, "no" asks again with the keypad offered; no
identity is claimed before the yes. Digits that make no whole number are read back as
heard and asked again. A keyed number (no confidence) and chat are taken as given.
"""

from __future__ import annotations

from actions.heard_numbers import stt_confidence
from actions.identification import Claim, stated_phone_digits
from actions.turn import Turn
from helpdesk import wording
from helpdesk.config import get_settings
from helpdesk.conversation.state import Awaiting, Slot
from helpdesk.text.heard_digits import Doubt, in_groups, phone_number_doubt, say_digit_groups
from helpdesk.text.phone_numbers import digit_groups, is_whole

READ_BACK_STATES = (Awaiting.PHONE_NUMBER_CONFIRM, Awaiting.LEAD_PHONE_CONFIRM)


def doubt_about_phone(turn: Turn, phone: str | None) -> Doubt | None:
    """Why the phone number stated in this message of a call (PHONE, as normalised; None:
    its digits make none) is not to be used as heard, or None: use it (sure, keyed, chat,
    the number just read back, or no digits meant as a phone number at all)."""
    if not turn.is_voice or confirming(turn, phone):
        return None
    settings = get_settings()
    whole = phone is not None and is_whole(phone, settings.default_phone_region)
    return phone_number_doubt(phone, stated_phone_digits(turn), whole, stt_confidence(turn),
                              settings.stt_min_confidence)


def doubt_about_claim(turn: Turn, claim: Claim | None) -> Doubt | None:
    """The doubt about who the caller says they are: only a phone number can be in doubt
    (an email or a customer id never is), or digits meant as one when nothing was claimed."""
    if claim is not None and claim.kind != "phone":
        return None
    return doubt_about_phone(turn, claim.value if claim else None)


def confirming(turn: Turn, phone: str | None) -> bool:
    """PHONE is the number just read back: this message confirms it ("yes, 555 987 0100"
    heard unsurely again is not read back a second time)."""
    return (phone is not None and turn.slot(Slot.AWAITING) in READ_BACK_STATES
            and turn.slot(Slot.PENDING_PHONE_NUMBER) == phone)


def said_in_groups(phone: str) -> str:
    """'+15551230001' -> 'five five five, one two three, zero zero zero one'."""
    return say_digit_groups(digit_groups(phone, get_settings().default_phone_region))


def read_back(turn: Turn, phone: str, awaiting: Awaiting) -> None:
    """Read PHONE back and wait in AWAITING (a read-back state) for a yes or a no."""
    turn.set(Slot.PENDING_PHONE_NUMBER, phone)
    turn.set(Slot.AWAITING, awaiting)
    turn.say(wording.VOICE_CONFIRM_PHONE.format(digits=said_in_groups(phone)))


def incomplete(doubt: Doubt) -> str:
    """What the bot says to digits that make no whole phone number: them, and ask again."""
    return wording.VOICE_PHONE_INCOMPLETE.format(digits=say_digit_groups(in_groups(doubt.heard)))
