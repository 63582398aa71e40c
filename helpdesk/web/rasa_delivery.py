"""Pushes lines written for a customer (agent replies, notices) out through Rasa.

Rasa runs `action_deliver_agent_messages` in the conversation through its HTTP API, on
the conversation's latest input channel: socket.io pushes it to the widget, and the
tracker (every channel) records it. Lines that cannot go out now stay pending and go
out with the bot's reply to the customer's next message."""

from __future__ import annotations

import logging
from urllib.parse import quote

import aiohttp

from helpdesk.config import get_settings
from helpdesk.conversation.state import ActionName

log = logging.getLogger(__name__)
DELIVER_ACTION = ActionName.DELIVER_AGENT_MESSAGES


def rasa_url() -> str:
    """HELPDESK_RASA_URL, else Rasa on RASA_PORT of this machine (helpdesk.config)."""
    return get_settings().rasa_url


class RasaDelivery:
    def __init__(self, base_url: str | None = None, timeout_s: float = 10.0) -> None:
        self.base_url = (base_url or rasa_url()).rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    async def deliver(self, conversation_id: str) -> bool:
        params = {"output_channel": "latest"}
        token = get_settings().secrets.rasa_api_token
        if token:
            params["token"] = token
        url = f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/execute"
        try:
            if self._session is None or self._session.closed:
                self._session = aiohttp.ClientSession(timeout=self.timeout)
            async with self._session.post(url, params=params,
                                          json={"name": DELIVER_ACTION}) as reply:
                if reply.status != 200:
                    log.warning("Rasa did not deliver to %s: HTTP %s %s", conversation_id,
                                reply.status, (await reply.text())[:200])
                    return False
                return True
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            log.warning("Rasa unreachable, lines for %s stay pending: %s", conversation_id, exc)
            return False

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
