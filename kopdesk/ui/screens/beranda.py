"""Beranda: what needs attention today, from what exists now (cash and bank, this month's cash flow, the latest
journals, the last backup, the locked period)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kopdesk import fmt
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import profile as profile_svc
from kopdesk.ui.backups import last_backup
from kopdesk.ui.screens.base import Screen
from kopdesk.ui.style import DANGER, OK
from kopdesk.ui.tables import Column, SearchableTable
from kopdesk.ui.widgets import month_bounds, title_label


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        self.value = QLabel("")
        self.value.setObjectName("cardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel("")
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 12)
        lay.setSpacing(4)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.note)
        lay.addStretch(1)

    def set(self, value: str, note: str = "", color: str | None = None) -> None:
        self.value.setText(value)
        self.value.setStyleSheet(f"color: {color};" if color else "")
        self.note.setText(note)


class BerandaScreen(Screen):
    title = "Beranda"
    flags = ("ledger", "accounts", "profile", "periods", "settings")
    action_requested = Signal(str)   # "receipt" | "payment" | "journal" | "backup" | "trial_balance"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.heading = title_label("Beranda")
        self.today_label = QLabel()
        self.today_label.setObjectName("hint")
        self.cards = {
            "cash": Card("Saldo kas & bank hari ini"),
            "in": Card("Penerimaan kas bulan ini"),
            "out": Card("Pengeluaran kas bulan ini"),
            "backup": Card("Cadangan terakhir"),
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
            grid.setColumnStretch(i, 1)

        self.latest = SearchableTable([
            Column("Tanggal", lambda j: j.date, "date"),
            Column("Nomor", lambda j: j.number),
            Column("Keterangan", lambda j: j.description, width=-1),
            Column("Jumlah (Rp)", lambda j: j.total, "money"),
            Column("Dibuat oleh", lambda j: j.created_by),
        ], export_name="jurnal-terakhir", footer=False, searchable=False)
        self.latest.export_button.hide()
        latest_box = QFrame()
        latest_box.setObjectName("card")
        lb = QVBoxLayout(latest_box)
        lb.setContentsMargins(14, 10, 14, 12)
        t = QLabel("Jurnal terakhir")
        t.setObjectName("cardTitle")
        lb.addWidget(t)
        lb.addWidget(self.latest, 1)

        side = QFrame()
        side.setObjectName("card")
        sl = QVBoxLayout(side)
        sl.setContentsMargins(14, 10, 14, 12)
        st = QLabel("Pekerjaan cepat")
        st.setObjectName("cardTitle")
        sl.addWidget(st)
        self.buttons: dict[str, QPushButton] = {}
        can_post = session.can(Perm.POST)
        for key, text, allowed in (("receipt", "Catat penerimaan kas", can_post),
                                   ("payment", "Catat pengeluaran kas", can_post),
                                   ("journal", "Buat jurnal umum", can_post),
                                   ("trial_balance", "Lihat neraca saldo", True),
                                   ("backup", "Cadangkan sekarang", True)):
            if not allowed:
                continue
            b = QPushButton(text)
            b.setMinimumHeight(34)
            b.clicked.connect(lambda _c=False, k=key: self.action_requested.emit(k))
            self.buttons[key] = b
            sl.addWidget(b)
        sl.addSpacing(10)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setObjectName("hint")
        sl.addWidget(self.lock_label)
        sl.addStretch(1)
        side.setFixedWidth(260)

        lower = QHBoxLayout()
        lower.setSpacing(12)
        lower.addWidget(latest_box, 1)
        lower.addWidget(side)

        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.today_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.setSpacing(12)
        lay.addLayout(head)
        lay.addLayout(grid)
        lay.addLayout(lower, 1)

    def load(self) -> None:
        ws = self.ws
        today = dt.date.today()
        profile = profile_svc.get_profile(ws)
        self.heading.setText(f"Beranda · {profile.name}")
        self.today_label.setText(f"Hari ini: {fmt.date_long(today)}")
        cash = ledger_svc.cash_accounts(ws)
        balances = [(a, ledger_svc.account_balance(ws, a.id, today)) for a in cash]
        total = sum(b for _, b in balances)
        self.cards["cash"].set(fmt.rupiah(total), "\n".join(f"{a.name}: {fmt.rupiah(b)}" for a, b in balances),
                               DANGER if total < 0 else None)
        first, last = month_bounds(today)
        receipts = payments = 0
        for a in cash:
            book = ledger_svc.cash_book(ws, a.id, first, min(last, today))
            receipts += book.total_debit
            payments += book.total_credit
        month = fmt.month_year(today)
        self.cards["in"].set(fmt.rupiah(receipts), f"{month}, semua akun kas dan bank")
        self.cards["out"].set(fmt.rupiah(payments), f"{month}, semua akun kas dan bank")
        found = last_backup(ws)
        if found is None:
            self.cards["backup"].set("Belum pernah", "Cadangkan file ini sekarang lewat menu Berkas.", DANGER)
        else:
            at, path = found
            days = (today - at.date()).days
            when = "hari ini" if days == 0 else f"{days} hari yang lalu"
            self.cards["backup"].set(fmt.date_long(at.date()), f"{when}\n{path.parent}",
                                     DANGER if days > 7 else OK)
        journals = ledger_svc.journals(ws, today - dt.timedelta(days=120), dt.date(today.year + 5, 12, 31))
        self.latest.set_records(list(reversed(journals[-20:])))
        locked = ledger_svc.locked_through(ws)
        self.lock_label.setText(f"Buku terkunci sampai {fmt.date_long(locked)}." if locked
                                else "Belum ada periode yang dikunci.")
