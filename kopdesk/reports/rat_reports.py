"""The documents of a members' meeting (spec §3.4-3.6): the numbered invitation letter with the agenda, the
attendance list (daftar hadir: blank with a signature column before the meeting, or the recorded attendance), the
minutes (notulen) and the berita acara, signed by the chair, the notulis and the witnesses.

``build_*`` reads the meeting from ``services.rat`` into a frozen snapshot; the renderers lay it out. Each renderer
has ``body()`` (without the kop surat) so the RAT report book (``reports.rat_book``) prints the same pages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kopdesk import fmt
from kopdesk.domain.coop import AdArt
from kopdesk.domain.rat import (
    DECISION_KINDS,
    AttendanceMode,
    Attendee,
    Decision,
    Meeting,
    MeetingKind,
    MeetingMode,
    Quorum,
)
from kopdesk.reports.base import PageSetup, Renderer, Target, column_width, para, styles
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.member_list import wrapped
from kopdesk.reports.tables import Row
from kopdesk.services import profile
from kopdesk.services.workspace import Workspace

# ----------------------------------------------------------------------------------------------- helpers


def kind_label(kind) -> str:
    try:
        return MeetingKind(kind).label
    except ValueError:
        return str(kind)


def mode_label(mode) -> str:
    try:
        return MeetingMode(mode).label
    except ValueError:
        return str(mode)


def meeting_title(m: Meeting) -> str:
    """"Rapat Anggota Tahunan Tahun Buku 2025" (or the meeting's own title)."""
    if m.title:
        return m.title
    label = kind_label(m.kind)
    return f"{label} Tahun Buku {m.year}" if m.year else label


def day_and_date(d: dt.date) -> str:
    """"Sabtu, 28 Maret 2026"."""
    return f"{fmt.day_name(d)}, {fmt.date_long(d)}"


def time_text(start: str | None, end: str | None) -> str:
    if not start:
        return "...................."
    start = start.replace(":", ".")
    return f"Pukul {start} s.d. {end.replace(':', '.') if end else 'selesai'}"


def place_text(m: Meeting) -> str:
    parts = [m.place] if m.place else []
    if m.online_link and MeetingMode(m.mode) != MeetingMode.LURING:
        parts.append(f"daring melalui {m.online_link}")
    return "; ".join(parts) or "...................."


def attendance_text(a: Attendee) -> str:
    mode = AttendanceMode(a.mode)
    if mode == AttendanceMode.KUASA:
        return f"Kuasa kepada {a.proxy_name}" if a.proxy_name else "Kuasa"
    return mode.label


def quorum_lines(q: Quorum) -> list[tuple[str, str]]:
    needed = q.required or q.needed
    return [
        ("Anggota terdaftar", f"{q.registered} orang"),
        ("Hadir", f"{q.present} orang (langsung {q.in_person}, dengan kuasa {q.by_proxy}, daring {q.online})"),
        ("Ketentuan kuorum", q.rule_text + (" (rapat yang ditunda)" if q.postponed else "")),
        ("Kuorum", f"{'tercapai' if q.reached else 'TIDAK tercapai'}: {q.present} hadir, diperlukan "
                   f"{needed} orang"),
    ]


def _paper(ws: Workspace, paper: str | None) -> str:
    return paper or profile.get_app_settings(ws).paper


def write_pdf(renderer: Renderer, out: Target) -> Path | BinaryIO:
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
    renderer.render(out)
    return out


def _rat():
    from kopdesk.services import rat

    return rat


# ----------------------------------------------------------------------------------------------- snapshots


@dataclass(frozen=True, slots=True)
class InvitationReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    meeting: Meeting | None                  # None: the book before the meeting is planned (blanks to fill)
    title: str                               # "Rapat Anggota Tahunan Tahun Buku 2025"
    agenda: tuple[str, ...]
    proxies_allowed: bool
    signatories: tuple[Signatory, ...]       # Ketua, Sekretaris


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    number: str
    name: str
    gender: str
    attendance: str                          # "" on a blank list


@dataclass(frozen=True, slots=True)
class AttendanceReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    meeting: Meeting | None
    title: str
    blank: bool
    lines: tuple[AttendanceLine, ...]
    quorum: Quorum | None                    # the recorded list's summary
    signatories: tuple[Signatory, ...]


@dataclass(frozen=True, slots=True)
class MinutesReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    meeting: Meeting
    title: str
    identity: tuple[tuple[str, str], ...]    # coop name, legal entity, NIK koperasi
    quorum: Quorum
    decisions: tuple[Decision, ...]
    signatories: tuple[Signatory, ...]       # chair, notulis, witnesses


# ----------------------------------------------------------------------------------------------- build


def officials_signatories(lh: Letterhead, *roles: str) -> tuple[Signatory, ...]:
    return tuple(Signatory(role, lh.official_name(role)) for role in roles)


def meeting_signatories(m: Meeting) -> tuple[Signatory, ...]:
    out = [Signatory("Pimpinan Rapat,", m.chair), Signatory("Notulis,", m.notulis)]
    out += [Signatory(f"Saksi {i},", w) for i, w in enumerate(m.witnesses, start=1)]
    return tuple(out)


def build_invitation(ws: Workspace, meeting_id: int | None, *, year: int | None = None,
                     now: dt.datetime | None = None) -> InvitationReport:
    """The invitation of a meeting; ``meeting_id`` None: the RAT of ``year`` not yet planned (default agenda)."""
    from kopdesk.domain.rat import DEFAULT_AGENDA

    lh = letterhead(ws)
    adart: AdArt = profile.get_adart(ws)
    if meeting_id is None:
        m, title, agenda = None, f"Rapat Anggota Tahunan Tahun Buku {year}", DEFAULT_AGENDA
    else:
        m = _rat().get_meeting(ws, meeting_id)
        title = meeting_title(m)
        agenda = tuple(a.title for a in sorted(m.agenda, key=lambda a: a.seq)) or DEFAULT_AGENDA
    return InvitationReport(lh, now or dt.datetime.now(), m, title, tuple(agenda), adart.proxies_allowed,
                            (Signatory("Ketua,", lh.official_name("Ketua")),
                             Signatory("Sekretaris,", lh.official_name("Sekretaris"))))


def build_attendance_list(ws: Workspace, meeting_id: int | None, *, blank: bool = True, year: int | None = None,
                          now: dt.datetime | None = None) -> AttendanceReport:
    """Blank: every member on the meeting day (or at printing) with a signature column; else the recorded
    attendance with the quorum."""
    from kopdesk.services import rat_book

    lh = letterhead(ws)
    now = now or dt.datetime.now()
    m = _rat().get_meeting(ws, meeting_id) if meeting_id is not None else None
    title = meeting_title(m) if m else f"Rapat Anggota Tahunan Tahun Buku {year}"
    quorum = None
    if blank:
        on = m.held_on if m else now.date()
        lines = tuple(AttendanceLine(x.number, x.full_name, x.gender, "")
                      for x in rat_book.members_on(ws, on))
    else:
        if m is None:
            raise ValueError("a recorded attendance list needs a meeting")
        rows = _rat().attendance(ws, m.id)
        rows = sorted(rows, key=lambda a: (len(a.member_number), a.member_number))
        lines = tuple(AttendanceLine(a.member_number, a.name, a.gender, attendance_text(a)) for a in rows)
        quorum = _rat().quorum(ws, m.id)
    signatories = ((Signatory("Pimpinan Rapat,", m.chair), Signatory("Notulis,", m.notulis)) if m and not blank
                   else (Signatory("Sekretaris,", lh.official_name("Sekretaris")),))
    return AttendanceReport(lh, now, m, title, blank, lines, quorum, signatories)


def build_minutes(ws: Workspace, meeting_id: int, *, now: dt.datetime | None = None) -> MinutesReport:
    rat = _rat()
    m = rat.get_meeting(ws, meeting_id)
    lh = letterhead(ws)
    p = profile.get_profile(ws)
    identity = [("Nama koperasi", lh.name)]
    if lh.legal_line:
        identity.append(("Badan hukum", lh.legal_line.removeprefix("Badan Hukum ")))
    if p.nik_koperasi:
        identity.append(("NIK koperasi", p.nik_koperasi))
    return MinutesReport(lh, now or dt.datetime.now(), m, meeting_title(m), tuple(identity), rat.quorum(ws, m.id),
                         tuple(rat.decisions(ws, m.id)), meeting_signatories(m))


# ----------------------------------------------------------------------------------------------- render


def numbered(items, style: str = "label", indent: float = 7 * mm, width: float | None = None) -> Table:
    """A numbered list whose wrapped lines stay indented."""
    rows = [[para(f"{i}.", style), para(text, style)] for i, text in enumerate(items, start=1)]
    table = Table(rows, colWidths=[indent, (width - indent) if width else None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6)]))
    return table


def paragraphs(text: str, style: str | ParagraphStyle = "body") -> list[Flowable]:
    """Plain text with blank lines between paragraphs; single line breaks are kept."""
    style = styles()[style] if isinstance(style, str) else style
    out: list[Flowable] = []
    for block in text.strip().split("\n\n"):
        if block.strip():
            out += [Paragraph(escape(block.strip()).replace("\n", "<br/>"), style), Spacer(1, 2.2 * mm)]
    return out


def heading(text: str) -> Paragraph:
    return Paragraph(f"<b>{escape(text)}</b>", styles()["body"])


class InvitationRenderer(Renderer):
    report: InvitationReport

    def document_title(self) -> str:
        return f"Undangan {self.report.title}"

    def story(self) -> list[Flowable]:
        return [*self.kop_surat(), *self.body()]

    def _undated(self, signatories) -> list[Flowable]:
        """Signatures under "<city>, ........" when the letter has no date yet."""
        out = self.signatures(signatories, dt.date(2000, 1, 1))
        table = out[1]
        table._cellvalues[0][-1] = Paragraph(escape(f"{self.letterhead.city}, " + "." * 30), styles()["sign"])
        return out

    def body(self) -> list[Flowable]:
        r, m = self.report, self.report.meeting
        dots = "...................."
        on = m.invitation_date if m else None
        top = self.info_block([("Nomor", m.invitation_number if m else dots), ("Lampiran", "1 (satu) berkas"),
                               ("Perihal", f"Undangan {r.title}")], 20 * mm)
        out: list[Flowable] = [top, Spacer(1, 4 * mm),
                               para("Kepada Yth.", "label"),
                               para(f"Seluruh Anggota {self.letterhead.name}", "label"),
                               para("di tempat", "label"), Spacer(1, 3 * mm),
                               para("Dengan hormat,", "label"), Spacer(1, 2 * mm)]
        out += paragraphs(
            f"Berdasarkan Anggaran Dasar/Anggaran Rumah Tangga koperasi dan Undang-Undang Nomor 25 Tahun 1992 tentang "
            f"Perkoperasian, dengan ini pengurus mengundang Saudara/Saudari untuk hadir dalam {r.title} yang akan "
            f"diselenggarakan pada:")
        when = [("Hari, tanggal", day_and_date(m.held_on) if m else dots),
                ("Waktu", time_text(m.start_time, None) if m else dots),
                ("Tempat", place_text(m) if m else dots)]
        if m:
            when.append(("Bentuk rapat", mode_label(m.mode)))
        out += [self.info_block(when, 30 * mm), Spacer(1, 3 * mm), para("dengan acara:", "label"),
                Spacer(1, 1.5 * mm), numbered(r.agenda, width=self.width), Spacer(1, 3 * mm)]
        closing = ("Mengingat pentingnya acara tersebut, kami harapkan Saudara/Saudari hadir tepat waktu dengan "
                   "membawa buku laporan RAT yang terlampir.")
        if r.proxies_allowed:
            closing += (" Anggota yang berhalangan hadir dapat memberikan kuasa tertulis kepada anggota lain; "
                        "seorang anggota hanya dapat mewakili satu anggota.")
        out += paragraphs(closing)
        # the last paragraph, the signing line and the signatures stay together: a signature never stands alone
        out.append(KeepTogether([
            *paragraphs("Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran Saudara/Saudari kami "
                        "ucapkan terima kasih."),
            para(f"Pengurus {self.letterhead.name}", "sign"), Spacer(1, 2 * mm),
            *(self.signatures(r.signatories, on) if on else self._undated(r.signatories))[1:]]))  # no 8 mm gap
        return out


class AttendanceRenderer(Renderer):
    report: AttendanceReport

    def document_title(self) -> str:
        return f"Daftar Hadir {self.report.title}"

    def story(self) -> list[Flowable]:
        return [*self.kop_surat(), *self.body()]

    def body(self, titled: bool = True) -> list[Flowable]:
        r, m = self.report, self.report.meeting
        dots = "...................."
        out: list[Flowable] = (self.title_block("Daftar Hadir Anggota", r.title) if titled
                               else [para(r.title, "subtitle"), Spacer(1, 3 * mm)])
        info = [("Hari, tanggal", day_and_date(m.held_on) if m else dots),
                ("Tempat", place_text(m) if m else dots)]
        if r.blank:
            info.append(("Anggota terdaftar", f"{len(r.lines)} orang"))
        out += [self.info_block(info, 32 * mm), Spacer(1, 3 * mm)]
        n = len(r.lines)
        no_w = column_width([str(n)], 9 * mm, bold=False)
        num_w = column_width([x.number for x in r.lines], 18 * mm, bold=False)
        if r.blank:
            sign_w = 44 * mm
            widths = [no_w, num_w, 0.0, 9 * mm, sign_w]
            widths[2] = self.width - sum(widths)
            rows = [Row((str(i), x.number, wrapped(x.name, widths[2]), x.gender, f"{i}. " + "." * 14),
                        (("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, 0), (-1, 0), 6),
                         ("LEFTPADDING", (4, 0), (4, 0), 3 if i % 2 else sign_w / 2 - 4)))
                    for i, x in enumerate(r.lines, start=1)]
            if not rows:
                rows.append(Row(("", "", "Tidak ada anggota terdaftar.", "", "")))
            table = self.table(("No.", "Nomor Anggota", "Nama", "L/P", "Tanda tangan"), rows, widths, numeric=(0,),
                               keep_with=self.signatures(r.signatories, m.held_on if m else None))
            return out + self.closing(table)
        att_w = column_width([x.attendance for x in r.lines] + ["Kehadiran"], 24 * mm, bold=False)
        widths = [no_w, num_w, 0.0, 9 * mm, att_w, 26 * mm]
        widths[2] = self.width - sum(widths)
        rows = [Row((str(i), x.number, wrapped(x.name, widths[2]), x.gender, wrapped(x.attendance, att_w), ""))
                for i, x in enumerate(r.lines, start=1)]
        if not rows:
            rows.append(Row(("", "", "Belum ada kehadiran yang dicatat.", "", "", "")))
        after: list[Flowable] = []
        if r.quorum is not None:
            after += [Spacer(1, 3 * mm), self.info_block(quorum_lines(r.quorum), 32 * mm)]
        after += self.signatures(r.signatories, m.held_on if m else None)
        table = self.table(("No.", "Nomor Anggota", "Nama", "L/P", "Kehadiran", "Paraf"), rows, widths,
                           numeric=(0,), keep_with=after)
        return out + self.closing(table)


class MinutesRenderer(Renderer):
    """Notulen rapat (spec §3.6): header, attendance and quorum, officials, agenda, proceedings per item with the
    questions and answers, the numbered decisions, closing and signatures."""

    report: MinutesReport

    def document_title(self) -> str:
        return f"Notulen {self.report.title}"

    def story(self) -> list[Flowable]:
        return [*self.kop_surat(), *self.body()]

    def body(self, titled: bool = True) -> list[Flowable]:
        r, m = self.report, self.report.meeting
        out: list[Flowable] = (self.title_block("Notulen Rapat", r.title) if titled
                               else [para(r.title, "subtitle"), Spacer(1, 3 * mm)])
        info = [*r.identity, ("Jenis rapat", r.title), ("Hari, tanggal", day_and_date(m.held_on)),
                ("Waktu", time_text(m.start_time, m.end_time)), ("Tempat", place_text(m)),
                ("Bentuk rapat", mode_label(m.mode))]
        out += [self.info_block(info, 34 * mm), Spacer(1, 3 * mm), heading("I. Kehadiran"), Spacer(1, 1 * mm),
                self.info_block(quorum_lines(r.quorum), 34 * mm)]
        if m.guests:
            out += [Spacer(1, 1 * mm), self.info_block([("Undangan", "; ".join(m.guests))], 34 * mm)]
        officials = [("Pimpinan rapat", m.chair or "-"), ("Notulis", m.notulis or "-")]
        if m.witnesses:
            officials.append(("Saksi", "; ".join(m.witnesses)))
        out += [Spacer(1, 3 * mm), heading("II. Pimpinan rapat"), Spacer(1, 1 * mm),
                self.info_block(officials, 34 * mm), Spacer(1, 3 * mm), heading("III. Acara rapat"),
                Spacer(1, 1 * mm), numbered([a.title for a in sorted(m.agenda, key=lambda a: a.seq)],
                                            width=self.width),
                Spacer(1, 3 * mm), heading("IV. Jalannya rapat"), Spacer(1, 1 * mm)]
        for a in sorted(m.agenda, key=lambda a: a.seq):
            item: list[Flowable] = [Paragraph(f"<b>{a.seq}. {escape(a.title)}</b>", styles()["label"])]
            item += paragraphs(a.notes) if a.notes.strip() else [Spacer(1, 1.5 * mm)]
            out.append(KeepTogether(item))
            if a.questions:
                out += [self._questions(a.questions), Spacer(1, 2.5 * mm)]
        out += [Spacer(1, 2 * mm), heading("V. Keputusan rapat"), Spacer(1, 1 * mm)]
        out += self.decisions(r.decisions)
        out += [Spacer(1, 3 * mm), heading("VI. Penutup"), Spacer(1, 1 * mm)]
        out += paragraphs(
            f"Rapat ditutup oleh pimpinan rapat pada pukul {(m.end_time or '....').replace(':', '.')}. Lampiran: "
            "daftar hadir, laporan pertanggungjawaban pengurus, laporan pengawas, daftar pembagian SHU, rencana "
            "kerja dan RAPB.")
        out.append(KeepTogether(self.signatures(r.signatories, m.held_on)))
        return out

    def _questions(self, questions) -> Flowable:
        widths = [8 * mm, 32 * mm, 0.0, 0.0]
        rest = (self.width - sum(widths)) / 2
        widths[2] = widths[3] = rest
        rows = [Row((str(q.seq), para(q.asker, "cell"), para(q.question, "cell"),
                     para(q.answer + (f" ({q.answered_by})" if q.answered_by else ""), "cell")))
                for q in questions]
        return self.table(("No.", "Penanya", "Pertanyaan", "Jawaban"), rows, widths, numeric=(0,))

    def decisions(self, decisions) -> list[Flowable]:
        if not decisions:
            return [para("Tidak ada keputusan yang dicatat.", "label")]
        out: list[Flowable] = []
        for d in decisions:
            out.append(KeepTogether([
                Paragraph(f"<b>Keputusan No. {escape(d.number)}: {escape(d.title)}</b>", styles()["label"]),
                *paragraphs(d.text or DECISION_KINDS.get(d.kind, "")),
                para(f"Cara pengambilan keputusan: {d.voting_text}. Hasil: "
                     f"{'DITERIMA' if d.accepted else 'DITOLAK'}.", "label"), Spacer(1, 2.5 * mm)]))
        return out


class BeritaAcaraRenderer(MinutesRenderer):
    """Berita acara rapat: the formal record that the meeting was held, with quorum, and what it decided."""

    def document_title(self) -> str:
        return f"Berita Acara {self.report.title}"

    def body(self, titled: bool = True) -> list[Flowable]:
        r, m, q = self.report, self.report.meeting, self.report.quorum
        out: list[Flowable] = (self.title_block("Berita Acara", r.title) if titled
                               else [para(r.title, "subtitle"), Spacer(1, 3 * mm)])
        needed = q.required or q.needed
        out += paragraphs(
            f"Pada hari ini, {day_and_date(m.held_on)}, {time_text(m.start_time, m.end_time).lower()}, bertempat di "
            f"{place_text(m)}, telah diselenggarakan {r.title} {self.letterhead.name}"
            + (f" ({self.letterhead.legal_line})" if self.letterhead.legal_line else "") + ".\n\n"
            f"Rapat dihadiri oleh {q.present} orang dari {q.registered} anggota terdaftar (hadir langsung "
            f"{q.in_person}, dengan kuasa {q.by_proxy}, daring {q.online}). Menurut ketentuan kuorum ({q.rule_text}"
            + ("; rapat yang ditunda" if q.postponed else "") + f") diperlukan {needed} orang, sehingga rapat "
            + ("sah dan berhak mengambil keputusan." if q.reached else "TIDAK memenuhi kuorum.") + "\n\n"
            f"Rapat dipimpin oleh {m.chair or '....'} dengan notulis {m.notulis or '....'}. Setelah membahas acara "
            f"yang telah disahkan, rapat mengambil keputusan sebagai berikut:")
        if r.decisions:
            items = [f"Keputusan No. {d.number}: {d.title}. {d.text.strip()} ({d.voting_text}; "
                     f"{'diterima' if d.accepted else 'ditolak'})".replace(". .", ".") for d in r.decisions]
            out += [numbered(items, width=self.width), Spacer(1, 3 * mm)]
        else:
            out += [para("Tidak ada keputusan yang dicatat.", "label"), Spacer(1, 3 * mm)]
        out += paragraphs("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
                          "mestinya.")
        out.append(KeepTogether(self.signatures(r.signatories, m.held_on)))
        return out


# ----------------------------------------------------------------------------------------------- one call


def invitation_pdf(ws: Workspace, meeting_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return write_pdf(InvitationRenderer(build_invitation(ws, meeting_id), PageSetup(_paper(ws, paper))), out)


def attendance_list_pdf(ws: Workspace, meeting_id: int, out: Target, paper: str | None = None,
                        blank: bool = True) -> Path | BinaryIO:
    report = build_attendance_list(ws, meeting_id, blank=blank)
    return write_pdf(AttendanceRenderer(report, PageSetup(_paper(ws, paper))), out)


def minutes_pdf(ws: Workspace, meeting_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return write_pdf(MinutesRenderer(build_minutes(ws, meeting_id), PageSetup(_paper(ws, paper))), out)


def berita_acara_pdf(ws: Workspace, meeting_id: int, out: Target, paper: str | None = None) -> Path | BinaryIO:
    return write_pdf(BeritaAcaraRenderer(build_minutes(ws, meeting_id), PageSetup(_paper(ws, paper))), out)


def pdf_bytes_of(renderer: Renderer) -> bytes:
    buffer = io.BytesIO()
    renderer.render(buffer)
    return buffer.getvalue()


__all__ = ["AttendanceLine", "AttendanceRenderer", "AttendanceReport", "BeritaAcaraRenderer", "InvitationRenderer",
           "InvitationReport", "MinutesRenderer", "MinutesReport", "attendance_list_pdf", "berita_acara_pdf",
           "build_attendance_list", "build_invitation", "build_minutes", "invitation_pdf", "minutes_pdf",
           "meeting_title", "paragraphs", "numbered", "heading", "quorum_lines"]
