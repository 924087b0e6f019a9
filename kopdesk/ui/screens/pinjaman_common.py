"""What the loan screens share, without widgets: the list row (a LoanRow with its arrears, class and next due as of
today), the colour of a collectibility class, which actions a loan's status allows for a user (and why one is
disabled), and the loan documents as printing.Doc."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kopdesk import fmt
from kopdesk.domain.loans import Kolektibilitas, Loan, LoanQuote, LoanStatus, Method
from kopdesk.domain.users import Perm, User
from kopdesk.services import collectibility as coll_svc
from kopdesk.services import loan_products as products_svc
from kopdesk.services import loans as loans_svc
from kopdesk.services.workspace import Workspace
from kopdesk.ui.printing import Doc
from kopdesk.ui.style import DANGER, MUTED, OK, WARN
from kopdesk.ui.tables import Column, SearchableTable

KLASS_COLOURS = {Kolektibilitas.LANCAR: OK, Kolektibilitas.KURANG_LANCAR: WARN,
                 Kolektibilitas.DIRAGUKAN: "#c25400", Kolektibilitas.MACET: DANGER}

# label, statuses (empty: all)
STATUS_FILTERS: tuple[tuple[str, tuple[LoanStatus, ...]], ...] = (
    ("Berjalan (diajukan, disetujui, aktif)", (LoanStatus.DIAJUKAN, LoanStatus.DISETUJUI, LoanStatus.AKTIF)),
    ("Diajukan", (LoanStatus.DIAJUKAN,)),
    ("Disetujui, belum cair", (LoanStatus.DISETUJUI,)),
    ("Aktif", (LoanStatus.AKTIF,)),
    ("Lunas", (LoanStatus.LUNAS,)),
    ("Ditolak / dibatalkan", (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN)),
    ("Direstrukturisasi / dihapus buku", (LoanStatus.DIRESTRUKTURISASI, LoanStatus.DIHAPUS)),
    ("Semua pinjaman", ()),
)

STATUS_COLOURS = {LoanStatus.DIAJUKAN: WARN, LoanStatus.DISETUJUI: "#1f5fa8", LoanStatus.AKTIF: None,
                  LoanStatus.LUNAS: MUTED, LoanStatus.DITOLAK: MUTED, LoanStatus.DIBATALKAN: MUTED,
                  LoanStatus.DIRESTRUKTURISASI: MUTED, LoanStatus.DIHAPUS: DANGER}


@dataclass(frozen=True, slots=True)
class LoanItem:
    """One line of the loan list."""

    row: loans_svc.LoanRow
    product: str
    arrears: int = 0                 # pokok + jasa past due, unpaid
    days_overdue: int = 0
    klass: Kolektibilitas | None = None
    next_due: dt.date | None = None
    next_amount: int = 0

    @property
    def loan(self) -> Loan:
        return self.row.loan

    @property
    def member(self) -> str:
        return f"{self.row.member_number} · {self.row.member_name}"


def describe(ws: Workspace, rows: list[loans_svc.LoanRow], as_of: dt.date,
             products: dict[int, str] | None = None) -> list[LoanItem]:
    """The list lines of a page of loans: position and class of the active ones as of the date (run on the worker)."""
    if products is None:
        products = {p.id: p.name for p in products_svc.products(ws)}
    out = []
    for r in rows:
        loan = r.loan
        name = products.get(loan.product_id, "")
        if loan.status != LoanStatus.AKTIF:
            out.append(LoanItem(r, name))
            continue
        pos = loans_svc.position(ws, loan.id, as_of)
        nxt = next((i for i in pos.instalments if i.unpaid > 0 and i.due >= as_of), None)
        klass = coll_svc.classify_loan(ws, loan.id, as_of).klass
        out.append(LoanItem(r, name, pos.principal_arrears + pos.interest_arrears, pos.days_overdue, klass,
                            nxt.due if nxt else None, nxt.unpaid if nxt else 0))
    return out


def rate_text(rate, method: Method, effective=None) -> str:
    """"1,5% flat ≈ 2,64% efektif per bulan"."""
    base = _trim(rate)
    if method == Method.FLAT:
        text = f"{base} flat"
        if effective is not None:
            text += f" ≈ {_trim(effective, 2)} efektif"
        return text + " per bulan"
    return f"{base} per bulan ({method_label(method)})"


def _trim(value, digits: int = 4) -> str:
    """1.5 -> "1,5%", 2.6400 -> "2,64%", 2 -> "2%"."""
    text = fmt.percent(value, digits)
    whole, _, rest = text[:-1].partition(",")
    rest = rest.rstrip("0")
    return f"{whole},{rest}%" if rest else f"{whole}%"


def method_label(method: Method) -> str:
    return {"flat": "flat", "menurun": "menurun", "anuitas": "anuitas"}.get(str(method.value), str(method.value))


# ------------------------------------------------------------------------------------------------ actions


@dataclass(frozen=True, slots=True)
class Action:
    visible: bool
    enabled: bool = True
    why: str = ""               # tooltip when disabled


def actions(loan: Loan | None, user: User, maker_checker: bool) -> dict[str, Action]:
    """Which buttons a loan shows for a user: setujui/tolak (APPROVE_LOANS, and not the applicant when
    maker-checker is on), batalkan (POST), cairkan, angsuran/pelunasan, cetak kartu/perjanjian."""
    none = Action(False)
    if loan is None:
        return {k: none for k in ("approve", "reject", "cancel", "disburse", "repay", "payoff", "card", "agreement")}
    st = loan.status
    approver = user.can(Perm.APPROVE_LOANS)
    post = user.can(Perm.POST)
    own = maker_checker and loan.applied_by == user.id
    why = ("Anda yang memasukkan pengajuan ini; dengan pengaturan pembuat-pemeriksa (maker-checker) yang menyetujui "
           "harus pengguna lain.") if own else ""
    return {
        "approve": Action(st == LoanStatus.DIAJUKAN and approver, not own, why),
        "reject": Action(st == LoanStatus.DIAJUKAN and approver),
        "cancel": Action(st.open and post),
        "disburse": Action(st == LoanStatus.DISETUJUI and post and not loan.is_restructuring),
        "repay": Action(st == LoanStatus.AKTIF and post),
        "payoff": Action(st == LoanStatus.AKTIF and post),
        "card": Action(st not in (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN)),
        "agreement": Action(st not in (LoanStatus.DITOLAK, LoanStatus.DIBATALKAN)),
    }


def maker_checker(ws: Workspace) -> bool:
    return products_svc.get_settings(ws).maker_checker


# ------------------------------------------------------------------------------------------------ documents


def _reports():
    import kopdesk.reports as reports

    return reports


def card_doc(ws: Workspace, loan_id: int, number: str) -> Doc:
    return Doc(f"Kartu Pinjaman {number}", f"kartu-pinjaman-{number}.pdf",
               lambda out: _reports().loan_card_pdf(ws, loan_id, out))


def agreement_doc(ws: Workspace, loan_id: int, number: str) -> Doc:
    return Doc(f"Surat Perjanjian Pinjaman {number}", f"perjanjian-{number}.pdf",
               lambda out: _reports().loan_agreement_pdf(ws, loan_id, out))


def receipt_doc(ws: Workspace, tx_id: int, title: str, number: str) -> Doc:
    return Doc(f"{title} {number}", f"kuitansi-pinjaman-{number}.pdf",
               lambda out: _reports().loan_receipt_pdf(ws, tx_id, out))


def arrears_doc(ws: Workspace, as_of: dt.date) -> Doc:
    return Doc(f"Daftar Tunggakan per {fmt.date_long(as_of)}", f"daftar-tunggakan-{as_of:%Y-%m-%d}.pdf",
               lambda out: _reports().arrears_pdf(ws, as_of, out))


def collectibility_doc(ws: Workspace, as_of: dt.date) -> Doc:
    return Doc(f"Rekap Kolektibilitas dan PPAP per {fmt.date_long(as_of)}",
               f"kolektibilitas-{as_of:%Y-%m-%d}.pdf", lambda out: _reports().collectibility_pdf(ws, as_of, out))


def instalments_due_doc(ws: Workspace, date_from: dt.date, date_to: dt.date) -> Doc:
    return Doc(f"Angsuran Jatuh Tempo {fmt.date_short(date_from)} s.d. {fmt.date_short(date_to)}",
               f"angsuran-jatuh-tempo-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf",
               lambda out: _reports().instalments_due_pdf(ws, date_from, date_to, out))


# the schedule of a loan quote as table rows (the application's simulation, a restructuring's new schedule)
class ScheduleLine:
    __slots__ = ("no", "due", "principal", "interest", "total", "balance")

    def __init__(self, no, due, principal, interest, total, balance):
        self.no, self.due, self.principal, self.interest, self.total, self.balance = \
            no, due, principal, interest, total, balance


def schedule_lines(q: LoanQuote) -> list[ScheduleLine]:
    balance, out = q.schedule.principal, []
    for k, i in enumerate(q.schedule.instalments):
        balance -= i.principal
        out.append(ScheduleLine(i.no, q.due[k] if k < len(q.due) else None, i.principal, i.interest, i.total,
                                balance))
    return out


def schedule_table(export_name: str, export_text: str = "Ekspor jadwal") -> SearchableTable:
    t = SearchableTable([
        Column("Ke", lambda r: r.no, "int"),
        Column("Jatuh tempo", lambda r: r.due, "date"),
        Column("Pokok (Rp)", lambda r: r.principal, "money", total=True),
        Column("Jasa (Rp)", lambda r: r.interest, "money", total=True),
        Column("Angsuran (Rp)", lambda r: r.total, "money", total=True),
        Column("Sisa pokok (Rp)", lambda r: r.balance, "money"),
    ], export_name=export_name, searchable=False)
    t.export_button.setText(export_text)
    t.export_button.setAutoDefault(False)
    t.toolbar.insertStretch(0, 1)
    t.footer.setWordWrap(True)
    return t
