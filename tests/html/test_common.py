"""The shared editorial layer (xslt/common): the policy every format renders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit import resources, saxon

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "render"
INSPECT = resources.xslt("common/inspect.xsl")
EXPECTED = json.loads((FIX / "expected.json").read_text(encoding="utf-8"))


def inspect(name: str) -> dict:
    return json.loads(saxon.transform(INSPECT, source=FIX / name)[0])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reading_and_diplomatic_text_match_expected(name):
    r = inspect(name)
    assert r["reading"] == EXPECTED[name]["reading"]
    assert r["diplomatic"] == EXPECTED[name]["diplomatic"]


def test_every_fixture_has_expected_text():
    assert sorted(p.name for p in FIX.glob("*.xml")) == sorted(EXPECTED)


def test_choice_policy_reading_vs_diplomatic():
    r = inspect("choice.xml")
    assert "V.I. Lenin, shown to the Central Committee" in r["reading"]
    assert "V.l." not in r["reading"] and "shewn" not in r["reading"]
    assert "V.l. Lenin, shewn to the C.C." in r["diplomatic"]


def test_bracket_conventions():
    r = inspect("interventions.xml")
    assert "In [1928] the […] plenum" in r["reading"]
    assert "right(?) deviation" in r["reading"]
    assert "[ edit ]" not in r["reading"] and "[ edit ]" in r["diplomatic"]
    # the search text has no editorial brackets, so words are found as words
    assert "In 1928 the plenum" in r["search"]


def test_line_breaks_and_hyphens():
    r = inspect("lines.xml")
    assert "The revolutionary All-Russian congress opened" in r["reading"]
    assert "revolu- tionary All- Russian" in r["diplomatic"]
    assert "TRIUMPH AND TRAGEDY" not in r["reading"] and "TRIUMPH AND TRAGEDY 60" in r["diplomatic"]


def test_notes_kinds_numbering_and_calls():
    notes = {n["id"]: n for n in inspect("book.xml")["notes"]}
    assert notes["fx-book-fw-n1"]["kind"] == "translator" and notes["fx-book-fw-n1"]["place"] == "foot"
    assert notes["fx-book-ch01-n2"]["kind"] == "editorial" and notes["fx-book-ch01-n2"]["place"] == "end"
    assert notes["fx-book-ch02-n1"]["n"] == "1"
    assert notes["fx-book-ch01-n1"]["call"] == "fx-book-ch01-n1-call"
    inline = [n for n in notes.values() if n["place"] == "inline"]
    assert len(inline) == 1 and inline[0]["n"] == ""


def test_note_numbering_without_n_restarts_per_chapter(tmp_path):
    src = (FIX / "book.xml").read_text(encoding="utf-8").replace(' n="1" place="end"', ' place="end"').replace(
        ' n="2" place="end"', ' place="end"')
    f = tmp_path / "book.xml"
    f.write_text(src, encoding="utf-8")
    notes = {n["id"]: n["n"] for n in json.loads(saxon.transform(INSPECT, source=f)[0])["notes"]}
    assert notes["fx-book-ch01-n1"] == "1" and notes["fx-book-ch01-n2"] == "2"
    assert notes["fx-book-ch02-n1"] == "1"


def test_notes_in_place_are_numbered_in_order():
    src = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
      <p>a<note>first</note> b<note place="inline">gloss</note> c<note place="foot">second</note></p>
    </body></text></TEI>"""
    out = json.loads(saxon.transform(INSPECT, text=src)[0])
    numbered = [(n["n"], n["in-place"]) for n in out["notes"]]
    assert numbered == [("1", True), ("", False), ("2", True)]


def test_apparatus_as_data():
    r = inspect("apparatus.xml")
    assert r["witnesses"] == ["W000", "W003", "W004"]
    a1, a2 = r["apparatus"]
    assert a1["lemma"] == "removed"
    assert [(x["text"], x["wit"], x["lem"]) for x in a1["readings"]] == [
        ("removed", ["W003"], True), ("expelled", ["W000"], False), ("dismissed", ["W004"], False)]
    assert a2["readings"][1] == {"text": "", "wit": ["W000"], "lem": False}  # an omission


WITNESS_DRIVER = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:tk="https://teikit.org/ns" xpath-default-namespace="http://www.tei-c.org/ns/1.0" expand-text="yes">
  <xsl:include href="{common}"/>
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:variable name="p" select="//body//p[1]"/>
    <xsl:for-each select="'', tk:witnesses(/)?id">
      <xsl:variable name="t" as="xs:string*" xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xsl:apply-templates select="$p" mode="tk:plain"><xsl:with-param name="tk:witness" select="." tunnel="yes"/></xsl:apply-templates>
      </xsl:variable>
      <xsl:value-of select="(if (. = '') then 'base' else .) || '=' || normalize-space(string-join($t)) || '&#10;'"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""


def test_witness_text_follows_the_chosen_witness(tmp_path):
    drv = tmp_path / "drv.xsl"
    drv.write_text(WITNESS_DRIVER.replace("{common}", resources.xslt("common/common.xsl").as_uri()), encoding="utf-8")
    out = dict(line.split("=", 1) for line in saxon.transform(drv, source=FIX / "apparatus.xml")[0].splitlines())
    assert out["base"] == "Bukharin was removed from the Politburo in November."
    assert out["W000"] == "Bukharin was expelled from the Politburo ."
    assert out["W004"] == "Bukharin was dismissed from the Politburo in November."


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("mailto:ed@example.org", "mailto:ed@example.org"),
    ("persons.xml#stalin", "persons.xml#stalin"),
    ("#w000-p1", "#w000-p1"),
    ("javascript:alert(1)", None),
    (" JaVa\tScRiPt:alert(1)", None),
    ("data:text/html,<script>", None),
    ("vbscript:msgbox", None),
    ("file:///etc/passwd", None),
])
def test_safe_url(url, expected, tmp_path):
    drv = tmp_path / "u.xsl"
    drv.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
      xmlns:tk="https://teikit.org/ns"><xsl:include href="{resources.xslt('common/common.xsl').as_uri()}"/>
      <xsl:output method="text"/><xsl:param name="u" as="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
      <xsl:template name="xsl:initial-template"><xsl:value-of select="(tk:safe-url($u), 'NONE')[1]"/></xsl:template>
    </xsl:stylesheet>""",
                   encoding="utf-8")
    out = saxon.transform(drv, params={"u": url}, initial_template="{http://www.w3.org/1999/XSL/Transform}initial-template")[0]
    assert out == (expected if expected is not None else "NONE")


def test_plain_fast_path_knows_every_rule_of_the_plain_mode():
    """tkp:plain-simple must name every element that has a rule in mode tk:plain."""
    import re

    from lxml import etree
    xsl = resources.xslt("common/plain.xsl")
    root = etree.parse(str(xsl)).getroot()
    ns = {"xsl": "http://www.w3.org/1999/XSL/Transform"}
    ruled = set()
    for t in root.findall("xsl:template[@mode='tk:plain']", ns):
        for alt in t.get("match").split("|"):
            name = re.match(r"\s*(?:[\w]+/)?([A-Za-z]\w*)", alt)
            if name and name.group(1) not in ("text", "comment", "processing", "document"):
                ruled.add(name.group(1))
    listed = set()
    for v in root.findall("xsl:variable", ns):
        if v.get("name") in ("tkp:plain-rules", "tkp:plain-blocks"):
            listed |= set(re.findall(r"'(\w+)'", v.get("select")))
    assert ruled <= listed
    fn = [f for f in root.findall("xsl:function", ns) if f.get("name") == "tkp:plain-simple"][0]
    tested = set(re.findall(r"self::(\w+)", fn.find("xsl:sequence", ns).get("select")))
    assert tested == listed


def test_plain_fast_path_gives_the_same_text(tmp_path):
    src = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
      <p>Simple <hi>text</hi> <persName>here</persName>.</p>
      <p>With a <choice><sic>teh</sic><corr>the</corr></choice> choice.</p>
    </body></text></TEI>"""
    out = json.loads(saxon.transform(INSPECT, text=src)[0])
    assert out["reading"] == "Simple text here. With a the choice."
    assert out["diplomatic"] == "Simple text here. With a teh choice."
