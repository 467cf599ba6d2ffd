"""Names: normalization, romanization (Hangul, Cyrillic), search and linking.

The exact-name lookup of :meth:`sanctionsmodel.Ledger.entity` uses
:func:`name_keys`: two spellings that differ only in case, width,
punctuation, spacing, ``SURNAME, Given`` order or a legal form share a key.
:class:`NameIndex` searches further: across scripts, romanizations and
misspellings.

>>> from sanctionsmodel.names import name_keys, normalize
>>> normalize("  KIM,  Yong-Bok ")
'kim yong bok'
>>> sorted(name_keys("GAZARYAN, Rafael Anatolyevich"))
['gazaryan rafael anatolyevich', 'rafael anatolyevich gazaryan']
>>> name_keys("리 봉춘") == name_keys("리봉춘")
True
"""

from __future__ import annotations

from sanctionsmodel.names._cyrillic import Transliteration, transliterate
from sanctionsmodel.names._hangul import (
    Romanization,
    name_romanizations,
    rok_spelling,
    romanize,
    romanize_name,
    split_name,
    surname_spellings,
)
from sanctionsmodel.names._linker import (
    LinkDecision,
    LinkProposal,
    decisions,
    propose_links,
)
from sanctionsmodel.names._normalize import (
    compact,
    name_keys,
    name_orders,
    normalize,
    strip_legal_forms,
)
from sanctionsmodel.names._phonetic import phonetic_key
from sanctionsmodel.names._search import MatchMethod, NameIndex, SearchMatch

__all__ = [
    "LinkDecision",
    "LinkProposal",
    "MatchMethod",
    "NameIndex",
    "Romanization",
    "SearchMatch",
    "Transliteration",
    "compact",
    "decisions",
    "name_keys",
    "name_orders",
    "name_romanizations",
    "normalize",
    "phonetic_key",
    "propose_links",
    "rok_spelling",
    "romanize",
    "romanize_name",
    "split_name",
    "strip_legal_forms",
    "surname_spellings",
    "transliterate",
]
