"""Settings of the web app, from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

from helpdesk.config import Settings, env_int


@dataclass(frozen=True)
class WebSettings:
    console_port: int
    admin_password: str | None
    token_ttl_s: int
    login_rate: str  # failed logins per client address and user name, `limits` notation
    login_user_rate: str  # failed logins per user name from all addresses together
    rate_limit_storage: str  # memory:// or redis://... (shared by several web apps)
    rasa_port: int
    widget_rasa_url: str | None  # where browsers reach Rasa's socket.io; None: the page's host
    widget_title: str
    widget_greeting: str
    widget_color: str  # the widget's theme colour (CSS colour)

    @classmethod
    def from_env(cls) -> WebSettings:
        base = Settings.from_env()
        return cls(
            console_port=base.console_port,
            admin_password=os.environ.get("HELPDESK_ADMIN_PASSWORD") or None,
            token_ttl_s=env_int("HELPDESK_TOKEN_TTL_S", 8 * 3600),
            login_rate=os.environ.get("HELPDESK_LOGIN_RATE", "5/minute"),
            login_user_rate=os.environ.get("HELPDESK_LOGIN_USER_RATE", "20/hour"),
            rate_limit_storage=os.environ.get("HELPDESK_RATE_LIMIT_STORAGE")
            or base.lock_store_url or "memory://",
            rasa_port=base.rasa_port,
            widget_rasa_url=os.environ.get("HELPDESK_WIDGET_RASA_URL") or None,
            widget_title=os.environ.get("HELPDESK_WIDGET_TITLE", "Customer service"),
            widget_greeting=os.environ.get(
                "HELPDESK_WIDGET_GREETING",
                "Hi! I'm the virtual assistant. Ask me about an order, a delivery, your "
                "balance, or anything about shipping and returns."),
            widget_color=os.environ.get("HELPDESK_WIDGET_COLOR", "#1f5fbf"),
        )

    def widget_defaults(self) -> dict[str, object]:
        """The widget's settings, as sent to the browser ahead of widget.js."""
        return {"rasaUrl": self.widget_rasa_url, "rasaPort": self.rasa_port,
                "title": self.widget_title, "greeting": self.widget_greeting,
                "color": self.widget_color}
