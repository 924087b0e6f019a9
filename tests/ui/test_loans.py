"""The treasurer takes a loan application through the wizard with its live schedule, a second user approves it
(the applicant cannot: maker-checker), the loan is paid out and repaid at the desk with the allocation shown before
posting; the books are checked through services. A read-only user sees no loan actions."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kopdesk import fmt
from kopdesk.domain.loans import Kolektibilitas, LoanStatus
from kopdesk.domain.members import Member
from kopdesk.domain.users import Role
from kopdesk.services import check as check_svc
from kopdesk.services import collectibility as coll_svc
from kopdesk.services import loan_payments as pay_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.services import members as members_svc
from kopdesk.services import users as users_svc
from kopdesk.ui.screens.pinjaman_common import rate_text
from tests.builders import post

TODAY = dt.date.today()


def add_member(ws, admin, name="Siti Aminah", nik="6372024508900003") -> Member:
    m = Member(id=None, number="", full_name=name, nik=nik, gender="P", join_date=dt.date(2026, 1, 5),
               heir_name="Ahmad Fauzi", heir_relation="Suami")
    return members_svc.add_member(ws, m, admin).member


@pytest.fixture
def lending(window):
    """Cash and equity enough to lend Rp12.000.000 within the single-borrower limit, and one active member."""
    ws, admin = window.session.ws, window.session.user
    post(ws, admin, dt.date(2026, 1, 2), "Cadangan umum awal", ("1-1100", 200_000_000, 0), ("3-3100", 0, 200_000_000),
         series="JS")
    siti = add_member(ws, admin)
    ketua, _ = users_svc.add_user(ws, username="ketua", full_name="Budi Ketua", role=Role.ADMIN, password=None,
                                  by=admin)
    return ws, admin, siti, ketua


def as_user(window, user):
    ws = window.session.ws
    window.session = None
    window.open_workspace(ws, user)
    return window.view.go("pinjaman")


def test_application_approval_disbursement_and_repayment(qtbot, window, fake, lending):
    ws, admin, siti, ketua = lending
    umum = products_svc.product_by_code(ws, "UMUM")
    pinjaman = window.view.go("pinjaman")

    # the wizard: the live schedule follows what is typed; the finish button waits for a valid application
    dlg = pinjaman.new_application()
    assert dlg.ok_button.text() == "Ajukan pinjaman" and not dlg.ok_button.isEnabled()
    assert dlg.current_product().code == "UMUM"
    qtbot.keyClicks(dlg.member_edit, siti.number)
    dlg.member_edit.editingFinished.emit()
    assert dlg.member_edit.member().id == siti.id
    qtbot.keyClicks(dlg.amount, "12.000.000")
    dlg.tenor.setValue(12)
    quote = loans_svc.preview(ws, product_id=umum.id, amount=12_000_000, tenor=12, start=TODAY)
    lines = dlg.table.visible_records()
    assert len(lines) == 12 == len(quote.schedule.instalments)
    assert [ln.total for ln in lines] == [i.total for i in quote.schedule.instalments]
    assert {ln.total for ln in lines} == {1_180_000}          # 1.000.000 pokok + 180.000 jasa (1,5% flat)
    assert f"12 angsuran @ <b>{fmt.rupiah(1_180_000)}</b>" in dlg.summary.text()
    assert f"Diterima anggota: <b>{fmt.rupiah(quote.net)}</b>" in dlg.summary.text()
    assert dlg.rate_label.text() == rate_text(quote.rate, quote.schedule.method, quote.effective_rate)
    assert dlg.rate_label.text().startswith("1,5% flat ≈ ") and dlg.rate_label.text().endswith("efektif per bulan")
    # errors in place, every one from check_application: purpose and (above Rp10.000.000) the collateral
    errors, _w = loans_svc.check_application(ws, member_id=siti.id, product_id=umum.id, amount=12_000_000,
                                             tenor=12, on=TODAY)
    assert dlg.errors == errors and not dlg.ok_button.isEnabled()
    assert any("agunan" in e for e in dlg.problems_label.text().split("\n"))
    qtbot.keyClicks(dlg.purpose, "Modal warung")
    qtbot.keyClicks(dlg.collateral, "BPKB sepeda motor DA 1234 AB")
    qtbot.keyClicks(dlg.collateral_value, "15jt")
    qtbot.keyClicks(dlg.guarantor, "Ahmad Fauzi")
    assert dlg.errors == [] and dlg.ok_button.isEnabled(), dlg.errors
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    [row] = loans_svc.member_loans(ws, siti.id)
    loan = row.loan
    assert (loan.status, loan.amount, loan.tenor, loan.applied_by) == (LoanStatus.DIAJUKAN, 12_000_000, 12, admin.id)
    assert loan.collateral_value == 15_000_000 and loan.guarantor == "Ahmad Fauzi"
    assert any(kind == "confirm" and title == "Tersimpan" and "perjanjian" in text for kind, title, text in fake.seen)
    detail = pinjaman.detail
    assert pinjaman.stack.currentWidget() is detail and detail.loan.id == loan.id

    # maker-checker: the applicant sees Setujui disabled, with the reason
    approve = detail.buttons["approve"]
    assert approve.isVisible() and not approve.isEnabled() and "maker-checker" in approve.toolTip()
    pinjaman.show_list()
    pinjaman.list.select_loan(loan.id)
    assert not pinjaman.list.buttons["approve"].isEnabled()

    # the second user approves from the list
    pinjaman = as_user(window, ketua)
    pinjaman.list.select_loan(loan.id)
    button = pinjaman.list.buttons["approve"]
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert loans_svc.get_loan(ws, loan.id).status == LoanStatus.DISETUJUI
    pinjaman.list.select_loan(loan.id)
    assert pinjaman.list.buttons["disburse"].isVisible() and not pinjaman.list.buttons["approve"].isVisible()

    # disbursement: the deductions and the journal shown, then posted
    dis = pinjaman.act("disburse", loan.id)
    assert fmt.rupiah(loan.net_disbursement) in dis.journal.text()
    qtbot.mouseClick(dis.ok_button, Qt.MouseButton.LeftButton)
    loan = loans_svc.get_loan(ws, loan.id)
    assert loan.status == LoanStatus.AKTIF and loan.disbursed_on == TODAY
    asked = [text for kind, title, text in fake.seen if title == "Bukukan pencairan?"]
    assert asked and f"Uang diserahkan kepada anggota: {fmt.rupiah(loan.net_disbursement)}" in asked[0]

    # a repayment: the allocation preview equals the service's, before confirming
    detail = pinjaman.show_loan(loan.id)
    assert detail.cards["outstanding"].value.text() == "Rp12.000.000"
    rep = detail.act("repay")
    assert rep.ok_button.text() == "Simpan angsuran"
    qtbot.keyClicks(rep.amount, "1.500.000")
    pv = pay_svc.repayment_preview(ws, loan.id, amount=1_500_000, on=TODAY)
    shown = [(r.no, r.penalty, r.interest, r.principal) for r in rep.table.visible_records()]
    assert shown == [(a.no, a.penalty, a.interest, a.principal) for a in pv.allocations if a.total]
    assert f"Sisa pokok sesudahnya: <b>{fmt.rupiah(pv.after.principal_outstanding)}</b>" in rep.after.text()
    qtbot.keyClick(rep.amount, Qt.Key.Key_Return)
    pos = loans_svc.position(ws, loan.id, TODAY)
    assert pos.principal_outstanding == pv.after.principal_outstanding == 12_000_000 - pv.principal
    assert detail.cards["outstanding"].value.text() == fmt.rupiah(pos.principal_outstanding)
    assert coll_svc.classify_loan(ws, loan.id, TODAY).klass == Kolektibilitas.LANCAR
    assert any(title == "Tersimpan" and "Angsuran" in text for kind, title, text in fake.seen)

    # the latest transaction can be reversed with a reason
    detail.select_tx(detail.latest_reversible().tx.id)
    assert detail.reverse_button.isEnabled()
    rev = detail.reverse_selected()
    qtbot.keyClicks(rev.reason, "salah jumlah")
    qtbot.mouseClick(rev.ok_button, Qt.MouseButton.LeftButton)
    assert loans_svc.position(ws, loan.id, TODAY).principal_outstanding == 12_000_000

    assert check_svc.check_workspace(ws.path).ok


def test_read_only_user_sees_no_loan_actions(qtbot, window, fake, lending):
    ws, admin, siti, _ketua = lending
    umum = products_svc.product_by_code(ws, "UMUM")
    applied = loans_svc.apply(ws, member_id=siti.id, product_id=umum.id, amount=5_000_000, tenor=10, on=TODAY,
                              purpose="Biaya sekolah", by=admin)
    viewer, _ = users_svc.add_user(ws, username="pengawas", full_name="Pak Pengawas", role=Role.PENGAWAS,
                                   password=None, by=admin)
    pinjaman = as_user(window, viewer)
    assert not pinjaman.list.new_button.isVisible()
    pinjaman.list.select_loan(applied.loan.id)
    for key in ("approve", "reject", "disburse", "repay", "payoff"):
        assert not pinjaman.list.buttons[key].isVisible(), key
    detail = pinjaman.show_loan(applied.loan.id)
    for key in ("approve", "reject", "cancel", "disburse", "repay", "payoff"):
        assert not detail.buttons[key].isVisible(), key
    assert detail.buttons["card"].isVisible() and not detail.reverse_button.isVisible()


def test_member_page_lists_the_loans_and_applies(qtbot, window, fake, lending):
    ws, admin, siti, _ketua = lending
    anggota = window.view.go("anggota")
    detail = anggota.show_member(siti.id)
    assert detail.loans_table.visible_records() == []
    dlg = detail.apply_loan()
    assert dlg.member_edit.member().id == siti.id
    qtbot.keyClicks(dlg.amount, "3jt")
    dlg.tenor.setValue(6)
    qtbot.keyClicks(dlg.purpose, "Renovasi dapur")
    assert dlg.ok_button.isEnabled(), dlg.errors
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    [row] = detail.loans_table.visible_records()
    assert row.loan.amount == 3_000_000 and detail.tabs.tabText(1) == "Pinjaman (1 berjalan)"
    assert window.view.current() is window.view.screen("pinjaman")   # the new loan's page is open


def test_laporan_prints_the_loan_lists(qtbot, window, fake, lending, tmp_path):
    from pypdf import PdfReader

    from kopdesk.ui import printing

    ws, admin, siti, _ketua = lending
    laporan = window.view.go("laporan")
    names = [p.name for p in laporan.params]
    for name, words in (("Daftar Tunggakan", "TUNGGAKAN"), ("Kolektibilitas & PPAP", "KOLEKTIBILITAS"),
                        ("Angsuran Jatuh Tempo", "JATUH TEMPO")):
        laporan.list.setCurrentRow(names.index(name))
        out = tmp_path / f"{names.index(name)}.pdf"
        fake.answer_path = str(out)
        laporan._go(printing.save_doc)
        text = " ".join(page.extract_text() for page in PdfReader(str(out)).pages).upper()
        assert words in text, (name, text[:300])


def test_beranda_shows_loans_and_opens_the_arrears_list(qtbot, window, fake, lending):
    ws, admin, siti, ketua = lending
    umum = products_svc.product_by_code(ws, "UMUM")
    loan = loans_svc.apply(ws, member_id=siti.id, product_id=umum.id, amount=5_000_000, tenor=10,
                           on=dt.date(2026, 6, 1), purpose="Modal", by=admin).loan
    loans_svc.approve(ws, loan.id, on=dt.date(2026, 6, 1), by=ketua)
    loans_svc.disburse(ws, loan.id, on=dt.date(2026, 6, 1), by=admin)
    beranda = window.view.go("beranda")
    beranda.refresh()
    t = coll_svc.dashboard(ws, TODAY)
    assert t.in_arrears == 1 and t.arrears > 0
    assert beranda.cards["loan_arrears"].value.text() == fmt.rupiah(t.arrears)
    assert beranda.cards["loan_arrears"].note.text().startswith("1 pinjaman menunggak")
    qtbot.mouseClick(beranda.cards["loan_arrears"], Qt.MouseButton.LeftButton)
    dlg = window.view.dialog
    [row] = dlg.table.visible_records()
    assert row.loan.id == loan.id and row.principal + row.jasa == t.arrears
    dlg.table.select_row(0)
    dlg._open(dlg.table.current_record())
    assert window.view.screen("pinjaman").detail.loan.id == loan.id
