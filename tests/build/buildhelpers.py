"""Helpers shared by the build tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}">
  <teiHeader><fileDesc><titleStmt><title>{id}</title></titleStmt></fileDesc></teiHeader>
  <text><body><div><head>Chapter</head><p>{body}</p></div></body></text>
</TEI>
"""


def write_edition(root: Path, n: int = 3, formats=("fake",), extra: str = "") -> Path:
    (root / "tei").mkdir(parents=True, exist_ok=True)
    docs = []
    for i in range(n):
        (root / "tei" / f"d{i}.xml").write_text(DOC.format(id=f"d{i}", body=f"Text of document {i}."),
                                                encoding="utf-8")
        docs.append(f'[[documents]]\nid = "d{i}"\nfile = "tei/d{i}.xml"\n')
    toml = textwrap.dedent(f"""\
        [edition]
        title = "Test edition"

        [outputs]
        formats = {list(formats)!r}
        """) + "\n" + "\n".join(docs) + extra
    (root / "edition.toml").write_text(toml, encoding="utf-8")
    return root / "edition.toml"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
