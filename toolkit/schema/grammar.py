"""An in-memory RELAX NG grammar (XML syntax), pruned to the names a document uses.

Why pruning: libxml2 (behind lxml) needs about 6.4 s to compile the whole of TEI's
``tei_all.rng`` (1,207 defines, 594 element patterns, 551 attribute patterns), and a
compiled schema cannot be saved. A document uses a few dozen of TEI's 590 elements,
and the compile cost falls with the size of the grammar.

Why pruning cannot change the verdict: an ``element`` pattern whose name class
matches no element name occurring in the document can match no element of the
document, so for that document it is equivalent to ``notAllowed``; likewise an
``attribute`` pattern whose name class matches no attribute name occurring in the
document can match nothing, whatever its content, so its content is replaced by
``text`` (a stub: libxml2 validates faster when attribute groups keep their shape). Replacing a pattern by an equivalent one keeps the set of node sequences
every enclosing pattern matches, hence the verdict. Name classes are evaluated
exactly, wildcards included (``anyName``/``nsName`` with their ``except``), so a
wildcard pattern is kept whenever it could match a name in the document.
``notAllowed`` is then propagated with the simplification rules of the RELAX NG
specification (section 4.19: a ``group``, ``interleave``, ``oneOrMore``, ``list``,
``attribute`` or ``element`` containing ``notAllowed`` is ``notAllowed``; ``choice``
drops it; ``optional``/``zeroOrMore`` of it is ``empty``), to a fixed point over the
defines, and defines no longer reachable from ``start`` are dropped.

Two rewrites that are identities on regular languages are applied as well, because
they remove ambiguity that makes libxml2's validation of long lists super-linear:
``oneOrMore(oneOrMore(p))`` becomes ``oneOrMore(p)``, and ``oneOrMore(group(
oneOrMore(a), zeroOrMore(b)))`` (TEI's ``listPerson``/``listBibl`` shape, ``(a+ b*)+``)
becomes ``group(a, zeroOrMore(choice(a, b)))`` when ``a`` and ``b`` match only
elements (every string of ``a``s and ``b``s starting with an ``a`` splits into
``a+ b*`` runs, and conversely).

Specialising (:func:`specialise`, after inlining) goes one step further for the
grammar that decides the verdict: an ``attribute`` pattern with a plain name, inside
an ``element`` pattern with a plain name (no ``element`` pattern in between), is
replaced by ``notAllowed`` when no element of that name in the document carries
that attribute. In a derivation of the document, an attribute pattern matches an
attribute of the element its enclosing element pattern matches; a pattern that
matches no such attribute is never used, so replacing it keeps every derivation,
and ``notAllowed`` can only shrink what is accepted. Attribute patterns outside any
element pattern of their define (reached through a ``ref`` that inlining kept) are
left alone. libxml2 then no longer tries, on each element, the dozens of optional
attributes TEI's classes declare (a 1.9 MB book: 0.15 s to 0.06 s).

``stub`` mode keeps the shape of the grammar for error reporting: patterns for names
absent from the document are kept as empty stubs (``element x { empty }``) rather
than removed, so libxml2 still names what it expected where a required element is
missing; it is larger and is compiled only to explain an invalid document.

``include`` is resolved as section 4.7 of the specification says (the included
grammar's components, less those the ``include`` element overrides, then its own);
``externalRef`` as section 4.6 says (the pattern of the document it names, in its
place); a grammar used as a pattern (written there, or brought by an ``externalRef``)
has its defines renamed apart (``name·2``), and its ``parentRef`` becomes a ``ref`` to
the parent's define, which makes the whole one flat grammar, as section 4.18 does.

A schema that is not correct RELAX NG in a way the loader can see (a ``ref`` or
``define`` without a name, a ``ref`` to no ``define``, an ``element`` without
content, a ``combine`` that is neither ``choice`` nor ``interleave``, a datatype
libxml2 does not have) is not modelled (:class:`Unsupported`): pruning could drop the
faulty part and hide the fault, so libxml2 compiles the whole schema and reports it
where it is. So is a schema that reads a remote file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
_R = "{" + RNG_NS + "}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


class Unsupported(Exception):
    """The grammar uses a construct this model does not cover."""


class P:
    """A pattern or name-class node."""

    __slots__ = ("kind", "attrs", "children", "text")

    def __init__(self, kind: str, children=None, attrs=None, text=None):
        self.kind = kind
        self.children = children or []
        self.attrs = attrs or {}
        self.text = text

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"P({self.kind!r}, {self.children!r}, {self.attrs!r})"


NA = P("notAllowed")
EMPTY = P("empty")
TEXT = P("text")


@dataclass
class Grammar:
    start: P
    defines: dict[str, P] = field(default_factory=dict)

    def element_names(self) -> set[tuple[str, str]]:
        """Names of every ``element`` pattern with a plain name."""
        return self.element_name_classes()[0]

    def element_name_classes(self) -> tuple[set[tuple[str, str]], list[P]]:
        """The plain names of the ``element`` patterns, and their other name classes
        (wildcards, choices)."""
        names, other = set(), []
        for body in [self.start, *self.defines.values()]:
            for n in _walk(body):
                if n.kind == "element":
                    nc = n.children[0]
                    if nc.kind == "name":
                        names.add((nc.attrs["ns"], nc.attrs["local"]))
                    else:
                        other.append(nc)
        return names, other

    def id_attributes(self) -> set[tuple[str, str]]:
        """Names of the attributes (patterns with a plain name) whose value may be an
        XSD ``ID``: a validator registers their values, and a value used twice is
        invalid (RELAX NG DTD Compatibility, as Jing and libxml2 check it)."""
        out = set()
        for body in [self.start, *self.defines.values()]:
            for n in _walk(body):
                if n.kind == "attribute" and n.children[0].kind == "name" and self._holds_id(n.children[1]):
                    out.add((n.children[0].attrs["ns"], n.children[0].attrs["local"]))
        return out

    def _holds_id(self, p: P) -> bool:
        seen = set()
        stack = [p]
        while stack:
            n = stack.pop()
            if n.kind == "data" and n.attrs.get("type") == "ID":
                return True
            if n.kind == "ref" and n.attrs["name"] not in seen and n.attrs["name"] in self.defines:
                seen.add(n.attrs["name"])
                stack.append(self.defines[n.attrs["name"]])
            stack.extend(n.children)
        return False


def _walk(p: P):
    stack = [p]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


# --------------------------------------------------------------------------- loading

def _qname(el, text: str, default_ns: str) -> tuple[str, str]:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix == "xml":
            return XML_NS, local
        ns = el.nsmap.get(prefix)
        if ns is None:
            raise Unsupported(f"undeclared prefix {prefix!r} in name {text!r}")
        return ns, local
    return default_ns, text


#: the datatype libraries libxml2 implements, with their types (XML Schema's built-in
#: simple types; RELAX NG's own library has two)
XSD_DT = "http://www.w3.org/2001/XMLSchema-datatypes"
DATATYPES = {
    "": {"string", "token"},
    XSD_DT: set("""string normalizedString token language NMTOKEN NMTOKENS Name NCName ID IDREF
        IDREFS ENTITY ENTITIES boolean base64Binary hexBinary float double anyURI QName NOTATION
        decimal integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger
        unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger duration dateTime time
        date gYearMonth gYear gMonthDay gDay gMonth""".split()),
}


def _need(el, attr: str) -> str:
    """An attribute the RELAX NG construct ``el`` must have, stripped."""
    value = el.get(attr)
    if value is None or not value.strip():
        raise Unsupported(f"<{el.tag[len(_R):]}> without @{attr} (line {el.sourceline})")
    return value.strip()


def _datatype(el, dt: str) -> str:
    """The type named by a ``data`` or ``value`` element, when libxml2 has it."""
    name = _need(el, "type")
    if name not in DATATYPES.get(dt, ()):
        raise Unsupported(f"datatype {name!r} of library {dt!r} (line {el.sourceline})")
    return name


def _rng_children(el):
    """RELAX NG children only: comments, PIs and annotations (a:documentation,
    sch:*) are skipped."""
    return el.iterchildren(_R + "*")


class _Loader:
    """Reads one grammar (with what it includes). A grammar nested in it, written in
    place or brought by an ``externalRef``, is read by a loader of its own scope: its
    defines are renamed apart (``name·2``), so that the whole is one flat grammar in
    which a ``parentRef`` is a ``ref`` to the parent's define (RELAX NG 4.6, 4.18)."""

    def __init__(self, active: frozenset = frozenset(), scope: str = "", parent: "_Loader | None" = None,
                 shared: dict | None = None):
        self.defines: dict[str, list[tuple[str | None, P]]] = {}
        self.starts: list[tuple[str | None, P]] = []
        self.active = active  # the files being read, outermost first (a loop is an error)
        self.scope = scope    # "" for the schema's own grammar
        self.parent = parent
        self.depth = parent.depth if parent is not None else 0  # grammars around this one
        # across all scopes: the nested grammars' defines (renamed), how many scopes
        self.shared = shared if shared is not None else {"defines": {}, "scopes": 0}

    def qualify(self, name: str) -> str:
        """A define's name in the flat grammar."""
        return f"{name}\u00b7{self.scope}" if self.scope else name

    def _same_scope(self, active: frozenset) -> "_Loader":
        return _Loader(active, self.scope, self.parent, self.shared)

    def nested(self, el, ns, dt, active: frozenset) -> P:
        """A grammar used as a pattern: its start, its defines kept apart."""
        if self.depth >= 50:
            raise Unsupported(f"grammars nested more than 50 deep (line {el.sourceline})")
        self.shared["scopes"] += 1
        child = _Loader(active, str(self.shared["scopes"]), self, self.shared)
        child.depth = self.depth + 1
        child.grammar(el, ns, dt)
        if not child.starts:
            raise Unsupported(f"nested grammar without start (line {el.sourceline})")
        for name, items in child.defines.items():
            self.shared["defines"].setdefault(child.qualify(name), []).extend(items)
        return _combine(child.starts, "start")

    def external(self, el, ns) -> P:
        """RELAX NG 4.6: the pattern of the document an ``externalRef`` names, in its
        place (a grammar there is a nested one)."""
        path = self._local(el)
        root = self._read(path)
        ref_ns = el.get("ns")
        root_ns = root.get("ns", ref_ns if ref_ns is not None else "")
        dt = root.get("datatypeLibrary", "")
        if root.tag == _R + "grammar":
            return self.nested(root, root_ns, dt, self.active | {path})
        inner = self._same_scope(self.active | {path})
        return inner.pattern(root, root_ns, dt)

    def _local(self, el) -> Path:
        """The local file an ``include`` or ``externalRef`` names."""
        from urllib.parse import urljoin

        from toolkit import xmlsafe

        base = el.base or ""
        if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", base):
            base = Path(base).absolute().as_uri()  # a file's path (lxml gives the name it was parsed from)
        url = urljoin(base, _need(el, "href"))
        if not url.startswith("file:"):
            raise Unsupported(f"{el.tag[len(_R):]} of {url} (line {el.sourceline})")
        path = xmlsafe.file_path(url.split("#")[0])
        if path in self.active or len(self.active) > 50:
            raise Unsupported(f"loop through {path}")
        return path

    @staticmethod
    def _read(path):
        from toolkit import xmlsafe
        from toolkit.errors import InputError, ToolError

        try:
            return xmlsafe.parse(path).getroot()
        except (InputError, ToolError, OSError) as exc:
            raise Unsupported(f"{path}: {exc}")

    def grammar(self, el, ns, dt, in_include: bool = False):
        for c in _rng_children(el):
            tag = c.tag[len(_R):]
            cns = c.get("ns", ns)
            cdt = c.get("datatypeLibrary", dt)
            combine = c.get("combine")
            if combine is not None and combine not in ("choice", "interleave"):
                raise Unsupported(f"combine={combine!r} (line {c.sourceline})")
            if tag == "start":
                self.starts.append((combine, self.group(c, cns, cdt)))
            elif tag == "define":
                self.defines.setdefault(_need(c, "name"), []).append((combine, self.group(c, cns, cdt)))
            elif tag == "div":
                self.grammar(c, cns, cdt, in_include)
            elif tag == "include" and not in_include:
                self.include(c, cns)
            else:
                raise Unsupported(f"<{tag}> in a grammar")

    def include(self, el, ns):
        """RELAX NG 4.7: the included grammar's components, less those the
        ``include`` overrides, then the overriding ones."""
        path = self._local(el)
        root = self._read(path)
        if root.tag != _R + "grammar":
            raise Unsupported(f"include of {path}: not a grammar")
        overrides = self._same_scope(self.active)
        overrides.grammar(el, ns, el.get("datatypeLibrary", ""), in_include=True)
        inner = self._same_scope(self.active | {path})
        inner.grammar(root, root.get("ns", ns), root.get("datatypeLibrary", ""))
        if overrides.starts:
            if not inner.starts:
                raise Unsupported(f"include of {path} overrides a start it does not have")
            inner.starts = []
        for name in overrides.defines:
            if name not in inner.defines:
                raise Unsupported(f"include of {path} overrides {name!r}, which it does not define")
            del inner.defines[name]
        for loader in (inner, overrides):
            self.starts += loader.starts
            for name, items in loader.defines.items():
                self.defines.setdefault(name, []).extend(items)

    def group(self, el, ns, dt, skip_nc=False) -> P:
        kids = list(_rng_children(el))
        if skip_nc:
            kids = kids[1:]
        pats = [self.pattern(c, c.get("ns", ns), c.get("datatypeLibrary", dt)) for c in kids]
        if len(pats) == 1:
            return pats[0]
        if not pats:
            return EMPTY
        return P("group", pats)

    def nameclass(self, el, ns) -> P:
        tag = el.tag[len(_R):]
        ns = el.get("ns", ns)
        if tag == "name":
            n, local = _qname(el, el.text or "", ns)
            return P("name", attrs={"ns": n, "local": local})
        if tag in ("anyName", "nsName"):
            exc = [c for c in _rng_children(el) if c.tag == _R + "except"]
            kids = [self.nameclass(x, ns) for e in exc for x in _rng_children(e)]
            attrs = {"ns": ns} if tag == "nsName" else {}
            return P(tag, [P("except", kids)] if kids else [], attrs)
        if tag == "choice":
            return P("choice", [self.nameclass(c, ns) for c in _rng_children(el)])
        raise Unsupported(f"<{tag}> as a name class")

    def pattern(self, el, ns, dt) -> P:
        tag = el.tag[len(_R):]
        if tag in ("element", "attribute"):
            if el.get("name") is not None:
                default = ns if tag == "element" else el.get("ns", "")
                n, local = _qname(el, el.get("name"), default)
                nc = P("name", attrs={"ns": n, "local": local})
                content = self.group(el, ns, dt)
            else:
                first = next(_rng_children(el), None)
                if first is None:
                    raise Unsupported(f"<{tag}> without a name (line {el.sourceline})")
                nc = self.nameclass(first, ns)
                content = self.group(el, ns, dt, skip_nc=True)
            if tag == "element" and sum(1 for _ in _rng_children(el)) == (0 if el.get("name") is not None else 1):
                raise Unsupported(f"<element> without content (line {el.sourceline})")
            if tag == "attribute" and content is EMPTY and \
                    sum(1 for _ in _rng_children(el)) == (0 if el.get("name") is not None else 1):
                content = TEXT  # attribute with no pattern means text (not an explicit <empty/>)
            return P(tag, [nc, content])
        if tag in ("group", "interleave", "choice"):
            return P(tag, [self.pattern(c, c.get("ns", ns), c.get("datatypeLibrary", dt))
                           for c in _rng_children(el)])
        if tag in ("optional", "zeroOrMore", "oneOrMore", "list", "mixed"):
            return P(tag, [self.group(el, ns, dt)])
        if tag == "ref":
            return P("ref", attrs={"name": self.qualify(_need(el, "name"))})
        if tag == "parentRef":
            if self.parent is None:
                raise Unsupported(f"<parentRef> outside a nested grammar (line {el.sourceline})")
            return P("ref", attrs={"name": self.parent.qualify(_need(el, "name"))})
        if tag == "grammar":
            return self.nested(el, ns, dt, self.active)
        if tag == "externalRef":
            return self.external(el, ns)
        if tag in ("empty", "text", "notAllowed"):
            return {"empty": EMPTY, "text": TEXT, "notAllowed": NA}[tag]
        if tag == "data":
            kids = []
            for c in _rng_children(el):
                ctag = c.tag[len(_R):]
                if ctag == "param":
                    kids.append(P("param", attrs={"name": c.get("name")}, text=c.text or ""))
                elif ctag == "except":
                    kids.append(P("except", [self.pattern(x, x.get("ns", ns), x.get("datatypeLibrary", dt))
                                             for x in _rng_children(c)]))
            return P("data", kids, {"type": _datatype(el, dt), "datatypeLibrary": dt})
        if tag == "value":
            if el.get("type") is None:
                attrs = {"type": "token", "datatypeLibrary": ""}
            else:
                attrs = {"type": _datatype(el, dt), "datatypeLibrary": dt}
            attrs["ns"] = ns
            return P("value", attrs=attrs, text=el.text or "")
        raise Unsupported(f"<{tag}>")


def _combine(items: list[tuple[str | None, P]], what: str) -> P:
    if len(items) == 1:
        return items[0][1]
    modes = {c for c, _ in items if c}
    if len(modes) != 1 or sum(1 for c, _ in items if not c) > 1:
        raise Unsupported(f"inconsistent combine on {what}")
    return P(modes.pop(), [p for _, p in items])


def load(root: etree._Element) -> Grammar:
    """Build a :class:`Grammar` from a parsed RELAX NG (XML syntax) document."""
    ld = _Loader()
    if root.tag != _R + "grammar":
        # a bare pattern as the schema: wrap it (with the defines of grammars in it)
        start = ld.pattern(root, root.get("ns", ""), root.get("datatypeLibrary", ""))
        g = Grammar(start, {name: _combine(items, name) for name, items in ld.shared["defines"].items()})
    else:
        ld.grammar(root, root.get("ns", ""), root.get("datatypeLibrary", ""))
        if not ld.starts:
            raise Unsupported("grammar without start")
        defines = {name: _combine(items, name) for name, items in ld.defines.items()}
        defines.update((name, _combine(items, name)) for name, items in ld.shared["defines"].items())
        g = Grammar(_combine(ld.starts, "start"), defines)
    for body in [g.start, *g.defines.values()]:
        for n in _walk(body):
            if n.kind == "ref" and n.attrs["name"] not in g.defines:
                raise Unsupported(f"ref to no define: {n.attrs['name']!r}")
    _nesting(g)
    return g


#: what section 7.1 of the RELAX NG specification forbids inside an attribute's or a
#: list's content (an element pattern is a ``ref`` in the simplified form)
_FORBIDDEN = {
    "attribute": {"attribute", "element"},
    "list": {"list", "element", "attribute", "text", "interleave", "mixed"},
}


def _nesting(g: Grammar) -> None:
    """Raise :class:`Unsupported` where an attribute's or a list's content holds what
    section 7.1 forbids there (libxml2 checks it only in the part of a schema it
    compiles, and pruning may leave the fault out)."""
    seen = set()
    stack = [(body, None) for body in [g.start, *g.defines.values()]]
    while stack:
        p, inside = stack.pop()
        k = p.kind
        if inside is not None and k in _FORBIDDEN[inside]:
            raise Unsupported(f"{k} inside {inside} (section 7.1)")
        if k == "ref":
            key = (p.attrs["name"], inside)
            if inside is not None and key not in seen:
                seen.add(key)
                stack.append((g.defines[p.attrs["name"]], inside))
            continue
        if k == "element":
            inside = None
        elif k in _FORBIDDEN:
            inside = inside or k
        stack.extend((c, inside) for c in p.children[1:] if k in ("element", "attribute"))
        if k not in ("element", "attribute"):
            stack.extend((c, inside) for c in p.children)


# --------------------------------------------------------------------------- name classes

def nc_matches(nc: P, name: tuple[str, str]) -> bool:
    k = nc.kind
    if k == "name":
        return nc.attrs["ns"] == name[0] and nc.attrs["local"] == name[1]
    if k == "choice":
        return any(nc_matches(c, name) for c in nc.children)
    if k == "anyName" or (k == "nsName" and nc.attrs["ns"] == name[0]):
        for e in nc.children:  # at most one except
            if any(nc_matches(c, name) for c in e.children):
                return False
        return True
    return False


def _nc_alive(nc: P, names: frozenset | None) -> bool:
    if names is None:  # no restriction
        return True
    if nc.kind == "name":
        return (nc.attrs["ns"], nc.attrs["local"]) in names
    return any(nc_matches(nc, n) for n in names)


# --------------------------------------------------------------------------- pruning

class _Pruner:
    def __init__(self, g: Grammar, elements: frozenset, attributes: frozenset, stub: bool,
                 owners: dict | None = None):
        self.g = g
        self.elements = elements
        self.attributes = attributes
        self.stub = stub
        self.owners = owners   # element name -> the attribute names it carries (specialise)
        self.owner = None      # name of the element pattern being walked, if a plain name
        self.dead: set[str] = set()
        self.elementish: dict[str, bool] = {}

    # Does pattern p (after simplification) match only elements (no text, data,
    # attributes)? Refs are followed without entering element content.
    def only_elements(self, p: P, seen=None) -> bool:
        k = p.kind
        if k in ("element", "notAllowed", "empty"):
            return True
        if k in ("choice", "group", "oneOrMore", "zeroOrMore", "optional"):
            return all(self.only_elements(c, seen) for c in p.children)
        if k == "ref":
            name = p.attrs["name"]
            if name in self.elementish:
                return self.elementish[name]
            seen = seen or set()
            if name in seen:
                return False
            seen.add(name)
            ok = self.only_elements(self.bodies[name], seen)
            self.elementish[name] = ok
            return ok
        return False

    def simp(self, p: P) -> P:
        k = p.kind
        if k == "ref":
            return NA if p.attrs["name"] in self.dead else p
        if k in ("empty", "text", "notAllowed", "value", "data"):
            return p
        if k == "element":
            nc = p.children[0]
            if not _nc_alive(nc, self.elements):
                return P("element", [nc, EMPTY]) if self.stub else NA
            outer = self.owner
            self.owner = (nc.attrs["ns"], nc.attrs["local"]) if nc.kind == "name" else None
            try:
                content = self.simp(p.children[1])
            finally:
                self.owner = outer
            if content is NA and not self.stub:
                return NA
            return P("element", [nc, content])
        if k == "attribute":
            nc = p.children[0]
            if (self.owners is not None and self.owner is not None and nc.kind == "name"
                    and (nc.attrs["ns"], nc.attrs["local"]) not in self.owners.get(self.owner, ())):
                return NA  # no element of the owner's name carries this attribute
            if not _nc_alive(nc, self.attributes):
                # kept as a stub rather than notAllowed, in both modes: libxml2
                # validates about twice as fast when attribute groups keep their
                # shape (measured: 1.5 MB TEI, 0.42-0.8 s against 1.6-2.7 s)
                return P("attribute", [nc, TEXT])
            content = self.simp(p.children[1])
            if content is NA and not self.stub:
                return NA
            return P("attribute", [nc, content])
        if k in ("group", "interleave"):
            kids = []
            for c in p.children:
                s = self.simp(c)
                if s is NA:
                    return NA
                if s is EMPTY:
                    continue
                if s.kind == k:
                    kids.extend(s.children)
                else:
                    kids.append(s)
            if not kids:
                return EMPTY
            return kids[0] if len(kids) == 1 else P(k, kids)
        if k == "choice":
            kids = []
            has_empty = False
            for c in p.children:
                s = self.simp(c)
                if s is NA:
                    continue
                if s is EMPTY:
                    has_empty = True
                    continue
                for x in (s.children if s.kind == "choice" else [s]):
                    if x is EMPTY:
                        has_empty = True
                    else:
                        kids.append(x)
            if not kids:
                return EMPTY if has_empty else NA
            body = kids[0] if len(kids) == 1 else P("choice", kids)
            if has_empty:
                if body.kind in ("zeroOrMore", "optional"):
                    return body
                if body.kind == "oneOrMore":
                    return P("zeroOrMore", body.children)
                return P("optional", [body])
            return body
        if k in ("optional", "zeroOrMore"):
            s = self.simp(p.children[0])
            if s is NA or s is EMPTY:
                return EMPTY
            if k == "zeroOrMore" and s.kind in ("oneOrMore", "zeroOrMore"):
                return P("zeroOrMore", s.children)
            if k == "optional" and s.kind in ("optional", "zeroOrMore"):
                return s
            return P(k, [s])
        if k == "oneOrMore":
            s = self.simp(p.children[0])
            if s is NA or s is EMPTY:
                return s
            if s.kind == "oneOrMore":
                return s
            # (a+ b*)+  ==  a (a|b)*   for element-only a, b
            if (s.kind == "group" and len(s.children) == 2 and s.children[0].kind == "oneOrMore"
                    and s.children[1].kind == "zeroOrMore"):
                a = s.children[0].children[0]
                b = s.children[1].children[0]
                if self.only_elements(a) and self.only_elements(b):
                    return P("group", [a, P("zeroOrMore", [P("choice", [a, b])])])
            return P("oneOrMore", [s])
        if k == "list":
            s = self.simp(p.children[0])
            return NA if s is NA else P("list", [s])
        if k == "mixed":
            s = self.simp(p.children[0])
            if s is NA:
                return NA
            if s is EMPTY:
                return TEXT
            return P("mixed", [s])
        raise AssertionError(k)

    def run(self) -> Grammar:
        g = self.g
        self.bodies = dict(g.defines)
        while True:
            new_dead = False
            bodies = {}
            for name, body in g.defines.items():
                if name in self.dead:
                    continue
                s = self.simp(body)
                bodies[name] = s
                if s is NA:
                    self.dead.add(name)
                    new_dead = True
            if not new_dead:
                break
        self.bodies = bodies
        self.elementish = {}
        # second pass with the final dead set (and list rewrites, which need bodies)
        bodies = {name: self.simp(body) for name, body in g.defines.items() if name not in self.dead}
        start = self.simp(g.start)
        return reachable(Grammar(start, bodies))


def inline(g: Grammar) -> Grammar:
    """Replace references to defines holding no element pattern of their own (TEI's
    macros, model and attribute classes) by their bodies. Equivalent by definition of
    ``ref``; cycles cannot occur (a recursion must pass through an element, and
    element defines are kept). libxml2 validates the result faster (1.5 MB TEI:
    ~0.5-0.8 s against ~1.1 s)."""
    defs = g.defines
    own_element = {n: any(x.kind == "element" for x in _walk(b)) for n, b in defs.items()}
    memo: dict[str, P] = {}

    def fix(p: P, stack: frozenset) -> P:
        k = p.kind
        if k == "ref":
            name = p.attrs["name"]
            if name in defs and not own_element[name] and name not in stack:
                if name not in memo:
                    memo[name] = fix(defs[name], stack | {name})
                return memo[name]
            return p
        if not p.children or k in ("data", "value"):
            return p
        if k in ("element", "attribute"):
            return P(k, [p.children[0], fix(p.children[1], stack)], p.attrs, p.text)
        return P(k, [fix(c, stack) for c in p.children], p.attrs, p.text)

    return reachable(Grammar(fix(g.start, frozenset()),
                             {n: fix(b, frozenset({n})) for n, b in defs.items()}))


def reachable(g: Grammar) -> Grammar:
    """The grammar without defines unreachable from start (original order kept)."""
    reach: set[str] = set()
    stack = [g.start]
    while stack:
        for n in _walk(stack.pop()):
            if n.kind == "ref":
                r = n.attrs["name"]
                if r not in reach and r in g.defines:
                    reach.add(r)
                    stack.append(g.defines[r])
    return Grammar(g.start, {n: b for n, b in g.defines.items() if n in reach})


def prune(g: Grammar, elements, attributes, *, stub: bool = False) -> Grammar:
    """The grammar restricted to documents using only these element/attribute names.

    ``elements`` and ``attributes`` are sets of ``(namespace, local)`` pairs (None:
    no restriction). For a document whose names are within them, the result gives
    the same verdict as ``g``; for any document, it accepts only what ``g`` accepts
    (every operator is monotone and patterns are only replaced by ``notAllowed``).
    """
    return _Pruner(g, None if elements is None else frozenset(elements),
                   None if attributes is None else frozenset(attributes), stub).run()


def specialise(g: Grammar, owners) -> Grammar:
    """An inlined grammar (see :func:`inline`) with each attribute pattern removed
    from the element patterns whose elements never carry it in the document.

    ``owners`` holds the document's ``(element name, attribute name)`` pairs. Apply
    to a pruned and inlined grammar, never to a stub one."""
    by_element: dict = {}
    for el, att in owners:
        by_element.setdefault(el, set()).add(att)
    return _Pruner(g, None, None, False, by_element).run()


def verdict(g: Grammar, names: "Names") -> Grammar:
    """The grammar that decides a document's verdict: ``g`` pruned to the document's
    names, inlined and specialised to the attributes each element name carries."""
    return specialise(inline(prune(g, names.elements, names.attributes)), names.owners)


class Names(NamedTuple):
    """The ``(namespace, local)`` names a document uses."""

    elements: frozenset
    attributes: frozenset
    owners: frozenset     # (element name, attribute name): the attribute occurs on such an element

    def __or__(self, other: "Names") -> "Names":
        """The names either uses (a grammar pruned to them decides both documents' verdicts)."""
        return Names(self.elements | other.elements, self.attributes | other.attributes, self.owners | other.owners)


def document_names(root: etree._Element) -> Names:
    """The names of the elements and attributes in a document, and which element
    names carry which attributes."""
    bare: set = set()
    pairs: set = set()
    for el in root.iter(etree.Element):
        keys = el.keys()
        if keys:
            pairs.update(zip(repeat(el.tag), keys))
        else:
            bare.add(el.tag)
    return names_from(bare, pairs)


def names_from(bare: set, pairs: set) -> Names:
    """:class:`Names` from the Clark names of the elements without attributes and the
    ``(element, attribute)`` Clark-name pairs of the others."""
    tags = bare.union(t for t, _ in pairs)
    split = {n: _split(n) for n in tags.union(k for _, k in pairs)}
    owners = frozenset((split[t], split[k]) for t, k in pairs)
    return Names(frozenset(map(split.get, tags)), frozenset(a for _, a in owners), owners)


@lru_cache(maxsize=4096)
def _split(clark: str) -> tuple[str, str]:
    if clark[0] == "{":
        ns, local = clark[1:].split("}", 1)
        return ns, local
    return "", clark


# --------------------------------------------------------------------------- output
#
# The grammar is written as text (then parsed once): subtrees shared after
# inlining are serialised once and reused, which is several times faster than
# building the tree node by node.

def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _tag(kind: str, attrs: list[tuple[str, str]], body: str) -> str:
    a = "".join(f' {k}="{_esc(v)}"' for k, v in attrs)
    return f"<{kind}{a}>{body}</{kind}>" if body else f"<{kind}{a}/>"


class _Writer:
    def __init__(self, implicit: bool):
        self.implicit = implicit
        self.memo: dict[int, str] = {}

    def p(self, p: P) -> str:
        key = id(p)
        out = self.memo.get(key)
        if out is None:
            out = self._p(p)
            self.memo[key] = out
        return out

    def _p(self, p: P) -> str:
        k = p.kind
        if k in ("element", "attribute"):
            nc, content = p.children
            attrs = []
            body = ""
            if nc.kind == "name":
                attrs = [("name", nc.attrs["local"]), ("ns", nc.attrs["ns"])]
            else:
                body = self.nc(nc)
            # a group as content is written as the element's children (the implicit
            # group), so that attribute references sit directly under the element:
            # libxml2 then validates much faster (1.5 MB TEI: ~0.5 s against ~2 s)
            # (but libxml2 then compiles content models to automata, which costs
            # seconds on a large grammar: stub grammars are written the other way)
            if self.implicit and k == "element" and content.kind == "group":
                body += "".join(self.p(c) for c in content.children)
            elif not (k == "attribute" and content is TEXT):
                body += self.p(content)
            return _tag(k, attrs, body)
        if k == "ref":
            return _tag(k, [("name", p.attrs["name"])], "")
        if k == "data":
            body = []
            for c in p.children:
                if c.kind == "param":
                    body.append(f'<param name="{_esc(c.attrs["name"])}">{_esc(c.text or "")}</param>')
                else:
                    body.append(_tag("except", [], "".join(self.p(e) for e in c.children)))
            return _tag(k, [("type", p.attrs["type"]), ("datatypeLibrary", p.attrs["datatypeLibrary"])],
                        "".join(body))
        if k == "value":
            a = "".join(f' {x}="{_esc(p.attrs[x])}"' for x in ("type", "datatypeLibrary", "ns"))
            return f"<value{a}>{_esc(p.text or '')}</value>"
        return _tag(k, [], "".join(self.p(c) for c in p.children))

    def nc(self, nc: P) -> str:
        if nc.kind == "name":
            return f'<name ns="{_esc(nc.attrs["ns"])}">{_esc(nc.attrs["local"])}</name>'
        attrs = [("ns", nc.attrs["ns"])] if nc.kind == "nsName" else []
        return _tag(nc.kind, attrs, "".join(self.nc(c) for c in nc.children))


def to_string(g: Grammar, comment: str | None = None, *, implicit: bool = True) -> str:
    w = _Writer(implicit)
    parts = [f'<grammar xmlns="{RNG_NS}">']
    if comment:
        parts.append(f"<!--{comment.replace('--', '- -')}-->")
    parts.append(_tag("start", [], w.p(g.start)))
    for name, body in g.defines.items():
        parts.append(_tag("define", [("name", name)], w.p(body)))
    parts.append("</grammar>")
    return "".join(parts)


def to_tree(g: Grammar, comment: str | None = None, *, implicit: bool = True) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(to_string(g, comment, implicit=implicit).encode("utf-8"),
                                              etree.XMLParser(huge_tree=True, resolve_entities=False,
                                                              no_network=True)))


def to_bytes(g: Grammar, comment: str | None = None) -> bytes:
    return etree.tostring(to_tree(g, comment), xml_declaration=True, encoding="UTF-8", pretty_print=True)
