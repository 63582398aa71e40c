"""What a message asks, read from its words: the lookups it mentions (for two questions in
one message), whether a lookup question is about orders at all, and requests the bot cannot
do itself.

Pure rules over the text; the NLU gives one intent per message, these find the rest.
"""

from __future__ import annotations

import re
from typing import Final

ORDER: Final = "order_status"
SHIPMENT: Final = "shipment"
BALANCE: Final = "balance"

_BALANCE = re.compile(r"\b(points?|balances?|store credit|credit|prepaid|loyalty)\b", re.I)
_ORDER = re.compile(r"\b(orders?|order (number|no\.?|#)|status of)\b", re.I)
_SHIPMENT = re.compile(r"\b(parcels?|packages?|deliver\w*|ship(ped|ping|ment)?|track\w*|"
                       r"arriv\w*|get here|eta)\b", re.I)
_ORDER_NUMBER = re.compile(r"\b\d{3,9}\b")
# Words of a question about an order or a delivery; without any, an "order status" guess of
# the NLU is no order question ("is k-12 education required outside the united states").
_ABOUT_ORDERS = re.compile(
    r"\b(orders?|ordered|parcels?|packages?|packets?|deliver\w*|ship\w*|track\w*|arriv\w*|"
    r"bought|purchase[sd]?|status|it|items?|stuff|things?|box|came|come|coming|get here|"
    r"eta|sent|dispatch\w*|\d{3,})\b", re.I)
# Changes to an order that the bot cannot make itself (cancel, return, address and contact
# changes are self-service journeys of their own).
_UNSUPPORTED = re.compile(
    r"\b(exchange|swap|(change|switch) (the |my )?(size|colou?r|item|product)|"
    r"different (size|colou?r)|add (an? |another )?(item|something|\w+) to (my |the )?order|"
    r"invoice|receipt|gift ?wrap\w*|expedite|speed (it|this) up|faster shipping|"
    r"upgrade (the |my )?shipping|split (my |the )?order|combine|merge|price match|"
    r"price adjustment|reorder|order again)\b", re.I)

# A return asked for ("I want to return it", "send them back", "my money back"); a
# replacement is no return (a person arranges it).
_RETURN_WISH = re.compile(r"\b(return(s|ing)?|send(ing)? (it|them|this|these) back|refund\w*|"
                          r"money back)\b", re.I)
_REPLACEMENT = re.compile(r"\b(replace\w*|new one|another one)\b", re.I)
# The words of a self-service change (actions/self_service.py): such a message is that
# request, never a pick from a list or a corrected order number.
_CHANGE = re.compile(r"\b(cancel\w*|return(s|ing)?|send(ing)? (it|them) back|refund\w*|"
                     r"address|e-?mail|phone)\b", re.I)
# When a parcel will come: the delivery date, whatever intent the NLU gives it.
_WHEN = re.compile(r"\b(when|what day|what time|how long|how soon|how many days)\b", re.I)
_COMES = re.compile(r"\b(arriv\w*|get here|gets here|be here|deliver\w*|come|coming|reach\w*|"
                    r"turn up|show up)\b", re.I)
_DELIVERY_DATE = re.compile(r"\b(eta|delivery date|expected delivery|delivery time)\b", re.I)


def mentioned_requests(text: str) -> list[str]:
    """The lookups TEXT mentions, in the order it mentions them (ORDER, SHIPMENT, BALANCE)."""
    found: list[tuple[int, str]] = []
    for kind, pattern in ((BALANCE, _BALANCE), (SHIPMENT, _SHIPMENT), (ORDER, _ORDER)):
        match = pattern.search(text or "")
        if match:
            found.append((match.start(), kind))
    if (ORDER not in (k for _, k in found) and SHIPMENT not in (k for _, k in found)
            and _ORDER_NUMBER.search(text or "")):
        found.append((_ORDER_NUMBER.search(text or "").start(), ORDER))  # type: ignore[union-attr]
    return [kind for _, kind in sorted(found)]


def second_request(text: str, first: str) -> str | None:
    """The other lookup a message asks for beside FIRST (its intent's): "where is order 1042
    and how many points do I have" -> BALANCE for FIRST = ORDER. An order and its delivery
    are one request."""
    joined = " and " in (text or "").lower() or "," in (text or "") or "?" in (
        text or "").rstrip("? ")
    if not joined:
        return None
    group = {ORDER: "orders", SHIPMENT: "orders", BALANCE: "balance"}
    for kind in mentioned_requests(text):
        if group[kind] != group.get(first):
            return kind
    return None


def about_orders(text: str) -> bool:
    """TEXT could be a question about an order or a delivery."""
    return bool(_ABOUT_ORDERS.search(text or ""))


def unsupported_request(text: str) -> bool:
    """TEXT asks for a change to an order that only a person can make."""
    return bool(_UNSUPPORTED.search(text or ""))


def asks_for_return(text: str) -> bool:
    """TEXT asks to send something back for a refund (not for a replacement)."""
    return bool(_RETURN_WISH.search(text or "") and not _REPLACEMENT.search(text or ""))


def asks_when_delivered(text: str) -> bool:
    """TEXT asks when a parcel will come ("when will my order arrive", "what's the ETA"):
    a delivery question even where the NLU files it as an order status."""
    text = text or ""
    return bool(_DELIVERY_DATE.search(text) or (_WHEN.search(text) and _COMES.search(text)))


def asks_for_change(text: str) -> bool:
    """TEXT names a self-service change ("no, cancel order 5003", "return the backpack")."""
    return bool(_CHANGE.search(text or ""))
