"""``kopdesk check`` on a Dinas workspace: follow-up history guards and attachment contents."""

from __future__ import annotations

import sqlite3

from kopdesk.services.check import check_workspace
from kopdesk.services.demo_dinas import build_dinas_demo


def test_the_dinas_demo_passes_and_a_forged_attachment_is_found(tmp_path):
    path = tmp_path / "dinas.kopdesk"
    build_dinas_demo(path, seed=3)
    report = check_workspace(path)
    assert report.ok, report.text()
    assert any("lampiran" in p for p in report.passed)

    con = sqlite3.connect(path)
    aid, size = con.execute("SELECT id, size FROM dinas_attachments ORDER BY id LIMIT 1").fetchone()
    with con:   # same length, but a Word file's header where a PNG should be
        con.execute("UPDATE dinas_attachments SET data = ? WHERE id = ?",
                    [b"PK\x03\x04" + b"\x00" * (size - 4), aid])
    con.close()
    report = check_workspace(path)
    assert not report.ok
    assert any("Isi lampiran tidak sesuai jenisnya" in p and f"lampiran {aid}" in p for p in report.problems)
