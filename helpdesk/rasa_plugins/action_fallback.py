"""A polite answer instead of silence when the action server cannot be reached.

Stock Rasa 3.6 logs "Bot will continue, but the actions events are lost" when a custom
action fails to run and the customer hears nothing. `install()` wraps `RemoteAction.run`
so that an unreachable or failing action server (connection refused, 5xx, timeout) makes
the bot say `LOOKUP_UNAVAILABLE` instead; the customer's message stays in the tracker
and asking again once the action server is back works. Rejections (forms) and the
action server's own 4xx answers keep Rasa's behaviour. Installed when Rasa loads the
project's channels (helpdesk.rasa_plugins.channels)."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

from helpdesk.wording import LOOKUP_UNAVAILABLE

logger = logging.getLogger(__name__)
MARKER = "helpdesk_action_fallback"


def _unreachable(error: BaseException) -> bool:
    """True for a failure of the action server itself, not of the request we sent."""
    status = getattr(error.__cause__ or error.__context__, "status", None)
    return not (isinstance(status, int) and status < 500)


def fallback_events(action_name: str) -> list[Event]:
    return [BotUttered(LOOKUP_UNAVAILABLE, data={"custom": {MARKER: action_name}})]


def install() -> None:
    """Wrap RemoteAction.run once per process."""
    original = RemoteAction.run
    if getattr(original, MARKER, False):
        return

    @functools.wraps(original)
    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any,
                  domain: Any) -> list[Event]:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as error:
            if isinstance(error, RasaException) and not _unreachable(error):
                raise
            logger.error("action server unavailable for %s (conversation %s): %s; the "
                         "customer was asked to try again", self.name(), tracker.sender_id,
                         error)
            return fallback_events(self.name())

    setattr(run, MARKER, True)
    RemoteAction.run = run  # type: ignore[method-assign]
