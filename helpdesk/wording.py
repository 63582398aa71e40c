"""What a customer is told when part of the stack is briefly unavailable.

Every customer-facing failure wording lives here (REST webhook, widget, nginx in front of
Rasa, the action fallback, the phone), so a customer always gets a polite retry message
instead of silence; so do the phone's own sentences (re-prompts, numbers read back)."""

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
VOICE_NO_TRANSFER = ("I'm sorry, I can't put you through right now. Our team has your "
                     "request and will get back to you.")
VOICE_STILL_THERE = "Are you still there?"  # followed by the last question asked
VOICE_SILENCE_GOODBYE = "I haven't heard anything, so I'll end the call now. Goodbye!"
RETRY_AFTER_SECONDS = 5

# Why a person takes over before the bot answers (helpdesk.text.escalation reasons).
ESCALATION_PREAMBLES = {
    "damaged_order": ("I'm so sorry your order arrived damaged. I'll get a person from our "
                      "team to sort out a replacement or refund with you."),
    "repeated_contact": ("I'm sorry you've had to get in touch about this again. I'll get a "
                         "person from our team to sort it out with you now."),
    "angry_customer": ("I'm sorry about this. I'll get a person from our team to sort it out "
                       "with you."),
    "urgent": "I understand it's urgent. I'll get a person from our team to help you now.",
}
UNSUPPORTED_REQUEST = "I can't do that myself here, but a person from our team can."
# Off-topic questions and requests for things the shop does not do.
OUT_OF_SCOPE = ("Sorry, I can't help with that here. I can check an order, track a delivery "
                "or look up a balance, and answer questions about shipping, returns, payments "
                "and your account.")

# Numbers heard on a call, read back before they are used (helpdesk.text.heard_digits;
# DIGITS is the number digit by digit: "one oh four two"). Chat never hears these.
VOICE_CONFIRM_ORDER = "That's order {digits}, is that right?"
VOICE_CONFIRM_MATCHED_ORDER = "Just to check, did you mean order {digits}?"
VOICE_ORDER_WRONG_LENGTH = ("Sorry, I heard {digits}, but our order numbers have {length} "
                            "digits. Could you say it again, one digit at a time, or key it "
                            "in on your keypad?")
VOICE_ORDER_AGAIN = ("Sorry about that. Please say the order number again, one digit at a "
                     "time, or key it in on your keypad.")
VOICE_CONFIRM_YES_OR_NO = "Sorry, was that a yes or a no? Is it order {digits}?"
VOICE_PIN_UNSURE = ("Sorry, I didn't quite catch your PIN. Please say it again slowly, one "
                    "digit at a time, or key it in on your keypad.")
# A phone number heard on a call (DIGITS: in its groups, "five five five, one two three,
# zero zero zero one"), read back before it is taken as who the caller is or for a callback.
VOICE_CONFIRM_PHONE = "That's {digits}, is that right?"
VOICE_CONFIRM_PHONE_YES_OR_NO = "Sorry, was that a yes or a no? Is your number {digits}?"
VOICE_PHONE_AGAIN = ("Sorry about that. Please say the phone number again, one digit at a "
                     "time, or key it in on your keypad.")
VOICE_PHONE_INCOMPLETE = ("Sorry, I heard {digits}, but that isn't a whole phone number. "
                          "Please say it again with the area code, one digit at a time, or "
                          "key it in on your keypad.")
VOICE_PIN_LENGTH = ("Your PIN is 4 to 6 digits. Please say just the digits, or key them in "
                    "on your keypad.")


# --- outbound campaign calls ---------------------------------------------------------------
# A voicemail says who calls and why in general terms only: whoever plays the box back may
# not be the customer, so no order, amount or name goes into it.
VOICEMAIL = {
    "notification": "Hello, this is {business} with a message about your order. Please call "
                    "us back, or chat with us on our website. Thank you, goodbye.",
    "survey": "Hello, this is {business}. We called to ask how your recent order went. "
              "There is no need to call back. Thank you, goodbye.",
    "reminder": "Hello, this is {business} with a reminder about your account. Please call us "
                "back when it suits you. Goodbye.",
    "lead_callback": "Hello, this is {business}, returning your call. Please call us back, "
                     "and we will be glad to help. Goodbye.",
}
VOICEMAIL_DEFAULT = ("Hello, this is {business}. Please call us back when it suits you. "
                     "Goodbye.")
