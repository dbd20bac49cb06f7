"""The explanation of an invalid document grows with its faults, not with their
square. A file with thousands of faulty elements, all on one line (a generated or
minified file) or all siblings (a long list), took minutes: every diagnostic looked
through all the others for its ancestors, and through all the same-named elements
of its line for its column. Timings vary from machine to machine; the number of
Python lines run does not, so that is what is counted here."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, shared_or_skip
from tests.rng.conftest import EDITION, FIXTURES, TEI_ALL
from toolkit import rng, xmlsafe

SAMPLE = (FIXTURES / "valid" / "edition-sample.xml").read_text(encoding="utf-8")
#: three faults of different kinds: an undeclared element, an element its parent may
#: never hold, an element left incomplete (a list of nothing but a paragraph)
FAULTS = '<p><foo/></p><p><p>x</p></p><list><p/></list>'


def _document(tmp_path, n: int):
    cut = SAMPLE.index("<body>") + len("<body>")
    path = tmp_path / f"faults-{n}.xml"
    path.write_text(SAMPLE[:cut] + FAULTS * n + SAMPLE[cut:], encoding="utf-8")
    return xmlsafe.parse(path)


def _lines_run(tmp_path, n: int) -> tuple[int, list]:
    tree = _document(tmp_path, n)
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    sys.settrace(trace)
    try:
        found = rng.validate(tree, EDITION, path="doc.xml")
    finally:
        sys.settrace(None)
    return count, found


def test_faults_on_one_line_cost_linear_work(tmp_path):
    _lines_run(tmp_path, 2)  # the grammar compiled and modelled once
    small, found_small = _lines_run(tmp_path, 100)
    large, found_large = _lines_run(tmp_path, 200)
    # every fault is reported, each at its own column
    assert len(found_small) == 400 and len(found_large) == 800
    assert len({(d.line, d.col) for d in found_large}) == 800
    # twice the faults, about twice the work (it was more than three times)
    assert large / small < 2.4


@pytest.mark.parametrize("schema", [EDITION, TEI_ALL], ids=["edition", "tei_all"])
def test_a_fault_2000_levels_deep_is_reported(tmp_path, schema):
    """libxml2 validates recursively, and lxml reads documents up to 2,048 levels
    deep: explaining a fault at the bottom of such a document once ran out of the
    main thread's stack and killed the process. Run in a process of its own, so that
    a crash fails this test and nothing else."""
    cut = SAMPLE.index("<body>") + len("<body>")
    deep = tmp_path / "deep.xml"
    deep.write_text(SAMPLE[:cut] + "<p>" + "<hi>" * 2000 + "<div/>" + "</hi>" * 2000 + "</p>" + SAMPLE[cut:],
                    encoding="utf-8")
    code = ("import sys; from toolkit import rng, xmlsafe; "
            f"ds = rng.validate(xmlsafe.parse({str(deep)!r}), {str(schema)!r}, path='deep.xml'); "
            "print('\\n'.join(d.as_text() for d in ds))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    found = done.stdout.splitlines()
    assert len(found) == 1 and ' RNG001 element "div" not allowed here in "hi"' in found[0], found


def test_an_element_with_a_fault_inside_is_not_judged_alone_again(monkeypatch):
    """libxml2, lost in a big teiHeader (a CMIF file: 2 MB of letters' metadata),
    blames the profileDesc for bad @when values deep inside it. The values are
    reported as they are; judging the whole profileDesc on its own (0.6 s) would only
    echo them, so it is not done."""
    from collections import Counter

    path = shared_or_skip("realtei", "big_invalid_lassberg-cmif.xml")
    judged = []
    alone = rng._Schema.alone
    monkeypatch.setattr(rng._Schema, "alone", lambda self, el: judged.append(el.tag.split("}")[1]) or alone(self, el))
    found = rng.validate(xmlsafe.parse(path), TEI_ALL, path="cmif.xml")
    assert "profileDesc" not in judged and "teiHeader" not in judged
    assert Counter(d.code for d in found) == {"RNG002": 145, "RNG003": 2}
    assert all(d.message.startswith('attribute "when" on "date": value "Unbekannt" is invalid')
               for d in found if d.code == "RNG002")
