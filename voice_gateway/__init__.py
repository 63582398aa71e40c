"""Voice gateway: phone and browser callers talk to the same Rasa bot, fully offline.

A call is a pipeline of small stages (see `pipeline/call_session.py`): transport decode →
VAD end-of-speech → faster-whisper → spoken-number normalisation → Rasa turn → Piper TTS →
re-encode and pace → transport. Transports: Twilio Media Streams, Asterisk AudioSocket and
a browser microphone WebSocket.

In Pipecat's vocabulary: `transports/` (the I/O loops and webhooks), `serializers/` (each
protocol's wire format ↔ the gateway's own), `pipeline/` (the call's stages: turn taking,
keypad, silence, playback with barge-in, the bot's turn), `services/` (speech models, Rasa
client, Twilio REST, the priority executor), `audio/` (codecs, VAD); `calls.py` holds the
live calls and the call state shared by several gateways.
"""
