"""Tests of the FSC annex reader."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from sanctionsmodel import ActionKind, EntityKind, Feature, Identifier, Name, NameKind, Status
from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources import diff, kr_fsc, replay

KST = ZoneInfo("Asia/Seoul")
ROK = Path(__file__).resolve().parents[2] / "data" / "rok"
TABLE = ROK / "fsc-annex-2026-2-entries-473-1066.csv"
TEXT = ROK / "fsc-annex-2026-2-entries-860-899.txt"


@pytest.fixture(scope="module")
def table():
    """The annex table of notice 2026-2, entries 473-1066."""
    return kr_fsc.read(TABLE)


@pytest.fixture(scope="module")
def text():
    """The annex text fixture, entries 860-899."""
    return kr_fsc.read(TEXT)


def _by_number(pub):
    return {e.id: e for e in pub.entities}


def test_table_publication_header(table):
    """The table reads as notice 2026-2, issued 2026-01-14, in force 2026-01-22 00:00 KST."""
    expected = (
        "kr-fsc-ftr",
        "2026-2",
        date(2026, 1, 14),
        datetime(2026, 1, 22, tzinfo=ZoneInfo("Asia/Seoul")),
        1066,
        594,
    )
    actual = (
        table.list,
        table.notice,
        table.published,
        table.effective,
        table.record_count,
        len(table.entities),
    )
    assert expected == actual


def test_table_entry_numbers(table):
    """Entries run from 473 to 1066 without gaps."""
    assert list(kr_fsc.entries_of(table)) == list(range(473, 1067))


def test_parser_artefacts_fixed(table):
    """Persons the parser labelled as organizations are individuals."""
    entities = _by_number(table)
    kinds = {entities[f"kr-fsc:KF-{n}"].kind for n in (790, 795, 797, 875, 876, 877)}
    assert kinds == {EntityKind.INDIVIDUAL}


def test_affiliations_are_not_names(table):
    """국방과학원 is KF-794's affiliation, not a name."""
    entity = _by_number(table)["kr-fsc:KF-794"]
    assert ["리성학"] == [n.text for n in entity.names]
    assert Feature(type="affiliation", value="국방과학원") in entity.features


def test_mixed_entry_split_into_names_and_dob(table):
    """Kang Sun Nam 강순남 DOB Jan 3, 1956 gives two names and a date of birth."""
    entity = _by_number(table)["kr-fsc:KF-792"]
    expected = ([("Kang Sun Nam", "Latn"), ("강순남", "Hang")], ["1956-01-03"])
    actual = ([(n.text, n.script) for n in entity.names], [str(d) for d in entity.birth_dates])
    assert expected == actual


def test_truncated_dob_kept_as_text(table):
    """A date of birth printed without a year is kept as text, not guessed."""
    entity = _by_number(table)["kr-fsc:KF-801"]
    assert (entity.birth_dates, entity.features[-1]) == (
        (),
        Feature(type="date of birth (as printed)", value="May 7"),
    )


def test_program_tag_is_not_a_program(table):
    """E.O.13382 is kept as a program tag; the ROK program is KR-TFPA."""
    entity = _by_number(table)["kr-fsc:KF-486"]
    expected = [
        Feature(type="program", value="KR-TFPA"),
        Feature(type="program tag", value="E.O.13382"),
    ]
    assert expected == list(entity.features)


def test_identifier_and_nationality(table):
    """Each entity carries its annex position and, for persons, the printed nationality."""
    entity = _by_number(table)["kr-fsc:KF-874"]
    expected = (
        (Identifier(scheme="kr-fsc-annex", value="KF-874", country="KR"),),
        ("Korea, North",),
    )
    assert expected == (entity.identifiers, entity.nationalities)


def test_cyrillic_alias_split(table):
    """CHOLSON LLC(Cyrillic: OOO ЧХОЛСАН gives a Latin and a Cyrillic name."""
    names = [(n.text, n.script) for n in _by_number(table)["kr-fsc:KF-758"].names]
    assert [("CHOLSON LLC", "Latn"), ("OOO ЧХОЛСАН", "Cyrl")] == names[3:5]


def test_text_matches_table(table, text):
    """The text fixture reads into the same names and kinds as the table rows it came from."""
    rows = _by_number(table)
    expected = [(e.id, e.kind, sorted(n.text for n in rows[e.id].names)) for e in text.entities]
    actual = [(e.id, e.kind, sorted(n.text for n in e.names)) for e in text.entities]
    assert expected == actual


def test_text_header(text):
    """The text's notice lines and header count are read; the reference section is skipped."""
    expected = ("2026-2", date(2026, 1, 14), 40, 40)
    assert expected == (text.notice, text.published, text.record_count, len(text.entities))


def test_hangul_only_person_in_text(text):
    """리봉춘 alone on its line reads as a person."""
    assert _by_number(text)["kr-fsc:KF-876"].kind is EntityKind.INDIVIDUAL


def test_header_count_checked(tmp_path):
    """Fewer entries than the header states is refused."""
    lines = TEXT.read_text(encoding="utf-8").replace("(40명)", "(41명)")
    path = tmp_path / "annex.txt"
    path.write_text(lines, encoding="utf-8")
    with pytest.raises(TruncatedPublicationError, match="40 entries read, the header states 41"):
        kr_fsc.read(path)


def test_numbering_gap_refused(tmp_path):
    """A gap in the numbering is refused with its line."""
    lines = TEXT.read_text(encoding="utf-8").replace("870. TONGBANG", "871. TONGBANG", 1)
    path = tmp_path / "annex.txt"
    path.write_text(lines, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        kr_fsc.read(path)
    assert info.value.line == 17


def test_expected_count_checked():
    """The caller's expected count is checked."""
    with pytest.raises(TruncatedPublicationError, match="594 entries read, expected 1066"):
        kr_fsc.read(TABLE, expected_count=1066)


def test_range_from_file_name_checked(tmp_path):
    """A table whose rows fall short of the range its name states is refused."""
    rows = TABLE.read_text(encoding="utf-8").splitlines()
    short = tmp_path / "fsc-annex-2026-2-entries-473-1066.csv"
    short.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    (tmp_path / "fsc-annex-2026-2-meta.json").write_text(
        (ROK / "fsc-annex-2026-2-meta.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(TruncatedPublicationError, match="entries 473-1065 read"):
        kr_fsc.read(short)


def test_missing_notice_refused(tmp_path):
    """A table without a metadata file or notice is refused."""
    path = tmp_path / "annex.csv"
    path.write_text(TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SourceError, match="notice is not given"):
        kr_fsc.read(path)


def test_notice_given_by_caller(tmp_path):
    """The caller may give the notice."""
    path = tmp_path / "annex.csv"
    path.write_text(TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    notice = kr_fsc.NoticeInfo(
        notice="2026-2", issued=date(2026, 1, 14), effective=date(2026, 1, 22)
    )
    assert kr_fsc.read(path, notice=notice).notice == "2026-2"


def test_missing_column_refused(tmp_path):
    """A table without a required column names it."""
    path = tmp_path / "annex.csv"
    path.write_text("entry_no,entry_id\n473,KF-473\n", encoding="utf-8")
    notice = kr_fsc.NoticeInfo(notice="x", issued=date(2026, 1, 1), effective=date(2026, 1, 2))
    with pytest.raises(SourceError, match="missing columns"):
        kr_fsc.read(path, notice=notice)


def test_parse_entry_ofac_style():
    """An OFAC-style entry gives names, a.k.a.s, DOB, nationality and tags."""
    entry = kr_fsc.parse_entry(
        "KIM, Won Hong (a.k.a. KIM, Won-hong); 김원홍; DOB 1945; "
        "nationality Korea, North; (individual) [E.O.13687]"
    )
    expected = (
        ["KIM, Won Hong", "KIM, Won-hong", "김원홍"],
        ["1945"],
        ("Korea, North",),
        ("E.O.13687",),
        True,
    )
    actual = (
        [n for n, _ in entry.names],
        [str(d) for d in entry.birth_dates],
        entry.countries,
        entry.tags,
        entry.individual,
    )
    assert expected == actual


def test_parse_entry_link_to():
    """'link to X' is an affiliation."""
    entry = kr_fsc.parse_entry("조명철 link to First Credit Bank")
    assert (["조명철"], ("First Credit Bank",)) == ([n for n, _ in entry.names], entry.affiliations)


def _revision(pub):
    """A later notice made in memory: KF-871 dropped, a name added to KF-874, a month later."""
    entities = []
    for entity in pub.entities:
        if entity.id == "kr-fsc:KF-871":
            continue
        if entity.id == "kr-fsc:KF-874":
            name = Name(text="KIM, Yongbok", kind=NameKind.AKA)
            entities.append(attrs.evolve(entity, names=(*entity.names, name)))
        else:
            entities.append(entity)
    return attrs.evolve(
        pub,
        source="notice 2026-3 (made in memory)",
        notice="2026-3",
        published=date(2026, 2, 14),
        effective=datetime(2026, 2, 22, tzinfo=KST),
        entities=tuple(entities),
        record_count=39,
    )


def test_successive_notices_diff(text):
    """Two notices diff into a delist and a data amend, between their effective times (KST)."""
    result = diff(text, _revision(text))
    expected = [
        (
            "kr-fsc-ftr/2026-02-14/notice-2026-3/amend/KF-874",
            ActionKind.AMEND,
            ("kr-fsc:KF-874",),
            ("names",),
            datetime(2026, 1, 22, tzinfo=KST),
            datetime(2026, 2, 22, tzinfo=KST),
            date(2026, 2, 14),
        ),
        (
            "kr-fsc-ftr/2026-02-14/notice-2026-3/delist/KF-871",
            ActionKind.DELIST,
            ("kr-fsc:KF-871",),
            (),
            datetime(2026, 1, 22, tzinfo=KST),
            datetime(2026, 2, 22, tzinfo=KST),
            date(2026, 2, 14),
        ),
    ]
    actual = [
        (
            a.id,
            a.kind,
            a.entities,
            a.fields,
            a.effective.earliest,
            a.effective.latest,
            a.recorded,
        )
        for a in result.actions
    ]
    assert expected == actual
    assert result.actions[1].effective.evidence[0] == (
        "present in the kr-fsc-ftr publication of 2026-01-14, notice 2026-2 "
        f"({text.source}), "
        "in force from 2026-01-22T00:00:00+09:00"
    )


def test_successive_notices_replay(text):
    """Replayed, the dropped entry is listed, then unknown, then not listed, in KST days."""
    ledger = replay([text, _revision(text)])

    def status(entity, on, view=ledger):
        return view.status(entity, "kr-fsc-ftr", on=on).status

    expected = (
        Status.UNKNOWN,  # before 2026-01-22 00:00 KST: "on or before" the first notice
        Status.UNKNOWN,  # in force on 01-22, delisted at some moment until 02-22 00:00 KST
        Status.UNKNOWN,  # 02-21 23:00 KST
        Status.NOT_LISTED,  # from 02-22 (KST)
        Status.NOT_LISTED,  # 02-21 15:00 UTC is 02-22 00:00 KST
        Status.LISTED,  # as known on 02-13, before the revision was issued
        Status.LISTED,  # KF-874 stays listed through its amendment
    )
    actual = (
        status("kr-fsc:KF-871", "2026-01-21"),
        status("kr-fsc:KF-871", "2026-01-22"),
        status("kr-fsc:KF-871", datetime(2026, 2, 21, 23, tzinfo=KST)),
        status("kr-fsc:KF-871", "2026-02-22"),
        status("kr-fsc:KF-871", datetime(2026, 2, 21, 15, tzinfo=ZoneInfo("UTC"))),
        status("kr-fsc:KF-871", "2026-03-01", ledger.as_of("2026-02-13")),
        status("kr-fsc:KF-874", "2026-03-01"),
    )
    assert expected == actual
    assert [(a.kind, a.fields) for a in ledger.history("kr-fsc:KF-874")] == [
        (ActionKind.DESIGNATE, ()),
        (ActionKind.AMEND, ("names",)),
    ]
    assert "KIM, Yongbok" in [n.text for n in ledger.entities["kr-fsc:KF-874"].names]
