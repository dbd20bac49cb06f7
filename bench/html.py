"""Benchmark: teikit's HTML conversion vs the TEI Stylesheets' html5 profile.

Both run through saxonche on the same TEI file, in this process, once each:

    python bench/html.py [--stylesheets PATH-to-a-TEIC/Stylesheets-checkout] [--repeat N] [FILE ...]

Without FILE, the edition's documents (tei/*.xml) are used when present, else a few
real TEI files from the shared samples (notes and apparatus). Prints, per file, the
compile and transform times of both (CPU seconds of this process, which stay
meaningful on a busy machine) and the ratio. Without --stylesheets only our
times are printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import saxon  # noqa: E402
from toolkit.errors import TeikitError  # noqa: E402
from toolkit.formats import html  # noqa: E402

SAMPLES = ["notes_stylesheets-testnotes1.xml", "app_confessiones-pseudo-edition_teicat-via-evt.xml",
           "app_yasna-avestan_stylesheets-testapp2.xml", "big_notes_frus-history.xml"]


def default_inputs() -> list[Path]:
    tei = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name not in html.AUTHORITY_NAMES)
    if tei:
        return tei
    shared = ROOT.parent / "shared" / "realtei"
    return [shared / n for n in SAMPLES if (shared / n).is_file()]


REPEAT = 1


def timed_once(fn):
    t = time.process_time()
    fn()
    return time.process_time() - t


def timed(fn):
    """CPU seconds of this process (the machine may be shared: wall time is noisy);
    the fastest of REPEAT runs."""
    best = None
    for _ in range(REPEAT):
        t = time.process_time()
        fn()
        d = time.process_time() - t
        best = d if best is None else min(best, d)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--stylesheets", type=Path, help="a checkout of TEIC/Stylesheets")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each conversion N times and keep the fastest (default 1; use 3+ on a busy machine)")
    args = ap.parse_args(argv)
    global REPEAT
    REPEAT = max(1, args.repeat)
    files = args.files or default_inputs()
    if not files:
        print("no input files", file=sys.stderr)
        return 2

    ours = html.FORMAT
    t_ours_compile = timed_once(lambda: saxon.compile_stylesheet(html._xslt("html.xsl")))
    theirs = None
    t_theirs_compile = 0.0
    if args.stylesheets:
        theirs = args.stylesheets / "profiles" / "default" / "html5" / "to.xsl"
        if not theirs.is_file():
            print(f"not a TEI Stylesheets checkout: {theirs} is missing", file=sys.stderr)
            return 2
        t_theirs_compile = timed_once(lambda: saxon.compile_stylesheet(theirs))
    print(f"compile: teikit html.xsl {t_ours_compile:.2f} s"
          + (f"; TEI Stylesheets html5/to.xsl {t_theirs_compile:.2f} s" if theirs else ""))
    print("teikit pages: the document's pages only (like for like); +search: also its search records")
    print(f"{'file':44} {'KB':>6} {'pages cpu':>10} {'+search':>8} {'TEI-XSL cpu':>11} {'ratio':>7} {'ratio+s':>7}")
    tot_ours = tot_full = tot_theirs = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i, f in enumerate(files):
            t_ours = timed(lambda: ours.render_document(f, tmp / f"ours{i}", {"search": False}))
            t_full = timed(lambda: ours.render_document(f, tmp / f"full{i}", {}))
            tot_ours += t_ours
            tot_full += t_full
            line = f"{f.name[:44]:44} {f.stat().st_size / 1024:6.0f} {t_ours:10.2f} {t_full:8.2f}"
            if theirs:
                try:
                    t_theirs = timed(lambda: saxon.transform_to_file(theirs, tmp / f"theirs{i}" / "out.html", source=f))
                except TeikitError as exc:
                    first = str(exc).strip().splitlines()[0][:60]
                    line += f" {'failed':>11}  ({first})"
                    tot_ours -= t_ours
                    tot_full -= t_full
                else:
                    tot_theirs += t_theirs
                    line += f" {t_theirs:11.2f} {t_theirs / t_ours:6.1f}x {t_theirs / t_full:6.1f}x"
            print(line)
    if theirs:
        if tot_ours > 0:
            print(f"{'total (files both convert)':51} {tot_ours:10.2f} {tot_full:8.2f} {tot_theirs:11.2f}"
                  f" {tot_theirs / tot_ours:6.1f}x {tot_theirs / tot_full:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
