"""The `helpdesk` command line: data import, database migrations, model training, the stack."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """Contact-center helpdesk: chat and voice bot over a CRM store."""


@main.command("import")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def import_command(directory: Path) -> None:
    """Validate and upsert customers/orders/shipments/accounts CSV files from DIRECTORY."""
    from crm.importer import import_directory
    from crm.migrate import upgrade_database

    if not directory.is_dir():
        raise click.ClickException(f"{directory} is not a directory")
    upgrade_database()
    report = import_directory(directory)
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
    from crm.migrate import upgrade_database

    upgrade_database()
    click.echo("database is at the newest revision")


@main.command("train")
@click.option("--force", is_flag=True, help="Train even when a cached model matches the inputs.")
def train_command(force: bool) -> None:
    """Train the Rasa model unless one for the current bot/, nlu_data/, config.yml exists."""
    from helpdesk.model_cache import ensure_model

    path = ensure_model(force=force)
    click.echo(str(path))


@main.command("run")
def run_command() -> None:
    """Migrate, load demo data on first start, train if needed, and serve the whole stack."""
    from helpdesk.stack import run_stack

    sys.exit(run_stack())


if __name__ == "__main__":
    main()
