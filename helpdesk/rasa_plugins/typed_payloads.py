"""Typed `/...` payloads are words, unless the bot offered them as a button (CONTRACT §4).

Rasa reads a message that starts with `/` as a ready-made parse: `/restart` restarts the
conversation, `/inform{"order_number":"1042"}` sets entities, whatever the customer could
have said. Buttons (chat, and voice keypad choices, which the gateway sends as the offered
button's payload) rely on that. `install()` wraps `MessageProcessor._parse_message_with_graph`
so that a payload which the bot's last turn did not offer as a button, and which would
restart, go back, start a session or carry entities, is read by the NLU pipeline like any
other text (Rasa's `RegexMessageHandler` is left out for it). A bare intent such as `/greet`
(the voice gateway's call-start trigger) grants nothing words could not, and passes.

Installed when Rasa loads the project's channels (helpdesk.rasa_plugins.channels).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.shared.core.events import BotUttered, Restarted, SessionStarted, UserUttered
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT

logger = logging.getLogger(__name__)
MARKER = "helpdesk_typed_payloads"
# Rasa's conversation-control intents: a typed one must never restart, undo or reset.
CONTROL_INTENTS = frozenset({"restart", "back", "session_start"})
_PAYLOAD = re.compile(r"^/(?P<intent>[^{@]+)(?P<confidence>@[0-9.]+)?(?P<entities>\{.*\})?",
                      re.DOTALL)


def offered_payloads(events: Iterable[Any]) -> set[str]:
    """The button payloads of the bot's last turn: every bot message after the latest user
    message (or session start). EVENTS are Rasa event objects or their dicts, oldest first."""
    offered: set[str] = set()
    for event in reversed(list(events)):
        if isinstance(event, (UserUttered, SessionStarted, Restarted)) or (
                isinstance(event, dict)
                and event.get("event") in ("user", "session_started", "restart")):
            break
        data = event.data if isinstance(event, BotUttered) else (
            event.get("data") if isinstance(event, dict) and event.get("event") == "bot"
            else None)
        for button in (data or {}).get("buttons") or []:
            if isinstance(button, dict) and isinstance(button.get("payload"), str):
                offered.add(button["payload"].strip())
    return offered


def is_refused(text: str | None, offered: set[str]) -> bool:
    """True for a typed payload that must be read as plain text: it restarts, goes back,
    starts a session or carries entities, and was not one of the OFFERED payloads."""
    stripped = (text or "").strip()
    match = _PAYLOAD.match(stripped)
    if match is None or stripped in offered:
        return False
    return match.group("intent").strip() in CONTROL_INTENTS or bool(match.group("entities"))


def install() -> None:
    """Wrap MessageProcessor._parse_message_with_graph once per process."""
    original = MessageProcessor._parse_message_with_graph
    if getattr(original, MARKER, False):
        return

    @functools.wraps(original)
    def parse(self: MessageProcessor, message: Any, tracker: Any,
              only_output_properties: bool = True) -> dict[str, Any]:
        events = tracker.events if tracker is not None else []
        if not is_refused(message.text, offered_payloads(events)):
            return original(self, message, tracker, only_output_properties)
        logger.info("a typed payload the bot did not offer was read as text "
                    "(conversation %s)", message.sender_id)
        return _parse_as_text(self, message, tracker, only_output_properties)

    setattr(parse, MARKER, True)
    MessageProcessor._parse_message_with_graph = parse  # type: ignore[method-assign]


def _parse_as_text(processor: MessageProcessor, message: Any, tracker: Any,
                   only_output_properties: bool) -> dict[str, Any]:
    """The NLU pipeline's parse of the message, without Rasa's `/` payload handling: the
    graph runs up to the node that feeds RegexMessageHandler."""
    metadata = processor.model_metadata
    regex_node = metadata.predict_schema.nodes[metadata.nlu_target]
    target = regex_node.needs["messages"]
    results = processor.graph_runner.run(
        inputs={PLACEHOLDER_MESSAGE: [message], PLACEHOLDER_TRACKER: tracker},
        targets=[target])
    parsed = results[target][0]
    parse_data: dict[str, Any] = {
        TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
        "entities": []}
    parse_data.update(parsed.as_dict(only_output_properties=only_output_properties))
    return parse_data
