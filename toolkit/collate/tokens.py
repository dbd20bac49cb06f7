"""Tokenisation and normalisation of witness texts for collation.

A token is a word together with the punctuation attached to it and the white
space that follows it, so that joining the ``text`` of consecutive tokens gives
back the witness exactly. Alignment compares ``norm``, the normalised form, which
the :class:`Normaliser` derives according to the user's options.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A token: optional leading punctuation, a run of non-space characters, trailing space.
_TOKEN_WHITESPACE = re.compile(r"\S+\s*")
# "words": a word (letters, digits, inner apostrophes and hyphens) with the
# punctuation clinging to it on either side; free-standing punctuation (a spaced
# dash) becomes its own token.
_TOKEN_WORDS = re.compile(r"[^\w\s]*\w+(?:['’\-‐]\w+)*[^\w\s]*\s*|[^\w\s]+\s*")

TOKENIZERS = {"words": _TOKEN_WORDS, "whitespace": _TOKEN_WHITESPACE}

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "–": "-", "—": "-", "‒": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
})
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    text: str      # as in the witness, with trailing white space
    norm: str      # compared form

    @property
    def word(self) -> str:
        return self.text.strip()


@dataclass
class Normaliser:
    """Options deciding which differences count as variation.

    * ``case``: fold case (default on).
    * ``punctuation``: ignore punctuation (default on).
    * ``typography``: treat curly and straight quotation marks, and the dashes,
      as the same (default on; only matters when punctuation is compared).
    * ``variants``: spelling equivalences, ``{"trotskiy": "trotsky", ...}``; keys
      and values are compared after the other normalisations.
    """

    case: bool = True
    punctuation: bool = True
    typography: bool = True
    variants: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self._variants = {self._base(k): self._base(v) for k, v in self.variants.items()}

    def _base(self, s: str) -> str:
        s = unicodedata.normalize("NFC", s.strip())
        if self.typography:
            s = s.translate(_QUOTES)
        if self.punctuation:
            s = _PUNCT.sub("", s)
        if self.case:
            s = s.casefold()
        return s

    def __call__(self, word: str) -> str:
        s = self._base(word)
        if self._variants:
            # possessives keep their variant mapping: Trotskiy's -> trotsky's
            stem, sep, tail = s.partition("'") if not self.punctuation else (s, "", "")
            if stem in self._variants:
                return self._variants[stem] + sep + tail
            if self.punctuation and s.endswith("s") and s[:-1] in self._variants and s[:-1] + "s" not in self._variants:
                return self._variants[s[:-1]] + "s"
        return s

    def describe(self) -> str:
        parts = []
        parts.append("case folded" if self.case else "case kept")
        parts.append("punctuation ignored" if self.punctuation else "punctuation compared")
        if not self.punctuation:
            parts.append("quotation marks and dashes unified" if self.typography else "quotation marks and dashes kept")
        if self.variants:
            parts.append(f"{len(self.variants)} spelling equivalences")
        return "; ".join(parts)


def tokenize(text: str, normaliser: Normaliser, mode: str = "words") -> list[Token]:
    """Split ``text`` into tokens; leading white space of the text is dropped."""
    try:
        rx = TOKENIZERS[mode]
    except KeyError:
        raise ValueError(f"unknown tokenizer {mode!r}; choose from {', '.join(TOKENIZERS)}")
    text = unicodedata.normalize("NFC", text).lstrip()
    toks = []
    for m in rx.finditer(text):
        t = m.group(0)
        toks.append(Token(t, normaliser(t)))
    # tokens whose normal form is empty (pure punctuation with punctuation ignored)
    # cannot be compared: attach them to the preceding token so nothing is lost.
    out: list[Token] = []
    for t in toks:
        if not t.norm and out:
            prev = out[-1]
            out[-1] = Token(prev.text + t.text, prev.norm)
        elif not t.norm:
            out.append(Token(t.text, t.text.strip()))
        else:
            out.append(t)
    return out
