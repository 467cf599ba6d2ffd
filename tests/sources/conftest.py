"""Publications read once per session: the large fixtures take a second each."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionsmodel.sources import Publication
from sanctionsmodel.sources.ofac import read

DATA = Path(__file__).resolve().parents[2] / "data" / "ofac"


@pytest.fixture(scope="session")
def data() -> Path:
    """The folder of the OFAC fixture files."""
    return DATA


@pytest.fixture(scope="session")
def sdn_0502() -> Publication:
    """sdn.csv scraped on 2024-05-02."""
    return read(DATA / "sdn-csv-2024-05-02", observed="2024-05-02")


@pytest.fixture(scope="session")
def sdn_0503() -> Publication:
    """sdn.csv scraped on 2024-05-03."""
    return read(DATA / "sdn-csv-2024-05-03", observed="2024-05-03")


@pytest.fixture(scope="session")
def cons_2018_xml() -> Publication:
    """The legacy consolidated.xml of 2018-04-06."""
    return read(DATA / "consolidated-2018" / "consolidated.xml")


@pytest.fixture(scope="session")
def cons_2018_csv() -> Publication:
    """The CSV set of the same 2018-04-06 publication."""
    return read(DATA / "consolidated-2018", observed="2018-04-06", format="csv")


@pytest.fixture(scope="session")
def cons_advanced() -> Publication:
    """The advanced cons_advanced.xml of 2020-03-17."""
    return read(DATA / "cons-advanced-2020-03-17" / "cons_advanced.xml")
