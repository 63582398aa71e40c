"""One user turn as the actions see it: the message, the slots, and what to say back."""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from helpdesk.conversation.contracts import (
    CALLER_NUMBER_KEY,
    VOICE_CHANNEL,
    CallControl,
    MessageMetadata,
)

# VOICE_CHANNEL: Rasa's `voice` input channel (helpdesk.rasa_plugins.channels.VoiceInput)
# answers only the voice gateway; no other channel can name itself so (the REST webhook
# ignores `input_channel`).


class Turn:
    """Reads the latest message and slots; collects SlotSet events and bot messages.

    Slots set during the turn are visible at once through `slot()`, so several steps of one
    journey (identify, then answer) can run inside one action.
    """

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.dispatcher = dispatcher
        self.tracker = tracker
        self.events: list[EventType] = []
        self._overlay: dict[str, Any] = {}

    # --- the message -------------------------------------------------------------------
    @property
    def text(self) -> str:
        return (self.tracker.latest_message or {}).get("text") or ""

    @property
    def intent(self) -> str | None:
        return ((self.tracker.latest_message or {}).get("intent") or {}).get("name")

    @property
    def metadata(self) -> MessageMetadata:
        """The latest message's metadata, as sent: only the `voice` channel's is trusted
        (see `caller_number`); a chat client's holds at most a signed token."""
        metadata = (self.tracker.latest_message or {}).get("metadata")
        return cast(MessageMetadata, metadata) if isinstance(metadata, dict) else {}

    def entity(self, name: str) -> str | None:
        for entity in (self.tracker.latest_message or {}).get("entities") or []:
            if entity.get("entity") == name and entity.get("value") not in (None, ""):
                return str(entity["value"])
        return None

    @property
    def channel(self) -> str:
        """"voice" for calls, else Rasa's input channel name ("rest", "socketio", ...)."""
        if self.is_voice:
            return VOICE_CHANNEL
        return self.tracker.get_latest_input_channel() or "rest"

    @property
    def caller_number(self) -> str | None:
        """The caller's number, from the metadata of messages of the `voice` channel only:
        the voice gateway sends it when the call's caller ID was trusted (a signed Twilio
        call, a registered AudioSocket call). A chat client cannot set it."""
        for event in reversed(self.tracker.events):
            if event.get("event") != "user" or event.get("input_channel") != VOICE_CHANNEL:
                continue
            metadata = event.get("metadata")
            if isinstance(metadata, dict) and isinstance(metadata.get(CALLER_NUMBER_KEY), str):
                return metadata[CALLER_NUMBER_KEY]
        return None

    @property
    def is_voice(self) -> bool:
        """A call: the latest message came through the voice gateway's channel (never a
        client's say-so in its metadata)."""
        return self.tracker.get_latest_input_channel() == VOICE_CHANNEL

    # --- slots -------------------------------------------------------------------------
    def slot(self, name: str) -> Any:
        if name in self._overlay:
            return self._overlay[name]
        return self.tracker.get_slot(name)

    def set(self, name: str, value: Any) -> None:
        """Set slot NAME; an enum value (helpdesk.conversation.state) is stored as its
        plain string, as Rasa and the stores have always seen it."""
        if isinstance(value, Enum):
            value = value.value
        self._overlay[name] = value
        self.events.append(SlotSet(name, value))

    def clear(self, *names: str) -> None:
        for name in names:
            if self.slot(name) not in (None, [], ""):
                self.set(name, None)

    # --- replies -----------------------------------------------------------------------
    def say(self, text: str, buttons: list[dict[str, str]] | None = None) -> None:
        """Buttons go out on every channel: chat shows them, the voice gateway maps keypad
        key N to button N (and speaks "press N for ..." unless the text says it)."""
        if buttons:
            self.dispatcher.utter_message(text=text, buttons=buttons)
        else:
            self.dispatcher.utter_message(text=text)

    def control(self, payload: CallControl) -> None:
        """A call-control message for the voice gateway (handoff, hang up, what to listen
        for next: the typed contract of helpdesk.conversation.contracts); chat ignores it."""
        self.dispatcher.utter_message(json_message=dict(payload))
