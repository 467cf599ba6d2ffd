"""The ``sanctionsmodel`` command: a thin shell over the Python API.

Every command parses its arguments, calls the API and prints.  Exit codes:
0 success, 1 not found or ambiguous (the closest candidates are listed),
2 bad arguments or input (one line, no traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import attrs

from sanctionsmodel import serialize
from sanctionsmodel._gc import collector_paused
from sanctionsmodel._ledger import Ledger
from sanctionsmodel._model import Action, ActionKind, Observation
from sanctionsmodel._results import Coverage, Status
from sanctionsmodel._time import (
    Effective,
    On,
    describe_on,
    format_effective,
    query_interval,
    to_date,
    to_day_or_instant,
)
from sanctionsmodel.exceptions import (
    AmbiguousEntityError,
    SanctionsModelError,
    UnknownEntityError,
)
from sanctionsmodel.reference import OFAC_FORMATS, US_OFAC_CONS, US_OFAC_SDN

if TYPE_CHECKING:
    from sanctionsmodel.sources import Publication

__all__ = ["main"]

_EXIT_NOT_FOUND = 1
_EXIT_USAGE = 2


class _UsageError(Exception):
    """A bad argument, reported in one line with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, exit 2.

    An option that takes one value takes it once: given twice, it is an
    error, where argparse would keep the last and drop the first silently.
    """

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:  # noqa: ANN401 - argparse's
        if args and args[0].startswith("-") and kwargs.get("action") in (None, "store"):
            kwargs["action"] = _Once
        return super().add_argument(*args, **kwargs)


class _Once(argparse.Action):
    """Store an option's value, refusing a second one."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,  # noqa: ARG002 - argparse's signature
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,  # noqa: ARG002 - argparse's signature
    ) -> None:
        given: set[str] = namespace.__dict__.setdefault("given_once", set())
        if self.dest in given:
            first = getattr(namespace, self.dest)
            msg = f"given twice ({first!s}, then {values!s}); give it once"
            raise argparse.ArgumentError(self, msg)  # "argument --on: given twice ..."
        given.add(self.dest)
        setattr(namespace, self.dest, values)


class _NotHere(argparse.Action):
    """A query option given to a command that reads publications: refused, by name."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,  # noqa: ARG002 - argparse's signature
        namespace: argparse.Namespace,  # noqa: ARG002 - argparse's signature
        values: str | Sequence[Any] | None,  # noqa: ARG002 - argparse's signature
        option_string: str | None = None,  # noqa: ARG002 - argparse's signature
    ) -> None:
        msg = (
            "this command reads OFAC publications, not a ledger: it takes no --data or "
            "--known-on (who, history, snapshot, changes, lists and search do)"
        )
        raise argparse.ArgumentError(self, msg)


_DECIMAL = re.compile(r"\d+(?:\.\d*)?|\.\d+", re.ASCII)


def _fraction(text: str) -> float:
    """``--max-shrink``: a fraction from 0 to 1, in digits (not `` 0.5``, ``0_5``, ``nan``)."""
    value = float(text) if _DECIMAL.fullmatch(text) else -1.0
    if not 0 <= value <= 1:
        msg = f"expected a fraction from 0 to 1 (0.05 is 5%), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _positive(text: str) -> int:
    """``--limit``: a whole number, 1 or more, in digits (not `` 3``, ``1_0``, ``+3``)."""
    try:
        value = int(text) if text.isascii() and text.isdigit() else 0
    except ValueError:  # more digits than int() reads
        value = 0
    if value < 1:
        msg = f"expected a whole number, 1 or more, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep)


def _file_path(text: str) -> Path:
    """``--out``: a file's path; one ending in a separator names a folder (Path would drop it)."""
    if text.endswith(_SEPARATORS):
        msg = f"expected a file's path, got {text!r}: it ends in {text[-1]}, as a folder's does"
        raise argparse.ArgumentTypeError(msg)
    return Path(text)


# -- output --------------------------------------------------------------------


class _Out:
    """Tables aligned on a terminal, tab-separated when piped; or JSON."""

    def __init__(self, stream: IO[str], *, as_json: bool, err: IO[str] | None = None) -> None:
        self.stream = stream
        self.err = err or sys.stderr
        self.as_json = as_json
        self.tty = stream.isatty()

    def warn(self, text: str) -> None:
        """A warning, on stderr: it reaches the user, and never a pipe or the JSON."""
        self.err.write(f"sanctionsmodel: warning: {text}\n")

    def warnings(self, publications: Sequence[Publication]) -> None:
        """Each publication's warnings (see ``Publication.warnings``)."""
        for pub in publications:
            for text in pub.warnings:
                self.warn(text)

    def line(self, text: str = "") -> None:
        if not self.as_json:
            self.stream.write(text + "\n")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if self.as_json:
            return
        if not self.tty:
            for row in [header, *rows]:
                self.stream.write("\t".join(row) + "\n")
            return
        widths = [len(h) for h in header]
        for row in rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

        def fmt(cells: Sequence[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        self.stream.write(fmt(header) + "\n")
        self.stream.write(fmt(["-" * w for w in widths]) + "\n")
        for row in rows:
            self.stream.write(fmt(row) + "\n")

    def json(self, data: object) -> None:
        if self.as_json:
            json.dump(data, self.stream, ensure_ascii=False, indent=2)
            self.stream.write("\n")


def _when(value: Effective | None) -> str:
    return "" if value is None else format_effective(value)


def _day(text: str, option: str) -> date:
    try:
        return to_date(text)
    except SanctionsModelError as exc:
        msg = f"{option}: {exc}"
        raise _UsageError(msg) from None


def _on(text: str | None) -> date | str | None:
    if text is None:
        return None
    try:
        to_day_or_instant(text)
    except SanctionsModelError as exc:
        msg = f"--on: {exc}"
        raise _UsageError(msg) from None
    return text


# -- loading -------------------------------------------------------------------


def _ledger(args: argparse.Namespace) -> Ledger:
    """The ledger a command asks about, loaded once per command (an error's hints reuse it)."""
    loaded: Ledger | None = getattr(args, "loaded_ledger", None)
    if loaded is None:
        loaded = args.loaded_ledger = _load(args)
    return loaded


def _load(args: argparse.Namespace) -> Ledger:
    if args.data:
        if args.data.is_dir() or not args.data.exists():  # a pipe is fine
            what = "is a folder" if args.data.is_dir() else "no such file"
            msg = f"--data {args.data}: {what} (give a ledger file that import wrote)"
            raise _UsageError(msg)
        ledger = serialize.load_ledger(args.data)
    else:
        from sanctionsmodel.data import load_default  # noqa: PLC0415 - only when asked

        ledger = load_default()
    if args.known_on:
        ledger = ledger.as_of(_day(args.known_on, "--known-on"))
    return ledger


def _asked(args: argparse.Namespace, on: On) -> str:
    """When a question is asked about, and as known when: ``on 2025-01-01, as known on ...``."""
    return f"on {describe_on(on)}{_as_known(args)}"


def _as_known(args: argparse.Namespace) -> str:
    """``, as known on D`` for ``--known-on D``; else nothing."""
    return f", as known on {_day(args.known_on, '--known-on')}" if args.known_on else ""


def _data_ends(ledger: Ledger, on: On, list_ids: Iterable[str]) -> list[Observation]:
    """The last observation of each list that the time asked is after.

    A ledger built from publications knows each list up to the last one it
    read; the answer then is that publication's, and what changed since is
    not in the data (a ledger holding its lists whole has no observations).
    ``--json`` gives them as ``data_ends``; the table says them in words.
    """
    ends = []
    for list_id in list_ids:
        coverage = ledger.coverage(list_id)
        if coverage is None or coverage.last is None:
            continue
        tz = ledger.timezone_of(list_id)
        last = coverage.last
        # After the day (or instant) observed: an observation of a day speaks for all of it.
        if query_interval(on, tz)[0] >= query_interval(last.observed, tz)[1]:
            ends.append(last)
    return ends


def _past_the_record(out: _Out, ends: Iterable[Observation]) -> None:
    """Say where the data ends (see :func:`_data_ends`), under the header."""
    for last in ends:
        source = f" ({last.source})" if last.source else ""
        out.line(
            f"({last.list}: the data ends with its observation of "
            f"{last.observed.isoformat()}{source}; what changed since is not in it)"
        )


def _name_of(ledger: Ledger, entity_id: str) -> str:
    entity = ledger.entities.get(entity_id)
    return entity.primary_name if entity else entity_id


# -- commands --------------------------------------------------------------------


def _cmd_who(args: argparse.Namespace, out: _Out) -> int:
    on = _on(args.on)
    ledger = _ledger(args)
    entity = ledger.entity(args.ref)
    holdings = ledger.lists_holding(entity.id, on=on)
    group = ledger.linked(entity.id)
    ends = _data_ends(ledger, on, ledger.lists)
    out.json(
        {
            "entity": serialize.to_dict(entity),
            "on": describe_on(on),
            "linked": [{"entity": eid, "link": serialize.to_dict(link)} for eid, link in group[1:]],
            "holdings": serialize.to_dict(holdings),
            "data_ends": serialize.to_dict(ends),
        }
    )
    out.line(f"{entity.primary_name} ({entity.id}, {entity.kind.value}) {_asked(args, on)}")
    _past_the_record(out, ends)
    for eid, link in group[1:]:
        assert link is not None  # noqa: S101 - linked records always come with their link
        evidence = "; ".join(link.evidence) or "no evidence given"
        out.line(f"  linked: {_name_of(ledger, eid)} ({eid}): {evidence}")
    if not holdings:
        out.line("not on any list")
        return 0
    rows = [
        [
            h.list,
            h.entity,
            h.status.value,
            " ".join([*h.programs, *(p + "?" for p in h.possible_programs)]) or "-",
            _when(h.since),
            "linked record" if h.via else "",
        ]
        for h in holdings
    ]
    out.table(["list", "record", "status", "programs", "since", "via"], rows)
    if any(h.possible_programs for h in holdings):
        out.line("(a program marked ? may or may not be held on that day)")
    for h in holdings:
        if h.status is Status.UNKNOWN:
            report = ledger.status(h.entity, h.list, on=on, follow_links=False)
            out.line(f"{h.entity}: {report.reason}")
    return 0


def _cmd_history(args: argparse.Namespace, out: _Out) -> int:
    ledger = _ledger(args)
    entity = ledger.entity(args.ref)
    actions = ledger.history(entity.id)
    designations = ledger.designations(entity.id)
    out.json(
        {
            "entity": serialize.to_dict(entity),
            "actions": serialize.to_dict(actions),
            "designations": serialize.to_dict(designations),
        }
    )
    out.line(f"{entity.primary_name} ({entity.id})")
    out.line()
    out.line("actions:")
    out.table(
        ["effective", "announced", "recorded", "list", "kind", "programs", "records", "action"],
        [_action_row(a, ledger, entity.id) for a in actions],
    )
    out.line()
    out.line("episodes:")
    out.table(
        ["list", "record", "program", "from", "until"],
        [
            [d.list, d.entity, d.program, _when(d.start), _when(d.end) or "open"]
            for d in designations
        ],
    )
    return 0


def _action_row(action: Action, ledger: Ledger, focus: str) -> list[str]:
    group = {eid for eid, _ in ledger.linked(focus)}
    mine = [e for e in action.entities if e in group]
    others = len(action.entities) - len(mine)
    records = ", ".join(mine) + (f" (+{others} more)" if others else "")
    programs = " ".join(action.programs)
    if action.removes:
        programs = (programs + " -" + " -".join(action.removes)).strip()
    return [
        _when(action.effective),
        _when(action.announced),
        _when(action.recorded),
        action.list,
        action.kind.value,
        programs or "-",
        records,
        action.id,
    ]


def _cmd_snapshot(args: argparse.Namespace, out: _Out) -> int:
    on = _on(args.on)
    ledger = _ledger(args)
    snap = ledger.snapshot(args.list, on=on)
    ends = _data_ends(ledger, on, [snap.list])
    out.json(
        {**serialize.to_dict(snap), "complete": snap.complete, "data_ends": serialize.to_dict(ends)}
    )
    counted = f"{len(snap.listed)} listed, {len(snap.unknown)} unknown"
    out.line(f"{snap.list} {_asked(args, on)}: {counted}")
    _past_the_record(out, ends)
    if snap.coverage is not None:
        out.line(f"(not complete: {snap.coverage.describe()}; any other party may have been on it)")
    rows = [[eid, "listed", _name_of(ledger, eid)] for eid in snap.listed]
    rows += [[eid, "unknown", _name_of(ledger, eid)] for eid in snap.unknown]
    out.table(["record", "status", "name"], rows)
    return 0


def _cmd_changes(args: argparse.Namespace, out: _Out) -> int:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    ledger = _ledger(args)
    changes = ledger.changes(start, end, list_id=args.list)
    ends = _data_ends(ledger, end, [args.list] if args.list else ledger.lists)
    out.json(
        {
            **serialize.to_dict(changes),
            "complete": changes.complete,
            "data_ends": serialize.to_dict(ends),
        }
    )
    rows = []
    for change in changes:
        a = change.action
        rows.append(
            [
                _when(a.effective),
                "yes" if change.certain else "maybe",
                a.list,
                a.kind.value,
                " ".join(a.programs) or "-",
                str(len(a.entities)),
                a.id,
            ]
        )
    out.line(f"{_count(len(changes), 'action')} effective {start} to {end}{_as_known(args)}")
    _past_the_record(out, ends)
    out.table(["effective", "in range", "list", "kind", "programs", "records", "action"], rows)
    # Before a list's record starts, the ledger cannot show what changed.
    for unseen in changes.coverage:
        out.line(f"(not complete for {unseen.list}: on {start}, {unseen.describe()})")
    return 0


def _cmd_lists(args: argparse.Namespace, out: _Out) -> int:
    on = _on(args.on)
    ledger = _ledger(args)
    rows = []
    data = []
    for sl in ledger.lists.values():
        snap = ledger.snapshot(sl.id, on=on)
        counts: dict[str, int] = {}
        for eid in snap.listed:
            for h in ledger.lists_holding(eid, on=on, follow_links=False):
                if h.list == sl.id:
                    for p in h.programs:
                        counts[p] = counts.get(p, 0) + 1
        programs = ", ".join(f"{p} {n}" for p, n in sorted(counts.items()))
        coverage = ledger.coverage(sl.id)
        rows.append(
            [
                sl.id,
                sl.jurisdiction,
                str(len(snap.listed)),
                str(len(snap.unknown)) + ("" if snap.complete else "+"),
                _observed(coverage),
                programs,
            ]
        )
        data.append(
            {
                "list": serialize.to_dict(sl),
                "listed": len(snap.listed),
                "unknown": len(snap.unknown),
                "complete": snap.complete,
                "coverage": serialize.to_dict(coverage),
                "programs": counts,
            }
        )
    ends = _data_ends(ledger, on, ledger.lists)
    out.json({"on": describe_on(on), "lists": data, "data_ends": serialize.to_dict(ends)})
    records, actions = _count(len(ledger.entities), "record"), _count(len(ledger.actions), "action")
    out.line(f"{_asked(args, on)}; {records}, {actions}")
    _past_the_record(out, ends)
    out.table(["list", "jurisdiction", "listed", "unknown", "observed", "programs (listed)"], rows)
    if not all(d["complete"] for d in data):
        out.line(
            "(unknown+: before a list's first observation any other party may have been on it)"
        )
    return 0


def _count(n: int, one: str, many: str | None = None) -> str:
    """``1 match``, ``2 matches``."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _observed(coverage: Coverage | None) -> str:
    """A list's observations as ``lists`` shows them: first..last, or none."""
    if coverage is None:
        return "-"  # a list the ledger holds whole
    if coverage.first is None or coverage.last is None:
        return "none yet"
    first, last = coverage.first.observed.isoformat(), coverage.last.observed.isoformat()
    span = first if first == last else f"{first}..{last}"
    return f"{span} ({coverage.observations})"


def _cmd_search(args: argparse.Namespace, out: _Out) -> int:
    on = _on(args.on)
    ledger = _ledger(args)
    matches = ledger.search(args.query, limit=args.limit, lists=args.list or None, on=on)
    # Without --on a search meets every name the ledger holds, at no time.
    ends = [] if on is None else _data_ends(ledger, on, args.list or ledger.lists)
    out.json(
        {
            "query": args.query,
            "on": None if on is None else describe_on(on),  # None: names at any time
            "matches": [
                {
                    "entity": m.entity_id,
                    "name": serialize.to_dict(m.name),
                    "score": m.score,
                    "how": m.how,
                    "primary_name": _name_of(ledger, m.entity_id),
                }
                for m in matches
            ],
            "data_ends": serialize.to_dict(ends),
        }
    )
    out.line(f"{_count(len(matches), 'match', 'matches')} for {args.query!r}")
    _past_the_record(out, ends)
    out.table(
        ["score", "record", "name matched", "how", "primary name"],
        [
            [f"{m.score:.2f}", m.entity_id, m.name.text, m.how, _name_of(ledger, m.entity_id)]
            for m in matches
        ],
    )
    return 0


def _one_day_each(undated: Sequence[str], days: int) -> None:
    """Refuse a count of ``--observed`` days that is not one per undated path.

    Raises:
        _UsageError: Naming the undated paths.
    """
    if days == len(undated):
        return
    names = ", ".join(undated)
    if not undated:
        msg = "--observed dates CSV paths; every path given carries its own date: drop it"
    elif not days:
        msg = f"no date in {names}: give --observed DATE once per CSV path, in their order"
    else:
        noun = "path" if len(undated) == 1 else "paths"
        msg = (
            f"{days} --observed for {len(undated)} CSV {noun} ({names}): "
            "give one per CSV path, in their order (XML files carry their own date)"
        )
    raise _UsageError(msg)


def _observed_fits(args: argparse.Namespace, paths: Sequence[Path]) -> None:
    """Check ``--observed`` before any file is read: each day, and their count by the paths' names.

    Where names cannot tell whether a path carries a date, the count is
    checked after reading (:func:`_dated`).

    Raises:
        _UsageError: As :func:`_one_day_each`, or for a day that is not a date.
    """
    from sanctionsmodel.sources.ofac._read import undated  # noqa: PLC0415 - only when asked

    days = [_day(v, "--observed") for v in args.observed or []]
    probes = [undated(path, args.list, args.format) for path in paths]
    if None not in probes:
        _one_day_each(
            [str(p) for p, no_date in zip(paths, probes, strict=True) if no_date], len(days)
        )


def _dated(paths: list[tuple[Publication, ...]], values: list[str] | None) -> list[Publication]:
    """Give the publications of each path that carry no date (CSV) its ``--observed`` day, in order.

    One ``--observed`` per path of undated publications, in the order of the
    paths: a single day for several CSV folders would date them alike, and
    the history between them would be empty.  A folder holding both CSV sets
    (as ``fetch`` downloads them) takes one day for both.  XML files carry
    their own date and take none.

    Args:
        paths: The publications of each path, as read, without ``observed``.
        values: The ``--observed`` arguments, as given.

    Returns:
        The publications, the undated ones with their path's day as ``observed``.

    Raises:
        _UsageError: If the count of days is not the count of paths of
            undated publications, or a day is not a date.
    """
    days = [_day(v, "--observed") for v in values or []]
    undated = [i for i, pubs in enumerate(paths) if any(pub.as_of is None for pub in pubs)]
    for i in undated:
        source = paths[i][0].source
        if source.lower().endswith(".xml"):
            # The schema lets an XML file leave its date out; OFAC's never do, and
            # --observed dates CSV paths only (it is checked by the paths' names).
            msg = (
                f"{source}: the XML states no date (Publish_Date), which OFAC's files always "
                "do: the command line cannot date it (the library can: read(path, observed=...))"
            )
            raise _UsageError(msg)
    _one_day_each([paths[i][0].source for i in undated], len(days))
    given = dict(zip(undated, days, strict=True))
    return [
        attrs.evolve(pub, observed=given[i]) if pub.as_of is None else pub
        for i, pubs in enumerate(paths)
        for pub in pubs
    ]


def _read_all(
    path: Path, args: argparse.Namespace, extra: Sequence[str]
) -> tuple[Publication, ...]:
    """The publications of a path: one of ``--list``, else one of each list it holds."""
    from sanctionsmodel.sources import ofac  # noqa: PLC0415 - only when asked

    if args.list is not None:
        return (ofac.read(path, list_id=args.list, format=args.format, extra_programs=extra),)
    return tuple(ofac.read_all(path, format=args.format, extra_programs=extra))


def _cmd_import(args: argparse.Namespace, out: _Out) -> int:
    from sanctionsmodel.sources import replay  # noqa: PLC0415 - only when asked

    _observed_fits(args, args.paths)  # refused before any file is read, as is
    _writable("--out", args.out)  # a path that cannot be written
    _apart("--out", args.out, args.paths)  # nor one that would write over the input
    extra = args.program or ()
    publications = _dated([_read_all(path, args, extra) for path in args.paths], args.observed)
    out.warnings(publications)
    ledger = replay(publications, max_shrink=args.max_shrink)
    with _naming("--out", args.out, only=True):
        serialize.dump_ledger(ledger, args.out)
    out.json(
        {
            "out": str(args.out),
            "publications": [
                {
                    "source": p.source,
                    "list": p.list,
                    "as_of": str(p.as_of),
                    "entities": len(p.entities),
                    "read": dict(p.counts),
                    "warnings": list(p.warnings),
                }
                for p in publications
            ],
            "entities": len(ledger.entities),
            "actions": len(ledger.actions),
        }
    )
    for pub in publications:
        read = ", ".join(f"{what}: {n:,}" for what, n in pub.counts)
        out.line(
            f"read {pub.source}: {pub.list} as of {pub.as_of}, "
            f"{_count(len(pub.entities), 'entity', 'entities')}" + (f" ({read})" if read else "")
        )
    out.line(
        f"wrote {args.out}: {_count(len(ledger.entities), 'entity', 'entities')}, "
        f"{_count(len(ledger.actions), 'action')} "
        f"(query it with --data {args.out})"
    )
    return 0


def _cmd_diff_rows(args: argparse.Namespace, out: _Out) -> int:
    """Compare two folders of companion files row by row (they make no publication)."""
    from sanctionsmodel.sources import ofac  # noqa: PLC0415 - only when asked

    if args.observed:
        raise _UsageError("--observed: row-level diffs of add/alt folders take no dates")
    diffs = ofac.diff_rows(args.old, args.new, max_shrink=args.max_shrink)
    out.json([attrs.asdict(d) for d in diffs])
    out.line(
        f"{args.old} -> {args.new}: no primary file (sdn.csv, cons_prim.csv), so no "
        "publication: rows compared"
    )
    for d in diffs:
        if d.only_in:
            folder = args.old if d.only_in == "older" else args.new
            out.line(f"{d.file}: only in {folder}, not compared")
    diffs = tuple(d for d in diffs if not d.only_in)
    out.table(
        ["file", "rows added", "rows removed", "rows changed", "parties added", "parties removed"],
        [
            [
                d.file,
                str(len(d.added)),
                str(len(d.removed)),
                str(len(d.changed)),
                str(len(d.parties_added)),
                str(len(d.parties_removed)),
            ]
            for d in diffs
        ],
    )
    return 0


def _cmd_diff(args: argparse.Namespace, out: _Out) -> int:
    from sanctionsmodel.sources import diff, ofac, programs_of  # noqa: PLC0415 - only when asked
    from sanctionsmodel.sources.ofac._csv import companions_only  # noqa: PLC0415 - as above

    if companions_only(args.old) and companions_only(args.new):
        return _cmd_diff_rows(args, out)
    _observed_fits(args, [args.old, args.new])  # refused before any file is read
    extra = args.program or ()
    older, newer = _dated(
        [
            (ofac.read(args.old, list_id=args.list, format=args.format, extra_programs=extra),),
            (ofac.read(args.new, list_id=args.list, format=args.format, extra_programs=extra),),
        ],
        args.observed,
    )
    out.warnings((older, newer))
    result = diff(older, newer, max_shrink=args.max_shrink)
    out.json(
        {
            "list": result.list,
            "older": str(result.older),
            "newer": str(result.newer),
            "actions": serialize.to_dict(result.actions),
            "changes": [{"entity": c.entity, "fields": list(c.fields)} for c in result.changes],
        }
    )
    names = {e.id: e.primary_name for e in (*older.entities, *newer.entities)}
    # A delisting ends every program the party had: the older publication's.
    had = {e.id: programs_of(e) for e in older.entities}
    out.line(
        f"{result.list}: {older.as_of} -> {newer.as_of}: {len(result.designated)} added, "
        f"{len(result.delisted)} removed, {len(result.changes)} changed"
    )
    rows = [
        [
            a.kind.value,
            e,
            names.get(e, e),
            " ".join(a.programs) or "-",
            " ".join(had.get(e, ()) if a.kind is ActionKind.DELIST else a.removes) or "-",
            ", ".join(a.fields) or "-",
        ]
        for a in result.actions
        for e in a.entities
    ]
    out.table(["kind", "record", "name", "programs added", "programs removed", "fields"], rows)
    return 0


def _cmd_fetch(args: argparse.Namespace, out: _Out) -> int:
    from sanctionsmodel.sources import ofac  # noqa: PLC0415 - only when asked

    with _naming("--dir", args.dir):
        results = ofac.fetch(
            args.dir,
            base_url=args.base_url or ofac.DEFAULT_BASE_URL,
            files=tuple(args.file) if args.file else ofac.DEFAULT_FILES,
            progress=False if args.json else None,  # no bar mixed into JSON
        )
    out.json(
        [
            {
                "name": r.name,
                "path": str(r.path),
                "status": r.status,
                "sha256": r.sha256,
                "size": r.size,
            }
            for r in results
        ]
    )
    out.table(
        ["file", "status", "bytes", "sha256"],
        [[r.name, r.status, str(r.size), r.sha256] for r in results],
    )
    return 0


# -- wiring ------------------------------------------------------------------------


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked (reading it is slow)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> NoReturn:
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        sys.stdout.write(f"{parser.prog} {version('sanctionsmodel')}\n")
        parser.exit()


_REF = "an entity id (us-ofac:48219), an id without its prefix (48219) or a name"
_ON = "a day (YYYY-MM-DD) or an instant with its UTC offset"
_LIST = "a list id (us-ofac-sdn, us-ofac-cons, kr-fsc-ftr, ...: see the lists command)"


def _parser() -> _Parser:  # noqa: PLR0915 - one statement per option, read top to bottom
    # Every command prints JSON on asking; the queries ask a ledger.
    output = _Parser(add_help=False)
    output.add_argument("--json", action="store_true", help="print JSON")
    common = _Parser(add_help=False, parents=[output])
    common.add_argument(
        "--data",
        type=Path,
        help="a ledger file written by import (or dump_ledger); default: the bundled data",
    )
    common.add_argument("--known-on", metavar="DATE", help="as the data was known on DATE")
    # import and diff read publications, not a ledger: the query options are
    # refused by name, not left to argparse, whose "unrecognized arguments"
    # takes their value for a path (diff --known-on D OLD NEW).  fetch has
    # --dir, for which a hidden --data would make --d ambiguous.
    files = _Parser(add_help=False, parents=[output])
    for option in ("--data", "--known-on"):
        files.add_argument(option, action=_NotHere, help=argparse.SUPPRESS)

    parser = _Parser(
        prog="sanctionsmodel",
        description="Which US and ROK sanctions lists hold a party, under which programs, "
        "since when.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    who = sub.add_parser("who", parents=[common], help="which lists hold a party")
    who.add_argument("ref", metavar="NAME_OR_ID", help=_REF)
    who.add_argument("--on", metavar="DATE", help=_ON + " (default: now)")
    who.set_defaults(run=_cmd_who)

    history = sub.add_parser("history", parents=[common], help="every action and episode")
    history.add_argument("ref", metavar="NAME_OR_ID", help=_REF)
    history.set_defaults(run=_cmd_history)

    snapshot = sub.add_parser("snapshot", parents=[common], help="who is on a list that day")
    snapshot.add_argument("list", metavar="LIST", help=_LIST)
    snapshot.add_argument("--on", metavar="DATE", help=_ON + " (default: now)")
    snapshot.set_defaults(run=_cmd_snapshot)

    changes = sub.add_parser("changes", parents=[common], help="actions effective in a range")
    changes.add_argument(
        "--from",
        dest="start",
        metavar="D1",
        required=True,
        help="the first day of the range (included)",
    )
    changes.add_argument(
        "--to", dest="end", metavar="D2", required=True, help="the last day of the range (included)"
    )
    changes.add_argument("--list", metavar="LIST", help=_LIST + " (default: every list)")
    changes.set_defaults(run=_cmd_changes)

    lists = sub.add_parser("lists", parents=[common], help="lists, programs and counts")
    lists.add_argument("--on", metavar="DATE", help=_ON + " (default: now)")
    lists.set_defaults(run=_cmd_lists)

    search = sub.add_parser("search", parents=[common], help="find parties by any spelling")
    search.add_argument("query", metavar="QUERY", help="a name, in any script or spelling")
    search.add_argument(
        "--limit", type=_positive, default=10, help="at most this many (default: 10)"
    )
    search.add_argument("--list", action="append", metavar="LIST", help="only this list (repeat)")
    search.add_argument("--on", metavar="DATE", help="only parties on a list then")
    search.set_defaults(run=_cmd_search)

    # What reading OFAC publications takes, for import and diff alike.
    reading = _Parser(add_help=False)
    reading.add_argument(
        "--observed",
        action="append",
        metavar="DATE",
        help="the day a CSV path was seen: once per CSV path, in order (XML carries its date)",
    )
    reading.add_argument(
        "--max-shrink",
        type=_fraction,
        default=0.05,
        help="refuse a list that lost more than this fraction of its parties (default: 0.05)",
    )
    reading.add_argument(
        "--format",
        choices=OFAC_FORMATS,
        help="read this format's publication of a folder that holds several (a CSV set "
        "beside its XML)",
    )
    reading.add_argument(
        "--list",
        choices=(US_OFAC_SDN.id, US_OFAC_CONS.id),
        help="read this list's publication of a folder that holds both (default: import reads "
        "each, diff refuses)",
    )
    reading.add_argument(
        "--program",
        action="append",
        metavar="TAG",
        help="accept a program tag OFAC created after this release (repeat)",
    )

    imp = sub.add_parser("import", help="OFAC publications in order -> a ledger file")
    imp_sub = imp.add_subparsers(dest="source", required=True, parser_class=_Parser)
    imp_ofac = imp_sub.add_parser("ofac", parents=[files, reading], help="OFAC files or folders")
    imp_ofac.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        type=Path,
        help="an OFAC file, a folder of one, or a .zip of either; oldest first",
    )
    imp_ofac.add_argument("--out", type=_file_path, required=True, help="the ledger file to write")
    imp_ofac.set_defaults(run=_cmd_import)

    dif = sub.add_parser(
        "diff", parents=[files, reading], help="what changed between two publications"
    )
    dif.add_argument("old", metavar="OLD", type=Path, help="the older publication (as for import)")
    dif.add_argument("new", metavar="NEW", type=Path, help="the newer publication")
    dif.set_defaults(run=_cmd_diff)

    fetch = sub.add_parser("fetch", help="download the current files")
    fetch_sub = fetch.add_subparsers(dest="source", required=True, parser_class=_Parser)
    fetch_ofac = fetch_sub.add_parser("ofac", parents=[output], help="from OFAC's addresses")
    fetch_ofac.add_argument(
        "--dir", type=Path, default=Path("ofac-files"), help="where to save (default: ofac-files)"
    )
    fetch_ofac.add_argument("--base-url", help="another server (a mirror, a test server)")
    fetch_ofac.add_argument("--file", action="append", help="a file name (repeat)")
    fetch_ofac.set_defaults(run=_cmd_fetch)
    return parser


@contextlib.contextmanager
def _naming(option: str, path: Path, *, only: bool = False) -> Iterator[None]:
    """Name the option whose path an error of the file system is about.

    An error names the path, or a file inside it (by any spelling of it:
    both are resolved); with ``only``, the block touches no other file, and
    an error naming none (a full disk) is about the path too.
    """
    try:
        yield
    except OSError as exc:
        named = path if exc.filename is None and only else exc.filename
        if named is None:
            raise  # the network, say: its own message tells
        # realpath, not Path.resolve, which raises on a loop of links.
        where, root = Path(os.path.realpath(named)), Path(os.path.realpath(path))
        if not where.is_relative_to(root):
            raise  # another file: its own message names it
        inside = "" if where == root else f" ({named})"
        msg = f"{option} {path}: {exc.strerror or exc}{inside}"
        raise _UsageError(msg) from None


def _writable(option: str, path: Path) -> None:
    """Refuse, before any work, a file path that cannot be written.

    The path is looked at as opening it to write would: through links, so a
    link to a file not made yet is fine where the folder it points into is.

    Raises:
        _UsageError: If the path is a folder or a link loop, or the folder it
            would be made in is missing or a file.
    """
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        pass  # to be made, or a link pointing where nothing is yet: its folder tells
    except OSError as exc:  # a loop of links, say
        msg = f"{option} {path}: {exc.strerror}"
        raise _UsageError(msg) from None
    else:
        if stat.S_ISDIR(mode):
            msg = f"{option} {path}: {os.strerror(errno.EISDIR)}"
            raise _UsageError(msg)
        return  # a file, to be replaced
    linked = path.is_symlink()
    # A link to "new/" points at a folder to be, and opening it to write says so.
    # (Path.readlink would drop the separator.)
    points = os.readlink(path) if linked else ""  # noqa: PTH115
    if points.endswith(_SEPARATORS):
        msg = f"{option} {path}: {os.strerror(errno.EISDIR)} (it points to {points})"
        raise _UsageError(msg)
    folder = Path(os.path.realpath(path)).parent if linked else path.parent
    where = f"the folder {folder}, where it points" if linked else f"the folder {folder}"
    try:
        mode = folder.stat().st_mode
    except OSError as exc:
        why = exc.strerror
    else:
        if stat.S_ISDIR(mode):
            return
        why = os.strerror(errno.ENOTDIR)
    msg = f"{option} {path}: {why} ({where})"
    raise _UsageError(msg)


#: What a folder of OFAC files may hold and be read for: no ledger is written there.
_READ_SUFFIXES = (".csv", ".xml", ".zip")


def _apart(option: str, out: Path, inputs: Sequence[Path]) -> None:
    """Refuse an output path that is an input, or a file an input folder is read for.

    Raises:
        _UsageError: Naming the input.
    """
    target = Path(os.path.realpath(out))
    for given in inputs:
        source = Path(os.path.realpath(given))
        if target == source:
            msg = f"{option} {out}: is the input {given}: write to another file"
            raise _UsageError(msg)
        inside = source.is_dir() and target.is_relative_to(source)
        if inside and target.suffix.lower() in _READ_SUFFIXES:
            msg = (
                f"{option} {out}: a {target.suffix} file in the input folder {given}, "
                "which its reading may take: write elsewhere, or name it .jsonl"
            )
            raise _UsageError(msg)


def _candidates(
    ids: Sequence[str], args: argparse.Namespace, err: IO[str], label: str = "closest"
) -> None:
    if not ids:
        return
    ledger = _ledger(args)
    err.write(f"{label}:\n")
    for entity_id in ids:
        err.write(f"  {entity_id}  {_name_of(ledger, entity_id)}\n")


def main(  # noqa: PLR0911 - one exit per kind of failure
    argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None
) -> int:
    """Run the command line; return the exit code.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        stdout: Where to print (default: ``sys.stdout``).

    Returns:
        0 on success, 1 when an entity is not found or ambiguous, 2 for bad
        arguments or input.
    """
    stream = stdout or sys.stdout
    err = sys.stderr
    args = argparse.Namespace()
    try:
        try:
            # --help and --version print to sys.stdout: to main's stream here.
            with contextlib.redirect_stdout(stream):
                args = _parser().parse_args(argv)
        except SystemExit as done:  # --help, --version: printed, and done
            return done.code if isinstance(done.code, int) else 0
        out = _Out(stream, as_json=getattr(args, "json", False), err=err)
        # A command builds its objects, answers and ends: the cyclic collector
        # would only rescan them (the library pauses it in each bulk build too).
        with collector_paused():
            code: int = args.run(args, out)
    except _UsageError as exc:
        err.write(f"sanctionsmodel: error: {exc}\n")
        return _EXIT_USAGE
    except UnknownEntityError as exc:
        err.write(f"sanctionsmodel: no entity matches {exc.ref!r}\n")
        _candidates(exc.candidates, args, err)
        return _EXIT_NOT_FOUND
    except AmbiguousEntityError as exc:
        err.write(f"sanctionsmodel: {exc.ref!r} matches {len(exc.candidates)} records:\n")
        _candidates(exc.candidates, args, err, "give one of these ids")
        return _EXIT_NOT_FOUND
    except SanctionsModelError as exc:
        err.write(f"sanctionsmodel: error: {exc}\n")
        return _EXIT_USAGE
    except BrokenPipeError:  # the reader went away (| head): not an error
        return 0
    except OSError as exc:
        err.write(f"sanctionsmodel: error: {exc}\n")
        return _EXIT_USAGE
    return code
