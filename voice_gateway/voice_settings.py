"""Settings of the voice gateway, from environment variables (with working defaults)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from limits import parse

from helpdesk.config import Settings, env_float, env_int
from helpdesk.security.internal_auth import internal_secret
from helpdesk.security.stack_secrets import AUDIOSOCKET_SECRET_ENV

TRUST_UNSIGNED_ENV = "HELPDESK_TRUST_UNSIGNED_CALLER_ID"


@dataclass(frozen=True)
class VoiceSettings:
    rasa_url: str
    voice_port: int
    audiosocket_port: int
    stt_model: str  # "tiny" (Whisper tiny.en) or "base" (Whisper base)
    stt_beam_size: int
    stt_window_s: float  # Whisper's input window; shorter is faster (30 = Whisper's own)
    cpu_threads: int
    stt_workers: int
    tts_workers: int  # sentences synthesised at once (all calls together)
    tts_threads: int  # CPU threads of one Piper synthesis
    tts_cache_sentences: int  # spoken sentences kept for reuse (0: no cache)
    piper_voice: str | None  # path of a Piper .onnx voice; None: the packaged voice
    vad_threshold: float
    end_of_speech_ms: int  # silence that ends an utterance (hangover)
    speculate_ms: int  # silence after which transcription starts, before the hangover ends
    min_speech_ms: int  # shorter blips are noise
    barge_in_ms: int  # speech over the bot for this long stops its audio
    max_utterance_s: float
    silence_timeout_s: float
    silence_reprompts: int
    dtmf_timeout_s: float
    public_url: str | None  # e.g. https://voice.example.com, for the TwiML stream URL
    twilio_account_sid: str | None
    twilio_auth_token: str | None
    twilio_api_base: str
    transfer_number: str | None
    transfer_queue: str | None
    connect_rate: str  # new connections per client address, `limits` notation
    calls_per_client: int  # simultaneous connections per client address
    rate_limit_storage: str  # memory:// or redis://... (shared by several gateways)
    internal_secret: str = ""  # sent to Rasa's voice channel (HELPDESK_INTERNAL_SECRET)
    audiosocket_secret: str = ""  # the PBX's bearer token for POST /audiosocket/calls
    # Local testing only: believe an unsigned caller number (Twilio without
    # TWILIO_AUTH_TOKEN, the browser test page).
    trust_unsigned_caller_id: bool = False

    @classmethod
    def from_env(cls) -> VoiceSettings:
        base = Settings.from_env()
        stt_model = os.environ.get("HELPDESK_STT_MODEL", "tiny").strip().lower()
        if stt_model not in ("tiny", "base"):
            raise SystemExit(f"HELPDESK_STT_MODEL={stt_model!r}: use 'tiny' or 'base'")
        return cls(
            rasa_url=os.environ.get("HELPDESK_RASA_URL") or f"http://127.0.0.1:{base.rasa_port}",
            voice_port=base.voice_port,
            audiosocket_port=base.audiosocket_port,
            stt_model=stt_model,
            stt_beam_size=env_int("HELPDESK_STT_BEAM_SIZE", 1),
            stt_window_s=min(30.0, max(5.0, env_float("HELPDESK_STT_WINDOW_S", 15))),
            cpu_threads=env_int("HELPDESK_VOICE_CPU_THREADS", 2),
            stt_workers=env_int("HELPDESK_STT_WORKERS", 1),
            tts_workers=max(1, env_int("HELPDESK_TTS_WORKERS", 2)),
            tts_threads=max(1, env_int("HELPDESK_TTS_CPU_THREADS", 1)),
            tts_cache_sentences=max(0, env_int("HELPDESK_TTS_CACHE", 500)),
            piper_voice=os.environ.get("HELPDESK_PIPER_VOICE") or None,
            vad_threshold=env_float("HELPDESK_VAD_THRESHOLD", 0.5),
            end_of_speech_ms=env_int("HELPDESK_VAD_END_OF_SPEECH_MS", 500),
            speculate_ms=env_int("HELPDESK_VAD_SPECULATE_MS", 150),
            min_speech_ms=env_int("HELPDESK_VAD_MIN_SPEECH_MS", 200),
            barge_in_ms=env_int("HELPDESK_BARGE_IN_MS", 300),
            max_utterance_s=env_float("HELPDESK_MAX_UTTERANCE_S", 20),
            silence_timeout_s=env_float("HELPDESK_SILENCE_TIMEOUT_S", 8),
            silence_reprompts=env_int("HELPDESK_SILENCE_REPROMPTS", 2),
            dtmf_timeout_s=env_float("HELPDESK_DTMF_TIMEOUT_S", 2.5),
            public_url=os.environ.get("HELPDESK_VOICE_PUBLIC_URL") or None,
            twilio_account_sid=os.environ.get("TWILIO_ACCOUNT_SID") or None,
            twilio_auth_token=os.environ.get("TWILIO_AUTH_TOKEN") or None,
            twilio_api_base=os.environ.get("TWILIO_API_BASE", "https://api.twilio.com"),
            transfer_number=os.environ.get("HELPDESK_TRANSFER_NUMBER") or None,
            transfer_queue=os.environ.get("HELPDESK_TRANSFER_QUEUE") or None,
            connect_rate=_rate("HELPDESK_VOICE_CONNECT_RATE", "60/minute"),
            calls_per_client=env_int("HELPDESK_VOICE_CALLS_PER_CLIENT", 20),
            rate_limit_storage=os.environ.get("HELPDESK_RATE_LIMIT_STORAGE")
            or base.lock_store_url or "memory://",
            internal_secret=internal_secret(),
            audiosocket_secret=os.environ.get(AUDIOSOCKET_SECRET_ENV, "").strip(),
            trust_unsigned_caller_id=os.environ.get(TRUST_UNSIGNED_ENV, "").strip().lower()
            in ("1", "true", "yes"),
        )


def _rate(name: str, default: str) -> str:
    """A rate in `limits` notation ("60/minute"); a clear exit message when it is not one."""
    raw = os.environ.get(name, "").strip() or default
    try:
        parse(raw)
    except ValueError as exc:
        raise SystemExit(f"setting {name}={raw!r} is not a rate such as '60/minute'") from exc
    return raw
