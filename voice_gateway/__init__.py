"""Voice gateway: phone and browser callers talk to the same Rasa bot, fully offline.

A call is a pipeline of small stages (see `call_session.py`): transport decode → VAD
end-of-speech → faster-whisper → spoken-number normalisation → Rasa turn → Piper TTS →
re-encode and pace → transport. Transports: Twilio Media Streams, Asterisk AudioSocket and
a browser microphone WebSocket.
"""
