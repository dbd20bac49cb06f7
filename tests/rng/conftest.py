from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

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


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Pruned grammars are cached on disk: keep the tests' cache private."""
    import os

    old = os.environ.get("TEIKIT_CACHE_DIR")
    os.environ["TEIKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("TEIKIT_CACHE_DIR", None)
    else:
        os.environ["TEIKIT_CACHE_DIR"] = old
