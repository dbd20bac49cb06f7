"""Any TEI: every well-formed file of ../shared/realtei builds to HTML and text
without crashing; files that are not TEI P5 or not well-formed give a located
diagnostic and exit 1, never a traceback or a tool failure."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from tests.conftest import shared_or_skip
from toolkit import build as lib
from toolkit import formats
from toolkit.cli import main
from toolkit.errors import InputError

TEI = "{http://www.tei-c.org/ns/1.0}"


def _manifest():
    root = shared_or_skip("realtei")
    with open(root / "MANIFEST.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return root, rows


def _files():
    try:
        root, rows = _manifest()
    except pytest.skip.Exception:
        return []
    out = []
    for r in rows:
        out.append(pytest.param(root / r["local_file"], r["wellformed_lxml"] == "ok"))
    return out


def _root_tag(path):
    from lxml import etree

    for _, el in etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True):
        return el.tag


@pytest.mark.slow
@pytest.mark.parametrize("path,wellformed", _files(), ids=lambda v: getattr(v, "name", str(v)))
def test_realtei_builds_html_and_text(path, wellformed, tmp_path):
    wanted = [f for f in ("html", "text") if f in formats.REGISTRY]
    out = tmp_path / "out"
    if not wellformed:
        with pytest.raises(InputError) as ei:
            lib.build([path], formats=wanted, output=out, jobs=1)
        d = ei.value.diagnostics[0]
        assert d.code == "XML001" and d.line > 0
        assert not out.exists()
        return
    tag = _root_tag(path)
    try:
        rep = lib.build([path], formats=wanted, output=out, jobs=1)
    except InputError as exc:
        # only a document that is not TEI P5 may be refused (by a format that needs TEI)
        assert tag != f"{TEI}TEI", exc
        assert exc.diagnostics and exc.diagnostics[0].line > 0
        return
    assert (out / "text" / f"{path.stem}.txt").stat().st_size > 0
    if tag in (f"{TEI}TEI", f"{TEI}teiCorpus") and "html" in wanted:
        assert any((out / "html").glob("*.html"))
    for d in rep.diagnostics:
        assert d.severity == "warning" and d.code.startswith("BLD")


def test_cli_on_a_not_well_formed_file_has_no_traceback(tmp_path):
    root = shared_or_skip("realtei")
    r = CliRunner().invoke(main, ["build", str(root / "nwf_stylesheets-testrend.xml"), "-o", str(tmp_path)])
    assert r.exit_code == 1
    assert "nwf_stylesheets-testrend.xml:26:15: XML001" in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_xincludes_are_expanded_and_missing_ones_reported(tmp_path):
    root = shared_or_skip("realtei")
    rep = lib.build([root / "xinclude-stylesheets" / "testxi.xml", root / "app_arabic-verse_BAlam52_seed.xml"],
                    formats=["text"], output=tmp_path, jobs=1)
    txt = (tmp_path / "text" / "testxi.txt").read_text(encoding="utf-8")
    # the included div (testxi-inc.xml) is part of the text
    inc = lib.parse(root / "xinclude-stylesheets" / "testxi-inc.xml", "inc").getroot()
    head = " ".join(inc.find("{http://www.tei-c.org/ns/1.0}head").itertext()).split()
    assert " ".join(head) in " ".join(txt.split())
    missing = [d for d in rep.diagnostics if d.code == "BLD003"]
    assert missing and all(d.path == "app_arabic-verse_BAlam52_seed.xml" and d.line > 0 for d in missing)
    assert "common.xml" in missing[0].message
