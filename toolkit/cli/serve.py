"""``teikit serve``: preview the built site locally, rebuilding on change."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--rebuild/--no-rebuild", default=True, show_default=True,
              help="Build first, then rebuild whenever an input changes.")
@click.option("-f", "--format", "fmt", default="html", show_default=True, help="Which output folder to serve.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), help="Build folder (default _build).")
@click.option("--validate/--no-validate", "validate", default=None, help="Validate before each build.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request.")
def command(paths, port, rebuild, fmt, output, validate, verbose):
    """Serve the built site on http://127.0.0.1:PORT/ and rebuild on change.

    Only the loopback interface is used: the preview is never reachable from
    another machine. Stop with Ctrl-C.
    """
    from toolkit.serve import Preview, _Handler

    def log(msg: str) -> None:
        click.echo(msg, err=True)

    preview = Preview(list(paths) or None, port=port, fmt=fmt, output=output, rebuild=rebuild,
                      validate=validate, log=log)
    preview.start()
    if verbose:
        _Handler.log = log
    click.echo(f"serving {preview.root.name}/ at {preview.url} (Ctrl-C to stop)", err=True)
    try:
        preview.serve_forever()
    except KeyboardInterrupt:
        preview.stop()
        click.echo("stopped", err=True)
