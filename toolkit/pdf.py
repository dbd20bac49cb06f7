"""PDF compilers for the print edition: Typst (the ``typst`` wheel) and LaTeX.

* :func:`compile_typst` needs nothing but pip: the Typst compiler ships inside the
  ``typst`` wheel with fonts of its own (Libertinus Serif, New Computer Modern).
  Debian font folders are added when present, so Linux Libertine O or DejaVu Serif
  are used where installed.
* :func:`compile_latex` runs XeLaTeX (or LuaLaTeX) until the references are stable:
  line numbers of the reledmac apparatus, the table of contents, the index. It runs
  ``makeindex`` itself after the first pass (no shell escape), and stops when no
  auxiliary file changed between two passes, at most :data:`MAX_LATEX_RUNS` passes.

Both work in a private temporary folder and move the PDF into place only when the
compile succeeded, so a failed build never leaves a half-written PDF. Both are
reproducible: the PDF date is fixed (``SOURCE_DATE_EPOCH``, default 0 = 1970-01-01).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ToolError

#: Engines accepted for ``--pdf-engine``.
ENGINES = ("typst", "latex")
#: TeX programs accepted for the LaTeX engine (first found is the default).
TEX_PROGRAMS = ("xelatex", "lualatex")
#: Upper bound of LaTeX passes (reledmac needs two or three).
MAX_LATEX_RUNS = 6
#: Seconds one LaTeX pass may take before it is stopped.
LATEX_TIMEOUT = int(os.environ.get("TEIKIT_LATEX_TIMEOUT", "1800"))

#: Debian font folders holding Latin + Cyrillic serif faces used by the templates.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts/opentype/linux-libertine",
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/freefont",
)


@dataclass(frozen=True)
class Compiled:
    """What a compile produced."""

    pdf: Path
    engine: str
    pages: int
    seconds: float
    runs: int = 1


def source_date_epoch() -> int:
    """The fixed date written into PDFs (``SOURCE_DATE_EPOCH``, default 0)."""
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        raise ToolError(f"SOURCE_DATE_EPOCH must be an integer, not {os.environ['SOURCE_DATE_EPOCH']!r}")


def _replace(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


# ---------------------------------------------------------------------------- Typst


def font_dirs() -> list[str]:
    """Debian font folders present on this machine, in preference order."""
    return [d for d in SYSTEM_FONT_DIRS if Path(d).is_dir()]


def compile_typst(typ: Path | str, pdf: Path | str, *, system_fonts: bool = True) -> Compiled:
    """Compile a ``.typ`` file to ``pdf`` with the Typst wheel.

    ``system_fonts=False`` uses only the fonts embedded in the wheel (what a machine
    with nothing but pip has).
    """
    try:
        import typst
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ToolError("the 'typst' package is not installed: pip install typst")
    typ, pdf = Path(typ).resolve(), Path(pdf)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="teikit-typst-") as tmp:
        out = Path(tmp) / "out.pdf"
        try:
            typst.compile(
                str(typ), output=str(out), root=str(typ.parent),
                font_paths=font_dirs() if system_fonts else [],
                ignore_system_fonts=not system_fonts,
                timestamp=source_date_epoch(),
            )
        except Exception as exc:  # typst.TypstError: a bug of the generated source
            detail = str(getattr(exc, "diagnostic", "") or exc).strip()
            raise ToolError(f"{typ.name}: Typst failed: {detail}")
        seconds = time.perf_counter() - start
        pages = pdf_pages(out)
        _replace(out, pdf)
    return Compiled(pdf=pdf, engine="typst", pages=pages, seconds=seconds)


def pdf_pages(pdf: Path) -> int:
    """Page count of a PDF: the root /Count when readable, else pdfinfo."""
    data = Path(pdf).read_bytes()
    counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    if counts:
        return max(counts)
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        m = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if m:
            return int(m.group(1))
    return 0


# ---------------------------------------------------------------------------- LaTeX


def tex_program(preferred: str | None = None) -> str | None:
    """The TeX program to use: ``preferred`` if installed, else the first of
    :data:`TEX_PROGRAMS` found, else None."""
    names = (preferred,) if preferred else TEX_PROGRAMS
    for name in names:
        if name and shutil.which(name):
            return name
    return None


def latex_available(preferred: str | None = None) -> bool:
    return tex_program(preferred) is not None and _has_reledmac()


def _has_reledmac() -> bool:
    if not shutil.which("kpsewhich"):
        return True  # cannot tell; the compile will say
    r = subprocess.run(["kpsewhich", "reledmac.sty"], capture_output=True, text=True)
    return bool(r.stdout.strip())


def require_latex(preferred: str | None = None) -> str:
    """The TeX program, or a ToolError telling how to install one."""
    if preferred and preferred not in TEX_PROGRAMS:
        raise ToolError(f"unknown TeX program {preferred!r}; use one of: {', '.join(TEX_PROGRAMS)}")
    prog = tex_program(preferred)
    if prog is None:
        raise ToolError(
            f"--pdf-engine latex needs {preferred or 'xelatex or lualatex'}, which is not installed. "
            "On Debian/Ubuntu: apt-get install texlive-xetex texlive-humanities texlive-latex-extra "
            "fonts-linuxlibertine; or use --pdf-engine typst (needs nothing but pip)")
    if not _has_reledmac():
        raise ToolError("--pdf-engine latex needs the reledmac package (Debian: texlive-humanities)")
    return prog


_AUX_SUFFIXES = (".aux", ".toc", ".idx", ".ind", ".out")


def _aux_state(folder: Path, job: str) -> str:
    """A digest of every file TeX reads back on the next pass."""
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if not p.name.startswith(job + "."):
            continue
        suffix = p.name[len(job):]
        # reledmac writes one file per numbered section: job.1, job.2, ... and job.Aend
        if suffix in _AUX_SUFFIXES or re.fullmatch(r"\.\d+|\.[A-Z]end", suffix):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _latex_errors(log: str) -> list[str]:
    """The TeX errors of a log, each with the line that caused it."""
    errors = []
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("! "):
            context = next((ln for ln in lines[i + 1:i + 12] if re.match(r"l\.\d+", ln)), "")
            errors.append(f"{line[2:].strip()} {context.strip()}".strip())
    return errors


def compile_latex(tex: Path | str, pdf: Path | str, *, program: str | None = None,
                  max_runs: int = MAX_LATEX_RUNS, keep_log: Path | None = None) -> Compiled:
    """Compile ``tex`` to ``pdf`` with XeLaTeX/LuaLaTeX, repeating until stable."""
    prog = require_latex(program)
    tex = Path(tex).resolve()
    pdf = Path(pdf)
    job = tex.stem
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch()))
    env["FORCE_SOURCE_DATE"] = "1"
    env.setdefault("max_print_line", "10000")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="teikit-latex-") as tmp:
        work = Path(tmp)
        shutil.copyfile(tex, work / tex.name)
        cmd = [prog, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name]
        state = None
        runs = 0
        for runs in range(1, max_runs + 1):
            try:
                proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True,
                                      timeout=LATEX_TIMEOUT, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise ToolError(f"{tex.name}: {prog} pass {runs} took more than {LATEX_TIMEOUT} s "
                                "(set TEIKIT_LATEX_TIMEOUT to allow more)")
            logfile = work / f"{job}.log"
            log = logfile.read_text(encoding="utf-8", errors="replace") if logfile.exists() else ""
            if keep_log is not None and log:
                Path(keep_log).write_text(log, encoding="utf-8")
            errors = _latex_errors(log)
            if proc.returncode != 0 or errors:
                detail = "; ".join(errors[:3]) or proc.stdout.decode("utf-8", "replace")[-800:]
                raise ToolError(f"{tex.name}: {prog} failed on pass {runs}: {detail}")
            if any(work.glob("*.idx")):
                for idxfile in sorted(work.glob("*.idx")):
                    subprocess.run(["makeindex", "-q", idxfile.name], cwd=work, env=env,
                                   capture_output=True, stdin=subprocess.DEVNULL)
            new = _aux_state(work, job)
            for idxfile in sorted(work.glob("*.ind")):
                new += hashlib.sha256(idxfile.read_bytes()).hexdigest()
            if runs >= 2 and new == state and "Rerun to get" not in log:
                break
            state = new
        out = work / f"{job}.pdf"
        if not out.exists():
            raise ToolError(f"{tex.name}: {prog} wrote no PDF")
        m = re.search(r"Output written on .*?\((\d+) pages?", log.replace("\n", ""))
        pages = int(m.group(1)) if m else pdf_pages(out)
        seconds = time.perf_counter() - start
        _replace(out, pdf)
    return Compiled(pdf=pdf, engine=prog, pages=pages, seconds=seconds, runs=runs)
