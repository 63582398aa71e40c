"""`make run-scaled`: the stack as it runs when one server process is not enough, on one
machine for trying it. Two Rasa servers and two action servers share PostgreSQL (tracker
store and the helpdesk store) and Redis (lock store, socket.io rooms), behind Debian's
nginx on the usual public ports; the web app and the voice gateway use them through it.

    RASA_PORT (nginx)    -> Rasa servers on RASA_PORT+100, RASA_PORT+101: only the
                            customer paths (/webhooks/, /socket.io/, /health); the rest
                            of Rasa's HTTP API (/conversations, /model, /status...) is 404
    RASA_PORT+200 (nginx, always 127.0.0.1) -> the same Rasa servers, every path: for the
                            stack's own processes (the web app's delivery, the gateways)
    ACTIONS_PORT (nginx, always 127.0.0.1) -> action servers on ACTIONS_PORT+100, +101
    VOICE_PORT (nginx)   -> voice gateways on VOICE_PORT+100, VOICE_PORT+101
                            (AudioSocket on AUDIOSOCKET_PORT and AUDIOSOCKET_PORT+1)

The public listeners bind HELPDESK_BIND (127.0.0.1 by default), the backends too; Rasa's
HTTP API also needs RASA_API_TOKEN, the action servers the internal secret.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from helpdesk.config import PROJECT_ROOT, Settings, get_settings
from helpdesk.ops.model_cache import ensure_model
from helpdesk.ops.service_commands import (
    actions_command,
    rasa_command,
    service_env,
    voice_command,
    web_command,
)
from helpdesk.ops.stack import load_demo_data_if_empty, load_knowledge_base_if_empty
from helpdesk.store.migrate import upgrade_database
from helpdesk.wording import RETRY_AFTER_SECONDS, TEMPORARY_PROBLEM

log = logging.getLogger(__name__)

NGINX = "/usr/sbin/nginx"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/helpdesk"
DEFAULT_TRACKER_URL = "postgresql://postgres@127.0.0.1:5432/helpdesk_tracker"
DEFAULT_LOCK_URL = "redis://127.0.0.1:6379/1"
BACKEND_OFFSET = 100
INTERNAL_OFFSET = 200  # the internal Rasa listener: RASA_PORT + 200
LOOPBACK = "127.0.0.1"
# What customers (browsers, the REST channel's clients, the voice channel's gateways)
# reach on the public Rasa port; the rest of Rasa's HTTP API stays behind it.
PUBLIC_RASA_PREFIXES = ("/webhooks/", "/socket.io/")
PUBLIC_RASA_EXACT = ("/health",)
NOT_FOUND_BODY = json.dumps({"error": "not found"})


@dataclass(frozen=True)
class ScaledPorts:
    """Public ports (nginx) and the ports of each backend behind them."""

    rasa: int
    actions: int
    rasa_backends: tuple[int, ...]
    actions_backends: tuple[int, ...]
    voice: int = 0  # 0: one voice gateway on the settings' VOICE_PORT, no nginx in front
    voice_backends: tuple[int, ...] = ()
    audiosocket_ports: tuple[int, ...] = ()
    rasa_internal: int = 0  # the loopback listener with the full API; 0: RASA_PORT + 200

    @property
    def internal(self) -> int:
        """The port of the internal (loopback-only, full API) Rasa listener."""
        return self.rasa_internal or self.rasa + INTERNAL_OFFSET

    @property
    def internal_rasa_url(self) -> str:
        return f"http://{LOOPBACK}:{self.internal}"

    @classmethod
    def around(cls, rasa: int, actions: int, voice: int = 0, audiosocket: int = 0,
               count: int = 2) -> ScaledPorts:
        return cls(rasa, actions,
                   tuple(rasa + BACKEND_OFFSET + i for i in range(count)),
                   tuple(actions + BACKEND_OFFSET + i for i in range(count)),
                   voice, tuple(voice + BACKEND_OFFSET + i for i in range(count)) if voice
                   else (), tuple(audiosocket + i for i in range(count)) if voice else (),
                   rasa + INTERNAL_OFFSET)


def nginx_config(ports: ScaledPorts, state_dir: Path, bind: str = LOOPBACK) -> str:
    """nginx.conf for the upstreams. Round robin: the widget uses WebSockets only, so
    no sticky sessions are needed; a backend that refuses connections is skipped (the
    request had not been sent, so even a POST is safely passed to the next one).

    BIND (HELPDESK_BIND) is the address of the public listeners (Rasa's customer paths,
    voice); the internal ones (Rasa's full API, the action servers) are loopback only."""
    def upstream(name: str, backends: tuple[int, ...]) -> str:
        servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n"
                          for port in backends)
        return f"  upstream {name} {{\n{servers}    keepalive 16;\n  }}\n"

    def proxy(location: str, upstream_name: str, read_timeout: str) -> str:
        return (
            f"    location {location} {{\n"
            f"      proxy_pass http://{upstream_name};\n"
            "      proxy_http_version 1.1;\n"
            "      proxy_set_header Upgrade $http_upgrade;\n"
            "      proxy_set_header Connection $connection_upgrade;\n"
            "      proxy_set_header Host $http_host;\n"
            "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "      proxy_connect_timeout 2s;\n"
            f"      proxy_read_timeout {read_timeout};\n"
            "      proxy_next_upstream error timeout http_502 http_503;\n"
            "    }\n")

    def server(address: str, port: int, upstream_name: str, unavailable: str = "",
               read_timeout: str = "120s", only: tuple[str, ...] | None = None) -> str:
        """ONLY: the locations forwarded (`= /x` exact, `/x/` prefix); any other path
        gets nginx's own 404 JSON. None: every path is forwarded."""
        if only is None:
            locations = proxy("/", upstream_name, read_timeout)
        else:
            locations = "".join(proxy(location, upstream_name, read_timeout)
                                for location in only) + not_found()
        return (
            f"  server {{\n    listen {address}:{port};\n"
            "    client_max_body_size 1m;\n"
            "    client_body_buffer_size 1m;\n"  # in memory: no temp files for requests
            "    proxy_max_temp_file_size 0;\n"
            + locations + unavailable + "  }\n")

    public_rasa = (*PUBLIC_RASA_PREFIXES, *(f"= {path}" for path in PUBLIC_RASA_EXACT))

    temp = state_dir / "tmp"
    return (
        f"pid {state_dir / 'nginx.pid'};\n"
        "worker_processes 1;\n"
        "daemon off;\n"
        f"error_log {state_dir / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        # $uri, not $request: no query strings (Rasa's ?token=) in the access log
        "  log_format no_query '$remote_addr [$time_local] \"$request_method $uri\" "
        "$status $body_bytes_sent $request_time';\n"
        f"  access_log {state_dir / 'access.log'} no_query;\n"
        f"  client_body_temp_path {temp / 'body'};\n"
        f"  proxy_temp_path {temp / 'proxy'};\n"
        f"  fastcgi_temp_path {temp / 'fastcgi'};\n"
        f"  uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"  scgi_temp_path {temp / 'scgi'};\n"
        "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
        + upstream("rasa_servers", ports.rasa_backends)
        + upstream("action_servers", ports.actions_backends)
        + server(bind, ports.rasa, "rasa_servers", unavailable_page(), only=public_rasa)
        + server(LOOPBACK, ports.internal, "rasa_servers")
        + server(LOOPBACK, ports.actions, "action_servers")
        + (upstream("voice_gateways", ports.voice_backends)
           + server(bind, ports.voice, "voice_gateways", read_timeout="3600s")  # a call
           if ports.voice else "")
        + "}\n")


def not_found() -> str:
    """Every path not listed: nginx answers 404 itself, the request never reaches Rasa."""
    body = NOT_FOUND_BODY.replace("\\", "\\\\").replace("'", "\\'")
    return ("    location / {\n"
            "      default_type application/json;\n"
            f"      return 404 '{body}';\n"
            "    }\n")


def unavailable_page() -> str:
    """When no Rasa server answers (all restarting), nginx itself tells the customer to
    retry, in the JSON the Rasa REST channel uses for the same case, instead of its HTML
    502 page. Only nginx's own errors: a Rasa server's 4xx/5xx passes through unchanged."""
    body = json.dumps({"error": TEMPORARY_PROBLEM}).replace("\\", "\\\\").replace("'", "\\'")
    return ("    error_page 502 504 = @unavailable;\n"
            "    location @unavailable {\n"
            "      default_type application/json;\n"
            f"      add_header Retry-After {RETRY_AFTER_SECONDS} always;\n"
            f"      return 503 '{body}';\n"
            "    }\n")


def write_nginx_config(ports: ScaledPorts, state_dir: Path, bind: str = LOOPBACK) -> Path:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (state_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    path = state_dir / "nginx.conf"
    path.write_text(nginx_config(ports, state_dir, bind), encoding="utf-8")
    return path


def nginx_command(config: Path) -> list[str]:
    return [NGINX, "-e", str(config.parent / "error.log"), "-c", str(config)]


def scaled_services(settings: Settings, model: Path, ports: ScaledPorts, state_dir: Path,
                    with_voice: bool = True) -> list[tuple[str, list[str], dict[str, str]]]:
    """(name, command, environment) of every process of the scaled stack."""
    public = replace(settings, rasa_port=ports.rasa, actions_port=ports.actions)
    env = service_env(public)  # Rasa servers reach the actions, web and voice reach Rasa,
    services = []               # all through nginx
    # The web app (delivery through /conversations/{id}/execute) and the gateways use
    # Rasa's full API: the internal listener, not the public one.
    internal = {**env, "HELPDESK_RASA_URL": ports.internal_rasa_url}
    for index, port in enumerate(ports.actions_backends, start=1):
        services.append((f"actions-{index}",
                         actions_command(replace(settings, actions_port=port)), env))
    for index, port in enumerate(ports.rasa_backends, start=1):
        services.append((f"rasa-{index}", rasa_command(replace(settings, rasa_port=port),
                                                       model), env))
    services.append(("nginx", nginx_command(write_nginx_config(ports, state_dir,
                                                               settings.bind_host)), env))
    services.append(("web", web_command(), internal))
    if with_voice and not ports.voice:
        services.append(("voice", voice_command(), internal))
    elif with_voice:
        for index, (port, audiosocket) in enumerate(
                zip(ports.voice_backends, ports.audiosocket_ports, strict=True), start=1):
            services.append((f"voice-{index}", voice_command(),
                             {**internal, "VOICE_PORT": str(port),
                              "AUDIOSOCKET_PORT": str(audiosocket),
                              # behind nginx: the caller's address is X-Forwarded-For's
                              "SANIC_PROXIES_COUNT": "1"}))
    return services


def scaled_settings() -> Settings:
    """The environment's settings, with the local PostgreSQL and Redis as defaults."""
    os.environ.setdefault("HELPDESK_DB_URL", DEFAULT_DB_URL)
    os.environ.setdefault("TRACKER_STORE_URL", DEFAULT_TRACKER_URL)
    os.environ.setdefault("LOCK_STORE_URL", DEFAULT_LOCK_URL)
    get_settings.cache_clear()  # this process's settings too: built from the defaults above
    return get_settings()


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database of URL when it does not exist yet."""
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        return
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                        {"n": target.database}).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
                log.warning("created PostgreSQL database %s", target.database)
    finally:
        admin.dispose()


def run_scaled_stack() -> int:
    from honcho.manager import Manager


    logging.basicConfig(level=logging.WARNING)
    if not Path(NGINX).is_file() and not shutil.which("nginx"):
        raise SystemExit("nginx is missing: run `make bootstrap` (it installs nginx-light)")
    settings = scaled_settings()
    for url in (settings.db_url, settings.tracker_store_url):
        ensure_postgres_database(url)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database()
    load_demo_data_if_empty()
    load_knowledge_base_if_empty()
    model = ensure_model()
    ports = ScaledPorts.around(settings.rasa_port, settings.actions_port,
                               settings.voice_port, settings.audiosocket_port)
    manager = Manager()
    state_dir = settings.var_dir / "nginx"
    for name, command, env in scaled_services(settings, model, ports, state_dir):
        manager.add_process(name, shlex.join(command), env=env, cwd=str(PROJECT_ROOT))
    print("\nServing the scaled stack (Ctrl-C stops everything):", flush=True)
    print(f"  store {settings.db_url}, tracker store {settings.tracker_store_url}, "
          f"lock store {settings.lock_store_url}", flush=True)
    print(f"  Rasa (nginx)       http://localhost:{ports.rasa} -> ports "
          f"{', '.join(map(str, ports.rasa_backends))} (customer paths only; the full "
          f"API for the stack itself on {ports.internal_rasa_url})", flush=True)
    print(f"  Actions (nginx)    http://localhost:{ports.actions} -> ports "
          f"{', '.join(map(str, ports.actions_backends))}", flush=True)
    print(f"  Web app            http://localhost:{settings.console_port}/", flush=True)
    print(f"  Voice (nginx)      http://localhost:{ports.voice} -> ports "
          f"{', '.join(map(str, ports.voice_backends))}; AudioSocket on ports "
          f"{', '.join(map(str, ports.audiosocket_ports))}\n", flush=True)
    manager.loop()
    return manager.returncode or 0
