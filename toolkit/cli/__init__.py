"""The ``teikit`` command line: a thin click layer over the library.

Each command lives in its own module in this package. It parses options, calls one
library function and renders the result; library errors become exit statuses only
here (``InputError`` -> 1, ``ToolError`` -> 2), with no traceback.

The programs ``teikit`` and ``python -m toolkit`` start at :func:`run`; tests call
:func:`main` (the click group) in-process.
"""

from __future__ import annotations


import click

from toolkit import __version__
from toolkit.errors import TeikitError


class _Group(click.Group):
    """Commands are imported when asked for (``teikit validate`` loads no collation
    or build code); ``--help`` lists them all."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | {_name(m) for m in COMMANDS})

    def get_command(self, ctx, name):
        if name not in self.commands:
            module = next((m for m in COMMANDS if _name(m) == name), None)
            if module is None:
                return None
            from importlib import import_module

            self.add_command(import_module(f"toolkit.cli.{module}").command)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except TeikitError as exc:
            for d in getattr(exc, "diagnostics", []) or []:
                click.echo(d.as_text(), err=True)
            click.echo(f"teikit: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("teikit: interrupted", err=True)
            ctx.exit(130)

    def main(self, *args, **kwargs):
        # click exits 2 on usage errors already, which matches "the tool failed".
        return super().main(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="teikit", message="%(prog)s %(version)s")
def main():
    """teikit: encode, validate, collate and publish TEI P5 scholarly editions.

    Run a command with --help for its options. Without a path argument, commands
    work on the edition described by ./edition.toml.
    """


def run() -> None:
    """The program: :func:`main`, then a quick exit.

    Once the command has finished, its output is flushed and the exit handlers run
    (pending clean-ups such as temporary folders), but the interpreter does not free
    its objects one by one: after a validation run that alone takes a tenth of the
    whole run. Only when another thread is still alive is the ordinary exit taken."""
    import atexit
    import os
    import sys
    import threading

    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message")
        print(code, file=sys.stderr)
        code = 1
    if threading.active_count() > 1:
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the ordinary exit report it
        raise SystemExit(code)
    atexit._run_exitfuncs()
    os._exit(code)


def _name(module: str) -> str:
    """The command a module defines: its name without a trailing underscore."""
    return module.rstrip("_")


#: Command modules in this package; each defines ``command`` (a click.Command)
#: named like the module (less a trailing underscore, as in ``import_``).
COMMANDS: list[str] = ["build", "collate", "import_", "new", "schema", "serve", "validate"]
