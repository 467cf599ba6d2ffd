"""Propose links between the entities of two lists, each with a score and its evidence.

Strong identifiers decide first (passport, tax ID, SWIFT/BIC, IMO, UN
reference).  Otherwise names are searched across scripts and romanizations,
and a name match is accepted only where nothing contradicts it: the kinds
agree, dates of birth and nationalities do not conflict, the Korean surname
is the same, the given-name syllables come in the same order, and the match
is unambiguous.  A fuzzy match alone is never accepted.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from sanctionsmodel._model import Entity, EntityKind, Link, Name
from sanctionsmodel._time import PartialDate
from sanctionsmodel.names._normalize import name_orders, normalize
from sanctionsmodel.names._phonetic import phonetic_words
from sanctionsmodel.names._search import MatchMethod, NameIndex, SearchMatch

#: Identifier schemes that identify a party across sources.
STRONG_SCHEMES = frozenset(
    {"passport", "tax-id", "swift-bic", "imo", "un-ref", "national-id", "registration", "lei"}
)
#: The ``source`` of every link this module proposes.
LINKER_SOURCE = "sanctionsmodel.names.propose_links"

_ACCEPT_NAME = 0.93
_REVIEW_NAME = 0.8
_COUNTRY_ALIASES = {
    "korea, north": "kp",
    "north korea": "kp",
    "dprk": "kp",
    "democratic people's republic of korea": "kp",
    "korea, south": "kr",
    "south korea": "kr",
    "republic of korea": "kr",
    "russia": "ru",
    "russian federation": "ru",
    "slovakia": "sk",
    "slovak republic": "sk",
    "czechia": "cz",
    "czech republic": "cz",
    "china": "cn",
    "people's republic of china": "cn",
    "syria": "sy",
    "syrian arab republic": "sy",
    "iran": "ir",
    "islamic republic of iran": "ir",
    "belarus": "by",
    "republic of belarus": "by",
}


class LinkDecision(enum.Enum):
    """What to do with a proposal."""

    #: The same party: store as ``Link(same=True)``.
    ACCEPT = "accept"
    #: Not the same party, though the names are alike: store as ``Link(same=False)``.
    REJECT = "reject"
    #: Alike, but the evidence does not settle it: for a person to judge.
    REVIEW = "review"


@attrs.frozen(kw_only=True)
class LinkProposal:
    """A proposed judgement about two entities of different lists.

    Attributes:
        link: The link to store: ``same`` is False for a rejection; ``score``
            and ``evidence`` say why.
        decision: Accept, reject or leave for review.
        left_name: The name of the left entity that matched, if a name did.
        right_name: The name of the right entity that matched, if a name did.
    """

    link: Link
    decision: LinkDecision
    left_name: Name | None = None
    right_name: Name | None = None


def _country(value: str) -> str:
    key = normalize(value).replace(" ", "")
    for alias, code in _COUNTRY_ALIASES.items():
        if normalize(alias).replace(" ", "") == key:
            return code
    return key


def _countries(entity: Entity) -> set[str]:
    return {_country(c) for c in (*entity.nationalities, *entity.citizenships) if c.strip()}


def _overlap(a: PartialDate, b: PartialDate) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _strong_ids(entity: Entity) -> set[tuple[str, str]]:
    return {
        (i.scheme, normalize(i.value).replace(" ", ""))
        for i in entity.identifiers
        if i.scheme in STRONG_SCHEMES
    }


def _structure(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A Korean-style name as (surname key, given syllable keys), surname first; else None."""
    orders = name_orders(text)
    if not orders:
        return None
    words = phonetic_words(orders[0])
    if len(words) < 2:  # noqa: PLR2004 - a surname and at least one given syllable
        return None
    return words[0], words[1:]


def _person_conflict(left: Name, right: Name) -> str | None:
    """Why two personal names that matched loosely are not the same, if the parts say so."""
    a, b = _structure(left.text), _structure(right.text)
    if a is None or b is None:
        return None
    given_a, given_b = "".join(a[1]), "".join(b[1])
    if a[0] == b[0] and given_a != given_b and sorted(a[1]) == sorted(b[1]):
        return f"given-name syllables in a different order ({left.text!r} vs {right.text!r})"
    if a[0] != b[0]:
        return f"surnames differ ({left.text!r} vs {right.text!r})"
    return None


@attrs.frozen(kw_only=True)
class _Candidate:
    left: Entity
    match: SearchMatch
    right_name: Name


def _judge(
    right: Entity, cand: _Candidate, *, rivals: int
) -> tuple[LinkDecision, float, list[str]] | None:
    left, match = cand.left, cand.match
    evidence = [
        f"name {cand.right_name.text!r} ~ {match.name.text!r} ({match.how}, {match.score:.2f})"
    ]
    score = match.score
    conflicts: list[str] = []
    if left.kind is not right.kind:
        return None
    dob_agrees = False
    if left.birth_dates and right.birth_dates:
        if any(_overlap(a, b) for a in left.birth_dates for b in right.birth_dates):
            dob_agrees = True
            evidence.append("date of birth agrees")
        else:
            conflicts.append("dates of birth differ")
    lc, rc = _countries(left), _countries(right)
    if lc and rc:
        if lc & rc:
            evidence.append(f"nationality agrees ({', '.join(sorted(lc & rc))})")
        else:
            conflicts.append(f"nationalities differ ({sorted(lc)} vs {sorted(rc)})")
    loose = match.method[-1] not in {
        MatchMethod.EXACT,
        MatchMethod.SPACING,
        MatchMethod.LEGAL_FORM,
    }
    if right.kind is EntityKind.INDIVIDUAL and (loose or MatchMethod.NAME_ORDER in match.method):
        conflict = _person_conflict(match.name, cand.right_name)
        if conflict:
            conflicts.append(conflict)
    if conflicts:
        return LinkDecision.REJECT, score, evidence + conflicts
    if dob_agrees:
        score = min(1.0, score + 0.05)
    if score >= _ACCEPT_NAME and MatchMethod.FUZZY not in match.method:
        if rivals > 1 and not dob_agrees:
            evidence.append(f"{rivals} entities match this name equally well")
            return LinkDecision.REVIEW, score, evidence
        return LinkDecision.ACCEPT, score, evidence
    if dob_agrees and score >= _ACCEPT_NAME:
        evidence.append("a fuzzy name match, with the date of birth agreeing")
        return LinkDecision.ACCEPT, score, evidence
    return LinkDecision.REVIEW, score, evidence


def propose_links(
    left: Iterable[Entity],
    right: Iterable[Entity],
    *,
    index: NameIndex | None = None,
    min_score: float = _REVIEW_NAME,
) -> tuple[LinkProposal, ...]:
    """Propose links between the entities of ``left`` and those of ``right``.

    Each proposal joins one left entity (``link.left``) to one right entity
    (``link.right``).  For every right entity: a shared strong identifier is
    accepted outright; otherwise each of its names is searched among the
    left names, and each left entity met scoring at least ``min_score`` is
    judged (see the module docstring).

    Args:
        left: Entities of one list (for example OFAC's).
        right: Entities of another (for example the FSC annex).
        index: A prebuilt :class:`NameIndex` of ``left``, to save building it.
        min_score: Name matches below this are not proposed at all.

    Returns:
        The proposals, ordered by right entity, then decision, then score.

    >>> from sanctionsmodel import Entity, Name
    >>> ofac = [Entity(id="us-ofac:52113", kind="individual", names=[Name(text="IM, Song Jin")]),
    ...         Entity(id="us-ofac:52117", kind="individual", names=[Name(text="PAK, Jong Chon")])]
    >>> rok = [Entity(id="kr-fsc:KF-575", kind="individual", names=[Name(text="박정천")]),
    ...        Entity(id="kr-fsc:KF-877", kind="individual", names=[Name(text="리성진")])]
    >>> [(p.link.left, p.link.right, p.decision.value) for p in propose_links(ofac, rok)]
    [('us-ofac:52117', 'kr-fsc:KF-575', 'accept'), ('us-ofac:52113', 'kr-fsc:KF-877', 'reject')]
    """
    lefts = {e.id: e for e in left}
    if index is None:
        index = NameIndex.build(lefts.values())
    by_id: dict[tuple[str, str], set[str]] = {}
    for entity in lefts.values():
        for key in _strong_ids(entity):
            by_id.setdefault(key, set()).add(entity.id)
    proposals: list[LinkProposal] = []
    for entity in right:
        proposals.extend(_for_one(entity, lefts, index, by_id, min_score))
    return tuple(proposals)


def _for_one(
    entity: Entity,
    lefts: dict[str, Entity],
    index: NameIndex,
    by_id: dict[tuple[str, str], set[str]],
    min_score: float,
) -> list[LinkProposal]:
    out: list[LinkProposal] = []
    done: set[str] = set()
    for key in sorted(_strong_ids(entity)):
        for left_id in sorted(by_id.get(key, ())):
            if left_id in done or lefts[left_id].kind is not entity.kind:
                continue
            done.add(left_id)
            link = Link(
                left=left_id,
                right=entity.id,
                score=0.99,
                evidence=[f"same {key[0]} {key[1]}"],
                source=LINKER_SOURCE,
            )
            out.append(LinkProposal(link=link, decision=LinkDecision.ACCEPT))
    best: dict[str, _Candidate] = {}
    support: dict[str, int] = {}
    for name in entity.names:
        for match in index.search(
            name.text,
            limit=20,
            min_score=min_score,
            restrict_to=lambda i: i in lefts and lefts[i].kind is entity.kind,
        ):
            if match.score >= _ACCEPT_NAME and MatchMethod.FUZZY not in match.method:
                support[match.entity_id] = support.get(match.entity_id, 0) + 1
            current = best.get(match.entity_id)
            if current is None or match.score > current.match.score:
                best[match.entity_id] = _Candidate(
                    left=lefts[match.entity_id], match=match, right_name=name
                )

    def rank(cand: _Candidate) -> tuple[float, int]:
        return round(cand.match.score, 4), support.get(cand.left.id, 0)

    top = max((rank(c) for c in best.values()), default=(0.0, 0))
    rivals = sum(1 for c in best.values() if rank(c) == top)
    judged: list[tuple[LinkDecision, float, list[str], _Candidate]] = []
    for cand in best.values():
        if cand.left.id in done:
            continue
        verdict = _judge(entity, cand, rivals=rivals if rank(cand) == top else 1)
        if verdict is not None:
            if support.get(cand.left.id, 0) > 1:
                verdict[2].append(f"{support[cand.left.id]} names match")
            judged.append((*verdict, cand))
    _demote_runners_up(judged)
    order = {LinkDecision.ACCEPT: 0, LinkDecision.REVIEW: 1, LinkDecision.REJECT: 2}
    judged.sort(key=lambda j: (order[j[0]], -j[1], j[3].left.id))
    for decision, score, evidence, cand in judged:
        link = Link(
            left=cand.left.id,
            right=entity.id,
            same=decision is not LinkDecision.REJECT,
            score=round(score, 4),
            evidence=evidence,
            source=LINKER_SOURCE,
        )
        out.append(
            LinkProposal(
                link=link, decision=decision, left_name=cand.match.name, right_name=cand.right_name
            )
        )
    return out


def _demote_runners_up(judged: list[tuple[LinkDecision, float, list[str], _Candidate]]) -> None:
    """Keep at most one accepted link per right entity: the best; demote the rest to review."""
    accepted = [j for j in judged if j[0] is LinkDecision.ACCEPT]
    if len(accepted) <= 1:
        return
    accepted.sort(key=lambda j: (-j[1], -len(j[2])))
    demote = accepted[1:]
    for item in demote:
        position = judged.index(item)
        note = [*item[2], "another entity matches as well"]
        judged[position] = (LinkDecision.REVIEW, item[1], note, item[3])


def decisions(proposals: Sequence[LinkProposal], decision: LinkDecision) -> tuple[Link, ...]:
    """The links of the proposals with one decision.

    Args:
        proposals: As :func:`propose_links` returns them.
        decision: The decision to keep.

    Returns:
        Their links.
    """
    return tuple(p.link for p in proposals if p.decision is decision)
