"""Inline layer of the ebook importer: Markdown-like spans to TEI phrase markup.

Ebook-to-Markdown converters leave a small, regular residue in the text:

* ``*x*`` italic, ``**x**`` bold, ``***x**...*`` both (toggles, so broken nesting
  such as ``*a *b* c*`` still yields italic, roman, italic as printed);
* ``[x](#)`` dead internal links: the link syntax is dropped, the text kept;
* ``<https://...>`` autolinks;
* ``\\$`` and other backslash escapes;
* note calls as Unicode superscript digits (``¹²``), as ``^{[12](#)}``, as
  ``^{12, 13}`` (several calls at one place) or in Pandoc's form ``[^12]``;
* source line breaks inside a block (``\\n``), kept as ``<lb/>``.

:class:`InlineBuilder` turns one block of such text into TEI children of a given
element. Interpolations are marked before tokenising by sentinel characters from
the Unicode private-use area, so they can hold styled text:

* an author's signed interpolation ``(... – V. R.)`` becomes
  ``<note place="inline" type="authorial" resp="#<doc>-author">``;
* a translator's square-bracketed insertion ``[...]`` becomes
  ``<note place="inline" type="translator" resp="#<doc>-trl">`` (the brackets are
  kept: the note holds the source text as printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
T = "{%s}" % TEI_NS
XML_LANG = "{%s}lang" % XML_NS

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# sentinels (private use area); never present in real text (checked by the converter)
VR_OPEN, VR_CLOSE = "\ue000", "\ue001"
BR_OPEN, BR_CLOSE = "\ue002", "\ue003"
REPAIR_OPEN, REPAIR_CLOSE = "\ue010", "\ue011"
SENTINELS = VR_OPEN + VR_CLOSE + BR_OPEN + BR_CLOSE + REPAIR_OPEN + REPAIR_CLOSE

# An author's signed parenthetical interpolation: "(the SR party – V. R.)".
# The initials come from the metadata (e.g. "V. R."); one level of inner
# parentheses is allowed.
def interpolation_pattern(initials: str) -> re.Pattern:
    ini = r"\s*".join(re.escape(p) for p in initials.split())
    return re.compile(r"\((?:[^()\n]|\([^()\n]*\))*?[–—-]\s*" + ini + r"\s*\)")


_TOKEN = re.compile(
    r"""
    (?P<esc>\\(?P<escch>[\\`*_{}\[\]()#+\-.!$<>]))
  | (?P<callink>\^\{\[(?P<cln>\d+)\]\(\#\)\})
  | (?P<calls>\^\{(?P<cns>\d+(?:\s*,\s*\d+)*)\})
  | (?P<pandoc>\[\^(?P<pn>\d+)\](?!:))
  | (?P<sup>\^\{(?P<supt>[^}\n]*)\})
  | (?P<link>\[(?P<lt>[^\]]*)\]\(\#\))
  | (?P<auto><(?P<url>https?://[^>\s]+)>)
  | (?P<stars>\*{1,3})
  | (?P<supdig>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)
  | (?P<sent>[\ue000-\ue003])
  | (?P<repair>\ue010(?P<ri>\d+)\ue011)
  | (?P<nl>\n)
    """,
    re.X,
)


def sup_to_int(s: str) -> int:
    return int(s.translate(_SUP_TO_ASCII))


_STRIP = [
    (re.compile(r"\^\{\[(\d+)\]\(#\)\}"), ""),
    (re.compile(r"\[\^\d+\]"), ""),
    (re.compile(r"\^\{[^}]*\}"), ""),
    (re.compile(r"\[([^\]]*)\]\(#\)"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"\\(.)"), r"\1"),
    (re.compile("[%s]+" % SUPERSCRIPT_DIGITS), ""),
]


def strip_markdown(s: str) -> str:
    """Plain text of a Markdown-like string (for comparing headings and captions)."""
    for rx, rep in _STRIP:
        s = rx.sub(rep, s)
    return s.replace("*", "")


def append_text(parent: etree._Element, s: str) -> None:
    if not s:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + s
    else:
        parent.text = (parent.text or "") + s


@dataclass
class Call:
    """One note call found in the text, in document order."""

    value: int            # the number as printed (after reading the glyphs)
    printed: str          # the glyphs as printed ("²", "8")
    element: etree._Element
    line: int


@dataclass
class Repair:
    """A reviewed structural repair: source text ``sic`` read as ``corr`` (Markdown-like)."""

    sic: str
    corr: str
    type: str
    reason: str
    cert: str
    resp: str


@dataclass
class InlineContext:
    doc_id: str
    calls: list = field(default_factory=list)   # list[Call]; the caller resets it per division
    repairs: list = field(default_factory=list)  # list[Repair]; indexed by REPAIR sentinels
    author_initials: str = ""


class InlineBuilder:
    """Builds TEI mixed content for one block into ``root``."""

    def __init__(self, root: etree._Element, ctx: InlineContext, line: int):
        self.root = root
        self.ctx = ctx
        self.line = line
        self.stack: list[etree._Element] = [root]
        self.styles: set[str] = set()
        self.hi: etree._Element | None = None

    # -- containers and styles ------------------------------------------------
    def _top(self) -> etree._Element:
        return self.stack[-1]

    def _close_hi(self):
        if self.hi is not None:
            self.stack.pop()
            self.hi = None

    def _target(self) -> etree._Element:
        """The element text goes into now: opens a ``hi`` for the current styles."""
        if not self.styles:
            self._close_hi()
            return self._top()
        rend = " ".join(s for s in ("bold", "italic") if s in self.styles)
        if self.hi is not None and self.hi.get("rend") == rend:
            return self.hi
        self._close_hi()
        self.hi = etree.SubElement(self._top(), T + "hi", rend=rend)
        self.stack.append(self.hi)
        return self.hi

    def text(self, s: str):
        if not s:
            return
        if s.isspace() and self.styles:
            # do not open a styled span for whitespace alone
            tgt = self.hi if self.hi is not None else self._top()
            append_text(tgt, s)
            return
        append_text(self._target(), s)

    def element(self, tag: str, styled: bool = False, **attrib) -> etree._Element:
        parent = self._target() if styled else self._plain_parent()
        el = etree.SubElement(parent, T + tag)
        for k, v in attrib.items():
            el.set(k, v)
        return el

    def _plain_parent(self) -> etree._Element:
        self._close_hi()
        return self._top()

    def open(self, el: etree._Element):
        self._close_hi()
        self._top().append(el)
        self.stack.append(el)

    def close(self, tag: str):
        self._close_hi()
        # pop to the innermost open element with this tag (never the root)
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == T + tag:
                del self.stack[i:]
                return
        # unmatched closer: keep it as text (nothing is lost)
        append_text(self._top(), "")

    def toggle(self, style: str):
        if style in self.styles:
            self.styles.discard(style)
        else:
            self.styles.add(style)

    # -- calls ------------------------------------------------------------------
    def call(self, printed: str, value: int):
        ref = self.element("ref", type="noteref")
        ref.text = str(value)
        self.ctx.calls.append(Call(value, printed, ref, self.line))

    # -- main -----------------------------------------------------------------
    def feed(self, s: str):
        pos = 0
        for m in _TOKEN.finditer(s):
            if m.start() > pos:
                self.text(s[pos:m.start()])
            pos = m.end()
            kind = None
            for k in ("esc", "callink", "calls", "pandoc", "sup", "link", "auto", "stars", "supdig", "sent",
                      "repair", "nl"):
                if m.group(k) is not None:
                    kind = k
                    break
            if kind == "esc":
                self.text(m.group("escch"))
            elif kind == "callink":
                self.call(m.group("cln"), int(m.group("cln")))
            elif kind == "calls":
                nums = [x.strip() for x in m.group("cns").split(",")]
                for i, n in enumerate(nums):
                    if i:
                        # the separator as printed, kept as a plain text between the calls
                        self.text(", ")
                    self.call(n, int(n))
            elif kind == "pandoc":
                self.call(m.group("pn"), int(m.group("pn")))
            elif kind == "sup":
                hi = self.element("hi", styled=True, rend="sup")
                hi.text = m.group("supt")
            elif kind == "link":
                self.feed(m.group("lt"))
            elif kind == "auto":
                ref = self.element("ref", styled=True, target=m.group("url"))
                ref.text = m.group("url")
            elif kind == "stars":
                n = len(m.group("stars"))
                if n == 3:
                    if "bold" in self.styles and "italic" in self.styles:
                        self.styles.clear()
                    elif not self.styles:
                        self.styles.update(("bold", "italic"))
                    else:
                        self.toggle("bold")
                        self.toggle("italic")
                elif n == 2:
                    self.toggle("bold")
                else:
                    self.toggle("italic")
            elif kind == "supdig":
                self.call(m.group("supdig"), sup_to_int(m.group("supdig")))
            elif kind == "sent":
                ch = m.group("sent")
                if ch == VR_OPEN:
                    self.open(etree.Element(T + "note", place="inline", type="authorial",
                                            resp=f"#{self.ctx.doc_id}-author"))
                elif ch == BR_OPEN:
                    self.open(etree.Element(T + "note", place="inline", type="translator",
                                            resp=f"#{self.ctx.doc_id}-trl"))
                else:
                    self.close("note")
            elif kind == "repair":
                self.repair(self.ctx.repairs[int(m.group("ri"))])
            elif kind == "nl":
                self.element("lb")
        if pos < len(s):
            self.text(s[pos:])

    def repair(self, rep: Repair):
        """``<choice><sic>as printed</sic><corr>reading</corr></choice>``; calls in corr count."""
        styles, self.styles = self.styles, set()
        choice = self.element("choice")
        sic = etree.SubElement(choice, T + "sic")
        sic_ctx = InlineContext(self.ctx.doc_id, calls=[], repairs=[], author_initials=self.ctx.author_initials)
        b = InlineBuilder(sic, sic_ctx, self.line)
        b.feed(re.sub(r"\n+", "\n", rep.sic))
        if sic_ctx.calls:
            raise ValueError("a repair's sic text may not contain note calls")
        corr = etree.SubElement(choice, T + "corr", resp=rep.resp, cert=rep.cert, type=rep.type)
        b = InlineBuilder(corr, self.ctx, self.line)
        b.feed(rep.corr)
        self.styles = styles

    def finish(self):
        self._close_hi()


def build_inline(parent: etree._Element, s: str, ctx: InlineContext, line: int) -> None:
    b = InlineBuilder(parent, ctx, line)
    b.feed(s)
    b.finish()


# -- interpolations ---------------------------------------------------------------

def mark_interpolations(s: str, initials: str | None, brackets: bool) -> str:
    """Insert sentinels around author interpolations and translator brackets."""
    if initials:
        s = interpolation_pattern(initials).sub(lambda m: VR_OPEN + m.group(0) + VR_CLOSE, s)
    if brackets:
        s = _mark_brackets(s)
    return s


def _mark_brackets(s: str) -> str:
    if "[" not in s:
        return s
    out = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\" and i + 1 < n:
            out.append(s[i:i + 2])
            i += 2
            continue
        if ch == "[":
            m = _PANDOC_CALL.match(s, i)
            if m:
                out.append(m.group(0))
                i = m.end()
                continue
            j = _matching_bracket(s, i)
            if j is not None and not s.startswith("](#)", j) and not s.startswith("(#)", j + 1):
                inner = s[i + 1:j]
                # a link-residue [text](#) nested inside is fine; recurse for nested brackets
                out.append(BR_OPEN + "[" + _mark_brackets(inner) + "]" + BR_CLOSE)
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


_PANDOC_CALL = re.compile(r"\[\^\d+\]")


def _matching_bracket(s: str, i: int) -> int | None:
    depth = 0
    for j in range(i, len(s)):
        c = s[j]
        if c == "\n":
            return None
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
    return None


# -- Russian spans ------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.U)


_CYR_ANY = re.compile("[\u0400-\u04ff]")


def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _cyr_word(w: str) -> bool:
    c = sum(1 for ch in w if _is_cyr(ch))
    return c > 0 and c * 2 >= len(w)


def russian_spans(s: str) -> list[tuple[int, int]]:
    """Maximal runs of Cyrillic words (with the digits and punctuation between them).

    A run ends before any Latin word; runs made only of one-letter words
    (initials such as a stray Cyrillic "М.") are not counted.
    """
    if not _CYR_ANY.search(s):
        return []
    spans = []
    cur = None  # [start, end, has_long]
    for m in _WORD.finditer(s):
        w = m.group(0)
        if cur is not None and re.search(r"[\[\]]", s[cur[1]:m.start()]):
            # square brackets separate a Russian citation from its English rendering
            if cur[2]:
                spans.append((cur[0], cur[1]))
            cur = None
        if _cyr_word(w):
            if cur is None:
                cur = [m.start(), m.end(), len(w) > 1]
            else:
                cur[1] = m.end()
                cur[2] = cur[2] or len(w) > 1
        else:
            if cur is not None and cur[2]:
                spans.append((cur[0], cur[1]))
            cur = None
    if cur is not None and cur[2]:
        spans.append((cur[0], cur[1]))
    # an abbreviation at the end of a run keeps its full stop ("Т." = том)
    out = []
    for a, b in spans:
        m = re.search(r"(?:^|\W)(\w{1,3})$", s[a:b])
        if m and s.startswith(".", b):
            b += 1
        out.append((a, b))
    return out


def _in_russian(el: etree._Element) -> bool:
    while el is not None:
        lang = el.get(XML_LANG)
        if lang:
            return lang == "ru"
        el = el.getparent()
    return False


def tag_russian(root: etree._Element) -> None:
    """Wrap Russian runs of text nodes under ``root`` in ``<foreign xml:lang="ru">``."""
    # collect first (we mutate the tree)
    slots: list[tuple[etree._Element, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.tag not in (T + "foreign",):
            slots.append((el, "text"))
        if el is not root and el.tail:
            slots.append((el, "tail"))
    for el, where in slots:
        container = el if where == "text" else el.getparent()
        if container is None or container.tag == T + "foreign" or _in_russian(container):
            continue
        s = el.text if where == "text" else el.tail
        spans = russian_spans(s)
        if not spans:
            continue
        pieces = []
        pos = 0
        for a, b in spans:
            pieces.append((s[pos:a], s[a:b]))
            pos = b
        rest = s[pos:]
        if where == "text":
            el.text = pieces[0][0]
            insert_at = 0
            new = []
            for k, (before, ru) in enumerate(pieces):
                f = etree.Element(T + "foreign")
                f.set(XML_LANG, "ru")
                f.text = ru
                new.append(f)
                if k + 1 < len(pieces):
                    f.tail = pieces[k + 1][0]
                else:
                    f.tail = rest
            for k, f in enumerate(new):
                el.insert(insert_at + k, f)
        else:
            parent = el.getparent()
            el.tail = pieces[0][0]
            idx = parent.index(el)
            for k, (before, ru) in enumerate(pieces):
                f = etree.Element(T + "foreign")
                f.set(XML_LANG, "ru")
                f.text = ru
                f.tail = pieces[k + 1][0] if k + 1 < len(pieces) else rest
                parent.insert(idx + 1 + k, f)


def first_letter(s: str) -> str:
    for ch in s:
        if ch.isalpha():
            return ch
        if ch.isdigit():
            return ch
    return ""
