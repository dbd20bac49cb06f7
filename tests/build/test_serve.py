"""teikit serve: a short-lived preview server on a free loopback port."""

from __future__ import annotations

import time
import urllib.request

import pytest

from toolkit.errors import ToolError
from toolkit.serve import Preview
from tests.build.buildhelpers import write_edition


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode("utf-8")


def test_serves_the_build_and_rebuilds_on_change(tmp_path):
    write_edition(tmp_path, 2, formats=("text",))
    logs: list[str] = []
    p = Preview(tmp_path / "edition.toml", port=0, fmt="text", validate=False, interval=0.1, log=logs.append)
    p.start()
    try:
        assert p.port != 0 and p.builds == 1
        assert "Text of document 1." in _get(p.url + "d1.txt")
        doc = tmp_path / "tei" / "d1.xml"
        doc.write_text(doc.read_text().replace("Text of document 1.", "Revised text."), encoding="utf-8")
        assert p.wait_for_builds(2, timeout=60), logs
        assert "Revised text." in _get(p.url + "d1.txt")
        # a broken edit: the build fails, the previous site stays
        doc.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><p>broken</text></TEI>", encoding="utf-8")
        deadline = time.monotonic() + 60
        while p.last_error is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert p.last_error is not None
        assert "Revised text." in _get(p.url + "d1.txt")
    finally:
        p.stop()


def test_listens_on_loopback_only(tmp_path):
    write_edition(tmp_path, 1, formats=("text",))
    p = Preview(tmp_path / "edition.toml", port=0, fmt="text", validate=False, rebuild=True).start()
    try:
        assert p._server.server_address[0] == "127.0.0.1"
    finally:
        p.stop()


def test_no_rebuild_without_a_build_is_a_clear_error(tmp_path):
    write_edition(tmp_path, 1, formats=("text",))
    with pytest.raises(ToolError, match="nothing to serve"):
        Preview(tmp_path / "edition.toml", port=0, fmt="text", rebuild=False).start()
