"""Find the FAQ entry a question means, from three signals:

- lexical, per phrasing: TF-IDF cosine over spaCy lemmas (scikit-learn) between the
  question and each of the entry's phrasings (its question and alternates);
- fuzzy, per phrasing: rapidfuzz token-set similarity of the spelling-corrected question;
- lexical, per entry: the same TF-IDF over the entry's whole text, answer included, which
  catches words the phrasings lack ("google pay" in the list of payment methods).

An entry's score is a weighted sum of its best phrasing and its whole text. `decide` turns
scores into answer / ask which one / no match, with thresholds from settings (calibrated
on tests/data/faq_paraphrases.yml), so the bot never answers with a weak guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from .concepts import with_concepts
from .entries import FaqView
from .text_normalizer import correct_spelling, lemmas, lemmas_of_many, words

LEXICAL_WEIGHT = 0.4  # of a phrasing's score; the rest is rapidfuzz similarity
ENTRY_WEIGHT = 0.6  # of the entry's whole text (question, phrasings, answer, tags)
CANDIDATES = 64  # phrasings and entries scored with rapidfuzz after the lexical pass


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

        return cls(read("HELPDESK_FAQ_ANSWER_THRESHOLD", 0.38),
                   read("HELPDESK_FAQ_MARGIN", 0.05),
                   read("HELPDESK_FAQ_SUGGEST_THRESHOLD", 0.30))


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
        self.phrasing_entry = np.array([i for i, _ in self.phrasings], dtype=np.int64)
        self.cleaned = [" ".join(words(text)) for _, text in self.phrasings]
        entry_texts = [" ".join([e.question, *e.alternates, e.answer, *e.tags])
                       for e in entries]
        self.vocabulary = frozenset(w for text in entry_texts for w in words(text))
        self.vocabulary_sorted = tuple(sorted(self.vocabulary))
        self.phrasing_index = _LexicalIndex([" ".join(with_concepts(x)) for x in lemmas_of_many(
            [text for _, text in self.phrasings])])
        self.entry_index = _LexicalIndex(
            [" ".join(with_concepts(x)) for x in lemmas_of_many(entry_texts)])

    def search(self, question: str, limit: int = 3) -> list[Match]:
        if not self.phrasings or not words(question):
            return []
        corrected = correct_spelling(question, self.vocabulary, self.vocabulary_sorted)
        query = " ".join(with_concepts(lemmas(corrected)))
        by_phrasing = self.phrasing_index.scores(query)
        by_entry = self.entry_index.scores(query)
        rows = _top(by_phrasing, CANDIDATES)
        entries = set(_top(by_entry, CANDIDATES).tolist())
        rows = np.union1d(rows, np.flatnonzero(np.isin(self.phrasing_entry, list(entries))))
        best: dict[int, Match] = {}
        for row in rows:
            entry_index, text = self.phrasings[row]
            fuzzy = fuzz.token_set_ratio(corrected, self.cleaned[row]) / 100
            phrasing = LEXICAL_WEIGHT * by_phrasing[row] + (1 - LEXICAL_WEIGHT) * fuzzy
            score = (1 - ENTRY_WEIGHT) * phrasing + ENTRY_WEIGHT * by_entry[entry_index]
            if entry_index not in best or score > best[entry_index].score:
                best[entry_index] = Match(self.entries[entry_index], round(float(score), 3),
                                          text)
        return sorted(best.values(), key=lambda m: -m.score)[:limit]


class _LexicalIndex:
    """TF-IDF over lemmas: word uni- and bigrams plus character n-grams ("wrap" ~
    "wrapping"); cosine similarity of a query to every document."""

    def __init__(self, documents: list[str]) -> None:
        self.vectorizers = [
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[^ ]+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)]
        self.size = len(documents)
        # Column-major: a query touches few terms, so only those columns are read.
        self.matrices = ([v.fit_transform(documents).tocsc() for v in self.vectorizers]
                         if any(documents) else [])

    def scores(self, query: str) -> np.ndarray:
        total = np.zeros(self.size)
        if not query or not self.matrices:
            return total
        for vectorizer, matrix in zip(self.vectorizers, self.matrices, strict=True):
            terms = vectorizer.transform([query])
            if terms.nnz:
                total += matrix[:, terms.indices] @ terms.data
        return total / len(self.matrices)


def _top(scores: np.ndarray, count: int) -> np.ndarray:
    if scores.size <= count:
        return np.arange(scores.size)
    return np.argpartition(-scores, count)[:count]


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
