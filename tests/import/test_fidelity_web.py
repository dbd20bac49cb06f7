"""Fidelity of the web documents: every source word accounted for, in order.

Run with -s to see the figures.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from toolkit import config, xmlsafe
from toolkit.importers import fidelity, web

DOCS = [d for d in config.load(ROOT).documents if d.importer == "web"]


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_fidelity(doc):
    source_words = doc.source.read_text(encoding="utf-8").split()
    tei_words = fidelity.diplomatic_words(xmlsafe.parse(doc.file))
    report = fidelity.compare(source_words, tei_words, web.RULES)
    print("\n" + report.summary(f"{doc.id} ({doc.source.name})"))
    assert report.ok, report.summary(doc.id)
    assert report.accounted == report.source_words == len(source_words)


def test_diplomatic_reading():
    xml = ('<text xmlns="http://www.tei-c.org/ns/1.0"><body><head>Title</head><p>A revolu<lb break="no" '
           'rend="hyphen"/>tionary All-<lb break="no"/>Russian <choice><sic>V.l.</sic><corr>V.I.</corr></choice> '
           '<choice><orig>MayLenin</orig><reg>May <supplied>1922</supplied> Lenin</reg></choice> <gap/>end'
           '<note resp="#x-ed">editor</note><note place="end">source note</note><fw type="pageNum">12</fw>'
           '<surplus>[ edit ]</surplus><pb n="3"/>more</p></body></text>')
    from lxml import etree
    words = fidelity.diplomatic_words(etree.fromstring(xml))
    assert words == ["Title", "A", "revolu-", "tionary", "All-", "Russian", "V.l.", "MayLenin", "end",
                     "source", "note", "12", "[", "edit", "]", "more"]


def test_compare_reports_positions():
    src = "one two three four five six seven eight nine ten".split()
    dst = "one two four five six SEVEN eight nine ten extra".split()
    r = fidelity.compare(src, dst)
    assert r.missing == [(2, "three"), (6, "seven")]
    assert r.extra == [(5, "SEVEN"), (9, "extra")]
    assert r.matched == 8 and not r.ok


def test_rules_remove_and_alter():
    rule = fidelity.regex_rule("md", "Markdown emphasis", r"\*+")
    r = fidelity.compare(["*a*", "**", "b"], ["a", "b"], [rule])
    assert r.ok and r.removed == {"md": 1} and r.altered == {"md": 1}
