"""Tests of the cross-list linker."""

from __future__ import annotations

from sanctionsmodel import Entity, Identifier, Name
from sanctionsmodel.names import LinkDecision, decisions, propose_links


def _person(entity_id, *names, dob=(), nationality=(), ids=()):
    return Entity(
        id=entity_id,
        kind="individual",
        names=[Name(text=n) for n in names],
        birth_dates=list(dob),
        nationalities=list(nationality),
        identifiers=list(ids),
    )


def _decided(proposals):
    return [(p.link.left, p.link.right, p.decision) for p in proposals]


def test_hangul_romanization_accepted():
    """박정천 (ROK) links to PAK, Jong Chon (OFAC)."""
    ofac = [_person("us-ofac:52117", "PAK, Jong Chon")]
    rok = [_person("kr-fsc:KF-575", "박정천")]
    expected = [("us-ofac:52117", "kr-fsc:KF-575", LinkDecision.ACCEPT)]
    assert expected == _decided(propose_links(ofac, rok))


def test_initial_sound_rule_links_no_and_ro():
    """노광철 / No, Kwang Chol (ROK) links to RO, Kwang Chol (OFAC)."""
    ofac = [_person("us-ofac:52116", "RO, Kwang Chol")]
    rok = [_person("kr-fsc:KF-625", "No, Kwang Chol", "노광철")]
    assert [LinkDecision.ACCEPT] == [p.decision for p in propose_links(ofac, rok)]


def test_im_song_jin_is_rejected():
    """IM, Song Jin (52113) is never linked to 리성진 (KF-877)."""
    ofac = [_person("us-ofac:52113", "IM, Song Jin", nationality=["Korea, North"])]
    rok = [_person("kr-fsc:KF-877", "리성진", nationality=["Korea, North"])]
    proposals = propose_links(ofac, rok)
    assert [LinkDecision.REJECT] == [p.decision for p in proposals]
    assert proposals[0].link.same is False
    assert any("surnames differ" in e for e in proposals[0].link.evidence)


def test_order_reversed_not_accepted():
    """KIM, Il-Su is not KIM, Su Il."""
    ofac = [_person("us-ofac:26944", "KIM, Su Il")]
    rok = [_person("kr-fsc:KF-860", "KIM, Il-Su", "김일수")]
    assert not decisions(propose_links(ofac, rok), LinkDecision.ACCEPT)


def test_dob_conflict_rejects():
    """Equal names with different dates of birth are rejected."""
    ofac = [_person("us-ofac:1", "KIM, Yong Bok", dob=["1957-07-27"])]
    rok = [_person("kr-fsc:KF-1", "김영복", dob=["1960"])]
    proposal = propose_links(ofac, rok)[0]
    assert (proposal.decision, "dates of birth differ") == (
        LinkDecision.REJECT,
        proposal.link.evidence[-1],
    )


def test_kind_must_agree():
    """A person is never linked to an organization of the same name."""
    ofac = [Entity(id="us-ofac:1", kind="organization", names=[Name(text="KIM YONG BOK")])]
    rok = [_person("kr-fsc:KF-1", "KIM, Yong Bok")]
    assert propose_links(ofac, rok) == ()


def test_ambiguous_name_left_for_review():
    """Two OFAC records with the same name and nothing else to tell them apart: review."""
    ofac = [_person("us-ofac:1", "KIM, Chol"), _person("us-ofac:2", "KIM, Chol")]
    rok = [_person("kr-fsc:KF-1", "KIM, Chol")]
    assert {p.decision for p in propose_links(ofac, rok)} == {LinkDecision.REVIEW}


def test_dob_breaks_a_tie():
    """A date of birth that agrees picks one of two namesakes."""
    ofac = [
        _person("us-ofac:1", "KIM, Chol", dob=["1970-01-01"]),
        _person("us-ofac:2", "KIM, Chol", dob=["1980"]),
    ]
    rok = [_person("kr-fsc:KF-1", "KIM, Chol", dob=["1980-05-05"])]
    accepted = decisions(propose_links(ofac, rok), LinkDecision.ACCEPT)
    assert [("us-ofac:2", "kr-fsc:KF-1")] == [(link.left, link.right) for link in accepted]


def test_strong_identifier_links_whatever_the_names():
    """A shared passport number links two records."""
    passport = Identifier(scheme="passport", value="654420047")
    ofac = [_person("us-ofac:52114", "KIM, Yong Bok", ids=[passport])]
    rok = [_person("kr-fsc:KF-874", "Somebody Else", ids=[passport])]
    proposal = propose_links(ofac, rok)[0]
    assert (proposal.decision, proposal.link.evidence) == (
        LinkDecision.ACCEPT,
        ("same passport 654420047",),
    )


def test_links_carry_score_and_evidence():
    """Every proposal's link has a score and evidence, and names the linker as its source."""
    ofac = [_person("us-ofac:52117", "PAK, Jong Chon", nationality=["Korea, North"])]
    rok = [_person("kr-fsc:KF-575", "박정천", nationality=["North Korea"])]
    link = propose_links(ofac, rok)[0].link
    assert link.score is not None
    assert link.evidence[-1] == "nationality agrees (kp)"
    assert link.source == "sanctionsmodel.names.propose_links"
