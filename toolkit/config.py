"""The edition configuration, ``edition.toml``.

An edition project is a folder with an ``edition.toml``. Paths in it are relative to
that folder. The file is read here and nowhere else; missing keys get the defaults
below, unknown top-level tables are an error (a typo should not be silently ignored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - 3.10
    import tomli as tomllib  # type: ignore

from toolkit.errors import ToolError

CONFIG_NAME = "edition.toml"
_KNOWN = {"edition", "schema", "documents", "authority", "outputs", "apparatus"}


@dataclass
class Document:
    id: str
    file: Path
    source: Path | None = None
    importer: str | None = None
    metadata: Path | None = None
    siglum: str | None = None


@dataclass
class Edition:
    root: Path
    title: str
    subtitle: str = ""
    editors: list[str] = field(default_factory=list)
    publisher: str = ""
    date: str = ""
    licence: str = ""
    documents: list[Document] = field(default_factory=list)
    authority: list[Path] = field(default_factory=list)
    rng: Path | None = None
    schematron: Path | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        """Every TEI file of the edition: documents, then authority files."""
        return [d.file for d in self.documents] + list(self.authority)

    def output_dir(self) -> Path:
        return self.root / self.outputs.get("dir", "_build")


def find(start: Path | None = None) -> Path | None:
    """The nearest edition.toml at or above ``start`` (default: cwd)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / CONFIG_NAME).is_file():
            return d / CONFIG_NAME
    return None


def load(path: Path | str | None = None) -> Edition:
    if path is None:
        path = find()
        if path is None:
            raise ToolError(f"no {CONFIG_NAME} here or above; run 'teikit new DIR' to start an edition, or name files")
    path = Path(path)
    if path.is_dir():
        path = path / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ToolError(f"{path}: no such file")
    except tomllib.TOMLDecodeError as exc:
        raise ToolError(f"{path}: invalid TOML: {exc}")
    unknown = set(data) - _KNOWN
    if unknown:
        raise ToolError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KNOWN))}")
    root = path.parent.resolve()
    ed = data.get("edition", {})
    if "title" not in ed:
        raise ToolError(f"{path}: [edition] needs a title")
    docs = []
    for i, d in enumerate(data.get("documents", [])):
        if "id" not in d or "file" not in d:
            raise ToolError(f"{path}: [[documents]] entry {i + 1} needs 'id' and 'file'")
        docs.append(Document(
            id=d["id"],
            file=root / d["file"],
            source=root / d["source"] if d.get("source") else None,
            importer=d.get("importer"),
            metadata=root / d["metadata"] if d.get("metadata") else None,
            siglum=d.get("siglum"),
        ))
    sch = data.get("schema", {})
    return Edition(
        root=root,
        title=ed["title"],
        subtitle=ed.get("subtitle", ""),
        editors=list(ed.get("editors", [])),
        publisher=ed.get("publisher", ""),
        date=str(ed.get("date", "")),
        licence=ed.get("licence", ""),
        documents=docs,
        authority=[root / a for a in data.get("authority", {}).get("files", [])],
        rng=root / sch["rng"] if sch.get("rng") else None,
        schematron=root / sch["schematron"] if sch.get("schematron") else None,
        outputs=data.get("outputs", {}),
        raw=data,
    )
