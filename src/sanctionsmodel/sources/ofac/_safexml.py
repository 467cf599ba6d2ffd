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


def iterparse(path: Path) -> Iterator[tuple[str, ET.Element]]:
    """Yield ``(event, element)`` pairs (start and end) of a file, streaming, once checked safe.

    Raises:
        SourceError: For a DTD or malformed XML (with the line).
        TruncatedPublicationError: For an empty file or one that ends early.
    """
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    where = str(path)
    with path.open("rb") as fh:
        head = fh.read(_CHUNK)
        if not head.strip():
            raise TruncatedPublicationError("the file is empty", path=where)
        while _ROOT_RE.search(head) is None and len(head) < _MAX_PROLOG:
            more = fh.read(_CHUNK)
            if not more:
                break
            head += more
        _check_prolog(head, path)
        chunk = head
        try:
            while chunk:
                # Fed in small pieces: the events of a piece, and the elements
                # they hold, are handled while they are still in the CPU's cache.
                for start in range(0, len(chunk), _FEED):
                    parser.feed(chunk[start : start + _FEED])
                    # Only start and end events are asked for: (event, Element).
                    yield from parser.read_events()  # type: ignore[misc]
                chunk = fh.read(_CHUNK)
            parser.close()
            yield from parser.read_events()  # type: ignore[misc]
        except ET.ParseError as exc:
            line, _column = exc.position
            text = str(exc)
            if "no element found" in text or "unclosed token" in text:
                msg = f"the XML ends early ({text}): the file is truncated"
                raise TruncatedPublicationError(msg, path=where, line=line) from None
            msg = f"malformed XML: {text}"
            raise SourceError(msg, path=where, line=line) from None
