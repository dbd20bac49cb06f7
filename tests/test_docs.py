"""The README documents every command, format and diagnostic code the toolkit has."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.cli import main
from toolkit.formats import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_top_of_readme_has_the_two_commands():
    block = README.split("```", 2)[1]
    assert "pip install -e . && teikit build" in block
    assert "pip install -e '.[test]' && pytest" in block
    # and .ci/run runs that very test command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and re.search(r"^pytest$", ci, re.M)


def test_every_command_documented():
    import click

    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert {"build", "collate", "import", "new", "schema", "serve", "validate"} <= set(names)
    for name in names:
        cmd = main.get_command(ctx, name)
        assert cmd is not None and cmd.name == name, name
        assert f"teikit {name}" in README, name
        assert cmd.help, f"{name} has no --help text"


def test_every_format_documented():
    for name in REGISTRY:
        assert f"--format {name}" in README or f"-f {name}" in README or f"`{name}`" in README, name


def test_every_diagnostic_code_in_the_index():
    emitted = set()
    for f in (ROOT / "toolkit").rglob("*.py"):
        emitted |= set(re.findall(r"[\"']((?:XML|RNG|SCH|REF|IMP|COL|BLD|HTML|ODD)\d{3})[\"']", f.read_text("utf-8")))
    index = README.split("## Diagnostic codes (all)", 1)[1]
    documented = set(re.findall(r"^\| `([A-Z]+\d{3})`", index, re.M))
    missing = sorted(emitted - documented)
    assert not missing, f"codes emitted but not in the README index: {missing}"
