"""Every feature error the web app maps (helpdesk/web/domain_errors.py) carries a 4xx."""

from __future__ import annotations

import pytest

from helpdesk.faq.entries import FaqNotFound
from helpdesk.handoffs.records import HandoffConflict, HandoffForbidden, HandoffNotFound
from helpdesk.leads.store import LeadNotFound
from helpdesk.web.domain_errors import DOMAIN_ERRORS


@pytest.mark.parametrize("kind", DOMAIN_ERRORS, ids=lambda kind: kind.__name__)
def test_a_mapped_error_carries_a_client_error_status(kind: type[Exception]) -> None:
    status = getattr(kind, "status", None)
    assert isinstance(status, int) and 400 <= status < 500


@pytest.mark.parametrize("error, status", [
    (FaqNotFound("no FAQ entry 7"), 404), (HandoffNotFound("x"), 404),
    (HandoffConflict("x"), 409), (HandoffForbidden("x"), 403), (LeadNotFound("x"), 404)])
def test_the_specific_errors_keep_their_status(error: Exception, status: int) -> None:
    assert isinstance(error, DOMAIN_ERRORS) and getattr(error, "status", None) == status
