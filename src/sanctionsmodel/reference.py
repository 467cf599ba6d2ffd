"""The standard jurisdictions, authorities, lists and programs, with their ids.

Readers, the bundled dataset and user code share these ids, so records from
different sources meet in one ledger:

>>> from sanctionsmodel import reference
>>> reference.US_OFAC_SDN.id, reference.KR_FSC_FTR.id
('us-ofac-sdn', 'kr-fsc-ftr')
>>> reference.ofac_program("DPRK3")
Program(id='DPRK3', jurisdiction='US', name=None, legal_basis=None)

Entity ids are ``us-ofac:<ent_num>`` for OFAC records and ``kr-fsc:KF-<n>``
for entries of the ROK FSC annex (see :func:`ofac_entity_id`).
"""

from __future__ import annotations

import re

from sanctionsmodel._model import Authority, Jurisdiction, Program, SanctionsList
from sanctionsmodel.exceptions import InvalidValueError

__all__ = [
    "KR",
    "KR_FETA",
    "KR_FSC",
    "KR_FSC_FTR",
    "KR_MOEF",
    "KR_MOFA",
    "KR_PORT_ENTRY_BAN",
    "KR_PROGRAMS",
    "KR_TFPA",
    "KR_VESSEL_BAN",
    "OFAC_FORMATS",
    "OFAC_PROGRAM_TAGS",
    "UN",
    "US",
    "US_OFAC",
    "US_OFAC_CONS",
    "US_OFAC_SDN",
    "kr_fsc_entity_id",
    "ofac_entity_id",
    "ofac_program",
    "standard_objects",
]

US = Jurisdiction(code="US", name="United States", timezone="America/New_York")
KR = Jurisdiction(code="KR", name="Republic of Korea", timezone="Asia/Seoul")
UN = Jurisdiction(code="UN", name="United Nations Security Council", timezone="America/New_York")

US_OFAC = Authority(
    id="us-ofac",
    name="Office of Foreign Assets Control, US Department of the Treasury",
    jurisdiction="US",
)
KR_FSC = Authority(
    id="kr-fsc",
    name="Financial Services Commission (금융위원회), administered by KoFIU (금융정보분석원)",
    jurisdiction="KR",
)
KR_MOFA = Authority(id="kr-mofa", name="Ministry of Foreign Affairs (외교부)", jurisdiction="KR")
KR_MOEF = Authority(
    id="kr-moef", name="Ministry of Economy and Finance (기획재정부)", jurisdiction="KR"
)

US_OFAC_SDN = SanctionsList(
    id="us-ofac-sdn",
    name="Specially Designated Nationals and Blocked Persons List (SDN)",
    jurisdiction="US",
    authority="us-ofac",
)
US_OFAC_CONS = SanctionsList(
    id="us-ofac-cons",
    name="Consolidated Sanctions List (non-SDN)",
    jurisdiction="US",
    authority="us-ofac",
)
KR_FSC_FTR = SanctionsList(
    id="kr-fsc-ftr",
    name="금융거래등제한대상자 (persons subject to financial transaction restrictions)",
    jurisdiction="KR",
    authority="kr-fsc",
    description=(
        "Annex to the FSC rule 「금융거래등제한대상자 지정 및 지정취소에 관한 규정」; "
        "designations take effect on Official Gazette publication"
    ),
)
KR_PORT_ENTRY_BAN = SanctionsList(
    id="kr-port-entry-ban",
    name="Vessels barred from entering ROK ports (autonomous measures)",
    jurisdiction="KR",
    authority="kr-mofa",
    description=(
        "Vessels named in MOFA's announcements of autonomous sanctions; "
        "they are not in the FSC annex"
    ),
)

KR_TFPA = Program(
    id="KR-TFPA",
    jurisdiction="KR",
    name="Terrorism Financing Prohibition Act designation (테러자금금지법)",
    legal_basis=(
        "Act on Prohibition against the Financing of Terrorism and Proliferation of "
        "Weapons of Mass Destruction (공중 등 협박목적 및 대량살상무기확산을 위한 "
        "자금조달행위의 금지에 관한 법률), Art. 4(1)"
    ),
)
KR_FETA = Program(
    id="KR-FETA",
    jurisdiction="KR",
    name="Foreign Exchange Transactions Act payment and receipt permission (외국환거래법)",
    legal_basis=(
        "Foreign Exchange Transactions Act (외국환거래법) Art. 15; MOEF guideline "
        "「국제평화 및 안전유지 등의 의무이행을 위한 지급 및 영수허가지침」"
    ),
)
KR_VESSEL_BAN = Program(
    id="KR-VESSEL-BAN",
    jurisdiction="KR",
    name="Port-entry ban on vessels (ROK autonomous measures)",
    legal_basis="ROK autonomous non-financial measures against the DPRK",
)
KR_PROGRAMS = (KR_TFPA, KR_FETA, KR_VESSEL_BAN)

#: The OFAC formats :func:`sanctionsmodel.sources.ofac.read` tells apart
#: (its ``format=``, the command line's ``--format``).
OFAC_FORMATS = ("csv", "legacy-xml", "advanced-xml")

#: Every OFAC program tag in the publications this project holds (the SDN
#: CSV sets of 2021-07, 2024-05-02 and 2024-05-03, the 2026 excerpt, the
#: consolidated files of 2018, 2020 and 2025-12), verbatim.  OFAC adds tags
#: as it creates programs: readers refuse a tag outside this set unless the
#: caller names it (``extra_programs=``), so a new or mistyped tag is seen,
#: never taken in silently.
OFAC_PROGRAM_TAGS = frozenset(
    (
        "561-Related",
        "561List",
        "BALKANS",
        "BALKANS-EO14033",
        "BELARUS",
        "BELARUS-EO14038",
        "BPI-RUSSIA-EO14024",
        "BURMA-EO14014",
        "BURUNDI",
        "CAATSA - IRAN",
        "CAATSA - RUSSIA",
        "CAR",
        "CMIC-EO13959",
        "CUBA",
        "CYBER2",
        "DARFUR",
        "DPRK",
        "DPRK-NKSPEA",
        "DPRK2",
        "DPRK3",
        "DPRK4",
        "DRCONGO",
        "ELECTION-EO13848",
        "ETHIOPIA-EO14046",
        "FSE-IR",
        "FSE-SY",
        "FTO",
        "GLOMAG",
        "HIFPAA",
        "HK-EO13936",
        "HOSTAGES-EO14078",
        "HRIT-IR",
        "HRIT-SY",
        "IFCA",
        "IFSR",
        "ILLICIT-DRUGS-EO14059",
        "IRAN",
        "IRAN-CON-ARMS-EO",
        "IRAN-EO13846",
        "IRAN-EO13871",
        "IRAN-EO13876",
        "IRAN-EO13902",
        "IRAN-HR",
        "IRAN-TRA",
        "IRAQ2",
        "IRAQ3",
        "IRGC",
        "ISA",
        "LEBANON",
        "LIBYA2",
        "LIBYA3",
        "MAGNIT",
        "MALI-EO13882",
        "NICARAGUA",
        "NICARAGUA-NHRAA",
        "NPWMD",
        "NS-PLC",
        "PEESA",
        "PEESA-EO14039",
        "RUSSIA-EO14024",
        "RUSSIA-EO14065",
        "SDGT",
        "SDNT",
        "SDNTK",
        "SOMALIA",
        "SOUTH SUDAN",
        "SSIDES",
        "SUDAN-EO14098",
        "SYRIA",
        "SYRIA-CAESAR",
        "SYRIA-EO13894",
        "TCO",
        "UHRPA",
        "UKRAINE-EO13660",
        "UKRAINE-EO13661",
        "UKRAINE-EO13662",
        "UKRAINE-EO13685",
        "VENEZUELA",
        "VENEZUELA-EO13850",
        "VENEZUELA-EO13884",
        "WEST-BANK-EO14115",
        "YEMEN",
        "ZIMBABWE",
    )
)

_TAG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/()-]*$")


def ofac_program(tag: str) -> Program:
    """The program for an OFAC program tag, kept verbatim (``DPRK3``, ``RUSSIA-EO14024``).

    Raises:
        InvalidValueError: If ``tag`` does not look like an OFAC tag.
    """
    if not isinstance(tag, str) or not _TAG_RE.match(tag):
        msg = f"not an OFAC program tag: {tag!r}"
        raise InvalidValueError(msg)
    return Program(id=tag, jurisdiction="US")


def ofac_entity_id(ent_num: int | str) -> str:
    """The entity id of an OFAC record: ``us-ofac:<ent_num>``."""
    return f"us-ofac:{int(ent_num)}"


def kr_fsc_entity_id(entry: int | str) -> str:
    """The entity id of an FSC annex entry: ``kr-fsc:KF-<n>``.

    >>> kr_fsc_entity_id(876), kr_fsc_entity_id("KF-876")
    ('kr-fsc:KF-876', 'kr-fsc:KF-876')
    """
    text = str(entry).removeprefix("KF-")
    return f"kr-fsc:KF-{int(text)}"


def standard_objects() -> tuple[Jurisdiction | Authority | SanctionsList | Program, ...]:
    """Every standard jurisdiction, authority, list and ROK program, ready for ``Ledger.add``."""
    return (
        US,
        KR,
        UN,
        US_OFAC,
        KR_FSC,
        KR_MOFA,
        KR_MOEF,
        US_OFAC_SDN,
        US_OFAC_CONS,
        KR_FSC_FTR,
        KR_PORT_ENTRY_BAN,
        *KR_PROGRAMS,
    )
