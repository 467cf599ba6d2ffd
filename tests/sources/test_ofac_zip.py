"""A .zip archive of an OFAC publication reads as the file or folder it holds."""

from __future__ import annotations

import stat
import tempfile
import zipfile
from pathlib import Path

import attrs
import pytest

from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources import replay
from sanctionsmodel.sources.ofac import ZIP_LIMIT, diff_rows, read, read_all
from sanctionsmodel.sources.ofac import _zip as zip_module

CONS_CSV = "cons-csv-2025-12"
ADVANCED = "cons-advanced-2020-03-17/cons_advanced.xml"


def _zip(path: Path, members: dict[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            archive.writestr(name, data)
    return path


def _sourced(entities, source):
    return [attrs.evolve(e, source=source) for e in entities]


@pytest.fixture(autouse=True)
def own_tmp(tmp_path, monkeypatch):
    """Unpack into a folder of the test's own, to see that nothing is left there."""
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(unpacked))
    yield
    assert list(unpacked.iterdir()) == []


def test_zipped_csv_set_reads_as_its_folder(tmp_path, data):
    """A zipped CSV set, in a folder of the archive: the folder's entities, named by the archive."""
    folder = data / CONS_CSV
    path = _zip(tmp_path / "cons.zip", {f"cons/{f.name}": f for f in folder.iterdir()})
    zipped, plain = read(path, observed="2025-12-19"), read(folder, observed="2025-12-19")
    assert zipped.source == str(path)
    assert {e.source for e in zipped.entities} == {str(path)}
    assert _sourced(zipped.entities, str(folder)) == list(plain.entities)
    assert (zipped.list, zipped.counts, zipped.observed) == (
        plain.list,
        plain.counts,
        plain.observed,
    )


def test_zipped_advanced_xml_names_archive_and_member(tmp_path, data):
    """One XML file zipped reads as the file: its date and entry dates, source archive!member."""
    path = _zip(tmp_path / "CONS_ADVANCED.ZIP", {"cons_advanced.xml": data / ADVANCED})
    zipped, plain = read(path), read(data / ADVANCED)
    member = f"{path}!cons_advanced.xml"
    assert zipped.source == member
    assert _sourced(zipped.entities, str(data / ADVANCED)) == list(plain.entities)
    assert (zipped.published, zipped.entries) == (plain.published, plain.entries)
    # replay records the archive as the observation's source.
    (seen,) = replay([zipped]).observations
    assert seen.source == member


def test_a_folder_holding_only_an_archive_reads_as_the_archive(tmp_path, data):
    """OFAC's SDN_ADVANCED.ZIP downloaded into a folder: the folder reads as the archive."""
    folder = tmp_path / "download"
    folder.mkdir()
    path = _zip(folder / "CONS_ADVANCED.ZIP", {"cons_advanced.xml": data / ADVANCED})
    (folder / "README.txt").write_text("not a publication")  # neither CSV nor XML: no matter
    assert read(folder) == read(path)
    assert read(folder).source == f"{path}!cons_advanced.xml"
    # Beside a CSV or XML file, or a second archive, the folder is read as a folder.
    _zip(folder / "other.zip", {"cons_advanced.xml": data / ADVANCED})
    with pytest.raises(SourceError, match=r"read a \.zip archive it holds by the archive"):
        read(folder)


def test_a_warning_names_the_archive_member_not_the_unpacked_file(tmp_path, data):
    """sdn_comments.csv of the 2021 set lacks the 0x1A byte: zipped, it is named archive!member."""
    folder = data / "sdn-csv-set-2021-07"
    path = _zip(tmp_path / "sdn.zip", {f.name: f for f in folder.iterdir()})
    first, again = read(path, observed="2021-07-01"), read(path, observed="2021-07-01")
    (warning,) = first.warnings
    assert warning.startswith(f"{path}!sdn_comments.csv: no 0x1A end byte")
    assert first == again  # no temporary folder's name in it
    (plain,) = read(folder, observed="2021-07-01").warnings
    assert plain == warning.replace(f"{path}!", f"{folder}/")
    # One file zipped alone is named the same way.
    cut = (folder / "sdn.csv").read_bytes().rstrip(b"\x1a")
    alone = _zip(tmp_path / "alone.zip", {"sdn.csv": cut})
    (warning,) = read(alone, observed="2021-07-01").warnings
    assert warning.startswith(f"{alone}!sdn.csv: no 0x1A end byte")


def test_zip_of_both_csv_sets(tmp_path, data):
    """read_all reads each list an archive holds; read asks which, naming the archive."""
    members: dict[str, bytes | Path] = {f.name: f for f in (data / CONS_CSV).iterdir()}
    members["sdn.csv"] = data / "sdn-csv-2024-05-03" / "sdn.csv"
    path = _zip(tmp_path / "both.zip", members)
    pubs = read_all(path, observed="2025-12-19")
    assert [(p.list, p.source) for p in pubs] == [
        ("us-ofac-sdn", str(path)),
        ("us-ofac-cons", str(path)),
    ]
    assert len(pubs[0].entities) == 14965
    with pytest.raises(SourceError, match="the archive holds several publications") as info:
        read(path)
    assert info.value.path == str(path)
    assert "sanctionsmodel-" not in str(info.value)
    assert read(path, list_id="us-ofac-cons").list == "us-ofac-cons"


def test_error_names_archive_member_and_line(tmp_path, data):
    """A bad row inside an archive is named by archive, member, line and field."""
    lines = (data / CONS_CSV / "cons_prim.csv").read_bytes().splitlines(keepends=True)
    bad = lines[2].replace(b'"individual"', b'"robot"', 1)
    assert bad != lines[2]
    path = _zip(tmp_path / "cons.zip", {"x/cons_prim.csv": b"".join([*lines[:2], bad])})
    with pytest.raises(SourceError, match="unknown SDN_Type 'robot'") as info:
        read(path)
    assert (info.value.path, info.value.line, info.value.field) == (
        f"{path}!x/cons_prim.csv",
        3,
        "SDN_Type",
    )
    assert str(info.value).startswith(f"{path}!x/cons_prim.csv:3 [SDN_Type]: ")


def test_a_member_outside_the_archive_folder_is_unpacked_inside(tmp_path, data):
    """A member named ../sdn.csv is unpacked by its base name, inside the temporary folder."""
    path = _zip(tmp_path / "slip.zip", {"../../sdn.csv": data / "sdn-csv-2024-05-03" / "sdn.csv"})
    assert len(read(path, observed="2024-05-03").entities) == 14965
    assert not (tmp_path / "sdn.csv").exists()
    assert not (tmp_path.parent / "sdn.csv").exists()


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", TruncatedPublicationError, "the file is empty"),
        (b"ent_num,name\n", SourceError, "not a .zip archive"),
        ("cut", TruncatedPublicationError, "the .zip archive is cut or corrupt"),
        ("no files", TruncatedPublicationError, "holds no file"),
        ("two of one name", SourceError, r"two files named 'SDN.CSV' \(also a/sdn.csv\)"),
    ],
)
def test_bad_archives_refused(tmp_path, data, content, error, reason):
    """An empty, foreign, cut or empty archive, or one of clashing names, is refused, named."""
    path = tmp_path / "sdn.zip"
    sdn = data / "sdn-csv-2024-05-03" / "sdn.csv"
    if content == "cut":
        whole = _zip(tmp_path / "whole.zip", {"sdn.csv": sdn}).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif content == "no files":
        _zip(path, {})
    elif content == "two of one name":
        _zip(path, {"a/sdn.csv": sdn, "b/SDN.CSV": sdn})
    else:
        path.write_bytes(content)
    with pytest.raises(error, match=reason) as info:
        read(path)
    assert info.value.path.startswith(str(path))


def test_corrupt_member_refused(tmp_path, data):
    """A member whose compressed bytes are damaged is refused as cut or corrupt, naming it."""
    path = _zip(tmp_path / "sdn.zip", {"sdn.csv": data / "sdn-csv-2024-05-03" / "sdn.csv"})
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(raw))
    with pytest.raises(TruncatedPublicationError, match="cut or corrupt") as info:
        read(path, observed="2024-05-03")
    assert info.value.path == f"{path}!sdn.csv"


def test_encrypted_member_refused(tmp_path):
    """A member marked encrypted is refused: no password is asked for."""
    path = _zip(tmp_path / "sdn.zip", {"sdn.csv": b"1,X\n"})
    raw = bytearray(path.read_bytes())
    # Set bit 0 (encrypted) of the flags in the local and the central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        raw[raw.index(signature) + offset] |= 0x1
    path.write_bytes(bytes(raw))
    with pytest.raises(SourceError, match=r"cannot be unpacked .*encrypted") as caught:
        read(path)
    assert caught.value.path == f"{path}!sdn.csv"


def test_archive_larger_than_the_limit_is_refused_unpacked(tmp_path, data, monkeypatch):
    """An archive claiming more than ZIP_LIMIT bytes is refused before anything is unpacked."""
    sdn = data / "sdn-csv-2024-05-03" / "sdn.csv"
    path = _zip(tmp_path / "sdn.zip", {"sdn.csv": sdn})
    monkeypatch.setattr(zip_module, "ZIP_LIMIT", sdn.stat().st_size - 1)
    with pytest.raises(SourceError, match=f"would unpack to {sdn.stat().st_size:,} bytes"):
        read(path)
    monkeypatch.setattr(zip_module, "ZIP_LIMIT", sdn.stat().st_size)
    assert len(read(path).entities) == 14965


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_corrupt_member_of_every_method_refused(tmp_path, data, method):
    """Damaged bytes of a member, whatever its compression, are refused as cut or corrupt."""
    path = tmp_path / "sdn.zip"
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        archive.write(data / "sdn-csv-2024-05-03" / "sdn.csv", "sdn.csv")
    raw = bytearray(path.read_bytes())
    start = raw.index(b"sdn.csv") + len("sdn.csv") + 16
    raw[start : start + 64] = bytes(range(64))
    path.write_bytes(bytes(raw))
    with pytest.raises(TruncatedPublicationError, match="cut or corrupt") as info:
        read(path, observed="2024-05-03")
    assert info.value.path == f"{path}!sdn.csv"


def test_member_names_no_file_may_have_refused(tmp_path):
    """A member name too long for a file, or of undecodable bytes, is refused, typed."""
    path = _zip(tmp_path / "long.zip", {"x" * 300 + ".csv": b"1,X\n"})
    with pytest.raises(SourceError, match="no file may be named") as info:
        read(path)
    assert info.value.path.startswith(f"{path}!xxx")
    # A name zipfile writes as UTF-8 (and flags so), its bytes then made no UTF-8.
    path = _zip(tmp_path / "bad.zip", {"sdn\u00ff.csv": b"1,X\n"})
    raw = path.read_bytes()
    assert raw.count("\u00ff".encode()) == 2
    path.write_bytes(raw.replace("\u00ff".encode(), b"\xff\xff"))
    with pytest.raises(SourceError, match="file names are not readable"):
        read(path)


def test_zip_inside_a_zip_refused(tmp_path, data):
    """An archive inside an archive is refused with what to do, named archive!member."""
    inner = _zip(tmp_path / "CONS_ADVANCED.ZIP", {"cons_advanced.xml": data / ADVANCED})
    path = _zip(tmp_path / "outer.zip", {"CONS_ADVANCED.ZIP": inner})
    with pytest.raises(SourceError, match=r"inside a \.zip archive is not read") as info:
        read(path)
    assert info.value.path == f"{path}!CONS_ADVANCED.ZIP"


def test_choices_checked_before_unpacking(tmp_path, data, monkeypatch):
    """A bad list or format is refused, naming the archive, before anything is unpacked."""
    path = _zip(tmp_path / "CONS_ADVANCED.ZIP", {"cons_advanced.xml": data / ADVANCED})
    monkeypatch.setattr(zip_module, "_unzip", lambda *_: pytest.fail("unpacked"))
    with pytest.raises(SourceError, match="unknown OFAC list") as info:
        read(path, list_id="bogus")
    assert info.value.path == str(path)
    with pytest.raises(SourceError, match="unknown format"):
        read_all(path, format="bogus")


def test_diff_rows_of_zipped_companion_files(tmp_path, data):
    """Two archives of add.csv and alt.csv compare as their folders do."""
    zips = [
        _zip(tmp_path / f"{name}.zip", {f.name: f for f in (data / name).iterdir()})
        for name in ("add-alt-2025-01-03", "add-alt-2025-01-06")
    ]
    assert diff_rows(*zips) == diff_rows(data / "add-alt-2025-01-03", data / "add-alt-2025-01-06")


def test_zip_limit_is_a_gibibyte():
    """The limit the docs state."""
    assert ZIP_LIMIT == 1 << 30


def test_archive_of_a_version_zipfile_lacks_refused(tmp_path):
    """An archive that needs a newer unzip is refused as one that cannot be opened, not as cut."""
    path = _zip(tmp_path / "sdn.zip", {"sdn.csv": b"1,X\n"})
    raw = bytearray(path.read_bytes())
    raw[raw.index(b"PK\x01\x02") + 6] = 127  # "version needed to extract": 12.7
    path.write_bytes(bytes(raw))
    with pytest.raises(SourceError, match=r"cannot be opened \(zip file version 12\.7\)") as info:
        read(path)
    assert type(info.value) is SourceError


def test_a_symbolic_link_member_is_refused_as_one(tmp_path):
    """A member that is a link holds where it points, not a file: said so, not "truncated"."""
    path = tmp_path / "links.zip"
    link = zipfile.ZipInfo("sdn.csv")
    link.create_system = 3  # Unix: the mode bits are in the high half of external_attr
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(SourceError) as info:
        read(path, observed="2024-05-03")
    assert str(info.value) == (
        f"{path}!sdn.csv: a symbolic link, not a file: an archive of OFAC's holds files only"
    )
