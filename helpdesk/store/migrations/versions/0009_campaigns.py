"""Outbound campaigns: campaigns, their contacts, call attempts, the do-not-call list.

Revision ID: 0009_campaigns
Revises: 0008_self_service
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_campaigns"
down_revision = "0008_self_service"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("script", sa.Text, nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_dial_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_campaigns_status", "campaigns", ["status"])
    op.create_table(
        "campaign_contacts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("variables", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("campaign_id", "phone", "customer_id", "status", "next_at"):
        op.create_index(f"ix_campaign_contacts_{column}", "campaign_contacts", [column])
    op.create_table(
        "call_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("campaign_contacts.id"),
                  nullable=False),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("call_sid", sa.String(64), nullable=True, unique=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("answered_by", sa.String(32), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("bot_outcome", sa.String(32), nullable=True),
        sa.Column("error", sa.String(300), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_s", sa.Float, nullable=True),
    )
    for column in ("contact_id", "campaign_id", "phone", "started_at"):
        op.create_index(f"ix_call_attempts_{column}", "call_attempts", [column])
    op.create_table(
        "do_not_call",
        sa.Column("phone", sa.String(32), primary_key=True),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("do_not_call")
    op.drop_table("call_attempts")
    op.drop_table("campaign_contacts")
    op.drop_table("campaigns")
