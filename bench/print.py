"""Benchmark of the print edition: page counts and compile times, one run.

For every document of the edition (edition.toml) and the parallel passages, it
times the XSLT (TEI to .tex and .typ), the Typst compile (the ``typst`` wheel) and
the LaTeX compile (XeLaTeX + reledmac, repeated until stable), and prints a
Markdown table. One run each: these are orders of magnitude, not statistics.

    python bench/print.py [--engines typst,latex] [--docs rogovin,volkogonov] [-o DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import config, pdf  # noqa: E402
from toolkit.errors import TeikitError  # noqa: E402
from toolkit.formats.print import FORMAT, _write  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engines", default="typst,latex")
    ap.add_argument("--docs", default="", help="document ids (default: all, and the parallel passages)")
    ap.add_argument("--notes-as", default="footnotes", choices=("footnotes", "endnotes"))
    ap.add_argument("-o", "--output", type=Path, default=None, help="keep the PDFs here")
    ap.add_argument("--png", action="store_true",
                    help="also render one page of each PDF (a third of the way in) as PNG (needs pdftoppm)")
    args = ap.parse_args(argv)
    edition = config.load(ROOT / "edition.toml")
    engines = [e for e in args.engines.split(",") if e]
    wanted = set(filter(None, args.docs.split(",")))
    docs = [(d.id, d.file, d.siglum) for d in edition.documents if not wanted or d.id in wanted]
    if not wanted:
        docs += [(a.stem, a, "") for a in edition.authority if a.stem == "parallels"]
    out = args.output or Path(tempfile.mkdtemp(prefix="teikit-bench-print-"))
    out.mkdir(parents=True, exist_ok=True)
    persons = next((a for a in edition.authority if a.stem == "persons"), None)
    print("| document | TEI size | XSLT (.tex + .typ) | " + " | ".join(f"{e} pages | {e} time" for e in engines) + " |")
    print("|---|---:|---:|" + "---:|---:|" * len(engines))
    for doc_id, path, siglum in docs:
        if not path.is_file():
            print(f"| {doc_id} | missing | | " + " | ".join(" | " for _ in engines) + " |")
            continue
        options = {"notes-as": args.notes_as, "siglum": siglum or "", "persons": str(persons) if persons else None}
        t0 = time.perf_counter()
        try:
            tex_src, typ_src = FORMAT.sources(path, options)
        except TeikitError as exc:
            print(f"| {doc_id} | error: {exc} |")
            continue
        t_xslt = time.perf_counter() - t0
        tex = _write(out / f"{path.stem}.tex", tex_src)
        typ = _write(out / f"{path.stem}.typ", typ_src)
        cells = []
        for engine in engines:
            try:
                if engine == "latex":
                    r = pdf.compile_latex(tex, out / f"{path.stem}.latex.pdf")
                    cells += [str(r.pages), f"{r.seconds:.1f} s ({r.runs} runs)"]
                else:
                    r = pdf.compile_typst(typ, out / f"{path.stem}.typst.pdf")
                    cells += [str(r.pages), f"{r.seconds:.1f} s"]
                if args.png and shutil.which("pdftoppm"):
                    page = max(1, r.pages // 3)
                    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "80", "-png",
                                    "-singlefile", str(r.pdf), str(out / f"{path.stem}.{engine}.p{page}")],
                                   check=False)
            except TeikitError as exc:
                cells += ["–", f"failed: {str(exc)[:60]}"]
        size = path.stat().st_size / 1e6
        print(f"| {doc_id} | {size:.2f} MB | {t_xslt:.1f} s | " + " | ".join(cells) + " |", flush=True)
    print(f"\nPDFs in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
