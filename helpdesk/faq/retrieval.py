"""Find the FAQ entry a question means, from four signals:

- lexical, per phrasing: TF-IDF cosine over spaCy lemmas and domain concepts (word uni-
  and bigrams, character n-grams) between the question and each of the entry's phrasings
  (its question and alternates);
- fuzzy, per phrasing: rapidfuzz token-set similarity of the spelling-corrected question;
- lexical, per entry: the same TF-IDF over the entry's whole text, answer included, which
  catches words the phrasings lack ("google pay" in the list of payment methods);
- coverage, per entry: BM25 over the entry's whole text, divided by the most the question
  could score, so it says how much of the question (weighted by how rare each word is)
  the entry covers; words no entry knows count against it ("unicorn saddles").

An entry's score is a weighted sum of its best phrasing and its whole text. `decide` turns
scores into answer / ask which one / no match, with thresholds from settings
(`get_settings().faq`, calibrated on tests/data/faq_paraphrases.yml and
faq_paraphrases_fresh.yml), so the bot never answers with a weak guess.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from helpdesk.config import FaqThresholds as Thresholds
from helpdesk.faq.concepts import with_concepts
from helpdesk.faq.entries import FaqView
from helpdesk.faq.text_normalizer import correct_spelling, lemmas, lemmas_of_many, words

LEXICAL_WEIGHT = 0.4  # of a phrasing's score; the rest is rapidfuzz similarity
PHRASING_WEIGHT = 0.3  # of the best phrasing in an entry's score
TFIDF_WEIGHT = 0.3  # of the entry's whole text (question, phrasings, answer, tags)...
COVERAGE_WEIGHT = 0.4  # ...and of its BM25 coverage of the question
CANDIDATES = 64  # phrasings and entries scored with rapidfuzz after the lexical pass
BM25_K1, BM25_B = 1.2, 0.75


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
        self.entry_rows = np.split(np.arange(len(self.phrasings)), np.flatnonzero(
            np.diff(self.phrasing_entry)) + 1) if self.phrasings else []
        self.cleaned = [" ".join(words(text)) for _, text in self.phrasings]
        self.vocabulary = frozenset(
            w for e in entries for text in [e.question, *e.alternates, e.answer, *e.tags]
            for w in words(text))
        self.vocabulary_sorted = tuple(sorted(self.vocabulary))
        phrasing_terms = [with_concepts(x) for x in lemmas_of_many(
            [text for _, text in self.phrasings])]
        # An entry's whole text: its phrasings' terms, then its answer's and tags' terms.
        entry_terms: list[tuple[str, ...]] = [() for _ in entries]
        for (i, _), terms in zip(self.phrasings, phrasing_terms, strict=True):
            entry_terms[i] += terms
        answers = lemmas_of_many([e.answer for e in entries])
        tags = lemmas_of_many([" ".join(e.tags) for e in entries])
        for i, (answer, tag) in enumerate(zip(answers, tags, strict=True)):
            entry_terms[i] += with_concepts(answer) + with_concepts(tag)
        self.phrasing_index = _LexicalIndex([" ".join(x) for x in phrasing_terms])
        self.entry_index = _LexicalIndex([" ".join(x) for x in entry_terms])
        self.coverage = _Coverage(entry_terms)

    def search(self, question: str, limit: int = 3) -> list[Match]:
        if not self.phrasings or not words(question):
            return []
        corrected = correct_spelling(question, self.vocabulary, self.vocabulary_sorted)
        terms = with_concepts(lemmas(corrected))
        query = " ".join(terms)
        by_phrasing = self.phrasing_index.scores(query)
        by_entry = TFIDF_WEIGHT * self.entry_index.scores(query) + \
            COVERAGE_WEIGHT * self.coverage.scores(terms)
        rows = _top(by_phrasing, CANDIDATES)
        entries = _top(by_entry, CANDIDATES)
        rows = np.union1d(rows, np.concatenate([self.entry_rows[e] for e in entries]))
        fuzzy = process.cdist([corrected], [self.cleaned[r] for r in rows],
                              scorer=fuzz.token_set_ratio, dtype=np.float64)[0] / 100
        phrasing = LEXICAL_WEIGHT * by_phrasing[rows] + (1 - LEXICAL_WEIGHT) * fuzzy
        owner = self.phrasing_entry[rows]
        score = np.round(PHRASING_WEIGHT * phrasing + by_entry[owner], 3)
        order = np.lexsort((-score, owner))  # by entry, its best phrasing first
        first = order[np.r_[True, np.diff(owner[order]) != 0]]
        best = first[np.argsort(-score[first], kind="stable")][:limit]
        return [Match(self.entries[owner[i]], float(score[i]), self.phrasings[rows[i]][1])
                for i in best.tolist()]


class _LexicalIndex:
    """TF-IDF over lemmas: word uni- and bigrams plus character n-grams ("wrap" ~
    "wrapping"); cosine similarity of a query to every document."""

    def __init__(self, documents: list[str]) -> None:
        vectorizers = [
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"[^ ]+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)]
        self.size = len(documents)
        # Term-major (one row per term): a query touches few terms, so only those are read.
        self.matrices = ([v.fit_transform(documents).T.tocsr() for v in vectorizers]
                         if any(documents) else [])
        # The query side without scikit-learn's per-call checks (most of a search's time).
        self.query_sides: list[tuple[Callable[[str], list[str]], dict[str, int], np.ndarray]] = [
            (v.build_analyzer(), v.vocabulary_, v.idf_) for v in vectorizers] \
            if self.matrices else []

    def scores(self, query: str) -> np.ndarray:
        total = np.zeros(self.size)
        if not query or not self.matrices:
            return total
        for (analyze, vocabulary, idf), matrix in zip(self.query_sides, self.matrices,
                                                      strict=True):
            counts = Counter(vocabulary[t] for t in analyze(query) if t in vocabulary)
            if not counts:
                continue
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64,
                                              count=len(counts)))) * idf[columns]
            total += _column_dot(matrix, columns, weights / np.linalg.norm(weights))
        return total / len(self.matrices)


class _Coverage:
    """BM25 of each document for a query, as a share of the most the query could score:
    1.0 when a document holds every query term, less for each term it lacks, weighted by
    the term's rarity; a term in no document weighs as much as the rarest."""

    def __init__(self, documents: list[tuple[str, ...]]) -> None:
        self.terms: dict[str, int] = {}
        rows, columns, counts = [], [], []
        for row, document in enumerate(documents):
            for term, count in Counter(document).items():
                rows.append(row)
                columns.append(self.terms.setdefault(term, len(self.terms)))
                counts.append(count)
        size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float64)
        average = lengths.mean() if size and lengths.mean() else 1.0
        frequency = np.bincount(np.array(columns, dtype=np.int64), minlength=len(self.terms))
        self.idf = np.log(1 + (size - frequency + 0.5) / (frequency + 0.5))
        self.unknown_idf = math.log(1 + (size + 0.5) / 0.5)
        tf = np.array(counts, dtype=np.float64)
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[np.array(rows, dtype=np.int64)]
                          / average)
        weights = self.idf[np.array(columns, dtype=np.int64)] * tf * (BM25_K1 + 1) / (tf + norm)
        self.matrix = sparse.csr_matrix(  # term-major, as in _LexicalIndex
            (weights, (columns, rows)), shape=(len(self.terms), size))
        self.size = size

    def scores(self, query: tuple[str, ...]) -> np.ndarray:
        unique = dict.fromkeys(query)
        known = [self.terms[t] for t in unique if t in self.terms]
        most = (BM25_K1 + 1) * (float(self.idf[known].sum())
                                + (len(unique) - len(known)) * self.unknown_idf)
        if not known or not most:
            return np.zeros(self.size)
        return _column_dot(self.matrix, np.array(known, dtype=np.int64),
                           np.ones(len(known))) / most


def _column_dot(matrix: sparse.csr_matrix, columns: np.ndarray,
                weights: np.ndarray) -> np.ndarray:
    """`matrix.T[:, columns] @ weights` for a term-major `matrix` (one row per term): a
    query touches few terms, so only their rows are read (scipy's sparse product in C)."""
    query = sparse.csr_matrix((weights, columns, np.array([0, len(columns)])),
                              shape=(1, matrix.shape[0]))
    return (query @ matrix).toarray().ravel()


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
