"""Benchmark: `teikit import` of the edition's sources, one run each.

    python bench/import_sources.py [ID ...]

For every document of edition.toml with a source and an importer whose family is
available: source size, wall-clock seconds of the whole conversion in memory
(metadata, family, reviewed interventions, person tagging, header, serialisation),
characters per second, and the ratio to a floor: the same source wrapped line by
line in TEI ``p`` elements with lxml and serialised (what any converter must at
least do). The person tagger is also timed alone on the finished text.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from toolkit import config, importers  # noqa: E402
from toolkit.errors import ToolError  # noqa: E402
from toolkit.importers import common  # noqa: E402
from toolkit.importers.persons import load_persons, tag_persons  # noqa: E402


def floor(text: str) -> float:
    t = time.perf_counter()
    root = common.tei("TEI")
    body = common.sub(common.sub(root, "text"), "body")
    for line in text.split("\n"):
        if line.strip():
            common.sub(body, "p", None, line)
    etree.tostring(root, encoding="UTF-8")
    return time.perf_counter() - t


def main(only: list[str]) -> None:
    ed = config.load(ROOT)
    persons = ROOT / "tei" / "persons.xml"
    print(f"{'document':<12}{'family':<16}{'chars':>10}{'import s':>10}{'chars/s':>12}{'floor s':>9}"
          f"{'ratio':>8}{'persons s':>11}")
    for d in ed.documents:
        if not (d.source and d.importer) or (only and d.id not in only):
            continue
        try:
            importers.get_family(d.importer)
        except ToolError as exc:
            print(f"{d.id:<12}{d.importer:<16} skipped: {exc}")
            continue
        text = d.source.read_text(encoding="utf-8")
        t = time.perf_counter()
        res = importers.convert_source(d.source, family=d.importer, metadata=d.metadata, output=d.file,
                                       persons=persons if persons.exists() else None, base=ed.root)
        took = time.perf_counter() - t
        base = floor(text)
        tree = etree.fromstring(res.data)
        text_el = tree.find(common.T + "text")
        etree.strip_tags(text_el, common.T + "persName")   # untag, then time the tagger alone
        t = time.perf_counter()
        if persons.exists():
            tag_persons(text_el, load_persons(persons))
        ptime = time.perf_counter() - t
        print(f"{d.id:<12}{d.importer:<16}{len(text):>10}{took:>10.2f}{len(text) / took:>12.0f}{base:>9.3f}"
              f"{took / base:>8.0f}{ptime:>11.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
