"""The store's schema and its history (SQLite and PostgreSQL).

Each feature owns its tables (helpdesk/<feature>/models.py) on the store's one Base; the
Alembic history builds them. These tests hold the two together: a freshly migrated
database is exactly what the models describe (no new migration needed), and a database
made by an older main (tests/data/main_43293ee.sql, see tests/data/README.md) upgrades
without losing a row and reads back through today's feature functions.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, func, inspect, select, text

from helpdesk.accounts.api_tokens import issue_token, user_for_token
from helpdesk.accounts.users import authenticate
from helpdesk.analytics.queries import customer_history, get_conversation
from helpdesk.audit.log import list_entries as audit_entries
from helpdesk.crm.lookups import accounts_for_customer, check_pin, customer_by_id, order_ids
from helpdesk.crm.pin_lockout import lock_status
from helpdesk.faq.entries import get_entry, history
from helpdesk.faq.entries import list_entries as faq_entries
from helpdesk.faq.unanswered import list_unanswered
from helpdesk.handoffs.records import get_handoff
from helpdesk.leads.store import create_lead, list_leads
from helpdesk.ops.schema import SCHEMA, schema_differences
from helpdesk.store.base import Base
from helpdesk.store.migrate import alembic_config, upgrade_database
from tests.support.databases import DB_KINDS, fresh_database

OLD_MAIN_DUMP = Path(__file__).resolve().parent.parent / "data" / "main_43293ee.sql"
OWNERS = {
    "crm": {"customers", "orders", "shipments", "accounts", "pin_lockouts", "order_returns",
            "account_changes"},
    "faq": {"faq_entries", "faq_versions", "unanswered_questions"},
    "accounts": {"users", "api_tokens"},
    "leads": {"leads"},
    "audit": {"audit_log"},
    "handoffs": {"handoffs", "handoff_messages", "agent_states"},
    "analytics": {"conversations"},
    "campaigns": {"campaigns", "campaign_contacts", "call_attempts", "do_not_call"},
}
# Migrations 0006 and 0007 give these columns a server default, to fill the rows that
# existed when they were added; the models set the value themselves and declare none.
# Tables added after the dump was made (migrations 0008, 0009): empty after its upgrade.
NEWER_THAN_DUMP = {"order_returns", "account_changes", "campaigns", "campaign_contacts",
                   "call_attempts", "do_not_call"}
BACKFILL_DEFAULTS = {("audit_log", "client"), ("pin_lockouts", "failures")}


def _flat(differences: list[Any]) -> list[tuple]:
    """Alembic groups a column's changes in a list; one tuple per change."""
    flat: list[tuple] = []
    for item in differences:
        flat.extend(item if isinstance(item, list) else [item])
    return flat


def test_every_table_lives_in_its_features_models() -> None:
    owner_of = {table: feature for feature, tables in OWNERS.items() for table in tables}
    assert set(SCHEMA.tables) == set(owner_of)
    for mapper in Base.registry.mappers:
        table = mapper.local_table.name
        assert mapper.class_.__module__ == f"helpdesk.{owner_of[table]}.models", table


@pytest.mark.parametrize("kind", DB_KINDS)
def test_a_migrated_database_is_what_the_models_describe(kind: str, tmp_path: Path) -> None:
    with fresh_database(kind, tmp_path) as url:
        upgrade_database(url)
        engine = create_engine(url, future=True)
        try:
            tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
        finally:
            engine.dispose()
        assert tables == set(SCHEMA.tables)
        assert schema_differences(url) == []
        defaults = _flat(schema_differences(url, compare_server_default=True))
        assert {(d[0], d[2], d[3]) for d in defaults} == {
            ("modify_default", table, column) for table, column in BACKFILL_DEFAULTS}
        config = alembic_config(url)  # Alembic's own check, through migrations/env.py
        config.attributes["target_metadata"] = SCHEMA
        command.check(config)


def test_the_comparison_sees_a_missing_migration(tmp_path: Path) -> None:
    """Not blind: a database revisions behind differs by what those revisions add."""
    with fresh_database("sqlite", tmp_path) as url:
        command.upgrade(alembic_config(url), "0007_pin_lockouts")
        differences = _flat(schema_differences(url))
        added = {d[1].name for d in differences if d[0] == "add_table"}
        assert added == {"order_returns", "account_changes", *OWNERS["campaigns"]}
        assert ("audit_log", "conversation_id") in {
            (d[2], d[3].name) for d in differences if d[0] == "add_column"}


# --- a database made by main at 43293ee ------------------------------------------------
def _dump_into_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(OLD_MAIN_DUMP.read_text())
    finally:
        connection.close()


def _copy_rows(source_url: str, target_url: str) -> None:
    """Every row of SOURCE into the same, empty tables of TARGET (naive times were UTC)."""
    source, target = create_engine(source_url, future=True), create_engine(target_url,
                                                                            future=True)
    try:
        old, new = MetaData(), MetaData()
        old.reflect(source)
        new.reflect(target)
        with source.connect() as reading, target.begin() as writing:
            writing.execute(new.tables["alembic_version"].delete())
            for table in new.sorted_tables:
                rows = [{key: _utc(value) for key, value in row._mapping.items()}
                        for row in reading.execute(old.tables[table.name].select())]
                if rows:
                    writing.execute(table.insert(), rows)
                if "id" in table.c and table.c.id.autoincrement:
                    writing.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
    finally:
        source.dispose()
        target.dispose()


def _utc(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def _dump_revision(sqlite_url: str) -> str:
    engine = create_engine(sqlite_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


@contextmanager
def old_main_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a database holding the dump. On PostgreSQL the history builds the dump's
    revision (the revisions are never edited) and the dump's rows are copied in."""
    dumped = tmp_path / "main_43293ee.db"
    _dump_into_sqlite(dumped)
    sqlite_url = f"sqlite:///{dumped}"
    if kind == "sqlite":
        yield sqlite_url
        return
    with fresh_database(kind, tmp_path) as url:
        command.upgrade(alembic_config(url), _dump_revision(sqlite_url))
        _copy_rows(sqlite_url, url)
        yield url


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, future=True)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {name: connection.execute(select(func.count()).select_from(table))
                    .scalar_one() for name, table in metadata.tables.items()}
    finally:
        engine.dispose()


@pytest.fixture(params=DB_KINDS)
def upgraded_old_main(request: pytest.FixtureRequest, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict[str, int]]]:
    """The old main's database after today's upgrade, and its row counts from before."""
    with old_main_database(request.param, tmp_path) as url:
        before = _row_counts(url)
        monkeypatch.setenv("HELPDESK_DB_URL", url)  # for the lookups without a URL parameter
        upgrade_database(url)
        yield url, before


def test_the_old_database_has_rows_in_every_table(
        upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    _, before = upgraded_old_main
    assert set(before) == set(SCHEMA.tables) - NEWER_THAN_DUMP | {"alembic_version"}
    assert all(before.values()), before


def test_an_old_database_upgrades_without_loss(
        upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    url, before = upgraded_old_main
    after = _row_counts(url)
    assert {name: after[name] for name in before} == before
    assert {name: after[name] for name in NEWER_THAN_DUMP} == dict.fromkeys(NEWER_THAN_DUMP, 0)
    assert schema_differences(url) == []


def test_the_old_crm_reads_back(upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    url, _ = upgraded_old_main
    ada = customer_by_id("C001")
    assert ada is not None and ada.name == "Ada Moreno" and ada.tier == "vip"
    assert check_pin("C001", "4321") and not check_pin("C001", "1234")
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            stored = set(connection.execute(text(
                "SELECT order_id FROM orders WHERE customer_id = 'C001'")).scalars())
            balances = connection.execute(text(
                "SELECT COUNT(*) FROM accounts WHERE customer_id = 'C001'")).scalar_one()
    finally:
        engine.dispose()
    assert stored and set(order_ids("C001")) == stored
    assert len(accounts_for_customer("C001")) == balances > 0
    status = lock_status("C002", url=url)
    assert status is not None and status.failures == 1 and not status.locked


def test_the_old_knowledge_base_reads_back(
        upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    url, before = upgraded_old_main
    entries = faq_entries(db_url=url)
    assert len(entries) == before["faq_entries"]
    first = get_entry(entries[0].id, db_url=url)
    assert first.answer and [v.version for v in history(first.id, db_url=url)] == [1]
    assert [q.text for q in list_unanswered(db_url=url)] == ["do you ship to Mars?"]


def test_the_old_people_log_in(upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    url, _ = upgraded_old_main
    alice = authenticate("alice", "alice-password-1", db_url=url)
    assert alice is not None and alice.role == "agent"
    assert sorted(alice.skills) == ["billing", "orders"]
    assert authenticate("alice", "not-her-password", db_url=url) is None
    token = issue_token(alice, 60, db_url=url)
    found = user_for_token(token, db_url=url)
    assert found is not None and found.username == "alice"
    root = authenticate("root", "root-password-1", db_url=url)
    assert root is not None and root.role == "admin"


def test_the_old_handoff_lead_and_records_read_back(
        upgraded_old_main: tuple[str, dict[str, int]]) -> None:
    url, _ = upgraded_old_main
    handoff = get_handoff(1)
    assert (handoff.status, handoff.assigned_to, handoff.conversation_id) == (
        "assigned", "alice", "conv-old-1")
    assert handoff.customer is not None and handoff.customer["name"] == "Ada Moreno"
    assert [(line["role"], line["text"]) for line in handoff.transcript] == [
        ("user", "where is my order?"), ("bot", "Order O1001 is on its way."),
        ("bot", "You're now connected with alice from our team."),
        ("agent", "Hi Ada, I can change it for you."),
        ("user", "thanks, to 5 Main St please")]
    [lead] = list_leads()
    assert (lead.name, lead.interest) == ("Dana Lee", "business plan for 20 seats")
    new = create_lead(name="Eve", phone="+15551230000", email="", interest="a demo",
                      best_time="", reason="sales", source_channel="rest",
                      conversation_id="conv-new", customer_id=None)
    assert new.id == lead.id + 1  # ids go on after the old rows
    [entry] = audit_entries()
    assert (entry.username, entry.action, entry.status) == ("root", "faq.create", 201)
    [conversation] = customer_history("C001", db_url=url)
    detail = get_conversation(conversation["id"], db_url=url)
    assert detail is not None and detail["csat_rating"] == 5
    assert detail["intents"] == ["order_status"]
