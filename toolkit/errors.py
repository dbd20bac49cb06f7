"""Exceptions shared by the library.

Two kinds of failure reach the user, and each maps to one exit status at the CLI edge:

* :class:`InputError`: the user's input is wrong (a malformed document, a bad
  emendation list). Exit status 1, with diagnostics.
* :class:`ToolError`: the tool cannot do its job (a missing file, a schema that does
  not compile, a bad option value). Exit status 2.

Library modules raise these and never call ``sys.exit`` or import click.
"""

from __future__ import annotations


class TeikitError(Exception):
    """Base class of every error the CLI turns into a clean message."""

    exit_code = 2


class ToolError(TeikitError):
    """The tool failed: bad option, missing file, uncompilable schema. Exit 2."""

    exit_code = 2


class InputError(TeikitError):
    """The input is wrong. Exit 1. ``diagnostics`` holds the details, if any."""

    exit_code = 1

    def __init__(self, message: str, diagnostics=None):
        super().__init__(message)
        self.diagnostics = list(diagnostics or [])
