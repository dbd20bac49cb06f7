"""The HTML site of the bundled edition itself (tei/): every page, link, note and passage."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree
from lxml import html as lhtml

from tests.html.site import build_edition, edition_inputs

NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def esite(tmp_path_factory) -> Path:
    return build_edition(tmp_path_factory.mktemp("edition-site"))


def _pages(site: Path):
    return sorted(site.rglob("*.html"))


def test_pages_for_documents_and_chapters(esite):
    names = {p.name for p in _pages(esite)}
    assert {"index.html", "persons.html", "parallels.html", "search.html"} <= names
    # one page per chapter for the two books (49 + introduction/conclusion for Rogovin, 6 for Volkogonov)
    assert sum(1 for n in names if n.startswith("rogovin")) >= 51
    assert sum(1 for n in names if n.startswith("volkogonov")) >= 6


def test_internal_links_resolve_and_ids_unique(esite):
    ids: dict[Path, set[str]] = {}
    docs = {}
    for p in _pages(esite):
        doc = lhtml.fromstring(p.read_bytes())
        docs[p] = doc
        all_ids = doc.xpath("//@id")
        dup = [i for i, n in Counter(all_ids).items() if n > 1]
        assert not dup, f"{p.name}: duplicate ids {dup[:5]}"
        ids[p] = set(all_ids)
    bad = []
    for p, doc in docs.items():
        for href in doc.xpath("//a/@href"):
            if re.match(r"^[a-z]+:", href):
                continue
            path, _, frag = href.partition("#")
            target = (p.parent / unquote(path)).resolve() if path else p
            if not target.exists():
                bad.append((p.name, href))
            elif frag and target.suffix == ".html" and unquote(frag) not in ids.get(target, set()):
                bad.append((p.name, href))
    assert not bad, f"{len(bad)} broken links, e.g. {bad[:5]}"


def test_no_markup_residue(esite):
    # the home page's editorial principles describe the Markdown of the source; the texts must not show it
    for p in _pages(esite):
        if p.name == "index.html":
            continue
        # the text of the edition (the "about" section quotes the header's editorial principles)
        text = " ".join(t.text_content() for t in lhtml.fromstring(p.read_bytes()).xpath("//div[@class='tk-text']"))
        for residue in ("](#)", "^{", "**", "\\$", "\\textit", "#footnote["):
            assert residue not in text, f"{p.name}: {residue!r}"


def test_every_endnote_of_rogovin_listed_with_backlink(esite):
    notes = 0
    for p in sorted(esite.glob("rogovin*.html")):
        doc = lhtml.fromstring(p.read_bytes())
        for li in doc.xpath("//*[@data-tei='note'][starts-with(@id, 'rogovin-')]"):
            notes += 1
    tei = etree.parse(str(Path(edition_inputs()[0]).parent / "003-rogovin-alternative.xml"))
    assert notes >= len(tei.xpath("//t:note[@place='end']", namespaces=NS)) == 873


def test_parallels_page_shows_every_collated_passage(esite):
    doc = lhtml.fromstring((esite / "parallels.html").read_bytes())
    app = etree.parse(str(Path(edition_inputs()[0]).parent / "parallels.xml"))
    passages = app.xpath("//t:div[@subtype='variant']/@xml:id", namespaces=NS)
    assert len(passages) >= 25
    for pid in passages:
        assert doc.get_element_by_id(pid) is not None, pid


def test_person_pages_for_main_actors(esite):
    for key in ("stalin", "bukharin", "trotsky", "lenin", "zinoviev", "kamenev", "rykov", "tomsky",
                "krupskaya", "radek", "ordzhonikidze", "dzerzhinsky", "molotov", "voroshilov", "yagoda"):
        page = esite / f"persons-{key}.html"
        assert page.exists(), key
        occ = lhtml.fromstring(page.read_bytes()).xpath("//ul[@class='tk-occurrences']//a")
        assert occ, key
