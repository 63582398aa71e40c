"""Handoffs from the bot to people: records and transcripts, agent presence, routing (ACD)."""
