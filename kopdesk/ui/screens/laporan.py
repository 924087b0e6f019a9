"""Laporan: every document, grouped (Laporan keuangan, SHU & anggaran, Buku, Pinjaman), with its date or period
selector, and Pratinjau / Cetak / Simpan PDF / Ekspor Excel (where the report has a workbook)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui import printing
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.widgets import AccountPicker, DateEdit, PeriodPicker, hint_label, title_label


class _Params(QWidget):
    name = ""
    about = ""

    def __init__(self, screen: LaporanScreen):
        super().__init__()
        self.screen = screen
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    def doc(self) -> printing.Doc | None:
        raise NotImplementedError

    def load(self) -> None:
        pass

    def xlsx(self) -> printing.Doc | None:
        """The Excel version (``make(out)`` writes the .xlsx); None when the report has none."""
        return None

    has_xlsx = False


class TrialBalanceParams(_Params):
    name = "Neraca Saldo"
    about = "Saldo setiap akun pada satu tanggal, dengan jumlah debit dan kredit yang harus sama."

    def __init__(self, screen):
        super().__init__(screen)
        self.as_of = DateEdit()
        self.form.addRow("Per tanggal", self.as_of)

    def doc(self):
        return printing.trial_balance_doc(self.screen.session, self.as_of.value())


class LedgerParams(_Params):
    name = "Buku Besar"
    about = "Mutasi satu akun dalam satu periode: saldo awal, setiap transaksi, saldo berjalan dan saldo akhir."

    def __init__(self, screen):
        super().__init__(screen)
        self.account = AccountPicker()
        self.account.setMinimumWidth(360)
        self.period = PeriodPicker(fiscal_start_month=screen.fiscal_start)
        self.form.addRow("Akun", self.account)
        self.form.addRow("", self.period)

    def load(self):
        keep = self.account.value()
        self.account.set_accounts(ledger_svc.list_accounts(self.screen.ws, postable_only=True))
        if keep is None:
            cash = ledger_svc.cash_accounts(self.screen.ws)
            keep = cash[0].id if cash else None
        self.account.set_value(keep)

    def doc(self):
        if self.account.value() is None:
            return None
        a, b = self.period.period()
        return printing.account_ledger_doc(self.screen.session, self.account.value(), self.account.currentText(), a, b)


class CashBookParams(_Params):
    name = "Buku Kas"
    about = "Penerimaan dan pengeluaran satu akun kas atau bank dalam satu periode, dengan saldo berjalan."

    def __init__(self, screen):
        super().__init__(screen)
        self.account = QComboBox()
        self.account.setMinimumWidth(260)
        self.period = PeriodPicker(fiscal_start_month=screen.fiscal_start)
        self.form.addRow("Akun kas/bank", self.account)
        self.form.addRow("", self.period)

    def load(self):
        keep = self.account.currentData()
        self.account.clear()
        for a in ledger_svc.cash_accounts(self.screen.ws):
            self.account.addItem(a.label, a.id)
        if keep is not None and self.account.findData(keep) >= 0:
            self.account.setCurrentIndex(self.account.findData(keep))

    def doc(self):
        if self.account.currentData() is None:
            return None
        a, b = self.period.period()
        return printing.cash_book_doc(self.screen.session, self.account.currentData(), self.account.currentText(),
                                      a, b)


class VoucherParams(_Params):
    name = "Bukti Jurnal"
    about = "Bukti satu jurnal (kas masuk, kas keluar, jurnal umum atau pembalik) dengan tanda tangan."

    def __init__(self, screen):
        super().__init__(screen)
        self.number = QLineEdit()
        self.number.setPlaceholderText("mis. KM-2026-000012")
        self.recent = QComboBox()
        self.recent.setMinimumWidth(420)
        self.recent.currentIndexChanged.connect(self._picked)
        self.problem = QLabel()
        self.problem.setObjectName("error")
        self.form.addRow("Jurnal terakhir", self.recent)
        self.form.addRow("Nomor jurnal", self.number)
        self.form.addRow("", self.problem)
        self._journals = {}

    def load(self):
        import datetime as dt

        today = dt.date.today()
        journals = ledger_svc.journals(self.screen.ws, today - dt.timedelta(days=90), dt.date(today.year + 5, 12, 31))
        self._journals = {j.number: j for j in journals}
        self.recent.blockSignals(True)
        self.recent.clear()
        for j in reversed(journals[-200:]):
            self.recent.addItem(f"{j.number} · {fmt.date_short(j.date)} · {j.description[:40]}", j.number)
        self.recent.blockSignals(False)
        self._picked()

    def _picked(self, *_):
        if self.recent.currentData():
            self.number.setText(self.recent.currentData())

    def doc(self):
        number = self.number.text().strip().upper()
        j = self._journals.get(number)
        if j is None:
            import datetime as dt

            found = [x for x in ledger_svc.journals(self.screen.ws, dt.date(1990, 1, 1), dt.date(2100, 12, 31),
                                                    search=number) if x.number == number]
            j = found[0] if found else None
        if j is None:
            self.problem.setText(f"Jurnal {number or '(kosong)'} tidak ditemukan.")
            return None
        self.problem.setText("")
        return printing.journal_voucher_doc(self.screen.session, j.id, j.number)


class ArrearsParams(_Params):
    name = "Daftar Tunggakan"
    about = ("Pinjaman yang angsurannya lewat jatuh tempo pada satu tanggal: pokok, jasa dan denda tertunggak, lama "
             "terlambat dan kolektibilitasnya, terlama di atas.")

    def __init__(self, screen):
        super().__init__(screen)
        self.as_of = DateEdit()
        self.form.addRow("Per tanggal", self.as_of)

    def doc(self):
        from kopdesk.ui.screens.pinjaman_common import arrears_doc

        return arrears_doc(self.screen.ws, self.as_of.value())


class CollectibilityParams(_Params):
    name = "Kolektibilitas & PPAP"
    about = ("Rekap pinjaman per kolektibilitas (Lancar, Kurang Lancar, Diragukan, Macet) pada satu tanggal, PPAP yang "
             "wajib dibentuk dibanding PPAP yang sudah dibukukan, dan rincian per pinjaman.")

    def __init__(self, screen):
        super().__init__(screen)
        self.as_of = DateEdit()
        self.form.addRow("Per tanggal", self.as_of)

    def doc(self):
        from kopdesk.ui.screens.pinjaman_common import collectibility_doc

        return collectibility_doc(self.screen.ws, self.as_of.value())


class InstalmentsDueParams(_Params):
    name = "Angsuran Jatuh Tempo"
    about = "Angsuran pinjaman aktif yang jatuh tempo dalam satu periode dan belum dibayar penuh, untuk penagihan."

    def __init__(self, screen):
        super().__init__(screen)
        import datetime as dt

        self.quick = QComboBox()
        self.quick.addItems(("Minggu ini (7 hari)", "Bulan ini", "Bulan depan", "Pilih tanggal"))
        self.date_from, self.date_to = DateEdit(), DateEdit(dt.date.today() + dt.timedelta(days=6))
        row = QHBoxLayout()
        row.addWidget(self.quick)
        row.addWidget(self.date_from)
        row.addWidget(QLabel("s.d."))
        row.addWidget(self.date_to)
        row.addStretch(1)
        self.form.addRow("Periode", row)
        self.quick.currentIndexChanged.connect(self._quick)

    def _quick(self, index: int) -> None:
        import datetime as dt

        from kopdesk.ui.widgets import month_bounds

        today = dt.date.today()
        if index == 0:
            a, b = today, today + dt.timedelta(days=6)
        elif index == 1:
            a, b = month_bounds(today)
        elif index == 2:
            a, b = month_bounds(month_bounds(today)[1] + dt.timedelta(days=1))
        else:
            return
        self.date_from.setValue(a)
        self.date_to.setValue(b)

    def doc(self):
        from kopdesk.ui.screens.pinjaman_common import instalments_due_doc

        a, b = self.date_from.value(), self.date_to.value()
        if b < a:
            return None
        return instalments_due_doc(self.screen.ws, a, b)


class DinasPackageParams(_Params):
    """Not a printed report: the sealed annual package for the Dinas (its own dialog, its own button)."""

    name = "Paket data tahunan untuk Dinas"
    about = ("Satu file berisi profil, pengurus, laporan keuangan dengan pembandingnya, kolektibilitas, simpanan, SHU, "
             "RAT dan masukan penilaian kesehatan satu tahun buku yang sudah ditutup, disegel, untuk dikirim ke Dinas "
             "Koperasi (flash disk, email atau WhatsApp).")
    own_action = True

    def __init__(self, screen):
        super().__init__(screen)
        self.button = QPushButton("Kirim data tahunan ke Dinas...")
        self.button.setObjectName("primary")
        self.button.clicked.connect(screen.open_package_dialog)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        self.form.addRow(row)

    def doc(self):
        return None


class LaporanScreen(Screen):
    title = "Laporan"
    flags = ("ledger", "accounts", "profile", "settings")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.fiscal_start = profile_svc.get_profile(session.ws).fiscal_year_start_month
        self.list = QListWidget()
        self.list.setFixedWidth(240)
        self.list.setIconSize(QSize(18, 18))
        self.pages = QStackedWidget()
        from kopdesk.ui.screens.laporan_keuangan import financial_params

        # one row per report: the books and loan lists, then the statements, SHU and budget
        self.params: list[_Params] = [TrialBalanceParams(self), LedgerParams(self), CashBookParams(self),
                                      VoucherParams(self), ArrearsParams(self), CollectibilityParams(self),
                                      InstalmentsDueParams(self), *financial_params(self),
                                      DinasPackageParams(self)]
        self.dialog = None
        self._row_params = {i: i for i in range(len(self.params))}
        for p in self.params:
            p.has_xlsx = type(p).xlsx is not _Params.xlsx
            item = QListWidgetItem(p.name)
            item.setSizeHint(QSize(200, 30))
            self.list.addItem(item)
        for p in self.params:
            page = QWidget()
            pl = QVBoxLayout(page)
            pl.setContentsMargins(0, 0, 0, 0)
            t = QLabel(p.name)
            t.setStyleSheet("font-size: 13pt; font-weight: bold;")
            pl.addWidget(t)
            pl.addWidget(hint_label(p.about))
            pl.addSpacing(8)
            pl.addWidget(p)
            pl.addStretch(1)
            self.pages.addWidget(page)
        self.list.currentRowChanged.connect(self._row_changed)
        self.preview_button = QPushButton("Pratinjau")
        self.preview_button.setObjectName("primary")
        self.print_button = QPushButton("Cetak...")
        self.print_button.setToolTip("Ctrl+P")
        self.save_button = QPushButton("Simpan PDF...")
        self.preview_button.clicked.connect(lambda: self._go(printing.preview))
        self.print_button.clicked.connect(lambda: self._go(printing.print_doc))
        self.save_button.clicked.connect(lambda: self._go(printing.save_doc))
        self.excel_button = QPushButton("Ekspor Excel...")
        self.excel_button.clicked.connect(self.export_excel)
        self.paper = hint_label("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.excel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.paper)
        panel = QFrame()
        panel.setObjectName("card")
        right = QVBoxLayout(panel)
        right.setContentsMargins(18, 14, 18, 14)
        right.addWidget(self.pages, 1)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(panel, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.addWidget(title_label("Laporan"))
        lay.addWidget(hint_label("Pilih laporan, atur tahun buku atau tanggalnya, lalu pratinjau, cetak, simpan "
                                 "sebagai PDF atau ekspor ke Excel."))
        lay.addLayout(body, 1)
        self.list.setCurrentRow(0)
        self.shortcut("Ctrl+P", lambda: self._go(printing.print_doc))

    def load(self) -> None:
        for p in self.params:
            p.load()
        paper = profile_svc.get_app_settings(self.ws).paper
        self.paper.setText(f"Kertas: {paper} (ubah di Pengaturan > Cetak)")

    def current_params(self) -> _Params:
        return self.params[self._row_params.get(self.list.currentRow(), 0)]

    def select(self, name: str) -> _Params:
        """Show the report called ``name`` (e.g. from another screen)."""
        for row, index in self._row_params.items():
            if self.params[index].name == name:
                self.list.setCurrentRow(row)
                return self.params[index]
        raise KeyError(name)

    def _row_changed(self, row: int) -> None:
        if row in self._row_params:
            self.pages.setCurrentIndex(self._row_params[row])
            p = self.current_params()
            self.excel_button.setEnabled(p.has_xlsx)
            own = getattr(p, "own_action", False)
            for b in (self.preview_button, self.print_button, self.save_button, self.excel_button, self.paper):
                b.setVisible(not own)

    def open_package_dialog(self):
        """Kirim data tahunan ke Dinas (the sealed annual package of a closed year)."""
        from kopdesk.ui.dialogs.paket_kirim import PackageExportDialog

        self.dialog = PackageExportDialog(self.session, self)
        self.dialog.open()
        return self.dialog

    def export_excel(self) -> None:
        book = self.current_params().xlsx()
        if book is None:
            return
        from pathlib import Path

        from kopdesk.ui.messages import prompts

        target = prompts().save_path(self, "Ekspor ke Excel", str(Path.home() / book.file_name), "File Excel (*.xlsx)")
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"

        def make() -> str:
            book.make(Path(target))
            return target

        self.session.runner.run(make, parent=self, busy=f"Menyiapkan {book.title}...",
                                on_success=lambda path: prompts().info(self, "Ekspor selesai",
                                                                       f"{book.title} disimpan ke:\n{path}"))

    def _go(self, action) -> None:
        doc = self.current_params().doc()
        if doc is not None:
            action(self.session, doc, self)


