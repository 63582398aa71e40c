"""`helpdesk import`: good files, each kind of bad row, re-import — on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpdesk.crm.importer import import_directory
from helpdesk.crm.models import Account, Customer, Order, Shipment
from helpdesk.crm.pins import pin_matches
from helpdesk.store.database import session_scope
from tests.conftest import TEST_CRM_DIR

HEADERS = {
    "customers.csv": "customer_id,name,phone,email,tier,pin,language",
    "orders.csv": "order_id,customer_id,placed_at,status,total,currency,items",
    "shipments.csv": "tracking_number,order_id,carrier,status,last_location,eta,updated_at",
    "accounts.csv": "account_id,customer_id,kind,balance,currency,as_of",
}
GOOD_CUSTOMER = "C9,Ann Lee,+15550000009,ann@example.com,gold,1234,en"


def write(directory: Path, name: str, *rows: str) -> None:
    (directory / name).write_text("\n".join([HEADERS[name], *rows]) + "\n", encoding="utf-8")


def count(model: type) -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_good_files_import_and_reimport_is_idempotent(db_url: str) -> None:
    first = import_directory(TEST_CRM_DIR)
    assert first.ok, first.errors
    assert first.counts["customers.csv"].inserted == 5
    assert first.counts["orders.csv"].inserted == 13
    assert first.counts["shipments.csv"].inserted == 7
    assert first.counts["accounts.csv"].inserted == 4
    with session_scope() as session:
        grace = session.get(Customer, "K-100")
        assert grace.pin_hash != "2468" and "2468" not in grace.pin_hash
        assert pin_matches(grace.pin_hash, "2468")
        pin_hash = grace.pin_hash
    second = import_directory(TEST_CRM_DIR)
    assert second.ok
    assert all(c.inserted == 0 and c.updated == 0 for c in second.counts.values())
    assert second.counts["orders.csv"].unchanged == 13
    with session_scope() as session:
        assert session.get(Customer, "K-100").pin_hash == pin_hash
    assert (count(Customer), count(Order), count(Shipment), count(Account)) == (5, 13, 7, 4)


def test_upsert_updates_changed_rows(db_url: str, tmp_path: Path) -> None:
    write(tmp_path, "customers.csv", GOOD_CUSTOMER)
    write(tmp_path, "orders.csv", "77,C9,2026-11-01,paid,10.00,USD,1x cap")
    assert import_directory(tmp_path).ok
    write(tmp_path, "orders.csv", "77,C9,2026-11-01,shipped,10.00,USD,1x cap")
    report = import_directory(tmp_path)
    assert report.counts["orders.csv"].updated == 1
    assert report.counts["customers.csv"].unchanged == 1
    with session_scope() as session:
        assert session.get(Order, "77").status == "shipped"


@pytest.mark.parametrize("name, row, reason", [
    ("customers.csv", "C1,Bo,5551234,bo@example.com,gold,1234,en",
     "phone '5551234' is not in E.164"),
    ("customers.csv", "C1,Bo,+15550000001,not-an-email,gold,1234,en", "email"),
    ("customers.csv", "C1,Bo,+15550000001,bo@example.com,platinum,1234,en", "tier 'platinum'"),
    ("customers.csv", "C1,Bo,+15550000001,bo@example.com,gold,12,en", "pin"),
    ("customers.csv", "C1,Bo,+15550000001,bo@example.com,gold,12a4,en", "pin"),
    ("customers.csv", "C1,,+15550000001,bo@example.com,gold,1234,en", "name is empty"),
    ("customers.csv", "C1,Bo,+15550000001,bo@example.com,gold,1234,english!", "language"),
    ("customers.csv", "C1,Bo,+15550000001", "expected 7 fields"),
    ("orders.csv", "1,C9,2026-13-01,paid,1.00,USD,x", "placed_at"),
    ("orders.csv", "1,C9,2026-11-01,lost,1.00,USD,x", "status 'lost'"),
    ("orders.csv", "1,C9,2026-11-01,paid,ten,USD,x", "total 'ten' is not a decimal"),
    ("orders.csv", "1,C9,2026-11-01,paid,-5,USD,x", "negative"),
    ("orders.csv", "1,C9,2026-11-01,paid,1.001,USD,x", "two decimal places"),
    ("orders.csv", "1,C9,2026-11-01,paid,1.00,dollars,x", "currency"),
    ("orders.csv", "1,NOPE,2026-11-01,paid,1.00,USD,x", "customer_id 'NOPE' does not exist"),
    ("shipments.csv", "T1,404,UPS,in_transit,Here,2026-11-02,2026-11-01T00:00:00Z",
     "order_id '404' does not exist"),
    ("shipments.csv", "T1,77,UPS,teleported,Here,2026-11-02,2026-11-01T00:00:00Z", "status"),
    ("shipments.csv", "T1,77,UPS,in_transit,Here,2026-11-02,yesterday", "updated_at"),
    ("accounts.csv", "A1,C9,store credit,1.00,USD,2026-11-01", "kind"),
    ("accounts.csv", "A1,C9,store_credit,NaN,USD,2026-11-01", "finite"),
    ("accounts.csv", "A1,C9,store_credit,1.00,USD,", "as_of is empty"),
])
def test_each_kind_of_bad_row_is_reported_and_not_written(
        db_url: str, tmp_path: Path, name: str, row: str, reason: str) -> None:
    write(tmp_path, "customers.csv", GOOD_CUSTOMER)
    write(tmp_path, "orders.csv", "77,C9,2026-11-01,paid,10.00,USD,1x cap")
    assert import_directory(tmp_path).ok
    before = {m: count(m) for m in (Customer, Order, Shipment, Account)}
    for other in HEADERS:
        (tmp_path / other).unlink(missing_ok=True)
    write(tmp_path, name, row)
    report = import_directory(tmp_path)
    assert not report.ok
    [error] = report.errors
    assert error.filename == name and error.line == 2
    assert reason in error.reason, error.reason
    assert str(error).startswith(f"{name}:2: ")
    assert {m: count(m) for m in (Customer, Order, Shipment, Account)} == before


def test_good_rows_are_kept_beside_bad_ones_and_duplicates_rejected(db_url: str,
                                                                   tmp_path: Path) -> None:
    write(tmp_path, "customers.csv", GOOD_CUSTOMER,
          "C10,Dup Phone,+15550000009,dup@example.com,standard,1234,en",
          "C11,Ok Person,+15550000011,ok@example.com,standard,5555,en",
          "C11,Again,+15550000012,again@example.com,standard,5555,en")
    report = import_directory(tmp_path)
    assert [(e.line, e.reason.split(" ")[0]) for e in report.errors] == [(3, "phone"),
                                                                         (5, "duplicate")]
    assert count(Customer) == 2


def test_header_problems_and_non_utf8_are_file_errors(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text("id,name\nC1,Bo\n", encoding="utf-8")
    (tmp_path / "orders.csv").write_bytes(
        (HEADERS["orders.csv"] + "\n1,C9,2026-11-01,paid,1.00,USD,caf\xe9\n").encode("latin-1"))
    report = import_directory(tmp_path)
    reasons = {e.filename: e.reason for e in report.errors}
    assert "header lacks column(s)" in reasons["customers.csv"]
    assert "not valid UTF-8" in reasons["orders.csv"]
    assert count(Customer) == 0 and count(Order) == 0


def test_cli_reports_file_line_reason_and_exit_code(db_url: str, tmp_path: Path) -> None:
    write(tmp_path, "customers.csv", GOOD_CUSTOMER, "C2,Bad,123,b@example.com,gold,1234,en")
    helpdesk = shutil.which("helpdesk", path=str(Path(sys.executable).parent))
    result = subprocess.run([helpdesk, "import", str(tmp_path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "customers.csv: 1 inserted, 0 updated, 0 unchanged, 1 rejected" in result.stdout
    assert "customers.csv:3: phone '123' is not in E.164 form" in result.stderr
    again = subprocess.run([helpdesk, "import", str(TEST_CRM_DIR)], capture_output=True,
                           text=True, timeout=120)
    assert again.returncode == 0, again.stderr
