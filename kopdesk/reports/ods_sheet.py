"""The ODS sheet (spec §8.5): the figures a cooperative reports each year to the national online data system, on one
page (PDF) and in one .xlsx: identity, status, organisation by gender, finance (modal sendiri, modal luar, total
aset, volume usaha, SHU) and, for savings and loans, savings by type, loans outstanding and disbursed in the year,
collectibility / NPL and the latest health predicate.

Every figure comes from the services (statements, the RAT book's membership and loans, health); the renderers only
lay them out.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.coop import COOP_TYPES
from kopdesk.domain.errors import KopDeskError
from kopdesk.reports.base import COND, COND_BOLD, RULE, SHADE, PageSetup, Renderer, Target, para
from kopdesk.reports.letterhead import Letterhead, letterhead
from kopdesk.services import profile, rat, rat_book
from kopdesk.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class OdsLine:
    label: str
    text: str                          # as printed
    value: int | Decimal | None = None  # the number behind it (the .xlsx writes numbers), None for text


@dataclass(frozen=True, slots=True)
class OdsSection:
    title: str
    lines: tuple[OdsLine, ...]


@dataclass(frozen=True, slots=True)
class OdsReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    year: int
    sections: tuple[OdsSection, ...]
    signatories: tuple

    def line(self, label: str) -> OdsLine:
        return next(x for s in self.sections for x in s.lines if x.label == label)


def _money(label: str, amount: int) -> OdsLine:
    return OdsLine(label, fmt.rupiah(amount), amount)


def _count(label: str, value: int, unit: str = "orang") -> OdsLine:
    return OdsLine(label, f"{value} {unit}", value)


def _last_rat(ws: Workspace, year: int):
    held = [m for m in rat.list_meetings(ws) if str(m.kind) == "RAT" and m.closed and m.year is not None
            and m.year <= year]
    return max(held, key=lambda m: m.held_on, default=None)


def _health(ws: Workspace, year: int):
    try:
        from kopdesk.services import health

        records = [r for r in health.history(ws) if r.year <= year and r.predicate]
    except KopDeskError:
        return None
    records.sort(key=lambda r: (r.year, r.status == "final"))
    return records[-1] if records else None


def build_ods(ws: Workspace, year: int, *, now: dt.datetime | None = None) -> OdsReport:
    b = rat_book.rat_book(ws, year)
    p, fs, lh = b.profile, b.statements, letterhead(ws)
    bs, cur = fs.balance_sheet, fs.income_statement.current
    identity = [OdsLine("Nama koperasi", lh.name), OdsLine("Jenis koperasi", COOP_TYPES.get(p.coop_type, p.coop_type)),
                OdsLine("Nomor badan hukum", p.legal_number or "-"),
                OdsLine("Tanggal badan hukum", fmt.date_long(p.legal_date) or "-"),
                OdsLine("NIK koperasi", p.nik_koperasi or "-"), OdsLine("NIB", p.nib or "-"),
                OdsLine("NPWP", p.npwp or "-"), OdsLine("Alamat", p.street or "-"),
                OdsLine("Desa/kelurahan", p.desa or "-"), OdsLine("Kecamatan", p.kecamatan or "-"),
                OdsLine("Kabupaten/kota", p.kabupaten_kota or "-"), OdsLine("Provinsi", p.province or "-"),
                OdsLine("Telepon / email", " / ".join(x for x in (p.phone, p.email) if x) or "-")]
    last = _last_rat(ws, year)
    status = [OdsLine("Status koperasi", "Aktif"), OdsLine("Tahun buku dilaporkan", str(year), year),
              OdsLine("Status tahun buku", "Sudah ditutup (tutup buku)" if b.closed else "Belum ditutup"),
              OdsLine("Tanggal RAT terakhir", fmt.date_long(last.held_on) if last else "Belum ada RAT tercatat"),
              OdsLine("RAT terakhir untuk tahun buku", str(last.year) if last else "-",
                      last.year if last else None)]
    ms = b.membership
    organisation = [_count("Anggota laki-laki", ms.of("L").end), _count("Anggota perempuan", ms.of("P").end),
                    _count("Jumlah anggota", ms.end), _count("Pengurus", len(b.pengurus)),
                    _count("Pengawas", len(b.pengawas)), OdsLine("Manajer / karyawan", "Tidak dicatat di KopDesk")]
    la = b.loan_activity
    finance = [_money("Modal sendiri (ekuitas)", bs.total_equity), _money("Modal luar (liabilitas)",
                                                                         bs.total_liabilities),
               _money("Total aset", bs.total_assets),
               _money("Volume usaha (pinjaman disalurkan)", la.disbursed_amount),
               _money("Pendapatan (partisipasi bruto dan lain-lain)", cur.total_pendapatan),
               _money("SHU setelah pajak", cur.shu_setelah_pajak)]
    ksp = [_money(f"Simpanan {s.product_name.removeprefix('Simpanan ').lower()}", s.amount) for s in b.savings]
    ksp.append(_money("Jumlah simpanan", sum(s.amount for s in b.savings)))
    ksp += [_money("Pinjaman beredar (saldo pokok)", b.loans.outstanding),
            _count("Pinjaman disalurkan dalam tahun (jumlah)", la.disbursed_count, "pinjaman"),
            _money("Pinjaman disalurkan dalam tahun", la.disbursed_amount)]
    for c in b.loans.classes:
        ksp.append(_money(f"Kolektibilitas {c.label.lower()}", c.outstanding))
    problem = sum(c.outstanding for c in b.loans.classes if c.klass.name != "LANCAR")
    npl = (Decimal(problem) * 100 / Decimal(b.loans.outstanding)).quantize(Decimal("0.01")) if b.loans.outstanding \
        else Decimal(0)
    ksp.append(OdsLine("NPL (pinjaman bermasalah / pinjaman beredar)", fmt.percent(npl, 2), npl))
    h = _health(ws, year)
    ksp.append(OdsLine("Predikat kesehatan", f"{h.predicate} (tahun buku {h.year})" if h else "Belum dinilai"))
    sections = (OdsSection("Identitas", tuple(identity)), OdsSection("Status", tuple(status)),
                OdsSection("Organisasi", tuple(organisation)), OdsSection("Keuangan", tuple(finance)),
                OdsSection("Simpan pinjam", tuple(ksp)))
    return OdsReport(lh, now or dt.datetime.now(), year, sections,
                     (lh.signatory("Ketua"), lh.signatory("Bendahara")))


class OdsRenderer(Renderer):
    report: OdsReport

    def document_title(self) -> str:
        return f"Data ODS Tahun Buku {self.report.year}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Data Koperasi untuk ODS", f"Sistem data koperasi online, tahun buku {r.year}")]
        half = (self.width - 6 * mm) / 2
        left = [s for s in r.sections if s.title in ("Identitas", "Status")]
        right = [s for s in r.sections if s.title not in ("Identitas", "Status")]
        grid = Table([[self._column(left, half), self._column(right, half)]], colWidths=[half + 6 * mm, half],
                     hAlign="LEFT")
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm), ("RIGHTPADDING", (1, 0), (1, 0), 0)]))
        return [*out, grid, *self.signatures(r.signatories)]

    def _column(self, sections, width) -> Table:
        rows, style = [], [("FONT", (0, 0), (-1, -1), COND, 8.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 1.4), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]
        for s in sections:
            style += [("SPAN", (0, len(rows)), (1, len(rows))), ("BACKGROUND", (0, len(rows)), (1, len(rows)), SHADE),
                      ("FONT", (0, len(rows)), (1, len(rows)), COND_BOLD, 9)]
            rows.append([s.title.upper(), ""])
            for x in s.lines:
                if x.value is not None:
                    style.append(("ALIGN", (1, len(rows)), (1, len(rows)), "RIGHT"))
                rows.append([para(x.label, "cell"), para(x.text, "cell") if x.value is None else x.text])
        table = Table(rows, colWidths=[width * 0.55, width * 0.45], hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table


def ods_pdf(ws: Workspace, year: int, out: Target, paper: str | None = None, *,
            now: dt.datetime | None = None) -> Path | BinaryIO:
    renderer = OdsRenderer(build_ods(ws, year, now=now), PageSetup(paper or profile.get_app_settings(ws).paper))
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    renderer.render(out)
    return out


def write_ods_xlsx(report: OdsReport, out: Target):
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        wb = xlsxwriter.Workbook(str(out))
    else:
        wb = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = wb.add_worksheet("ODS")
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1})
    money = wb.add_format({"num_format": "#,##0"})
    pct = wb.add_format({"num_format": "0.00"})
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 1, 42)
    sheet.write_string(0, 0, report.letterhead.name.upper(), bold)
    sheet.write_string(1, 0, f"DATA ODS TAHUN BUKU {report.year}", bold)
    row = 3
    for s in report.sections:
        sheet.write_string(row, 0, s.title, head)
        sheet.write_string(row, 1, "", head)
        row += 1
        for x in s.lines:
            sheet.write_string(row, 0, x.label)
            if x.value is None:
                sheet.write_string(row, 1, x.text)
            elif isinstance(x.value, Decimal):
                sheet.write_number(row, 1, float(x.value), pct)
            else:
                sheet.write_number(row, 1, x.value, money if "Rp" in x.text else None)
            row += 1
        row += 1
    wb.close()
    return out


def ods_xlsx(ws: Workspace, year: int, out: Target, *, now: dt.datetime | None = None):
    return write_ods_xlsx(build_ods(ws, year, now=now), out)


__all__ = ["OdsLine", "OdsRenderer", "OdsReport", "OdsSection", "build_ods", "ods_pdf", "ods_xlsx", "write_ods_xlsx"]
