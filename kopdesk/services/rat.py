"""Members' meetings (spec §3): the RAT of a financial year and the other members' meetings (RALB, rapat rencana
kerja); the numbered invitation, agenda and tata tertib; attendance in person, by proxy or online with the live
quorum of the AD/ART; minutes (notes and questions per agenda item); numbered decisions, of which the SHU decision
approves the year's SHU distribution (services.shu.approve) and an election replaces officials; closing the meeting,
after which it is a frozen document; the deadlines of Pasal 26 and 35; the editable texts of the RAT report book.

Permissions: preparing a meeting, attendance, minutes and report-book texts need ``Perm.MEMBERS``; decisions and
closing the meeting need ``Perm.PROFILE`` (an SHU decision also ``Perm.PERIODS``, as approving the SHU does).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from kopdesk.domain.coop import Official
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.rat import (
    DECISION_KINDS,
    DEFAULT_AGENDA,
    DEFAULT_TATA_TERTIB,
    REPORT_TEXT_KEYS,
    VOTING_METHODS,
    AgendaItem,
    AttendanceMode,
    Attendee,
    Decision,
    ElectedOfficial,
    Meeting,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    Question,
    Quorum,
    QuorumRule,
    RatDeadlines,
    add_months,
    deadline_state,
    decision_number,
    invitation_number,
    postponed_needed,
    quorum_needed,
    rat_deadline,
    report_ready_by,
    vote_accepted,
)
from kopdesk.domain.statements import fiscal_year_of
from kopdesk.domain.users import Perm, User
from kopdesk.services import profile, shu, statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import closing as closing_store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import members as members_store
from kopdesk.store import rat as store
from kopdesk.store import shu as shu_store

__all__ = [
    "AgendaItem", "AttendanceMode", "Attendee", "Decision", "ElectedOfficial", "Meeting", "MeetingKind",
    "MeetingMode", "Question", "Quorum", "RatDeadlines", "add_decision", "add_question", "attendance",
    "close_meeting", "create_meeting", "deadlines", "decisions", "get_meeting", "get_texts", "list_meetings",
    "quorum", "rat_for_year", "record_attendance", "remove_attendance", "save_text", "set_agenda_notes",
    "update_meeting", "upcoming_deadlines",
]

INVITATION_SERIES = "UND"
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_TERM_YEARS = 5                      # UU 25/1992: a term of office of at most five years

# ------------------------------------------------------------------------------------------------ reading


def _get(ws: Workspace, meeting_id: int) -> Meeting:
    m = store.meeting(ws.db, meeting_id)
    if m is None:
        raise NotFound("Rapat tidak ditemukan.")
    return m


def _live(ws: Workspace, m: Meeting) -> Meeting:
    """An open meeting counts its registered members live (members joining or leaving before the day)."""
    if m.closed:
        return m
    return replace(m, registered_members=store.members_on(ws.db, m.held_on))


def get_meeting(ws: Workspace, meeting_id: int) -> Meeting:
    return _live(ws, _get(ws, meeting_id))


def list_meetings(ws: Workspace, year: int | None = None) -> list[Meeting]:
    """Every meeting, oldest first; with ``year``: the RAT of that financial year and meetings held in it."""
    return [_live(ws, m) for m in store.meetings(ws.db, year)]


def rat_for_year(ws: Workspace, year: int) -> Meeting | None:
    m = store.rat_for_year(ws.db, year)
    return _live(ws, m) if m else None


def rule(ws: Workspace) -> QuorumRule:
    """The AD/ART quorum rule."""
    return QuorumRule.from_adart(admin_store.load_adart(ws.db))


def attendance(ws: Workspace, meeting_id: int) -> list[Attendee]:
    return store.attendance(ws.db, meeting_id)


def quorum(ws: Workspace, meeting_id: int) -> Quorum:
    """Registered members, those present in person / by proxy / online, and whether the meeting is quorate by the
    AD/ART rule (the postponed meeting's lower quorum when the meeting is the postponed one)."""
    m = get_meeting(ws, meeting_id)
    return _quorum(ws, m)


def _quorum(ws: Workspace, m: Meeting) -> Quorum:
    r = rule(ws)
    counts = store.attendance_counts(ws.db, m.id)
    in_person, by_proxy, online = (counts.get(k.value, 0) for k in
                                   (AttendanceMode.LANGSUNG, AttendanceMode.KUASA, AttendanceMode.DARING))
    present = in_person + by_proxy + online
    registered = m.registered_members
    needed, later = quorum_needed(registered, r), postponed_needed(registered, r)
    required = later if (m.postponed and later is not None) else needed
    text = r.text + (f"; {r.postponed_text}" if m.postponed else "")
    return Quorum(registered, in_person, by_proxy, online, present, needed, later,
                  registered > 0 and present >= required, text, m.postponed, required)


def decisions(ws: Workspace, meeting_id: int) -> list[Decision]:
    return store.decisions(ws.db, meeting_id)


# ------------------------------------------------------------------------------------------------ meetings


def _default_title(kind: MeetingKind, year: int | None) -> str:
    if kind == MeetingKind.RAT:
        return f"Rapat Anggota Tahunan Tahun Buku {year}"
    return kind.label + (f" Tahun {year}" if year else "")


def _check_time(value: str | None, label: str, problems: list[str]) -> None:
    if value and not TIME_RE.match(value):
        problems.append(f"{label} harus berformat JJ:MM (misalnya 09:00); yang dimasukkan: {value!r}.")


def _check_fields(ws: Workspace, v: dict, problems: list[str], *, meeting_id: int | None = None) -> None:
    """Validate a meeting's values (creating or editing), adding every problem."""
    kind = v["kind"]
    year = v.get("year")
    held_on: dt.date = v["held_on"]
    if kind == MeetingKind.RAT:
        if year is None:
            problems.append("Tahun buku wajib diisi untuk RAT.")
        else:
            p = statements.fiscal_year(ws, year)
            if closing_store.current_closing(ws.db, year) is None:
                problems.append(f"Tahun buku {year} belum ditutup (tutup buku); RAT tahun buku {year} baru bisa "
                                "dijadwalkan sesudah tutup buku.")
            if held_on <= p.end:
                problems.append(f"Tanggal rapat harus sesudah akhir tahun buku {year} ({p.end:%d-%m-%Y}).")
            other = store.rat_for_year(ws.db, year)
            if other is not None and other.id != meeting_id:
                problems.append(f"Tahun buku {year}: RAT-nya sudah ada ({other.invitation_number}, tanggal "
                                f"{other.held_on:%d-%m-%Y}); satu tahun buku satu RAT.")
    if not str(v.get("title") or "").strip():
        problems.append("Judul rapat wajib diisi.")
    try:
        mode = MeetingMode(v["mode"])
    except ValueError:
        problems.append("Bentuk rapat harus luring, daring atau hybrid.")
        mode = None
    if mode in (MeetingMode.LURING, MeetingMode.HYBRID) and not str(v.get("place") or "").strip():
        problems.append("Tempat rapat wajib diisi untuk rapat luring atau hybrid.")
    if mode in (MeetingMode.DARING, MeetingMode.HYBRID) and not str(v.get("online_link") or "").strip():
        problems.append("Tautan rapat daring wajib diisi untuk rapat daring atau hybrid.")
    _check_time(v.get("start_time"), "Jam mulai", problems)
    _check_time(v.get("end_time"), "Jam selesai", problems)
    if v.get("start_time") and v.get("end_time") and TIME_RE.match(v["start_time"]) \
            and TIME_RE.match(v["end_time"]) and v["end_time"] <= v["start_time"]:
        problems.append("Jam selesai harus sesudah jam mulai.")
    inv = v.get("invitation_date")
    if inv is not None and inv > held_on:
        problems.append("Tanggal surat undangan tidak boleh sesudah tanggal rapat.")
    if "agenda" in v:
        items = [str(a).strip() for a in v["agenda"]]
        if not items:
            problems.append("Acara rapat wajib berisi sekurang-kurangnya satu mata acara.")
        elif any(not a for a in items):
            problems.append("Mata acara rapat tidak boleh kosong.")


def create_meeting(ws: Workspace, by: User, *, kind: MeetingKind | str, year: int | None, held_on: dt.date,
                   start_time: str | None = None, place: str = "", online_link: str = "", mode: str = "luring",
                   title: str | None = None, agenda: Sequence[str] | None = None, tata_tertib: str | None = None,
                   chair: str = "", notulis: str = "", invitation_date: dt.date | None = None,
                   witnesses: Sequence[str] = (), guests: Sequence[str] = (), postponed: bool = False) -> Meeting:
    """Plan a meeting and number its invitation letter (``005/UND/RAT/XI/2026``). The RAT of a financial year is
    refused before the year is closed (tutup buku) or on a date not after the year's end, and once the year has a
    RAT. The agenda defaults to spec §3.5, the tata tertib to the standard text."""
    require(by, Perm.MEMBERS)
    try:
        kind = MeetingKind(kind)
    except ValueError:
        raise ValidationError("Jenis rapat harus RAT, RALB atau rapat anggota rencana kerja.") from None
    today = dt.date.today()
    if invitation_date is None:
        invitation_date = today if today <= held_on else held_on - dt.timedelta(days=14)
    v = dict(kind=kind, year=year, held_on=held_on, start_time=start_time or None, place=place.strip(),
             online_link=online_link.strip(), mode=str(mode), title=(title or _default_title(kind, year)).strip(),
             agenda=list(DEFAULT_AGENDA if agenda is None else agenda), invitation_date=invitation_date)
    problems: list[str] = []
    _check_fields(ws, v, problems)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        seq = ledger_store.next_number(ws.db, INVITATION_SERIES, invitation_date.year)
        number = invitation_number(seq, kind, invitation_date)
        mid = store.insert_meeting(ws.db, dict(
            kind=kind.value, year=year, title=v["title"], held_on=held_on, start_time=v["start_time"],
            place=v["place"], online_link=v["online_link"], mode=v["mode"], invitation_number=number,
            invitation_date=invitation_date,
            tata_tertib=DEFAULT_TATA_TERTIB if tata_tertib is None else tata_tertib, chair=chair.strip(),
            notulis=notulis.strip(), witnesses=[w.strip() for w in witnesses if w.strip()],
            guests=[g.strip() for g in guests if g.strip()], registered_members=store.members_on(ws.db, held_on),
            postponed=bool(postponed), status=MeetingStatus.RENCANA.value, created_at=now_iso(), created_by=by.id),
            [a.strip() for a in v["agenda"]])
        audit(ws.db, by, "buat_rapat", "rapat", mid, {"jenis": kind.value, "tahun_buku": year,
                                                      "tanggal": held_on.isoformat(), "undangan": number})
    return get_meeting(ws, mid)


MEETING_FIELDS = ("title", "held_on", "start_time", "end_time", "place", "online_link", "mode", "invitation_date",
                  "tata_tertib", "chair", "notulis", "witnesses", "guests", "postponed", "agenda")


def update_meeting(ws: Workspace, by: User, meeting_id: int, **fields) -> Meeting:
    """Change a planned meeting: date, times, place, mode, the agenda (a list of titles: item numbers keep their
    notes and questions; an item with questions cannot be removed), tata tertib, chair, notulis, witnesses,
    guests, postponed."""
    require(by, Perm.MEMBERS)
    m = _get(ws, meeting_id)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(f"Data rapat tidak dikenal: {', '.join(sorted(unknown))}.")
    problems: list[str] = []
    if m.closed:
        raise ValidationError(f"{m.title} sudah ditutup (selesai); data rapatnya tidak bisa diubah.")
    for k in ("title", "place", "online_link", "tata_tertib", "chair", "notulis"):
        if k in fields and fields[k] is not None:
            fields[k] = str(fields[k]).strip() if k != "tata_tertib" else str(fields[k])
    for k in ("start_time", "end_time"):
        if k in fields:
            fields[k] = fields[k] or None
    v = dict(kind=m.kind, year=m.year, held_on=m.held_on, start_time=m.start_time, end_time=m.end_time,
             place=m.place, online_link=m.online_link, mode=m.mode.value, title=m.title,
             invitation_date=m.invitation_date)
    v.update({k: x for k, x in fields.items() if k != "agenda"})
    if "agenda" in fields:
        v["agenda"] = list(fields["agenda"])
        asked = store.agenda_questions(ws.db, m.id)
        for item in m.agenda:
            if item.seq > len(v["agenda"]) and (asked.get(item.seq) or item.notes.strip()):
                problems.append(f"Mata acara {item.seq} ({item.title}) sudah berisi catatan atau tanya jawab; "
                                "hapus dulu isinya sebelum menghapus mata acara.")
    _check_fields(ws, v, problems, meeting_id=m.id)
    if problems:
        raise ValidationError(problems)
    values = {k: x for k, x in fields.items() if k not in ("agenda",)}
    if "witnesses" in values:
        values["witnesses"] = [w.strip() for w in values["witnesses"] if w.strip()]
    if "guests" in values:
        values["guests"] = [g.strip() for g in values["guests"] if g.strip()]
    held_on = fields.get("held_on", m.held_on)
    values["registered_members"] = store.members_on(ws.db, held_on)
    with ws.db.atomic():
        store.update_meeting(ws.db, m.id, values)
        if "agenda" in fields:
            store.replace_agenda(ws.db, m.id, [a.strip() for a in fields["agenda"]])
        audit(ws.db, by, "ubah_rapat", "rapat", m.id,
              {k: (x.isoformat() if isinstance(x, dt.date) else x) for k, x in fields.items()
               if k != "tata_tertib"} | ({"tata_tertib": "diubah"} if "tata_tertib" in fields else {}))
    return get_meeting(ws, m.id)


def delete_meeting(ws: Workspace, by: User, meeting_id: int) -> None:
    """Delete a planned meeting that has no attendance, questions or decisions yet (a meeting planned by mistake);
    its invitation number is not reused."""
    require(by, Perm.MEMBERS)
    m = _get(ws, meeting_id)
    problems = []
    if m.closed:
        problems.append(f"{m.title} sudah ditutup (selesai); rapat yang sudah berlangsung tidak bisa dihapus.")
    if store.attendance_counts(ws.db, m.id):
        problems.append("Rapat ini sudah mempunyai daftar hadir; hapus dulu kehadirannya.")
    if store.decisions(ws.db, m.id):
        problems.append("Rapat ini sudah mempunyai keputusan; hapus dulu keputusannya.")
    if any(a.questions for a in m.agenda):
        problems.append("Rapat ini sudah mempunyai tanya jawab; hapus dulu tanya jawabnya.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        ws.db.execute("DELETE FROM rat_agenda WHERE meeting_id = ?", [m.id])
        ws.db.execute("DELETE FROM rat_meetings WHERE id = ?", [m.id])
        audit(ws.db, by, "hapus_rapat", "rapat", m.id, {"undangan": m.invitation_number, "judul": m.title})


# ------------------------------------------------------------------------------------------------ attendance


def _label(member: Member) -> str:
    return f"{member.number} {member.full_name}"


def _membership_problem(member: Member, on: dt.date) -> str | None:
    """Why the member has no seat at a meeting on the date (None: a member that day)."""
    if member.status == MemberStatus.CALON:
        return f"Anggota {_label(member)} masih calon anggota; calon anggota tidak mempunyai hak suara di rapat."
    if member.join_date is None or member.join_date > on:
        return f"Anggota {_label(member)} belum menjadi anggota pada tanggal rapat ({on:%d-%m-%Y})."
    if member.exit_date is not None and member.exit_date <= on:
        return (f"Anggota {_label(member)} sudah {member.status.label.lower()} sejak {member.exit_date:%d-%m-%Y}; "
                "tidak bisa dicatat hadir.")
    if not member.status.is_member and member.exit_date is None:
        return f"Anggota {_label(member)} sudah {member.status.label.lower()}; tidak bisa dicatat hadir."
    return None


def _attendance_problems(ws: Workspace, m: Meeting, member_id: int, mode: str, proxy_member_id: int | None,
                         planned: dict[int, tuple[str, int | None]]) -> list[str]:
    """Every reason the attendance cannot be recorded. ``planned``: rows of the same batch, member -> (mode,
    proxy), counted as already recorded."""
    problems: list[str] = []
    member = members_store.member(ws.db, member_id)
    if member is None:
        return [f"Anggota (id {member_id}) tidak ditemukan."]
    why = _membership_problem(member, m.held_on)
    if why:
        problems.append(why)
    existing = store.attendee(ws.db, m.id, member_id)
    if existing is not None or member_id in planned:
        how = existing.mode.label.lower() if existing else AttendanceMode(planned[member_id][0]).label.lower()
        problems.append(f"Anggota {_label(member)} sudah tercatat hadir ({how}); satu anggota dicatat sekali.")
    try:
        mode = AttendanceMode(mode)
    except ValueError:
        return [*problems, "Cara hadir harus langsung, kuasa atau daring."]
    if mode == AttendanceMode.DARING and m.mode == MeetingMode.LURING:
        problems.append("Rapat ini luring (tatap muka); kehadiran daring tidak bisa dicatat.")
    if mode == AttendanceMode.LANGSUNG and m.mode == MeetingMode.DARING:
        problems.append("Rapat ini daring; kehadiran langsung tidak bisa dicatat, pilih hadir daring.")
    if mode != AttendanceMode.KUASA:
        if proxy_member_id is not None:
            problems.append("Pemegang kuasa hanya diisi untuk kehadiran melalui kuasa.")
        return problems
    adart = admin_store.load_adart(ws.db)
    if not adart.proxies_allowed:
        problems.append("AD/ART koperasi tidak mengizinkan kuasa; anggota harus hadir sendiri.")
        return problems
    if proxy_member_id is None:
        problems.append("Pemegang kuasa wajib diisi untuk kehadiran melalui kuasa.")
        return problems
    if proxy_member_id == member_id:
        problems.append("Anggota tidak bisa menjadi pemegang kuasanya sendiri.")
        return problems
    holder = members_store.member(ws.db, proxy_member_id)
    if holder is None:
        return [*problems, f"Pemegang kuasa (id {proxy_member_id}) tidak ditemukan."]
    why = _membership_problem(holder, m.held_on)
    if why:
        problems.append(f"Pemegang kuasa: {why}")
    held = store.attendee(ws.db, m.id, proxy_member_id)
    holder_mode = held.mode if held else (AttendanceMode(planned[proxy_member_id][0])
                                          if proxy_member_id in planned else None)
    if holder_mode is None:
        problems.append(f"Pemegang kuasa {_label(holder)} belum tercatat hadir; catat dulu kehadirannya.")
    elif holder_mode == AttendanceMode.KUASA:
        problems.append(f"Pemegang kuasa {_label(holder)} sendiri hadir melalui kuasa; kuasa tidak bisa dialihkan.")
    count = store.proxies_held(ws.db, m.id, proxy_member_id) + sum(
        1 for md, p in planned.values() if md == AttendanceMode.KUASA and p == proxy_member_id)
    if count >= adart.max_proxies_per_member:
        problems.append(f"Pemegang kuasa {_label(holder)} sudah mewakili {count} anggota (batas AD/ART "
                        f"{adart.max_proxies_per_member}).")
    return problems


def attendance_problems(ws: Workspace, meeting_id: int, member_id: int, mode: AttendanceMode | str,
                        proxy_member_id: int | None = None) -> list[str]:
    """Why ``record_attendance`` would refuse, without writing (the screen says it in place before saving)."""
    m = get_meeting(ws, meeting_id)
    if m.closed:
        return [f"{m.title} sudah ditutup (selesai); data rapatnya tidak bisa diubah."]
    return _attendance_problems(ws, m, member_id, str(mode), proxy_member_id, {})


def _open_meeting(ws: Workspace, meeting_id: int) -> Meeting:
    m = get_meeting(ws, meeting_id)
    if m.closed:
        raise ValidationError(f"{m.title} sudah ditutup (selesai); data rapatnya tidak bisa diubah.")
    return m


def record_attendance(ws: Workspace, by: User, meeting_id: int, member_id: int, mode: AttendanceMode | str,
                      proxy_member_id: int | None = None) -> Attendee:
    """Record one member present: in person (langsung), by proxy (kuasa: another member present holds the proxy,
    within the AD/ART rule) or online (daring). Refused for a member who was not a member on the meeting's date
    (left, not yet joined, prospective), twice for one member, and for a proxy the AD/ART does not allow."""
    require(by, Perm.MEMBERS)
    m = _open_meeting(ws, meeting_id)
    problems = _attendance_problems(ws, m, member_id, str(mode), proxy_member_id, {})
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.insert_attendance(ws.db, m.id, member_id, AttendanceMode(mode).value, proxy_member_id, now_iso(), by.id)
        audit(ws.db, by, "catat_hadir", "rapat", m.id, {"anggota": member_id, "cara": str(mode),
                                                        "kuasa": proxy_member_id})
    return store.attendee(ws.db, m.id, member_id)


def record_attendance_many(ws: Workspace, by: User, meeting_id: int,
                           rows: Iterable[tuple[int, AttendanceMode | str, int | None]]) -> list[Attendee]:
    """Record many members at once (e.g. from the signed attendance list): (member_id, mode, proxy holder id).
    All or nothing; every problem is listed. Proxy holders may be in the same batch."""
    require(by, Perm.MEMBERS)
    m = _open_meeting(ws, meeting_id)
    rows = [(mid, str(mode), proxy) for mid, mode, proxy in rows]
    planned: dict[int, tuple[str, int | None]] = {}
    problems: list[str] = []
    # holders first, so a proxy later in the list finds its holder already counted
    for mid, mode, proxy in sorted(rows, key=lambda r: r[1] == AttendanceMode.KUASA):
        problems += _attendance_problems(ws, m, mid, mode, proxy, planned)
        planned[mid] = (mode, proxy)
    if not rows:
        problems.append("Tidak ada kehadiran yang dicatat.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.insert_attendance_many(ws.db, m.id, [(mid, AttendanceMode(mode).value, proxy)
                                                   for mid, mode, proxy in rows], now_iso(), by.id)
        audit(ws.db, by, "catat_hadir", "rapat", m.id, {"anggota": len(rows)})
    return store.attendance(ws.db, m.id)


def remove_attendance(ws: Workspace, by: User, meeting_id: int, member_id: int) -> None:
    """Take a member off the attendance list (recorded by mistake). Refused while the member holds a proxy."""
    require(by, Perm.MEMBERS)
    m = _open_meeting(ws, meeting_id)
    a = store.attendee(ws.db, m.id, member_id)
    if a is None:
        raise ValidationError("Anggota ini tidak tercatat hadir di rapat ini.")
    if store.proxies_held(ws.db, m.id, member_id):
        raise ValidationError(f"Anggota {a.member_number} {a.name} memegang kuasa anggota lain; hapus dulu "
                              "kehadiran yang diwakilinya.")
    with ws.db.atomic():
        store.delete_attendance(ws.db, m.id, member_id)
        audit(ws.db, by, "hapus_hadir", "rapat", m.id, {"anggota": member_id, "nomor": a.member_number})


def eligible_member_ids(ws: Workspace, meeting_id: int) -> list[int]:
    """Members with a seat at the meeting (members on its date), in number order."""
    return store.member_ids_on(ws.db, get_meeting(ws, meeting_id).held_on)


# ------------------------------------------------------------------------------------------------ minutes


def _item(m: Meeting, agenda_seq: int) -> AgendaItem:
    item = m.item(agenda_seq)
    if item is None:
        raise ValidationError(f"Mata acara nomor {agenda_seq} tidak ada dalam acara rapat.")
    return item


def set_agenda_notes(ws: Workspace, by: User, meeting_id: int, agenda_seq: int, notes: str) -> AgendaItem:
    """The summary of an agenda item's proceedings for the minutes."""
    require(by, Perm.MEMBERS)
    m = _open_meeting(ws, meeting_id)
    item = _item(m, agenda_seq)
    with ws.db.atomic():
        store.set_agenda_notes(ws.db, item.id, notes.strip())
        audit(ws.db, by, "notulen_rapat", "rapat", m.id, {"acara": agenda_seq})
    return get_meeting(ws, m.id).item(agenda_seq)


def add_question(ws: Workspace, by: User, meeting_id: int, agenda_seq: int, *, asker: str, question: str,
                 answer: str, answered_by: str = "", member_id: int | None = None) -> Question:
    """A member's question under an agenda item and the answer given (UU 25/1992 Pasal 25). With ``member_id``
    the asker's name is the member's."""
    require(by, Perm.MEMBERS)
    m = _open_meeting(ws, meeting_id)
    problems = []
    item = m.item(agenda_seq)
    if item is None:
        problems.append(f"Mata acara nomor {agenda_seq} tidak ada dalam acara rapat.")
    if member_id is not None:
        member = members_store.member(ws.db, member_id)
        if member is None:
            problems.append(f"Penanya: anggota (id {member_id}) tidak ditemukan.")
        else:
            asker = asker.strip() or member.full_name
    if not asker.strip():
        problems.append("Nama penanya wajib diisi.")
    if not question.strip():
        problems.append("Pertanyaan wajib diisi.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        qid, seq = store.insert_question(ws.db, item.id, member_id=member_id, asker=asker.strip(),
                                         question=question.strip(), answer=answer.strip(),
                                         answered_by=answered_by.strip())
        audit(ws.db, by, "tanya_jawab_rapat", "rapat", m.id, {"acara": agenda_seq, "penanya": asker.strip()})
    return Question(qid, seq, member_id, asker.strip(), question.strip(), answer.strip(), answered_by.strip())


def delete_question(ws: Workspace, by: User, question_id: int) -> None:
    require(by, Perm.MEMBERS)
    meeting_id = store.question_meeting(ws.db, question_id)
    if meeting_id is None:
        raise NotFound("Pertanyaan tidak ditemukan.")
    m = _open_meeting(ws, meeting_id)
    with ws.db.atomic():
        store.delete_question(ws.db, question_id)
        audit(ws.db, by, "hapus_tanya_jawab", "rapat", m.id, {"pertanyaan": question_id})


# ------------------------------------------------------------------------------------------------ decisions


def _elected_problems(elected: Sequence[ElectedOfficial]) -> list[str]:
    problems = []
    for i, e in enumerate(elected, start=1):
        who = e.name.strip() or f"baris {i}"
        if e.body not in ("pengurus", "pengawas"):
            problems.append(f"Terpilih {who}: kelompok harus pengurus atau pengawas.")
        if not e.name.strip():
            problems.append(f"Terpilih baris {i}: nama wajib diisi.")
        if not e.role.strip():
            problems.append(f"Terpilih {who}: jabatan wajib diisi.")
        if e.term_end <= e.term_start:
            problems.append(f"Terpilih {who}: akhir masa jabatan harus sesudah awal masa jabatan.")
        elif e.term_end > add_months(e.term_start, 12 * MAX_TERM_YEARS):
            problems.append(f"Terpilih {who}: masa jabatan paling lama {MAX_TERM_YEARS} tahun.")
    return problems


def add_decision(ws: Workspace, by: User, meeting_id: int, *, kind: str, title: str, text: str,
                 voting: str = "musyawarah", votes_for: int | None = None, votes_against: int | None = None,
                 votes_abstain: int | None = None, agenda_seq: int | None = None, number: str | None = None,
                 accepted: bool | None = None, elected: Sequence[ElectedOfficial] = ()) -> Decision:
    """A numbered decision of a quorate meeting (``01/RAT/2026``, numbered per kind of meeting and year held; a
    number already used is refused). Accepted by consensus, or by the simple majority of votes cast. An accepted
    ``shu`` decision of a RAT approves the year's SHU distribution (services.shu.approve, decision_ref = the
    number) in the same transaction; an accepted ``pemilihan`` decision with ``elected`` replaces the active
    officials of the same body and role by those elected, with their terms."""
    require(by, Perm.PROFILE)
    if kind == "shu":
        require(by, Perm.PERIODS)
    m = get_meeting(ws, meeting_id)
    problems: list[str] = []
    if m.closed:
        raise ValidationError(f"{m.title} sudah ditutup (selesai); keputusannya tidak bisa ditambah.")
    if kind not in DECISION_KINDS:
        problems.append(f"Jenis keputusan harus salah satu dari: {', '.join(DECISION_KINDS)}.")
    if voting not in VOTING_METHODS:
        problems.append("Cara pengambilan keputusan harus musyawarah atau suara (pemungutan suara).")
    if not title.strip():
        problems.append("Judul keputusan wajib diisi.")
    q = _quorum(ws, m)
    if not q.reached:
        problems.append(f"Kuorum belum tercapai ({q.present} hadir dari {q.required} yang diperlukan); rapat belum "
                        "bisa mengambil keputusan.")
    votes = (votes_for, votes_against, votes_abstain)
    if voting == "suara":
        if any(x is None for x in votes[:2]):
            problems.append("Jumlah suara setuju dan tidak setuju wajib diisi untuk pemungutan suara.")
        elif any(not isinstance(x, int) or x < 0 for x in votes if x is not None):
            problems.append("Jumlah suara harus bilangan bulat tidak negatif.")
        elif sum(x or 0 for x in votes) > q.present:
            problems.append(f"Jumlah suara ({sum(x or 0 for x in votes)}) melebihi anggota yang hadir "
                            f"({q.present}).")
        votes_abstain = votes_abstain or 0
    elif voting == "musyawarah" and any(x is not None for x in votes):
        problems.append("Jumlah suara hanya diisi untuk pemungutan suara.")
    if agenda_seq is not None and m.item(agenda_seq) is None:
        problems.append(f"Mata acara nomor {agenda_seq} tidak ada dalam acara rapat.")
    if number is not None and number.strip():
        number = number.strip()
        used = store.decision_by_number(ws.db, number)
        if used is not None:
            problems.append(f"Nomor keputusan {number} sudah dipakai (\"{used.title}\"); gunakan nomor lain.")
        match = re.match(r"^(\d+)/", number)
        seq = int(match.group(1)) if match else store.next_decision_seq(ws.db, m.kind.value, m.held_on.year)
    else:
        seq = store.next_decision_seq(ws.db, m.kind.value, m.held_on.year)
        number = decision_number(seq, m.kind, m.held_on.year)
    if accepted is None:
        accepted = vote_accepted(voting, votes_for, votes_against)
    existing = store.decisions(ws.db, m.id)
    if kind == "shu":
        if m.kind != MeetingKind.RAT or m.year is None:
            problems.append("Keputusan pembagian SHU diambil di RAT tahun buku yang bersangkutan.")
        elif any(d.kind == "shu" and d.accepted for d in existing):
            problems.append("Rapat ini sudah mempunyai keputusan pembagian SHU.")
        elif accepted and shu_store.distribution(ws.db, m.year) is not None:
            problems.append(f"Pembagian SHU tahun buku {m.year} sudah disetujui "
                            f"({shu_store.distribution(ws.db, m.year).decision_ref or 'tanpa nomor keputusan'}).")
    elected = tuple(elected or ())
    if elected and kind != "pemilihan":
        problems.append("Pengurus/pengawas terpilih hanya dicatat pada keputusan pemilihan.")
    problems += _elected_problems(elected)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        did = store.insert_decision(ws.db, dict(
            meeting_id=m.id, number=number, seq=seq, agenda_seq=agenda_seq, kind=kind, title=title.strip(),
            text=text.strip(), voting=voting, votes_for=votes_for if voting == "suara" else None,
            votes_against=votes_against if voting == "suara" else None,
            votes_abstain=votes_abstain if voting == "suara" else None, accepted=accepted, created_at=now_iso(),
            created_by=by.id), elected)
        audit(ws.db, by, "keputusan_rapat", "rapat", m.id, {"nomor": number, "jenis": kind, "judul": title.strip(),
                                                            "diterima": accepted})
        if kind == "shu" and accepted:
            shu.approve(ws, m.year, by, decision_ref=number)
        if kind == "pemilihan" and accepted and elected:
            _apply_election(ws, by, elected)
    return next(d for d in store.decisions(ws.db, m.id) if d.id == did)


def _apply_election(ws: Workspace, by: User, elected: Sequence[ElectedOfficial]) -> None:
    """Those elected replace the active officials of the same body and role (their records are kept, inactive)."""
    seats = {(e.body, e.role.strip()) for e in elected}
    for o in admin_store.officials(ws.db, active_only=True):
        if (o.body, o.role) in seats:
            profile.save_official(ws, replace(o, active=False), by)
    for e in elected:
        profile.save_official(ws, Official(None, e.body, e.role.strip(), e.name.strip(), e.term_start, e.term_end),
                              by)


def delete_decision(ws: Workspace, by: User, decision_id: int) -> None:
    """Remove a decision recorded by mistake while the meeting is open. An accepted SHU decision (the SHU is
    approved by it) or an election that changed the officials cannot be removed here."""
    require(by, Perm.PROFILE)
    row = ws.db.execute("SELECT meeting_id FROM rat_decisions WHERE id = ?", [decision_id]).fetchone()
    if row is None:
        raise NotFound("Keputusan tidak ditemukan.")
    m = _open_meeting(ws, row[0])
    d = next(x for x in store.decisions(ws.db, m.id) if x.id == decision_id)
    if d.kind == "shu" and d.accepted:
        raise ValidationError(f"Keputusan {d.number} sudah menyetujui pembagian SHU; batalkan dulu persetujuan SHU "
                              "di menu SHU.")
    if d.kind == "pemilihan" and d.accepted and d.elected:
        raise ValidationError(f"Keputusan {d.number} sudah mengubah pengurus/pengawas; ubah pejabatnya di "
                              "Pengaturan.")
    with ws.db.atomic():
        store.delete_decision(ws.db, d.id)
        audit(ws.db, by, "hapus_keputusan", "rapat", m.id, {"nomor": d.number, "judul": d.title})


# ------------------------------------------------------------------------------------------------ closing


def close_meeting(ws: Workspace, by: User, meeting_id: int, *, end_time: str) -> Meeting:
    """The meeting is over: the closing time, the registered members fixed; quorum reached, chair and notulis
    named (they sign the minutes). The meeting becomes a frozen document."""
    require(by, Perm.PROFILE)
    m = get_meeting(ws, meeting_id)
    problems: list[str] = []
    if m.closed:
        raise ValidationError(f"{m.title} sudah ditutup.")
    _check_time(end_time, "Jam selesai", problems)
    if not end_time:
        problems.append("Jam selesai rapat wajib diisi.")
    elif m.start_time and TIME_RE.match(end_time) and end_time <= m.start_time:
        problems.append(f"Jam selesai harus sesudah jam mulai ({m.start_time}).")
    if m.held_on > dt.date.today():
        problems.append(f"Rapat baru berlangsung pada {m.held_on:%d-%m-%Y}; rapat ditutup sesudah berlangsung.")
    if not m.chair.strip():
        problems.append("Pimpinan rapat wajib diisi (menandatangani notulen dan berita acara).")
    if not m.notulis.strip():
        problems.append("Notulis wajib diisi (menandatangani notulen).")
    q = _quorum(ws, m)
    if not q.reached:
        problems.append(f"Kuorum tidak tercapai ({q.present} hadir, diperlukan {q.required} dari {q.registered} "
                        "anggota); rapat tidak sah.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.close_meeting(ws.db, m.id, end_time, m.registered_members, now_iso(), by.id)
        audit(ws.db, by, "tutup_rapat", "rapat", m.id, {"jam_selesai": end_time, "hadir": q.present,
                                                        "terdaftar": q.registered})
    return get_meeting(ws, m.id)


# ------------------------------------------------------------------------------------------------ deadlines


def deadlines(ws: Workspace, year: int, today: dt.date) -> RatDeadlines:
    """The RAT of financial year ``year``: due 6 months after the year's end; the annual report ready 1 month
    before the RAT (its planned date, or the due date while none is planned)."""
    end = statements.fiscal_year(ws, year).end
    due = rat_deadline(end)
    m = rat_for_year(ws, year)
    held = m is not None and m.closed
    state = deadline_state(due, m.held_on if m else None, held, today)
    return RatDeadlines(year, end, due, m, report_ready_by(m.held_on if m else due), state,
                        None if held else (due - today).days)


def upcoming_deadlines(ws: Workspace, today: dt.date) -> list[RatDeadlines]:
    """For Beranda: each financial year from the first with books up to the current one whose RAT is not yet held,
    oldest first (overdue years first)."""
    first = closing_store.first_journal_date(ws.db)
    if first is None:
        return []
    start_month = statements.fiscal_start_month(ws)
    out = []
    for year in range(fiscal_year_of(first, start_month), fiscal_year_of(today, start_month) + 1):
        d = deadlines(ws, year, today)
        if d.state != "selesai":
            out.append(d)
    return out


# ------------------------------------------------------------------------------------------------ report book


def get_texts(ws: Workspace, year: int) -> dict[str, str]:
    """The report-book texts saved for the year (the sections not saved use the generated defaults)."""
    return store.texts(ws.db, year)


def save_text(ws: Workspace, by: User, year: int, key: str, text: str) -> None:
    """Save one section's text for the year; an empty text goes back to the generated default."""
    require(by, Perm.MEMBERS)
    if key not in REPORT_TEXT_KEYS:
        raise ValidationError(f"Bagian buku laporan RAT tidak dikenal: {key}. Bagian yang ada: "
                              f"{', '.join(REPORT_TEXT_KEYS)}.")
    with ws.db.atomic():
        if text.strip():
            store.save_text(ws.db, year, key, text.rstrip(), now_iso(), by.id)
        else:
            store.delete_text(ws.db, year, key)
        audit(ws.db, by, "teks_buku_rat", "rat", year, {"bagian": key, "panjang": len(text.strip())})
