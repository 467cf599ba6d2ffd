"""The ledger: validated actions, derived designations, point-in-time queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from sanctionsmodel._gc import collector_paused
from sanctionsmodel._index import IntervalIndex
from sanctionsmodel._model import (
    Action,
    ActionKind,
    Authority,
    Designation,
    Entity,
    Jurisdiction,
    Link,
    Observation,
    Program,
    SanctionsList,
)
from sanctionsmodel._order import id_order
from sanctionsmodel._results import (
    Change,
    Changes,
    Coverage,
    Holding,
    Snapshot,
    Status,
    StatusReport,
)
from sanctionsmodel._time import (
    FOREVER,
    On,
    Window,
    describe_on,
    effective_bounds,
    format_effective,
    local_midnight,
    query_interval,
    to_date,
    to_day_or_instant,
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
from sanctionsmodel.names import NameIndex, SearchMatch, name_keys

_Reference = Jurisdiction | Authority | SanctionsList | Program | Entity | Link | Observation
_R = TypeVar("_R", Jurisdiction, Authority, SanctionsList, Program, Entity)


class _Episode(NamedTuple):
    """A designation as the ledger keeps it: ids and instant bounds."""

    entity: str
    list: str
    program: str
    started_by: str
    listed_by: str
    ended_by: str | None
    s_lo: int
    s_hi: int
    e_lo: int
    e_hi: int
    # The listing run the episode belongs to: from the designate action
    # (listed_by) to the delist action (delisted_by) or open.  Being on the
    # list is decided by the run: a program swap inside a window leaves the
    # entity listed throughout, with only the programs in doubt.
    delisted_by: str | None
    r_lo: int
    r_hi: int
    x_lo: int
    x_hi: int


_LISTED, _UNKNOWN, _NOT_LISTED = 2, 1, 0
_STATUS = (Status.NOT_LISTED, Status.UNKNOWN, Status.LISTED)


def _overlap(ep: _Episode, q0: int, q1: int) -> int:
    """Whether the episode's program holds at some moment of ``[q0, q1)``: 2 surely, 1 maybe."""
    if max(q0, ep.s_hi) < min(q1, ep.e_lo):
        return _LISTED
    if max(q0, ep.s_lo) < min(q1, ep.e_hi):
        return _UNKNOWN
    return _NOT_LISTED


def _on_list(ep: _Episode, q0: int, q1: int) -> int:
    """Whether the episode's run (the entity on the list) holds at some moment of ``[q0, q1)``."""
    if max(q0, ep.r_hi) < min(q1, ep.x_lo):
        return _LISTED
    if max(q0, ep.r_lo) < min(q1, ep.x_hi):
        return _UNKNOWN
    return _NOT_LISTED


class Ledger:
    """The store of lists, programs, entities, links and actions, and its queries.

    Reference data (jurisdictions, authorities, lists, programs, entities,
    links) is added with :meth:`add`; actions with :meth:`record` and
    :meth:`extend`, which validate them against what the ledger holds and
    derive the :class:`Designation` episodes.  A failed call changes nothing.

    Every query takes ``on=``: a ``date`` (or ``YYYY-MM-DD``) means any
    moment of that calendar day in the list's own time zone; an aware
    ``datetime`` (or ISO string with an offset) means that instant; ``None``
    means now.  A naive datetime raises
    :class:`~sanctionsmodel.exceptions.NaiveDatetimeError`.
    """

    def __init__(
        self,
        *,
        jurisdictions: Iterable[Jurisdiction] = (),
        authorities: Iterable[Authority] = (),
        lists: Iterable[SanctionsList] = (),
        programs: Iterable[Program] = (),
        entities: Iterable[Entity] = (),
        links: Iterable[Link] = (),
        observations: Iterable[Observation] = (),
        actions: Iterable[Action] = (),
        observed_lists: Iterable[str] = (),
    ) -> None:
        """Build a ledger; the same as calling :meth:`add` then :meth:`extend`.

        ``observed_lists`` names lists known only from their observations
        even where the ledger holds none of them yet (a view ``as_of`` a day
        before the first was recorded): nothing is known of such a list.
        A list with an observation is one of :attr:`observed_lists` anyway.

        Raises:
            UnknownReferenceError: If ``observed_lists`` names an unknown list.
        """
        self._jurisdictions: dict[str, Jurisdiction] = {}
        self._authorities: dict[str, Authority] = {}
        self._lists: dict[str, SanctionsList] = {}
        self._programs: dict[str, Program] = {}
        self._entities: dict[str, Entity] = {}
        self._links: dict[frozenset[str], Link] = {}
        self._links_of: dict[str, list[Link]] = {}
        self._actions: dict[str, Action] = {}
        self._order: dict[str, tuple[int, int, int]] = {}
        self._zones: dict[str, str] = {}
        # Designation objects already handed out, by episode (they are immutable).
        self._made: dict[_Episode, Designation] = {}
        self._superseded_by: dict[str, str] = {}
        self._chains: dict[tuple[str, str], list[str]] = {}
        # Every action ever recorded on a key (superseded ones too), where two or more.
        self._history: dict[tuple[str, str], list[str]] = {}
        # entity -> list -> its episodes there; None until first needed (a lone
        # designate cannot conflict, so its episodes are derived lazily).
        self._episodes: dict[str, dict[str, tuple[_Episode, ...] | None]] = {}
        self._name_index: dict[str, set[str]] | None = None
        self._search_index: NameIndex | None = None
        self._list_index: dict[str, tuple[list[_Episode], IntervalIndex]] = {}
        self._change_index: dict[str, tuple[list[str], IntervalIndex]] = {}
        self._views: dict[date, Ledger] = {}
        # Observations in the order added (a dict as an ordered set), the lists
        # whose record they open (see Observation; a view of an earlier day
        # keeps the lists of its ledger), and each such list's coverage.
        self._observations: dict[Observation, None] = {}
        self._observed: set[str] = set()
        self._coverage: dict[str, tuple[int, Coverage]] = {}
        self._known_on: date | None = None
        self.add(*jurisdictions, *authorities, *lists, *programs, *entities, *links, *observations)
        for list_id in observed_lists:
            self._observed.add(self._list(list_id).id)
        self.extend(actions)

    # -- reading what the ledger holds ------------------------------------------

    @property
    def jurisdictions(self) -> Mapping[str, Jurisdiction]:
        """Jurisdictions by code."""
        return MappingProxyType(self._jurisdictions)

    @property
    def authorities(self) -> Mapping[str, Authority]:
        """Authorities by id."""
        return MappingProxyType(self._authorities)

    @property
    def lists(self) -> Mapping[str, SanctionsList]:
        """Lists by id."""
        return MappingProxyType(self._lists)

    @property
    def programs(self) -> Mapping[str, Program]:
        """Programs by id."""
        return MappingProxyType(self._programs)

    @property
    def entities(self) -> Mapping[str, Entity]:
        """Entities by id."""
        return MappingProxyType(self._entities)

    @property
    def links(self) -> tuple[Link, ...]:
        """Every link judgement, in the order added."""
        return tuple(self._links.values())

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action recorded, superseded ones included, in recording order."""
        return tuple(self._actions.values())

    @property
    def observations(self) -> tuple[Observation, ...]:
        """Every observation of a list, in the order added."""
        return tuple(self._observations)

    @property
    def observed_lists(self) -> frozenset[str]:
        """The lists known only from their observations (see :meth:`coverage`)."""
        return frozenset(self._observed)

    def coverage(self, list_id: str) -> Coverage | None:
        """What the ledger has seen of a list, or ``None`` if it holds all of it.

        A list with observations (publications read whole, see
        :class:`Observation`) is known from its first observation on; before
        that, a party the ledger does not show listed may have been, and the
        queries answer UNKNOWN for it.  A list with none is complete at
        every time, and this returns ``None``.

        Raises:
            UnknownReferenceError: If the list is unknown.
        """
        found = self._covered(self._list(list_id).id)
        return None if found is None else found[1]

    def _covered(self, list_id: str) -> tuple[int, Coverage] | None:
        """When the list's record starts (FOREVER before any observation), and its coverage."""
        if list_id not in self._observed:
            return None
        found = self._coverage.get(list_id)
        if found is None:
            tz = self.timezone_of(list_id)
            seen = sorted(
                (effective_bounds(o.observed, tz)[0], i, o)
                for i, o in enumerate(self._observations)
                if o.list == list_id
            )
            start = seen[0][0] if seen else FOREVER
            found = self._coverage[list_id] = (
                start,
                Coverage(
                    list=list_id,
                    first=seen[0][2] if seen else None,
                    last=seen[-1][2] if seen else None,
                    observations=len(seen),
                    known_on=self._known_on,
                ),
            )
        return found

    def _before_record(self, list_id: str, q0: int) -> Coverage | None:
        """The list's coverage if some moment from ``q0`` on falls before its record starts."""
        found = self._covered(list_id)
        return None if found is None or q0 >= found[0] else found[1]

    def action(self, action_id: str) -> Action:
        """The action with id ``action_id``.

        Raises:
            UnknownReferenceError: If there is none.
        """
        try:
            return self._actions[action_id]
        except KeyError:
            msg = f"no action {action_id!r}"
            raise UnknownReferenceError(msg) from None

    def superseded_by(self, action_id: str) -> str | None:
        """The id of the action that corrects ``action_id``, if one does."""
        return self._superseded_by.get(action_id)

    def timezone_of(self, list_id: str) -> str:
        """The IANA time zone a list's dates are read in.

        Raises:
            UnknownReferenceError: If the list is unknown.
        """
        tz = self._zones.get(list_id)
        if tz is None:
            jurisdiction = self._list(list_id).jurisdiction
            tz = self._zones[list_id] = self._jurisdictions[jurisdiction].timezone
        return tz

    def __eq__(self, other: object) -> bool:
        """Ledgers are equal when they hold equal data in the same order."""
        if not isinstance(other, Ledger):
            return NotImplemented
        return (
            self._jurisdictions == other._jurisdictions
            and self._authorities == other._authorities
            and self._lists == other._lists
            and self._programs == other._programs
            and self._entities == other._entities
            and list(self._links.values()) == list(other._links.values())
            and list(self._observations) == list(other._observations)
            and self._observed == other._observed
            and list(self._actions.values()) == list(other._actions.values())
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Counts, not contents."""
        return (
            f"<Ledger: {len(self._lists)} lists, {len(self._entities)} entities, "
            f"{len(self._actions)} actions, {len(self._links)} links>"
        )

    # -- adding reference data ---------------------------------------------------

    def add(self, *objects: _Reference) -> None:
        """Add jurisdictions, authorities, lists, programs, entities, links and observations.

        Objects may come in any order among themselves as long as what one
        refers to is in the ledger or earlier in the call.  Adding an object
        equal to one already held does nothing.

        Raises:
            DuplicateIdError: If an id is taken by a different object.
            UnknownReferenceError: If an object names something unknown.
            InvalidValueError: If an object is of no kind the ledger holds.
        """
        for obj in objects:
            if isinstance(obj, Jurisdiction):
                self._put(self._jurisdictions, obj.code, obj, "jurisdiction")
            elif isinstance(obj, Authority):
                self._jurisdiction(obj.jurisdiction, f"authority {obj.id!r}")
                self._put(self._authorities, obj.id, obj, "authority")
            elif isinstance(obj, SanctionsList):
                self._jurisdiction(obj.jurisdiction, f"list {obj.id!r}")
                if obj.authority is not None and obj.authority not in self._authorities:
                    msg = f"list {obj.id!r} names unknown authority {obj.authority!r}"
                    raise UnknownReferenceError(msg)
                self._put(self._lists, obj.id, obj, "list")
            elif isinstance(obj, Program):
                self._jurisdiction(obj.jurisdiction, f"program {obj.id!r}")
                self._put(self._programs, obj.id, obj, "program")
            elif isinstance(obj, Entity):
                self._put(self._entities, obj.id, obj, "entity")
                self._name_index = None
                self._search_index = None
            elif isinstance(obj, Link):
                self._add_link(obj)
            elif isinstance(obj, Observation):
                if obj.list not in self._lists:
                    msg = (
                        f"observation of {obj.observed.isoformat()}"
                        + ("" if obj.source is None else f" ({obj.source})")
                        + f" names unknown list {obj.list!r}"
                    )
                    raise UnknownReferenceError(msg)
                self._observations[obj] = None
                self._observed.add(obj.list)
                self._coverage.pop(obj.list, None)
                self._views.clear()
            else:
                msg = f"a ledger holds no {type(obj).__name__}: {obj!r}"
                raise InvalidValueError(msg)

    def _put(self, table: dict[str, _R], key: str, obj: _R, what: str) -> None:
        held = table.get(key)
        if held is not None and held != obj:
            msg = f"{what} {key!r} is already in the ledger with other data"
            raise DuplicateIdError(msg)
        table[key] = obj

    def _jurisdiction(self, code: str, who: str) -> None:
        if code not in self._jurisdictions:
            msg = f"{who} names unknown jurisdiction {code!r}"
            raise UnknownReferenceError(msg)

    def _add_link(self, link: Link) -> None:
        for end in (link.left, link.right):
            if end not in self._entities:
                msg = f"link {link.left!r} - {link.right!r} names unknown entity {end!r}"
                raise UnknownReferenceError(msg)
        key = frozenset((link.left, link.right))
        held = self._links.get(key)
        if held == link:
            return
        if held is not None:
            msg = f"entities {link.left!r} and {link.right!r} are already linked by {held!r}"
            raise DuplicateIdError(msg)
        self._links[key] = link
        for end in (link.left, link.right):
            self._links_of.setdefault(end, []).append(link)

    # -- recording actions -----------------------------------------------------

    def record(self, action: Action) -> None:
        """Record one action; see :meth:`extend`."""
        self.extend((action,))

    def extend(self, actions: Iterable[Action]) -> None:
        """Record actions, validate them and derive their designations.

        All or nothing: if any action is refused, the ledger is unchanged.

        Raises:
            DuplicateIdError: An action id is taken.
            UnknownReferenceError: An action names an unknown list, program,
                entity, authority or superseded action.
            ListingConflictError: An action contradicts the listing it meets:
                it delists or amends an entity not listed then, designates
                one already listed, removes a program the entity is not
                under, or adds one it holds.
            LedgerError: A correction is recorded before what it corrects, or
                corrects an action already corrected.
        """
        batch = list(actions)
        if not batch:
            return
        with collector_paused():
            self._extend(batch)

    def _extend(self, batch: list[Action]) -> None:
        new, order, superseded, touched = self._admit(batch)
        held = self._chains
        chains = self._new_chains(batch, superseded, touched)
        known_order, known_actions, histories = self._order, self._actions, self._history
        derived: dict[tuple[str, str], tuple[_Episode, ...]] = {}
        # Keys that may need their earlier views checked: two or more actions ever.
        several: list[tuple[str, str]] = []
        for key, chain in chains.items():
            if len(chain) > 1 or key in touched or key in histories:
                several.append(key)
            if len(chain) == 1:
                aid = chain[0]
                action = new.get(aid) or known_actions[aid]
                if action.kind is ActionKind.DESIGNATE:
                    continue  # always valid: derived when first asked
                keys = [order.get(aid) or known_order[aid]]
                acts = [action]
            else:
                pairs = sorted((order.get(a) or known_order[a], a) for a in chain)
                keys = [k for k, _ in pairs]
                chain[:] = [a for _, a in pairs]
                acts = [new.get(a) or known_actions[a] for a in chain]
            derived[key] = _derive(key, acts, keys) if chain else ()
        found = self._histories(several, chains, new, superseded)
        for key, history in found.items():
            self._check_views(key, history, new, order, superseded)
        # Everything checked: commit.
        histories.update(found)
        self._actions.update(new)
        self._order.update(order)
        self._superseded_by.update(superseded)
        held.update(chains)
        all_episodes = self._episodes
        for key, chain in chains.items():
            entity, list_id = key
            per_entity = all_episodes.get(entity)
            if per_entity is None:
                per_entity = all_episodes[entity] = {}
            if chain:
                per_entity[list_id] = derived.get(key)
            else:
                del held[key]
                per_entity.pop(list_id, None)
        for list_id in {list_id for _, list_id in chains}:
            self._list_index.pop(list_id, None)
            self._change_index.pop(list_id, None)
        self._views.clear()

    def _new_chains(
        self, batch: list[Action], superseded: Mapping[str, str], touched: set[tuple[str, str]]
    ) -> dict[tuple[str, str], list[str]]:
        """The chain of each (entity, list) the batch touches: its live actions, unsorted."""
        held = self._chains
        chains: dict[tuple[str, str], list[str]] = {}
        for key in touched:  # keys of corrected actions
            before = held.get(key)
            chains[key] = [a for a in before if a not in superseded] if before else []
        for action in batch:
            aid = action.id
            if aid in superseded:
                continue
            list_id = action.list
            for entity in action.entities:
                key = (entity, list_id)
                chain = chains.get(key)
                if chain is None:
                    before = held.get(key)
                    chain = chains[key] = (
                        [a for a in before if a not in superseded] if before else []
                    )
                chain.append(aid)
        return chains

    def _histories(
        self,
        keys: list[tuple[str, str]],
        chains: Mapping[tuple[str, str], list[str]],
        new: Mapping[str, Action],
        superseded: Mapping[str, str],
    ) -> dict[tuple[str, str], list[str]]:
        """Every action ever recorded on each of ``keys``, superseded ones included.

        Kept only where there are two or more: a lone action has no earlier
        view to check (the common case, which never gets here).
        """
        # New actions that a correction in this same batch already replaced.
        replaced: dict[tuple[str, str], list[str]] = {}
        for old_id in superseded:
            if old_id in new:
                action = new[old_id]
                for entity in action.entities:
                    replaced.setdefault((entity, action.list), []).append(old_id)
        out = {}
        for key in dict.fromkeys((*keys, *replaced)):
            chain = chains[key]
            prior = self._history.get(key)
            if prior is None:
                prior = list(self._chains.get(key) or ())
            added = [a for a in chain if a in new and a not in prior]
            history = prior + added + [a for a in replaced.get(key, ()) if a not in prior]
            if len(history) > 1:
                out[key] = history
        return out

    def _check_views(
        self,
        key: tuple[str, str],
        history: list[str],
        new: Mapping[str, Action],
        order: Mapping[str, tuple[int, int, int]],
        superseded: Mapping[str, str],
    ) -> None:
        """Refuse actions that leave some ``as_of`` view of the key inconsistent.

        An amend known before the designation it amends, say, is valid in the
        whole ledger but not as known on the day between: every view must be
        a ledger that could have been built.
        """

        def get(action_id: str) -> Action:
            return new.get(action_id) or self._actions[action_id]

        days = sorted({get(a).recorded for a in history})
        if len(days) < 2:  # noqa: PLR2004 - one day: the view is the whole ledger
            return
        corrections = {**self._superseded_by, **superseded}
        for day in days[:-1]:
            visible = [
                a
                for a in history
                if get(a).recorded <= day
                and not (a in corrections and get(corrections[a]).recorded <= day)
            ]
            ranked = sorted((order.get(a) or self._order[a], a) for a in visible)
            try:
                _derive(key, [get(a) for _, a in ranked], [k for k, _ in ranked])
            except ListingConflictError as exc:
                msg = f"as known on {day}, {exc}"
                raise ListingConflictError(msg, action_id=exc.action_id) from None

    def _admit(
        self, batch: list[Action]
    ) -> tuple[
        dict[str, Action],
        dict[str, tuple[int, int, int]],
        dict[str, str],
        set[tuple[str, str]],
    ]:
        """Check each action against the ledger; compute its sort key.

        Returns:
            The new actions by id; each one's sort key (earliest instant,
            latest instant, recording order); the corrections (superseded id
            to superseding id); the (entity, list) pairs of corrected actions.
        """
        new: dict[str, Action] = {}
        order: dict[str, tuple[int, int, int]] = {}
        superseded: dict[str, str] = {}
        touched: set[tuple[str, str]] = set()
        seq = len(self._order)
        zones: dict[str, str] = {}
        known, lists, entities = self._actions, self._lists, self._entities
        programs, authorities = self._programs, self._authorities
        for action in batch:
            if not isinstance(action, Action):
                msg = f"expected an Action, got {action!r}"
                raise InvalidValueError(msg)
            aid = action.id
            list_id = action.list
            # The common case checked inline; anything unusual gets the full
            # check, which names what is wrong.
            plain = (
                aid not in known
                and aid not in new
                and list_id in lists
                and action.supersedes is None
                and not action.removes
                and (action.authority is None or action.authority in authorities)
            )
            if plain:
                for entity in action.entities:
                    if entity not in entities:
                        plain = False
                for program in action.programs:
                    if program not in programs:
                        plain = False
            if not plain:
                self._check_action(action, new, superseded)
            new[aid] = action
            tz = zones.get(list_id)
            if tz is None:
                tz = zones[list_id] = self.timezone_of(list_id)
            effective = action.effective
            if type(effective) is date:  # the common case, kept cheap
                lo = hi = local_midnight(effective, tz)
            else:
                lo, hi = effective_bounds(effective, tz)
                if lo > hi:
                    msg = (
                        f"action {action.id!r}: its window starts after it ends "
                        f"({format_effective(effective)} in {tz})"
                    )
                    raise InvalidValueError(msg)
            rank = seq
            if action.supersedes is not None:
                # A correction takes the place of what it corrects among equal times.
                held = order.get(action.supersedes) or self._order[action.supersedes]
                rank = held[2]
            order[action.id] = (lo, hi, rank)
            seq += 1
            if action.supersedes is not None:
                superseded[action.supersedes] = action.id
                old = new.get(action.supersedes) or self._actions[action.supersedes]
                for entity in old.entities:
                    touched.add((entity, old.list))
        return new, order, superseded, touched

    def _check_action(
        self, action: Action, new: Mapping[str, Action], superseded: Mapping[str, str]
    ) -> None:
        where = f"action {action.id!r}"
        if action.id in self._actions or action.id in new:
            msg = f"{where}: the id is already taken"
            raise DuplicateIdError(msg, action_id=action.id)
        if action.list not in self._lists:
            msg = f"{where} names unknown list {action.list!r}"
            raise UnknownReferenceError(msg, action_id=action.id)
        for entity in action.entities:
            if entity not in self._entities:
                msg = f"{where} names unknown entity {entity!r}"
                raise UnknownReferenceError(msg, action_id=action.id)
        for program in (*action.programs, *action.removes):
            if program not in self._programs:
                msg = f"{where} names unknown program {program!r}"
                raise UnknownReferenceError(msg, action_id=action.id)
        if action.authority is not None and action.authority not in self._authorities:
            msg = f"{where} names unknown authority {action.authority!r}"
            raise UnknownReferenceError(msg, action_id=action.id)
        if action.supersedes is not None:
            old = new.get(action.supersedes) or self._actions.get(action.supersedes)
            if old is None:
                msg = f"{where} supersedes unknown action {action.supersedes!r}"
                raise UnknownReferenceError(msg, action_id=action.id)
            if action.supersedes in self._superseded_by or action.supersedes in superseded:
                msg = f"{where} supersedes {action.supersedes!r}, which is already superseded"
                raise LedgerError(msg, action_id=action.id)
            if action.recorded < old.recorded:
                msg = (
                    f"{where} is recorded {action.recorded} but corrects "
                    f"{old.id!r}, recorded later ({old.recorded})"
                )
                raise LedgerError(msg, action_id=action.id)

    # -- views -----------------------------------------------------------------

    def as_of(self, known_on: date | str) -> Ledger:
        """The ledger as it was known on ``known_on`` (transaction time).

        Only actions and observations recorded on or before that day are
        seen; a correction recorded later is not, so the action it corrects
        still stands.  A list the ledger observes is known in the view from
        the first observation recorded by then (and not at all before one
        is): see :meth:`coverage`.  The view has the same query API.
        Reference data (entities, lists, links) is shared: it carries no
        transaction time.

        Raises:
            InvalidValueError: If ``known_on`` is not a date.
        """
        day = to_date(known_on)
        view = self._views.get(day)
        if view is None:
            view = Ledger(
                jurisdictions=self._jurisdictions.values(),
                authorities=self._authorities.values(),
                lists=self._lists.values(),
                programs=self._programs.values(),
                entities=self._entities.values(),
                links=self._links.values(),
                observations=(o for o in self._observations if o.recorded <= day),
                actions=(a for a in self._actions.values() if a.recorded <= day),
                # A list the ledger observes is observed in the view, which
                # may know no observation of it yet: then nothing is known of it.
                observed_lists=self._observed,
            )
            view._known_on = day
            self._views[day] = view
        return view

    # -- finding entities ------------------------------------------------------

    def entity(self, ref: str) -> Entity:
        """The entity with id ``ref``, or the one whose name matches it exactly.

        Names match after normalization (case, width, punctuation, spacing and
        ``SURNAME, Given`` order), in any script.  When a name matches several
        records that are linked as one party, the first id is returned.  Where
        no name matches, an id in another case does (``US-OFAC:38556``), and
        so does an id without its source prefix (``38556`` for
        ``us-ofac:38556``, ``kf-876`` for ``kr-fsc:KF-876``), if only one
        record has it.  When none matches exactly, the error lists the
        closest names by :meth:`search` as ``candidates``.

        Raises:
            UnknownEntityError: If nothing matches.
            AmbiguousEntityError: If several entities bear the name.
        """
        return self._entities[self._resolve(ref)]

    def _resolve(self, ref: str) -> str:
        if ref in self._entities:
            return ref
        if not isinstance(ref, str):
            raise UnknownEntityError(repr(ref))
        found: set[str] = set()
        index = self._names()
        for key in name_keys(ref):
            found |= index.get(key, set())
        if not found:
            # An id in another case or with blanks around it, or an OFAC ent_num
            # or an annex number without its source's prefix (kf-876 too).
            local = ref.strip().casefold()
            if local:
                found = {
                    e
                    for e in self._entities
                    if local in (e.casefold(), e.partition(":")[2].casefold())
                }
        if not found:
            raise UnknownEntityError(ref, [m.entity_id for m in self.search(ref, limit=5)])
        if len(found) > 1:
            # Records linked as one party are one answer, not an ambiguity.
            first = min(found)
            if not found <= {entity_id for entity_id, _ in self.linked(first)}:
                raise AmbiguousEntityError(ref, sorted(found, key=id_order))
            return first
        return found.pop()

    def _names(self) -> dict[str, set[str]]:
        if self._name_index is None:
            index: dict[str, set[str]] = {}
            with collector_paused():
                for entity in self._entities.values():
                    for name in entity.names:
                        for key in name_keys(name.text):
                            index.setdefault(key, set()).add(entity.id)
            self._name_index = index
        return self._name_index

    def search(
        self,
        query: str,
        limit: int = 10,
        lists: str | Iterable[str] | None = None,
        on: On = None,
    ) -> tuple[SearchMatch, ...]:
        """Find entities by name, in any script, romanization or spelling.

        Args:
            query: A name: ``Lee Bong-chun``, ``리봉춘``, ``Новосибирскоблгаз``...
            limit: At most this many matches.
            lists: Only entities that are (or were) on this list, or these.
            on: Only entities on a list (``lists``, or any) at that time,
                listed or possibly listed; every entity, where the time is
                before the record of an observed list starts (see
                :meth:`coverage`).

        Returns:
            Matches best first, one per entity, each with the entity id, the
            name that matched, a score in 0..1 and how it matched (see
            :class:`~sanctionsmodel.names.SearchMatch`).

        Raises:
            UnknownReferenceError: If a list is unknown.
            NaiveDatetimeError: If ``on`` is a naive datetime.
        """
        if self._search_index is None:
            self._search_index = NameIndex.build(self._entities.values())
        if isinstance(lists, str):
            lists = (lists,)  # one list id, not its letters
        wanted = None if lists is None else [self._list(lid).id for lid in lists]
        restrict = None
        if wanted is not None or on is not None:
            keep = self._on_lists(wanted, on)
            restrict = keep.__contains__
        return self._search_index.search(query, limit=limit, restrict_to=restrict)

    def _on_lists(self, lists: list[str] | None, on: On) -> set[str]:
        """Entities that are (or, with ``on``, are then possibly) on the lists."""
        chosen = list(self._lists) if lists is None else lists
        if on is None:
            return {entity for entity, list_id in self._chains if list_id in chosen}
        keep: set[str] = set()
        for list_id in chosen:
            snap = self.snapshot(list_id, on=on)
            if not snap.complete:
                return set(self._entities)  # any of them may have been on the list
            keep.update(snap.listed, snap.unknown)
        return keep

    def linked(self, ref: str) -> tuple[tuple[str, Link | None], ...]:
        """The entity and every record linked to it as the same party.

        Links are followed transitively; rejected judgements (``same=False``)
        are not followed.

        Returns:
            ``(entity id, link)`` pairs: the entity first with ``None``, then
            each linked record with the link through which it was first
            reached.
        """
        start = self._resolve(ref)
        if start not in self._links_of:
            return ((start, None),)
        seen: dict[str, Link | None] = {start: None}
        queue = [start]
        while queue:
            current = queue.pop(0)
            for link in self._links_of.get(current, ()):
                other = link.other(current)
                if link.same and other not in seen:
                    seen[other] = seen[current] or link
                    queue.append(other)
        return tuple(seen.items())

    def _group(self, ref: str, follow_links: bool) -> tuple[tuple[str, Link | None], ...]:
        if follow_links:
            return self.linked(ref)
        return ((self._resolve(ref), None),)

    # -- queries ---------------------------------------------------------------

    def _list(self, list_id: str) -> SanctionsList:
        try:
            return self._lists[list_id]
        except KeyError:
            msg = f"unknown list {list_id!r}; known: {', '.join(sorted(self._lists))}"
            raise UnknownReferenceError(msg) from None

    def _episodes_of(self, entity_id: str) -> dict[str, tuple[_Episode, ...]]:
        """The entity's episodes by list, deriving those not derived yet."""
        per_entity = self._episodes.get(entity_id)
        if not per_entity:
            return {}
        for list_id, eps in per_entity.items():
            if eps is None:
                chain = self._chains[(entity_id, list_id)]
                per_entity[list_id] = _derive(
                    (entity_id, list_id),
                    [self._actions[a] for a in chain],
                    [self._order[a] for a in chain],
                )
        return per_entity  # type: ignore[return-value]

    def _designation(self, ep: _Episode) -> Designation:
        made = self._made.get(ep)
        if made is None:
            made = self._made[ep] = self._make_designation(ep)
        return made

    def _make_designation(self, ep: _Episode) -> Designation:
        end = None if ep.ended_by is None else self._actions[ep.ended_by].effective
        return Designation(
            entity=ep.entity,
            list=ep.list,
            program=ep.program,
            start=self._actions[ep.started_by].effective,
            started_by=ep.started_by,
            listed_by=ep.listed_by,
            end=end,
            ended_by=ep.ended_by,
        )

    def lists_holding(
        self, ref: str, *, on: On = None, follow_links: bool = True
    ) -> tuple[Holding, ...]:
        """Every list that holds the entity at the time asked.

        Args:
            ref: An entity id or exact name.
            on: The time asked (see the class docstring).
            follow_links: Include records linked to the entity as the same
                party, each holding saying through which link.

        Returns:
            One :class:`Holding` per list and record, LISTED before UNKNOWN,
            then by list id.

        Raises:
            UnknownEntityError, AmbiguousEntityError: See :meth:`entity`.
            NaiveDatetimeError: If ``on`` is a naive datetime.
        """
        holdings: list[Holding] = []
        group = self._group(ref, follow_links)
        for entity_id, via in group:
            for list_id, eps in self._episodes_of(entity_id).items():
                q0, q1 = query_interval(on, self.timezone_of(list_id))
                runs = [(ep, st) for ep in eps if (st := _on_list(ep, q0, q1))]
                if not runs:
                    continue
                rank = max(st for _, st in runs)
                listed_by = _run_start(runs)
                held = [(ep, st) for ep in eps if (st := _overlap(ep, q0, q1))]
                sure = sorted({ep.program for ep, st in held if st == _LISTED})
                maybe = sorted({ep.program for ep, _ in held} - set(sure))
                holdings.append(
                    Holding(
                        list=list_id,
                        entity=entity_id,
                        via=via,
                        status=_STATUS[rank],
                        programs=tuple(sure),
                        possible_programs=tuple(maybe),
                        since=self._actions[listed_by].effective,
                        listed_by=listed_by,
                        designations=tuple(self._designation(ep) for ep, _ in held),
                    )
                )
        # A list whose record starts after some moment asked may hold the
        # entity then, as far as the ledger knows.
        holding_lists = {h.list for h in holdings}
        for list_id in sorted(self._observed - holding_lists):
            unseen = self._before_record(list_id, query_interval(on, self.timezone_of(list_id))[0])
            if unseen is not None:
                holdings.append(
                    Holding(
                        list=list_id,
                        entity=group[0][0],
                        via=None,
                        status=Status.UNKNOWN,
                        programs=(),
                        possible_programs=(),
                        since=None,
                        listed_by=None,
                        designations=(),
                        coverage=unseen,
                    )
                )
        holdings.sort(key=lambda h: (h.status is not Status.LISTED, h.list, h.via is not None))
        return tuple(holdings)

    def status(
        self, ref: str, list_id: str, *, on: On = None, follow_links: bool = True
    ) -> StatusReport:
        """Whether the entity is on ``list_id`` at the time asked: three-valued.

        ``LISTED`` if an episode holds for certain at some moment of the time
        asked, ``UNKNOWN`` if one may hold (the time falls in a window),
        ``NOT_LISTED`` otherwise; but ``UNKNOWN`` again where some moment
        asked falls before the ledger's record of the list starts (its first
        observation, see :meth:`coverage`), which the report's ``coverage``
        then gives.  Linked records count unless ``follow_links=False``.

        Raises:
            UnknownEntityError, AmbiguousEntityError: See :meth:`entity`.
            UnknownReferenceError: If the list is unknown.
            NaiveDatetimeError: If ``on`` is a naive datetime.
        """
        q0, q1 = query_interval(on, self.timezone_of(list_id))
        group = self._group(ref, follow_links)
        best: tuple[int, str | None, Link | None, list[tuple[_Episode, int]]]
        best = (_NOT_LISTED, None, None, [])
        for entity_id, via in group:
            eps = self._episodes_of(entity_id).get(list_id)
            if not eps:
                continue
            hits = [(ep, _on_list(ep, q0, q1)) for ep in eps]
            rank = max(st for _, st in hits)
            if best[1] is None or rank > best[0]:
                best = (rank, entity_id, via, hits)
        rank, holder, via, hits = best
        # Before the list's record starts, "not listed" is not known.
        unseen = self._before_record(list_id, q0) if rank == _NOT_LISTED else None
        state = Status.UNKNOWN if unseen is not None else _STATUS[rank]
        deciding = _deciding(rank, hits, q0, q1)
        action_ids: list[str] = []
        for ep in deciding:
            for aid in _relevant(ep, rank, q0, q1):
                if aid not in action_ids:
                    action_ids.append(aid)
        actions = [self._actions[aid] for aid in action_ids]
        reason = self._reason(_STATUS[rank], list_id, holder, via, deciding, actions)
        held = [(ep, st) for ep, _ in hits if (st := _overlap(ep, q0, q1))]
        sure = sorted({ep.program for ep, st in held if st == _LISTED})
        maybe = sorted({ep.program for ep, st in held if st == _UNKNOWN} - set(sure))
        return StatusReport(
            entity=group[0][0],
            list=list_id,
            on=describe_on(on),
            status=state,
            holder=holder,
            via=via,
            programs=tuple(sure),
            possible_programs=tuple(maybe),
            designations=tuple(self._designation(ep) for ep in deciding),
            actions=tuple(actions),
            reason=_unseen_reason(unseen, list_id, holder, reason) if unseen else reason,
            coverage=unseen,
        )

    def _reason(  # noqa: PLR0917 - private, called from one place
        self,
        state: Status,
        list_id: str,
        holder: str | None,
        via: Link | None,
        deciding: list[_Episode],
        actions: list[Action],
    ) -> str:
        through = ""
        if via is not None and holder is not None:
            through = f" through linked record {holder}"
        if holder is None:
            return f"never on {list_id}"
        if state is Status.LISTED:
            ep = deciding[0]
            start = self._actions[ep.listed_by]
            return (
                f"on {list_id}{through} since {format_effective(start.effective)} "
                f"(action {start.id})"
            )
        if state is Status.UNKNOWN:
            parts = []
            for act in actions:
                text = f"{act.kind.value} {act.id} effective {format_effective(act.effective)}"
                if isinstance(act.effective, Window) and act.effective.evidence:
                    text += " (" + "; ".join(act.effective.evidence) + ")"
                parts.append(text)
            return f"unknown on {list_id}{through}: the time asked falls in " + "; ".join(parts)
        if not deciding:
            return f"not on {list_id}{through}"
        ep = deciding[0]
        if ep.ended_by is not None:
            end = self._actions[ep.ended_by]
            return (
                f"not on {list_id}{through}: ended {format_effective(end.effective)} "
                f"(action {end.id})"
            )
        start = self._actions[ep.started_by]
        return (
            f"not on {list_id}{through}: designated only from "
            f"{format_effective(start.effective)} (action {start.id})"
        )

    def designations(self, ref: str, *, follow_links: bool = True) -> tuple[Designation, ...]:
        """The entity's whole history: every episode, ended ones too, in time order.

        Raises:
            UnknownEntityError, AmbiguousEntityError: See :meth:`entity`.
        """
        eps = [
            ep
            for entity_id, _ in self._group(ref, follow_links)
            for chain in self._episodes_of(entity_id).values()
            for ep in chain
        ]
        eps.sort(key=lambda ep: (ep.s_lo, ep.s_hi, ep.list, ep.entity, ep.program))
        return tuple(self._designation(ep) for ep in eps)

    def history(self, ref: str, *, follow_links: bool = True) -> tuple[Action, ...]:
        """Every action (not superseded) on the entity and its linked records, in time order.

        Raises:
            UnknownEntityError, AmbiguousEntityError: See :meth:`entity`.
        """
        ids = {
            aid
            for entity_id, _ in self._group(ref, follow_links)
            for list_id in self._episodes.get(entity_id, {})
            for aid in self._chains.get((entity_id, list_id), ())
        }
        ordered = sorted(ids, key=self._order.__getitem__)
        return tuple(self._actions[a] for a in ordered)

    def snapshot(self, list_id: str, *, on: On = None) -> Snapshot:
        """Who is on ``list_id`` at the time asked: listed, and unknown.

        Before the ledger's record of the list starts (see :meth:`coverage`)
        the snapshot is not ``complete``: any other party may have been on
        the list too.

        Raises:
            UnknownReferenceError: If the list is unknown.
            NaiveDatetimeError: If ``on`` is a naive datetime.
        """
        self._list(list_id)
        q0, q1 = query_interval(on, self.timezone_of(list_id))
        eps, index = self._episode_index(list_id)
        listed: set[str] = set()
        maybe: set[str] = set()
        for i in index.overlapping(q0, q1):
            ep = eps[i]
            # The index found the runs that may hold; the run decides which surely do.
            (listed if _on_list(ep, q0, q1) == _LISTED else maybe).add(ep.entity)
        return Snapshot(
            list=list_id,
            on=describe_on(on),
            listed=tuple(sorted(listed, key=id_order)),
            unknown=tuple(sorted(maybe - listed, key=id_order)),
            coverage=self._before_record(list_id, q0),
        )

    def _episode_index(self, list_id: str) -> tuple[list[_Episode], IntervalIndex]:
        built = self._list_index.get(list_id)
        if built is None:
            eps = [
                ep
                for entity_id, per_entity in self._episodes.items()
                if list_id in per_entity
                for ep in self._episodes_of(entity_id)[list_id]
            ]
            # One episode per run is enough: the run decides who is on the list.
            eps = [ep for ep in eps if ep.started_by == ep.listed_by]
            built = (eps, IntervalIndex([(ep.r_lo, ep.x_hi) for ep in eps]))
            self._list_index[list_id] = built
        return built

    def changes(
        self,
        start: date | str,
        end: date | str,
        *,
        list_id: str | None = None,
    ) -> Changes:
        """Actions effective from ``start`` to ``end``, both days included.

        Days are read in each list's time zone (aware datetimes are instants).
        An action whose window only partly overlaps the range is returned
        with ``certain=False``.  Superseded actions are left out.  Where the
        range starts before a list's record (see :meth:`coverage`), the
        answer is not ``complete`` and its ``coverage`` names the list: what
        changed on it before then is not shown.

        Raises:
            UnknownReferenceError: If ``list_id`` is unknown.
            InvalidValueError: If ``end`` is before ``start``.
        """
        list_ids = [self._list(list_id).id] if list_id is not None else sorted(self._lists)
        first, last = to_day_or_instant(start), to_day_or_instant(end)
        found: list[tuple[tuple[int, int, int], Change]] = []
        unseen: list[Coverage] = []
        for lid in list_ids:
            tz = self.timezone_of(lid)
            q0 = query_interval(first, tz)[0]
            q1 = query_interval(last, tz)[1]
            if q1 <= q0:
                msg = f"the range ends ({last}) before it starts ({first})"
                raise InvalidValueError(msg)
            before = self._before_record(lid, q0)
            if before is not None:
                unseen.append(before)
            ids, index = self._action_index(lid)
            for i in index.overlapping(q0, q1):
                aid = ids[i]
                lo, hi, seq = self._order[aid]
                change = Change(action=self._actions[aid], certain=q0 <= lo and hi < q1)
                found.append(((lo, hi, seq), change))
        found.sort(key=lambda pair: pair[0])
        return Changes(
            start=describe_on(first),
            end=describe_on(last),
            changes=tuple(change for _, change in found),
            coverage=tuple(unseen),
        )

    def _action_index(self, list_id: str) -> tuple[list[str], IntervalIndex]:
        built = self._change_index.get(list_id)
        if built is None:
            ids = [
                a.id
                for a in self._actions.values()
                if a.list == list_id and a.id not in self._superseded_by
            ]
            spans = [(self._order[a][0], self._order[a][1] + 1) for a in ids]
            built = (ids, IntervalIndex(spans))
            self._change_index[list_id] = built
        return built


def _unseen_reason(unseen: Coverage, list_id: str, holder: str | None, shown: str) -> str:
    """The reason of an UNKNOWN before the list's record starts, with what the actions say."""
    said = "" if holder is None else f"; the actions say: {shown}"
    return f"unknown on {list_id}: {unseen.describe()}{said}"


def _run_start(hits: list[tuple[_Episode, int]]) -> str:
    """The designate action of the listing run that answers (surest, then latest)."""
    best = max(hits, key=lambda pair: (pair[1], pair[0].r_lo))
    return best[0].listed_by


def _relevant(ep: _Episode, rank: int, q0: int, q1: int) -> list[str]:
    """The actions of an episode that decide a status answer."""
    if rank == _LISTED:
        return [ep.listed_by, ep.started_by]
    if rank == _UNKNOWN:
        out = [ep.listed_by] if ep.r_hi >= q1 else []
        if ep.delisted_by is not None and ep.x_lo < q1:
            out.append(ep.delisted_by)
        return out or [ep.listed_by]
    if ep.delisted_by is not None and ep.x_hi <= q0:
        return [ep.delisted_by]
    return [ep.listed_by]


def _deciding(rank: int, hits: list[tuple[_Episode, int]], q0: int, q1: int) -> list[_Episode]:
    """The episodes that decide a status answer (one per program where possible)."""
    if rank != _NOT_LISTED:
        on = [ep for ep, st in hits if st == rank]
        held = [ep for ep in on if _overlap(ep, q0, q1)]
        return held or on[:1]
    ended = [ep for ep, _ in hits if ep.x_hi <= q0]
    if ended:
        last = max(ep.x_hi for ep in ended)
        return [ep for ep in ended if ep.x_hi == last and ep.ended_by == ep.delisted_by]
    future = [ep for ep, _ in hits]
    if not future:
        return []
    first = min(ep.r_lo for ep in future)
    return [ep for ep in future if ep.r_lo == first and ep.started_by == ep.listed_by]


def _where(action: Action, entity: str, list_id: str) -> str:
    return (
        f"action {action.id!r} ({action.kind.value}, effective "
        f"{format_effective(action.effective)}) on {entity} in {list_id}"
    )


def _derive(
    key: tuple[str, str],
    actions: list[Action],
    keys: list[tuple[int, int, int]],
) -> tuple[_Episode, ...]:
    """Replay one entity's actions on one list, in effective order, into episodes.

    Raises:
        ListingConflictError: Naming the first action that does not fit.
    """
    entity, list_id = key
    if len(actions) == 1 and actions[0].kind is ActionKind.DESIGNATE:
        # The common case: designated once, still listed.
        action = actions[0]
        lo, hi, _ = keys[0]
        aid = action.id
        return tuple(
            [
                _Episode(
                    entity,
                    list_id,
                    p,
                    aid,
                    aid,
                    None,
                    lo,
                    hi,
                    FOREVER,
                    FOREVER,
                    None,
                    lo,
                    hi,
                    FOREVER,
                    FOREVER,
                )
                for p in action.programs
            ]
        )
    open_eps: dict[str, tuple[str, int, int]] = {}
    # Episodes of the current run, waiting for the run's end: (program,
    # started_by, ended_by, s_lo, s_hi, e_lo, e_hi).
    pending: list[tuple[str, str, str | None, int, int, int, int]] = []
    run, run_lo, run_hi = "", 0, 0
    out: list[_Episode] = []

    def finish(delisted_by: str | None, x_lo: int, x_hi: int) -> None:
        for program, started_by, ended_by, s_lo, s_hi, e_lo, e_hi in pending:
            out.append(
                _Episode(
                    entity,
                    list_id,
                    program,
                    started_by,
                    run,
                    ended_by,
                    s_lo,
                    s_hi,
                    e_lo,
                    e_hi,
                    delisted_by,
                    run_lo,
                    run_hi,
                    x_lo,
                    x_hi,
                )
            )
        pending.clear()

    for action, (lo, hi, _) in zip(actions, keys, strict=True):
        aid = action.id
        if action.kind is ActionKind.DESIGNATE:
            if open_eps:
                msg = f"{_where(action, entity, list_id)}: already listed then (since {run!r})"
                raise ListingConflictError(msg, action_id=aid)
            run, run_lo, run_hi = aid, lo, hi
            for program in action.programs:
                open_eps[program] = (aid, lo, hi)
            continue
        if not open_eps:
            msg = f"{_where(action, entity, list_id)}: not listed then"
            raise ListingConflictError(msg, action_id=aid)
        if action.kind is ActionKind.DELIST:
            ending = sorted(open_eps)
        else:
            _check_amend(action, open_eps.keys(), entity, list_id)
            ending = list(action.removes)
        for program in ending:
            started_by, s_lo, s_hi = open_eps.pop(program)
            pending.append((program, started_by, aid, s_lo, s_hi, lo, hi))
        for program in action.programs:
            open_eps[program] = (aid, lo, hi)
        if action.kind is ActionKind.DELIST:
            finish(aid, lo, hi)
    for program in sorted(open_eps):
        started_by, s_lo, s_hi = open_eps[program]
        pending.append((program, started_by, None, s_lo, s_hi, FOREVER, FOREVER))
    finish(None, FOREVER, FOREVER)
    out.sort(key=lambda ep: (ep.s_lo, ep.s_hi, ep.program))
    return tuple(out)


def _check_amend(action: Action, held: Iterable[str], entity: str, list_id: str) -> None:
    """Refuse an amend that does not fit the programs held.

    Raises:
        ListingConflictError: Naming the action.
    """
    held = set(held)
    missing = sorted(set(action.removes) - held)
    if missing:
        where = _where(action, entity, list_id)
        msg = f"{where}: removes {missing}, which the entity is not under then"
        raise ListingConflictError(msg, action_id=action.id)
    already = sorted(set(action.programs) & held)
    if already:
        msg = (
            f"{_where(action, entity, list_id)}: adds {already}, which the entity is already under"
        )
        raise ListingConflictError(msg, action_id=action.id)
    if not action.programs and set(action.removes) == held:
        msg = f"{_where(action, entity, list_id)}: removes every program; record a delist instead"
        raise ListingConflictError(msg, action_id=action.id)
