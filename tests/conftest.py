"""Shared pytest fixtures and helpers.

``SHARED`` is the read-only folder of shared material (seeds, tei_all.rng, real TEI
samples) next to the repository; tests that need it skip when it is absent.
Under CI=true, tests that need a browser or TeX must not skip: see ``require_or_skip``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = ROOT / "tests" / "artifacts"


def shared_or_skip(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared material not present: {p.name}")
    return p


def require_or_skip(ok: bool, reason: str) -> None:
    """Skip when a system dependency is missing, except under CI where it is a failure."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test may not skip)")
    pytest.skip(reason)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Pruned grammars and validation results are cached on disk: the tests share a
    private cache (never the user's), so later tests also run on cache hits."""
    old = os.environ.get("TEIKIT_CACHE_DIR")
    os.environ["TEIKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("TEIKIT_CACHE_DIR", None)
    else:
        os.environ["TEIKIT_CACHE_DIR"] = old
