"""`helpdesk campaign …` and `helpdesk dnc …` on a store of their own: a campaign made from
a CSV (bad rows reported, good ones added) and a CRM segment, started, listed and
exported; the do-not-call list kept; bad input a clear error and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from helpdesk.ops.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_a_campaign_from_the_command_line(loaded_sqlite_url: str, tmp_path: Path) -> None:
    targets = tmp_path / "targets.csv"
    targets.write_text("customer_id,phone,order_id\nK-500,,6001\n,+15557770001,=cmd\n"
                       ",bad,1\n,+15557770002,6002\n")
    code, out = run("campaign", "create", "Deliveries", "--purpose", "notification",
                    "--targets", str(targets), "--window", "mon-fri 09:00-19:00")
    assert code == 0, out
    assert "targets.csv:3: var 'order_id' looks like a spreadsheet formula" in out
    assert "targets.csv:4: phone 'bad'" in out
    assert "targets.csv: 2 added, 2 rejected" in out and "campaign 1 created with 2" in out
    code, out = run("campaign", "create", "Exceptions", "--purpose", "notification",
                    "--segment", "shipment_exception")
    assert code == 0 and "campaign 2 created" in out, out
    code, out = run("campaign", "start", "1")
    assert code == 0 and "campaign 1: running" in out and "not configured" in out
    code, out = run("campaign", "list")
    assert "running  notification  Deliveries  (2 contacts: pending 2)" in out, out
    code, out = run("campaign", "results", "1")
    assert out.splitlines()[1:] == ["+15559870500,K-500,pending,,0,,",
                                    "+15557770002,,pending,,0,,"]
    code, out = run("campaign", "start", "1")
    assert code != 0 and "a running campaign cannot start" in out
    code, out = run("campaign", "create", "x", "--purpose", "survey", "--window", "never")
    assert code != 0 and "window 'never'" in out


def test_the_do_not_call_list_from_the_command_line(loaded_sqlite_url: str) -> None:
    assert run("dnc", "add", "+15557770001")[1].strip() == (
        "+15557770001 added to the do-not-call list")
    assert "was already on" in run("dnc", "add", "+15557770001")[1]
    assert "+15557770001" in run("dnc", "list")[1]
    assert run("dnc", "remove", "+15557770001")[0] == 0
    code, out = run("dnc", "remove", "+15557770001")
    assert code != 0 and "not on the do-not-call list" in out
    code, out = run("dnc", "add", "12345")
    assert code != 0 and "E.164" in out
