"""The Schematron compiler (toolkit.schematron): features, phases, errors."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import shared_or_skip
from tests.validate.helpers import SCHEMAS, run
from toolkit import schematron
from toolkit.errors import ToolError

DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
<text><body>
<head type="short">ab</head>
<p n="1" rend="skip">skipped, though it has no problem</p>
<p>no n <hi/><hi/><hi/></p>
<p n="3"><date>undated</date></p>
</body></text>
</TEI>
"""


def findings(schema, text=DOC, phase=None):
    v = schematron.validator(schema, phase)
    root = etree.fromstring(text.encode())
    out = []
    for loc, check, msg in v.run(text):
        el, attr = schematron.locate(root, loc)
        out.append((el.sourceline, etree.QName(el).localname, attr, check.code, check.severity, msg))
    return sorted(out, key=repr)


def test_features():
    assert findings(SCHEMAS / "features.sch") == [
        (3, "head", "type", "SCH-T-SHORT", "error", 'short head "AB"'),
        (4, "p", None, "SCH-T-SKIP", "info", "skipped paragraph"),
        (5, "p", None, "SCH-T-KIDS", "error", "paragraph p has 3 children Split it into shorter paragraphs."),
        (5, "p", None, "SCH-T-NEEDS-N", "warning", "paragraph without @n (3 paragraphs in all)"),
        (6, "date", None, "SCH-T-ATTR", "error", "element date needs the attribute"),
    ]


def test_phase_selects_patterns():
    assert [f[3] for f in findings(SCHEMAS / "features.sch", phase="heads-only")] == ["SCH-T-SHORT"]
    with pytest.raises(ToolError, match="no Schematron phase 'x'.*heads-only, main"):
        schematron.validator(SCHEMAS / "features.sch", "x")


def test_generated_stylesheet_is_xslt3_and_deterministic():
    schema = schematron.load(SCHEMAS / "features.sch")
    a = schematron.compile_schema(schema, source="features.sch")
    b = schematron.compile_schema(schematron.load(SCHEMAS / "features.sch"), source="features.sch")
    assert a.xslt == b.xslt
    sheet = etree.fromstring(a.xslt.encode())
    assert sheet.get("version") == "3.0"
    modes = sheet.findall("{http://www.w3.org/1999/XSL/Transform}mode")
    assert {m.get("on-no-match") for m in modes} <= {"shallow-skip", "deep-skip"}


@pytest.mark.parametrize("context,expected", [
    # one step: its predicates are kept (not one calling current())
    ("tei:ref[@type = 'noteref']", ["//tei:ref[@type = 'noteref']"]),
    ("tei:p[current()/@n]", ["//tei:p"]), ("tei:p[1][. = current()]", ["//tei:p"]),
    # more steps: the last node test alone
    ("tei:body//tei:note[@place = 'foot'][1]", ["//tei:note"]),
    ("tei:*/@when | tei:*[not(self::tei:a | self::tei:b)]/@from", ["//@when", "//@from"]),
    ("text()[contains(., '|/')]", ["//text()[contains(., '|/')]"]),
    ("tei:l[@n = 'a/b|c'] | *:seg | @xml:id | attribute::n", ["//tei:l[@n = 'a/b|c']", "//*:seg", "//@xml:id",
                                                               "//@n"]),
    ("processing-instruction('x') | comment() | node()", ["//processing-instruction('x')", "//comment()",
                                                           "//node()"]),
    # no plain node test in the last step: every node is visited
    ("/", None), ("document-node()", None), (".[@n]", None), ("id('x')", None), ("key('k', 'v')", None),
    ("$nodes", None), ("(tei:a | tei:b)", None), ("tei:a union tei:b", None), ("tei:p/(tei:hi)", None),
    ("element(tei:p)", None), ("descendant::tei:p", None), ("tei:p[a]x", None), ("tei:p[a]]", None),
    ("tei:p[a", None), ("tei:p[a][", None), ("tei:p[a)", None), ("tei:p 'x'", None),
    ("tei:p[@n = ']'][(1)]", ["//tei:p[@n = ']'][(1)]"]), ("@n[2]", ["//@n[2]"]),
])
def test_candidates_of_a_context(context, expected):
    assert schematron._candidates(context) == expected


OVERLAPS = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern>
    <rule context="tei:p[1]"><report id="FIRST-P" test="true()">first p of its parent</report></rule>
    <rule context="tei:p[hi]/text() | tei:hi"><report id="IN-P" test="true()"><name/> in a p with hi</report></rule>
    <rule context="tei:p"><report id="OTHER-P" test="true()">another p</report></rule>
    <rule context="@n[. = '3']"><report id="N" test="true()">n is 3</report></rule>
    <rule context="text()[contains(., 'kip')] | tei:date[1] | tei:hi[2]"><report id="X" test="true()">kip or a first date</report></rule>
  </pattern>
  <pattern>
    <rule context="tei:*[@rend]/@*"><report id="REND-ATT" test="true()">@<name/> of an element with @rend</report></rule>
    <rule context="tei:body//tei:*[current()/@type]"><report id="TYPED" test="true()">typed</report></rule>
  </pattern>
  <pattern>
    <rule context="/"><report id="ROOT" test="true()">the document</report></rule>
    <rule context="tei:date"><report id="DATE" test="true()">a date</report></rule>
  </pattern>
</schema>
"""


def test_rules_run_on_candidates_as_on_every_node(tmp_path, monkeypatch):
    """Selecting the nodes that pass a context's last node test finds exactly what
    visiting every node and attribute finds, first matching rule included."""
    schema = tmp_path / "overlaps.sch"
    schema.write_text(OVERLAPS)
    selected = schematron.compile_schema(schematron.load(schema))
    assert selected.xslt.count('deep-skip') == 2  # the third pattern has "/" and visits every node
    fast = findings(schema)
    monkeypatch.setattr(schematron, "_candidates", lambda context: None)
    monkeypatch.setattr(schematron, "_validators", {})
    assert "deep-skip" not in schematron.compile_schema(schematron.load(schema)).xslt
    slow = findings(tmp_path / "overlaps.sch")
    assert fast == slow
    assert {f[3].removeprefix("SCH-") for f in fast} == {"FIRST-P", "IN-P", "OTHER-P", "N", "REND-ATT", "TYPED", "ROOT",
                                                          "DATE", "X"}


@pytest.mark.parametrize("text,message", [
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="stx"/>', "queryBinding 'stx'"),
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule><assert test="1">x</assert></rule>'
     '</pattern></schema>', "needs @context"),
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="*"><extends rule="nope"/>'
     '</rule></pattern></schema>', "no abstract rule with id 'nope'"),
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="*">'
     '<assert test="1" diagnostics="d">x</assert></rule></pattern></schema>', "no sch:diagnostic with id 'd'"),
    ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><include href="http://example.org/x.sch"/></schema>',
     "remote file is refused"),
    ('<grammar xmlns="urn:not-a-schema"/>', "not a Schematron schema"),
])
def test_schema_errors_are_tool_errors(tmp_path, text, message):
    p = tmp_path / "s.sch"
    p.write_text(text)
    with pytest.raises(ToolError, match=message):
        schematron.validator(p)


def test_include(tmp_path):
    (tmp_path / "rules.xml").write_text(
        '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="p">'
        '<assert test="@n" id="SCH900">p without n</assert></rule></pattern>')
    (tmp_path / "main.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<include href="rules.xml"/></schema>')
    v = schematron.validator(tmp_path / "main.sch")
    assert [(c.code, m) for _, c, m in v.run("<r><p/><p n='1'/></r>")] == [("SCH900", "p without n")]


def test_embedded_in_relax_ng():
    """The 90 Schematron patterns of tei_all.rng run when an xml-model asks for them."""
    tei_all = shared_or_skip("schemas", "tei_all.rng")
    v = schematron.validator(tei_all)
    assert len(v.compiled.checks) > 90
    doc = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
           '<date from="1900" to="1901" notAfter="1902">x</date></p></body></text></TEI>')
    msgs = [(c.severity, m) for _, c, m in v.run(doc)]
    assert ("warning", "The @to and @notAfter attributes cannot be used together.") in msgs


def test_xml_model_with_schematron_in_rng(tmp_path, monkeypatch):
    tei_all = shared_or_skip("schemas", "tei_all.rng")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.xml").write_text(
        f'<?xml-model href="{tei_all.as_uri()}" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>\n'
        '<date from="1900" to="1901" notAfter="1902">x</date></p></body></text></TEI>\n')
    r = run("d.xml")
    assert r.exit_code == 0  # TEI's own rule is a warning ("nonfatal")
    assert "d.xml:3:1: SCH-" in r.output and "[warning] The @to and @notAfter" in r.output


def test_pattern_lets_with_the_same_name(tmp_path):
    """Two patterns may bind the same variable name to different values."""
    p = tmp_path / "lets.sch"
    p.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<pattern id="a"><let name="n" value="count(//p)"/>'
        '<rule context="r"><report test="true()">p: <value-of select="$n"/></report></rule></pattern>'
        '<pattern id="b"><let name="n" value="count(//q)"/>'
        '<rule context="r"><report test="true()">q: <value-of select="$n"/></report></rule></pattern>'
        '</schema>')
    v = schematron.validator(p)
    assert sorted(m for _, _, m in v.run("<r><p/><p/><q/></r>")) == ["p: 2", "q: 1"]


#: a schema whose line 4 holds the rule and line 5 its assert
FAULTY = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern id="p">
    <rule context="{context}">
      <assert test="{test}">{message}</assert>
    </rule>
  </pattern>
</schema>
"""


@pytest.mark.parametrize("parts,expected", [
    # what the schema lacks: named, with the line of the element
    ({"message": "<let/>"}, "s.sch:5: Schematron: sch:let needs @name"),
    ({"message": "<value-of/>"}, "s.sch:5: Schematron: sch:value-of needs @select"),
    # XPath that does not compile: the schema's line and construct, not the generated stylesheet's
    ({"test": "1 +"}, "s.sch:5: Schematron schema does not compile: Error in {not(1 +)} at char 9 in the test "
                         "of an assert or report: XPST0003 Unexpected token ) before ..."),
    ({"context": "tei:p["}, "s.sch:4: Schematron schema does not compile: Error in {tei:p[} at char 7 in a rule "
                            "context: XTSE0340 Unexpected token <eof> before ..."),
    # a dynamic error: the assert's line, Saxon's code and the document it happened on
    ({"test": "1 idiv 0"}, "s.sch:5: Schematron failed at run time on doc.xml: FOAR0001 Integer division by zero"),
    ({"test": "doc('http://example.org/x.xml')//*"},
     "s.sch:5: Schematron failed at run time on doc.xml: FODC0005 Access to URI http://example.org/x.xml has been "
     "prohibited"),
])
def test_schema_faults_name_the_schema_line(tmp_path, monkeypatch, parts, expected):
    monkeypatch.chdir(tmp_path)
    fill = {"context": "tei:p", "test": "true()", "message": "m"} | parts
    (tmp_path / "s.sch").write_text(FAULTY.format(**fill))
    (tmp_path / "doc.xml").write_text(DOC)
    r = run("--schema", "s.sch", "doc.xml")
    assert r.exit_code == 2
    assert r.output == f"teikit: {tmp_path}/{expected}\n"


def test_locations_by_document_order(tmp_path):
    """Findings are located by the element's number in document order: on many
    siblings, on an attribute, on a comment (its element), and on a node of another
    document that a subject reaches with doc() (the document element)."""
    other = tmp_path / "other.xml"
    other.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><title>elsewhere</title></TEI>')
    schema = tmp_path / "s.sch"
    schema.write_text("""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern><rule context="tei:p[@n = ('2', '2999')]"><report id="P" test="true()">p</report></rule></pattern>
  <pattern><rule context="tei:p[@n = '3000']"><report id="N" test="true()" subject="@n">n</report>
    <report id="FOREIGN" test="true()" subject="doc('other.xml')//tei:title">foreign</report></rule></pattern>
  <pattern><rule context="comment()"><report id="C" test="true()">c</report></rule></pattern>
</schema>""")
    paras = "".join(f'<p n="{i}">x</p>\n' for i in range(1, 3001))
    text = f'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n{paras}<!-- c --></body></text>\n</TEI>\n'
    found = findings(schema, text)
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [
        (1, "TEI", None, "SCH-FOREIGN"), (2, "body", None, "SCH-C"), (3001, "p", None, "SCH-P"),
        (3002, "p", "n", "SCH-N"), (4, "p", None, "SCH-P")]


_TEI_OPEN = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
             "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"
             "<text><body>\n")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("case", ["attributes", "prefixes"])
def test_a_document_saxon_refuses_is_reported_not_a_tool_failure(tmp_path, monkeypatch, case, jobs):
    """lxml reads documents that Saxon's XML parser refuses (more than 10,000
    attributes on an element, more than 2,047 namespace prefixes): the other stages
    report as usual, and that the rules could not run is an error of that document
    (SCH001, where Saxon says, in the file), not a failure of the tool (exit 2)."""
    monkeypatch.chdir(tmp_path)
    if case == "attributes":
        body = "<p>fine</p>\n<p " + " ".join(f'a{i}="v"' for i in range(10_001)) + ">x</p>\n"
    else:  # (prefixes that are used: Saxon counts those)
        body = "".join(f'<p xmlns:n{i}="urn:{i}" n{i}:a="v">x</p>\n' for i in range(2_100))
    bad = tmp_path / "bad.xml"
    bad.write_text(_TEI_OPEN + body + "</body></text></TEI>\n", encoding="utf-8")
    good = tmp_path / "good.xml"
    good.write_text(_TEI_OPEN + "<p>ab\ufffdc</p>\n</body></text></TEI>\n", encoding="utf-8")
    result = run("--no-cache", "-j", jobs, "bad.xml", "good.xml")
    assert result.exit_code == 1, result.output[-2000:]
    lines = result.output.splitlines()
    refused = [line.split(" SCH001 ") for line in lines if " SCH001 " in line]
    assert len(refused) == 1, refused
    where, message = refused[0]
    if case == "attributes":  # where Saxon stopped: the end of the start tag
        assert where.startswith("bad.xml:3:") and int(where.split(":")[2]) > 90_000, where
        assert 'more than "10,000" attributes' in message
    else:
        assert where == "bad.xml:" and "namespace prefixes" in message
    assert message.startswith("Schematron not run: Saxon's XML parser refuses this document (")
    # the other stages and the other document are judged as ever
    assert any(line.startswith("good.xml:2:") and " SCH151 " in line for line in lines)
    assert sum(" RNG002 " in line for line in lines) == (10_001 if case == "attributes" else 2_100)
