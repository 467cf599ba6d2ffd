"""Tests of normalization and exact-lookup keys."""

# ruff: noqa: RUF001 - Cyrillic and full-width letters are the data here

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionsmodel.names import compact, name_keys, name_orders, normalize, strip_legal_forms


def test_normalize_folds_case_width_punctuation_and_spacing():
    """Case, full-width letters, punctuation and runs of spaces fold away."""
    assert normalize("ＫＩＭ,  Yong-Bok ") == "kim yong bok"


def test_normalize_drops_apostrophes_and_breves():
    """MR apostrophes and breves vanish: Kyo'ng and Kyŏng are kyong."""
    assert normalize("KIM, Kyo'ng-il") == normalize("Kim Kyŏng-il") == "kim kyong il"


def test_normalize_joins_hangul_runs():
    """Hangul written with or without spaces is one word."""
    assert normalize("리 봉춘") == "리봉춘"


def test_name_keys_both_orders_of_surname_comma_given():
    """SURNAME, Given yields both orders."""
    assert name_keys("RI, Pong Chun") == {"ri pong chun", "pong chun ri"}


def test_name_keys_never_equal_syllable_swap():
    """Kim Il Su and Kim Su Il share no key."""
    assert not name_keys("Kim Il Su") & name_keys("KIM, Su Il")


def test_name_keys_no_romanization():
    """Exact keys stay within one spelling: Lee is not Ri, and Pongchun is not Pong Chun."""
    assert not name_keys("Lee Bong Chun") & name_keys("RI, Pong Chun")
    assert not name_keys("Ri Pongchun") & name_keys("RI, Pong Chun")


def test_name_keys_include_name_without_legal_form():
    """A legal form at either end may be left out."""
    assert "tsmrbank" in name_keys("TSMRBANK, OOO")
    assert "verus" in name_keys("Limited Liability Company Verus")


def test_strip_legal_forms_variants():
    """LLC, OOO, Co. Ltd., Limited Liability Company and 주식회사 all go."""
    expected = ["novosibirskoblgaz", "trans merits", "apollon", "한국전자", "tekhnologiya"]
    actual = [
        strip_legal_forms("NOVOSIBIRSKOBLGAZ LIMITED LIABILITY COMPANY"),
        strip_legal_forms("TRANS MERITS CO. LTD"),
        strip_legal_forms("Apollon OOO"),
        strip_legal_forms("(주)한국전자"),
        strip_legal_forms("TEKHNOLOGIYA, OOO"),
    ]
    assert expected == actual


def test_strip_legal_forms_keeps_person_surname_before_comma():
    """A surname that looks like a legal form (AO, Wei) is kept."""
    assert strip_legal_forms("AO, Wei") == "ao wei"


def test_strip_legal_forms_keeps_a_name_of_forms_only():
    """A name made only of a legal form is not emptied."""
    assert strip_legal_forms("OOO") == "ooo"


def test_name_orders_written_order_first():
    """The written order comes first."""
    assert name_orders("GAZARYAN, Rafael") == ("gazaryan rafael", "rafael gazaryan")


def test_compact_drops_spaces():
    """Compact keys meet joined and split spellings."""
    assert compact(normalize("Pong-chun")) == compact(normalize("Pongchun"))


@given(st.text())
def test_normalize_idempotent(text):
    """Normalizing twice changes nothing."""
    once = normalize(text)
    assert once == normalize(once)


@given(st.text())
def test_name_keys_never_raise_and_are_normalized(text):
    """Every key is itself normalized."""
    keys = name_keys(text)
    assert all(normalize(k) == k for k in keys)
