"""Importing an edition marks the apparatus spans its specification lists (when the
collation layer is installed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit import config, importers
from toolkit.errors import InputError

WEB = Path(__file__).resolve().parent / "web"


def _edition(tmp_path: Path, start: str) -> config.Edition:
    (tmp_path / "src").mkdir()
    shutil.copy(WEB / "page.txt", tmp_path / "src" / "page.txt")
    shutil.copy(WEB / "page.toml", tmp_path / "src" / "page.toml")
    (tmp_path / "spec.toml").write_text(f'''
[[witness]]
siglum = "FX"
doc = "fx"
[[witness]]
siglum = "FY"
doc = "fx"
[[passage]]
id = "p1"
kind = "link"
readings = [
  {{ wit = "FX", doc = "fx", start = "{start}", end = "a shock." }},
  {{ wit = "FY", doc = "fx", start = "The two sentences", end = "this letter." }},
]
''', encoding="utf-8")
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "T"\n[apparatus]\nspec = "spec.toml"\n'
        '[[documents]]\nid = "fx"\nfile = "out/page.xml"\nsource = "src/page.txt"\n'
        'metadata = "src/page.toml"\nimporter = "web"\n', encoding="utf-8")
    return config.load(tmp_path)


def test_spans_marked(tmp_path):
    pytest.importorskip("toolkit.spans")
    pytest.importorskip("toolkit.collate.edition")
    [res] = importers.import_edition(_edition(tmp_path, "last letters were"))
    data = res.data.decode()
    assert '<seg type="parallel" xml:id="fx-par-p1-fx">' in data
    assert '<seg type="parallel" xml:id="fx-par-p1-fy">' in data


def test_span_not_found(tmp_path):
    pytest.importorskip("toolkit.spans")
    pytest.importorskip("toolkit.collate.edition")
    with pytest.raises(InputError) as exc:
        importers.import_edition(_edition(tmp_path, "words that are nowhere"))
    assert exc.value.diagnostics[0].code == "IMP009"
    assert not (tmp_path / "out" / "page.xml").exists()


def test_without_a_specification(tmp_path):
    ed = _edition(tmp_path, "last letters were")
    ed.raw.pop("apparatus")
    assert importers.apparatus_spans(ed) is None
    [res] = importers.import_edition(ed)
    assert b'type="parallel"' not in res.data
