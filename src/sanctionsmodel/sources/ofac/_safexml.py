"""Streaming XML that allows no DTD, hence no entity expansion and no network access.

OFAC's XML files have no document type declaration.  A DTD is the only way
to declare entities (the billion-laughs bomb) or external entities (XXE: a
local file or a URL), and it can only stand in the prolog, before the root
element.  So the prolog is checked first and any ``<!DOCTYPE`` (or other
``<!`` declaration) refused; the standard library's expat parser then sees
a document in which an entity reference other than the five predefined
ones is a well-formedness error.  expat never opens files or URLs itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError

_CHUNK = 1 << 20
_FEED = 1 << 14
_ROOT_RE = re.compile(rb"<[A-Za-z_]")
_DECL_RE = re.compile(rb"<!(?!--)")
_MAX_PROLOG = 1 << 20


def local(tag: str) -> str:
    """The element name without its namespace."""
    return tag.rpartition("}")[2]


def _check_prolog(head: bytes, path: Path) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("UTF-16 XML is not an OFAC format", path=str(path))
    root = _ROOT_RE.search(head)
    prolog = head if root is None else head[: root.start()]
    # Drop comments and processing instructions: a "<!" inside them is text.
    prolog = re.sub(rb"<!--.*?-->|<\?.*?\?>", b"", prolog, flags=re.DOTALL)
    if _DECL_RE.search(prolog):
        raise SourceError(
            "the XML has a document type declaration (DTD); it is refused: it can "
            "declare entities (entity expansion) or load external resources",
            path=str(path),
            field="<!DOCTYPE>",
        )


def _head(path: Path) -> bytes:
    """The start of the file, through the root element's start, checked safe.

    Raises:
        SourceError: For a DTD or UTF-16 text.
        TruncatedPublicationError: For an empty file.
    """
    with path.open("rb") as fh:
        head = fh.read(_CHUNK)
        if not head.strip():
            raise TruncatedPublicationError("the file is empty", path=str(path))
        while _ROOT_RE.search(head) is None and len(head) < _MAX_PROLOG:
            more = fh.read(_CHUNK)
            if not more:
                break
            head += more
    _check_prolog(head, path)
    return head


def _elements(parser: ET.XMLPullParser[ET.Element]) -> Iterator[tuple[str, ET.Element]]:
    """The parser's events: ``(event, element)``, as only start or end events are asked for."""
    return cast("Iterator[tuple[str, ET.Element]]", parser.read_events())


def _root_tag(head: bytes, path: Path) -> str:
    """The root element's tag (``{namespace}name``), parsed from the start of the file."""
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    try:
        # The root's start tag is short: feed until its start event comes.
        for start in range(0, len(head), 256):
            parser.feed(head[start : start + 256])
            for _event, elem in _elements(parser):
                return elem.tag
    except ET.ParseError as exc:
        msg = f"malformed XML: {exc}"
        raise SourceError(msg, path=str(path), line=exc.position[0]) from None
    raise TruncatedPublicationError("the XML has no root element", path=str(path))


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
    head = _head(path)
    tag = _root_tag(head, path)
    if local(tag) != root:
        msg = f"expected the root {root}, got {local(tag)}"
        raise SourceError(msg, path=str(path))
    return tag[: tag.find("}") + 1], _ends(path, head)


def _ends(path: Path, head: bytes) -> Iterator[ET.Element]:
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("end",))
    where = str(path)
    with path.open("rb") as fh:
        fh.seek(len(head))
        chunk = head
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
