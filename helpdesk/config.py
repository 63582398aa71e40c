"""The stack's settings: one frozen `Settings`, read from the environment once per process.

Every environment variable the code reads is read here, by one family of parsers
(`Environment`) that stop the process with a clear message on a bad value ("setting
RASA_PORT='x' is not a number"), and every derived default (the Rasa URL, where rate limits
are counted, the tracker store, the bind address, the var directory) is computed here,
once. A process asks `get_settings()` (built on first use, then kept); code below takes the
values it needs from there or as parameters, never from `os.environ`. `Settings.from_env()`
builds a fresh one (tests, tools that change the environment: `get_settings.cache_clear()`
makes the next `get_settings()` build anew).

The variables and their defaults are the README's configuration table (CONTRACT §2 names
the binding ones); tests/unit/test_config.py keeps the table and this module in step.
Building the environment of child processes (helpdesk.ops.service_commands) stays there."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from limits import parse as parse_rate

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Names other modules need (to hand a value to a child process, to name it in a message).
RASA_API_TOKEN_ENV = "RASA_API_TOKEN"
INTERNAL_SECRET_ENV = "HELPDESK_INTERNAL_SECRET"
AUDIOSOCKET_SECRET_ENV = "HELPDESK_AUDIOSOCKET_SECRET"
WIDGET_TOKEN_SECRET_ENV = "HELPDESK_WIDGET_TOKEN_SECRET"
TRUST_UNSIGNED_ENV = "HELPDESK_TRUST_UNSIGNED_CALLER_ID"
# Documented in the README's table but read by Rasa itself, not by this module.
READ_BY_RASA = frozenset({"TICKET_LOCK_LIFETIME"})

DEFAULT_DB_URL = "sqlite:///var/helpdesk.db"
DEFAULT_TRACKER_DB = "sqlite:///var/tracker.db"
LOOPBACK = "127.0.0.1"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class Environment:
    """The parsers, over one mapping of variables (`os.environ` unless given). A value that
    is unset or blank means the default; a bad one stops the process (SystemExit) with a
    message naming the variable, at start rather than in the middle of a turn."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def _raw(self, name: str, strip: bool = True) -> str:
        value = self._environ.get(name) or ""
        if not value.strip():
            return ""
        return value.strip() if strip else value

    def text(self, name: str, default: str = "", strip: bool = True) -> str:
        return self._raw(name, strip) or default

    def optional(self, name: str, strip: bool = True) -> str | None:
        """The value, or None when unset."""
        return self._raw(name, strip) or None

    def number(self, name: str, default: float) -> float:
        raw = self._raw(name)
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise SystemExit(f"setting {name}={raw!r} is not a number")
        return value

    def whole_number(self, name: str, default: int) -> int:
        value = self.number(name, default)
        if not float(value).is_integer():
            raise SystemExit(f"setting {name}={self._raw(name)!r} is not a whole number")
        return int(value)

    def flag(self, name: str, default: bool = False) -> bool:
        """Yes or no: 1/true/yes/on or 0/false/no/off."""
        raw = self._raw(name).lower()
        if not raw:
            return default
        if raw not in TRUE_WORDS | FALSE_WORDS:
            raise SystemExit(f"setting {name}={raw!r} is not yes or no (1 or 0)")
        return raw in TRUE_WORDS

    def items(self, name: str, default: str = "") -> tuple[str, ...]:
        """A comma-separated list, each item stripped, empty items dropped."""
        return tuple(item.strip() for item in self.text(name, default).split(",")
                     if item.strip())

    def rate(self, name: str, default: str) -> str:
        """A rate in `limits` notation ("60/minute"), checked here, kept as text."""
        raw = self.text(name, default)
        try:
            parse_rate(raw)
        except ValueError as exc:
            raise SystemExit(f"setting {name}={raw!r} is not a rate such as '60/minute'"
                             ) from exc
        return raw

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        raw = self.text(name, default).lower()
        if raw not in choices:
            raise SystemExit(f"setting {name}={raw!r} is not one of "
                             f"{', '.join(map(repr, choices))}")
        return raw


# --- sections --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SecretSettings:
    """The stack's secrets as configured ("" when unset). When unset, `helpdesk run` makes
    them once into var/ (helpdesk.security.stack_secrets) and hands them to every child."""

    rasa_api_token: str  # Rasa's HTTP API (`?token=`)
    internal_secret: str  # between the stack's own processes (X-Helpdesk-Secret)
    audiosocket_secret: str  # the PBX's bearer token for POST /audiosocket/calls
    widget_token_secret: str  # signs the website's customer tokens

    @classmethod
    def read(cls, env: Environment) -> SecretSettings:
        return cls(env.text(RASA_API_TOKEN_ENV), env.text(INTERNAL_SECRET_ENV),
                   env.text(AUDIOSOCKET_SECRET_ENV), env.text(WIDGET_TOKEN_SECRET_ENV))


@dataclass(frozen=True)
class CustomerTokenSettings:
    """Signed customer tokens (helpdesk.accounts.customer_tokens)."""

    audience: str  # the `aud` a token must name
    max_ttl_s: int  # the longest a token may be valid (exp - iat)

    @classmethod
    def read(cls, env: Environment) -> CustomerTokenSettings:
        return cls(env.text("HELPDESK_CUSTOMER_TOKEN_AUDIENCE", "helpdesk-widget"),
                   max(1, env.whole_number("HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S", 24 * 3600)))


@dataclass(frozen=True)
class ChatSettings:
    """The chat channels (REST webhook, widget): rate limits and who may embed the widget."""

    rate: str  # messages per conversation, `limits` notation
    client_rate: str  # messages per client address
    widget_origins: tuple[str, ...]  # sites that may embed the widget; empty: any site

    @classmethod
    def read(cls, env: Environment) -> ChatSettings:
        origins = env.text("HELPDESK_WIDGET_ORIGINS")
        return cls(env.rate("HELPDESK_CHAT_RATE", "30/minute"),
                   env.rate("HELPDESK_CHAT_CLIENT_RATE", "1200/minute"),
                   () if origins == "*" else tuple(
                       origin.rstrip("/") for origin in env.items("HELPDESK_WIDGET_ORIGINS")))


@dataclass(frozen=True)
class FaqThresholds:
    """FAQ retrieval's decision (helpdesk.faq.retrieval.decide), calibrated on
    tests/data/faq_paraphrases*.yml."""

    answer: float  # the best entry is answered at or above this score...
    margin: float  # ...when it leads the next entry by at least this much
    suggest: float  # entries at or above this are offered to choose from

    @classmethod
    def read(cls, env: Environment) -> FaqThresholds:
        return cls(env.number("HELPDESK_FAQ_ANSWER_THRESHOLD", 0.36),
                   env.number("HELPDESK_FAQ_MARGIN", 0.05),
                   env.number("HELPDESK_FAQ_SUGGEST_THRESHOLD", 0.32))



@dataclass(frozen=True)
class HandoffSettings:
    """Handoff routing and lead capture."""

    wait_targets_s: dict[str, int]  # per tier: longer than this and a handoff is overdue
    offer_timeout_s: int  # an offered agent who does not claim in time loses the handoff
    default_capacity: int  # handoffs an agent handles at once, unless set per agent
    agent_idle_s: int  # no sign of life for this long and an agent counts as offline
    average_handle_s: int  # for the expected wait until closed handoffs give a real figure
    opening_hours: str  # "" = always open; else e.g. "mon-fri 09:00-18:00; sat 10:00-14:00"
    timezone: str
    vip_handoff_intents: frozenset[str]  # intents that go to a person for vip customers
    # How long the Rasa server trusts "no open handoff" (helpdesk.handoffs.open_check);
    # 0: asks the store on every message (the benchmark's baseline).
    open_check_ttl_s: float = 60.0

    @classmethod
    def read(cls, env: Environment) -> HandoffSettings:
        return cls(
            wait_targets_s={
                "vip": env.whole_number("HELPDESK_WAIT_TARGET_VIP_S", 30),
                "gold": env.whole_number("HELPDESK_WAIT_TARGET_GOLD_S", 60),
                "standard": env.whole_number("HELPDESK_WAIT_TARGET_STANDARD_S", 120),
            },
            offer_timeout_s=env.whole_number("HELPDESK_OFFER_TIMEOUT_S", 30),
            default_capacity=env.whole_number("HELPDESK_AGENT_CAPACITY", 3),
            agent_idle_s=env.whole_number("HELPDESK_AGENT_IDLE_S", 900),
            average_handle_s=env.whole_number("HELPDESK_AVERAGE_HANDLE_S", 240),
            opening_hours=env.text("HELPDESK_OPENING_HOURS"),
            timezone=env.text("HELPDESK_TIMEZONE", "UTC"),
            vip_handoff_intents=frozenset(
                env.items("HELPDESK_VIP_HANDOFF_INTENTS", "sales_interest,complain")),
            open_check_ttl_s=max(0.0, env.number("HELPDESK_HANDOFF_CHECK_TTL_S", 60)),
        )


WIDGET_GREETING = ("Hi! I'm the virtual assistant. Ask me about an order, a delivery, your "
                   "balance, or anything about shipping and returns.")


@dataclass(frozen=True)
class WebSettings:
    """The web app (helpdesk.web)."""

    console_port: int
    admin_password: str | None
    token_ttl_s: int
    login_rate: str  # failed logins per client address and user name, `limits` notation
    login_user_rate: str  # failed logins per user name from all addresses together
    rate_limit_storage: str  # memory:// or redis://... (shared by several web apps)
    rasa_port: int
    widget_rasa_url: str | None  # where browsers reach Rasa's socket.io; None: the page's host
    widget_title: str
    widget_greeting: str
    widget_color: str  # the widget's theme colour (CSS colour)

    @classmethod
    def read(cls, env: Environment, console_port: int, rasa_port: int,
             rate_limit_storage: str) -> WebSettings:
        return cls(
            console_port=console_port,
            admin_password=env.optional("HELPDESK_ADMIN_PASSWORD", strip=False),
            token_ttl_s=env.whole_number("HELPDESK_TOKEN_TTL_S", 8 * 3600),
            login_rate=env.rate("HELPDESK_LOGIN_RATE", "5/minute"),
            login_user_rate=env.rate("HELPDESK_LOGIN_USER_RATE", "20/hour"),
            rate_limit_storage=rate_limit_storage,
            rasa_port=rasa_port,
            widget_rasa_url=env.optional("HELPDESK_WIDGET_RASA_URL"),
            widget_title=env.text("HELPDESK_WIDGET_TITLE", "Customer service"),
            widget_greeting=env.text("HELPDESK_WIDGET_GREETING", WIDGET_GREETING),
            widget_color=env.text("HELPDESK_WIDGET_COLOR", "#1f5fbf"),
        )


    def widget_defaults(self) -> dict[str, object]:
        """The widget's settings, as sent to the browser ahead of widget.js."""
        return {"rasaUrl": self.widget_rasa_url, "rasaPort": self.rasa_port,
                "title": self.widget_title, "greeting": self.widget_greeting,
                "color": self.widget_color}


@dataclass(frozen=True)
class VoiceSettings:
    """The voice gateway (voice_gateway)."""

    rasa_url: str
    voice_port: int
    audiosocket_port: int
    stt_model: str  # "tiny" (Whisper tiny.en) or "base" (Whisper base)
    stt_beam_size: int
    stt_window_s: float  # Whisper's input window; shorter is faster (30 = Whisper's own)
    # The confidence sent with a spoken message also weighs the digits' own probabilities
    # (Whisper's word timestamps: one more pass over the audio).
    stt_word_confidence: bool
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
    # The turn-end model (Smart Turn v3): "auto" uses it when its file is there, "off" (the
    # default: on synthetic callers it cut off more and waited longer at p95, see
    # benchmarks/turn_bench.py) keeps the fixed rule (end_of_speech_ms). At a pause of
    # turn_pause_ms it is asked; p >= turn_threshold ends the turn, else turn_cap_ms do.
    turn_model: str
    turn_threshold: float
    turn_pause_ms: int
    turn_cap_ms: int
    # With the fixed rule: where digits are asked and the words so far end in fewer, the
    # silence that ends the turn instead (a pause inside a number); 0 (the default) turns it
    # off: it cut the paused digit strings' cut-offs by half in benchmarks/turn_bench.py,
    # but waits for the early transcription, and the e2e callers, which stop sending audio
    # after their words, are not yet a phone line that keeps sending it.
    digit_wait_ms: int
    quick_end_ms: int  # a turn whose words read as finished ends after this silence; 0: off
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
    business_name: str = "Ridgeline Outfitters"  # how outbound calls and voicemails begin
    internal_secret: str = ""  # sent to Rasa's voice channel (HELPDESK_INTERNAL_SECRET)
    audiosocket_secret: str = ""  # the PBX's bearer token for POST /audiosocket/calls
    # Local testing only: believe an unsigned caller number (Twilio without
    # TWILIO_AUTH_TOKEN, the browser test page).
    trust_unsigned_caller_id: bool = False

    @classmethod
    def read(cls, env: Environment, rasa_url: str, voice_port: int, audiosocket_port: int,
             rate_limit_storage: str, secrets: SecretSettings) -> VoiceSettings:
        return cls(
            rasa_url=rasa_url,
            voice_port=voice_port,
            audiosocket_port=audiosocket_port,
            stt_model=env.choice("HELPDESK_STT_MODEL", "tiny", ("tiny", "base")),
            stt_beam_size=env.whole_number("HELPDESK_STT_BEAM_SIZE", 1),
            stt_window_s=min(30.0, max(5.0, env.number("HELPDESK_STT_WINDOW_S", 15))),
            stt_word_confidence=env.flag("HELPDESK_STT_WORD_CONFIDENCE", False),
            cpu_threads=env.whole_number("HELPDESK_VOICE_CPU_THREADS", 2),
            stt_workers=env.whole_number("HELPDESK_STT_WORKERS", 1),
            tts_workers=max(1, env.whole_number("HELPDESK_TTS_WORKERS", 2)),
            tts_threads=max(1, env.whole_number("HELPDESK_TTS_CPU_THREADS", 1)),
            tts_cache_sentences=max(0, env.whole_number("HELPDESK_TTS_CACHE", 500)),
            piper_voice=env.optional("HELPDESK_PIPER_VOICE"),
            vad_threshold=env.number("HELPDESK_VAD_THRESHOLD", 0.5),
            end_of_speech_ms=env.whole_number("HELPDESK_VAD_END_OF_SPEECH_MS", 500),
            speculate_ms=env.whole_number("HELPDESK_VAD_SPECULATE_MS", 150),
            min_speech_ms=env.whole_number("HELPDESK_VAD_MIN_SPEECH_MS", 200),
            barge_in_ms=env.whole_number("HELPDESK_BARGE_IN_MS", 300),
            max_utterance_s=env.number("HELPDESK_MAX_UTTERANCE_S", 20),
            turn_model=env.choice("HELPDESK_VOICE_TURN_MODEL", "off", ("auto", "off")),
            turn_threshold=min(1.0, max(0.0, env.number("HELPDESK_VOICE_TURN_THRESHOLD",
                                                        0.5))),
            turn_pause_ms=max(32, env.whole_number("HELPDESK_VOICE_TURN_PAUSE_MS", 200)),
            turn_cap_ms=max(100, env.whole_number("HELPDESK_VOICE_TURN_CAP_MS", 2000)),
            digit_wait_ms=env.whole_number("HELPDESK_VOICE_DIGIT_WAIT_MS", 0),
            quick_end_ms=env.whole_number("HELPDESK_VOICE_QUICK_END_MS", 300),
            silence_timeout_s=env.number("HELPDESK_SILENCE_TIMEOUT_S", 8),
            silence_reprompts=env.whole_number("HELPDESK_SILENCE_REPROMPTS", 2),
            dtmf_timeout_s=env.number("HELPDESK_DTMF_TIMEOUT_S", 2.5),
            public_url=env.optional("HELPDESK_VOICE_PUBLIC_URL"),
            twilio_account_sid=env.optional("TWILIO_ACCOUNT_SID"),
            twilio_auth_token=env.optional("TWILIO_AUTH_TOKEN"),
            twilio_api_base=env.text("TWILIO_API_BASE", "https://api.twilio.com"),
            transfer_number=env.optional("HELPDESK_TRANSFER_NUMBER"),
            transfer_queue=env.optional("HELPDESK_TRANSFER_QUEUE"),
            connect_rate=env.rate("HELPDESK_VOICE_CONNECT_RATE", "60/minute"),
            calls_per_client=env.whole_number("HELPDESK_VOICE_CALLS_PER_CLIENT", 20),
            rate_limit_storage=rate_limit_storage,
            business_name=env.text("HELPDESK_BUSINESS_NAME", "Ridgeline Outfitters")[:80],
            internal_secret=secrets.internal_secret,
            audiosocket_secret=secrets.audiosocket_secret,
            trust_unsigned_caller_id=env.flag(TRUST_UNSIGNED_ENV),
        )



@dataclass(frozen=True)
class OutboundSettings:
    """Outbound campaigns: the dialer's Twilio account and number, where Twilio reaches the
    gateway (the call's TwiML) and the web app (status callbacks), and how many calls at
    once the gateway may carry for campaigns."""

    from_number: str | None  # HELPDESK_OUTBOUND_FROM, E.164
    twilio_account_sid: str | None
    twilio_auth_token: str | None
    twilio_api_base: str
    voice_url: str  # the gateway as Twilio reaches it
    console_url: str  # the web app as Twilio reaches it
    max_calls: int  # campaign calls at once, all campaigns together
    machine_detection: str  # Twilio's MachineDetection: DetectMessageEnd, Enable or off
    ring_timeout_s: int  # how long a call rings before it counts as not answered
    # A placed call with no final status callback after this long is asked about (the
    # callback may have been lost while the web app was down).
    settle_after_s: float
    business_timezone: str  # a callee's zone when neither campaign nor number gives one
    business_name: str  # every outbound call says it first

    @property
    def configured(self) -> bool:
        return bool(self.from_number and self.twilio_account_sid and self.twilio_auth_token)

    @classmethod
    def read(cls, env: Environment, voice: VoiceSettings, console_port: int,
             business_timezone: str) -> OutboundSettings:
        return cls(
            from_number=env.optional("HELPDESK_OUTBOUND_FROM"),
            twilio_account_sid=voice.twilio_account_sid,
            twilio_auth_token=voice.twilio_auth_token,
            twilio_api_base=voice.twilio_api_base,
            voice_url=(voice.public_url or f"http://{LOOPBACK}:{voice.voice_port}").rstrip("/"),
            console_url=(env.optional("HELPDESK_CONSOLE_PUBLIC_URL")
                         or f"http://{LOOPBACK}:{console_port}").rstrip("/"),
            max_calls=max(1, env.whole_number("HELPDESK_OUTBOUND_MAX_CALLS", 4)),
            machine_detection=env.choice("HELPDESK_OUTBOUND_AMD", "detectmessageend",
                                         ("detectmessageend", "enable", "off")),
            ring_timeout_s=max(5, env.whole_number("HELPDESK_OUTBOUND_RING_S", 30)),
            settle_after_s=max(1.0, env.number("HELPDESK_OUTBOUND_SETTLE_S", 120)),
            business_timezone=business_timezone,
            business_name=voice.business_name,
        )


# --- the whole -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """Every knob of the stack: the core (stores, ports, addresses, logs, verification)
    flat, as the process runners `dataclasses.replace` ports, then one section per part."""

    db_url: str
    rasa_port: int
    actions_port: int
    console_port: int
    voice_port: int
    audiosocket_port: int
    tracker_store_url: str  # Rasa's SQL tracker store (SQLite in var/ by default)
    lock_store_url: str | None  # Redis when several Rasa servers share conversations
    lock_store_prefix: str  # Redis keys and socket.io channel of this stack
    store_retry_s: float  # how long a turn retries a dropped tracker-store database
    # Analytics recorded before the reply instead of after it (helpdesk.analytics.recorder):
    # the old path, the benchmark's baseline.
    analytics_inline: bool
    # Rasa's own action calls (a schema check built per call, a new connection per call)
    # instead of helpdesk.rasa_plugins.action_calls: the benchmark's baseline.
    stock_action_calls: bool
    rate_limit_storage: str  # where rate limits are counted: memory:// or redis://...
    rasa_url: str  # where the web app and the voice gateway reach Rasa
    var_dir: Path
    # Address every service listens on (HELPDESK_BIND): loopback unless opened on purpose,
    # e.g. 0.0.0.0 behind a firewall or reverse proxy (README, Security and privacy).
    bind_host: str
    log_level: str  # the web app's and the voice gateway's (HELPDESK_LOG_LEVEL)
    rasa_log_level: str  # the action server's (LOG_LEVEL, also Rasa's own variable)
    default_phone_region: str
    max_pin_attempts: int
    pin_lockout_s: int  # how long wrong PINs lock a customer's PIN verification
    verified_idle_s: float  # silence after which a verification ends
    recent_orders_listed: int
    return_window_days: int  # days after delivery in which a customer may start a return
    # Below this speech-to-text confidence (0-1) a number heard on a call is read back
    # before it is used, and a spoken PIN is asked again or keyed (helpdesk.text.heard_digits).
    stt_min_confidence: float
    secrets: SecretSettings
    customer_tokens: CustomerTokenSettings
    chat: ChatSettings
    faq: FaqThresholds
    handoffs: HandoffSettings
    web: WebSettings
    voice: VoiceSettings
    outbound: OutboundSettings

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings built now from ENVIRON (default: this process's environment)."""
        env = Environment(environ)
        rasa_port = env.whole_number("RASA_PORT", 5005)
        console_port = env.whole_number("CONSOLE_PORT", 8080)
        voice_port = env.whole_number("VOICE_PORT", 5080)
        audiosocket_port = env.whole_number("AUDIOSOCKET_PORT", 5090)
        lock_store_url = env.optional("LOCK_STORE_URL")
        rate_limit_storage = (env.text("HELPDESK_RATE_LIMIT_STORAGE") or lock_store_url
                              or "memory://")
        rasa_url = env.text("HELPDESK_RASA_URL") or f"http://{LOOPBACK}:{rasa_port}"
        secrets = SecretSettings.read(env)
        handoffs = HandoffSettings.read(env)
        voice = VoiceSettings.read(env, rasa_url, voice_port, audiosocket_port,
                                   rate_limit_storage, secrets)
        return cls(
            db_url=env.text("HELPDESK_DB_URL", DEFAULT_DB_URL),
            rasa_port=rasa_port,
            actions_port=env.whole_number("ACTIONS_PORT", 5055),
            console_port=console_port,
            voice_port=voice_port,
            audiosocket_port=audiosocket_port,
            tracker_store_url=env.text("TRACKER_STORE_URL", DEFAULT_TRACKER_DB),
            lock_store_url=lock_store_url,
            lock_store_prefix=env.text("LOCK_STORE_PREFIX", "helpdesk"),
            store_retry_s=env.number("HELPDESK_STORE_RETRY_S", 10),
            analytics_inline=env.flag("HELPDESK_ANALYTICS_INLINE"),
            stock_action_calls=env.flag("HELPDESK_STOCK_ACTION_CALLS"),
            rate_limit_storage=rate_limit_storage,
            rasa_url=rasa_url,
            var_dir=Path(env.text("HELPDESK_VAR_DIR") or PROJECT_ROOT / "var"),
            bind_host=env.text("HELPDESK_BIND", LOOPBACK),
            log_level=env.text("HELPDESK_LOG_LEVEL", "INFO"),
            rasa_log_level=env.text("LOG_LEVEL", "INFO"),
            default_phone_region=env.text("HELPDESK_PHONE_REGION", "US"),
            max_pin_attempts=env.whole_number("HELPDESK_MAX_PIN_ATTEMPTS", 3),
            pin_lockout_s=max(1, env.whole_number("HELPDESK_PIN_LOCKOUT_S", 900)),
            verified_idle_s=max(1.0, env.number("HELPDESK_VERIFIED_IDLE_S", 900)),
            recent_orders_listed=env.whole_number("HELPDESK_RECENT_ORDERS_LISTED", 3),
            return_window_days=max(0, env.whole_number("HELPDESK_RETURN_WINDOW_DAYS", 30)),
            stt_min_confidence=min(1.0, max(0.0, env.number("HELPDESK_STT_MIN_CONFIDENCE",
                                                            0.5))),
            secrets=secrets,
            customer_tokens=CustomerTokenSettings.read(env),
            chat=ChatSettings.read(env),
            faq=FaqThresholds.read(env),
            handoffs=handoffs,
            web=WebSettings.read(env, console_port, rasa_port, rate_limit_storage),
            voice=voice,
            outbound=OutboundSettings.read(env, voice, console_port, handoffs.timezone),
        )


@cache
def get_settings() -> Settings:
    """This process's settings, built from the environment on first use."""
    return Settings.from_env()
