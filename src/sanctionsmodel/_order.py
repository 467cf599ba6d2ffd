"""The order entity ids are shown in."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)", re.ASCII)


def id_order(entity_id: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key of an id: text as text, runs of digits by value (us-ofac:9999 before us-ofac:10000).

    >>> sorted(["us-ofac:10000", "us-ofac:9999", "kr-fsc:KF-12"], key=id_order)
    ['kr-fsc:KF-12', 'us-ofac:9999', 'us-ofac:10000']
    """
    # Split on digit runs: text and numbers alternate, so keys compare part by
    # part; the id itself breaks a tie (KF-07 and KF-7).
    parts = tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(entity_id)))
    return parts, entity_id
