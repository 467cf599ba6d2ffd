"""Row-level comparison of two CSV folders, for sets without a primary file.

``add.csv`` and ``alt.csv`` alone name no party's primary name, type or
programs, so they make no :class:`~sanctionsmodel.sources.Publication`;
yet comparing them shows which parties appeared, left or changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from sanctionsmodel.exceptions import SourceError
from sanctionsmodel.reference import ofac_entity_id
from sanctionsmodel.sources._history import MAX_SHRINK, check_loss
from sanctionsmodel.sources.ofac._build import is_number
from sanctionsmodel.sources.ofac._csv import CSV_SETS, _find, _rows
from sanctionsmodel.sources.ofac._zip import unpacked

_KEY_COLS = {"primary": 1, "add": 2, "alt": 2, "comments": 1}
_WIDTH = {"primary": 12, "add": 6, "alt": 5, "comments": 2}


@attrs.frozen(kw_only=True)
class RowDiff:
    """What changed in one file of a CSV set between two folders.

    Attributes:
        file: The file name, such as ``alt.csv``.
        added: Keys of the rows only in the newer file (``ent_num`` or
            ``ent_num/alt_num``), in file order.
        removed: Keys of the rows only in the older file.
        changed: Keys of the rows in both whose fields differ.
        parties_added: The entity ids (``us-ofac:<ent_num>``, as everywhere
            else) found in the newer file only, by ent_num.
        parties_removed: Those found in the older file only, by ent_num.
        only_in: ``"older"`` or ``"newer"`` for a file that only one folder
            holds: it is not compared (all the tuples are empty), since a
            file missing from a download says nothing of its rows.
            ``None`` for a file both hold.
    """

    file: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    parties_added: tuple[str, ...] = ()
    parties_removed: tuple[str, ...] = ()
    only_in: str | None = None


def _table(path: Path, role: str) -> dict[str, tuple[str, ...]]:
    cols = tuple(f"col{i}" for i in range(_WIDTH[role]))
    out: dict[str, tuple[str, ...]] = {}
    for line, row in _rows(path, cols):
        if not is_number(row[0].strip()):
            msg = f"expected a number, got {row[0].strip()!r}"
            raise SourceError(msg, path=str(path), line=line, field="ent_num")
        key = "/".join(v.strip() for v in row[: _KEY_COLS[role]])
        if role == "comments" and key in out:
            out[key] = (*out[key][:-1], out[key][-1] + row[1])
            continue
        if key in out:
            msg = f"row key {key} repeats"
            raise SourceError(msg, path=str(path), line=line)
        out[key] = tuple(v.strip() for v in row)
    return out


def diff_rows(
    older: str | os.PathLike[str],
    newer: str | os.PathLike[str],
    *,
    max_shrink: float = MAX_SHRINK,
) -> tuple[RowDiff, ...]:
    """Compare the CSV files of two folders, row by row.

    Args:
        older: The folder of the earlier files, or a .zip archive of them.
        newer: The folder of the later files, or a .zip archive of them.
        max_shrink: The share of its rows a file may lose before it is
            refused as short (as :func:`~sanctionsmodel.sources.diff` does
            with parties).

    Returns:
        One :class:`RowDiff` per file name present in either folder, in the
        order primary, add, alt, comments; a file only one folder holds is
        reported with ``only_in`` and not compared.

    Raises:
        SourceError: If the folders share no file, or a file is malformed.
        TruncatedPublicationError: If a file is empty or truncated, or the
            newer file lost more than ``max_shrink`` of the older's rows.
    """
    with (
        unpacked(Path(older), folder=True) as (old_dir, _),
        unpacked(Path(newer), folder=True) as (new_dir, _),
    ):
        return _diff_folders(old_dir, new_dir, max_shrink)


def _diff_folders(old_dir: Path, new_dir: Path, max_shrink: float) -> tuple[RowDiff, ...]:
    for folder in (old_dir, new_dir):
        if not folder.is_dir():
            raise SourceError("no such folder", path=str(folder))
    out: list[RowDiff] = []
    for names in CSV_SETS.values():
        for role, name in names.items():
            a, b = _find(old_dir, name), _find(new_dir, name)
            if a is None and b is None:
                continue
            if a is None or b is None:
                out.append(RowDiff(file=name, only_in="older" if b is None else "newer"))
                continue
            before, after = _table(a, role), _table(b, role)
            check_loss(
                len(before),
                len(after),
                max_shrink,
                holds=f"the file holds {len(after)} rows against {len(before)} in {a}",
                path=str(b),
            )
            old_parties = {int(k.split("/")[0]) for k in before}
            new_parties = {int(k.split("/")[0]) for k in after}
            out.append(
                RowDiff(
                    file=name,
                    added=tuple(k for k in after if k not in before),
                    removed=tuple(k for k in before if k not in after),
                    changed=tuple(k for k in after if k in before and before[k] != after[k]),
                    parties_added=tuple(map(ofac_entity_id, sorted(new_parties - old_parties))),
                    parties_removed=tuple(map(ofac_entity_id, sorted(old_parties - new_parties))),
                )
            )
    if all(d.only_in for d in out):
        msg = f"no CSV file in common with {new_dir}"
        raise SourceError(msg, path=str(old_dir))
    return tuple(out)
