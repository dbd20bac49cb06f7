"""Which child of an element is out of place, and what was expected there.

libxml2 validates mixed content (TEI's paragraphs, heads, quotes...) without a
compiled automaton, and when a child fails it often blames the text around it
("text not allowed in p") or a sibling. This module checks the *sequence* of an
element's children (their names, and text that is not whitespace) against the
element's content model, the way Jing does, with derivatives of RELAX NG patterns
(James Clark's algorithm) restricted to one level: a child matches an ``element``
pattern by its name alone, and attributes are left to the other checks. The first
item that no pattern admits is the one to report, with the names that could have
come there; an element whose children are all admitted but which the model needs
more of is incomplete.

Patterns are interned as integers so that derivatives are memoised and shared.
"""

from __future__ import annotations

from toolkit.schema import grammar as G

_EMPTY, _NA, _TEXT, _DATA = 0, 1, 2, 3
#: an item of a sequence: a child element's (ns, local) name, or TEXT for text
TEXT = None


class Unknown(Exception):
    """The content model uses a construct this check does not model."""


class Checker:
    """Sequence checks against one grammar (a :class:`toolkit.schema.grammar.Grammar`)."""

    def __init__(self, grammar: G.Grammar):
        self.g = grammar
        self._nodes: list[tuple] = [("empty",), ("notAllowed",), ("text",), ("data",)]
        self._ids: dict[tuple, int] = {n: i for i, n in enumerate(self._nodes)}
        self._elements: list[G.P] = []   # element patterns, by their index in ("el", i)
        self._refs: dict[str, int] = {}
        self._nullable: dict[int, bool] = {_EMPTY: True, _NA: False, _TEXT: True, _DATA: True}
        self._deriv: dict[tuple[int, object], int] = {}
        self._first: dict[int, frozenset] = {}
        self._declared: tuple[set, list] | None = None  # element names, other name classes

    # ------------------------------------------------------------------ building

    def _node(self, key: tuple) -> int:
        i = self._ids.get(key)
        if i is None:
            i = self._ids[key] = len(self._nodes)
            self._nodes.append(key)
        return i

    def _choice(self, a: int, b: int) -> int:
        if a == _NA or a == b:
            return b
        if b == _NA:
            return a
        return self._node(("choice", min(a, b), max(a, b)))

    def _both(self, kind: str, a: int, b: int) -> int:
        """``a`` then ``b`` (group), or both in any order (interleave)."""
        if a == _NA or b == _NA:
            return _NA
        if a == _EMPTY:
            return b
        if b == _EMPTY:
            return a
        return self._node((kind, a, b) if kind == "group" else (kind, min(a, b), max(a, b)))

    def _group(self, a: int, b: int) -> int:
        return self._both("group", a, b)

    def _interleave(self, a: int, b: int) -> int:
        return self._both("interleave", a, b)

    def _one_or_more(self, a: int) -> int:
        return a if a in (_NA, _EMPTY) else self._node(("oneOrMore", a))

    def _fold(self, make, parts: list[int]) -> int:
        """``parts`` combined pairwise (a balanced tree: TEI's classes have hundreds of
        members, and the algebra recurses over the tree's depth)."""
        while len(parts) > 1:
            parts = [make(parts[j], parts[j + 1]) if j + 1 < len(parts) else parts[j]
                     for j in range(0, len(parts), 2)]
        return parts[0]

    def pattern(self, p: G.P) -> int:
        k = p.kind
        if k == "element":
            self._elements.append(p)
            return self._node(("el", len(self._elements) - 1))
        if k == "ref":
            return self._ref(p.attrs["name"])
        if k in ("empty", "attribute"):  # attributes are checked elsewhere
            return _EMPTY
        if k == "notAllowed":
            return _NA
        if k == "text":
            return _TEXT
        if k in ("data", "value", "list"):
            return _DATA
        kids = [self.pattern(c) for c in p.children]
        if k == "choice":
            return self._fold(self._choice, kids) if kids else _NA
        if k == "group":
            return self._fold(self._group, kids) if kids else _EMPTY
        if k == "interleave":
            return self._fold(self._interleave, kids) if kids else _EMPTY
        body = self._fold(self._group, kids) if kids else _EMPTY
        if k == "oneOrMore":
            return self._one_or_more(body)
        if k == "zeroOrMore":
            return self._choice(self._one_or_more(body), _EMPTY)
        if k == "optional":
            return self._choice(body, _EMPTY)
        if k == "mixed":
            return self._interleave(body, _TEXT)
        raise Unknown(k)

    def _ref(self, name: str) -> int:
        i = self._refs.get(name)
        if i is None:
            if name not in self.g.defines:
                raise Unknown(f"ref {name}")
            i = self._refs[name] = self._node(("ref", name))
        return i

    def _resolve(self, i: int) -> int:
        """A ref's pattern (built on first use: definitions may refer to themselves)."""
        seen = set()
        while self._nodes[i][0] == "ref":
            if i in seen:
                return _NA
            seen.add(i)
            name = self._nodes[i][1]
            key = ("def", name)  # pattern() never resolves a ref, so this cannot recurse
            if key not in self._ids:
                self._ids[key] = self.pattern(self.g.defines[name])
            i = self._ids[key]
        return i

    # ------------------------------------------------------------------ algebra

    def nullable(self, i: int) -> bool:
        got = self._nullable.get(i)
        if got is not None:
            return got
        self._nullable[i] = False  # recursion through refs: not nullable that way
        n = self._nodes[i]
        k = n[0]
        if k == "choice":
            r = self.nullable(n[1]) or self.nullable(n[2])
        elif k in ("group", "interleave"):
            r = self.nullable(n[1]) and self.nullable(n[2])
        elif k == "oneOrMore":
            r = self.nullable(n[1])
        elif k == "ref":
            r = self.nullable(self._resolve(i))
        else:  # el
            r = False
        self._nullable[i] = r
        return r

    def deriv(self, i: int, item) -> int:
        key = (i, item)
        got = self._deriv.get(key)
        if got is not None:
            return got
        n = self._nodes[i]
        k = n[0]
        if i in (_EMPTY, _NA):
            r = _NA
        elif i == _TEXT:
            r = _TEXT if item is TEXT else _NA
        elif i == _DATA:
            r = _EMPTY if item is TEXT else _NA
        elif k == "el":
            r = _EMPTY if item is not TEXT and G.nc_matches(self._elements[n[1]].children[0], item) else _NA
        elif item not in (first := self.first(i)) and None not in first:
            # nothing in it may start with the item (a pattern other than notAllowed
            # admits some sequence, so first() is exact): TEI's classes are choices of
            # hundreds of names, each of which would otherwise be tried
            r = _NA
        elif k == "choice":
            r = self._choice(self.deriv(n[1], item), self.deriv(n[2], item))
        elif k == "group":
            r = self._group(self.deriv(n[1], item), n[2])
            if self.nullable(n[1]):
                r = self._choice(r, self.deriv(n[2], item))
        elif k == "interleave":
            r = self._choice(self._interleave(self.deriv(n[1], item), n[2]),
                             self._interleave(n[1], self.deriv(n[2], item)))
        elif k == "oneOrMore":
            r = self._group(self.deriv(n[1], item), self._choice(i, _EMPTY))
        else:  # ref
            r = self.deriv(self._resolve(i), item)
        self._deriv[key] = r
        return r

    def first(self, i: int) -> frozenset:
        """What may come next: element names ((ns, local), or None for any name) and
        TEXT."""
        got = self._first.get(i)
        if got is not None:
            return got
        self._first[i] = frozenset()
        n = self._nodes[i]
        k = n[0]
        if i in (_TEXT, _DATA):
            r = frozenset([TEXT])
        elif i in (_EMPTY, _NA):
            r = frozenset()
        elif k == "el":
            nc = self._elements[n[1]].children[0]
            r = frozenset(_nc_names(nc))
        elif k in ("choice", "interleave"):
            r = self.first(n[1]) | self.first(n[2])
        elif k == "group":
            r = self.first(n[1]) | (self.first(n[2]) if self.nullable(n[1]) else frozenset())
        elif k == "oneOrMore":
            r = self.first(n[1])
        else:
            r = self.first(self._resolve(i))
        self._first[i] = r
        return r

    # ------------------------------------------------------------------ checking

    def check(self, contents: list[G.P], items: list) -> tuple[int | None, frozenset, bool] | None:
        """Check ``items`` (child names, TEXT) against the content of an element that
        has the patterns ``contents`` (their second child). None when the sequence is
        admitted; else ``(index of the first item not admitted, or None when the
        element is incomplete, what was expected there, whether the element could
        have ended there)``. Raises :class:`Unknown` for constructs not modelled."""
        faults = self.check_all(contents, items, limit=1)
        return faults[0] if faults else None

    def _known(self, item) -> bool:
        """May some element pattern of the grammar match this child at all? (Text: yes.)"""
        if item is TEXT:
            return True
        if self._declared is None:
            self._declared = self.g.element_name_classes()
        names, other = self._declared
        return item in names or any(G.nc_matches(nc, item) for nc in other)

    def _recover(self, cur: int, item, depth: int = 2, budget: int = 60) -> int:
        """The state after ``item`` when the fewest required items (at most ``depth``,
        breadth first) are supposed before it; ``cur`` itself when none would admit it."""
        frontier, seen = [cur], {cur}
        for _ in range(depth):
            nxt = []
            for state in frontier:
                if self.nullable(state):
                    continue  # nothing is missing here (what is optional is not supposed)
                for y in self.first(state):
                    if y is None:
                        continue  # a wildcard: no name to suppose
                    budget -= 1
                    if budget < 0:
                        return cur
                    t = self.deriv(state, y)
                    if t == _NA or t in seen:
                        continue
                    after = self.deriv(t, item)
                    if after != _NA:
                        return after
                    seen.add(t)
                    nxt.append(t)
            frontier = nxt
        return cur

    def free(self, contents: list[G.P], limit: int = 64) -> frozenset | None:
        """The items (child names, TEXT) that may come first in an element with the
        patterns ``contents``, when every sequence of them, in any order and number, is
        admitted (TEI's mixed content, ``empty``): an element whose items are all
        among them needs no check. None when that does not hold, and when it is not
        settled within ``limit`` states. (:meth:`first` gives None for text and for an
        element wildcard alike; here it is taken for text, so a child that only a
        wildcard admits is not among the items, and an element holding one is checked.)

        It holds when every state reached from the start by those items is nullable
        and none of them refuses one of the items. Raises :class:`Unknown` as
        :meth:`check` does."""
        if not contents:
            raise Unknown("no pattern")
        start = self._fold(self._choice, [self.pattern(c) for c in contents])
        alphabet = self.first(start)
        seen, todo = {start}, [start]
        while todo:
            state = todo.pop()
            if not self.nullable(state):
                return None
            for item in alphabet:
                after = self.deriv(state, item)
                if after == _NA:
                    return None
                if after not in seen:
                    if len(seen) >= limit:
                        return None
                    seen.add(after)
                    todo.append(after)
        return alphabet

    def check_all(self, contents: list[G.P], items: list, limit: int = 20) -> list[tuple[int | None, frozenset, bool]]:
        """Every fault of the sequence, as :meth:`check` gives the first (at most
        ``limit``). After an item not admitted the check goes on as Jing does: as if
        the fewest items that would admit it had come first (``title`` before an
        ``author`` that came too soon), else as if it were absent."""
        if not contents:
            raise Unknown("no pattern")
        cur = self._fold(self._choice, [self.pattern(c) for c in contents])
        faults = []
        for n, item in enumerate(items):
            nxt = self.deriv(cur, item)
            if nxt == _NA:
                faults.append((n, self.first(cur), self.nullable(cur)))
                if len(faults) >= limit:
                    return faults
                if self._known(item):  # (no items supposed before it would admit it otherwise)
                    cur = self._recover(cur, item)
                continue
            cur = nxt
        if not self.nullable(cur):
            faults.append((None, self.first(cur), False))
        return faults


def _nc_names(nc: G.P):
    if nc.kind == "name":
        yield nc.attrs["ns"], nc.attrs["local"]
    elif nc.kind == "choice":
        for c in nc.children:
            yield from _nc_names(c)
    else:  # anyName, nsName
        yield None
