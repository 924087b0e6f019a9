"""Impor paket koperasi (Dinas side): a ``.kopdesk-paket`` is read and checked on the worker, then the officer sees
which registry cooperative it matches (or that a new one will be added), the field-by-field changes, what happens
to the RAT record and to the health assessment draft, and any warning; "Impor" applies it on the worker in one
transaction, "Batal" writes nothing. A damaged, changed or truncated package is refused in the dialog with the
service's message.

Also here: the main figures of a package stored for a year (``CoopYear.data``, see ``services.package.year_data``)
for the "Paket tahunan" tab, and the read-only "Lihat isi" dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.domain.package import EXTENSION
from kopdesk.services import package as package_svc
from kopdesk.ui.dialogs.base import FormDialog, section
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.dinas_common import write
from kopdesk.ui.session import Session
from kopdesk.ui.style import DANGER, WARN
from kopdesk.ui.widgets import facts_grid, hint_label

FILE_FILTER = f"Paket KopDesk (*{EXTENSION})"


def choose_package(parent: QWidget | None) -> str | None:
    return prompts().open_path(parent, "Pilih paket koperasi", str(Path.home()), FILE_FILTER)


# ------------------------------------------------------------------------------------------------ stored figures


def _get(data: Any, *keys: str | int) -> Any:
    """data[k1][k2]... or None when any step is missing (stored data of older or hand-made years)."""
    for k in keys:
        if isinstance(data, Mapping):
            data = data.get(k)
        elif isinstance(data, (list, tuple)) and isinstance(k, int) and -len(data) <= k < len(data):
            data = data[k]
        else:
            return None
    return data


def _date(v: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v) if isinstance(v, str) else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class YearFigures:
    """The main figures of one stored package (None: not in the data)."""

    year: int
    imported_at: str
    kopdesk_version: str
    seal: str
    created_at: str
    created_by: str
    total_assets: int | None
    shu: int | None
    members: int | None
    rat_date: dt.date | None
    rat_status: str

    @property
    def imported_text(self) -> str:
        d = _date(self.imported_at[:10])
        return f"{fmt.date_short(d)} {self.imported_at[11:16].replace(':', '.')}" if d else self.imported_at

    @property
    def seal_short(self) -> str:
        return f"{self.seal[:12]}…" if self.seal else "-"


def year_figures(cy) -> YearFigures:
    """The figures of a ``CoopYear`` (its ``data`` is the package content with the header under ``paket``)."""
    d = cy.data or {}
    head = _get(d, package_svc.HEADER_KEY) or {}
    rat = _get(d, "rat")
    shu = _get(d, "shu", "jumlah")
    if shu is None:
        shu = _get(d, "laporan_keuangan", "hasil_usaha", "angka", "shu_setelah_pajak")
    return YearFigures(
        year=cy.year, imported_at=cy.imported_at or "", kopdesk_version=_get(head, "versi_kopdesk") or "",
        seal=cy.package_sha256 or _get(head, "segel", "nilai") or "", created_at=_get(head, "dibuat_pada") or "",
        created_by=_get(head, "dibuat_oleh") or "",
        total_assets=_get(d, "laporan_keuangan", "posisi_keuangan", "jumlah_aset"), shu=shu,
        members=_get(d, "keanggotaan", "jumlah"),
        rat_date=_date(_get(rat, "tanggal")) if _get(rat, "status") == "selesai" else None,
        rat_status="" if rat is None else str(_get(rat, "status") or ""))


def seal_check(data: Mapping) -> str:
    """'' when the stored data still matches its seal; otherwise the service's Indonesian message."""
    try:
        package_svc.stored_package(data)
    except KopDeskError as exc:
        return exc.message
    return ""


# ------------------------------------------------------------------------------------------------ preview / import


def read_preview(ws, path: str):
    """On the worker: read, check and preview the package. A refusal is returned (shown in the dialog), not
    raised, so it does not also pop up the standard error box."""
    try:
        return package_svc.preview_import(ws, path)
    except ValidationError as exc:
        return exc


def _item(text: str) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setToolTip(text)
    return it


def _wrap(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class PackageImportDialog(FormDialog):
    """The preview of one package file and the import."""

    def __init__(self, session: Session, path: str | None = None, parent: QWidget | None = None):
        super().__init__("Impor paket koperasi", "Impor", parent)
        self.session = session
        self.preview: package_svc.ImportPreview | None = None
        self.refusal = ""
        self.result: package_svc.ImportResult | None = None
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose_button = QPushButton("Pilih file lain...")
        self.choose_button.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(QLabel("File paket"))
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)

        self.package_label = _wrap("", "hint")
        self.match_label = _wrap()
        self.match_label.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.refused_label = _wrap("", "error")
        self.refused_label.setStyleSheet(f"color: {DANGER}; font-weight: bold;")
        self.refused_label.hide()
        self.changes_title = section("Perubahan data registri")
        self.changes = QTableWidget(0, 3)
        self.changes.setHorizontalHeaderLabels(("Isian", "Nilai sekarang", "Nilai dari paket"))
        self.changes.verticalHeader().hide()
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes.setWordWrap(True)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes.setMinimumHeight(200)
        self.no_changes = hint_label("")
        self.outcome_title = section("Yang akan terjadi")
        self.rat_label = _wrap()
        self.health_label = _wrap()
        self.extra_label = _wrap()
        self.warnings_label = _wrap()
        self.warnings_label.setStyleSheet(f"color: {WARN}; font-weight: bold;")

        self.body.addLayout(row)
        self.body.addWidget(self.package_label)
        self.body.addWidget(self.refused_label)
        self.body.addWidget(self.match_label)
        self.body.addWidget(self.changes_title)
        self.body.addWidget(self.changes, 1)
        self.body.addWidget(self.no_changes)
        self.body.addWidget(self.outcome_title)
        self.body.addWidget(self.extra_label)
        self.body.addWidget(self.rat_label)
        self.body.addWidget(self.health_label)
        self.body.addWidget(self.warnings_label)
        self.body.addWidget(hint_label("Impor menyimpan semuanya sekaligus atau tidak sama sekali. \"Batal\" tidak "
                                       "mengubah apa pun."))
        self.resize_to_width(860)
        self._show()
        self.finish_layout()
        if path:
            self.load(path)

    # ---------------------------------------------------------------------------------------- reading

    def choose(self) -> None:
        path = choose_package(self)
        if path:
            self.load(path)

    def load(self, path: str) -> None:
        self.path.setText(path)
        self.preview, self.refusal = None, ""
        self._show()
        s = self.session
        s.runner.run(read_preview, s.ws, path, parent=self, busy="Memeriksa paket...", on_success=self._read)

    def _read(self, found) -> None:
        if isinstance(found, ValidationError):
            self.preview, self.refusal = None, "\n".join(found.problems)
        else:
            self.preview, self.refusal = found, ""
        self._show()
        self.validate()

    def _show(self) -> None:
        p = self.preview
        self.refused_label.setVisible(bool(self.refusal))
        again = "" if "ulang" in self.refusal else "\nMinta koperasi mengekspor dan mengirim ulang paketnya."
        self.refused_label.setText(("Paket ditolak, tidak ada yang disimpan:\n" + self.refusal + again)
                                   if self.refusal else "")
        self.cancel_button.setText("Batal" if p is not None and not p.already_imported else "Tutup")
        for w in (self.package_label, self.match_label, self.changes_title, self.changes, self.no_changes,
                  self.outcome_title, self.extra_label, self.rat_label, self.health_label, self.warnings_label):
            w.setVisible(p is not None)
        if p is None:
            self.changes.setRowCount(0)
            if not self.refusal:
                self.package_label.setText("")
            self.fit_height()
            return
        self.package_label.setText(p.lines()[0])
        if p.already_imported:
            self.match_label.setText(f"Paket ini sudah diimpor untuk {p.coop_name} ({p.coop_key}). Tidak ada "
                                     "perubahan; tidak ada yang perlu disimpan.")
            for w in (self.changes_title, self.changes, self.no_changes, self.outcome_title, self.extra_label,
                      self.rat_label, self.health_label, self.warnings_label):
                w.hide()
            self.fit_height()
            return
        if p.is_new:
            self.match_label.setText(f"Koperasi baru: {p.coop_name} belum ada di registri dan akan ditambahkan.")
            self.changes_title.setText("Data koperasi yang akan dicatat")
        else:
            self.match_label.setText(f"Cocok dengan {p.coop_name} ({p.coop_key}) berdasarkan {p.matched_by}.")
            self.changes_title.setText("Perubahan data registri")
        self.changes.setRowCount(len(p.changes))
        for i, c in enumerate(p.changes):
            self.changes.setItem(i, 0, _item(c.label))
            self.changes.setItem(i, 1, _item(c.current or ("(baru)" if p.is_new else "(kosong)")))
            new = _item(c.new or "(kosong)")
            font = new.font()
            font.setBold(True)
            new.setFont(font)
            self.changes.setItem(i, 2, new)
        self.changes.resizeRowsToContents()
        self.changes.setVisible(bool(p.changes))
        if not p.changes:
            self.no_changes.setText("Identitas, pengurus dan jumlah anggota tidak diubah oleh registri."
                                    if not p.updates_registry else "Data registri tidak berubah.")
        self.no_changes.setVisible(not p.changes)
        extra = []
        if p.replaces_year:
            extra.append(f"Data tahun buku {p.package.year} yang tersimpan dari paket lain akan diganti.")
        if not p.updates_registry:
            extra.append("Registri sudah memuat tahun buku yang lebih baru: identitas, pengurus dan jumlah anggota "
                         "tidak diubah.")
        extra.append(f"Data tahun buku {p.package.year} (laporan keuangan, simpanan, pinjaman, SHU) disimpan di "
                     "tab Paket tahunan koperasi ini.")
        self.extra_label.setText("• " + "\n• ".join(extra))
        self.rat_label.setText(f"• {p.rat}")
        self.health_label.setText(f"• {p.health}")
        self.warnings_label.setText("\n".join(f"Perhatian: {w}" for w in p.warnings))
        self.warnings_label.setVisible(bool(p.warnings))
        self.fit_height()

    # ---------------------------------------------------------------------------------------- importing

    def problems(self) -> list[str]:
        if self.refusal:
            return ["Paket ditolak; pilih file paket lain."]
        if self.preview is None:
            return ["Pilih file paket koperasi (.kopdesk-paket)."]
        if self.preview.already_imported:
            return ["Paket ini sudah diimpor; tidak ada perubahan."]
        return []

    def submit(self) -> None:
        if not self.validate():
            return
        s = self.session
        write(s, package_svc.import_package, s.ws, self.preview.package, s.user, parent=self,
              busy="Mengimpor paket...", on_success=self._imported, problems_label=self.problems_label,
              on_error=lambda _e: self.fit_height())

    def _imported(self, result: package_svc.ImportResult) -> None:
        self.result = result
        prompts().info(self, "Impor selesai", f"Paket {result.coop_name} tahun buku {result.year}:\n"
                       + "\n".join(f"• {m}" for m in result.messages))
        self.done_ok()


# ------------------------------------------------------------------------------------------------ Lihat isi


def _money_table(headers: tuple[str, ...], rows: list[tuple]) -> QTableWidget:
    """Read-only: the first column a label, the others rupiah (or counts, given as text) right-aligned."""
    t = QTableWidget(len(rows), len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    t.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    for r, row in enumerate(rows):
        bold = row[0].startswith("Jumlah") or row[0].startswith("SHU setelah")
        for c, v in enumerate(row):
            text = v if isinstance(v, str) else ("" if v is None else fmt.rupiah(v))
            it = QTableWidgetItem(text)
            if c:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                f = it.font()
                f.setBold(True)
                it.setFont(f)
            t.setItem(r, c, it)
    h = t.horizontalHeader()
    h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(headers)):
        h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    t.resizeRowsToContents()
    height = t.horizontalHeader().height() + sum(t.rowHeight(r) for r in range(len(rows))) + 4
    t.setFixedHeight(height)
    return t


SAVINGS_LABELS = {"pokok": "Simpanan pokok", "wajib": "Simpanan wajib", "sukarela": "Simpanan sukarela",
                  "berjangka": "Simpanan berjangka"}
PHU_ROWS = (("partisipasi_bruto", "Partisipasi bruto"), ("partisipasi_neto", "Partisipasi neto"),
            ("pendapatan_non_anggota", "Pendapatan dari non-anggota"), ("shu_kotor", "SHU kotor"),
            ("beban_usaha", "Beban usaha"), ("shu_usaha", "SHU usaha"), ("beban_perkoperasian", "Beban perkoperasian"),
            ("shu_sebelum_pajak", "SHU sebelum pajak"), ("pajak", "Pajak penghasilan"),
            ("shu_setelah_pajak", "SHU setelah pajak"))


def content_sections(data: Mapping, year: int) -> list[tuple[str, tuple[str, ...], list[tuple]]]:
    """(title, column headers, rows) of the main figures of a stored package: neraca and PHU totals, savings by
    type, loans by collectibility. Missing parts are left out."""
    now, before = f"{year}", f"{year - 1}"
    out = []
    bs = _get(data, "laporan_keuangan", "posisi_keuangan")
    if isinstance(bs, Mapping):
        out.append(("Laporan posisi keuangan (neraca)", ("Pos", now, before), [
            ("Jumlah aset", bs.get("jumlah_aset"), bs.get("pembanding_jumlah_aset")),
            ("Liabilitas", bs.get("jumlah_liabilitas"), bs.get("pembanding_jumlah_liabilitas")),
            ("Ekuitas", bs.get("jumlah_ekuitas"), bs.get("pembanding_jumlah_ekuitas")),
            ("Jumlah liabilitas dan ekuitas", _sum(bs.get("jumlah_liabilitas"), bs.get("jumlah_ekuitas")),
             _sum(bs.get("pembanding_jumlah_liabilitas"), bs.get("pembanding_jumlah_ekuitas")))]))
    phu = _get(data, "laporan_keuangan", "hasil_usaha")
    if isinstance(phu, Mapping) and isinstance(phu.get("angka"), Mapping):
        cur, prior = phu["angka"], phu.get("pembanding") or {}
        out.append(("Perhitungan hasil usaha", ("Pos", now, before),
                    [(label, cur.get(k), prior.get(k)) for k, label in PHU_ROWS if k in cur]))
    sv = _get(data, "simpanan")
    if isinstance(sv, Mapping) and isinstance(sv.get("per_jenis"), Mapping):
        kinds = [k for k in SAVINGS_LABELS if k in sv["per_jenis"]] + sorted(
            k for k in sv["per_jenis"] if k not in SAVINGS_LABELS)
        prior = sv.get("pembanding_per_jenis") or {}
        out.append(("Simpanan anggota", ("Jenis", now, before),
                    [(SAVINGS_LABELS.get(k, k.capitalize()), sv["per_jenis"][k], prior.get(k)) for k in kinds]
                    + [("Jumlah simpanan", sv.get("jumlah"), sv.get("pembanding_jumlah"))]))
    loans = _get(data, "kolektibilitas", "tahun_ini")
    if isinstance(loans, Mapping):
        rows = [(c.get("uraian", ""), fmt.number(c.get("jumlah_pinjaman")), c.get("pokok_beredar"),
                 _rate(c.get("tarif_ppap")), c.get("ppap")) for c in loans.get("kelas") or ()]
        rows.append(("Jumlah", fmt.number(sum(c.get("jumlah_pinjaman") or 0
                                                                for c in loans.get("kelas") or ())),
                     loans.get("pokok_beredar"), "", loans.get("ppap_dibutuhkan")))
        rows.append(("PPAP dibukukan", "", None, "", loans.get("ppap_dibukukan")))
        out.append(("Pinjaman dan kolektibilitas", ("Kolektibilitas", "Pinjaman", "Sisa pokok", "Tarif PPAP",
                                                    "PPAP"), rows))
    return out


def _sum(a, b):
    return None if a is None or b is None else a + b


def _rate(v) -> str:
    if v in (None, ""):
        return ""
    try:   # the package holds the rate as a percentage: "0.5" is 0,5%
        return f"{Decimal(v).normalize():f}".replace(".", ",") + "%"
    except (ArithmeticError, ValueError):
        return str(v)


class PackageContentDialog(QDialog):
    """Lihat isi: the main figures a cooperative sent for one year, read-only, with its seal checked again."""

    def __init__(self, coop_name: str, cy, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Isi paket {coop_name} tahun buku {cy.year}")
        f = year_figures(cy)
        problem = seal_check(cy.data)
        lay = QVBoxLayout(self)
        title = QLabel(f"{coop_name} · tahun buku {cy.year}")
        title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        lay.addWidget(title)
        made = _date(f.created_at[:10])
        facts = [("Dikirim", (f"{fmt.date_long(made)} oleh {f.created_by or '-'}" if made else "-")
                  + (f" (KopDesk {f.kopdesk_version})" if f.kopdesk_version else "")),
                 ("Diimpor", f.imported_text or "-"),
                 ("Anggota", fmt.number(f.members) if f.members is not None else "-"),
                 ("RAT", fmt.date_long(f.rat_date) if f.rat_date else "Belum diadakan / tidak ada data")]
        grid, _labels = facts_grid([(k, k) for k, _v in facts], dict(facts))
        lay.addLayout(grid)
        self.seal_label = _wrap(f"Segel sha256 {f.seal[:16]}… cocok dengan isinya." if not problem
                                else problem)
        self.seal_label.setStyleSheet("color: #1e7b34;" if not problem else f"color: {DANGER}; font-weight: bold;")
        lay.addWidget(self.seal_label)
        self.tables: dict[str, QTableWidget] = {}
        parts = content_sections(cy.data, cy.year)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        for i, (name, headers, rows) in enumerate(parts):
            t = _money_table(headers, rows)
            self.tables[name] = t
            target = left if i % 2 == 0 else right
            target.addWidget(section(name))
            target.addWidget(t)
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        if not parts:
            lay.addWidget(hint_label("Data tahun ini tidak memuat laporan keuangan."))
        lay.addLayout(columns, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(1100, 640)


__all__ = ["PackageContentDialog", "PackageImportDialog", "YearFigures", "choose_package", "content_sections",
           "year_figures"]
