"""Layout analysis for OCR of printed typescripts (JPRS reports and the like).

The source is a sequence of physical lines.  Blank lines separate *blocks*;
a block is a paragraph, a piece of one (the typescript's columns and pages cut
paragraphs), a heading, a running head, a page number, a stanza...  This
module turns lines into classified blocks; :mod:`toolkit.importers.ocr` turns
blocks into TEI.  Nothing here depends on the line numbers of one file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# -- line-level patterns -----------------------------------------------------------------

#: JPRS report number, e.g. ``JPRS-UPA-89-043``
REPORT_ID = re.compile(r"^JPRS-[A-Z]{2,4}-\d{2}-\d{3}$")
#: the date line of a running head, with the page number (OCR may garble its digits)
HEAD_DATE = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4}) (?P<page>[0-9][0-9A-Za-z]{0,3})$")
#: a bare page number on its own line
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
#: JPRS item marker
TEXT_MARKER = re.compile(r"^\[Text\]$")
#: JPRS source line: ``[No 12, Dec 88 pp 46-166]`` (OCR may garble the number: ``Noll``)
SOURCE_LINE = re.compile(
    r"^\[(?P<no>No\s?(?P<num>[0-9A-Za-z]{1,3})), (?P<mon>[A-Z][a-z]{2}) (?P<yy>\d{2}) pp (?P<pages>\d+-\d+)\]$")
CHAPTER = re.compile(r"^Chapter (?P<num>[IVXL]+)\. (?P<title>.+)$")
#: a footnote text at the foot of a chapter: ``* During the Italian campaign...``
FOOTNOTE_TEXT = re.compile(r"^(?P<mark>\*+)\s+\S")
#: end of a book or a part
END_MARK = re.compile(r"^End of (Book|Part|Volume) [A-Z][a-z]+$")
COPYRIGHT = re.compile(r"^COPYRIGHT:")
#: an enumerator opening a list item: ``1)``, ``2.``, ``a)``, ``z7)``
ENUMERATOR = re.compile(r'^"? ?(?P<n>(?:\d{1,2}|[a-z]\d?)[.)])\s+\S')
#: epigraph attribution: a short name, e.g. ``A. France.``, ``V.l. Lenin``, ``Euripides``
ATTRIBUTION = re.compile(r"^(?:[A-Z][a-z]?\.(?:\s?[A-Za-z][a-z]?\.){0,2}\s?)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\.?$")

MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}

#: a line ending in an initial ("Z.N."), which does not end a sentence
INITIAL_END = re.compile(r"\b[A-Z][a-z]?\.$")
#: punctuation that may end a paragraph
FINAL = re.compile(r"""[.!?:;"')\]…]$|\.\.\.$""")
_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "or", "to", "for", "with",
                    "without", "from", "by", "at", "as", "into"})

#: OCR confusions of digits seen in page numbers and source lines
DIGIT_OCR = str.maketrans({"l": "1", "I": "1", "i": "1", "O": "0", "o": "0", "U": "0",
                           "S": "5", "B": "8", "Z": "2"})


def repair_digits(text: str) -> str:
    """Read OCR letters standing for digits (``6U`` -> ``60``, ``ll`` -> ``11``)."""
    return text.translate(DIGIT_OCR)


def is_title_case(text: str) -> bool:
    words = text.split()
    if not words or not words[0][:1].isupper():
        return False
    for w in words:
        core = w.strip("'\"")
        if not core:
            return False
        if core[0].isupper() or core.lower() in _SMALL or not core[0].isalpha():
            continue
        return False
    return True


def looks_like_heading(text: str) -> bool:
    """A section heading: a short title-case line without final punctuation.

    A heading may end in a quotation that carries its own full stop
    (``Tukhachevskiy's "Plot."``) but never closes a quotation opened before
    it (``Yours, Lenin."`` closes a letter); it has two words at least and does
    not open with an initial (``F. Bacon`` is a signature).
    """
    if len(text) > 60 or len(text.split()) < 2 or len(text.split()) > 8:
        return False
    if not is_title_case(text) or text.count('"') % 2:
        return False
    if re.match(r"^[A-Z][a-z]?\.", text) or CHAPTER.match(text) or END_MARK.match(text):
        return False
    if re.search(r"[,;:!?\-]$", text):
        return False
    if text.endswith("."):
        return False
    return True


# -- blocks ------------------------------------------------------------------------------------

@dataclass
class Line:
    no: int            # 1-based physical line (diagnostics only)
    text: str          # without trailing and leading space, internal runs collapsed
    indented: bool     # the source line began with a space


@dataclass
class Block:
    lines: list[Line]
    blanks_before: int = 0
    kind: str = "prose"
    data: dict = field(default_factory=dict)

    @property
    def first(self) -> str:
        return self.lines[0].text

    @property
    def last(self) -> str:
        return self.lines[-1].text

    @property
    def text(self) -> str:
        return " ".join(l.text for l in self.lines)


def read_lines(source: str) -> list[Line | None]:
    """Physical lines, normalised; ``None`` for blank lines."""
    out: list[Line | None] = []
    for no, raw in enumerate(source.split("\n"), start=1):
        if not raw.strip():
            out.append(None)
            continue
        text = re.sub(r"[ \t]{2,}", " ", raw.strip())
        out.append(Line(no, text, raw[:1] in (" ", "\t")))
    return out


def split_blocks(lines: list[Line | None]) -> list[Block]:
    blocks: list[Block] = []
    current: list[Line] = []
    blanks = 0
    pending_blanks = 0
    for line in lines:
        if line is None:
            if current:
                blocks.append(Block(current, pending_blanks))
                current = []
                blanks = 0
            blanks += 1
            continue
        if not current:
            pending_blanks = blanks
        current.append(line)
    if current:
        blocks.append(Block(current, pending_blanks))
    return _split_items(_split_indented(blocks))


def _split_items(blocks: list[Block]) -> list[Block]:
    """In a block of enumerated items, a line opening with an enumerator opens a new item
    (OCR lost the blank line between ``z3) literary criticism`` and ``z4) political journals``)."""
    out: list[Block] = []
    for block in blocks:
        lines = block.lines
        if not ENUMERATOR.match(lines[0].text):
            out.append(block)
            continue
        start = 0
        for i in range(1, len(lines)):
            if ENUMERATOR.match(lines[i].text) and not lines[i - 1].text.endswith("-"):
                out.append(Block(lines[start:i], block.blanks_before if start == 0 else 0))
                start = i
        out.append(Block(lines[start:], block.blanks_before if start == 0 else 0))
    return out


def _split_indented(blocks: list[Block]) -> list[Block]:
    """An indented line after a finished sentence opens a new block.

    The typescript indents paragraphs; where OCR lost the blank line between two
    paragraphs (or between a paragraph and a heading) the indentation remains.
    """
    out: list[Block] = []
    for block in blocks:
        start = 0
        lines = block.lines
        for i in range(1, len(lines)):
            line = lines[i]
            before = lines[i - 1].text
            if (line.indented and line.text[:1].isupper() and FINAL.search(before)
                    and not before.endswith("-") and not INITIAL_END.search(before)):
                out.append(Block(lines[start:i], block.blanks_before if start == 0 else 0))
                start = i
        out.append(Block(lines[start:], block.blanks_before if start == 0 else 0))
    return out


def classify_blocks(blocks: list[Block]) -> None:
    """Set ``kind`` on every block (layout only; epigraphs are found later)."""
    for b in blocks:
        first = b.first
        if len(b.lines) == 2 and REPORT_ID.match(first) and HEAD_DATE.match(b.lines[1].text):
            b.kind = "running_head"
            b.data = HEAD_DATE.match(b.lines[1].text).groupdict()
            b.data["report"] = first
        elif len(b.lines) == 1 and PAGE_NUMBER.match(first):
            b.kind = "page_number"
        elif len(b.lines) == 1 and TEXT_MARKER.match(first):
            b.kind = "text_marker"
        elif len(b.lines) == 1 and SOURCE_LINE.match(first):
            b.kind = "source_line"
            b.data = SOURCE_LINE.match(first).groupdict()
        elif len(b.lines) == 1 and CHAPTER.match(first):
            b.kind = "chapter"
            b.data = CHAPTER.match(first).groupdict()
        elif END_MARK.match(first):
            b.kind = "end"
        elif FOOTNOTE_TEXT.match(first):
            b.kind = "footnote"
        elif len(b.lines) == 1 and len(first) <= 2 and not re.search(r"\w\w|\d", first):
            b.kind = "noise"            # a stray mark on a line of its own ("j")
        elif len(b.lines) == 1 and looks_like_heading(first):
            b.kind = "section"
        elif ENUMERATOR.match(first):
            b.kind = "item"
            b.data = {"n": ENUMERATOR.match(first).group("n")}


def is_verse(block: Block, width: float) -> bool:
    """A lineated block (verse): lines that open with a capital and do not fill the measure.

    Prose in a justified typescript fills its lines and continues them in lower
    case; verse opens each line with a capital (a short lower-case line is a
    turnover of the line before) and leaves the measure ragged.
    """
    lines = block.lines
    if len(lines) < 2 or block.kind != "prose":
        return False
    if any(l.text.endswith("-") for l in lines):
        return False
    texts = [l.text for l in lines]
    if ATTRIBUTION.match(texts[0].strip('"')):
        return False            # a signature block: "I. Stalin. / Secretary."
    if re.match(r'^"?To\b', texts[0]):
        return False            # an address: "To: Comrade Stalin, Comrade / Molotov..."
    opens = 0
    for t in texts:
        core = t.lstrip("\"'(")
        if core[:1].isupper() or (core[:1].islower() and len(t) < width * 0.5):
            opens += 1
    if opens < len(lines) * 0.75:
        return False
    if all(re.search(r"[.!?]\"?$", t) for t in texts):
        return False
    body = texts[:-1]
    return sum(len(t) for t in body) / len(body) < width * 0.8
