"""A name index over entities: exact keys, folded keys, and fuzzy candidates.

Each name is filed under keys of rising looseness (exact, spacing, legal
form, transliteration, romanization).  A query is folded the same way and
looked up key by key, which is a dictionary access each; the fuzzy stage
then takes candidates that share character trigrams of the phonetic key
with the query, and only those are scored with rapidfuzz.  That keeps a
search over tens of thousands of names to a millisecond or two, where a
brute-force fuzzy scan scores every name.
"""

from __future__ import annotations

import enum
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import attrs
from rapidfuzz import fuzz

from sanctionsmodel._gc import collector_paused
from sanctionsmodel._model import Entity, Name
from sanctionsmodel._order import id_order
from sanctionsmodel.names._cyrillic import Transliteration, is_cyrillic, transliterate
from sanctionsmodel.names._normalize import (
    compact,
    is_legal_form_word,
    name_orders,
    strip_legal_forms,
)
from sanctionsmodel.names._phonetic import phonetic_key


class MatchMethod(enum.Enum):
    """How a query met a name, from the strictest fold to the loosest."""

    #: Equal after normalization (case, width, punctuation, ``SURNAME, Given`` order).
    EXACT = "exact"
    #: Equal once spaces and hyphens inside the name are dropped (``Pongchun``).
    SPACING = "spacing"
    #: Equal once legal forms are dropped (``LLC``, ``OOO``, ``주식회사``).
    LEGAL_FORM = "legal-form"
    #: Equal after Cyrillic → Latin transliteration (BGN/PCGN or OFAC style).
    TRANSLITERATION = "transliteration"
    #: Equal phonetic key: Hangul ↔ Latin, or two romanizations (``Park``/``Pak``).
    ROMANIZATION = "romanization"
    #: Equal once the query's last word is read as the surname (``Bong-chun Lee``).
    NAME_ORDER = "name-order"
    #: Every word of the query is a word of the name (``MRB`` of ``MRB BANK``,
    #: ``Kim Yong`` of ``KIM, Yong Bok``), words compared by phonetic key:
    #: scored by the share of the name the query covers.
    WORDS = "words"
    #: Similar, not equal: scored by rapidfuzz on the phonetic and plain keys.
    FUZZY = "fuzzy"


_BASE = {
    MatchMethod.EXACT: 1.0,
    MatchMethod.SPACING: 0.98,
    MatchMethod.LEGAL_FORM: 0.97,
    MatchMethod.ROMANIZATION: 0.93,
}
_TRANSLIT_FACTOR = 0.99
_ORDER_PENALTY = 0.05
_FUZZY_CEILING = 0.9
_CANDIDATES = 64
_MIN_RETRIEVAL_OVERLAP = 0.3
_POSTINGS_BUDGET = 2500
_MIN_GRAMS = 3
# A words match scores from _WORDS_FLOOR (a sliver of the name) to
# _WORDS_FLOOR + _WORDS_SPAN (all of it), less for words equal only by sound.
_WORDS_FLOOR = 0.6
_WORDS_SPAN = 0.3
_WORDS_BY_SOUND = 0.97
# A words match needs a query that says something of the name: at least
# _WORDS_MIN_SOUNDS sounds (phonetic key letters: ``kim`` 3, ``ri`` 1) in
# words that are neither words of legal forms nor particles.  ``K``, ``RI``,
# ``OF``, ``AL``, ``LIMITED`` or ``LIMITED LIABILITY COMPANY`` alone would
# meet every name holding them.
_WORDS_MIN_SOUNDS = 3
_PARTICLES = frozenset(
    [
        "of",
        "the",
        "and",
        "de",
        "del",
        "della",
        "der",
        "den",
        "des",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "du",
        "la",
        "le",
        "les",
        "el",
        "al",
        "y",
        "e",
        "et",
        "van",
        "von",
        "bin",
        "bint",
        "ibn",
        "abu",
    ]
)


@attrs.frozen(kw_only=True)
class SearchMatch:
    """One entity found by :meth:`NameIndex.search`.

    Attributes:
        entity_id: The entity found.
        name: Its name that matched best.
        score: 1.0 for an exact match, lower the looser the match (0..1).
        method: How the query met the name; a transliteration or name-order
            step is listed before the fold that then matched.
    """

    entity_id: str
    name: Name
    score: float
    method: tuple[MatchMethod, ...]

    @property
    def how(self) -> str:
        """The method as text, such as ``transliteration+legal-form``."""
        return "+".join(m.value for m in self.method)


@attrs.frozen(kw_only=True)
class _Variant:
    """One reading of a text: its normalized orders and the steps that produced it."""

    text: str
    orders: tuple[str, ...]
    steps: tuple[MatchMethod, ...]


def _variants(text: str, *, query: bool) -> list[_Variant]:
    out = [_Variant(text=text, orders=name_orders(text), steps=())]
    if any(is_cyrillic(c) for c in text):
        for system in Transliteration:
            latin = transliterate(text, system)
            out.append(
                _Variant(
                    text=latin, orders=name_orders(latin), steps=(MatchMethod.TRANSLITERATION,)
                )
            )
    if query:
        words = out[0].orders[0].split() if out[0].orders else []
        if "," not in text and len(words) > 1:
            moved = " ".join([words[-1], *words[:-1]])
            out.append(_Variant(text=moved, orders=(moved,), steps=(MatchMethod.NAME_ORDER,)))
    return out


def _keys(variant: _Variant) -> list[tuple[MatchMethod, str]]:
    keys: list[tuple[MatchMethod, str]] = []
    for order in variant.orders:
        keys.append((MatchMethod.EXACT, order))
        keys.append((MatchMethod.SPACING, compact(order)))
        keys.append((MatchMethod.ROMANIZATION, phonetic_key(order)))
    stripped = strip_legal_forms(variant.text)
    if stripped:
        keys.append((MatchMethod.LEGAL_FORM, compact(stripped)))
        keys.append((MatchMethod.ROMANIZATION, phonetic_key(stripped)))
    return [(method, key) for method, key in keys if key]


def _fuzzy_forms(variant: _Variant) -> list[tuple[str, str]]:
    """The ``(phonetic key, compact key)`` pairs the fuzzy stage compares."""
    forms = [*variant.orders, strip_legal_forms(variant.text)]
    pairs = {(phonetic_key(form), compact(form)): None for form in forms if form}
    return [pair for pair in pairs if pair[0]]


def _words(variant: _Variant) -> set[str]:
    """The words of a reading, normalized (``KIM, Yong Bok`` -> kim, yong, bok)."""
    return set(variant.orders[0].split()) if variant.orders else set()


def _trigrams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Every name of a set of entities, filed for exact and approximate search.

    Build it once with :meth:`build`; it is read-only afterwards.

    >>> from sanctionsmodel import Entity, Name
    >>> index = NameIndex.build([
    ...     Entity(id="kr-fsc:KF-876", kind="individual", names=[Name(text="리봉춘")]),
    ...     Entity(id="us-ofac:52113", kind="individual", names=[Name(text="IM, Song Jin")]),
    ... ])
    >>> for m in index.search("Lee Bong-chun"):
    ...     print(m.entity_id, m.name.text, m.score, m.how)
    kr-fsc:KF-876 리봉춘 0.93 romanization
    us-ofac:52113 IM, Song Jin 0.6353 fuzzy
    """

    def __init__(self) -> None:
        """Make an empty index; use :meth:`build` instead."""
        self._names: list[tuple[str, Name]] = []
        self._keys: dict[tuple[MatchMethod, str], list[tuple[int, tuple[MatchMethod, ...]]]] = {}
        self._fuzzy_keys: list[tuple[int, str, str]] = []
        self._grams: dict[str, list[int]] = {}
        # Word (by phonetic key) -> the names holding it; per name, its words
        # and their length in letters, for the words stage.
        self._words: dict[str, list[int]] = {}
        self._name_words: list[tuple[frozenset[str], int]] = []

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> NameIndex:
        """Index every name of ``entities``.

        Args:
            entities: The entities to search among; ids should be unique.

        Returns:
            The index.
        """
        index = cls()
        with collector_paused():
            for entity in entities:
                for name in entity.names:
                    index._add(entity.id, name)
        return index

    def __len__(self) -> int:
        """The number of names indexed."""
        return len(self._names)

    def _add(self, entity_id: str, name: Name) -> None:
        slot = len(self._names)
        self._names.append((entity_id, name))
        seen_fuzzy: set[str] = set()
        words: set[str] = set()
        variants = _variants(name.text, query=False)
        for variant in variants:
            words.update(_words(variant))
            for method, key in _keys(variant):
                postings = self._keys.setdefault((method, key), [])
                if not postings or postings[-1][0] != slot:
                    postings.append((slot, variant.steps))
            for phon, plain in _fuzzy_forms(variant):
                if phon not in seen_fuzzy:
                    seen_fuzzy.add(phon)
                    ref = len(self._fuzzy_keys)
                    self._fuzzy_keys.append((slot, phon, plain))
                    for gram in _trigrams(phon):
                        self._grams.setdefault(gram, []).append(ref)
        first = variants[0].orders  # the text as written: name_orders(name.text)
        letters = len(first[0].replace(" ", "")) if first else 0
        self._name_words.append((frozenset(words), letters))
        for key in {phonetic_key(w) for w in words} - {""}:
            self._words.setdefault(key, []).append(slot)

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        restrict_to: Callable[[str], bool] | None = None,
        min_score: float = 0.6,
    ) -> tuple[SearchMatch, ...]:
        """Rank the indexed entities by how well a name of theirs meets ``query``.

        Args:
            query: A name in any script and spelling.
            limit: At most this many matches are returned.
            restrict_to: If given, only entity ids for which it returns True
                are considered (to search some lists, or entities listed on a day).
            min_score: Matches scoring below this are left out.

        Returns:
            One match per entity, best first (ties by entity id).
        """
        best: dict[str, SearchMatch] = {}

        def offer(slot: int, score: float, method: tuple[MatchMethod, ...]) -> None:
            entity_id, name = self._names[slot]
            if score < min_score or (restrict_to is not None and not restrict_to(entity_id)):
                return
            current = best.get(entity_id)
            if current is None or score > current.score:
                best[entity_id] = SearchMatch(
                    entity_id=entity_id, name=name, score=round(score, 4), method=method
                )

        variants = _variants(query, query=True)
        for variant in variants:
            penalty = _ORDER_PENALTY if MatchMethod.NAME_ORDER in variant.steps else 0.0
            factor = _TRANSLIT_FACTOR if MatchMethod.TRANSLITERATION in variant.steps else 1.0
            for method, key in _keys(variant):
                for slot, name_steps in self._keys.get((method, key), ()):
                    steps = tuple(dict.fromkeys((*variant.steps, *name_steps, method)))
                    nf = _TRANSLIT_FACTOR if MatchMethod.TRANSLITERATION in name_steps else 1.0
                    offer(slot, _BASE[method] * factor * nf - penalty, steps)
        self._by_words(variants, offer)
        self._fuzzy(variants, offer)
        ranked = sorted(best.values(), key=lambda m: (-m.score, id_order(m.entity_id)))
        return tuple(ranked[:limit])

    def _by_words(
        self,
        variants: list[_Variant],
        offer: Callable[[int, float, tuple[MatchMethod, ...]], None],
    ) -> None:
        """Offer the names that hold every word of the query, by the share they cover."""
        for variant in variants:
            if MatchMethod.NAME_ORDER in variant.steps:
                continue  # words match in any order already
            words = _words(variant)
            sounds = {w: phonetic_key(w) for w in words}
            telling = (
                k for w, k in sounds.items() if w not in _PARTICLES and not is_legal_form_word(w)
            )
            if sum(map(len, telling)) < _WORDS_MIN_SOUNDS:
                continue  # the words alone tell too little: the other methods may match
            keys = set(sounds.values()) - {""}
            postings = sorted((self._words.get(k, []) for k in keys), key=len)
            slots = set(postings[0]).intersection(*postings[1:])
            factor = _TRANSLIT_FACTOR if MatchMethod.TRANSLITERATION in variant.steps else 1.0
            letters = sum(map(len, words))
            for slot in slots:
                held, total = self._name_words[slot]
                share = min(1.0, letters / total) if total else 1.0
                score = (_WORDS_FLOOR + _WORDS_SPAN * share) * factor
                if not words <= held:
                    score *= _WORDS_BY_SOUND  # equal by sound, not spelling
                offer(slot, score, (*variant.steps, MatchMethod.WORDS))

    def _fuzzy(
        self,
        variants: list[_Variant],
        offer: Callable[[int, float, tuple[MatchMethod, ...]], None],
    ) -> None:
        queries: dict[tuple[str, str], tuple[MatchMethod, ...]] = {}
        for variant in variants:
            for pair in _fuzzy_forms(variant):
                queries.setdefault(pair, variant.steps)
        for (phon, plain), steps in queries.items():
            # The rarest trigrams first, up to a budget of postings: common ones
            # ("ong", "^ki") cost much and tell little.
            lists = sorted((self._grams.get(g, ()) for g in _trigrams(phon)), key=len)
            used: list[Sequence[int]] = []
            budget = _POSTINGS_BUDGET
            for postings in lists:
                if len(used) >= _MIN_GRAMS and len(postings) > budget:
                    break
                used.append(postings)
                budget -= len(postings)
            counts: Counter[int] = Counter(itertools.chain.from_iterable(used))
            floor = max(1, int(len(used) * _MIN_RETRIEVAL_OVERLAP))
            penalty = _ORDER_PENALTY if MatchMethod.NAME_ORDER in steps else 0.0
            for ref, shared in counts.most_common(_CANDIDATES):
                if shared < floor:
                    break
                slot, cand_phon, cand_plain = self._fuzzy_keys[ref]
                ratio = max(fuzz.ratio(phon, cand_phon), fuzz.ratio(plain, cand_plain))
                score = _FUZZY_CEILING * ratio / 100 - penalty
                offer(slot, score, (*steps, MatchMethod.FUZZY))
