"""Streaming XML that allows no DTD, hence no entity expansion and no network access.

OFAC's XML files have no document type declaration.  A DTD is the only way
to declare entities (the billion-laughs bomb) or external entities (XXE: a
local file or a URL), and it can only stand before the root element.  So a
first parser reads the file up to the root element's start, in small pieces,
and stops at once, refusing the file, if expat reports the start of a
document type declaration; no regular expression guesses where the prolog
ends, so a comment or processing instruction cannot hide one.  The parser
that then streams the file sees a document in which an entity reference
other than the five predefined ones is a well-formedness error.  expat
never opens files or URLs itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError

_CHUNK = 1 << 20
_FEED = 1 << 14
#: Pieces the probe reads.
_PROBE = 1 << 12
#: A file whose root element does not start within this many bytes is refused.
_MAX_PROLOG = 1 << 24


def local(tag: str) -> str:
    """The element name without its namespace."""
    return tag.rpartition("}")[2]


class _Doctype(Exception):  # noqa: N818 - a signal, not an error
    """Raised by the probe to stop expat at a document type declaration."""


class _Root(Exception):  # noqa: N818 - a signal, not an error
    """Raised by the probe to stop expat at the root element's start."""


class _Probe:
    """A parser target that stops the parser at the root element or at a DTD."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:  # noqa: ARG002 - target API
        raise _Root(tag)

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:  # noqa: ARG002
        # expat calls this at the start of <!DOCTYPE, before its internal subset
        # is read; the exception stops expat there, before any entity is declared.
        raise _Doctype


def _root_tag(path: Path) -> str:
    """The root element's tag (``{namespace}name``), once the file before it is found safe.

    Raises:
        SourceError: For a document type declaration or malformed XML.
        TruncatedPublicationError: For an empty file, or one without a root.
    """
    where = str(path)
    parser = ET.XMLParser(target=_Probe())  # noqa: S314 - stopped at the root or a DTD
    read = 0
    with path.open("rb") as fh:
        piece = fh.read(_PROBE)
        if not piece.strip():
            raise TruncatedPublicationError("the file is empty", path=where)
        try:
            while piece:
                parser.feed(piece)
                read += len(piece)
                if read >= _MAX_PROLOG:
                    msg = f"no root element in the first {_MAX_PROLOG:,} bytes"
                    raise SourceError(msg, path=where)
                piece = fh.read(_PROBE)
        except _Root as found:
            return str(found.args[0])
        except _Doctype:
            raise SourceError(
                "the XML has a document type declaration (DTD); it is refused: it can "
                "declare entities (entity expansion) or load external resources",
                path=where,
                field="<!DOCTYPE>",
            ) from None
        except ET.ParseError as exc:
            msg = f"malformed XML: {exc}"
            raise SourceError(msg, path=where, line=exc.position[0]) from None
    raise TruncatedPublicationError("the XML has no root element", path=where)


def _elements(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    """The parser's events: ``(event, element)``, as only end events are asked for."""
    return cast("Iterator[tuple[str, ET.Element]]", parser.read_events())


def stream(path: Path, root: str) -> tuple[str, Iterator[ET.Element]]:
    """Check a file safe and its root element, then stream the elements as they end.

    Only end events are parsed out (an element is complete when it ends), so
    the stream costs half of what start and end events would.

    Args:
        path: The XML file.
        root: The root element's expected name, without namespace.

    Returns:
        The namespace prefix of the root's tag (``{uri}``, or ``""``), and an
        iterator of the elements in the order they end, the root last.

    Raises:
        SourceError: For a DTD, another root, or malformed XML (with the
            line; raised while iterating where it comes later in the file).
        TruncatedPublicationError: For an empty file or one that ends early.
    """
    tag = _root_tag(path)
    if local(tag) != root:
        msg = f"expected the root {root}, got {local(tag)}"
        raise SourceError(msg, path=str(path))
    return tag[: tag.find("}") + 1], _ends(path)


def _ends(path: Path) -> Iterator[ET.Element]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    where = str(path)
    with path.open("rb") as fh:
        chunk = fh.read(_CHUNK)
        try:
            while chunk:
                # Fed in small pieces: the events of a piece, and the elements
                # they hold, are handled while they are still in the CPU's cache.
                for start in range(0, len(chunk), _FEED):
                    parser.feed(chunk[start : start + _FEED])
                    for _event, elem in _elements(parser):
                        yield elem
                chunk = fh.read(_CHUNK)
            parser.close()
            for _event, elem in _elements(parser):
                yield elem
        except ET.ParseError as exc:
            line, _column = exc.position
            text = str(exc)
            if "no element found" in text or "unclosed token" in text:
                msg = f"the XML ends early ({text}): the file is truncated"
                raise TruncatedPublicationError(msg, path=where, line=line) from None
            msg = f"malformed XML: {text}"
            raise SourceError(msg, path=where, line=line) from None
