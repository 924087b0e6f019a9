"""The RAT report-book editor like a secretary: KSP Maju Bersama has closed 2025 and planned its RAT. In the RAT
screen's "Buku Laporan RAT" tab she types the cooperative's own Pendahuluan, saves it (the database holds it, the
section is marked "diubah"), is asked before leaving a section with unsaved text, restores another section to the
generated default, and builds the whole book: read back with pypdf, it prints her text. A year not closed shows an
explanation instead of the editor; a pengawas can read and preview but not edit."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kopdesk.domain.coop import Official
from kopdesk.domain.members import Member
from kopdesk.domain.rat import MeetingKind
from kopdesk.domain.users import Role
from kopdesk.services import closing, ledger, members, profile, rat, rat_book, shu, users
from kopdesk.services import workspace as ws_svc
from kopdesk.services.rat_book import TEXT_KEYS, TEXT_TITLES
from kopdesk.ui.screens.rat_buku import DEFAULT, EDITED, RatBukuWidget
from tests.builders import post
from tests.conftest import PROFILE

D = dt.date
LEFT = Qt.MouseButton.LeftButton
NAMES = ("Siti Aminah", "Budi Santoso", "Rina Wati", "Ahmad Fauzi", "Dewi Lestari", "Hendra Gunawan")
OWN_TEXT = ("Tahun 2025 adalah tahun pertama Koperasi Maju Bersama memakai pembukuan komputer KopDesk.\n\n"
            "Pengurus berterima kasih kepada Bapak Lurah Loktabat Utara atas pinjaman aula.")


def build(path):
    """Six members joined on 2 January 2025 (pokok 100.000, wajib 600.000), other income of 10 juta, 2025 closed;
    the RAT of 2025 planned for 14 March 2026; a Ketua and a Ketua Pengawas."""
    ws, admin = ws_svc.create_workspace(path, profile=PROFILE, admin_full_name="Siti Rahmah")
    items = [members.NewMember(Member(None, "", name, f"6372021{i}05850{i + 1:03d}", "P" if i % 2 == 0 else "L",
                                      birth_date=D(1985, 5, 10 + i), join_date=D(2025, 1, 2)),
                               {"POKOK": 100_000, "WAJIB": 600_000}) for i, name in enumerate(NAMES)]
    members.register_many(ws, items, opening_date=D(2025, 1, 2), by=admin)
    post(ws, admin, D(2025, 1, 3), "Saldo awal kas", ("1-1100", 30_000_000, 0), ("3-9000", 0, 30_000_000),
         series="JS")
    post(ws, admin, D(2025, 12, 20), "Pendapatan lain-lain 2025", ("1-1100", 10_000_000, 0),
         ("4-3100", 0, 10_000_000), series="KM")
    shu.set_allocation(ws, 2025, {"cadangan": 40, "jasa_modal": 40, "dana_pengurus": 5, "dana_karyawan": 5,
                                  "dana_pendidikan": 5, "dana_sosial": "2.5", "dana_pdk": "2.5"}, admin)
    ledger.lock_period(ws, D(2025, 12, 31), admin)
    closing.close_year(ws, 2025, admin)
    for body, role, name in (("pengurus", "Ketua", "H. Abdul Karim"), ("pengawas", "Ketua Pengawas",
                                                                         "Bambang Irawan")):
        profile.save_official(ws, Official(None, body, role, name, D(2021, 3, 20), D(2026, 3, 19)), admin)
    rat.create_meeting(ws, admin, kind=MeetingKind.RAT, year=2025, held_on=D(2026, 3, 14), start_time="09:00",
                       place="Aula Kantor Desa Loktabat Utara", invitation_date=D(2026, 2, 27))
    return ws, admin


@pytest.fixture
def kop(tmp_path):
    ws, admin = build(tmp_path / "buku.kopdesk")
    yield ws, admin
    ws.close()


def marks(w: RatBukuWidget) -> dict[str, str]:
    return {key: w.sections.item(row, 1).text() for row, key in enumerate(TEXT_KEYS)}


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_edit_save_restore_and_build_the_book_in_the_rat_screen(qtbot, window, fake, kop, tmp_path):
    ws, admin = kop
    window.open_workspace(ws, admin)
    scr = window.view.go("rat")
    w = scr.buku
    assert isinstance(w, RatBukuWidget) and scr.tabs.indexOf(w) >= 0
    assert w.year == 2025 and w.title.text() == "Buku Laporan RAT tahun buku 2025"
    scr.tabs.setCurrentWidget(w)                                   # shown: the texts are read now
    defaults = rat_book.default_texts(ws, 2025)
    assert w.stack.currentWidget() is w.body
    # the sections in book order, all on the default; the first one in the editor
    assert [w.sections.item(r, 0).text() for r in range(len(TEXT_KEYS))] == [
        f"{i + 1}. {TEXT_TITLES[k]}" for i, k in enumerate(TEXT_KEYS)]
    assert set(marks(w).values()) == {DEFAULT}
    assert w.key == "pendahuluan" and w.editor.toPlainText() == defaults["pendahuluan"]
    assert "KSP Maju Bersama" in w.editor.toPlainText() and not w.save_button.isEnabled()
    assert not w.restore_button.isEnabled() and "Kertas A4" in w.info.text()

    # she replaces the Pendahuluan with her own text and saves it
    w.editor.selectAll()
    w.editor.clear()
    qtbot.keyClicks(w.editor, OWN_TEXT.split("\n\n")[0])
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(w.editor, OWN_TEXT.split("\n\n")[1])
    assert w.dirty() and w.save_button.isEnabled() and "belum disimpan" in w.section_state.text()
    qtbot.mouseClick(w.save_button, LEFT)
    assert rat.get_texts(ws, 2025) == {"pendahuluan": OWN_TEXT}
    assert marks(w)["pendahuluan"] == EDITED and list(marks(w).values()).count(DEFAULT) == len(TEXT_KEYS) - 1
    assert not w.dirty() and not w.save_button.isEnabled() and w.restore_button.isEnabled()
    assert "1 dari 10 bagian diubah" in w.info.text()
    audit = ws.db.execute("SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(audit) == ("teks_buku_rat", "rat")

    # the Penutup edited and saved too, then typed again: leaving the section asks; "Kembali" keeps the typing
    w.sections.setCurrentCell(TEXT_KEYS.index("penutup"), 0)
    assert w.key == "penutup" and w.editor.toPlainText() == defaults["penutup"]
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(w.editor, " Wassalam.")
    qtbot.mouseClick(w.save_button, LEFT)
    assert rat.get_texts(ws, 2025)["penutup"] == defaults["penutup"] + " Wassalam."
    qtbot.keyClicks(w.editor, " Merdeka!")
    fake.answer_confirm = False
    w.sections.setCurrentCell(TEXT_KEYS.index("masalah"), 0)
    assert fake.seen[-1][1] == "Teks belum disimpan" and "Penutup" in fake.seen[-1][2]
    assert w.key == "penutup" and w.sections.currentRow() == TEXT_KEYS.index("penutup")
    assert w.editor.toPlainText().endswith("Wassalam. Merdeka!")
    # "Kembalikan ke teks bawaan", confirmed: the saved Penutup is removed, the default is back in the editor
    fake.answer_confirm = True
    qtbot.mouseClick(w.restore_button, LEFT)
    assert fake.seen[-1][1] == "Kembalikan ke teks bawaan?"
    assert rat.get_texts(ws, 2025) == {"pendahuluan": OWN_TEXT}
    assert w.editor.toPlainText() == defaults["penutup"] and marks(w)["penutup"] == DEFAULT
    assert not w.dirty() and not w.restore_button.isEnabled()
    # typing the default back is not an edit: the section stays on the default
    w.sections.setCurrentCell(TEXT_KEYS.index("masalah"), 0)
    qtbot.keyClicks(w.editor, " ")
    w.editor.setPlainText(defaults["masalah"] + "\n")
    qtbot.mouseClick(w.save_button, LEFT)
    assert "masalah" not in rat.get_texts(ws, 2025) and marks(w)["masalah"] == DEFAULT

    # the book, built on the (synchronous) worker, prints her Pendahuluan and the default Penutup
    qtbot.mouseClick(w.preview_button, LEFT)
    preview = w._preview
    assert preview.document.pageCount() >= 10 and "Buku Laporan RAT Tahun Buku 2025" in preview.windowTitle()
    text = flat(pdf_text(preview.path))
    preview.close()
    assert flat(OWN_TEXT.split("\n\n")[0]) in text and flat(OWN_TEXT.split("\n\n")[1]) in text
    assert flat(defaults["penutup"].split("\n\n")[0])[:120] in text and "Wassalam" not in text
    assert flat(defaults["pendahuluan"].split("\n\n")[0])[:80] not in text
    # "Simpan PDF...": the same book written where she chose
    target = tmp_path / "buku rat 2025"
    fake.answer_path = str(target)
    qtbot.mouseClick(w.pdf_button, LEFT)
    saved = tmp_path / "buku rat 2025.pdf"
    assert saved.exists() and flat(OWN_TEXT.split("\n\n")[1]) in flat(pdf_text(saved))
    assert fake.seen[-1][:2] == ("info", "PDF tersimpan") and not fake.errors()



def test_year_not_closed_is_explained_and_a_pengawas_only_reads(qtbot, fake, kop):
    ws, admin = kop
    from kopdesk.ui.events import AppEvents
    from kopdesk.ui.runner import Runner
    from kopdesk.ui.session import Session

    events = AppEvents()
    runner = Runner(events)
    runner.synchronous = True
    w = RatBukuWidget(Session(ws, admin, runner, events))
    qtbot.addWidget(w)
    w.resize(1100, 500)
    w.show()
    w.set_year(2026)                                        # 2026 is not closed
    assert w.stack.currentWidget() is w.explain
    assert "Tahun buku 2026 belum ditutup" in w.explain.text() and "tutup buku" in w.explain.text()
    assert not w.preview_button.isEnabled() and not w.pdf_button.isEnabled()
    w.set_year(2024)                                        # before the books start: not closed either
    assert "Tahun buku 2024 belum ditutup" in w.explain.text() and not fake.errors()
    w.set_year(2025)
    assert w.stack.currentWidget() is w.body and w.preview_button.isEnabled()
    # text typed and not saved when another year is shown (another meeting chosen): she is asked, and it is saved
    w.sections.setCurrentCell(TEXT_KEYS.index("rencana_kerja"), 0)
    w.editor.setPlainText("Membuka unit usaha toko anggota.")
    w.set_year(2026)
    assert fake.seen[-1][1] == "Teks belum disimpan" and "Rencana kerja" in fake.seen[-1][2]
    assert rat.get_texts(ws, 2025) == {"rencana_kerja": "Membuka unit usaha toko anggota."}
    assert w.stack.currentWidget() is w.explain and not w.dirty()

    rat.save_text(ws, admin, 2025, "pengawas_temuan", "Kas fisik cocok dengan buku kas.")
    pengawas, _ = users.add_user(ws, username="bambang", full_name="Bambang Irawan", role=Role.PENGAWAS,
                                 password=None, by=admin)
    r = RatBukuWidget(Session(ws, pengawas, runner, events))
    qtbot.addWidget(r)
    r.show()
    r.set_year(2025)
    assert r.editor.isReadOnly() and not r.edit_bar.isVisible()
    assert marks(r)["pengawas_temuan"] == EDITED and marks(r)["pendahuluan"] == DEFAULT
    r.sections.setCurrentCell(TEXT_KEYS.index("pengawas_temuan"), 0)
    assert r.editor.toPlainText() == "Kas fisik cocok dengan buku kas." and "Hanya baca" in r.section_state.text()
    qtbot.keyClicks(r.editor, "coba ubah")
    assert r.editor.toPlainText() == "Kas fisik cocok dengan buku kas." and not r.dirty()
    r.save()                                                # the shortcut does nothing either
    assert rat.get_texts(ws, 2025) == {"pengawas_temuan": "Kas fisik cocok dengan buku kas.",
                                       "rencana_kerja": "Membuka unit usaha toko anggota."}
    assert r.preview_button.isEnabled()
    qtbot.mouseClick(r.preview_button, LEFT)
    assert r._preview.document.pageCount() >= 10
    r._preview.close()
    assert not fake.errors()
