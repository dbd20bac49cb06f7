"""The ``web`` family: text scraped from web pages.

A scraped page is a title line, then one line per paragraph (or heading). The
damage such pages carry is always of the same kinds, and each is found by a rule of
this family (never by the place in one file) and recorded as TEI:

* **Headings**: the first non-empty line is the page title (``head`` of the page's
  ``div``); a later short line without final punctuation is a heading, and opens a
  ``div type="section"``; a heading that repeats the title (search-engine padding)
  is ``head type="seo"``.
* **Sentences**: paragraphs are segmented into ``s`` with ids (``w000-s12``), so an
  apparatus can point at them. A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with
  closing quotes or a citation call) before whitespace, except after an abbreviation
  or an initial.
* **Lost characters** (U+FFFD, a failed Windows-1252 to UTF-8 conversion): a single
  U+FFFD between a word and ``s`` (``Lenin�s``) or after a final ``s`` (``Medvedevs�``)
  was an apostrophe; one at a word's start (``�Koba``) an opening and one after a word
  or its final punctuation (``you?�``) a closing double quote; one between digits
  (``392�393``) an en dash. These are corrected as ``choice/sic/corr`` (the ``sic``
  keeps U+FFFD). Every other run is lost text (Cyrillic, in these sources) and becomes
  ``gap reason="encoding" unit="chars" quantity="N"``.
* **Orphan citation calls** (``[29]``, ``[a]``: the page lost its notes) are kept as
  ``seg type="citation-orphan" n="29"`` (a call that points nowhere, so not a ``ref``); punctuation the scrape left after one
  (``[30].``) is ``surplus reason="scrape"``. ``[ edit ]`` is ``surplus reason="webUI"``.
  URLs become ``ref target``.
* **Stripped text**: some scrapers strip every four-digit year (and what
  followed it), leaving "On 25 MayLenin", "in August Severely", "ofZinoviev". Rules:
  a month name after a day number or a preposition, followed by a capitalised word
  or glued to the next word; a lower-case word glued to a capitalised one (after a
  preposition or conjunction: a year; otherwise stripped punctuation). A spaced site
  gets ``gap reason="yearStripped" unit="chars" quantity="4"`` (or the reviewed
  ``supplied`` year); a glued site is ``choice/orig`` (the source's glued word) with
  ``reg`` separating the words around the gap.
* **Repeated sentences** (scrape repetition, at least 8 identical words ending a
  sentence) are made sentences of their own, and the repeat points at the first
  with ``@copyOf`` (its text is kept: the source repeats it).

The reviewed part lives in the source's TOML, ``[family]`` table:

``[[family.site]]`` with ``at`` (regex; a site the rules cannot see, at the end of
each match: "In late(?=with)") or ``context`` (literal text containing exactly one
rule-found site, to review it); ``kind`` (``year`` | ``date`` | ``punctuation`` |
``truncated`` | ``none`` to reject a rule's site); ``supplied`` (the text, where
certain) with ``cert``; ``count`` (default 1); ``reason`` (the reviewer's note).
Options: ``title_line`` (default true), ``heading_max_words`` (14),
``duplicate_min_words`` (8), ``sentences`` (true).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lxml import etree

from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError
from toolkit.importers.common import XML_ID, Metadata, T, sub, tei
from toolkit.importers.fidelity import regex_rule

FAMILY = "web"
DESCRIPTION = "scraped web pages: title, headings, paragraphs; lost characters, orphan citations, stripped years"

RULES = [
    regex_rule("lost-characters",
               "U+FFFD replacement characters: kept in sic where they stood for punctuation, "
               "recorded as gap (with their number) where they stood for lost text", "\ufffd", both=True),
]

EDITORIAL = {
    "correction": [
        "Characters lost in a failed character-set conversion (U+FFFD) are corrected where they "
        "stood for punctuation (apostrophes, double quotation marks, an en dash: choice/sic/corr, "
        "the sic keeping U+FFFD); lost letters (Cyrillic) are recorded as gap with their number.",
        "Other corrections are listed below with their reasons.",
    ],
    "normalization": "Spelling is not normalised. Words the scrape glued together where it "
                     "stripped text are kept in orig and separated in reg.",
    "quotation": "Quotation marks are kept as they appear in the source, including unbalanced ones "
                 "left by the scrape.",
    "hyphenation": "The source has no line-end hyphenation; hyphens are kept.",
    "segmentation": "The page title and headings are head; each source line is a paragraph; "
                    "paragraphs are segmented into sentences (s) by rule.",
    "interpretation": [
        "Stripped years, dates and punctuation are recorded as gap (reason yearStripped, "
        "dateStripped, punctuationStripped, truncated), with a year supplied only where history "
        "makes it certain. Orphan citation calls are kept as seg type citation-orphan; "
        "web interface residue and punctuation left after a citation call are surplus. "
        "A repeated sentence points at its first occurrence with @copyOf (its text is kept).",
        "Mentions of persons are linked to the personography (persons.xml).",
    ],
}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_M = "(?:" + "|".join(MONTHS) + ")"
_PRE = (r"(?:(?<![\w.])\d{1,2}|\b(?:[Ii]n|[Oo]n|[Oo]f|[Ll]ate|[Ee]arly|[Mm]id|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|"
        r"[Ff]rom|[Dd]uring|[Ss]ummer|[Aa]utumn|[Ww]inter|[Ss]pring))\s+")
MONTH_SPACED = re.compile(_PRE + "(" + _M + r")(?=\s+[A-Z])")
MONTH_GLUED = re.compile(_PRE + "(" + _M + r")(?=[A-Za-z])")
LOWER_UPPER = re.compile(r"(?<![\w'’])([A-Za-z]*[a-z]{2})(?=[A-Z][a-z])")
YEAR_WORDS = frozenset("of in and during early late since until till by from throughout summer autumn "
                       "winter spring mid".split())
CITATION = re.compile(r"\[(\d{1,3}|[a-z])\]")
EDIT = re.compile(r"\[\s*edit\s*\]")
URL = re.compile(r"https?://[^\s\"'<>]+[^\s\"'<>.,;:)\]]")
FFFD = re.compile("\ufffd+")
ABBREVIATIONS = frozenset(
    "zh pp p st mr mrs dr no nos ed eds ibid cf vol vols op d f e.g i.e o.s n.s u.s.s.r u.s etc ch fig "
    "jr sr gen col lt capt prof rev vs viz al ca c comp trans repr art sec".split())
SENT_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\[(?:\d{1,3}|[a-z])\][.,]?)?(?=\s)")

REASONS = {"year": "yearStripped", "date": "dateStripped", "punctuation": "punctuationStripped",
           "truncated": "truncated"}


# --------------------------------------------------------------------------- constructs

@dataclass
class _C:
    """A construct over [start, end) of a line (start == end: an insertion)."""

    start: int
    end: int
    build: Callable[[], list]      # -> nodes (elements and strings)
    prio: int = 5


def _fffd_constructs(line: str, meta: Metadata) -> list[_C]:
    out = []
    for m in FFFD.finditer(line):
        a, b = m.span()
        n = b - a
        before = line[a - 1] if a else ""
        before2 = line[a - 2] if a > 1 else ""
        after = line[b] if b < len(line) else ""
        after2 = line[b + 1] if b + 1 < len(line) else ""
        corr = None
        if n == 1:
            latin_before = before.isascii() and before.isalpha()
            if latin_before and after == "s" and not (after2.isalnum()):
                corr = "\u2019"  # apostrophe
            elif latin_before and before == "s" and (not after or after.isspace()):
                corr = "\u2019"  # apostrophe
            elif before.isdigit() and after.isdigit():
                corr = "\u2013"  # en dash
            elif (not before or before.isspace()) and after.isascii() and after.isalpha():
                corr = "\u201c"  # opening double quotation mark
            elif (latin_before or (before in ".?!," and before2.isascii() and before2.isalpha())) and \
                    (not after or after.isspace() or after.isdigit() or after in ".,;:"):
                corr = "\u201d"  # closing double quotation mark
        if corr:
            out.append(_C(a, b, lambda r=m.group(0), c=corr: [tei("choice", None, None, [
                tei("sic", None, r),
                tei("corr", {"resp": meta.ed, "cert": "high", "type": "encoding"}, c)])], 3))
        else:
            out.append(_C(a, b, lambda n=n: [tei("gap", {"reason": "encoding", "unit": "chars",
                                                          "quantity": str(n)})], 3))
    return out


def _citation_constructs(line: str) -> list[_C]:
    out = []
    for m in EDIT.finditer(line):
        out.append(_C(m.start(), m.end(), lambda t=m.group(0): [tei("surplus", {"reason": "webUI"}, t)], 1))
    for m in CITATION.finditer(line):
        a, b = m.span()
        trail = ""
        if b < len(line) and line[b] in ".," and (b + 1 == len(line) or line[b + 1].isspace()):
            trail = line[b]

        def build(t=m.group(0), n=m.group(1), trail=trail):
            nodes = [tei("seg", {"type": "citation-orphan", "n": n}, t)]
            if trail:
                nodes.append(tei("surplus", {"reason": "scrape"}, trail))
            return nodes
        out.append(_C(a, b + len(trail), build, 2))
    for m in URL.finditer(line):
        out.append(_C(m.start(), m.end(), lambda u=m.group(0): [tei("ref", {"type": "url", "target": u}, u)], 0))
    return out


@dataclass
class Site:
    pos: int                   # offset in the line
    kind: str                  # year | date | punctuation | truncated | none
    rule: str
    supplied: str | None = None
    cert: str | None = None
    line_no: int = 0


def _rule_sites(line: str) -> list[Site]:
    sites: dict[int, Site] = {}
    for m in MONTH_GLUED.finditer(line):
        sites.setdefault(m.end(), Site(m.end(), "year", "month-glued"))
    for m in MONTH_SPACED.finditer(line):
        sites.setdefault(m.end(), Site(m.end(), "year", "month-capital"))
    for m in LOWER_UPPER.finditer(line):
        if _in_url(line, m.end()):
            continue
        kind = "year" if m.group(1).lower() in YEAR_WORDS else "punctuation"
        sites.setdefault(m.end(), Site(m.end(), kind, "glued-capital"))
    return [sites[k] for k in sorted(sites)]


def _in_url(line: str, pos: int) -> bool:
    return any(m.start() <= pos <= m.end() for m in URL.finditer(line))


def _site_construct(line: str, site: Site, meta: Metadata) -> _C | None:
    if site.kind == "none":
        return None
    p = site.pos

    def element():
        if site.supplied:
            return tei("supplied", {"reason": REASONS.get(site.kind, site.kind), "resp": meta.ed,
                                    "cert": site.cert or "high"}, site.supplied)
        attrs = {"reason": REASONS.get(site.kind, site.kind), "agent": "scraper"}
        if site.kind == "year":
            attrs.update(unit="chars", quantity="4")
        return tei("gap", attrs)

    glued = 0 < p < len(line) and line[p - 1].isalnum() and line[p].isalnum()
    if glued:
        a = p
        while a > 0 and line[a - 1].isalnum():
            a -= 1
        b = p
        while b < len(line) and line[b].isalnum():
            b += 1

        def build(a=a, b=b):
            reg = tei("reg", {"resp": meta.ed, "type": "runOn"}, line[a:p] + " ")
            el = element()
            el.tail = " " + line[p:b]
            reg.append(el)
            return [tei("choice", None, None, [tei("orig", None, line[a:b]), reg])]
        return _C(a, b, build, 4)
    head = " " if p > 0 and not line[p - 1].isspace() else ""
    tail = " " if p < len(line) and not line[p].isspace() else ""
    return _C(p, p, lambda: [head, element(), tail], 4)


# --------------------------------------------------------------------------- sentences

def _sentence_bounds(line: str, forced: set[int], blocked: list[tuple[int, int]]) -> list[int]:
    """Start offsets of sentences in a paragraph line."""
    starts = {0}
    for m in SENT_END.finditer(line):
        end = m.end()
        tok = line[:m.start() + 1].split()[-1] if line[:m.start() + 1].split() else ""
        core = tok.strip("\"'“‘([").rstrip(".").lower()
        if m.group(0)[0] == "." and not m.group(0)[1:]:
            if core in ABBREVIATIONS:
                continue
            if re.fullmatch(r"(?:\w\.)*\w", core) and len(core.replace(".", "")) <= 2 and not core.isdigit():
                continue
            nxt = line[end:].lstrip()[:1]
            if "\ufffd" in core and (not nxt or not nxt.isalpha()):
                continue
        ws = re.match(r"\s*", line[end:]).end()
        if end + ws < len(line):
            starts.add(end + ws)
    starts |= {f for f in forced if 0 < f < len(line)}
    ok = sorted(s for s in starts if not any(a < s < b for a, b in blocked))
    return ok


# --------------------------------------------------------------------------- duplicates

def _find_duplicates(paras: list[tuple[int, str]], min_words: int):
    """Pairs of identical word spans (>= min_words, ending a sentence) across paragraphs.

    Returns [((pi, a, b), (pj, c, d))] with character spans of first and repeat.
    """
    toks = []  # (para index, start, end, word)
    for pi, text in paras:
        for m in re.finditer(r"\S+", text):
            toks.append((pi, m.start(), m.end(), m.group(0)))
    words = [t[3] for t in toks]
    k = min_words
    first: dict[tuple, int] = {}
    covered = set()
    pairs = []
    for i in range(len(words) - k + 1):
        key = tuple(words[i:i + k])
        j = first.get(key)
        if j is None:
            first[key] = i
            continue
        if i in covered or j + k > i:
            continue
        n = k
        while i + n < len(words) and j + n < i and words[j + n] == words[i + n] \
                and toks[i + n][0] == toks[i][0] and toks[j + n][0] == toks[j][0]:
            n += 1
        if toks[i + n - 1][0] != toks[i][0] or toks[j + n - 1][0] != toks[j][0]:
            continue
        # trim to end at a sentence end
        while n >= k and not re.search(r"[.!?…][\"'”’)\]]*$", words[i + n - 1]):
            n -= 1
        if n < k:
            continue
        covered.update(range(i, i + n))
        pairs.append(((toks[j][0], toks[j][1], toks[j + n - 1][2]), (toks[i][0], toks[i][1], toks[i + n - 1][2])))
    return pairs


# --------------------------------------------------------------------------- reviewed sites

def _toml_sites(meta: Metadata, blocks) -> dict[int, list[Site]]:
    """Apply ``[[family.site]]``: add sites (``at``) and review rule-found ones (``context``)."""
    entries = meta.family_options.get("site", [])
    lines = meta.table_lines.get("family.site", [])
    diags = []
    found: dict[int, list[Site]] = {bi: _rule_sites(text) for bi, (_ln, text, kind) in enumerate(blocks)
                                     if kind == "p"}
    for n, e in enumerate(entries, 1):
        tl = lines[n - 1] if n - 1 < len(lines) else 0
        bad = sorted(set(e) - {"at", "context", "kind", "supplied", "cert", "count", "reason"})
        if bad or ("at" in e) == ("context" in e) or e.get("kind", "year") not in (*REASONS, "none"):
            diags.append(Diagnostic(meta.path, tl, 1 if tl else 0, "IMP003",
                                    f"[[family.site]] #{n}: give exactly one of 'at' or 'context'; keys: at, "
                                    f"context, kind (year|date|punctuation|truncated|none), supplied, cert, "
                                    f"count, reason" + (f"; unknown: {', '.join(bad)}" if bad else "")))
            continue
        count = int(e.get("count", 1))
        hits = []
        if "at" in e:
            try:
                rx = re.compile(e["at"])
            except re.error as exc:
                diags.append(Diagnostic(meta.path, tl, 1, "IMP003", f"[[family.site]] #{n}: bad regex: {exc}"))
                continue
            for bi, sites in found.items():
                for m in rx.finditer(blocks[bi][1]):
                    hits.append((bi, m.end()))
            if len(hits) == count:
                for bi, pos in hits:
                    site = next((s for s in found[bi] if s.pos == pos), None)
                    if site is None:
                        site = Site(pos, "year", "reviewed")
                        found[bi].append(site)
                        found[bi].sort(key=lambda s: s.pos)
                    site.kind = e.get("kind", "year")
                    site.supplied = e.get("supplied")
                    site.cert = e.get("cert")
        else:
            ctx = e["context"]
            for bi, sites in found.items():
                text = blocks[bi][1]
                for m in re.finditer(re.escape(ctx), text):
                    hits.extend((bi, s) for s in sites if m.start() < s.pos < m.end() or
                                (m.start() < s.pos <= m.end() and s.pos == m.end()))
            if len(hits) == count:
                for _bi, site in hits:
                    site.kind = e.get("kind", site.kind)
                    site.supplied = e.get("supplied")
                    site.cert = e.get("cert")
        if len(hits) != count:
            what = "no site found" if not hits else f"{len(hits)} sites found"
            diags.append(Diagnostic(meta.path, tl, 1 if tl else 0, "IMP001" if not hits else "IMP002",
                                    f"[[family.site]] #{n} ({e.get('at') or e.get('context')!r}): {what}, "
                                    f"count = {count}"))
    if diags:
        raise InputError(f"{meta.path}: {len(diags)} reviewed site(s) do not fit the source", diags)
    return found


# --------------------------------------------------------------------------- convert

def _fill(parent: etree._Element, line: str, a: int, b: int, cons: list[_C]) -> None:
    """Put line[a:b] into ``parent``, building the constructs inside that range."""
    last = None
    pos = a

    def add_text(t):
        if not t:
            return
        if last is None:
            parent.text = (parent.text or "") + t
        else:
            last.tail = (last.tail or "") + t

    for c in cons:
        if c.start < a or c.end > b or (c.start == c.end and not (a <= c.start <= b)):
            continue
        if c.start == c.end and c.start == b and b != len(line):
            continue  # an insertion at a boundary belongs to the next range
        add_text(line[pos:c.start])
        for node in c.build():
            if isinstance(node, str):
                add_text(node)
            else:
                parent.append(node)
                last = node
        pos = c.end
    add_text(line[pos:b])


def _select(cons: list[_C]) -> list[_C]:
    """Drop constructs overlapping one of higher priority; sort by position."""
    chosen: list[_C] = []
    for c in sorted(cons, key=lambda c: (c.prio, c.start, c.end)):
        if any((c.start < o.end and o.start < c.end) or
               (c.start == c.end and o.start < c.start < o.end) or
               (o.start == o.end and c.start < o.start < c.end) for o in chosen):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def _is_heading(line: str, max_words: int) -> bool:
    s = line.strip()
    return bool(s) and len(s.split()) <= max_words and len(s) <= 120 and \
        not re.search(r"[.!?:;,\"”’')\]…]$", s)


def convert(source_text: str, meta: Metadata) -> etree._Element:
    opts = meta.family_options
    max_words = int(opts.get("heading_max_words", 14))
    min_dup = int(opts.get("duplicate_min_words", 8))
    do_sent = bool(opts.get("sentences", True))
    d = meta.doc_id

    blocks = []   # (line number, text, kind)
    for no, raw in enumerate(source_text.split("\n"), 1):
        text = raw.strip()
        if not text:
            continue
        if not blocks and opts.get("title_line", True):
            kind = "title"
        else:
            kind = "head" if _is_heading(text, max_words) else "p"
        blocks.append((no, text, kind))
    if not blocks:
        raise InputError(f"{meta.source_path}: empty source",
                         [Diagnostic(meta.source_path or "<source>", 1, 1, "IMP010", "the source has no text")])

    sites = _toml_sites(meta, blocks)
    paras = [(bi, text) for bi, (_n, text, kind) in enumerate(blocks) if kind == "p"]
    dups = _find_duplicates(paras, min_dup) if do_sent else []
    forced: dict[int, set[int]] = {}
    dup_spans = []
    for (pi, a, b), (pj, c, e) in dups:
        for bi, x, y in ((pi, a, b), (pj, c, e)):
            forced.setdefault(bi, set()).update({x, y + len(blocks[bi][1][y:]) - len(blocks[bi][1][y:].lstrip())})
        dup_spans.append(((pi, a), (pj, c)))

    text_el = tei("text", {"type": meta.text_type} if meta.text_type else None)
    body = sub(text_el, "body")
    page = sub(body, "div", {"type": "document", "xml:id": f"{d}-page"})
    container = page
    pending_heads = False
    np = ns = nd = 0
    sent_ids: dict[tuple[int, int], str] = {}
    title = None
    for bi, (no, text, kind) in enumerate(blocks):
        cons = _fffd_constructs(text, meta) + _citation_constructs(text)
        for site in sites.get(bi, []):
            c = _site_construct(text, site, meta)
            if c:
                cons.append(c)
        cons = _select(cons)
        if kind == "title":
            title = text
            _fill(sub(page, "head"), text, 0, len(text), cons)
            continue
        if kind == "head":
            if not pending_heads:
                nd += 1
                container = sub(page, "div", {"type": "section", "xml:id": f"{d}-d{nd}"})
                pending_heads = True
            attrs = {"type": "seo"} if title and text.lower() == title.lower() else None
            _fill(sub(container, "head", attrs), text, 0, len(text), cons)
            continue
        pending_heads = False
        np += 1
        p = sub(container, "p", {"xml:id": f"{d}-p{np}"})
        if not do_sent:
            _fill(p, text, 0, len(text), cons)
            continue
        blocked = [(c.start, c.end) for c in cons if c.end > c.start]
        starts = _sentence_bounds(text, forced.get(bi, set()), blocked)
        bounds = starts + [len(text)]
        for k in range(len(starts)):
            a, b = bounds[k], bounds[k + 1]
            seg = text[a:b]
            stripped = seg.rstrip()
            ns += 1
            sid = f"{d}-s{ns}"
            s = tei("s", {"xml:id": sid})
            _fill(s, text, a, a + len(stripped), cons)
            p.append(s)
            s.tail = seg[len(stripped):] or None
            sent_ids[(bi, a)] = sid
    by_id = {el.get(XML_ID): el for el in text_el.iter(T + "s")}
    for (pi, a), (pj, c) in dup_spans:
        x, y = sent_ids.get((pi, a)), sent_ids.get((pj, c))
        if x and y:
            by_id[y].set("copyOf", f"#{x}")
    return text_el
