"""OFAC readers for every published format, and dated history from successive publications.

>>> from sanctionsmodel.sources import ofac
>>> pub = ofac.read("data/ofac/consolidated-2018/consolidated.xml")
>>> pub.list, pub.published, len(pub.entities)
('us-ofac-cons', datetime.date(2018, 4, 6), 639)

Every reader returns a :class:`~sanctionsmodel.sources.Publication`; its
entities carry their programs as ``program`` features (see
:func:`~sanctionsmodel.sources.programs_of`).
"""

from __future__ import annotations

from sanctionsmodel.sources._history import Diff, EntityChange, diff, programs_of, replay
from sanctionsmodel.sources._publication import EntryEvent, ListEntry, Publication
from sanctionsmodel.sources.ofac._build import LINKED_TO, OWNED_OR_CONTROLLED_BY, parse_date
from sanctionsmodel.sources.ofac._fetch import DEFAULT_BASE_URL, DEFAULT_FILES, FetchResult, fetch
from sanctionsmodel.sources.ofac._read import read, read_all
from sanctionsmodel.sources.ofac._rows import RowDiff, diff_rows
from sanctionsmodel.sources.ofac._zip import ZIP_LIMIT

#: The reader result, under the name the issue uses.
ListSnapshot = Publication

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_FILES",
    "LINKED_TO",
    "OWNED_OR_CONTROLLED_BY",
    "ZIP_LIMIT",
    "Diff",
    "EntityChange",
    "EntryEvent",
    "FetchResult",
    "ListEntry",
    "ListSnapshot",
    "Publication",
    "RowDiff",
    "diff",
    "diff_rows",
    "fetch",
    "parse_date",
    "programs_of",
    "read",
    "read_all",
    "replay",
]
