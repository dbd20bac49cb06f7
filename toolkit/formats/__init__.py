"""Output formats: one registry, one module per format.

The format id is also the name of its module here, of its folder in ``xslt/``,
of its folder in the build output and of its golden-test folder in ``tests/``.

A format module defines an object ``FORMAT`` with:

``name``
    the id (``"html"``, ``"print"``, ``"text"``).
``stylesheets() -> list[Path]``
    every file whose content affects the output (for incremental builds).
``render_document(doc: Path, outdir: Path, options: dict) -> list[Path]``
    renders one TEI document into ``outdir``; independent of other documents,
    so it can run in a worker process. Returns the files written.
``render_edition(docs: list[Path], outdir: Path, options: dict) -> list[Path]``
    writes what spans the whole edition (home page, indexes, search index).
    May write nothing. It runs after every document is rendered, into the folder
    holding their outputs, unless the format sets ``edition_reads_documents =
    False``: then it runs beside the documents in a folder of its own, and its files
    are laid over theirs.
``warm_up() -> None`` (optional)
    prepares a worker process (e.g. compiles the stylesheets) while the build is
    still validating and planning; failures are ignored there and surface when the
    units run.

Editorial policy (which reading a ``choice`` or ``app`` shows, brackets for
supplied/gap/unclear, note numbering) lives in ``xslt/common/``, never here.
"""

from __future__ import annotations

from importlib import import_module

#: format id -> module path. A plain dict: adding a format is one line.
REGISTRY: dict[str, str] = {
    "html": "toolkit.formats.html",
    "print": "toolkit.formats.print",
    "text": "toolkit.formats.text",
}


def get(name: str):
    from toolkit.errors import ToolError

    try:
        return import_module(REGISTRY[name]).FORMAT
    except KeyError:
        raise ToolError(f"unknown format {name!r}; known: {', '.join(sorted(REGISTRY))}")
