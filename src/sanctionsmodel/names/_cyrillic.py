"""Cyrillic to Latin: BGN/PCGN (1947) and the simpler style OFAC writes.

The table is small and stable, so it lives here rather than in a dependency:
a general transliterator (``unidecode``, ICU) gives one reading, where
matching wants the two that Russian names appear under in sanctions lists.
"""

# ruff: noqa: RUF001, RUF003 - Cyrillic and full-width letters are the data here

from __future__ import annotations

import enum
import functools

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian and Belarusian letters.
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
}  # fmt: skip
_VOWELS = frozenset("аеёиоуыэюяіїє")
_SIGNS = frozenset("ъь")


class Transliteration(enum.Enum):
    """A system of writing Cyrillic in Latin letters."""

    #: BGN/PCGN 1947: ``е`` is ``ye`` at the start of a word and after a vowel or sign.
    BGN_PCGN = "bgn-pcgn"
    #: The style of most OFAC entries: ``е`` and ``ё`` are always ``e``.
    OFAC = "ofac"


def is_cyrillic(char: str) -> bool:
    """Whether ``char`` is a Cyrillic letter.

    Args:
        char: One character.

    Returns:
        True for a letter of the Cyrillic block.
    """
    return "\u0400" <= char <= "\u04ff"


@functools.lru_cache(maxsize=65536)
def transliterate(text: str, system: Transliteration = Transliteration.BGN_PCGN) -> str:
    """Write the Cyrillic letters of ``text`` in Latin letters.

    Case is kept (``Ж`` → ``Zh``, and all capitals in an all-capitals word);
    other characters pass through.

    Args:
        text: Any text.
        system: The transliteration system.

    Returns:
        The transliterated text.

    >>> transliterate("Новосибирскоблгаз")
    'Novosibirskoblgaz'
    >>> transliterate("Алексеевич Елена"), transliterate("Алексеевич Елена", Transliteration.OFAC)
    ('Alekseyevich Yelena', 'Alekseevich Elena')
    """
    out: list[str] = []
    previous = ""
    for index, char in enumerate(text):
        lower = char.lower()
        if not is_cyrillic(char):
            out.append(char)
            previous = char
            continue
        if lower in {"е", "ё"}:
            starts = not previous.isalpha() or previous.lower() in _VOWELS | _SIGNS
            latin = "ye" if system is Transliteration.BGN_PCGN and starts else "e"
        else:
            latin = _COMMON.get(lower, lower)
        if char != lower and latin:
            following = text[index + 1 : index + 2]
            whole_caps = following.isupper() or (previous.isupper() and not following.isalpha())
            latin = latin.upper() if whole_caps else latin[0].upper() + latin[1:]
        out.append(latin)
        previous = char
    return "".join(out)
