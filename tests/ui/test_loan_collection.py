"""Pinjaman > Angsuran kolektif: the treasurer of a KPRI opens the payroll-deduction sheet for 2 March 2026, sees
what every active loan owes, types over one amount, skips one loan (0), checks the allocation and posts; then a
returned list with a wrong row is refused, every wrong row named and nothing written, and a good one fills the
sheet."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import xlsxwriter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from kopdesk import fmt
from kopdesk.domain.loans import LoanTxKind
from kopdesk.services import check as check_svc
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui.screens.angsuran_kolektif import AMOUNT, NO_UNIT
from tests.services.test_loan_collection import ON, lending_book

FAR = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


@pytest.fixture
def sheet(window):
    ws, admin = window.session.ws, window.session.user
    loans = lending_book(ws, admin)
    pinjaman = window.view.go("pinjaman")
    screen = pinjaman.show_collection()
    assert pinjaman.tabs.tabText(1) == "Angsuran kolektif" and screen.isVisible()
    screen.date.setValue(ON)
    return ws, loans, screen


def row_of(screen, loan_number: str) -> int:
    proxy = screen.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 4).data() == loan_number)


def type_amount(qtbot, screen, loan_number: str, text: str) -> None:
    """Select the Dibayar cell of the loan and type over it, as a treasurer would."""
    index = screen.proxy.index(row_of(screen, loan_number), AMOUNT)
    screen.view.setFocus()
    screen.view.setCurrentIndex(index)
    qtbot.keyClicks(screen.view, text[0])             # any key opens the editor with that key
    assert screen.view.state() == QAbstractItemView.State.EditingState
    [editor] = [w for w in screen.view.findChildren(QLineEdit) if w.isVisible()]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.view.state() != QAbstractItemView.State.EditingState)   # a queued commit


def loan_txs(ws, loan_id):
    return [t for t in loans_svc.transactions(ws, loan_id) if t.kind == LoanTxKind.ANGSURAN]


def test_sheet_edit_skip_and_post(qtbot, window, fake, sheet):
    ws, x, screen = sheet
    siti, budi, rina, dewi = (x[k] for k in ("siti", "budi", "rina", "dewi"))
    # what is owed on 2 March; Dewi (nothing due yet) only with "tanpa tagihan"
    shown = [screen.proxy.index(r, 4).data() for r in range(screen.proxy.rowCount())]
    assert shown == [siti.number, budi.number, rina.number]
    rina_row = row_of(screen, rina.number)
    assert [screen.proxy.index(rina_row, c).data() for c in (5, 6, 7, 8, 9, 10)] == \
        ["1-2 dari 10", "1.164.375", "1.164.375", "1.000.000", "150.000", "14.375"]
    screen.show_all.setChecked(True)
    assert screen.proxy.rowCount() == 4
    screen.show_all.setChecked(False)
    # work units: the members carry one, so the filter is offered
    units = [screen.unit.itemText(i) for i in range(screen.unit.count())]
    assert units == ["Semua unit kerja", "Dinas Pendidikan", "RSUD Idaman", NO_UNIT]
    assert screen.unit.isVisible() and not screen.view.isColumnHidden(3)
    screen.select_unit("Dinas Pendidikan")
    assert [line.due.loan.number for line in screen.model.lines] == [siti.number, budi.number]
    screen.select_unit("Semua unit kerja")
    assert f"Jumlah dibayar: {fmt.rupiah(575_000 + 545_000 + 1_164_375)}" in screen.footer.text()

    # Rina pays 600.000 only; Budi was not deducted; a typo first
    type_amount(qtbot, screen, rina.number, "enam ratus")
    assert not screen.post_button.isEnabled()
    assert "'enam ratus' bukan jumlah rupiah" in screen.errors.text() and rina.number in screen.errors.text()
    type_amount(qtbot, screen, rina.number, "600rb")
    type_amount(qtbot, screen, budi.number, "0")
    rina_row = row_of(screen, rina.number)
    # the allocation follows the amount: denda, then jasa, then pokok
    assert [screen.proxy.index(rina_row, c).data() for c in (7, 8, 9, 10)] == \
        ["600.000", "435.625", "150.000", "14.375"]
    assert screen.proxy.index(rina_row, AMOUNT).data(Qt.ItemDataRole.ToolTipRole) == \
        f"Sisa pokok sesudahnya {fmt.rupiah(4_564_375)}"
    pv = pay_svc.repayment_preview(ws, rina.id, amount=600_000, on=ON)
    assert (pv.principal, pv.interest, pv.penalty) == (435_625, 150_000, 14_375)
    assert screen.post_button.isEnabled() and screen.errors.text() == ""
    assert "2 dari 3 pinjaman dibayar" in screen.footer.text()
    assert f"Jumlah dibayar: {fmt.rupiah(1_175_000)}" in screen.footer.text()
    assert screen.post_button.text() == f"Bukukan angsuran kolektif ({fmt.rupiah(1_175_000)})"

    journals_before = len(ledger_svc.journals(ws, *FAR))
    qtbot.mouseClick(screen.post_button, Qt.MouseButton.LeftButton)
    [asked] = [text for kind, title, text in fake.seen if title == "Bukukan angsuran kolektif?"]
    assert asked.split("\n")[:6] == [
        "2 pinjaman, tanggal 2 Maret 2026, satu jurnal per pinjaman:", "",
        f"Debit   1-1100 Kas: {fmt.rupiah(1_175_000)}",
        f"Kredit  1-1300 Pinjaman anggota: {fmt.rupiah(500_000 + 435_625)}",
        f"Kredit  4-1100 Partisipasi - jasa pinjaman anggota: {fmt.rupiah(75_000 + 150_000)}",
        f"Kredit  4-1400 Partisipasi - denda: {fmt.rupiah(14_375)}"]
    assert f"{rina.number} Rina Wati: {fmt.rupiah(600_000)} (tagihan {fmt.rupiah(1_164_375)})" in asked
    assert "1 pinjaman lain di daftar tidak dibayar" in asked

    # the database: one repayment per paid loan, one balanced KM journal each, outstanding reduced, audit row
    assert loan_txs(ws, budi.id) == []
    [ts] = loan_txs(ws, siti.id)
    [tr] = loan_txs(ws, rina.id)
    assert (ts.amount, -ts.principal, ts.interest, ts.penalty, ts.date) == (575_000, 500_000, 75_000, 0, ON)
    assert (tr.amount, -tr.principal, tr.interest, tr.penalty) == (600_000, 435_625, 150_000, 14_375)
    journals = ledger_svc.journals(ws, *FAR)
    assert len(journals) == journals_before + 2
    for t in (ts, tr):
        j = ledger_svc.get_journal(ws, t.journal_id)
        assert j.number.startswith("KM-") and sum(ln.debit for ln in j.lines) == sum(ln.credit for ln in j.lines)
        assert j.description.startswith("Angsuran pinjaman kolektif Maret 2026")
    assert ledger_svc.get_journal(ws, tr.journal_id).lines[0].debit == 600_000
    assert loans_svc.position(ws, siti.id, ON).principal_outstanding == 4_500_000
    assert loans_svc.position(ws, rina.id, ON).principal_outstanding == 4_564_375
    assert loans_svc.position(ws, budi.id, ON).principal_outstanding == 3_000_000
    [(detail,)] = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'angsuran_pinjaman_kolektif'").fetchall()
    assert json.loads(detail) | {} == {"pinjaman": 2, "total": 1_175_000, "pokok": 935_625, "jasa": 225_000,
                                       "denda": 14_375, "lunas": []}
    assert any(kind == "info" and title == "Tersimpan" and "Angsuran 2 pinjaman" in text
               for kind, title, text in fake.seen)
    assert check_svc.check_workspace(ws.path).ok

    # the sheet starts again from what is owed now: Siti has paid March, Rina still owes the rest
    shown = [screen.proxy.index(r, 4).data() for r in range(screen.proxy.rowCount())]
    assert shown == [budi.number, rina.number]
    assert screen.proxy.index(row_of(screen, rina.number), 6).data() == fmt.number(1_164_375 - 600_000)
    assert "Angsuran 2 pinjaman" in screen.source_label.text()


def bad_list(path, x):
    wb = xlsxwriter.Workbook(str(path))
    sh = wb.add_worksheet()
    for r, row in enumerate([("Nomor Anggota", "Nomor Pinjaman", "Jumlah Dipotong"),
                             ("A-0001", x["siti"].number, 575_000),
                             ("A-0002", x["rina"].number, 545_000),
                             ("A-0003", x["rina"].number, 2_000_000_000)]):
        for c, v in enumerate(row):
            (sh.write_number if isinstance(v, int) else sh.write_string)(r, c, v)
    wb.close()
    return path


def test_returned_list_bad_rows_refused_then_good_list_fills_the_sheet(qtbot, window, fake, sheet, tmp_path):
    ws, x, screen = sheet
    type_amount(qtbot, screen, x["budi"].number, "500.000")
    before = [(line.due.loan.number, line.amount) for line in screen.all_lines]
    counts = ws.db.execute("SELECT (SELECT count(*) FROM journals), (SELECT count(*) FROM loan_tx), "
                           "(SELECT count(*) FROM audit_log)").fetchone()
    fake.answer_path = str(bad_list(tmp_path / "kembali.xlsx", x))
    assert screen.import_sheet() is None
    text = screen.errors.text()
    assert text.startswith("File kembali.xlsx belum bisa dipakai; perbaiki semua masalah ini:")
    assert f"Baris 3: pinjaman {x['rina'].number} milik anggota A-0003 (Rina Wati), bukan A-0002." in text
    assert f"Baris 4: pinjaman {x['rina'].number} sudah ada di baris 3; gabungkan jumlahnya." in text
    assert [(line.due.loan.number, line.amount) for line in screen.all_lines] == before     # sheet untouched
    assert ws.db.execute("SELECT (SELECT count(*) FROM journals), (SELECT count(*) FROM loan_tx), "
                         "(SELECT count(*) FROM audit_log)").fetchone() == counts           # nothing written

    # the exported list (for the payroll office) comes back as it went out
    fake.answer_path = str(tmp_path / "potong-gaji")
    out = screen.export_sheet()
    assert out.name == "potong-gaji.xlsx" and out.exists()
    type_amount(qtbot, screen, x["budi"].number, "0")
    fake.answer_path = str(out)
    amounts = screen.import_sheet()
    assert {a.loan_number: a.amount for a in amounts} == {x["siti"].number: 575_000, x["budi"].number: 500_000,
                                                          x["rina"].number: 1_164_375}
    assert [(line.due.loan.number, line.amount) for line in screen.all_lines] == before
    assert "potong-gaji.xlsx: 3 pinjaman dipotong" in screen.source_label.text() and screen.errors.text() == ""
    qtbot.mouseClick(screen.post_button, Qt.MouseButton.LeftButton)
    assert [t.amount for t in loan_txs(ws, x["budi"].id)] == [500_000]
    assert check_svc.check_workspace(ws.path).ok


def test_read_only_user_sees_the_sheet_without_posting(qtbot, window, fake, book):
    from kopdesk.domain.users import Role
    from kopdesk.services import users as users_svc

    ws, admin = book
    lending_book(ws, admin)
    viewer, _ = users_svc.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS,
                                   password=None, by=admin)
    window.session = None
    window.open_workspace(ws, viewer)
    screen = window.view.go("pinjaman").show_collection()
    screen.date.setValue(ON)
    assert screen.proxy.rowCount() == 3
    assert not screen.post_button.isVisible() and not screen.import_button.isVisible()
    assert screen.export_button.isVisible() and screen.print_button.isVisible()
    assert not screen.model.flags(screen.model.index(0, AMOUNT)) & Qt.ItemFlag.ItemIsEditable


def test_print_offers_the_instalments_due_list_up_to_the_date(qtbot, window, fake, sheet, tmp_path, monkeypatch):
    from pypdf import PdfReader

    from kopdesk.ui import printing

    ws, x, screen = sheet
    shown = []
    monkeypatch.setattr(printing, "preview", lambda session, doc, parent=None, on_closed=None: shown.append(doc))
    window.view.screen("pinjaman").print_()            # Ctrl+P on this tab prints the sheet's list
    [doc] = shown
    out = tmp_path / doc.file_name
    doc.make(out)
    text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages)
    # from Rina's oldest unpaid instalment (2 Feb) to the sheet's date
    assert "2 Februari 2026 s.d. 2 Maret 2026" in text
    assert all(x[k].number in text for k in ("siti", "budi", "rina")) and x["dewi"].number not in text
    assert fmt.number(575_000 + 545_000 + 2 * 575_000) in text          # pokok + jasa, denda apart
