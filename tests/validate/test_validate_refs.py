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


def test_a_pointer_one_slip_from_an_id_names_it(tmp_path, monkeypatch):
    """A broken pointer one slip (a letter added, left out, changed, two swapped, the
    case) from exactly one xml:id asks whether that one was meant, in the document
    and in another file; numbered ids have several such neighbours: no guess."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "persons.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p xml:id="bukharin">B</p>'
        '<p xml:id="Stalin">S</p></body></text></TEI>')
    (tmp_path / "main.xml").write_text(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}<text><body>
<p xml:id="n1">1</p><p xml:id="n2">2</p><p xml:id="rykov">R</p>
<p><ref target="#rykvo">swapped</ref> <ref target="#n3">numbered</ref> <ref target="#zinoviev">far</ref></p>
<p><ref target="persons.xml#buharin">left out</ref> <ref target="persons.xml#stalin">case</ref></p>
</body></text></TEI>
""")
    r = run("main.xml")
    assert r.output.splitlines() == [
        "main.xml:3:9: REF002 @target points to #rykvo, but no element has xml:id 'rykvo'; did you mean 'rykov'?",
        "main.xml:3:44: REF002 @target points to #n3, but no element has xml:id 'n3'",
        "main.xml:3:77: REF002 @target points to #zinoviev, but no element has xml:id 'zinoviev'",
        "main.xml:4:9: REF003 @target points to persons.xml#buharin, but persons.xml has no xml:id 'buharin'; "
        "did you mean 'bukharin'?",
        "main.xml:4:58: REF003 @target points to persons.xml#stalin, but persons.xml has no xml:id 'stalin'; "
        "did you mean 'Stalin'?",
        "1 file checked: 5 errors, 0 warnings in 1 file",
    ]
