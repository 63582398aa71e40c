"""Personal data never reaches a log: card numbers, PINs, phone numbers (callers' numbers
included) and full email addresses are masked in every log record of every service (Rasa,
the action server, the web app, the voice gateway), whatever logger, handler or formatter
writes it.

What is masked in a log line:
- card numbers and email addresses, as in stored transcripts (helpdesk.privacy.pii);
- phone numbers in international form, or named as one ("caller_number": "1555..."),
  down to their last two digits (helpdesk.privacy.pii `mask_phones`);
- a number named as a PIN ("pin 2468", "PIN: 2 4 6 8", "'pin': 'two four six eight'");
- in a line carrying parsed user input (an NLU `pin` entity, Rasa's debug event of a
  parsed message, a dialogue state's user text), every number of four or more digits,
  typed or spoken: the NLU tags any 4-6 digits as a possible PIN, so such a line cannot
  tell a PIN from an order number.

`install_log_masking()` puts this into the process's log record factory (so records are
masked when they are made, before any handler sees them), and the first three rules behind
stdout and stderr (for prints, warnings, uncaught tracebacks and a formatter's extras; a
whole formatted line has timestamps, so numbers as such are left alone there).
`MaskingFilter` does the same for a logging configuration file.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from typing import Any

from helpdesk.privacy.masking_stream import MaskingStream
from helpdesk.privacy.pii import mask_phones, mask_pii

MASK = "****"
_NUMBER_WORD = r"\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b"
_NUMBER_TOKEN = rf"(?:\d|{_NUMBER_WORD})"
# Four or more digits, typed or spoken, maybe spaced ("2468", "2 4 6 8", "two four six
# eight"); not the last four digits that card masking keeps ("**** 1111").
_NUMBER_RUN = rf"(?<!\*\s)(?<![\d*]){_NUMBER_TOKEN}(?:[\s,-]*{_NUMBER_TOKEN}){{3,}}"
_RUN = re.compile(_NUMBER_RUN, re.IGNORECASE)
_NAMED_PIN = re.compile(
    r"(\b(?:pin|pins|pin code|pin number|passcode|pass code|security code)\b"
    r"(?:\W+(?:is|was|it's|its|number|code|=))*\W*)" + _NUMBER_RUN, re.IGNORECASE)
_PARSED_INPUT = re.compile(  # a pin entity, Rasa's parse event, a dialogue state or event
    r"""["']entity["']\s*:\s*["']pin["']|\bentity=["']?pin\b|\bparse_data_text\b"""
    r"|\buser text: |\bUserUttered\(text: ")

_installed = threading.Lock()
_state: dict[str, Any] = {}


def mask_output_text(text: str) -> str:
    """Card numbers, email addresses, phone numbers and PINs named as such masked."""
    if not text:
        return text
    return _NAMED_PIN.sub(lambda m: m.group(1) + MASK, mask_phones(mask_pii(text)))


def mask_log_text(text: str) -> str:
    """A log message masked: as `mask_output_text`, and when it carries parsed user input,
    every number of four or more digits too (see the module doc)."""
    masked = mask_output_text(text)
    if masked and _PARSED_INPUT.search(masked):
        masked = _RUN.sub(MASK, masked)
    return masked


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record in place: its message (with its arguments), traceback and stack."""
    if getattr(record, "pii_masked", False):
        return record
    record.pii_masked = True
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it (through masked stderr)
        return record
    masked = mask_log_text(message)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_log_text(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_log_text(record.stack_info)
    return record


class MaskingFilter(logging.Filter):
    """A logging filter that masks every record it sees (and drops none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_masking() -> None:
    """Mask every log record this process makes, and what it writes to stdout and stderr.
    Call first thing in a service's process; calling it again changes nothing."""
    with _installed:
        if _state.get("installed"):
            return
        make_record = logging.getLogRecordFactory()

        def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return mask_record(make_record(*args, **kwargs))

        logging.setLogRecordFactory(masked_record)
        sys.stdout = MaskingStream(sys.stdout, mask_output_text)
        sys.stderr = MaskingStream(sys.stderr, mask_output_text)
        _state["installed"] = True
