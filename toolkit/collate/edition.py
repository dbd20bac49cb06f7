"""The edition's apparatus of parallel passages (``teikit collate --edition``).

The passages are listed in a TOML file (``[apparatus] spec`` in edition.toml,
``sources/parallels.toml`` in the bundled edition): the witnesses (one per
source, and one more where a source quotes the same text twice), the documents
quoted, and for each passage the span of each witness by its first and last
words. :func:`spans_for` tells the importer which spans to mark in a document
(``<seg type="parallel">``); :func:`build` reads the marked spans back, collates
every passage of kind ``variant`` and writes one TEI file of apparatus entries,
with passages of kind ``link`` (paraphrases, mentions of the same event) as
``link``s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from toolkit.collate.align import collate
from toolkit.collate.passage import passage_texts
from toolkit.collate.tei import TEI, XML_ID, _e, append_apparatus, serialize
from toolkit.collate.tokens import Normaliser, tokenize
from toolkit.errors import ToolError
from toolkit.fsutil import write_atomic

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib  # type: ignore

KINDS = ("variant", "link")


@dataclass
class Reading:
    wit: str
    doc: str
    start: str
    end: str
    span_id: str


@dataclass
class Passage:
    id: str
    title: str
    kind: str
    quotes: str | None
    readings: list[Reading]


@dataclass
class Spec:
    path: Path
    witnesses: list[dict]
    quoted: list[dict]
    passages: list[Passage]

    def witness(self, siglum: str) -> dict:
        return next(w for w in self.witnesses if w["siglum"] == siglum)


@dataclass
class Report:
    passages: int = 0
    variant_passages: int = 0
    link_passages: int = 0
    entries: int = 0
    readings: int = 0
    witnesses: int = 0
    longest: tuple[str, int, float] = ("", 0, 0.0)   # passage id, tokens, seconds
    per_passage: dict[str, int] = field(default_factory=dict)


def span_id(doc: str, passage: str, siglum: str) -> str:
    return f"{doc}-par-{passage}-{siglum.lower()}"


def load_spec(path: Path, doc_ids: set[str] | None = None) -> Spec:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file")
    except tomllib.TOMLDecodeError as exc:
        raise ToolError(f"{path}: invalid TOML: {exc}")
    witnesses = data.get("witness", [])
    sigla = [w.get("siglum") for w in witnesses]
    if len(set(sigla)) != len(sigla) or None in sigla:
        raise ToolError(f"{path}: every [[witness]] needs a unique siglum")
    quoted = data.get("quoted", [])
    qids = {q["id"] for q in quoted}
    passages = []
    seen = set()
    for n, p in enumerate(data.get("passage", []), 1):
        where = f"{path}: [[passage]] {n} ({p.get('id', '?')})"
        if "id" not in p or p["id"] in seen:
            raise ToolError(f"{where}: needs a unique id")
        seen.add(p["id"])
        kind = p.get("kind", "variant")
        if kind not in KINDS:
            raise ToolError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if p.get("quotes") and p["quotes"] not in qids:
            raise ToolError(f"{where}: quotes {p['quotes']!r}, which no [[quoted]] declares")
        readings = []
        for r in p.get("readings", []):
            for key in ("wit", "doc", "start", "end"):
                if key not in r:
                    raise ToolError(f"{where}: a reading lacks {key!r}")
            if r["wit"] not in sigla:
                raise ToolError(f"{where}: witness {r['wit']!r} is not declared")
            if doc_ids is not None and r["doc"] not in doc_ids:
                raise ToolError(f"{where}: document {r['doc']!r} is not in the edition")
            readings.append(Reading(r["wit"], r["doc"], r["start"], r["end"], span_id(r["doc"], p["id"], r["wit"])))
        if len(readings) < 2:
            raise ToolError(f"{where}: a passage needs at least two readings")
        if len({r.wit for r in readings}) != len(readings):
            raise ToolError(f"{where}: a witness reads twice in one passage")
        passages.append(Passage(p["id"], p.get("title", p["id"]), kind, p.get("quotes"), readings))
    return Spec(Path(path), witnesses, quoted, passages)


def spans_for(spec: Spec, doc_id: str) -> list[tuple[str, str, str]]:
    """(span id, start words, end words) of every span to mark in a document."""
    return [(r.span_id, r.start, r.end) for p in spec.passages for r in p.readings if r.doc == doc_id]


def build(edition, spec: Spec, *, normaliser: Normaliser | None = None, id_prefix: str = "par-",
          title: str | None = None) -> tuple[etree._ElementTree, Report]:
    """Collate every variant passage and build the apparatus document."""
    normaliser = normaliser or Normaliser()
    files = {d.id: d.file for d in edition.documents}
    # one pass per document reads all its spans
    wanted: dict[str, list[str]] = {}
    for p in spec.passages:
        for r in p.readings:
            wanted.setdefault(r.doc, []).append(r.span_id)
    texts: dict[str, str] = {}
    for doc, ids in sorted(wanted.items()):
        texts.update(passage_texts(files[doc], ids))

    rep = Report(witnesses=len(spec.witnesses))
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})
    root.set(XML_ID, id_prefix.rstrip("-") or "parallels")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    header = _e(root, "teiHeader")
    fd = _e(header, "fileDesc")
    ts = _e(fd, "titleStmt")
    _e(ts, "title", title or f"{edition.title}: parallel passages")
    ps = _e(fd, "publicationStmt")
    _e(ps, "publisher", edition.publisher or "teikit")
    av = _e(ps, "availability")
    _e(av, "p", edition.licence or "See the edition's licence.")
    sd = _e(fd, "sourceDesc")
    lw = _e(sd, "listWit")
    for w in spec.witnesses:
        we = _e(lw, "witness", None, xml_id=f"{id_prefix}{w['siglum']}", n=w["siglum"])
        we.text = w.get("label") or w["siglum"]
        if w.get("doc") in files:
            we.set("corresp", files[w["doc"]].name)
    lb = _e(sd, "listBibl")
    for q in spec.quoted:
        _e(lb, "bibl", q["bibl"], xml_id=f"{id_prefix}q-{q['id']}")
    ed = _e(header, "encodingDesc")
    _e(ed, "variantEncoding", method="parallel-segmentation", location="external")
    decl = _e(ed, "editorialDecl")
    _e(_e(decl, "normalization"), "p",
       f"Readings were compared after normalisation: {normaliser.describe()}; the lemma is the reading of "
       "the first witness listed for each passage.")
    _e(_e(decl, "segmentation"), "p",
       "Each passage is a span of each source marked as seg type='parallel' (several chained segs where it "
       "crosses paragraphs); the readings point at those spans with @source. Paraphrases and mentions of the "
       "same event are recorded as links, not as variant readings.")

    body = _e(_e(root, "text"), "body")
    for p in spec.passages:
        rep.passages += 1
        div = _e(body, "div", None, xml_id=f"{id_prefix}{p.id}", type="parallel", subtype=p.kind)
        if p.quotes:
            div.set("corresp", f"#{id_prefix}q-{p.quotes}")
        _e(div, "head", p.title)
        pointers = {r.wit: f"{files[r.doc].name}#{r.span_id}" for r in p.readings}
        if p.kind == "link":
            rep.link_passages += 1
            grp = _e(div, "linkGrp", None, type="parallel")
            _e(grp, "link", None, type="paraphrase", target=" ".join(pointers[r.wit] for r in p.readings))
            continue
        rep.variant_passages += 1
        toks = {r.wit: tokenize(texts[r.span_id], normaliser) for r in p.readings}
        t0 = time.perf_counter()
        segments = collate(toks, p.readings[0].wit)
        secs = time.perf_counter() - t0
        ntok = sum(len(t) for t in toks.values())
        if ntok > rep.longest[1]:
            rep.longest = (p.id, ntok, secs)
        para = _e(div, "p")
        apps = append_apparatus(para, segments, {w["siglum"]: f"{id_prefix}{w['siglum']}" for w in spec.witnesses},
                                base=p.readings[0].wit, id_prefix=f"{id_prefix}{p.id}-", sources=pointers,
                                app_source=f"#{id_prefix}q-{p.quotes}" if p.quotes else None)
        rep.entries += len(apps)
        rep.readings += sum(len(a.xpath("t:lem|t:rdg|t:rdgGrp/*", namespaces={"t": TEI})) for a in apps)
        rep.per_passage[p.id] = len(apps)
    etree.indent(header, space="  ", level=1)
    return root.getroottree(), rep


def write(tree: etree._ElementTree, out: Path) -> None:
    write_atomic(out, serialize(tree))
