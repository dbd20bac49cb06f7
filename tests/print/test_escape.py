"""No source text is ever executed as LaTeX or Typst code.

Every string of ``fixtures/hostile.json`` (TeX and Typst syntax: commands, braces,
math, comments, line-start markup, string escapes) stands in its own paragraph of
``fixtures/hostile.xml``; both PDFs must print each of them exactly as written.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.print.conftest import FIXTURES, need_latex, pdftext
from functools import lru_cache

from toolkit import resources, saxon

HOSTILE = json.loads((FIXTURES / "hostile.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _exe(function: str, entry: str):
    xsl = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:tk="https://teikit.org/ns" xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xsl:import href="{resources.xslt(entry).as_uri()}"/>
      <xsl:param name="s" as="xs:string"/>
      <xsl:template name="main"><xsl:value-of select="{function}($s)"/></xsl:template>
    </xsl:stylesheet>"""
    return saxon.compile_stylesheet_text(xsl)


def _call(function: str, text: str, entry: str) -> str:
    """Call an escaping function of a stylesheet on one string."""
    exe = _exe(function, entry).clone()
    exe.set_parameter("s", saxon.value(text))
    return exe.call_template_returning_string("main")


@pytest.mark.parametrize("s", HOSTILE)
def test_latex_escape_leaves_no_special_unescaped(s):
    out = _call("tk:latex-escape", s, "latex/latex.xsl")
    # remove every escape the function may produce; nothing special may remain
    rest = re.sub(r"\\(textbackslash|textasciicircum|textasciitilde|kern0pt)\{\}|\\[{}$&#_%]", "", out)
    assert not re.search(r"[\\{}$&#^_%~]", rest), out


@pytest.mark.parametrize("s", HOSTILE)
def test_typst_escape_escapes_every_punctuation_character(s):
    out = _call("tk:typst-escape", s, "typst/typst.xsl")
    # every ASCII punctuation character is preceded by a backslash
    unescaped = re.sub(r"\\[!-/:-@\[-`{-~]", "", out)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped), out


def test_typst_string_literal_is_closed():
    out = _call("tk:typst-string", 'a "quoted" \\ back', "typst/typst.xsl")
    assert out == '"a \\"quoted\\" \\\\ back"'


def test_control_characters_are_dropped():
    assert _call("tk:latex-escape", "a\u0007b\u001bc", "latex/latex.xsl") == "abc"
    assert _call("tk:typst-escape", "a\u0007b", "typst/typst.xsl") == "ab"


def _lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", ln).strip() for ln in text.splitlines()]


def _assert_printed(pdf_path, engine):
    lines = _lines(pdftext(pdf_path, layout=True))
    missing = [s for s in HOSTILE if not any(s in ln for ln in lines)]
    assert not missing, f"{engine}: not printed verbatim: {missing}"
    whole = " ".join(lines)
    assert "Note with \\footnote{x} #footnote[y] and ] and $ and }" in whole
    assert "Head with \\section{x} and #strong[y] and % and ]" in whole


def test_hostile_strings_print_verbatim_typst(print_out, render_options):
    r = render_options(print_out, FIXTURES / "hostile.xml", "typst")
    _assert_printed(r.pdf, "typst")
    src = r.typ.read_text(encoding="utf-8")
    body = src[src.index("#heading(level: 1)"):]
    assert not re.search(r"(?<!\\)#(let|read|import)", body)


def test_hostile_strings_print_verbatim_latex(print_out, render_options):
    need_latex()
    r = render_options(print_out, FIXTURES / "hostile.xml", "latex")
    _assert_printed(r.pdf, "latex")
    body = r.tex.read_text(encoding="utf-8").split("\\mainmatter", 1)[1]
    assert not re.search(r"\\(input|write18|def|verb|catcode)\b", body)
    assert body.count("\\end{document}") == 1
