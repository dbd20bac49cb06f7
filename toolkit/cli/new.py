"""``teikit new DIR``: start a new edition project."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", help="The edition's title (default: from the folder name).")
@click.option("--editor", default="The editors", show_default=True, help="Who edits it.")
def command(directory, title, editor):
    """Create an edition project in DIRECTORY that validates and builds as it is.

    \b
    It holds edition.toml, tei/sample.xml, the edition schema (schemas/), a GitHub
    Actions workflow, a pre-commit configuration, a README and a .gitignore.
    Then:  cd DIRECTORY && teikit validate && teikit build
    """
    from toolkit.new import new_project

    files = new_project(directory, title=title, editor=editor)
    for f in files:
        click.echo(f"created {f}")
    click.echo(f"next: cd {directory} && teikit validate && teikit build && teikit serve")
