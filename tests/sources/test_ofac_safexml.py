"""XML safety: no DTD, no entity expansion, no external entities."""

from __future__ import annotations

import importlib
import io
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources.ofac import _safexml, read

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE sdnList [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sdnList><sdnEntry><uid>1</uid><lastName>&lol9;</lastName><sdnType>Entity</sdnType>
<programList><program>SDGT</program></programList></sdnEntry></sdnList>
"""

XXE = """<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE sdnList [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&secret;</lastName><sdnType>Entity</sdnType>
<programList><program>SDGT</program></programList></sdnEntry></sdnList>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Sanctions SYSTEM "http://127.0.0.1:9/evil.dtd">
<Sanctions xmlns="http://www.un.org/sanctions/1.0"></Sanctions>
"""

UNDECLARED = """<?xml version="1.0"?>
<sdnList><sdnEntry><uid>1</uid><lastName>&nope;</lastName><sdnType>Entity</sdnType>
<programList><program>SDGT</program></programList></sdnEntry></sdnList>
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("sdn.xml", BILLION_LAUGHS),
        ("consolidated.xml", XXE),
        ("sdn_advanced.xml", EXTERNAL_DTD),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_dtd_refused(tmp_path, name, text):
    """Any document type declaration is refused before parsing starts."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match="document type declaration") as info:
        read(path)
    assert info.value.field == "<!DOCTYPE>"


def test_undeclared_entity_is_malformed(tmp_path):
    """Without a DTD an entity reference is a well-formedness error, with its line."""
    path = tmp_path / "sdn.xml"
    path.write_text(UNDECLARED, encoding="utf-8")
    with pytest.raises(SourceError, match="malformed XML") as info:
        read(path)
    assert info.value.line == 2


def test_doctype_inside_comment_is_text(tmp_path, data):
    """A `<!DOCTYPE` inside a prolog comment is not a declaration."""
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    head, _, rest = raw.partition(b"?>")
    path = tmp_path / "consolidated.xml"
    path.write_bytes(head + b"?>\n<!-- <!DOCTYPE x> -->" + rest)
    assert len(read(path).entities) == 639


@pytest.mark.parametrize(
    ("name", "expected"),
    [("sdn_advanced.xml", "Sanctions"), ("sdn.xml", "sdnList")],
)
def test_wrong_root_refused_before_streaming(tmp_path, data, name, expected):
    """A file whose root is not the format's is refused from its first bytes, cut or not."""
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    other = raw.replace(b"<sdnList", b"<otherList", 1)
    path = tmp_path / name
    # Cut in the middle: the root is checked before the body is read.
    path.write_bytes((raw if expected == "Sanctions" else other)[: len(raw) // 2])
    with pytest.raises(SourceError, match=f"expected the root {expected}, got ") as info:
        read(path)
    assert info.value.path == str(path)


def test_root_never_starts(tmp_path):
    """A prolog with no element after it is a truncated file."""
    path = tmp_path / "sdn.xml"
    path.write_text('<?xml version="1.0"?>\n<!-- nothing -->\n', encoding="utf-8")
    with pytest.raises(TruncatedPublicationError):
        read(path)


_ENTRY = (
    "<sdnList><sdnEntry><uid>7</uid><lastName>&a;</lastName><sdnType>Entity</sdnType>"
    "<programList><program>SDGT</program></programList></sdnEntry></sdnList>"
)
_DECL = '<!DOCTYPE x [<!ENTITY a "EXPANDED">]>'


@pytest.mark.parametrize(
    "before",
    [
        "<!-- <a -->",  # a comment that looks like an element start
        '<?xml version="1.0"?><?foo <a ?>',  # so does a processing instruction
        "<!--" + "x" * (3 << 20) + "-->",  # a prolog longer than any first read
        "\n\n   ",
    ],
    ids=["comment", "processing-instruction", "long-comment", "blank"],
)
def test_dtd_hidden_behind_prolog_text_refused(tmp_path, before):
    """Whatever stands before it, a DTD is found by the parser itself and refused."""
    path = tmp_path / "sdn.xml"
    path.write_text(before + _DECL + _ENTRY, encoding="utf-8")
    with pytest.raises(SourceError, match="document type declaration") as info:
        read(path)
    assert info.value.field == "<!DOCTYPE>"


def test_root_must_start_early(tmp_path, monkeypatch):
    """A prolog that never ends (a huge comment) is refused, not buffered whole."""
    monkeypatch.setattr(_safexml, "_MAX_PROLOG", 1 << 16)
    path = tmp_path / "sdn.xml"
    path.write_text("<!--" + "x" * (1 << 17) + "-->" + _ENTRY.replace("&a;", "A"), encoding="utf-8")
    with pytest.raises(SourceError, match="no root element in the first"):
        read(path)


def test_probe_stops_at_the_doctype_start(tmp_path):
    """The parser stops where <!DOCTYPE starts: what follows it is never parsed.

    The internal subset here is malformed; a parser that read on would report
    that instead of the DTD.
    """
    path = tmp_path / "sdn.xml"
    path.write_text('<!DOCTYPE x [<!ENTITY a "A"> <!ELEMENT !!!! ]><sdnList/>', encoding="utf-8")
    with pytest.raises(SourceError, match="document type declaration") as info:
        read(path)
    assert info.value.field == "<!DOCTYPE>"


def test_leading_whitespace_is_not_an_empty_file(tmp_path, data):
    """More blank bytes than one read before the root are fine; only a blank file is empty."""
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(b" " * 10_000 + raw[raw.index(b"<sdnList") :])
    assert len(read(path).entities) == 639
    path.write_bytes(b" " * 10_000)
    with pytest.raises(TruncatedPublicationError, match="empty"):
        read(path)


@pytest.mark.parametrize(
    ("folder", "name", "count"),
    [
        ("consolidated-2018", "consolidated.xml", 639),
        ("cons-advanced-2020-03-17", "cons_advanced.xml", 375),
    ],
)
@pytest.mark.parametrize("tail", [b"\x1a", b"\r\n\x1a", b"\x1a\r\n"])
def test_dos_end_byte_after_the_root_is_read(tmp_path, data, folder, name, count, tail):
    """OFAC's 0x1A end byte after an XML file's root is dropped, as in the CSV files."""
    raw = (data / folder / name).read_bytes()
    path = tmp_path / name
    path.write_bytes(raw.rstrip() + tail)
    assert len(read(path).entities) == count


def test_dos_end_byte_elsewhere_is_malformed(tmp_path, data):
    """Only a final 0x1A is OFAC's end byte: one inside the document is malformed XML."""
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    path = tmp_path / "consolidated.xml"
    cut = raw.index(b"</sdnEntry>")
    path.write_bytes(raw[:cut] + b"\x1a" + raw[cut:])
    with pytest.raises(SourceError, match="malformed XML"):
        read(path)


def test_dos_end_byte_of_a_large_file(tmp_path, data, monkeypatch):
    """The end byte is found in the last piece read, however many pieces the file takes."""
    monkeypatch.setattr(_safexml, "_CHUNK", 4096)
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(raw.rstrip() + b"\x1a")
    assert len(read(path).entities) == 639


# -- streaming: which elements come out, and when -----------------------------------

_TREES = st.recursive(
    st.sampled_from(["a", "b", "c"]).map(lambda tag: (tag, [])),
    lambda kids: st.tuples(st.sampled_from(["a", "b", "c"]), st.lists(kids, max_size=4)),
    max_leaves=40,
)


def _xml(tree: tuple[str, list]) -> str:
    tag, kids = tree
    return f"<{tag} n='x'>t{''.join(_xml(k) for k in kids)}</{tag}>"


def _shape(elem: ET.Element) -> tuple[str, dict[str, str], str | None, list]:
    return (elem.tag, elem.attrib, elem.text, [_shape(k) for k in elem])


def _by_end_events(text: str, depth: int) -> list[tuple[int, tuple]]:
    """What the stream must give: the depth and shape of each element to ``depth``, as it ends."""
    out, level = [], -1
    for event, elem in ET.iterparse(io.BytesIO(text.encode()), events=("start", "end")):  # noqa: S314
        if event == "start":
            level += 1
            continue
        if level <= depth:
            out.append((level, _shape(elem)))
        level -= 1
    return out


@settings(max_examples=200, deadline=None)
@given(
    kids=st.lists(_TREES, max_size=6),
    depth=st.integers(min_value=1, max_value=3),
    feed=st.sampled_from([1, 3, 7, 64]),
)
def test_stream_gives_the_upper_elements_as_they_end(tmp_path_factory, kids, depth, feed):
    """Fed in any pieces, the stream gives each element to the depth once, in end order, root last.

    Each is complete when given, its text and all its children read (the
    parser reports no event: the stream finds what is complete itself).
    """
    text = _xml(("root", kids))
    path = tmp_path_factory.mktemp("stream") / "f.xml"
    path.write_text(text, encoding="utf-8")
    got = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_safexml, "_FEED", feed)
        _ns, elements = _safexml.stream(path, "root", depth=depth)
        with elements:
            got = [(elem, _shape(elem)) for elem in elements]
    root = got[-1][0]
    levels = {id(root): 0}
    for parent in root.iter():
        for child in parent:
            levels[id(child)] = levels[id(parent)] + 1
    assert [(levels[id(e)], shape) for e, shape in got] == _by_end_events(text, depth)


def _elementtree_in_python():
    """A fresh ``xml.etree.ElementTree`` without its C accelerator (``_elementtree`` blocked).

    As ``test.support.import_helper.import_fresh_module`` does, which some
    Python installs leave out; the modules in use are restored after.
    """
    names = ("xml.etree.ElementTree", "_elementtree")
    saved = {name: sys.modules.pop(name, None) for name in names}
    sys.modules["_elementtree"] = None  # type: ignore[assignment]  # import of it fails
    try:
        return importlib.import_module("xml.etree.ElementTree")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


@pytest.mark.parametrize(
    ("folder", "name"),
    [("consolidated-2018", "consolidated.xml"), ("cons-advanced-2020-03-17", "cons_advanced.xml")],
)
def test_stream_with_elementtree_in_python_alone(data, monkeypatch, folder, name):
    """ElementTree's pure-Python parser (where its C one is missing) reads the same entities.

    It keeps reporting the events the stream turns off; the stream drops them.
    """
    path = data / folder / name
    expected = read(path)
    pure = _elementtree_in_python()
    assert pure.XMLParser is not ET.XMLParser  # the Python class, not C's
    monkeypatch.setattr(_safexml, "ET", pure)
    assert read(path).entities == expected.entities


@pytest.mark.parametrize("feed", [1 << 14, 256, 7])
def test_a_bad_record_before_malformed_xml_is_reported_first(tmp_path, data, monkeypatch, feed):
    """What is complete before a parse error is read first, however the pieces fall.

    The first entry is bad, and the XML breaks after the second: the first
    problem in the file is reported, as it was when each element came
    through an end event.
    """
    monkeypatch.setattr(_safexml, "_FEED", feed)
    raw = (data / "consolidated-2018" / "consolidated.xml").read_bytes()
    bad = raw.replace(b"<uid>4632</uid>", b"<uid>x4632</uid>", 1)
    second = bad.index(b"</sdnEntry>", bad.index(b"</sdnEntry>") + 1) + len(b"</sdnEntry>")
    path = tmp_path / "consolidated.xml"
    path.write_bytes(bad[:second] + b"<>" + bad[second:])
    with pytest.raises(SourceError, match="expected a number, got 'x4632'") as info:
        read(path)
    assert info.value.field == "sdnList/sdnEntry[1]/uid"
    # With no bad record before it, the parse error itself, with its line.
    broken = raw[:second] + b"<>" + raw[second:]
    path.write_bytes(broken)
    with pytest.raises(SourceError, match="malformed XML") as info:
        read(path)
    with pytest.raises(ET.ParseError) as parsed:
        ET.fromstring(broken)  # noqa: S314 - our own bytes
    assert info.value.line == parsed.value.position[0] > raw[:second].count(b"\n")


@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
@pytest.mark.parametrize("tail", [b"\x1a", b"\x1a\r\n", b"\r\n\x1a\r\n", b"  \n"])
def test_end_byte_and_blanks_split_across_reads(tmp_path, monkeypatch, chunk, tail):
    """The 0x1A end byte is dropped even where a read ends between it and the blanks after it."""
    monkeypatch.setattr(_safexml, "_PROBE", 1)
    monkeypatch.setattr(_safexml, "_CHUNK", chunk)
    path = tmp_path / "f.xml"
    path.write_bytes(b"<root><a>x</a><b/></root>" + tail)
    _ns, elements = _safexml.stream(path, "root")
    with elements:
        assert [e.tag for e in elements] == ["a", "b", "root"]


def test_stream_depth_below_one_refused(tmp_path):
    path = tmp_path / "f.xml"
    path.write_bytes(b"<root/>")
    with pytest.raises(ValueError, match="depth must be 1 or more, got 0"):
        _safexml.stream(path, "root", depth=0)
