"""Metadata, the reviewed interventions, the header, deterministic and atomic writing."""

from __future__ import annotations

import pytest
from lxml import etree

from toolkit.errors import InputError, ToolError
from toolkit.importers import common
from toolkit.importers.common import T, XML_ID, tei, sub

BASE = '''[document]
id = "tx"
siglum = "TX"
title = "A test"

[bibl]
title = "A test source"
author = "Ann Author"
translator = ["Tom Translator"]
publisher = "Press"
pubPlace = "Town"
date = "1989"
date_when = "1989-07-06"
idno = { JPRS = "JPRS-UPA-89-043" }

[availability]
status = "restricted"
text = "(c) Press. All rights reserved."
'''


def meta(extra: str = "") -> common.Metadata:
    return common.parse_metadata(BASE + extra, "x.toml")


def para(*items) -> etree._Element:
    """A <text> with one <p> made of strings and (tag, attrs) milestones."""
    text = tei("text")
    p = sub(sub(text, "body"), "p")
    last = None
    for it in items:
        if isinstance(it, str):
            if last is None:
                p.text = (p.text or "") + it
            else:
                last.tail = (last.tail or "") + it
        else:
            last = sub(p, it[0], it[1])
    return text


def em(sic, corr, count=1, **kw) -> str:
    extra = "".join(f'{k} = "{v}"\n' for k, v in kw.items())
    return (f'\n[[emendation]]\nsic = "{sic}"\ncorr = "{corr}"\ntype = "ocr"\nreason = "r"\n'
            f'cert = "high"\ncount = {count}\n{extra}')


# ---------------------------------------------------------------- metadata

def test_metadata_fields():
    m = meta(em("V.l.", "V.I.", 2))
    assert (m.doc_id, m.siglum, m.title, m.lang) == ("tx", "TX", "A test", "en")
    assert m.bibl["idno"] == {"JPRS": "JPRS-UPA-89-043"}
    e = m.emendations[0]
    assert (e.sic, e.corr, e.count, e.n, e.line) == ("V.l.", "V.I.", 2, 1, BASE.count("\n") + 2)


@pytest.mark.parametrize("extra,needle", [
    ('\n[bibl2]\nx = 1\n', "unknown table or key 'bibl2'"),
    (em("a", "b").replace("cert = \"high\"", "cert = \"sure\""), "cert must be one of"),
    ('\n[[emendation]]\nsic = "a"\ncorr = "b"\n', "lacks required key 'type'"),
    (em("a", "b") + 'colour = "red"\n', "unknown key 'colour'"),
    ('\n[[supplied]]\ntext = "x"\nreason = "r"\n', "exactly one of 'after' or 'before'"),
    ('\n[[gap]]\nat = "(("\nreason = "r"\n', "not a valid regular expression"),
])
def test_metadata_errors_are_located(extra, needle):
    with pytest.raises(InputError) as exc:
        meta(extra)
    msgs = [d.message for d in exc.value.diagnostics]
    assert any(needle in m for m in msgs), msgs
    assert all(d.code == "IMP003" and d.path == "x.toml" for d in exc.value.diagnostics)


def test_metadata_unknown_key_line():
    with pytest.raises(InputError) as exc:
        common.parse_metadata(BASE.replace('publisher = "Press"', 'publsher = "Press"'), "x.toml")
    d = exc.value.diagnostics[0]
    assert d.line == BASE.splitlines().index('publisher = "Press"') + 1


def test_invalid_toml_position():
    with pytest.raises(InputError) as exc:
        common.parse_metadata('[document]\nid = "x\n', "x.toml")
    d = exc.value.diagnostics[0]
    assert (d.code, d.line) == ("IMP003", 2) and d.col > 0


# ---------------------------------------------------------------- interventions

def test_emendation_across_line_break_keeps_the_break():
    text = para("Comrade Zin", ("lb", {"break": "no", "rend": "hyphen"}), "voyev spoke.")
    common.apply_interventions(text, meta(em("Zinvoyev", "Zinovyev")))
    choice = text.find(f".//{T}choice")
    sic, corr = choice
    assert sic.text == "Zin" and sic[0].tag == T + "lb" and sic[0].tail == "voyev"
    assert corr.text == "Zinovyev"
    assert (corr.get("resp"), corr.get("cert"), corr.get("type"), corr.get("corresp")) == \
        ("#tx-ed", "high", "ocr", "#tx-em1")
    assert choice.tail == " spoke." and text.find(f".//{T}p").text == "Comrade "


def test_whole_word_and_context():
    text = para("the patriot does riot fail; a riot")
    common.apply_interventions(text, meta(em("riot", "not", 1, context="does riot fail")))
    p = text.find(f".//{T}p")
    assert p.text == "the patriot does " and p[0][0].text == "riot" and p[0].tail == " fail; a riot"


@pytest.mark.parametrize("count,code", [(3, "IMP002"), (1, "IMP002")])
def test_count_mismatch_fails_at_the_toml_line(count, code):
    text = para("V.l. Lenin and V.l. Lenin")
    with pytest.raises(InputError) as exc:
        common.apply_interventions(text, meta(em("V.l.", "V.I.", count)))
    d = exc.value.diagnostics[0]
    assert d.code == code and d.path == "x.toml" and d.line == BASE.count("\n") + 2
    assert "found 2 times" in d.message


def test_not_found_fails():
    with pytest.raises(InputError) as exc:
        common.apply_interventions(para("nothing here"), meta(em("absent", "x")))
    assert exc.value.diagnostics[0].code == "IMP001"


def test_earlier_entry_wins_and_protected_text_is_not_matched():
    text = para("Trotksiy said")
    m = meta(em("Trotksiy", "Trotskiy") + em("Trotksiy said", "x"))
    with pytest.raises(InputError) as exc:
        common.apply_interventions(text, m)
    assert [d.code for d in exc.value.diagnostics] == ["IMP001"]


def test_regularisation_supplied_and_gaps():
    m = meta('\n[[regularisation]]\norig = "Tomsy"\nreg = "Tomsky"\nreason = "misspelt"\ncount = 1\n'
             '\n[[supplied]]\ntext = "1924"\nafter = "21 January"\nreason = "yearStripped"\npadding = "before"\n'
             '\n[[gap]]\nat = "throughout "\nreason = "yearStripped"\nquantity = 4\npadding = "after"\n')
    text = para("Tomsy died on 21 January Stalin remained throughout and after")
    done = common.apply_interventions(text, m)
    assert done == {"emendation": 0, "regularisation": 1, "supplied": 1, "gap": 1}
    p = text.find(f".//{T}p")
    s = etree.tostring(p, encoding="unicode")
    assert "<choice><orig>Tomsy</orig><reg resp=\"#tx-ed\" corresp=\"#tx-reg1\">Tomsky</reg></choice>" in s
    assert "21 January <supplied reason=\"yearStripped\" resp=\"#tx-ed\" cert=\"high\">1924</supplied> Stalin" in s
    assert "throughout <gap reason=\"yearStripped\" unit=\"chars\" quantity=\"4\" resp=\"#tx-ed\"/> and" in s


# ---------------------------------------------------------------- document

def test_header_and_document():
    m = meta(em("V.l.", "V.I."))
    m.source_name, m.source_sha256 = "src.txt", "ab" * 32
    text = para("V.l. Lenin")
    text.find(f".//{T}p").set(XML_ID, "tx-p1")
    tree = common.build_document(text, m, family="test")
    root = tree.getroot()
    assert root.get(XML_ID) == "tx" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    ns = {"t": common.TEI_NS}
    assert root.xpath("string(//t:titleStmt/t:title[@type='main'])", namespaces=ns) == "A test"
    assert root.xpath("//t:respStmt/@xml:id", namespaces=ns) == ["tx-ed", "tx-author", "tx-trl"]
    assert root.xpath("string(//t:sourceDesc//t:idno[@type='sha256'])", namespaces=ns) == "ab" * 32
    assert root.xpath("string(//t:sourceDesc//t:idno[@type='JPRS'])", namespaces=ns) == "JPRS-UPA-89-043"
    assert root.xpath("string(//t:availability/@status)", namespaces=ns) == "restricted"
    assert root.xpath("//t:item[@xml:id='tx-em1']/text()", namespaces=ns)[0].startswith("V.l. → V.I.")
    for part in ("correction", "normalization", "quotation", "hyphenation", "segmentation", "interpretation"):
        assert root.xpath(f"//t:editorialDecl/t:{part}/t:p", namespaces=ns), part
    data = common.serialize(tree)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"')
    assert b"ns0:" not in data


def test_ids_must_carry_the_document_prefix():
    text = para("x")
    text.find(f".//{T}p").set(XML_ID, "p1")
    with pytest.raises(ToolError, match="does not start with 'tx-'"):
        common.build_document(text, meta())


def test_serialize_is_deterministic_and_leaves_mixed_content_alone():
    def build():
        text = para("a ", ("lb", {}), "b")
        p = text.find(f".//{T}p")
        p.append(tei("persName", {"ref": "persons.xml#x"}, "X"))
        return common.build_document(text, meta())
    a, b = common.serialize(build()), common.serialize(build())
    assert a == b
    assert b"<p>a <lb/>b<persName ref=\"persons.xml#x\">X</persName></p>" in a


def test_write_atomic_and_backups(tmp_path):
    out = tmp_path / "d.xml"
    common.write_atomic(out, b"one")
    assert out.read_bytes() == b"one" and [p.name for p in tmp_path.iterdir()] == ["d.xml"]
    out.with_name("d.xml.bak").write_bytes(b"old")
    assert common.backup_path(out).name == "d.xml.bak.1"


def test_read_source_rejects_non_utf8(tmp_path):
    p = tmp_path / "s.txt"
    p.write_bytes(b"fine\nbad \xff here\n")
    with pytest.raises(InputError) as exc:
        common.read_source(p, "s.txt")
    d = exc.value.diagnostics[0]
    assert (d.code, d.line, d.col) == ("IMP006", 2, 5)
