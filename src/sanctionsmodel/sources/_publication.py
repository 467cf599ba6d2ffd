"""The common result of every source reader."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from sanctionsmodel._model import Entity, Link


@attrs.frozen(kw_only=True)
class Publication:
    """One list as one publication (a file, a folder of files, a notice) shows it.

    Attributes:
        list: The list id, such as ``us-ofac-sdn`` or ``kr-fsc-ftr``.
        source: Where it was read from (a path or a description).
        published: The publication date the source states, if it states one.
        observed: When the caller saw it (for formats that carry no date).
        effective: When the publication takes legal effect, where the source
            says (an ROK notice's 시행일자, 00:00 KST).
        notice: The notice or publication number, where there is one.
        entities: The parties on the list, in the source's order.
        links: Relationships the source states between its parties.
        entry_dates: Per-entity dates of entry on the list, where the format
            carries them (OFAC advanced XML), as ``(entity id, date)`` pairs.
        record_count: The count the source states for itself, if any.
    """

    list: str
    source: str
    entities: tuple[Entity, ...]
    published: date | None = None
    observed: date | datetime | None = None
    effective: date | datetime | None = None
    notice: str | None = None
    links: tuple[Link, ...] = ()
    entry_dates: tuple[tuple[str, date], ...] = ()
    record_count: int | None = None

    @property
    def as_of(self) -> date | datetime | None:
        """The time the publication speaks for: published, else observed."""
        return self.published or self.observed
