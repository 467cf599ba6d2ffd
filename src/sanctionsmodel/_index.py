"""The interval index behind ``snapshot`` and ``changes``.

Each item has a half-open interval ``[start, end)`` of instants (integers).
A query for ``[q0, q1)`` returns the items whose interval overlaps it:
``start < q1`` and ``end > q0``.  The items that started before ``q1`` are a
prefix of the items sorted by start, and those that ended by ``q0`` a prefix
of the items sorted by end; the second prefix is contained in the first, so
the answer is their difference.  The cost is ``O(log n + k + d)`` for ``k``
answers and ``d`` items ended before the query: sanctions lists mostly grow,
so ``d`` stays small beside ``k``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class IntervalIndex:
    """A static index of half-open integer intervals, queried by overlap."""

    __slots__ = ("_by_end", "_by_start", "_ends", "_starts")

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        """Index ``intervals``; an item's id is its position in the sequence."""
        by_start = sorted(range(len(intervals)), key=lambda i: intervals[i][0])
        by_end = sorted(range(len(intervals)), key=lambda i: intervals[i][1])
        self._by_start = by_start
        self._starts = [intervals[i][0] for i in by_start]
        self._by_end = by_end
        self._ends = [intervals[i][1] for i in by_end]

    def __len__(self) -> int:
        """The number of indexed intervals."""
        return len(self._by_start)

    def overlapping(self, q0: int, q1: int) -> list[int]:
        """Ids of the intervals that overlap ``[q0, q1)``, in start order."""
        started = bisect.bisect_left(self._starts, q1)
        ended = bisect.bisect_right(self._ends, q0)
        if ended == 0:
            return self._by_start[:started]
        gone = set(self._by_end[:ended])
        return [i for i in self._by_start[:started] if i not in gone]
