"""The dashboard's KPIs (CONTRACT §7: GET /api/metrics): the metrics over [since, until),
optionally for one channel, with the questions the bot could not answer most often."""

from __future__ import annotations

import datetime as dt
from typing import Any

from helpdesk.analytics.metrics import compute_metrics
from helpdesk.analytics.queries import metric_rows
from helpdesk.faq.unanswered import list_unanswered

TOP_UNANSWERED = 10


def dashboard_metrics(since: dt.datetime, until: dt.datetime,
                      channel: str | None) -> dict[str, Any]:
    """Blocking (the store): the web app calls it in a worker thread."""
    rows, handoffs, leads = metric_rows(since, until)
    result = compute_metrics(rows, handoffs, leads, since, until, channel)
    unanswered = list_unanswered(limit=TOP_UNANSWERED)
    return {"since": since.isoformat(), "until": until.isoformat(), "channel": channel,
            **result,
            "top_unanswered": [{"id": q.id, "text": q.text, "count": q.count}
                               for q in unanswered]}
