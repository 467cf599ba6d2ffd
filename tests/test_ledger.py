"""Ledger: validation of actions, derived designations and the queries."""

from __future__ import annotations

from datetime import date

import pytest

from sanctionsmodel import (
    Action,
    Entity,
    Ledger,
    Link,
    Name,
    Program,
    SanctionsList,
    Status,
    Window,
    reference,
)
from sanctionsmodel.exceptions import (
    AmbiguousEntityError,
    DuplicateIdError,
    InvalidValueError,
    LedgerError,
    ListingConflictError,
    UnknownEntityError,
    UnknownReferenceError,
)


def person(entity_id, *names):
    return Entity(id=entity_id, kind="individual", names=[Name(text=n) for n in names])


def org(entity_id, *names):
    return Entity(id=entity_id, kind="organization", names=[Name(text=n) for n in names])


def act(action_id, kind, list_id, entities, effective, recorded=None, **kw):
    return Action(
        id=action_id,
        kind=kind,
        list=list_id,
        entities=entities,
        effective=effective,
        recorded=recorded or "2025-01-01",
        **kw,
    )


@pytest.fixture
def ledger():
    led = Ledger()
    led.add(*reference.standard_objects())
    led.add(*(reference.ofac_program(t) for t in ("DPRK2", "DPRK3", "SYRIA", "RUSSIA-EO14024")))
    led.add(
        person("us-ofac:52114", "KIM, Yong Bok"),
        person("kr-fsc:KF-874", "KIM, Yong Bok", "김영복"),
        person("kr-fsc:KF-876", "리봉춘"),
        org("us-ofac:24026", "RUSSIAN FINANCIAL CORPORATION"),
        person("us-ofac:52113", "IM, Song Jin"),
        person("kr-fsc:KF-877", "리성진"),
        Link(left="us-ofac:52114", right="kr-fsc:KF-874", evidence=["exact name"]),
    )
    return led


def test_record_refuses_unknown_list(ledger):
    """An action on an unknown list names the action and the list."""
    with pytest.raises(UnknownReferenceError, match="'a1' names unknown list 'nope'") as info:
        ledger.record(
            act("a1", "designate", "nope", ["us-ofac:52114"], "2024-12-16", programs=["DPRK2"])
        )
    assert info.value.action_id == "a1"


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("entities", ["us-ofac:0"], "unknown entity 'us-ofac:0'"),
        ("programs", ["NOPE"], "unknown program 'NOPE'"),
        ("authority", "xx", "unknown authority 'xx'"),
        ("supersedes", "ghost", "supersedes unknown action 'ghost'"),
    ],
)
def test_record_refuses_unknown_references(ledger, field, value, what):
    """Unknown entities, programs, authorities and superseded actions are refused."""
    kw = {"entities": ["us-ofac:52114"], "programs": ["DPRK2"], field: value}
    entities = kw.pop("entities")
    with pytest.raises(UnknownReferenceError, match=what):
        ledger.record(act("a1", "designate", "us-ofac-sdn", entities, "2024-12-16", **kw))


def test_record_refuses_duplicate_id(ledger):
    """An action id can be used once."""
    a = act("a1", "designate", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-16", programs=["DPRK2"])
    ledger.record(a)
    with pytest.raises(DuplicateIdError, match="'a1'"):
        ledger.record(a)


def test_delist_of_unlisted_names_action(ledger):
    """Delisting an entity not listed then is a conflict naming action and entity."""
    with pytest.raises(
        ListingConflictError, match=r"'d1' \(delist.*us-ofac:52114.*not listed then"
    ):
        ledger.record(act("d1", "delist", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-16"))


def test_delist_before_designation_is_refused(ledger):
    """A delisting effective before the designation meets an unlisted entity."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-16", programs=["DPRK2"])
    )
    with pytest.raises(ListingConflictError, match="not listed then"):
        ledger.record(act("d1", "delist", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-01"))


def test_designate_while_listed_is_refused(ledger):
    """Designating an entity already on the list is a conflict."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-16", programs=["DPRK2"])
    )
    with pytest.raises(ListingConflictError, match="already listed then"):
        ledger.record(
            act(
                "a2",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2025-01-16",
                programs=["DPRK3"],
            )
        )


def test_amend_of_program_not_held_is_refused(ledger):
    """An amend removing a program the entity is not under is a conflict."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:24026"], "2019-01-01", programs=["SYRIA"])
    )
    with pytest.raises(ListingConflictError, match=r"removes \['DPRK2'\]"):
        ledger.record(
            act("m1", "amend", "us-ofac-sdn", ["us-ofac:24026"], "2024-09-19", removes=["DPRK2"])
        )


def test_amend_adding_held_program_is_refused(ledger):
    """An amend adding a program the entity already holds is a conflict."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:24026"], "2019-01-01", programs=["SYRIA"])
    )
    with pytest.raises(ListingConflictError, match=r"adds \['SYRIA'\]"):
        ledger.record(
            act("m1", "amend", "us-ofac-sdn", ["us-ofac:24026"], "2024-09-19", programs=["SYRIA"])
        )


def test_amend_removing_everything_asks_for_delist(ledger):
    """An amend that leaves no program is refused in favour of a delist."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:24026"], "2019-01-01", programs=["SYRIA"])
    )
    with pytest.raises(ListingConflictError, match="record a delist instead"):
        ledger.record(
            act("m1", "amend", "us-ofac-sdn", ["us-ofac:24026"], "2024-09-19", removes=["SYRIA"])
        )


def test_failed_extend_changes_nothing(ledger):
    """A batch with one bad action leaves the ledger as it was."""
    good = act(
        "a1", "designate", "us-ofac-sdn", ["us-ofac:52114"], "2024-12-16", programs=["DPRK2"]
    )
    bad = act("d1", "delist", "us-ofac-sdn", ["us-ofac:24026"], "2024-12-20")
    with pytest.raises(ListingConflictError):
        ledger.extend([good, bad])
    assert () == ledger.actions
    assert () == ledger.designations("us-ofac:52114")
    ledger.record(good)
    assert 1 == len(ledger.designations("us-ofac:52114"))


def test_actions_are_ordered_by_effective_time_not_recording(ledger):
    """A delist recorded before its designation is accepted once both are there."""
    ledger.extend(
        [
            act("d1", "delist", "us-ofac-sdn", ["us-ofac:52114"], "2025-02-01"),
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2024-12-16",
                programs=["DPRK2"],
            ),
        ]
    )
    (episode,) = ledger.designations("us-ofac:52114")
    assert ("a1", "d1") == (episode.started_by, episode.ended_by)


def test_program_change_keeps_since(ledger):
    """A program change while listed ends one episode and starts others; since stays."""
    ledger.extend(
        [
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:24026"],
                "2019-01-01",
                programs=["SYRIA"],
            ),
            act(
                "m1",
                "amend",
                "us-ofac-sdn",
                ["us-ofac:24026"],
                "2024-09-19",
                programs=["DPRK3", "RUSSIA-EO14024"],
                removes=["SYRIA"],
            ),
        ]
    )
    (holding,) = ledger.lists_holding("us-ofac:24026", on="2024-12-20")
    assert ("DPRK3", "RUSSIA-EO14024") == holding.programs
    assert date(2019, 1, 1) == holding.since
    (before,) = ledger.lists_holding("us-ofac:24026", on="2024-09-18")
    assert ("SYRIA",) == before.programs
    programs = [(d.program, d.ended_by) for d in ledger.designations("us-ofac:24026")]
    assert [("SYRIA", "m1"), ("DPRK3", None), ("RUSSIA-EO14024", None)] == programs


def test_delist_and_relist_are_two_runs(ledger):
    """A relisting is a new episode with its own since."""
    ledger.extend(
        [
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2020-01-01",
                programs=["DPRK2"],
            ),
            act("d1", "delist", "us-ofac-sdn", ["us-ofac:52114"], "2021-01-01"),
            act(
                "a2",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2022-01-01",
                programs=["DPRK2"],
            ),
        ]
    )
    assert ["a1", "a2"] == [
        d.started_by for d in ledger.designations("us-ofac:52114", follow_links=False)
    ]
    assert (
        Status.NOT_LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2021-06-01").status
    )
    (holding,) = ledger.lists_holding("us-ofac:52114", on="2023-01-01")
    assert date(2022, 1, 1) == holding.since
    report = ledger.status("us-ofac:52114", "us-ofac-sdn", on="2021-06-01")
    assert ["d1"] == [a.id for a in report.actions]


def test_delisting_day_is_not_listed(ledger):
    """A delisting effective on a day ends the episode at 00:00 that day."""
    ledger.extend(
        [
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2020-01-01",
                programs=["DPRK2"],
            ),
            act("d1", "delist", "us-ofac-sdn", ["us-ofac:52114"], "2021-01-01"),
        ]
    )
    assert Status.LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2020-12-31").status
    assert (
        Status.NOT_LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2021-01-01").status
    )


def test_window_is_unknown_inside(ledger):
    """A day inside the effective window answers UNKNOWN with the window's evidence."""
    window = Window(
        earliest="2024-05-03",
        latest="2025-01-03",
        evidence=["absent 2024-05-03", "present 2025-01-03"],
    )
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:52114"], window, programs=["DPRK2"])
    )
    inside = ledger.status("us-ofac:52114", "us-ofac-sdn", on="2024-10-01")
    assert Status.UNKNOWN == inside.status
    assert "absent 2024-05-03" in inside.reason
    assert ("DPRK2",) == inside.possible_programs
    assert Status.LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2025-01-03").status
    assert (
        Status.NOT_LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2024-05-02").status
    )


def test_links_are_followed_and_named(ledger):
    """lists_holding includes linked records and says through which link."""
    ledger.extend(
        [
            act(
                "us",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2024-12-16",
                programs=["DPRK2"],
            ),
            act(
                "kr",
                "designate",
                "kr-fsc-ftr",
                ["kr-fsc:KF-874"],
                "2024-12-19",
                programs=["KR-TFPA"],
            ),
        ]
    )
    holdings = ledger.lists_holding("us-ofac:52114", on="2024-12-20")
    assert [("kr-fsc-ftr", "kr-fsc:KF-874", True), ("us-ofac-sdn", "us-ofac:52114", False)] == [
        (h.list, h.entity, h.via is not None) for h in holdings
    ]
    assert [("us-ofac-sdn")] == [
        h.list for h in ledger.lists_holding("us-ofac:52114", on="2024-12-20", follow_links=False)
    ]
    report = ledger.status("us-ofac:52114", "kr-fsc-ftr", on="2024-12-20")
    assert (Status.LISTED, "kr-fsc:KF-874") == (report.status, report.holder)
    assert "through linked record kr-fsc:KF-874" in report.reason


def test_rejected_link_is_not_followed(ledger):
    """A judgement that two records are not the same party is stored but not followed."""
    ledger.add(
        Link(
            left="us-ofac:52113", right="kr-fsc:KF-877", same=False, evidence=["different surname"]
        )
    )
    assert (("us-ofac:52113", None),) == ledger.linked("us-ofac:52113")
    assert 2 == len(ledger.links)


def test_conflicting_link_is_refused(ledger):
    """Two different judgements on the same pair are refused."""
    with pytest.raises(DuplicateIdError, match="already linked"):
        ledger.add(Link(right="us-ofac:52114", left="kr-fsc:KF-874", same=False))


@pytest.mark.parametrize("ref", ["리봉춘", "리 봉춘", "kr-fsc:KF-876"])
def test_entity_by_id_or_normalized_name(ledger, ref):
    """entity() finds by id or by normalized exact name, Latin or Hangul."""
    assert "kr-fsc:KF-876" == ledger.entity(ref).id


def test_entity_name_order_is_normalized(ledger):
    """'SURNAME, Given' and 'Given SURNAME' find the same entity."""
    assert "us-ofac:24026" == ledger.entity("russian financial corporation").id
    assert "kr-fsc:KF-877" == ledger.entity("리성진").id
    assert "kr-fsc:KF-874" == ledger.entity("Yong Bok Kim").id  # two records, linked: one party


def test_entity_by_id_without_its_source_prefix(ledger):
    """An OFAC ent_num or an annex number alone finds the one record that has it."""
    assert ledger.entity("52114").id == "us-ofac:52114"
    assert ledger.entity(" KF-876 ").id == "kr-fsc:KF-876"
    ledger.add(person("kr-fsc:52114", "SOMEONE ELSE"))
    with pytest.raises(AmbiguousEntityError) as info:
        ledger.entity("52114")
    assert info.value.candidates == ("kr-fsc:52114", "us-ofac:52114")
    with pytest.raises(UnknownEntityError):
        ledger.entity("99999999")
    # A blank ref, or an id with no prefix, is not an id without its prefix.
    ledger.add(person("acme", "ACME"))
    for ref in ("", "   ", "cme"):
        with pytest.raises(UnknownEntityError):
            ledger.entity(ref)


def test_entity_by_id_in_another_case(ledger):
    """Ids are typed as people type them: US-OFAC:52114, kf-876, Kr-Fsc:kf-876."""
    for ref, found in (
        ("US-OFAC:52114", "us-ofac:52114"),
        ("kf-876", "kr-fsc:KF-876"),
        (" Kr-Fsc:kf-876 ", "kr-fsc:KF-876"),
    ):
        assert ledger.entity(ref).id == found
    ledger.add(person("kr-fsc:kf-876", "ANOTHER RECORD"))  # ids differing only in case
    assert ledger.entity("kr-fsc:kf-876").id == "kr-fsc:kf-876"  # the exact id first
    with pytest.raises(AmbiguousEntityError) as info:
        ledger.entity("KR-FSC:KF-876")
    assert info.value.candidates == ("kr-fsc:KF-876", "kr-fsc:kf-876")


def test_search_takes_one_list_id_as_a_string():
    """lists="kr-fsc-ftr" is that list, not the lists k, r, -, ..."""
    from sanctionsmodel.data import load_default  # noqa: PLC0415 - this test only

    ledger = load_default()
    one = ledger.search("리봉춘", lists="kr-fsc-ftr")
    assert one == ledger.search("리봉춘", lists=["kr-fsc-ftr"])
    assert "kr-fsc:KF-876" in {m.entity_id for m in one}
    with pytest.raises(UnknownReferenceError, match="'kr-fsc-nope'"):
        ledger.search("리봉춘", lists="kr-fsc-nope")


def test_ambiguous_name_lists_candidates(ledger):
    """A name borne by unlinked records raises AmbiguousEntityError with them."""
    ledger.add(person("us-ofac:1", "KIM, Yong Bok"))
    with pytest.raises(AmbiguousEntityError) as info:
        ledger.entity("Yong Bok Kim")
    assert ("kr-fsc:KF-874", "us-ofac:1", "us-ofac:52114") == info.value.candidates


def test_unknown_entity(ledger):
    """An unknown name raises UnknownEntityError."""
    with pytest.raises(UnknownEntityError, match="Nobody"):
        ledger.entity("Nobody At All")


def test_unknown_list_in_query(ledger):
    """status() on an unknown list raises and lists the known ones."""
    with pytest.raises(UnknownReferenceError, match="known: kr-fsc-ftr"):
        ledger.status("us-ofac:52114", "nope")


def test_snapshot_listed_and_unknown(ledger):
    """snapshot() splits certain and possible members."""
    ledger.extend(
        [
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2024-12-16",
                programs=["DPRK2"],
            ),
            act(
                "a2",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:24026"],
                Window(earliest="2024-01-01", latest="2025-01-01"),
                programs=["SYRIA"],
            ),
            act(
                "a3",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52113"],
                "2023-01-01",
                programs=["DPRK2"],
            ),
            act("d3", "delist", "us-ofac-sdn", ["us-ofac:52113"], "2024-06-01"),
        ]
    )
    snap = ledger.snapshot("us-ofac-sdn", on="2024-12-20")
    assert (("us-ofac:52114",), ("us-ofac:24026",)) == (snap.listed, snap.unknown)
    assert "us-ofac:52114" in snap
    assert ("us-ofac:52113",) == ledger.snapshot("us-ofac-sdn", on="2023-06-01").listed


def test_changes_in_range(ledger):
    """changes() returns actions effective in the range, flagging partial windows."""
    ledger.extend(
        [
            act(
                "a1",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2024-12-16",
                programs=["DPRK2"],
            ),
            act(
                "a2",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:24026"],
                Window(earliest="2024-11-01", latest="2025-01-01"),
                programs=["SYRIA"],
            ),
            act(
                "k1",
                "designate",
                "kr-fsc-ftr",
                ["kr-fsc:KF-876"],
                "2024-12-19T00:00+09:00",
                programs=["KR-TFPA"],
            ),
        ]
    )
    found = [(c.action.id, c.certain) for c in ledger.changes("2024-12-01", "2024-12-31")]
    assert [("a2", False), ("a1", True), ("k1", True)] == found
    assert [("k1", True)] == [
        (c.action.id, c.certain)
        for c in ledger.changes("2024-12-19", "2024-12-19", list_id="kr-fsc-ftr")
    ]
    assert [] == list(ledger.changes("2024-12-18", "2024-12-18", list_id="kr-fsc-ftr"))
    with pytest.raises(InvalidValueError, match="ends"):
        ledger.changes("2024-12-31", "2024-12-01")


def test_correction_is_honoured_per_transaction_time(ledger):
    """A superseding action changes answers only in views from its recorded day."""
    ledger.record(
        act(
            "a1",
            "designate",
            "us-ofac-sdn",
            ["us-ofac:52114"],
            "2024-12-18",
            recorded="2024-12-18",
            programs=["DPRK2"],
        )
    )
    ledger.record(
        act(
            "a1-fix",
            "designate",
            "us-ofac-sdn",
            ["us-ofac:52114"],
            "2024-12-16",
            recorded="2025-01-10",
            programs=["DPRK2"],
            supersedes="a1",
        )
    )
    assert Status.LISTED == ledger.status("us-ofac:52114", "us-ofac-sdn", on="2024-12-17").status
    before = ledger.as_of("2025-01-09")
    assert (
        Status.NOT_LISTED == before.status("us-ofac:52114", "us-ofac-sdn", on="2024-12-17").status
    )
    assert (
        Status.LISTED
        == ledger.as_of("2025-01-10").status("us-ofac:52114", "us-ofac-sdn", on="2024-12-17").status
    )
    assert "a1-fix" == ledger.superseded_by("a1")
    assert ["a1-fix"] == [a.id for a in ledger.history("us-ofac:52114")]


def test_correction_cannot_predate_what_it_corrects(ledger):
    """A correction recorded before the action it corrects is refused."""
    ledger.record(
        act(
            "a1",
            "designate",
            "us-ofac-sdn",
            ["us-ofac:52114"],
            "2024-12-18",
            recorded="2024-12-18",
            programs=["DPRK2"],
        )
    )
    with pytest.raises(LedgerError, match="recorded 2024-12-01 but corrects"):
        ledger.record(
            act(
                "a2",
                "designate",
                "us-ofac-sdn",
                ["us-ofac:52114"],
                "2024-12-16",
                recorded="2024-12-01",
                programs=["DPRK2"],
                supersedes="a1",
            )
        )


def test_as_of_hides_later_records(ledger):
    """as_of() sees only actions recorded by then."""
    ledger.record(
        act(
            "a1",
            "designate",
            "us-ofac-sdn",
            ["us-ofac:52114"],
            "2024-12-16",
            recorded="2024-12-17",
            programs=["DPRK2"],
        )
    )
    assert () == ledger.as_of("2024-12-16").lists_holding(
        "us-ofac:52114", on="2025-01-01", follow_links=False
    )
    assert 1 == len(
        ledger.as_of(date(2024, 12, 17)).lists_holding("us-ofac:52114", on="2025-01-01")
    )


def test_reference_data_is_checked(ledger):
    """A list naming an unknown jurisdiction, or a changed re-add, is refused."""
    with pytest.raises(UnknownReferenceError, match="unknown jurisdiction 'XX'"):
        ledger.add(SanctionsList(id="xx", name="X", jurisdiction="XX"))
    with pytest.raises(DuplicateIdError, match="program 'DPRK2'"):
        ledger.add(Program(id="DPRK2", jurisdiction="KR"))
    ledger.add(reference.ofac_program("DPRK2"))  # equal: a no-op
    with pytest.raises(InvalidValueError, match="holds no"):
        ledger.add("not a record")  # type: ignore[arg-type]


def test_equality_and_repr(ledger):
    """Ledgers with the same content are equal; repr gives counts."""
    other = Ledger()
    other.add(*reference.standard_objects())
    assert other != ledger
    assert "entities" in repr(ledger)


def test_data_amend_keeps_programs(ledger):
    """A data amend (no program change) needs the entity listed and changes no episode."""
    ledger.record(
        act("a1", "designate", "us-ofac-sdn", ["us-ofac:24026"], "2019-01-01", programs=["SYRIA"])
    )
    ledger.record(
        act("m1", "amend", "us-ofac-sdn", ["us-ofac:24026"], "2021-01-01", fields=["names"])
    )
    (episode,) = ledger.designations("us-ofac:24026")
    assert ("a1", None) == (episode.started_by, episode.ended_by)
    assert ["a1", "m1"] == [a.id for a in ledger.history("us-ofac:24026")]
    with pytest.raises(ListingConflictError, match="not listed then"):
        ledger.record(
            act("m0", "amend", "us-ofac-sdn", ["us-ofac:24026"], "2018-01-01", fields=["names"])
        )


def test_snapshot_ids_are_in_id_order_numbers_by_value(ledger):
    """us-ofac:9999 comes before us-ofac:10000, as people count, not as text sorts."""
    ids = ["us-ofac:10000", "us-ofac:9999", "us-ofac:100", "kr-fsc:KF-07", "kr-fsc:KF-7"]
    ledger.add(*(person(i, f"PERSON {i}") for i in ids))
    ledger.record(act("a", "designate", "us-ofac-sdn", ids, "2024-12-16", programs=["DPRK3"]))
    listed = ledger.snapshot("us-ofac-sdn", on="2024-12-16").listed
    assert listed == (
        "kr-fsc:KF-07",  # equal numbers: the ids as text decide
        "kr-fsc:KF-7",
        "us-ofac:100",
        "us-ofac:9999",
        "us-ofac:10000",
    )
