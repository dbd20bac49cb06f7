"""The sequence check (toolkit.schema.sequence): the child out of place in an element
and what was expected there, where libxml2 blames the text of mixed content or a
sibling. Each expected message names the element Jing names."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import shared_or_skip
from tests.rng.conftest import EDITION, FIXTURES, TEI_ALL
from toolkit import rng

_HEAD = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
         "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>"
         "<text><body>\n")
_CHOICE = ('"abbr", "choice", "corr", "expan", "orig", "reg", "seg", "sic" and 2 more')
_STRAY_IN_LIST = ('text not allowed in "list"; expected "address", "anchor", "app", "argument", "byline", "cb", '
                  '"dateline", "desc" and 18 more')

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
    # libxml2: 'Expecting an element got text', no element named; placed at the text
    "text in a list": (
        "<list>stray<item>x</item></list>",
        [(1, 7, "RNG004", _STRAY_IN_LIST)]),
    "text in a list whose attribute holds a >": (
        '<list rend="a>b">stray<item>x</item></list>',
        [(1, 18, "RNG004", _STRAY_IN_LIST)]),
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


def _mutated(tmp_path, name: str, mutate) -> tuple[etree._ElementTree, object]:
    """A realtei file, changed by ``mutate(tree) -> element to report``, written out and
    read back (for lines); returns the tree and the element in it."""
    realtei = shared_or_skip("realtei")
    tree = etree.parse(str(realtei / name))
    marker = mutate(tree)
    marker.set("{urn:teikit-test}mark", "1")
    f = tmp_path / name
    tree.write(str(f), encoding="utf-8", xml_declaration=True)
    tree = etree.parse(str(f))
    el = tree.xpath('//*[@*[namespace-uri() = "urn:teikit-test"]]')[0]
    del el.attrib["{urn:teikit-test}mark"]
    tree.write(str(f), encoding="utf-8", xml_declaration=True)
    return etree.parse(str(f)), el.sourceline


def _first(tree, **kw):
    return [(d.line, d.code, d.message.split(";")[0])
            for d in rng.validate(tree, TEI_ALL, path="x.xml", engine="lxml") if d.code.startswith("RNG")]


TEI_NS = "{http://www.tei-c.org/ns/1.0}"


def test_a_fault_libxml2_reports_as_extra_content_text_of_tei(tmp_path):
    """libxml2 says 'Element TEI has extra content: text', meaning TEI's text element
    (it calls a text node "text" too); the line in a line is found below it (as Jing)."""
    def mutate(tree):
        ls = [e for e in tree.iter(TEI_NS + "l") if e.getnext() is not None and e.getnext().tag == TEI_NS + "l"]
        a, b = ls[10], ls[10].getnext()
        a.append(b)
        return b
    tree, line = _mutated(tmp_path, "drama_russian-pushkin-mozart-salieri_rusdracor.xml", mutate)
    assert _first(tree) == [(line, "RNG001", 'element "l" not allowed here in "l"')]


def test_a_fault_below_content_libxml2_only_calls_invalid(tmp_path):
    """libxml2 reports only 'content of TEI/text/body invalid'; the element out of
    place (deep in a paragraph) is found, and its own content checked (as Jing: it
    is incomplete too)."""
    def mutate(tree):
        lb = next(e for e in tree.iter(TEI_NS + "lb") if e.getparent().index(e) > 80)  # past 60 siblings
        av = etree.SubElement(lb, TEI_NS + "availability")
        return av
    tree, line = _mutated(tmp_path, "letter_lassberg-1209_wackernagel.xml", mutate)
    assert _first(tree)[-2:] == [(line, "RNG001", 'element "availability" not allowed here in "lb"'),
                                 (line, "RNG003", 'element "availability" incomplete')]


def test_text_not_allowed_is_placed_at_the_text(tmp_path):
    """After the last child of a table, lines below its start tag (as Jing)."""
    f = tmp_path / "d.xml"
    f.write_text(_HEAD + '<p>And <table>\n  <row><cell>x</cell></row>\n  <row>\n    <cell>y</cell>\n  </row>stray'
                 " text</table></p>\n</body></text></TEI>\n")
    ds = rng.validate(etree.parse(str(f)), TEI_ALL, path="d.xml", engine="lxml")
    assert [(d.line - 1, d.col, d.code) for d in ds] == [(5, 9, "RNG004")]


def test_a_fault_where_libxml2_blames_elsewhere(tmp_path):
    """libxml2 blames an lg (whose lines are in order) for an rdg put inside a note in
    another branch; every complaint refuted, the document's first sequence fault is
    reported instead (as Jing)."""
    def mutate(tree):
        note = [e for e in tree.iter(TEI_NS + "note") if e.getparent().tag == TEI_NS + "rdg"][2]
        rdg = next(e for e in tree.iter(TEI_NS + "rdg") if (e.text or "").strip() == "CAUSES")
        rdg.getparent().remove(rdg)
        note.insert(0, rdg)
        return rdg
    tree, line = _mutated(tmp_path, "app_vm-xray_freytag-loringhoven.xml", mutate)
    assert _first(tree) == [(line, "RNG001", 'element "rdg" not allowed here in "note"')]


_SAMPLE = (FIXTURES / "valid" / "edition-sample.xml").read_text(encoding="utf-8")
_TITLE_STMT = ('      <titleStmt>\n        <title>A sample document of the edition</title>\n        <author>N. N.</author>\n'
               '        <respStmt xml:id="sample-ed">\n          <resp>encoded by</resp>\n          <name>The editors</name>\n'
               '        </respStmt>\n      </titleStmt>\n')
_LATER = {
    # libxml2 stops at the first fault it meets; Jing goes on, and so does teikit
    "a second fault in another paragraph": (
        [("<choice><abbr>CC</abbr>", "<choice>stray<abbr>CC</abbr>"),
         ("<lg><l>First line</l>", "<lg><l>First line</l><choice><sic>a</sic><p>b</p></choice>")],
        [(76, "RNG004", 'text not allowed in "choice"'), (97, "RNG001", 'element "choice" not allowed here in "lg"'),
         (97, "RNG003", 'element "choice" incomplete'), (97, "RNG001", 'element "p" not allowed here in "choice"')]),
    "a child missing, then one out of order (Jing: extent 'not allowed yet')": (
        [(_TITLE_STMT, ""), ("      <notesStmt>", _TITLE_STMT + "      <notesStmt>")],
        [(5, "RNG001", 'element "extent" not allowed as the first child in "fileDesc"'),
         (16, "RNG001", 'element "titleStmt" not allowed after "publicationStmt" in "fileDesc"')]),
    "text in a div, three times": (
        [("<cb/>", "<cb/>loose"), ("<lg>", "text<lg>"), ("<table>", "more\n<table>")],
        [(87, "RNG004", 'text not allowed in "div"'), (97, "RNG004", 'text not allowed in "div"'),
         (102, "RNG004", 'text not allowed in "div"')]),
    "a missing first child is one fault, not one for each sibling after it": (
        [("<title>A sample document of the edition</title>", "")],
        [(7, "RNG001", 'element "author" not allowed as the first child in "titleStmt"')]),
    "text in a line break, after a fault libxml2 stops at": (
        [("<choice><abbr>CC</abbr>", "<choice>stray<abbr>CC</abbr>"),
         ('<ptr target="#sample-a1"/><lb/>', '<ptr target="#sample-a1"/><lb>stray</lb>')],
        [(76, "RNG004", 'text not allowed in "choice"'), (83, "RNG004", 'text not allowed in "lb"')]),
    "a misplaced element with a fault inside": (
        [('<pubPlace>Online</pubPlace>\n        <date when="2026">2026</date>',
          '<date when="2026">2026</date>\n        <pubPlace>Online<bibl><p>x</p></bibl></pubPlace>')],
        [(17, "RNG001", 'element "bibl" not allowed here in "pubPlace"'),
         (17, "RNG001", 'element "p" not allowed here in "bibl"')]),
}


@pytest.mark.parametrize("quick", [False, True], ids=["checked", "free-content-first"])
@pytest.mark.parametrize("schema", [EDITION, TEI_ALL], ids=["edition", "tei_all"])
@pytest.mark.parametrize("case", _LATER)
def test_faults_libxml2_never_reaches(tmp_path, monkeypatch, case, schema, quick):
    """Every element's children are checked by name: each fault is reported where
    Jing reports it, not only the first libxml2 meets. ``quick``: the elements whose
    content model admits any sequence of some children (mixed content, empty
    elements) are first asked whether they hold only those, from the first element
    of each name on (in a document, from the 256th on), before the check."""
    monkeypatch.setattr(rng, "_OFTEN", 0 if quick else 10 ** 9)
    text = _SAMPLE
    for old, new in _LATER[case][0]:
        assert old in text
        text = text.replace(old, new, 1)
    f = tmp_path / "d.xml"
    f.write_text(text, encoding="utf-8")
    found = rng.validate(etree.parse(str(f)), schema, path="d.xml", engine="lxml")
    assert [(d.line, d.code, d.message.split(";")[0]) for d in found] == _LATER[case][1]


_FREE_CASES = {
    # content model -> (the children's names when any sequence of them is admitted, text too)
    "<mixed><zeroOrMore><choice><ref name='a'/><ref name='b'/></choice></zeroOrMore></mixed>": ({"a", "b"}, True),
    "<zeroOrMore><choice><text/><ref name='a'/></choice></zeroOrMore>": ({"a"}, True),
    "<interleave><zeroOrMore><ref name='a'/></zeroOrMore><zeroOrMore><ref name='b'/></zeroOrMore></interleave>":
        ({"a", "b"}, False),
    "<empty/>": (set(), False),
    "<text/>": (set(), True),
    "<group><ref name='a'/><ref name='b'/></group>": None,                          # an order
    "<group><zeroOrMore><ref name='a'/></zeroOrMore><zeroOrMore><ref name='b'/></zeroOrMore></group>": None,
    "<oneOrMore><choice><ref name='a'/><ref name='b'/></choice></oneOrMore>": None,  # not empty
    "<optional><ref name='a'/></optional>": None,                                   # at most one
    "<data type='string'/>": None,                                                  # one text
    # any number of a; "a b" is admitted too, but not "b a": an element with a b is checked
    "<choice><zeroOrMore><ref name='a'/></zeroOrMore><group><ref name='a'/>"
    "<zeroOrMore><ref name='b'/></zeroOrMore></group></choice>": ({"a"}, False),
}


@pytest.mark.parametrize("model", sorted(_FREE_CASES))
def test_free_content_models_are_recognised(tmp_path, model):
    """``free_children``: the content models that admit any sequence of some items,
    and which items; an element holding only those needs no sequence check. On every
    sequence of up to four items (a, b, c, text) the check agrees: it admits each
    sequence made of those items. A model said not to be free refuses some sequence
    of the items that may come first."""
    from itertools import product

    from toolkit.schema.sequence import TEXT, Checker

    schema = tmp_path / "s.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0" '
        'datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">'
        f"<start><element name='top'>{model}</element></start>"
        "<define name='a'><element name='a'><empty/></element></define>"
        "<define name='b'><element name='b'><empty/></element></define>"
        "<define name='c'><element name='c'><empty/></element></define></grammar>")
    sch = rng._schema(schema)
    got = sch.free_children("top")
    expected = _FREE_CASES[model]
    assert got == (None if expected is None else (frozenset(expected[0]), expected[1]))
    pats = [p.children[1] for p in sch._element_patterns(("", "top"))]
    checker = Checker(sch.grammar)
    items = [("", "a"), ("", "b"), ("", "c"), TEXT]
    admitted_by_name = set()
    for n in range(5):
        for seq in product(items, repeat=n):
            ok = not checker.check_all(pats, list(seq))
            if ok:
                admitted_by_name.add(seq)
            if got is not None and all(i[1] in got[0] if i is not TEXT else got[1] for i in seq):
                assert ok, seq
    if got is None:  # not free: some sequence of what may come first is refused
        first = checker.first(checker._fold(checker._choice, [checker.pattern(c) for c in pats]))
        alphabet = [i for i in items if i in first]
        assert any(seq not in admitted_by_name for n in range(5) for seq in product(alphabet, repeat=n))


def test_a_wildcard_admits_names_that_may_come_first_nowhere_else(tmp_path):
    """An element pattern with a wildcard name class admits children of any name: the
    check, which passes over choices that nothing in them may start with, must not
    pass over one holding a wildcard."""
    from toolkit.schema.sequence import TEXT, Checker

    schema = tmp_path / "s.rng"
    schema.write_text(
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element name="top"><zeroOrMore><choice>'
        '<element name="a"><empty/></element><element><anyName/><empty/></element>'
        "</choice></zeroOrMore></element></start></grammar>")
    sch = rng._schema(schema)
    pats = [p.children[1] for p in sch._element_patterns(("", "top"))]
    checker = Checker(sch.grammar)
    assert checker.check_all(pats, [("", "a"), ("", "zzz"), ("urn:x", "b")]) == []
    assert checker.check_all(pats, [("", "zzz"), TEXT])[0][0] == 1  # text is not admitted
    assert sch.free_children("top") is None  # text would be taken for the wildcard
