"""The cyclic collector is paused over bulk builds and always restored."""

from __future__ import annotations

import gc
import io
from datetime import date

import attrs
import pytest

import sanctionsmodel
from sanctionsmodel import serialize
from sanctionsmodel._gc import collector_paused
from sanctionsmodel.exceptions import DeserializationError


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_nested_pauses_restore_only_at_the_outermost():
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_restores_the_collector():
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_load_ledger_restores_the_collector_after_a_bad_file():
    header = '{"format": "sanctionsmodel-ledger", "schema_version": 2}\n'
    with pytest.raises(DeserializationError):
        serialize.load_ledger(io.StringIO(header + '{"type": "entity", "value": {}}\n'))
    assert gc.isenabled()


def test_load_ledger_pauses_the_collector_while_it_builds(monkeypatch):
    seen = []
    real = serialize._structure

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    buffer = io.StringIO()
    serialize.dump_ledger(sanctionsmodel.load_default(), buffer)
    monkeypatch.setattr(serialize, "_structure", spy)
    ledger = serialize.load_ledger(io.StringIO(buffer.getvalue()))
    assert len(seen) >= len(ledger.entities) > 0
    assert not any(seen)
    assert gc.isenabled()


def test_the_name_indexes_are_built_with_the_collector_paused(monkeypatch):
    """Exact-name lookup and search build their indexes of every name with the collector paused."""
    from sanctionsmodel import _ledger  # noqa: PLC0415
    from sanctionsmodel.names import _search  # noqa: PLC0415

    seen: dict[str, list[bool]] = {"exact": [], "search": []}
    real_keys, real_add = _ledger.name_keys, _search.NameIndex._add

    def keys(text):
        seen["exact"].append(gc.isenabled())
        return real_keys(text)

    def add(self, *args):
        seen["search"].append(gc.isenabled())
        return real_add(self, *args)

    buffer = io.StringIO()
    serialize.dump_ledger(sanctionsmodel.load_default(), buffer)
    ledger = serialize.load_ledger(io.StringIO(buffer.getvalue()))  # no index built yet
    monkeypatch.setattr(_ledger, "name_keys", keys)
    monkeypatch.setattr(_search.NameIndex, "_add", add)
    assert "us-ofac:48219" == ledger.entity("KOREA MANDAL CREDIT BANK").id
    assert ledger.search("KOREA MANDAL CREDIT BANK", limit=1)
    names = sum(len(e.names) for e in ledger.entities.values())
    assert len(seen["exact"]) >= names
    assert len(seen["search"]) == names
    assert not any(seen["exact"][:names])
    assert not any(seen["search"])
    assert gc.isenabled()


def test_diff_and_replay_run_with_the_collector_paused(monkeypatch):
    """The functions diff and replay build their actions with the collector paused."""
    from sanctionsmodel.sources import _history, diff, replay  # noqa: PLC0415
    from sanctionsmodel.sources.ofac import read  # noqa: PLC0415

    folder = "data/ofac/cons-csv-2025-12"
    newer = read(folder, observed="2025-12-02")
    older = attrs.evolve(newer, observed=date(2025, 12, 1), entities=newer.entities[1:])
    seen = []
    real = _history.programs_of

    def spy(entity):
        seen.append(gc.isenabled())
        return real(entity)

    monkeypatch.setattr(_history, "programs_of", spy)
    assert diff(older, newer, max_shrink=1).actions
    assert gc.isenabled()
    counted = len(seen)
    assert len(replay([older, newer], max_shrink=1).entities) == len(newer.entities)
    assert gc.isenabled()
    assert 0 < counted < len(seen)
    assert not any(seen)
