"""The plaintext edition: goldens on the render fixtures, and each option."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT
from toolkit.errors import ToolError
from toolkit.formats import text as T

FIXTURES = ROOT / "tests" / "fixtures" / "render"
GOLDENS = Path(__file__).parent / "goldens"
DOCS = sorted(p for p in FIXTURES.glob("*.xml"))
GOLDEN_OPTIONS = {"width": 72, "notes": "endnotes", "page-markers": True, "view": "both"}
RESIDUE = ("<", "](#)", "^{", "\\", "#[", "&lt;", "&amp;", "tkp:", "xmlns")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_goldens(doc, tmp_path, update_goldens):
    written = T.FORMAT.render_document(doc, tmp_path, dict(GOLDEN_OPTIONS))
    assert [p.name for p in written] == [doc.stem + ".txt", doc.stem + ".diplomatic.txt"]
    for p in written:
        golden = GOLDENS / p.name
        if update_goldens:
            GOLDENS.mkdir(exist_ok=True)
            golden.write_bytes(p.read_bytes())
        assert p.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), p.name


def _body_words(out: str) -> str:
    """The running text of an output: title, rules and layout marks removed."""
    lines = out.splitlines()[2:]
    lines = [ln for ln in lines if not re.fullmatch(r"[=-]+", ln)]
    s = " ".join(lines)
    s = re.sub(r"\[Figure(?:: ([^\]]*))?\]", lambda m: m.group(1) or "", s)
    s = s.replace(" —", "")
    return " ".join(s.split())


@pytest.mark.parametrize("view", ["reading", "diplomatic"])
def test_same_reading_as_the_shared_layer(view):
    """A reading never differs between outputs: the text equals tk:plain's reading."""
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    for name, exp in expected.items():
        out = T.render_text(FIXTURES / name, view, {"notes": "none", "width": 1000})
        assert _body_words(out) == exp[view], name


def _render(name, view="reading", **opts):
    return T.render_text(FIXTURES / name, view, opts)


def test_reading_text_shows_corrections_and_diplomatic_shows_the_source():
    assert "Letter of V.I. Lenin, shown to the Central Committee." in _render("choice.xml")
    assert "Letter of V.l. Lenin, shewn to the C.C.." in _render("choice.xml", "diplomatic")


def test_words_joined_across_line_breaks_and_source_lines_kept_in_diplomatic():
    assert "The revolutionary All-Russian congress opened on time." in _render("lines.xml")
    dipl = _render("lines.xml", "diplomatic").splitlines()
    assert dipl[6:10] == ["The revolu-", "tionary All-", "Russian", "congress"]
    assert "TRIUMPH AND TRAGEDY" in dipl  # running head shown only in the diplomatic text
    assert "TRIUMPH" not in _render("lines.xml")


def test_page_markers_are_optional():
    assert "congress [p. 60] opened" in _render("lines.xml", **{"page-markers": True})
    assert "[p." not in _render("lines.xml")


def test_notes_as_numbered_endnotes_per_chapter_or_dropped():
    out = _render("book.xml")
    ch1 = out.index("Chapter One")
    ch2 = out.index("Chapter Two")
    assert "Stalin spoke[1] and Bukharin answered[2]" in out
    assert out.index("[1] Author's end note one.") < ch2 < out.index("[1] First note of chapter two.")
    assert ch1 < out.index("[2] Editors’ note: Editors' end note two.") < ch2
    assert "[*] Translator’s note: Translator's foot note." in out
    # the inline interpolation is source text and stays
    assert "“we shall see – V. R.”" in out
    none = _render("book.xml", notes="none")
    assert "[1]" not in none and "end note one" not in none and "\nNotes\n" not in none
    assert "“we shall see – V. R.”" in none


def test_apparatus_lemma_or_a_chosen_witness():
    assert "Bukharin was removed from the Politburo in November." in _render("apparatus.xml")
    assert "Bukharin was dismissed from the Politburo in November." in _render("apparatus.xml", witness="W004")
    # W000 omits "in November" (an empty reading)
    assert "Bukharin was expelled from the Politburo ." in _render("apparatus.xml", witness="#W000")


def test_unknown_witness_is_a_tool_error(tmp_path):
    with pytest.raises(ToolError, match="witness 'W999' is not among"):
        T.FORMAT.render_document(FIXTURES / "apparatus.xml", tmp_path, {"witness": "W999"})


@pytest.mark.parametrize("width", [20, 40, 72, 100])
def test_wrapped_at_width_without_breaking_words(width):
    out = _render("book.xml", width=width) + _render("blocks.xml", width=width)
    words_in = set(_render("book.xml", width=1000).split()) | set(_render("blocks.xml", width=1000).split())
    for line in out.splitlines():
        assert len(line) <= width or " " not in line.strip(), line
    def words(s):
        return {w for w in s.split() if not re.fullmatch(r"[=-]+", w)}

    assert words(out) == words(" ".join(words_in))  # no word split, no hyphen added


def test_nfc_and_no_markup_residue(tmp_path):
    doc = tmp_path / "nfd.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "</fileDesc></teiHeader><text><body><p>Cafe\u0301 Ky\u0308\u0306rbo</p></body></text></TEI>",
        encoding="utf-8")
    out = T.render_text(doc, "reading", {})
    assert "Café" in out and unicodedata.is_normalized("NFC", out)
    for p in DOCS:
        if p.name == "unsafe.xml":
            continue
        for view in T.VIEWS:
            s = T.render_text(p, view, {"page-markers": True})
            assert unicodedata.is_normalized("NFC", s)
            for bad in RESIDUE:
                assert bad not in s, (p.name, view, bad)


def test_hostile_text_is_printed_as_text():
    out = _render("unsafe.xml")
    assert '<script>alert("x")</script>' in out  # the source's words, verbatim
    assert "javascript:" not in out


def test_generic_rendering_of_unknown_elements(tmp_path):
    doc = tmp_path / "odd.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "</fileDesc></teiHeader><text><body><wibble><p>Inside a block.</p></wibble>"
        "<p>An <frob>odd</frob> word.</p></body></text></TEI>", encoding="utf-8")
    out = T.render_text(doc, "reading", {})
    assert "Inside a block.\n\nAn odd word." in out


@pytest.mark.parametrize("opts,msg", [({"view": "x"}, "view"), ({"notes": "foot"}, "notes"),
                                      ({"width": 5}, "width"), ({"page-markers": "yes"}, "page-markers")])
def test_bad_options_are_tool_errors(opts, msg):
    with pytest.raises(ToolError, match=msg):
        T.check_options(opts)


def test_edition_file_concatenates_documents(tmp_path):
    docs = [FIXTURES / "choice.xml", FIXTURES / "lines.xml"]
    for d in docs:
        T.FORMAT.render_document(d, tmp_path, {})
    (out,) = T.FORMAT.render_edition(docs, tmp_path, {"title": "Ed", "editors": ["A"]})
    s = out.read_text(encoding="utf-8")
    assert s.startswith("==\nEd\nEdited by A\n") or s.startswith("===========\nEd\nEdited by A\n")
    assert s.index("Choice:") < s.index("Lines, pages")
    assert T.FORMAT.render_edition(docs, tmp_path, {}) == []


def test_stylesheet_params_are_declared_once_and_match_python():
    from lxml import etree

    xsl = "{http://www.w3.org/1999/XSL/Transform}"
    names = []
    for f in T.FORMAT.stylesheets():
        if "/text/" in f.as_posix():
            for p in etree.parse(str(f)).getroot().findall(f"{xsl}param"):
                assert p.get("as"), p.get("name")
                names.append(p.get("name"))
    assert sorted(names) == sorted(["view", "witness", "notes", "page-markers"])
    assert len(names) == len(set(names))
