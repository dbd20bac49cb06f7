import json
import xml.etree.ElementTree as ET

import pytest

from toolkit.diagnostics import FORMATS, Diagnostic, render

DIAGS = [
    Diagnostic("b.xml", 3, 7, "RNG001", 'element "foo" not allowed here'),
    Diagnostic("a.xml", 10, 0, "REF001", "dangling pointer #x", "warning"),
    Diagnostic("a.xml", 2, 5, "SCH010", "duplicate xml:id 'p1'"),
]


def test_text_sorted_with_summary():
    out = render(DIAGS, "text", files=["a.xml", "b.xml", "c.xml"]).splitlines()
    assert out[0] == "a.xml:2:5: SCH010 duplicate xml:id 'p1'"
    assert out[1] == "a.xml:10: REF001 [warning] dangling pointer #x"
    assert out[2] == 'b.xml:3:7: RNG001 element "foo" not allowed here'
    assert out[3] == "3 files checked: 2 errors, 1 warning in 2 files"


def test_valid_summary():
    assert render([], "text", files=["a.xml"]) == "1 file checked: valid\n"


def test_json_roundtrip():
    doc = json.loads(render(DIAGS, "json"))
    assert doc["summary"] == {"files": 2, "errors": 2, "warnings": 1}
    assert doc["diagnostics"][0]["code"] == "SCH010"


def test_junit_is_xml_with_failures():
    root = ET.fromstring(render(DIAGS, "junit", files=["a.xml", "b.xml", "c.xml"]))
    assert root.get("failures") == "2"
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["a.xml", "b.xml", "c.xml"]
    assert cases[2].find("failure") is None


def test_github_annotations_escape():
    d = Diagnostic("dir,x/a:b.xml", 1, 2, "RNG001", "bad\nthing 100%")
    line = render([d], "github").splitlines()[0]
    assert line == "::error file=dir%2Cx/a%3Ab.xml,line=1,col=2,title=RNG001::bad%0Athing 100%25"


def test_sarif_shape():
    doc = json.loads(render(DIAGS, "sarif"))
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["REF001", "RNG001", "SCH010"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 5}
    assert run["results"][1]["level"] == "warning"


def test_unknown_format():
    assert "sarif" in FORMATS
    with pytest.raises(ValueError):
        render(DIAGS, "yaml")


def test_ordered_is_the_order_of_sorted():
    """``ordered`` (a key compared in C) gives the order of the dataclass's own
    comparison, field by field, ties included."""
    import itertools

    from toolkit.diagnostics import ordered

    values = {"path": ["a.xml", "b.xml"], "line": [0, 2, 10], "col": [0, 3], "code": ["REF002", "RNG001"],
              "message": ["m", "n"], "severity": ["error", "warning"]}
    ds = [Diagnostic(*combo) for combo in itertools.product(*values.values())]
    ds.reverse()
    assert ordered(ds) == sorted(ds)
    assert [d.line for d in ordered(ds)[:17]] == [0] * 16 + [2]  # by path, then line, then the rest
