"""Benchmark: the Schematron stage and the validator's parallelism, one run each.

    python bench/schematron.py

(a) tei_all.rng's embedded Schematron (90 patterns): time to extract and generate
    the XSLT (Python) and to compile it (Saxon). A disk cache of generated XSLT
    could only save the first figure, since a compiled stylesheet cannot be stored.
(b) edition.sch and tei_all's Schematron on the largest real files, per document
    (the document's copy for Saxon included), against Jing checking the same
    document with the same schema through its bundled Saxon 9.9 (whole process).
(c) ``teikit validate --no-cache`` over ../shared/realtei with --jobs 1 and --jobs 2
    (whole processes; output compared).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import schematron  # noqa: E402
from toolkit.validate.document import load  # noqa: E402

SHARED = ROOT.parent / "shared"
REALTEI = SHARED / "realtei"
TEI_ALL = ROOT / "schemas" / "tei_all.rng"
EDITION_SCH = ROOT / "schemas" / "edition.sch"
BIG = ["big_app_pta-greek_pta0022.xml", "big_novel_dickens-bleak-house_eltec-eng.xml",
       "big_notes_dingler-pj001.xml", "big_invalid_lassberg-cmif.xml"]


def jing_jar():
    try:
        from toolkit import rng
        return rng.jing_jar()
    except Exception:
        return None


def main() -> None:
    from lxml import etree

    from toolkit import saxon

    print("(a) tei_all.rng embedded Schematron")
    t = time.perf_counter()
    schema = schematron.load(TEI_ALL)
    compiled = schematron.compile_schema(schema, source="tei_all.rng")
    gen = time.perf_counter() - t
    t = time.perf_counter()
    saxon.compile_stylesheet_text(compiled.xslt)
    comp = time.perf_counter() - t
    print(f"    {len(compiled.checks)} asserts/reports; generate XSLT {gen:.3f} s; Saxon compile {comp:.3f} s")

    print("(b) per document: teikit (Saxon, in process, compiled once) vs Jing (whole process)")
    jar = jing_jar()
    with tempfile.TemporaryDirectory() as tmp:
        sch_file = Path(tmp) / "tei_all.sch"
        sch_file.write_bytes(etree.tostring(schema))
        for name in BIG:
            path = REALTEI / name
            if not path.is_file():
                continue
            doc = load(path)
            for label, sch in (("edition.sch", EDITION_SCH), ("tei_all (embedded)", TEI_ALL)):
                v = schematron.validator(sch)
                t = time.perf_counter()
                n = len(v.run(doc.text_for_saxon(), base_uri=doc.abspath.as_uri()))
                ours = time.perf_counter() - t
                line = f"    {name[:40]:40} {label:19} teikit {ours:6.3f} s ({n} findings)"
                if jar is not None:
                    target = EDITION_SCH if sch == EDITION_SCH else sch_file
                    t = time.perf_counter()
                    proc = subprocess.run(["java", "-jar", str(jar), str(target), str(path)],
                                          capture_output=True, text=True)
                    theirs = time.perf_counter() - t
                    line += f"  Jing {theirs:6.3f} s (exit {proc.returncode})  ratio {theirs / ours:5.1f}x"
                print(line)

    print("(c) teikit validate over realtei (whole process; tei_all for files without xml-model)")
    files = sorted(str(p) for p in REALTEI.rglob("*.xml"))
    outs = {}
    for jobs in (1, 2):
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "toolkit", "validate", "--no-cache", "--jobs", str(jobs),
                               "--schema", str(TEI_ALL), *files], capture_output=True, text=True, cwd=ROOT)
        outs[jobs] = proc.stdout
        print(f"    --jobs {jobs}: {time.perf_counter() - t:6.2f} s, exit {proc.returncode}, "
              f"{proc.stdout.strip().splitlines()[-1]}")
    print(f"    identical output: {outs[1] == outs[2]}")


if __name__ == "__main__":
    main()
