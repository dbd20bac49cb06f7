"""Safe XML parsing for the whole toolkit.

Every module that reads XML goes through :func:`parse` (or :func:`parser`):

* no network access, ever (``no_network``), and no DTD loading unless asked;
* external entities are never resolved; internal entity references are left
  unexpanded, so an entity bomb ("billion laughs") cannot blow up in memory;
* files larger than :data:`MAX_BYTES` are refused before they are read;
* failures become :class:`~toolkit.errors.InputError` carrying an ``XML001``
  diagnostic with the file, line and column.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlparse

from lxml import etree

from toolkit.diagnostics import Diagnostic
from toolkit.errors import InputError, ToolError

#: Largest input accepted (bytes). Override with TEIKIT_MAX_BYTES.
MAX_BYTES = int(os.environ.get("TEIKIT_MAX_BYTES", str(256 * 1024 * 1024)))


class _NoResolver(etree.Resolver):
    """Refuses every external resource (DTDs, entities, XIncludes over http)."""

    def resolve(self, system_url, public_id, context):  # noqa: D401
        return self.resolve_string("", context)


def parser(*, load_dtd: bool = False, remove_blank_text: bool = False, huge_tree: bool = True) -> etree.XMLParser:
    p = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=load_dtd,
        dtd_validation=False,
        remove_blank_text=remove_blank_text,
        huge_tree=huge_tree,  # deep TEI is legitimate; size is capped by MAX_BYTES
        # xml:id duplicates are a validity question (reported by the validator),
        # not a well-formedness error; libxml2 would make them fatal
        collect_ids=False,
        remove_comments=False,
        remove_pis=False,
    )
    if not load_dtd:
        p.resolvers.add(_NoResolver())
    return p


def syntax_diagnostic(path: str, exc: etree.XMLSyntaxError) -> Diagnostic:
    line, col = (exc.position if getattr(exc, "position", None) else (exc.lineno or 0, 0))
    msg = exc.msg if getattr(exc, "msg", None) else str(exc)
    # lxml appends "(file, line N)" to some messages; keep ours clean
    msg = msg.split(", line ")[0] if msg.endswith(")") and ", line " in msg else msg
    msg = re.sub(r",? line \d+, column \d+$", "", msg)
    return Diagnostic(path, line or 0, col or 0, "XML001", f"not well-formed: {msg}")


def schema_error(d: Diagnostic) -> ToolError:
    """A schema that is not well-formed (``d``: its XML001 diagnostic) stops the run:
    ``file:line:col: schema is not well-formed XML: what``."""
    where = ":".join([d.path] + [str(n) for n in (d.line, d.col) if n])
    return ToolError(f"{where}: schema is not well-formed XML: {d.message.removeprefix('not well-formed: ')}")


# --------------------------------------------------------------- a stand-in

#: bytes standing in for a file, by its real path (see :func:`standing_in`)
_given: dict[str, bytes] = {}


@contextmanager
def standing_in(path: Path | str, data: bytes):
    """Within the block, the file at ``path`` reads as ``data``, whether it exists or
    not: an editor's unsaved buffer (standard input) is validated as that file, its
    relative references resolved from that file's folder. Every reader of a document
    or of its lines goes through :func:`read` or :func:`file_bytes`."""
    key = os.path.realpath(path)
    _given[key] = data
    try:
        yield
    finally:
        _given.pop(key, None)


def given(path: Path | str) -> bytes | None:
    """The bytes standing in for the file at ``path``, or None."""
    return _given.get(os.path.realpath(path)) if _given else None


def file_bytes(path: Path | str) -> bytes:
    """The bytes of a file (those standing in for it, if any); OSError when unreadable."""
    data = given(path)
    return Path(path).read_bytes() if data is None else data


def is_file(path: Path | str) -> bool:
    """Is there a file (or bytes standing in for one) at ``path``?"""
    return given(path) is not None or os.path.isfile(path)


def check_size(path: Path | str) -> None:
    p = Path(path)
    data = given(p)
    try:
        size = p.stat().st_size if data is None else len(data)
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file")
    if size > MAX_BYTES:
        raise InputError(
            f"{path}: file too large",
            [Diagnostic(str(path), 0, 0, "XML002",
                        f"file is {size} bytes, over the limit of {MAX_BYTES} (set TEIKIT_MAX_BYTES to raise it)")],
        )


def read(path: str) -> bytes:
    """The bytes of a file, after the size check. We read them ourselves: the refusing
    resolver must only see external resources (DTDs, entities), never the document
    itself. (libxml2 reads a DOCTYPE's external subset even with load_dtd=False unless
    refused.)"""
    check_size(path)
    try:
        return file_bytes(path)
    except OSError as exc:
        raise ToolError(f"{path}: cannot read ({exc})")


def parse(path: Path | str, *, load_dtd: bool = False, remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse a file safely, or raise InputError with an XML001 diagnostic."""
    path = str(path)
    return parse_bytes(read(path), path, base_url=base_url(path), load_dtd=load_dtd,
                       remove_blank_text=remove_blank_text)


def base_url(path: Path | str) -> str:
    """The base URL libxml2 gets for a file: its absolute path, or its file: URI when
    the name is not UTF-8 (a byte the file system allows, which lxml cannot pass on)."""
    from toolkit.fsutil import is_utf8

    absolute = os.path.abspath(path)
    return absolute if is_utf8(absolute) else Path(absolute).as_uri()


def file_path(url: str) -> str:
    """The local path of a ``file:`` URI (its bytes: a name need not be UTF-8), the
    inverse of :func:`base_url`; any other string is returned as it is."""
    if url.startswith("file:"):
        return os.fsdecode(unquote_to_bytes(urlparse(url).path))
    return url


def parse_bytes(data: bytes, name: str = "<string>", *, base_url: str | None = None, load_dtd: bool = False,
                remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse bytes safely (``name`` names them in diagnostics), or raise InputError."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large", [Diagnostic(name, 0, 0, "XML002", "input over the size limit")])
    try:
        root = etree.fromstring(data, parser(load_dtd=load_dtd, remove_blank_text=remove_blank_text),
                                base_url=base_url)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not well-formed", [syntax_diagnostic(name, exc)])
    return root.getroottree()


#: the first piece of a file :func:`root_start` reads; each next piece is twice as big.
#: A pull parser reports every start tag in a piece it is fed, so a big first piece
#: costs an element object for each element in it (8 KB of a letter: 0.3 ms; its
#: prolog and root start tag usually fit in 512 bytes: 0.04 ms)
_HEAD = 512


def root_start(path: Path | str, data: bytes | None = None) -> tuple[etree._Element, bool]:
    """The root element of a file, read cheaply when that is safe: ``(root, complete)``.

    A file in an ASCII-compatible encoding with no ``<!DOCTYPE`` anywhere has no DTD, so
    no entity of its own and nothing to fetch: another parser (Saxon) may read it as it
    is. Then only the start of the file is parsed here and ``root`` holds the root's name
    and attributes (its content may be partial; ``complete`` is False). Any other file is
    parsed whole by :func:`parse_bytes` (``complete`` is True). A malformed start raises
    InputError (XML001), as :func:`parse` does. ``data``: the file's bytes, when read
    already (with :func:`read`).
    """
    path = str(path)
    if data is None:
        data = read(path)
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if head.lstrip(b" \t\r\n").startswith(b"<") and b"<!DOCTYPE" not in data:
        pull = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                   huge_tree=True)
        try:
            at, step = 0, _HEAD
            while at < len(data):  # the prolog and the root's start tag, a piece at a time
                pull.feed(data[at:at + step])
                for _event, el in pull.read_events():
                    return el, False
                at += step
                step *= 2
            pull.close()
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{path}: not well-formed", [syntax_diagnostic(path, exc)])
    return parse_bytes(data, path, base_url=base_url(path)).getroot(), True
