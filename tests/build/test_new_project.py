"""teikit new: a project that validates and builds out of the box."""

from __future__ import annotations


import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.errors import ToolError
from toolkit.new import new_project


def test_new_project_files(tmp_path):
    files = new_project(tmp_path / "ed", title='Letters "of" 1937', editor="A & B")
    rel = sorted(p.relative_to(tmp_path / "ed").as_posix() for p in files)
    assert rel == [".github/workflows/teikit.yml", ".gitignore", ".pre-commit-config.yaml", "README.md",
                   "edition.toml", "schemas/edition.rng", "schemas/edition.sch", "tei/sample.xml"]
    sample = (tmp_path / "ed" / "tei" / "sample.xml").read_text()
    assert '<?xml-model href="../schemas/edition.rng"' in sample and "../schemas/edition.sch" in sample
    assert "<name>A &amp; B</name>" in sample
    from toolkit import config

    ed = config.load(tmp_path / "ed")
    assert ed.title == 'Letters "of" 1937' and ed.editors == ["A & B"]
    assert [d.id for d in ed.documents] == ["sample"]


def test_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "ed").mkdir()
    (tmp_path / "ed" / "mine.txt").write_text("x")
    with pytest.raises(ToolError, match="not empty"):
        new_project(tmp_path / "ed")
    assert [p.name for p in (tmp_path / "ed").iterdir()] == ["mine.txt"]


def test_new_project_validates_and_builds(tmp_path, monkeypatch):
    runner = CliRunner()
    r = runner.invoke(main, ["new", str(tmp_path / "ed"), "--title", "Test"])
    assert r.exit_code == 0, r.output
    monkeypatch.chdir(tmp_path / "ed")
    r = runner.invoke(main, ["validate"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["build", "-f", "text", "-j", "1"])
    assert r.exit_code == 0, r.output
    txt = (tmp_path / "ed" / "_build" / "text" / "sample.txt").read_text()
    assert "Dear friend, I have read your showing of the matter[1] and I agree with" in txt
    assert "[1] Editors’ note: The matter is not named in either copy." in txt
    dipl = (tmp_path / "ed" / "_build" / "text" / "sample.diplomatic.txt").read_text()
    assert "I hav read your shewing" in dipl
    # a second build is a no-op
    r = runner.invoke(main, ["build", "-f", "text", "-j", "1"])
    assert r.exit_code == 0 and "up to date" in r.output
