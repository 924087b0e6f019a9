"""The renderer base every KopDesk PDF shares (pretix style): fonts, A4/F4 page geometry, styles, the kop surat on
the first page, the title block, "Halaman X dari Y" with the print time on every page, signature blocks and long
tables. A renderer lays out a frozen report snapshot; it never computes a total and never touches the workspace.

Subclasses implement ``document_title()`` and ``story()``; ``render(out)`` writes the PDF to a path or a binary
stream.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.paths import resource
from kopdesk.reports.letterhead import Letterhead, Signatory
from kopdesk.reports.tables import PagedTable, Row

# ----------------------------------------------------------------------------------------------- fonts

SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC = (
    "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique")
COND, COND_BOLD = "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"


@cache
def register_fonts() -> None:
    """Register the shipped DejaVu Sans family with reportlab (once per process)."""
    for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC, COND, COND_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC)
    pdfmetrics.registerFontFamily(COND, normal=COND, bold=COND_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC)


# ----------------------------------------------------------------------------------------------- page geometry

PAPERS: dict[str, tuple[float, float]] = {"A4": A4, "F4": (215 * mm, 330 * mm)}
FRAME_PAD = 6     # reportlab's frame padding; the margins below are where the content really starts and ends
ORIENTATIONS = ("portrait", "landscape")


@dataclass(frozen=True, slots=True)
class PageSetup:
    paper: str = "A4"
    orientation: str = "portrait"
    left: float = 20 * mm
    right: float = 15 * mm
    top: float = 12 * mm
    bottom: float = 18 * mm      # the footer lives in here

    def __post_init__(self):
        problems = []
        if self.paper not in PAPERS:
            problems.append(f"Ukuran kertas '{self.paper}' tidak dikenal; pilih A4 atau F4.")
        if self.orientation not in ORIENTATIONS:
            problems.append(f"Arah kertas '{self.orientation}' tidak dikenal; pilih portrait atau landscape.")
        if problems:
            raise ValidationError(problems)

    @property
    def size(self) -> tuple[float, float]:
        size = PAPERS[self.paper]
        return landscape(size) if self.orientation == "landscape" else portrait(size)

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.left - self.right


# ----------------------------------------------------------------------------------------------- styles

INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#444444")
SHADE = colors.HexColor("#e9ecef")
BAND = colors.HexColor("#f5f6f7")
WARN = colors.HexColor("#b00020")

TABLE_FONT_SIZE = 8.5
TABLE_PAD = 2.5


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=SANS, fontSize=9.5, leading=12.5, textColor=INK)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "coop": style("coop", fontName=SANS_BOLD, fontSize=15, leading=18, alignment=TA_CENTER),
        "kop": style("kop", fontSize=8.5, leading=10.5, alignment=TA_CENTER),
        "title": style("title", fontName=SANS_BOLD, fontSize=13, leading=16, alignment=TA_CENTER, spaceBefore=4),
        "subtitle": style("subtitle", fontSize=10, leading=13, alignment=TA_CENTER),
        "label": style("label", fontSize=9.5, leading=12.5),
        "terbilang": style("terbilang", fontName=SANS_ITALIC, fontSize=9.5, leading=12.5),
        "note": style("note", fontName=SANS_BOLD, fontSize=9, leading=12, textColor=WARN),
        "cell": style("cell", fontName=COND, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.2),
        "cell_head": style("cell_head", fontName=COND_BOLD, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.2,
                           alignment=TA_CENTER),
        "cell_bold": style("cell_bold", fontName=COND_BOLD, fontSize=TABLE_FONT_SIZE, leading=TABLE_FONT_SIZE * 1.2),
        "sign": style("sign", fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        "sign_name": style("sign_name", fontName=SANS_BOLD, fontSize=9.5, leading=12.5, alignment=TA_CENTER),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: names may contain '&' or '<')."""
    return Paragraph(escape(text), styles()[style])


def column_width(texts: Iterable[str], minimum: float = 0, bold: bool = True) -> float:
    """Width a column needs to show every one of ``texts`` on one line (measured in the bold table font)."""
    register_fonts()
    font = COND_BOLD if bold else COND
    widest = max((pdfmetrics.stringWidth(t, font, TABLE_FONT_SIZE) for t in texts), default=0)
    return max(minimum, widest + 2 * TABLE_PAD + 2)


MAX_CELL_CHARS = 400   # a row must never outgrow a page (reportlab cannot split inside a row)


def cell_text(text: str, width: float, bold: bool = False) -> str | Paragraph:
    """Plain text when it fits the column on one line (fast), else a wrapping paragraph (cut at 400 characters)."""
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - 1].rstrip() + "\u2026"
    font = COND_BOLD if bold else COND
    if pdfmetrics.stringWidth(text, font, TABLE_FONT_SIZE) <= width - 2 * TABLE_PAD - 1:
        return text
    return para(text, "cell_bold" if bold else "cell")


# ----------------------------------------------------------------------------------------------- footer


@dataclass(frozen=True, slots=True)
class Footer:
    left: str                     # coop name and document title
    printed: str                  # "Dicetak 25 November 2026 14:05"
    setup: PageSetup

    def draw(self, c: canvas.Canvas, page: int, pages: int) -> None:
        width = self.setup.size[0]
        x0, x1 = self.setup.left, width - self.setup.right
        y = self.setup.bottom - 7 * mm
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(x0, y + 10, x1, y + 10)
        c.setFillColor(GREY)
        c.setFont(SANS, 7.5)
        c.drawString(x0, y, clip(self.left, SANS, 7.5, x1 - x0 - 90))
        c.drawString(x0, y - 9, self.printed)
        c.setFont(SANS_BOLD, 7.5)
        c.drawRightString(x1, y, f"Halaman {page} dari {pages}")
        c.restoreState()


def clip(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` on one line."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


class FooterCanvas(canvas.Canvas):
    """Holds every page until the end so the footer can say "Halaman X dari Y"."""

    def __init__(self, *args, footer: Footer, **kwargs):
        kwargs["initialFontName"] = kwargs.get("initialFontName") or SANS   # not Helvetica (never embedded)
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._saved: list[dict] = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._footer.draw(self, number, total)
            super().showPage()
        super().save()


# ----------------------------------------------------------------------------------------------- renderer

Target = str | os.PathLike | BinaryIO


def printed_line(at: dt.datetime) -> str:
    return f"Dicetak {fmt.date_long(at.date())} {at:%H:%M}"


class Renderer:
    """Lays out one report snapshot. The snapshot must carry ``letterhead`` and ``printed_at``."""

    def __init__(self, report, setup: PageSetup):
        register_fonts()
        self.report = report
        self.setup = setup
        self.letterhead: Letterhead = report.letterhead
        self.printed_at: dt.datetime = report.printed_at

    # -- to override
    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def document_title(self) -> str:
        """For the footer and the PDF metadata, e.g. "Neraca Saldo per 31 Desember 2026"."""
        raise NotImplementedError

    # -- output
    def render(self, out: Target) -> None:
        target = os.fspath(out) if isinstance(out, str | os.PathLike) else out
        doc = SimpleDocTemplate(
            target, pagesize=self.setup.size, leftMargin=self.setup.left - FRAME_PAD,
            rightMargin=self.setup.right - FRAME_PAD, topMargin=self.setup.top - FRAME_PAD,
            bottomMargin=self.setup.bottom - FRAME_PAD, title=self.document_title(),
            author=self.letterhead.name, subject=self.document_title(), creator="KopDesk",
        )
        footer = Footer(f"{self.letterhead.name} \u2013 {self.document_title()}", printed_line(self.printed_at),
                        self.setup)
        doc.build(self.story(), canvasmaker=partial(FooterCanvas, footer=footer))

    def render_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.render(buffer)
        return buffer.getvalue()

    # -- building blocks
    @property
    def width(self) -> float:
        return self.setup.frame_width

    def kop_surat(self) -> list[Flowable]:
        """Logo at the left, the cooperative's name and particulars centred, a double rule under it."""
        lh = self.letterhead
        text: list[Flowable] = [para(lh.name.upper(), "coop")]
        for line in (lh.legal_line, *lh.address_lines, lh.contact_line):
            if line:
                text.append(para(line, "kop"))
        side = 24 * mm
        logo = self._logo(side - 4 * mm)
        block = Table([[logo or "", text, ""]], colWidths=[side, self.width - 2 * side, side])
        block.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [block, Spacer(1, 2 * mm),
                HRFlowable(width="100%", thickness=1.6, color=INK, spaceBefore=0, spaceAfter=1.2),
                HRFlowable(width="100%", thickness=0.5, color=INK, spaceBefore=0, spaceAfter=4 * mm)]

    def _logo(self, box: float) -> Image | None:
        data = self.letterhead.logo
        if not data:
            return None
        try:
            image = Image(io.BytesIO(data))
        except Exception:        # a damaged logo must not stop the report; the kop surat goes without it
            return None
        scale = min(box / image.imageWidth, box / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        return image

    def title_block(self, title: str, subtitle: str = "") -> list[Flowable]:
        out: list[Flowable] = [para(title.upper(), "title")]
        if subtitle:
            out.append(para(subtitle, "subtitle"))
        out.append(Spacer(1, 4 * mm))
        return out

    def info_block(self, pairs: Sequence[tuple[str, str]], label_width: float = 32 * mm) -> Table:
        """'Label : value' lines, e.g. ("Akun", "1-1100 Kas")."""
        rows = [[para(label, "label"), ":", para(value, "label")] for label, value in pairs]
        table = Table(rows, colWidths=[label_width, 4 * mm, self.width - label_width - 4 * mm], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ]))
        return table

    def signatures(self, signatories: Sequence[Signatory], on: dt.date | None = None) -> list[Flowable]:
        """The place-and-date line over the last column, then one column per signatory: heading, room to sign,
        the name underlined (or a dotted line to write it in) and an optional caption. Pass the result as the
        table's ``keep_with`` so it stays with the last rows."""
        on = on or self.printed_at.date()
        n = max(1, len(signatories))
        col = 70 * mm if n == 1 else self.width / n
        sign = styles()["sign"]
        place = [""] * (n - 1) + [Paragraph(escape(self.letterhead.place_and_date(on)), sign)]
        headings = [Paragraph(escape(s.heading), sign) for s in signatories]
        names = [Paragraph(f"<u>{escape(s.name)}</u>", styles()["sign_name"]) if s.name
                 else Paragraph("(" + "." * 40 + ")", sign) for s in signatories]
        captions = [Paragraph(escape(s.caption), sign) for s in signatories]
        rows = [place, headings, [""] * n, names]
        if any(s.caption for s in signatories):
            rows.append(captions)
        table = Table(rows, colWidths=[col] * n, rowHeights=[None, None, 18 * mm, None] + [None] * (len(rows) - 4),
                      hAlign="RIGHT" if n == 1 else "CENTER")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]))
        return [Spacer(1, 8 * mm), table]

    def table(self, header: Sequence[str], rows: Sequence[Row], col_widths: Sequence[float],
              numeric: Sequence[int] = (), keep_with: Sequence[Flowable] = ()) -> PagedTable:
        """A gridded data table; ``numeric`` columns are right-aligned. The header repeats on every page;
        ``keep_with`` (the signature block) never lands on a page without some of the last rows."""
        head = Row(tuple(Paragraph(escape(h), styles()["cell_head"]) for h in header), (
            ("FONT", (0, 0), (-1, 0), COND_BOLD, TABLE_FONT_SIZE), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ))
        style = [
            ("FONT", (0, 0), (-1, -1), COND, TABLE_FONT_SIZE),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), TABLE_PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PAD),
            ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ]
        style += [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in numeric]
        min_height = TABLE_FONT_SIZE * 1.2 + 2 * TABLE_PAD
        return PagedTable([head], rows, col_widths, style, min_height, tail=keep_with)

    def closing(self, table: PagedTable) -> list[Flowable]:
        """The table and what must follow it on the same page (its ``keep_with``), kept together."""
        return [table, KeepTogether(list(table.tail))] if table.tail else [table]


def fill_widths(total: float, fixed: Sequence[float | None]) -> list[float]:
    """Column widths where ``None`` marks the one flexible column that takes what the others leave."""
    rest = total - sum(w for w in fixed if w is not None)
    return [rest if w is None else w for w in fixed]


def bold_row(*extra: tuple) -> tuple[tuple, ...]:
    """Row style: bold text (plus any extra commands, written for row 0)."""
    return (("FONTNAME", (0, 0), (-1, 0), COND_BOLD), *extra)
