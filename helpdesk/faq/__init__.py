"""FAQ knowledge base: entries with version history, retrieval, files, unanswered questions.

Editors change entries in the store; the bot's FAQ action answers from the live store, so
a saved change is answered within seconds, without retraining.
"""
