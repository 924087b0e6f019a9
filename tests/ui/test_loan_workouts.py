"""Problem loans from the loan page. Siti's Rp6.000.000 loan (12 months, 1,5% flat: Rp590.000 a month) was paid
out about 200 days ago and only two instalments were paid, so it is in arrears with Rp5.000.000 of pokok left.
The treasurer proposes a restructuring (18 months at 1%) with the new schedule shown live, the chairman approves it
and it is carried out; in another book the chairman writes the loan off against a PPAP of Rp2.000.000 and the
treasurer later receives a recovery. Refusals (no reason, more than is recoverable, a proposal made meanwhile) are
shown in the dialog and write nothing. The books are checked through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

import kopdesk.reports as reports_api
from kopdesk import fmt
from kopdesk.domain.loans import LoanStatus, LoanTxKind
from kopdesk.domain.members import Member
from kopdesk.domain.users import Role
from kopdesk.services import check as check_svc
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loan_workouts as workouts_svc
from kopdesk.services import loans as loans_svc
from kopdesk.services import members as members_svc
from kopdesk.services import users as users_svc
from tests.builders import acct, post

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=200)
FAR = TODAY + dt.timedelta(days=3650)


def click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def clear(qtbot, line_edit):
    line_edit.selectAll()
    qtbot.keyClick(line_edit, Qt.Key.Key_Backspace)


def as_user(window, user):
    ws = window.session.ws
    window.session = None
    window.open_workspace(ws, user)
    return window.view.go("pinjaman")


def audit_actions(ws, loan_id) -> list[str]:
    return [r[0] for r in ws.db.execute("SELECT action FROM audit_log WHERE entity = 'pinjaman' AND entity_id = ? "
                                        "ORDER BY id", [loan_id])]


def lines(ws, journal_id):
    return [(x.account_code, x.debit, x.credit) for x in ledger_svc.get_journal(ws, journal_id).lines]


def books_ok(ws):
    assert ledger_svc.trial_balance(ws, FAR).balanced
    report = check_svc.check_workspace(ws.path)
    assert report.ok, report.text()


@pytest.fixture
def arrears(window):
    """Siti's loan in arrears; the chairman (ketua, admin) approves; Nurul is the treasurer (bendahara)."""
    ws, admin = window.session.ws, window.session.user
    post(ws, admin, START - dt.timedelta(days=30), "Cadangan umum awal", ("1-1100", 200_000_000, 0),
         ("3-3100", 0, 200_000_000), series="JS")
    m = Member(id=None, number="", full_name="Siti Aminah", nik="6372024508900003", gender="P",
               join_date=START - dt.timedelta(days=60), heir_name="Ahmad Fauzi", heir_relation="Suami")
    siti = members_svc.add_member(ws, m, admin).member
    ketua, _ = users_svc.add_user(ws, username="ketua", full_name="Budi Ketua", role=Role.ADMIN, password=None,
                                  by=admin)
    nurul, _ = users_svc.add_user(ws, username="nurul", full_name="Nurul Hidayah", role=Role.BENDAHARA,
                                  password=None, by=admin)
    umum = products_svc.product_by_code(ws, "UMUM")
    loan = loans_svc.apply(ws, member_id=siti.id, product_id=umum.id, amount=6_000_000, tenor=12, on=START,
                           purpose="Modal warung", by=nurul).loan
    loans_svc.approve(ws, loan.id, on=START, by=ketua)
    loans_svc.disburse(ws, loan.id, on=START, by=nurul)
    for k in (1, 2):
        pay_svc.repay(ws, loan.id, amount=590_000, on=START + dt.timedelta(days=31 * k), by=nurul)
    pos = loans_svc.position(ws, loan.id, TODAY)
    assert pos.principal_outstanding == 5_000_000 and pos.instalments_in_arrears >= 3
    return ws, admin, ketua, nurul, loans_svc.get_loan(ws, loan.id)


def test_restructuring_proposed_with_its_live_schedule_approved_and_carried_out(qtbot, window, fake, arrears):
    ws, _admin, ketua, nurul, old = arrears
    pinjaman = as_user(window, nurul)
    detail = pinjaman.show_loan(old.id)
    b = detail.buttons
    assert b["restructure"].isVisible() and not b["execute"].isVisible() and not b["recover"].isVisible()
    assert not b["write_off"].isVisible()          # a bendahara may not write a loan off

    click(qtbot, b["restructure"])
    dlg = detail.dialog
    assert dlg.ok_button.text() == "Ajukan restrukturisasi" and not dlg.ok_button.isEnabled()
    pos = loans_svc.position(ws, old.id, TODAY)
    # what happens to the arrears is shown before anything is typed
    assert fmt.rupiah(5_000_000) in dlg.position_label.text()
    assert f"Jasa tertunggak {fmt.rupiah(pos.jasa_due)}" in dlg.effect_label.text()
    assert pos.jasa_due == 90_000 * pos.instalments_in_arrears
    dlg.tenor.setValue(18)
    qtbot.keyClicks(dlg.rate, "1")
    q = loans_svc.preview(ws, product_id=old.product_id, amount=5_000_000, tenor=18, rate=Decimal(1), start=TODAY)
    shown = dlg.table.visible_records()
    assert len(shown) == 18 and [(r.due, r.principal, r.interest) for r in shown] == [
        (q.due[k], i.principal, i.interest) for k, i in enumerate(q.schedule.instalments)]
    assert sum(r.principal for r in shown) == 5_000_000 and shown[0].interest == 50_000   # 1% of 5.000.000
    # the reason is required: shown in place, nothing can be saved yet
    assert "Alasan restrukturisasi wajib diisi." in dlg.problems_label.text() and not dlg.ok_button.isEnabled()
    qtbot.keyClicks(dlg.reason, "Usaha sepi, angsuran diringankan")
    assert dlg.ok_button.isEnabled() and dlg.problems_label.isHidden()
    click(qtbot, dlg.ok_button)

    asked = [text for kind, title, text in fake.seen if title == "Ajukan restrukturisasi?"]
    assert asked and f"jasa tertunggak {fmt.rupiah(pos.jasa_due)}" in asked[0] and "disetujui pengurus" in asked[0]
    [new_id] = [r.loan.id for r in loans_svc.member_loans(ws, old.member_id) if r.loan.id != old.id]
    new = loans_svc.get_loan(ws, new_id)
    assert (new.status, new.amount, new.tenor, new.rate, new.restructures_id) == (
        LoanStatus.DIAJUKAN, 5_000_000, 18, Decimal(1), old.id)
    assert loans_svc.get_loan(ws, old.id).status == LoanStatus.AKTIF
    assert audit_actions(ws, new.id) == ["ajukan_restrukturisasi"]
    # the page now shows the application; the applicant cannot approve it (maker-checker) nor carry it out yet
    assert detail.loan.id == new.id and detail.badge.text() == "Diajukan"
    assert detail.related_button.text() == f"Buka {old.number}"
    assert not b["approve"].isEnabled() and not b["execute"].isVisible() and not b["disburse"].isVisible()

    # the chairman approves it on the page, then it can be carried out (never "Cairkan": no cash moves)
    pinjaman = as_user(window, ketua)
    detail = pinjaman.show_loan(new.id)
    b = detail.buttons
    click(qtbot, b["approve"])
    assert loans_svc.get_loan(ws, new.id).status == LoanStatus.DISETUJUI
    assert b["execute"].isVisible() and not b["disburse"].isVisible()
    cash_before = ledger_svc.account_balance(ws, acct(ws, "1-1100"), FAR)

    click(qtbot, b["execute"])
    ex = detail.dialog
    assert [(r.debit, r.credit) for r in ex.journal.visible_records()] == [(5_000_000, 0), (0, 5_000_000)]
    assert len(ex.table.visible_records()) == 18 and ex.ok_button.isEnabled()
    click(qtbot, ex.ok_button)

    old_card = loans_svc.loan_card(ws, old.id, TODAY)
    new_card = loans_svc.loan_card(ws, new.id, TODAY)
    assert old_card.loan.status == LoanStatus.DIRESTRUKTURISASI and old_card.outstanding == 0
    assert [p.tx.kind for p in old_card.payments][-1] == LoanTxKind.RESTRUKTURISASI
    assert new_card.loan.status == LoanStatus.AKTIF and new_card.outstanding == 5_000_000
    assert [(ln.due, ln.principal, ln.interest) for ln in new_card.lines] == [
        (r.due, r.principal, r.interest) for r in ex.table.visible_records()]
    [tx] = [p.tx for p in new_card.payments]
    assert lines(ws, tx.journal_id) == [("1-1300", 5_000_000, 0), ("1-1300", 0, 5_000_000)]
    assert ledger_svc.account_balance(ws, acct(ws, "1-1100"), FAR) == cash_before
    assert audit_actions(ws, new.id) == ["ajukan_restrukturisasi", "setujui_pinjaman", "restrukturisasi_pinjaman"]
    # the page shows the new schedule
    assert detail.badge.text() == "Aktif" and detail.tabs.currentWidget() is detail.schedule
    assert len(detail.schedule.visible_records()) == 18
    assert detail.cards["outstanding"].value.text() == fmt.rupiah(5_000_000)
    assert not b["execute"].isVisible() and b["restructure"].isVisible() and b["write_off"].isVisible()
    books_ok(ws)


def test_a_refusal_of_the_service_is_shown_in_the_dialog_and_nothing_is_written(qtbot, window, fake, arrears):
    ws, admin, _ketua, nurul, old = arrears
    detail = window.view.go("pinjaman").show_loan(old.id)
    click(qtbot, detail.buttons["restructure"])
    dlg = detail.dialog
    qtbot.keyClicks(dlg.reason, "Diringankan")
    # meanwhile someone else has entered a restructuring of the same loan
    workouts_svc.restructure(ws, old.id, on=TODAY, tenor=24, reason="Lewat meja lain", by=nurul)
    count = len(loans_svc.member_loans(ws, old.member_id))
    click(qtbot, dlg.ok_button)
    assert dlg.isVisible() and dlg.applied is None
    assert "sudah punya pengajuan restrukturisasi" in dlg.problems_label.text()
    assert dlg.problems_label.isVisible()
    assert fake.errors() == []          # said once, in the dialog: no error box on top of it
    assert len(loans_svc.member_loans(ws, old.member_id)) == count


def test_write_off_against_the_ppap_then_a_recovery(qtbot, window, fake, arrears, tmp_path):
    ws, admin, ketua, nurul, loan = arrears
    post(ws, admin, TODAY - dt.timedelta(days=1), "PPAP", ("6-1400", 2_000_000, 0), ("1-1390", 0, 2_000_000))
    pinjaman = as_user(window, ketua)
    detail = pinjaman.show_loan(loan.id)
    click(qtbot, detail.buttons["write_off"])
    dlg = detail.dialog
    text = dlg.position_label.text()
    assert fmt.rupiah(5_000_000) in text and fmt.rupiah(2_000_000) in text
    planned = [(r.account.split(" ")[0], r.debit, r.credit) for r in dlg.journal.visible_records()]
    assert planned == [("1-1390", 2_000_000, 0), ("6-1400", 3_000_000, 0), ("1-1300", 0, 5_000_000)]
    assert "kekurangan Rp3.000.000" in dlg.after.text()

    # no reason: refused in place, nothing written
    qtbot.keyClicks(dlg.reason, "x")
    clear(qtbot, dlg.reason)
    assert dlg.problems_label.isVisible() and dlg.problems_label.text() == "Alasan hapus buku wajib diisi."
    assert not dlg.ok_button.isEnabled()
    qtbot.keyClick(dlg.reason, Qt.Key.Key_Return)
    assert loans_svc.get_loan(ws, loan.id).status == LoanStatus.AKTIF
    assert "hapus_buku_pinjaman" not in audit_actions(ws, loan.id)

    qtbot.keyClicks(dlg.reason, "Usaha bangkrut, anggota tidak mampu")
    click(qtbot, dlg.ok_button)
    asked = [text for kind, title, text in fake.seen if title == "Hapus buku pinjaman?"]
    assert asked and "Alasan: Usaha bangkrut, anggota tidak mampu" in asked[0]
    gone = loans_svc.get_loan(ws, loan.id)
    assert gone.status == LoanStatus.DIHAPUS
    [tx] = [t for t in loans_svc.transactions(ws, loan.id) if t.kind == LoanTxKind.HAPUS_BUKU]
    assert lines(ws, tx.journal_id) == planned
    assert ledger_svc.account_balance(ws, acct(ws, "1-1300"), FAR) == 0
    assert audit_actions(ws, loan.id)[-1] == "hapus_buku_pinjaman"
    assert any(title == "Tersimpan" and tx.journal_number in text for _k, title, text in fake.seen)
    b = detail.buttons
    assert detail.badge.text() == "Dihapus buku" and not b["repay"].isVisible() and not b["write_off"].isVisible()
    assert not b["restructure"].isVisible() and b["recover"].isVisible()
    assert detail.cards["klass"].note.text() == f"dapat dipulihkan {fmt.rupiah(5_000_000)}"

    # the treasurer receives Rp1.500.000 later; more than is recoverable is refused in place
    pinjaman = as_user(window, nurul)
    detail = pinjaman.show_loan(loan.id)
    cash_before = ledger_svc.account_balance(ws, acct(ws, "1-1100"), FAR)
    click(qtbot, detail.buttons["recover"])
    rec = detail.dialog
    qtbot.keyClicks(rec.amount, "6jt")
    assert not rec.ok_button.isEnabled()
    assert rec.problems_label.text() == "Pemulihan Rp6.000.000 melebihi sisa pinjaman yang dihapus buku Rp5.000.000."
    qtbot.keyClick(rec.amount, Qt.Key.Key_Return)
    assert workouts_svc.recoverable(ws, loan.id) == 5_000_000
    clear(qtbot, rec.amount)
    qtbot.keyClicks(rec.amount, "1.500.000")
    assert [(r.debit, r.credit) for r in rec.journal.visible_records()] == [(1_500_000, 0), (0, 1_500_000)]
    assert rec.ok_button.text() == f"Simpan pemulihan {fmt.rupiah(1_500_000)}"
    qtbot.keyClick(rec.amount, Qt.Key.Key_Return)
    assert workouts_svc.recoverable(ws, loan.id) == 3_500_000
    [tx] = [t for t in loans_svc.transactions(ws, loan.id) if t.kind == LoanTxKind.PEMULIHAN]
    assert lines(ws, tx.journal_id) == [("1-1100", 1_500_000, 0), ("4-3100", 0, 1_500_000)]
    assert ledger_svc.account_balance(ws, acct(ws, "1-1100"), FAR) == cash_before + 1_500_000
    assert audit_actions(ws, loan.id)[-1] == "pemulihan_pinjaman"
    assert loans_svc.get_loan(ws, loan.id).status == LoanStatus.DIHAPUS
    assert detail.cards["klass"].note.text() == f"dapat dipulihkan {fmt.rupiah(3_500_000)}"
    # the member paid money in: the kuitansi is offered, with the amount in words and what is still recoverable
    assert any(title == "Tersimpan" and "Cetak kuitansinya" in text and tx.journal_number in text
               for _k, title, text in fake.seen)
    out = reports_api.loan_receipt_pdf(ws, tx.id, tmp_path / "pemulihan.pdf")
    text = " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(str(out)).pages)
    for expected in ("Kuitansi Pemulihan Pinjaman", tx.journal_number, fmt.rupiah(1_500_000),
                     fmt.terbilang(1_500_000), "masih dapat dipulihkan", fmt.rupiah(3_500_000)):
        assert expected in text, expected
    books_ok(ws)


def test_read_only_users_see_no_workout_actions(qtbot, window, fake, arrears):
    ws, admin, _ketua, _nurul, loan = arrears
    viewer, _ = users_svc.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS,
                                   password=None, by=admin)
    detail = as_user(window, viewer).show_loan(loan.id)
    for key in ("restructure", "execute", "write_off", "recover"):
        assert not detail.buttons[key].isVisible(), key
    assert detail.workout("write_off") is None
