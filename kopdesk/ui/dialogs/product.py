"""Add or edit a savings product (e.g. simpanan berjangka, simpanan hari raya) with its ledger account, jasa rate
and basis, and minimum balance."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit

from kopdesk.domain.savings import InterestBasis, SavingsKind, SavingsProduct
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import AccountPicker, MoneyEdit, hint_label

BASIS_CHOICES = ((InterestBasis.TERENDAH, "Saldo terendah dalam sebulan"),
                 (InterestBasis.RATA_RATA, "Saldo rata-rata harian"))


def parse_percent(text: str) -> Decimal | None:
    t = text.strip().replace("%", "").replace(",", ".")
    if not t:
        return Decimal(0)
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


class ProductDialog(FormDialog):
    def __init__(self, session: Session, product: SavingsProduct | None = None, parent=None):
        super().__init__("Ubah produk simpanan" if product else "Produk simpanan baru", "Simpan produk", parent)
        self.session, self.product = session, product
        self.saved = None
        self.resize_to_width(560)
        ws = session.ws
        self.code = QLineEdit()
        self.code.setPlaceholderText("mis. BERJANGKA atau HARIRAYA")
        self.name = QLineEdit()
        self.name.setPlaceholderText("mis. Simpanan berjangka 12 bulan")
        self.kind = QComboBox()
        kinds = list(SavingsKind) if product else [SavingsKind.BERJANGKA, SavingsKind.KHUSUS, SavingsKind.SUKARELA]
        for k in kinds:
            self.kind.addItem(k.label, k.value)
        accounts = [a for a in ledger_svc.list_accounts(ws, postable_only=True, active_only=True)
                    if a.klass.value in ("2", "3")]
        self.account = AccountPicker(accounts, placeholder="Ketik kode atau nama akun simpanan, mis. 2-1")
        self.rate = QLineEdit()
        self.rate.setPlaceholderText("0 = tanpa jasa; mis. 3 atau 4,5")
        self.basis = QComboBox()
        for b, label in BASIS_CHOICES:
            self.basis.addItem(label, b.value)
        self.min_balance = MoneyEdit()
        self.min_balance.setPlaceholderText("0")
        self.active = QCheckBox("Produk aktif (bisa dipakai untuk setoran)")
        self.active.setChecked(True)
        form = QFormLayout()
        form.addRow("Kode", self.code)
        form.addRow("Nama", self.name)
        form.addRow("Jenis", self.kind)
        form.addRow("Akun buku besar", self.account)
        form.addRow("", hint_label("Akun liabilitas (2-...) atau ekuitas (3-...). Buat akunnya dulu di Kas & Jurnal "
                                   "> Daftar Akun bila belum ada."))
        form.addRow("Jasa per tahun (%)", self.rate)
        form.addRow("Dasar jasa", self.basis)
        form.addRow("Saldo minimum", self.min_balance)
        form.addRow("", self.active)
        self.body.addLayout(form)
        if product is not None:
            self.code.setText(product.code)
            self.name.setText(product.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(product.kind.value)))
            self.account.set_value(product.account_id)
            self.rate.setText(f"{product.interest_rate.normalize():f}".replace(".", ","))
            self.basis.setCurrentIndex(max(0, self.basis.findData(product.interest_basis.value)))
            self.min_balance.setValue(product.min_balance or None)
            self.active.setChecked(product.active)
        for signal in (self.code.textChanged, self.name.textChanged, self.rate.textChanged,
                       self.min_balance.textChanged, self.account.accountChanged, self.kind.currentIndexChanged,
                       self.basis.currentIndexChanged, self.active.toggled):
            signal.connect(self.mark_dirty)
        self.finish_layout()
        self._dirty = False

    def value(self) -> SavingsProduct:
        return SavingsProduct(
            id=self.product.id if self.product else None, code=self.code.text().strip().upper(),
            name=self.name.text().strip(), kind=SavingsKind(self.kind.currentData()),
            account_id=self.account.value() or 0, interest_rate=parse_percent(self.rate.text()) or Decimal(0),
            interest_basis=InterestBasis(self.basis.currentData()), min_balance=self.min_balance.value() or 0,
            active=self.active.isChecked())

    def problems(self) -> list[str]:
        out = []
        if not self.code.text().strip():
            out.append("Kode produk wajib diisi.")
        if not self.name.text().strip():
            out.append("Nama produk wajib diisi.")
        if self.account.problem():
            out.append(self.account.problem())
        rate = parse_percent(self.rate.text())
        if rate is None:
            out.append(f"Jasa '{self.rate.text()}' bukan angka persen. Contoh: 3 atau 4,5.")
        elif not 0 <= rate <= 100:
            out.append("Jasa simpanan harus 0 sampai 100% per tahun.")
        if self.min_balance.problem():
            out.append(self.min_balance.problem())
        return out

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        s.runner.run(savings_svc.save_product, s.ws, self.value(), s.user, parent=self, on_success=self._saved)

    def _saved(self, result) -> None:
        self.saved = result[0]
        self.done_ok()
