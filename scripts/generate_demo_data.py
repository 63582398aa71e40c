"""Write the demo CRM dataset (CONTRACT §3 format) to demo_data/: deterministic, stdlib only.

    python scripts/generate_demo_data.py

Every run rewrites customers.csv, orders.csv, shipments.csv and accounts.csv byte for byte
identically (fixed seed, no clock, no environment).  The rows the docs quote (Ada Moreno
C001, order 1042, shipment 1Z999AA10123456784, account A001, Ben Okafor C002, Chloe Nguyen
C003) are written verbatim; everything else is generated around them.  "Today" in the data
is 2026-11-23: shipments in transit have an ETA from then on, delivered ones in the past.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import string
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "demo_data"
SEED = 20261123
TODAY = dt.date(2026, 11, 23)
FIRST_DAY = dt.date(2026, 8, 1)
LAST_DAY = dt.date(2026, 11, 22)
FIRST_ORDER, LAST_ORDER = 1001, 1130

rng = random.Random(SEED)

# ---------------------------------------------------------------- fixed rows (the docs use them)
FIXED_CUSTOMERS = [
    ("C001", "Ada Moreno", "+15551230001", "ada@example.com", "vip", "4321", "en"),
    ("C002", "Ben Okafor", "+15551230002", "ben@example.com", "gold", "8642", "en"),
    ("C003", "Chloe Nguyen", "+15551230003", "chloe@example.com", "standard", "135790", "en"),
]
FIXED_ORDERS = [
    ("1042", "C001", "2026-11-02", "shipped", "129.90", "USD", "2x trail shoes"),
    ("1043", "C002", "2026-10-20", "delivered", "59.00", "USD", "1x rain jacket"),
    ("1044", "C003", "2026-11-18", "packed", "34.50", "USD", "1x headlamp"),
    ("1045", "C001", "2026-11-15", "paid", "89.00", "USD", "1x backpack"),
    ("1046", "C001", "2026-10-05", "delivered", "240.00", "USD", "1x tent; 2x wool socks"),
    ("1047", "C001", "2026-09-12", "returned", "75.00", "USD", "1x fleece"),
]
FIXED_SHIPMENTS = [
    ("1Z999AA10123456784", "1042", "UPS", "in_transit", "Denver CO", "2026-11-25",
     "2026-11-21T08:10:00Z"),
    ("771234567890", "1043", "FedEx", "delivered", "Omaha NE", "2026-10-24",
     "2026-10-24T14:02:00Z"),
    ("1Z4F6A0P0398751244", "1046", "UPS", "delivered", "Boise ID", "2026-10-09",
     "2026-10-09T16:45:00Z"),
    ("9405511899560000000001", "1047", "USPS", "delivered", "Reno NV", "2026-09-16",
     "2026-09-16T11:20:00Z"),
]
FIXED_ACCOUNTS = [
    ("A001", "C001", "store_credit", "45.10", "USD", "2026-11-20"),
    ("A002", "C001", "loyalty_points", "1250", "PTS", "2026-11-20"),
    ("A003", "C002", "prepaid", "20.00", "USD", "2026-11-19"),
]

# ---------------------------------------------------------------- generated customers
# (name, language, currency); C004.. in this order.  Non-US customers pay in EUR/GBP.
PEOPLE = [
    ("Diego Alvarez", "en", "USD"), ("Emma Schmidt", "de", "EUR"),
    ("Farah Haddad", "en", "USD"), ("George Papadopoulos", "en", "USD"),
    ("Hana Sato", "en", "USD"), ("Ivan Petrov", "en", "USD"),
    ("Julia Rossi", "en", "USD"), ("Kwame Mensah", "en", "USD"),
    ("Lena Fischer", "de", "EUR"), ("Mateo Garcia", "es", "USD"),
    ("Nora Lindqvist", "en", "USD"), ("Omar Farouk", "en", "USD"),
    ("Priya Patel", "en", "USD"), ("Quentin Dubois", "fr", "EUR"),
    ("Rosa Martinez", "es", "USD"), ("Samuel Cohen", "en", "USD"),
    ("Tara O'Neill", "en-GB", "GBP"), ("Umar Sheikh", "en", "USD"),
    ("Valentina Costa", "en", "USD"), ("William Brown", "en", "USD"),
    ("Xin Li", "en", "USD"), ("Yara Silva", "en", "USD"),
    ("Zoe Thompson", "en", "USD"), ("Aiden Walsh", "en-GB", "GBP"),
    ("Bianca Ferreira", "en", "USD"), ("Carlos Mendes", "es", "EUR"),
    ("Daniela Ruiz", "es", "USD"), ("Elijah Carter", "en", "USD"),
    ("Fatima Zahra", "fr", "EUR"), ("Gustav Berg", "en", "USD"),
]
GENERATED_TIERS = ["vip"] * 4 + ["gold"] * 7 + ["standard"] * 19  # + Ada vip, Ben gold
DOMAINS = ["example.com", "example.org", "example.net"]

# ---------------------------------------------------------------- catalogue (USD list prices)
CATALOGUE = {
    "trail shoes": "64.95", "rain jacket": "59.00", "headlamp": "34.50", "backpack": "89.00",
    "tent": "216.00", "wool socks": "12.00", "fleece": "75.00", "hiking boots": "149.00",
    "sleeping bag": "129.00", "water bottle": "18.50", "trekking poles": "79.90",
    "beanie": "24.00", "running shorts": "35.00", "base layer": "54.00", "camp stove": "69.95",
    "down jacket": "189.00", "sun hat": "29.00", "gaiters": "39.50", "camp chair": "49.99",
    "dry bag": "22.00", "daypack": "64.00", "hydration pack": "84.50",
    "insulated mug": "27.00", "sleeping pad": "94.00", "softshell pants": "79.00",
}
FX = {"USD": Decimal("1"), "EUR": Decimal("0.94"), "GBP": Decimal("0.80")}
CENT = Decimal("0.01")

# ---------------------------------------------------------------- logistics
CITIES = ["Denver CO", "Austin TX", "Reno NV", "Tulsa OK", "Boise ID", "Omaha NE", "Memphis TN",
          "Portland OR", "Columbus OH", "Raleigh NC", "Phoenix AZ", "Louisville KY",
          "Salt Lake City UT", "Kansas City MO", "Albuquerque NM", "Madison WI", "Spokane WA",
          "Richmond VA", "Sacramento CA", "Des Moines IA"]
HUBS = ["Memphis TN", "Louisville KY", "Indianapolis IN", "Chicago IL", "Dallas TX",
        "Kansas City MO", "Salt Lake City UT", "Ontario CA", "Atlanta GA", "Columbus OH"]
WAREHOUSES = ["Reno NV", "Columbus OH", "Memphis TN"]
CARRIERS = ["UPS", "FedEx", "USPS", "DHL"]

# How many generated orders (1001..1130 minus the six fixed ones = 124) get each status.
# With the fixed orders this makes every status appear at least 10 times.
GENERATED_ORDER_STATUSES = {"placed": 17, "paid": 18, "packed": 18, "shipped": 18,
                            "delivered": 28, "cancelled": 16, "returned": 9}
PACKED_WITH_LABEL = 6
# Shipment status for the generated shipped orders (1042 is the fixed in_transit one).
SHIPPED_SHIPMENT_STATUSES = ["in_transit"] * 10 + ["out_for_delivery"] * 4 + ["exception"] * 4
# Accounts per generated customer (0..3); 43 generated + 3 fixed = 46 accounts.
ACCOUNT_COUNTS = [0, 1, 2, 3] * 7 + [0, 1]
ACCOUNT_KINDS = ["store_credit", "prepaid", "loyalty_points"]


def day_between(first: dt.date, last: dt.date) -> dt.date:
    first, last = max(first, FIRST_DAY), min(last, LAST_DAY)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def stamp(day: dt.date, earliest_hour: int = 6, latest_hour: int = 20) -> str:
    hour = rng.randint(earliest_hour, latest_hour)
    return f"{day.isoformat()}T{hour:02d}:{rng.randrange(0, 60, 5):02d}:00Z"


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- customers
def customers() -> tuple[list[tuple], dict[str, str], dict[str, str]]:
    """Rows, plus each customer's currency and home city."""
    rows = list(FIXED_CUSTOMERS)
    currency = {"C001": "USD", "C002": "USD", "C003": "USD"}
    home = {"C001": "Denver CO", "C002": "Omaha NE", "C003": "Portland OR"}
    tiers = list(GENERATED_TIERS)
    rng.shuffle(tiers)
    people = zip(PEOPLE, tiers, strict=True)
    for number, ((name, language, cur), tier) in enumerate(people, start=4):
        cid = f"C{number:03d}"
        first, last = name.lower().replace("'", "").split(" ", 1)
        email = f"{first}.{last.replace(' ', '')}@{DOMAINS[number % len(DOMAINS)]}"
        pin = str(rng.randint(1, 9))
        pin += "".join(rng.choices(string.digits, k=rng.choice([3, 3, 4, 5])))
        rows.append((cid, name, f"+1555123{number:04d}", email, tier, pin, language))
        currency[cid] = cur
        home[cid] = rng.choice(CITIES)
    return rows, currency, home


# ---------------------------------------------------------------- orders
def basket(cur: str) -> tuple[str, str]:
    """(items text, total) for a random basket priced in `cur`."""
    lines = []
    total = Decimal(0)
    for item in rng.sample(sorted(CATALOGUE), rng.choice([1, 1, 1, 2, 2, 3])):
        quantity = rng.choice([1, 1, 1, 2, 3] if item == "wool socks" else [1, 1, 1, 1, 2])
        price = (Decimal(CATALOGUE[item]) * FX[cur]).quantize(CENT, rounding=ROUND_HALF_UP)
        total += price * quantity
        lines.append(f"{quantity}x {item}")
    return "; ".join(lines), money(total)


PLACED_WINDOW = {  # order status -> (earliest, latest) placed_at
    "placed": (dt.date(2026, 11, 17), LAST_DAY),
    "paid": (dt.date(2026, 11, 13), LAST_DAY),
    "packed": (dt.date(2026, 11, 11), dt.date(2026, 11, 21)),
    "shipped": (dt.date(2026, 11, 6), dt.date(2026, 11, 20)),
    "delivered": (FIRST_DAY, dt.date(2026, 11, 14)),
    "cancelled": (FIRST_DAY, LAST_DAY),
    "returned": (FIRST_DAY, dt.date(2026, 11, 1)),
}


def orders(customer_rows: list[tuple], currency: dict[str, str]) -> list[tuple]:
    fixed_ids = {int(row[0]) for row in FIXED_ORDERS}
    numbers = [n for n in range(FIRST_ORDER, LAST_ORDER + 1) if n not in fixed_ids]
    statuses = [s for s, count in GENERATED_ORDER_STATUSES.items() for _ in range(count)]
    assert len(statuses) == len(numbers), (len(statuses), len(numbers))
    rng.shuffle(statuses)
    # Generated orders go to C004.. only (Ada, Ben and Chloe keep exactly their fixed orders);
    # every generated customer gets at least one, VIP and gold customers buy more often.
    generated = [row for row in customer_rows if row[0] not in {"C001", "C002", "C003"}]
    weight = {"vip": 4, "gold": 2, "standard": 1}
    buyers = [row[0] for row in generated]
    buyers += rng.choices([row[0] for row in generated], [weight[row[4]] for row in generated],
                          k=len(numbers) - len(buyers))
    rng.shuffle(buyers)
    rows = list(FIXED_ORDERS)
    for number, status, cid in zip(numbers, statuses, buyers, strict=True):
        placed = day_between(*PLACED_WINDOW[status])
        items, total = basket(currency[cid])
        rows.append((str(number), cid, placed.isoformat(), status, total, currency[cid], items))
    return sorted(rows, key=lambda row: int(row[0]))


# ---------------------------------------------------------------- shipments
_used_tracking = {row[0] for row in FIXED_SHIPMENTS}


def tracking(carrier: str) -> str:
    while True:
        if carrier == "UPS":
            number = "1Z" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=16))
        elif carrier == "FedEx":
            number = str(rng.randint(1, 9)) + "".join(rng.choices(string.digits, k=11))
        elif carrier == "USPS":
            number = "9" + "".join(rng.choices(string.digits, k=21))
        else:
            number = "JD" + "".join(rng.choices(string.digits, k=18))
        if number not in _used_tracking:
            _used_tracking.add(number)
            return number


def shipment(order: tuple, status: str, home: dict[str, str]) -> tuple:
    order_id, cid, placed_at = order[0], order[1], dt.date.fromisoformat(order[2])
    carrier = rng.choice(CARRIERS)
    shipped_on = min(placed_at + dt.timedelta(days=rng.randint(1, 3)), TODAY - dt.timedelta(days=1))
    if status == "label_created":  # packed, label printed, not yet handed to the carrier
        location = rng.choice(WAREHOUSES)
        eta = TODAY + dt.timedelta(days=rng.randint(3, 8))
        updated = stamp(min(placed_at + dt.timedelta(days=rng.randint(0, 1)), LAST_DAY))
    elif status == "delivered":
        location = home[cid]
        eta = min(shipped_on + dt.timedelta(days=rng.randint(2, 6)), TODAY - dt.timedelta(days=1))
        updated = stamp(eta, 9, 19)
    elif status == "in_transit":
        location = rng.choice(HUBS)
        eta = TODAY + dt.timedelta(days=rng.randint(0, 9))
        updated = stamp(day_between(max(shipped_on, TODAY - dt.timedelta(days=3)), LAST_DAY), 0, 23)
    elif status == "out_for_delivery":
        location = home[cid]
        eta = TODAY
        updated = stamp(TODAY, 6, 8)
    else:  # exception: held somewhere on the way, ETA pushed out
        location = rng.choice(HUBS)
        eta = TODAY + dt.timedelta(days=rng.randint(2, 9))
        updated = stamp(day_between(max(shipped_on, TODAY - dt.timedelta(days=4)), LAST_DAY), 0, 23)
    return (tracking(carrier), order_id, carrier, status, location, eta.isoformat(), updated)


def shipments(order_rows: list[tuple], home: dict[str, str]) -> list[tuple]:
    fixed_orders = {row[0] for row in FIXED_ORDERS}
    generated = [row for row in order_rows if row[0] not in fixed_orders]
    in_flight = list(SHIPPED_SHIPMENT_STATUSES)
    rng.shuffle(in_flight)
    shipped = [row for row in generated if row[3] == "shipped"]
    assert len(shipped) == len(in_flight)
    packed = [row for row in generated if row[3] == "packed"]
    labelled = {row[0] for row in rng.sample(packed, PACKED_WITH_LABEL)}
    status_of = dict(zip((row[0] for row in shipped), in_flight, strict=True))
    rows = list(FIXED_SHIPMENTS)
    for order in generated:
        if order[3] in ("delivered", "returned"):
            rows.append(shipment(order, "delivered", home))
        elif order[3] == "shipped":
            rows.append(shipment(order, status_of[order[0]], home))
        elif order[0] in labelled:
            rows.append(shipment(order, "label_created", home))
    return sorted(rows, key=lambda row: (int(row[1]), row[0]))


# ---------------------------------------------------------------- accounts
def accounts(customer_rows: list[tuple], currency: dict[str, str]) -> list[tuple]:
    rows = list(FIXED_ACCOUNTS)
    counts = list(ACCOUNT_COUNTS)
    rng.shuffle(counts)
    generated = [row for row in customer_rows if row[0] not in {"C001", "C002", "C003"}]
    for row, count in zip(generated, counts, strict=True):
        cid = row[0]
        for kind in sorted(rng.sample(ACCOUNT_KINDS, count), key=ACCOUNT_KINDS.index):
            if kind == "loyalty_points":
                balance, unit = str(rng.randrange(0, 8000, 10)), "PTS"
            elif kind == "store_credit":
                balance = ("0.00" if rng.random() < 0.1
                           else f"{rng.randint(5, 250)}.{rng.randint(0, 99):02d}")
                unit = currency[cid]
            else:
                dollars = rng.choice([10, 25, 50, 75, 100, 150, 200, 320])
                balance = f"{dollars}.{rng.choice(['00', '00', '50', '25', '80'])}"
                unit = currency[cid]
            as_of = dt.date(2026, 11, 18) + dt.timedelta(days=rng.randint(0, 4))
            rows.append((f"A{len(rows) + 1:03d}", cid, kind, balance, unit, as_of.isoformat()))
    return rows


# ---------------------------------------------------------------- output
def write(name: str, header: str, rows: list[tuple]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows(rows)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    customer_rows, currency, home = customers()
    order_rows = orders(customer_rows, currency)
    shipment_rows = shipments(order_rows, home)
    account_rows = accounts(customer_rows, currency)
    write("customers.csv", "customer_id,name,phone,email,tier,pin,language", customer_rows)
    write("orders.csv", "order_id,customer_id,placed_at,status,total,currency,items", order_rows)
    write("shipments.csv", "tracking_number,order_id,carrier,status,last_location,eta,updated_at",
          shipment_rows)
    write("accounts.csv", "account_id,customer_id,kind,balance,currency,as_of", account_rows)
    print(f"wrote {len(customer_rows)} customers, {len(order_rows)} orders, "
          f"{len(shipment_rows)} shipments, {len(account_rows)} accounts to {OUT}")


if __name__ == "__main__":
    main()
