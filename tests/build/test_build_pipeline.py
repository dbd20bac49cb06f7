"""The build pipeline (toolkit.build) on a small edition rendered by a test format."""

from __future__ import annotations

import json
import os

import pytest

from toolkit import build as lib
from toolkit.errors import InputError, ToolError

from tests.build.buildhelpers import tree_bytes, write_edition


def _build(root, **kw):
    kw.setdefault("validate", False)
    kw.setdefault("jobs", 1)
    return lib.build(root / "edition.toml", **kw)


def test_cold_build_renders_every_unit(tmp_path, fake_format):
    write_edition(tmp_path, 3)
    rep = _build(tmp_path)
    assert sorted(rep.rendered) == ["fake:document:tei/d0.xml", "fake:document:tei/d1.xml",
                                    "fake:document:tei/d2.xml", "fake:edition"]
    out = tmp_path / "_build" / "fake"
    assert (out / "d1.out").read_text() == "D1 CHAPTER TEXT OF DOCUMENT 1.\n"
    assert (out / "index.out").read_text() == "d0\nd1\nd2\n"
    man = json.loads((tmp_path / "_build" / lib.MANIFEST).read_text())
    unit = man["formats"]["fake"]["units"]["fake:document:tei/d1.xml"]
    assert set(unit["files"]) == {"d1.out", "shared.css"}
    # no work folders left behind
    assert sorted(p.name for p in (tmp_path / "_build").iterdir()) == sorted(["fake", lib.MANIFEST])


def test_noop_rebuild_renders_nothing_and_touches_nothing(tmp_path, fake_format):
    write_edition(tmp_path, 3)
    log = tmp_path / "calls.log"
    opts = {"fake": {"log": str(log)}}
    _build(tmp_path, options=opts)
    assert len(log.read_text().splitlines()) == 4
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "_build").rglob("*")}
    rep = _build(tmp_path, options=opts)
    assert rep.noop and rep.rendered == [] and len(rep.skipped) == 4
    assert len(log.read_text().splitlines()) == 4  # the format was not called at all
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "_build").rglob("*")} == stamps


def test_touching_one_document_rerenders_only_its_units(tmp_path, fake_format):
    write_edition(tmp_path, 3)
    _build(tmp_path)
    before = tree_bytes(tmp_path / "_build" / "fake")
    doc = tmp_path / "tei" / "d1.xml"
    doc.write_text(doc.read_text().replace("document 1", "document one"), encoding="utf-8")
    rep = _build(tmp_path)
    assert sorted(rep.rendered) == ["fake:document:tei/d1.xml", "fake:edition"]
    after = tree_bytes(tmp_path / "_build" / "fake")
    assert after["d1.out"] == b"D1 CHAPTER TEXT OF DOCUMENT ONE.\n"
    assert {k: v for k, v in after.items() if k != "d1.out"} == {k: v for k, v in before.items() if k != "d1.out"}


def test_forcing_one_format_keeps_the_others_up_to_date(tmp_path, fake_format):
    write_edition(tmp_path, 2, formats=("fake", "text"))
    _build(tmp_path)
    text_before = tree_bytes(tmp_path / "_build" / "text")
    rep = _build(tmp_path, formats=["fake"], force=True)
    assert sorted(rep.rendered) == ["fake:document:tei/d0.xml", "fake:document:tei/d1.xml", "fake:edition"]
    rep = _build(tmp_path)
    assert rep.noop, rep.rendered
    assert tree_bytes(tmp_path / "_build" / "text") == text_before
    assert len(_build(tmp_path, force=True).rendered) == 6  # --force alone renders every format


def test_mtime_only_change_is_not_a_change(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    _build(tmp_path)
    doc = tmp_path / "tei" / "d0.xml"
    os.utime(doc, (1, 1))
    assert _build(tmp_path).noop


def test_option_change_rerenders(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    _build(tmp_path)
    rep = _build(tmp_path, options={"fake": {"something": 3}})
    assert len(rep.rendered) == 3


def test_deleted_output_file_is_rendered_again(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    _build(tmp_path)
    (tmp_path / "_build" / "fake" / "d0.out").unlink()
    rep = _build(tmp_path)
    assert "fake:document:tei/d0.xml" in rep.rendered and "fake:document:tei/d1.xml" not in rep.rendered
    assert (tmp_path / "_build" / "fake" / "d0.out").is_file()


def test_removed_document_disappears_from_output(tmp_path, fake_format):
    write_edition(tmp_path, 3)
    _build(tmp_path)
    write_edition(tmp_path, 2)  # rewrites edition.toml with two documents (d2.xml stays on disk)
    rep = _build(tmp_path)
    assert "fake:edition" in rep.rendered
    assert not (tmp_path / "_build" / "fake" / "d2.out").exists()
    assert (tmp_path / "_build" / "fake" / "index.out").read_text() == "d0\nd1\n"


@pytest.mark.parametrize("how", ["fail-on", "input-error-on", "interrupt-on"])
def test_failed_or_interrupted_build_leaves_previous_output_intact(tmp_path, fake_format, how):
    write_edition(tmp_path, 3)
    _build(tmp_path)
    before = tree_bytes(tmp_path / "_build")
    for i in range(3):
        doc = tmp_path / "tei" / f"d{i}.xml"
        doc.write_text(doc.read_text().replace("Text", "Changed text"), encoding="utf-8")
    expected = {"fail-on": ToolError, "input-error-on": InputError, "interrupt-on": KeyboardInterrupt}[how]
    with pytest.raises(expected):
        _build(tmp_path, options={"fake": {how: "d2.xml"}})
    assert tree_bytes(tmp_path / "_build") == before
    assert [p.name for p in (tmp_path / "_build").iterdir() if p.name.startswith(".teikit-work")] == []


def test_failure_in_a_worker_process_leaves_output_intact(tmp_path, fake_format):
    write_edition(tmp_path, 4)
    _build(tmp_path)
    before = tree_bytes(tmp_path / "_build")
    for i in range(4):
        doc = tmp_path / "tei" / f"d{i}.xml"
        doc.write_text(doc.read_text().replace("Text", "New"), encoding="utf-8")
    with pytest.raises(ToolError, match="deliberate failure"):
        _build(tmp_path, jobs=2, options={"fake": {"fail-on": "d3.xml"}})
    assert tree_bytes(tmp_path / "_build") == before


def test_two_clean_builds_are_byte_identical_and_jobs_do_not_matter(tmp_path, fake_format):
    write_edition(tmp_path, 5)
    _build(tmp_path, output=tmp_path / "a", force=True)
    _build(tmp_path, output=tmp_path / "b", force=True)
    _build(tmp_path, output=tmp_path / "c", jobs=2, force=True)
    a, b, c = (tree_bytes(tmp_path / x) for x in "abc")
    assert a == b == c
    assert "fake/index.out" in a and lib.MANIFEST in a


def test_manifest_has_no_absolute_paths(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    _build(tmp_path)
    text = (tmp_path / "_build" / lib.MANIFEST).read_text()
    assert str(tmp_path) not in text


def test_same_edition_in_two_folders_builds_identically(tmp_path, fake_format):
    write_edition(tmp_path / "one", 2)
    write_edition(tmp_path / "two", 2)
    lib.build(tmp_path / "one" / "edition.toml", validate=False, jobs=1)
    lib.build(tmp_path / "two" / "edition.toml", validate=False, jobs=1)
    assert tree_bytes(tmp_path / "one" / "_build") == tree_bytes(tmp_path / "two" / "_build")


def test_validation_errors_stop_the_build(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    (tmp_path / "tei" / "d1.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>\n<p>open</text></TEI>")
    with pytest.raises(InputError) as ei:
        lib.build(tmp_path / "edition.toml", validate="wellformed", jobs=1)
    d = ei.value.diagnostics[0]
    assert (d.path, d.line, d.code) == ("tei/d1.xml", 2, "XML001")
    assert not (tmp_path / "_build").exists()


def test_validation_is_cached_until_an_input_changes(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    assert lib.build(tmp_path / "edition.toml", validate="wellformed", jobs=1).validation == "ran"
    assert lib.build(tmp_path / "edition.toml", validate="wellformed", jobs=1).validation == "cached"
    doc = tmp_path / "tei" / "d0.xml"
    doc.write_text(doc.read_text() + "\n", encoding="utf-8")
    assert lib.build(tmp_path / "edition.toml", validate="wellformed", jobs=1).validation == "ran"


def test_unknown_format_is_a_tool_error(tmp_path, fake_format):
    write_edition(tmp_path, 1)
    with pytest.raises(ToolError, match="unknown format 'nope'"):
        _build(tmp_path, formats=["nope"])


def test_progress_callback_counts_units(tmp_path, fake_format):
    write_edition(tmp_path, 3)
    seen = []
    _build(tmp_path, progress=lambda done, total, label: seen.append((done, total)))
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == [1, 2, 3, 4]


def test_unknown_elements_are_reported_once_per_element(tmp_path, fake_format):
    write_edition(tmp_path, 1)
    doc = tmp_path / "tei" / "d0.xml"
    doc.write_text(doc.read_text().replace("<p>Text", "<p><foo>x</foo> <foo/> <bar/>Text"), encoding="utf-8")
    rep = _build(tmp_path)
    warns = [d for d in rep.diagnostics if d.code == "BLD001"]
    assert [w.message for w in warns] == [
        "element <bar> (1x) has no specific rendering; rendered generically by fake",
        "element <foo> (2x) has no specific rendering; rendered generically by fake",
    ]
    assert all(w.path == "tei/d0.xml" and w.line == 4 and w.severity == "warning" for w in warns)
    # replayed from the manifest on a no-op build
    assert [d.message for d in _build(tmp_path).diagnostics if d.code == "BLD001"] == [w.message for w in warns]


def test_files_and_folders_without_edition(tmp_path, fake_format, monkeypatch):
    write_edition(tmp_path / "ed", 2)
    monkeypatch.chdir(tmp_path)
    rep = lib.build([tmp_path / "ed" / "tei"], formats=["fake"], jobs=1, validate=False)
    assert rep.output == (tmp_path / "_build").resolve()
    assert (tmp_path / "_build" / "fake" / "d1.out").is_file()
    assert "fake:document:d0.xml" in rep.rendered


def test_not_tei_root_is_a_warning_not_a_crash(tmp_path, fake_format):
    f = tmp_path / "p4.xml"
    f.write_text("<TEI.2><text><body><p>Old</p></body></text></TEI.2>")
    rep = lib.build([f], formats=["fake"], output=tmp_path / "out", jobs=1)
    assert [d.code for d in rep.diagnostics] == ["BLD002"]
    assert (tmp_path / "out" / "fake" / "p4.out").read_text() == "OLD\n"


def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path, fake_format):
    write_edition(tmp_path, 2)
    src = tmp_path / "tei"
    lib.build([src], formats=["fake"], output=src / "out", jobs=1, validate=False)
    (src / "out" / "fake" / "copy.xml").write_text((src / "d0.xml").read_text())
    rep = lib.build([src], formats=["fake"], output=src / "out", jobs=1, validate=False)
    assert all("out/" not in u for u in rep.rendered + rep.skipped)


@pytest.mark.parametrize("jobs", [1, 2])
def test_edition_unit_independent_of_document_outputs_runs_beside_them(tmp_path, fake_format, monkeypatch, jobs):
    """A format whose edition unit does not read the documents' outputs has it run with
    the document units, in a folder of its own: it must not see their files, and the
    result (output tree and manifest) is what the one-after-the-other order gives."""
    from tests.build import fakefmt

    write_edition(tmp_path, 4)
    seen = []
    real = fakefmt.FORMAT.render_edition

    def edition(docs, outdir, options):
        seen.append(sorted(p.name for p in outdir.iterdir()) if outdir.is_dir() else [])
        (outdir / "shared.css").write_text("body{}\n", encoding="utf-8")  # the same as the documents write
        return real(docs, outdir, options)

    monkeypatch.setattr(fakefmt.FORMAT, "render_edition", edition)
    _build(tmp_path, output=tmp_path / "after", jobs=1, force=True)
    assert seen[-1] and "d0.out" in seen[-1]  # by default: after the documents, in their folder
    monkeypatch.setattr(fakefmt.FORMAT, "edition_reads_documents", False, raising=False)
    _build(tmp_path, output=tmp_path / "beside", jobs=jobs, force=True)
    if jobs == 1:
        assert seen[-1] == []  # its own folder, nothing of the documents in it
    assert tree_bytes(tmp_path / "after") == tree_bytes(tmp_path / "beside")
    man = json.loads((tmp_path / "beside" / lib.MANIFEST).read_text())
    assert set(man["formats"]["fake"]["units"]["fake:edition"]["files"]) == {"index.out"}


def test_workers_warm_up_while_the_build_validates(tmp_path, fake_format, monkeypatch):
    """With several jobs, the workers start (and run the format's warm_up) before
    validation; a validation error stops them and builds nothing."""
    write_edition(tmp_path, 4)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warm.log.on").touch()
    warm = tmp_path / "warm.log"
    _build(tmp_path, jobs=2, validate="wellformed")
    pids = {line.split()[1] for line in warm.read_text().splitlines()}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    before = tree_bytes(tmp_path / "_build")
    warm.unlink()
    (tmp_path / "tei" / "d1.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    with pytest.raises(InputError):
        _build(tmp_path, jobs=2, validate="wellformed")
    assert tree_bytes(tmp_path / "_build") == before
    # nothing to render: no worker is started
    (tmp_path / "tei" / "d1.xml").unlink()
    write_edition(tmp_path, 4)
    _build(tmp_path, jobs=2, validate="wellformed")
    warm.unlink(missing_ok=True)
    _build(tmp_path, jobs=2, validate="wellformed")
    assert not warm.exists()


def test_element_names_listed_by_a_names_variable_count_as_handled(tmp_path):
    xsl = tmp_path / "s.xsl"
    xsl.write_text("""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:variable name="my-names" select="('titlePage', 'docTitle')"/>
      <xsl:variable name="other" select="('wibble')"/>
      <xsl:template match="tei:speaker[1] | x/y" xmlns:tei="t"/>
      <xsl:template match="text()" mode="m"><xsl:if test="self::hi"/></xsl:template>
    </xsl:stylesheet>""", encoding="utf-8")
    assert lib.elements_in_stylesheets([xsl]) == {"titlePage", "docTitle", "speaker", "y", "hi"}


def test_every_element_of_the_bundled_edition_has_a_rendering_in_every_format():
    """No BLD001 for the edition's documents: each element they use has a rule in html,
    text and print (the formats' lists of handled elements, read from their stylesheets)."""
    from pathlib import Path

    from toolkit.formats import get, html

    root = Path(__file__).resolve().parents[2]
    # the documents (persons.xml and parallels.xml are authority files, read by the formats)
    docs = sorted(p for p in (root / "tei").glob("*.xml") if p.name not in html.AUTHORITY_NAMES)
    if not docs:
        pytest.skip("no tei/ folder")
    for name in ("html", "text", "print"):
        handled = lib.handled_elements(get(name))
        warns = [d for doc in docs for d in lib.scan_document(doc, doc.name, handled, name)]
        assert not warns, [f"{d.path}:{d.line} {d.message}" for d in warns]
