"""A member leaves (keluar, meninggal, diberhentikan): every savings balance is returned to the member or, when the
member has died, to the heir, less what is still owed, in one journal. The settlement is shown before it is posted;
the berita acara (settlement letter) is offered after."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit

from kopdesk import fmt
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import members as members_svc
from kopdesk.services.members import Settlement
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit

EXIT_STATUSES = (MemberStatus.KELUAR, MemberStatus.MENINGGAL, MemberStatus.DIBERHENTIKAN)
REASON_HINTS = {
    MemberStatus.KELUAR: "mis. mengundurkan diri, pindah ke luar kota",
    MemberStatus.MENINGGAL: "mis. meninggal dunia pada 12 November 2026",
    MemberStatus.DIBERHENTIKAN: "mis. diberhentikan oleh rapat pengurus karena ...",
}


class MemberExitDialog(FormDialog):
    def __init__(self, session: Session, member: Member, parent=None):
        super().__init__(f"Keluarkan anggota {member.number} {member.full_name}", "Keluarkan anggota", parent)
        self.session, self.member = session, member
        self.exited = None
        self.resize_to_width(620)
        ws = session.ws
        self.accounts = {a.id: a.label for a in ledger_svc.list_accounts(ws)}
        self.status = QComboBox()
        for st in EXIT_STATUSES:
            self.status.addItem(st.label, st.value)
        self.date = DateEdit()
        self.reason = QLineEdit()
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(520)
        form = QFormLayout()
        form.addRow("Alasan berhenti", self.status)
        form.addRow("Tanggal", self.date)
        form.addRow("Keterangan", self.reason)
        form.addRow("Dibayar dari", self.cash)
        self.body.addLayout(form)
        self.body.addWidget(section("Pengembalian simpanan"))
        self.body.addWidget(self.preview)
        for signal in (self.status.currentIndexChanged, self.date.dateChanged, self.cash.currentIndexChanged,
                       self.reason.textChanged):
            signal.connect(self.mark_dirty)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.finish_layout()
        self._dirty = False
        self.validate()

    def exit_status(self) -> MemberStatus:
        return MemberStatus(self.status.currentData())

    def _status_changed(self, *_args) -> None:
        self.reason.setPlaceholderText(REASON_HINTS[self.exit_status()])

    def settlement(self) -> Settlement:
        return members_svc.settlement_preview(self.session.ws, self.member.id, self.date.value())

    def payee(self) -> str:
        m = self.member
        if self.exit_status() == MemberStatus.MENINGGAL:
            return f"{m.heir_name} (ahli waris, {m.heir_relation.lower()})" if m.heir_relation else \
                f"{m.heir_name} (ahli waris)"
        return m.full_name

    def cash_balance(self) -> int:
        cash_id = self.cash.currentData()
        return ledger_svc.account_balance(self.session.ws, cash_id, self.date.value()) if cash_id else 0

    def problems(self) -> list[str]:
        out = []
        m = self.member
        if not self.reason.text().strip():
            out.append("Keterangan (alasan) wajib diisi.")
        if m.join_date and self.date.value() < m.join_date:
            out.append(f"Tanggal keluar tidak boleh sebelum tanggal masuk ({fmt.date_long(m.join_date)}).")
        if self.cash.currentData() is None:
            out.append("Belum ada akun kas/bank.")
        if self.exit_status() == MemberStatus.MENINGGAL and not m.heir_name.strip():
            out.append("Nama ahli waris belum diisi. Isi dulu lewat Ubah data, lalu keluarkan anggota.")
        s = self.settlement()
        if s.payout < 0:
            out.append(f"Simpanan {fmt.rupiah(s.total_savings)} tidak cukup menutup kewajiban "
                       f"{fmt.rupiah(s.total_obligations)}; selesaikan pinjaman lebih dulu.")
        elif s.payout > self.cash_balance():
            out.append(f"Saldo {self.cash.currentText()} hanya {fmt.rupiah(self.cash_balance())}; tidak cukup untuk "
                       f"membayar {fmt.rupiah(s.payout)}.")
        return out

    def validate(self) -> bool:
        ok = super().validate()
        if hasattr(self, "preview"):
            self._show_preview()
            self.fit_height()
        return ok

    def _show_preview(self) -> None:
        s = self.settlement()
        rows = [f"<tr><td>{html.escape(x.product_name)}</td><td align='right'>{fmt.rupiah(x.amount)}</td></tr>"
                for x in s.savings]
        if not rows:
            rows.append("<tr><td colspan='2'><i>Tidak ada saldo simpanan.</i></td></tr>")
        rows.append(f"<tr><td><b>Jumlah simpanan</b></td><td align='right'><b>{fmt.rupiah(s.total_savings)}</b>"
                    "</td></tr>")
        for desc, amount, _acc in s.obligations:
            rows.append(f"<tr><td>Dikurangi: {html.escape(desc)}</td><td align='right'>({fmt.rupiah(amount)})"
                        "</td></tr>")
        if s.obligations:
            rows.append(f"<tr><td>Jumlah kewajiban</td><td align='right'>({fmt.rupiah(s.total_obligations)})"
                        "</td></tr>")
        rows.append(f"<tr><td><b>Dibayarkan kepada {html.escape(self.payee())}</b></td>"
                    f"<td align='right'><b>{fmt.rupiah(s.payout)}</b></td></tr>")
        self.preview.setText("<table width='100%' cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>")

    def summary(self) -> str:
        s = self.settlement()
        lines = [f"{self.member.number} {self.member.full_name} berstatus {self.exit_status().label.lower()} per "
                 f"{fmt.date_long(self.date.value())}.", ""]
        for x in s.savings:
            lines.append(f"Debit   {self.accounts.get(x.account_id, x.product_name)}: {fmt.rupiah(x.amount)}")
        for desc, amount, acc in s.obligations:
            lines.append(f"Kredit  {self.accounts.get(acc, desc)}: {fmt.rupiah(amount)}")
        if s.payout:
            lines.append(f"Kredit  {self.cash.currentText()}: {fmt.rupiah(s.payout)}")
        lines += ["", f"Dibayarkan kepada {self.payee()}: {fmt.rupiah(s.payout)}",
                  "Status anggota tidak bisa dikembalikan menjadi aktif."]
        return "\n".join(lines)

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        if not prompts().confirm(self, "Keluarkan anggota dan kembalikan simpanan?", self.summary(),
                                 ok_text="Ya, keluarkan", cancel_text="Periksa lagi"):
            return
        s = self.session
        s.runner.run(members_svc.exit_member, s.ws, self.member.id, on=self.date.value(), status=self.exit_status(),
                     reason=self.reason.text(), cash_account_id=self.cash.currentData(), by=s.user, parent=self,
                     busy="Membukukan pengembalian simpanan...", on_success=self._exited)

    def _exited(self, exited) -> None:
        self.exited = exited
        self.done_ok()
        parent = self.parentWidget()
        done = f" ({exited.journal_number})" if exited.journal_number else ""
        if prompts().confirm(parent, "Tersimpan",
                             f"{self.member.full_name} sudah dikeluarkan dan simpanannya dikembalikan{done}.\n\n"
                             "Cetak berita acara pengembalian simpanan sekarang?", ok_text="Cetak berita acara",
                             cancel_text="Tidak"):
            printing.preview(self.session, printing.settlement_doc(self.session, self.member.id, self.member.number),
                             parent)
