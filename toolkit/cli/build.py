"""``teikit build``: validate, then render the edition (or any TEI) incrementally."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from toolkit.diagnostics import FORMATS as DIAG_FORMATS
from toolkit.diagnostics import render


class Progress:
    """A one-line progress bar on stderr, only on a terminal and never under CI."""

    def __init__(self, enabled: bool, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.shown = False

    @staticmethod
    def wanted(quiet: bool, stream=None) -> bool:
        stream = stream or sys.stderr
        ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
        return not quiet and not ci and hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or total <= 0:
            return
        width = 28
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        label = label if len(label) <= 40 else "…" + label[-39:]
        self.stream.write(f"\r[{bar}] {done}/{total} {label:<40}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()
            self.shown = False


def format_overrides(witness, notes, page_markers, width, view, pdf, pdf_engine) -> dict[str, dict]:
    """CLI options as per-format option overrides (None = take edition.toml's value)."""
    text = {"witness": witness, "notes": notes, "page-markers": page_markers, "width": width, "view": view}
    prnt = {"pdf-engine": "none" if pdf is False else pdf_engine}
    return {"text": text, "print": prnt}


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-f", "--format", "formats", multiple=True, metavar="NAME",
              help="Output format: html, print, text (repeatable). Default: [outputs] formats of edition.toml; "
                   "html and text for files or folders.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder (one subfolder per format). Default: [outputs] dir, or _build.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes (default: cores).")
@click.option("--validate/--no-validate", "validate", default=None,
              help="Validate first and stop on errors (default: on for an edition; well-formedness only for "
                   "files and folders).")
@click.option("--force", is_flag=True,
              help="Render every unit of the formats built, even when up to date (other formats keep theirs).")
@click.option("--witness", metavar="SIGLUM", help="text: the reading of this witness (e.g. W004) in each app, instead of the lemma.")
@click.option("--notes", type=click.Choice(["endnotes", "none"]), help="text: notes as endnotes per chapter, or none.")
@click.option("--page-markers/--no-page-markers", default=None, help="text: page markers such as [p. 60].")
@click.option("--width", type=click.IntRange(20, 1000), help="text: wrap lines at this width.")
@click.option("--view", type=click.Choice(["reading", "diplomatic", "both"]),
              help="text: reading text, diplomatic text, or both (default both).")
@click.option("--pdf/--no-pdf", "pdf", default=None, help="print: compile PDFs (default on); --no-pdf writes the "
              ".tex and .typ sources only.")
@click.option("--pdf-engine", type=click.Choice(["typst", "latex"]), help="print: PDF engine.")
@click.option("--diagnostics", "diag_format", type=click.Choice(DIAG_FORMATS), default="text", show_default=True,
              help="How warnings and errors are printed (on stderr).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary line.")
def command(paths, formats, output, jobs, validate, force, witness, notes, page_markers, width, view, pdf,
            pdf_engine, diag_format, quiet):
    """Validate and build the edition in ./edition.toml (or TEI FILES/FOLDERS).

    \b
    Incremental: only what changed since the last build is rendered again.
    Atomic: a failed or interrupted build leaves the previous output intact.
    Exit status: 0 built, 1 validation or input errors, 2 the tool failed.

    \b
    Examples:
      teikit build                          # every format of edition.toml into _build/
      teikit build -f text --width 60       # only the plaintext edition
      teikit build someone-elses.xml        # any TEI: HTML and text into ./_build
    """
    from toolkit import build as lib
    from toolkit.errors import TeikitError

    progress = Progress(Progress.wanted(quiet))
    overrides = format_overrides(witness, notes, page_markers, width, view, pdf, pdf_engine)
    try:
        report = lib.build(list(paths) or None, formats=list(formats) or None, output=output, jobs=jobs,
                           validate=validate, force=force, progress=progress, options=overrides)
    except TeikitError as exc:
        progress.close()
        diags = getattr(exc, "diagnostics", None) or []
        if diags and diag_format != "text":
            click.echo(render(diags, diag_format), err=True, nl=False)
            exc.diagnostics = []
        raise
    finally:
        progress.close()
    if report.diagnostics:
        if diag_format == "text":
            for d in report.diagnostics:
                click.echo(d.as_text(), err=True)
        else:
            click.echo(render(report.diagnostics, diag_format), err=True, nl=False)
    if not quiet:
        click.echo(report.summary())
