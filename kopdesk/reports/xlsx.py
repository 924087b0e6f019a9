"""The .xlsx writers of the report snapshots (house style of ``member_import.export_members``: bold shaded header,
#,##0 money, frozen panes): the statements (one sheet per statement, the CaLK extract as a sheet in the set), the
SHU list and budget versus actual. Like the PDF renderers they write the snapshot's figures and add none: a
total cell holds the service's total, not a formula."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from kopdesk.reports.budget_report import BudgetReport
from kopdesk.reports.shu_reports import ShuListReport
from kopdesk.reports.statements import EquityReport, StatementReport, StatementSetReport

Target = str | os.PathLike | BinaryIO
MONEY = "#,##0;(#,##0);\"-\""
SHEET_NAMES = {"neraca": "Posisi Keuangan", "phu": "PHU", "ekuitas": "Perubahan Ekuitas", "arus-kas": "Arus Kas"}


class _Book:
    def __init__(self, out: Target):
        if isinstance(out, str | os.PathLike):
            out = Path(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            self.wb = xlsxwriter.Workbook(str(out))
        else:
            self.wb = xlsxwriter.Workbook(out, {"in_memory": True})
        self.out = out
        add = self.wb.add_format
        self.title = add({"bold": True, "font_size": 13})
        self.sub = add({"italic": True})
        self.warn = add({"bold": True, "font_color": "#B00020"})
        self.head = add({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "align": "center",
                         "valign": "vcenter"})
        self.money = add({"num_format": MONEY})
        self.bold = add({"bold": True})
        self.bold_money = add({"num_format": MONEY, "bold": True, "top": 1})
        self.total_money = add({"num_format": MONEY, "bold": True, "top": 1, "bottom": 6})
        self.pct = add({"num_format": "0.00%"})
        self.indents = {i: add({"indent": i}) for i in range(5)}
        self.bold_indents = {i: add({"indent": i, "bold": True}) for i in range(5)}
        self.italic_indents = {i: add({"indent": i, "italic": True}) for i in range(5)}

    def heading(self, sheet, coop: str, title: str, subtitle: str, mark: str = "") -> int:
        sheet.write_string(0, 0, coop.upper(), self.bold)
        sheet.write_string(1, 0, title.upper(), self.title)
        sheet.write_string(2, 0, subtitle, self.sub)
        row = 3
        if mark:
            sheet.write_string(row, 0, mark, self.warn)
            row += 1
        return row + 1

    def close(self):
        self.wb.close()
        return self.out


def _statement_sheet(book: _Book, r: StatementReport, name: str) -> None:
    sheet = book.wb.add_worksheet(name)
    row = book.heading(sheet, r.letterhead.name, r.title, r.subtitle, r.mark)
    sheet.set_column(0, 0, 62)
    sheet.set_column(1, len(r.columns), 20)
    sheet.write_string(row, 0, "Uraian", book.head)
    for i, c in enumerate(r.columns, start=1):
        sheet.write_string(row, i, f"{c} (Rp)", book.head)
    sheet.freeze_panes(row + 1, 1)
    row += 1
    for x in r.rows:
        level = min(x.level, 4)
        bold = x.style in ("heading", "subtotal", "total")
        fmt_label = (book.bold_indents if bold else book.italic_indents if x.style == "detail" else book.indents)[level]
        sheet.write_string(row, 0, x.label.upper() if x.style == "heading" and x.level == 0 else x.label, fmt_label)
        money = book.total_money if x.style == "total" else book.bold_money if x.style == "subtotal" else book.money
        for i, v in enumerate((x.amount, x.prior)[:len(r.columns)], start=1):
            if v is not None:
                sheet.write_number(row, i, v, money)
        row += 1
    if r.breakdown:
        row += 1
        sheet.write_string(row, 0, r.breakdown_title, book.bold)
        row += 1
        for x in r.breakdown:
            sheet.write_string(row, 0, x.label, book.indents[1])
            for i, v in enumerate((x.amount, x.prior)[:len(r.columns)], start=1):
                if v is not None:
                    sheet.write_number(row, i, v, book.money)
            row += 1
    for w in r.warnings:
        row += 1
        sheet.write_string(row, 0, w, book.warn)


def _equity_sheet(book: _Book, r: EquityReport) -> None:
    sheet = book.wb.add_worksheet(SHEET_NAMES["ekuitas"])
    row = book.heading(sheet, r.letterhead.name, r.title, r.subtitle, r.mark)
    sheet.set_column(0, 0, 52)
    sheet.set_column(1, len(r.columns) + 1, 18)
    for i, c in enumerate(("Uraian", *r.columns, "Jumlah")):
        sheet.write_string(row, i, c, book.head)
    sheet.freeze_panes(row + 1, 1)
    row += 1
    for x in r.lines:
        if x.style == "heading":
            sheet.write_string(row, 0, x.label, book.bold)
        else:
            balance = x.style == "balance"
            sheet.write_string(row, 0, x.label, book.bold if balance else book.indents[1])
            for i, v in enumerate((*x.amounts, x.total), start=1):
                sheet.write_number(row, i, v, book.bold_money if balance else book.money)
        row += 1
    for w in r.warnings:
        row += 1
        sheet.write_string(row, 0, w, book.warn)


def write_statement_xlsx(report: StatementReport | EquityReport | StatementSetReport, out: Target):
    """One statement (one sheet) or the set (four sheets and the notes) to .xlsx."""
    book = _Book(out)
    if isinstance(report, StatementSetReport):
        for r in (report.balance_sheet, report.income_statement):
            _statement_sheet(book, r, SHEET_NAMES[r.kind])
        _equity_sheet(book, report.equity)
        _statement_sheet(book, report.cash_flow, SHEET_NAMES["arus-kas"])
        sheet = book.wb.add_worksheet("Catatan")
        row = book.heading(sheet, report.letterhead.name, "Catatan atas Laporan Keuangan (ikhtisar)",
                           report.period_line, report.mark)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 8, 18)
        for note in report.notes:
            sheet.write_string(row, 0, f"{note.number}. {note.title}", book.bold)
            row += 1
            if note.intro:
                sheet.write_string(row, 0, note.intro)
                row += 1
            for i, h in enumerate(note.header):
                sheet.write_string(row, i, h, book.head)
            row += 1
            for values in note.rows:
                for i, v in enumerate(values):
                    number = _number(v) if i in note.numeric else None
                    if number is not None:
                        sheet.write_number(row, i, number, book.money)
                    else:
                        sheet.write_string(row, i, v)
                row += 1
            if note.after:
                sheet.write_string(row, 0, note.after)
                row += 1
            row += 1
    elif isinstance(report, EquityReport):
        _equity_sheet(book, report)
    else:
        _statement_sheet(book, report, SHEET_NAMES[report.kind])
    return book.close()


def _number(text: str) -> int | None:
    """A figure printed by fmt.number back to an int ("1.234" -> 1234, "(5)" -> -5); None for anything else."""
    t = text.strip()
    negative = t.startswith("(") and t.endswith(")")
    digits = t.strip("()").replace(".", "")
    if not digits.isdigit():
        return None
    return -int(digits) if negative else int(digits)


def write_shu_list_xlsx(r: ShuListReport, out: Target):
    book = _Book(out)
    sheet = book.wb.add_worksheet("Daftar SHU")
    row = book.heading(sheet, r.letterhead.name, "Daftar Pembagian SHU", f"Tahun buku {r.year}: {r.status_text}")
    for label, value in (("SHU setelah pajak", r.shu), ("Pool jasa modal", r.pool_jasa_modal),
                         ("Pool jasa usaha", r.pool_jasa_usaha), ("Selisih pembulatan", r.residue)):
        sheet.write_string(row, 1, label)
        sheet.write_number(row, 4, value, book.money)
        row += 1
    sheet.write_string(row, 1, "Tarif jasa modal / jasa usaha (Rp per Rp dasar)")
    sheet.write_number(row, 4, float(r.rate_jasa_modal))
    sheet.write_number(row, 5, float(r.rate_jasa_usaha))
    row += 2
    headers = ("No.", "Nomor Anggota", "Nama", "Bulan", "Simpanan (dasar JM)", "Transaksi (dasar JU)", "Jasa Modal",
               "Jasa Usaha", "Jumlah SHU", "Dibayar")
    for i, (h, w) in enumerate(zip(headers, (6, 14, 30, 7, 18, 18, 16, 16, 16, 20), strict=True)):
        sheet.write_string(row, i, h, book.head)
        sheet.set_column(i, i, w)
    sheet.freeze_panes(row + 1, 3)
    first = row
    row += 1
    for n, x in enumerate(r.rows, start=1):
        sheet.write_number(row, 0, n)
        sheet.write_string(row, 1, x.number)
        sheet.write_string(row, 2, x.name)
        sheet.write_number(row, 3, x.months)
        for i, v in enumerate((x.savings, x.transactions, x.jasa_modal, x.jasa_usaha, x.total), start=4):
            sheet.write_number(row, i, v, book.money)
        sheet.write_string(row, 9, x.paid)
        row += 1
    sheet.write_string(row, 2, "Jumlah", book.bold)
    for i, v in enumerate((r.total_savings, r.total_transactions, r.total_jasa_modal, r.total_jasa_usaha, r.total),
                          start=4):
        sheet.write_number(row, i, v, book.bold_money)
    sheet.autofilter(first, 0, max(row - 1, first + 1), len(headers) - 1)
    return book.close()


def write_budget_xlsx(r: BudgetReport, out: Target):
    book = _Book(out)
    sheet = book.wb.add_worksheet("Realisasi Anggaran")
    row = book.heading(sheet, r.letterhead.name, "Laporan Realisasi Anggaran (RAPB)",
                       f"Tahun buku {r.year}, realisasi sampai {r.through:%d-%m-%Y}")
    headers = ("Kode", "Akun", "Anggaran", "Realisasi", "Selisih", "Realisasi %")
    for i, (h, w) in enumerate(zip(headers, (10, 44, 18, 18, 18, 12), strict=True)):
        sheet.write_string(row, i, h, book.head)
        sheet.set_column(i, i, w)
    sheet.freeze_panes(row + 1, 2)
    row += 1
    for g in r.groups:
        sheet.write_string(row, 1, g.label.upper(), book.bold)
        row += 1
        for x in g.lines:
            sheet.write_string(row, 0, x.code)
            sheet.write_string(row, 1, x.name)
            for i, v in enumerate((x.budget, x.actual, x.variance), start=2):
                sheet.write_number(row, i, v, book.money)
            if x.percent is not None:
                sheet.write_number(row, 5, float(x.percent) / 100, book.pct)
            row += 1
        sheet.write_string(row, 1, f"Jumlah {g.label.lower()}", book.bold)
        for i, v in enumerate((g.budget, g.actual, g.variance), start=2):
            sheet.write_number(row, i, v, book.bold_money)
        row += 1
    sheet.write_string(row, 1, "SHU (pendapatan dikurangi beban)", book.bold)
    for i, v in enumerate((r.shu_budget, r.shu_actual, r.shu_variance), start=2):
        sheet.write_number(row, i, v, book.total_money)
    return book.close()


__all__ = ["write_budget_xlsx", "write_shu_list_xlsx", "write_statement_xlsx"]
