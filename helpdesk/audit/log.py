"""The audit log: every change made through the web app's API (who, what, when).

Recorded after the response for each successful POST, PUT, PATCH or DELETE under /api by a
logged-in user (and each login); the action is named from the route ("handoffs.claim",
"faq.update"). Failed logins are recorded too, as `login.failed` (wrong user name or
password) and `login.throttled` (refused by the login limits, at most once a minute per
user name and address), under the user name that was tried, with the client address and
never the password. A customer's own change through the bot (cancel, return, address,
email, phone: helpdesk/crm/order_service.py) is recorded too, in the same transaction as the
change (`customer_change_entry`), as user `customer:<id>` with role `customer`, the channel
as the client and the conversation id. Only admins read it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from sqlalchemy import select

from helpdesk.audit.models import AuditEntry
from helpdesk.store.database import session_scope
from helpdesk.store.times import as_utc

log = logging.getLogger(__name__)

CHANGING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_ID = re.compile(r"^\d+$")
# Collections whose ids are not numbers (CRM customer ids such as "C001").
_FREE_FORM_IDS = frozenset({"customers"})
_VERBS = {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}


def action_name(method: str, path: str) -> str:
    """'POST /api/handoffs/12/claim' -> 'handoffs.claim'; 'PUT /api/faq/3' -> 'faq.update';
    'POST /api/customers/C001/pin-unlock' -> 'customers.pin-unlock'."""
    segments = [p for p in path.split("/") if p and p != "api"]
    parts = [p for i, p in enumerate(segments) if not _ID.match(p)
             and not (i and segments[i - 1] in _FREE_FORM_IDS)]
    if not parts:
        return method.lower()
    if len(parts) == 1:
        return parts[0] if parts[0] in ("login", "logout") else f"{parts[0]}.{_VERBS[method]}"
    return ".".join(parts[:3])[:80]


def record(username: str, role: str, method: str, path: str, status: int,
           client: str = "", action: str | None = None) -> None:
    """One entry; ACTION defaults to the one named from the route (`action_name`)."""
    try:
        with session_scope() as session:
            session.add(AuditEntry(at=dt.datetime.now(dt.timezone.utc), username=username[:64],
                                   role=role[:16],
                                   action=(action or action_name(method, path))[:80],
                                   target=f"{method} {path}"[:300], status=status,
                                   client=client[:64]))
    except Exception:  # the action itself succeeded; say loudly that its record did not
        log.exception("could not write the audit log entry for %s %s by %s",
                      method, path, username)


CUSTOMER_ROLE = "customer"


def customer_change_entry(customer_id: str, action: str, target: str, conversation_id: str,
                          channel: str) -> AuditEntry:
    """The entry of a customer's self-service change, for the caller to add to the session
    that makes the change (so the change and its record stand or fall together)."""
    return AuditEntry(at=dt.datetime.now(dt.timezone.utc),
                      username=f"customer:{customer_id}"[:64], role=CUSTOMER_ROLE,
                      action=action[:80], target=target[:300], status=200,
                      client=channel[:64], conversation_id=conversation_id[:128])


@dataclass(frozen=True)
class AuditView:
    id: int
    at: str
    username: str
    role: str
    action: str
    target: str
    status: int
    client: str
    conversation_id: str | None


def list_entries(username: str | None = None, since: dt.datetime | None = None,
                 limit: int = 200) -> list[AuditView]:
    """Newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 1000)))
    if username:
        query = query.where(AuditEntry.username == username)
    if since:
        query = query.where(AuditEntry.at >= since)
    with session_scope() as session:
        return [AuditView(row.id, as_utc(row.at).isoformat(), row.username, row.role,
                          row.action, row.target, row.status, row.client, row.conversation_id)
                for row in session.scalars(query)]
