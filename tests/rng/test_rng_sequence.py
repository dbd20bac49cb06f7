"""The sequence check (toolkit.schema.sequence): the child out of place in an element
and what was expected there, where libxml2 blames the text of mixed content or a
sibling. Each expected message names the element Jing names."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import shared_or_skip
from tests.rng.conftest import EDITION, TEI_ALL
from toolkit import rng

_HEAD = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
         "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"
         "<text><body>\n")
_CHOICE = ('"abbr", "choice", "corr", "expan", "orig", "reg", "seg", "sic" and 2 more')

CASES = {
    # libxml2: 'text not allowed in "p"' at the paragraph
    "incomplete choice in a paragraph": (
        "<p>some <choice><sic>teh</sic></choice> text</p>",
        [(1, 9, "RNG003", f'element "choice" incomplete; expected {_CHOICE}')]),
    "incomplete choice, deeper in mixed content": (
        "<p>a <hi>b <choice><orig>x</orig></choice> c</hi> d</p>",
        [(1, 12, "RNG003", f'element "choice" incomplete; expected {_CHOICE}')]),
    # libxml2: 'element "l" not allowed as the first child' (the l is fine)
    "head after l": (
        "<p>a <quote><lg><l>x</l><head>late</head></lg></quote> b</p>",
        [(1, 25, "RNG001", 'element "head" not allowed after "l" in "lg"; "lg" allows it elsewhere '
                           "(check the order and number of its children)")]),
    "lem after rdg": (
        "<p>a <app><rdg>x</rdg><lem>y</lem></app> b</p>",
        [(1, 23, "RNG001", 'element "lem" not allowed after "rdg" in "app"; expected "note", "rdg" or "rdgGrp", '
                           'or the end of "app"')]),
    # libxml2: 'Expecting an element got text', no element named
    "text in a list": (
        "<list>stray<item>x</item></list>",
        [(1, 1, "RNG004", 'text not allowed in "list"; expected "address", "anchor", "app", "argument", '
                          '"byline", "cb", "dateline", "desc" and 18 more')]),
    # libxml2: 'missing required element "byline"' (one alternative of many)
    "lg without lines": (
        "<lg><head>h</head></lg>",
        [(1, 1, "RNG003", 'element "lg" incomplete; expected "add", "address", "anchor", "app", "argument", '
                          '"byline", "cb", "corr" and 29 more')]),
    # libxml2 (lost in body's choice of branches): 'element "div" incomplete; missing
    # required element "link"' on the first div, whose children are in order
    "paragraph after the divisions": (
        '<div xml:base="chapters/"><p xml:id="here"><seg xml:base="one/">\n'
        '<ref target="c1.xml#x">a</ref> <ref target="#here">b</ref> <ref xml:base="../" target="c.xml#x">c</ref>\n'
        '</seg></p></div>\n<div xml:base="https://example.org/"><p><ref target="c1.xml#x">d</ref></p></div>\n'
        '<p><ref target="c1.xml#x">e</ref></p>',
        [(5, 1, "RNG001", 'element "p" not allowed after "div" in "body"; "body" allows it elsewhere '
                          "(check the order and number of its children)")]),
    "list without items": (
        "<list><head>h</head></list>",
        [(1, 1, "RNG003", 'element "list" incomplete; expected "address", "anchor", "app", "argument", "byline", '
                          '"cb", "dateline", "desc" and 18 more')]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_child_out_of_place_is_named(tmp_path, case):
    body, expected = CASES[case]
    f = tmp_path / "d.xml"
    f.write_text(_HEAD + body + "\n</body></text></TEI>\n")
    ds = rng.validate(etree.parse(str(f)), EDITION, path="d.xml", engine="lxml")
    assert [(d.line - 1, d.col, d.code, d.message) for d in ds] == expected


def test_required_child_missing_among_alternatives():
    """A child the model requires whatever else is there is named as required."""
    from toolkit.schema.sequence import TEXT, Checker

    sch = rng._schema(EDITION)
    tei = "http://www.tei-c.org/ns/1.0"
    pats = [p.children[1] for p in sch._element_patterns((tei, "fileDesc"))]
    c = Checker(sch.grammar)
    assert c.check(pats, [(tei, "titleStmt"), (tei, "publicationStmt"), (tei, "sourceDesc")]) is None
    index, expected, can_end = c.check(pats, [(tei, "titleStmt"), (tei, "sourceDesc")])
    assert (index, can_end) == (1, False) and (tei, "publicationStmt") in expected
    index, expected, can_end = c.check(pats, [(tei, "titleStmt"), (tei, "publicationStmt")])
    assert index is None and (tei, "sourceDesc") in expected
    index, expected, can_end = c.check(pats, [TEXT])
    assert (index, can_end) == (0, False) and TEXT not in expected and (tei, "titleStmt") in expected


def test_realtei_header_errors_are_the_ones_jing_reports():
    """ParlaMint's unfinished header: libxml2 also blamed editionStmt and extent,
    which are in their place; Jing reports meeting, publicationStmt and encodingDesc."""
    realtei = shared_or_skip("realtei")
    doc = etree.parse(str(realtei / "invalid_parlamint-sk-component-todo.xml"))
    ds = rng.validate(doc, TEI_ALL, path="p.xml", engine="lxml")
    assert [(d.line, d.code, d.message.split(";")[0]) for d in ds] == [
        (7, "RNG001", 'element "meeting" not allowed as the first child in "titleStmt"'),
        (17, "RNG003", 'element "publicationStmt" incomplete'),
        (27, "RNG003", 'element "encodingDesc" incomplete')]
