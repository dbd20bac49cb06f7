"""The importer registry and the contract every family module keeps."""

from __future__ import annotations

import inspect

import pytest

from toolkit import importers
from toolkit.errors import ToolError
from toolkit.importers.fidelity import Rule


def test_registry_names():
    assert importers.REGISTRY == {"web": "toolkit.importers.web", "ebook": "toolkit.importers.ebook",
                                  "ocr-typescript": "toolkit.importers.ocr"}
    with pytest.raises(ToolError, match="unknown importer family 'nope'"):
        importers.get_family("nope")


@pytest.mark.parametrize("name", sorted(importers.REGISTRY))
def test_family_contract(name):
    try:
        mod = importers.get_family(name)
    except ToolError:
        pytest.skip(f"family {name} not in this tree")
    assert mod.FAMILY == name
    assert isinstance(mod.DESCRIPTION, str) and mod.DESCRIPTION
    assert list(inspect.signature(mod.convert).parameters)[:2] == ["source_text", "meta"]
    assert all(isinstance(r, Rule) and r.name and r.description for r in getattr(mod, "RULES", []))
    assert all(isinstance(k, str) for k in getattr(mod, "EDITORIAL", {}))


def test_families_listing():
    names = [n for n, _ in importers.families()]
    assert "web" in names and names == sorted(names)
