"""Marking spans by their reading-text words."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from toolkit import spans
from toolkit.collate.passage import passage_texts

ROOT = Path(__file__).resolve().parents[2]
NS = {"t": "http://www.tei-c.org/ns/1.0"}

DOC = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body>
<p xml:id="d-p1">He wrote: <quote>For this reason I ask you to con<lb break="no" rend="hyphen"/>sider whether
<persName ref="persons.xml#stalin">Stalin</persName> agrees<ref type="noteref" target="#d-n1">1</ref> to take
back what was said and apo<lb break="no" rend="hyphen"/>logize or whe<lb break="no" rend="hyphen"/>ther you
prefer to sever <choice><sic>relatoins</sic><corr>relations</corr></choice> between us.</quote> Lenin was
abrupt.<note place="foot" xml:id="d-n1" n="1">note text</note></p>
<p>Second para starts here<pb n="2"/> and goes on.</p><p>Third para with the end words here.</p>
</body></text></TEI>"""


def _root():
    return etree.fromstring(DOC)


def test_reading_text_follows_policy():
    text, _ = spans.reading_text(_root().find("t:text", NS))
    norm = " ".join(text.split())
    assert "consider whether Stalin agrees to take back" in norm
    assert "relatoins" not in norm and "relations between us." in norm
    assert "note text" not in norm and "agrees1" not in norm


def test_mark_within_block_keeps_markup():
    root = _root()
    seg, = spans.mark(root, "d-par-p01-w4", "I ask you to consider", "relations between us.")
    assert seg.get("{http://www.w3.org/XML/1998/namespace}id") == "d-par-p01-w4"
    assert seg.getparent().tag == "{%s}quote" % NS["t"]
    assert seg.find("t:choice", NS) is not None and seg.find("t:persName", NS) is not None
    assert spans.span_text(root, "d-par-p01-w4") == (
        "I ask you to consider whether Stalin agrees to take back what was said and apologize or whether you "
        "prefer to sever relations between us.")
    # the document's text is unchanged by marking
    assert " ".join(spans.reading_text(root.find("t:text", NS))[0].split()) == \
        " ".join(spans.reading_text(_root().find("t:text", NS))[0].split())


def test_point_inside_inline_moves_outward():
    root = _root()
    seg, = spans.mark(root, "x", "talin agrees", "take back")
    # the start fell inside persName: the seg begins before it
    assert seg[0].tag == "{%s}persName" % NS["t"]


def test_mark_across_blocks_chains_segs():
    root = _root()
    segs = spans.mark(root, "d-par-p02-w4", "Lenin was", "the end words")
    assert len(segs) == 3
    ids = [s.get("{http://www.w3.org/XML/1998/namespace}id") for s in segs]
    assert ids == ["d-par-p02-w4", "d-par-p02-w4-2", "d-par-p02-w4-3"]
    assert segs[0].get("next") == "#d-par-p02-w4-2" and segs[2].get("prev") == "#d-par-p02-w4-2"
    assert spans.span_text(root, "d-par-p02-w4") == \
        "Lenin was abrupt. Second para starts here and goes on. Third para with the end words"


def test_loose_matching_of_quotes_and_space():
    root = _root()
    seg, = spans.mark(root, "y", "I  ask\nyou", "between us.")
    assert seg is not None
    root2 = _root()
    root2.find(".//t:quote", NS).text = "For this reason \u201cI ask"
    # straight quote in the snippet matches a curly one
    spans.mark(root2, "z", 'reason "I ask', "between us.")


@pytest.mark.parametrize("start,end,msg", [
    ("no such words", "between us.", "start words not found"),
    ("I ask you", "no such end", "end words not found"),
])
def test_not_found(start, end, msg):
    with pytest.raises(spans.SpanError, match=msg):
        spans.mark(_root(), "q", start, end)


def test_agrees_with_shared_layer(tmp_path):
    """The Python reading text and the XSLT tk:search-text give the same words."""
    fixtures = sorted((ROOT / "tests" / "fixtures" / "render").glob("*.xml"))
    assert fixtures, "render fixtures missing"
    for f in fixtures:
        tree = etree.parse(str(f))
        text_el = tree.getroot().find("t:text", NS)
        if text_el is None:
            continue
        py = " ".join(spans.reading_text(text_el)[0].split())
        root_id = tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id")
        if not root_id:
            continue
        tree.getroot().find("t:text", NS).set("{http://www.w3.org/XML/1998/namespace}id", "tk-test-text")
        tmp = tmp_path / f.name
        tree.write(str(tmp), encoding="UTF-8", xml_declaration=True)
        xs = passage_texts(tmp, ["tk-test-text"])["tk-test-text"]
        strip = lambda s: "".join(s.split())  # block spacing differs slightly; compare the letters
        assert strip(py) == strip(xs), f.name
