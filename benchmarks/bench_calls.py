"""Timed calls through the real gateway for the voice benchmarks: a Twilio-protocol caller
that speaks prepared line audio in real time (20 ms frames at a phone's pace) and times
"caller stops speaking → first answer audio", and several such calls at once.

What a caller says is `Spoken`: line audio and where its speech ends inside it, either a
caller-corpus utterance rendered by a voice that is not the bot's over an impaired line
(tests/support/callers) or Piper's speech through mu-law (the figures before the corpus).
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import statistics
import time
from dataclasses import dataclass, field

import numpy as np
import psutil
import websockets

from benchmarks.chat_bench import percentile
from tests.support.callers.corpus import CallerUtterance, render
from tests.support.callers.impairments import Impairment
from tests.support.callers.voices import CallerVoice
from tests.support.stacks import VoiceGatewayProcess
from voice_gateway.audio.codec import PIPELINE_RATE, pipeline_to_mulaw8k

CALLER = "+15551230001"  # Ada, demo data
FRAME_SAMPLES = 320  # 20 ms at 16 kHz
LEAD_SILENCE_S = 0.3
# Line noise goes on after the speech until the answer has surely started; then the caller
# sends digital silence (the benchmark's calls stop sending once the answer is heard).
TAIL_SILENCE_S = 4.0
ANSWER_TIMEOUT_S = 60  # the whole answer sent
ANSWER_WAIT_S = 8.0  # its first audio, after the caller's speech ended


@dataclass(frozen=True)
class Spoken:
    """Line audio (16 kHz float32) of one caller utterance; its speech ends at
    `speech_end_s`, the rest is the line's silence (or noise)."""

    audio: np.ndarray
    speech_end_s: float


def spoken_by(utterance: CallerUtterance, voice: CallerVoice, line: Impairment,
              seed: int = 0) -> Spoken:
    rendered = render(utterance, voice, line, seed=seed, lead_silence_s=LEAD_SILENCE_S,
                      tail_silence_s=TAIL_SILENCE_S)
    return Spoken(rendered.audio, rendered.speech_end_s)


def spoken_audio(audio: np.ndarray) -> Spoken:
    """Speech that fills its audio (Piper's, trimmed by the engine)."""
    return Spoken(audio, audio.size / PIPELINE_RATE)


@dataclass
class Call:
    """One Twilio-protocol call that says its utterances in real time and times the answers.
    A false cut-off is an answer that started before the caller's speech ended; the turn
    is then not timed (what follows is the caller barging in on it). An utterance the bot
    does not answer within ANSWER_WAIT_S (heard as nothing) is counted, not timed."""

    ws_url: str
    latencies: list[float] = field(default_factory=list)
    cut_offs: int = 0
    unanswered: int = 0

    async def run(self, utterances: list[Spoken], start_delay: float = 0.0) -> None:
        await asyncio.sleep(start_delay)
        sid = f"CAbench{time.time_ns()}{random.randint(0, 999)}"
        async with websockets.connect(f"{self.ws_url}/twilio/media", max_size=None) as ws:
            await ws.send(json.dumps({"event": "start", "start": {
                "streamSid": "MZb", "callSid": sid, "customParameters": {"From": CALLER}}}))
            media_at: list[float] = []
            marks: asyncio.Queue = asyncio.Queue()

            async def read() -> None:
                async for raw in ws:
                    message = json.loads(raw)
                    if message["event"] == "media":
                        media_at.append(time.perf_counter())
                    elif message["event"] == "mark":  # played: Twilio echoes it
                        await ws.send(json.dumps({"event": "mark", "streamSid": "MZb",
                                                  "mark": message["mark"]}))
                        await marks.put(message["mark"]["name"])

            reader = asyncio.create_task(read())
            try:
                await asyncio.wait_for(marks.get(), ANSWER_TIMEOUT_S)  # the greeting was sent
                for index, utterance in enumerate(utterances):
                    if not await self._turn(ws, utterance, media_at, marks):
                        self.unanswered += len(utterances) - index - 1
                        break
            finally:
                reader.cancel()

    async def _turn(self, ws: websockets.WebSocketClientProtocol, utterance: Spoken,
                    media_at: list[float], marks: asyncio.Queue) -> bool:
        """Say one utterance and time its answer; False when the gateway closed the call."""
        await asyncio.sleep(0.3)
        while not marks.empty():
            marks.get_nowait()
        began = time.perf_counter()
        try:
            speech_end = await self._speak(ws, utterance, media_at)
        except websockets.ConnectionClosed:
            return False
        cut = any(began < t < speech_end for t in media_at)
        self.cut_offs += cut
        answered = await _first_after(media_at, speech_end, ANSWER_WAIT_S)
        if answered is None:
            self.unanswered += 1
            return not ws.closed
        if not cut:
            self.latencies.append(answered - speech_end)
        try:
            await asyncio.wait_for(marks.get(), ANSWER_TIMEOUT_S)  # the answer was sent
        except asyncio.TimeoutError:
            return False
        return not ws.closed

    @staticmethod
    async def _speak(ws: websockets.WebSocketClientProtocol, utterance: Spoken,
                     media_at: list[float]) -> float:
        """Send the utterance, then silence, at 20 ms a frame until an answer starts after
        its speech (or the silence runs out); the time its speech ended."""
        audio = np.concatenate([utterance.audio, np.zeros(PIPELINE_RATE * 5, np.float32)])
        mulaw = pipeline_to_mulaw8k(audio)
        speech_frames = int(np.ceil(utterance.speech_end_s * PIPELINE_RATE / FRAME_SAMPLES))
        started, speech_end = time.perf_counter(), float("inf")
        for index, start in enumerate(range(0, len(mulaw), FRAME_SAMPLES // 2)):
            if index == speech_frames:
                speech_end = time.perf_counter()
            if index > speech_frames and any(t > speech_end for t in media_at[-5:]):
                break
            await ws.send(json.dumps({"event": "media", "streamSid": "MZb", "media": {
                "payload": base64.b64encode(mulaw[start:start + FRAME_SAMPLES // 2]).decode()}}))
            delay = started + (index + 1) * 0.02 - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        return speech_end


async def _first_after(media_at: list[float], moment: float, wait_s: float) -> float | None:
    """The first answer frame's arrival after MOMENT, waiting up to WAIT_S from MOMENT."""
    while True:
        later = [t for t in media_at if t > moment]
        if later:
            return later[0]
        if time.perf_counter() - moment > wait_s:
            return None
        await asyncio.sleep(0.005)


def rss_mb(process: psutil.Process) -> float:
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20


@dataclass(frozen=True)
class Level:
    """The answers of COUNT calls at once."""

    p50: float
    p95: float
    idle_mb: float  # the gateway's memory with its models loaded and no call
    per_call_mb: float
    cut_offs: int
    turns: int  # utterances said; the timed answers are those without a cut-off
    unanswered: int


async def calls_at_once(gateway: VoiceGatewayProcess, process: psutil.Process, count: int,
                        utterances: list[Spoken], turns: int) -> tuple[list[Call], float]:
    """`count` calls, starts spread over 2 s, each saying TURNS utterances drawn at random;
    the calls and the peak memory."""
    calls = [Call(gateway.ws_url) for _ in range(count)]
    peak = [rss_mb(process)]

    async def sample() -> None:
        while True:
            peak.append(rss_mb(process))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(*(call.run(random.choices(utterances, k=turns), random.uniform(0, 2))
                           for call in calls))
    sampler.cancel()
    return calls, max(peak)


def level(gateway: VoiceGatewayProcess, count: int, utterances: list[Spoken],
          turns: int) -> Level:
    process = psutil.Process(gateway.process.pid)
    idle = rss_mb(process)
    calls, peak = asyncio.run(calls_at_once(gateway, process, count, utterances, turns))
    latencies = [t for call in calls for t in call.latencies]
    return Level(statistics.median(latencies), percentile(latencies, 95), idle,
                 max(0.0, peak - idle) / count, sum(c.cut_offs for c in calls), count * turns,
                 sum(c.unanswered for c in calls))


def one_call(gateway: VoiceGatewayProcess, utterances: list[Spoken]) -> Call:
    call = Call(gateway.ws_url)
    asyncio.run(call.run(utterances))
    return call
