"""The reading text of a TEI passage (``file.xml#id``), for collation.

The text is produced by ``xslt/collate/passage.xsl`` through the shared
editorial layer, so a witness reads in the collation exactly as it reads in
every output (corrections, regularisations, supplied text, words joined across
line breaks; notes, running heads and apparatus readings other than the lemma
left out).
"""

from __future__ import annotations

from pathlib import Path

from toolkit import resources, saxon, xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def passage_text(path: Path, fragment: str | None) -> str:
    tree = xmlsafe.parse(path)  # safe parse first: well-formedness and safety diagnostics
    if fragment is not None:
        found = tree.xpath("//*[@xml:id=$i]", i=fragment)
        if not found:
            raise InputError(f"{path}: no element with xml:id {fragment!r}",
                             [Diagnostic(str(path), 0, 0, "COL003", f"no element with xml:id '{fragment}'")])
    result, _, _ = saxon.transform(resources.xslt("collate/passage.xsl"), source=Path(path).resolve(),
                                   params={"id": fragment or ""})
    return " ".join(result.split())
