"""The Dinas workspace: registry of coached cooperatives, officers, coaching visits with problems, recommendations
and their follow-up, attachments, RAT history, package data per cooperative and year, monitoring and the dashboard.

Writers take ``by``, need ``Perm.DINAS`` and are refused in a koperasi workspace; each is one transaction with its
audit row, and validates everything first (every problem at once, in Indonesian, nothing written on refusal).
Readers work in any workspace. The contract other modules code against is /work/briefs/dinas_contract.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kopdesk.domain.coop import WorkspaceKind
from kopdesk.domain.dinas import (
    ATTACHMENT_MIMES,
    CHECKLIST,
    CHECKLIST_KEYS,
    INACTIVE_THRESHOLDS,
    OFFICIAL_ROLES,
    PROBLEM_CATEGORIES,
    AttachmentInfo,
    CoachingNeed,
    Cooperative,
    CoopOfficial,
    CoopStatus,
    CoopYear,
    DinasSettings,
    FollowUp,
    FollowUpStatus,
    Officer,
    Problem,
    RatRecord,
    RatStatus,
    Recommendation,
    Severity,
    Visit,
    VisitKind,
    add_months,
    classify,
    cooperative_problems,
    inactive,
    inactive_cutoff,
    inactive_from,
    missed_rats,
    official_problems,
    rat_deadline,
    rat_status,
    sniff_mime,
    time_problems,
)
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.users import Perm, User
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import dinas as store

__all__ = [
    "CHECKLIST", "PROBLEM_CATEGORIES", "OFFICIAL_ROLES", "AttachmentInfo", "CoachingNeed", "CoopOfficial",
    "CoopStatus", "Cooperative", "CoopYear", "DinasSettings", "FollowUp", "FollowUpStatus", "Officer", "Problem",
    "RatRecord", "RatStatus", "Recommendation", "Severity", "Visit", "VisitKind",
]

NOT_DINAS = "Data pembinaan hanya dapat dicatat di file kerja Dinas, bukan di file kerja koperasi."
_KEEP = object()


def _writer(ws: Workspace, by: User) -> None:
    if ws.kind != WorkspaceKind.DINAS:
        raise ValidationError(NOT_DINAS)
    require(by, Perm.DINAS)


def _is_date(v) -> bool:
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def _fmt(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


# ------------------------------------------------------------------------------------------------ registry


def _clean(c: Cooperative) -> Cooperative:
    strip = {f: getattr(c, f).strip() for f in ("key", "name", "legal_number", "nik_koperasi", "nib", "npwp",
                                                "address", "desa", "kecamatan", "kabupaten", "provinsi", "phone",
                                                "email", "business_class", "membership_area", "notes")}
    return replace(c, **strip, coop_type=c.coop_type.strip().upper(),
                   officials=tuple(replace(o, name=o.name.strip(), phone=o.phone.strip(), role=o.role.strip().lower())
                                   for o in c.officials))


def _registry_problems(ws: Workspace, c: Cooperative, *, existing_key: str | None) -> list[str]:
    problems = cooperative_problems(c)
    for label, v in (("Tanggal badan hukum", c.legal_date), ("Masa berlaku NIK koperasi", c.nik_expiry),
                     ("Tanggal RAT terakhir", c.last_rat_date)):
        if v is not None and not _is_date(v):
            problems.append(f"{label} harus tanggal.")
    if c.nik_koperasi:
        other = store.key_by_nik(ws.db, c.nik_koperasi)
        if other is not None and other != existing_key:
            problems.append(f"NIK koperasi {c.nik_koperasi} sudah dipakai {other} "
                            f"({store.coop_name(ws.db, other)}).")
    if existing_key is None and c.key:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", c.key):
            problems.append("Kode koperasi hanya boleh huruf, angka, titik, garis bawah dan tanda hubung "
                            "(paling panjang 32 karakter).")
        elif store.coop_exists(ws.db, c.key):
            problems.append(f"Kode koperasi {c.key} sudah ada di registri.")
    return problems


def add_cooperative(ws: Workspace, by: User, coop: Cooperative) -> Cooperative:
    """Register a cooperative; its key (KOP-0001, ...) is generated when empty."""
    _writer(ws, by)
    c = _clean(coop)
    problems = _registry_problems(ws, c, existing_key=None)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        if not c.key:
            c = replace(c, key=store.next_key(ws.db))
        now = now_iso()
        store.insert_coop(ws.db, c, now)
        store.replace_officials(ws.db, c.key, c.officials)
        audit(ws.db, by, "dinas.koperasi.tambah", "dinas_coop", c.key, {"nama": c.name, "jenis": c.coop_type})
    return get_cooperative(ws, c.key)


def update_cooperative(ws: Workspace, by: User, coop: Cooperative, *, with_officials: bool = True) -> Cooperative:
    """Save a registry record (found by its key). ``with_officials=False`` keeps the stored officials."""
    _writer(ws, by)
    c = _clean(coop)
    if not store.coop_exists(ws.db, c.key):
        raise NotFound(f"Koperasi {c.key or '(tanpa kode)'} tidak ada di registri.")
    problems = _registry_problems(ws, c, existing_key=c.key)
    if problems:
        raise ValidationError(problems)
    before = get_cooperative(ws, c.key)
    with ws.db.atomic():
        store.update_coop(ws.db, c, now_iso())
        if with_officials:
            store.replace_officials(ws.db, c.key, c.officials)
        changed = {f: str(getattr(c, f)) for f in ("name", "status", "nik_koperasi", "legal_number", "coop_type")
                   if getattr(c, f) != getattr(before, f)}
        audit(ws.db, by, "dinas.koperasi.ubah", "dinas_coop", c.key, {"nama": c.name, **changed})
    return get_cooperative(ws, c.key)


def set_officials(ws: Workspace, by: User, key: str, officials: Sequence[CoopOfficial]) -> Cooperative:
    """Replace the cooperative's officials (ketua, sekretaris, bendahara, pengawas, manajer) with phones."""
    _writer(ws, by)
    if not store.coop_exists(ws.db, key):
        raise NotFound(f"Koperasi {key} tidak ada di registri.")
    items = [replace(o, name=o.name.strip(), phone=o.phone.strip(), role=o.role.strip().lower()) for o in officials]
    problems = [p for o in items for p in official_problems(o)]
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.replace_officials(ws.db, key, items)
        audit(ws.db, by, "dinas.koperasi.pengurus", "dinas_coop", key,
              {"pengurus": [f"{OFFICIAL_ROLES[o.role]}: {o.name}" for o in items]})
    return get_cooperative(ws, key)


def get_cooperative(ws: Workspace, key: str) -> Cooperative:
    c = store.get_coop(ws.db, key)
    if c is None:
        raise NotFound(f"Koperasi {key} tidak ada di registri.")
    return c


def list_cooperatives(ws: Workspace, *, search: str | None = None, status: CoopStatus | str | None = None,
                      kabupaten: str | None = None, kecamatan: str | None = None) -> list[Cooperative]:
    """The registry by name; ``search`` matches name, key, NIK koperasi, legal number, desa or kecamatan."""
    where, params = [], []
    if search and search.strip():
        like = f"%{search.strip()}%"
        where.append("(name LIKE ? OR key LIKE ? OR nik_koperasi LIKE ? OR legal_number LIKE ? OR desa LIKE ? "
                     "OR kecamatan LIKE ?)")
        params += [like] * 6
    if status:
        where.append("status = ?")
        params.append(CoopStatus(status).value)
    if kabupaten:
        where.append("kabupaten = ?")
        params.append(kabupaten)
    if kecamatan:
        where.append("kecamatan = ?")
        params.append(kecamatan)
    return store.coops(ws.db, " AND ".join(where), params)


def find_cooperative(ws: Workspace, *, nik_koperasi: str | None = None, legal_number: str | None = None,
                     name: str | None = None) -> Cooperative | None:
    """The registry record matching the NIK koperasi, else the legal entity number, else the exact name (case and
    spacing ignored); None when nothing matches."""
    if nik_koperasi and nik_koperasi.strip():
        key = store.key_by_nik(ws.db, nik_koperasi.strip())
        if key:
            return get_cooperative(ws, key)
    for column, value in (("legal_number", legal_number), ("name", name)):
        if value and value.strip():
            norm = " ".join(value.split()).lower()
            found = [c for c in store.coops(ws.db, f"{column} <> ''")
                     if " ".join(getattr(c, column).split()).lower() == norm]
            if found:
                return found[0]
    return None


def kabupaten_list(ws: Workspace) -> list[str]:
    return [r[0] for r in ws.db.execute("SELECT DISTINCT kabupaten FROM dinas_coops WHERE kabupaten <> '' "
                                        "ORDER BY kabupaten")]


def kecamatan_list(ws: Workspace) -> list[str]:
    return [r[0] for r in ws.db.execute("SELECT DISTINCT kecamatan FROM dinas_coops WHERE kecamatan <> '' "
                                        "ORDER BY kecamatan")]


# ------------------------------------------------------------------------------------------------ officers


def _officer_problems(ws: Workspace, o: Officer) -> list[str]:
    problems = []
    if not o.name.strip():
        problems.append("Nama petugas wajib diisi.")
    nip = o.nip.strip().replace(" ", "")
    if nip and not re.fullmatch(r"\d{18}", nip):
        problems.append(f"NIP harus 18 digit angka (yang dimasukkan: {len(nip)} karakter).")
    elif nip:
        other = store.officer_by_nip(ws.db, nip)
        if other is not None and other != o.id:
            problems.append(f"NIP {nip} sudah dipakai petugas lain.")
    return problems


def add_officer(ws: Workspace, by: User, officer: Officer) -> Officer:
    """Add an officer (name, NIP, position); ``officer.id`` is ignored."""
    _writer(ws, by)
    o = replace(officer, id=None, nip=officer.nip.strip().replace(" ", ""))
    problems = _officer_problems(ws, o)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        oid = store.insert_officer(ws.db, o)
        audit(ws.db, by, "dinas.petugas.tambah", "dinas_officer", oid, {"nama": o.name, "nip": o.nip})
    return get_officer(ws, oid)


def update_officer(ws: Workspace, by: User, officer: Officer) -> Officer:
    _writer(ws, by)
    o = replace(officer, nip=officer.nip.strip().replace(" ", ""))
    get_officer(ws, o.id)
    problems = _officer_problems(ws, o)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.update_officer(ws.db, o)
        audit(ws.db, by, "dinas.petugas.ubah", "dinas_officer", o.id,
              {"nama": o.name, "nip": o.nip, "aktif": o.active})
    return get_officer(ws, o.id)


def get_officer(ws: Workspace, officer_id: int) -> Officer:
    found = store.officers(ws.db, ids=[officer_id]) if officer_id is not None else []
    if not found:
        raise NotFound("Petugas tidak ditemukan.")
    return found[0]


def list_officers(ws: Workspace, active_only: bool = True) -> list[Officer]:
    return store.officers(ws.db, active_only=active_only)


# ------------------------------------------------------------------------------------------------ visits


def _visit_problems(ws: Workspace, *, coop_key, visited_on, kind, officer_ids, start_time, end_time,
                    representatives, checklist, next_visit_on) -> list[str]:
    problems = []
    if not coop_key or not str(coop_key).strip():
        problems.append("Koperasi yang dikunjungi wajib dipilih.")
    elif not store.coop_exists(ws.db, coop_key):
        problems.append(f"Koperasi {coop_key} tidak ada di registri.")
    if visited_on is None:
        problems.append("Tanggal kunjungan wajib diisi.")
    elif not _is_date(visited_on):
        problems.append("Tanggal kunjungan harus tanggal.")
    try:
        VisitKind(kind)
    except ValueError:
        problems.append(f"Jenis kunjungan '{kind}' tidak dikenal.")
    ids = list(officer_ids or ())
    if not ids:
        problems.append("Petugas yang berkunjung: pilih paling sedikit satu petugas.")
    elif len(set(ids)) != len(ids):
        problems.append("Petugas yang berkunjung: ada petugas yang dipilih dua kali.")
    else:
        known = {o.id for o in store.officers(ws.db, ids=ids)}
        if set(ids) - known:
            problems.append("Petugas yang berkunjung: ada petugas yang tidak terdaftar.")
    problems += time_problems(start_time, end_time)
    for i, rep in enumerate(representatives or (), 1):
        if len(rep) != 2 or not str(rep[0]).strip():
            problems.append(f"Wakil koperasi ke-{i}: nama wajib diisi.")
    for key, answer in (checklist or {}).items():
        if key not in CHECKLIST_KEYS:
            problems.append(f"Daftar periksa: butir '{key}' tidak dikenal.")
        elif answer is not None and not isinstance(answer, bool):
            problems.append(f"Daftar periksa '{dict(CHECKLIST)[key]}': jawab ya, tidak, atau kosong.")
    if next_visit_on is not None:
        if not _is_date(next_visit_on):
            problems.append("Rencana kunjungan berikutnya harus tanggal.")
        elif _is_date(visited_on) and next_visit_on <= visited_on:
            problems.append("Rencana kunjungan berikutnya harus sesudah tanggal kunjungan.")
    return problems


def _visit_values(coop_key, visited_on, kind, start_time, end_time, location, surat_tugas, observations,
                  next_visit_on) -> dict:
    return {"coop_key": coop_key, "visited_on": visited_on.isoformat(), "start_time": start_time or None,
            "end_time": end_time or None, "kind": VisitKind(kind).value, "location": (location or "").strip(),
            "surat_tugas": (surat_tugas or "").strip(), "observations": (observations or "").strip(),
            "next_visit_on": next_visit_on.isoformat() if next_visit_on else None}


def create_visit(ws: Workspace, by: User, *, coop_key: str, visited_on: dt.date, kind: VisitKind | str,
                 officer_ids: Sequence[int], start_time: str | None = None, end_time: str | None = None,
                 location: str = "", surat_tugas: str = "", representatives: Sequence[tuple[str, str]] = (),
                 checklist: Mapping[str, bool | None] | None = None, observations: str = "",
                 next_visit_on: dt.date | None = None) -> Visit:
    """Record a coaching visit (refused without a cooperative, a date or an officer)."""
    _writer(ws, by)
    problems = _visit_problems(ws, coop_key=coop_key, visited_on=visited_on, kind=kind, officer_ids=officer_ids,
                               start_time=start_time, end_time=end_time, representatives=representatives,
                               checklist=checklist, next_visit_on=next_visit_on)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        now = now_iso()
        vid = store.insert_visit(ws.db, _visit_values(coop_key, visited_on, kind, start_time, end_time, location,
                                                      surat_tugas, observations, next_visit_on), now, by.id)
        store.replace_visit_officers(ws.db, vid, list(officer_ids))
        store.replace_representatives(ws.db, vid, [(n, r) for n, r in representatives])
        store.replace_checklist(ws.db, vid, dict(checklist or {}))
        audit(ws.db, by, "dinas.kunjungan.tambah", "dinas_visit", vid,
              {"koperasi": coop_key, "tanggal": visited_on.isoformat(), "jenis": VisitKind(kind).value})
    return get_visit(ws, vid)


def update_visit(ws: Workspace, by: User, visit_id: int, *, coop_key=_KEEP, visited_on=_KEEP, kind=_KEEP,
                 officer_ids=_KEEP, start_time=_KEEP, end_time=_KEEP, location=_KEEP, surat_tugas=_KEEP,
                 representatives=_KEEP, checklist=_KEEP, observations=_KEEP, next_visit_on=_KEEP) -> Visit:
    """Change a visit; arguments not given keep what the visit holds. A date after one of its follow-ups is
    refused (a follow-up cannot come before its recommendation)."""
    _writer(ws, by)
    v = get_visit(ws, visit_id)

    def pick(new, old):
        return old if new is _KEEP else new

    f = {
        "coop_key": pick(coop_key, v.coop_key), "visited_on": pick(visited_on, v.visited_on),
        "kind": pick(kind, v.kind), "officer_ids": pick(officer_ids, [o.id for o in v.officers]),
        "start_time": pick(start_time, v.start_time), "end_time": pick(end_time, v.end_time),
        "representatives": pick(representatives, v.representatives),
        "checklist": pick(checklist, dict(v.checklist)), "next_visit_on": pick(next_visit_on, v.next_visit_on),
    }
    problems = _visit_problems(ws, **f)
    if _is_date(f["visited_on"]):
        early = [fu.on for r in v.recommendations for fu in r.history if fu.on < f["visited_on"]]
        if early:
            problems.append(f"Tanggal kunjungan tidak boleh sesudah tindak lanjut yang sudah dicatat "
                            f"({_fmt(min(early))}).")
        late_due = [r.due_on for r in v.recommendations if r.due_on and r.due_on < f["visited_on"]]
        if late_due:
            problems.append("Tanggal kunjungan tidak boleh sesudah batas waktu rekomendasinya "
                            f"({_fmt(min(late_due))}).")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.update_visit(ws.db, visit_id, _visit_values(
            f["coop_key"], f["visited_on"], f["kind"], f["start_time"], f["end_time"], pick(location, v.location),
            pick(surat_tugas, v.surat_tugas), pick(observations, v.observations), f["next_visit_on"]),
            now_iso(), by.id)
        store.replace_visit_officers(ws.db, visit_id, list(f["officer_ids"]))
        store.replace_representatives(ws.db, visit_id, [(n, r) for n, r in f["representatives"]])
        store.replace_checklist(ws.db, visit_id, dict(f["checklist"] or {}))
        audit(ws.db, by, "dinas.kunjungan.ubah", "dinas_visit", visit_id,
              {"koperasi": f["coop_key"], "tanggal": f["visited_on"].isoformat()})
    return get_visit(ws, visit_id)


def get_visit(ws: Workspace, visit_id: int) -> Visit:
    found = store.visits(ws.db, "v.id = ?", [visit_id])
    if not found:
        raise NotFound("Kunjungan tidak ditemukan.")
    return found[0]


def list_visits(ws: Workspace, *, coop_key: str | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None, officer_id: int | None = None,
                kind: VisitKind | str | None = None) -> list[Visit]:
    """Visits, newest first, filtered by cooperative, period, officer and kind."""
    where, params = [], []
    if coop_key:
        where.append("v.coop_key = ?")
        params.append(coop_key)
    if date_from:
        where.append("v.visited_on >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("v.visited_on <= ?")
        params.append(date_to.isoformat())
    if officer_id is not None:
        where.append("v.id IN (SELECT visit_id FROM dinas_visit_officers WHERE officer_id = ?)")
        params.append(officer_id)
    if kind:
        where.append("v.kind = ?")
        params.append(VisitKind(kind).value)
    return store.visits(ws.db, " AND ".join(where), params)


def _visit_header(ws: Workspace, visit_id: int) -> tuple[str, dt.date]:
    h = store.visit_header(ws.db, visit_id)
    if h is None:
        raise NotFound("Kunjungan tidak ditemukan.")
    return h


def add_problem(ws: Workspace, by: User, visit_id: int, *, category: str, description: str,
                severity: Severity | str) -> Problem:
    """A problem found at the visit (permasalahan): category, description, severity."""
    _writer(ws, by)
    key, _ = _visit_header(ws, visit_id)
    problems = []
    if category not in PROBLEM_CATEGORIES:
        problems.append(f"Kategori permasalahan '{category}' tidak dikenal (pilih: {', '.join(PROBLEM_CATEGORIES)}).")
    if not description or not description.strip():
        problems.append("Uraian permasalahan wajib diisi.")
    try:
        Severity(severity)
    except ValueError:
        problems.append(f"Tingkat keparahan '{severity}' tidak dikenal (rendah, sedang, tinggi).")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        pid = store.insert_problem(ws.db, visit_id, category, description.strip(), Severity(severity).value)
        audit(ws.db, by, "dinas.permasalahan.tambah", "dinas_visit", visit_id,
              {"koperasi": key, "kategori": category, "keparahan": Severity(severity).value})
    return Problem(pid, category, description.strip(), Severity(severity), visit_id)


def _check_recommendation(text: str, due_on: dt.date | None, visited_on: dt.date) -> None:
    """A recommendation needs its text and a due date on or after the visit."""
    problems = []
    if not text or not text.strip():
        problems.append("Isi rekomendasi wajib diisi.")
    if due_on is None:
        problems.append("Batas waktu rekomendasi wajib diisi.")
    elif not _is_date(due_on):
        problems.append("Batas waktu rekomendasi harus tanggal.")
    elif due_on < visited_on:
        problems.append(f"Batas waktu rekomendasi ({_fmt(due_on)}) tidak boleh sebelum tanggal kunjungan "
                        f"({_fmt(visited_on)}).")
    if problems:
        raise ValidationError(problems)


def add_recommendation(ws: Workspace, by: User, visit_id: int, *, text: str, pic: str = "",
                       due_on: dt.date | None) -> Recommendation:
    """A recommendation with the person responsible at the cooperative and its due date (on or after the visit)."""
    _writer(ws, by)
    key, visited_on = _visit_header(ws, visit_id)
    _check_recommendation(text, due_on, visited_on)
    with ws.db.atomic():
        rid = store.insert_recommendation(ws.db, visit_id, text.strip(), (pic or "").strip(), due_on, now_iso())
        audit(ws.db, by, "dinas.rekomendasi.tambah", "dinas_recommendation", rid,
              {"koperasi": key, "kunjungan": visit_id, "batas": due_on.isoformat()})
    return get_recommendation(ws, rid)


def update_recommendation(ws: Workspace, by: User, recommendation_id: int, *, text: str, pic: str,
                          due_on: dt.date | None) -> Recommendation:
    """Correct a recommendation's text, person responsible or due date (its follow-ups stay as they are)."""
    _writer(ws, by)
    h = store.recommendation_header(ws.db, recommendation_id)
    if h is None:
        raise NotFound("Rekomendasi tidak ditemukan.")
    visit_id, key, visited_on = h
    _check_recommendation(text, due_on, visited_on)
    with ws.db.atomic():
        store.update_recommendation(ws.db, recommendation_id, text.strip(), (pic or "").strip(), due_on)
        audit(ws.db, by, "dinas.rekomendasi.ubah", "dinas_recommendation", recommendation_id,
              {"koperasi": key, "kunjungan": visit_id, "batas": due_on.isoformat()})
    return get_recommendation(ws, recommendation_id)


def delete_visit(ws: Workspace, by: User, visit_id: int) -> None:
    """Delete a visit entered by mistake, with its problems, recommendations and attachments. Refused once any of
    its recommendations has a follow-up (the follow-up history is never deleted)."""
    _writer(ws, by)
    v = get_visit(ws, visit_id)
    if any(r.history for r in v.recommendations):
        raise ValidationError("Kunjungan ini tidak dapat dihapus karena rekomendasinya sudah mempunyai tindak "
                              "lanjut; riwayat tindak lanjut tidak boleh dihapus.")
    with ws.db.atomic():
        store.delete_visit(ws.db, visit_id)
        audit(ws.db, by, "dinas.kunjungan.hapus", "dinas_visit", visit_id,
              {"koperasi": v.coop_key, "tanggal": v.visited_on.isoformat(), "jenis": v.kind.value})


def get_recommendation(ws: Workspace, recommendation_id: int) -> Recommendation:
    found = store.recommendations(ws.db, "r.id = ?", [recommendation_id])
    if not found:
        raise NotFound("Rekomendasi tidak ditemukan.")
    return found[0]


def list_recommendations(ws: Workspace, *, coop_key: str | None = None,
                         status: FollowUpStatus | str | Sequence[FollowUpStatus] | None = None,
                         date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[Recommendation]:
    """Recommendations (oldest visit first) by cooperative, current status and visit period."""
    where, params = [], []
    if coop_key:
        where.append("v.coop_key = ?")
        params.append(coop_key)
    if date_from:
        where.append("v.visited_on >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("v.visited_on <= ?")
        params.append(date_to.isoformat())
    recs = store.recommendations(ws.db, " AND ".join(where), params)
    if status is not None:
        wanted = {FollowUpStatus(status)} if isinstance(status, str) else {FollowUpStatus(s) for s in status}
        recs = [r for r in recs if r.status in wanted]
    return recs


def add_follow_up(ws: Workspace, by: User, recommendation_id: int, *, on: dt.date, status: FollowUpStatus | str,
                  note: str = "", evidence: str = "") -> Recommendation:
    """Append a follow-up (tindak lanjut) to a recommendation: date, status, note and evidence. Never changed or
    deleted afterwards; the latest one by date is the recommendation's status. Refused when dated before the
    recommendation (its visit)."""
    _writer(ws, by)
    h = store.recommendation_header(ws.db, recommendation_id)
    if h is None:
        raise NotFound("Rekomendasi tidak ditemukan.")
    visit_id, key, visited_on = h
    problems = []
    if on is None:
        problems.append("Tanggal tindak lanjut wajib diisi.")
    elif not _is_date(on):
        problems.append("Tanggal tindak lanjut harus tanggal.")
    elif on < visited_on:
        problems.append(f"Tanggal tindak lanjut ({_fmt(on)}) tidak boleh sebelum tanggal rekomendasi "
                        f"(kunjungan {_fmt(visited_on)}).")
    try:
        FollowUpStatus(status)
    except ValueError:
        problems.append(f"Status tindak lanjut '{status}' tidak dikenal.")
    if problems:
        raise ValidationError(problems)
    st = FollowUpStatus(status)
    with ws.db.atomic():
        fid = store.insert_follow_up(ws.db, recommendation_id, on, st.value, (note or "").strip(),
                                     (evidence or "").strip(), now_iso(), by.id)
        audit(ws.db, by, "dinas.tindak_lanjut.tambah", "dinas_recommendation", recommendation_id,
              {"koperasi": key, "tindak_lanjut": fid, "tanggal": on.isoformat(), "status": st.value})
    return get_recommendation(ws, recommendation_id)


def add_attachment(ws: Workspace, by: User, visit_id: int, *, filename: str, data: bytes,
                   caption: str = "") -> AttachmentInfo:
    """Keep a photo (PNG/JPEG) or a scan (PDF) inside the workspace file; the type is read from the bytes, the
    size limit is the setting (5 MB unless changed)."""
    _writer(ws, by)
    key, _ = _visit_header(ws, visit_id)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    problems = []
    if not name:
        problems.append("Nama file lampiran wajib diisi.")
    if not data:
        problems.append(f"File lampiran {name} kosong.")
    mime = sniff_mime(data or b"")
    if data and mime is None:
        problems.append(f"Lampiran {name} bukan gambar (PNG/JPEG) atau PDF; hanya foto dan hasil pindaian PDF "
                        "yang dapat disimpan.")
    limit = get_settings(ws).attachment_max_bytes
    if data and len(data) > limit:
        problems.append(f"Ukuran lampiran {name} {_mb(len(data))} melebihi batas {_mb(limit)}.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        aid = store.insert_attachment(ws.db, visit_id, name, mime, data, (caption or "").strip(), now_iso(), by.id)
        audit(ws.db, by, "dinas.lampiran.tambah", "dinas_visit", visit_id,
              {"koperasi": key, "lampiran": aid, "file": name, "jenis": mime, "ukuran": len(data)})
    return store.attachment_info(ws.db, aid)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def attachment_data(ws: Workspace, attachment_id: int) -> bytes:
    data = store.attachment_data(ws.db, attachment_id)
    if data is None:
        raise NotFound("Lampiran tidak ditemukan.")
    return data


def delete_attachment(ws: Workspace, by: User, attachment_id: int) -> None:
    _writer(ws, by)
    info = store.attachment_info(ws.db, attachment_id)
    if info is None:
        raise NotFound("Lampiran tidak ditemukan.")
    with ws.db.atomic():
        store.delete_attachment(ws.db, attachment_id)
        audit(ws.db, by, "dinas.lampiran.hapus", "dinas_attachment", attachment_id, {"file": info.filename})


# ------------------------------------------------------------------------------------------------ RAT and packages


def record_rat(ws: Workspace, by: User, coop_key: str, year: int, held_on: dt.date | None,
               source: str = "manual") -> RatRecord:
    """The RAT of financial year ``year``: the date it was held (None: not held). One record per cooperative and
    year; recording it again replaces it."""
    _writer(ws, by)
    problems = []
    if not store.coop_exists(ws.db, coop_key):
        problems.append(f"Koperasi {coop_key} tidak ada di registri.")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
        problems.append("Tahun buku RAT harus tahun, misalnya 2024.")
    elif held_on is not None:
        if not _is_date(held_on):
            problems.append("Tanggal RAT harus tanggal.")
        elif held_on <= dt.date(year, 12, 31):
            problems.append(f"RAT tahun buku {year} diadakan sesudah tahun buku berakhir (sesudah 31-12-{year}); "
                            f"tertulis {_fmt(held_on)}.")
    if source not in ("manual", "paket"):
        problems.append("Sumber data RAT harus 'manual' atau 'paket'.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.upsert_rat(ws.db, coop_key, year, held_on, source, now_iso())
        audit(ws.db, by, "dinas.rat.catat", "dinas_coop", coop_key,
              {"tahun_buku": year, "tanggal": held_on.isoformat() if held_on else None, "sumber": source})
    return RatRecord(coop_key, year, held_on, source)


def rat_history(ws: Workspace, coop_key: str) -> list[RatRecord]:
    """The RAT records of a cooperative by financial year."""
    return store.rat_records(ws.db, coop_key)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def upsert_coop_year(ws: Workspace, by: User, coop_key: str, year: int, data: dict,
                     package_sha256: str) -> CoopYear:
    """Keep a package's content for a cooperative and financial year (replacing an earlier package of that year).
    The same package again (same hash and content) writes nothing. Callable inside the importer's transaction."""
    _writer(ws, by)
    problems = []
    if not store.coop_exists(ws.db, coop_key):
        problems.append(f"Koperasi {coop_key} tidak ada di registri.")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2999:
        problems.append("Tahun buku paket harus tahun, misalnya 2024.")
    if not isinstance(package_sha256, str) or not _SHA256.fullmatch(package_sha256):
        problems.append("Sidik (SHA-256) paket harus 64 karakter heksadesimal huruf kecil.")
    if not isinstance(data, dict):
        problems.append("Isi paket harus berupa objek data.")
    else:
        try:
            json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as exc:
            problems.append(f"Isi paket tidak bisa disimpan (angka harus teks atau bilangan bulat): {exc}")
    if problems:
        raise ValidationError(problems)
    old = store.coop_years(ws.db, coop_key, year)
    if old and old[0].package_sha256 == package_sha256 and old[0].data == json.loads(json.dumps(data)):
        return old[0]
    with ws.db.atomic():
        store.upsert_coop_year(ws.db, coop_key, year, data, package_sha256, now_iso(), by.id)
        audit(ws.db, by, "dinas.paket.simpan", "dinas_coop", coop_key,
              {"tahun_buku": year, "sha256": package_sha256, "mengganti": old[0].package_sha256 if old else None})
    return store.coop_years(ws.db, coop_key, year)[0]


def coop_years(ws: Workspace, coop_key: str) -> list[CoopYear]:
    return store.coop_years(ws.db, coop_key)


def coop_year(ws: Workspace, coop_key: str, year: int) -> CoopYear | None:
    found = store.coop_years(ws.db, coop_key, year)
    return found[0] if found else None


# ------------------------------------------------------------------------------------------------ settings


def get_settings(ws: Workspace) -> DinasSettings:
    return store.load_settings(ws.db)


def save_settings(ws: Workspace, by: User, *, inactive_threshold_years: int | None = None,
                  attachment_max_bytes: int | None = None, not_visited_months: int | None = None) -> DinasSettings:
    """Change the inactive threshold (2 or 3 years), the attachment size limit and the not-visited months;
    arguments left None keep their value."""
    _writer(ws, by)
    cur = get_settings(ws)
    new = DinasSettings(
        cur.inactive_threshold_years if inactive_threshold_years is None else inactive_threshold_years,
        cur.attachment_max_bytes if attachment_max_bytes is None else attachment_max_bytes,
        cur.not_visited_months if not_visited_months is None else not_visited_months)
    problems = []
    if new.inactive_threshold_years not in INACTIVE_THRESHOLDS:
        problems.append("Batas koperasi tidak aktif harus 2 atau 3 tahun tanpa RAT.")
    if isinstance(new.attachment_max_bytes, bool) or not isinstance(new.attachment_max_bytes, int) or not (
            100 * 1024 <= new.attachment_max_bytes <= 50 * 1024 * 1024):
        problems.append("Batas ukuran lampiran harus antara 0,1 MB dan 50 MB.")
    if isinstance(new.not_visited_months, bool) or not isinstance(new.not_visited_months, int) or not (
            1 <= new.not_visited_months <= 60):
        problems.append("Batas bulan belum dikunjungi harus 1 sampai 60 bulan.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.save_settings(ws.db, new)
        audit(ws.db, by, "dinas.pengaturan", "dinas_settings", 1,
              {"ambang_tidak_aktif": new.inactive_threshold_years, "batas_lampiran": new.attachment_max_bytes,
               "bulan_belum_dikunjungi": new.not_visited_months})
    return new


# ------------------------------------------------------------------------------------------------ monitoring


def overdue_recommendations(ws: Workspace, today: dt.date) -> list[Recommendation]:
    """Open (Terbuka / Dalam proses) recommendations past their due date, most overdue first."""
    recs = store.recommendations(ws.db, "r.due_on < ?", [today.isoformat()])
    return sorted((r for r in recs if r.overdue(today)), key=lambda r: (r.due_on, r.coop_name, r.seq))


@dataclass(frozen=True, slots=True)
class NotVisited:
    coop: Cooperative
    last_visit: dt.date | None          # None: never visited
    months_since: int | None


def not_visited(ws: Workspace, today: dt.date, months: int | None = None) -> list[NotVisited]:
    """Cooperatives never visited or whose last visit is more than ``months`` (the setting, 6 unless changed)
    months before today: never visited first, then the longest ago. Frozen (beku) cooperatives are left out."""
    months = get_settings(ws).not_visited_months if months is None else months
    cutoff = add_months(today, -months)
    last = store.last_visits(ws.db)
    out = []
    for c in store.coops(ws.db, "status <> 'beku'"):
        lv = last.get(c.key)
        if lv is None or lv < cutoff:
            since = None if lv is None else (today.year - lv.year) * 12 + today.month - lv.month - (today.day < lv.day)
            out.append(NotVisited(c, lv, since))
    out.sort(key=lambda n: (n.last_visit is not None, n.last_visit or dt.date.min, n.coop.name))
    return out


@dataclass(frozen=True, slots=True)
class RatCompliance:
    coop: Cooperative
    year: int                            # financial year
    deadline: dt.date
    held_on: dt.date | None
    status: RatStatus
    source: str                          # manual / paket / registri (the registry's last RAT date) / ''


def rat_compliance(ws: Workspace, year: int, today: dt.date) -> list[RatCompliance]:
    """Per cooperative (founded by the end of ``year``): the RAT of financial year ``year`` held on time (by 30 June
    of the next year), late, not held, or not yet due. Without a RAT record for that year, a registry "last RAT
    date" in the following calendar year counts as that year's RAT."""
    records = {r.coop_key: r for r in store.rat_records(ws.db, year=year)}
    end = dt.date(year, 12, 31)
    registry = dict(ws.db.execute("SELECT key, last_rat_date FROM dinas_coops").fetchall())
    out = []
    for c in store.coops(ws.db):
        if c.legal_date and c.legal_date > end:
            continue
        rec = records.get(c.key)
        if rec is not None:
            held, source = rec.held_on, rec.source
        else:
            reg = registry.get(c.key)
            reg_d = dt.date.fromisoformat(reg) if reg else None
            held, source = (reg_d, "registri") if reg_d and reg_d.year == year + 1 else (None, "")
        out.append(RatCompliance(c, year, rat_deadline(year), held, rat_status(year, held, today), source))
    return out


@dataclass(frozen=True, slots=True)
class InactiveRow:
    coop: Cooperative
    last_rat: dt.date | None
    missed: int | None                   # RAT deadlines passed since the last RAT (None: no RAT on record)
    inactive_from: dt.date | None        # when the rule flags (or flagged) it, with the current threshold


@dataclass(frozen=True, slots=True)
class InactiveReport:
    today: dt.date
    threshold_years: int
    cutoff: dt.date                      # a last RAT on or before this day is inactive
    inactive: tuple[InactiveRow, ...]    # spec §8.4 rule
    warnings: tuple[InactiveRow, ...]    # still active, but at least one RAT missed


def inactive_cooperatives(ws: Workspace, today: dt.date) -> InactiveReport:
    """The inactive rule of spec §8.4 with the threshold setting (2 or 3 years), and the one-missed-RAT warnings."""
    years = get_settings(ws).inactive_threshold_years
    inact, warn = [], []
    for c in store.coops(ws.db):
        row = InactiveRow(c, c.last_rat_date, missed_rats(c.last_rat_date, today),
                          inactive_from(c.last_rat_date, years) if c.last_rat_date else None)
        if inactive(c.last_rat_date, today, years):
            inact.append(row)
        elif row.missed:
            warn.append(row)
    inact.sort(key=lambda r: (r.last_rat is not None, r.last_rat or dt.date.min, r.coop.name))
    warn.sort(key=lambda r: (-(r.missed or 0), r.last_rat or dt.date.min, r.coop.name))
    return InactiveReport(today, years, inactive_cutoff(today, years), tuple(inact), tuple(warn))


@dataclass(frozen=True, slots=True)
class CoachingRow:
    coop: Cooperative
    need: CoachingNeed
    last_visit: dt.date | None
    open_recommendations: int
    overdue_recommendations: int


def coaching_needs(ws: Workspace, today: dt.date) -> list[CoachingRow]:
    """Every cooperative with its coaching need, most urgent first (priority, then the number of reasons)."""
    years = get_settings(ws).inactive_threshold_years
    open_n: Counter = Counter()
    overdue_n: Counter = Counter()
    not_done: Counter = Counter()
    for r in store.recommendations(ws.db):
        if r.status.open:
            open_n[r.coop_key] += 1
            if r.overdue(today):
                overdue_n[r.coop_key] += 1
        elif r.status == FollowUpStatus.TIDAK_SELESAI:
            not_done[r.coop_key] += 1
    last = store.last_visits(ws.db)
    rows = []
    for c in store.coops(ws.db):
        need = classify(predicate=c.last_predicate, predicate_year=c.last_predicate_year, today=today,
                        is_inactive=inactive(c.last_rat_date, today, years),
                        missed=missed_rats(c.last_rat_date, today), open_recommendations=open_n[c.key],
                        overdue_recommendations=overdue_n[c.key], not_done_recommendations=not_done[c.key],
                        status=c.status)
        rows.append(CoachingRow(c, need, last.get(c.key), open_n[c.key], overdue_n[c.key]))
    rows.sort(key=lambda r: (r.need.priority, -len(r.need.reasons), -r.overdue_recommendations, r.coop.name))
    return rows


NO_PREDICATE = "Belum dinilai"


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: dt.date
    total: int
    by_status: Mapping[CoopStatus, int]
    by_predicate: Mapping[str, int]                # predicate -> count; NO_PREDICATE for none
    rat_year: int                                  # last financial year
    rat: Mapping[RatStatus, int]
    visits_this_month: int
    visits_this_year: int
    overdue_follow_ups: int
    overdue: tuple[Recommendation, ...]            # the 10 most overdue
    not_visited: int
    inactive: int
    warnings: int
    by_priority: Mapping[int, int]                 # coaching need priority -> count
    by_kecamatan: Mapping[str, int]


def dashboard(ws: Workspace, today: dt.date) -> Dashboard:
    """Beranda of a Dinas workspace: counts by status and predicate, last year's RAT compliance, visits this month,
    overdue follow-ups, cooperatives not visited, inactive ones and the coaching priorities."""
    coops = store.coops(ws.db)
    by_status = {s: 0 for s in CoopStatus}
    by_pred: dict[str, int] = defaultdict(int)
    by_kec: dict[str, int] = defaultdict(int)
    for c in coops:
        by_status[c.status] += 1
        by_pred[c.last_predicate or NO_PREDICATE] += 1
        by_kec[c.kecamatan or "(tanpa kecamatan)"] += 1
    rat_year = today.year - 1
    rat = {s: 0 for s in RatStatus}
    for r in rat_compliance(ws, rat_year, today):
        rat[r.status] += 1
    overdue = overdue_recommendations(ws, today)
    month_start = today.replace(day=1)
    inact = inactive_cooperatives(ws, today)
    prio = {p: 0 for p in (1, 2, 3, 4)}
    for row in coaching_needs(ws, today):
        prio[row.need.priority] += 1
    return Dashboard(
        today, len(coops), by_status, dict(sorted(by_pred.items())), rat_year, rat,
        store.count_visits(ws.db, month_start, today), store.count_visits(ws.db, today.replace(month=1, day=1), today),
        len(overdue), tuple(overdue[:10]), len(not_visited(ws, today)), len(inact.inactive), len(inact.warnings),
        prio, dict(sorted(by_kec.items())))


def checklist_label(key: str) -> str:
    return dict(CHECKLIST)[key]


def attachment_kind_label(mime: str) -> str:
    return ATTACHMENT_MIMES.get(mime, mime)
