"""The bundled dataset: rebuilt from the repository's sources, and the facts it must hold."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from sanctionsmodel import ActionKind, NameKind, Status, Window
from sanctionsmodel.data import DATASET_FILE, load_default

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location(
        "build_dataset", ROOT / "scripts" / "build_dataset.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_dataset"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ledger():
    return load_default()


def test_shipped_file_is_a_fresh_build(builder):
    """Rebuilding from data/ gives the file the package ships, byte for byte."""
    shipped = (
        resources.files("sanctionsmodel.data").joinpath(DATASET_FILE).read_text(encoding="utf-8")
    )
    assert builder.render(builder.build()) == shipped


def test_each_load_is_independent(ledger):
    """Recording into one loaded ledger does not change the next one."""
    again = load_default()
    assert again == ledger
    assert again is not ledger


def test_ri_pong_chun_rok_only(ledger):
    """리봉춘 is on kr-fsc-ftr from 2024-12-19 00:00 KST and on no US list."""
    assert "kr-fsc:KF-876" == ledger.entity("리봉춘").id
    assert [] == [h.list for h in ledger.lists_holding("리봉춘", on="2024-12-18")]
    (holding,) = ledger.lists_holding("Ri Pong Chun", on="2024-12-19")
    assert ("kr-fsc-ftr", date(2024, 12, 19)) == (holding.list, holding.since)
    assert Status.LISTED == ledger.status("리봉춘", "kr-fsc-ftr", on="2024-12-18T15:00Z").status
    assert (
        Status.NOT_LISTED == ledger.status("리봉춘", "kr-fsc-ftr", on="2024-12-18T14:59:59Z").status
    )
    assert Status.NOT_LISTED == ledger.status("리봉춘", "us-ofac-sdn", on="2025-06-01").status


def test_kim_yong_bok_both_lists_linked(ledger):
    """KIM Yong Bok: SDN (DPRK2) since 2024-12-16, ROK since 2024-12-19, linked."""
    by_list = {h.list: h for h in ledger.lists_holding("us-ofac:52114", on="2024-12-20")}
    assert ("DPRK2",) == by_list["us-ofac-sdn"].programs
    assert date(2024, 12, 16) == by_list["us-ofac-sdn"].since
    assert date(2024, 12, 19) == by_list["kr-fsc-ftr"].since
    assert "kr-fsc:KF-874" == by_list["kr-fsc-ftr"].entity
    assert by_list["kr-fsc-ftr"].via is not None


def test_mrb_bank(ledger):
    """MRB BANK: SDN (DPRK3, RUSSIA-EO14024) since 2024-09-19 and ROK since 2024-12-19."""
    by_list = {h.list: h for h in ledger.lists_holding("MRB BANK", on="2025-01-01")}
    assert ("DPRK3", "RUSSIA-EO14024") == by_list["us-ofac-sdn"].programs
    assert date(2024, 9, 19) == by_list["us-ofac-sdn"].since
    assert date(2024, 12, 19) == by_list["kr-fsc-ftr"].since


def test_rfc_program_change(ledger):
    """24026 moved from SYRIA to DPRK3 + RUSSIA-EO14024 on 2024-09-19, staying listed."""
    assert ("SYRIA",) == ledger.lists_holding("us-ofac:24026", on="2024-09-18", follow_links=False)[
        0
    ].programs
    (after,) = ledger.lists_holding("us-ofac:24026", on="2024-09-19", follow_links=False)
    assert ("DPRK3", "RUSSIA-EO14024") == after.programs
    assert isinstance(after.since, Window)
    assert after.since.earliest is None


def test_window_answers_unknown(ledger):
    """A party first seen in the 2025-01-03 files is unknown inside the window."""
    report = ledger.status("us-ofac:52115", "us-ofac-sdn", on="2024-10-01")
    assert Status.UNKNOWN == report.status
    assert "absent from sdn.csv of 2024-05-03" in report.reason
    assert Status.LISTED == ledger.status("us-ofac:52115", "us-ofac-sdn", on="2025-01-03").status


def test_rok_round_without_date_is_a_window(ledger):
    """Entries of an undated round answer UNKNOWN between their neighbours."""
    assert Status.UNKNOWN == ledger.status("kr-fsc:KF-900", "kr-fsc-ftr", on="2025-06-01").status
    assert Status.LISTED == ledger.status("kr-fsc:KF-900", "kr-fsc-ftr", on="2026-01-22").status
    assert Status.NOT_LISTED == ledger.status("kr-fsc:KF-900", "kr-fsc-ftr", on="2024-12-18").status


def test_rok_entities_cover_the_annex(ledger):
    """Every annex entry KF-473..1066 is an entity with a name, a source and an annex id."""
    ids = {f"kr-fsc:KF-{n}" for n in range(473, 1067)}
    assert ids <= set(ledger.entities)
    for entity_id in ids:
        entity = ledger.entities[entity_id]
        assert any(i.scheme == "kr-fsc-annex" for i in entity.identifiers), entity_id
    snap = ledger.snapshot("kr-fsc-ftr", on="2026-01-22")
    assert ids == set(snap.listed)


def test_press_names_added_with_source(ledger):
    """Hangul-only entries get the English names of the ROK announcement, marked with it."""
    names = {n.text: n for n in ledger.entity("kr-fsc:KF-875").names}
    assert "Sin Kum Chol" in names
    assert "SIN" not in names  # the truncated parser stub is not a name
    assert names["Sin Kum Chol"].source is not None
    storm = {n.text for n in ledger.entity("kr-fsc:KF-885").names}
    assert {"폭풍군단", "Storm Corps"} <= storm


def test_doubtful_matches_are_not_linked(ledger):
    """IM Song Jin is not 리성진; order-reversed matches stay unlinked (judged not same)."""
    assert (("kr-fsc:KF-877", None),) == ledger.linked("kr-fsc:KF-877")
    judgements = {frozenset((j.left, j.right)): j.same for j in ledger.links}
    assert judgements[frozenset(("us-ofac:52113", "kr-fsc:KF-877"))] is False
    for entry in ("kr-fsc:KF-860", "kr-fsc:KF-906"):
        assert all(e == entry for e, _ in ledger.linked(entry))


def test_every_action_has_a_source_and_windows_have_evidence(ledger):
    """Every action states its source; every window states what bounds it."""
    for action in ledger.actions:
        assert action.source, action.id
        if isinstance(action.effective, Window):
            assert action.effective.evidence, action.id
            assert action.confidence is not None, action.id


def test_rok_programs_are_rok_legal_bases(ledger):
    """ROK designations use ROK programs, never OFAC tags."""
    for action in ledger.actions:
        if action.list.startswith("kr-"):
            assert set(action.programs) <= {"KR-TFPA", "KR-FETA", "KR-VESSEL-BAN"}, action.id
            assert action.kind is ActionKind.DESIGNATE


def test_vessels_on_their_own_list(ledger):
    """The 2024 ROK port-entry bans are on kr-port-entry-ban, linked to the OFAC vessels."""
    snap = ledger.snapshot("kr-port-entry-ban", on="2024-07-01")
    assert 6 == len(snap.listed)
    lists = {h.list for h in ledger.lists_holding("LADY R", on="2024-06-01")}
    assert {"kr-port-entry-ban", "us-ofac-sdn"} == lists


def test_ofac_weak_aliases_kept(ledger):
    """OFAC weak aliases from remarks are kept as weak-aka names."""
    kinds = {n.text: n.kind for n in ledger.entity("us-ofac:48219").names}
    assert NameKind.WEAK_AKA == kinds.get("KMCB")
