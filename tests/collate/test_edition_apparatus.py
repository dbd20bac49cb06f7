"""The bundled edition's apparatus (tei/parallels.xml): enough entries, every witness
declared, every reading traceable to the span of its source, and up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from toolkit import config, spans
from toolkit.collate import edition as ed

ROOT = Path(__file__).resolve().parents[2]
TEI = ROOT / "tei"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def apparatus():
    p = TEI / "parallels.xml"
    if not p.exists():
        pytest.skip("tei/parallels.xml not built")
    return etree.parse(str(p))


@pytest.fixture(scope="module")
def documents():
    return {f.name: etree.parse(str(f)) for f in TEI.glob("*.xml") if f.name not in ("parallels.xml", "persons.xml")}


def test_counts(apparatus):
    root = apparatus.getroot()
    variant = root.xpath("//t:div[@type='parallel'][@subtype='variant']", namespaces=NS)
    apps = root.xpath("//t:app", namespaces=NS)
    assert len(variant) >= 25
    assert len(apps) >= 25
    # every passage has at least one apparatus entry and two witnesses
    for d in variant:
        wits = set(" ".join(d.xpath(".//t:lem/@wit | .//t:rdg/@wit", namespaces=NS)).split())
        assert d.xpath(".//t:app", namespaces=NS) and len(wits) >= 2, d.get("{http://www.w3.org/XML/1998/namespace}id")
    # links for paraphrases and mentions of the same event, not readings
    assert root.xpath("//t:div[@subtype='link']/t:linkGrp/t:link", namespaces=NS)


def test_every_source_declared_as_witness(apparatus):
    corresp = set(apparatus.xpath("//t:witness/@corresp", namespaces=NS))
    assert {f.name for f in TEI.glob("00[0-4]-*.xml")} <= corresp
    declared = {"#" + i for i in apparatus.xpath("//t:witness/@xml:id", namespaces=NS)}
    used = set(" ".join(apparatus.xpath("//@wit")).split())
    assert used <= declared


def test_every_entry_points_at_the_quoted_document(apparatus):
    bibl_ids = set(apparatus.xpath("//t:listBibl/t:bibl/@xml:id", namespaces=NS))
    for app in apparatus.iterfind(".//t:app", NS):
        div = app.xpath("ancestor::t:div[1]", namespaces=NS)[0]
        if div.get("corresp"):
            assert app.get("source") == div.get("corresp")
            assert app.get("source")[1:] in bibl_ids


def test_readings_traceable_to_their_spans(apparatus, documents):
    """Each reading points at its witness's span, and its words occur in that span."""
    span_words = {}
    checked = 0
    for r in apparatus.xpath("//t:lem | //t:rdg", namespaces=NS):
        src = r.get("source")
        assert src, "a reading without @source"
        for ptr in src.split():
            fname, _, sid = ptr.partition("#")
            doc = documents[fname]
            assert doc.xpath("//*[@xml:id=$i]", i=sid), ptr
            if ptr not in span_words:
                span_words[ptr] = " " + " ".join(re.findall(r"\w+", spans.span_text(doc.getroot(), sid).casefold())) + " "
            words = " ".join(re.findall(r"\w+", "".join(r.itertext()).casefold()))
            if words:
                assert f" {words} " in span_words[ptr], (ptr, words)
                checked += 1
    assert checked > 100


def test_apparatus_is_up_to_date(apparatus, tmp_path):
    """Collating the marked spans again gives tei/parallels.xml byte for byte."""
    edn = config.load(ROOT / "edition.toml")
    spec = ed.load_spec(edn.root / edn.raw["apparatus"]["spec"], {d.id for d in edn.documents})
    tree, rep = ed.build(edn, spec)
    assert ed.serialize(tree) == (TEI / "parallels.xml").read_bytes()
    assert rep.entries == len(apparatus.xpath("//t:app", namespaces=NS))
