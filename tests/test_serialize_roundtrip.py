"""Round trips through dicts, JSON and ledger files, and the errors of bad input."""

from __future__ import annotations

import io
import json
import os
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sanctionsmodel
from sanctionsmodel import (
    Action,
    Effective,
    Entity,
    Link,
    Name,
    PartialDate,
    Window,
    serialize,
)
from sanctionsmodel._time import to_effective
from sanctionsmodel.exceptions import DeserializationError
from strategies import STRATEGIES, effectives, histories, sample_history

_SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
PUBLIC_ATTRS = sorted(
    (getattr(sanctionsmodel, name) for name in sanctionsmodel.__all__),
    key=lambda obj: getattr(obj, "__name__", ""),
)
PUBLIC_ATTRS = [obj for obj in PUBLIC_ATTRS if isinstance(obj, type) and attrs.has(obj)]


def test_every_public_attrs_class_has_a_strategy():
    """No public attrs class is left out of the round-trip tests."""
    assert {c.__name__ for c in PUBLIC_ATTRS} == {c.__name__ for c in STRATEGIES}


@pytest.mark.parametrize("cls", PUBLIC_ATTRS, ids=lambda c: c.__name__)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_dict_round_trip(cls, data):
    """from_dict(to_dict(x)) == x for every public class."""
    obj = data.draw(STRATEGIES[cls])
    assert obj == serialize.from_dict(cls, serialize.to_dict(obj))


@pytest.mark.parametrize("cls", PUBLIC_ATTRS, ids=lambda c: c.__name__)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_json_round_trip(cls, data):
    """loads(dumps(x)) == x, and the text is plain JSON."""
    obj = data.draw(STRATEGIES[cls])
    text = serialize.dumps(obj)
    assert serialize.to_dict(obj) == json.loads(text)
    assert obj == serialize.loads(cls, text)


@given(effectives)
def test_effective_round_trip(value):
    """Every kind of effective time comes back as the same kind and value.

    An exact partial date is a day: the model keeps it as a ``date``.
    """
    value = to_effective(value)
    back = serialize.from_dict(Effective, serialize.to_dict(value))
    assert (type(value), value) == (type(back), back)


def test_exact_partial_date_effective_round_trips():
    """An action effective on an exact PartialDate comes back equal (not as a plain date)."""
    action = Action(
        id="a",
        kind="designate",
        list="us-ofac-sdn",
        entities=["us-ofac:1"],
        programs=["DPRK3"],
        effective=PartialDate(year=2024, month=12, day=19),
        recorded="2024-12-20",
    )
    assert action == serialize.loads(Action, serialize.dumps(action))


def test_zoneinfo_instant_in_repeated_hour_round_trips():
    """An effective instant in New York's repeated hour (a ZoneInfo fold) comes back equal."""
    at = datetime(2024, 11, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    action = Action(
        id="a",
        kind="delist",
        list="us-ofac-sdn",
        entities=["us-ofac:1"],
        effective=at,
        recorded="2024-11-04",
    )
    assert action == serialize.loads(Action, serialize.dumps(action))


@_SLOW
@given(history=histories())
def test_ledger_file_round_trip(history):
    """dump_ledger then load_ledger gives an equal ledger with equal answers."""
    ledger = history.build()
    stream = io.StringIO()
    serialize.dump_ledger(ledger, stream)
    back = serialize.load_ledger(io.StringIO(stream.getvalue()))
    assert ledger == back
    days = sorted({a.recorded for a in history.actions})[:5] or [date(2024, 1, 1)]
    for entity in history.entities:
        assert ledger.designations(entity.id) == back.designations(entity.id)
        for day in days:
            assert ledger.lists_holding(entity.id, on=day) == back.lists_holding(entity.id, on=day)
    for lst in history.lists:
        for day in days:
            assert ledger.snapshot(lst.id, on=day) == back.snapshot(lst.id, on=day)
        assert ledger.changes("2000-01-01", "2040-01-01") == back.changes(
            "2000-01-01", "2040-01-01"
        )


def test_ledger_file_round_trip_through_a_path(tmp_path):
    """A ledger written to a path reads back equal, one JSON object per line."""
    history = sample_history()
    ledger = history.build()
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(ledger, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 + len(history.reference) + len(history.actions) == len(lines)
    assert ledger == serialize.load_ledger(path)


# -- errors ---------------------------------------------------------------------------

ACTION = {
    "id": "a",
    "kind": "designate",
    "list": "us-ofac-sdn",
    "entities": ["us-ofac:1"],
    "programs": ["DPRK3"],
    "effective": "2024-12-16",
    "recorded": "2024-12-16",
}
ENTITY = {"id": "us-ofac:1", "kind": "individual", "names": [{"text": "KIM, Yong Bok"}]}


def errors_of(cls, data):
    with pytest.raises(DeserializationError) as info:
        serialize.from_dict(cls, data)
    return info.value.errors


@pytest.mark.parametrize(
    ("cls", "data", "path"),
    [
        (Action, ACTION | {"bogus": 1}, "@ $"),
        (Entity, ENTITY | {"names": [{"text": "x", "bogus": 1}]}, "@ $.names[0]"),
        (Window, {"earliest": "2024-01-01", "latest": "2024-02-01", "bogus": 1}, "@ $"),
    ],
)
def test_unknown_keys_are_refused(cls, data, path):
    """An unknown key is an error naming its object's path."""
    errors = errors_of(cls, data)
    assert any("bogus" in e and e.endswith(path) for e in errors)


@pytest.mark.parametrize(
    ("cls", "data", "path"),
    [
        (Action, {k: v for k, v in ACTION.items() if k != "recorded"}, "$.recorded"),
        (Entity, {k: v for k, v in ENTITY.items() if k != "names"}, "$.names"),
        (Entity, ENTITY | {"names": [{"kind": "aka"}]}, "$.names[0].text"),
    ],
)
def test_missing_fields_are_refused(cls, data, path):
    """A missing field is an error naming its path."""
    assert any(e.endswith(path) for e in errors_of(cls, data))


@pytest.mark.parametrize(
    ("cls", "data", "path"),
    [
        (Action, ACTION | {"recorded": 20241216}, "$.recorded"),
        (Action, ACTION | {"effective": 2024}, "$.effective"),
        (Action, ACTION | {"entities": "us-ofac:1"}, "$.entities"),
        (Action, ACTION | {"kind": "sanction"}, "$.kind"),
        (Entity, ENTITY | {"names": {"text": "x"}}, "$.names"),
        (Entity, ENTITY | {"names": [{"text": "x", "kind": "alias"}]}, "$.names[0].kind"),
        (Action, ACTION | {"id": 5}, "$.id"),
        (Action, ACTION | {"entities": [1]}, "$.entities[0]"),
        (Action, ACTION | {"entities": ["us-ofac:1", 2]}, "$.entities[1]"),
        (
            Entity,
            ENTITY | {"names": [{"text": "x"}, {"text": "y", "kind": "a"}]},
            "$.names[1].kind",
        ),
        (Link, {"left": "a", "right": "b", "same": "false"}, "$.same"),
        (Link, {"left": "a", "right": "b", "score": "0.9"}, "$.score"),
        (Window, {"earliest": "2024-01-01", "latest": "2024-02-01", "evidence": "seen"}, "$"),
    ],
)
def test_wrong_types_are_refused(cls, data, path):
    """A value of the wrong JSON type is an error naming its path, never coerced."""
    assert any(path in e for e in errors_of(cls, data))


@pytest.mark.parametrize(
    ("cls", "data", "path"),
    [
        (Action, ACTION | {"list": " us-ofac-sdn"}, "$.list"),
        (Action, ACTION | {"entities": ["us-ofac:1", "us-ofac:1"]}, "$.entities"),
        (Entity, ENTITY | {"names": [{"text": " "}]}, "$.names[0].text"),
    ],
)
def test_invalid_values_name_their_field(cls, data, path):
    """A value the model refuses is reported at its own field's path."""
    assert any(e.endswith(path) for e in errors_of(cls, data))


def test_bad_effective_names_its_path():
    """An impossible effective date is reported at $.effective."""
    assert any(
        e.endswith("@ $.effective") for e in errors_of(Action, ACTION | {"effective": "2024-13"})
    )


def test_malformed_json_text():
    """Loads of text that is not JSON raises DeserializationError."""
    with pytest.raises(DeserializationError, match="malformed JSON"):
        serialize.loads(Name, '{"text": "x"')


def _ledger_text(*lines):
    header = json.dumps({"format": "sanctionsmodel-ledger", "schema_version": 1})
    return io.StringIO("\n".join([header, *lines]) + "\n")


def _ledger_error(stream):
    with pytest.raises(DeserializationError) as info:
        serialize.load_ledger(stream)
    return info.value


def test_unknown_schema_version():
    """A ledger file of another schema version is refused at line 1."""
    error = _ledger_error(
        io.StringIO(json.dumps({"format": "sanctionsmodel-ledger", "schema_version": 99}) + "\n")
    )
    assert error.where.endswith(":1")
    assert any(e.endswith("$.schema_version") for e in error.errors)


def test_missing_header():
    """A ledger file without the header is refused."""
    error = _ledger_error(io.StringIO(json.dumps({"type": "entity", "value": ENTITY}) + "\n"))
    assert any(e.endswith("$.format") for e in error.errors)


def test_empty_ledger_file():
    """An empty ledger file is refused."""
    assert _ledger_error(io.StringIO("")).errors


def test_malformed_line_names_line_number():
    """A line that is not JSON is refused with its line number."""
    good = json.dumps({"type": "entity", "value": ENTITY})
    error = _ledger_error(_ledger_text(good, '{"type": "entity", "value": '))
    assert error.where.endswith(":3")
    assert "malformed JSON" in error.errors[0]
    assert ":3" in str(error)


def test_bad_value_names_line_and_path():
    """A bad field in a ledger line names the line and the JSON path under $.value."""
    bad = json.dumps({"type": "action", "value": ACTION | {"recorded": "yesterday"}})
    error = _ledger_error(_ledger_text(bad))
    assert error.where.endswith(":2")
    assert any(e.endswith("$.value.recorded") for e in error.errors)


@pytest.mark.parametrize(
    ("line", "path"),
    [
        ({"type": "planet", "value": {}}, "$.type"),
        ({"type": "entity"}, "$"),
        ({"type": "entity", "value": ENTITY, "extra": 1}, "$"),
        ({"type": "entity", "value": ENTITY | {"bogus": 1}}, "$.value"),
    ],
)
def test_bad_ledger_lines(line, path):
    """Unknown types and malformed records are refused with a path and line number."""
    error = _ledger_error(_ledger_text(json.dumps(line)))
    assert error.where.endswith(":2")
    assert any(e.endswith(path) for e in error.errors)


# -- a file cut short, or not text ------------------------------------------------------


def _dumped(ledger):
    stream = io.StringIO()
    serialize.dump_ledger(ledger, stream)
    return stream.getvalue().splitlines(keepends=True)


@_SLOW
@given(history=histories(), data=st.data())
def test_a_ledger_file_cut_at_a_line_end_is_refused(history, data):
    """Any whole-line prefix of a ledger file, header kept, fails to load: none is lost quietly."""
    lines = _dumped(history.build())
    assert len(lines) > 1  # every history has reference data
    keep = data.draw(st.integers(1, len(lines) - 1), label="lines kept")
    error = _ledger_error(io.StringIO("".join(lines[:keep])))
    assert "the header counts" in str(error)
    assert "cut short" in str(error)


def test_a_ledger_file_with_an_extra_line_is_refused():
    """One line more than the header counts is refused too, naming the type and both counts."""
    lines = _dumped(sample_history().build())
    extra = next(line for line in lines if line.startswith('{"type":"entity"'))
    # A copy of an entity fails as a duplicate in Ledger; a fresh id checks the count itself.
    fresh = extra.replace(json.loads(extra)["value"]["id"], "us-ofac:999999", 1)
    error = _ledger_error(io.StringIO("".join([*lines, fresh])))
    counted = json.loads(lines[0])["counts"]["entity"]
    assert error.errors == (
        f"{counted + 1} entity lines, the header counts {counted} (the file was edited)",
    )


@pytest.mark.parametrize(
    "bad",
    [
        lambda _: None,
        lambda counts: list(counts.values()),
        lambda counts: {"entity": counts["entity"]},  # the other types left out
        lambda counts: counts | {"planet": 0},
        lambda counts: counts | {"entity": -1},
        lambda counts: counts | {"entity": True},
        lambda counts: counts | {"entity": float(counts["entity"])},
        lambda counts: counts | {"entity": str(counts["entity"])},
    ],
)
def test_bad_header_counts_are_refused(bad):
    """Counts must name every type once, each a whole number 0 or more."""
    lines = _dumped(sample_history().build())
    header = json.loads(lines[0])
    header["counts"] = bad(header["counts"])
    error = _ledger_error(io.StringIO(json.dumps(header) + "\n" + "".join(lines[1:])))
    assert error.where.endswith(":1")
    assert error.errors[0].endswith("@ $.counts")


def test_counts_in_an_older_version_are_refused():
    """Counts came with version 3: a version 2 header carrying them is not a real file."""
    lines = _dumped(sample_history().build())
    bad = lines[0].replace('"schema_version": 3', '"schema_version": 2', 1)
    error = _ledger_error(io.StringIO(bad + "".join(lines[1:])))
    assert error.errors == ("a version 2 file has no counts @ $.counts",)


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", 1),  # a gzip file
        ('{"format"}'.encode("utf-16"), 1),  # UTF-16, with its \xff\xfe mark
        (b'{"format": "sanctionsmodel-ledger", "schema_version": 3}\n\xff\n', 2),
    ],
)
def test_a_ledger_file_that_is_not_utf8_is_refused(tmp_path, raw, line):
    """Bytes that are not UTF-8 give DeserializationError naming the file, not a traceback."""
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(raw)
    error = _ledger_error(path)
    assert error.where == f"{path}:{line}"
    assert error.errors[0].startswith("not UTF-8 text (invalid start byte)")


def test_an_action_the_ledger_refuses_is_named_with_its_line(tmp_path):
    """An action naming an unknown list fails as the Ledger fails, with the file and line."""
    from sanctionsmodel.exceptions import UnknownReferenceError  # noqa: PLC0415 - this test

    lines = _dumped(sample_history().build())
    at = next(i for i, line in enumerate(lines) if line.startswith('{"type":"action"'))
    action = json.loads(lines[at])
    action["value"]["list"] = "kr-fsc-nope"
    lines[at] = json.dumps(action) + "\n"
    path = tmp_path / "ledger.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(UnknownReferenceError) as info:
        serialize.load_ledger(path)
    aid = action["value"]["id"]
    assert str(info.value) == f"{path}:{at + 1}: action {aid!r} names unknown list 'kr-fsc-nope'"
    assert info.value.action_id == aid


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_bad_byte_is_named_at_its_line_with_any_line_ends(tmp_path, end):
    """CR-only and CRLF files count lines as LF files do, in a file or a binary stream."""
    lines = [line.rstrip("\n") for line in _dumped(sample_history().build())]
    at = len(lines) - 2  # well inside the first chunk the text stream decodes
    raw = (
        end.join(lines)
        .encode("utf-8")
        .replace(lines[at].encode("utf-8"), lines[at].encode("utf-8") + b"\xff", 1)
    )
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(raw)
    stream = io.BytesIO(raw)
    # A stream that cannot be read again (a pipe) is placed by the chunk that failed.
    for source in (path, stream, _Unseekable(raw)):
        error = _ledger_error(source)
        assert error.where.endswith(f":{at + 1}")
        assert error.errors[0].startswith("not UTF-8 text (invalid start byte)")
    assert not stream.closed  # the caller's stream is left to the caller


class _ShortReads(io.BufferedIOBase):
    """A seekable binary stream whose every read returns at most 4,000 bytes."""

    def __init__(self, raw: bytes) -> None:
        self._raw = io.BytesIO(raw)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, *args) -> int:
        return self._raw.seek(*args)

    def tell(self) -> int:
        return self._raw.tell()

    def read(self, size=-1) -> bytes:
        return self._raw.read(4000 if size is None or size < 0 else min(size, 4000))

    def read1(self, size=-1) -> bytes:
        return self.read(size)


def test_a_bad_byte_is_placed_in_the_whole_of_a_stream_that_reads_in_pieces():
    """Read again, a stream giving less than asked is read to its end: no cut is a bad byte."""
    header = _dumped(sample_history().build())[0].encode("utf-8")
    raw = header + ("\u3000" * 40 + "\n").encode("utf-8") * 300 + b"\xff\n"
    error = _ledger_error(_ShortReads(raw))
    assert error.where == "<stream>:302"
    assert error.errors[0].startswith("not UTF-8 text (invalid start byte)")


def test_a_named_pipe_with_a_bad_byte_is_refused_not_waited_on(tmp_path):
    """A path that is a pipe is read once: its bad byte is named from what was read."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes")
    lines = _dumped(sample_history().build())
    raw = "".join(lines[:3]).encode("utf-8") + b"\xff\n"
    fifo = tmp_path / "ledger.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(raw,), daemon=True)
    writer.start()
    errors: list[DeserializationError] = []
    reader = threading.Thread(target=lambda: errors.append(_ledger_error(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "load_ledger waited on the pipe for a writer that had left"
    assert errors[0].where == f"{fifo}:4"


class _Unseekable(io.RawIOBase):
    """A binary stream that reads once, as a pipe does."""

    def __init__(self, raw: bytes) -> None:
        self._raw = io.BytesIO(raw)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self._raw.readinto(buffer)


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
@pytest.mark.parametrize("at", [8190, 8191, 8192, 8193, 16383, 16384])
def test_a_bad_byte_at_a_chunk_edge_is_named_at_its_line(tmp_path, end, at):
    """A line end at the edge of a decoded chunk is counted (a decoder holds a last CR back)."""
    header = _dumped(sample_history().build())[0].rstrip("\n").encode("utf-8")
    raw = bytearray(header + end.encode("ascii") * (at // len(end) + 1))
    raw[at] = 0xFF
    before = bytes(raw[:at])
    line = 1 + before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(raw)
    later = io.BytesIO(b"not this\n" + raw)  # a stream read from where it stands
    later.seek(len(b"not this\n"))
    for source in (path, io.BytesIO(raw), later):
        assert _ledger_error(source).where.endswith(f":{line}")


def test_a_binary_stream_loads_as_its_file(tmp_path):
    """A stream opened "rb" loads as the file does, and is left open."""
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(sample_history().build(), path)
    with path.open("rb") as stream:
        loaded = serialize.load_ledger(stream)
        assert not stream.closed
    assert _dumped(loaded) == _dumped(serialize.load_ledger(path))
