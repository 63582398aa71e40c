"""The scaled stack of `make run-scaled`, started for a load run on throw-away PostgreSQL
databases and a Redis prefix, with PostgreSQL and Redis reached through fault proxies,
and every service restartable on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from sqlalchemy import create_engine, text

from benchmarks.load.fault_proxy import FaultProxy
from helpdesk.config import PROJECT_ROOT, Settings
from helpdesk.crm.importer import import_directory
from helpdesk.faq.files import import_directory as import_knowledge_base
from helpdesk.ops.scaled_stack import ScaledPorts, scaled_services
from helpdesk.store.migrate import upgrade_database
from tests.support.stacks import free_port, wait_healthy

TWILIO_AUTH_TOKEN = "load-twilio-token"  # the gateways' (the calls sign as Twilio does)

PG_HOST, PG_PORT, REDIS_HOST, REDIS_PORT = "127.0.0.1", 5432, "127.0.0.1", 6379
PG_ADMIN_URL = os.environ.get("HELPDESK_TEST_PG_URL",
                              f"postgresql://postgres@{PG_HOST}:{PG_PORT}/test")
REDIS_DB = 7


@dataclass
class Service:
    name: str
    command: list[str]
    env: dict[str, str]
    health_url: str
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log, "a")  # noqa: SIM115 - kept open for the child's lifetime
        self.process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=self.env,
                                        stdout=log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 600) -> None:
        assert self.process is not None
        wait_healthy(self.health_url, self.process, self.log, timeout)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class LoadStack:
    model: Path
    work: Path
    with_voice: bool = True
    services: dict[str, Service] = field(default_factory=dict)
    databases: list[str] = field(default_factory=list)
    prefix: str = field(default_factory=lambda: f"load{uuid.uuid4().hex[:8]}")
    postgres: FaultProxy | None = None
    redis: FaultProxy | None = None
    ports: ScaledPorts | None = None
    db_url: str = ""
    direct_db_url: str = ""

    @property
    def rasa_url(self) -> str:
        assert self.ports
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def voice_url(self) -> str:
        assert self.ports
        return f"http://127.0.0.1:{self.ports.voice}"

    @property
    def web_url(self) -> str:
        return self.services["web"].health_url.removesuffix("/health")

    def start(self, crm_dir: Path, knowledge_dir: Path) -> LoadStack:
        """Create the databases, load the data, start every service and wait for health."""
        self.work.mkdir(parents=True, exist_ok=True)
        self.postgres = FaultProxy(PG_HOST, PG_PORT).start()
        self.redis = FaultProxy(REDIS_HOST, REDIS_PORT).start()
        crm_db, tracker_db = (self._create_database(kind) for kind in ("crm", "tracker"))
        self.direct_db_url = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{crm_db}"
        self.db_url = f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{crm_db}"
        upgrade_database(self.direct_db_url)
        import_directory(crm_dir, self.direct_db_url)
        import_knowledge_base(knowledge_dir, self.direct_db_url)
        self.ports = ScaledPorts(free_port(), free_port(), (free_port(), free_port()),
                                 (free_port(), free_port()),
                                 free_port() if self.with_voice else 0,
                                 (free_port(), free_port()) if self.with_voice else (),
                                 (free_port(), free_port()) if self.with_voice else (),
                                 rasa_internal=free_port())
        settings = Settings(**{**Settings.from_env().__dict__, "db_url": self.db_url,
                               "console_port": free_port()})
        overrides = {
            "TRACKER_STORE_URL":
                f"postgresql://postgres@127.0.0.1:{self.postgres.port}/{tracker_db}",
            "LOCK_STORE_URL": f"redis://127.0.0.1:{self.redis.port}/{REDIS_DB}",
            "LOCK_STORE_PREFIX": self.prefix,
            "HELPDESK_BIND": "127.0.0.1",
            "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,  # the calls are signed as Twilio's
        }
        saved = {key: os.environ.get(key) for key in overrides}
        os.environ.update(overrides)
        try:
            specs = scaled_services(settings, self.model, self.ports, self.work / "nginx",
                                    with_voice=self.with_voice)
        finally:
            for key, value in saved.items():
                os.environ.pop(key, None) if value is None else os.environ.update({key: value})
        health = self._health_urls(settings.console_port)
        for name, command, env in specs:
            self.services[name] = Service(name, command, {**env, **overrides}, health[name],
                                          self.work / f"{name}.log")
        for group in ("actions", "rasa", "nginx", "web", "voice"):
            self.restart(group, stop_first=False)
        return self

    def _health_urls(self, console_port: int) -> dict[str, str]:
        assert self.ports
        urls = {"nginx": f"http://127.0.0.1:{self.ports.rasa}/health",
                "web": f"http://127.0.0.1:{console_port}/health"}
        for kind, ports in (("actions", self.ports.actions_backends),
                            ("rasa", self.ports.rasa_backends),
                            ("voice", self.ports.voice_backends)):
            for index, port in enumerate(ports, start=1):
                urls[f"{kind}-{index}"] = f"http://127.0.0.1:{port}/health"
        return urls

    def group(self, name: str) -> list[Service]:
        return [s for s in self.services.values() if s.name == name
                or s.name.startswith(f"{name}-")]

    def restart(self, name: str, stop_first: bool = True) -> float:
        """Stop every process of a service (all at once), start them again and wait until
        they are healthy; returns the seconds it took."""
        began = time.monotonic()
        services = self.group(name)
        if stop_first:
            for service in services:
                service.stop()
        for service in services:
            service.start()
        for service in services:
            service.wait_healthy()
        return time.monotonic() - began

    def _create_database(self, kind: str) -> str:
        name = f"{self.prefix}_{kind}"
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.databases.append(name)
        return name

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with admin.connect() as connection:
            for name in self.databases:
                connection.execute(text("SELECT pg_terminate_backend(pid) FROM "
                                        "pg_stat_activity WHERE datname = :d"), {"d": name})
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
        for key in client.scan_iter(f"{self.prefix}*"):
            client.delete(key)
        for proxy in (self.postgres, self.redis):
            if proxy:
                proxy.stop()

    def tracker(self, sender: str) -> dict:
        """Through nginx's internal listener (the public one serves only the customer
        paths), with Rasa's API token."""
        assert self.ports
        reply = httpx.get(f"{self.ports.internal_rasa_url}/conversations/{sender}/tracker",
                          params={"token": self.services["rasa-1"].env["RASA_API_TOKEN"]},
                          timeout=60)
        reply.raise_for_status()
        return reply.json()
