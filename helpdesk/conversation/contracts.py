"""What the voice gateway and the bot send each other, typed: the metadata of a call's
message (gateway -> Rasa's `voice` channel -> the actions) and the call-control messages in
the bot's reply (actions -> Rasa -> gateway, as a message's `custom` JSON).

The two sides run in different processes and meet only over HTTP, so these types are the
contract between them. This module imports nothing of the project: the voice gateway may
import it (and only the first layer of helpdesk besides).
"""

from __future__ import annotations

from typing import Final, Literal, TypedDict

# Rasa's input channel of the voice gateway (helpdesk.rasa_plugins.channels.VoiceInput):
# only its messages carry call metadata the actions believe.
VOICE_CHANNEL: Final = "voice"

# Keys of the message metadata.
CHANNEL_KEY: Final = "channel"
TRANSPORT_KEY: Final = "transport"
CALL_ID_KEY: Final = "call_id"
CALLER_NUMBER_KEY: Final = "caller_number"
KEYPAD_KEY: Final = "dtmf"
STT_SECONDS_KEY: Final = "stt_seconds"
STT_CONFIDENCE_KEY: Final = "stt_confidence"
CUSTOMER_TOKEN_KEY: Final = "customer_token"
OUTBOUND_ATTEMPT_KEY: Final = "outbound_attempt"
# The first message of an outbound call (an inbound one starts with "/greet").
OUTBOUND_TRIGGER: Final = "/outbound_call"

Transport = Literal["twilio", "audiosocket", "browser"]


class VoiceMetadata(TypedDict, total=False):
    """The metadata of every message of a call (voice_gateway.pipeline.bot_turn.call_metadata)."""

    channel: Literal["voice"]
    transport: Transport  # the telephony transport of the call
    call_id: str  # the call's id: also the conversation's sender id
    caller_number: str  # only when the gateway trusts the call's caller ID
    dtmf: str  # keypad digits, when the message was keyed rather than spoken
    stt_seconds: float  # speech-to-text time of a spoken message
    # How sure speech-to-text is of a spoken message's words, 0-1 (the least of its
    # segments' mean token probability); absent for keyed or typed messages.
    stt_confidence: float
    # An outbound campaign call: its attempt (helpdesk.campaigns), from a Twilio-signed
    # webhook of a call the dialer placed; the callee's number is then `caller_number`.
    outbound_attempt: int


class ChatMetadata(TypedDict, total=False):
    """What a chat client may send (helpdesk.rasa_plugins.channels keeps only this)."""

    customer_token: str  # a signed website login token (helpdesk.accounts.customer_tokens)


class MessageMetadata(VoiceMetadata, ChatMetadata, total=False):
    """The metadata an action may find on a message: untrusted unless the message came
    through the `voice` channel (caller number) or the token checks out."""


class HandoffControl(TypedDict):
    """Hand the call to a person (the gateway transfers it)."""

    reason: str  # why (a `handoff_reason` slot value)
    handoff_id: int  # the handoff record (helpdesk.handoffs.records)


class ExpectedSpeech(TypedDict, total=False):
    """What the bot expects the caller to say next, so speech-to-text listens for it (the
    gateway's next transcriptions use it as hotwords). Only sent on a call."""

    words: list[str]  # names and numbers it may hear: listed items, order numbers, FAQ titles
    digits: bool  # a digit string (a PIN, an order number) is asked for
    email: bool  # an email address is asked for: the gateway writes a spoken one out
    # The fewest digits that answer (a PIN's 4, the order numbers' length): a caller whose
    # words so far end in fewer digits is mid-number, and the gateway waits for the rest.
    min_digits: int


class CallControl(TypedDict, total=False):
    """A call-control message: the `custom` JSON of a bot message without text. Chat
    clients ignore it; a transfer wins over a hang-up in one reply. Several may come in one
    reply; the gateway merges what they expect."""

    hangup: bool  # end the call after the reply is spoken
    handoff: HandoffControl
    expect: ExpectedSpeech


HANGUP_KEY: Final = "hangup"
HANDOFF_KEY: Final = "handoff"
EXPECT_KEY: Final = "expect"


def hang_up() -> CallControl:
    return {"hangup": True}


def hand_off(reason: str, handoff_id: int) -> CallControl:
    return {"handoff": {"reason": reason, "handoff_id": handoff_id}}


def expect_speech(words: list[str], digits: bool = False, email: bool = False,
                  min_digits: int | None = None) -> CallControl:
    expected: ExpectedSpeech = {"words": list(words), "digits": digits}
    if email:
        expected["email"] = True
    if min_digits:
        expected["min_digits"] = min_digits
    return {"expect": expected}
