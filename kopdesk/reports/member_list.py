"""Daftar anggota (member list): every member of the chosen statuses with the NIK masked (spec §6.1, UU 27/2022),
address, join date, status and savings balances (pokok, wajib, sukarela, other products, total); a totals row,
and counts by status and gender above the table. Built page by page from the member search (thousands of members
stay fast: two queries per thousand members, and a ``PagedTable``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.nik import mask_nik
from kopdesk.domain.savings import SavingsKind
from kopdesk.reports.base import (
    COND,
    COND_BOLD,
    MAX_CELL_CHARS,
    RULE,
    SHADE,
    TABLE_FONT_SIZE,
    TABLE_PAD,
    Renderer,
    bold_row,
    column_width,
    para,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import PagedTable, Row
from kopdesk.services import members, savings
from kopdesk.services.workspace import Workspace

CURRENT = (MemberStatus.CALON, MemberStatus.AKTIF, MemberStatus.NON_AKTIF)
PAGE = 1000       # members read per query
SAVINGS_HEADS = ("Pokok", "Wajib", "Sukarela", "Lainnya", "Jumlah")

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class MemberListRow:
    number: str
    name: str
    gender: str                 # "L" / "P"
    nik_masked: str
    area: str                   # "desa, kecamatan"
    join_date: dt.date | None
    status: MemberStatus
    pokok: int
    wajib: int
    sukarela: int
    other: int                  # every other product (berjangka, khusus, ...)
    total: int


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: MemberStatus
    male: int
    female: int

    @property
    def total(self) -> int:
        return self.male + self.female


@dataclass(frozen=True, slots=True)
class MemberListReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    statuses: tuple[MemberStatus, ...]
    rows: tuple[MemberListRow, ...]
    counts: tuple[StatusCount, ...]          # per status present, in the order of MemberStatus
    total_pokok: int
    total_wajib: int
    total_sukarela: int
    total_other: int
    total: int
    signatories: tuple[Signatory, ...]

    @property
    def male(self) -> int:
        return sum(c.male for c in self.counts)

    @property
    def female(self) -> int:
        return sum(c.female for c in self.counts)

    @property
    def has_other(self) -> bool:
        return any(r.other for r in self.rows)

    @property
    def scope(self) -> str:
        if set(self.statuses) == set(MemberStatus):
            return "Semua anggota (termasuk yang sudah keluar)"
        return "Memuat anggota berstatus: " + ", ".join(s.label.lower() for s in self.statuses)


def wrapped(text: str, width: float) -> str:
    """Plain text broken into lines that fit the column: much faster than a Paragraph for thousands of rows."""
    if pdfmetrics.stringWidth(text, COND, TABLE_FONT_SIZE) <= width - 2 * TABLE_PAD - 1:
        return text
    return "\n".join(simpleSplit(text[:MAX_CELL_CHARS], COND, TABLE_FONT_SIZE, width - 2 * TABLE_PAD - 1))


def _area(m) -> str:
    parts = [m.desa.strip(), m.kecamatan.strip()]
    return ", ".join(p for p in parts if p) or m.address.strip()


def build_member_list(ws: Workspace, statuses: Sequence[MemberStatus] | None = None, *,
                      now: dt.datetime | None = None) -> MemberListReport:
    """``statuses`` None: the current members (calon, aktif, non-aktif); empty or ``tuple(MemberStatus)``: all."""
    wanted = CURRENT if statuses is None else (tuple(statuses) or tuple(MemberStatus))
    chosen = tuple(s for s in MemberStatus if s in wanted)
    kinds = {p.code: p.kind for p in savings.products(ws)}
    rows: list[MemberListRow] = []
    offset = 0
    while True:
        page = members.search(ws, "", chosen, limit=PAGE, offset=offset, order="number")
        for item in page:
            m, by_kind = item.member, {SavingsKind.POKOK: 0, SavingsKind.WAJIB: 0, SavingsKind.SUKARELA: 0}
            other = 0
            for code, amount in item.balances.items():
                kind = kinds.get(code)
                if kind in by_kind:
                    by_kind[kind] += amount
                else:
                    other += amount
            rows.append(MemberListRow(
                m.number, m.full_name, m.gender, mask_nik(m.nik), _area(m), m.join_date, m.status,
                by_kind[SavingsKind.POKOK], by_kind[SavingsKind.WAJIB], by_kind[SavingsKind.SUKARELA], other,
                item.total))
        if len(page) < PAGE:
            break
        offset += PAGE
    counts = []
    for status in chosen:
        of = [r for r in rows if r.status == status]
        if of:
            counts.append(StatusCount(status, sum(r.gender == "L" for r in of), sum(r.gender != "L" for r in of)))
    lh = letterhead(ws)
    return MemberListReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), statuses=chosen, rows=tuple(rows), counts=tuple(counts),
        total_pokok=sum(r.pokok for r in rows), total_wajib=sum(r.wajib for r in rows),
        total_sukarela=sum(r.sukarela for r in rows), total_other=sum(r.other for r in rows),
        total=sum(r.total for r in rows), signatories=(lh.signatory("Ketua"), lh.signatory("Sekretaris")),
    )


# ----------------------------------------------------------------------------------------------- render


class MemberListRenderer(Renderer):
    report: MemberListReport

    def document_title(self) -> str:
        return f"Daftar Anggota per {fmt.date_long(self.report.printed_at.date())}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Daftar Anggota", f"Per {fmt.date_long(r.printed_at.date())}")]
        out += [self._summary(), Spacer(1, 1.5 * mm),
                para(f"{r.scope}. Saldo simpanan per tanggal cetak. NIK ditampilkan tersamar (UU No. 27 Tahun 2022 "
                     "tentang Pelindungan Data Pribadi).", "label"), Spacer(1, 3 * mm)]
        other = r.has_other
        money_totals = [r.total_pokok, r.total_wajib, r.total_sukarela, *([r.total_other] if other else []), r.total]
        words = SAVINGS_HEADS if other else SAVINGS_HEADS[:3] + SAVINGS_HEADS[4:]
        money = [column_width([fmt.number(t), word], 14 * mm) for t, word in zip(money_totals, words, strict=True)]
        fixed: list[float | None] = [
            column_width([str(len(r.rows))], 7 * mm, bold=False),
            column_width([x.number for x in r.rows], 15 * mm, bold=False), None, 7 * mm,
            column_width(["0000********0000"], bold=False), None, column_width(["00-00-0000"], bold=False),
            column_width([s.label for s in r.statuses], 13 * mm, bold=False), *money,
        ]
        flexible = self.width - sum(w for w in fixed if w is not None)
        widths = [w if w is not None else 0.0 for w in fixed]
        # Nama and Alamat share what is left: each what its longest entry needs if both fit; else the names keep
        # one line (up to half the room) and the addresses wrap
        name_need = column_width([x.name for x in r.rows], 15 * mm, bold=False)
        area_need = column_width([x.area for x in r.rows], 15 * mm, bold=False)
        if name_need + area_need <= flexible:
            widths[2] = name_need + (flexible - name_need - area_need) / 2
        else:
            widths[2] = min(name_need, flexible / 2)
        widths[5] = flexible - widths[2]
        first_money = 8
        rows = []
        for i, x in enumerate(r.rows, start=1):
            cells = [str(i), x.number, wrapped(x.name, widths[2]), x.gender, x.nik_masked,
                     wrapped(x.area, widths[5]), fmt.date_short(x.join_date), x.status.label,
                     fmt.number(x.pokok), fmt.number(x.wajib), fmt.number(x.sukarela)]
            if other:
                cells.append(fmt.number(x.other))
            cells.append(fmt.number(x.total))
            rows.append(Row(tuple(cells)))
        if not r.rows:
            rows.append(Row(("", "", "Tidak ada anggota dengan status ini.", *[""] * (len(widths) - 3)),
                            (("SPAN", (2, 0), (7, 0)),)))
        totals = ["Jumlah", *[""] * (first_money - 1), *(fmt.number(t) for t in money_totals)]
        rows.append(Row(tuple(totals), bold_row(("SPAN", (0, 0), (first_money - 1, 0)),
                                                ("ALIGN", (0, 0), (first_money - 1, 0), "CENTER"),
                                                ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        plain = self.table([""] * len(widths), rows, widths, numeric=tuple(range(first_money, len(widths))),
                           keep_with=self.signatures(r.signatories))
        table = PagedTable(self._header(other, len(widths)), plain.rows, plain.col_widths, plain.style,
                           plain.min_row_height, tail=plain.tail)     # the base table's look, two header rows
        out += self.closing(table)
        return out

    @staticmethod
    def _header(other: bool, columns: int) -> tuple[Row, Row]:
        """Two header rows: the member columns span both; "Simpanan (Rp)" spans its products."""
        head = styles()["cell_head"]
        first = ["No.", "Nomor Anggota", "Nama", "L/P", "NIK", "Alamat (desa, kecamatan)", "Tanggal Masuk",
                 "Status", "Simpanan (Rp)"]
        second = list(SAVINGS_HEADS if other else SAVINGS_HEADS[:3] + SAVINGS_HEADS[4:])
        top = [Paragraph(escape(t), head) for t in first] + [""] * (columns - len(first))
        bottom = [""] * 8 + [Paragraph(escape(t), head) for t in second]
        look = (("FONT", (0, 0), (-1, 0), COND_BOLD, TABLE_FONT_SIZE), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"))
        spans = tuple(("SPAN", (c, 0), (c, 1)) for c in range(8)) + (("SPAN", (8, 0), (-1, 0)),)
        return Row(tuple(top), look + spans), Row(tuple(bottom), look)

    def _summary(self) -> Table:
        """Counts by status and gender: Status | L | P | Jumlah, and a total row."""
        r = self.report
        data = [["Status", "Laki-laki", "Perempuan", "Jumlah"]]
        data += [[c.status.label, str(c.male), str(c.female), str(c.total)] for c in r.counts]
        data.append(["Jumlah", str(r.male), str(r.female), str(r.male + r.female)])
        table = Table(data, colWidths=[32 * mm, 20 * mm, 20 * mm, 20 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), COND, TABLE_FONT_SIZE), ("FONT", (0, 0), (-1, 0), COND_BOLD, TABLE_FONT_SIZE),
            ("FONT", (0, -1), (-1, -1), COND_BOLD, TABLE_FONT_SIZE), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("ALIGN", (1, 0), (-1, 0), "CENTER"),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE), ("LINEABOVE", (0, -1), (-1, -1), 1.2, "black"),
            ("TOPPADDING", (0, 0), (-1, -1), TABLE_PAD / 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PAD / 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
        ]))
        return table
