"""The HTML reading edition: a static site that works from ``file://`` and any static host.

``FORMAT`` implements the format contract of :mod:`toolkit.formats`:

* :meth:`HtmlFormat.render_document` runs ``xslt/html/html.xsl`` on one TEI document and
  writes ``<doc-id>.html`` (one page per chapter, ``<div-id>.html``, for the books),
  ``search/<doc-id>.js`` (its records for the offline search) and ``tei/<file>`` (the
  TEI source, for download).
* :meth:`HtmlFormat.render_edition` runs ``xslt/html/edition.xsl`` over all documents and
  writes ``index.html``, ``persons.html``, ``parallels.html`` and ``search.html``, and
  copies ``assets/`` (CSS and JavaScript; no CDN, no inline script or style).

Options (all optional): ``title``, ``subtitle``, ``editors`` (list or string),
``licence``, ``date``, ``base_url`` (absolute URL of the published site, for cite lines),
``documents`` (document ids in edition order, for previous/next), ``persons`` and
``parallels`` (paths of the authority files), ``split_chapters`` (bool, default true),
``search`` (bool, default true: write the document's search records),
or ``edition`` (a :class:`toolkit.config.Edition`, from which the others default).

Run it directly while ``teikit build`` is not at hand::

    python -m toolkit.formats.html tei/*.xml -o _build/html
"""

from __future__ import annotations


import argparse
import copy
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from lxml import etree

from toolkit import resources, saxon, xmlsafe
from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, TeikitError, ToolError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Every parameter of xslt/html/params.xsl and its Python type (a test keeps them in sync).
PARAMS: dict[str, type] = {
    "edition-title": str,
    "edition-subtitle": str,
    "edition-editors": str,
    "edition-licence": str,
    "edition-date": str,
    "base-url": str,
    "documents": str,
    "split-chapters": bool,
    "tei-href": str,
    "search": bool,
    "parallels-uri": str,
    "document-uris": str,
    "persons-uri": str,
    "tei-hrefs": str,
}

AUTHORITY_NAMES = {"persons.xml": "persons", "parallels.xml": "parallels"}


def _xslt(name: str) -> Path:
    return resources.xslt(f"html/{name}")


def assets_dir() -> Path:
    return resources.xslt("html/assets")


class HtmlFormat:
    name = "html"
    #: the home page and indexes are made from the TEI documents, not from their pages
    edition_reads_documents = False

    def warm_up(self) -> None:
        """Compile the page stylesheet now (a worker does it while the build prepares)."""
        saxon.compile_stylesheet(_xslt("html.xsl"))

    # ------------------------------------------------------------------ contract
    def stylesheets(self) -> list[Path]:
        files = sorted(resources.xslt_dir().joinpath("common").glob("*.xsl"))
        files += sorted(resources.xslt_dir().joinpath("html").glob("*.xsl"))
        files += sorted(p for p in assets_dir().rglob("*") if p.is_file())
        return files

    def render_document(self, doc: Path, outdir: Path, options: dict | None = None) -> list[Path]:
        options = _normalised(options)
        doc = Path(doc)
        if doc.name in AUTHORITY_NAMES:
            return []  # authority files are rendered by render_edition
        root = _check_tei(doc, corpus_ok=True)
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        source = doc
        corpus_tmp = None
        if root.tag == f"{{{TEI_NS}}}teiCorpus":
            # a corpus is shown as one document: its header, then each component's text
            corpus_tmp = Path(tempfile.mkdtemp(prefix=".tk-corpus-", dir=outdir))
            source = corpus_tmp / doc.name
            etree.ElementTree(_corpus_as_tei(root)).write(str(source), encoding="UTF-8", xml_declaration=True)
        page = _file_id(root.get(XML_ID) or "doc")
        params = self._common_params(options)
        params["tei-href"] = f"tei/{doc.name}"
        params["search"] = bool(options.get("search", True))
        parallels = _authority(options, "parallels")
        params["parallels-uri"] = parallels.resolve().as_uri() if parallels else ""
        tmp = Path(tempfile.mkdtemp(prefix=".tk-html-", dir=outdir))
        try:
            saxon.transform_to_file(_xslt("html.xsl"), tmp / f"{page}.html", node=_saxon_tree(source), params=params)
            if params["search"]:
                _search_script(tmp / "search" / f"{page}.tsv")
            (tmp / "tei").mkdir(exist_ok=True)
            shutil.copyfile(doc, tmp / "tei" / doc.name)
            return _move_tree(tmp, outdir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
            if corpus_tmp is not None:
                shutil.rmtree(corpus_tmp, ignore_errors=True)

    def render_edition(self, docs: list[Path], outdir: Path, options: dict | None = None) -> list[Path]:
        options = _normalised(options)
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        texts: list[Path] = []
        for d in map(Path, docs):
            kind = AUTHORITY_NAMES.get(d.name)
            if kind:
                options.setdefault(kind, d)
            else:
                _check_tei(d, corpus_ok=True)
                texts.append(d)
        params = self._common_params(options, texts)
        params["search"] = bool(options.get("search", True))
        params["document-uris"] = " ".join(d.resolve().as_uri() for d in texts)
        params["tei-hrefs"] = " ".join(f"tei/{d.name}" for d in texts)
        persons = _authority(options, "persons")
        parallels = _authority(options, "parallels")
        params["persons-uri"] = persons.resolve().as_uri() if persons else ""
        params["parallels-uri"] = parallels.resolve().as_uri() if parallels else ""
        tmp = Path(tempfile.mkdtemp(prefix=".tk-html-", dir=outdir))
        try:
            _run_initial(_xslt("edition.xsl"), tmp / "index.html", params, "{https://teikit.org/ns/html}edition")
            shutil.copytree(assets_dir(), tmp / "assets")
            for kind, path in (("persons", persons), ("parallels", parallels)):
                if path:
                    (tmp / "tei").mkdir(exist_ok=True)
                    shutil.copyfile(path, tmp / "tei" / Path(path).name)
            return _move_tree(tmp, outdir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    # ------------------------------------------------------------------ internals
    def _common_params(self, options: dict, texts: list[Path] | None = None) -> dict[str, Any]:
        ed = options.get("edition")
        editors = options.get("editors", getattr(ed, "editors", "") if ed else "")
        if isinstance(editors, (list, tuple)):
            editors = ", ".join(editors)
        docs = options.get("documents")
        if docs is None and ed is not None:
            docs = [d.id for d in getattr(ed, "documents", [])]
        if docs is None and texts is not None:
            docs = [_doc_id(t) for t in texts]
        return {
            "edition-title": str(options.get("title", getattr(ed, "title", "") if ed else "") or "TEI edition"),
            "edition-subtitle": str(options.get("subtitle", getattr(ed, "subtitle", "") if ed else "")),
            "edition-editors": str(editors or ""),
            "edition-licence": str(options.get("licence", getattr(ed, "licence", "") if ed else "")),
            "edition-date": str(options.get("date", getattr(ed, "date", "") if ed else "")),
            "base-url": str(options.get("base_url", "")),
            "documents": " ".join(docs or []),
            "split-chapters": bool(options.get("split_chapters", True)),
        }


def _normalised(options: dict | None) -> dict:
    """Option names as in edition.toml (``base-url``) or Python (``base_url``)."""
    return {str(k).replace("-", "_"): v for k, v in (options or {}).items()}


def _authority(options: dict, kind: str) -> Path | None:
    p = options.get(kind)
    if not p and options.get("edition") is not None:
        for a in getattr(options["edition"], "authority", []) or []:
            if Path(a).name == f"{kind}.xml":
                p = a
    if p and Path(p).is_file():
        return Path(p)
    return None


#: names of the site's own pages and folders (as tkh:file-id in xslt/html/pages.xsl)
RESERVED = {"index", "persons", "parallels", "search", "assets", "tei"}


def _file_id(s: str) -> str:
    f = "".join(c if (c.isascii() and (c.isalnum() or c in "._-")) else "_" for c in s)
    return f"doc-{f}" if f in RESERVED or f.startswith("persons-") else f


def _check_tei(doc: Path, corpus_ok: bool = False):
    """The root of a document read safely (xmlsafe.root_start: only the start of a file
    with no DTD, which Saxon then reads); a document that is not TEI, or not well-formed,
    is an input error (exit 1). With ``corpus_ok`` a ``teiCorpus`` is accepted too."""
    if not doc.is_file():
        raise ToolError(f"{doc}: no such file")
    # the root is all we need here, unless the document is a corpus (Saxon reads the rest)
    root, complete = xmlsafe.root_start(doc)
    if corpus_ok and root.tag == f"{{{TEI_NS}}}teiCorpus":
        return root if complete else xmlsafe.parse(doc).getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        if not complete:
            xmlsafe.parse(doc)  # a malformed file is reported as such (XML001) first
        raise InputError(f"{doc}: not a TEI document", [Diagnostic(
            str(doc), root.sourceline or 0, 0, "HTML001",
            f"the root element is {root.tag!s}, expected TEI in the namespace {TEI_NS}")])
    return root


def _saxon_tree(doc: Path):
    """Saxon's tree of a document that _check_tei accepted. Saxon reads the file itself;
    when it cannot, the safe parser says where the file is malformed (XML001, exit 1)."""
    try:
        return saxon.parse_xml(Path(doc).resolve())
    except ToolError:
        xmlsafe.parse(doc)  # raises InputError with file, line and column
        raise


def _corpus_as_tei(corpus) -> etree._Element:
    """A ``teiCorpus`` read as one TEI document: the corpus header, then the texts of
    its components (nested corpora flattened) in a ``group``, each ``text`` with the
    component's title as ``@n`` and its ``xml:id`` kept."""
    T = f"{{{TEI_NS}}}"
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    if corpus.get(XML_ID):
        tei.set(XML_ID, corpus.get(XML_ID))
    header = corpus.find(T + "teiHeader")
    if header is not None:
        tei.append(copy.deepcopy(header))
    group = etree.SubElement(etree.SubElement(tei, T + "text"), T + "group")
    for comp in corpus.iter(T + "TEI"):
        text = comp.find(T + "text")
        if text is None:
            continue
        text = copy.deepcopy(text)
        title = comp.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")
        if title is not None and not text.get("n"):
            text.set("n", " ".join("".join(title.itertext()).split()))
        if comp.get(XML_ID) and not text.get(XML_ID):
            text.set(XML_ID, comp.get(XML_ID))
        group.append(text)
    return tei


def _doc_id(doc: Path) -> str:
    return _check_tei(doc, corpus_ok=True).get(XML_ID) or "doc"


def _run_initial(stylesheet: Path, output: Path, params: dict, template: str) -> None:
    """Run a named initial template, writing its principal result and result documents."""
    exe = saxon.compile_stylesheet(stylesheet).clone()
    exe.set_save_xsl_message(True, None)
    for k, v in params.items():
        exe.set_parameter(k, saxon.value(v))
    output.parent.mkdir(parents=True, exist_ok=True)
    exe.set_base_output_uri(output.resolve().as_uri())
    with saxon.captured_stderr() as err:
        failure = None
        try:
            exe.call_template_returning_file(template, output_file=str(output))
        except Exception as exc:  # PySaxonApiError
            failure = str(exc)
    if failure is not None:
        raise saxon.failed(stylesheet, failure, "".join(err))


def _search_script(tsv: Path) -> Path:
    """search/<doc>.tsv (written by search.xsl) -> search/<doc>.js for assets/search.js."""
    lines = tsv.read_text(encoding="utf-8").split("\n")
    _, doc_id, title = lines[0].split("\t", 2)
    records = [line.split("\t", 2) for line in lines[1:] if line]
    payload = json.dumps({"doc": doc_id, "title": title, "records": records}, ensure_ascii=False,
                         separators=(",", ":"))
    # "</" never appears literally, so the script is safe even if inlined somewhere
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    js = tsv.with_suffix(".js")
    js.write_text(f"(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push({payload});\n", encoding="utf-8")
    tsv.unlink()
    return js


def _move_tree(src: Path, dest: Path) -> list[Path]:
    """Move every file from ``src`` into ``dest`` (atomic per file); return them sorted."""
    written = []
    for f in sorted(p for p in src.rglob("*") if p.is_file()):
        target = dest / f.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, target)
        written.append(target)
    return written


FORMAT = HtmlFormat()


def build_site(files: list[Path], outdir: Path, options: dict | None = None) -> list[Path]:
    """Render every document, then the edition pages: the whole site."""
    written: list[Path] = []
    options = dict(options or {})
    texts = [Path(f) for f in files if Path(f).name not in AUTHORITY_NAMES]
    for f in files:
        kind = AUTHORITY_NAMES.get(Path(f).name)
        if kind:
            options.setdefault(kind, Path(f))
    options.setdefault("documents", [_doc_id(t) for t in texts])
    for t in texts:
        written += FORMAT.render_document(t, outdir, options)
    written += FORMAT.render_edition([Path(f) for f in files], outdir, options)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m toolkit.formats.html",
                                 description="Render TEI documents into a static HTML edition.")
    ap.add_argument("files", nargs="+", type=Path, help="TEI documents (persons.xml and parallels.xml are "
                    "used as the personography and the apparatus of parallel passages)")
    ap.add_argument("-o", "--output", type=Path, required=True, help="output folder")
    ap.add_argument("--title", default="TEI edition")
    ap.add_argument("--subtitle", default="")
    ap.add_argument("--base-url", default="", help="absolute URL the site is published at (for cite lines)")
    ap.add_argument("--no-split", action="store_true", help="one page per document, even for books")
    args = ap.parse_args(argv)
    try:
        files = build_site(args.files, args.output, {"title": args.title, "subtitle": args.subtitle,
                                                      "base_url": args.base_url,
                                                      "split_chapters": not args.no_split})
    except TeikitError as exc:
        for d in getattr(exc, "diagnostics", []) or []:
            print(d.as_text(), file=sys.stderr)
        print(f"teikit: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{len(files)} files written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
