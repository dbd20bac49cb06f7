from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
TEI_ALL = ROOT / "schemas" / "tei_all.rng"
EDITION = ROOT / "schemas" / "edition.rng"


@pytest.fixture(scope="session")
def full_tei_all():
    """tei_all compiled whole by lxml (about 6-15 s): at most once per test run."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


def valid_documents() -> list[Path]:
    docs = sorted((FIXTURES / "valid").glob("*.xml"))
    docs += sorted((ROOT / "tei").glob("*.xml")) if (ROOT / "tei").is_dir() else []
    return docs
