"""The reading text of TEI passages (``file.xml#id``), for collation.

The text is produced by ``xslt/collate/passage.xsl`` through the shared
editorial layer, so a witness reads in the collation exactly as it reads in
every output (corrections, regularisations, supplied text, words joined across
line breaks; notes, running heads and apparatus readings other than the lemma
left out). A passage continued through ``@next`` (a chain of ``seg``s) is read
whole.
"""

from __future__ import annotations

from pathlib import Path

from toolkit import resources, saxon, xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError


def passage_texts(path: Path, ids: list[str]) -> dict[str, str]:
    """Reading texts of several passages of one document, in one pass."""
    tree = xmlsafe.parse(path)  # safe parse first: well-formedness and safety diagnostics
    missing = [i for i in ids if not tree.xpath("//*[@xml:id=$i]", i=i)]
    if missing:
        raise InputError(f"{path}: no element with xml:id {', '.join(missing)}",
                         [Diagnostic(str(path), 0, 0, "COL003", f"no element with xml:id '{i}'") for i in missing])
    result, _, _ = saxon.transform(resources.xslt("collate/passage.xsl"), source=Path(path).resolve(),
                                   params={"ids": " ".join(ids)})
    out = {}
    for line in result.splitlines():
        key, _, text = line.partition("\t")
        out[key] = text
    return out


def passage_text(path: Path, fragment: str | None) -> str:
    if fragment is None:
        xmlsafe.parse(path)  # safe parse first: well-formedness and safety diagnostics
        result, _, _ = saxon.transform(resources.xslt("collate/passage.xsl"), source=Path(path).resolve())
        return result.partition("\t")[2].strip()
    return passage_texts(path, [fragment])[fragment]
