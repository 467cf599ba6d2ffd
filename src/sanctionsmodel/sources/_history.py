"""Dated history from successive publications of one list: ``diff`` and ``replay``.

Works on any :class:`~sanctionsmodel.sources.Publication` whose entities
carry their programs as features of type :data:`PROGRAM_FEATURE`
(``Feature(type="program", value="DPRK3")``), whatever the source format.
"""

from __future__ import annotations

import decimal
import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

import attrs

from sanctionsmodel._gc import collector_paused
from sanctionsmodel._ledger import Ledger
from sanctionsmodel._model import (
    Action,
    ActionKind,
    Authority,
    Confidence,
    Entity,
    Feature,
    Jurisdiction,
    Observation,
    Program,
    Relationship,
    SanctionsList,
)
from sanctionsmodel._time import Effective, PartialDate, Window, effective_bounds, format_effective
from sanctionsmodel.exceptions import (
    InvalidValueError,
    ListingConflictError,
    TruncatedPublicationError,
)
from sanctionsmodel.reference import ofac_program, standard_objects
from sanctionsmodel.sources._publication import ListEntry, Publication

#: The feature type under which an entity of a publication carries a program.
PROGRAM_FEATURE = "program"
#: A lower bound a caller may give for the designation windows of the
#: parties of the first publication replayed: OFAC was created in December
#: 1950, and no list this library reads is older.  By default there is none:
#: such parties are designated "on or before" that publication.
EARLIEST = date(1950, 1, 1)
#: The share of parties a publication may lose against the one before it
#: before it is refused as short (a failed or partial download).
MAX_SHRINK = 0.05

#: The entity fields whose change makes a data amendment.
_FIELDS = (
    "kind",
    "names",
    "identifiers",
    "birth_dates",
    "birth_places",
    "nationalities",
    "citizenships",
    "gender",
    "titles",
    "addresses",
    "vessel",
    "features",
    "relationships",
    "remarks",
)


def programs_of(entity: Entity) -> tuple[str, ...]:
    """The programs an entity of a publication is listed under, sorted.

    Args:
        entity: An entity as a reader built it.

    Returns:
        The values of its :data:`PROGRAM_FEATURE` features.
    """
    return tuple(sorted({f.value for f in entity.features if f.type == PROGRAM_FEATURE}))


def _data_fields(before: Entity, after: Entity) -> tuple[str, ...]:
    """The entity fields whose published data differ, programs left out.

    Args:
        before: The entity in the older publication.
        after: The entity in the newer publication.

    Returns:
        The names of the :class:`~sanctionsmodel.Entity` fields that differ,
        in field order; ``features`` only if a feature other than a
        :data:`PROGRAM_FEATURE` one changed.
    """
    out = []
    for name in _changed_fields(before, after):
        if name == "features" and _non_program(before.features) == _non_program(after.features):
            continue
        out.append(name)
    return tuple(out)


def _changed_fields(before: Entity, after: Entity) -> tuple[str, ...]:
    """The entity fields that differ between two versions of a party, programs included.

    Relationships are compared by :func:`_same_relationships`, every other
    field by equality.
    """
    out = []
    for name in _FIELDS:
        was, now = getattr(before, name), getattr(after, name)
        if was == now:
            continue
        if name == "relationships" and _same_relationships(was, now):
            continue
        out.append(name)
    return tuple(out)


def _same_tie(one: Relationship, other: Relationship) -> bool:
    """Whether two relationships state the same tie to the same party.

    Readers state one of ``target`` and ``target_name`` (the CSV and the
    legacy XML a name, the advanced XML an id) and resolution fills in the
    other from the same publication.  The filled-in half changes when the
    *target's* record does (delisted, renamed, its name now shared), though
    the party's own record is unchanged; so one half in common is enough.
    Where one is unresolved, names compare less a final ".": the CSV's
    clause ends in one, and a name resolved takes it back from its target
    (``BAHMAN DIESEL CO.``) where one left unresolved, its target delisted,
    cannot.  Two resolved ties to ``X CO`` and ``X CO.`` are two parties.
    """
    if (one.type, one.former) != (other.type, other.former):
        return False
    if one.target is not None and one.target == other.target:
        return True
    if one.target_name is None or other.target_name is None:
        return False
    if one.target is None or other.target is None:
        return one.target_name.removesuffix(".") == other.target_name.removesuffix(".")
    return one.target_name == other.target_name


def _same_relationships(was: tuple[Relationship, ...], now: tuple[Relationship, ...]) -> bool:
    """Whether each relationship of either version has a counterpart in the other."""
    return all(any(_same_tie(r, s) for s in now) for r in was) and all(
        any(_same_tie(s, r) for r in was) for s in now
    )


def _non_program(features: tuple[Feature, ...]) -> tuple[Feature, ...]:
    return tuple(f for f in features if f.type != PROGRAM_FEATURE)


@attrs.frozen(kw_only=True)
class EntityChange:
    """A party present in both publications whose published data changed.

    Attributes:
        entity: The entity id.
        fields: The names of the :class:`~sanctionsmodel.Entity` fields that
            changed (programs show as ``features``; the amend action's
            ``fields`` leave them out), then :data:`ENTRIES` where both
            publications state list entries (the advanced XML) and the
            party's entries on the list differ (a measure, a source list, an
            entry date or legal basis).
        before: The entity in the older publication.
        after: The entity in the newer publication.
    """

    entity: str
    fields: tuple[str, ...]
    before: Entity
    after: Entity


@attrs.frozen(kw_only=True)
class Diff:
    """What changed on one list between two publications.

    Attributes:
        list: The list id.
        older: The ``as_of`` time of the older publication.
        newer: The ``as_of`` time of the newer publication.
        actions: Designate, amend and delist actions, effective in the
            window (older, newer] and recorded at the newer one.  One amend
            per party whose programs or published data changed: added
            programs in ``programs``, ended ones in ``removes``, the changed
            data fields (``names``, ``identifiers``...) in ``fields``.
        changes: Every party whose data changed, programs or not, with both
            versions of its entity.
    """

    list: str
    older: date | datetime
    newer: date | datetime
    actions: tuple[Action, ...]
    changes: tuple[EntityChange, ...]

    @property
    def designated(self) -> tuple[str, ...]:
        """Ids of the parties that appear."""
        return self._ids(ActionKind.DESIGNATE)

    @property
    def delisted(self) -> tuple[str, ...]:
        """Ids of the parties that disappear."""
        return self._ids(ActionKind.DELIST)

    @property
    def amended(self) -> tuple[str, ...]:
        """Ids of the parties whose data (programs included) changed."""
        return tuple(c.entity for c in self.changes)

    def _ids(self, kind: ActionKind) -> tuple[str, ...]:
        return tuple(e for a in self.actions if a.kind is kind for e in a.entities)


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    msg = f"expected a date or datetime, got {value!r}"  # pragma: no cover - Window validates
    raise InvalidValueError(msg)


def _stamp(value: date | datetime) -> str:
    return value.isoformat()


def _label(pub: Publication) -> str:
    """How action ids name a publication: its date, then its notice number where it has one.

    An ROK notice is named by its number too, since two notices may be
    issued on one day (and take effect on different days).
    """
    stamp = _stamp(_as_of(pub))
    return stamp if pub.notice is None else f"{stamp}/notice-{pub.notice}"


def _when(pub: Publication) -> str:
    """A publication's date, and its notice number where it has one, as messages name them."""
    stamp = _stamp(_as_of(pub))
    return stamp if pub.notice is None else f"{stamp}, notice {pub.notice}"


def _as_of(pub: Publication) -> date | datetime:
    when = pub.as_of
    if when is None:
        msg = (
            f"publication {pub.source!r} has no date: give the observation time "
            "(observed=) when reading a format that carries none"
        )
        raise InvalidValueError(msg)
    return when


def _in_force(older: Publication, newer: Publication) -> tuple[date | datetime, date | datetime]:
    """The valid-time bounds of a change between two publications.

    The times both publications take effect, where both state one (an ROK
    notice: 00:00 KST of its 시행일자, days after its issue date); else their
    dates.
    """
    if older.effective is not None and newer.effective is not None:
        return older.effective, newer.effective
    return _as_of(older), _as_of(newer)


def _described(pub: Publication, *, in_force: bool) -> str:
    """The publication as evidence names it, with the time it takes effect if that is used."""
    text = f"the {pub.list} publication of {_when(pub)} ({pub.source})"
    if in_force and pub.effective is not None:
        text += f", in force from {_stamp(pub.effective)}"
    return text


def _window(older: Publication, newer: Publication, what: str) -> Window:
    lo, hi = _in_force(older, newer)
    in_force = older.effective is not None and newer.effective is not None
    if isinstance(lo, datetime) or isinstance(hi, datetime):
        earliest: date | datetime = lo
    else:
        # An action effective on a day holds from 00:00 that day, so one that
        # a publication of day D lacks took effect on D + 1 at the earliest.
        earliest = min(lo + timedelta(days=1), hi)
    return Window(
        earliest=earliest,
        latest=hi,
        evidence=(
            f"{what} {_described(older, in_force=in_force)}",
            f"shown by {_described(newer, in_force=in_force)}",
        ),
    )


def _short_id(entity_id: str) -> str:
    return entity_id.split(":", 1)[-1]


def _check_shrink(older: Publication, newer: Publication, max_shrink: float) -> None:
    before, after = len(older.entities), len(newer.entities)
    check_loss(
        before,
        after,
        max_shrink,
        holds=f"the publication holds {after} parties against {before} in the one of "
        f"{_when(older)}",
        path=newer.source,
    )


def check_shrink_allowed(max_shrink: object) -> float:
    """``max_shrink`` as a float, refused where it is not a fraction from 0 to 1.

    ``nan`` would allow every loss (no count compares below it), ``1.5`` says
    nothing more than ``1``, and ``True`` is no fraction.

    Raises:
        InvalidValueError: Naming the value.
    """
    value = math.nan
    if isinstance(max_shrink, (numbers.Real, decimal.Decimal)) and not isinstance(max_shrink, bool):
        value = float(max_shrink)  # Fraction(1, 20) and Decimal("0.05") too
    if not 0 <= value <= 1:  # nan is no fraction
        msg = f"max_shrink: expected a fraction from 0 to 1 (0.05 is 5%), got {max_shrink!r}"
        raise InvalidValueError(msg)
    return value + 0.0  # -0.0 is 0


def check_loss(before: int, after: int, max_shrink: float, *, holds: str, path: str) -> None:
    """Refuse ``after`` records against ``before`` where more than ``max_shrink`` were lost.

    Args:
        before: The count of the older publication (or file).
        after: The count of the newer one.
        max_shrink: The share that may be lost.
        holds: What the newer one holds against the older, for the message.
        path: The newer one's path.

    Raises:
        InvalidValueError: If ``max_shrink`` is not a fraction from 0 to 1.
        TruncatedPublicationError: For a loss beyond ``max_shrink``.
    """
    allowed = check_shrink_allowed(max_shrink)
    if before and after < before * (1 - allowed):
        msg = (
            f"{holds}: a loss of {1 - after / before:.1%}, more than "
            f"the {allowed:.1%} allowed; pass a larger max_shrink (on the command line, "
            "--max-shrink) if it is real"
        )
        raise TruncatedPublicationError(msg, path=path)


def _entry_dates(pub: Publication) -> dict[str, date]:
    """The day each party entered the publication's list (see :meth:`Publication.entry_date`)."""
    out: dict[str, date] = {}
    for e in pub.entries:
        if e.list == pub.list and e.entered is not None:
            day = out.get(e.entity)
            out[e.entity] = e.entered if day is None else min(day, e.entered)
    return out


#: The amend field of a party whose list entries changed (see :class:`EntityChange`).
ENTRIES = "entries"


def _entries_by_entity(pub: Publication) -> dict[str, list[ListEntry]]:
    """The publication's entries on its own list, by party."""
    out: dict[str, list[ListEntry]] = {}
    for e in pub.entries:
        if e.list == pub.list:
            out.setdefault(e.entity, []).append(e)
    return out


def _entries_differ(had: list[ListEntry], has: list[ListEntry], was: Entity, now: Entity) -> bool:
    """Whether a party's entries changed beyond what its change of programs shows.

    An entry on a source list both publications hold that differs (its
    measures, date, legal bases) is a change of data; an entry added or
    removed is one only where the party's programs did not change (else it
    is how the programs came or went).
    """
    before = {e.source_list: e for e in had}
    after = {e.source_list: e for e in has}
    if any(before[name] != after[name] for name in before.keys() & after.keys()):
        return True
    # The programs are compared only where the lists differ (rarely).
    return before.keys() != after.keys() and set(programs_of(was)) == set(programs_of(now))


def _added_on(had: list[ListEntry], has: list[ListEntry], added: set[str]) -> date | None:
    """The one day the entries that brought the ``added`` programs state, if they agree.

    ``had`` and ``has`` are a party's entries (on the list diffed) in the
    older and the newer publication.  The entries counted are those of
    ``has`` on a source list ``had`` lacks that carry an added program;
    ``None`` unless they all state one day and carry every added program
    between them.
    """
    lists = {e.source_list for e in had}
    new = [e for e in has if e.source_list not in lists and added.intersection(e.programs)]
    days = {e.entered for e in new}
    carried = {t for e in new for t in e.programs}
    if len(days) != 1 or not added <= carried:
        return None
    return days.pop()


def _designate_effective(
    window: Window, entry: date | None
) -> tuple[date | Window, Confidence | None, str | None]:
    """The effective time of a designation: the source's entry date if it fits the window."""
    lo = date.min if window.earliest is None else _day(window.earliest)
    hi = _day(window.latest)
    if entry is not None and lo <= entry <= hi:
        return entry, Confidence.HIGH, "entry date stated by the publication"
    return window, None, None


@collector_paused()  # builds many objects, no cycles (see collector_paused)
def diff(
    older: Publication,
    newer: Publication,
    *,
    max_shrink: float = MAX_SHRINK,
) -> Diff:
    """Compare two publications of one list into dated actions and data changes.

    A party in ``newer`` only is designated, one in ``older`` only is
    delisted, one whose programs or published data changed is amended (one
    action per party: programs added and removed, and the changed entity
    fields in ``fields``); each action is effective in the window (older,
    newer] (or on the entry date the newer publication states, where it
    falls in the window) and recorded on the newer publication's date.  The
    window runs between the publications' ``effective`` times where both
    state one (an ROK notice takes effect at 00:00 KST days after it is
    issued), else between their dates (``as_of``).  Action ids are
    ``<list>/<newer date>/<kind>/<entity id without prefix>``, with
    ``/notice-<number>`` after the date where the newer publication has a
    notice number (two ROK notices may be issued on one day and take
    effect on different days).

    Relationships are compared as the source states them: two state the
    same tie when their type and ``former`` agree and they share a target id
    or a target name, so a party whose own record is unchanged is not
    amended when the party it is linked to by name is delisted or renamed
    (which changes the id the name resolves to).

    Args:
        older: The earlier publication.
        newer: The later publication of the same list.
        max_shrink: The share of parties ``newer`` may lose before it is
            refused as short: a fraction from 0 to 1 (else InvalidValueError).

    Returns:
        The diff.

    Raises:
        InvalidValueError: If the lists differ, a publication has no date,
            or ``newer`` is not later than ``older`` (equal dates included,
            but for notices of distinct numbers), or, where both state when
            they take effect, does not take effect later.
        TruncatedPublicationError: If ``newer`` lost more than ``max_shrink``.
    """
    if older.list != newer.list:
        msg = f"cannot diff publications of two lists: {older.list!r} and {newer.list!r}"
        raise InvalidValueError(msg)
    lo, hi = _as_of(older), _as_of(newer)
    # Publications of one time are told apart only by their notice numbers
    # (two ROK notices of one day): else the two diffs around a publication
    # would give their actions the same ids, and their dates leave no window
    # for a change to fall in.  Notices of one day then need distinct times
    # in force, checked next.
    label = _label(newer)
    if _order_key(hi) < _order_key(lo) or label == _label(older):
        msg = (
            f"the newer publication ({_stamp(hi)}, {newer.source}) is not dated after the "
            f"older ({_stamp(lo)}, {older.source}): give publications of distinct times "
            "(or, for notices of one day, distinct notice numbers), oldest first"
        )
        raise InvalidValueError(msg)
    start, end = _in_force(older, newer)
    if _order_key(end) <= _order_key(start):
        msg = (
            f"the newer publication takes effect ({_stamp(end)}) no later than the older "
            f"({_stamp(start)})"
        )
        raise InvalidValueError(msg)
    _check_shrink(older, newer, max_shrink)
    before = {e.id: e for e in older.entities}
    after = {e.id: e for e in newer.entities}
    entries = _entry_dates(newer)
    had_entries, has_entries = _entries_by_entity(older), _entries_by_entity(newer)
    recorded = _day(hi)
    actions: list[Action] = []
    changes: list[EntityChange] = []

    def make(kind: ActionKind, entity: str, effective: object, **extra: object) -> Action:
        return Action(
            id=f"{newer.list}/{label}/{kind.value}/{_short_id(entity)}",
            kind=kind,
            list=newer.list,
            entities=(entity,),
            effective=effective,
            recorded=recorded,
            source=newer.source,
            **extra,
        )

    for entity_id, entity in after.items():
        old = before.get(entity_id)
        if old is None:
            window = _window(older, newer, "absent from")
            effective, confidence, note = _designate_effective(window, entries.get(entity_id))
            actions.append(
                make(
                    ActionKind.DESIGNATE,
                    entity_id,
                    effective,
                    programs=programs_of(entity),
                    confidence=confidence,
                    note=note,
                )
            )
            continue
        fields = _changed_fields(old, entity)
        # Both publications state list entries (the advanced XML): a party's
        # changed entries (measures, lists, dates, legal bases) are data too.
        entries_changed = bool(older.entries and newer.entries) and _entries_differ(
            had_entries.get(entity_id, []), has_entries.get(entity_id, []), old, entity
        )
        if entries_changed:
            fields = (*fields, ENTRIES)
        if not fields:
            continue
        changes.append(EntityChange(entity=entity_id, fields=fields, before=old, after=entity))
        was, now = set(programs_of(old)), set(programs_of(entity))
        data = _data_fields(old, entity) + ((ENTRIES,) if entries_changed else ())
        if was != now or data:
            what = " and ".join(
                w for w, changed in (("programs", was != now), ("published data", data)) if changed
            )
            window = _window(older, newer, f"{what} differ in")
            effective, confidence, note = window, None, None
            if now > was and not data:
                # Programs added, nothing else: a new entry of the list that
                # carries them may state the day (the advanced XML does).
                effective, confidence, note = _designate_effective(
                    window,
                    _added_on(
                        had_entries.get(entity_id, []), has_entries.get(entity_id, []), now - was
                    ),
                )
            actions.append(
                make(
                    ActionKind.AMEND,
                    entity_id,
                    effective,
                    programs=sorted(now - was),
                    removes=sorted(was - now),
                    fields=data,
                    confidence=confidence,
                    note=note,
                )
            )
    actions.extend(
        make(ActionKind.DELIST, entity_id, _window(older, newer, "present in"))
        for entity_id in before
        if entity_id not in after
    )
    return Diff(
        list=newer.list,
        older=lo,
        newer=hi,
        actions=tuple(actions),
        changes=tuple(changes),
    )


def _order_key(value: date | datetime) -> tuple[date, float]:
    if isinstance(value, datetime):
        return value.date(), value.timestamp()
    return value, float("-inf")


def _first(pub: Publication, since: date | None) -> list[Action]:
    """Designations of the parties of the first publication replayed: "on or before"."""
    seen = observation(pub)
    label = _label(pub)
    entries = _entry_dates(pub)
    latest = seen.observed
    evidence = [f"present in {_described(pub, in_force=True)}, the first one replayed"]
    if since is not None:
        evidence.append(f"no earlier than {since.isoformat()}, as the caller bounds it")
    window = Window(earliest=since, latest=latest, evidence=evidence)
    out = []
    for entity in pub.entities:
        effective, confidence, note = _designate_effective(window, entries.get(entity.id))
        out.append(
            Action(
                id=f"{pub.list}/{label}/designate/{_short_id(entity.id)}",
                kind=ActionKind.DESIGNATE,
                list=pub.list,
                entities=(entity.id,),
                programs=programs_of(entity),
                effective=effective,
                recorded=seen.recorded,
                confidence=confidence,
                note=note,
                source=pub.source,
            )
        )
    return out


def _span_end(pubs: Sequence[Publication]) -> date | datetime:
    """The time the last publication of a list replayed speaks for, as the windows use it."""
    if len(pubs) == 1:
        return _as_of(pubs[0]) if pubs[0].effective is None else pubs[0].effective
    return _in_force(pubs[-2], pubs[-1])[1]


def _what(action: Action, entity: str, tz: str) -> str:
    """A supplied action as a refusal names it."""
    return (
        f"supplied action {action.id!r} ({action.kind.value} of {entity} on {action.list}, "
        f"effective {format_effective(action.effective)} in {tz})"
    )


#: What is left of an inferred amend to narrow: the programs it adds, those
#: it ends and the data fields it changes.
_Parts = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _meet(known: Effective, window: Effective, tz: str) -> Effective | None:
    """When a supplied action takes effect, once the publications' window narrows it.

    Where the supplied time lies in the window it stands (it is the more
    precise); where the window is narrower at an end, that end of the
    window bounds it, since the publications show it then; where the two
    do not meet, ``None``.  The supplied time is never widened.
    """
    k_lo, k_hi = effective_bounds(known, tz)
    w_lo, w_hi = effective_bounds(window, tz)
    if k_hi < w_lo or w_hi < k_lo:
        return None
    low = known if k_lo >= w_lo else window
    high = known if k_hi <= w_hi else window
    if low is known and high is known:
        return known
    if low is high and not isinstance(window, Window):
        return window  # a day the publications state, inside the supplied time
    return Window(
        earliest=_lower(low),
        latest=_upper(high),
        evidence=(*_evidence_of(known), *_evidence_of(window)),
    )


def _lower(value: Effective) -> date | datetime | None:
    if isinstance(value, Window):
        return value.earliest
    return value.earliest if isinstance(value, PartialDate) else value


def _upper(value: Effective) -> date | datetime:
    if isinstance(value, Window):
        return value.latest
    return value.latest if isinstance(value, PartialDate) else value


def _evidence_of(value: Effective) -> tuple[str, ...]:
    return value.evidence if isinstance(value, Window) else (f"stated: {format_effective(value)}",)


def _parts(action: Action) -> _Parts:
    return frozenset(action.programs), frozenset(action.removes), frozenset(action.fields)


def _narrow(
    inferred: Sequence[Action],
    supplied: Sequence[Action],
    *,
    ends: Mapping[str, date | datetime],
    zones: Mapping[str, str],
) -> list[Action]:
    """Take out of the inferred actions what supplied ones state; check the supplied ones.

    See :func:`replay` for the rule.  Times compare as instants in each
    list's time zone, as the ledger compares them.

    Args:
        inferred: The actions the publications imply, oldest window first.
        supplied: The actions the caller knows exactly.
        ends: For each list replayed, the time its last publication speaks for.
        zones: The time zone of each list of ``ends``.

    Returns:
        The inferred actions, less those that supplied ones replace, and
        with the parts supplied amends state taken out of the amends they
        narrow (in their place, with their ids and windows): see :func:`_takes`;
        then the supplied actions, each narrowed to the windows it falls in
        where they bound it more closely than it states (see :func:`_meet`).

    Raises:
        ListingConflictError: If a supplied action falls outside every
            window the publications allow for it, or the publications show
            no such action for that party up to the last one replayed.
    """
    by_key: dict[tuple[ActionKind, str, str], list[Action]] = {}
    for action in inferred:
        for entity in action.entities:
            by_key.setdefault((action.kind, action.list, entity), []).append(action)
    # Inferred action id -> the supplied actions that took (part of) it.
    narrowed: dict[str, list[str]] = {}
    # Inferred amend id -> what is left of it to narrow.
    left: dict[str, _Parts] = {}
    # Supplied action id -> its effective time, narrowed by the windows it fell in.
    met: dict[str, Effective] = {}
    for known in supplied:
        end = ends.get(known.list)
        if end is None:
            continue  # no publication of that list replayed: nothing to narrow or contradict
        tz = zones[known.list]
        for entity in known.entities:
            effective = met.get(known.id, known.effective)
            k_lo = effective_bounds(effective, tz)[0]
            candidates = by_key.get((known.kind, known.list, entity), [])
            found = _match(known, effective, candidates, narrowed=narrowed, left=left, tz=tz)
            if found is not None:
                taken, meeting = found
                # Two windows of one party share a bound only between instants
                # (ROK notices); the change is then shown by the earlier window's
                # newer publication, so the earlier window is the one narrowed.
                narrowed.setdefault(taken.id, []).append(known.id)
                if known.kind is ActionKind.AMEND:
                    rest = left.get(taken.id, _parts(taken))
                    added, ended, fields = _parts(known)
                    left[taken.id] = (rest[0] - added, rest[1] - ended, rest[2] - fields)
                if meeting is not effective:
                    met[known.id] = meeting
                continue
            if k_lo > effective_bounds(end, tz)[0]:
                continue  # after the last publication: the publications say nothing of it
            if known.kind is ActionKind.AMEND and not known.programs and not known.removes:
                # A change of data only: the listing does not depend on it, and a
                # format may not carry the field, or the change was undone between
                # two publications.
                continue
            raise ListingConflictError(
                _refusal(
                    known,
                    entity,
                    candidates=candidates,
                    narrowed=narrowed,
                    left=left,
                    end=end,
                    tz=tz,
                ),
                action_id=known.id,
            )
    out = []
    for action in inferred:
        if action.id not in narrowed:
            out.append(action)
            continue
        remains = left.get(action.id)
        if remains is None or not any(remains):
            continue  # replaced whole
        added, ended, fields = remains
        by = ", ".join(map(repr, narrowed[action.id]))
        out.append(
            attrs.evolve(
                action,
                programs=sorted(added),
                removes=sorted(ended),
                fields=tuple(f for f in action.fields if f in fields),
                note="; ".join(filter(None, (action.note, f"what {by} does not state"))),
            )
        )
    out.extend(
        attrs.evolve(known, effective=met[known.id]) if known.id in met else known
        for known in supplied
    )
    return out


def _match(
    known: Action,
    effective: Effective,
    candidates: Sequence[Action],
    *,
    narrowed: Mapping[str, list[str]],
    left: Mapping[str, _Parts],
    tz: str,
) -> tuple[Action, Effective] | None:
    """The inferred action a supplied one replaces (or narrows), and when it then takes effect.

    The first free window that holds the supplied time is taken; failing
    one, the only free window that meets it, which then bounds it (see
    :func:`_meet`).  A time that meets two windows and lies in neither names
    no one of them: ``None``.
    """
    free = []
    for action in candidates:
        if known.kind is ActionKind.AMEND:
            if not _takes(known, left.get(action.id, _parts(action))):
                continue
        elif action.id in narrowed or not _same_programs(known, action):
            continue
        meeting = _meet(effective, action.effective, tz)
        if meeting is effective:
            return action, effective
        if meeting is not None:
            free.append((action, meeting))
    return free[0] if len(free) == 1 else None


def _same_programs(known: Action, inferred: Action) -> bool:
    """Whether a supplied designation names the programs the publications show it under.

    A designation the publications show under some programs is not replaced
    by one under others: the ledger would answer them where the files say
    otherwise.  (A delisting ends the listing whatever it names.)
    """
    return known.kind is not ActionKind.DESIGNATE or set(known.programs) == set(inferred.programs)


def _takes(known: Action, rest: _Parts) -> bool:
    """Whether a supplied amend takes its part out of what is left of an inferred amend.

    It must add and end programs the inferred amend adds and ends; it takes
    the data fields the two share, and a change of data only must share
    one (the others a format may not carry: they are no contradiction).
    """
    added, ended, fields = _parts(known)
    if not (added <= rest[0] and ended <= rest[1]):
        return False
    return bool(added or ended or fields & rest[2])


def _change(parts: _Parts) -> str:
    """An amend's change, as :func:`_parts` gives it, as a refusal names it."""
    said = [
        f"{what} {', '.join(sorted(values))}"
        for what, values in zip(("adds", "ends", "changes"), parts, strict=True)
        if values
    ]
    return ", ".join(said) or "nothing"


def _refusal(
    known: Action,
    entity: str,
    *,
    candidates: Sequence[Action],
    narrowed: Mapping[str, list[str]],
    left: Mapping[str, _Parts],
    end: date | datetime,
    tz: str,
) -> str:
    """Why a supplied action is refused, with the windows that were possible."""
    what = _what(known, entity, tz)
    if not candidates:
        return (
            f"{what} contradicts the publications: they show no {known.kind.value} of that "
            f"party up to {_stamp(end)}, the last one replayed; only an action effective "
            "after it, or an amend that changes no program, may come without one"
        )
    windows = []
    for action in candidates:
        notes = []
        if known.kind is ActionKind.AMEND:
            rest = _change(left.get(action.id, _parts(action)))
            notes.append(f"what is left: {rest}" if action.id in narrowed else rest)
        if not _same_programs(known, action):
            notes.append(f"under {', '.join(action.programs)}")
        if action.id in narrowed:
            notes.append(f"already narrowed by {', '.join(map(repr, narrowed[action.id]))}")
        note = "".join(f", {n}" for n in notes)
        windows.append(f"{format_effective(action.effective)} ({action.id}{note})")
    meets = [a for a in candidates if _meet(known.effective, a.effective, tz) is not None]
    if (
        known.kind is ActionKind.DESIGNATE
        and meets
        and not any(_same_programs(known, a) for a in meets)
    ):
        return (
            f"{what} names programs the publications do not show it under "
            f"({', '.join(known.programs)}); they show: {'; '.join(windows)}"
        )
    if known.kind is ActionKind.AMEND and meets:
        return (
            f"{what} states a change the publications do not show for that party in the "
            f"window that holds it ({_change(_parts(known))}); they show: {'; '.join(windows)}"
        )
    return (
        f"{what} is in no window the publications leave for a {known.kind.value} "
        f"of that party: {'; '.join(windows)}"
    )


@collector_paused()  # builds many objects, no cycles (see collector_paused)
def replay(
    publications: Iterable[Publication],
    *,
    actions: Iterable[Action] = (),
    since: date | None = None,
    max_shrink: float = MAX_SHRINK,
) -> Ledger:
    """Build a ledger from successive publications, in the order given.

    The ledger holds the standard objects, every program seen, the latest
    version of each entity (as the latest publication of any list gives
    it: a party on two lists keeps its newest record), and the actions: a
    designation "on or before" the first publication (the time it takes effect, where it states one)
    for each of its parties (a window open below, or from ``since``),
    then the actions of :func:`diff` between consecutive publications of each
    list.  A party that leaves and comes back gets two episodes.  A later
    publication's entry date (the advanced XML's) inside the window of a
    still-listed party's designation, inferred or supplied, dates it: a
    correction that ``supersedes`` the designation, effective that day,
    recorded at the later publication (the ledger as known before it keeps
    the window).  Each whole publication (see :attr:`Publication.whole`)
    is also an :class:`~sanctionsmodel.Observation` of its list: the ledger
    knows each list replayed from its first on, and answers UNKNOWN for a
    party it does not show listed at a time before (see ``docs/time.md``);
    a list of no whole publication is known at no time.
    The ledger holds only the standard lists replayed or named by
    ``actions``; add another (``ledger.add(reference.KR_FSC_FTR)``) before
    recording actions on it.

    Args:
        publications: Publications of one or more lists; those of one list
            must come oldest first.
        actions: Actions known exactly from elsewhere; dates known exactly
            narrow the windows, never the reverse.  For each of its
            parties, a supplied action replaces the inferred action of the
            same kind, list and party whose window contains its effective
            time (the earlier one, if two windows share a bound), a
            designation only one under the same programs; a supplied
            window that holds more than the one window it meets is narrowed
            to it (it keeps both evidences: the publications bound it more
            closely than it says).  An amend
            takes its part out of an inferred amend whose window holds it and
            that adds and ends at least the programs it does (a change of data
            only: that changes a field it does): the programs and the data
            fields the two share; the inferred amend keeps the rest (programs
            added with others, a change of data beside a change of programs)
            in its window, and is dropped once nothing is left.  Where no
            such window is left, it is refused if it takes effect (or may
            take effect) on or before the last publication of its list
            replayed, since the publications show no such action then;
            and kept beside the inferred actions if it takes effect after
            that publication (they say nothing of that time), if it is an
            amend that changes no program (a change of data only, which a
            format may not carry or the publications may have missed), or
            if its list is not replayed at all.  The ledger then checks
            what is kept (it refuses designating a listed party, say).
        since: A lower bound for the first designation windows, such as
            :data:`EARLIEST`; none by default.
        max_shrink: See :func:`diff`.

    Returns:
        The ledger.

    Raises:
        InvalidValueError: If a publication has no date, comes out of order,
            or has the date (and notice number, if any) of an earlier one
            (see :func:`diff`).
        TruncatedPublicationError: If a publication lost more than ``max_shrink``.
        ListingConflictError: If a supplied action contradicts the
            publications: it lies outside every window they allow for it, or
            they show no such action for that party when it takes effect.
        LedgerError: If the ledger refuses an action.
    """
    check_shrink_allowed(max_shrink)  # before any work, and with one publication too
    by_list: dict[str, list[Publication]] = {}
    for pub in publications:
        by_list.setdefault(pub.list, []).append(pub)
    supplied = list(actions)
    # The lists replayed, and those the supplied actions name: a standard
    # list of neither is left out, since the ledger would know nothing of it.
    wanted = set(by_list) | {a.list for a in supplied}
    standard = [o for o in standard_objects() if not isinstance(o, SanctionsList) or o.id in wanted]
    lists = [o for o in standard if isinstance(o, SanctionsList)]
    ledger = Ledger(
        jurisdictions=[o for o in standard if isinstance(o, Jurisdiction)],
        authorities=[o for o in standard if isinstance(o, Authority)],
        lists=lists,
        programs=[o for o in standard if isinstance(o, Program)],
        # Every list replayed is known from its (whole) publications only:
        # where none is whole, nothing is known of who was not on it.
        observed_lists=[o.id for o in lists if o.id in by_list],
    )
    inferred: list[Action] = []
    # Each entity as the latest publication of any list gives it (of two
    # publications of one time, the later given): a party on both lists has
    # its newest record, whatever the order of the lists.
    entities: dict[str, tuple[tuple[date, float], Entity]] = {}
    for list_id, pubs in by_list.items():
        tz_jurisdiction = ledger.lists[list_id].jurisdiction if list_id in ledger.lists else None
        for pub in pubs:
            when = _order_key(_as_of(pub))
            for entity in pub.entities:
                held = entities.get(entity.id)
                if held is None or held[0] <= when:
                    entities[entity.id] = (when, entity)
                for tag in programs_of(entity):
                    if tag not in ledger.programs:
                        ledger.add(_program(tag, tz_jurisdiction))
        _check_distinct(pubs)
        inferred.extend(_first(pubs[0], since))
        for older, newer in itertools.pairwise(pubs):
            inferred.extend(diff(older, newer, max_shrink=max_shrink).actions)
    ledger.add(*(entity for _, entity in entities.values()))
    for pub in (p for pubs in by_list.values() for p in pubs):
        for link in pub.links:
            ledger.add(link)
        # Only a whole publication says who was not listed; and a list the
        # ledger lacks is refused by extend() below, naming it.
        if pub.whole and pub.list in ledger.lists:
            ledger.add(observation(pub))
    ends = {list_id: _span_end(pubs) for list_id, pubs in by_list.items()}
    # A list the ledger lacks is refused by extend() below, naming it.
    zones = {
        list_id: ledger.timezone_of(list_id) if list_id in ledger.lists else "UTC"
        for list_id in ends
    }
    kept = _narrow(inferred, supplied, ends=ends, zones=zones)
    ledger.extend([*kept, *_dated_later(kept, by_list)])
    return ledger


def observation(pub: Publication) -> Observation:
    """The observation a publication is: its list, whole, at the time it speaks for.

    That time is the one its parties' first designations are "on or before"
    when it is the first replayed: when it takes effect, where it states
    one, else its date.  It is recorded on its date.  :func:`replay` makes
    one of each publication that is :attr:`~Publication.whole` only.

    Raises:
        InvalidValueError: If the publication has no date.
    """
    when = _as_of(pub)
    return Observation(
        list=pub.list,
        observed=when if pub.effective is None else pub.effective,
        recorded=_day(when),
        source=pub.source,
    )


def _dated_later(
    kept: Sequence[Action], by_list: Mapping[str, Sequence[Publication]]
) -> list[Action]:
    """Corrections that date designations known as windows by the entry dates of publications.

    A designation (inferred or supplied) whose effective time is a window
    is corrected to the entry date a publication of its list states for the
    party, where the date lies in the window: the publication is recorded
    no earlier than the designation, and it and every publication of the
    list since the designation was recorded hold the party (the same
    listing run).  The correction ``supersedes`` the designation and is
    recorded at that publication, so the ledger as known before it keeps
    the window; a later publication that states another day in the window
    corrects the correction.

    Returns:
        The corrections, each after the one it corrects.
    """
    # Each publication's day, parties and entry dates, worked out once.
    seen = {
        list_id: [(_day(_as_of(p)), {e.id for e in p.entities}, _entry_dates(p), p) for p in pubs]
        for list_id, pubs in by_list.items()
    }
    out = []
    for action in kept:
        window = action.effective
        if action.kind is not ActionKind.DESIGNATE or not isinstance(window, Window):
            continue
        entity = action.entities[0]
        current = action
        for recorded, parties, entered, pub in seen.get(action.list, ()):
            if recorded < action.recorded:
                continue
            if entity not in parties:
                break  # the listing run ended: later entry dates are of another
            effective, confidence, _ = _designate_effective(window, entered.get(entity))
            if effective is window or effective == current.effective:
                continue  # no day in the window, or the day already held
            current = attrs.evolve(
                action,
                id=f"{action.id}/dated/{_label(pub)}",
                effective=effective,
                recorded=recorded,
                supersedes=current.id,
                confidence=confidence,
                note=f"entry date stated by {_described(pub, in_force=False)}",
                source=pub.source,
            )
            out.append(current)
    return out


def _check_distinct(pubs: Sequence[Publication]) -> None:
    """Refuse a publication of a list named as an earlier one is (the same day and notice).

    :func:`diff` refuses it in consecutive publications; ``A, B, A`` of one
    day would give the actions of the second ``A`` the ids of the first's.
    """
    seen: dict[str, Publication] = {}
    for pub in pubs:
        label = _label(pub)
        first = seen.get(label)
        if first is not None:
            msg = (
                f"the publications {first.source} and {pub.source} of {pub.list} are both "
                f"of {_when(pub)}: give each once, oldest first"
            )
            raise InvalidValueError(msg)
        seen[label] = pub


def _program(tag: str, jurisdiction: str | None) -> Program:
    if jurisdiction in (None, "US"):
        try:
            return ofac_program(tag)
        except InvalidValueError:
            # reference.ofac_program refuses real tags such as '561List'.
            return Program(id=tag, jurisdiction="US")
    return Program(id=tag, jurisdiction=jurisdiction)
