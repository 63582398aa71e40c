"""Fixtures of the voice tests: a fake Twilio REST API and the gateway over a real stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpdesk.crm.importer import import_directory
from helpdesk.store.migrate import upgrade_database
from tests.conftest import TEST_CRM_DIR
from tests.support.console import online_agent
from tests.support.fake_twilio import FakeTwilio
from tests.support.stacks import (
    BotStack,
    VoiceGatewayProcess,
    WebAppProcess,
    start_bot_stack,
    start_voice_gateway,
    start_web_app,
)
from tests.support.voice_calls import TWILIO_AUTH_TOKEN

GRACE = "+15559870100"
TRANSFER_TO = "+15550001111"


@pytest.fixture(scope="session")
def fake_twilio() -> Iterator[FakeTwilio]:
    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def voice_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory,
                fake_twilio: FakeTwilio) -> Iterator[tuple[BotStack, VoiceGatewayProcess]]:
    work = tmp_path_factory.mktemp("voice")
    crm = f"sqlite:///{work / 'crm.db'}"
    upgrade_database(crm)
    assert import_directory(TEST_CRM_DIR, crm).ok
    online_agent(crm)  # a person to transfer calls to (with nobody, callers leave a lead)
    bot = start_bot_stack(trained_model, crm, f"sqlite:///{work / 'tracker.db'}", work)
    gateway = None
    try:
        gateway = start_voice_gateway(bot.rasa_url, work, {
            "TWILIO_ACCOUNT_SID": "ACtest", "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "TWILIO_API_BASE": fake_twilio.url, "HELPDESK_TRANSFER_NUMBER": TRANSFER_TO,
            "HELPDESK_SILENCE_TIMEOUT_S": "5"})
        yield bot, gateway
    finally:
        if gateway:
            gateway.stop()
        bot.stop()


@pytest.fixture(scope="session")
def console(bot: BotStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebAppProcess]:
    """The web app over the bot's store, delivering agent messages through its Rasa."""
    work = tmp_path_factory.mktemp("console")
    # The admin is made by whichever web app starts first on this store: same password as
    # the FAQ editor tests use.
    app = start_web_app(bot.db_url, work, {"HELPDESK_RASA_URL": bot.rasa_url,
                                           "HELPDESK_ADMIN_PASSWORD": "admin-pass-1"})
    try:
        yield app
    finally:
        app.stop()
