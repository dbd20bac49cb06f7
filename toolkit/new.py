"""``teikit new DIR``: start an edition project that validates and builds as it is.

The project gets an ``edition.toml``, a sample TEI document (header, a correction, a
regularisation, an apparatus entry with two witnesses, an editorial note, supplied
text and a gap), a copy of the toolkit's edition schema referenced by ``xml-model``
instructions (so the project is self-contained and XML editors validate it as you
type), a GitHub Actions workflow, a pre-commit configuration, a README and a
.gitignore. Templates live in ``toolkit/templates/new/``.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from toolkit import resources
from toolkit.errors import ToolError

TEMPLATES = Path(__file__).resolve().parent / "templates" / "new"
#: template file -> path in the new project
FILES = {
    "edition.toml": "edition.toml",
    "tei/sample.xml": "tei/sample.xml",
    "README.md": "README.md",
    "github-workflow.yml": ".github/workflows/teikit.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "gitignore": ".gitignore",
}
SCHEMAS = ("edition.rng", "edition.sch")
PREFERRED_FORMATS = ("html", "print", "text")


def _toml_str(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def new_project(directory: Path | str, *, title: str | None = None, editor: str = "The editors",
                year: int | None = None) -> list[Path]:
    """Create the project in ``directory`` (which must not exist or be empty).
    Written atomically: into a temporary folder beside it, then renamed."""
    from toolkit import formats

    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ToolError(f"{target}: already exists and is not empty; choose a new folder")
    for name in SCHEMAS:
        if not resources.schema(name).is_file():
            raise ToolError(f"the toolkit's {name} is missing from this installation")
    title = title or target.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "An edition"
    year = year or datetime.date.today().year
    fmts = [f for f in PREFERRED_FORMATS if f in formats.REGISTRY]
    values = {
        "toml": {"title": _toml_str(title), "editor": _toml_str(editor), "year": str(year),
                 "formats": "[" + ", ".join(f'"{f}"' for f in fmts) + "]"},
        "xml": {"title": escape(title), "editor": escape(editor), "year": str(year)},
        "text": {"title": title, "editor": editor, "year": str(year)},
    }
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    try:
        written = []
        for src, dest in FILES.items():
            kind = "toml" if src.endswith(".toml") else "xml" if src.endswith(".xml") else "text"
            text = Template((TEMPLATES / src).read_text(encoding="utf-8")).safe_substitute(values[kind])
            out = tmp / dest
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8", newline="\n")
            written.append(target / dest)
        (tmp / "schemas").mkdir()
        for name in SCHEMAS:
            shutil.copyfile(resources.schema(name), tmp / "schemas" / name)
            written.append(target / "schemas" / name)
        if target.exists():
            target.rmdir()
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(written)
