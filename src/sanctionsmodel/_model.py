"""The public record classes: frozen, slotted, keyword-only and validated.

Converters accept the loose forms people type (ISO strings, lists) and turn
them into the strict stored form (dates, sorted tuples); anything else raises
:class:`~sanctionsmodel.exceptions.InvalidValueError`.
"""

from __future__ import annotations

import enum
import functools
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TypeVar

import attrs

from sanctionsmodel._time import (
    Effective,
    PartialDate,
    to_date,
    to_day_or_instant,
    to_effective,
    to_opt_date,
    zone,
)
from sanctionsmodel.exceptions import InvalidValueError

# -- converters and validators ------------------------------------------------

_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")


def _to_id(value: object) -> str:
    if not isinstance(value, str) or not value or value != value.strip():
        msg = f"expected a non-empty id without surrounding spaces, got {value!r}"
        raise InvalidValueError(msg)
    return value


def _to_opt_id(value: object) -> str | None:
    return None if value is None else _to_id(value)


def _to_text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"expected non-empty text, got {value!r}"
        raise InvalidValueError(msg)
    return value


def _to_opt_text(value: object) -> str | None:
    return None if value is None else _to_text(value)


def _to_texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"expected a sequence of texts, got {value!r}"
        raise InvalidValueError(msg)
    return tuple(_to_text(v) for v in value)


def _to_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"expected a sequence of ids, got {value!r}"
        raise InvalidValueError(msg)
    ids = tuple(_to_id(v) for v in value)
    if len(set(ids)) != len(ids):
        msg = f"ids repeat in {ids!r}"
        raise InvalidValueError(msg)
    return ids


def _to_tags(value: object) -> tuple[str, ...]:
    """A set of tags, stored sorted so that equal sets compare and hash equal."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"expected a set of program ids, got {value!r}"
        raise InvalidValueError(msg)
    return tuple(sorted({_to_id(v) for v in value}))


def _to_partials(value: object) -> tuple[PartialDate, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"expected a sequence of partial dates, got {value!r}"
        raise InvalidValueError(msg)
    out = []
    for item in value:
        if isinstance(item, PartialDate):
            out.append(item)
        elif isinstance(item, date):
            out.append(PartialDate.from_date(item))
        else:
            out.append(PartialDate.parse(item))
    return tuple(out)


def _to_opt_partial(value: object) -> PartialDate | None:
    if value is None:
        return None
    return _to_partials([value])[0]


def _enum(cls: type[_E], value: object) -> _E:
    if isinstance(value, cls):
        return value
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        msg = f"expected one of {allowed}, got {value!r}"
        raise InvalidValueError(msg) from None


def _tuple(cls: type[_T], value: object) -> tuple[_T, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        msg = f"expected a sequence of {cls.__name__}, got {value!r}"
        raise InvalidValueError(msg)
    items = tuple(value)
    for item in items:
        if not isinstance(item, cls):
            msg = f"expected {cls.__name__}, got {item!r}"
            raise InvalidValueError(msg)
    return items


def _to_timezone(value: object) -> str:
    name = _to_id(value)
    zone(name)
    return name


def _to_opt_score(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        msg = f"expected a score between 0 and 1, got {value!r}"
        raise InvalidValueError(msg)
    return float(value)


def detect_script(text: str) -> str:
    """The ISO 15924 code of the script most letters of ``text`` are in.

    >>> detect_script("리봉춘"), detect_script("RI Pong Chun"), detect_script("Новосибирск")
    ('Hang', 'Latn', 'Cyrl')
    """
    if text.isascii():  # most names: decided without looking at each letter
        return "Latn" if any(c.isalpha() for c in text) else "Zyyy"
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script_of(char)
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Zyyy"
    return max(sorted(counts), key=counts.__getitem__)


@functools.lru_cache(maxsize=4096)
def _script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith(("HANGUL", "HALFWIDTH HANGUL")):
        return "Hang"
    if name.startswith("CYRILLIC"):
        return "Cyrl"
    if name.startswith("CJK"):
        return "Hani"
    if name.startswith(("LATIN", "FULLWIDTH LATIN")):
        return "Latn"
    return "Zyyy"


def _to_script(value: object) -> str:
    if not isinstance(value, str) or len(value) != 4 or not value.isalpha():  # noqa: PLR2004
        msg = f"expected an ISO 15924 script code such as 'Latn' or 'Hang', got {value!r}"
        raise InvalidValueError(msg)
    return value[0].upper() + value[1:].lower()


# -- vocabularies ---------------------------------------------------------------


class EntityKind(enum.Enum):
    """What kind of party an entity is."""

    INDIVIDUAL = "individual"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class NameKind(enum.Enum):
    """What a name is to its entity, as the source says.

    ``AKA``, ``FKA`` and ``NKA`` are OFAC's strong "also", "formerly" and
    "now known as"; the ``WEAK_`` kinds are the same three when OFAC grades
    the name low quality (too broad to screen on alone: a "weak a.k.a.").
    """

    PRIMARY = "primary"
    AKA = "aka"
    FKA = "fka"
    NKA = "nka"
    WEAK_AKA = "weak-aka"
    WEAK_FKA = "weak-fka"
    WEAK_NKA = "weak-nka"

    @property
    def weak(self) -> bool:
        """Whether the name is graded low quality (a weak alias).

        >>> NameKind.WEAK_FKA.weak, NameKind.FKA.weak
        (True, False)
        """
        return self.value.startswith("weak-")


class ActionKind(enum.Enum):
    """What an action does to a list."""

    DESIGNATE = "designate"
    AMEND = "amend"
    DELIST = "delist"


class Confidence(enum.Enum):
    """How sure the source of an inferred fact (usually a date) is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def _to_name_kind(value: object) -> NameKind:
    return _enum(NameKind, value)


def _to_entity_kind(value: object) -> EntityKind:
    return _enum(EntityKind, value)


def _to_action_kind(value: object) -> ActionKind:
    return _enum(ActionKind, value)


def _to_confidence(value: object) -> Confidence | None:
    return None if value is None else _enum(Confidence, value)


# -- reference data ---------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Jurisdiction:
    """A sanctioning state or body, with the time zone its dates are read in.

    >>> Jurisdiction(code="KR", name="Republic of Korea", timezone="Asia/Seoul").timezone
    'Asia/Seoul'
    """

    code: str = attrs.field(converter=_to_id)
    name: str = attrs.field(converter=_to_text)
    timezone: str = attrs.field(converter=_to_timezone)


@attrs.frozen(kw_only=True)
class Authority:
    """A body that acts on or keeps a sanctions list (OFAC, FSC, MOFA, ...)."""

    id: str = attrs.field(converter=_to_id)
    name: str = attrs.field(converter=_to_text)
    jurisdiction: str = attrs.field(converter=_to_id)


@attrs.frozen(kw_only=True)
class SanctionsList:
    """One published list of a jurisdiction, such as ``us-ofac-sdn``."""

    id: str = attrs.field(converter=_to_id)
    name: str = attrs.field(converter=_to_text)
    jurisdiction: str = attrs.field(converter=_to_id)
    authority: str | None = attrs.field(default=None, converter=_to_opt_id)
    description: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Program:
    """A sanctions program or legal basis, its id tagged as the source writes it."""

    id: str = attrs.field(converter=_to_id)
    jurisdiction: str = attrs.field(converter=_to_id)
    name: str | None = attrs.field(default=None, converter=_to_opt_text)
    legal_basis: str | None = attrs.field(default=None, converter=_to_opt_text)


# -- entities -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Name:
    """One name of an entity.

    ``script`` is detected from the text when not given.

    >>> Name(text="리봉춘").script
    'Hang'
    """

    text: str = attrs.field(converter=_to_text)
    kind: NameKind = attrs.field(
        default=NameKind.PRIMARY,
        converter=_to_name_kind,
    )
    script: str = attrs.field(
        default=attrs.Factory(lambda self: detect_script(self.text), takes_self=True),
        converter=_to_script,
    )
    source: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Identifier:
    """An identifier of an entity: a scheme, a value and an issuing country.

    Schemes are lower-case words such as ``passport``, ``tax-id``,
    ``swift-bic``, ``imo``, ``us-ofac-uid`` or ``kr-fsc-annex``.
    """

    scheme: str = attrs.field(converter=_to_id)
    value: str = attrs.field(converter=_to_text)
    country: str | None = attrs.field(default=None, converter=_to_opt_text)
    issued: PartialDate | None = attrs.field(default=None, converter=_to_opt_partial)
    expires: PartialDate | None = attrs.field(default=None, converter=_to_opt_partial)
    note: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Address:
    """A postal address as the source gives it; every part is optional."""

    lines: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    city: str | None = attrs.field(default=None, converter=_to_opt_text)
    region: str | None = attrs.field(default=None, converter=_to_opt_text)
    postal_code: str | None = attrs.field(default=None, converter=_to_opt_text)
    country: str | None = attrs.field(default=None, converter=_to_opt_text)
    note: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Vessel:
    """Vessel particulars as OFAC publishes them."""

    call_sign: str | None = attrs.field(default=None, converter=_to_opt_text)
    vessel_type: str | None = attrs.field(default=None, converter=_to_opt_text)
    flag: str | None = attrs.field(default=None, converter=_to_opt_text)
    owner: str | None = attrs.field(default=None, converter=_to_opt_text)
    tonnage: str | None = attrs.field(default=None, converter=_to_opt_text)
    gross_registered_tonnage: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Feature:
    """Any other published fact about an entity, typed by the source's label.

    For example ``Feature(type="Organization Established Date", value="Feb 1995")``.
    """

    type: str = attrs.field(converter=_to_text)
    value: str = attrs.field(converter=_to_text)


def _to_flag(value: object) -> bool:
    if not isinstance(value, bool):
        msg = f"expected True or False, got {value!r}"
        raise InvalidValueError(msg)
    return value


@attrs.frozen(kw_only=True)
class Relationship:
    """A relationship the source states between its entity and another party.

    Not a :class:`Link`: a link says two records are the *same* party, a
    relationship ties two *different* parties (``Linked To``, ``Owned or
    Controlled By``).  ``type`` is the source's label, verbatim; ``target``
    is the other party's entity id where the source gives it or it could be
    resolved, ``target_name`` the name the source gives it (at least one of
    the two); ``former`` marks a relationship the source says has ended.

    >>> r = Relationship(type="Linked To", target_name="KOREA KWANGSON BANKING CORP")
    >>> r.target, r.former
    (None, False)
    """

    type: str = attrs.field(converter=_to_text)
    target: str | None = attrs.field(default=None, converter=_to_opt_id)
    target_name: str | None = attrs.field(default=None, converter=_to_opt_text)
    former: bool = attrs.field(default=False, converter=_to_flag)
    source: str | None = attrs.field(default=None, converter=_to_opt_text)

    def __attrs_post_init__(self) -> None:
        if self.target is None and self.target_name is None:
            msg = f"a {self.type!r} relationship needs a target id or a target name"
            raise InvalidValueError(msg)


def _to_names(value: object) -> tuple[Name, ...]:
    return _tuple(Name, value)


def _to_identifiers(value: object) -> tuple[Identifier, ...]:
    return _tuple(Identifier, value)


def _to_addresses(value: object) -> tuple[Address, ...]:
    return _tuple(Address, value)


def _to_features(value: object) -> tuple[Feature, ...]:
    return _tuple(Feature, value)


def _to_relationships(value: object) -> tuple[Relationship, ...]:
    return _tuple(Relationship, value)


@attrs.frozen(kw_only=True)
class Entity:
    """A listed party as one source describes it.

    Each source's record stays its own entity (``us-ofac:52114``,
    ``kr-fsc:KF-874``); :class:`Link` says which records are one party.
    ``relationships`` are the ties to *other* parties that the source states.

    >>> e = Entity(id="kr-fsc:KF-876", kind="individual", names=[Name(text="리봉춘")])
    >>> e.primary_name
    '리봉춘'
    """

    id: str = attrs.field(converter=_to_id)
    kind: EntityKind = attrs.field(converter=_to_entity_kind)
    names: tuple[Name, ...] = attrs.field(converter=_to_names)
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(),
        converter=_to_identifiers,
    )
    birth_dates: tuple[PartialDate, ...] = attrs.field(default=(), converter=_to_partials)
    birth_places: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    nationalities: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    citizenships: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    gender: str | None = attrs.field(default=None, converter=_to_opt_text)
    titles: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    addresses: tuple[Address, ...] = attrs.field(
        default=(),
        converter=_to_addresses,
    )
    vessel: Vessel | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Vessel))
    )
    features: tuple[Feature, ...] = attrs.field(
        default=(),
        converter=_to_features,
    )
    relationships: tuple[Relationship, ...] = attrs.field(
        default=(),
        converter=_to_relationships,
    )
    remarks: str | None = attrs.field(default=None, converter=_to_opt_text)
    source: str | None = attrs.field(default=None, converter=_to_opt_text)

    def __attrs_post_init__(self) -> None:
        if not self.names:
            msg = f"entity {self.id!r} has no name"
            raise InvalidValueError(msg)

    @property
    def primary_name(self) -> str:
        """The first primary name, or the first name if none is marked primary."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.text
        return self.names[0].text


# -- actions and what derives from them -------------------------------------------


@attrs.frozen(kw_only=True)
class Action:
    """One dated act of an authority that changes one list for some entities.

    Time has two axes.  *Valid time*: ``effective`` is when the act takes
    legal effect (a day read in the list's time zone, an instant, a partial
    date or a :class:`Window`); ``announced`` and ``published`` are kept
    beside it.  *Transaction time*: ``recorded`` is the day the information
    became known; ``Ledger.as_of`` sees only actions recorded by then.  An
    action that ``supersedes`` another replaces it from its own ``recorded``
    day on (a correction).

    ``programs`` are the programs designated under (``designate``) or added
    (``amend``); ``removes`` the programs an amend ends; ``fields`` the
    entity fields an amend changes (``names``, ``identifiers``...), for a
    change of published data.  A ``delist`` ends every program of the entity
    on the list.

    >>> a = Action(id="kr-2024-12-17", kind="designate", list="kr-fsc-ftr",
    ...            entities=["kr-fsc:KF-876"], programs=["KR-DPRK"],
    ...            announced="2024-12-17", effective="2024-12-19T00:00+09:00",
    ...            recorded="2024-12-17")
    >>> a.kind, a.effective.isoformat()
    (<ActionKind.DESIGNATE: 'designate'>, '2024-12-19T00:00:00+09:00')
    """

    id: str = attrs.field(converter=_to_id)
    kind: ActionKind = attrs.field(converter=_to_action_kind)
    list: str = attrs.field(converter=_to_id)
    entities: tuple[str, ...] = attrs.field(converter=_to_ids)
    effective: Effective = attrs.field(converter=to_effective)
    recorded: date = attrs.field(converter=to_date)
    programs: tuple[str, ...] = attrs.field(default=(), converter=_to_tags)
    removes: tuple[str, ...] = attrs.field(default=(), converter=_to_tags)
    fields: tuple[str, ...] = attrs.field(default=(), converter=_to_tags)
    announced: date | None = attrs.field(default=None, converter=to_opt_date)
    published: date | None = attrs.field(default=None, converter=to_opt_date)
    authority: str | None = attrs.field(default=None, converter=_to_opt_id)
    supersedes: str | None = attrs.field(default=None, converter=_to_opt_id)
    confidence: Confidence | None = attrs.field(
        default=None,
        converter=_to_confidence,
    )
    source: str | None = attrs.field(default=None, converter=_to_opt_text)
    note: str | None = attrs.field(default=None, converter=_to_opt_text)

    def __attrs_post_init__(self) -> None:
        where = f"action {self.id!r}"
        if not self.entities:
            msg = f"{where} names no entity"
            raise InvalidValueError(msg)
        if self.supersedes == self.id:
            msg = f"{where} supersedes itself"
            raise InvalidValueError(msg)
        if self.kind is ActionKind.DESIGNATE:
            if not self.programs:
                msg = f"{where} designates under no program"
                raise InvalidValueError(msg)
            if self.removes:
                msg = f"{where}: only an amend removes programs"
                raise InvalidValueError(msg)
        elif self.kind is ActionKind.AMEND:
            if not self.programs and not self.removes and not self.fields:
                msg = f"{where} amends nothing: give programs to add or remove, or fields"
                raise InvalidValueError(msg)
            both = set(self.programs) & set(self.removes)
            if both:
                msg = f"{where} both adds and removes {sorted(both)}"
                raise InvalidValueError(msg)
        elif self.programs or self.removes:
            msg = f"{where}: a delist ends every program; give none"
            raise InvalidValueError(msg)
        if self.fields and self.kind is not ActionKind.AMEND:
            msg = f"{where}: only an amend changes fields"
            raise InvalidValueError(msg)


def _to_opt_effective(value: object) -> Effective | None:
    return None if value is None else to_effective(value)


@attrs.frozen(kw_only=True)
class Observation:
    """One whole view of a list at one time: a publication read from end to end.

    An observation says the ledger's record of the list is complete from
    ``observed`` on: a party it does not show listed then was not listed.
    Before a list's first observation a "not listed" is not known, and the
    ledger answers UNKNOWN instead (see ``docs/time.md``): for a party it
    does not show, and for one whose actions start later too (an entry date
    says when the current listing began, not that none ended before it).
    A list with no observation at all is taken as complete at every time:
    the ledger holds all of it (a hand-built ledger, the bundled dataset).

    ``observed`` is the time the publication speaks for (valid time: a day,
    read from 00:00 in the list's time zone, or an instant); ``recorded`` the
    day it became known (transaction time): ``Ledger.as_of`` sees only the
    observations recorded by then.  An ROK notice is known on its day of
    issue and speaks for the day it takes effect, which may come later.

    >>> o = Observation(list="us-ofac-sdn", observed="2024-05-02",
    ...                 recorded="2024-05-02", source="sdn-csv-2024-05-02")
    >>> o.observed.isoformat(), o.recorded.isoformat()
    ('2024-05-02', '2024-05-02')
    """

    list: str = attrs.field(converter=_to_id)
    observed: date | datetime = attrs.field(converter=to_day_or_instant)
    recorded: date = attrs.field(converter=to_date)
    source: str | None = attrs.field(default=None, converter=_to_opt_text)


@attrs.frozen(kw_only=True)
class Designation:
    """One episode of one entity on one list under one program (derived).

    It runs from the action that started it to the action that ended it, or
    is open (``end is None``).  ``listed_by`` is the designate action that put
    the entity on the list for the run this episode belongs to, so a program
    added later still says since when the entity is on the list.
    """

    entity: str
    list: str
    program: str
    start: Effective = attrs.field(converter=to_effective)
    started_by: str
    listed_by: str
    end: Effective | None = attrs.field(default=None, converter=_to_opt_effective)
    ended_by: str | None = None

    @property
    def is_open(self) -> bool:
        """Whether no action has ended the episode."""
        return self.ended_by is None


@attrs.frozen(kw_only=True)
class Link:
    """A judgement that two entities are the same party (``same``) or not.

    ``evidence`` says why; ``score`` is the matcher's confidence, where a
    matcher proposed it.
    """

    left: str = attrs.field(converter=_to_id)
    right: str = attrs.field(converter=_to_id)
    same: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    score: float | None = attrs.field(default=None, converter=_to_opt_score)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_to_texts)
    source: str | None = attrs.field(default=None, converter=_to_opt_text)

    def __attrs_post_init__(self) -> None:
        if self.left == self.right:
            msg = f"a link joins two different entities, got {self.left!r} twice"
            raise InvalidValueError(msg)

    def other(self, entity_id: str) -> str:
        """The entity at the other end of the link from ``entity_id``."""
        return self.right if entity_id == self.left else self.left


# -- trusted construction (private) -------------------------------------------------
#
# The validating constructors above check and convert every field of every
# record.  A reader that has already checked the source text and produced the
# exact stored forms (non-empty ``str``, ``tuple``, enum members,
# ``PartialDate``, nested records) would pay for that check a second time on
# each of tens of thousands of records: about half the time of reading an
# OFAC CSV set went there.  ``_trusted`` gives such readers a constructor that
# stores the values as given.  It is private: only code that guarantees the
# stored forms may use it, and the records it makes are equal (``==``, same
# hash) to those of the validated path for the same values.

_UNSET: object = object()
_TRUSTED: dict[tuple[type, bool], Callable[..., object]] = {}


def _trusted(cls: type[_T]) -> Callable[..., _T]:
    """A keyword-only constructor of the attrs class ``cls`` that runs no converter.

    Defaults and ``attrs.Factory`` defaults (``Name.script``, detected from
    the text) are filled as the validated ``__init__`` fills them; converters,
    validators and ``__attrs_post_init__`` do not run.  Every value given must
    already be of the form the converter would return for it.

    >>> _trusted(Name)(text="리봉춘") == Name(text="리봉춘")
    True
    """
    return _make_trusted(cls, positional=False)


def _trusted_positional(cls: type[_T]) -> Callable[..., _T]:
    """As :func:`_trusted`, but taking every field, positionally, in the order of the class.

    For the hottest paths only (a reader making an entity of sixteen fields
    for each of tens of thousands of rows): passing sixteen keywords costs
    about half as much again as the call itself.  No field has a default, so
    a field added to or removed from the class breaks every caller at once;
    callers pass the fields in the order the class declares them.

    >>> _trusted_positional(Name)("RI", NameKind.AKA, "Latn", None) == Name(text="RI", kind="aka")
    True
    """
    return _make_trusted(cls, positional=True)


def _make_trusted(cls: type[_T], *, positional: bool) -> Callable[..., _T]:
    """The constructor :func:`_trusted` (or :func:`_trusted_positional`) gives, made once."""
    made = _TRUSTED.get((cls, positional))
    if made is not None:
        return made  # type: ignore[return-value]
    if "__slots__" not in cls.__dict__ or not attrs.has(cls):
        msg = f"{cls.__name__} is not a slotted attrs class"
        raise TypeError(msg)
    ns: dict[str, object] = {"_new": object.__new__, "_cls": cls, "_UNSET": _UNSET}
    params: list[str] = []
    body: list[str] = []
    for field in attrs.fields(cls):
        name = field.name
        ns[f"_set_{name}"] = cls.__dict__[name].__set__
        default = field.default
        if default is attrs.NOTHING or positional:
            params.append(name)
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            ns[f"_factory_{name}"] = default.factory
            params.append(f"{name}=_UNSET")
            arg = "self" if default.takes_self else ""
            body.append(f"    if {name} is _UNSET:\n        {name} = _factory_{name}({arg})")
        else:
            ns[f"_default_{name}"] = default
            params.append(f"{name}=_default_{name}")
        body.append(f"    _set_{name}(self, {name})")
    star = "" if positional else "*, "
    source = (
        f"def _make({star}{', '.join(params)}):\n"
        "    self = _new(_cls)\n" + "\n".join(body) + "\n    return self\n"
    )
    # Generated like attrs' own __init__: one straight-line function per class.
    kind = "positional" if positional else "trusted"
    exec(compile(source, f"<{kind} {cls.__qualname__}>", "exec"), ns)  # noqa: S102
    maker: Callable[..., _T] = ns["_make"]  # type: ignore[assignment]
    _TRUSTED[cls, positional] = maker
    return maker
