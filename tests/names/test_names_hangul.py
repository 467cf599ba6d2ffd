"""Tests of Hangul romanization and the ROK initial-sound rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionsmodel.names import (
    Romanization,
    name_romanizations,
    rok_spelling,
    romanize,
    romanize_name,
    split_name,
    surname_spellings,
)

syllables = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)


def test_dprk_practice_as_ofac_writes():
    """DPRK practice keeps initial ㄹ and writes syllables apart."""
    expected = ["Ri Pong Chun", "Pak Jong Chon", "Kim Yong Bok", "Ri Song Jin", "Ro Kwang Chol"]
    actual = [romanize_name(n) for n in ("리봉춘", "박정천", "김영복", "리성진", "로광철")]
    assert expected == actual


def test_revised_romanization():
    """RR hyphenates the given name and spells unaspirated stops g/d/b/j."""
    assert romanize_name("박정천", Romanization.RR) == "Bak Jeong-cheon"


def test_mccune_reischauer_three_styles():
    """MR with breves, with apostrophes for breves (the annex style), and plain."""
    expected = ["Pak Chŏng-ch'ŏn", "Pak Cho'ng-ch'o'n", "Pak Chong-chon"]
    actual = [
        romanize_name("박정천", s)
        for s in (Romanization.MR, Romanization.MR_APOSTROPHE, Romanization.MR_PLAIN)
    ]
    assert expected == actual


def test_mccune_reischauer_voices_between_voiced_sounds():
    """MR voices ㅂ after a final ㅇ: Yŏng-bok, not Yŏng-pok."""
    assert romanize_name("김영복", Romanization.MR) == "Kim Yŏng-bok"


def test_annex_apostrophe_forms():
    """The annex's MR apostrophe spellings come out as printed."""
    expected = ["Kim Kyo'ng-il", "Ri U'n-so'ng"]
    actual = [romanize_name(n, Romanization.MR_APOSTROPHE) for n in ("김경일", "리은성")]
    assert expected == actual


def test_rok_initial_sound_rule():
    """ROK orthography drops or changes an initial ㄹ; DPRK keeps it."""
    expected = ["이", "임", "노", "양", "유", "염", "여", "김"]
    actual = [rok_spelling(s) for s in ("리", "림", "로", "량", "류", "렴", "녀", "김")]
    assert expected == actual


def test_rok_surname_romanization():
    """With the ROK rule, 리봉춘 is I Bong-chun in RR and No Kwang Chol in DPRK practice."""
    assert romanize_name("리봉춘", Romanization.RR, rok_surname=True) == "I Bong-chun"
    assert romanize_name("로광철", rok_surname=True) == "No Kwang Chol"


def test_surname_spellings():
    """Common surname spellings, most usual first."""
    expected = [("Pak", "Park", "Bak"), ("Kim", "Gim"), ("Choe", "Choi", "Ch'oe")]
    assert expected == [surname_spellings(s) for s in ("박", "김", "최")]


def test_name_romanizations_include_press_spellings():
    """Ri Pong-chun / Lee Bong-chun and Pak / Park Jeong-cheon are all offered."""
    rok = {text for _, text in name_romanizations("리봉춘")}
    assert {"Ri Pong Chun", "Ri Pong-chun", "Lee Bong-chun"} <= rok
    assert "Park Jeong-cheon" in {text for _, text in name_romanizations("박정천")}


def test_split_name_two_syllable_surname():
    """Two-syllable surnames are kept whole."""
    assert split_name("남궁민수") == ("남궁", "민수")


def test_romanize_keeps_other_characters():
    """Digits and Latin letters pass through."""
    assert romanize("11군단") == "11gundan"


@given(st.lists(syllables, min_size=1, max_size=5).map("".join))
def test_romanization_never_raises_and_is_ascii_for_plain_systems(name):
    """Every Hangul name romanizes in every system; plain systems give ASCII."""
    for system in Romanization:
        text = romanize_name(name, system)
        assert text
        if system in {Romanization.RR, Romanization.MR_PLAIN, Romanization.DPRK}:
            assert text.isascii()


@given(syllables)
def test_rok_spelling_is_idempotent(syllable):
    """Applying the initial-sound rule twice changes nothing more."""
    assert rok_spelling(rok_spelling(syllable)) == rok_spelling(syllable)
