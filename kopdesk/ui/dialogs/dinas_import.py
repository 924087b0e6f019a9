"""Import the registry of cooperatives from a spreadsheet (.xlsx / .csv): choose the file, see how many
cooperatives will be added or EVERY problem at once (row, column, problem); import all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.services import registry_import
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.dialogs.member_import import split_problem
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.dinas_common import write
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import hint_label


def preview_file(ws, path: str) -> registry_import.RegistryPreview:
    try:
        return registry_import.preview_registry(ws, path)
    except ValidationError as exc:
        return registry_import.RegistryPreview([], list(exc.problems))
    except KopDeskError as exc:
        return registry_import.RegistryPreview([], [exc.message])


class RegistryImportDialog(FormDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__("Impor koperasi binaan dari Excel", "Impor koperasi", parent)
        self.session = session
        self.preview: registry_import.RegistryPreview | None = None
        self.result = None
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        choose = QPushButton("Pilih file...")
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(QLabel("File"))
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.summary = QLabel("Pilih file .xlsx atau .csv berisi daftar koperasi (lihat \"Unduh template\").")
        self.summary.setWordWrap(True)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels(("Baris", "Kolom", "Masalah"))
        self.errors.verticalHeader().hide()
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.horizontalHeader().resizeSection(1, 160)
        self.errors.setMinimumHeight(260)
        self.errors.hide()
        self.body.addLayout(row)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.errors, 1)
        self.body.addWidget(hint_label("Semua baris diperiksa dulu. Bila ada satu saja yang salah, tidak ada yang "
                                       "disimpan: perbaiki file lalu pilih lagi."))
        self.resize_to_width(820)
        self.finish_layout()

    def choose(self) -> None:
        path = prompts().open_path(self, "Pilih file registri koperasi", str(Path.home()),
                                   "File Excel atau CSV (*.xlsx *.csv)")
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        self.path.setText(path)
        self.preview = preview_file(self.session.ws, path)
        self.show_preview()
        self.mark_dirty()

    def show_preview(self) -> None:
        p = self.preview
        problems = p.problems if p else []
        self.errors.setRowCount(len(problems))
        for i, text in enumerate(problems):
            for col, value in enumerate(split_problem(text)):
                self.errors.setItem(i, col, QTableWidgetItem(value))
        self.errors.setVisible(bool(problems))
        if p is None:
            return
        if problems:
            self.summary.setText(f"Ditemukan {len(problems)} masalah. Tidak ada koperasi yang akan diimpor sampai "
                                 "semuanya diperbaiki.")
            self.summary.setObjectName("error")
        else:
            self.summary.setText(f"{len(p.items)} koperasi siap diimpor ke registri.")
            self.summary.setObjectName("ok")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def problems(self) -> list[str]:
        if self.preview is None:
            return ["Pilih file yang akan diimpor."]
        if self.preview.problems:
            return [f"File berisi {len(self.preview.problems)} masalah; perbaiki dulu."]
        if not self.preview.items:
            return ["File tidak berisi koperasi."]
        return []

    def submit(self) -> None:
        if not self.validate():
            return
        s = self.session

        def done(result) -> None:
            self.result = result
            prompts().info(self, "Impor selesai", f"{result.count} koperasi ditambahkan ke registri.")
            self.done_ok()

        def failed_problems(exc) -> None:
            if isinstance(exc, ValidationError):
                self.preview = registry_import.RegistryPreview([], list(exc.problems))
                self.show_preview()

        write(s, registry_import.import_registry, s.ws, self.path.text(), s.user, parent=self,
              busy="Mengimpor koperasi...", on_success=done, problems_label=self.problems_label,
              on_error=failed_problems)
