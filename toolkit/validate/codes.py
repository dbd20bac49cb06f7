"""Every diagnostic code ``teikit validate`` can emit, with its meaning.

The README table of codes is checked against :data:`CODES` by a test. Schematron
findings of a project's own schema carry ``SCH-<id>`` (the assert's or report's
``@id``, else its pattern's ``@id``); see :data:`SCH_FOREIGN`.
"""

from __future__ import annotations

#: code -> (default severity, meaning)
CODES: dict[str, tuple[str, str]] = {
    # well-formedness, safety, XInclude, schema association
    "XML001": ("error", "not well-formed (the parser's message, with line and column)"),
    "XML002": ("error", "file larger than TEIKIT_MAX_BYTES; not read"),
    "XML003": ("error", "entity expansion bomb: an entity would expand beyond the safety limit; nothing expanded"),
    "XML004": ("error", "entity reference left unexpanded (external entity, or one holding markup); entities are never loaded from files or the network"),
    "XML005": ("warning", "external entity declared; it is not read"),
    "XML010": ("error", "XInclude of a remote (http, https, ftp) resource refused; nothing fetched"),
    "XML011": ("error", "XInclude target not found, not parsed, or (parse=text) not text in its encoding (info when an xi:fallback was used)"),
    "XML012": ("error", "XInclude loop: a file includes itself"),
    "XML013": ("error", "XInclude not supported as written (unknown parse, encoding or xpointer scheme, or missing href)"),
    "XML014": ("error", "XInclude xpointer names no element of the target"),
    "XML020": ("warning", "xml-model names a remote schema that is not bundled; not fetched, not applied"),
    "XML021": ("error", "xml-model names a local schema file that does not exist"),
    "XML022": ("warning", "xml-model processing instruction without a usable href; ignored"),
    "XML023": ("warning", "xml-model names a schema language teikit does not run (XSD, DTD)"),
    "XML024": ("error", "xml-model names a Schematron phase the schema does not define; the default phase is run"),
    # RELAX NG: the codes of toolkit.rng (see its CODES), added below
    # Schematron: the stage itself
    "SCH001": ("error", "Schematron not run on a document Saxon's XML parser refuses (its own limits: more than 10,000 attributes on an element, more than 2,047 namespace prefixes in use)"),
    # Schematron: the bundled edition schema (schemas/edition.sch)
    "SCH101": ("error", "note call: a ref[@type='noteref'] must point to a note that points back to it"),
    "SCH102": ("error", "note: a foot or end note with an xml:id must have exactly one call pointing to it"),
    "SCH111": ("error", "apparatus: a @wit of a lem or rdg names an element that is not a witness in a listWit"),
    "SCH112": ("error", "apparatus: a witness reads at most once in an app"),
    "SCH113": ("error", "apparatus: an app has at most one lem"),
    "SCH121": ("error", "choice: holds one sensible pair (sic+corr, orig+reg, abbr+expan)"),
    "SCH131": ("warning", "pb/@n should increase within a document"),
    "SCH141": ("error", "date attribute (@when @from @to @notBefore @notAfter) is not an ISO 8601 (W3C) date"),
    "SCH151": ("error", "U+FFFD replacement character outside sic, orig or gap"),
    # reference integrity
    "REF001": ("error", "xml:id used twice (in a document, or across the edition)"),
    "REF002": ("error", "pointer #id names no xml:id in its document"),
    "REF003": ("error", "pointer file.xml#id names no xml:id in that file"),
    "REF004": ("error", "pointer names a local file that does not exist (or a folder)"),
    "REF005": ("error", "pointer target file cannot be read (not well-formed or too large)"),
}

def _rng_codes() -> dict[str, tuple[str, str]]:
    from toolkit import rng

    return {code: ("error", f"RELAX NG: {meaning}") for code, meaning in getattr(rng, "CODES", {}).items()}


CODES.update(_rng_codes())
CODES = dict(sorted(CODES.items()))

#: how findings of a project's own Schematron are coded
SCH_FOREIGN = "SCH-<id>"

#: codes the bundled edition.sch uses (its assert/report ids)
EDITION_SCH = sorted(c for c in CODES if c.startswith("SCH"))


def severity(code: str) -> str:
    return CODES.get(code, ("error", ""))[0]
