"""Buku simpanan: print the lines not yet in the member's passbook from the remembered position, then ask whether
the passbook printed correctly and only then remember the new position. "Buku baru" starts a new passbook."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QSpinBox

from kopdesk.domain.members import Member
from kopdesk.domain.savings import SavingsKind
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.widgets import hint_label


def _reports():
    import kopdesk.reports as reports

    return reports


class PassbookDialog(FormDialog):
    def __init__(self, session: Session, member: Member, parent=None):
        super().__init__(f"Buku simpanan {member.number} {member.full_name}", "Cetak buku simpanan", parent)
        self.session, self.member = session, member
        self.printed = None
        self.resize_to_width(560)
        self.cancel_button.setText("Tutup")
        ws = session.ws
        self.lines_per_page = _reports().PassbookLayout().lines_per_page
        self.product = QComboBox()
        for p, b in savings_svc.balances(ws, member.id).items():
            if p.active or b:
                self.product.addItem(p.name, p.code)
        i = self.product.findData(savings_svc.product_of_kind(ws, SavingsKind.SUKARELA).code)
        self.product.setCurrentIndex(max(0, i))
        self.position = QLabel("")
        self.position.setWordWrap(True)
        self.start_line = QSpinBox()
        self.start_line.setRange(1, self.lines_per_page)
        self.new_book_button = QPushButton("Buku baru...")
        self.new_book_button.setAutoDefault(False)
        self.new_book_button.clicked.connect(self.new_book)
        form = QFormLayout()
        form.addRow("Jenis simpanan", self.product)
        form.addRow("Posisi buku", self.position)
        form.addRow("Mulai cetak di baris", self.start_line)
        form.addRow("", hint_label(f"Satu halaman buku berisi {self.lines_per_page} baris. Masukkan buku ke printer "
                                   "pada halaman yang sedang dipakai. Ubah baris awal bila posisi di buku berbeda."))
        self.body.addLayout(form)
        self.buttons.addButton(self.new_book_button, self.buttons.ButtonRole.ActionRole)
        self.product.currentIndexChanged.connect(lambda _i: self.load())
        self.finish_layout()
        self.load()

    def product_id(self) -> int:
        return savings_svc.product_by_code(self.session.ws, self.product.currentData()).id

    def load(self) -> None:
        ws = self.session.ws
        if self.product.currentData() is None:
            return
        self.pos = savings_svc.passbook_position(ws, self.member.id, self.product_id())
        self.pending = len(_reports().build_passbook_lines(ws, self.member.id, self.product.currentData(),
                                                           after_tx_id=self.pos.last_tx_id))
        self.start_line.setValue(self.pos.next_line)
        waiting = f"{self.pending} transaksi belum tercetak" if self.pending else "semua transaksi sudah tercetak"
        self.position.setText(f"Buku ke-{self.pos.book_no} · baris berikutnya <b>{self.pos.next_line}</b> · "
                              f"{waiting}")
        self.validate()

    def problems(self) -> list[str]:
        if self.product.currentData() is None:
            return ["Anggota ini belum punya simpanan."]
        if getattr(self, "pending", 0) == 0:
            return ["Tidak ada baris baru untuk dicetak."]
        return []

    def submit(self) -> None:
        if not self.validate():
            return
        s = self.session
        code, start = self.product.currentData(), self.start_line.value()
        out = printing.temp_pdf(f"buku-simpanan-{self.member.number}-{code}.pdf")
        s.runner.run(_reports().passbook_pdf, s.ws, self.member.id, code, out, start_line=start,
                     after_tx_id=self.pos.last_tx_id, parent=self, busy="Menyiapkan buku simpanan...",
                     on_success=self._made)

    def _made(self, printed) -> None:
        self.printed = printed
        printing.show_pdf(printed.out, f"Buku simpanan {self.member.number}", printed.out.name, self,
                          on_closed=self.ask_printed)

    def ask_printed(self) -> None:
        p = self.printed
        if p is None:
            return
        if not prompts().confirm(self, "Sudah tercetak dengan benar?",
                                 f"{p.printed} baris dicetak mulai baris {self.start_line.value()}. Apakah buku "
                                 "simpanan sudah tercetak dengan benar?\n\nJika ya, cetakan berikutnya dimulai di "
                                 f"baris {p.next_line}. Jika belum, posisi buku tidak diubah dan Anda bisa "
                                 "mencetak ulang.", ok_text="Ya, sudah benar", cancel_text="Belum, jangan disimpan"):
            return
        s = self.session
        s.runner.run(savings_svc.record_passbook_print, s.ws, self.member.id, self.product_id(),
                     next_line=p.next_line, last_tx_id=p.last_tx_id, by=s.user, parent=self,
                     on_success=lambda _c: self.load())

    def new_book(self) -> None:
        if not prompts().confirm(self, "Mulai buku simpanan baru?",
                                 f"Buku ke-{self.pos.book_no + 1} untuk {self.product.currentText().lower()} "
                                 f"{self.member.full_name}: cetakan berikutnya dimulai di baris 1 halaman pertama, "
                                 "dengan saldo yang sudah tercetak dibawa ke buku baru.", ok_text="Ya, buku baru"):
            return
        s = self.session
        s.runner.run(savings_svc.new_passbook, s.ws, self.member.id, self.product_id(), s.user, parent=self,
                     on_success=lambda _c: self.load())
