"""toolkit.fsutil.real_path: os.path.realpath's answer, with folders resolved once."""

from __future__ import annotations

import os

from toolkit import fsutil


def test_real_path_agrees_with_realpath(tmp_path, monkeypatch):
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.xml").write_text("<a/>")
    (real / "sub" / "b.xml").write_text("<b/>")
    os.symlink(real, tmp_path / "folder-link")
    os.symlink(real / "a.xml", real / "file-link.xml")
    os.symlink(real / "sub" / "b.xml", real / "sub" / "relative-link.xml")
    os.symlink(tmp_path / "nowhere.xml", real / "broken.xml")
    os.symlink("loop2", real / "loop1")
    os.symlink("loop1", real / "loop2")
    monkeypatch.chdir(tmp_path)
    names = ["real/a.xml", "folder-link/a.xml", "folder-link/file-link.xml", "real/file-link.xml",
             "folder-link/sub/../a.xml", "real/sub/relative-link.xml", "real/broken.xml", "real/missing.xml",
             "real/loop1", "real/loop1/x.xml", "folder-link/sub/.", "folder-link/sub/..", "real/", "a.xml",
             "./folder-link/./a.xml", "real//a.xml", str(tmp_path / "folder-link" / "sub" / "b.xml")]
    fsutil.forget_real_paths()
    for name in names * 2:  # (the second time from what it remembers)
        assert fsutil.real_path(name) == os.path.realpath(name), name
    # a folder that became a link since: remembered until forgotten (a new run)
    os.rename(real / "sub", real / "old-sub")
    os.symlink(real, real / "sub")
    assert fsutil.real_path("real/sub/a.xml") == str(real / "sub" / "a.xml")
    fsutil.forget_real_paths()
    assert fsutil.real_path("real/sub/a.xml") == os.path.realpath("real/sub/a.xml") == str(real / "a.xml")
    # a relative folder is taken from the current directory of the call
    monkeypatch.chdir(real)
    assert fsutil.real_path("sub/a.xml") == str(real / "a.xml")
