"""A store with something behind every API route, for the fuzz test: the demo CRM data, the
shipped knowledge base, users of each role, handoffs, a lead, an unanswered question and a
recorded conversation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpdesk.accounts.users import create_user
from helpdesk.analytics.recorder import record_conversation
from helpdesk.crm.importer import import_directory
from helpdesk.faq.files import import_directory as import_knowledge_base
from helpdesk.faq.unanswered import record_unanswered
from helpdesk.handoffs.records import HandoffDraft, claim, create_handoff
from helpdesk.handoffs.transcript import Line
from helpdesk.leads.store import create_lead
from helpdesk.store.migrate import upgrade_database
from tests.unit.test_conversation_facts import Script

ROOT = Path(__file__).resolve().parents[2]


def seed_store(db_url: str) -> None:
    """Migrate `db_url` and fill it; the web app started on it creates the admin itself."""
    upgrade_database(db_url)
    assert import_directory(ROOT / "demo_data", db_url).ok
    assert not import_knowledge_base(ROOT / "knowledge_base", db_url).errors
    create_user("fuzz-editor", "editor-pass-1", "editor", db_url=db_url)
    agent = create_user("fuzz-agent", "agent-pass-1", "agent", ["orders"], db_url=db_url)
    with pytest.MonkeyPatch.context() as env:  # the stores below use HELPDESK_DB_URL
        env.setenv("HELPDESK_DB_URL", db_url)
        now = dt.datetime.now(dt.timezone.utc)
        for number in range(3):
            view, _ = create_handoff(HandoffDraft(
                conversation_id=f"fuzz-{number}", channel="rest", reason="customer_request",
                skill="orders", tier="gold", customer_id="C001", verified=number == 0,
                summary="Ada asks about order 1042.", slots={"order_number": "1042"},
                lines=[Line("user", "where is my order 1042", now)]))
            if number == 1:
                claim(view.id, agent.id, agent.username)
        create_lead(name="Lee Fuzz", phone="+15550001234", email="lee@example.com",
                    interest="20 pairs for a team", best_time="mornings",
                    reason="sales_interest", source_channel="rest",
                    conversation_id="fuzz-lead", customer_id=None)
        record_unanswered("do you sell climbing ropes", "rest", "fuzz-0")
    script = Script().session().user("where is my order 1042", "check_order_status")
    record_conversation("fuzz-0", script.bot("Order 1042 has shipped.").events, db_url)
