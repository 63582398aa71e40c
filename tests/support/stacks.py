"""Start a Rasa server and an action server on free ports and talk to them over REST.

Used by the end-to-end tests and the benchmark (never by `make run`, which uses honcho)."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from helpdesk.config import (
    AUDIOSOCKET_SECRET_ENV,
    INTERNAL_SECRET_ENV,
    PROJECT_ROOT,
    RASA_API_TOKEN_ENV,
    Settings,
)
from helpdesk.ops.service_commands import (
    actions_command,
    rasa_command,
    service_env,
    voice_command,
    web_command,
)
from helpdesk.security.internal_auth import INTERNAL_SECRET_HEADER
from helpdesk.security.stack_secrets import audiosocket_secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} not healthy after {timeout} s:\n{log.read_text()[-4000:]}")


@dataclass
class BotStack:
    """A running Rasa + action server pair. `api_token` opens Rasa's HTTP API
    (`?token=`), `internal_secret` the action server (`X-Helpdesk-Secret`)."""

    rasa_url: str
    actions_url: str
    db_url: str
    tracker_url: str
    processes: list[subprocess.Popen]
    logs: dict[str, Path]
    api_token: str = field(default="", repr=False)  # secrets stay out of test reports
    internal_secret: str = field(default="", repr=False)
    env: dict[str, str] = field(default_factory=dict, repr=False)

    def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None,
             ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata is not None:
            body["metadata"] = metadata
        reply = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        reply.raise_for_status()
        return reply.json()

    def say(self, sender: str, text: str, **kwargs: Any) -> str:
        """Send a message and return the bot's reply texts joined by newlines."""
        return "\n".join(m.get("text", "") for m in self.send(sender, text, **kwargs))

    def send_voice(self, sender: str, text: str, metadata: dict[str, Any] | None = None,
                   ) -> list[dict[str, Any]]:
        """Send a message as the voice gateway does: Rasa's `voice` channel with the
        internal secret, call metadata (e.g. a trusted `caller_number`) passed as given."""
        body = {"sender": sender, "message": text,
                "metadata": {"channel": "voice", **(metadata or {})}}
        reply = httpx.post(f"{self.rasa_url}/webhooks/voice/webhook", json=body, timeout=60,
                           headers={INTERNAL_SECRET_HEADER: self.internal_secret})
        reply.raise_for_status()
        return reply.json()

    def say_voice(self, sender: str, text: str, **kwargs: Any) -> str:
        """`send_voice`, and return the bot's reply texts joined by newlines."""
        return "\n".join(m.get("text", "") for m in self.send_voice(sender, text, **kwargs))

    def tracker(self, sender: str) -> dict[str, Any]:
        reply = httpx.get(f"{self.rasa_url}/conversations/{sender}/tracker",
                          params={"token": self.api_token}, timeout=30)
        reply.raise_for_status()
        return reply.json()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def start_bot_stack(model: Path, db_url: str, tracker_url: str, work_dir: Path,
                    with_actions: bool = True, endpoints: Path | None = None) -> BotStack:
    """Start the servers and wait until both answer /health (the action server optional)."""
    settings = Settings.from_env()
    settings = Settings(**{**settings.__dict__, "db_url": db_url, "rasa_port": free_port(),
                           "actions_port": free_port()})
    env = service_env(settings)
    env["TRACKER_STORE_URL"] = tracker_url
    env.pop("LOCK_STORE_URL", None)
    # The test CRM's dates are fixed (November 2026): a ten-year return window keeps order
    # 6003 (delivered 2026-11-14) inside it and 6004 (2016) outside, whatever day tests run.
    env.setdefault("HELPDESK_RETURN_WINDOW_DAYS", "3650")
    logs = {"actions": work_dir / "actions.log", "rasa": work_dir / "rasa.log"}
    rasa = rasa_command(settings, model)
    if endpoints is not None:
        rasa[rasa.index("--endpoints") + 1] = str(endpoints)
    services = [("actions", actions_command(settings))] if with_actions else []
    services.append(("rasa", rasa))
    processes = []
    for name, command in services:
        log = open(logs[name], "w")  # noqa: SIM115 - kept open for the child's lifetime
        processes.append(subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT))
    stack = BotStack(f"http://127.0.0.1:{settings.rasa_port}",
                     f"http://127.0.0.1:{settings.actions_port}", db_url, tracker_url,
                     processes, logs, env[RASA_API_TOKEN_ENV], env[INTERNAL_SECRET_ENV], env)
    try:
        if with_actions:
            wait_healthy(f"{stack.actions_url}/health", processes[0], logs["actions"])
        wait_healthy(f"{stack.rasa_url}/health", processes[-1], logs["rasa"])
    except Exception:
        stack.stop()
        raise
    return stack



@dataclass
class ServiceProcess:
    """One service started on free ports (voice gateway, web app)."""

    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class VoiceGatewayProcess(ServiceProcess):
    ws_url: str = ""
    audiosocket_port: int = 0
    audiosocket_secret: str = ""  # the PBX's bearer token for POST /audiosocket/calls


WebAppProcess = ServiceProcess


def _start_service(command: list[str], settings: Settings, port: int, log_path: Path,
                   extra_env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    env = service_env(settings)
    env["HELPDESK_BIND"] = "127.0.0.1"
    env.update(extra_env)
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the child's lifetime
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/health", process, log_path)
    except Exception:
        process.kill()
        raise
    return url, process


def start_voice_gateway(rasa_url: str, work_dir: Path,
                        extra_env: dict[str, str] | None = None) -> VoiceGatewayProcess:
    """Start the gateway against a running Rasa and wait until its models are loaded."""
    settings = Settings.from_env()
    settings = Settings(**{**settings.__dict__, "voice_port": free_port(),
                           "audiosocket_port": free_port()})
    env = {"HELPDESK_RASA_URL": rasa_url, "HELPDESK_VAR_DIR": str(settings.var_dir),
           **(extra_env or {})}
    url, process = _start_service(voice_command(), settings, settings.voice_port,
                                  work_dir / "voice.log", env)
    secret = env.get(AUDIOSOCKET_SECRET_ENV) or audiosocket_secret(settings)
    return VoiceGatewayProcess(url, process, work_dir / "voice.log",
                               url.replace("http://", "ws://"), settings.audiosocket_port,
                               secret)


def start_web_app(db_url: str, work_dir: Path,
                  extra_env: dict[str, str] | None = None) -> WebAppProcess:
    settings = Settings.from_env()
    settings = Settings(**{**settings.__dict__, "db_url": db_url, "console_port": free_port()})
    url, process = _start_service(web_command(), settings, settings.console_port,
                                  work_dir / "web.log", extra_env or {})
    return ServiceProcess(url, process, work_dir / "web.log")
