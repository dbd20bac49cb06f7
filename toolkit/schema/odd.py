"""A compiler for a subset of TEI ODD that derives a RELAX NG schema from tei_all.

The TEI's own ODD tool chain (the TEI Stylesheets' odd2relax) needs the whole P5
source. This compiler needs only ``tei_all.rng``: it reads a ``schemaSpec`` and
derives the customisation from ``tei_all`` by **pruning and tightening only**, so
every document the result accepts is also valid against ``tei_all``:

* ``moduleRef key="…" include="a b c"`` selects elements (an ``include`` list is
  required: ``tei_all.rng`` does not record which module an element belongs to);
  ``elementRef key="x"`` adds one element;
* ``elementSpec ident="x" mode="delete"`` removes an element;
* ``elementSpec ident="x" mode="change"`` with an ``attList`` of
  ``attDef ident="a" mode="delete"`` (remove an optional attribute from ``x``) or
  ``attDef ident="a" mode="change"`` holding a ``valList type="closed"`` (the
  attribute of ``x`` takes only these values; each value is checked against
  tei_all's datatype, so the list narrows and never widens it);
* ``schemaSpec/@start`` names the allowed root elements.

Element patterns of elements not selected become ``notAllowed`` and the grammar is
simplified (:func:`toolkit.schema.grammar.prune`); a change to an attribute of one
element is applied to a private copy of that element's attribute-class references,
so other elements sharing the class keep tei_all's definition. Anything else in the
ODD (``classSpec``, ``dataSpec``, ``macroSpec``, ``mode="add"/"replace"``, ``content``)
is refused with a clear error, because it could widen the language.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit import xmlsafe
from toolkit.fsutil import write_atomic
from toolkit.errors import InputError
from toolkit.diagnostics import Diagnostic
from toolkit.schema import grammar as G

TEI = "http://www.tei-c.org/ns/1.0"
_T = "{" + TEI + "}"


def _err(path, el, msg):
    line = el.sourceline if el is not None and el.sourceline else 0
    return InputError(f"{path}: {msg}", [Diagnostic(str(path), line, 0, "ODD001", msg)])


def _element_defines(g: G.Grammar) -> dict[str, str]:
    """TEI element local name -> name of the define holding its element pattern."""
    out = {}
    for name, body in g.defines.items():
        if body.kind == "element" and body.children[0].kind == "name" and body.children[0].attrs["ns"] == TEI:
            out.setdefault(body.children[0].attrs["local"], name)
    return out


def _has_attr(p: G.P, g: G.Grammar, aname, seen) -> bool:
    for n in G._walk(p):
        if n.kind == "attribute" and n.children[0].kind == "name" and \
                (n.children[0].attrs["ns"], n.children[0].attrs["local"]) == aname:
            return True
        if n.kind == "ref":
            r = n.attrs["name"]
            if r not in seen and r in g.defines and g.defines[r].kind != "element":
                seen.add(r)
                if _has_attr(g.defines[r], g, aname, seen):
                    return True
    return False


def _specialise(p: G.P, g: G.Grammar, aname, fn, found: list) -> G.P:
    """Copy of p with refs leading to attribute ``aname`` inlined and that attribute
    pattern replaced by fn(pattern); element patterns are not entered."""
    if p.kind == "attribute":
        nc = p.children[0]
        if nc.kind == "name" and (nc.attrs["ns"], nc.attrs["local"]) == aname:
            found.append(p)
            return fn(p)
        return p
    if p.kind == "element":
        return p
    if p.kind == "ref":
        r = p.attrs["name"]
        body = g.defines.get(r)
        if body is not None and body.kind != "element" and _has_attr(body, g, aname, {r}):
            return _specialise(body, g, aname, fn, found)
        return p
    if not p.children:
        return p
    return G.P(p.kind, [_specialise(c, g, aname, fn, found) for c in p.children], dict(p.attrs), p.text)


def _check_values(g: G.Grammar, attr: G.P, values: list[str]) -> list[str]:
    """Values not accepted by tei_all's content of this attribute pattern."""
    probe = G.P("element", [G.P("name", attrs={"ns": "", "local": "probe"}), attr])
    test = G.reachable(G.Grammar(probe, g.defines))
    rng = etree.RelaxNG(G.to_tree(test))
    bad = []
    aname = attr.children[0].attrs
    for v in values:
        el = etree.Element("probe")
        el.set("{%s}%s" % (aname["ns"], aname["local"]) if aname["ns"] else aname["local"], v)
        if not rng.validate(etree.ElementTree(el)):
            bad.append(v)
    return bad


def compile_odd(odd_path: Path | str, base_rng: Path | str) -> bytes:
    """Compile an ODD (the subset above) against ``base_rng``; returns RELAX NG bytes."""
    odd_path = Path(odd_path)
    doc = xmlsafe.parse(odd_path)
    specs = doc.getroot().findall(f".//{_T}schemaSpec")
    if len(specs) != 1:
        raise _err(odd_path, doc.getroot(), f"expected one schemaSpec, found {len(specs)}")
    spec = specs[0]
    base = G.load(xmlsafe.parse(base_rng).getroot())
    el_defs = _element_defines(base)

    selected: list[str] = []
    for child in spec:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag == "moduleRef":
            inc = child.get("include")
            if inc is None and child.get("key") == "tei":
                continue  # the infrastructure module: classes and datatypes, no elements
            if inc is None:
                raise _err(odd_path, child, f'moduleRef key="{child.get("key")}" needs an include list')
            selected.extend(inc.split())
        elif tag == "elementRef":
            selected.append(child.get("key", ""))
        elif tag == "elementSpec":
            pass
        elif tag in ("gloss", "desc", "p", "listRef", "remarks") or etree.QName(child).namespace != TEI:
            continue
        else:
            raise _err(odd_path, child, f"<{tag}> is not supported by this ODD compiler")
    for name in selected:
        if name not in el_defs:
            raise _err(odd_path, spec, f'element "{name}" is not defined in {Path(base_rng).name}')
    keep = set(selected)
    changes = []
    for es in spec.iter(f"{_T}elementSpec"):
        ident, mode = es.get("ident"), es.get("mode", "change")
        if ident not in el_defs:
            raise _err(odd_path, es, f'elementSpec "{ident}": no such element in {Path(base_rng).name}')
        if mode == "delete":
            keep.discard(ident)
        elif mode == "change":
            changes.append(es)
        else:
            raise _err(odd_path, es, f'elementSpec mode="{mode}" is not supported (only delete and change)')

    # tightening: per element, per attribute
    g = G.Grammar(base.start, dict(base.defines))
    for es in changes:
        ident = es.get("ident")
        dname = el_defs[ident]
        for c in es:
            if isinstance(c.tag, str) and etree.QName(c).localname not in ("attList", "desc", "gloss", "remarks"):
                raise _err(odd_path, c, f"<{etree.QName(c).localname}> in elementSpec is not supported")
        for ad in es.iterfind(f"{_T}attList/{_T}attDef"):
            aname_s = ad.get("ident")
            aname = ("http://www.w3.org/XML/1998/namespace", aname_s[4:]) if aname_s.startswith("xml:") \
                else ("", aname_s)
            amode = ad.get("mode", "change")
            found: list = []
            if amode == "delete":
                fn = lambda p: G.NA  # noqa: E731
            elif amode == "change":
                vl = ad.find(f"{_T}valList")
                if vl is None or vl.get("type") != "closed":
                    raise _err(odd_path, ad, f'attDef "{aname_s}" on "{ident}": only a closed valList is supported')
                values = [v.get("ident") for v in vl.iterfind(f"{_T}valItem")]
                if not values:
                    raise _err(odd_path, vl, "empty valList")

                def fn(p, values=values, ad=ad):
                    bad = _check_values(g, p, values)
                    if bad:
                        raise _err(odd_path, ad, f'@{aname_s} of "{ident}": value(s) {", ".join(bad)} '
                                   f"not allowed by {Path(base_rng).name}, so the list would widen it")
                    return G.P("attribute", [p.children[0],
                                             G.P("choice", [G.P("value", attrs={"type": "token",
                                                                               "datatypeLibrary": "",
                                                                               "ns": ""}, text=v)
                                                            for v in values])])
            else:
                raise _err(odd_path, ad, f'attDef mode="{amode}" is not supported (only delete and change)')
            body = g.defines[dname]
            g.defines[dname] = G.P("element", [body.children[0],
                                               _specialise(body.children[1], g, aname, fn, found)])
            if not found:
                raise _err(odd_path, ad, f'"{ident}" has no attribute "{aname_s}" in {Path(base_rng).name}')
            if amode == "delete" and not _optional_everywhere(base.defines[dname], base, aname):
                raise _err(odd_path, ad, f'@{aname_s} is required on "{ident}" and cannot be deleted')

    start_names = (spec.get("start") or "TEI").split()
    for s in start_names:
        if s not in keep:
            raise _err(odd_path, spec, f'start element "{s}" is not selected')
    starts = [G.P("ref", attrs={"name": el_defs[s]}) for s in start_names]
    g.start = starts[0] if len(starts) == 1 else G.P("choice", starts)
    pruned = G.prune(g, {(TEI, n) for n in keep}, None)
    missing = [n for n in sorted(keep) if el_defs[n] not in pruned.defines]
    if missing:
        raise _err(odd_path, spec, "selected elements that can never occur with this selection "
                                   f"(a required child is missing or they are unreachable): {', '.join(missing)}")
    ident = spec.get("ident", "schema")
    comment = (f" Schema \"{ident}\" generated by teikit from {odd_path.name} (an ODD customisation of TEI P5) "
               f"by pruning and tightening {Path(base_rng).name}: do not edit; recompile with "
               f"'teikit schema compile'. TEI material: CC BY 3.0 / BSD-2-Clause, the TEI Consortium. ")
    return G.to_bytes(pruned, comment)


def _optional_everywhere(p: G.P, g: G.Grammar, aname) -> bool:
    """Is every attribute pattern named ``aname`` under p (through attribute refs) optional?"""
    def walk(n, opt, seen):
        if n.kind == "attribute":
            nc = n.children[0]
            return opt or not (nc.kind == "name" and (nc.attrs["ns"], nc.attrs["local"]) == aname)
        if n.kind == "element" and n is not p:
            return True
        if n.kind == "ref":
            r = n.attrs["name"]
            b = g.defines.get(r)
            if b is None or r in seen or b.kind == "element":
                return True
            return walk(b, opt, seen | {r})
        o = opt or n.kind in ("optional", "zeroOrMore", "choice")
        return all(walk(c, o, seen) for c in n.children)
    return walk(p.children[1] if p.kind == "element" else p, False, frozenset())


def compile_to_file(odd_path: Path | str, base_rng: Path | str, out: Path | str) -> Path:
    """Compile and write atomically (temp file, then rename)."""
    data = compile_odd(odd_path, base_rng)
    return write_atomic(out, data)


__all__ = ["compile_odd", "compile_to_file"]
