"""Outbound campaigns: who to phone, why, within which calling rules, and what came of it."""
