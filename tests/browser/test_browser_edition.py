"""The bundled edition's own site in headless Chromium: a chapter of each book with its
notes, the parallel passages and the index of persons (screenshots in tests/artifacts/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_site import (AXE, console_errors, driver, open_page,  # noqa: F401 (fixture)
                                     serious_axe_violations, shot)
from tests.conftest import require_or_skip
from tests.html.site import build_edition

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def esite(tmp_path_factory) -> Path:
    return build_edition(tmp_path_factory.mktemp("browser-edition"))


def _chapter_with_notes(site: Path, prefix: str) -> str:
    for p in sorted(site.glob(f"{prefix}-*.html")):
        text = p.read_text(encoding="utf-8")
        if 'role="doc-noteref"' in text:
            return p.name
    pytest.fail(f"no page of {prefix} with a note call")


def test_rogovin_endnote_opens_in_place(driver, esite):  # noqa: F811
    from selenium.webdriver.common.by import By

    page = _chapter_with_notes(esite, "rogovin")
    open_page(driver, esite, page)
    calls = driver.find_elements(By.CSS_SELECTOR, "a[role='doc-noteref']")
    assert calls, page
    calls[0].click()
    pop = driver.find_element(By.ID, "tk-popover")
    assert pop.is_displayed() and pop.text.strip()
    shot(driver, "edition-rogovin-note")
    assert console_errors(driver) == []


@pytest.mark.parametrize("name", ["parallels.html", "persons.html", "index.html"])
def test_edition_pages_render_without_errors(driver, esite, name):  # noqa: F811
    open_page(driver, esite, name)
    assert console_errors(driver) == []
    shot(driver, "edition-" + name.removesuffix(".html"))


def test_volkogonov_chapter_axe(driver, esite):  # noqa: F811
    require_or_skip(AXE.is_file(), "axe-core is not installed (cd tests/browser && npm install)")
    page = _chapter_with_notes(esite, "volkogonov")
    open_page(driver, esite, page)
    shot(driver, "edition-volkogonov-chapter")
    assert serious_axe_violations(driver) == []
