"""Importers: plain sources in, TEI documents out.

One registry maps a *family* of sources to the module that converts it. A family
module defines:

``FAMILY``
    its id (the registry key);
``DESCRIPTION``
    one line for ``teikit import --list-families``;
``convert(source_text: str, meta: Metadata) -> lxml Element``
    the TEI ``<text>`` element; every ``xml:id`` in it starts with ``meta.doc_id + "-"``.
    Generic for the family: it may repair what the family always gets wrong (recorded
    as TEI markup) but never keys on line numbers of one file;
``RULES`` (optional)
    :class:`toolkit.importers.fidelity.Rule` list: the documented artefacts of the
    family that the fidelity check removes from the source's words (e.g. Markdown
    syntax);
``EDITORIAL`` (optional)
    default ``editorialDecl`` paragraphs for the family, overridden by the TOML's
    ``[editorial]`` table.

Everything else (metadata, the reviewed interventions, the header, persons, ids,
writing) is shared, in :mod:`toolkit.importers.common`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, ToolError
from toolkit.fsutil import printable
from toolkit.importers import common

#: family id -> module path. A plain dict: adding a family is one line.
REGISTRY: dict[str, str] = {
    "web": "toolkit.importers.web",
    "ebook": "toolkit.importers.ebook",
    "ocr-typescript": "toolkit.importers.ocr",
}


def get_family(name: str):
    """The module of a family, or ToolError naming the known ones."""
    try:
        path = REGISTRY[name]
    except KeyError:
        raise ToolError(f"unknown importer family {name!r}; known: {', '.join(sorted(REGISTRY))}")
    try:
        return import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name == path:
            raise ToolError(f"importer family {name!r} is not available in this installation")
        raise


def families() -> list[tuple[str, str]]:
    """(id, description) of every registered family that can be loaded."""
    out = []
    for name in sorted(REGISTRY):
        try:
            mod = get_family(name)
        except ToolError:
            continue
        out.append((name, getattr(mod, "DESCRIPTION", "")))
    return out


@dataclass
class ImportResult:
    source: Path
    output: Path
    family: str
    data: bytes
    counts: dict[str, int] = field(default_factory=dict)
    persons: dict[str, int] = field(default_factory=dict)
    backup: Path | None = None
    written: bool = False
    unchanged: bool = False


def _display(p: Path, base: Path | None) -> str:
    """A path as shown in diagnostics and headers: relative to ``base`` (or cwd) when
    inside it; bytes that are not UTF-8 escaped (see ``fsutil.printable``)."""
    p = Path(p)
    for b in (base, Path.cwd()):
        if b is None:
            continue
        try:
            return printable(p.resolve().relative_to(Path(b).resolve()).as_posix())
        except ValueError:
            continue
    return printable(p)


def default_metadata(source: Path) -> Path:
    return source.with_suffix(".toml")


#: ``spans`` default: take them from the edition the source belongs to, if any.
AUTO = "auto"


def convert_source(source: Path, *, family: str | None = None, metadata: Path | None = None,
                   output: Path | None = None, persons: Path | None = None,
                   base: Path | None = None, spans=AUTO,
                   spans_file: str = "the apparatus specification") -> ImportResult:
    """Convert one source in memory (nothing is written). See :func:`import_source`.

    ``spans`` lists passages of the apparatus to mark in this document, as
    (span id, first words, last words) in its reading text; each becomes
    ``seg type="parallel"`` (``toolkit.spans``). A span not found fails with IMP009.
    By default (``AUTO``) they come from the edition whose ``edition.toml`` (found
    from the source's folder upwards) lists this source, so a document converts the
    same whichever way it is imported; ``None`` marks none.
    """
    if spans is AUTO:
        spans, spans_file = _auto_spans(Path(source), spans_file)
    source = Path(source)
    metadata = Path(metadata) if metadata else default_metadata(source)
    meta = common.load_metadata(metadata, display=_display(metadata, base))
    fam = family or meta.family
    if not fam:
        raise ToolError(f"{_display(metadata, base)}: no importer family: give --family or set "
                        f"[document] family in the metadata")
    mod = get_family(fam)
    if output is None:
        if meta.file:
            output = (metadata.parent / meta.file)
        else:
            output = source.with_suffix(".xml")
    output = Path(output)
    shown_src = _display(source, base)
    text, raw = common.read_source(source, shown_src)
    meta.source_path = shown_src
    meta.source_name = printable(source.name)
    meta.source_sha256 = common.sha256_text(raw)
    meta.editorial = {**getattr(mod, "EDITORIAL", {}), **meta.editorial}
    text_el = mod.convert(text, meta)

    index = None
    ref = "persons.xml"
    pfile = Path(persons) if persons else output.parent / "persons.xml"
    if pfile.is_file():
        from toolkit.importers.persons import load_persons

        index = load_persons(pfile)
        ref = Path(os.path.relpath(pfile.resolve(), output.parent.resolve())).as_posix()
    elif persons:
        raise ToolError(f"{persons}: no such personography")
    tree = common.build_document(text_el, meta, family=fam, persons=index, persons_ref=ref, source_text=text)
    if spans:
        _mark_spans(tree, spans, spans_file, meta)
    from toolkit.importers.persons import mentions

    counts = {k: v for k, v in _counts_from_tree(tree).items()}
    return ImportResult(source, output, fam, common.serialize(tree), counts,
                        dict(sorted(mentions(tree).items())))


def _mark_spans(tree, spans, spans_file: str, meta) -> None:
    try:
        from toolkit.spans import SpanError, mark_many
    except ModuleNotFoundError:
        raise ToolError("marking apparatus spans needs toolkit.spans, which this installation lacks")
    try:
        mark_many(tree.getroot(), list(spans))
    except SpanError as exc:
        raise InputError(f"{spans_file}: a passage does not fit {meta.doc_id}",
                         [Diagnostic(spans_file, 0, 0, "IMP009", f"in document {meta.doc_id}: {exc}")])


def _auto_spans(source: Path, spans_file: str):
    from toolkit import config

    found = config.find(source.resolve().parent)
    if found is None:
        return None, spans_file
    try:
        ed = config.load(found)
    except ToolError:
        return None, spans_file
    ctx = edition_context(ed, source)
    return ctx.get("spans"), ctx.get("spans_file", spans_file)


def apparatus_spans(edition):
    """``doc id -> spans to mark``, from the edition's ``[apparatus] spec``; None without one.

    The specification is read by the collation layer (``toolkit.collate``); an
    installation without it imports without marking spans.
    """
    spec_rel = (edition.raw.get("apparatus") or {}).get("spec")
    if not spec_rel or not (edition.root / spec_rel).is_file():
        return None
    try:
        from toolkit.collate.edition import load_spec, spans_for
    except ModuleNotFoundError:
        return None
    spec = load_spec(edition.root / spec_rel, {d.id for d in edition.documents})
    return lambda doc_id: spans_for(spec, doc_id), spec_rel


def _counts_from_tree(tree) -> dict[str, int]:
    T = common.T
    root = tree.getroot()
    return {
        "corr": sum(1 for _ in root.iter(T + "corr")),
        "reg": sum(1 for _ in root.iter(T + "reg")),
        "supplied": sum(1 for _ in root.iter(T + "supplied")),
        "gap": sum(1 for _ in root.iter(T + "gap")),
        "persName": sum(1 for _ in root.iter(T + "persName")),
    }


def refuse_overwrite(output: Path, base: Path | None = None) -> None:
    shown = _display(output, base)
    raise InputError(
        f"{shown} exists; not overwritten (use --force: the previous file is kept as a backup)",
        [Diagnostic(shown, 0, 0, "IMP005",
                    "output exists and may hold editorial work; refusing to overwrite without --force")])


def write_result(res: ImportResult, *, force: bool = False, base: Path | None = None) -> ImportResult:
    """Write a converted document, keeping any previous file as ``FILE.bak`` (rotated)."""
    out = res.output
    if out.exists():
        if not force:
            refuse_overwrite(out, base)
        if out.read_bytes() == res.data:
            res.unchanged = True
            return res
        res.backup = common.backup_path(out)
        shutil.copy2(out, res.backup)
    common.write_atomic(out, res.data)
    res.written = True
    return res


def import_source(source: Path, *, family: str | None = None, metadata: Path | None = None,
                  output: Path | None = None, force: bool = False, persons: Path | None = None,
                  base: Path | None = None, spans=AUTO,
                  spans_file: str = "the apparatus specification") -> ImportResult:
    """Convert ``source`` to TEI and write it.

    ``metadata`` defaults to the source's ``.toml`` sibling; ``family`` to the TOML's
    ``[document] family``; ``output`` to the TOML's ``[document] file`` (relative to the
    TOML) or the source's ``.xml`` sibling. An existing output is refused
    (``InputError``, IMP005) unless ``force``; then the previous file is kept as a
    backup. ``persons`` is the personography (default: ``persons.xml`` beside the
    output, if present). ``base`` is the folder paths are shown relative to.
    """
    output = Path(output) if output else None
    if output is not None and output.exists() and not force:
        refuse_overwrite(output, base)
    res = convert_source(source, family=family, metadata=metadata, output=output,
                         persons=persons, base=base, spans=spans, spans_file=spans_file)
    return write_result(res, force=force, base=base)


def edition_context(edition, source: Path) -> dict:
    """Options that make importing one source of an edition give what importing the
    edition gives: its output file, personography and apparatus spans (empty dict
    when the source is not one of the edition's documents)."""
    src = Path(source).resolve()
    for d in edition.documents:
        if d.source and d.source.resolve() == src:
            ctx: dict = {"base": edition.root}
            for a in edition.authority:
                if a.name == "persons.xml" and a.is_file():
                    ctx["persons"] = a
            app = apparatus_spans(edition)
            if app:
                ctx["spans"], ctx["spans_file"] = app[0](d.id), app[1]
            ctx["output"], ctx["family"], ctx["metadata"] = d.file, d.importer, d.metadata
            return ctx
    return {}


def import_edition(edition, *, force: bool = False, only: list[str] | None = None,
                   check: bool = False) -> list[ImportResult]:
    """(Re)import every document of an edition that names a source and an importer.

    All documents are converted in memory first; nothing is written unless every one
    converts, and (without ``force``) none of their outputs exists.
    """
    docs = [d for d in edition.documents if d.source and d.importer and (not only or d.id in only)]
    if only:
        unknown = sorted(set(only) - {d.id for d in edition.documents})
        if unknown:
            raise ToolError(f"no document with id {', '.join(unknown)} in edition.toml")
    if not docs:
        raise ToolError("edition.toml lists no document with a source and an importer")
    base = edition.root
    if not force and not check:
        existing = [d.file for d in docs if d.file.exists()]
        if existing:
            diags = [Diagnostic(_display(p, base), 0, 0, "IMP005",
                                "output exists and may hold editorial work; refusing to overwrite without --force")
                     for p in existing]
            raise InputError(f"{len(existing)} output file(s) exist; nothing written (use --force: "
                             f"previous files are kept as backups)", diags)
    persons = None
    for a in edition.authority:
        if a.name == "persons.xml" and a.is_file():
            persons = a
    results = []
    diags: list[Diagnostic] = []
    app = apparatus_spans(edition)
    for d in docs:
        try:
            res = convert_source(d.source, family=d.importer, metadata=d.metadata, output=d.file,
                                 persons=persons, base=base,
                                 spans=app[0](d.id) if app else None,
                                 spans_file=app[1] if app else "the apparatus specification")
        except InputError as exc:
            diags.extend(exc.diagnostics or [Diagnostic(_display(d.source, base), 0, 0, "IMP010", str(exc))])
            continue
        meta_id = res.data.split(b'xml:id="', 1)[1].split(b'"', 1)[0].decode()
        if meta_id != d.id:
            raise ToolError(f"{_display(d.metadata, base)}: [document] id {meta_id!r} differs from "
                            f"edition.toml's {d.id!r}")
        results.append(res)
    if diags:
        raise InputError(f"{len(diags)} problem(s); nothing written", diags)
    if check:
        return results
    for res in results:
        write_result(res, force=True, base=base)
    return results
