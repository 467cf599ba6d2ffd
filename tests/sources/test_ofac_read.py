"""Format recognition: files and folders of every OFAC format."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime

import attrs
import pytest

from sanctionsmodel.exceptions import NaiveDatetimeError, SourceError
from sanctionsmodel.sources.ofac import ListSnapshot, Publication, read, read_all
from sanctionsmodel.sources.ofac._read import TEXT_REMARKS


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("consolidated-2018/consolidated.xml", ("us-ofac-cons", 639)),
        ("consolidated-2018/cons_prim.csv", ("us-ofac-cons", 639)),
        ("cons-advanced-2020-03-17", ("us-ofac-cons", 375)),
        ("cons-csv-2025-12", ("us-ofac-cons", 442)),
        ("sdn-csv-excerpt-2026/sdn_excerpt.csv", ("us-ofac-sdn", 18)),
    ],
)
def test_recognizes_format(data, path, expected):
    """Files and folders of each format are recognized."""
    pub = read(data / path)
    assert (pub.list, len(pub.entities)) == expected


def test_snapshot_is_publication():
    """ListSnapshot is the common Publication class."""
    assert ListSnapshot is Publication


def test_missing_path(tmp_path):
    """A path that does not exist is a SourceError."""
    with pytest.raises(SourceError, match="no such file"):
        read(tmp_path / "nothing")


def test_unknown_xml(tmp_path):
    """An XML file of no OFAC format is refused."""
    path = tmp_path / "other.xml"
    path.write_text("<root/>", encoding="utf-8")
    with pytest.raises(SourceError, match="neither"):
        read(path)


@pytest.mark.parametrize(
    ("path", "primary"),
    [
        ("add-alt-2025-01-06/add.csv", "sdn.csv"),
        ("add-alt-2025-01-06/alt.csv", "sdn.csv"),
        ("add-alt-2025-01-03/sdn_comments.csv", "sdn.csv"),
        ("cons-csv-2025-12/cons_alt.csv", "cons_prim.csv"),
    ],
)
def test_companion_file_alone_refused_with_advice(data, path, primary):
    """A set's companion file names no party: the error says to read the folder instead."""
    with pytest.raises(SourceError, match=f"companion file of a CSV set.*holds {primary}") as info:
        read(data / path)
    assert info.value.path == str(data / path)


def test_xml_by_content(tmp_path, data):
    """An XML file with another name is recognized by its root element."""
    shutil.copy(data / "consolidated-2018" / "consolidated.xml", tmp_path / "export.xml")
    assert read(tmp_path / "export.xml").published.isoformat() == "2018-04-06"


def test_naive_observed_refused(data):
    """A naive observation datetime is refused."""
    with pytest.raises(NaiveDatetimeError):
        read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv", observed=datetime(2026, 1, 1))  # noqa: DTZ001 - the naive datetime is the point


def _csv_rows(path):
    """The non-blank rows of a CSV file, counted apart from the reader."""
    text = path.read_bytes().decode("utf-8").rstrip("\x1a")
    return sum(
        1 for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in row)
    )


def test_counts_say_what_was_read(data):
    """Each file's rows and each kind of XML record are counted, as an independent count finds."""
    folder = data / "sdn-csv-set-2021-07"
    pub = read(folder, observed="2021-07-01")
    text_remarks = {TEXT_REMARKS: sum(1 for e in pub.entities if e.remarks)}
    assert (
        dict(pub.counts)
        == {
            f"{name} rows": _csv_rows(folder / name)
            for name in ("sdn.csv", "sdn_comments.csv", "alt.csv", "add.csv")
        }
        | text_remarks
    )
    assert 0 < text_remarks[TEXT_REMARKS] < len(pub.entities)
    assert len(pub.entities) == dict(pub.counts)["sdn.csv rows"]
    path = data / "cons-advanced-2020-03-17" / "cons_advanced.xml"
    text = path.read_text(encoding="utf-8")
    adv = read(path)
    assert dict(adv.counts) == {
        name: text.count(f"<{name} ")
        for name in (
            "Location",
            "IDRegDocument",
            "DistinctParty",
            "ProfileRelationship",
            "SanctionsEntry",
        )
    } | {TEXT_REMARKS: sum(1 for e in adv.entities if e.remarks)}
    assert (len(adv.entities), len(adv.entries)) == (
        dict(adv.counts)["DistinctParty"],
        dict(adv.counts)["SanctionsEntry"],
    )
    legacy = read(data / "consolidated-2018" / "consolidated.xml")
    assert legacy.counts == (
        ("sdnEntry", legacy.record_count),
        (TEXT_REMARKS, sum(1 for e in legacy.entities if e.remarks)),
    )


def test_unknown_label_is_counted_as_text(tmp_path, data):
    """A clause of a label no table knows stays in remarks, and the count says so."""
    row = (data / "sdn-csv-2024-05-03" / "sdn.csv").read_bytes().splitlines(keepends=True)[0]
    (tmp_path / "sdn.csv").write_bytes(row)
    before = dict(read(tmp_path).counts)[TEXT_REMARKS]
    (tmp_path / "sdn.csv").write_bytes(row.replace(b"-0- \r\n", b'"Brand New Register 42."\r\n'))
    pub = read(tmp_path)
    assert (before, dict(pub.counts)[TEXT_REMARKS]) == (0, 1)
    assert pub.entities[0].remarks == "Brand New Register 42"


def _both_sets(data, tmp_path):
    """A folder holding both CSV sets, as fetch downloads them."""
    for child in (data / "sdn-csv-2024-05-03").iterdir():
        shutil.copy(child, tmp_path / child.name)
    for child in (data / "cons-csv-2025-12").iterdir():
        shutil.copy(child, tmp_path / child.name)
    return tmp_path


def test_folder_of_two_lists_refused_unless_chosen(data, tmp_path):
    """Two CSV sets in one folder: read() names both; list_id picks one; read_all reads each."""
    folder = _both_sets(data, tmp_path)
    with pytest.raises(SourceError, match=r"several publications .*sdn\.csv set.*cons_prim\.csv"):
        read(folder)
    assert read(folder, list_id="us-ofac-cons").list == "us-ofac-cons"
    assert [(p.list, len(p.entities)) for p in read_all(folder)] == [
        ("us-ofac-sdn", 14965),
        ("us-ofac-cons", 442),
    ]


def test_folder_of_two_formats_refused_unless_chosen(data):
    """A CSV set beside its XML: format picks one; read_all refuses to guess."""
    folder = data / "consolidated-2018"
    with pytest.raises(SourceError, match="give format"):
        read(folder)
    with pytest.raises(SourceError, match="give format"):
        read_all(folder)
    assert read(folder, format="legacy-xml").as_of is not None
    assert read(folder, format="csv", observed="2018-04-06").counts[0][0] == "cons_prim.csv rows"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"list_id": "us-ofac-bogus"}, "unknown OFAC list"),
        ({"format": "json"}, "unknown format"),
        ({"list_id": "us-ofac-sdn"}, "no publication of us-ofac-sdn"),
    ],
)
def test_bad_choice_refused(data, kwargs, message):
    with pytest.raises(SourceError, match=message):
        read(data / "cons-csv-2025-12", **kwargs)


def test_undated_tells_csv_from_xml_by_names_alone(tmp_path, data):
    """What the command line checks --observed by before reading: None where names cannot tell."""
    import zipfile  # noqa: PLC0415 - this test only

    from sanctionsmodel.sources.ofac._read import undated  # noqa: PLC0415 - private

    both = tmp_path / "both"
    both.mkdir()
    for name in ("sdn.csv", "cons_prim.csv"):
        (both / name).write_bytes((data / "sdn-csv-2024-05-03" / "sdn.csv").read_bytes()[:200])
    beside = tmp_path / "beside"
    shutil.copytree(data / "consolidated-2018", beside)
    (beside / "cons_prim.csv").write_bytes(b"")
    zipped = tmp_path / "dl" / "sdn.zip"
    zipped.parent.mkdir()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("sdn.csv", b"")
        archive.writestr("readme.txt", b"")
    cases = {
        data / "sdn-csv-2024-05-03": True,
        data / "sdn-csv-2024-05-03" / "sdn.csv": True,
        data / "consolidated-2018" / "consolidated.xml": False,
        data / "cons-advanced-2020-03-17": False,
        data / "add-alt-2025-01-03": None,  # companion files alone: reading refuses them
        data / "add-alt-2025-01-03" / "add.csv": None,
        both: True,  # both CSV sets, as fetch downloads them
        beside: None,  # a CSV set beside its XML: --format chooses
        zipped: True,
        zipped.parent: True,  # a folder holding one archive reads as it
        tmp_path / "missing.csv": None,  # reading gives its error
        tmp_path / "notes.txt": None,
    }
    assert {path: undated(path) for path in cases} == cases
    assert undated(beside, fmt="legacy-xml") is False
    assert undated(beside, fmt="csv") is True


@pytest.mark.parametrize("twice", ["sdn.csv", "add.csv"])
def test_one_name_in_two_cases_is_refused(tmp_path, data, twice):
    """sdn.csv beside SDN.CSV: which is the publication, the names cannot tell."""
    folder = tmp_path / "set"
    shutil.copytree(data / "sdn-csv-set-2021-07", folder)
    (folder / twice.upper()).write_bytes(b"\x1a")  # an empty file, as a scraper left one
    if len([p for p in folder.iterdir() if p.name.lower() == twice]) < 2:
        pytest.skip("the file system folds case")
    with pytest.raises(SourceError) as info:
        read(folder, observed="2021-07-01")
    assert str(info.value) == (
        f"{folder}: the folder holds 2 files named {twice!r} in some case "
        f"({twice.upper()}, {twice})"
    )


def test_two_cases_of_a_name_not_read_do_not_stop_the_one_chosen(tmp_path, data):
    """sdn.csv beside SDN.CSV stops only a read of that set; an XML file in two cases, any read."""
    folder = tmp_path / "both"
    shutil.copytree(data / "consolidated-2018", folder)
    shutil.copy(data / "sdn-csv-2024-05-02" / "sdn.csv", folder / "sdn.csv")
    (folder / "SDN.CSV").write_bytes(b"\x1a")
    if len(list(folder.iterdir())) < 6:
        pytest.skip("the file system folds case")
    cons = read(folder, list_id="us-ofac-cons", format="legacy-xml")
    assert len(cons.entities) == 639
    assert len(read(folder, list_id="us-ofac-cons", format="csv", observed="2018-04-06").entities)
    with pytest.raises(SourceError, match=r"holds 2 files named 'sdn\.csv' in some case"):
        read(folder, list_id="us-ofac-sdn", observed="2018-04-06")
    (folder / "CONSOLIDATED.XML").write_bytes((folder / "consolidated.xml").read_bytes())
    with pytest.raises(SourceError, match=r"holds 2 files named 'consolidated\.xml' in some case"):
        read(folder, list_id="us-ofac-cons", format="legacy-xml")


def test_a_link_loop_given_as_the_path_is_named_so(tmp_path):
    """A loop is not "no such file": the system's own word says what it is."""
    loop = tmp_path / "sdn.csv"
    loop.symlink_to(loop)
    with pytest.raises(SourceError) as info:
        read(loop, observed="2024-05-02")
    assert str(info.value) == f"{loop}: Too many levels of symbolic links"


def test_a_dangling_xml_link_in_a_folder_is_named(tmp_path):
    """consolidated.xml linked to nothing: named, not passed over for "no primary CSV file"."""
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "consolidated.xml").symlink_to(tmp_path / "nowhere.xml")
    with pytest.raises(SourceError) as info:
        read(folder)
    assert str(info.value) == f"{folder / 'consolidated.xml'}: No such file or directory"


@pytest.mark.parametrize(
    ("name", "link", "why"),
    [
        ("sdn.csv", "sdn.csv", "Too many levels of symbolic links"),  # a loop
        ("add.csv", "add.csv", "Too many levels of symbolic links"),
        ("add.csv", "nowhere.csv", "No such file or directory"),  # dangling
    ],
)
def test_a_file_the_system_cannot_open_is_a_source_error(tmp_path, data, name, link, why):
    """A link loop or a dangling link in a folder is a SourceError naming the file, not OSError."""
    folder = tmp_path / "set"
    shutil.copytree(data / "sdn-csv-set-2021-07", folder)
    (folder / name).unlink()
    (folder / name).symlink_to(folder / link)
    with pytest.raises(SourceError) as info:
        read(folder, observed="2021-07-01")
    assert info.value.path == str(folder / name)
    assert str(info.value) == f"{folder / name}: {why}"


@pytest.mark.parametrize(
    ("encoding", "bom", "wide"),
    [
        ("utf-16", b"", "UTF-16"),
        ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-32", b"", "UTF-32"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32"),
    ],
)
def test_utf16_csv_is_named_not_taken_for_a_cut_file(tmp_path, data, encoding, bom, wide):
    """A CSV file saved as UTF-16 (or UTF-32) is said to be so: read as bytes it seemed cut."""
    text = (data / "sdn-csv-2024-05-02" / "sdn.csv").read_bytes().rstrip(b"\x1a").decode()
    (tmp_path / "sdn.csv").write_bytes(bom + text.encode(encoding))
    with pytest.raises(SourceError) as info:
        read(tmp_path / "sdn.csv", observed="2024-05-02")
    assert str(info.value) == (
        f"{tmp_path / 'sdn.csv'}: {wide} text (its byte order mark says so): OFAC's files are "
        "ASCII; save it as UTF-8"
    )


@pytest.mark.parametrize("name", ["consolidated.xml", "consolidated-export.xml"])
def test_utf16_xml_reads_as_its_utf8(tmp_path, data, name):
    """XML may be UTF-16: by name or by its root, it reads as the UTF-8 file does."""
    source = data / "consolidated-2018" / "consolidated.xml"
    (tmp_path / name).write_bytes(source.read_bytes().decode("utf-8").encode("utf-16"))
    wide, narrow = read(tmp_path / name), read(source)
    assert (wide.list, wide.published) == (narrow.list, narrow.published)
    assert [attrs.evolve(e, source=None) for e in wide.entities] == [
        attrs.evolve(e, source=None) for e in narrow.entities
    ]
