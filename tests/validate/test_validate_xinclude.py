"""XInclude: text inclusions and their encodings, and where a RELAX NG diagnostic
inside included content is placed."""

from __future__ import annotations

from tests.validate.helpers import ROOT, run
from toolkit.validate.document import load

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">
<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>p</p></publicationStmt>
<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body>
"""
TAIL = "</body></text></TEI>\n"
EDITION = ROOT / "schemas" / "edition.rng"


def test_text_inclusions_and_their_encodings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    (tmp_path / "bom.txt").write_bytes("\ufeffmarked".encode("utf-8"))
    (tmp_path / "doc.xml").write_text(HEAD + """\
<p xml:id="a"><xi:include href="latin1.txt" parse="text"/></p>
<p xml:id="b"><xi:include href="latin1.txt" parse="text" encoding="ISO-8859-1"/></p>
<p xml:id="c"><xi:include href="latin1.txt" parse="text" encoding="no-such-encoding"/></p>
<p xml:id="d"><xi:include href="bom.txt" parse="text"/></p>
""" + TAIL)
    r = run("--schema", EDITION, "doc.xml")
    assert r.output.splitlines() == [
        "doc.xml:6:15: XML011 xi:include target is not utf-8 text: latin1.txt (byte 3)",
        "doc.xml:8:15: XML013 xi:include encoding 'no-such-encoding' is not known",
        "1 file checked: 2 errors, 0 warnings in 1 file",
    ]
    doc = load(str(tmp_path / "doc.xml"), "doc.xml")
    text = {p.get("{http://www.w3.org/XML/1998/namespace}id"): p.text for p in doc.tree.iter("{*}p")}
    assert (text["a"], text["b"], text["c"], text["d"]) == (None, "café", None, "marked")


def test_an_attribute_in_included_content_is_placed_at_its_element(tmp_path, monkeypatch):
    """Two elements of the included file start on the line: the message's element
    gives the column."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "part.xml").write_text(
        '<div xmlns="http://www.tei-c.org/ns/1.0">\n<p>On <date when="2020-99">a day</date>.</p>\n</div>\n')
    (tmp_path / "doc.xml").write_text(HEAD + '<xi:include href="part.xml"/>\n' + TAIL)
    r = run("--schema", EDITION, "doc.xml")
    assert r.output.splitlines()[0] == 'part.xml:2:7: RNG002 attribute "when" on "date": value "2020-99" is invalid'
