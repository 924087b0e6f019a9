"""Financial statements (spec §5.2) as printed documents: Laporan Posisi Keuangan (neraca), Perhitungan Hasil Usaha
(PHU), Laporan Perubahan Ekuitas, Laporan Arus Kas, each with the previous year as the comparative column, and the
statement set in one PDF: a cover, the four statements and the key notes (CaLK extract: members, loans by
collectibility and PPAP, savings by type, the SHU allocation), signed by the pengurus and known by the pengawas.

Every figure comes from ``services.statements.financial_statements``; ``build_*`` turns the service's rows into
printed rows (a line with its accounts becomes a caption, the accounts and "Jumlah ..." with the line's amount;
deductions in the PHU are shown negative, so they print in parentheses). The renderers only lay the rows out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.statements import Period, RowKind, StatementRow
from kopdesk.reports.base import (
    BAND,
    COND,
    COND_BOLD,
    INK,
    RULE,
    SANS,
    SANS_BOLD,
    SHADE,
    TABLE_PAD,
    Renderer,
    column_width,
    para,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import PagedTable, Row
from kopdesk.services import statements
from kopdesk.services.statements import FinancialStatements
from kopdesk.services.workspace import Workspace

KINDS = ("neraca", "phu", "ekuitas", "arus-kas")
TITLES = {"neraca": "Laporan Posisi Keuangan", "phu": "Laporan Perhitungan Hasil Usaha",
          "ekuitas": "Laporan Perubahan Ekuitas", "arus-kas": "Laporan Arus Kas"}
FONT_SIZE = 8.8
INDENT = 4 * mm
EQ_SIZE = 7.8         # the equity statement's amounts (up to seven columns on portrait paper)

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class PrintedRow:
    """One printed statement row. ``style``: heading, line, detail, line_total (the "Jumlah ..." of a line with
    its accounts), subtotal or total. Amounts as printed (negative prints in parentheses); None = blank."""

    label: str
    amount: int | None
    prior: int | None
    style: str
    level: int = 0
    key: str = ""


@dataclass(frozen=True, slots=True)
class StatementReport:
    """Neraca, PHU or arus kas: rows with this period's and the comparative column."""

    letterhead: Letterhead
    printed_at: dt.datetime
    kind: str                                  # neraca, phu, arus-kas
    title: str
    subtitle: str                              # "Per 31 Desember 2025 dan 2024"
    columns: tuple[str, ...]                   # ("31 Desember 2025", "31 Desember 2024") or one
    rows: tuple[PrintedRow, ...]
    mark: str                                  # "" or "Tahun buku 2026 belum ditutup ..."
    warnings: tuple[str, ...]
    signatories: tuple[Signatory, ...]
    breakdown_title: str = ""
    breakdown: tuple[PrintedRow, ...] = ()     # arus kas: each cash and bank account at the end

    @property
    def comparative(self) -> bool:
        return len(self.columns) > 1

    def row(self, key: str) -> PrintedRow | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True, slots=True)
class EquityLine:
    label: str
    amounts: tuple[int, ...]                   # one per column
    total: int
    style: str = "line"                        # heading, line, balance (saldo awal / akhir)
    key: str = ""


@dataclass(frozen=True, slots=True)
class EquityReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    title: str
    subtitle: str
    columns: tuple[str, ...]                   # the equity columns (the union of both years)
    lines: tuple[EquityLine, ...]              # the prior year's block first, then this year's
    mark: str
    warnings: tuple[str, ...]
    signatories: tuple[Signatory, ...]


@dataclass(frozen=True, slots=True)
class NoteTable:
    """One note of the CaLK extract: a small table (the last row, when ``total``, is the total)."""

    number: int
    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...]
    total: bool = True
    after: str = ""


@dataclass(frozen=True, slots=True)
class StatementSetReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    title: str                                 # "Laporan Keuangan Tahun Buku 2025"
    period_line: str                           # "Per dan untuk tahun yang berakhir 31 Desember 2025 dan 2024"
    balance_sheet: StatementReport
    income_statement: StatementReport
    equity: EquityReport
    cash_flow: StatementReport
    notes: tuple[NoteTable, ...]
    mark: str
    consistent: bool
    signatories: tuple[Signatory, ...]         # Ketua, Bendahara, Mengetahui: Pengawas
    general: tuple[tuple[str, str], ...] = field(default=())    # the cover's particulars


# ----------------------------------------------------------------------------------------------- build


def load(ws: Workspace, year: int, month_from: int | None = None, month_to: int | None = None, *,
         comparative: bool = True, with_notes: bool = True) -> FinancialStatements:
    """The statement set from the service; refused (Indonesian message) when the period has no data at all."""
    fs = statements.financial_statements(ws, year, month_from, month_to, comparative=comparative,
                                         with_notes=with_notes)
    bs, phu, cf = fs.balance_sheet, fs.income_statement, fs.cash_flow
    empty = (not bs.total_assets and not bs.total_liabilities and not bs.total_equity
             and not any(g.amount for g in phu.groups) and not cf.net_change and not cf.opening)
    if empty:
        raise ValidationError(f"Tahun buku {year} belum mempunyai data: tidak ada saldo maupun transaksi sampai "
                              f"{fmt.date_long(fs.period.end)}.")
    return fs


def _ending(p: Period) -> str:
    return fmt.date_long(p.end)


def as_of_subtitle(fs: FinancialStatements) -> str:
    p, q = fs.period, fs.prior_period
    if q is None:
        return f"Per {_ending(p)}"
    same_day = (p.end.month, p.end.day) == (q.end.month, q.end.day)
    return f"Per {_ending(p)} dan {q.end.year if same_day else fmt.date_long(q.end)}"


def period_subtitle(fs: FinancialStatements) -> str:
    p, q = fs.period, fs.prior_period
    what = "tahun" if p.is_full_year else "periode"
    text = f"Untuk {what} yang berakhir {_ending(p)}"
    if q is not None:
        text += f" dan {q.end.year}"
    if not p.is_full_year:
        text += f" ({p.label}" + (f" dan {q.label}" if q else "") + ")"
    return text


def period_column(p: Period) -> str:
    if p.is_full_year:
        return str(p.end.year) if p.start.month == 1 else p.label.removeprefix("Tahun buku ")
    return p.label


def year_mark(fs: FinancialStatements) -> str:
    if fs.year_closed:
        return ""
    return (f"Tahun buku {fs.period.fiscal_year} belum ditutup: angka sementara, belum diaudit dan dapat berubah "
            "sampai tutup buku.")


def statement_signatories(lh: Letterhead) -> tuple[Signatory, ...]:
    return (lh.signatory("Ketua"), lh.signatory("Bendahara"))


def pengawas(lh: Letterhead) -> Signatory:
    """The Ketua Pengawas (else the first pengawas), under "Mengetahui,"."""
    found = [o for o in lh.officials if o.active and o.body == "pengawas"]
    found.sort(key=lambda o: "ketua" not in o.role.casefold())
    if found:
        return Signatory("Mengetahui,", found[0].name, found[0].role)
    return Signatory("Mengetahui,", "", "Ketua Pengawas")


def printed_rows(rows: tuple[StatementRow, ...], *, negate_deductions: bool = False) -> tuple[PrintedRow, ...]:
    """The service's rows as printed: a line followed by its accounts becomes a caption, the accounts, and
    "Jumlah <line>" with the line's own amount (nothing is added here)."""
    out: list[PrintedRow] = []

    def shown(value: int | None, deduct: bool) -> int | None:
        if value is None:
            return None
        return -value if negate_deductions and deduct else value

    i = 0
    while i < len(rows):
        r = rows[i]
        details = []
        j = i + 1
        while r.kind == RowKind.LINE and j < len(rows) and rows[j].kind == RowKind.DETAIL:
            if rows[j].amount or rows[j].prior:          # an account with nothing in either year is left out
                details.append(rows[j])
            j += 1
        if len(details) == 1 and details[0].amount == r.amount and details[0].prior == r.prior:
            details = []                                  # one account: the line says it all
        if j > i + 1 and not details:
            out.append(PrintedRow(r.label, shown(r.amount, r.deduct), shown(r.prior, r.deduct), "line", r.level,
                                  r.key))
            i = j
            continue
        if details:
            out.append(PrintedRow(r.label, None, None, "heading_line", r.level, f"judul:{r.key}"))
            out += [PrintedRow(d.label, shown(d.amount, d.deduct), shown(d.prior, d.deduct), "detail", d.level,
                               d.key) for d in details]
            out.append(PrintedRow(f"Jumlah {_lower_first(r.label)}", shown(r.amount, r.deduct),
                                  shown(r.prior, r.deduct), "line_total", r.level, r.key))
            i = j
            continue
        style = {RowKind.HEADING: "heading", RowKind.LINE: "line", RowKind.DETAIL: "detail",
                 RowKind.SUBTOTAL: "subtotal", RowKind.TOTAL: "total"}[r.kind]
        out.append(PrintedRow(r.label, shown(r.amount, r.deduct), shown(r.prior, r.deduct), style, r.level, r.key))
        i += 1
    return tuple(out)


def _lower_first(text: str) -> str:
    """"Kas dan bank" -> "kas dan bank", but "SHU tahun berjalan" stays."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _report(fs: FinancialStatements, lh: Letterhead, now: dt.datetime | None, kind: str,
            details: bool | None = None) -> StatementReport:
    """``details`` None: the neraca by line (its accounts are in the ledger and the notes), the PHU by account."""
    now = now or dt.datetime.now()
    mark = year_mark(fs)
    comparative = fs.prior_period is not None
    warnings: list[str] = []
    breakdown_title, breakdown = "", ()
    if kind == "neraca":
        bs = fs.balance_sheet
        columns = tuple(fmt.date_short(d) for d in ((bs.as_of, bs.prior_as_of) if comparative else (bs.as_of,)))
        rows = printed_rows(bs.rows(details=bool(details)))
        subtitle = as_of_subtitle(fs)
        if not bs.balanced:
            warnings.append(f"Perhatian: jumlah aset ({fmt.rupiah(bs.total_assets)}) tidak sama dengan jumlah "
                            f"liabilitas dan ekuitas ({fmt.rupiah(bs.total_liabilities + bs.total_equity)}). "
                            "Periksa pembukuan sebelum laporan ini dipakai.")
    elif kind == "phu":
        phu = fs.income_statement
        columns = tuple(period_column(p) for p in ((fs.period, fs.prior_period) if comparative else (fs.period,)))
        rows = printed_rows(phu.rows(details=details is not False), negate_deductions=True)
        subtitle = period_subtitle(fs)
    elif kind == "arus-kas":
        cf = fs.cash_flow
        columns = tuple(period_column(p) for p in ((fs.period, fs.prior_period) if comparative else (fs.period,)))
        rows = printed_rows(cf.rows())
        subtitle = period_subtitle(fs)
        breakdown_title = "Kas dan bank akhir periode terdiri dari:"
        breakdown = tuple(PrintedRow(f"{a.code} {a.name}", a.amount, a.prior if comparative else None, "detail", 1,
                                     f"akun:{a.code}") for a in cf.cash_accounts)
        if not cf.ties or cf.closing != fs.balance_sheet.amount("kas_bank"):
            warnings.append("Perhatian: saldo akhir arus kas tidak sama dengan saldo kas dan bank di neraca. "
                            "Periksa pembukuan sebelum laporan ini dipakai.")
    else:
        raise ValueError(kind)
    title = TITLES[kind]
    return StatementReport(lh, now, kind, title, subtitle, columns, rows, mark, tuple(warnings),
                           statement_signatories(lh), breakdown_title, breakdown)


def _equity_report(fs: FinancialStatements, lh: Letterhead, now: dt.datetime | None) -> EquityReport:
    blocks = [x for x in (fs.prior_equity, fs.equity) if x is not None]
    keys: dict[str, str] = {}
    for eq in reversed(blocks):             # this year's order first, then anything only last year had
        for key, label in eq.columns:
            keys.setdefault(key, label)
    order = list(keys)
    lines: list[EquityLine] = []
    for eq in blocks:
        index = {key: i for i, (key, _) in enumerate(eq.columns)}

        def spread(amounts: tuple[int, ...], _index=index) -> tuple[int, ...]:
            return tuple(amounts[_index[k]] if k in _index else 0 for k in order)

        lines.append(EquityLine(f"Tahun buku {eq.period.fiscal_year}" if eq.period.is_full_year else eq.period.label,
                                (), 0, "heading", f"judul:{eq.period.fiscal_year}"))
        lines.append(EquityLine(f"Saldo per {fmt.date_long(eq.period.start - dt.timedelta(days=1))}",
                                spread(eq.opening.amounts), eq.opening.total, "balance", "saldo_awal"))
        lines += [EquityLine(m.label, spread(m.amounts), m.total, "line", m.key) for m in eq.movements]
        lines.append(EquityLine(f"Saldo per {fmt.date_long(eq.period.end)}", spread(eq.closing.amounts),
                                eq.closing.total, "balance", "saldo_akhir"))
    warnings = []
    if not fs.equity.ties or fs.equity.closing.total != fs.balance_sheet.total_equity:
        warnings.append("Perhatian: perubahan ekuitas tidak cocok dengan ekuitas di neraca. Periksa pembukuan.")
    return EquityReport(lh, now or dt.datetime.now(), TITLES["ekuitas"], period_subtitle(fs), tuple(keys.values()),
                        tuple(lines), year_mark(fs), tuple(warnings), statement_signatories(lh))


def report_from(fs: FinancialStatements, kind: str, lh: Letterhead, now: dt.datetime | None = None,
                details: bool | None = None) -> StatementReport | EquityReport:
    if kind not in KINDS:
        raise ValidationError(f"Laporan '{kind}' tidak dikenal; pilih {', '.join(KINDS)}.")
    if kind == "ekuitas":
        return _equity_report(fs, lh, now)
    return _report(fs, lh, now, kind, details)


def build_statement(ws: Workspace, kind: str, year: int, month_from: int | None = None, month_to: int | None = None,
                    *, comparative: bool = True, details: bool | None = None,
                    now: dt.datetime | None = None) -> StatementReport | EquityReport:
    """One statement: ``kind`` neraca, phu, ekuitas or arus-kas; ``details``: the accounts under each line
    (None: the neraca by line, the PHU by account)."""
    if kind not in KINDS:
        raise ValidationError(f"Laporan '{kind}' tidak dikenal; pilih {', '.join(KINDS)}.")
    fs = load(ws, year, month_from, month_to, comparative=comparative, with_notes=False)
    return report_from(fs, kind, letterhead(ws), now, details)


def _notes(fs: FinancialStatements, lh: Letterhead) -> tuple[NoteTable, ...]:
    n = fs.notes
    if n is None:
        return ()
    comparative = n.prior_as_of is not None
    now_head, prior_head = fmt.date_short(n.as_of), fmt.date_short(n.prior_as_of)
    out = []
    # 1. members and officials
    pengurus = [o for o in lh.officials if o.active and o.body == "pengurus"]
    pengawas_ = [o for o in lh.officials if o.active and o.body == "pengawas"]
    rows = [("Jumlah anggota", str(n.members), *([str(n.prior_members)] if comparative else []))]
    out.append(NoteTable(
        1, "Umum", "Koperasi " + lh.name + (f", {lh.legal_line}" if lh.legal_line else "") + ". "
        + ("Pengurus: " + "; ".join(f"{o.role} {o.name}" for o in pengurus) + ". " if pengurus else "")
        + ("Pengawas: " + "; ".join(f"{o.role} {o.name}" for o in pengawas_) + "." if pengawas_ else ""),
        ("Uraian", now_head, *([prior_head] if comparative else [])), tuple(rows), (1, 2), total=False))
    # 2. loans by collectibility and PPAP
    loans, prior = n.loans, n.prior_loans
    header = ("Kolektibilitas", "Tarif PPAP", "Jumlah pinjaman", f"Saldo {now_head}", f"PPAP {now_head}")
    if comparative and prior is not None:
        header += (f"Saldo {prior_head}", f"PPAP {prior_head}")
    prior_by = {c.klass: c for c in prior.classes} if prior else {}
    rows = []
    for c in loans.classes:
        row = (c.label, fmt.percent(c.rate, 1), str(c.loans), fmt.number(c.outstanding), fmt.number(c.ppap))
        if comparative and prior is not None:
            pc = prior_by.get(c.klass)
            row += (fmt.number(pc.outstanding if pc else 0), fmt.number(pc.ppap if pc else 0))
        rows.append(row)
    total = ("Jumlah", "", str(sum(c.loans for c in loans.classes)), fmt.number(loans.outstanding),
             fmt.number(loans.ppap_required))
    if comparative and prior is not None:
        total += (fmt.number(prior.outstanding), fmt.number(prior.ppap_required))
    rows.append(total)
    after = f"PPAP yang dibukukan per {fmt.date_long(loans.as_of)}: {fmt.rupiah(loans.ppap_booked)}"
    if loans.ppap_booked != loans.ppap_required:
        gap = loans.ppap_booked - loans.ppap_required
        after += f" ({'lebih' if gap > 0 else 'kurang'} {fmt.rupiah(abs(gap))} dari PPAP wajib)"
    out.append(NoteTable(2, "Pinjaman kepada anggota menurut kolektibilitas dan PPAP",
                         "Saldo pokok pinjaman dan penyisihan penghapusan aset produktif (PPAP) menurut kelas "
                         "kolektibilitas.", header, tuple(rows), tuple(range(1, len(header))), True, after + "."))
    # 3. savings by type
    header = ("Produk simpanan", "Akun", f"Penyimpan {now_head}", f"Saldo {now_head}")
    if comparative:
        header += (f"Penyimpan {prior_head}", f"Saldo {prior_head}")
    rows = []
    for s in n.savings:
        row = (s.product_name, s.account_code, str(s.members), fmt.number(s.amount))
        if comparative:
            row += (str(s.prior_members), fmt.number(s.prior))
        rows.append(row)
    total = ("Jumlah", "", "", fmt.number(sum(s.amount for s in n.savings)))
    if comparative:
        total += ("", fmt.number(sum(s.prior for s in n.savings)))
    rows.append(total)
    out.append(NoteTable(3, "Simpanan anggota menurut jenis",
                         "Simpanan pokok dan wajib disajikan sebagai ekuitas; simpanan sukarela dan berjangka "
                         "sebagai liabilitas.", header, tuple(rows), tuple(range(2, len(header)))))
    # 4. SHU allocation
    status = {"belum ditutup": f"Tahun buku {n.shu_year} belum ditutup; persentase menurut AD/ART, jumlahnya "
                               "ditetapkan sesudah tutup buku dan keputusan RAT.",
              "ditutup": f"Tahun buku {n.shu_year} sudah ditutup; pembagian SHU menunggu keputusan RAT.",
              "disetujui": "Pembagian SHU sudah disetujui RAT, belum dibukukan.",
              "dibukukan": "Pembagian SHU sudah disetujui RAT dan dibukukan."}.get(n.shu_status, n.shu_status)
    rows = [(a.label, fmt.percent(a.percent, 2), fmt.number(a.amount)) for a in n.allocation]
    rows.append(("Jumlah", fmt.percent(sum(a.percent for a in n.allocation), 2), fmt.number(n.shu)))
    out.append(NoteTable(4, f"Pembagian SHU tahun buku {n.shu_year}",
                         f"SHU setelah pajak {fmt.rupiah(n.shu)} dibagi menurut AD/ART. {status}",
                         ("Alokasi", "Persentase", "Jumlah (Rp)"), tuple(rows), (1, 2)))
    return tuple(out)


def build_statement_set(ws: Workspace, year: int, month_from: int | None = None, month_to: int | None = None, *,
                        comparative: bool = True, now: dt.datetime | None = None) -> StatementSetReport:
    """The four statements and the CaLK extract, as one document with a cover."""
    fs = load(ws, year, month_from, month_to, comparative=comparative, with_notes=True)
    lh = letterhead(ws)
    now = now or dt.datetime.now()
    p = fs.period
    title = f"Laporan Keuangan Tahun Buku {p.fiscal_year}" if p.is_full_year else f"Laporan Keuangan {p.label}"
    when = ("tahun" if p.is_full_year else "periode") + f" yang berakhir {fmt.date_long(p.end)}"
    period_line = f"Per dan untuk {when}" + (f" dan {fs.prior_period.end.year}" if fs.prior_period else "")
    general = [("Nama koperasi", lh.name)]
    if lh.legal_line:
        general.append(("Badan hukum", lh.legal_line.removeprefix("Badan Hukum ")))
    if lh.address_lines:
        general.append(("Alamat", ", ".join(lh.address_lines)))
    if fs.notes is not None:
        general.append(("Jumlah anggota", f"{fs.notes.members} orang per {fmt.date_long(fs.notes.as_of)}"))
    general.append(("Status tahun buku", "Sudah ditutup (tutup buku)" if fs.year_closed else "Belum ditutup"))
    return StatementSetReport(
        lh, now, title, period_line, _report(fs, lh, now, "neraca"), _report(fs, lh, now, "phu"),
        _equity_report(fs, lh, now), _report(fs, lh, now, "arus-kas"), _notes(fs, lh), year_mark(fs),
        fs.consistent, (*statement_signatories(lh), pengawas(lh)), tuple(general))


# ----------------------------------------------------------------------------------------------- render


def amount_text(value: int | None) -> str:
    """Statement figures: thousands dots, negatives in parentheses, zero as a dash."""
    if value is None:
        return ""
    return "-" if value == 0 else fmt.number(value)


def _fits(text: str, font: str, width: float) -> bool:
    return pdfmetrics.stringWidth(text, font, FONT_SIZE) <= width


def _label(text: str, width: float, bold: bool = False, italic: bool = False) -> str | Paragraph:
    font = SANS_BOLD if bold else SANS
    if _fits(text, font, width - 2 * TABLE_PAD - 1) and not italic:
        return text
    markup = escape(text)
    if bold:
        markup = f"<b>{markup}</b>"
    if italic:
        markup = f"<i>{markup}</i>"
    return Paragraph(markup, _stmt_style())


@cache
def _stmt_style():
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("stmt", parent=styles()["body"], fontName=SANS, fontSize=FONT_SIZE,
                          leading=FONT_SIZE * 1.22)


@cache
def _head_style():
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("stmt_head", parent=styles()["body"], fontName=SANS_BOLD, fontSize=FONT_SIZE,
                          leading=FONT_SIZE * 1.22, alignment=TA_CENTER)


DOUBLE = ("LINEBELOW", (1, 0), (-1, 0), 0.6, INK, 1, None, None, 2, 1.4)


class StatementRenderer(Renderer):
    """Neraca, PHU or arus kas: label and one amount column per period; no grid, totals ruled."""

    report: StatementReport

    def document_title(self) -> str:
        return f"{self.report.title} {self.report.subtitle[0].lower()}{self.report.subtitle[1:]}"

    def story(self) -> list[Flowable]:
        r = self.report
        return [*self.kop_surat(), *self.body(r.signatories)]

    def heading(self, coop_line: bool = False) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = []
        if coop_line:
            out.append(para(self.letterhead.name.upper(), "subtitle"))
        out += self.title_block(r.title, r.subtitle)
        if r.mark:
            out += [para(r.mark, "note"), Spacer(1, 2 * mm)]
        return out

    def body(self, signatories, coop_line: bool = False) -> list[Flowable]:
        r = self.report
        out = self.heading(coop_line)
        money = 33 * mm
        widths = [self.width - money * len(r.columns), *[money] * len(r.columns)]
        head = Row(tuple([Paragraph("", _head_style())] + [Paragraph(f"{escape(c)}<br/>(Rp)", _head_style())
                                                            for c in r.columns]),
                   (("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("VALIGN", (0, 0), (-1, 0), "BOTTOM")))
        rows = [self._row(x, widths[0], len(r.columns)) for x in r.rows]
        after: list[Flowable] = []
        if r.breakdown:
            after += [Spacer(1, 3 * mm), para(r.breakdown_title, "label"), Spacer(1, 1 * mm),
                      self._plain([self._row(x, widths[0], len(r.columns)) for x in r.breakdown], widths)]
        for w in r.warnings:
            after += [Spacer(1, 3 * mm), para(w, "note")]
        after += self.signatures(signatories)
        style = [("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.1),
                 ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD)]
        table = PagedTable([head], rows, widths, style, FONT_SIZE * 1.2 + 2.2, tail=after)
        out += [table, KeepTogether(list(table.tail))]
        return out

    def _plain(self, rows: list[Row], widths) -> Table:
        table = Table([list(x.cells) for x in rows], colWidths=widths, hAlign="LEFT")
        style = [("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                 ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD)]
        for i, x in enumerate(rows):
            style += [(c[0], (c[1][0], c[1][1] + i), (c[2][0], c[2][1] + i), *c[3:]) for c in x.style]
        table.setStyle(TableStyle(style))
        return table

    @staticmethod
    def _row(x: PrintedRow, label_width: float, columns: int) -> Row:
        pad = TABLE_PAD + x.level * INDENT
        bold = x.style in ("heading", "subtotal", "total") or (x.style == "heading" and x.level == 0)
        label = x.label.upper() if x.style == "heading" and x.level == 0 else x.label
        amounts = [amount_text(x.amount), *([amount_text(x.prior)] if columns > 1 else [])]
        cells = (_label(label, label_width - pad + TABLE_PAD, bold, x.style == "detail"), *amounts)
        style: list[tuple] = [("LEFTPADDING", (0, 0), (0, 0), pad)]
        if bold:
            style.append(("FONTNAME", (0, 0), (-1, 0), SANS_BOLD))
        if x.style == "detail":
            style.append(("TEXTCOLOR", (0, 0), (-1, 0), "#333333"))
        if x.style == "heading" and x.level == 0:
            style.append(("TOPPADDING", (0, 0), (-1, 0), 4))
        if x.style == "line_total":
            style.append(("LINEABOVE", (1, 0), (-1, 0), 0.4, RULE))
        if x.style == "subtotal":
            style += [("LINEABOVE", (1, 0), (-1, 0), 0.6, INK), ("BOTTOMPADDING", (0, 0), (-1, 0), 3)]
        if x.style == "total":
            style += [("LINEABOVE", (1, 0), (-1, 0), 0.8, INK), DOUBLE, ("BACKGROUND", (0, 0), (-1, 0), BAND),
                      ("TOPPADDING", (0, 0), (-1, 0), 2.5), ("BOTTOMPADDING", (0, 0), (-1, 0), 3)]
        return Row(cells, tuple(style))


class EquityRenderer(Renderer):
    """Laporan perubahan ekuitas: a column per equity line and Jumlah; last year's block, then this year's."""

    report: EquityReport

    def document_title(self) -> str:
        return f"{self.report.title} {self.report.subtitle[0].lower()}{self.report.subtitle[1:]}"

    def story(self) -> list[Flowable]:
        return [*self.kop_surat(), *self.body(self.report.signatories)]

    def body(self, signatories, coop_line: bool = False) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = []
        if coop_line:
            out.append(para(self.letterhead.name.upper(), "subtitle"))
        out += self.title_block(r.title, r.subtitle)
        if r.mark:
            out += [para(r.mark, "note"), Spacer(1, 2 * mm)]
        n = len(r.columns) + 1
        texts = [amount_text(v) for x in r.lines for v in (*x.amounts, x.total)]
        widest = max((pdfmetrics.stringWidth(t, COND_BOLD, EQ_SIZE) for t in texts), default=0)
        money = max(17 * mm, widest + 2 * TABLE_PAD + 2)
        money = min(money, (self.width - 40 * mm) / n)
        widths = [self.width - money * n, *[money] * n]
        head_style = _head_style()
        head = Row(tuple([Paragraph("Uraian", head_style)]
                         + [Paragraph(escape(c), head_style) for c in (*r.columns, "Jumlah")]),
                   (("LINEBELOW", (0, 0), (-1, 0), 0.8, INK), ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
                    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), SHADE)))
        rows = []
        for x in r.lines:
            if x.style == "heading":
                rows.append(Row((_label(x.label, self.width, True), *[""] * n),
                                (("SPAN", (0, 0), (-1, 0)), ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
                                 ("TOPPADDING", (0, 0), (-1, 0), 6))))
                continue
            cells = (_label(x.label, widths[0], x.style == "balance"), *[amount_text(a) for a in x.amounts],
                     amount_text(x.total))
            style: tuple = ()
            if x.style == "balance":
                style = (("FONTNAME", (1, 0), (-1, 0), COND_BOLD), ("FONTNAME", (0, 0), (0, 0), SANS_BOLD),
                         ("LINEABOVE", (1, 0), (-1, 0), 0.6, INK) if x.key == "saldo_akhir" else
                         ("LINEABOVE", (0, 0), (0, 0), 0, INK))
                if x.key == "saldo_akhir":
                    style += (DOUBLE, ("BACKGROUND", (0, 0), (-1, 0), BAND))
            else:
                style = (("LEFTPADDING", (0, 0), (0, 0), TABLE_PAD + INDENT),)
            rows.append(Row(cells, style))
        after: list[Flowable] = [para(w, "note") for w in r.warnings] + self.signatures(signatories)
        style = [("FONT", (0, 0), (-1, -1), SANS, FONT_SIZE), ("FONT", (1, 1), (-1, -1), COND, EQ_SIZE),
                 ("TEXTCOLOR", (0, 0), (-1, -1), INK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
                 ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
                 ("LINEAFTER", (-2, 0), (-2, -1), 0.3, RULE)]
        table = PagedTable([head], rows, widths, style, FONT_SIZE * 1.2 + 3.2, tail=after)
        out += [table, KeepTogether(list(table.tail))]
        return out


class StatementSetRenderer(Renderer):
    """Cover, the four statements (each from a new page) and the notes; one "Halaman X dari Y" for all."""

    report: StatementSetReport

    def document_title(self) -> str:
        return self.report.title

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(), Spacer(1, 28 * mm), para(r.title.upper(), "title"),
                               Spacer(1, 2 * mm), para(r.period_line, "subtitle"), Spacer(1, 10 * mm)]
        if r.mark:
            out += [para(r.mark, "note"), Spacer(1, 6 * mm)]
        out += [self.info_block(r.general, 38 * mm), Spacer(1, 10 * mm),
                Paragraph("<b>Daftar isi</b>", styles()["body"]), Spacer(1, 1 * mm)]
        contents = [r.balance_sheet.title, r.income_statement.title, r.equity.title, r.cash_flow.title,
                    "Catatan atas Laporan Keuangan (ikhtisar)"]
        out += [para(f"{i}.  {t}", "label") for i, t in enumerate(contents, start=1)]
        if not r.consistent:
            out += [Spacer(1, 6 * mm), para("Perhatian: laporan-laporan ini tidak saling cocok (aset, liabilitas "
                                             "dan ekuitas, SHU, atau kas). Periksa pembukuan sebelum dipakai.",
                                             "note")]
        pengurus = r.signatories[:2]
        for sub in (StatementRenderer(r.balance_sheet, self.setup), StatementRenderer(r.income_statement, self.setup),
                    EquityRenderer(r.equity, self.setup), StatementRenderer(r.cash_flow, self.setup)):
            out += [PageBreak(), *sub.body(pengurus, coop_line=True)]
        out += [PageBreak(), para(self.letterhead.name.upper(), "subtitle"),
                *self.title_block("Catatan atas Laporan Keuangan", r.period_line + " (ikhtisar)")]
        notes = [self.note_flowables(note) for note in r.notes]
        for flowables in notes[:-1]:
            out.append(KeepTogether(flowables))
        last = notes[-1] if notes else []       # the signatures never stand alone on the last page
        out.append(KeepTogether([*last, *self.signatures(r.signatories)]))
        return out

    def note_flowables(self, note: NoteTable) -> list[Flowable]:
        n = len(note.header)
        if n <= 3:
            widths = [70 * mm, 30 * mm, 40 * mm][:n]
        else:
            cols = list(zip(*note.rows, strict=True))
            need = [max(16 * mm, column_width([*cols[i], *note.header[i].split()], bold=True)) for i in range(n)]
            need[0] = 0
            widths = [self.width - sum(need), *need[1:]]
        head = [Paragraph(escape(h), styles()["cell_head"]) for h in note.header]
        data = [head, *[list(row) for row in note.rows]]
        table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1)
        style = [("FONT", (0, 0), (-1, -1), COND, 8.5), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                 ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.8), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8)]
        style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in note.numeric]
        if note.total:
            style += [("FONT", (0, -1), (-1, -1), COND_BOLD, 8.5), ("LINEABOVE", (0, -1), (-1, -1), 1.1, INK)]
        table.setStyle(TableStyle(style))
        out: list[Flowable] = [Spacer(1, 4 * mm),
                               Paragraph(f"<b>{note.number}. {escape(note.title)}</b>", styles()["body"])]
        if note.intro:
            out.append(para(note.intro, "label"))
        out += [Spacer(1, 1.5 * mm), table]
        if note.after:
            out += [Spacer(1, 1 * mm), para(note.after, "label")]
        return out


__all__ = ["KINDS", "TITLES", "EquityLine", "EquityRenderer", "EquityReport", "NoteTable", "PrintedRow",
           "StatementRenderer", "StatementReport", "StatementSetRenderer", "StatementSetReport",
           "amount_text", "build_statement", "build_statement_set", "load", "report_from"]
