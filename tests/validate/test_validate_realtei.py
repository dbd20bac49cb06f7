"""The validator on real TEI written by other projects (../shared/realtei): never a
traceback, exit status 0 or 1, every diagnostic with a path and a line."""

from __future__ import annotations

import json

import pytest

from tests.conftest import shared_or_skip
from tests.validate.helpers import run
from toolkit.validate.document import xml_models
from toolkit import xmlsafe
from toolkit.errors import InputError


def _has_model(path) -> bool:
    try:
        return bool(xml_models(xmlsafe.parse(path)))
    except InputError:
        return False


@pytest.mark.slow
def test_realtei_never_crashes(monkeypatch):
    realtei = shared_or_skip("realtei")
    tei_all = shared_or_skip("schemas", "tei_all.rng")
    monkeypatch.chdir(realtei)
    files = sorted(p.relative_to(realtei).as_posix() for p in realtei.rglob("*.xml"))
    assert len(files) >= 30
    with_model = [f for f in files if _has_model(realtei / f)]
    without = [f for f in files if f not in with_model]
    assert any(f.startswith("nwf_") for f in without)
    assert "parlamint-es-ct/ParlaMint-ES-CT.xml" in without
    reports = []
    for args in (["--format", "json", *with_model], ["--format", "json", "--schema", str(tei_all), *without]):
        r = run("--jobs", "1", *args)
        assert r.exit_code in (0, 1), r.output[-2000:]
        assert "Traceback" not in r.output
        reports.append(json.loads(r.output))
    checked = set()
    for rep in reports:
        checked |= set(rep["files"])
        for d in rep["diagnostics"]:
            assert d["path"] and d["line"] >= 1, d
    assert set(files) <= checked
    by_code = {}
    for rep in reports:
        for d in rep["diagnostics"]:
            by_code.setdefault(d["code"], set()).add(d["path"])
    # the two files that are not well-formed, and the real mistakes, are found
    assert {"nwf_mishnah-P00002-0401-empty.xml", "nwf_stylesheets-testrend.xml"} <= by_code["XML001"]
    assert "invalid_tei-p4_christmas-carol_stylesheets-testp4.xml" in by_code["RNG001"]
    # XInclude expanded: the Stylesheets test document is valid once its part is included
    assert "xinclude-stylesheets/testxi.xml" not in {d["path"] for rep in reports for d in rep["diagnostics"]}
    # ParlaMint's component, included into the corpus root, is reported under its own name
    assert any(d["path"] == "parlamint-es-ct/ParlaMint-ES-CT_2015-10-26.xml" and d["code"] in ("RNG001", "RNG002")
               for d in reports[1]["diagnostics"])
