"""The typed answers of the ledger's queries."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date

import attrs

from sanctionsmodel._model import Action, Designation, Link, Observation, _to_opt_effective
from sanctionsmodel._time import Effective


class Status(enum.Enum):
    """Whether an entity is on a list at the time asked: three honest answers."""

    LISTED = "listed"
    NOT_LISTED = "not-listed"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Coverage:
    """What a ledger has seen of a list it knows from observations (see :class:`Observation`).

    The ledger's record of the list starts with ``first``: before that time
    a party it does not show listed may have been.  Queries about such a
    time answer UNKNOWN, and carry this coverage to say why.

    Attributes:
        list: The list id.
        first: The earliest observation, or ``None`` if none is known yet
            (a view ``as_of`` a day before the first was recorded).
        last: The latest observation, or ``None`` with ``first``.
        observations: How many observations of the list the ledger holds.
        known_on: The day of the view (``Ledger.as_of``), or ``None`` for
            the whole ledger.
    """

    list: str
    first: Observation | None
    last: Observation | None
    observations: int
    known_on: date | None

    def describe(self) -> str:
        """Why an answer that carries this coverage cannot say who was on the list.

        >>> from textwrap import fill
        >>> from sanctionsmodel import Observation
        >>> seen = Observation(list="us-ofac-sdn", observed="2024-05-02",
        ...                    recorded="2024-05-02", source="sdn-csv-2024-05-02")
        >>> print(fill(Coverage(list="us-ofac-sdn", first=seen, last=seen,
        ...                     observations=1, known_on=None).describe(), 72))
        the time asked is before the ledger's record of us-ofac-sdn, which
        starts with its observation of 2024-05-02 (sdn-csv-2024-05-02)
        >>> print(Coverage(list="us-ofac-sdn", first=None, last=None, observations=0,
        ...                known_on=date(2024, 5, 1)).describe())
        the ledger knows no observation of us-ofac-sdn recorded by 2024-05-01
        """
        if self.first is None:
            by = "" if self.known_on is None else f" recorded by {self.known_on.isoformat()}"
            return f"the ledger knows no observation of {self.list}{by}"
        source = "" if self.first.source is None else f" ({self.first.source})"
        return (
            f"the time asked is before the ledger's record of {self.list}, which starts "
            f"with its observation of {self.first.observed.isoformat()}{source}"
        )


@attrs.frozen(kw_only=True)
class Holding:
    """One list that holds (or may hold) an entity at the time asked.

    Attributes:
        list: The list id.
        entity: The entity record on the list; a linked record where ``via``
            is set.
        via: The link through which ``entity`` was reached, or ``None`` for
            the entity asked about.
        status: ``LISTED``, or ``UNKNOWN`` when the time asked falls in a
            window or before the list's record starts (``coverage``).
        programs: Programs held for certain at that time.
        possible_programs: Programs that may be held, but not for certain.
        since: When the entity was put on the list (the designate action of
            the current listing): a day, instant, partial date or window;
            ``None`` where no action is known (``coverage`` says why).
        listed_by: The id of that designate action, or ``None`` with ``since``.
        designations: The program episodes behind the answer.
        coverage: Set where the answer is UNKNOWN only because the time
            asked falls before the list's record starts in the ledger.
    """

    list: str
    entity: str
    via: Link | None
    status: Status
    programs: tuple[str, ...]
    possible_programs: tuple[str, ...]
    since: Effective | None = attrs.field(converter=_to_opt_effective)
    listed_by: str | None
    designations: tuple[Designation, ...]
    coverage: Coverage | None = None


@attrs.frozen(kw_only=True)
class StatusReport:
    """The three-valued answer of :meth:`Ledger.status`, with what decides it.

    Attributes:
        entity: The entity asked about.
        list: The list asked about.
        on: The time asked, as text (a day, an instant or ``now``).
        status: ``LISTED``, ``NOT_LISTED`` or ``UNKNOWN``.
        holder: The record whose episodes decide the answer (the entity
            itself or a linked one), or ``None`` if no record was ever on
            the list.
        via: The link to ``holder``, if it is not the entity asked about.
        programs: Programs held for certain.
        possible_programs: Programs that may be held.
        designations: The episodes that decide the answer.
        actions: The actions that decide it (start, end or the window).
        reason: One sentence for people.
        coverage: Set where the ledger's record of the list starts after
            some moment asked, so that the answer is UNKNOWN where the
            actions alone say NOT_LISTED.
    """

    entity: str
    list: str
    on: str
    status: Status
    holder: str | None
    via: Link | None
    programs: tuple[str, ...]
    possible_programs: tuple[str, ...]
    designations: tuple[Designation, ...]
    actions: tuple[Action, ...]
    reason: str
    coverage: Coverage | None = None


@attrs.frozen(kw_only=True)
class Snapshot:
    """Who is on a list at the time asked.

    Attributes:
        list: The list id.
        on: The time asked, as text.
        listed: Ids of the entities on the list for certain, in id order
            (numbers by value: us-ofac:9999 before us-ofac:10000).
        unknown: Ids of the entities that may be on it (a window), in id order.
        coverage: Set where the time asked falls before the list's record
            starts in the ledger: then any party may have been on the list,
            and ``listed`` and ``unknown`` hold only what the ledger shows.
    """

    list: str
    on: str
    listed: tuple[str, ...]
    unknown: tuple[str, ...]
    coverage: Coverage | None = None

    @property
    def complete(self) -> bool:
        """Whether the snapshot names every party on the list (``coverage`` is unset)."""
        return self.coverage is None

    def __len__(self) -> int:
        """The number of entities listed for certain."""
        return len(self.listed)

    def __contains__(self, entity_id: object) -> bool:
        """Whether ``entity_id`` is listed for certain."""
        return entity_id in self.listed


@attrs.frozen(kw_only=True)
class Change:
    """An action effective in the range asked.

    Attributes:
        action: The action.
        certain: ``False`` when only part of the action's window lies in the
            range, so it may have taken effect outside it.
    """

    action: Action
    certain: bool


@attrs.frozen(kw_only=True)
class Changes:
    """The actions effective in a range of days, and whether the ledger saw all of the range.

    Iterating gives the changes, as do ``len`` and indexing.

    Attributes:
        start: The first day asked, as text.
        end: The last day asked, as text (both days are included).
        changes: The actions effective in the range (see :class:`Change`),
            in effective order.
        coverage: One for each list asked whose record in the ledger starts
            after the range does (see :class:`Coverage`): what changed on it
            before its record starts is not shown, so ``changes`` may miss
            actions of that part of the range.
    """

    start: str
    end: str
    changes: tuple[Change, ...]
    coverage: tuple[Coverage, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether the ledger saw every list asked over the whole range (``coverage`` is empty)."""
        return not self.coverage

    def __len__(self) -> int:
        """The number of changes."""
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        """The changes, in effective order."""
        return iter(self.changes)

    def __getitem__(self, index: int) -> Change:
        """The change at ``index``."""
        return self.changes[index]
