"""Tutup buku, in two pages. 1: the year's months (closed or not), with "Tutup bulan yang masih terbuka" (each month
through ``closing.close_month``, in order, with progress). 2: ``closing.closing_preview``: problems in red block the
finish, warnings in amber, the PHU summary, the closing journal and the SHU split; "Tutup buku tahun 2025" asks once,
runs ``closing.close_year`` and shows the result."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.coop import MONTHS_ID
from kopdesk.domain.users import Perm
from kopdesk.services import closing as closing_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.runner import Progress
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import error_label, hint_label, show_problem, warning_label


def close_months(ws, months, by):
    """A generator for the runner: close each month in order, reporting progress."""
    done = []
    for i, (y, m) in enumerate(months):
        yield Progress(i, len(months), f"Menutup bulan {MONTHS_ID[m - 1]} {y}...")
        done.append(closing_svc.close_month(ws, y, m, by))
    from kopdesk.domain.changes import Changes

    changes = Changes()
    for r in done:
        changes = changes | r.changes
    return tuple(done), changes


class YearEndDialog(QDialog):
    def __init__(self, session, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Tutup buku")
        self.resize(900, 620)
        self.preview: closing_svc.ClosingPreview | None = None
        self.result = None
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(year)
        self.year.valueChanged.connect(lambda _v: self.show_months())
        self.stack = QStackedWidget()
        # page 1: months
        self.months_table = SearchableTable([
            Column("Bulan", lambda s: f"{MONTHS_ID[s.month - 1]} {s.year}", width=-1),
            Column("Status", lambda s: "Ditutup" if s.closed else "Masih terbuka", width=130,
                   color=lambda s: None if s.closed else "#8a5a00"),
            Column("Jasa simpanan", lambda s: "Sudah" if s.jasa_posted else "Belum", width=120),
            Column("PPAP", lambda s: s.ppap_journal or "Belum", width=160),
        ], searchable=False, footer=False)
        self.months_table.export_button.hide()
        self.months_info = QLabel()
        self.months_info.setWordWrap(True)
        self.close_months_button = QPushButton("Tutup bulan yang masih terbuka")
        self.close_months_button.clicked.connect(self.close_open_months)
        p1 = QWidget()
        l1 = QVBoxLayout(p1)
        l1.setContentsMargins(0, 0, 0, 0)
        l1.addWidget(hint_label("Langkah 1 dari 2. Tutup bulan membukukan jasa simpanan dan PPAP bulan itu lalu "
                                "mengunci bukunya. Bulan yang masih terbuka boleh juga ditutup bersama tutup buku."))
        l1.addWidget(self.months_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.months_info, 1)
        row.addWidget(self.close_months_button)
        l1.addLayout(row)
        # page 2: the preview
        self.problems = error_label()
        self.warnings = warning_label()
        self.with_months = QCheckBox("Tutup juga bulan yang masih terbuka (jasa simpanan, PPAP, kunci) dalam "
                                     "transaksi yang sama")
        self.with_months.toggled.connect(lambda _c: self.show_preview())
        self.phu = QLabel()
        self.phu.setWordWrap(True)
        self.lines_table = SearchableTable([
            Column("Akun", lambda x: f"{x.account_code} {x.account_name}", width=-1),
            Column("Debit", lambda x: x.debit, "money", total=True, width=140),
            Column("Kredit", lambda x: x.credit, "money", total=True, width=140),
        ], searchable=False)
        self.lines_table.export_button.hide()
        p2 = QWidget()
        l2 = QVBoxLayout(p2)
        l2.setContentsMargins(0, 0, 0, 0)
        l2.addWidget(hint_label("Langkah 2 dari 2. Pemeriksaan dan jurnal penutup: semua akun pendapatan dan beban "
                                "ditutup ke SHU tahun berjalan, lalu tahun buku dikunci."))
        l2.addWidget(self.problems)
        l2.addWidget(self.warnings)
        l2.addWidget(self.with_months)
        l2.addWidget(self.phu)
        l2.addWidget(QLabel("<b>Jurnal penutup</b>"))
        l2.addWidget(self.lines_table, 1)
        self.stack.addWidget(p1)
        self.stack.addWidget(p2)
        self.back_button = QPushButton("< Kembali")
        self.back_button.clicked.connect(lambda: self.go(0))
        self.next_button = QPushButton("Lanjut >")
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(lambda: self.go(1))
        self.finish_button = QPushButton("Tutup buku")
        self.finish_button.setObjectName("primary")
        self.finish_button.clicked.connect(self.finish)
        cancel = QPushButton("Batal")
        cancel.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun buku"))
        top.addWidget(self.year)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.next_button)
        bottom.addWidget(self.finish_button)
        bottom.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.stack, 1)
        lay.addLayout(bottom)
        self.go(0)

    @property
    def ws(self):
        return self.session.ws

    def go(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.back_button.setVisible(page == 1)
        self.next_button.setVisible(page == 0)
        self.finish_button.setVisible(page == 1)
        self.year.setEnabled(page == 0)
        if page == 0:
            self.show_months()
        else:
            self.with_months.blockSignals(True)
            self.with_months.setChecked(bool(self.open_months()))
            self.with_months.blockSignals(False)
            self.show_preview()

    def open_months(self):
        return [(s.year, s.month) for s in closing_svc.months_status(self.ws, self.year.value()) if not s.closed]

    def show_months(self) -> None:
        status = closing_svc.months_status(self.ws, self.year.value())
        self.months_table.set_records(list(status))
        today = self.session.today()
        open_ = [s for s in status if not s.closed]
        ended = [s for s in open_ if s.period_end < today]
        if closing_svc.is_closed(self.ws, self.year.value()):
            text = f"Tahun buku {self.year.value()} sudah ditutup."
        elif not open_:
            text = "Semua bulan sudah ditutup."
        else:
            text = f"{len(open_)} bulan masih terbuka" + (f", {len(ended)} di antaranya sudah berakhir." if ended
                                                          else "; belum ada yang berakhir.")
        self.months_info.setText(text)
        self.close_months_button.setEnabled(bool(ended))
        self.close_months_button.setVisible(self.session.can(Perm.POST))

    def close_open_months(self) -> None:
        today = self.session.today()
        months = [(s.year, s.month) for s in closing_svc.months_status(self.ws, self.year.value())
                  if not s.closed and s.period_end < today]
        if not months or not prompts().confirm(
                self, "Tutup bulan?", f"{len(months)} bulan ditutup satu per satu, mulai {MONTHS_ID[months[0][1] - 1]}"
                f" {months[0][0]}: jasa simpanan dan PPAP dibukukan, lalu buku bulan itu dikunci.",
                ok_text="Ya, tutup bulan"):
            return
        s = self.session
        s.runner.run(close_months, s.ws, months, s.user, parent=self, busy="Menutup bulan...",
                     on_success=lambda _r: self.show_months(), on_error=lambda _e: self.show_months())

    def show_preview(self) -> None:
        p = closing_svc.closing_preview(self.ws, self.year.value(), close_open_months=self.with_months.isChecked())
        self.preview = p
        self.with_months.setVisible(bool(p.open_months) or self.with_months.isChecked())
        show_problem(self.problems, "\n".join(f"• {x}" for x in p.problems))
        show_problem(self.warnings, "\n".join(f"• {x}" for x in p.warnings))
        f = p.income_statement.current
        self.phu.setText(
            f"<b>Perhitungan hasil usaha {p.year}</b>: pendapatan {fmt.rupiah(f.total_pendapatan)}; "
            f"SHU sebelum pajak {fmt.rupiah(f.shu_sebelum_pajak)}; <b>SHU setelah pajak {fmt.rupiah(p.shu)}</b>"
            f"<br>Bagian anggota {fmt.rupiah(p.shu_member)} · bagian non-anggota {fmt.rupiah(p.shu_non_member)}")
        self.lines_table.set_records(list(p.lines))
        self.finish_button.setText(f"Tutup buku tahun {p.year}")
        self.finish_button.setEnabled(p.ok)

    def finish(self) -> None:
        p = self.preview
        if p is None or not p.ok:
            return
        months = f"\n{len(p.open_months)} bulan yang masih terbuka ikut ditutup." if self.with_months.isChecked() \
            and p.open_months else ""
        if not prompts().confirm(self, f"Tutup buku tahun {p.year}?",
                                 f"Pendapatan dan beban tahun {p.year} ditutup ke SHU tahun berjalan "
                                 f"({fmt.rupiah(p.shu)}: anggota {fmt.rupiah(p.shu_member)}, non-anggota "
                                 f"{fmt.rupiah(p.shu_non_member)}), lalu tahun buku dikunci.{months}\n"
                                 "Sesudahnya tidak ada transaksi yang bisa dibukukan pada tahun itu.",
                                 ok_text=f"Ya, tutup buku {p.year}"):
            return
        s = self.session
        s.runner.run(closing_svc.close_year, s.ws, p.year, s.user, close_open_months=self.with_months.isChecked(),
                     parent=self, busy=f"Menutup buku tahun {p.year}...", on_success=self._closed)

    def _closed(self, result) -> None:
        self.result = result
        c = result.closing
        prompts().info(self, "Tutup buku selesai",
                       f"Tahun buku {c.year} ditutup" + (f" dengan jurnal {c.journal_number}" if c.journal_number
                                                         else "") + f". SHU setelah pajak {fmt.rupiah(c.shu)}.\n"
                       "Langkah berikutnya: pembagian SHU sesudah RAT (tab Pembagian SHU).")
        self.accept()
