"""Dinas documents (spec §8.2, issue 8 item 7): the berita acara of one coaching visit (with the signature blocks of
the officers and the cooperative's representative), one cooperative's coaching history (visits, findings,
follow-ups, health history, RAT history), visits per officer in a period, the inactive cooperatives and the status
of every recommendation's follow-up.

``build_*`` reads everything from ``services.dinas`` (and ``services.health`` for the predicates) into a frozen
snapshot with every text already decided; the renderers only lay it out. The letterhead is the Dinas office's.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.coop import COOP_TYPES
from kopdesk.domain.dinas import (
    CHECKLIST,
    OFFICIAL_ROLES,
    PROBLEM_CATEGORIES,
    Cooperative,
    FollowUpStatus,
    Recommendation,
    Visit,
    rat_status,
)
from kopdesk.reports.base import SANS, PageSetup, Renderer, Target, para, styles
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.loan_card import heading
from kopdesk.reports.tables import Row
from kopdesk.services import dinas, profile
from kopdesk.services import health as health_svc
from kopdesk.services.workspace import Workspace

ANSWERS = {True: "Ya", False: "Tidak", None: "Tidak diperiksa"}


def _time(t: object) -> str:
    if t is None or t == "":
        return ""
    if isinstance(t, dt.time):
        return t.strftime("%H.%M")
    return str(t)[:5].replace(":", ".")


def _label(value: object) -> str:
    found = getattr(value, "label", None)
    return found if isinstance(found, str) else str(value or "")


def _d(d: dt.date | None) -> str:
    return fmt.date_short(d) if d else "-"


def _coop_address(c: Cooperative) -> str:
    parts = [c.address, f"Desa/Kel. {c.desa}" if c.desa else "", f"Kec. {c.kecamatan}" if c.kecamatan else "",
             c.kabupaten, c.provinsi]
    return ", ".join(p for p in parts if p) or "-"


def _legal(c: Cooperative) -> str:
    if not c.legal_number:
        return "-"
    return c.legal_number + (f" tanggal {fmt.date_long(c.legal_date)}" if c.legal_date else "")


def _history_text(r: Recommendation) -> str:
    return "; ".join(f"{fmt.date_short(f.on)} {f.status.label}" + (f": {f.note}" if f.note else "")
                     + (f" (bukti: {f.evidence})" if f.evidence else "") for f in r.history) or "Belum ada"


# ----------------------------------------------------------------------------------------------- berita acara


@dataclass(frozen=True, slots=True)
class VisitReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    visit_id: int
    number: str                                   # "KUNJ-000012" or the surat tugas
    opening: str                                  # "Pada hari ini Selasa, tanggal ..."
    coop_info: tuple[tuple[str, str], ...]
    officers: tuple[tuple[str, str, str], ...]    # name, NIP, position
    representatives: tuple[tuple[str, str], ...]  # name, role
    checklist: tuple[tuple[str, str], ...]        # question, answer
    observations: str
    problems: tuple[tuple[str, str, str], ...]    # category, description, severity
    recommendations: tuple[tuple[str, str, str], ...]   # text, PIC, due
    next_visit: str
    closing: str
    visited_on: dt.date
    signatories: tuple[Signatory, ...]


def build_visit_report(ws: Workspace, visit_id: int, *, now: dt.datetime | None = None) -> VisitReport:
    v: Visit = dinas.get_visit(ws, visit_id)
    c = dinas.get_cooperative(ws, v.coop_key)
    lh = letterhead(ws)
    when = f"pukul {_time(v.start_time)}" + (f" s.d. {_time(v.end_time)}" if v.end_time else "") \
        if v.start_time else ""
    place = v.location or _coop_address(c)
    opening = (f"Pada hari ini {fmt.day_name(v.visited_on)}, tanggal {fmt.date_long(v.visited_on)}"
               + (f", {when}" if when else "") + f", bertempat di {place}, telah dilaksanakan kunjungan "
               f"{v.kind.label.lower()} oleh petugas {lh.name} kepada koperasi berikut.")
    coop_info = (("Nama koperasi", c.name), ("Jenis koperasi", COOP_TYPES.get(c.coop_type, c.coop_type)),
                 ("Nomor badan hukum", _legal(c)), ("NIK koperasi", c.nik_koperasi or "-"),
                 ("Alamat", _coop_address(c)), ("Jenis kunjungan", v.kind.label),
                 ("Surat tugas", v.surat_tugas or "-"))
    officers = tuple((o.name, o.nip or "-", o.position or "-") for o in v.officers)
    reps = tuple((name, role or "-") for name, role in v.representatives)
    checklist = tuple((q, ANSWERS[v.checklist.get(k)]) for k, q in CHECKLIST if k in v.checklist)
    problems = tuple((PROBLEM_CATEGORIES.get(p.category, p.category), p.description, p.severity.label)
                     for p in v.problems)
    recs = tuple((r.text, r.pic or "-", _d(r.due_on)) for r in v.recommendations)
    next_visit = f"Kunjungan berikutnya direncanakan pada {fmt.date_long(v.next_visit_on)}." if v.next_visit_on \
        else "Kunjungan berikutnya belum dijadwalkan."
    closing = ("Demikian berita acara ini dibuat dengan sebenarnya, dibaca dan disetujui oleh kedua belah pihak, "
               "untuk dipergunakan sebagaimana mestinya. Rekomendasi di atas ditindaklanjuti oleh koperasi sampai "
               "batas waktunya dan dipantau oleh Dinas.")
    rep_name, rep_role = (v.representatives[0] if v.representatives else ("", ""))
    signatories = (Signatory("Perwakilan koperasi,", rep_name, f"{rep_role or 'Pengurus'} {c.name}"),
                   *(Signatory("Petugas pembina,", o.name, f"NIP {o.nip}" if o.nip else o.position)
                     for o in v.officers))
    return VisitReport(lh, now or dt.datetime.now(), v.id, v.surat_tugas or f"KUNJ-{v.id:06d}", opening, coop_info,
                       officers, reps, checklist, v.observations, problems, recs, next_visit, closing, v.visited_on,
                       signatories)


class VisitRenderer(Renderer):
    report: VisitReport

    def document_title(self) -> str:
        return f"Berita Acara Kunjungan Pembinaan {self.report.number}"

    def story(self) -> list[Flowable]:
        r = self.report
        w = self.width
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Berita Acara Kunjungan Pembinaan", f"Nomor: {r.number}")]
        out += [para(r.opening), Spacer(1, 2 * mm), self.info_block(r.coop_info, 38 * mm), Spacer(1, 3 * mm)]
        no = 9 * mm
        out += [heading("Petugas pembina"), Spacer(1, 1 * mm)]
        rows = [Row((str(i), name, nip, pos)) for i, (name, nip, pos) in enumerate(r.officers, 1)] or \
            [Row(("", "Tidak ada petugas tercatat.", "", ""))]
        out += [self.table(("No.", "Nama", "NIP", "Jabatan"), rows, [no, 0.4 * w, 0.25 * w, w - no - 0.65 * w]),
                Spacer(1, 3 * mm), heading("Perwakilan koperasi"), Spacer(1, 1 * mm)]
        rows = [Row((str(i), name, role)) for i, (name, role) in enumerate(r.representatives, 1)] or \
            [Row(("", "Tidak ada perwakilan tercatat.", ""))]
        out += [self.table(("No.", "Nama", "Jabatan"), rows, [no, 0.5 * w, w - no - 0.5 * w]), Spacer(1, 3 * mm)]
        if r.checklist:
            out += [heading("Daftar periksa"), Spacer(1, 1 * mm)]
            rows = [Row((str(i), self._cell(q, w - no - 32 * mm), a)) for i, (q, a) in enumerate(r.checklist, 1)]
            out += [self.table(("No.", "Pertanyaan", "Jawaban"), rows, [no, w - no - 32 * mm, 32 * mm]),
                    Spacer(1, 3 * mm)]
        out += [heading("Hasil pengamatan"), Spacer(1, 1 * mm), para(r.observations or "-"), Spacer(1, 3 * mm),
                heading("Permasalahan yang ditemukan"), Spacer(1, 1 * mm)]
        cat, sev = 34 * mm, 20 * mm
        rows = [Row((str(i), c, self._cell(d, w - no - cat - sev), s)) for i, (c, d, s) in enumerate(r.problems, 1)] \
            or [Row(("", "-", "Tidak ada permasalahan yang dicatat.", ""))]
        out += [self.table(("No.", "Kategori", "Uraian", "Tingkat"), rows, [no, cat, w - no - cat - sev, sev]),
                Spacer(1, 3 * mm), heading("Rekomendasi dan tindak lanjut yang disepakati"), Spacer(1, 1 * mm)]
        pic, due = 42 * mm, 24 * mm
        text_w = w - no - pic - due
        rows = [Row((str(i), self._cell(t, text_w), self._cell(p, pic), d))
                for i, (t, p, d) in enumerate(r.recommendations, 1)] or \
            [Row(("", "Tidak ada rekomendasi.", "", ""))]
        out += [self.table(("No.", "Rekomendasi", "Penanggung jawab di koperasi", "Batas waktu"), rows,
                           [no, text_w, pic, due]),
                Spacer(1, 3 * mm), para(r.next_visit), Spacer(1, 2 * mm), para(r.closing)]
        out.append(KeepTogether(self.signature_rows(r.signatories, r.visited_on)))
        return out

    def _cell(self, text: str, width: float):
        from kopdesk.reports.base import cell_text

        return cell_text(text, width)

    def signature_rows(self, signatories: Sequence[Signatory], on: dt.date) -> list[Flowable]:
        """The place and date, then the signature columns three to a row (the cooperative's side first)."""
        sign = styles()["sign"]
        out: list[Flowable] = [Spacer(1, 6 * mm), Paragraph(self.letterhead.place_and_date(on), sign)]
        per_row = 3
        for start in range(0, len(signatories), per_row):
            chunk = list(signatories[start:start + per_row])
            n = len(chunk)
            col = self.width / per_row
            rows = [[Paragraph(s.heading, sign) for s in chunk], [""] * n,
                    [Paragraph(f"<u>{s.name}</u>", styles()["sign_name"]) if s.name
                     else Paragraph("(" + "." * 36 + ")", sign) for s in chunk],
                    [Paragraph(s.caption, sign) for s in chunk]]
            table = Table(rows, colWidths=[col] * n, rowHeights=[None, 17 * mm, None, None], hAlign="CENTER")
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SANS, 9.5), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
            out += [Spacer(1, 4 * mm), table]
        return out


# ----------------------------------------------------------------------------------------------- coaching history


@dataclass(frozen=True, slots=True)
class CoachingHistoryReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    coop_key: str
    coop_name: str
    identity: tuple[tuple[str, str], ...]
    officials: tuple[tuple[str, str, str], ...]              # role, name, phone
    rats: tuple[tuple[str, str, str, str], ...]              # year, held on, status, source
    health: tuple[tuple[str, str, str, str, str], ...]       # year, method, score, predicate, status
    visits: tuple[tuple[str, str, str, str], ...]            # date, kind, officers, summary
    problems: tuple[tuple[str, str, str, str], ...]          # date, category, description, severity
    recommendations: tuple[tuple[str, str, str, str, str, str], ...]   # visit date, text, pic, due, status, history
    open_count: int
    overdue_count: int


def build_coaching_history(ws: Workspace, coop_key: str, *, today: dt.date | None = None,
                           now: dt.datetime | None = None) -> CoachingHistoryReport:
    now = now or dt.datetime.now()
    today = today or now.date()
    c = dinas.get_cooperative(ws, coop_key)
    lh = letterhead(ws)
    identity = (("Kode registrasi", c.key), ("Nama koperasi", c.name),
                ("Jenis koperasi", COOP_TYPES.get(c.coop_type, c.coop_type)), ("Nomor badan hukum", _legal(c)),
                ("NIK koperasi", (c.nik_koperasi or "-") + (f" (berlaku s.d. {fmt.date_long(c.nik_expiry)})"
                                                            if c.nik_expiry else "")),
                ("Alamat", _coop_address(c)), ("Anggota", f"{fmt.number(c.members)} orang "
                                                          f"({fmt.number(c.members_male)} L, "
                                                          f"{fmt.number(c.members_female)} P)"),
                ("Status", c.status.label),
                ("RAT terakhir", fmt.date_long(c.last_rat_date) if c.last_rat_date else "Belum ada"),
                ("Predikat kesehatan terakhir", f"{c.last_predicate} ({c.last_predicate_year})"
                 if c.last_predicate else "Belum dinilai"))
    officials = tuple((OFFICIAL_ROLES.get(o.role, o.role), o.name, o.phone or "-") for o in c.officials)
    rats = tuple((str(r.year), _d(r.held_on), rat_status(r.year, r.held_on, today).label,
                  "Paket koperasi" if r.source == "paket" else "Input petugas")
                 for r in sorted(dinas.rat_history(ws, coop_key), key=lambda r: r.year))
    health = tuple((str(h.year), "Perdep 06/2016" if h.method.value == "perdep06_2016" else "Permen 14/2009",
                    fmt.percent(h.total, 2).replace("%", "") if h.total is not None else "-", h.predicate or "-",
                    "Final" if h.final else "Draf")
                   for h in sorted(health_svc.history(ws, coop_key=coop_key), key=lambda h: h.year))
    visits = sorted(dinas.list_visits(ws, coop_key=coop_key), key=lambda v: (v.visited_on, v.id))
    visit_rows = tuple((fmt.date_short(v.visited_on), v.kind.label, ", ".join(o.name for o in v.officers) or "-",
                        f"{len(v.problems)} temuan, {len(v.recommendations)} rekomendasi"
                        + (f". {v.observations}" if v.observations else "")) for v in visits)
    problems = tuple((fmt.date_short(v.visited_on), PROBLEM_CATEGORIES.get(p.category, p.category), p.description,
                      p.severity.label) for v in visits for p in v.problems)
    recs = [(v, r) for v in visits for r in v.recommendations]
    rec_rows = tuple((fmt.date_short(v.visited_on), r.text, r.pic or "-", _d(r.due_on),
                      r.status.label + (" (lewat batas)" if r.overdue(today) else ""), _history_text(r))
                     for v, r in recs)
    return CoachingHistoryReport(
        lh, now, c.key, c.name, identity, officials, rats, health, visit_rows, problems, rec_rows,
        sum(1 for _v, r in recs if r.status.open), sum(1 for _v, r in recs if r.overdue(today)))


class CoachingHistoryRenderer(Renderer):
    report: CoachingHistoryReport

    def document_title(self) -> str:
        return f"Riwayat Pembinaan {self.report.coop_name}"

    def story(self) -> list[Flowable]:
        r = self.report
        w = self.width
        out: list[Flowable] = [*self.kop_surat(), *self.title_block("Riwayat Pembinaan Koperasi", r.coop_name),
                               self.info_block(r.identity, 52 * mm), Spacer(1, 3 * mm)]
        cell = self._cell
        if r.officials:
            out += [heading("Pengurus, pengawas dan pengelola"), Spacer(1, 1 * mm),
                    self.table(("Jabatan", "Nama", "Telepon"), [Row(x) for x in r.officials],
                               [34 * mm, w - 34 * mm - 45 * mm, 45 * mm]), Spacer(1, 3 * mm)]
        out += [heading("Riwayat RAT"), Spacer(1, 1 * mm)]
        rows = [Row(x) for x in r.rats] or [Row(("", "Belum ada RAT yang tercatat.", "", ""))]
        out += [self.table(("Tahun buku", "Tanggal RAT", "Keterangan", "Sumber"), rows,
                           [24 * mm, 30 * mm, w - 24 * mm - 30 * mm - 40 * mm, 40 * mm]), Spacer(1, 3 * mm)]
        out += [heading("Riwayat penilaian kesehatan"), Spacer(1, 1 * mm)]
        rows = [Row(x) for x in r.health] or [Row(("", "Belum pernah dinilai.", "", "", ""))]
        out += [self.table(("Tahun buku", "Metode", "Skor", "Predikat", "Status"), rows,
                           [24 * mm, 40 * mm, 20 * mm, w - 24 * mm - 40 * mm - 20 * mm - 22 * mm, 22 * mm],
                           numeric=(2,)), Spacer(1, 3 * mm)]
        out += [heading("Kunjungan pembinaan"), Spacer(1, 1 * mm)]
        kind, who = 38 * mm, 42 * mm
        summary_w = w - 20 * mm - kind - who
        rows = [Row((d, k, cell(o, who), cell(s, summary_w))) for d, k, o, s in r.visits] or \
            [Row(("", "Belum pernah dikunjungi.", "", ""))]
        out += [self.table(("Tanggal", "Jenis kunjungan", "Petugas", "Ringkasan"), rows,
                           [20 * mm, kind, who, summary_w]), Spacer(1, 3 * mm)]
        out += [heading("Temuan (permasalahan)"), Spacer(1, 1 * mm)]
        desc_w = w - 20 * mm - 34 * mm - 18 * mm
        rows = [Row((d, c, cell(t, desc_w), s)) for d, c, t, s in r.problems] or \
            [Row(("", "-", "Tidak ada temuan.", ""))]
        out += [self.table(("Tanggal", "Kategori", "Uraian", "Tingkat"), rows, [20 * mm, 34 * mm, desc_w, 18 * mm]),
                Spacer(1, 3 * mm)]
        out += [heading("Rekomendasi dan tindak lanjut"), Spacer(1, 1 * mm),
                para(f"Masih terbuka: {r.open_count} rekomendasi, di antaranya {r.overdue_count} lewat batas waktu.",
                     "label"), Spacer(1, 1 * mm)]
        text_w = hist_w = (w - 20 * mm - 28 * mm - 20 * mm - 26 * mm) * 0.5
        rows = [Row((d, cell(t, text_w), cell(p, 28 * mm), due, cell(s, 26 * mm), cell(h, hist_w)))
                for d, t, p, due, s, h in r.recommendations] or [Row(("", "Tidak ada rekomendasi.", "", "", "", ""))]
        out.append(self.table(("Kunjungan", "Rekomendasi", "Penanggung jawab", "Batas", "Status",
                               "Riwayat tindak lanjut"), rows, [20 * mm, text_w, 28 * mm, 20 * mm, 26 * mm, hist_w]))
        return out

    def _cell(self, text: str, width: float):
        from kopdesk.reports.base import cell_text

        return cell_text(text, width)


# ----------------------------------------------------------------------------------------------- lists


@dataclass(frozen=True, slots=True)
class OfficerLine:
    name: str
    nip: str
    position: str
    visits: int
    cooperatives: int
    by_kind: str                                  # "Pembinaan kelembagaan 3, Pendampingan RAT 1"
    detail: tuple[tuple[str, str, str], ...]      # date, cooperative, kind


@dataclass(frozen=True, slots=True)
class VisitsPerOfficerReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    date_from: dt.date
    date_to: dt.date
    lines: tuple[OfficerLine, ...]
    total_visits: int                             # distinct visits in the period (a joint visit counts once)
    total_cooperatives: int


def build_visits_per_officer(ws: Workspace, date_from: dt.date, date_to: dt.date, *,
                             now: dt.datetime | None = None) -> VisitsPerOfficerReport:
    visits = sorted(dinas.list_visits(ws, date_from=date_from, date_to=date_to), key=lambda v: (v.visited_on, v.id))
    officers = {o.id: o for o in dinas.list_officers(ws, active_only=False)}
    for v in visits:
        for o in v.officers:
            officers.setdefault(o.id, o)
    lines = []
    for o in sorted(officers.values(), key=lambda o: o.name):
        mine = [v for v in visits if any(x.id == o.id for x in v.officers)]
        if not mine and not o.active:
            continue
        kinds: dict[str, int] = {}
        for v in mine:
            kinds[v.kind.label] = kinds.get(v.kind.label, 0) + 1
        lines.append(OfficerLine(o.name, o.nip or "-", o.position or "-", len(mine), len({v.coop_key for v in mine}),
                                 ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: -x[1])) or "-",
                                 tuple((fmt.date_short(v.visited_on), v.coop_name, v.kind.label) for v in mine)))
    lines.sort(key=lambda x: (-x.visits, x.name))
    return VisitsPerOfficerReport(letterhead(ws), now or dt.datetime.now(), date_from, date_to, tuple(lines),
                                  len(visits), len({v.coop_key for v in visits}))


class VisitsPerOfficerRenderer(Renderer):
    report: VisitsPerOfficerReport

    def document_title(self) -> str:
        r = self.report
        return f"Kunjungan Pembinaan per Petugas {fmt.date_short(r.date_from)} s.d. {fmt.date_short(r.date_to)}"

    def story(self) -> list[Flowable]:
        r = self.report
        w = self.width
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Rekapitulasi Kunjungan Pembinaan per Petugas",
            f"Periode {fmt.date_long(r.date_from)} s.d. {fmt.date_long(r.date_to)}")]
        out += [para(f"Jumlah kunjungan dalam periode: {fmt.number(r.total_visits)} kunjungan ke "
                     f"{fmt.number(r.total_cooperatives)} koperasi (kunjungan bersama dihitung sekali).", "label"),
                Spacer(1, 2 * mm)]
        no, n1, n2 = 9 * mm, 20 * mm, 20 * mm
        name_w, nip_w = 48 * mm, 36 * mm
        kind_w = w - no - name_w - nip_w - n1 - n2
        rows = [Row((str(i), self._cell(x.name + (f"\n{x.position}" if x.position != "-" else ""), name_w), x.nip,
                     fmt.number(x.visits), fmt.number(x.cooperatives), self._cell(x.by_kind, kind_w)))
                for i, x in enumerate(r.lines, 1)] or [Row(("", "Belum ada petugas.", "", "", "", ""))]
        out += [self.table(("No.", "Petugas", "NIP", "Kunjungan", "Koperasi", "Jenis kunjungan"), rows,
                           [no, name_w, nip_w, n1, n2, kind_w], numeric=(0, 3, 4)), Spacer(1, 4 * mm)]
        for x in r.lines:
            if not x.detail:
                continue
            rows = [Row((d, self._cell(c, w - 22 * mm - 50 * mm), k)) for d, c, k in x.detail]
            out += [heading(f"{x.name} ({fmt.number(x.visits)} kunjungan)"), Spacer(1, 1 * mm),
                    self.table(("Tanggal", "Koperasi", "Jenis kunjungan"), rows, [22 * mm, w - 22 * mm - 50 * mm,
                                                                                 50 * mm]), Spacer(1, 3 * mm)]
        out += self.signatures((Signatory("Kepala Bidang,", ""),))
        return out

    def _cell(self, text: str, width: float):
        from kopdesk.reports.base import cell_text

        if "\n" in text:
            return para(text.replace("\n", " – "), "cell")
        return cell_text(text, width)


@dataclass(frozen=True, slots=True)
class InactiveListReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    today: dt.date
    threshold_years: int
    cutoff: dt.date
    inactive: tuple[tuple[str, str, str, str, str, str], ...]   # key, name, kecamatan, status, last RAT, missed
    warnings: tuple[tuple[str, str, str, str, str, str], ...]
    total: int


def _missed(n: int | None) -> str:
    return "belum pernah RAT" if n is None else f"{n} kali"


def build_inactive(ws: Workspace, today: dt.date, *, now: dt.datetime | None = None) -> InactiveListReport:
    rep = dinas.inactive_cooperatives(ws, today)

    def row(x) -> tuple[str, str, str, str, str, str]:
        return (x.coop.key, x.coop.name, x.coop.kecamatan or "-", x.coop.status.label,
                fmt.date_short(x.last_rat) if x.last_rat else "Tidak ada", _missed(x.missed))

    return InactiveListReport(letterhead(ws), now or dt.datetime.now(), today, rep.threshold_years, rep.cutoff,
                              tuple(row(x) for x in rep.inactive), tuple(row(x) for x in rep.warnings),
                              len(dinas.list_cooperatives(ws)))


class InactiveRenderer(Renderer):
    report: InactiveListReport

    def document_title(self) -> str:
        return f"Daftar Koperasi Tidak Aktif per {fmt.date_long(self.report.today)}"

    def story(self) -> list[Flowable]:
        r = self.report
        w = self.width
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Daftar Koperasi Tidak Aktif", f"Keadaan per {fmt.date_long(r.today)}")]
        out += [para(f"Koperasi dinyatakan tidak aktif bila tidak mengadakan RAT dalam {r.threshold_years} tahun "
                     f"terakhir (RAT terakhir pada atau sebelum {fmt.date_long(r.cutoff)}). Tidak aktif: "
                     f"{fmt.number(len(r.inactive))} dari {fmt.number(r.total)} koperasi binaan; peringatan "
                     f"(sudah melewatkan RAT, belum tidak aktif): {fmt.number(len(r.warnings))} koperasi.", "label"),
                Spacer(1, 2 * mm)]
        key_w, kec_w, st_w, rat_w, miss_w = 20 * mm, 32 * mm, 20 * mm, 22 * mm, 28 * mm
        name_w = w - 9 * mm - key_w - kec_w - st_w - rat_w - miss_w
        widths = [9 * mm, key_w, name_w, kec_w, st_w, rat_w, miss_w]
        header = ("No.", "Kode", "Nama koperasi", "Kecamatan", "Status", "RAT terakhir", "RAT terlewat")

        def rows(items):
            return [Row((str(i), k, self._cell(n, name_w), kec, st, rat, miss))
                    for i, (k, n, kec, st, rat, miss) in enumerate(items, 1)]

        out += [heading("Koperasi tidak aktif"), Spacer(1, 1 * mm),
                self.table(header, rows(r.inactive) or [Row(("", "", "Tidak ada.", "", "", "", ""))], widths,
                           numeric=(0,)), Spacer(1, 4 * mm),
                heading("Peringatan: sudah melewatkan RAT"), Spacer(1, 1 * mm)]
        out += self.closing(self.table(header, rows(r.warnings) or [Row(("", "", "Tidak ada.", "", "", "", ""))],
                                       widths, numeric=(0,),
                                       keep_with=self.signatures((Signatory("Kepala Bidang,", ""),), r.today)))
        return out

    def _cell(self, text: str, width: float):
        from kopdesk.reports.base import cell_text

        return cell_text(text, width)


@dataclass(frozen=True, slots=True)
class FollowUpStatusReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    today: dt.date
    counts: tuple[tuple[str, int], ...]           # status label -> number of recommendations
    overdue: int
    rows: tuple[tuple[str, str, str, str, str, str, str], ...]  # coop, visit date, text, pic, due, status, last step
    total: int


def build_follow_up_status(ws: Workspace, today: dt.date, *, now: dt.datetime | None = None) -> FollowUpStatusReport:
    recs = dinas.list_recommendations(ws)
    recs = sorted(recs, key=lambda r: (not r.overdue(today), not r.status.open, r.coop_name,
                                       r.visited_on or dt.date.min, r.seq))
    counts = tuple((st.label, sum(1 for r in recs if r.status == st)) for st in FollowUpStatus)

    def last(r: Recommendation) -> str:
        if not r.history:
            return "Belum ada tindak lanjut"
        f = r.history[-1]
        return f"{fmt.date_short(f.on)}: {f.note or f.status.label}" + (f" (bukti: {f.evidence})" if f.evidence else "")

    rows = tuple((r.coop_name, _d(r.visited_on), r.text, r.pic or "-", _d(r.due_on),
                  r.status.label + (f", lewat {r.days_overdue(today)} hari" if r.overdue(today) else ""), last(r))
                 for r in recs)
    return FollowUpStatusReport(letterhead(ws), now or dt.datetime.now(), today, counts,
                                sum(1 for r in recs if r.overdue(today)), rows, len(recs))


class FollowUpStatusRenderer(Renderer):
    report: FollowUpStatusReport

    def document_title(self) -> str:
        return f"Status Tindak Lanjut Rekomendasi per {fmt.date_long(self.report.today)}"

    def story(self) -> list[Flowable]:
        r = self.report
        w = self.width
        out: list[Flowable] = [*self.kop_surat(), *self.title_block(
            "Status Tindak Lanjut Rekomendasi Pembinaan", f"Keadaan per {fmt.date_long(r.today)}")]
        summary = "; ".join(f"{label}: {fmt.number(n)}" for label, n in r.counts)
        out += [para(f"Jumlah rekomendasi {fmt.number(r.total)} ({summary}). Lewat batas waktu dan belum selesai: "
                     f"{fmt.number(r.overdue)}.", "label"), Spacer(1, 2 * mm)]
        coop_w, d_w, pic_w, st_w = 36 * mm, 21 * mm, 26 * mm, 26 * mm
        rest = w - 9 * mm - coop_w - 2 * d_w - pic_w - st_w
        text_w, last_w = rest * 0.55, rest * 0.45
        c = self._cell
        rows = [Row((str(i), c(co, coop_w), vd, c(t, text_w), c(p, pic_w), due, c(st, st_w), c(ls, last_w)))
                for i, (co, vd, t, p, due, st, ls) in enumerate(r.rows, 1)] or \
            [Row(("", "Belum ada rekomendasi.", "", "", "", "", "", ""))]
        out += self.closing(self.table(
            ("No.", "Koperasi", "Kunjungan", "Rekomendasi", "Penanggung jawab", "Batas", "Status",
             "Tindak lanjut terakhir"), rows, [9 * mm, coop_w, d_w, text_w, pic_w, d_w, st_w, last_w], numeric=(0,),
            keep_with=self.signatures((Signatory("Kepala Bidang,", ""),), r.today)))
        return out

    def _cell(self, text: str, width: float):
        from kopdesk.reports.base import cell_text

        return cell_text(text, width)


# ----------------------------------------------------------------------------------------------- output


def paper_of(ws: Workspace, paper: str | None) -> str:
    return paper or profile.get_app_settings(ws).paper


def _render(renderer_cls: type[Renderer], report, out: Target, paper: str, orientation: str = "portrait"):
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    renderer_cls(report, PageSetup(paper, orientation)).render(out)
    return out


def visit_report_pdf(ws: Workspace, visit_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    """Berita acara kunjungan pembinaan of one visit."""
    return _render(VisitRenderer, build_visit_report(ws, visit_id), out, paper_of(ws, paper))


def coaching_history_pdf(ws: Workspace, coop_key: str, out: Target, paper: str | None = None,
                         today: dt.date | None = None) -> Path | BinaryIO:
    """One cooperative's coaching history."""
    return _render(CoachingHistoryRenderer, build_coaching_history(ws, coop_key, today=today), out,
                   paper_of(ws, paper))


def visits_per_officer_pdf(ws: Workspace, date_from: dt.date, date_to: dt.date, out: Target,
                          paper: str | None = None) -> Path | BinaryIO:
    """How many visits each officer made in the period, with the list of each officer's visits."""
    return _render(VisitsPerOfficerRenderer, build_visits_per_officer(ws, date_from, date_to), out,
                   paper_of(ws, paper))


def inactive_pdf(ws: Workspace, today: dt.date, out: Target, paper: str | None = None) -> Path | BinaryIO:
    """The inactive cooperatives (spec §8.4, threshold from the settings) and the one-missed-RAT warnings."""
    return _render(InactiveRenderer, build_inactive(ws, today), out, paper_of(ws, paper))


def follow_up_status_pdf(ws: Workspace, today: dt.date, out: Target, paper: str | None = None) -> Path | BinaryIO:
    """Every recommendation with its follow-up status, overdue ones first (landscape)."""
    return _render(FollowUpStatusRenderer, build_follow_up_status(ws, today), out, paper_of(ws, paper), "landscape")


__all__ = ["CoachingHistoryReport", "FollowUpStatusReport", "InactiveListReport", "VisitReport",
           "VisitsPerOfficerReport", "build_coaching_history", "build_follow_up_status", "build_inactive",
           "build_visit_report", "build_visits_per_officer", "coaching_history_pdf", "follow_up_status_pdf",
           "inactive_pdf", "visit_report_pdf", "visits_per_officer_pdf"]
