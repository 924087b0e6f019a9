"""Kartu pinjaman (loan card) of one loan as of a date: the loan's identity and terms (product, method, jasa per
month and for flat loans the effective rate, tenor, fees and the net paid out, collateral, guarantor), the schedule
with what is paid on each instalment and its state (Lunas, Sebagian, Tunggak n hari), every transaction with the
principal left after it, the position as of the date (sisa pokok, tunggakan, denda, kolektibilitas) and the
Bendahara's signature.

Also the loan terms snapshot and the wording helpers the other loan documents share (agreement, receipt).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.loans import (
    AllocationMode,
    DendaKind,
    DendaRule,
    Frequency,
    Loan,
    LoanStatus,
    LoanTxKind,
    Method,
)
from kopdesk.reports.base import (
    BAND,
    COND,
    COND_BOLD,
    RULE,
    SHADE,
    TABLE_PAD,
    WARN,
    Renderer,
    bold_row,
    cell_text,
    column_width,
    fill_widths,
    para,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.savings_statement import full_address, info_table
from kopdesk.reports.tables import Row
from kopdesk.services import collectibility, loans
from kopdesk.services.workspace import Workspace

# ----------------------------------------------------------------------------------------------- wording


def pct(value: Decimal | int) -> str:
    """1.5 -> '1,5%', 0.1 -> '0,1%', 2.6430 -> '2,643%' (as many decimals as the value needs)."""
    d = Decimal(value).normalize()
    return fmt.percent(d, max(0, -d.as_tuple().exponent))


def unit(frequency: Frequency) -> str:
    """The instalment period: 'bulan' or 'minggu'."""
    return "minggu" if frequency == Frequency.WEEKLY else "bulan"


def count_words(n: int) -> str:
    """12 -> 'dua belas' (terbilang without 'rupiah')."""
    words = fmt.terbilang(n).removesuffix(" rupiah")
    return words[0].lower() + words[1:]


def denda_text(rule: DendaRule) -> str:
    """The late-fee rule in a few words, e.g. '0,1% per hari dari angsuran tertunggak, setelah masa tenggang 3 hari'."""
    grace = f", setelah masa tenggang {rule.grace_days} hari" if rule.grace_days else ""
    if rule.kind == DendaKind.PERCENT_PER_DAY:
        return f"{pct(rule.rate)} per hari dari angsuran tertunggak{grace}"
    if rule.kind == DendaKind.FIXED:
        return f"{fmt.rupiah(rule.fixed)} per angsuran yang terlambat{grace}"
    return "Tanpa denda"


def allocation_text(loan: Loan) -> str:
    """'denda, jasa, kemudian pokok'."""
    names = [c.label.lower() for c in loan.allocation]
    return ", ".join(names[:-1]) + ", kemudian " + names[-1] if len(names) > 1 else "".join(names)


def money_or_dash(amount: int | None) -> str:
    return fmt.rupiah(amount) if amount else "-"


# ----------------------------------------------------------------------------------------------- loan terms


@dataclass(frozen=True, slots=True)
class LoanTerms:
    """A loan's identity and terms as printed on the loan documents."""

    loan_id: int
    number: str                      # PJ-2026-000001
    status: LoanStatus
    member_id: int
    member_number: str
    member_name: str
    member_address: str
    member_phone: str
    product_code: str
    product_name: str
    method: Method
    rate: Decimal                    # % per month as agreed
    effective_rate: Decimal | None   # flat loans: the same instalments on the declining balance, % per month
    effective_cost: Decimal | None   # the same on the net paid out (fees included)
    tenor: int                       # instalments
    frequency: Frequency
    applied_on: dt.date
    disbursed_on: dt.date | None
    closed_on: dt.date | None
    amount: int
    provisi: int
    admin: int
    savings_withheld: int            # compulsory loan savings withheld at disbursement
    net: int                         # paid out
    instalment_first: int            # the first instalment (pokok + jasa)
    instalment_last: int
    total_interest: int              # jasa over the whole schedule
    first_due: dt.date | None        # None until disbursed
    last_due: dt.date | None
    purpose: str
    collateral: str
    collateral_value: int | None
    guarantor: str
    denda: DendaRule
    allocation: str                  # 'denda, jasa, kemudian pokok'
    allocation_mode: AllocationMode
    restructures: str                # the loan this one restructures ("" if none)
    restructured_into: str           # the loan that replaced this one ("" if none)

    @property
    def method_label(self) -> str:
        return self.method.label

    @property
    def unit(self) -> str:
        return unit(self.frequency)

    @property
    def tenor_text(self) -> str:
        """'12 bulan (angsuran bulanan)'."""
        return f"{self.tenor} {self.unit} (angsuran {self.frequency.label.lower()})"

    @property
    def rate_text(self) -> str:
        """'1,5% per bulan (efektif 2,643%)': for flat loans the effective rate beside the flat rate."""
        text = f"{pct(self.rate)} per bulan"
        if self.method == Method.FLAT and self.effective_rate is not None:
            text += f" (efektif {pct(self.effective_rate)})"
        return text

    @property
    def instalment_text(self) -> str:
        """'Rp1.180.000 per bulan'; declining: 'Rp1.180.000 (ke-1) menurun s.d. Rp1.015.000 (ke-12)'."""
        first, last = fmt.rupiah(self.instalment_first), fmt.rupiah(self.instalment_last)
        if self.instalment_first == self.instalment_last:
            return f"{first} per {self.unit}"
        if self.method == Method.DECLINING:
            return f"{first} (ke-1) menurun s.d. {last} (ke-{self.tenor})"
        return f"{first} per {self.unit}, angsuran terakhir {last}"

    @property
    def collateral_text(self) -> str:
        if not self.collateral:
            return "Tanpa agunan"
        value = f" (taksiran nilai {fmt.rupiah(self.collateral_value)})" if self.collateral_value else ""
        return f"{self.collateral}{value}"

    @property
    def denda_text(self) -> str:
        return denda_text(self.denda)


def loan_terms(card: loans.LoanCard) -> LoanTerms:
    """The terms of the loan on a card from ``services.loans.loan_card``."""
    loan, m, p, q = card.loan, card.member, card.product, card.quote
    instalments = q.schedule.instalments
    due = [line.due for line in card.lines] or list(q.due)
    return LoanTerms(
        loan_id=loan.id, number=loan.number, status=loan.status, member_id=m.id, member_number=m.number,
        member_name=m.full_name, member_address=full_address(m), member_phone=m.phone.strip(), product_code=p.code,
        product_name=p.name, method=loan.method, rate=loan.rate, effective_rate=q.effective_rate,
        effective_cost=q.effective_cost, tenor=loan.tenor, frequency=loan.frequency, applied_on=loan.applied_on,
        disbursed_on=loan.disbursed_on, closed_on=loan.closed_on, amount=loan.amount, provisi=loan.fees.provisi,
        admin=loan.fees.admin, savings_withheld=loan.fees.savings, net=loan.net_disbursement,
        instalment_first=instalments[0].total, instalment_last=instalments[-1].total,
        total_interest=q.schedule.total_interest, first_due=due[0] if due else None,
        last_due=due[-1] if due else None, purpose=loan.purpose, collateral=loan.collateral,
        collateral_value=loan.collateral_value, guarantor=loan.guarantor, denda=loan.denda,
        allocation=allocation_text(loan), allocation_mode=loan.allocation_mode,
        restructures=card.restructures_number or "", restructured_into=card.restructured_into_number or "",
    )


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    no: int
    due: dt.date | None              # None before disbursement
    principal: int
    interest: int
    remaining: int                   # principal left after this instalment, as scheduled
    paid: int                        # pokok + jasa paid on it as of the card's date
    penalty: int                     # denda accrued on it
    state: str                       # Lunas, Lunas (telat 5 hari), Sebagian, Tunggak 45 hari, Belum jatuh tempo...
    overdue: bool

    @property
    def total(self) -> int:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class PaymentRow:
    tx_id: int
    date: dt.date
    number: str                      # the journal number
    description: str
    principal: int | None            # pokok received (None: not a receipt, e.g. the disbursement)
    interest: int | None
    penalty: int | None
    amount: int | None               # money received (a reversal: negative)
    outstanding: int                 # principal outstanding after it
    reversed: bool                   # cancelled later


@dataclass(frozen=True, slots=True)
class LoanCardReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    as_of: dt.date
    terms: LoanTerms
    schedule: tuple[ScheduleRow, ...]
    scheduled: bool                  # False before disbursement: the schedule is the application's preview
    total_principal: int
    total_interest: int
    total_paid: int                  # pokok + jasa paid on the schedule
    payments: tuple[PaymentRow, ...]
    paid_principal: int              # totals of the payment rows
    paid_interest: int
    paid_penalty: int
    paid_amount: int
    outstanding: int                 # sisa pokok as of the date
    principal_arrears: int
    interest_arrears: int
    penalty_due: int                 # denda accrued and unpaid
    instalments_in_arrears: int
    days_overdue: int
    klass: str                       # "Lancar", ... ("" when nothing is outstanding)
    payoff_amount: int               # pelunasan dipercepat as of the date (active loans), else 0
    signatories: tuple[Signatory, ...]

    @property
    def arrears(self) -> int:
        return self.principal_arrears + self.interest_arrears + self.penalty_due


_RECEIVED = (LoanTxKind.ANGSURAN, LoanTxKind.PELUNASAN, LoanTxKind.POTONG_SIMPANAN)


def _description(t, terms: LoanTerms, original) -> str:
    if t.kind == LoanTxKind.PENCAIRAN:
        if terms.restructures:
            return f"Pokok restrukturisasi dari {terms.restructures}"
        return f"Pencairan pinjaman {fmt.rupiah(t.amount)}, diterima bersih {fmt.rupiah(terms.net)}"
    if t.kind == LoanTxKind.PEMBALIK:
        what = original.kind.label.lower() if original else "transaksi"
        return f"Pembatalan {what} {original.journal_number if original else ''}".strip()
    if t.kind == LoanTxKind.RESTRUKTURISASI:
        return f"Direstrukturisasi menjadi {terms.restructured_into}" if terms.restructured_into else t.kind.label
    return t.kind.label


def _payment_row(t, terms: LoanTerms, original, outstanding: int) -> PaymentRow:
    base = original.kind if t.kind == LoanTxKind.PEMBALIK and original else t.kind
    principal = interest = penalty = amount = None
    if base in _RECEIVED:
        principal, interest, penalty = -t.principal, t.interest, t.penalty
        amount = principal + interest + penalty
    elif base == LoanTxKind.PEMULIHAN:
        amount = t.amount if t.kind == LoanTxKind.PEMULIHAN else -t.amount
    return PaymentRow(t.id, t.date, t.journal_number, _description(t, terms, original), principal, interest, penalty,
                      amount, outstanding, bool(t.reversed_by_id))


def _settled_on(card: loans.LoanCard, as_of: dt.date) -> dict[int, dt.date]:
    """The date each instalment was fully paid (pokok + jasa), from the stored allocations up to the date."""
    totals = {line.no: line.total for line in card.lines}
    paid: dict[int, int] = {}
    settled: dict[int, dt.date] = {}
    for p in card.payments:
        if p.tx.date > as_of:
            break
        for a in p.allocations:
            paid[a.no] = paid.get(a.no, 0) + a.principal + a.interest
            if paid[a.no] >= totals.get(a.no, 0):
                settled.setdefault(a.no, p.tx.date)
            else:
                settled.pop(a.no, None)
    return settled


def _schedule(card: loans.LoanCard) -> tuple[list[ScheduleRow], bool]:
    as_of = card.as_of
    if not card.lines:    # not disbursed yet: the application's schedule, without due dates
        rows = [ScheduleRow(i.no, None, i.principal, i.interest, i.remaining, 0, 0, "Belum dicairkan", False)
                for i in card.quote.schedule.instalments]
        return rows, False
    settled = _settled_on(card, as_of)
    rows, remaining = [], card.loan.amount
    for line in card.lines:
        remaining -= line.principal
        paid = line.principal_paid + line.interest_paid
        overdue = False
        if line.state == "Lunas":
            on = settled.get(line.no)
            late = (on - line.due).days if on else 0
            state = f"Lunas, telat {late} hari" if late > 0 else "Lunas"
        elif line.state == "Tertunggak":
            state, overdue = f"Tunggak {(as_of - line.due).days} hari", True
        elif line.state == "Tidak ditagih" and line.principal_paid >= line.principal:
            state = "Lunas dipercepat"          # the payoff paid its pokok; its jasa was not charged
        elif line.state == "Belum jatuh tempo" and paid:
            state = "Sebagian"
        elif line.state == "Jatuh tempo" and paid:
            state = "Jatuh tempo, sebagian"
        else:
            state = line.state
        rows.append(ScheduleRow(line.no, line.due, line.principal, line.interest, remaining, paid, line.penalty,
                                state, overdue))
    return rows, True


def build_loan_card(ws: Workspace, loan_id: int, as_of: dt.date | None = None, *,
                    now: dt.datetime | None = None) -> LoanCardReport:
    """The card as of ``as_of`` (default today): the schedule's state, the transactions up to the date and the
    position on it."""
    printed_at = now or dt.datetime.now()
    as_of = as_of or printed_at.date()
    card = loans.loan_card(ws, loan_id, as_of)
    terms = loan_terms(card)
    schedule, scheduled = _schedule(card)
    txs = {p.tx.id: p.tx for p in card.payments}
    payments = [_payment_row(p.tx, terms, txs.get(p.tx.reverses_id), p.outstanding)
                for p in card.payments if p.tx.date <= as_of]
    pos = card.position
    outstanding = payments[-1].outstanding if payments else 0
    klass, days = "", pos.days_overdue
    if outstanding > 0:
        c = collectibility.classify_loan(ws, card.loan.id, as_of)
        klass, days = c.klass.label, c.days_overdue
    lh = letterhead(ws)
    return LoanCardReport(
        letterhead=lh, printed_at=printed_at, as_of=as_of, terms=terms, schedule=tuple(schedule), scheduled=scheduled,
        total_principal=sum(r.principal for r in schedule), total_interest=sum(r.interest for r in schedule),
        total_paid=sum(r.paid for r in schedule), payments=tuple(payments),
        paid_principal=sum(r.principal or 0 for r in payments), paid_interest=sum(r.interest or 0 for r in payments),
        paid_penalty=sum(r.penalty or 0 for r in payments), paid_amount=sum(r.amount or 0 for r in payments),
        outstanding=outstanding, principal_arrears=pos.principal_arrears, interest_arrears=pos.interest_arrears,
        penalty_due=pos.penalty_due, instalments_in_arrears=pos.instalments_in_arrears, days_overdue=days,
        klass=klass, payoff_amount=pos.payoff_amount if card.loan.status == LoanStatus.AKTIF else 0,
        signatories=(lh.signatory("Bendahara"),),
    )


# ----------------------------------------------------------------------------------------------- render


def heading(text: str) -> Paragraph:
    return Paragraph(f"<b>{escape(text)}</b>", styles()["body"])


def summary_table(rows: list[tuple[str, str, bool]], width: float, label_width: float) -> Table:
    """A small boxed 'label | amount' table; rows flagged True are bold (totals)."""
    data = [[para(label, "label"), amount] for label, amount, _ in rows]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), COND, 9), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), 2 * TABLE_PAD),
    ]
    for i, (_, _, bold) in enumerate(rows):
        if bold:
            style += [("FONT", (1, i), (1, i), COND_BOLD, 9), ("BACKGROUND", (0, i), (-1, i), BAND)]
    table.setStyle(TableStyle(style))
    return table


class LoanCardRenderer(Renderer):
    report: LoanCardReport

    def document_title(self) -> str:
        t = self.report.terms
        return f"Kartu Pinjaman {t.number} {t.member_name}"

    def story(self) -> list[Flowable]:
        r = self.report
        t = r.terms
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Kartu Pinjaman", f"{t.number} \u2013 per {fmt.date_long(r.as_of)}")]
        out += [self._identity(), Spacer(1, 4 * mm)]
        for note in self._notes():
            out += [para(note, "note"), Spacer(1, 2 * mm)]
        money = self._money_width()
        out += [CondPageBreak(45 * mm), heading("Jadwal angsuran"), Spacer(1, 1.5 * mm), self._schedule(money),
                Spacer(1, 5 * mm)]
        out += [CondPageBreak(40 * mm), heading(f"Transaksi s.d. {fmt.date_long(r.as_of)}"), Spacer(1, 1.5 * mm),
                self._payments(money), Spacer(1, 5 * mm)]
        if r.scheduled:
            out.append(KeepTogether([heading(f"Posisi pinjaman per {fmt.date_long(r.as_of)}"), Spacer(1, 1.5 * mm),
                                     self._position(), *self.signatures(r.signatories)]))
        else:                   # an application: nothing to stand yet
            out.append(KeepTogether(self.signatures(r.signatories)))
        return out

    def _notes(self) -> list[str]:
        t = self.report.terms
        notes = []
        if t.status in (LoanStatus.DIAJUKAN, LoanStatus.DISETUJUI):
            notes.append(f"Pinjaman ini {t.status.label.lower()} dan belum dicairkan; jadwal di bawah adalah rencana "
                         "angsuran, tanggal jatuh tempo ditetapkan saat pencairan.")
        if t.restructured_into:
            notes.append(f"Pinjaman ini sudah direstrukturisasi menjadi {t.restructured_into}.")
        if t.status == LoanStatus.DIHAPUS:
            notes.append("Pinjaman ini sudah dihapus buku; anggota tetap berkewajiban melunasinya.")
        return notes

    def _identity(self) -> Table:
        t = self.report.terms
        left = [("Nomor pinjaman", t.number), ("Nama anggota", t.member_name), ("Nomor anggota", t.member_number),
                ("Produk", t.product_name), ("Metode jasa", t.method_label), ("Jasa", f"{pct(t.rate)} per bulan")]
        if t.effective_rate is not None:
            left.append(("Jasa efektif", f"{pct(t.effective_rate)} per bulan"))
        left += [("Jangka waktu", f"{t.tenor} {t.unit}"), ("Angsuran", t.instalment_text)]
        right = [("Status", t.status.label), ("Tanggal pengajuan", fmt.date_long(t.applied_on)),
                 ("Tanggal pencairan", fmt.date_long(t.disbursed_on) or "-"), ("Jumlah pinjaman", fmt.rupiah(t.amount)),
                 ("Provisi", fmt.rupiah(t.provisi)), ("Biaya administrasi", fmt.rupiah(t.admin))]
        if t.savings_withheld:
            right.append(("Simpanan pinjaman", fmt.rupiah(t.savings_withheld)))
        right.append(("Diterima bersih", fmt.rupiah(t.net)))
        if t.effective_cost is not None:
            right.append(("Biaya efektif", f"{pct(t.effective_cost)} per bulan"))
        full = [("Keperluan", t.purpose or "-"), ("Denda", t.denda_text), ("Agunan", t.collateral_text),
                ("Penjamin", t.guarantor or "-"), ("Alamat", t.member_address or "-")]
        if t.restructures:
            full.insert(0, ("Restrukturisasi dari", t.restructures))
        return info_table(left, right, full, self.width, label_width=35 * mm)

    def _money_width(self) -> float:
        r = self.report
        amounts = [r.total_principal, r.total_interest, r.total_principal + r.total_interest, r.total_paid,
                   r.paid_amount, r.terms.amount, r.paid_principal]
        return column_width([fmt.number(n) for n in amounts], 16 * mm)

    def _schedule(self, money: float):
        r = self.report
        fixed = [column_width(["Ke", str(len(r.schedule))], 8 * mm), column_width(["00-00-0000"], 17 * mm)]
        status = max(column_width([x.state for x in r.schedule]), 24 * mm)
        money = max(money, (self.width - sum(fixed) - status) / 5)
        widths = [*fixed, money, money, money, money, money, self.width - sum(fixed) - 5 * money]
        late = (("TEXTCOLOR", (-1, 0), (-1, 0), WARN), ("FONTNAME", (-1, 0), (-1, 0), COND_BOLD))
        rows = [Row((str(x.no), fmt.date_short(x.due) or "-", fmt.number(x.principal), fmt.number(x.interest),
                     fmt.number(x.total), fmt.number(x.remaining), fmt.number(x.paid, blank_zero=True),
                     cell_text(x.state, widths[-1], bold=x.overdue)), late if x.overdue else ())
                for x in r.schedule]
        rows.append(Row(("Jumlah", "", fmt.number(r.total_principal), fmt.number(r.total_interest),
                         fmt.number(r.total_principal + r.total_interest), "", fmt.number(r.total_paid), ""),
                        bold_row(("SPAN", (0, 0), (1, 0)), ("ALIGN", (0, 0), (1, 0), "CENTER"),
                                 ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        header = ("Ke", "Jatuh Tempo", "Pokok (Rp)", "Jasa (Rp)", "Angsuran (Rp)", "Sisa Pokok (Rp)", "Dibayar (Rp)",
                  "Status")
        return self.table(header, rows, widths, numeric=(0, 2, 3, 4, 5, 6))

    def _payments(self, money: float):
        r = self.report
        small = column_width([fmt.number(r.paid_penalty)], 13 * mm)
        widths = fill_widths(self.width, [column_width(["00-00-0000"], 17 * mm),
                                          column_width([x.number for x in r.payments], 22 * mm, bold=False), None,
                                          money, money, small, money, money])
        header = ("Tanggal", "No. Bukti", "Keterangan", "Pokok (Rp)", "Jasa (Rp)", "Denda (Rp)", "Jumlah (Rp)",
                  "Sisa Pokok (Rp)")
        shaded = (("BACKGROUND", (0, 0), (-1, 0), SHADE),)
        struck = (("TEXTCOLOR", (0, 0), (-1, 0), WARN),)
        rows = []
        for x in r.payments:
            description = x.description + (" (dibatalkan)" if x.reversed else "")
            style = shaded if x.principal is None and x.amount is None else struck if x.reversed else ()
            rows.append(Row((fmt.date_short(x.date), x.number, cell_text(description, widths[2]),
                             fmt.number(x.principal) if x.principal is not None else "",
                             fmt.number(x.interest) if x.interest is not None else "",
                             fmt.number(x.penalty) if x.penalty is not None else "",
                             fmt.number(x.amount) if x.amount is not None else "", fmt.number(x.outstanding)), style))
        if not r.payments:
            rows.append(Row(("Belum ada transaksi.", "", "", "", "", "", "", ""), (("SPAN", (0, 0), (-1, 0)),)))
            return self.table(header, rows, widths)
        rows.append(Row(("Jumlah diterima", "", "", fmt.number(r.paid_principal), fmt.number(r.paid_interest),
                         fmt.number(r.paid_penalty), fmt.number(r.paid_amount), fmt.number(r.outstanding)),
                        bold_row(("SPAN", (0, 0), (2, 0)), ("ALIGN", (0, 0), (2, 0), "CENTER"),
                                 ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        return self.table(header, rows, widths, numeric=(3, 4, 5, 6, 7))

    def _position(self) -> Table:
        r = self.report
        arrears = f" ({r.instalments_in_arrears} angsuran)" if r.instalments_in_arrears else ""
        left = [("Sisa pokok pinjaman", fmt.rupiah(r.outstanding), True),
                (f"Tunggakan pokok{arrears}", fmt.rupiah(r.principal_arrears), False),
                ("Tunggakan jasa", fmt.rupiah(r.interest_arrears), False),
                ("Denda belum dibayar", fmt.rupiah(r.penalty_due), False),
                ("Jumlah tunggakan dan denda", fmt.rupiah(r.arrears), True)]
        right = [("Hari keterlambatan", f"{r.days_overdue} hari" if r.days_overdue else "-", False),
                 ("Kolektibilitas", r.klass or "-", True)]
        if r.payoff_amount:
            right.append(("Pelunasan dipercepat per tanggal ini", fmt.rupiah(r.payoff_amount), True))
        if r.terms.closed_on:
            right.append((f"Ditutup ({r.terms.status.label.lower()})", fmt.date_long(r.terms.closed_on), False))
        half = (self.width - 6 * mm) / 2
        table = Table([[summary_table(left, half, half * 0.66), summary_table(right, half, half * 0.66)]],
                      colWidths=[half + 6 * mm, half], hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return table

