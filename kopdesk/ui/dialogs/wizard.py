"""Creating a new koperasi file, in five short pages that validate in place."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kopdesk.domain.coop import COOP_TYPES, MONTHS_ID, AdArt, CoopProfile
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.users import User, password_problems
from kopdesk.services import workspace as ws_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import show_error
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import DateEdit, MoneyEdit, error_label, hint_label, show_problem


def default_folder() -> Path:
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def slug(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", name.strip()).strip("-").lower()
    return s or "koperasi"


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.error = error_label()
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addStretch(1)
        lay.addWidget(self.error)
        self._shown = False

    def checks(self) -> list[tuple[QWidget, str]]:
        """(field, problem) pairs; an empty list means the page is complete."""
        return []

    def isComplete(self) -> bool:  # noqa: N802
        found = self.checks()
        bad = {id(w) for w, _ in found}
        for w in self.findChildren(QLineEdit):
            if not isinstance(w, MoneyEdit) and w.property("checked_field") == "1":
                mark_invalid(w, id(w) in bad and bool(w.text()), "")
        for w, problem in found:
            if isinstance(w, QLineEdit) and w.text():
                mark_invalid(w, True, problem)
        typed = [p for w, p in found if not isinstance(w, QLineEdit) or w.text()]
        show_problem(self.error, typed[0] if typed else "")
        return not found

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            w.setProperty("checked_field", "1")
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self.completeChanged)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.completeChanged)


class IdentityPage(_Page):
    def __init__(self):
        super().__init__("Identitas koperasi", "Nama dan badan hukum seperti tertulis di akta.")
        self.name = QLineEdit()
        self.name.setPlaceholderText("mis. KSP Maju Bersama")
        self.coop_type = QComboBox()
        for code, label in COOP_TYPES.items():
            self.coop_type.addItem(label, code)
        self.legal_number = QLineEdit()
        self.legal_number.setPlaceholderText("mis. 188.4/123/BH/XIX/2015")
        self.has_legal_date = QCheckBox("Diisi")
        self.legal_date = DateEdit()
        self.legal_date.setEnabled(False)
        self.has_legal_date.toggled.connect(self.legal_date.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.legal_date)
        row.addWidget(self.has_legal_date)
        row.addStretch(1)
        self.fy_month = QComboBox()
        self.fy_month.addItems(MONTHS_ID)
        self.form.addRow("Nama koperasi *", self.name)
        self.form.addRow("Jenis koperasi", self.coop_type)
        self.form.addRow("Nomor badan hukum", self.legal_number)
        self.form.addRow("Tanggal badan hukum", row)
        self.form.addRow("Awal tahun buku", self.fy_month)
        self.form.addRow("", hint_label("Sebagian besar koperasi memulai tahun buku pada bulan Januari."))
        self.watch(self.name)

    def checks(self):
        return [(self.name, "Nama koperasi wajib diisi.")] if not self.name.text().strip() else []


class AddressPage(_Page):
    def __init__(self):
        super().__init__("Alamat", "Dipakai pada kop surat laporan. Boleh dilengkapi nanti di Pengaturan.")
        self.street, self.desa, self.kecamatan = QLineEdit(), QLineEdit(), QLineEdit()
        self.kabupaten, self.province, self.postal, self.phone, self.email = (QLineEdit() for _ in range(5))
        self.street.setPlaceholderText("mis. Jl. A. Yani Km 33 No. 12")
        self.kabupaten.setPlaceholderText("mis. Kota Banjarbaru")
        self.form.addRow("Jalan", self.street)
        self.form.addRow("Desa/Kelurahan", self.desa)
        self.form.addRow("Kecamatan", self.kecamatan)
        self.form.addRow("Kabupaten/Kota", self.kabupaten)
        self.form.addRow("Provinsi", self.province)
        self.form.addRow("Kode pos", self.postal)
        self.form.addRow("Telepon", self.phone)
        self.form.addRow("Email", self.email)
        self.watch(self.postal, self.email)

    def checks(self):
        out = []
        if self.postal.text().strip() and not re.fullmatch(r"\d{5}", self.postal.text().strip()):
            out.append((self.postal, "Kode pos harus 5 digit angka."))
        if self.email.text().strip() and "@" not in self.email.text():
            out.append((self.email, "Alamat email tidak valid."))
        return out


class AdArtPage(_Page):
    def __init__(self):
        super().__init__("AD/ART", "Besar simpanan menurut anggaran dasar. Bisa diubah nanti di Pengaturan.")
        defaults = AdArt()
        self.pokok = MoneyEdit(required=True)
        self.pokok.setValue(defaults.simpanan_pokok)
        self.wajib = MoneyEdit(required=True)
        self.wajib.setValue(defaults.simpanan_wajib)
        self.form.addRow("Simpanan pokok", self.pokok)
        self.form.addRow("Simpanan wajib per bulan", self.wajib)
        self.pokok.textChanged.connect(self.completeChanged)
        self.wajib.textChanged.connect(self.completeChanged)

    def checks(self):
        out = []
        for w, label in ((self.pokok, "Simpanan pokok"), (self.wajib, "Simpanan wajib")):
            if w.problem():
                out.append((w, f"{label}: {w.problem()}"))
        return out


class AdminPage(_Page):
    def __init__(self):
        super().__init__("Pengguna admin", "Orang yang mengelola file ini (biasanya bendahara atau ketua).")
        self.full_name = QLineEdit()
        self.username = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow("Nama lengkap *", self.full_name)
        self.form.addRow("Nama pengguna *", self.username)
        self.form.addRow("Kata sandi", self.password)
        self.form.addRow("Ulangi kata sandi", self.password2)
        self.form.addRow("", hint_label("Kata sandi boleh dikosongkan bila komputer ini hanya dipakai Anda; "
                                        "KopDesk lalu tidak meminta masuk. Bila diisi, minimal 6 karakter."))
        self.watch(self.full_name, self.username, self.password, self.password2)

    def checks(self):
        out = []
        if not self.full_name.text().strip():
            out.append((self.full_name, "Nama lengkap admin wajib diisi."))
        if not self.username.text().strip():
            out.append((self.username, "Nama pengguna wajib diisi."))
        elif " " in self.username.text().strip():
            out.append((self.username, "Nama pengguna tidak boleh berisi spasi."))
        pw = self.password.text()
        if pw:
            for p in password_problems(pw):
                out.append((self.password, p))
            if self.password2.text() != pw:
                out.append((self.password2, "Kedua kata sandi tidak sama."))
        return out


class FilePage(_Page):
    def __init__(self, wizard: CreateWizard):
        super().__init__("Simpan file", "Semua data koperasi tersimpan dalam satu file berakhiran .kopdesk.")
        self._wizard = wizard
        self.path = QLineEdit()
        browse = QPushButton("Pilih lokasi...")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form.addRow("File", row)
        self.form.addRow("", hint_label("Simpan di folder yang ikut dicadangkan. KopDesk juga membuat salinan "
                                        "cadangan di folder \"cadangan-kopdesk\" di sebelah file ini."))
        self.watch(self.path)

    def initializePage(self) -> None:  # noqa: N802
        if not self.path.text():
            self.path.setText(str(default_folder() / f"{slug(self._wizard.identity.name.text())}.kopdesk"))

    def browse(self) -> None:
        chosen = prompts().save_path(self, "Simpan file koperasi", self.path.text(), "File KopDesk (*.kopdesk)")
        if chosen:
            self.path.setText(chosen if chosen.endswith(".kopdesk") else chosen + ".kopdesk")

    def target(self) -> Path:
        text = self.path.text().strip()
        if text and not text.endswith(".kopdesk"):
            text += ".kopdesk"
        return Path(text).expanduser()

    def checks(self):
        if not self.path.text().strip():
            return [(self.path, "Pilih tempat menyimpan file.")]
        p = self.target()
        if p.exists():
            return [(self.path, f"File {p.name} sudah ada. Pilih nama lain atau buka file itu.")]
        if not p.parent.is_dir():
            return [(self.path, f"Folder {p.parent} tidak ada.")]
        return []


class CreateWizard(QWizard):
    """On Finish creates the workspace; ``self.workspace`` and ``self.user`` hold the result."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Buat file koperasi baru")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Lanjut >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Kembali")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Buat file koperasi")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Batal")
        self.setMinimumSize(640, 480)
        self.identity = IdentityPage()
        self.address = AddressPage()
        self.adart = AdArtPage()
        self.admin = AdminPage()
        self.file = FilePage(self)
        for page in (self.identity, self.address, self.adart, self.admin, self.file):
            self.addPage(page)
        self.workspace = None
        self.user: User | None = None

    def profile(self) -> CoopProfile:
        i, a = self.identity, self.address
        return CoopProfile(
            name=i.name.text().strip(), coop_type=i.coop_type.currentData(), legal_number=i.legal_number.text().strip(),
            legal_date=i.legal_date.value() if i.has_legal_date.isChecked() else None,
            fiscal_year_start_month=i.fy_month.currentIndex() + 1, street=a.street.text().strip(),
            desa=a.desa.text().strip(), kecamatan=a.kecamatan.text().strip(),
            kabupaten_kota=a.kabupaten.text().strip(), province=a.province.text().strip(),
            postal_code=a.postal.text().strip(), phone=a.phone.text().strip(), email=a.email.text().strip())

    def adart_values(self) -> AdArt:
        return AdArt(simpanan_pokok=self.adart.pokok.value() or 0, simpanan_wajib=self.adart.wajib.value() or 0)

    def validateCurrentPage(self) -> bool:  # noqa: N802
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is not self.file:
            return True
        return self.create()

    def create(self) -> bool:
        try:
            self.workspace, self.user = ws_svc.create_workspace(
                self.file.target(), profile=self.profile(), adart=self.adart_values(),
                admin_username=self.admin.username.text().strip(),
                admin_full_name=self.admin.full_name.text().strip(),
                admin_password=self.admin.password.text() or None)
        except KopDeskError as exc:
            show_error(self, exc)
            return False
        return True

    def reject(self) -> None:
        typed = self.identity.name.text().strip()
        if typed and self.workspace is None and not prompts().confirm(
                self, "Batalkan?", "Isian yang sudah diketik akan dibuang. Lanjutkan?", ok_text="Buang isian",
                cancel_text="Kembali mengisi"):
            return
        super().reject()
