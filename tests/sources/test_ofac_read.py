"""Format recognition: files and folders of every OFAC format."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime

import pytest

from sanctionsmodel.exceptions import NaiveDatetimeError, SourceError
from sanctionsmodel.sources.ofac import ListSnapshot, Publication, read, read_all


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
    assert dict(pub.counts) == {
        f"{name} rows": _csv_rows(folder / name)
        for name in ("sdn.csv", "sdn_comments.csv", "alt.csv", "add.csv")
    }
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
    }
    assert (len(adv.entities), len(adv.entries)) == (
        dict(adv.counts)["DistinctParty"],
        dict(adv.counts)["SanctionsEntry"],
    )
    legacy = read(data / "consolidated-2018" / "consolidated.xml")
    assert legacy.counts == (("sdnEntry", legacy.record_count),)


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
