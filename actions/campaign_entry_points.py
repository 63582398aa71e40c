"""The actions of outbound campaign calls (actions/campaign_calls.py)."""

from __future__ import annotations

from actions import campaign_calls
from actions.entry_points import TurnAction
from actions.turn import Turn
from helpdesk.conversation.state import ActionName


class ActionOutboundCall(TurnAction):
    """The first message of a campaign call: who calls and why, then the purpose's
    question."""

    action_name = ActionName.OUTBOUND_CALL
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        campaign_calls.open_call(turn)


class ActionCampaignStep(TurnAction):
    """The answer to a campaign call's question (the conversation-mode policy routes it
    here)."""

    action_name = ActionName.CAMPAIGN_STEP
    follows_dialogue = False

    def handle(self, turn: Turn) -> None:
        campaign_calls.handle_answer(turn)
