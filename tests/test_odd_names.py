"""File names that are not UTF-8 (Linux allows any byte in a name): import and
collate record such a name escaped (\\xff) instead of failing with a traceback
(validate and build have their own tests)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli import main


def _odd(folder, name: bytes, data: bytes) -> str:
    try:
        fd = os.open(os.fsencode(folder) + b"/" + name, os.O_WRONLY | os.O_CREAT)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(fd, data)
    os.close(fd)
    return os.fsdecode(name)


def test_import_records_the_name_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = ROOT / "sources" / "002_022f2b334c4a7759"
    name = _odd(tmp_path, b"s\xffx.txt", src.with_suffix(".txt").read_bytes())
    _odd(tmp_path, b"s\xffx.toml", src.with_suffix(".toml").read_bytes())
    r = CliRunner().invoke(main, ["import", "--family", "web", name, "-o", os.fsdecode(b"o\xffut.xml")])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    out = os.fsencode(tmp_path) + b"/o\xffut.xml"
    with open(out, "rb") as f:
        assert b'<idno type="file">s\\xffx.txt</idno>' in f.read()


def test_collate_records_the_name_escaped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("the cat sat\n")
    name = _odd(tmp_path, b"b\xff.txt", b"the dog sat\n")
    r = CliRunner().invoke(main, ["collate", "a.txt", name, "-o", "app.xml"])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    text = (tmp_path / "app.xml").read_text(encoding="utf-8")
    assert "<title>Collation of a.txt, b\\xff.txt</title>" in text
