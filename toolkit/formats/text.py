"""The plaintext edition.

``xslt/text/text.xsl`` renders a document through the shared editorial layer into a
small layout vocabulary; this module applies Unicode NFC, wraps paragraphs at the
requested width (at spaces only: words are never broken and no hyphen is ever
added) and writes the files.

Options (``[outputs.text]`` in edition.toml, or ``teikit build`` flags):

``view``          'reading', 'diplomatic' or 'both' (default): ``<name>.txt`` is the
                  reading text, ``<name>.diplomatic.txt`` the diplomatic text
``witness``       a witness id (``W004``): each ``app`` shows that witness's reading
``notes``         'endnotes' (default: ``[1]`` calls, a list per chapter) or 'none'
``page-markers``  ``[p. 60]`` where the source's pages begin (default false)
``width``         wrap width in characters (default 72)

Run it without a build: ``python -m toolkit.formats.text FILE... -o DIR [--width N]``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from toolkit import resources, saxon
from toolkit.errors import ToolError

_NS = "https://teikit.org/ns/private"
_TEI = "http://www.tei-c.org/ns/1.0"
_TO_SPACE = str.maketrans("\t\r\n", "   ")  # XML whitespace; NBSP and the like are kept
_SPACES = re.compile(" {2,}")
VIEWS = ("reading", "diplomatic")
DEFAULTS = {"view": "both", "witness": "", "notes": "endnotes", "page-markers": False, "width": 72}


def _opt(options: dict, key: str):
    v = options.get(key)
    return DEFAULTS[key] if v is None else v


def check_options(options: dict) -> dict:
    """The options this format reads, checked and with defaults; ToolError on a bad value."""
    o = {k: _opt(options, k) for k in DEFAULTS}
    if o["view"] not in ("reading", "diplomatic", "both"):
        raise ToolError(f"text: view must be reading, diplomatic or both, not {o['view']!r}")
    if o["notes"] not in ("endnotes", "none"):
        raise ToolError(f"text: notes must be endnotes or none, not {o['notes']!r}")
    if not isinstance(o["page-markers"], bool):
        raise ToolError(f"text: page-markers must be true or false, not {o['page-markers']!r}")
    if isinstance(o["width"], bool) or not isinstance(o["width"], int) or o["width"] < 20:
        raise ToolError(f"text: width must be a whole number of at least 20, not {o['width']!r}")
    if not isinstance(o["witness"], str):
        raise ToolError(f"text: witness must be a witness id such as W004, not {o['witness']!r}")
    o["witness"] = o["witness"].lstrip("#")
    return o


# --------------------------------------------------------------------------- layout


def _segments(block) -> list[str]:
    """The block's text split at hard breaks (tkp:br), whitespace collapsed, NFC."""
    parts = [block.text or ""]
    for child in block:
        if child.tag == f"{{{_NS}}}br":
            parts.append("")
        parts[-1] += child.tail or ""
    out = []
    for s in parts:
        s = _SPACES.sub(" ", s.translate(_TO_SPACE)).strip(" ")
        if not unicodedata.is_normalized("NFC", s):
            s = unicodedata.normalize("NFC", s)
        if s:
            out.append(s)
    return out


_WRAP: dict[int, re.Pattern] = {}


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy wrapping at spaces (``text`` has single spaces only): each line takes as
    many words as fit; a word longer than the line stands alone, unbroken; no hyphen is
    ever added. (A regular expression does the scanning: much faster than a loop.)"""
    lines: list[str] = []
    pos, n, prefix = 0, len(text), first
    while pos < n:
        avail = max(1, width - len(prefix))
        pat = _WRAP.get(avail)
        if pat is None:
            pat = _WRAP[avail] = re.compile(r"(.{1,%d})(?: |$)|(\S+)(?: |$)" % avail)
        m = pat.match(text, pos)
        lines.append(prefix + (m.group(1) or m.group(2)))
        pos = m.end()
        prefix = rest
    return lines or [first.rstrip()]


def layout(xml: str, width: int) -> str:
    """Lay the stylesheet's blocks out as plain text."""
    from toolkit import xmlsafe

    root = xmlsafe.parse_bytes(xml.encode("utf-8"), "text layout").getroot()
    chunks: list[tuple[str, list[str]]] = []  # (group, lines)
    for b in root.iter(f"{{{_NS}}}block"):
        segs = _segments(b)
        if not segs:
            continue
        kind = b.get("kind", "p")
        ind = " " * int(b.get("indent", "0") or 0)
        lines: list[str] = []
        if kind in ("title", "head"):
            text = " ".join(segs)
            lines = _wrap(text, width, ind, ind)
            level = int(b.get("level", "1") or 1)
            rule = "=" if kind == "title" else ("-" if level <= 1 else "")
            if rule:
                lines.append(ind + rule * min(width - len(ind), max(len(x) - len(ind) for x in lines)))
        elif kind in ("item", "note"):
            label = b.get("label", "-")
            hang = ind + " " * (len(label) + 1)
            lines = _wrap(segs[0], width, f"{ind}{label} ", hang)
            for s in segs[1:]:
                lines += _wrap(s, width, hang, hang)
        elif kind == "line":
            for s in segs:
                lines += _wrap(s, width, ind, ind + "    ")
        else:  # p
            for s in segs:
                lines += _wrap(s, width, ind, ind)
        chunks.append((b.get("group", ""), lines))
    out: list[str] = []
    prev_group = None
    for group, lines in chunks:
        if out:
            if not (group and group == prev_group):
                out.append("")
        out += [ln.rstrip() for ln in lines]
        prev_group = group
    return "\n".join(out) + "\n" if out else ""


# --------------------------------------------------------------------------- the format


def _stylesheet() -> Path:
    return resources.xslt("text/text.xsl")


def _source_text(doc: Path) -> str:
    """The document as parsed safely by lxml (no DTD, no external entities, no network),
    re-serialised for Saxon, so Saxon's own parser never reads the file."""
    from lxml import etree

    from toolkit import xmlsafe

    xmlsafe.check_size(doc)
    tree = xmlsafe.parse_bytes(doc.read_bytes(), doc.name, base_url=xmlsafe.base_url(doc))
    return etree.tostring(tree.getroot(), encoding="unicode")


def source_node(doc: Path):
    """The document as a Saxon node. Without a DOCTYPE (so no entity declarations and
    no DTD to fetch) Saxon reads the file itself, which is faster; with one, it gets
    lxml's safe parse re-serialised."""
    from toolkit import xmlsafe

    xmlsafe.check_size(doc)
    with open(doc, "rb") as f:
        head = f.read(65536)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        return saxon.parse_xml(text=_source_text(doc))
    return saxon.parse_xml(Path(doc).resolve())


def witnesses(tree) -> set[str]:
    """Witness ids a document knows (listWit, and @wit tokens of its readings)."""
    ids = set()
    for w in tree.iter(f"{{{_TEI}}}witness"):
        for a in ("{http://www.w3.org/XML/1998/namespace}id", "n"):
            if w.get(a):
                ids.add(w.get(a))
    for el in tree.iter(f"{{{_TEI}}}lem", f"{{{_TEI}}}rdg"):
        for t in (el.get("wit") or "").split():
            ids.add(t.split("#")[-1])
    return ids


def render_text(doc: Path, view: str, options: dict, node=None) -> str:
    """One view of one document as wrapped plain text."""
    o = check_options(options)
    params = {"view": view, "witness": o["witness"], "notes": o["notes"], "page-markers": o["page-markers"]}
    result, _docs, _messages = saxon.transform(_stylesheet(), node=node if node is not None else source_node(doc),
                                               params=params)
    return layout(result, o["width"])


#: Phrase-level elements whose plain text *is* their rendering in a plaintext edition
#: (highlighting, names, dates, linguistic segmentation), and the parts of lists the
#: stylesheets drop on purpose: none of them deserves a "rendered generically" warning.
TRANSPARENT = frozenset("""
    hi emph foreign term gloss mentioned soCalled title distinct seg s w c pc phr cl m
    persName placeName orgName geogName roleName forename surname addName genName nameLink
    name rs date time num measure measureGrp unit idno email country region settlement
    bloc district street geo abbr expan ex am orig reg sic corr said q quote cit mentioned
    witness person place org span spanGrp anchor interp interpGrp link linkGrp join
    caesura handShift certainty precision respons index term author editor
""".split())


class TextFormat:
    name = "text"
    #: edition.txt joins the documents' texts as rendered
    edition_reads_documents = True

    def warm_up(self) -> None:
        """Compile the stylesheet now (a worker does it while the build prepares)."""
        saxon.compile_stylesheet(_stylesheet())

    def handled_elements(self) -> frozenset[str]:
        from toolkit.build import elements_in_stylesheets

        return elements_in_stylesheets(self.stylesheets()) | TRANSPARENT

    def stylesheets(self) -> list[Path]:
        xs = resources.xslt_dir()
        return sorted((xs / "text").glob("*.xsl")) + sorted((xs / "common").glob("*.xsl"))

    def outputs_for(self, doc: Path, options: dict) -> list[str]:
        o = check_options(options)
        views = VIEWS if o["view"] == "both" else (o["view"],)
        return [doc.stem + (".txt" if v == "reading" else ".diplomatic.txt") for v in views]

    def render_document(self, doc: Path, outdir: Path, options: dict) -> list[Path]:
        o = check_options(options)
        if o["witness"]:
            from toolkit import xmlsafe

            tree = xmlsafe.parse_bytes(doc.read_bytes(), doc.name)
            known = witnesses(tree)
            has_app = next(tree.iter(f"{{{_TEI}}}app"), None) is not None
            if has_app and o["witness"] not in known:
                raise ToolError(f"{doc.name}: witness {o['witness']!r} is not among its witnesses "
                                f"({', '.join(sorted(known)) or 'none declared'})")
        node = source_node(doc)
        written = []
        for name, view in zip(self.outputs_for(doc, options),
                              VIEWS if o["view"] == "both" else (o["view"],)):
            path = Path(outdir) / name
            path.write_text(render_text(doc, view, options, node), encoding="utf-8", newline="\n")
            written.append(path)
        return written

    def render_edition(self, docs: list[Path], outdir: Path, options: dict) -> list[Path]:
        """For an edition: ``edition.txt``, every document's reading text in edition order."""
        if not options.get("title"):
            return []  # loose files, not an edition
        ed = options
        o = check_options(options)
        view = "reading" if o["view"] in ("reading", "both") else "diplomatic"
        parts = []
        head = [ed.get("title", "")]
        if ed.get("subtitle"):
            head.append(ed["subtitle"])
        if ed.get("editors"):
            head.append("Edited by " + ", ".join(ed["editors"]))
        width = o["width"]
        rule = "=" * min(width, max(len(h) for h in head))
        parts.append("\n".join([rule, *head, rule]) + "\n")
        for d in docs:
            name = d.stem + (".txt" if view == "reading" else ".diplomatic.txt")
            f = Path(outdir) / name
            parts.append(f.read_text(encoding="utf-8") if f.is_file() else render_text(d, view, options))
        out = Path(outdir) / "edition.txt"
        out.write_text("\n\n".join(parts), encoding="utf-8", newline="\n")
        written = [out]
        parallels = options.get("parallels")
        if parallels and Path(parallels).is_file():
            # the apparatus of parallel passages: each passage as every witness reads it
            result, _docs, _messages = saxon.transform(resources.xslt("text/parallels.xsl"),
                                                       node=source_node(Path(parallels)))
            par = Path(outdir) / "parallels.txt"
            par.write_text(layout(result, width), encoding="utf-8", newline="\n")
            written.append(par)
        return written


FORMAT = TextFormat()


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m toolkit.formats.text", description="Render TEI as plain text.")
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, default=Path("."))
    ap.add_argument("--view", default="both")
    ap.add_argument("--witness", default="")
    ap.add_argument("--notes", default="endnotes")
    ap.add_argument("--page-markers", action="store_true")
    ap.add_argument("--width", type=int, default=72)
    a = ap.parse_args(argv)
    opts = {"view": a.view, "witness": a.witness, "notes": a.notes, "page-markers": a.page_markers, "width": a.width}
    a.output.mkdir(parents=True, exist_ok=True)
    for f in a.files:
        for p in FORMAT.render_document(f, a.output, opts):
            print(p)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
