"""Files: writing them so that nothing is ever half-written, and naming them.

:func:`write_atomic` writes to a temporary file in the target's folder and renames
it over the target, so a reader sees the old file or the new one, never a part;
on failure the temporary file is removed and the old file is left as it was.
:func:`printable` and :func:`is_utf8` deal with names that are not UTF-8.
:func:`file_digest` hashes a file once for as long as it is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from toolkit.errors import ToolError


def write_atomic(path: Path | str, data: bytes | str, durable: bool = True) -> Path:
    """Write ``data`` (bytes, or text written as UTF-8 with LF line ends) to ``path``.

    The file gets the usual mode (0666 less the umask), not mkstemp's private 0600.
    An operating-system error becomes a :class:`ToolError` naming the file. With
    ``durable`` the data reach the disk before the file takes its name (a crash
    leaves the old file or the new one); a cache, which reads a damaged entry as
    missing, writes without waiting for the disk (thousands of entries would
    otherwise wait a millisecond or more each).
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    except OSError as exc:
        raise ToolError(f"cannot write {path}: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ToolError(f"cannot write {path}: {exc.strerror or exc}")
        raise
    return path


def is_utf8(name: Path | str) -> bool:
    """Whether a path is UTF-8 text (Linux allows any byte in a name; Python keeps
    the others as lone surrogates, which no UTF-8 writer accepts)."""
    try:
        str(name).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name: Path | str) -> str:
    """A path as text any report can hold: bytes that are not UTF-8 escaped (\\xff)."""
    return str(name).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


#: path -> (its stat signature, the SHA-256 of its bytes)
_digests: dict[str, tuple[tuple, str]] = {}


def file_digest(path: Path | str) -> str:
    """SHA-256 of a file's bytes, memoised by path and by what an edit changes: size,
    modification and change times (an edit always moves the latter, which no program
    can set back), inode and device. OSError when the file cannot be read."""
    st = os.stat(path)
    sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    known = _digests.get(str(path))
    if known is None or known[0] != sig:
        with open(path, "rb") as fh:
            known = _digests[str(path)] = (sig, hashlib.file_digest(fh, "sha256").hexdigest())
    return known[1]


def forget_digests() -> None:
    """Empty :func:`file_digest`'s memory (where times may be too coarse to show an
    edit, a new run must not trust them)."""
    _digests.clear()


#: real paths of folders, for :func:`real_path` (emptied by :func:`forget_real_paths`)
_real_folders: dict = {}


def real_path(path: Path | str) -> str:
    """``os.path.realpath(path)``, with the real path of the file's folder remembered.

    realpath checks every component of a path for a symbolic link (a system call
    each); thousands of files in one folder need that folder resolved once, and each
    file checked alone. A folder's real path is kept until :func:`forget_real_paths`
    (at the start of each validation run)."""
    p = os.fspath(path)
    head, tail = os.path.split(p)
    if not head or tail in ("", ".", ".."):
        return os.path.realpath(p)
    key = head if os.path.isabs(head) else (os.getcwd(), head)
    folder = _real_folders.get(key)
    if folder is None:
        folder = _real_folders[key] = os.path.realpath(head)
    if os.path.islink(p):
        return os.path.realpath(p)
    return os.path.join(folder, tail)


def forget_real_paths() -> None:
    """Empty :func:`real_path`'s memory of folders (a folder may be moved or become a
    link between runs)."""
    _real_folders.clear()
