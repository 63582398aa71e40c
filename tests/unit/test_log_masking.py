"""Card numbers, PINs and email addresses are masked in every log line and on stdout/stderr."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import textwrap

import pytest

from helpdesk.config import PROJECT_ROOT
from helpdesk.privacy.log_masking import MaskingFilter, mask_log_text, mask_output_text
from helpdesk.privacy.masking_stream import MaskingStream

CARD, EMAIL, PIN = "4111 1111 1111 1111", "grace@navy.example", "2468"


@pytest.mark.parametrize("line, masked", [
    (f"user said 'pay with {CARD}'", "user said 'pay with **** **** **** 1111'"),
    (f"lookup email={EMAIL}", "lookup email=g***@navy.example"),
    ("my pin is 2468", "my pin is ****"),
    ("PIN: 2 4 6 8 thanks", "PIN: **** thanks"),
    ("my PIN is two four six eight", "my PIN is ****"),
    ("{'pin': '135790'}", "{'pin': '****'}"),
    ('{"passcode": "8080"}', '{"passcode": "****"}'),
    ("call CA1 started on twilio from +15559870100",
     "call CA1 started on twilio from +*********00"),
    ("{'caller_number': '+1 555 123 0001', 'dtmf': '1'}",
     "{'caller_number': '+*********01', 'dtmf': '1'}"),
    ("POST /twilio/voice From=%2B15551230001&To=%2B15550001111",
     "POST /twilio/voice From=+*********01&To=+*********11"),
    ('"caller_number": "15551230001"', '"caller_number": "+*********01"'),
    ("transfer to phone (555) 123-0001", "transfer to phone +********01"),
])
def test_personal_data_is_masked(line: str, masked: str) -> None:
    assert mask_log_text(line) == masked


@pytest.mark.parametrize("line", [
    "call CA1 started on twilio from an unknown number", "where is order 5001",
    "GET /health from 192.168.100.200", "at 2026-11-21T08:10:00+00:00 (+0000)",
    "tracking 1Z999AA10123456784",
    "voice gateway ready: http://127.0.0.1:5080", "pin_failures: 1.0", "awaiting: pin",
    "took 1237 ms", "",
])
def test_other_lines_stay_as_they_were(line: str) -> None:
    assert mask_log_text(line) == line


def test_rasa_debug_line_of_a_parsed_pin_is_masked() -> None:
    """Rasa logs every parsed message at debug level: a bare PIN carries only its entity."""
    parsed = json.dumps({
        "parse_data_text": "2 4 6 8", "parse_data_intent": {"name": "inform"},
        "parse_data_entities": [{"entity": "pin", "value": "2 4 6 8", "start": 0, "end": 7}],
        "event": "processor.message.parse"})
    spoken = str([{"entity": "pin", "value": "two four six eight"}])
    card = json.dumps({"parse_data_text": f"card {CARD}", "parse_data_entities": [
        {"entity": "pin", "value": "4111"}, {"entity": "pin", "value": "1111"}]})
    assert "2 4 6 8" not in mask_log_text(parsed) and "****" in mask_log_text(parsed)
    assert "four" not in mask_log_text(spoken)
    assert "4111" not in mask_log_text(card) and "**** **** **** 1111" in mask_log_text(card)
    state = "[state 1] user text: 2 4 6 8 | previous action name: action_listen"
    assert mask_log_text(state) == "[state 1] user text: **** | previous action name: action_listen"


def test_records_are_masked_with_their_arguments_and_traceback() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test_log_masking")
    logger.addHandler(handler)
    try:
        logger.warning("customer %s gave %s", EMAIL, {"pin": PIN})
        try:
            raise ValueError(f"bad card {CARD}")
        except ValueError:
            logger.exception("failed for %s", EMAIL)
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert EMAIL not in out and CARD not in out and PIN not in out
    assert "g***@navy.example" in out and "**** **** **** 1111" in out
    assert "ValueError: bad card" in out


def test_the_stream_masks_whole_lines_even_when_written_in_pieces() -> None:
    raw = io.StringIO()
    stream = MaskingStream(raw, mask_log_text)
    stream.write("card 4111 1111 ")
    stream.write("1111 1111 and ")
    assert raw.getvalue() == ""  # waits for the end of the line
    stream.write(f"{EMAIL}\nnext")
    stream.flush()
    assert raw.getvalue() == "card **** **** **** 1111 and g***@navy.example\nnext"


def test_timestamps_of_formatted_lines_stay() -> None:
    raw = io.StringIO()
    line = '2026-11-23 19:33:41 DEBUG rasa - {"parse_data_text": "where is 5001"}\n'
    MaskingStream(raw, mask_output_text).write(line)
    assert raw.getvalue() == line


def test_a_service_process_masks_its_logs_prints_and_uncaught_errors() -> None:
    script = textwrap.dedent(f"""
        import logging, warnings
        from helpdesk.privacy.log_masking import install_log_masking
        install_log_masking()
        install_log_masking()
        logging.basicConfig(level=logging.DEBUG)
        logging.getLogger("rasa.core.processor").debug("parsed %s", "my pin is {PIN}")
        print("printed {EMAIL}")
        warnings.warn("warned {CARD}")
        raise RuntimeError("crashed for {EMAIL}")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert EMAIL not in out and CARD not in out and PIN not in out, out
    assert "my pin is ****" in out and "printed g***@navy.example" in out
    assert "crashed for g***@navy.example" in out
