"""Observations: a list the ledger observes is known from its first observation on.

The generated histories of ``test_ledger_model.py`` check every query against
a naive reference; these are the cases one by one, with the reasons people read.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sanctionsmodel import (
    Action,
    Entity,
    Ledger,
    Link,
    Name,
    Observation,
    Status,
    reference,
    serialize,
)
from sanctionsmodel.exceptions import (
    DeserializationError,
    NaiveDatetimeError,
    UnknownReferenceError,
)

SDN = reference.US_OFAC_SDN.id
FTR = reference.KR_FSC_FTR.id
KST = timezone(timedelta(hours=9))
SEEN = Observation(list=SDN, observed="2024-05-02", recorded="2024-05-02", source="sdn 05-02")
LATER = Observation(list=SDN, observed="2024-05-03", recorded="2024-05-03", source="sdn 05-03")


def _ledger(*observations: Observation, actions: tuple[Action, ...] = ()) -> Ledger:
    return Ledger(
        jurisdictions=[reference.US, reference.KR],
        authorities=[reference.US_OFAC, reference.KR_FSC],
        lists=[reference.US_OFAC_SDN, reference.KR_FSC_FTR],
        programs=[reference.ofac_program("DPRK3"), reference.KR_TFPA],
        entities=[
            Entity(id="us-ofac:1", kind="organization", names=[Name(text="KORYO BANK")]),
            Entity(id="us-ofac:2", kind="organization", names=[Name(text="MRB BANK")]),
            Entity(id="kr-fsc:KF-1", kind="organization", names=[Name(text="고려은행")]),
        ],
        links=[Link(left="us-ofac:1", right="kr-fsc:KF-1", same=True)],
        observations=observations,
        actions=actions,
    )


def _designate(entity: str, effective: object, recorded: object, list_id: str = SDN) -> Action:
    return Action(
        id=f"{list_id}/{entity}",
        kind="designate",
        list=list_id,
        entities=[entity],
        programs=["DPRK3" if list_id == SDN else "KR-TFPA"],
        effective=effective,
        recorded=recorded,
    )


def test_a_list_without_observations_is_held_whole():
    """No observation: NOT_LISTED at every time, as for a hand-built ledger."""
    ledger = _ledger()
    report = ledger.status("us-ofac:2", SDN, on="1990-01-01")
    assert (report.status, report.coverage, report.reason) == (
        Status.NOT_LISTED,
        None,
        f"never on {SDN}",
    )
    assert ledger.coverage(SDN) is None
    assert ledger.snapshot(SDN, on="1990-01-01").complete


def test_before_the_first_observation_not_listed_is_unknown():
    """A party the ledger does not show is UNKNOWN before the record starts, NOT_LISTED after."""
    ledger = _ledger(LATER, SEEN)
    before = ledger.status("us-ofac:2", SDN, on="2024-05-01")
    assert before.status is Status.UNKNOWN
    assert before.coverage == ledger.coverage(SDN)
    assert (before.coverage.first, before.coverage.last, before.coverage.observations) == (
        SEEN,
        LATER,
        2,
    )
    assert before.reason == (
        f"unknown on {SDN}: the time asked is before the ledger's record of {SDN}, "
        "which starts with its observation of 2024-05-02 (sdn 05-02)"
    )
    # The record starts at 00:00 New York time of the day observed.
    assert ledger.status("us-ofac:2", SDN, on="2024-05-02").status is Status.NOT_LISTED
    midnight = datetime(2024, 5, 2, 4, 0, tzinfo=UTC)  # 00:00 EDT
    assert ledger.status("us-ofac:2", SDN, on=midnight).status is Status.NOT_LISTED
    just_before = midnight - timedelta(microseconds=1)
    assert ledger.status("us-ofac:2", SDN, on=just_before).status is Status.UNKNOWN
    # Another list, held whole, is not affected.
    assert ledger.status("us-ofac:2", FTR, on="2024-05-01").status is Status.NOT_LISTED


def test_an_instant_observed_opens_the_record_at_that_instant():
    """A day that starts before an observed instant is not wholly known: UNKNOWN."""
    noon = datetime(2024, 12, 19, 12, 0, tzinfo=KST)
    ledger = _ledger(Observation(list=FTR, observed=noon, recorded="2024-12-19"))
    assert ledger.status("us-ofac:2", FTR, on="2024-12-19").status is Status.UNKNOWN
    assert ledger.status("us-ofac:2", FTR, on="2024-12-20").status is Status.NOT_LISTED
    assert ledger.status("us-ofac:2", FTR, on=noon).status is Status.NOT_LISTED


def test_what_the_actions_say_before_the_record_is_in_the_reason():
    """An episode that ends the answer before the record starts is named, but decides nothing."""
    ledger = _ledger(SEEN, actions=(_designate("us-ofac:2", "2020-03-01", "2024-05-02"),))
    report = ledger.status("us-ofac:2", SDN, on="2020-02-01")
    assert report.status is Status.UNKNOWN
    assert report.holder == "us-ofac:2"
    assert report.reason.endswith(
        f"; the actions say: not on {SDN}: designated only from 2020-03-01 (action {SDN}/us-ofac:2)"
    )
    # Listed by the actions: LISTED, before the record starts too.
    assert ledger.status("us-ofac:2", SDN, on="2021-01-01").status is Status.LISTED


def test_holdings_before_the_record():
    """One UNKNOWN holding of no action per observed list, for the entity asked."""
    ledger = _ledger(
        SEEN,
        Observation(list=FTR, observed="2024-12-19", recorded="2024-12-17"),
        actions=(_designate("kr-fsc:KF-1", "2024-12-19", "2024-12-17", FTR),),
    )
    holdings = ledger.lists_holding("us-ofac:1", on="2024-05-01")
    assert [(h.list, h.entity, h.status, h.since, h.listed_by) for h in holdings] == [
        (FTR, "us-ofac:1", Status.UNKNOWN, None, None),
        (SDN, "us-ofac:1", Status.UNKNOWN, None, None),
    ]
    assert all(h.coverage == ledger.coverage(h.list) for h in holdings)
    # Once the ROK list holds the linked record, that holding answers for the list.
    after = ledger.lists_holding("us-ofac:1", on="2025-01-01")
    assert [(h.list, h.entity, h.status, h.coverage) for h in after] == [
        (FTR, "kr-fsc:KF-1", Status.LISTED, None)
    ]
    alone = ledger.lists_holding("us-ofac:1", on="2024-05-01", follow_links=False)
    assert [h.list for h in alone] == [FTR, SDN]


def test_snapshot_and_search_before_the_record():
    """A snapshot before the record is not complete; a search then keeps every entity."""
    ledger = _ledger(SEEN, actions=(_designate("us-ofac:2", "2020-03-01", "2024-05-02"),))
    snap = ledger.snapshot(SDN, on="2024-05-01")
    assert (snap.listed, snap.unknown, snap.complete) == (("us-ofac:2",), (), False)
    assert snap.coverage == ledger.coverage(SDN)
    assert ledger.snapshot(SDN, on="2024-05-02").complete
    found = {m.entity_id for m in ledger.search("KORYO BANK", lists=[SDN], on="2024-05-01")}
    assert "us-ofac:1" in found
    assert not ledger.search("KORYO BANK", lists=[SDN], on="2024-05-02")


def test_changes_before_the_record_are_not_complete():
    """A range that starts before an observed list's record names the list in its coverage."""
    ledger = _ledger(
        SEEN,
        actions=(
            _designate("us-ofac:2", "2020-03-01", "2024-05-02"),
            _designate("kr-fsc:KF-1", "2024-05-01", "2024-05-01", list_id=FTR),
        ),
    )
    answer = ledger.changes("2024-04-01", "2024-05-31")
    assert [c.action.id for c in answer] == [f"{FTR}/kr-fsc:KF-1"]
    assert (len(answer), answer[0].certain, answer.start, answer.end) == (
        1,
        True,
        "2024-04-01",
        "2024-05-31",
    )
    # Only the observed list is unseen; the list held whole is complete.
    assert (answer.complete, answer.coverage) == (False, (ledger.coverage(SDN),))
    assert ledger.changes("2024-04-01", "2024-05-31", list_id=FTR).complete
    # From the first observation's day on, the range is seen whole.
    assert ledger.changes("2024-05-02", "2024-05-31").complete
    assert not ledger.changes("2024-05-01", "2024-05-02", list_id=SDN).complete
    # A view that knows no observation yet sees no range of the list.
    view = ledger.as_of("2024-05-01")
    assert [u.known_on for u in view.changes("2030-01-01", "2030-01-02").coverage] == [
        date(2024, 5, 1)
    ]


def test_a_view_before_any_observation_knows_nothing_of_the_list():
    """as_of a day before the first observation is recorded: UNKNOWN at every time asked."""
    ledger = _ledger(SEEN, LATER)
    view = ledger.as_of("2024-05-01")
    assert view.observations == ()
    report = view.status("us-ofac:2", SDN, on="2030-01-01")
    assert report.status is Status.UNKNOWN
    assert report.reason == (
        f"unknown on {SDN}: the ledger knows no observation of {SDN} recorded by 2024-05-01"
    )
    assert view.coverage(SDN).known_on == date(2024, 5, 1)
    later = ledger.as_of("2024-05-03")
    assert later.coverage(SDN).observations == 2
    assert ledger.as_of("2024-05-02").coverage(SDN).last == SEEN
    # A list the ledger never observes stays whole in every view.
    assert view.coverage(FTR) is None


def test_observations_are_kept_once_and_checked():
    """An equal observation adds nothing; one of an unknown list is refused."""
    ledger = _ledger(SEEN, SEEN)
    assert ledger.observations == (SEEN,)
    with pytest.raises(
        UnknownReferenceError,
        match=re.escape("observation of 2024-05-02 (x.csv) names unknown list 'no-such-list'"),
    ):
        ledger.add(
            Observation(
                list="no-such-list", observed="2024-05-02", recorded="2024-05-02", source="x.csv"
            )
        )
    with pytest.raises(UnknownReferenceError, match="no-such-list"):
        Ledger(observed_lists=["no-such-list"])
    assert ledger != _ledger()
    with pytest.raises(NaiveDatetimeError):
        Observation(list=SDN, observed=datetime(2024, 5, 2), recorded="2024-05-02")  # noqa: DTZ001
    with pytest.raises(UnknownReferenceError):
        ledger.coverage("no-such-list")


def test_an_observation_added_later_clears_the_views():
    """A view made before an observation was added does not keep the old answer."""
    ledger = _ledger()
    assert ledger.as_of("2024-06-01").status("us-ofac:2", SDN, on="2024-01-01").status is (
        Status.NOT_LISTED
    )
    ledger.add(SEEN)
    assert ledger.as_of("2024-06-01").status("us-ofac:2", SDN, on="2024-01-01").status is (
        Status.UNKNOWN
    )


def io_text(ledger: Ledger) -> str:
    """The ledger file of ``ledger``, as text."""
    stream = io.StringIO()
    serialize.dump_ledger(ledger, stream)
    return stream.getvalue()


def as_version(text: str, version: object) -> str:
    """``text``, a version 3 ledger file, with the header of an older version."""
    head, _, rest = text.partition("\n")
    header = json.loads(head)
    del header["counts"]  # versions 1 and 2 had none
    header["schema_version"] = version
    return json.dumps(header) + "\n" + rest


def test_ledger_file_keeps_observations():
    """Observation lines round-trip; a version 1 file (none) still loads."""
    ledger = _ledger(SEEN, LATER)
    stream = io.StringIO()
    serialize.dump_ledger(ledger, stream)
    lines = stream.getvalue().splitlines()
    assert json.loads(lines[0])["schema_version"] == serialize.SCHEMA_VERSION == 3
    assert sum('"type":"observation"' in line for line in lines) == 2
    back = serialize.load_ledger(io.StringIO(stream.getvalue()))
    assert back == ledger
    assert back.coverage(SDN) == ledger.coverage(SDN)
    assert serialize.load_ledger(io.StringIO(as_version(stream.getvalue(), 2))) == ledger
    v1 = as_version(io_text(_ledger()), 1)
    assert serialize.load_ledger(io.StringIO(v1)) == _ledger()
    # A view before any observation keeps its list observed, in the file too.
    view = ledger.as_of("2024-05-01")
    assert (view.observed_lists, view == _ledger()) == (frozenset({SDN}), False)
    stream = io.StringIO()
    serialize.dump_ledger(view, stream)
    back = serialize.load_ledger(io.StringIO(stream.getvalue()))
    assert back == view
    assert back.status("us-ofac:2", SDN, on="2030-01-01").status is Status.UNKNOWN
    header = json.loads(stream.getvalue().splitlines()[0])
    assert header["observed_lists"] == [SDN]
    # Version 1 has neither observations nor observed lists; a bad list is refused.
    lines = io_text(ledger).replace(f', "observed_lists": ["{SDN}"]', "", 1)
    for text, message in (
        (stream.getvalue(), "a version 1 file has no observed_lists"),
        (lines, "unknown type 'observation' in a version 1 file"),
    ):
        with pytest.raises(DeserializationError, match=message):
            serialize.load_ledger(io.StringIO(as_version(text, 1)))
    bad = stream.getvalue().replace(f'["{SDN}"]', "[1]", 1)
    with pytest.raises(DeserializationError, match=r"list ids @ \$.observed_lists"):
        serialize.load_ledger(io.StringIO(bad))
    for version in (4, True, "3", 0, 3.0, 2.0):  # a float is no version, even 3.0
        bad = stream.getvalue().replace(
            '"schema_version": 3', f'"schema_version": {json.dumps(version)}', 1
        )
        with pytest.raises(DeserializationError, match="expected 1 or 2 or 3"):
            serialize.load_ledger(io.StringIO(bad))
