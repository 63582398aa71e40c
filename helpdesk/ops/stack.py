"""`make run`: prepare the data and the model, then supervise every service with honcho."""

from __future__ import annotations

import logging
import shlex

from honcho.manager import Manager
from sqlalchemy import func, select

from helpdesk.config import PROJECT_ROOT, get_settings
from helpdesk.crm.importer import import_directory
from helpdesk.crm.models import Customer
from helpdesk.faq.entries import knowledge_version
from helpdesk.faq.files import import_directory as import_faq
from helpdesk.ops.model_cache import ensure_model
from helpdesk.ops.service_commands import (
    actions_command,
    rasa_command,
    service_env,
    voice_command,
    web_command,
)
from helpdesk.store.database import session_scope
from helpdesk.store.migrate import upgrade_database

DEMO_DATA_DIR = PROJECT_ROOT / "demo_data"
KNOWLEDGE_BASE_DIR = PROJECT_ROOT / "knowledge_base"


def load_demo_data_if_empty() -> None:
    with session_scope() as session:
        customers = session.scalar(select(func.count()).select_from(Customer))
    if customers:
        print(f"CRM store has {customers} customers; demo data not reloaded.", flush=True)
        return
    print(f"Loading demo CRM data from {DEMO_DATA_DIR} ...", flush=True)
    report = import_directory(DEMO_DATA_DIR)
    for filename, c in report.counts.items():
        print(f"  {filename}: {c.inserted} inserted, {c.rejected} rejected", flush=True)
    for error in report.errors:
        print(f"  {error}", flush=True)


def load_knowledge_base_if_empty() -> None:
    if knowledge_version():
        return
    report = import_faq(KNOWLEDGE_BASE_DIR)
    print(f"Loaded {report.created} FAQ entries from {KNOWLEDGE_BASE_DIR}", flush=True)
    for error in report.errors:
        print(f"  {error}", flush=True)


def run_stack() -> int:
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    (settings.var_dir / "logs").mkdir(exist_ok=True)
    upgrade_database()
    load_demo_data_if_empty()
    load_knowledge_base_if_empty()
    model = ensure_model()
    env = service_env(settings)

    manager = Manager()
    manager.add_process("actions", shlex.join(actions_command(settings)), env=env,
                        cwd=str(PROJECT_ROOT))
    manager.add_process("rasa", shlex.join(rasa_command(settings, model)), env=env,
                        cwd=str(PROJECT_ROOT))
    manager.add_process("voice", shlex.join(voice_command()), env=env, cwd=str(PROJECT_ROOT))
    manager.add_process("web", shlex.join(web_command()), env=env, cwd=str(PROJECT_ROOT))
    print("\nServing (Ctrl-C stops everything):", flush=True)
    print(f"  Chat (Rasa REST)   http://localhost:{settings.rasa_port}/webhooks/rest/webhook",
          flush=True)
    print(f"  Rasa health        http://localhost:{settings.rasa_port}/health", flush=True)
    print(f"  Action server      http://localhost:{settings.actions_port}/health", flush=True)
    print(f"  Agent console      http://localhost:{settings.console_port}/console", flush=True)
    print(f"  FAQ editor         http://localhost:{settings.console_port}/faq "
          f"(API http://localhost:{settings.console_port}/api, OpenAPI /docs)", flush=True)
    print(f"  Voice: Twilio      http://localhost:{settings.voice_port}/twilio/voice "
          f"(media ws://localhost:{settings.voice_port}/twilio/media)", flush=True)
    print(f"  Voice: browser     http://localhost:{settings.voice_port}/browser/test", flush=True)
    print(f"  Voice: AudioSocket tcp://localhost:{settings.audiosocket_port}\n", flush=True)
    manager.loop()
    return manager.returncode or 0
