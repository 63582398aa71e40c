"""The order service (helpdesk/crm/order_service.py): the rules as pure functions, and each
change on SQLite and PostgreSQL (`loaded_db_url`, the test CRM): what it writes (the order,
the customer, the return, the history with the old value, the audit entry with the
conversation id), and that a refused change writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from helpdesk.analytics.queries import ConversationFilters, get_conversation, list_conversations
from helpdesk.analytics.recorder import record_conversation
from helpdesk.audit.log import list_entries
from helpdesk.audit.models import AuditEntry
from helpdesk.crm import lookups, order_service
from helpdesk.crm.lookups import OrderView
from helpdesk.crm.models import AccountChange, OrderReturn
from helpdesk.crm.order_service import ChangeContext, Refusal
from helpdesk.handoffs.customer_context import customer_context
from helpdesk.store.database import session_scope
from tests.unit.test_conversation_facts import Script

LIN = "K-500"
CTX = ChangeContext("conv-1", "rest")
TODAY = dt.date(2026, 12, 1)  # 17 days after order 6003 arrived (2026-11-14)


def _counts() -> tuple[int, int, int]:
    with session_scope() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (AccountChange, OrderReturn, AuditEntry))


def _order(status: str, placed: dt.date = dt.date(2026, 11, 1)) -> OrderView:
    return OrderView("1", placed, status, Decimal("1.00"), "USD", "x", ())


# --- the rules -------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "refusal"), [
    ("placed", None), ("paid", None), ("packed", None), ("shipped", Refusal.SHIPPED),
    ("delivered", Refusal.DELIVERED), ("cancelled", Refusal.ALREADY_CANCELLED),
    ("returned", Refusal.RETURNED)])
def test_an_order_cancels_until_it_ships(status: str, refusal: Refusal | None) -> None:
    assert order_service.cancel_refusal(status) == refusal


@pytest.mark.parametrize(("status", "refusal"), [
    ("placed", None), ("paid", None), ("packed", Refusal.PACKED), ("shipped", Refusal.SHIPPED),
    ("cancelled", Refusal.ALREADY_CANCELLED)])
def test_the_address_changes_until_the_order_is_packed(status: str,
                                                       refusal: Refusal | None) -> None:
    assert order_service.address_refusal(status) == refusal


@pytest.mark.parametrize(("status", "days_ago", "has_return", "refusal"), [
    ("delivered", 0, False, None), ("delivered", 30, False, None),
    ("delivered", 31, False, Refusal.OUTSIDE_WINDOW), ("delivered", 3, True, Refusal.RETURN_EXISTS),
    ("shipped", 3, False, Refusal.NOT_DELIVERED), ("paid", 3, False, Refusal.NOT_DELIVERED),
    ("returned", 3, False, Refusal.RETURNED), ("cancelled", 3, False, Refusal.ALREADY_CANCELLED)])
def test_a_delivered_order_returns_once_inside_the_window(
        status: str, days_ago: int, has_return: bool, refusal: Refusal | None) -> None:
    delivered = TODAY - dt.timedelta(days=days_ago)
    assert order_service.return_refusal(status, delivered, TODAY, 30, has_return) == refusal


def test_the_window_counts_from_the_delivery_else_from_the_order_date() -> None:
    assert order_service.delivered_on(_order("delivered", dt.date(2026, 1, 2))) == dt.date(
        2026, 1, 2)


@pytest.mark.parametrize(("field", "text", "value"), [
    ("email", "it's Lin.New@Mail.example", "lin.new@mail.example"),
    ("email", "lin at mail dot example", "lin@mail.example"), ("email", "lin@", None),
    ("email", "no", None), ("phone", "555 987 0555", "+15559870555"),
    ("phone", "+44 20 7946 0999", "+442079460999"), ("phone", "12", None)])
def test_contact_values_are_validated(field: str, text: str, value: str | None) -> None:
    assert order_service.clean_contact(field, text) == value


@pytest.mark.parametrize(("text", "reason"), [
    ("  wrong size. ", "wrong size"), (".", None), ("7", None), ("it arrived damaged",
                                                                 "it arrived damaged")])
def test_a_return_reason_is_some_words(text: str, reason: str | None) -> None:
    assert order_service.clean_reason(text) == reason


# --- the changes, on both databases -----------------------------------------------------------
def test_cancel_sets_the_status_and_records_the_change(loaded_db_url: str) -> None:
    outcome = order_service.cancel_order(LIN, "6001", CTX)
    assert outcome.ok and outcome.order and outcome.order.items == "1x backpack"
    assert lookups.order_for_customer(LIN, "6001").status == "cancelled"
    [change] = order_service.changes_for_customer(LIN)
    assert (change.kind, change.order_id, change.old_value, change.new_value) == (
        "cancel", "6001", "placed", "cancelled")
    assert (change.conversation_id, change.channel) == ("conv-1", "rest")
    [entry] = list_entries()
    assert (entry.username, entry.role, entry.action, entry.target, entry.client,
            entry.conversation_id) == ("customer:K-500", "customer", "orders.cancel",
                                       "order 6001", "rest", "conv-1")
    # Asked again: already cancelled, and nothing more is written.
    assert order_service.cancel_order(LIN, "6001", CTX).refusal is Refusal.ALREADY_CANCELLED
    assert _counts() == (1, 0, 1)


@pytest.mark.parametrize(("customer", "order_id", "refusal"), [
    (LIN, "6005", Refusal.SHIPPED), (LIN, "6003", Refusal.DELIVERED),
    (LIN, "5003", Refusal.NOT_FOUND),  # Grace's order: the same as a missing one
    (LIN, "9999", Refusal.NOT_FOUND), ("K-100", "5004", Refusal.ALREADY_CANCELLED)])
def test_a_refused_cancel_changes_nothing(loaded_db_url: str, customer: str, order_id: str,
                                          refusal: Refusal) -> None:
    before = lookups.order_for_customer(customer, order_id)
    assert order_service.cancel_order(customer, order_id, CTX).refusal is refusal
    assert lookups.order_for_customer(customer, order_id) == before
    assert _counts() == (0, 0, 0)


def test_a_packed_order_still_cancels(loaded_db_url: str) -> None:
    assert order_service.cancel_order(LIN, "6006", CTX).ok
    assert lookups.order_for_customer(LIN, "6006").status == "cancelled"


def test_a_return_gets_a_number_once(loaded_db_url: str) -> None:
    checked = order_service.check_return(LIN, "6003", 30, TODAY)
    assert checked.ok and checked.deadline == dt.date(2026, 12, 14)
    outcome = order_service.start_return(LIN, "6003", "wrong size", CTX, 30, TODAY)
    assert outcome.ok and outcome.rma == "RMA-6003"
    found = order_service.order_return("6003")
    assert found and (found.rma, found.reason, found.status, found.refund_method,
                      found.conversation_id) == ("RMA-6003", "wrong size", "open",
                                                 "original_payment", "conv-1")
    assert lookups.order_for_customer(LIN, "6003").status == "delivered"  # on its way back
    assert [e.action for e in list_entries()] == ["orders.return"]
    again = order_service.start_return(LIN, "6003", "still wrong", CTX, 30, TODAY)
    assert again.refusal is Refusal.RETURN_EXISTS
    assert _counts() == (1, 1, 1)


@pytest.mark.parametrize(("order_id", "reason", "refusal"), [
    ("6004", "broken", Refusal.OUTSIDE_WINDOW), ("6005", "broken", Refusal.NOT_DELIVERED),
    ("5002", "broken", Refusal.NOT_FOUND), ("6003", "?", Refusal.INVALID_REASON)])
def test_a_refused_return_changes_nothing(loaded_db_url: str, order_id: str, reason: str,
                                          refusal: Refusal) -> None:
    outcome = order_service.start_return(LIN, order_id, reason, CTX, 30, TODAY)
    assert outcome.refusal is refusal
    assert _counts() == (0, 0, 0)


def test_the_address_change_keeps_the_old_one(loaded_db_url: str) -> None:
    first = order_service.change_address(LIN, "6002", "12 Main Street, Springfield, IL 62704",
                                         CTX)
    assert first.ok and first.old_value is None
    second = order_service.change_address(LIN, "6002", "my new address is 7 Oak Lane, Salem",
                                          ChangeContext("conv-2", "voice"))
    assert second.ok and second.value == "7 Oak Lane, Salem"
    assert second.old_value == "12 Main Street, Springfield, IL 62704"
    assert order_service.delivery_address("6002") == "7 Oak Lane, Salem"
    assert [(c.old_value, c.new_value) for c in order_service.changes_in_conversation(
        "conv-2")] == [("12 Main Street, Springfield, IL 62704", "7 Oak Lane, Salem")]


@pytest.mark.parametrize(("order_id", "text", "refusal"), [
    ("6006", "12 Main Street, Springfield", Refusal.PACKED),
    ("6005", "12 Main Street, Springfield", Refusal.SHIPPED),
    ("6002", "somewhere nice", Refusal.INVALID_ADDRESS),
    ("7002", "12 Main Street, Springfield", Refusal.NOT_FOUND)])
def test_a_refused_address_change_changes_nothing(loaded_db_url: str, order_id: str, text: str,
                                                  refusal: Refusal) -> None:
    assert order_service.change_address(LIN, order_id, text, CTX).refusal is refusal
    assert _counts() == (0, 0, 0) and order_service.delivery_address(order_id) is None


def test_contact_updates_keep_the_old_value(loaded_db_url: str) -> None:
    email = order_service.update_contact(LIN, "email", "lin.new@mail.example", CTX)
    phone = order_service.update_contact(LIN, "phone", "(555) 987-0555", CTX)
    assert email.ok and phone.ok
    assert lookups.customer_contact(LIN) == ("+15559870555", "lin.new@mail.example")
    assert lookups.customer_by_email("lin.new@mail.example").customer_id == LIN
    history = {(c.kind, c.old_value, c.new_value) for c in order_service.changes_for_customer(LIN)}
    assert history == {("email", "lin@okafor.example", "lin.new@mail.example"),
                       ("phone", "+15559870500", "+15559870555")}
    assert {e.action for e in list_entries()} == {"customers.email", "customers.phone"}


@pytest.mark.parametrize(("field", "text", "refusal"), [
    ("email", "not an email", Refusal.INVALID_EMAIL),
    ("email", "lin@okafor.example", Refusal.SAME_VALUE),
    ("email", "grace@navy.example", Refusal.UNAVAILABLE_VALUE),  # someone else's
    ("phone", "call me maybe", Refusal.INVALID_PHONE)])
def test_a_refused_contact_update_changes_nothing(loaded_db_url: str, field: str, text: str,
                                                  refusal: Refusal) -> None:
    assert order_service.update_contact(LIN, field, text, CTX).refusal is refusal
    assert lookups.customer_contact(LIN) == ("+15559870500", "lin@okafor.example")
    assert _counts() == (0, 0, 0)


class _ExternalSystem(order_service.LocalOrderSystem):
    """Another order system behind the seam: it refuses every cancellation (its warehouse
    has already picked the parcel)."""

    def cancel(self, order_id: str, from_statuses: frozenset[str]) -> bool:
        return False


def test_another_order_system_can_stand_behind_the_seam(loaded_db_url: str) -> None:
    previous = order_service.use_order_system(_ExternalSystem())
    try:
        assert order_service.cancel_order(LIN, "6001", CTX).refusal is Refusal.CHANGED_MEANWHILE
    finally:
        order_service.use_order_system(previous)
    assert lookups.order_for_customer(LIN, "6001").status == "placed"
    assert _counts() == (0, 0, 0)


def test_the_console_context_and_the_conversation_record_show_the_changes(
        loaded_db_url: str) -> None:
    script = Script().session().user("cancel order 6001", "cancel_order").slot(
        "customer_id", "K-500")
    assert record_conversation("conv-1", script.events, loaded_db_url) is not None
    order_service.cancel_order(LIN, "6001", CTX)
    order_service.start_return(LIN, "6003", "wrong size", CTX, 3650)
    order_service.change_address(LIN, "6002", "12 Main Street, Springfield", CTX)
    context = customer_context({"customer_id": LIN, "name": "Lin Okafor", "tier": "standard"})
    orders = {o["order_id"]: o for o in context["orders"]}
    assert orders["6001"]["status"] == "cancelled"
    assert orders["6003"]["return"]["rma"] == "RMA-6003"
    assert orders["6002"]["delivery_address"] == "12 Main Street, Springfield"
    assert [c["kind"] for c in context["changes"]] == ["address", "return", "cancel"]
    [row] = list_conversations(ConversationFilters(), loaded_db_url)
    record = get_conversation(row["id"], loaded_db_url)
    assert [(c["kind"], c["order_id"]) for c in record["changes"]] == [
        ("cancel", "6001"), ("return", "6003"), ("address", "6002")]
