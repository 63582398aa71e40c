"""Staff sessions (the console, the FAQ editor, the dashboard) and what they mean for
handoffs: an agent who logs in becomes available (online); one who logs out goes offline,
and their open conversations go back to the queue (the caller requeues them, see
helpdesk/web/handoff_events.py); disabling a user ends all their sessions.

Blocking (argon2, the store): the web app calls these in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk.accounts.api_tokens import issue_token, revoke_token, revoke_user_tokens
from helpdesk.accounts.users import UserView, authenticate, set_active
from helpdesk.handoffs.presence import set_presence


@dataclass(frozen=True)
class StaffSession:
    user: UserView
    token: str  # the bearer token; only its digest is stored


def log_in(username: str, password: str, ttl_s: int) -> StaffSession | None:
    """A new session for the right password, None for a wrong one (or a disabled user)."""
    user = authenticate(username, password)
    if user is None:
        return None
    token = issue_token(user, ttl_s)
    if user.role == "agent":  # logging in to the console makes an agent available
        set_presence(user.id, "online")
    return StaffSession(user, token)


def log_out(user: UserView, token: str) -> bool:
    """End the session of TOKEN. True when USER was an agent whose open conversations must
    now go back to the queue."""
    revoke_token(token)
    if user.role != "agent":
        return False
    set_presence(user.id, "offline")
    return True


def set_user_active(user_id: int, active: bool) -> UserView | None:
    """Enable or disable a user (None: no such user); disabling ends their sessions."""
    user = set_active(user_id, active)
    if user is not None and not user.active:
        revoke_user_tokens(user.id)
    return user
