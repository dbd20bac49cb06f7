"""teikit build from the command line: exit codes, diagnostics, outputs."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli import main
from tests.build.buildhelpers import tree_bytes, write_edition


def _run(args, **kw):
    return CliRunner().invoke(main, args, **kw)


def test_build_text_edition(tmp_path, monkeypatch):
    write_edition(tmp_path, 2, formats=("text",))
    monkeypatch.chdir(tmp_path)
    r = _run(["build", "--no-validate", "-j", "1", "--width", "40", "--view", "reading"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("built text: 3 units rendered, 0 up to date")
    assert sorted(p.name for p in (tmp_path / "_build" / "text").iterdir()) == ["d0.txt", "d1.txt", "edition.txt"]
    r = _run(["build", "--no-validate", "-j", "1", "--width", "40", "--view", "reading"])
    assert r.exit_code == 0 and r.output.startswith("up to date: text (2 documents)")
    # a changed option re-renders
    r = _run(["build", "--no-validate", "-j", "1", "--width", "60", "--view", "reading"])
    assert "3 units rendered" in r.output


def test_not_well_formed_input_exits_1_with_a_located_diagnostic(tmp_path):
    f = tmp_path / "bad.xml"
    f.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<text><p>x</text></TEI>")
    r = _run(["build", str(f), "-f", "text", "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "bad.xml:2:" in r.stderr and "XML001" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_a_document_saxon_refuses_exits_1_with_a_located_diagnostic(tmp_path, monkeypatch):
    """lxml reads an element with 12,000 attributes; Saxon's parser stops at 10,000.
    That is the document's fault (exit 1, BLD005 where Saxon stopped), not the tool's."""
    attrs = " ".join(f'n{i}="{i}"' for i in range(12000))
    f = tmp_path / "wide.xml"
    f.write_text("<?xml version='1.0'?>\n<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/><text><body>\n"
                 f"<p>fine</p>\n<p {attrs}>x</p></body></text></TEI>\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for fmt in ("html", "text"):
        r = _run(["build", "wide.xml", "--no-validate", "-f", fmt, "-j", "1", "-o", "out"])
        assert r.exit_code == 1, r.output
        m = re.search(r"^wide\.xml:4:(\d+): BLD005 Saxon's XML parser refuses this document \(.*10,000.*\)",
                      r.stderr, re.M)
        assert m and len("<p>fine</p>") < int(m.group(1)) <= len(f"<p {attrs}>"), r.stderr  # where Saxon stopped
        assert f"the {fmt} output cannot be built" in r.stderr and "Traceback" not in r.output
        assert not list((tmp_path / "out").rglob("*"))  # nothing written, no work folder left


def test_a_file_name_that_is_not_utf8_exits_1(tmp_path):
    """Outputs are named after their sources and linked from one another: a name that
    is not UTF-8 (Linux allows any byte) is named, no traceback, nothing written."""
    import os

    import pytest

    try:
        fd = os.open(os.fsencode(tmp_path) + b"/odd\xffname.xml", os.O_WRONLY | os.O_CREAT)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(fd, b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>x</p></body></text></TEI>")
    os.close(fd)
    r = _run(["build", str(tmp_path), "-f", "text", "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "odd\\xffname.xml: BLD004 the file name is not UTF-8" in r.stderr
    assert not (tmp_path / "out").exists()
    # a folder above the sources, and the output folder
    import shutil

    os.rename(os.fsencode(tmp_path) + b"/odd\xffname.xml", os.fsencode(tmp_path) + b"/fine.xml")
    os.mkdir(os.fsencode(tmp_path) + b"/dir\xffname")
    shutil.move(str(tmp_path / "fine.xml"), os.fsdecode(os.fsencode(tmp_path) + b"/dir\xffname/fine.xml"))
    r = _run(["build", os.fsdecode(os.fsencode(tmp_path) + b"/dir\xffname"), "-f", "text", "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "dir\\xffname: BLD004 the path of the sources is not UTF-8" in r.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_edition_stops_before_building(tmp_path, monkeypatch):
    rng = (ROOT / "schemas" / "edition.rng").as_posix()
    write_edition(tmp_path, 2, formats=("text",), extra=f'\n[schema]\nrng = "{rng}"\n')
    (tmp_path / "tei" / "d1.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<text></TEI>")
    monkeypatch.chdir(tmp_path)
    r = _run(["build", "-j", "1", "--diagnostics", "json"])
    assert r.exit_code == 1
    doc = json.loads(r.stderr.split("\nteikit:")[0])
    assert doc["summary"]["errors"] >= 1
    assert not (tmp_path / "_build" / "text").exists()
    (tmp_path / "tei" / "d1.xml").write_text((tmp_path / "tei" / "d0.xml").read_text())
    r = _run(["build", "-j", "1", "--no-validate", "-q"])
    assert r.exit_code == 0 and r.output == ""


def test_unknown_format_exits_2(tmp_path):
    f = tmp_path / "a.xml"
    f.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>x</p></body></text></TEI>")
    r = _run(["build", str(f), "-f", "nope"])
    assert r.exit_code == 2 and "unknown format 'nope'" in r.stderr


def test_warnings_name_unknown_elements(tmp_path):
    f = tmp_path / "a.xml"
    f.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body>\n<p>x <wibble>y</wibble></p>"
                 "</body></text></TEI>")
    r = _run(["build", str(f), "-f", "text", "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 0
    assert ("a.xml:2: BLD001 [warning] element <wibble> (1x) has no specific rendering; rendered generically "
            "by text") in r.stderr
    assert "x y" in (tmp_path / "out" / "text" / "a.txt").read_text()


def test_jobs_1_and_2_give_identical_output(tmp_path):
    write_edition(tmp_path, 6, formats=("text",))
    for j, out in (("1", "a"), ("2", "b")):
        r = _run(["build", str(tmp_path / "edition.toml"), "--no-validate", "-j", j, "-o", str(tmp_path / out)])
        assert r.exit_code == 0, r.output
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


class _Tty:
    def __init__(self):
        self.out = []

    def isatty(self):
        return True

    def write(self, s):
        self.out.append(s)

    def flush(self):
        pass


def test_progress_bar_only_on_a_terminal_and_never_in_ci(monkeypatch):
    from toolkit.cli.build import Progress

    tty = _Tty()
    monkeypatch.delenv("CI", raising=False)
    assert Progress.wanted(False, tty) is True
    assert Progress.wanted(True, tty) is False  # --quiet
    monkeypatch.setenv("CI", "true")
    assert Progress.wanted(False, tty) is False
    import io

    monkeypatch.delenv("CI")
    assert Progress.wanted(False, io.StringIO()) is False
    bar = Progress(True, tty)
    bar(1, 4, "text:document:tei/a.xml")
    bar.close()
    assert tty.out[0].startswith("\r[#######---------------------] 1/4 text:document:tei/a.xml")
    assert tty.out[-1].startswith("\r ") and tty.out[-1].endswith("\r")
