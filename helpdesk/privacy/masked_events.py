"""The one masking rule of a stored conversation: what each message's text becomes.

Every store of a conversation applies it (the tracker store on write, the handoff and
analytics transcripts): a customer message caught by the PIN rule (helpdesk.privacy.pins)
has every number masked, then card numbers and email addresses (helpdesk.privacy.pii); any
other customer or bot message has its card numbers and email addresses masked. A PIN
message also loses what it carries besides its text (entities, keypad digits): the
`pin` flag tells the stores that keep those.

The input is the conversation as the PIN rule reads it (`pins.Step`, made of Rasa events by
helpdesk.conversation.events.masking_steps).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk.privacy.pii import mask_pii
from helpdesk.privacy.pins import BOT, USER, Step, mask_digits, pin_messages


@dataclass(frozen=True)
class MaskedText:
    """The stored text of one message; `pin`: a PIN message (drop its entities and keypad
    digits too)."""

    text: str
    pin: bool


def masked_texts(steps: list[Step]) -> dict[int, MaskedText]:
    """The messages the rule changes, by step index (a message not listed is stored as
    is). Every PIN message is listed, also one whose text has nothing left to mask."""
    pins = pin_messages(steps)
    masked: dict[int, MaskedText] = {}
    for index, (kind, text) in enumerate(steps):
        if kind == USER and index in pins:
            masked[index] = MaskedText(mask_pii(mask_digits(text)), pin=True)
        elif kind in (USER, BOT) and mask_pii(text) != text:
            masked[index] = MaskedText(mask_pii(text), pin=False)
    return masked
