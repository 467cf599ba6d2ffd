"""Row-level comparison of CSV folders without a primary file (add.csv, alt.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources.ofac import diff_rows, read

DATA = Path(__file__).resolve().parents[2] / "data" / "ofac"


def test_add_alt_2025_01_03_to_06(data):
    """2025-01-03 -> 01-06: 38 parties appear in add.csv, 21 aliases are added, none removed."""
    add, alt, comments = diff_rows(data / "add-alt-2025-01-03", data / "add-alt-2025-01-06")
    assert (add.file, len(add.added), add.removed, add.changed, len(add.parties_added)) == (
        "add.csv",
        44,
        (),
        (),
        38,
    )
    assert (alt.file, len(alt.added), alt.removed, alt.changed) == ("alt.csv", 21, (), ())
    assert set(alt.parties_added) <= set(add.parties_added)
    assert add.parties_removed == alt.parties_removed == ()
    # Parties by entity id, as the ledger names them, in ent_num order; each has a new row.
    nums = [int(p.removeprefix("us-ofac:")) for p in add.parties_added]
    assert nums == sorted(nums)
    assert {f"us-ofac:{k.split('/')[0]}" for k in add.added} == set(add.parties_added)
    # Only the older folder holds sdn_comments.csv: reported, not compared.
    assert (comments.file, comments.only_in, comments.added, comments.removed) == (
        "sdn_comments.csv",
        "older",
        (),
        (),
    )
    assert add.only_in is alt.only_in is None


def test_alias_drift_between_years(data):
    """2021-07 -> 2025-01: alias 22488's text drifts (quotes dropped), a changed row."""
    by_file = {
        d.file: d for d in diff_rows(data / "sdn-csv-set-2021-07", data / "add-alt-2025-01-03")
    }
    alt = by_file["alt.csv"]
    # The 2021 folder's sdn.csv has no 2025 copy: not compared.
    assert (by_file["sdn.csv"].only_in, alt.only_in) == ("older", None)
    assert any(key.startswith("22488/") for key in alt.changed)


def test_add_alt_alone_is_no_publication(data):
    """add.csv and alt.csv alone make no publication: a clear error points to diff_rows."""
    with pytest.raises(SourceError, match="diff_rows"):
        read(data / "add-alt-2025-01-06")


def test_bad_ent_num_and_missing_folder_are_typed_errors(tmp_path):
    """A row key that is no number, and a folder that is not there, are SourceErrors."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "alt.csv").write_text('3,1,"aka","X",-0- \n', encoding="utf-8")
    (new / "alt.csv").write_text('3x,1,"aka","X",-0- \n', encoding="utf-8")
    with pytest.raises(SourceError, match="expected a number") as info:
        diff_rows(old, new)
    assert (info.value.line, info.value.field) == (1, "ent_num")
    with pytest.raises(SourceError, match="no such folder"):
        diff_rows(old, tmp_path / "nowhere")


def _alt_rows(n):
    """``n`` rows of alt.csv cut from a real file (2025-01-06)."""
    lines = (DATA / "add-alt-2025-01-06" / "alt.csv").read_bytes().splitlines(keepends=True)
    assert len(lines) >= n
    return b"".join(lines[:n])


def test_shrunk_file_refused_unless_allowed(tmp_path):
    """A newer file that lost more than max_shrink of its rows is refused as short."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "alt.csv").write_bytes(_alt_rows(100))
    (new / "alt.csv").write_bytes(_alt_rows(90))
    with pytest.raises(TruncatedPublicationError, match="90 rows against 100") as info:
        diff_rows(old, new)
    assert info.value.path == str(new / "alt.csv")
    (diff,) = diff_rows(old, new, max_shrink=0.2)
    assert len(diff.removed) == 10
    (new / "alt.csv").write_bytes(_alt_rows(96))
    (diff,) = diff_rows(old, new)
    assert len(diff.removed) == 4


def test_no_file_in_common_refused(tmp_path):
    """Two folders sharing no file compare nothing: an error, not an empty answer."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "alt.csv").write_bytes(_alt_rows(5))
    (new / "add.csv").write_bytes((DATA / "add-alt-2025-01-06" / "add.csv").read_bytes())
    with pytest.raises(SourceError, match="no CSV file in common"):
        diff_rows(old, new)
