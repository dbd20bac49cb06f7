"""The edition's apparatus: spans marked in documents, collated into one TEI file."""

from __future__ import annotations


import pytest
from click.testing import CliRunner
from lxml import etree

from toolkit import config, spans
from toolkit.cli import main
from toolkit.collate import edition as ed

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XID = "{http://www.w3.org/XML/1998/namespace}id"

HEADER = ('<teiHeader><fileDesc><titleStmt><title>{t}</title></titleStmt><publicationStmt><p>x</p>'
          '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>')
DOC_A = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="a">' + HEADER.format(t="A") +
         '<text><body><p xml:id="a-p1">Lenin wrote: "You had the rudeness to call my wife. For this reason I ask you '
         'to consider whether you agree to take back what was said and apolo<lb break="no" rend="hyphen"/>gize or '
         'whether you prefer to sever relations between us."</p><p xml:id="a-p2">Later, Stalin said that he was '
         'rude.</p></body></text></TEI>')
DOC_B = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="b">' + HEADER.format(t="B") +
         '<text><body><p xml:id="b-p1">He proposed \u201cto advise whether you agree to take back what you said and '
         'apologize, or if you prefer to sever relations between us.\u201d<ref type="noteref" target="#b-n1">24</ref>'
         '<note xml:id="b-n1" place="end" n="24">Ibid.</note></p><p>Stalin admitted his rudeness.</p></body></text></TEI>')
SPEC = '''
[[witness]]
siglum = "WA"
doc = "a"
label = "Source A"
[[witness]]
siglum = "WB"
doc = "b"
label = "Source B"
[[quoted]]
id = "letter"
bibl = "Lenin to Stalin, 5 March 1923"
[[passage]]
id = "p1"
title = "The letter"
quotes = "letter"
kind = "variant"
readings = [
  { wit = "WA", doc = "a", start = "I ask you to consider whether", end = "relations between us." },
  { wit = "WB", doc = "b", start = "to advise whether", end = "relations between us." },
]
[[passage]]
id = "p2"
title = "Stalin on his rudeness"
kind = "link"
readings = [
  { wit = "WA", doc = "a", start = "Stalin said", end = "rude." },
  { wit = "WB", doc = "b", start = "Stalin admitted", end = "rudeness." },
]
'''
TOML = '''
[edition]
title = "Mini"
[[documents]]
id = "a"
file = "a.xml"
[[documents]]
id = "b"
file = "b.xml"
[apparatus]
spec = "parallels.toml"
file = "parallels.xml"
'''


@pytest.fixture
def mini(tmp_path):
    (tmp_path / "edition.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "parallels.toml").write_text(SPEC, encoding="utf-8")
    spec = ed.load_spec(tmp_path / "parallels.toml", {"a", "b"})
    for doc, xml in (("a", DOC_A), ("b", DOC_B)):
        root = etree.fromstring(xml.encode())
        for sid, start, end in ed.spans_for(spec, doc):
            spans.mark(root, sid, start, end)
        (tmp_path / f"{doc}.xml").write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return tmp_path


def test_spans_for(mini):
    spec = ed.load_spec(mini / "parallels.toml")
    assert ed.spans_for(spec, "a") == [("a-par-p1-wa", "I ask you to consider whether", "relations between us."),
                                       ("a-par-p2-wa", "Stalin said", "rude.")]


def test_build(mini):
    edn = config.load(mini / "edition.toml")
    spec = ed.load_spec(mini / "parallels.toml", {"a", "b"})
    tree, rep = ed.build(edn, spec)
    root = tree.getroot()
    assert rep.variant_passages == 1 and rep.link_passages == 1 and rep.witnesses == 2
    apps = root.findall(".//t:app", NS)
    assert rep.entries == len(apps) >= 3
    # every reading points at its witness's span, and the span exists
    docs = {"a.xml": etree.parse(str(mini / "a.xml")), "b.xml": etree.parse(str(mini / "b.xml"))}
    for r in root.iterfind(".//t:lem", NS):
        for ptr in r.get("source").split():
            f, _, i = ptr.partition("#")
            assert docs[f].xpath("//*[@xml:id=$i]", i=i), ptr
    assert all(a.get("source") == "#par-q-letter" for a in apps)
    assert root.find(".//t:div[@subtype='variant']", NS).get("corresp") == "#par-q-letter"
    link = root.find(".//t:link", NS)
    assert link.get("target") == "a.xml#a-par-p2-wa b.xml#b-par-p2-wb"
    # read with the lemmata, the passage is A's span; with the readings, B's
    para = root.find(".//t:div[@subtype='variant']/t:p", NS)

    def read(wit):
        out = [para.text or ""]
        for app in para:
            r = app.xpath(f"*[contains(concat(@wit, ' '), '#{wit} ')]")[0]
            out += [r.text or "", app.tail or ""]
        return " ".join("".join(out).split())

    assert read("par-WA") == ("I ask you to consider whether you agree to take back what was said and apologize "
                              "or whether you prefer to sever relations between us.")
    # (punctuation is normalised away, so B's comma after "apologize" is not a variant)
    assert read("par-WB") == ("to advise whether you agree to take back what you said and apologize or if you "
                              "prefer to sever relations between us.")


def test_cli_edition(mini, monkeypatch):
    monkeypatch.chdir(mini)
    r = CliRunner().invoke(main, ["collate", "--edition", "--stats"])
    assert r.exit_code == 0, r.output
    assert "1 collated passages, 1 linked" in r.stderr and "longest passage p1" in r.stderr
    out = etree.parse(str(mini / "parallels.xml"))
    assert out.getroot().get(XID) == "par"
    assert [w.get(XID) for w in out.iterfind(".//t:witness", NS)] == ["par-WA", "par-WB"]
    first = (mini / "parallels.xml").read_bytes()
    CliRunner().invoke(main, ["collate", "--edition"])
    assert (mini / "parallels.xml").read_bytes() == first


@pytest.mark.parametrize("mutate,msg", [
    (lambda s: s.replace('wit = "WB", doc = "b", start = "to', 'wit = "WZ", doc = "b", start = "to'), "not declared"),
    (lambda s: s.replace('kind = "link"', 'kind = "echo"'), "kind must be"),
    (lambda s: s.replace('quotes = "letter"', 'quotes = "nothing"'), "no [[quoted]]"),
])
def test_spec_errors(mini, mutate, msg):
    p = mini / "parallels.toml"
    p.write_text(mutate(SPEC), encoding="utf-8")
    with pytest.raises(Exception, match=msg.replace("[", r"\[").replace("]", r"\]")):
        ed.load_spec(p, {"a", "b"})
