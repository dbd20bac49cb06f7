"""One diagnostic record, several renderings.

Every stage of the toolkit (well-formedness, RELAX NG, Schematron, reference
integrity, import, build) reports problems as :class:`Diagnostic` records. The
renderers below turn a sorted list of them into the formats CI systems read:
``text`` (``path:line:col: CODE message``, like flake8/ruff), ``json``, ``junit``,
``github`` (workflow-command annotations) and ``sarif`` (2.1.0).

Codes are stable and grouped by stage through their prefix (see README,
"Diagnostic codes"): ``XML`` well-formedness and parsing safety, ``RNG`` RELAX NG,
``SCH`` Schematron, ``REF`` reference integrity, ``IMP`` import, ``BLD`` build.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from toolkit import __version__

SEVERITIES = ("error", "warning", "info")
FORMATS = ("text", "json", "junit", "github", "sarif")


def _xml_escape(text: str) -> str:
    """Text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value (whitespace kept as references)."""
    text = _xml_escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in text and "'" not in text:
        return "'" + text + "'"
    return '"' + text.replace('"', "&quot;") + '"'


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A single problem found at a place in a file.

    ``line`` and ``col`` are 1-based; 0 means unknown. Ordering is by path, line,
    column, code, message, so sorting a list gives the canonical report order.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = field(default="error")

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def location(self) -> str:
        loc = self.path
        if self.line:
            loc += f":{self.line}"
            if self.col:
                loc += f":{self.col}"
        return loc

    def as_text(self) -> str:
        sev = "" if self.severity == "error" else f"[{self.severity}] "
        return f"{self.location}: {self.code} {sev}{self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def summary(diags: list[Diagnostic], nfiles: int) -> str:
    errors = sum(1 for d in diags if d.severity == "error")
    warnings = sum(1 for d in diags if d.severity == "warning")
    files_with = len({d.path for d in diags if d.severity in ("error", "warning")})
    noun = "file" if nfiles == 1 else "files"
    if not errors and not warnings:
        return f"{nfiles} {noun} checked: valid"
    return (
        f"{nfiles} {noun} checked: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {files_with} "
        f"file{'s' if files_with != 1 else ''}"
    )


#: the fields :class:`Diagnostic` is ordered by, as one tuple: sorting with this key
#: gives the order of its comparisons, compared in C (the dataclass's generated
#: comparison builds two tuples in Python for each: 1.5 s for 80,000 diagnostics)
_ORDER = attrgetter("path", "line", "col", "code", "message", "severity")


def ordered(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics in report order (that of ``sorted``, faster)."""
    return sorted(diags, key=_ORDER)


def statistics(diags: Iterable[Diagnostic], meanings: dict[str, str] | None = None) -> str:
    """A table of the diagnostics by code, most frequent first: count, code, severity
    and the code's meaning (else its first message), for triage."""
    by_code: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in ordered(diags):
        by_code.setdefault((d.code, d.severity), []).append(d)
    rows = sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    n = max((len(str(len(ds))) for _, ds in rows), default=1)
    c = max((len(code) for (code, _), _ in rows), default=1)
    s = max((len(severity) for (_, severity), _ in rows), default=1)
    lines = []
    for (code, severity), ds in rows:
        what = (meanings or {}).get(code) or ds[0].message
        lines.append(f"{len(ds):>{n}}  {code:<{c}}  {severity:<{s}}  {what}")
    return "\n".join(lines) + ("\n" if lines else "")


def _cell(text: str) -> str:
    """Text for a cell of a Markdown table: on one line, Markdown's punctuation
    escaped (a bar would end the cell)."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|#~])", r"\\\1", text)


def _code(text: str) -> str:
    """Text as inline code in a Markdown table cell (a bar is escaped even there)."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


#: rows of each table of :func:`markdown_summary` at most
SUMMARY_ROWS = 50


def markdown_summary(diags: Iterable[Diagnostic], files: list[str], meanings: dict[str, str] | None = None,
                     title: str = "teikit validate") -> str:
    """A report in Markdown for a CI run's page (GitHub's job summary): the summary
    line; the problems by code, most frequent first, with each code's meaning (else
    its first message); the files with problems, most first; the first problems.
    Each table has at most :data:`SUMMARY_ROWS` rows and says how many it leaves out."""
    diags = ordered(diags)
    files = sorted(set(files) | {d.path for d in diags})
    out = [f"### {title}", "", f"**{summary(diags, len(files))}**", ""]
    if not diags:
        return "\n".join(out)

    def more(left: int, what: str) -> None:
        if left > 0:
            out.extend(["", f"… and {left} more {what}"])
        out.append("")

    by_code: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], str] = {}
    by_file: dict[str, list[int]] = {}
    for d in diags:
        key = (d.code, d.severity)
        by_code[key] = by_code.get(key, 0) + 1
        first.setdefault(key, d.message)
        counts = by_file.setdefault(d.path, [0, 0, 0])
        counts[("error", "warning").index(d.severity) if d.severity in ("error", "warning") else 2] += 1
    codes = sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    out += ["| problems | code | severity | meaning |", "|---:|---|---|---|"]
    out += [f"| {n} | {_code(code)} | {severity} | {_cell((meanings or {}).get(code) or first[(code, severity)])} |"
            for (code, severity), n in codes[:SUMMARY_ROWS]]
    more(len(codes) - SUMMARY_ROWS, "codes")
    ranked = sorted(by_file.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    out += ["| file | errors | warnings | other |", "|---|---:|---:|---:|"]
    out += [f"| {_code(path)} | {e} | {w} | {o} |" for path, (e, w, o) in ranked[:SUMMARY_ROWS]]
    more(len(ranked) - SUMMARY_ROWS, "files")
    out += ["| where | code | severity | message |", "|---|---|---|---|"]
    for d in diags[:SUMMARY_ROWS]:
        where = d.path + (f":{d.line}" if d.line else "") + (f":{d.col}" if d.line and d.col else "")
        out.append(f"| {_code(where)} | {_code(d.code)} | {d.severity} | {_cell(d.message)} |")
    more(len(diags) - SUMMARY_ROWS, "problems (the log has them all)")
    return "\n".join(out)


def render(diags: Iterable[Diagnostic], fmt: str, files: list[str] | None = None,
           meanings: dict[str, str] | None = None) -> str:
    """Render diagnostics (sorted here) in one of :data:`FORMATS`. With ``meanings``
    (code -> meaning), the text and github formats put a :func:`statistics` table
    before their summary line."""
    diags = ordered(diags)
    files = sorted(set(files or []) | {d.path for d in diags})
    try:
        fn = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    report = fn(diags, files)
    if meanings is not None and fmt in ("text", "github"):
        body, last = report[:-1].rpartition("\n")[::2]
        report = (body + "\n" if body else "") + statistics(diags, meanings) + last + "\n"
    return report


def _text(diags, files):
    lines = [d.as_text() for d in diags]
    lines.append(summary(diags, len(files)))
    return "\n".join(lines) + "\n"


def _json(diags, files):
    doc = {
        "tool": {"name": "teikit", "version": __version__},
        "files": files,
        "diagnostics": [d.as_dict() for d in diags],
        "summary": {
            "files": len(files),
            "errors": sum(1 for d in diags if d.severity == "error"),
            "warnings": sum(1 for d in diags if d.severity == "warning"),
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _junit(diags, files):
    by_file: dict[str, list[Diagnostic]] = {f: [] for f in files}
    for d in diags:
        by_file.setdefault(d.path, []).append(d)
    failures = sum(1 for d in diags if d.severity == "error")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="teikit validate" tests="{len(by_file)}" failures="{failures}">',
        f'  <testsuite name="teikit validate" tests="{len(by_file)}" failures="{failures}" errors="0">',
    ]
    for path, ds in by_file.items():
        out.append(f"    <testcase classname=\"teikit.validate\" name={_xml_quoteattr(path)}>")
        for d in ds:
            tag = "failure" if d.severity == "error" else "system-out"
            if tag == "failure":
                out.append(
                    f"      <failure type={_xml_quoteattr(d.code)} message={_xml_quoteattr(d.message)}>"
                    f"{_xml_escape(d.as_text())}</failure>"
                )
            else:
                out.append(f"      <system-out>{_xml_escape(d.as_text())}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def _github(diags, files):
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for d in diags:
        props = [f"file={_gh_escape(d.path, True)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.col:
            props.append(f"col={d.col}")
        props.append(f"title={_gh_escape(d.code, True)}")
        out.append(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(d.message)}")
    out.append(summary(diags, len(files)))
    return "\n".join(out) + "\n"


def _uri(path: str) -> str:
    """A SARIF artifact location is a URI reference: a relative path with its
    reserved characters (space, %, #, non-ASCII...) percent-encoded, or a file URI."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    ref = quote(p.as_posix(), safe="/!$&'()*+,;=:@-._~")
    return "./" + ref if ":" in ref.split("/")[0] else ref  # a:b.xml is not the scheme a:


def _rule(code: str) -> dict:
    """A SARIF rule: the code, and its meaning when the code table knows it."""
    from toolkit.validate.codes import CODES

    known = CODES.get(code)
    return {"id": code, "shortDescription": {"text": known[1]}} if known else {"id": code}


def _sarif(diags, files):
    rules = sorted({d.code for d in diags})
    level = {"error": "error", "warning": "warning", "info": "note"}
    results = []
    for d in diags:
        region = {}
        if d.line:
            region["startLine"] = d.line
            if d.col:
                region["startColumn"] = d.col
        loc = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}}}
        if region:
            loc["physicalLocation"]["region"] = region
        results.append({
            "ruleId": d.code,
            "ruleIndex": rules.index(d.code),
            "level": level[d.severity],
            "message": {"text": d.message},
            "locations": [loc],
        })
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "teikit",
                "version": __version__,
                "informationUri": "https://tei-c.org/guidelines/p5/",
                "rules": [_rule(r) for r in rules],
            }},
            "artifacts": [{"location": {"uri": _uri(f)}} for f in files],
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_RENDERERS = {"text": _text, "json": _json, "junit": _junit, "github": _github, "sarif": _sarif}
