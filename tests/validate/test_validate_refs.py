"""Reference integrity: pointers resolved as URIs, xml:base included."""

from __future__ import annotations

from tests.validate.helpers import run

HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>p</p>"
          "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>")


def test_xml_base_changes_where_relative_pointers_lead(tmp_path, monkeypatch):
    """XML Base: a relative pointer resolves against the xml:base of its element and
    of its ancestors, each against the one around it; "#id" stays in the document; a
    remote base makes the pointer remote (not checked)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chapters" / "one").mkdir(parents=True)
    (tmp_path / "chapters" / "one" / "c1.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p xml:id="x">c</p></body></text></TEI>')
    (tmp_path / "main.xml").write_text(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>
<div xml:base="chapters/"><p xml:id="here"><seg xml:base="one/">
<ref target="c1.xml#x">found</ref> <ref target="c1.xml#nope">missing id</ref>
<ref target="#here">same document</ref> <ref xml:base="../" target="one/c1.xml#x">own base</ref>
</seg></p></div>
<div xml:base="https://example.org/"><p><ref target="c1.xml#x">remote</ref></p></div>
<div><p><ref target="c1.xml#x">no base: not found</ref></p></div>
</body></text></TEI>
""")
    r = run("main.xml")
    assert r.output.splitlines() == [
        "main.xml:3:41: REF003 @target points to c1.xml#nope, but c1.xml has no xml:id 'nope'",
        "main.xml:7:14: REF004 @target points to c1.xml#x, but c1.xml does not exist",
        "1 file checked: 2 errors, 0 warnings in 1 file",
    ]
