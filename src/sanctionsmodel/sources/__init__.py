"""Readers of source publications, and history from successive publications.

Every reader returns a :class:`Publication`: one list as one publication
shows it.  :func:`diff` and :func:`replay` turn successive publications of
any source into dated actions and a :class:`~sanctionsmodel.Ledger`.
"""

from __future__ import annotations

from sanctionsmodel.sources._history import (
    EARLIEST,
    MAX_SHRINK,
    PROGRAM_FEATURE,
    Diff,
    EntityChange,
    diff,
    observation,
    programs_of,
    replay,
)
from sanctionsmodel.sources._publication import EntryEvent, ListEntry, Publication

__all__ = [
    "EARLIEST",
    "MAX_SHRINK",
    "PROGRAM_FEATURE",
    "Diff",
    "EntityChange",
    "EntryEvent",
    "ListEntry",
    "Publication",
    "diff",
    "observation",
    "programs_of",
    "replay",
]
