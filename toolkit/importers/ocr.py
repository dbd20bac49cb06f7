"""Importer for the family "OCR of a printed typescript" (JPRS translation reports).

``convert(source_text, meta)`` returns the TEI ``<text>`` element.  The source
keeps the typescript's hard line breaks; the TEI keeps them too (``lb``), so
that a diplomatic text (source lines, line-end hyphens, OCR readings) and a
reading text (joined words, corrections) come from one encoding.

What the family code recognises, by layout and never by line numbers:

* running heads (report number + date + page number after blank lines) and
  bare page-number lines -> ``pb`` + ``fw``; OCR letters in page numbers are
  read as digits (``6U`` -> 60) and the reading recorded as ``sic``/``corr``;
* JPRS item markers ``[Text]`` -> ``note type="editorial" subtype="jprsMarker"``; source lines
  ``[No 11, Nov 88 pp 16-129]`` -> installment ``milestone`` + ``note subtype="source"``;
  the first item's missing source line is supplied;
* chapter headings ``Chapter IV. Title``, section headings (short title-case
  lines), epigraphs (a short block + an attribution next to a chapter
  heading; one printed before its heading is moved after it, its original
  place kept by an ``anchor``);
* line-end hyphens classified (:mod:`toolkit.importers.ocr_hyphen`):
  ``revolu<lb break="no" rend="hyphen"/>tionary``, ``All-<lb break="no"/>Russian``,
  dashes printed as hyphens -> ``choice`` (``-`` / ``—``) + ``lb``;
* paragraphs cut by a column or page break rejoined with ``cb`` (or the
  ``pb`` of the running head) at the join; multi-paragraph quotations whose
  paragraphs reopen with ``"`` grouped in ``quote``; letters with a
  salutation as ``floatingText type="letter"``; verse as ``lg``/``l``;
  enumerated items as ``list``/``item``;
* bracketed glosses -> ``note place="inline" type="editorial|translator"``;
  author's ``(...—D.V.)`` interpolations -> ``note place="inline" type="authorial"``;
  asterisk footnotes moved to their call.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from lxml import etree

from toolkit.importers import ocr_hyphen as hy
from toolkit.importers import ocr_layout as lay

FAMILY = "ocr-typescript"

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def T(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


# -- rich strings: text with placeholders for line ends and inline objects ------------------

# Placeholders are code points of Supplementary Private Use Area-A, which the source
# may not contain (checked): line ends, then one code point per inline object.
LB = "\U000f0000"        # plain line end
SOFT = "\U000f0001"      # soft hyphen (not in the text)
HARD = "\U000f0002"      # the compound's own hyphen is in the text before it
DASH = "\U000f0003"      # a dash printed as a hyphen (not in the text)
CB = "\U000f0004"        # column break inside a paragraph
OBJ_BASE = 0xF0100      # inline object k is chr(OBJ_BASE + k)
_PUA = re.compile("[\U000f0000-\U000ffffd]")
_BREAK = f"[{LB}{SOFT}{HARD}{DASH}{CB}]"


@dataclass
class Stats:
    """Figures reported by an import (also used by the tests)."""

    hyphens: Counter = field(default_factory=Counter)
    hyphen_evidence: Counter = field(default_factory=Counter)
    joins: int = 0
    joins_lower: int = 0
    notes: Counter = field(default_factory=Counter)
    moved_epigraphs: int = 0


class OCRImportError(ValueError):
    """A problem in the source or its metadata that makes the import unsafe."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


#: English words that show a bracketed gloss is an editors' note, not an original term
_ENGLISH_GLOSS_WORDS = frozenset({"as", "about", "approximately", "the", "of", "a", "an", "and", "or",
                                  "from", "made", "published", "edition", "sic", "ed", "see", "in"})

#: a stray mark at the end of a line, apart from its words: "General Secretary.    ^"
STRAY_END = re.compile(r"(?<=\S) ([\^|\\}~])$")
#: a speaker in a transcript: "Krestinskiy: I fully confirm..."
SPEAKER = re.compile(r"^([A-Z][a-z]{3,}(?:-[A-Z][a-z]+)?:) (?=\S)")

#: a signature followed by its date: ``"L. Trotskiy, 12 February 1929."``, ``"Respectfully, Lenin. Five March 1923."``
SIGNED_DATE = re.compile(
    r'^(?P<sig>.+?[.,])\s+(?P<day>\d{1,2}|[A-Z][a-z]+(?:-?[a-z]+)?) '
    r'(?P<month>January|February|March|April|May|June|July|August|September|October|November|December) '
    r'(?P<year>\d{4})(?P<after>\.?"?)$')
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_DAY_WORDS = {w: i for i, w in enumerate(
    _UNITS + ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
              "eighteen", "nineteen", "twenty"], start=1)}
_DAY_WORDS.update({"twenty" + u: 20 + i for i, u in enumerate(_UNITS, start=1)})
_DAY_WORDS.update({"thirty": 30, "thirtyone": 31})

#: the salutation of a letter
SALUTATION = re.compile(r'^"?(?:My )?(?:Dear|Dearest|Esteemed)\b.{0,60}[,.!:]?$')


def _meta_get(meta: Any, key: str, default: Any = None) -> Any:
    if meta is None:
        return default
    if isinstance(meta, Mapping):
        return meta.get(key, default)
    return getattr(meta, key, default)


def _raw(meta: Any) -> Mapping:
    for attr in ("raw", "data", "toml"):
        value = _meta_get(meta, attr)
        if isinstance(value, Mapping):
            return value
    return meta if isinstance(meta, Mapping) else {}


class _Builder:
    def __init__(self, source: str, meta: Any, evidence: Iterable[str] = ()):
        raw = _raw(meta)
        self.doc = _meta_get(meta, "doc_id") or raw.get("document", {}).get("id") or "doc"
        self.resp = f"#{self.doc}-ed"
        options = _meta_get(meta, "family_options") or raw.get("family", {}) or {}
        self.exceptions: dict[str, str] = dict(options.get("hyphenation_exceptions", {}))
        bad = sorted(k for k, v in self.exceptions.items() if v not in hy.CLASSES)
        if bad:
            raise OCRImportError(f"[family] hyphenation_exceptions: {bad[0]!r} must be one of "
                                 f"{', '.join(hy.CLASSES)}")
        bad_char = _PUA.search(source)
        if bad_char:
            line = source.count("\n", 0, bad_char.start()) + 1
            raise OCRImportError(f"private-use character U+{ord(bad_char.group()):X} in the source", line)
        self.source = source
        self.stats = Stats()
        self.objects: list[tuple] = []
        self.lexicon = hy.lexicon_from_texts([source, *evidence])
        self.lines = lay.read_lines(source)
        self.blocks = lay.split_blocks(self.lines)
        lay.classify_blocks(self.blocks)
        lengths = [len(l.text) for l in self.lines if l is not None]
        # the measure: the length of a full justified line (most prose lines are full)
        self.width = float(sorted(lengths)[int(len(lengths) * 0.8)]) if lengths else 60.0
        self.hyph: dict[int, hy.Decision] = {}
        self._classify_hyphens()

    # -- hyphens ----------------------------------------------------------------------------

    def _classify_hyphens(self) -> None:
        real = [l for l in self.lines if l is not None]
        used: set[str] = set()
        for i, line in enumerate(real):
            if not line.text.endswith("-") or line.text.endswith("--"):
                continue
            nxt = real[i + 1].text if i + 1 < len(real) else ""
            d = hy.classify(line.text, nxt, self.lexicon, self.exceptions)
            self.hyph[line.no] = d
            self.stats.hyphens[d.cls] += 1
            self.stats.hyphen_evidence[f"{d.cls}:{d.evidence}"] += 1
            if d.evidence == "exception":
                used.add(f"{d.left}-{d.right}")
        unused = sorted(set(self.exceptions) - used)
        if unused:
            raise OCRImportError(f"[family] hyphenation_exceptions: {unused[0]!r} matches no line-end "
                                 f"hyphen of the source")

    # -- rich strings -----------------------------------------------------------------------

    def obj(self, *item: Any) -> str:
        self.objects.append(item)
        code = OBJ_BASE + len(self.objects) - 1
        if code > 0xFFFFD:
            raise OCRImportError("too many inline objects in one document")
        return chr(code)

    def line_rich(self, line: lay.Line, last: bool) -> str:
        text = line.text
        stray = STRAY_END.search(text)
        if stray:
            text = text[:stray.start()] + " " + self.obj("surplus", stray.group(1))
        d = self.hyph.get(line.no)
        if d is not None:
            if d.cls == hy.SOFT:
                return text[:-1] + SOFT
            if d.cls == hy.DASH:
                return text[:-1] + DASH
            return text + HARD
        return text if last else text + LB

    def block_rich(self, block: lay.Block) -> str:
        n = len(block.lines)
        return "".join(self.line_rich(l, i == n - 1) for i, l in enumerate(block.lines))

    # -- inline markup found in rich strings ------------------------------------------------

    def inline(self, rich: str) -> str:
        rich = re.sub(r"\[([^\[\]]{1,200})\]", self._bracket, rich)
        rich = re.sub(r"\(([^()]{0,800}?—\s*D\.\s*V\.)\)", self._authorial, rich)
        rich = re.sub(r"(?<=[A-Za-z.,])\*(?![*\w])", self._footnote_call, rich)
        return rich

    def _bracket(self, m: re.Match) -> str:
        """A bracketed gloss of the translation: an original term (``[vozhd]``) is the
        translator's and marked as transliterated Russian; conversions, identifications,
        "as published" and "—ed" notes are the editors' (JPRS)."""
        content = m.group(1)
        plain = content.replace(SOFT, "").replace(DASH, "-").replace(HARD, "")
        plain = re.sub(_BREAK, " ", plain)
        words = plain.split()
        if (words and all(re.fullmatch(r"[a-z]+", w) for w in words)
                and not any(w in _ENGLISH_GLOSS_WORDS for w in words)):
            self.stats.notes["translator"] += 1
            term = self.obj("foreign", {XML_LANG: "ru-Latn"}, content)
            return self.obj("note", {"place": "inline", "type": "translator", "resp": f"#{self.doc}-trl"},
                            "[" + term + "]")
        self.stats.notes["editorial"] += 1
        return self.obj("note", {"place": "inline", "type": "editorial", "resp": f"#{self.doc}-trl"}, m.group(0))

    def _authorial(self, m: re.Match) -> str:
        self.stats.notes["authorial"] += 1
        return self.obj("note", {"place": "inline", "type": "authorial", "resp": f"#{self.doc}-author"},
                        m.group(0))

    def _footnote_call(self, m: re.Match) -> str:
        if not self.footnotes:
            return m.group(0)
        block = self.footnotes.pop(0)
        k = self.stats.notes["foot"] + 1
        self.stats.notes["foot"] += 1
        nid = f"{self.doc}-n{k}"
        mark = lay.FOOTNOTE_TEXT.match(block.first).group("mark")
        body = self.block_rich(block)
        body = body[len(mark):].lstrip()
        ref = self.obj("ref", {"type": "noteref", XML_ID: f"{nid}-call", "target": f"#{nid}"}, mark)
        note = self.obj("note", {XML_ID: nid, "n": mark, "place": "foot", "type": "authorial",
                                 "target": f"#{nid}-call", "corresp": f"#{nid}-orig"}, self.inline(body))
        self.footnote_anchor[id(block)] = f"{nid}-orig"
        return ref + note

    # -- emitting rich strings as XML ---------------------------------------------------------

    def emit(self, parent: etree._Element, rich: str) -> None:
        buf: list[str] = []

        def flush() -> None:
            if not buf:
                return
            text = "".join(buf)
            buf.clear()
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + text
            else:
                parent.text = (parent.text or "") + text

        for ch in rich:
            code = ord(ch)
            if ch == LB:
                flush()
                etree.SubElement(parent, T("lb"))
                buf.append("\n")   # a source line per line of XML: readable diffs
            elif ch == SOFT:
                flush()
                etree.SubElement(parent, T("lb"), {"break": "no", "rend": "hyphen"})
            elif ch == HARD:
                flush()
                etree.SubElement(parent, T("lb"), {"break": "no"})
            elif ch == DASH:
                flush()
                choice = etree.SubElement(parent, T("choice"))
                etree.SubElement(choice, T("sic")).text = "-"
                corr = etree.SubElement(choice, T("corr"), {"resp": self.resp, "cert": "medium", "type": "dash"})
                corr.text = "\u2014"
                etree.SubElement(parent, T("lb"))
            elif ch == CB:
                flush()
                etree.SubElement(parent, T("cb"))
            elif code >= OBJ_BASE and code < OBJ_BASE + len(self.objects):
                flush()
                self._emit_obj(parent, self.objects[code - OBJ_BASE])
            else:
                buf.append(ch)
        flush()

    def _emit_obj(self, parent: etree._Element, item: tuple) -> None:
        kind = item[0]
        if kind in ("note", "ref", "foreign"):
            el = etree.SubElement(parent, T(kind), item[1])
            self.emit(el, item[2])
        elif kind == "choice":
            _, attrs, sic, corr = item
            choice = etree.SubElement(parent, T("choice"))
            self.emit(etree.SubElement(choice, T("sic")), sic)
            etree.SubElement(choice, T("corr"), {"resp": attrs["resp"], "cert": attrs["cert"],
                                                 "type": attrs["type"]}).text = corr
        elif kind == "page":
            self._emit_page(parent, item[1])
        elif kind == "verse":
            self._verse(parent, [item[1]])
        elif kind == "surplus":
            etree.SubElement(parent, T("surplus"), {"reason": "ocrNoise", "resp": self.resp}).text = item[1]
        else:  # pragma: no cover - programming error
            raise AssertionError(kind)

    def _emit_page(self, parent: etree._Element, block: lay.Block) -> None:
        if block.kind == "running_head":
            d = block.data
            page = lay.repair_digits(d["page"])
            etree.SubElement(parent, T("pb"), {"n": page})
            etree.SubElement(parent, T("fw"), {"type": "header"}).text = d["report"]
            fw = etree.SubElement(parent, T("fw"), {"type": "header"})
            month = lay.MONTHS.get(d["month"])
            label = f"{d['day']} {d['month']} {d['year']}"
            if month:
                etree.SubElement(fw, T("date"), {"when": f"{d['year']}-{month:02d}-{int(d['day']):02d}"}).text = label
            else:
                fw.text = label
            num = etree.SubElement(parent, T("fw"), {"type": "pageNum"})
            self._digits(num, d["page"], page)
        else:
            text = block.first
            etree.SubElement(parent, T("pb"), {"n": text})
            etree.SubElement(parent, T("fw"), {"type": "pageNum"}).text = text

    def _digits(self, parent: etree._Element, printed: str, read: str) -> None:
        if printed == read:
            parent.text = printed
            return
        choice = etree.SubElement(parent, T("choice"))
        etree.SubElement(choice, T("sic")).text = printed
        etree.SubElement(choice, T("corr"), {"resp": self.resp, "cert": "high", "type": "ocr"}).text = read

    # -- document structure -------------------------------------------------------------------

    def find_epigraphs(self) -> None:
        """Mark the blocks of each chapter's epigraph (before or after the heading)."""
        blocks = self.blocks
        skip = {"page_number", "text_marker", "running_head", "source_line"}
        for h, b in enumerate(blocks):
            if b.kind != "chapter":
                continue
            if (h >= 2 and self._attribution(blocks[h - 1]) and blocks[h - 2].kind in ("prose", "section")
                    and len(blocks[h - 2].lines) <= 8):
                blocks[h - 2].kind = "epigraph_body"
                blocks[h - 1].kind = "epigraph_attr"
                b.data["epigraph"] = [blocks[h - 2], blocks[h - 1]]
                b.data["epigraph_moved"] = True
                blocks[h - 2].data["moved_to"] = b
                continue
            j = h + 1
            while j < len(blocks) and blocks[j].kind in skip:
                j += 1
            body = []
            k = j
            while k < len(blocks) and k < j + 4:
                if self._attribution(blocks[k]) and body:
                    for x in body:
                        x.kind = "epigraph_body"
                    blocks[k].kind = "epigraph_attr"
                    body[0].data["epigraph"] = body + [blocks[k]]
                    break
                if blocks[k].kind not in ("prose",) or len(blocks[k].lines) > 8:
                    break
                body.append(blocks[k])
                k += 1

    @staticmethod
    def _attribution(block: lay.Block) -> bool:
        return (len(block.lines) == 1 and bool(lay.ATTRIBUTION.match(block.first))
                and len(block.first) <= 30 and block.kind in ("prose", "section"))

    def _joinable(self, a: lay.Block, b: lay.Block) -> bool:
        if a.kind != "prose" or b.kind != "prose":
            return False        # an enumerated item ("a) demand...") opens a list even in lower case
        if lay.is_verse(a, self.width) or lay.is_verse(b, self.width):
            return False
        if len(a.lines) == 1 and SALUTATION.match(a.first):
            return False
        if (len(a.lines) == 1 and len(b.lines) == 1 and a.first.endswith(",")
                and len(a.first) < self.width * 0.6):
            return False        # a closing formula ("A firm handshake,") and the signature
        if b.first[:1].islower():
            return True
        if a.first.startswith('"') and b.first.startswith('"') and a.text.count('"') % 2:
            return False        # the next paragraph of a quotation (JPRS reopens each with ")
        last = a.last
        return last.endswith("-") or not lay.FINAL.search(last)

    def units(self) -> list[dict]:
        """The flow: paragraphs (rejoined), verse, items, headings and page furniture."""
        out: list[dict] = []
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind in ("prose", "item") and not lay.is_verse(b, self.width):
                rich = self.block_rich(b)
                kind = b.kind
                data = dict(b.data)
                j = i + 1
                while True:
                    k = j
                    pages = []
                    while k < len(blocks) and blocks[k].kind in ("running_head", "page_number"):
                        pages.append(blocks[k])
                        k += 1
                    if (not pages and k + 1 < len(blocks) and blocks[k].kind == "prose"
                            and lay.is_verse(blocks[k], self.width) and blocks[k + 1].kind == "prose"
                            and blocks[k + 1].first[:1].islower() and not lay.FINAL.search(blocks[j - 1].last)):
                        # verse quoted inside a sentence: "...proposed by the authors | verse | he discarded"
                        rich += self.obj("verse", blocks[k]) + self.block_rich(blocks[k + 1])
                        self.stats.joins += 1
                        j = k + 2
                        continue
                    if k < len(blocks) and self._joinable(blocks[j - 1], blocks[k]):
                        nxt = blocks[k]
                        self.stats.joins += 1
                        if nxt.first[:1].islower():
                            self.stats.joins_lower += 1
                        sep = "".join(self.obj("page", p) for p in pages) if pages else CB
                        rich += sep + self.block_rich(nxt)
                        j = k + 1
                        continue
                    break
                out.append({"kind": kind, "rich": rich, "data": data, "block": b})
                i = j
                continue
            if b.kind == "noise":
                out.append({"kind": "noise", "block": b})
            elif b.kind == "prose":
                out.append({"kind": "verse", "block": b})
            else:
                out.append({"kind": b.kind, "block": b, "data": b.data})
            i += 1
        return out

    def build(self) -> etree._Element:
        self.find_epigraphs()
        self.footnotes = [b for b in self.blocks if b.kind == "footnote"]
        self.footnote_anchor: dict[int, str] = {}
        units = self.units()
        text = etree.Element(T("text"), {XML_LANG: "en"}, nsmap={None: TEI_NS})
        body = etree.SubElement(text, T("body"))
        self.body = body
        self.back: etree._Element | None = None
        self.chapter: etree._Element | None = None
        self.section: etree._Element | None = None
        self.n_chapter = 0
        self.n_section = 0
        self.pending_source: lay.Block | None = None
        self.seen_source = False
        i = 0
        while i < len(units):
            i = self._unit(units, i)
        if self.footnotes:
            raise OCRImportError("footnote text without a call: " + self.footnotes[0].first,
                                 self.footnotes[0].lines[0].no)
        # paragraphs are citable: volkogonov-ch3-p120 is the 120th paragraph of chapter III
        for chapter in body.iterfind(T("div")):
            for k, para in enumerate(chapter.iter(T("p")), start=1):
                para.set(XML_ID, f"{chapter.get(XML_ID)}-p{k}")
        return text

    @property
    def container(self) -> etree._Element:
        return self.section if self.section is not None else (
            self.chapter if self.chapter is not None else self.body)

    def _unit(self, units: list[dict], i: int) -> int:
        u = units[i]
        kind = u["kind"]
        block: lay.Block = u["block"]
        c = self.container
        if kind in ("running_head", "page_number"):
            self._emit_page(c, block)
        elif kind == "text_marker":
            if not self.seen_source and self.n_chapter == 0 and not len(self.body):
                self._supplied_installment(c)
            self.seen_source = True
            etree.SubElement(c, T("note"), {"place": "inline", "type": "editorial", "subtype": "jprsMarker",
                                            "resp": f"#{self.doc}-trl"}).text = block.first
        elif kind == "source_line":
            self._installment(c, block)
        elif kind == "chapter":
            self._chapter(block)
        elif kind == "section":
            self._section(block)
        elif kind == "epigraph_body":
            if "moved_to" in block.data:
                etree.SubElement(c, T("anchor"), {XML_ID: f"{self.doc}-ch{self.n_chapter + 1}-epigraph-orig"})
            elif "epigraph" in block.data:
                self._epigraph(c, block.data["epigraph"], moved=False)
        elif kind == "epigraph_attr":
            pass
        elif kind == "footnote":
            anchor = self.footnote_anchor.get(id(block))
            if anchor is None:
                raise OCRImportError("footnote text before its call: " + block.first, block.lines[0].no)
            etree.SubElement(c, T("anchor"), {XML_ID: anchor})
        elif kind == "end":
            self._end(block)
        elif kind == "verse":
            self._verse(c, [block])
        elif kind == "noise":
            self._noise(c, block)
        elif kind in ("prose", "item"):
            return self._prose_run(units, i)
        return i + 1

    def _supplied_installment(self, c: etree._Element) -> None:
        later = [b for b in self.blocks if b.kind == "source_line"]
        if not later:
            return
        d = later[0].data
        num = int(lay.repair_digits(d["num"])) - 1
        month = lay.MONTH_ABBR.get(d["mon"], 1) - 1 or 12
        mon = [k for k, v in lay.MONTH_ABBR.items() if v == month][0]
        etree.SubElement(c, T("milestone"), {"unit": "installment", "n": str(num), XML_ID: f"{self.doc}-inst{num}"})
        note = etree.SubElement(c, T("note"), self._source_note_attrs())
        bibl = etree.SubElement(note, T("bibl"))
        sup = etree.SubElement(bibl, T("supplied"), {"reason": "omitted", "resp": self.resp, "cert": "medium"})
        sup.text = f"[No {num}, {mon} {d['yy']}]"

    def _source_note_attrs(self) -> dict[str, str]:
        return {"place": "inline", "type": "editorial", "subtype": "source", "resp": f"#{self.doc}-trl"}

    def _installment(self, c: etree._Element, block: lay.Block) -> None:
        d = block.data
        num = lay.repair_digits(d["num"])
        etree.SubElement(c, T("milestone"), {"unit": "installment", "n": num, XML_ID: f"{self.doc}-inst{num}"})
        note = etree.SubElement(c, T("note"), self._source_note_attrs())
        bibl = etree.SubElement(note, T("bibl"))
        bibl.text = "["
        printed = d["no"]
        read = f"No {num}"
        if printed.replace(" ", "") == read.replace(" ", "") and printed == read:
            bibl.text += printed
            last = None
        else:
            choice = etree.SubElement(bibl, T("choice"))
            etree.SubElement(choice, T("sic")).text = printed
            etree.SubElement(choice, T("corr"), {"resp": self.resp, "cert": "high", "type": "ocr"}).text = read
            last = choice
        rest = f", {d['mon']} {d['yy']} pp {d['pages']}]"
        if last is None:
            bibl.text += rest
        else:
            last.tail = rest

    def _chapter(self, block: lay.Block) -> None:
        self.n_chapter += 1
        self.n_section = 0
        self.section = None
        cid = f"{self.doc}-ch{self.n_chapter}"
        self.chapter = etree.SubElement(self.body, T("div"), {"type": "chapter", "n": block.data["num"],
                                                               XML_ID: cid})
        etree.SubElement(self.chapter, T("head")).text = block.first
        if block.data.get("epigraph_moved"):
            self.stats.moved_epigraphs += 1
            self._epigraph(self.chapter, block.data["epigraph"], moved=True)

    def _section(self, block: lay.Block) -> None:
        if self.chapter is None:
            raise OCRImportError("section heading before the first chapter: " + block.first, block.lines[0].no)
        self.n_section += 1
        sid = f"{self.doc}-ch{self.n_chapter}-s{self.n_section}"
        self.section = etree.SubElement(self.chapter, T("div"), {"type": "section", XML_ID: sid})
        etree.SubElement(self.section, T("head")).text = block.first

    def _epigraph(self, parent: etree._Element, blocks: list[lay.Block], moved: bool) -> None:
        cid = f"{self.doc}-ch{self.n_chapter}"
        attrs = {XML_ID: f"{cid}-epigraph"}
        if moved:
            attrs.update({"rend": "moved", "corresp": f"#{cid}-epigraph-orig"})
        ep = etree.SubElement(parent, T("epigraph"), attrs)
        quote = etree.SubElement(ep, T("quote"))
        body, attribution = blocks[:-1], blocks[-1]
        prose = any(l.text.endswith("-") for b in body for l in b.lines) or (
            sum(len(l.text) for b in body for l in b.lines) / sum(len(b.lines) for b in body) > self.width * 0.85)
        if prose:
            for b in body:
                self.emit(etree.SubElement(quote, T("p")), self.inline(self.block_rich(b)))
        else:
            self._lg(quote, body)
        bibl = etree.SubElement(ep, T("bibl"))
        self.emit(etree.SubElement(bibl, T("author")), self.inline(self.block_rich(attribution)))

    def _lg(self, parent: etree._Element, blocks: list[lay.Block]) -> etree._Element:
        lg = etree.SubElement(parent, T("lg"))
        if len(blocks) == 1:
            self._lines(lg, blocks[0])
        else:
            for b in blocks:
                self._lines(etree.SubElement(lg, T("lg")), b)
        return lg

    def _lines(self, lg: etree._Element, block: lay.Block) -> None:
        """One ``l`` per verse line; a short lower-case line is the turnover of the one before."""
        groups: list[list[lay.Line]] = []
        for line in block.lines:
            core = line.text.lstrip("\"'(")
            if groups and core[:1].islower() and len(line.text) < self.width * 0.35:
                groups[-1].append(line)
            else:
                groups.append([line])
        for g in groups:
            rich = "".join(self.line_rich(l, k == len(g) - 1) for k, l in enumerate(g))
            self.emit(etree.SubElement(lg, T("l")), self.inline(rich))

    def _verse(self, parent: etree._Element, blocks: list[lay.Block]) -> None:
        lg = self._lg(parent, blocks)
        lg.set("type", "poem")

    def _noise(self, c: etree._Element, block: lay.Block) -> None:
        """A stray mark on a line of its own: surplus at the end of the paragraph before it."""
        host = c[-1] if len(c) and c[-1].tag in (T("p"), T("item")) else None
        if host is None:
            raise OCRImportError(f"stray mark {block.first!r} not after a paragraph", block.lines[0].no)
        if len(host):
            host[-1].tail = (host[-1].tail or "") + " "
        else:
            host.text = (host.text or "") + " "
        etree.SubElement(host, T("surplus"), {"reason": "ocrNoise", "resp": self.resp}).text = block.first

    def _end(self, block: lay.Block) -> None:
        """``End of Book One`` and the copyright line close the body as trailers."""
        for line in block.lines:
            etree.SubElement(self.body, T("trailer")).text = line.text

    # -- paragraphs, quotations, letters, lists ---------------------------------------------

    @staticmethod
    def _opens_quote(rich: str) -> bool:
        return rich.startswith('"')

    @staticmethod
    def _quote_open_at_end(rich: str) -> bool:
        return rich.count('"') % 2 == 1

    def _prose_run(self, units: list[dict], i: int) -> int:
        """A paragraph, or a multi-paragraph quotation (JPRS reopens every paragraph with ``"``)."""
        u = units[i]
        c = self.container
        group = [u]
        j = i + 1
        if self._opens_quote(u["rich"]) and self._quote_open_at_end(u["rich"]):
            pages = []
            while j < len(units):
                v = units[j]
                if v["kind"] in ("running_head", "page_number"):
                    pages.append(v)
                    j += 1
                    continue
                if v["kind"] in ("prose", "item") and self._opens_quote(v["rich"]):
                    group.extend(pages)
                    pages = []
                    group.append(v)
                    j += 1
                    if not self._quote_open_at_end(v["rich"]):
                        break
                    continue
                break
            j -= len(pages)     # page furniture after the quotation is not part of it
        if len(group) == 1:
            self._para_or_list(c, units, i)
            return self._after_list(units, i)
        if SALUTATION.match(group[0]["rich"]) or (
                len(group) > 2 and group[0]["kind"] == "prose" and LB not in group[0]["rich"]
                and len(group[0]["rich"]) <= 60 and group[1]["kind"] == "prose"
                and SALUTATION.match(group[1]["rich"])):
            self._letter(c, group)
        else:
            quote = etree.SubElement(c, T("quote"))
            self._children(quote, group)
        return j

    def _after_list(self, units: list[dict], i: int) -> int:
        return self._list_end if self._list_end > i else i + 1

    def _para_or_list(self, parent: etree._Element, units: list[dict], i: int) -> None:
        u = units[i]
        self._list_end = i + 1
        if u["kind"] == "item":
            self._list_end = self._list(parent, units, i)
            return
        m = SPEAKER.match(u["rich"])
        if m and self._in_dialogue(units, i):
            sp = etree.SubElement(parent, T("sp"))
            etree.SubElement(sp, T("speaker")).text = m.group(1)
            self.emit(etree.SubElement(sp, T("p")), self.inline(u["rich"][m.end():]))
            return
        self.emit(etree.SubElement(parent, T("p")), self.inline(u["rich"]))

    @staticmethod
    def _in_dialogue(units: list[dict], i: int) -> bool:
        """A speaker label counts only next to another one (a transcript, not a stray colon)."""
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(units) and units[k]["kind"] in ("running_head", "page_number"):
                k += step
            if 0 <= k < len(units) and units[k]["kind"] == "prose" and SPEAKER.match(units[k]["rich"]):
                return True
        return False

    @staticmethod
    def _item_run(units: list[dict], i: int) -> int:
        """End of the run of items starting at ``i`` (page furniture between items belongs to it)."""
        page_kinds = ("running_head", "page_number")
        j = i
        while j < len(units):
            if units[j]["kind"] == "item":
                j += 1
                continue
            k = j
            while k < len(units) and units[k]["kind"] in page_kinds:
                k += 1
            if k == j or k >= len(units) or units[k]["kind"] != "item":
                break
            j = k
        return j

    def _list(self, parent: etree._Element, units: list[dict], i: int) -> int:
        """A run of enumerated items as ``list``; a change of numbering (1) -> a)) opens a
        nested list inside the item before it, and a return to an outer numbering closes it.
        A ``1`` read where the letter ``l`` belongs (after ``k``) is corrected."""
        end = self._item_run(units, i)
        stack: list[tuple[etree._Element, str, str]] = []   # (list, style, last n)
        root = etree.SubElement(parent, T("list"))
        stack.append((root, "", ""))
        for u in units[i:end]:
            if u["kind"] != "item":
                self._emit_page(stack[-1][0], u["block"])
                continue
            n = u["data"].get("n", "").rstrip(".)")
            rich = u["rich"]
            style = "digit" if n[:1].isdigit() else "alpha"
            if n == "1" and stack[-1][1] == "alpha" and stack[-1][2] == "k":
                n, style = "l", "alpha"
                pos = rich.index("1")
                rich = rich[:pos] + self.obj("choice", {"type": "ocr", "cert": "high", "resp": self.resp},
                                             "1", "l") + rich[pos + 1:]
            if not stack[-1][1]:
                stack[-1] = (root, style, "")
            elif style != stack[-1][1]:
                outer = [k for k, (_, st, _) in enumerate(stack) if st == style]
                if outer:
                    del stack[outer[-1] + 1:]
                else:
                    host = stack[-1][0]
                    items = host.findall(T("item"))
                    if items:
                        nested = etree.SubElement(items[-1], T("list"))
                        stack.append((nested, style, ""))
            lst = stack[-1][0]
            item = etree.SubElement(lst, T("item"), {"n": n} if n else {})
            self.emit(item, self.inline(rich))
            stack[-1] = (lst, stack[-1][1], n)
        return end

    def _children(self, parent: etree._Element, group: list[dict]) -> None:
        k = 0
        while k < len(group):
            v = group[k]
            if v["kind"] in ("running_head", "page_number"):
                self._emit_page(parent, v["block"])
                k += 1
            elif v["kind"] == "item":
                k = self._list(parent, group, k)
            else:
                self.emit(etree.SubElement(parent, T("p")), self.inline(v["rich"]))
                k += 1

    def _letter(self, parent: etree._Element, group: list[dict]) -> None:
        ft = etree.SubElement(parent, T("floatingText"), {"type": "letter"})
        body = etree.SubElement(ft, T("body"))
        opener = etree.SubElement(body, T("opener"))
        if not SALUTATION.match(group[0]["rich"]):
            # the addressee's line before the salutation ("Leningrad. The Klimkin family.")
            self.emit(opener, self.inline(group[0]["rich"]))
            group = group[1:]
        self.emit(etree.SubElement(opener, T("salute")), self.inline(group[0]["rich"]))
        rest = group[1:]
        closing: list[dict] = []
        while rest and (rest[-1]["kind"] in ("running_head", "page_number") or (
                rest[-1]["kind"] == "prose" and len(rest[-1]["rich"]) <= 60 and LB not in rest[-1]["rich"])):
            closing.insert(0, rest.pop())
        while closing and closing[0]["kind"] in ("running_head", "page_number"):
            rest.append(closing.pop(0))
        if not rest and closing:
            rest.append(closing.pop(0))
        self._children(body, rest)
        if closing:
            closer = etree.SubElement(body, T("closer"))
            texts = [v for v in closing if v["kind"] == "prose"]
            for v in closing:
                if v["kind"] != "prose":
                    self._emit_page(closer, v["block"])
                    continue
                plain = v["rich"]
                if v is texts[-1]:
                    m = SIGNED_DATE.match(plain)
                    if m and not any(ord(ch) >= 0xF0000 for ch in plain):
                        # "L. Trotskiy, 12 February 1929." -> signed + dateline
                        self.emit(etree.SubElement(closer, T("signed")), self.inline(m.group("sig")))
                        closer[-1].tail = " "
                        dateline = etree.SubElement(closer, T("dateline"))
                        self._date(dateline, m)
                        continue
                    name = "signed"
                elif re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", plain):
                    name = "dateline"
                else:
                    name = "salute"
                self.emit(etree.SubElement(closer, T(name)), self.inline(plain))

    def _date(self, parent: etree._Element, m: re.Match) -> None:
        """``12 February 1929."`` as ``date when`` (day in figures or in words), the rest as printed."""
        day_text = m.group("day")
        day = int(day_text) if day_text.isdigit() else _DAY_WORDS.get(day_text.lower().replace("-", ""))
        month = lay.MONTHS.get(m.group("month"))
        label = f"{day_text} {m.group('month')} {m.group('year')}"
        if day and month and 1 <= day <= 31:
            el = etree.SubElement(parent, T("date"), {"when": f"{m.group('year')}-{month:02d}-{day:02d}"})
            el.text = label
            el.tail = m.group("after")
        else:
            parent.text = label + m.group("after")


DESCRIPTION = ("OCR of a printed typescript (JPRS reports): running heads, page numbers, "
               "column breaks, line-end hyphens, epigraphs, letters, verse, lists")

#: editorialDecl defaults for the family (the TOML's [editorial] table overrides them)
EDITORIAL = {
    "hyphenation_eol": "all",       # every line-end hyphen is recorded (soft ones in lb/@rend)
    "quotation_marks": "all",       # quotation marks are kept as printed
    "hyphenation": (
        "Every source line end is kept as lb. A line-end hyphen is classified from the evidence "
        "of the corpus (the joined or the hyphenated form attested elsewhere in this text and in "
        "the texts named in the metadata, plus a reviewed exception list): a soft hyphen is "
        "lb break=\"no\" rend=\"hyphen\" (not in the text); a compound's own hyphen and a numeric "
        "range stay in the text before lb break=\"no\"; a dash printed as a hyphen is "
        "choice/sic \"-\"/corr \"\u2014\" followed by lb."),
    "segmentation": (
        "Paragraphs cut by a column or page break are rejoined: a block that starts in lower case, "
        "or follows a block without final punctuation, continues the paragraph; cb (or the page's "
        "pb and fw) marks the join. A single line that is indented after a finished sentence "
        "opens a new paragraph. Section headings are the short title-case lines between blank lines."),
    "quotation": (
        "Quotation marks are kept as printed. The typescript reopens every paragraph of a "
        "multi-paragraph quotation with a double quote and closes only the last; such runs are "
        "one quote with several p; letters opening with a salutation are floatingText."),
    "normalization": (
        "Trailing and leading spaces and runs of justification spaces are layout and are not "
        "kept. Running heads are pb + fw; OCR letters read for digits in page numbers and source "
        "lines are corrected as choice/sic/corr. Epigraphs printed before their chapter heading "
        "are moved after it (epigraph/@rend=\"moved\", @corresp to an anchor at the printed place); "
        "the asterisk footnote stands at its call (note/@corresp to an anchor where it was printed)."),
}


def _evidence_texts(meta: Any) -> list[str]:
    """Texts named in ``[family] evidence`` (paths relative to the metadata file)."""
    from pathlib import Path

    options = _meta_get(meta, "family_options") or {}
    names = options.get("evidence", [])
    if isinstance(names, str):
        names = [names]
    base = Path(_meta_get(meta, "path") or ".").parent
    out = []
    for name in names:
        path = base / name
        try:
            out.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise OCRImportError(f"[family] evidence {name!r}: cannot read {path.as_posix()}: "
                                 f"{exc.__class__.__name__}") from None
    return out


def _fail(meta: Any, exc: OCRImportError):
    from toolkit.diagnostics import Diagnostic
    from toolkit.errors import InputError

    shown = _meta_get(meta, "source_path") or "<source>"
    if exc.line == 0 and "[family]" in str(exc):
        shown = _meta_get(meta, "path") or shown
    return InputError(f"{shown}: {exc}", [Diagnostic(shown, exc.line, 1 if exc.line else 0, "IMP010", str(exc))])


def analyse(source_text: str, meta: Any, *, evidence: Iterable[str] | None = None) -> tuple[etree._Element, Stats]:
    """Convert, also returning the figures of the conversion (hyphen classes, joins, notes)."""
    try:
        texts = list(evidence) if evidence is not None else _evidence_texts(meta)
        builder = _Builder(source_text, meta, texts)
        text = builder.build()
    except OCRImportError as exc:
        raise _fail(meta, exc) from None
    return text, builder.stats


def convert(source_text: str, meta: Any) -> etree._Element:
    """Convert OCR of a typescript into a TEI ``<text>`` element.

    ``meta`` is the source's :class:`~toolkit.importers.common.Metadata`; its
    ``[family]`` table may name ``evidence`` (further texts of the corpus whose
    words help to classify line-end hyphens) and ``hyphenation_exceptions``
    (``"left-right" = "soft|hard|numeric|dash"``, reviewed decisions).
    """
    return analyse(source_text, meta)[0]


def source_view(text_el: etree._Element) -> etree._Element:
    """A copy of ``text_el`` in the order and flow in which the source prints it.

    Epigraphs moved after their heading and footnotes moved to their call carry
    ``@corresp`` pointing to an ``anchor`` at the printed place: they are put back
    there. Inline notes (bracketed glosses, the author's interpolations) are
    printed inside the running line: their content replaces them, so that a
    bracket and the punctuation after it stay one word. The fidelity check reads
    the source's words from this copy.
    """
    import copy

    root = copy.deepcopy(text_el)
    anchors = {a.get(XML_ID): a for a in root.iter(T("anchor"))}
    for el in list(root.iter(T("epigraph"), T("note"))):
        target = (el.get("corresp") or "").lstrip("#")
        anchor = anchors.get(target)
        if anchor is None:
            continue
        _detach(el)
        el.tail = anchor.tail
        anchor.tail = None
        anchor.addnext(el)
    for el in list(root.iter(T("note"))):
        if el.get("place") == "inline" and el.get("subtype") is None:
            _unwrap(el)
    return root


def _detach(el: etree._Element) -> None:
    """Remove ``el`` keeping its tail text in place."""
    parent = el.getparent()
    prev = el.getprevious()
    if el.tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    el.tail = None
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its content (text, children, tail)."""
    parent = el.getparent()
    idx = parent.index(el)
    prev = el.getprevious()
    lead = el.text or ""
    if prev is not None:
        prev.tail = (prev.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    children = list(el)
    tail = el.tail or ""
    parent.remove(el)
    for k, child in enumerate(children):
        parent.insert(idx + k, child)
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + tail
    else:
        before = parent[idx - 1] if idx > 0 else None
        if before is not None:
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


#: documented artefacts removed before the fidelity comparison
from toolkit.importers.fidelity import regex_rule as _regex_rule  # noqa: E402

RULES = [
    _regex_rule("footnote-mark", "the asterisk printed before a footnote's text is the note's @n",
                r"^\*+$"),
]
