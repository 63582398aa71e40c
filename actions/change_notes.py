"""What an order's status answer adds about the customer's own changes (a return started,
a new delivery address), so a change is answered the same way whenever it is asked about
again. The status itself (e.g. "cancelled") is the order's, set by the order service."""

from __future__ import annotations

from actions import change_messages, messages
from helpdesk.crm import order_service
from helpdesk.crm.lookups import OrderView


def status_note(order: OrderView) -> str:
    address = order_service.latest_change(order.order_id, "address")
    return change_messages.order_note(order_service.order_return(order.order_id),
                                      address.at if address else None)


def order_status(order: OrderView) -> str:
    """messages.order_status, and what the customer changed."""
    note = status_note(order)
    text = messages.order_status(order)
    return f"{text} {note}" if note else text
