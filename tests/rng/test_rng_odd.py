"""The ODD subset compiler and the edition schema."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.rng.conftest import EDITION, TEI_ALL
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.schema import odd

ODD = ROOT / "schemas" / "edition.odd"


def test_recompiling_reproduces_edition_rng_byte_for_byte():
    assert odd.compile_odd(ODD, TEI_ALL) == EDITION.read_bytes()


def test_cli_compile_writes_the_schema(tmp_path):
    out = tmp_path / "e.rng"
    res = CliRunner().invoke(main, ["schema", "compile", str(ODD), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == EDITION.read_bytes()


def _odd(tmp_path, spec: str):
    p = tmp_path / "x.odd"
    p.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                 f'<schemaSpec ident="x" start="TEI">{spec}</schemaSpec></body></text></TEI>')
    return p


BASE = ('<moduleRef key="textstructure" include="TEI text body"/>'
        '<moduleRef key="header" include="teiHeader fileDesc titleStmt publicationStmt sourceDesc"/>'
        '<moduleRef key="core" include="title p lb"/>')


def test_closed_list_may_not_widen_tei_all(tmp_path):
    # tei_all: @cert is a probability or high|medium|low|unknown
    bad = _odd(tmp_path, BASE + '<elementSpec ident="p" mode="change"><attList><attDef ident="cert" '
               'mode="change"><valList type="closed"><valItem ident="high"/><valItem ident="0.5"/>'
               '<valItem ident="certain"/></valList></attDef></attList></elementSpec>')
    with pytest.raises(InputError) as exc:
        odd.compile_odd(bad, TEI_ALL)
    assert "value(s) certain not allowed" in str(exc.value) and exc.value.diagnostics[0].code == "ODD001"


@pytest.mark.parametrize("spec, needle", [
    ('<moduleRef key="core"/>', "include list"),
    ('<moduleRef key="core" include="p blort"/>', '"blort"'),
    (BASE + '<classSpec ident="att.global" mode="change"/>', "classSpec"),
    (BASE + '<elementSpec ident="p" mode="replace"/>', "replace"),
    (BASE + '<elementSpec ident="lb" mode="change"><attList><attDef ident="nope" mode="delete"/>'
            '</attList></elementSpec>', '"nope"'),
    ('<moduleRef key="textstructure" include="TEI text body"/><moduleRef key="core" include="p"/>',
     "can never occur"),
])
def test_unsupported_or_wrong_odd_is_refused(tmp_path, spec, needle):
    with pytest.raises(InputError, match=needle):
        odd.compile_odd(_odd(tmp_path, spec), TEI_ALL)


def test_cli_reports_bad_odd_with_exit_1(tmp_path):
    res = CliRunner().invoke(main, ["schema", "compile", str(_odd(tmp_path, '<moduleRef key="core"/>')),
                                    "-o", str(tmp_path / "o.rng")])
    assert res.exit_code == 1
    assert "ODD001" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "o.rng").exists()


def test_small_odd_compiles_to_a_working_subset(tmp_path):
    from lxml import etree
    from toolkit import rng, xmlsafe

    src = _odd(tmp_path, BASE + '<elementSpec ident="lb" mode="change"><attList><attDef ident="break" '
               'mode="change"><valList type="closed"><valItem ident="no"/></valList></attDef></attList>'
               '</elementSpec>')
    out = odd.compile_to_file(src, TEI_ALL, tmp_path / "x.rng")
    doc = tmp_path / "d.xml"
    ok = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title>'
          '</titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
          '</fileDesc></teiHeader><text><body><p>a<lb break="{}"/>b</p></body></text></TEI>')
    doc.write_text(ok.format("no"))
    assert rng.validate(xmlsafe.parse(doc), out, path="d.xml") == []
    assert rng.validate(xmlsafe.parse(doc), TEI_ALL, path="d.xml") == []
    doc.write_text(ok.format("yes"))  # allowed by tei_all, not by the closed list
    assert rng.validate(xmlsafe.parse(doc), TEI_ALL, path="d.xml") == []
    # (libxml2 blames the mixed content of p rather than lb/@break; Jing names the attribute)
    assert [d.line for d in rng.validate(xmlsafe.parse(doc), out, path="d.xml")] == [1]
    assert etree.parse(str(out)).getroot().tag == "{http://relaxng.org/ns/structure/1.0}grammar"


def test_cli_prune_writes_a_small_equivalent_grammar(tmp_path):
    from lxml import etree
    from toolkit import xmlsafe

    doc = ROOT / "tests" / "rng" / "fixtures" / "valid" / "edition-sample.xml"
    out = tmp_path / "p.rng"
    res = CliRunner().invoke(main, ["schema", "prune", str(doc), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "element and" in res.output
    assert out.stat().st_size < TEI_ALL.stat().st_size
    assert etree.RelaxNG(etree.parse(str(out))).validate(xmlsafe.parse(doc))
    res = CliRunner().invoke(main, ["schema", "prune", str(tmp_path / "missing.xml"), "-o", str(out)])
    assert res.exit_code == 2 and "Traceback" not in res.output
