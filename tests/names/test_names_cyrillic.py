"""Tests of Cyrillic transliteration."""

# ruff: noqa: RUF001, RUF002 - Cyrillic and full-width letters are the data here

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionsmodel.names import Transliteration, transliterate


def test_bgn_pcgn():
    """BGN/PCGN writes е as ye after a vowel and at the start of a word."""
    assert transliterate("Алексеевич Елена") == "Alekseyevich Yelena"


def test_ofac_style():
    """The OFAC style writes е as e throughout."""
    assert transliterate("Алексеевич Елена", Transliteration.OFAC) == "Alekseevich Elena"


def test_capitals_kept():
    """An all-capitals word stays in capitals, digraphs included."""
    assert transliterate("ООО ЧХОЛСАН") == "OOO CHKHOLSAN"


def test_novosibirskoblgaz():
    """The issue's example transliterates to OFAC's spelling."""
    assert transliterate("Новосибирскоблгаз") == "Novosibirskoblgaz"


@given(st.text(alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x4FF)))
def test_never_raises(text):
    """Any Cyrillic text transliterates."""
    assert isinstance(transliterate(text), str)
