"""Handoffs to agents with their transcripts, agent routing state, and leads.

Revision ID: 0004_handoffs_leads
Revises: 0003_users
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_handoffs_leads"
down_revision = "0003_users"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "agent_states",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("presence", sa.String(16), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        _time("last_seen"),
        _time("last_assigned_at"),
    )
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("skill", sa.String(16), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("verified", sa.Boolean, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("slots", sa.Text, nullable=False),
        _time("created_at", nullable=False),
        _time("updated_at", nullable=False),
        sa.Column("offered_to", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        _time("offered_at"),
        sa.Column("passed_over", sa.Text, nullable=False),
        _time("overdue_at"),
        sa.Column("assigned_to", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        _time("assigned_at"),
        _time("closed_at"),
        sa.Column("resolution", sa.String(64), nullable=True),
        sa.Column("return_to_bot", sa.Boolean, nullable=True),
    )
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_index("ix_handoffs_updated_at", "handoffs", ["updated_at"])
    op.create_index("ix_handoffs_assigned_to", "handoffs", ["assigned_to"])
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("handoff_id", sa.Integer, sa.ForeignKey("handoffs.id"), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(64), nullable=True),
        _time("at", nullable=False),
        sa.Column("outgoing", sa.Boolean, nullable=False),
        _time("delivered_at"),
    )
    op.create_index("ix_handoff_messages_handoff_id", "handoff_messages", ["handoff_id"])
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("interest", sa.Text, nullable=False),
        sa.Column("best_time", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("source_channel", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        _time("created_at", nullable=False),
        _time("updated_at", nullable=False),
    )
    op.create_index("ix_leads_conversation_id", "leads", ["conversation_id"])
    op.create_index("ix_leads_status", "leads", ["status"])
    op.create_index("ix_leads_created_at", "leads", ["created_at"])


def downgrade() -> None:
    op.drop_table("leads")
    op.drop_table("handoff_messages")
    op.drop_table("handoffs")
    op.drop_table("agent_states")
