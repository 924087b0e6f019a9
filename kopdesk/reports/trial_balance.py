"""Neraca saldo (trial balance) as of a date: every account with a balance, grouped by account class."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from kopdesk import fmt
from kopdesk.domain.ledger import AccountClass
from kopdesk.reports.base import SHADE, Renderer, bold_row, cell_text, column_width, fill_widths, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import Row
from kopdesk.services import ledger
from kopdesk.services.workspace import Workspace

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class TrialBalanceLine:
    code: str
    name: str
    debit: int       # debit balance (0 when the account has a credit balance)
    credit: int      # credit balance


@dataclass(frozen=True, slots=True)
class ClassGroup:
    code: str        # "1"
    label: str       # "Aset"
    lines: tuple[TrialBalanceLine, ...]


@dataclass(frozen=True, slots=True)
class TrialBalanceReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    as_of: dt.date
    groups: tuple[ClassGroup, ...]
    total_debit: int
    total_credit: int
    signatories: tuple[Signatory, ...]

    @property
    def balanced(self) -> bool:
        return self.total_debit == self.total_credit

    @property
    def difference(self) -> int:
        return self.total_debit - self.total_credit


def build_trial_balance(ws: Workspace, as_of: dt.date, *, now: dt.datetime | None = None) -> TrialBalanceReport:
    tb = ledger.trial_balance(ws, as_of)
    groups = []
    for klass in AccountClass:
        rows = sorted((r for r in tb.rows if r.account.klass == klass), key=lambda r: r.account.code)
        if rows:
            lines = tuple(TrialBalanceLine(r.account.code, r.account.name, r.balance_debit, r.balance_credit)
                          for r in rows)
            groups.append(ClassGroup(klass.value, klass.label, lines))
    lh = letterhead(ws)
    return TrialBalanceReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), as_of=as_of, groups=tuple(groups),
        total_debit=tb.total_debit, total_credit=tb.total_credit,
        signatories=(lh.signatory("Ketua"), lh.signatory("Bendahara")),
    )


# ----------------------------------------------------------------------------------------------- render


class TrialBalanceRenderer(Renderer):
    report: TrialBalanceReport

    def document_title(self) -> str:
        return f"Neraca Saldo per {fmt.date_long(self.report.as_of)}"

    def story(self):
        r = self.report
        out = [*self.kop_surat(), *self.title_block("Neraca Saldo", f"Per {fmt.date_long(r.as_of)}")]
        money = column_width([fmt.number(r.total_debit), fmt.number(r.total_credit)], 32 * mm)
        widths = fill_widths(self.width, [17 * mm, None, money, money])
        rows: list[Row] = []
        for group in r.groups:
            rows.append(Row((group.code, group.label.upper(), "", ""), bold_row(
                ("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
            for line in group.lines:
                rows.append(Row((line.code, cell_text(line.name, widths[1]),
                                 fmt.number(line.debit, blank_zero=True), fmt.number(line.credit, blank_zero=True))))
        if not r.groups:
            rows.append(Row(("", "Belum ada akun yang bersaldo pada tanggal ini.", "", ""),
                            (("SPAN", (1, 0), (-1, 0)),)))
        rows.append(Row(("Jumlah", "", fmt.number(r.total_debit), fmt.number(r.total_credit)), bold_row(
            ("SPAN", (0, 0), (1, 0)), ("ALIGN", (0, 0), (1, 0), "CENTER"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        after: list = []
        if not r.balanced:
            after += [Spacer(1, 3 * mm), para(
                f"Perhatian: jumlah debit ({fmt.rupiah(r.total_debit)}) tidak sama dengan jumlah kredit "
                f"({fmt.rupiah(r.total_credit)}); selisih {fmt.rupiah(abs(r.difference))}. "
                "Periksa jurnal yang tidak seimbang sebelum laporan ini dipakai.", "note")]
        after += self.signatures(r.signatories)
        header = ("Kode", "Nama Akun", "Debit (Rp)", "Kredit (Rp)")
        out += self.closing(self.table(header, rows, widths, numeric=(2, 3), keep_with=after))
        return out
