"""Import members from a spreadsheet (.xlsx / .csv): choose the file and the opening-balance date, see what will be
imported (rows, opening balances per product) or EVERY problem at once (row, column, problem); import all or
nothing."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.services import member_import
from kopdesk.services import savings as savings_svc
from kopdesk.services.member_import import ImportPreview
from kopdesk.services.spreadsheet import read_sheet
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import DateEdit, hint_label

_WHERE = re.compile(r"^Baris (\d+)(?:[,.] kolom ([^:]+))?: (.*)$", re.DOTALL)


def split_problem(problem: str) -> tuple[str, str, str]:
    """'Baris 4, kolom NIK: ...' -> ('4', 'NIK', '...'); a problem of the whole file -> ('', '', problem)."""
    m = _WHERE.match(problem)
    if not m:
        return "", "", problem
    return m.group(1), m.group(2) or "", m.group(3)


def preview_file(ws, path: str) -> ImportPreview:
    """Read and check the file; a file that cannot be read at all becomes a preview with that problem."""
    try:
        return member_import.parse_member_sheet(ws, read_sheet(path))
    except ValidationError as exc:
        return ImportPreview([], {}, list(exc.problems))


class MemberImportDialog(FormDialog):
    def __init__(self, session: Session, parent=None):
        super().__init__("Impor anggota dari Excel", "Impor anggota", parent)
        self.session = session
        self.preview: ImportPreview | None = None
        self.result = None
        self.resize_to_width(820)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("belum ada file dipilih")
        self.browse = QPushButton("Pilih file...")
        self.browse.clicked.connect(self.choose)
        self.template = QPushButton("Unduh template...")
        self.template.setAutoDefault(False)
        self.template.clicked.connect(self.save_template)
        self.opening_date = DateEdit()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.problem_title = QLabel("")
        self.problem_title.setObjectName("error")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Baris", "Kolom", "Masalah"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(260)
        self.table.hide()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        row.addWidget(self.template)
        form = QFormLayout()
        form.addRow("File", row)
        form.addRow("Tanggal saldo awal", self.opening_date)
        form.addRow("", hint_label("Saldo simpanan di file dicatat sebagai saldo awal per tanggal ini (jurnal JS). "
                                   "Jika satu baris saja salah, tidak ada yang disimpan: perbaiki file lalu pilih "
                                   "lagi."))
        self.body.addLayout(form)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.problem_title)
        self.body.addWidget(self.table, 1)
        self.opening_date.dateChanged.connect(self.validate)
        self.finish_layout()

    # ------------------------------------------------------------------ file
    def choose(self) -> None:
        path = prompts().open_path(self, "Pilih file anggota", str(Path.home()),
                                   "Lembar kerja (*.xlsx *.xls *.ods *.csv)")
        if path:
            self.load_file(path)

    def save_template(self) -> None:
        path = prompts().save_path(self, "Simpan template impor anggota", str(Path.home() / "template-anggota.xlsx"),
                                   "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        s = self.session
        s.runner.run(member_import.write_member_template, s.ws, path, parent=self, busy="Membuat template...",
                     on_success=lambda p: prompts().info(self, "Template tersimpan",
                                                         f"Isi template ini lalu pilih kembali di sini:\n{p}"))

    def load_file(self, path: str) -> None:
        self.path.setText(str(path))
        s = self.session
        s.runner.run(preview_file, s.ws, str(path), parent=self, busy="Memeriksa file...", on_success=self.show_preview)

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        names = {p.code: p.name for p in savings_svc.products(self.session.ws)}
        n = len(preview.items)
        if preview.problems:
            self.summary.setText(f"File berisi {n} baris anggota.")
            self.problem_title.setText(f"{len(preview.problems)} masalah harus diperbaiki di file sebelum impor. "
                                       "Tidak ada data yang disimpan.")
            parts = sorted((split_problem(p) for p in preview.problems), key=lambda x: int(x[0] or 0))
            self.table.setRowCount(len(parts))
            for r, cells in enumerate(parts):
                for c, text in enumerate(cells):
                    self.table.setItem(r, c, QTableWidgetItem(text))
            self.table.resizeRowsToContents()
            self.table.show()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        else:
            totals = "".join(f"<br>&nbsp;&nbsp;{names.get(code, code)}: <b>{fmt.rupiah(amount)}</b>"
                             for code, amount in preview.total_opening.items())
            total = sum(preview.total_opening.values())
            self.summary.setText(f"Siap diimpor: <b>{n} anggota</b>."
                                 + (f"<br>Saldo awal simpanan {fmt.rupiah(total)}:{totals}" if total else
                                    "<br>Tanpa saldo awal simpanan."))
            self.problem_title.setText("")
            self.table.setRowCount(0)
            self.table.hide()
        self._dirty = True
        self.validate()

    # ------------------------------------------------------------------ import
    def problems(self) -> list[str]:
        if self.preview is None:
            return ["Pilih file anggota (.xlsx atau .csv) lebih dulu."]
        if self.preview.problems:
            return [f"Ada {len(self.preview.problems)} masalah di file; lihat daftar di atas."]
        if not self.preview.items:
            return ["File tidak berisi anggota."]
        return []

    def validate(self) -> bool:
        ok = super().validate()
        if self.preview is not None and self.preview.problems:
            self.problems_label.hide()  # the list above says it all
        if self.preview is not None and self.preview.items and not self.preview.problems:
            self.ok_button.setText(f"Impor {len(self.preview.items)} anggota")
        else:
            self.ok_button.setText("Impor anggota")
        return ok

    def submit(self) -> None:
        if not self.validate():
            return
        total = sum(self.preview.total_opening.values())
        if total and not prompts().confirm(
                self, "Impor anggota?",
                f"{len(self.preview.items)} anggota didaftarkan dengan saldo awal simpanan {fmt.rupiah(total)} per "
                f"{fmt.date_long(self.opening_date.value())} (satu jurnal saldo awal).", ok_text="Ya, impor"):
            return
        s = self.session
        s.runner.run(member_import.import_members, s.ws, self.path.text(), opening_date=self.opening_date.value(),
                     by=s.user, parent=self, busy="Mengimpor anggota...", on_success=self._imported)

    def _imported(self, result) -> None:
        self.result = result
        self.done_ok()
        journal = f" Saldo awal dibukukan dengan jurnal {result.journal_number}." if result.journal_number else ""
        prompts().info(self.parentWidget(), "Impor selesai", f"{result.members} anggota sudah diimpor.{journal}")
