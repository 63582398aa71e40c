"""Shared fixtures: fresh CRM databases (SQLite and PostgreSQL) and a running bot stack."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import pytest

from helpdesk.config import get_settings
from helpdesk.crm.importer import import_directory
from helpdesk.faq.files import import_directory as import_knowledge_base
from helpdesk.store.migrate import upgrade_database
from tests.support.databases import DB_KINDS, fresh_database
from tests.support.stacks import BotStack, start_bot_stack

TEST_CRM_DIR = Path(__file__).parent / "data" / "crm"
KNOWLEDGE_BASE_DIR = Path(__file__).resolve().parent.parent / "knowledge_base"

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def _rebuilding_settings(change: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(change)
    def changed(self: pytest.MonkeyPatch, *args: Any, **kwargs: Any) -> Any:
        try:
            return change(self, *args, **kwargs)
        finally:
            get_settings.cache_clear()
    return changed


@pytest.fixture(autouse=True, scope="session")
def settings_follow_monkeypatch() -> Iterator[None]:
    """helpdesk.config builds a process's settings once; a test that changes the environment
    with pytest's monkeypatch (setenv, delenv, and the undo at its end) gets them rebuilt
    on the next `get_settings()`, as a process started in that environment would."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("setenv", "delenv", "undo"):
            patch.setattr(pytest.MonkeyPatch, name,
                          _rebuilding_settings(getattr(pytest.MonkeyPatch, name)))
        yield


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
def _crm_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite CRM store loaded from tests/data/crm, built once per session."""
    path = tmp_path_factory.mktemp("crm-template") / "crm.db"
    url = f"sqlite:///{path}"
    upgrade_database(url)
    report = import_directory(TEST_CRM_DIR, url)
    assert report.ok, report.errors
    return path


@pytest.fixture
def loaded_sqlite_url(_crm_template: Path, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> str:
    """A private copy of the loaded SQLite CRM store (a file copy: milliseconds), also set as
    HELPDESK_DB_URL; for the many small tests that need data but not PostgreSQL."""
    path = tmp_path / "crm.db"
    shutil.copyfile(_crm_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("HELPDESK_DB_URL", url)
    return url


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
