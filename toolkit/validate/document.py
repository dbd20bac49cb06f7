"""One document prepared for validation: parsed safely, entities checked,
XIncludes expanded, and every element traceable to the file and line it came from.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from toolkit import xmlsafe
from toolkit.fsutil import is_utf8, printable, real_path
from toolkit.diagnostics import Diagnostic
from toolkit.refs import POINTER_ATTRS
from toolkit.errors import InputError

XI = "http://www.w3.org/2001/XInclude"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_ID = "{%s}id" % XML_NS
_TEI_TAG = "{http://www.tei-c.org/ns/1.0}"
_POINTERS = frozenset(POINTER_ATTRS)

#: largest expansion (characters) an entity may reach before it counts as a bomb
ENTITY_LIMIT = 1_000_000
_TAG = re.compile(r"<([^\s/>!?][^\s/>]*)")
_ENTREF = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_REMOTE = ("http", "https", "ftp")


_cwd: tuple[str, str] = ("", "")  # the working directory, and its real path as a prefix ("/a/b/")


def display(path: Path | str) -> str:
    """A stable, machine-independent way to name a file in diagnostics: relative to
    the current directory when below it, else as given (normalised)."""
    global _cwd
    here = os.getcwd()
    if _cwd[0] != here:  # resolved once, not for each of thousands of files
        _cwd = (here, os.path.realpath(here).rstrip(os.sep) + os.sep)
    real = real_path(path)
    if real.startswith(_cwd[1]):
        shown = Path(real[len(_cwd[1]):]).as_posix()
    else:
        shown = Path(os.path.normpath(path)).as_posix()
    return printable(shown)  # a name that is not UTF-8: its odd bytes escaped, so a report can be printed


#: url_to_path's answers in the current run, by (URL without its fragment, folder of
#: the base): thousands of letters name the same schema and the same persons file
_resolved: dict = {}


#: schema_target's answers in the current run, by (href, folder of the document)
_schemas: dict = {}


def new_run() -> None:
    """Forget the paths :func:`url_to_path` and :func:`schema_target` found (a file
    system may change between runs)."""
    _resolved.clear()
    _schemas.clear()


def schema_target(href: str, document: Path) -> tuple[Path | None, str | None]:
    """The schema an xml-model's ``href`` names in ``document``: ``(path, its real
    path)``; the path is None for a remote schema that is not bundled (see
    ``rng.resolve_known``), the real path None when no such file exists."""
    key = (href, os.path.dirname(document))
    if key not in _schemas:
        target = url_to_path(href, document)
        if target is None:
            from toolkit import rng

            known = rng.resolve_known(href)
            target = None if known is None else Path(known)
        _schemas[key] = (target, os.path.realpath(target) if target is not None and target.is_file() else None)
    return _schemas[key]


def url_to_path(url: str, base: Path) -> Path | None:
    """A local path for ``url`` (relative to the file ``base``), or None when remote."""
    key = (url.split("#")[0], os.path.dirname(base))  # (strings: a Path's hash is dear)
    if key not in _resolved:
        _resolved[key] = _url_to_path(key[0], base)
    return _resolved[key]


def _url_to_path(url: str, base: Path) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme in _REMOTE or (parsed.scheme and len(parsed.scheme) > 1 and parsed.scheme != "file"):
        return None
    if parsed.scheme == "file":
        if os.name == "nt":  # drive letters and backslashes
            from urllib.request import url2pathname

            return Path(url2pathname(parsed.path))
        return Path(os.path.realpath(xmlsafe.file_path(url)))
    return Path(os.path.realpath(base.parent / unquote(url)))


@dataclass
class Document:
    path: str                       # as shown in diagnostics
    abspath: Path
    tree: etree._ElementTree | None = None
    diags: list[Diagnostic] = field(default_factory=list)
    origins: dict = field(default_factory=dict)   # included element -> abs path of its file
    displays: dict = field(default_factory=dict)  # abs path -> display path
    _lines: dict = field(default_factory=dict)
    _nth: dict = field(default_factory=dict)
    _indexed: set = field(default_factory=set)
    _tags: dict = field(default_factory=dict)
    reads: set = field(default_factory=set)        # other files read (or looked for): XIncludes, schemas
    _scan: "Scan | None" = None

    # -------------------------------------------------------------- one walk

    def scan(self) -> "Scan":
        """The names the document uses (to prune the grammar), its ``xml:id`` and
        pointer attributes (for the reference checks): one walk over the elements,
        which both stages would otherwise make."""
        if self._scan is None:
            from toolkit.schema.grammar import names_from

            bare: set = set()
            pairs: set = set()
            ids: list = []
            pointers: list = []
            # names first, values where needed: lxml looks each value up by its name,
            # so items() costs time in the square of an element's attributes (20,000
            # attributes on one element: a second)
            for el in self.tree.getroot().iter(etree.Element):
                keys = el.keys()
                tag = el.tag
                if not keys:
                    bare.add(tag)
                    continue
                for name in keys:
                    pairs.add((tag, name))
                    if name == _XML_ID:
                        ids.append((el, el.get(name)))
                    elif name in _POINTERS and tag.startswith(_TEI_TAG):
                        value = el.get(name)
                        if value:
                            pointers.append((el, name, value))
            self._scan = Scan(names_from(bare, pairs), ids, pointers)
        return self._scan

    # -------------------------------------------------------------- places

    def file_of(self, el) -> Path:
        if not self.origins:  # nothing XIncluded: every element is in the document's own file
            return self.abspath
        node = el
        while node is not None:
            origin = self.origins.get(node)
            if origin is not None:
                return origin
            node = node.getparent()
        return self.abspath

    def shown(self, abspath: Path) -> str:
        if abspath == self.abspath:
            return self.path
        if abspath not in self.displays:
            shown = display(abspath)
            if Path(shown).is_absolute() and not Path(self.path).is_absolute():
                shown = Path(os.path.relpath(abspath)).as_posix()  # no machine paths in reports
            self.displays[abspath] = shown
        return self.displays[abspath]

    def lines(self, abspath: Path) -> list[str]:
        if abspath not in self._lines:
            try:
                self._lines[abspath] = xmlsafe.file_bytes(abspath).decode("utf-8", "replace").splitlines()
            except OSError:
                self._lines[abspath] = []
        return self._lines[abspath]

    def place(self, el, attr: str | None = None) -> tuple[str, int, int]:
        """``(path, line, column)`` of an element's start tag, or of one of its attributes."""
        if el is None or not isinstance(el.tag, str):
            return self.path, 0, 0
        f = self.file_of(el)
        line = el.sourceline or 0
        if not line:
            return self.shown(f), 0, 0
        lines = self.lines(f)
        qname = _qname(el)
        # the n-th element of this name whose start tag ends on this line
        if f not in self._indexed:
            self._index_lines(f)
        nth = self._nth.get(el, 0)
        pos = self._find_tag(f, lines, line, qname, nth)
        if pos is None:
            return self.shown(f), line, 0
        tl, tc = pos
        if attr is None:
            return self.shown(f), tl, tc
        apos = _find_attr(lines, tl, tc, _attr_qname(el, attr))
        if apos is None:
            return self.shown(f), tl, tc
        return self.shown(f), apos[0], apos[1]

    def _find_tag(self, f: Path, lines: list[str], line: int, qname: str, nth: int):
        """Line and column of the ``nth`` start tag ``<qname`` on ``line``; a start tag
        spread over several lines ends on ``line`` (libxml2's sourceline) and is looked
        for on the lines before."""
        if not (1 <= line <= len(lines)):
            return None
        key = (f, line)
        tags = self._tags.get(key)
        if tags is None:
            tags = {}
            for m in _TAG.finditer(lines[line - 1]):
                tags.setdefault(m.group(1), []).append(m.start() + 1)
            self._tags[key] = tags
        hits = tags.get(qname)
        if hits:
            return line, hits[min(nth, len(hits) - 1)]
        pat = re.compile(r"<" + re.escape(qname) + r"(?=[\s/>]|$)")
        for back in range(line - 1, max(0, line - 60), -1):
            found = list(pat.finditer(lines[back - 1]))
            if found:
                return back, found[-1].start() + 1
        return None

    def _index_lines(self, f: Path) -> None:
        """Number the elements of ``f`` that share a line and a name, in document order."""
        counts: dict = {}
        for e in self.tree.getroot().iter(tag=etree.Element):
            if self.file_of(e) != f:
                continue
            key = (e.sourceline or 0, e.tag)
            n = counts.get(key, 0)
            counts[key] = n + 1
            if n:
                self._nth[e] = n
        self._indexed.add(f)

    def diag(self, el, code: str, message: str, severity: str = "error", attr: str | None = None) -> Diagnostic:
        p, l, c = self.place(el, attr)
        return Diagnostic(p, l, c, code, message, severity)

    def as_on_disk(self) -> bool:
        """True when a tool reading the file itself sees this very tree: no XInclude
        expanded, no entity, no DOCTYPE (which Jing would try to load), a name Java
        can open (a name that is not UTF-8 cannot be passed to it), and no bytes
        standing in for the file (see ``xmlsafe.standing_in``)."""
        info = self.tree.docinfo
        return (is_utf8(self.abspath) and xmlsafe.given(self.abspath) is None and not self.origins
                and not self.has_entities() and not info.doctype and info.internalDTD is None)

    def has_entities(self) -> bool:
        return self.tree is not None and any(True for _ in self.tree.getroot().iter(etree.Entity))

    # -------------------------------------------------------------- Saxon's copy

    def text_for_saxon(self) -> str:
        """The (expanded) document as text for Saxon, with no DTD."""
        return etree.tostring(self.without_entities(), encoding="unicode")

    def without_entities(self):
        """The root element, or a copy of it in which an unexpanded entity reference
        is replaced by its value when that is plain text, else dropped (XML004 says
        so). Copies keep their source lines."""
        root = self.tree.getroot()
        if not self.has_entities():
            return root
        values = _entity_values(self.tree)
        from copy import deepcopy

        copy = deepcopy(root)
        for ent in list(copy.iter(etree.Entity)):
            value = values.get(ent.name) or ""
            parent = ent.getparent()
            text = value + (ent.tail or "")
            prev = ent.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            parent.remove(ent)
        return copy


@dataclass
class Scan:
    names: object     # toolkit.schema.grammar.Names
    ids: list         # (element, xml:id), in document order
    pointers: list    # (element, attribute, value) of the pointer attributes on TEI elements


def _qname(el) -> str:
    local = etree.QName(el).localname
    return f"{el.prefix}:{local}" if el.prefix else local


def _attr_qname(el, attr: str) -> str:
    if not attr.startswith("{"):
        return attr
    ns, local = attr[1:].split("}", 1)
    if ns == XML_NS:
        return f"xml:{local}"
    for p, u in (el.nsmap or {}).items():
        if u == ns and p:
            return f"{p}:{local}"
    return local


def _find_attr(lines, line, col, qname) -> tuple[int, int] | None:
    """Line and column of attribute ``qname`` in the start tag at ``line``/``col``."""
    pat = re.compile(r"(?<![\w:.-])" + re.escape(qname) + r"\s*=")
    start = col - 1
    for ln in range(line, min(len(lines), line + 60) + 1):
        text = lines[ln - 1]
        off = start if ln == line else 0
        end = text.find(">", off)
        m = pat.search(text, off, len(text) if end < 0 else end)
        if m:
            return ln, m.start() + 1
        if end >= 0:
            return None
    return None


# ------------------------------------------------------------------ entities


def _entity_values(tree) -> dict[str, str]:
    out = {}
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return out
    decls = {e.name: e for e in dtd.iterentities()}

    def expand(name, depth=0):
        e = decls.get(name)
        if e is None or e.system_url or depth > 20:
            return None
        content = e.content or ""
        if "<" in content:
            return None
        parts = []
        for piece in re.split(r"(&[A-Za-z_:][\w.:-]*;)", content):
            if _ENTREF.fullmatch(piece):
                sub = expand(piece[1:-1], depth + 1)
                if sub is None:
                    return None
                parts.append(sub)
            else:
                parts.append(piece)
        return "".join(parts)

    for name in decls:
        v = expand(name)
        if v is not None and len(v) <= ENTITY_LIMIT:
            out[name] = v
    return out


def entity_diagnostics(tree, path: str, read_lines) -> tuple[list[Diagnostic], bool]:
    """Diagnostics about the DTD's entities; the flag is true for a bomb.
    ``read_lines()`` gives the file's lines (read only when there is a DTD)."""
    diags = []
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return diags, False
    lines = read_lines()
    decls = {e.name: e for e in dtd.iterentities()}

    def decl_line(name):
        pat = re.compile(r"<!ENTITY\s+%?\s*" + re.escape(name) + r"\s")
        for i, text in enumerate(lines, start=1):
            m = pat.search(text)
            if m:
                return i, m.start() + 1
        return 0, 0

    sizes: dict[str, int] = {}

    def size(name, stack=()):
        if name in sizes:
            return sizes[name]
        e = decls.get(name)
        if e is None or name in stack:
            return 0
        content = e.content or ""
        total = len(_ENTREF.sub("", content))
        for m in _ENTREF.finditer(content):
            total += size(m.group(1), stack + (name,))
            if total > ENTITY_LIMIT:
                break
        sizes[name] = total
        return total

    bomb = False
    for name, e in sorted(decls.items()):
        if e.system_url:
            ln, col = decl_line(name)
            diags.append(Diagnostic(path, ln, col, "XML005",
                                    f"external entity '{name}' ({e.system_url}) is not read", "warning"))
        elif size(name) > ENTITY_LIMIT:
            ln, col = decl_line(name)
            bomb = True
            diags.append(Diagnostic(path, ln, col, "XML003",
                                    f"entity '{name}' would expand to more than {ENTITY_LIMIT} characters "
                                    "(an entity bomb); entities are not expanded"))
    return diags, bomb


# ------------------------------------------------------------------ loading


def load(path: Path | str, shown: str | None = None) -> Document:
    """Parse and expand one document. Problems become diagnostics on the result;
    ``tree`` is None when the file cannot be parsed at all."""
    abspath = Path(real_path(path))
    doc = Document(path=shown or display(path), abspath=abspath)
    try:
        doc.tree = xmlsafe.parse(abspath)
    except InputError as exc:
        doc.diags.extend(_bomb(_rename(d, doc.path)) for d in exc.diagnostics)
        return doc
    _check_entities(doc, doc.tree, abspath)
    _expand_xincludes(doc, doc.tree.getroot(), (abspath,), 0)
    return doc


def _bomb(d: Diagnostic) -> Diagnostic:
    """libxml2 stops some entity bombs itself while reading the DTD: say what it is."""
    if d.code == "XML001" and ("amplification" in d.message or "entity loop" in d.message.lower()):
        return Diagnostic(d.path, d.line, d.col, "XML003",
                          "entity expansion bomb stopped by the parser; nothing expanded "
                          f"({d.message.removeprefix('not well-formed: ')})")
    return d


def _rename(d: Diagnostic, path: str) -> Diagnostic:
    return Diagnostic(path, d.line, d.col, d.code, d.message, d.severity)


def _check_entities(doc: Document, tree, abspath: Path) -> None:
    diags, bomb = entity_diagnostics(tree, doc.shown(abspath), lambda: doc.lines(abspath))
    doc.diags.extend(diags)
    values = {} if bomb else _entity_values(tree)
    for ent in tree.getroot().iter(etree.Entity):
        if ent.name not in values:
            parent = ent.getparent()
            p, line, col = doc.place(parent) if parent is not None else (doc.shown(abspath), 0, 0)
            if bomb:
                continue  # XML003 already says it
            eline = ent.sourceline or line
            text = doc.lines(abspath)[eline - 1] if 0 < eline <= len(doc.lines(abspath)) else ""
            ecol = text.find(f"&{ent.name};") + 1
            doc.diags.append(Diagnostic(p, eline, ecol, "XML004",
                                        f"entity reference &{ent.name}; is not expanded"))


def _expand_xincludes(doc: Document, root, stack: tuple[Path, ...], depth: int) -> None:
    for inc in list(root.iter("{%s}include" % XI)):
        if any(a.tag == "{%s}fallback" % XI for a in inc.iterancestors()):
            continue
        _expand_one(doc, inc, stack, depth)


def _expand_one(doc: Document, inc, stack, depth) -> None:
    href = inc.get("href", "")
    parse = inc.get("parse", "xml")
    xpointer = inc.get("xpointer")
    here = doc.file_of(inc)

    def fail(code, message, severity="error"):
        fallback = inc.find("{%s}fallback" % XI)
        if fallback is not None:
            severity = "info"
            message += "; xi:fallback used"
        doc.diags.append(doc.diag(inc, code, message, severity))
        _replace(inc, list(fallback) if fallback is not None else [],
                 fallback.text if fallback is not None else None)

    if not href:
        return fail("XML013", "xi:include without href (same-document inclusion) is not supported")
    if parse not in ("xml", "text"):
        return fail("XML013", f"xi:include parse={parse!r} is not supported (xml or text)")
    target = url_to_path(href, here)
    if target is None:
        return fail("XML010", f"xi:include of a remote resource is refused, nothing fetched: {href}")
    doc.reads.add(target)
    if target in stack:
        return fail("XML012", f"xi:include loop: {href} includes itself")
    if not target.is_file():
        return fail("XML011", f"xi:include target not found: {href}")
    if parse == "text":
        encoding = (inc.get("encoding") or "utf-8").strip()
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            return fail("XML013", f"xi:include encoding {encoding!r} is not known")
        try:
            xmlsafe.check_size(target)
            data = target.read_bytes()
        except InputError as exc:
            doc.diags.extend(exc.diagnostics)
            return fail("XML011", f"xi:include target cannot be read: {href}")
        try:  # a byte-order mark is not text (XInclude 1.0, 4.3)
            text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            return fail("XML011", f"xi:include target is not {encoding} text: {href} (byte {exc.start})")
        _replace(inc, [], text)
        return
    try:
        sub = xmlsafe.parse(target)
    except InputError as exc:
        doc.diags.extend(_rename(d, doc.shown(target)) for d in exc.diagnostics)
        return fail("XML011", f"xi:include target cannot be parsed: {href}")
    _check_entities(doc, sub, target)
    node = sub.getroot()
    if xpointer:
        m = re.fullmatch(r"\s*(?:xpointer\(id\(['\"](.+?)['\"]\)\)|element\(([^/()]+)\)|([A-Za-z_][\w.-]*))\s*", xpointer)
        if not m:
            return fail("XML013", f"xi:include xpointer scheme not supported: {xpointer}")
        wanted = next(g for g in m.groups() if g)
        node = next((e for e in sub.getroot().iter(tag=etree.Element)
                     if e.get("{%s}id" % XML_NS) == wanted), None)
        if node is None:
            return fail("XML014", f"xi:include xpointer {wanted!r} names no element of {href}")
    doc.origins[node] = target
    _replace(inc, [node], None)
    if depth < 50:
        _expand_xincludes(doc, node, stack + (target,), depth + 1)


def _replace(inc, nodes, text) -> None:
    """Put ``text`` then ``nodes`` where ``inc`` was, keeping its tail."""
    parent = inc.getparent()
    if parent is None:
        return  # the root itself is an xi:include: left for the schema to report
    tail = inc.tail or ""
    idx = parent.index(inc)
    parent.remove(inc)

    def put(s):
        if not s:
            return
        if idx == 0:
            parent.text = (parent.text or "") + s
        else:
            parent[idx - 1].tail = (parent[idx - 1].tail or "") + s

    put(text or "")
    for i, n in enumerate(nodes):
        n.tail = None
        parent.insert(idx + i, n)
    if nodes:
        nodes[-1].tail = tail or None
    else:
        put(tail)


# ------------------------------------------------------------------ xml-model

_PSEUDO = re.compile(r"([A-Za-z_][\w.-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def pi_column(lines: list[str], line: int, target: str = "xml-model") -> int:
    if 0 < line <= len(lines):
        return lines[line - 1].find("<?" + target) + 1
    return 0


def xml_models(tree) -> list[tuple[dict, int]]:
    """The ``<?xml-model?>`` instructions before the root: pseudo-attributes and line."""
    out = []
    root = tree.getroot()
    prolog = list(root.itersiblings(preceding=True))[::-1]
    for node in prolog:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                     for m in _PSEUDO.finditer(node.text or "")}
            out.append((attrs, node.sourceline or 0))
    return out
