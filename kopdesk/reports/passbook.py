"""Buku simpanan (passbook) printing: the member's transactions not yet printed, placed on the next free lines of
the physical passbook. Only the values are printed (date, sandi, No. bukti, setoran, penarikan, saldo): no grid,
no kop surat, no page numbers, because the passbook is pre-printed.

The caller remembers, per passbook, the next free line and the last printed transaction, and passes them in:
``build_passbook(ws, member_id, product_code, start_line=..., after_tx_id=...)`` gives back ``next_line`` and
``last_tx_id`` to store for the next time.

The rule: the transactions after ``after_tx_id`` (in posting order, the order of their ids, so a back-dated entry
is never skipped) go on lines ``start_line``, ``start_line + 1``, ... of the current page; when line N (the last
of a page) is used, the rest continues on a new PDF page from line 1 (the user turns the passbook's page). With
N = 20, 25 lines from line 18 use lines 18-20 of page 1, 1-20 of page 2 and 1-2 of page 3: ``next_line`` is 3.
A page filled to its last line gives ``next_line`` 1 (the next printing starts on a new page).

Every saldo printed is the previous printed saldo plus setoran minus penarikan, so the lines read on from what is
already in the book.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.savings import TxKind
from kopdesk.reports.base import COND, Target, register_fonts
from kopdesk.services import members, savings
from kopdesk.services.workspace import Workspace

# Sandi (transaction codes) printed in the passbook; the passbook's pre-printed legend explains them.
SANDI = {
    TxKind.SETORAN: "STR",
    TxKind.PENARIKAN: "TRK",
    TxKind.JASA: "JSA",
    TxKind.SALDO_AWAL: "SA",
    TxKind.PEMBALIK: "BTL",
    TxKind.PENUTUPAN: "TTP",
}


@dataclass(frozen=True, slots=True)
class PassbookLayout:
    """Where the printed lines of one passbook page are, in millimetres from the page's top-left corner.

    The default is an opened passbook (a two-page spread fed into the printer as one sheet, 160 x 210 mm) with
    20 lines: lines 1-10 on the upper page, 11-20 on the lower one, ``fold_gap_mm`` more between line 10 and 11 for
    the fold. Set ``fold_after_line`` to 0 for a single page with no fold. Measure a real passbook and adjust; every
    column moves with ``left_mm`` (the printer's offset)."""

    page_width_mm: float = 160.0
    page_height_mm: float = 210.0
    lines_per_page: int = 20
    top_mm: float = 22.0                # the top edge to the baseline of line 1
    line_height_mm: float = 8.0
    fold_after_line: int = 10           # 0 = no fold
    fold_gap_mm: float = 18.0
    left_mm: float = 10.0               # the left edge to the date column; the other columns are from here
    code_x_mm: float = 21.0             # sandi
    number_x_mm: float = 30.0           # No. bukti
    deposit_right_mm: float = 86.0      # right edges of the amounts
    withdrawal_right_mm: float = 113.0
    balance_right_mm: float = 140.0
    font_size: float = 8.5

    def baseline_mm(self, line: int) -> float:
        """Distance from the top edge of the page down to the baseline of ``line`` (1-based)."""
        y = self.top_mm + (line - 1) * self.line_height_mm
        if self.fold_after_line and line > self.fold_after_line:
            y += self.fold_gap_mm
        return y

    def baseline_pt(self, line: int) -> float:
        """The baseline's y in PDF points, measured from the bottom of the page (as reportlab and readers do)."""
        return (self.page_height_mm - self.baseline_mm(line)) * mm

    def problems(self) -> list[str]:
        out = []
        if self.page_width_mm <= 0 or self.page_height_mm <= 0:
            out.append("Ukuran halaman buku simpanan harus lebih dari nol.")
        if self.lines_per_page < 1:
            out.append("Jumlah baris per halaman buku simpanan paling sedikit 1.")
        if self.line_height_mm <= 0 or self.font_size <= 0:
            out.append("Jarak baris dan ukuran huruf buku simpanan harus lebih dari nol.")
        if not 0 <= self.fold_after_line < max(self.lines_per_page, 1):
            out.append("Lipatan buku simpanan harus di antara baris pertama dan terakhir (0 = tanpa lipatan).")
        if not out and self.baseline_mm(self.lines_per_page) > self.page_height_mm - 2:
            out.append(f"Baris ke-{self.lines_per_page} jatuh di luar halaman buku simpanan "
                       f"({self.baseline_mm(self.lines_per_page):.1f} mm dari atas, tinggi halaman "
                       f"{self.page_height_mm:g} mm); kurangi jarak baris atau jumlah baris.")
        xs = (self.code_x_mm, self.number_x_mm, self.deposit_right_mm, self.withdrawal_right_mm,
              self.balance_right_mm)
        if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
            out.append("Kolom buku simpanan harus berurutan dari kiri ke kanan: tanggal, sandi, No. bukti, setoran, "
                       "penarikan, saldo.")
        if self.left_mm + self.balance_right_mm > self.page_width_mm:
            out.append("Kolom saldo buku simpanan melewati lebar halaman.")
        return out


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class PassbookLine:
    tx_id: int
    date: dt.date
    code: str            # sandi, e.g. "STR"
    number: str          # No. bukti (the journal number)
    deposit: int
    withdrawal: int
    balance: int         # the printed saldo after this line


@dataclass(frozen=True, slots=True)
class PlacedLine:
    page: int            # 1 = the passbook page that is in the printer now
    line: int            # 1..lines_per_page
    values: PassbookLine


@dataclass(frozen=True, slots=True)
class PassbookReport:
    layout: PassbookLayout
    printed_at: dt.datetime
    member_number: str
    member_name: str
    product_code: str
    product_name: str
    start_line: int
    after_tx_id: int | None
    opening: int                     # the saldo already in the book (after ``after_tx_id``)
    placed: tuple[PlacedLine, ...]
    next_line: int                   # where the next printing starts (1 = on a new page)
    last_tx_id: int | None           # the last transaction now in the book (``after_tx_id`` if none was new)

    @property
    def pages(self) -> int:
        return self.placed[-1].page if self.placed else 0

    @property
    def lines(self) -> tuple[PassbookLine, ...]:
        return tuple(p.values for p in self.placed)


@dataclass(frozen=True, slots=True)
class PassbookPrinted:
    """What ``passbook_pdf`` wrote, and what to remember for this passbook."""

    out: Path | BinaryIO             # the path or stream written
    next_line: int
    last_tx_id: int | None
    printed: int                     # lines printed
    pages: int                       # passbook pages used (1 = only the current one)


def place_lines(lines: tuple[PassbookLine, ...], start_line: int,
                lines_per_page: int) -> tuple[tuple[PlacedLine, ...], int]:
    """The page and line of each line from ``start_line`` on, and the next free line."""
    if not 1 <= start_line <= lines_per_page:
        raise ValidationError(f"Baris mulai cetak harus 1 sampai {lines_per_page} (diisi: {start_line}).")
    placed = []
    for i, values in enumerate(lines):
        slot = start_line - 1 + i
        placed.append(PlacedLine(slot // lines_per_page + 1, slot % lines_per_page + 1, values))
    return tuple(placed), (start_line - 1 + len(lines)) % lines_per_page + 1


def _txs(ws: Workspace, member_id: int, product_id: int) -> list:
    return sorted((t for t in savings.member_transactions(ws, member_id) if t.product_id == product_id),
                  key=lambda t: t.id)


def build_passbook_lines(ws: Workspace, member_id: int, product_code: str,
                         after_tx_id: int | None = None) -> tuple[PassbookLine, ...]:
    """The member's transactions of the product not yet in the passbook (after ``after_tx_id``; None = all), with
    the saldo the book will show after each."""
    return _lines(ws, member_id, product_code, after_tx_id)[1]


def _lines(ws: Workspace, member_id: int, product_code: str,
           after_tx_id: int | None) -> tuple[int, tuple[PassbookLine, ...]]:
    members.get_member(ws, member_id)
    product = savings.product_by_code(ws, product_code.strip().upper())
    txs = _txs(ws, member_id, product.id)
    if after_tx_id is not None and all(t.id != after_tx_id for t in txs):
        raise ValidationError("Transaksi terakhir yang tercatat sudah dicetak bukan transaksi "
                              f"{product.name.lower()} anggota ini; periksa buku simpanan yang dipasang.")
    opening = sum(t.delta for t in txs if after_tx_id is not None and t.id <= after_tx_id)
    balance, out = opening, []
    for t in txs:
        if after_tx_id is not None and t.id <= after_tx_id:
            continue
        balance += t.delta
        out.append(PassbookLine(t.id, t.date, SANDI.get(t.kind, ""), t.receipt_number, t.deposit, t.withdrawal,
                                balance))
    return opening, tuple(out)


def build_passbook(ws: Workspace, member_id: int, product_code: str, *, start_line: int = 1,
                   after_tx_id: int | None = None, layout: PassbookLayout | None = None,
                   now: dt.datetime | None = None) -> PassbookReport:
    layout = layout or PassbookLayout()
    problems = layout.problems()
    if problems:
        raise ValidationError(problems)
    m = members.get_member(ws, member_id)
    product = savings.product_by_code(ws, product_code.strip().upper())
    opening, lines = _lines(ws, member_id, product.code, after_tx_id)
    placed, next_line = place_lines(lines, start_line, layout.lines_per_page)
    return PassbookReport(
        layout=layout, printed_at=now or dt.datetime.now(), member_number=m.number, member_name=m.full_name,
        product_code=product.code, product_name=product.name, start_line=start_line, after_tx_id=after_tx_id,
        opening=opening, placed=placed, next_line=next_line,
        last_tx_id=lines[-1].tx_id if lines else after_tx_id,
    )


# ----------------------------------------------------------------------------------------------- render


class PassbookRenderer:
    """Draws the values at their line positions, one PDF page per passbook page; a page the size of the passbook.
    Same interface as the other renderers (``render``, ``render_bytes``); the paper setting does not apply."""

    def __init__(self, report: PassbookReport, setup=None):
        register_fonts()
        self.report = report

    def document_title(self) -> str:
        r = self.report
        return f"Buku Simpanan {r.product_name} {r.member_number} {r.member_name}"

    def render(self, out: Target) -> None:
        r, lay = self.report, self.report.layout
        target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        c = canvas.Canvas(target, pagesize=(lay.page_width_mm * mm, lay.page_height_mm * mm), initialFontName=COND,
                          initialFontSize=lay.font_size)
        c.setTitle(self.document_title())
        c.setSubject(self.document_title())
        c.setCreator("KopDesk")
        x0 = lay.left_mm * mm
        for page in range(1, max(r.pages, 1) + 1):
            c.setFont(COND, lay.font_size)
            for placed in (p for p in r.placed if p.page == page):
                v, y = placed.values, lay.baseline_pt(placed.line)
                c.drawString(x0, y, fmt.date_short(v.date))
                c.drawString(x0 + lay.code_x_mm * mm, y, v.code)
                c.drawString(x0 + lay.number_x_mm * mm, y, v.number)
                if v.deposit:
                    c.drawRightString(x0 + lay.deposit_right_mm * mm, y, fmt.number(v.deposit))
                if v.withdrawal:
                    c.drawRightString(x0 + lay.withdrawal_right_mm * mm, y, fmt.number(v.withdrawal))
                c.drawRightString(x0 + lay.balance_right_mm * mm, y, fmt.number(v.balance))
            c.showPage()
        c.save()

    def render_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.render(buffer)
        return buffer.getvalue()
