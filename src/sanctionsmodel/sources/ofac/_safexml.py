"""Streaming XML that allows no DTD, hence no entity expansion and no network access.

OFAC's XML files have no document type declaration.  A DTD is the only way
to declare entities (the billion-laughs bomb) or external entities (XXE: a
local file or a URL), and it can only stand before the root element.  So a
first parser reads the file up to the root element's start, in small pieces,
and stops at once (pyexpat stops the parser when a handler raises),
refusing the file, if expat reports the start of a document type
declaration; no regular expression guesses where the prolog
ends, so a comment or processing instruction cannot hide one.  The parser
that then streams the file sees a document in which an entity reference
other than the five predefined ones is a well-formedness error.  expat
never opens files or URLs itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Self, cast
from xml.parsers import expat

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


def _on_doctype(*_args: object) -> None:
    # expat reports the start of <!DOCTYPE before its internal subset is read;
    # a handler that raises makes pyexpat stop the parser there, before any
    # entity is declared or expanded.
    raise _Doctype


def _on_start(name: str, _attrs: object) -> None:
    raise _Root(name)


def _probe(fh: BinaryIO, where: str) -> tuple[str, bytes]:
    """Read a file up to its root element's start, refusing a DTD before it.

    Returns:
        The root element's tag (``{namespace}name``) and the bytes read.

    Raises:
        SourceError: For a document type declaration or malformed XML.
        TruncatedPublicationError: For an empty file, or one without a root.
    """
    # The low-level expat parser, not ElementTree's: pyexpat stops at once
    # when a handler raises, where ElementTree's C parser reads on to the end
    # of the piece fed, entity declarations included.
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _on_doctype
    parser.StartElementHandler = _on_start
    pieces: list[bytes] = []
    read = 0
    try:
        while piece := fh.read(_PROBE):
            pieces.append(piece)
            read += len(piece)
            parser.Parse(piece, False)  # noqa: FBT003 - isfinal, positional only
            if read >= _MAX_PROLOG:
                msg = f"no root element in the first {_MAX_PROLOG:,} bytes"
                raise SourceError(msg, path=where)
    except _Root as found:
        name = str(found.args[0])
        # pyexpat writes "uri}name"; ElementTree, and the stream, "{uri}name".
        return ("{" + name if "}" in name else name), b"".join(pieces)
    except _Doctype:
        raise SourceError(
            "the XML has a document type declaration (DTD); it is refused: it can "
            "declare entities (entity expansion) or load external resources",
            path=where,
            field="<!DOCTYPE>",
        ) from None
    except expat.ExpatError as exc:
        if not b"".join(pieces).strip():
            raise TruncatedPublicationError("the file is empty", path=where) from None
        msg = f"malformed XML: {expat.ErrorString(exc.code)}"
        raise SourceError(msg, path=where, line=exc.lineno) from None
    if not b"".join(pieces).strip():
        raise TruncatedPublicationError("the file is empty", path=where)
    raise TruncatedPublicationError("the XML has no root element", path=where)


def _elements(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    """The parser's events: ``(event, element)``, as only end events are asked for."""
    return cast("Iterator[tuple[str, ET.Element]]", parser.read_events())


def stream(path: Path, root: str) -> tuple[str, Elements]:
    """Check a file safe and its root element, then stream the elements as they end.

    Only end events are parsed out (an element is complete when it ends), so
    the stream costs half of what start and end events would.

    Args:
        path: The XML file.
        root: The root element's expected name, without namespace.

    Returns:
        The namespace prefix of the root's tag (``{uri}``, or ``""``), and
        the elements in the order they end, the root last (use it in a
        ``with`` block: it holds the file open).

    Raises:
        SourceError: For a DTD, another root, or malformed XML (with the
            line; raised while iterating where it comes later in the file).
        TruncatedPublicationError: For an empty file or one that ends early.
    """
    where = str(path)
    fh = path.open("rb")
    try:
        tag, head = _probe(fh, where)
    except BaseException:
        fh.close()
        raise
    if local(tag) != root:
        fh.close()
        msg = f"expected the root {root}, got {local(tag)}"
        raise SourceError(msg, path=where)
    # The stream parses the very bytes the probe checked, then reads on.
    return tag[: tag.find("}") + 1], Elements(fh, _ends(fh, head, where))


class Elements:
    """The elements of a file as they end; :meth:`close` (or ``with``) closes the file."""

    def __init__(self, fh: BinaryIO, elements: Iterator[ET.Element]) -> None:
        self._fh = fh
        self._elements = elements

    def __iter__(self) -> Iterator[ET.Element]:
        return self._elements

    def close(self) -> None:
        """Stop the stream and close the file, whether or not it was read through."""
        close = getattr(self._elements, "close", None)
        if close is not None:
            close()
        self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def without_end_byte(tail: bytes) -> bytes:
    """The file's last bytes without the DOS end-of-file byte 0x1A some OFAC files end with."""
    stripped = tail.rstrip(b" \t\r\n")
    return stripped.rstrip(b"\x1a") if stripped.endswith(b"\x1a") else tail


def _ends(fh: BinaryIO, head: bytes, where: str) -> Iterator[ET.Element]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    with fh:  # closed when the stream ends or is closed
        chunk, following = head, fh.read(_CHUNK)
        try:
            while chunk:
                if not following:
                    chunk = without_end_byte(chunk)
                # Fed in small pieces: the events of a piece, and the elements
                # they hold, are handled while they are still in the CPU's cache.
                for start in range(0, len(chunk), _FEED):
                    parser.feed(chunk[start : start + _FEED])
                    for _event, elem in _elements(parser):
                        yield elem
                chunk, following = following, (fh.read(_CHUNK) if following else b"")
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
