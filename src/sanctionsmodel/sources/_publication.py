"""The common result of every source reader."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from sanctionsmodel._model import Entity, Link


@attrs.frozen(kw_only=True)
class EntryEvent:
    """One event of a party's entry on a list, as OFAC's advanced XML states it.

    Attributes:
        day: The day of the event, or ``None`` where the source gives none.
        type: The event's type as the source names it (``Created``).
        legal_basis: The legal basis the event cites, where it names one
            (OFAC's ``Unknown`` basis names none).
    """

    day: date | None = None
    type: str
    legal_basis: str | None = None


@attrs.frozen(kw_only=True)
class ListEntry:
    """A party's entry on one of the lists a publication is made of, as the source states it.

    OFAC's advanced XML gives each party one ``SanctionsEntry`` per list it
    is on: the SDN List, or one of the lists the consolidated (non-SDN)
    publication gathers (``Sectoral Sanctions Identifications List``,
    ``Non-SDN Palestinian Legislative Council List``, ...), each with the
    date the party entered that list and its own programs.  A party on
    several lists has several entries with different dates: HANIYA entered
    the NS-PLC list on 2006-04-12 and the Consolidated List when it began,
    on 2014-10-10.

    Attributes:
        entity: The party's entity id (``us-ofac:9639``).
        list: The id of the model's list the entry belongs to
            (``us-ofac-sdn`` for the SDN List, ``us-ofac-cons`` for every
            non-SDN list).
        source_list: The list as the source names it (``SDN List``,
            ``Sectoral Sanctions Identifications List``).
        entered: The day the party entered that list (the entry's earliest
            ``EntryEvent``), or ``None`` where the entry gives no date.
        events: Every ``EntryEvent`` of the entry, in the source's order:
            an entry may cite several legal bases (a general license, then
            the executive order).
        programs: The program tags of this entry, in the source's order.
        measures: The entry's other sanctions measures, as the source names
            them (``Block``, ``Reject``, ``13662 Sectoral Directive 1``), with
            the source's comment after ``: `` where it gives one.
        legal_basis: The legal basis the earliest event cites, where given
            (``Executive Order 13662 (Ukraine)``); every event's is in ``events``.
    """

    entity: str
    list: str
    source_list: str
    entered: date | None = None
    programs: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    legal_basis: str | None = None
    events: tuple[EntryEvent, ...] = ()


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
        entries: Each party's entries on the source's own lists, with their
            dates and programs, where the format carries them (OFAC advanced
            XML); see :class:`ListEntry` and :meth:`entry_date`.
        record_count: The count the source states for itself, if any.
        counts: What the reader read, by kind of record, in reading order:
            the rows of each CSV file (``sdn.csv rows``), the records of
            each kind of an XML file (``sdnEntry``, ``DistinctParty``).
            Each was read into the entities or the entries, or refused:
            with ``len(entities)`` they say what was read and what built.
            A CSV read without its comments file also counts the Remarks
            fields cut at OFAC's 1,000-character limit; an OFAC read counts
            last the parties whose remarks hold text read into no field
            (``parties with remarks kept as text``).
        warnings: What the reader saw that may mean the publication is not
            whole but cannot prove it: an OFAC CSV file without the 0x1A
            byte OFAC's own files end with is a copy, or a file cut at a line
            end (which no count can show: the CSV states none).
    """

    list: str
    source: str
    entities: tuple[Entity, ...]
    published: date | None = None
    observed: date | datetime | None = None
    effective: date | datetime | None = None
    notice: str | None = None
    links: tuple[Link, ...] = ()
    entries: tuple[ListEntry, ...] = ()
    record_count: int | None = None
    counts: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def whole(self) -> bool:
        """Whether it shows the whole list: it holds no fewer parties than it states.

        A transcription of part of the ROK annex (entries 473 to 1,066 of
        1,066) is not whole; a publication that states no count is taken to
        be (the OFAC readers refuse a short or cut file).
        """
        return self.record_count is None or len(self.entities) >= self.record_count

    @property
    def as_of(self) -> date | datetime | None:
        """The time the publication speaks for: published, else observed."""
        return self.published or self.observed

    def entry_date(self, entity: str) -> date | None:
        """The day a party entered this publication's list, as the source states it.

        The earliest date of the party's entries that belong to
        :attr:`list` (for the consolidated list, the earliest of its
        non-SDN lists); ``None`` when the source gives none.
        """
        days = [
            e.entered
            for e in self.entries
            if e.entity == entity and e.list == self.list and e.entered is not None
        ]
        return min(days, default=None)
