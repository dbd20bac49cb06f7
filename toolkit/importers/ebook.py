"""Importer for the family "ebook converted to Markdown-like text with per-chapter endnotes".

The input is what ebook-to-Markdown converters produce from a commercial ebook:
one physical line per paragraph, blank lines between paragraphs, a run of three or
more blank lines where an image stood, Markdown residue (``*italic*``, ``**bold**``,
dead ``[..](#)`` links, ``^{..}`` superscripts, ``\\$`` escapes), note calls as
Unicode superscript digits or Markdown superscripts, and a numbered block of
endnotes at the end of each chapter. Page breaks of the print edition survive as
paragraph breaks inside sentences.

:func:`convert` rebuilds the book as TEI. Every rule is generic for the family and
keyed on the text, never on line numbers (see README.md, "The ebook family"):

Divisions
    The book's own table of contents (the block after a ``Contents`` line) lists the
    headings; each entry is located as a heading line in the text. Entries named
    ``N. Title`` are chapters; Introduction/Prologue, Conclusion/Epilogue/Afterword,
    Foreword/Preface, translator's notes, About the Author, glossary, chronology
    ("Dates ...") and biographical notes are recognised by their titles. Divisions
    before the first chapter or introduction form ``front``, those after the last
    chapter or conclusion form ``back``. The material before the first heading is
    the title page(s) (up to the imprint block ending in a year), the copyright page
    and the Library of Congress CIP block.
Notes
    The note block of a division is the last run of note lines numbered 1, 2, 3 ...
    (labels ``n.``, ``- [n.](#)``, ``[n.](#)``, ``[n](#).``, ``^{n.}`` or superscript
    ``¹.``); lines between two notes continue the earlier note. Calls are counted in
    document order and must read 1..N; a call that reads otherwise is accepted only
    when the source's metadata lists it as a reviewed correction (``[[note_call]]``),
    and is then encoded ``<choice><sic>²</sic><corr>3</corr></choice>``. Anything
    else fails the import.
Figures
    A run of three or more blank lines is an image placeholder. The block right after
    it is its caption, and so are the following short blocks, until a block starting
    in lower case, a long block, a block ending with a colon, or a block followed by a
    lower-case continuation. Cyrillic blocks are text printed in the image. Text after
    the last note of a division (or Russian text just before a placeholder) belongs to
    the next image; Russian text or an italic caption after the last note of a division
    with no placeholder left is an image whose placeholder was lost.
Paragraphs split by page breaks
    A block that starts with a lower-case letter continues the previous paragraph; so
    does one starting with a capital or a digit after a paragraph that ends in a letter
    (no punctuation at all) and is long (100+ characters), ends in a function word
    ("the", "of", "and" ...) or is interrupted by images; a
    paragraph ending in a hyphen after a letter is a compound broken at a page end
    (joined without a space, ``<lb break="no"/>``). A block ending in a note call, or set
    wholly in italics, is never continued. The join is recorded as
    ``<anchor type="rejoin"/>``; figures that stood between the two halves stay where
    they were, inside the paragraph.
Quotations, interpolations
    A paragraph following one that ends with a colon is a block quotation
    (``<quote>``). The author's signed parentheses ``(… – V. R.)`` and, in the
    author's text, the translator's square brackets become inline notes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError
from toolkit.importers.ebook_inline import (
    append_text,
    REPAIR_CLOSE,
    REPAIR_OPEN,
    SENTINELS,
    SUPERSCRIPT_DIGITS,
    T,
    XML_LANG,
    InlineContext,
    Repair,
    build_inline,
    first_letter,
    mark_interpolations,
    strip_markdown,
    sup_to_int,
    tag_russian,
)

FAMILY = "ebook"

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# --------------------------------------------------------------------------------------
# options read from the source's metadata


@dataclass
class NoteCallFix:
    division: str
    sic: str
    corr: str
    reason: str
    cert: str
    type: str
    used: int = 0
    table: str = ""      # "family.note_call" ...
    line: int = 0        # line of its [[...]] header in the metadata


@dataclass
class Options:
    doc_id: str
    source_name: str = "source"
    metadata_path: str = "<metadata>"
    author_names: list = field(default_factory=list)  # as printed on the title page
    translated: bool = False   # the metadata names a translator: brackets in the author's text are theirs
    interpolation_initials: str = ""
    note_calls: list = field(default_factory=list)     # list[NoteCallFix]
    note_labels: list = field(default_factory=list)    # list[NoteCallFix] (division, sic, corr)
    repairs: list = field(default_factory=list)        # list[Repair]
    repair_counts: list = field(default_factory=list)  # expected occurrences (int)


def _raw_tables(meta) -> dict:
    for attr in ("raw", "data", "toml"):
        v = getattr(meta, attr, None)
        if isinstance(v, dict):
            return v
    return {}


def _family_table(meta) -> dict:
    """The source's ``[family]`` table (free-form options of this family)."""
    fo = getattr(meta, "family_options", None)
    if isinstance(fo, dict):
        return fo
    raw = _raw_tables(meta)
    return raw.get("family", {}) or {}


def options_from_meta(meta) -> Options:
    raw = _raw_tables(meta)
    ebook = _family_table(meta)
    doc_id = getattr(meta, "doc_id", None) or raw.get("document", {}).get("id")
    resp = f"#{doc_id}-ed"
    opts = Options(doc_id=doc_id,
                   source_name=str(getattr(meta, "source_path", None) or getattr(meta, "source_name", None)
                                   or "source"),
                   metadata_path=str(getattr(meta, "path", "<metadata>")),
                   interpolation_initials=ebook.get("interpolation_initials", ""))
    lines = getattr(meta, "table_lines", None) or {}
    bad = []
    for table, target in (("note_call", opts.note_calls), ("note_label", opts.note_labels)):
        where = lines.get(f"family.{table}", [])
        for i, e in enumerate(ebook.get(table, []) or []):
            line = where[i] if i < len(where) else 0
            missing = [k for k in ("division", "sic", "corr", "reason") if k not in e]
            if missing:
                bad.append(Diagnostic(opts.metadata_path, line, 0, "IMP302",
                                      f"[[family.{table}]] #{i + 1} lacks {', '.join(missing)}"))
                continue
            target.append(NoteCallFix(e["division"], e["sic"], str(e["corr"]), e["reason"],
                                      e.get("cert", "high"), e.get("type", "conversion"),
                                      table=f"family.{table}", line=line))
    where = lines.get("family.reconstruction", [])
    for i, e in enumerate(ebook.get("reconstruction", []) or []):
        missing = [k for k in ("sic", "corr", "reason") if k not in e]
        if missing:
            bad.append(Diagnostic(opts.metadata_path, where[i] if i < len(where) else 0, 0, "IMP302",
                                  f"[[family.reconstruction]] #{i + 1} lacks {', '.join(missing)}"))
    if bad:
        raise InputError(f"{opts.metadata_path}: invalid ebook options", bad)
    for e in ebook.get("reconstruction", []) or []:
        opts.repairs.append(Repair(e["sic"], e["corr"], e.get("type", "conversion"), e.get("reason", ""),
                                   e.get("cert", "high"), resp))
        opts.repair_counts.append(int(e.get("count", 1)))
    return opts


# --------------------------------------------------------------------------------------
# blocks


@dataclass(eq=False)
class Block:
    lines: list          # stripped lines
    line: int            # 1-based source line of the first line
    gap: int             # blank lines before the block

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def plain(self) -> str:
        p = self.__dict__.get("_plain")
        if p is None:
            p = self.__dict__["_plain"] = " ".join(strip_markdown(l).strip() for l in self.lines).strip()
        return p


def segment(lines: list[str], line_map: list[int]) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    cur: list[str] = []
    start = 0
    for i, raw in enumerate(lines):
        s = raw.strip()
        if not s:
            if cur:
                blocks.append(Block(cur, line_map[start], gap))
                cur = []
                gap = 0
            gap += 1
            continue
        if not cur:
            start = i
        cur.append(s)
    if cur:
        blocks.append(Block(cur, line_map[start], gap))
    return blocks


def norm_title(s: str) -> str:
    s = unicodedata.normalize("NFC", strip_markdown(s))
    s = re.sub("[’‘`´]", "'", s)
    s = re.sub("[“”„«»]", '"', s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.casefold()


_TERMINAL = set(".!?:;…\"”’'»)]")
_CYR = re.compile("[\u0400-\u04ff]")
_LAT = re.compile("[A-Za-z]")


def is_cyrillic_block(s: str) -> bool:
    c = len(_CYR.findall(s))
    return c > 0 and c >= len(_LAT.findall(s))


def _tail_plain(s: str) -> str:
    s = strip_markdown(s).rstrip()
    return s


_ENDS_WITH_CALL = re.compile(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\{[^}]*\}|\[\^\d+\])\W*$")


_FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for from with into onto upon about against between through "
    "and or but nor that which whose who whom than as if his her its their our your my".split())


def _ends_with_function_word(plain: str) -> bool:
    """Does the text end with an article, preposition, conjunction or possessive (so the
    sentence cannot end there)?"""
    words = plain.split()
    return bool(words) and words[-1].casefold() in _FUNCTION_WORDS


def ends_open(s: str) -> str:
    """'hyphen' if the text ends in a letter followed by a hyphen, 'open' if it ends in a
    letter (no punctuation), else ''. A block ending in a note call, or set wholly in
    italics (a caption whose image was lost), is never open."""
    raw = s.rstrip()
    if _ENDS_WITH_CALL.search(raw) or (raw.startswith("*") and raw.endswith("*")):
        return ""
    t = _tail_plain(s)
    if len(t) >= 2 and t[-1] in "-‐" and t[-2].isalpha():
        return "hyphen"
    if t and t[-1].isalpha():
        return "open"
    return ""


# --------------------------------------------------------------------------------------
# note labels

_LABEL = re.compile(
    r"^(?:-\s+)?(?:\[(?P<a>\d+)\.\]\(\#\)|\[(?P<b>\d+)\]\(\#\)\.|\^\{(?P<c>\d+)\.\}|(?P<d>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\.|(?P<e>\d+)\.|\[\^(?P<f>\d+)\]:)\s+"
)
_CALL_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|\^\{\[\d+\]\(#\)\}|\^\{\d+(?:\s*,\s*\d+)*\}|\[\^\d+\](?!:)|"
                      + REPAIR_OPEN)


@dataclass
class Label:
    value: int
    printed: str
    superscript: bool
    length: int


def parse_label(text: str) -> Label | None:
    m = _LABEL.match(text)
    if not m:
        return None
    for g in "abcef":
        if m.group(g):
            return Label(int(m.group(g)), m.group(g), False, m.end())
    d = m.group("d")
    return Label(sup_to_int(d), d, True, m.end())


# --------------------------------------------------------------------------------------
# divisions

_DIV_KEYWORDS = [
    (re.compile(r"^(introduction|prologue)\b", re.I), "introduction", "intro"),
    (re.compile(r"^(conclusion|epilogue|afterword)\b", re.I), "conclusion", "concl"),
    (re.compile(r"^(foreword|preface)\b", re.I), "foreword", "foreword"),
    (re.compile(r"translator", re.I), "translatorNote", "trlnote"),
    (re.compile(r"^about the author", re.I), "aboutAuthor", "about"),
    (re.compile(r"glossary", re.I), "glossary", "glossary"),
    (re.compile(r"biograph", re.I), "biographies", "bio"),
    (re.compile(r"^(dates|chronolog)", re.I), "chronology", "chronology"),
]


@dataclass
class Division:
    title_block: Block
    title: str
    type: str
    key: str          # id suffix: ch07, intro, ...
    n: str | None
    blocks: list = field(default_factory=list)
    part: str = "body"


#: kinds of division without a div/@type of their own in the edition's closed list:
#: written as the nearest general type with the kind as @subtype
_DIV_TYPE = {
    "prelims": ("section", "prelims"),
    "copyright": ("section", "copyright"),
    "cip": ("section", "cip"),
    "aboutAuthor": ("section", "aboutAuthor"),
    "translatorNote": ("preface", "translatorNote"),
    "chronology": ("appendix", "chronology"),
    "biographies": ("appendix", "biographies"),
}


def _new_div(parent, kind: str) -> etree._Element:
    typ, subtype = _DIV_TYPE.get(kind, (kind, None))
    div = etree.SubElement(parent, T + "div", type=typ)
    if subtype:
        div.set("subtype", subtype)
    return div


def _roman(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    s = s.upper()
    if not s or any(ch not in vals for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b in vals and vals[b] > v else v
    return total


def classify(title: str) -> tuple[str, str, str | None]:
    """(division kind, id suffix, @n) of a heading: "7. Title" and "Chapter 7" / "Chapter VII"
    are chapters; other kinds are recognised by their title words."""
    m = re.match(r"^(\d{1,3})\.\s+\S", title) or re.match(r"^chapter\s+(\d{1,3}|[ivxlc]+)\b", title, re.I)
    if m:
        g = m.group(1)
        n = int(g) if g.isdigit() else _roman(g)
        if n:
            return "chapter", f"ch{n:02d}", str(n)
    for rx, typ, key in _DIV_KEYWORDS:
        if rx.search(title):
            return typ, key, None
    slug = re.sub(r"[^a-z0-9]+", "-", norm_title(title)).strip("-")[:30] or "div"
    return "section", slug, None


# --------------------------------------------------------------------------------------


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class EbookConverter:
    """One conversion: the source's blocks, the divisions found, the calls per division."""

    def __init__(self, source_text: str, opts: Options):
        self.opts = opts
        self.doc = opts.doc_id
        self.diags: list[Diagnostic] = []
        bad = _NOT_XML.search(source_text)
        if bad:
            line = source_text.count("\n", 0, bad.start()) + 1
            self._fail(line, f"character U+{ord(bad.group()):04X} cannot be written in XML; remove it from the source")
        for ch in SENTINELS:
            if ch in source_text:
                line = source_text.count("\n", 0, source_text.index(ch)) + 1
                self._fail(line, f"source contains the character U+{ord(ch):04X}, which the importer reserves")
        self.text, self.line_map = self._apply_repairs(source_text)
        self.blocks = segment(self.text.split("\n"), self.line_map)
        self.ctx = InlineContext(self.doc, calls=[], repairs=opts.repairs,
                                 author_initials=opts.interpolation_initials)
        self.stats = {"rejoined": 0, "figures": 0, "quotes": 0,
                      "notes": 0, "calls_corrected": 0}

    # -- diagnostics ------------------------------------------------------------------
    def _fail(self, line: int, msg: str):
        """A problem after which the conversion cannot go on."""
        self._problem(line, msg)
        self._raise()

    def _problem(self, line: int, msg: str):
        """A problem reported with all the others at the end of the conversion."""
        self.diags.append(Diagnostic(self.opts.source_name, line, 0, "IMP301", msg))

    def _raise(self):
        if self.diags:
            raise InputError(f"{self.opts.source_name}: ebook import failed", sorted(self.diags))

    # -- reviewed structural repairs --------------------------------------------------
    def _apply_repairs(self, text: str):
        """Replace each reviewed reconstruction's sic text by a sentinel.

        Returns the new text and, for each of its lines, the source line number (a
        sentinel may swallow newlines, so later lines shift)."""
        spans = []
        for i, rep in enumerate(self.opts.repairs):
            found = [m.start() for m in re.finditer(re.escape(rep.sic), text)]
            want = self.opts.repair_counts[i]
            if len(found) != want:
                line = text.count("\n", 0, found[0]) + 1 if found else 0
                self._fail(line, f"reconstruction {rep.sic!r}: found {len(found)} time(s), expected {want}")
            spans.extend((pos, pos + len(rep.sic), i) for pos in found)
        spans.sort()
        for (a1, b1, i1), (a2, _b2, i2) in zip(spans, spans[1:]):
            if a2 < b1:
                self._fail(text.count("\n", 0, a2) + 1, f"reconstructions #{i1 + 1} and #{i2 + 1} overlap")
        out = []
        swallowed = {}          # new line number -> newlines swallowed by a sentinel on it
        pos = 0
        shift = 0
        for a, b, i in spans:
            out.append(text[pos:a])
            out.append(f"{REPAIR_OPEN}{i}{REPAIR_CLOSE}")
            new_line = text.count("\n", 0, a) + 1 - shift
            k = text.count("\n", a, b)
            swallowed[new_line] = swallowed.get(new_line, 0) + k
            shift += k
            pos = b
        out.append(text[pos:])
        new = "".join(out)
        mapping = []
        orig = 1
        for n in range(1, new.count("\n") + 2):
            mapping.append(orig)
            orig += 1 + swallowed.get(n, 0)
        return new, mapping

    # -- top level ----------------------------------------------------------------------
    def run(self) -> etree._Element:
        text_el = etree.Element(T + "text")
        front = etree.SubElement(text_el, T + "front")
        body = etree.SubElement(text_el, T + "body")
        back = etree.SubElement(text_el, T + "back")

        ci = self._find_contents()
        if ci is None:
            self._fail(0, "no table of contents (a line 'Contents' followed by the headings): the ebook "
                          "family finds the book's divisions through it")
        toc_entries, toc_end = self._read_toc(ci)
        if not toc_entries:
            self._fail(self.blocks[ci].line, "the table of contents lists no entries")
        divisions = self._locate_headings(ci, toc_entries, toc_end)

        # pre-matter: everything before the first heading or the contents
        first = min([d.title_block for d in divisions] + ([self.blocks[ci]] if ci is not None else []),
                    key=lambda b: b.line)
        first_idx = self.blocks.index(first)
        self._prematter(front, self.blocks[:first_idx])

        # assign blocks to divisions / contents in source order
        starts = sorted([(self.blocks.index(d.title_block), d) for d in divisions], key=lambda x: x[0])
        contents_div = None
        if ci is not None:
            contents_div = Division(self.blocks[ci], self.blocks[ci].plain, "contents", "toc", None)
            starts.append((ci, contents_div))
            starts.sort(key=lambda x: x[0])
        for k, (idx, d) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(self.blocks)
            d.blocks = self.blocks[idx + 1:end]

        # parts
        ordered = [d for _, d in starts]
        main_idx = [i for i, d in enumerate(ordered) if d.type in ("chapter", "introduction")]
        if not main_idx:
            self._fail(0, "no chapter headings found (entries 'N. Title' in the table of contents)")
        first_main, last_main = main_idx[0], main_idx[-1]
        while last_main + 1 < len(ordered) and ordered[last_main + 1].type == "conclusion":
            last_main += 1
        for i, d in enumerate(ordered):
            d.part = "front" if i < first_main else "body" if i <= last_main else "back"

        for d in ordered:
            parent = {"front": front, "body": body, "back": back}[d.part]
            if d is contents_div:
                self._contents(parent, d, toc_entries, divisions)
            elif d.type == "glossary":
                self._glossary(parent, d)
            elif d.type == "chronology":
                self._chronology(parent, d)
            elif d.type == "biographies":
                self._biographies(parent, d)
            else:
                self._prose_division(parent, d)
        for part in (front, back):
            if len(part) == 0:
                text_el.remove(part)
        self.stats["figures"] = len(text_el.findall(f".//{T}figure"))
        tag_russian(text_el)
        return text_el

    # -- contents -------------------------------------------------------------------------
    def _find_contents(self):
        for i, b in enumerate(self.blocks):
            if len(b.lines) == 1 and norm_title(b.text) in ("contents", "table of contents"):
                return i
        return None

    def _read_toc(self, ci):
        entries = []
        if ci is None:
            return entries, 0
        k = ci + 1
        seen = set()
        while k < len(self.blocks):
            b = self.blocks[k]
            if entries and b.gap >= 3:
                break
            t = norm_title(b.text)
            if b.text.startswith("*") or len(t) > 120 or t in seen or not t:
                break
            seen.add(t)
            entries.append(b)
            k += 1
        return entries, k

    def _locate_headings(self, ci, entries, toc_end):
        divisions = []
        pos = toc_end
        used = set()
        for e in entries:
            want = norm_title(e.text)
            found = None
            for j in range(pos, len(self.blocks)):
                b = self.blocks[j]
                if len(b.lines) == 1 and j not in used and norm_title(b.text) == want:
                    found = j
                    break
            if found is None and ci is not None:
                for j in range(0, ci):
                    b = self.blocks[j]
                    if len(b.lines) == 1 and j not in used and norm_title(b.text) == want:
                        found = j
                        break
            if found is None:
                self._fail(e.line, f"table of contents entry {e.plain!r} has no heading in the text")
            used.add(found)
            if found >= toc_end:
                pos = found + 1
            b = self.blocks[found]
            typ, key, n = classify(b.plain)
            divisions.append(Division(b, b.plain, typ, key, n))
        keys = [d.key for d in divisions]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            self._fail(0, f"two divisions would get the same id: {', '.join(sorted(dup))}")
        return divisions

    def _id(self, *parts) -> str:
        return "-".join((self.doc,) + tuple(str(p) for p in parts))

    def _contents(self, parent, d, entries, divisions):
        div = etree.SubElement(parent, T + "div", type="contents")
        div.set(XML_ID, self._id(d.key))
        head = etree.SubElement(div, T + "head")
        build_inline(head, d.title_block.text, self._nocall_ctx(), d.title_block.line)
        lst = etree.SubElement(div, T + "list", type="toc")
        by_title = {}
        for dv in divisions:
            by_title.setdefault(norm_title(dv.title_block.text), dv)
        for b in entries:
            item = etree.SubElement(lst, T + "item")
            dv = by_title.get(norm_title(b.text))
            ref = etree.SubElement(item, T + "ref", target="#" + self._id(dv.key))
            build_inline(ref, b.text, self._nocall_ctx(), b.line)
        rest = d.blocks[len(entries):]
        for b in rest:
            p = etree.SubElement(div, T + "p")
            build_inline(p, b.text, self._nocall_ctx(), b.line)

    def _nocall_ctx(self):
        return InlineContext(self.doc, calls=[], repairs=self.opts.repairs,
                             author_initials=self.opts.interpolation_initials)

    # -- pre-matter: title pages, copyright, CIP --------------------------------------------
    def _prematter(self, front, blocks):
        if not blocks:
            return
        imprint = None
        for i, b in enumerate(blocks):
            if re.fullmatch(r"\d{4}", b.lines[-1]) and len(b.lines) >= 2:
                imprint = i
                break
        if imprint is None:
            div = _new_div(front, "prelims")
            for b in blocks:
                self._plain_p(div, b)
            return
        self._title_pages(front, blocks[:imprint + 1])
        rest = blocks[imprint + 1:]
        cip_at = next((i for i, b in enumerate(rest) if re.match(r"library of congress catalog", b.plain, re.I)),
                      len(rest))
        pseudo = Division(rest[0] if rest else blocks[0], "", "section", "prelims", None, part="front")
        if rest[:cip_at]:
            div = _new_div(front, "copyright")
            div.set(XML_ID, self._id("copyright"))
            self._flow(div, pseudo, rest[:cip_at], figures=False)
        if rest[cip_at:]:
            div = _new_div(front, "cip")
            div.set(XML_ID, self._id("cip"))
            self._flow(div, pseudo, rest[cip_at:], figures=False)

    def _plain_p(self, parent, b, tag="p"):
        p = etree.SubElement(parent, T + tag)
        build_inline(p, b.text, self._nocall_ctx(), b.line)
        return p

    def _title_pages(self, front, blocks):
        authors = {norm_title(a) for a in self.opts.author_names}
        pages: list[list] = [[]]
        seen_author = False
        for bi, b in enumerate(blocks):
            if bi == len(blocks) - 1:
                pages[-1].append(("imprint", b))
                continue
            is_author = norm_title(b.text) in authors or (
                len(b.lines) > 1 and norm_title(b.lines[-1]) in authors)
            if not is_author and seen_author:
                pages.append([])
                seen_author = False
            if is_author and len(b.lines) > 1:
                pages[-1].append(("title", Block(b.lines[:-1], b.line, b.gap)))
                pages[-1].append(("author", Block(b.lines[-1:], b.line + len(b.lines) - 1, 0)))
                seen_author = True
            elif is_author:
                pages[-1].append(("author", b))
                seen_author = True
            else:
                pages[-1].append(("title", b))
        pages = [p for p in pages if p]
        for k, page in enumerate(pages):
            tp = etree.SubElement(front, T + "titlePage")
            if k < len(pages) - 1:
                tp.set("type", "half")
            doc_title = None
            n_parts = 0
            for kind, b in page:
                if kind == "title":
                    if doc_title is None or doc_title is not tp[-1]:
                        doc_title = etree.SubElement(tp, T + "docTitle")
                    tpart = etree.SubElement(doc_title, T + "titlePart", type="main" if n_parts == 0 else "sub")
                    n_parts += 1
                    build_inline(tpart, b.text, self._nocall_ctx(), b.line)
                elif kind == "author":
                    byline = etree.SubElement(tp, T + "byline")
                    da = etree.SubElement(byline, T + "docAuthor")
                    build_inline(da, b.text, self._nocall_ctx(), b.line)
                else:
                    # the imprint block: publisher and place lines, then the year
                    lines = list(b.lines)
                    year = lines.pop() if re.fullmatch(r"\d{4}", lines[-1]) else None
                    if lines:
                        imp = etree.SubElement(tp, T + "titlePart", type="imprint")
                        build_inline(imp, "\n".join(lines), self._nocall_ctx(), b.line)
                    if year:
                        date = etree.SubElement(tp, T + "docDate", when=year)
                        date.text = year


    # -- prose divisions ------------------------------------------------------------------
    def _div(self, parent, d) -> etree._Element:
        div = _new_div(parent, d.type)
        if d.n:
            div.set("n", d.n)
        div.set(XML_ID, self._id(d.key))
        head = etree.SubElement(div, T + "head")
        text = d.title_block.text
        m = re.match(r"^(\d{1,3}\.)\s+", text) if d.type == "chapter" else None
        if m:
            num = etree.SubElement(head, T + "num")
            num.text = m.group(1)
            num.tail = " "
            text = text[m.end():]
        build_inline(head, text, self.ctx, d.title_block.line)
        return div

    def _split_notes(self, blocks, has_calls: bool):
        """Return (body_blocks, notes, trailing) where notes = [(Label, [blocks])]."""
        if not has_calls:
            return blocks, [], []
        blocks = [b for b in _explode_labels(blocks) if b.text != "-"]
        labels = [(i, parse_label(b.lines[0])) for i, b in enumerate(blocks)]
        cands = []
        for k, (i, lab) in enumerate(labels):
            if lab is None:
                continue
            if lab.value == 1 and not lab.superscript:
                cands.append(i)
            elif lab.superscript:
                nxt = next((l2 for j, l2 in labels[i + 1:] if l2 is not None), None)
                if lab.value == 1 or nxt is None or nxt.value == 2:
                    cands.append(i)
        if not cands:
            return blocks, [], []
        s = cands[-1]
        notes = []
        expected = 1
        j = s
        while j < len(blocks):
            b = blocks[j]
            if j > s and b.gap >= 3:
                break
            lab = parse_label(b.lines[0])
            if lab is not None and (lab.value == expected or (expected == 1 and lab.superscript)):
                notes.append((lab, [b]))
                expected += 1
            else:
                notes[-1][1].append(b)
            j += 1
        trailing_end = j
        # Blocks after the last note: before an image placeholder they are text printed in
        # that image; at the end of the division they continue the last note, except from a
        # Russian block or a caption set wholly in italics on (an image whose placeholder
        # the conversion lost).
        last_blocks = notes[-1][1]
        if trailing_end < len(blocks):
            cut = 1
        else:
            cut = next((k for k, b in enumerate(last_blocks) if k and (
                is_cyrillic_block(b.plain) or (b.text.startswith("*") and b.text.rstrip().endswith("*")))),
                len(last_blocks))
        trailing = last_blocks[cut:]
        del last_blocks[cut:]
        return blocks[:s], notes, trailing + blocks[trailing_end:]

    def _prose_division(self, parent, d):
        self.ctx.calls = []
        div = self._div(parent, d)
        blocks = [b for b in d.blocks if b.text.strip() != "-"]
        has_calls = bool(_CALL_RE.search(d.title_block.text)) or any(_CALL_RE.search(b.text) for b in blocks)
        body_blocks, notes, after = self._split_notes(blocks, has_calls)
        self._flow(div, d, body_blocks)
        self._closer(div)
        if notes:
            self._notes(div, d, notes)
        if after:
            self._after_notes(div, d, after)
        self._check_calls(d, len(notes))

    def _closer(self, div):
        """A last paragraph that is a bare signature "(– F. C.)" becomes closer/signed."""
        last = div[-1] if len(div) else None
        if last is None or last.tag != T + "p":
            return
        txt = "".join(last.itertext()).strip()
        if re.fullmatch(r"\(?\s*[–—-]\s*(?:[A-ZА-Я]\.\s*){1,3}\)?", txt):
            closer = etree.SubElement(div, T + "closer")
            signed = etree.SubElement(closer, T + "signed")
            signed.text = last.text
            for ch in list(last):
                signed.append(ch)
            div.remove(last)

    # paragraph flow with figures and rejoined page splits
    def _continues(self, prev: Block, b: Block, across_figure: bool = False) -> str:
        """'' (new paragraph), 'space' or 'hyphen' (continuation)."""
        text = b.text
        m = re.match(REPAIR_OPEN + r"(\d+)" + REPAIR_CLOSE, text)
        if m:
            text = self.opts.repairs[int(m.group(1))].corr
        fl = first_letter(strip_markdown(text))
        state = ends_open(prev.text)
        if state == "hyphen" and fl and fl.isalpha():
            return "hyphen"
        if fl and fl.isalpha() and fl.islower():
            return "space"
        if (state == "open" and fl and (fl.isdigit() or (fl.isalpha() and fl.isupper()))
                and (len(prev.plain) >= 100 or across_figure or _ends_with_function_word(prev.plain))
                and not re.match(r"^[\"“„«'‘*]", text)
                and not is_cyrillic_block(strip_markdown(text))):
            # a long paragraph cut off without punctuation, continued in capitals or digits
            return "space"
        return ""

    def _is_caption(self, blocks, i, first=False) -> bool:
        b = blocks[i]
        plain = b.plain
        fl = first_letter(plain)
        if fl and fl.isalpha() and fl.islower():
            return False
        if b.text.startswith(REPAIR_OPEN):
            return False
        if first or len(b.lines) > 1:
            # the block right after a placeholder is its caption
            return True
            return True
        if is_cyrillic_block(plain):
            return True
        if plain.rstrip("* ").endswith(":"):
            return False
        if len(plain) > 200:
            return False
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        italic = b.text.startswith("*") and b.text.rstrip().endswith("*")
        if nxt is not None and nxt.gap < 3 and not italic:
            fl2 = first_letter(nxt.plain)
            if (fl2 and fl2.isalpha() and fl2.islower()) or nxt.text.startswith(REPAIR_OPEN):
                return False
        return True

    def _take_figure(self, blocks, i, pre=()):
        fig_blocks = list(pre)
        j = i
        first = True
        while j < len(blocks):
            b = blocks[j]
            if not first and b.gap >= 3:
                break
            if not self._is_caption(blocks, j, first=first):
                break
            fig_blocks.append(b)
            first = False
            j += 1
        return fig_blocks, j

    def _flow(self, div, d, blocks, figures=True):
        items = []          # ("p", [(block, join)], figs_between) | ("fig", blocks) | ("list", blocks)
        open_para = None
        pending = []
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if figures and b.gap >= 3:
                fig, j = self._take_figure(blocks, i)
                pending.append(fig)
                if fig:
                    i = j
                    continue
                # a placeholder without a caption: an empty figure; the block is text
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if figures and nxt is not None and nxt.gap >= 3 and is_cyrillic_block(b.plain):
                # Russian text printed in the image that follows (OCR of the picture)
                fig, j = self._take_figure(blocks, i + 1, pre=[b])
                pending.append(fig)
                i = j
                continue
            if b.lines[0].startswith("- ") and parse_label(b.lines[0]) is None:
                items.extend(("fig", f) for f in pending)
                pending = []
                if items and items[-1][0] == "list" and b.gap < 3:
                    items[-1][1].append(b)
                else:
                    items.append(("list", [b]))
                open_para = None
                i += 1
                continue
            join = (self._continues(open_para[1][-1][0], b, across_figure=bool(pending))
                    if open_para is not None else "")
            if join:
                open_para[1].append((b, join, pending))
                self.stats["rejoined"] += 1
                pending = []
            else:
                items.extend(("fig", f) for f in pending)
                pending = []
                open_para = ("p", [(b, "", [])])
                items.append(open_para)
            i += 1
        items.extend(("fig", f) for f in pending)
        self._emit(div, d, items)

    def _emit(self, div, d, items):
        fig_no = len(div.findall(f".//{T}figure"))
        prev_colon = False
        for kind, payload in items:
            if kind == "fig":
                fig_no += 1
                self._figure(div, d, payload, fig_no)
                continue
            if kind == "list":
                lst = etree.SubElement(div, T + "list")
                for b in payload:
                    item = None
                    for k, line in enumerate(b.lines):
                        if line.startswith("- ") or item is None:
                            item = etree.SubElement(lst, T + "item")
                            self._inline(item, line[2:].lstrip() if line.startswith("- ") else line, b.line + k, d)
                        else:
                            etree.SubElement(item, T + "lb")
                            self._inline(item, line, b.line + k, d)
                prev_colon = False
                continue
            parent = div
            if prev_colon:
                parent = etree.SubElement(div, T + "quote")
                self.stats["quotes"] += 1
            p = etree.SubElement(parent, T + "p")
            for k, (b, join, figs) in enumerate(payload):
                if k:
                    if join == "space":
                        append_text(p, " ")
                    for f in figs:
                        fig_no += 1
                        self._figure(p, d, f, fig_no)
                    etree.SubElement(p, T + "anchor", type="rejoin")
                    if join == "hyphen":
                        # a compound broken after its hyphen: no word break
                        etree.SubElement(p, T + "lb", {"break": "no"})
                self._inline(p, b.text, b.line, d)
            last_text = strip_markdown(payload[-1][0].text).rstrip()
            prev_colon = last_text.endswith(":")

    def _inline(self, el, text, line, d, calls=True, brackets=None):
        if brackets is None:
            brackets = self.opts.translated and d.type in ("chapter", "introduction", "conclusion")
        s = mark_interpolations(text, self.opts.interpolation_initials or None, brackets)
        ctx = self.ctx if calls else self._nocall_ctx()
        build_inline(el, s, ctx, line)

    def _figure(self, parent, d, blocks, no, caption_start=0):
        """A figure: the caption (first English block after the placeholder) is its head;
        other caption lines are p, text printed in the image (Cyrillic) is ab."""
        fig = etree.SubElement(parent, T + "figure")
        fig.set(XML_ID, self._id(d.key, f"fig{no}"))
        english = [b for b in blocks if _LAT.search(b.plain) and not is_cyrillic_block(b.plain)]
        head_block = next((b for b in english if blocks.index(b) >= caption_start), None) \
            or (english[0] if english else (blocks[caption_start] if caption_start < len(blocks)
                                            else blocks[0] if blocks else None))
        for b in blocks:
            if b is head_block:
                el = etree.SubElement(fig, T + "head")
                if is_cyrillic_block(b.plain):
                    el.set(XML_LANG, "ru")
            elif is_cyrillic_block(b.plain):
                el = etree.SubElement(fig, T + "ab", type="imageText")
                el.set(XML_LANG, "ru")
            else:
                el = etree.SubElement(fig, T + "p")
            self._inline(el, b.text, b.line, d, brackets=False)
        return fig

    def _after_notes(self, div, d, blocks):
        """Material after the note block: image text and figures."""
        pre = []
        i = 0
        fig_no = len(div.findall(f".//{T}figure"))
        while i < len(blocks) and blocks[i].gap < 3:
            pre.append(blocks[i])
            i += 1
        first = True
        while i < len(blocks):
            start = len(pre) if first else 0
            fig, j = self._take_figure(blocks, i, pre if first else ())
            first = False
            if j == i:
                # not a caption: keep it as a paragraph of image text rather than lose it
                fig.append(blocks[i])
                j = i + 1
            while j < len(blocks) and blocks[j].gap < 3:
                fig.append(blocks[j])
                j += 1
            fig_no += 1
            self._figure(div, d, fig, fig_no, caption_start=start)
            i = j
        if first and pre:
            fig_no += 1
            self._figure(div, d, pre, fig_no, caption_start=len(pre))

    # -- notes ---------------------------------------------------------------------------
    def _notes(self, div, d, notes):
        nd = etree.SubElement(div, T + "div", type="notes")
        nd.set(XML_ID, self._id(d.key, "notes"))
        for k, (lab, blocks) in enumerate(notes, 1):
            nid = self._id(d.key, f"n{k}")
            note = etree.SubElement(nd, T + "note", n=str(k), place="end")
            note.set(XML_ID, nid)
            text0 = blocks[0].lines[0][lab.length:]
            full = "\n".join([text0] + blocks[0].lines[1:])
            typ = "translator" if re.search(r"[–—-]\s*Translator\.?\s*$", strip_markdown(
                " ".join(b.text for b in blocks))) else "authorial"
            note.set("type", typ)
            note.set("target", f"#{nid}-call")
            if lab.value != k:
                fix = self._label_fix(d, lab, k, blocks[0].line)
                if fix is None:
                    continue
                label = etree.SubElement(note, T + "label", type="sourceLabel")
                choice = etree.SubElement(label, T + "choice")
                etree.SubElement(choice, T + "sic").text = lab.printed + "."
                corr = etree.SubElement(choice, T + "corr", resp=f"#{self.doc}-ed", cert=fix.cert, type=fix.type)
                corr.text = f"{k}."
                label.tail = " "
            self._inline(note, full, blocks[0].line, d, calls=False, brackets=False)
            for b in blocks[1:]:
                join = "hyphen" if ends_open(b.text) == "hyphen" else "space"
                if join == "space":
                    append_text(note, " ")
                etree.SubElement(note, T + "anchor", type="rejoin")
                self.stats["rejoined"] += 1
                self._inline(note, b.text, b.line, d, calls=False, brackets=False)
        self.stats["notes"] += len(notes)

    def _label_fix(self, d, lab, k, line):
        for fx in self.opts.note_labels:
            if fx.division == d.key and fx.sic == lab.printed and fx.corr == str(k):
                fx.used += 1
                return fx
        self._problem(line, f"{d.key}: note {k} is labelled {lab.printed!r}; add a reviewed "
                            f"[[family.note_label]] correction (division={d.key!r}, sic={lab.printed!r}, "
                            f"corr=\"{k}\") or fix the source")
        return None

    def _check_calls(self, d, n_notes):
        calls = self.ctx.calls
        for k, c in enumerate(calls, 1):
            if c.value != k:
                fix = None
                for fx in self.opts.note_calls:
                    if fx.division == d.key and fx.sic == c.printed and fx.corr == str(k):
                        fix = fx
                        break
                if fix is None:
                    self._problem(c.line, f"{d.key}: note call {k} reads {c.printed!r}; add a reviewed "
                                          f"[[family.note_call]] correction (division={d.key!r}, sic={c.printed!r}, "
                                          f"corr=\"{k}\") or fix the source")
                    continue
                fix.used += 1
                self.stats["calls_corrected"] += 1
                ref = c.element
                ref.text = None
                choice = etree.SubElement(ref, T + "choice")
                etree.SubElement(choice, T + "sic").text = c.printed
                corr = etree.SubElement(choice, T + "corr", resp=f"#{self.doc}-ed", cert=fix.cert, type=fix.type)
                corr.text = str(k)
            nid = self._id(d.key, f"n{k}")
            c.element.set(XML_ID, nid + "-call")
            c.element.set("target", "#" + nid)
            c.element.set("n", str(k))
        if len(calls) != n_notes:
            line = calls[-1].line if calls else d.title_block.line
            self._problem(line, f"{d.key}: {len(calls)} note call(s) but {n_notes} note(s)")

    # -- back matter ------------------------------------------------------------------------
    def _joined_entries(self, blocks, starts_entry):
        entries = []
        for b in blocks:
            if entries and not starts_entry(b, entries[-1]):
                entries[-1].append(b)
            else:
                entries.append([b])
        return entries

    def _glossary(self, parent, d):
        self.ctx.calls = []
        div = self._div(parent, d)
        lst = etree.SubElement(div, T + "list", type="gloss")

        def starts(b, cur):
            # a line continues the entry when the entry does not end in punctuation
            prev = _tail_plain(cur[-1].text)
            return not prev or prev[-1] in _TERMINAL

        for entry in self._joined_entries(d.blocks, starts):
            text = entry[0].text
            cut = _gloss_split(text)
            label = etree.SubElement(lst, T + "label")
            self._inline(label, text[:cut].rstrip(), entry[0].line, d, brackets=False)
            item = etree.SubElement(lst, T + "item")
            self._inline(item, text[cut:].lstrip(), entry[0].line, d, brackets=False)
            for b in entry[1:]:
                append_text(item, " ")
                etree.SubElement(item, T + "anchor", type="rejoin")
                self.stats["rejoined"] += 1
                self._inline(item, b.text, b.line, d, brackets=False)
        self._check_calls(d, 0)

    def _chronology(self, parent, d):
        self.ctx.calls = []
        div = self._div(parent, d)
        lst = None
        for b in d.blocks:
            if len(b.lines) == 1 and ":" not in b.text:
                lst = etree.SubElement(div, T + "list")
                head = etree.SubElement(lst, T + "head")
                self._inline(head, b.text, b.line, d, brackets=False)
                continue
            if lst is None:
                lst = etree.SubElement(div, T + "list")
            item = etree.SubElement(lst, T + "item")
            self._inline(item, b.text, b.line, d, brackets=False)
        self._check_calls(d, 0)

    def _biographies(self, parent, d):
        self.ctx.calls = []
        div = self._div(parent, d)
        has_calls = bool(_CALL_RE.search(d.title_block.text))
        body, notes, after = self._split_notes(d.blocks, has_calls)
        lp = etree.SubElement(div, T + "listPerson", type="biographies")
        entry_re = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]+(?:[ -][A-ZА-ЯЁ'’\-]+)*(?:\s*\[[^\]]*\])?,")

        def starts(b, cur):
            return bool(entry_re.match(b.text))

        seen = set()
        for entry in self._joined_entries(body + after, starts):
            first = entry[0].text
            person = etree.SubElement(lp, T + "person")
            slug = re.sub(r"[^a-z0-9]+", "-", norm_title(first.split(",")[0])).strip("-") or "person"
            base, k = slug, 2
            while slug in seen:
                slug = f"{base}-{k}"
                k += 1
            seen.add(slug)
            person.set(XML_ID, self._id(d.key, slug))
            p = etree.SubElement(person, T + "p")
            nm = re.match(r"^([^(]+?)\s*(?=\()", first)
            if nm:
                pn = etree.SubElement(p, T + "persName", type="entry")
                self._inline(pn, nm.group(1), entry[0].line, d, brackets=False)
                append_text(p, " ")
                self._inline(p, first[nm.end():].lstrip(), entry[0].line, d, brackets=False)
            else:
                self._inline(p, first, entry[0].line, d, brackets=False)
            for b in entry[1:]:
                append_text(p, " ")
                etree.SubElement(p, T + "anchor", type="rejoin")
                self.stats["rejoined"] += 1
                self._inline(p, b.text, b.line, d, brackets=False)
        if notes:
            self._notes(div, d, notes)
        self._check_calls(d, len(notes))


def _explode_labels(blocks):
    """Split blocks at inner lines that carry a note label (notes on consecutive lines)."""
    out = []
    for b in blocks:
        cur = [b.lines[0]]
        start = 0
        for k, line in enumerate(b.lines[1:], 1):
            if parse_label(line) is not None:
                out.append(Block(cur, b.line + start, b.gap if start == 0 else 0))
                cur, start = [line], k
            else:
                cur.append(line)
        out.append(Block(cur, b.line + start, b.gap if start == 0 else 0))
    return out


def _gloss_split(text: str) -> int:
    """Offset where a glossary entry's definition starts: after the first colon outside
    brackets, else after the first closing bracket group."""
    depth = 0
    first_close = None
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0 and first_close is None:
                first_close = i + 1
        elif ch == ":" and depth == 0 and text.startswith(": ", i):
            return i + 1
    if first_close is None:
        return len(text)
    while first_close < len(text) and text[first_close] in ".,;:":
        first_close += 1
    return first_close


# --------------------------------------------------------------------------------------
# public API


def convert(source_text: str, meta) -> etree._Element:
    """Convert one ebook text to a TEI ``<text>`` element (see the module docstring)."""
    opts = options_from_meta(meta)
    opts.author_names = _author_names(meta)
    bibl = getattr(meta, "bibl", None) or _raw_tables(meta).get("bibl", {}) or {}
    opts.translated = bool(bibl.get("translator"))
    conv = EbookConverter(source_text, opts)
    text = conv.run()
    _check_unused(conv)
    return text


def _author_names(meta) -> list[str]:
    raw = _raw_tables(meta)
    bibl = getattr(meta, "bibl", None) or raw.get("bibl", {}) or {}
    names = []
    for key in ("author", "authors"):
        v = bibl.get(key)
        if isinstance(v, str):
            names.append(v)
        elif isinstance(v, list):
            names.extend(x if isinstance(x, str) else x.get("name", "") for x in v)
    names.extend(_family_table(meta).get("title_page_authors", []) or [])
    return [n for n in names if n]


def _check_unused(conv: EbookConverter) -> None:
    """Every reviewed note correction must have been applied exactly once; report every
    problem of the conversion together."""
    diags = list(conv.diags)
    for fx in conv.opts.note_calls + conv.opts.note_labels:
        if fx.used != 1:
            diags.append(Diagnostic(conv.opts.metadata_path, fx.line, 0, "IMP302",
                                    f"[[{fx.table}]] {fx.division} {fx.sic!r} -> {fx.corr!r} applied "
                                    f"{fx.used} time(s), expected once"))
    if diags:
        raise InputError(f"{conv.opts.source_name}: ebook import failed", sorted(diags))



# --------------------------------------------------------------------------------------
# fidelity: the documented artefacts of the family

DESCRIPTION = "ebook converted to Markdown-like text with per-chapter endnotes (source 003)"


def _rules():
    from toolkit.importers.fidelity import Rule

    md = [
        (re.compile(r"\^\{\[(\d+)\]\(#\)\}"), r"\1"),   # ^{[8](#)} call
        (re.compile(r"\[\^(\d+)\]:"), r"\1."),              # [^8]: note label (Pandoc)
        (re.compile(r"\[\^(\d+)\]"), r"\1"),                # [^8] call (Pandoc)
        (re.compile(r"\]\(#\)"), ""),                    # end of a dead link [..](#)
        (re.compile(r"\^\{|\}"), ""),                    # ^{18, 19} and ^{1.}
        (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),    # autolink
        (re.compile(r"\\(.)"), r"\1"),                   # backslash escape \$
        (re.compile(r"\*+"), ""),                        # italic / bold
    ]

    def markdown(w):
        for rx, rep in md:
            w = rx.sub(rep, w)
        return w

    sup = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
    _OPENING_BRACKET = re.compile(r"^([\"“‘„«(]*)\[")
    return [
        Rule("markdown", "Markdown syntax of the conversion: asterisks, [..](#) link ends, ^{..}, "
                         "<..> around URLs, backslash escapes", markdown),
        Rule("superscript-digits", "note calls printed as superscript digits are compared as digits "
                                   "(the TEI call holds the number)", lambda w: w.translate(sup), both=True),
        Rule("link-open", "the opening square bracket at the start of a word (after opening quotes) is not "
                          "compared: a dead Markdown link opens with one, the translator's brackets keep theirs",
             lambda w: _OPENING_BRACKET.sub(r"\1", w), both=True),
        Rule("note-label", "note labels ('12.') become note/@n; the bare list marker '-' of Markdown "
                           "lists is dropped", lambda w: None if re.fullmatch(r"\d+\.|-", w) else w, both=True),
    ]


try:
    RULES = _rules()
except ImportError:  # the shared fidelity module is not installed with this copy
    RULES = []
