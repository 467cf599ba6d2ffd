"""Sanctions designations over time: which US and ROK lists hold a party, since when.

The public API is listed in ``__all__``; everything else is private.
"""

from importlib.metadata import PackageNotFoundError, version

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
    Program,
    SanctionsList,
    Vessel,
)
from sanctionsmodel._results import Change, Holding, Snapshot, Status, StatusReport
from sanctionsmodel._time import Effective, PartialDate, Window

try:
    __version__ = version("sanctionsmodel")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Action",
    "ActionKind",
    "Address",
    "Authority",
    "Change",
    "Confidence",
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
    "PartialDate",
    "Program",
    "SanctionsList",
    "Snapshot",
    "Status",
    "StatusReport",
    "Vessel",
    "Window",
    "__version__",
]
