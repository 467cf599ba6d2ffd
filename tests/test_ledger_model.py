"""The ledger against a naive reference implementation, on generated histories.

The reference below scans every action for every query: no index, no derived
episodes.  It reads DESIGN.md literally: an effective time is the unknown
moment ``t`` with ``lo <= t <= hi`` (a day from 00:00 local, a window from
00:00 of its first day to 00:00 of its last); at a moment ``m`` the actions
that surely happened are those with ``hi <= m`` and those that may have are
those with ``lo <= m``; the entity is LISTED if at some moment of the time
asked it is on the list whichever way the uncertain actions fall, UNKNOWN if
it is on the list some way, NOT_LISTED otherwise.  A list with observations
is known only from the first one seen: NOT_LISTED at a time asked that
starts before it is UNKNOWN.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionsmodel import (
    Action,
    ActionKind,
    Designation,
    Ledger,
    Observation,
    PartialDate,
    Status,
    Window,
)
from sanctionsmodel.exceptions import LedgerError
from strategies import OFFSETS, History, histories, sample_history

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- the naive reference ----------------------------------------------------------


def _micros(value: datetime) -> int:
    return (value - _EPOCH) // _US


def _day_start(day: date, tz: str) -> int:
    return _micros(datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)))


def _point(value: date | datetime, tz: str) -> int:
    return _micros(value) if isinstance(value, datetime) else _day_start(value, tz)


def naive_bounds(effective: object, tz: str) -> tuple[int, int]:
    """The earliest and latest moment an effective time may stand for."""
    if isinstance(effective, Window):
        return _point(effective.earliest, tz), _point(effective.latest, tz)
    if isinstance(effective, PartialDate):
        return _day_start(effective.earliest, tz), _day_start(effective.latest, tz)
    p = _point(effective, tz)
    return p, p


def naive_interval(on: date | datetime | str, tz: str) -> tuple[int, int]:
    """``[q0, q1)``: the local day of a date, the one microsecond of an instant."""
    if isinstance(on, str):
        on = datetime.fromisoformat(on) if "T" in on else date.fromisoformat(on)
    if isinstance(on, datetime):
        return _micros(on), _micros(on) + 1
    return _day_start(on, tz), _day_start(on + timedelta(days=1), tz)


class Naive:
    """Answers every query by scanning the live actions."""

    def __init__(
        self,
        history: History,
        actions: tuple[Action, ...],
        observations: tuple[Observation, ...] | None = None,
    ) -> None:
        self.history = history
        # Every list the history observes is known only from its first
        # observation seen (none seen: never).
        seen = history.observations if observations is None else observations
        self.observed = {o.list for o in history.observations}
        self.observations = seen
        gone = {a.supersedes for a in actions if a.supersedes is not None}
        # Recording order, except that a correction takes the place of what it corrects.
        self.order: dict[str, int] = {}
        for i, a in enumerate(actions):
            self.order[a.id] = self.order.get(a.supersedes, i)
        self.live = [a for a in actions if a.id not in gone]
        self.tz = {lst.id: history.timezone_of(lst.id) for lst in history.lists}
        self.bounds = {a.id: naive_bounds(a.effective, self.tz[a.list]) for a in self.live}

    def chain(self, entity: str, list_id: str) -> list[Action]:
        """The live actions on one entity and list, in effective order."""
        acts = [a for a in self.live if a.list == list_id and entity in a.entities]
        return sorted(acts, key=lambda a: (*self.bounds[a.id], self.order[a.id]))

    @staticmethod
    def states(chain: list[Action]) -> list[tuple[frozenset[str], int]]:
        """The programs held after 0, 1, 2... actions, with the run's designate index."""
        out = [(frozenset(), -1)]
        held: frozenset[str] = frozenset()
        run = -1
        for i, a in enumerate(chain):
            if a.kind is ActionKind.DESIGNATE:
                held, run = frozenset(a.programs), i
            elif a.kind is ActionKind.DELIST:
                held, run = frozenset(), -1
            else:
                held = (held - set(a.removes)) | set(a.programs)
            out.append((held, run))
        return out

    def moments(self, chain: list[Action], q0: int, q1: int) -> list[tuple[int, int]]:
        """For each piece of ``[q0, q1)``: the least and most actions done by then."""
        points = {q0}
        for a in chain:
            points |= {p for p in self.bounds[a.id] if q0 <= p < q1}
        out = []
        for m in sorted(points):
            surely = sum(1 for a in chain if self.bounds[a.id][1] <= m)
            maybe = sum(1 for a in chain if self.bounds[a.id][0] <= m)
            out.append((surely, maybe))
        return out

    def unseen(self, list_id: str, on: object) -> bool:
        """Whether some moment asked falls before the list's record starts."""
        if list_id not in self.observed:
            return False
        tz = self.tz[list_id]
        starts = [_point(o.observed, tz) for o in self.observations if o.list == list_id]
        return not starts or naive_interval(on, tz)[0] < min(starts)

    def status(self, entity: str, list_id: str, on: object) -> tuple[Status, tuple, tuple]:
        """Status, sure programs and possible programs of one record."""
        state, sure, possible = self.shown(entity, list_id, on)
        if state is Status.NOT_LISTED and self.unseen(list_id, on):
            state = Status.UNKNOWN
        return state, sure, possible

    def shown(self, entity: str, list_id: str, on: object) -> tuple[Status, tuple, tuple]:
        """What the actions alone say of one record: status, sure and possible programs."""
        chain = self.chain(entity, list_id)
        q0, q1 = naive_interval(on, self.tz[list_id])
        states = self.states(chain)
        listed = maybe_listed = False
        sure: set[str] = set()
        possible: set[str] = set()
        for lo, hi in self.moments(chain, q0, q1):
            held = [states[k][0] for k in range(lo, hi + 1)]
            listed |= all(held)
            maybe_listed |= any(held)
            sure |= frozenset.intersection(*held)
            possible |= frozenset.union(*held)
        state = Status.LISTED if listed else Status.UNKNOWN if maybe_listed else Status.NOT_LISTED
        return state, tuple(sorted(sure)), tuple(sorted(possible - sure))

    def listed_by(self, entity: str, list_id: str, on: object) -> str:
        """The designate action of the latest run that surely (else maybe) holds."""
        chain = self.chain(entity, list_id)
        q0, q1 = naive_interval(on, self.tz[list_id])
        states = self.states(chain)
        sure: set[int] = set()
        maybe: set[int] = set()
        for lo, hi in self.moments(chain, q0, q1):
            runs = [states[k][1] for k in range(lo, hi + 1)]
            if len(set(runs)) == 1 and runs[0] >= 0:
                sure.add(runs[0])
            maybe |= {r for r in runs if r >= 0}
        return chain[max(sure or maybe)].id

    def group(self, entity: str) -> list[str]:
        """The entity and every record linked to it as the same party."""
        seen = [entity]
        for current in seen:
            for link in self.history.links:
                if link.same and current in (link.left, link.right):
                    other = link.other(current)
                    if other not in seen:
                        seen.append(other)
        return seen

    def group_status(self, entity: str, list_id: str, on: object) -> Status:
        """The best status of the entity and its linked records."""
        rank = [Status.NOT_LISTED, Status.UNKNOWN, Status.LISTED]
        found = [self.status(e, list_id, on)[0] for e in self.group(entity)]
        return max(found, key=rank.index)

    def designations(self, entity: str, list_id: str) -> list[tuple[tuple[int, int], Designation]]:
        """Program episodes of one record on one list, with their start bounds."""
        out = []
        opened: dict[str, Action] = {}
        run: Action | None = None

        def close(program: str, end: Action | None) -> None:
            start = opened.pop(program)
            assert run is not None
            out.append(
                (
                    self.bounds[start.id],
                    Designation(
                        entity=entity,
                        list=list_id,
                        program=program,
                        start=start.effective,
                        started_by=start.id,
                        listed_by=run.id,
                        end=None if end is None else end.effective,
                        ended_by=None if end is None else end.id,
                    ),
                )
            )

        for a in self.chain(entity, list_id):
            if a.kind is ActionKind.DESIGNATE:
                run = a
            ended = sorted(opened) if a.kind is ActionKind.DELIST else a.removes
            for program in ended:
                close(program, a)
            for program in a.programs:
                opened[program] = a
        for program in sorted(opened):
            close(program, None)
        return out

    def changes(self, start: date, end: date, list_id: str) -> list[tuple[tuple, str, bool]]:
        """Live actions on a list whose effective time may fall in ``[start, end]``."""
        tz = self.tz[list_id]
        q0, q1 = naive_interval(start, tz)[0], naive_interval(end, tz)[1]
        out = []
        for a in self.live:
            if a.list != list_id:
                continue
            lo, hi = self.bounds[a.id]
            if lo < q1 and hi >= q0:
                out.append(((lo, hi, self.order[a.id]), a.id, q0 <= lo and hi < q1))
        return out


# -- query times ---------------------------------------------------------------------


def query_times(history: History, actions: tuple[Action, ...]) -> list[date | datetime]:
    """Days and instants next to every bound: the local days around it and 1 µs either side.

    The bounds are those of the actions and of the history's observations.
    """
    out: list[date | datetime] = []
    points = [(a.list, naive_bounds(a.effective, history.timezone_of(a.list))) for a in actions]
    points.extend(
        (o.list, (_point(o.observed, history.timezone_of(o.list)),)) for o in history.observations
    )
    for list_id, bounds in points:
        tz = history.timezone_of(list_id)
        for bound in bounds:
            at = _EPOCH + bound * _US
            day = at.astimezone(ZoneInfo(tz)).date()
            out += [day - timedelta(days=1), day, day + timedelta(days=1)]
            out += [at + d * _US for d in (-1, 0, 1)]
            out.append(at + timedelta(hours=12))
    return out or [date(2024, 1, 1)]


@st.composite
def queries(draw: st.DrawFn, history: History, actions: tuple[Action, ...]) -> object:
    """A query time near a bound, as a date, an instant in some offset, or ISO text."""
    on = draw(st.sampled_from(query_times(history, actions)))
    if isinstance(on, datetime):
        on = on.astimezone(draw(st.sampled_from(OFFSETS)))
    if draw(st.integers(0, 3)) == 0:
        on = on.isoformat()
    return on


# -- comparing a ledger with the reference ---------------------------------------------


def check_point(ledger: Ledger, naive: Naive, history: History, entity: str, on: object) -> None:
    """Status, holdings and snapshots of one record at one time agree."""
    expected_holdings = set()
    for lst in history.lists:
        state, sure, maybe = naive.status(entity, lst.id, on)
        report = ledger.status(entity, lst.id, on=on, follow_links=False)
        assert (state, sure, maybe) == (report.status, report.programs, report.possible_programs)
        assert naive.group_status(entity, lst.id, on) == ledger.status(entity, lst.id, on=on).status
        assert (report.coverage is not None) == (
            naive.unseen(lst.id, on) and naive.shown(entity, lst.id, on)[0] is Status.NOT_LISTED
        )
        snap = ledger.snapshot(lst.id, on=on)
        shown = naive.shown(entity, lst.id, on)[0]
        assert (entity in snap.listed, entity in snap.unknown, snap.complete) == (
            shown is Status.LISTED,
            shown is Status.UNKNOWN,
            not naive.unseen(lst.id, on),
        )
    for member in naive.group(entity):
        for lst in history.lists:
            state, sure, maybe = naive.shown(member, lst.id, on)
            if state is not Status.NOT_LISTED:
                listed_by = naive.listed_by(member, lst.id, on)
                expected_holdings.add((lst.id, member, state, sure, maybe, listed_by))
    for follow in (False, True):
        actual = {
            (h.list, h.entity, h.status, h.programs, h.possible_programs, h.listed_by)
            for h in ledger.lists_holding(entity, on=on, follow_links=follow)
        }
        expected = {h for h in expected_holdings if follow or h[1] == entity}
        # A list whose record starts later may hold the entity: one holding, of no action.
        held = {h[0] for h in expected}
        expected |= {
            (lst.id, entity, Status.UNKNOWN, (), (), None)
            for lst in history.lists
            if lst.id not in held and naive.unseen(lst.id, on)
        }
        assert expected == actual


def check_ledger(ledger: Ledger, naive: Naive, history: History, data: st.DataObject) -> None:
    """Every query the ledger answers agrees with the reference."""
    for entity in history.entities:
        expected = [
            pair
            for member in naive.group(entity.id)
            for lst in history.lists
            for pair in naive.designations(member, lst.id)
        ]
        expected.sort(key=lambda p: (p[0], p[1].list, p[1].entity, p[1].program))
        assert [d for _, d in expected] == list(ledger.designations(entity.id))
        own = [d for _, d in expected if d.entity == entity.id]
        assert own == list(ledger.designations(entity.id, follow_links=False))
    for _ in range(4):
        entity = data.draw(st.sampled_from(history.entities)).id
        on = data.draw(queries(history, ledger.actions))
        check_point(ledger, naive, history, entity, on)
    times = [t for t in query_times(history, ledger.actions) if not isinstance(t, datetime)]
    first, last = sorted(data.draw(st.lists(st.sampled_from(times), min_size=2, max_size=2)))
    expected_changes = []
    for lst in history.lists:
        expected_changes += naive.changes(first, last, lst.id)
        answer = ledger.changes(first, last, list_id=lst.id)
        listed = [(c.action.id, c.certain) for c in answer]
        assert [(i, c) for _, i, c in sorted(naive.changes(first, last, lst.id))] == listed
        assert answer.complete is not naive.unseen(lst.id, first)
        assert [u.list for u in answer.coverage] == (
            [lst.id] if naive.unseen(lst.id, first) else []
        )
    expected_changes.sort()
    answer = ledger.changes(first, last)
    actual = [(c.action.id, c.certain) for c in answer]
    assert [(i, c) for _, i, c in expected_changes] == actual
    unseen = sorted(lst.id for lst in history.lists if naive.unseen(lst.id, first))
    assert [u.list for u in answer.coverage] == unseen


def answers(history: History, ledger: Ledger) -> list[object]:
    """What the public queries say about every entity and list near every bound."""
    out: list[object] = [ledger.actions]
    times = query_times(history, history.actions)
    for entity in history.entities:
        out += [ledger.designations(entity.id), ledger.history(entity.id)]
        for on in times[::3]:
            out.append(ledger.lists_holding(entity.id, on=on))
    for lst in history.lists:
        out += [ledger.snapshot(lst.id, on=on) for on in times[::3]]
        out.append(ledger.changes("2000-01-01", "2040-01-01", list_id=lst.id))
    return out


# -- the properties ---------------------------------------------------------------------


@_SLOW
@given(history=histories(), data=st.data())
def test_ledger_agrees_with_naive_reference(history, data):
    """status, lists_holding, snapshot, designations and changes match a full scan."""
    ledger = history.build()
    check_ledger(ledger, Naive(history, history.actions), history, data)


@_SLOW
@given(history=histories(), data=st.data())
def test_as_of_agrees_with_naive_reference(history, data):
    """A view as known on a day answers as the reference over the actions recorded by then."""
    ledger = history.build()
    recorded = [x.recorded for x in (*history.actions, *history.observations)]
    days = sorted({day + timedelta(days=d) for day in recorded for d in (-1, 0)})
    day = data.draw(st.sampled_from(days or [date(2024, 1, 1)]))
    seen = tuple(a for a in history.actions if a.recorded <= day)
    view = ledger.as_of(day)
    assert seen == view.actions
    observed = tuple(o for o in history.observations if o.recorded <= day)
    assert observed == view.observations
    check_ledger(view, Naive(history, seen, observed), history, data)


@_SLOW
@given(history=histories(), data=st.data())
def test_batches_agree_with_one_extend(history, data):
    """Recording the history in several batches builds the same ledger as one batch."""
    ledger = history.build(())
    cuts = sorted(data.draw(st.lists(st.integers(0, len(history.actions)), max_size=4)))
    for lo, hi in zip([0, *cuts], [*cuts, len(history.actions)], strict=True):
        ledger.extend(history.actions[lo:hi])
    whole = history.build()
    assert whole == ledger
    for entity in history.entities:
        assert whole.designations(entity.id) == ledger.designations(entity.id)


@_SLOW
@given(history=histories())
def test_as_of_is_monotonic(history):
    """An action seen as of a day is seen on every later day; views equal ledgers rebuilt."""
    ledger = history.build()
    days = sorted({x.recorded for x in (*history.actions, *history.observations)})
    previous: set[str] = set()
    for day in days:
        view = ledger.as_of(day)
        ids = {a.id for a in view.actions}
        assert previous <= ids
        previous = ids
        assert (
            history.build(
                (a for a in history.actions if a.recorded <= day),
                (o for o in history.observations if o.recorded <= day),
            )
            == view
        )


@_SLOW
@given(history=histories(), data=st.data())
def test_correction_shows_from_its_recording_day(history, data):
    """A correction changes the views only from the day it is recorded."""
    fixes = [a for a in history.actions if a.supersedes is not None]
    if not fixes:
        return
    fix = data.draw(st.sampled_from(fixes))
    ledger = history.build()
    before = ledger.as_of(fix.recorded - timedelta(days=1))
    after = ledger.as_of(fix.recorded)
    assert fix.id not in {a.id for a in before.actions}
    assert (None, fix.id) == (
        before.superseded_by(fix.supersedes),
        after.superseded_by(fix.supersedes),
    )
    without = history.build(a for a in history.actions if a.recorded < fix.recorded)
    for entity in fix.entities:
        assert without.designations(entity) == before.designations(entity)


def _bad_actions(history: History, ledger: Ledger) -> st.SearchStrategy[Action]:
    """Actions that the ledger must refuse."""
    entity = history.entities[0].id
    lst = history.lists[0].id
    unused = [
        (e.id, x.id)
        for e in history.entities
        for x in history.lists
        if not any(a.list == x.id and e.id in a.entities for a in history.actions)
    ]
    base = {"kind": "designate", "list": lst, "entities": [entity], "programs": ["SYRIA"]}
    base |= {"effective": "2020-01-01", "recorded": "2020-01-01"}
    bad = [
        Action(**(base | {"id": "bad", "list": "no-such-list"})),
        Action(**(base | {"id": "bad", "entities": ["no-such-entity"]})),
        Action(**(base | {"id": "bad", "programs": ["NO-SUCH-PROGRAM"]})),
        Action(**(base | {"id": "bad", "supersedes": "no-such-action"})),
    ]
    if ledger.actions:
        old = ledger.actions[0]
        bad.append(Action(**(base | {"id": old.id})))
        if ledger.superseded_by(old.id) is None:
            early = old.recorded - timedelta(days=1)
            bad.append(Action(**(base | {"id": "bad", "supersedes": old.id, "recorded": early})))
    for entity_id, list_id in unused:
        bad.append(
            Action(
                id="bad",
                kind="delist",
                list=list_id,
                entities=[entity_id],
                effective="2020-01-01",
                recorded="2020-01-01",
            )
        )
    return st.sampled_from(bad)


@_SLOW
@given(history=histories(), data=st.data())
def test_refused_batch_changes_nothing(history, data):
    """A batch with one bad action is refused whole: data, derived state and answers stay."""
    cut = data.draw(st.integers(0, len(history.actions)))
    ledger = history.build(history.actions[:cut])
    rest = list(history.actions[cut:])
    bad = data.draw(_bad_actions(history, ledger))
    rest.insert(data.draw(st.integers(0, len(rest))), bad)
    before = answers(history, ledger)
    with pytest.raises(LedgerError):
        ledger.extend(rest)
    assert history.build(history.actions[:cut]) == ledger
    assert before == answers(history, ledger)
    ledger.extend(history.actions[cut:])
    assert history.build() == ledger


@_SLOW
@given(history=histories(), data=st.data())
def test_every_view_of_an_accepted_ledger_answers(history, data):
    """A ledger either refuses recording days out of step, or answers in every view."""
    moved: dict[str, Action] = {}
    for a in history.actions:
        day = a.recorded + timedelta(days=data.draw(st.integers(-60, 60)))
        if a.supersedes is not None:
            day = max(day, moved[a.supersedes].recorded)
        moved[a.id] = attrs.evolve(a, recorded=day)
    try:
        ledger = history.build(moved.values())
    except LedgerError:
        return
    for day in sorted({a.recorded for a in moved.values()}):
        view = ledger.as_of(day)
        for entity in history.entities:
            view.designations(entity.id)


def test_view_of_amend_known_before_its_designation():
    """An amend recorded before the designation it amends is refused, or its view answers."""
    history = sample_history()
    designate, amend = history.actions
    actions = [
        attrs.evolve(designate, recorded="2024-10-05"),
        attrs.evolve(amend, recorded="2024-10-01"),
    ]
    try:
        ledger = history.build(actions)
    except LedgerError:
        return
    view = ledger.as_of("2024-10-02")  # sees the amend, not the designation
    view.designations("e0")


def test_correction_of_delist_on_relist_day():
    """Correcting a delisting that shares its day with a relisting keeps both runs."""
    history = sample_history()
    designate = history.actions[0]
    delist = Action(
        id="x",
        kind="delist",
        list="list-0",
        entities=["e0"],
        effective="2021-01-01",
        recorded="2021-01-01",
    )
    relist = attrs.evolve(
        designate, id="r", programs=["DPRK3"], effective="2021-01-01", recorded="2021-01-01"
    )
    fix = attrs.evolve(delist, id="x2", recorded="2021-02-01", supersedes="x", note="source fixed")
    ledger = history.build([designate, delist, relist])
    ledger.record(fix)
    assert ("d", "r") == tuple(d.listed_by for d in ledger.designations("e0"))


def test_program_swap_inside_a_window_is_listed():
    """An amend swapping every program within a window leaves the entity LISTED throughout."""
    history = sample_history()
    ledger = history.build()
    report = ledger.status("e0", "list-0", on="2024-09-15", follow_links=False)
    assert Status.LISTED == report.status
    assert ("e0",) == ledger.snapshot("list-0", on="2024-09-15").listed
    assert (Status.LISTED,) == tuple(h.status for h in ledger.lists_holding("e0", on="2024-09-15"))
