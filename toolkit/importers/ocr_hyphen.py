"""Classify line-end hyphens in OCR of printed typescripts.

A line that ends in ``-`` is either a word broken by a soft (typesetter's)
hyphen, a real hyphenated compound broken at its own hyphen, a numeric range
broken at its dash, or an em dash that the typescript printed as a hyphen at
the end of a line.  The decision uses word evidence from the text itself (and
from optional further texts of the same corpus): the joined form and the
hyphenated form are looked up among the words that are *not* at a line end.
A reviewed exception list decides the cases where the evidence is ambiguous.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

SOFT = "soft"          # revolu-|tionary: the hyphen is the typesetter's
HARD = "hard"          # All-|Russian: the compound's own hyphen
NUMERIC = "numeric"    # 1937-|1938: a numeric range
DASH = "dash"          # leaders-|Lenin: an em dash printed as a line-end hyphen
CLASSES = (SOFT, HARD, NUMERIC, DASH)

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:[-'][A-Za-z\u00c0-\u024f]+)*")
_LEFT = re.compile(r"([A-Za-z\u00c0-\u024f0-9]+(?:-[A-Za-z\u00c0-\u024f0-9]+)*)-$")
_RIGHT = re.compile(r"^[\"'(\[]*([A-Za-z\u00c0-\u024f0-9]+(?:-[A-Za-z\u00c0-\u024f0-9]+)*)")

#: prefixes that English writes with a hyphen before a capitalised word
_CAP_PREFIXES = frozenset({"anti", "non", "pro", "pre", "post", "pan", "neo", "ex", "semi",
                           "all", "ail", "un", "mid", "quasi", "pseudo", "ultra", "counter"})

#: second members that English closes up (crafts|men, father|hood)
_CLOSED_SUFFIXES = frozenset({"men", "man", "hood", "ship", "ness", "less", "like", "ward", "wards",
                              "ism", "able", "ible", "age", "ment", "tion", "ly"})


@dataclass
class Lexicon:
    """Word counts (lower case) of a corpus, line-end fragments excluded."""

    words: Counter = field(default_factory=Counter)
    parts: Counter = field(default_factory=Counter)

    def add_lines(self, lines: list[str]) -> None:
        """Count the words of ``lines``; a fragment touching a line-end hyphen is skipped."""
        previous_hyphen = False
        for line in lines:
            text = line.strip()
            tokens = _WORD.findall(text)
            ends_hyphen = text.endswith("-") and not text.endswith("--")
            if not text:
                continue
            first_skip = previous_hyphen
            last_skip = ends_hyphen
            for i, tok in enumerate(tokens):
                if i == 0 and first_skip:
                    continue
                if i == len(tokens) - 1 and last_skip:
                    continue
                low = tok.lower()
                self.words[low] += 1
                if "-" in low:
                    for part in low.split("-"):
                        self.parts[part] += 1
            previous_hyphen = ends_hyphen

    def count(self, word: str) -> int:
        """Occurrences of ``word`` as a whole word."""
        return self.words.get(word.lower(), 0)

    def count_any(self, word: str) -> int:
        """Occurrences of ``word`` as a word or as a member of a hyphenated word."""
        low = word.lower()
        return self.words.get(low, 0) + self.parts.get(low, 0)


def lexicon_from_texts(texts: Iterable[str]) -> Lexicon:
    lex = Lexicon()
    for text in texts:
        lex.add_lines(text.split("\n"))
    return lex


@dataclass(frozen=True)
class Decision:
    cls: str
    left: str
    right: str
    evidence: str        # which rule decided: joined, hyphenated, capital, numeric, dash, default, exception


def fragments(line: str, next_line: str) -> tuple[str, str]:
    """The word fragments on either side of a line-end hyphen."""
    m = _LEFT.search(line.rstrip())
    n = _RIGHT.search(next_line.strip())
    return (m.group(1) if m else ""), (n.group(1) if n else "")


def classify(line: str, next_line: str, lexicon: Lexicon,
             exceptions: Mapping[str, str] | None = None) -> Decision:
    """Decide the class of the hyphen ending ``line`` (``next_line`` is the next non-empty line).

    The rules, in order: a reviewed exception; a digit before the hyphen
    (numeric); the hyphenated form attested more often than the joined form
    (hard); the joined form attested (soft); an all-capitals transliteration
    (soft); a capitalised word after a capitalised word or a prefix (hard);
    a capitalised word after an ordinary lower-case word (dash); a hyphen
    inside the following word (hard, a chain such as companions-|in-arms);
    two attested words whose joined form is unattested (hard, a compound);
    otherwise soft.
    """
    left, right = fragments(line, next_line)
    if exceptions:
        key = f"{left}-{right}"
        if key in exceptions:
            return Decision(exceptions[key], left, right, "exception")
    if not left or not right:
        return Decision(SOFT, left, right, "default")
    if left[-1].isdigit():
        return Decision(NUMERIC, left, right, "numeric")
    last_left = left.split("-")[-1]
    first_right = right.split("-")[0]
    joined = last_left + first_right
    hyphenated = last_left + "-" + first_right
    n_joined = lexicon.count_any(joined)
    n_hyph = lexicon.count(hyphenated)
    if n_hyph > n_joined:
        return Decision(HARD, left, right, "hyphenated")
    if n_joined:
        return Decision(SOFT, left, right, "joined")
    if last_left.isupper() and first_right.isupper():
        return Decision(SOFT, left, right, "capitals")
    if first_right[:1].isupper():
        if not last_left.islower() or last_left in _CAP_PREFIXES:
            return Decision(HARD, left, right, "capital")
        if lexicon.count_any(last_left) >= 2 and lexicon.count_any(first_right) >= 2:
            return Decision(DASH, left, right, "dash")
    if "-" in right:
        return Decision(HARD, left, right, "chain")
    if (len(last_left) > 1 and len(first_right) > 1 and last_left.islower()
            and first_right.lower() not in _CLOSED_SUFFIXES
            and lexicon.count_any(last_left) >= 2 and lexicon.count_any(first_right) >= 2):
        return Decision(HARD, left, right, "compound")
    return Decision(SOFT, left, right, "default")
