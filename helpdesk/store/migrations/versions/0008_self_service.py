"""Self-service changes: returns, the change history of orders and contact details, and
the conversation of an audit entry.

Revision ID: 0008_self_service
Revises: 0007_pin_lockouts
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_self_service"
down_revision = "0007_pin_lockouts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_returns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("rma", sa.String(32), nullable=False, unique=True),
        sa.Column("order_id", sa.String(64), sa.ForeignKey("orders.order_id"), nullable=False,
                  unique=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.customer_id"),
                  nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("refund_method", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
    )
    op.create_index("ix_order_returns_customer_id", "order_returns", ["customer_id"])
    op.create_table(
        "account_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.customer_id"),
                  nullable=False),
        sa.Column("order_id", sa.String(64), sa.ForeignKey("orders.order_id"), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text, nullable=True),
        sa.Column("new_value", sa.Text, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
    )
    op.create_index("ix_account_changes_customer_id", "account_changes", ["customer_id"])
    op.create_index("ix_account_changes_order_id", "account_changes", ["order_id"])
    op.create_index("ix_account_changes_conversation_id", "account_changes",
                    ["conversation_id"])
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("conversation_id", sa.String(128), nullable=True))
        batch.create_index("ix_audit_log_conversation_id", ["conversation_id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index("ix_audit_log_conversation_id")
        batch.drop_column("conversation_id")
    op.drop_table("account_changes")
    op.drop_table("order_returns")
