"""PINs never reach the stored conversation."""

from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from helpdesk.pin_masking import mask_digits, message_needs_masking
from helpdesk.tracker_store import masked_events


def test_answers_to_the_pin_question_are_masked() -> None:
    assert message_needs_masking("4 3 2 1", "pin")
    assert message_needs_masking("my pin is 4321", None)
    assert not message_needs_masking("where is order 1042", None)
    assert mask_digits("four three two one") == "****"
    assert mask_digits("my pin is 4 3 2 1") == "my pin is ****"


def test_masked_events_keep_other_messages() -> None:
    pin_message = UserUttered("2468", {"name": "inform", "confidence": 0.9},
                              [{"entity": "pin", "value": "2468", "start": 0, "end": 4}],
                              parse_data={"text": "2468", "intent": {"name": "inform"},
                                          "entities": [{"entity": "pin", "value": "2468"}]})
    events = [UserUttered("where is order 1042"), ActionExecuted("action_balance"),
              SlotSet("awaiting", "pin"), pin_message, SlotSet("awaiting", None),
              UserUttered("order 1043")]
    stored = list(masked_events(events))
    assert stored[0].text == "where is order 1042"
    assert stored[3].text == "****"
    assert "2468" not in str(stored[3].as_dict())
    assert stored[5].text == "order 1043"
    assert pin_message.text == "2468"  # the live event is untouched
