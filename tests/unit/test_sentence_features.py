"""The pretrained sentence featurizer (helpdesk/rasa_plugins/sentence_features.py) with the
real weights from site-packages and Rasa's real WhitespaceTokenizer: shapes, determinism,
meaning, offline file discovery, and messages that are empty or odd."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from helpdesk.rasa_plugins.sentence_encoder import (
    DIMENSIONS,
    TOKENIZER_FILE,
    Encoded,
    EncoderFilesMissing,
    model_path,
    token_vectors,
)
from helpdesk.rasa_plugins.sentence_features import SentenceFeaturizer


@pytest.fixture(scope="module")
def featurizer() -> SentenceFeaturizer:
    config = SentenceFeaturizer.get_default_config()
    return SentenceFeaturizer.create(config, None, None,  # type: ignore[arg-type]
                                     ExecutionContext(GraphSchema({}), "sentence_features"))


def featurize(featurizer: SentenceFeaturizer, *texts: str) -> list[Message]:
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    return featurizer.process(messages)


def features(message: Message) -> tuple[np.ndarray, np.ndarray]:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is not None and sentence is not None
    return sequence.features, sentence.features


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a.ravel() @ b.ravel() / np.linalg.norm(a) / np.linalg.norm(b))


def test_weights_come_from_site_packages_and_the_tokenizer_ships_with_the_code() -> None:
    path = model_path()
    assert path.is_file() and path.stat().st_size > 20_000_000
    assert Path(sysconfig.get_paths()["purelib"]) in path.parents
    assert TOKENIZER_FILE.is_file()


def test_a_missing_weights_package_is_named_in_the_error() -> None:
    with pytest.raises(EncoderFilesMissing, match="no_such_weights_package"):
        model_path(package="no_such_weights_package")
    with pytest.raises(EncoderFilesMissing, match="missing"):
        model_path(file="not-there.onnx")


def test_one_sentence_feature_and_one_sequence_feature_per_token(featurizer) -> None:
    (message,) = featurize(featurizer, "where's my parcel, it was due on Monday")
    sequence, sentence = features(message)
    tokens = message.get("text_tokens")
    assert sequence.shape == (len(tokens), DIMENSIONS)
    assert sentence.shape == (1, DIMENSIONS)
    assert np.isfinite(sequence).all() and np.isfinite(sentence).all()
    assert (np.abs(sequence).sum(axis=1) > 0).all()  # every word is covered by word pieces


def test_features_are_deterministic_and_independent_of_the_batch(featurizer) -> None:
    first = features(featurize(featurizer, "cancel my order 1042 please")[0])
    batched = featurize(featurizer, "hi", "cancel my order 1042 please",
                        "a much longer message that pads the batch out to many more pieces")
    again = features(batched[1])
    np.testing.assert_allclose(first[0], again[0], atol=1e-4)
    np.testing.assert_allclose(first[1], again[1], atol=1e-4)


def test_paraphrases_are_closer_than_unrelated_requests(featurizer) -> None:
    parcel, package, joke = (features(m)[1] for m in featurize(
        featurizer, "where is my parcel", "has my package been delivered yet",
        "tell me a funny joke"))
    assert cosine(parcel, package) > cosine(parcel, joke) + 0.15


@pytest.mark.parametrize("text", ["", "   ", "!!!", "🙂🙂", "ñandú", "word " * 400])
def test_empty_odd_and_very_long_messages_get_features_without_crashing(featurizer,
                                                                        text) -> None:
    (message,) = featurize(featurizer, text)
    sequence, sentence = features(message)
    assert sequence.shape == (len(message.get("text_tokens")), DIMENSIONS)
    assert sentence.shape == (1, DIMENSIONS) and np.isfinite(sentence).all()


def test_messages_without_text_are_left_alone(featurizer) -> None:
    message = Message(data={"intent": "greet"})
    featurizer.process_training_data(TrainingData([message]))
    assert message.features == []


def test_token_vectors_average_the_overlapping_pieces_and_zero_the_uncovered() -> None:
    pieces = np.array([[1.0, 0.0], [3.0, 2.0], [5.0, 5.0]], dtype=np.float32)
    encoded = Encoded(pieces, np.array([[0, 3], [3, 6], [7, 9]]), pieces.mean(axis=0))
    vectors = token_vectors(encoded, [(0, 6), (7, 9), (20, 25)])
    np.testing.assert_allclose(vectors, [[2.0, 1.0], [5.0, 5.0], [0.0, 0.0]])


def test_bad_settings_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="threads must be at least 1"):
        SentenceFeaturizer.validate_config({"threads": 0})
