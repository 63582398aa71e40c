"""FAQ knowledge base: entries, their versions, unanswered questions.

Revision ID: 0002_faq_tables
Revises: 0001_crm_tables
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_faq_tables"
down_revision = "0001_crm_tables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("voice_answer", sa.Text, nullable=True),
        sa.Column("alternates", sa.Text, nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_faq_entries_slug", "faq_entries", ["slug"], unique=True)
    op.create_table(
        "faq_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.Integer, sa.ForeignKey("faq_entries.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("changed_by", sa.String(120), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_faq_versions_entry_id", "faq_versions", ["entry_id"])
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("normalized", sa.String(500), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_unanswered_questions_normalized", "unanswered_questions",
                    ["normalized"], unique=True)


def downgrade() -> None:
    op.drop_table("unanswered_questions")
    op.drop_table("faq_versions")
    op.drop_table("faq_entries")
