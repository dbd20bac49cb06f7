from __future__ import annotations

import pytest

from toolkit import formats


@pytest.fixture
def fake_format(monkeypatch):
    monkeypatch.setitem(formats.REGISTRY, "fake", "tests.build.fakefmt")
    return "fake"
