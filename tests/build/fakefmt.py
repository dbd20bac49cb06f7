"""A tiny output format for testing the build pipeline without XSLT.

``render_document`` writes ``<stem>.out`` (the document's text content, uppercased)
and records each call in ``calls.log`` beside the project when ``log`` is set;
``fail-on`` (a file name) makes it fail, ``interrupt-on`` raises KeyboardInterrupt.
"""

from __future__ import annotations

from pathlib import Path

from toolkit import xmlsafe
from toolkit.errors import InputError, ToolError


class _Fake:
    name = "fake"

    def stylesheets(self):
        return []

    def handled_elements(self):
        return {"TEI", "teiHeader", "fileDesc", "titleStmt", "title", "text", "body", "p", "div", "head"}

    def _log(self, options, what):
        if options.get("log"):
            with open(options["log"], "a", encoding="utf-8") as f:
                f.write(what + "\n")

    def warm_up(self):
        """Logs to ``warm.log`` in the working folder when ``warm.log.on`` is there
        (workers started by a fork server keep its environment, not the test's)."""
        import os

        if os.path.exists("warm.log.on"):
            with open("warm.log", "a", encoding="utf-8") as f:
                f.write(f"warm {os.getpid()}\n")

    def render_document(self, doc: Path, outdir: Path, options: dict):
        self._log(options, f"document {doc.name}")
        if options.get("fail-on") == doc.name:
            raise ToolError(f"{doc.name}: deliberate failure")
        if options.get("input-error-on") == doc.name:
            raise InputError(f"{doc.name}: bad input")
        if options.get("interrupt-on") == doc.name:
            raise KeyboardInterrupt
        text = " ".join(xmlsafe.parse_bytes(doc.read_bytes()).getroot().itertext()).split()
        out = outdir / (doc.stem + ".out")
        out.write_text(" ".join(text).upper() + "\n", encoding="utf-8")
        (outdir / "shared.css").write_text("body{}\n", encoding="utf-8")
        return [out]

    def render_edition(self, docs, outdir: Path, options: dict):
        self._log(options, "edition")
        lines = [p.stem for p in docs]
        idx = outdir / "index.out"
        idx.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [idx]


FORMAT = _Fake()
