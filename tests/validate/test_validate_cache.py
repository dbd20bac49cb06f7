"""The validation result cache: a hit gives exactly what validating again gives, and
any change to anything a file's result depends on is a miss."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
import os
import shutil

import pytest

from toolkit.validate import validate
from tests.validate.helpers import EDITION_SCH, INVALID, MINI_RNG, ROOT, VALID, run

DOC = """<?xml version="1.0" encoding="UTF-8"?>
{model}<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">
  <teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>
  <text><body>
    {body}
  </body></text>
</TEI>
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(folder))
    return folder / "validate"


def write(path, body="<p>fine</p>", model=""):
    path.write_text(DOC.format(body=body, model=model), encoding="utf-8")
    return path


def entries(folder) -> dict:
    """The cache's entries: key -> (JSON, when written)."""
    db = folder / "results.sqlite"
    if not db.is_file():
        return {}
    with closing(sqlite3.connect(db)) as c:
        return {k: (data, written) for k, data, written in c.execute("SELECT key, data, written FROM entries")}


def change(folder, key: str, **values) -> None:
    with closing(sqlite3.connect(folder / "results.sqlite")) as c, c:
        for column, value in values.items():
            c.execute(f"UPDATE entries SET {column} = ? WHERE key = ?", (value, key))


def twice(paths, **kw):
    """Validate cold, then warm; both results, and how many files the warm run took
    from the cache."""
    cold = validate(paths, **kw)
    warm = validate(paths, **kw)
    return cold, warm


def test_hits_give_exactly_what_validating_gives(cache, monkeypatch):
    monkeypatch.chdir(ROOT)
    files = sorted(INVALID.glob("*.xml")) + sorted(VALID.glob("*.xml"))
    fresh = validate(files, schemas=[MINI_RNG, EDITION_SCH], cache=False)
    cold, warm = twice(files, schemas=[MINI_RNG, EDITION_SCH])
    assert fresh.diagnostics  # the invalid fixtures do find problems
    assert cold.diagnostics == warm.diagnostics == fresh.diagnostics
    assert cold.info["cached"] == 0
    assert warm.info["cached"] == len(entries(cache)) > len(files) // 2


def test_the_edition_from_the_cache(cache, monkeypatch):
    monkeypatch.chdir(ROOT)
    fresh = validate([], cache=False)
    cold, warm = twice([])
    assert warm.info["cached"] == len(warm.files) == 7
    assert fresh.diagnostics == cold.diagnostics == warm.diagnostics
    assert warm.info["cross_file_ids"]


def test_an_edited_document_is_validated_again(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a.xml")
    b = write(tmp_path / "b.xml")
    cold, warm = twice([a, b], schemas=[EDITION_SCH])
    assert not warm.diagnostics and warm.info["cached"] == 2
    write(a, '<p><date when="1938-13">x</date></p>')
    again = validate([a, b], schemas=[EDITION_SCH])
    assert again.info["cached"] == 1
    assert [d.code for d in again.diagnostics] == ["SCH141"]


def test_a_changed_xinclude_target_is_a_miss(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    part = tmp_path / "part.xml"
    part.write_text('<p xmlns="http://www.tei-c.org/ns/1.0">fine</p>', encoding="utf-8")
    doc = write(tmp_path / "doc.xml", '<xi:include href="part.xml"/>')
    cold, warm = twice([doc], schemas=[MINI_RNG])
    assert warm.info["cached"] == 1 and cold.diagnostics == warm.diagnostics
    part.write_text('<p xmlns="http://www.tei-c.org/ns/1.0"><foo/></p>', encoding="utf-8")
    res = validate([doc], schemas=[MINI_RNG])
    assert res.info["cached"] == 0
    assert any(d.path == "part.xml" and d.code.startswith("RNG") for d in res.diagnostics)


def test_a_missing_xinclude_target_that_appears_is_a_miss(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = write(tmp_path / "doc.xml", '<xi:include href="later.xml"/>')
    cold, warm = twice([doc], schemas=[MINI_RNG])
    assert "XML011" in {d.code for d in warm.diagnostics} and warm.info["cached"] == 1
    (tmp_path / "later.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0">here</p>', encoding="utf-8")
    res = validate([doc], schemas=[MINI_RNG])
    assert res.info["cached"] == 0 and "XML011" not in {d.code for d in res.diagnostics}


def test_a_changed_schema_and_a_file_it_includes_are_misses(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sch = tmp_path / "rules.sch"
    part = tmp_path / "part.sch"
    shutil.copyfile(EDITION_SCH, part)
    sch.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
                   '<pattern><rule context="tei:p"><assert id="ONE" test="true()">x</assert></rule></pattern>'
                   '</schema>', encoding="utf-8")
    doc = write(tmp_path / "doc.xml", "<p>fine</p>")
    cold, warm = twice([doc], schemas=[sch])
    assert warm.info["cached"] == 1 and not warm.diagnostics
    sch.write_text(sch.read_text().replace('test="true()"', 'test="false()"'), encoding="utf-8")
    res = validate([doc], schemas=[sch])
    assert res.info["cached"] == 0 and [d.code for d in res.diagnostics] == ["SCH-ONE"]
    # a schema that includes another: the included file is a dependency too
    sch.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
                   '<pattern><rule context="tei:p"><assert id="TWO" test="true()">x</assert></rule></pattern>'
                   '<include href="extra.sch"/></schema>', encoding="utf-8")
    extra = tmp_path / "extra.sch"
    extra.write_text('<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="*:p">'
                     '<report id="THREE" test="false()">x</report></rule></pattern>', encoding="utf-8")
    assert not validate([doc], schemas=[sch]).diagnostics
    assert validate([doc], schemas=[sch]).info["cached"] == 1
    extra.write_text(extra.read_text().replace('test="false()"', 'test="true()"'), encoding="utf-8")
    res = validate([doc], schemas=[sch])
    assert res.info["cached"] == 0 and [d.code for d in res.diagnostics] == ["SCH-THREE"]


def test_xml_model_schema_that_appears_is_a_miss(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    model = '<?xml-model href="local.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    doc = write(tmp_path / "doc.xml", "<p>fine</p>", model)
    cold, warm = twice([doc])
    assert "XML021" in {d.code for d in warm.diagnostics} and warm.info["cached"] == 1
    shutil.copyfile(MINI_RNG, tmp_path / "local.rng")
    res = validate([doc])
    assert res.info["cached"] == 0 and "XML021" not in {d.code for d in res.diagnostics}


def test_checks_across_files_always_run(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a.xml", '<p xml:id="pa"><ref target="b.xml#pb">b</ref> <ref target="c.xml#pc">c</ref></p>')
    b = write(tmp_path / "b.xml", '<p xml:id="pb">b</p>')
    c = write(tmp_path / "c.xml", '<p xml:id="pc">outside the run</p>')
    cold, warm = twice([a, b], schemas=[MINI_RNG])
    assert not warm.diagnostics and warm.info["cached"] == 2
    write(b, '<p xml:id="other">b</p>')  # a is unchanged and comes from the cache
    res = validate([a, b], schemas=[MINI_RNG])
    assert res.info["cached"] == 1 and [d.code for d in res.diagnostics] == ["REF003"]
    write(b, '<p xml:id="pb">b</p>')
    write(c, '<p xml:id="moved">outside the run</p>')  # not in the run, not cached: read again
    res = validate([a, b], schemas=[MINI_RNG])
    assert res.info["cached"] == 1 and [d.code for d in res.diagnostics] == ["REF003"]
    assert "c.xml" in res.diagnostics[0].message


def test_schematron_that_can_read_other_files_is_never_cached(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sch = tmp_path / "reads.sch"
    flag = (tmp_path / "flag.xml").as_uri()
    sch.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
                   f'<pattern><rule context="tei:p"><assert id="FLAG" test="doc-available(\'{flag}\')">'
                   'no flag</assert></rule></pattern></schema>', encoding="utf-8")
    doc = write(tmp_path / "doc.xml")
    cold, warm = twice([doc], schemas=[sch])
    assert [d.code for d in warm.diagnostics] == ["SCH-FLAG"] and warm.info["cached"] == 0
    assert not entries(cache)
    (tmp_path / "flag.xml").write_text("<flag/>", encoding="utf-8")
    assert not validate([doc], schemas=[sch]).diagnostics


def test_files_judged_before_a_failure_are_kept(cache, tmp_path, monkeypatch):
    """Each file's result is cached as soon as it is known: a run that stops at a
    file whose Schematron does not compile (exit 2) has cached the files before it."""
    from toolkit.errors import ToolError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.sch").write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                                      '<pattern><rule context="*"><assert test="((">x</assert></rule></pattern>'
                                      '</schema>', encoding="utf-8")
    a = write(tmp_path / "a.xml")
    b = write(tmp_path / "b.xml", '<p><date when="1938-13">x</date></p>')
    c = write(tmp_path / "c.xml", model='<?xml-model href="bad.sch" '
                                        'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')
    with pytest.raises(ToolError, match="bad.sch"):
        validate([a, b, c], jobs=1)
    res = validate([a, b])
    assert res.info["cached"] == 2 and "SCH141" in {d.code for d in res.diagnostics}
    assert res.diagnostics == validate([a, b], cache=False).diagnostics


def test_options_are_part_of_the_key(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = write(tmp_path / "doc.xml", '<p><date when="1938-13">x</date></p>')
    assert [d.code for d in validate([doc], schemas=[EDITION_SCH]).diagnostics] == ["SCH141"]
    res = validate([doc], schemas=[MINI_RNG])
    assert res.info["cached"] == 0 and not res.diagnostics


def test_off_switches_and_damaged_entries(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = write(tmp_path / "doc.xml")
    r = run("--no-cache", "--schema", MINI_RNG, doc)
    assert r.exit_code == 0 and not entries(cache)
    monkeypatch.setenv("TEIKIT_CACHE_DIR", "")
    assert validate([doc], schemas=[MINI_RNG]).info["cached"] == 0 and not entries(cache)
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(cache.parent))
    validate([doc], schemas=[MINI_RNG])
    ((key, (text, _)),) = entries(cache).items()
    data = json.loads(text)
    assert data["deps"] and all(os.path.isabs(p) for p, _ in data["deps"])
    change(cache, key, data="{ damaged")
    res = validate([doc], schemas=[MINI_RNG])
    assert res.info["cached"] == 0 and not res.diagnostics
    assert validate([doc], schemas=[MINI_RNG]).info["cached"] == 1
    # a damaged database (a crash, a copy cut short) is made anew
    (cache / "results.sqlite").write_bytes(b"not a database" * 100)
    for name in ("results.sqlite-wal", "results.sqlite-shm"):
        (cache / name).unlink(missing_ok=True)
    res = validate([doc], schemas=[MINI_RNG])
    assert res.info["cached"] == 0 and not res.diagnostics
    assert validate([doc], schemas=[MINI_RNG]).info["cached"] == 1


def test_a_cache_folder_that_cannot_be_written_is_no_cache(cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = write(tmp_path / "doc.xml")
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the folder should be", encoding="utf-8")
    for _ in range(2):
        res = validate([doc], schemas=[MINI_RNG])
        assert res.info["cached"] == 0 and not res.diagnostics


def test_cli_output_is_the_same_from_the_cache(cache, monkeypatch):
    monkeypatch.chdir(ROOT)
    files = [str(p) for p in sorted(INVALID.glob("*.xml"))]
    for fmt in ("text", "json", "sarif"):
        first = run("--format", fmt, *files)
        second = run("--format", fmt, *files)
        fresh = run("--format", fmt, "--no-cache", *files)
        assert first.exit_code == second.exit_code == fresh.exit_code == 1
        assert first.output == second.output == fresh.output


def test_old_entries_are_pruned(cache, tmp_path, monkeypatch):
    """Results not written, and pruned grammars not used, for 30 days are removed."""
    import time

    from toolkit import rng

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(rng, "_schemas", {})  # nothing compiled yet: the grammar goes to the cache
    gone = write(tmp_path / "gone.xml")
    validate([gone], schemas=[MINI_RNG])
    (old,) = entries(cache)
    long_ago = time.time() - 40 * 86400
    change(cache, old, written=long_ago)
    os.utime(cache / "last-pruned", (long_ago, long_ago))
    legacy = cache / "ab" / ("ab" + "0" * 62 + ".json")  # an entry of an earlier release: a file
    legacy.parent.mkdir()
    legacy.write_text("{}", encoding="utf-8")
    gone.unlink()
    grammars = cache.parent / "rng"
    (used,) = grammars.glob("*.rng")  # the pruned grammar of both documents
    unused = grammars / "unused.rng"
    unused.write_bytes(used.read_bytes())
    for f in (used, unused):
        os.utime(f, (long_ago, long_ago))
    monkeypatch.setattr(rng, "_schemas", {})  # as in a new process: grammars are read from the cache
    validate([write(tmp_path / "new.xml")], schemas=[MINI_RNG])
    assert old not in entries(cache) and len(entries(cache)) == 1 and not legacy.exists()
    assert used.exists() and not unused.exists()


def test_a_schema_edited_between_runs_of_one_process_is_a_miss(cache, tmp_path, monkeypatch):
    """A long-lived process (the library's user) sees an edit of a schema that keeps
    its size and has its modification time set back: the edit moves the file's
    ctime, so the compiled schema and the digests are found anew."""
    monkeypatch.chdir(tmp_path)
    sch = tmp_path / "rules.sch"
    rule = ('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern>'
            '<rule context="*:p"><report id="R1" test="{}">p</report></rule></pattern></schema>')
    sch.write_text(rule.format("false()"), encoding="utf-8")
    doc = write(tmp_path / "doc.xml")
    assert not validate([doc], schemas=[sch]).diagnostics
    st = sch.stat()
    sch.write_text(rule.format("true() "), encoding="utf-8")  # the same size
    os.utime(sch, ns=(st.st_atime_ns, st.st_mtime_ns))
    res = validate([doc], schemas=[sch])
    assert res.info["cached"] == 0 and [d.code for d in res.diagnostics] == ["SCH-R1"]
