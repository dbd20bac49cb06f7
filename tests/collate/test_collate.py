"""Collation goldens and behaviour: 2 and 3 witnesses, omission, addition,
transposition, normalisation on and off, TEI passages, CLI errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from toolkit.cli import main
from toolkit.collate import Normaliser, WitnessSpec, run

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

TEXTS = {
    # Lenin to Stalin, 5 March 1923, in two translations (the JPRS one and Rogovin's quotation)
    "jprs": "For this reason I ask you to consider whether you agree to take back what was said "
            "and apologize or whether you prefer to sever relations between us.",
    "rogovin": "he proposed \u201cto advise whether you agree to take back what you said and apologize, "
               "or if you prefer to sever relations between us.\u201d",
    "a": "The quick brown fox jumps over the lazy dog.",
    "b": "The quick fox jumps over the very lazy dog.",
    "c": "The brown fox jumps over the lazy old dog.",
    "t1": "Stalin is too rude and this defect becomes intolerable in the office of general secretary.",
    "t2": "Stalin is too rude and in the office of general secretary this defect becomes intolerable.",
    "case1": "Yes, I am Rude, comrades \u2014 toward those who split the Party.",
    "case2": "yes I am rude comrades - toward those who split the party",
    "sp1": "Trotskiy and Zinovyev met Tomskiy.",
    "sp2": "Trotsky and Zinoviev met Tomsky.",
}


def _w(tmp_path, *names):
    specs = []
    for i, n in enumerate(names):
        p = tmp_path / f"{n}.txt"
        p.write_text(TEXTS[n], encoding="utf-8")
        specs.append(WitnessSpec(n.upper()[:1] + str(i + 1) if n.startswith(("case", "sp", "t")) else n.upper(), p))
    return specs


def _apps(tree):
    return tree.getroot().findall(".//t:app", NS)


def _golden(name: str, data: bytes, update: bool):
    g = GOLDEN / f"{name}.xml"
    if update or not g.exists():
        g.write_bytes(data)
    assert data.decode() == g.read_text(encoding="utf-8"), f"golden {g.name} differs (pytest --update-goldens)"


CASES = {
    "two-translations": (("jprs", "rogovin"), {}),
    "three-witnesses": (("a", "b", "c"), {}),
    "transposition": (("t1", "t2"), {}),
    "normalised": (("case1", "case2"), {}),
    "not-normalised": (("case1", "case2"), {"normaliser": Normaliser(case=False, punctuation=False, typography=False)}),
    "spelling-variants": (("sp1", "sp2"), {"normaliser": Normaliser(variants={"Trotskiy": "Trotsky",
                                                                             "Zinovyev": "Zinoviev",
                                                                             "Tomskiy": "Tomsky"})}),
    "no-lemma": (("a", "b"), {"base": "none"}),
    "formal": (("sp1", "sp2"), {"formal": True, "normaliser": Normaliser(variants={"Trotskiy": "Trotsky",
                                                                                   "Zinovyev": "Zinoviev",
                                                                                   "Tomskiy": "Tomsky"})}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case, tmp_path, update_goldens):
    names, kw = CASES[case]
    res = run(_w(tmp_path, *names), **kw)
    _golden(case, res.tei_bytes(), update_goldens)


def test_three_witnesses_readings(tmp_path):
    res = run(_w(tmp_path, "a", "b", "c"))
    apps = _apps(res.tree)
    kinds = [a.get("type") for a in apps]
    assert kinds == ["omission", "omission", "addition", "addition"]
    # brown: A and C read it, B omits it
    brown = apps[1]
    assert brown.find("t:lem", NS).get("wit") == "#A #C" and brown.find("t:lem", NS).text == "brown"
    assert brown.find("t:rdg", NS).get("wit") == "#B" and brown.find("t:rdg", NS).text is None
    # 'very' is an addition of B (empty lemma)
    very = apps[2]
    assert very.find("t:lem", NS).text is None
    assert [r.text for r in very.findall("t:rdg", NS)] == ["very"]
    # every witness reads exactly once in every app
    for app in apps:
        wits = " ".join(x.get("wit") for x in app.iter("{%s}lem" % NS["t"], "{%s}rdg" % NS["t"])).split()
        assert sorted(wits) == ["#A", "#B", "#C"]


def test_witness_text_reconstructed(tmp_path):
    """Reading every app as a given witness gives back that witness's words."""
    res = run(_w(tmp_path, "jprs", "rogovin"))
    for sig, key in (("JPRS", "jprs"), ("ROGOVIN", "rogovin")):
        words = []
        for seg in res.segments:
            r = seg.reading_of(sig)
            words.append(r.forms[sig] if seg.variant else seg.readings[0].forms[sig])
        assert "".join(words).split() == TEXTS[key].split()


def test_transposition_linked(tmp_path):
    res = run(_w(tmp_path, "t1", "t2"))
    trans = [a for a in _apps(res.tree) if a.get("type") == "transposition"]
    assert len(trans) == 2
    a, b = trans
    xid = "{http://www.w3.org/XML/1998/namespace}id"
    assert a.get("corresp") == "#" + b.get(xid) and b.get("corresp") == "#" + a.get(xid)


def test_normalisation_on_off(tmp_path):
    on = run(_w(tmp_path, "case1", "case2"))
    off = run(_w(tmp_path, "case1", "case2"), normaliser=Normaliser(case=False, punctuation=False, typography=False))
    assert len(_apps(on.tree)) == 0
    assert len(_apps(off.tree)) >= 3


def test_spelling_variants_from_personography(tmp_path):
    pers = tmp_path / "persons.xml"
    pers.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><standOff><listPerson>'
        '<person xml:id="trotsky"><persName type="main">Leon Trotsky</persName>'
        '<persName type="variant">Trotskiy</persName></person>'
        '<person xml:id="zinoviev"><persName type="main">Grigory Zinoviev</persName>'
        '<persName type="variant">Zinovyev</persName></person>'
        '</listPerson></standOff></TEI>', encoding="utf-8")
    from toolkit.collate import load_variants

    v = load_variants(pers)
    assert v == {"Trotskiy": "Trotsky", "Zinovyev": "Zinoviev"}
    res = run(_w(tmp_path, "sp1", "sp2"), normaliser=Normaliser(variants=v))
    # only Tomskiy/Tomsky remains a variant
    apps = _apps(res.tree)
    assert len(apps) == 1 and apps[0].find("t:lem", NS).text == "Tomskiy."


def test_output_valid_and_deterministic(tmp_path):
    a = run(_w(tmp_path, "a", "b", "c")).tei_bytes()
    b = run(_w(tmp_path, "a", "b", "c")).tei_bytes()
    assert a == b
    root = etree.fromstring(a)
    assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert root.find(".//t:variantEncoding", NS).get("method") == "parallel-segmentation"
    assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in root.findall(".//t:witness", NS)] == ["A", "B", "C"]


def test_cli_writes_file_and_stats(tmp_path):
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(TEXTS[n], encoding="utf-8")
    out = tmp_path / "out.xml"
    r = CliRunner().invoke(main, ["collate", f"X={tmp_path/'a.txt'}", f"Y={tmp_path/'b.txt'}", "-o", str(out),
                                  "--stats", "--id-prefix", "p1-"])
    assert r.exit_code == 0, r.output
    assert "2 witnesses, 2 apparatus entries" in r.stderr
    doc = etree.parse(str(out))
    assert doc.xpath("//t:app/@xml:id", namespaces=NS) == ["p1-app1", "p1-app2"]
    assert doc.xpath("//t:witness/@xml:id", namespaces=NS) == ["p1-X", "p1-Y"]


def test_cli_json(tmp_path):
    import json

    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(TEXTS[n], encoding="utf-8")
    r = CliRunner().invoke(main, ["collate", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"])
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["witnesses"] == ["A", "B"]
    assert [s["readings"]["B"] for s in doc["segments"] if s["variant"]] == ["", "very"]


@pytest.mark.parametrize("args,code,msg", [
    (["only-one.txt"], 2, "at least two witnesses"),
    (["missing.txt", "missing2.txt"], 2, "no such file"),
    (["1bad=a.txt", "b.txt"], 2, "bad siglum"),
    (["A=a.txt", "A=b.txt"], 2, "sigla must differ"),
    (["a.txt", "b.txt", "--base", "Q"], 2, "not one of the sigla"),
    (["a.txt", "empty.txt"], 1, "COL001"),
])
def test_cli_errors(tmp_path, monkeypatch, args, code, msg):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXTS["a"], encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXTS["b"], encoding="utf-8")
    (tmp_path / "only-one.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    r = CliRunner().invoke(main, ["collate", *args])
    assert r.exit_code == code, r.output
    assert msg in r.stderr
    assert "Traceback" not in r.output


TEI_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><p xml:id="d-p1">The <choice><sic>qiuck</sic><corr>quick</corr></choice> brown fox<note place="foot">a note</note>
jumps <supplied reason="omitted">over</supplied> the la<lb break="no" rend="hyphen"/>zy dog.</p>
<p xml:id="d-p2">Other text.</p></body></text></TEI>
"""


def test_tei_passage_witness(tmp_path):
    doc = tmp_path / "d.xml"
    doc.write_text(TEI_DOC, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXTS["b"], encoding="utf-8")
    res = run([WitnessSpec("D", doc, "d-p1"), WitnessSpec("B", tmp_path / "b.txt")])
    assert res.texts["D"] == "The quick brown fox jumps over the lazy dog."
    assert [a.get("type") for a in _apps(res.tree)] == ["omission", "addition"]
    w = res.tree.getroot().find(".//t:witness", NS)
    assert w.get("corresp") == "d.xml#d-p1"


def test_tei_passage_missing_id(tmp_path):
    doc = tmp_path / "d.xml"
    doc.write_text(TEI_DOC, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXTS["b"], encoding="utf-8")
    r = CliRunner().invoke(main, ["collate", f"{doc}#nope", str(tmp_path / "b.txt")])
    assert r.exit_code == 1 and "COL003" in r.stderr
