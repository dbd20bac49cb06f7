"""The OCR-typescript family: a golden fixture, its rules one by one, and source 004 in tei/.

Run with ``-s`` to see the figures of 004 (hyphen classes, joins, fidelity).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, shared_or_skip
from toolkit import importers
from toolkit.errors import InputError
from toolkit.importers import common, fidelity, ocr
from toolkit.importers import ocr_hyphen as hy

HERE = Path(__file__).resolve().parent
NS = {"t": common.TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

SOURCE_004 = ROOT / "sources" / "004_10df7f476cedd2f2.txt"
META_004 = ROOT / "sources" / "004_10df7f476cedd2f2.toml"
TEI_004 = ROOT / "tei" / "004-volkogonov-triumph.xml"


def xp(el, path: str):
    return el.xpath(path, namespaces=NS)


# --------------------------------------------------------------------------- fixture


def _convert(tmp_path: Path, text: str | None = None, toml: str | None = None):
    src = tmp_path / "report.txt"
    src.write_text(text if text is not None else (HERE / "report.txt").read_text(encoding="utf-8"),
                   encoding="utf-8")
    (tmp_path / "report.toml").write_text(
        toml if toml is not None else (HERE / "report.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return importers.convert_source(src, output=tmp_path / "report.xml")


@pytest.fixture
def report(tmp_path) -> etree._Element:
    return etree.fromstring(_convert(tmp_path).data)


def test_golden(tmp_path, update_goldens):
    res = _convert(tmp_path)
    golden = HERE / "report.xml"
    if update_goldens:
        golden.write_bytes(res.data)
    assert res.data == golden.read_bytes(), "ocr importer output changed; review and run --update-goldens"


def test_deterministic(tmp_path):
    assert _convert(tmp_path).data == _convert(tmp_path).data


def test_not_keyed_to_line_numbers(tmp_path):
    """Blank lines and a paragraph more at the top change nothing but the order of words."""
    text = (HERE / "report.txt").read_text(encoding="utf-8")
    shifted = "\n\n\n" + text.replace(" [Text] \n", " [Text] \n\nAn added paragraph of the typescript. \n", 1)
    a = etree.fromstring(_convert(tmp_path, text).data)
    b = etree.fromstring(_convert(tmp_path, shifted).data)
    for path in ("//t:div", "//t:pb", "//t:fw", "//t:milestone", "//t:epigraph", "//t:lg", "//t:l",
                 "//t:floatingText", "//t:item", "//t:quote", "//t:cb", "//t:lb", "//t:note", "//t:choice"):
        assert len(xp(a, path)) == len(xp(b, path)), path
    assert len(xp(b, "//t:p")) == len(xp(a, "//t:p")) + 1


def test_running_head_interrupting_a_sentence(report):
    p = xp(report, "//t:p[t:pb]")[0]
    assert xp(p, "t:pb/@n") == ["60"]
    assert xp(p, "t:fw[@type='header']/text()") == ["JPRS-UPA-89-043"]
    assert xp(p, "t:fw[@type='header']/t:date/@when") == ["1989-07-06"]
    assert xp(p, "t:fw[@type='pageNum']/t:choice/t:sic/text()") == ["6U"]
    assert xp(p, "t:fw[@type='pageNum']/t:choice/t:corr/text()") == ["60"]
    assert "had not" in p.xpath("string()") and "yet met" in p.xpath("string()")


def test_installments(report):
    ms = xp(report, "//t:milestone[@unit='installment']")
    assert [m.get("n") for m in ms] == ["10", "11"]
    first = ms[0].getnext()
    assert xp(first, "t:bibl/t:supplied/@cert") == ["medium"]
    second = ms[1].getnext()
    assert xp(second, "t:bibl/t:choice/t:sic/text()") == ["Noll"]
    assert xp(second, "t:bibl/t:choice/t:corr/text()") == ["No 11"]
    assert second.xpath("string()") == "[NollNo 11, Nov 88 pp 16-129]"
    assert len(xp(report, "//t:note[@subtype='jprsMarker']")) == 2


def test_hyphen_classes(report):
    body = etree.tostring(xp(report, "//t:body")[0], encoding="unicode")
    assert 'revolu<lb break="no" rend="hyphen"/>tionary' in body
    assert 'politi<lb break="no" rend="hyphen"/>cians' in body
    assert 'All-<lb break="no"/>Russian' in body
    assert '101-<lb break="no"/>man' in body
    dash = xp(report, "//t:choice[t:corr/@type='dash']")
    assert len(dash) == 1 and xp(dash[0], "t:sic/text()") == ["-"] and xp(dash[0], "t:corr/text()") == ["\u2014"]
    assert dash[0].getnext().tag == f"{{{common.TEI_NS}}}lb" and dash[0].getnext().get("break") is None


def test_epigraphs(report):
    eps = xp(report, "//t:epigraph")
    assert [e.getparent().get(XML_ID) for e in eps] == ["jprs-ch1", "jprs-ch2"]
    moved = eps[0]
    assert moved.get("rend") == "moved"
    anchor = xp(report, f"//t:anchor[@xml:id='{moved.get('corresp')[1:]}']")
    assert len(anchor) == 1 and anchor[0].getparent().tag == f"{{{common.TEI_NS}}}body"
    assert xp(moved, "t:quote/t:p") and xp(moved, "t:bibl/t:author/t:choice/t:corr/text()") == ["V.I."]
    assert [l.text for l in xp(eps[1], "t:quote/t:lg/t:l")] == ["The rarest courage", "is courage of thought...,"]
    assert eps[1].get("rend") is None


def test_structure(report):
    assert [d.get("n") for d in xp(report, "//t:div[@type='chapter']")] == ["I", "II"]
    ids = [p.get(XML_ID) for p in xp(report, "//t:div[@type='chapter'][@n='II']//t:p")]
    assert ids == [f"jprs-ch2-p{k}" for k in range(1, len(ids) + 1)] and ids
    assert not xp(report, "//t:text//t:p[not(@xml:id)]")
    assert [h.text for h in xp(report, "//t:div[@type='section']/t:head")] == ["The February Days",
                                                                                "The Second Section"]
    assert [t.text for t in xp(report, "//t:body/t:trailer")][0] == "End of Book One"
    assert len(xp(report, "//t:cb")) == 1
    assert xp(report, "//t:lg[@type='poem']/t:l[4]/text()") == ["Sounds freely,"]
    assert xp(report, "//t:div[@n='I']//t:list/t:item/@n") == ["1", "2"]
    q = xp(report, "//t:quote[not(ancestor::t:epigraph)][count(t:p) = 2]")
    assert len(q) == 1


def test_nested_list(report):
    """Letters inside numbers nest; an item "1)" after "k)" is the letter l; a lost blank line
    between two items does not merge them."""
    lst = xp(report, "//t:div[@n='II']//t:list[not(ancestor::t:list)]")
    assert len(lst) == 1
    assert xp(lst[0], "t:item/@n") == ["1", "2"]
    assert xp(lst[0], "t:item[1]/t:list/t:item/@n") == ["a", "k", "l"]
    l_item = xp(lst[0], "t:item[1]/t:list/t:item[@n='l']")[0]
    assert xp(l_item, "t:choice/t:sic/text()") == ["1"] and xp(l_item, "t:choice/t:corr/text()") == ["l"]


def test_letter(report):
    ft = xp(report, "//t:floatingText[@type='letter']")
    assert len(ft) == 1
    assert xp(ft[0], "t:body/t:opener/t:salute/text()") == ['"Dear Comrade Trotskiy,']
    assert xp(ft[0], "t:body/t:closer/t:signed/text()") == ['"Respectfully, Lenin.']
    assert xp(ft[0], "t:body/t:closer/t:dateline/t:date/@when") == ["1923-03-05"]
    assert xp(ft[0], "string(t:body/t:closer/t:dateline)") == 'Five March 1923."'
    assert len(xp(ft[0], "t:body/t:p")) == 1


def test_notes(report):
    note = xp(report, "//t:note[@place='foot']")[0]
    call = xp(report, "//t:ref[@type='noteref']")[0]
    assert note.get("n") == "*" and call.text == "*"
    assert call.get("target") == "#" + note.get(XML_ID) and note.get("target") == "#" + call.get(XML_ID)
    assert call.getnext() is note
    orig = xp(report, f"//t:anchor[@xml:id='{note.get('corresp')[1:]}']")
    assert len(orig) == 1 and orig[0].getparent().get("type") == "section"
    assert note.xpath("string()") == "The congress met in Petrograd."
    ed = xp(report, "//t:note[@place='inline'][@type='editorial'][not(@subtype)]")
    assert [n.xpath("normalize-space()") for n in ed] == ["[about 5 feet 3 inches]"]
    tr = xp(report, "//t:note[@place='inline'][@type='translator']")
    assert [n.xpath("string()") for n in tr] == ["[vozhd]"]
    assert xp(tr[0], "t:foreign/@xml:lang") == ["ru-Latn"]
    au = xp(report, "//t:note[@type='authorial'][@place='inline']")
    assert [n.xpath("string()") for n in au] == ["(my italics—D.V.)"]


def test_fidelity_fixture(tmp_path):
    res = _convert(tmp_path)
    text = etree.fromstring(res.data).find("t:text", NS)
    words = fidelity.diplomatic_words(ocr.source_view(text))
    src = (HERE / "report.txt").read_text(encoding="utf-8").split()
    rep = fidelity.compare(src, words, ocr.RULES)
    assert rep.ok, rep.summary("fixture")
    assert rep.removed == {"footnote-mark": 1}


# --------------------------------------------------------------------------- errors


def test_bad_exception_class(tmp_path):
    toml = (HERE / "report.toml").read_text(encoding="utf-8").replace('= "dash"', '= "dashed"')
    with pytest.raises(InputError) as exc:
        _convert(tmp_path, toml=toml)
    assert [d.code for d in exc.value.diagnostics] == ["IMP010"]
    assert "leaders-Lenin" in exc.value.diagnostics[0].message


def test_unused_exception(tmp_path):
    """A reviewed decision that no longer fits the source fails loudly, like an emendation."""
    toml = (HERE / "report.toml").read_text(encoding="utf-8").replace(
        '"leaders-Lenin" = "dash"', '"leaders-Lenin" = "dash"\n"nowhere-else" = "soft"')
    with pytest.raises(InputError) as exc:
        _convert(tmp_path, toml=toml)
    assert exc.value.diagnostics[0].code == "IMP010" and "nowhere-else" in exc.value.diagnostics[0].message


def test_private_use_characters_refused(tmp_path):
    text = (HERE / "report.txt").read_text(encoding="utf-8").replace("Stalin was dying", "Stalin\U000f0001 was dying")
    with pytest.raises(InputError) as exc:
        _convert(tmp_path, text)
    d = exc.value.diagnostics[0]
    assert d.code == "IMP010" and d.line == 12


def test_footnote_without_call(tmp_path):
    text = (HERE / "report.txt").read_text(encoding="utf-8").replace("Trotskiy.* ", "Trotskiy. ")
    with pytest.raises(InputError) as exc:
        _convert(tmp_path, text)
    d = exc.value.diagnostics[0]
    assert d.code == "IMP010" and d.line > 0 and "footnote" in d.message


def test_missing_evidence(tmp_path):
    toml = (HERE / "report.toml").read_text(encoding="utf-8").replace(
        "[family.hyphenation_exceptions]", '[family]\nevidence = ["nowhere.txt"]\n\n[family.hyphenation_exceptions]')
    with pytest.raises(InputError) as exc:
        _convert(tmp_path, toml=toml)
    assert exc.value.diagnostics[0].code == "IMP010" and "nowhere.txt" in exc.value.diagnostics[0].message


# --------------------------------------------------------------------------- classifier


@pytest.fixture(scope="module")
def lexicon() -> hy.Lexicon:
    return hy.lexicon_from_texts([
        "the revolutionary leaders of the All-Russian congress; a so-called leader; Lenin and Stalin; "
        "the leaders of the party were silent; the leaders went home; Lenin spoke; Lenin wrote"])


@pytest.mark.parametrize("line,nxt,cls,evidence", [
    ("the revolu-", "tionary era", hy.SOFT, "joined"),
    ("of the All-", "Russian congress", hy.HARD, "hyphenated"),
    ("a so-", "called leader", hy.HARD, "hyphenated"),
    ("elected the 101-", "man committee", hy.NUMERIC, "numeric"),
    ("the leaders-", "Lenin and Stalin", hy.DASH, "dash"),
    ("of the Bukharin-", "Rykov group", hy.HARD, "capital"),
    ("the PROLE-", "TARY paper", hy.SOFT, "capitals"),
    ("the unheard-", "ofness of it", hy.SOFT, "default"),
])
def test_classifier(lexicon, line, nxt, cls, evidence):
    d = hy.classify(line, nxt, lexicon)
    assert (d.cls, d.evidence) == (cls, evidence)


def test_classifier_exception_wins(lexicon):
    d = hy.classify("the revolu-", "tionary era", lexicon, {"revolu-tionary": hy.HARD})
    assert (d.cls, d.evidence) == (hy.HARD, "exception")


def test_lexicon_skips_line_end_fragments():
    lex = hy.lexicon_from_texts(["a revolu-\ntionary idea and a\nreal word"])
    assert lex.count("revolu") == 0 and lex.count("tionary") == 0 and lex.count("idea") == 1


# --------------------------------------------------------------------------- source 004 in tei/


@pytest.fixture(scope="module")
def doc004() -> etree._Element:
    return etree.parse(str(TEI_004)).getroot()


@pytest.fixture(scope="module")
def stats004():
    meta = common.load_metadata(META_004)
    _text, stats = ocr.analyse(SOURCE_004.read_text(encoding="utf-8"), meta)
    return stats


def test_004_structure(doc004):
    assert [d.get("n") for d in xp(doc004, "//t:div[@type='chapter']")] == ["I", "II", "III", "IV", "V", "VI"]
    # 18 section headings listed by the inventory, and five more of the same form it missed:
    # "Defeat of the 'Demon of Revolution'", "The General Secretary's 'Personal Life'",
    # 'In the Shadow of the "Leader."', 'Stalin: "Value Cadres Highly..."', 'Tukhachevskiy\'s "Plot."'
    assert len(xp(doc004, "//t:div[@type='section']")) == 23
    eps = xp(doc004, "//t:epigraph")
    assert len(eps) == 6 and all(e.getparent().get("type") == "chapter" for e in eps)
    assert len(xp(doc004, "//t:epigraph[@rend='moved']")) == 2
    assert [p.get("n") for p in xp(doc004, "//t:pb")] == ["60", "64", "132", "134", "143", "159", "174"]
    assert len(xp(doc004, "//t:fw[@type='header'][t:date]")) == 5
    assert len(xp(doc004, "//t:fw[@type='header'][.='JPRS-UPA-89-043']")) == 5
    assert xp(doc004, "//t:fw[@type='pageNum']/t:choice/t:sic/text()") == ["6U"]
    assert len(xp(doc004, "//t:note[@subtype='jprsMarker']")) == 5
    ms = xp(doc004, "//t:milestone[@unit='installment']")
    assert [m.get("n") for m in ms] == ["10", "11", "12"]
    assert xp(doc004, "//t:note[@subtype='source']//t:sic/text()") == ["Noll"]
    assert len(xp(doc004, "//t:note[@subtype='source']//t:supplied")) == 1
    assert len(xp(doc004, "//t:note[@place='foot'][@n='*']")) == 1
    assert len(xp(doc004, "//t:ref[@type='noteref']")) == 1
    assert [h.xpath('string()') for h in xp(doc004, "//t:gap[@reason='lost']/following::t:head[1]")] == ["Stalin's Monster"]


def test_004_verse_letters_lists_notes(doc004):
    # 10 passages in the inventory + the revised anthem lines it missed ("And the great Lenin...")
    assert len(xp(doc004, "//t:body//t:lg[@type='poem'][not(ancestor::t:lg)]")) == 11
    assert len(xp(doc004, "//t:epigraph//t:lg[not(ancestor::t:lg)]")) == 5
    letters = xp(doc004, "//t:floatingText[@type='letter']")
    assert len(letters) == 10
    assert all(xp(f, "t:body/t:opener/t:salute") for f in letters)
    assert len(xp(doc004, "//t:text//t:list")) >= 15
    glosses = xp(doc004, "//t:note[@place='inline'][@type='editorial' or @type='translator'][not(@subtype)]")
    assert len(glosses) == 19
    terms = xp(doc004, "//t:note[@type='translator']/t:foreign[@xml:lang='ru-Latn']")
    assert len(terms) == 11 and all(t.getparent().get("place") == "inline" for t in terms)
    assert len(xp(doc004, "//t:note[@place='inline'][@type='authorial']")) == 19
    assert len(xp(doc004, "//t:cb")) >= 150


def test_004_emendations(doc004):
    assert len(xp(doc004, "//t:choice[t:sic='V.l.'][t:corr='V.I.']")) == 99
    assert len(xp(doc004, "//t:choice[t:sic='Ail-'][t:corr='All-']")) == 23
    assert len(xp(doc004, "//t:choice[t:sic='nghts'][t:corr='rights']")) == 1
    assert len(xp(doc004, "//t:choice[t:sic='all^party'][t:corr='all-party']")) == 1
    revolu = xp(doc004, "//t:choice[t:corr='revolutionary']/t:sic")
    assert len(revolu) == 1 and revolu[0].xpath("string()") == "revolutariony"
    assert xp(revolu[0], "t:lb/@break") == ["no"]
    n = len(common.load_metadata(META_004).emendations)
    listed = xp(doc004, "//t:editorialDecl/t:correction//t:item[starts-with(@xml:id, 'volkogonov-em')]")
    assert len(listed) == n
    print(f"\n004: {n} reviewed emendations, "
          f"{len(xp(doc004, '//t:corr[@corresp]'))} corrections applied from them")


def test_004_hyphens(doc004, stats004):
    src = SOURCE_004.read_text(encoding="utf-8")
    total = sum(1 for line in src.split("\n") if line.rstrip().endswith("-"))
    assert total == 2671
    classes = stats004.hyphens
    assert sum(classes.values()) == total
    soft = len(xp(doc004, "//t:lb[@break='no'][@rend='hyphen']"))
    hard = len(xp(doc004, "//t:lb[@break='no'][not(@rend)]"))
    dash = len(xp(doc004, "//t:choice[t:corr/@type='dash']"))
    assert soft == classes[hy.SOFT]
    assert hard == classes[hy.HARD] + classes[hy.NUMERIC]
    assert dash == classes[hy.DASH] == 7
    assert classes[hy.NUMERIC] == 4
    assert soft + hard + dash == total
    print(f"\n004 line-end hyphens: {total} = soft {classes[hy.SOFT]} + hard {classes[hy.HARD]} "
          f"+ numeric {classes[hy.NUMERIC]} + dash {classes[hy.DASH]}; evidence: "
          + ", ".join(f"{k} {v}" for k, v in sorted(stats004.hyphen_evidence.items())))
    print(f"004 blocks rejoined across a column/page break: {stats004.joins} "
          f"({stats004.joins_lower} starting in lower case)")


def test_004_ids(doc004):
    ids = [e.get(XML_ID) for e in doc004.iter() if e.get(XML_ID)]
    assert len(ids) == len(set(ids))
    body_ids = [e.get(XML_ID) for e in doc004.find("t:text", NS).iter() if e.get(XML_ID)]
    assert all(i.startswith("volkogonov-") for i in body_ids)
    for ptr in xp(doc004, "//t:text//@target | //t:text//t:epigraph/@corresp | //t:text//t:note/@corresp"):
        assert ptr.startswith("#") and ptr[1:] in ids, ptr


def test_004_fidelity(doc004):
    text = doc004.find("t:text", NS)
    words = fidelity.diplomatic_words(ocr.source_view(text))
    src = SOURCE_004.read_text(encoding="utf-8").split()
    rep = fidelity.compare(src, words, ocr.RULES)
    heads = sum(len(fw.xpath("string()").split()) for fw in xp(text, "//t:fw"))
    print(f"\n{rep.summary('004')}; of them {heads} words of running heads and page numbers, now in fw")
    assert rep.ok, rep.summary("004")
    assert rep.accounted == rep.source_words == 205619


@pytest.fixture(scope="module")
def tei_all():
    from toolkit import rng

    return rng.load(shared_or_skip("schemas", "tei_all.rng"))


def test_004_valid_tei_all(tei_all):
    tree = etree.parse(str(TEI_004))
    assert tei_all.validate(tree), "\n".join(str(e) for e in tei_all.error_log[:10])


def test_004_valid_edition_schema():
    schema = ROOT / "schemas" / "edition.rng"
    if not schema.is_file():
        pytest.skip("schemas/edition.rng not present in this checkout")
    from toolkit import rng

    edition = rng.load(schema)
    tree = etree.parse(str(TEI_004))
    assert edition.validate(tree), "\n".join(str(e) for e in edition.error_log[:10])


def test_fixture_valid_tei_all(tei_all, tmp_path):
    tree = etree.ElementTree(etree.fromstring(_convert(tmp_path).data))
    assert tei_all.validate(tree), "\n".join(str(e) for e in tei_all.error_log[:10])
