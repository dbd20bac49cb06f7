"""The ebook importer on small synthetic books: golden TEI, loud failures, unit rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import shared_or_skip
from ebook_testlib import jing, with_minimal_header
from toolkit.errors import InputError
from toolkit.importers import convert_source, fidelity
from toolkit.importers import ebook
from toolkit.importers.ebook_inline import russian_spans

HERE = Path(__file__).parent
FIX = HERE / "fixtures"
GOLDEN = HERE / "golden"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _convert(src: Path, tmp_path: Path, toml: Path | None = None) -> etree._ElementTree:
    res = convert_source(src, metadata=toml, output=tmp_path / "out.xml", base=HERE)
    return etree.ElementTree(etree.fromstring(res.data))


def _text_xml(tree) -> bytes:
    text = tree.getroot().find("{http://www.tei-c.org/ns/1.0}text")
    return etree.tostring(text, encoding="utf-8")


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return _convert(FIX / "mini.txt", tmp_path_factory.mktemp("mini"))


def test_mini_matches_golden(mini, update_goldens):
    got = _text_xml(mini)
    golden = GOLDEN / "mini-text.xml"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(got)
    assert golden.exists(), "run pytest --update-goldens once and review the file"
    assert got == golden.read_bytes()


def test_mini_is_deterministic(tmp_path):
    a = convert_source(FIX / "mini.txt", output=tmp_path / "a.xml").data
    b = convert_source(FIX / "mini.txt", output=tmp_path / "b.xml").data
    assert a == b


def test_mini_structure(mini):
    x = mini.getroot()
    assert [d.get("type") for d in x.xpath("//t:body/t:div", namespaces=NS)] == ["introduction", "chapter", "chapter"]
    assert [d.get("subtype") or d.get("type") for d in x.xpath("//t:back/t:div", namespaces=NS)] == [
        "glossary", "chronology", "biographies"]
    assert len(x.xpath("//t:front/t:titlePage", namespaces=NS)) == 2
    # every call linked both ways to exactly one note, numbered 1..N per division
    for div in x.xpath("//t:div[t:div[@type='notes']]", namespaces=NS):
        notes = div.xpath("t:div[@type='notes']/t:note", namespaces=NS)
        calls = div.xpath(".//t:ref[@type='noteref']", namespaces=NS)
        assert [n.get("n") for n in notes] == [str(i) for i in range(1, len(notes) + 1)]
        assert [c.get("n") for c in calls] == [n.get("n") for n in notes]
        for c, n in zip(calls, notes):
            assert c.get("target") == "#" + n.get(XML_ID)
            assert n.get("target") == "#" + c.get(XML_ID)
    # marker formats: superscript, ^{[n](#)}, ^{n, m}, reconstructed, misread
    ch1 = x.xpath("//t:div[@xml:id='mini-ch01']", namespaces=NS)[0]
    assert len(ch1.xpath("t:div[@type='notes']/t:note", namespaces=NS)) == 6
    fixed = ch1.xpath(".//t:ref[@type='noteref']/t:choice", namespaces=NS)
    assert [(c.findtext("t:sic", namespaces=NS), c.findtext("t:corr", namespaces=NS)) for c in fixed] == [("²", "6")]
    rebuilt = ch1.xpath(".//t:choice[t:corr/t:ref]", namespaces=NS)[0]
    assert "".join(rebuilt.find("t:sic", NS).itertext()) == "him.Z"
    assert len(rebuilt.findall("t:sic/t:lb", NS)) == 4
    assert rebuilt.find("t:corr/t:ref", NS).get("n") == "3"
    # interpolations
    assert x.xpath("string(//t:note[@type='authorial'][@place='inline'])", namespaces=NS) == "(the ruling party – A. A.)"
    assert x.xpath("string(//t:note[@type='translator'][@place='inline'])", namespaces=NS) == "[its]"
    assert x.xpath("//t:note[@place='end'][@type='translator']/@n", namespaces=NS) == ["5"]
    # block quotation after a colon; page-split joins; figures
    assert len(x.xpath("//t:quote/t:p", namespaces=NS)) == 1
    assert len(x.xpath("//t:anchor[@type='rejoin']", namespaces=NS)) == 6
    assert x.xpath("//t:p[t:figure]/t:anchor", namespaces=NS)
    figs = x.xpath("//t:figure", namespaces=NS)
    assert len(figs) == 3 and all(f.find("t:head", NS) is not None for f in figs)
    assert x.xpath("//t:figure/t:ab[@type='imageText']/@xml:lang", namespaces=NS) == ["ru", "ru"]
    # back matter
    assert len(x.xpath("//t:list[@type='gloss']/t:label", namespaces=NS)) == 3
    assert [len(l.findall("t:item", NS)) for l in x.xpath("//t:div[@subtype='chronology']/t:list", namespaces=NS)] == [2, 1]
    assert len(x.xpath("//t:listPerson/t:person", namespaces=NS)) == 2


def test_mini_has_no_markdown_residue(mini):
    text = "".join(mini.getroot().find("{http://www.tei-c.org/ns/1.0}text").itertext())
    for residue in ("](#)", "^{", "**", "*", "\\$", "<http"):
        assert residue not in text, residue


def test_mini_fidelity(mini):
    src = (FIX / "mini.txt").read_text(encoding="utf-8")
    rep = fidelity.compare(src.split(), fidelity.diplomatic_words(mini), ebook.RULES)
    print(rep.summary("mini"))
    assert rep.ok, rep.summary("mini")
    assert rep.accounted == rep.source_words


def test_mini_text_valid_tei_all(mini, tmp_path):
    """The converter's <text> (under a minimal header) is valid against tei_all."""
    schema = shared_or_skip("schemas", "tei_all.rng")
    out = tmp_path / "mini-text.xml"
    out.write_bytes(with_minimal_header(_text_xml(mini)))
    assert jing(schema, out) == []


def test_mini_document_valid_edition_schema(mini, tmp_path):
    from tests.conftest import ROOT

    schema = ROOT / "schemas" / "edition.rng"
    if not schema.exists():
        pytest.skip("edition schema not present")
    out = tmp_path / "mini.xml"
    out.write_bytes(etree.tostring(mini, encoding="utf-8", xml_declaration=True))
    assert jing(schema, out) == []


def test_mini_document_valid_tei_all(mini, tmp_path):
    """The whole document, header included (built by the shared importer code)."""
    schema = shared_or_skip("schemas", "tei_all.rng")
    out = tmp_path / "mini.xml"
    out.write_bytes(etree.tostring(mini, encoding="utf-8", xml_declaration=True))
    assert jing(schema, out) == []


# -- loud failures ------------------------------------------------------------------------

def _variant(tmp_path: Path, text_edit=None, toml_edit=None) -> tuple[Path, Path]:
    src = (FIX / "mini.txt").read_text(encoding="utf-8")
    meta = (FIX / "mini.toml").read_text(encoding="utf-8")
    if text_edit:
        src = text_edit(src)
    if toml_edit:
        meta = toml_edit(meta)
    (tmp_path / "v.txt").write_text(src, encoding="utf-8")
    (tmp_path / "v.toml").write_text(meta, encoding="utf-8")
    return tmp_path / "v.txt", tmp_path / "v.toml"


def _fails(tmp_path, **kw) -> str:
    src, toml = _variant(tmp_path, **kw)
    with pytest.raises(InputError) as ei:
        convert_source(src, metadata=toml, output=tmp_path / "o.xml", base=tmp_path)
    diags = ei.value.diagnostics
    assert diags, "an import failure must carry diagnostics"
    return "\n".join(d.as_text() for d in diags)


def test_unreviewed_misread_call_fails_with_line(tmp_path):
    msg = _fails(tmp_path, toml_edit=lambda m: m.replace('corr = "6"', 'corr = "7"'))
    assert "IMP301" in msg and "v.txt:" in msg
    assert "note call 6 reads '²'" in msg


def test_missing_note_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("6. Note six.", "Six is gone."))
    assert "6 note call(s) but 5 note(s)" in msg


def test_contents_entry_without_heading_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("\nDates of Congresses\n\nParty", "\nDates\n\nParty"))
    assert "'Dates of Congresses' has no heading" in msg


def test_book_without_contents_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("\nContents\n", "\nIndex\n"))
    assert "no table of contents" in msg


def test_control_character_fails_with_line(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("Ann Author writes", "Ann\x0cAuthor writes"))
    assert "U+000C cannot be written in XML" in msg and "v.txt:42:" in msg


def test_empty_source_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: "")
    assert "IMP301" in msg


def test_reconstruction_not_found_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("[Z](#)", "[7](#)"))
    assert "reconstruction" in msg and "found 0 time(s), expected 1" in msg


def test_unused_call_correction_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("A misread call follows.²", "A misread call follows.⁶"))
    assert "applied 0 time(s)" in msg


def test_emendation_not_found_fails(tmp_path):
    msg = _fails(tmp_path, text_edit=lambda s: s.replace("Trotksy wrote", "Trotsky wrote"))
    assert "IMP" in msg and "Trotksy" in msg


# -- unit rules -------------------------------------------------------------------------------

def test_label_formats():
    cases = {"1. text": (1, False), "- [12.](#) text": (12, False), "[3.](#) text": (3, False),
             "[7](#). text": (7, False), "^{4.} text": (4, False), "¹². text": (12, True)}
    for line, (value, sup) in cases.items():
        lab = ebook.parse_label(line)
        assert (lab.value, lab.superscript) == (value, sup), line
    assert ebook.parse_label("8.XII.1923¹⁷") is None
    assert ebook.parse_label("1) To instruct") is None


def test_continuation_rules():
    conv = ebook.EbookConverter("x", ebook.Options(doc_id="t"))
    B = ebook.Block
    assert conv._continues(B(["It was a"], 1, 1), B(["long day."], 3, 1)) == "space"
    assert conv._continues(B(["the semi-"], 1, 1), B(["proletarian masses"], 3, 1)) == "hyphen"
    long_open = "x " * 60 + "the Official Communist Party"
    assert conv._continues(B([long_open], 1, 1), B(["Publications started."], 3, 1)) == "space"
    assert conv._continues(B(["Trotsky called on them to leave the"], 1, 1), B(["Kuomintang."], 3, 1)) == "space"
    assert conv._continues(B(["G. Zinoviev"], 1, 1), B(["Dear comrades"], 3, 1)) == ""
    assert conv._continues(B(["He wrote:"], 1, 1), B(["We must."], 3, 1)) == ""
    assert conv._continues(B(["With greetings,"], 1, 1), B(["G. Zinoviev"], 3, 1)) == ""
    assert conv._continues(B(["A whole sentence."], 1, 1), B(["Another one."], 3, 1)) == ""


def test_russian_spans_stop_at_brackets_and_latin():
    s = "Ленин В. И., ПСС, Т. 39, С. 59 [Lenin, CW, Volume 29] and М. I. Ulyanova"
    spans = [s[a:b] for a, b in russian_spans(s)]
    assert spans == ["Ленин В. И., ПСС, Т. 39, С."]


def test_classify_headings():
    assert ebook.classify("7. The “Testament”") == ("chapter", "ch07", "7")
    assert ebook.classify("Chapter XII: Victory") == ("chapter", "ch12", "12")
    assert ebook.classify("CHAPTER 3") == ("chapter", "ch03", "3")
    assert ebook.classify("Introduction")[:2] == ("introduction", "intro")
    assert ebook.classify("Afterword")[:2] == ("conclusion", "concl")
    assert ebook.classify("Note from the Translator")[:2] == ("translatorNote", "trlnote")
    assert ebook.classify("Selected Biographical Notes")[:2] == ("biographies", "bio")
    assert ebook.classify("Dates of Party Congresses")[:2] == ("chronology", "chronology")
    assert ebook.classify("A Word on Sources") == ("section", "a-word-on-sources", None)


def test_gloss_split():
    assert ebook._gloss_split("CC: Central Committee.") == 3
    t = "VTsIK [ВЦИК; All-Russian CEC]. In between"
    assert t[: ebook._gloss_split(t)] == "VTsIK [ВЦИК; All-Russian CEC]."


def _inline(s: str) -> tuple[str, list]:
    from toolkit.importers.ebook_inline import InlineContext, build_inline

    p = etree.Element("{http://www.tei-c.org/ns/1.0}p", nsmap={None: "http://www.tei-c.org/ns/1.0"})
    ctx = InlineContext("t", calls=[])
    build_inline(p, s, ctx, 1)
    xml = etree.tostring(p, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    return xml, [(c.value, c.printed) for c in ctx.calls]


def test_inline_markdown():
    assert _inline("*a *b* c*")[0] == '<p><hi rend="italic">a </hi>b<hi rend="italic"> c</hi></p>'
    assert _inline("***Prozhektor**, 1927*")[0] == (
        '<p><hi rend="bold italic">Prozhektor</hi><hi rend="italic">, 1927</hi></p>')
    assert _inline("a **b** c")[0] == '<p>a <hi rend="bold">b</hi> c</p>'
    assert _inline("got \\$15 [Foreword](#)")[0] == "<p>got $15 Foreword</p>"
    assert _inline("see <https://example.org/x>")[0] == (
        '<p>see <ref target="https://example.org/x">https://example.org/x</ref></p>')
    assert _inline("one\ntwo")[0] == "<p>one<lb/>two</p>"


def test_inline_calls():
    xml, calls = _inline("facts.”¹² and^{[8](#)} and^{18, 19}")
    assert calls == [(12, "¹²"), (8, "8"), (18, "18"), (19, "19")]
    assert xml.count('<ref type="noteref">') == 4 and ">12</ref>" in xml
    assert "^{" not in xml and "](#)" not in xml


def test_interpolation_marking():
    from toolkit.importers.ebook_inline import InlineContext, build_inline, mark_interpolations

    s = mark_interpolations("party (the SR party – V. R.) and [VTsIK], not [x](#).", "V. R.", True)
    p = etree.Element("{http://www.tei-c.org/ns/1.0}p")
    build_inline(p, s, InlineContext("d", calls=[]), 1)
    notes = p.findall("{http://www.tei-c.org/ns/1.0}note")
    assert [(n.get("type"), n.get("resp"), "".join(n.itertext())) for n in notes] == [
        ("authorial", "#d-author", "(the SR party – V. R.)"), ("translator", "#d-trl", "[VTsIK]")]
    assert "".join(p.itertext()) == "party (the SR party – V. R.) and [VTsIK], not x."


def test_pandoc_style_book_matches_golden(tmp_path, update_goldens):
    """A second converter style: 'Chapter N' headings, Pandoc calls [^1] and labels [^1]:,
    no translator (so square brackets stay the author's text)."""
    tree = _convert(FIX / "pandoc.txt", tmp_path)
    got = _text_xml(tree)
    golden = GOLDEN / "pandoc-text.xml"
    if update_goldens:
        golden.write_bytes(got)
    assert got == golden.read_bytes()
    x = tree.getroot()
    assert [c.get("n") for c in x.xpath("//t:div[@type='chapter']", namespaces=NS)] == ["1", "2"]
    assert len(x.xpath("//t:note[@place='end']", namespaces=NS)) == 3
    assert not x.xpath("//t:note[@place='inline']", namespaces=NS)
    assert x.xpath("//t:p/t:anchor[@type='rejoin']", namespaces=NS)
    src = (FIX / "pandoc.txt").read_text(encoding="utf-8")
    rep = fidelity.compare(src.split(), fidelity.diplomatic_words(tree), ebook.RULES)
    print(rep.summary("pandoc"))
    assert rep.ok and rep.accounted == rep.source_words
