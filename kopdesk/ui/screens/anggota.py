"""Anggota: the member register (search as you type over name, number and NIK; status filter; lazy pages so a large
register stays smooth; every read on the worker, the newest query wins) and, on Enter or double-click, the member's
own page (MemberDetail)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.users import Perm
from kopdesk.services import member_import
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.member_model import MemberListModel
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.widgets import CURRENT_STATUSES, hint_label, title_label

SEARCH_DELAY_MS = 150

STATUS_FILTERS: tuple[tuple[str, tuple[MemberStatus, ...] | None], ...] = (
    ("Anggota terdaftar (aktif, calon, non-aktif)", CURRENT_STATUSES),
    ("Semua, termasuk yang sudah keluar", ()),
    ("Anggota aktif", (MemberStatus.AKTIF,)),
    ("Calon anggota", (MemberStatus.CALON,)),
    ("Non-aktif", (MemberStatus.NON_AKTIF,)),
    ("Keluar", (MemberStatus.KELUAR,)),
    ("Diberhentikan", (MemberStatus.DIBERHENTIKAN,)),
    ("Meninggal", (MemberStatus.MENINGGAL,)),
)


class MemberTable(QTableView):
    """Enter opens the member (the view otherwise uses Enter to start editing)."""

    def __init__(self, on_open, parent=None):
        super().__init__(parent)
        self.on_open = on_open

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.on_open(self.currentIndex())
            return
        super().keyPressEvent(event)


class MemberListPage(QWidget):
    def __init__(self, screen: AnggotaScreen):
        super().__init__()
        self.screen = screen
        s = screen.session
        self.can_edit = s.can(Perm.MEMBERS)
        self.model = MemberListModel(s.ws, savings_svc.products(s.ws), self, runner=s.runner)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama, nomor anggota atau NIK (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for label, _statuses in STATUS_FILTERS:
            self.status.addItem(label)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.apply_query)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.search_entered)
        self.status.currentIndexChanged.connect(lambda _i: self.apply_query())

        self.new_button = QPushButton("Anggota baru")
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip("Ctrl+N")
        self.import_button = QPushButton("Impor dari Excel...")
        self.template_button = QPushButton("Unduh template")
        self.export_button = QPushButton("Ekspor Excel")
        self.print_button = QPushButton("Cetak daftar")
        self.print_button.setToolTip("Ctrl+P")
        self.new_button.clicked.connect(screen.new_member)
        self.import_button.clicked.connect(screen.import_members)
        self.template_button.clicked.connect(self.save_template)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_list)
        for b in (self.new_button, self.import_button, self.template_button):
            b.setVisible(self.can_edit)
        self.import_button.setVisible(self.can_edit and s.can(Perm.POST))

        self.view = MemberTable(self.open_index)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(self.open_index)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self.size_columns()
        self.footer = QLabel()
        self.footer.setObjectName("footer")
        self.notice = hint_label("")
        self.notice.hide()
        self.model.loaded.connect(self.update_footer)
        self.model.notice.connect(self.show_notice)

        top = QHBoxLayout()
        top.addWidget(title_label("Anggota"))
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.template_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 6)
        lay.addLayout(top)
        lay.addLayout(actions)
        lay.addWidget(self.notice)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.footer)

    def size_columns(self) -> None:
        header = self.view.horizontalHeader()
        for i, col in enumerate(self.model.columns):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(i, col.width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def statuses(self) -> tuple[MemberStatus, ...]:
        return STATUS_FILTERS[self.status.currentIndex()][1] or ()

    def apply_query(self) -> None:
        self.timer.stop()
        self.notice.hide()
        self.model.set_query(self.search.text(), self.statuses())

    def search_entered(self) -> None:
        """Enter in the search box: search now; when the result is in, one hit opens the member, otherwise go to the
        list."""
        self.timer.stop()
        self.notice.hide()
        self.model.set_query(self.search.text(), self.statuses(), then=self._entered)

    def _entered(self) -> None:
        if self.model.total == 1:
            self.screen.show_member(self.model.record(0).member.id)
        elif self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(0, 0))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def update_footer(self) -> None:
        m = self.model
        if m.searching and m.query is None:
            self.footer.setText("Membaca daftar anggota…")
            return
        text = f"{fmt.number(m.total)} anggota"
        if len(m.rows) < m.total:
            text += f"  ·  {fmt.number(len(m.rows))} sudah dimuat (gulir ke bawah untuk memuat berikutnya)"
        if m.text:
            text += f"  ·  pencarian \"{m.text}\""
        if m.total == 0 and (m.text or m.statuses):
            text = (f"Tidak ada anggota yang cocok dengan pencarian \"{m.text}\"" if m.text
                    else "Tidak ada anggota dengan status ini") + \
                ". Periksa ejaan, atau pilih \"Semua, termasuk yang sudah keluar\"."
        if m.searching:
            text += "  ·  mencari…"
        self.footer.setText(text)

    def open_index(self, index: QModelIndex) -> None:
        row = self.model.record(index.row()) if index.isValid() else None
        if row is not None:
            self.screen.show_member(row.member.id)

    def current_member_id(self) -> int | None:
        row = self.model.record(self.view.currentIndex().row())
        return row.member.id if row else None

    def select_member(self, member_id: int) -> None:
        row = self.model.row_of(member_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    # ------------------------------------------------------------------ files
    def save_template(self) -> None:
        path = prompts().save_path(self, "Simpan template impor anggota", str(Path.home() / "template-anggota.xlsx"),
                                   "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        s = self.screen.session
        s.runner.run(member_import.write_member_template, s.ws, path, parent=self, busy="Membuat template...",
                     on_success=lambda p: prompts().info(self, "Template tersimpan",
                                                         f"Isi template ini lalu impor kembali:\n{p}"))

    def export(self) -> None:
        path = prompts().save_path(self, "Ekspor daftar anggota", str(Path.home() / "daftar-anggota.xlsx"),
                                   "File Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        s = self.screen.session
        s.runner.run(member_import.export_members, s.ws, path, statuses=self.statuses(), text=self.search.text(),
                     parent=self, busy="Mengekspor daftar anggota...",
                     on_success=lambda p: prompts().info(self, "Ekspor selesai", f"Daftar anggota disimpan ke:\n{p}"))

    def print_list(self) -> None:
        s = self.screen.session
        label, statuses = STATUS_FILTERS[self.status.currentIndex()]
        chosen = tuple(MemberStatus) if statuses == () else statuses
        printing.preview(s, printing.member_list_doc(s, chosen, label.split(" (")[0]), self)


class AnggotaScreen(Screen):
    title = "Anggota"
    flags = ("members", "savings")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        from kopdesk.ui.screens.anggota_detail import MemberDetail

        self.dialog = None
        self.list = MemberListPage(self)
        self.detail = MemberDetail(session, self)
        self.detail.back_requested.connect(self.show_list)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.detail)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        if session.can(Perm.MEMBERS):
            self.shortcut("Ctrl+N", self.new_member)
        self.shortcut("Ctrl+F", self.focus_search)
        self.shortcut("Ctrl+P", self.print_)

    def load(self) -> None:
        if self.list.model.set_products(savings_svc.products(self.ws)):
            self.list.size_columns()
            self.list.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        keep = self.list.current_member_id()
        self.list.model.set_query(self.list.search.text(), self.list.statuses(),
                                  then=None if keep is None else lambda: self.list.select_member(keep))
        if self.stack.currentWidget() is self.detail:
            self.detail.load()

    def focus_search(self) -> None:
        self.show_list()
        self.list.search.setFocus()
        self.list.search.selectAll()

    def print_(self) -> None:
        if self.stack.currentWidget() is self.detail:
            self.detail.statement()
        else:
            self.list.print_list()

    # ------------------------------------------------------------------ pages
    def show_member(self, member_id: int):
        self.detail.show_member(member_id)
        self.stack.setCurrentWidget(self.detail)
        return self.detail

    def show_list(self) -> None:
        keep = self.detail.member.id if self.detail.member else None
        self.stack.setCurrentWidget(self.list)
        if keep is not None:
            self.list.select_member(keep)
        self.list.view.setFocus()

    # ------------------------------------------------------------------ dialogs
    def new_member(self):
        from kopdesk.ui.dialogs.member_form import MemberDialog

        self.dialog = MemberDialog(self.session, None, self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        dlg = self.dialog
        if dlg is not None and dlg.saved is not None and dlg.saved.id is not None:
            self.show_member(dlg.saved.id)

    def import_members(self):
        from kopdesk.ui.dialogs.member_import import MemberImportDialog

        self.dialog = MemberImportDialog(self.session, self)
        self.dialog.open()
        return self.dialog
