"""The print edition: sources, PDFs of both engines, apparatus keyed to lines."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import require_or_skip
from tests.print.conftest import FIXTURES, RENDER, need_latex, pdftext
from toolkit import pdf, resources
from toolkit.errors import InputError, ToolError
from toolkit.formats import get as get_format
from toolkit.formats import print as printfmt
from toolkit.formats.print import FORMAT

XSL = "{http://www.w3.org/1999/XSL/Transform}"


# ------------------------------------------------------------------ contract, params


def test_registered_as_print_format():
    assert get_format("print") is FORMAT
    names = {p.name for p in FORMAT.stylesheets()}
    assert {"latex.xsl", "print-shared.xsl", "typst.xsl", "common.xsl"} <= names


@pytest.mark.parametrize("entry, declared", [("latex/latex.xsl", printfmt.LATEX_PARAMS),
                                             ("typst/typst.xsl", printfmt.TYPST_PARAMS)])
def test_stylesheet_params_match_python(entry, declared):
    root = etree.parse(str(resources.xslt(entry))).getroot()
    params = {p.get("name"): p.get("as") for p in root.findall(f"{XSL}param")}
    types = {str: "xs:string", int: "xs:integer", bool: "xs:boolean"}
    assert params == {k: types[t] for k, t in declared.items()}


def test_bad_options_are_tool_errors(tmp_path):
    with pytest.raises(ToolError, match="notes-as"):
        FORMAT.render(FIXTURES / "book.xml", tmp_path, {"notes-as": "sidenotes", "pdf-engine": "none"})
    with pytest.raises(ToolError, match="pdf-engine"):
        FORMAT.render(FIXTURES / "book.xml", tmp_path, {"pdf-engine": "word"})
    with pytest.raises(ToolError, match="line-number-step"):
        FORMAT.render(FIXTURES / "book.xml", tmp_path, {"pdf-engine": "none", "line-number-step": "x"})


def test_malformed_input_exit_1_with_location(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><p>open</text></TEI>', encoding="utf-8")
    with pytest.raises(InputError):
        FORMAT.render(bad, tmp_path / "out", {"pdf-engine": "none"})
    assert printfmt.main([str(bad), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert re.search(r"bad\.xml:1:\d+: XML001", err)
    assert not (tmp_path / "out" / "bad.tex").exists()


def test_latex_missing_is_a_clear_tool_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(ToolError, match="not installed.*--pdf-engine typst"):
        FORMAT.render(FIXTURES / "book.xml", tmp_path, {"pdf-engine": "latex"})
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    assert printfmt.main([str(FIXTURES / "book.xml"), "-o", str(tmp_path), "--pdf-engine", "latex"]) == 2
    assert "apt-get install texlive-xetex texlive-humanities" in capsys.readouterr().err


# ------------------------------------------------------------------ sources


def test_sources_are_deterministic():
    a = FORMAT.sources(FIXTURES / "book.xml", {})
    b = FORMAT.sources(FIXTURES / "book.xml", {})
    assert a == b
    tex, typ = a
    for src in (tex, typ):
        # no machine paths: neither the repository's location nor the fixtures' folder
        assert str(Path(__file__).resolve().parents[2]) not in src and str(FIXTURES) not in src


def test_latex_source_structure():
    tex, _ = FORMAT.sources(FIXTURES / "book.xml", {})
    assert "\\usepackage[series={A,B},noeledsec]{reledmac}" in tex
    assert tex.count("\\beginnumbering") == tex.count("\\endnumbering") == 2
    assert tex.count("\\pstart") == tex.count("\\pend") == 9
    # emendation in series B, variant in series A, long lemma abbreviated
    assert "\\edtext{Politburo}{\\lemma{Politburo}\\Bfootnote{Politbureau \\tksource{pf} (ocr)}}" in tex
    assert "\\edtext{suppressed}{\\lemma{suppressed \\tksource{WA}}\\Afootnote{hidden \\tksource{WB}}}" in tex
    assert "\\lemma{the … here \\tksource{WA}}" in tex
    # notes: the end note at its call as a footnote with its own number, the foot note too
    assert "\\footnoteA[{1}]{Endnote one of chapter one" in tex
    assert "\\footnoteA[{2}]{Translator: the original says \\tkinnote{Zinovievite}{{Zinovievist \\tksource{pf}}}.}" in tex
    assert "\\index[persons]{stalin, joseph@Stalin, Joseph}" in tex


def test_notes_as_endnotes_keeps_the_chapter_lists():
    tex, typ = FORMAT.sources(FIXTURES / "book.xml", {"notes-as": "endnotes"})
    assert "\\textsuperscript{1}" in tex and "\\tkendnote{1}{Endnote one of chapter one" in tex
    assert "\\section[Notes]{Notes}" in tex
    assert "#tk-endnote(\"1\")[Endnote one of chapter one" in typ
    # the foot note stays a footnote
    assert "\\footnoteA[{2}]{Translator" in tex


# ------------------------------------------------------------------ Typst


def test_typst_book(book_typst):
    r = book_typst
    assert r.compiled.engine == "typst" and r.compiled.pages >= 4
    text = pdftext(r.pdf)
    # note texts
    assert "Endnote one of chapter one, about the suppressed letter." in text
    assert "Translator: the original says Zinovievite" in text
    assert "Zinovievite] Zinovievist pf" in text  # an emendation inside a note: a note of the note
    # apparatus: lettered series, variants and emendations, long lemma abbreviated
    flat = re.sub(r"\s+", " ", text)
    for entry in ("Politburo] Politbureau pf (ocr)", "suppressed WA] hidden WB",
                  "the … here WA] a shorter passage WB", "[…]] 4 characters lost",
                  "Trotsky] Trotskiy pf", "om.] {[ edit ]} pf", "Zinoviev WA] Kamenev WB"):
        assert entry in flat, entry
    assert re.search(r"\ba\s*Politburo\] Politbureau", text)
    # running head (document title on even pages), contents, index with page numbers
    assert "Print fixture: a short book with an apparatus" in pdftext(r.pdf, first=4, last=4)
    assert "Contents" in text
    assert re.search(r"Stalin, Joseph, \d", text) and re.search(r"Bukharin, Nikolai, \d", text)
    assert "Бухарин" in text


def test_typst_needs_no_system_fonts(book_typst, tmp_path):
    out = pdf.compile_typst(book_typst.typ, tmp_path / "embedded.pdf", system_fonts=False)
    data = out.pdf.read_bytes()
    assert b"Libertinus" in data and b"LinLibertine" not in data
    assert "Бухарин" in pdftext(out.pdf)


def test_typst_pdf_is_reproducible(book_typst, tmp_path):
    again = pdf.compile_typst(book_typst.typ, tmp_path / "again.pdf")
    assert hashlib.sha256(again.pdf.read_bytes()).digest() == hashlib.sha256(book_typst.pdf.read_bytes()).digest()


# ------------------------------------------------------------------ LaTeX


_TEXT_LINE = (re.compile(r"^\s*(\d+)\s{2,}(\S.*)$"), re.compile(r"^(.*\S)\s{2,}(\d+)\s*$"))


def _numbered_lines(page: str) -> tuple[dict[int, str], list[str]]:
    """The line-numbered text of a page (number -> text) and the lines after it."""
    lines = page.splitlines()
    numbered: dict[int, str] = {}
    end = 0
    for i, line in enumerate(lines):
        for rx in _TEXT_LINE:
            m = rx.match(line)
            if m:
                n, txt = (int(m.group(1)), m.group(2)) if rx is _TEXT_LINE[0] else (int(m.group(2)), m.group(1))
                if n == len(numbered) + 1:
                    numbered[n] = txt
                    end = i
                break
    return numbered, lines[end + 1:]


def _entries(rest: list[str]) -> list[tuple[int, str]]:
    """(line number, lemma) of the apparatus entries below the text ("12 lemma] reading",
    "| lemma] reading" for a second entry of the same line)."""
    found = []
    for line in rest:
        current = None
        for m in re.finditer(r"(?:^|(?<=\s))(\d+|\|)(?:[–-]\d+)?\s+(\S(?:\S| (?! ))*?)\](?=\s)", line.strip()):
            current = int(m.group(1)) if m.group(1) != "|" else current
            if current is not None:
                found.append((current, m.group(2)))
    return found


def test_latex_book_apparatus_cites_the_right_lines(book_latex):
    r = book_latex
    assert r.compiled.pages >= 4 and 2 <= r.compiled.runs <= pdf.MAX_LATEX_RUNS
    pages = pdftext(r.pdf, layout=True).split("\f")
    expected = {"Politburo": "Politburo", "V.I.": "V.I.", "suppressed WA": "suppressed",
                "Trotsky": "Trotsky", "Zinoviev WA": "Zinoviev", "[…]": "[…]", "om.": "footnote"}
    checked = set()
    for page in pages:
        numbered, rest = _numbered_lines(page)
        for n, lemma in _entries(rest):
            if lemma in expected:
                assert n in numbered, (lemma, n, numbered)
                assert expected[lemma] in numbered[n], (lemma, n, numbered[n])
                checked.add(lemma)
    assert checked == set(expected)


def test_latex_book_notes_index_heads(book_latex):
    text = pdftext(book_latex.pdf)
    assert "Endnote one of chapter one, about the suppressed letter." in text
    assert re.search(r"Translator: the original says Zinovievite ‹Zinovievist pf\s?›\.", text)
    assert "the … here WA] a shorter passage WB" in re.sub(r"\s+", " ", text)
    assert re.search(r"Stalin, Joseph, \d", text) and re.search(r"Bukharin, Nikolai, \d", text)
    assert "Бухарин" in text
    assert "Print fixture: a short book with an apparatus" in pdftext(book_latex.pdf, first=4, last=4)


def test_latex_pdf_is_reproducible(book_latex, tmp_path):
    again = pdf.compile_latex(book_latex.tex, tmp_path / "again.pdf")
    assert again.pdf.read_bytes() == book_latex.pdf.read_bytes()


# ------------------------------------------------------------------ parallel passages


@pytest.mark.parametrize("engine", ["typst", "latex"])
def test_parallel_passages(engine, print_out, render_options):
    if engine == "latex":
        need_latex()
    r = render_options(print_out, RENDER / "parallels.xml", engine)
    flat = re.sub(r"\s+", " ", pdftext(r.pdf))
    assert "In 1929 Bukharin was removed from the Politburo." in flat
    assert "In … Politburo. WA] In November 1929 Bukharin was expelled from the Politburo. WB" in flat


# ------------------------------------------------------------------ a page of each, as PNG


@pytest.mark.parametrize("engine", ["typst", "latex"])
def test_page_rendered_as_png(engine, request, artifacts):
    require_or_skip(bool(shutil.which("pdftoppm")), "pdftoppm (poppler-utils) is not installed")
    r = request.getfixturevalue(f"book_{engine}")
    # the first page of the first chapter: text, notes and apparatus
    page = next(i for i, p in enumerate(pdftext(r.pdf).split("\f"), 1) if "Politbureau" in p)
    target = artifacts / f"print-{engine}-page{page}"
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "110", "-png", "-singlefile",
                    str(r.pdf), str(target)], check=True)
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
