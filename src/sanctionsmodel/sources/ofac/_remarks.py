"""The Remarks field: ``; ``-separated clauses that carry most of OFAC's data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

from sanctionsmodel._model import NameKind
from sanctionsmodel.sources.ofac._build import (
    LABELS_BY_HEAD,
    EntityBuilder,
    Fact,
    fact_of,
    labelled_fact,
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


#: The known labels by their first word, each with the text a clause of it starts with.
_LABEL_STARTS = {
    head: tuple((label, f"{label} ") for label in labels) for head, labels in LABELS_BY_HEAD.items()
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
    fact = _birth_date_fact(text)
    if fact is not None:
        getattr(b, fact[0]).append(fact[1])


def _birth_date_fact(text: str) -> Fact | None:
    value = parse_date(text)
    if value is None:
        return fact_of("DOB", text)
    return ("birth_dates", value)


#: The builder list of each simple label but ``DOB``.
_SIMPLE_LISTS = {"pob": "birth_places", "nationality": "nationalities", "citizen": "citizenships"}


def simple(b: EntityBuilder, kind: str, text: str) -> None:
    """Add a DOB, POB, nationality or citizenship."""
    fact = _simple_fact(kind, text)
    if fact is not None:
        getattr(b, fact[0]).append(fact[1])


def _simple_fact(kind: str, text: str) -> Fact | None:
    text = text.strip()
    if not text:
        return None
    if kind == "dob":
        return _birth_date_fact(text)
    return (_SIMPLE_LISTS[kind], text)


#: What _id_value returns when the value needs _ID_VALUE_RE.
_UNSPLIT: Fact = ("", None)


def _id_value(label: str, value: str) -> Fact | None:
    """The fact of ``VALUE`` or ``VALUE (COUNTRY)`` as ``_ID_VALUE_RE`` would split it.

    Returns:
        ``_UNSPLIT`` unless the value has no issue or expiry date, and no
        country or a country in the final parentheses.
    """
    if " issued " in value or " expires " in value:
        return _UNSPLIT
    if " (" not in value:
        return labelled_fact(label, value)
    if not value.endswith(")"):
        return _UNSPLIT
    # The country is the text of the final parentheses, when they hold no
    # parenthesis and follow a space and a non-blank value.
    start = value.rfind("(")
    head = value[: start - 1]
    country = value[start + 1 : -1]
    if start >= 2 and value[start - 1] == " " and ")" not in country and head.strip():  # noqa: PLR2004
        return labelled_fact(label, head, country=country)
    return labelled_fact(label, value)


def parse_clause(b: EntityBuilder, clause: str) -> None:
    """Put one Remarks clause into the builder; unknown text stays a remark.

    Raises:
        InvalidValueError: For a date of the date grammar that is no date.
    """
    fact = clause_fact(clause)
    if fact is not None:
        getattr(b, fact[0]).append(fact[1])


def clause_fact(clause: str) -> Fact | None:  # noqa: PLR0911 - one return per kind of clause
    """What :func:`parse_clause` puts into the builder, if anything, as ``(list, value)``.

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
        return ("names", make_name(weak["name"], NameKind.WEAK_AKA))
    head, _, rest = body.partition(" ")
    if head in _SIMPLE and rest:
        return _simple_fact(_SIMPLE[head], rest)
    digital = _DIGITAL_RE.match(body) if head == "Digital" else None
    if digital is not None:
        return labelled_fact(digital["label"], digital["value"])
    for label, start in _LABEL_STARTS.get(head, ()) if rest else ():
        if body.startswith(start):
            value = body[len(start) :]
            fact = _id_value(label, value)
            if fact is not _UNSPLIT:
                return fact
            parts = _ID_VALUE_RE.match(value)
            if parts is not None and parts["value"].strip():
                return labelled_fact(
                    label,
                    parts["value"],
                    country=parts["country"],
                    issued=parts["issued"],
                    expires=parts["expires"],
                )
            return labelled_fact(label, value)  # pragma: no cover - the pattern matches any text
    generic = _GENERIC_RE.match(body) if ":" in body else None
    if generic is not None:
        return labelled_fact(generic["label"], generic["value"])
    return ("remarks", clause)


class RemarksParser:
    """Puts Remarks texts into builders, parsing each distinct clause once.

    What :func:`parse_clause` adds for a clause depends on the clause's text
    alone, and a publication repeats clauses thousands of times (``Gender
    Male``, ``nationality Russia``, sanctions notices): the fact of a clause
    (see :func:`clause_fact`) is worked out once, then added again for each
    repeat.  One parser serves one read, so nothing is kept across reads.
    """

    __slots__ = ("_facts",)

    def __init__(self) -> None:
        self._facts: dict[str, Fact | None] = {}

    def parse(self, b: EntityBuilder, text: str) -> None:
        """Put every clause of a Remarks text into the builder, as :func:`parse_remarks`.

        Raises:
            InvalidValueError: For a date of the date grammar that is no date.
        """
        for name, value in self.facts(text):
            getattr(b, name).append(value)

    def facts(self, text: str) -> list[Fact]:
        """What :meth:`parse` adds for a Remarks text, in order, as ``(field, value)``.

        Raises:
            InvalidValueError: For a date of the date grammar that is no date.
        """
        facts = self._facts
        out: list[Fact] = []
        for piece in self.clauses(text):
            if piece in facts:
                fact = facts[piece]
            else:
                clause = piece.strip()
                fact = facts[piece] = clause_fact(clause.removesuffix(".")) if clause else None
            if fact is not None:
                out.append(fact)
        return out

    @staticmethod
    def clauses(text: str) -> list[str]:
        """The pieces of a Remarks text that :meth:`facts_of` takes: its clauses, unstripped."""
        text = text.strip()
        # Without a continuation start, the clauses are the pieces between "; ".
        return split_clauses(text) if _CONTINUED(text) else text.split("; ")

    def facts_of(self, texts: Iterable[list[str]]) -> list[Fact | None]:
        """Parse every distinct clause of the texts' pieces (see :meth:`clauses`) once.

        Returns:
            The fact of each piece (``None`` for none), in the order of the
            pieces of all texts.

        Raises:
            InvalidValueError: For a date of the date grammar that is no date,
                in any text (:meth:`facts` tells which text).
        """
        facts = self._facts
        pieces = list(chain.from_iterable(texts))
        for piece in dict.fromkeys(pieces):
            if piece not in facts:
                clause = piece.strip()
                facts[piece] = clause_fact(clause.removesuffix(".")) if clause else None
        return list(map(facts.__getitem__, pieces))


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
