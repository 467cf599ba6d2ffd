"""The typed answers of the ledger's queries."""

from __future__ import annotations

import enum

import attrs

from sanctionsmodel._model import Action, Designation, Link
from sanctionsmodel._time import Effective, to_effective


class Status(enum.Enum):
    """Whether an entity is on a list at the time asked: three honest answers."""

    LISTED = "listed"
    NOT_LISTED = "not-listed"
    UNKNOWN = "unknown"


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
            window.
        programs: Programs held for certain at that time.
        possible_programs: Programs that may be held, but not for certain.
        since: When the entity was put on the list (the designate action of
            the current listing): a day, instant, partial date or window.
        listed_by: The id of that designate action.
        designations: The program episodes behind the answer.
    """

    list: str
    entity: str
    via: Link | None
    status: Status
    programs: tuple[str, ...]
    possible_programs: tuple[str, ...]
    since: Effective = attrs.field(converter=to_effective)
    listed_by: str
    designations: tuple[Designation, ...]


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


@attrs.frozen(kw_only=True)
class Snapshot:
    """Who is on a list at the time asked.

    Attributes:
        list: The list id.
        on: The time asked, as text.
        listed: Ids of the entities on the list for certain, sorted.
        unknown: Ids of the entities that may be on it (a window), sorted.
    """

    list: str
    on: str
    listed: tuple[str, ...]
    unknown: tuple[str, ...]

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
