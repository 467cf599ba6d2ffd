"""Sanctions designations over time: which US and ROK lists hold a party, since when.

The public API is listed in ``__all__``; everything else is private.
"""

from __future__ import annotations

from sanctionsmodel._ledger import Ledger
from sanctionsmodel._model import (
    Action,
    ActionKind,
    Address,
    Authority,
    Confidence,
    Designation,
    Entity,
    EntityKind,
    Feature,
    Identifier,
    Jurisdiction,
    Link,
    Name,
    NameKind,
    Observation,
    Program,
    Relationship,
    SanctionsList,
    Vessel,
)
from sanctionsmodel._results import (
    Change,
    Changes,
    Coverage,
    Holding,
    Snapshot,
    Status,
    StatusReport,
)
from sanctionsmodel._time import Effective, PartialDate, Window


def load_default() -> Ledger:
    """The bundled ledger of US and ROK designations (see ``docs/data.md``).

    Each call builds a new ledger, so recording into one never changes the next.
    """
    from sanctionsmodel.data import load_default as load  # noqa: PLC0415 - keeps import light

    return load()


def __getattr__(name: str) -> str:
    """Compute ``__version__`` on first use: reading metadata is slow at import."""
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - see above

        return version("sanctionsmodel")
    msg = f"module 'sanctionsmodel' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "Action",
    "ActionKind",
    "Address",
    "Authority",
    "Change",
    "Changes",
    "Confidence",
    "Coverage",
    "Designation",
    "Effective",
    "Entity",
    "EntityKind",
    "Feature",
    "Holding",
    "Identifier",
    "Jurisdiction",
    "Ledger",
    "Link",
    "Name",
    "NameKind",
    "Observation",
    "PartialDate",
    "Program",
    "Relationship",
    "SanctionsList",
    "Snapshot",
    "Status",
    "StatusReport",
    "Vessel",
    "Window",
    "__version__",
    "load_default",
]
