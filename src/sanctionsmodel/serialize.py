"""JSON for every public class, and a JSON Lines file format for whole ledgers.

One private cattrs converter does all the work; the model classes know
nothing of it.  Dates are ISO strings, partial dates ``YYYY`` / ``YYYY-MM``,
instants ISO datetimes with their offset, windows objects.  Reading is strict:
unknown keys, missing fields, wrong types and unknown schema versions raise
:class:`~sanctionsmodel.exceptions.DeserializationError`, whose ``errors``
name the JSON path of each problem.

>>> from sanctionsmodel import Name, serialize
>>> serialize.to_dict(Name(text="리봉춘", source="FSC annex"))
{'text': '리봉춘', 'source': 'FSC annex'}
>>> serialize.loads(Name, '{"text": "RI Pong Chun", "kind": "aka"}').kind
<NameKind.AKA: 'aka'>
>>> serialize.loads(Name, '{"txt": "x"}')
Traceback (most recent call last):
  ...
sanctionsmodel.exceptions.DeserializationError: required field missing @ $.text; extra fields ...

"""

from __future__ import annotations

import io
import json
import types
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.v import format_exception

from sanctionsmodel._gc import collector_paused
from sanctionsmodel._ledger import Ledger
from sanctionsmodel._model import (
    Action,
    Authority,
    Entity,
    Jurisdiction,
    Link,
    Observation,
    Program,
    SanctionsList,
)
from sanctionsmodel._time import (
    PartialDate,
    Window,
    to_aware,
    to_date,
    to_day_or_instant,
    to_effective,
)
from sanctionsmodel.exceptions import (
    DeserializationError,
    InvalidValueError,
    LedgerError,
    SanctionsModelError,
)

__all__ = [
    "SCHEMA_VERSION",
    "configure_converter",
    "dump_ledger",
    "dumps",
    "from_dict",
    "iter_ledger_lines",
    "load_ledger",
    "loads",
    "make_converter",
    "read_ledger_objects",
    "to_dict",
]

#: The version of the ledger file format that :func:`dump_ledger` writes.
#: Version 2 added ``observation`` lines; version 3 added the header's
#: ``counts``, checked on load so that a file cut short is refused.  Files of
#: versions 1 and 2 still load, without that check.
SCHEMA_VERSION = 3
_READS = (1, 2, SCHEMA_VERSION)
_FORMAT = "sanctionsmodel-ledger"

_T = TypeVar("_T")

# The kinds of record a ledger file holds, in the order they are written.
_KINDS: tuple[tuple[str, type[Any]], ...] = (
    ("jurisdiction", Jurisdiction),
    ("authority", Authority),
    ("list", SanctionsList),
    ("program", Program),
    ("entity", Entity),
    ("link", Link),
    ("observation", Observation),
    ("action", Action),
)
_CLASS_OF = dict(_KINDS)


def _is_time_union(tp: Any) -> bool:
    """Whether ``tp`` is a union made only of time types (and maybe None)."""
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    args = set(get_args(tp)) - {type(None)}
    return bool(args) and args <= {date, datetime, PartialDate, Window}


def _unstructure_time(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, Window):
        out: dict[str, object] = {}
        if value.earliest is not None:
            out["earliest"] = value.earliest.isoformat()
        out["latest"] = value.latest.isoformat()
        if value.evidence:
            out["evidence"] = list(value.evidence)
        return out
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    msg = f"not a time value: {value!r}"
    raise TypeError(msg)


def _structure_window(value: object, _: object) -> Window:
    if not isinstance(value, dict):
        msg = f"expected an object with latest (and earliest), got {value!r}"
        raise TypeError(msg)
    extra = set(value) - {"earliest", "latest", "evidence"}
    if extra:
        raise ForbiddenExtraKeysError("", Window, extra)
    if "latest" not in value:
        msg = "a window needs 'latest'"
        raise KeyError(msg)
    evidence = value.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        msg = f"expected the window's evidence as an array of strings, got {evidence!r}"
        raise InvalidValueError(msg)
    return Window(earliest=value.get("earliest"), latest=value["latest"], evidence=evidence)


def _structure_time_union(tp: Any) -> Callable[[object, object], object]:
    args = set(get_args(tp)) if get_origin(tp) else {tp}
    optional = type(None) in args

    def structure(value: object, _: object) -> object:
        if value is None and optional:
            return None
        if isinstance(value, dict) and Window in args:
            return _structure_window(value, Window)
        if not isinstance(value, str):
            msg = f"expected an ISO date or time string, got {value!r}"
            raise TypeError(msg)
        if args - {type(None)} == {date, datetime}:
            return to_day_or_instant(value)
        return to_effective(value)

    return structure


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _structure_tuple(converter: cattrs.Converter) -> Callable[[Any], Callable[..., Any]]:
    def factory(tp: Any) -> Callable[[object, object], tuple[Any, ...]]:
        item = get_args(tp)[0]
        inner = converter.get_structure_hook(list[item])  # type: ignore[valid-type]
        each = converter.get_structure_hook(item)

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if not isinstance(value, (list, tuple)):
                msg = f"expected a JSON array, got {type(value).__name__} {value!r}"
                raise InvalidValueError(msg)
            # Each item through its own hook; on any failure, the list hook
            # again, which names the failing index in its error.
            try:
                return tuple([each(v, item) for v in value])
            except Exception:  # noqa: BLE001 - re-raised, detailed, below
                return tuple(inner(value, list[item]))  # type: ignore[valid-type]

        return structure

    return factory


def _strict_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r}"
        raise InvalidValueError(msg)
    return value


def _strict_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        msg = f"expected true or false, got {type(value).__name__} {value!r}"
        raise InvalidValueError(msg)
    return value


def _strict_int(value: object, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected an integer, got {type(value).__name__} {value!r}"
        raise InvalidValueError(msg)
    return value


def _strict_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = f"expected a number, got {type(value).__name__} {value!r}"
        raise InvalidValueError(msg)
    return float(value)


def _is_our_record(tp: Any) -> bool:
    return isinstance(tp, type) and attrs.has(tp) and tp.__module__.startswith("sanctionsmodel")


def _field_by_field(converter: cattrs.Converter) -> Callable[[Any], Callable[..., Any]]:
    """Structure records one field at a time, so every error names its field.

    The model validates inside its constructors; run alone, that would blame
    the whole object.  Here each field is structured and converted on its
    own, errors are collected with their field, and only then is the object
    built (which checks the invariants that span fields).
    """

    def factory(cls: type[Any]) -> Callable[[object, object], Any]:
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        names = {f.name for f in fields}

        def structure(data: object, _: object) -> Any:
            if not isinstance(data, dict):
                msg = f"expected a JSON object for {cls.__name__}, got {type(data).__name__}"
                raise InvalidValueError(msg)
            errors: list[Exception] = []
            extra = set(data) - names
            if extra:
                errors.append(ForbiddenExtraKeysError("", cls, extra))
            kwargs: dict[str, Any] = {}
            for f in fields:
                if f.name not in data:
                    if f.default is attrs.NOTHING:
                        missing = KeyError(f.name)
                        missing.__notes__ = [_note(cls, f, "required field missing")]
                        errors.append(missing)
                    continue
                try:
                    value = converter.structure(data[f.name], f.type)
                    kwargs[f.name] = f.converter(value) if callable(f.converter) else value
                except Exception as exc:  # noqa: BLE001 - every failure is reported with its field
                    exc.__notes__ = [*getattr(exc, "__notes__", []), _note(cls, f, "structuring")]
                    errors.append(exc)
            if errors:
                msg = f"While structuring {cls.__name__}"
                raise ClassValidationError(msg, errors, cls)
            return cls(**kwargs)

        return structure

    return factory


def _note(cls: type, field: attrs.Attribute[Any], what: str) -> AttributeValidationNote:
    return AttributeValidationNote(
        f"{what} {cls.__qualname__} @ attribute {field.name}", field.name, field.type
    )


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach ``converter`` the library's time types, strict scalars and arrays.

    Args:
        converter: A converter made by ``cattrs.Converter``.
    """
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _structure_tuple(converter))
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(date, lambda v, _: _strict(to_date, v, str))
    converter.register_structure_hook(datetime, lambda v, _: _strict(to_aware, v, str))
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_structure_hook(PartialDate, lambda v, _: _strict(PartialDate.parse, v, str))
    converter.register_unstructure_hook(Window, _unstructure_time)
    converter.register_structure_hook(Window, _structure_window)
    converter.register_unstructure_hook_func(_is_time_union, _unstructure_time)
    converter.register_structure_hook_factory(_is_time_union, _structure_time_union)


def _strict(parse: Callable[[Any], _T], value: object, kind: type) -> _T:
    if not isinstance(value, kind):
        msg = f"expected {kind.__name__}, got {type(value).__name__} {value!r}"
        raise TypeError(msg)
    return parse(value)


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """A new converter configured for sanctionsmodel (strict about extra keys).

    Args:
        detailed_validation: Collect every error with its path (slower).
    """
    converter = cattrs.Converter(
        forbid_extra_keys=True, omit_if_default=True, detailed_validation=detailed_validation
    )
    configure_converter(converter)
    if detailed_validation:
        converter.register_structure_hook_factory(_is_our_record, _field_by_field(converter))
    return converter


_converter = make_converter()
# Reading takes the fast converter; only when it fails is the input read again
# by the detailed one, to name every problem with its path.
_fast = make_converter(detailed_validation=False)


def _structure(data: object, cls: type[_T], path: str, where: str) -> _T:
    try:
        return _fast.structure(data, cls)
    except Exception:  # noqa: BLE001, S110 - any failure is re-run below for a detailed report
        pass
    try:
        obj = _converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        raise DeserializationError(_errors(exc, path), where=where) from None
    except (SanctionsModelError, TypeError, ValueError, KeyError) as exc:
        raise DeserializationError([f"{exc} @ {path}"], where=where) from None
    return obj  # pragma: no cover - the fast converter refused what this one takes


def _format_exception(exc: BaseException, tp: type | None) -> str:
    if isinstance(exc, SanctionsModelError):
        return str(exc)
    return format_exception(exc, tp)


def _errors(exc: BaseException, path: str) -> list[str]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        return cattrs.transform_error(exc, path=path, format_exception=_format_exception)
    if isinstance(exc, ForbiddenExtraKeysError):
        return [f"extra fields found ({', '.join(sorted(exc.extra_fields))}) @ {path}"]
    return [f"{exc} @ {path}"]


def to_dict(obj: object) -> Any:
    """Turn any public object (or a tuple or list of them) into JSON-ready data.

    Args:
        obj: An instance of a public class.

    Returns:
        Dicts, lists, strings, numbers, booleans and ``None``.
    """
    return _converter.unstructure(obj)


def from_dict(cls: type[_T], data: object, *, where: str = "") -> _T:
    """Build an instance of ``cls`` from data made by :func:`to_dict`.

    Args:
        cls: The public class to build.
        data: The data.
        where: A prefix for error messages (a file and line, say).

    Returns:
        The instance.

    Raises:
        DeserializationError: Listing each problem with its JSON path.
    """
    return _structure(data, cls, "$", where)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Serialize a public object to a JSON string (UTF-8 text, not escaped)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def loads(cls: type[_T], text: str | bytes) -> _T:
    """Read an instance of ``cls`` from a JSON string.

    Raises:
        DeserializationError: For malformed JSON or data that does not fit.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DeserializationError([f"malformed JSON: {exc}"]) from None
    return from_dict(cls, data)


# -- whole ledgers ---------------------------------------------------------------


def iter_ledger_lines(ledger: Ledger) -> Iterator[str]:
    """The lines of a ledger file, header first, without line ends."""
    groups: tuple[Collection[object], ...] = (
        ledger.jurisdictions.values(),
        ledger.authorities.values(),
        ledger.lists.values(),
        ledger.programs.values(),
        ledger.entities.values(),
        ledger.links,
        ledger.observations,
        ledger.actions,
    )
    header: dict[str, object] = {"format": _FORMAT, "schema_version": SCHEMA_VERSION}
    if ledger.observed_lists:
        # Kept for a list with no observation yet (a view before the first).
        header["observed_lists"] = sorted(ledger.observed_lists)
    # How many lines of each type follow, so that a file cut short is refused.
    header["counts"] = {
        kind: len(objects) for (kind, _), objects in zip(_KINDS, groups, strict=True)
    }
    yield json.dumps(header)
    for (kind, _), objects in zip(_KINDS, groups, strict=True):
        for obj in objects:
            line = {"type": kind, "value": _converter.unstructure(obj)}
            yield json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def dump_ledger(ledger: Ledger, target: str | Path | IO[str]) -> None:
    """Write a whole ledger as JSON Lines.

    The first line is a header with the ``schema_version`` and the
    ``counts`` of the lines of each type that follow; every other line is one
    object: ``{"type": "entity", "value": {...}}``.  Reference data comes
    first, then actions in recording order, so the file loads in one pass.

    Args:
        ledger: The ledger to write.
        target: A path, or a text stream opened for writing.
    """
    if isinstance(target, (str, Path)):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            _write(ledger, stream)
    else:
        _write(ledger, target)


def _write(ledger: Ledger, stream: IO[str]) -> None:
    for line in iter_ledger_lines(ledger):
        stream.write(line)
        stream.write("\n")


def load_ledger(source: str | Path | IO[str] | IO[bytes]) -> Ledger:
    """Read a ledger written by :func:`dump_ledger`.

    Args:
        source: A path, a text stream, or a binary one (read as UTF-8).

    Returns:
        The ledger, validated as if built by hand.

    Raises:
        DeserializationError: For a missing or unknown header or schema
            version, a file that is not UTF-8, a malformed line, an object
            that does not fit (the message names the line and the JSON path),
            or a file that holds fewer or more lines of a type than its
            header counts (a file cut short, say).
        LedgerError: If the objects are valid but contradict each other (an
            action delisting an entity not listed, say).
    """
    if isinstance(source, (str, Path)):
        with Path(source).open("rb") as binary:
            return _read_binary(binary, str(source))
    name = getattr(source, "name", "<stream>")
    if isinstance(source, (io.RawIOBase, io.BufferedIOBase)):
        return _read_binary(source, name)
    return _read(cast("IO[str]", source), name, None)


def _read_binary(binary: IO[bytes], name: str) -> Ledger:
    """Read a binary stream as its file: UTF-8, any line ends; leave it open."""
    again: _Again = None
    if binary.seekable():  # a pipe is read once
        start = binary.tell()

        def reread() -> bytes:
            """The bytes from the start again, from the same handle."""
            binary.seek(start)
            return b"".join(iter(lambda: binary.read(1 << 20), b""))  # a read may return less

        again = reread
    text = io.TextIOWrapper(binary, encoding="utf-8")
    try:
        return _read(text, name, again)
    finally:
        text.detach()  # the stream is left to whoever opened it


def _read(stream: IO[str], name: str, again: _Again) -> Ledger:
    lines: dict[str, int] = {}
    buckets = _read_objects(stream, name, lines, again)
    try:
        return _ledger_of(buckets)
    except LedgerError as exc:
        line = lines.get(exc.action_id or "")
        if line is None:
            raise
        # The same error, naming the file and line of the action.
        msg = f"{name}:{line}: {exc}"
        raise type(exc)(msg, action_id=exc.action_id) from exc


def _ledger_of(buckets: dict[str, list[Any]]) -> Ledger:
    return Ledger(
        jurisdictions=buckets["jurisdiction"],
        authorities=buckets["authority"],
        lists=buckets["list"],
        programs=buckets["program"],
        entities=buckets["entity"],
        links=buckets["link"],
        observations=buckets["observation"],
        actions=buckets["action"],
        observed_lists=buckets["observed_lists"],
    )


def read_ledger_objects(stream: IO[str], name: str = "<stream>") -> dict[str, list[Any]]:
    """Read the objects of a ledger file without building the ledger.

    Args:
        stream: A text stream of a file written by :func:`dump_ledger`.
        name: The file's name, for error messages.

    Returns:
        The objects by type (``jurisdiction``, ``authority``, ``list``,
        ``program``, ``entity``, ``link``, ``observation``, ``action``), in
        file order, and under ``observed_lists`` the header's ids of the
        lists known only from their observations (see ``Ledger``).

    Raises:
        DeserializationError: As :func:`load_ledger`.
    """
    return _read_objects(stream, name, None, None)


# What reads a stream's bytes again from its start, to place a bad byte exactly
# (None where they cannot be read again, as for a pipe).
_Again = Callable[[], bytes] | None


@collector_paused()  # builds many objects, no cycles (see collector_paused)
def _read_objects(
    stream: IO[str], name: str, action_lines: dict[str, int] | None, again: _Again
) -> dict[str, list[Any]]:
    """As :func:`read_ledger_objects`; puts each action's line in ``action_lines``."""
    lines = _numbered(stream, name, again)
    header = None
    for number, raw in lines:
        if raw.strip():
            header = _parse_line(raw, name, number)
            break
    if header is None:
        raise DeserializationError(["the file is empty: expected a header line"], where=name)
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise DeserializationError(
            [f"expected a header with format {_FORMAT!r} @ $.format"], where=f"{name}:{number}"
        )
    version = header.get("schema_version")
    if type(version) is not int or version not in _READS:  # not 3.0, not True
        expected = " or ".join(map(str, _READS))
        raise DeserializationError(
            [f"unknown schema version {version!r}, expected {expected} @ $.schema_version"],
            where=f"{name}:{number}",
        )
    buckets: dict[str, list[Any]] = {kind: [] for kind, _ in _KINDS}
    observed = header.get("observed_lists", [])
    if version < 2 and "observed_lists" in header:  # noqa: PLR2004 - the version that added it
        raise DeserializationError(
            ["a version 1 file has no observed_lists @ $.observed_lists"], where=f"{name}:{number}"
        )
    if not isinstance(observed, list) or not all(isinstance(x, str) for x in observed):
        raise DeserializationError(
            ["expected a list of list ids @ $.observed_lists"], where=f"{name}:{number}"
        )
    buckets["observed_lists"] = observed
    counts = _header_counts(header, version, f"{name}:{number}")
    # Version 1 had no observations.
    kinds = {k: c for k, c in _KINDS if version >= 2 or k != "observation"}  # noqa: PLR2004
    for number, raw in lines:
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        record = _parse_line(raw, name, number)
        if not isinstance(record, dict) or set(record) != {"type", "value"}:
            raise DeserializationError(['expected {"type": ..., "value": {...}} @ $'], where=where)
        kind = record["type"]
        cls = kinds.get(kind)
        if cls is None:
            known = ", ".join(kinds)
            msg = f"unknown type {kind!r} in a version {version} file, expected one of {known}"
            raise DeserializationError([f"{msg} @ $.type"], where=where)
        obj = _structure(record["value"], cls, "$.value", where)
        buckets[kind].append(obj)
        if action_lines is not None and kind == "action":
            action_lines[obj.id] = number
    if counts is not None:
        _check_counts(counts, buckets, name)
    return buckets


def _numbered(stream: IO[str], name: str, again: _Again) -> Iterator[tuple[int, str]]:
    """The stream's lines with their numbers; bytes that are not UTF-8 raise."""
    number = 0
    try:
        for number, raw in enumerate(stream, start=1):
            yield number, raw
    except UnicodeDecodeError as exc:
        # Decoding runs ahead, a chunk at a time, and the chunk that failed starts
        # inside the line after the last one read: count the line ends in it
        # before the bad byte.  That is one short where the chunk before ended
        # in a CR, which the decoder holds back (it may start a CRLF); the
        # bytes read again whole place the bad byte exactly.
        whole = again() if again is not None else b""
        first = _first_bad(whole)
        if first is not None:
            reason, number = first.reason, 1 + _line_ends(whole[: first.start])
        else:
            reason, number = exc.reason, number + 1
            if isinstance(exc.object, bytes):
                number += _line_ends(exc.object[: exc.start])
        msg = f"not UTF-8 text ({reason}); a ledger file is UTF-8 JSON Lines"
        raise DeserializationError([msg], where=f"{name}:{number}") from None


def _first_bad(raw: bytes) -> UnicodeDecodeError | None:
    """The error of the first byte in ``raw`` that is not UTF-8, or None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return None


def _line_ends(raw: bytes) -> int:
    """The line ends (LF, CRLF or CR) in ``raw``."""
    return raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n")


def _header_counts(header: dict[str, Any], version: int, where: str) -> dict[str, int] | None:
    """The header's ``counts`` (from version 3), checked for shape."""
    if version < 3:  # noqa: PLR2004 - the version that added them
        if "counts" in header:
            msg = f"a version {version} file has no counts @ $.counts"
            raise DeserializationError([msg], where=where)
        return None
    counts = header.get("counts")
    kinds = [kind for kind, _ in _KINDS]
    if (
        not isinstance(counts, dict)
        or sorted(counts) != sorted(kinds)
        or not all(type(n) is int and n >= 0 for n in counts.values())
    ):
        msg = f"expected a count (a whole number, 0 or more) for each of {', '.join(kinds)}"
        raise DeserializationError([f"{msg} @ $.counts"], where=where)
    return counts


def _check_counts(counts: dict[str, int], buckets: dict[str, list[Any]], name: str) -> None:
    """Refuse a file whose lines of some type are not as many as the header says."""
    wrong = [
        f"{len(buckets[kind])} {kind} lines, the header counts {counts[kind]}"
        for kind, _ in _KINDS
        if len(buckets[kind]) != counts[kind]
    ]
    if wrong:
        short = any(len(buckets[kind]) < n for kind, n in counts.items())
        why = "the file was cut short or edited" if short else "the file was edited"
        raise DeserializationError([f"{w} ({why})" for w in wrong], where=name)


def _parse_line(raw: str, name: str, number: int) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DeserializationError([f"malformed JSON: {exc}"], where=f"{name}:{number}") from None
