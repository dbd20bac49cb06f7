"""Reference integrity: ``xml:id`` uniqueness and pointer resolution (``REF`` codes).

Runs on every TEI project, with or without a Schematron schema. Each document is
first examined on its own (:func:`collect`, in a worker process: ids, and pointers
that stay inside the document), then the whole run is examined at once
(:func:`check_run`: ids repeated across files, and ``file.xml#id`` pointers, which
are resolved against the documents of the run or, failing that, by reading the
target file safely).

Pointers are the tokens of ``@target @corresp @ref @wit @source @facs`` on TEI
elements. ``#id`` must name an ``xml:id`` of the (XInclude-expanded) document;
``file.xml#id`` an ``xml:id`` of that file; ``file.xml`` alone must exist. A private
URI scheme declared by a ``prefixDef`` is expanded first. Anything else (http, https,
other schemes, images, XPointer schemes) is not checked, and nothing is ever fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from toolkit import xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, ToolError

TEI = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = "{%s}id" % XML_NS
XML_BASE = "{%s}base" % XML_NS
POINTER_ATTRS = ("target", "corresp", "ref", "wit", "source", "facs")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass
class DocRefs:
    """What one document contributes to the run-wide checks (picklable)."""

    path: str
    abspath: str
    ids: set = field(default_factory=set)
    # (id, shown path, line, physical file) of each xml:id, in document order
    occurrences: list = field(default_factory=list)
    # (attr, token, target abspath, fragment, shown path, line, physical file, token as written)
    # of file pointers
    external: list = field(default_factory=list)


def _prefixes(root) -> dict[str, list[tuple[re.Pattern, str]]]:
    out: dict[str, list] = {}
    for pd in root.iter("{%s}prefixDef" % TEI):
        ident = pd.get("ident")
        match = pd.get("matchPattern")
        repl = pd.get("replacementPattern")
        if not ident or match is None or repl is None:
            continue
        try:
            rx = re.compile(match)
        except re.error:
            continue
        out.setdefault(ident, []).append((rx, re.sub(r"\$(\d)", r"\\\1", repl)))
    return out


def _expand_prefix(token: str, prefixes) -> str | None:
    m = _SCHEME.match(token)
    if not m:
        return token
    rules = prefixes.get(m.group(1))
    if not rules:
        return None
    rest = token[m.end():]
    for rx, repl in rules:
        if rx.fullmatch(rest):
            try:
                return rx.sub(repl, rest, count=1)
            except re.error:
                return None
    return None


def collect(doc) -> tuple[DocRefs, list[Diagnostic]]:
    """Ids and pointers of one loaded document (``toolkit.validate.document.Document``);
    diagnostics for duplicates and ``#id`` pointers inside it."""
    refs = DocRefs(path=doc.path, abspath=str(doc.abspath))
    diags: list[Diagnostic] = []
    root = doc.tree.getroot()
    single = not doc.origins  # nothing XIncluded: every element is in the document's own file
    own = (doc.path, str(doc.abspath))
    first: dict[str, etree._Element] = {}
    scan = doc.scan()  # ids and pointers, found in the walk the RELAX NG stage shares
    for el, value in scan.ids:
        _id(doc, refs, diags, first, el, value, own if single else None)

    prefixes = _prefixes(root)
    # what each token means (see _meaning), once per file it is written in, with the
    # token's first string: the entries share their strings, which makes the pickle
    # a worker sends a quarter smaller
    meaning: dict = {}
    targets: dict = {}  # (file part, base it is resolved against) -> the file it names
    near = None  # the document's ids, indexed for a broken pointer's hint
    based = (XML_NS, "base") in scan.names.attributes  # any xml:base at all (rare)
    for el, attr, value in scan.pointers:
        phys = doc.abspath if single else doc.file_of(el)
        base = _xml_base(doc, el, phys) if based else None
        for raw in value.split():
            key = (phys, base, raw)
            known = meaning.get(key)
            if known is None:
                known = meaning[key] = (_meaning(raw, prefixes, phys, targets, base), raw)
            m, raw = known
            if m is None:
                continue
            target, frag, token = m
            if not target:
                if frag not in refs.ids:
                    p, line, col = doc.place(el, attr)
                    near = near or _Near(refs.ids)
                    diags.append(Diagnostic(p, line, col, "REF002",
                                            f"@{attr} points to #{frag}, but no element has xml:id '{frag}'"
                                            f"{near.hint(frag)}"))
                continue
            shown, physical = own if single else (doc.shown(phys), str(phys))
            refs.external.append((attr, token, target, frag, shown, el.sourceline or 0, physical, raw))
    return refs, diags


def _xml_base(doc, el, phys: Path) -> str | None:
    """The base URI of ``el`` when ``xml:base`` on it or on an ancestor (in the same
    file) changes it from that of its file (XML Base: each one is resolved against
    the one around it), else None."""
    chain = []
    node = el
    while node is not None:
        b = node.get(XML_BASE)
        if b is not None:
            chain.append(b.strip())
        node = node.getparent()
        if node is not None and doc.origins and doc.file_of(node) != phys:
            break
    if not chain:
        return None
    base = phys.as_uri()
    for b in reversed(chain):
        base = urljoin(base, b)
    return base


def _meaning(raw: str, prefixes, phys: Path, targets: dict, base: str | None = None) -> tuple[str, str, str] | None:
    """``("", frag, token)`` for a pointer token into the document itself, ``(target
    abspath, frag, token)`` for one into a file, None for what is not checked; ``phys``
    is the file the token is written in, ``base`` the element's base URI when
    ``xml:base`` sets one; ``targets`` remembers the files named so far in the
    document (``persons.xml`` is resolved once, not once for each id it is followed
    by; ``url_to_path`` remembers them across the files of a run)."""
    from toolkit.validate.document import url_to_path

    if raw[0] == "#":
        token = raw  # the common case: no scheme, nothing to expand
    else:
        token = _expand_prefix(raw, prefixes)
        if token is None:
            return None
        m = _SCHEME.match(token)
        if m and m.group(1).lower() != "file":
            return None
    if "(" in token:
        return None  # XPointer schemes, not checked
    path_part, _, frag = token.partition("#")
    if not path_part:  # "#id" stays in the document, whatever xml:base says (as TEI tools read it)
        return ("", frag, token) if frag else None
    if not frag and not path_part.lower().endswith(".xml"):
        return None  # images, other resources: not checked
    key = (path_part, base or phys)
    if key not in targets:
        target = url_to_path(urljoin(base, path_part) if base else path_part, phys)
        targets[key] = None if target is None else str(target)
    target = targets[key]
    return None if target is None else (target, frag, token)


def _id(doc, refs: DocRefs, diags: list, first: dict, el, xid: str, own: tuple[str, str] | None) -> None:
    """Record one xml:id; REF001 when the document has it already. ``own``: the
    document's (shown, physical) path when the element cannot come from another file."""
    if xid in first:
        # exact places are worked out only for what is reported
        p, line, col = doc.place(el, XML_ID)
        fp, fl, fc = doc.place(first[xid], XML_ID)
        if (fp, fl, fc) == (p, line, col):
            msg = f"xml:id '{xid}' occurs twice because this element is included (XInclude) twice into {doc.path}"
        else:
            msg = f"xml:id '{xid}' is already used at {fp}:{fl}"
        diags.append(Diagnostic(p, line, col, "REF001", msg))
    else:
        first[xid] = el
    refs.ids.add(xid)
    if own is None:
        phys = doc.file_of(el)
        own = (doc.shown(phys), str(phys))
    refs.occurrences.append((xid, own[0], el.sourceline or 0, own[1]))


class _Near:
    """The xml:id a broken pointer most likely meant: the one id (and only one) a
    single slip away from it: a letter added, left out, changed or two neighbours
    swapped, or the case changed (see :func:`_one_slip`). Numbered ids (``n12``)
    have several neighbours, so no guess is made for them. The ids are indexed by
    themselves and by each of their one-letter deletions, so a lookup does not
    compare against every id."""

    def __init__(self, ids):
        self._index: dict = {}
        for i in ids:
            for k in self._keys(i):
                self._index.setdefault(k, set()).add(i)

    @staticmethod
    def _keys(s: str):
        yield s.casefold(), True
        yield s, False
        for n in range(len(s)):
            yield s[:n] + s[n + 1:], False

    def hint(self, frag: str) -> str:
        found: set = set()
        for k in self._keys(frag):
            found |= self._index.get(k, set())
        found = {i for i in found if _one_slip(frag, i)}
        return f"; did you mean '{found.pop()}'?" if len(found) == 1 else ""


def _one_slip(a: str, b: str) -> bool:
    """Are two different names (two letters long at least) one slip apart?"""
    if a == b or min(len(a), len(b)) < 2:
        return False
    if a.casefold() == b.casefold():
        return True
    if len(a) != len(b):
        short, long_ = sorted((a, b), key=len)
        return len(long_) - len(short) == 1 and any(long_[:n] + long_[n + 1:] == short for n in range(len(long_)))
    diff = [n for n in range(len(a)) if a[n] != b[n]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


class _TargetIds:
    """Ids of files outside the run, read once (safely) when a pointer needs them."""

    def __init__(self):
        self._cache: dict[str, set | str] = {}

    def get(self, path: str) -> set | str:
        if path not in self._cache:
            try:
                tree = xmlsafe.parse(path)
                self._cache[path] = {e.get(XML_ID) for e in tree.getroot().iter(tag=etree.Element)
                                     if e.get(XML_ID) is not None}
            except (InputError, ToolError) as exc:
                self._cache[path] = str(exc)
        return self._cache[path]


def check_run(docs: list[DocRefs], *, cross_file_ids: bool) -> list[Diagnostic]:
    """Run-wide checks: ids repeated across documents (when ``cross_file_ids``) and
    pointers into other files."""
    diags: list[Diagnostic] = []
    by_path = {d.abspath: d for d in docs}
    cols = _Columns()
    if cross_file_ids:
        seen: dict[str, tuple[str, int, str, str]] = {}
        physical = set()
        ordered = []
        for d in docs:
            for xid, p, line, phys in d.occurrences:
                key = (phys, line, xid)
                if key in physical:
                    continue  # the same node reached through XInclude
                physical.add(key)
                ordered.append((p, line, xid, d.abspath, phys))
        ordered.sort()
        for p, line, xid, owner, phys in ordered:
            if xid in seen and seen[xid][3] != owner:
                fp, fl, _, _ = seen[xid]
                line, col = cols.find(phys, line, "xml:id", xid)
                diags.append(Diagnostic(p, line, col, "REF001",
                                        f"xml:id '{xid}' is already used at {fp}:{fl}"))
            elif xid not in seen:
                seen[xid] = (p, line, xid, owner)
    outside = _TargetIds()
    names: dict[str, str] = {}
    exists: dict[str, bool] = {}
    near: dict[str, _Near] = {}  # target file -> its ids, indexed for a hint
    for d in docs:
        for attr, token, target, frag, p, line, phys, raw in d.external:
            if target in by_path:
                if not frag or frag in by_path[target].ids:
                    continue
            name = names.get(target)
            if name is None:
                name = names[target] = Path(target).name
                exists[target] = Path(target).is_file()
            if target in by_path:
                ids = by_path[target].ids
                problem = None if (not frag or frag in ids) else "REF003"
            elif not exists[target]:
                problem = "REF004"
            elif not frag:
                problem = None
            else:
                ids = outside.get(target)
                problem = "REF005" if isinstance(ids, str) else (None if frag in ids else "REF003")
            if problem is None:
                continue
            line, col = cols.find(phys, line, attr, raw)
            if problem == "REF003" and target not in near:
                near[target] = _Near(ids)
            msg = {
                "REF003": f"@{attr} points to {token}, but {name} has no xml:id '{frag}'"
                          + (near[target].hint(frag) if problem == "REF003" else ""),
                "REF004": f"@{attr} points to {token}, but "
                          + (f"{name} is a folder, not a file" if Path(target).is_dir() else f"{name} does not exist"),
                "REF005": f"@{attr} points to {token}, but {name} cannot be read",
            }[problem]
            diags.append(Diagnostic(p, line, col, problem, msg))
    return diags


class _Columns:
    """Columns of attributes, found in the source text only for what is reported.

    libxml2 gives an element's line (that of the end of its start tag); the
    attribute holding ``token`` is looked for on that line and the lines before.
    """

    def __init__(self):
        self._lines: dict[str, list[str]] = {}

    def find(self, path: str, line: int, attr: str, token: str) -> tuple[int, int]:
        if not line:
            return line, 0
        lines = self._lines.get(path)
        if lines is None:
            try:
                lines = xmlsafe.file_bytes(path).decode("utf-8", "replace").splitlines()
            except OSError:
                lines = []
            self._lines[path] = lines
        pat = re.compile(r"(?<![\w:.-])" + re.escape(attr) + r"\s*=\s*([\"'])(.*?)\1", re.S)
        for ln in range(min(line, len(lines)), max(0, line - 60), -1):
            for m in pat.finditer(lines[ln - 1]):
                if token in m.group(2).split():
                    return ln, m.start() + 1
        return line, 0
