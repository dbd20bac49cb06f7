"""``teikit collate``: collate witnesses into a TEI apparatus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from toolkit import collate as lib
from toolkit.errors import ToolError
from toolkit.fsutil import write_atomic


@click.command("collate")
@click.argument("witnesses", nargs=-1, metavar="WITNESS...")
@click.option("--edition", "edition_mode", is_flag=True,
              help="Collate the edition's parallel passages ([apparatus] in edition.toml) into its apparatus file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the TEI here (atomically) instead of standard output.")
@click.option("--base", metavar="SIGLUM|none",
              help="Witness whose readings become <lem> (default: the first); 'none' for no lemma.")
@click.option("--tokenize", "tokenizer", type=click.Choice(["words", "whitespace"]), default="words",
              show_default=True, help="Split into words with their punctuation, or at white space only.")
@click.option("--case/--no-case", "fold_case", default=True, show_default=True,
              help="Ignore differences of letter case.")
@click.option("--punctuation/--no-punctuation", "ignore_punct", default=True, show_default=True,
              help="Ignore punctuation when comparing.")
@click.option("--typography/--no-typography", default=True, show_default=True,
              help="Treat curly/straight quotation marks and the dashes as the same.")
@click.option("--no-normalise", is_flag=True, help="Compare the texts exactly as written (overrides the above).")
@click.option("--variants", "variants_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              multiple=True, help="Spelling equivalences: a TEI personography (persName type=variant) or a TOML "
                                  "file with a [variants] table. Repeatable.")
@click.option("--formal", is_flag=True, help="Also record differences that normalisation hides (as rdgGrp).")
@click.option("--id-prefix", default="", help="Prefix for the xml:ids of witnesses and apparatus entries.")
@click.option("--title", help="Title of the collation document.")
@click.option("--format", "fmt", type=click.Choice(["tei", "json"]), default="tei", show_default=True,
              help="TEI parallel segmentation, or a JSON alignment table.")
@click.option("--stats", is_flag=True, help="Print counts and the collation time to standard error.")
def command(witnesses, edition_mode, output, base, tokenizer, fold_case, ignore_punct, typography, no_normalise,
            variants_file, formal, id_prefix, title, fmt, stats):
    """Collate two or more WITNESSes into a TEI critical apparatus.

    A WITNESS is [SIGLUM=]PATH[#ID]: a plain-text file, or a TEI file with the
    xml:id of the passage to collate (its reading text is used). Sigla default to
    A, B, C... Example:

        teikit collate W004=tei/004-volkogonov-triumph.xml#volkogonov-q12 W003=tei/003-rogovin-alternative.xml#rogovin-q7
    """
    variants = {}
    for vf in variants_file:
        variants.update(lib.load_variants(vf))
    if no_normalise:
        norm = lib.Normaliser(case=False, punctuation=False, typography=False, variants={})
    else:
        norm = lib.Normaliser(case=fold_case, punctuation=ignore_punct, typography=typography, variants=variants)
    if edition_mode:
        if witnesses:
            raise ToolError("--edition takes no WITNESS arguments (the passages come from the edition's spec)")
        return _edition(output, norm, stats)
    if not witnesses:
        raise ToolError("name two or more witnesses, or use --edition")
    specs = [lib.parse_spec(w, i) for i, w in enumerate(witnesses)]
    result = lib.run(specs, base=base, normaliser=norm, tokenizer=tokenizer, formal=formal, title=title,
                     id_prefix=id_prefix)
    if fmt == "tei":
        data = result.tei_bytes()
    else:
        data = (json.dumps(_table(result), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if stats:
        s = result.stats
        click.echo(f"{s['witnesses']} witnesses, {s['apparatus_entries']} apparatus entries, "
                   f"{s['readings']} readings ({', '.join(f'{k} {v}' for k, v in s['kinds'].items()) or 'no variants'}); "
                   f"collated in {result.seconds:.3f} s", err=True)


def _table(result):
    sigla = [w.siglum for w in result.witnesses]
    rows = []
    for seg in result.segments:
        row = {"variant": seg.variant, "kind": seg.kind, "readings": {}}
        for sig in sigla:
            r = seg.reading_of(sig)
            row["readings"][sig] = r.forms.get(sig, "").strip() if r else ""
        rows.append(row)
    return {"witnesses": sigla, "segments": rows, "stats": result.stats}


def _edition(output, norm, stats):
    from toolkit import config
    from toolkit.collate import edition as ed

    edn = config.load()
    app = edn.raw.get("apparatus", {})
    if "spec" not in app:
        raise ToolError("edition.toml has no [apparatus] spec (the list of parallel passages)")
    spec = ed.load_spec(edn.root / app["spec"], {d.id for d in edn.documents})
    out = output or (edn.root / app["file"] if app.get("file") else None)
    if out is None:
        raise ToolError("give -o FILE or [apparatus] file in edition.toml")
    tree, rep = ed.build(edn, spec, normaliser=norm)
    ed.write(tree, Path(out))
    if stats:
        pid, ntok, secs = rep.longest
        click.echo(f"{rep.variant_passages} collated passages, {rep.link_passages} linked; {rep.entries} apparatus "
                   f"entries, {rep.readings} readings, {rep.witnesses} witnesses; longest passage {pid} "
                   f"({ntok} tokens) collated in {secs:.4f} s", err=True)
