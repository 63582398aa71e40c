"""Small parts of the voice gateway: reply parsing, menus, transcripts, TwiML, frames."""

from __future__ import annotations

import asyncio

import pytest

from helpdesk.config import Settings, get_settings
from voice_gateway.pipeline.prompts import key_hints, last_question
from voice_gateway.serializers.audiosocket import MAX_PAYLOAD, ProtocolError, encode_frame
from voice_gateway.serializers.twilio import connect_twiml
from voice_gateway.services.rasa_client import parse_reply
from voice_gateway.services.speech_models import clean_transcript, sentences
from voice_gateway.services.twilio_rest import transfer_twiml
from voice_gateway.transports.audiosocket import read_frame


def test_reply_with_text_buttons_and_call_control() -> None:
    reply = parse_reply([
        {"recipient_id": "CA1", "text": "Okay, connecting you."},
        {"recipient_id": "CA1", "text": "Pick one", "buttons": [
            {"title": "Yes", "payload": "/affirm"}, {"title": "broken"}]},
        {"recipient_id": "CA1", "custom": {"handoff": {"reason": "customer_request"}}},
        "garbage",
    ])
    assert reply.texts == ["Okay, connecting you.", "Pick one"]
    assert reply.buttons == [{"title": "Yes", "payload": "/affirm"}]
    assert reply.handoff == {"reason": "customer_request"} and not reply.hangup
    assert parse_reply([{"custom": {"hangup": True}}]).hangup


def test_key_hints_and_last_question() -> None:
    assert key_hints([{"title": "Yes, connect me", "payload": "/affirm"},
                      {"title": "No, thanks", "payload": "/deny"}]) == (
        "Press 1 for Yes, connect me, 2 for No, thanks.")
    assert last_question("Your order shipped. Anything else? Thanks.") == "Anything else?"
    assert last_question("Okay.") == "How can I help you?"


def test_sentences_split_for_early_audio() -> None:
    text = "Hi Ada, welcome back! I can check an order. Order 1042 costs $129.90. Ok?"
    assert list(sentences(text)) == ["Hi Ada, welcome back!", "I can check an order.",
                                     "Order 1042 costs $129.90.", "Ok?"]


@pytest.mark.parametrize("heard, cleaned", [
    ("  Where is my order 1042?", "Where is my order 1042?"),
    ("order 1,042,0,0,0,0,0", "order 1,042"),
    ("yes yes yes yes yes yes yes", "yes"),
    ("4 3 4 3 4 3 4 3 4 3 4 3 4 4 3 4 3 4", "4 3"),  # "four three" with the digit hotwords
    ("4 3 4 3", "4 3 4 3"),  # PIN 4343
    ("Where is it, where is it, where is it, where is it?", "Where is it"),
    ("24 6 8 2 4 6 8", "24 6 8"),  # flite's "two four six eight" (CI, issue 17)
    ("1042, 1042.", "1042"),
    ("123 123", "123 123"),  # a six-digit PIN said in two halves
    ("my pin is 2468 2468", "my pin is 2468 2468"),  # words: the caller may have repeated
])
def test_whisper_repetition_loops_are_cut(heard: str, cleaned: str) -> None:
    assert clean_transcript(heard) == cleaned


def test_twiml_escapes_what_the_caller_controls() -> None:
    twiml = connect_twiml("wss://h/twilio/media", '+1"/><Hangup/>')
    assert "<Hangup/>" not in twiml and "&lt;Hangup/&gt;" in twiml


def test_transfer_twiml_dial_or_enqueue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_TRANSFER_NUMBER", "+15550001111")
    assert "<Dial>+15550001111</Dial>" in transfer_twiml(get_settings().voice)
    monkeypatch.delenv("HELPDESK_TRANSFER_NUMBER")
    monkeypatch.setenv("HELPDESK_TRANSFER_QUEUE", "support & sales")
    assert "<Enqueue>support &amp; sales</Enqueue>" in transfer_twiml(get_settings().voice)
    monkeypatch.delenv("HELPDESK_TRANSFER_QUEUE")
    assert transfer_twiml(get_settings().voice) is None


def test_bad_settings_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_STT_MODEL", "huge")
    with pytest.raises(SystemExit):
        Settings.from_env()


def _reader(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


def test_audiosocket_frames_round_trip_and_oversized_frames_are_refused() -> None:
    async def check() -> None:
        assert await read_frame(_reader(encode_frame(0x03, b"5"))) == (0x03, b"5")
        with pytest.raises(ProtocolError):
            await read_frame(_reader(bytes([0x10]) + (MAX_PAYLOAD + 1).to_bytes(2, "big")))
        with pytest.raises(asyncio.IncompleteReadError):
            await read_frame(_reader(b"\x10\x01"))

    asyncio.run(check())


def test_a_long_first_sentence_is_cut_after_its_first_clause() -> None:
    from voice_gateway.services.speech_models import speech_chunks

    reply = ["Order 1042, placed on Monday, November 2: 2x trail shoes, total $129.90. "
             "Status: shipped, with UPS."]
    assert list(speech_chunks(reply)) == [
        "Order 1042,", "placed on Monday, November 2: 2x trail shoes, total $129.90.",
        "Status: shipped, with UPS."]
    assert list(speech_chunks(["Hi Ada, welcome back!", "How can I help?"])) == [
        "Hi Ada, welcome back!", "How can I help?"]


def test_vad_finds_the_utterance_and_a_pause_that_matches_its_end() -> None:
    import numpy as np
    from faster_whisper.vad import get_vad_model

    from tests.support.voice_calls import silence, speech
    from voice_gateway.audio.vad import StreamingVad

    vad = StreamingVad(get_vad_model().session)
    audio = np.concatenate([silence(0.5), speech("Where is my order ten forty two?"),
                            silence(1.0)])
    events = []
    for start in range(0, audio.size, 320):
        events += vad.feed(audio[start:start + 320])
    kinds = [e.kind for e in events]
    # One utterance: a caller's voice may pause briefly inside it (flite's "Where is my |
    # order" does), but only the last pause holds the same words as its end.
    assert kinds[0] == "speech_start" and kinds[-2:] == ["pause", "speech_end"], kinds
    assert kinds.count("speech_start") == 1 and kinds.count("barge_in") == 1, kinds
    pause, end = events[-2], events[-1]
    assert pause.speech_windows == end.speech_windows
    assert all(e.speech_windows < end.speech_windows for e in events[1:-2] if e.kind == "pause")
    assert 1.5 < end.audio.size / 16000 < 4.5
    assert vad.feed(silence(2.0)) == []


def test_vad_hears_every_utterance_of_a_call_not_only_the_first() -> None:
    """The model's state is forgotten between utterances: carried over, it drifted until
    Piper's joe voice (one of the caller corpus's voices) was heard as short noise from
    its second utterance on, and those turns were never answered. In a call, each
    utterance is heard as a VAD of its own hears it."""
    import numpy as np
    from faster_whisper.vad import get_vad_model

    from tests.support.callers.corpus import UTTERANCES, render
    from tests.support.callers.voices import BOT_VOICE
    from voice_gateway.audio.vad import StreamingVad

    said = {u.id: u for u in UTTERANCES}
    lines = [render(said[uid], BOT_VOICE, seed=seed, tail_silence_s=1.0).audio
             for seed, uid in enumerate(("parcel", "faq-hours", "balance", "parcel",
                                         "order-ten-forty-two", "faq-hours"))]

    def heard(vad: StreamingVad, line: np.ndarray) -> bool:
        kinds = []
        for start in range(0, line.size, 320):
            kinds += [e.kind for e in vad.feed(np.ascontiguousarray(line[start:start + 320]))]
        return "speech_end" in kinds

    alone = [heard(StreamingVad(get_vad_model().session), line) for line in lines]
    call = StreamingVad(get_vad_model().session)
    in_a_call = [heard(call, line) for line in lines]
    assert in_a_call == alone and alone.count(True) >= 4, (in_a_call, alone)
