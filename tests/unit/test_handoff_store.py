"""Handoff records, presence, routing and leads in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpdesk.accounts.users import create_user
from helpdesk.config import get_settings
from helpdesk.handoffs.dispatcher import dispatch
from helpdesk.handoffs.presence import online_agents, set_presence
from helpdesk.handoffs.records import (
    HandoffConflict,
    HandoffDraft,
    HandoffForbidden,
    add_notice,
    claim,
    close,
    create_handoff,
    get_handoff,
    list_handoffs,
    open_handoff_status,
    post_agent_message,
    queue_status,
    record_customer_message,
    requeue_agent_handoffs,
    take_undelivered,
)
from helpdesk.handoffs.transcript import Line
from helpdesk.leads.store import LeadError, create_lead, leads_csv, list_leads, update_lead

NOW = dt.datetime.now(dt.timezone.utc)


def draft(conversation: str, tier: str = "standard", skill: str = "orders",
          customer_id: str | None = None) -> HandoffDraft:
    return HandoffDraft(
        conversation_id=conversation, channel="rest", reason="customer_request", skill=skill,
        tier=tier, customer_id=customer_id, verified=False, summary="Someone wants help.",
        slots={"last_order_number": "1042"},
        lines=[Line("user", "where is my order", NOW), Line("bot", "Which order?", NOW)])


def agent(name: str, skills: list[str] | None = None, online: bool = True) -> int:
    user = create_user(name, "a-long-password", "agent", skills or [])
    if online:
        set_presence(user.id, "online")
    return user.id


def test_a_handoff_holds_transcript_and_is_created_once(db_url: str) -> None:
    first, created = create_handoff(draft("conv-1"))
    again, created_again = create_handoff(draft("conv-1"))
    assert created and not created_again and again.id == first.id
    view = get_handoff(first.id)
    assert view.status == "waiting" and view.priority == 1 and view.slots == {
        "last_order_number": "1042"}
    assert [(t["role"], t["text"]) for t in view.transcript] == [
        ("user", "where is my order"), ("bot", "Which order?")]
    assert open_handoff_status("conv-1") == (first.id, "waiting")
    assert open_handoff_status("conv-2") is None
    json = view.to_json()
    assert {"id", "conversation_id", "channel", "status", "reason", "skill", "priority",
            "created_at", "customer", "summary", "slots", "transcript"} <= set(json)


def test_exactly_one_of_racing_agents_wins_a_claim(db_url: str) -> None:
    handoff, _ = create_handoff(draft("race"))
    agents = [agent(f"agent{i}") for i in range(6)]

    def try_claim(agent_id: int) -> str:
        try:
            claim(handoff.id, agent_id, f"agent{agent_id}")
            return "won"
        except HandoffConflict:
            return "lost"

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(try_claim, agents))
    assert results.count("won") == 1 and results.count("lost") == 5
    assert get_handoff(handoff.id).status == "assigned"


def test_messages_both_ways_and_each_line_delivered_once(db_url: str) -> None:
    handoff, _ = create_handoff(draft("talk"))
    sam, kim = agent("sam"), agent("kim")
    with pytest.raises(HandoffConflict):
        post_agent_message(handoff.id, sam, "sam", "hello")  # not claimed yet
    claim(handoff.id, sam, "sam")
    with pytest.raises(HandoffForbidden):
        post_agent_message(handoff.id, kim, "kim", "let me butt in")
    post_agent_message(handoff.id, sam, "sam", "Hi, I'm Sam. Let me check.")
    record_customer_message(handoff.id, "thanks!")
    with ThreadPoolExecutor(4) as pool:
        batches = list(pool.map(lambda _: take_undelivered("talk"), range(4)))
    delivered = [line["text"] for batch in batches for line in batch]
    assert delivered == ["You're now connected with sam from our team.",
                         "Hi, I'm Sam. Let me check."]
    assert take_undelivered("talk") == []
    roles = [t["role"] for t in get_handoff(handoff.id).transcript]
    assert roles == ["user", "bot", "bot", "agent", "user"]


def test_close_and_return_to_bot(db_url: str) -> None:
    handoff, _ = create_handoff(draft("done"))
    sam, kim = agent("sam"), agent("kim")
    claim(handoff.id, sam, "sam")
    with pytest.raises(HandoffForbidden):
        close(handoff.id, kim, "resolved", True)
    closed = close(handoff.id, sam, "resolved", True)
    assert closed.status == "closed" and closed.return_to_bot is True
    assert open_handoff_status("done") is None
    assert "back with the virtual assistant" in take_undelivered("done")[-1]["text"]
    with pytest.raises(HandoffConflict):
        claim(handoff.id, kim, "kim")


def test_capacity_limits_claims(db_url: str) -> None:
    sam = agent("sam")
    ids = [create_handoff(draft(f"c{i}"))[0].id for i in range(4)]
    for handoff_id in ids[:3]:
        claim(handoff_id, sam, "sam")
    with pytest.raises(HandoffConflict, match="capacity"):
        claim(ids[3], sam, "sam")


def test_routing_offers_by_skill_and_tier_and_requeues_when_the_agent_leaves(
        db_url: str) -> None:
    settings = get_settings().handoffs
    standard, _ = create_handoff(draft("std", tier="standard", skill="billing"))
    vip, _ = create_handoff(draft("vip", tier="vip", skill="billing"))
    assert queue_status(vip.id, settings)[0] == 1 and queue_status(standard.id, settings)[0] == 2
    ann = agent("ann", ["orders"])
    bob = agent("bob", ["billing"])
    agent("cid", ["billing"], online=False)
    assert {a.agent_id for a in online_agents_now()} == {ann, bob}
    offers = dispatch(settings)
    assert {(o.handoff_id, o.agent_id) for o in offers} == {(vip.id, bob), (standard.id, bob)}
    assert get_handoff(vip.id).offered_to == "bob"
    claim(vip.id, bob, "bob")
    set_presence(bob, "away")
    assert requeue_agent_handoffs(bob) == [vip.id]
    back = get_handoff(vip.id)
    assert back.status == "waiting" and back.assigned_to is None
    assert "put you back in the queue" in back.transcript[-1]["text"]


def test_dispatch_writes_a_whole_queue_and_skips_offers_moved_by_another_process(
        db_url: str) -> None:
    settings = get_settings().handoffs
    ids = [create_handoff(draft(f"many{i}", skill="orders"))[0].id for i in range(30)]
    ann = agent("ann", ["orders"])
    bob = agent("bob", ["orders"])
    first = dispatch(settings)
    assert {o.handoff_id for o in first} >= set(ids[:2])
    offered = {get_handoff(i).offered_to for i in ids[:2]}
    assert offered == {"ann", "bob"}
    # Nothing changed: a second pass re-offers nothing.
    assert [o for o in dispatch(settings) if o.agent_id is not None] == []
    # Another process claimed one meanwhile: this pass leaves it alone.
    claim(ids[0], ann if get_handoff(ids[0]).offered_to == "ann" else bob, "x")
    assert all(o.handoff_id != ids[0] for o in dispatch(settings))
    assert get_handoff(ids[0]).status == "assigned"


def online_agents_now() -> list:
    from helpdesk.store.database import session_scope

    with session_scope() as session:
        return online_agents(session, get_settings().handoffs)


def test_listing_by_status_newest_first(db_url: str) -> None:
    first, _ = create_handoff(draft("a"))
    second, _ = create_handoff(draft("b"))
    add_notice(second.id, "You're number 2", delivered=True)
    assert [h.id for h in list_handoffs("waiting")] == [second.id, first.id]
    assert list_handoffs("closed") == []


def test_leads_store_filters_and_csv(db_url: str) -> None:
    lead = create_lead(name="Ada Moreno", phone="+15551230001", email="ada@example.com",
                       interest="=HYPERLINK(\"http://evil\")", best_time="mornings",
                       reason="sales", source_channel="rest", conversation_id="c1",
                       customer_id=None)
    create_lead(name="Bo", phone="+15551230002", email="", interest="20 jackets",
                best_time="anytime", reason="no_agent", source_channel="voice",
                conversation_id="c2", customer_id=None)
    assert [x.name for x in list_leads()] == ["Bo", "Ada Moreno"]
    assert [x.name for x in list_leads(search="jackets")] == ["Bo"]
    updated = update_lead(lead.id, status="contacted", owner="sam")
    assert updated.status == "contacted" and updated.owner == "sam"
    assert [x.name for x in list_leads(status="contacted", owner="sam")] == ["Ada Moreno"]
    with pytest.raises(LeadError):
        update_lead(lead.id, status="maybe")
    text = leads_csv(list_leads())
    assert text.splitlines()[0].startswith("id,name,phone,email,interest")
    assert "'=HYPERLINK" in text and "+15551230001" in text


def test_a_pin_the_customer_gives_the_agent_is_masked_in_the_transcript(db_url: str) -> None:
    handoff, _ = create_handoff(draft("pin-to-agent"))
    sam = agent("sam")
    claim(handoff.id, sam, "sam")
    record_customer_message(handoff.id, "it's about order 5005")
    post_agent_message(handoff.id, sam, "sam", "Sure. Can you tell me your PIN first?")
    record_customer_message(handoff.id, "4 3 2 1")
    record_customer_message(handoff.id, "my email is grace@navy.example")
    said = [(t["role"], t["text"]) for t in get_handoff(handoff.id).transcript]
    assert ("user", "it's about order 5005") in said
    assert ("user", "****") in said and ("user", "my email is g***@navy.example") in said
    assert "4 3 2 1" not in str(said) and "4321" not in str(said)
