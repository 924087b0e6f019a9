"""Health assessment documents (spec §1.2-1.3): the examiner's worksheet (*kertas kerja penilaian kesehatan*) of one
year, and a one-page summary of several years with a chart of the aspect percentages and the trend of the total.

The build functions take the domain objects directly (``Assessment`` and its ``YearResult`` from
``kopdesk.domain.health.scoring``), so the same worksheet prints from the calculator, from a stored assessment
record or from the books. Every displayed figure is decided here: ratios, percentages, skor and means rounded
half-up to 2 decimals (formats.md §1), the predicates taken from the result; the renderers only lay them out.

KKPKK 2021 (spec §1.4, kkpkk.md): ``build_kkpkk_worksheet`` takes a ``kkpkk.KkpkkResult`` and its answers (and the
books' ``RatioSource`` per ratio, when "Hitung dari buku" filled it) and lays out aspect -> sub-aspect -> indicator
(checklist items Ya / Tidak when answered one by one; ratios with pembilang, penyebut, rasio and the band), nilai
and skor, the aspect recap and total, what the template marks "perlu dikonfirmasi Dinas", findings,
recommendations and one signature column per examiner plus the cooperative's. ``build_kkpkk_summary`` gives the
2016 summary's ``HealthSummaryReport`` (same renderer) over years of KKPKK results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.bands import Band
from kopdesk.domain.health.manajemen import QUESTIONS, MgmtComponent
from kopdesk.domain.health.perdep2016 import COMPONENTS_BY_CODE, MANAGEMENT_CODE, Aspect
from kopdesk.domain.health.scoring import Assessment, Basis, Method, YearResult, mean_score, predicate, round2
from kopdesk.reports.base import (
    BAND,
    COND,
    COND_BOLD,
    GREY,
    INK,
    RULE,
    SANS,
    SHADE,
    TABLE_FONT_SIZE,
    TABLE_PAD,
    WARN,
    Renderer,
    bold_row,
    para,
    styles,
)
from kopdesk.reports.letterhead import Letterhead, Signatory
from kopdesk.reports.loan_card import heading
from kopdesk.reports.tables import Row

#: Indonesian names of the formats.md ``masukan`` (spec §1.2.2), as printed in the perhitungan.
INPUT_LABELS: Mapping[str, str] = {
    "modal_sendiri": "Modal sendiri", "total_aset": "Total aset", "pinjaman_berisiko": "Pinjaman yang berisiko",
    "modal_tertimbang": "Modal tertimbang", "atmr": "ATMR", "volume_pinjaman": "Volume pinjaman diberikan",
    "volume_pinjaman_anggota": "Volume pinjaman pada anggota", "pinjaman_diberikan": "Pinjaman yang diberikan",
    "risiko_pinjaman_bermasalah": "Risiko pinjaman bermasalah", "cadangan_risiko": "Cadangan risiko",
    "beban_operasi_anggota": "Beban operasi anggota", "partisipasi_bruto": "Partisipasi bruto",
    "beban_usaha": "Beban usaha", "shu_kotor": "SHU kotor", "biaya_karyawan": "Biaya karyawan",
    "kas_bank": "Kas + bank", "kewajiban_lancar": "Kewajiban lancar", "dana_diterima": "Dana yang diterima",
    "shu_sebelum_pajak": "SHU sebelum pajak", "shu_bagian_anggota": "SHU bagian anggota",
    "partisipasi_neto": "Partisipasi neto", "beban_perkoperasian": "Beban perkoperasian",
    "pendapatan": "Pendapatan (non-anggota dan lain-lain)", "pea": "Promosi ekonomi anggota (PEA)",
    "simpanan_pokok_wajib": "Simpanan pokok + simpanan wajib",
}

BASIS_TEXT = {
    Basis.TABLE: "", Basis.GIVEN_RATIO: "Rasio diisi langsung oleh penilai.",
    Basis.ZERO_DENOMINATOR: "Penyebut nol: nilai menurut ketentuan.", Basis.QUESTIONNAIRE: "",
}


def decimal_text(value: Decimal | None) -> str:
    """2 decimals with the Indonesian comma: Decimal('81.80') -> '81,80' (already rounded by the build)."""
    return "" if value is None else fmt.percent(value, 2).removesuffix("%")


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else fmt.percent(value, 2)


def whole_text(value: Decimal | int | None) -> str:
    return "" if value is None else fmt.number(value)


def weight_text(value: Decimal | int) -> str:
    """A weight: whole as "30", else with its decimals and the Indonesian comma ("12,5")."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f").replace(".", ",")


# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class WorksheetComponent:
    code: str
    name: str
    numerator_label: str            # "Modal sendiri"; "" for the questionnaire
    denominator_label: str          # "Beban usaha + Beban perkoperasian"
    numerator: Decimal | None       # rupiah, as scored
    denominator: Decimal | None
    ratio: Decimal | None           # in %, half-up to 2 decimals (display); the band used the exact ratio
    nilai: Decimal | None
    weight: int
    skor: Decimal | None            # exact (nilai x bobot / 100), at most 2 decimals in practice
    note: str                       # how the nilai was obtained when not from the table, or what is missing
    rule: str                       # table version, e.g. "perdep06_2016/5b-B"


@dataclass(frozen=True, slots=True)
class WorksheetMgmtLine:
    label: str                      # "Manajemen Umum"
    questions: int
    yes: int | None                 # None: not answered
    points_per_yes: Decimal
    points: Decimal | None
    max_points: Decimal


@dataclass(frozen=True, slots=True)
class WorksheetAspect:
    number: int
    label: str
    weight: int
    skor: Decimal
    percent: Decimal                # skor / bobot x 100, half-up 2 decimals
    predicate: str
    components: tuple[WorksheetComponent, ...]
    management: tuple[WorksheetMgmtLine, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionLine:
    number: int
    component: str
    text: str
    evidence: str
    answer: bool


@dataclass(frozen=True, slots=True)
class InputLine:
    name: str
    label: str
    amount: Decimal
    derivation: str                 # how it was derived from the books ("" when not given)


@dataclass(frozen=True, slots=True)
class Recommendation:
    text: str
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class WorksheetReport:
    letterhead: Letterhead | None   # None: a plain heading with the cooperative's name
    printed_at: dt.datetime
    cooperative: str
    year: int | None
    method: str                     # the regulation's name
    options: str                    # "Tabel rasio 5b versi B"
    examiner: str
    examined_on: dt.date | None
    aspects: tuple[WorksheetAspect, ...]
    total: Decimal
    total_weight: int
    predicate: str
    complete: bool
    missing: tuple[str, ...]
    inputs: tuple[InputLine, ...]
    questions: tuple[QuestionLine, ...]   # empty when only the counts of "ya" are known
    findings: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    signatories: tuple[Signatory, ...]


def _labels(names: Sequence[str]) -> str:
    return " + ".join(INPUT_LABELS.get(n, n) for n in names)


def _note(c) -> str:
    if c.basis == Basis.MANUAL:
        return f"Nilai ditetapkan penilai: {c.reason}"
    if c.basis == Basis.MISSING:
        return "Belum dinilai; kurang: " + ", ".join(c.missing)
    return BASIS_TEXT.get(c.basis, "")


def _component(c) -> WorksheetComponent:
    spec = COMPONENTS_BY_CODE[c.code]
    return WorksheetComponent(
        c.code, c.name, _labels(spec.numerator), _labels(spec.denominator), c.numerator, c.denominator,
        None if c.ratio is None else round2(c.ratio), c.nilai, c.weight, c.skor, _note(c), c.rule)


def _management(c, assessment: Assessment) -> tuple[WorksheetMgmtLine, ...]:
    counts = assessment.management.yes_counts if assessment.management is not None else {}
    points = c.management_points or {}
    return tuple(WorksheetMgmtLine(k.label, k.questions, counts.get(k), k.points_per_yes, points.get(k),
                                   k.points_per_yes * k.questions) for k in MgmtComponent)


def build_worksheet(assessment: Assessment, result: YearResult, *, cooperative: str, examiner: str = "",
                    examined_on: dt.date | None = None, findings: Sequence[str] = (),
                    recommendations: Sequence[tuple[str, dt.date | None]] = (),
                    derivations: Mapping[str, str] | None = None, letterhead: Letterhead | None = None,
                    now: dt.datetime | None = None) -> WorksheetReport:
    """The kertas kerja of one year. ``result`` must be ``score_year(assessment)``; ``derivations`` maps an input
    name (formats.md ``masukan``) to how it was derived from the books; ``recommendations`` are (text, due date)."""
    if result.method != assessment.method or result.year != assessment.year:
        raise ValidationError("hasil penilaian tidak sesuai dengan masukannya (metode atau tahun berbeda)")
    derivations = dict(derivations or {})
    aspects = []
    for number, a in enumerate(result.aspects, start=1):
        comps = tuple(_component(c) for c in result.components if c.aspect == a.aspect)
        mgmt = ()
        if a.aspect == Aspect.MANAJEMEN:
            mgmt = _management(result.component(MANAGEMENT_CODE), assessment)
        aspects.append(WorksheetAspect(number, a.aspect.label, a.weight, a.skor, round2(a.percent), a.predicate,
                                       comps, mgmt))
    used: list[str] = []
    for c in result.components:
        if c.basis in (Basis.GIVEN_RATIO, Basis.QUESTIONNAIRE):
            continue
        spec = COMPONENTS_BY_CODE[c.code]
        used += [n for n in spec.inputs if n not in used]
    inputs = tuple(InputLine(n, INPUT_LABELS.get(n, n), assessment.inputs.get(n), derivations.get(n, ""))
                   for n in used if assessment.inputs.get(n) is not None)
    questions: tuple[QuestionLine, ...] = ()
    if assessment.management is not None and assessment.management.answers is not None:
        questions = tuple(QuestionLine(q.number, q.component.label, q.text, q.evidence, yes)
                          for q, yes in zip(QUESTIONS, assessment.management.answers, strict=True))
    options = (f"Tabel rasio 5b versi {result.options.tabel_5b.value}"
               if result.method == Method.PERDEP06_2016 else "Rumus Permen 14/2009 untuk 1b, 2b dan 2c")
    cooperative_sign = (letterhead.signatory("Ketua", "Pengurus Koperasi,") if letterhead is not None
                        else Signatory("Pengurus Koperasi,", "", "Ketua"))
    signatories = (Signatory("Pejabat Penilai,", examiner, "Penilai Kesehatan KSP/USP"), cooperative_sign)
    return WorksheetReport(
        letterhead, now or dt.datetime.now(), cooperative, result.year, result.method.label, options, examiner,
        examined_on, tuple(aspects), result.total, sum(a.weight for a in result.aspects), result.predicate,
        result.complete, result.missing, inputs, questions, tuple(f for f in findings if f.strip()),
        tuple(Recommendation(t, d) for t, d in recommendations if t.strip()), signatories)


# ----------------------------------------------------------------------------------------------- summary snapshot


@dataclass(frozen=True, slots=True)
class SummaryYear:
    year: int
    total: Decimal                  # half-up 2 decimals
    predicate: str
    change: Decimal | None          # against the year before (None for the first)
    complete: bool
    aspect_percents: tuple[Decimal, ...]   # in the order of ``HealthSummaryReport.aspects``
    aspect_predicates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HealthSummaryReport:
    letterhead: Letterhead | None
    printed_at: dt.datetime
    cooperative: str
    method: str
    aspects: tuple[str, ...]        # labels
    aspect_weights: tuple[int, ...]
    aspect_skor: tuple[Decimal, ...]   # the latest year's
    years: tuple[SummaryYear, ...]  # ascending
    mean: Decimal                   # of the totals, half-up 2 decimals (spec §1.3 note 4)
    mean_predicate: str
    bands: tuple[tuple[Decimal, str], ...]   # lower edge of each predicate band, for the chart's guide lines
    examiner: str
    signatories: tuple[Signatory, ...]
    note: str = ""                  # printed under the chart (e.g. what the Dinas must still confirm)


def build_health_summary(results: Sequence[YearResult], *, cooperative: str, examiner: str = "",
                         letterhead: Letterhead | None = None, now: dt.datetime | None = None) -> HealthSummaryReport:
    """One page over several years (any order; each must have its ``year``, all the same method)."""
    if not results:
        raise ValidationError("perlu sekurang-kurangnya satu tahun penilaian", field="tahun")
    if any(r.year is None for r in results):
        raise ValidationError("setiap hasil penilaian harus menyebut tahunnya", field="tahun")
    if len({r.year for r in results}) != len(results):
        raise ValidationError("tahun penilaian tidak boleh ganda", field="tahun")
    if len({r.method for r in results}) > 1:
        raise ValidationError("semua tahun harus memakai metode yang sama", field="metode")
    ordered = sorted(results, key=lambda r: r.year)
    years: list[SummaryYear] = []
    previous: Decimal | None = None
    for r in ordered:
        total = round2(r.total)
        years.append(SummaryYear(r.year, total, r.predicate, None if previous is None else total - previous,
                                 r.complete, tuple(round2(a.percent) for a in r.aspects),
                                 tuple(a.predicate for a in r.aspects)))
        previous = total
    latest = ordered[-1]
    method = latest.method
    mean = mean_score([r.total for r in ordered])
    edges = (Decimal(80), Decimal(66), Decimal(51)) if method == Method.PERDEP06_2016 else (
        Decimal(80), Decimal(60), Decimal(40), Decimal(20))
    bands = tuple((e, predicate(e, method)) for e in edges)
    cooperative_sign = (letterhead.signatory("Ketua", "Mengetahui,") if letterhead is not None
                        else Signatory("Mengetahui,", "", "Ketua Pengurus"))
    return HealthSummaryReport(
        letterhead, now or dt.datetime.now(), cooperative, method.label, tuple(a.aspect.label for a in latest.aspects),
        tuple(a.weight for a in latest.aspects), tuple(a.skor for a in latest.aspects), tuple(years), mean,
        predicate(mean, method), bands, examiner,
        (Signatory("Pejabat Penilai,", examiner, "Penilai Kesehatan KSP/USP"), cooperative_sign))


# ----------------------------------------------------------------------------------------------- render


class _HealthRenderer(Renderer):
    """A kop surat when the snapshot has a letterhead, else the cooperative's name as a plain heading."""

    def __init__(self, report, setup):
        super().__init__(report, setup)
        self.has_kop = report.letterhead is not None
        if not self.has_kop:
            self.letterhead = Letterhead(report.cooperative, "", (), "", "")

    def head(self) -> list[Flowable]:
        if self.has_kop:
            return self.kop_surat()
        return [para(self.report.cooperative.upper(), "coop"),
                HRFlowable(width="100%", thickness=1.6, color=INK, spaceBefore=2 * mm, spaceAfter=1.2),
                HRFlowable(width="100%", thickness=0.5, color=INK, spaceBefore=0, spaceAfter=4 * mm)]

    def small(self, text: str, color=GREY, italic: bool = False) -> Paragraph:
        face = "<i>%s</i>" if italic else "%s"
        return Paragraph(f'<font size="7" color="{color.hexval()}">{face % escape(text)}</font>', styles()["cell"])

    def result_box(self, text: str, note: str) -> list[Flowable]:
        """The framed result line (``text`` is reportlab markup) and the rounding / predicate note under it."""
        box = Table([[Paragraph(text, styles()["body"])]], colWidths=[self.width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, INK), ("BACKGROUND", (0, 0), (-1, -1), BAND),
                                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        return [KeepTogether([box, Spacer(1, 1.5 * mm), para(note, "cell")]), Spacer(1, 5 * mm)]

    def findings_section(self, findings: Sequence[str], recommendations: Sequence[Recommendation], finding_letter: str,
                         recommendation_letter: str) -> list[Flowable]:
        """The numbered findings, then the recommendations with their due dates."""
        out: list[Flowable] = [heading(f"{finding_letter}. Temuan pemeriksaan"), Spacer(1, 1.5 * mm)]
        if findings:
            rows = [Row((f"{i}.", Paragraph(escape(f), styles()["cell"]))) for i, f in enumerate(findings, 1)]
            out.append(self.table(("No.", "Temuan"), rows, [9 * mm, self.width - 9 * mm]))
        else:
            out.append(para("Tidak ada temuan yang dicatat.", "label"))
        out += [Spacer(1, 4 * mm), heading(f"{recommendation_letter}. Rekomendasi dan batas waktu tindak lanjut"),
                Spacer(1, 1.5 * mm)]
        if recommendations:
            rows = [Row((f"{i}.", Paragraph(escape(x.text), styles()["cell"]),
                         fmt.date_long(x.due) if x.due else "-")) for i, x in enumerate(recommendations, 1)]
            out.append(self.table(("No.", "Rekomendasi", "Batas waktu"), rows,
                                  [9 * mm, self.width - 39 * mm, 30 * mm]))
        else:
            out.append(para("Tidak ada rekomendasi.", "label"))
        return out


def _year_text(year: int | None) -> str:
    return f"Tahun buku {year}" if year is not None else "Tahun buku (tidak disebut)"


class WorksheetRenderer(_HealthRenderer):
    report: WorksheetReport

    def document_title(self) -> str:
        year = f" Tahun Buku {self.report.year}" if self.report.year is not None else ""
        return f"Kertas Kerja Penilaian Kesehatan KSP/USP{year}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.head(), *self.title_block(
            "Kertas Kerja Penilaian Kesehatan KSP/USP", f"{_year_text(r.year)} (posisi 31 Desember {r.year})"
            if r.year is not None else _year_text(r.year))]
        out += [self.info_block([
            ("Nama koperasi", r.cooperative), ("Tahun buku", str(r.year) if r.year is not None else "-"),
            ("Dasar penilaian", f"{r.method}; {r.options}"),
            ("Pejabat penilai", r.examiner or "." * 50),
            ("Tanggal penilaian", fmt.date_long(r.examined_on) if r.examined_on else "." * 50),
        ], 34 * mm), Spacer(1, 3 * mm)]
        if not r.complete:
            out += [para("PENILAIAN BELUM LENGKAP: skor total hanya menjumlah komponen yang dapat dinilai; kurang: "
                         + ", ".join(r.missing), "note"), Spacer(1, 2 * mm)]
        out += [heading("A. Perhitungan rasio, nilai dan skor"), Spacer(1, 1.5 * mm), self._score_table(),
                Spacer(1, 3 * mm)]
        out += self._result_box()
        out += self._management()
        if r.inputs:
            out += self._inputs()
        out += self._findings()
        out += [KeepTogether(self.signatures(r.signatories, r.examined_on))]
        return out

    # -- A. the worksheet table
    def _score_table(self):
        r = self.report
        w_no, w_num, w_ratio, w_small, w_skor = 9 * mm, 23 * mm, 17 * mm, 11 * mm, 13 * mm
        widths = [w_no, 0.0, w_num, w_num, w_ratio, w_small, w_small, w_skor]
        widths[1] = self.width - sum(widths)
        rows: list[Row] = []
        for a in r.aspects:
            rows.append(Row((f"{a.number}.", a.label.upper(), "", "", "", "", "", ""),
                            bold_row(("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), BAND))))
            if a.management:
                for i, m in enumerate(a.management, start=1):
                    yes = "belum diisi" if m.yes is None else f"{m.yes} ya dari {m.questions} pertanyaan"
                    cell = [Paragraph(escape(m.label), styles()["cell"]),
                            self.small(f"{yes} \u00d7 {decimal_text(m.points_per_yes)}")]
                    rows.append(Row((f"{a.number}.{i}", cell, "", "", "", "", decimal_text(m.max_points),
                                     decimal_text(m.points)), (("SPAN", (2, 0), (5, 0)),)))
            else:
                for c in a.components:
                    cell: list = [Paragraph(escape(c.name), styles()["cell"]),
                                  self.small(f"{c.numerator_label} / {c.denominator_label}")]
                    if c.note:
                        cell.append(self.small(c.note, WARN, italic=True))
                    rows.append(Row((c.code, cell, whole_text(c.numerator), whole_text(c.denominator),
                                     percent_text(c.ratio), whole_text(c.nilai), str(c.weight), decimal_text(c.skor))))
            rows.append(Row(("", f"Jumlah aspek {a.label} ({percent_text(a.percent)} dari bobot: {a.predicate})",
                             "", "", "", "", str(a.weight), decimal_text(a.skor)),
                            bold_row(("SPAN", (1, 0), (5, 0)), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK))))
        rows.append(Row(("", f"SKOR TOTAL \u2013 PREDIKAT: {r.predicate.upper()}", "", "", "", "",
                         str(r.total_weight), decimal_text(r.total)),
                        bold_row(("SPAN", (1, 0), (5, 0)), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                 ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                                 ("LINEABOVE", (0, 0), (-1, 0), 1.4, INK))))
        header = ("No.", "Aspek / komponen (pembilang / penyebut)", "Pembilang (Rp)", "Penyebut (Rp)", "Rasio",
                  "Nilai", "Bobot", "Skor")
        return self.table(header, rows, widths, numeric=(2, 3, 4, 5, 6, 7))

    def _result_box(self) -> list[Flowable]:
        r = self.report
        text = (f"Skor total <b>{decimal_text(r.total)}</b> dari {r.total_weight}; predikat kesehatan: "
                f"<b>{escape(r.predicate.upper())}</b>")
        if not r.complete:
            text += " (sementara, penilaian belum lengkap)"
        return self.result_box(text, "Rasio ditampilkan dibulatkan ke 2 desimal (setengah ke atas); nilai ditentukan "
                               "dari rasio yang tidak dibulatkan. Skor = nilai \u00d7 bobot / 100. Predikat: "
                               "80,00\u2013100 Sehat; 66,00\u2013<80,00 Cukup Sehat; 51,00\u2013<66,00 Dalam "
                               "Pengawasan; <51,00 Dalam Pengawasan Khusus.")

    # -- B. the questionnaire
    def _management(self) -> list[Flowable]:
        r = self.report
        mgmt = next((a for a in r.aspects if a.management), None)
        out: list[Flowable] = [heading("B. Jawaban kuesioner aspek Manajemen"), Spacer(1, 1.5 * mm)]
        if not r.questions:
            if mgmt is not None:
                lines = "; ".join(f"{m.label}: {'-' if m.yes is None else m.yes} ya dari {m.questions}"
                                  for m in mgmt.management)
                out += [para(f"Jumlah jawaban \u201cya\u201d per komponen: {lines}. Rincian jawaban per pertanyaan "
                             "tidak disimpan dalam penilaian ini.", "label")]
            return [*out, Spacer(1, 5 * mm)]
        widths = [9 * mm, 0.0, 16 * mm]
        widths[1] = self.width - sum(widths)
        rows: list[Row] = []
        current = ""
        for q in r.questions:
            if q.component != current:
                current = q.component
                m = next((x for x in mgmt.management if x.label == current), None) if mgmt else None
                extra = (f" \u2013 {m.yes} ya \u00d7 {decimal_text(m.points_per_yes)} = {decimal_text(m.points)}"
                         if m is not None and m.yes is not None else "")
                rows.append(Row(("", current + extra, ""),
                                bold_row(("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), BAND))))
            cell = [Paragraph(escape(q.text), styles()["cell"]), self.small(f"Bukti: {q.evidence}", italic=True)]
            rows.append(Row((str(q.number), cell, "Ya" if q.answer else "Tidak"),
                            (("ALIGN", (2, 0), (2, 0), "CENTER"),) if q.answer else
                            (("ALIGN", (2, 0), (2, 0), "CENTER"), ("FONTNAME", (2, 0), (2, 0), COND_BOLD))))
        out += [self.table(("No.", "Pertanyaan dan bukti yang diperiksa", "Jawaban"), rows, widths, numeric=(0,)),
                Spacer(1, 5 * mm)]
        return out

    # -- C. the inputs
    def _inputs(self) -> list[Flowable]:
        r = self.report
        derived = any(i.derivation for i in r.inputs)
        widths = [58 * mm, 30 * mm, self.width - 88 * mm] if derived else [80 * mm, 34 * mm, self.width - 114 * mm]
        rows = [Row((i.label, whole_text(i.amount),
                     Paragraph(escape(i.derivation), styles()["cell"]) if i.derivation else "")) for i in r.inputs]
        return [heading("C. Data masukan dan asal angka"), Spacer(1, 1.5 * mm),
                self.table(("Masukan", "Jumlah (Rp)", "Asal angka (akun dan perhitungan)"), rows, widths,
                           numeric=(1,)), Spacer(1, 5 * mm)]

    # -- D, E. findings and recommendations
    def _findings(self) -> list[Flowable]:
        return self.findings_section(self.report.findings, self.report.recommendations, "D", "E")


# ----------------------------------------------------------------------------------------------- summary render

YEAR_COLOURS = (colors.HexColor("#d5dae0"), colors.HexColor("#aab4bf"), colors.HexColor("#7d8b9b"),
                colors.HexColor("#1f3a5a"))


def _year_colours(n: int) -> list:
    """Older years lighter, the latest the darkest."""
    older = [YEAR_COLOURS[max(0, len(YEAR_COLOURS) - n + i - (1 if n == 2 else 0))] for i in range(n - 1)]
    return [*older, YEAR_COLOURS[-1]]


class HealthSummaryRenderer(_HealthRenderer):
    report: HealthSummaryReport

    def document_title(self) -> str:
        ys = self.report.years
        span = str(ys[0].year) if len(ys) == 1 else f"{ys[0].year}\u2013{ys[-1].year}"
        return f"Ringkasan Penilaian Kesehatan KSP/USP {span}"

    def story(self) -> list[Flowable]:
        r = self.report
        latest = r.years[-1]
        span = self.document_title().rsplit(" ", 1)[-1]
        out: list[Flowable] = [*self.head(), *self.title_block(
            "Ringkasan Penilaian Kesehatan KSP/USP", f"Tahun buku {span}")]
        result = (f"Tahun buku {latest.year}: skor <b>{decimal_text(latest.total)}</b>, predikat "
                  f"<b>{escape(latest.predicate.upper())}</b>")
        if len(r.years) > 1:
            result += (f". Rata-rata {len(r.years)} tahun: <b>{decimal_text(r.mean)}</b> "
                       f"({escape(r.mean_predicate)})")
        box = Table([[Paragraph(result, styles()["body"])]], colWidths=[self.width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, INK), ("BACKGROUND", (0, 0), (-1, -1), BAND),
                                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
        out += [self.info_block([("Nama koperasi", r.cooperative), ("Dasar penilaian", r.method)], 30 * mm),
                Spacer(1, 2 * mm), box, Spacer(1, 4 * mm)]
        out += [heading("Persentase skor per aspek (skor / bobot \u00d7 100)"), Spacer(1, 1 * mm),
                self._aspect_chart(), self._band_note(), *self._note(), Spacer(1, 1.5 * mm), self._aspect_table(),
                Spacer(1, 2.5 * mm)]
        out += [heading("Perkembangan skor total"), Spacer(1, 1 * mm), self._trend()]
        signatures = self.signatures(r.signatories)
        if signatures and isinstance(signatures[0], Spacer):   # a tighter gap keeps the summary on one sheet
            signatures = [Spacer(1, 3 * mm), *signatures[1:]]
        out += [KeepTogether(signatures)]
        return out

    def _note(self) -> list[Flowable]:
        if not self.report.note:
            return []
        return [Paragraph(f'<font color="{WARN.hexval()}">{escape(self.report.note)}</font>', styles()["cell"])]

    def _band_note(self) -> Paragraph:
        bands = "; ".join(f"{e} {label}" for e, label in self.report.bands)
        return para(f"Garis putus-putus: batas bawah predikat ({bands}).", "cell")

    def _aspect_table(self):
        r = self.report
        n = len(r.years)
        year_w = 19 * mm
        widths = [0.0, 12 * mm, 14 * mm] + [year_w] * n + [30 * mm]
        widths[0] = self.width - sum(widths)
        latest = r.years[-1]
        rows = []
        for i, label in enumerate(r.aspects):
            rows.append(Row((f"{i + 1}. {label}", weight_text(r.aspect_weights[i]), decimal_text(r.aspect_skor[i]),
                             *[percent_text(y.aspect_percents[i]) for y in r.years], latest.aspect_predicates[i])))
        rows.append(Row(("Skor total / predikat", weight_text(sum(r.aspect_weights)), decimal_text(latest.total),
                         *[decimal_text(y.total) for y in r.years], latest.predicate),
                        bold_row(("LINEABOVE", (0, 0), (-1, 0), 1.2, INK), ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        header = ("Aspek", "Bobot", f"Skor {latest.year}", *[f"% {y.year}" for y in r.years],
                  f"Predikat aspek {latest.year}")
        return self.table(header, rows, widths, numeric=tuple(range(1, 3 + n)))

    def _aspect_chart(self) -> Drawing:
        r = self.report
        n_years, n_aspects = len(r.years), len(r.aspects)
        label_w = 48 * mm
        bar = 2.1 if n_years < 3 else 1.75          # keep the page to one sheet with three or more years
        height = n_aspects * (1.6 + bar * n_years) * mm + 13 * mm
        d = Drawing(self.width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = label_w, 10 * mm
        chart.width, chart.height = self.width - label_w - 34 * mm, height - 14 * mm
        # reportlab draws the first category at the bottom: reverse so aspect 1 is on top
        # ... and series 0 at the bottom of each group: reverse the years so the oldest bar is on top
        chart.data = [[float(y.aspect_percents[i]) for i in reversed(range(n_aspects))] for y in reversed(r.years)]
        chart.categoryAxis.categoryNames = [f"{i + 1}. {a}" for i, a in reversed(list(enumerate(r.aspects)))]
        chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = COND, 7.5
        chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -3
        chart.categoryAxis.strokeColor = RULE
        chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 10
        chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = COND, 7
        chart.valueAxis.labelTextFormat = "%d%%"
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, colors.HexColor("#e2e5e8")
        chart.valueAxis.gridStrokeWidth = 0.3
        chart.barSpacing, chart.groupSpacing = 0.6, 4
        chart.barLabelFormat = lambda v: fmt.percent(Decimal(str(v)), 2)
        chart.barLabels.fontName, chart.barLabels.fontSize = COND, 6
        chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 2
        for i, colour in enumerate(reversed(_year_colours(n_years))):
            chart.bars[i].fillColor, chart.bars[i].strokeColor = colour, None
        d.add(chart)
        x0, x1 = chart.x, chart.x + chart.width
        for edge, _label in r.bands:
            x = x0 + float(edge) / 100 * (x1 - x0)
            d.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=WARN, strokeWidth=0.5,
                       strokeDashArray=[2, 2]))
            d.add(String(x, chart.y + chart.height + 2, str(edge), fontName=COND, fontSize=6.5,
                         fillColor=WARN, textAnchor="middle"))
        # legend: one swatch per year
        lx = x1 + 12 * mm            # clear of a bar label at 100 %
        for i, (y, colour) in enumerate(zip(r.years, _year_colours(n_years), strict=True)):
            ly = chart.y + chart.height - 8 - i * 11
            d.add(Rect(lx, ly, 7, 7, fillColor=colour, strokeColor=None))
            d.add(String(lx + 10, ly + 1, str(y.year), fontName=COND, fontSize=7.5, fillColor=INK))
        return d

    def _trend(self) -> Table:
        r = self.report
        chart_w = self.width * 0.55
        height = 30 * mm
        d = Drawing(chart_w, height)
        chart = HorizontalLineChart()
        chart.x, chart.y = 12 * mm, 8 * mm
        chart.width, chart.height = chart_w - 16 * mm, height - 14 * mm
        chart.data = [[float(y.total) for y in r.years]]
        chart.categoryAxis.categoryNames = [str(y.year) for y in r.years]
        chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = COND, 7.5
        chart.categoryAxis.strokeColor = RULE
        low = min([float(y.total) for y in r.years] + [float(r.bands[-1][0])])
        chart.valueAxis.valueMin = max(0, int(low // 10) * 10 - 10)
        chart.valueAxis.valueMax, chart.valueAxis.valueStep = 100, 10
        chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = COND, 7
        chart.valueAxis.strokeColor = RULE
        chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, colors.HexColor("#e2e5e8")
        chart.valueAxis.gridStrokeWidth = 0.3
        chart.lines[0].strokeColor, chart.lines[0].strokeWidth = YEAR_COLOURS[-1], 1.6
        chart.joinedLines = 1
        chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=YEAR_COLOURS[-1])
        chart.lineLabelFormat = lambda v: fmt.percent(Decimal(str(v)), 2).removesuffix("%")
        chart.lineLabels.fontName, chart.lineLabels.fontSize, chart.lineLabels.dy = COND_BOLD, 7, 6
        d.add(chart)
        lo, hi = chart.valueAxis.valueMin, 100
        for edge, label in r.bands:
            if not lo <= float(edge) <= hi:
                continue
            y = chart.y + (float(edge) - lo) / (hi - lo) * chart.height
            d.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=WARN, strokeWidth=0.5,
                       strokeDashArray=[2, 2]))
            d.add(String(chart.x + chart.width - 1, y + 1.5, label, fontName=COND, fontSize=6, fillColor=WARN,
                         textAnchor="end"))
        rows = [["Tahun", "Skor", "Naik/turun", "Predikat"]]
        for y in r.years:
            change = "" if y.change is None else ("+" if y.change > 0 else "") + decimal_text(y.change)
            rows.append([str(y.year), decimal_text(y.total) + ("" if y.complete else "*"), change, y.predicate])
        if len(r.years) > 1:
            rows.append(["Rata-rata", decimal_text(r.mean), "", r.mean_predicate])
        table = Table(rows, colWidths=[18 * mm, 13 * mm, 18 * mm, 28 * mm], hAlign="LEFT")
        style = [("FONT", (0, 0), (-1, -1), COND, TABLE_FONT_SIZE), ("FONT", (0, 0), (-1, 0), COND_BOLD,
                                                                        TABLE_FONT_SIZE),
                 ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                 ("ALIGN", (1, 1), (2, -1), "RIGHT"), ("TOPPADDING", (0, 0), (-1, -1), TABLE_PAD),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PAD)]
        if len(r.years) > 1:
            style += [("SPAN", (0, -1), (0, -1)), ("FONT", (0, -1), (-1, -1), COND_BOLD, TABLE_FONT_SIZE)]
        table.setStyle(TableStyle(style))
        notes = [table]
        if not all(y.complete for y in r.years):
            notes += [Spacer(1, 1 * mm), para("* penilaian belum lengkap: skor sementara", "label")]
        outer = Table([[d, notes]], colWidths=[chart_w, self.width - chart_w])
        outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("FONT", (0, 0), (-1, -1), SANS, 9)]))
        return outer


# ----------------------------------------------------------------------------------------------- KKPKK 2021


@dataclass(frozen=True, slots=True)
class KkpkkItemLine:
    number: int
    text: str                       # the item's text from the template, or "Butir n" when the template has none
    answer: bool                    # Ya / Tidak


@dataclass(frozen=True, slots=True)
class KkpkkIndicatorLine:
    code: str
    name: str
    kind: str                       # "checklist" / "rasio"
    formula: str                    # the ratio's formula; for a checklist "butir terpenuhi / jumlah butir"
    numerator: Decimal | None       # checklist: items fulfilled; ratio: rupiah from the books (None: ratio typed)
    denominator: Decimal | None     # checklist: number of items
    ratio: Decimal | None           # in %, half-up to 2 decimals (display); the band used the exact ratio
    band: str                       # the band the ratio fell in ("5 ≤ x < 7"); "" for a manual nilai or nothing
    nilai: int | None
    skor: int | None
    category: str                   # Sehat / Cukup Sehat / Kurang Sehat / Tidak Sehat, "" when not scored
    note: str                       # where the figures come from, the manual reason, or what is missing
    items: tuple[KkpkkItemLine, ...]   # each item's Ya / Tidak, when the answers per item are known
    item_texts: tuple[str, ...]     # the template's items when only the count fulfilled is known
    flagged: bool                   # the template marks this indicator "perlu dikonfirmasi Dinas"


@dataclass(frozen=True, slots=True)
class KkpkkSubAspectLine:
    code: str
    name: str
    indicators: tuple[KkpkkIndicatorLine, ...]
    percent: Decimal | None         # half-up 2 decimals; None when nothing is scored


@dataclass(frozen=True, slots=True)
class KkpkkAspectLine:
    letter: str                     # "A"
    code: str                       # "TK"
    name: str
    weight: Decimal
    weight_flagged: bool
    sub_aspects: tuple[KkpkkSubAspectLine, ...]
    indicator_count: int
    scored_count: int
    skor_sum: int                   # of the scored indicators
    skor_max: int                   # 4 x scored indicators
    percent: Decimal | None         # Σ skor x 100 / (4 x scored), half-up 2 decimals
    contribution: Decimal           # bobot x persentase / 100, half-up 2 decimals
    predicate: str                  # "" when nothing is scored

    @property
    def indicators(self) -> tuple[KkpkkIndicatorLine, ...]:
        return tuple(i for s in self.sub_aspects for i in s.indicators)


@dataclass(frozen=True, slots=True)
class KkpkkWorksheetReport:
    letterhead: Letterhead | None
    printed_at: dt.datetime
    cooperative: str
    year: int | None
    basis: str                      # the regulation
    template_title: str
    template_version: int
    examiners: tuple[str, ...]
    examined_on: dt.date | None
    aspects: tuple[KkpkkAspectLine, ...]
    total: Decimal                  # half-up 2 decimals; the predicate comes from the result
    total_weight: Decimal
    predicate: str
    complete: bool
    missing: tuple[str, ...]
    confirmations: tuple[str, ...]  # what the template marks "perlu dikonfirmasi Dinas", one line each
    checklist_rule: str             # the checklist bands, for the notes
    predicate_bands: str            # "80 ≤ x ≤ 100 Sehat; ..."
    findings: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    signatories: tuple[Signatory, ...]


CONFIRM = "perlu dikonfirmasi Dinas"


def _checklist_bands() -> tuple[Band[int], ...]:
    """The checklist rule (kkpkk.CHECKLIST_THRESHOLDS: x > 75 -> 1, > 50 -> 2, > 25 -> 3, else 4) as bands."""
    edges = [Decimal(t) for t, _n in kkpkk.CHECKLIST_THRESHOLDS]
    nilai = [n for _t, n in kkpkk.CHECKLIST_THRESHOLDS]
    bands = [Band(edges[0], False, None, False, nilai[0])]
    bands += [Band(edges[i + 1], False, edges[i], True, nilai[i + 1]) for i in range(len(edges) - 1)]
    bands.append(Band(None, False, edges[-1], True, kkpkk.CHECKLIST_LOWEST_NILAI))
    return tuple(bands)


CHECKLIST_BANDS = _checklist_bands()


def _band_of(bands: Sequence[Band], value: Decimal) -> str:
    for b in bands:
        if b.contains(value):
            return b.text
    return ""


def _kkpkk_indicator(r: kkpkk.IndicatorResult, answer, source, flagged: bool) -> KkpkkIndicatorLine:
    ind = r.indicator
    items: tuple[KkpkkItemLine, ...] = ()
    texts: tuple[str, ...] = ()
    numerator = denominator = None
    band, note = "", ""
    if ind.kind == kkpkk.Kind.CHECKLIST:
        formula = ""                # the checklist rule is printed once, under the result
        if isinstance(answer, kkpkk.Checklist):
            numerator, denominator = Decimal(answer.fulfilled), Decimal(answer.total)
            if answer.items is not None:
                names = ind.items if len(ind.items) == len(answer.items) else ()
                items = tuple(KkpkkItemLine(n, names[n - 1] if names else f"Butir {n}", yes)
                              for n, yes in enumerate(answer.items, 1))
            note = f"{answer.fulfilled} dari {answer.total} butir terpenuhi"
        if not items:
            texts = ind.items
    else:
        formula = ind.formula
        if source is not None:
            numerator, denominator = source.numerator, source.denominator
            formula = f"{source.numerator_label} / {source.denominator_label}"
            note = f"Dari buku: {source.explanation}"
        elif isinstance(answer, kkpkk.Ratio):
            note = "Rasio diisi penilai."
    if isinstance(answer, kkpkk.Manual):
        note = f"Nilai ditetapkan penilai: {answer.reason}"
    elif r.nilai is None:
        note = "Belum diisi."
    elif r.ratio is not None:
        band = _band_of(CHECKLIST_BANDS if ind.kind == kkpkk.Kind.CHECKLIST else ind.bands, r.ratio)
    return KkpkkIndicatorLine(
        ind.code, ind.name, ind.kind.value, formula, numerator, denominator,
        None if r.ratio is None else round2(r.ratio), band, r.nilai, r.skor, r.category or "", note, items, texts,
        flagged)


def _confirmations(template: kkpkk.Template) -> tuple[str, ...]:
    lines = []
    weights = [a for a in template.aspects if a.flag.needs_confirmation]
    if weights:
        groups: dict[str, list[str]] = {}
        for a in weights:
            groups.setdefault(a.flag.confidence.label, []).append(f"{a.name} {weight_text(a.weight)} %")
        lines.append("Bobot aspek " + " dan ".join(f"{', '.join(names)} ({label})" for label, names in groups.items())
                     + ": belum dikonfirmasi dari naskah Juknis.")
    if template.predicate_flag.needs_confirmation:
        lines.append(f"Batas predikat ({template.predicate_flag.confidence.label}): {_predicate_bands(template)}.")
    indicators = [i for i in template.indicators if i.flag.needs_confirmation]
    if indicators:
        lines.append("Pita atau butir indikator " + ", ".join(i.code for i in indicators) + " (sumber tunggal, "
                     "berbeda pendapat atau tidak jelas; ditandai \u2020 pada tabel).")
    return tuple(lines)


def _predicate_bands(template: kkpkk.Template) -> str:
    return "; ".join(f"{b.text.replace('x', 'skor')} {b.value}" for b in template.predicates)


def build_kkpkk_worksheet(result: kkpkk.KkpkkResult, answers: Mapping[str, object], *, cooperative: str,
                          year: int | None, examiners: Sequence[str] = (), examined_on: dt.date | None = None,
                          findings: Sequence[str] = (), recommendations: Sequence[tuple[str, dt.date | None]] = (),
                          sources: Mapping[str, object] | None = None, letterhead: Letterhead | None = None,
                          now: dt.datetime | None = None) -> KkpkkWorksheetReport:
    """The KKPKK 2021 kertas kerja of one year. ``result`` must be ``kkpkk.score_assessment(template, answers)``
    (e.g. ``services.health.kkpkk_result(ws, record)`` with ``record.answers``); ``sources`` maps a ratio indicator
    to how the books gave it (``services.health.RatioSource``: numerator, denominator, labels, explanation);
    ``examiners`` are the names of the examiners (one signature column each); ``recommendations`` are
    (text, due date)."""
    template = result.template
    codes = {i.code for i in template.indicators}
    unknown = sorted(set(answers) - codes)
    if unknown:
        raise ValidationError(f"jawaban untuk indikator yang tidak ada di template v{template.version}: "
                              + ", ".join(unknown))
    sources = dict(sources or {})
    flagged = {code for code, _f in template.flagged()}
    aspects = []
    for n, a in enumerate(result.aspects):
        subs = tuple(KkpkkSubAspectLine(
            s.sub_aspect.code, s.sub_aspect.name,
            tuple(_kkpkk_indicator(r, answers.get(r.code), sources.get(r.code), r.code in flagged)
                  for r in s.indicators),
            None if s.percent is None else round2(s.percent)) for s in a.sub_aspects)
        scored = [r.skor for r in a.indicators if r.skor is not None]
        aspects.append(KkpkkAspectLine(
            chr(ord("A") + n), a.aspect.code, a.aspect.name, a.aspect.weight, a.aspect.flag.needs_confirmation, subs,
            len(a.indicators), len(scored), sum(scored), 4 * len(scored),
            None if a.percent is None else round2(a.percent), round2(a.contribution),
            result.aspect_predicate(a.aspect.code) or ""))
    names = tuple(e.strip() for e in examiners if e.strip())
    if len(names) <= 1:
        examiner_signs = [Signatory("Pemeriksa,", names[0] if names else "", "Pemeriksa Kesehatan Koperasi")]
    else:
        examiner_signs = [Signatory(f"Pemeriksa {i},", name, "Pemeriksa Kesehatan Koperasi")
                          for i, name in enumerate(names, 1)]
    cooperative_sign = (letterhead.signatory("Ketua", "Pengurus Koperasi,") if letterhead is not None
                        else Signatory("Pengurus Koperasi,", "", "Ketua"))
    rule = "; ".join(f"{b.text} \u2192 nilai {b.value}" for b in CHECKLIST_BANDS)
    return KkpkkWorksheetReport(
        letterhead, now or dt.datetime.now(), cooperative, year, template.basis, template.title, template.version,
        names, examined_on, tuple(aspects), result.total_rounded, sum((a.aspect.weight for a in result.aspects),
                                                                        Decimal(0)),
        result.predicate, result.complete, result.missing, _confirmations(template), rule, _predicate_bands(template),
        tuple(f for f in findings if f.strip()), tuple(Recommendation(t, d) for t, d in recommendations if t.strip()),
        (*examiner_signs, cooperative_sign))


class KkpkkWorksheetRenderer(_HealthRenderer):
    report: KkpkkWorksheetReport

    def document_title(self) -> str:
        year = f" Tahun Buku {self.report.year}" if self.report.year is not None else ""
        return f"Kertas Kerja Pemeriksaan Kesehatan Koperasi (KKPKK){year}"

    def story(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = [*self.head(), *self.title_block(
            "Kertas Kerja Pemeriksaan Kesehatan Koperasi", "KSP/USP \u2013 " + (
                f"{_year_text(r.year)} (posisi 31 Desember {r.year})" if r.year is not None else _year_text(r.year)))]
        out += [self.info_block([
            ("Nama koperasi", r.cooperative), ("Tahun buku", str(r.year) if r.year is not None else "-"),
            ("Dasar penilaian", r.basis),
            ("Template", f"KKPKK 2021 versi {r.template_version}"
                         + (" \u2013 bobot dan sebagian pita " + CONFIRM if r.confirmations else "")),
            ("Pemeriksa", "; ".join(r.examiners) or "." * 50),
            ("Tanggal pemeriksaan", fmt.date_long(r.examined_on) if r.examined_on else "." * 50),
        ], 36 * mm), Spacer(1, 3 * mm)]
        if r.confirmations:
            out += self._confirm_box()
        if not r.complete:
            shown = ", ".join(r.missing[:12]) + (f" dan {len(r.missing) - 12} lainnya" if len(r.missing) > 12 else "")
            out += [para(f"PEMERIKSAAN BELUM LENGKAP: {len(r.missing)} indikator belum dinilai ({shown}); persentase "
                         "aspek hanya atas indikator yang sudah dinilai.", "note"), Spacer(1, 2 * mm)]
        out += [heading("A. Penilaian per aspek dan indikator"), Spacer(1, 1.5 * mm), self._indicator_table(),
                Spacer(1, 4 * mm)]
        out += [heading("B. Rekapitulasi skor aspek"), Spacer(1, 1.5 * mm), self._aspect_table(), Spacer(1, 3 * mm)]
        text = (f"Skor total <b>{decimal_text(r.total)}</b> dari 100; predikat kesehatan: "
                f"<b>{escape(r.predicate.upper())}</b>")
        if not r.complete:
            text += " (sementara, pemeriksaan belum lengkap)"
        out += self.result_box(text, (
            f"Checklist: rasio = butir terpenuhi / jumlah butir \u00d7 100; {r.checklist_rule}. Rasio keuangan: nilai "
            "menurut pita indikator (rasio tidak dibulatkan; tampil dibulatkan 2 desimal). Skor indikator = 5 \u2212 "
            "nilai. Persentase aspek = \u03a3 skor \u00d7 100 / (4 \u00d7 jumlah indikator). Skor total = \u03a3 "
            f"bobot \u00d7 persentase aspek / 100. Predikat: {r.predicate_bands}."))
        findings = self.findings_section(r.findings, r.recommendations, "C", "D")
        # the recommendations and the signatures on one page
        out += [*findings[:-3], KeepTogether([*findings[-3:], *self.signatures(r.signatories, r.examined_on)])]
        return out

    def _confirm_box(self) -> list[Flowable]:
        lines = "".join(f"<br/>\u2022 {escape(c)}" for c in self.report.confirmations)
        box = Table([[Paragraph(f'<font color="{WARN.hexval()}"><b>Perlu dikonfirmasi Dinas.</b> Naskah Juknis '
                                f'15/2021 tidak tersedia; template memuat angka dari sumber sekunder:{lines}</font>',
                                styles()["cell"])]], colWidths=[self.width])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, WARN), ("TOPPADDING", (0, 0), (-1, -1), 3),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LEFTPADDING", (0, 0), (-1, -1), 5)]))
        return [box, Spacer(1, 3 * mm)]

    def _indicator_table(self):
        r = self.report
        w_code, w_num, w_ratio, w_band, w_small = 20 * mm, 21 * mm, 15 * mm, 23 * mm, 10 * mm
        widths = [w_code, 0.0, w_num, w_num, w_ratio, w_band, w_small, w_small]
        widths[1] = self.width - sum(widths)
        rows: list[Row] = []
        for a in r.aspects:
            mark = " *" if a.weight_flagged else ""
            rows.append(Row((f"{a.letter}.", f"{a.name.upper()} \u2013 BOBOT {weight_text(a.weight)} %{mark}",
                             "", "", "", "", "", ""),
                            bold_row(("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
            for s in a.sub_aspects:
                pct = "" if s.percent is None else f" ({percent_text(s.percent)})"
                rows.append(Row(("", f"{s.code.split('-')[-1]}. {s.name}{pct}", "", "", "", "", "", ""),
                                bold_row(("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), BAND))))
                for i in s.indicators:
                    rows += self._indicator_rows(i)
            pct = "-" if a.percent is None else percent_text(a.percent)
            rows.append(Row(("", f"Jumlah {a.name}: \u03a3 skor {a.skor_sum} dari {a.skor_max} = {pct} "
                                 f"\u00d7 bobot {weight_text(a.weight)} % = {decimal_text(a.contribution)} "
                                 f"({a.predicate or 'belum dinilai'})", "", "", "", "", "", str(a.skor_sum)),
                            bold_row(("SPAN", (1, 0), (6, 0)), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK))))
        rows.append(Row(("", f"SKOR TOTAL {decimal_text(r.total)} \u2013 PREDIKAT: {r.predicate.upper()}", "", "",
                         "", "", "", ""),
                        bold_row(("SPAN", (1, 0), (-1, 0)), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                 ("BACKGROUND", (0, 0), (-1, 0), SHADE), ("LINEABOVE", (0, 0), (-1, 0), 1.4, INK))))
        header = ("Kode", "Indikator (rumus / butir)", "Pembilang", "Penyebut", "Rasio", "Pita", "Nilai", "Skor")
        return self.table(header, rows, widths, numeric=(2, 3, 4, 6, 7))

    def _indicator_rows(self, i: KkpkkIndicatorLine) -> list[Row]:
        cell: list = [Paragraph(escape(i.name) + (" \u2020" if i.flagged else ""), styles()["cell"])]
        if i.formula:
            cell.append(self.small(i.formula))
        if i.item_texts:
            cell.append(self.small("Butir: " + "; ".join(f"{n}) {t}" for n, t in enumerate(i.item_texts, 1))))
        if i.note:
            colour = WARN if i.nilai is None or i.note.startswith("Nilai ditetapkan") else GREY
            cell.append(self.small(i.note, colour, italic=True))
        num, den = whole_text(i.numerator), whole_text(i.denominator)
        rows = [Row((i.code, cell, num, den, percent_text(i.ratio), Paragraph(escape(i.band), styles()["cell"]),
                     "" if i.nilai is None else str(i.nilai), "" if i.skor is None else str(i.skor)))]
        for item in i.items:
            rows.append(Row(("", Paragraph(f"{item.number}. {escape(item.text)}", styles()["cell"]), "", "", "", "",
                             "Ya" if item.answer else "Tidak", ""),
                            (("SPAN", (1, 0), (5, 0)), ("SPAN", (6, 0), (7, 0)), ("ALIGN", (6, 0), (6, 0), "CENTER"),
                             ("LEFTPADDING", (1, 0), (1, 0), 4 * mm), ("TEXTCOLOR", (0, 0), (-1, 0), GREY))
                            + ((("FONTNAME", (6, 0), (6, 0), COND_BOLD),) if not item.answer else ())))
        return rows

    def _aspect_table(self):
        r = self.report
        widths = [0.0, 16 * mm, 20 * mm, 22 * mm, 22 * mm, 24 * mm, 34 * mm]
        widths[0] = self.width - sum(widths)
        rows = []
        for a in r.aspects:
            rows.append(Row((f"{a.letter}. {a.name}" + (" *" if a.weight_flagged else ""),
                             f"{weight_text(a.weight)} %", f"{a.scored_count} / {a.indicator_count}",
                             f"{a.skor_sum} / {a.skor_max}", percent_text(a.percent) or "-",
                             decimal_text(a.contribution), a.predicate or "-")))
        rows.append(Row(("Skor total / predikat", f"{weight_text(r.total_weight)} %", "", "", "",
                         decimal_text(r.total), r.predicate),
                        bold_row(("LINEABOVE", (0, 0), (-1, 0), 1.2, INK), ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        header = ("Aspek", "Bobot", "Indikator dinilai", "\u03a3 skor / maks", "Persentase", "Skor tertimbang",
                  "Predikat aspek")
        table = self.table(header, rows, widths, numeric=(1, 2, 3, 4, 5))
        note = para("* bobot " + CONFIRM + "; \u2020 pita atau butir indikator " + CONFIRM + ".", "cell")
        return KeepTogether([table, Spacer(1, 1 * mm), note])


def build_kkpkk_summary(results: Mapping[int, kkpkk.KkpkkResult] | Sequence[tuple[int, kkpkk.KkpkkResult]], *,
                        cooperative: str, examiner: str = "", letterhead: Letterhead | None = None,
                        now: dt.datetime | None = None) -> HealthSummaryReport:
    """One page over several years of KKPKK 2021 (year -> result): the aspect percentages per year as bars, the
    trend of the total, the mean of the totals and its predicate (the latest year's template's aspects, weights and
    predicate bands). The same layout as the 2016 summary."""
    pairs = sorted(results.items() if isinstance(results, Mapping) else results, key=lambda p: p[0])
    if not pairs:
        raise ValidationError("perlu sekurang-kurangnya satu tahun penilaian", field="tahun")
    if len({y for y, _r in pairs}) != len(pairs):
        raise ValidationError("tahun penilaian tidak boleh ganda", field="tahun")
    latest = pairs[-1][1]
    template = latest.template
    codes = [a.aspect.code for a in latest.aspects]
    years: list[SummaryYear] = []
    previous: Decimal | None = None
    for y, r in pairs:
        by_code = {a.aspect.code: a for a in r.aspects}
        total = r.total_rounded
        percents = tuple(round2(by_code[c].percent) if c in by_code and by_code[c].percent is not None
                         else Decimal(0) for c in codes)
        preds = tuple(r.aspect_predicate(c) or "-" if c in by_code else "-" for c in codes)
        years.append(SummaryYear(y, total, r.predicate, None if previous is None else total - previous,
                                 r.complete, percents, preds))
        previous = total
    mean = mean_score([r.total for _y, r in pairs])
    edges = sorted({b.lower for b in template.predicates if b.lower is not None and b.lower > 0}, reverse=True)
    bands = tuple((e, template.predicate(e)) for e in edges)
    versions = sorted({r.template.version for _y, r in pairs})
    method = (f"KKPKK 2021 ({template.basis.split(';')[0].strip()}), template versi "
              + ", ".join(str(v) for v in versions))
    flagged = [a for a in template.aspects if a.flag.needs_confirmation]
    note = ""
    if flagged or template.predicate_flag.needs_confirmation:
        note = ("Bobot aspek (" + " / ".join(weight_text(a.weight) for a in template.aspects) + ")"
                + (" dan batas predikat" if template.predicate_flag.needs_confirmation else "")
                + f" {CONFIRM}: naskah Juknis 15/2021 tidak tersedia.")
    cooperative_sign = (letterhead.signatory("Ketua", "Mengetahui,") if letterhead is not None
                        else Signatory("Mengetahui,", "", "Ketua Pengurus"))
    return HealthSummaryReport(
        letterhead, now or dt.datetime.now(), cooperative, method, tuple(a.aspect.name for a in latest.aspects),
        tuple(a.aspect.weight for a in latest.aspects), tuple(round2(a.contribution) for a in latest.aspects),
        tuple(years), mean, template.predicate(mean), bands, examiner,
        (Signatory("Pemeriksa,", examiner, "Pemeriksa Kesehatan Koperasi"), cooperative_sign), note)


def kkpkk_worksheet_pdf(report: KkpkkWorksheetReport, out, paper: str = "A4"):
    """Write the KKPKK kertas kerja (portrait) to a path or a binary stream."""
    from kopdesk.reports import render_pdf

    return render_pdf(report, out, paper)


def kkpkk_summary_pdf(report: HealthSummaryReport, out, paper: str = "A4"):
    """Write the one-page KKPKK summary (portrait; the layout of ``health_summary_pdf``)."""
    return health_summary_pdf(report, out, paper)


def worksheet_pdf(report: WorksheetReport, out, paper: str = "A4"):
    """Write the kertas kerja (always portrait) to a path or a binary stream."""
    from kopdesk.reports import render_pdf

    return render_pdf(report, out, paper)


def health_summary_pdf(report: HealthSummaryReport, out, paper: str = "A4"):
    """Write the one-page summary (portrait) to a path or a binary stream."""
    from kopdesk.reports import render_pdf

    return render_pdf(report, out, paper)


__all__ = ["INPUT_LABELS", "HealthSummaryRenderer", "HealthSummaryReport", "InputLine", "KkpkkAspectLine",
           "KkpkkIndicatorLine", "KkpkkItemLine", "KkpkkSubAspectLine", "KkpkkWorksheetRenderer",
           "KkpkkWorksheetReport", "QuestionLine", "Recommendation", "SummaryYear", "WorksheetAspect",
           "WorksheetComponent", "WorksheetMgmtLine", "WorksheetRenderer", "WorksheetReport", "build_health_summary",
           "build_kkpkk_summary", "build_kkpkk_worksheet", "health_summary_pdf", "kkpkk_summary_pdf",
           "kkpkk_worksheet_pdf", "worksheet_pdf"]
