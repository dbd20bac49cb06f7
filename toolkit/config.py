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


def _get(table: dict, key: str, kind, where: str, path: Path, default=None):
    """``table[key]`` when it has the expected kind (``str``, ``list`` of str, ``dict``,
    ``list`` of tables), else a ToolError naming the key; ``default`` when absent."""
    if key not in table:
        return default
    value = table[key]
    ok = {
        "str": isinstance(value, str),
        "text": isinstance(value, (str, int, float)) and not isinstance(value, bool),
        "strings": isinstance(value, list) and all(isinstance(v, str) for v in value),
        "table": isinstance(value, dict),
        "tables": isinstance(value, list) and all(isinstance(v, dict) for v in value),
    }[kind]
    if not ok:
        expected = {"str": "a string", "text": "a string or a number", "strings": "an array of strings",
                    "table": "a table", "tables": "an array of tables ([[...]])"}[kind]
        raise ToolError(f"{path}: {where}{key} must be {expected}, not {value!r}")
    return value


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
    except OSError as exc:
        raise ToolError(f"{path}: cannot read ({exc.strerror or exc})")
    except UnicodeDecodeError as exc:
        raise ToolError(f"{path}: not UTF-8 (byte {exc.start}); TOML files are UTF-8")
    except tomllib.TOMLDecodeError as exc:
        raise ToolError(f"{path}: invalid TOML: {exc}")
    unknown = set(data) - _KNOWN
    if unknown:
        raise ToolError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KNOWN))}")
    for key in ("edition", "schema", "authority", "outputs", "apparatus"):
        _get(data, key, "table", "", path)
    root = path.parent.resolve()
    ed = data.get("edition", {})
    if "title" not in ed:
        raise ToolError(f"{path}: [edition] needs a title")
    docs = []
    for i, d in enumerate(_get(data, "documents", "tables", "", path, [])):
        if "id" not in d or "file" not in d:
            raise ToolError(f"{path}: [[documents]] entry {i + 1} needs 'id' and 'file'")
        where = f"[[documents]] entry {i + 1}: "
        source, metadata = (_get(d, k, "str", where, path) for k in ("source", "metadata"))
        docs.append(Document(
            id=_get(d, "id", "str", where, path),
            file=root / _get(d, "file", "str", where, path),
            source=root / source if source else None,
            importer=_get(d, "importer", "str", where, path),
            metadata=root / metadata if metadata else None,
            siglum=_get(d, "siglum", "str", where, path),
        ))
    sch = data.get("schema", {})
    rng, schematron = (_get(sch, k, "str", "[schema] ", path) for k in ("rng", "schematron"))
    return Edition(
        root=root,
        title=_get(ed, "title", "str", "[edition] ", path),
        subtitle=_get(ed, "subtitle", "str", "[edition] ", path, ""),
        editors=list(_get(ed, "editors", "strings", "[edition] ", path, [])),
        publisher=_get(ed, "publisher", "str", "[edition] ", path, ""),
        date=str(_get(ed, "date", "text", "[edition] ", path, "")),
        licence=_get(ed, "licence", "str", "[edition] ", path, ""),
        documents=docs,
        authority=[root / a for a in _get(data.get("authority", {}), "files", "strings", "[authority] ", path, [])],
        rng=root / rng if rng else None,
        schematron=root / schematron if schematron else None,
        outputs=data.get("outputs", {}),
        raw=data,
    )
