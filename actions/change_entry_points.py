"""The actions of the self-service changes: one thin class each over actions/self_service.py."""

from __future__ import annotations

from actions import dialogue, journeys, self_service
from actions.entry_points import TurnAction
from actions.turn import Turn
from helpdesk.conversation.state import ActionName, Awaiting, PendingRequest, Slot
from helpdesk.text.asks import asks_for_change
from helpdesk.text.escalation import DAMAGED, escalation_reason


def handed_over_instead(turn: Turn) -> bool:
    """An order change only a person can make, filed by the NLU under one of these ("can
    you merge order 5001 and 5003" as a cancellation): a person takes it, no PIN asked."""
    return not asks_for_change(turn.text) and dialogue.hand_over_unsupported(turn)


class ActionCancelOrder(TurnAction):
    action_name = ActionName.CANCEL_ORDER

    def handle(self, turn: Turn) -> None:
        if not handed_over_instead(turn):
            self_service.start(turn, PendingRequest.CANCEL_ORDER)


class ActionReturnOrder(TurnAction):
    action_name = ActionName.RETURN_ORDER

    def handle(self, turn: Turn) -> None:
        if not handed_over_instead(turn):
            self_service.start(turn, PendingRequest.RETURN_ORDER)


class ActionChangeAddress(TurnAction):
    action_name = ActionName.CHANGE_ADDRESS

    def handle(self, turn: Turn) -> None:
        if not handed_over_instead(turn):
            self_service.start(turn, PendingRequest.CHANGE_ADDRESS)


class ActionUpdateContact(TurnAction):
    action_name = ActionName.UPDATE_CONTACT

    def handle(self, turn: Turn) -> None:
        if not self_service.asks_for_contact_change(turn.text):
            journeys.handle_inform(turn)  # "lin@okafor.example": who they are
            return
        self_service.start(turn, PendingRequest.UPDATE_CONTACT)


class ActionChangeStep(TurnAction):
    """The answer to a change's question (the conversation-mode policy routes it here)."""

    action_name = ActionName.CHANGE_STEP

    @staticmethod
    def routes_to_a_person(turn: Turn) -> bool:
        """"It arrived damaged" answering "what's the reason for the return?" is the
        reason of the return the customer is starting, not a call for a person; anger and
        urgency still are."""
        if (turn.slot(Slot.AWAITING) == Awaiting.RETURN_REASON
                and escalation_reason(turn.text) == DAMAGED
                and escalation_reason(turn.text, damage=False) is None):
            return False
        return TurnAction.routes_to_a_person(turn)

    def handle(self, turn: Turn) -> None:
        self_service.handle_answer(turn)
