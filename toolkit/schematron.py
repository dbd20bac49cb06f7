"""ISO Schematron with XPath 2.0 or later, compiled to XSLT 3.0 and run on saxonche.

:func:`load` reads a schema (a ``.sch`` file, or the ``sch:pattern``\\ s embedded in
a RELAX NG schema such as ``tei_all.rng``), :func:`compile_schema` turns it into an
XSLT 3.0 stylesheet (text) and :class:`Validator` compiles that once per process and
runs it on documents.

The generated stylesheet has one mode per active pattern. Each rule becomes a
template in its pattern's mode with a priority that falls with the rule's position,
so the first rule whose context matches a node wins, as Schematron requires. The
mode is applied to the nodes that pass the node test of some context's last step
(``//tei:note | //@when``), which Saxon finds from its name index, with the
predicates of a context of one step (``//text()[contains(., 'x')]``), and skips those
no rule matches (``on-no-match="deep-skip"``); where a context has no such step
(see :func:`_candidates`), to every node, visiting the attributes and children of
nodes no rule matches (``on-no-match="shallow-skip"``). A failed assert or a
successful report writes one line: the location of the node, a tab, the index of the
check, a tab, the message. The location is the element's number in document order
(``412``, attribute ``@Q{ns}name`` appended), which :func:`locate` maps back to an lxml element,
and so to a file, a line and a column: Saxon-HE has no line-number function.

Supported: ``sch:ns``, ``sch:let`` (schema, phase, pattern and rule level; ``@value``
or content), patterns and rules with ``@context``, ``sch:assert``, ``sch:report``,
``@role``, ``@subject``, ``sch:value-of``, ``sch:name``, ``sch:emph``/``dir``/``span``
(as text), ``sch:diagnostics``, abstract rules with ``sch:extends``, abstract
patterns with ``@is-a`` and ``sch:param``, ``sch:phase``/``sch:active``,
``sch:include`` of local files, and ``xsl:key``/``xsl:function`` at schema level.
Query bindings: ``xslt2``, ``xslt3``, ``xpath2``, ``xpath3``, ``xpath31``; ``xslt``
(XPath 1.0) is run as XPath 3.1, and an expression that only works in XSLT 1.0 is
reported as such.
"""

from __future__ import annotations

import hashlib
import re
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from lxml import etree

from toolkit import xmlsafe
from toolkit.errors import InputError, ToolError

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
XS = "http://www.w3.org/2001/XMLSchema"
RNG = "http://relaxng.org/ns/structure/1.0"
TKP = "https://teikit.org/ns/private"

_S = "{%s}" % SCH
_BINDINGS_OK = {"xslt2", "xslt3", "xpath2", "xpath3", "xpath31"}
_BINDINGS_XPATH1 = {"xslt", "xpath"}

#: role value (lower case) -> diagnostic severity
ROLES = {
    "fatal": "error", "error": "error", "err": "error",
    "warning": "warning", "warn": "warning", "nonfatal": "warning",
    "info": "info", "information": "info", "informational": "info", "note": "info",
}


@dataclass(frozen=True)
class Check:
    """One assert or report of a compiled schema."""

    code: str
    severity: str
    kind: str  # "assert" or "report"
    pattern: str


@dataclass
class Compiled:
    xslt: str
    checks: list[Check]
    source: str
    phase: str
    digest: str = field(default="")


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _is(el, name: str) -> bool:
    return isinstance(el.tag, str) and el.tag == _S + name


def _fail(schema: str, el, message: str) -> ToolError:
    line = getattr(el, "sourceline", None)
    where = f"{schema}:{line}" if line else schema
    return ToolError(f"{where}: Schematron: {message}")


# --------------------------------------------------------------------------- loading


def load(path: Path | str) -> etree._Element:
    """The ``sch:schema`` element of a ``.sch`` file, or one synthesised from the
    Schematron embedded in a RELAX NG schema. Includes are resolved."""
    path = Path(path)
    try:
        from toolkit.schema import rnc

        if rnc.is_compact(path):  # RELAX NG compact syntax: its XML syntax
            return _from_rng(rnc.parse(path), path)
        tree = xmlsafe.parse(path)
    except InputError as exc:
        d = exc.diagnostics[0] if exc.diagnostics else None
        if d is None or d.code != "XML001":
            raise ToolError(f"{path}: {d.message if d else exc}")
        raise xmlsafe.schema_error(d)
    root = tree.getroot()
    if root.tag == _S + "schema":
        _resolve_includes(root, path, depth=0)
        return root
    if isinstance(root.tag, str) and root.tag.startswith("{%s}" % RNG):
        return _from_rng(root, path)
    raise ToolError(f"{path}: not a Schematron schema (root is {root.tag}) nor a RELAX NG schema")


def _from_rng(root, path: Path) -> etree._Element:
    schema = etree.Element(_S + "schema", nsmap={"sch": SCH})
    schema.set("queryBinding", "xslt2")
    seen_ns = set()
    for ns in root.iter(_S + "ns"):
        key = (ns.get("prefix"), ns.get("uri"))
        if key not in seen_ns:
            seen_ns.add(key)
            schema.append(deepcopy(ns))
    for el in root.iter(_S + "let", _S + "pattern", _S + "phase", _S + "diagnostics"):
        parent = el.getparent()
        if parent is not None and isinstance(parent.tag, str) and parent.tag.startswith(_S):
            continue  # inside a Schematron element already copied with its parent
        copy = deepcopy(el)
        copy.tail = None
        schema.append(copy)
    _resolve_includes(schema, path, depth=0)
    return schema


def _resolve_includes(el, base: Path, depth: int) -> None:
    if depth > 20:
        raise _fail(str(base), el, "sch:include nested more than 20 deep (a cycle?)")
    for inc in list(el.iter(_S + "include")):
        href = inc.get("href", "")
        if urlparse(href).scheme in ("http", "https", "ftp"):
            raise _fail(str(base), inc, f"sch:include of a remote file is refused: {href}")
        target = (base.parent / href.split("#")[0]).resolve()
        if not target.is_file():
            raise _fail(str(base), inc, f"sch:include: no such file {href}")
        sub = xmlsafe.parse(target).getroot()
        sub = deepcopy(sub)
        _resolve_includes(sub, target, depth + 1)
        sub.tail = inc.tail
        inc.getparent().replace(inc, sub)


# --------------------------------------------------------------------------- compiling


def compile_schema(schema: etree._Element, *, source: str = "schema", phase: str | None = None) -> Compiled:
    """Translate a loaded schema into an XSLT 3.0 stylesheet (text)."""
    binding = (schema.get("queryBinding") or "xslt").strip().lower()
    if binding not in _BINDINGS_OK | _BINDINGS_XPATH1:
        raise _fail(source, schema, f"queryBinding {binding!r} is not supported; use xslt2 or xslt3")

    namespaces = {}
    for ns in schema.iter(_S + "ns"):
        prefix, uri = ns.get("prefix"), ns.get("uri")
        if not prefix or uri is None:
            raise _fail(source, ns, "sch:ns needs @prefix and @uri")
        if namespaces.get(prefix, uri) != uri:
            raise _fail(source, ns, f"prefix {prefix!r} bound to two namespaces")
        namespaces[prefix] = uri
    for reserved in ("xsl", "xs", "tkp"):
        if reserved in namespaces and namespaces[reserved] != {"xsl": XSL, "xs": XS, "tkp": TKP}[reserved]:
            raise _fail(source, schema, f"prefix {reserved!r} is reserved")

    for el in schema.iter(_S + "let", _S + "value-of"):
        need = {"let": "name", "value-of": "select"}[_local(el)]
        if not (el.get(need) or "").strip():
            raise _fail(source, el, f"sch:{_local(el)} needs @{need}")
    _instantiate_abstract_patterns(schema, source)
    patterns = [p for p in schema.iter(_S + "pattern") if p.get("abstract") != "true"]
    phases = {p.get("id"): p for p in schema.iter(_S + "phase")}
    chosen = phase or schema.get("defaultPhase") or "#ALL"
    phase_el = None
    if chosen not in ("#ALL", "#DEFAULT"):
        phase_el = phases.get(chosen)
        if phase_el is None:
            known = ", ".join(sorted(k for k in phases if k)) or "none"
            raise ToolError(f"{source}: no Schematron phase {chosen!r} (phases: {known})")
        active = {a.get("pattern") for a in phase_el.iter(_S + "active")}
        patterns = [p for p in patterns if p.get("id") in active]
    elif chosen == "#DEFAULT" and schema.get("defaultPhase"):
        return compile_schema(schema, source=source, phase=schema.get("defaultPhase"))

    diagnostics = {d.get("id"): d for d in schema.iter(_S + "diagnostic") if d.get("id")}
    abstract_rules = {r.get("id"): r for r in schema.iter(_S + "rule") if r.get("abstract") == "true" and r.get("id")}

    nsmap = {"xsl": XSL, "xs": XS, "tkp": TKP}
    nsmap.update({k: v for k, v in namespaces.items() if k not in nsmap})
    X = "{%s}" % XSL
    sheet = etree.Element(X + "stylesheet", nsmap=nsmap)
    sheet.set("version", "3.0")
    sheet.set("exclude-result-prefixes", "#all")
    etree.SubElement(sheet, X + "output", method="text", encoding="UTF-8")
    etree.SubElement(sheet, X + "mode", {"on-no-match": "shallow-skip", "use-accumulators": "tkp:n"})

    # XSLT declarations allowed in xslt2/xslt3 schemas
    for el in schema:
        if isinstance(el.tag, str) and el.tag in (X + "key", X + "function"):
            sheet.append(deepcopy(el))
    for el in schema:
        if isinstance(el.tag, str) and el.tag.startswith(X) and el.tag not in (X + "key", X + "function"):
            raise _fail(source, el, f"XSLT element {_local(el)} is not allowed in a schema (only xsl:key and xsl:function)")

    # location of a node: the element's number in document order (an accumulator:
    # counted once per document, where positions among siblings would cost a walk
    # over the preceding siblings for each finding), attribute name appended; a node
    # of another document (a subject read with doc()) is located at the root
    acc = etree.SubElement(sheet, X + "accumulator", name="tkp:n", **{"as": "xs:integer", "initial-value": "0"})
    etree.SubElement(acc, X + "accumulator-rule", match="*", select="$value + 1")
    fn = etree.SubElement(sheet, X + "function", name="tkp:loc", **{"as": "xs:string"})
    etree.SubElement(fn, X + "param", name="n", **{"as": "node()?"})
    etree.SubElement(fn, X + "param", name="doc", **{"as": "document-node()?"})
    etree.SubElement(fn, X + "sequence", select=(
        "if (empty($n) or $n instance of document-node() or not(root($n) is $doc)) then '' "
        "else if ($n instance of element()) then string($n ! accumulator-before('tkp:n')) "
        "else if ($n instance of attribute()) then "
        "tkp:loc($n/.., $doc) || '@' || (if (namespace-uri($n) ne '') then 'Q{' || namespace-uri($n) || '}' else '') "
        "|| local-name($n) "
        "else tkp:loc($n/.., $doc)"
    ))

    globals_seen: set[str] = set()

    def global_let(let):
        name = let.get("name")
        if name in globals_seen:
            return False
        globals_seen.add(name)
        _mark(_variable(sheet, let, X), let)
        return True

    for let in schema.findall(_S + "let"):
        global_let(let)
    if phase_el is not None:
        for let in phase_el.findall(_S + "let"):
            global_let(let)

    entry = etree.SubElement(sheet, X + "template", match="/")
    checks: list[Check] = []
    for pi, pattern in enumerate(patterns, start=1):
        mode = f"tkp:p{pi}"
        rules = [r for r in pattern.findall(_S + "rule") if r.get("abstract") != "true"]
        # the rules run on the nodes that pass the last node test of a context,
        # when every context has one (see _candidates); else on every node
        found = [_candidates(r.get("context") or "") for r in rules]
        select = None
        if rules and all(c is not None for c in found):
            select = " | ".join(dict.fromkeys(sel for c in found for sel in c))
        etree.SubElement(sheet, X + "mode", {"name": mode, "on-multiple-match": "fail",
                                             "on-no-match": "shallow-skip" if select is None else "deep-skip"})
        _mark(etree.SubElement(entry, X + "apply-templates", select=select or ".", mode=mode), pattern)
        local_lets = []
        for let in pattern.findall(_S + "let"):
            if not global_let(let):
                local_lets.append(let)
        pid = pattern.get("id") or f"pattern-{pi}"
        for ri, rule in enumerate(rules):
            context = rule.get("context")
            if not context:
                raise _fail(source, rule, "sch:rule needs @context")
            tpl = etree.SubElement(sheet, X + "template", match=context, mode=mode,
                                   priority=str(len(rules) - ri))
            _mark(tpl, rule)
            for let in local_lets:
                v = etree.SubElement(tpl, X + "variable", name=let.get("name"))
                if let.get("value") is None:
                    raise _fail(source, let, "a pattern-level sch:let with content is not supported; use @value")
                v.set("select", f"root(.) ! ({let.get('value')})")
            body = _expand_rule(rule, abstract_rules, pattern, source, depth=0)
            for item in body:
                if _is(item, "let"):
                    _mark(_variable(tpl, item, X), item)
                elif _is(item, "assert") or _is(item, "report"):
                    idx = len(checks)
                    checks.append(_check(item, rule, pid, source))
                    test = item.get("test")
                    if not test:
                        raise _fail(source, item, f"sch:{_local(item)} needs @test")
                    cond = etree.SubElement(tpl, X + "if",
                                            test=f"not({test})" if _is(item, "assert") else test)
                    _mark(cond, item)
                    subject = item.get("subject") or rule.get("subject")
                    loc = f"tkp:loc((({subject}), .)[1], root(.))" if subject else "tkp:loc(., root(.))"
                    msg = etree.SubElement(cond, X + "variable", name="tkp:msg")
                    _message(msg, item, X)
                    for did in (item.get("diagnostics") or "").split():
                        d = diagnostics.get(did)
                        if d is None:
                            raise _fail(source, item, f"no sch:diagnostic with id {did!r}")
                        t = etree.SubElement(msg, X + "text")
                        t.text = " "
                        _message(msg, d, X)
                    etree.SubElement(cond, X + "value-of", select=loc)
                    etree.SubElement(cond, X + "text").text = f"\t{idx}\t"
                    etree.SubElement(cond, X + "value-of", select="normalize-space($tkp:msg)")
                    etree.SubElement(cond, X + "text").text = "\n"
            if select is None:
                etree.SubElement(tpl, X + "apply-templates", select="@* | node()", mode="#current")

    text = etree.tostring(sheet, encoding="unicode", pretty_print=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Compiled(xslt=text, checks=checks, source=source, phase=chosen, digest=digest)


_NODE_TEST = re.compile(
    r"(?P<axis>@|attribute::|child::)?\s*"
    r"(?P<test>(?:text|comment|node)\s*\(\s*\)|processing-instruction\s*\([^()]*\)"
    r"|\*:[A-Za-z_][\w.-]*|(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*))\s*")


def _outside_literals(text: str):
    """``(offset, character, depth)`` for each character of an XPath expression outside
    its string literals; ``depth`` counts the brackets open before the character."""
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
            continue
        if ch in "'\"":
            quote = ch
        elif ch in ")]}":
            depth -= 1
        yield i, ch, depth
        if ch in "([{":
            depth += 1


def _top_level(text: str, sep: str) -> list[int]:
    """Offsets of the character ``sep`` outside brackets and string literals."""
    return [i for i, ch, depth in _outside_literals(text) if ch == sep and depth == 0]


def _predicates_only(text: str) -> bool:
    """True when ``text`` is nothing but predicates: ``[...]`` groups and spaces."""
    last = (" ", 0)
    for _, ch, depth in _outside_literals(text):
        if depth < 0 or (depth == 0 and ch not in "[]" and not ch.isspace()):
            return False
        last = (ch, depth)
    return last[1] == 0 and last[0] != "["  # every group closed


def _candidates(context: str) -> list[str] | None:
    """Expressions selecting a superset of the nodes the pattern ``context`` matches:
    for each alternative of the pattern, every node passing its last step's node
    test (``tei:body//tei:note`` gives ``//tei:note``, ``tei:*/@when`` gives
    ``//@when``). An alternative of one step keeps its predicates, which select
    exactly the nodes it matches (``text()[contains(., 'x')]`` gives
    ``//text()[contains(., 'x')]``), so the rules are not tried on the others; but
    not a predicate calling ``current()``, which means the matched node in a pattern
    and the document in the select. None when a last step is not a plain node test
    (the document node, a function call, a parenthesised expression...)."""
    out = []
    cuts = [-1, *_top_level(context, "|"), len(context)]
    for start, end in zip(cuts, cuts[1:]):
        alt = context[start + 1:end]
        slashes = _top_level(alt, "/")
        step = alt[slashes[-1] + 1:] if slashes else alt
        m = _NODE_TEST.match(step.strip())
        if not m or not m.group("test"):
            return None
        predicates = step.strip()[m.end():]
        if not _predicates_only(predicates):
            return None
        test = re.sub(r"\s+", "", m.group("test"))
        if slashes or not predicates.strip() or re.search(r"\bcurrent\s*\(", predicates):
            predicates = ""
        out.append((f"//@{test}" if m.group("axis") in ("@", "attribute::") else f"//{test}") + predicates)
    return out


def _mark(generated, source_el):
    """Record on a generated element the schema line it comes from (for errors)."""
    if source_el.sourceline:
        generated.set("{%s}line" % TKP, str(source_el.sourceline))
    return generated


def _variable(parent, let, X):
    v = etree.SubElement(parent, X + "variable", name=let.get("name"))
    if let.get("as"):
        v.set("as", let.get("as"))
    if let.get("value") is not None:
        v.set("select", let.get("value"))
    else:
        for child in let:
            v.append(deepcopy(child))
        v.text = let.text
    return v


def _check(item, rule, pattern_id: str, source: str) -> Check:
    role = (item.get("role") or rule.get("role") or "").strip().lower()
    severity = ROLES.get(role, "error")
    cid = item.get("id")
    if cid and re.fullmatch(r"SCH\d{3}", cid):
        code = cid
    elif cid:
        code = f"SCH-{cid}"
    else:
        code = f"SCH-{pattern_id}"
    return Check(code=code, severity=severity, kind=_local(item), pattern=pattern_id)


def _message(target, item, X):
    """Append to ``target`` XSLT instructions producing the text of ``item``."""
    if item.text:
        etree.SubElement(target, X + "text").text = item.text
    for child in item:
        if not isinstance(child.tag, str):
            pass
        elif _is(child, "value-of"):
            etree.SubElement(target, X + "value-of", select=child.get("select"))
        elif _is(child, "name"):
            etree.SubElement(target, X + "value-of", select=f"name({child.get('path') or '.'})")
        else:
            _message(target, child, X)
        if child.sourceline and len(target):
            _mark(target[-1], child)
        if child.tail:
            etree.SubElement(target, X + "text").text = child.tail


def _expand_rule(rule, abstract_rules, pattern, source, depth):
    if depth > 20:
        raise _fail(source, rule, "sch:extends nested more than 20 deep (a cycle?)")
    out = []
    local_abstract = {r.get("id"): r for r in pattern.findall(_S + "rule") if r.get("abstract") == "true"}
    for child in rule:
        if _is(child, "extends"):
            rid = child.get("rule")
            if not rid:
                raise _fail(source, child, "sch:extends needs @rule (extends/@href is not supported)")
            target = local_abstract.get(rid)
            if target is None:
                target = abstract_rules.get(rid)
            if target is None:
                raise _fail(source, child, f"sch:extends: no abstract rule with id {rid!r}")
            out.extend(_expand_rule(target, abstract_rules, pattern, source, depth + 1))
        elif _is(child, "let") or _is(child, "assert") or _is(child, "report"):
            out.append(child)
    return out


def _instantiate_abstract_patterns(schema, source):
    abstract = {p.get("id"): p for p in schema.iter(_S + "pattern") if p.get("abstract") == "true"}
    for inst in list(schema.iter(_S + "pattern")):
        isa = inst.get("is-a")
        if not isa:
            continue
        base = abstract.get(isa)
        if base is None:
            raise _fail(source, inst, f"no abstract pattern with id {isa!r}")
        params = {p.get("name"): p.get("value", "") for p in inst.findall(_S + "param")}
        names = sorted(params, key=len, reverse=True)
        new = deepcopy(base)
        for attr in ("abstract",):
            new.attrib.pop(attr, None)
        if inst.get("id"):
            new.set("id", inst.get("id"))
        for el in new.iter():
            if not isinstance(el.tag, str):
                continue
            for a in ("context", "test", "select", "value", "path", "subject"):
                v = el.get(a)
                if v is None:
                    continue
                for n in names:
                    v = re.sub(r"\$" + re.escape(n) + r"(?![\w.-])", lambda m, n=n: params[n], v)
                el.set(a, v)
        new.tail = inst.tail
        inst.getparent().replace(inst, new)


# --------------------------------------------------------------------------- running


_offline = False


def _no_network() -> None:
    """Schematron may call doc(), unparsed-text() and friends: allow the file: scheme
    only, so a rule can never reach the network (Saxon would otherwise fetch http URLs,
    and wait on a server that does not answer)."""
    global _offline
    if not _offline:
        from toolkit import saxon

        saxon.processor().set_configuration_property("http://saxon.sf.net/feature/allowedProtocols", "file")
        _offline = True


class Validator:
    """A schema compiled once; :meth:`run` applies it to a document. ``base_uri``,
    the schema file's URI, is what relative URIs in its expressions (``doc('x.xml')``,
    ``unparsed-text()``, ``resolve-uri()``) resolve against, as the schema's author
    expects; without it they would resolve against the directory the process started
    Saxon in."""

    def __init__(self, compiled: Compiled, base_uri: str | None = None):
        from toolkit import saxon

        _no_network()
        self.compiled = compiled
        try:
            self._exe = saxon.compile_stylesheet_text(compiled.xslt, base_uri=base_uri)
        except ToolError as exc:
            raise ToolError(_explain_compile_error(compiled, str(exc)))

    def run(self, xml_text: str, base_uri: str | None = None) -> list[tuple[str, Check, str]]:
        """Findings as ``(location, check, message)``, in document order per pattern."""
        from toolkit import saxon

        return self.run_node(saxon.parse_xml(text=xml_text, base_uri=base_uri))

    def run_node(self, node, document: str | None = None) -> list[tuple[str, Check, str]]:
        """The same, on a document parsed by ``saxon.parse_xml`` (once for several
        schemas); ``document`` names it in a run-time error."""
        from toolkit import saxon

        exe = self._exe.clone()
        with saxon.captured_stderr() as err:
            failure = None
            out = ""
            try:
                out = exe.transform_to_string(xdm_node=node) or ""
            except Exception as exc:  # PySaxonApiError
                failure = str(exc)
        if failure is not None:
            raise ToolError(_explain_run_error(self.compiled, failure, "".join(err).strip(), document))
        findings = []
        for line in out.split("\n"):
            if not line:
                continue
            loc, idx, msg = line.split("\t", 2)
            findings.append((loc, self.compiled.checks[int(idx)], msg))
        return findings


#: where Saxon places an error: "on line N [column M] [of FILE]" (lines of the generated stylesheet)
_SAXON_AT = re.compile(r" on line (\d+)(?: column \d+)?(?: of \S*?)?(?=:?(?:\s|$))")


def _schema_line(compiled: Compiled, message: str) -> tuple[str | None, str]:
    """The schema line of the first place Saxon names in ``message`` that comes from
    one (lines it names are the generated stylesheet's), and the message without
    those places."""
    sheet = None
    origin = None
    for m in _SAXON_AT.finditer(message):
        if sheet is None:
            sheet = etree.fromstring(compiled.xslt.encode())
        node = next((el for el in sheet.iter(tag=etree.Element) if el.sourceline == int(m.group(1))), None)
        while node is not None and origin is None:
            origin = node.get("{%s}line" % TKP)
            node = node.getparent()
        if origin:
            break
    message = " ".join(_SAXON_AT.sub("", message).split())
    for generated, schema_term in _TERMS.items():
        message = message.replace(generated, schema_term)
    return origin, message


#: the generated stylesheet's words for the schema's constructs, in Saxon's messages
_TERMS = {
    "in xsl:if/@test": "in the test of an assert or report",
    "in xsl:template/@match": "in a rule context",
    "in xsl:variable/@select": "in the value of a let",
    "in xsl:value-of/@select": "in a value-of or name",
    "in xsl:apply-templates/@select": "in the contexts of a pattern's rules",
}


def _explain_compile_error(compiled: Compiled, message: str) -> str:
    """Saxon names a line of the generated stylesheet: name the schema's line instead."""
    origin, message = _schema_line(compiled, message.replace("cannot compile generated stylesheet:", ""))
    where = f"{compiled.source}:{origin}" if origin else compiled.source
    return f"{where}: Schematron schema does not compile: {message}"


def _explain_run_error(compiled: Compiled, failure: str, detail: str, document: str | None) -> str:
    """A dynamic error of a rule (division by zero, error(), a file doc() may not
    read): the schema line of the expression, Saxon's code and words, the document."""
    code = re.search(r"^\s*([A-Z]{4}\d{4})\s+(.+)$", detail, re.M)
    said = f"{code.group(1)} {code.group(2).strip()}" if code else " ".join(failure.split())
    origin, _ = _schema_line(compiled, detail.splitlines()[0] if detail else failure)
    where = f"{compiled.source}:{origin}" if origin else compiled.source
    on = f" on {document}" if document else ""
    return f"{where}: Schematron failed at run time{on}: {said}"


_validators: dict[tuple[str, str, tuple], Validator] = {}


def validator(path: Path | str, phase: str | None = None) -> Validator:
    """The validator for a schema file, compiled once per process (and again when the
    file, or a file it includes, has been edited since)."""
    from toolkit.validate.cache import Schemas, schemas

    p = Path(path).resolve()
    files = schemas().files(str(p))
    key = (str(p), phase or "", tuple(map(str, Schemas.stamp(files))))
    v = _validators.get(key)
    if v is None:
        schema = load(p)
        binding = (schema.get("queryBinding") or "xslt").lower()
        compiled = compile_schema(schema, source=str(path), phase=phase)
        try:
            v = Validator(compiled, base_uri=p.as_uri())
        except ToolError as exc:
            if binding in _BINDINGS_XPATH1:
                raise ToolError(f"{exc}\n(the schema declares queryBinding {binding!r}, XPath 1.0; teikit runs "
                                "Schematron with XPath 3.1 and does not support constructs that only work in XSLT 1.0; "
                                "set queryBinding=\"xslt2\" and fix the expression)")
            raise
        _validators[key] = v
    return v


_phases: dict[tuple, set[str]] = {}


def phases(path: Path | str) -> set[str]:
    """The ids of a schema's phases (an xml-model may name one)."""
    from toolkit.validate.cache import Schemas, schemas

    p = Path(path).resolve()
    key = (str(p), tuple(map(str, Schemas.stamp(schemas().files(str(p))))))
    if key not in _phases:
        _phases[key] = {ph.get("id") for ph in load(p).iter(_S + "phase") if ph.get("id")}
    return _phases[key]


# --------------------------------------------------------------------------- locations



def locate(root: etree._Element, loc: str, cache: dict | None = None) -> tuple[etree._Element | None, str | None]:
    """Map a location written by the generated stylesheet (the element's number in
    document order, ``@`` and an attribute name appended; empty: the document) to
    ``(element, attribute)``. ``cache`` (a dict kept across calls on one tree) saves
    listing the elements again."""
    attr = None
    if "@" in loc:
        loc, attr = loc.split("@", 1)
        if attr.startswith("Q{"):
            ns, local = attr[2:].split("}", 1)
            attr = "{%s}%s" % (ns, local)
    if not loc:
        return root, attr
    elements = cache.get("elements") if cache is not None else None
    if elements is None:
        elements = list(root.iter(tag=etree.Element))
        if cache is not None:
            cache["elements"] = elements
    n = int(loc)
    return (elements[n - 1] if 0 < n <= len(elements) else root), attr
