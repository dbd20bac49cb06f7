"""The validator's documentation, codes, hook and CI example stay in step."""

from __future__ import annotations

import re

from lxml import etree

from tests.validate.helpers import EDITION_SCH, ROOT
from toolkit.validate.codes import CODES, SCH_FOREIGN

DOC = ROOT / "README.md"
SCH = "{http://purl.oclc.org/dsdl/schematron}"


def test_every_code_has_a_row_in_the_doc():
    text = DOC.read_text(encoding="utf-8")
    prefixes = {re.match(r"[A-Z]+", c).group(0) for c in CODES}
    rows = {r for r in re.findall(r"^\| `([A-Z]{3}[-\w<>]*)` \|", text, re.M)
            if re.match(r"[A-Z]+", r).group(0) in prefixes}
    assert set(CODES) | {SCH_FOREIGN} <= rows
    assert rows <= set(CODES) | {SCH_FOREIGN}, "the doc lists codes the validator does not emit"


def test_edition_schematron_ids_are_the_documented_codes():
    root = etree.parse(str(EDITION_SCH)).getroot()
    ids = [el.get("id") for el in root.iter(SCH + "assert", SCH + "report")]
    assert len(ids) == len(set(ids))
    assert all(i and re.fullmatch(r"SCH\d{3}", i) for i in ids)
    # (SCH0nn are the stage's own codes, not rules of the schema)
    assert not any(i.startswith("SCH0") for i in ids)
    assert sorted(ids) == sorted(c for c in CODES if re.fullmatch(r"SCH[1-9]\d\d", c))
    # severities in CODES match the schema's roles
    for el in root.iter(SCH + "assert", SCH + "report"):
        role = el.get("role") or "error"
        assert CODES[el.get("id")][0] == role, el.get("id")


def test_pre_commit_hook():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert re.search(r"^- id: teikit-validate$", text, re.M)
    assert re.search(r"^  entry: teikit validate$", text, re.M)
    assert re.search(r"^  types: \[xml\]$", text, re.M)


def test_github_actions_example_uses_github_format():
    text = (ROOT / "docs" / "ci" / "github-actions.yml").read_text()
    assert "teikit validate --format github" in text
    assert "security-events: write" in text


def test_doc_options_match_the_command():
    from toolkit.cli.validate import command

    text = DOC.read_text(encoding="utf-8")
    for param in command.params:
        for opt in param.opts + param.secondary_opts:
            if opt.startswith("--"):
                assert f"`{opt}" in text or f" {opt}" in text, opt
