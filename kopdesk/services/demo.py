"""A demo cooperative with realistic Indonesian data: ``build_demo(path, seed)``.

KSP Sejahtera Mandiri in Banjarbaru: 230 members brought forward on 1 January two years ago with their pokok,
wajib and sukarela, then every month new members paying their pokok, wajib collected in one sheet (a few members
often behind), sukarela deposits and withdrawals at the desk, now and then a member leaving with the settlement of
her savings, monthly jasa on sukarela, loans in aggregate (disbursements net of provisi and admin, repayments with
jasa and denda), staff and board costs, electricity, depreciation, bank interest, the LPDB loan, cash moved to and
from the bank, and the year-end PPAP top-up. Everything goes through the same services the application uses.
Deterministic for a seed and an end date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from faker import Faker

from kopdesk.domain.coop import AdArt, CoopProfile, Official
from kopdesk.domain.ledger import JournalDraft, LineDraft
from kopdesk.domain.loans import DendaKind, DendaRule, Method
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.money import percent_of, round_to
from kopdesk.domain.rat import AttendanceMode, MeetingKind
from kopdesk.domain.users import Role
from kopdesk.fmt import rupiah
from kopdesk.services import (
    closing,
    ledger,
    loan_payments,
    loan_products,
    loans,
    members,
    profile,
    rat,
    savings,
    shu,
    users,
)
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

OPENING = {  # code -> (debit, credit), 1 January of the first demo year; the members' savings (pokok, wajib,
    # sukarela) are brought forward per member against 3-9000, which this opening balances to zero
    # the bank holds what the savings and equity finance beyond cash and fixed assets: the loan book is lent
    # out from it, member by member, from the first month
    "1-1100": (15_000_000, 0), "1-3100": (35_000_000, 0), "1-3190": (0, 10_000_000),
    "2-2100": (0, 100_000_000), "2-1530": (0, 5_000_000), "3-3100": (0, 120_000_000), "3-2100": (0, 30_000_000),
}

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


class _Books:
    """The month's events on a timeline, run in date order so journal numbers follow the calendar and every
    figure (cash in hand, loans outstanding, bank) is read from the ledger at the moment of the event."""

    def __init__(self, ws: Workspace, admin, seed: int = 1):
        self.ws, self.admin, self.seed = ws, admin, seed
        self.ids = {a.code: a.id for a in ledger.list_accounts(ws)}
        self.events: list[tuple[dt.date, int, Callable[[], None]]] = []

    def at(self, on: dt.date, fn: Callable[[], None]) -> None:
        self.events.append((on, len(self.events), fn))

    def post(self, on: dt.date, series: str, description: str, lines: list[tuple[str, int, int]]) -> None:
        lines = [(c, d, k) for c, d, k in lines if d or k]
        ledger.post_journal(self.ws, JournalDraft(on, description, tuple(LineDraft(self.ids[c], d, k)
                                                                         for c, d, k in lines),
                                                  series=series, source="demo"), self.admin)

    def journal(self, on: dt.date, series: str, description: str, lines: list[tuple[str, int, int]]) -> None:
        self.at(on, lambda: self.post(on, series, description, lines))

    def balance(self, code: str, on: dt.date) -> int:
        return ledger.account_balance(self.ws, self.ids[code], on)

    def ensure_cash(self, on: dt.date, amount: int) -> None:
        """Withdraw from the bank first when the cash box would not cover a payment."""
        cash = self.balance("1-1100", on)
        if cash - amount < 5_000_000:
            need = round_to(amount - cash + 15_000_000, 1_000_000)
            self.post(on, "JU", "Pengambilan uang dari bank untuk kas", [("1-1100", need, 0), ("1-1200", 0, need)])

    def run(self) -> None:
        events, self.events = sorted(self.events, key=lambda e: (e[0], e[1])), []
        for _, _, fn in events:
            fn()


def _loan_products(ws: Workspace, admin) -> dict[str, object]:
    """Pinjaman Umum (seeded: flat 1,5 %), Pinjaman Produktif (anuitas 1,25 %), Pinjaman Darurat (menurun 2 %)."""
    made = {"UMUM": loan_products.product_by_code(ws, "UMUM")}
    denda = DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"), grace_days=3)
    for code, name, terms in (
            ("PRODUKTIF", "Pinjaman Produktif (usaha)", dict(method=Method.ANNUITY, rate=Decimal("1.25"), tenor_min=6,
                                                            tenor_max=48, provisi_pct=Decimal(1), admin_fee=50_000,
                                                            collateral_above=10_000_000, denda=denda)),
            ("DARURAT", "Pinjaman Darurat", dict(method=Method.DECLINING, rate=Decimal(2), tenor_min=1, tenor_max=6,
                                                 admin_fee=10_000, max_amount=5_000_000, denda=denda))):
        made[code], _, _ = loan_products.save_product(ws, loan_products.new_product(ws, code, name, **terms), admin)
    return made


@dataclass
class _Loan:
    id: int
    number: str
    member_id: int
    due: list[dt.date]
    totals: list[int]
    profile: str            # baik, telat, sebagian, macet
    stop_after: int
    paid: int = 0           # instalments paid (or, for partial payers, attempted)


PURPOSES = ("Modal usaha warung", "Biaya sekolah anak", "Renovasi rumah", "Modal dagang sayur", "Biaya berobat",
            "Pembelian motor", "Modal usaha jahit", "Biaya pernikahan anak", "Pupuk dan bibit", "Modal usaha kue")


class _LoanBook:
    """Members borrow across three products; most pay on time, some late, some only part, a few stop paying,
    so every collectibility class appears. Applications are entered by the teller and approved by the admin
    (maker-checker); repayments of one day go in one payroll-style sheet."""

    def __init__(self, ws: Workspace, admin, teller, b: _Books, rng: random.Random, products: dict):
        self.ws, self.admin, self.teller, self.b, self.rng, self.products = ws, admin, teller, b, rng, products
        self.open: dict[int, _Loan] = {}

    def borrowers(self) -> set[int]:
        return {x.member_id for x in self.open.values()}

    def month(self, current: list[Member], year: int, month: int, last: dt.date, first_month: bool) -> None:
        rng = self.rng
        borrowing = self.borrowers()
        free = [m for m in current if m.id not in borrowing and m.join_date < dt.date(year, month, 1)]
        for m in rng.sample(free, min(len(free), 110 if first_month else rng.randint(10, 18))):
            on = min(dt.date(year, month, rng.randint(2, 24)), last)
            self.b.at(on, lambda m=m, on=on: self._lend(m, on))
        payments: dict[dt.date, list[tuple[_Loan, int]]] = defaultdict(list)
        for loan in list(self.open.values()):
            k = loan.paid
            if k >= len(loan.due) or loan.due[k] > last:
                continue
            if loan.profile == "macet" and k >= loan.stop_after:
                continue
            due = loan.due[k]
            if loan.profile == "telat":
                on = min(due + dt.timedelta(days=rng.randint(12, 40)), last)
            else:
                on = min(due + dt.timedelta(days=rng.randint(0, 3)), last)
            if on < due:
                continue  # a late payer pays next month
            payments[on].append((loan, k))
        for on, items in payments.items():
            self.b.at(on, lambda on=on, items=items: self._collect(on, items))

    def _lend(self, m: Member, on: dt.date) -> None:
        rng = self.rng
        if not members.get_member(self.ws, m.id).status.is_member or m.id in self.borrowers():
            return  # left earlier this month, or already borrowing
        code = rng.choices(("UMUM", "PRODUKTIF", "DARURAT"), (60, 30, 10))[0]
        p = self.products[code]
        amount = {"UMUM": rng.randint(4, 40), "PRODUKTIF": rng.randint(10, 60), "DARURAT": rng.randint(2, 10)}[code]
        amount *= 500_000
        tenor = {"UMUM": rng.choice((10, 12, 18, 24)), "PRODUKTIF": rng.choice((12, 24, 36)),
                 "DARURAT": rng.choice((3, 5, 6))}[code]
        if self.b.balance("1-1100", on) + self.b.balance("1-1200", on) < amount + 40_000_000:
            return  # the cooperative lends only what it has, keeping a liquidity reserve
        collateral, value = "", None
        if p.collateral_above is not None and amount > p.collateral_above:
            collateral = rng.choice(("BPKB sepeda motor", "BPKB mobil", "Sertifikat tanah (SHM)", "SK pegawai"))
            value = amount * rng.choice((12, 15, 20)) // 10
        applied = loans.apply(self.ws, member_id=m.id, product_id=p.id, amount=amount, tenor=tenor, on=on,
                              purpose=rng.choice(PURPOSES), collateral=collateral, collateral_value=value,
                              by=self.teller)
        loan_id = applied.loan.id
        loans.approve(self.ws, loan_id, on=on, note="Disetujui rapat pengurus", by=self.admin)
        self.b.ensure_cash(on, applied.quote.net)
        loans.disburse(self.ws, loan_id, on=on, cash_account_id=self.b.ids["1-1100"], by=self.teller)
        card = loans.loan_card(self.ws, loan_id, on)
        profile = rng.choices(("baik", "telat", "sebagian", "macet"), (78, 10, 6, 6))[0]
        self.open[loan_id] = _Loan(loan_id, applied.loan.number, m.id, [x.due for x in card.lines],
                                   [x.total for x in card.lines], profile, rng.randint(1, max(1, tenor - 3)))

    def _collect(self, on: dt.date, items: list[tuple[_Loan, int]]) -> None:
        rows = []
        for loan, k in items:
            if loan.id not in self.open or loan.paid != k:
                continue
            if k >= len(loan.due) - 2 or self.rng.random() < 0.01:       # the last instalments: settle exactly
                loan_payments.payoff(self.ws, loan.id, on=on, cash_account_id=self.b.ids["1-1100"], by=self.teller)
                del self.open[loan.id]
                continue
            amount = loan.totals[k]
            if loan.profile == "telat":
                late = max(0, (on - loan.due[k]).days - 3)
                amount += -(-amount * late // 1000) // 1000 * 1000    # 0.1 % a day, rounded up to Rp1.000
            elif loan.profile == "sebagian":
                amount = amount * self.rng.randint(55, 85) // 100 // 1000 * 1000
            rows.append(loan_payments.RepaymentRow(loan.number, amount))
            loan.paid += 1
        if rows:
            loan_payments.repay_many(self.ws, rows, on=on, cash_account_id=self.b.ids["1-1100"],
                                     description=f"Angsuran pinjaman {on:%d-%m-%Y}", by=self.teller)


OCCUPATIONS = ("Pedagang", "Petani", "Guru", "PNS", "Karyawan swasta", "Wiraswasta", "Ibu rumah tangga", "Buruh",
               "Sopir", "Penjahit", "Perawat", "Pensiunan", "Nelayan", "Tukang bangunan")
KECAMATAN = (("01", "Landasan Ulin"), ("02", "Cempaka"), ("03", "Banjarbaru Utara"), ("04", "Banjarbaru Selatan"),
             ("05", "Liang Anggang"))
DESA = {"01": ("Landasan Ulin Timur", "Guntung Payung", "Syamsudin Noor"), "02": ("Cempaka", "Sungai Tiung"),
        "03": ("Komet", "Loktabat Utara", "Mentaos"), "04": ("Loktabat Selatan", "Kemuning", "Guntung Paikat"),
        "05": ("Landasan Ulin Barat", "Landasan Ulin Utara")}


class _People:
    """Indonesian members with NIKs valid in structure (Kota Banjarbaru, 63 72), unique per run."""

    def __init__(self, rng: random.Random, fake: Faker):
        self.rng, self.fake = rng, fake
        self.used: set[str] = set()

    def member(self, join: dt.date) -> Member:
        rng = self.rng
        female = rng.random() < 0.52
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        name = f"{first} {self.fake.last_name()}"
        if rng.random() < 0.08:
            name = ("Hj. " if female else "H. ") + name
        born = dt.date(rng.randint(1958, join.year - 20), rng.randint(1, 12), rng.randint(1, 28))
        kec_code, kec = rng.choice(KECAMATAN)
        while True:
            day = born.day + (40 if female else 0)
            nik = f"6372{kec_code}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"
            if nik not in self.used:
                self.used.add(nik)
                break
        phone = "08" + rng.choice(("11", "12", "13", "21", "22", "52", "53", "57", "77", "78")) + "".join(
            str(rng.randint(0, 9)) for _ in range(8))
        heir = self.fake.first_name_male() if female else self.fake.first_name_female()
        return Member(None, "", name, nik, "P" if female else "L", birth_place=rng.choice(
            ("Banjarbaru", "Banjarmasin", "Martapura", "Pelaihari", "Kandangan", "Barabai", "Amuntai", "Surabaya")),
            birth_date=born, address=f"Jl. {self.fake.street_name()} No. {rng.randint(1, 120)}",
            desa=rng.choice(DESA[kec_code]), kecamatan=kec, kabupaten_kota="Kota Banjarbaru", phone=phone,
            occupation=rng.choice(OCCUPATIONS), join_date=join, heir_name=f"{heir} {name.split()[-1]}",
            heir_relation=rng.choice(("Suami", "Istri", "Anak", "Saudara")) if not female else rng.choice(
                ("Suami", "Anak", "Saudara")))


def build_demo(path: str | Path, seed: int = 1, *, today: dt.date | None = None) -> Path:
    """Write a complete demo koperasi workspace to ``path`` (which must not exist). Returns the path."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    ws, admin = create_workspace(Path(path), profile=PROFILE, admin_username="admin",
                                 admin_full_name="Rahmawati, S.E.",
                                 adart=AdArt(simpanan_pokok=100_000, simpanan_wajib=50_000, proxies_allowed=True,
                                             max_proxies_per_member=1))
    try:
        # a demo file is written once and thrown away if anything fails: no fsync per transaction while building
        ws.db.execute("PRAGMA synchronous=OFF")
        start = dt.date(today.year - 3, 1, 1)
        _officials(ws, admin, fake, start.year)
        teller, _ = users.add_user(ws, username="bendahara", full_name="Nurul Hidayah", role=Role.BENDAHARA,
                                   password=None, by=admin)
        users.add_user(ws, username="pengawas", full_name="H. Abdul Rasyid", role=Role.PENGAWAS, password=None,
                       by=admin)
        sukarela = savings.product_by_code(ws, "SUKARELA")
        savings.save_product(ws, replace(sukarela, interest_rate=Decimal(3)), admin)  # 3 % a year, lowest balance
        people = _People(rng, fake)
        books = _Books(ws, admin, seed)
        opening_savings = _founding_members(ws, admin, rng, people, start)
        lines = [*((c, d, k) for c, (d, k) in OPENING.items()), ("3-9000", 0, opening_savings)]
        bank = sum(k - d for _, d, k in lines)
        books.post(start, "JS", f"Saldo awal per {start:%d-%m-%Y} (neraca penutupan tahun {start.year - 1})",
                   [*lines, ("1-1200", bank, 0)])
        book = _LoanBook(ws, admin, teller, books, rng, _loan_products(ws, admin))
        _simulate(ws, admin, books, rng, people, start, today, book)
    finally:
        ws.close()
    return Path(path)


def _founding_members(ws: Workspace, admin, rng: random.Random, people: _People, start: dt.date) -> int:
    """230 members who joined before the demo starts, with pokok, wajib (a few months behind) and sukarela
    brought forward; returns the total brought forward."""
    items = []
    for _ in range(230):
        join = dt.date(rng.randint(start.year - 8, start.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        months = (start.year - join.year) * 12 + (start.month - join.month)  # join month .. December before
        behind = rng.choice((0, 0, 0, 0, 1, 2, 3))
        sukarela = round_to(rng.randint(0, 4_000_000), 10_000) if rng.random() < 0.65 else 0
        items.append(members.NewMember(people.member(join), {
            "POKOK": 100_000, "WAJIB": 50_000 * max(0, months - behind), "SUKARELA": sukarela}))
    items.sort(key=lambda x: x.member.join_date)
    done = members.register_many(ws, items, opening_date=start, by=admin)
    return done.total_opening


def _officials(ws: Workspace, admin, fake: Faker, start_year: int) -> None:
    term_start, term_end = dt.date(start_year - 1, 3, 20), dt.date(start_year + 4, 3, 19)
    for body, role in (("pengurus", "Ketua"), ("pengurus", "Sekretaris"), ("pengurus", "Bendahara"),
                       ("pengawas", "Ketua Pengawas"), ("pengawas", "Anggota Pengawas")):
        name = fake.name()
        if role == "Bendahara":
            name = "Rahmawati, S.E."
        phone = "08" + "".join(str(fake.random_digit()) for _ in range(10))
        profile.save_official(ws, Official(None, body, role, name, term_start, term_end, phone), admin)


def _simulate(ws: Workspace, admin, b: _Books, rng: random.Random, people: _People, start: dt.date,
              today: dt.date, book: _LoanBook) -> None:
    sukarela = savings.product_by_code(ws, "SUKARELA")
    kas = b.ids["1-1100"]
    chronic: set[str] = set()  # members who often miss their wajib
    missed: dict[str, int] = defaultdict(int)  # months of wajib a member is behind (others catch up over time)
    for bill in savings.wajib_billing(ws, start - dt.timedelta(days=1)):  # behind when the books were brought in
        missed[bill.member.number] = bill.status.months_in_arrears
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= today:
        name = f"{MONTHS[month - 1]} {year}"
        last = min(_month_end(year, month), today)

        def day(d: int, last: dt.date = last) -> dt.date:
            return min(dt.date(last.year, last.month, min(d, last.day)), last)

        current = [r.member for r in members.search(ws, "", (MemberStatus.AKTIF,), limit=10_000)]
        if not chronic:
            chronic = {m.number for m in rng.sample(current, 14)}
        # new members join and pay their pokok at the desk
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            newcomer = people.member(day(rng.randint(2, 27)))
            b.at(newcomer.join_date, lambda m=newcomer: members.add_member(ws, m, admin, cash_account_id=kas))
        # wajib collected in one sheet around the 5th; the chronic few often miss, others catch up over time
        collect_on = day(5)
        rows = []
        for m in current:
            if rng.random() < (0.45 if m.number in chronic else 0.04):
                missed[m.number] += 1
                continue
            catch_up = min(missed[m.number], rng.choice((0, 1, 2)) if m.number not in chronic else 0)
            missed[m.number] -= catch_up
            rows.append(savings.CollectionRow(m.number, "WAJIB", 50_000 * (1 + catch_up)))
        if rows:
            b.at(collect_on, lambda rows=rows, on=collect_on, name=name: _collect_wajib(ws, admin, rows, on, kas, name))
        # sukarela at the desk: deposits, and withdrawals within each member's balance and the cash box
        for _ in range(rng.randint(10, 18)):
            m, on = rng.choice(current), day(rng.randint(1, 28))
            amount = round_to(rng.randint(50_000, 2_500_000), 10_000)
            b.at(on, lambda m=m, on=on, amount=amount: savings.deposit(
                ws, member_id=m.id, product_id=sukarela.id, amount=amount, on=on, cash_account_id=kas, by=admin)
                if _still_member(ws, m) else None)
        for _ in range(rng.randint(5, 10)):
            m, on, share = rng.choice(current), day(rng.randint(8, 28)), rng.randint(10, 90)
            b.at(on, lambda m=m, on=on, share=share: _withdraw(b, m, sukarela, share, on, kas))
        # now and then a member leaves and takes back all savings
        if rng.random() < 0.2 and len(current) > 50:
            borrowing = book.borrowers()
            m, on = rng.choice([x for x in current if x.id not in borrowing]), day(rng.randint(10, 27))
            b.at(on, lambda m=m, on=on: _leave(b, m, on, kas) if m.id not in book.borrowers() else None)
        book.month(current, year, month, last, first_month=(year, month) == (start.year, start.month))
        _month_of_business(b, rng, year, month, name, last, day, start)
        _year_cycle(ws, admin, b, year, month, day, start, today)
        b.run()
        if last == _month_end(year, month) and last < today:
            closing.close_month(ws, year, month, admin)  # jasa on sukarela, the PPAP adjustment, the lock
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _still_member(ws: Workspace, m: Member) -> bool:
    """Events are planned at the start of a month; a member may have left before the event's day."""
    return members.get_member(ws, m.id).status.is_member


def _collect_wajib(ws: Workspace, admin, rows: list, on: dt.date, kas: int, name: str) -> None:
    numbers = {m.number for m in members_of(ws, (MemberStatus.AKTIF,))}
    rows = [r for r in rows if r.member_number in numbers]
    if rows:
        savings.post_collection(ws, rows, on=on, cash_account_id=kas,
                                description=f"Setoran simpanan wajib bulan {name} ({len(rows)} anggota)", by=admin)


def _year_cycle(ws: Workspace, admin, b: _Books, year: int, month: int, day, start: dt.date, today: dt.date) -> None:
    """The books of last year are closed in January; the RAT in March (attendance, minutes, decisions)
    approves the SHU by its decision 03/RAT/<year>, and the SHU is posted the same day; in April each member's
    share is credited to sukarela (members who left are paid in cash)."""
    last_year = year - 1
    if last_year < start.year:
        return
    if month == 1:
        b.at(day(20), lambda: closing.close_year(ws, last_year, admin))
    elif month == 3:
        def rat_day(on: dt.date = day(28)) -> None:
            _hold_rat(b, last_year, on)          # decision 03/RAT/<year> approves the SHU
            shu.post(ws, last_year, admin, on=on)
        b.at(day(28), rat_day)
    elif month == 4:
        def payout(on: dt.date = day(10)) -> None:
            rows = [r for r in shu.shu_list(ws, last_year).rows if r.total > 0]
            gone = {m.id for m in members_of(ws, (MemberStatus.KELUAR, MemberStatus.MENINGGAL,
                                                  MemberStatus.DIBERHENTIKAN))}
            stay = [r.member_id for r in rows if r.member_id not in gone]
            left = [r.member_id for r in rows if r.member_id in gone]
            if stay:
                shu.pay(ws, last_year, admin, on=on, method="sukarela", member_ids=stay)
            if left:
                b.ensure_cash(on, sum(r.total for r in rows if r.member_id in gone))
                shu.pay(ws, last_year, admin, on=on, method="tunai", member_ids=left,
                        cash_account_id=b.ids["1-1100"])
        b.at(day(10), payout)


def members_of(ws: Workspace, statuses: tuple[MemberStatus, ...]) -> list[Member]:
    return [r.member for r in members.search(ws, "", statuses, limit=100_000)]


def _withdraw(b: _Books, m: Member, product, share: int, on: dt.date, kas: int) -> None:
    bal = savings.balances(b.ws, m.id)[product]
    amount = bal * share // 100 // 10_000 * 10_000  # a share of the balance, rounded down: never more than it
    if amount < 50_000 or not members.get_member(b.ws, m.id).status.is_member:
        return
    b.ensure_cash(on, amount)
    savings.withdraw(b.ws, member_id=m.id, product_id=product.id, amount=amount, on=on, cash_account_id=kas,
                     by=b.admin)


def _leave(b: _Books, m: Member, on: dt.date, kas: int) -> None:
    if not members.get_member(b.ws, m.id).status.is_member:
        return
    b.ensure_cash(on, sum(savings.balances(b.ws, m.id).values()))
    members.exit_member(b.ws, m.id, on=on, status=MemberStatus.KELUAR, reason="Mengundurkan diri (pindah domisili)",
                        cash_account_id=kas, by=b.admin)


def _month_of_business(b: _Books, rng: random.Random, year: int, month: int, name: str, last: dt.date, day,
                       start: dt.date) -> None:
    """Costs, the LPDB loan, depreciation, bank interest, cash to the bank, the year-end PPAP top-up."""
    salary = 5_400_000 + (year - start.year) * 300_000
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
        b.at(on, lambda on=on, desc=desc, code=code, amount=amount: (
            b.ensure_cash(on, amount), b.post(on, "KK", desc, [(code, amount, 0), ("1-1100", 0, amount)])))

    def lpdb(on: dt.date = day(26)) -> None:
        owed = b.balance("2-2100", on)  # a liability: positive on its normal (credit) side
        if owed > 0:
            pokok, bunga = min(2_000_000, owed), round_to(percent_of(owed, "0.5"), 1_000)
            b.post(on, "JU", f"Angsuran pinjaman LPDB {name} via bank",
                   [("2-2100", pokok, 0), ("5-1200", bunga, 0), ("1-1200", 0, pokok + bunga)])

    def month_end(on: dt.date = last) -> None:
        b.post(on, "JU", f"Penyusutan inventaris {name}", [("6-1300", 420_000, 0), ("1-3190", 0, 420_000)])
        bunga_bank = round_to(percent_of(b.balance("1-1200", on), "0.2"), 100)
        b.post(on, "JU", f"Jasa giro bank {name}", [("1-1200", bunga_bank, 0), ("4-3100", 0, bunga_bank)])
        cash = b.balance("1-1100", on)
        if cash > 45_000_000:
            move = round_to(cash - 25_000_000, 1_000_000)
            b.post(on, "JU", f"Setor kelebihan kas ke bank {name}", [("1-1200", move, 0), ("1-1100", 0, move)])

    b.at(day(26), lpdb)
    if last == _month_end(year, month):  # the month-end entries wait for the month to end
        b.at(last, month_end)


QUESTIONS = (  # (agenda item, question, answer, answered by)
    (7, "Mengapa jasa simpanan sukarela tidak dinaikkan, padahal SHU naik?",
     "Pengurus menjaga jasa simpanan sesuai kemampuan; kenaikan SHU sebagian besar dipakai untuk memperkuat "
     "cadangan dan PPAP.", "Bendahara"),
    (7, "Berapa banyak pinjaman yang macet dan apa langkah pengurus untuk menagihnya?",
     "Pinjaman macet dirinci dalam laporan kolektibilitas; pengurus melakukan kunjungan dan penjadwalan ulang "
     "bagi anggota yang beritikad baik.", "Ketua Pengurus"),
    (6, "Apakah pengawas memeriksa kas setiap bulan?",
     "Pengawas melakukan pemeriksaan kas mendadak setiap bulan dan mencocokkan saldo dengan buku kas.",
     "Ketua Pengawas"),
    (8, "Kapan SHU dibagikan kepada anggota?",
     "SHU bagian anggota dikreditkan ke simpanan sukarela masing-masing pada bulan April; anggota yang sudah "
     "keluar menerima tunai.", "Bendahara"),
    (9, "Apakah plafon pinjaman produktif bisa dinaikkan tahun ini?",
     "Usulan itu dicatat dan akan dikaji pengurus bersama pengawas sesuai kemampuan likuiditas koperasi.",
     "Ketua Pengurus"),
    (7, "Mengapa biaya penyelenggaraan RAT cukup besar?",
     "Biaya meliputi konsumsi, cetak buku laporan dan undangan untuk seluruh anggota.", "Sekretaris"),
)


def _hold_rat(b: _Books, year: int, on: dt.date) -> None:
    """The RAT of financial year ``year`` on ``on``: the invitation two weeks before; about two thirds of the
    members attend (a few by proxy, a few online from the second year on); the minutes of each agenda item with
    members' questions; decisions 01 acara, 02 LPJ, 03 SHU (approving the distribution), 04 RAPB; then closed.
    Uses its own random stream so the books are the same with or without it."""
    ws, admin = b.ws, b.admin
    rng = random.Random(f"rat-{b.seed}-{year}")
    officials = profile.list_officials(ws, active_only=True)
    by_role = {o.role: o.name for o in officials}
    mode = "hybrid" if rat.list_meetings(ws) else "luring"          # online attendance from the second RAT on
    m = rat.create_meeting(
        ws, admin, kind=MeetingKind.RAT, year=year, held_on=on, start_time="08:30",
        place="Aula Kantor KSP Sejahtera Mandiri, Jl. Jenderal Ahmad Yani Km 34,5 Banjarbaru",
        online_link="https://meet.google.com/ksp-sm-rat" if mode == "hybrid" else "", mode=mode,
        invitation_date=on - dt.timedelta(days=14), chair=by_role.get("Ketua", ""),
        notulis=by_role.get("Sekretaris", ""),
        guests=("Dinas Koperasi dan Usaha Mikro Kota Banjarbaru", "Dekopinda Kota Banjarbaru"))
    seats = rat.eligible_member_ids(ws, m.id)
    present = rng.sample(seats, round(len(seats) * rng.uniform(0.62, 0.74)))
    online = set(present[:rng.randint(8, 14)]) if mode == "hybrid" else set()
    in_room = [x for x in present if x not in online]
    proxies = present[-rng.randint(5, 9):]
    holders = in_room[:len(proxies)]
    proxied = set(proxies)
    rows = [(mid, AttendanceMode.DARING if mid in online else AttendanceMode.LANGSUNG, None)
            for mid in present if mid not in proxied]
    rows += [(mid, AttendanceMode.KUASA, holder) for mid, holder in zip(proxies, holders, strict=True)]
    rat.record_attendance_many(ws, admin, m.id, rows)
    q = rat.quorum(ws, m.id)
    names = {a.member_id: a.name for a in rat.attendance(ws, m.id)}
    witnesses = [names[x] for x in in_room[len(proxies):len(proxies) + 2]]
    rat.update_meeting(ws, admin, m.id, witnesses=witnesses)
    c = closing.get_closing(ws, year)
    ketua, pengawas = by_role.get("Ketua", "Ketua Pengurus"), by_role.get("Ketua Pengawas", "Ketua Pengawas")
    notes = {
        1: f"Rapat dibuka pukul 08.30 oleh {ketua} selaku Ketua Pengurus, diawali menyanyikan lagu Indonesia Raya "
           "dan doa. Ketua Pengurus menyampaikan sambutan dan terima kasih kepada anggota dan undangan.",
        2: f"Sekretaris melaporkan anggota terdaftar {q.registered} orang; hadir {q.present} orang ({q.in_person} "
           f"langsung, {q.by_proxy} melalui kuasa, {q.online} daring). Kuorum {q.rule_text} ({q.needed} orang) "
           "tercapai; rapat dinyatakan sah.",
        3: "Acara dan tata tertib rapat dibacakan dan disahkan tanpa perubahan.",
        4: f"Peserta menetapkan {ketua} sebagai pimpinan rapat dan {by_role.get('Sekretaris', '')} sebagai notulis.",
        5: f"Ketua Pengurus menyampaikan laporan pertanggungjawaban pengurus tahun buku {year}: kegiatan organisasi, "
           f"usaha simpan pinjam, laporan keuangan dengan SHU setelah pajak {rupiah(c.shu)}.",
        6: f"{pengawas} membacakan laporan hasil pengawasan: pembukuan tertib, kas dan bank sesuai, beberapa pinjaman "
           "menunggak perlu penagihan lebih intensif.",
        7: "Anggota menanggapi laporan; sesudah tanya jawab, LPJ pengurus dan laporan keuangan disahkan.",
        8: f"Usulan pembagian SHU tahun buku {year} sesuai AD/ART dibacakan bendahara dan disetujui peserta.",
        9: f"Rencana kerja dan RAPB tahun buku {on.year} dipaparkan pengurus dan disahkan dengan beberapa masukan.",
        10: "Tidak ada pemilihan pengurus/pengawas tahun ini (masa jabatan berakhir pada RAT berikutnya). Simpanan "
            "wajib tetap Rp50.000 per bulan.",
        11: "Pimpinan rapat membacakan keputusan rapat. Rapat ditutup pukul 12.15 dengan doa.",
    }
    for seq, text in notes.items():
        rat.set_agenda_notes(ws, admin, m.id, seq, text)
    askers = rng.sample([x for x in in_room if x not in holders], 4)
    for mid, (seq, question, answer, role) in zip(askers, rng.sample(QUESTIONS, 4), strict=True):
        rat.add_question(ws, admin, m.id, seq, asker="", member_id=mid, question=question, answer=answer,
                         answered_by=f"{role} ({by_role.get(role, role)})" if role in by_role else role)
    voting = q.present
    against = rng.randint(2, 9)
    abstain = rng.randint(0, 4)
    for kind, title, text, seq, extra in (
            ("umum", "Pengesahan acara dan tata tertib rapat",
             f"Menetapkan acara dan tata tertib Rapat Anggota Tahunan tahun buku {year}.", 3, {}),
            ("lpj", f"Pengesahan LPJ pengurus dan laporan keuangan tahun buku {year}",
             f"Menerima laporan pertanggungjawaban pengurus dan mengesahkan laporan keuangan tahun buku {year}; "
             "dengan pengesahan ini pengurus dibebaskan dari tanggung jawab atas tahun buku tersebut.", 7,
             dict(voting="suara", votes_for=voting - against - abstain, votes_against=against,
                  votes_abstain=abstain)),
            ("shu", f"Penetapan pembagian SHU tahun buku {year}",
             f"Menetapkan SHU tahun buku {year} sebesar {rupiah(c.shu)} dibagi sesuai alokasi AD/ART; bagian "
             "anggota dikreditkan ke simpanan sukarela.", 8, {}),
            ("rapb", f"Pengesahan rencana kerja dan RAPB tahun buku {on.year}",
             f"Mengesahkan rencana kerja dan rencana anggaran pendapatan dan belanja tahun buku {on.year}.", 9, {})):
        rat.add_decision(ws, admin, m.id, kind=kind, title=title, text=text, agenda_seq=seq, **extra)
    rat.close_meeting(ws, admin, m.id, end_time="12:15")

