"""A name the schema does not allow, said with what was probably meant: an
attribute in no namespace that the schema has in another (``id`` for ``xml:id``),
a name in the wrong case or one letter off, and a TEI element that a customisation
leaves out said to be just that (not taken for a look-alike it keeps). No guess for
an element in another namespace, or for a name that is near nothing."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.rng.conftest import EDITION, TEI_ALL
from toolkit import rng

HEAD = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
        '<text><body>')
TAIL = "</body></text></TEI>"


def _messages(body: str, schema) -> list[str]:
    """The messages, sorted (the tree has no file, so no lines to sort them by)."""
    tree = etree.ElementTree(etree.fromstring(HEAD + body + TAIL))
    return sorted(d.message for d in rng.validate(tree, schema, path="x.xml"))


@pytest.mark.parametrize("schema", [EDITION, TEI_ALL], ids=["edition", "tei_all"])
def test_slips_are_named(schema):
    found = _messages('<p id="a">A <persname>B</persname> <placname>C</placname> <ref tagret="#a">x</ref>'
                      ' <hi Rend="it">y</hi> <date wen="1920">d</date></p>', schema)
    assert found == sorted([
        'attribute "id" on "p" is not allowed on this element by the schema; did you mean "xml:id"?',
        'element "persname" is not declared in the schema; did you mean "persName"?',
        'element "placname" is not declared in the schema; did you mean "placeName"?',
        'attribute "tagret" on "ref" is not allowed on this element by the schema; did you mean "target"?',
        'attribute "Rend" on "hi" is not allowed on this element by the schema; did you mean "rend"?',
        'attribute "wen" on "date" is not allowed on this element by the schema; did you mean "when"?',
    ])


def test_a_tei_element_left_out_is_said_so():
    """``space`` is one letter from ``place``, which the edition schema keeps; but it is
    a TEI element of its own, which tei_all accepts."""
    assert _messages("<p>a<space/>b <line>l</line></p>", EDITION) == [
        'element "line" is not declared in the schema; "line" is a TEI element that this schema leaves out',
        'element "space" is not declared in the schema; "space" is a TEI element that this schema leaves out',
    ]
    assert _messages("<p>a<space/>b</p>", TEI_ALL) == []


def test_no_guess_without_a_likely_name():
    assert _messages('<p>a <foo/> <x:persName xmlns:x="urn:x">b</x:persName> <hi zzz="1">c</hi></p>', EDITION) == [
        'attribute "zzz" on "hi" is not allowed on this element by the schema',
        'element "foo" is not declared in the schema',
        'element "{urn:x}persName" is not declared in the schema',
    ]


def test_guesses_stop_after_500_names_in_a_document():
    """A file with hundreds of made-up names would spend seconds on guesses: the
    first 500 different names of a document (in document order) get one, the others
    are reported without. The next document starts afresh."""
    from itertools import product
    from string import ascii_lowercase

    names = ["corresp" + a + b for a, b in product(ascii_lowercase, repeat=2)][:600]
    body = "".join(f'<p {n}="x">t</p>' for n in names)
    root = etree.fromstring((HEAD + body + TAIL).replace("><", ">\n<"))
    found = rng.validate(etree.ElementTree(root), EDITION, path="x.xml")
    bad = [d for d in found if d.code == "RNG002"]
    assert len(bad) == 600
    guessed = [d for d in bad if d.message.endswith('; did you mean "corresp"?')]
    assert len(guessed) == 500
    assert max(d.line for d in guessed) < min(d.line for d in bad if d not in guessed)
    again = _messages('<p correspzz="x">t</p>', EDITION)
    assert again == ['attribute "correspzz" on "p" is not allowed on this element by the schema; '
                     'did you mean "corresp"?']
