"""One row per conversation (Rasa session) for analytics, KPIs and quality review.

Revision ID: 0005_conversations
Revises: 0004_handoffs_leads
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_conversations"
down_revision = "0004_handoffs_leads"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        _time("started_at", nullable=False),
        _time("last_at", nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("verified", sa.Boolean, nullable=False),
        sa.Column("user_turns", sa.Integer, nullable=False),
        sa.Column("fallback_turns", sa.Integer, nullable=False),
        sa.Column("intents", sa.Text, nullable=False),
        sa.Column("topic", sa.String(16), nullable=True),
        sa.Column("handed_off", sa.Boolean, nullable=False),
        sa.Column("handoff_reason", sa.String(64), nullable=True),
        sa.Column("lead_captured", sa.Boolean, nullable=False),
        sa.Column("csat_rating", sa.Integer, nullable=True),
        sa.Column("csat_comment", sa.Text, nullable=True),
        sa.Column("transcript", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        _time("updated_at", nullable=False),
        sa.UniqueConstraint("conversation_id", "started_at", name="uq_conversations_session"),
    )
    op.create_index("ix_conversations_conversation_id", "conversations", ["conversation_id"])
    op.create_index("ix_conversations_started_at", "conversations", ["started_at"])
    op.create_index("ix_conversations_channel", "conversations", ["channel"])
    op.create_index("ix_conversations_customer_id", "conversations", ["customer_id"])


def downgrade() -> None:
    op.drop_table("conversations")
