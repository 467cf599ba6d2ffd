"""The sanctionsmodel command, on the bundled data."""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest

from sanctionsmodel import serialize
from sanctionsmodel.cli import main
from sanctionsmodel.data import load_default


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def test_who_korea_mandal_credit_bank():
    """The README's first command answers with the SDN listing since 2024-12-16."""
    code, text = run("who", "KOREA MANDAL CREDIT BANK")
    assert 0 == code
    assert ["us-ofac-sdn", "us-ofac:48219", "listed", "DPRK4", "2024-12-16", ""] in rows(text)


def test_who_ri_pong_chun_before_and_after():
    """리봉춘 is not listed on 2024-12-18 and on kr-fsc-ftr from 2024-12-19."""
    code, text = run("who", "리봉춘", "--on", "2024-12-18")
    assert (0, True) == (code, "not on any list" in text)
    code, text = run("who", "Ri Pong Chun", "--on", "2024-12-19")
    assert ["kr-fsc-ftr", "kr-fsc:KF-876", "listed", "KR-FETA KR-TFPA", "2024-12-19", ""] in rows(
        text
    )
    assert not any(r[0].startswith("us-") for r in rows(text))


def test_who_kim_yong_bok_linked():
    """KIM Yong Bok shows both lists, the US record through its link."""
    code, text = run("who", "KIM Yong Bok", "--on", "2024-12-20")
    assert 0 == code
    table = rows(text)
    assert [
        "us-ofac-sdn",
        "us-ofac:52114",
        "listed",
        "DPRK2",
        "2024-12-16",
        "linked record",
    ] in table
    assert ["kr-fsc-ftr", "kr-fsc:KF-874", "listed", "KR-FETA KR-TFPA", "2024-12-19", ""] in table
    assert "linked: KIM, Yong Bok (us-ofac:52114)" in text


def test_who_mrb_bank():
    """MRB BANK: DPRK3 and RUSSIA-EO14024 since 2024-09-19, ROK since 2024-12-19."""
    _, text = run("who", "MRB BANK", "--on", "2025-01-01")
    table = {r[0]: r for r in rows(text)}
    assert ["listed", "DPRK3 RUSSIA-EO14024", "2024-09-19"] == table["us-ofac-sdn"][2:5]
    assert "2024-12-19" == table["kr-fsc-ftr"][4]


def test_who_inside_a_window_says_why():
    """A day inside a window answers unknown, with the evidence."""
    _, text = run("who", "us-ofac:52115", "--on", "2024-10-01")
    assert [
        "us-ofac-sdn",
        "us-ofac:52115",
        "unknown",
        "DPRK2?",
        "2024-05-04..2025-01-03",
        "",
    ] in rows(text)
    assert "absent from sdn.csv of 2024-05-03" in text


def test_who_json_is_the_serializer_output():
    """--json prints the serializer's form of the holdings."""
    code, text = run("who", "MRB BANK", "--on", "2025-01-01", "--json")
    data = json.loads(text)
    assert 0 == code
    expected = serialize.to_dict(load_default().lists_holding("MRB BANK", on="2025-01-01"))
    assert expected == data["holdings"]


def test_known_on_hides_later_knowledge():
    """--known-on shows what a screening run on that day saw."""
    _, text = run("who", "리봉춘", "--on", "2025-01-01", "--known-on", "2024-12-16")
    assert "not on any list" in text
    _, text = run("who", "리봉춘", "--on", "2025-01-01", "--known-on", "2024-12-17")
    assert "kr-fsc-ftr" in text


def test_data_option_reads_a_ledger_file(tmp_path):
    """--data uses a ledger file written by dump_ledger."""
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(load_default(), path)
    code, text = run("who", "MRB BANK", "--data", str(path), "--on", "2025-01-01")
    assert 0 == code
    assert "us-ofac:50604" in text


def test_a_data_file_cut_short_is_refused_not_answered(tmp_path, capsys):
    """A ledger file cut at a line end is an error, never "not on any list"."""
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(load_default(), path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first_action = next(i for i, line in enumerate(lines) if '"type":"action"' in line)
    path.write_text("".join(lines[:first_action]), encoding="utf-8")
    assert run("who", "MRB BANK", "--data", str(path)) == (2, "")
    counted = len(lines) - first_action
    assert f"0 action lines, the header counts {counted}" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ("who", "MRB BANK", "--on", "9999-12-31"),
        ("who", "MRB BANK", "--on", "0001-01-01", "--known-on", "0001-01-01"),
        ("changes", "--from", "2024-12-19", "--to", "9999-12-31", "--list", "kr-fsc-ftr"),
        ("snapshot", "kr-fsc-ftr", "--on", "9999-12-31"),
        ("lists", "--on", "9999-12-31"),
    ],
)
def test_the_last_and_first_days_of_the_calendar_are_answered(argv):
    """9999-12-31 and 0001-01-01 are days like others: an answer, not an OverflowError."""
    code, text = run(*argv)
    assert 0 == code
    if "9999-12-31" in argv:  # nothing changes after today: today's answer, renamed
        today = [a.replace("9999-12-31", "2026-12-07") for a in argv]
        assert text == run(*today)[1].replace("2026-12-07", "9999-12-31")
    else:
        assert "not on any list" in text


def test_history_lists_actions_and_episodes():
    """History shows both jurisdictions' actions, announced vs effective, and episodes."""
    _, text = run("history", "MRB BANK")
    table = rows(text)
    kr = next(r for r in table if r[3:5] == ["kr-fsc-ftr", "designate"])
    assert ["2024-12-19", "2024-12-17"] == kr[:2]
    assert ["us-ofac-sdn", "us-ofac:50604", "DPRK3", "2024-09-19", "open"] in table


def test_snapshot_and_changes_and_lists():
    """snapshot, changes and lists answer from the bundled data."""
    _, text = run("snapshot", "kr-port-entry-ban", "--on", "2024-07-01")
    assert 6 == sum(1 for r in rows(text) if r[1] == "listed")
    # Without --on, snapshot answers for now, as who and lists do.
    today = date.today().isoformat()  # noqa: DTZ011 - the bundled data is the same all day
    now = run("snapshot", "kr-fsc-ftr")[1]
    assert now.startswith("kr-fsc-ftr on now: 594 listed")
    assert now.replace("on now", f"on {today}") == run("snapshot", "kr-fsc-ftr", "--on", today)[1]
    _, text = run("changes", "--from", "2024-12-19", "--to", "2024-12-19", "--list", "kr-fsc-ftr")
    assert [
        "2024-12-19",
        "yes",
        "kr-fsc-ftr",
        "designate",
        "KR-FETA KR-TFPA",
        "26",
        "kr-fsc-ftr/R2024-12-17",
    ] in rows(text)
    code, text = run("lists", "--on", "2025-01-01")
    assert 0 == code
    assert {"us-ofac-sdn", "kr-fsc-ftr", "kr-port-entry-ban", "us-ofac-cons"} <= {
        r[0] for r in rows(text)
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["who", "MRB BANK", "--on", "2024-12-18T10:00"], "naive datetime"),
        (["who", "MRB BANK", "--on", "18/12/2024"], "--on"),
        (["snapshot", "nope", "--on", "2024-01-01"], "unknown list 'nope'"),
        (
            ["changes", "--from", "2024-13-01", "--to", "2024-12-31"],
            "--from: expected a date (YYYY-MM-DD), got '2024-13-01': month must be in 1..12",
        ),
        (["who", "x", "--known-on", "2024-02-30"], "--known-on: expected a date"),
        (["who"], "the following arguments are required"),
        (["frobnicate"], "invalid choice"),
        (
            ["who", "x", "--data", "/nonexistent/ledger.jsonl"],
            "--data /nonexistent/ledger.jsonl: no such file",
        ),
        (["who", "x", "--data", "data"], "--data data: is a folder"),
        (
            ["who", "x", "--on", "2024-01-01", "--on", "2025-01-01"],
            "argument --on: given twice (2024-01-01, then 2025-01-01); give it once",
        ),
        (
            ["changes", "--from", "2024-12-17", "--to", "2024-12-19", "--list", "a", "--list", "b"],
            "argument --list: given twice (a, then b); give it once",
        ),
        (["search", "KIM", "--limit", "0"], "--limit: expected a whole number, 1 or more, got '0'"),
        (["search", "KIM", "--limit", "-3"], "--limit: expected a whole number"),
        (["search", "KIM", "--limit", " 3"], "--limit: expected a whole number"),
        (["search", "KIM", "--limit", "1_0"], "--limit: expected a whole number"),
        (["search", "KIM", "--limit", "+3"], "--limit: expected a whole number"),
        (["search", "KIM", "--limit", "\uff13"], "--limit: expected a whole number"),  # fullwidth 3
        (["diff", "a", "b", "--max-shrink", " 0.5"], "--max-shrink: expected a fraction"),
        (["diff", "a", "b", "--max-shrink", "0_5"], "--max-shrink: expected a fraction"),
        (["diff", "a", "b", "--max-shrink", "1e-1"], "--max-shrink: expected a fraction"),
        (["diff", "a", "b", "--max-shrink", "2"], "--max-shrink: expected a fraction from 0 to 1"),
        (["diff", "a", "b", "--max-shrink", "-0.1"], "--max-shrink: expected a fraction"),
        (["diff", "a", "b", "--max-shrink", "nan"], "--max-shrink: expected a fraction"),
        (["import", "ofac", "a", "--out", "b", "--data", "c"], "argument --data: this command"),
        (["diff", "a", "b", "--known-on", "2024-01-01"], "argument --known-on: this command"),
        (["diff", "--known-on", "2024-01-01", "a", "b"], "takes no --data or --known-on"),
        (["fetch", "ofac", "--data", "c"], "unrecognized arguments: --data c"),
        (["search", "KIM", "--limit", "1" * 5000], "--limit: expected a whole number"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(argv, message, capsys):
    """Bad arguments exit 2 with one clear line on stderr, no traceback."""
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert 2 == code
    assert message in err
    assert 1 == len(err.strip().splitlines())
    assert "Traceback" not in err


def test_version(capsys):
    """--version prints the installed version and exits 0."""
    from importlib.metadata import version  # noqa: PLC0415

    code, text = run("--version")
    expected = f"sanctionsmodel {version('sanctionsmodel')}\n"
    # To main's stdout, as every other output, not to the process's.
    assert (code, text, capsys.readouterr().out) == (0, expected, "")
    code, text = run("who", "--help")
    assert (code, capsys.readouterr().out) == (0, "")
    assert text.startswith("usage: sanctionsmodel who")


def test_import_of_an_empty_or_companion_folder_says_what_it_holds(tmp_path, capsys):
    """An empty folder is said empty; one holding add.csv alone is pointed to the row diff."""
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _ = run("import", "ofac", str(empty), "--observed", "2024-01-01", "--out", "x.jsonl")
    assert (code, capsys.readouterr().err.strip()) == (
        2,
        f"sanctionsmodel: error: {empty}: the folder is empty: no OFAC file to read",
    )
    code, _ = run(
        "import",
        "ofac",
        "data/ofac/add-alt-2025-01-03",
        "--observed",
        "2025-01-03",
        "--out",
        str(tmp_path / "x.jsonl"),
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "add.csv and alt.csv alone name no party" in err
    assert "`sanctionsmodel diff` on two such folders" in err


def test_not_found_exits_1(capsys):
    """An unknown name exits 1 and says so."""
    code, _ = run("who", "Nobody Anywhere")
    assert 1 == code
    assert "no entity matches 'Nobody Anywhere'" in capsys.readouterr().err


def test_python_dash_m_and_tty_table():
    """Python -m sanctionsmodel runs the same command."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sanctionsmodel",
            "who",
            "KOREA MANDAL CREDIT BANK",
            "--on",
            "2025-01-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode
    assert "us-ofac-sdn\tus-ofac:48219\tlisted" in result.stdout


def test_aligned_table_on_a_terminal():
    """On a terminal, tables are aligned with a header rule."""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    assert 0 == main(["who", "MRB BANK", "--on", "2025-01-01"], stdout=out)
    lines = out.getvalue().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("list "))
    assert set(lines[header + 1].replace(" ", "")) == {"-"}
    assert "\t" not in out.getvalue()


def test_search_across_scripts():
    """The command search finds 리봉춘 from an ROK-style romanization and says how."""
    code, text = run("search", "Lee Bong-chun", "--limit", "3")
    assert 0 == code
    assert ["0.93", "kr-fsc:KF-876", "리봉춘", "romanization", "리봉춘"] == rows(text)[1]


def test_search_json_gives_the_matches():
    """The JSON of search: the query, the time asked (None without --on), the matches."""
    _, text = run("search", "Lee Bong-chun", "--limit", "2", "--json")
    answer = json.loads(text)
    assert (answer["query"], answer["on"], answer["data_ends"]) == ("Lee Bong-chun", None, [])
    best = answer["matches"][0]
    assert (best["entity"], best["how"], best["name"]["text"]) == (
        "kr-fsc:KF-876",
        "romanization",
        "리봉춘",
    )
    assert len(answer["matches"]) == 2
    _, text = run("search", "Lee Bong-chun", "--on", "2025-01-01", "--json")
    assert json.loads(text)["on"] == "2025-01-01"


def test_search_restricted_to_a_list_and_day():
    """The command search --list and --on keep only parties on those lists then."""
    _, text = run(
        "search", "KOREA MANDAL CREDIT BANK", "--list", "us-ofac-sdn", "--on", "2024-01-01"
    )
    assert "us-ofac:48219" not in [r[1] for r in rows(text)[1:]]
    _, text = run(
        "search", "KOREA MANDAL CREDIT BANK", "--list", "us-ofac-sdn", "--on", "2025-01-01"
    )
    assert "us-ofac:48219" == rows(text)[1][1]


def test_not_found_lists_closest_candidates(capsys):
    """The command who falls back to search and lists the closest records with their names."""
    code, _ = run("who", "Lee Bong-chun")
    err = capsys.readouterr().err
    assert 1 == code
    assert "kr-fsc:KF-876  리봉춘" in err


def test_an_ambiguous_name_lists_the_ids_to_give(tmp_path, capsys):
    """Two unlinked records of one name: the error lists both, as the ids to give."""
    from sanctionsmodel import Entity, Ledger, Name  # noqa: PLC0415 - this test only

    ledger = Ledger(
        entities=[
            Entity(id="us-ofac:1", kind="individual", names=[Name(text="KIM Chol")]),
            Entity(id="us-ofac:2", kind="individual", names=[Name(text="KIM Chol")]),
        ]
    )
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(ledger, path)
    assert run("who", "KIM Chol", "--data", str(path)) == (1, "")
    assert capsys.readouterr().err == (
        "sanctionsmodel: 'KIM Chol' matches 2 records:\n"
        "give one of these ids:\n  us-ofac:1  KIM Chol\n  us-ofac:2  KIM Chol\n"
    )


def test_out_and_dir_errors_name_their_option(tmp_path, capsys):
    """A path the system refuses is named with its option, not as a bare errno."""
    xml = "data/ofac/consolidated-2018/consolidated.xml"
    missing = tmp_path / "no"
    for out, why in (
        (missing / "x.jsonl", f"No such file or directory (the folder {missing})"),
        (tmp_path, "Is a directory"),
    ):
        # Refused before any input is read: the missing input is not the error.
        for inputs in ((xml,), (xml, str(missing / "SDN.XML"))):
            assert run("import", "ofac", *inputs, "--out", str(out))[0] == 2
            assert capsys.readouterr().err == f"sanctionsmodel: error: --out {out}: {why}\n"
    blocked = tmp_path / "file"
    blocked.write_text("")
    for folder, why in ((blocked / "sub", "Not a directory"), (blocked, "Not a directory")):
        code, _ = run("fetch", "ofac", "--dir", str(folder), "--base-url", "http://127.0.0.1:9")
        assert code == 2
        assert capsys.readouterr().err.startswith(f"sanctionsmodel: error: --dir {folder}: {why}")


def test_out_is_checked_as_the_system_would_write_it(tmp_path, capsys):
    """A file where a folder should be, a link that points nowhere or at itself: said at once."""
    xml = "data/ofac/consolidated-2018/consolidated.xml"
    afile = tmp_path / "afile"
    afile.write_text("")
    nowhere = tmp_path / "nowhere.jsonl"
    nowhere.symlink_to(tmp_path / "no" / "x.jsonl")
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    to_folder = tmp_path / "to-folder.jsonl"
    to_folder.symlink_to(f"{tmp_path}/new/")
    # A path ending in / names a folder: afile/ is not afile (as Path would have it).
    assert run("import", "ofac", xml, "--out", f"{afile}/")[0] == 2
    why = f"expected a file's path, got '{afile}/': it ends in /, as a folder's does"
    assert capsys.readouterr().err.endswith(f"argument --out: {why}\n")
    assert afile.read_text() == ""
    for out, why in (
        (afile / "x.jsonl", f"Not a directory (the folder {afile})"),
        (afile / "sub" / "x.jsonl", f"Not a directory (the folder {afile / 'sub'})"),
        (nowhere, f"No such file or directory (the folder {tmp_path / 'no'}, where it points)"),
        (loop, "Too many levels of symbolic links"),
        (to_folder, f"Is a directory (it points to {tmp_path}/new/)"),
    ):
        missing = str(tmp_path / "absent" / "SDN.XML")  # refused before this is read
        assert run("import", "ofac", xml, missing, "--out", str(out))[0] == 2
        assert capsys.readouterr().err == f"sanctionsmodel: error: --out {out}: {why}\n"
    # A link to a file not made yet, in a folder that exists, is written through.
    made = tmp_path / "made.jsonl"
    made.symlink_to(tmp_path / "target.jsonl")
    assert run("import", "ofac", xml, "--out", str(made))[0] == 0
    capsys.readouterr()
    assert (tmp_path / "target.jsonl").is_file()
    assert made.is_symlink()


def test_an_xml_file_without_its_date_is_said_so(tmp_path, capsys):
    """The schema lets Publish_Date be left out; the command line cannot date XML: it says so."""
    text = Path("data/ofac/consolidated-2018/consolidated.xml").read_text(encoding="utf-8")
    xml = tmp_path / "consolidated.xml"
    xml.write_text(text.replace("<Publish_Date>04/06/2018</Publish_Date>", ""), encoding="utf-8")
    why = (
        f"{xml}: the XML states no date (Publish_Date), which OFAC's files always do: the "
        "command line cannot date it (the library can: read(path, observed=...))"
    )
    for argv in (
        ("import", "ofac", str(xml), "--out", str(tmp_path / "l.jsonl")),
        ("diff", str(xml), str(xml)),
    ):
        assert run(*argv)[0] == 2
        assert capsys.readouterr().err == f"sanctionsmodel: error: {why}\n"


def test_out_never_writes_over_the_input(tmp_path, capsys, monkeypatch):
    """--out naming an input, or a file its folder is read for, is refused before any read."""
    folder, original = tmp_path / "cons", Path("data/ofac/consolidated-2018").resolve()
    shutil.copytree(original, folder)
    xml = folder / "consolidated.xml"
    before = xml.read_bytes()
    monkeypatch.chdir(tmp_path)
    for inputs, out, why in (
        ([str(xml)], "cons/consolidated.xml", f"is the input {xml}: write to another file"),
        (["cons"], "cons/consolidated.xml", "a .xml file in the input folder cons"),
        (["cons"], "./cons/NEW.CSV", "a .CSV file in the input folder cons"),
        (["cons"], "cons/archive.zip", "a .zip file in the input folder cons"),
    ):
        assert run("import", "ofac", *inputs, "--out", out)[0] == 2
        err = capsys.readouterr().err
        assert err.startswith(f"sanctionsmodel: error: --out {Path(out)}: {why}"), err
    assert xml.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in original.iterdir())
    # A ledger file beside the files it was read from is fine: nothing reads it there.
    argv = ("import", "ofac", "cons", "--format", "legacy-xml", "--out", "cons/ledger.jsonl")
    assert run(*argv)[0] == 0
    capsys.readouterr()
    assert run("lists", "--data", "cons/ledger.jsonl")[0] == 0


def test_fetch_dir_through_a_link(tmp_path, capsys, sdn_server):
    """A --dir link to a folder not made yet is made where it points; a loop is said."""
    link = tmp_path / "got"
    link.symlink_to(tmp_path / "real" / "ofac")
    argv = ("--base-url", sdn_server, "--file", "SDN.CSV")
    assert run("fetch", "ofac", "--dir", str(link), *argv)[0] == 0
    capsys.readouterr()
    assert (tmp_path / "real" / "ofac" / "sdn.csv").is_file()
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert run("fetch", "ofac", "--dir", str(loop), *argv)[0] == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"sanctionsmodel: error: --dir {loop}: Too many levels of symbolic links"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_names_the_out_file(capsys):
    """An error of the file system that names no file, while --out is written, names --out."""
    xml = "data/ofac/consolidated-2018/consolidated.xml"
    assert run("import", "ofac", xml, "--out", "/dev/full")[0] == 2
    assert capsys.readouterr().err == (
        "sanctionsmodel: error: --out /dev/full: No space left on device\n"
    )


@pytest.fixture
def sdn_server(tmp_path):
    """A local HTTP server on 127.0.0.1 serving one SDN.CSV row: its address."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "SDN.CSV").write_bytes(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n')
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_fetch_onto_a_folder_names_the_file_in_dir(tmp_path, capsys, monkeypatch, sdn_server):
    """A file to write that is a folder: named inside --dir, by any spelling of --dir."""
    (tmp_path / "got" / "sdn.csv").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    argv = ("fetch", "ofac", "--dir", "./got", "--base-url", sdn_server, "--file", "SDN.CSV")
    code, _ = run(*argv)
    assert code == 2
    # The server logs its requests on stderr too: the last line is ours.
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"sanctionsmodel: error: --dir got: Is a directory ({Path('got') / 'sdn.csv'})"
    )


def test_a_ledger_file_is_read_once_even_for_the_hints(tmp_path, capsys, monkeypatch):
    """An unknown name's closest records are named from the ledger already read, not a reread."""
    path = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(load_default(), path)
    reads = []
    real = serialize.load_ledger
    monkeypatch.setattr(serialize, "load_ledger", lambda p: reads.append(p) or real(p))
    code, _ = run("who", "Lee Bong-chun", "--data", str(path))
    assert 1 == code
    assert "kr-fsc:KF-876  리봉춘" in capsys.readouterr().err
    assert [path] == reads


def test_ambiguous_name_lists_the_records(capsys):
    """A name borne by unlinked records exits 1 and lists them."""
    code, _ = run("who", "KIM Tong Chol")
    err = capsys.readouterr().err
    assert 1 == code
    assert "matches 3 records" in err
    assert "us-ofac:22702" in err


#: diff of the sdn.csv files of 2024-05-02 and 05-03, each with its day.
_DIFF_0502_0503 = (
    "diff",
    "data/ofac/sdn-csv-2024-05-02",
    "data/ofac/sdn-csv-2024-05-03",
    "--observed",
    "2024-05-02",
    "--observed",
    "2024-05-03",
)


def test_diff_of_two_publications():
    """The command diff reports the 8 removals between the sdn.csv files of 2024-05-02 and 05-03."""
    code, text = run(
        *_DIFF_0502_0503,
    )
    assert 0 == code
    assert "0 added, 8 removed, 0 changed" in text
    # A delisting ends the programs the party had.
    assert ["delist", "us-ofac:38556", "EMPEROR AVIATION LTD", "-", "RUSSIA-EO14024", "-"] in rows(
        text
    )


def test_diff_table_shows_what_each_amend_changed():
    """Each amend row names the programs it adds and ends and the fields it changes."""
    code, text = run(
        "diff",
        "data/ofac/consolidated-2018/consolidated.xml",
        "data/ofac/cons-advanced-2020-03-17/cons_advanced.xml",
        "--max-shrink",
        "0.5",
    )
    assert code == 0
    table = {r[1]: r for r in rows(text)}
    assert table["us-ofac:15268"][3:] == ["561-Related", "561List", "identifiers"]
    assert table["us-ofac:17014"][3:] == ["-", "-", "identifiers, names"]


@pytest.mark.parametrize(
    ("observed", "message"),
    [
        ([], "no date in data/ofac/sdn-csv-2024-05-02, data/ofac/sdn-csv-2024-05-03"),
        (["--observed", "2024-05-02"], "1 --observed for 2 CSV paths"),
    ],
)
def test_diff_needs_a_date_per_csv_path(observed, message, capsys, monkeypatch):
    """The command diff of two CSV folders needs one --observed each; else exit 2, one line."""
    from sanctionsmodel.sources import ofac  # noqa: PLC0415 - to watch its reader

    monkeypatch.setattr(ofac, "read", None)  # refused before any file is read
    code, _ = run("diff", "data/ofac/sdn-csv-2024-05-02", "data/ofac/sdn-csv-2024-05-03", *observed)
    err = capsys.readouterr().err
    assert (2, 1) == (code, len(err.strip().splitlines()))
    assert message in err


def test_diff_json():
    """The command diff --json gives the actions in the serializer's form."""
    code, text = run(
        *_DIFF_0502_0503,
        "--json",
    )
    data = json.loads(text)
    assert 0 == code
    assert (data["older"], data["newer"], data["changes"]) == ("2024-05-02", "2024-05-03", [])
    removed = [e for a in data["actions"] if a["kind"] == "delist" for e in a["entities"]]
    assert (len(data["actions"]), len(removed), removed[0]) == (8, 8, "us-ofac:38556")


def test_diff_of_companion_folders_compares_rows(capsys):
    """Folders of add.csv and alt.csv alone make no publication: diff compares their rows."""
    old, new = "data/ofac/add-alt-2025-01-03", "data/ofac/add-alt-2025-01-06"
    code, text = run("diff", old, new)
    assert 0 == code
    assert ["add.csv", "44", "0", "0", "38", "0"] in rows(text)
    # The older folder's sdn_comments.csv has no newer copy: said, not compared.
    assert f"sdn_comments.csv: only in {old}, not compared" in text
    assert not any(r[0] == "sdn_comments.csv" for r in rows(text))
    code, text = run("diff", old, new, "--json")
    by_file = {d["file"]: d for d in json.loads(text)}
    assert 0 == code
    assert len(by_file["alt.csv"]["parties_added"]) == 16
    assert "50543/76632" in by_file["add.csv"]["added"]
    assert (by_file["sdn_comments.csv"]["only_in"], by_file["add.csv"]["only_in"]) == (
        "older",
        None,
    )
    code, _ = run("diff", old, new, "--observed", "2025-01-03")
    assert 2 == code
    assert "take no dates" in capsys.readouterr().err


def test_diff_of_a_companion_folder_and_a_publication_is_refused(capsys):
    """Only two companion folders compare by rows; a folder and a publication is an error."""
    code, _ = run(
        "diff",
        "data/ofac/add-alt-2025-01-03",
        "data/ofac/sdn-csv-2024-05-03",
        "--observed",
        "2024-05-03",
    )
    err = capsys.readouterr().err
    assert 2 == code
    assert "no primary CSV file" in err


def test_import_then_query_with_data(tmp_path):
    """The command import ofac writes a ledger file that --data queries."""
    out = tmp_path / "cons.jsonl"
    code, text = run(
        "import", "ofac", "data/ofac/consolidated-2018/consolidated.xml", "--out", str(out)
    )
    assert 0 == code
    assert "639 entities" in text
    _, text = run("who", "us-ofac:9639", "--data", str(out), "--on", "2018-04-06")
    assert "us-ofac-cons\tus-ofac:9639\tlisted" in text


def test_import_and_diff_warn_of_a_file_without_ofac_end_byte(tmp_path, capsys):
    """A CSV that may be cut at a line end is imported, with a warning on stderr only."""
    lines = Path("data/ofac/sdn-csv-2024-05-03/sdn.csv").read_bytes().splitlines(keepends=True)
    folder = tmp_path / "cut"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(b"".join(lines[:100]))
    out = tmp_path / "sdn.jsonl"
    argv = ("import", "ofac", str(folder), "--observed", "2024-05-03", "--out", str(out))
    code, text = run(*argv)
    err = capsys.readouterr().err
    assert (code, "warning" in text) == (0, False)
    assert err == (
        f"sanctionsmodel: warning: {folder / 'sdn.csv'}: no 0x1A end byte, which OFAC's own "
        "files end with: a copy, or a file cut at a line end (then entries are missing; "
        "the CSV states no count)\n"
    )
    code, text = run(*argv, "--json")
    assert json.loads(text)["publications"][0]["warnings"] == [err.split("warning: ")[1][:-1]]
    assert capsys.readouterr().err == err
    observed = ("--observed", "2024-05-02", "--observed", "2024-05-03")
    code, _ = run(
        "diff", "data/ofac/sdn-csv-2024-05-03", str(folder), *observed, "--max-shrink", "1"
    )
    assert (code, capsys.readouterr().err) == (0, err)  # the cut one only


def test_import_and_diff_read_zip_archives(tmp_path):
    """Commands import and diff take a .zip archive as the file it holds, named as the source."""
    zipped = tmp_path / "consolidated.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write("data/ofac/consolidated-2018/consolidated.xml", "consolidated.xml")
    out = tmp_path / "cons.jsonl"
    code, text = run("import", "ofac", str(zipped), "--out", str(out))
    assert 0 == code
    assert "639 entities" in text
    (seen,) = serialize.load_ledger(out).observations
    assert seen.source == f"{zipped}!consolidated.xml"
    _, text = run("who", "us-ofac:9639", "--data", str(out), "--on", "2018-04-06")
    assert "us-ofac-cons\tus-ofac:9639\tlisted" in text
    older = tmp_path / "sdn-2024-05-02.zip"
    with zipfile.ZipFile(older, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write("data/ofac/sdn-csv-2024-05-02/sdn.csv", "sdn.csv")
    days = ("--observed", "2024-05-02", "--observed", "2024-05-03")
    code, text = run("diff", str(older), "data/ofac/sdn-csv-2024-05-03", *days, "--json")
    assert 0 == code
    assert [a["kind"] for a in json.loads(text)["actions"]] == ["delist"] * 8
    # Archives of add.csv and alt.csv alone compare row by row, as their folders.
    zips = []
    for name in ("add-alt-2025-01-03", "add-alt-2025-01-06"):
        zips.append(tmp_path / f"{name}.zip")
        with zipfile.ZipFile(zips[-1], "w") as archive:
            for f in sorted(Path("data/ofac", name).iterdir()):
                archive.write(f, f.name)
    _, zipped_rows = run("diff", *map(str, zips))
    _, folder_rows = run("diff", "data/ofac/add-alt-2025-01-03", "data/ofac/add-alt-2025-01-06")
    assert rows(zipped_rows) == rows(folder_rows)
    assert any(row[0] == "alt.csv" for row in rows(zipped_rows))
    assert f"only in {zips[0]}, not compared" in zipped_rows


def test_import_csv_folders_each_with_its_day(tmp_path):
    """Two CSV folders, one --observed each: the ledger dates the removals between them."""
    out = tmp_path / "sdn.jsonl"
    code, text = run(
        "import",
        "ofac",
        "data/ofac/sdn-csv-2024-05-02",
        "data/ofac/sdn-csv-2024-05-03",
        "--observed",
        "2024-05-02",
        "--observed",
        "2024-05-03",
        "--out",
        str(out),
    )
    assert 0 == code
    assert "us-ofac-sdn as of 2024-05-03, 14965 entities" in text
    answers = []
    for day in ("2024-05-02", "2024-05-03"):
        _, text = run("who", "us-ofac:38556", "--data", str(out), "--on", day)
        answers.append(text)
    assert "us-ofac-sdn\tus-ofac:38556\tlisted" in answers[0]
    assert "not on any list" in answers[1]


@pytest.mark.parametrize(
    ("paths", "observed", "message"),
    [
        # One day for two CSV folders would date them alike.
        (
            ["data/ofac/sdn-csv-2024-05-02", "data/ofac/sdn-csv-2024-05-03"],
            ["2024-05-02"],
            "1 --observed for 2 CSV paths",
        ),
        (
            ["data/ofac/sdn-csv-2024-05-02", "data/ofac/sdn-csv-2024-05-03"],
            [],
            "no date in data/ofac/sdn-csv-2024-05-02, data/ofac/sdn-csv-2024-05-03",
        ),
        # The XML carries its date: the day given has nothing to date.
        (["data/ofac/consolidated-2018/consolidated.xml"], ["2018-04-06"], "drop it"),
        # Two days for the one CSV path among an XML file and a CSV folder.
        (
            ["data/ofac/consolidated-2018/consolidated.xml", "data/ofac/cons-csv-2025-12"],
            ["2018-04-06", "2025-12-19"],
            "2 --observed for 1 CSV path",
        ),
        (
            ["data/ofac/sdn-csv-2024-05-02"],
            ["2024-05-32"],
            "--observed: expected a date (YYYY-MM-DD), got '2024-05-32': day is out of range",
        ),
    ],
)
def test_import_needs_one_day_per_csv_path(tmp_path, paths, observed, message, capsys, monkeypatch):
    """The command import ofac refuses --observed counts that do not match its CSV paths.

    The names of the paths tell: it refuses before reading any file.
    """
    from sanctionsmodel.sources import ofac  # noqa: PLC0415 - to watch its readers

    def unread(*_args, **_kwargs):
        raise AssertionError("a file was read")

    monkeypatch.setattr(ofac, "read", unread)
    monkeypatch.setattr(ofac, "read_all", unread)
    days = [arg for day in observed for arg in ("--observed", day)]
    code, _ = run("import", "ofac", *paths, *days, "--out", str(tmp_path / "x.jsonl"))
    err = capsys.readouterr().err
    assert (2, 1) == (code, len(err.strip().splitlines()))
    assert message in err
    assert not (tmp_path / "x.jsonl").exists()


def test_import_xml_and_csv_with_max_shrink(tmp_path, capsys):
    """An XML file and a later CSV folder: the CSV's --observed only; --max-shrink allows a shrink.

    The consolidated list holds 639 parties in 2018 and 442 in the CSV of
    December 2025, a loss of 31%.
    """
    paths = ["data/ofac/consolidated-2018/consolidated.xml", "data/ofac/cons-csv-2025-12"]
    out = tmp_path / "cons.jsonl"
    argv = ["import", "ofac", *paths, "--observed", "2025-12-19", "--out", str(out)]
    code, _ = run(*argv)
    assert 2 == code
    assert "30.8%" in capsys.readouterr().err
    code, text = run(*argv, "--max-shrink", "0.35")
    assert 0 == code
    assert "us-ofac-cons as of 2018-04-06, 639 entities" in text
    assert "us-ofac-cons as of 2025-12-19, 442 entities" in text


def test_fetch_from_a_local_server(tmp_path, sdn_server):
    """The command fetch ofac downloads from the server given, then finds the file unchanged."""
    args = (
        "fetch",
        "ofac",
        "--dir",
        str(tmp_path / "got"),
        "--base-url",
        sdn_server,
        "--file",
        "SDN.CSV",
    )
    code, text = run(*args)
    assert 0 == code
    assert "downloaded" == rows(text)[1][1]
    code, text = run(*args)
    assert "not-modified" == rows(text)[1][1]


def test_fetch_304_without_a_copy_is_one_line(tmp_path, capsys):
    """A server answering 304 to a first download: exit 2, one line, no traceback."""

    class Always304(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(304)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Always304)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        code, _ = run("fetch", "ofac", "--dir", str(tmp_path), "--base-url", url, "--file", "X.CSV")
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert (2, 1) == (code, len(err.strip().splitlines()))
    assert "304 Not Modified to a request that was not conditional" in err


def test_import_new_program_tag_needs_naming(tmp_path, capsys):
    """A program tag OFAC created after this release is refused until --program names it."""
    excerpt = Path("data/ofac/sdn-csv-excerpt-2026/sdn_excerpt.csv")
    text = excerpt.read_text(encoding="utf-8")
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "sdn.csv").write_text(
        text.replace("DPRK4] [RUSSIA-EO14024", "DPRK4] [ICC-EO14203"), encoding="utf-8"
    )
    out = tmp_path / "l.jsonl"
    args = ("import", "ofac", str(folder), "--observed", "2026-01-01", "--out", str(out))
    code, _ = run(*args)
    err = capsys.readouterr().err
    assert 2 == code
    assert "unknown OFAC program tag 'ICC-EO14203'" in err
    assert not out.exists()
    code, _ = run(*args, "--program", "ICC-EO14203")
    assert 0 == code
    ledger = serialize.load_ledger(out)
    assert "ICC-EO14203" in ledger.programs


def test_diff_of_companion_folders_with_upper_case_names(tmp_path):
    """OFAC's own download names (ADD.CSV, ALT.CSV) compare as the lower-case ones."""
    for day in ("2025-01-03", "2025-01-06"):
        folder = tmp_path / day
        folder.mkdir()
        for name in ("add.csv", "alt.csv"):
            source = Path(f"data/ofac/add-alt-{day}") / name
            (folder / name.upper()).write_bytes(source.read_bytes())
    code, text = run("diff", str(tmp_path / "2025-01-03"), str(tmp_path / "2025-01-06"))
    assert 0 == code
    assert ["add.csv", "44", "0", "0", "38", "0"] in rows(text)


def test_import_folder_of_both_sets_reads_each(tmp_path):
    """A folder of both CSV sets (as fetch writes it) imports both lists under one day."""
    import shutil  # noqa: PLC0415

    folder = tmp_path / "fetched"
    folder.mkdir()
    for src in ("data/ofac/sdn-csv-2024-05-03", "data/ofac/cons-csv-2025-12"):
        for child in Path(src).iterdir():
            shutil.copy(child, folder / child.name)
    out = tmp_path / "both.jsonl"
    code, text = run("import", "ofac", str(folder), "--observed", "2026-01-01", "--out", str(out))
    assert 0 == code
    assert "us-ofac-sdn as of 2026-01-01, 14965 entities" in text
    assert "us-ofac-cons as of 2026-01-01, 442 entities" in text
    code, text = run(
        "import",
        "ofac",
        str(folder),
        "--list",
        "us-ofac-cons",
        "--observed",
        "2026-01-01",
        "--out",
        str(out),
    )
    assert 0 == code
    assert "us-ofac-sdn" not in text


def test_format_chooses_one_publication_of_a_folder(capsys):
    """A folder holding a CSV set beside its XML needs --format; the error names the option."""
    folder = "data/ofac/consolidated-2018"
    code, _ = run("diff", folder, folder, "--observed", "2018-04-06")
    assert 2 == code
    assert "--format" in capsys.readouterr().err
    code, text = run(
        "diff",
        folder,
        "data/ofac/cons-csv-2025-12",
        "--format",
        "csv",
        "--observed",
        "2018-04-06",
        "--observed",
        "2025-12-19",
        "--max-shrink",
        "0.35",
    )
    assert 0 == code
    assert text.startswith("us-ofac-cons: 2018-04-06 -> 2025-12-19")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_data_from_a_pipe(tmp_path):
    """--data reads a ledger from a pipe (``--data <(zcat ledger.jsonl.gz)``), not only a file."""
    from sanctionsmodel.data import load_default  # noqa: PLC0415

    saved = tmp_path / "ledger.jsonl"
    serialize.dump_ledger(load_default(), saved)
    fifo = tmp_path / "ledger.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(saved.read_bytes()))
    writer.start()
    try:
        code, text = run("who", "52114", "--data", str(fifo))
    finally:
        # Once the command has read the pipe, the writer ends at once; a check
        # of is_alive() alone may see it still closing, and a reader opened
        # then would wait for a writer that never comes.
        writer.join(timeout=30)
        if writer.is_alive():  # the command never opened the pipe: let the writer finish
            with fifo.open("rb") as fh:
                fh.read()
        writer.join()
    assert code == 0
    assert "us-ofac:52114" in text


def test_imported_ledger_knows_nothing_before_its_first_publication(tmp_path):
    """who, snapshot and lists say UNKNOWN (and why) before the first publication imported."""
    out = tmp_path / "cons.jsonl"
    xml = "data/ofac/consolidated-2018/consolidated.xml"
    assert 0 == run("import", "ofac", xml, "--out", str(out))[0]
    # Listed from the publication's day on; before it, every party is unknown.
    _, after = run("who", "us-ofac:9639", "--data", str(out), "--on", "2018-04-07")
    assert "us-ofac-cons\tus-ofac:9639\tlisted" in after
    _, text = run("lists", "--data", str(out), "--on", "2017-01-01")
    assert "list\tjurisdiction\tlisted\tunknown\tobserved\tprograms (listed)" in text
    assert "us-ofac-cons\tUS\t0\t639+\t2018-04-06 (1)\t" in text
    assert "(unknown+: before a list's first observation" in text
    # The ledger holds only the list it imported.
    assert "us-ofac-sdn" not in text
    _, data = run("lists", "--data", str(out), "--on", "2017-01-01", "--json")
    (entry,) = json.loads(data)["lists"]
    assert (entry["complete"], entry["coverage"]["first"]["observed"]) == (False, "2018-04-06")
    _, text = run("snapshot", "us-ofac-cons", "--data", str(out), "--on", "2017-01-01")
    assert "(not complete: the time asked is before the ledger's record of us-ofac-cons" in text
    _, text = run("snapshot", "us-ofac-cons", "--data", str(out), "--on", "2018-04-06")
    assert "not complete" not in text
    for day, complete in (("2017-01-01", False), ("2018-04-06", True)):
        _, data = run("snapshot", "us-ofac-cons", "--data", str(out), "--on", day, "--json")
        assert json.loads(data)["complete"] is complete
    # changes says it cannot show what happened before the record starts.
    _, text = run("changes", "--from", "2018-01-01", "--to", "2018-04-06", "--data", str(out))
    assert text.rstrip().endswith(
        "(not complete for us-ofac-cons: on 2018-01-01, the time asked is before the ledger's "
        "record of us-ofac-cons, which starts with its observation of 2018-04-06 "
        "(data/ofac/consolidated-2018/consolidated.xml))"
    )
    _, text = run("changes", "--from", "2018-04-06", "--to", "2018-04-07", "--data", str(out))
    assert "not complete" not in text
    for start, complete in (("2018-04-05", False), ("2018-04-06", True)):
        _, data = run(
            "changes", "--from", start, "--to", "2018-04-07", "--data", str(out), "--json"
        )
        answer = json.loads(data)
        assert (answer["start"], answer["complete"]) == (start, complete)
        assert [c["list"] for c in answer.get("coverage", [])] == (
            [] if complete else ["us-ofac-cons"]
        )
        assert len(answer["changes"]) == 639
    _, text = run(
        "who", "us-ofac:9639", "--data", str(out), "--on", "2018-04-06", "--known-on", "2018-04-05"
    )
    assert "us-ofac-cons\tus-ofac:9639\tunknown\t-\t\t" in text
    assert "the ledger knows no observation of us-ofac-cons recorded by 2018-04-05" in text


def test_imported_ledger_says_where_its_data_ends(tmp_path):
    """A day after the last publication read (or now) is answered with where the data ends."""
    out = tmp_path / "cons.jsonl"
    xml = "data/ofac/consolidated-2018/consolidated.xml"
    assert 0 == run("import", "ofac", xml, "--out", str(out))[0]
    ends = (
        "(us-ofac-cons: the data ends with its observation of 2018-04-06 "
        f"({xml}); what changed since is not in it)"
    )
    data = ("--data", str(out))
    for argv in (
        ("who", "us-ofac:9639", *data),
        ("who", "us-ofac:9639", *data, "--on", "2018-04-07"),
        ("snapshot", "us-ofac-cons", *data),
        ("lists", *data, "--on", "2018-04-07"),
        ("changes", "--from", "2018-04-06", "--to", "2018-04-07", *data),
        ("search", "KOREA", *data, "--on", "2018-04-07"),
        ("search", "KOREA", *data, "--on", "2018-04-07", "--list", "us-ofac-cons"),
    ):
        code, text = run(*argv)
        assert (code, text.splitlines()[1]) == (0, ends), argv  # under the header
        # --json says it as data, the last observation of each such list.
        assert json.loads(run(*argv, "--json")[1])["data_ends"] == [
            {
                "list": "us-ofac-cons",
                "observed": "2018-04-06",
                "recorded": "2018-04-06",
                "source": xml,
            }
        ], argv
    for argv in (
        ("who", "us-ofac:9639", *data, "--on", "2018-04-06"),
        ("who", "us-ofac:9639", *data, "--on", "2018-04-06T23:59:59-04:00"),
        ("snapshot", "us-ofac-cons", *data, "--on", "2018-04-06"),
        ("changes", "--from", "2018-04-05", "--to", "2018-04-06", *data),
        ("search", "KOREA", *data, "--on", "2018-04-06"),
        ("search", "KOREA", *data),  # names at any time: no day asked
        ("who", "MRB BANK"),  # the bundled data holds its lists whole
        ("lists",),
    ):
        assert "the data ends" not in run(*argv)[1], argv
        assert json.loads(run(*argv, "--json")[1])["data_ends"] == [], argv
    # The header says what --known-on asked.
    _, text = run("who", "us-ofac:9639", *data, "--on", "2018-04-06", "--known-on", "2018-04-05")
    assert text.splitlines()[0].endswith("on 2018-04-06, as known on 2018-04-05")
    _, text = run("snapshot", "kr-fsc-ftr", "--on", "2025-01-01", "--known-on", "2024-12-18")
    head, _, counted = text.splitlines()[0].partition(": ")
    assert head == "kr-fsc-ftr on 2025-01-01, as known on 2024-12-18"
    # Rounds recorded later are not known then: fewer listed than the ledger shows now.
    everything = run("snapshot", "kr-fsc-ftr", "--on", "2025-01-01")[1].split(": ")[1]
    assert int(counted.split()[0]) < int(everything.split()[0])
    _, text = run(
        "changes", "--from", "2024-12-19", "--to", "2024-12-19", "--known-on", "2024-12-31"
    )
    assert text.startswith("1 action effective 2024-12-19 to 2024-12-19, as known on 2024-12-31")


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                for inner, subsub in _subparsers(sub):
                    yield f"{name} {inner}", subsub


def test_every_option_and_argument_says_what_it_is():
    """Each command's --help explains every option and argument it takes."""
    from sanctionsmodel.cli import _parser  # noqa: PLC0415

    silent = [
        f"{name}: {action.dest}"
        for name, sub in _subparsers(_parser())
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert [] == silent


def test_a_command_runs_with_the_cyclic_collector_paused(monkeypatch):
    """A command runs with the collector paused, and main turns it back on, even on an error."""
    import gc  # noqa: PLC0415

    from sanctionsmodel import cli  # noqa: PLC0415
    from sanctionsmodel.exceptions import SanctionsModelError  # noqa: PLC0415

    seen = []

    def command(*_args):
        seen.append(gc.isenabled())
        raise SanctionsModelError("stop")

    monkeypatch.setattr(cli, "_cmd_lists", command)
    assert gc.isenabled()
    assert 2 == run("lists")[0]
    assert [False] == seen
    assert gc.isenabled()


def test_counts_of_one_are_singular(tmp_path):
    """Counts of one read `1 entity`, `1 action`, `1 record`; the read counts are labelled."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(
        b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'
    )
    out = tmp_path / "one.jsonl"
    code, text = run("import", "ofac", str(folder), "--observed", "2024-05-03", "--out", str(out))
    assert code == 0
    assert text.splitlines() == [
        (
            f"read {folder}: us-ofac-sdn as of 2024-05-03, 1 entity "
            "(sdn.csv rows: 1, parties with remarks kept as text: 0)"
        ),
        f"wrote {out}: 1 entity, 1 action (query it with --data {out})",
    ]
    code, text = run("lists", "--data", str(out), "--on", "2024-05-03")
    assert text.splitlines()[0] == "on 2024-05-03; 1 record, 1 action"
