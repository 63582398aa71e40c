"""FAQ answers from the live knowledge base (no retraining): answer, ask which, or admit it.

Reached from the `faq` intent, from out-of-scope questions and from the low-confidence
fallback, so a new entry is answered however the NLU classified the question.
"""

from __future__ import annotations

import logging

from actions.turn import Turn
from helpdesk.config import get_settings
from helpdesk.conversation.contracts import VOICE_CHANNEL
from helpdesk.conversation.state import Entity, Slot
from helpdesk.faq.channel_wording import for_channel
from helpdesk.faq.entries import FaqNotFound, FaqView, get_entry
from helpdesk.faq.live_index import current_index
from helpdesk.faq.retrieval import Decision, decide
from helpdesk.faq.unanswered import record_unanswered

log = logging.getLogger(__name__)


def faq_decision(turn: Turn) -> Decision:
    try:
        return decide(current_index().search(turn.text), get_settings().faq)
    except Exception:  # the store is down: behave as if nothing matched, and say so in logs
        log.exception("FAQ search failed")
        return Decision("none", [])


def say_entry(turn: Turn, entry: FaqView) -> None:
    turn.set(Slot.LAST_FAQ_ID, str(entry.id))
    answer = entry.voice_answer if turn.is_voice and entry.voice_answer else entry.answer
    turn.say(for_channel(answer, voice=turn.is_voice))  # no "contact us by chat" in the chat


def chosen_entry(turn: Turn) -> FaqView | None:
    """The entry picked with a button (`/faq{"faq_id": "12"}`) or its keypad number."""
    raw = turn.entity(Entity.FAQ_ID)
    if not raw or not raw.isdecimal() or len(raw) > 9:  # int() refuses "²"; ids are int32
        return None
    try:
        return get_entry(int(raw))
    except FaqNotFound:
        return None


def offer_choices(turn: Turn, decision: Decision) -> None:
    questions = [m.entry.question for m in decision.matches]
    if turn.is_voice:
        spoken = "; ".join(f"{n} for: {q}" for n, q in enumerate(questions, 1))
        text = f"I have a few answers that might fit. Say or press {spoken}."
    else:
        text = "I have a few answers that might fit. Which one did you mean?"
    turn.say(text, buttons=[{"title": m.entry.question[:80],
                             "payload": f'/faq{{"faq_id":"{m.entry.id}"}}'}
                            for m in decision.matches])


def answer_from_knowledge_base(turn: Turn) -> bool:
    """Answer or offer choices; False when nothing matched well (then nothing was said)."""
    entry = chosen_entry(turn)
    if entry is not None:
        say_entry(turn, entry)
        return True
    decision = faq_decision(turn)
    if decision.kind == "answer":
        say_entry(turn, decision.matches[0].entry)
        return True
    if decision.kind == "choose":
        offer_choices(turn, decision)
        return True
    return False


def remember_unanswered(turn: Turn) -> None:
    channel = (VOICE_CHANNEL if turn.is_voice
               else turn.tracker.get_latest_input_channel() or "chat")
    try:
        record_unanswered(turn.text, channel, turn.tracker.sender_id)
    except Exception:
        log.exception("could not record an unanswered question")
