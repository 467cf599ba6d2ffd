"""diff and replay: dated history from successive publications of any source."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from sanctionsmodel import (
    Action,
    ActionKind,
    Address,
    Confidence,
    Entity,
    Feature,
    Identifier,
    Name,
    Relationship,
    Status,
    Window,
)
from sanctionsmodel.exceptions import (
    InvalidValueError,
    ListingConflictError,
    TruncatedPublicationError,
)
from sanctionsmodel.sources import ListEntry, Publication, diff, replay

EMPEROR = ["38556", "38557", "38558", "38559", "38560", "38563", "38565", "38566"]


def _entity(num, *programs, name=None, features=(), **fields):
    return Entity(
        id=f"us-ofac:{num}",
        kind="organization",
        names=[Name(text=name or f"PARTY {num}")],
        features=[*features, *(Feature(type="program", value=p) for p in programs)],
        **fields,
    )


def _pub(day, *entities, list_id="us-ofac-sdn", entries=()):
    return Publication(
        list=list_id,
        source=f"test {day}",
        entities=tuple(entities),
        observed=date.fromisoformat(day),
        entries=entries,
    )


def test_eight_removals(sdn_0502, sdn_0503):
    """2024-05-02 -> 05-03: EMPEROR AVIATION and 7 of its aircraft are delisted, nothing else."""
    result = diff(sdn_0502, sdn_0503)
    assert [a.id for a in result.actions] == [f"us-ofac-sdn/2024-05-03/delist/{n}" for n in EMPEROR]
    assert (result.designated, result.changes) == ((), ())


def test_removal_window(sdn_0502, sdn_0503):
    """A delisting is effective in (older, newer] and recorded at the newer publication."""
    action = diff(sdn_0502, sdn_0503).actions[0]
    assert (action.effective.earliest, action.effective.latest, action.recorded) == (
        date(2024, 5, 3),
        date(2024, 5, 3),
        date(2024, 5, 3),
    )
    assert action.effective.evidence[0].startswith(
        "present in the us-ofac-sdn publication of 2024-05-02"
    )


def test_designate_amend_delist():
    """Appear -> designate, programs change -> amend, disappear -> delist."""
    old = _pub("2024-05-03", _entity(1, "SYRIA"), _entity(2, "SDGT"))
    new = _pub("2025-01-03", _entity(1, "DPRK3", "RUSSIA-EO14024"), _entity(3, "DPRK4"))
    result = diff(old, new)
    assert [(a.kind, a.entities, a.programs, a.removes) for a in result.actions] == [
        (ActionKind.AMEND, ("us-ofac:1",), ("DPRK3", "RUSSIA-EO14024"), ("SYRIA",)),
        (ActionKind.DESIGNATE, ("us-ofac:3",), ("DPRK4",), ()),
        (ActionKind.DELIST, ("us-ofac:2",), (), ()),
    ]
    assert result.actions[1].effective == Window(
        earliest="2024-05-04",
        latest="2025-01-03",
        evidence=result.actions[1].effective.evidence,
    )


def test_name_change_is_a_data_amend():
    """A changed name makes an amend with fields=("names",) and no program change."""
    old = _pub("2024-01-01", _entity(1, "SDGT", name="OLD NAME"))
    new = _pub("2024-02-01", _entity(1, "SDGT", name="NEW NAME"))
    result = diff(old, new)
    expected = (
        [("us-ofac-sdn/2024-02-01/amend/1", ActionKind.AMEND, (), (), ("names",))],
        [("us-ofac:1", ("names",))],
        (date(2024, 1, 2), date(2024, 2, 1), date(2024, 2, 1)),
        ("us-ofac:1",),
    )
    action = result.actions[0]
    actual = (
        [(a.id, a.kind, a.programs, a.removes, a.fields) for a in result.actions],
        [(c.entity, c.fields) for c in result.changes],
        (action.effective.earliest, action.effective.latest, action.recorded),
        result.amended,
    )
    assert expected == actual
    assert action.effective.evidence[0].startswith("published data differ in the us-ofac-sdn")


def test_programs_and_data_in_one_amend():
    """A party whose programs and data both change gets one amend carrying both."""
    old = _pub("2024-01-01", _entity(1, "SYRIA", addresses=[Address(country="Syria")]))
    new = _pub(
        "2024-02-01",
        _entity(
            1,
            "DPRK3",
            name="NEW NAME",
            addresses=[Address(country="Russia")],
            identifiers=[Identifier(scheme="tax-id", value="1")],
        ),
    )
    (action,) = diff(old, new).actions
    assert (action.programs, action.removes, action.fields) == (
        ("DPRK3",),
        ("SYRIA",),
        ("addresses", "identifiers", "names"),
    )
    assert action.effective.evidence[0].startswith("programs and published data differ in")


def test_program_features_are_not_data_fields():
    """Programs are no data field; another feature that changes is."""
    tag = Feature(type="Target Type", value="Financial Institution")
    old = _pub("2024-01-01", _entity(1, "SDGT"), _entity(2, "SDGT"))
    new = _pub("2024-02-01", _entity(1, "SDGT", "IRGC"), _entity(2, "SDGT", features=[tag]))
    result = diff(old, new)
    assert [(a.entities, a.programs, a.fields) for a in result.actions] == [
        (("us-ofac:1",), ("IRGC",), ()),
        (("us-ofac:2",), (), ("features",)),
    ]
    assert [c.fields for c in result.changes] == [("features",), ("features",)]


def test_relationship_change_is_a_data_amend():
    """A relationship that appears is a change of published data."""
    tie = Relationship(type="Linked To", target="us-ofac:2", target_name="PARTY 2")
    old = _pub("2024-01-01", _entity(1, "SDGT"), _entity(2, "SDGT"))
    new = _pub("2024-02-01", _entity(1, "SDGT", relationships=[tie]), _entity(2, "SDGT"))
    assert [a.fields for a in diff(old, new).actions] == [("relationships",)]


def test_replay_with_data_amends():
    """Data amends replay: the party stays listed and keeps one episode; history shows them."""
    pubs = [
        _pub("2024-01-01", _entity(1, "SDGT", name="OLD NAME"), _entity(2, "SDGT")),
        _pub("2024-02-01", _entity(1, "SDGT", name="NEW NAME"), _entity(2, "SDGT")),
        _pub("2024-03-01", _entity(1, "SDGT", "IRGC", name="NEWER NAME"), _entity(2, "SDGT")),
    ]
    ledger = replay(pubs)
    history = [(a.id, a.programs, a.fields) for a in ledger.history("us-ofac:1")]
    assert history == [
        ("us-ofac-sdn/2024-01-01/designate/1", ("SDGT",), ()),
        ("us-ofac-sdn/2024-02-01/amend/1", (), ("names",)),
        ("us-ofac-sdn/2024-03-01/amend/1", ("IRGC",), ("names",)),
    ]
    assert [(d.program, d.started_by) for d in ledger.designations("us-ofac:1")] == [
        ("SDGT", "us-ofac-sdn/2024-01-01/designate/1"),
        ("IRGC", "us-ofac-sdn/2024-03-01/amend/1"),
    ]
    assert ledger.entities["us-ofac:1"].primary_name == "NEWER NAME"
    assert ledger.status("us-ofac:1", "us-ofac-sdn", on="2024-02-15").status is Status.LISTED


def test_entry_date_makes_designation_exact():
    """An entry date the newer publication states, inside the window, is used."""
    old = _pub("2024-05-03")
    new = _pub(
        "2025-01-03",
        _entity(47148, "DPRK4"),
        entries=(_entry(47148, date(2024, 12, 16)),),
    )
    action = diff(old, new, max_shrink=1).actions[0]
    assert (action.effective, action.confidence) == (date(2024, 12, 16), Confidence.HIGH)


def _entry(ent, day, list_id="us-ofac-sdn", source_list="SDN List"):
    return ListEntry(entity=f"us-ofac:{ent}", list=list_id, source_list=source_list, entered=day)


def test_entry_date_of_another_list_is_not_used():
    """An entry on another list says nothing of this one; this list's earliest entry counts.

    The SDN List entry inside a consolidated file is such an entry.
    """
    old = _pub("2024-05-03", list_id="us-ofac-cons")
    entries = (
        _entry(47148, date(2024, 6, 1)),  # SDN List: not this list
        _entry(47148, date(2024, 12, 20), "us-ofac-cons", "Consolidated List"),
        _entry(
            47148, date(2024, 12, 16), "us-ofac-cons", "Sectoral Sanctions Identifications List"
        ),
    )
    new = _pub("2025-01-03", _entity(47148, "DPRK4"), list_id="us-ofac-cons", entries=entries)
    assert new.entry_date("us-ofac:47148") == date(2024, 12, 16)
    action = diff(old, new, max_shrink=1).actions[0]
    assert action.effective == date(2024, 12, 16)
    sdn_only = _pub(
        "2025-01-03", _entity(47148, "DPRK4"), list_id="us-ofac-cons", entries=entries[:1]
    )
    assert sdn_only.entry_date("us-ofac:47148") is None
    action = diff(old, sdn_only, max_shrink=1).actions[0]
    assert isinstance(action.effective, Window)


def test_shrink_refused():
    """A publication that lost more than max_shrink of its parties is refused; opting in works."""
    old = _pub("2024-01-01", *(_entity(n, "SDGT") for n in range(1, 11)))
    new = _pub("2024-01-02", _entity(1, "SDGT"))
    with pytest.raises(TruncatedPublicationError, match=r"90\.0%"):
        diff(old, new)
    assert len(diff(old, new, max_shrink=0.95).delisted) == 9


def test_lists_must_match():
    """Publications of two lists do not diff."""
    with pytest.raises(InvalidValueError, match="two lists"):
        diff(_pub("2024-01-01", list_id="us-ofac-sdn"), _pub("2024-01-02", list_id="us-ofac-cons"))


def test_undated_publication_refused():
    """A publication without a date (CSV read without observed=) cannot be placed in time."""
    undated = attrs.evolve(_pub("2024-01-01", _entity(1, "SDGT")), observed=None)
    with pytest.raises(InvalidValueError, match="has no date"):
        diff(undated, _pub("2024-01-02", _entity(1, "SDGT")))


def test_replay_ledger(sdn_0502, sdn_0503):
    """Replaying the two 2024 publications answers listed / unknown / not listed."""
    ledger = replay([sdn_0502, sdn_0503])
    assert len(ledger.entities) == 14973
    assert ledger.status("us-ofac:38556", "us-ofac-sdn", on="2024-05-02").status is Status.LISTED
    assert (
        ledger.status("us-ofac:38556", "us-ofac-sdn", on="2024-05-03").status is Status.NOT_LISTED
    )
    assert ledger.status("us-ofac:38556", "us-ofac-sdn", on="2024-05-01").status is Status.UNKNOWN
    first = ledger.action("us-ofac-sdn/2024-05-02/designate/38556").effective
    assert (first.earliest, first.latest) == (None, date(2024, 5, 2))


def test_leave_and_return_two_episodes():
    """A party that leaves and comes back gets two episodes."""
    pubs = [
        _pub("2024-01-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
        _pub("2024-02-01", _entity(2, "SDGT")),
        _pub("2024-03-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
    ]
    ledger = replay(pubs, max_shrink=1)
    episodes = ledger.designations("us-ofac:1")
    assert [(d.started_by, d.ended_by) for d in episodes] == [
        ("us-ofac-sdn/2024-01-01/designate/1", "us-ofac-sdn/2024-02-01/delist/1"),
        ("us-ofac-sdn/2024-03-01/designate/1", None),
    ]


def test_supplied_action_narrows_window():
    """An exact action from elsewhere replaces the inferred window."""
    pubs = [
        _pub("2024-05-03", _entity(1, "SDGT")),
        _pub("2025-01-03", _entity(1, "SDGT"), _entity(47148, "DPRK4")),
    ]
    known = Action(
        id="treasury-2024-12-16",
        kind="designate",
        list="us-ofac-sdn",
        entities=["us-ofac:47148"],
        programs=["DPRK4"],
        effective="2024-12-16",
        recorded="2024-12-16",
    )
    ledger = replay(pubs, actions=[known])
    assert [a.id for a in ledger.history("us-ofac:47148")] == ["treasury-2024-12-16"]
    assert ledger.status("us-ofac:47148", "us-ofac-sdn", on="2024-12-20").status is Status.LISTED


def test_supplied_action_outside_window_refused():
    """A supplied date the publications contradict is refused, never widened."""
    pubs = [
        _pub("2024-05-03", _entity(1, "SDGT")),
        _pub("2025-01-03", _entity(1, "SDGT"), _entity(2, "SDGT")),
    ]
    known = Action(
        id="wrong",
        kind="designate",
        list="us-ofac-sdn",
        entities=["us-ofac:2"],
        programs=["SDGT"],
        effective="2024-01-01",
        recorded="2024-01-01",
    )
    with pytest.raises(ListingConflictError, match="outside the window"):
        replay(pubs, actions=[known])


def test_other_jurisdiction_programs():
    """Programs of a non-US list are added under that list's jurisdiction (ROK reuse)."""
    pub = Publication(
        list="kr-fsc-ftr",
        source="annex",
        entities=(
            Entity(
                id="kr-fsc:KF-1",
                kind="individual",
                names=[Name(text="리봉춘")],
                features=[Feature(type="program", value="KR-TFPA")],
            ),
        ),
        published=date(2024, 12, 19),
    )
    ledger = replay([pub])
    assert ledger.status("kr-fsc:KF-1", "kr-fsc-ftr", on="2024-12-19").status is Status.LISTED


def _cons_entry(day, source_list, *programs):
    return ListEntry(
        entity="us-ofac:7",
        list="us-ofac-cons",
        source_list=source_list,
        entered=day,
        programs=programs,
    )


_PLC = "Non-SDN Palestinian Legislative Council List"
_SSI = "Sectoral Sanctions Identifications List"


@pytest.mark.parametrize(
    ("new_entries", "data", "exact"),
    [
        # The new SSI entry states the day the program came: the amend is exact.
        ([_cons_entry(date(2024, 12, 16), _SSI, "UKRAINE-EO13662")], {}, True),
        # A day outside (older, newer] is not believed.
        ([_cons_entry(date(2024, 5, 1), _SSI, "UKRAINE-EO13662")], {}, False),
        # Two new entries that disagree on the day.
        (
            [
                _cons_entry(date(2024, 12, 16), _SSI, "UKRAINE-EO13662"),
                _cons_entry(date(2024, 12, 17), "FSE List", "UKRAINE-EO13662"),
            ],
            {},
            False,
        ),
        # No new entry carries the program.
        ([], {}, False),
        # The published data changed too, maybe on another day.
        (
            [_cons_entry(date(2024, 12, 16), _SSI, "UKRAINE-EO13662")],
            {"name": "PARTY SEVEN RENAMED"},
            False,
        ),
    ],
)
def test_amend_day_from_the_new_entry(new_entries, data, exact):
    """Programs added by a new list entry are effective on the day that entry states."""
    plc = _cons_entry(date(2006, 4, 12), _PLC, "NS-PLC")
    old = _pub("2024-05-03", _entity(7, "NS-PLC"), list_id="us-ofac-cons", entries=(plc,))
    new = _pub(
        "2025-01-03",
        _entity(7, "NS-PLC", "UKRAINE-EO13662", **data),
        list_id="us-ofac-cons",
        entries=(plc, *new_entries),
    )
    (action,) = diff(old, new).actions
    assert action.kind is ActionKind.AMEND
    assert action.programs == ("UKRAINE-EO13662",)
    if exact:
        assert (action.effective, action.confidence) == (date(2024, 12, 16), Confidence.HIGH)
    else:
        assert isinstance(action.effective, Window)
        assert action.effective.latest == date(2025, 1, 3)
