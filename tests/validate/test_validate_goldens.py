"""Each invalid fixture with its exact expected report (``<case>.expected``).

Regenerate with ``pytest tests/validate --update-goldens`` and review the diff.
"""

from __future__ import annotations

import pytest

from tests.validate.helpers import INVALID, VALID, run

CASES = sorted(p.stem for p in INVALID.glob("*.xml"))


def test_every_case_has_a_golden(update_goldens):
    if update_goldens:
        pytest.skip("rewriting goldens")
    missing = [c for c in CASES if not (INVALID / f"{c}.expected").is_file()]
    assert not missing, f"cases without .expected: {missing}"


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_report(case, monkeypatch, update_goldens):
    monkeypatch.chdir(INVALID)
    result = run("--jobs", "1", f"{case}.xml")
    golden = INVALID / f"{case}.expected"
    if update_goldens:
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")
    errors = " 0 errors," not in result.output.splitlines()[-1]
    assert result.exit_code == (1 if errors else 0), result.output


def test_valid_fixtures(monkeypatch):
    monkeypatch.chdir(VALID)
    result = run("--jobs", "1", "letter.xml", "persons.xml")
    assert result.output == "2 files checked: valid\n"
    assert result.exit_code == 0
