"""What callers say on the journeys, with the demo data's real values (Ada Moreno,
+15551230001, PIN 4321, orders 1042/1045/1046/1047; Diego Alvarez, PIN 187918, orders 1100
and 1110), and `render`: an utterance spoken by a caller voice over an impaired line.

Each utterance has the parts spoken (`said`), joined by `pause_ms` of silence ("my order is
one oh" … "four two"), what a perfect transcript says (`expected_text`, for WER) and the
value a benchmark checks the bot's reading of it against (`value`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tests.support.callers.impairments import (
    TELEPHONE,
    Impairment,
    active_power,
    apply,
    speech_bounds,
)
from tests.support.callers.voices import CallerVoice, speak
from voice_gateway.audio.codec import PIPELINE_RATE

KINDS = ("order_number", "pin", "phone", "email", "yes_no", "agent", "faq", "menu",
         "self_service", "sentence")
NOMINAL_LEVEL_DBFS = -20.0  # active speech level of every voice before the line


@dataclass(frozen=True)
class CallerUtterance:
    id: str
    kind: str
    said: tuple[str, ...]
    expected_text: str
    value: str | None = None
    pause_ms: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"utterance {self.id}: unknown kind {self.kind!r}")
        if not self.said or (len(self.said) > 1) != (self.pause_ms > 0):
            raise ValueError(f"utterance {self.id}: several parts need a pause, one part none")


def _one(id_: str, kind: str, text: str, value: str | None = None) -> CallerUtterance:
    return CallerUtterance(id_, kind, (text,), text, value, 0)


def _paused(id_: str, kind: str, parts: tuple[str, ...], value: str,
            pause_ms: int) -> CallerUtterance:
    return CallerUtterance(id_, kind, parts, " ".join(parts), value, pause_ms)


UTTERANCES: tuple[CallerUtterance, ...] = (
    # Order numbers, in every way people say them.
    _one("order-ten-forty-two", "order_number", "Where is my order ten forty two?", "1042"),
    _one("order-one-zero-four-two", "order_number", "My order number is one zero four two.",
         "1042"),
    _one("order-one-oh-four-two", "order_number", "It's order one oh four two.", "1042"),
    _one("order-one-thousand-forty-two", "order_number",
         "Order one thousand forty two, please.", "1042"),
    _one("order-ten-forty-five", "order_number", "Has order ten forty five shipped yet?",
         "1045"),
    _one("order-one-oh-four-six", "order_number", "I'm calling about order one oh four six.",
         "1046"),
    _one("order-one-zero-four-seven-bare", "order_number", "One zero four seven.", "1047"),
    _one("order-one-one-double-oh", "order_number", "Order one one double oh.", "1100"),
    _one("order-eleven-hundred", "order_number", "My order is eleven hundred.", "1100"),
    _one("order-one-one-one-oh", "order_number", "Order number one one one oh.", "1110"),
    _one("order-one-oh-double-seven", "order_number", "Order one oh double seven, please.",
         "1077"),
    # Digit strings with pauses inside, as callers read them off a screen.
    _paused("order-paused-one-oh-four-two", "order_number",
            ("My order is one oh", "four two."), "1042", 700),
    _paused("order-paused-ten-forty-five", "order_number", ("Order ten", "forty five."),
            "1045", 600),
    _paused("order-paused-digits", "order_number", ("One", "zero", "four", "seven."), "1047",
            800),
    # PINs, digit by digit.
    _one("pin-ada", "pin", "My PIN is four three two one.", "4321"),
    _one("pin-ada-bare", "pin", "Four three two one.", "4321"),
    _one("pin-ben", "pin", "Eight six four two.", "8642"),
    _one("pin-diego", "pin", "My PIN is one eight seven nine one eight.", "187918"),
    _paused("pin-ada-paused", "pin", ("Four three", "two one."), "4321", 900),
    _paused("pin-diego-paused", "pin", ("One eight seven", "nine one eight."), "187918", 750),
    # Phone numbers.
    _one("phone-ada", "phone", "My number is five five five one two three zero zero zero one.",
         "+15551230001"),
    _one("phone-ada-double", "phone", "Five five five one two three double oh oh one.",
         "+15551230001"),
    _paused("phone-ben-paused", "phone",
            ("Five five five", "one two three", "zero zero zero two."), "+15551230002", 700),
    # Emails, spoken and spelled.
    _one("email-ada", "email", "My email is ada at example dot com.", "ada@example.com"),
    _one("email-diego", "email", "It's diego dot alvarez at example dot org.",
         "diego.alvarez@example.org"),
    _one("email-ada-spelled", "email", "A d a, at example dot com.", "ada@example.com"),
    _one("name-moreno-spelled", "sentence", "Moreno, that's m o r e n o.", "moreno"),
    # Yes and no.
    _one("yes", "yes_no", "Yes.", "yes"),
    _one("yes-please", "yes_no", "Yes, please.", "yes"),
    _one("yeah-right", "yes_no", "Yeah, that's right.", "yes"),
    _one("no", "yes_no", "No.", "no"),
    _one("no-thanks", "yes_no", "No, thank you.", "no"),
    # Asking for a person.
    _one("agent", "agent", "Agent."),
    _one("person-please", "agent", "A person, please."),
    _one("real-person", "agent", "Can I talk to a real person?"),
    # FAQ questions.
    _one("faq-returns", "faq", "What is your return policy?"),
    _one("faq-hours", "faq", "Is the store open on Sunday?"),
    _one("faq-paypal", "faq", "Can I pay with PayPal?"),
    _one("faq-damaged", "faq", "My item arrived damaged. What can I do?"),
    # Menu choices.
    _one("menu-second-one", "menu", "The second one.", "2"),
    _one("menu-option-two", "menu", "Option two.", "2"),
    _one("menu-first-please", "menu", "The first one, please.", "1"),
    # Self-service requests.
    _one("cancel-order", "self_service", "I want to cancel my order."),
    _one("return-it", "self_service", "I'd like to return it."),
    _one("change-address", "self_service", "I need to change my delivery address."),
    _one("cancel-order-number", "self_service", "Please cancel order ten forty five.", "1045"),
    # Other things callers say.
    _one("balance", "sentence", "What is my store credit balance?"),
    _one("parcel", "sentence", "Has my parcel shipped?"),
)


def by_id(utterance_id: str) -> CallerUtterance:
    for utterance in UTTERANCES:
        if utterance.id == utterance_id:
            return utterance
    raise KeyError(f"no caller utterance {utterance_id!r}")


def ad_hoc(text: str) -> CallerUtterance:
    """An ad hoc utterance of one part (what an e2e test's caller says)."""
    return CallerUtterance("ad-hoc", "sentence", (text,), text)


@dataclass
class RenderedUtterance:
    """The line audio of an utterance; `speech_end_s` is where its last part's speech ends
    (before the trailing silence), `part_ends_s` where each part's speech ends."""

    audio: np.ndarray
    speech_end_s: float
    part_ends_s: tuple[float, ...]


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * PIPELINE_RATE)), dtype=np.float32)


def _at_nominal_level(audio: np.ndarray) -> np.ndarray:
    power = active_power(audio)
    if power <= 0:
        return audio.astype(np.float32)
    gain = 10 ** (NOMINAL_LEVEL_DBFS / 20) / np.sqrt(power)
    return (audio * gain).astype(np.float32)


def render(utterance: CallerUtterance, voice: CallerVoice,
           impairment: Impairment = TELEPHONE, seed: int = 0, lead_silence_s: float = 0.3,
           tail_silence_s: float = 1.5) -> RenderedUtterance:
    """`voice` saying `utterance` over a line with `impairment`: each part spoken and trimmed
    of the engine's own silence, parts joined by `pause_ms`, speech brought to the nominal
    level, lead and tail silence added, then the line applied. The speech ends are measured
    before the line (the band-pass is zero-phase, so they do not move)."""
    pieces, part_ends = [_silence(lead_silence_s)], []
    position = pieces[0].size
    for index, part in enumerate(utterance.said):
        if index:
            pieces.append(_silence(utterance.pause_ms / 1000))
            position += pieces[-1].size
        spoken = speak(voice, part)
        start, end = speech_bounds(spoken)
        if end <= start:
            raise ValueError(f"{voice.name} said nothing for {part!r}")
        pieces.append(spoken[start:end])
        position += end - start
        part_ends.append(position / PIPELINE_RATE)
    pieces.append(_silence(tail_silence_s))
    clean = _at_nominal_level(np.concatenate(pieces))
    return RenderedUtterance(apply(clean, impairment, seed), part_ends[-1], tuple(part_ends))
