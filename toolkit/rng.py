"""RELAX NG validation.

API used by :mod:`toolkit.validate`:

``validate(tree, schema, path=..., engine="lxml") -> list[Diagnostic]``
    validate one parsed document against a RELAX NG schema (XML syntax),
    returning ``RNG*`` diagnostics.

Schemas are compiled once per process and reused.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit import xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import ToolError

_compiled: dict[str, etree.RelaxNG] = {}


def load(schema: Path | str) -> etree.RelaxNG:
    key = str(Path(schema).resolve())
    rng = _compiled.get(key)
    if rng is None:
        try:
            rng = etree.RelaxNG(xmlsafe.parse(key))
        except etree.RelaxNGParseError as exc:
            raise ToolError(f"{schema}: RELAX NG schema does not compile: {exc}")
        _compiled[key] = rng
    return rng


def validate(tree: etree._ElementTree, schema: Path | str, *, path: str, engine: str = "lxml") -> list[Diagnostic]:
    rng = load(schema)
    if rng.validate(tree):
        return []
    return [Diagnostic(path, e.line or 0, e.column or 0, "RNG001", e.message) for e in rng.error_log]
