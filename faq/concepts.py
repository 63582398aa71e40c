"""Domain concepts: words that mean the same thing to a retailer's customer ("montreal" and
"alberta" are Canada, "tuesday" is a weekday, "snapped" is damage). Each lemma of a concept
adds the concept's token to the text, so a question and an entry that name the same concept
in different words meet in the lexical index."""

from __future__ import annotations

CONCEPTS: dict[str, frozenset[str]] = {name: frozenset(words.split()) for name, words in {
    "canada": "canada canadian vancouver toronto montreal calgary ottawa edmonton winnipeg "
              "quebec ontario alberta manitoba saskatchewan halifax victoria bc yukon "
              "nunavut newfoundland labrador",
    "abroad": "international abroad overseas worldwide europe european germany france uk "
              "england britain scotland ireland spain italy netherlands australia japan "
              "mexico brazil india china germany switzerland sweden norway denmark poland",
    "weekday": "weekday monday tuesday wednesday thursday friday",
    "weekend": "weekend saturday sunday",
    "holiday": "holiday christmas thanksgiving easter eve year new_year independence "
               "memorial labor",
    "damage": "damage damaged broken break crack cracked snap snapped smash smashed "
              "shatter shattered dent dented bent torn tear crush crushed",
    "decline": "decline declined refuse reject fail deny bounce",
    "register": "register registration signup enroll sign_up join",
    "phone": "phone telephone call hotline",
    "cost": "cost charge price fee much pay",
}.items()}
_INDEX: dict[str, tuple[str, ...]] = {}
for _name, _words in CONCEPTS.items():
    for _word in _words:
        _INDEX[_word] = (*_INDEX.get(_word, ()), f"concept_{_name}")


def with_concepts(lemmas: tuple[str, ...]) -> tuple[str, ...]:
    """The lemmas followed by the token of every concept they name (once each)."""
    extra = dict.fromkeys(token for lemma in lemmas for token in _INDEX.get(lemma, ()))
    return (*lemmas, *extra) if extra else lemmas
