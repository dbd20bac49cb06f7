"""Linking mentions of persons to the personography (``tei/persons.xml``).

The personography holds one ``person`` per referent, with ``persName type="main"``
(the standard English form) and ``persName type="variant"`` for every spelling the
sources use. Every such ``persName`` is a *form* the tagger looks for:

* whole words only: a form never matches inside a longer word ("Stalinism",
  "Leningrad", "Trotskyite" are not mentions), but possessives are ("Stalin's": the
  ``persName`` covers "Stalin"); an all-capitals rendering of a form matches too, and
  so does the lower-case rendering of a one-word form of five letters or more
  (search-query titles: "bukharin letter to stalin");
* the longest form wins ("V. I. Lenin", "Vladimir Ilyich Lenin" over "Lenin"); in a form,
  a full stop after an initial matches with or without a following space, and a
  space matches any whitespace, including a source line break;
* never inside the ``teiHeader``, an existing ``persName``, a ``sic``, ``orig`` or
  ``abbr`` (the corrected or regularised reading is tagged instead), ``surplus``,
  ``gap``, ``fw``, ``idno``, ``ref[@type='noteref']``, or an editor's note.

A ``persName`` with ``@subtype="notag"`` is recorded but not searched for (for forms
too ambiguous to tag automatically).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from lxml import etree

from toolkit import xmlsafe
from toolkit.errors import InputError
from toolkit.importers.common import (PROTECTED, T, XML_ID, Span, collect_runs, editor_note,
                                      local, rewrite_run, tei)

SKIP = frozenset((PROTECTED - {"corr", "reg", "expan", "choice"}) | {
    "teiHeader", "persName", "fw", "idno", "placeName", "orgName", "name", "rs"})


@dataclass
class PersonIndex:
    """Forms -> person keys, compiled into one regex."""

    forms: dict[str, str]            # form as recorded -> person key
    names: dict[str, str]            # person key -> main name
    pattern: re.Pattern | None
    patronymics: frozenset = frozenset()   # normalised forms tagged only without a given name before

    def person_of(self, matched: str) -> str:
        key = _norm(matched)
        return self._lookup[key]

    def finditer(self, text: str):
        """Non-overlapping mentions in ``text``, longest form first: (start, end, matched)."""
        pos = 0
        for m in _WORD.finditer(text):
            if m.start() < pos:
                continue
            cands = self._by_first.get(m.group(0))
            if not cands:
                continue
            for rx in cands:
                hit = rx.match(text, m.start())
                if hit:
                    yield hit.start(), hit.end(), hit.group(0)
                    pos = hit.end()
                    break

    def __post_init__(self):
        by_first: dict[str, list[str]] = {}
        for form in self.forms:
            for variant in _renderings(form):
                first = _WORD.match(variant)
                if first:
                    by_first.setdefault(first.group(0), []).append(form_pattern(variant))
        self._by_first = {
            k: [re.compile(p + r"(?![^\W_])") for p in sorted(set(v), key=lambda p: (-len(p), p))]
            for k, v in by_first.items()}
        self._lookup = {}
        for form, pid in self.forms.items():
            for variant in _renderings(form):
                self._lookup.setdefault(_norm(variant), pid)


_WORD = re.compile(r"[^\W_]+")   # maximal runs: finditer never starts inside a word


def _renderings(form: str) -> list[str]:
    """The form, in capitals, and (one word of five letters or more) in lower case."""
    out = [form, form.upper()]
    if " " not in form and "." not in form and len(form) >= 5:
        out.append(form.lower())
    return out


def _norm(s: str) -> str:
    return re.sub(r"\.\s*", ".", re.sub(r"\s+", " ", s.strip()))


def form_pattern(form: str) -> str:
    out = []
    for i, ch in enumerate(form):
        if ch.isspace():
            if out and out[-1] in (r"\s+", r"\.\s*"):
                continue
            out.append(r"\s+")
        elif ch == "." and i + 1 < len(form):
            out.append(r"\.\s*")
        else:
            out.append(re.escape(ch))
    # collapse ". " written in the form: the \s* after the stop already allows it
    return "".join(out).replace(r"\.\s*\s+", r"\.\s*")


def load_persons(path: Path | str) -> PersonIndex:
    tree = xmlsafe.parse(path)
    forms: dict[str, str] = {}
    names: dict[str, str] = {}
    patronymics: set[str] = set()
    clashes = []
    for person in tree.iter(T + "person"):
        pid = person.get(XML_ID)
        if not pid:
            continue
        for pn in person.findall(T + "persName"):
            text = " ".join("".join(pn.itertext()).split())
            if not text:
                continue
            if pn.get("type") == "main":
                names[pid] = text
            if pn.get("subtype") == "notag":
                continue
            if pn.get("subtype") == "patronymic":
                patronymics.add(_norm(text))
            if text in forms and forms[text] != pid:
                clashes.append(f"{text!r} is a form of both {forms[text]} and {pid}")
            forms[text] = pid
    if clashes:
        from toolkit.diagnostics import Diagnostic
        raise InputError(f"{path}: ambiguous person forms",
                         [Diagnostic(str(path), 0, 0, "IMP007", c) for c in clashes])
    return index_from_forms(forms, names, patronymics)


def index_from_forms(forms: dict[str, str], names: dict[str, str],
                     patronymics: Iterable[str] = ()) -> PersonIndex:
    patronymics = frozenset(_norm(p) for p in patronymics)
    if not forms:
        return PersonIndex(forms, names, None, patronymics)
    alts = set()
    for f in forms:
        for variant in _renderings(f):
            alts.add(form_pattern(variant))
    ordered = sorted(alts, key=lambda a: (-len(a), a))
    pat = re.compile(r"(?<![^\W_])(?:" + "|".join(ordered) + r")(?![^\W_])")
    return PersonIndex(forms, names, pat, patronymics)


#: Capitalised words that are not given names (sentence openers, titles).
_NOT_GIVEN = frozenset("""A An The But And So Did Does When If On In As For Then Now Yet That This What How
Why Comrade Comrades Even Only While Although After Before To With By From At Of Was Is Had Has Said Says
Wrote Asked Like Whereas Thus Under Since Upon Following Indeed Perhaps Later Here There Dear Old Our My
Poor Yes No Not Nor Or Where Who Whom Whose""".split())


def _given_name_before(text: str, start: int) -> bool:
    """A patronymic after a capitalised word that may be a given name belongs to someone else."""
    m = re.search(r"([A-Z][\w]*)\.?\s+$", text[:start])
    return bool(m) and m.group(1) not in _NOT_GIVEN


def _skip_if(el) -> bool:
    return editor_note(el) or (local(el) == "ref" and el.get("type") == "noteref")


def tag_persons(text_el: etree._Element, index: PersonIndex, *, ref_prefix: str = "persons.xml") -> Counter:
    """Wrap every mention in ``persName ref="persons.xml#key"``; returns counts per key."""
    counts: Counter = Counter()
    if index.pattern is None:
        return counts
    runs = collect_runs(text_el, SKIP, _skip_if)
    for run in runs:
        if not run.text or not run.text.strip():
            continue
        spans = []
        for start, end, matched in index.finditer(run.text):
            if _norm(matched) in index.patronymics and _given_name_before(run.text, start):
                continue
            pid = index.person_of(matched)
            counts[pid] += 1

            def make(pieces, pid=pid):
                from toolkit.importers.common import fill
                return fill(tei("persName", {"ref": f"{ref_prefix}#{pid}"}), pieces)
            spans.append(Span(start, end, make))
        if spans:
            rewrite_run(run, spans)
    return counts


def mentions(tree_or_el) -> Counter:
    """Count ``persName/@ref`` targets (person keys) in a tagged document."""
    root = tree_or_el.getroot() if hasattr(tree_or_el, "getroot") else tree_or_el
    c: Counter = Counter()
    for pn in root.iter(T + "persName"):
        ref = pn.get("ref") or ""
        if "#" in ref:
            c[ref.rsplit("#", 1)[1]] += 1
    return c
