"""Surat perjanjian pinjaman (loan agreement) from an editable plain-text template.

The body comes from a template with ``{placeholders}``: the cooperative's own (``template_text``, stored in the
workspace by the settings) or the shipped ``resources/templates/surat-perjanjian-pinjaman.txt``. The kop surat, the
title, "Nomor: PJ-..." and the signature blocks (Pihak Pertama: Ketua and Bendahara; Pihak Kedua: the member, over a
"Materai Rp10.000" box; the guarantor as "Mengetahui/Penjamin" when there is one) are laid out by the renderer,
on the last page, kept with the closing paragraph.

Template rules (also written at the top of the shipped file): lines starting with ``#`` are notes; a blank line
separates paragraphs; a paragraph starting "Pasal 1" is a centred heading whose next line is its name; lines starting
"(1)", "1." or "a." are numbered items; "Label   : value" lines (a space before the colon) line up as a list;
``**bold**``; ``{{`` and ``}}`` print braces. An unknown placeholder is an error naming it, never printed raw.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.loans import DendaKind, Frequency, LoanStatus, Method, due_dates
from kopdesk.paths import resource
from kopdesk.reports.base import GREY, SANS, SANS_BOLD, Renderer, styles
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.loan_card import LoanTerms, count_words, denda_text, loan_terms, pct
from kopdesk.services import loans, profile
from kopdesk.services.workspace import Workspace

TEMPLATE_FILE = ("templates", "surat-perjanjian-pinjaman.txt")

PLACEHOLDERS: dict[str, str] = {
    "koperasi_nama": "Nama koperasi",
    "koperasi_badan_hukum": "Nomor dan tanggal badan hukum koperasi",
    "koperasi_alamat": "Alamat koperasi (satu baris)",
    "kota": "Kota tempat perjanjian ditandatangani (dari profil koperasi)",
    "pengadilan_negeri": "Pengadilan negeri untuk penyelesaian perselisihan, misalnya Pengadilan Negeri Banjarbaru",
    "ketua_nama": "Nama Ketua pengurus",
    "bendahara_nama": "Nama Bendahara pengurus",
    "anggota_nama": "Nama lengkap anggota peminjam",
    "anggota_nomor": "Nomor anggota",
    "anggota_nik": "NIK anggota (lengkap, 16 digit)",
    "anggota_ttl": "Tempat dan tanggal lahir anggota",
    "anggota_pekerjaan": "Pekerjaan anggota",
    "anggota_alamat": "Alamat lengkap anggota",
    "anggota_telepon": "Nomor telepon anggota",
    "nomor_pinjaman": "Nomor pinjaman, misalnya PJ-2026-000001",
    "produk": "Nama produk pinjaman",
    "tujuan": "Keperluan pinjaman",
    "jumlah_pinjaman": "Jumlah pinjaman, misalnya Rp12.000.000",
    "jumlah_pinjaman_terbilang": "Jumlah pinjaman dengan huruf",
    "jangka_waktu": "Jangka waktu, misalnya 12 (dua belas) bulan",
    "jumlah_angsuran": "Banyaknya angsuran, misalnya 12 (dua belas)",
    "frekuensi": "Frekuensi angsuran: bulanan atau mingguan",
    "angsuran": "Besar angsuran (dengan huruf; untuk metode menurun angsuran pertama dan terakhir)",
    "hari_pembayaran": "Hari pembayaran, misalnya setiap tanggal 10 atau setiap hari Senin",
    "jatuh_tempo_pertama": "Tanggal jatuh tempo angsuran pertama",
    "jatuh_tempo_terakhir": "Tanggal jatuh tempo angsuran terakhir",
    "total_jasa": "Jumlah jasa selama jangka waktu pinjaman",
    "total_kewajiban": "Jumlah pokok dan jasa menurut jadwal angsuran",
    "urutan_alokasi": "Urutan penggunaan pembayaran, misalnya denda, jasa, kemudian pokok",
    "jasa_persen": "Jasa per bulan, misalnya 1,5%",
    "metode": "Metode perhitungan jasa beserta penjelasannya",
    "jasa_efektif": "Untuk metode flat: jasa efektif per bulan yang setara (selain flat: -)",
    "jasa_efektif_keterangan": "Untuk metode flat: anak kalimat ', yang setara dengan jasa efektif ...' (selain flat "
                               "kosong)",
    "provisi": "Provisi yang dipotong saat pencairan",
    "biaya_admin": "Biaya administrasi yang dipotong saat pencairan",
    "simpanan_pinjaman": "Simpanan pinjaman yang ditahan saat pencairan",
    "simpanan_pinjaman_keterangan": "Anak kalimat tentang simpanan pinjaman yang ditahan (kosong bila tidak ada)",
    "simpanan_pinjaman_pengembalian": "Kalimat pengembalian simpanan pinjaman setelah lunas (kosong bila tidak ada)",
    "jumlah_diterima": "Jumlah yang diterima anggota setelah potongan",
    "jumlah_diterima_terbilang": "Jumlah yang diterima dengan huruf",
    "denda": "Ketentuan denda singkat, misalnya 0,1% per hari dari angsuran tertunggak",
    "denda_ketentuan": "Ketentuan denda dalam satu kalimat lengkap",
    "agunan": "Keterangan agunan (atau 'tanpa agunan')",
    "nilai_agunan": "Taksiran nilai agunan",
    "jaminan_ketentuan": "Kalimat tentang agunan yang diserahkan (atau bahwa pinjaman tanpa agunan)",
    "penjamin": "Nama penjamin atau suami/istri yang turut menandatangani (atau -)",
    "penjamin_ketentuan": "Kalimat tentang penjamin (kosong bila tidak ada penjamin)",
    "hari": "Nama hari penandatanganan, misalnya Senin",
    "tanggal": "Tanggal penandatanganan, misalnya 25 November 2026",
    "tanggal_pencairan": "Tanggal pencairan pinjaman",
}


def agreement_placeholders() -> dict[str, str]:
    """Every placeholder the agreement template may use: name -> description (for the template editor's help)."""
    return dict(PLACEHOLDERS)


def default_agreement_template() -> str:
    """The shipped template text (what "Kembalikan ke bawaan" restores)."""
    return resource(*TEMPLATE_FILE).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------- template

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


def template_problems(text: str) -> list[str]:
    """Every problem with a template, in Indonesian (empty when it can be used)."""
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return ["Templat surat perjanjian kosong."]
    problems, unknown = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for m in _TOKEN.finditer(line):
            token = m.group(0)
            if token in ("{{", "}}"):
                continue
            if m.group(1) is None:
                problems.append(f"Baris {number} templat: tanda kurung kurawal '{token}' tidak berpasangan. Tulis "
                                "{{ atau }} untuk mencetak kurung kurawal.")
            elif m.group(1).strip() not in PLACEHOLDERS and token not in unknown:
                unknown.append(token)
    if unknown:
        problems.insert(0, "Templat surat perjanjian memuat isian yang tidak dikenal: " + ", ".join(unknown)
                        + ". Periksa ejaannya atau pilih dari daftar isian yang tersedia.")
    return problems


def _markup(line: str, values: dict[str, str]) -> str:
    """One template line as reportlab paragraph markup: literal text and values escaped, ``**`` toggling bold in
    the template's own text only (never inside a value)."""
    out, bold = [], False

    def literal(text: str) -> None:
        nonlocal bold
        parts = text.split("**")
        for i, part in enumerate(parts):
            if i:
                out.append("</b>" if bold else "<b>")
                bold = not bold
            out.append(escape(part))

    pos = 0
    for m in _TOKEN.finditer(line):
        literal(line[pos:m.start()])
        token = m.group(0)
        out.append(escape(token[0]) if token in ("{{", "}}") else escape(values[m.group(1).strip()]))
        pos = m.end()
    literal(line[pos:])
    if bold:
        out.append("</b>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Block:
    """One laid-out piece of the body: kind 'pasal' (text: "Pasal 1", title), 'item' (marker, level), 'fields'
    (rows of label and value), or 'text'. Texts are reportlab markup, already filled and escaped."""

    kind: str
    text: str = ""
    title: str = ""
    marker: str = ""
    level: int = 0
    indent: int = 0               # levels of indentation for 'fields' and continuing 'text'
    rows: tuple[tuple[str, str], ...] = ()


_PASAL = re.compile(r"^pasal\s+\d+\b", re.IGNORECASE)
_ITEM1 = re.compile(r"^(\(\d+\)|\d+\.)\s+")
_ITEM2 = re.compile(r"^([a-z]\.)\s+")
_FIELD = re.compile(r"^([^:{}]*?\S)\s+:\s?(.*)$")


def _paragraphs(text: str) -> list[list[str]]:
    paragraphs, current = [], []
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = []
        else:
            current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def fill_template(text: str, values: dict[str, str]) -> tuple[Block, ...]:
    """The template's blocks with the values filled in. Raises ValidationError for an unusable template."""
    problems = template_problems(text)
    if problems:
        raise ValidationError(problems)
    blocks: list[Block] = []
    indent = 0
    for lines in _paragraphs(text):
        if _PASAL.match(lines[0]):
            blocks.append(Block("pasal", _markup(lines[0], values), " ".join(_markup(x, values) for x in lines[1:])))
            indent = 0
            continue
        if all(_FIELD.match(x) for x in lines):
            rows = tuple((_markup(m.group(1), values), _markup(m.group(2), values))
                         for m in (_FIELD.match(x) for x in lines))
            blocks.append(Block("fields", rows=rows, indent=indent))
            continue
        if _ITEM1.match(lines[0]) or _ITEM2.match(lines[0]):
            items: list[tuple[str, int, list[str]]] = []
            for line in lines:
                m1, m2 = _ITEM1.match(line), _ITEM2.match(line)
                if m1 or m2:
                    m = m1 or m2
                    items.append((m.group(1), 1 if m1 else 2, [line[m.end():]]))
                elif items:
                    items[-1][2].append(line)
            for marker, level, parts in items:
                blocks.append(Block("item", " ".join(_markup(x, values) for x in parts), marker=marker, level=level))
                indent = level
            continue
        continuing = bool(indent) and lines[0][:1].islower()
        blocks.append(Block("text", " ".join(_markup(x, values) for x in lines), indent=indent if continuing else 0))
        if not continuing:
            indent = 0
    return tuple(blocks)


# ----------------------------------------------------------------------------------------------- values


def _long_count(n: int) -> str:
    return f"{n} ({count_words(n)})"


def _instalment(t: LoanTerms) -> str:
    first = f"{fmt.rupiah(t.instalment_first)} ({fmt.terbilang(t.instalment_first).lower()})"
    if t.instalment_first == t.instalment_last:
        return first
    last = fmt.rupiah(t.instalment_last)
    if t.method == Method.DECLINING:
        return f"{first} untuk angsuran pertama dan menurun setiap {t.unit} sampai {last} untuk angsuran terakhir"
    return f"{first}, kecuali angsuran terakhir sebesar {last}"


def _pay_day(frequency: Frequency, first_due: dt.date, disbursed: dt.date) -> str:
    if frequency == Frequency.WEEKLY:
        return f"setiap hari {fmt.day_name(first_due)}"
    if disbursed.day > 28:
        return (f"setiap tanggal {disbursed.day} atau hari terakhir bulan yang bersangkutan bila tanggal itu tidak "
                "ada")
    return f"setiap tanggal {disbursed.day}"


def _method(method: Method) -> str:
    return {Method.FLAT: "flat, yaitu jasa dihitung dari pokok pinjaman awal setiap bulan",
            Method.DECLINING: "menurun, yaitu angsuran pokok sama besar dan jasa dihitung dari sisa pokok pinjaman",
            Method.ANNUITY: "anuitas, yaitu angsuran sama besar dengan jasa dihitung dari sisa pokok pinjaman",
            }[method]


def _denda_sentence(t: LoanTerms) -> str:
    rule = t.denda
    after = (f"lewat masa tenggang {rule.grace_days} ({count_words(rule.grace_days)}) hari setelah tanggal jatuh "
             "tempo" if rule.grace_days else "lewat tanggal jatuh tempo")
    if rule.kind == DendaKind.PERCENT_PER_DAY:
        days = ("setiap hari sesudah masa tenggang berakhir" if rule.grace_days else
                "setiap hari keterlambatan")
        return (f"Atas setiap angsuran yang dibayar {after}, PIHAK KEDUA dikenakan denda sebesar {pct(rule.rate)} "
                f"per hari dari jumlah angsuran yang tertunggak, dihitung untuk {days} sampai angsuran tersebut "
                "dibayar.")
    if rule.kind == DendaKind.FIXED:
        return (f"Atas setiap angsuran yang dibayar {after}, PIHAK KEDUA dikenakan denda sebesar "
                f"{fmt.rupiah(rule.fixed)} ({fmt.terbilang(rule.fixed).lower()}) per angsuran.")
    return ("Keterlambatan pembayaran angsuran tidak dikenakan denda, tetapi dicatat dan diperhitungkan dalam "
            "penilaian kolektibilitas pinjaman PIHAK KEDUA.")


@dataclass(frozen=True, slots=True)
class LoanAgreementReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    number: str                        # the loan number, printed as "Nomor: PJ-..."
    date: dt.date                      # signed on
    terms: LoanTerms
    values: tuple[tuple[str, str], ...]   # every placeholder's value, in PLACEHOLDERS order
    blocks: tuple[Block, ...]
    first_party: tuple[Signatory, ...]    # Ketua, Bendahara
    second_party: Signatory               # the member
    guarantor: Signatory | None           # "Mengetahui/Penjamin"
    custom_template: bool

    def value(self, name: str) -> str:
        return dict(self.values)[name]


def build_loan_agreement(ws: Workspace, loan_id: int, template_text: str | None = None, *,
                         on: dt.date | None = None, now: dt.datetime | None = None) -> LoanAgreementReport:
    """The agreement of a loan, signed ``on`` (default: the disbursement date, else the approval date, else the
    application date). Before disbursement the due dates are planned from that date. ``template_text`` None: the
    shipped template."""
    card = loans.loan_card(ws, loan_id)
    loan, m = card.loan, card.member
    if loan.status in (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN):
        raise ValidationError(f"Pinjaman {loan.number} berstatus {loan.status.label.lower()}; surat perjanjian tidak "
                              "dicetak.")
    text = default_agreement_template() if template_text is None else template_text
    problems = template_problems(text)
    if problems:
        raise ValidationError(problems)
    terms = loan_terms(card)
    signed = on or loan.disbursed_on or loan.decided_on or loan.applied_on
    disbursed = loan.disbursed_on or signed
    if terms.first_due and terms.last_due:
        due = (terms.first_due, terms.last_due)
    else:                               # not disbursed yet: planned from the signing date
        planned = due_dates(disbursed, loan.tenor, loan.frequency)
        due = (planned[0], planned[-1])
    lh = letterhead(ws)
    p = profile.get_profile(ws)
    legal = p.legal_number.strip()
    if legal and p.legal_date:
        legal += f" tanggal {fmt.date_long(p.legal_date)}"
    ketua, bendahara = lh.official_name("Ketua"), lh.official_name("Bendahara")
    blank = "." * 30
    collateral = ""
    if terms.collateral:
        value = f" dengan taksiran nilai {fmt.rupiah(terms.collateral_value)}" if terms.collateral_value else ""
        collateral = (f"Untuk menjamin pelunasan pinjaman, PIHAK KEDUA menyerahkan agunan berupa {terms.collateral}"
                      f"{value} kepada PIHAK PERTAMA.")
    else:
        collateral = "Pinjaman ini diberikan tanpa agunan kebendaan."
    savings = terms.savings_withheld
    values = {
        "koperasi_nama": lh.name,
        "koperasi_badan_hukum": legal or "-",
        "koperasi_alamat": ", ".join(lh.address_lines) or "-",
        "kota": lh.city or "-",
        "pengadilan_negeri": f"Pengadilan Negeri {lh.city}" if lh.city else "Pengadilan Negeri yang berwenang",
        "ketua_nama": ketua or blank,
        "bendahara_nama": bendahara or blank,
        "anggota_nama": m.full_name,
        "anggota_nomor": m.number,
        "anggota_nik": m.nik,
        "anggota_ttl": ", ".join(x for x in (m.birth_place.strip(), fmt.date_long(m.birth_date)) if x) or "-",
        "anggota_pekerjaan": m.occupation.strip() or "-",
        "anggota_alamat": terms.member_address or "-",
        "anggota_telepon": terms.member_phone or "-",
        "nomor_pinjaman": loan.number,
        "produk": terms.product_name,
        "tujuan": terms.purpose or "-",
        "jumlah_pinjaman": fmt.rupiah(terms.amount),
        "jumlah_pinjaman_terbilang": fmt.terbilang(terms.amount).lower(),
        "jangka_waktu": f"{_long_count(terms.tenor)} {terms.unit}",
        "jumlah_angsuran": _long_count(terms.tenor),
        "frekuensi": terms.frequency.label.lower(),
        "angsuran": _instalment(terms),
        "hari_pembayaran": _pay_day(terms.frequency, due[0], disbursed),
        "jatuh_tempo_pertama": fmt.date_long(due[0]),
        "jatuh_tempo_terakhir": fmt.date_long(due[1]),
        "total_jasa": fmt.rupiah(terms.total_interest),
        "total_kewajiban": fmt.rupiah(terms.amount + terms.total_interest),
        "urutan_alokasi": terms.allocation,
        "jasa_persen": pct(terms.rate),
        "metode": _method(terms.method),
        "jasa_efektif": f"{pct(terms.effective_rate)} per bulan" if terms.effective_rate is not None else "-",
        "jasa_efektif_keterangan": (f", yang setara dengan jasa efektif {pct(terms.effective_rate)} per bulan atas "
                                    "sisa pokok pinjaman" if terms.effective_rate is not None else ""),
        "provisi": fmt.rupiah(terms.provisi),
        "biaya_admin": fmt.rupiah(terms.admin),
        "simpanan_pinjaman": fmt.rupiah(savings),
        "simpanan_pinjaman_keterangan": (f", serta simpanan pinjaman sebesar {fmt.rupiah(savings)} yang ditahan "
                                         "sebagai simpanan atas nama PIHAK KEDUA" if savings else ""),
        "simpanan_pinjaman_pengembalian": (" Simpanan pinjaman yang ditahan pada saat pencairan dikembalikan kepada "
                                           "PIHAK KEDUA setelah pinjaman lunas." if savings else ""),
        "jumlah_diterima": fmt.rupiah(terms.net),
        "jumlah_diterima_terbilang": fmt.terbilang(terms.net).lower(),
        "denda": denda_text(terms.denda),
        "denda_ketentuan": _denda_sentence(terms),
        "agunan": terms.collateral or "tanpa agunan",
        "nilai_agunan": fmt.rupiah(terms.collateral_value) if terms.collateral_value else "-",
        "jaminan_ketentuan": collateral,
        "penjamin": terms.guarantor or "-",
        "penjamin_ketentuan": (f"{terms.guarantor} turut menandatangani perjanjian ini selaku penjamin dan "
                               "menyatakan mengetahui serta menyetujui pinjaman ini." if terms.guarantor else ""),
        "hari": fmt.day_name(signed),
        "tanggal": fmt.date_long(signed),
        "tanggal_pencairan": fmt.date_long(disbursed),
    }
    return LoanAgreementReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), number=loan.number, date=signed, terms=terms,
        values=tuple((k, values[k]) for k in PLACEHOLDERS), blocks=fill_template(text, values),
        first_party=(Signatory("Ketua,", ketua), Signatory("Bendahara,", bendahara)),
        second_party=Signatory("Peminjam,", m.full_name),
        guarantor=Signatory("Mengetahui/Penjamin,", terms.guarantor) if terms.guarantor else None,
        custom_template=template_text is not None,
    )


# ----------------------------------------------------------------------------------------------- render

INDENT = 8 * mm


class MateraiBox(Flowable):
    """A dashed box marking where the Rp10.000 stamp goes (the member signs across it)."""

    def __init__(self, width: float = 24 * mm, height: float = 15 * mm):
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(GREY)
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.rect(0, 0, self.width, self.height)
        c.setFillColor(GREY)
        c.setFont(SANS, 7)
        c.drawCentredString(self.width / 2, self.height / 2 + 1.5, "Materai")
        c.drawCentredString(self.width / 2, self.height / 2 - 7, "Rp10.000")
        c.restoreState()


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(fontName=SANS, fontSize=10, leading=14, alignment=TA_JUSTIFY, spaceAfter=4)
    base.update(kw)
    return ParagraphStyle(name, parent=styles()["body"], **base)


class LoanAgreementRenderer(Renderer):
    report: LoanAgreementReport

    def document_title(self) -> str:
        return f"Surat Perjanjian Pinjaman {self.report.number}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Surat Perjanjian Pinjaman", f"Nomor: {r.number}")]
        flowables = [f for block in r.blocks for f in self._block(block)]
        # the closing paragraph never leaves the signatures alone on the last page
        closing = flowables.pop() if flowables else Spacer(1, 0)
        out += flowables
        out.append(KeepTogether([closing, *self._signatures()]))
        return out

    def _block(self, b: Block) -> list[Flowable]:
        if b.kind == "pasal":
            head = _style("pasal", fontName=SANS_BOLD, alignment=TA_CENTER, spaceBefore=6, spaceAfter=0,
                          keepWithNext=True)
            title = _style("pasal_title", fontName=SANS_BOLD, alignment=TA_CENTER, spaceAfter=5, keepWithNext=True)
            return [Paragraph(b.text, head)] + ([Paragraph(b.title, title)] if b.title else [])
        if b.kind == "item":
            left = INDENT * b.level
            style = _style(f"item{b.level}", leftIndent=left, bulletIndent=left - INDENT + (1 * mm if b.level > 1
                                                                                              else 0),
                           spaceAfter=2 if b.level > 1 else 4)
            return [Paragraph(b.text, style, bulletText=b.marker)]
        if b.kind == "fields":
            return [self._fields(b)]
        return [Paragraph(b.text, _style("text", leftIndent=INDENT * b.indent))]

    def _fields(self, b: Block) -> Table:
        label_style = _style("field", alignment=0, spaceAfter=0)
        left = INDENT * max(b.indent, 1)
        label_w = 44 * mm
        rows = [[Paragraph(label, label_style), ":", Paragraph(value, label_style)] for label, value in b.rows]
        table = Table(rows, colWidths=[label_w, 4 * mm, self.width - left - label_w - 4 * mm], hAlign="RIGHT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 10), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3),
        ]))
        table.spaceAfter = 4
        return table

    def _signatures(self) -> list[Flowable]:
        """PIHAK PERTAMA (Ketua, Bendahara) at the left, PIHAK KEDUA (the member, over the materai box) at the right
        under the place and date; the guarantor below, in the middle."""
        r = self.report
        sign, name_style = styles()["sign"], styles()["sign_name"]
        col = self.width / 3

        def name(s: Signatory) -> Paragraph:
            return (Paragraph(f"<u>{escape(s.name)}</u>", name_style) if s.name
                    else Paragraph("(" + "." * 36 + ")", sign))

        ketua, bendahara = r.first_party
        member = r.second_party
        rows = [
            ["", "", Paragraph(escape(self.letterhead.place_and_date(r.date)), sign)],
            [Paragraph("<b>PIHAK PERTAMA</b>", sign), "", Paragraph("<b>PIHAK KEDUA</b>", sign)],
            [Paragraph(escape(self.letterhead.name), sign), "", ""],
            [Paragraph(escape(ketua.heading), sign), Paragraph(escape(bendahara.heading), sign),
             Paragraph(escape(member.heading), sign)],
            ["", "", MateraiBox()],
            [name(ketua), name(bendahara), name(member)],
        ]
        table = Table(rows, colWidths=[col] * 3, rowHeights=[None, None, None, None, 24 * mm, None])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("SPAN", (0, 1), (1, 1)), ("SPAN", (0, 2), (1, 2)),
            ("ALIGN", (2, 4), (2, 4), "LEFT"), ("VALIGN", (2, 4), (2, 4), "MIDDLE"),
            ("LEFTPADDING", (2, 4), (2, 4), 6 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ]))
        out: list[Flowable] = [Spacer(1, 6 * mm), table]
        if r.guarantor:
            extra = Table([[Paragraph(escape(r.guarantor.heading), sign)], [""], [name(r.guarantor)]],
                          colWidths=[col], rowHeights=[None, 20 * mm, None])
            extra.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            out += [Spacer(1, 5 * mm), extra]
        return out
