"""The web family: golden TEI for a small page, and its rules one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from toolkit import importers
from toolkit.errors import InputError
from toolkit.importers import common

HERE = Path(__file__).resolve().parent
NS = {"t": common.TEI_NS}


def _convert(tmp_path: Path, text: str | None = None, toml: str | None = None) -> etree._Element:
    src = tmp_path / "page.txt"
    src.write_text(text if text is not None else (HERE / "page.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "page.toml").write_text(toml if toml is not None else (HERE / "page.toml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    shutil.copy(HERE / "persons.xml", tmp_path / "persons.xml")
    res = importers.convert_source(src, output=tmp_path / "page.xml")
    return res


def test_golden(tmp_path, update_goldens):
    res = _convert(tmp_path)
    golden = HERE / "page.xml"
    if update_goldens:
        golden.write_bytes(res.data)
    assert res.data == golden.read_bytes(), "web importer output changed; review and run --update-goldens"


def test_not_keyed_to_line_numbers(tmp_path):
    """Extra blank lines and a paragraph moved elsewhere change nothing but order and ids."""
    text = (HERE / "page.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    moved = "\n\n\n" + "\n".join(lines[:2] + lines[6:] + lines[2:6])
    a = etree.fromstring(_convert(tmp_path, text).data)
    b = etree.fromstring(_convert(tmp_path, moved).data)
    for xp in ("//t:gap", "//t:choice", "//t:supplied", "//t:surplus", "//t:seg", "//t:persName", "//t:s",
               "//t:head", "//t:p"):
        assert len(a.xpath(xp, namespaces=NS)) == len(b.xpath(xp, namespaces=NS)), xp


def _text(tmp_path, line: str, toml_extra: str = "") -> etree._Element:
    toml = (HERE / "page.toml").read_text(encoding="utf-8").split("[[emendation]]")[0] + toml_extra
    res = _convert(tmp_path, "a title\n\n" + line + "\n", toml)
    return etree.fromstring(res.data).find("t:text", NS)


def test_replacement_characters(tmp_path):
    t = _text(tmp_path, "Kirov\ufffds death; Medvedevs\ufffd book; \ufffdKoba, why?\ufffd 392\ufffd393 "
                        "\ufffd\ufffd\ufffd \ufffd.\ufffd. 26004 2001 \ufffd, end.")
    corr = [c.text for c in t.iterfind(".//t:corr", NS)]
    assert corr == ["\u2019", "\u2019", "\u201c", "\u201d", "\u2013"]
    assert all(s.text == "\ufffd" for s in t.iterfind(".//t:sic", NS))
    gaps = t.findall(".//t:gap", NS)
    assert [g.get("quantity") for g in gaps] == ["3", "1", "1", "1"]
    assert all(g.get("reason") == "encoding" and g.get("unit") == "chars" for g in gaps)
    outside = [x for x in t.xpath(".//text()[contains(., '\ufffd')]") if x.getparent().tag != common.T + "sic"]
    assert outside == []


def test_citations_edit_and_urls(tmp_path):
    t = _text(tmp_path, 'He said "no."[29], When [a] came [ edit ] see https://x.org/a.htm. Done [7] now.')
    segs = t.findall(".//t:seg[@type='citation-orphan']", NS)
    assert [(s.get("n"), s.text) for s in segs] == [("29", "[29]"), ("a", "[a]"), ("7", "[7]")]
    surplus = [(s.get("reason"), s.text) for s in t.iterfind(".//t:surplus", NS)]
    assert surplus == [("scrape", ","), ("webUI", "[ edit ]")]
    ref = t.find(".//t:ref", NS)
    assert ref.get("type") == "url" and ref.get("target") == "https://x.org/a.htm"
    assert ref.tail.startswith(".")


def test_stripped_years_rules(tmp_path):
    t = _text(tmp_path, "On 25 MayLenin fell ill. It happened in August Severely ill. In OctoberStalin's men "
                        "won. During the years of andSoviet policy. Russian Civil WarTrotsky argued. "
                        "On 5 March 1923 Lenin wrote. The TsPA IML archive. May I go?")
    gaps = t.findall(".//t:gap", NS)
    assert [g.get("reason") for g in gaps] == ["yearStripped"] * 4 + ["punctuationStripped"]
    origs = [o.text for o in t.iterfind(".//t:orig", NS)]
    assert origs == ["MayLenin", "OctoberStalin", "andSoviet", "WarTrotsky"]
    reg = t.find(".//t:reg", NS)
    assert "".join(reg.itertext()) == "May  Lenin" and reg.find("t:gap", NS) is not None
    # "August Severely": a spaced site gets a gap between the words, no choice
    s2 = t.findall(".//t:s", NS)[1]
    assert s2.find("t:choice", NS) is None and s2.find("t:gap", NS) is not None


def test_reviewed_sites(tmp_path):
    extra = ('\n[[family.site]]\ncontext = "in August Severely"\nsupplied = "1918"\ncert = "high"\n'
             '\n[[family.site]]\ncontext = "March Plenum"\nkind = "none"\n'
             '\n[[family.site]]\nat = "years of (?=and)"\n')
    t = _text(tmp_path, "It happened in August Severely ill. In March Plenum decided. During the years of and", extra)
    sup = t.find(".//t:supplied", NS)
    assert sup.text == "1918" and sup.get("cert") == "high" and sup.get("reason") == "yearStripped"
    assert len(t.findall(".//t:gap", NS)) == 1


def test_reviewed_site_must_fit(tmp_path):
    extra = '\n[[family.site]]\ncontext = "nowhere to be found"\nsupplied = "1918"\n'
    with pytest.raises(InputError) as exc:
        _text(tmp_path, "It happened in August Severely ill.", extra)
    d = exc.value.diagnostics[0]
    assert d.code == "IMP001" and d.line > 0 and "family.site" in d.message


def test_sentences(tmp_path):
    t = _text(tmp_path, 'Quoted by Zh. Medvedev, p. 660. It was V.I. Lenin. "Yes." he said! was wrong here. '
                        'Ibid., pp. 3-4. Next one')
    sents = ["".join(s.itertext()) for s in t.iterfind(".//t:s", NS)]
    assert sents == ["Quoted by Zh. Medvedev, p. 660.", "It was V.I. Lenin.", '"Yes."', "he said!",
                     "was wrong here.", "Ibid., pp. 3-4.", "Next one"]
    assert [s.get(common.XML_ID) for s in t.iterfind(".//t:s", NS)][:2] == ["fx-s1", "fx-s2"]


def test_headings(tmp_path):
    res = _convert(tmp_path, "My Title\n\nA heading\n\nmy title\n\nText here.\n\nShort line that ends.\n",
                   (HERE / "page.toml").read_text(encoding="utf-8").split("[[emendation]]")[0])
    t = etree.fromstring(res.data).find("t:text", NS)
    heads = [(h.get("type"), "".join(h.itertext())) for h in t.iterfind(".//t:head", NS)]
    assert heads == [(None, "My Title"), (None, "A heading"), ("seo", "my title")]
    assert len(t.findall(".//t:div[@type='section']", NS)) == 1
    assert len(t.findall(".//t:p", NS)) == 2
