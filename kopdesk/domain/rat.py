"""Members' meetings (RAT, RALB, rapat rencana kerja): quorum, deadlines, numbering, the default agenda and tata
tertib (spec §3). Pure rules: no storage, no formatting beyond the Indonesian texts of the documents."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class MeetingKind(StrEnum):
    RAT = "RAT"
    RALB = "RALB"
    RA_RENCANA_KERJA = "RA_RENCANA_KERJA"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def code(self) -> str:
        """The short code used in document numbers: 01/RAT/2026, 005/UND/RALB/XI/2026."""
        return KIND_CODES[self]


KIND_LABELS = {
    MeetingKind.RAT: "Rapat Anggota Tahunan",
    MeetingKind.RALB: "Rapat Anggota Luar Biasa",
    MeetingKind.RA_RENCANA_KERJA: "Rapat Anggota Rencana Kerja",
}
KIND_CODES = {MeetingKind.RAT: "RAT", MeetingKind.RALB: "RALB", MeetingKind.RA_RENCANA_KERJA: "RARK"}


class MeetingMode(StrEnum):
    LURING = "luring"
    DARING = "daring"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return {"luring": "Luring (tatap muka)", "daring": "Daring (online)",
                "hybrid": "Hybrid (tatap muka dan online)"}[self.value]


class AttendanceMode(StrEnum):
    LANGSUNG = "langsung"
    KUASA = "kuasa"
    DARING = "daring"

    @property
    def label(self) -> str:
        return {"langsung": "Hadir langsung", "kuasa": "Diwakili (kuasa)", "daring": "Hadir daring"}[self.value]


class MeetingStatus(StrEnum):
    RENCANA = "rencana"
    SELESAI = "selesai"


DECISION_KINDS = {
    "umum": "Keputusan umum",
    "lpj": "Pengesahan LPJ pengurus dan laporan keuangan",
    "shu": "Pembagian SHU",
    "rapb": "Rencana kerja dan RAPB",
    "pemilihan": "Pemilihan pengurus/pengawas",
    "adart": "Perubahan AD/ART",
}
VOTING_METHODS = {"musyawarah": "Musyawarah untuk mufakat", "suara": "Pemungutan suara"}

# ------------------------------------------------------------------------------------------------ quorum


@dataclass(frozen=True, slots=True)
class QuorumRule:
    """The AD/ART quorum (spec §3.3): ``fraction`` of the registered members, "more than" (strict) or "at least";
    a postponed meeting is valid with ``postponed`` of them (at least), or with any number present when
    ``postponed`` is None; ``postponed_allowed`` False: the AD/ART has no postponed meeting."""

    fraction: Fraction = Fraction(1, 2)
    strict: bool = True
    postponed: Fraction | None = Fraction(1, 3)
    postponed_allowed: bool = True

    @classmethod
    def from_adart(cls, adart) -> QuorumRule:
        """From kopdesk.domain.coop.AdArt (postponed numerator 0 = any number present)."""
        postponed = (Fraction(adart.postponed_quorum_num, adart.postponed_quorum_den)
                     if adart.postponed_quorum_num else None)
        return cls(Fraction(adart.quorum_num, adart.quorum_den), bool(adart.quorum_strict), postponed)

    @property
    def text(self) -> str:
        """E.g. "lebih dari 1/2 anggota terdaftar"."""
        return f"{'lebih dari' if self.strict else 'sekurang-kurangnya'} {_frac(self.fraction)} anggota terdaftar"

    @property
    def postponed_text(self) -> str:
        if not self.postponed_allowed:
            return "tidak ada ketentuan rapat yang ditunda"
        if self.postponed is None:
            return "rapat yang ditunda sah berapa pun anggota yang hadir"
        return f"rapat yang ditunda sah dengan sekurang-kurangnya {_frac(self.postponed)} anggota terdaftar"


def _frac(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def _ceil(f: Fraction) -> int:
    return -(-f.numerator // f.denominator)


def quorum_needed(registered: int, rule: QuorumRule) -> int:
    """Members who must be present. "More than 1/2" of 230 -> 116; "at least 1/2" of 230 -> 115, of 231 -> 116."""
    if registered < 0:
        raise ValueError("registered must not be negative")
    share = registered * rule.fraction
    if rule.strict:
        return share.numerator // share.denominator + 1
    return _ceil(share)


def postponed_needed(registered: int, rule: QuorumRule) -> int | None:
    """Members needed at the postponed meeting: at least 1/3 of 230 -> 77; any number -> 1 (someone must be
    there); None when the AD/ART knows no postponed meeting."""
    if registered < 0:
        raise ValueError("registered must not be negative")
    if not rule.postponed_allowed:
        return None
    if rule.postponed is None:
        return 1 if registered else 0
    return _ceil(registered * rule.postponed)


# ------------------------------------------------------------------------------------------------ deadlines


def add_months(d: dt.date, months: int, *, keep_month_end: bool = True) -> dt.date:
    """``d`` moved by whole months. A day the target month lacks becomes its last day (31-03 - 1 -> 28/29-02);
    with ``keep_month_end`` a month-end stays a month-end (30-06 + 6 -> 31-12)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if keep_month_end and d.day == calendar.monthrange(d.year, d.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(d.day, last))


def rat_deadline(year_end: dt.date) -> dt.date:
    """The RAT that approves the pengurus' accountability: at the latest 6 months after the financial year ends
    (UU 25/1992 Pasal 26). 31-12-2024 -> 30-06-2025; a year ending 30-06 -> 31-12."""
    return add_months(year_end, 6)


def report_ready_by(rat_date: dt.date) -> dt.date:
    """The annual report must be ready at least 1 month before the RAT (Pasal 35). 15-03-2025 -> 15-02-2025;
    the safe side when the previous month is shorter: 31-03 -> 28-02 (29-02 in a leap year), 30-04 -> 30-03."""
    return add_months(rat_date, -1, keep_month_end=False)


# ------------------------------------------------------------------------------------------------ numbering

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def decision_number(seq: int, kind: MeetingKind, year_of_meeting: int) -> str:
    """``01/RAT/2026``: the decision's sequence in the kind's meetings of the year, the kind, the year."""
    if seq < 1:
        raise ValueError("seq must be positive")
    return f"{seq:02d}/{MeetingKind(kind).code}/{year_of_meeting}"


def invitation_number(seq: int, kind: MeetingKind, on: dt.date) -> str:
    """``005/UND/RAT/XI/2026``: the letter's sequence in the year, UND (undangan), the kind, the month in roman
    numerals, the year."""
    if seq < 1:
        raise ValueError("seq must be positive")
    return f"{seq:03d}/UND/{MeetingKind(kind).code}/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


def vote_accepted(voting: str, votes_for: int | None, votes_against: int | None) -> bool:
    """Consensus (musyawarah untuk mufakat) is accepted; a vote by the simple majority of votes cast for or
    against (abstentions do not count; a tie is not a majority). UU 25/1992 Pasal 24."""
    if voting == "musyawarah":
        return True
    return (votes_for or 0) > (votes_against or 0)


# ------------------------------------------------------------------------------------------------ texts

DEFAULT_AGENDA: tuple[str, ...] = (
    "Pembukaan, menyanyikan lagu Indonesia Raya dan doa; sambutan Ketua Pengurus",
    "Laporan kehadiran anggota dan pernyataan kuorum rapat",
    "Pengesahan acara dan tata tertib rapat",
    "Pemilihan pimpinan rapat dan notulis",
    "Laporan pertanggungjawaban pengurus tahun buku",
    "Laporan hasil pengawasan pengawas (dan laporan auditor, bila ada)",
    "Tanya jawab serta pengesahan laporan pertanggungjawaban pengurus dan laporan keuangan",
    "Penetapan pembagian sisa hasil usaha (SHU)",
    "Rencana kerja dan rencana anggaran pendapatan dan belanja (RAPB) tahun berikutnya",
    "Pemilihan pengurus/pengawas (bila masa jabatan berakhir) dan keputusan lain",
    "Lain-lain, pembacaan keputusan rapat dan penutup",
)

DEFAULT_TATA_TERTIB = """\
Pasal 1 - Peserta
(1) Peserta rapat adalah anggota koperasi yang terdaftar pada tanggal rapat.
(2) Pengurus, pengawas dan undangan (Dinas Koperasi, Dekopinda, auditor) hadir sebagai peninjau dan tidak mempunyai \
hak suara.
(3) Setiap peserta mengisi daftar hadir sebelum rapat dimulai.

Pasal 2 - Kuorum
(1) Rapat sah apabila dihadiri oleh anggota sesuai ketentuan kuorum dalam Anggaran Dasar/Anggaran Rumah Tangga.
(2) Apabila kuorum tidak tercapai, rapat ditunda dan sesudah itu rapat yang ditunda sah sesuai ketentuan Anggaran \
Rumah Tangga.
(3) Anggota yang berhalangan dapat diwakili oleh anggota lain dengan surat kuasa apabila Anggaran Rumah Tangga \
mengizinkan; seorang anggota hanya dapat mewakili satu anggota lain.

Pasal 3 - Pimpinan rapat
(1) Rapat dipimpin oleh pimpinan rapat yang dipilih dari dan oleh peserta rapat.
(2) Sebelum pimpinan rapat terpilih, rapat dipimpin oleh Ketua Pengurus.
(3) Pimpinan rapat dibantu oleh seorang notulis yang mencatat jalannya rapat.

Pasal 4 - Hak dan kewajiban peserta
(1) Setiap anggota mempunyai satu hak suara.
(2) Anggota berhak bertanya dan meminta penjelasan kepada pengurus dan pengawas setelah mendapat izin pimpinan rapat.
(3) Peserta wajib menjaga ketertiban dan mematuhi tata tertib ini.

Pasal 5 - Pengambilan keputusan
(1) Keputusan diambil berdasarkan musyawarah untuk mufakat.
(2) Apabila mufakat tidak tercapai, keputusan diambil dengan suara terbanyak dari anggota yang hadir.
(3) Keputusan rapat dicatat dalam notulen dan berita acara yang ditandatangani pimpinan rapat dan notulis.

Pasal 6 - Penutup
Hal-hal yang belum diatur dalam tata tertib ini diputuskan oleh pimpinan rapat dengan persetujuan peserta rapat.
"""


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    seq: int
    member_id: int | None
    asker: str                       # the member's (or guest's) name
    question: str
    answer: str
    answered_by: str


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: int
    seq: int
    title: str
    notes: str                       # summary of the proceedings
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    kind: MeetingKind
    year: int | None                 # the financial year reported (RAT); None or a year for other meetings
    title: str
    held_on: dt.date
    start_time: str | None           # "HH:MM"
    end_time: str | None
    place: str
    online_link: str
    mode: MeetingMode
    invitation_number: str
    invitation_date: dt.date
    tata_tertib: str
    chair: str
    notulis: str
    witnesses: tuple[str, ...]
    guests: tuple[str, ...]
    registered_members: int          # members on held_on (snapshot, fixed when the meeting closes)
    postponed: bool                  # held as the postponed meeting, with the lower quorum
    status: str                      # "rencana" | "selesai"
    agenda: tuple[AgendaItem, ...] = ()

    @property
    def closed(self) -> bool:
        return self.status == MeetingStatus.SELESAI

    def item(self, seq: int) -> AgendaItem | None:
        return next((a for a in self.agenda if a.seq == seq), None)


@dataclass(frozen=True, slots=True)
class Attendee:
    member_id: int
    member_number: str
    name: str
    gender: str                      # "L" | "P"
    mode: AttendanceMode
    proxy_member_id: int | None      # by proxy: the member holding the proxy
    proxy_name: str                  # ... and that member's name ("" otherwise)
    recorded_at: str


@dataclass(frozen=True, slots=True)
class Quorum:
    registered: int
    in_person: int
    by_proxy: int
    online: int
    present: int                     # in person + by proxy + online
    needed: int                      # the ordinary quorum
    postponed_needed: int | None     # the postponed meeting's (None: the AD/ART has none)
    reached: bool                    # against ``required``
    rule_text: str                   # e.g. "lebih dari 1/2 anggota terdaftar"
    postponed: bool = False          # the meeting is the postponed one
    required: int = 0                # the number that applies to this meeting

    @property
    def short(self) -> int:
        """Members still missing for the quorum (0 once reached)."""
        return max(0, self.required - self.present)


@dataclass(frozen=True, slots=True)
class ElectedOfficial:
    body: str                        # "pengurus" | "pengawas"
    role: str                        # Ketua, Sekretaris, ...
    name: str
    term_start: dt.date
    term_end: dt.date


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    meeting_id: int
    number: str                      # 01/RAT/2026
    seq: int
    agenda_seq: int | None
    kind: str                        # umum, lpj, shu, rapb, pemilihan, adart
    title: str
    text: str
    voting: str                      # musyawarah | suara
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    accepted: bool
    elected: tuple[ElectedOfficial, ...] = ()

    @property
    def voting_text(self) -> str:
        """E.g. "Musyawarah untuk mufakat" or "Pemungutan suara: setuju 70, tidak setuju 40, abstain 5"."""
        if self.voting == "musyawarah":
            return VOTING_METHODS["musyawarah"]
        return (f"{VOTING_METHODS['suara']}: setuju {self.votes_for or 0}, tidak setuju {self.votes_against or 0}, "
                f"abstain {self.votes_abstain or 0}")


@dataclass(frozen=True, slots=True)
class RatDeadlines:
    year: int
    year_end: dt.date
    rat_due: dt.date                 # 6 months after the year end
    meeting: Meeting | None          # the year's RAT when planned or held
    report_ready_by: dt.date         # 1 month before the RAT (its date, or the due date while not planned)
    state: str                       # "belum_dijadwalkan" | "dijadwalkan" | "selesai" | "terlambat"
    days_left: int | None            # to the due date (negative: overdue); None once held


def deadline_state(rat_due: dt.date, meeting_date: dt.date | None, held: bool, today: dt.date) -> str:
    """"selesai" once held; "terlambat" when the due date has passed (or the planned date lies beyond it);
    "dijadwalkan" when planned in time; "belum_dijadwalkan" otherwise."""
    if held:
        return "selesai"
    if today > rat_due or (meeting_date is not None and meeting_date > rat_due):
        return "terlambat"
    return "dijadwalkan" if meeting_date is not None else "belum_dijadwalkan"


REPORT_TEXT_KEYS: dict[str, str] = {
    "pendahuluan": "Pendahuluan",
    "kegiatan_organisasi": "Kegiatan organisasi",
    "kegiatan_usaha": "Kegiatan usaha",
    "masalah": "Masalah yang dihadapi",
    "penutup": "Penutup",
    "pengawas_ruang_lingkup": "Ruang lingkup pengawasan",
    "pengawas_temuan": "Temuan pengawas",
    "pengawas_pendapat": "Pendapat pengawas",
    "pengawas_rekomendasi": "Rekomendasi pengawas",
    "rencana_kerja": "Rencana kerja tahun berikutnya",
}
