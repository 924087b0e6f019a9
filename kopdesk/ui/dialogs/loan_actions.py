"""The actions of one loan, shared by the loan list and the loan page: approve (asked once, with what will be
approved), reject or cancel (with a reason), disburse, repay, pay off (dialogs), print the card or the agreement."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from kopdesk import fmt
from kopdesk.services import loans as loans_svc
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.pinjaman_common import agreement_doc, card_doc
from kopdesk.ui.session import Session


def run(session: Session, key: str, loan_id: int, parent: QWidget, *, today: dt.date | None = None):
    """Start action ``key`` for the loan; returns the dialog it opened (None for the ones asked in a prompt)."""
    s = session
    on = today or s.today()
    loan = loans_svc.get_loan(s.ws, loan_id)
    if key == "card":
        printing.preview(s, card_doc(s.ws, loan.id, loan.number), parent)
    elif key == "agreement":
        printing.preview(s, agreement_doc(s.ws, loan.id, loan.number), parent)
    elif key == "approve":
        row = loans_svc.search(s.ws, loan.number, limit=1)
        who = f"{row[0].member_number} {row[0].member_name}" if row else ""
        text = (f"Setujui pengajuan {loan.number} {who}?\n\n"
                f"Jumlah {fmt.rupiah(loan.amount)}, {loan.tenor} angsuran, jasa {fmt.percent(loan.rate, 2)} per "
                f"bulan.\nDiterima anggota saat pencairan: {fmt.rupiah(loan.net_disbursement)}.\n"
                f"Tanggal persetujuan: {fmt.date_long(on)}.")
        if prompts().confirm(parent, "Setujui pinjaman?", text, ok_text="Ya, setujui", cancel_text="Batal"):
            s.runner.run(loans_svc.approve, s.ws, loan.id, on=on, note="", by=s.user, parent=parent,
                         busy="Menyimpan persetujuan...")
    elif key in ("reject", "cancel"):
        verb = "Tolak" if key == "reject" else "Batalkan"
        reason = prompts().ask_text(parent, f"{verb} pengajuan {loan.number}",
                                    "Alasan (dicatat dan tampil di riwayat pinjaman):")
        if reason is not None:
            fn = loans_svc.reject if key == "reject" else loans_svc.cancel
            s.runner.run(fn, s.ws, loan.id, on=on, reason=reason, by=s.user, parent=parent, busy="Menyimpan...")
    elif key == "disburse":
        from kopdesk.ui.dialogs.loan_disburse import DisburseDialog

        dlg = DisburseDialog(s, loan.id, parent)
        dlg.open()
        return dlg
    elif key in ("repay", "payoff"):
        from kopdesk.ui.dialogs.loan_payment import PayoffDialog, RepaymentDialog

        dlg = (RepaymentDialog if key == "repay" else PayoffDialog)(s, loan.id, parent)
        dlg.open()
        return dlg
    return None


def offer_receipt(session: Session, parent: QWidget | None, posted, what: str, title: str, extra: str = "") -> None:
    """After posting: say what was posted and offer the kuitansi / bukti."""
    if prompts().confirm(parent, "Tersimpan",
                         f"{what} sudah dibukukan ({posted.number}).{extra}\n\nCetak {title.lower()} sekarang?",
                         ok_text=f"Cetak {title.lower()}", cancel_text="Tidak"):
        from kopdesk.ui.screens.pinjaman_common import receipt_doc

        printing.preview(session, receipt_doc(session.ws, posted.tx_id, title, posted.number), parent)
