"""What the agent console shows beside a handoff: the customer's profile with their contact
details, their recent orders with the shipments (and the return or new delivery address
the customer made themselves), and the customer's own changes, newest first, from the CRM
and its order service (CONTRACT §7: GET /api/handoffs/{id}/context)."""

from __future__ import annotations

from typing import Any

from helpdesk.crm import lookups, order_service

RECENT_ORDERS = 5
RECENT_CHANGES = 10


def customer_context(customer: dict[str, Any] | None) -> dict[str, Any]:
    """`{"profile", "orders"}` for a handoff's customer (None: an anonymous customer)."""
    if not customer:
        return {"profile": None, "orders": [], "changes": []}
    contact = lookups.customer_contact(customer["customer_id"])
    orders = lookups.recent_orders(customer["customer_id"], limit=RECENT_ORDERS)
    return {
        "profile": {**customer, "phone": contact[0] if contact else None,
                    "email": contact[1] if contact else None},
        "orders": [{
            "order_id": o.order_id, "placed_at": o.placed_at.isoformat(), "status": o.status,
            "total": str(o.total), "currency": o.currency, "items": o.items,
            "shipments": [{"tracking_number": s.tracking_number, "carrier": s.carrier,
                           "status": s.status, "last_location": s.last_location,
                           "eta": s.eta.isoformat() if s.eta else None} for s in o.shipments],
            **_own_changes(o.order_id),
        } for o in orders],
        "changes": [{
            "kind": c.kind, "order_id": c.order_id, "old_value": c.old_value,
            "new_value": c.new_value, "at": c.at.isoformat(),
            "conversation_id": c.conversation_id, "channel": c.channel,
        } for c in order_service.changes_for_customer(customer["customer_id"], RECENT_CHANGES)],
    }


def _own_changes(order_id: str) -> dict[str, Any]:
    """The order's return (RMA, reason, status) and the address it now goes to."""
    found = order_service.order_return(order_id)
    return {
        "return": None if found is None else {
            "rma": found.rma, "reason": found.reason, "status": found.status,
            "refund_method": found.refund_method, "created_at": found.created_at.isoformat()},
        "delivery_address": order_service.delivery_address(order_id),
    }
