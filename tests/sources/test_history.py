"""diff and replay: dated history from successive publications of any source."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

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
from sanctionsmodel.sources import ListEntry, Publication, diff, kr_fsc, replay
from sanctionsmodel.sources.ofac import read

DATA = Path(__file__).resolve().parents[2] / "data" / "ofac"

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


@pytest.mark.parametrize("bad", [float("nan"), 1.5, -0.1, True, "0.5", None])
def test_max_shrink_is_a_fraction(bad):
    """Nan would allow every loss (no count compares below it): refused, as 1.5 and True are."""
    old = _pub("2024-01-01", *(_entity(n, "SDGT") for n in range(1, 11)))
    new = _pub("2024-01-02", _entity(1, "SDGT"))
    expected = (
        rf"max_shrink: expected a fraction from 0 to 1 \(0\.05 is 5%\), got {re.escape(repr(bad))}"
    )
    with pytest.raises(InvalidValueError, match=expected):
        diff(old, new, max_shrink=bad)
    for pubs in ([old, new], [old]):  # one publication has no loss to check, and is refused too
        with pytest.raises(InvalidValueError, match=expected):
            replay(pubs, max_shrink=bad)
    assert len(diff(old, new, max_shrink=1).delisted) == 9  # a whole number is a fraction too
    for fine in (Fraction(19, 20), Decimal("0.95")):  # any real number from 0 to 1
        assert len(diff(old, new, max_shrink=fine).delisted) == 9
    with pytest.raises(TruncatedPublicationError, match=r"more than the 0\.0% allowed"):
        diff(old, new, max_shrink=-0.0)


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
    with pytest.raises(
        ListingConflictError, match=r"'wrong'.* in no window .*2024-05-04\.\.2025-01-03"
    ):
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


def _known(action_id, kind, num, effective, list_id="us-ofac-sdn", recorded=None, **extra):
    """An action "known exactly from elsewhere", as a caller supplies it."""
    return Action(
        id=action_id,
        kind=kind,
        list=list_id,
        entities=[f"us-ofac:{num}"],
        effective=effective,
        recorded=recorded or (effective if isinstance(effective, str) else "2024-12-31"),
        **extra,
    )


def _two_episodes():
    """Party 1 present, absent, back; party 2 throughout."""
    return [
        _pub("2024-01-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
        _pub("2024-02-01", _entity(2, "SDGT")),
        _pub("2024-03-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
    ]


def test_supplied_action_narrows_the_window_that_holds_it():
    """A supplied designation replaces the second episode's, whose window holds it."""
    known = _known("press-2024-02-15", "designate", 1, "2024-02-15", programs=["SDGT"])
    ledger = replay(_two_episodes(), actions=[known], max_shrink=1)
    assert [a.id for a in ledger.history("us-ofac:1")] == [
        "us-ofac-sdn/2024-01-01/designate/1",
        "us-ofac-sdn/2024-02-01/delist/1",
        "press-2024-02-15",
    ]
    status = [
        ledger.status("us-ofac:1", "us-ofac-sdn", on=day).status
        for day in ("2024-02-14", "2024-02-15")
    ]
    assert status == [Status.NOT_LISTED, Status.LISTED]


def test_supplied_action_between_windows_names_them():
    """A supplied designation in no window is refused, naming the windows that were possible."""
    known = _known("press-2024-01-15", "designate", 1, "2024-01-15", programs=["SDGT"])
    with pytest.raises(ListingConflictError) as caught:
        replay(_two_episodes(), actions=[known], max_shrink=1)
    message = str(caught.value)
    assert "'press-2024-01-15' (designate of us-ofac:1 on us-ofac-sdn" in message
    assert "..2024-01-01 (us-ofac-sdn/2024-01-01/designate/1)" in message
    assert "2024-02-02..2024-03-01 (us-ofac-sdn/2024-03-01/designate/1)" in message
    assert caught.value.action_id == "press-2024-01-15"


@pytest.mark.parametrize("day", ["2023-06-01", "2024-02-15"])  # the first window, the second
def test_supplied_designation_under_other_programs_refused(day):
    """The publications show the party under SDGT: a designation under another is refused."""
    known = _known("press", "designate", 1, day, programs=["DPRK4"])
    with pytest.raises(ListingConflictError) as caught:
        replay(_two_episodes(), actions=[known], max_shrink=1)
    message = str(caught.value)
    assert "names programs the publications do not show it under (DPRK4)" in message
    assert "/designate/1, under SDGT)" in message
    # Under the programs shown, the same action narrows its window.
    same = _known("press", "designate", 1, day, programs=["SDGT"])
    assert "press" in [a.id for a in replay(_two_episodes(), actions=[same], max_shrink=1).actions]


def test_one_window_narrowed_once():
    """Two supplied designations in one window: the second has nothing left to replace."""
    first = _known("a", "designate", 1, "2024-02-10", programs=["SDGT"])
    second = _known("b", "designate", 1, "2024-02-20", programs=["SDGT"])
    with pytest.raises(ListingConflictError, match=r"'b'.*already narrowed by 'a'"):
        replay(_two_episodes(), actions=[first, second], max_shrink=1)


def _steady():
    return [
        _pub("2024-01-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
        _pub("2024-02-01", _entity(1, "SDGT"), _entity(2, "SDGT")),
    ]


@pytest.mark.parametrize(
    ("kind", "num", "extra"),
    [
        ("delist", 1, {}),
        ("amend", 1, {"programs": ["IRGC"]}),
        ("amend", 1, {"removes": ["SDGT"]}),
        # Party 3 is on the consolidated list only, never on the SDN list.
        ("designate", 3, {"programs": ["SDGT"]}),
    ],
)
def test_supplied_action_without_counterpart_in_span_refused(kind, num, extra):
    """Inside the replayed span, an action the publications do not show contradicts them.

    Party 1 is in both publications, with the same programs: a delisting on
    2024-01-20 would make the ledger say it is not listed on 2024-02-01.
    """
    cons = _pub("2024-01-01", _entity(3, "SDGT"), list_id="us-ofac-cons")
    known = _known("elsewhere", kind, num, "2024-01-20", **extra)
    with pytest.raises(
        ListingConflictError,
        match=f"'elsewhere' .*show no {kind} of that party up to 2024-02-01, the last one",
    ):
        replay([*_steady(), cons], actions=[known])


def test_supplied_delisting_on_the_last_publication_day_refused():
    """The last publication speaks for its own day: a delisting that day contradicts it."""
    known = _known("elsewhere", "delist", 1, "2024-02-01")
    with pytest.raises(ListingConflictError, match="show no delist"):
        replay(_steady(), actions=[known])


def test_supplied_action_after_last_publication_kept():
    """After the last publication the publications say nothing: the action is added."""
    known = _known("press-2024-02-10", "delist", 1, "2024-02-10")
    ledger = replay(_steady(), actions=[known])
    assert [a.id for a in ledger.history("us-ofac:1")][-1] == "press-2024-02-10"
    status = [
        ledger.status("us-ofac:1", "us-ofac-sdn", on=day).status
        for day in ("2024-02-01", "2024-02-10")
    ]
    assert status == [Status.LISTED, Status.NOT_LISTED]


def test_supplied_data_amend_without_counterpart_kept():
    """An amend that changes no program cannot contradict the listing: it is added."""
    known = _known("press-rename", "amend", 1, "2024-01-20", fields=["names"])
    ledger = replay(_steady(), actions=[known])
    assert "press-rename" in [a.id for a in ledger.history("us-ofac:1")]
    assert ledger.status("us-ofac:1", "us-ofac-sdn", on="2024-02-01").status is Status.LISTED


def test_supplied_data_amend_does_not_replace_a_program_change():
    """A rename known on a day leaves the program change the publications show in place."""
    pubs = [
        _pub("2024-01-01", _entity(1, "SDGT")),
        _pub("2024-02-01", _entity(1, "SDGT", "IRGC")),
    ]
    known = _known("press-rename", "amend", 1, "2024-01-20", fields=["names"])
    ledger = replay(pubs, actions=[known])
    ids = [a.id for a in ledger.history("us-ofac:1")]
    assert "press-rename" in ids
    assert "us-ofac-sdn/2024-02-01/amend/1" in ids
    report = ledger.status("us-ofac:1", "us-ofac-sdn", on="2024-02-01")
    assert "IRGC" in report.programs
    # An amend that states the same program change does replace it.
    same = _known("press-irgc", "amend", 1, "2024-01-20", programs=["IRGC"])
    ids = [a.id for a in replay(pubs, actions=[same]).history("us-ofac:1")]
    assert "press-irgc" in ids
    assert "us-ofac-sdn/2024-02-01/amend/1" not in ids


def _two_added():
    """Party 1 gains IRGC and NPWMD, and a new name, between the publications."""
    return [
        _pub("2024-01-01", _entity(1, "SDGT")),
        _pub("2024-02-01", _entity(1, "SDGT", "IRGC", "NPWMD", name="NEW NAME")),
    ]


def _amends(ledger):
    return {a.id: a for a in ledger.history("us-ofac:1") if a.kind is ActionKind.AMEND}


def test_supplied_amend_takes_its_part_of_a_wider_change():
    """A supplied amend of one program leaves the other program and the data in the window."""
    known = _known("press-irgc", "amend", 1, "2024-01-20", programs=["IRGC"])
    amends = _amends(replay(_two_added(), actions=[known]))
    rest = amends["us-ofac-sdn/2024-02-01/amend/1"]
    assert (rest.programs, rest.removes, rest.fields) == (("NPWMD",), (), ("names",))
    assert isinstance(rest.effective, Window)
    assert "'press-irgc' does not state" in rest.note
    ledger = replay(_two_added(), actions=[known])
    report = ledger.status("us-ofac:1", "us-ofac-sdn", on="2024-01-25")
    assert "IRGC" in report.programs
    assert "NPWMD" not in report.programs
    assert "NPWMD" in report.possible_programs


def test_supplied_program_amend_keeps_the_data_change():
    """Where the publications show programs and data changed, the data change is not lost."""
    known = _known("press", "amend", 1, "2024-01-20", programs=["IRGC", "NPWMD"])
    rest = _amends(replay(_two_added(), actions=[known]))["us-ofac-sdn/2024-02-01/amend/1"]
    assert (rest.programs, rest.fields) == ((), ("names",))


def test_supplied_amends_that_take_every_part_replace_the_inferred_one():
    """Once supplied amends state all of it, nothing of the inferred amend is left."""
    known = [
        _known("a", "amend", 1, "2024-01-10", programs=["IRGC"]),
        _known("b", "amend", 1, "2024-01-20", programs=["NPWMD"], fields=["names"]),
    ]
    assert sorted(_amends(replay(_two_added(), actions=known))) == ["a", "b"]


def test_supplied_rename_takes_the_data_part():
    """A rename known on a day narrows the data part; the programs keep their window."""
    known = _known("press-rename", "amend", 1, "2024-01-20", fields=["names"])
    rest = _amends(replay(_two_added(), actions=[known]))["us-ofac-sdn/2024-02-01/amend/1"]
    assert (rest.programs, rest.fields) == (("IRGC", "NPWMD"), ())


@pytest.mark.parametrize("order", [1, -1])
def test_supplied_amends_narrow_alike_in_any_order(order):
    """A rename and a program amend that also names the rename: accepted in either order."""
    known = [
        _known("a", "amend", 1, "2024-01-10", fields=["names"]),
        _known("b", "amend", 1, "2024-01-20", programs=["IRGC", "NPWMD"], fields=["names"]),
    ][::order]
    assert sorted(_amends(replay(_two_added(), actions=known))) == ["a", "b"]


def test_supplied_amend_may_name_fields_the_window_does_not_show():
    """A field the publications do not show changed is no contradiction: a format may lack it."""
    pubs = [_pub("2024-01-01", _entity(1, "SDGT")), _pub("2024-02-01", _entity(1, "SDGT", "IRGC"))]
    known = _known("d", "amend", 1, "2024-01-20", programs=["IRGC"], fields=["names"])
    assert list(_amends(replay(pubs, actions=[known]))) == ["d"]
    # A change of data only takes the fields it shares with the window's.
    renamed = [
        _pub("2024-01-01", _entity(1, "SDGT")),
        _pub("2024-02-01", _entity(1, "SDGT", name="B")),
    ]
    known = _known("e", "amend", 1, "2024-01-20", fields=["names", "addresses"])
    assert list(_amends(replay(renamed, actions=[known]))) == ["e"]


def test_supplied_amend_of_a_change_not_shown_names_what_is_shown():
    """An amend in a window that shows another change is refused, saying what it shows."""
    taken = _known("a", "amend", 1, "2024-01-10", programs=["IRGC"])
    known = _known("b", "amend", 1, "2024-01-20", programs=["IRGC", "DPRK3"])
    with pytest.raises(ListingConflictError) as caught:
        replay(_two_added(), actions=[taken, known])
    message = str(caught.value)
    assert "'b' (amend of us-ofac:1" in message
    assert "states a change the publications do not show" in message
    assert "(adds DPRK3, IRGC)" in message
    assert "what is left: adds NPWMD, changes names, already narrowed by 'a'" in message


def test_supplied_action_on_a_list_not_replayed_kept():
    """The publications of one list say nothing of another."""
    known = _known("cons", "designate", 1, "2024-01-20", list_id="us-ofac-cons", programs=["SDGT"])
    ledger = replay(_steady(), actions=[known])
    assert ledger.status("us-ofac:1", "us-ofac-cons", on="2024-01-20").status is Status.LISTED


def test_shared_window_bound_narrows_the_earlier_window():
    """Notices in force from instants: windows of one party meet at an instant.

    An amend effective at the instant the middle notice takes effect is shown
    by that notice, so it narrows the window that ends there.  A day on an
    ROK list starts at 00:00 KST.
    """
    kst = ZoneInfo("Asia/Seoul")

    def notice(day, name):
        entity = Entity(
            id="kr-fsc:KF-1",
            kind="individual",
            names=[Name(text=name)],
            features=[Feature(type="program", value="KR-TFPA")],
        )
        issued = date.fromisoformat(day)
        return Publication(
            list="kr-fsc-ftr",
            source=f"notice {day}",
            entities=(entity,),
            published=issued,
            effective=datetime(issued.year, issued.month, issued.day + 2, tzinfo=kst),
        )

    pubs = [notice("2024-01-01", "A"), notice("2024-02-01", "B"), notice("2024-03-01", "C")]
    known = Action(
        id="gazette",
        kind="amend",
        list="kr-fsc-ftr",
        entities=["kr-fsc:KF-1"],
        fields=["names"],
        effective="2024-02-03",
        recorded="2024-02-03",
    )
    ledger = replay(pubs, actions=[known])
    assert [a.id for a in ledger.history("kr-fsc:KF-1")] == [
        "kr-fsc-ftr/2024-01-01/designate/KF-1",
        "gazette",
        "kr-fsc-ftr/2024-03-01/amend/KF-1",
    ]


def _linked(num, *ties, name=None):
    return _entity(num, "SDGT", name=name, relationships=list(ties))


@pytest.mark.parametrize(
    ("gone", "linked_id", "unresolved"),
    [
        (18782, "us-ofac:40488", "ROSOBORONEKSPORT OAO"),
        # The name ends in "." (BAHMAN DIESEL CO.), which the clause's own "." hides:
        # resolved, the tie takes it back from its target; unresolved, it cannot.
        (48625, "us-ofac:25068", "BAHMAN DIESEL CO"),
    ],
)
def test_unresolved_target_is_no_amend(sdn_0503, tmp_path, gone, linked_id, unresolved):
    """Delisting a party does not amend the parties linked to it by name.

    ROSOBORONEKSPORT OAO (18782) leaves; 10392 and 40488 say "Linked To:
    ROSOBORONEKSPORT OAO" in both files, a name that now resolves to no id.
    BAHMAN DIESEL CO. (48625) leaves; BAHMAN GROUP (25068) is linked to it.
    """
    original = (DATA / "sdn-csv-2024-05-03" / "sdn.csv").read_bytes().split(b"\n")
    kept = [row for row in original if not row.startswith(b"%d," % gone)]
    assert len(kept) == len(original) - 1
    (tmp_path / "sdn.csv").write_bytes(b"\n".join(kept))
    newer = read(tmp_path, observed="2024-05-04")
    linked = {e.id: e for e in newer.entities}[linked_id]
    # The resolution did change: the test would see it if diff compared ids.
    assert (unresolved, None) in [(r.target_name, r.target) for r in linked.relationships]
    result = diff(sdn_0503, newer)
    assert [(a.kind, a.entities) for a in result.actions] == [
        (ActionKind.DELIST, (f"us-ofac:{gone}",))
    ]
    assert result.changes == ()


_TO_2 = Relationship(type="Linked To", target="us-ofac:2", target_name="PARTY 2")


@pytest.mark.parametrize(
    ("was", "now", "changed"),
    [
        # The name stated, its id resolved in one publication only.
        ([_TO_2], [attrs.evolve(_TO_2, target=None)], False),
        # The id stated (advanced XML), the target renamed.
        ([_TO_2], [attrs.evolve(_TO_2, target_name="PARTY TWO")], False),
        # Same ties, another order.
        (
            [_TO_2, Relationship(type="Linked To", target_name="X")],
            [Relationship(type="Linked To", target_name="X"), _TO_2],
            False,
        ),
        # Another target, by name and id.
        (
            [_TO_2],
            [Relationship(type="Linked To", target="us-ofac:3", target_name="PARTY 3")],
            True,
        ),
        # The same name, less the final "." a clause end hid.
        (
            [Relationship(type="Linked To", target="us-ofac:3", target_name="X CO.")],
            [Relationship(type="Linked To", target_name="X CO")],
            False,
        ),
        # Both resolved: X CO and X CO. are two parties.
        (
            [Relationship(type="Linked To", target="us-ofac:3", target_name="X CO")],
            [Relationship(type="Linked To", target="us-ofac:4", target_name="X CO.")],
            True,
        ),
        # Another target, by name only.
        (
            [Relationship(type="Linked To", target_name="X")],
            [Relationship(type="Linked To", target_name="Y")],
            True,
        ),
        # The same target, another kind of tie.
        ([_TO_2], [attrs.evolve(_TO_2, type="Owned or Controlled By")], True),
        # The tie has ended.
        ([_TO_2], [attrs.evolve(_TO_2, former=True)], True),
        # A tie dropped.
        ([_TO_2, Relationship(type="Linked To", target_name="X")], [_TO_2], True),
    ],
)
def test_relationships_compare_as_stated(was, now, changed):
    """Two ties are the same when type and former agree and they share a target id or name."""
    old = _pub("2024-01-01", _linked(1, *was), _entity(2, "SDGT"))
    new = _pub("2024-02-01", _linked(1, *now), _entity(2, "SDGT"))
    result = diff(old, new)
    expected = [("relationships",)] if changed else []
    assert [a.fields for a in result.actions] == expected
    assert [c.fields for c in result.changes] == expected


def test_unchanged_relationship_left_out_of_other_changes():
    """A party renamed whose target lost its id: only its names changed."""
    old = _pub("2024-01-01", _linked(1, _TO_2, name="OLD"))
    new = _pub("2024-02-01", _linked(1, attrs.evolve(_TO_2, target=None), name="NEW"))
    result = diff(old, new)
    assert ([a.fields for a in result.actions], [c.fields for c in result.changes]) == (
        [("names",)],
        [("names",)],
    )


def _notice(issued, in_force):
    return Publication(
        list="kr-fsc-ftr",
        source=f"notice {issued}",
        entities=(),
        published=date.fromisoformat(issued),
        effective=datetime.fromisoformat(in_force),
    )


@pytest.mark.parametrize(
    ("older", "newer", "message"),
    [
        (_pub("2024-01-01"), _pub("2024-01-01"), "not dated after"),
        (_pub("2024-01-02"), _pub("2024-01-01"), "not dated after"),
        (
            _notice("2024-01-01", "2024-01-05T00:00+09:00"),
            _notice("2024-01-02", "2024-01-05T00:00+09:00"),
            "takes effect .* no later than",
        ),
    ],
)
def test_publications_must_be_later(older, newer, message):
    """A newer publication of the same or an earlier time leaves no window: refused."""
    with pytest.raises(InvalidValueError, match=message):
        diff(older, newer)


def test_notices_compare_by_effective_time():
    """Later notices diff between the times they take effect."""
    result = diff(
        _notice("2024-01-01", "2024-01-05T00:00+09:00"),
        _notice("2024-01-02", "2024-01-06T00:00+09:00"),
    )
    assert (result.older, result.newer) == (date(2024, 1, 1), date(2024, 1, 2))


def _numbered(number, issued, in_force, *entities):
    """An ROK notice of a number, issued on a day, in force from an instant."""
    return attrs.evolve(_notice(issued, in_force), notice=number, entities=entities)


def _ftr(num, name="KIM"):
    return Entity(
        id=f"kr-fsc:KF-{num}",
        kind="individual",
        names=[Name(text=name)],
        features=[Feature(type="program", value="KR-TFPA")],
    )


def test_notices_of_one_day_diff_by_number():
    """Two notices issued on one day, in force on different days: the window runs between them.

    Their actions are named by the newer notice's number, so the diffs
    around each notice give distinct ids.
    """
    first = _numbered("2024-1", "2024-01-10", "2024-01-12T00:00+09:00", _ftr(1))
    second = _numbered("2024-2", "2024-01-10", "2024-01-15T00:00+09:00", _ftr(1), _ftr(2))
    third = _numbered("2024-3", "2024-01-10", "2024-01-20T00:00+09:00", _ftr(2))
    one, two = diff(first, second), diff(second, third, max_shrink=0.5)
    assert [(a.id, a.effective.earliest, a.effective.latest) for a in one.actions] == [
        (
            "kr-fsc-ftr/2024-01-10/notice-2024-2/designate/KF-2",
            datetime.fromisoformat("2024-01-12T00:00+09:00"),
            datetime.fromisoformat("2024-01-15T00:00+09:00"),
        )
    ]
    assert [a.id for a in two.actions] == ["kr-fsc-ftr/2024-01-10/notice-2024-3/delist/KF-1"]
    ledger = replay([first, second, third], max_shrink=0.5)
    assert [a.id for a in ledger.history("kr-fsc:KF-1")] == [
        "kr-fsc-ftr/2024-01-10/notice-2024-1/designate/KF-1",
        "kr-fsc-ftr/2024-01-10/notice-2024-3/delist/KF-1",
    ]
    status = ledger.status("kr-fsc:KF-2", "kr-fsc-ftr", on="2024-01-16").status
    assert status is Status.LISTED


@pytest.mark.parametrize(
    ("newer", "message"),
    [
        # One number twice: the same notice read twice.
        (("2024-1", "2024-01-10", "2024-01-15T00:00+09:00"), "not dated after"),
        # Distinct numbers, one time in force: no window between them.
        (("2024-2", "2024-01-10", "2024-01-12T00:00+09:00"), "takes effect .* no later than"),
        # A later number issued earlier.
        (("2024-2", "2024-01-09", "2024-01-15T00:00+09:00"), "not dated after"),
    ],
)
def test_notices_of_one_day_refused(newer, message):
    """Notices of one day need distinct numbers and distinct times in force, in order."""
    older = _numbered("2024-1", "2024-01-10", "2024-01-12T00:00+09:00")
    with pytest.raises(InvalidValueError, match=message):
        diff(older, _numbered(*newer))


def test_replay_refuses_a_notice_given_twice():
    """A, B, A of one day: each pair differs, but the second A would repeat the first's ids."""
    a = _numbered("2024-1", "2024-01-10", "2024-01-12T00:00+09:00", _ftr(1))
    b = _numbered("2024-2", "2024-01-10", "2024-01-15T00:00+09:00", _ftr(1))
    again = _numbered("2024-1", "2024-01-10", "2024-01-20T00:00+09:00", _ftr(1))
    with pytest.raises(InvalidValueError, match=r"are both of 2024-01-10, notice 2024-1:"):
        replay([a, b, again])


def test_replay_refuses_two_publications_of_one_day():
    """Replaying the same day twice (two CSV folders read as of one day) is refused."""
    with pytest.raises(InvalidValueError, match="are both of 2024-01-01: give each once"):
        replay([_pub("2024-01-01", _entity(1, "SDGT")), _pub("2024-01-01", _entity(1, "SDGT"))])


@pytest.mark.parametrize("order", ["sdn-first", "cons-first"])
def test_party_on_two_lists_keeps_its_newest_record(order):
    """A party on both lists keeps the record of the latest publication, in any order of lists."""
    sdn = _pub("2024-05-03", _entity(1, "IRAN", "SDGT", name="NEW NAME"))
    cons = _pub("2018-04-06", _entity(1, "IRAN", name="OLD NAME"), list_id="us-ofac-cons")
    ledger = replay([sdn, cons] if order == "sdn-first" else [cons, sdn])
    assert ledger.entity("us-ofac:1").names[0].text == "NEW NAME"


def test_real_party_on_two_lists_keeps_the_2024_record(sdn_0503, cons_2018_xml):
    """11317 is in the 2024 SDN file and the 2018 consolidated one: the 2024 record is kept."""
    ledger = replay([sdn_0503, cons_2018_xml])
    kept = ledger.entity("us-ofac:11317")
    newest = next(e for e in sdn_0503.entities if e.id == "us-ofac:11317")
    assert kept == newest


_DIRECTIVE_1 = attrs.evolve(
    _cons_entry(date(2014, 7, 16), _SSI, "UKRAINE-EO13662"),
    measures=("13662 Sectoral Directive 1",),
)


@pytest.mark.parametrize(
    ("old_entries", "new_entries", "fields"),
    [
        # A measure of a kept entry changed: data, with no change of programs.
        (
            (_DIRECTIVE_1,),
            (attrs.evolve(_DIRECTIVE_1, measures=("13662 Sectoral Directive 2",)),),
            ("entries",),
        ),
        # An entry on another list with the same programs: data too.
        (
            (_DIRECTIVE_1,),
            (_DIRECTIVE_1, attrs.evolve(_DIRECTIVE_1, source_list="FSE List")),
            ("entries",),
        ),
        # The same entries: nothing.
        ((_DIRECTIVE_1,), (_DIRECTIVE_1,), None),
        # Only one publication states entries (a CSV against an advanced XML): nothing.
        ((), (_DIRECTIVE_1,), None),
    ],
    ids=["measure-changed", "entry-added", "same", "one-side-only"],
)
def test_changed_entries_are_a_data_amend(old_entries, new_entries, fields):
    """A party's changed list entries make a data amend (field ``entries``), programs kept."""
    party = _entity(7, "UKRAINE-EO13662")
    old = _pub("2024-05-03", party, list_id="us-ofac-cons", entries=old_entries)
    new = _pub("2025-01-03", party, list_id="us-ofac-cons", entries=new_entries)
    result = diff(old, new)
    if fields is None:
        assert (result.actions, result.changes) == ((), ())
        return
    (action,) = result.actions
    assert (action.kind, action.programs, action.removes, action.fields) == (
        ActionKind.AMEND,
        (),
        (),
        fields,
    )
    assert [c.fields for c in result.changes] == [fields]


def test_real_measure_change_is_an_amend(tmp_path):
    """17013 moves from Directive 1 to Directive 2 in a later advanced file: an amend of entries."""
    text = (DATA / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_text("utf-8")
    issue = "<Year>2020</Year>\n    <Month>3</Month>"
    assert text.count(issue) == 1
    later = text.replace(issue, "<Year>2020</Year>\n    <Month>4</Month>")
    measure = '<SanctionsMeasure ID="50003302" SanctionsTypeID="91505">'
    assert later.count(measure) == 1
    changed = later.replace(measure, measure.replace("91505", "91506"))
    for name, content in (("a", text), ("b", later), ("c", changed)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "cons_advanced.xml").write_text(content, "utf-8")
    older = read(tmp_path / "a")
    assert diff(older, read(tmp_path / "b")).actions == ()
    (action,) = diff(older, read(tmp_path / "c")).actions
    assert (action.id, action.fields, action.programs) == (
        "us-ofac-cons/2020-04-17/amend/17013",
        ("entries",),
        (),
    )


def _window(lo, hi):
    return Window(earliest=lo, latest=hi, evidence=["a press report"])


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        # Wider than the delist window 2024-01-02..02-01 at both ends: the window bounds it.
        (
            ("2023-12-20", "2024-02-10"),
            Window(earliest="2024-01-02", latest="2024-02-01", evidence=["x"]),
        ),
        # Wider below only: its own upper bound stands.
        (
            ("2023-12-20", "2024-01-20"),
            Window(earliest="2024-01-02", latest="2024-01-20", evidence=["x"]),
        ),
        # Inside the window: kept as stated.
        (
            ("2024-01-10", "2024-01-20"),
            Window(earliest="2024-01-10", latest="2024-01-20", evidence=["x"]),
        ),
    ],
    ids=["wider-both-ends", "wider-below", "inside"],
)
def test_less_precise_supplied_window_is_narrowed_not_refused(effective, expected):
    """A supplied window that meets the publications' one is narrowed by it, never widened."""
    known = attrs.evolve(_known("press", "delist", 1, _window(*effective)), recorded="2024-02-01")
    ledger = replay(_two_episodes(), actions=[known], max_shrink=1)
    (kept,) = [a for a in ledger.history("us-ofac:1") if a.id == "press"]
    assert (kept.effective.earliest, kept.effective.latest) == (expected.earliest, expected.latest)
    assert "a press report" in kept.effective.evidence
    assert "us-ofac-sdn/2024-02-01/delist/1" not in [a.id for a in ledger.history("us-ofac:1")]


def test_supplied_window_meeting_two_windows_refused():
    """A supplied window meeting two of the publications' windows, held by neither, is refused."""
    known = _known("press", "designate", 1, _window("2023-12-01", "2024-02-15"), programs=["SDGT"])
    with pytest.raises(ListingConflictError, match="'press'"):
        replay(_two_episodes(), actions=[known], max_shrink=1)


def test_later_entry_date_dates_an_earlier_window():
    """A later publication's entry date, inside the window of an earlier one, corrects it.

    The correction is recorded at the later publication: the ledger as known
    before it keeps the window, so adding an older publication (one without
    entry dates) never makes an answer less exact than the newer one alone.
    """
    first = _pub("2024-05-03", _entity(1, "SDGT"))
    later = _pub("2025-01-03", _entity(1, "SDGT"), entries=(_entry(1, date(2001, 9, 23)),))
    ledger = replay([first, later])
    now = ledger.status("us-ofac:1", "us-ofac-sdn", on="2001-10-01")
    assert now.status is Status.LISTED
    (dated,) = now.actions
    assert (dated.effective, dated.recorded, dated.confidence) == (
        date(2001, 9, 23),
        date(2025, 1, 3),
        Confidence.HIGH,
    )
    assert dated.supersedes == "us-ofac-sdn/2024-05-03/designate/1"
    assert "2025-01-03" in (dated.note or "")
    # The day before, the actions say "not listed"; but the publications
    # show nothing of that time, which is before the first of them.
    earlier = ledger.status("us-ofac:1", "us-ofac-sdn", on="2001-09-22")
    assert (earlier.status, earlier.coverage.first.observed) == (Status.UNKNOWN, date(2024, 5, 3))
    assert "designated only from 2001-09-23" in earlier.reason
    before = ledger.as_of("2024-12-31").status("us-ofac:1", "us-ofac-sdn", on="2001-10-01")
    assert before.status is Status.UNKNOWN
    # Alone, the later publication says the same.
    alone = replay([later]).status("us-ofac:1", "us-ofac-sdn", on="2001-10-01")
    assert (alone.status, alone.actions[0].effective) == (Status.LISTED, date(2001, 9, 23))


def test_later_entry_date_outside_the_window_dates_nothing():
    """An entry date outside the window (of another run, or later) dates nothing."""
    first = _pub("2024-05-03", _entity(1, "SDGT"), _entity(2, "SDGT"))
    gone = _pub("2024-06-01", _entity(2, "SDGT"))
    back = _pub(
        "2025-01-03",
        _entity(1, "SDGT"),
        _entity(2, "SDGT"),
        # 1 came back after 2024-06-01; its entry date is of the first run's window.
        # 2 stayed, but its entry date is later than the window it was first seen in.
        entries=(_entry(1, date(2001, 9, 23)), _entry(2, date(2024, 5, 10))),
    )
    ledger = replay([first, gone, back], max_shrink=1)
    assert not [a for a in ledger.actions if a.supersedes]
    relisted = ledger.status("us-ofac:1", "us-ofac-sdn", on="2024-10-01")
    assert relisted.status is Status.UNKNOWN  # in the window (2024-06-01, 2025-01-03]


def test_advanced_entry_dates_date_the_legacy_publication_before_it(cons_2018_xml, cons_advanced):
    """consolidated.xml of 2018, then cons_advanced.xml of 2020: VTB's entry date dates its listing.

    The 2018 file alone bounds VTB BANK (17013) "on or before 2018-04-06";
    the 2020 file states it entered the list on 2014-07-29.
    """
    ledger = replay([cons_2018_xml, cons_advanced], max_shrink=0.5)
    vtb = ledger.status("us-ofac:17013", "us-ofac-cons", on="2014-08-01")
    assert vtb.status is Status.LISTED
    assert (
        vtb.actions[0].effective == cons_advanced.entry_date("us-ofac:17013") == date(2014, 7, 29)
    )
    known_2018 = ledger.as_of("2018-04-06").status("us-ofac:17013", "us-ofac-cons", on="2014-08-01")
    assert known_2018.status is Status.UNKNOWN
    # Every party both files hold, with an entry date in its window, is dated alike.
    shared = {e.id for e in cons_2018_xml.entities} & {e.id for e in cons_advanced.entities}
    corrected = {a.entities[0] for a in ledger.actions if a.supersedes}
    dated = {p for p in shared if cons_advanced.entry_date(p) is not None}
    assert corrected == {p for p in dated if cons_advanced.entry_date(p) <= date(2018, 4, 6)}
    assert len(corrected) > 100


def test_supplied_designation_is_not_corrected_by_a_later_entry_date():
    """A designation the caller supplies (a press release) stands: a later entry date adds none."""
    first = _pub("2024-05-03", _entity(1, "SDGT"))
    later = _pub("2025-01-03", _entity(1, "SDGT"), entries=(_entry(1, date(2001, 9, 23)),))
    told = _known("press/2001-09-24", "designate", 1, "2001-09-24", programs=["SDGT"])
    ledger = replay([first, later], actions=[told])
    assert not [a for a in ledger.actions if a.supersedes]
    report = ledger.status("us-ofac:1", "us-ofac-sdn", on="2001-09-24")
    assert (report.status, report.actions[0].id) == (Status.LISTED, "press/2001-09-24")


def test_supplied_window_is_dated_by_a_later_entry_date():
    """A supplied window ("some time in 2023") is dated by an entry date in it, as inferred ones."""
    in_2023 = _window("2023-01-01", "2023-12-31")
    told = _known("press/2023", "designate", 1, in_2023, recorded="2024-01-05", programs=["SDGT"])
    first = _pub("2024-01-01", _entity(1, "SDGT"))
    later = _pub("2024-06-01", _entity(1, "SDGT"), entries=(_entry(1, date(2023, 4, 15)),))
    for pubs in ([later], [first, later]):
        report = replay(pubs, actions=[told]).status("us-ofac:1", "us-ofac-sdn", on="2023-05-01")
        assert (report.status, report.actions[0].effective) == (Status.LISTED, date(2023, 4, 15))


def test_revised_entry_date_corrects_the_correction():
    """A later publication that states another day in the window corrects the first correction."""
    pubs = [
        _pub("2024-01-01", _entity(1, "SDGT")),
        _pub("2024-03-01", _entity(1, "SDGT"), entries=(_entry(1, date(2023, 4, 15)),)),
        _pub("2024-06-01", _entity(1, "SDGT"), entries=(_entry(1, date(2023, 4, 10)),)),
    ]
    ledger = replay(pubs)
    first, second = (a for a in ledger.actions if a.supersedes)
    assert (first.effective, second.effective, second.supersedes) == (
        date(2023, 4, 15),
        date(2023, 4, 10),
        first.id,
    )
    assert ledger.status("us-ofac:1", "us-ofac-sdn", on="2023-04-12").status is Status.LISTED
    known = ledger.as_of("2024-04-01").status("us-ofac:1", "us-ofac-sdn", on="2023-04-12")
    # As the 2024-03-01 publication said (before the first publication, so
    # "not listed" is only what the actions say).
    assert known.status is Status.UNKNOWN
    assert "designated only from 2023-04-15" in known.reason


def test_replay_observes_each_publication():
    """Each publication is an observation: of its date, or of its time in force (a notice)."""
    sdn = [_pub("2024-05-02", _entity(1, "SDGT")), _pub("2024-05-03", _entity(1, "SDGT"))]
    notices = [
        _numbered(1, "2024-12-17", "2024-12-19T00:00+09:00", _ftr(1)),
        _numbered(2, "2025-01-10", "2025-01-13T00:00+09:00", _ftr(1)),
    ]
    ledger = replay([*sdn, *notices])
    assert [(o.list, o.observed, o.recorded, o.source) for o in ledger.observations] == [
        ("us-ofac-sdn", date(2024, 5, 2), date(2024, 5, 2), "test 2024-05-02"),
        ("us-ofac-sdn", date(2024, 5, 3), date(2024, 5, 3), "test 2024-05-03"),
        (
            "kr-fsc-ftr",
            datetime.fromisoformat("2024-12-19T00:00+09:00"),
            date(2024, 12, 17),
            "notice 2024-12-17",
        ),
        (
            "kr-fsc-ftr",
            datetime.fromisoformat("2025-01-13T00:00+09:00"),
            date(2025, 1, 10),
            "notice 2025-01-10",
        ),
    ]
    # The first notice's parties are designated "on or before" the time it
    # takes effect, which is also where the ROK record starts.
    (first,) = (a for a in ledger.actions if a.list == "kr-fsc-ftr")
    assert first.effective.latest == ledger.coverage("kr-fsc-ftr").first.observed
    # A party of neither list, the day before the ROK notice took effect (KST).
    report = ledger.status("us-ofac:1", "kr-fsc-ftr", on="2024-12-18")
    assert (report.status, report.coverage.first) == (Status.UNKNOWN, ledger.observations[2])
    assert ledger.status("us-ofac:1", "kr-fsc-ftr", on="2024-12-19").status is Status.NOT_LISTED


def test_replay_holds_only_the_lists_it_knows_of():
    """The lists replayed and those supplied actions name; no standard list of neither."""
    ledger = replay([_pub("2024-05-02", _entity(1, "SDGT"))])
    assert list(ledger.lists) == ["us-ofac-sdn"]
    assert {"US", "KR", "UN"} <= set(ledger.jurisdictions)
    supplied = Action(
        id="ftr-1",
        kind="designate",
        list="kr-fsc-ftr",
        entities=["us-ofac:1"],
        programs=["KR-TFPA"],
        effective="2024-12-19",
        recorded="2024-12-17",
    )
    both = replay([_pub("2024-05-02", _entity(1, "SDGT"))], actions=[supplied])
    assert sorted(both.lists) == ["kr-fsc-ftr", "us-ofac-sdn"]
    # The list only an action names is held whole: no observation of it.
    assert both.coverage("kr-fsc-ftr") is None
    assert both.status("us-ofac:1", "kr-fsc-ftr", on="2024-12-18").status is Status.NOT_LISTED


def test_a_partial_publication_is_no_observation():
    """A transcription of part of the ROK annex shows some parties, not who was absent."""
    part = kr_fsc.read(Path("data/rok/fsc-annex-2026-2-entries-473-1066.csv"))
    assert (part.record_count, len(part.entities), part.whole) == (1066, 594, False)
    ledger = replay([part])
    assert ledger.observations == ()
    # Nothing is known of who was not on the list, at any time.
    assert ledger.coverage("kr-fsc-ftr").first is None
    snap = ledger.snapshot("kr-fsc-ftr", on="2026-06-01")
    assert (len(snap.listed), snap.complete) == (594, False)
    whole = replay([attrs.evolve(part, record_count=len(part.entities))])
    assert whole.coverage("kr-fsc-ftr").first.source == part.source
