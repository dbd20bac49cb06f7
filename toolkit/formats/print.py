"""The print edition: LaTeX (reledmac) and Typst sources, compiled to PDF.

For every TEI document this format writes ``<name>.tex`` (XeLaTeX/LuaLaTeX with
reledmac: line-numbered reading text, apparatus keyed to line numbers in two series)
and ``<name>.typ`` (Typst), then compiles ``<name>.pdf`` with the chosen engine:

* ``typst`` (default): the ``typst`` wheel, nothing else needed;
* ``latex``: XeLaTeX (or LuaLaTeX, option ``latex-program``), repeated until the line
  references are stable; a clear error (exit 2) when no TeX is installed.

Options (``[outputs.print]`` in edition.toml, or the command line):

``pdf-engine``       ``typst`` | ``latex`` | ``none`` (sources only)
``notes-as``         ``footnotes`` | ``endnotes`` (end notes as footnotes at their call,
                     or as a list at the end of each chapter); ``endnotes`` is accepted
                     as an alias key
``latex-program``    ``xelatex`` | ``lualatex``
``siglum``           the document's siglum in the apparatus of emendations
``persons``          the personography (default: ``persons.xml`` beside the document)
``paper``            ``a5`` | ``a4``
``line-number-step`` print every n-th line number (reledmac), default 5
``lemma-max-words``  longer lemmata are shortened to "first … last", default 4

Run one document without the build pipeline::

    python -m toolkit.formats.print tei/003-rogovin-alternative.xml -o _build/print --pdf-engine latex
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from toolkit import pdf, resources, saxon, xmlsafe
from toolkit.fsutil import write_atomic
from toolkit.errors import TeikitError, ToolError

NOTES_AS = ("footnotes", "endnotes")
PAPERS = ("a5", "a4")
PDF_ENGINES = pdf.ENGINES + ("none",)

#: stylesheet parameters and their Python types (kept in sync with the XSLT by a test)
LATEX_PARAMS = {"notes-as": str, "line-number-step": int, "lemma-max-words": int,
                "siglum": str, "persons": str, "paper": str}
TYPST_PARAMS = {"notes-as": str, "lemma-max-words": int, "siglum": str, "persons": str, "paper": str}


@dataclass
class PrintResult:
    """What rendering one document produced."""

    tex: Path
    typ: Path
    pdf: Path | None = None
    compiled: pdf.Compiled | None = None
    files: list[Path] = field(default_factory=list)


def _choice(options: Mapping[str, Any], key: str, allowed: tuple, default: str) -> str:
    value = str(options.get(key) or default)
    if value not in allowed:
        raise ToolError(f"print option {key} = {value!r}: use one of {', '.join(allowed)}")
    return value


def _int(options: Mapping[str, Any], key: str, default: int, low: int = 0) -> int:
    value = options.get(key, default)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ToolError(f"print option {key} = {value!r}: an integer is needed")
    if value < low:
        raise ToolError(f"print option {key} = {value}: must be at least {low}")
    return value


def stylesheet_params(doc: Path, options: Mapping[str, Any]) -> dict[str, Any]:
    """The typed parameters of both stylesheets, from format options."""
    notes = options.get("notes-as", options.get("endnotes"))
    persons = options.get("persons")
    if persons:
        persons_path = Path(persons)
        if not persons_path.is_absolute():
            persons_path = doc.parent / persons_path
    else:
        persons_path = doc.parent / "persons.xml"
    return {
        "notes-as": _choice({"notes-as": notes}, "notes-as", NOTES_AS, "footnotes"),
        "line-number-step": _int(options, "line-number-step", 5, low=1),
        "lemma-max-words": _int(options, "lemma-max-words", 4, low=1),
        "siglum": str(options.get("siglum") or ""),
        "persons": persons_path.resolve().as_uri() if persons_path.is_file() else "",
        "paper": _choice(options, "paper", PAPERS, "a5"),
    }


class PrintFormat:
    name = "print"
    #: the edition unit prints the parallel passages, a document of their own
    edition_reads_documents = False

    def warm_up(self) -> None:
        """Compile the stylesheets now (a worker does it while the build prepares)."""
        saxon.compile_stylesheet(resources.xslt("latex/latex.xsl"))
        saxon.compile_stylesheet(resources.xslt("typst/typst.xsl"))

    def stylesheets(self) -> list[Path]:
        found = []
        for folder in ("common", "latex", "typst"):
            found += sorted(resources.xslt_dir().joinpath(folder).glob("*.xsl"))
        return found

    # -- sources ---------------------------------------------------------------

    def sources(self, doc: Path, options: Mapping[str, Any]) -> tuple[str, str]:
        """The LaTeX and Typst sources of one document, as strings."""
        doc = Path(doc)
        tree = xmlsafe.parse(doc)  # well-formedness and safety, with file:line:col diagnostics
        from lxml import etree

        text = etree.tostring(tree.getroot(), encoding="unicode")
        params = stylesheet_params(doc, options)
        if not params["siglum"]:
            params["siglum"] = _siglum_from_edition(doc, tree.getroot().get("{http://www.w3.org/XML/1998/namespace}id"))
        node = saxon.parse_xml(text=text)
        tex, _, _ = saxon.transform(resources.xslt("latex/latex.xsl"), node=node,
                                    params={k: params[k] for k in LATEX_PARAMS})
        typ, _, _ = saxon.transform(resources.xslt("typst/typst.xsl"), node=node,
                                    params={k: params[k] for k in TYPST_PARAMS})
        return tex, typ

    def render(self, doc: Path, outdir: Path, options: Mapping[str, Any]) -> PrintResult:
        doc, outdir = Path(doc), Path(outdir)
        engine = _choice(options, "pdf-engine", PDF_ENGINES, "typst")
        program = options.get("latex-program")
        if engine == "latex":
            pdf.require_latex(program)  # fail before any work when TeX is missing
        tex_src, typ_src = self.sources(doc, options)
        outdir.mkdir(parents=True, exist_ok=True)
        stem = doc.stem
        tex = _write(outdir / f"{stem}.tex", tex_src)
        typ = _write(outdir / f"{stem}.typ", typ_src)
        result = PrintResult(tex=tex, typ=typ, files=[tex, typ])
        if engine != "none":
            target = outdir / f"{stem}.pdf"
            if engine == "latex":
                result.compiled = pdf.compile_latex(tex, target, program=program)
            else:
                result.compiled = pdf.compile_typst(typ, target)
            result.pdf = target
            result.files.append(target)
        return result

    # -- format contract ---------------------------------------------------------

    def render_document(self, doc: Path, outdir: Path, options: dict) -> list[Path]:
        return self.render(doc, outdir, options).files

    def render_edition(self, docs: list[Path], outdir: Path, options: dict) -> list[Path]:
        """The edition's apparatus of parallel passages (``parallels.xml`` beside the
        documents, or the ``parallels`` option), printed like a document."""
        par = options.get("parallels")
        candidates = [Path(par)] if par else [Path(d).parent / "parallels.xml" for d in docs[:1]]
        for p in candidates:
            if p.is_file():
                return self.render_document(p, outdir, options)
        return []


def _siglum_from_edition(doc: Path, doc_id: str | None) -> str:
    """The siglum edition.toml gives this document (matched by its TEI/@xml:id), or ''."""
    from toolkit import config

    found = config.find(doc.resolve().parent)
    if not doc_id or found is None:
        return ""
    try:
        edition = config.load(found)
    except TeikitError:
        return ""
    return next((d.siglum or "" for d in edition.documents if d.id == doc_id), "")


def _write(path: Path, text: str) -> Path:
    """Write atomically (temp file, then rename)."""
    return write_atomic(path, text)


FORMAT = PrintFormat()


def main(argv: list[str] | None = None) -> int:
    """``python -m toolkit.formats.print FILE... -o DIR [--pdf-engine E]``"""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m toolkit.formats.print",
                                 description="Write the print edition (.tex, .typ) of TEI documents and compile PDFs.")
    ap.add_argument("files", nargs="+", type=Path, help="TEI documents")
    ap.add_argument("-o", "--output", type=Path, default=Path("_build/print"), help="output folder")
    ap.add_argument("--pdf-engine", choices=PDF_ENGINES, default="typst")
    ap.add_argument("--latex-program", choices=pdf.TEX_PROGRAMS, default=None)
    ap.add_argument("--notes-as", choices=NOTES_AS, default="footnotes")
    ap.add_argument("--paper", choices=PAPERS, default="a5")
    ap.add_argument("--siglum", default="")
    ap.add_argument("--persons", default=None, help="personography (default: persons.xml beside each file)")
    ap.add_argument("--line-number-step", type=int, default=5)
    args = ap.parse_args(argv)
    options = {"pdf-engine": args.pdf_engine, "latex-program": args.latex_program, "notes-as": args.notes_as,
               "paper": args.paper, "siglum": args.siglum, "persons": args.persons,
               "line-number-step": args.line_number_step}
    try:
        for f in args.files:
            r = FORMAT.render(f, args.output, options)
            done = f"{r.compiled.pages} pages, {r.compiled.seconds:.1f} s" if r.compiled else "sources only"
            print(f"{f}: {', '.join(p.name for p in r.files)} ({done})")
    except TeikitError as exc:
        for d in getattr(exc, "diagnostics", []) or []:
            print(d.as_text(), file=sys.stderr)
        print(f"teikit: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
