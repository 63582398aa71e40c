"""What a customer is told when part of the stack is briefly unavailable.

Every customer-facing failure wording lives here (REST webhook, widget, nginx in front of
Rasa, the action fallback, the phone), so a customer always gets a polite retry message
instead of silence."""

from __future__ import annotations

TEMPORARY_PROBLEM = ("Sorry, I'm having a technical problem on our side right now. "
                     "Please send that again in a moment.")
SLOW_ANSWER = ("Sorry, that took too long on our side. Please send that again in a moment.")
LOOKUP_UNAVAILABLE = ("Sorry, I can't reach our systems to do that right now. "
                      "Please ask me again in a moment.")
VOICE_UNAVAILABLE = ("Sorry, I'm having trouble right now. Please try again in a moment, "
                     "or stay on the line.")
VOICE_RECONNECTING = "Sorry, the line dropped for a moment. One moment while I reconnect you."
VOICE_RESUMED = "Thanks for holding, I'm back. What would you like to do?"
VOICE_GIVE_UP = "Sorry, we keep losing the line. Please call us again in a few minutes."
RETRY_AFTER_SECONDS = 5
