"""The interval index agrees with a scan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sanctionsmodel._index import IntervalIndex

spans = st.lists(
    st.tuples(st.integers(-50, 50), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=60,
)


@given(spans, st.integers(-60, 60), st.integers(1, 30))
def test_overlapping_matches_scan(intervals, q0, width):
    """overlapping() returns exactly the intervals a scan finds, in start order."""
    q1 = q0 + width
    index = IntervalIndex(intervals)
    expected = {i for i, (a, b) in enumerate(intervals) if a < q1 and b > q0}
    found = index.overlapping(q0, q1)
    assert expected == set(found)
    assert len(found) == len(set(found))
    starts = [intervals[i][0] for i in found]
    assert sorted(starts) == starts


def test_empty_index():
    """An empty index finds nothing."""
    assert [] == IntervalIndex([]).overlapping(0, 10)
    assert len(IntervalIndex([])) == 0
