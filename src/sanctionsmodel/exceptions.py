"""Every exception that sanctionsmodel raises on purpose.

All of them derive from :class:`SanctionsModelError`, so ``except
sanctionsmodel.exceptions.SanctionsModelError`` catches anything the library
refuses.  Where Python has a fitting built-in category (``ValueError``,
``LookupError``) the exception derives from it too, so callers that already
catch those keep working.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousEntityError",
    "DeserializationError",
    "DuplicateIdError",
    "InvalidValueError",
    "LedgerError",
    "ListingConflictError",
    "NaiveDatetimeError",
    "SanctionsModelError",
    "SourceError",
    "TruncatedPublicationError",
    "UnknownEntityError",
    "UnknownReferenceError",
]


class SanctionsModelError(Exception):
    """Base class of every error raised by sanctionsmodel."""


class InvalidValueError(SanctionsModelError, ValueError):
    """A value does not fit the field it was given for.

    Raised by the model's converters and validators, for example a month of
    ``13`` in a partial date or an empty entity id.
    """


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an instant is needed.

    A naive datetime is ambiguous between the US and ROK time zones, so it is
    refused rather than guessed.
    """


class LedgerError(SanctionsModelError):
    """An action or object cannot be added to a ledger.

    Attributes:
        action_id: The id of the offending action, where there is one.
    """

    def __init__(self, message: str, *, action_id: str | None = None) -> None:
        super().__init__(message)
        self.action_id = action_id


class DuplicateIdError(LedgerError):
    """An id is already taken by another object of the same kind."""


class UnknownReferenceError(LedgerError, LookupError):
    """An action or link names a list, program, entity or action the ledger lacks."""


class ListingConflictError(LedgerError):
    """An action contradicts the listing state it meets.

    For example delisting an entity that is not listed then, designating one
    that is already listed, or amending away a program it is not under.
    """


class UnknownEntityError(SanctionsModelError, LookupError):
    """No entity matches the reference (an id or an exact normalized name).

    Attributes:
        ref: The reference that was looked up.
        candidates: Entity ids of the closest names, best first (may be empty).
    """

    def __init__(self, ref: str, candidates: Sequence[str] = ()) -> None:
        self.ref = ref
        self.candidates = tuple(candidates)
        message = f"no entity matches {ref!r}"
        if self.candidates:
            message += "; closest: " + ", ".join(self.candidates)
        super().__init__(message)


class AmbiguousEntityError(SanctionsModelError, LookupError):
    """A name matches more than one entity.

    Attributes:
        ref: The reference that was looked up.
        candidates: Ids of every matching entity.
    """

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        self.ref = ref
        self.candidates = tuple(candidates)
        super().__init__(
            f"{ref!r} matches {len(self.candidates)} entities: " + ", ".join(self.candidates)
        )


class DeserializationError(SanctionsModelError, ValueError):
    """Serialized data does not describe a valid object.

    Attributes:
        errors: One message per problem, each ending in the JSON path of the
            offending value, for example
            ``invalid value for type, expected date @ $.effective``.
    """

    def __init__(self, errors: Sequence[str], *, where: str = "") -> None:
        self.errors = tuple(errors)
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(self.errors))


class SourceError(SanctionsModelError, ValueError):
    """A source file cannot be read into the model.

    Attributes:
        path: The file (or file and member) the problem is in.
        line: The 1-based line number, or ``None`` where it does not apply.
        field: The field, column or XML path, or ``None``.
        reason: What was expected and what was found.
    """

    def __init__(
        self,
        reason: str,
        *,
        path: str,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason
        where = path
        if line is not None:
            where += f":{line}"
        if field:
            where += f" [{field}]"
        super().__init__(f"{where}: {reason}")


class TruncatedPublicationError(SourceError):
    """A publication is empty, short or truncated and was refused."""
