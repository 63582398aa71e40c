"""A Rasa dialogue policy for the two modes in which the customer's words are not bot
requests: a person owns the conversation (handoff), or the bot is taking down a lead.

- While the conversation has an open handoff in the store (waiting or assigned), every
  customer message goes to `action_relay_to_agent`, whatever its intent: the bot never
  answers alongside an agent. The store, not a slot, decides, so the moment an agent
  closes the handoff the bot answers again (it cannot stay silent forever).
- While `awaiting` names a lead question, the message is the answer (`action_capture_lead`).
- While the bot waits for a satisfaction rating, a rating or a "no" goes to
  `action_capture_csat`; anything else is a new request, answered as usual.

Its priority is above RulePolicy's, so its confident predictions win; otherwise it abstains.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from helpdesk.text.ratings import answers_rating_question

log = logging.getLogger(__name__)

RELAY_ACTION = "action_relay_to_agent"
LEAD_ACTION = "action_capture_lead"
LEAD_STEP_PREFIX = "lead_"
CSAT_ACTION = "action_capture_csat"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ConversationModePolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        action = self.next_action(tracker)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(confidence_scores_for(action, 1.0, domain))

    @staticmethod
    def next_action(tracker: DialogueStateTracker) -> str | None:
        last = _last_turn_event(tracker)
        if isinstance(last, ActionExecuted):
            listens_after = (RELAY_ACTION, LEAD_ACTION, CSAT_ACTION)
            return ACTION_LISTEN_NAME if last.action_name in listens_after else None
        if not isinstance(last, UserUttered) or not (last.text or last.intent_name):
            return None
        if _has_open_handoff(tracker.sender_id):
            return RELAY_ACTION
        awaiting = tracker.get_slot("awaiting")
        if isinstance(awaiting, str) and awaiting.startswith(LEAD_STEP_PREFIX):
            return LEAD_ACTION
        if awaiting == "csat_comment" or (
                awaiting == "csat_rating" and answers_rating_question(last.text or "")):
            return CSAT_ACTION
        return None


def _last_turn_event(tracker: DialogueStateTracker) -> ActionExecuted | UserUttered | None:
    """The latest user message or action; None before either."""
    for event in reversed(tracker.events):
        if isinstance(event, (ActionExecuted, UserUttered)):
            return event
    return None


def _has_open_handoff(conversation_id: str) -> bool:
    try:
        from helpdesk.handoffs.records import open_handoff_status

        return open_handoff_status(conversation_id) is not None
    except Exception:  # the store is down: let the bot answer rather than go silent
        log.exception("could not check for an open handoff of %s", conversation_id)
        return False
