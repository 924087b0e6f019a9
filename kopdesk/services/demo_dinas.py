"""A demo Dinas workspace: ``build_dinas_demo(path, seed=1, today=None)``.

Dinas Koperasi, Usaha Kecil dan Menengah Kota Banjarbaru with five officers and about sixty cooperatives across the
city's five kecamatan; two years of coaching visits with problems found, recommendations with due dates and their
follow-ups in every state (some overdue); three financial years of RAT history (most on time, some late, some
missed); a few cooperatives inactive under the three-year rule and a few with one missed RAT; health assessments
(Perdep 06/2016, inputs given directly) for most savings-and-loan cooperatives; photos attached to a few visits.
Everything goes through the services the application uses. Deterministic for a seed and a date.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from pathlib import Path

from faker import Faker

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.dinas import (
    CHECKLIST_KEYS,
    Cooperative,
    CoopOfficial,
    CoopStatus,
    FollowUpStatus,
    Officer,
    VisitKind,
    add_months,
)
from kopdesk.domain.health import Method
from kopdesk.domain.health.manajemen import QUESTION_COUNT
from kopdesk.domain.users import Role
from kopdesk.services import dinas, health, users
from kopdesk.services.workspace import create_workspace

PROFILE = CoopProfile(
    name="Dinas Koperasi, Usaha Kecil dan Menengah Kota Banjarbaru",
    street="Jl. Pangeran Suriansyah No. 5, Kompleks Perkantoran Pemerintah Kota",
    desa="Komet", kecamatan="Banjarbaru Utara", kabupaten_kota="Kota Banjarbaru", province="Kalimantan Selatan",
    postal_code="70711", phone="(0511) 4780 112", email="diskopukm@banjarbarukota.go.id", coop_type="KSP",
    signing_city="Banjarbaru",
)

KECAMATAN = {
    "Banjarbaru Utara": ("Komet", "Loktabat Utara", "Mentaos", "Sungai Ulin"),
    "Banjarbaru Selatan": ("Loktabat Selatan", "Kemuning", "Guntung Paikat", "Sungai Besar"),
    "Landasan Ulin": ("Landasan Ulin Timur", "Guntung Payung", "Syamsudin Noor", "Guntung Manggis"),
    "Liang Anggang": ("Landasan Ulin Barat", "Landasan Ulin Utara", "Landasan Ulin Selatan", "Palam"),
    "Cempaka": ("Cempaka", "Bangkal", "Sungai Tiung", "Palam"),
}
STREETS = ("Jl. A. Yani Km 33", "Jl. Panglima Batur", "Jl. Trikora", "Jl. Karang Anyar", "Jl. Golf",
           "Jl. Mistar Cokrokusumo", "Jl. Sukamara", "Jl. Guntung Manggis",
           "Jl. Kenanga", "Jl. Mawar", "Jl. Bina Praja", "Jl. Gotong Royong")
WORDS = ("Sejahtera", "Mandiri", "Maju", "Bersama", "Makmur", "Sentosa", "Karya", "Bina", "Usaha", "Harapan",
         "Mulia", "Amanah", "Berkah", "Jaya", "Abadi", "Sakinah", "Barokah", "Rukun", "Tani", "Nelayan", "Intan",
         "Galuh", "Banua", "Lestari", "Cahaya", "Murakata", "Bahagia", "Utama")
# (type, name prefix, business class, weight)
KINDS = (("KSP", "KSP", "Simpan pinjam", 24), ("KSU", "KSU", "Serba usaha (unit simpan pinjam)", 12),
         ("KPRI", "KPRI", "Simpan pinjam pegawai", 8), ("KOPKAR", "Kopkar", "Simpan pinjam dan toko karyawan", 6),
         ("KSPPS", "KSPPS", "Simpan pinjam dan pembiayaan syariah", 3), ("PRODUSEN", "Koperasi Produsen",
                                                                          "Pertanian dan perkebunan", 3),
         ("KONSUMEN", "Koperasi Konsumen", "Toko dan perdagangan", 3), ("JASA", "Koperasi Jasa", "Jasa angkutan", 1))
SAVINGS_LOANS = {"KSP", "KSU", "KPRI", "KOPKAR", "KSPPS"}
KPRI_UNITS = ("Dinas Pendidikan", "RSUD Idaman", "Sekretariat Daerah", "Dinas Kesehatan", "Dinas Pekerjaan Umum")
KOPKAR_UNITS = ("PT PLN ULP Banjarbaru", "PDAM Intan Banjar", "PT Hasnur", "Bandara Syamsudin Noor")

OFFICERS = (
    ("Rina Marlina, S.E., M.M.", "Pengawas Koperasi Ahli Madya", "19780512", "200501", "2"),
    ("Muhammad Rizky Ananda, S.E.", "Pengawas Koperasi Ahli Muda", "19860923", "201003", "1"),
    ("Hj. Noor Aisyah, S.Sos.", "Penyuluh Koperasi Ahli Muda", "19810214", "200604", "2"),
    ("Budi Santoso, A.Md.", "Pengawas Koperasi Terampil", "19900707", "201402", "1"),
    ("Ahmad Fadillah, S.Ak.", "Pengawas Koperasi Ahli Pertama", "19950330", "201912", "1"),
)

# (category, severity, problem, recommendation, person responsible)
FINDINGS = (
    ("kelembagaan", "tinggi", "RAT tahun buku lalu belum diadakan.",
     "Adakan RAT tahun buku lalu dan kirim notulen serta laporan pertanggungjawaban ke Dinas.", "Ketua"),
    ("kelembagaan", "sedang", "Masa jabatan pengurus sudah berakhir dan belum dipilih ulang.",
     "Adakan rapat anggota untuk memilih pengurus dan pengawas, lalu laporkan susunannya.", "Ketua"),
    ("kelembagaan", "rendah", "AD/ART belum disesuaikan dengan peraturan perkoperasian terbaru.",
     "Susun rancangan perubahan AD/ART dan bahas pada RAT berikutnya.", "Sekretaris"),
    ("usaha", "tinggi", "Pinjaman macet meningkat dibanding tahun lalu.",
     "Susun daftar penagihan pinjaman macet per anggota dan laksanakan penagihan bersama pengawas.", "Manajer"),
    ("usaha", "sedang", "Volume pinjaman menurun; sebagian anggota meminjam ke lembaga lain.",
     "Tinjau ulang jasa pinjaman dan prosedur pencairan agar lebih cepat.", "Manajer"),
    ("keuangan", "tinggi", "Pembukuan tertinggal lebih dari dua bulan.",
     "Mutakhirkan buku kas, jurnal dan buku besar sampai bulan lalu.", "Bendahara"),
    ("keuangan", "sedang", "Saldo simpanan anggota belum direkonsiliasi dengan buku besar.",
     "Cocokkan saldo simpanan per anggota dengan buku besar dan perbaiki selisihnya.", "Bendahara"),
    ("keuangan", "sedang", "PPAP belum dibentuk sesuai kolektibilitas pinjaman.",
     "Hitung PPAP menurut kolektibilitas dan bukukan penyisihannya.", "Bendahara"),
    ("keuangan", "rendah", "Kas koperasi dan uang pribadi pengurus disimpan bersama.",
     "Pisahkan kas koperasi, simpan uang lebih di rekening bank atas nama koperasi.", "Bendahara"),
    ("sdm", "sedang", "Bendahara merangkap kasir dan pembukuan tanpa pemeriksaan pengawas.",
     "Pisahkan tugas kasir dan pembukuan; pengawas memeriksa kas setiap bulan.", "Ketua Pengawas"),
    ("sdm", "rendah", "Karyawan belum pernah mengikuti pelatihan akuntansi koperasi.",
     "Ikutkan karyawan pada pelatihan akuntansi koperasi yang diadakan Dinas.", "Manajer"),
    ("kepatuhan", "sedang", "Laporan tahunan belum dikirim ke Dinas.",
     "Kirim laporan tahunan dan laporan keuangan ke Dinas.", "Sekretaris"),
    ("kepatuhan", "rendah", "Data ODS dan NIK koperasi belum dimutakhirkan.",
     "Mutakhirkan data koperasi di ODS dan unggah laporan RAT.", "Sekretaris"),
    ("kepatuhan", "tinggi", "Pinjaman diberikan kepada bukan anggota tanpa batas yang jelas.",
     "Hentikan pinjaman kepada bukan anggota; daftarkan mereka sebagai calon anggota.", "Ketua"),
)
OBSERVATIONS = (
    "Pengurus hadir lengkap. Buku kas dan buku simpanan diperiksa bersama bendahara.",
    "Kantor koperasi buka setiap hari kerja; pelayanan simpan pinjam berjalan.",
    "Dibahas persiapan RAT dan penyusunan laporan pertanggungjawaban pengurus.",
    "Pemeriksaan sampel kartu pinjaman: sebagian jadwal angsuran tidak diperbarui.",
    "Pengawas belum membuat laporan pengawasan triwulan.",
    "Koperasi memakai aplikasi pembukuan; saldo awal tahun sudah dicocokkan.",
    "Anggota mengeluhkan lamanya proses pencairan pinjaman.",
)
KIND_WEIGHTS = ((VisitKind.PEMBINAAN_KEUANGAN, 5), (VisitKind.PEMBINAAN_KELEMBAGAAN, 4), (VisitKind.PEMBINAAN_USAHA, 3),
                (VisitKind.MONITORING_TINDAK_LANJUT, 4), (VisitKind.PENDAMPINGAN_RAT, 3),
                (VisitKind.VERIFIKASI_ODS, 2), (VisitKind.PEMERIKSAAN_KESEHATAN, 2),
                (VisitKind.PEMERIKSAAN_KEPATUHAN, 1))


def demo_png(width: int = 48, height: int = 32, color: tuple[int, int, int] = (40, 110, 160)) -> bytes:
    """A small real PNG (a banded picture) to stand in for a visit photo."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = []
    for y in range(height):
        shade = 0.6 + 0.4 * (y / max(height - 1, 1))
        px = bytes(min(255, int(c * shade)) for c in color)
        rows.append(b"\x00" + px * width)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


class _Coop:
    """What the simulation knows about one cooperative: its record, behaviour and quality."""

    def __init__(self, record: Cooperative, quality: float, rat_habit: str):
        self.record = record
        self.quality = quality
        self.rat_habit = rat_habit          # tertib / terlambat / bolong / mati


def build_dinas_demo(path: str | Path, seed: int = 1, today: dt.date | None = None) -> Path:
    """Write the demo Dinas workspace to ``path`` (which must not exist). Returns the path."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    path = Path(path)
    ws, admin = create_workspace(path, kind=WorkspaceKind.DINAS, profile=PROFILE, admin_username="admin",
                                 admin_full_name="Ir. H. Syahriani, M.Si.")
    try:
        ws.db.execute("PRAGMA synchronous=OFF")  # a demo file is thrown away if anything fails
        rina, _ = users.add_user(ws, username="rina", full_name=OFFICERS[0][0], role=Role.PETUGAS_DINAS,
                                 password=None, by=admin)
        users.add_user(ws, username="rizky", full_name=OFFICERS[1][0], role=Role.PETUGAS_DINAS, password=None,
                       by=admin)
        officers = []
        for n, (name, position, born, start, gender) in enumerate(OFFICERS, 1):
            officers.append(dinas.add_officer(ws, admin, Officer(None, name, f"{born}{start}{gender}{n:03d}",
                                                                 position)))
        coops = _registry(ws, rina, rng, fake, today)
        _rat_history(ws, rina, rng, coops, today)
        _health(ws, rina, rng, coops, today)
        _visits(ws, rina, rng, coops, officers, today)
        ws.db.execute("PRAGMA synchronous=FULL")
    finally:
        ws.close()
    return path


def _registry(ws, by, rng: random.Random, fake: Faker, today: dt.date) -> list[_Coop]:
    kinds = [k for k in KINDS for _ in range(k[3])]
    names: set[str] = set()
    coops = []
    kec_names = list(KECAMATAN)
    n_coops = 60
    # behaviour: most hold their RAT on time; some late; some missed last year; a few dead for years
    habits = ["tertib"] * 38 + ["terlambat"] * 10 + ["bolong"] * 6 + ["mati"] * 6
    rng.shuffle(habits)
    for i in range(n_coops):
        code, prefix, business, _ = kinds[rng.randrange(len(kinds))]
        while True:
            if code == "KPRI":
                name = f"KPRI {rng.choice(WORDS)} {rng.choice(KPRI_UNITS)}"
            elif code == "KOPKAR":
                name = f"Kopkar {rng.choice(WORDS)} {rng.choice(KOPKAR_UNITS)}"
            else:
                name = f"{prefix} {rng.choice(WORDS)} {rng.choice(WORDS)}"
            if name not in names and len(set(name.split())) == len(name.split()):
                break
        names.add(name)
        kec = kec_names[i % len(kec_names)]
        desa = rng.choice(KECAMATAN[kec])
        founded = dt.date(rng.randrange(1992, today.year - 4), rng.randrange(1, 13), rng.randrange(1, 29))
        habit = habits[i]
        quality = {"tertib": rng.uniform(0.45, 1.0), "terlambat": rng.uniform(0.2, 0.8),
                   "bolong": rng.uniform(0.05, 0.6), "mati": rng.uniform(0.0, 0.35)}[habit]
        members = rng.randrange(25, 900) if code in SAVINGS_LOANS else rng.randrange(20, 200)
        female = int(members * rng.uniform(0.3, 0.7))
        status = CoopStatus.AKTIF
        if habit == "mati":
            status = CoopStatus.TIDAK_AKTIF if rng.random() < 0.5 else CoopStatus.AKTIF
        if i in (17, 41):
            status = CoopStatus.BEKU
        nik = f"6372{kec_names.index(kec) + 1:02d}{founded:%y%m}{i + 1:06d}"[:16].ljust(16, "0")
        officials = tuple(CoopOfficial(role, _person(fake, rng), _phone(rng),
                                       dt.date(today.year + rng.randrange(0, 4), rng.randrange(1, 13), 1))
                          for role in ("ketua", "sekretaris", "bendahara", "pengawas")) + (
            (CoopOfficial("manajer", _person(fake, rng), _phone(rng)),) if members > 300 else ())
        rec = Cooperative(
            name=name, legal_number=f"{rng.choice(('518', '188.4'))}/{i + 11:03d}/BH/XVII/{founded.year}",
            legal_date=founded, nik_koperasi=nik if rng.random() < 0.85 else "",
            nik_expiry=dt.date(today.year + rng.randrange(-1, 3), rng.randrange(1, 13), 1),
            nib=f"91{rng.randrange(10**10, 10**11)}" if rng.random() < 0.6 else "",
            npwp=f"0{rng.randrange(1, 10)}.{rng.randrange(100, 999)}.{rng.randrange(100, 999)}.{rng.randrange(1, 9)}-"
                 f"731.000" if rng.random() < 0.7 else "",
            address=f"{rng.choice(STREETS)} No. {rng.randrange(1, 120)}", desa=desa, kecamatan=kec,
            kabupaten="Kota Banjarbaru", provinsi="Kalimantan Selatan", phone=_phone(rng),
            email=f"{name.lower().replace(' ', '')[:18]}@gmail.com" if rng.random() < 0.5 else "",
            coop_type=code, business_class=business, membership_area="Kota Banjarbaru",
            members_male=members - female, members_female=female, status=status,
            last_rat_date=(dt.date(today.year - rng.randrange(4, 7), rng.randrange(2, 6), rng.randrange(1, 28))
                           if habit == "mati" else None),
            notes="Usaha berhenti; pengurus sulit dihubungi." if habit == "mati" else "",
            officials=officials)
        coops.append(_Coop(dinas.add_cooperative(ws, by, rec), quality, habit))
    return coops


def _person(fake: Faker, rng: random.Random) -> str:
    name = fake.name()
    return name if len(name) < 40 else name[:40]


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("11", "12", "13", "21", "52", "53", "57"))
    return f"08{prefix}-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"


def _rat_history(ws, by, rng: random.Random, coops: list[_Coop], today: dt.date) -> None:
    """Financial years today-3 .. today-1; the last one's RAT is only held by now if its season has passed."""
    for c in coops:
        if c.rat_habit == "mati":
            continue
        for year in range(today.year - 3, today.year):
            if c.record.legal_date and c.record.legal_date.year > year:
                continue
            if c.rat_habit == "bolong" and year == today.year - 1:
                continue                                     # missed last year's RAT
            late = c.rat_habit == "terlambat" and rng.random() < 0.7
            held = (dt.date(year + 1, rng.randrange(7, 11), rng.randrange(1, 28)) if late
                    else dt.date(year + 1, rng.randrange(2, 7), rng.randrange(1, 28)))
            if held > today:
                continue                                     # not held yet
            dinas.record_rat(ws, by, c.record.key, year, held)


def _inputs(rng: random.Random, q: float) -> dict[str, int]:
    """Plausible 2016 inputs for a savings-and-loan cooperative of quality q (0 poor .. 1 sound)."""
    a = rng.randrange(500, 12_000) * 1_000_000
    ms = int(a * (0.08 + 0.25 * q))
    p = int(a * rng.uniform(0.6, 0.8))
    pb = int(p * rng.uniform(0.15, 0.22))
    rpm = int(p * (0.25 - 0.23 * q))
    bu = int(pb * (0.75 - 0.35 * q))
    kl = int(a * 0.3)
    shu = int(pb * (0.01 + 0.18 * q))
    sba = int(shu * 0.4)
    return dict(total_aset=a, modal_sendiri=ms, pinjaman_diberikan=p, pinjaman_berisiko=int(p * (0.6 - 0.5 * q)),
                modal_tertimbang=int(ms * 0.9), atmr=int(a * 0.75), volume_pinjaman=int(p * 1.2),
                volume_pinjaman_anggota=int(p * 1.2 * (0.6 + 0.4 * q)), risiko_pinjaman_bermasalah=rpm,
                cadangan_risiko=int(rpm * (0.2 + 0.8 * q)), partisipasi_bruto=pb,
                beban_operasi_anggota=int(pb * (0.95 - 0.3 * q)), beban_usaha=bu,
                shu_kotor=int(pb * (0.3 + 0.3 * q)), biaya_karyawan=int(bu * 0.4),
                kas_bank=int(kl * (0.08 + 0.25 * q)), kewajiban_lancar=kl, dana_diterima=int(a * 0.9),
                shu_sebelum_pajak=shu, shu_bagian_anggota=sba, partisipasi_neto=int(pb * 0.9),
                beban_perkoperasian=int(pb * 0.02), pendapatan=int(pb * 0.1), pea=sba + int(pb * 0.05 * q),
                simpanan_pokok_wajib=int(ms * 0.6))


def _health(ws, by, rng: random.Random, coops: list[_Coop], today: dt.date) -> None:
    """Perdep 06/2016 assessments, from the officers' worksheets, for most savings-and-loan cooperatives: the
    last financial year (final for most), and the one before for some (final)."""
    last = today.year - 1
    for c in coops:
        if c.record.coop_type not in SAVINGS_LOANS or c.rat_habit == "mati" or rng.random() < 0.15:
            continue
        years = [last - 1, last] if rng.random() < 0.5 else [last]
        for year in years:
            q = min(1.0, max(0.0, c.quality + rng.uniform(-0.1, 0.1) - (0.05 if year < last else 0)))
            answers = [rng.random() < 0.35 + 0.65 * q for _ in range(QUESTION_COUNT)]
            assessed = min(today, dt.date(year + 1, rng.randrange(3, 10), rng.randrange(1, 28)))
            rec = health.create_or_update(ws, year, Method.PERDEP06_2016, by, coop_key=c.record.key,
                                          inputs=_inputs(rng, q), answers=answers, examiner=OFFICERS[0][0],
                                          assessed_on=assessed, notes="Dinilai dari laporan keuangan yang "
                                                                      "diserahkan koperasi.")
            if year < last or rng.random() < 0.7:
                health.finalise(ws, rec.id, by)


def _visits(ws, by, rng: random.Random, coops: list[_Coop], officers: list[Officer], today: dt.date) -> None:
    """Two years of visits. Worse cooperatives are visited more often; a few are never visited, a few not for a
    long time. Each visit: checklist, observations, 0-3 problems each with its recommendation, follow-ups."""
    start = add_months(today, -24)
    kinds = [k for k, w in KIND_WEIGHTS for _ in range(w)]
    photos = 0
    for n, c in enumerate(coops):
        if n % 12 == 5 or c.record.status == CoopStatus.BEKU:
            continue                                          # never visited
        count = 2 + int((1 - c.quality) * 5 * rng.random()) + (1 if c.rat_habit != "tertib" else 0)
        span_end = today - dt.timedelta(days=rng.randrange(20, 170))
        if n % 9 == 2:
            span_end = add_months(today, -rng.randrange(8, 14))   # not visited recently
        elif n % 7 == 0:
            span_end = today - dt.timedelta(days=rng.randrange(0, today.day))   # visited this month
        days = max((span_end - start).days, 1)
        dates = {start + dt.timedelta(days=rng.randrange(days)) for _ in range(count - 1)} | {span_end}
        dates = sorted({d if d.weekday() < 5 or d.day <= 2 else d - dt.timedelta(days=d.weekday() - 4)
                        for d in dates})
        for i, on in enumerate(dates):
            team = rng.sample(officers, rng.choice((1, 1, 2)))
            reps = [(o.name, o.role.capitalize()) for o in c.record.officials
                    if o.role in ("ketua", "bendahara", "manajer") and rng.random() < 0.8] or [
                (c.record.officials[0].name, "Ketua")]
            checklist = {k: (rng.random() < 0.3 + 0.65 * c.quality) if rng.random() < 0.85 else None
                         for k in CHECKLIST_KEYS}
            hour = rng.randrange(8, 14)
            last_visit = i == len(dates) - 1
            nxt = add_months(on, rng.choice((2, 3, 4))) if last_visit else None
            kind = VisitKind.PENDAMPINGAN_RAT if c.rat_habit != "tertib" and i == 0 else rng.choice(kinds)
            v = dinas.create_visit(
                ws, by, coop_key=c.record.key, visited_on=on, kind=kind, officer_ids=[o.id for o in team],
                start_time=f"{hour:02d}:{rng.choice((0, 15, 30)):02d}",
                end_time=f"{hour + rng.randrange(1, 4):02d}:00", location=f"Kantor {c.record.name}",
                surat_tugas=f"800/{rng.randrange(100, 999)}/DKUKM/{on.year}", representatives=reps,
                checklist=checklist, observations=rng.choice(OBSERVATIONS), next_visit_on=nxt)
            n_problems = min(3, int((1 - c.quality) * 4 * rng.random() + (0.5 if rng.random() < 0.4 else 0)))
            for cat, sev, problem, advice, pic in rng.sample(FINDINGS, n_problems):
                dinas.add_problem(ws, by, v.id, category=cat, description=problem, severity=sev)
                due = on + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
                r = dinas.add_recommendation(ws, by, v.id, text=advice, pic=pic, due_on=due)
                _follow_ups(ws, by, rng, r.id, on, due, today, c.quality)
            if photos < 4 and n_problems and rng.random() < 0.3:
                photos += 1
                dinas.add_attachment(ws, by, v.id, filename=f"foto-kunjungan-{v.id}.png",
                                     data=demo_png(color=rng.choice(((40, 110, 160), (160, 90, 40), (60, 140, 70)))),
                                     caption="Foto kunjungan bersama pengurus")


def _follow_ups(ws, by, rng: random.Random, rec_id: int, on: dt.date, due: dt.date, today: dt.date,
                quality: float) -> None:
    """A follow-up history to match the recommendation's age and the cooperative's quality."""
    if on + dt.timedelta(days=10) >= today:
        return                                                  # just given: still Terbuka
    progress = on + dt.timedelta(days=rng.randrange(7, max(8, (due - on).days)))
    if progress < today and rng.random() < 0.6:
        dinas.add_follow_up(ws, by, rec_id, on=progress, status=FollowUpStatus.PROSES,
                            note="Sebagian sudah dikerjakan; dipantau lewat telepon.")
    end = due + dt.timedelta(days=rng.randrange(-10, 30))
    if end >= today:
        return                                                  # still running (maybe overdue)
    r = rng.random()
    if r < 0.35 + 0.5 * quality:
        dinas.add_follow_up(ws, by, rec_id, on=max(end, on), status=FollowUpStatus.SELESAI,
                            note="Sudah dilaksanakan dan diperiksa.",
                            evidence=rng.choice(("Foto buku kas", "Salinan notulen rapat", "Laporan yang dikirim",
                                                 "Bukti setor ke bank")))
    elif r < 0.75 + 0.1 * quality:
        dinas.add_follow_up(ws, by, rec_id, on=max(end, on), status=FollowUpStatus.TIDAK_SELESAI,
                            note="Tidak dilaksanakan sampai batas waktu; dibahas lagi pada kunjungan berikutnya.")
    # otherwise no word since: open and overdue
