"""Emails as callers say them, after speech-to-text (helpdesk/text/spoken_emails.py), and
the lead and contact-change check that uses it (helpdesk/leads/fields.py)."""

from __future__ import annotations

import pytest

from helpdesk.leads.fields import check_email
from helpdesk.text.spoken_emails import spoken_email, with_written_email


@pytest.mark.parametrize(("said", "email"), [
    # said as words
    ("ada dot moreno at example dot com", "ada.moreno@example.com"),
    ("My email is Ada dot Moreno at example dot com.", "ada.moreno@example.com"),
    ("yes it's ada dot moreno at example dot com thanks", "ada.moreno@example.com"),
    ("ada at sign example dot com", "ada@example.com"),
    ("ben underscore okafor at mail dot co dot uk", "ben_okafor@mail.co.uk"),
    ("ben dash okafor at my-shop dot com", "ben-okafor@my-shop.com"),
    ("lin plus orders at okafor dot example", "lin+orders@okafor.example"),
    ("ada period moreno at example period com", "ada.moreno@example.com"),
    # spelled letters, as Whisper writes them
    ("m o r e n o at example dot com", "moreno@example.com"),
    ("a d a dot m o r e n o at example dot com", "ada.moreno@example.com"),
    ("A-D-A dot M-O-R-E-N-O at example.com", "ada.moreno@example.com"),
    ("It is M. O. R. E. N. O. at example dot com", "moreno@example.com"),
    ("a, d, a, dot, moreno at example dot com", "ada.moreno@example.com"),
    ("b e n one two at example dot com", "ben12@example.com"),
    ("a double n a at example dot com", "anna@example.com"),
    # partly or wholly written already
    ("ada.moreno at example.com", "ada.moreno@example.com"),
    ("ada.moreno@example.com", "ada.moreno@example.com"),
    ("My email is Ben@Example.org.", "ben@example.org"),
    ("ada dot moreno @ example dot com", "ada.moreno@example.com"),
])
def test_a_spoken_email_is_written_out(said: str, email: str) -> None:
    assert spoken_email(said) == email


@pytest.mark.parametrize("said", [
    "", "I am at home", "ben at example", "at example dot com", "ada at", "see you at five",
    "meet me at the shop dot", "where is my order 1042", "dot com", "a" * 3000,
])
def test_words_that_hold_no_email_give_none(said: str) -> None:
    assert spoken_email(said) is None


def test_the_lead_and_contact_check_understands_spelled_emails() -> None:
    assert check_email("a d a dot m o r e n o at example dot com").value == (
        "ada.moreno@example.com")
    assert check_email("ada dot moreno at example dot com").value == "ada.moreno@example.com"
    assert check_email("No email, please.").value == ""
    assert check_email("ben at example").value is None


@pytest.mark.parametrize(("said", "written"), [
    ("It's g r a c e at navy dot example.", "It's grace@navy.example."),
    ("my email is A-D-A dot M-O-R-E-N-O at example.com and where's my order",
     "my email is ada.moreno@example.com and where's my order"),
    ("yes, ada dot moreno at example dot com, thanks", "yes, ada.moreno@example.com, thanks"),
    ("where is my order 1042", "where is my order 1042"),
    ("I'm at home", "I'm at home"),
])
def test_an_email_said_in_a_sentence_is_written_out_in_place(said: str, written: str) -> None:
    assert with_written_email(said) == written
