"""Alignment of several witnesses into parallel segments.

Method
------
Every witness is aligned to one *base* witness on normalised tokens with
:class:`difflib.SequenceMatcher` (no junk heuristics), which prefers long runs of
agreement, the behaviour an editor expects from a collation. Each pairwise
alignment is a list of blocks over base coordinates: equal runs, replaced
ranges, omitted ranges (base text the witness lacks) and insertions (text the
witness adds at a base position).

The pairwise results are merged over the base: every base range where some
witness departs from the base (plus every insertion point) is a *variant
interval*; overlapping or touching intervals are merged, so all witnesses share
the same segment boundaries. Each segment gives every witness's reading (its
tokens aligned in that range, insertions included); identical normalised
readings are grouped. Outside the segments every witness agrees with the base.

Transpositions: an omitted run in one place whose normalised words reappear as
an addition elsewhere in the same witness (at least ``min_transposition``
tokens; a single token only if it is a content word) is reported as a transposition; both segments carry the mark and point
at each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from toolkit.collate.tokens import Token


@dataclass
class Reading:
    witnesses: list[str]            # sigla, in witness order
    tokens: list[Token]             # as read by the first witness of the group
    forms: dict[str, str]           # siglum -> its own text of the reading

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)

    @property
    def norm(self) -> tuple[str, ...]:
        return tuple(t.norm for t in self.tokens)


@dataclass
class Segment:
    """A stretch of the collation: agreement (``variant`` False) or a variant place."""

    variant: bool
    readings: list[Reading]                     # first = base reading
    kind: str = "agreement"                     # agreement|substitution|omission|addition|transposition|formal
    partners: list[int] = field(default_factory=list)   # indexes of transposition partners
    start: int = 0                              # base token range [start, end)
    end: int = 0

    def reading_of(self, siglum: str) -> Reading | None:
        for r in self.readings:
            if siglum in r.witnesses:
                return r
        return None


@dataclass
class _Pair:
    """A witness aligned to the base: per base token, the witness token (or None);
    insertions keyed by base position (before base token i)."""

    at: list[list[Token]]
    ins: dict[int, list[Token]]
    dirty: list[tuple[int, int]]       # variant intervals [s, e) (s == e: insertion point)
    omissions: list[tuple[int, int]]         # base runs the witness lacks here (deleted or replaced)
    insertions: list[tuple[int, int, int]]   # witness runs added here: (base pos, witness j1, j2)


def _align_pair(base: list[Token], wit: list[Token], formal: bool) -> _Pair:
    sm = SequenceMatcher(None, [t.norm for t in base], [t.norm for t in wit], autojunk=False)
    at: list[list[Token]] = [[] for _ in base]
    ins: dict[int, list[Token]] = {}
    dirty: list[tuple[int, int]] = []
    omissions: list[tuple[int, int]] = []
    insertions: list[tuple[int, int, int]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                at[i1 + k] = [wit[j1 + k]]
                if formal and base[i1 + k].word != wit[j1 + k].word:
                    dirty.append((i1 + k, i1 + k + 1))
        elif op == "replace":
            # spread the witness run over the base range, the remainder on the last token
            n = i2 - i1
            chunk = wit[j1:j2]
            for k in range(n):
                at[i1 + k] = chunk[k:k + 1] if k < n - 1 else chunk[k:]
            dirty.append((i1, i2))
            omissions.append((i1, i2))
            insertions.append((i1, j1, j2))
        elif op == "delete":
            dirty.append((i1, i2))
            omissions.append((i1, i2))
        elif op == "insert":
            ins.setdefault(i1, []).extend(wit[j1:j2])
            dirty.append((i1, i1))
            insertions.append((i1, j1, j2))
    return _Pair(at, ins, dirty, omissions, insertions)


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping intervals; an insertion point (s == e) also joins an
    interval it touches, since its reading is adjacent to that variant."""
    out: list[list[int]] = []
    for s, e in sorted(intervals):
        if out and (s < out[-1][1] or (s == out[-1][1] and (s == e or out[-1][0] == out[-1][1]))):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def collate(witnesses: dict[str, list[Token]], base: str, *, formal: bool = False,
            min_transposition: int = 1) -> list[Segment]:
    """Collate tokenised witnesses (siglum -> tokens) against ``base``.

    Returns the segments in base order. ``formal`` also reports places where the
    witnesses differ only in what normalisation ignores (kind ``formal``).
    """
    if base not in witnesses:
        raise ValueError(f"base witness {base!r} is not among the witnesses")
    order = list(witnesses)
    btoks = witnesses[base]
    pairs = {s: _align_pair(btoks, witnesses[s], formal) for s in order if s != base}

    intervals = [iv for p in pairs.values() for iv in p.dirty]
    merged = _merge(intervals)

    segments: list[Segment] = []
    pos = 0

    def agreement(s: int, e: int):
        if e > s:
            toks = btoks[s:e]
            forms = {base: "".join(t.text for t in toks)}
            for sig, p in pairs.items():
                forms[sig] = "".join(t.text for i in range(s, e) for t in p.at[i])
            segments.append(Segment(False, [Reading(list(order), toks, forms)], start=s, end=e))

    for s, e in merged:
        agreement(pos, s)
        readings_by_norm: dict[tuple[str, ...], Reading] = {}
        seq: list[Reading] = []
        for sig in order:
            if sig == base:
                toks = btoks[s:e]
            else:
                p = pairs[sig]
                toks = []
                for i in range(s, e + 1):
                    toks.extend(p.ins.get(i, []))
                    if i < e:
                        toks.extend(p.at[i])
            key = tuple(t.norm for t in toks)
            r = readings_by_norm.get(key)
            if r is None:
                r = Reading([sig], toks, {sig: "".join(t.text for t in toks)})
                readings_by_norm[key] = r
                seq.append(r)
            else:
                r.witnesses.append(sig)
                r.forms[sig] = "".join(t.text for t in toks)
        formal_only = len(seq) == 1 and len({f.strip() for f in seq[0].forms.values()}) > 1
        if len(seq) == 1 and not (formal and formal_only):
            # the witnesses agree once normalised: no variant to report
            agreement(s, e)
        else:
            segments.append(Segment(True, seq, kind=_kind(seq), start=s, end=e))
        pos = e
    agreement(pos, len(btoks))
    _mark_transpositions(segments, pairs, btoks, witnesses, min_transposition)
    return segments


def _kind(readings: list[Reading]) -> str:
    base = readings[0]
    norms = {r.norm for r in readings}
    if len(norms) == 1:
        return "formal"
    if not base.tokens:
        return "addition"
    if any(not r.tokens for r in readings[1:]):
        return "omission" if all(not r.tokens or r.norm == base.norm for r in readings[1:]) else "substitution"
    return "substitution"


def _mark_transpositions(segments, pairs, btoks, witnesses, n):
    """Find omitted runs that reappear as additions in the same witness.

    A run of ``n`` or more tokens qualifies; a single token only when it is a
    content word (four letters or more), since "the" or "of" omitted in one place
    and added in another is coincidence, not a transposition.
    """

    def qualifies(key):
        return len(key) >= n and (len(key) > 1 or len(key[0]) >= 4)

    def variant_at(pos: int, insertion: bool) -> int | None:
        for idx, seg in enumerate(segments):
            if seg.variant and (seg.start <= pos < seg.end or (insertion and seg.start <= pos <= seg.end)
                                or seg.start == seg.end == pos):
                return idx
        return None

    for sig, p in pairs.items():
        wt = witnesses[sig]
        added: list[tuple[tuple[str, ...], int]] = []
        for bpos, j1, j2 in p.insertions:
            added.append((tuple(t.norm for t in wt[j1:j2]), bpos))
        for s, e in p.omissions:
            key = tuple(t.norm for t in btoks[s:e])
            if not qualifies(key):
                continue
            for run, bpos in added:
                if bpos == s or not _contains(run, key):
                    continue
                a = variant_at(s, False)
                b = variant_at(bpos, True)
                if a is not None and b is not None and a != b:
                    for x, y in ((a, b), (b, a)):
                        segments[x].kind = "transposition"
                        if y not in segments[x].partners:
                            segments[x].partners.append(y)
                    break


def _contains(run: tuple[str, ...], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(run[i:i + n] == key for i in range(len(run) - n + 1))
