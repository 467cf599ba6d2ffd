"""Hypothesis builders that make *valid* instances of every public class.

``STRATEGIES`` maps each public attrs class to its builder; ``histories()``
makes whole consistent action histories (designate, amend, delist, relist,
windows, corrections recorded later, several lists in different time zones,
links) and ``ledgers()`` the ledgers built from them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from sanctionsmodel import (
    Action,
    ActionKind,
    Address,
    Authority,
    Change,
    Changes,
    Confidence,
    Coverage,
    Designation,
    Entity,
    EntityKind,
    Feature,
    Holding,
    Identifier,
    Jurisdiction,
    Ledger,
    Link,
    Name,
    NameKind,
    Observation,
    PartialDate,
    Program,
    Relationship,
    SanctionsList,
    Snapshot,
    Status,
    StatusReport,
    Vessel,
    Window,
)

# -- text ------------------------------------------------------------------------

LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -',."
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
CYRILLIC = st.characters(min_codepoint=0x0410, max_codepoint=0x044F)


def _non_blank(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return strategy.filter(lambda s: bool(s.strip()))


latin_texts = _non_blank(st.text(LATIN, min_size=1, max_size=20))
hangul_texts = _non_blank(
    st.lists(st.one_of(HANGUL, st.just(" ")), min_size=1, max_size=6).map("".join)
)
cyrillic_texts = _non_blank(
    st.lists(st.one_of(CYRILLIC, st.just(" ")), min_size=1, max_size=12).map("".join)
)
name_texts = st.one_of(latin_texts, hangul_texts, cyrillic_texts)
#: Free text: anything with a non-blank character.
texts = _non_blank(st.text(min_size=1, max_size=20))
opt_texts = st.none() | texts
#: Ids: non-empty, no surrounding spaces.
ids = st.text(min_size=1, max_size=12).filter(lambda s: s == s.strip() and bool(s))
opt_ids = st.none() | ids

# -- time ------------------------------------------------------------------------

#: Real IANA zones, the ones the brief names first, then zones whose clocks
#: change at local midnight or by half an hour.
ZONE_NAMES = (
    "America/New_York",
    "Asia/Seoul",
    "UTC",
    "Asia/Pyongyang",
    "America/Havana",
    "America/Santiago",
    "Asia/Beirut",
    "Asia/Kathmandu",
)
#: Fixed offsets, from -12:00 to +14:00, with odd minutes and one with seconds.
_MINUTES = (0, 9 * 60, -5 * 60, -4 * 60, 5 * 60 + 30, 5 * 60 + 45, 14 * 60, -12 * 60, -210)
OFFSETS = (
    *(timezone(timedelta(minutes=m)) for m in _MINUTES),
    timezone(timedelta(hours=8, minutes=27, seconds=52)),
)
offsets = st.sampled_from(OFFSETS)
timezones = st.one_of(offsets, st.sampled_from([ZoneInfo(z) for z in ZONE_NAMES]))

partial_dates = st.builds(
    lambda d, precision: PartialDate(
        year=d.year,
        month=d.month if precision > 0 else None,
        day=d.day if precision > 1 else None,
    ),
    st.dates(),
    st.integers(0, 2),
)
aware_datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - bounds of a naive range, zone added below
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=timezones,
)
naive_datetimes = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1))  # noqa: DTZ001
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
evidence = st.lists(texts, max_size=2).map(tuple)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    """A window whose start is before its end in every time zone."""
    shape = draw(st.sampled_from(["dates", "instants", "date-instant", "instant-date"]))
    start = draw(dates)
    length = draw(st.integers(0, 400))
    if shape == "dates":
        lo: date | datetime = start
        hi: date | datetime = start + timedelta(days=length)
    elif shape == "instants":
        lo = draw(aware_datetimes)
        hi = lo + timedelta(days=length, microseconds=draw(st.integers(0, 10**9)))
    elif shape == "date-instant":
        # Two days later is after that day's midnight in any zone (offsets are within 14 h).
        lo = start
        hi = datetime.combine(start + timedelta(days=length + 2), time(0), tzinfo=draw(offsets))
    else:
        lo = draw(aware_datetimes)
        hi = lo.date() + timedelta(days=length + 2)
    return Window(earliest=lo, latest=hi, evidence=draw(evidence))


effectives = st.one_of(dates, aware_datetimes, partial_dates, windows())

# -- reference data ----------------------------------------------------------------

jurisdictions = st.builds(Jurisdiction, code=ids, name=texts, timezone=st.sampled_from(ZONE_NAMES))
authorities = st.builds(Authority, id=ids, name=texts, jurisdiction=ids)
sanctions_lists = st.builds(
    SanctionsList,
    id=ids,
    name=texts,
    jurisdiction=ids,
    authority=opt_ids,
    description=opt_texts,
)
programs = st.builds(Program, id=ids, jurisdiction=ids, name=opt_texts, legal_basis=opt_texts)

# -- entities --------------------------------------------------------------------


@st.composite
def names(draw: st.DrawFn) -> Name:
    """A name in Latin, Hangul or Cyrillic, its script detected or given."""
    kwargs = {"text": draw(name_texts), "kind": draw(st.sampled_from(NameKind))}
    if draw(st.booleans()):
        kwargs["script"] = draw(st.sampled_from(["Latn", "Hang", "Cyrl", "Hani", "Zyyy"]))
    if draw(st.booleans()):
        kwargs["source"] = draw(texts)
    return Name(**kwargs)


identifiers = st.builds(
    Identifier,
    scheme=st.sampled_from(["passport", "tax-id", "swift-bic", "imo", "us-ofac-uid"]) | ids,
    value=texts,
    country=opt_texts,
    issued=st.none() | partial_dates,
    expires=st.none() | partial_dates,
    note=opt_texts,
)
addresses = st.builds(
    Address,
    lines=st.lists(texts, max_size=2).map(tuple),
    city=opt_texts,
    region=opt_texts,
    postal_code=opt_texts,
    country=opt_texts,
    note=opt_texts,
)
vessels = st.builds(
    Vessel,
    call_sign=opt_texts,
    vessel_type=opt_texts,
    flag=opt_texts,
    owner=opt_texts,
    tonnage=opt_texts,
    gross_registered_tonnage=opt_texts,
)
features = st.builds(Feature, type=texts, value=texts)


@st.composite
def relationships(draw: st.DrawFn) -> Relationship:
    """A relationship to another party by id, by name or both."""
    target, target_name = draw(
        st.one_of(
            st.tuples(ids, st.none()),
            st.tuples(st.none(), name_texts),
            st.tuples(ids, name_texts),
        )
    )
    return Relationship(
        type=draw(st.sampled_from(["Linked To", "Owned or Controlled By"]) | texts),
        target=target,
        target_name=target_name,
        former=draw(st.booleans()),
        source=draw(opt_texts),
    )


text_tuples = st.lists(texts, max_size=2).map(tuple)


def entities(entity_id: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Entity]:
    """Entities with every optional part sometimes present."""
    return st.builds(
        Entity,
        id=entity_id,
        kind=st.sampled_from(EntityKind),
        names=st.lists(names(), min_size=1, max_size=3).map(tuple),
        identifiers=st.lists(identifiers, max_size=2).map(tuple),
        birth_dates=st.lists(partial_dates, max_size=2).map(tuple),
        birth_places=text_tuples,
        nationalities=text_tuples,
        citizenships=text_tuples,
        gender=opt_texts,
        titles=text_tuples,
        addresses=st.lists(addresses, max_size=2).map(tuple),
        vessel=st.none() | vessels,
        features=st.lists(features, max_size=2).map(tuple),
        relationships=st.lists(relationships(), max_size=2).map(tuple),
        remarks=opt_texts,
        source=opt_texts,
    )


# -- actions, designations, links --------------------------------------------------

program_sets = st.lists(ids, min_size=1, max_size=3, unique=True).map(tuple)


@st.composite
def actions(draw: st.DrawFn) -> Action:
    """A valid action on its own (not checked against any ledger)."""
    kind = draw(st.sampled_from(ActionKind))
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    if kind is ActionKind.DESIGNATE:
        added = draw(program_sets)
    elif kind is ActionKind.AMEND:
        tags = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
        cut = draw(st.integers(0, len(tags)))
        added, removed = tuple(tags[:cut]), tuple(tags[cut:])
    action_id = draw(ids)
    return Action(
        id=action_id,
        kind=kind,
        list=draw(ids),
        entities=tuple(draw(st.lists(ids, min_size=1, max_size=3, unique=True))),
        effective=draw(effectives),
        recorded=draw(dates),
        programs=added,
        removes=removed,
        announced=draw(st.none() | dates),
        published=draw(st.none() | dates),
        authority=draw(opt_ids),
        supersedes=draw(st.none() | ids.filter(lambda s: s != action_id)),
        confidence=draw(st.none() | st.sampled_from(Confidence)),
        source=draw(opt_texts),
        note=draw(opt_texts),
    )


@st.composite
def designations(draw: st.DrawFn) -> Designation:
    """A designation episode, open or ended."""
    ended = draw(st.booleans())
    return Designation(
        entity=draw(ids),
        list=draw(ids),
        program=draw(ids),
        start=draw(effectives),
        started_by=draw(ids),
        listed_by=draw(ids),
        end=draw(effectives) if ended else None,
        ended_by=draw(ids) if ended else None,
    )


@st.composite
def links(draw: st.DrawFn) -> Link:
    """A link between two different entity ids."""
    left = draw(ids)
    return Link(
        left=left,
        right=draw(ids.filter(lambda s: s != left)),
        same=draw(st.booleans()),
        score=draw(st.none() | st.floats(0, 1)),
        evidence=draw(text_tuples),
        source=draw(opt_texts),
    )


observations = st.builds(
    Observation,
    list=ids,
    observed=st.one_of(dates, aware_datetimes),
    recorded=dates,
    source=opt_texts,
)


@st.composite
def coverages(draw: st.DrawFn) -> Coverage:
    """What a ledger has seen of a list: none yet (in a view), or a first and last observation."""
    list_id = draw(ids)
    known_on = draw(st.none() | dates)
    if draw(st.booleans()):
        return Coverage(list=list_id, first=None, last=None, observations=0, known_on=known_on)
    first, last = (draw(observations.map(lambda o: attrs.evolve(o, list=list_id))) for _ in "ab")
    count = draw(st.integers(1, 10))
    return Coverage(list=list_id, first=first, last=last, observations=count, known_on=known_on)


sorted_ids = st.lists(ids, max_size=3, unique=True).map(lambda xs: tuple(sorted(xs)))
holdings = st.builds(
    Holding,
    list=ids,
    entity=ids,
    via=st.none() | links(),
    status=st.sampled_from(Status),
    programs=sorted_ids,
    possible_programs=sorted_ids,
    since=st.none() | effectives,
    listed_by=opt_ids,
    designations=st.lists(designations(), max_size=2).map(tuple),
    coverage=st.none() | coverages(),
)
status_reports = st.builds(
    StatusReport,
    entity=ids,
    list=ids,
    on=texts,
    status=st.sampled_from(Status),
    holder=opt_ids,
    via=st.none() | links(),
    programs=sorted_ids,
    possible_programs=sorted_ids,
    designations=st.lists(designations(), max_size=2).map(tuple),
    actions=st.lists(actions(), max_size=2).map(tuple),
    reason=texts,
    coverage=st.none() | coverages(),
)
snapshots = st.builds(
    Snapshot,
    list=ids,
    on=texts,
    listed=sorted_ids,
    unknown=sorted_ids,
    coverage=st.none() | coverages(),
)
changes = st.builds(Change, action=actions(), certain=st.booleans())
change_lists = st.builds(
    Changes,
    start=texts,
    end=texts,
    changes=st.lists(changes, max_size=2).map(tuple),
    coverage=st.lists(coverages(), max_size=2).map(tuple),
)

#: A builder for every public attrs class.
STRATEGIES: dict[type, st.SearchStrategy[object]] = {
    Action: actions(),
    Address: addresses,
    Authority: authorities,
    Change: changes,
    Changes: change_lists,
    Coverage: coverages(),
    Designation: designations(),
    Entity: entities(),
    Feature: features,
    Holding: holdings,
    Identifier: identifiers,
    Jurisdiction: jurisdictions,
    Link: links(),
    Name: names(),
    Observation: observations,
    PartialDate: partial_dates,
    Program: programs,
    Relationship: relationships(),
    SanctionsList: sanctions_lists,
    Snapshot: snapshots,
    StatusReport: status_reports,
    Vessel: vessels,
    Window: windows(),
}

# -- whole histories -----------------------------------------------------------------

#: The jurisdictions histories draw from: the brief's zones plus zones whose
#: clocks jump at midnight (Havana, Santiago, Beirut) or by 30 minutes (Pyongyang).
LEDGER_JURISDICTIONS = (
    Jurisdiction(code="US", name="United States", timezone="America/New_York"),
    Jurisdiction(code="KR", name="Republic of Korea", timezone="Asia/Seoul"),
    Jurisdiction(code="UN", name="United Nations", timezone="UTC"),
    Jurisdiction(code="KP", name="Pyongyang clock", timezone="Asia/Pyongyang"),
    Jurisdiction(code="CU", name="Havana clock", timezone="America/Havana"),
    Jurisdiction(code="CL", name="Santiago clock", timezone="America/Santiago"),
    Jurisdiction(code="LB", name="Beirut clock", timezone="Asia/Beirut"),
)
PROGRAM_TAGS = ("SYRIA", "DPRK3", "RUSSIA-EO14024", "NPWMD", "KR-TFPA")
_FIRST_DAY = date(2014, 1, 1)
_LAST_START = date(2028, 1, 1)


@attrs.frozen(kw_only=True)
class History:
    """Reference data and a consistent action history, in recording order.

    ``slots`` maps each action id to the local-day slot ``(first, last)``
    its effective time lies in; slots of one entity on one list never overlap.
    """

    jurisdictions: tuple[Jurisdiction, ...]
    authorities: tuple[Authority, ...]
    lists: tuple[SanctionsList, ...]
    programs: tuple[Program, ...]
    entities: tuple[Entity, ...]
    links: tuple[Link, ...]
    actions: tuple[Action, ...]
    #: Whole views of lists (see Observation): each list they name is known
    #: only from its first one on.
    observations: tuple[Observation, ...] = ()

    @property
    def reference(self) -> tuple[object, ...]:
        """Every reference object, in an order ``Ledger.add`` accepts."""
        return (
            *self.jurisdictions,
            *self.authorities,
            *self.lists,
            *self.programs,
            *self.entities,
            *self.links,
        )

    def timezone_of(self, list_id: str) -> str:
        """The zone of a list, read from the history (not from a ledger)."""
        lst = next(x for x in self.lists if x.id == list_id)
        return next(j for j in self.jurisdictions if j.code == lst.jurisdiction).timezone

    def build(
        self,
        actions: Iterable[Action] | None = None,
        observations: Iterable[Observation] | None = None,
    ) -> Ledger:
        """A ledger of the reference data, ``actions`` and ``observations`` (all by default).

        Every list the history observes is observed in the ledger, even
        where none of its observations is given (as in a view before them).
        """
        return Ledger(
            observed_lists={o.list for o in self.observations},
            jurisdictions=self.jurisdictions,
            authorities=self.authorities,
            lists=self.lists,
            programs=self.programs,
            entities=self.entities,
            links=self.links,
            observations=self.observations if observations is None else observations,
            actions=self.actions if actions is None else actions,
        )


def _midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _instant_on(draw: st.DrawFn, day: date, tz: str) -> datetime:
    """An instant of local ``day`` (or up to 30 minutes before), in a random offset.

    The offset from local midnight stays within [-30 min, +22 h] so that two
    instants on consecutive days of a 23-hour day keep their order.
    """
    shift = draw(
        st.sampled_from([timedelta(0), timedelta(microseconds=1), timedelta(microseconds=-1)])
        | st.integers(-30 * 60, 22 * 3600).map(lambda s: timedelta(seconds=s))
    )
    return (_midnight(day, tz) + shift).astimezone(draw(offsets))


def _effective_in(draw: st.DrawFn, first: date, last: date, tz: str) -> object:  # noqa: PLR0911 - one return per kind
    """An effective time whose bounds lie in the local-day slot ``[first, last]``."""
    kinds = ["date", "instant", "exact-partial"]
    if last > first:
        kinds += ["window-dates", "window-instants", "window-mixed"]
    month_last = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and last == first.replace(day=month_last):
        kinds += ["month", "month"]
    if first == date(first.year, 1, 1) and last == date(first.year, 12, 31):
        kinds += ["year", "year"]
    kind = draw(st.sampled_from(kinds))
    span = (last - first).days
    if kind in {"date", "instant", "exact-partial"}:
        day = first + timedelta(days=draw(st.integers(0, span)))
        if kind == "date":
            return day
        if kind == "exact-partial":
            return PartialDate.from_date(day)
        return _instant_on(draw, day, tz)
    if kind == "month":
        return PartialDate(year=first.year, month=first.month)
    if kind == "year":
        return PartialDate(year=first.year)
    a = draw(st.integers(0, span - 1))
    b = draw(st.integers(a + 1, span))
    lo_day, hi_day = first + timedelta(days=a), first + timedelta(days=b)
    ev = draw(evidence)
    if kind == "window-dates":
        return Window(earliest=lo_day, latest=hi_day, evidence=ev)
    lo = _instant_on(draw, lo_day, tz)
    hi = _instant_on(draw, hi_day, tz)
    if kind == "window-instants":
        return Window(earliest=lo, latest=hi, evidence=ev)
    if draw(st.booleans()):
        return Window(earliest=lo_day, latest=hi, evidence=ev)
    return Window(earliest=lo, latest=hi_day, evidence=ev)


def _next_slot(draw: st.DrawFn, cursor: date) -> tuple[date, date]:
    """The next local-day slot at or after ``cursor``: a day, a span, a month or a year."""
    start = cursor + timedelta(days=draw(st.integers(0, 45)))
    shape = draw(st.sampled_from(["day", "day", "day", "span", "month", "year"]))
    if shape == "day":
        return start, start
    if shape == "span":
        return start, start + timedelta(days=draw(st.integers(1, 120)))
    if shape == "month":
        first = (
            start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        )
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    first = start if (start.month, start.day) == (1, 1) else date(start.year + 1, 1, 1)
    return first, date(first.year, 12, 31)


class _Builder:
    """Collects the actions of a history as they are drawn."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.made: list[tuple[date, int, Action]] = []
        self.slots: dict[str, tuple[date, date, str]] = {}

    def add(self, action: Action, slot: tuple[date, date], tz: str) -> None:
        self.made.append((action.recorded, len(self.made), action))
        self.slots[action.id] = (*slot, tz)

    def chain(
        self,
        list_id: str,
        tz: str,
        entity_ids: list[str],
        start: date,
        held: frozenset[str],
        recorded: date,
    ) -> None:
        """Draw the actions of one entity on one list after a first state."""
        draw = self.draw
        cursor = start
        for _ in range(draw(st.integers(0, 5))):
            slot = _next_slot(draw, cursor)
            if slot[0] > _LAST_START + timedelta(days=900):
                return
            cursor = slot[1] + timedelta(days=1)
            added: tuple[str, ...] = ()
            removed: tuple[str, ...] = ()
            if not held:
                kind = ActionKind.DESIGNATE
                added = tuple(
                    draw(
                        st.lists(st.sampled_from(PROGRAM_TAGS), min_size=1, max_size=3, unique=True)
                    )
                )
                held = frozenset(added)
            elif draw(st.integers(0, 2)) == 0:
                kind = ActionKind.DELIST
                held = frozenset()
            else:
                kind = ActionKind.AMEND
                free = sorted(set(PROGRAM_TAGS) - held)
                removed = tuple(draw(st.lists(st.sampled_from(sorted(held)), unique=True)))
                must_add = not removed or set(removed) == held
                if must_add and not free:
                    kind, removed, held = ActionKind.DELIST, (), frozenset()
                else:
                    least = 1 if must_add else 0
                    if free:
                        pick = st.lists(st.sampled_from(free), min_size=least, unique=True)
                        added = tuple(draw(pick))
                    held = (held - set(removed)) | set(added)
            lag = timedelta(days=draw(st.integers(-5, 30)))
            recorded = max(recorded, slot[0] + lag)
            action = Action(
                id=f"{list_id}/{entity_ids[0]}/{len(self.made)}",
                kind=kind,
                list=list_id,
                entities=entity_ids,
                effective=_effective_in(draw, *slot, tz),
                recorded=recorded,
                programs=added,
                removes=removed,
                note=draw(st.none() | st.just("drawn")),
            )
            self.add(action, slot, tz)

    def correct(self) -> None:
        """Add corrections, recorded later, that move actions within their slots."""
        draw = self.draw
        for _, _, old in list(self.made):
            target = old
            while draw(st.integers(0, 5)) == 0:
                first, last, tz = self.slots[target.id]
                fix = attrs.evolve(
                    target,
                    id=f"{target.id}/fix{len(self.made)}",
                    effective=_effective_in(draw, first, last, tz),
                    recorded=target.recorded + timedelta(days=draw(st.integers(0, 200))),
                    supersedes=target.id,
                    note="correction",
                )
                self.add(fix, (first, last), tz)
                target = fix


@st.composite
def histories(draw: st.DrawFn, max_entities: int = 4, max_lists: int = 3) -> History:
    """A consistent history of actions over several lists in different time zones.

    Each entity runs designate, amend*, delist, designate again... on each
    list it is on, with effective times in non-overlapping local-day slots
    (days, instants, windows, months, years); some first designations are
    shared by several entities; some actions are corrected by a later record.
    Actions come in recording order, so every prefix is a valid ledger.
    """
    juris = tuple(
        draw(st.lists(st.sampled_from(LEDGER_JURISDICTIONS), min_size=1, max_size=3, unique=True))
    )
    auths = tuple(
        Authority(id=f"auth-{j.code}", name=f"Authority of {j.code}", jurisdiction=j.code)
        for j in juris
        if draw(st.booleans())
    )
    auth_of = {a.jurisdiction: a.id for a in auths}
    n_lists = draw(st.integers(1, max_lists))
    lists = tuple(
        SanctionsList(
            id=f"list-{i}",
            name=f"List {i}",
            jurisdiction=(j := draw(st.sampled_from(juris))).code,
            authority=auth_of.get(j.code) if draw(st.booleans()) else None,
        )
        for i in range(n_lists)
    )
    progs = tuple(
        Program(id=t, jurisdiction=draw(st.sampled_from(juris)).code) for t in PROGRAM_TAGS
    )
    n_entities = draw(st.integers(1, max_entities))
    ents = tuple(
        Entity(id=f"e{i}", kind="individual", names=[draw(names())]) for i in range(n_entities)
    )
    entity_ids = [e.id for e in ents]
    link_pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(entity_ids), st.sampled_from(entity_ids)).filter(
                lambda p: p[0] < p[1]
            ),
            unique=True,
            max_size=3,
        )
        if n_entities > 1
        else st.just([])
    )
    lnks = tuple(Link(left=a, right=b, same=draw(st.booleans())) for a, b in link_pairs)
    builder = _Builder(draw)
    tz_of = {j.code: j.timezone for j in juris}
    for lst in lists:
        tz = tz_of[lst.jurisdiction]
        on_list = draw(st.lists(st.sampled_from(entity_ids), unique=True, max_size=n_entities))
        base = draw(st.dates(min_value=_FIRST_DAY, max_value=_LAST_START))
        joint = on_list[: draw(st.integers(0, len(on_list)))] if len(on_list) > 1 else []
        if len(joint) > 1:
            slot = _next_slot(draw, base)
            tags = tuple(
                draw(st.lists(st.sampled_from(PROGRAM_TAGS), min_size=1, max_size=2, unique=True))
            )
            recorded = slot[0] + timedelta(days=draw(st.integers(-5, 30)))
            first = Action(
                id=f"{lst.id}/joint",
                kind=ActionKind.DESIGNATE,
                list=lst.id,
                entities=joint,
                effective=_effective_in(draw, *slot, tz),
                recorded=recorded,
                programs=tags,
                authority=lst.authority,
                announced=draw(st.none() | st.just(slot[0] - timedelta(days=2))),
            )
            builder.add(first, slot, tz)
            for entity in joint:
                builder.chain(
                    lst.id, tz, [entity], slot[1] + timedelta(days=1), frozenset(tags), recorded
                )
        else:
            joint = []
        for entity in on_list:
            if entity not in joint:
                builder.chain(lst.id, tz, [entity], base, frozenset(), _FIRST_DAY)
    builder.correct()
    ordered = tuple(a for _, _, a in sorted(builder.made, key=lambda t: (t[0], t[1])))
    seen: list[Observation] = []
    for lst in lists:
        if draw(st.booleans()):
            continue  # a list held whole: no observation
        tz = tz_of[lst.jurisdiction]
        for _ in range(draw(st.integers(1, 2))):
            day = draw(st.dates(min_value=_FIRST_DAY, max_value=_LAST_START))
            observed = draw(st.just(day) | st.just(_instant_on(draw, day, tz)))
            recorded = day + timedelta(days=draw(st.integers(-3, 30)))
            seen.append(Observation(list=lst.id, observed=observed, recorded=recorded))
    return History(
        jurisdictions=juris,
        authorities=auths,
        lists=lists,
        programs=progs,
        entities=ents,
        links=lnks,
        actions=ordered,
        observations=tuple(seen),
    )


def ledgers(**kwargs: int) -> st.SearchStrategy[Ledger]:
    """Valid ledgers, built from :func:`histories`."""
    return histories(**kwargs).map(lambda h: h.build())


def sample_history() -> History:
    """A fixed small history: one entity moved from SYRIA to DPRK3 in September 2024."""
    return History(
        jurisdictions=(LEDGER_JURISDICTIONS[0],),
        authorities=(),
        lists=(SanctionsList(id="list-0", name="SDN", jurisdiction="US"),),
        programs=tuple(Program(id=t, jurisdiction="US") for t in PROGRAM_TAGS),
        entities=(Entity(id="e0", kind="organization", names=[Name(text="KORYO")]),),
        links=(),
        actions=(
            Action(
                id="d",
                kind="designate",
                list="list-0",
                entities=["e0"],
                programs=["SYRIA"],
                effective="2020-01-01",
                recorded="2020-01-01",
            ),
            Action(
                id="m",
                kind="amend",
                list="list-0",
                entities=["e0"],
                programs=["DPRK3"],
                removes=["SYRIA"],
                effective="2024-09",
                recorded="2024-10-01",
            ),
        ),
    )
