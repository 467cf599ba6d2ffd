"""Normalization shared by exact lookup and search."""

# ruff: noqa: RUF001, RUF002 - Cyrillic and full-width letters are the data here

from __future__ import annotations

import functools
import unicodedata

_APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02bb`\u00b4")

# Legal forms, as normalized word sequences.  Words such as "company" or
# "corporation" alone are not here: they are usually part of the name proper.
_LEGAL_FORMS: frozenset[tuple[str, ...]] = frozenset(
    tuple(form.split())
    for form in (
        "llc",
        "l l c",
        "llp",
        "lp",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "s a",
        "sarl",
        "sas",
        "spa",
        "srl",
        "bv",
        "nv",
        "jsc",
        "cjsc",
        "ojsc",
        "pjsc",
        "ooo",
        "oao",
        "zao",
        "pao",
        "ao",
        "tov",
        "fze",
        "fzco",
        "fzc",
        "fzllc",
        "pte",
        "pte ltd",
        "sdn bhd",
        "co",
        "co ltd",
        "co limited",
        "company limited",
        "limited liability company",
        "limited liability partnership",
        "joint stock company",
        "public joint stock company",
        "closed joint stock company",
        "open joint stock company",
        "public limited company",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "aktsionernoye obshchestvo",
        "aktsionernoe obshchestvo",
        "ооо",
        "оао",
        "зао",
        "пао",
        "ао",
        "общество с ограниченной ответственностью",
        "акционерное общество",
        "публичное акционерное общество",
        "закрытое акционерное общество",
        "открытое акционерное общество",
        "주식회사",
        "유한회사",
        "유한책임회사",
        "합자회사",
        "합명회사",
    )
)
_LONGEST_FORM = max(len(form) for form in _LEGAL_FORMS)
# Abbreviations written out before legal forms are dropped, so ``Trading Corp`` meets
# ``TRADING CORPORATION``.
_ABBREVIATIONS = {"corp": "corporation", "intl": "international", "mfg": "manufacturing"}


def is_hangul(char: str) -> bool:
    """Whether ``char`` is a Hangul syllable or jamo.

    Args:
        char: One character.

    Returns:
        True for Hangul.
    """
    return (
        "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold case and width, drop punctuation and accents, collapse spaces.

    Apostrophes vanish (``Kyo'ng`` becomes ``kyong``); every other
    punctuation mark separates words, hyphens included (``Pong-chun`` is
    ``pong chun``).  Runs of Hangul lose the spaces between them, since
    Korean names are written with or without them.

    Args:
        text: Any name.

    Returns:
        The normalized form; empty if ``text`` has no letters or digits.

    >>> normalize("ＫＩＭ,  Kyo'ng-il"), normalize("리 봉춘")
    ('kim kyong il', '리봉춘')
    """
    text = unicodedata.normalize("NFKC", text).replace("(주)", " 주식회사 ")
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char in _APOSTROPHES:
            continue
        out.append(char.casefold() if char.isalnum() else " ")
    # NFKD splits Hangul syllables into jamo (and й into и + breve); compose them back.
    words = unicodedata.normalize("NFC", "".join(out)).split()
    if not words:
        return ""
    joined = [words[0]]
    for word in words[1:]:
        if is_hangul(word[0]) and is_hangul(joined[-1][-1]):
            joined[-1] += word
        else:
            joined.append(word)
    return " ".join(joined)


_HANGUL_FORMS = tuple(
    sorted((form[0] for form in _LEGAL_FORMS if is_hangul(form[0][0])), key=len, reverse=True)
)


def _strip_hangul(word: str) -> str:
    for form in _HANGUL_FORMS:
        if word.startswith(form) and len(word) > len(form):
            return word[len(form) :]
        if word.endswith(form) and len(word) > len(form):
            return word[: -len(form)]
    return word


def _strip_edges(words: list[str], *, keep_one: bool = True) -> list[str]:
    """Drop legal forms at both ends of ``words``, keeping one word unless told not to."""
    if words:
        words[0] = _strip_hangul(words[0])
        words[-1] = _strip_hangul(words[-1])
    changed = True
    while changed and words:
        changed = False
        longest = min(_LONGEST_FORM, len(words) - 1 if keep_one else len(words))
        for size in range(longest, 0, -1):
            if tuple(words[-size:]) in _LEGAL_FORMS:
                del words[-size:]
                changed = True
                break
            if tuple(words[:size]) in _LEGAL_FORMS:
                del words[:size]
                changed = True
                break
    return words


@functools.lru_cache(maxsize=65536)
def strip_legal_forms(text: str) -> str:
    """Normalize ``text`` and drop legal forms at its start and end.

    ``OOO``, ``LLC``, ``Limited Liability Company``, ``Co., Ltd.``,
    ``주식회사`` and their kin go; a name made of nothing else is kept whole.
    In ``NAME, FORM`` only the part after the comma loses its forms, so a
    person ``AO, Wei`` keeps the surname.

    Args:
        text: Any name.

    Returns:
        The normalized name without its legal forms.

    >>> strip_legal_forms("NOVOSIBIRSKOBLGAZ LIMITED LIABILITY COMPANY")
    'novosibirskoblgaz'
    >>> strip_legal_forms("TRANS MERITS CO. LTD"), strip_legal_forms("TSMRBANK, OOO")
    ('trans merits', 'tsmrbank')
    """
    if text.count(",") == 1:
        name, form = text.split(",")
        if _strip_edges(normalize(form).split(), keep_one=False):
            return normalize(text)
        kept = _strip_edges([_ABBREVIATIONS.get(w, w) for w in normalize(name).split()])
        return " ".join(kept) or normalize(name) or normalize(text)
    words = [_ABBREVIATIONS.get(w, w) for w in normalize(text).split()]
    kept = _strip_edges(list(words))
    return " ".join(kept) or " ".join(words)


# Single letters (the s and a of "s a", the l and c of "l l c") are left out:
# alone they are as likely an initial (A.S.P. BUILDERS) as a form.
_FORM_WORDS = frozenset(word for form in _LEGAL_FORMS for word in form if len(word) > 1)


def is_legal_form_word(word: str) -> bool:
    """Whether a normalized word of two letters or more is a word of a legal form.

    A form alone (``ltd``, ``co``, ``ооо``) or a word of a longer one
    (``limited``, ``liability``, ``company``, ``joint``, ``stock``,
    ``public``, ``open``); a single letter is not (``a``, ``s``).
    """
    return word in _FORM_WORDS


def compact(normalized: str) -> str:
    """Drop the spaces of a normalized name, so ``pong chun`` meets ``pongchun``.

    Args:
        normalized: A name as :func:`normalize` returns it.

    Returns:
        The name without spaces.
    """
    return normalized.replace(" ", "")


@functools.lru_cache(maxsize=65536)
def name_orders(text: str) -> tuple[str, ...]:
    """The normalized name in the orders it may be written in.

    ``SURNAME, Given`` yields ``surname given`` then ``given surname``; any
    other name yields its normalized form alone.

    Args:
        text: Any name.

    Returns:
        One or two normalized forms, the written order first.
    """
    orders = [normalize(text)]
    if text.count(",") == 1:
        surname, given = text.split(",")
        if normalize(surname) and normalize(given):
            orders.append(normalize(f"{given} {surname}"))
    return tuple(dict.fromkeys(o for o in orders if o))


@functools.lru_cache(maxsize=65536)
def name_keys(text: str) -> frozenset[str]:
    """The normalized forms under which ``text`` is found by exact lookup.

    ``SURNAME, Given`` yields both ``surname given`` and ``given surname``;
    a name with a legal form also yields its form without it
    (``TSMRBANK, OOO`` is found as ``TSMRBank``).  Nothing else is folded:
    no romanization, no spacing inside words (``Pongchun`` is not
    ``Pong Chun``; :class:`NameIndex` finds that), and a swap of given-name
    syllables is never equal: ``Kim Il Su`` and ``Kim Su Il`` share no key.

    Args:
        text: Any name.

    Returns:
        The keys; empty if ``text`` has no letters or digits.

    >>> sorted(name_keys("Kim Il Su")) == sorted(name_keys("Kim Su Il"))
    False
    """
    keys = set(name_orders(text))
    stripped = strip_legal_forms(text)
    keys.add(stripped)
    keys.discard("")
    return frozenset(keys)
