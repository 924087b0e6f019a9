"""The treasurer records cash and journals by typing and clicking; the books are checked through services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.services import ledger as ledger_svc
from kopdesk.ui.style import is_marked_invalid
from tests.builders import acct, post

FAR = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def balance_row(ws, code):
    rows = [r for r in ledger_svc.trial_balance(ws, dt.date.today()).rows if r.account.code == code]
    return rows[0] if rows else None


def test_cash_receipt_typed_like_a_treasurer(qtbot, window, kas, fake):
    kas.tabs.setCurrentWidget(kas.buku_kas)
    dlg = kas.buku_kas.new_entry(True)
    assert dlg.ok_button.text() == "Simpan penerimaan"
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.amount, "1.500.000")
    qtbot.keyClicks(dlg.counter.lineEdit(), "4-3100")
    qtbot.keyClicks(dlg.description, "Jasa giro bank November")
    assert dlg.amount.value() == 1_500_000
    assert dlg.counter.account().code == "4-3100"
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)

    ws = window.session.ws
    kas_row = balance_row(ws, "1-1100")
    assert kas_row.balance_debit == 1_500_000
    assert balance_row(ws, "4-3100").balance_credit == 1_500_000
    confirm = [t for kind, title, t in fake.seen if kind == "confirm" and title.startswith("Bukukan")]
    assert confirm and "Rp1.500.000" in confirm[0] and "sesudahnya: Rp1.500.000" in confirm[0]
    assert any(title == "Tersimpan" for _, title, _ in fake.seen)  # the voucher was offered
    assert not dlg.isVisible()
    # the cash book refreshed on the changed event
    assert [e.debit for e in kas.buku_kas.table.visible_records()] == [1_500_000]


def test_money_edit_accepts_what_treasurers_type(qtbot, window, kas):
    dlg = kas.buku_kas.new_entry(True)
    for typed, value in (("50000", 50_000), ("50.000", 50_000), ("50rb", 50_000), ("1,5jt", 1_500_000)):
        dlg.amount.setText(typed)
        assert dlg.amount.value() == value
    dlg.amount.setText("-5000")
    assert dlg.amount.value() is None and "negatif" in dlg.amount.problem()
    assert is_marked_invalid(dlg.amount)
    dlg.amount.setText("lima ribu")
    assert dlg.amount.value() is None and "bukan jumlah rupiah" in dlg.amount.problem()
    dlg.amount.setText("50rb")
    QApplication.sendEvent(dlg.amount, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert dlg.amount.text() == "Rp50.000" and dlg.amount.value() == 50_000


def test_payment_over_the_cash_balance_is_refused_in_place(qtbot, window, kas):
    dlg = kas.buku_kas.new_entry(False)
    assert dlg.ok_button.text() == "Simpan pengeluaran"
    dlg.amount.setText("100rb")
    dlg.counter.set_code("6-1200")
    dlg.description.setText("Beli kertas")
    assert not dlg.ok_button.isEnabled()
    assert "melebihi saldo" in dlg.problems()[0]


def test_unbalanced_journal_keeps_save_disabled_and_posts_nothing(qtbot, window, kas):
    kas.tabs.setCurrentWidget(kas.jurnal)
    dlg = kas.jurnal.new_journal()
    qtbot.keyClicks(dlg.description, "Penyusutan inventaris")
    dlg.rows[0].account.set_code("6-1300")
    qtbot.keyClicks(dlg.rows[0].debit, "250rb")
    dlg.rows[1].account.set_code("1-3190")
    qtbot.keyClicks(dlg.rows[1].credit, "200.000")
    assert not dlg.ok_button.isEnabled()
    assert "tidak seimbang" in dlg.problems_label.text()
    assert "Selisih <b>Rp50.000" in dlg.totals.text()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert ledger_svc.journals(window.session.ws, *FAR) == []

    dlg.rows[1].credit.clear()
    qtbot.keyClicks(dlg.rows[1].credit, "250.000")
    assert dlg.ok_button.isEnabled()
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    [journal] = ledger_svc.journals(window.session.ws, *FAR)
    assert journal.number.startswith("JU-") and journal.total == 250_000


def test_reversing_a_journal_creates_the_jb_journal(qtbot, window, kas, fake):
    ws, admin = window.session.ws, window.session.user
    post(ws, admin, dt.date.today(), "Bayar listrik salah akun", ("6-1200", 300_000, 0), ("1-1100", 0, 300_000))
    window.events.changed.emit(ledger_svc.Changes(ledger=True))
    kas.tabs.setCurrentWidget(kas.jurnal)
    kas.jurnal.refresh()
    kas.jurnal.table.select_row(0)
    dlg = kas.jurnal.reverse_selected()
    assert not dlg.ok_button.isEnabled()  # a reason is required
    qtbot.keyClicks(dlg.reason, "salah akun")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    journals = ledger_svc.journals(ws, *FAR)
    assert [j.series for j in journals] == ["JU", "JB"]
    assert journals[0].reversed_by_id == journals[1].id
    assert "salah akun" in journals[1].description
    assert balance_row(ws, "6-1200") is None  # back to zero
    # the list refreshed: the original is now marked, and cannot be reversed again
    kas.jurnal.table.select_row(0)
    assert not kas.jurnal.reverse_button.isEnabled()


def test_closing_a_dialog_with_typed_data_asks_first(qtbot, window, kas, fake):
    dlg = kas.buku_kas.new_entry(True)
    qtbot.keyClicks(dlg.description, "Setoran")
    fake.answer_confirm = False
    dlg.reject()
    assert dlg.isVisible()
    fake.answer_confirm = True
    dlg.reject()
    assert not dlg.isVisible()


def test_add_account_and_rename(qtbot, window, kas, fake):
    kas.tabs.setCurrentWidget(kas.daftar_akun)
    dlg = kas.daftar_akun.add_account()
    qtbot.keyClicks(dlg.code, "6-1250")
    qtbot.keyClicks(dlg.name, "Beban transportasi")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    ws = window.session.ws
    assert ledger_svc.get_account(ws, "6-1250").name == "Beban transportasi"
    kas.daftar_akun.select_code("6-1250")
    fake.answer_text = "Beban transportasi & perjalanan"
    kas.daftar_akun.rename_selected()
    assert ledger_svc.get_account(ws, "6-1250").name == "Beban transportasi & perjalanan"


def test_trial_balance_screen_says_balanced(qtbot, window, kas):
    ws, admin = window.session.ws, window.session.user
    draft = JournalDraft(dt.date.today(), "Modal awal", (LineDraft(acct(ws, "1-1100"), debit=5_000_000),
                                                        LineDraft(acct(ws, "3-2100"), credit=5_000_000)))
    ledger_svc.post_journal(ws, draft, admin)
    kas.tabs.setCurrentWidget(kas.neraca_saldo)
    kas.neraca_saldo.refresh()
    assert kas.neraca_saldo.balanced
    assert "Seimbang" in kas.neraca_saldo.status.text()
    assert "Debit: Rp5.000.000" in kas.neraca_saldo.table.footer.text()
