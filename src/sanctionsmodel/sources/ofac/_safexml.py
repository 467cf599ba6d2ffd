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
from typing import BinaryIO, Self
from xml.parsers import expat

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError

_CHUNK = 1 << 20
#: What may follow the root: blanks and OFAC's 0x1A end byte.
_TRAILING = b" \t\r\n\x1a"
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


def stream(path: Path, root: str, depth: int = 1) -> tuple[str, Elements]:
    """Check a file safe and its root element, then stream its upper elements as they end.

    The elements down to ``depth`` levels below the root (``1``: the root's
    children; ``2``: theirs too) come out each once it is complete, in the
    order they end, and the root last.  Deeper elements are in the tree of
    the one they belong to, not streamed: the parser reports no event for
    them (see :class:`_Complete`), so an element a reader only reads as part
    of a record costs no step of Python.

    Args:
        path: The XML file.
        root: The root element's expected name, without namespace.
        depth: How many levels below the root are streamed (1 or more).

    Returns:
        The namespace prefix of the root's tag (``{uri}``, or ``""``), and
        the elements in the order they end, the root last (use it in a
        ``with`` block: it holds the file open).

    Raises:
        SourceError: For a DTD, another root, or malformed XML (with the
            line; raised while iterating where it comes later in the file,
            once the elements complete before it are given).
        TruncatedPublicationError: For an empty file or one that ends early.
        ValueError: For a depth below 1.
    """
    if depth < 1:
        msg = f"depth must be 1 or more, got {depth}"
        raise ValueError(msg)
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
    return tag[: tag.find("}") + 1], Elements(fh, _ends(fh, head, where, depth))


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


class _Complete:
    """The elements of a tree the parser is building that are complete, down to a depth.

    The parser adds an element to its parent when the element starts: so
    every element is complete but the last child of each element still
    open, and the open ones are the chain of last children from the root
    down.  This follows that chain, and knows, for each element on it
    down to the depth, how many of its children were given out.
    """

    __slots__ = ("_depth", "_given", "_open")

    def __init__(self, root: ET.Element, depth: int) -> None:
        self._depth = depth
        #: The element followed at each level (the root at 0), and how many
        #: of its children were given out.
        self._open = [root]
        self._given = [0]

    def new(self, out: list[ET.Element]) -> None:
        """Put the elements that are complete and not yet given out in ``out``, in end order."""
        opened, given, depth = self._open, self._given, self._depth
        level = 0
        while True:
            elem = opened[level]
            last = len(elem) - 1  # the last child may still be open
            for index in range(given[level], last):
                child = elem[index]
                if level + 1 < depth:
                    self._rest(child, level + 1, out)
                out.append(child)
            given[level] = max(given[level], last)
            if last < 0 or level + 1 == depth:
                return
            child = elem[last]
            if len(opened) == level + 1 or opened[level + 1] is not child:
                # A new open child: those followed below the old one are done.
                del opened[level + 1 :], given[level + 1 :]
                opened.append(child)
                given.append(0)
            level += 1

    def end(self, out: list[ET.Element]) -> None:
        """Put the rest in ``out``, the root last, once the document has ended."""
        root = self._open[0]
        self._rest(root, 0, out)
        out.append(root)

    def _rest(self, elem: ET.Element, level: int, out: list[ET.Element]) -> None:
        """Put what a complete element at ``level`` holds, to the depth, not yet given out."""
        opened = self._open
        start = self._given[level] if level < len(opened) and opened[level] is elem else 0
        for child in elem[start:]:
            if level + 1 < self._depth:
                self._rest(child, level + 1, out)
            out.append(child)


def _ends(fh: BinaryIO, head: bytes, where: str, depth: int) -> Iterator[ET.Element]:
    # ElementTree's C parser, building the tree (the root found by its one
    # start event), then told to report no event at all: XMLPullParser's own
    # mechanism (XMLParser._setevents, in both of ElementTree's
    # implementations), but with no event, so that no element costs a step of
    # Python on its way; _Complete finds what is complete after each piece.
    parser = ET.XMLParser()  # noqa: S314 - the probe refused any DTD (see the module)
    events: list[tuple[str, ET.Element]] = []
    parser._setevents(events, ("start",))  # type: ignore[attr-defined]  # noqa: SLF001
    complete: _Complete | None = None
    done: list[ET.Element] = []
    error: ET.ParseError | None = None
    with fh:  # closed when the stream ends or is closed
        chunk, following = head, fh.read(_CHUNK)
        try:
            while chunk:
                # Blanks and the end byte after the root go with the piece
                # before them, so the last piece holds them whatever the reads.
                while following and not following.strip(_TRAILING):
                    chunk += following
                    following = fh.read(_CHUNK)
                if not following:
                    chunk = without_end_byte(chunk)
                # Fed in small pieces: the elements of a piece are handled
                # while they are still in the CPU's cache.
                for start in range(0, len(chunk), _FEED):
                    parser.feed(chunk[start : start + _FEED])
                    if complete is None:
                        if not events:
                            continue
                        complete = _Complete(events[0][1], depth)
                        parser._setevents(events, ())  # type: ignore[attr-defined]  # noqa: SLF001
                    # (The pure-Python parser keeps reporting: dropped here.)
                    events.clear()
                    complete.new(done)
                    if done:
                        yield from done
                        done.clear()
                chunk, following = following, (fh.read(_CHUNK) if following else b"")
            parser.close()
        except ET.ParseError as exc:
            error = exc
            if complete is None and events:  # the error is in the piece the root starts in
                complete = _Complete(events[0][1], depth)
    if complete is not None:
        # Before a parse error, what is complete up to it is read: a bad
        # record there comes first in the file, and is reported first.
        (complete.new if error is not None else complete.end)(done)
        yield from done
    if error is not None:
        line, _column = error.position
        text = str(error)
        if "no element found" in text or "unclosed token" in text:
            msg = f"the XML ends early ({text}): the file is truncated"
            raise TruncatedPublicationError(msg, path=where, line=line)
        msg = f"malformed XML: {text}"
        raise SourceError(msg, path=where, line=line)
