"""``teikit schema``: compile the edition's ODD to RELAX NG; prune a schema for a document."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit import resources
from toolkit.fsutil import write_atomic


@click.group("schema")
def command():
    """Build and inspect RELAX NG schemas."""


@command.command("compile")
@click.argument("odd", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="RELAX NG file to write (XML syntax).")
@click.option("--base", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Grammar to derive from (default: the bundled tei_all.rng).")
def compile_cmd(odd: Path, output: Path, base: Path | None):
    """Compile an ODD customisation into a RELAX NG schema derived from tei_all.

    Only pruning and tightening are supported, so the result accepts a subset of
    what tei_all accepts.
    """
    from toolkit.errors import ToolError
    from toolkit.schema import odd as oddc

    base = base or resources.schema("tei_all.rng")
    for p in (odd, base):
        if not p.is_file():
            raise ToolError(f"{p}: no such file")
    oddc.compile_to_file(odd, base, output)
    click.echo(f"wrote {output}")


@command.command("prune")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--schema", "schema", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="RELAX NG schema (default: the bundled tei_all.rng).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def prune_cmd(document: Path, schema: Path | None, output: Path):
    """Write the schema pruned to the names DOCUMENT uses (what the lxml engine compiles)."""
    from toolkit import xmlsafe
    from toolkit.errors import ToolError
    from toolkit.schema import grammar as G
    from toolkit.schema import rnc

    schema = schema or resources.schema("tei_all.rng")
    tree = xmlsafe.parse(document)
    try:
        g = G.load(rnc.parse(schema) if rnc.is_compact(schema) else xmlsafe.parse(schema).getroot())
    except G.Unsupported as exc:
        raise ToolError(f"{schema}: cannot prune this grammar ({exc})")
    names = G.document_names(tree.getroot())
    data = G.to_bytes(G.verdict(g, names))
    write_atomic(output, data)
    click.echo(f"wrote {output} ({len(names.elements)} element and {len(names.attributes)} attribute names kept)")


@command.command("convert")
@click.argument("schema", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="RELAX NG file to write (XML syntax).")
def convert_cmd(schema: Path, output: Path):
    """Write a RELAX NG compact schema (.rnc) in the XML syntax (.rng).

    Each compact file it includes is written beside OUTPUT as NAME.rng. validate
    reads .rnc files itself; this is for tools that read only the XML syntax.
    """
    from toolkit.errors import ToolError
    from toolkit.schema import rnc

    if not schema.is_file():
        raise ToolError(f"{schema}: no such file")
    for written in rnc.convert_to_files(schema, output):
        click.echo(f"wrote {written}")
