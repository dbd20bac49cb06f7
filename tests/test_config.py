"""edition.toml: a mistake in it is named (file, table, key, what was expected), never a
traceback or a silently wrong value (``editors = "Jane"`` is not four editors)."""

from __future__ import annotations

import pytest

from tests.validate.helpers import run
from toolkit import config
from toolkit.errors import ToolError


@pytest.mark.parametrize("text,words", [
    ('[edition]\ntitle = 5\n', "[edition] title must be a string, not 5"),
    ('[edition]\ntitle = "t"\neditors = "Jane"\n', "[edition] editors must be an array of strings, not 'Jane'"),
    ('[edition]\ntitle = "t"\n[[documents]]\nid = "a"\nfile = 5\n',
     "[[documents]] entry 1: file must be a string, not 5"),
    ('[edition]\ntitle = "t"\n[schema]\nrng = ["a.rng"]\n', "[schema] rng must be a string, not ['a.rng']"),
    ('[edition]\ntitle = "t"\n[authority]\nfiles = "persons.xml"\n',
     "[authority] files must be an array of strings, not 'persons.xml'"),
    ('documents = "a.xml"\n[edition]\ntitle = "t"\n', "documents must be an array of tables"),
    ('schema = "edition.rng"\n[edition]\ntitle = "t"\n', "schema must be a table, not 'edition.rng'"),
    ('[edition\n', "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 9)"),
])
def test_mistakes_are_named(tmp_path, text, words):
    (tmp_path / "edition.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ToolError) as exc:
        config.load(tmp_path)
    assert str(exc.value).startswith(str(tmp_path / "edition.toml") + ": ")
    assert words in str(exc.value)


def test_not_utf8(tmp_path):
    (tmp_path / "edition.toml").write_bytes('[edition]\ntitle = "Édition"\n'.encode("latin-1"))
    with pytest.raises(ToolError, match=r"not UTF-8 \(byte 19\)"):
        config.load(tmp_path)


def test_a_date_may_be_a_number(tmp_path):
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "t"\ndate = 2026\neditors = ["A", "B"]\n')
    ed = config.load(tmp_path)
    assert (ed.date, ed.editors) == ("2026", ["A", "B"])


def test_validate_an_edition_without_documents(tmp_path, monkeypatch):
    """Nothing to validate is a failure (exit 2), not '0 files checked: valid'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "t"\n')
    r = run()
    assert (r.exit_code, r.output) == (
        2, "teikit: edition.toml: lists no documents ([[documents]]) and no authority files to validate\n")
