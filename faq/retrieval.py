"""Find the FAQ entry a question means: two signals over each entry's phrasings.

- lexical: TF-IDF cosine over spaCy lemmas (scikit-learn), word and lemma-bigram terms;
- fuzzy: rapidfuzz token-set similarity of the corrected question to each phrasing.

The score of an entry is the best over its question and alternate phrasings of a weighted
sum of both. `decide` turns scores into answer / ask which one / no match, with thresholds
from settings, so the bot never answers with a weak guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from .entries import FaqView
from .text_normalizer import correct_spelling, lemmas, words

LEXICAL_WEIGHT = 0.6


@dataclass(frozen=True)
class Thresholds:
    answer: float  # the best entry is answered at or above this score...
    margin: float  # ...when it leads the next entry by at least this much
    suggest: float  # entries at or above this are offered to choose from

    @classmethod
    def from_env(cls) -> Thresholds:
        def read(name: str, default: float) -> float:
            try:
                return float(os.environ.get(name, default))
            except ValueError as exc:
                raise SystemExit(f"setting {name} must be a number") from exc

        return cls(read("HELPDESK_FAQ_ANSWER_THRESHOLD", 0.62),
                   read("HELPDESK_FAQ_MARGIN", 0.08),
                   read("HELPDESK_FAQ_SUGGEST_THRESHOLD", 0.45))


@dataclass(frozen=True)
class Match:
    entry: FaqView
    score: float
    phrasing: str  # the question or alternate that matched best


@dataclass(frozen=True)
class Decision:
    kind: str  # "answer", "choose" or "none"
    matches: list[Match]


class FaqIndex:
    def __init__(self, entries: list[FaqView]) -> None:
        self.entries = entries
        self.phrasings: list[tuple[int, str]] = [
            (i, text) for i, e in enumerate(entries) for text in [e.question, *e.alternates]]
        self.vocabulary = {w for _, text in self.phrasings for w in words(text)}
        documents = [" ".join(lemmas(text)) for _, text in self.phrasings]
        # word uni- and bigrams of lemmas, plus character n-grams ("wrap" ~ "wrapping")
        self.vectorizers = [
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[^ ]+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)]
        self.matrices = ([v.fit_transform(documents) for v in self.vectorizers]
                         if any(documents) else [])

    def search(self, question: str, limit: int = 3) -> list[Match]:
        if not self.phrasings or not words(question):
            return []
        corrected = correct_spelling(question, self.vocabulary)
        lexical = np.zeros(len(self.phrasings))
        query_lemmas = " ".join(lemmas(corrected))
        if self.matrices and query_lemmas:
            for vectorizer, matrix in zip(self.vectorizers, self.matrices, strict=True):
                query = vectorizer.transform([query_lemmas])
                lexical += (matrix @ query.T).toarray().ravel() / len(self.matrices)
        best: dict[int, Match] = {}
        for row, (entry_index, text) in enumerate(self.phrasings):
            fuzzy = fuzz.token_set_ratio(corrected, " ".join(words(text))) / 100
            score = LEXICAL_WEIGHT * lexical[row] + (1 - LEXICAL_WEIGHT) * fuzzy
            if entry_index not in best or score > best[entry_index].score:
                best[entry_index] = Match(self.entries[entry_index], round(float(score), 3),
                                          text)
        return sorted(best.values(), key=lambda m: -m.score)[:limit]


def decide(matches: list[Match], thresholds: Thresholds) -> Decision:
    if not matches or matches[0].score < thresholds.suggest:
        return Decision("none", [])
    top = matches[0]
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    if top.score >= thresholds.answer and top.score - runner_up >= thresholds.margin:
        return Decision("answer", [top])
    close = [m for m in matches if m.score >= thresholds.suggest
             and top.score - m.score < thresholds.margin * 2][:3]
    if len(close) == 1 and top.score >= thresholds.answer:
        return Decision("answer", [top])
    if len(close) == 1:
        return Decision("none", [])
    return Decision("choose", close)
