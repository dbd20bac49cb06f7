"""``teikit import`` from the command line: refusals, backups, checks, diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

WEB = Path(__file__).resolve().parent / "web"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    for name in ("page.txt", "page.toml", "persons.xml"):
        shutil.copy(WEB / name, tmp_path / name)
    return tmp_path / "page.txt"


def run(*args):
    return CliRunner().invoke(main, ["import", *map(str, args)])


def test_list_families():
    r = run("--list-families")
    assert r.exit_code == 0
    assert any(line.startswith("web\t") for line in r.output.splitlines())


def test_import_refuse_force_and_rotated_backups(page):
    out = page.with_suffix(".xml")
    r = run(page)
    assert r.exit_code == 0, r.output
    assert out.exists() and "5 corr" in r.output
    first = out.read_bytes()

    r = run(page)
    assert r.exit_code == 1
    assert "IMP005" in r.output and out.read_bytes() == first

    r = run(page, "--force")
    assert r.exit_code == 0 and "unchanged" in r.output
    assert not out.with_name("page.xml.bak").exists()

    out.write_bytes(b"<edited/>")  # editorial work on the output
    r = run(page, "--force")
    assert r.exit_code == 0 and "previous file kept as" in r.output
    assert out.with_name("page.xml.bak").read_bytes() == b"<edited/>"
    assert out.read_bytes() == first

    out.write_bytes(b"<edited again/>")
    r = run(page, "--force")
    assert r.exit_code == 0
    assert out.with_name("page.xml.bak").read_bytes() == b"<edited/>"          # never replaced
    assert out.with_name("page.xml.bak.1").read_bytes() == b"<edited again/>"
    assert sorted(p.name for p in page.parent.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_bad_emendation_fails_with_location(page):
    toml = page.with_suffix(".toml")
    toml.write_text(toml.read_text(encoding="utf-8").replace('sic = "riot"', 'sic = "rioot"'), encoding="utf-8")
    line = toml.read_text(encoding="utf-8").splitlines().index("[[emendation]]") + 1
    r = run(page, "-o", page.with_name("out.xml"))
    assert r.exit_code == 1
    assert f"page.toml:{line}:1: IMP001" in r.output and "rioot" in r.output
    assert "IMP011" not in r.output     # the source has no 'rioot': no hint
    assert "Traceback" not in r.output
    assert not page.with_name("out.xml").exists()


def test_json_diagnostics(page):
    toml = page.with_suffix(".toml")
    toml.write_text(toml.read_text(encoding="utf-8").replace("count = 1\ncontext", "count = 2\ncontext"),
                    encoding="utf-8")
    r = run(page, "--format", "json")
    assert r.exit_code == 1
    import json
    doc = json.loads(r.output)
    assert [(d["code"], d["severity"]) for d in doc["diagnostics"]] == [("IMP002", "error"), ("IMP011", "info")]
    hint = doc["diagnostics"][1]
    assert hint["path"].endswith("page.txt") and (hint["line"], hint["col"]) == (9, 90)


def test_check(page):
    out = page.with_suffix(".xml")
    assert run(page, "--check").exit_code == 1          # missing
    assert run(page).exit_code == 0
    r = run(page, "--check")
    assert r.exit_code == 0 and "up to date" in r.output
    out.write_text(out.read_text(encoding="utf-8").replace("shock", "shack"), encoding="utf-8")
    r = run(page, "--check")
    assert r.exit_code == 1 and "IMP008" in r.output


def test_family_required_and_unknown(page):
    toml = page.with_suffix(".toml")
    toml.write_text(toml.read_text(encoding="utf-8").replace('family = "web"\n', ""), encoding="utf-8")
    r = run(page)
    assert r.exit_code == 2 and "no importer family" in r.output
    r = run(page, "--family", "nonsense")
    assert r.exit_code == 2 and "unknown importer family" in r.output
    assert run(page, "--family", "web").exit_code == 0


def test_non_utf8_source(page):
    page.write_bytes(b"title\n\nbad \xe9 byte\n")
    r = run(page)
    assert r.exit_code == 1 and "page.txt:3:5: IMP006" in r.output


def test_whole_edition(tmp_path, page):
    (tmp_path / "sources").mkdir()
    (tmp_path / "tei").mkdir()
    for n in ("a", "b"):
        shutil.copy(page, tmp_path / "sources" / f"{n}.txt")
        text = (page.with_suffix(".toml")).read_text(encoding="utf-8").replace('id = "fx"', f'id = "{n}"')
        (tmp_path / "sources" / f"{n}.toml").write_text(text, encoding="utf-8")
    shutil.copy(page.with_name("persons.xml"), tmp_path / "tei" / "persons.xml")
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "T"\n[authority]\nfiles = ["tei/persons.xml"]\n'
        + "".join(f'[[documents]]\nid = "{n}"\nfile = "tei/{n}.xml"\nsource = "sources/{n}.txt"\n'
                  f'metadata = "sources/{n}.toml"\nimporter = "web"\n' for n in ("a", "b")), encoding="utf-8")
    r = run("--edition", tmp_path)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        "tei/a.xml: web: 5 corr, 3 reg, 1 supplied, 5 gap, 10 persName",
        "tei/b.xml: web: 5 corr, 3 reg, 1 supplied, 5 gap, 10 persName"]
    assert 'ref="persons.xml#stalin"' in (tmp_path / "tei" / "a.xml").read_text(encoding="utf-8")
    r = run("--edition", tmp_path)
    assert r.exit_code == 1 and r.output.count("IMP005") == 2
    # one bad document: nothing is written at all
    bad = tmp_path / "sources" / "b.toml"
    bad.write_text(bad.read_text(encoding="utf-8").replace('sic = "riot"', 'sic = "zzz"'), encoding="utf-8")
    before = (tmp_path / "tei" / "a.xml").read_bytes()
    (tmp_path / "tei" / "a.xml").write_bytes(b"<edited/>")
    r = run("--edition", tmp_path, "--force")
    assert r.exit_code == 1 and "b.toml" in r.output and "IMP001" in r.output
    assert (tmp_path / "tei" / "a.xml").read_bytes() == b"<edited/>"
    assert before
    r = run("--edition", tmp_path, "--only", "a", "--force")
    assert r.exit_code == 0 and (tmp_path / "tei" / "a.xml.bak").read_bytes() == b"<edited/>"


def test_one_source_of_an_edition_uses_its_settings(tmp_path, page, monkeypatch):
    """Importing one source of an edition writes its file, with its personography."""
    (tmp_path / "tei").mkdir()
    shutil.copy(page.with_name("persons.xml"), tmp_path / "tei" / "persons.xml")
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "T"\n[authority]\nfiles = ["tei/persons.xml"]\n'
        '[[documents]]\nid = "fx"\nfile = "tei/fx.xml"\nsource = "page.txt"\nmetadata = "page.toml"\n'
        'importer = "web"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("page.txt")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("tei/fx.xml: web:")
    assert 'ref="persons.xml#stalin"' in (tmp_path / "tei" / "fx.xml").read_text(encoding="utf-8")
    assert run("--check").exit_code == 0
