"""Pengaturan > AD/ART: simpanan pokok and wajib, the SHU allocation (live total, must be 100%), the quorum rule."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from kopdesk import fmt
from kopdesk.domain.coop import SHU_ALLOCATION_LABELS, AdArt, adart_problems
from kopdesk.domain.users import Perm
from kopdesk.services import profile as profile_svc
from kopdesk.ui.messages import prompts
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER, OK, mark_invalid
from kopdesk.ui.widgets import MoneyEdit, error_label, hint_label, show_problem

QUORUMS = (  # label, num, den, strict
    ("lebih dari 1/2 jumlah anggota (setengah + 1)", 1, 2, True),
    ("paling sedikit 1/2 jumlah anggota", 1, 2, False),
    ("paling sedikit 2/3 jumlah anggota", 2, 3, False),
    ("lebih dari 2/3 jumlah anggota", 2, 3, True),
)
POSTPONED = (("paling sedikit 1/3 jumlah anggota", 1, 3), ("paling sedikit 1/2 jumlah anggota", 1, 2),
             ("berapa pun yang hadir", 0, 3))


def parse_percent(text: str) -> Decimal | None:
    t = text.strip().replace("%", "").replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", t):
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


class AdArtScreen(Screen):
    flags = ("settings",)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.can_edit = session.can(Perm.PROFILE)
        self.pokok = MoneyEdit(required=True)
        self.wajib = MoneyEdit(required=True)
        savings = QGroupBox("Simpanan anggota")
        sf = QFormLayout(savings)
        sf.addRow("Simpanan pokok", self.pokok)
        sf.addRow("Simpanan wajib per bulan", self.wajib)

        self.alloc: dict[str, QLineEdit] = {}
        shu = QGroupBox("Pembagian SHU (persen dari SHU setelah pajak)")
        af = QFormLayout(shu)
        for key, label in SHU_ALLOCATION_LABELS.items():
            e = QLineEdit()
            e.setAlignment(Qt.AlignmentFlag.AlignRight)
            e.setFixedWidth(90)
            e.textChanged.connect(self._validate)
            self.alloc[key] = e
            row = QHBoxLayout()
            row.addWidget(e)
            row.addWidget(QLabel("%"))
            row.addStretch(1)
            af.addRow(label, row)
        self.total = QLabel()
        af.addRow("<b>Jumlah</b>", self.total)

        self.quorum = QComboBox()
        for label, *_ in QUORUMS:
            self.quorum.addItem(label)
        self.postponed = QComboBox()
        for label, *_ in POSTPONED:
            self.postponed.addItem(label)
        self.proxies = QCheckBox("Anggota boleh diwakilkan (kuasa)")
        self.max_proxies = QSpinBox()
        self.max_proxies.setRange(1, 10)
        self.max_proxies.setSuffix(" kuasa per anggota")
        self.proxies.toggled.connect(self.max_proxies.setEnabled)
        rat = QGroupBox("Kuorum RAT")
        rf = QFormLayout(rat)
        rf.addRow("Kuorum rapat", self.quorum)
        rf.addRow("Rapat yang ditunda", self.postponed)
        rf.addRow("", self.proxies)
        rf.addRow("Paling banyak", self.max_proxies)

        for w in (self.pokok, self.wajib):
            w.textChanged.connect(self._validate)
            w.setReadOnly(not self.can_edit)
        for e in self.alloc.values():
            e.setReadOnly(not self.can_edit)
        for w in (self.quorum, self.postponed, self.proxies, self.max_proxies):
            w.setEnabled(self.can_edit)

        self.error = error_label()
        self.save_button = QPushButton("Simpan AD/ART")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.can_edit)
        left = QVBoxLayout()
        left.addWidget(savings)
        left.addWidget(rat)
        left.addStretch(1)
        cols = QHBoxLayout()
        cols.setSpacing(16)
        cols.addLayout(left, 1)
        cols.addWidget(shu, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(cols)
        lay.addWidget(hint_label("Isi sesuai anggaran dasar / anggaran rumah tangga koperasi. Perubahan berlaku "
                                 "untuk transaksi dan perhitungan sesudah disimpan."))
        lay.addStretch(1)
        lay.addLayout(bottom)

    def load(self) -> None:
        a = profile_svc.get_adart(self.ws)
        self.pokok.setValue(a.simpanan_pokok)
        self.wajib.setValue(a.simpanan_wajib)
        for key, e in self.alloc.items():
            e.setText(fmt.percent(a.shu_allocation.get(key, Decimal(0)), 2).replace("%", "")
                      .rstrip("0").rstrip(","))
        for i, (_l, n, d, strict) in enumerate(QUORUMS):
            if (n, d, strict) == (a.quorum_num, a.quorum_den, a.quorum_strict):
                self.quorum.setCurrentIndex(i)
        for i, (_l, n, d) in enumerate(POSTPONED):
            if n == a.postponed_quorum_num and (n == 0 or d == a.postponed_quorum_den):
                self.postponed.setCurrentIndex(i)
        self.proxies.setChecked(a.proxies_allowed)
        self.max_proxies.setValue(max(1, a.max_proxies_per_member))
        self.max_proxies.setEnabled(self.can_edit and a.proxies_allowed)
        self._validate()

    def adart(self) -> AdArt | None:
        alloc = {}
        for key, e in self.alloc.items():
            value = parse_percent(e.text()) if e.text().strip() else Decimal(0)
            if value is None:
                return None
            alloc[key] = value
        _l, n, d, strict = QUORUMS[self.quorum.currentIndex()]
        _p, pn, pd = POSTPONED[self.postponed.currentIndex()]
        return AdArt(simpanan_pokok=self.pokok.value() or 0, simpanan_wajib=self.wajib.value() or 0,
                     shu_allocation=alloc, quorum_num=n, quorum_den=d, quorum_strict=strict,
                     postponed_quorum_num=pn, postponed_quorum_den=pd, proxies_allowed=self.proxies.isChecked(),
                     max_proxies_per_member=self.max_proxies.value())

    def _validate(self, *_args) -> list[str]:
        if not hasattr(self, "save_button"):
            return []
        problems = []
        for w, label in ((self.pokok, "Simpanan pokok"), (self.wajib, "Simpanan wajib")):
            if w.problem():
                problems.append(f"{label}: {w.problem()}")
        total = Decimal(0)
        for key, e in self.alloc.items():
            value = parse_percent(e.text()) if e.text().strip() else Decimal(0)
            mark_invalid(e, value is None, "Tulis angka persen, mis. 2,5")
            if value is None:
                problems.append(f"{SHU_ALLOCATION_LABELS[key]}: '{e.text()}' bukan angka persen.")
            else:
                total += value
        good = total == 100
        self.total.setText(f"<b>{fmt.percent(total, 2)}</b>" + ("" if good else "  (harus 100%)"))
        self.total.setStyleSheet(f"color: {OK if good else DANGER};")
        adart = self.adart()
        if not problems and adart is not None:
            problems = adart_problems(adart)
        show_problem(self.error, problems[0] if problems else "")
        self.save_button.setEnabled(not problems)
        return problems

    def save(self) -> None:
        if self._validate():
            return
        s = self.session
        s.runner.run(profile_svc.save_adart, s.ws, self.adart(), s.user, parent=self,
                     on_success=lambda _c: prompts().info(self, "Tersimpan", "AD/ART sudah disimpan."))
