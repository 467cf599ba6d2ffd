"""A phonetic key that Hangul and every romanization of it share.

Both sides of a comparison are folded to one spelling: Hangul syllables are
romanized with the initial-sound rule of ROK orthography applied (so ``리``
and ``이`` agree), and Latin words lose the distinctions romanization systems
draw differently (``eo``/``o``, ``g``/``k``, ``b``/``p``, ``j``/``ch``,
``l``/``r``, a word-initial ``R`` or ``L`` before ``i``/``y``).  The key is
lossy by design; it finds candidates, and the caller judges them.
"""

from __future__ import annotations

import functools
import re

from sanctionsmodel.names._cyrillic import Transliteration, is_cyrillic, transliterate
from sanctionsmodel.names._hangul import (
    SURNAME_SPELLINGS,
    Romanization,
    is_syllable,
    rok_spelling,
    romanize,
)
from sanctionsmodel.names._normalize import normalize

_STEPS: tuple[tuple[str, str], ...] = (
    ("tch", "C"),
    ("ch", "C"),
    ("zh", "C"),
    ("j", "C"),
    ("ts", "C"),
    ("ng", "N"),
    ("ck", "k"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("sh", "s"),
    ("kh", "k"),
    ("gh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("rh", "r"),
    ("g", "k"),
    ("b", "p"),
    ("d", "t"),
    ("l", "r"),
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "o"),
    ("ee", "i"),
    ("ui", "i"),
    ("oi", "oe"),
    ("ai", "ae"),
    ("yi", "i"),
    ("wu", "u"),
)
_VOWEL_H = re.compile(r"(?<=[aeiouy])h(?![aeiouy])")
_DOUBLE = re.compile(r"(.)\1+")


def _fold_word(word: str) -> str:
    for old, new in _STEPS:
        word = word.replace(old, new)
    word = _VOWEL_H.sub("", word)
    word = word.replace("N", "ng").replace("C", "c")
    if word[:1] == "r":
        word = word[1:] if word[1:2] in {"i", "y"} else "n" + word[1:]
    return _DOUBLE.sub(r"\1", word)


def _surname_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for hangul, spellings in SURNAME_SPELLINGS.items():
        key = _syllable_key(hangul)
        for spelling in spellings:
            table.setdefault(normalize(spelling), key)
    return table


@functools.lru_cache(maxsize=16384)
def _syllable_key(syllable: str) -> str:
    return _fold_word(romanize(rok_spelling(syllable), Romanization.MR_PLAIN))


_SURNAMES: dict[str, str] = {}


def _surnames() -> dict[str, str]:
    if not _SURNAMES:
        _SURNAMES.update(_surname_table())
    return _SURNAMES


def _word_keys(word: str) -> list[str]:
    """Keys of one normalized word: Hangul syllable by syllable, Latin as one."""
    if any(is_syllable(char) for char in word):
        out: list[str] = []
        latin: list[str] = []
        for char in word:
            if is_syllable(char):
                if latin:
                    out.append(_fold_word("".join(latin)))
                    latin = []
                out.append(_syllable_key(char))
            else:
                latin.append(char)
        if latin:
            out.append(_fold_word("".join(latin)))
        return out
    return [_fold_word(word)]


@functools.lru_cache(maxsize=131072)
def phonetic_key(normalized: str) -> str:
    """The phonetic key of a normalized name (see the module docstring).

    The first word is read as a surname where it is a known spelling of a
    Korean one (``Park`` → ``pak``, ``Lee`` → ``i``).  Cyrillic letters are
    transliterated first.

    Args:
        normalized: A name as :func:`normalize` returns it.

    Returns:
        The key, without spaces.

    >>> phonetic_key(normalize("리봉춘")) == phonetic_key(normalize("Lee Bong-chun"))
    True
    >>> phonetic_key(normalize("Park Jeong-cheon")) == phonetic_key(normalize("박정천"))
    True
    >>> phonetic_key(normalize("IM Song Jin")) == phonetic_key(normalize("리성진"))
    False
    """
    if any(is_cyrillic(char) for char in normalized):
        normalized = transliterate(normalized, Transliteration.BGN_PCGN).lower()
    words = normalized.split()
    if not words:
        return ""
    keys: list[str] = []
    first = _surnames().get(words[0])
    for index, word in enumerate(words):
        if index == 0 and first is not None:
            keys.append(first)
        else:
            keys.extend(_word_keys(word))
    # Doubled letters fold inside a word only: ``Kim Myong`` must not become ``Kim Yong``.
    return "".join(keys)


def phonetic_words(normalized: str) -> tuple[str, ...]:
    """The phonetic key of each word (each Hangul syllable) of a normalized name.

    Args:
        normalized: A name as :func:`normalize` returns it.

    Returns:
        One key per Latin word or Hangul syllable, in order.
    """
    if any(is_cyrillic(char) for char in normalized):
        normalized = transliterate(normalized, Transliteration.BGN_PCGN).lower()
    out: list[str] = []
    for index, word in enumerate(normalized.split()):
        first = _surnames().get(word) if index == 0 else None
        out.extend([first] if first is not None else _word_keys(word))
    return tuple(out)
