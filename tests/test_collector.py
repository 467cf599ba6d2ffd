"""The cyclic collector is paused over bulk builds and always restored."""

from __future__ import annotations

import gc
import io

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
