"""Leads: sales interest and callback requests the bot captures, followed up by people."""
