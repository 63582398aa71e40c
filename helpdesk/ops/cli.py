"""The `helpdesk` command line: data import, database migrations, model training, the stack."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from helpdesk.accounts.customer_tokens import ensure_token_secret, issue_token
from helpdesk.accounts.models import USER_ROLES
from helpdesk.accounts.users import AccountError, create_user
from helpdesk.config import get_settings
from helpdesk.crm.importer import import_directory as import_crm_directory
from helpdesk.faq.files import export_directory
from helpdesk.faq.files import import_directory as import_faq_directory
from helpdesk.ops.campaign_cli import campaign_group, dnc_group
from helpdesk.ops.model_cache import ensure_model
from helpdesk.ops.scaled_stack import run_scaled_stack
from helpdesk.ops.stack import run_stack
from helpdesk.store.migrate import upgrade_database


@click.group()
def main() -> None:
    """Contact-center helpdesk: chat and voice bot over a CRM store."""


main.add_command(campaign_group)
main.add_command(dnc_group)


@main.command("import")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def import_command(directory: Path) -> None:
    """Validate and upsert customers/orders/shipments/accounts CSV files from DIRECTORY."""

    if not directory.is_dir():
        raise click.ClickException(f"{directory} is not a directory")
    upgrade_database()
    report = import_crm_directory(directory)
    for filename, c in report.counts.items():
        click.echo(f"{filename}: {c.inserted} inserted, {c.updated} updated, "
                   f"{c.unchanged} unchanged, {c.rejected} rejected")
    for error in report.errors:
        click.echo(str(error), err=True)
    if not report.ok:
        click.echo(f"{len(report.errors)} problem(s); bad rows were not written.", err=True)
        sys.exit(1)


@main.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply all pending migrations to HELPDESK_DB_URL."""

    upgrade_database()
    click.echo("database is at the newest revision")


@main.command("train")
@click.option("--force", is_flag=True, help="Train even when a cached model matches the inputs.")
def train_command(force: bool) -> None:
    """Train the Rasa model unless one for the current bot/, nlu_data/, config.yml exists."""

    path = ensure_model(force=force)
    click.echo(str(path))


@main.group("kb")
def kb_group() -> None:
    """The FAQ knowledge base as YAML files (see knowledge_base/)."""


@kb_group.command("import")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def kb_import(directory: Path) -> None:
    """Upsert the FAQ entries of DIRECTORY/*.yml into the store (by entry id)."""

    if not directory.is_dir():
        raise click.ClickException(f"{directory} is not a directory")
    upgrade_database()
    report = import_faq_directory(directory)
    click.echo(f"FAQ entries: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged")
    for error in report.errors:
        click.echo(error, err=True)
    if report.errors:
        click.echo(f"{len(report.errors)} problem(s); those entries were not written.", err=True)
        sys.exit(1)


@kb_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def kb_export(directory: Path) -> None:
    """Write the live FAQ entries to DIRECTORY, one YAML file per topic."""

    upgrade_database()
    click.echo(f"{export_directory(directory)} FAQ entries written to {directory}")


@main.group("user")
def user_group() -> None:
    """Users of the web app (agent console, FAQ editor, dashboard)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(USER_ROLES), required=True)
@click.option("--password", help="Prompted for (hidden) when left out.")
@click.option("--skills", default="", help="Comma-separated: orders,billing,sales,general.")
def user_add(name: str, role: str, password: str | None, skills: str) -> None:
    """Add user NAME with ROLE."""

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    upgrade_database()
    try:
        user = create_user(name, password, role, [s for s in skills.split(",") if s.strip()])
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {user.username} added with role {user.role}"
               + (f" and skills {', '.join(user.skills)}" if user.skills else ""))


@main.command("customer-token")
@click.argument("customer_id")
@click.option("--minutes", default=60, show_default=True, help="How long the token is valid.")
def customer_token(customer_id: str, minutes: int) -> None:
    """Sign a widget token for CUSTOMER_ID, as a website's backend would (for trying it)."""

    if minutes < 1:
        raise click.ClickException("--minutes must be at least 1")
    secret = ensure_token_secret(get_settings().var_dir)
    try:
        click.echo(issue_token(customer_id, secret, ttl_s=minutes * 60))
    except ValueError as exc:  # longer than HELPDESK_CUSTOMER_TOKEN_MAX_TTL_S
        raise click.ClickException(str(exc)) from exc


@main.command("run")
@click.option("--scaled", is_flag=True,
              help="Two Rasa and two action servers on PostgreSQL and Redis behind nginx.")
def run_command(scaled: bool) -> None:
    """Migrate, load demo data on first start, train if needed, and serve the whole stack."""
    if scaled:
        sys.exit(run_scaled_stack())
    sys.exit(run_stack())


if __name__ == "__main__":
    main()
