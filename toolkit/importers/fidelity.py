"""Fidelity: does the TEI still carry every word of its source?

:func:`diplomatic_words` reads a TEI document the way a diplomatic edition prints it:
the source's own readings (``sic``, ``orig``, ``abbr``), its line breaks (``lb``), its
line-end hyphens (``lb[@break='no'][@rend='hyphen']`` prints "-" before the break),
running heads and page numbers (``fw``), superfluous text (``surplus``) and the
source's notes where they stand. Editorial additions (``corr``, ``reg``, ``expan``,
``supplied``, an editor's ``note``) contribute nothing, and neither does ``gap``.

:func:`compare` aligns the source's whitespace-separated words with those, after
each family's documented *artefact rules* (e.g. Markdown syntax, which is markup and
not text) have been applied, and reports what matched, what is missing and what is
extra, with positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable


from toolkit.importers.common import T, local

#: Elements whose content is the editor's, not the source's.
EDITORIAL = frozenset({"corr", "reg", "expan", "supplied", "ex"})
#: Elements that start a new line of text in the diplomatic view.
BLOCKS = frozenset({
    "text", "front", "body", "back", "group", "div", "head", "p", "ab", "lg", "l", "list", "item",
    "label", "quote", "cit", "note", "fw", "figure", "figDesc", "table", "row", "cell", "sp",
    "speaker", "opener", "closer", "salute", "signed", "dateline", "trailer", "byline",
    "epigraph", "floatingText", "titlePage", "docTitle", "titlePart", "docAuthor", "docImprint",
    "docDate", "argument", "listBibl", "postscript", "castList", "stage",
})


def _editor_note(el) -> bool:
    return local(el) == "note" and (el.get("resp") or "").endswith("-ed")


def diplomatic_text(tree_or_el) -> str:
    """The diplomatic text of the document's ``text`` (the header is not read)."""
    root = tree_or_el.getroot() if hasattr(tree_or_el, "getroot") else tree_or_el
    text_el = root if local(root) == "text" else root.find(T + "text")
    if text_el is None:
        return ""
    out: list[str] = []

    def walk(el):
        name = local(el)
        if name in EDITORIAL or name == "gap" or _editor_note(el):
            return
        # an inline note (an interpolation printed in the line) is part of the line;
        # two such notes in a row are still two words
        inline_note = name == "note" and el.get("place") == "inline"
        block = name in BLOCKS and not inline_note
        if inline_note:
            prev = el.getprevious()
            if prev is not None and local(prev) == "note" and not (prev.tail or "").strip():
                out.append(" ")
        if name == "lb":
            if el.get("break") == "no":
                out.append("-\n" if el.get("rend") == "hyphen" else "\n")
            else:
                out.append("\n")
            return
        if name in ("pb", "cb", "milestone"):
            if el.get("break") != "no":
                out.append(" ")
            return
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(text_el)
    # a soft hyphen's "-\n" glued to a following newline from formatting is still one break
    return "".join(out)


def diplomatic_words(tree_or_el) -> list[str]:
    """Whitespace-separated words of :func:`diplomatic_text`."""
    return diplomatic_text(tree_or_el).split()


@dataclass(frozen=True)
class Rule:
    """A documented artefact rule: how a source word is changed or dropped before comparison.

    ``apply(word)`` returns the word to compare ("" or None drops it). ``both`` says
    whether the TEI side gets the same treatment (for rules that normalise
    characters both sides carry, e.g. a replacement character kept in ``sic``).
    """

    name: str
    description: str
    apply: Callable[[str], str | None]
    both: bool = False


def regex_rule(name: str, description: str, pattern: str, repl: str = "", both: bool = False) -> Rule:
    rx = re.compile(pattern)
    return Rule(name, description, lambda w: rx.sub(repl, w), both)


@dataclass
class FidelityReport:
    source_words: int
    tei_words: int
    matched: int
    removed: dict[str, int] = field(default_factory=dict)       # rule -> source words dropped
    altered: dict[str, int] = field(default_factory=dict)       # rule -> source words changed
    missing: list[tuple[int, str]] = field(default_factory=list)  # (source position, word)
    extra: list[tuple[int, str]] = field(default_factory=list)    # (tei position, word)

    @property
    def accounted(self) -> int:
        """Source words matched or removed by a documented rule."""
        return self.matched + sum(self.removed.values())

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra

    def summary(self, name: str = "") -> str:
        rules = ", ".join(f"{k} {v}" for k, v in sorted(self.removed.items())) or "none"
        alt = ", ".join(f"{k} {v}" for k, v in sorted(self.altered.items())) or "none"
        head = f"{name}: " if name else ""
        s = (f"{head}{self.source_words} source words, {self.accounted} accounted for "
             f"({self.matched} matched in order, removed by rule: {rules}; altered by rule: {alt}); "
             f"{len(self.missing)} missing, {len(self.extra)} extra")
        if self.missing:
            s += "; first missing: " + ", ".join(f"#{p} {w!r}" for p, w in self.missing[:5])
        if self.extra:
            s += "; first extra: " + ", ".join(f"#{p} {w!r}" for p, w in self.extra[:5])
        return s


def apply_rules(words: Iterable[str], rules: list[Rule], side: str = "source"):
    """Words after the rules, as (original position, word); plus removal/alteration counts."""
    kept: list[tuple[int, str]] = []
    removed: dict[str, int] = {}
    altered: dict[str, int] = {}
    for i, w in enumerate(words):
        cur = w
        for r in rules:
            if side == "tei" and not r.both:
                continue
            new = r.apply(cur)
            if not new:
                removed[r.name] = removed.get(r.name, 0) + 1
                cur = None
                break
            if new != cur:
                altered[r.name] = altered.get(r.name, 0) + 1
                cur = new
        if cur:
            kept.append((i, cur))
    return kept, removed, altered


def compare(source_words: list[str], tei_words: list[str], rules: list[Rule] = (),
            window: int = 400) -> FidelityReport:
    """Align source and TEI words in order (linear time, resynchronising after a mismatch)."""
    rules = list(rules)
    src, removed, altered = apply_rules(source_words, rules, "source")
    dst, _r, _a = apply_rules(tei_words, rules, "tei")
    a = [w for _, w in src]
    b = [w for _, w in dst]
    i = j = matched = 0
    missing: list[tuple[int, str]] = []
    extra: list[tuple[int, str]] = []
    na, nb = len(a), len(b)
    while i < na and j < nb:
        if a[i] == b[j]:
            matched += 1
            i += 1
            j += 1
            continue
        di, dj = _resync(a, b, i, j, window)
        if di is None:
            missing.extend(src[k] for k in range(i, na))
            extra.extend(dst[k] for k in range(j, nb))
            i, j = na, nb
            break
        missing.extend(src[k] for k in range(i, i + di))
        extra.extend(dst[k] for k in range(j, j + dj))
        i += di
        j += dj
    missing.extend(src[k] for k in range(i, na))
    extra.extend(dst[k] for k in range(j, nb))
    return FidelityReport(len(source_words), len(tei_words), matched, removed, altered, missing, extra)


def _resync(a, b, i, j, window, need: int = 3):
    """Smallest skip (di, dj) after which ``need`` words agree again."""
    best = None
    for total in range(1, 2 * window + 1):
        for di in range(max(0, total - window), min(total, window) + 1):
            dj = total - di
            ii, jj = i + di, j + dj
            if ii > len(a) or jj > len(b):
                continue
            if ii == len(a) and jj == len(b):
                best = (di, dj)
                break
            k = 0
            while k < need and ii + k < len(a) and jj + k < len(b) and a[ii + k] == b[jj + k]:
                k += 1
            if k == need or (k > 0 and (ii + k == len(a) or jj + k == len(b))):
                best = (di, dj)
                break
        if best:
            return best
    return None, None
