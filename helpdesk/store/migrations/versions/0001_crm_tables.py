"""CRM tables: customers, orders, shipments, accounts.

Revision ID: 0001_crm_tables
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_crm_tables"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("customer_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
    )
    op.create_index("ix_customers_phone", "customers", ["phone"], unique=True)
    op.create_index("ix_customers_email", "customers", ["email"], unique=True)
    op.create_table(
        "orders",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.customer_id"),
                  nullable=False),
        sa.Column("placed_at", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total", sa.Numeric(14, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("items", sa.Text, nullable=False),
    )
    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])
    op.create_table(
        "shipments",
        sa.Column("tracking_number", sa.String(64), primary_key=True),
        sa.Column("order_id", sa.String(64), sa.ForeignKey("orders.order_id"), nullable=False),
        sa.Column("carrier", sa.String(64), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("last_location", sa.String(200), nullable=False),
        sa.Column("eta", sa.Date, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_shipments_order_id", "shipments", ["order_id"])
    op.create_table(
        "accounts",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), sa.ForeignKey("customers.customer_id"),
                  nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("balance", sa.Numeric(16, 2), nullable=False),
        sa.Column("currency", sa.String(16), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
    )
    op.create_index("ix_accounts_customer_id", "accounts", ["customer_id"])


def downgrade() -> None:
    op.drop_table("accounts")
    op.drop_table("shipments")
    op.drop_table("orders")
    op.drop_table("customers")
