"""``teikit build -f print``: sources and PDFs of every document, with both engines."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tests.print.conftest import FIXTURES, RENDER, need_latex, pdftext
from toolkit.cli import main

EDITION = """
[edition]
title = "Print test edition"

[[documents]]
id = "pf"
siglum = "PF"
file = "tei/book.xml"

[[documents]]
id = "fx-choice"
siglum = "FC"
file = "tei/choice.xml"

[authority]
files = ["tei/persons.xml", "tei/parallels.xml"]

[outputs]
formats = ["print"]

[outputs.print]
notes-as = "endnotes"
"""


@pytest.fixture
def edition(tmp_path):
    tei = tmp_path / "tei"
    tei.mkdir()
    shutil.copy(FIXTURES / "book.xml", tei / "book.xml")
    shutil.copy(FIXTURES / "persons.xml", tei / "persons.xml")
    shutil.copy(RENDER / "choice.xml", tei / "choice.xml")
    shutil.copy(RENDER / "parallels.xml", tei / "parallels.xml")
    (tmp_path / "edition.toml").write_text(EDITION, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("engine", ["typst", "latex"])
def test_build_writes_sources_and_pdfs(edition, engine, monkeypatch):
    if engine == "latex":
        need_latex()
    monkeypatch.chdir(edition)
    result = CliRunner().invoke(main, ["build", "-f", "print", "--no-validate", "-q", "-o", "out",
                                       "--pdf-engine", engine])
    assert result.exit_code == 0, result.output
    out = edition / "out" / "print"
    for stem in ("book", "choice", "parallels"):
        for suffix in (".tex", ".typ", ".pdf"):
            assert (out / f"{stem}{suffix}").is_file(), f"{stem}{suffix}"
    text = pdftext(out / "book.pdf")
    # edition.toml: end notes as lists per chapter, and the siglum of the document
    assert "Notes" in text and "Endnote one of chapter one" in text
    assert "Politbureau PF" in " ".join(text.split())
    assert "Stalin, Joseph" in text
