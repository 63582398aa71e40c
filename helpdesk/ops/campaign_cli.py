"""`helpdesk campaign …` and `helpdesk dnc …`: outbound campaigns from the command line, the
same operations as the web app's JSON API (CONTRACT §8). The dialer runs in the web app:
a campaign started here is dialled by the running stack."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from helpdesk.campaigns import store
from helpdesk.campaigns.models import PURPOSES
from helpdesk.campaigns.rules import RuleError, parse_rules
from helpdesk.campaigns.segments import SEGMENTS, SegmentError, segment_targets
from helpdesk.campaigns.targets import TargetError, check_csv_targets
from helpdesk.config import get_settings
from helpdesk.store.migrate import upgrade_database

REFUSALS = (store.CampaignError, RuleError, SegmentError, TargetError)


def _report(report: object) -> None:
    for line in [*report.errors, *report.duplicates]:  # type: ignore[attr-defined]
        click.echo(line, err=True)


@click.group("campaign")
def campaign_group() -> None:
    """Outbound campaigns: phone customers for deliveries, reminders, surveys, callbacks."""
    upgrade_database()


@campaign_group.command("create")
@click.argument("name")
@click.option("--purpose", type=click.Choice(PURPOSES), required=True)
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV: customer_id,phone plus variable columns.")
@click.option("--segment", type=click.Choice(sorted(SEGMENTS)), help="A CRM segment.")
@click.option("--window", help="e.g. 'mon-fri 09:00-20:00' (default mon-sat 09:00-20:00).")
@click.option("--timezone", help="The callees' zone (default: from each number).")
@click.option("--max-attempts", type=int, default=3, show_default=True)
@click.option("--retry-after", "retry_after_s", type=int, default=3600, show_default=True,
              help="Seconds before another attempt.")
@click.option("--max-concurrent", type=int, default=2, show_default=True)
@click.option("--script", "script_json", help="JSON: {about, questions, voicemail}.")
def create(name: str, purpose: str, targets_file: Path | None, segment: str | None,
           window: str | None, timezone: str | None, max_attempts: int, retry_after_s: int,
           max_concurrent: int, script_json: str | None) -> None:
    """Create campaign NAME (a draft: start it with `helpdesk campaign start ID`)."""
    try:
        rules = parse_rules({k: v for k, v in {
            "window": window, "timezone": timezone, "max_attempts": max_attempts,
            "retry_after_s": retry_after_s, "max_concurrent": max_concurrent}.items()
            if v is not None}, get_settings().outbound.max_calls)
        script = store.check_script(json.loads(script_json) if script_json else None)
        targets = segment_targets(segment) if segment else []
        cid = store.create_campaign(name, purpose, targets, rules, script, "cli")
        if targets_file is not None:
            _add_file(cid, targets_file)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"--script is not JSON: {exc}") from exc
    except REFUSALS as exc:
        raise click.ClickException(str(exc)) from exc
    contacts = store.campaign_detail(cid)["contacts_total"]
    click.echo(f"campaign {cid} created with {contacts} contact(s)")


def _add_file(cid: int, path: Path) -> None:
    if not path.is_file():
        raise click.ClickException(f"{path} is not a file")
    report = check_csv_targets(path.read_bytes(), path.name, store.campaign_phones(cid))
    added = store.add_targets(cid, report)
    _report(report)
    click.echo(f"{path.name}: {added} added, {len(report.errors)} rejected, "
               f"{len(report.duplicates)} duplicate(s)")


@campaign_group.command("targets")
@click.argument("campaign_id", type=int)
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
def targets(campaign_id: int, csv_file: Path) -> None:
    """Add the targets of CSV_FILE to a campaign (bad rows reported, good rows added)."""
    try:
        _add_file(campaign_id, csv_file)
    except REFUSALS as exc:
        raise click.ClickException(str(exc)) from exc


@campaign_group.command("list")
def list_command() -> None:
    """Campaigns, newest first, with their progress."""
    for c in store.list_campaigns():
        counts = ", ".join(f"{k} {v}" for k, v in c["counts"].items() if v)
        click.echo(f"{c['id']:>4}  {c['status']:<8} {c['purpose']:<13} {c['name']}  "
                   f"({c['contacts_total']} contacts{': ' + counts if counts else ''})")


@campaign_group.command("show")
@click.argument("campaign_id", type=int)
def show(campaign_id: int) -> None:
    """A campaign and its contacts, as JSON."""
    try:
        click.echo(json.dumps(store.campaign_detail(campaign_id), indent=2))
    except REFUSALS as exc:
        raise click.ClickException(str(exc)) from exc


def _control(action: str) -> click.Command:
    @click.argument("campaign_id", type=int)
    def command(campaign_id: int) -> None:
        if action in ("start", "resume") and not get_settings().outbound.configured:
            click.echo("note: outbound calling is not configured (TWILIO_ACCOUNT_SID, "
                       "TWILIO_AUTH_TOKEN, HELPDESK_OUTBOUND_FROM): nobody is dialled",
                       err=True)
        try:
            click.echo(f"campaign {campaign_id}: {store.control(campaign_id, action)}")
        except REFUSALS as exc:
            raise click.ClickException(str(exc)) from exc
    command.__doc__ = f"{action.capitalize()} a campaign."
    return click.command(action)(command)


for _action in ("start", "pause", "resume", "stop"):
    campaign_group.add_command(_control(_action))


@campaign_group.command("results")
@click.argument("campaign_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
def results(campaign_id: int, output: Path | None) -> None:
    """Each contact's outcome, attempts and answers as CSV (to stdout or OUTPUT)."""
    try:
        text = store.results_csv(campaign_id)
    except REFUSALS as exc:
        raise click.ClickException(str(exc)) from exc
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"results written to {output}")


@click.group("dnc")
def dnc_group() -> None:
    """The do-not-call list."""
    upgrade_database()


@dnc_group.command("add")
@click.argument("phone")
@click.option("--reason", default="added on the command line")
def dnc_add(phone: str, reason: str) -> None:
    try:
        added = store.add_do_not_call(phone, reason, "cli")
    except REFUSALS as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{phone} {'added to' if added else 'was already on'} the do-not-call list")


@dnc_group.command("remove")
@click.argument("phone")
def dnc_remove(phone: str) -> None:
    if not store.remove_do_not_call(phone):
        raise click.ClickException(f"{phone} is not on the do-not-call list")
    click.echo(f"{phone} removed from the do-not-call list")


@dnc_group.command("list")
def dnc_list() -> None:
    for entry in store.do_not_call_list():
        click.echo(f"{entry['phone']}  {entry['added_at']}  {entry['reason']}")
