"""The HTML edition in a real browser: headless Chromium driven through WebDriver (selenium).

Skips with a reason when Chromium, chromedriver, selenium or axe-core is missing, except
under CI=true. Screenshots of the key pages go to tests/artifacts/.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, require_or_skip
from tests.html.site import build

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,900"]
# pages whose content refers to remote resources on purpose (an https image in the hostile fixture)
OFFLINE_NOISE = ("https://example.org/",)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="module")
def driver():
    try:
        from selenium import webdriver
    except ImportError:
        webdriver = None
    require_or_skip(webdriver is not None, "selenium is not installed (pip install selenium)")
    chromium, chromedriver = _chromium(), shutil.which("chromedriver")
    require_or_skip(bool(chromium and chromedriver), "headless Chromium and chromedriver are not installed")
    profile = tempfile.mkdtemp(prefix="tk-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for f in FLAGS:
        opts.add_argument(f)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=opts, service=webdriver.ChromeService(executable_path=chromedriver))
    drv.set_page_load_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, site: Path, name: str):
    driver.get((site / name).as_uri())
    driver.execute_script("try { localStorage.clear(); } catch (e) {}")
    driver.get((site / name).as_uri())
    time.sleep(0.1)
    return driver


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and not any(n in e["message"] for n in OFFLINE_NOISE)]


def shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"html-{name}.png"))


def rendered_text(driver, css: str) -> str:
    """innerText: the text as rendered, honouring CSS display (what the reader sees)."""
    return driver.execute_script("return document.querySelector(arguments[0]).innerText", css)


def visible_text(driver, css: str) -> str:
    """The rendered text, without the label of the apparatus buttons."""
    return " ".join(rendered_text(driver, css).replace("Readings\n◇", "").replace("Readings ◇", "").split())


def serious_axe_violations(driver, timeout: int = 120) -> list:
    """Run axe-core on the open page: its serious and critical violations, summarised."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(timeout)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}])));")
    violations = [v for v in json.loads(result) if v.get("impact") in ("serious", "critical")]
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


# ---------------------------------------------------------------- behaviour

def test_note_opens_in_place_by_keyboard_and_closes(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    open_page(driver, site, "fx-book-ch01.html")
    pop = driver.find_element(By.ID, "tk-popover")
    assert not pop.is_displayed()
    call = driver.find_element(By.ID, "fx-book-ch01-n2-call")
    driver.execute_script("arguments[0].focus()", call)
    call.send_keys(Keys.ENTER)
    assert pop.is_displayed()
    assert "Editors’ note 2" in pop.text and "Editors' end note two." in pop.text
    assert call.get_attribute("aria-expanded") == "true"
    shot(driver, "note-popover")
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not pop.is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "fx-book-ch01-n2-call"
    # the link still leads to the note list, and back
    goto = driver.find_element(By.CSS_SELECTOR, "#fx-book-ch01-n1 .tk-backlink")
    assert goto.get_attribute("href").endswith("#fx-book-ch01-n1-call")
    assert console_errors(driver) == []


def test_view_toggle_changes_the_text(driver, site):
    from selenium.webdriver.common.by import By
    open_page(driver, site, "fx-choice.html")
    assert "Letter of V.I. Lenin, shown to the Central Committee." in visible_text(driver, "#fx-choice-p1")
    driver.find_element(By.CSS_SELECTOR, "[data-tk-view='diplomatic']").click()
    assert "Letter of V.l. Lenin, shewn to the C.C.." in visible_text(driver, "#fx-choice-p1")
    assert driver.find_element(By.CSS_SELECTOR, "[data-tk-view='diplomatic']").get_attribute("aria-pressed") == "true"
    shot(driver, "diplomatic-view")
    open_page(driver, site, "fx-lines.html")
    assert "The revolutionary All-Russian congress" in visible_text(driver, "#fx-lines-p1")
    driver.find_element(By.CSS_SELECTOR, "[data-tk-view='diplomatic']").click()
    dipl = rendered_text(driver, "#fx-lines-p1")
    assert "revolu-\ntionary All-\nRussian\ncongress" in dipl
    assert "TRIUMPH AND TRAGEDY" in dipl
    driver.find_element(By.CSS_SELECTOR, "[data-tk-view='reading']").click()
    assert "TRIUMPH AND TRAGEDY" not in rendered_text(driver, "#fx-lines-p1")
    assert console_errors(driver) == []


def test_witness_switcher_shows_a_witness_text(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    open_page(driver, site, "fx-app.html")
    assert visible_text(driver, "#fx-app-p1").startswith("Bukharin was removed")
    Select(driver.find_element(By.ID, "tk-witness")).select_by_value("W000")
    text = visible_text(driver, "#fx-app-p1")
    assert "Bukharin was expelled" in text and "removed" not in text and "in November" not in text
    shot(driver, "witness-W000")
    Select(driver.find_element(By.ID, "tk-witness")).select_by_value("W004")
    assert "Bukharin was dismissed from the Politburo" in visible_text(driver, "#fx-app-p1")
    Select(driver.find_element(By.ID, "tk-witness")).select_by_value("")
    assert "Bukharin was removed" in visible_text(driver, "#fx-app-p1")
    # readings on demand
    btn = driver.find_element(By.CSS_SELECTOR, "#fx-app-a1 .tk-app-btn")
    detail = driver.find_element(By.ID, "fx-app-a1-detail")
    assert not detail.is_displayed()
    btn.click()
    assert detail.is_displayed() and "expelled W000" in " ".join(detail.text.split())
    assert btn.get_attribute("aria-expanded") == "true"
    assert console_errors(driver) == []


def test_search_finds_a_known_phrase_offline(driver, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    open_page(driver, site, "search.html")
    box = driver.find_element(By.ID, "tk-q")
    box.send_keys('"plenum met"', Keys.ENTER)
    status = driver.find_element(By.ID, "tk-search-status").text
    assert status == "1 result."
    hit = driver.find_element(By.CSS_SELECTOR, "#tk-search-results a")
    assert hit.get_attribute("href").endswith("fx-interventions.html#fx-interventions-p1")
    assert driver.find_element(By.CSS_SELECTOR, "#tk-search-results mark").text.lower() == "plenum met"
    shot(driver, "search")
    box.clear()
    box.send_keys("politburo bukharin", Keys.ENTER)
    assert int(driver.find_element(By.ID, "tk-search-status").text.split()[0]) >= 3
    hit = driver.find_element(By.CSS_SELECTOR, "#tk-search-results a")
    hit.click()
    assert "Politburo" in driver.find_element(By.TAG_NAME, "main").text
    assert console_errors(driver) == []


def test_hostile_input_runs_no_script(driver, site):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    open_page(driver, site, "fx-unsafe.html")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    for el in driver.find_elements(By.CSS_SELECTOR, "[data-tei='ref'], [data-tei='hi'], #fx-unsafe-p2"):
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", el)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    scripts = driver.execute_script("return Array.from(document.scripts).map(s => s.getAttribute('src'))")
    assert scripts == ["assets/teikit.js"]
    assert console_errors(driver) == []


# ---------------------------------------------------------------- whole site

KEY_PAGES = ["index.html", "fx-book.html", "fx-book-ch01.html", "fx-app.html", "fx-interventions.html",
             "fx-blocks.html", "persons.html", "persons-stalin.html", "parallels.html", "search.html",
             "fx-unsafe.html"]


def test_no_console_errors_on_any_page(driver, site):
    bad = {}
    for f in sorted(site.glob("*.html")):
        open_page(driver, site, f.name)
        errs = console_errors(driver)
        if errs:
            bad[f.name] = errs
        if f.name in KEY_PAGES:
            shot(driver, f.stem)
    assert bad == {}


@pytest.mark.parametrize("name", KEY_PAGES)
def test_axe_reports_no_serious_or_critical_violation(driver, site, name):
    require_or_skip(AXE.is_file(), "axe-core is not installed (cd tests/browser && npm install axe-core@4)")
    open_page(driver, site, name)
    assert serious_axe_violations(driver) == []
