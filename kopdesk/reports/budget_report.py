"""Realisasi anggaran (budget versus actual, RAPB): per account the budget, the realisation to a date, the variance
and the realisation %, grouped as in the PHU, with each group's totals and the budgeted and realised SHU. Every
figure comes from ``services.budget.budget_vs_actual``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.reports.base import SHADE, Renderer, bold_row, cell_text, column_width, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.tables import Row
from kopdesk.services import budget
from kopdesk.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class BudgetReportLine:
    code: str
    name: str
    budget: int
    actual: int
    variance: int
    percent: Decimal | None
    favourable: bool | None


@dataclass(frozen=True, slots=True)
class BudgetReportGroup:
    label: str
    lines: tuple[BudgetReportLine, ...]
    budget: int
    actual: int
    variance: int
    percent: Decimal | None


@dataclass(frozen=True, slots=True)
class BudgetReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    year: int
    through: dt.date
    groups: tuple[BudgetReportGroup, ...]
    shu_budget: int
    shu_actual: int
    shu_variance: int
    signatories: tuple[Signatory, ...]


def build_budget_report(ws: Workspace, year: int, through: dt.date | None = None, *,
                        now: dt.datetime | None = None) -> BudgetReport:
    b = budget.budget_vs_actual(ws, year, through=through)
    if not b.groups:
        raise ValidationError(f"Tahun buku {year} belum mempunyai RAPB maupun realisasi pendapatan dan beban.")
    groups = tuple(BudgetReportGroup(g.label, tuple(BudgetReportLine(x.account_code, x.account_name, x.budget,
                                                                     x.actual, x.variance, x.percent, x.favourable)
                                                    for x in g.lines), g.budget, g.actual, g.variance, g.percent)
                   for g in b.groups)
    lh = letterhead(ws)
    signatories = (lh.signatory("Bendahara", "Dibuat oleh,"), lh.signatory("Ketua", "Mengetahui,"))
    return BudgetReport(lh, now or dt.datetime.now(), year, b.through, groups, b.shu_budget, b.shu_actual,
                        b.shu_variance, signatories)


def percent_text(value: Decimal | None) -> str:
    return fmt.percent(value, 2) if value is not None else "-"


class BudgetRenderer(Renderer):
    report: BudgetReport

    def document_title(self) -> str:
        return f"Realisasi Anggaran Tahun Buku {self.report.year} s.d. {fmt.date_long(self.report.through)}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Laporan Realisasi Anggaran (RAPB)", f"Tahun buku {r.year}, realisasi sampai {fmt.date_long(r.through)}")]
        texts = [fmt.number(v) for g in r.groups for x in g.lines for v in (x.budget, x.actual, x.variance)]
        money = column_width(texts + ["Anggaran (Rp)"], 26 * mm)
        widths = [17 * mm, 0.0, money, money, money, 18 * mm]
        widths[1] = self.width - sum(widths)
        rows: list[Row] = []
        for g in r.groups:
            rows.append(Row(("", g.label.upper(), "", "", "", ""), bold_row(("SPAN", (1, 0), (-1, 0)),
                                                                              ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
            for x in g.lines:
                rows.append(Row((x.code, cell_text(x.name, widths[1]), fmt.number(x.budget), fmt.number(x.actual),
                                 fmt.number(x.variance), percent_text(x.percent))))
            rows.append(Row(("", f"Jumlah {g.label.lower()}", fmt.number(g.budget), fmt.number(g.actual),
                             fmt.number(g.variance), percent_text(g.percent)),
                            bold_row(("LINEABOVE", (0, 0), (-1, 0), 0.8, "black"))))
        rows.append(Row(("", "SHU (pendapatan dikurangi beban)", fmt.number(r.shu_budget), fmt.number(r.shu_actual),
                         fmt.number(r.shu_variance), ""), bold_row(("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"))))
        after = [Spacer(1, 2 * mm),
                 para("Selisih = realisasi dikurangi anggaran; angka dalam kurung berarti realisasi di bawah "
                      "anggaran. Pos neraca dibandingkan dengan saldonya pada tanggal realisasi.", "label"),
                 *self.signatures(r.signatories)]
        header = ("Kode", "Akun", "Anggaran (Rp)", "Realisasi (Rp)", "Selisih (Rp)", "Realisasi %")
        out += self.closing(self.table(header, rows, widths, numeric=(2, 3, 4, 5), keep_with=after))
        return out


__all__ = ["BudgetRenderer", "BudgetReport", "BudgetReportGroup", "BudgetReportLine", "build_budget_report"]
