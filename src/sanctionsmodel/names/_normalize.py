"""Normalization shared by exact lookup and search."""

from __future__ import annotations

import functools
import unicodedata

_APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02bb`\u00b4")


def _is_hangul(char: str) -> bool:
    return (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold case and width, drop punctuation and accents, collapse spaces.

    Apostrophes vanish (``Kyo'ng`` becomes ``kyong``); every other
    punctuation mark separates words.  Runs of Hangul lose the spaces between
    them, since Korean names are written with or without them.

    Args:
        text: Any name.

    Returns:
        The normalized form; empty if ``text`` has no letters or digits.
    """
    text = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char in _APOSTROPHES:
            continue
        out.append(char.casefold() if char.isalnum() else " ")
    # NFKD splits Hangul syllables into jamo; compose them back.
    words = unicodedata.normalize("NFC", "".join(out)).split()
    if not words:
        return ""
    joined = [words[0]]
    for word in words[1:]:
        if _is_hangul(word[0]) and _is_hangul(joined[-1][-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join(joined)


@functools.lru_cache(maxsize=65536)
def name_keys(text: str) -> frozenset[str]:
    """The normalized forms under which ``text`` is found by exact lookup.

    ``SURNAME, Given`` yields both ``surname given`` and ``given surname``;
    other names yield their normalized form alone.  A swap of given-name
    syllables is never equal: ``Kim Il Su`` and ``Kim Su Il`` share no key.
    """
    keys = {normalize(text)}
    if text.count(",") == 1:
        surname, given = text.split(",")
        if surname.strip() and given.strip():
            keys.add(normalize(f"{given} {surname}"))
    keys.discard("")
    return frozenset(keys)
