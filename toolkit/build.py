"""The build pipeline: validate, then render every (format, document) unit.

``build(target, formats, output, jobs, validate, force, progress) -> BuildReport``

* **Units of work.** Each output format renders each document on its own
  (``FORMAT.render_document``), then once for the whole edition
  (``FORMAT.render_edition``: home page, indexes, combined files).
* **Incremental.** A manifest in the output folder (``.teikit-manifest.json``)
  records, for every unit, a SHA-256 key over everything the unit's output depends
  on: the document's bytes, every stylesheet of the format, the format module,
  the schema files, the authority files, the relevant ``edition.toml`` tables, the
  options and the toolkit version; and the files the unit wrote, with their
  hashes. A unit whose key is unchanged and whose files are still there is not
  rendered again; a build in which no unit is stale writes nothing at all.
  Validation results are cached the same way.
* **Parallel.** Stale document units run in a pool of processes (saxonche holds
  the GIL during a transform, so threads would not help); each worker compiles
  each stylesheet once (``toolkit.saxon`` caches per process).
* **Atomic.** Every unit renders into a private folder inside a temporary work
  folder beside the outputs. Each format's new folder is assembled there
  (unchanged units' files copied from the current output, new ones moved in) and
  swapped into place by renaming only after every unit of every format has
  succeeded. A failure or an interrupt before that leaves the previous output
  byte-identical; the work folder is removed.
* **Deterministic.** Unit order, manifest and file assembly depend only on the
  inputs, never on completion order or on the folder the edition lives in.

The library never imports click; progress is reported through a callback.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from toolkit import __version__
from toolkit.fsutil import file_digest, write_atomic
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, TeikitError, ToolError

MANIFEST = ".teikit-manifest.json"
MANIFEST_VERSION = 1
#: Formats built for plain files and folders (no edition.toml).
DEFAULT_PATH_FORMATS = ("html", "text")
TEI_NS = "http://www.tei-c.org/ns/1.0"
_WORK_PREFIX = ".teikit-work-"  # + pid + random suffix

#: progress(done, total, label)
ProgressCallback = Callable[[int, int, str], None]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Source:
    """One TEI document to render: its path and its name relative to the project."""

    path: Path
    rel: str
    id: str | None = None


@dataclass
class Project:
    """What a build works on: an edition, or loose files (any TEI)."""

    root: Path
    documents: list[Source]
    edition: Any = None  # toolkit.config.Edition or None
    default_output: Path | None = None

    @property
    def is_edition(self) -> bool:
        return self.edition is not None

    def config_files(self) -> list[Path]:
        """Files besides the documents that every unit depends on."""
        if self.edition is None:
            return []
        out = list(self.edition.authority)
        for p in (self.edition.rng, self.edition.schematron):
            if p is not None:
                out.append(p)
        return out


@dataclass
class BuildReport:
    output: Path
    formats: list[str]
    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    validation: str = "skipped"  # 'ran' | 'cached' | 'skipped'
    changed_formats: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: peak resident memory (MB) of the processes that rendered (this one included)
    peak_rss_mb: float = 0.0

    @property
    def noop(self) -> bool:
        return not self.rendered

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def summary(self) -> str:
        n_docs = len({u.split(":", 2)[2] for u in self.rendered + self.skipped if u.count(":") >= 2})
        w = len(self.warnings)
        if self.noop:
            head = f"up to date: {', '.join(self.formats)} ({n_docs} document{'s' if n_docs != 1 else ''})"
        else:
            head = (f"built {', '.join(self.changed_formats)}: {len(self.rendered)} unit"
                    f"{'s' if len(self.rendered) != 1 else ''} rendered, {len(self.skipped)} up to date")
        tail = f", {w} warning{'s' if w != 1 else ''}" if w else ""
        return f"{head}{tail} in {self.seconds:.2f} s -> {self.output.name}/"


@dataclass(frozen=True)
class Unit:
    format: str
    kind: str  # 'document' | 'edition'
    source: Source | None
    key: str

    @property
    def id(self) -> str:
        return f"{self.format}:edition" if self.kind == "edition" else f"{self.format}:document:{self.source.rel}"


# --------------------------------------------------------------------------- hashing


def _h(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)


def _files_key(paths: Iterable[Path], base: Path | None = None) -> str:
    parts = []
    for p in paths:
        name = _relname(p, base) if base else p.name
        try:
            parts.append(f"{name}={file_digest(p)}")
        except FileNotFoundError:
            parts.append(f"{name}=<missing>")
    return _h(*parts)


def _relname(p: Path, base: Path) -> str:
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return p.name


# --------------------------------------------------------------------------- project


def load_project(target: Any = None) -> Project:
    """An Edition, an edition.toml path/folder, a list of TEI files or folders, or None (./edition.toml)."""
    from toolkit import config

    if target is None:
        ed = config.load(None)
        return _edition_project(ed)
    if isinstance(target, config.Edition):
        return _edition_project(target)
    if isinstance(target, (str, Path)):
        target = [target]
    paths = [Path(p) for p in target]
    if len(paths) == 1 and (paths[0].name == config.CONFIG_NAME or (paths[0] / config.CONFIG_NAME).is_file()):
        return _edition_project(config.load(paths[0]))
    return _paths_project(paths)


def _edition_project(ed) -> Project:
    docs = []
    for d in ed.documents:
        if not d.file.is_file():
            raise ToolError(f"{config_rel(ed, d.file)}: document '{d.id}' listed in edition.toml does not exist")
        docs.append(Source(d.file.resolve(), config_rel(ed, d.file), d.id))
    if not docs:
        raise ToolError("edition.toml lists no [[documents]]")
    return Project(root=ed.root, documents=docs, edition=ed, default_output=ed.output_dir())


def config_rel(ed, p: Path) -> str:
    return _relname(p, ed.root)


def _paths_project(paths: list[Path]) -> Project:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*.xml")):
                rel_parts = f.relative_to(p).parts
                if any(part.startswith(".") or part.startswith("_build") for part in rel_parts):
                    continue
                files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            raise ToolError(f"{p}: no such file or folder")
    if not files:
        raise ToolError(f"no .xml files in {', '.join(str(p) for p in paths)}")
    resolved = []
    seen = set()
    for f in files:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            resolved.append(r)
    root = Path(os.path.commonpath([str(r.parent) for r in resolved]))
    docs = [Source(r, r.relative_to(root).as_posix()) for r in resolved]
    return Project(root=root, documents=docs, edition=None, default_output=Path.cwd() / "_build")


def _check_names(project: Project, out: Path) -> None:
    """A name that is not UTF-8 (Linux allows any byte) cannot be built: outputs are
    named after their sources and linked from one another, and Saxon takes paths as
    UTF-8 text. Each such name is an error (BLD004), before anything is written."""
    from toolkit.fsutil import is_utf8, printable

    diags = [Diagnostic(printable(s.rel), 0, 0, "BLD004", "the file name is not UTF-8: outputs are named after it "
                        "and linked from the others; rename it") for s in project.documents if not is_utf8(s.rel)]
    diags += [Diagnostic(printable(p), 0, 0, "BLD004", f"the path of the {what} is not UTF-8 (a folder above it): "
                         "Saxon cannot read or write there; move or rename it")
              for what, p in (("sources", project.root), ("output folder", out)) if not is_utf8(p)]
    if diags:
        raise InputError(f"{len(diags)} name{'s' if len(diags) != 1 else ''} not UTF-8; nothing built", diags)



# --------------------------------------------------------------------------- validation hook


def run_validation(project: Project, level: str, jobs: int | None = None) -> list[Diagnostic]:
    """Validate before building. ``level`` is 'full' (:func:`toolkit.validate.validate`:
    RELAX NG, Schematron, reference integrity) or 'wellformed' (a safe parse only, the
    default for someone else's TEI, which is rarely valid against any schema we know)."""
    if level != "full":
        return _wellformed(project)
    from toolkit.validate import validate

    files = [s.path for s in project.documents]
    schemas: list[Path] = []
    if project.edition is not None:
        files += list(project.edition.authority)
        schemas = [p for p in (project.edition.rng, project.edition.schematron) if p is not None]
    result = validate(files, schemas=schemas, jobs=jobs, cross_file_ids=project.is_edition)
    return list(result.diagnostics)


def validation_inputs(project: Project) -> list[Path]:
    """Every file validation reads: documents, authority files, the edition's and the bundled schemas."""
    from toolkit import resources

    bundled = [resources.schema(n) for n in ("edition.rng", "edition.sch")]
    return [s.path for s in project.documents] + project.config_files() + [p for p in bundled if p.is_file()]


def parse(path: Path, name: str):
    """Parse safely (toolkit.xmlsafe), naming the file ``name`` in diagnostics."""
    from toolkit import xmlsafe

    xmlsafe.check_size(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ToolError(f"{name}: cannot read ({exc.strerror})")
    return xmlsafe.parse_bytes(data, name, base_url=xmlsafe.base_url(path))


def _wellformed(project: Project) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    files = [s.path for s in project.documents] + [p for p in project.config_files() if p.suffix == ".xml"]
    for f in files:
        try:
            parse(f, _relname(f, project.root))
        except InputError as exc:
            diags += exc.diagnostics
    return diags


# --------------------------------------------------------------------------- unknown elements


_handled_cache: dict[str, frozenset[str]] = {}
_AXIS_SELF_RE = re.compile(r"self::(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_XSL = "http://www.w3.org/1999/XSL/Transform"


def handled_elements(fmt) -> frozenset[str]:
    """Local names of TEI elements the format renders specifically.

    A format may declare them (``FORMAT.handled_elements()``); otherwise they are
    read from its stylesheets (:func:`elements_in_stylesheets`).
    """
    name = getattr(fmt, "name", repr(fmt))
    got = _handled_cache.get(name)
    if got is None:
        if hasattr(fmt, "handled_elements"):
            got = frozenset(fmt.handled_elements())
        else:
            got = elements_in_stylesheets(fmt.stylesheets())
        _handled_cache[name] = got
    return got


def elements_in_stylesheets(paths: Iterable[Path]) -> frozenset[str]:
    """Element names named by the ``match`` patterns of XSLT templates (the last step
    of each alternative), by ``self::`` tests anywhere in the stylesheets, and by the
    string literals of variables whose name ends in ``-names`` (lists of element names a
    stylesheet handles by name, such as the text format's block names)."""
    names: set[str] = set()
    for path in paths:
        if Path(path).suffix not in (".xsl", ".xslt"):
            continue
        try:
            tree = parse(Path(path), Path(path).name)
        except TeikitError:
            continue
        for el in tree.iter(f"{{{_XSL}}}template"):
            m = el.get("match")
            if not m:
                continue
            for alt in m.split("|"):
                step = re.sub(r"\[.*", "", alt.strip())  # the last step before a predicate names the element
                last = re.split(r"/+", step)[-1].strip()
                mm = re.fullmatch(r"(?:[\w.\-*]+:)?([A-Za-z_][\w.\-]*)", last)
                if mm and mm.group(1) not in ("node", "text", "comment"):
                    names.add(mm.group(1))
        for el in tree.iter(f"{{{_XSL}}}variable"):
            if (el.get("name") or "").endswith("-names"):
                names.update(re.findall(r"'([A-Za-z_][\w.\-]*)'", el.get("select") or ""))
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in ("match", "test", "select", "group-by", "group-adjacent"):
                v = el.get(attr)
                if v and "self::" in v:
                    names.update(_AXIS_SELF_RE.findall(v))
    return frozenset(names)


#: Lists of metadata met inside a text (witnesses, persons): never running text, so
#: their children are not reported.
_OPAQUE = frozenset({"listWit", "listPerson", "listPlace", "listOrg", "standOff", "facsimile", "sourceDoc"})


def scan_document(path: Path, rel: str, handled: frozenset[str], fmt_name: str, tree=None) -> list[Diagnostic]:
    """Warn about elements the format renders only generically, and about roots that are not TEI P5."""
    from lxml import etree

    tree = tree if tree is not None else parse(path, rel)
    root = tree.getroot()
    diags: list[Diagnostic] = []
    qn = etree.QName(root)
    if qn.namespace != TEI_NS or qn.localname not in ("TEI", "teiCorpus"):
        shown = f"{{{qn.namespace}}}{qn.localname}" if qn.namespace else qn.localname
        diags.append(Diagnostic(rel, root.sourceline or 0, 0, "BLD002",
                                f"root element <{shown}> is not TEI P5 (TEI or teiCorpus in {TEI_NS}); "
                                f"its text is rendered generically by {fmt_name}", "warning"))
        return diags
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for text_el in root.iter(f"{{{TEI_NS}}}text"):
        for el in text_el.iter():
            if not isinstance(el.tag, str):
                continue
            if any(etree.QName(a).localname in _OPAQUE for a in el.iterancestors()):
                continue
            q = etree.QName(el)
            if q.namespace == TEI_NS and q.localname in handled:
                continue
            name = q.localname if q.namespace == TEI_NS else f"{{{q.namespace}}}{q.localname}"
            if q.namespace == "http://www.w3.org/2001/XInclude":
                continue
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, el.sourceline or 0)
    for name in sorted(counts, key=lambda n: (first[n], n)):
        diags.append(Diagnostic(rel, first[name], 0, "BLD001",
                                f"element <{name}> ({counts[name]}x) has no specific rendering; "
                                f"rendered generically by {fmt_name}", "warning"))
    return diags


# --------------------------------------------------------------------------- workers


def _walk(d: Path) -> dict[str, str]:
    out = {}
    for p in sorted(d.rglob("*")):
        if p.is_file() and not p.is_symlink():
            out[p.relative_to(d).as_posix()] = file_digest(p)
    return out


def _render_unit(fmt_name: str, module: str, kind: str, doc: str | None, rel: str | None, docs: list[str],
                 outdir: str, options: dict) -> dict:
    """Run one unit (in a worker or in-process). Never raises: errors come back as data.

    ``module`` is the format's module path (resolved from the registry by the parent,
    so formats registered at run time work in worker processes too)."""
    from importlib import import_module

    from toolkit import saxon

    out = Path(outdir)
    given: list[tuple[Path, str, Path]] = []  # (document, its name in reports, the file Saxon is given)
    try:
        fmt = import_module(module).FORMAT
        diags: list[Diagnostic] = []
        if kind == "document":
            out.mkdir(parents=True, exist_ok=True)
            tree = parse(Path(doc), rel)
            source, diags = _prepared(Path(doc), rel, tree, out)
            given = [(Path(doc), rel, source)]
            if source != Path(doc):
                tree = parse(source, rel)
            diags += scan_document(Path(doc), rel, handled_elements(fmt), fmt_name, tree)
            fmt.render_document(source, out, dict(options))
            files = _walk(out)
        else:
            from toolkit.validate.document import display

            out.mkdir(parents=True, exist_ok=True)
            before = _walk(out)
            srcdir = out.parent / (out.name + ".edition-src")
            safe_docs = [_prepared(Path(p), Path(p).name, None, srcdir / str(i))[0] for i, p in enumerate(docs)]
            given = [(Path(p), display(p), s) for p, s in zip(docs, safe_docs)]
            fmt.render_edition(safe_docs, out, dict(options))
            after = _walk(out)
            files = {k: v for k, v in after.items() if before.get(k) != v}
        return {"ok": True, "files": files, "diagnostics": [d.as_dict() for d in diags], "maxrss_kb": _maxrss_kb()}
    except saxon.Refused as exc:
        d = _refused_diagnostic(exc, fmt_name, given, rel or fmt_name)
        return {"ok": False, "exit": 1, "message": "a document Saxon cannot read (BLD005); nothing built",
                "diagnostics": [d.as_dict()]}
    except TeikitError as exc:
        return {"ok": False, "exit": exc.exit_code, "message": str(exc),
                "diagnostics": [d.as_dict() for d in getattr(exc, "diagnostics", []) or []]}
    except Exception as exc:  # a bug or a library failure inside a format: a tool failure, not a traceback
        import traceback

        return {"ok": False, "exit": 2, "message": f"{fmt_name}: {type(exc).__name__}: {exc}",
                "detail": traceback.format_exc(), "diagnostics": []}


def _refused_diagnostic(exc, fmt_name: str, given: list[tuple[Path, str, Path]], fallback: str) -> Diagnostic:
    """BLD005 for a document lxml reads and Saxon's parser does not (its own limits):
    the document's fault, not the tool's. It names the document Saxon was reading, and
    Saxon's line and column when it read the document's own file (not an expanded copy,
    not a text made from it)."""
    shown, where = fallback, (0, 0)
    for document, name, handed in given:
        if exc.source is not None:
            hit = os.path.realpath(exc.source) == os.path.realpath(handed)
        else:  # a file a stylesheet read: Saxon gives only its name
            hit = exc.name is not None and exc.name == handed.name
        if hit:
            shown = name
            if handed == document:
                where = (exc.line, exc.column)
            break
    return Diagnostic(shown, *where, "BLD005", f"Saxon's XML parser refuses this document "
                      f"({exc.reason.rstrip('.')}); the {fmt_name} output cannot be built")


def _maxrss_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):  # pragma: no cover - not on POSIX
        return 0


_XI_NS = b"http://www.w3.org/2001/XInclude"


def _prepared(doc: Path, rel: str, tree, out: Path) -> tuple[Path, list[Diagnostic]]:
    """The document as the formats should see it. Most documents are passed as they
    are. A document with XIncludes is handed over expanded (through the validator's
    safe loader: local files only, no network); one whose DOCTYPE names an external DTD
    without it, so no parser downstream tries to load an absent or remote DTD. Such a
    copy is written beside the unit's folder under the same file name."""
    from lxml import etree

    data = doc.read_bytes()
    has_xi = _XI_NS in data
    has_dtd = b"<!DOCTYPE" in data[:65536]
    if not (has_xi or has_dtd):
        return doc, []
    diags: list[Diagnostic] = []
    tree = tree if tree is not None else parse(doc, rel)
    if has_xi:
        from toolkit.validate.document import load

        loaded = load(doc, rel)
        if loaded.tree is not None:
            tree = loaded.tree
        for d in loaded.diags:
            if d.severity == "error":
                diags.append(Diagnostic(d.path, d.line, d.col, "BLD003",
                                        f"XInclude not expanded: {d.message}", "warning"))
    elif not (tree.docinfo.system_url or tree.docinfo.public_id):
        return doc, []
    folder = out.parent / (out.name + ".src")
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / doc.name
    body = b"".join(etree.tostring(n) for n in _prolog(tree)) + etree.tostring(tree.getroot(), encoding="UTF-8",
                                                                                xml_declaration=False)
    copy.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n")
    return copy, diags


def _prolog(tree) -> list:
    nodes = []
    n = tree.getroot().getprevious()
    while n is not None:
        nodes.insert(0, n)
        n = n.getprevious()
    return nodes


def _worker_init(warm: tuple[str, ...] = ()):
    import signal
    from importlib import import_module

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    for module in warm:
        try:
            fmt = import_module(module).FORMAT
            if hasattr(fmt, "warm_up"):
                fmt.warm_up()
        except Exception:  # noqa: BLE001 - the unit that needs it reports the problem
            pass


# --------------------------------------------------------------------------- manifest


def read_manifest(output: Path) -> dict:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if data.get("manifest") != MANIFEST_VERSION:
        return {}
    return data


def _write_json_atomic(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n")


def _diags(data: Iterable[dict]) -> list[Diagnostic]:
    return [Diagnostic(**d) for d in data]


_BY_FMT = re.compile(r"^(.*) by ([\w-]+)$")


def merge_format_warnings(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One BLD001/BLD002 warning per file and element, naming every format concerned."""
    merged: dict[tuple, set[str]] = {}
    rest: list[Diagnostic] = []
    for d in diags:
        m = _BY_FMT.match(d.message) if d.code in ("BLD001", "BLD002") else None
        if not m:
            rest.append(d)
            continue
        merged.setdefault((d.path, d.line, d.col, d.code, m.group(1), d.severity), set()).add(m.group(2))
    for (path, line, col, code, msg, sev), fmts in merged.items():
        rest.append(Diagnostic(path, line, col, code, f"{msg} by {', '.join(sorted(fmts))}", sev))
    return sorted(set(rest))


# --------------------------------------------------------------------------- the build


def format_options(project: Project, name: str, overrides: dict | None) -> dict:
    """Options for one format: the edition's metadata (``title``, ``subtitle``,
    ``editors``, ``publisher``, ``date``, ``licence``, ``documents`` = ids in edition
    order) and authority files by name (``persons``, ``parallels``: paths), then
    ``[outputs.<name>]`` of edition.toml, then the overrides (None = not given)."""
    opts: dict[str, Any] = {}
    if project.edition is not None:
        ed = project.edition
        opts.update({"title": ed.title, "subtitle": ed.subtitle, "editors": list(ed.editors),
                     "publisher": ed.publisher, "date": ed.date, "licence": ed.licence,
                     "documents": [d.id for d in ed.documents]})
        for a in ed.authority:
            opts[a.stem] = a
        opts.update(project.edition.outputs.get(name, {}) or {})
    opts.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return opts


def _canon_options(project: Project, options: dict) -> str:
    """Options as hashed: paths relative to the project, so keys do not depend on where it lives."""
    def conv(v):
        if isinstance(v, Path):
            return "path:" + _relname(v, project.root)
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        if isinstance(v, dict):
            return {k: conv(x) for k, x in v.items()}
        return v

    return _canon(conv(options))


def _format_key(project: Project, fmt, name: str, options: dict) -> str:
    sheets = sorted(Path(p).resolve() for p in fmt.stylesheets())
    try:
        module_src = inspect.getsourcefile(type(fmt)) or inspect.getsourcefile(inspect.getmodule(fmt))
    except TypeError:
        module_src = None
    module_key = file_digest(Path(module_src)) if module_src else ""
    from toolkit import resources

    return _h(
        f"teikit {__version__}", f"format {name}", module_key,
        _files_key(sheets, resources.data_root()),
        _files_key(project.config_files(), project.root),
        _canon_options(project, options),
    )


def _resolve_formats(project: Project, formats: Sequence[str] | None) -> list[str]:
    from toolkit import formats as registry

    if formats:
        names = list(dict.fromkeys(formats))
    elif project.edition is not None:
        names = list(project.edition.outputs.get("formats", []) or ["html", "print", "text"])
    else:
        names = list(DEFAULT_PATH_FORMATS)
    for n in names:
        registry.get(n)  # ToolError for an unknown format
    return names


def build(target: Any = None, formats: Sequence[str] | None = None, output: Path | str | None = None,
          jobs: int | None = None, validate: bool | str | None = None, force: bool = False,
          progress: ProgressCallback | None = None, options: dict[str, dict] | None = None) -> BuildReport:
    """Build ``target`` (an Edition, edition.toml, TEI files/folders, or None for ./edition.toml).

    ``validate``: True/'full' runs the validator first, 'wellformed' only parses,
    False skips; None means 'full' for an edition and 'wellformed' for loose files.
    Errors stop the build (InputError, exit 1) before any output is touched.
    ``options`` maps a format name to option overrides (merged over edition.toml).
    """
    from toolkit import formats as registry
    from toolkit.validate import cache as vcache

    t0 = time.perf_counter()
    vcache.new_run()  # a long-lived process (teikit serve) must not trust what an earlier build found
    project = load_project(target)
    names = _resolve_formats(project, formats)
    out = Path(output) if output is not None else project.default_output
    out = out.resolve()
    if not project.is_edition:  # never read back what an earlier build wrote (html copies its TEI sources)
        project.documents = [s for s in project.documents if out not in s.path.parents]
        if not project.documents:
            raise ToolError(f"no TEI files to build outside the output folder {out}")
    _check_names(project, out)
    jobs = max(1, jobs or os.cpu_count() or 1)
    report = BuildReport(output=out, formats=names)

    # --force renders the formats asked for again; the records of the others are kept,
    # so that building one format never makes the next build render the rest
    manifest = read_manifest(out)
    new_manifest: dict[str, Any] = {"manifest": MANIFEST_VERSION, "toolkit": __version__,
                                    "formats": dict(manifest.get("formats", {}))}
    if "validation" in manifest:
        new_manifest["validation"] = manifest["validation"]
    if force:
        manifest = {"formats": {k: v for k, v in manifest.get("formats", {}).items() if k not in names}}

    # 1. plan the units (before validating: workers get ready meanwhile)
    fmt_objs = {n: registry.get(n) for n in names}
    fmt_opts = {n: format_options(project, n, (options or {}).get(n)) for n in names}
    doc_units: list[Unit] = []
    ed_units: dict[str, Unit] = {}
    stale: set[str] = set()
    for n in names:
        fkey = _format_key(project, fmt_objs[n], n, fmt_opts[n])
        old_units = manifest.get("formats", {}).get(n, {}).get("units", {})
        dkeys = []
        for s in project.documents:
            u = Unit(n, "document", s, _h(fkey, s.rel, file_digest(s.path)))
            doc_units.append(u)
            dkeys.append(u.key)
            if not _fresh(u, old_units.get(u.id), out / n):
                stale.add(u.id)
        eu = Unit(n, "edition", None, _h(fkey, *dkeys))
        ed_units[n] = eu
        if not _fresh(eu, old_units.get(eu.id), out / n) or stale & {u.id for u in doc_units if u.format == n}:
            stale.add(eu.id)
        expected = {u.id for u in doc_units if u.format == n} | {eu.id}
        if set(old_units) != expected:
            stale.add(eu.id)  # documents were added or removed: reassemble

    changed = [n for n in names if any(u.format == n for u in doc_units if u.id in stale) or ed_units[n].id in stale]
    report.changed_formats = changed
    runner = _Runner(jobs, warm=[_module(n) for n in changed])
    if changed:
        runner.start()  # worker processes start and compile their stylesheets while this one validates

    try:
        # 2. validation (cached by the content of every file it reads)
        level = {True: "full", False: None, None: "full" if project.is_edition else "wellformed"}.get(validate, validate)
        if level:
            vkey = _h(__version__, level, _files_key(validation_inputs(project), project.root))
            cached = manifest.get("validation", {})
            if cached.get("key") == vkey:
                vdiags = _diags(cached.get("diagnostics", []))
                report.validation = "cached"
            else:
                vdiags = run_validation(project, level, jobs)
                report.validation = "ran"
            errors = [d for d in vdiags if d.severity == "error"]
            if errors:
                raise InputError(f"validation failed: {len(errors)} error{'s' if len(errors) != 1 else ''}; "
                                 f"nothing was built (use --no-validate to build anyway)", sorted(vdiags))
            report.diagnostics += vdiags
            new_manifest["validation"] = {"key": vkey, "diagnostics": [d.as_dict() for d in sorted(vdiags)]}
    except BaseException:
        runner.kill()
        raise

    for u in doc_units + list(ed_units.values()):
        (report.rendered if u.id in stale else report.skipped).append(u.id)
    for u in doc_units + list(ed_units.values()):
        old = manifest.get("formats", {}).get(u.format, {}).get("units", {}).get(u.id)
        if u.id not in stale and old:
            report.diagnostics += _diags(old.get("diagnostics", []))
    if not changed:
        runner.close()
        report.diagnostics = merge_format_warnings(report.diagnostics)
        if new_manifest != manifest and out.is_dir():
            _write_json_atomic(out / MANIFEST, new_manifest)
        report.seconds = time.perf_counter() - t0
        return report

    # 3. render into a work folder beside the outputs
    out.mkdir(parents=True, exist_ok=True)
    clean_stale_work(out)
    work = Path(tempfile.mkdtemp(prefix=f"{_WORK_PREFIX}{os.getpid()}-", dir=out))
    try:
        # edition units that do not read the documents' outputs run beside the document
        # units (into folders of their own, merged below); the others wait for them
        early = [ed_units[n] for n in changed if not needs_document_outputs(fmt_objs[n])]
        late = [ed_units[n] for n in changed if needs_document_outputs(fmt_objs[n])]
        stages: dict[str, Path] = {}
        for n in changed:
            stages[n] = work / "stage" / n
            stages[n].mkdir(parents=True)
        owners: dict[str, dict[str, str]] = {n: {} for n in changed}

        def stage(u: Unit, res: dict, src_dir: Path, move: bool) -> None:
            """Put a document unit's files in its format's stage: moved from its work
            folder as soon as it is done (while the pool renders the others), or copied
            from the previous output when it is fresh."""
            folder, owner = stages[u.format], owners[u.format]
            for relf, digest in sorted(res["files"].items()):
                if relf in owner:
                    if _digest_of(folder / relf) != digest:
                        a, b = sorted((u.source.rel, owner[relf]))
                        raise ToolError(f"{u.format}: {a} and {b} both write {relf} with different content")
                    continue
                owner[relf] = u.source.rel
                dest = folder / relf
                dest.parent.mkdir(parents=True, exist_ok=True)
                if move:
                    os.replace(src_dir / relf, dest)
                else:
                    shutil.copyfile(src_dir / relf, dest)
            if move:
                shutil.rmtree(src_dir, ignore_errors=True)

        doc_by_id = {u.id: u for u in doc_units if u.id in stale}

        def on_done(uid: str, res: dict) -> None:
            u = doc_by_id.get(uid)
            if u is not None:
                stage(u, res, work / "units" / _slug(uid), move=True)

        results = _run_document_units(list(doc_by_id.values()), work, fmt_opts, runner, progress,
                                      total=len(report.rendered), project=project, editions=early, on_done=on_done)
        unit_records: dict[str, dict[str, Any]] = {n: {} for n in changed}
        for n in changed:
            old_units = manifest.get("formats", {}).get(n, {}).get("units", {})
            for u in (x for x in doc_units if x.format == n):
                if u.id in stale:
                    res = results[u.id]
                else:
                    res = old_units[u.id]
                    stage(u, res, out / n, move=False)
                unit_records[n][u.id] = {"key": u.key, "files": dict(sorted(res["files"].items())),
                                         "diagnostics": res.get("diagnostics", [])}
                report.diagnostics += _diags(res.get("diagnostics", []))
        # edition-wide units: the early ones' files laid over the documents' (a file the
        # edition unit writes with the same content as a document unit belongs to the
        # document unit, as when the edition unit runs in the stage), then the late ones
        ed_results = {u.format: _lay_over(results[u.id], work / "edition" / u.format, stages[u.format])
                      for u in early}
        ed_results.update(_run_edition_units(late, stages, project, fmt_opts, runner, progress,
                                             done0=len(results), total=len(report.rendered)))
        for n in changed:
            res = ed_results[n]
            unit_records[n][ed_units[n].id] = {"key": ed_units[n].key, "files": dict(sorted(res["files"].items())),
                                               "diagnostics": res.get("diagnostics", [])}
            report.diagnostics += _diags(res.get("diagnostics", []))

        # 4. swap: forget the changed formats in the manifest first, so an interruption
        #    between two renames can only cause extra work next time, never stale output
        interim = dict(new_manifest, formats={k: v for k, v in new_manifest["formats"].items() if k not in changed})
        _write_json_atomic(out / MANIFEST, interim)
        for n in changed:
            final = out / n
            if final.exists():
                os.replace(final, work / f"old-{n}")
            os.replace(stages[n], final)
            new_manifest["formats"][n] = {"units": dict(sorted(unit_records[n].items()))}
        _write_json_atomic(out / MANIFEST, new_manifest)
    finally:
        runner.close()
        shutil.rmtree(work, ignore_errors=True)
    report.diagnostics = merge_format_warnings(report.diagnostics)
    report.peak_rss_mb = max([_maxrss_kb()] + [r.get("maxrss_kb", 0) for r in list(results.values())
                                               + list(ed_results.values())]) / 1024
    report.seconds = time.perf_counter() - t0
    return report


def _digest_of(p: Path) -> str | None:
    try:
        return file_digest(p)
    except FileNotFoundError:
        return None


def _fresh(u: Unit, old: dict | None, folder: Path) -> bool:
    if not old or old.get("key") != u.key:
        return False
    for relf in old.get("files", {}):
        if not (folder / relf).is_file():
            return False
    return True


def _slug(unit_id: str) -> str:
    return hashlib.sha256(unit_id.encode()).hexdigest()[:16]


def _fail(unit_id: str, res: dict) -> TeikitError:
    diags = _diags(res.get("diagnostics", []))
    msg = f"{unit_id}: {res['message']}"
    if res.get("detail"):
        msg += "\n" + res["detail"].rstrip()
    if res.get("exit") == 1:
        return InputError(msg, diags)
    err = ToolError(msg)
    err.diagnostics = diags
    return err


class _Runner:
    """Runs units in this process (one job) or in one pool of worker processes, started
    on first need and kept for every phase of a build (each worker compiles each
    stylesheet once)."""

    def __init__(self, jobs: int, warm: Sequence[str] = ()):
        self.jobs = jobs
        self.warm = tuple(warm)  # format modules whose warm_up() each worker runs first
        self._pool = None

    def pool(self):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from toolkit.saxon import safe_start_method

            ctx = multiprocessing.get_context(safe_start_method())
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["toolkit.build", "toolkit.saxon", "lxml.etree"])
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx, initializer=_worker_init,
                                             initargs=(self.warm,))
        return self._pool

    def start(self) -> None:
        """Start the workers now (with more than one job), rather than at the first unit."""
        if self.jobs > 1:
            pool = self.pool()
            for _ in range(self.jobs):
                pool.submit(os.getpid)

    def kill(self) -> None:
        if self._pool is not None:
            procs = getattr(self._pool, "_processes", None) or {}
            for p in list(procs.values()):
                p.terminate()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _run_parallel(tasks: list[tuple[str, tuple]], runner: _Runner, progress, done0: int,
                  total: int, on_done=None) -> dict[str, dict]:
    """Run ``(unit_id, args)`` tasks; return results by unit id; raise on the first failure (by unit order).
    ``on_done(unit_id, result)`` is called in this process as each task succeeds."""
    results: dict[str, dict] = {}
    done = done0
    if runner.jobs <= 1 or (len(tasks) <= 1 and runner._pool is None):
        for uid, args in tasks:
            res = _render_unit(*args)
            if not res["ok"]:
                raise _fail(uid, res)
            results[uid] = res
            if on_done:
                on_done(uid, res)
            done += 1
            if progress:
                progress(done, total, uid)
        return results
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = runner.pool()
    try:
        futs = {pool.submit(_render_unit, *args): uid for uid, args in tasks}
        pending = set(futs)
        failed: dict[str, dict] = {}
        while pending and not failed:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in sorted(finished, key=lambda f: futs[f]):
                uid = futs[f]
                res = f.result()
                if not res["ok"]:
                    failed[uid] = res
                    continue
                results[uid] = res
                if on_done:
                    on_done(uid, res)
                done += 1
                if progress:
                    progress(done, total, uid)
        if failed:
            first = min(failed, key=[uid for uid, _ in tasks].index)
            raise _fail(first, failed[first])
        return results
    except BrokenProcessPool as exc:
        runner.kill()
        raise ToolError(f"a worker process died ({exc}); run again with --jobs 1 to see the failing document")
    except BaseException:
        runner.kill()
        raise


def _module(name: str) -> str:
    from toolkit import formats

    return formats.REGISTRY[name]


def needs_document_outputs(fmt) -> bool:
    """Whether a format's ``render_edition`` reads what its ``render_document`` wrote
    (then it runs after every document unit); formats say otherwise with
    ``edition_reads_documents = False`` and their edition unit runs beside them."""
    return bool(getattr(fmt, "edition_reads_documents", True))


def _edition_task(u: Unit, outdir: Path, project: Project, fmt_opts: dict) -> tuple[str, tuple]:
    docs = [str(s.path) for s in project.documents]
    return u.id, (u.format, _module(u.format), "edition", None, None, docs, str(outdir), fmt_opts[u.format])


def _run_document_units(units: list[Unit], work: Path, fmt_opts: dict, runner: _Runner, progress, total: int,
                        project: Project, editions: list[Unit] = (), on_done=None):
    # Edition units first (each spans every document: the longest tasks), then the
    # biggest documents first: the pool stays busy to the end.
    order = sorted(units, key=lambda u: (-u.source.path.stat().st_size, u.id))
    tasks = [_edition_task(u, work / "edition" / u.format, project, fmt_opts) for u in editions]
    tasks += [(u.id, (u.format, _module(u.format), "document", str(u.source.path), u.source.rel, [],
                      str(work / "units" / _slug(u.id)), fmt_opts[u.format])) for u in order]
    return _run_parallel(tasks, runner, progress, 0, total, on_done)


def _lay_over(res: dict, folder: Path, stage: Path) -> dict:
    """Move an edition unit's files from its own folder into the stage; its record
    keeps the files it changed there."""
    files = {}
    for relf, digest in sorted(res["files"].items()):
        dest = stage / relf
        if _digest_of(dest) == digest:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder / relf, dest)
        files[relf] = digest
    return dict(res, files=files)


def _run_edition_units(units: list[Unit], stages: dict[str, Path], project: Project, fmt_opts: dict, runner: _Runner,
                       progress, done0: int, total: int) -> dict[str, dict]:
    tasks = [_edition_task(u, stages[u.format], project, fmt_opts) for u in units]
    res = _run_parallel(tasks, runner, progress, done0, total)
    return {u.format: res[u.id] for u in units}


def clean_stale_work(output: Path) -> None:
    """Remove work folders left by a build that was killed (not interrupted) mid-way,
    leaving those of builds still running."""
    for p in output.glob(_WORK_PREFIX + "*"):
        m = re.match(re.escape(_WORK_PREFIX) + r"(\d+)-", p.name)
        if m and _alive(int(m.group(1))):
            continue
        shutil.rmtree(p, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
