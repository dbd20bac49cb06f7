"""Build the HTML site once per test session (render fixtures, plus the edition when present)."""

from __future__ import annotations

from pathlib import Path

from toolkit.formats import html

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "render"


def site_inputs() -> list[Path]:
    files = sorted(FIXTURES.glob("*.xml"))
    edition = sorted((ROOT / "tei").glob("*.xml")) if (ROOT / "tei").is_dir() else []
    if edition:
        # the edition's own personography and apparatus take the authority role
        files = [f for f in files if f.name not in html.AUTHORITY_NAMES] + edition
    return files


def build(outdir: Path, files: list[Path] | None = None) -> Path:
    html.build_site(files or site_inputs(), outdir, {"title": "Test edition", "editors": ["A. Editor"],
                                                     "date": "2026", "licence": "CC BY 4.0"})
    return outdir
