"""The CSV set reader: sdn.csv + add.csv + alt.csv + sdn_comments.csv."""

from __future__ import annotations

import re
import shutil
import tracemalloc
from datetime import date

import attrs
import pytest

from sanctionsmodel import (
    Address,
    EntityKind,
    Feature,
    Identifier,
    Name,
    NameKind,
    PartialDate,
    Relationship,
)
from sanctionsmodel.exceptions import SourceError, TruncatedPublicationError
from sanctionsmodel.sources import programs_of
from sanctionsmodel.sources.ofac import read

ROW_52119 = (
    '52119,"VOSTOK TRADING LIMITED LIABILITY COMPANY",-0- ,"DPRK4] [RUSSIA-EO14024",'
    '-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Organization Established Date 30 Apr 2015; '
    "Tax ID No. 2511092929 (Russia); a.k.a. 'EAST TRADING'.\"\r\n"
)


def _by_id(pub):
    return {e.id: e for e in pub.entities}


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_excerpt_seed_entity(data):
    """A real 2026 row becomes a typed entity: names, identifiers, programs, features."""
    pub = read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv")
    kim = _by_id(pub)["us-ofac:52114"]
    assert (pub.list, len(pub.entities), pub.published) == ("us-ofac-sdn", 18, None)
    assert kim.kind is EntityKind.INDIVIDUAL
    assert kim.names == (
        Name(text="KIM, Yong Bok", kind=NameKind.PRIMARY),
        Name(text="KIM, Yongbok", kind=NameKind.WEAK_AKA),
    )
    assert kim.birth_dates == (PartialDate(year=1957, month=7, day=27),)
    assert kim.nationalities == ("Korea, North",)
    assert kim.gender == "Male"
    assert kim.identifiers == (
        Identifier(scheme="passport", value="654420047", country="Korea, North"),
    )
    assert programs_of(kim) == ("DPRK2",)


def test_program_join_split(data):
    """The `] [` join of program tags is split into programs."""
    pub = read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv")
    assert programs_of(_by_id(pub)["us-ofac:52119"]) == ("DPRK4", "RUSSIA-EO14024")


def test_weak_akas_from_remarks(data):
    """Weak a.k.a. clauses of Remarks become WEAK_AKA names."""
    pub = read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv")
    names = _by_id(pub)["us-ofac:48219"].names
    assert [n.text for n in names if n.kind is NameKind.WEAK_AKA] == ["ANSAN", "KMCB"]


def test_weak_fka_and_nka_keep_their_kind(sdn_0503):
    """Remarks' weak f.k.a. (former vessel names) and n.k.a. keep their kind, graded weak."""
    ids = _by_id(sdn_0503)
    ebano = [(n.kind, n.text) for n in ids["us-ofac:4243"].names]
    assert ebano == [
        (NameKind.PRIMARY, "EBANO"),
        (NameKind.WEAK_FKA, "ANA I"),
        (NameKind.WEAK_FKA, "SAND SWAN"),
    ]
    nka = [n for n in ids["us-ofac:41920"].names if n.kind is NameKind.WEAK_NKA]
    assert len(nka) == 1
    assert nka[0].kind.weak
    kinds = {n.kind for e in sdn_0503.entities for n in e.names}
    assert {NameKind.WEAK_AKA, NameKind.WEAK_FKA, NameKind.WEAK_NKA} <= kinds


def test_alt_csv_alias_kinds(data):
    """alt.csv's aka, fka and nka rows are strong names of those kinds."""
    pub = read(data / "sdn-csv-set-2021-07", observed="2021-07-01")
    kinds = {n.kind for e in pub.entities for n in e.names}
    assert {NameKind.AKA, NameKind.FKA, NameKind.NKA} <= kinds


def test_linked_to_is_a_relationship(data):
    """`Linked To:` names the other party; its id is found where the publication holds it."""
    by_id = _by_id(read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv"))
    expected = (
        (Relationship(type="Linked To", target_name="KOREA KWANGSON BANKING CORP"),),
        (
            Relationship(
                type="Linked To",
                target="us-ofac:24026",
                target_name="RUSSIAN FINANCIAL CORPORATION",
            ),
        ),
        [],
    )
    actual = (
        by_id["us-ofac:48220"].relationships,
        by_id["us-ofac:50610"].relationships,
        [f for e in by_id.values() for f in e.features if f.type == "Linked To"],
    )
    assert expected == actual


def test_linked_to_resolution_counts(sdn_0503):
    """In a whole sdn.csv all but a dozen `Linked To` names resolve to exactly one party."""
    targets = [r.target for e in sdn_0503.entities for r in e.relationships]
    assert (len(targets), sum(t is None for t in targets)) == (6375, 12)


def test_swift_and_title(data):
    """SWIFT/BIC becomes an identifier; the title repeated in Remarks is not a remark."""
    pub = read(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv")
    by_id = _by_id(pub)
    nikulin = by_id["us-ofac:50603"]
    assert Identifier(scheme="swift-bic", value="KGTBKPP1") in by_id["us-ofac:47148"].identifiers
    assert nikulin.titles == ("Vice-President, TSMRBANK, OOO",)
    assert nikulin.remarks is None
    assert (
        Identifier(
            scheme="passport",
            value="772043761",
            country="Russia",
            expires=PartialDate(year=2033, month=12, day=14),
        )
        in nikulin.identifiers
    )


def test_full_set_with_add_alt_comments(data):
    """A whole 2021 set: addresses and aliases join their entries; nothing is left over."""
    pub = read(data / "sdn-csv-set-2021-07")
    by_id = _by_id(pub)
    kwangson = by_id["us-ofac:11581"]
    assert len(pub.entities) == 8976
    assert Name(text="KKBC", kind=NameKind.AKA) in kwangson.names
    assert kwangson.addresses == (
        Address(
            lines=("Jungson-dong, Sungri Street, Central District",),
            city="Pyongyang",
            country="Korea, North",
        ),
    )


def test_comments_join_mid_word(data):
    """Remarks cut at 1000 characters are joined back with sdn_comments.csv."""
    pub = read(data / "cons-csv-2025-12")
    entity = _by_id(pub)["us-ofac:17016"]
    assert (
        Feature(type="Listing Date (EO 14024 Directive 3)", value="24 Feb 2022") in entity.features
    )
    assert (
        Feature(type="Effective Date (EO 14024 Directive 3)", value="26 Mar 2022")
        in entity.features
    )
    assert Identifier(scheme="tax-id", value="7744001497", country="Russia") in entity.identifiers


def test_null_placeholder_addresses_skipped(data):
    """add.csv's all-null placeholder rows add no address."""
    pub = read(data / "consolidated-2018", observed="2018-04-06", format="csv")
    assert _by_id(pub)["us-ofac:9639"].addresses == ()


def test_crlf_and_ctrl_z_and_lf(tmp_path):
    """CRLF with the 0x1A end byte and plain LF read the same."""
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _write(a, "sdn.csv", ROW_52119.encode() + b"\x1a")
    _write(b, "sdn.csv", ROW_52119.replace("\r\n", "\n"))
    left = [attrs.evolve(e, source=None) for e in read(a).entities]
    right = [attrs.evolve(e, source=None) for e in read(b).entities]
    assert left == right


def test_byte_order_mark_dropped(tmp_path):
    """A UTF-8 byte order mark (a spreadsheet's save) does not stick to the first ent_num."""
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _write(a, "sdn.csv", b"\xef\xbb\xbf" + ROW_52119.encode())
    _write(b, "sdn.csv", ROW_52119)
    left = [attrs.evolve(e, source=None) for e in read(a).entities]
    right = [attrs.evolve(e, source=None) for e in read(b).entities]
    assert [e.id for e in left] == ["us-ofac:52119"]
    assert left == right


def test_observed_is_kept(tmp_path):
    """The CSV carries no date: the caller's observation time is kept."""
    _write(tmp_path, "sdn.csv", ROW_52119)
    assert read(tmp_path, observed="2025-01-03").as_of == date(2025, 1, 3)


def test_empty_file_refused(tmp_path):
    """A 0-byte sdn.csv (a scraper really published one) is refused."""
    _write(tmp_path, "sdn.csv", b"")
    with pytest.raises(TruncatedPublicationError, match="empty"):
        read(tmp_path)


def test_truncated_file_refused(tmp_path, data):
    """A file cut in the middle of a row is refused."""
    raw = (data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv").read_bytes()
    _write(tmp_path, "sdn.csv", raw[: len(raw) // 2])
    with pytest.raises(TruncatedPublicationError):
        read(tmp_path)


def test_a_file_cut_at_a_line_end_is_read_with_a_warning(tmp_path, data, sdn_0503):
    """No count can show a cut at a line end; the missing 0x1A end byte is said, per file."""
    assert sdn_0503.warnings == ()  # OFAC's own file, 0x1A and all
    raw = (data / "sdn-csv-2024-05-03" / "sdn.csv").read_bytes()
    lines = raw.splitlines(keepends=True)
    _write(tmp_path, "sdn.csv", b"".join(lines[: len(lines) // 2]))
    half = read(tmp_path, observed="2024-05-03")
    assert len(half.entities) == len(lines) // 2  # read: the rows are good
    path = tmp_path / "sdn.csv"
    warning = (
        f"{path}: no 0x1A end byte, which OFAC's own files end with: a copy, or a file cut "
        "at a line end (then entries are missing; the CSV states no count)"
    )
    assert half.warnings == (warning,)
    # A companion file is checked too; only the one without the byte is named.
    _write(tmp_path, "sdn.csv", raw)
    _write(tmp_path, "alt.csv", b'36,1,"aka","X",-0- \r\n')
    assert [w.split(":")[0] for w in read(tmp_path).warnings] == [str(tmp_path / "alt.csv")]


def test_bad_column_count_names_line(tmp_path):
    """A malformed row names the file and line."""
    _write(tmp_path, "sdn.csv", ROW_52119 + '7,"X",-0- \r\n')
    with pytest.raises(SourceError) as info:
        read(tmp_path)
    assert (info.value.line, info.value.path) == (2, str(tmp_path / "sdn.csv"))


def test_bad_date_names_field(tmp_path):
    """A DOB that is no date is a typed error naming file, line and field."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("; a.k.a.", "; DOB 31 Feb 1980; a.k.a."))
    with pytest.raises(SourceError) as info:
        read(tmp_path)
    assert (info.value.line, info.value.field) == (1, "Remarks")


def test_bad_program_tag(tmp_path):
    """A program tag that is no tag is a typed error on the Program field."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("DPRK4] [", "DPRK4] [bad;tag] ["))
    with pytest.raises(SourceError) as info:
        read(tmp_path)
    assert info.value.field == "Program"


@pytest.mark.parametrize("cell", ["DPRK4] [DPRK5", "SDGT]] [X"])
def test_unknown_program_tag_refused_unless_named(tmp_path, cell):
    """A well-formed tag outside the known ones is refused, naming line and field.

    The caller may name it as a new program.
    """
    _write(tmp_path, "sdn.csv", ROW_52119.replace("DPRK4] [RUSSIA-EO14024", cell))
    with pytest.raises(SourceError, match="unknown OFAC program tag") as info:
        read(tmp_path)
    assert (info.value.line, info.value.field) == (1, "Program")
    new = cell.rpartition("[")[2]
    pub = read(tmp_path, extra_programs=[new])
    assert new in programs_of(pub.entities[0])


def test_unknown_sdn_type(tmp_path):
    """An SDN_Type outside the four known ones is refused."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace(',-0- ,"DPRK4', ',"spaceship","DPRK4'))
    with pytest.raises(SourceError, match="SDN_Type"):
        read(tmp_path)


def test_alias_of_unknown_party(tmp_path):
    """An alt.csv row for a party sdn.csv lacks is an error, not a silent drop."""
    _write(tmp_path, "sdn.csv", ROW_52119)
    _write(tmp_path, "alt.csv", '99,1,"aka","NOBODY",-0- \r\n')
    with pytest.raises(SourceError, match="not in the primary file"):
        read(tmp_path)


@pytest.mark.parametrize(
    ("name", "rows", "message", "field"),
    [
        (
            "alt.csv",
            ['52119,7,"aka","EAST",-0- ', '52119,7,"aka","WEST",-0- '],
            "alt_num 7",
            "alt_num",
        ),
        (
            "add.csv",
            ['52119,25,-0- ,"Vladivostok",-0- ,-0- '] * 2,
            "add_num 25",
            "add_num",
        ),
        ("sdn_comments.csv", ['52119,"Linked To: X."'] * 2, "the row of ent_num 52119", "ent_num"),
    ],
)
def test_a_repeated_companion_row_is_refused(tmp_path, name, rows, message, field):
    """A key of add.csv or alt.csv, or a comments row, given twice is refused at its second line.

    Each add_num and alt_num is one row's in every file OFAC published here; a
    comments row appended twice would say its clauses twice.
    """
    _write(tmp_path, "sdn.csv", ROW_52119)
    _write(tmp_path, name, "\r\n".join(rows) + "\r\n\x1a")
    with pytest.raises(SourceError) as info:
        read(tmp_path)
    assert (info.value.path, info.value.line, info.value.field) == (str(tmp_path / name), 2, field)
    assert f"{message} repeats line 1" in str(info.value)


def test_sdn_csv_alone(tmp_path, data):
    """A folder holding sdn.csv alone, as many archives do, reads."""
    shutil.copy(data / "sdn-csv-excerpt-2026" / "sdn_excerpt.csv", tmp_path / "sdn.csv")
    assert len(read(tmp_path).entities) == 18


def test_kinds_counted(sdn_0503):
    """The 2024-05-03 file holds 14,965 entries of the four kinds FORMATS.md counts."""
    counts = {}
    for e in sdn_0503.entities:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    assert counts == {
        EntityKind.ORGANIZATION: 6884,
        EntityKind.INDIVIDUAL: 6854,
        EntityKind.VESSEL: 851,
        EntityKind.AIRCRAFT: 376,
    }


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        ("a.k.a. ' '", "expected non-empty text"),
        ("Passport 654420047 ( )", "expected non-empty text"),
        ("DOB 00 Jan 1980", "not a date"),
        ("DOB 0000", "out of range"),
        ("DOB 31 Feb 1980 to 31 Dec 1982", "not a date: '31 Feb 1980'"),
        ("DOB 01 Jan 1980 to 30 Feb 1982", "not a date: '30 Feb 1982'"),
        ("DOB circa 31 Feb 1980", "not a date: '31 Feb 1980'"),
        ("DOB 1992-02-31", "not a date: '1992-02-31'"),
        ("DOB 31 feb 1992", "not a date"),
        ("Organization Established Date 31 Feb 1995", "not a date: '31 Feb 1995'"),
        ("Listing Date (CMIC) 29 Feb 2021", "not a date: '29 Feb 2021'"),
        ("Passport A1 issued 2012-02-31", "not a date: '2012-02-31'"),
        ("Passport A1 expires 30 Feb 2030 to 2031", "not a date: '30 Feb 2030'"),
        ("Gender Mael", r"unknown gender 'Mael' \(OFAC writes Male or Female\)"),
        ("DOB 1962 to 1960", "a range that ends before it starts: '1962 to 1960'"),
        ("DOB circa 02 Mar 1962 to 01 Mar 1962", "a range that ends before it starts"),
        ("Passport A1 expires 2031 to 2030", "a range that ends before it starts"),
    ],
)
def test_bad_remarks_value_names_line_and_field(tmp_path, clause, message):
    """Values the reader makes records of without re-validation are still checked."""
    second = ROW_52119.replace("52119", "52120", 1).replace("; a.k.a.", f"; {clause}; a.k.a.")
    _write(tmp_path, "sdn.csv", ROW_52119 + second)
    with pytest.raises(SourceError, match=message) as info:
        read(tmp_path)
    assert (info.value.line, info.value.field) == (2, "Remarks")
    assert info.value.path == str(tmp_path / "sdn.csv")


@pytest.mark.parametrize(
    ("clause", "dates", "features"),
    [
        ("DOB 12 feb 1992", [PartialDate(year=1992, month=2, day=12)], []),
        ("DOB 29 Feb 1992 to 01 Mar 1993", [], ["29 Feb 1992 to 01 Mar 1993"]),
        ("DOB circa 1992-02-29", [], ["circa 1992-02-29"]),
        ("Organization Established Date 29 Feb 1996", [], ["29 Feb 1996"]),
    ],
)
def test_possible_days_in_date_texts_kept(tmp_path, clause, dates, features):
    """Date texts whose days exist are kept: a month of another case is read as OFAC's."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("; a.k.a.", f"; {clause}; a.k.a."))
    (entity,) = read(tmp_path).entities
    added = [
        f.value
        for f in entity.features
        if f.type in ("DOB", "Organization Established Date") and f.value != "30 Apr 2015"
    ]
    assert (list(entity.birth_dates), added) == (dates, features)


def test_two_genders_refused(tmp_path):
    """Two different genders for one party are refused: keeping one would drop the other."""
    second = ROW_52119.replace("52119", "52120", 1).replace("; a.k.a.", "; Gender Male; a.k.a.")
    twice = ROW_52119.replace("52119", "52121", 1).replace(
        "; a.k.a.", "; Gender Male; Gender Male; a.k.a."
    )
    _write(tmp_path, "sdn.csv", ROW_52119 + second + twice)
    assert {e.id: e.gender for e in read(tmp_path).entities} == {
        "us-ofac:52119": None,
        "us-ofac:52120": "Male",
        "us-ofac:52121": "Male",
    }
    both = ROW_52119.replace("; a.k.a.", "; Gender Male; Gender Female; a.k.a.")
    _write(tmp_path, "sdn.csv", both)
    _write(tmp_path, "sdn.csv", ROW_52119.replace("52119", "52120", 1) + both)
    with pytest.raises(
        SourceError, match=r"party 52119 is given two genders \(Male, Female\)"
    ) as info:
        read(tmp_path)
    # Where the genders are: the party's row, second in the file.
    assert (info.value.path, info.value.line, info.value.field) == (
        str(tmp_path / "sdn.csv"),
        2,
        "Remarks",
    )


def test_repeated_clauses_give_equal_facts(tmp_path):
    """A clause repeated across entries gives each entry the same facts."""
    second = ROW_52119.replace("52119", "52120", 1)
    _write(tmp_path, "sdn.csv", ROW_52119 + second)
    first, other = read(tmp_path).entities
    assert first.id != other.id
    assert attrs.evolve(first, id=other.id) == other
    assert first.identifiers == (Identifier(scheme="tax-id", value="2511092929", country="Russia"),)


def test_identifiers_sharing_a_key_as_the_builder_orders_them(tmp_path):
    """Identifiers equal but for their note, and repeated ones, come out as the builder's."""
    from sanctionsmodel.sources.ofac._build import EntityBuilder  # noqa: PLC0415
    from sanctionsmodel.sources.ofac._remarks import parse_remarks  # noqa: PLC0415

    remarks = (
        "Passport A1 issued circa 2001; Passport A1 issued about 2001; "
        "Passport B2 (Iran); alt. Passport B2 (Iran); Tax ID No. 7"
    )
    row = ROW_52119.replace(
        "Organization Established Date 30 Apr 2015; Tax ID No. 2511092929 (Russia); "
        "a.k.a. 'EAST TRADING'.",
        f"{remarks}.",
    )
    _write(tmp_path, "sdn.csv", row)
    (entity,) = read(tmp_path).entities
    b = EntityBuilder(ent_num=52119, names=[Name(text="X")])
    parse_remarks(b, remarks)
    assert entity.identifiers == b.build().identifiers
    assert [i.note for i in entity.identifiers].count(None) == 2


@pytest.mark.parametrize(
    ("ent", "scheme", "value", "country"),
    [
        ("us-ofac:7116", "us-fein", "95-4227517", None),
        ("us-ofac:26786", "cui", "2891761150920", "Guatemala"),
        ("us-ofac:17147", "rfc", "CASA-730717-664", "Mexico"),
        ("us-ofac:9603", "registered-charity-no", "1083469", "United Kingdom"),
    ],
)
def test_identifier_labels_of_remarks(sdn_0503, ent, scheme, value, country):
    """Identifier clauses of every label OFAC uses become identifiers, not remarks."""
    entity = _by_id(sdn_0503)[ent]
    assert (scheme, value, country) in [(i.scheme, i.value, i.country) for i in entity.identifiers]
    assert value not in (entity.remarks or "")


def test_few_identifier_clauses_left_in_remarks(sdn_0503):
    """What stays a remark is free text: at most a handful of clauses hold a long number."""
    left = {
        c
        for e in sdn_0503.entities
        for c in (e.remarks or "").split("; ")
        if re.search(r"\d{5,}", c)
    }
    assert len(left) <= 10, sorted(left)


def test_labels_written_with_a_colon(sdn_0503):
    """`Website: x` and `nationality: x` are read as `Website x` and `nationality x`."""
    ids = _by_id(sdn_0503)
    army = ids["us-ofac:11749"]
    assert ("website", "www.alnakshabandia-army.org") in [
        (i.scheme, i.value) for i in army.identifiers
    ]
    assert "Eritrean" in ids["us-ofac:11313"].nationalities


def test_windows_1252_read_other_bytes_refused(tmp_path):
    """A Windows-1252 file is read as such; a byte that is no text in either is refused."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("VOSTOK", "VÖSTOK").encode("cp1252"))
    assert read(tmp_path).entities[0].names[0].text.startswith("VÖSTOK")
    # 0x81 is undefined in Windows-1252 and alone is no UTF-8.
    second = ROW_52119.replace("52119", "52120").encode("utf-8").replace(b"VOSTOK", b"V\x81STOK")
    _write(tmp_path, "sdn.csv", ROW_52119.encode() + second)
    with pytest.raises(SourceError, match="byte 0x81") as info:
        read(tmp_path)
    assert info.value.line == 2


@pytest.mark.parametrize(
    "name", ['"VOSTOK, "EAST" TRADING"', '"VOSTOK"TRADING', '"VOSTOK" TRADING']
)
def test_a_stray_quote_is_refused(tmp_path, name):
    """A quote inside a quoted cell that is not doubled is refused at its line, not read as text."""
    second = ROW_52119.replace("52119", "52120").replace(
        '"VOSTOK TRADING LIMITED LIABILITY COMPANY"', name
    )
    _write(tmp_path, "sdn.csv", ROW_52119 + second + "\x1a")
    with pytest.raises(SourceError) as info:
        read(tmp_path)
    assert info.value.line == 2
    assert "a quoted cell ends at its closing quote, and a quote inside it must be doubled" in str(
        info.value
    )
    assert not isinstance(info.value, TruncatedPublicationError)
    # Doubled, it is a quote in the name.
    doubled = ROW_52119.replace("VOSTOK TRADING", 'VOSTOK ""EAST"" TRADING')
    _write(tmp_path, "sdn.csv", doubled + "\x1a")
    assert read(tmp_path).entities[0].names[0].text.startswith('VOSTOK "EAST" TRADING')


def test_a_file_is_held_once_not_beside_its_text(tmp_path):
    """Reading holds the file's bytes, and its text a piece at a time.

    A StringIO of the whole text took four bytes a character: the 800 MB of
    blank lines of a small archive took 4 GB.
    """
    blank = b"\r\n" * 500_000  # 1 MB: rows the reader passes over
    _write(tmp_path, "sdn.csv", ROW_52119.encode() + blank + b"\x1a")
    size = (tmp_path / "sdn.csv").stat().st_size
    tracemalloc.start()
    try:
        assert len(read(tmp_path).entities) == 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2.5 * size  # the bytes, and the text while it is checked; was about 6x


def test_a_nul_byte_is_refused_at_its_line(tmp_path):
    """No text holds a NUL byte: a file with one is damaged, named with the line."""
    second = ROW_52119.replace("52119", "52120").replace("VOSTOK", "VOS\x00TOK")
    _write(tmp_path, "sdn.csv", ROW_52119 + second + "\x1a")
    with pytest.raises(SourceError, match="a NUL byte, which no text holds") as info:
        read(tmp_path)
    assert info.value.line == 2


def test_a_file_cut_and_padded_with_nul_bytes_is_truncated(tmp_path):
    """NUL bytes to the end are what a copy cut and padded leaves: truncated, at their line."""
    _write(tmp_path, "sdn.csv", ROW_52119.encode() + b"\x1a" + b"\x00" * 512)
    with pytest.raises(TruncatedPublicationError, match="ends in NUL bytes") as info:
        read(tmp_path)
    assert info.value.line == 2


def test_a_program_named_twice_is_refused(tmp_path):
    """[DPRK4] [DPRK4] is no list of two programs: refused, not folded into one."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("DPRK4] [RUSSIA-EO14024", "DPRK4] [DPRK4"))
    with pytest.raises(SourceError, match="the program DPRK4 is named twice") as info:
        read(tmp_path)
    assert (info.value.line, info.value.field) == (1, "Program")


def test_a_file_read_as_windows_1252_says_so(tmp_path):
    """Not UTF-8, so read as Windows-1252: a warning says so, and says where UTF-8 is mixed in."""
    second = ROW_52119.replace("52119", "52120").replace("VOSTOK", "VÉSTOK").encode("cp1252")
    _write(tmp_path, "sdn.csv", ROW_52119.encode() + second + b"\x1a")
    (warning,) = read(tmp_path).warnings
    assert warning == (
        f"{tmp_path / 'sdn.csv'}: not UTF-8 (line 2 is the first that is not), so read as "
        "Windows-1252, as OFAC's older files were"
    )
    # UTF-8 KÖREA beside a lone Windows-1252 É: Ö reads as Ã and an en dash, as the warning says.
    first = ROW_52119.replace("VOSTOK", "KÖREA").encode("utf-8")
    _write(tmp_path, "sdn.csv", first + second + b"\x1a")
    pub = read(tmp_path)
    assert pub.entities[0].names[0].text.startswith("KÃ\u2013REA")
    (warning,) = pub.warnings
    assert warning.endswith(
        "which Windows-1252 would show garbled (KÃ\u2013REA for KÖREA): it may mix "
        "encodings, check its names"
    )
    # UTF-8 throughout: no warning.
    _write(tmp_path, "sdn.csv", first + b"\x1a")
    assert read(tmp_path).warnings == ()


def test_ent_num_of_other_digits_refused(tmp_path):
    """An ent_num of non-ASCII digits is a typed error, not a crash."""
    _write(tmp_path, "sdn.csv", ROW_52119.replace("52119", "5211²", 1))
    with pytest.raises(SourceError, match="expected a number") as info:
        read(tmp_path)
    assert info.value.field == "ent_num"


def test_alias_row_with_only_a_remark_is_kept(tmp_path):
    """An alt.csv row of no type and no name but a remark keeps the remark."""
    _write(tmp_path, "sdn.csv", ROW_52119)
    _write(tmp_path, "alt.csv", '52119,1,-0- ,-0- ,"formerly a trading name"\r\n')
    (entity,) = read(tmp_path).entities
    assert Feature(type="Alias Remarks", value="formerly a trading name") in entity.features


def test_remarks_cut_at_1000_characters_without_comments(sdn_0503, data, tmp_path):
    """Without sdn_comments.csv a 1,000-character Remarks field ends in a fragment.

    The fragment is kept, marked, and read as no fact; with the comments row
    the clause is whole.
    """
    assert ("Remarks fields cut at 1,000 characters", 16) in sdn_0503.counts
    party = _by_id(sdn_0503)["us-ofac:17018"]
    assert party.remarks.endswith(
        "Listing Date (EO 14024 Directive 3) [cut: OFAC's Remarks field ends at 1,000 characters]"
    )
    # The 2021 set holds the comments: PROMO RAIZ S.A.S. is whole there, a fragment without.
    whole = read(data / "sdn-csv-set-2021-07", observed="2021-07-01")
    names = [r.target_name for r in _by_id(whole)["us-ofac:12300"].relationships]
    assert "PROMO RAIZ S.A.S." in names
    shutil.copy(data / "sdn-csv-set-2021-07" / "sdn.csv", tmp_path / "sdn.csv")
    alone = _by_id(read(tmp_path, observed="2021-07-01"))["us-ofac:12300"]
    assert not any(r.target_name.startswith("PROMO RAI") for r in alone.relationships)
    assert alone.remarks.startswith("Linked To: PROMO RAI [cut:")


def test_comments_row_joins_after_a_final_space(data):
    """A Remarks field cut just after a space joins its comments row with the space kept."""
    pub = read(data / "cons-csv-2025-12", observed="2025-12-19")
    ids = _by_id(pub)
    found = [(i.scheme, i.value, i.country) for i in ids["us-ofac:17250"].identifiers]
    assert ("registration-number", "1027700070518", "Russia") in found
    assert not any(
        "(" in i.value for e in pub.entities for i in e.identifiers if i.scheme == "uscc"
    )


def test_full_remarks_ending_with_a_whole_clause_is_read(sdn_0503):
    """A 1,000-character field that ends with "...;" was cut after a whole clause: read it."""
    party = _by_id(sdn_0503)["us-ofac:42496"]
    assert party.remarks is None
    assert "18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa" in [i.value for i in party.identifiers]


def test_bad_clause_in_the_comments_file_names_it(tmp_path, data):
    """A refused clause of a Remarks text continued in the comments file names that file's line."""
    for child in (data / "cons-csv-2025-12").iterdir():
        shutil.copy(child, tmp_path / child.name)
    comments = tmp_path / "cons_comments.csv"
    text = comments.read_bytes()
    old = b"; a.k.a. 'RUSAG'."
    assert text.count(old) == 1
    comments.write_bytes(text.replace(old, b"; DOB 31 Feb 1980; a.k.a. 'RUSAG'."))
    with pytest.raises(SourceError, match="not a date") as info:
        read(tmp_path, observed="2025-12-19")
    assert info.value.path == str(tmp_path / "cons_prim.csv")
    assert info.value.field == "Remarks, continued in cons_comments.csv line 1"
