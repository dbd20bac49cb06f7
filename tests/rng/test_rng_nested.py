"""Grammars made of other grammars: ``externalRef`` (to a grammar, or to a bare
pattern), a ``grammar`` used as a pattern, ``parentRef``. They are modelled as one
flat grammar (the nested defines renamed apart), so such a schema is pruned and its
faults are explained as any other's: the verdicts are those of libxml2 on the
schema as it is, and the messages name what Jing names."""

from __future__ import annotations

import pytest
from lxml import etree

from toolkit import rng, xmlsafe

R = 'xmlns="http://relaxng.org/ns/structure/1.0"'

MAIN = f"""<grammar {R}>
  <start><element name="doc"><oneOrMore><ref name="para"/></oneOrMore><optional><ref name="table"/></optional>
  </element></start>
  <define name="para"><element name="para"><optional><attribute name="id"/></optional>
    <zeroOrMore><choice><text/><externalRef href="inline.rng"/></choice></zeroOrMore></element></define>
  <define name="cell"><element name="cell"><text/></element></define>
  <define name="table">
    <grammar>
      <start><element name="table"><oneOrMore><ref name="row"/></oneOrMore></element></start>
      <!-- the same name as a define of the parent: kept apart -->
      <define name="para"><element name="caption"><text/></element></define>
      <define name="row"><element name="row"><optional><ref name="para"/></optional>
        <oneOrMore><parentRef name="cell"/></oneOrMore></element></define>
    </grammar>
  </define>
</grammar>"""
INLINE = f"""<grammar {R}>
  <start><choice><ref name="em"/><ref name="code"/><externalRef href="mark.rng" ns="urn:m"/></choice></start>
  <define name="em"><element name="em"><text/></element></define>
  <define name="code"><element name="code"><attribute name="lang"/><text/></element></define>
</grammar>"""
#: a bare pattern, in the namespace the externalRef gives it (urn:m)
MARK = f'<element {R} name="mark"><empty/></element>'

DOCS = {
    "valid": ('<doc><para id="a">Some <em>text</em>, <code lang="py">x</code> <mark xmlns="urn:m"/>.</para>'
              "<table><row><caption>c</caption><cell>1</cell><cell>2</cell></row></table></doc>", []),
    # (a document without a file: no columns, so a line's diagnostics go by code and message)
    "faults": ('<doc>\n<para>Some <code>x</code>.</para>\n<para><strong>b</strong> <em><em>n</em></em></para>\n'
               '<para colour="red">y</para>\n<table><row><cell>1</cell><caption>late</caption></row></table>\n</doc>',
               [(2, 'RNG002 element "code" missing required attribute "lang"'),
                (3, 'RNG001 element "em" not allowed here in "em"; "em" allows no child elements'),
                (3, 'RNG001 element "strong" is not declared in the schema'),
                (4, 'RNG002 attribute "colour" on "para" is not allowed on this element by the schema'),
                (5, 'RNG001 element "caption" not allowed after "cell" in "row"')]),
    "the parent's para is not the nested one's": ("<doc><para>a</para><table><row><para>x</para><cell>1</cell></row>"
                                                  "</table></doc>", None),
    "a mark in no namespace": ("<doc><para><mark/></para></doc>", None),
}


@pytest.fixture
def schema(tmp_path):
    (tmp_path / "inline.rng").write_text(INLINE, encoding="utf-8")
    (tmp_path / "mark.rng").write_text(MARK, encoding="utf-8")
    main = tmp_path / "main.rng"
    main.write_text(MAIN, encoding="utf-8")
    return main


def test_the_grammars_are_modelled_as_one(schema):
    g = rng._schema(schema).grammar
    assert g is not None
    # (scopes numbered in the order they are read: inline.rng's first)
    assert {n for n in g.defines if "\u00b7" in n} == {"em\u00b71", "code\u00b71", "para\u00b72", "row\u00b72"}


@pytest.mark.parametrize("case", DOCS)
def test_verdicts_are_those_of_the_schema_as_it_is(schema, case):
    text, expected = DOCS[case]
    whole = etree.RelaxNG(etree.parse(str(schema)))
    tree = xmlsafe.parse_bytes(text.encode())
    found = rng.validate(tree, schema, path="d.xml")
    assert (found == []) == whole.validate(tree)
    if expected is not None:
        got = [(d.line, f"{d.code} {d.message}") for d in found]
        assert len(got) == len(expected) and all(g[0] == e[0] and g[1].startswith(e[1])
                                                 for g, e in zip(got, expected)), got


def test_loops_and_strays_are_left_to_libxml2(tmp_path):
    """An externalRef to itself, a parentRef outside a nested grammar: not modelled;
    libxml2 compiles the schema as it is and says what is wrong (exit 2)."""
    from toolkit.errors import ToolError

    loop = tmp_path / "loop.rng"
    loop.write_text(f'<element {R} name="a"><optional><externalRef href="loop.rng"/></optional></element>')
    stray = tmp_path / "stray.rng"
    stray.write_text(f'<grammar {R}><start><element name="a"><parentRef name="x"/></element></start></grammar>')
    doc = xmlsafe.parse_bytes(b"<a/>")
    for schema in (loop, stray):
        assert rng._schema(schema).grammar is None
        with pytest.raises(ToolError, match="does not compile"):
            rng.validate(doc, schema, path="d.xml")


@pytest.mark.parametrize("depth, modelled", [(10, True), (80, False)])
def test_grammars_nested_deep(tmp_path, depth, modelled):
    """Up to 50 grammars around one another are modelled; deeper, libxml2 judges the
    schema as it is. The verdicts are the same."""
    inner = '<element name="a"><empty/></element>'
    for _ in range(depth):
        inner = f"<grammar><start>{inner}</start></grammar>"
    schema = tmp_path / "deep.rng"
    schema.write_text(f"<grammar {R}><start>{inner}</start></grammar>", encoding="utf-8")
    assert (rng._schema(schema).grammar is not None) == modelled
    assert rng.validate(xmlsafe.parse_bytes(b"<a/>"), schema, path="d.xml") == []
    assert [d.code for d in rng.validate(xmlsafe.parse_bytes(b"<a><b/></a>"), schema, path="d.xml")] == ["RNG001"]
