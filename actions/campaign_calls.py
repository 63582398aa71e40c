"""Outbound campaign calls (helpdesk.campaigns): the bot's side of a call the dialer placed.

The gateway starts the call's conversation with "/outbound_call" and the call's attempt id
in the voice metadata (from a Twilio-signed webhook only). Every call says who calls and
why first, then follows its purpose:

- notification: what it is about in general terms; the details (the order's status) after
  the PIN, CONTRACT §4: whoever answers is not verified by having answered;
- reminder: the same for a balance (store credit, points), or for an appointment when the
  contact's variables hold one (`appointment`, e.g. "Tuesday 8 December at 10:00 at the
  Denver store"): read out after the PIN only;
- survey: one to three questions, each a 1-5 rating said or keyed, stored with the
  contact's answers and as the conversation's CSAT;
- lead_callback: "are you still interested?": yes hands over to a person (a warm
  transfer), no closes the lead.

Asking for a person (or key 0) at a question hands the call over too.

Whatever was asked, "stop calling me" (or key 9) puts the number on the do-not-call list
at once and ends the call politely; "wrong number" apologises, keeps the number from
being called again and ends the call; "who is this?" says who calls and why again; "call
me back later" ("not a good time") asks when, and the answer becomes a callback lead for a
colleague (its best time to call) and the call ends. What
the dialogue decides and collects goes to the attempt (helpdesk.campaigns.attempts), the
outcome settled by Twilio's final status callback.
"""

from __future__ import annotations

import logging

from actions import journeys
from actions.disclosure import first_name
from actions.turn import Turn
from helpdesk.campaigns import attempts
from helpdesk.campaigns.attempts import CallContext
from helpdesk.campaigns.store import add_do_not_call
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import KEYPAD_KEY, OUTBOUND_ATTEMPT_KEY, hang_up
from helpdesk.conversation.state import (
    Awaiting,
    Intent,
    PendingRequest,
    Slot,
    is_lead_step,
    names_a_person,
)
from helpdesk.leads.store import LeadError, create_lead, update_lead
from helpdesk.text import yes_no
from helpdesk.text.callee_says import (
    OPT_OUT_KEY,
    asks_for_a_later_call,
    asks_not_to_be_called,
    asks_who_is_calling,
    says_wrong_number,
)
from helpdesk.text.ratings import is_decline, spoken_rating

log = logging.getLogger(__name__)

DEFAULT_QUESTIONS = ("On a scale of 1 to 5, how happy were you with your recent order?",)
RATING_HINT = "Say or press a number from 1, poor, to 5, excellent."
OPT_OUT_HINT = "To talk to a person, press 0. To stop these calls, press 9 or say stop calling."
PERSON_KEY = "0"
# Why a campaign calls, after "this is <business>," (a campaign's script.about instead).
ABOUT = {"notification": "calling with an update about your order",
         "reminder": "calling with a reminder about your account",
         "survey": "calling to ask how your recent order went",
         "lead_callback": "returning your call"}
GOODBYE_OPTED_OUT = ("I've taken this number off our call list, and we won't call it again. "
                     "Sorry to have disturbed you. Goodbye.")
GOODBYE_WRONG_NUMBER = ("I'm sorry for the trouble. We won't call this number again. "
                        "Goodbye.")
MAX_REPROMPTS = 1


def attempt_of(turn: Turn) -> int | None:
    """The campaign attempt of this call: from the slot set at its start, or from the
    voice metadata of its first message (the voice channel only)."""
    stored = turn.slot(Slot.OUTBOUND_ATTEMPT)
    if isinstance(stored, int | float) and stored > 0:
        return int(stored)
    value = turn.metadata.get(OUTBOUND_ATTEMPT_KEY) if turn.is_voice else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def reason(context: CallContext) -> str:
    """"This is <business>, <reason>.": who calls and why, said first on every call."""
    about = context.script.get("about") or ABOUT.get(context.purpose, "calling you")
    return f"this is {get_settings().outbound.business_name}, {about.rstrip('.')}."


def introduction(context: CallContext, name: str | None) -> str:
    return f"Hello{' ' + name if name else ''}, {reason(context)}"


# --- the start of the call ---------------------------------------------------------------
def open_call(turn: Turn) -> None:
    """The call was answered by a person: who calls and why, then the purpose's question."""
    attempt = attempt_of(turn)
    context = attempts.call_context(attempt) if attempt else None
    if context is None:
        log.warning("outbound call %s: no campaign attempt %r", turn.tracker.sender_id,
                    attempt)
        turn.say(f"Hello, this is {get_settings().outbound.business_name}. Sorry, we called "
                 "you by mistake. Goodbye.")
        turn.control(hang_up())
        return
    turn.set(Slot.OUTBOUND_ATTEMPT, context.attempt_id)
    turn.set(Slot.CAMPAIGN_STEP, 0)
    attempts.dialogue_result(context.attempt_id, "completed")  # a person heard the message
    intro = introduction(context, first_name(turn))
    OPENERS.get(context.purpose, _notification)(turn, context, intro)


def _notification(turn: Turn, context: CallContext, intro: str) -> None:
    order = context.variables.get("order_id")
    turn.say(f"{intro} I can give you the details once I know it's you.")
    journeys.ask_for_pin(turn, PendingRequest.ORDER_STATUS.value, pending_order_number=order)
    turn.say(OPT_OUT_HINT)


def _reminder(turn: Turn, context: CallContext, intro: str) -> None:
    if context.variables.get("appointment"):
        turn.say(f"{intro} To hear the details of your appointment, I just need to check "
                 "it's you.")
        journeys.ask_for_pin(turn, PendingRequest.APPOINTMENT.value)
        turn.say(OPT_OUT_HINT)
        return
    kind = context.variables.get("account_kind") or "store_credit"
    turn.say(f"{intro} To hear your balance, I just need to check it's you.")
    journeys.ask_for_pin(turn, PendingRequest.BALANCE.value, pending_account_kind=kind)
    turn.say(OPT_OUT_HINT)


def answer_appointment(turn: Turn) -> None:
    """After the PIN: the appointment the reminder calls about (from the contact's
    variables; nothing on a call that is no reminder's)."""
    attempt = attempt_of(turn)
    context = attempts.call_context(attempt) if attempt else None
    appointment = context.variables.get("appointment") if context else None
    journeys.finish_request(turn)
    if not appointment:
        turn.say("How can I help you today?")
        return
    attempts.dialogue_result(context.attempt_id, answers={"appointment_heard": True})
    turn.say(f"Your appointment is {appointment.rstrip('.')}. If you need to change it, say "
             "agent and a colleague will help. Is there anything else I can do for you?")


journeys.RESUMERS[PendingRequest.APPOINTMENT.value] = answer_appointment


def _survey(turn: Turn, context: CallContext, intro: str) -> None:
    turn.say(f"{intro} It takes less than a minute. {OPT_OUT_HINT}")
    _ask_question(turn, context, 0)


def _lead_callback(turn: Turn, context: CallContext, intro: str) -> None:
    interest = context.variables.get("interest")
    about = f" about {interest}" if interest else ""
    turn.set(Slot.AWAITING, Awaiting.CAMPAIGN_LEAD)
    turn.say(f"{intro} You asked us to call you back{about}. Are you still interested? "
             f"{OPT_OUT_HINT}", buttons=[{"title": "Yes", "payload": "/affirm"},
                                         {"title": "No", "payload": "/deny"}])


OPENERS = {"notification": _notification, "reminder": _reminder, "survey": _survey,
           "lead_callback": _lead_callback}


# --- answers -------------------------------------------------------------------------------
def handle_answer(turn: Turn) -> None:
    """The answer to the survey's or the lead callback's question."""
    attempt = attempt_of(turn)
    context = attempts.call_context(attempt) if attempt else None
    if context is None:
        turn.set(Slot.AWAITING, None)
        turn.say("Thank you. Goodbye.")
        turn.control(hang_up())
        return
    keyed = turn.metadata.get(KEYPAD_KEY)
    if keyed == PERSON_KEY or (turn.intent == Intent.REQUEST_HUMAN
                               and names_a_person(turn.text)):
        _hand_over(turn, context, "Of course, let me put you through to a colleague.")
    elif turn.slot(Slot.AWAITING) == Awaiting.CAMPAIGN_LEAD:
        _lead_answer(turn, context)
    elif turn.slot(Slot.AWAITING) == Awaiting.CAMPAIGN_CALLBACK:
        _callback_answer(turn, context)
    else:
        _survey_answer(turn, context)


def _hand_over(turn: Turn, context: CallContext, preamble: str) -> None:
    """To a person (a warm transfer on the call); with nobody free, the hand-over becomes
    a callback request (the lead form) and the call's outcome stays completed."""
    turn.set(Slot.AWAITING, None)
    journeys.hand_over_now(turn, preamble, reason="campaign_call")
    handed = not is_lead_step(turn.slot(Slot.AWAITING))
    attempts.dialogue_result(context.attempt_id, "handed_off" if handed else None,
                             {"asked_for_a_person": True})


def _questions(context: CallContext) -> tuple[str, ...]:
    return tuple(context.script.get("questions") or DEFAULT_QUESTIONS)


def _ask_question(turn: Turn, context: CallContext, index: int, lead_in: str = "") -> None:
    turn.set(Slot.AWAITING, Awaiting.CAMPAIGN_SURVEY)
    turn.set(Slot.CAMPAIGN_STEP, index)
    turn.say(f"{lead_in} {_questions(context)[index]} {RATING_HINT}".strip(),
             buttons=[{"title": str(n), "payload": str(n)} for n in range(1, 6)])


def _survey_answer(turn: Turn, context: CallContext) -> None:
    index = int(turn.slot(Slot.CAMPAIGN_STEP) or 0)
    rating = spoken_rating(turn.text)
    if rating is None:
        if is_decline(turn.text) or yes_no.answer(turn.text, spoken=True) == yes_no.Answer.NO:
            _end(turn, "No problem. Thank you for your time. Goodbye.")
            return
        if not turn.slot(Slot.CAMPAIGN_REPROMPTED):
            turn.set(Slot.CAMPAIGN_REPROMPTED, True)
            _ask_question(turn, context, index, "Sorry, I didn't catch that.")
            return
        _end(turn, "Thank you for your time. Goodbye.")
        return
    turn.clear(Slot.CAMPAIGN_REPROMPTED)
    attempts.dialogue_result(context.attempt_id, answers={f"q{index + 1}": rating})
    if index == 0:
        turn.set(Slot.CSAT_RATING, float(rating))  # the conversation's CSAT too
        turn.set(Slot.CSAT_ASKED, True)
    if index + 1 < len(_questions(context)):
        _ask_question(turn, context, index + 1, "Thank you.")
        return
    _end(turn, "Thank you, that's all we wanted to ask. Have a good day. Goodbye.")


def _lead_answer(turn: Turn, context: CallContext) -> None:
    answer = yes_no.answer(turn.text, spoken=True)
    if turn.intent == "affirm" or answer == yes_no.Answer.YES:
        _lead_status(context, "contacted")
        attempts.dialogue_result(context.attempt_id, answers={"interested": True})
        _hand_over(turn, context, "Great, let me put you through to a colleague.")
        return
    if turn.intent == "deny" or answer == yes_no.Answer.NO:
        attempts.dialogue_result(context.attempt_id, answers={"interested": False})
        _lead_status(context, "lost")
        _end(turn, "Thanks for letting us know. Have a good day. Goodbye.")
        return
    if not turn.slot(Slot.CAMPAIGN_REPROMPTED):
        turn.set(Slot.CAMPAIGN_REPROMPTED, True)
        turn.say("Sorry, are you still interested? Please say yes or no.")
        return
    _end(turn, "I'll let you go. Thank you. Goodbye.")


def _ask_when(turn: Turn) -> None:
    turn.set(Slot.AWAITING, Awaiting.CAMPAIGN_CALLBACK)
    turn.say("Of course. When would be a better time to call you back? For example, "
             "tomorrow morning, or weekdays after 5 pm.")


def _callback_answer(turn: Turn, context: CallContext) -> None:
    """The time the callee gave: a callback lead for a colleague, then goodbye."""
    said = " ".join(turn.text.split()).strip(" .")[:200]
    if len(said) < 2 or yes_no.answer(turn.text, spoken=True) == yes_no.Answer.NO:
        _end(turn, "No problem. Thank you for your time. Goodbye.")
        return
    number = turn.caller_number
    if number:
        name = turn.slot(Slot.CUSTOMER_NAME)
        create_lead(name=name if isinstance(name, str) and name else "Campaign callee",
                    phone=number, email="", interest=f"Call back about: {reason(context)}",
                    best_time=said, reason="campaign_callback", source_channel="outbound",
                    conversation_id=turn.tracker.sender_id,
                    customer_id=turn.slot(Slot.CUSTOMER_ID) or None)
    attempts.dialogue_result(context.attempt_id, answers={"callback_time": said})
    _end(turn, f"Thank you. A colleague will call you back then: {said}. Goodbye.")


def _lead_status(context: CallContext, status: str) -> None:
    lead_id = context.variables.get("lead_id")
    if lead_id and lead_id.isdigit():
        try:
            update_lead(int(lead_id), status=status)
        except LeadError:
            log.warning("campaign %d: lead %s is gone", context.campaign_id, lead_id)


def _end(turn: Turn, text: str) -> None:
    turn.set(Slot.AWAITING, None)
    turn.say(text)
    turn.control(hang_up())


# --- whatever was asked ------------------------------------------------------------------------
def callee_interrupts(turn: Turn) -> bool:
    """Stop calling me, wrong number, who is this: handled before anything else, on a
    campaign call; an opt-out on any call with a trusted caller number too. True when the
    turn was answered so."""
    if not turn.is_voice:
        return False
    attempt = attempt_of(turn)
    keyed_out = attempt is not None and turn.metadata.get(KEYPAD_KEY) == OPT_OUT_KEY
    if attempt is not None and not keyed_out and asks_for_a_later_call(turn.text) and \
            turn.slot(Slot.AWAITING) != Awaiting.CAMPAIGN_CALLBACK:
        _ask_when(turn)  # "don't call me now, call me later" is no opt-out
        return True
    if keyed_out or asks_not_to_be_called(turn.text):
        return _opt_out(turn, attempt)
    if attempt is None:
        return False
    if says_wrong_number(turn.text):
        attempts.dialogue_result(attempt, answers={"wrong_number": True})
        _keep_off_the_list(turn, "wrong number")
        _end(turn, GOODBYE_WRONG_NUMBER)
        return True
    if asks_who_is_calling(turn.text):
        context = attempts.call_context(attempt)
        if context is None:
            return False
        turn.say("T" + reason(context)[1:])  # "This is ..."
        _repeat_question(turn, context)
        return True
    return False


def _opt_out(turn: Turn, attempt: int | None) -> bool:
    number = turn.caller_number
    if number is None:
        return False  # an anonymous caller: nothing to keep off the list
    if attempt is not None:
        attempts.dialogue_result(attempt, "opted_out")  # also puts it on the list
    else:
        _keep_off_the_list(turn, "asked during a call")
    _end(turn, GOODBYE_OPTED_OUT)
    return True


def _keep_off_the_list(turn: Turn, reason: str) -> None:
    number = turn.caller_number
    if number:
        add_do_not_call(number, reason, "callee")


def _repeat_question(turn: Turn, context: CallContext) -> None:
    awaiting = turn.slot(Slot.AWAITING)
    if awaiting == Awaiting.PIN:
        turn.say("To go on, please say or key in your PIN, or say agent.")
    elif awaiting == Awaiting.CAMPAIGN_LEAD:
        turn.say("You asked us to call you back. Are you still interested?")
    elif awaiting == Awaiting.CAMPAIGN_SURVEY:
        _ask_question(turn, context, int(turn.slot(Slot.CAMPAIGN_STEP) or 0))
    elif awaiting == Awaiting.CAMPAIGN_CALLBACK:
        turn.say("When would be a better time to call you back?")
    else:
        turn.say("How can I help?")
