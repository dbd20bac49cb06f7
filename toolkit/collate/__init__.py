"""Collation of witnesses into a TEI critical apparatus (``teikit collate``).

Witnesses are plain-text files or TEI passages (``file.xml#id``: the reading
text of the element with that ``xml:id``, as the edition's shared editorial
layer defines it). They are tokenised and normalised (:mod:`.tokens`), aligned
against a base witness (:mod:`.align`) and written as a TEI
parallel-segmentation apparatus (:mod:`.tei`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import xmlsafe
from toolkit.collate.align import Segment, collate
from toolkit.collate.tei import serialize, to_tei
from toolkit.collate.tokens import Normaliser, tokenize
from toolkit.errors import InputError, ToolError
from toolkit.fsutil import printable
from toolkit.diagnostics import Diagnostic

__all__ = ["WitnessSpec", "CollationResult", "parse_spec", "load_variants", "run", "Normaliser"]

_SIGLUM = re.compile(r"^[A-Za-z][\w.\-]*$")


@dataclass
class WitnessSpec:
    siglum: str
    path: Path
    fragment: str | None = None
    label: str | None = None

    @property
    def source(self) -> str:
        return f"{self.path.name}#{self.fragment}" if self.fragment else self.path.name


@dataclass
class CollationResult:
    segments: list[Segment]
    tree: object
    witnesses: list[WitnessSpec]
    texts: dict[str, str]
    seconds: float
    stats: dict = field(default_factory=dict)

    def tei_bytes(self) -> bytes:
        return serialize(self.tree)


def parse_spec(spec: str, index: int) -> WitnessSpec:
    """``[SIGLUM=]PATH[#ID]``; the siglum defaults to A, B, C... in order."""
    siglum = None
    if "=" in spec.split("#", 1)[0]:
        siglum, spec = spec.split("=", 1)
        if not _SIGLUM.match(siglum):
            raise ToolError(f"bad siglum {siglum!r}: use a letter followed by letters, digits, '.', '_' or '-'")
    path, _, frag = spec.partition("#")
    if siglum is None:
        siglum = _default_siglum(index)
    return WitnessSpec(siglum, Path(path), frag or None)


def _default_siglum(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def load_text(spec: WitnessSpec) -> str:
    if not spec.path.is_file():
        raise ToolError(f"{spec.path}: no such file")
    if spec.fragment is None and spec.path.suffix.lower() != ".xml":
        try:
            return spec.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{spec.path}: not UTF-8", [Diagnostic(str(spec.path), 0, 0, "COL002",
                                                                    f"witness is not UTF-8 text ({exc.reason})")])
    from toolkit.collate.passage import passage_text

    return passage_text(spec.path, spec.fragment)


def load_variants(path: Path) -> dict[str, str]:
    """Spelling equivalences from a personography (``persName[@type='variant']``
    mapped to the entry's main name) or from a TOML table ``[variants]``."""
    if not path.is_file():
        raise ToolError(f"{path}: no such file")
    if path.suffix.lower() == ".toml":
        try:
            import tomllib
        except ModuleNotFoundError:  # pragma: no cover
            import tomli as tomllib  # type: ignore
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        table = data.get("variants", {})
        return {str(k): str(v) for k, v in sorted(table.items())}
    tree = xmlsafe.parse(path)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    out: dict[str, str] = {}
    for person in tree.iterfind(".//t:person", ns):
        mains = person.xpath("t:persName[@type='main' or not(@type)][1]", namespaces=ns)
        if not mains:
            continue
        main = _surname("".join(mains[0].itertext()))
        for v in person.xpath("t:persName[@type='variant']", namespaces=ns):
            form = _surname("".join(v.itertext()))
            if form and main and form != main:
                out[form] = main
    return dict(sorted(out.items()))


def _surname(name: str) -> str:
    """The last word of a name: what a running text mostly uses."""
    words = name.replace(",", " ").split()
    if not words:
        return ""
    # "Trotsky, Leon" style keeps the first word
    return words[0] if "," in name else words[-1]


def run(specs: list[WitnessSpec], *, base: str | None = None, normaliser: Normaliser | None = None,
        tokenizer: str = "words", formal: bool = False, title: str | None = None,
        id_prefix: str = "") -> CollationResult:
    """Collate the witnesses. ``base``: siglum for the lemma; ``"none"`` for no lemma
    (the first witness is still the reference for alignment)."""
    if len(specs) < 2:
        raise ToolError("collation needs at least two witnesses")
    sigla = [s.siglum for s in specs]
    dup = {s for s in sigla if sigla.count(s) > 1}
    if dup:
        raise ToolError(f"witness sigla must differ: {', '.join(sorted(dup))} given twice")
    normaliser = normaliser or Normaliser()
    lemma = True
    if base is None:
        base = sigla[0]
    elif base.lower() == "none":
        base, lemma = sigla[0], False
    elif base not in sigla:
        raise ToolError(f"--base {base!r} is not one of the sigla {', '.join(sigla)}")
    texts = {s.siglum: load_text(s) for s in specs}
    t0 = time.perf_counter()
    toks = {sig: tokenize(texts[sig], normaliser, tokenizer) for sig in sigla}
    empty = [sig for sig, t in toks.items() if not t]
    if empty:
        raise InputError("empty witness", [Diagnostic(str(next(s.path for s in specs if s.siglum == sig)), 0, 0,
                                                      "COL001", f"witness {sig} has no text") for sig in empty])
    # align against the base; keep witness order with the base first
    ordered = {base: toks[base], **{s: toks[s] for s in sigla if s != base}}
    segments = collate(ordered, base, formal=formal)
    seconds = time.perf_counter() - t0
    wits = [{"siglum": s.siglum, "id": f"{id_prefix}{s.siglum}", "label": printable(s.label or s.source),
             "source": printable(s.source)} for s in specs]  # a file name may hold any byte
    method = ("Each witness was tokenised into words with their punctuation and aligned to witness "
              f"{base} on normalised tokens (longest agreeing runs first); variant places are the base ranges "
              "where any witness departs from it, merged so that all witnesses share the same segments.")
    tree = to_tei(segments, wits, base=base if lemma else None,
                  title=title or "Collation of " + ", ".join(printable(s.source) for s in specs),
                  id_prefix=id_prefix, normalisation=normaliser.describe(), method=method)
    variants = [s for s in segments if s.variant]
    stats = {
        "witnesses": len(specs),
        "tokens": {sig: len(toks[sig]) for sig in sigla},
        "apparatus_entries": len(variants),
        "readings": sum(len(s.readings) for s in variants),
        "kinds": {k: sum(1 for s in variants if s.kind == k) for k in sorted({s.kind for s in variants})},
    }
    return CollationResult(segments, tree, specs, texts, seconds, stats)
