"""Hangul to Latin: Revised Romanization, McCune-Reischauer and DPRK practice.

The rules for Korean *names* are ours: a name is romanized syllable by
syllable (sound changes across syllables are not written, as both the RR
rules for personal names and OFAC practice do), except that McCune-Reischauer
voices an unaspirated stop between voiced sounds (``Yŏng-bok``).
"""

from __future__ import annotations

import enum
import functools
import itertools

_FIRST = 0xAC00
_LAST = 0xD7A3

# The 19 initials, 21 vowels and 28 finals (index 0 = none) of a syllable.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"

_RR_INITIAL = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_MR_INITIAL = (
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "",
    "ch",
    "tch",
    "ch'",
    "k'",
    "t'",
    "p'",
    "h",
)
_MR_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}
_DPRK_INITIAL = (
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)

_RR_VOWEL = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
)
_MR_VOWEL = (
    "a",
    "ae",
    "ya",
    "yae",
    "ŏ",
    "e",
    "yŏ",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wŏ",
    "we",
    "wi",
    "yu",
    "ŭ",
    "ŭi",
    "i",
)

_FINAL = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
)
# Finals after which McCune-Reischauer voices the next unaspirated stop.
_VOICING_FINALS = frozenset({0, 4, 5, 6, 8, 16, 21})
_FINAL_L = frozenset({8, 11, 12, 13, 15})
_INITIAL_R = 5
_INITIAL_N = 2
_INITIAL_SILENT = 11
# Vowels that start with an i or y sound: before them ROK spelling drops an initial ㄹ or ㄴ.
_IY_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})

_TWO_SYLLABLE_SURNAMES = frozenset(
    {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "망절", "어금"}
)

#: Latin spellings of common Korean surnames, DPRK, MR, RR and popular ROK forms.
SURNAME_SPELLINGS: dict[str, tuple[str, ...]] = {
    "김": ("Kim", "Gim"),
    "리": ("Ri", "Lee", "Yi", "I", "Rhee", "Li"),
    "이": ("Lee", "Yi", "I", "Rhee", "Ri", "Li"),
    "박": ("Pak", "Park", "Bak"),
    "최": ("Choe", "Choi", "Ch'oe"),
    "정": ("Jong", "Jeong", "Chong", "Chung", "Jung", "Ch'ŏng"),
    "강": ("Kang", "Gang"),
    "조": ("Cho", "Jo"),
    "윤": ("Yun", "Yoon"),
    "장": ("Jang", "Chang"),
    "림": ("Rim", "Lim", "Im"),
    "임": ("Im", "Lim", "Rim"),
    "한": ("Han",),
    "오": ("O", "Oh"),
    "서": ("So", "Seo", "Suh", "Sŏ"),
    "신": ("Sin", "Shin"),
    "권": ("Kwon", "Gwon", "Kwŏn"),
    "황": ("Hwang",),
    "안": ("An", "Ahn"),
    "송": ("Song",),
    "류": ("Ryu", "Yu", "Yoo", "Rhyu"),
    "유": ("Yu", "Yoo", "Ryu"),
    "전": ("Jon", "Jeon", "Chon", "Chun", "Chŏn"),
    "홍": ("Hong",),
    "고": ("Ko", "Go"),
    "문": ("Mun", "Moon"),
    "량": ("Ryang", "Yang"),
    "양": ("Yang", "Ryang"),
    "손": ("Son", "Sohn"),
    "배": ("Pae", "Bae"),
    "백": ("Paek", "Baek", "Paik"),
    "허": ("Ho", "Heo", "Hur", "Hŏ"),
    "로": ("Ro", "No", "Roh", "Noh"),
    "노": ("No", "Noh", "Ro", "Roh"),
    "남": ("Nam",),
    "심": ("Sim", "Shim"),
    "곽": ("Kwak",),
    "성": ("Song", "Sung", "Seong", "Sŏng"),
    "차": ("Cha",),
    "주": ("Ju", "Joo", "Chu"),
    "우": ("U", "Woo"),
    "구": ("Ku", "Koo", "Gu"),
    "변": ("Pyon", "Byun", "Byeon", "Pyŏn"),
    "렴": ("Ryom", "Yeom", "Yom", "Ryŏm"),
    "염": ("Yom", "Yeom", "Ryom"),
    "명": ("Myong", "Myung", "Myeong"),
    "방": ("Pang", "Bang"),
    "지": ("Ji", "Chi"),
    "진": ("Jin", "Chin"),
    "현": ("Hyon", "Hyun", "Hyeon"),
    "태": ("Thae", "Tae", "T'ae"),
    "계": ("Kye", "Gye"),
    "함": ("Ham",),
    "원": ("Won", "Won"),
}


class Romanization(enum.Enum):
    """A system of writing Hangul in Latin letters."""

    #: Revised Romanization of Korean (ROK, 2000): ``Ri Bongchun``.
    RR = "rr"
    #: McCune-Reischauer with breves and apostrophes: ``Chŏng-ch'ŏn``.
    MR = "mr"
    #: McCune-Reischauer with apostrophes for breves (the annex style): ``Kyo'ng-il``.
    MR_APOSTROPHE = "mr-apostrophe"
    #: McCune-Reischauer without breves or apostrophes: ``Chong-chon``.
    MR_PLAIN = "mr-plain"
    #: DPRK practice as OFAC writes it: ``Jong Chon``, syllables apart, initial ㄹ kept.
    DPRK = "dprk"


def is_syllable(char: str) -> bool:
    """Whether ``char`` is one precomposed Hangul syllable (가..힣).

    Args:
        char: One character.

    Returns:
        True for a Hangul syllable.
    """
    return len(char) == 1 and _FIRST <= ord(char) <= _LAST


def decompose(char: str) -> tuple[int, int, int]:
    """Split a Hangul syllable into its initial, vowel and final indices.

    Args:
        char: One precomposed Hangul syllable.

    Returns:
        ``(initial, vowel, final)``; ``final`` is 0 when the syllable has none.

    Raises:
        ValueError: If ``char`` is not a Hangul syllable.

    >>> decompose("봉")
    (7, 8, 21)
    """
    if not is_syllable(char):
        msg = f"not a Hangul syllable: {char!r}"
        raise ValueError(msg)
    code = ord(char) - _FIRST
    return code // 588, (code % 588) // 28, code % 28


def compose(initial: int, vowel: int, final: int = 0) -> str:
    """Build a Hangul syllable from its initial, vowel and final indices.

    Args:
        initial: 0..18.
        vowel: 0..20.
        final: 0..27 (0 for none).

    Returns:
        The syllable.
    """
    return chr(_FIRST + (initial * 21 + vowel) * 28 + final)


def rok_spelling(syllable: str) -> str:
    """Apply the ROK initial-sound rule (두음법칙) to a word-initial syllable.

    ``리`` becomes ``이``, ``량`` ``양``, ``로`` ``노``, ``녀`` ``여``; other
    syllables are returned as they are.

    Args:
        syllable: One Hangul syllable (anything else is returned unchanged).

    Returns:
        The syllable as ROK orthography writes it at the start of a word.

    >>> rok_spelling("리"), rok_spelling("로"), rok_spelling("김")
    ('이', '노', '김')
    """
    if not is_syllable(syllable):
        return syllable
    initial, vowel, final = decompose(syllable)
    if initial == _INITIAL_R:
        initial = _INITIAL_SILENT if vowel in _IY_VOWELS else _INITIAL_N
    elif initial == _INITIAL_N and vowel in _IY_VOWELS:
        initial = _INITIAL_SILENT
    return compose(initial, vowel, final)


def _syllable(char: str, system: Romanization, *, after: int | None) -> str:
    """Romanize one syllable; ``after`` is the final of the previous syllable in the word."""
    initial, vowel, final = decompose(char)
    if system is Romanization.RR:
        head = _RR_INITIAL[initial]
        body = _RR_VOWEL[vowel]
    elif system is Romanization.DPRK:
        head = _DPRK_INITIAL[initial]
        if after is not None and after in _VOICING_FINALS and initial in _MR_VOICED:
            head = _MR_VOICED[initial]
        body = _MR_VOWEL[vowel]
    else:
        head = _MR_INITIAL[initial]
        if after is not None and after in _VOICING_FINALS and initial in _MR_VOICED:
            head = _MR_VOICED[initial]
        body = _MR_VOWEL[vowel]
    if initial == _INITIAL_R and after is not None and after in _FINAL_L:
        head = "l"
    text = head + body + _FINAL[final]
    if system is Romanization.MR_APOSTROPHE:
        text = text.replace("ŏ", "o'").replace("ŭ", "u'")
    elif system in {Romanization.MR_PLAIN, Romanization.DPRK}:
        text = text.replace("ŏ", "o").replace("ŭ", "u").replace("'", "")
    return text


@functools.lru_cache(maxsize=65536)
def romanize(text: str, system: Romanization = Romanization.RR) -> str:
    """Write the Hangul in ``text`` in Latin letters, word by word.

    Syllables of one word are joined (RR, MR) or, in DPRK practice, written
    apart and capitalized as OFAC writes Korean names.  Characters that are
    not Hangul syllables are kept as they are.

    Args:
        text: Any text.
        system: The romanization system.

    Returns:
        The romanized text.

    >>> romanize("폭풍군단"), romanize("폭풍군단", Romanization.MR)
    ('pokpunggundan', "p'okp'unggundan")
    """
    out: list[str] = []
    previous: int | None = None
    for char in text:
        if not is_syllable(char):
            out.append(char)
            previous = None
            continue
        piece = _syllable(char, system, after=previous)
        if previous is not None and system is Romanization.DPRK:
            out.append(" ")
            piece = piece.capitalize()
        out.append(piece)
        previous = decompose(char)[2]
    return "".join(out)


def split_name(hangul: str) -> tuple[str, str]:
    """Split a Korean personal name in Hangul into surname and given name.

    Two-syllable surnames (남궁, 황보, 제갈, ...) are recognised; otherwise the
    first syllable is the surname.

    Args:
        hangul: The name, with or without a space after the surname.

    Returns:
        ``(surname, given)``; ``given`` is empty for a one-syllable name.

    >>> split_name("리봉춘"), split_name("남궁 민수")
    (('리', '봉춘'), ('남궁', '민수'))
    """
    compact = "".join(hangul.split())
    if len(compact) > 2 and compact[:2] in _TWO_SYLLABLE_SURNAMES:  # noqa: PLR2004 - a two-syllable surname
        return compact[:2], compact[2:]
    return compact[:1], compact[1:]


def _capitalize_parts(text: str, sep: str) -> str:
    return sep.join(part[:1].upper() + part[1:] for part in text.split(sep))


@functools.lru_cache(maxsize=65536)
def romanize_name(
    hangul: str, system: Romanization = Romanization.DPRK, *, rok_surname: bool = False
) -> str:
    """Romanize a Korean personal name as ``Surname Given``.

    RR and MR hyphenate the given name (``Jeong Bong-chun``, ``Pak Chŏng-ch'ŏn``);
    DPRK practice writes its syllables apart (``Ri Pong Chun``).  With
    ``rok_surname`` the surname follows the ROK initial-sound rule
    (``리`` → ``I``, ``로`` → ``No``) instead of the DPRK spelling.

    Args:
        hangul: The name in Hangul, surname first.
        system: The romanization system.
        rok_surname: Apply the ROK initial-sound rule to the surname.

    Returns:
        The romanized name.

    >>> romanize_name("리봉춘"), romanize_name("리봉춘", Romanization.RR, rok_surname=True)
    ('Ri Pong Chun', 'I Bong-chun')
    >>> romanize_name("박정천", Romanization.MR)
    "Pak Chŏng-ch'ŏn"
    >>> romanize_name("김경일", Romanization.MR_APOSTROPHE)
    "Kim Kyo'ng-il"
    """
    surname, given = split_name(hangul)
    if rok_surname:
        surname = rok_spelling(surname[:1]) + surname[1:]
    head = _capitalize_parts(romanize(surname, system), " ")
    if not given:
        return head
    if system is Romanization.DPRK:
        tail = _capitalize_parts(romanize(given, system), " ")
    else:
        # The given name is one word for voicing, written with a hyphen between syllables.
        pieces = []
        previous: int | None = None
        for char in given:
            if not is_syllable(char):
                pieces.append(char)
                previous = None
                continue
            pieces.append(_syllable(char, system, after=previous))
            previous = decompose(char)[2]
        tail = "-".join(pieces)
        tail = tail[:1].upper() + tail[1:]
    return f"{head} {tail}"


def surname_spellings(surname: str) -> tuple[str, ...]:
    """The common Latin spellings of a Korean surname in Hangul.

    Known surnames come from a table of DPRK, MR, RR and popular ROK forms;
    others get their DPRK, RR and ROK-rule forms.

    Args:
        surname: The surname in Hangul.

    Returns:
        Spellings, the most usual first, without repeats.

    >>> surname_spellings("박")
    ('Pak', 'Park', 'Bak')
    """
    known = SURNAME_SPELLINGS.get(surname)
    if known:
        return known
    forms = [
        _capitalize_parts(romanize(surname, Romanization.DPRK), " ").replace(" ", ""),
        romanize(surname, Romanization.RR).capitalize(),
        romanize(rok_spelling(surname[:1]) + surname[1:], Romanization.RR).capitalize(),
    ]
    return tuple(dict.fromkeys(f for f in forms if f))


def name_romanizations(hangul: str) -> tuple[tuple[str, str], ...]:
    """Every romanization of a Korean personal name this module knows, labelled.

    Args:
        hangul: The name in Hangul, surname first.

    Returns:
        ``(label, text)`` pairs without repeated texts: the DPRK, RR, MR
        (three styles) forms, then the given name with each common surname
        spelling.

    >>> ("ROK surname Lee", "Lee Bong-chun") in name_romanizations("리봉춘")
    True
    """
    out: dict[str, str] = {}
    for system in Romanization:
        for rok in (False, True):
            text = romanize_name(hangul, system, rok_surname=rok)
            out.setdefault(text, system.value + (" (ROK surname)" if rok else ""))
    surname, given = split_name(hangul)
    if given:
        rr_given = romanize_name("가" + given, Romanization.RR).split(" ", 1)[1]
        dprk_given = romanize_name("가" + given, Romanization.DPRK).split(" ", 1)[1]
        for spelling, tail in itertools.product(surname_spellings(surname), (rr_given, dprk_given)):
            out.setdefault(f"{spelling} {tail}", f"ROK surname {spelling}")
    return tuple((label, text) for text, label in out.items())
