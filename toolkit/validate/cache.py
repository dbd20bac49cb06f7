"""Validation results kept by content, so that a file is validated again only when
something it depends on has changed.

What one file's checks (well-formedness, RELAX NG, Schematron, the references
inside it) find depends only on what they read: the file's bytes, the files it
XIncludes, the schemas that apply (named with ``--schema``, by ``xml-model``, or the
defaults) and the files those schemas include, the options, and the toolkit's own
code. An entry records every one of those files with the SHA-256 of its bytes, or
its absence (a missing XInclude target or schema that later appears changes the
verdict); it is used only when every one of them is unchanged. The checks across
files (:func:`toolkit.refs.check_run`: ids repeated across the run, pointers into
other files) always run again, on the ids and pointers the entry keeps.

Nothing is cached for a file whose Schematron could read anything else or depend
on the clock (``doc()``, ``document()``, ``unparsed-text()``, ``collection()``,
``current-date()``...), nor with ``--engine jing``. Entries live in
``<cache>/validate/results.sqlite`` (the cache folder of
:func:`toolkit.resources.cache_dir`, i.e. ``$TEIKIT_CACHE_DIR``,
``$XDG_CACHE_HOME/teikit`` or ``~/.cache/teikit``), one row (its JSON) per file
validated and set of options: one SQLite database, not a file per entry, because
creating thousands of small files is slow on many file systems (5,000 of them took
2.4 s here, their rows 0.15 s). ``TEIKIT_CACHE_DIR=`` (empty) or ``teikit validate
--no-cache`` turns the cache off. An unreadable or damaged entry is a miss, a damaged
database is made anew, and a cache that cannot be written is no cache, never an
error.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from toolkit.diagnostics import Diagnostic
from toolkit.fsutil import file_digest, forget_digests, forget_real_paths
from toolkit.schema import rnc

#: bump when the layout of an entry changes
CACHE_VERSION = "1"

_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: what a RELAX NG compact schema includes (``include "x.rnc"``, ``external "y.rnc"``)
_RNC_HREF = re.compile(rb"""\b(?:include|external)\s+(?:"([^"\n]*)"|'([^'\n]*)')""")
#: XPath functions through which a Schematron can see more than the document, or the clock
_IMPURE = re.compile(rb"\b(?:doc|document|doc-available|unparsed-text(?:-lines|-available)?|collection|"
                     rb"uri-collection|json-doc|environment-variable|available-environment-variables|"
                     rb"current-date|current-dateTime|current-time|random-number-generator|"
                     rb"transform|load-xquery-module)\s*\(")


def folder() -> Path | None:
    from toolkit.resources import cache_dir

    base = cache_dir()
    return base / "validate" if base is not None else None


def digest(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it is not a readable file."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (OSError, ValueError):
        return None


def new_run() -> None:
    """Forget the digests :func:`digest_of_dependency` keeps (at the start of a run: a
    long-lived process must not trust a file's times from one run to the next, on a
    file system whose times are coarse), the real paths of folders, and the paths
    URLs were found to name."""
    from toolkit.validate import document

    forget_digests()
    forget_real_paths()
    document.new_run()


def digest_of_dependency(path: str) -> str | None:
    """:func:`digest` of a file results depend on (a schema, an XIncluded part, the
    document of a cache entry), found again in a run only when the file's size,
    times or inode changed (``fsutil.file_digest``)."""
    try:
        return file_digest(path)
    except (OSError, ValueError):
        return None


_tool: str | None = None


def tool_digest() -> str:
    """The toolkit's own code, its bundled schemas and the libraries that judge: a
    change to any of them makes every entry a miss. Made of contents and release
    names only, so that the same release installed again (a CI runner) keeps the key."""
    global _tool
    if _tool is None:
        from lxml import etree

        h = hashlib.sha256(CACHE_VERSION.encode())
        pkg = Path(__file__).resolve().parent.parent
        for p in sorted(pkg.rglob("*.py")):
            h.update(p.relative_to(pkg).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
        h.update(repr((etree.LXML_VERSION, etree.LIBXML_VERSION, etree.LIBXSLT_VERSION)).encode())
        from toolkit import resources

        for p in sorted(resources.schemas_dir().iterdir()):  # the bundled schemas
            if p.is_file():
                h.update(p.name.encode() + b"\0" + (digest(p) or "").encode() + b"\0")
        try:  # saxonche's release (its dist-info folder) and the size of its library, not
            # modification times, which differ between two installs of the same release
            from importlib.util import find_spec

            spec = find_spec("saxonche")
            lib = Path(spec.origin)
            h.update(f"{lib.name}\0{lib.stat().st_size}\0".encode())
            h.update(" ".join(sorted(q.name for q in lib.parent.glob("saxonche-*.dist-info"))).encode())
        except (ImportError, AttributeError, TypeError, OSError, ValueError):
            h.update(b"saxonche?")
        _tool = h.hexdigest()
    return _tool


class Schemas:
    """Every local file a schema may read (itself, and whatever it names with
    ``href``, transitively: an over-approximation, which keeps the cache sound), and
    whether results under it may be cached at all. Memoised for the run."""

    def __init__(self):
        self._files: dict[str, list[str]] = {}
        self._pure: dict[str, bool] = {}
        self._stamps: dict[str, list] = {}

    @staticmethod
    def stamp(files: list[str]) -> list:
        out = []
        for f in files:
            try:
                st = os.stat(f)  # (an edit always moves ctime, which no program can set back)
                out.append((st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append(None)
        return out

    def files(self, schema: str) -> list[str]:
        if schema in self._files and self.stamp(self._files[schema]) != self._stamps[schema]:
            del self._files[schema]  # edited since: look again
        if schema not in self._files:
            from toolkit.validate.document import url_to_path

            seen: list[str] = []
            todo = [str(Path(schema).resolve())]
            pure = True
            while todo:
                p = todo.pop()
                if p in seen:
                    continue
                seen.append(p)
                try:
                    data = Path(p).read_bytes()
                except OSError:
                    continue
                pure = pure and not _IMPURE.search(data)
                refs = (_RNC_HREF if rnc.is_compact(p) else _HREF).finditer(data)
                for m in refs:
                    href = (m.group(1) or m.group(2) or b"").decode("utf-8", "replace").split("#")[0].strip()
                    if not href or re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", href) and not href.startswith("file:"):
                        continue  # remote: never read, so nothing to depend on
                    target = url_to_path(href, Path(p))
                    if target is not None:
                        todo.append(str(target))
            self._files[schema] = sorted(seen)
            self._pure[schema] = pure
            self._stamps[schema] = self.stamp(self._files[schema])
        return self._files[schema]

    def pure(self, schema: str) -> bool:
        """False when the schema's files name a function that could make a Schematron
        read another file or the clock (which matters for Schematron only)."""
        self.files(schema)
        return self._pure[schema]


_schemas: Schemas | None = None


def schemas() -> Schemas:
    """The process's one record of schema files (the validator and the Schematron
    compiler's cache of validators share it)."""
    global _schemas
    if _schemas is None:
        _schemas = Schemas()
    return _schemas


def entry_key(abspath: str, shown: str, opts) -> str:
    """One entry per file validated and set of options (a later run overwrites it)."""
    ident = [CACHE_VERSION, tool_digest(), os.getcwd(), abspath, shown, opts.schemas, opts.defaults,
             opts.engine, opts.phase, opts.defaults_error]
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()


class Store:
    """The results, in one SQLite database of this process's (opened when first
    needed, in the process that validates: :meth:`close` it before starting worker
    processes, which must not inherit an open connection)."""

    DB = "results.sqlite"

    def __init__(self, base: Path):
        self.base = base
        self._db = None  # a sqlite3 connection
        self._pid = None
        self._broken = False  # the database could not be opened or made: no cache

    def _conn(self):
        import sqlite3  # (only when a cache is used: its import is a cost of every run)

        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self._broken or self._db is not None:  # (a connection from before a fork is not used)
            return None
        for attempt in (1, 2):
            try:
                self.base.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.base / self.DB), timeout=10, isolation_level=None)
                # a cache: losing the last rows in a crash costs a validation, no more
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, data TEXT NOT NULL, "
                           "written REAL NOT NULL)")
                self._db, self._pid = db, os.getpid()
                return db
            except sqlite3.DatabaseError:
                if attempt == 1:  # damaged (a crash, a copy cut short): made anew
                    for name in (self.DB, self.DB + "-wal", self.DB + "-shm"):
                        try:
                            (self.base / name).unlink()
                        except OSError:
                            pass
                    continue
            except (sqlite3.Error, OSError):
                pass
            break
        self._broken = True
        return None

    def close(self) -> None:
        import sqlite3

        if self._db is not None and self._pid == os.getpid():
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def get(self, key: str):
        """``(diagnostics, DocRefs or None)`` when the entry exists and every file it
        depends on is as it was, else None."""
        import sqlite3

        db = self._conn()
        if db is None:
            return None
        try:
            row = db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            data = json.loads(row[0])
            if data.get("version") != CACHE_VERSION:
                return None
            for path, dig in data["deps"]:
                if digest_of_dependency(path) != dig:
                    return None
            diags = [Diagnostic(**d) for d in data["diagnostics"]]
            refs = _refs_from(data["refs"]) if data["refs"] is not None else None
            return diags, refs
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, deps: dict[str, str | None], diags: list[Diagnostic], refs) -> None:
        import sqlite3
        import time

        db = self._conn()
        if db is None:
            return
        data = {"version": CACHE_VERSION, "deps": sorted(deps.items()),
                "diagnostics": [d.as_dict() for d in diags],
                "refs": _refs_to(refs) if refs is not None else None}
        try:  # (ASCII JSON: a path may hold any byte)
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                       (key, json.dumps(data, separators=(",", ":")), time.time()))
        except sqlite3.Error:
            pass  # a cache that cannot be written is no cache, not an error

    def prune(self, max_age_days: float = 30, every_hours: float = 24) -> None:
        """Remove entries not written for ``max_age_days`` (files deleted or renamed
        long ago leave theirs behind), and pruned grammars (``rng.cache_folder``)
        not used for as long, at most once every ``every_hours``. A removed
        entry that was still good costs one validation, nothing more; a removed
        grammar, pruning it again. (Entries of earlier releases, a JSON file each,
        are removed as well.)"""
        import sqlite3
        import time

        marker = self.base / "last-pruned"
        now = time.time()
        try:
            if now - marker.stat().st_mtime < every_hours * 3600:
                return
        except OSError:
            pass
        from toolkit.rng import cache_folder

        grammars = cache_folder()
        db = self._conn()
        if db is not None:
            try:
                db.execute("DELETE FROM entries WHERE written < ?", (now - max_age_days * 86400,))
            except sqlite3.Error:
                pass
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            marker.write_bytes(b"")
            for entry in self.base.glob("??/*.json"):
                entry.unlink()
            for entry in grammars.glob("*.rng") if grammars else ():
                if now - entry.stat().st_mtime > max_age_days * 86400:
                    entry.unlink()
        except OSError:
            pass


def _refs_to(r) -> dict:
    return {"path": r.path, "abspath": r.abspath, "ids": sorted(r.ids), "occurrences": r.occurrences,
            "external": r.external}


def _refs_from(d: dict):
    from toolkit.refs import DocRefs

    return DocRefs(path=d["path"], abspath=d["abspath"], ids=set(d["ids"]),
                   occurrences=[tuple(o) for o in d["occurrences"]], external=[tuple(e) for e in d["external"]])
