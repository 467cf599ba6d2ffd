"""Tests of the name index and search."""

from __future__ import annotations

import pytest

from sanctionsmodel import Entity, Name
from sanctionsmodel.names import MatchMethod, NameIndex, normalize, phonetic_key


def _entity(entity_id, kind, *names):
    return Entity(id=entity_id, kind=kind, names=[Name(text=n) for n in names])


@pytest.fixture(scope="module")
def index():
    """A small index across US and ROK records and three scripts."""
    return NameIndex.build(
        [
            _entity("kr-fsc:KF-876", "individual", "리봉춘"),
            _entity("kr-fsc:KF-877", "individual", "리성진"),
            _entity("kr-fsc:KF-575", "individual", "Pak, Jong Chon", "박정천"),
            _entity("us-ofac:52113", "individual", "IM, Song Jin"),
            _entity("us-ofac:52117", "individual", "PAK, Jong Chon"),
            _entity("us-ofac:52116", "individual", "RO, Kwang Chol", "NO, Kwang Chol"),
            _entity("us-ofac:1", "organization", "NOVOSIBIRSKOBLGAZ LIMITED LIABILITY COMPANY"),
            _entity("kr-fsc:KF-758", "organization", "OOO ЧХОЛСАН", "CHOLSON LLC"),
        ]
    )


@pytest.mark.parametrize("query", ["Ri Pong-chun", "Lee Bong-chun", "리봉춘", "RI, Pong Chun"])
def test_one_man_four_spellings(index, query):
    """The issue's four spellings of Ri Pong Chun find KF-876 first."""
    assert index.search(query)[0].entity_id == "kr-fsc:KF-876"


@pytest.mark.parametrize("query", ["PAK Jong Chon", "Park Jeong-cheon", "박정천"])
def test_pak_jong_chon_on_both_lists(index, query):
    """Pak Jong Chon is found on the ROK and US lists, in any spelling."""
    found = {m.entity_id for m in index.search(query)[:2]}
    assert found == {"kr-fsc:KF-575", "us-ofac:52117"}


def test_method_says_how(index):
    """Each match says which fold met the name."""
    expected = [
        ("RI, Pong Chun", (MatchMethod.ROMANIZATION,)),
        ("리봉춘", (MatchMethod.EXACT,)),
        ("Ri Pongchun", (MatchMethod.ROMANIZATION,)),
        ("Bong-chun Lee", (MatchMethod.NAME_ORDER, MatchMethod.ROMANIZATION)),
    ]
    actual = [(q, index.search(q)[0].method) for q, _ in expected]
    assert expected == actual


def test_cyrillic_finds_latin_with_legal_form(index):
    """Новосибирскоблгаз finds NOVOSIBIRSKOBLGAZ LIMITED LIABILITY COMPANY."""
    match = index.search("Новосибирскоблгаз")[0]
    expected = ("us-ofac:1", (MatchMethod.TRANSLITERATION, MatchMethod.LEGAL_FORM))
    assert expected == (match.entity_id, match.method)


def test_latin_finds_cyrillic(index):
    """A Latin query finds a name written in Cyrillic."""
    assert index.search("Chkholsan")[0].entity_id == "kr-fsc:KF-758"


def test_exact_scores_one_and_ranks_first(index):
    """An exact match scores 1.0."""
    match = index.search("IM, Song Jin")[0]
    assert (match.entity_id, match.score, match.how) == ("us-ofac:52113", 1.0, "exact")


def test_im_is_not_ri(index):
    """IM Song Jin is only a fuzzy match for 리성진, below any romanization match."""
    matches = {m.entity_id: m for m in index.search("리성진")}
    assert matches["kr-fsc:KF-877"].score == 1.0
    assert MatchMethod.FUZZY in matches["us-ofac:52113"].method
    assert matches["us-ofac:52113"].score < 0.9


def test_misspelling_found_fuzzy(index):
    """A misspelling is found by the fuzzy stage."""
    match = index.search("Novosibirskoblgas")[0]
    assert (match.entity_id, match.method[-1]) == ("us-ofac:1", MatchMethod.FUZZY)


def test_restrict_to_filters_entities(index):
    """restrict_to keeps only the entities it accepts."""
    found = index.search(
        "PAK Jong Chon", restrict_to=lambda i: i.startswith("kr-fsc:"), min_score=0.9
    )
    assert [m.entity_id for m in found] == ["kr-fsc:KF-575"]


def test_limit(index):
    """At most limit matches come back."""
    assert len(index.search("Kim", limit=1, min_score=0.0)) <= 1


def test_one_match_per_entity(index):
    """An entity with several matching names appears once."""
    ids = [m.entity_id for m in index.search("Ro Kwang Chol", min_score=0.0)]
    assert len(ids) == len(set(ids))


def test_no_match_for_nonsense(index):
    """A query matching nothing returns nothing."""
    assert index.search("zzzzqqqq") == ()


def test_phonetic_key_order_matters():
    """The phonetic key keeps syllable order: Kim Il Su is not Kim Su Il."""
    assert phonetic_key(normalize("Kim Il Su")) != phonetic_key(normalize("Kim Su Il"))


def test_phonetic_key_keeps_word_boundaries_for_doubles():
    """Kim Myong Chol is not Kim Yong Chol."""
    assert phonetic_key(normalize("KIM, Myong Chol")) != phonetic_key(normalize("KIM, Yong Chol"))


def test_len_counts_names(index):
    """len() is the number of names indexed."""
    assert len(index) == 11


@pytest.fixture(scope="module")
def banks():
    """Names of which a query may give only some words."""
    return NameIndex.build(
        [
            _entity("us-ofac:50604", "organization", "MRB BANK"),
            _entity("us-ofac:48219", "organization", "KOREA MANDAL CREDIT BANK"),
            _entity("kr-fsc:KF-517", "organization", "Korea Kumsan Trading Co"),
            _entity("us-ofac:52114", "individual", "KIM, Yong Bok"),
            _entity("kr-fsc:KF-908", "individual", "Kim Ryu Song"),
            _entity("kr-fsc:KF-723", "individual", "KIM, Chol"),
            _entity("us-ofac:47701", "individual", "Mr. O"),
        ]
    )


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("MRB", "us-ofac:50604"),
        ("KOREA MANDAL", "us-ofac:48219"),
        ("mandal bank", "us-ofac:48219"),  # any order, any case
        ("Kim Yong", "us-ofac:52114"),
        ("Yong Kim", "us-ofac:52114"),
        ("Pak Yong", None),  # every word must be in the name
    ],
)
def test_some_words_of_a_name_find_it(banks, query, first):
    """A query of whole words of a name finds it, above names that only look alike."""
    found = banks.search(query)
    words = [m for m in found if MatchMethod.WORDS in m.method]
    assert (words[0].entity_id if words else None) == first
    if first is not None:
        assert found[0].entity_id == first


def test_a_words_match_scores_by_the_share_of_the_name(banks):
    """KIM alone finds every KIM, the shortest names (the most of them covered) first."""
    found = [m for m in banks.search("KIM") if MatchMethod.WORDS in m.method]
    assert [m.entity_id for m in found] == ["kr-fsc:KF-723", "kr-fsc:KF-908", "us-ofac:52114"]
    # KIM is 3 of 7 letters of KIM, Chol and of 10 of the other two (tied: by id).
    assert found[0].score > found[1].score == found[2].score
    assert all(0.6 <= m.score < 0.9 for m in found)
    # A word equal by sound, not by spelling, scores a little less.
    (kim,) = [m for m in banks.search("Gim Chol") if m.entity_id == "kr-fsc:KF-723"]
    exact = next(m for m in banks.search("Kim Chol") if m.entity_id == "kr-fsc:KF-723")
    assert kim.score < exact.score


@pytest.fixture(scope="module")
def gate():
    """Names for both sides of the words gate: too little meets none by words, enough one."""
    return NameIndex.build(
        [
            _entity("kr-fsc:KF-1", "organization", "K O RI CO LIMITED OOO LTD"),
            _entity("us-ofac:1", "organization", "BANK OF THE DE AL BIN"),
            _entity("us-ofac:2", "organization", "NOVOSIBIRSKOBLGAZ LIMITED LIABILITY COMPANY"),
            _entity("us-ofac:3", "organization", "ALFA PUBLIC JOINT STOCK COMPANY"),
            _entity(
                "us-ofac:4", "organization", "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU KVANT"
            ),
            _entity("us-ofac:11", "individual", "KIM, Chol"),
            _entity("us-ofac:12", "individual", "RI, Song Un"),
            _entity("us-ofac:13", "organization", "BANK OF EAST LAND"),
            _entity("us-ofac:14", "organization", "MRB TRADING LIMITED"),
            _entity("us-ofac:15", "organization", "MRB TRADING COMPANY"),
            _entity("us-ofac:25887", "organization", "A.S.P. BUILDERS"),
            _entity("us-ofac:9571", "organization", "AGROPECUARIA PALMA DEL RIO S.A."),
        ]
    )


@pytest.mark.parametrize(
    "query",
    [
        *("K", "O", "RI", "CO", "LIMITED", "Co Ltd", "OOO", "OF", "DE", "AL", "of the", "al bin"),
        # Legal forms of several words, whole or begun, and their words alone.
        "LIMITED LIABILITY COMPANY",
        "Limited Liability",
        "PUBLIC JOINT STOCK COMPANY",
        "joint stock",
        "COMPANY",
        "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU",
    ],
)
def test_words_that_tell_too_little_find_nothing_by_words(gate, query):
    """A letter, a short surname, a legal form or a particle alone would meet every name."""
    assert [m for m in gate.search(query) if MatchMethod.WORDS in m.method] == []


@pytest.mark.parametrize(
    "query",
    [
        "KIM",  # three sounds: enough alone
        "김",  # Hangul: its sounds are KIM's
        "RI Song",  # two short words together
        "BANK OF",  # a particle beside a telling word
        "MRB LIMITED",
        "MRB COMPANY",  # a word of a legal form beside a telling word
        "ALFA JOINT STOCK",
        "A.S.P.",  # initials: letters of legal forms (S A, L L C) alone are initials too
        "RIO S.A.",
    ],
)
def test_words_that_tell_enough_find_by_words(gate, query):
    """The floor is on what the words say of the name, not on each word."""
    assert any(MatchMethod.WORDS in m.method for m in gate.search(query))


def test_ties_are_in_id_order_numbers_by_value():
    """Equal scores rank by id with numbers by value: us-ofac:9999 before us-ofac:10000."""
    index = NameIndex.build(
        [
            _entity("us-ofac:10000", "individual", "KIM, Chol"),
            _entity("us-ofac:9999", "individual", "KIM, Chol"),
            _entity("kr-fsc:KF-12", "individual", "KIM, Chol"),
        ]
    )
    found = index.search("KIM, Chol")
    assert [m.entity_id for m in found] == ["kr-fsc:KF-12", "us-ofac:9999", "us-ofac:10000"]
