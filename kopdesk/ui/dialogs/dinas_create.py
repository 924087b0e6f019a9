"""Creating a new Dinas Koperasi workspace: the office, the admin user and where the file goes, on one form that
validates in place. The cooperatives coached, the officers and the settings are entered afterwards in the workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.domain.users import User, password_problems
from kopdesk.services import workspace as ws_svc
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.dialogs.wizard import default_folder, slug
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import show_error
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import hint_label, show_problem


class DinasCreateDialog(FormDialog):
    """On "Buat file Dinas" creates the workspace; ``self.path`` holds the new file (closed again, to be opened)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Buat file Dinas Koperasi baru", "Buat file Dinas", parent)
        self.path: Path | None = None
        self.user: User | None = None
        self.office = QLineEdit()
        self.office.setPlaceholderText("mis. Dinas Koperasi dan UKM Kota Banjarbaru")
        self.street = QLineEdit()
        self.kabupaten = QLineEdit()
        self.kabupaten.setPlaceholderText("mis. Kota Banjarbaru")
        self.province = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.city = QLineEdit()
        self.city.setPlaceholderText("kota di atas tanda tangan, mis. Banjarbaru")
        self.full_name = QLineEdit()
        self.username = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.file = QLineEdit()
        browse = QPushButton("Pilih lokasi...")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(section("Kantor Dinas"))
        form.addRow("Nama kantor *", self.office)
        form.addRow("Alamat", self.street)
        form.addRow("Kabupaten/Kota", self.kabupaten)
        form.addRow("Provinsi", self.province)
        form.addRow("Telepon", self.phone)
        form.addRow("Email", self.email)
        form.addRow("Kota tanda tangan", self.city)
        form.addRow(section("Pengguna admin"))
        form.addRow("Nama lengkap *", self.full_name)
        form.addRow("Nama pengguna *", self.username)
        form.addRow("Kata sandi", self.password)
        form.addRow("Ulangi kata sandi", self.password2)
        form.addRow("", hint_label("Kata sandi boleh dikosongkan bila laptop ini hanya dipakai Anda. Bila diisi, "
                                   "minimal 6 karakter."))
        form.addRow(section("File"))
        form.addRow("File *", file_row)
        self.body.addLayout(form)
        for w in (self.office, self.street, self.kabupaten, self.province, self.phone, self.email, self.city,
                  self.full_name, self.username, self.password, self.password2, self.file):
            w.textChanged.connect(self.mark_dirty)
        self.office.textChanged.connect(self._suggest_file)
        self.resize_to_width(560)
        self.finish_layout()

    def _suggest_file(self) -> None:
        if not self.file.isModified():
            self.file.setText(str(default_folder() / f"{slug(self.office.text()) or 'dinas'}.kopdesk"))

    def browse(self) -> None:
        chosen = prompts().save_path(self, "Simpan file Dinas", self.file.text(), "File KopDesk (*.kopdesk)")
        if chosen:
            self.file.setText(chosen if chosen.endswith(".kopdesk") else chosen + ".kopdesk")
            self.file.setModified(True)

    def target(self) -> Path:
        text = self.file.text().strip()
        if text and not text.endswith(".kopdesk"):
            text += ".kopdesk"
        return Path(text).expanduser()

    def checks(self) -> list[tuple[QWidget, str]]:
        out: list[tuple[QWidget, str]] = []
        if not self.office.text().strip():
            out.append((self.office, "Nama kantor Dinas wajib diisi."))
        if self.email.text().strip() and "@" not in self.email.text():
            out.append((self.email, "Alamat email tidak valid."))
        if not self.full_name.text().strip():
            out.append((self.full_name, "Nama lengkap admin wajib diisi."))
        name = self.username.text().strip()
        if not name:
            out.append((self.username, "Nama pengguna wajib diisi."))
        elif " " in name:
            out.append((self.username, "Nama pengguna tidak boleh berisi spasi."))
        pw = self.password.text()
        if pw:
            out += [(self.password, p) for p in password_problems(pw)]
            if self.password2.text() != pw:
                out.append((self.password2, "Kedua kata sandi tidak sama."))
        if not self.file.text().strip():
            out.append((self.file, "Pilih tempat menyimpan file."))
        else:
            p = self.target()
            if p.exists():
                out.append((self.file, f"File {p.name} sudah ada. Pilih nama lain atau buka file itu."))
            elif not p.parent.is_dir():
                out.append((self.file, f"Folder {p.parent} tidak ada."))
        return out

    def problems(self) -> list[str]:
        found = self.checks()
        bad = {id(w) for w, _ in found}
        for w in (self.office, self.email, self.full_name, self.username, self.password, self.password2, self.file):
            mark_invalid(w, id(w) in bad and self._dirty, next((p for x, p in found if x is w), ""))
        return [p for _, p in found]

    def profile(self) -> CoopProfile:
        return CoopProfile(name=self.office.text().strip(), street=self.street.text().strip(),
                           kabupaten_kota=self.kabupaten.text().strip(), province=self.province.text().strip(),
                           phone=self.phone.text().strip(), email=self.email.text().strip(),
                           signing_city=self.city.text().strip())

    def submit(self) -> None:
        self._dirty = True
        if not self.validate():
            return
        try:
            ws, self.user = ws_svc.create_workspace(
                self.target(), kind=WorkspaceKind.DINAS, profile=self.profile(),
                admin_username=self.username.text().strip(), admin_full_name=self.full_name.text().strip(),
                admin_password=self.password.text() or None)
        except ValidationError as exc:
            show_problem(self.problems_label, " ".join(exc.problems))
            show_error(self, exc)
            return
        except KopDeskError as exc:
            show_error(self, exc)
            return
        self.path = ws.path
        ws.close()
        self.done_ok()
