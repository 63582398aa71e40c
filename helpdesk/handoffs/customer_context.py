"""What the agent console shows beside a handoff: the customer's profile with their contact
details, and their recent orders with the shipments, from the CRM (CONTRACT §7:
GET /api/handoffs/{id}/context)."""

from __future__ import annotations

from typing import Any

from helpdesk.crm import lookups

RECENT_ORDERS = 5


def customer_context(customer: dict[str, Any] | None) -> dict[str, Any]:
    """`{"profile", "orders"}` for a handoff's customer (None: an anonymous customer)."""
    if not customer:
        return {"profile": None, "orders": []}
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
        } for o in orders],
    }
