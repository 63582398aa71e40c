"""The TwiML that ends a call or reconnects it after its media stream dropped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from helpdesk.wording import VOICE_GIVE_UP, VOICE_RECONNECTING
from voice_gateway.serializers.twilio import STREAM_ENDED_PATH, connect_twiml
from voice_gateway.transports.twilio_webhooks import MAX_RESUMES, stream_ended_twiml


def verbs(twiml: str) -> list[str]:
    return [element.tag for element in ET.fromstring(twiml)]


def test_the_stream_asks_what_next_when_it_ends() -> None:
    connect = ET.fromstring(connect_twiml("wss://h/twilio/media", "+15550001"))[0]
    assert connect.tag == "Connect" and connect.get("action") == STREAM_ENDED_PATH
    resumed = ET.fromstring(connect_twiml("wss://h/twilio/media", None, resumed=2))[0]
    assert resumed.get("action") == f"{STREAM_ENDED_PATH}?resumed=2"
    parameters = {p.get("name"): p.get("value") for p in resumed.iter("Parameter")}
    assert parameters == {"resumed": "2"}


def test_a_call_we_hung_up_is_hung_up() -> None:
    assert verbs(stream_ended_twiml("CA-hung-up", 0, ended_on_purpose=True)) == ["Hangup"]
    assert verbs(stream_ended_twiml(None, 0, ended_on_purpose=False)) == ["Hangup"]


def test_a_dropped_stream_is_apologised_for_and_reconnected_a_few_times() -> None:
    twiml = ET.fromstring(stream_ended_twiml("CA-dropped", 0, False))
    assert [v.tag for v in twiml] == ["Say", "Redirect"]
    assert twiml[0].text == VOICE_RECONNECTING
    assert twiml[1].text == "/twilio/voice?resumed=1"
    again = ET.fromstring(stream_ended_twiml("CA-dropped", MAX_RESUMES - 1, False))
    assert again[1].text == f"/twilio/voice?resumed={MAX_RESUMES}"
    given_up = ET.fromstring(stream_ended_twiml("CA-dropped", MAX_RESUMES, False))
    assert [v.tag for v in given_up] == ["Say", "Hangup"] and given_up[0].text == VOICE_GIVE_UP
