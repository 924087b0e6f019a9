"""RAT > Buku Laporan RAT: the editor of the report book's text sections (spec §3.4). On the left the editable
sections in book order, each marked "diubah" (the pengurus' own text is printed) or "bawaan" (the text generated
from the year's figures is printed); on the right the section's plain text, saved through services.rat.save_text on
the worker. "Kembalikan ke teks bawaan" removes the saved text after a confirmation. "Pratinjau buku" builds the
whole book (kopdesk.reports.rat_book) on the worker with a progress dialog and opens the PDF preview; "Simpan PDF..."
writes it where the user chooses. The paper (A4/F4) is the workspace setting. A year not closed or without books
shows an Indonesian explanation instead of the editor. Read-only roles (pengurus, pengawas) can read and preview.

The RAT screen calls ``set_year`` whenever it shows a meeting; the texts are read on the worker when the widget is
(or becomes) visible, so recording attendance on the other tabs never waits for the book's figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.users import Perm
from kopdesk.services import closing as closing_svc
from kopdesk.services import profile as profile_svc
from kopdesk.services import rat as rat_svc
from kopdesk.services.rat_book import TEXT_KEYS, TEXT_TITLES
from kopdesk.ui import printing
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import Progress
from kopdesk.ui.style import ACCENT, MUTED
from kopdesk.ui.widgets import error_label, hint_label, show_problem

EDITED = "diubah"
DEFAULT = "bawaan"


@dataclass(frozen=True)
class BookTexts:
    """What the editor shows for one year: the generated defaults and the saved texts, or why there are none."""

    year: int
    problem: str = ""                                   # Indonesian: why the book cannot be made (yet)
    defaults: dict[str, str] = field(default_factory=dict)
    saved: dict[str, str] = field(default_factory=dict)
    paper: str = "A4"


def read_texts(ws, year: int) -> BookTexts:
    """On the worker: the defaults need the year's statements, which takes a moment on a big workspace."""
    from kopdesk.services import rat_book

    paper = profile_svc.get_app_settings(ws).paper
    if closing_svc.get_closing(ws, year) is None:
        return BookTexts(year, paper=paper, problem=(
            f"Tahun buku {year} belum ditutup. Buku laporan RAT disusun dari laporan keuangan yang sudah final: "
            f"lakukan tutup buku tahun {year} dulu di menu Tutup Buku/SHU, lalu buka lagi halaman ini."))
    try:
        defaults = rat_book.default_texts(ws, year)
    except ValidationError as exc:
        return BookTexts(year, paper=paper, problem=exc.message)
    saved = {k: v for k, v in rat_svc.get_texts(ws, year).items() if k in TEXT_KEYS}
    return BookTexts(year, defaults=defaults, saved=saved, paper=paper)


def build_book(ws, year: int, out: Path):
    """On the worker, with progress: the book's figures, then its pages (laid out twice for the contents)."""
    from kopdesk.reports.base import PageSetup
    from kopdesk.reports.rat_book import RatBookRenderer, build_rat_book

    yield Progress(0, 3, f"Mengumpulkan angka tahun buku {year}...")
    report = build_rat_book(ws, year)
    yield Progress(1, 3, "Menyusun halaman buku laporan RAT (beberapa detik)...")
    out.parent.mkdir(parents=True, exist_ok=True)
    RatBookRenderer(report, PageSetup(profile_svc.get_app_settings(ws).paper)).render(out)
    yield Progress(3, 3, "Selesai.")
    return out


class RatBukuWidget(QWidget):
    """The report-book editor of one financial year (``set_year``)."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.can_edit = session.can(Perm.MEMBERS)
        self.year: int | None = None
        self.data: BookTexts | None = None
        self.key: str | None = None
        self.loaded_text = ""             # the section's text when it was put in the editor
        self._stale = False
        self._filter_on = None
        self._preview = None

        self.title = QLabel("Buku Laporan RAT")
        f = QFont(self.title.font())
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.title.setFont(f)
        self.info = hint_label("")
        self.preview_button = QPushButton("Pratinjau buku")
        self.preview_button.setToolTip("Susun seluruh buku laporan RAT lalu tampilkan (Ctrl+P)")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton("Simpan PDF...")
        self.pdf_button.clicked.connect(self.save_pdf)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addSpacing(10)
        head.addWidget(self.info, 1)
        head.addWidget(self.preview_button)
        head.addWidget(self.pdf_button)

        self.sections = QTableWidget(len(TEXT_KEYS), 2)
        self.sections.setHorizontalHeaderLabels(["Bagian buku", "Isi"])
        self.sections.verticalHeader().hide()
        self.sections.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sections.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sections.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections.setWordWrap(True)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.sections.setFixedWidth(350)
        h = self.sections.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.sections.setColumnWidth(1, 72)
        for row, key in enumerate(TEXT_KEYS):
            item = QTableWidgetItem(f"{row + 1}. {TEXT_TITLES[key]}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.setItem(row, 0, item)
            self.sections.setItem(row, 1, QTableWidgetItem(DEFAULT))
        self.sections.resizeRowsToContents()
        h.sectionResized.connect(lambda *_: self.sections.resizeRowsToContents())   # long titles wrap
        self.sections.currentCellChanged.connect(self._section_changed)

        self.section_title = QLabel()
        self.section_title.setStyleSheet("font-weight: bold;")
        self.section_state = hint_label("")
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._text_changed)
        self.problem = error_label()
        self.restore_button = QPushButton("Kembalikan ke teks bawaan")
        self.restore_button.clicked.connect(self.restore_default)
        self.save_button = QPushButton("Simpan")
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip("Simpan teks bagian ini (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.edit_bar = QWidget()
        bar = QHBoxLayout(self.edit_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.restore_button)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        self.edit_bar.setVisible(self.can_edit)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.section_title)
        right.addWidget(self.section_state)
        right.addWidget(self.editor, 1)
        right.addWidget(self.problem)
        right.addWidget(self.edit_bar)
        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.sections)
        body.addLayout(right, 1)

        self.explain = QLabel()
        self.explain.setObjectName("hint")
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setContentsMargins(40, 20, 40, 20)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.explain)
        self.stack.addWidget(self.body)

        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.stack, 1)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+P", self.preview)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._explain("Pilih rapat RAT di daftar di atas untuk menyusun buku laporannya.")

    # ------------------------------------------------------------------------------------------------ state
    @property
    def ws(self):
        return self.session.ws

    def dirty(self) -> bool:
        """Text typed in the editor and not saved."""
        return (self.can_edit and self.key is not None and self.data is not None and not self.data.problem
                and self.editor.toPlainText() != self.loaded_text)

    def edited(self, key: str) -> bool:
        return self.data is not None and key in self.data.saved

    def text_of(self, key: str) -> str:
        """What the book prints for the section: the saved text, else the generated default."""
        if self.data is None:
            return ""
        return self.data.saved.get(key, self.data.defaults.get(key, ""))

    def _explain(self, text: str) -> None:
        self.explain.setText(text)
        self.stack.setCurrentWidget(self.explain)
        self.preview_button.setEnabled(False)
        self.pdf_button.setEnabled(False)

    # ------------------------------------------------------------------------------------------------ reading
    def set_year(self, year: int) -> None:
        """Show the report book of financial year ``year`` (read when the widget is visible)."""
        if year != self.year and self.dirty() and prompts().confirm(
                self, "Teks belum disimpan",
                f"Perubahan pada bagian \u201c{TEXT_TITLES[self.key]}\u201d buku laporan RAT tahun buku {self.year} "
                "belum disimpan. Simpan sekarang?", ok_text="Simpan", cancel_text="Buang perubahan"):
            self.save()
        self.year = year
        self.title.setText(f"Buku Laporan RAT tahun buku {year}")
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        win = self.window()
        if win is not self and win is not self._filter_on:
            win.installEventFilter(self)
            self._filter_on = win
        super().showEvent(event)
        if self._stale:
            self.reload()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        """Closing the window with a text typed but not saved asks first."""
        if obj is self._filter_on and event.type() == QEvent.Type.Close and self.dirty() \
                and not self.session.ws.closed:
            if not prompts().confirm(self, "Teks belum disimpan",
                                     f"Perubahan pada bagian \u201c{TEXT_TITLES[self.key]}\u201d buku laporan RAT "
                                     "belum disimpan. Tutup tanpa menyimpan?", ok_text="Tutup tanpa menyimpan",
                                     cancel_text="Kembali"):
                event.ignore()
                return True
        return super().eventFilter(obj, event)

    def reload(self) -> None:
        """Read the year's texts on the worker; what is typed and not saved in the same year stays."""
        if self.year is None:
            return
        self._stale = False
        year = self.year
        keep = (self.key, self.editor.toPlainText()) if self.dirty() and self.data.year == year else None
        if self.data is None or self.data.year != year:
            self._explain(f"Menyiapkan teks buku laporan RAT tahun buku {year}...")
        s = self.session
        s.runner.run(read_texts, s.ws, year, parent=self, quiet=True,
                     on_success=lambda data: self._filled(data, keep))

    def _filled(self, data: BookTexts, keep: tuple[str, str] | None) -> None:
        if data.year != self.year:          # an older answer, for a meeting no longer shown
            return
        self.data = data
        if data.problem:
            self.key = None
            self.info.setText("")
            self._explain(data.problem)
            return
        self.stack.setCurrentWidget(self.body)
        self.preview_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self._mark_sections()
        key = keep[0] if keep else (self.key if self.key in TEXT_KEYS else TEXT_KEYS[0])
        self._show_section(key)
        if keep:
            self.editor.setPlainText(keep[1])    # still not saved: dirty

    def _mark_sections(self) -> None:
        for row, key in enumerate(TEXT_KEYS):
            item = self.sections.item(row, 1)
            edited = self.edited(key)
            item.setText(EDITED if edited else DEFAULT)
            item.setForeground(QBrush(QColor(ACCENT if edited else MUTED)))
            f = QFont(item.font())
            f.setBold(edited)
            item.setFont(f)
            self.sections.item(row, 0).setFont(f)
        self.sections.resizeRowsToContents()
        n = sum(self.edited(k) for k in TEXT_KEYS)
        paper = self.data.paper if self.data else "A4"
        self.info.setText(f"{n} dari {len(TEXT_KEYS)} bagian diubah pengurus; bagian lain memakai teks bawaan yang "
                          f"disusun dari angka tahun buku. Kertas {paper} (Pengaturan).")

    def _show_section(self, key: str) -> None:
        self.key = key
        row = TEXT_KEYS.index(key)
        self.sections.blockSignals(True)
        self.sections.setCurrentCell(row, 0)
        self.sections.blockSignals(False)
        self.section_title.setText(f"{row + 1}. {TEXT_TITLES[key]}")
        self.loaded_text = self.text_of(key)
        self.editor.blockSignals(True)
        self.editor.setPlainText(self.loaded_text)
        self.editor.blockSignals(False)
        self.editor.setReadOnly(not self.can_edit)
        show_problem(self.problem, "")
        self._update_state()

    def _update_state(self) -> None:
        key = self.key
        if key is None:
            return
        if self.edited(key):
            state = ("Teks ini diubah pengurus dan dicetak di buku. \u201cKembalikan ke teks bawaan\u201d memakai lagi "
                     "teks yang disusun dari angka tahun buku.")
        else:
            state = ("Teks bawaan, disusun dari angka tahun buku. Ubah sesuai keadaan koperasi lalu Simpan; paragraf "
                     "dipisah dengan satu baris kosong.")
        if not self.can_edit:
            state = ("Hanya baca: " + ("teks yang diubah pengurus." if self.edited(key) else "teks bawaan, disusun "
                                       "dari angka tahun buku."))
        if self.dirty():
            state = "Ada perubahan yang belum disimpan."
        self.section_state.setText(state)
        self.save_button.setEnabled(self.dirty())
        self.restore_button.setEnabled(self.edited(key) or self.dirty())

    def _text_changed(self) -> None:
        self._update_state()

    def _section_changed(self, row: int, _col: int, prev_row: int, _prev_col: int) -> None:
        if row < 0 or row == prev_row or self.data is None or self.data.problem:
            return
        key = TEXT_KEYS[row]
        if key == self.key:
            return
        if self.dirty() and not prompts().confirm(
                self, "Teks belum disimpan",
                f"Perubahan pada bagian \u201c{TEXT_TITLES[self.key]}\u201d belum disimpan. Pindah ke bagian "
                f"\u201c{TEXT_TITLES[key]}\u201d tanpa menyimpan?", ok_text="Pindah tanpa menyimpan",
                cancel_text="Kembali"):
            self.sections.blockSignals(True)
            self.sections.setCurrentCell(TEXT_KEYS.index(self.key), 0)
            self.sections.blockSignals(False)
            return
        self._show_section(key)

    # ------------------------------------------------------------------------------------------------ writing
    def _write(self, key: str, text: str, busy: str) -> None:
        s, year = self.session, self.year

        def write():
            rat_svc.save_text(s.ws, s.user, year, key, text)
            return {k: v for k, v in rat_svc.get_texts(s.ws, year).items() if k in TEXT_KEYS}

        def done(saved: dict[str, str]) -> None:
            if self.data is None or self.data.year != year:
                return
            self.data = BookTexts(year, defaults=self.data.defaults, saved=saved, paper=self.data.paper)
            self._mark_sections()
            if self.key == key:                  # the editor shows what is printed now; the cursor stays put
                pos = self.editor.textCursor().position()
                self._show_section(key)
                cursor = self.editor.textCursor()
                cursor.setPosition(min(pos, len(self.editor.toPlainText())))
                self.editor.setTextCursor(cursor)

        s.runner.run(write, parent=self, busy=busy, on_success=done,
                     on_error=lambda exc: show_problem(self.problem, getattr(exc, "message", "")))

    def save(self) -> None:
        if not self.dirty():
            return
        key, text = self.key, self.editor.toPlainText()
        if text.strip() == self.data.defaults.get(key, "").strip():
            text = ""                       # the default typed back: stays the default (follows the figures)
        if not text.strip() and not self.edited(key):
            self._show_section(key)          # nothing to save: the default was never replaced
            return
        self._write(key, text, "Menyimpan teks buku laporan RAT...")

    def restore_default(self) -> None:
        key = self.key
        if key is None or not self.can_edit:
            return
        if not self.edited(key):              # only typed, never saved: back to the default without asking twice
            if self.dirty() and prompts().confirm(self, "Kembalikan ke teks bawaan?",
                                                  f"Teks yang diketik pada bagian \u201c{TEXT_TITLES[key]}\u201d "
                                                  "dibuang dan diganti teks bawaan.", ok_text="Ya, kembalikan"):
                self._show_section(key)
            return
        if not prompts().confirm(self, "Kembalikan ke teks bawaan?",
                                 f"Teks bagian \u201c{TEXT_TITLES[key]}\u201d yang diubah pengurus dihapus; buku "
                                 "laporan RAT mencetak lagi teks bawaan yang disusun dari angka tahun buku "
                                 f"{self.year}.", ok_text="Ya, kembalikan"):
            return
        self._write(key, "", "Mengembalikan teks bawaan...")

    # ------------------------------------------------------------------------------------------------ the book
    def doc_name(self) -> tuple[str, str]:
        return (f"Buku Laporan RAT Tahun Buku {self.year}", f"buku-laporan-rat-{self.year}.pdf")

    def _build(self, then) -> None:
        if self.year is None or self.data is None or self.data.problem:
            return
        if self.dirty() and not prompts().confirm(
                self, "Teks belum disimpan", f"Perubahan pada bagian \u201c{TEXT_TITLES[self.key]}\u201d belum "
                "disimpan, jadi belum ikut tercetak. Susun buku dengan teks yang tersimpan?",
                ok_text="Susun buku", cancel_text="Kembali"):
            return
        s, year = self.session, self.year
        _title, name = self.doc_name()
        s.runner.run(build_book, s.ws, year, printing.temp_pdf(name), parent=self, cancellable=True,
                     busy=f"Menyusun buku laporan RAT tahun buku {year}...", on_success=then)

    def preview(self) -> None:
        title, name = self.doc_name()
        self._build(lambda path: printing.show_pdf(path, title, name, self))

    def save_pdf(self) -> None:
        if self.year is None or self.data is None or self.data.problem:
            return
        _title, name = self.doc_name()
        target = prompts().save_path(self, "Simpan PDF", str(Path.home() / name), "File PDF (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        self._build(lambda path: printing.save_copy(path, target, self))
