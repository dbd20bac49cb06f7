"""The HTML edition: pages, notes, apparatus, views, safety, links, determinism."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree
from lxml import html as lhtml

from tests.html.site import FIXTURES, ROOT, build
from toolkit import resources
from toolkit.errors import InputError
from toolkit.formats import REGISTRY, get, html


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("site"))


def page(site: Path, name: str):
    return lhtml.fromstring((site / name).read_bytes())


def text_of(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


# ---------------------------------------------------------------- contract

def test_registered_in_format_registry():
    assert REGISTRY["html"] == "toolkit.formats.html"
    assert get("html") is html.FORMAT and html.FORMAT.name == "html"


def test_params_in_sync_with_stylesheet():
    ns = {"xsl": "http://www.w3.org/1999/XSL/Transform"}
    declared = {}
    for f in resources.xslt_dir().joinpath("html").glob("*.xsl"):
        for p in etree.parse(str(f)).getroot().findall("xsl:param", ns):
            assert p.get("name") not in declared, f"param {p.get('name')} declared twice"
            declared[p.get("name")] = p.get("as")
    xs = {str: "xs:string", bool: "xs:boolean", int: "xs:integer"}
    assert {k: xs[v] for k, v in html.PARAMS.items()} == declared


def test_stylesheets_lists_every_file_that_affects_output():
    names = {p.name for p in html.FORMAT.stylesheets()}
    assert {"common.xsl", "plain.xsl", "html.xsl", "edition.xsl", "teikit.js", "teikit.css", "search.js"} <= names


def test_site_pages_exist(site):
    for name in ["index.html", "persons.html", "parallels.html", "search.html", "assets/teikit.css",
                 "assets/teikit.js", "assets/search.js", "fx-choice.html", "fx-book.html",
                 "fx-book-fw.html", "fx-book-ch01.html", "fx-book-ch02.html", "search/fx-book.js",
                 "tei/book.xml"]:
        assert (site / name).is_file(), name


# ---------------------------------------------------------------- structure and HTML hygiene

def all_pages(site):
    return sorted(site.glob("*.html"))


def test_html5_shell_and_csp(site):
    for f in all_pages(site):
        raw = f.read_text(encoding="utf-8")
        assert raw.lower().startswith("<!doctype html>"), f.name
        doc = lhtml.fromstring(raw.encode())
        assert doc.get("lang") == "en"
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "script-src 'self'" in csp[0] and "default-src 'self'" in csp[0]
        assert doc.xpath("//title") and text_of(doc.xpath("//title")[0])
        # no inline script or style anywhere: every script is a file of the site
        for s in doc.xpath("//script"):
            assert s.get("src") and not (s.text or "").strip(), f.name
            assert re.fullmatch(r"(assets|search)/[\w.-]+\.js", s.get("src")), s.get("src")
        assert not doc.xpath("//style | //*[@style]"), f.name
        assert not doc.xpath("//@*[starts-with(name(), 'on')]"), f.name
        ids = doc.xpath("//@id")
        assert len(ids) == len(set(ids)), f"duplicate ids in {f.name}"
        assert len(doc.xpath("//h1")) == 1, f.name
        assert doc.xpath("//main"), f.name


def test_every_internal_link_resolves(site):
    ids = {f.name: set(page(site, f.name).xpath("//@id")) for f in all_pages(site)}
    checked = 0
    for f in all_pages(site):
        for a in page(site, f.name).xpath("//a[@href] | //link[@href] | //script[@src] | //img[@src]"):
            ref = a.get("href") or a.get("src")
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            assert not parts.scheme, f"{f.name}: unexpected scheme in {ref}"
            target = unquote(parts.path) or f.name
            assert (site / target).is_file(), f"{f.name}: {ref} -> missing file"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in ids[target], f"{f.name}: {ref} -> missing anchor"
            checked += 1
    assert checked > 100


def test_tei_identity_kept(site):
    doc = page(site, "fx-book-ch01.html")
    sec = doc.get_element_by_id("fx-book-ch01")
    assert sec.get("data-tei") == "div" and sec.tag == "section"
    assert doc.get_element_by_id("fx-book-ch01-p1").get("data-tei") == "p"


def test_no_markdown_or_tex_residue(site):
    for f in all_pages(site):
        t = text_of(page(site, f.name))
        assert not re.search(r"\\[a-zA-Z]+\{|\*\*\w|__\w|\]\(http|^#+ ", t), f.name


# ---------------------------------------------------------------- documents, chapters, navigation

def test_book_split_per_chapter_with_toc_and_prev_next(site):
    home = page(site, "fx-book.html")
    toc = [a.get("href") for a in home.xpath("//nav[contains(@class,'tk-toc')]//a")]
    assert toc[:3] == ["fx-book-fw.html", "fx-book-ch01.html", "fx-book-ch02.html"]
    ch1 = page(site, "fx-book-ch01.html")
    assert ch1.xpath("//a[@rel='prev']/@href") == ["fx-book-fw.html"]
    assert ch1.xpath("//a[@rel='next']/@href") == ["fx-book-ch02.html"]
    assert text_of(ch1.xpath("//h1")[0]) == "Chapter One"


def test_home_page_lists_documents_and_principles(site):
    home = page(site, "index.html")
    links = home.xpath("//ol[@class='tk-doclist']//a[not(@download)]/@href")
    assert "fx-book.html" in links and "fx-choice.html" in links
    assert "persons.html" not in links  # authority files are not documents
    assert "Soft hyphens at line ends are removed" in text_of(home)
    assert home.xpath("//a[@download][@href='tei/book.xml']")


def test_header_about_section(site):
    doc = page(site, "fx-choice.html")
    about = text_of(doc.xpath("//section[@class='tk-about']")[0])
    assert "Corrections" in about and "the fixture editors" in about and "CC BY 4.0" in about


# ---------------------------------------------------------------- editorial rendering

def test_choice_carries_both_readings_marked_by_view(site):
    doc = page(site, "fx-choice.html")
    sic = doc.xpath("//span[@data-tei='sic']")[0]
    corr = doc.xpath("//span[@data-tei='corr']")[0]
    assert "tk-dipl" in sic.get("class") and text_of(sic) == "V.l."
    assert "tk-read" in corr.get("class") and text_of(corr) == "V.I."
    assert "corrected to “V.I.” by the fixture editors (high certainty)" in sic.getparent().get("title")


def test_reading_text_matches_shared_layer(site):
    """The HTML reading text (diplomatic-only parts removed) equals tk:plain's reading."""
    import json
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    for name, page_name in [("choice.xml", "fx-choice.html"), ("interventions.xml", "fx-interventions.html"),
                            ("lines.xml", "fx-lines.html")]:
        doc = page(site, page_name)
        body = doc.xpath("//div[@class='tk-text']")[0]
        for el in body.xpath(".//*[contains(concat(' ', @class, ' '), ' tk-dipl ') or contains(@class, 'tk-sr')"
                             " or contains(@class, 'tk-par-tools') or contains(@class, 'tk-pb') or contains(@class, 'tk-milestone')]"):
            el.drop_tree()
        assert text_of(body) == expected[name]["reading"], name


def test_brackets_and_gap_descriptions(site):
    doc = page(site, "fx-interventions.html")
    gap = doc.xpath("//span[@data-tei='gap']")[0]
    assert gap.get("title") == "Gap: 3 characters lost"
    assert "[1928]" in text_of(doc.xpath("//span[@data-tei='supplied']")[0])
    assert "right(?)" in text_of(doc.xpath("//span[@data-tei='unclear']")[0]).replace(" (Doubtful reading (illegible))", "")


def test_line_breaks_hyphens_pages(site):
    doc = page(site, "fx-lines.html")
    hy = doc.xpath("//span[@data-tei='lb'][contains(@class,'tk-hyphen')]")
    assert [text_of(h) for h in hy] == ["-"]  # only the soft hyphen is printed; All- keeps its own
    pb = doc.xpath("//span[@data-tei='pb']")[0]
    assert "60" in text_of(pb)
    assert doc.xpath("//span[@data-tei='fw'][contains(@class,'tk-dipl')]")


# ---------------------------------------------------------------- notes

def test_note_calls_link_both_ways(site):
    doc = page(site, "fx-book-ch01.html")
    call = doc.get_element_by_id("fx-book-ch01-n2-call")
    assert call.get("href") == "#fx-book-ch01-n2" and call.get("role") == "doc-noteref"
    note = doc.get_element_by_id("fx-book-ch01-n2")
    assert "tk-kind-editorial" in note.get("class")
    assert note.xpath(".//a[@class='tk-backlink']/@href") == ["#fx-book-ch01-n2-call"]
    assert "Editors’ note" in text_of(note)


def test_endnotes_listed_per_chapter_and_kinds_distinguished(site):
    ch1, ch2, fw = (page(site, n) for n in ("fx-book-ch01.html", "fx-book-ch02.html", "fx-book-fw.html"))
    assert ch1.xpath("//ol[@class='tk-note-list']/li/@data-n") == ["1", "2"]
    assert ch2.xpath("//ol[@class='tk-note-list']/li/@data-n") == ["1"]
    assert "tk-kind-translator" in fw.xpath("//li[@data-tei='note']/@class")[0]
    inline = ch1.xpath("//span[@data-tei='note']")[0]
    assert "tk-note-inline" in inline.get("class") and text_of(inline) == "– V. R."


def test_notes_without_calls_get_one_in_place(site, tmp_path):
    src = tmp_path / "realnotes.xml"
    src.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="rn"><teiHeader><fileDesc><titleStmt>
      <title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
      </teiHeader><text><body><p>Text<note place="foot">A foot note.</note> more<note>Another.</note>.</p>
      </body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    html.FORMAT.render_document(src, out, {})
    doc = page(out, "rn.html")
    calls = doc.xpath("//a[contains(@class,'tk-call')]")
    assert [text_of(c) for c in calls] == ["1", "2"]
    for c in calls:
        li = doc.get_element_by_id(c.get("href")[1:])
        assert li.xpath(".//a[@class='tk-backlink']/@href") == ["#" + c.get("id")]


@pytest.mark.parametrize("call_id,note_id", [("c1", "n1"), ("1-call", "1")])
def test_calls_and_notes_found_by_xml_id_even_when_not_a_name(tmp_path, call_id, note_id):
    """Elements are found by xml:id through id() (Saxon's ID table); an xml:id that is not
    a name (invalid, but met in real files) is found through a key instead."""
    src = tmp_path / "ids.xml"
    src.write_text(f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="ids"><teiHeader><fileDesc><titleStmt>
      <title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
      </teiHeader><text><body><p>Text<ref type="noteref" xml:id="{call_id}" target="#{note_id}">1</ref> and
      <ref target="#{note_id}">see the note</ref>.</p>
      <div type="notes"><note xml:id="{note_id}" n="1" place="end" target="#{call_id}">The note.</note></div>
      </body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    html.FORMAT.render_document(src, out, {})
    doc = page(out, "ids.html")
    call = doc.get_element_by_id(call_id)
    assert call.get("href") == f"#{note_id}" and "tk-call-missing" not in (call.getparent().get("class") or "")
    assert doc.get_element_by_id(note_id).xpath(".//a[@class='tk-backlink']/@href") == [f"#{call_id}"]
    assert doc.xpath("//a[@class='tk-ref']/@href") == [f"ids.html#{note_id}"]  # the plain ref links too


@pytest.mark.parametrize("lines", [0, 200])
def test_generated_ids_are_positions_among_same_named_elements(tmp_path, lines):
    """An element without xml:id gets 'tei-<name>-<n>', n its position among the document's
    elements of that name, in document order: also inside paragraphs, nested paragraphs and
    notes, and whether the stylesheet finds n in its index (persName, p, pb...) or counts it
    where it stands (any other element).  Line breaks before an element do not move its id."""
    src = tmp_path / "ids.xml"
    src.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="ids"><teiHeader><fileDesc><titleStmt>
      <title>t</title></titleStmt><publicationStmt><p>x <persName>h</persName></p></publicationStmt>
      <sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>
      <div><head>One <persName ref="persons.xml#a">A</persName></head>
        <p>a <hi>b <persName ref="persons.xml#b">B</persName></hi><lb/>c<anchor/>""" + "<lb/>x" * lines + """
          <note place="foot"><p>n <persName ref="persons.xml#c">C</persName></p><p><anchor/></p></note>
          <persName ref="persons.xml#d">D</persName><pb n="2"/></p>
        <list><item>i <persName ref="persons.xml#e">E</persName></item></list>
        <p><quote><p>q <persName ref="persons.xml#f">F</persName></p></quote></p>
        <note place="foot"><list><item><hi><persName ref="persons.xml#g">G</persName></hi></item></list></note>
        <lg><l>v <persName ref="persons.xml#h">H</persName><anchor/></l></lg>
        <ab>x <head>in <persName ref="persons.xml#i">I</persName></head> <anchor/></ab>
        <p>s <persName>no key</persName> <placeName ref="#nowhere">P</placeName></p>
      </div></body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    html.FORMAT.render_document(src, out, {"search": False})
    expected, seen = set(), {}
    for el in etree.parse(str(src)).getroot().iter("{*}*"):
        name = etree.QName(el).localname
        seen[name] = seen.get(name, 0) + 1
        expected.add(f"tei-{name}-{seen[name]}")
    ids = [i for i in page(out, "ids.html").xpath("//@id") if i.startswith("tei-") and not i.endswith("-call")]
    assert len(ids) >= 11 and len(ids) == len(set(ids))
    assert {"tei-anchor-1", "tei-anchor-4", "tei-pb-1", "tei-p-3", "tei-p-6", "tei-p-8", "tei-note-2",
            "tei-head-1", "tei-div-1"} <= set(ids)
    for i in ids:
        assert i in expected, i


def test_ordinals_by_index_and_by_count_agree(tmp_path):
    """tkh:ordinal from the index (names in tkh:id-names) and counted in place (any
    other name) for every element of a
    real document: each is the element's position among the same-named elements."""
    src = ROOT / "tei" / "002-bukharin-demotion.xml"
    xsl = tmp_path / "ordinals.xsl"
    xsl.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:tkh="https://teikit.org/ns/html">
      <xsl:import href="{(ROOT / 'xslt' / 'html' / 'html.xsl').as_uri()}"/>
      <xsl:template match="/" priority="10">
        <xsl:value-of select="//*!(local-name() || ' ' || tkh:ordinal(.))" separator="&#10;"/>
      </xsl:template>
    </xsl:stylesheet>""", encoding="utf-8")
    from toolkit import saxon
    got, _, _ = saxon.transform(xsl, source=src)
    expected, seen = [], {}
    for el in etree.parse(str(src)).getroot().iter("{*}*"):
        name = etree.QName(el).localname
        seen[name] = seen.get(name, 0) + 1
        expected.append(f"{name} {seen[name]}")
    assert got.split("\n") == expected
    assert len(seen) > 12  # names outside the index are counted in place


# ---------------------------------------------------------------- apparatus

def test_inline_apparatus_readings_and_witnesses(site):
    doc = page(site, "fx-app.html")
    app = doc.get_element_by_id("fx-app-a1")
    rdgs = app.xpath("./span[contains(@class,'tk-rdg')]")
    assert [(r.get("data-wit"), text_of(r), r.get("hidden") is None) for r in rdgs] == [
        ("W003", "removed", True), ("W000", "expelled", False), ("W004", "dismissed", False)]
    assert "tk-base" in rdgs[0].get("class")
    detail = doc.get_element_by_id("fx-app-a1-detail")
    assert text_of(detail) == "removed] W003; expelled W000; dismissed W004"
    assert text_of(doc.get_element_by_id("fx-app-a2-detail")) == "in November] W003 W004; om. W000"
    options = doc.xpath("//select[@id='tk-witness']/option/@value")
    assert options == ["", "W000", "W003", "W004"]


def test_parallels_side_by_side_with_differences(site):
    doc = page(site, "parallels.html")
    cols = doc.xpath("//section[@id='par-removal']//div[contains(@class,'tk-parallel-col')]")
    assert len(cols) == 2
    marked = [[text_of(m) for m in c.xpath(".//mark[@class='tk-diff']")] for c in cols]
    assert marked == [["removed"], ["November", "expelled"]]
    assert cols[0].xpath(".//a/@href") == ["fx-pa.html#fx-pa-s1"]
    # and the passage in its document links back to the comparison
    pa = page(site, "fx-pa.html")
    link = pa.get_element_by_id("fx-pa-s1").getnext()
    assert link.get("class") == "tk-parallel-link" and link.get("href") == "parallels.html#par-removal"


# ---------------------------------------------------------------- persons, permalinks, downloads

def test_person_index_lists_every_occurrence(site):
    index = page(site, "persons.html")
    row = index.xpath("//table//tr[th/a[@href='persons-stalin.html']]")[0]
    assert "2" in [text_of(td) for td in row.xpath("td")]
    stalin = page(site, "persons-stalin.html")
    occ = stalin.xpath("//ul[@class='tk-occurrences']//a")
    assert [(a.get("href").split("#")[0], text_of(a)) for a in occ] == [
        ("fx-blocks.html", "Stalin"), ("fx-blocks.html", "Koba")]
    for a in occ:  # each occurrence leads to the paragraph (or heading, note...) holding it
        target = page(site, "fx-blocks.html").get_element_by_id(a.get("href").split("#")[1])
        assert target.xpath(".//a[@data-tei='persName'][@data-person='stalin']")
        assert target.get("data-tei") != "persName"  # the persName has no xml:id in the fixture
    assert "1878-12-18–1953-03-05" in text_of(stalin) and "Koba (W004)" in text_of(stalin)
    blocks = page(site, "fx-blocks.html")
    assert blocks.xpath("//a[@data-tei='persName'][@href='persons-stalin.html']")


def test_permalink_and_cite_line_per_paragraph(site):
    doc = page(site, "fx-book-ch01.html")
    par = doc.get_element_by_id("fx-book-ch01-p1").getparent()
    assert par.xpath(".//a[@class='tk-permalink']/@href") == ["#fx-book-ch01-p1"]
    cite = text_of(par.xpath(".//span[@class='tk-cite-text']")[0])
    assert cite == ("Render fixture, “A book with chapters and end notes”, Chapter One, ¶ 2, "
                    "in Test edition (2026), fx-book-ch01.html#fx-book-ch01-p1")


# ---------------------------------------------------------------- safety

def test_hostile_input_stays_text(site):
    raw = (site / "fx-unsafe.html").read_text(encoding="utf-8")
    doc = lhtml.fromstring(raw.encode())
    assert len(doc.xpath("//script")) == 1  # only assets/teikit.js
    for attr in ("href", "src"):
        for v in doc.xpath(f"//@{attr}"):
            assert not re.match(r"\s*(javascript|data|vbscript):", v, re.I), v
    assert not doc.xpath("//img[@onerror] | //*[@onmouseover] | //b")
    assert "<script>alert(\"x\")</script>" in text_of(doc)
    assert "Hostile input <script>alert(1)</script>" in text_of(doc.xpath("//h1")[0])
    assert doc.xpath("//a[@href='https://example.org/?q=%22%3E%3Cb%3E'] | //a[@href='https://example.org/?q=\"><b>']")
    assert [i.get("src") for i in doc.xpath("//img")] == ["https://example.org/img.png"]
    assert text_of(doc.xpath("//*[@data-tei='ref'][not(@href)]")[0]) == "script link"


# ---------------------------------------------------------------- search

def test_search_records_and_page(site):
    js = (site / "search" / "fx-interventions.js").read_text(encoding="utf-8")
    assert js.startswith("(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push(")
    assert "In 1928 the plenum met" in js
    s = page(site, "search.html")
    srcs = s.xpath("//script/@src")
    assert srcs[-1] == "search/fx-unsafe.js" or "assets/search.js" in srcs
    assert "search/fx-book.js" in srcs and "assets/search.js" in srcs
    unsafe = (site / "search" / "fx-unsafe.js").read_text(encoding="utf-8")
    assert "</script>" not in unsafe  # the solidus is escaped in the JSON


# ---------------------------------------------------------------- determinism, errors, CLI

def test_output_is_deterministic(tmp_path):
    files = sorted(FIXTURES.glob("*.xml"))
    a, b = build(tmp_path / "a", files), build(tmp_path / "b", files)
    fa = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert fa == fb
    for rel in fa:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
        if rel.suffix in (".html", ".js"):
            assert str(tmp_path) not in (a / rel).read_text(encoding="utf-8")


def test_not_tei_is_an_input_error(tmp_path):
    bad = tmp_path / "x.xml"
    bad.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InputError) as e:
        html.FORMAT.render_document(bad, tmp_path / "out", {})
    assert e.value.diagnostics[0].code == "HTML001"
    assert not (tmp_path / "out" / "x.html").exists()


def test_malformed_input_is_an_input_error_and_nothing_is_written(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InputError) as e:
        html.FORMAT.render_document(bad, out, {})
    assert e.value.diagnostics[0].code == "XML001" and e.value.diagnostics[0].line == 1
    assert not out.exists() or not any(out.rglob("*.html"))


def test_module_cli(tmp_path):
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "toolkit.formats.html", str(FIXTURES / "choice.xml"), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert (out / "fx-choice.html").is_file() and (out / "index.html").is_file()
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "toolkit.formats.html", str(bad), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1 and "XML001" in r.stderr and "Traceback" not in r.stderr


def test_site_without_search_index_has_no_dangling_scripts(tmp_path):
    files = [FIXTURES / "choice.xml"]
    out = tmp_path / "site"
    for f in files:
        html.FORMAT.render_document(f, out, {"search": False})
    html.FORMAT.render_edition(files, out, {"search": False})
    assert not (out / "search").exists()
    s = page(out, "search.html")
    assert s.xpath("//script/@src") == ["assets/teikit.js"]
    assert "built without its search index" in text_of(s)


def test_page_names_never_clash_with_site_pages(tmp_path):
    src = tmp_path / "index.xml"
    src.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="index"><teiHeader><fileDesc><titleStmt>
      <title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
      </teiHeader><text><body><div type="chapter" xml:id="search"><head>A</head><p>a</p></div>
      <div type="chapter" xml:id="ch2"><head>B</head><p>b</p></div></body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    written = {p.name for p in html.FORMAT.render_document(src, out, {})}
    assert {"doc-index.html", "index-search.html", "index-ch2.html"} <= written
    assert "index.html" not in written and "search.html" not in written


def test_options_as_written_in_edition_toml(tmp_path):
    out = tmp_path / "site"
    html.FORMAT.render_document(FIXTURES / "book.xml", out, {"base-url": "https://example.org/ed/",
                                                             "split-chapters": False, "title": "T"})
    doc = page(out, "fx-book.html")
    assert not (out / "fx-book-ch01.html").exists()
    cite = text_of(doc.xpath("//span[@class='tk-cite-text']")[0])
    assert cite.endswith("https://example.org/ed/fx-book.html#fx-book-fw-p1")


def test_blocks_inside_a_paragraph_keep_the_html_valid(tmp_path):
    src = tmp_path / "blk.xml"
    src.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="blk"><teiHeader><fileDesc><titleStmt>
      <title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>
      </teiHeader><text><body><p xml:id="blk-p1">He listed:<list><item>one</item><item>two</item></list>and
      quoted <quote><p>a block</p></quote> then <figure><graphic url="a.png"/></figure>.</p>
      <p xml:id="blk-p2">Plain <persName ref="persons.xml#x"><ref target="https://example.org/">link</ref></persName>.</p>
      </body></text></TEI>""", encoding="utf-8")
    out = tmp_path / "out"
    html.FORMAT.render_document(src, out, {})
    raw = (out / "blk.html").read_text(encoding="utf-8")
    doc = page(out, "blk.html")
    p1 = doc.get_element_by_id("blk-p1")
    assert p1.tag == "div" and p1.get("data-tei") == "p"
    assert p1.xpath("./ul/li") and p1.xpath("./blockquote") and p1.xpath("./figure")
    # no link inside a link
    assert not doc.xpath("//a//a") and "<a" not in raw.split('id="blk-p2"')[1].split("</p>")[0].split(
        'class="tk-person"')[1]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
         "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p",
         "section", "table", "ul"}
INTERACTIVE = {"a", "button", "select", "input", "textarea"}


def nesting_errors(raw: str) -> list[str]:
    """Content-model errors a browser would silently repair: blocks inside p, interactive
    inside interactive, unbalanced tags. (lxml.html repairs them too, so parse by hand.)"""
    from html.parser import HTMLParser

    errors: list[str] = []
    stack: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in BLOCK and "p" in stack:
                errors.append(f"<{tag}> inside <p> at line {self.getpos()[0]}")
            if tag in INTERACTIVE and any(t in INTERACTIVE for t in stack):
                errors.append(f"<{tag}> inside interactive content at line {self.getpos()[0]}")
            if tag not in VOID:
                stack.append(tag)

        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if not stack or stack[-1] != tag:
                errors.append(f"</{tag}> does not close <{stack[-1] if stack else '-'}> at line {self.getpos()[0]}")
                if tag in stack:
                    while stack.pop() != tag:
                        pass
                return
            stack.pop()

    P(convert_charrefs=True).feed(raw)
    if stack:
        errors.append(f"unclosed: {stack}")
    return errors


def test_content_models_are_respected_on_every_page(site):
    for f in all_pages(site):
        assert nesting_errors(f.read_text(encoding="utf-8")) == [], f.name
