"""FAQ retrieval over the shipped knowledge base: paraphrases, typos, close pairs, no guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk.config import get_settings
from helpdesk.faq.entries import FaqView
from helpdesk.faq.files import read_directory
from helpdesk.faq.retrieval import Decision, FaqIndex, decide

KB = Path(__file__).resolve().parents[2] / "knowledge_base"
# From the one final measurement of set 3 (96.5 % top-1; 1 of its 10 uncovered questions
# answered), a little below it, so a change that loses ground fails here.
HOLDOUT3_FLOOR = 0.93
NO_ANSWER_ANSWERED_AT_MOST = 1


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    found, errors = read_directory(KB)
    assert not errors
    views = [FaqView(i, slug, d.question, d.answer, d.voice_answer, d.alternates, d.tags, 1,
                     "", False) for i, (slug, d) in enumerate(found, start=1)]
    return FaqIndex(views)


def ask(index: FaqIndex, question: str) -> Decision:
    return decide(index.search(question), get_settings().faq)


def test_the_shipped_knowledge_base_is_big_enough_and_valid() -> None:
    found, errors = read_directory(KB)
    assert not errors and len(found) >= 40
    assert all(d.alternates for _, d in found)


@pytest.mark.parametrize("question, slug", [
    ("can I send back shoes I wore once indoors", "returns-shoes-worn-indoors"),
    ("do you ship to Canada", "shipping-international-canada"),
    ("how long is the warrenty", "warranty-coverage"),
    ("my parcel is lost", "shipping-lost-parcel"),
    ("how long until i get my refund", "returns-refund-timing"),
    ("do you do gift wrapping", "orders-gift-wrap"),
    ("i forgot my pasword", "accounts-reset-password"),
    ("how do I stop your marketing emails", "privacy-unsubscribe"),
    ("do you record phone calls", "privacy-call-recording"),
    ("my jacket arrived damaged", "orders-damaged-item"),
])
def test_paraphrases_and_typos_find_the_entry(index: FaqIndex, question: str, slug: str) -> None:
    decision = ask(index, question)
    assert decision.kind in ("answer", "choose")
    assert decision.matches[0].entry.slug == slug


@pytest.mark.parametrize("question", [
    "what is the capital of france", "sing me a song about penguins", "asdf qwer zxcv"])
def test_no_weak_guess(index: FaqIndex, question: str) -> None:
    assert ask(index, question).kind == "none"


def test_close_entries_are_offered_to_choose(index: FaqIndex) -> None:
    decision = ask(index, "can i return shoes")
    slugs = [m.entry.slug for m in decision.matches]
    assert decision.kind == "choose" and "returns-shoes-worn-indoors" in slugs
    assert len(slugs) >= 2


def test_an_empty_index_and_empty_questions() -> None:
    assert FaqIndex([]).search("anything") == []
    assert decide([], get_settings().faq).kind == "none"


HELD_OUT = KB.parent / "tests" / "data"


def _held_out(name: str) -> dict:
    import yaml

    return yaml.safe_load((HELD_OUT / name).read_text())


@pytest.mark.parametrize("name, floor", [
    # Sets 1 and 2 guided the tuning (development data); set 3 was written before and
    # never looked at while tuning: its figure is the honest one (benchmarks/RESULTS.md).
    ("faq_paraphrases.yml", 0.93),
    ("faq_paraphrases_fresh.yml", 0.85),
    ("faq_paraphrases_holdout3.yml", HOLDOUT3_FLOOR),
])
def test_held_out_paraphrases(index: FaqIndex, name: str, floor: float) -> None:
    """Paraphrases written apart from the knowledge base: the right entry comes first for
    most, and a confident answer is almost never the wrong one."""
    paraphrases = _held_out(name)["paraphrases"]
    assert len(paraphrases) >= 60
    top1 = wrong_answers = 0
    for item in paraphrases:
        matches = index.search(item["text"])
        top1 += matches[0].entry.slug == item["expected"]
        decision = decide(matches, get_settings().faq)
        wrong_answers += (decision.kind == "answer"
                          and decision.matches[0].entry.slug != item["expected"])
    assert top1 / len(paraphrases) >= floor
    assert wrong_answers / len(paraphrases) <= 0.05


def test_questions_the_knowledge_base_does_not_cover_get_no_answer(index: FaqIndex) -> None:
    questions = _held_out("faq_paraphrases_holdout3.yml")["no_answer"]
    assert len(questions) >= 10
    answered = [q for q in questions if ask(index, q).kind == "answer"]
    assert len(answered) <= NO_ANSWER_ANSWERED_AT_MOST, answered


def test_domain_concepts_join_different_words_for_one_thing() -> None:
    from helpdesk.faq.concepts import with_concepts

    assert with_concepts(("ship", "montreal")) == (
        "ship", "montreal", "concept_ship", "concept_canada")
    assert with_concepts(("pole", "snap")) == ("pole", "snap", "concept_damage")
    assert with_concepts(("tent", "stake")) == ("tent", "stake")
    assert "concept_return" in with_concepts(("send", "back", "boot"))  # a phrase
    assert "concept_refund" in with_concepts(("money", "back"))


def test_normalisation_of_chat_shorthand_contractions_and_typos() -> None:
    from helpdesk.faq.text_normalizer import correct_spelling, lemmas, normalize

    assert normalize("r u open sun") == ["are", "you", "open", "sunday"]
    assert normalize("i didnt get it, can't log in") == [
        "i", "did", "not", "get", "it", "can", "not", "log", "in"]
    assert lemmas("I wore the shoes hiking") == ("wear", "shoe", "hike")
    assert "usa" in lemmas("only within the US") and lemmas("contact us") == ("contact",)
    known = frozenset({"gift", "wrap", "store", "warranty"})
    choices = tuple(sorted(known))
    assert correct_spelling("giftwrap", known, choices) == "gift wrap"
    assert correct_spelling("warrenty", known, choices) == "warranty"
    assert correct_spelling("stove", known, choices) == "stove"  # a real word, not "store"


def test_a_new_entry_is_found_by_its_own_words() -> None:
    found, _ = read_directory(KB)
    views = [FaqView(i, slug, d.question, d.answer, d.voice_answer, d.alternates, d.tags, 1,
                     "", False) for i, (slug, d) in enumerate(found, start=1)]
    rope = FaqView(999, "rope-rental", "Do you rent out climbing ropes?",
                   "Yes, ropes rent for $12 a day at every store.", None,
                   ["can i hire a climbing rope"], [], 1, "", False)
    decision = ask(FaqIndex([*views, rope]), "can I rent a climbing rope")
    assert decision.kind == "answer" and decision.matches[0].entry.slug == "rope-rental"


def _with_entry(entry: FaqView) -> FaqIndex:
    found, _ = read_directory(KB)
    views = [FaqView(i, slug, d.question, d.answer, d.voice_answer, d.alternates, d.tags, 1,
                     "", False) for i, (slug, d) in enumerate(found, start=1)]
    return FaqIndex([*views, entry])


@pytest.mark.parametrize("question, slug", [
    ("can I pay with pay pal", "payments-paypal"),
    ("how do i change my e mail address", "accounts-change-email"),
])
def test_words_written_apart_find_the_one_word_entry(index: FaqIndex, question: str,
                                                    slug: str) -> None:
    decision = ask(index, question)
    assert decision.kind == "answer" and decision.matches[0].entry.slug == slug


@pytest.mark.parametrize("question", [
    "do you take zip coin", "can i pay with zip coin", "can I pay with zipcoin",
    "do you accept zip-coin"])
def test_a_brand_new_word_is_found_written_apart_or_together(question: str) -> None:
    """An editor just added a brand written as one word: the customer's two words find it
    (the live index's own vocabulary joins them), and the other way round."""
    one_word = FaqView(999, "payments-zipcoin", "Do you accept Zipcoin?",
                       "Yes, Zipcoin works at checkout for orders over $20.", None,
                       ["can i pay with zipcoin"], [], 1, "", False)
    decision = ask(_with_entry(one_word), question)
    assert decision.kind == "answer" and decision.matches[0].entry.slug == "payments-zipcoin"
    two_words = FaqView(999, "payments-zipcoin", "Do you accept Zip Coin?",
                        "Yes, Zip Coin works at checkout for orders over $20.", None,
                        ["can i pay with zip coin"], [], 1, "", False)
    decision = ask(_with_entry(two_words), question)
    assert decision.kind == "answer" and decision.matches[0].entry.slug == "payments-zipcoin"


def test_split_words_are_joined_only_into_known_words() -> None:
    from helpdesk.faq.text_normalizer import join_split_words

    known = frozenset({"email", "paypal", "pay"})
    assert join_split_words(["change", "e", "mail"], known) == ["change", "email"]
    assert join_split_words(["pay", "pal"], known) == ["paypal"]
    assert join_split_words(["pay", "now"], known) == ["pay", "now"]
    assert join_split_words([], known) == []
