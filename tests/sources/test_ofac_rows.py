"""Row-level comparison of CSV folders without a primary file (add.csv, alt.csv)."""

from __future__ import annotations

import pytest

from sanctionsmodel.exceptions import SourceError
from sanctionsmodel.sources.ofac import diff_rows, read


def test_add_alt_2025_01_03_to_06(data):
    """2025-01-03 -> 01-06: 38 parties appear in add.csv, 21 aliases are added, none removed."""
    add, alt = diff_rows(data / "add-alt-2025-01-03", data / "add-alt-2025-01-06")
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


def test_alias_drift_between_years(data):
    """2021-07 -> 2025-01: alias 22488's text drifts (quotes dropped), a changed row."""
    (_, alt) = diff_rows(data / "sdn-csv-set-2021-07", data / "add-alt-2025-01-03")[:2]
    assert alt.file == "alt.csv"
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
