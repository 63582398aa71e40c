"""Every service restarts in the middle of a handoff: the queue, the transcript and the
conversation survive, and the handoff carries on to the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk.crm.importer import import_directory
from helpdesk.store.migrate import upgrade_database
from tests.conftest import TEST_CRM_DIR
from tests.support.console import Agent, bot_texts, eventually
from tests.support.stacks import start_bot_stack, start_web_app

pytestmark = pytest.mark.e2e
SENDER = "restart-conversation"


def test_queue_and_conversation_survive_restarts(trained_model: Path, tmp_path: Path) -> None:
    crm, tracker = f"sqlite:///{tmp_path / 'crm.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    upgrade_database(crm)
    assert import_directory(TEST_CRM_DIR, crm).ok
    env = {"HELPDESK_ADMIN_PASSWORD": "admin-password-1"}
    bot = start_bot_stack(trained_model, crm, tracker, tmp_path)
    web = start_web_app(crm, tmp_path, {**env, "HELPDESK_RASA_URL": bot.rasa_url})
    try:
        ann = Agent(web.url, crm, "ann")
        bot.say(SENDER, "hi, my email is mia@solo.example")
        assert "connecting you" in bot.say(SENDER, "I want to talk to a person")
        handoff = eventually(lambda: ann.handoff_of(SENDER))

        # The web app restarts: the queue is still there, the token still valid.
        web.stop()
        web = start_web_app(crm, tmp_path, {**env, "HELPDESK_RASA_URL": bot.rasa_url})
        ann.http.base_url = web.url
        assert ann.handoff_of(SENDER)["id"] == handoff["id"]

        # Rasa and the action server restart: the conversation is still with the agent.
        bot.stop()
        bot = start_bot_stack(trained_model, crm, tracker, tmp_path)
        web.stop()
        web = start_web_app(crm, tmp_path, {**env, "HELPDESK_RASA_URL": bot.rasa_url})
        ann.http.base_url = web.url
        assert "added that for the agent" in bot.say(SENDER, "still there?")
        assert ann.claim(handoff["id"]).status_code == 200
        assert ann.reply(handoff["id"], "Sorry for the wait, Mia.").status_code == 201
        eventually(lambda: "Sorry for the wait, Mia." in bot_texts(bot.tracker(SENDER)))
        lines = [t["text"] for t in ann.handoff_of(SENDER, "assigned")["transcript"]]
        assert lines[:1] and "I want to talk to a person" in lines and "still there?" in lines

        assert ann.close(handoff["id"]).status_code == 200
        eventually(lambda: any("back with the virtual assistant" in t
                               for t in bot_texts(bot.tracker(SENDER))))
        assert "Tulsa OK" in bot.say(SENDER, "has order 8001 shipped")  # still knows Mia
    finally:
        web.stop()
        bot.stop()
