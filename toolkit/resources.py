"""Where the toolkit's own resources live (XSLT, schemas).

Everything that needs a stylesheet or a schema asks this module; nothing resolves
paths against the current directory. In a source checkout (or an editable install)
the resources are the repository's ``xslt/`` and ``schemas/`` folders; in a wheel
they are packaged under ``toolkit/_data/``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_root() -> Path:
    """The folder holding ``xslt/`` and ``schemas/``."""
    packaged = _PKG / "_data"
    if (packaged / "xslt").is_dir():
        return packaged
    return _PKG.parent


def xslt_dir() -> Path:
    return data_root() / "xslt"


def schemas_dir() -> Path:
    return data_root() / "schemas"


def xslt(relpath: str) -> Path:
    """Path of a stylesheet below ``xslt/``, e.g. ``xslt('html/html.xsl')``."""
    return xslt_dir() / relpath


def schema(name: str) -> Path:
    """Path of a schema below ``schemas/``, e.g. ``schema('edition.rng')``."""
    return schemas_dir() / name


def cache_dir() -> Path | None:
    """Where teikit keeps its caches (pruned grammars, validation results):
    ``$TEIKIT_CACHE_DIR`` (empty: no disk cache), else ``$XDG_CACHE_HOME/teikit``
    or ``~/.cache/teikit``."""
    env = os.environ.get("TEIKIT_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "teikit"
