"""Loan lists (landscape by default):

* Daftar tunggakan (arrears) as of a date: every loan with an instalment past due and unpaid, with the member, the
  product, the disbursement date, the principal outstanding, the oldest unpaid due date and its days overdue, the
  pokok and jasa in arrears, the denda and the class; grouped by kolektibilitas (worst first) with subtotals, or one
  list by days overdue; totals.
* Rekap kolektibilitas dan PPAP as of a date (spec §2.1-2.3): per class the loans, outstanding, the PPAP rate, the
  collateral deducted, the base and the PPAP required; the total required against the PPAP booked (1-1390) and the
  shortfall or excess; problem loans and RPM with their ratios; the problem loans one by one.
* Angsuran jatuh tempo: the instalments falling due in a period (this week, this month), with the member's phone,
  what is already paid and what is still due.

Every figure comes from ``services.collectibility``; the renderers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.loans import Kolektibilitas
from kopdesk.reports.base import SHADE, WARN, Renderer, bold_row, cell_text, column_width, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.loan_card import heading, pct, summary_table
from kopdesk.reports.member_list import wrapped
from kopdesk.reports.tables import Row
from kopdesk.services import collectibility, ledger, loan_products, members
from kopdesk.services.workspace import Workspace

WORST_FIRST = (Kolektibilitas.MACET, Kolektibilitas.DIRAGUKAN, Kolektibilitas.KURANG_LANCAR, Kolektibilitas.LANCAR)
TOTAL = bold_row(("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))


def _signatories(lh: Letterhead) -> tuple[Signatory, ...]:
    return (lh.signatory("Bendahara", "Dibuat oleh,"), lh.signatory("Ketua", "Mengetahui,"))


def _ratio(part: int | Decimal, whole: int) -> Decimal | None:
    """part / whole in percent, 2 decimals half up (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"))


def _percent(value: Decimal | None) -> str:
    return fmt.percent(value, 2) if value is not None else "-"


def _fit(fixed: list[float | None], total: float, minimum: float = 30 * mm) -> list[float]:
    """Column widths where the one ``None`` column takes what the others leave; when that is under ``minimum``
    (portrait paper), the other columns shrink in proportion so the table still fits the page."""
    flex = fixed.index(None)
    others = sum(w for w in fixed if w is not None)
    scale = min(1.0, (total - minimum) / others)
    widths = [w * scale if w is not None else 0.0 for w in fixed]
    widths[flex] = total - others * scale
    return widths


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a list: ``width`` None is the flexible column (there is one)."""

    key: str
    head: str
    width: float | None
    numeric: bool = False
    wide_only: bool = False       # left out on portrait paper (narrower than COMPACT)


COMPACT = 200 * mm                # a frame narrower than this (portrait A4/F4) gets the compact columns


def _chosen(columns: list[Column], total: float) -> tuple[list[Column], list[float]]:
    chosen = [c for c in columns if total >= COMPACT or not c.wide_only]
    return chosen, _fit([c.width for c in chosen], total)


def _cells(columns: list[Column], values: dict) -> tuple:
    return tuple(values.get(c.key, "") for c in columns)


def _label_span(columns: list[Column], first_amount: str) -> tuple[tuple, ...]:
    """A totals label across the columns before the first amount."""
    last = max(0, [c.key for c in columns].index(first_amount) - 1)
    return (("SPAN", (0, 0), (last, 0)), ("ALIGN", (0, 0), (last, 0), "RIGHT"))


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


# ================================================================================================ daftar tunggakan


@dataclass(frozen=True, slots=True)
class ArrearsLine:
    loan_id: int
    loan_number: str
    member_number: str
    member_name: str
    product_name: str
    disbursed_on: dt.date | None
    outstanding: int              # all principal outstanding
    oldest_due: dt.date           # the oldest instalment past due and unpaid
    days_overdue: int
    instalments: int              # instalments in arrears
    principal: int                # pokok in arrears
    jasa: int
    denda: int
    klass: Kolektibilitas

    @property
    def total(self) -> int:
        return self.principal + self.jasa + self.denda


@dataclass(frozen=True, slots=True)
class ArrearsTotals:
    loans: int
    outstanding: int
    principal: int
    jasa: int
    denda: int

    @property
    def total(self) -> int:
        return self.principal + self.jasa + self.denda


def _totals(lines) -> ArrearsTotals:
    return ArrearsTotals(len(lines), sum(x.outstanding for x in lines), sum(x.principal for x in lines),
                         sum(x.jasa for x in lines), sum(x.denda for x in lines))


@dataclass(frozen=True, slots=True)
class ArrearsGroup:
    klass: Kolektibilitas
    lines: tuple[ArrearsLine, ...]
    totals: ArrearsTotals


@dataclass(frozen=True, slots=True)
class ArrearsReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    as_of: dt.date
    grouped: bool
    lines: tuple[ArrearsLine, ...]          # longest overdue first
    groups: tuple[ArrearsGroup, ...]        # by class, worst first (only the classes present)
    totals: ArrearsTotals
    signatories: tuple[Signatory, ...]


def build_arrears(ws: Workspace, as_of: dt.date, *, grouped: bool = True,
                  now: dt.datetime | None = None) -> ArrearsReport:
    """``grouped``: by kolektibilitas (worst first) with subtotals; else one list by days overdue."""
    products = {p.id: p.name for p in loan_products.products(ws)}
    lines = tuple(ArrearsLine(
        r.loan.id, r.loan.number, r.member_number, r.member_name, products.get(r.loan.product_id, ""),
        r.loan.disbursed_on, r.outstanding, as_of - dt.timedelta(days=r.days_overdue), r.days_overdue,
        r.instalments, r.principal, r.jasa, r.denda, r.klass) for r in collectibility.arrears(ws, as_of))
    groups = []
    if grouped:
        for k in WORST_FIRST:
            of = tuple(x for x in lines if x.klass == k)
            if of:
                groups.append(ArrearsGroup(k, of, _totals(of)))
    lh = letterhead(ws)
    return ArrearsReport(letterhead=lh, printed_at=now or dt.datetime.now(), as_of=as_of, grouped=grouped,
                         lines=lines, groups=tuple(groups), totals=_totals(lines), signatories=_signatories(lh))


class ArrearsRenderer(Renderer):
    report: ArrearsReport

    def document_title(self) -> str:
        return f"Daftar Tunggakan Pinjaman per {fmt.date_long(self.report.as_of)}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Daftar Tunggakan Pinjaman", f"Per {fmt.date_long(r.as_of)}")]
        t = r.totals
        order = "dikelompokkan menurut kolektibilitas, " if r.grouped else ""
        out += [para(f"{t.loans} pinjaman menunggak, {order}diurutkan dari yang paling lama. Hari = umur angsuran "
                     "tertua yang belum dibayar; denda dihitung sampai tanggal laporan.", "label"), Spacer(1, 3 * mm)]
        out += self.closing(self._table())
        return out

    def _table(self):
        r = self.report
        lines = r.lines
        t = r.totals
        money = column_width([fmt.number(n) for n in (t.outstanding, t.principal, t.jasa, t.total)], 17 * mm)
        small = column_width([fmt.number(t.denda)], 14 * mm)
        loan_w = max(column_width([x.loan_number for x in lines], 22 * mm, bold=False),
                     min(column_width([x.product_name for x in lines], bold=False), 30 * mm))
        date = column_width(["00-00-0000"], bold=False)
        columns, widths = _chosen([
            Column("no", "No.", column_width([str(len(lines)), "No."], 7 * mm), True),
            Column("member", "Anggota", None), Column("loan", "No. Pinjaman / Produk", loan_w),
            Column("disbursed", "Tanggal Cair", date, wide_only=True),
            Column("outstanding", "Sisa Pokok (Rp)", money, True),
            Column("oldest", "Jatuh Tempo Tertua", date, wide_only=not r.grouped),    # portrait: room for the class
            Column("days", "Hari", column_width(["0000"], 9 * mm), True),
            Column("inst", "Angs.", column_width(["Angs.", "00"], 9 * mm), True, wide_only=True),
            Column("principal", "Tunggakan Pokok (Rp)", money, True),
            Column("jasa", "Tunggakan Jasa (Rp)", money, True), Column("denda", "Denda (Rp)", small, True),
            Column("total", "Jumlah Tunggakan (Rp)", money, True, wide_only=True),
            Column("klass", "Kolektibilitas", column_width(["Kurang Lancar"], bold=False),
                   wide_only=r.grouped)], self.width)      # grouped: the group heading names the class
        member_w = widths[[c.key for c in columns].index("member")]
        macet = (("TEXTCOLOR", (-1, 0), (-1, 0), WARN),) if columns[-1].key == "klass" else ()

        def line(i: int, x: ArrearsLine) -> Row:
            loan = x.loan_number + ("\n" + wrapped(x.product_name, loan_w) if x.product_name else "")
            return Row(_cells(columns, {
                "no": str(i), "member": cell_text(f"{x.member_number} {x.member_name}", member_w), "loan": loan,
                "disbursed": fmt.date_short(x.disbursed_on), "outstanding": fmt.number(x.outstanding),
                "oldest": fmt.date_short(x.oldest_due), "days": str(x.days_overdue), "inst": str(x.instalments),
                "principal": fmt.number(x.principal), "jasa": fmt.number(x.jasa), "denda": fmt.number(x.denda),
                "total": fmt.number(x.total), "klass": x.klass.label}),
                macet if x.klass == Kolektibilitas.MACET else ())

        def total_row(label: str, s: ArrearsTotals, style) -> Row:
            return Row(_cells(columns, {
                "no": label, "outstanding": fmt.number(s.outstanding), "principal": fmt.number(s.principal),
                "jasa": fmt.number(s.jasa), "denda": fmt.number(s.denda), "total": fmt.number(s.total)}),
                (*style, *_label_span(columns, "outstanding")))

        blank = ("",) * (len(columns) - 1)
        rows: list[Row] = []
        if r.grouped:
            number = 0
            for g in r.groups:
                rows.append(Row((f"{g.klass.label} \u2013 {g.totals.loans} pinjaman", *blank),
                                bold_row(("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                         ("ALIGN", (0, 0), (-1, 0), "LEFT"))))
                for x in g.lines:
                    number += 1
                    rows.append(line(number, x))
                rows.append(total_row(f"Jumlah {g.klass.label}", g.totals, bold_row()))
        else:
            rows += [line(i, x) for i, x in enumerate(lines, start=1)]
        if not lines:
            rows.append(Row(("Tidak ada pinjaman yang menunggak pada tanggal ini.", *blank),
                            (("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "CENTER"))))
        rows.append(total_row("Jumlah seluruhnya", t, (*TOTAL, ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        return self.table([c.head for c in columns], rows, widths,
                          numeric=tuple(i for i, c in enumerate(columns) if c.numeric),
                          keep_with=self.signatures(r.signatories, on=r.printed_at.date()))


# ================================================================================================ kolektibilitas


@dataclass(frozen=True, slots=True)
class ClassLine:
    klass: Kolektibilitas
    loans: int
    outstanding: int
    rate: Decimal                 # PPAP %
    collateral: int               # eligible collateral deducted (0 for Lancar)
    base: int                     # outstanding (Lancar) or outstanding less collateral
    ppap: Decimal                 # exact
    ppap_shown: int               # rounded up to the rupiah, as printed


@dataclass(frozen=True, slots=True)
class ProblemLoan:
    loan_number: str
    member_number: str
    member_name: str
    product_name: str
    outstanding: int
    days_overdue: int
    klass: Kolektibilitas
    collateral: int
    ppap: Decimal


@dataclass(frozen=True, slots=True)
class CollectibilityReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    as_of: dt.date
    classes: tuple[ClassLine, ...]       # Lancar, Kurang Lancar, Diragukan, Macet
    loans: int
    outstanding: int
    collateral: int
    base: int
    ppap_required: int                   # the portfolio total, rounded up (services.collectibility)
    ppap_booked: int                     # balance of the PPAP account
    ppap_account: str                    # "1-1390 Penyisihan penghapusan pinjaman"
    problem_loans: int                   # Kurang Lancar + Diragukan + Macet
    rpm: Decimal                         # 0.5 KL + 0.75 D + 1.0 M
    problem_ratio: Decimal | None        # % of outstanding
    rpm_ratio: Decimal | None
    lancar_ratio: Decimal | None
    details: tuple[ProblemLoan, ...]     # the problem loans, worst first
    signatories: tuple[Signatory, ...]

    @property
    def shortfall(self) -> int:
        """Positive: PPAP still to be formed; negative: booked above what is required."""
        return self.ppap_required - self.ppap_booked

    def of(self, klass: Kolektibilitas) -> ClassLine:
        return next(c for c in self.classes if c.klass == klass)


def build_collectibility(ws: Workspace, as_of: dt.date, *, details: bool = True,
                         now: dt.datetime | None = None) -> CollectibilityReport:
    """The recap equals ``collectibility.portfolio_summary`` (built from the same classified portfolio)."""
    settings = loan_products.get_settings(ws)
    portfolio = collectibility.portfolio(ws, as_of)
    booked = collectibility.ppap_booked(ws, as_of, settings)
    s = collectibility.summarize(portfolio, as_of, booked, settings)
    classes = tuple(ClassLine(c.klass, c.loans, c.outstanding, c.rate, c.collateral, c.outstanding - c.collateral,
                              c.ppap, _ceil(c.ppap)) for c in s.classes)
    products = {p.id: p.name for p in loan_products.products(ws)}
    problems = ()
    if details:
        worst = {k: i for i, k in enumerate(WORST_FIRST)}
        problems = tuple(ProblemLoan(c.loan.number, c.member_number, c.member_name,
                                     products.get(c.loan.product_id, ""), c.outstanding, c.days_overdue, c.klass,
                                     min(c.eligible_collateral, c.outstanding), c.ppap)
                         for c in sorted(portfolio, key=lambda c: (worst[c.klass], -c.days_overdue, c.loan.number))
                         if c.klass != Kolektibilitas.LANCAR)
    account = ledger.get_account(ws, settings.ppap_account)
    lh = letterhead(ws)
    return CollectibilityReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), as_of=as_of, classes=classes, loans=s.loans,
        outstanding=s.outstanding, collateral=sum(c.collateral for c in classes), base=sum(c.base for c in classes),
        ppap_required=s.ppap_required, ppap_booked=s.ppap_booked, ppap_account=account.label,
        problem_loans=s.problem_loans, rpm=s.risk_weighted_problem_loans,
        problem_ratio=_ratio(s.problem_loans, s.outstanding), rpm_ratio=_ratio(s.risk_weighted_problem_loans,
                                                                                s.outstanding),
        lancar_ratio=_ratio(s.of(Kolektibilitas.LANCAR).outstanding, s.outstanding), details=problems,
        signatories=_signatories(lh),
    )


class CollectibilityRenderer(Renderer):
    report: CollectibilityReport

    def document_title(self) -> str:
        return f"Rekap Kolektibilitas dan PPAP per {fmt.date_long(self.report.as_of)}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Rekap Kolektibilitas Pinjaman dan PPAP",
                                                 f"Per {fmt.date_long(r.as_of)}")]
        out += [self._recap(), Spacer(1, 2 * mm),
                para("Dasar PPAP: Lancar dari sisa pokok; Kurang Lancar, Diragukan dan Macet dari sisa pokok dikurangi "
                     "nilai agunan yang diperhitungkan. PPAP per golongan dibulatkan ke atas; jumlah PPAP wajib "
                     "dihitung dari nilai persisnya.", "label"), Spacer(1, 4 * mm)]
        out.append(KeepTogether([self._boxes()]))
        signatures = self.signatures(r.signatories, on=r.printed_at.date())
        if r.details:
            out += [Spacer(1, 5 * mm), CondPageBreak(35 * mm),
                    heading(f"Rincian pinjaman bermasalah ({len(r.details)} pinjaman)"), Spacer(1, 1.5 * mm)]
            out += self.closing(self._details(signatures))
        else:
            out.append(KeepTogether(signatures))
        return out

    def _recap(self):
        r = self.report
        money = column_width([fmt.number(n) for n in (r.outstanding, r.base, r.ppap_required, r.collateral)],
                             20 * mm)
        base = [column_width(["Kurang Lancar"], 30 * mm), 16 * mm, money, 16 * mm, 14 * mm, money, money, money]
        spare = (self.width - sum(base)) / len(base)       # shared out evenly (or taken back on narrow paper)
        widths = [w + spare for w in base] if spare >= 0 else [w * self.width / sum(base) for w in base]
        rows = [Row((c.klass.label, str(c.loans), fmt.number(c.outstanding),
                     _percent(_ratio(c.outstanding, r.outstanding)), pct(c.rate),
                     fmt.number(c.collateral) if c.klass != Kolektibilitas.LANCAR else "-", fmt.number(c.base),
                     fmt.number(c.ppap_shown))) for c in r.classes]
        rows.append(Row(("Jumlah", str(r.loans), fmt.number(r.outstanding), _percent(Decimal(100) if r.outstanding
                                                                                      else None), "",
                         fmt.number(r.collateral), fmt.number(r.base), fmt.number(r.ppap_required)),
                        (*TOTAL, ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        header = ("Kolektibilitas", "Jumlah Pinjaman", "Sisa Pokok (Rp)", "% Sisa Pokok", "Tarif PPAP",
                  "Agunan (Rp)", "Dasar PPAP (Rp)", "PPAP Wajib (Rp)")
        return self.table(header, rows, widths, numeric=(1, 2, 3, 4, 5, 6, 7))

    def _boxes(self) -> Table:
        r = self.report
        diff = r.shortfall
        label = ("Kekurangan PPAP (perlu dibentuk)" if diff > 0 else "Kelebihan PPAP" if diff < 0
                 else "Selisih PPAP")
        ppap = [("PPAP wajib dibentuk", fmt.rupiah(r.ppap_required), False),
                (f"PPAP tercatat, akun {r.ppap_account}", fmt.rupiah(r.ppap_booked), False),
                (label, fmt.rupiah(abs(diff)) if diff else "Rp0 (sudah sesuai)", True)]
        ratios = [("Pinjaman bermasalah (Kurang Lancar + Diragukan + Macet)", fmt.rupiah(r.problem_loans), False),
                  ("Rasio pinjaman bermasalah terhadap pinjaman yang diberikan", _percent(r.problem_ratio), True),
                  ("Risiko pinjaman bermasalah (RPM = 50% KL + 75% D + 100% M)", fmt.rupiah(_ceil(r.rpm)), False),
                  ("Rasio RPM terhadap pinjaman yang diberikan", _percent(r.rpm_ratio), True),
                  ("Pinjaman Lancar terhadap pinjaman yang diberikan", _percent(r.lancar_ratio), False)]
        gap = 8 * mm
        half = (self.width - gap) / 2
        table = Table([[heading("PPAP"), heading("Pinjaman bermasalah (Perdep 06/2016 rasio 2b)")],
                       [summary_table(ppap, half, half * 0.66), summary_table(ratios, half, half * 0.74)]],
                      colWidths=[half + gap, half], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5 * mm)]))
        return table

    def _details(self, signatures: list[Flowable]):
        r = self.report
        money = column_width([fmt.number(x.outstanding) for x in r.details] + ["00.000.000"], 20 * mm)
        columns, widths = _chosen([
            Column("no", "No.", column_width([str(len(r.details)), "No."], 7 * mm), True),
            Column("loan", "No. Pinjaman", column_width([x.loan_number for x in r.details], 22 * mm, bold=False)),
            Column("number", "No. Anggota", column_width([x.member_number for x in r.details] + ["Anggota"],
                                                         14 * mm)),
            Column("name", "Nama Anggota", None),
            Column("product", "Produk", min(column_width([x.product_name for x in r.details], 18 * mm, bold=False),
                                            40 * mm), wide_only=True),
            Column("outstanding", "Sisa Pokok (Rp)", money, True),
            Column("days", "Hari", column_width(["0000"], 9 * mm), True),
            Column("klass", "Kolektibilitas", column_width(["Kurang Lancar"], bold=False)),
            Column("collateral", "Agunan (Rp)", money, True), Column("ppap", "PPAP Wajib (Rp)", money, True)],
            self.width)
        name_w = widths[[c.key for c in columns].index("name")]
        rows = [Row(_cells(columns, {
            "no": str(i), "loan": x.loan_number, "number": x.member_number, "name": cell_text(x.member_name, name_w),
            "product": cell_text(x.product_name, 40 * mm), "outstanding": fmt.number(x.outstanding),
            "days": str(x.days_overdue), "klass": x.klass.label,
            "collateral": fmt.number(x.collateral, blank_zero=True), "ppap": fmt.number(_ceil(x.ppap))}))
            for i, x in enumerate(r.details, start=1)]
        rows.append(Row(_cells(columns, {
            "no": "Jumlah", "outstanding": fmt.number(sum(x.outstanding for x in r.details)),
            "collateral": fmt.number(sum(x.collateral for x in r.details)),
            "ppap": fmt.number(_ceil(sum((x.ppap for x in r.details), Decimal(0))))}),
            (*TOTAL, *_label_span(columns, "outstanding"))))
        return self.table([c.head for c in columns], rows, widths,
                          numeric=tuple(i for i, c in enumerate(columns) if c.numeric), keep_with=signatures)


# ================================================================================================ jatuh tempo


@dataclass(frozen=True, slots=True)
class DueLine:
    due: dt.date
    member_number: str
    member_name: str
    phone: str
    loan_number: str
    no: int
    tenor: int
    principal: int
    interest: int
    paid: int                     # pokok + jasa already paid on it
    unpaid: int                   # still due

    @property
    def total(self) -> int:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class InstalmentsDueReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    date_from: dt.date
    date_to: dt.date
    unpaid_only: bool
    lines: tuple[DueLine, ...]    # by due date
    total_principal: int
    total_interest: int
    total_paid: int
    total_unpaid: int
    signatories: tuple[Signatory, ...]

    @property
    def total(self) -> int:
        return self.total_principal + self.total_interest

    @property
    def period(self) -> str:
        if self.date_from == self.date_to:
            return f"Tanggal {fmt.date_long(self.date_from)}"
        return f"{fmt.date_long(self.date_from)} s.d. {fmt.date_long(self.date_to)}"


def build_instalments_due(ws: Workspace, date_from: dt.date, date_to: dt.date, *, unpaid_only: bool = True,
                          now: dt.datetime | None = None) -> InstalmentsDueReport:
    """``unpaid_only``: leave out the instalments already paid in full."""
    rows = collectibility.instalments_due(ws, date_from, date_to, unpaid_only=unpaid_only)
    phones = {mid: members.get_member(ws, mid).phone.strip() for mid in {r.loan.member_id for r in rows}}
    lines = tuple(DueLine(r.due, r.member_number, r.member_name, phones[r.loan.member_id], r.loan.number, r.no,
                          r.loan.tenor, r.principal, r.interest, r.principal + r.interest - r.unpaid, r.unpaid)
                  for r in rows)
    lh = letterhead(ws)
    return InstalmentsDueReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), date_from=date_from, date_to=date_to,
        unpaid_only=unpaid_only, lines=lines, total_principal=sum(x.principal for x in lines),
        total_interest=sum(x.interest for x in lines), total_paid=sum(x.paid for x in lines),
        total_unpaid=sum(x.unpaid for x in lines), signatories=_signatories(lh),
    )


class InstalmentsDueRenderer(Renderer):
    report: InstalmentsDueReport

    def document_title(self) -> str:
        return f"Angsuran Jatuh Tempo {self.report.period}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(), *self.title_block("Daftar Angsuran Jatuh Tempo", r.period)]
        scope = "yang belum lunas" if r.unpaid_only else "termasuk yang sudah lunas"
        out += [para(f"{len(r.lines)} angsuran pinjaman aktif {scope}; dibayar dan sisa menurut pembayaran yang "
                     "tercatat sampai tanggal cetak. Denda tidak termasuk.", "label"), Spacer(1, 3 * mm)]
        out += self.closing(self._table())
        return out

    def _table(self):
        r = self.report
        money = column_width([fmt.number(n) for n in (r.total_principal, r.total_interest, r.total, r.total_paid,
                                                      r.total_unpaid)], 20 * mm)
        wide = self.width >= COMPACT
        loan_w = column_width([x.loan_number for x in r.lines], 22 * mm, bold=False)
        columns, widths = _chosen([
            Column("no", "No.", column_width([str(len(r.lines)), "No."], 7 * mm), True),
            Column("due", "Jatuh Tempo", column_width(["00-00-0000"], bold=False)),
            Column("number", "No. Anggota", column_width([x.member_number for x in r.lines] + ["Anggota"], 14 * mm),
                   wide_only=True),
            Column("name", "Nama Anggota" if wide else "Anggota", None),
            Column("phone", "Telepon", column_width([x.phone for x in r.lines], 20 * mm, bold=False)),
            Column("loan", "No. Pinjaman" if wide else "No. Pinjaman / Angsuran ke", loan_w),
            Column("inst", "Angs.", column_width([f"{x.no}/{x.tenor}" for x in r.lines] + ["Angs."], 10 * mm), True,
                   wide_only=True),
            Column("principal", "Pokok (Rp)", money, True, wide_only=True),
            Column("interest", "Jasa (Rp)", money, True, wide_only=True),
            Column("total", "Angsuran (Rp)", money, True), Column("paid", "Sudah Dibayar (Rp)", money, True),
            Column("unpaid", "Sisa Tagihan (Rp)", money, True)], self.width)
        name_w = widths[[c.key for c in columns].index("name")]
        rows = []
        previous = None
        for i, x in enumerate(r.lines, start=1):
            first_of_day = previous is not None and x.due != previous
            previous = x.due
            name = x.member_name if wide else f"{x.member_number} {x.member_name}"
            rows.append(Row(_cells(columns, {
                "no": str(i), "due": fmt.date_short(x.due), "number": x.member_number,
                "name": cell_text(name, name_w), "phone": x.phone or "-",
                "loan": x.loan_number if wide else f"{x.loan_number}\nke-{x.no} dari {x.tenor}",
                "inst": f"{x.no}/{x.tenor}", "principal": fmt.number(x.principal), "interest": fmt.number(x.interest),
                "total": fmt.number(x.total), "paid": fmt.number(x.paid, blank_zero=True),
                "unpaid": fmt.number(x.unpaid)}),
                (("LINEABOVE", (0, 0), (-1, 0), 0.9, "black"),) if first_of_day else ()))
        if not r.lines:
            rows.append(Row(("Tidak ada angsuran jatuh tempo dalam periode ini.", *[""] * (len(columns) - 1)),
                            (("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "CENTER"))))
        first = "principal" if wide else "total"
        rows.append(Row(_cells(columns, {
            "no": "Jumlah", "principal": fmt.number(r.total_principal), "interest": fmt.number(r.total_interest),
            "total": fmt.number(r.total), "paid": fmt.number(r.total_paid), "unpaid": fmt.number(r.total_unpaid)}),
            (*TOTAL, *_label_span(columns, first), ("ALIGN", (0, 0), (0, 0), "CENTER"),
             ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        return self.table([c.head for c in columns], rows, widths,
                          numeric=tuple(i for i, c in enumerate(columns) if c.numeric),
                          keep_with=self.signatures(r.signatories, on=r.printed_at.date()))
