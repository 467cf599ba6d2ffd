"""The Remarks field: ``; ``-separated clauses that carry most of OFAC's data."""

from __future__ import annotations

import re

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


def parse_clause(b: EntityBuilder, clause: str) -> None:
    """Put one Remarks clause into the builder; unknown text stays a remark.

    Raises:
        InvalidValueError: For a date of the date grammar that is no date.
    """
    body = clause.removeprefix("alt. ")
    if body.startswith("(") and body.endswith(")") and body.count("(") == body.count(")"):
        # The legacy XML wraps some remarks in parentheses: "(Linked To: X)".
        body = body[1:-1].strip()
    weak = _WEAK_RE.match(body)
    if weak is not None:
        b.names.append(make_name(weak["name"], NameKind.WEAK_AKA))
        return
    head, _, rest = body.partition(" ")
    if head in _SIMPLE and rest:
        simple(b, _SIMPLE[head], rest)
        return
    digital = _DIGITAL_RE.match(body)
    if digital is not None:
        labelled(b, digital["label"], digital["value"])
        return
    for label in LABELS_BY_HEAD.get(head, ()):
        if body.startswith(label) and body[len(label) : len(label) + 1] == " " and rest:
            value = body[len(label) + 1 :]
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
    generic = _GENERIC_RE.match(body)
    if generic is not None:
        labelled(b, generic["label"], generic["value"])
        return
    b.remarks.append(clause)


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
