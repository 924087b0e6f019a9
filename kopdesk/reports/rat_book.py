"""The RAT report book (buku laporan RAT, spec §3.4): one PDF with a cover, a table of contents whose page numbers
are right, the invitation and agenda, the tata tertib, the Laporan Pertanggungjawaban Pengurus (identity,
organisation, membership by gender, activities, the four statements with comparatives and the key notes, the loan
portfolio by collectibility, the SHU and its distribution, problems, closing signed by every pengurus), the Laporan
Pengawas (signed by every pengawas), the work plan and the RAPB of the next year, the per-member SHU list (landscape
pages), the attendance list and, once the meeting is held, the notulen and the berita acara.

Every figure comes from the services through the existing report snapshots (``statements.build_statement_set``,
``shu_reports.build_shu_list``, ``budget_report.build_budget_report``, ``rat_reports``); the statement pages are the
statement renderers' own. The book is laid out twice: the first pass records on which page each section starts,
the second prints those numbers in the table of contents (the contents page has the same length in both passes).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kopdesk import fmt
from kopdesk.reports.base import (
    BAND,
    COND,
    COND_BOLD,
    FRAME_PAD,
    GREY,
    INK,
    RULE,
    SANS,
    SANS_BOLD,
    SHADE,
    Footer,
    PageSetup,
    Renderer,
    Target,
    bold_row,
    para,
    printed_line,
    register_fonts,
    styles,
)
from kopdesk.reports.budget_report import BudgetRenderer, BudgetReport, build_budget_report
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.rat_reports import (
    AttendanceRenderer,
    AttendanceReport,
    BeritaAcaraRenderer,
    InvitationRenderer,
    InvitationReport,
    MinutesRenderer,
    MinutesReport,
    build_attendance_list,
    build_invitation,
    build_minutes,
    day_and_date,
    paragraphs,
    place_text,
)
from kopdesk.reports.shu_reports import ShuListRenderer, ShuListReport, build_shu_list
from kopdesk.reports.statements import (
    EquityRenderer,
    StatementRenderer,
    StatementSetRenderer,
    StatementSetReport,
    build_statement_set,
)
from kopdesk.reports.tables import Row
from kopdesk.services import profile, rat_book
from kopdesk.services.rat_book import RatBook
from kopdesk.services.workspace import Workspace

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class RatBookReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    year: int
    data: RatBook                               # the service's figures and texts
    statements: StatementSetReport              # the four statements and the notes, as printed elsewhere
    realisation: BudgetReport | None            # the year's RAPB against the realisation
    shu_list: ShuListReport | None
    invitation: InvitationReport
    tata_tertib: str
    attendance: AttendanceReport
    minutes: MinutesReport | None               # once the meeting is held (notulen and berita acara)

    @property
    def title(self) -> str:
        return f"Buku Laporan Rapat Anggota Tahunan Tahun Buku {self.year}"


def build_rat_book(ws: Workspace, year: int, *, now: dt.datetime | None = None) -> RatBookReport:
    now = now or dt.datetime.now()
    data = rat_book.rat_book(ws, year)
    lh = letterhead(ws)
    statements = build_statement_set(ws, year, now=now)
    realisation = build_budget_report(ws, year, data.period.end, now=now) if data.realisation is not None else None
    shu_list = build_shu_list(ws, year, now=now) if data.shu_list is not None else None
    part = data.meeting
    m = part.meeting if part else None
    invitation = build_invitation(ws, m.id if m else None, year=year, now=now)
    attendance = build_attendance_list(ws, m.id if m else None, blank=not (part and part.held), year=year, now=now)
    minutes = build_minutes(ws, m.id, now=now) if part and part.held else None
    tata = (m.tata_tertib if m and m.tata_tertib.strip() else data.default_tata_tertib)
    return RatBookReport(lh, now, year, data, statements, realisation, shu_list, invitation, tata, attendance,
                         minutes)


# ----------------------------------------------------------------------------------------------- flowables


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    level: int             # 0 chapter, 1 section
    number: str            # "BAB III", "A."
    title: str


class Mark(Flowable):
    """Zero-size: where a table-of-contents entry starts (the page is recorded when it is laid out)."""

    def __init__(self, key: str):
        super().__init__()
        self.toc_key = key
        self.keepWithNext = True

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


class TocLine(Flowable):
    """One line of the contents: number and title at the left, dot leaders, the page number at the right."""

    def __init__(self, entry: Entry, page: int | None, width: float):
        super().__init__()
        self.entry, self.page, self.width = entry, page, width
        self.size = 10.5 if entry.level == 0 else 9.5
        self.font = SANS_BOLD if entry.level == 0 else SANS
        self.height = self.size * 1.75 if entry.level == 0 else self.size * 1.5

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c, e = self.canv, self.entry
        indent = (0, 10 * mm, 17 * mm)[min(e.level, 2)]
        y = 3
        number = str(self.page) if self.page else "\u2013"
        c.setFillColor(INK)
        c.setFont(self.font, self.size)
        label_x = indent + ((20 * mm, 7 * mm, 0)[min(e.level, 2)])
        c.drawString(indent, y, e.number)
        c.drawString(label_x, y, e.title)
        c.drawRightString(self.width, y, number)
        start = label_x + stringWidth(e.title, self.font, self.size) + 4
        end = self.width - stringWidth(number, self.font, self.size) - 4
        c.setFont(SANS, self.size)
        dot = stringWidth(". ", SANS, self.size)
        x = start + (dot - (start % dot))
        c.setFillColor(GREY)
        while x + dot < end:
            c.drawString(x, y, ".")
            x += dot


class Emblem(Flowable):
    """The cover's emblem when the cooperative has no logo: a double ring with its initials."""

    def __init__(self, initials: str, size: float):
        super().__init__()
        self.initials, self.size = initials, size

    def wrap(self, avail_width, avail_height):
        self.x0 = (avail_width - self.size) / 2
        return avail_width, self.size

    def draw(self):
        c, r = self.canv, self.size / 2
        cx, cy = self.x0 + r, r
        c.setStrokeColor(INK)
        c.setLineWidth(2.2)
        c.circle(cx, cy, r - 2)
        c.setLineWidth(0.7)
        c.circle(cx, cy, r - 6)
        c.setFillColor(INK)
        size = r * (0.62 if len(self.initials) <= 3 else 0.48)
        c.setFont(SANS_BOLD, size)
        c.drawCentredString(cx, cy - size * 0.36, self.initials)


def initials(name: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    skip = {"dan", "di", "ke"}
    return "".join(w[0].upper() for w in words if w.lower() not in skip)[:4] or "K"


def _style(name: str, **kw) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles()["body"], **kw)


def book_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "chapter_no": _style("chapter_no", fontName=SANS_BOLD, fontSize=11, leading=14, alignment=TA_CENTER,
                             textColor=GREY, spaceBefore=2),
        "chapter": _style("chapter", fontName=SANS_BOLD, fontSize=15, leading=19, alignment=TA_CENTER),
        "section": _style("section", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=7, spaceAfter=3,
                          keepWithNext=1),
        "text": _style("text", fontSize=10, leading=14.5, alignment=TA_JUSTIFY),
        "cover_small": _style("cover_small", fontName=SANS, fontSize=12, leading=16, alignment=TA_CENTER,
                              textColor=GREY),
        "cover_title": _style("cover_title", fontName=SANS_BOLD, fontSize=22, leading=28, alignment=TA_CENTER),
        "cover_year": _style("cover_year", fontName=SANS_BOLD, fontSize=16, leading=21, alignment=TA_CENTER),
        "cover_coop": _style("cover_coop", fontName=SANS_BOLD, fontSize=18, leading=23, alignment=TA_CENTER),
        "cover_line": _style("cover_line", fontSize=10, leading=13.5, alignment=TA_CENTER),
    }


# ----------------------------------------------------------------------------------------------- document


class BookCanvas(canvas.Canvas):
    """Holds every page to the end, then draws "Halaman X dari Y" on each (not on the cover), with the footer of
    the page's own orientation."""

    def __init__(self, *args, footers: dict[str, Footer], **kwargs):
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS
        super().__init__(*args, **kwargs)
        self._footers = footers
        self._saved: list[dict] = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            if number > 1:
                width, height = self._pagesize
                self._footers["landscape" if width > height else "portrait"].draw(self, number, total)
            super().showPage()
        super().save()


class BookDoc(BaseDocTemplate):
    """Portrait pages, landscape pages for the wide lists, and a cover; records where each section starts."""

    def __init__(self, target, portrait: PageSetup, landscape: PageSetup, **kw):
        super().__init__(target, pagesize=portrait.size, **kw)
        self.marks: dict[str, int] = {}
        templates = []
        for name, setup in (("cover", portrait), ("portrait", portrait), ("landscape", landscape)):
            w, h = setup.size
            frame = Frame(setup.left - FRAME_PAD, setup.bottom - FRAME_PAD,
                          w - setup.left - setup.right + 2 * FRAME_PAD, h - setup.top - setup.bottom + 2 * FRAME_PAD,
                          id=name)
            extra = {"onPage": _cover_border, "autoNextPageTemplate": "portrait"} if name == "cover" else {}
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=setup.size, **extra))
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable):
        key = getattr(flowable, "toc_key", None)
        if key:
            self.marks.setdefault(key, self.page)


def _cover_border(c: canvas.Canvas, doc) -> None:
    w, h = doc.pagesize
    c.saveState()
    c.setStrokeColor(INK)
    c.setLineWidth(2.4)
    c.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    c.setLineWidth(0.6)
    c.rect(14.5 * mm, 14.5 * mm, w - 29 * mm, h - 29 * mm)
    c.restoreState()


# ----------------------------------------------------------------------------------------------- renderer


class _InBook:
    """A report renderer reused inside the book: no kop surat (the book has one cover)."""

    def kop_surat(self):
        return []


class BookShuList(_InBook, ShuListRenderer):
    pass


class BookBudget(_InBook, BudgetRenderer):
    def signatures(self, signatories, on=None):
        return []


class RatBookRenderer(Renderer):
    report: RatBookReport

    def __init__(self, report: RatBookReport, setup: PageSetup):
        super().__init__(report, setup)
        self.landscape = PageSetup(setup.paper, "landscape", setup.left, setup.right, setup.top, setup.bottom)
        self.s = book_styles()
        self.entries: list[Entry] = []
        self.pages: dict[str, int] = {}

    def document_title(self) -> str:
        return self.report.title

    # -- output: two passes, so the contents show the pages the sections really start on
    def render(self, out: Target) -> None:
        data = None
        for _ in range(4):
            buffer = io.BytesIO()
            marks = self._build(buffer)
            data = buffer.getvalue()
            if marks == self.pages:
                break
            self.pages = marks
        if isinstance(out, str | os.PathLike):
            Path(out).write_bytes(data)
        else:
            out.write(data)

    def _build(self, target) -> dict[str, int]:
        self.entries = []
        doc = BookDoc(target, self.setup, self.landscape, title=self.document_title(), author=self.letterhead.name,
                      subject=self.document_title(), creator="KopDesk")
        left = f"{self.letterhead.name} \u2013 {self.document_title()}"
        printed = printed_line(self.printed_at)
        footers = {"portrait": Footer(left, printed, self.setup), "landscape": Footer(left, printed, self.landscape)}
        story = self.story()
        doc.build(story, canvasmaker=lambda *a, **kw: BookCanvas(*a, footers=footers, **kw))
        return dict(doc.marks)

    # -- helpers
    def text(self, key: str) -> list[Flowable]:
        return paragraphs(self.report.data.texts.get(key, ""), self.s["text"])

    def chapter(self, key: str, title: str, *, landscape: bool = False) -> list[Flowable]:
        number = ROMAN[sum(1 for e in self.entries if e.level == 0)]
        self.entries.append(Entry(key, 0, f"BAB {number}", title))
        self._section_no = 0
        out: list[Flowable] = [NextPageTemplate("landscape" if landscape else "portrait"), PageBreak(), Mark(key),
                               Paragraph(f"BAB {number}", self.s["chapter_no"]),
                               Paragraph(escape(title.upper()), self.s["chapter"]), Spacer(1, 2 * mm),
                               HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=5 * mm)]
        return out

    def section(self, key: str, title: str, *, new_page: bool = False) -> list[Flowable]:
        letter = LETTERS[self._section_no]
        self._section_no += 1
        self.entries.append(Entry(key, 1, f"{letter}.", title))
        head = [Mark(key), Paragraph(f"{letter}. {escape(title)}", self.s["section"])]
        if new_page:
            return [PageBreak(), *head]
        return [CondPageBreak(40 * mm), *head]

    def small_table(self, header, rows, widths, numeric=(), total: bool = False) -> Table:
        data = [[Paragraph(escape(h), styles()["cell_head"]) for h in header], *[list(r) for r in rows]]
        table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1)
        style = [("FONT", (0, 0), (-1, -1), COND, 9), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                 ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in numeric]
        if total:
            style += [("FONT", (0, -1), (-1, -1), COND_BOLD, 9), ("BACKGROUND", (0, -1), (-1, -1), BAND),
                      ("LINEABOVE", (0, -1), (-1, -1), 1, INK)]
        table.setStyle(TableStyle(style))
        return table

    def all_signatures(self, people, heading: str, on: dt.date) -> list[Flowable]:
        """Every official of a body, three to a row, each with a room to sign."""
        signatories = [Signatory(o.role, o.name) for o in people] or [Signatory(heading, "")]
        out: list[Flowable] = [para(self.letterhead.place_and_date(on), "sign"), para(heading, "sign_name")]
        for start in range(0, len(signatories), 3):
            part = signatories[start:start + 3]
            col = self.width / 3
            rows = [[para(s.heading, "sign") for s in part], [""] * len(part),
                    [Paragraph(f"<u>{escape(s.name)}</u>" if s.name else "(" + "." * 30 + ")",
                               styles()["sign_name"]) for s in part]]
            table = Table(rows, colWidths=[col] * len(part), rowHeights=[None, 20 * mm, None])
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            out += [Spacer(1, 5 * mm), table]
        return [Spacer(1, 6 * mm), KeepTogether(out)]

    # -- the book
    def story(self) -> list[Flowable]:
        r = self.report
        self._dry_entries()
        out: list[Flowable] = [*self.cover(), NextPageTemplate("portrait"), PageBreak(), *self.contents()]
        out += self.chapter("undangan", "Undangan dan Acara Rapat")
        out += [*InvitationRenderer(r.invitation, self.setup).story()]
        out += self.chapter("tata_tertib", "Tata Tertib Rapat")
        out += paragraphs(r.tata_tertib, self.s["text"])
        out += self.lpj()
        out += self.supervisors()
        out += self.chapter("rencana", f"Rencana Kerja dan RAPB Tahun {r.year + 1}")
        out += self.text("rencana_kerja")
        out += self.next_budget()
        if r.shu_list is not None:
            out += self.chapter("shu_anggota", "Daftar Pembagian SHU per Anggota", landscape=True)
            out += BookShuList(r.shu_list, self.landscape).story()
        out += self.chapter("daftar_hadir", "Daftar Hadir")
        out += AttendanceRenderer(r.attendance, self.setup).body(titled=False)
        if r.minutes is not None:
            out += self.chapter("notulen", "Notulen Rapat")
            out += MinutesRenderer(r.minutes, self.setup).body(titled=False)
            out += self.chapter("berita_acara", "Berita Acara Rapat")
            out += BeritaAcaraRenderer(r.minutes, self.setup).body(titled=False)
        return out

    def cover(self) -> list[Flowable]:
        r, d, lh = self.report, self.report.data, self.letterhead
        s = self.s
        logo = self._logo(48 * mm) or Emblem(initials(lh.name), 46 * mm)
        if isinstance(logo, Image):
            logo.hAlign = "CENTER"
        part = d.meeting
        out: list[Flowable] = [NextPageTemplate("cover"), Spacer(1, 18 * mm),
                               Paragraph("BUKU LAPORAN", s["cover_small"]), Spacer(1, 2 * mm),
                               Paragraph("RAPAT ANGGOTA TAHUNAN", s["cover_title"]),
                               Paragraph(f"TAHUN BUKU {r.year}", s["cover_year"]), Spacer(1, 22 * mm), logo,
                               Spacer(1, 22 * mm), Paragraph(escape(lh.name.upper()), s["cover_coop"]),
                               Spacer(1, 3 * mm)]
        for line in (lh.legal_line, f"NIK Koperasi {d.profile.nik_koperasi}" if d.profile.nik_koperasi else "",
                     *lh.address_lines, lh.contact_line):
            if line:
                out.append(Paragraph(escape(line), s["cover_line"]))
        out.append(Spacer(1, 18 * mm))
        if part is not None:
            m = part.meeting
            out += [Paragraph("Disampaikan pada Rapat Anggota Tahunan", s["cover_line"]),
                    Paragraph(f"<b>{escape(day_and_date(m.held_on))}</b>", s["cover_line"]),
                    Paragraph(escape(place_text(m)), s["cover_line"])]
        else:
            out.append(Paragraph("Disampaikan kepada Rapat Anggota Tahunan", s["cover_line"]))
        return out

    def contents(self) -> list[Flowable]:
        """The table of contents: the entries are known before the layout (``_dry_entries``), so both passes
        print the same number of lines and only the page numbers change."""
        out: list[Flowable] = [Paragraph("DAFTAR ISI", self.s["chapter"]), Spacer(1, 2 * mm),
                               HRFlowable(width="100%", thickness=0.8, color=INK, spaceAfter=6 * mm)]
        for e in self._planned:
            if e.level == 0:
                out.append(Spacer(1, 1.5 * mm))
            out.append(TocLine(e, self.pages.get(e.key), self.width))
        return out

    def _dry_entries(self) -> None:
        """Run the story builders once to learn the entries (the flowables are thrown away)."""
        self._planned = ()
        self.entries = []
        r = self.report
        self.chapter("undangan", "Undangan dan Acara Rapat")
        self.chapter("tata_tertib", "Tata Tertib Rapat")
        self.lpj()
        self.supervisors()
        self.chapter("rencana", f"Rencana Kerja dan RAPB Tahun {r.year + 1}")
        if r.shu_list is not None:
            self.chapter("shu_anggota", "Daftar Pembagian SHU per Anggota", landscape=True)
        self.chapter("daftar_hadir", "Daftar Hadir")
        if r.minutes is not None:
            self.chapter("notulen", "Notulen Rapat")
            self.chapter("berita_acara", "Berita Acara Rapat")
        self._planned = tuple(self.entries)
        self.entries = []

    # -- Laporan pertanggungjawaban pengurus
    def lpj(self) -> list[Flowable]:
        r, d = self.report, self.report.data
        st = r.statements
        out = self.chapter("lpj", "Laporan Pertanggungjawaban Pengurus")
        out += [*self.section("pendahuluan", "Pendahuluan"), *self.text("pendahuluan")]
        out += [*self.section("identitas", "Identitas koperasi"), self.info_block(self.identity(), 42 * mm)]
        out += [*self.section("organisasi", "Organisasi"), *self.organisation()]
        out += [*self.section("keanggotaan", "Keanggotaan"), *self.membership()]
        out += [*self.section("kegiatan_organisasi", "Kegiatan organisasi"), *self.text("kegiatan_organisasi")]
        out += [*self.section("kegiatan_usaha", "Kegiatan usaha"), *self.text("kegiatan_usaha"),
                *self.activities()]
        out += self.section("laporan_keuangan", "Laporan keuangan", new_page=True)
        out += paragraphs(f"Laporan keuangan tahun buku {r.year} dengan angka pembanding tahun {r.year - 1} "
                          "disajikan pada halaman-halaman berikut: laporan posisi keuangan, laporan perhitungan "
                          "hasil usaha, laporan perubahan ekuitas, laporan arus kas, dan catatan atas laporan "
                          "keuangan (ikhtisar).", self.s["text"])
        pengurus = st.signatories[:2]
        out += [Spacer(1, 2 * mm)]
        for key, sub in (("neraca", StatementRenderer(st.balance_sheet, self.setup)),
                         ("phu", StatementRenderer(st.income_statement, self.setup)),
                         ("ekuitas", EquityRenderer(st.equity, self.setup)),
                         ("arus_kas", StatementRenderer(st.cash_flow, self.setup))):
            if key != "neraca":
                out.append(PageBreak())
            self.entries.append(Entry(key, 2, "", sub.report.title))
            out += [Mark(key), *sub.body(pengurus, coop_line=True)]
        notes = StatementSetRenderer(st, self.setup)
        self.entries.append(Entry("catatan", 2, "", "Catatan atas Laporan Keuangan"))
        out += [PageBreak(), Mark("catatan"), para(self.letterhead.name.upper(), "subtitle"),
                *self.title_block("Catatan atas Laporan Keuangan", st.period_line + " (ikhtisar)")]
        for note in st.notes:
            if note.number != 2:
                out.append(KeepTogether(notes.note_flowables(note)))
        out += self.section("pinjaman", "Pinjaman anggota dan kolektibilitas", new_page=True)
        out += self.loans(notes)
        out += [*self.section("shu", "Sisa hasil usaha dan usulan pembagiannya"), *self.shu(notes)]
        out += [*self.section("masalah", "Masalah yang dihadapi"), *self.text("masalah")]
        closing = [*self.section("penutup", "Penutup")[1:], *self.text("penutup"),
                   *self.all_signatures(d.pengurus, f"Pengurus {self.letterhead.name}", self._signed_on())]
        out += [CondPageBreak(40 * mm), KeepTogether(closing)]
        return out

    def _signed_on(self) -> dt.date:
        d = self.report.data
        if d.meeting is not None:
            m = d.meeting.meeting
            return min(m.invitation_date, m.held_on)
        return self.printed_at.date()

    def identity(self) -> list[tuple[str, str]]:
        d, lh = self.report.data, self.letterhead
        p = d.profile
        from kopdesk.domain.coop import COOP_TYPES

        rows = [("Nama koperasi", lh.name), ("Jenis koperasi", COOP_TYPES.get(p.coop_type, p.coop_type))]
        if p.legal_number:
            rows.append(("Nomor badan hukum", p.legal_number))
        if p.legal_date:
            rows.append(("Tanggal badan hukum", fmt.date_long(p.legal_date)))
        for label, value in (("NIK koperasi", p.nik_koperasi), ("NIB", p.nib), ("NPWP", p.npwp)):
            if value:
                rows.append((label, value))
        if lh.address_lines:
            rows.append(("Alamat", ", ".join(lh.address_lines)))
        if lh.contact_line:
            rows.append(("Kontak", lh.contact_line))
        rows.append(("Tahun buku", f"{fmt.date_long(d.period.start)} s.d. {fmt.date_long(d.period.end)}"))
        rows.append(("Status tahun buku", "Sudah ditutup (tutup buku)" if d.closed else "Belum ditutup"))
        return rows

    def organisation(self) -> list[Flowable]:
        d = self.report.data
        out: list[Flowable] = []
        for body, people in (("Pengurus", d.pengurus), ("Pengawas", d.pengawas)):
            rows = [(str(i), o.role, o.name, self._term(o)) for i, o in enumerate(people, start=1)]
            if not rows:
                rows = [("", "", f"{body} belum dicatat.", "")]
            out += [para(f"Susunan {body.lower()}:", "label"), Spacer(1, 1 * mm),
                    self.small_table(("No.", "Jabatan", "Nama", "Masa jabatan"), rows,
                                     [10 * mm, 38 * mm, self.width - 98 * mm, 50 * mm], numeric=(0,)),
                    Spacer(1, 3 * mm)]
        return out

    @staticmethod
    def _term(o) -> str:
        if o.term_start and o.term_end:
            return f"{o.term_start.year} \u2013 {o.term_end.year}"
        return fmt.date_short(o.term_start) if o.term_start else "-"

    def membership(self) -> list[Flowable]:
        ms = self.report.data.membership
        rows = [(x.label, str(x.start), str(x.joined), str(x.left), str(x.end)) for x in ms.lines]
        rows.append(("Jumlah", str(ms.start), str(ms.joined), str(ms.left), str(ms.end)))
        col = (self.width - 50 * mm) / 4
        return [para(f"Perkembangan jumlah anggota selama tahun buku {self.report.year} (orang):", "label"),
                Spacer(1, 1 * mm),
                self.small_table(("Jenis kelamin", f"Awal tahun ({fmt.date_short(ms.start_date)})", "Masuk",
                                  "Keluar", f"Akhir tahun ({fmt.date_short(ms.end_date)})"), rows,
                                 [50 * mm, col, col, col, col], numeric=(1, 2, 3, 4), total=True)]

    def activities(self) -> list[Flowable]:
        r, d = self.report, self.report.data
        la = d.loan_activity
        phu = r.data.statements.income_statement
        cur, prior = phu.current, phu.prior
        rows = [("Pinjaman baru disalurkan (jumlah pinjaman)", str(la.disbursed_count), ""),
                ("Pinjaman baru disalurkan (Rp)", fmt.number(la.disbursed_amount), ""),
                ("Saldo pinjaman akhir tahun (Rp)", fmt.number(la.outstanding),
                 fmt.number(la.prior_outstanding) if la.prior_outstanding is not None else "-"),
                ("Simpanan anggota akhir tahun (Rp)", fmt.number(sum(s.amount for s in d.savings)),
                 fmt.number(sum(s.prior for s in d.savings))),
                ("Partisipasi bruto (Rp)", fmt.number(cur.partisipasi_bruto),
                 fmt.number(prior.partisipasi_bruto) if prior else "-"),
                ("SHU setelah pajak (Rp)", fmt.number(cur.shu_setelah_pajak),
                 fmt.number(prior.shu_setelah_pajak) if prior else "-"),
                ("Total aset (Rp)", fmt.number(d.statements.balance_sheet.total_assets),
                 fmt.number(d.statements.balance_sheet.prior_total_assets))]
        out: list[Flowable] = [Spacer(1, 1 * mm), para("Ringkasan kegiatan usaha:", "label"), Spacer(1, 1 * mm),
                               self.small_table(("Uraian", str(r.year), str(r.year - 1)), rows,
                                                [self.width - 80 * mm, 40 * mm, 40 * mm], numeric=(1, 2))]
        savings = next((n for n in r.statements.notes if n.number == 3), None)
        if savings is not None:
            out += [Spacer(1, 2 * mm), *StatementSetRenderer(r.statements, self.setup).note_flowables(savings)]
        if r.realisation is not None:
            out += [CondPageBreak(60 * mm), Spacer(1, 3 * mm),
                    para(f"Realisasi terhadap RAPB tahun {r.year}:", "label"), Spacer(1, 1 * mm),
                    *BookBudget(r.realisation, self.setup).story()[2:]]
        else:
            out += [Spacer(1, 2 * mm), para(f"RAPB tahun {r.year} tidak dicatat di KopDesk, sehingga perbandingan "
                                            "dengan anggaran tidak disajikan.", "label")]
        return out

    def loans(self, notes: StatementSetRenderer) -> list[Flowable]:
        r, d = self.report, self.report.data
        out = paragraphs(f"Keadaan pinjaman anggota per {fmt.date_long(d.loans.as_of)} menurut kolektibilitas, "
                         "dengan penyisihan penghapusan aset produktif (PPAP) yang wajib dibentuk dan yang telah "
                         "dibukukan.", self.s["text"])
        note = next((n for n in r.statements.notes if n.number == 2), None)
        if note is not None:
            out += notes.note_flowables(note)[2:]
        problem = sum(c.outstanding for c in d.loans.classes if c.klass.name != "LANCAR")
        if d.loans.outstanding:
            share = fmt.percent(problem * 100 / d.loans.outstanding, 2) if d.loans.outstanding else "-"
            out += [Spacer(1, 2 * mm), para(f"Pinjaman bermasalah (kurang lancar, diragukan, macet): "
                                            f"{fmt.rupiah(problem)} ({share} dari saldo pinjaman).", "label")]
        return out

    def shu(self, notes: StatementSetRenderer) -> list[Flowable]:
        r, d = self.report, self.report.data
        state = d.shu_state
        status = {"belum ditutup": "Tahun buku belum ditutup; jumlah SHU masih sementara.",
                  "ditutup": "Berikut usulan pengurus untuk pembagian SHU menurut AD/ART, untuk diputuskan RAT.",
                  "disetujui": "Pembagian SHU telah disetujui Rapat Anggota Tahunan.",
                  "dibukukan": "Pembagian SHU telah disetujui Rapat Anggota Tahunan dan dibukukan."}
        out = paragraphs(f"SHU tahun buku {r.year} setelah pajak sebesar {fmt.rupiah(d.shu)}. "
                         + status.get(state.status, ""), self.s["text"])
        note = next((n for n in r.statements.notes if n.number == 4), None)
        if note is not None:
            out += notes.note_flowables(note)[2:]
        if r.shu_list is not None:
            s = r.shu_list
            out += [Spacer(1, 2 * mm), para(
                f"Jasa modal {fmt.rupiah(s.pool_jasa_modal)} dan jasa usaha {fmt.rupiah(s.pool_jasa_usaha)} dibagikan "
                f"kepada {len(s.rows)} anggota sebanding dengan simpanan dan transaksinya; rinciannya dalam Daftar "
                "Pembagian SHU per Anggota.", "label")]
        return out

    # -- Laporan pengawas
    def supervisors(self) -> list[Flowable]:
        d = self.report.data
        out = self.chapter("pengawas", "Laporan Pengawas")
        for key, title in (("pengawas_ruang_lingkup", "Ruang lingkup pengawasan"),
                           ("pengawas_temuan", "Hasil pengawasan"),
                           ("pengawas_pendapat", "Pendapat pengawas"),
                           ("pengawas_rekomendasi", "Saran dan rekomendasi")):
            out += [*self.section(key, title), *self.text(key)]
        out += self.all_signatures(d.pengawas, f"Pengawas {self.letterhead.name}", self._signed_on())
        return out

    def next_budget(self) -> list[Flowable]:
        r = self.report
        nb = r.data.next_budget
        if nb is None:
            return [Spacer(1, 2 * mm), para(f"RAPB tahun {r.year + 1} belum dicatat di KopDesk; RAPB disampaikan "
                                            "tersendiri dalam rapat.", "label")]
        rows: list[Row] = []
        money = 36 * mm
        widths = [20 * mm, self.width - 20 * mm - money, money]
        for g in nb.groups:
            rows.append(Row(("", g.label.upper(), ""), bold_row(("SPAN", (1, 0), (-1, 0)),
                                                                ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
            rows += [Row((code, name, fmt.number(amount))) for code, name, amount in g.lines]
            rows.append(Row(("", f"Jumlah {g.label.lower()}", fmt.number(g.total)),
                            bold_row(("LINEABOVE", (0, 0), (-1, 0), 0.8, INK))))
        rows.append(Row(("", "SHU yang direncanakan (pendapatan dikurangi beban)", fmt.number(nb.shu)),
                        bold_row(("LINEABOVE", (0, 0), (-1, 0), 1.2, INK), ("BACKGROUND", (0, 0), (-1, 0), BAND))))
        table = self.table(("Kode", "Akun", "Anggaran (Rp)"), rows, widths, numeric=(2,))
        return [Spacer(1, 2 * mm), para(f"Rencana Anggaran Pendapatan dan Belanja (RAPB) tahun {nb.year}:",
                                        "label"), Spacer(1, 1 * mm), table]


# ----------------------------------------------------------------------------------------------- one call


def rat_book_pdf(ws: Workspace, year: int, out: Target, paper: str | None = None, *,
                 now: dt.datetime | None = None) -> Path | BinaryIO:
    """Build and write the RAT report book of financial year ``year`` (paper None: the workspace setting)."""
    report = build_rat_book(ws, year, now=now)
    renderer = RatBookRenderer(report, PageSetup(paper or profile.get_app_settings(ws).paper))
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    renderer.render(out)
    return out


def book_entries(report: RatBookReport, paper: str = "A4") -> list[Entry]:
    """The contents' entries (for tests and the editor)."""
    renderer = RatBookRenderer(report, PageSetup(paper))
    renderer._dry_entries()
    return list(renderer._planned)


__all__ = ["Entry", "RatBookRenderer", "RatBookReport", "book_entries", "build_rat_book", "rat_book_pdf"]
