"""Settings of the web app, from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

from helpdesk.settings import Settings, env_int


@dataclass(frozen=True)
class WebSettings:
    console_port: int
    admin_password: str | None
    token_ttl_s: int
    login_rate: str  # per client address and user name, `limits` notation
    rate_limit_storage: str  # memory:// or redis://... (shared by several web apps)

    @classmethod
    def from_env(cls) -> WebSettings:
        base = Settings.from_env()
        return cls(
            console_port=base.console_port,
            admin_password=os.environ.get("HELPDESK_ADMIN_PASSWORD") or None,
            token_ttl_s=env_int("HELPDESK_TOKEN_TTL_S", 8 * 3600),
            login_rate=os.environ.get("HELPDESK_LOGIN_RATE", "5/minute"),
            rate_limit_storage=os.environ.get("HELPDESK_RATE_LIMIT_STORAGE")
            or base.lock_store_url or "memory://",
        )
