"""Mark spans of a TEI document by their words, as a reader sees them.

An editor names a passage by its first and last words in the *reading text*
(corrections instead of errors, words joined across line breaks, no note calls
or running heads). :func:`mark` finds it and wraps it in
``<seg type="parallel" xml:id="…">``; a span crossing blocks (paragraphs, verse
lines, items) becomes one ``seg`` per block, chained with ``@next``/``@prev``.
Points falling inside an inline element (a ``persName``, a ``choice``) move
outward to its edge, so markup is never broken.

Which nodes belong to the reading text follows the shared editorial layer
(``xslt/common/plain.xsl``, ``tk:search-text``); ``tests/test_spans.py`` checks
that this module and the XSLT agree on real documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
T = "{%s}" % TEI

# never part of the reading text
_SKIP = {T + n for n in ("teiHeader", "facsimile", "standOff", "listWit", "witDetail", "ptr", "figDesc",
                         "surplus", "fw", "del", "gap", "pb", "cb", "milestone", "anchor")}
# their content is separated from neighbours by a space
_BLOCK = {T + n for n in ("p", "head", "l", "item", "label", "cell", "ab", "closer", "opener", "salute",
                          "signed", "dateline", "byline", "docTitle", "titlePart", "lg", "div", "quote",
                          "floatingText", "body", "front", "back", "list", "epigraph", "sp", "speaker",
                          "figure", "table", "row", "note", "cit", "bibl", "trailer", "argument")}
# blocks a seg may be placed in (they take inline content)
_SEG_HOSTS = {T + n for n in ("p", "head", "l", "item", "label", "cell", "ab", "salute", "signed", "dateline",
                              "byline", "trailer", "speaker", "note", "bibl", "quote", "titlePart", "docTitle")}

_ALTERNATIVES = {T + n for n in ("choice", "app", "rdgGrp")}

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-",
})


class SpanError(ValueError):
    """A span's words were not found (or end before they start)."""


@dataclass
class _Piece:
    owner: etree._Element     # element whose .text or .tail holds the string
    side: str                 # "text" | "tail" | "virtual"
    start: int                # offset in the concatenated reading text


def _visible_children(el):
    """Children of ``el`` whose content is in the reading text, with their tails."""
    tag = el.tag
    if tag == T + "choice":
        kids = [c for c in el if isinstance(c.tag, str)]
        pick = next((c for c in kids if c.tag in (T + "corr", T + "reg", T + "expan")), kids[0] if kids else None)
        return [pick] if pick is not None else []
    if tag == T + "app":
        kids = [c for c in el if isinstance(c.tag, str)]
        pick = next((c for c in kids if c.tag == T + "lem"), None)
        if pick is None:
            pick = next((c for c in kids if c.tag == T + "rdg"), None)
        return [pick] if pick is not None else []
    return list(el)


def _hidden(el) -> bool:
    if not isinstance(el.tag, str):
        return True  # comments, PIs
    if el.tag in _SKIP:
        return True
    if el.tag == T + "note" and el.get("place") != "inline":
        return True
    if el.tag == T + "ref" and el.get("type") == "noteref":
        return True
    return False


def reading_text(root: etree._Element) -> tuple[str, list[_Piece]]:
    """The reading text under ``root`` and the pieces it is made of."""
    out: list[str] = []
    pieces: list[_Piece] = []
    pos = 0

    def emit(s, owner, side):
        nonlocal pos
        if s:
            pieces.append(_Piece(owner, side, pos))
            out.append(s)
            pos += len(s)

    def walk(el):
        block = el.tag in _BLOCK
        if block:
            emit(" ", el, "virtual")
        emit(el.text or "", el, "text")
        choose = el.tag in (T + "choice", T + "app")
        visible = _visible_children(el)
        for child in el:
            if isinstance(child.tag, str) and not _hidden(child) and child in visible:
                if child.tag == T + "lb":
                    if child.get("break") != "no":
                        emit(" ", child, "virtual")
                else:
                    walk(child)
            if not choose:  # tails inside choice/app are white space between alternatives
                emit(child.tail or "", child, "tail")
        if block:
            emit(" ", el, "virtual")

    walk(root)
    return "".join(out), pieces


def _normalise(text: str) -> tuple[str, list[int]]:
    """Loose form for matching (quotes/dashes unified, white space collapsed,
    NFC) with a map from each normalised index to the original index."""
    norm: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        c = unicodedata.normalize("NFC", ch).translate(_QUOTES)
        if c.isspace():
            if prev_space:
                continue
            c = " "
            prev_space = True
        else:
            prev_space = False
        norm.append(c)
        idx.append(i)
    return "".join(norm), idx


def _norm_snippet(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s).translate(_QUOTES)).strip()


def _locate(pieces: list[_Piece], pos: int, *, end: bool):
    """The (owner, side, offset) of reading-text position ``pos``; for an end
    position, the piece holding the last character."""
    target = pos - 1 if end else pos
    lo, hi = 0, len(pieces) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if pieces[mid].start <= target:
            lo = mid
        else:
            hi = mid - 1
    p = pieces[lo]
    return p, (target - p.start) + (1 if end else 0)


def _block_of(el):
    while el is not None and el.tag not in _SEG_HOSTS:
        el = el.getparent()
    return el


def _point(piece: _Piece, offset: int):
    """Translate a piece position into (container, k, offset): k = -1 for the
    container's text, i for the tail of child i."""
    if piece.side == "text":
        return piece.owner, -1, offset
    if piece.side == "tail":
        parent = piece.owner.getparent()
        return parent, parent.index(piece.owner), offset
    # virtual space: treat as the start/end of the owner's content
    return piece.owner, -1, 0


def _lift(container, k, offset, host, *, end: bool):
    """Move a point up until its container is ``host``; a point inside a child
    element moves to that element's edge (before it for a start, after for an end)."""
    while container is not host:
        parent = container.getparent()
        i = parent.index(container)
        if end:
            container, k, offset = parent, i, 0
        else:
            if i == 0:
                container, k, offset = parent, -1, len(parent.text or "")
            else:
                container, k, offset = parent, i - 1, len(parent[i - 1].tail or "")
    return k, offset


def _get(c, k):
    return (c.text or "") if k == -1 else (c[k].tail or "")


def _set(c, k, s):
    if k == -1:
        c.text = s or None
    else:
        c[k].tail = s or None


def _wrap(host, ks, os_, ke, oe, seg):
    if (ke, oe) < (ks, os_):
        raise SpanError("the span ends before it starts")
    if ks == ke:
        s = _get(host, ks)
        seg.text = s[os_:oe] or None
        seg.tail = s[oe:] or None
        _set(host, ks, s[:os_])
        host.insert(ks + 1, seg)
        return
    s = _get(host, ks)
    seg.text = s[os_:] or None
    _set(host, ks, s[:os_])
    moved = list(host)[ks + 1: ke + 1]
    last_tail = moved[-1].tail or ""
    moved[-1].tail = last_tail[:oe] or None
    seg.tail = last_tail[oe:] or None
    host.insert(ks + 1, seg)
    for m in moved:
        seg.append(m)


def _trim(seg):
    """Move white space at the seg's edges outside it."""
    if seg.text and seg.text[:1].isspace():
        lead = seg.text[: len(seg.text) - len(seg.text.lstrip())]
        seg.text = seg.text.lstrip() or None
        prev = seg.getprevious()
        parent = seg.getparent()
        if prev is not None:
            prev.tail = (prev.tail or "") + lead
        else:
            parent.text = (parent.text or "") + lead


def _blocks_between(first, last, root):
    """Seg hosts strictly between two blocks, in document order, not nested in each other."""
    out = []
    started = False
    for el in root.iter(*_SEG_HOSTS):
        if el is first:
            started = True
            continue
        if el is last:
            break
        if started and not any(a in out for a in el.iterancestors()) and first not in el.iterancestors():
            if not any(d is last for d in el.iter()):
                out.append(el)
    return out


def _find(norm: str, idx: list[int], start: str, end: str, search_from: int = 0) -> tuple[int, int]:
    s_snip, e_snip = _norm_snippet(start), _norm_snippet(end)
    i = norm.find(s_snip, search_from)
    if i < 0:
        raise SpanError(f"start words not found: {start!r}")
    j = norm.find(e_snip, i)
    if j < 0:
        raise SpanError(f"end words not found after the start: {end!r}")
    return idx[i], idx[j + len(e_snip) - 1] + 1


def _text_el(root):
    return root.find(T + "text") if root.tag == T + "TEI" else root


def mark(root: etree._Element, span_id: str, start: str, end: str, *, seg_type: str = "parallel",
         search_from: int = 0) -> list[etree._Element]:
    """Wrap the span from ``start``'s first word to ``end``'s last word in seg(s).

    Returns the seg elements (first one carries ``span_id``). Raises SpanError
    when the words are not found.
    """
    text_el = _text_el(root)
    rtext, pieces = reading_text(text_el)
    norm, idx = _normalise(rtext)
    a, b = _find(norm, idx, start, end, search_from)
    return _apply(text_el, pieces, a, b, span_id, seg_type)


def mark_many(root: etree._Element, items: list[tuple[str, str, str]], *,
              seg_type: str = "parallel") -> dict[str, list[etree._Element]]:
    """Mark several spans (id, start, end) with one reading of the document.

    Spans are located first, then wrapped from the last to the first, so that
    the positions of those still to be wrapped stay valid; a span overlapping
    one already wrapped is located again. Raises SpanError naming the span.
    """
    text_el = _text_el(root)
    rtext, pieces = reading_text(text_el)
    norm, idx = _normalise(rtext)
    found = []
    for sid, start, end in items:
        try:
            found.append((*_find(norm, idx, start, end), sid, start, end))
        except SpanError as exc:
            raise SpanError(f"{sid}: {exc}")
    found.sort(key=lambda x: (x[0], x[1]), reverse=True)
    out: dict[str, list[etree._Element]] = {}
    done: list[tuple[int, int]] = []
    for a, b, sid, start, end in found:
        if any(a < e2 and s2 < b for s2, e2 in done):
            out[sid] = mark(root, sid, start, end, seg_type=seg_type)
        else:
            out[sid] = _apply(text_el, pieces, a, b, sid, seg_type)
        done.append((a, b))
    return out


def _apply(text_el, pieces, a: int, b: int, span_id: str, seg_type: str) -> list[etree._Element]:
    p_start, o_start = _locate(pieces, a, end=False)
    p_end, o_end = _locate(pieces, b, end=True)
    c1, k1, off1 = _point(p_start, o_start)
    c2, k2, off2 = _point(p_end, o_end)
    b1, b2 = _block_of(c1), _block_of(c2)
    if b1 is None or b2 is None:
        raise SpanError(f"span {span_id!r} is not inside a paragraph-like element")
    if b1 is b2 or b2 in b1.iterancestors() or b1 in b2.iterancestors():
        # the lowest common ancestor of the two points takes the seg (never inside
        # a choice or an apparatus entry, whose children are alternatives)
        anc2 = {id(x) for x in [c2, *c2.iterancestors()]}
        lca = next(x for x in [c1, *c1.iterancestors()] if id(x) in anc2)
        while lca.tag in _ALTERNATIVES or (lca.getparent() is not None and lca.getparent().tag in _ALTERNATIVES):
            lca = lca.getparent()
        ks, os_ = _lift(c1, k1, off1, lca, end=False)
        ke, oe = _lift(c2, k2, off2, lca, end=True)
        seg = etree.Element(T + "seg", {"type": seg_type, XML_ID: span_id})
        _wrap(lca, ks, os_, ke, oe, seg)
        _trim(seg)
        return [seg]
    # across blocks: one seg at the end of the first block, whole middle blocks, the start of the last
    segs = []
    host_first = b1
    ks, os_ = _lift(c1, k1, off1, host_first, end=False)
    n = len(host_first)
    ke, oe = (n - 1, len(_get(host_first, n - 1))) if n else (-1, len(host_first.text or ""))
    seg = etree.Element(T + "seg", {"type": seg_type})
    _wrap(host_first, ks, os_, ke, oe, seg)
    _trim(seg)
    segs.append(seg)
    for blk in _blocks_between(b1, b2, text_el):
        seg = etree.Element(T + "seg", {"type": seg_type})
        n = len(blk)
        _wrap(blk, -1, 0, n - 1 if n else -1, len(_get(blk, n - 1)) if n else len(blk.text or ""), seg)
        _trim(seg)
        segs.append(seg)
    ke, oe = _lift(c2, k2, off2, b2, end=True)
    seg = etree.Element(T + "seg", {"type": seg_type})
    _wrap(b2, -1, 0, ke, oe, seg)
    _trim(seg)
    segs.append(seg)
    for n_, sg in enumerate(segs):
        sg.set(XML_ID, span_id if n_ == 0 else f"{span_id}-{n_ + 1}")
    for a_, b_ in zip(segs, segs[1:]):
        a_.set("next", "#" + b_.get(XML_ID))
        b_.set("prev", "#" + a_.get(XML_ID))
    return segs


def span_text(root: etree._Element, span_id: str) -> str:
    """Reading text of a marked span (its seg chain), space-normalised."""
    el = root.xpath("//*[@xml:id=$i]", i=span_id)
    if not el:
        raise SpanError(f"no span {span_id!r}")
    parts = []
    cur = el[0]
    seen = set()
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        t, _ = reading_text(cur)
        parts.append(t)
        nxt = cur.get("next")
        cur = root.xpath("//*[@xml:id=$i]", i=nxt[1:])[0] if nxt else None
    return " ".join(" ".join(parts).split())
