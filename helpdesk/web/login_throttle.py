"""How many failed logins the web app accepts (`limits` notation, only failures count).

HELPDESK_LOGIN_RATE (5/minute) per client address and user name, and
HELPDESK_LOGIN_USER_RATE (20/hour) per user name from all addresses together, so guessing
one user's password from many addresses is throttled too. The counts live in
HELPDESK_RATE_LIMIT_STORAGE (memory, or Redis shared by several web apps).
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse, storage, strategies

from helpdesk.config import WebSettings

REFUSAL_AUDIT_RATE = parse("1/minute")  # a refused login's audit entry, per name and address


class LoginThrottle:
    def __init__(self, settings: WebSettings) -> None:
        self.attempts = storage.storage_from_string(settings.rate_limit_storage)
        self._limiter = strategies.MovingWindowRateLimiter(self.attempts)  # a weak reference
        self._rates = (parse(settings.login_rate), parse(settings.login_user_rate))

    def _counted(self, client: str, name: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        per_client, per_user = self._rates
        return [(per_client, ("login", client, name)), (per_user, ("login-user", name))]

    def refused_for_s(self, client: str, name: str) -> int | None:
        """Seconds until CLIENT may try NAME again, None when a try is allowed now."""
        refused = [(rate, key) for rate, key in self._counted(client, name)
                   if not self._limiter.test(rate, *key)]
        if not refused:
            return None
        return max(self._retry_after(rate, key) for rate, key in refused)

    def audit_refusal(self, client: str, name: str) -> bool:
        """Whether this refusal goes to the audit log (one a minute per name and address)."""
        return self._limiter.hit(REFUSAL_AUDIT_RATE, "login-refused", client, name)

    def failed(self, client: str, name: str) -> None:
        for rate, key in self._counted(client, name):
            self._limiter.hit(rate, *key)

    def _retry_after(self, rate: RateLimitItem, key: tuple[str, ...]) -> int:
        reset, _ = self._limiter.get_window_stats(rate, *key)
        return max(1, math.ceil(reset - time.time()))
