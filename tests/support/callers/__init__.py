"""The caller corpus: speech from voices that are not the bot's own (espeak-ng, flite, and
Piper's joe as one row), telephone impairments, and the utterances of the journeys."""
