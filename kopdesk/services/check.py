"""``kopdesk check``: is this workspace sound? SQLite integrity, foreign keys, every journal balanced, the whole
ledger balanced. Read-only: the file is opened with mode=ro and never changed. Later features add their checks
to ``CHECKS`` (e.g. savings and loans reconciling with the ledger)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from kopdesk.fmt import rupiah
from kopdesk.services.workspace import Status, inspect
from kopdesk.store import ledger as ledger_store


@dataclass
class CheckReport:
    path: Path
    problems: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        lines = [f"Pemeriksaan file {self.path.name}"]
        lines += [f"  [OK]    {p}" for p in self.passed]
        lines += [f"  [GAGAL] {p}" for p in self.problems]
        lines.append("Hasil: BAIK" if self.ok else f"Hasil: {len(self.problems)} MASALAH DITEMUKAN")
        return "\n".join(lines)


Check = Callable[[sqlite_utils.Database, CheckReport], None]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


@check
def _integrity(db: sqlite_utils.Database, r: CheckReport) -> None:
    rows = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if rows == ["ok"]:
        r.passed.append("Integritas SQLite baik")
    else:
        r.problems.append("Integritas SQLite rusak: " + "; ".join(rows[:10]))


@check
def _foreign_keys(db: sqlite_utils.Database, r: CheckReport) -> None:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    if not rows:
        r.passed.append("Semua rujukan antar tabel (foreign key) sah")
    else:
        shown = ", ".join(f"{t} baris {rowid} -> {parent}" for t, rowid, parent, _ in rows[:10])
        r.problems.append(f"{len(rows)} rujukan antar tabel tidak sah: {shown}")


@check
def _journals_balanced(db: sqlite_utils.Database, r: CheckReport) -> None:
    bad = ledger_store.unbalanced_journals(db)
    count = db.execute("SELECT count(*) FROM journals").fetchone()[0]
    if not bad:
        r.passed.append(f"Semua {count} jurnal seimbang (debit = kredit, paling sedikit dua baris)")
    else:
        shown = ", ".join(f"{n} (D {rupiah(d)} / K {rupiah(c)})" for n, d, c in bad[:10])
        r.problems.append(f"{len(bad)} jurnal tidak seimbang atau tidak lengkap: {shown}")


@check
def _ledger_balanced(db: sqlite_utils.Database, r: CheckReport) -> None:
    d, c, n = db.execute("SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) "
                         "FROM journal_lines").fetchone()
    if d == c:
        r.passed.append(f"Buku besar seimbang: {n} baris, total debit = total kredit = {rupiah(d)}")
    else:
        r.problems.append(f"Buku besar tidak seimbang: debit {rupiah(d)} dan kredit {rupiah(c)}")


@check
def _line_dates(db: sqlite_utils.Database, r: CheckReport) -> None:
    n = db.execute("SELECT count(*) FROM journal_lines l JOIN journals j ON j.id = l.journal_id "
                   "WHERE l.date <> j.date").fetchone()[0]
    if n:
        r.problems.append(f"{n} baris jurnal bertanggal lain dari jurnalnya")
    else:
        r.passed.append("Tanggal setiap baris jurnal sama dengan jurnalnya")


@check
def _append_only_guards(db: sqlite_utils.Database, r: CheckReport) -> None:
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    needed = {"journals_no_update", "journals_no_delete", "journal_lines_no_update", "journal_lines_no_delete",
              "audit_no_update", "audit_no_delete", "journals_closed_period"}
    missing = needed - names
    if missing:
        r.problems.append("Pengaman buku (trigger) hilang: " + ", ".join(sorted(missing)))
    else:
        r.passed.append("Pengaman buku (jurnal tidak bisa diubah atau dihapus) terpasang")


@check
def _savings_reconcile(db: sqlite_utils.Database, r: CheckReport) -> None:
    """Each savings account in the ledger equals the sum of the members' balances of its product(s), and the
    trigger-kept balance table equals the transactions it summarises."""
    if not db["savings_products"].exists():
        return
    rows = db.execute(
        "SELECT a.code, a.name, a.normal, "
        "  (SELECT coalesce(sum(l.credit - l.debit), 0) FROM journal_lines l WHERE l.account_id = a.id), "
        "  (SELECT coalesce(sum(t.deposit - t.withdrawal), 0) FROM savings_tx t "
        "     JOIN savings_products q ON q.id = t.product_id WHERE q.account_id = a.id) "
        "FROM accounts a WHERE a.id IN (SELECT account_id FROM savings_products) ORDER BY a.code").fetchall()
    bad = [(code, name, ledger_bal, members_total) for code, name, _, ledger_bal, members_total in rows
           if ledger_bal != members_total]
    for code, name, ledger_bal, members_total in bad:
        r.problems.append(f"{code} {name}: saldo buku besar {rupiah(ledger_bal)} tidak sama dengan jumlah saldo "
                          f"anggota {rupiah(members_total)} (selisih {rupiah(ledger_bal - members_total)})")
    if not bad and rows:
        r.passed.append(f"Saldo {len(rows)} akun simpanan sama dengan jumlah saldo simpanan anggota")
    drift = db.execute(
        "SELECT count(*) FROM (SELECT member_id, product_id, sum(deposit - withdrawal) AS s FROM savings_tx "
        "GROUP BY member_id, product_id) t LEFT JOIN savings_balances b USING (member_id, product_id) "
        "WHERE coalesce(b.balance, 0) <> t.s").fetchone()[0]
    if drift:
        r.problems.append(f"{drift} saldo simpanan anggota tidak sama dengan rincian transaksinya")



@check
def _loans_reconcile(db: sqlite_utils.Database, r: CheckReport) -> None:
    """Each loan receivable account in the ledger equals the principal outstanding of its loans; every stored
    per-instalment allocation adds up to its transaction; no loan owes a negative principal."""
    if not db["loan_tx"].exists():
        return
    from kopdesk.store import loans as loans_store

    if not db.execute("SELECT 1 FROM loan_tx LIMIT 1").fetchone():
        r.passed.append("Buku pinjaman belum dipakai (belum ada pinjaman yang dicairkan)")
        return
    bad = []
    for account_id, loans_total in loans_store.receivable_totals(db):
        code, name, balance = db.execute(
            "SELECT a.code, a.name, (SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l "
            "WHERE l.account_id = a.id) FROM accounts a WHERE a.id = ?", [account_id]).fetchone()
        if balance != loans_total:
            bad.append(code)
            r.problems.append(f"{code} {name}: saldo buku besar {rupiah(balance)} tidak sama dengan jumlah sisa pokok "
                              f"pinjaman {rupiah(loans_total)} (selisih {rupiah(balance - loans_total)})")
    if not bad:
        r.passed.append("Saldo akun piutang pinjaman sama dengan jumlah sisa pokok pinjaman anggota")
    split = db.execute(
        "SELECT count(*) FROM loan_tx t WHERE t.kind IN ('angsuran', 'pelunasan', 'pembalik') AND EXISTS "
        "(SELECT 1 FROM loan_alloc a WHERE a.tx_id = t.id) AND (SELECT -t.principal <> sum(a.principal) "
        "OR t.interest <> sum(a.interest) OR t.penalty <> sum(a.penalty) FROM loan_alloc a WHERE a.tx_id = t.id)"
    ).fetchone()[0]
    if split:
        r.problems.append(f"{split} pembayaran pinjaman tidak sama dengan rincian alokasi per angsurannya")
    negative = [n for (n,) in db.execute(
        "SELECT l.number FROM loans l WHERE (SELECT coalesce(sum(principal), 0) FROM loan_tx t "
        "WHERE t.loan_id = l.id) < 0 ORDER BY l.number LIMIT 10")]
    if negative:
        r.problems.append("Sisa pokok pinjaman negatif: " + ", ".join(negative))

@check
def _closed_years(db: sqlite_utils.Database, r: CheckReport) -> None:
    """Every closed financial year has its closing journal (not reversed), its income and expense accounts are
    empty at its last day, and the books are locked through that day."""
    if not db["closings"].exists():
        return
    from kopdesk.store import closing as closing_store

    rows = db.execute(
        "SELECT c.year, c.period_end, c.journal_id, j.source, (SELECT x.number FROM journals x "
        "WHERE x.reverses_id = c.journal_id) FROM closings c LEFT JOIN journals j ON j.id = c.journal_id "
        "WHERE c.reopened_at IS NULL ORDER BY c.year").fetchall()
    if not rows:
        r.passed.append("Belum ada tahun buku yang ditutup (tutup buku)")
        return
    locked = ledger_store.locked_through(db)
    nominal = [a for (a,) in db.execute("SELECT id FROM accounts WHERE klass IN ('4', '5', '6', '7', '8')")]
    marks = ",".join("?" * len(nominal))
    bad = []
    for year, end, journal_id, source, reversal in rows:
        if journal_id is not None and source != f"{closing_store.CLOSING_SOURCE}{year}":
            bad.append(f"tahun buku {year}: jurnal penutupnya tidak ditemukan")
        elif reversal:
            bad.append(f"tahun buku {year}: jurnal penutupnya sudah dibalik ({reversal})")
        open_accounts = db.execute(
            f"SELECT count(*) FROM (SELECT account_id FROM journal_lines WHERE account_id IN ({marks}) AND date <= ? "
            "GROUP BY account_id HAVING sum(debit) <> sum(credit))", [*nominal, end]).fetchone()[0] if nominal else 0
        if open_accounts:
            bad.append(f"tahun buku {year}: {open_accounts} akun pendapatan/beban masih bersaldo pada {end}")
        if locked is None or locked.isoformat() < end:
            bad.append(f"tahun buku {year}: buku tidak terkunci sampai {end}")
    if bad:
        r.problems.append("Tutup buku tidak utuh: " + "; ".join(bad))
    else:
        r.passed.append(f"{len(rows)} tahun buku yang ditutup (tutup buku) mempunyai jurnal penutup dan terkunci")


@check
def _shu_payable(db: sqlite_utils.Database, r: CheckReport) -> None:
    """SHU bagian anggota belum dibayarkan (accounts tagged shu_payable) equals the members' shares of booked SHU
    distributions not yet paid out; each approved distribution's shares add up to its total."""
    if not db["shu_distributions"].exists():
        return
    from kopdesk.store import shu as shu_store

    split = [y for (y,) in db.execute(
        "SELECT d.year FROM shu_distributions d WHERE d.cancelled_at IS NULL AND d.total_shares <> "
        "(SELECT coalesce(sum(s.jasa_modal + s.jasa_usaha), 0) FROM shu_shares s WHERE s.distribution_id = d.id)")]
    if split:
        r.problems.append("Pembagian SHU tahun buku " + ", ".join(map(str, split)) + " tidak sama dengan jumlah "
                          "bagian anggotanya")
    if not db.execute("SELECT 1 FROM shu_distributions WHERE journal_id IS NOT NULL LIMIT 1").fetchone():
        if not split:
            r.passed.append("Belum ada pembagian SHU yang dibukukan")
        return
    payable = db.execute(
        "SELECT coalesce(sum(l.credit - l.debit), 0) FROM journal_lines l JOIN accounts a ON a.id = l.account_id "
        "WHERE ',' || a.tags || ',' LIKE '%,shu_payable,%'").fetchone()[0]
    unpaid = shu_store.unpaid_total(db)
    if payable != unpaid:
        r.problems.append(f"SHU anggota belum dibayarkan di buku besar {rupiah(payable)} tidak sama dengan bagian "
                          f"anggota yang belum dibayar {rupiah(unpaid)} (selisih {rupiah(payable - unpaid)})")
    elif not split:
        r.passed.append(f"SHU anggota belum dibayarkan di buku besar sama dengan bagian anggota yang belum dibayar "
                        f"({rupiah(unpaid)})")


@check
def _dinas_records(db: sqlite_utils.Database, r: CheckReport) -> None:
    """A Dinas workspace: follow-ups cannot be changed or deleted, and every attachment is what it says it is."""
    if not db["dinas_coops"].exists() or not db.execute("SELECT count(*) FROM dinas_coops").fetchone()[0]:
        return
    from kopdesk.domain.dinas import sniff_mime

    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    missing = {"dinas_follow_ups_no_update", "dinas_follow_ups_no_delete"} - names
    if missing:
        r.problems.append("Pengaman riwayat tindak lanjut (trigger) hilang: " + ", ".join(sorted(missing)))
    rows = db.execute("SELECT id, filename, mime, substr(data, 1, 16) FROM dinas_attachments ORDER BY id")
    bad = [f"{name} (lampiran {aid})" for aid, name, mime, head in rows if sniff_mime(head) != mime]
    if bad:
        r.problems.append("Isi lampiran tidak sesuai jenisnya: " + ", ".join(bad[:10]))
    if not missing and not bad:
        r.passed.append("Riwayat tindak lanjut terkunci dan setiap lampiran berupa gambar atau PDF yang sah")


def check_workspace(path: str | os.PathLike) -> CheckReport:
    p = Path(path).resolve()
    report = CheckReport(p)
    info = inspect(p)
    if info.status not in (Status.OK, Status.NEEDS_MIGRATION):
        report.problems.append(info.message)
        return report
    if info.status == Status.NEEDS_MIGRATION:
        report.passed.append("File dari KopDesk versi lama; akan diperbarui saat dibuka di aplikasi")
    try:
        conn = sqlite3.connect(f"{p.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        report.problems.append(f"File tidak bisa dibuka: {exc}")
        return report
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        for fn in CHECKS:
            try:
                fn(db, report)
            except sqlite3.DatabaseError as exc:
                report.problems.append(f"Pemeriksaan terhenti, file rusak: {exc}")
                break
    finally:
        conn.close()
    return report
