"""The Remarks field: ``; ``-separated clauses that carry most of OFAC's data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sanctionsmodel._model import NameKind
from sanctionsmodel.sources.ofac._build import (
    _ID_SCHEMES,
    KNOWN_LABELS,
    LABELS_BY_HEAD,
    EntityBuilder,
    Fact,
    _new_identifier,
    fact_of,
    labelled_fact,
    make_name,
    parse_date,
)

_WEAK_RE = re.compile(r"^(?P<kind>[afn])\.k\.a\. '(?P<name>.*)'$", re.DOTALL)
#: The kind of a weak alias of Remarks by its first letter (a.k.a., f.k.a., n.k.a.).
_WEAK_KINDS = {"a": NameKind.WEAK_AKA, "f": NameKind.WEAK_FKA, "n": NameKind.WEAK_NKA}
_DIGITAL_RE = re.compile(r"^(?P<label>Digital Currency Address - \S+) (?P<value>.+)$")
_GENERIC_RE = re.compile(r"^(?P<label>[^:;]{1,120}?:) (?P<value>.+)$", re.DOTALL)
_ID_VALUE_RE = re.compile(
    r"^(?P<value>.+?)"
    r"(?: \((?P<country>[^()\d]*)\))?"
    r"(?: issued (?P<issued>[^()]+?))?"
    r"(?: expires (?P<expires>[^()]+?))?$",
    re.DOTALL,
)
#: Finds a digit, which no country has.
_DIGIT = re.compile(r"\d").search
#: The schemes of identity documents, whose numbers always hold a digit: a
#: Remarks clause of their label with no digit is prose that starts as the
#: label does (``Passport issued in Sarajevo, Bosnia-Herzegovina``), kept
#: as a remark, not read as a number.
_NUMBERED = frozenset(("passport", "diplomatic-passport", "national-id", "tax-id"))
#: Finds the words that start an identifier's dates at the start of a value:
#: an identifier label followed at once by one (in any case) gives no number
#: (``Passport issued 2005 in Sarajevo``), and the clause is kept as a
#: remark, not read as the number ``issued 2005 ...``.
_DATED = re.compile(r"\s*(?:issued|expires)(?:\s|$)", re.IGNORECASE).match
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
    # parenthesis and no digit (a country has none: ``(3248000)`` ends a
    # phone number) and follow a space and a non-blank value.
    start = value.rfind("(")
    head = value[: start - 1]
    country = value[start + 1 : -1]
    if (
        start >= 2  # noqa: PLR2004
        and value[start - 1] == " "
        and ")" not in country
        and _DIGIT(country) is None
        and head.strip()
    ):
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
        return ("names", make_name(weak["name"], _WEAK_KINDS[weak["kind"]]))
    head, _, rest = body.partition(" ")
    if head in _SIMPLE and rest:
        return _simple_fact(_SIMPLE[head], rest)
    digital = _DIGITAL_RE.match(body) if head == "Digital" else None
    if digital is not None:
        return labelled_fact(digital["label"], digital["value"])
    for label, start in _LABEL_STARTS.get(head, ()) if rest else ():
        if body.startswith(start):
            value = body[len(start) :]
            scheme = _ID_SCHEMES.get(label)
            if (scheme is not None and _DATED(value) is not None) or (
                scheme in _NUMBERED and _DIGIT(value) is None
            ):
                return ("remarks", clause)
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
        label = generic["label"]
        bare = label.removesuffix(":")
        if bare in _SIMPLE:
            # "nationality: Iran" as "nationality Iran".
            return _simple_fact(_SIMPLE[bare], generic["value"])
        if bare in _ID_SCHEMES:
            # "Website: www.x.com" as "Website www.x.com"; a clause that is
            # no identifier so stays a remark as OFAC wrote it ("Passport: none").
            fact = clause_fact(f"{bare} {generic['value']}")
            return ("remarks", clause) if fact is not None and fact[0] == "remarks" else fact
        return labelled_fact(label, generic["value"])
    return ("remarks", clause)


#: The builder fields of the facts a :class:`RemarksParser` gives, which
#: name them by their place here (the CSV reader's ``_entity`` takes them
#: in this order).
FACT_FIELDS = (
    "identifiers",
    "features",
    "birth_dates",
    "relationships",
    "nationalities",
    "genders",
    "birth_places",
    "remarks",
    "names",
    "citizenships",
    "addresses",
)
_FIELD_INDEX = {name: index for index, name in enumerate(FACT_FIELDS)}

#: A fact as :class:`RemarksParser` gives it: the index of its field in
#: :data:`FACT_FIELDS`, and its value alone in a tuple, ready to be added
#: to the field's tuple (``values += fact[1]``).
IndexedFact = tuple[int, tuple[object, ...]]


def indexed(field: str, value: object) -> IndexedFact:
    """The fact of a value of the builder field ``field``, as :class:`RemarksParser` gives it."""
    return (_FIELD_INDEX[field], (value,))


def _first_of(labels: Iterable[str]) -> str:
    """A pattern of the first of the labels that a text starts with, then a space.

    The labels are grouped by their first character, so that a text is
    compared with the few labels that start as it does; the group is atomic,
    so no later label is tried once one is followed by a space.
    """
    by_first: dict[str, list[str]] = {}
    for label in labels:
        by_first.setdefault(label[0], []).append(re.escape(label[1:]))
    heads = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in by_first.items())
    return f"(?>(?P<label>{heads}) )"


#: The shapes most clauses have, which :func:`_common_fact` makes facts of
#: without the steps of clause_fact: a known label (but ``Gender``) and
#: ``VALUE`` or ``VALUE (COUNTRY)``, with no other parenthesis (``Passport
#: A123 (Iran)``, ``Linked To: X``, ``Organization Established Date
#: 1969``); a date of birth of the date grammar (``DOB 10 Aug 1971``); a
#: weak alias (``a.k.a. 'X'``); a POB, nationality or citizenship.
#: clause_fact tries nothing before its labels that a clause of a known
#: label starts as, and takes the longest label the clause starts with (and
#: a space), as the atomic group of labels, longest first, does here; so
#: the label found here is the one clause_fact finds
#: (tests/sources/test_ofac_build.py).
_COMMON_CLAUSE = re.compile(
    r"(?:alt\. )?+(?:"
    + _first_of(label for label in KNOWN_LABELS if label != "Gender")
    + r"(?P<value>[^()]+)(?: \((?P<country>[^()\d]+)\))?"
    + r"|DOB (?P<dob>(?:(?:\d{1,2} )?[A-Z][a-z]{2} )?\d{4})"
    + r"|(?P<weak_kind>[afn])\.k\.a\. '(?P<weak>.*)'"
    + r"|(?P<simple>POB|nationality|citizen) (?P<place>.*))",
    re.DOTALL,
).fullmatch

_IDENTIFIERS = _FIELD_INDEX["identifiers"]
_BIRTH_DATES = _FIELD_INDEX["birth_dates"]
_NAMES = _FIELD_INDEX["names"]
#: The field of a POB, nationality or citizen clause.
_SIMPLE_INDEX = {
    head: _FIELD_INDEX[_SIMPLE_LISTS[kind]] for head, kind in _SIMPLE.items() if kind != "dob"
}


def _indexed(fact: Fact | None) -> IndexedFact | None:
    """A fact of :func:`clause_fact` as :class:`RemarksParser` gives it (:data:`IndexedFact`)."""
    return None if fact is None else (_FIELD_INDEX[fact[0]], fact[1:])


def _common_fact(clause: str, common: re.Match[str]) -> IndexedFact | None:  # noqa: PLR0911
    """The fact of a clause of ``_COMMON_CLAUSE``, as :func:`clause_fact` makes it.

    Returns:
        ``None`` where clause_fact is needed: for a labelled value with an
        issue or expiry date, a blank value or a blank country, and for a
        feature with a country.

    Raises:
        InvalidValueError: For a date of birth that is no date.
    """
    label, value, country, dob, weak_kind, weak, simple, place = common.groups()
    if label is not None:
        # The value has at most one pair of parentheses, at its end, so
        # _id_value would take the text in them for the country.
        if " issued " in clause or " expires " in clause:
            return None
        scheme = _ID_SCHEMES.get(label)
        if scheme is None:
            # A feature (or Linked To) label: clause_fact gives a value with
            # no parenthesis to labelled_fact as it is.
            return None if country is not None else _indexed(labelled_fact(label, value))
        if _DATED(value) is not None:
            return None  # its dates, no number: a remark (see _DATED)
        value = value.strip()
        if not value or (country is not None and country.isspace()):
            return None
        if scheme in _NUMBERED and _DIGIT(value) is None:
            return None  # no number: a remark (see _NUMBERED)
        if scheme == "imo":
            value = value.removeprefix("IMO ").strip()
        return (_IDENTIFIERS, (_new_identifier(scheme, value, country, None, None, None),))
    if dob is not None:
        return (_BIRTH_DATES, (parse_date(dob),))
    if simple is not None:
        place = place.strip()
        return (_SIMPLE_INDEX[simple], (place,)) if place else None
    return (_NAMES, (make_name(weak, _WEAK_KINDS[weak_kind]),))


class _ClauseFacts(dict[str, IndexedFact | None]):
    """The fact of each piece of Remarks text, worked out the first time it is looked up."""

    __slots__ = ()

    def __missing__(self, piece: str) -> IndexedFact | None:
        clause = piece.strip()
        found = None
        if clause:
            clause = clause.removesuffix(".")
            common = _COMMON_CLAUSE(clause)
            if common is not None:
                found = _common_fact(clause, common)
            if found is None:
                found = _indexed(clause_fact(clause))
        self[piece] = found
        return found


class RemarksParser:
    """The facts of Remarks texts, parsing each distinct clause once.

    What :func:`parse_clause` adds for a clause depends on the clause's text
    alone, and a publication repeats clauses thousands of times (``Gender
    Male``, ``nationality Russia``, sanctions notices): the fact of a clause
    (see :func:`clause_fact`) is worked out once, then added again for each
    repeat.  The clauses of the commonest shapes are worked out without
    clause_fact's steps (see ``_COMMON_CLAUSE``), to the same facts.  One
    parser serves one read, so nothing is kept across reads.
    """

    __slots__ = ("_fact",)

    def __init__(self) -> None:
        # The fact of a piece of Remarks text (None for none): a dict lookup,
        # in C, but for the piece's first time.
        self._fact = _ClauseFacts().__getitem__

    def parse(self, b: EntityBuilder, text: str) -> None:
        """Put every clause of a Remarks text into the builder, as :func:`parse_remarks`.

        Raises:
            InvalidValueError: For a date of the date grammar that is no date.
        """
        for index, values in self.facts(text):
            getattr(b, FACT_FIELDS[index]).extend(values)

    def facts(self, text: str) -> list[IndexedFact]:
        """What :meth:`parse` adds for a Remarks text, in order (see :data:`IndexedFact`).

        Raises:
            InvalidValueError: For a date of the date grammar that is no date.
        """
        return list(filter(None, map(self._fact, pieces(text))))


def pieces(text: str) -> list[str]:
    """The pieces of a Remarks text that :class:`RemarksParser` parses: its clauses, unstripped.

    Each is stripped, and loses one final ``.``, when parsed (see :func:`parse_remarks`).
    """
    text = text.strip()
    # Without a continuation start, the clauses are the pieces between "; ".
    return split_clauses(text) if _CONTINUED(text) else text.split("; ")


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
