"""Kirim data tahunan ke Dinas: the cooperative makes the sealed annual package (``.kopdesk-paket``) of a closed
financial year, chooses where to save it, and is told where it went and how to send it to the Dinas office.

The package is built by ``services.package.export_package`` on the worker; a year that is not closed is refused in
place with the service's own message before anything is written."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.domain.package import EXTENSION
from kopdesk.services import closing
from kopdesk.services import package as package_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.dialogs.wizard import default_folder
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import hint_label, show_problem

CONTENTS = (
    "Profil koperasi: nama, badan hukum, NIK koperasi, NIB, NPWP, alamat",
    "Susunan pengurus dan pengawas dengan masa jabatannya",
    "Jumlah anggota (laki-laki dan perempuan) pada akhir tahun buku",
    "Laporan keuangan: neraca, perhitungan hasil usaha, perubahan ekuitas dan arus kas, dengan angka tahun "
    "sebelumnya sebagai pembanding",
    "Pinjaman per kolektibilitas (Lancar, Kurang Lancar, Diragukan, Macet) dan PPAP",
    "Simpanan per jenis (pokok, wajib, sukarela, berjangka)",
    "SHU dan pembagiannya",
    "RAT tahun buku itu: tanggal, kehadiran, kuorum dan keputusan",
    "Masukan penilaian kesehatan koperasi yang dihitung dari pembukuan",
)

NEXT_STEPS = ("Kirim file ini ke Dinas Koperasi: salin ke flash disk, atau lampirkan pada email atau WhatsApp. "
              "Petugas Dinas membukanya di KopDesk (Koperasi Binaan > Impor paket koperasi).")
SEALED = ("Paket disegel: bila isinya diubah sedikit saja (satu angka, satu huruf), Dinas akan menolaknya. Jangan "
          "membuka lalu menyimpan ulang file ini dengan program lain.")


def file_stem(name: str) -> str:
    """``KSP Sejahtera Mandiri`` -> ``KSP-Sejahtera-Mandiri`` (letters and digits, joined with hyphens)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name.strip()).strip("-") or "koperasi"


def default_file_name(coop_name: str, year: int) -> str:
    return f"{file_stem(coop_name)}-{year}{EXTENSION}"


def year_problem(ws, year: int) -> str:
    """'' when the year can be packed; otherwise the service's own Indonesian refusal (a cheap check: the service
    refuses an open year before it computes anything)."""
    if closing.is_closed(ws, year):
        return ""
    try:
        package_svc.package_content(ws, year)
    except KopDeskError as exc:
        return exc.message
    return ""  # pragma: no cover - the service always refuses an open year


def export(ws, year: int, out: str, by):
    """On the worker: write the package, then read it back (its seal is shown to the user)."""
    path = package_svc.export_package(ws, year, out, by)
    return path, package_svc.read_package(path)


class PackageExportDialog(FormDialog):
    """Choose the year, see what the package holds, save it, then see where it went and what to do with it."""

    def __init__(self, session: Session, parent: QWidget | None = None, year: int | None = None):
        super().__init__("Kirim data tahunan ke Dinas", "Simpan paket...", parent)
        self.session = session
        ws = session.ws
        self.coop_name = profile_svc.get_profile(ws).name
        closed = sorted((c.year for c in closing.closings(ws)), reverse=True)
        self.saved_path: Path | None = None
        self.package = None
        self._year_problem = ""

        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(year or (closed[0] if closed else session.today().year - 1))
        self.year.setMinimumWidth(90)
        self.year.valueChanged.connect(self._year_changed)
        self.closed_hint = hint_label(
            "Tahun buku yang sudah ditutup: " + (", ".join(map(str, closed)) if closed else "belum ada. Lakukan "
                                                 "tutup buku dulu (menu Tutup Buku)."))
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("Tahun buku"))
        year_row.addWidget(self.year)
        year_row.addSpacing(10)
        year_row.addWidget(self.closed_hint, 1)

        intro = QLabel("Paket data tahunan berisi laporan koperasi untuk Dinas Koperasi, dalam satu file. "
                       "Isinya:")
        intro.setWordWrap(True)
        items = QLabel("<ul style='margin-left:-18px'>" + "".join(f"<li>{t}</li>" for t in CONTENTS) + "</ul>")
        items.setWordWrap(True)
        sealed = hint_label(SEALED + " Data di file kerja koperasi tidak berubah.")

        choose = QFrame()
        choose_lay = QVBoxLayout(choose)
        choose_lay.setContentsMargins(0, 0, 0, 0)
        choose_lay.addLayout(year_row)
        choose_lay.addSpacing(6)
        choose_lay.addWidget(intro)
        choose_lay.addWidget(items)
        choose_lay.addWidget(sealed)
        choose_lay.addStretch(1)

        # after saving: where it went and what to do with it
        self.done_title = QLabel()
        self.done_title.setObjectName("ok")
        self.done_title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.done_title.setWordWrap(True)
        self.saved_edit = QLineEdit()
        self.saved_edit.setReadOnly(True)
        self.open_folder_button = QPushButton("Buka folder")
        self.open_folder_button.clicked.connect(self.open_folder)
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.saved_edit, 1)
        saved_row.addWidget(self.open_folder_button)
        self.seal_label = hint_label("")
        self.seal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        steps_title = QLabel("Langkah berikutnya")
        steps_title.setStyleSheet("font-weight: bold; margin-top: 8px;")
        self.steps = QLabel(NEXT_STEPS)
        self.steps.setWordWrap(True)
        done = QFrame()
        done_lay = QVBoxLayout(done)
        done_lay.setContentsMargins(0, 0, 0, 0)
        done_lay.addWidget(self.done_title)
        done_lay.addWidget(QLabel("Tersimpan di:"))
        done_lay.addLayout(saved_row)
        done_lay.addWidget(self.seal_label)
        done_lay.addWidget(steps_title)
        done_lay.addWidget(self.steps)
        done_lay.addWidget(hint_label(SEALED))
        done_lay.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(choose)
        self.pages.addWidget(done)
        self.body.addWidget(self.pages, 1)
        self.resize_to_width(640)
        self._year_changed(self.year.value())
        self.finish_layout()

    # ---------------------------------------------------------------------------------------- validation

    def _year_changed(self, year: int) -> None:
        self._year_problem = year_problem(self.session.ws, year)
        self._dirty = True          # a refusal is shown at once, in place (choosing a year is not typed data)
        self.validate()

    def problems(self) -> list[str]:
        return [self._year_problem] if self._year_problem else []

    def reject(self) -> None:
        self._closing = True        # nothing typed that could be lost
        super().reject()

    # ---------------------------------------------------------------------------------------- saving

    def default_path(self) -> str:
        return str(default_folder() / default_file_name(self.coop_name, self.year.value()))

    def submit(self) -> None:
        if self.saved_path is not None:           # the "Tutup" button of the done page
            self.done_ok()
            return
        if not self.validate():
            return
        target = prompts().save_path(self, "Simpan paket data tahunan", self.default_path(),
                                     f"Paket KopDesk (*{EXTENSION})")
        if not target:
            return
        if not target.endswith(EXTENSION):
            target += EXTENSION
        s = self.session
        s.runner.run(export, s.ws, self.year.value(), target, s.user, parent=self,
                     busy=f"Menyiapkan paket tahun buku {self.year.value()}...", on_success=self._saved,
                     on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            show_problem(self.problems_label, " ".join(exc.problems))
            self.fit_height()

    def _saved(self, result) -> None:
        path, pkg = result
        self.saved_path = Path(path)
        self.package = pkg
        self.done_title.setText(f"Paket data tahunan {pkg.year} {pkg.name} sudah disimpan.")
        self.saved_edit.setText(str(self.saved_path))
        self.seal_label.setText(f"Nama file: {self.saved_path.name} · segel sha256 {pkg.sha256[:16]}…")
        self.pages.setCurrentIndex(1)
        show_problem(self.problems_label, "")
        self.ok_button.setText("Tutup")
        self.ok_button.setEnabled(True)
        self.cancel_button.hide()
        self.setWindowTitle("Paket data tahunan tersimpan")

    def validate(self) -> bool:
        if self.saved_path is not None:
            return True
        return super().validate()

    def open_folder(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))
