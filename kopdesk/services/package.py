"""The sealed annual cooperative-to-Dinas package (``.kopdesk-paket``, issue 8 item 6).

Koperasi side
    ``export_package(ws, year, out, by) -> Path``: for a CLOSED financial year, the cooperative's profile, officials,
    membership by gender, the statements with their comparatives, the collectibility summary, savings by type, the
    SHU, the RAT of that year, and the health inputs ``services.health.derive_inputs`` computes (each as an exact
    decimal string with its explanation), sealed by ``kopdesk.domain.package``. Read-only: nothing is written to
    the workspace; the file appears whole or not at all.

Dinas side
    ``read_package(path) -> Package`` checks a file (seal, format, fields, truncation); ``preview_import(ws, path)``
    tells which registry cooperative it matches (NIK koperasi, then nomor badan hukum, then name; or a new one) and
    what will change field by field; ``import_package(ws, path, by)`` applies it in ONE transaction: the registry
    record (identity, officials, members by gender; a new cooperative is added), the RAT of the year (source
    "paket"), the year's data with the seal (``services.dinas.upsert_coop_year``) and the draft health assessment
    of the year pre-filled with the package's inputs (``services.health.create_or_update`` with ``coop_key``). A
    final assessment is never overwritten (reported instead). The same package imported again writes nothing.

Registry identity is only taken from a package at least as recent as the newest year already imported for that
cooperative, so importing last year's package late does not roll the registry back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kopdesk import __version__
from kopdesk.domain.coop import COOP_TYPES, WorkspaceKind
from kopdesk.domain.dinas import OFFICIAL_ROLES, Cooperative, CoopOfficial, CoopStatus
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health.scoring import Method, round2
from kopdesk.domain.package import EXTENSION, Package, build, file_bytes, parse
from kopdesk.domain.statements import BalanceSheet, CashFlowStatement, EquityStatement, IncomeStatement, StatementRow
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import date_long, date_short
from kopdesk.services import closing, dinas, health, profile, rat, shu, statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace

PHU_FIGURES = ("partisipasi_bruto", "beban_pokok", "partisipasi_neto", "pendapatan_non_anggota", "shu_kotor",
               "beban_usaha", "shu_usaha", "pendapatan_lain", "beban_lain", "beban_perkoperasian",
               "shu_sebelum_pajak", "pajak", "shu_setelah_pajak", "shu_non_anggota", "shu_anggota")
HEALTH_METHOD = Method.PERDEP06_2016

# ------------------------------------------------------------------------------------------------ export


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _rows(rows: Sequence[StatementRow]) -> list[dict[str, Any]]:
    return [{"uraian": r.label, "jumlah": r.amount, "pembanding": r.prior, "jenis": r.kind.value, "tingkat": r.level,
             "kunci": r.key, "kode_akun": r.code, "pengurang": r.deduct} for r in rows]


def _balance_sheet(b: BalanceSheet) -> dict[str, Any]:
    return {
        "per_tanggal": _iso(b.as_of), "pembanding_per_tanggal": _iso(b.prior_as_of),
        "jumlah_aset": b.total_assets, "jumlah_liabilitas": b.total_liabilities, "jumlah_ekuitas": b.total_equity,
        "pembanding_jumlah_aset": b.prior_total_assets, "pembanding_jumlah_liabilitas": b.prior_total_liabilities,
        "pembanding_jumlah_ekuitas": b.prior_total_equity, "seimbang": b.balanced,
        "bagian": [{"kunci": s.key, "uraian": s.label, "jumlah": s.total, "pembanding": s.prior_total,
                    "pos": [{"kunci": x.key, "uraian": x.label, "jumlah": x.amount, "pembanding": x.prior,
                             "akun": [{"kode": a.code, "nama": a.name, "jumlah": a.amount, "pembanding": a.prior}
                                      for a in x.accounts]} for x in s.lines]} for s in b.sections],
        "baris": _rows(b.rows()),
    }


def _phu_figures(f) -> dict[str, int] | None:
    return None if f is None else {k: getattr(f, k) for k in PHU_FIGURES}


def _income(i: IncomeStatement) -> dict[str, Any]:
    return {
        "periode": {"mulai": _iso(i.period.start), "akhir": _iso(i.period.end), "uraian": i.period.label},
        "pembanding_periode": None if i.prior_period is None else {
            "mulai": _iso(i.prior_period.start), "akhir": _iso(i.prior_period.end), "uraian": i.prior_period.label},
        "angka": _phu_figures(i.current), "pembanding": _phu_figures(i.prior),
        "aturan_non_anggota": i.non_member_rule.value, "baris": _rows(i.rows()),
    }


def _equity(e: EquityStatement | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "periode": {"mulai": _iso(e.period.start), "akhir": _iso(e.period.end)},
        "kolom": [{"kunci": k, "uraian": label} for k, label in e.columns],
        "saldo_awal": list(e.opening.amounts),
        "mutasi": [{"kunci": m.key, "uraian": m.label, "jumlah": list(m.amounts), "total": m.total}
                   for m in e.movements],
        "saldo_akhir": list(e.closing.amounts), "jumlah_saldo_awal": e.opening.total,
        "jumlah_saldo_akhir": e.closing.total, "shu_tahun_berjalan": e.shu_of_period, "cocok": e.ties,
    }


def _cash_flow(c: CashFlowStatement) -> dict[str, Any]:
    return {
        "saldo_awal": c.opening, "saldo_akhir": c.closing, "kenaikan_bersih": c.net_change,
        "pembanding_saldo_awal": c.prior_opening, "pembanding_saldo_akhir": c.prior_closing,
        "pembanding_kenaikan_bersih": c.prior_net_change, "cocok": c.ties,
        "bagian": [{"kunci": s.key, "uraian": s.label, "jumlah": s.total, "pembanding": s.prior_total,
                    "pos": [{"kunci": x.key, "uraian": x.label, "jumlah": x.amount, "pembanding": x.prior}
                            for x in s.lines]} for s in c.sections],
    }


def _loan_note(n) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"per_tanggal": _iso(n.as_of), "pokok_beredar": n.outstanding, "ppap_dibutuhkan": n.ppap_required,
            "ppap_dibukukan": n.ppap_booked,
            "kelas": [{"kelas": c.klass.value, "uraian": c.label, "jumlah_pinjaman": c.loans,
                       "pokok_beredar": c.outstanding, "tarif_ppap": str(c.rate), "ppap": c.ppap}
                      for c in n.classes]}


def _members_by_gender(ws: Workspace, as_of: dt.date) -> dict[str, int]:
    """Members (not prospective) who had joined by the date and not left, by gender; and prospective ones."""
    d = as_of.isoformat()
    rows = dict(ws.db.execute(
        "SELECT gender, count(*) FROM members WHERE join_date <= ? AND status <> 'calon' "
        "AND (exit_date IS NULL OR exit_date > ?) GROUP BY gender", [d, d]).fetchall())
    return {"laki_laki": rows.get("L", 0), "perempuan": rows.get("P", 0)}


def _membership(ws: Workspace, notes, p) -> dict[str, Any]:
    now = _members_by_gender(ws, p.end)
    return {"per_tanggal": _iso(p.end), **now, "jumlah": notes.members, "jumlah_tahun_lalu": notes.prior_members}


def _officials(ws: Workspace) -> list[dict[str, Any]]:
    return [{"kelompok": o.body, "jabatan": o.role, "nama": o.name, "telepon": o.phone,
             "mulai_jabatan": _iso(o.term_start), "akhir_jabatan": _iso(o.term_end)}
            for o in profile.list_officials(ws, active_only=True)]


def _coop(ws: Workspace) -> dict[str, Any]:
    p = profile.get_profile(ws)
    return {"nama": p.name, "nomor_badan_hukum": p.legal_number, "tanggal_badan_hukum": _iso(p.legal_date),
            "nik_koperasi": p.nik_koperasi, "nib": p.nib, "npwp": p.npwp, "alamat": p.street, "desa": p.desa,
            "kecamatan": p.kecamatan, "kabupaten_kota": p.kabupaten_kota, "provinsi": p.province,
            "kode_pos": p.postal_code, "telepon": p.phone, "email": p.email, "jenis": p.coop_type,
            "jenis_uraian": COOP_TYPES.get(p.coop_type, p.coop_type),
            "bulan_awal_tahun_buku": p.fiscal_year_start_month}


def _savings(notes) -> dict[str, Any]:
    by_kind: dict[str, int] = {}
    prior_by_kind: dict[str, int] = {}
    for s in notes.savings:
        by_kind[s.kind] = by_kind.get(s.kind, 0) + s.amount
        prior_by_kind[s.kind] = prior_by_kind.get(s.kind, 0) + s.prior
    return {"per_tanggal": _iso(notes.as_of), "per_jenis": by_kind, "pembanding_per_jenis": prior_by_kind,
            "jumlah": sum(by_kind.values()), "pembanding_jumlah": sum(prior_by_kind.values()),
            "produk": [{"kode": s.product_code, "nama": s.product_name, "jenis": s.kind, "kode_akun": s.account_code,
                        "penabung": s.members, "saldo": s.amount, "penabung_tahun_lalu": s.prior_members,
                        "saldo_tahun_lalu": s.prior} for s in notes.savings]}


def _shu(ws: Workspace, year: int) -> dict[str, Any]:
    state = shu.allocation_state(ws, year)
    out: dict[str, Any] = {
        "status": state.status, "jumlah": state.shu,
        "alokasi": [{"pos": n.key, "uraian": n.label, "persen": str(n.percent), "jumlah": n.amount}
                    for n in state.notes],
        "jasa_modal": None, "jasa_usaha": None, "dibagikan_ke_anggota": None, "dibayar": None,
        "nomor_keputusan": "", "jurnal": None, "dibukukan_pada": None}
    if state.status in ("disetujui", "dibukukan"):
        sl = shu.shu_list(ws, year)
        out.update({"jasa_modal": sl.total_jasa_modal, "jasa_usaha": sl.total_jasa_usaha,
                    "dibagikan_ke_anggota": sl.total_shares, "dibayar": sl.total_paid,
                    "nomor_keputusan": sl.decision_ref, "jurnal": sl.journal_number,
                    "dibukukan_pada": _iso(sl.posted_on)})
    return out


def _rat(ws: Workspace, year: int) -> dict[str, Any] | None:
    """The RAT reporting ``year`` (services.rat), or None when none is recorded."""
    meeting = rat.rat_for_year(ws, year)
    if meeting is None:
        return None
    q = rat.quorum(ws, meeting.id)
    return {
        "tanggal": _iso(meeting.held_on), "tempat": meeting.place, "status": str(meeting.status),
        "ditunda": bool(meeting.postponed), "terdaftar": q.registered, "hadir": q.present,
        "hadir_langsung": q.in_person, "kuasa": q.by_proxy, "daring": q.online, "kuorum_dibutuhkan": q.needed,
        "kuorum_tercapai": q.reached, "aturan_kuorum": q.rule_text,
        "keputusan": [{"nomor": d.number, "judul": d.title, "jenis": str(d.kind), "diterima": d.accepted}
                      for d in rat.decisions(ws, meeting.id)],
    }


def _health(ws: Workspace, year: int) -> dict[str, Any]:
    d = health.derive_inputs(ws, year)
    return {
        "metode": HEALTH_METHOD.value, "per_tanggal": _iso(d.as_of),
        "masukan": {name: {"nilai": None if x.value is None else str(x.value), "penjelasan": x.explanation,
                           "sumber": [{"kode": s.code, "nama": s.name, "jumlah": str(s.amount)} for s in x.sources]}
                    for name, x in d.derivations.items()},
        "saran_manajemen": {str(k): v for k, v in d.suggestions.items()},
    }


def package_content(ws: Workspace, year: int) -> dict[str, Any]:
    """The content (``isi``) of the year's package. The year must be closed (tutup buku)."""
    if ws.kind != WorkspaceKind.KOPERASI:
        raise ValidationError("Paket tahunan hanya dapat diekspor dari file kerja koperasi.", field="tahun")
    if not closing.is_closed(ws, year):
        raise ValidationError(f"Tahun buku {year} belum ditutup (tutup buku); paket tahunan hanya untuk tahun "
                              "buku yang sudah ditutup.", field="tahun")
    fs = statements.financial_statements(ws, year)
    notes = fs.notes
    return {
        "koperasi": _coop(ws),
        "periode": {"mulai": _iso(fs.period.start), "akhir": _iso(fs.period.end), "uraian": fs.period.label},
        "pengurus": _officials(ws),
        "keanggotaan": _membership(ws, notes, fs.period),
        "laporan_keuangan": {
            "posisi_keuangan": _balance_sheet(fs.balance_sheet), "hasil_usaha": _income(fs.income_statement),
            "perubahan_ekuitas": {"tahun_ini": _equity(fs.equity), "tahun_lalu": _equity(fs.prior_equity)},
            "arus_kas": _cash_flow(fs.cash_flow), "konsisten": fs.consistent},
        "kolektibilitas": {"tahun_ini": _loan_note(notes.loans), "tahun_lalu": _loan_note(notes.prior_loans)},
        "simpanan": _savings(notes),
        "shu": _shu(ws, year),
        "rat": _rat(ws, year),
        "kesehatan": _health(ws, year),
    }


def export_package(ws: Workspace, year: int, out: str | os.PathLike, by: User) -> Path:
    """Write the sealed package of a closed year to ``out`` (``*.kopdesk-paket``); returns the path."""
    require(by, Perm.VIEW)
    path = Path(out)
    problems = []
    if path.suffix != EXTENSION:
        problems.append(f"Nama file paket harus berakhiran {EXTENSION} (yang dimasukkan: {path.name}).")
    if not path.parent.is_dir():
        problems.append(f"Folder {path.parent} tidak ada.")
    if problems:
        raise ValidationError(problems, field="file")
    content = package_content(ws, year)
    _, data = build(year, content, kopdesk_version=__version__, created_at=now_iso(),
                    created_by=by.full_name or by.username)
    tmp = path.with_name(f".{path.name}.baru")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


# ------------------------------------------------------------------------------------------------ reading


def read_package(path: str | os.PathLike) -> Package:
    """Read and check a package file; a damaged, changed, truncated or foreign file is refused (ValidationError)."""
    p = Path(path)
    if not p.is_file():
        raise ValidationError(f"File paket {p} tidak ditemukan.", field="paket")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError(f"File paket {p.name} tidak dapat dibaca: {exc.strerror or exc}.",
                              field="paket") from None
    return parse(data)


# ------------------------------------------------------------------------------------------------ Dinas side

#: The registry fields a package fills, with their Indonesian labels (in display order).
FIELD_LABELS: Mapping[str, str] = {
    "name": "Nama koperasi", "legal_number": "Nomor badan hukum", "legal_date": "Tanggal badan hukum",
    "nik_koperasi": "NIK koperasi", "nib": "NIB", "npwp": "NPWP", "address": "Alamat", "desa": "Desa/kelurahan",
    "kecamatan": "Kecamatan", "kabupaten": "Kabupaten/kota", "provinsi": "Provinsi", "phone": "Telepon",
    "email": "Email", "coop_type": "Jenis koperasi", "members_male": "Anggota laki-laki",
    "members_female": "Anggota perempuan", "status": "Status", "officials": "Pengurus dan pengawas",
}

#: Koperasi official (body, role) -> registry role.
_ROLE_MAP = {("pengurus", "Ketua"): "ketua", ("pengurus", "Sekretaris"): "sekretaris",
             ("pengurus", "Bendahara"): "bendahara", ("pengawas", "Ketua Pengawas"): "pengawas",
             ("pengawas", "Anggota Pengawas"): "pengawas"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str                  # Cooperative attribute
    label: str                  # Indonesian
    current: str                # what the registry holds now (display text; "" when empty / new)
    new: str                    # what the package brings


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a package would do, before anything is written."""

    package: Package
    coop_key: str | None        # the registry cooperative it matches; None: a new cooperative
    coop_name: str
    matched_by: str             # "NIK koperasi", "nomor badan hukum", "nama" or "" (new)
    already_imported: bool      # this very package (same seal) is already stored for the year
    replaces_year: bool         # another package of the same year is stored and will be replaced
    updates_registry: bool      # identity/officials/members are taken (False: an older year than one held)
    changes: tuple[FieldChange, ...]
    rat: str                    # what happens to the RAT record, Indonesian
    health: str                 # what happens to the health assessment, Indonesian
    health_final: bool          # a final assessment of the year exists: it is kept as it is
    warnings: tuple[str, ...]

    @property
    def is_new(self) -> bool:
        return self.coop_key is None

    def lines(self) -> list[str]:
        """The preview as Indonesian lines (CLI, dialog)."""
        p = self.package
        made = dt.datetime.fromisoformat(p.created_at)
        out = [f"Paket {p.name}, tahun buku {p.year} (dibuat {date_long(made.date())} pukul {made:%H.%M} oleh "
               f"{p.created_by or '-'}, KopDesk {p.kopdesk_version}); segel sha256 {p.sha256[:16]}... cocok."]
        if self.already_imported:
            out.append(f"Paket ini sudah diimpor untuk {self.coop_name} ({self.coop_key}); tidak ada perubahan.")
            return out
        if self.is_new:
            out.append("Koperasi belum ada di registri: akan ditambahkan sebagai koperasi baru.")
        else:
            out.append(f"Cocok dengan {self.coop_name} ({self.coop_key}) berdasarkan {self.matched_by}.")
        if self.replaces_year:
            out.append(f"Data tahun buku {p.year} yang tersimpan dari paket lain akan diganti.")
        if not self.updates_registry:
            out.append("Registri sudah memuat tahun buku yang lebih baru: identitas, pengurus dan jumlah anggota "
                       "tidak diubah.")
        if self.changes and self.is_new:
            out.append("Data koperasi yang akan dicatat:")
            out += [f"  - {c.label}: {c.new}" for c in self.changes]
        elif self.changes:
            out.append("Perubahan data registri (sekarang -> dari paket):")
            out += [f"  - {c.label}: {c.current or '(kosong)'} -> {c.new or '(kosong)'}" for c in self.changes]
        elif not self.is_new:
            out.append("Data registri tidak berubah.")
        out.append(self.rat)
        out.append(self.health)
        out += [f"Perhatian: {w}" for w in self.warnings]
        return out


@dataclass(frozen=True, slots=True)
class ImportResult:
    coop_key: str
    coop_name: str
    year: int
    created: bool               # a new registry cooperative
    changed: bool               # anything was written (False: the package was already imported)
    changes: tuple[FieldChange, ...]
    assessment_id: int | None   # the pre-filled draft (None when a final one was kept or nothing changed)
    health_final_kept: bool
    messages: tuple[str, ...]   # Indonesian outcome lines


HEADER_KEY = "paket"


def year_data(pkg: Package) -> dict[str, Any]:
    """What the Dinas keeps per cooperative and year (``CoopYear.data``): the package content (``isi``) with its
    header (format, versions, export stamp, seal) under the key ``paket``, so the seal can be checked again."""
    doc = pkg.document()
    return {**doc.pop("isi"), HEADER_KEY: doc}


def stored_package(data: Mapping[str, Any]) -> Package:
    """The package a ``CoopYear.data`` was made from, its seal checked again (ValidationError when altered)."""
    content = {k: v for k, v in data.items() if k != HEADER_KEY}
    header = data.get(HEADER_KEY)
    if not isinstance(header, Mapping):
        raise ValidationError("Data tahun ini tidak berasal dari paket (tanpa kepala paket).", field="paket")
    return parse(file_bytes({**header, "isi": content}))


def _require_dinas(ws: Workspace) -> None:
    if ws.kind != WorkspaceKind.DINAS:
        raise ValidationError("Paket koperasi hanya dapat diimpor ke file kerja Dinas.", field="paket")


def _date(v: str | None) -> dt.date | None:
    return None if not v else dt.date.fromisoformat(v)


def _pkg_officials(pkg: Package) -> tuple[CoopOfficial, ...]:
    out = []
    for o in pkg.content["pengurus"]:
        role = _ROLE_MAP.get((o["kelompok"], o["jabatan"]))
        if role and o["nama"].strip():
            out.append(CoopOfficial(role, o["nama"].strip(), o.get("telepon") or "", _date(o.get("akhir_jabatan"))))
    return tuple(out)


def _pkg_fields(pkg: Package) -> dict[str, Any]:
    """The registry fields a package brings (empty texts are left out: they do not blank the registry)."""
    c = pkg.coop
    m = pkg.content["keanggotaan"]
    fields = {"name": c["nama"].strip(), "legal_number": c["nomor_badan_hukum"].strip(),
              "legal_date": _date(c["tanggal_badan_hukum"]), "nik_koperasi": c["nik_koperasi"].strip(),
              "nib": c["nib"].strip(), "npwp": c["npwp"].strip(), "address": c["alamat"].strip(),
              "desa": c["desa"].strip(), "kecamatan": c["kecamatan"].strip(),
              "kabupaten": c["kabupaten_kota"].strip(), "provinsi": c["provinsi"].strip(),
              "phone": c["telepon"].strip(), "email": c["email"].strip(), "coop_type": c["jenis"]}
    fields = {k: v for k, v in fields.items() if v not in ("", None)}
    fields["members_male"] = m["laki_laki"]
    fields["members_female"] = m["perempuan"]
    officials = _pkg_officials(pkg)
    if officials:
        fields["officials"] = officials
    return fields


def _show(field: str, v: Any) -> str:
    if v is None:
        return ""
    if field == "officials":
        return "; ".join(f"{OFFICIAL_ROLES.get(o.role, o.role)} {o.name}"
                         + (f" (s.d. {date_short(o.term_end)})" if o.term_end else "") for o in v)
    if isinstance(v, dt.date):
        return date_short(v)
    if field == "status":
        return {"aktif": "Aktif", "tidak_aktif": "Tidak aktif", "beku": "Beku"}.get(str(v), str(v))
    return str(v)


def _official_key(o) -> tuple:
    return (o.role, o.name, o.phone, o.term_end)


def _same(field: str, a: Any, b: Any) -> bool:
    if field == "officials":
        return sorted(map(_official_key, a or ())) == sorted(map(_official_key, b or ()))
    if field == "status":
        return str(a) == str(b)
    return a == b


def _match(ws: Workspace, pkg: Package):
    """(cooperative, basis) the package belongs to, or (None, '')."""
    c = pkg.coop
    for kw, basis in (("nik_koperasi", "NIK koperasi"), ("legal_number", "nomor badan hukum"), ("name", "nama")):
        value = {"nik_koperasi": c["nik_koperasi"], "legal_number": c["nomor_badan_hukum"],
                 "name": c["nama"]}[kw].strip()
        if value:
            found = dinas.find_cooperative(ws, **{kw: value})
            if found is not None:
                return found, basis
    return None, ""


@dataclass(frozen=True, slots=True)
class _Plan:
    preview: ImportPreview
    target: Cooperative | None  # the record to write (None: leave the registry record as it is)
    record_rat: bool
    rat_on: dt.date | None


def _plan(ws: Workspace, pkg: Package) -> _Plan:
    coop, basis = _match(ws, pkg)
    years = dinas.coop_years(ws, coop.key) if coop is not None else []
    stored = next((y for y in years if y.year == pkg.year), None)
    already = stored is not None and stored.package_sha256 == pkg.sha256
    newest = max((y.year for y in years), default=None)
    updates = newest is None or pkg.year >= newest
    warnings = []
    rat = pkg.content["rat"]
    rat_on = _date(rat["tanggal"]) if rat and rat["status"] == "selesai" else None
    incoming = _pkg_fields(pkg)
    if coop is None:
        target = Cooperative(**incoming, status=CoopStatus.AKTIF)
        changes = tuple(FieldChange(f, FIELD_LABELS[f], "", _show(f, v)) for f, v in incoming.items())
    else:
        if basis != "NIK koperasi" and incoming.get("nik_koperasi") and coop.nik_koperasi \
                and coop.nik_koperasi != incoming["nik_koperasi"]:
            warnings.append(f"NIK koperasi di paket ({incoming['nik_koperasi']}) berbeda dengan di registri "
                            f"({coop.nik_koperasi}); periksa apakah ini koperasi yang sama.")
        wanted = dict(incoming) if updates else {}
        if "officials" in wanted:                     # roles a package cannot carry (manajer) stay as registered
            carried = set(_ROLE_MAP.values())
            wanted["officials"] += tuple(o for o in coop.officials if o.role not in carried)
        if (updates and rat_on is not None and str(coop.status) == CoopStatus.TIDAK_AKTIF.value
                and (coop.last_rat_date is None or rat_on > coop.last_rat_date)):
            wanted["status"] = CoopStatus.AKTIF       # a RAT held again: the cooperative is active again
        changes = tuple(FieldChange(f, FIELD_LABELS[f], _show(f, getattr(coop, f)), _show(f, v))
                        for f, v in wanted.items() if not _same(f, getattr(coop, f), v))
        target = replace(coop, **{c.field: wanted[c.field] for c in changes}) if changes else None
    record_rat = False
    if already:
        rat_text = ""
    elif rat_on is None:
        rat_text = (f"RAT tahun buku {pkg.year}: " + ("belum selesai dilaksanakan menurut paket" if rat else
                    "tidak ada data RAT di paket") + "; riwayat RAT tidak diubah.")
    else:
        held = None if coop is None else next((r for r in dinas.rat_history(ws, coop.key) if r.year == pkg.year),
                                               None)
        if held is not None and held.held_on == rat_on:
            rat_text = f"RAT tahun buku {pkg.year} ({date_long(rat_on)}) sudah tercatat."
        else:
            record_rat = True
            quorum = "tercapai" if rat["kuorum_tercapai"] else "TIDAK tercapai"
            rat_text = (f"RAT tahun buku {pkg.year} dicatat: diadakan {date_long(rat_on)}, hadir {rat['hadir']} dari "
                        f"{rat['terdaftar']} anggota, kuorum {quorum}.")
            if held is not None:
                rat_text += f" (Sebelumnya tercatat: {date_long(held.held_on) or 'tidak diadakan'}.)"
    final = False
    if already:
        health_text = ""
    else:
        existing = None if coop is None else health.get(ws, pkg.year, HEALTH_METHOD, coop_key=coop.key)
        if existing is not None and existing.final:
            final = True
            health_text = (f"Penilaian kesehatan tahun buku {pkg.year} sudah final (predikat {existing.predicate}); "
                           "tidak diubah. Masukan dari paket disimpan bersama data tahun itu.")
        elif existing is not None:
            incoming = pkg.health_inputs()
            differ = [n for n, v in incoming.items() if existing.derived.get(n) != v]
            health_text = (f"Draf penilaian kesehatan tahun buku {pkg.year} diperbarui dengan masukan dari paket: "
                           + (f"{len(differ)} masukan berubah ({', '.join(differ)})" if differ else
                              "masukan sama seperti yang tersimpan")
                           + "; perubahan manual yang beralasan tetap dipakai.")
        else:
            health_text = f"Draf penilaian kesehatan tahun buku {pkg.year} dibuat, terisi masukan dari paket."
    preview = ImportPreview(pkg, None if coop is None else coop.key, coop.name if coop else pkg.name, basis,
                            already, stored is not None and not already, updates, () if already else changes,
                            rat_text, health_text, final, tuple(warnings))
    return _Plan(preview, target, record_rat, rat_on)


def preview_import(ws: Workspace, path: str | os.PathLike | Package) -> ImportPreview:
    """Check the package and tell what importing it would change; writes nothing."""
    _require_dinas(ws)
    pkg = path if isinstance(path, Package) else read_package(path)
    return _plan(ws, pkg).preview


def import_package(ws: Workspace, path: str | os.PathLike | Package, by: User) -> ImportResult:
    """Import a package into the registry in one transaction (see the module docstring). Idempotent."""
    require(by, Perm.DINAS)
    _require_dinas(ws)
    pkg = path if isinstance(path, Package) else read_package(path)
    plan = _plan(ws, pkg)
    pv = plan.preview
    if pv.already_imported:
        return ImportResult(pv.coop_key, pv.coop_name, pkg.year, False, False, (), None, False,
                            (f"Paket sudah diimpor, tidak ada perubahan ({pv.coop_name}, tahun buku {pkg.year}).",))
    inputs = pkg.health_inputs()
    messages = []
    assessment_id = None
    with ws.db.atomic():
        if pv.is_new:
            coop = dinas.add_cooperative(ws, by, plan.target)
            messages.append(f"Koperasi baru ditambahkan ke registri: {coop.name} ({coop.key}).")
        else:
            coop = dinas.get_cooperative(ws, pv.coop_key)
            if plan.target is not None:
                officials_changed = any(c.field == "officials" for c in pv.changes)
                coop = dinas.update_cooperative(ws, by, plan.target, with_officials=False)
                if officials_changed:
                    dinas.set_officials(ws, by, coop.key, plan.target.officials)
                messages.append(f"Data registri {coop.name} diperbarui ({len(pv.changes)} isian).")
        key = coop.key
        if plan.record_rat:
            dinas.record_rat(ws, by, key, pkg.year, plan.rat_on, source="paket")
            messages.append(pv.rat)
        dinas.upsert_coop_year(ws, by, key, pkg.year, year_data(pkg), pkg.sha256)
        if pv.health_final:
            messages.append(pv.health)
        else:
            rec = health.create_or_update(ws, pkg.year, HEALTH_METHOD, by, inputs=inputs, coop_key=key)
            assessment_id = rec.id
            messages.append(f"Draf penilaian kesehatan tahun buku {pkg.year} terisi dari paket: skor "
                            f"{str(round2(rec.total)).replace('.', ',')}, predikat {rec.predicate}.")
        audit(ws.db, by, "paket.impor", "dinas_coop", key,
              {"tahun": pkg.year, "sha256": pkg.sha256, "koperasi_baru": pv.is_new,
               "perubahan": [c.field for c in pv.changes], "kesehatan_final_tetap": pv.health_final})
    return ImportResult(key, coop.name, pkg.year, pv.is_new, True, pv.changes, assessment_id, pv.health_final,
                        tuple(messages))

