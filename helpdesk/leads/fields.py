"""Validation of each answer of the lead form: a clean value, or a message saying why not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpdesk.text.phone_numbers import normalize_phone
from helpdesk.text.spoken_emails import spoken_email

FIELDS = ("name", "phone", "email", "interest", "best_time")
LABELS = {"name": "Name", "phone": "Phone", "email": "Email", "interest": "Interested in",
          "best_time": "Best time to call"}
QUESTIONS = {
    "name": "What's your name?",
    "phone": "What phone number can we call you on?",
    "email": "What's your email address? (Say \"skip\" if you'd rather not give one.)",
    "interest": "What are you interested in? For example, the products and how many.",
    "best_time": "When is the best time to call you back? For example \"weekdays after 5pm\".",
}
_EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,24}$")
_SKIP = {"skip", "no", "none", "no email", "no thanks", "nope", "i don't have one",
         "i dont have one", "rather not", "no email please"}
_NOT_NAMES = {"yes", "no", "ok", "okay", "sure", "please", "thanks", "thank", "you", "hi",
              "hello", "yeah", "nope", "what", "why", "agent", "human", "person", "help"}
_NAME_PREFIX = re.compile(r"^(?:my name is|my name's|i am|i'm|im|it's|its|this is|name is)\s+",
                          re.I)


@dataclass(frozen=True)
class Checked:
    value: str | None  # None: not valid
    problem: str = ""


def check(field: str, text: str, default_region: str = "US") -> Checked:
    text = " ".join((text or "").split())
    if field == "name":
        return check_name(text)
    if field == "phone":
        phone = normalize_phone(text, default_region)
        return Checked(phone) if phone else Checked(
            None, "That doesn't look like a phone number. Please give it with the area code, "
                  "for example 555 123 0001.")
    if field == "email":
        return check_email(text)
    if field == "interest":
        if len(text) < 3:
            return Checked(None, "Please tell me a little more about what you're interested in.")
        return Checked(text[:500])
    if field == "best_time":
        if len(text) < 2:
            return Checked(None, "Please tell me when suits you, for example \"tomorrow "
                                 "morning\" or \"anytime\".")
        return Checked(text[:200])
    raise ValueError(f"unknown lead field {field}")


def check_name(text: str) -> Checked:
    name = _NAME_PREFIX.sub("", text).strip(" .!")
    if not 2 <= len(name) <= 80 or not re.search(r"[^\W\d_]", name) or re.search(r"\d", name):
        return Checked(None, "Sorry, I didn't catch a name. What's your name?")
    if set(name.lower().replace(",", " ").split()) <= _NOT_NAMES:
        return Checked(None, "Sorry, I didn't catch a name. What's your name?")
    if re.search(r"[<>{}\[\]/\\@;=]", name):
        return Checked(None, "Please give just your name, without special characters.")
    return Checked(" ".join(part[:1].upper() + part[1:] for part in name.split()))


def check_email(text: str) -> Checked:
    cleaned = text.strip().strip(".").lower()
    # Speech-to-text punctuates ("No email, please."): compare the words only.
    if " ".join(re.sub(r"[^\w\s']", " ", cleaned).split()) in _SKIP:
        return Checked("")
    # Said or spelled ("ada dot moreno at example dot com", "m o r e n o at ...").
    candidate = spoken_email(cleaned) or cleaned.replace(" ", "")
    if len(candidate) <= 254 and _EMAIL.match(candidate):
        return Checked(candidate)
    return Checked(None, "That doesn't look like an email address (like name@example.com). "
                         "Please try again, or say \"skip\".")
