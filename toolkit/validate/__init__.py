"""``teikit validate``: well-formedness, RELAX NG, Schematron and reference integrity.

:func:`validate` is the library entry point the CLI calls. For each file:

1. well-formedness and safety (``XML``): safe parse, entity checks, XInclude
   expansion with every node traceable to its own file and line;
2. RELAX NG (``RNG``) through :mod:`toolkit.rng`;
3. Schematron (``SCH``) through :mod:`toolkit.schematron` (XSLT 3.0 on saxonche);
4. reference integrity (``REF``) through :mod:`toolkit.refs`, per file and then across
   the run.

Which schemas apply: ``--schema`` files when given; otherwise the document's own
``<?xml-model?>`` instructions; otherwise the edition's schema (``[schema]`` in
edition.toml, or the bundled ``schemas/edition.rng`` + ``schemas/edition.sch``).

Schemas are compiled once per process. A file's checks run in two stages, which
may run in different worker processes: :func:`check_grammars` (stages 1, 2 and 4, on
lxml; small files in batches that share their pruned grammars) and :func:`check_rules`
(stage 3, on Saxon); see :func:`_in_workers` for how they are shared out. The report
is sorted, so it does not depend on the number of workers nor on the batches.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from toolkit import config, resources
from toolkit.diagnostics import Diagnostic, ordered
from toolkit.errors import ToolError
from toolkit.fsutil import real_path

RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = ("http://purl.oclc.org/dsdl/schematron", "http://www.ascc.net/xml/schematron")
XSD_NS = "http://www.w3.org/2001/XMLSchema"
ENGINES = ("lxml", "jing")
#: runs with at most this many files stay in one process
SMALL_RUN = 8
#: a run this large (bytes) is worth worker processes even with few files
BIG_RUN_BYTES = 2 * 1024 * 1024


#: the work of one file beyond its bytes, as bytes: Saxon's parse and run of a
#: small file costs about 1.2 ms, the time it takes on 12 KB of a big one
FILE_COST = 12 * 1024


def _cost(path) -> int:
    """What validating a file costs, in bytes (its size and :data:`FILE_COST`), for
    batching and for sharing the work between workers: 2,000 letters of 500 bytes are
    not 1 MB of work but 25."""
    try:
        return os.path.getsize(path) + FILE_COST
    except OSError:
        return FILE_COST


@dataclass(frozen=True)
class Options:
    schemas: tuple[tuple[str, str], ...] = ()   # (kind, abspath) given with --schema
    defaults: tuple[tuple[str, str], ...] = ()  # applied when a file has no xml-model
    engine: str = "lxml"
    phase: str | None = None
    defaults_error: str | None = None            # why there are no defaults, raised when needed
    cache: bool = False                          # report what each file's result depends on


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    files: list[str]
    info: dict = field(default_factory=dict)

    def exit_code(self, strict: bool = False) -> int:
        bad = {"error", "warning"} if strict else {"error"}
        return 1 if any(d.severity in bad for d in self.diagnostics) else 0


def __getattr__(name):
    """``CODES`` (the table of diagnostic codes) is re-exported, loaded when asked for."""
    if name == "CODES":
        from toolkit.validate.codes import CODES

        return CODES
    raise AttributeError(name)


# ---------------------------------------------------------------------- inputs


def discover(paths: list[str | Path]) -> list[Path]:
    """Files named, and ``*.xml`` below directories named (sorted, hidden folders
    skipped); a directory without any is a :class:`ToolError`."""
    from toolkit import xmlsafe

    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found += [Path(dirpath) / f for f in filenames if f.endswith(".xml") and not f.startswith(".")]
            if not found:  # a wrong folder must not pass as valid in CI
                raise ToolError(f"{p}: no *.xml file in this directory or below it")
            out += sorted(found, key=lambda f: f.parts)  # (Path's own comparisons make its parts again each time)
        elif p.is_file() or xmlsafe.given(p) is not None:
            out.append(p)
        elif p.is_symlink():
            raise ToolError(f"{p}: symbolic link to nothing (broken, or a loop)")
        elif p.exists():
            raise ToolError(f"{p}: not a file or a directory")
        else:
            raise ToolError(f"{p}: no such file or directory")
    seen, unique = set(), []
    for p in out:
        key = real_path(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def schema_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".rng", ".rnc"):
        return "rng"
    if suffix in (".sch", ".isosch"):
        return "sch"
    raise ToolError(f"{path}: unknown schema type; give a RELAX NG (.rng, .rnc) or Schematron (.sch) file")


def named_schemas(files: list[str | Path]) -> tuple[tuple[str, str], ...]:
    out = []
    for f in files:
        p = Path(f)
        if not p.is_file():
            raise ToolError(f"{p}: schema not found")
        out.append((schema_kind(p), str(p.resolve())))
    return tuple(out)


def default_schemas(edition: config.Edition | None) -> tuple[tuple[str, str], ...]:
    if edition is not None:
        out = []
        for kind, p in (("rng", edition.rng), ("sch", edition.schematron)):
            if p is None:
                continue
            if not p.is_file():
                raise ToolError(f"{p}: schema named in edition.toml [schema] not found")
            out.append((kind, str(p)))
        return tuple(out)
    out = []
    for kind, name in (("rng", "edition.rng"), ("sch", "edition.sch")):
        p = resources.schema(name)
        if p.is_file():
            out.append((kind, str(p)))
    return tuple(out)


# ---------------------------------------------------------------------- one file


def _models(doc, opts: Options) -> tuple[list[tuple[str, str, str | None]], list[Diagnostic]]:
    """Schemas named by the document's xml-model instructions, as ``(kind, path,
    Schematron phase or None)``."""
    from toolkit.validate.document import pi_column, schema_target, xml_models

    models = xml_models(doc.tree)
    if not models:
        if opts.defaults_error:
            raise ToolError(opts.defaults_error)
        return [(kind, path, None) for kind, path in opts.defaults], []
    out, diags = [], []
    for attrs, line in models:
        def col(line=line):  # read from the file only for a diagnostic
            return pi_column(doc.lines(doc.abspath), line)

        href = (attrs.get("href") or "").strip()
        if not href:
            diags.append(Diagnostic(doc.path, line, col(), "XML022", "xml-model without an href; ignored", "warning"))
            continue
        ns = attrs.get("schematypens", "")
        typ = attrs.get("type", "")
        lower = href.lower().split("#")[0]
        if ns == RNG_NS or (not ns and (lower.endswith((".rng", ".rnc")) or "relax-ng-compact" in typ)):
            kind = "rng"
        elif ns in SCH_NS or (not ns and lower.endswith((".sch", ".isosch"))):
            kind = "sch"
        else:
            what = "XML Schema" if ns == XSD_NS or lower.endswith(".xsd") else f"schema {href}"
            diags.append(Diagnostic(doc.path, line, col(), "XML023",
                                    f"xml-model names {what}, which teikit does not run; ignored", "warning"))
            continue
        target, real = schema_target(href, doc.abspath)
        if target is None:
            diags.append(Diagnostic(doc.path, line, col(), "XML020",
                                    f"xml-model names a remote schema that is not bundled, not fetched: {href} "
                                    "(give a local copy with --schema)", "warning"))
            continue
        doc.reads.add(target)
        if real is None:
            diags.append(Diagnostic(doc.path, line, col(), "XML021", f"xml-model names a schema that does not exist: {href}"))
            continue
        phase = (attrs.get("phase") or "").strip() or None
        if kind != "sch" or opts.phase:
            phase = None  # RELAX NG has no phases; --phase decides for every schema
        elif phase not in (None, "#ALL", "#DEFAULT"):
            from toolkit import schematron

            known = schematron.phases(target)
            if phase not in known:
                diags.append(Diagnostic(doc.path, line, col(), "XML024",
                                        f"xml-model names Schematron phase {phase!r}, which {href} does not define "
                                        f"(phases: {', '.join(sorted(known)) or 'none'}); its default phase is run"))
                phase = None
        out.append((kind, real, phase))
    return out, diags


def _combine(grammar, rules, path: str):
    """A file's result, from the results of its two stages (``rules``: None when no
    Schematron ran)."""
    if rules is None:
        return grammar
    found, digest = rules
    diags, docrefs, jing_jobs, deps = grammar
    if deps is not None and deps.get(real_path(path)) != digest:
        deps = None  # the stages judged different bytes: nothing is cached
    return diags + found, docrefs, jing_jobs, deps


def check_grammars(tasks: list[tuple[str, str]], opts: Options) -> list:
    """Well-formedness, RELAX NG and the references inside each file (``(path,
    shown)`` pairs). For each, ``(diagnostics, DocRefs or None, Jing jobs, deps)``;
    the Jing jobs are the ``(schema, abspath, shown)`` RELAX NG checks left to one
    batched Jing run (``--engine jing``); ``deps`` (with ``opts.cache``) maps every
    file the file's result depends on (its Schematron schemas included) to the digest
    of its bytes (None: absent), or is None when the result must not be cached.

    The files are loaded first, then judged: the verdicts of all the files a RELAX NG
    schema applies to are decided by one grammar, pruned to the names any of them
    uses (see ``rng.validate``), so that many small files cost one pruned grammar
    instead of one each. A file's report is the same, alone or with others."""
    from toolkit.validate import cache

    loaded = []
    verdict: dict = {}  # RELAX NG schema -> the names of the files it decides
    for path, shown in tasks:
        before = cache.digest(path) if opts.cache else None
        doc, schemas, diags = _load(path, shown, opts)
        loaded.append((path, before, doc, schemas, diags))
        for schema in _lxml_schemas(doc, schemas, opts):
            names = doc.scan().names
            verdict[schema] = verdict[schema] | names if schema in verdict else names
    out = []
    for path, before, doc, schemas, diags in loaded:
        diags, docrefs, jing_jobs = _judge(doc, schemas, diags, opts, verdict)
        out.append((diags, docrefs, jing_jobs, _deps(path, before, doc, schemas, opts, jing_jobs)))
    return out


def _deps(path: str, before, doc, schemas, opts: Options, jing_jobs):
    """What a file's result depends on (see :func:`check_grammars`), or None."""
    from toolkit.validate import cache

    if not opts.cache or jing_jobs or before is None or cache.digest(path) != before:
        return None
    deps = {str(doc.abspath): before}
    known = cache.schemas()
    for kind, schema, _ in schemas:
        if kind == "sch" and not known.pure(schema):
            return None
        for f in known.files(schema):
            deps.setdefault(f, None)
    for f in doc.reads:
        deps.setdefault(str(f), None)
    for f in deps:
        if f != str(doc.abspath):
            deps[f] = cache.digest_of_dependency(f)
    return deps


def _schemas_of(doc, opts: Options):
    """The schemas that apply to a document, as ``(kind, path, Schematron phase or
    None)``, and diagnostics about its xml-models."""
    if opts.schemas:
        return [(kind, path, None) for kind, path in opts.schemas], []
    return _models(doc, opts)


def _load(path: str, shown: str, opts: Options):
    """``(document, the schemas that apply, diagnostics so far)``."""
    from toolkit.validate.document import load

    doc = load(path, shown)
    diags = list(doc.diags)
    if doc.tree is None:
        return doc, [], diags
    schemas, more = _schemas_of(doc, opts)
    return doc, schemas, diags + more


def _lxml_schemas(doc, schemas, opts: Options) -> list[str]:
    """The RELAX NG schemas the lxml engine checks a loaded document against."""
    if doc.tree is None or (opts.engine == "jing" and doc.as_on_disk()):
        return []
    return [schema for kind, schema, _ in schemas if kind == "rng"]


def _judge(doc, schemas, diags: list, opts: Options, verdict: dict):
    """RELAX NG and the references inside a loaded document: ``(diagnostics, DocRefs
    or None, Jing jobs)``; ``verdict`` maps each RELAX NG schema to the names its
    verdict grammar is pruned to."""
    from toolkit import refs

    jing_jobs = []
    if doc.tree is None:
        return diags, None, jing_jobs
    lxml_schemas = _lxml_schemas(doc, schemas, opts)
    for kind, schema, _ in schemas:
        if kind != "rng":
            continue
        if schema in lxml_schemas:
            diags = diags + _rng(doc, schema, verdict.get(schema))
        else:
            jing_jobs.append((schema, str(doc.abspath), doc.path))
    docrefs, more = refs.collect(doc)
    return diags + more, docrefs, jing_jobs


_OTHER_ENCODING = re.compile(rb"""^<\?xml\s[^>]*?encoding\s*=\s*["'](?!utf-?8["'])""", re.I)
_XI_NS = b"http://www.w3.org/2001/XInclude"


def check_rules(path: str, shown: str, opts: Options) -> tuple[list[Diagnostic], str | None]:
    """The Schematron stage of one file: ``(findings, SHA-256 of the bytes judged)``.

    The digest (with ``opts.cache``) is None when the file changed while being judged:
    the findings are reported, but not cached. A file that cannot be read or parsed
    gives no findings: :func:`check_grammars` reports why."""
    import hashlib

    from toolkit import xmlsafe
    from toolkit.errors import InputError

    try:
        data = xmlsafe.read(path)
    except (InputError, ToolError):
        return [], None
    found = _rules(path, shown, opts, data)
    if not opts.cache:
        return found, None
    try:
        unchanged = xmlsafe.read(path) == data
    except (InputError, ToolError):
        unchanged = False
    return found, hashlib.sha256(data).hexdigest() if unchanged else None


def _rules(path: str, shown: str, opts: Options, data: bytes) -> list[Diagnostic]:
    """Schematron's findings on a file whose bytes are ``data``.

    A UTF-8 file that Saxon may read as it is (no DTD: see ``xmlsafe.root_start``)
    and that has no XInclude is the very document the other stages see, so Saxon
    parses the file itself; any other file is loaded (entities checked, XIncludes
    expanded) and Saxon gets that tree as text. Elements are located (with lxml) only
    when there are findings."""
    from toolkit import saxon, schematron, xmlsafe
    from toolkit.errors import InputError
    from toolkit.validate.document import Document, display, load

    abspath = Path(real_path(path))
    doc = None
    raw = False  # Saxon reads the file itself
    if _XI_NS not in data and not _OTHER_ENCODING.match(data.lstrip(b"\xef\xbb\xbf")) \
            and xmlsafe.given(path) is None:
        try:
            root, complete = xmlsafe.root_start(path, data)  # the prolog holds the xml-models
            if not complete:
                raw = True
                doc = Document(path=shown or display(path), abspath=abspath, tree=root.getroottree())
        except InputError:
            pass
    if doc is None:
        doc = load(path, shown)
        if doc.tree is None:
            return []
    schemas = [(s, phase) for kind, s, phase in _schemas_of(doc, opts)[0] if kind == "sch"]
    if not schemas:
        return []
    node = None
    refused = None
    if raw:
        try:
            node = saxon.parse_xml(path=abspath)
        except ToolError as exc:
            doc = load(path, shown)  # not well-formed after all: check_grammars says where
            if doc.tree is None:
                return []
            raw = False
            refused = exc  # (where, in the file, if Saxon refuses the tree too)
    if node is None:
        try:
            node = saxon.parse_xml(text=doc.text_for_saxon(), base_uri=abspath.as_uri())
        except saxon.Refused as exc:
            # a document lxml reads and Saxon's parser does not (its own limits): the
            # rules could not run, which CI must not take for a pass
            line, col = (refused.line, refused.column) if isinstance(refused, saxon.Refused) else (0, 0)
            return [Diagnostic(doc.path, line, col, "SCH001",
                               f"Schematron not run: Saxon's XML parser refuses this document ({exc.reason})")]
    located = None
    found = []
    for schema, phase in schemas:
        key = (schema, opts.phase or phase)
        validator = _run_validators.get(key)
        if validator is None:  # (found once a run: the lookup checks the schema's files on disk)
            validator = _run_validators[key] = schematron.validator(*key)
        for loc, check, message in validator.run_node(node, shown or display(path)):
            if located is None:
                located = load(path, shown) if raw else doc
                if located.tree is None:  # Saxon read what lxml does not: check_grammars says why
                    return []
                children: dict = {}
            el, attr = schematron.locate(located.tree.getroot(), loc, children)
            found.append(located.diag(el, check.code, message, check.severity, attr))
    return found


#: the Schematron validators of the current run, by (schema, phase): a run judges
#: every file by the schema as it was when the run first needed it
_run_validators: dict = {}


def _rng(doc, schema: str, verdict_names=None) -> list[Diagnostic]:
    """RELAX NG on the lxml engine (Jing reads files: see ``as_on_disk``)."""
    from toolkit import rng

    tree = doc.tree
    if doc.has_entities():
        tree = doc.without_entities().getroottree()
    scan = doc.scan()
    found = rng.validate(tree, schema, path=doc.path, engine="lxml", names=scan.names,
                         verdict_names=verdict_names, xml_ids_checked=True,  # REF001 (refs.collect)
                         xml_ids_repeat=len({value for _, value in scan.ids}) < len(scan.ids))
    if not doc.origins:
        return found
    # XIncluded content: lines of included nodes belong to their own files
    return [_reattribute(doc, d) for d in found]


def _reattribute(doc, d: Diagnostic) -> Diagnostic:
    """A RELAX NG diagnostic on an expanded document carries the main file's name
    and the line of the node, which may come from an included file: find the
    element on that line (named in the message, if several) and take its file."""
    if d.path != doc.path or not d.line:
        return d
    found = [e for e in doc.tree.getroot().iter(tag=etree.Element) if e.sourceline == d.line]
    if len(found) > 1:
        named = re.findall(r'(?:element|in|on) "(?:[^":]+:)?([^"]+)"', d.message)
        if named:
            narrowed = [e for e in found if etree.QName(e).localname == named[0]]
            found = narrowed or found
    files = {doc.file_of(e) for e in found}
    if len(files) != 1:
        return d
    f = files.pop()
    if f == doc.abspath:
        return d
    places = {doc.place(e) for e in found}
    p, line, col = places.pop() if len(places) == 1 else (doc.shown(f), d.line, 0)
    return Diagnostic(p, line, col, d.code, d.message, d.severity)


def _work(args):
    """One unit in a worker: a stage of a batch of files; a result for each file."""
    stage, batch, opts = args
    if stage == "grammar":
        return check_grammars(batch, opts)
    return [check_rules(path, shown, opts) for path, shown in batch]


def _schematron_may_run(opts: Options) -> bool:
    """False when no file can get a Schematron schema (``--schema`` names none)."""
    return not opts.schemas or any(kind == "sch" for kind, _ in opts.schemas)


#: a worker starts Saxon for Schematron units it does not prefer only when this much remains
STEAL_BYTES = 1024 * 1024
#: files smaller than this (bytes) are validated in batches: a batch's files share
#: their pruned grammars (see check_grammars) and each stage of a batch is one unit
BATCH_FILE = 256 * 1024
#: a batch holds at most this many bytes and this many files
BATCH_BYTES = 512 * 1024
BATCH_FILES = 64


def _batches(order: list[int], sizes: dict, limit: int | None = None) -> list[list[int]]:
    """Tasks grouped, in their order: a big file alone, small files together (see
    :data:`BATCH_FILE`), at most ``limit`` (default :data:`BATCH_BYTES`) bytes and
    :data:`BATCH_FILES` files in a batch."""
    limit = limit or BATCH_BYTES
    units, batch, total = [], [], 0
    for i in order:
        if sizes[i] >= BATCH_FILE:
            units.append([i])
            continue
        if batch and (total + sizes[i] > limit or len(batch) >= BATCH_FILES):
            units.append(batch)
            batch, total = [], 0
        batch.append(i)
        total += sizes[i]
    if batch:
        units.append(batch)
    return units


def _in_workers(batches: list, sizes: list[int], opts: Options, jobs: int, schematron: bool, done) -> None:
    """Both stages of each batch of ``(path, shown)`` tasks in worker processes;
    ``done(b, grammar, rules)`` is called, in this process, with batch ``b``'s
    results (a list for each stage; ``rules`` is None without Schematron) as soon as
    both are in, while the workers go on.

    Each batch's stages are separate units, so that one big file keeps two workers
    busy. Half the workers prefer the Schematron units and the others the rest, so
    Saxon (its start-up, its compiled schemas, its memory) stays in as few processes
    as the work allows; a worker whose kind of unit has run out takes the other kind
    (Schematron units only while at least :data:`STEAL_BYTES` of them remain, which
    is worth starting Saxon for). Within a kind, the biggest batches go first (they
    come sorted so), so that the workers finish together. A pool holds one unit more
    than it has workers while more units are left than there are workers: a worker
    starts its next unit as soon as it has sent a result, instead of waiting for this
    process to receive it (a big file's references take a few hundredths of a second
    to send); near the end no unit waits behind a busy worker while another worker
    could take it. The report is sorted, so it does not depend on any of this."""
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    from toolkit.saxon import safe_start_method

    queues = {"grammar": deque(range(len(batches))), "rules": deque(range(len(batches)) if schematron else ())}
    results: dict = {}  # batch index -> {stage: results}, until both are in
    units = len(queues["grammar"]) + len(queues["rules"])
    n_rules = jobs // 2 if schematron else 0
    counts = [(n, pref) for n, pref in ((min(jobs - n_rules, units), "grammar"), (min(n_rules, units), "rules")) if n]
    ctx = get_context(safe_start_method())
    pools = [(ProcessPoolExecutor(max_workers=n, mp_context=ctx), pref) for n, pref in counts]
    running: dict = {}
    left = sum(sizes) if schematron else 0  # bytes of the Schematron units not handed out

    busy = [0] * len(pools)  # units handed to each pool and not yet finished
    workers = sum(n for n, _ in counts)

    def feed(k: int) -> None:
        nonlocal left
        pool, pref = pools[k]
        if busy[k] >= counts[k][0] and len(queues["grammar"]) + len(queues["rules"]) <= workers:
            return  # a unit queued here now could wait while another worker is idle
        for stage in (pref, "rules" if pref == "grammar" else "grammar"):
            if queues[stage] and (stage == pref or stage == "grammar" or left >= STEAL_BYTES):
                i = queues[stage].popleft()
                if stage == "rules":
                    left -= sizes[i]
                running[pool.submit(_work, (stage, batches[i], opts))] = (k, stage, i)
                busy[k] += 1
                return

    try:
        for k, (n, _) in enumerate(counts):  # a unit for each worker, then one queued
            for _ in range(n):
                feed(k)
        for k in range(len(pools)):
            feed(k)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                k, stage, i = running.pop(fut)
                busy[k] -= 1
                got = results.setdefault(i, {})
                try:
                    got[stage] = fut.result()
                except BrokenProcessPool:
                    running[fut] = (k, stage, i)  # among those the worker may have been on
                    raise
                feed(k)
                if len(got) == (2 if schematron else 1):
                    del results[i]
                    done(i, got["grammar"], got.get("rules"))
    except BrokenProcessPool:
        # a worker was killed (out of memory, or a crash in a library): say which files
        # it may have been validating, and how to find out
        files = sorted({shown for _, _, i in running.values() for _, shown in batches[i]})
        raise ToolError(f"a worker process died while validating {_listed(files)}; "
                        "run with -j 1 to validate in one process") from None
    finally:
        for pool, _ in pools:
            pool.shutdown(cancel_futures=True)


def _listed(files: list[str], limit: int = 5) -> str:
    more = len(files) - limit
    return ", ".join(files[:limit]) + (f" and {more} more" if more > 0 else "")


# ---------------------------------------------------------------------- the run


def validate(paths: list[str | Path] | None = None, *, schemas: list[str | Path] = (), engine: str = "lxml",
             phase: str | None = None, jobs: int | None = None, cross_file_ids: bool | None = None,
             cache: bool = True, stdin: bytes | None = None, stdin_filename: str | Path | None = None) -> Result:
    """Validate files (default: the documents of the edition around the current
    directory) and return every diagnostic, sorted.

    With ``stdin`` (bytes; ``paths`` empty or ``["-"]``), one document is validated:
    those bytes, as if they were the file ``stdin_filename`` (default ``<stdin>`` in
    the current directory), which need not exist: they are named so in the report,
    their relative references (xml-model, XInclude, pointers to other files) resolve
    from that file's folder, and they count as that file of the edition. Nothing is
    cached for them.

    With ``cache`` (and a cache folder, see :mod:`toolkit.validate.cache`), a file
    none of whose inputs changed since it was last validated with the same options
    is not validated again: its findings are taken from the cache. The checks
    across files always run."""
    from toolkit import refs
    from toolkit.validate.document import display

    if stdin is not None:
        from toolkit import xmlsafe

        if paths and [str(p) for p in paths] != ["-"]:
            raise ToolError("standard input (-) is validated alone: name no other file or directory with it")
        name = Path(stdin_filename) if stdin_filename else Path("<stdin>")
        if name.is_dir():
            raise ToolError(f"{name}: a directory; --stdin-filename names the file the input stands for")
        with xmlsafe.standing_in(name, stdin):
            return validate([name], schemas=schemas, engine=engine, phase=phase, jobs=1,
                            cross_file_ids=cross_file_ids, cache=False)
    if engine not in ENGINES:
        raise ToolError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    from toolkit.validate import cache as vcache

    # a new run: schemas edited since are compiled again, files hashed again
    _run_validators.clear()
    vcache.new_run()
    edition = None
    cfg = config.find()
    if cfg is not None:
        edition = config.load(cfg)
    if not paths:
        if edition is None:
            raise ToolError("no files named and no edition.toml here or above; name files or directories to validate")
        files = edition.files
        if not files:
            raise ToolError(f"{display(cfg)}: lists no documents ([[documents]]) and no authority files to validate")
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise ToolError(f"{display(missing[0])}: listed in edition.toml but not found")
        in_edition = True
    else:
        files = discover(list(paths))
        listed = {real_path(f) for f in edition.files} if edition is not None else set()
        in_edition = bool(files) and all(real_path(f) in listed for f in files)
    if cross_file_ids is None:
        cross_file_ids = in_edition
    defaults, defaults_error = (), None
    if not schemas:
        try:
            defaults = default_schemas(edition)
            if not defaults:
                defaults_error = ("no schema: the file has no xml-model, no --schema was given and the bundled "
                                  "edition schema is missing")
        except ToolError as exc:
            defaults_error = str(exc)
    opts = Options(schemas=named_schemas(list(schemas)), defaults=defaults, engine=engine, phase=phase,
                   defaults_error=defaults_error)
    if engine == "jing":
        from toolkit import rng

        rng.java()
        rng.jing_jar()
    jobs = jobs or os.cpu_count() or 1
    store = None
    if cache and engine != "jing":
        base = vcache.folder()
        if base is not None:
            store = vcache.Store(base)
            opts = replace(opts, cache=True)
    tasks = [(str(f), display(f)) for f in files]
    results: list = [None] * len(tasks)
    keys: list = [None] * len(tasks)
    hits = 0
    if store is not None:
        for i, (path, shown) in enumerate(tasks):
            keys[i] = vcache.entry_key(real_path(path), shown, opts)
            found = store.get(keys[i])
            if found is not None:
                results[i] = (found[0], found[1], [], None)
                hits += 1
    todo = [i for i in range(len(tasks)) if results[i] is None]
    sizes = {i: _cost(files[i]) for i in todo}

    def keep(i: int, result) -> None:
        """A file's result, cached as soon as it is known."""
        results[i] = result
        ds, r, _, deps = result
        if store is not None and deps is not None:
            store.put(keys[i], deps, ds, r)

    if jobs <= 1 or len(todo) <= 1 or (len(todo) <= SMALL_RUN and sum(sizes.values()) < BIG_RUN_BYTES):
        schematron = _schematron_may_run(opts)
        for unit in _batches(todo, sizes):
            for i, grammar in zip(unit, check_grammars([tasks[i] for i in unit], opts)):
                keep(i, _combine(grammar, check_rules(*tasks[i], opts) if schematron else None, tasks[i][0]))
    else:
        # at least two batches for each worker when there are enough small files, and
        # the biggest units first, so that the workers finish together
        small = sum(size for size in sizes.values() if size < BATCH_FILE)
        limit = min(BATCH_BYTES, max(BATCH_FILE, small // (2 * jobs)))
        units = [(sum(sizes[i] for i in u), u) for u in _batches(sorted(todo, key=lambda i: -sizes[i]), sizes, limit)]
        units.sort(key=lambda su: -su[0])

        def done(b: int, grammar: list, rules: list | None) -> None:
            for n, i in enumerate(units[b][1]):
                keep(i, _combine(grammar[n], rules[n] if rules is not None else None, tasks[i][0]))

        if store is not None:
            store.close()  # (the workers must not inherit its connection; it opens again here)
        _in_workers([[tasks[i] for i in u] for _, u in units], [size for size, _ in units], opts, jobs,
                    _schematron_may_run(opts), done)
    if store is not None:
        if todo:
            store.prune()
        store.close()
    diags: list[Diagnostic] = []
    docrefs = []
    jing_runs: dict[str, list[str]] = {}  # schema -> the files Jing checks against it (--engine jing)
    for ds, r, jj, _ in results:
        diags += ds
        if r is not None:
            docrefs.append(r)
        for schema, _abspath, shown in jj:
            jing_runs.setdefault(schema, []).append(shown)
    if jing_runs:
        from toolkit import rng

        for schema in sorted(jing_runs):
            diags += rng.run_jing(jing_runs[schema], schema)
    diags += refs.check_run(docrefs, cross_file_ids=cross_file_ids)
    return Result(diagnostics=ordered(set(diags)), files=[t[1] for t in tasks],
                  info={"cross_file_ids": cross_file_ids, "cached": hits})
