"""Local preview: serve the built site and rebuild when an input changes.

``Preview`` serves one output folder (``_build/html`` by default) on 127.0.0.1 only,
and polls the modification times of every input of the build (documents, authority
files, schemas, edition.toml, the toolkit's stylesheets) once a second. On a change it
runs an incremental build; a failing build is reported and the previous site keeps
being served (builds are atomic). No dependency beyond the standard library.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from typing import Any, Callable

from toolkit.errors import TeikitError, ToolError

Log = Callable[[str], None]


def _inputs(project, fmt_names: list[str]) -> list[Path]:
    from toolkit import formats, resources

    files = [s.path for s in project.documents] + project.config_files()
    if project.edition is not None:
        files.append(project.root / "edition.toml")
    for n in fmt_names:
        files += [Path(p) for p in formats.get(n).stylesheets()]
    css = resources.xslt_dir()
    if css.is_dir():
        files += [p for p in css.rglob("*") if p.is_file() and p.suffix in (".css", ".js", ".svg")]
    return sorted(set(files))


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        try:
            st = p.stat()
            out[str(p)] = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            out[str(p)] = (0, -1)
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    log: Log | None = None

    def log_message(self, fmt, *args):  # quiet by default; the CLI passes a logger
        if self.log is not None:
            self.log("%s %s" % (self.address_string(), fmt % args))

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class Preview:
    """A preview server; ``start()`` returns once it listens, ``stop()`` ends it."""

    def __init__(self, target: Any = None, *, port: int = 8000, fmt: str = "html", output: Path | None = None,
                 rebuild: bool = True, validate: bool | str | None = None, interval: float = 1.0,
                 log: Log | None = None, options: dict | None = None):
        from toolkit import build as lib

        self.target = target
        self.project = lib.load_project(target)
        self.fmt = fmt
        self.output = (Path(output) if output else self.project.default_output).resolve()
        self.port = port
        self.rebuild = rebuild
        self.validate = validate
        self.interval = interval
        self.log = log or (lambda s: None)
        self.options = options
        self.builds = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._server: http.server.ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def root(self) -> Path:
        return self.output / self.fmt

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def build_once(self) -> bool:
        from toolkit import build as lib

        try:
            rep = lib.build(self.target, formats=[self.fmt], output=self.output, validate=self.validate,
                            options=self.options)
        except TeikitError as exc:
            self.last_error = str(exc)
            for d in getattr(exc, "diagnostics", []) or []:
                self.log(d.as_text())
            self.log(f"build failed (still serving the previous build): {exc}")
            return False
        self.builds += 1
        self.last_error = None
        for d in rep.diagnostics:
            self.log(d.as_text())
        self.log(rep.summary())
        return True

    def start(self) -> "Preview":
        if self.rebuild:
            # the inputs as they were before the first build: an edit made during or
            # right after it is seen by the watcher, however late its thread starts
            self._seen = snapshot(_inputs(self.project, [self.fmt]))
            self.build_once()
        if not self.root.is_dir():
            raise ToolError(f"nothing to serve: {self.root} does not exist (run 'teikit build -f {self.fmt}')")
        handler = functools.partial(_Handler, directory=str(self.root))
        _Handler.log = None
        try:
            self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        except OSError as exc:
            raise ToolError(f"cannot listen on 127.0.0.1:{self.port}: {exc.strerror}")
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        t = threading.Thread(target=self._server.serve_forever, name="teikit-serve", daemon=True)
        t.start()
        self._threads.append(t)
        if self.rebuild:
            w = threading.Thread(target=self._watch, name="teikit-watch", daemon=True)
            w.start()
            self._threads.append(w)
        return self

    def _watch(self) -> None:
        from toolkit import build as lib

        paths = _inputs(self.project, [self.fmt])
        seen = getattr(self, "_seen", None) or snapshot(paths)
        while not self._stop.wait(self.interval):
            try:  # edition.toml may have changed the list of documents
                self.project = lib.load_project(self.target)
                paths = _inputs(self.project, [self.fmt])
            except TeikitError as exc:
                self.log(f"cannot read the edition: {exc}")
                continue
            now = snapshot(paths)
            if now != seen:
                changed = sorted(k for k in set(now) | set(seen) if now.get(k) != seen.get(k))
                self.log("changed: " + ", ".join(Path(c).name for c in changed[:5])
                         + (" …" if len(changed) > 5 else ""))
                self.build_once()
                seen = snapshot(paths)

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for t in self._threads:
            t.join(timeout=10)

    def serve_forever(self) -> None:
        try:
            while not self._stop.wait(0.5):
                pass
        finally:
            self.stop()

    def wait_for_builds(self, n: int, timeout: float = 60.0) -> bool:
        """Wait until ``n`` successful builds have run (for tests and scripts)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.builds >= n:
                return True
            time.sleep(0.05)
        return False
