"""A savings deposit (setoran) or withdrawal (penarikan) for one member: keyboard first (member number, Tab, amount,
Enter, Enter), the balance now and after, a withdrawal refused in place when the balance cannot cover it or the
product is locked while a member; what will be posted is shown and asked once; the kuitansi is offered after."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit

from kopdesk import fmt
from kopdesk.domain.members import Member
from kopdesk.domain.savings import SavingsKind, SavingsProduct, withdrawal_problems
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.member_picker import MemberPicker
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.style import DANGER, mark_invalid
from kopdesk.ui.widgets import DateEdit, MoneyEdit, hint_label, show_problem


class SavingsTxDialog(FormDialog):
    def __init__(self, session: Session, deposit: bool, member: Member | None = None,
                 product_code: str | None = None, parent=None):
        kind = "setoran" if deposit else "penarikan"
        super().__init__(f"{kind.capitalize()} simpanan", f"Simpan {kind}", parent)
        self.session, self.deposit = session, deposit
        self.kind = kind
        self.posted = None
        self.resize_to_width(660)
        ws = session.ws
        self.products: list[SavingsProduct] = savings_svc.products(ws, active_only=True)
        self.accounts = {a.id: a.label for a in ledger_svc.list_accounts(ws)}
        self.product = QComboBox()
        self.member_edit = MemberPicker(ws)
        self.member_info = QLabel("")
        self.amount = MoneyEdit(required=True, allow_zero=False)
        self.date = DateEdit()
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        self.description = QLineEdit()
        self.description.setPlaceholderText("boleh kosong; mis. setoran wajib Oktober dan November" if deposit
                                            else "boleh kosong; mis. untuk biaya sekolah")
        self.balance_hint = QLabel("")
        self.due_hint = hint_label("")
        self.due_hint.setWordWrap(False)
        self.due_hint.hide()
        form = QFormLayout()
        form.addRow("Jenis simpanan", self.product)
        form.addRow("Anggota", self.member_edit)
        form.addRow("", self.member_info)
        form.addRow("Jumlah", self.amount)
        form.addRow("", self.due_hint)
        form.addRow("Tanggal", self.date)
        form.addRow("Akun kas/bank", self.cash)
        form.addRow("Keterangan", self.description)
        form.addRow("", self.balance_hint)
        self.body.addLayout(form)
        self.member_edit.memberChanged.connect(self._member_changed)
        for signal in (self.amount.textChanged, self.description.textChanged, self.cash.currentIndexChanged,
                       self.date.dateChanged, self.product.currentIndexChanged, self.member_edit.textChanged):
            signal.connect(self.mark_dirty)
        self.setTabOrder(self.member_edit, self.amount)
        self.setTabOrder(self.amount, self.date)
        self.setTabOrder(self.date, self.cash)
        self.setTabOrder(self.cash, self.description)
        self.setTabOrder(self.description, self.product)
        self._want_code = product_code
        self._fill_products(None)
        if member is not None:
            self.member_edit.set_member(member)
        self.finish_layout()
        self._dirty = False
        self.validate()
        (self.amount if member is not None else self.member_edit).setFocus()

    # ------------------------------------------------------------------ choices
    def _fill_products(self, member: Member | None) -> None:
        keep = self.product.currentData() or self._want_code
        self.product.blockSignals(True)
        self.product.clear()
        paid = {q.id: b for q, b in savings_svc.balances(self.session.ws, member.id).items()} if member else {}
        for p in self.products:
            if self.deposit and p.kind == SavingsKind.POKOK and member is not None and paid.get(p.id, 0) > 0:
                continue  # pokok is paid once
            self.product.addItem(p.name, p.code)
        default = keep or ("WAJIB" if self.deposit else "SUKARELA")
        i = self.product.findData(default)
        if i < 0:
            kind = SavingsKind.WAJIB if self.deposit else SavingsKind.SUKARELA
            i = next((n for n in range(self.product.count())
                      if self.product_by_code(self.product.itemData(n)).kind == kind), 0)
        self.product.setCurrentIndex(i)
        self.product.blockSignals(False)

    def product_by_code(self, code: str | None) -> SavingsProduct | None:
        return next((p for p in self.products if p.code == code), None)

    def current_product(self) -> SavingsProduct | None:
        return self.product_by_code(self.product.currentData())

    def member(self) -> Member | None:
        return self.member_edit.member()

    def _member_changed(self, m: Member | None) -> None:
        self._fill_products(m)
        if m is None:
            self.member_info.setText("")
        else:
            parts = [f"<b>{m.full_name}</b>", m.status.label]
            if m.desa or m.kecamatan:
                parts.append(", ".join(x for x in (m.desa, m.kecamatan) if x))
            self.member_info.setText(" · ".join(parts))
        self.mark_dirty()

    # ------------------------------------------------------------------ numbers
    def balance(self) -> int:
        """The member's balance now (what the service checks a withdrawal against)."""
        m, p = self.member(), self.current_product()
        if m is None or p is None:
            return 0
        return {q.id: b for q, b in savings_svc.balances(self.session.ws, m.id).items()}.get(p.id, 0)

    def after(self) -> int:
        amount = self.amount.value() or 0
        return self.balance() + (amount if self.deposit else -amount)

    def cash_balance(self) -> int:
        cash_id = self.cash.currentData()
        return ledger_svc.account_balance(self.session.ws, cash_id, self.date.value()) if cash_id else 0

    # ------------------------------------------------------------------ validation
    def problems(self) -> list[str]:
        out = []
        m, p = self.member(), self.current_product()
        if self.member_edit.problem():
            out.append(self.member_edit.problem())
        elif m is not None and not m.status.is_member:
            out.append(f"{m.full_name} sudah berstatus {m.status.label.lower()}; tidak bisa {self.kind} simpanan.")
        if p is None:
            out.append("Jenis simpanan wajib dipilih.")
        if self.amount.problem():
            out.append(self.amount.problem())
        if self.cash.currentData() is None:
            out.append("Belum ada akun kas/bank.")
        if out or m is None or p is None:
            return out
        amount = self.amount.value() or 0
        if self.deposit:
            if p.kind == SavingsKind.POKOK:
                pokok = profile_svc.get_adart(self.session.ws).simpanan_pokok
                if amount != pokok:
                    out.append(f"Simpanan pokok harus {fmt.rupiah(pokok)} sesuai AD/ART.")
        else:
            out += withdrawal_problems(p, self.balance(), amount, still_member=m.status.is_member)
            if not out and amount > self.cash_balance():
                out.append(f"Saldo {self.cash.currentText()} pada {fmt.date_long(self.date.value())} hanya "
                           f"{fmt.rupiah(self.cash_balance())}; penarikan melebihi uang yang ada.")
        return out

    def validate(self) -> bool:
        problems = self.problems()
        self.ok_button.setEnabled(not problems)
        quiet = {"Jumlah wajib diisi."} if not self.amount._touched else set()
        visible = [p for p in problems if p not in quiet] if self._dirty else []
        show_problem(self.problems_label, visible[0] if visible else "")
        m, p = self.member(), self.current_product()
        refused = not self.deposit and bool(visible) and not self.amount.problem() and m is not None
        if refused or not self.amount.problem():
            mark_invalid(self.amount, refused, visible[0] if refused else "")
        if m is not None and p is not None:
            now = self.balance()
            text = f"Saldo {p.name.lower()} sekarang: <b>{fmt.rupiah(now)}</b>"
            if self.amount.value():
                after = self.after()
                colour = f" style='color: {DANGER}'" if after < 0 else ""
                text += f" &nbsp;→&nbsp; sesudah {self.kind}: <b{colour}>{fmt.rupiah(after)}</b>"
            self.balance_hint.setText(text)
            self.due_hint.setText(self._due_text(m, p))
        else:
            self.balance_hint.setText("")
            self.due_hint.setText("")
        self.due_hint.setVisible(bool(self.due_hint.text()))
        self.fit_height()
        return not problems

    def _due_text(self, m: Member, p: SavingsProduct) -> str:
        if self.deposit and p.kind == SavingsKind.WAJIB and m.status.is_member:
            st = savings_svc.wajib_of(self.session.ws, m.id, self.date.value())
            if st.arrears:
                months = f"{st.months_in_arrears} bulan" if st.months_in_arrears > 1 else "bulan ini"
                return f"Tagihan wajib sampai {fmt.month_year(self.date.value())}: {fmt.rupiah(st.arrears)} ({months})."
            return "Simpanan wajib sudah lunas sampai bulan ini" + (
                f" (lebih bayar {fmt.rupiah(st.ahead)})." if st.ahead else ".")
        if self.deposit and p.kind == SavingsKind.POKOK:
            return f"Simpanan pokok {fmt.rupiah(profile_svc.get_adart(self.session.ws).simpanan_pokok)}, sekali saja."
        if not self.deposit and p.kind.locked_while_member:
            return f"{p.name} hanya dikembalikan saat keluar dari keanggotaan (tombol Keluarkan anggota)."
        if not self.deposit and p.min_balance:
            return f"Saldo minimum {p.name.lower()}: {fmt.rupiah(p.min_balance)}."
        return ""

    # ------------------------------------------------------------------ posting
    def summary(self) -> str:
        m, p = self.member(), self.current_product()
        amount = fmt.rupiah(self.amount.value() or 0)
        cash, saving = self.cash.currentText(), self.accounts.get(p.account_id, p.name)
        debit, credit = (cash, saving) if self.deposit else (saving, cash)
        return (f"{self.kind.capitalize()} {p.name.lower()} {m.number} {m.full_name}\n"
                f"Tanggal {fmt.date_long(self.date.value())}\n\n"
                f"Debit   {debit}: {amount}\n"
                f"Kredit  {credit}: {amount}\n\n"
                f"Saldo {p.name.lower()} sesudahnya: {fmt.rupiah(self.after())}")

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        if not prompts().confirm(self, f"Bukukan {self.kind}?", self.summary(), ok_text=f"Ya, simpan {self.kind}",
                                 cancel_text="Periksa lagi"):
            return
        s = self.session
        fn = savings_svc.deposit if self.deposit else savings_svc.withdraw
        s.runner.run(fn, s.ws, member_id=self.member().id, product_id=self.current_product().id,
                     amount=self.amount.value(), on=self.date.value(), cash_account_id=self.cash.currentData(),
                     description=self.description.text(), by=s.user, parent=self, busy="Membukukan...",
                     on_success=self._posted)

    def _posted(self, posted) -> None:
        self.posted = posted
        self.done_ok()
        m = self.member()
        parent = self.parentWidget()
        if prompts().confirm(parent, "Tersimpan",
                             f"{self.kind.capitalize()} {m.full_name} sudah dibukukan ({posted.number}). Saldo "
                             f"{self.current_product().name.lower()} sekarang {fmt.rupiah(posted.balance)}.\n\n"
                             "Cetak kuitansinya sekarang?", ok_text="Cetak kuitansi", cancel_text="Tidak"):
            printing.preview(self.session, printing.receipt_doc(self.session, posted.tx_id, posted.number), parent)
