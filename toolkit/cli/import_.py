"""``teikit import``: plain sources in, TEI out (see toolkit.importers)."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit import config
from toolkit.diagnostics import FORMATS, Diagnostic, render
from toolkit.errors import InputError, ToolError


@click.command("import")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--family", "family", metavar="F", help="Importer family (see --list-families).")
@click.option("--metadata", type=click.Path(dir_okay=False, path_type=Path), metavar="TOML",
              help="Metadata file (default: the source's .toml sibling).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Output TEI file (default: the TOML's [document] file).")
@click.option("--persons", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Personography for person tagging (default: persons.xml beside the output).")
@click.option("--force", is_flag=True, help="Overwrite existing output, keeping the previous file as FILE.bak.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file on disk differs from its import.")
@click.option("--only", multiple=True, metavar="ID", help="With no SOURCE: only these document ids.")
@click.option("--list-families", is_flag=True, help="List importer families and exit.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Diagnostics format.")
@click.option("--edition", type=click.Path(path_type=Path), metavar="DIR",
              help="Edition folder or edition.toml (default: found from the current folder).")
def command(source, family, metadata, output, persons, force, check, only, list_families, fmt, edition):
    """Convert plain sources to TEI.

    Without SOURCE, (re)imports every document of edition.toml that names a source
    and an importer. An existing output is refused unless --force; the previous file
    is then kept as FILE.bak (FILE.bak.1, ... if that exists).
    """
    from toolkit import importers

    if list_families:
        for name, desc in importers.families():
            click.echo(f"{name}\t{desc}")
        return
    try:
        if source is None:
            if any(x is not None for x in (family, metadata, output)):
                raise ToolError("--family, --metadata and -o need a SOURCE")
            ed = config.load(edition)
            results = importers.import_edition(ed, force=force, only=list(only) or None, check=check)
            base = ed.root
        else:
            if only:
                raise ToolError("--only applies to the edition's documents, not to a SOURCE")
            opts = {}
            found = config.find() if edition is None else (edition / config.CONFIG_NAME if edition.is_dir()
                                                            else edition)
            if found is not None and Path(found).is_file():
                opts = importers.edition_context(config.load(found), source)
            given = {"family": family, "metadata": metadata, "output": output, "persons": persons}
            opts.update({k: v for k, v in given.items() if v is not None})
            base = opts.pop("base", None)
            if check:
                results = [importers.convert_source(source, base=base, **opts)]
            else:
                results = [importers.import_source(source, force=force, base=base, **opts)]
    except InputError as exc:
        if fmt != "text" and exc.diagnostics:
            click.echo(render(exc.diagnostics, fmt), nl=False)
            click.get_current_context().exit(1)
        raise
    if check:
        stale = []
        for res in results:
            on_disk = res.output.read_bytes() if res.output.exists() else None
            if on_disk != res.data:
                shown = importers._display(res.output, base)
                what = "missing" if on_disk is None else "differs from what its source gives"
                stale.append(Diagnostic(shown, 0, 0, "IMP008", f"{what}; run 'teikit import --force'"))
        files = [importers._display(r.output, base) for r in results]
        if stale or fmt != "text":
            click.echo(render(stale, fmt, files), nl=False)
        else:
            click.echo(f"{len(results)} document(s) up to date")
        if stale:
            click.get_current_context().exit(1)
        return
    for res in results:
        shown = importers._display(res.output, base)
        if res.unchanged:
            click.echo(f"{shown}: unchanged")
            continue
        c = res.counts
        line = (f"{shown}: {res.family}: {c['corr']} corr, {c['reg']} reg, {c['supplied']} supplied, "
                f"{c['gap']} gap, {c['persName']} persName")
        if res.backup:
            line += f" (previous file kept as {importers._display(res.backup, base)})"
        click.echo(line)
