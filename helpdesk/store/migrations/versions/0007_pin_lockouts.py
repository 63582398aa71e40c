"""PIN failures per subject (a customer, or a keyed hash of a stated identifier that
matches no customer), across conversations and channels, and the lockout.

Revision ID: 0007_pin_lockouts
Revises: 0006_audit_log
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_pin_lockouts"
down_revision = "0006_audit_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # subject: "customer:<customer_id>" or "claim:<64 hex>"; no foreign key, both kinds
    # count in the same rows (helpdesk/crm/pin_lockout.py).
    op.create_table(
        "pin_lockouts",
        sa.Column("subject", sa.String(96), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pin_lockouts")
