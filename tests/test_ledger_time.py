"""The brief's time examples, one by one, against a small US + ROK ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sanctionsmodel import (
    Action,
    Entity,
    Ledger,
    Name,
    PartialDate,
    Status,
    Window,
    reference,
)
from sanctionsmodel.exceptions import NaiveDatetimeError, SanctionsModelError

KST = timezone(timedelta(hours=9))
SDN = reference.US_OFAC_SDN.id
FTR = reference.KR_FSC_FTR.id
KIM = "kr-fsc:KF-874"
ENT_24026 = "us-ofac:24026"
ENT_52114 = "us-ofac:52114"


@pytest.fixture
def ledger():
    programs = [reference.ofac_program(t) for t in ("SYRIA", "DPRK3", "RUSSIA-EO14024", "DPRK2")]
    return Ledger(
        jurisdictions=[reference.US, reference.KR],
        authorities=[reference.US_OFAC, reference.KR_FSC],
        lists=[reference.US_OFAC_SDN, reference.KR_FSC_FTR],
        programs=[*programs, reference.KR_TFPA],
        entities=[
            Entity(id=KIM, kind="individual", names=[Name(text="김영복")]),
            Entity(id=ENT_24026, kind="organization", names=[Name(text="KORYO BANK")]),
            Entity(id=ENT_52114, kind="individual", names=[Name(text="KIM, Yong Bok")]),
        ],
    )


def act(action_id, kind, list_id, entity, effective, recorded, **kw):
    return Action(
        id=action_id,
        kind=kind,
        list=list_id,
        entities=[entity],
        effective=effective,
        recorded=recorded,
        **kw,
    )


@pytest.fixture
def kst(ledger):
    ledger.record(
        act(
            "kr-2024-12-17",
            "designate",
            FTR,
            KIM,
            "2024-12-19T00:00+09:00",
            "2024-12-17",
            programs=["KR-TFPA"],
            announced="2024-12-17",
        )
    )
    return ledger


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2024, 12, 18), Status.NOT_LISTED),
        ("2024-12-18", Status.NOT_LISTED),
        (date(2024, 12, 19), Status.LISTED),
        (datetime(2024, 12, 18, 16, 0, tzinfo=UTC), Status.LISTED),
        ("2024-12-18T16:00Z", Status.LISTED),
        (datetime(2024, 12, 18, 14, 59, tzinfo=UTC), Status.NOT_LISTED),
        ("2024-12-18T14:59:00+00:00", Status.NOT_LISTED),
        (datetime(2024, 12, 18, 15, 0, tzinfo=UTC), Status.LISTED),
        (datetime(2024, 12, 18, 14, 59, 59, 999999, tzinfo=UTC), Status.NOT_LISTED),
        (datetime(2024, 12, 19, 0, 0, tzinfo=KST), Status.LISTED),
        ("2024-12-18T23:59:59.999999+09:00", Status.NOT_LISTED),
    ],
)
def test_kst_midnight_boundary(kst, on, expected):
    """Effective 2024-12-19 00:00 KST: not on the 18th (KST), listed from 15:00Z."""
    assert expected == kst.status(KIM, FTR, on=on).status


def test_kst_boundary_in_snapshot_and_holdings(kst):
    """Snapshot and lists_holding read the same boundary as status."""
    assert () == kst.snapshot(FTR, on="2024-12-18").listed
    assert (KIM,) == kst.snapshot(FTR, on="2024-12-18T16:00Z").listed
    assert () == kst.lists_holding(KIM, on="2024-12-18T14:59Z")
    assert (FTR,) == tuple(h.list for h in kst.lists_holding(KIM, on="2024-12-18T16:00Z"))


def test_date_effective_starts_at_local_midnight(ledger):
    """A date-effective US action holds from 00:00 New York time, not 00:00 UTC."""
    ledger.record(
        act("ofac", "designate", SDN, ENT_52114, "2024-12-16", "2024-12-16", programs=["DPRK2"])
    )
    assert Status.NOT_LISTED == ledger.status(ENT_52114, SDN, on="2024-12-16T04:59Z").status
    assert Status.LISTED == ledger.status(ENT_52114, SDN, on="2024-12-16T05:00Z").status
    assert Status.NOT_LISTED == ledger.status(ENT_52114, SDN, on="2024-12-15").status


@pytest.fixture
def window(ledger):
    ledger.record(
        act(
            "w",
            "designate",
            SDN,
            ENT_52114,
            Window(
                earliest="2024-05-03",
                latest="2025-01-03",
                evidence=("absent from sdn.csv of 2024-05-03", "present in add.csv of 2025-01-03"),
            ),
            "2025-01-03",
            programs=["DPRK2"],
        )
    )
    return ledger


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-05-02", Status.NOT_LISTED),
        ("2024-05-03T03:59:59.999999Z", Status.NOT_LISTED),
        ("2024-05-03", Status.UNKNOWN),
        ("2024-09-15", Status.UNKNOWN),
        ("2025-01-02", Status.UNKNOWN),
        ("2025-01-03T04:59:59Z", Status.UNKNOWN),
        ("2025-01-03T05:00Z", Status.LISTED),
        ("2025-01-03", Status.LISTED),
        ("2025-06-01", Status.LISTED),
    ],
)
def test_window_unknown_inside_listed_after(window, on, expected):
    """A window answers NOT_LISTED before, UNKNOWN inside, LISTED from its last day."""
    assert expected == window.status(ENT_52114, SDN, on=on).status


def test_window_answer_carries_its_evidence(window):
    """An UNKNOWN answer names the window's action and its evidence."""
    report = window.status(ENT_52114, SDN, on="2024-09-15")
    assert ("w",) == tuple(a.id for a in report.actions)
    assert ("DPRK2",) == report.possible_programs
    assert "absent from sdn.csv of 2024-05-03" in report.reason
    assert (ENT_52114,) == window.snapshot(SDN, on="2024-09-15").unknown


def test_program_change_keeps_since(ledger):
    """SYRIA -> DPRK3 + RUSSIA-EO14024 while listed: programs change, since stays."""
    ledger.extend(
        [
            act(
                "2004", "designate", SDN, ENT_24026, "2004-05-11", "2004-05-11", programs=["SYRIA"]
            ),
            act(
                "2016",
                "amend",
                SDN,
                ENT_24026,
                "2016-06-01",
                "2016-06-01",
                programs=["DPRK3"],
                removes=["SYRIA"],
            ),
            act(
                "2024",
                "amend",
                SDN,
                ENT_24026,
                "2024-06-12",
                "2024-06-12",
                programs=["RUSSIA-EO14024"],
            ),
        ]
    )
    assert ("SYRIA",) == ledger.status(ENT_24026, SDN, on="2010-01-01").programs
    (holding,) = ledger.lists_holding(ENT_24026, on="2025-01-01")
    assert ("DPRK3", "RUSSIA-EO14024") == holding.programs
    assert (date(2004, 5, 11), "2004") == (holding.since, holding.listed_by)
    assert Status.LISTED == ledger.status(ENT_24026, SDN, on="2016-06-01").status
    episodes = [
        (d.program, d.started_by, d.ended_by, d.listed_by) for d in ledger.designations(ENT_24026)
    ]
    expected = [
        ("SYRIA", "2004", "2016", "2004"),
        ("DPRK3", "2016", None, "2004"),
        ("RUSSIA-EO14024", "2024", None, "2004"),
    ]
    assert expected == episodes


def test_delist_and_relist_are_two_runs(ledger):
    """A relisting starts a new run: two episodes, each with its own designate."""
    ledger.extend(
        [
            act("a", "designate", SDN, ENT_24026, "2010-01-04", "2010-01-04", programs=["SYRIA"]),
            act("b", "delist", SDN, ENT_24026, "2015-03-02", "2015-03-02"),
            act("c", "designate", SDN, ENT_24026, "2018-07-09", "2018-07-09", programs=["DPRK3"]),
        ]
    )
    runs = [
        (d.started_by, d.ended_by, d.listed_by, d.is_open) for d in ledger.designations(ENT_24026)
    ]
    assert [("a", "b", "a", False), ("c", None, "c", True)] == runs
    assert Status.NOT_LISTED == ledger.status(ENT_24026, SDN, on="2015-03-02").status
    assert Status.LISTED == ledger.status(ENT_24026, SDN, on="2015-03-01").status
    assert Status.NOT_LISTED == ledger.status(ENT_24026, SDN, on="2016-01-01").status
    (holding,) = ledger.lists_holding(ENT_24026, on="2019-01-01")
    assert (date(2018, 7, 9), "c") == (holding.since, holding.listed_by)


@pytest.mark.parametrize(
    "query",
    [
        lambda lg: lg.status(KIM, FTR, on=datetime(2024, 12, 19, 12, 0)),  # noqa: DTZ001
        lambda lg: lg.lists_holding(KIM, on=datetime(2024, 12, 19, 12, 0)),  # noqa: DTZ001
        lambda lg: lg.snapshot(FTR, on=datetime(2024, 12, 19, 12, 0)),  # noqa: DTZ001
        lambda lg: lg.status(KIM, FTR, on="2024-12-19T12:00"),
    ],
)
def test_naive_datetime_is_refused(kst, query):
    """A naive datetime (or ISO text without an offset) raises NaiveDatetimeError."""
    with pytest.raises(NaiveDatetimeError):
        query(kst)


def test_naive_effective_is_refused():
    """An action effective at a naive datetime is refused when built."""
    with pytest.raises(NaiveDatetimeError):
        act("x", "delist", FTR, KIM, datetime(2024, 12, 19), "2024-12-19")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("effective", "expected"),
    [
        ("2024-12-19", date(2024, 12, 19)),
        ("2024-12", PartialDate(year=2024, month=12)),
        ("2024", PartialDate(year=2024)),
        ("2024-12-19T00:00+09:00", datetime(2024, 12, 18, 15, 0, tzinfo=UTC)),
        ("2024-12-18T15:00Z", datetime(2024, 12, 18, 15, 0, tzinfo=UTC)),
    ],
)
def test_iso_strings_are_accepted(effective, expected):
    """ISO strings give dates, partial dates and instants."""
    assert expected == act("x", "delist", FTR, KIM, effective, "2024-12-19").effective


def test_iso_strings_in_queries_equal_objects(kst):
    """A query with ISO text answers as with the date or datetime object."""
    by_text = kst.status(KIM, FTR, on="2024-12-18T16:00+00:00")
    by_object = kst.status(KIM, FTR, on=datetime(2024, 12, 18, 16, 0, tzinfo=UTC))
    assert by_object.status == by_text.status
    assert (
        kst.snapshot(FTR, on=date(2024, 12, 19)).listed == kst.snapshot(FTR, on="2024-12-19").listed
    )


def test_mixed_window_ending_before_it_starts_is_refused(ledger):
    """A window from a day to an instant before that day's midnight is refused, not recorded."""
    reversed_window = Window(earliest="2024-05-03", latest="2024-05-01T00:00Z")
    with pytest.raises(SanctionsModelError):
        ledger.record(
            act("w", "designate", SDN, ENT_52114, reversed_window, "2024-06-01", programs=["DPRK2"])
        )


@given(st.integers(1, 9999), st.integers(1, 12))
@example(9999, 12)
def test_partial_month_bounds_exist(year, month):
    """Every year-month partial date has a last day, December 9999 included."""
    d = PartialDate(year=year, month=month)
    assert (d.earliest.year, d.earliest.month) == (d.latest.year, d.latest.month)
