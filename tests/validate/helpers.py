"""Shared helpers of the validator's tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"
SCHEMAS = HERE / "schemas"
MINI_RNG = SCHEMAS / "mini.rng"
EDITION_SCH = ROOT / "schemas" / "edition.sch"


def run(*args: str):
    """Run ``teikit validate ARGS`` in-process; returns the click Result."""
    return CliRunner().invoke(main, ["validate", *map(str, args)], catch_exceptions=False)
