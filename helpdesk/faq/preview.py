"""The FAQ editor's "ask the bot": which entry a question matches, with the scores, and
what the bot would do (answer, ask which one, or no match), decided as the bot decides.

Blocking (the live index may reload from the store, scoring is CPU work): the web app
calls it in a worker thread.
"""

from __future__ import annotations

from typing import Any

from helpdesk.config import FaqThresholds
from helpdesk.faq.live_index import current_index
from helpdesk.faq.retrieval import decide

SHOWN_MATCHES = 5


def preview(question: str, thresholds: FaqThresholds) -> dict[str, Any]:
    """`{"decision", "answer", "matches": [{"id", "question", "score", "matched_phrasing"}]}`
    (CONTRACT §7: POST /api/faq/preview)."""
    matches = current_index().search(question, limit=SHOWN_MATCHES)
    decision = decide(matches, thresholds)
    return {
        "decision": decision.kind,
        "answer": decision.matches[0].entry.answer if decision.kind == "answer" else None,
        "matches": [{"id": m.entry.id, "question": m.entry.question, "score": m.score,
                     "matched_phrasing": m.phrasing} for m in matches]}
