"""Batalkan pembayaran SHU on the SHU screen like a treasurer: the 2025 SHU (Siti 180.000, Budi 11.880.000, Rina
11.940.000) is posted and credited to everyone's simpanan sukarela in one batch. She selects Siti in the list,
opens Batalkan pembayaran, sees the journal, types the reason and confirms; the list says Dibatalkan and Siti is
paid again in cash. Rina already withdrew part of her SHU, so reversing the rest of the batch is refused in place."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kopdesk.domain.savings import SavingsKind
from kopdesk.services import closing, ledger, savings, shu
from kopdesk.services.check import check_workspace
from kopdesk.ui.screens.shu import paid_cell
from tests.builders import acct
from tests.services.test_shu_service import build

D = dt.date
LEFT = Qt.MouseButton.LeftButton


def counts(ws):
    return tuple(ws.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("journals", "savings_tx", "shu_payouts", "shu_payout_reversals", "audit_log"))


def test_select_a_paid_member_reverse_the_payment_and_pay_again(qtbot, window, fake, tmp_path):
    k = build(tmp_path)
    ws, admin = k.ws, k.admin
    siti, budi, rina = k.people
    closing.close_year(ws, 2025, admin)
    shu.approve(ws, 2025, admin, decision_ref="03/RAT/2026")
    shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    batch = shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="sukarela")
    sukarela = savings.product_of_kind(ws, SavingsKind.SUKARELA)
    savings.withdraw(ws, member_id=rina.id, product_id=sukarela.id, amount=1_000_000, on=D(2026, 3, 21), by=admin)
    window.open_workspace(ws, admin)
    window.resize(1366, 768)
    section = window.view.go("tutup_buku")
    section.tabs.setCurrentWidget(section.shu)
    scr = section.shu
    scr.year_spin.setValue(2025)
    assert scr.list.status == "dibukukan" and scr.actions.currentIndex() == 2
    assert scr.reverse_button.isVisibleTo(scr) and scr.reverse_button.isEnabled()

    # Siti is selected in the list; the dialog shows her reversal journal before anything is written
    row = next(i for i, r in enumerate(scr.table.visible_records()) if r.member_id == siti.id)
    scr.table.select_row(row)
    qtbot.mouseClick(scr.reverse_button, LEFT)
    dlg = scr.reverse_dialog
    assert dlg is not None and dlg.isVisible()
    assert "Anggota yang dipilih: 1 anggota, Rp180.000" in dlg.target.currentText()
    dlg.date.setValue(D(2026, 3, 22))
    text = dlg.preview.text()
    assert f"Dari {batch.journal_number} (pembatalan sebagian), 1 anggota: Siti Aminah" in text
    assert "2-1100" in text and "2-1600" in text and "Rp180.000" in text
    assert not dlg.ok_button.isEnabled()               # the reason is required
    before = counts(ws)
    qtbot.keyClicks(dlg.reason, "Siti minta dibayar tunai")
    assert dlg.ok_button.isEnabled() and counts(ws) == before
    qtbot.mouseClick(dlg.ok_button, LEFT)
    shown = [t for kind, title, t in fake.seen if kind == "confirm" and title == "Batalkan pembayaran SHU?"]
    assert shown and "Rp180.000" in shown[0] and "Siti minta dibayar tunai" in shown[0] and "Kredit" in shown[0]
    assert not fake.errors(), fake.errors()
    assert not dlg.isVisible()
    assert any(title == "Pembayaran SHU dibatalkan" for kind, title, _t in fake.seen if kind == "info")

    # the list says Dibatalkan; the books and savings follow
    row = scr.list.row(siti.id)
    assert (row.paid, paid_cell(row)) == (False, "Dibatalkan")
    assert savings.balances(ws, siti.id)[sukarela] == 0
    assert ledger.account_balance(ws, acct(ws, "2-1600"), D(2030, 12, 31)) == 180_000 == scr.list.total_unpaid
    assert "sisa Rp180.000" in scr.status.text()
    assert check_workspace(ws.path).ok

    # paid again in cash: only the selected (unpaid) member
    scr.pay_date.setValue(D(2026, 3, 23))
    scr.pay_method.setCurrentIndex(scr.pay_method.findData("tunai"))
    scr.pay_selected.setChecked(True)
    row = next(i for i, r in enumerate(scr.table.visible_records()) if r.member_id == siti.id)
    scr.table.select_row(row)
    qtbot.mouseClick(scr.pay_button, LEFT)
    assert not fake.errors(), fake.errors()
    assert paid_cell(scr.list.row(siti.id)) == "Tunai (ulang)" and scr.list.total_unpaid == 0

    # the rest of the batch: Rina withdrew 1 juta of her 11.940.000, refused in place, nothing written
    scr.table.view.clearSelection()
    qtbot.mouseClick(scr.reverse_button, LEFT)
    dlg = scr.reverse_dialog
    assert dlg.target.count() == 2                      # the sukarela batch (part left) and Siti's cash payment
    dlg.target.setCurrentIndex(next(i for i in range(dlg.target.count())
                                    if dlg.target.itemData(i) == ("journal", batch.journal_id)))
    assert "sebagian dibatalkan" in dlg.target.currentText() and "2 anggota" in dlg.target.currentText()
    dlg.date.setValue(D(2026, 3, 24))
    qtbot.keyClicks(dlg.reason, "RAT ulang")
    before = counts(ws)
    assert not dlg.ok_button.isEnabled()
    assert "Rina Wati tinggal Rp10.940.000, kurang Rp1.000.000" in dlg.problems_label.text()
    assert dlg.problems_label.isVisibleTo(dlg)
    qtbot.mouseClick(dlg.ok_button, LEFT)
    assert counts(ws) == before and dlg.isVisible()
    dlg.reject()
    assert ledger.trial_balance(ws, D(2030, 12, 31)).balanced


def test_reverse_dialog_at_1366x768(qtbot, window, fake, tmp_path):
    """The screen and the dialog, grabbed for a look (tests/ui output in /tmp)."""
    k = build(tmp_path)
    ws, admin = k.ws, k.admin
    closing.close_year(ws, 2025, admin)
    shu.approve(ws, 2025, admin, decision_ref="03/RAT/2026")
    shu.post(ws, 2025, admin, on=D(2026, 3, 16))
    shu.pay(ws, 2025, admin, on=D(2026, 3, 20), method="tunai", member_ids=[k.people[1].id, k.people[2].id])
    window.open_workspace(ws, admin)
    window.resize(1366, 768)
    section = window.view.go("tutup_buku")
    section.tabs.setCurrentWidget(section.shu)
    scr = section.shu
    scr.year_spin.setValue(2025)
    scr.table.select_row(1)
    dlg = scr.reverse_payout()
    dlg.date.setValue(D(2026, 3, 25))
    assert "jurnal pembalik" not in dlg.preview.text()     # one of two members: a partial reversal
    dlg.target.setCurrentIndex(1)
    assert "jurnal pembalik" in dlg.preview.text() and "1-1100" in dlg.preview.text()
    window.grab().save("/tmp/shu_reversal_screen.png")
    dlg.grab().save("/tmp/shu_reversal_dialog.png")
    dlg.reject()
