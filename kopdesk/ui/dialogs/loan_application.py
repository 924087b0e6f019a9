"""Pengajuan pinjaman: the application form on the left, the live schedule on the right (loans.preview: every
instalment with its due date, totals, the deductions and the net paid out, and for flat loans the effective rate
beside the flat rate); every problem of loans.check_application shown in place, warnings apart; "Ajukan pinjaman"
stays disabled until the application is valid; after saving, the agreement is offered for printing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.loans import Frequency, LoanProduct, LoanQuote
from kopdesk.domain.members import Member
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.member_picker import MemberPicker
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.pinjaman_common import agreement_doc, rate_text, schedule_lines, schedule_table
from kopdesk.ui.session import Session
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import DateEdit, MoneyEdit, hint_label, show_problem, warning_label


class LoanApplicationDialog(FormDialog):
    def __init__(self, session: Session, member: Member | None = None, parent=None):
        super().__init__("Pengajuan pinjaman baru", "Ajukan pinjaman", parent)
        self.session = session
        self.applied = None
        self.quote: LoanQuote | None = None
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.resize_to_width(1180)
        ws = session.ws
        self.products: list[LoanProduct] = products_svc.products(ws, active_only=True)

        self.member_edit = MemberPicker(ws)
        self.member_info = hint_label("")
        self.product = QComboBox()
        for p in self.products:
            self.product.addItem(p.name, p.id)
        self.product_info = hint_label("")
        self.amount = MoneyEdit(required=True, allow_zero=False)
        self.amount.setPlaceholderText("mis. 12.000.000 atau 12jt")
        self.tenor = QSpinBox()
        self.tenor.setRange(1, 600)
        self.tenor.setValue(12)
        self.tenor.setMinimumWidth(110)
        self.date = DateEdit(session.today())
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("mis. modal warung, biaya sekolah, renovasi rumah")
        self.collateral = QLineEdit()
        self.collateral.setPlaceholderText("mis. BPKB sepeda motor KH 1234 AB")
        self.collateral_value = MoneyEdit()
        self.collateral_value.setPlaceholderText("taksiran nilai agunan")
        self.collateral_hint = hint_label("")
        self.guarantor = QLineEdit()
        self.guarantor.setPlaceholderText("boleh kosong; mis. Ahmad Fauzi (suami)")
        self.related = QCheckBox("Pihak terkait (pengurus, pengawas, karyawan atau keluarganya)")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow("Anggota *", self.member_edit)
        form.addRow("", self.member_info)
        form.addRow("Produk *", self.product)
        form.addRow("", self.product_info)
        form.addRow("Jumlah pinjaman *", self.amount)
        form.addRow("Jangka waktu *", self.tenor)
        form.addRow("Tanggal pengajuan", self.date)
        form.addRow("Keperluan *", self.purpose)
        form.addRow("Agunan", self.collateral)
        form.addRow("Nilai agunan", self.collateral_value)
        form.addRow("", self.collateral_hint)
        form.addRow("Penjamin", self.guarantor)
        form.addRow("", self.related)
        self.warnings_label = warning_label()
        left = QVBoxLayout()
        left.addWidget(section("Data pengajuan"))
        left.addLayout(form)
        left.addWidget(self.warnings_label)
        left.addStretch(1)

        # the live schedule
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.rate_label = QLabel("")
        self.rate_label.setObjectName("ok")
        self.table = schedule_table("simulasi-angsuran", "Ekspor simulasi")
        panel = QFrame()
        panel.setObjectName("card")
        right = QVBoxLayout(panel)
        right.setContentsMargins(10, 8, 10, 8)
        right.addWidget(section("Simulasi angsuran"))
        right.addWidget(self.rate_label)
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        panel.setMinimumWidth(640)

        body = QHBoxLayout()
        body.addLayout(left, 4)
        body.addWidget(panel, 7)
        self.body.addLayout(body, 1)
        self.body.addWidget(hint_label("Pengajuan belum memindahkan uang: sesudah disetujui pengguna yang berwenang, "
                                       "pinjaman dicairkan dari layar Pinjaman."))

        self.member_edit.memberChanged.connect(self._member_changed)
        self.product.currentIndexChanged.connect(self._product_changed)
        for w in (self.amount, self.purpose, self.collateral, self.collateral_value, self.guarantor):
            w.textChanged.connect(self.mark_dirty)
        self.tenor.valueChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.related.toggled.connect(self.mark_dirty)
        self.finish_layout()
        self._product_changed()
        self._dirty = False
        if member is not None:
            self.member_edit.set_member(member)
        self.setMinimumHeight(620)

    # ------------------------------------------------------------------ reading the form
    def current_product(self) -> LoanProduct | None:
        pid = self.product.currentData()
        return next((p for p in self.products if p.id == pid), None)

    def unit(self) -> str:
        p = self.current_product()
        return "minggu" if p and p.frequency == Frequency.WEEKLY else "bulan"

    def _member_changed(self, m: Member | None) -> None:
        if m is None:
            self.member_info.setText("")
        else:
            rows = [r for r in loans_svc.member_loans(self.session.ws, m.id) if r.outstanding or r.loan.status.open]
            saved = loans_svc.member_savings(self.session.ws, m.id, self.date.value())
            text = f"Simpanan pokok, wajib dan sukarela {fmt.rupiah(saved)}"
            if rows:
                text += f"; pinjaman berjalan {len(rows)} (sisa pokok {fmt.rupiah(sum(r.outstanding for r in rows))})"
            else:
                text += "; tidak ada pinjaman berjalan"
            self.member_info.setText(text + ".")
        self.mark_dirty()

    def _product_changed(self, *_args) -> None:
        p = self.current_product()
        if p is not None:
            self.tenor.blockSignals(True)
            self.tenor.setRange(p.tenor_min, p.tenor_max)
            self.tenor.setSuffix(f" {self.unit()}")
            self.tenor.blockSignals(False)
            parts = [rate_text(p.rate, p.method), f"{p.tenor_min}-{p.tenor_max} {self.unit()}"]
            if p.provisi_pct:
                parts.append(f"provisi {fmt.percent(p.provisi_pct, 1)}")
            if p.admin_fee:
                parts.append(f"administrasi {fmt.rupiah(p.admin_fee)}")
            if p.max_amount:
                parts.append(f"plafon {fmt.rupiah(p.max_amount)}")
            self.product_info.setText("; ".join(parts) + ".")
            self.collateral_hint.setText(f"Agunan wajib untuk pinjaman di atas {fmt.rupiah(p.collateral_above)}."
                                         if p.collateral_above else "Agunan tidak wajib untuk produk ini.")
        self.mark_dirty()

    # ------------------------------------------------------------------ validation and the live schedule
    def problems(self) -> list[str]:
        return self.errors

    def validate(self) -> bool:
        self._refresh()
        ok = not self.errors
        self.ok_button.setEnabled(ok)
        show = self.errors if self._dirty else []
        show_problem(self.problems_label, "\n".join(f"• {e}" for e in show))
        show_problem(self.warnings_label, "\n".join(f"Perhatian: {w}" for w in self.warnings))
        self.fit_height()
        return ok

    def _refresh(self) -> None:
        ws = self.session.ws
        p = self.current_product()
        m = self.member_edit.member()
        amount = self.amount.value()
        errors: list[str] = []
        if self.member_edit.problem():
            errors.append(self.member_edit.problem())
        if self.amount.problem():
            errors.append(self.amount.problem())
        if p is None:
            errors.append("Belum ada produk pinjaman aktif; buat dulu di Pengaturan > Produk pinjaman.")
        warnings: list[str] = []
        if p is not None and m is not None and amount:
            try:
                e, w = loans_svc.check_application(
                    ws, member_id=m.id, product_id=p.id, amount=amount, tenor=self.tenor.value(),
                    on=self.date.value(), purpose=self.purpose.text(), collateral=self.collateral.text(),
                    collateral_value=self.collateral_value.value(), related_party=self.related.isChecked())
                errors += e
                warnings += w
            except KopDeskError as exc:
                errors.append(exc.message)
        elif not self.purpose.text().strip():
            errors.append("Keperluan pinjaman wajib diisi.")
        self.errors, self.warnings = errors, warnings
        agunan = any("agunan" in e.lower() for e in errors)
        mark_invalid(self.collateral, agunan and not self.collateral.text().strip() and self._dirty, "")
        mark_invalid(self.collateral_value, agunan and not self.collateral_value.value() and self._dirty, "")
        amount_bad = any(k in e for e in errors for k in ("Jumlah pinjaman", "plafon", "melebihi"))
        if amount and self.amount.is_valid():
            mark_invalid(self.amount, amount_bad, "")
        self._preview(p, amount)

    def _preview(self, p: LoanProduct | None, amount: int | None) -> None:
        self.quote = None
        if p is not None and amount:
            try:
                self.quote = loans_svc.preview(self.session.ws, product_id=p.id, amount=amount,
                                               tenor=self.tenor.value(), start=self.date.value())
            except KopDeskError:
                self.quote = None
        q = self.quote
        if q is None:
            self.table.set_records([])
            self.rate_label.setText(rate_text(p.rate, p.method) if p else "")
            self.summary.setText("Isi jumlah pinjaman dan jangka waktu untuk melihat jadwal angsuran.")
            return
        lines = schedule_lines(q)
        self.table.set_records(lines)
        self.rate_label.setText(rate_text(q.rate, q.schedule.method, q.effective_rate))
        totals = {i.total for i in q.schedule.instalments}
        each = (f"{len(lines)} angsuran @ <b>{fmt.rupiah(lines[0].total)}</b>" if len(totals) == 1
                else f"{len(lines)} angsuran, pertama <b>{fmt.rupiah(lines[0].total)}</b>, terakhir "
                     f"{fmt.rupiah(lines[-1].total)}")
        fees = q.fees
        deductions = [f"provisi {fmt.rupiah(fees.provisi)}", f"administrasi {fmt.rupiah(fees.admin)}"]
        if fees.savings:
            deductions.append(f"simpanan pinjaman {fmt.rupiah(fees.savings)}")
        cost = (f"<br>Biaya efektif atas uang yang diterima ≈ {fmt.percent(q.effective_cost, 2)} per bulan."
                if q.effective_cost is not None else "")
        self.summary.setText(
            f"{each}; jumlah jasa {fmt.rupiah(sum(i.interest for i in q.schedule.instalments))}.<br>"
            f"Potongan saat cair: {', '.join(deductions)}.<br>"
            f"Diterima anggota: <b>{fmt.rupiah(q.net)}</b>{cost}"
            f"<br><span style='color:#5f6b66'>Jatuh tempo dihitung seolah cair {fmt.date_long(self.date.value())}; "
            "tanggal sebenarnya mengikuti tanggal pencairan.</span>")

    # ------------------------------------------------------------------ saving
    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(loans_svc.apply, s.ws, member_id=self.member_edit.member().id,
                     product_id=self.current_product().id, amount=self.amount.value(), tenor=self.tenor.value(),
                     on=self.date.value(), purpose=self.purpose.text(), collateral=self.collateral.text(),
                     collateral_value=self.collateral_value.value(), guarantor=self.guarantor.text(),
                     related_party=self.related.isChecked(), by=s.user, parent=self, busy="Menyimpan pengajuan...",
                     on_success=self._applied)

    def _applied(self, applied) -> None:
        self.applied = applied
        self.done_ok()
        loan = applied.loan
        parent = self.parentWidget()
        if prompts().confirm(parent, "Tersimpan",
                             f"Pengajuan {loan.number} sebesar {fmt.rupiah(loan.amount)} sudah dicatat dan menunggu "
                             "persetujuan.\n\nCetak surat perjanjian pinjaman sekarang?",
                             ok_text="Cetak perjanjian", cancel_text="Tidak"):
            printing.preview(self.session, agreement_doc(self.session.ws, loan.id, loan.number), parent)
