"""A Rasa dialogue policy for the two modes in which the customer's words are not bot
requests: a person owns the conversation (handoff), or the bot is taking down a lead.

- While the conversation has an open handoff in the store (waiting or assigned), every
  customer message goes to `action_relay_to_agent`, whatever its intent: the bot never
  answers alongside an agent. The store, not a slot, decides, so the moment an agent
  closes the handoff the bot answers again (it cannot stay silent forever); it is asked
  only when the tracker says the answer may have changed (helpdesk/handoffs/open_check.py).
- While `awaiting` names a lead question, the message is the answer (`action_capture_lead`).
- While the bot waits for a satisfaction rating, a rating or a "no" goes to
  `action_capture_csat`; anything else is a new request, answered as usual.

Which handler answers is `helpdesk.conversation.state.route`'s decision, shared with the
actions. Its priority is above RulePolicy's, so its confident predictions win; otherwise it
abstains.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from helpdesk.conversation.contracts import VOICE_CHANNEL
from helpdesk.conversation.state import MODE_ACTIONS, Slot, mode_action, route
from helpdesk.handoffs import open_check
from helpdesk.handoffs.open_check import REQUESTED_SLOT, HistoryMark
from helpdesk.rasa_plugins.action_fallback import MARKER as FALLBACK_MARKER

log = logging.getLogger(__name__)


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
            listens_after = MODE_ACTIONS.values()
            return ACTION_LISTEN_NAME if last.action_name in listens_after else None
        if not isinstance(last, UserUttered) or not (last.text or last.intent_name):
            return None
        # The handoff, lead and CSAT modes: `route`, the rule the actions follow too.
        return mode_action(route(tracker.get_slot(Slot.AWAITING), intent=last.intent_name,
                                 text=last.text or "",
                                 handoff_open=_has_open_handoff(tracker),
                                 voice=last.input_channel == VOICE_CHANNEL))


def _last_turn_event(tracker: DialogueStateTracker) -> ActionExecuted | UserUttered | None:
    """The latest user message or action; None before either."""
    for event in reversed(tracker.events):
        if isinstance(event, (ActionExecuted, UserUttered)):
            return event
    return None


def _has_open_handoff(tracker: DialogueStateTracker) -> bool:
    """The store's answer, asked only when the tracker says it may have changed
    (helpdesk/handoffs/open_check.py)."""
    try:
        return open_check.is_open(tracker.sender_id, history_mark(tracker.events))
    except Exception:  # the store is down: let the bot answer rather than go silent
        log.exception("could not check for an open handoff of %s", tracker.sender_id)
        return False


def history_mark(events: Iterable[Event]) -> HistoryMark:
    """What the current session says about handoffs: its start, its `handoff_requested`
    slot events (the action that opens a handoff sets it), and whether an action failed in
    it (the action-fallback marker: that action may have opened one)."""
    session, requests, uncertain = None, 0, False
    for event in events:
        if isinstance(event, SessionStarted):
            session, requests, uncertain = event.timestamp, 0, False
        elif isinstance(event, SlotSet) and event.key == REQUESTED_SLOT:
            requests += 1
        elif isinstance(event, BotUttered) and FALLBACK_MARKER in (
                (event.data or {}).get("custom") or {}):
            uncertain = True
    return HistoryMark(session, requests, uncertain)
