"""Benchmark: teikit's HTML conversion vs the TEI Stylesheets' html5 profile.

Both run through saxonche on the same TEI file:

    python bench/html.py [--stylesheets PATH-to-a-TEIC/Stylesheets-checkout] [--repeat N]
                         [--instructions] [FILE ...]

Without FILE, the edition's documents (tei/*.xml) are used when present, else a few
real TEI files from the shared samples (notes and apparatus). Each conversion runs in
a fresh process, as a build renders a document, N times (default 5), the tools taking
turns: the stylesheet is compiled first (reported apart), then the conversion, parsing
included, is timed in CPU seconds of that process. The medians and their ratio are
printed. Saxon's memory management makes repeated conversions in one process vary by
up to 40 %; fresh processes start each run from the same state. Without --stylesheets
only our times are printed.

On a shared virtual machine the CPU seconds of both tools move by 20 % or more from
one run to the next. --instructions (needs valgrind; minutes per file) also counts the
instructions each conversion executes, a figure that is the same on every run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import saxon  # noqa: E402
from toolkit.formats import html  # noqa: E402

SAMPLES = ["notes_stylesheets-testnotes1.xml", "app_confessiones-pseudo-edition_teicat-via-evt.xml",
           "app_yasna-avestan_stylesheets-testapp2.xml", "big_notes_frus-history.xml"]


def default_inputs() -> list[Path]:
    tei = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name not in html.AUTHORITY_NAMES)
    if tei:
        return tei
    shared = ROOT.parent / "shared" / "realtei"
    return [shared / n for n in SAMPLES if (shared / n).is_file()]


def one(which: str, f: Path, stylesheets: Path | None, search: bool, compile_only: bool = False) -> None:
    """In a fresh process (how a build renders a document): compile, then time one
    conversion, parsing included; print 'compile-cpu convert-cpu'."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        sheet = (html._xslt("html.xsl") if which == "ours"
                 else stylesheets / "profiles" / "default" / "html5" / "to.xsl")
        t = time.process_time()
        saxon.compile_stylesheet(sheet)
        c = time.process_time() - t
        t = time.process_time()
        if which == "ours" and not compile_only:
            html.FORMAT.render_document(f, out / "ours", {"search": search})
        elif not compile_only:
            saxon.transform_to_file(sheet, out / "theirs" / "out.html", source=f)
        print(f"{c:.4f} {time.process_time() - t:.4f}")


def instructions(which: str, f: Path, stylesheets: Path | None, compile_only: bool = False) -> int | str:
    """Instructions one fresh process executes (valgrind's callgrind, which counts the
    same on every run), or the first line of an error."""
    cmd = [shutil.which("valgrind") or "valgrind", "--tool=callgrind", f"--callgrind-out-file={os.devnull}",
           sys.executable, str(Path(__file__).resolve()), "--one", which, str(f)]
    if stylesheets:
        cmd += ["--stylesheets", str(stylesheets)]
    if compile_only:
        cmd.append("--compile-only")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        lines = (proc.stderr.strip() or "failed").splitlines()
        return str(lines[-1])[:60]
    return int(found.group(1))


def counted(files: list[Path], stylesheets: Path) -> None:
    """The conversions' instruction counts: each tool's whole process converting the
    file, less its process that only compiles (so parsing is counted, compiling not).
    Unlike CPU seconds on a shared virtual machine, the counts do not move between
    runs; they weigh every instruction alike (memory stalls and caches not counted)."""
    print("instructions (valgrind callgrind, one run each; conversion = whole process less a compile-only one)")
    print(f"{'file':44} {'teikit':>14} {'TEI-XSL':>14} {'ratio':>7}")
    base = {w: instructions(w, files[0], stylesheets, compile_only=True) for w in ("ours", "theirs")}
    if any(isinstance(v, str) for v in base.values()):
        print(f"valgrind failed: {base}")
        return
    tot = {"ours": 0, "theirs": 0}
    for f in files:
        n = {w: instructions(w, f, stylesheets) for w in ("ours", "theirs")}
        if any(isinstance(v, str) for v in n.values()):
            print(f"{f.name[:44]:44} failed: {n}")
            continue
        conv = {w: n[w] - base[w] for w in n}
        for w in tot:
            tot[w] += conv[w]
        print(f"{f.name[:44]:44} {conv['ours']:14,} {conv['theirs']:14,} {conv['theirs'] / conv['ours']:6.1f}x")
    if tot["ours"]:
        print(f"{'total':44} {tot['ours']:14,} {tot['theirs']:14,} {tot['theirs'] / tot['ours']:6.1f}x")


def run_one(which: str, f: Path, stylesheets: Path | None, search: bool = False):
    """Compile and conversion CPU seconds of one fresh process, or the first line of the error."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", which, str(f)]
    if stylesheets:
        cmd += ["--stylesheets", str(stylesheets)]
    if search:
        cmd.append("--with-search")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = (proc.stderr.strip() or "failed").splitlines()
        return str(lines[-1])[:60]
    return tuple(map(float, proc.stdout.split()))


def measured(f: Path, stylesheets: Path | None, repeat: int) -> dict:
    """Median (compile, conversion) CPU seconds of `repeat` fresh processes for each of
    teikit's pages, teikit with search records and (with `stylesheets`) the TEI
    Stylesheets, the three taken in turn in every round, so that a change in the machine's
    speed during the run weighs on all of them alike; or the first line of an error."""
    runs: dict = {"ours": [], "full": [], "theirs": []}
    for _ in range(repeat):
        for key, which, search in (("ours", "ours", False), ("full", "ours", True), ("theirs", "theirs", False)):
            if key == "theirs" and not stylesheets:
                continue
            if isinstance(runs[key], str):
                continue
            r = run_one(which, f, stylesheets if key == "theirs" else None, search)
            runs[key] = r if isinstance(r, str) else runs[key] + [r]
    return {k: (v if isinstance(v, str) else
                (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) if v else None)
            for k, v in runs.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--stylesheets", type=Path, help="a checkout of TEIC/Stylesheets")
    ap.add_argument("--repeat", type=int, default=5,
                    help="fresh processes per conversion; the median is reported (default 5)")
    ap.add_argument("--one", choices=["ours", "theirs"], help=argparse.SUPPRESS)
    ap.add_argument("--instructions", action="store_true",
                    help="also count the instructions of one conversion each under valgrind (slow)")
    ap.add_argument("--with-search", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--compile-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        one(args.one, args.files[0].resolve(), args.stylesheets, args.with_search, args.compile_only)
        return 0
    files = args.files or default_inputs()
    if not files:
        print("no input files", file=sys.stderr)
        return 2
    if args.stylesheets and not (args.stylesheets / "profiles" / "default" / "html5" / "to.xsl").is_file():
        print(f"not a TEI Stylesheets checkout: {args.stylesheets}/profiles/default/html5/to.xsl is missing",
              file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    print(f"CPU seconds, median of {repeat} fresh processes per conversion (parsing included, compiling not)")
    print("teikit pages: the document's pages only (like for like); +search: also its search records")
    print(f"{'file':44} {'KB':>6} {'pages cpu':>10} {'+search':>8} {'TEI-XSL cpu':>11} {'ratio':>7} {'ratio+s':>7}")
    tot_ours = tot_full = tot_theirs = 0.0
    compiles = {}
    for f in files:
        m = measured(f, args.stylesheets, repeat)
        ours, full, theirs = m["ours"], m["full"], m["theirs"]
        if isinstance(ours, str) or isinstance(full, str):
            print(f"{f.name[:44]:44} teikit failed: {ours if isinstance(ours, str) else full}")
            continue
        compiles["teikit html.xsl"] = ours[0]
        line = f"{f.name[:44]:44} {f.stat().st_size / 1024:6.0f} {ours[1]:10.2f} {full[1]:8.2f}"
        if args.stylesheets:
            if isinstance(theirs, str):
                print(line + f" {'failed':>11}  ({theirs})")
                continue
            compiles["TEI Stylesheets html5/to.xsl"] = theirs[0]
            tot_theirs += theirs[1]
            line += f" {theirs[1]:11.2f} {theirs[1] / ours[1]:6.1f}x {theirs[1] / full[1]:6.1f}x"
        tot_ours += ours[1]
        tot_full += full[1]
        print(line)
    if args.stylesheets and tot_ours > 0:
        print(f"{'total (files both convert)':51} {tot_ours:10.2f} {tot_full:8.2f} {tot_theirs:11.2f}"
              f" {tot_theirs / tot_ours:6.1f}x {tot_theirs / tot_full:6.1f}x")
    print("compile (median): " + "; ".join(f"{k} {v:.2f} s" for k, v in compiles.items()))
    if args.instructions and args.stylesheets:
        counted(files, args.stylesheets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
