"""Fixtures of the print tests: documents rendered once per session and engine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_or_skip
from toolkit import pdf
from toolkit.formats.print import FORMAT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
RENDER = ROOT / "tests" / "fixtures" / "render"


def need_latex() -> None:
    require_or_skip(pdf.latex_available(), "xelatex/lualatex with reledmac is not installed")


def need_poppler() -> None:
    require_or_skip(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils) is not installed")


def pdftext(path: Path, *, layout: bool = False, first: int | None = None, last: int | None = None) -> str:
    need_poppler()
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    cmd += [str(path), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def print_out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("print")


def _render(out: Path, doc: Path, engine: str, **options):
    folder = out / f"{doc.stem}-{engine}-{'-'.join(f'{k}{v}' for k, v in sorted(options.items()))}"
    return FORMAT.render(doc, folder, {"pdf-engine": engine, **options})


@pytest.fixture(scope="session")
def book_typst(print_out):
    return _render(print_out, FIXTURES / "book.xml", "typst")


@pytest.fixture(scope="session")
def book_latex(print_out):
    need_latex()
    return _render(print_out, FIXTURES / "book.xml", "latex", **{"line-number-step": 1})


@pytest.fixture(scope="session")
def render_options():
    return _render
