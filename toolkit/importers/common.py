"""What every importer shares: metadata, interventions, the header, serialisation.

An importer family (``toolkit.importers.web`` ...) turns a plain source into the TEI
``<text>`` element. Everything else happens here, the same way for every family:

* :func:`load_metadata` reads ``sources/<stem>.toml`` (bibliographic data, rights,
  editorial principles and the reviewed list of interventions) into :class:`Metadata`;
* :func:`apply_interventions` applies the TOML's emendations, regularisations,
  supplied text and gaps as TEI markup (``choice/sic/corr``, ``choice/orig/reg``,
  ``supplied``, ``gap``) with ``@resp`` and ``@cert``; a listed ``sic`` that is not found
  exactly ``count`` times fails the import with an ``IMP`` diagnostic;
* :func:`build_header` writes the ``teiHeader`` (docs/encoding.md, "Header");
* :func:`build_document` assembles header + text, tags persons and checks ids;
* :func:`serialize` and :func:`write_atomic` give deterministic bytes and never leave a
  half-written file.

Text matching works on *runs*: a stretch of character data inside one element,
including the line, page and column breaks in it (``lb``, ``pb``, ``cb``), so a
correction or a name broken across a source line (``Zin<lb break="no"/>ovyev``) is
still found. In the joined view of a run, ``lb`` counts as a newline unless
``@break="no"``, which joins the two sides; whitespace in a listed string matches any
whitespace. Matching never enters text that already records an intervention
(``choice``, ``sic``, ``corr``, ``orig``, ``reg``, ``abbr``, ``expan``, ``supplied``,
``surplus``, ``gap``), nor editor's notes.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - 3.10
    import tomli as tomllib  # type: ignore

from lxml import etree

from toolkit.diagnostics import Diagnostic
from toolkit import fsutil
from toolkit.errors import InputError, ToolError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
XML_LANG = "{%s}lang" % XML_NS

CERTAINTIES = ("high", "medium", "low", "unknown")
AVAILABILITY = ("free", "restricted", "unknown")

#: Elements whose content records an intervention already: matching never enters them.
PROTECTED = frozenset({"choice", "sic", "corr", "orig", "reg", "abbr", "expan", "supplied",
                       "surplus", "gap", "ex", "am", "del", "add"})
#: Empty elements transparent to matching (text on both sides is one run).
MILESTONES = frozenset({"lb", "pb", "cb"})

_LANG_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French",
               "he": "Hebrew", "la": "Latin", "ka": "Georgian", "uk": "Ukrainian"}


# --------------------------------------------------------------------------- TEI helpers

def tei(tag: str, attrib: dict[str, str] | None = None, text: str | None = None,
        children: Iterable[etree._Element] = ()) -> etree._Element:
    """A TEI element. Attribute names ``xml:id``/``xml:lang`` are accepted as such."""
    el = etree.Element(T + tag, nsmap={None: TEI_NS})
    for k, v in (attrib or {}).items():
        if v is None:
            continue
        if k.startswith("xml:"):
            k = "{%s}%s" % (XML_NS, k[4:])
        el.set(k, str(v))
    if text is not None:
        el.text = text
    for c in children:
        el.append(c)
    return el


def sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    el = tei(tag, attrib, text)
    parent.append(el)
    return el


def local(el) -> str:
    """Local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


# --------------------------------------------------------------------------- metadata

@dataclass
class Emendation:
    sic: str
    corr: str
    type: str
    reason: str
    cert: str
    count: int
    context: str | None = None
    resp: str | None = None
    whole_word: bool = True
    line: int = 0            # line of the [[emendation]] header in the TOML (diagnostics)
    n: int = 0               # ordinal (1-based) among the emendations


@dataclass
class Regularisation:
    orig: str
    reg: str
    reason: str
    count: int
    type: str | None = None
    cert: str | None = None
    context: str | None = None
    resp: str | None = None
    whole_word: bool = True
    line: int = 0
    n: int = 0


@dataclass
class Supplied:
    text: str
    reason: str
    after: str | None = None
    before: str | None = None
    cert: str = "high"
    count: int = 1
    context: str | None = None
    resp: str | None = None
    padding: str = "none"     # none | before | after | both: editorial spaces around it
    line: int = 0
    n: int = 0


@dataclass
class Gap:
    at: str                   # regex; the gap goes at the end of its match
    reason: str
    quantity: int | None = None
    unit: str = "chars"
    extent: str | None = None
    supplied: str | None = None
    cert: str | None = None
    count: int = 1
    resp: str | None = None
    agent: str | None = None
    padding: str = "none"
    line: int = 0
    n: int = 0


@dataclass
class Metadata:
    """Everything ``sources/<stem>.toml`` says about one source."""

    doc_id: str
    siglum: str
    title: str
    lang: str = "en"
    family: str | None = None
    file: str | None = None                     # output path, relative to the TOML
    text_type: str | None = None                # text/@type
    languages: dict[str, str] = field(default_factory=dict)
    bibl: dict[str, Any] = field(default_factory=dict)
    availability: dict[str, Any] = field(default_factory=dict)
    publication: dict[str, Any] = field(default_factory=dict)
    editorial: dict[str, Any] = field(default_factory=dict)
    family_options: dict[str, Any] = field(default_factory=dict)   # [family] table, free-form
    emendations: list[Emendation] = field(default_factory=list)
    regularisations: list[Regularisation] = field(default_factory=list)
    supplied: list[Supplied] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    changes: list[dict[str, str]] = field(default_factory=list)
    table_lines: dict[str, list[int]] = field(default_factory=dict)   # "[[x]]" -> header lines
    path: str = "<metadata>"                    # the TOML, as given (diagnostics)
    source_path: str | None = None              # the source, as shown in diagnostics
    source_name: str | None = None              # file name of the source (header)
    source_sha256: str | None = None

    @property
    def ed(self) -> str:
        """Pointer to this document's editors' respStmt."""
        return f"#{self.doc_id}-ed"


_TOP_KEYS = {"document", "bibl", "availability", "publication", "editorial", "family",
             "emendation", "regularisation", "supplied", "gap", "change"}
_KEYS = {
    "document": {"id", "siglum", "title", "lang", "family", "importer", "file", "type", "languages"},
    "bibl": {"title", "title_level", "subtitle", "author", "translator", "editor", "publisher",
             "pubPlace", "date", "date_when", "idno", "series", "note", "url", "orig_title",
             "orig_lang", "extent"},
    "availability": {"status", "text", "licence", "licence_target"},
    "publication": {"publisher", "editors", "pubPlace", "date", "licence", "licence_target", "idno"},
    "editorial": {"correction", "normalization", "hyphenation", "hyphenation_eol", "quotation",
                  "quotation_marks", "segmentation", "interpretation", "punctuation"},
    "emendation": {"sic", "corr", "type", "reason", "cert", "count", "context", "resp", "whole_word"},
    "regularisation": {"orig", "reg", "type", "reason", "cert", "count", "context", "resp", "whole_word"},
    "supplied": {"text", "after", "before", "reason", "cert", "count", "context", "resp", "padding"},
    "gap": {"at", "reason", "quantity", "unit", "extent", "supplied", "cert", "count", "resp",
            "agent", "padding"},
    "change": {"when", "who", "text"},
}
_REQUIRED = {
    "emendation": ("sic", "corr", "type", "reason", "cert", "count"),
    "regularisation": ("orig", "reg", "reason", "count"),
    "supplied": ("text", "reason"),
    "gap": ("at", "reason"),
}


def _table_lines(raw: str, name: str) -> list[int]:
    """Line numbers (1-based) of each ``[[name]]`` header, in order."""
    pat = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]")
    return [i for i, line in enumerate(raw.splitlines(), 1) if pat.match(line)]


def _key_line(raw: str, table: str, key: str) -> int:
    """Best-effort line of ``key =`` inside ``[table]`` (0 when not found)."""
    current = None
    for i, line in enumerate(raw.splitlines(), 1):
        m = re.match(r"^\s*\[+\s*([A-Za-z0-9_.-]+)\s*\]+", line)
        if m:
            current = m.group(1)
            continue
        if current == table and re.match(r"^\s*" + re.escape(key) + r"\s*=", line):
            return i
    return 0


def _strs(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def load_metadata(path: Path | str, *, display: str | None = None) -> Metadata:
    """Read and check a source's TOML. Raises InputError (IMP003) on any problem."""
    path = Path(path)
    shown = display or str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ToolError(f"{shown}: no such metadata file")
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown}: not UTF-8",
                         [Diagnostic(shown, 0, 0, "IMP003", f"metadata is not UTF-8 ({exc.reason})")])
    return parse_metadata(raw, shown)


def parse_metadata(raw: str, shown: str = "<metadata>") -> Metadata:
    diags: list[Diagnostic] = []

    def err(line: int, msg: str) -> None:
        diags.append(Diagnostic(shown, line, 1 if line else 0, "IMP003", msg))

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        raise InputError(f"{shown}: invalid TOML",
                         [Diagnostic(shown, line, col, "IMP003", f"invalid TOML: {exc}")])

    for key in sorted(set(data) - _TOP_KEYS):
        err(0, f"unknown table or key {key!r}; known: {', '.join(sorted(_TOP_KEYS))}")
    for table in ("document", "bibl", "availability", "publication", "editorial"):
        for key in sorted(set(data.get(table, {})) - _KEYS[table]):
            err(_key_line(raw, table, key), f"[{table}] has unknown key {key!r}; known: {', '.join(sorted(_KEYS[table]))}")

    doc = data.get("document", {})
    for key in ("id", "siglum", "title"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            err(0, f"[document] needs a non-empty string {key!r}")
    if doc.get("id") and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", doc["id"]):
        err(_key_line(raw, "document", "id"), f"[document] id {doc['id']!r} is not a valid xml:id")

    avail = data.get("availability", {})
    if avail.get("status", "unknown") not in AVAILABILITY:
        err(_key_line(raw, "availability", "status"),
            f"[availability] status must be one of {', '.join(AVAILABILITY)}")

    lists: dict[str, list] = {}
    for name, cls in (("emendation", Emendation), ("regularisation", Regularisation),
                      ("supplied", Supplied), ("gap", Gap)):
        entries = data.get(name, [])
        if not isinstance(entries, list):
            err(0, f"{name!r} must be an array of tables: write [[{name}]]")
            entries = []
        lines = _table_lines(raw, name)
        out = []
        for i, entry in enumerate(entries):
            line = lines[i] if i < len(lines) else 0
            bad = False
            for key in sorted(set(entry) - _KEYS[name]):
                err(line, f"[[{name}]] #{i + 1} has unknown key {key!r}; known: {', '.join(sorted(_KEYS[name]))}")
                bad = True
            for key in _REQUIRED[name]:
                if key not in entry:
                    err(line, f"[[{name}]] #{i + 1} lacks required key {key!r}")
                    bad = True
            if "cert" in entry and entry["cert"] not in CERTAINTIES:
                err(line, f"[[{name}]] #{i + 1}: cert must be one of {', '.join(CERTAINTIES)}")
                bad = True
            if "count" in entry and (not isinstance(entry["count"], int) or entry["count"] < 1):
                err(line, f"[[{name}]] #{i + 1}: count must be a positive integer")
                bad = True
            for key in ("context", "at"):
                if key in entry:
                    try:
                        re.compile(entry[key])
                    except re.error as exc:
                        err(line, f"[[{name}]] #{i + 1}: {key} is not a valid regular expression: {exc}")
                        bad = True
            if name == "supplied" and ("after" in entry) == ("before" in entry):
                err(line, f"[[supplied]] #{i + 1} needs exactly one of 'after' or 'before'")
                bad = True
            if entry.get("padding", "none") not in ("none", "before", "after", "both"):
                err(line, f"[[{name}]] #{i + 1}: padding must be none, before, after or both")
                bad = True
            for key in ("sic", "orig", "after", "before"):
                if key in entry and (not isinstance(entry[key], str) or not entry[key]):
                    err(line, f"[[{name}]] #{i + 1}: {key} must be a non-empty string")
                    bad = True
            if not bad:
                out.append(cls(**entry, line=line, n=i + 1))
        lists[name] = out

    changes = []
    for i, ch in enumerate(data.get("change", [])):
        for key in sorted(set(ch) - _KEYS["change"]):
            err(0, f"[[change]] #{i + 1} has unknown key {key!r}")
        changes.append({k: str(v) for k, v in ch.items()})

    if diags:
        raise InputError(f"{shown}: invalid metadata", diags)

    langs = dict(doc.get("languages", {}))
    table_lines: dict[str, list[int]] = {}
    for i, line in enumerate(raw.splitlines(), 1):
        m = re.match(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]", line)
        if m:
            table_lines.setdefault(m.group(1), []).append(i)
    return Metadata(
        doc_id=doc["id"], siglum=doc["siglum"], title=doc["title"], lang=doc.get("lang", "en"),
        family=doc.get("family") or doc.get("importer"), file=doc.get("file"),
        text_type=doc.get("type"), languages=langs,
        bibl=dict(data.get("bibl", {})), availability=dict(avail),
        publication=dict(data.get("publication", {})), editorial=dict(data.get("editorial", {})),
        family_options=dict(data.get("family", {})),
        emendations=lists["emendation"], regularisations=lists["regularisation"],
        supplied=lists["supplied"], gaps=lists["gap"], changes=changes, table_lines=table_lines, path=shown,
    )


# --------------------------------------------------------------------------- runs

class _Run:
    """Character data of one element between two non-milestone children."""

    __slots__ = ("parent", "anchor", "items", "text", "starts")

    def __init__(self, parent, anchor, first: str):
        self.parent = parent
        self.anchor = anchor            # None: the run starts at parent.text
        self.items: list = [first]      # str, milestone, str, milestone, ..., str
        self.text = ""
        self.starts: list[int] = []

    def finish(self) -> "_Run":
        parts, starts, pos = [], [], 0
        for it in self.items:
            starts.append(pos)
            s = it if isinstance(it, str) else _milestone_text(it)
            parts.append(s)
            pos += len(s)
        self.text = "".join(parts)
        self.starts = starts
        return self


def _milestone_text(el) -> str:
    if el.get("break") == "no":
        return ""
    return "\n" if local(el) == "lb" else " "


def is_skipped(el, skip: frozenset[str], skip_if: Callable | None = None) -> bool:
    return local(el) in skip or (skip_if is not None and skip_if(el))


def collect_runs(root, skip: frozenset[str] = PROTECTED, skip_if: Callable | None = None) -> list[_Run]:
    """Every run of text in ``root`` (document order), outside skipped subtrees."""
    runs: list[_Run] = []

    def visit(el):
        cur = _Run(el, None, el.text or "")
        for child in el:
            if isinstance(child.tag, str) and local(child) in MILESTONES:
                cur.items += [child, child.tail or ""]
                continue
            runs.append(cur.finish())
            if isinstance(child.tag, str) and not is_skipped(child, skip, skip_if):
                visit(child)
            cur = _Run(el, child, child.tail or "")
        runs.append(cur.finish())

    if not is_skipped(root, skip, skip_if):
        visit(root)
    return runs


@dataclass
class Span:
    """A stretch [start, end) of a run's joined text to wrap (start == end: insert)."""

    start: int
    end: int
    make: Callable[[list], etree._Element]   # pieces (str | milestone) -> new element
    tail_pad: str = ""                       # editorial whitespace after the new element
    head_pad: str = ""                       # editorial whitespace before it


def fill(el: etree._Element, pieces: list) -> etree._Element:
    """Put pieces (strings and milestone elements) into ``el`` as its content."""
    last = None
    for p in pieces:
        if isinstance(p, str):
            if last is None:
                el.text = (el.text or "") + p
            else:
                last.tail = (last.tail or "") + p
        else:
            p.tail = None
            el.append(p)
            last = p
    return el


def rewrite_run(run: _Run, spans: list[Span]) -> list[etree._Element]:
    """Replace the run's content, wrapping each span. Spans must not overlap."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    parent = run.parent
    idx = 0 if run.anchor is None else parent.index(run.anchor) + 1
    for m in run.items:
        if not isinstance(m, str):
            parent.remove(m)   # detached first: a span may move it into a new element
    wraps = [sp for sp in spans if sp.end > sp.start]
    inserts = [sp for sp in spans if sp.end == sp.start]
    cuts = sorted({x for sp in wraps for x in (sp.start, sp.end)} | {sp.start for sp in inserts})
    # pieces: (position, width, str-or-element), strings cut at every span boundary
    atoms = []
    for it, start in zip(run.items, run.starts):
        if isinstance(it, str):
            if not it:
                continue
            end = start + len(it)
            lo = bisect.bisect_right(cuts, start)
            hi = bisect.bisect_left(cuts, end)
            prev = start
            for c in cuts[lo:hi]:
                atoms.append((prev, c - prev, it[prev - start:c - start]))
                prev = c
            atoms.append((prev, end - prev, it[prev - start:]))
        else:
            atoms.append((start, len(_milestone_text(it)), it))
    owner: list[int | None] = []
    k = 0
    for p, w, _obj in atoms:
        while k < len(wraps) and p >= wraps[k].end:
            k += 1
        sp = wraps[k] if k < len(wraps) else None
        inside = sp is not None and ((sp.start <= p and p + w <= sp.end) if w else (sp.start < p < sp.end))
        owner.append(k if inside else None)
    out: list = []
    made: list[etree._Element] = []

    def emit(span, inner):
        el = span.make(_merge(inner))
        if span.head_pad:
            out.append(span.head_pad)
        out.append(el)
        made.append(el)
        if span.tail_pad:
            out.append(span.tail_pad)

    ii = 0
    i = 0
    while i < len(atoms):
        p = atoms[i][0]
        while ii < len(inserts) and inserts[ii].start <= p:
            emit(inserts[ii], [])
            ii += 1
        if owner[i] is None:
            out.append(atoms[i][2])
            i += 1
            continue
        k = owner[i]
        inner = []
        while i < len(atoms) and owner[i] == k:
            inner.append(atoms[i][2])
            i += 1
        emit(wraps[k], inner)
    while ii < len(inserts):
        emit(inserts[ii], [])
        ii += 1

    # write back
    merged = _merge(out)
    lead = []
    while merged and isinstance(merged[0], str):
        lead.append(merged.pop(0))
    if run.anchor is None:
        parent.text = "".join(lead) or None
    else:
        run.anchor.tail = "".join(lead) or None
    prev = None
    for p in merged:
        if isinstance(p, str):
            prev.tail = (prev.tail or "") + p
        else:
            p.tail = None
            parent.insert(idx, p)
            idx += 1
            prev = p
    return made


def _merge(objs: list) -> list:
    out: list = []
    buf: list[str] = []
    for o in objs:
        if isinstance(o, str):
            buf.append(o)
        else:
            if buf:
                out.append("".join(buf))
                buf = []
            out.append(o)
    if buf:
        out.append("".join(buf))
    return out


def literal_core(s: str) -> str:
    """Regex for a listed string: literal, any whitespace for whitespace."""
    return "".join(r"\s+" if p.isspace() else re.escape(p) for p in re.split(r"(\s+)", s) if p)


def literal_pattern(s: str, whole_word: bool = True) -> str:
    """Regex for a listed string: literal, any whitespace for whitespace, word-bounded."""
    parts = [r"\s+" if p.isspace() else re.escape(p) for p in re.split(r"(\s+)", s) if p]
    pat = "".join(parts)
    if whole_word:
        if s[:1].isalnum():
            pat = r"(?<![^\W_])" + pat
        if s[-1:].isalnum():
            pat = pat + r"(?![^\W_])"
    return pat


class JoinedRuns:
    """All runs' texts in one string (separated by NUL), so a pattern is searched once."""

    def __init__(self, runs: list[_Run]):
        self.runs = runs
        self.starts: list[int] = []
        pos = 0
        for r in runs:
            self.starts.append(pos)
            pos += len(r.text) + 1
        self.text = "\x00".join(r.text for r in runs)

    def locate(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(run index, start, end) in the run, or None when the span crosses runs."""
        ri = bisect.bisect_right(self.starts, start) - 1
        base = self.starts[ri]
        if end > base + len(self.runs[ri].text):
            return None
        return ri, start - base, end - base


def _isword(ch: str) -> bool:
    return ch.isalnum()


def find_in_runs(runs, pattern: str, context: str | None = None, *, word_start: bool = False,
                 word_end: bool = False):
    """(run index, start, end) of every match inside one run, in document order.

    ``runs`` is a list of runs or a :class:`JoinedRuns` (faster when searching many
    patterns). With ``context``, only matches inside a match of that regex count.
    ``word_start``/``word_end``: no letter or digit may touch the match on that side
    (checked here rather than by a look-behind, which would make the regex engine
    try every position of the text).
    """
    joined = runs if isinstance(runs, JoinedRuns) else JoinedRuns(runs)
    rx = re.compile(pattern)
    ctx: dict[int, list[tuple[int, int]]] | None = None
    if context:
        ctx = {}
        for m in re.finditer(context, joined.text):
            loc = joined.locate(m.start(), m.end())
            if loc:
                ctx.setdefault(loc[0], []).append((loc[1], loc[2]))
    hits = []
    text = joined.text
    for m in rx.finditer(text):
        if word_start and m.start() > 0 and _isword(text[m.start() - 1]):
            continue
        if word_end and m.end() < len(text) and _isword(text[m.end()]):
            continue
        loc = joined.locate(m.start(), m.end())
        if loc is None:
            continue
        ri, s, e = loc
        if ctx is not None and not any(a <= s and e <= b for a, b in ctx.get(ri, ())):
            continue
        hits.append((ri, s, e))
    return hits


# --------------------------------------------------------------------------- interventions

def _pad(padding: str) -> tuple[str, str]:
    return (" " if padding in ("before", "both") else "", " " if padding in ("after", "both") else "")


def apply_interventions(text_el: etree._Element, meta: Metadata, *,
                        skip_if: Callable | None = None, source_text: str | None = None) -> dict[str, int]:
    """Apply the TOML's interventions to ``text_el`` in place.

    Order: emendations, regularisations, supplied text, gaps; within each kind, the
    TOML's order, and an earlier entry wins where two overlap. Every entry must
    apply exactly ``count`` times, or the import fails with IMP001 (not found) or
    IMP002 (found a different number of times), located at the entry in the TOML.
    Returns how many places each kind changed.
    """
    diags: list[Diagnostic] = []
    done = {"emendation": 0, "regularisation": 0, "supplied": 0, "gap": 0}
    skip_if = skip_if or editor_note

    def one_kind(kind, entries, pattern_of, span_of, label_of, words_of=lambda e: (False, False)):
        if not entries:
            return
        runs = collect_runs(text_el, PROTECTED, skip_if)
        joined = JoinedRuns(runs)
        taken: dict[int, list[tuple[int, int]]] = {}
        per_run: dict[int, list[Span]] = {}
        for e in entries:
            pat = pattern_of(e)
            ws, we = words_of(e)
            hits = find_in_runs(joined, pat, getattr(e, "context", None), word_start=ws, word_end=we)
            hits = [h for h in hits if not any(_overlap(h[1], h[2], a, b) for a, b in taken.get(h[0], []))]
            if len(hits) != e.count:
                code = "IMP001" if not hits else "IMP002"
                what = "not found" if not hits else f"found {len(hits)} times"
                diags.append(Diagnostic(meta.path, e.line, 1 if e.line else 0, code,
                                        f"[[{kind}]] #{e.n} {label_of(e)}: {what} in the source text, "
                                        f"count = {e.count}" + (f" (context {e.context!r})" if getattr(e, 'context', None) else "")
                                        + _where(runs, hits, meta)))
                if source_text is not None:
                    diags.extend(_source_hints(source_text, meta, kind, e, pattern_of(e), words_of(e)))
                continue
            for ri, s, t in hits:
                taken.setdefault(ri, []).append((s, t))
                per_run.setdefault(ri, []).append(span_of(e, runs[ri].text[s:t], s, t))
            done[kind] += len(hits)
        for ri in sorted(per_run):
            rewrite_run(runs[ri], per_run[ri])

    def choice_span(e, s, t, source_tag: str, edited_tag: str, edited_text: str, id_part: str):
        """A choice keeping the source's text (sic/orig) beside the edited form (corr/reg),
        the edited form pointing at its entry of the reviewed list in the header."""
        def make(pieces):
            edited = tei(edited_tag, {"resp": e.resp or meta.ed, "cert": e.cert, "type": e.type,
                                      "corresp": f"#{meta.doc_id}-{id_part}{e.n}"}, edited_text)
            return tei("choice", None, None, [fill(tei(source_tag), pieces), edited])
        return Span(s, t, make)

    def em_span(e: Emendation, matched, s, t):
        return choice_span(e, s, t, "sic", "corr", e.corr, "em")

    def reg_span(e: Regularisation, matched, s, t):
        return choice_span(e, s, t, "orig", "reg", e.reg, "reg")

    def sup_span(e: Supplied, matched, s, t):
        at = t if e.after else s
        head, tail = _pad(e.padding)
        return Span(at, at, lambda pieces, e=e: tei(
            "supplied", {"reason": e.reason, "resp": e.resp or meta.ed, "cert": e.cert}, e.text),
            tail_pad=tail, head_pad=head)

    def gap_span(e: Gap, matched, s, t):
        head, tail = _pad(e.padding)
        if e.supplied:
            make = lambda pieces, e=e: tei("supplied", {"reason": e.reason, "resp": e.resp or meta.ed,
                                                        "cert": e.cert or "medium"}, e.supplied)
        else:
            make = lambda pieces, e=e: tei("gap", {
                "reason": e.reason, "agent": e.agent, "unit": e.unit if (e.quantity or e.extent) else None,
                "quantity": e.quantity, "extent": e.extent, "resp": e.resp or meta.ed, "cert": e.cert})
        return Span(t, t, make, tail_pad=tail, head_pad=head)

    def bounded(s: str, whole: bool) -> tuple[bool, bool]:
        return whole and s[:1].isalnum(), whole and s[-1:].isalnum()

    one_kind("emendation", meta.emendations, lambda e: literal_core(e.sic),
             em_span, lambda e: f"sic {e.sic!r}", lambda e: bounded(e.sic, e.whole_word))
    one_kind("regularisation", meta.regularisations, lambda e: literal_core(e.orig),
             reg_span, lambda e: f"orig {e.orig!r}", lambda e: bounded(e.orig, e.whole_word))
    one_kind("supplied", meta.supplied,
             lambda e: literal_core(e.after or e.before), sup_span,
             lambda e: f"{'after' if e.after else 'before'} {(e.after or e.before)!r}")
    one_kind("gap", meta.gaps, lambda e: e.at, gap_span, lambda e: f"at {e.at!r}")
    if diags:
        n = sum(1 for d in diags if d.severity == "error")
        raise InputError(f"{meta.path}: {n} listed intervention(s) do not fit the source", diags)
    return done


def _source_hints(source_text: str, meta: Metadata, kind: str, e, pattern: str,
                  words: tuple[bool, bool], limit: int = 10) -> list[Diagnostic]:
    """Where the raw source has the listed string (info diagnostics for the editor)."""
    out = []
    try:
        rx = re.compile(pattern)
    except re.error:
        return out
    for m in rx.finditer(source_text):
        if words[0] and m.start() > 0 and _isword(source_text[m.start() - 1]):
            continue
        if words[1] and m.end() < len(source_text) and _isword(source_text[m.end()]):
            continue
        line, col = source_position(source_text, m.start())
        out.append(Diagnostic(meta.source_path or "<source>", line, col, "IMP011",
                              f"[[{kind}]] #{e.n} ({meta.path}): the source has {m.group(0)!r} here",
                              severity="info"))
        if len(out) == limit:
            break
    return out


def _overlap(a, b, c, d) -> bool:
    if a == b or c == d:
        return c < a < d or a < c < b
    return a < d and c < b


def _where(runs, hits, meta) -> str:
    if not hits:
        return ""
    shown = []
    for ri, s, t in hits[:3]:
        txt = runs[ri].text
        shown.append("…" + " ".join(txt[max(0, s - 25):t + 25].split()) + "…")
    return "; at " + " | ".join(shown) + (" …" if len(hits) > 3 else "")


def editor_note(el) -> bool:
    """Notes written by this edition's editors are not source text."""
    return local(el) == "note" and (el.get("resp") or "").endswith("-ed")


# --------------------------------------------------------------------------- header

DEFAULT_EDITORIAL = {
    "correction": "Errors of the source are kept and corrected in the markup "
                  "(choice/sic/corr, with @resp and @cert); every correction is listed below.",
    "normalization": "Spelling is not normalised; regularisations, if any, are recorded as choice/orig/reg.",
    "quotation": "Quotation marks are kept as they appear in the source.",
    "hyphenation": "Hyphens are kept as they appear in the source.",
    "segmentation": "The source's own divisions and paragraphs are kept.",
    "interpretation": "Mentions of persons are linked to the personography (persons.xml) "
                      "by an automatic, reviewed tagger.",
}


def _persons_list(names) -> list[str]:
    return _strs(names)


def _p_list(parent, texts) -> None:
    for t in _strs(texts):
        sub(parent, "p", None, t)


def build_header(meta: Metadata, *, family: str | None = None, counts: dict[str, int] | None = None,
                 extra_changes: Iterable[str] = ()) -> etree._Element:
    """The ``teiHeader`` of a document, from its metadata (docs/encoding.md, "Header")."""
    d = meta.doc_id
    b = meta.bibl
    h = tei("teiHeader")
    fd = sub(h, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", {"type": "main"}, meta.title)
    sub(ts, "title", {"type": "sub"}, "A TEI P5 encoding")
    for a in _persons_list(b.get("author")):
        sub(ts, "author", None, a)
    r = sub(ts, "respStmt", {"xml:id": f"{d}-ed"})
    sub(r, "resp", None, "TEI encoding, emendation and annotation")
    for name in _strs(meta.publication.get("editors")) or ["teikit editors"]:
        sub(r, "name", None, name)
    authors = _persons_list(b.get("author"))
    r = sub(ts, "respStmt", {"xml:id": f"{d}-author"})
    sub(r, "resp", None, "author of the source text")
    if authors:
        for a in authors:
            sub(r, "name", None, a)
    else:
        sub(r, "name", None, "unknown")
    trl = _persons_list(b.get("translator"))
    if trl:
        r = sub(ts, "respStmt", {"xml:id": f"{d}-trl"})
        sub(r, "resp", None, "translator of the source text")
        for t in trl:
            sub(r, "name", None, t)

    ps = sub(fd, "publicationStmt")
    pub = meta.publication
    sub(ps, "publisher", None, pub.get("publisher", "teikit"))
    if pub.get("pubPlace"):
        sub(ps, "pubPlace", None, pub["pubPlace"])
    if pub.get("date"):
        sub(ps, "date", {"when": str(pub["date"])} if re.fullmatch(r"\d{4}(-\d\d){0,2}", str(pub["date"])) else None,
            str(pub["date"]))
    sub(ps, "idno", {"type": "siglum"}, meta.siglum)
    av = meta.availability
    a = sub(ps, "availability", {"status": av.get("status", "unknown")})
    if pub.get("licence"):
        sub(a, "licence", {"target": pub.get("licence_target")}, pub["licence"])
    if av.get("licence"):
        sub(a, "licence", {"target": av.get("licence_target")}, av["licence"])
    texts = _strs(av.get("text")) or ["The rights in the source text are unknown."]
    _p_list(a, texts)

    sd = sub(fd, "sourceDesc")
    bibl = sub(sd, "bibl")
    level = b.get("title_level")
    sub(bibl, "title", {"level": level} if level else None, b.get("title", meta.title))
    if b.get("subtitle"):
        sub(bibl, "title", {"type": "sub"}, b["subtitle"])
    for a_ in authors:
        sub(bibl, "author", None, a_)
    for e in _strs(b.get("editor")):
        sub(bibl, "editor", None, e)
    for t in trl:
        sub(bibl, "editor", {"role": "translator"}, t)
    if b.get("orig_title"):
        sub(bibl, "title", {"type": "original", "xml:lang": b.get("orig_lang")}, b["orig_title"])
    if b.get("edition"):
        sub(bibl, "edition", None, b["edition"])
    if b.get("pubPlace"):
        sub(bibl, "pubPlace", None, b["pubPlace"])
    if b.get("publisher"):
        sub(bibl, "publisher", None, b["publisher"])
    if b.get("date"):
        sub(bibl, "date", {"when": b.get("date_when")}, str(b["date"]))
    if b.get("series"):
        sub(bibl, "series", None, b["series"])
    if b.get("extent"):
        sub(bibl, "extent", None, b["extent"])
    idnos = b.get("idno", {})
    for typ in sorted(idnos):
        for v in _strs(idnos[typ]):
            sub(bibl, "idno", {"type": typ}, v)
    if b.get("url"):
        sub(bibl, "ref", {"target": b["url"]}, b["url"])
    if meta.source_name:
        sub(bibl, "idno", {"type": "file"}, meta.source_name)
    if meta.source_sha256:
        sub(bibl, "idno", {"type": "sha256"}, meta.source_sha256)
    for n in _strs(b.get("note")):
        sub(bibl, "note", None, n)

    ed = {**DEFAULT_EDITORIAL, **{k: v for k, v in meta.editorial.items() if not k.endswith(("_eol", "_marks"))}}
    enc = sub(h, "encodingDesc")
    proj = sub(enc, "projectDesc")
    sub(proj, "p", None, f"Encoded for the teikit bundled edition; converted by the teikit "
                         f"'{family or meta.family or 'unknown'}' importer from the plain source, then reviewed.")
    decl = sub(enc, "editorialDecl")
    corr = sub(decl, "correction", {"status": "high" if meta.emendations else None, "method": "markup"})
    _p_list(corr, ed["correction"])
    if meta.emendations or meta.regularisations:
        lst = sub(sub(corr, "p"), "list", {"type": "interventions"})
        for e in meta.emendations:
            it = sub(lst, "item", {"xml:id": f"{d}-em{e.n}", "n": str(e.n)})
            it.text = f"{e.sic} → {e.corr} ({e.type}, {e.cert} certainty, {e.count}×): {e.reason}"
        for e in meta.regularisations:
            it = sub(lst, "item", {"xml:id": f"{d}-reg{e.n}", "n": f"r{e.n}"})
            it.text = f"{e.orig} → {e.reg} ({e.count}×): {e.reason}"
    norm = sub(decl, "normalization", {"method": "markup"})
    _p_list(norm, ed["normalization"])
    _p_list(norm, ed.get("punctuation"))   # no punctuation element in the edition schema
    q = sub(decl, "quotation", {"marks": meta.editorial.get("quotation_marks", "all")})
    _p_list(q, ed["quotation"])
    hy = sub(decl, "hyphenation", {"eol": meta.editorial.get("hyphenation_eol", "none")})
    _p_list(hy, ed["hyphenation"])
    seg = sub(decl, "segmentation")
    _p_list(seg, ed["segmentation"])
    it_ = sub(decl, "interpretation")
    _p_list(it_, ed["interpretation"])

    prof = sub(h, "profileDesc")
    lu = sub(prof, "langUsage")
    langs = {meta.lang: _LANG_NAMES.get(meta.lang, meta.lang), **meta.languages}
    for code in [meta.lang] + sorted(k for k in langs if k != meta.lang):
        sub(lu, "language", {"ident": code}, langs[code])

    rev = sub(h, "revisionDesc")
    for ch in meta.changes:
        sub(rev, "change", {"when": ch.get("when"), "who": ch.get("who", meta.ed)}, ch.get("text", ""))
    c = counts or {}
    def n(kind, total_key):
        total = c.get(total_key, c.get(kind, 0))
        listed = c.get(kind, 0)
        return f"{total}" + (f" ({listed} listed in the metadata)" if listed and listed != total else "")

    summary = (f"Converted from {meta.source_name or 'the source'} by teikit import "
               f"({family or meta.family or 'unknown'} importer). Corrections: {n('emendation', 'corr_total')}; "
               f"regularisations: {n('regularisation', 'reg_total')}; supplied: {n('supplied', 'supplied_total')}; "
               f"gaps: {n('gap', 'gap_total')}"
               + (f"; {c.get('persons', 0)} person mentions linked" if "persons" in c else "") + ".")
    sub(rev, "change", {"who": meta.ed}, summary)
    for text in extra_changes:
        sub(rev, "change", {"who": meta.ed}, text)
    return h


# --------------------------------------------------------------------------- document

def build_document(text_el: etree._Element, meta: Metadata, *, family: str | None = None,
                   persons=None, persons_ref: str = "persons.xml",
                   extra_changes: Iterable[str] = (), source_text: str | None = None) -> etree._ElementTree:
    """Header + text: apply interventions, tag persons, check ids. Returns the tree.

    ``persons`` is a :class:`toolkit.importers.persons.PersonIndex` (or None to skip
    tagging); ``persons_ref`` is the personography's path relative to the output.
    """
    if text_el.tag != T + "text":
        raise ToolError(f"importer returned <{text_el.tag}>, expected TEI <text>")
    counts = apply_interventions(text_el, meta, source_text=source_text)
    if persons is not None:
        from toolkit.importers.persons import tag_persons

        found = tag_persons(text_el, persons, ref_prefix=persons_ref)
        counts["persons"] = sum(found.values())
    for name in ("corr", "reg", "supplied", "gap"):
        counts[f"{name}_total"] = sum(1 for _ in text_el.iter(T + name))
    root = tei("TEI", {"xml:id": meta.doc_id, "xml:lang": meta.lang})
    root.append(build_header(meta, family=family, counts=counts, extra_changes=extra_changes))
    root.append(text_el)
    check_ids(root, meta)
    return etree.ElementTree(root)


def check_ids(root: etree._Element, meta: Metadata) -> None:
    seen: set[str] = set()
    bad = []
    for el in root.iter():
        i = el.get(XML_ID)
        if i is None or el is root:
            continue
        if not i.startswith(meta.doc_id + "-"):
            bad.append(f"xml:id {i!r} does not start with {meta.doc_id + '-'!r}")
        if i in seen:
            bad.append(f"xml:id {i!r} is used twice")
        seen.add(i)
    if bad:
        raise ToolError(f"importer produced bad ids: {'; '.join(bad[:5])}")


#: Elements laid out one per line when their parent holds only such elements.
BLOCKISH = frozenset({
    "TEI", "teiHeader", "fileDesc", "titleStmt", "title", "author", "editor", "respStmt", "resp", "name",
    "publicationStmt", "publisher", "pubPlace", "date", "idno", "availability", "licence", "p",
    "sourceDesc", "bibl", "listWit", "witness", "encodingDesc", "projectDesc", "editorialDecl",
    "correction", "normalization", "quotation", "hyphenation", "segmentation", "interpretation",
    "punctuation", "list", "item", "profileDesc", "langUsage", "language", "revisionDesc", "change",
    "text", "front", "back", "body", "group", "div", "head", "ab", "lg", "l", "quote", "cit",
    "floatingText", "opener", "closer", "salute", "signed", "dateline", "epigraph", "figure",
    "figDesc", "listPerson", "person", "persName", "birth", "death", "note", "sp", "speaker",
    "titlePage", "docTitle", "titlePart", "docAuthor", "docImprint", "trailer", "byline",
    "label", "table", "row", "cell", "fw", "pb", "milestone", "listBibl", "series", "extent",
    "edition", "ref", "linkGrp", "link", "standOff", "listApp", "app", "lem", "rdg",
})


#: Elements whose content is text-like: never indented, even when it holds only elements.
PHRASAL = frozenset({
    "p", "head", "l", "ab", "item", "note", "quote", "label", "persName", "title", "author", "editor",
    "name", "resp", "date", "idno", "licence", "publisher", "pubPlace", "change", "language", "ref",
    "cell", "speaker", "salute", "signed", "dateline", "fw", "figDesc", "birth", "death", "edition",
    "extent", "series", "witness", "lem", "rdg", "titlePart", "docAuthor", "docImprint", "trailer",
    "byline", "s", "seg", "hi", "q", "said",
})


def indent(el: etree._Element, level: int = 0, step: str = "  ") -> None:
    """Lay out element-only content, one element per line; mixed content is never touched."""
    if local(el) in PHRASAL:
        return
    children = [c for c in el if isinstance(c.tag, str)]
    if not children or len(children) != len(el):
        return
    if (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in children):
        return
    if not all(local(c) in BLOCKISH for c in children):
        return
    pad = "\n" + step * (level + 1)
    el.text = pad
    for c in children:
        c.tail = pad
        indent(c, level + 1, step)
    children[-1].tail = "\n" + step * level


def serialize(tree: etree._ElementTree) -> bytes:
    """Deterministic UTF-8 bytes: XML declaration, default TEI namespace, final newline.

    lxml keeps attributes in insertion order, and the importers insert them in a fixed
    order, so equal inputs give byte-identical files. Only element-only content is
    indented (whitespace there is not text); mixed content is written as built.
    """
    root = tree.getroot()
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS})
    indent(root)
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + data.rstrip(b"\n") + b"\n"


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename over ``path``."""
    fsutil.write_atomic(path, data)


def backup_path(path: Path) -> Path:
    """Where to keep the previous file: ``FILE.bak``, or ``FILE.bak.N`` if that exists."""
    cand = path.with_name(path.name + ".bak")
    n = 1
    while cand.exists():
        cand = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return cand


def sha256_text(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path | str, display: str | None = None) -> tuple[str, bytes]:
    """The source's text (UTF-8, newlines normalised) and its raw bytes."""
    shown = display or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ToolError(f"{shown}: no such source file")
    except OSError as exc:
        raise ToolError(f"{shown}: cannot read ({exc})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"{shown}: not UTF-8",
                         [Diagnostic(shown, line, col, "IMP006", f"source is not UTF-8: byte {data[exc.start]:#04x} ({exc.reason})")])
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), data


def source_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in a source text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
