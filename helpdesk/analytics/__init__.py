"""Conversation analytics: per-conversation facts, KPIs, and the queries behind the dashboard."""
