"""Caller voices that are not the bot's: Debian's espeak-ng and flite, and Piper's joe (the
bot's own voice) as one row among them, so a benchmark shows the difference.

`speak` returns 16 kHz float32 mono, the gateway's internal format. Its results are kept on
disk (var/cache/caller_speech/, keyed by engine, voice, rate, text and engine version) and
in memory. espeak-ng and flite are deterministic; Piper speaks here without its sampled
noise (noise_scale 0), so a Piper row is the same on every machine, from the first run on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpdesk.config import get_settings
from voice_gateway.audio.codec import PIPELINE_RATE, resample

ENGINES = ("espeak-ng", "flite", "piper")


class CallerVoiceUnavailable(RuntimeError):
    """The engine of a caller voice is not installed (`make bootstrap-test` installs it)."""


@dataclass(frozen=True)
class CallerVoice:
    """One synthetic caller: `voice` is espeak-ng's `-v` (e.g. "en-gb-scotland", "en+f3"),
    flite's `-voice` (kal, slt, rms, awb) or, for Piper, the name of the packaged voice the
    bot speaks with (the only Piper voice installed); `rate_wpm` is espeak-ng's speaking
    rate (None: the engine's own pace)."""

    name: str
    engine: str
    voice: str
    rate_wpm: int | None = None


def _espeak(voice: str, rate_wpm: int | None) -> CallerVoice:
    return CallerVoice(f"espeak-ng {voice} {rate_wpm} wpm", "espeak-ng", voice, rate_wpm)


def _flite(voice: str) -> CallerVoice:
    return CallerVoice(f"flite {voice}", "flite", voice, None)


# The e2e tests' voices. Whisper tiny hears espeak-ng's voices far worse than flite's
# (benchmarks/RESULTS.md, "Caller voices and phone lines": WER 52–96 % vs 28–57 %), so
# most calls speak with flite's slt, which heard every e2e sentence right in a screening;
# espeak-ng's best voice, en-us+f3 at 140 wpm, speaks in the tests whose sentences it
# carries (it says "Thank you, goodbye." so that Whisper hears "And you don't mind.").
# en-us at 150 wpm, the voice of the first report, is a row of VOICES. Variants go
# on "en" ("en+f3"): espeak-ng 1.51 ignores a variant on "en-gb" ("en-gb+f3" speaks
# exactly as "en-gb").
DEFAULT_VOICE = _flite("slt")
SECOND_VOICE = _flite("awb")  # a second voice of another sex, for a second caller
ESPEAK_VOICE = _espeak("en-us+f3", 140)  # the espeak-ng caller of the e2e tests
NOISY_VOICE = DEFAULT_VOICE  # the voice the e2e tests put noise on
BOT_VOICE = CallerVoice("piper joe (the bot's own voice)", "piper", "en_US-joe-medium", None)

VOICES: tuple[CallerVoice, ...] = (
    _espeak("en-gb", 150),
    _espeak("en-us", 150),
    _espeak("en+f3", 170),
    ESPEAK_VOICE,
    _espeak("en-gb-scotland", 130),
    _espeak("en-029", 180),
    _espeak("en-us+m3", 200),
    _flite("kal"),
    DEFAULT_VOICE,
    _flite("rms"),
    SECOND_VOICE,
    BOT_VOICE,
)


def by_name(name: str) -> CallerVoice:
    """The voice of VOICES called `name` (a clear error listing the names otherwise)."""
    for voice in VOICES:
        if voice.name == name:
            return voice
    raise KeyError(f"no caller voice {name!r}; known: {', '.join(v.name for v in VOICES)}")


def _binary(engine: str) -> str:
    path = shutil.which(engine)
    if path is None:
        raise CallerVoiceUnavailable(
            f"{engine} is not installed: run `make bootstrap-test` (it installs Debian's "
            "espeak-ng and flite) or `apt-get install espeak-ng flite`")
    return path


@functools.cache
def engine_version(engine: str) -> str:
    """The engine's version string, part of the cache key (a new engine speaks anew)."""
    if engine == "piper":
        from voice_gateway.services.model_files import piper_voice_file

        voice_file = piper_voice_file()
        return f"piper-tts {importlib.metadata.version('piper-tts')} {voice_file.name} " \
               f"{voice_file.stat().st_size} noiseless"
    if engine not in ENGINES:
        raise ValueError(f"unknown TTS engine {engine!r}; use one of {', '.join(ENGINES)}")
    return " ".join(_run([_binary(engine), "--version"], check=False).split())[:200]


def _run(command: list[str], check: bool = True) -> str:
    """Output of a TTS binary (flite's --version exits 1 after printing it: CHECK False)."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if check and done.returncode != 0:
        raise CallerVoiceUnavailable(f"{Path(command[0]).name} failed: "
                                     f"{(done.stderr or done.stdout).strip()[:300]}")
    return done.stdout + done.stderr


@functools.lru_cache(maxsize=1)
def flite_voices() -> frozenset[str]:
    """flite's built-in voices: an unknown `-voice` would silently speak as kal."""
    listed = _run([_binary("flite"), "-lv"]).partition(":")[2]
    return frozenset(listed.split())


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise CallerVoiceUnavailable(f"{path.name}: expected 16-bit mono WAV")
        rate, frames = wav.getframerate(), wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    return resample(samples, rate, PIPELINE_RATE)


def _command(voice: CallerVoice, text: str, out: Path) -> list[str]:
    if voice.engine == "espeak-ng":
        rate = ["-s", str(voice.rate_wpm)] if voice.rate_wpm else []
        return [_binary("espeak-ng"), "-v", voice.voice, *rate, "-w", str(out), "--", text]
    return [_binary("flite"), "-voice", voice.voice, "-t", text, "-o", str(out)]


def _synthesise_binary(voice: CallerVoice, text: str, out: Path) -> None:
    if voice.engine == "flite" and voice.voice not in flite_voices():
        raise CallerVoiceUnavailable(f"flite has no voice {voice.voice!r}; it has "
                                     f"{', '.join(sorted(flite_voices()))}")
    _run(_command(voice, text, out))
    if not out.exists():
        raise CallerVoiceUnavailable(f"{voice.engine} wrote no audio for {text!r}")


@functools.lru_cache(maxsize=1)
def _piper() -> object:
    from piper import PiperVoice

    from voice_gateway.services.model_files import piper_voice_file

    return PiperVoice.load(piper_voice_file())


def _synthesise_piper(text: str, out: Path) -> None:
    from piper.config import SynthesisConfig

    voice = _piper()
    with wave.open(str(out), "wb") as wav:
        # No sampled noise: the same speech on every machine, from the first run on.
        voice.synthesize_wav(text, wav, syn_config=SynthesisConfig(  # type: ignore[attr-defined]
            noise_scale=0.0, noise_w_scale=0.0))


def cache_dir() -> Path:
    return get_settings().var_dir / "cache" / "caller_speech"


def _cache_file(voice: CallerVoice, text: str) -> Path:
    key = json.dumps([voice.engine, voice.voice, voice.rate_wpm, text,
                      engine_version(voice.engine)])
    return cache_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.wav"


@functools.lru_cache(maxsize=2048)
def speak(voice: CallerVoice, text: str) -> np.ndarray:
    """`voice` saying `text`: 16 kHz float32 mono (read-only; copy it to change it). The
    engine's own WAV is what is kept on disk (small, and it can be listened to)."""
    if voice.engine not in ENGINES:
        raise ValueError(f"unknown TTS engine {voice.engine!r}; use one of {', '.join(ENGINES)}")
    if not text.strip():
        raise ValueError("a caller voice needs some text to say")
    cached = _cache_file(voice, text)
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.stem}.{os.getpid()}.partial.wav")  # no clash
        if voice.engine == "piper":
            _synthesise_piper(text, partial)
        else:
            _synthesise_binary(voice, text, partial)
        partial.replace(cached)
    audio = _read_wav(cached)
    audio.flags.writeable = False
    return audio
