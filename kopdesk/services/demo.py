"""A demo cooperative with realistic Indonesian data: ``build_demo(path, seed)``.

KSP Sejahtera Mandiri in Banjarbaru: opening balances on 1 January three years ago, then every month its wajib and
pokok receipts, sukarela movements, loan disbursements (net of provisi and admin) and repayments with jasa, staff
and board costs, electricity, depreciation, bank interest, the LPDB loan, cash moved to and from the bank, and the
year-end PPAP top-up. Deterministic for a seed and an end date. Later issues add members, savings and loans.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

from faker import Faker

from kopdesk.domain.coop import AdArt, CoopProfile, Official
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.money import percent_of, round_to
from kopdesk.domain.users import Role
from kopdesk.services import ledger, profile, users
from kopdesk.services.workspace import Workspace, create_workspace

PROFILE = CoopProfile(
    name="KSP Sejahtera Mandiri",
    legal_number="518/045/BH/XVII/2012",
    legal_date=dt.date(2012, 6, 14),
    nik_koperasi="6372030120000045",
    nib="9120004512345",
    npwp="02.345.678.9-731.000",
    street="Jl. Jenderal Ahmad Yani Km 34,5 No. 17",
    desa="Komet",
    kecamatan="Banjarbaru Utara",
    kabupaten_kota="Kota Banjarbaru",
    province="Kalimantan Selatan",
    postal_code="70714",
    phone="(0511) 4772 310",
    email="ksp.sejahteramandiri@gmail.com",
    coop_type="KSP",
    fiscal_year_start_month=1,
    signing_city="Banjarbaru",
)

OPENING = {  # code -> (debit, credit), 1 January of the first demo year
    "1-1100": (15_000_000, 0), "1-1200": (120_000_000, 0), "1-1300": (850_000_000, 0),
    "1-3100": (35_000_000, 0), "1-1390": (0, 12_000_000), "1-3190": (0, 10_000_000),
    "2-1100": (0, 300_000_000), "2-2100": (0, 100_000_000), "2-1530": (0, 5_000_000),
    "3-1100": (0, 23_000_000), "3-1200": (0, 420_000_000), "3-3100": (0, 120_000_000), "3-2100": (0, 30_000_000),
}

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


class _Books:
    """Tracks balances while generating, so cash never goes negative and loans stay realistic."""

    def __init__(self, ws: Workspace):
        self.ids = {a.code: a.id for a in ledger.list_accounts(ws)}
        self.bal: dict[str, int] = defaultdict(int)
        self.drafts: list[JournalDraft] = []

    def add(self, on: dt.date, series: str, description: str, lines: list[tuple[str, int, int]],
            reference: str = "") -> None:
        lines = [(c, d, k) for c, d, k in lines if d or k]
        for code, d, k in lines:
            self.bal[code] += d - k
        self.drafts.append(JournalDraft(on, description, tuple(LineDraft(self.ids[c], d, k) for c, d, k in lines),
                                        series=series, source="demo", reference=reference))


def build_demo(path: str | Path, seed: int = 1, *, today: dt.date | None = None) -> Path:
    """Write a complete demo koperasi workspace to ``path`` (which must not exist). Returns the path."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    ws, admin = create_workspace(Path(path), profile=PROFILE, admin_username="admin",
                                 admin_full_name="Rahmawati, S.E.",
                                 adart=AdArt(simpanan_pokok=100_000, simpanan_wajib=50_000))
    try:
        start_year = today.year - 2
        _officials(ws, admin, fake, start_year)
        users.add_user(ws, username="bendahara", full_name="Nurul Hidayah", role=Role.BENDAHARA, password=None,
                       by=admin)
        users.add_user(ws, username="pengawas", full_name="H. Abdul Rasyid", role=Role.PENGAWAS, password=None,
                       by=admin)
        books = _Books(ws)
        books.add(dt.date(start_year, 1, 1), "JS", f"Saldo awal per 1 Januari {start_year}",
                  [(c, d, k) for c, (d, k) in OPENING.items()], reference="Neraca 31-12-" + str(start_year - 1))
        _simulate(books, rng, start_year, today)
        ledger.post_journals(ws, books.drafts, admin)
    finally:
        ws.close()
    return Path(path)


def _officials(ws: Workspace, admin, fake: Faker, start_year: int) -> None:
    term_start, term_end = dt.date(start_year - 1, 3, 20), dt.date(start_year + 4, 3, 19)
    for body, role in (("pengurus", "Ketua"), ("pengurus", "Sekretaris"), ("pengurus", "Bendahara"),
                       ("pengawas", "Ketua Pengawas"), ("pengawas", "Anggota Pengawas")):
        name = fake.name()
        if role == "Bendahara":
            name = "Rahmawati, S.E."
        phone = "08" + "".join(str(fake.random_digit()) for _ in range(10))
        profile.save_official(ws, Official(None, body, role, name, term_start, term_end, phone), admin)


def _simulate(b: _Books, rng: random.Random, start_year: int, today: dt.date) -> None:
    members = 230
    year, month = start_year, 1
    while dt.date(year, month, 1) <= today:
        name = f"{MONTHS[month - 1]} {year}"
        last = min(_month_end(year, month), today)

        def day(d: int, last: dt.date = last) -> dt.date:
            return min(dt.date(last.year, last.month, min(d, last.day)), last)

        # members: a few join and pay simpanan pokok; wajib from most members (payroll-style, some arrears)
        joined = rng.choice((0, 1, 1, 2, 3))
        members += joined
        if joined:
            b.add(day(3), "KM", f"Setoran simpanan pokok {joined} anggota baru {name}",
                  [("1-1100", joined * 100_000, 0), ("3-1100", 0, joined * 100_000)])
        paying = members - rng.randint(5, 22)
        b.add(day(5), "KM", f"Setoran simpanan wajib {paying} anggota bulan {name}",
              [("1-1100", paying * 50_000, 0), ("3-1200", 0, paying * 50_000)])
        # sukarela deposits and withdrawals
        dep = round_to(rng.randint(9_000_000, 17_000_000), 50_000)
        b.add(day(10), "KM", f"Setoran simpanan sukarela anggota {name}", [("1-1100", dep, 0), ("2-1100", 0, dep)])
        wd = round_to(rng.randint(6_000_000, 14_000_000), 50_000)
        _ensure_cash(b, day(12), wd)
        b.add(day(12), "KK", f"Penarikan simpanan sukarela anggota {name}", [("2-1100", wd, 0), ("1-1100", 0, wd)])
        # loans: repayment of principal and jasa (1.5 % a month on the book), disbursements net of fees
        outstanding = b.bal["1-1300"]
        principal = round_to(outstanding // rng.randint(14, 17), 10_000)
        jasa = round_to(percent_of(outstanding, "1.5"), 1_000)
        denda = round_to(rng.randint(50_000, 450_000), 5_000)
        b.add(day(15), "KM", f"Angsuran pinjaman anggota {name} (pokok, jasa, denda)",
              [("1-1100", principal + jasa + denda, 0), ("1-1300", 0, principal), ("4-1100", 0, jasa),
               ("4-1400", 0, denda)])
        target = 950_000_000 + (year - start_year) * 180_000_000 + (month - 1) * 15_000_000
        disburse = max(0, round_to(principal + (target - outstanding) // 6 + rng.randint(-15, 15) * 1_000_000,
                                   500_000))
        if disburse:
            provisi = round_to(percent_of(disburse, 1), 100)
            admin = round_to(percent_of(disburse, "0.5"), 100)
            net = disburse - provisi - admin
            _ensure_cash(b, day(18), net)
            b.add(day(18), "KK", f"Pencairan pinjaman anggota {name}",
                  [("1-1300", disburse, 0), ("1-1100", 0, net), ("4-1200", 0, provisi), ("4-1300", 0, admin)])
        # costs
        salary = 5_400_000 + (year - start_year) * 300_000
        costs = [
            (day(25), "Gaji dan tunjangan karyawan (3 orang) " + name, "6-1100", salary),
            (day(20), "Pembayaran listrik, air dan telepon " + name, "6-1210",
             round_to(rng.randint(550_000, 900_000), 1_000)),
            (day(8), "Pembelian alat tulis kantor dan fotokopi " + name, "6-1200",
             round_to(rng.randint(300_000, 1_200_000), 1_000)),
            (day(25), "Honor pengurus dan pengawas " + name, "7-1300", 1_500_000),
        ]
        if month == 3:
            costs.append((day(28), f"Biaya penyelenggaraan RAT tahun buku {year - 1}", "7-1100",
                          round_to(rng.randint(3_500_000, 5_500_000), 50_000)))
        if month == 8:
            costs.append((day(22), "Pendidikan dan penyuluhan perkoperasian anggota", "7-1200", 1_750_000))
        for on, desc, code, amount in costs:
            _ensure_cash(b, on, amount)
            b.add(on, "KK", desc, [(code, amount, 0), ("1-1100", 0, amount)])
        # LPDB loan instalment from the bank: principal and interest
        if b.bal["2-2100"] < 0:
            pokok = min(2_000_000, -b.bal["2-2100"])
            bunga = round_to(percent_of(-b.bal["2-2100"], "0.5"), 1_000)
            b.add(day(26), "JU", f"Angsuran pinjaman LPDB {name} via bank",
                  [("2-2100", pokok, 0), ("5-1200", bunga, 0), ("1-1200", 0, pokok + bunga)])
        # month end: depreciation, jasa simpanan sukarela credited, bank interest
        b.add(last, "JU", f"Penyusutan inventaris {name}", [("6-1300", 420_000, 0), ("1-3190", 0, 420_000)])
        jasa_sim = round_to(percent_of(-b.bal["2-1100"], "0.25"), 100)
        b.add(last, "JU", f"Jasa simpanan sukarela anggota {name}", [("5-1100", jasa_sim, 0), ("2-1100", 0, jasa_sim)])
        bunga_bank = round_to(percent_of(b.bal["1-1200"], "0.2"), 100)
        b.add(last, "JU", f"Jasa giro bank {name}", [("1-1200", bunga_bank, 0), ("4-3100", 0, bunga_bank)])
        if b.bal["1-1100"] > 45_000_000:
            move = round_to(b.bal["1-1100"] - 25_000_000, 1_000_000)
            b.add(last, "JU", f"Setor kelebihan kas ke bank {name}", [("1-1200", move, 0), ("1-1100", 0, move)])
        if month == 12 and last == _month_end(year, 12):
            ppap_needed = round_to(percent_of(b.bal["1-1300"], "1.5"), 1_000)
            top_up = ppap_needed + b.bal["1-1390"]
            if top_up > 0:
                b.add(last, "JU", f"Penyisihan penghapusan pinjaman tahun {year}",
                      [("6-1400", top_up, 0), ("1-1390", 0, top_up)])
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _ensure_cash(b: _Books, on: dt.date, amount: int) -> None:
    """Withdraw from the bank first when the cash box would not cover a payment."""
    if b.bal["1-1100"] - amount < 5_000_000:
        need = round_to(amount - b.bal["1-1100"] + 15_000_000, 1_000_000)
        b.add(on, "JU", "Pengambilan uang dari bank untuk kas", [("1-1100", need, 0), ("1-1200", 0, need)])
