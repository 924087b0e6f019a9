"""Tutup Buku & SHU > Pembagian SHU: for a closed year, the allocation (percent per pool, must total 100 %), the
bases, rounding and eligibility settings, the preview per member with the pools and rates, then (after the RAT)
Setujui, Bukukan (the journal lines shown first) and Bayarkan (tunai or ke simpanan sukarela; all unpaid or the
selected members). The daftar SHU and a member's slip print from here; read-only users see no action buttons."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.errors import KopDeskError
from kopdesk.domain.statements import (
    POOL_LABELS,
    ROUNDINGS,
    SAVINGS_KINDS_FOR_SHU,
    ResidueTarget,
    SavingsBasis,
    ShuSettings,
    TransactionsBasis,
)
from kopdesk.domain.users import Perm
from kopdesk.services import closing as closing_svc
from kopdesk.services import shu as shu_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import WARN
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import DateEdit, error_label, hint_label, show_problem, warning_label

STATUS_TEXT = {"pratinjau": "Pratinjau (belum disetujui RAT)", "disetujui": "Disetujui, belum dibukukan",
               "dibukukan": "Dibukukan"}
KIND_LABELS = {"pokok": "Simpanan pokok", "wajib": "Simpanan wajib", "sukarela": "Simpanan sukarela",
               "khusus": "Simpanan khusus"}
PAID_TEXT = {"tunai": "Tunai", "sukarela": "Ke sukarela", "dibatalkan": "Dibatalkan"}
BATCH_STATE = {"berlaku": "", "dibatalkan sebagian": " (sebagian dibatalkan)", "dibatalkan": " (dibatalkan)"}


def paid_cell(r) -> str:
    """The Dibayar column: how it was paid, "Dibatalkan" once its payment was reversed (unpaid again); a share
    paid again after a reversal says so."""
    text = PAID_TEXT.get(r.paid_state, "")
    return f"{text} (ulang)" if r.paid and r.reversed_count else text


def posting_preview(ws, year: int) -> list[tuple[str, int, int, str]]:
    """The SHU journal as ``post`` will book it: (account, debit, credit, memo)."""
    return [(x.account, x.debit, x.credit, x.memo) for x in shu_svc.posting_preview(ws, year)]


class AllocationEditor(QFrame):
    """A percent per pool with the live total; Simpan only when the total is exactly 100 %."""

    def __init__(self, screen: ShuScreen):
        super().__init__()
        self.screen = screen
        self.setObjectName("card")
        self.spins: dict[str, QDoubleSpinBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for row, (key, label) in enumerate(POOL_LABELS.items()):
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(2)
            spin.setSuffix(" %")
            spin.setMaximumWidth(88)
            spin.valueChanged.connect(self._changed)
            self.spins[key] = spin
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(spin, row, 1)
        self.total = QLabel()
        self.problem = error_label()
        self.source = hint_label("")
        self.save_button = QPushButton("Simpan alokasi")
        self.save_button.clicked.connect(self.save)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        title = QLabel("<b>Alokasi SHU</b> (dari SHU setelah pajak)")
        lay.addWidget(title)
        lay.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.total, 1)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        lay.addWidget(self.problem)
        lay.addWidget(self.source)

    def set_allocation(self, alloc: shu_svc.ShuAllocation, editable: bool) -> None:
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(float(alloc.percentages.get(key, Decimal(0))))
            spin.setEnabled(editable)
            spin.blockSignals(False)
        self.source.setText("Belum ditetapkan untuk tahun ini: nilai dari AD/ART." if alloc.from_adart
                            else "Ditetapkan untuk tahun buku ini.")
        self.save_button.setVisible(editable and self.screen.session.can(Perm.PROFILE))
        self._changed()

    def values(self) -> dict[str, Decimal]:
        return {k: Decimal(str(round(s.value(), 2))) for k, s in self.spins.items() if s.value()}

    def total_value(self) -> Decimal:
        return sum(self.values().values(), Decimal(0))

    def _changed(self, *_):
        total = self.total_value()
        self.total.setText(f"Jumlah: <b>{fmt.percent(total, 2)}</b>")
        ok = total == 100
        show_problem(self.problem, "" if ok else f"Jumlah alokasi harus 100% (sekarang {fmt.percent(total, 2)}).")
        self.save_button.setEnabled(ok)

    def save(self) -> None:
        if self.total_value() != 100:
            return
        s = self.screen.session
        s.runner.run(shu_svc.set_allocation, s.ws, self.screen.year(), self.values(), s.user, parent=self,
                     busy="Menyimpan alokasi SHU...", on_success=lambda _r: self.screen.reload())


class SettingsEditor(QFrame):
    """Bases, rounding and eligibility (ShuSettings; saved for every year not yet approved)."""

    def __init__(self, screen: ShuScreen):
        super().__init__()
        self.screen = screen
        self.setObjectName("card")
        self.savings_basis = QComboBox()
        for b in SavingsBasis:
            self.savings_basis.addItem(b.label, b)
        self.kinds = {k: QCheckBox(KIND_LABELS.get(k, k).replace("Simpanan ", "")) for k in SAVINGS_KINDS_FOR_SHU}
        kinds = QGridLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.kinds.values()):
            kinds.addWidget(box, i // 2, i % 2)
        self.transactions_basis = QComboBox()
        for b in TransactionsBasis:
            self.transactions_basis.addItem(b.label, b)
        for box in (self.savings_basis, self.transactions_basis):
            box.setMinimumContentsLength(11)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setToolTip("Lihat pilihan lengkapnya di daftar")
        self.rounding = QComboBox()
        for r in ROUNDINGS:
            self.rounding.addItem(fmt.rupiah(r), r)
        self.residue = QComboBox()
        self.residue.addItem("Dana sosial", ResidueTarget.DANA_SOSIAL)
        self.residue.addItem("Cadangan", ResidueTarget.CADANGAN)
        self.include_leavers = QCheckBox("Anggota yang keluar tahun ini ikut menerima")
        self.prorate = QCheckBox("Jasa modal anggota baru sebanding lama jadi anggota")
        self.problem = error_label()
        self.save_button = QPushButton("Simpan pengaturan")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(3)
        form.addRow("Dasar jasa modal", self.savings_basis)
        form.addRow("Simpanan", kinds)
        form.addRow("Dasar jasa usaha", self.transactions_basis)
        rr = QHBoxLayout()
        rr.addWidget(self.rounding)
        rr.addWidget(QLabel("sisa ke"))
        rr.addWidget(self.residue)
        rr.addStretch(1)
        form.addRow("Pembulatan", rr)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(QLabel("<b>Dasar pembagian</b>"))
        lay.addLayout(form)
        lay.addWidget(self.include_leavers)
        lay.addWidget(self.prorate)
        row = QHBoxLayout()
        row.addWidget(self.problem, 1)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        for box in self.kinds.values():
            box.toggled.connect(self._changed)
        self._settings: ShuSettings | None = None

    def set_settings(self, s: ShuSettings, editable: bool) -> None:
        self._settings = s
        self.savings_basis.setCurrentIndex(self.savings_basis.findData(s.savings_basis))
        for k, box in self.kinds.items():
            box.setChecked(k in s.savings_kinds)
        self.transactions_basis.setCurrentIndex(self.transactions_basis.findData(s.transactions_basis))
        self.rounding.setCurrentIndex(max(self.rounding.findData(s.rounding), 0))
        self.residue.setCurrentIndex(self.residue.findData(s.residue_to))
        self.include_leavers.setChecked(s.include_leavers)
        self.prorate.setChecked(s.prorate_joiners)
        for w in (self.savings_basis, self.transactions_basis, self.rounding, self.residue, self.include_leavers,
                  self.prorate, *self.kinds.values()):
            w.setEnabled(editable)
        self.save_button.setVisible(editable and self.screen.session.can(Perm.PROFILE))
        self._changed()

    def value(self) -> ShuSettings:
        from dataclasses import replace

        return replace(self._settings or ShuSettings(), savings_basis=self.savings_basis.currentData(),
                       savings_kinds=tuple(k for k, b in self.kinds.items() if b.isChecked()),
                       transactions_basis=self.transactions_basis.currentData(), rounding=self.rounding.currentData(),
                       residue_to=self.residue.currentData(), include_leavers=self.include_leavers.isChecked(),
                       prorate_joiners=self.prorate.isChecked())

    def _changed(self, *_):
        none = not any(b.isChecked() for b in self.kinds.values())
        show_problem(self.problem, "Pilih paling sedikit satu jenis simpanan." if none else "")
        self.save_button.setEnabled(not none)

    def save(self) -> None:
        s = self.screen.session
        s.runner.run(shu_svc.save_settings, s.ws, self.value(), s.user, parent=self,
                     busy="Menyimpan pengaturan SHU...", on_success=lambda _r: self.screen.reload())


class ReversePayoutDialog(FormDialog):
    """Batalkan pembayaran SHU: the members selected in the list (paid ones) or one payment journal, the date and
    the reason; the journal(s) that will be booked are shown before the button is pressed, then confirmed."""

    def __init__(self, screen: ShuScreen, year: int, rows: list, batches: list[shu_svc.PayoutBatch]):
        super().__init__(f"Batalkan pembayaran SHU tahun buku {year}", "Batalkan pembayaran...", screen)
        self.screen, self.session, self.year = screen, screen.session, year
        self.result = None
        self.target = QComboBox()
        if rows:
            names = ", ".join(f"{r.number} {r.name}" for r in rows[:3]) + (" ..." if len(rows) > 3 else "")
            self.target.addItem(f"Anggota yang dipilih: {len(rows)} anggota, {fmt.rupiah(sum(r.total for r in rows))}"
                                f" ({names})", ("members", [r.member_id for r in rows]))
        for b in batches:
            if b.state == "dibatalkan":
                continue
            method = PAID_TEXT.get(b.method, b.method)
            left = b.members - b.reversed_members
            self.target.addItem(f"Jurnal {b.journal_number}, {fmt.date_short(b.paid_on)}, {method.lower()}: "
                                f"{left} anggota, {fmt.rupiah(b.total - b.reversed_total)}"
                                f"{BATCH_STATE[b.state]}", ("journal", b.journal_id))
        self.target.setMinimumContentsLength(40)
        self.date = DateEdit(max(self.session.today(), screen.pay_date.value()))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. salah cara bayar; uang dikembalikan anggota")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("card")
        self.preview.setMinimumHeight(90)
        form = QFormLayout()
        form.addRow("Yang dibatalkan", self.target)
        form.addRow("Tanggal pembatalan", self.date)
        form.addRow("Alasan *", self.reason)
        self.body.addLayout(form)
        self.body.addWidget(QLabel("<b>Jurnal yang akan dibukukan</b>"))
        self.body.addWidget(self.preview)
        self.body.addWidget(hint_label("Pembayaran lama tetap tercatat bersama pembatalannya; bagian SHU anggota "
                                       "kembali belum dibayar dan bisa dibayarkan lagi. SHU yang dikreditkan ke "
                                       "simpanan sukarela ditarik kembali dari simpanannya."))
        self._plan: list | None = None
        self._plan_problems: list[str] = []
        self._plan_key = None
        self.target.currentIndexChanged.connect(self.mark_dirty)
        self.date.dateChanged.connect(self.mark_dirty)
        self.reason.textChanged.connect(self.mark_dirty)
        self.resize_to_width(640)
        self.finish_layout()

    def choice(self) -> dict:
        kind, value = self.target.currentData() or ("members", [])
        return {"member_ids": value} if kind == "members" else {"journal_id": value}

    def _refresh_plan(self) -> None:
        key = (self.target.currentIndex(), self.date.value())
        if key == self._plan_key:
            return
        self._plan_key = key
        try:
            self._plan = shu_svc.reversal_preview(self.session.ws, self.year, on=self.date.value(), **self.choice())
            self._plan_problems = []
        except KopDeskError as exc:
            self._plan, self._plan_problems = None, list(getattr(exc, "problems", None) or [exc.message])
        if self._plan:
            parts = []
            for j in self._plan:
                kind = "jurnal pembalik" if j.whole else "pembatalan sebagian"
                rows = "".join(f"<tr><td>{'Debit' if x.debit else 'Kredit'}&nbsp;&nbsp;</td><td>{x.account}</td>"
                               f"<td align='right'>&nbsp;&nbsp;{fmt.rupiah(x.debit or x.credit)}</td></tr>"
                               for x in sorted(j.posting, key=lambda x: x.credit > 0))
                members = ", ".join(p.name for p in j.payouts[:4]) + (" ..." if len(j.payouts) > 4 else "")
                parts.append(f"Dari {j.original_number} ({kind}), {len(j.payouts)} anggota: {members}"
                             f"<table>{rows}</table>")
            self.preview.setText("<br>".join(parts))
        else:
            self.preview.setText("<i>Tidak ada jurnal: " + " ".join(self._plan_problems) + "</i>")

    def problems(self) -> list[str]:
        self._refresh_plan()
        out = list(self._plan_problems)
        if not self.reason.text().strip():
            out.insert(0, "Alasan pembatalan pembayaran SHU wajib diisi.")
        return out

    def validate(self) -> bool:
        ok = super().validate()
        if self._plan_problems:   # a refusal (e.g. sukarela already withdrawn) is said at once, not after typing
            show_problem(self.problems_label, " ".join(self._plan_problems))
        return ok

    def submit(self) -> None:
        self._dirty = True
        if not self.validate() or not self._plan:
            return
        total = sum(j.total for j in self._plan)
        count = sum(len(j.payouts) for j in self._plan)
        on, reason = self.date.value(), self.reason.text().strip()
        lines = "\n".join(f"{'Debit ' if x.debit else 'Kredit'}  {x.account}: {fmt.rupiah(x.debit or x.credit)}"
                          for j in self._plan for x in sorted(j.posting, key=lambda x: x.credit > 0))
        if not prompts().confirm(self, "Batalkan pembayaran SHU?",
                                 f"Pembayaran SHU {count} anggota, jumlah {fmt.rupiah(total)}, dibatalkan per "
                                 f"{fmt.date_long(on)} dengan alasan: {reason}.\n{lines}",
                                 ok_text="Ya, batalkan pembayaran"):
            return
        s = self.session

        def done(result) -> None:
            self.result = result
            self.done_ok()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KopDeskError):
                show_problem(self.problems_label, " ".join(getattr(exc, "problems", None) or [exc.message]))

        s.runner.run(shu_svc.reverse_payout, s.ws, self.year, s.user, on=on, reason=reason, parent=self,
                     busy="Membatalkan pembayaran SHU...", on_success=done, on_error=failed, refusal_in_place=True,
                     **self.choice())


class ShuScreen(Screen):
    title = "Pembagian SHU"
    flags = ("ledger", "members", "settings", "periods")

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.list: shu_svc.ShuList | None = None
        self.problem_text = ""
        today = session.today()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(today.year - 1)
        self.year_spin.valueChanged.connect(lambda _v: self.reload())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problem = warning_label()
        self.allocation = AllocationEditor(self)
        self.settings = SettingsEditor(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = SearchableTable([
            Column("Nomor", lambda r: r.number, width=64),
            Column("Nama", lambda r: r.name, width=-1),
            Column("Simpanan", lambda r: r.savings, "money", total=True, width=104),
            Column("Transaksi", lambda r: r.transactions, "money", total=True, width=100),
            Column("Jasa modal", lambda r: r.jasa_modal, "money", total=True, width=92),
            Column("Jasa usaha", lambda r: r.jasa_usaha, "money", total=True, width=92),
            Column("Jumlah SHU", lambda r: r.total, "money", total=True, width=100),
            Column("Dibayar", paid_cell, width=104,
                   color=lambda r: WARN if r.paid_state == "dibatalkan" else None),
        ], export_name="daftar-shu", search_placeholder="Cari nama atau nomor anggota")
        self.table.view.setSelectionMode(self.table.view.SelectionMode.ExtendedSelection)
        # actions (hidden for read-only users)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("No. keputusan RAT, mis. 03/RAT/2026")
        self.approve_button = QPushButton("Setujui (keputusan RAT)")
        self.approve_button.clicked.connect(self.approve)
        self.cancel_button = QPushButton("Batalkan persetujuan")
        self.cancel_button.clicked.connect(self.cancel_approval)
        self.post_date = DateEdit(today)
        self.post_button = QPushButton("Bukukan SHU...")
        self.post_button.clicked.connect(self.post)
        self.pay_date = DateEdit(today)
        self.pay_method = QComboBox()
        self.pay_method.addItem("Ke sukarela", "sukarela")
        self.pay_method.addItem("Tunai", "tunai")
        self.pay_selected = QCheckBox("Hanya yang dipilih")
        self.pay_button = QPushButton("Bayarkan...")
        self.pay_button.clicked.connect(self.pay)
        self.reverse_button = QPushButton("Batalkan pembayaran...")
        self.reverse_button.setToolTip("Batalkan pembayaran SHU anggota yang dipilih di daftar, atau satu jurnal "
                                       "pembayaran")
        self.reverse_button.clicked.connect(self.reverse_payout)
        self.reverse_dialog: ReversePayoutDialog | None = None
        self.print_button = QPushButton("Cetak daftar SHU")
        self.print_button.clicked.connect(self.print_list)
        self.slip_button = QPushButton("Slip anggota")
        self.slip_button.clicked.connect(self.print_slip)
        self.excel_button = QPushButton("Ekspor Excel")
        self.excel_button.clicked.connect(self.export_excel)
        self.table.export_button.hide()
        self.table.toolbar.addWidget(self.print_button)
        self.table.toolbar.addWidget(self.slip_button)
        self.table.toolbar.addWidget(self.excel_button)

        actions = QTabWidget()
        actions.setDocumentMode(True)
        a1, a2, a3 = QWidget(), QWidget(), QWidget()
        l1 = QHBoxLayout(a1)
        l1.addWidget(QLabel("Keputusan RAT"))
        l1.addWidget(self.decision, 1)
        l1.addWidget(self.approve_button)
        l1.addWidget(self.cancel_button)
        l2 = QHBoxLayout(a2)
        l2.addWidget(QLabel("Tanggal pembukuan (tanggal RAT)"))
        l2.addWidget(self.post_date)
        l2.addWidget(self.post_button)
        l2.addStretch(1)
        l3 = QHBoxLayout(a3)
        l3.addWidget(QLabel("Tanggal"))
        l3.addWidget(self.pay_date)
        l3.addWidget(self.pay_method)
        l3.addWidget(self.pay_selected)
        l3.addWidget(self.pay_button)
        l3.addStretch(1)
        l3.addWidget(self.reverse_button)
        for w in (a1, a2, a3):
            w.layout().setContentsMargins(4, 4, 4, 4)
        actions.addTab(a1, "1. Setujui")
        actions.addTab(a2, "2. Bukukan")
        actions.addTab(a3, "3. Bayarkan")
        self.actions = actions
        actions.setVisible(session.can(Perm.POST) or session.can(Perm.PERIODS))
        actions.setMaximumHeight(84)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.allocation)
        ll.addWidget(self.settings)
        ll.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedWidth(372)
        scroll.setHorizontalScrollBarPolicy(scroll.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        scroll.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)

        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        right.addWidget(actions)
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun buku"))
        top.addWidget(self.year_spin)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        body = QHBoxLayout()
        body.addWidget(scroll)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.problem)
        lay.addLayout(body, 1)

    def year(self) -> int:
        return self.year_spin.value()

    def load(self) -> None:
        self.reload()

    def reload(self) -> None:
        ws, year = self.ws, self.year()
        closed = closing_svc.is_closed(ws, year)
        state = shu_svc.allocation_state(ws, year)
        editable = state.status in ("belum ditutup", "ditutup")
        self.allocation.set_allocation(shu_svc.get_allocation(ws, year), editable)
        self.settings.set_settings(shu_svc.get_settings(ws), editable)
        self.list, self.problem_text = None, ""
        if not closed:
            self.problem_text = (f"Tahun buku {year} belum ditutup. Tutup buku dulu (tab Tutup buku); SHU dibagi dari "
                                 "tahun buku yang sudah ditutup.")
        else:
            try:
                self.list = shu_svc.shu_list(ws, year)
            except KopDeskError as exc:
                problems = getattr(exc, "problems", None) or [exc.message]
                self.problem_text = " ".join(problems)
        show_problem(self.problem, self.problem_text)
        self._show()

    def _show(self) -> None:
        lst = self.list
        self.table.set_records(list(lst.rows) if lst else [])
        if lst is None:
            self.status.setText(f"Status: <b>{self.year_state()}</b>")
            self.summary.setText("")
        else:
            extra = ""
            if lst.decision_ref:
                extra += f" · keputusan RAT {lst.decision_ref}"
            if lst.journal_number:
                extra += f" · jurnal {lst.journal_number} ({fmt.date_short(lst.posted_on)})"
            paid = f" · dibayar {fmt.rupiah(lst.total_paid)}, sisa {fmt.rupiah(lst.total_unpaid)}" \
                if lst.status == "dibukukan" else ""
            self.status.setText(f"Status: <b>{STATUS_TEXT.get(lst.status, lst.status)}</b>{extra}{paid}")
            pools = "  ·  ".join(f"{p.label} {fmt.percent(p.percent, 2)}: {fmt.rupiah(p.amount)}" for p in lst.pools
                                 if p.amount or p.percent)
            self.summary.setText(
                f"SHU setelah pajak <b>{fmt.rupiah(lst.shu)}</b> (bagian anggota {fmt.rupiah(lst.shu_member)}, "
                f"non-anggota {fmt.rupiah(lst.shu_non_member)}).<br>{pools}<br>"
                f"Tarif jasa modal: Rp{lst.rate_jasa_modal:.6f} per rupiah simpanan "
                f"(dasar {fmt.rupiah(lst.total_savings)}); jasa usaha: Rp{lst.rate_jasa_usaha:.6f} per rupiah "
                f"transaksi (dasar {fmt.rupiah(lst.total_transactions)}); selisih pembulatan "
                f"{fmt.rupiah(lst.residue)}.")
        self._update_buttons()

    def year_state(self) -> str:
        return "Belum ditutup" if not closing_svc.is_closed(self.ws, self.year()) else "Belum bisa dibagi"

    def _update_buttons(self) -> None:
        lst, s = self.list, self.session
        status = lst.status if lst else ""
        self.approve_button.setVisible(s.can(Perm.PERIODS))
        self.cancel_button.setVisible(s.can(Perm.PERIODS))
        self.post_button.setVisible(s.can(Perm.POST))
        self.pay_button.setVisible(s.can(Perm.POST))
        self.approve_button.setEnabled(status == "pratinjau")
        self.cancel_button.setEnabled(status == "disetujui")
        self.post_button.setEnabled(status == "disetujui")
        self.pay_button.setEnabled(status == "dibukukan" and lst.total_unpaid > 0)
        self.reverse_button.setVisible(s.can(Perm.POST) and s.can(Perm.REVERSE))
        self.reverse_button.setEnabled(status == "dibukukan" and lst.total_paid > 0)
        for b in (self.print_button, self.slip_button, self.excel_button):
            b.setEnabled(lst is not None)
        if status == "pratinjau":
            self.actions.setCurrentIndex(0)
        elif status == "disetujui":
            self.actions.setCurrentIndex(1)
        elif status == "dibukukan":
            self.actions.setCurrentIndex(2)

    # actions
    def approve(self) -> None:
        lst = self.list
        if lst is None or lst.status != "pratinjau":
            return
        ref = self.decision.text().strip()
        if not prompts().confirm(self, "Setujui pembagian SHU?",
                                 f"Pembagian SHU tahun buku {lst.year}: {len(lst.rows)} anggota menerima "
                                 f"{fmt.rupiah(lst.total_shares)} dari SHU {fmt.rupiah(lst.shu)}"
                                 + (f", sesuai keputusan RAT {ref}" if ref else "") + ".\nSesudah disetujui, alokasi "
                                 "dan dasar pembagian tahun ini tidak bisa diubah lagi.", ok_text="Ya, setujui"):
            return
        s = self.session
        s.runner.run(shu_svc.approve, s.ws, lst.year, s.user, ref, parent=self, busy="Menyetujui pembagian SHU...",
                     on_success=lambda _r: self.reload())

    def cancel_approval(self) -> None:
        reason = prompts().ask_text(self, "Batalkan persetujuan SHU", "Alasan pembatalan (mis. keputusan RAT "
                                    "berubah):")
        if reason is None:
            return
        s = self.session
        s.runner.run(shu_svc.cancel_approval, s.ws, self.year(), reason, s.user, parent=self,
                     busy="Membatalkan persetujuan...", on_success=lambda _r: self.reload())

    def post(self) -> None:
        lst = self.list
        if lst is None or lst.status != "disetujui":
            return
        lines = posting_preview(self.ws, lst.year)
        text = "\n".join(f"{'Debit ' if d else 'Kredit'}  {acct}: {fmt.rupiah(d or c)}" for acct, d, c, _m in lines)
        on = self.post_date.value()
        if not prompts().confirm(self, "Bukukan pembagian SHU?",
                                 f"Jurnal pembagian SHU tahun buku {lst.year} per {fmt.date_long(on)}:\n{text}",
                                 ok_text="Ya, bukukan"):
            return
        s = self.session
        s.runner.run(shu_svc.post, s.ws, lst.year, s.user, on=on, parent=self, busy="Membukukan SHU...",
                     on_success=self._posted)

    def _posted(self, result) -> None:
        self.reload()
        prompts().info(self, "SHU dibukukan", f"Pembagian SHU tahun buku {result.year} dibukukan dengan jurnal "
                                              f"{result.journal_number}.")

    def selected_rows(self) -> list:
        rows = {self.table.record_at(i) for i in self.table.view.selectionModel().selectedRows()}
        return [r for r in rows if r is not None]

    def pay(self) -> None:
        lst = self.list
        if lst is None or lst.status != "dibukukan":
            return
        method = self.pay_method.currentData()
        if self.pay_selected.isChecked():
            rows = [r for r in self.selected_rows() if not r.paid and r.total > 0]
            if not rows:
                prompts().error(self, "Pilih anggota", "Pilih anggota yang SHU-nya belum dibayar di daftar.")
                return
            ids = [r.member_id for r in rows]
        else:
            rows = [r for r in lst.rows if not r.paid and r.total > 0]
            ids = None
        total = sum(r.total for r in rows)
        where = "dikreditkan ke simpanan sukarela masing-masing" if method == "sukarela" else "dibayar tunai dari Kas"
        on = self.pay_date.value()
        if not prompts().confirm(self, "Bayarkan SHU?",
                                 f"SHU {len(rows)} anggota, jumlah {fmt.rupiah(total)}, {where} per "
                                 f"{fmt.date_long(on)}.\nDebit   SHU bagian anggota belum dibayarkan: "
                                 f"{fmt.rupiah(total)}\nKredit  "
                                 f"{'Simpanan sukarela' if method == 'sukarela' else 'Kas'}: {fmt.rupiah(total)}",
                                 ok_text="Ya, bayarkan"):
            return
        s = self.session
        s.runner.run(shu_svc.pay, s.ws, lst.year, s.user, on=on, method=method, member_ids=ids, parent=self,
                     busy="Membayarkan SHU...", on_success=self._paid)

    def _paid(self, result) -> None:
        self.reload()
        prompts().info(self, "SHU dibayarkan", f"{result.members} anggota, {fmt.rupiah(result.total)} "
                                               f"(jurnal {result.journal_number}).")

    def reverse_payout(self) -> ReversePayoutDialog | None:
        """Open Batalkan pembayaran for the paid members selected in the list (or pick a payment journal)."""
        lst = self.list
        if lst is None or lst.status != "dibukukan":
            return None
        rows = sorted((r for r in self.selected_rows() if r.paid), key=lambda r: (len(r.number), r.number))
        batches = shu_svc.payout_batches(self.ws, lst.year)
        dlg = ReversePayoutDialog(self, lst.year, rows, batches)
        dlg.accepted.connect(lambda: self._reversed(dlg.result))
        self.reverse_dialog = dlg
        dlg.open()
        return dlg

    def _reversed(self, result) -> None:
        self.reload()
        if result is not None:
            numbers = ", ".join(n for _i, n in result.journals)
            prompts().info(self, "Pembayaran SHU dibatalkan", f"{result.members} anggota, {fmt.rupiah(result.total)} "
                                                              f"(jurnal {numbers}). SHU mereka kembali belum dibayar.")

    def print_list(self) -> None:
        y, s = self.year(), self.session
        printing.preview(s, printing.Doc(f"Daftar Pembagian SHU {y}", f"daftar-shu-{y}.pdf",
                                         lambda out: printing._reports().shu_list_pdf(s.ws, y, out)), self)

    def print_slip(self) -> None:
        row = self.table.current_record()
        if row is None:
            prompts().error(self, "Pilih anggota", "Pilih satu anggota di daftar untuk mencetak slip SHU-nya.")
            return
        y, s = self.year(), self.session
        printing.preview(s, printing.Doc(f"Slip SHU {y} {row.number}", f"slip-shu-{y}-{row.number}.pdf",
                                         lambda out: printing._reports().shu_slip_pdf(s.ws, y, row.member_id, out)),
                         self)

    def export_excel(self) -> None:
        from pathlib import Path

        y, s = self.year(), self.session
        target = prompts().save_path(self, "Ekspor ke Excel", str(Path.home() / f"daftar-shu-{y}.xlsx"),
                                     "File Excel (*.xlsx)")
        if not target:
            return
        target = target if target.lower().endswith(".xlsx") else target + ".xlsx"

        def make() -> str:
            printing._reports().shu_list_xlsx(s.ws, y, Path(target))
            return target

        s.runner.run(make, parent=self, busy="Menyiapkan daftar SHU...",
                     on_success=lambda p: prompts().info(self, "Ekspor selesai", f"Daftar SHU disimpan ke:\n{p}"))


