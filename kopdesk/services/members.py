"""The member register: add, edit, search, photo, and leaving (keluar / meninggal / diberhentikan) with the
settlement of all savings (spec §6.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import NotFound, ValidationError
from kopdesk.domain.ledger import Journal, JournalDraft, LineDraft
from kopdesk.domain.members import (
    Member,
    MemberSettings,
    MemberStatus,
    member_number,
    member_problems,
    pattern_problems,
)
from kopdesk.domain.savings import SavingsKind, TxKind
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import ledger
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import admin as admin_store
from kopdesk.store import ledger as ledger_store
from kopdesk.store import members as store

SERIES = "ANGGOTA"


def get_settings(ws: Workspace) -> MemberSettings:
    raw = admin_store.get_setting(ws.db, "anggota", {}) or {}
    return MemberSettings(**{k: v for k, v in raw.items() if k in MemberSettings.__dataclass_fields__})


def save_settings(ws: Workspace, settings: MemberSettings, by: User) -> Changes:
    require(by, Perm.PROFILE)
    problems = pattern_problems(settings.number_pattern)
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        admin_store.set_setting(ws.db, "anggota", asdict(settings))
        audit(ws.db, by, "ubah_pengaturan_anggota", "pengaturan", "anggota", asdict(settings))
    return Changes(settings=True)


def preview_number(ws: Workspace, on: dt.date | None = None) -> str:
    s = get_settings(ws)
    row = ws.db.execute("SELECT last FROM number_series WHERE series = ? AND year = 0", [SERIES]).fetchone()
    return member_number(s.number_pattern, (row[0] if row else 0) + 1, on=on or dt.date.today(), unit=s.unit)


def get_member(ws: Workspace, member_id: int) -> Member:
    m = store.member(ws.db, member_id)
    if m is None:
        raise NotFound("Anggota tidak ditemukan.")
    return m


def find_member(ws: Workspace, number: str) -> Member:
    m = store.member_by_number(ws.db, number.strip())
    if m is None:
        raise NotFound(f"Nomor anggota {number.strip()} tidak ditemukan.")
    return m


def _errors_for(ws: Workspace, m: Member, *, exclude_id: int | None = None) -> tuple[list[str], list[str]]:
    errors, warnings = member_problems(m, today=dt.date.today())
    if not errors or not any(e.startswith("NIK") for e in errors):
        from kopdesk.domain.nik import normalize_nik

        other = store.member_with_nik(ws.db, normalize_nik(m.nik))
        if other and other.id != exclude_id and m.status.is_member:
            errors.append(f"NIK sudah dipakai oleh anggota {other.number} ({other.full_name}).")
    return errors, warnings


def check_member(ws: Workspace, m: Member) -> tuple[list[str], list[str]]:
    """(errors, warnings) for a form, without saving: the ui validates in place with this."""
    return _errors_for(ws, m, exclude_id=m.id)


@dataclass(frozen=True, slots=True)
class Added:
    member: Member
    warnings: tuple[str, ...]
    pokok_journal: str | None
    pokok_tx_id: int | None
    changes: Changes


def add_member(ws: Workspace, m: Member, by: User, *, pay_pokok: bool = True, cash_account_id: int | None = None,
               accept_warnings: bool = True) -> Added:
    """Register a member and (by default) receive the simpanan pokok of the AD/ART in the same transaction."""
    require(by, Perm.MEMBERS)
    from kopdesk.domain.nik import normalize_nik

    m = replace(m, nik=normalize_nik(m.nik), full_name=m.full_name.strip())
    errors, warnings = _errors_for(ws, m)
    if warnings and not accept_warnings:
        errors += warnings
    if errors:
        raise ValidationError(errors)
    settings = get_settings(ws)
    pokok = admin_store.load_adart(ws.db).simpanan_pokok
    with ws.db.atomic():
        seq = ledger_store.next_number(ws.db, SERIES, 0)
        number = member_number(settings.number_pattern, seq, on=m.join_date, unit=settings.unit)
        if store.member_by_number(ws.db, number):
            raise ValidationError(f"Nomor anggota {number} sudah ada; ubah format nomor anggota di Pengaturan.")
        mid = store.insert_member(ws.db, replace(m, id=None, number=number), now_iso())
        audit(ws.db, by, "tambah_anggota", "anggota", mid, {"nomor": number, "nama": m.full_name})
        journal, tx_id = None, None
        if pay_pokok and pokok > 0 and m.status.is_member:
            from kopdesk.services import savings

            product = savings.product_of_kind(ws, SavingsKind.POKOK)
            posted = savings.deposit_in_transaction(
                ws, member_id=mid, product_id=product.id, amount=pokok, on=m.join_date,
                cash_account_id=cash_account_id, description=f"Simpanan pokok {number} {m.full_name}", by=by)
            journal, tx_id = posted.number, posted.tx_id
    return Added(store.member(ws.db, mid), tuple(warnings), journal, tx_id,
                 Changes(members=True, savings=journal is not None, ledger=journal is not None))


def update_member(ws: Workspace, m: Member, by: User) -> tuple[tuple[str, ...], Changes]:
    """Edit a member's data. The number never changes; leaving goes through ``exit_member``."""
    require(by, Perm.MEMBERS)
    before = get_member(ws, m.id)
    from kopdesk.domain.nik import normalize_nik

    m = replace(m, number=before.number, nik=normalize_nik(m.nik), full_name=m.full_name.strip())
    if m.status != before.status and not m.status.is_member:
        raise ValidationError("Untuk keluar, meninggal atau diberhentikan gunakan tombol Keluarkan anggota, "
                              "agar simpanannya diselesaikan.")
    if not before.status.is_member and m.status.is_member:
        raise ValidationError("Anggota yang sudah keluar tidak bisa diaktifkan kembali; daftarkan sebagai anggota "
                              "baru.")
    errors, warnings = _errors_for(ws, m, exclude_id=m.id)
    if errors:
        raise ValidationError(errors)
    changed = {k: str(v) for k, v in asdict(m).items() if asdict(before).get(k) != v}
    with ws.db.atomic():
        store.update_member(ws.db, m)
        audit(ws.db, by, "ubah_anggota", "anggota", m.id, changed)
    return tuple(warnings), Changes(members=True)


def set_photo(ws: Workspace, member_id: int, data: bytes | None, by: User) -> Changes:
    require(by, Perm.MEMBERS)
    get_member(ws, member_id)
    if data is not None:
        if len(data) > 2_000_000:
            raise ValidationError("Foto terlalu besar (maksimal 2 MB).")
        if not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8")):
            raise ValidationError("Foto harus gambar PNG atau JPEG.")
    with ws.db.atomic():
        store.set_photo(ws.db, member_id, data)
        audit(ws.db, by, "ubah_foto_anggota", "anggota", member_id)
    return Changes(members=True)


def get_photo(ws: Workspace, member_id: int) -> bytes | None:
    return store.photo(ws.db, member_id)


@dataclass(frozen=True, slots=True)
class MemberRow:
    member: Member
    balances: dict[str, int]          # product code -> balance

    @property
    def total(self) -> int:
        return sum(self.balances.values())


def search(ws: Workspace, text: str = "", statuses: tuple[MemberStatus, ...] = (), *, limit: int = 200,
           offset: int = 0, order: str = "number", descending: bool = False) -> list[MemberRow]:
    """A page of the member list with each member's savings balances (two queries per page). ``order``: number,
    name, join or status; ties are broken by the member id so pages never skip or repeat."""
    members = store.search_members(ws.db, text, [s.value for s in statuses], limit=limit, offset=offset, order=order,
                                   descending=descending)
    codes = {p.id: p.code for p in store.products(ws.db)}
    bals = store.balances(ws.db, [m.id for m in members])
    return [MemberRow(m, {codes[pid]: b for pid, b in bals[m.id].items()}) for m in members]


def count(ws: Workspace, text: str = "", statuses: tuple[MemberStatus, ...] = ()) -> int:
    return store.count_members(ws.db, text, [s.value for s in statuses])


# ------------------------------------------------------------------------------------------------ leaving

# Later features register what a leaving member still owes (loans: outstanding principal, jasa, denda).
# Each hook returns (description, amount, account_id) lines the settlement offsets, or raises ValidationError.
ObligationHook = Callable[[Workspace, Member, dt.date, MemberSettings], list[tuple[str, int, int]]]
EXIT_OBLIGATIONS: list[ObligationHook] = []
# ... and record, inside the exit transaction, that the offset journal settled what was owed.
SettledHook = Callable[[Workspace, Member, int, dt.date, User], None]
EXIT_SETTLED: list[SettledHook] = []


def _register_hooks() -> None:
    """The loan book registers its hooks when imported; make sure it is before any exit is computed."""
    import kopdesk.services.loans  # noqa: F401


@dataclass(frozen=True, slots=True)
class SettlementLine:
    product_code: str
    product_name: str
    account_id: int
    product_id: int
    amount: int


@dataclass(frozen=True, slots=True)
class Settlement:
    member: Member
    on: dt.date
    savings: tuple[SettlementLine, ...]
    obligations: tuple[tuple[str, int, int], ...]

    @property
    def total_savings(self) -> int:
        return sum(s.amount for s in self.savings)

    @property
    def total_obligations(self) -> int:
        return sum(o[1] for o in self.obligations)

    @property
    def payout(self) -> int:
        return self.total_savings - self.total_obligations


def settlement_preview(ws: Workspace, member_id: int, on: dt.date) -> Settlement:
    _register_hooks()
    m = get_member(ws, member_id)
    lines = []
    for p in store.products(ws.db):
        bal = store.balance(ws.db, member_id, p.id)
        if bal:
            lines.append(SettlementLine(p.code, p.name, p.account_id, p.id, bal))
    settings = get_settings(ws)
    obligations = []
    for hook in EXIT_OBLIGATIONS:
        obligations += hook(ws, m, on, settings)
    return Settlement(m, on, tuple(lines), tuple(obligations))


@dataclass(frozen=True, slots=True)
class Exited:
    settlement: Settlement
    journal_id: int | None
    journal_number: str | None
    changes: Changes


def settlement_journal(ws: Workspace, member_id: int) -> Journal | None:
    """The journal that settled a member's savings on leaving (None while still a member)."""
    ids = ledger_store.journal_ids_by_source(ws.db, f"anggota_keluar:{member_id}")
    return ledger_store.journal(ws.db, ids[-1]) if ids else None


def exit_member(ws: Workspace, member_id: int, *, on: dt.date, status: MemberStatus, reason: str,
                cash_account_id: int, by: User) -> Exited:
    """Membership ends: every savings balance is returned (to the member or the heir), less what is still owed,
    in one journal; the member's status changes in the same transaction."""
    require(by, Perm.MEMBERS)
    require(by, Perm.POST)
    if status.is_member:
        raise ValidationError("Status keluar harus Keluar, Meninggal atau Diberhentikan.")
    problems = []
    if not reason.strip():
        problems.append("Alasan keluar wajib diisi.")
    m = get_member(ws, member_id)
    if not m.status.is_member:
        problems.append(f"{m.full_name} sudah berstatus {m.status.label}.")
    if m.join_date and on < m.join_date:
        problems.append("Tanggal keluar tidak boleh sebelum tanggal masuk.")
    cash = ledger_store.account(ws.db, cash_account_id)
    if cash is None or not cash.is_cash:
        problems.append("Akun kas/bank untuk pembayaran wajib dipilih.")
    if status == MemberStatus.MENINGGAL and not m.heir_name.strip():
        problems.append("Nama ahli waris wajib diisi di data anggota sebelum pengembalian simpanan.")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        s = settlement_preview(ws, member_id, on)
        if s.payout < 0:
            raise ValidationError(f"Simpanan {rupiah(s.total_savings)} tidak cukup menutup kewajiban "
                                  f"{rupiah(s.total_obligations)}; selesaikan pinjaman lebih dulu.")
        in_cash = ledger.account_balance(ws, cash_account_id, on)
        if s.payout > in_cash:
            raise ValidationError(f"Saldo {cash.name} pada {on:%d-%m-%Y} hanya {rupiah(in_cash)}; pengembalian "
                                  f"{rupiah(s.payout)} melebihi uang yang ada.")
        journal_id = number = None
        if s.total_savings:
            to = m.heir_name if status == MemberStatus.MENINGGAL else m.full_name
            lines = [LineDraft(x.account_id, debit=x.amount, memo=x.product_name) for x in s.savings]
            lines += [LineDraft(acc, credit=amount, memo=desc) for desc, amount, acc in s.obligations if amount]
            if s.payout:
                lines.append(LineDraft(cash_account_id, credit=s.payout, memo=f"Dibayarkan kepada {to}"))
            draft = JournalDraft(on, f"Pengembalian simpanan {m.number} {m.full_name} ({status.label.lower()})",
                                 tuple(lines), series="KK", source=f"anggota_keluar:{m.id}")
            posted = ledger.post_in_transaction(ws, draft, by)
            journal_id, number = posted.journal_id, posted.number
            store.insert_txs(ws.db, [(m.id, x.product_id, on.isoformat(), TxKind.PENUTUPAN.value, 0, x.amount,
                                      f"Pengembalian saat {status.label.lower()}", "", journal_id, None)
                                     for x in s.savings], by.id, now_iso())
            if s.obligations:
                for hook in EXIT_SETTLED:
                    hook(ws, m, journal_id, on, by)
        store.update_member(ws.db, replace(m, status=status, exit_date=on, exit_reason=reason.strip()))
        audit(ws.db, by, "anggota_keluar", "anggota", m.id, {"status": status.value, "alasan": reason.strip(),
                                                             "simpanan": s.total_savings, "dibayar": s.payout})
    return Exited(s, journal_id, number, Changes(members=True, savings=True, ledger=True))


# ------------------------------------------------------------------------------------------------ bulk registration


@dataclass(frozen=True, slots=True)
class NewMember:
    member: Member
    opening: dict[str, int]      # product code -> balance brought forward (pokok included)
    row: int = 0                 # the file row, for error messages
    number: str = ""             # keep the member's existing number (from the paper register); "" = generate


@dataclass(frozen=True, slots=True)
class BulkResult:
    members: int
    journal_number: str | None
    total_opening: int
    changes: Changes


def validate_many(ws: Workspace, items: list[NewMember]) -> list[str]:
    """Every problem of every row ("Baris N: ..."), in row order; empty when all may be registered."""
    from kopdesk.domain.nik import normalize_nik
    from kopdesk.services import savings

    problems: list[str] = []
    prods = {p.code: p for p in savings.products(ws)}
    seen_nik: dict[str, int] = {}
    seen_number: dict[str, int] = {}
    today = dt.date.today()
    for i, item in enumerate(items, start=1):
        where = f"Baris {item.row or i}"
        m = item.member
        nik = normalize_nik(m.nik)
        errors, _warnings = member_problems(m if nik == m.nik else replace(m, nik=nik), today=today)
        problems += [f"{where}: {e}" for e in errors]
        if nik in seen_nik:
            problems.append(f"{where}: NIK {nik} sama dengan baris {seen_nik[nik]}.")
        elif nik and (other := store.member_with_nik(ws.db, nik)):
            problems.append(f"{where}: NIK {nik} sudah dipakai oleh anggota {other.number} ({other.full_name}).")
        seen_nik.setdefault(nik, item.row or i)
        if item.number:
            if item.number in seen_number:
                problems.append(f"{where}: nomor anggota {item.number} sama dengan baris {seen_number[item.number]}.")
            elif store.member_by_number(ws.db, item.number):
                problems.append(f"{where}: nomor anggota {item.number} sudah ada.")
            seen_number.setdefault(item.number, item.row or i)
        for code, amount in item.opening.items():
            if code not in prods:
                problems.append(f"{where}: produk simpanan {code} tidak dikenal.")
            elif amount < 0:
                problems.append(f"{where}: saldo awal {prods[code].name.lower()} tidak boleh negatif.")
        if len(problems) > 500:
            problems.append("... (pemeriksaan dihentikan setelah 500 masalah)")
            break
    return problems


def register_many(ws: Workspace, items: list[NewMember], *, opening_date: dt.date, by: User) -> BulkResult:
    """Register many members with their savings brought forward, all or nothing. Every problem of every row is
    collected first (row, field, problem); nothing is written unless there are none."""
    require(by, Perm.MEMBERS)
    require(by, Perm.POST)
    from kopdesk.domain.nik import normalize_nik
    from kopdesk.services import savings

    prods = {p.code: p for p in savings.products(ws)}
    seen_number = {item.number for item in items if item.number}
    problems = validate_many(ws, items)
    if problems:
        raise ValidationError(problems)
    settings = get_settings(ws)
    with ws.db.atomic():
        numbered = []
        generated = [item for item in items if not item.number]
        first = ledger_store.next_number(ws.db, SERIES, 0, len(generated)) if generated else 0
        for item in items:
            number = item.number
            if not number:
                number = member_number(settings.number_pattern, first, on=item.member.join_date, unit=settings.unit)
                first += 1
                if number in seen_number or store.member_by_number(ws.db, number):
                    raise ValidationError(f"Nomor anggota {number} yang dibuat otomatis sudah ada; ubah format "
                                          "nomor anggota atau isi kolom nomor anggota.")
            m = item.member
            numbered.append(replace(m, id=None, number=number, nik=normalize_nik(m.nik), full_name=m.full_name.strip()))
        ids = store.insert_members(ws.db, numbered, now_iso())
        openings = [savings.OpeningBalance(mid, prods[code].id, amount)
                    for mid, item in zip(ids, items, strict=True) for code, amount in item.opening.items() if amount]
        journal = savings.opening_balances_in_transaction(ws, openings, on=opening_date, by=by)
        total = sum(o.amount for o in openings)
        audit(ws.db, by, "impor_anggota", "anggota", f"{numbered[0].number}..{numbered[-1].number}" if numbered else "",
              {"jumlah": len(numbered), "saldo_awal": total, "jurnal": journal})
    return BulkResult(len(numbered), journal, total,
                      Changes(members=True, savings=bool(openings), ledger=bool(openings)))
