"""The one module that touches saxonche.

* One :class:`saxonche.PySaxonProcessor` per process, created lazily.
* Each stylesheet is compiled once per process and cached by path and mtime.
* Parameters are converted from Python types here (``bool`` -> xs:boolean,
  ``int`` -> xs:integer, ``str`` -> xs:string), because Saxon's typing is strict.
* ``xsl:message`` output and native diagnostics written to file descriptor 2 are
  captured, so nothing native leaks to the terminal; failures become
  :class:`~toolkit.errors.ToolError` with the full message.

A compiled executable is cloned per call (setting parameters on a shared
executable is not safe), and parallel work uses processes, since the GIL is held
during a transform.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Mapping

from toolkit.errors import ToolError
from toolkit.fsutil import is_utf8

_lock = threading.RLock()
_proc = None
_xslt = None
_cache: dict[tuple[str, float], Any] = {}


#: Limits of Saxon's XML parser (Java's, set as parser properties). Java 24 lowered
#: them (JDK-8343004), and saxonche 13 runs on it: a document more than 100 elements
#: deep, an element with more than 200 attributes, or a document with more than
#: 100,000 references to ``&amp;`` ``&lt;`` ``&gt;`` ``&quot;`` ``&apos;`` (they count
#: as entities) would be refused, though lxml (see :mod:`toolkit.xmlsafe`) accepts
#: them. These are the limits Java had before, which still stop entity bombs in a
#: file a stylesheet reads with doc(); the documents themselves reach Saxon without a
#: DTD (see ``xmlsafe.root_start`` and ``Document.text_for_saxon``).
PARSER_LIMITS = {
    "maxElementDepth": "0",  # no limit (lxml stops at 2048)
    "elementAttributeLimit": "10000",
    "maxGeneralEntitySizeLimit": "0",
    "totalEntitySizeLimit": "50000000",
    "entityExpansionLimit": "64000",
    "entityReplacementLimit": "3000000",
}
#: Saxon passes a property on to the parser; the limits' JAXP names (a parser that
#: does not know one ignores it)
_PARSER_PROPERTY = "http://saxon.sf.net/feature/parserProperty?uri=http://www.oracle.com/xml/jaxp/properties/"


def processor():
    """The process-wide PySaxonProcessor (created on first use)."""
    global _proc, _xslt
    with _lock:
        if _proc is None:
            from saxonche import PySaxonProcessor

            proc = _in_utf8_directory(lambda: PySaxonProcessor(license=False))
            for name, limit in PARSER_LIMITS.items():
                proc.set_configuration_property(_PARSER_PROPERTY + name, limit)
            _proc = proc
            _xslt = _proc.new_xslt30_processor()
        return _proc


def _in_utf8_directory(make):
    """``make()``, run from a directory whose name is UTF-8: saxonche hands the
    working directory to Saxon as UTF-8 text and fails on any other name (Linux allows
    any byte). teikit gives Saxon absolute URIs only, so the directory it records does
    not matter."""
    here = os.getcwd()
    if is_utf8(here):
        return make()
    os.chdir(tempfile.gettempdir())
    try:
        return make()
    finally:
        os.chdir(here)


def safe_start_method() -> str:
    """The multiprocessing start method for worker pools: 'fork' (cheap: workers
    inherit the imported modules) while this process has not started Saxon, whose
    native threads must never be forked; else 'forkserver', or 'spawn' where neither
    exists."""
    import multiprocessing
    import sys

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform == "linux" and _proc is None:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _xslt_processor():
    processor()
    return _xslt


#: the file fd 2 is sent to while Saxon runs, one per level of nesting, kept for the
#: process (a new temporary file for each call cost a tenth of a millisecond, which
#: counts when thousands of small files are validated)
_sinks: list = []
_depth = 0
if hasattr(os, "register_at_fork"):  # a forked child must not share its parent's file offset
    os.register_at_fork(after_in_child=_sinks.clear)


@contextmanager
def captured_stderr():
    """Capture what native code writes to fd 2; yields a list filled on exit."""
    global _depth
    sink: list[str] = []
    try:
        fd = 2
        saved = os.dup(fd)
    except OSError:  # no fd 2 (unusual embedding): run without capture
        yield sink
        return
    if len(_sinks) <= _depth:
        _sinks.append(tempfile.TemporaryFile(mode="w+b"))
    tmp = _sinks[_depth]
    tmp.seek(0)
    tmp.truncate()
    _depth += 1
    os.dup2(tmp.fileno(), fd)
    try:
        yield sink
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        _depth -= 1
        tmp.seek(0)
        sink.append(tmp.read().decode("utf-8", "replace"))


def compile_stylesheet(path: Path | str):
    """Compile (once per process) and return the executable for an XSLT file."""
    path = Path(path).resolve()
    try:
        key = (str(path), path.stat().st_mtime)
    except FileNotFoundError:
        raise ToolError(f"stylesheet not found: {path}")
    with _lock:
        exe = _cache.get(key)
        if exe is not None:
            return exe
        xp = _xslt_processor()
        with captured_stderr() as err:
            try:
                exe = xp.compile_stylesheet(stylesheet_file=str(path))
            except Exception as exc:  # PySaxonApiError
                exe = None
                failure = str(exc)
        if exe is None:
            detail = "".join(err).strip()
            raise ToolError(f"cannot compile {path.name}: {failure}" + (f"\n{detail}" if detail else ""))
        _cache[key] = exe
        return exe


def compile_stylesheet_text(text: str, base_uri: str | None = None):
    """Compile a stylesheet held in memory (not cached). ``base_uri`` is its static
    base URI, which relative URIs in its expressions resolve against (without one,
    the directory the process started Saxon in)."""
    xp = _xslt_processor()
    with captured_stderr() as err:
        try:
            if not base_uri:
                return xp.compile_stylesheet(stylesheet_text=text)
            # saxonche takes a base URI with a parsed stylesheet only
            builder = processor().new_document_builder()
            builder.set_base_uri(base_uri)
            builder.set_line_numbering(True)  # so that a compile error names its line
            return xp.compile_stylesheet(stylesheet_node=builder.parse_xml(xml_text=text))
        except Exception as exc:
            failure = str(exc)
    raise ToolError(f"cannot compile generated stylesheet: {failure}\n{''.join(err).strip()}")


def value(v: Any):
    """Convert a Python value to an XDM value for a stylesheet parameter."""
    proc = processor()
    if isinstance(v, bool):
        return proc.make_boolean_value(v)
    if isinstance(v, int):
        return proc.make_integer_value(v)
    if isinstance(v, float):
        return proc.make_double_value(v)
    if isinstance(v, str):
        return proc.make_string_value(v)
    if isinstance(v, (list, tuple)):
        # A sequence parameter: declare it as xs:string in the stylesheet and tokenize.
        return proc.make_string_value(" ".join(str(x) for x in v))
    raise ToolError(f"unsupported parameter type {type(v).__name__}")


class Refused(ToolError):
    """Saxon's XML parser refused a document (which lxml may read: Saxon's parser
    has limits of its own, such as 10,000 attributes on an element and 2,047
    namespace prefixes in a document). ``reason`` is the parser's message without its
    error codes; ``line`` and ``column`` say where, 0 when it does not; ``source`` is
    the file parsed, None for a document given as text (whose lines may not be the
    file's); ``name`` is the file name Saxon gives with the place (a document a
    stylesheet read is named only so), else None."""

    def __init__(self, message: str, reason: str, line: int = 0, column: int = 0, source: str | None = None,
                 name: str | None = None):
        super().__init__(message)
        self.reason, self.line, self.column, self.source, self.name = reason, line, column, source, name


_SAXON_WHERE = re.compile(r"Error on line (\d+) column (\d+)(?: of ([^\n]+?):\s*$)?", re.M)
_SAXON_CODES = re.compile(r"^\s*(?:[A-Z]{4}\d{4}\s+)?(?:Error reported by XML parser:\s*)?(?:JAXP\d+:\s*)?")


def _refused(what: str, failure: str, err: str, source: str | None) -> Refused:
    reason = " ".join(_SAXON_CODES.sub("", failure).split()) or "no reason given"
    where = _SAXON_WHERE.search(err)
    line, column = (int(where.group(1)), int(where.group(2))) if where else (0, 0)
    return Refused(f"Saxon cannot parse {what}: {failure}\n{err.strip()}", reason, line, column, source,
                   where.group(3) if where else None)


def failed(stylesheet: Path | str, failure: str, err: str, messages=()) -> ToolError:
    """The error for a stylesheet run that failed with ``failure`` (Saxon's message),
    ``err`` (what it wrote to fd 2) and the stylesheet's ``xsl:message`` texts: a
    :class:`Refused` when Saxon's XML parser refused a document the stylesheet read."""
    detail = err.strip()
    if failure.lstrip().startswith("SXXP0003"):
        return _refused("a document read by " + Path(stylesheet).name, failure, detail, None)
    return ToolError(f"{Path(stylesheet).name}: {failure}" + ("\n" + "\n".join(messages) if messages else "")
                     + ("\n" + detail if detail else ""))


def parse_xml(path: Path | str | None = None, text: str | None = None, base_uri: str | None = None):
    """Parse a document into an XDM node (Saxon's own parser); ``base_uri`` gives
    a document parsed from ``text`` the URI relative references resolve against. A
    file whose path is not UTF-8 (Java cannot open it) is read by the safe lxml
    parser and handed over as text, with its file URI as base."""
    proc = processor()
    if text is None and path is not None and not is_utf8(path):
        from lxml import etree

        from toolkit import xmlsafe
        from toolkit.errors import InputError

        try:
            text = etree.tostring(xmlsafe.parse(path), encoding="unicode")
        except InputError as exc:
            raise ToolError(f"Saxon cannot parse {path}: {exc}")
        base_uri = base_uri or Path(path).as_uri()
    with captured_stderr() as err:
        try:
            if text is not None and base_uri:
                builder = proc.new_document_builder()
                builder.set_base_uri(base_uri)
                return builder.parse_xml(xml_text=text)
            if text is not None:
                return proc.parse_xml(xml_text=text)
            return proc.parse_xml(xml_file_name=str(path))
        except Exception as exc:
            failure = str(exc)
    raise _refused(str(path or base_uri or "document"), failure, "".join(err),
                   str(path) if text is None and path is not None else None)


def transform(stylesheet: Path | str, *, source: Path | str | None = None, node=None, text: str | None = None,
              params: Mapping[str, Any] | None = None, initial_template: str | None = None,
              base_output_uri: str | None = None, capture_documents: bool = False):
    """Run a stylesheet; return ``(principal_result_str, secondary_docs, messages)``.

    ``secondary_docs`` maps absolute result-document URIs to serialized strings when
    ``capture_documents`` is true (nothing is written to disk then), else ``{}``.
    """
    exe = compile_stylesheet(stylesheet).clone()
    exe.set_save_xsl_message(True, None)
    for k, v in (params or {}).items():
        exe.set_parameter(k, value(v))
    if base_output_uri:
        exe.set_base_output_uri(base_output_uri)
    if capture_documents:
        exe.set_capture_result_documents(True, False)
    if text is not None:
        node = parse_xml(text=text)
    if source is not None and node is None:
        node = parse_xml(Path(source).resolve())
    with captured_stderr() as err:
        failure = None
        result = None
        try:
            if initial_template:
                if node is not None:
                    exe.set_global_context_item(xdm_item=node)
                result = exe.call_template_returning_string(initial_template)
            else:
                result = exe.transform_to_string(xdm_node=node)
        except Exception as exc:
            failure = str(exc)
    messages = _messages(exe)
    if failure is not None:
        raise failed(stylesheet, failure, "".join(err), messages)
    docs = {}
    if capture_documents:
        for uri, doc in (exe.get_result_documents() or {}).items():
            docs[uri] = _serialize(doc)
    return result or "", docs, messages


def _serialize(doc) -> str:
    if isinstance(doc, str):
        return doc
    return str(doc)


def _messages(exe) -> list[str]:
    try:
        msgs = exe.get_xsl_messages()
    except Exception:
        return []
    if msgs is None:
        return []
    out = []
    for m in msgs:
        s = str(m)
        out.append(s)
    return out


def transform_to_file(stylesheet: Path | str, output: Path | str, *, source: Path | str | None = None, node=None,
                      params: Mapping[str, Any] | None = None) -> list[str]:
    """Run a stylesheet writing the principal result to ``output`` and every
    ``xsl:result-document`` relative to it, serialized by Saxon with the
    stylesheet's own output declarations. Returns the xsl:message texts.

    Callers wanting atomic output should point ``output`` into a temporary
    folder and move it into place afterwards (see :mod:`toolkit.build`).
    """
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    exe = compile_stylesheet(stylesheet).clone()
    exe.set_save_xsl_message(True, None)
    for k, v in (params or {}).items():
        exe.set_parameter(k, value(v))
    exe.set_base_output_uri(output.as_uri())
    if source is not None and node is None:
        node = parse_xml(Path(source).resolve())
    with captured_stderr() as err:
        failure = None
        try:
            exe.transform_to_file(xdm_node=node, output_file=str(output))
        except Exception as exc:
            failure = str(exc)
    messages = _messages(exe)
    if failure is not None:
        raise failed(stylesheet, failure, "".join(err), messages)
    return messages
