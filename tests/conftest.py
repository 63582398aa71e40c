"""Shared fixtures: fresh CRM databases (SQLite and PostgreSQL) and a running bot stack."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpdesk.crm.importer import import_directory
from helpdesk.faq.files import import_directory as import_knowledge_base
from helpdesk.store.migrate import upgrade_database
from tests.support.databases import DB_KINDS, fresh_database
from tests.support.stacks import BotStack, start_bot_stack

TEST_CRM_DIR = Path(__file__).parent / "data" / "crm"
KNOWLEDGE_BASE_DIR = Path(__file__).resolve().parent.parent / "knowledge_base"

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(params=DB_KINDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty, migrated CRM database, also set as HELPDESK_DB_URL for the code under test."""
    with fresh_database(request.param, tmp_path) as url:
        upgrade_database(url)
        monkeypatch.setenv("HELPDESK_DB_URL", url)
        yield url


@pytest.fixture
def loaded_db_url(db_url: str) -> str:
    report = import_directory(TEST_CRM_DIR, db_url)
    assert report.ok, report.errors
    return db_url


@pytest.fixture(scope="session")
def trained_model() -> Path:
    from helpdesk.ops.model_cache import ensure_model

    return ensure_model()


@pytest.fixture(scope="session", params=DB_KINDS)
def bot(request: pytest.FixtureRequest, trained_model: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotStack]:
    """Real Rasa + action servers over a fresh CRM store loaded from tests/data/crm.

    Runs once on SQLite (CRM and tracker store) and once on PostgreSQL.
    """
    kind = request.param
    work = tmp_path_factory.mktemp(f"stack-{kind}")
    with fresh_database(kind, work, "crm") as crm_url, \
            fresh_database(kind, work, "tracker") as tracker_url:
        upgrade_database(crm_url)
        report = import_directory(TEST_CRM_DIR, crm_url)
        assert report.ok, report.errors
        kb_report = import_knowledge_base(KNOWLEDGE_BASE_DIR, crm_url)
        assert not kb_report.errors and kb_report.created >= 40
        stack = start_bot_stack(trained_model, crm_url, tracker_url, work)
        try:
            yield stack
        finally:
            stack.stop()


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
