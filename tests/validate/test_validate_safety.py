"""Safe parsing: entity bombs, external entities, DTDs and XIncludes over the
network, oversized input. Nothing hangs, nothing is read or fetched."""

from __future__ import annotations

import socket
import time

import pytest

from tests.validate.helpers import EDITION_SCH, INVALID, MINI_RNG, VALID, run
from toolkit import xmlsafe
from toolkit.errors import InputError


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_billion_laughs_is_stopped_quickly(monkeypatch, no_network):
    monkeypatch.chdir(INVALID)
    start = time.perf_counter()
    r = run("entity-bomb.xml")
    assert time.perf_counter() - start < 10
    assert r.exit_code == 1
    assert "XML003" in r.output


def test_smaller_bomb_caught_by_our_own_limit(tmp_path, monkeypatch):
    """Amplification below libxml2's own threshold but over ours: reported, never expanded."""
    monkeypatch.chdir(tmp_path)
    decl = '<!ENTITY a "' + "x" * 600_000 + '">\n<!ENTITY b "&a;&a;">'
    (tmp_path / "d.xml").write_text(
        f'<!DOCTYPE TEI [\n{decl}\n]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><p>declared only</p></text></TEI>\n')
    r = run("--schema", str(MINI_RNG), "d.xml")
    assert r.exit_code == 1
    assert "XML003" in r.output and "entity 'b' would expand" in r.output


def test_external_entity_is_not_read(monkeypatch, tmp_path):
    monkeypatch.chdir(INVALID)
    secret = (INVALID / "aux" / "secret.txt").read_text().strip()
    for fmt in ("text", "json"):
        r = run("--format", fmt, "--schema", str(MINI_RNG), "--schema", str(EDITION_SCH), "external-entity.xml")
        assert secret not in r.output
        assert "XML004" in r.output and "XML005" in r.output
    # and Schematron never sees it either
    sch = tmp_path / "echo.sch"
    sch.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="tei:p">'
                   '<report test="true()">text: <value-of select="."/></report></rule></pattern></schema>')
    r = run("--schema", str(sch), "external-entity.xml")
    assert "text: Read by the editors:" in r.output
    assert secret not in r.output


def test_dtd_and_xinclude_urls_are_not_fetched(monkeypatch, no_network):
    monkeypatch.chdir(VALID)
    r = run("--jobs", "1", "letter.xml")  # DOCTYPE SYSTEM "http://example.invalid/..."
    assert r.exit_code == 0, r.output
    monkeypatch.chdir(INVALID)
    r = run("--jobs", "1", "xinclude.xml", "xml-model.xml")
    assert "XML010" in r.output and "XML020" in r.output


def test_oversized_file(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(xmlsafe, "MAX_BYTES", 100)
    (tmp_path / "big.xml").write_text("<TEI>" + "x" * 200 + "</TEI>")
    r = run("--schema", str(MINI_RNG), "big.xml")
    assert r.exit_code == 1
    assert r.output.startswith("big.xml: XML002 file is 211 bytes, over the limit of 100")


def test_no_traceback_on_odd_input(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.xml").write_bytes(b"")
    (tmp_path / "binary.xml").write_bytes(bytes(range(256)))
    (tmp_path / "latin.xml").write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><TEI>\xe9</TEI>'.encode("latin-1"))
    r = run("--schema", str(MINI_RNG), "empty.xml", "binary.xml", "latin.xml")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[0].startswith("binary.xml:1:") and " XML001 " in lines[0]
    assert lines[1].startswith("empty.xml:1:") and " XML001 " in lines[1]
    assert any(line.startswith("latin.xml:1:") and " RNG0" in line for line in lines)


def test_local_dtd_is_not_loaded(monkeypatch, tmp_path):
    """A DOCTYPE's external subset is not read (here it would be an error, and would
    add a default attribute)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tei.dtd").write_text('<!ATTLIST p rend CDATA "from-the-dtd"> <!GARBAGE')
    (tmp_path / "d.xml").write_text(
        '<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
        '<text><p>x</p></text></TEI>\n')
    sch = tmp_path / "rend.sch"
    sch.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
                   '<ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/><pattern><rule context="tei:p">'
                   '<report test="@rend">rend from a DTD</report></rule></pattern></schema>')
    r = run("--schema", str(MINI_RNG), "--schema", str(sch), "d.xml")
    assert r.output == "1 file checked: valid\n"
    assert r.exit_code == 0


def test_teikit_max_bytes_environment(tmp_path):
    import os
    import subprocess
    import sys

    from tests.validate.helpers import ROOT

    (tmp_path / "big.xml").write_text("<TEI>" + "x" * 200 + "</TEI>")
    env = dict(os.environ, TEIKIT_MAX_BYTES="100", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "toolkit", "validate", "--schema", str(MINI_RNG), "big.xml"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout.startswith("big.xml: XML002 file is 211 bytes, over the limit of 100")
    assert proc.stderr == ""


def test_schematron_cannot_reach_the_network(tmp_path, monkeypatch):
    """doc() over http in a rule: refused by Saxon's allowed protocols, no connection made."""
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(2)
    port = server.getsockname()[1]
    hits = []

    def accept():
        try:
            conn, _ = server.accept()
            hits.append(1)
            conn.close()
        except OSError:
            pass

    th = threading.Thread(target=accept)
    th.start()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "net.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2"><pattern><rule context="/*">'
        f'<report test="true()">remote: <value-of select="doc-available(\'http://127.0.0.1:{port}/x.xml\')"/>'
        '</report></rule></pattern></schema>')
    (tmp_path / "d.xml").write_text("<TEI/>")
    r = run("--schema", "net.sch", "d.xml")
    th.join()
    server.close()
    assert "remote: false" in r.output
    assert not hits


def test_root_start_reads_only_files_without_a_dtd(tmp_path, no_network):
    """xmlsafe.root_start hands a file to another parser only when it cannot declare an
    entity or name anything to fetch: no DOCTYPE, in an ASCII-compatible encoding."""
    plain = tmp_path / "plain.xml"
    plain.write_text('<?xml version="1.0"?>\n<!-- c -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d">'
                     "<text><p>x</p></text></TEI>", encoding="utf-8")
    root, complete = xmlsafe.root_start(plain)
    assert (root.tag, root.get("{http://www.w3.org/XML/1998/namespace}id"), complete) == (
        "{http://www.tei-c.org/ns/1.0}TEI", "d", False)
    assert root.sourceline == 3
    # a prolog and a root start tag longer than the pieces the file is read in
    long = tmp_path / "long.xml"
    models = "".join(f'<?xml-model href="s{i}.rng"?>\n' for i in range(200))
    attrs = " ".join(f'n{i}="{i}"' for i in range(400))
    long.write_text(f'<?xml version="1.0"?>\n{models}<TEI xmlns="http://www.tei-c.org/ns/1.0" {attrs}>'
                    "<text><p>x</p></text></TEI>", encoding="utf-8")
    root, complete = xmlsafe.root_start(long)
    assert (root.get("n399"), len(root.attrib), complete) == ("399", 400, False)
    assert root.getprevious().text == 'href="s199.rng"'
    # a DOCTYPE (with a bomb or an external entity) means the whole file goes through parse
    with pytest.raises(InputError) as e:
        xmlsafe.root_start(INVALID / "entity-bomb.xml")
    assert e.value.diagnostics[0].code.startswith("XML")
    root, complete = xmlsafe.root_start(INVALID / "external-entity.xml")
    assert complete
    # UTF-16: a byte search for DOCTYPE would not see one, so the file is parsed whole
    wide = tmp_path / "wide.xml"
    wide.write_text('<!DOCTYPE TEI [<!ENTITY e "x">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&e;</TEI>',
                    encoding="utf-16")
    root, complete = xmlsafe.root_start(wide)
    assert complete and root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    # a malformed start is an XML001
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI <", encoding="utf-8")
    with pytest.raises(InputError) as e:
        xmlsafe.root_start(bad)
    assert e.value.diagnostics[0].code == "XML001"


_SHAPES = {
    # more than 100 elements deep
    "deep": "<p>" + '<hi rend="i">' * 150 + "core" + "</hi>" * 150 + "</p>",
    # an element with more than 200 attributes
    "attributes": "<p " + " ".join(f'n{i}="{i}"' for i in range(250)) + ">x</p>",
    # more than 100,000 references to the predefined entities
    "references": "<p>fish &amp; chips &lt; 3</p>" * 60_000,
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
@pytest.mark.parametrize("dtd", [False, True], ids=["no-dtd", "dtd"])
def test_schematron_reads_what_lxml_reads(tmp_path, monkeypatch, shape, dtd):
    """Java 24 lowered its XML parser's limits (depth 100, 200 attributes, 100,000
    predefined entity references), and saxonche 13 runs on it: such documents, well-formed
    and read by lxml, must reach the Schematron stage too, whether Saxon reads the file
    itself (no DTD) or gets lxml's tree as text (a DTD), and through doc() in a rule,
    whose relative URI resolves against the schema's own folder."""
    from lxml import etree

    monkeypatch.chdir(tmp_path)
    body = _SHAPES[shape]
    doctype = '<!DOCTYPE TEI [<!ENTITY ed "the editors">]>\n' if dtd else ""
    (tmp_path / "d.xml").write_text(f'{doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>'
                                    f"<text><body>{body}</body></text></TEI>\n")
    (tmp_path / "other.xml").write_text(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{body}</body></text></TEI>')
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "count.sch").write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><pattern><rule context="/*">'
        '<report id="N" role="info" test="true()">elements <value-of select="count(//*)"/>, attributes <value-of '
        "select=\"count(//@*)\"/>, ampersands <value-of select=\"string-length(string-join(//text())) - "
        "string-length(replace(string-join(//text()), '&amp;', ''))\"/>; other.xml: <value-of "
        "select=\"count(doc('../other.xml')//*)\"/></report></rule></pattern></schema>")
    r = run("--schema", "rules/count.sch", "d.xml")
    root = etree.parse(str(tmp_path / "d.xml")).getroot()
    text = "".join(root.itertext())
    expected = (f"elements {sum(1 for _ in root.iter(etree.Element))}, attributes "
                f"{sum(len(e.attrib) for e in root.iter(etree.Element))}, ampersands {text.count('&')}; "
                f"other.xml: {sum(1 for _ in root.iter(etree.Element)) - 1}")
    assert r.exit_code == 0, r.output
    assert f"N [info] {expected}" in r.output, r.output
