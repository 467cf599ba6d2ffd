"""The bundled US + ROK dataset.

>>> from sanctionsmodel.data import load_default
>>> ledger = load_default()
>>> ledger.entity("KOREA MANDAL CREDIT BANK").id
'us-ofac:48219'

The file ``default.jsonl`` is built by ``scripts/build_dataset.py`` from the
real source files under ``data/`` in the repository; ``docs/data.md``
describes what is in it.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from sanctionsmodel import serialize
from sanctionsmodel._ledger import Ledger
from sanctionsmodel.serialize import _ledger_of

__all__ = ["DATASET_FILE", "load_default"]

#: The name of the bundled ledger file inside this package.
DATASET_FILE = "default.jsonl"


@functools.lru_cache(maxsize=1)
def _objects() -> dict[str, list[Any]]:
    source = resources.files(__name__).joinpath(DATASET_FILE)
    with source.open("r", encoding="utf-8") as stream:
        return serialize.read_ledger_objects(stream, f"sanctionsmodel/data/{DATASET_FILE}")


def load_default() -> Ledger:
    """The bundled ledger of US and ROK designations.

    The file is read once per process; each call builds a new ledger from
    it, so recording into one never changes what the next caller gets.

    Returns:
        A :class:`~sanctionsmodel.Ledger`.
    """
    return _ledger_of(_objects())
