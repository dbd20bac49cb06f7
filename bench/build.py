"""Benchmark of ``teikit build`` (one run of each measurement; times and ratios printed).

    python bench/build.py [--stylesheets PATH] [--corpus 200] [--formats html,text] [--no-pdf]

1. The bundled edition (the documents of edition.toml that exist), copied to a
   temporary folder: a cold build of every format with PDF excluded (print writes .tex
   and .typ only), then with PDF (Typst) included; validation included.
2. A no-op rebuild, as a fraction of the cold build (target: under 10 %).
3. A rebuild after one document is edited (the units re-rendered are counted).
4. A synthetic corpus of N documents (default 200): cold builds with 1 and with 2
   worker processes, and the speed-up (target: at least 1.7x on 2 processes).
5. With ``--stylesheets`` (a checkout of TEIC/Stylesheets): this toolkit's HTML and
   text conversions against the TEI Stylesheets' ``profiles/default/html5/to.xsl`` and
   ``profiles/default/txt/to.xsl`` on the same file, all through saxonche in this
   process (compile time reported apart; transform times compared).
6. Peak memory (maximum resident set size) of this process and of its worker processes.

Nothing here is a test: on a busy machine the numbers move; rerun to compare.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import build as lib  # noqa: E402
from toolkit import config  # noqa: E402


def timed(fn, *a, **kw):
    t = time.perf_counter()
    r = fn(*a, **kw)
    return time.perf_counter() - t, r


def copy_edition(dest: Path) -> tuple[Path, list[str]]:
    """The edition's existing documents and authority files, with an edition.toml listing them."""
    ed = config.load(ROOT / "edition.toml")
    raw = (ROOT / "edition.toml").read_text(encoding="utf-8")
    missing = [config_rel(d.file) for d in ed.documents if not d.file.is_file()]
    missing += [config_rel(a) for a in ed.authority if not a.is_file()]
    (dest / "tei").mkdir(parents=True)
    for f in [d.file for d in ed.documents] + list(ed.authority):
        if f.is_file():
            shutil.copyfile(f, dest / "tei" / f.name)
    for sub in ("schemas",):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, dest / sub)
    # drop the [[documents]] and authority entries whose files do not exist (yet)
    for m in missing:
        raw = raw.replace(f', "{m}"', "").replace(f'"{m}", ', "")
    blocks = raw.split("[[documents]]")
    kept = [blocks[0]] + [b for b in blocks[1:] if not any(f'file = "{m}"' in b for m in missing)]
    text = "[[documents]]".join(kept)
    (dest / "edition.toml").write_text(text, encoding="utf-8")
    return dest / "edition.toml", missing


def config_rel(p: Path) -> str:
    return p.resolve().relative_to(ROOT).as_posix()


WORDS = ("the party plenum committee Bukharin Stalin Rykov Tomsky opposition industrialisation grain "
         "peasants collectivisation resolution debate Politburo congress delegates letter report").split()


def synthetic_doc(i: int, rng: random.Random, paragraphs: int = 12) -> str:
    ps = []
    for j in range(paragraphs):
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        ps.append(
            f'<p xml:id="s{i}-p{j}">{words} <choice><sic>teh</sic><corr resp="#s{i}-ed">the</corr></choice> '
            f'<persName ref="persons.xml#stalin">Stalin</persName> revolu<lb break="no" rend="hyphen"/>tionary '
            f'<app><lem wit="#A">said</lem><rdg wit="#B">wrote</rdg></app> <supplied reason="lost">word</supplied>'
            f'<ref type="noteref" xml:id="s{i}-n{j}-call" target="#s{i}-n{j}">{j + 1}</ref>.'
            f'<note xml:id="s{i}-n{j}" n="{j + 1}" place="foot" target="#s{i}-n{j}-call">Note {j + 1}: '
            f'{" ".join(rng.choice(WORDS) for _ in range(15))}.</note></p>'
            + (f'<pb n="{j + 2}"/>' if j % 4 == 3 else ""))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="s{i}" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>Synthetic document {i}</title>
<respStmt xml:id="s{i}-ed"><resp>edited by</resp><name>bench</name></respStmt></titleStmt>
<publicationStmt><p>bench</p></publicationStmt>
<sourceDesc><listWit><witness xml:id="A">A</witness><witness xml:id="B">B</witness></listWit></sourceDesc>
</fileDesc></teiHeader>
<text><body><div type="chapter" xml:id="s{i}-ch1"><head>Chapter {i}</head>
{chr(10).join(ps)}
</div></body></text></TEI>
"""


PEAKS: list[float] = []


def children_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def self_maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_edition(work: Path, formats: list[str], with_pdf: bool, with_validation: bool = True) -> None:
    toml, missing = copy_edition(work / "edition")
    ed = config.load(toml)
    print(f"edition: {len(ed.documents)} documents "
          f"({sum(d.file.stat().st_size for d in ed.documents) / 1e6:.2f} MB)"
          + (f"; not yet present: {', '.join(missing)}" if missing else ""))
    out = work / "edition" / "_build"
    nopdf = {"print": {"pdf-engine": "none"}}
    from toolkit.errors import InputError

    validate = False
    if with_validation:
        t_val, vd = timed(lib.run_validation, lib.load_project(toml), "full")
        errors = [d for d in vd if d.severity == "error"]
        validate = not errors
        print(f"  validation alone: {t_val:.2f} s ({len(errors)} errors)"
              + ("" if validate else " -> the builds below run with --no-validate"))
    try:
        t_cold, rep = timed(lib.build, toml, formats=formats, output=out, options=nopdf, validate=validate)
    except InputError as exc:
        print(f"  build failed: {exc}")
        return
    PEAKS.append(rep.peak_rss_mb)
    print(f"  cold build, {', '.join(formats)} (PDF excluded){', validation included' if validate else ''}: "
          f"{t_cold:.2f} s ({len(rep.rendered)} units)")
    t_noop, rep2 = timed(lib.build, toml, formats=formats, output=out, options=nopdf, validate=validate)
    print(f"  no-op rebuild: {t_noop:.3f} s = {100 * t_noop / t_cold:.1f} % of the cold build "
          f"({len(rep2.rendered)} units rendered)")
    doc = ed.documents[0].file
    doc.write_text(doc.read_text(encoding="utf-8").replace("</p>", " (edited)</p>", 1), encoding="utf-8")
    t_one, rep3 = timed(lib.build, toml, formats=formats, output=out, options=nopdf, validate=validate)
    print(f"  after editing {doc.name}: {t_one:.2f} s = {100 * t_one / t_cold:.1f} % of cold "
          f"({len(rep3.rendered)} units re-rendered: {', '.join(sorted(rep3.rendered))})")
    if with_pdf and "print" in formats:
        out2 = work / "edition" / "_build_pdf"
        t_pdf, rep4 = timed(lib.build, toml, formats=formats, output=out2, validate=validate)
        PEAKS.append(rep4.peak_rss_mb)
        print(f"  cold build, {', '.join(formats)} (PDF included, Typst): {t_pdf:.2f} s ({len(rep4.rendered)} units)")
        t_noop2, _ = timed(lib.build, toml, formats=formats, output=out2, validate=validate)
        print(f"  no-op rebuild with PDF: {t_noop2:.3f} s = {100 * t_noop2 / t_pdf:.1f} % of that cold build")


def bench_corpus(work: Path, n: int, formats: list[str]) -> None:
    folder = work / "corpus"
    folder.mkdir()
    rng = random.Random(1917)
    for i in range(n):
        (folder / f"s{i:03d}.xml").write_text(synthetic_doc(i, rng), encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.glob("*.xml")) / 1e6
    print(f"synthetic corpus: {n} documents, {size:.2f} MB, formats {', '.join(formats)}")
    times = {}
    import subprocess

    for jobs in (1, 2):
        # a fresh process per run, so neither run inherits compiled stylesheets
        code = ("import sys, time; from pathlib import Path; from toolkit import build as b; t = time.perf_counter(); "
                f"r = b.build([Path({str(folder)!r})], formats={formats!r}, output=Path({str(work / f'corpus-out-{jobs}')!r}), "
                f"jobs={jobs}, validate='wellformed', force=True); "
                "print(time.perf_counter() - t, len(r.rendered), r.peak_rss_mb)")
        res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        if res.returncode != 0:
            print(f"  --jobs {jobs}: failed\n{res.stderr[-2000:]}")
            return
        t, units, rss = res.stdout.split()
        times[jobs] = float(t)
        PEAKS.append(float(rss))
        print(f"  --jobs {jobs}: {float(t):.2f} s ({units} units, peak memory per process {float(rss):.0f} MB)")
    print(f"  speed-up on 2 processes: {times[1] / times[2]:.2f}x")
    same = all((work / "corpus-out-1" / p.relative_to(work / "corpus-out-2")).read_bytes() == p.read_bytes()
               for p in (work / "corpus-out-2").rglob("*") if p.is_file())
    print(f"  outputs of --jobs 1 and --jobs 2 identical: {same}")


def _spin(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t


def bench_control() -> None:
    """How much parallelism this machine gives right now: pure-Python CPU work, the same
    total amount in one process and split across two. On a machine whose cores are busy
    with other sessions (Linux schedules per session: autogroup), this is ~1.0x, and no
    pool can do better."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = 6_000_000
    t1, _ = timed(_spin, 2 * n)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as ex:
        list(ex.map(_spin, [10, 10]))
        t2, _ = timed(lambda: list(ex.map(_spin, [n, n])))
    print(f"control: the same pure-Python CPU work in 1 process {t1:.2f} s, split over 2 processes {t2:.2f} s "
          f"-> parallelism available to this session now: {t1 / t2:.2f}x")


def bench_teic(stylesheets: Path, sample: Path, work: Path) -> None:
    from toolkit import saxon
    from toolkit.formats import get

    print(f"TEI Stylesheets vs teikit on {sample.name} ({sample.stat().st_size / 1e6:.2f} MB), saxonche, in-process")
    rows = []
    for name, profile in (("html", "html5"), ("text", "txt")):
        sheet = stylesheets / "profiles" / "default" / profile / "to.xsl"
        if not sheet.is_file():
            print(f"  {sheet}: not found; skipped")
            continue
        tc, _ = timed(saxon.compile_stylesheet, sheet)
        tt, (res, _, _) = timed(saxon.transform, sheet, source=sample)
        fmt = get(name)
        opts = {"view": "reading"} if name == "text" else {}
        out = work / f"teic-{name}"
        out.mkdir()
        t_first, _ = timed(fmt.render_document, sample, out, opts)  # includes compiling our stylesheets
        t_warm, _ = timed(fmt.render_document, sample, out, opts)
        rows.append((name, profile, tc, tt, t_first, t_warm))
        print(f"  {profile:5}: TEI Stylesheets compile {tc:.2f} s + transform {tt:.2f} s | teikit {name}: "
              f"first {t_first:.2f} s (with compile), again {t_warm:.2f} s | ratio TEI/teikit "
              f"{tt / t_warm:.2f}x (transform), {(tc + tt) / t_first:.2f}x (one-shot)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stylesheets", type=Path, help="a checkout of TEIC/Stylesheets (for the comparison)")
    ap.add_argument("--corpus", type=int, default=200, help="documents in the synthetic corpus (0: skip)")
    ap.add_argument("--formats", default="html,print,text", help="formats of the edition build")
    ap.add_argument("--corpus-formats", default="html,text", help="formats of the synthetic corpus build")
    ap.add_argument("--no-pdf", action="store_true", help="skip the build with PDF")
    ap.add_argument("--no-validation", action="store_true", help="build the edition without validating it")
    ap.add_argument("--no-edition", action="store_true", help="skip the edition measurements")
    ap.add_argument("--sample", type=Path, default=ROOT / "tei" / "004-volkogonov-triumph.xml",
                    help="the file for the TEI Stylesheets comparison")
    a = ap.parse_args(argv)
    from toolkit import formats as registry

    fmts = [f for f in a.formats.split(",") if f in registry.REGISTRY]
    cfmts = [f for f in a.corpus_formats.split(",") if f in registry.REGISTRY]
    print(f"teikit build benchmark: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    work = Path(tempfile.mkdtemp(prefix="teikit-bench-"))
    try:
        if not a.no_edition:
            bench_edition(work, fmts, not a.no_pdf, not a.no_validation)
        if a.corpus:
            bench_control()
            bench_corpus(work, a.corpus, cfmts)
            bench_control()
        if a.stylesheets:
            bench_teic(a.stylesheets, a.sample, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"peak memory: this process {self_maxrss_mb():.0f} MB; largest rendering process "
          f"{max(PEAKS or [0]):.0f} MB; largest child process {children_maxrss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
