"""An ID used twice. libxml2 reports it as an invalid attribute value, or, inside
mixed content, as a fault of the content around it ("text not allowed in p"); the
lxml engine says what it is, as Jing does ("ID ... has already been defined"), and
judges the rest of the document as if the value were unique."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.rng.conftest import EDITION, FIXTURES, TEI_ALL
from tests.validate.helpers import run
from toolkit import rng, xmlsafe

SAMPLE = (FIXTURES / "valid" / "edition-sample.xml").read_text(encoding="utf-8")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CASES = {
    # name: (replaced, replacement, line of the second use, what it is, line of the first)
    "anchor in mixed content": ('<anchor xml:id="sample-a1"/>', '<anchor xml:id="sample-a1"/><anchor xml:id="sample-a1"/>',
                                81, 'on "anchor": ID "sample-a1"', 81),
    "witness": ('xml:id="sample-W2"', 'xml:id="sample-W1"', 36, 'on "witness": ID "sample-W1"', 35),
    "person takes a div's id": ('<person xml:id="sample-p1">', '<person xml:id="sample-ch01">', 116,
                                'on "person": ID "sample-ch01"', 64),
}


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


#: the caller may say that an xml:id repeats (teikit validate knows it from its scan):
#: libxml2 is then not asked first, and the report is the same
HINTED = pytest.mark.parametrize("hint", [False, True], ids=["found", "said"])


@HINTED
@pytest.mark.parametrize("schema", [EDITION, TEI_ALL], ids=["edition", "tei_all"])
@pytest.mark.parametrize("case", CASES)
def test_an_id_used_twice_is_said_as_such(tmp_path, case, schema, hint):
    old, new, line, what, first = CASES[case]
    path = _write(tmp_path, "doc.xml", SAMPLE.replace(old, new, 1))
    tree = xmlsafe.parse(path)
    before = [(e, e.get(XML_ID)) for e in tree.getroot().iter(etree.Element) if e.get(XML_ID)]
    found = [(d.line, d.code, d.message) for d in rng.validate(tree, schema, path="doc.xml", xml_ids_repeat=hint)]
    assert found == [(line, "RNG002", f'attribute "xml:id" {what} is already defined (first at line {first})')]
    assert [(e, e.get(XML_ID)) for e, _ in before] == before  # the document is left as it was


@HINTED
def test_other_faults_are_judged_as_if_the_id_were_unique(tmp_path, hint):
    text = SAMPLE.replace('<anchor xml:id="sample-a1"/>', '<anchor xml:id="sample-a1"/><anchor xml:id="sample-a1"/>')
    text = text.replace('<witness xml:id="sample-W1">', '<witness xml:id="sample-W1" colour="red">')
    found = [(d.code, d.message) for d in rng.validate(xmlsafe.parse(_write(tmp_path, "d.xml", text)), EDITION,
                                                       path="d", xml_ids_repeat=hint)]
    assert found == [("RNG002", 'attribute "colour" on "witness" is not allowed on this element by the schema'),
                     ("RNG002", 'attribute "xml:id" on "anchor": ID "sample-a1" is already defined (first at line 81)')]


def test_validate_reports_it_once(tmp_path, monkeypatch):
    """teikit validate: the reference checks say it (REF001, at the attribute), the
    RELAX NG stage adds nothing."""
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "doc.xml", SAMPLE.replace(*CASES["anchor in mixed content"][:2], 1))
    r = run("--schema", EDITION, "doc.xml")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert len(lines) == 2 and lines[0].startswith("doc.xml:81:") and " REF001 xml:id 'sample-a1' is already used at" \
        in lines[0], r.output


@HINTED
def test_a_schema_without_the_type_id_allows_it(tmp_path, hint):
    schema = _write(tmp_path, "s.rng", """<element name="doc" xmlns="http://relaxng.org/ns/structure/1.0">
  <zeroOrMore><element name="p"><attribute name="xml:id"/><text/></element></zeroOrMore></element>""")
    doc = _write(tmp_path, "d.xml", '<doc><p xml:id="a">x</p><p xml:id="a">y</p></doc>')
    assert rng.validate(xmlsafe.parse(doc), schema, path="d.xml", xml_ids_repeat=hint) == []
    bad = _write(tmp_path, "e.xml", '<doc><p xml:id="a">x</p><p xml:id="a"><b/></p></doc>')
    assert [d.code for d in rng.validate(xmlsafe.parse(bad), schema, path="e.xml", xml_ids_repeat=hint)] == ["RNG001"]


def test_a_repetition_said_wrongly_changes_nothing():
    """Said to repeat, ids that do not: the document is judged as ever."""
    good = xmlsafe.parse(FIXTURES / "valid" / "edition-sample.xml")
    assert rng.validate(good, EDITION, path="d.xml", xml_ids_repeat=True) == []
