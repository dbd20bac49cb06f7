"""Build the HTML site once per test session (render fixtures, plus the edition when present)."""

from __future__ import annotations

from pathlib import Path

from toolkit.formats import html

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "render"


def site_inputs() -> list[Path]:
    """The render fixtures: one phenomenon per file, with their own personography and apparatus."""
    return sorted(FIXTURES.glob("*.xml"))


def edition_inputs() -> list[Path]:
    """The bundled edition's documents with its own personography and apparatus."""
    return sorted((ROOT / "tei").glob("*.xml")) if (ROOT / "tei").is_dir() else []


def build(outdir: Path, files: list[Path] | None = None) -> Path:
    html.build_site(files or site_inputs(), outdir, {"title": "Test edition", "editors": ["A. Editor"],
                                                     "date": "2026", "licence": "CC BY 4.0"})
    return outdir


def build_edition(outdir: Path) -> Path:
    """The bundled edition's site (for tests); skips when tei/ is empty."""
    import pytest

    files = edition_inputs()
    if not files:
        pytest.skip("the edition's tei/ folder is empty")
    return build(outdir, files)
