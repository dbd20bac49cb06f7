"""The plaintext rendering of the edition's parallel passages (tei/parallels.xml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.formats.text import FORMAT

ROOT = Path(__file__).resolve().parents[2]
PARALLELS = ROOT / "tei" / "parallels.xml"


@pytest.fixture(scope="module")
def text(tmp_path_factory):
    if not PARALLELS.exists():
        pytest.skip("tei/parallels.xml not built")
    out = tmp_path_factory.mktemp("par")
    written = FORMAT.render_edition([], out, {"title": "T", "parallels": PARALLELS, "width": 72})
    assert out / "parallels.txt" in written
    return (out / "parallels.txt").read_text(encoding="utf-8")


def test_every_witness_reads_its_own_words(text):
    # the first passage, as each witness reads it: the JPRS and Rogovin translations
    assert "W004:  I ask you to consider whether you agree to take back what was\n         said and apologize" in text
    assert "W003:  to advise whether you agree to take back what you said and" in text


def test_links_give_the_linked_texts(text):
    assert "002-bukharin-demotion.xml:  when he tried to talk to Kamenev" in text


def test_no_markup_and_wrapped(text):
    assert "<" not in text and "](#)" not in text
    assert max(len(line) for line in text.splitlines()) <= 72
