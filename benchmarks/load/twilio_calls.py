"""Phone calls for the load run, played the way Twilio plays them: fetch TwiML from the
voice webhook, open the <Connect><Stream>, and when the stream ends ask the <Connect
action> URL what to do next (hang up, or <Say> something and <Redirect> to a new stream
after a gateway restart). The caller's audio is espeak-ng speech over a phone line
(tests.support.voice_calls, tests/support/callers).
Every request is signed with X-Twilio-Signature as Twilio signs it (the load stack's
gateways run with TWILIO_AUTH_TOKEN = TWILIO_AUTH_TOKEN), so the caller ID is believed.
"""

from __future__ import annotations

import asyncio
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import websockets

from benchmarks.load.stack import TWILIO_AUTH_TOKEN
from tests.support.voice_calls import SIGNATURE_HEADER, TwilioCaller, twilio_signature

ANSWER_TIMEOUT_S = 90.0


@dataclass
class CallRecord:
    call_sid: str
    caller: str
    answers: int = 0
    first_audio_s: list[float] = field(default_factory=list)  # per answered question
    twiml_said: list[str] = field(default_factory=list)  # <Say> texts Twilio would speak
    streams: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


async def place_call(voice_url: str, caller: str, questions: list[str],
                     between: Callable[[int], Awaitable[None]] | None = None) -> CallRecord:
    """Call, hear the greeting, ask each question and hear its answer, then hang up.
    `between(i)` runs before question i (a fault drill's hook)."""
    record = CallRecord(f"CA{uuid.uuid4().hex}", caller)
    remaining = list(questions)
    ws_base = voice_url.replace("http://", "ws://", 1)
    async with httpx.AsyncClient(base_url=voice_url, timeout=30) as http:
        twiml = await _post(http, "/twilio/voice", record)
        while twiml is not None:
            next_url = None
            for verb in ET.fromstring(twiml):
                if verb.tag == "Say":
                    record.twiml_said.append(verb.text or "")
                elif verb.tag == "Hangup":
                    return record
                elif verb.tag == "Redirect":
                    next_url = verb.text
                    break
                elif verb.tag == "Connect":
                    finished = await _stream(ws_base, verb, record, remaining, questions,
                                             between)
                    if finished:
                        return record
                    next_url = verb.get("action")
                    break
            if next_url is None:
                return record
            twiml = await _post(http, next_url, record)
    return record


async def _post(http: httpx.AsyncClient, url: str, record: CallRecord) -> str | None:
    path = url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url.lstrip("/")
    form = {"CallSid": record.call_sid, "From": record.caller}
    signature = twilio_signature(f"{http.base_url}".rstrip("/") + f"/{path}", form,
                                 TWILIO_AUTH_TOKEN)
    reply = await http.post(f"/{path}", data=form, headers={SIGNATURE_HEADER: signature})
    if reply.status_code != 200:
        record.error = f"TwiML request {url} answered {reply.status_code}"
        return None
    return reply.text


async def _stream(ws_base: str, connect: ET.Element, record: CallRecord,
                  remaining: list[str], questions: list[str],
                  between: Callable[[int], Awaitable[None]] | None) -> bool:
    """One media stream; True when the caller finished (hung up), False when it dropped."""
    stream = connect.find("Stream")
    assert stream is not None
    parameters = {p.get("name", ""): p.get("value", "") for p in stream.findall("Parameter")}
    record.streams += 1
    caller = TwilioCaller(ws_base, caller=parameters.pop("From", None),
                          call_sid=record.call_sid, parameters=parameters,
                          auth_token=TWILIO_AUTH_TOKEN, fetch_twiml=False)
    try:
        async with caller:
            await caller.next_answer(ANSWER_TIMEOUT_S)  # greeting, or "I'm back"
            while remaining:
                index = len(questions) - len(remaining)
                if between:
                    await between(index)
                if caller.closed.is_set():
                    return False
                await caller.say(remaining[0])
                asked = time.monotonic()
                while not caller.received and not caller.closed.is_set():
                    await asyncio.sleep(0.005)
                if caller.closed.is_set():
                    return False
                record.first_audio_s.append(time.monotonic() - asked)
                await caller.next_answer(ANSWER_TIMEOUT_S)
                record.answers += 1
                remaining.pop(0)
            return True
    except (ConnectionError, websockets.ConnectionClosed, OSError):
        return False
    except asyncio.TimeoutError:
        record.error = "no answer within the time limit"
        return True


def spoken_digits(number: str) -> str:
    names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return " ".join(names[int(d)] for d in number if d.isdigit())
