"""RELAX NG compact syntax (``.rnc``) read into the XML syntax.

TEI projects often name ``tei_lite.rnc`` or a Roma-made ``.rnc`` in their
``xml-model``; libxml2 reads only the XML syntax. This module parses the compact
syntax (the OASIS specification of 2002: declarations, grammars with ``start``,
definitions, ``|=`` and ``&=``, ``div``, ``include`` with overrides, ``external``,
name classes, datatypes with parameters and ``-`` exceptions, ``~`` literal
concatenation, ``\\x{...}`` escapes, escaped keywords, and annotations, which become
foreign attributes and elements, so that Schematron embedded as ``sch:pattern [...]``
survives) and writes the equivalent XML syntax, with every name's namespace and
every datatype library explicit. ``##`` documentation comments are dropped.

``include`` and ``external`` name other compact files: each is converted too, into a
temporary folder of this process, and referred to there; the list of files read is
returned, for what a cached result depends on.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit.errors import ToolError

RNG = "http://relaxng.org/ns/structure/1.0"
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_R = "{%s}" % RNG

KEYWORDS = frozenset("attribute default datatypes div element empty external grammar include inherit list mixed "
                     "namespace notAllowed parent start string text token".split())
_ESCAPE = re.compile(r"\\x+\{([0-9A-Fa-f]+)\}")
_NAME = r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u0300-\u036F\u203F\u2040]*"
_TOKEN_PATTERN = (r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\n]*)
  | (?P<lit>\"\"\"(?:.|\n)*?\"\"\"|'''(?:.|\n)*?'''|"[^"\n]*"|'[^'\n]*')
  | (?P<nsname>""" + _NAME + r""":\*)
  | (?P<cname>""" + _NAME + r""":""" + _NAME + r""")
  | (?P<ident>\\?""" + _NAME + r""")
  | (?P<op>\|=|&=|>>|[=\{\}\(\)\[\],|&?*+\-~])
""")


@lru_cache(maxsize=1)
def _token_rx() -> re.Pattern:
    """The token expression, compiled on first use (26 ms: importing this module for
    :func:`is_compact` should cost nothing)."""
    return re.compile(_TOKEN_PATTERN, re.X)


def is_compact(path: Path | str) -> bool:
    """Is this schema file in the compact syntax (by its name, as Jing and trang tell)?"""
    return str(path).lower().endswith(".rnc")


class _Tok:
    __slots__ = ("kind", "text", "line", "col")

    def __init__(self, kind, text, line, col):
        self.kind, self.text, self.line, self.col = kind, text, line, col


def _tokens(text: str, path: str) -> list[_Tok]:
    # escapes (\x{A}) are decoded inside each token, so that one that makes a newline
    # or a quote does not end a literal
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    token = _token_rx()
    pos, line, start_of_line = 0, 1, 0
    while pos < len(text):
        m = token.match(text, pos)
        if m is None:
            raise _error(path, line, pos - start_of_line + 1, f"unexpected character {text[pos]!r}")
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            value = m.group()
            if "\\x" in value:
                value = _ESCAPE.sub(lambda e: _char(e, path, line), value)
            if kind == "lit":
                value = value[3:-3] if value[:3] in ('"""', "'''") else value[1:-1]
            elif kind == "ident" and value.startswith("\\"):
                kind, value = "name", value[1:]  # an escaped keyword is a plain name
            elif kind == "ident":
                kind = "keyword" if value in KEYWORDS else "name"
            out.append(_Tok(kind, value, line, pos - start_of_line + 1))
        newlines = m.group().count("\n")
        if newlines:
            line += newlines
            start_of_line = m.start() + m.group().rindex("\n") + 1
        pos = m.end()
    out.append(_Tok("eof", "", line, pos - start_of_line + 1))
    return out


def _char(m, path: str, line: int) -> str:
    try:
        return chr(int(m.group(1), 16))
    except (ValueError, OverflowError):
        raise _error(path, line, 0, f"bad character escape {m.group()}")


def _error(path: str, line: int, col: int, message: str) -> ToolError:
    return ToolError(f"{path}:{line}:{col}: RELAX NG compact syntax: {message}")


class _Parser:
    def __init__(self, path: Path, inherited: str, converter: "_Converter"):
        self.path = path
        from toolkit.validate.document import display

        self.shown = display(path)  # as diagnostics name files: relative to the working directory when below it
        self.conv = converter
        self.toks = _tokens(path.read_text(encoding="utf-8-sig"), self.shown)
        self.i = 0
        self.prefixes = {"xml": XML_NS}
        self.inherited = inherited
        self.default_ns = inherited
        self.datatypes = {"xsd": XSD}

    # ---------------------------------------------------------------- tokens

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> _Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def fail(self, message: str, tok: _Tok | None = None):
        tok = tok or self.tok
        found = "the end of the file" if tok.kind == "eof" else repr(tok.text)
        raise _error(self.shown, tok.line, tok.col, f"{message} (found {found})")

    def take(self, kind: str, text: str | None = None) -> _Tok:
        t = self.tok
        if t.kind != kind or (text is not None and t.text != text):
            self.fail(f"expected {text or kind}")
        self.i += 1
        return t

    def at(self, kind: str, text: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (text is None or t.text == text)

    def at_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def literal(self) -> str:
        parts = [self.take("lit").text]
        while self.at_op("~"):
            self.i += 1
            parts.append(self.take("lit").text)
        return "".join(parts)

    def identifier(self) -> str:
        if self.tok.kind == "name":
            return self.take("name").text
        self.fail("expected a name")

    # ---------------------------------------------------------------- top level

    def top(self) -> etree._Element:
        while self.at("keyword", "namespace") or self.at("keyword", "default") or self.at("keyword", "datatypes"):
            self.declaration()
        root = etree.Element(_R + "grammar", nsmap={None: RNG})
        if self._grammar_ahead():
            self.grammar_content(root, "eof")
        else:  # a pattern alone is the start of a grammar
            etree.SubElement(root, _R + "start").append(self.pattern())
        self.take("eof")
        return root

    def declaration(self):
        t = self.tok
        self.i += 1
        if t.text == "datatypes":
            prefix = self.name_or_keyword()
            self.take("op", "=")
            self.datatypes[prefix] = self.literal()
            return
        if t.text == "default":
            self.take("keyword", "namespace")
            prefix = None
            if not self.at_op("="):
                prefix = self.name_or_keyword()
            self.take("op", "=")
            uri = self.ns_value()
            self.default_ns = uri
            if prefix:
                self.prefixes[prefix] = uri
            return
        prefix = self.name_or_keyword()
        self.take("op", "=")
        uri = self.ns_value()
        if prefix == "xml" and uri != XML_NS:
            self.fail("the prefix xml is bound to the XML namespace", t)
        self.prefixes[prefix] = uri

    def ns_value(self) -> str:
        if self.at("keyword", "inherit"):
            self.i += 1
            return self.inherited
        return self.literal()

    def name_or_keyword(self) -> str:
        if self.tok.kind in ("name", "keyword"):
            t = self.tok
            self.i += 1
            return t.text
        self.fail("expected a name")

    def _grammar_ahead(self) -> bool:
        j = self.i
        while self.toks[j].kind == "op" and self.toks[j].text == "[":  # leading annotations
            depth = 0
            while True:
                t = self.toks[j]
                if t.kind == "eof":
                    return False
                if t.kind == "op" and t.text == "[":
                    depth += 1
                elif t.kind == "op" and t.text == "]":
                    depth -= 1
                    if depth == 0:
                        j += 1
                        break
                j += 1
        t, nxt = self.toks[j], self.toks[j + 1] if j + 1 < len(self.toks) else self.toks[-1]
        if t.kind == "eof":
            return True
        if t.kind == "keyword" and t.text in ("start", "div", "include"):
            return True
        if t.kind == "name" and nxt.kind == "op" and nxt.text in ("=", "|=", "&="):
            return True
        return t.kind == "cname" and nxt.kind == "op" and nxt.text == "["

    # ---------------------------------------------------------------- grammar

    def grammar_content(self, parent, end: str, in_include: bool = False):
        while not (self.at("eof") if end == "eof" else self.at_op(end)):
            annotations = self.annotations()
            t = self.tok
            if t.kind == "keyword" and t.text == "start":
                self.i += 1
                el = etree.SubElement(parent, _R + "start")
                self.assign(el)
                el.append(self.pattern())
            elif t.kind == "name":
                self.i += 1
                el = etree.SubElement(parent, _R + "define", name=t.text)
                self.assign(el)
                el.append(self.pattern())
            elif t.kind == "keyword" and t.text == "div":
                self.i += 1
                el = etree.SubElement(parent, _R + "div")
                self.take("op", "{")
                self.grammar_content(el, "}", in_include)
                self.take("op", "}")
            elif t.kind == "keyword" and t.text == "include" and not in_include:
                self.i += 1
                el = etree.SubElement(parent, _R + "include")
                href = self.literal()
                ns = self.inherit_clause()
                el.set("href", self.conv.reference(self.path, href, ns, t))
                if self.at_op("{"):
                    self.i += 1
                    self.grammar_content(el, "}", True)
                    self.take("op", "}")
            elif t.kind == "cname" and self.peek().kind == "op" and self.peek().text == "[":
                parent.append(self.annotation_element())
                continue
            else:
                self.fail("expected start, a definition, div or include")
            for a in annotations:
                _annotate(el, a)

    def inherit_clause(self) -> str:
        if self.at("keyword", "inherit"):
            self.i += 1
            self.take("op", "=")
            prefix = self.name_or_keyword()
            if prefix not in self.prefixes:
                self.fail(f"undeclared prefix {prefix!r}")
            return self.prefixes[prefix]
        return self.default_ns

    def assign(self, el):
        if self.at_op("="):
            self.i += 1
        elif self.at_op("|="):
            self.i += 1
            el.set("combine", "choice")
        elif self.at_op("&="):
            self.i += 1
            el.set("combine", "interleave")
        else:
            self.fail("expected =, |= or &=")

    # ---------------------------------------------------------------- patterns

    def pattern(self) -> etree._Element:
        first = self.particle()
        if not self.at_op(",", "|", "&"):
            return first
        op = self.tok.text
        kind = {",": "group", "|": "choice", "&": "interleave"}[op]
        el = etree.Element(_R + kind)
        el.append(first)
        while self.at_op(op):
            self.i += 1
            el.append(self.particle())
        if self.at_op(",", "|", "&"):
            self.fail("mixing , | and & needs parentheses")
        return el

    def particle(self) -> etree._Element:
        p = self.primary()
        if self.at_op("*", "+", "?"):
            kind = {"*": "zeroOrMore", "+": "oneOrMore", "?": "optional"}[self.tok.text]
            self.i += 1
            wrapper = etree.Element(_R + kind)
            wrapper.append(p)
            p = wrapper
        self.follow_annotations(p)
        return p

    def follow_annotations(self, el):
        while self.at_op(">>"):
            self.i += 1
            el.append(self.annotation_element())

    def primary(self) -> etree._Element:
        annotations = self.annotations()
        el = self._primary()
        for a in annotations:
            _annotate(el, a)
        return el

    def _primary(self) -> etree._Element:
        t = self.tok
        if t.kind == "keyword":
            if t.text in ("element", "attribute"):
                self.i += 1
                el = etree.Element(_R + t.text)
                el.append(self.name_class(attribute=t.text == "attribute"))
                self.take("op", "{")
                el.append(self.pattern())
                self.take("op", "}")
                return el
            if t.text in ("list", "mixed"):
                self.i += 1
                el = etree.Element(_R + t.text)
                self.take("op", "{")
                el.append(self.pattern())
                self.take("op", "}")
                return el
            if t.text in ("empty", "text", "notAllowed"):
                self.i += 1
                return etree.Element(_R + t.text)
            if t.text == "parent":
                self.i += 1
                return etree.Element(_R + "parentRef", name=self.identifier())
            if t.text == "external":
                self.i += 1
                href = self.literal()
                ns = self.inherit_clause()
                return etree.Element(_R + "externalRef", href=self.conv.reference(self.path, href, ns, t))
            if t.text == "grammar":
                self.i += 1
                el = etree.Element(_R + "grammar")
                self.take("op", "{")
                self.grammar_content(el, "}")
                self.take("op", "}")
                return el
            if t.text in ("string", "token"):
                self.i += 1
                return self.datatype("", t.text)
            self.fail(f"the keyword {t.text!r} cannot start a pattern (escape it as \\{t.text} to use it as a name)")
        if t.kind == "name":
            self.i += 1
            return etree.Element(_R + "ref", name=t.text)
        if t.kind == "cname":
            self.i += 1
            prefix, local = t.text.split(":", 1)
            if prefix not in self.datatypes:
                self.fail(f"undeclared datatypes prefix {prefix!r}", t)
            return self.datatype(self.datatypes[prefix], local)
        if t.kind == "lit":
            value = self.literal()
            el = etree.Element(_R + "value", type="token", datatypeLibrary="", ns=self.default_ns)
            el.text = value
            return el
        if t.kind == "op" and t.text == "(":
            self.i += 1
            el = self.pattern()
            self.take("op", ")")
            return el
        self.fail("expected a pattern")

    def datatype(self, library: str, name: str) -> etree._Element:
        if self.at("lit"):
            el = etree.Element(_R + "value", type=name, datatypeLibrary=library, ns=self.default_ns)
            el.text = self.literal()
            return el
        el = etree.Element(_R + "data", type=name, datatypeLibrary=library)
        if self.at_op("{"):
            self.i += 1
            while not self.at_op("}"):
                self.annotations()  # (annotations on a parameter are dropped)
                pname = self.name_or_keyword()
                self.take("op", "=")
                param = etree.SubElement(el, _R + "param", name=pname)
                param.text = self.literal()
            self.i += 1
        if self.at_op("-"):
            self.i += 1
            exc = etree.SubElement(el, _R + "except")
            exc.append(self.primary())
        return el

    # ---------------------------------------------------------------- name classes

    def name_class(self, attribute: bool) -> etree._Element:
        first = self.basic_name_class(attribute)
        if not self.at_op("|"):
            return first
        el = etree.Element(_R + "choice")
        el.append(first)
        while self.at_op("|"):
            self.i += 1
            el.append(self.basic_name_class(attribute))
        return el

    def basic_name_class(self, attribute: bool) -> etree._Element:
        annotations = self.annotations()
        t = self.tok
        if t.kind in ("name", "keyword"):
            self.i += 1
            el = etree.Element(_R + "name", ns="" if attribute else self.default_ns)
            el.text = t.text
        elif t.kind == "cname":
            self.i += 1
            prefix, local = t.text.split(":", 1)
            el = etree.Element(_R + "name", ns=self.ns_of(prefix, t))
            el.text = local
        elif t.kind == "nsname" or (t.kind == "op" and t.text == "*"):
            self.i += 1
            if t.kind == "nsname":
                el = etree.Element(_R + "nsName", ns=self.ns_of(t.text[:-2], t))
            else:
                el = etree.Element(_R + "anyName")
            if self.at_op("-"):
                self.i += 1
                exc = etree.SubElement(el, _R + "except")
                exc.append(self.basic_name_class(attribute))
        elif t.kind == "op" and t.text == "(":
            self.i += 1
            el = self.name_class(attribute)
            self.take("op", ")")
        else:
            self.fail("expected a name class")
        for a in annotations:
            _annotate(el, a)
        return el

    def ns_of(self, prefix: str, tok: _Tok) -> str:
        if prefix not in self.prefixes:
            self.fail(f"undeclared namespace prefix {prefix!r}", tok)
        return self.prefixes[prefix]

    # ---------------------------------------------------------------- annotations

    def annotations(self) -> list:
        """``[ ... ]`` before a construct: its foreign attributes and elements."""
        out = []
        while self.at_op("["):
            self.i += 1
            out.extend(self.annotation_body())
            self.take("op", "]")
        return out

    def annotation_body(self) -> list:
        out = []
        while not self.at_op("]"):
            t = self.tok
            if t.kind == "lit":
                out.append(("text", self.literal()))
            elif t.kind in ("name", "keyword", "cname") and self.peek().kind == "op" and self.peek().text == "=":
                self.i += 2
                out.append(("attr", self.clark(t, attribute=True), self.literal()))
            elif t.kind in ("name", "keyword", "cname") and self.peek().kind == "op" and self.peek().text == "[":
                out.append(("element", self.annotation_element()))
            else:
                self.fail("expected an annotation attribute, element or literal")
        return out

    def annotation_element(self) -> etree._Element:
        t = self.tok
        self.i += 1
        el = etree.Element(self.clark(t, attribute=False), nsmap=self._nsmap())
        self.take("op", "[")
        for item in self.annotation_body():
            _annotate(el, item)
        self.take("op", "]")
        return el

    def _nsmap(self) -> dict:
        return {p: u for p, u in self.prefixes.items() if p != "xml" and u and _uri_ok(u)}

    def clark(self, t: _Tok, attribute: bool) -> str:
        if t.kind == "cname":
            prefix, local = t.text.split(":", 1)
            uri = self.ns_of(prefix, t)
            return "{%s}%s" % (uri, local) if uri else local
        return t.text


def _uri_ok(uri: str) -> bool:
    try:
        etree.QName(uri, "x")
        return True
    except ValueError:
        return False


def _annotate(el, item) -> None:
    kind = item[0]
    if kind == "attr":
        if item[1].startswith("{") or not el.tag.startswith(_R):
            el.set(item[1], item[2])  # (an unqualified one on a RELAX NG element is not an annotation)
    elif kind == "element":
        el.append(item[1])
    elif len(el):
        el[-1].tail = (el[-1].tail or "") + item[1]
    else:
        el.text = (el.text or "") + item[1]


class _Converter:
    """Converts a compact schema and every compact file it includes."""

    def __init__(self, folder: Path | None = None):
        self.read: list[Path] = []
        self.done: dict[tuple[Path, str], str] = {}
        self.folder = folder  # where converted includes go, referred to by name (else a temporary folder)
        self.written: list[Path] = []

    def convert(self, path: Path, inherited: str = "") -> etree._Element:
        path = Path(path).resolve()
        self.read.append(path)
        try:
            parser = _Parser(path, inherited, self)
        except OSError as exc:
            raise ToolError(f"{path}: cannot read schema ({exc.strerror or exc})")
        except UnicodeDecodeError as exc:
            raise ToolError(f"{path}: RELAX NG compact syntax must be UTF-8 here ({exc.reason})")
        try:
            return parser.top()
        except RecursionError:
            raise ToolError(f"{parser.shown}: RELAX NG compact syntax: nested too deeply")
        except ValueError as exc:  # a name or namespace URI lxml refuses in an annotation
            raise ToolError(f"{parser.shown}: RELAX NG compact syntax: {exc}")

    def reference(self, source: Path, href: str, inherited: str, tok: _Tok) -> str:
        """The URI an ``include``/``external`` of ``href`` in ``source`` becomes: a
        compact file converted into this process's folder, else the file itself."""
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) and not href.startswith("file:"):
            raise _error(str(source), tok.line, tok.col, f"{href}: teikit reads no schema from the network")
        target = (source.parent / href).resolve() if not href.startswith("file:") else Path(href[5:]).resolve()
        if target.suffix.lower() != ".rnc":
            return target.as_uri()
        key = (target, inherited)
        if key not in self.done:
            if not target.is_file():
                raise _error(str(source), tok.line, tok.col, f"{href}: included schema not found")
            if len(self.read) > 200:
                raise _error(str(source), tok.line, tok.col, "too many includes")
            root = self.convert(target, inherited)
            data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
            if self.folder is None:
                name = hashlib.sha256(f"{target}\0{inherited}".encode()).hexdigest()[:16] + ".rng"
                out = _folder() / name
                out.write_bytes(data)
                self.done[key] = out.as_uri()
            else:
                name, n = f"{target.stem}.rng", 1
                while any(w.name == name for w in self.written):
                    n += 1
                    name = f"{target.stem}-{n}.rng"
                self.written.append(self.folder / name)
                self.pending.append((self.folder / name, data))
                self.done[key] = name
        return self.done[key]


_tmp: Path | None = None


def _folder() -> Path:
    global _tmp
    if _tmp is None:
        _tmp = Path(tempfile.mkdtemp(prefix="teikit-rnc-"))
        atexit.register(shutil.rmtree, _tmp, True)
    return _tmp


def convert(path: Path | str) -> tuple[bytes, list[Path]]:
    """The XML syntax of a compact schema, and the compact files read for it (the
    schema first). Raises :class:`ToolError` (``file:line:col``) on a syntax error."""
    conv = _Converter()
    root = conv.convert(Path(path))
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True), conv.read


def parse(path: Path | str) -> etree._Element:
    """The XML syntax of a compact schema, parsed (its base URL the compact file's)."""
    from toolkit import xmlsafe

    return etree.fromstring(convert(path)[0], xmlsafe.parser(), base_url=xmlsafe.base_url(path))


def convert_to_files(path: Path | str, output: Path) -> list[Path]:
    """Write the XML syntax of a compact schema to ``output``, and that of each
    compact file it includes beside it (``name.rng``, referred to by that name).
    Nothing is written when a file has a syntax error. Returns the files written."""
    from toolkit.fsutil import write_atomic

    conv = _Converter(folder=output.parent)
    conv.pending = []
    root = conv.convert(Path(path))
    for target, data in conv.pending + [(output, etree.tostring(root, encoding="UTF-8", xml_declaration=True))]:
        write_atomic(target, data)
    return [t for t, _ in conv.pending] + [output]
