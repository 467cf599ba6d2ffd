"""The Remarks field: ``; ``-separated clauses that carry most of OFAC's data."""

from __future__ import annotations

import re
from typing import Any

from sanctionsmodel._model import NameKind
from sanctionsmodel.sources.ofac._build import (
    LABELS_BY_HEAD,
    EntityBuilder,
    labelled,
    make_name,
    parse_date,
)

_WEAK_RE = re.compile(r"^[afn]\.k\.a\. '(?P<name>.*)'$", re.DOTALL)
_DIGITAL_RE = re.compile(r"^(?P<label>Digital Currency Address - \S+) (?P<value>.+)$")
_GENERIC_RE = re.compile(r"^(?P<label>[^:;]{1,120}?:) (?P<value>.+)$", re.DOTALL)
_ID_VALUE_RE = re.compile(
    r"^(?P<value>.+?)"
    r"(?: \((?P<country>[^()]*)\))?"
    r"(?: issued (?P<issued>[^()]+?))?"
    r"(?: expires (?P<expires>[^()]+?))?$",
    re.DOTALL,
)
#: Clause starts that continue the previous clause rather than begin one.
_CONTINUATIONS = {"Additional Sanctions Information -": ("U.S. Persons ",)}
#: Finds the text without which no clause continues the previous one.
_CONTINUED = re.compile(
    "|".join(re.escape(start) for starts in _CONTINUATIONS.values() for start in starts)
).search
_SIMPLE = {
    "DOB": "dob",
    "POB": "pob",
    "nationality": "nationality",
    "citizen": "citizen",
}


def split_clauses(text: str) -> list[str]:
    """Split a Remarks text into clauses, joining OFAC's in-value ``; `` back.

    Args:
        text: The remarks, without the closing ``.`` of the CSV form.

    Returns:
        The clauses in order.
    """
    out: list[str] = []
    for raw in text.split("; "):
        clause = raw.strip()
        if not clause:
            continue
        if out:
            prev = out[-1].removeprefix("alt. ")
            for label, starts in _CONTINUATIONS.items():
                if prev.startswith(label) and clause.startswith(starts):
                    out[-1] = f"{out[-1]}; {clause}"
                    break
            else:
                out.append(clause)
        else:
            out.append(clause)
    return out


def birth_date(b: EntityBuilder, text: str) -> None:
    """Add a DOB: a partial date, else (a range, ``circa``) a ``DOB`` feature.

    Raises:
        InvalidValueError: For text of the date grammar that is no date.
    """
    value = parse_date(text)
    if value is None:
        b.feature("DOB", text)
    else:
        b.birth_dates.append(value)


def simple(b: EntityBuilder, kind: str, text: str) -> None:
    """Add a DOB, POB, nationality or citizenship."""
    text = text.strip()
    if not text:
        return
    if kind == "dob":
        birth_date(b, text)
    elif kind == "pob":
        b.birth_places.append(text)
    elif kind == "nationality":
        b.nationalities.append(text)
    else:
        b.citizenships.append(text)


def _id_value(b: EntityBuilder, label: str, value: str) -> bool:
    """Put ``VALUE`` or ``VALUE (COUNTRY)`` in the builder as ``_ID_VALUE_RE`` would split it.

    Returns:
        Whether it did: the value has no issue or expiry date, and no country
        or a country in the final parentheses.
    """
    if " issued " in value or " expires " in value:
        return False
    if " (" not in value:
        labelled(b, label, value)
        return True
    if not value.endswith(")"):
        return False
    # The country is the text of the final parentheses, when they hold no
    # parenthesis and follow a space and a non-blank value.
    start = value.rfind("(")
    head = value[: start - 1]
    country = value[start + 1 : -1]
    if start >= 2 and value[start - 1] == " " and ")" not in country and head.strip():  # noqa: PLR2004
        labelled(b, label, head, country=country)
    else:
        labelled(b, label, value)
    return True


def parse_clause(b: EntityBuilder, clause: str) -> None:
    """Put one Remarks clause into the builder; unknown text stays a remark.

    Raises:
        InvalidValueError: For a date of the date grammar that is no date.
    """
    body = clause.removeprefix("alt. ")
    if body.startswith("(") and body.endswith(")") and body.count("(") == body.count(")"):
        # The legacy XML wraps some remarks in parentheses: "(Linked To: X)".
        body = body[1:-1].strip()
    # Each pattern below is tried only where its fixed start (or a ":") is there.
    weak = _WEAK_RE.match(body) if body[1:6] == ".k.a." else None
    if weak is not None:
        b.names.append(make_name(weak["name"], NameKind.WEAK_AKA))
        return
    head, _, rest = body.partition(" ")
    if head in _SIMPLE and rest:
        simple(b, _SIMPLE[head], rest)
        return
    digital = _DIGITAL_RE.match(body) if head == "Digital" else None
    if digital is not None:
        labelled(b, digital["label"], digital["value"])
        return
    for label in LABELS_BY_HEAD.get(head, ()):
        if body.startswith(label) and body[len(label) : len(label) + 1] == " " and rest:
            value = body[len(label) + 1 :]
            if _id_value(b, label, value):
                return
            parts = _ID_VALUE_RE.match(value)
            if parts is not None and parts["value"].strip():
                labelled(
                    b,
                    label,
                    parts["value"],
                    country=parts["country"],
                    issued=parts["issued"],
                    expires=parts["expires"],
                )
            else:  # pragma: no cover - the pattern matches any non-empty text
                labelled(b, label, value)
            return
    generic = _GENERIC_RE.match(body) if ":" in body else None
    if generic is not None:
        labelled(b, generic["label"], generic["value"])
        return
    b.remarks.append(clause)


class _Tap(list[Any]):
    """A builder list that logs what is added to it as ``(field, value)``."""

    __slots__ = ("_field", "_log")

    def __init__(self, field: str, log: list[tuple[str, object]]) -> None:
        super().__init__()
        self._field = field
        self._log = log

    def append(self, value: object) -> None:
        self._log.append((self._field, value))


class RemarksParser:
    """Puts Remarks texts into builders, parsing each distinct clause once.

    What :func:`parse_clause` adds for a clause depends on the clause's text
    alone, and a publication repeats clauses thousands of times (``Gender
    Male``, ``nationality Russia``, sanctions notices): the facts of a clause
    are recorded once, by parsing it into a builder whose lists log what is
    added, then added again for each repeat.  One parser serves one read, so
    nothing is kept across reads.
    """

    __slots__ = ("_facts", "_log", "_recorder")

    def __init__(self) -> None:
        self._facts: dict[str, tuple[tuple[str, object], ...]] = {}
        self._log: list[tuple[str, object]] = []
        log = self._log
        # Every list of the builder logs what is added to it.
        self._recorder = EntityBuilder(
            ent_num=0,
            names=_Tap("names", log),
            titles=_Tap("titles", log),
            addresses=_Tap("addresses", log),
            programs=_Tap("programs", log),
            birth_dates=_Tap("birth_dates", log),
            birth_places=_Tap("birth_places", log),
            nationalities=_Tap("nationalities", log),
            citizenships=_Tap("citizenships", log),
            genders=_Tap("genders", log),
            identifiers=_Tap("identifiers", log),
            features=_Tap("features", log),
            relationships=_Tap("relationships", log),
            remarks=_Tap("remarks", log),
        )

    def parse(self, b: EntityBuilder, text: str) -> None:
        """Put every clause of a Remarks text into the builder, as :func:`parse_remarks`.

        Raises:
            InvalidValueError: For a date of the date grammar that is no date.
        """
        facts = self._facts
        text = text.strip()
        # Without a continuation start, the clauses are the pieces between "; ".
        pieces = split_clauses(text) if _CONTINUED(text) else text.split("; ")
        for piece in pieces:
            found = facts.get(piece)
            if found is None:
                clause = piece.strip()
                found = facts[piece] = self._record(clause.removesuffix(".")) if clause else ()
            for name, value in found:
                getattr(b, name).append(value)

    def _record(self, clause: str) -> tuple[tuple[str, object], ...]:
        log = self._log
        log.clear()
        parse_clause(self._recorder, clause)
        return tuple(log)


def parse_remarks(b: EntityBuilder, text: str) -> None:
    """Put every clause of a Remarks text into the builder.

    The CSV ends Remarks with a ``.`` unless the text already ends with one,
    and puts the weak aliases after the XML's remarks; so every clause loses
    one final ``.`` in every format, and the formats agree.

    Raises:
        InvalidValueError: For a date of the date grammar that is no date.
    """
    for clause in split_clauses(text.strip()):
        parse_clause(b, clause.removesuffix("."))
