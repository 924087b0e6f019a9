"""Berita acara pengembalian simpanan anggota (exit settlement letter, spec §6.4) for a member who left (keluar,
meninggal, diberhentikan): who, when and why, each savings product returned, any obligations offset, the amount
paid and to whom (the heir when the member died), with terbilang, and the signatures of the recipient, the
Bendahara and the Ketua.

Built from the member record and the settlement journal (the KK journal with source ``anggota_keluar:<id>``
written by ``services.members.exit_member``), so it reprints exactly what was paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kopdesk import fmt
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import MemberStatus
from kopdesk.domain.savings import TxKind
from kopdesk.reports.base import SHADE, Renderer, bold_row, cell_text, column_width, fill_widths, para
from kopdesk.reports.letterhead import Letterhead, Signatory, letterhead
from kopdesk.reports.savings_statement import MemberIdentity, member_identity
from kopdesk.reports.tables import Row
from kopdesk.services import ledger, members, savings
from kopdesk.services.workspace import Workspace

REASONS = {
    MemberStatus.KELUAR: "Keluar",
    MemberStatus.MENINGGAL: "Meninggal dunia",
    MemberStatus.DIBERHENTIKAN: "Diberhentikan",
}

# ----------------------------------------------------------------------------------------------- snapshot


@dataclass(frozen=True, slots=True)
class SettlementItem:
    description: str
    amount: int


@dataclass(frozen=True, slots=True)
class SettlementLetterReport:
    letterhead: Letterhead
    printed_at: dt.datetime
    member: MemberIdentity
    ended: str                          # "Keluar – Mengundurkan diri (pindah domisili)"
    date: dt.date                       # the settlement (payment) date
    journal_number: str                 # "" when there was nothing to return
    savings: tuple[SettlementItem, ...]
    obligations: tuple[SettlementItem, ...]
    total_savings: int
    total_obligations: int
    payout: int
    payout_words: str                   # fmt.terbilang(payout)
    paid_from: str                      # the cash/bank account, e.g. "Kas"
    paid_to: str                        # the member, or the heir
    paid_to_role: str                   # "anggota yang bersangkutan" / "ahli waris (Istri) dari almarhum ..."
    reversed_by: str                    # the settlement journal was reversed by this one ("" if not)
    signatories: tuple[Signatory, ...]

    @property
    def balanced(self) -> bool:
        return self.total_savings - self.total_obligations == self.payout


def build_settlement_letter(ws: Workspace, member_id: int, *,
                            now: dt.datetime | None = None) -> SettlementLetterReport:
    m = members.get_member(ws, member_id)
    if m.status.is_member:
        raise ValidationError(f"{m.full_name} masih berstatus {m.status.label.lower()}; berita acara pengembalian "
                              "simpanan dibuat setelah anggota dikeluarkan (tombol Keluarkan anggota).")
    journal = members.settlement_journal(ws, m.id)
    items: list[SettlementItem] = []
    obligations: list[SettlementItem] = []
    payout, paid_from = 0, ""
    if journal is not None:
        names = {p.id: p.name for p in savings.products(ws)}
        items = [SettlementItem(names.get(t.product_id, "Simpanan"), t.withdrawal)
                 for t in savings.member_transactions(ws, m.id)
                 if t.kind == TxKind.PENUTUPAN and t.journal_id == journal.id]
        cash = {a.id for a in ledger.cash_accounts(ws)}
        for line in journal.lines:
            if not line.credit:
                continue
            if line.account_id in cash:
                payout += line.credit
                paid_from = paid_from or line.account_name
            else:
                obligations.append(SettlementItem(line.memo or line.account_name, line.credit))
    heir = m.status == MemberStatus.MENINGGAL
    if heir:
        late = "almarhumah" if m.gender == "P" else "almarhum"
        relation = f" ({m.heir_relation.strip()})" if m.heir_relation.strip() else ""
        paid_to, role = m.heir_name.strip() or "ahli waris", f"ahli waris{relation} dari {late} {m.full_name}"
    else:
        paid_to, role = m.full_name, "anggota yang bersangkutan"
    reason = m.exit_reason.strip()
    ended = REASONS.get(m.status, m.status.label) + (f" \u2013 {reason}" if reason else "")
    reversed_by = ""
    if journal is not None and journal.reversed_by_id:
        reversed_by = ledger.get_journal(ws, journal.reversed_by_id).number
    lh = letterhead(ws)
    return SettlementLetterReport(
        letterhead=lh, printed_at=now or dt.datetime.now(), member=member_identity(m), ended=ended,
        date=journal.date if journal else (m.exit_date or (now or dt.datetime.now()).date()),
        journal_number=journal.number if journal else "", savings=tuple(items), obligations=tuple(obligations),
        total_savings=sum(i.amount for i in items), total_obligations=sum(o.amount for o in obligations),
        payout=payout, payout_words=fmt.terbilang(payout), paid_from=paid_from, paid_to=paid_to,
        paid_to_role=role, reversed_by=reversed_by,
        signatories=(Signatory("Yang menerima,", paid_to, "Ahli waris" if heir else "Anggota"),
                     lh.signatory("Bendahara", "Yang menyerahkan,"), lh.signatory("Ketua", "Mengetahui,")),
    )


# ----------------------------------------------------------------------------------------------- render


class SettlementLetterRenderer(Renderer):
    report: SettlementLetterReport

    def document_title(self) -> str:
        r = self.report
        return f"Berita Acara Pengembalian Simpanan {r.member.number} {r.member.name}"

    def story(self) -> list[Flowable]:
        r = self.report
        who = r.member
        subtitle = f"Nomor: {r.journal_number}" if r.journal_number else ""
        out: list[Flowable] = [*self.kop_surat(),
                               *self.title_block("Berita Acara Pengembalian Simpanan Anggota", subtitle)]
        out.append(para(f"Pada hari ini, {fmt.day_name(r.date)}, tanggal {fmt.date_long(r.date)}, "
                        f"{r.letterhead.name} telah menyelesaikan "
                        "pengembalian simpanan anggota yang keanggotaannya berakhir, dengan keterangan sebagai "
                        "berikut:"))
        out.append(Spacer(1, 2.5 * mm))
        pairs = [("Nomor anggota", who.number), ("Nama", who.name), ("NIK", who.nik_masked or "-"),
                 ("Alamat", who.address or "-"), ("Tanggal masuk", fmt.date_long(who.join_date) or "-"),
                 ("Tanggal berakhir", fmt.date_long(who.exit_date) or "-"), ("Sebab berakhir", r.ended)]
        if who.status == MemberStatus.MENINGGAL:
            relation = f" ({who.heir_relation})" if who.heir_relation else ""
            pairs.append(("Ahli waris", f"{who.heir_name or '-'}{relation}"))
        out += [self.info_block(pairs, label_width=34 * mm), Spacer(1, 4 * mm)]
        for note in self._notes():
            out += [para(note, "note"), Spacer(1, 2 * mm)]
        out += [para("Rincian pengembalian:"), Spacer(1, 1.5 * mm)]
        after = [Spacer(1, 2 * mm), para(f"Terbilang: {r.payout_words}", "terbilang"), Spacer(1, 3 * mm),
                 para(self._payment_text()), Spacer(1, 2 * mm),
                 para("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana "
                      "mestinya."), *self.signatures(r.signatories, on=r.date)]
        out += self.closing(self._table(after))
        return out

    def _payment_text(self) -> str:
        r = self.report
        if not r.payout:
            if not r.total_savings:
                return (f"{r.member.name} tidak mempunyai saldo simpanan pada saat keanggotaannya berakhir, sehingga "
                        "tidak ada uang yang dibayarkan.")
            return "Seluruh simpanan habis diperhitungkan dengan kewajiban, sehingga tidak ada uang yang dibayarkan."
        via = f" dari {r.paid_from}" if r.paid_from else ""
        voucher = f" dengan bukti kas keluar Nomor {r.journal_number}" if r.journal_number else ""
        offset = " setelah diperhitungkan dengan kewajibannya" if r.obligations else ""
        return (f"Uang sejumlah {fmt.rupiah(r.payout)} tersebut telah dibayarkan{via} kepada {r.paid_to} selaku "
                f"{r.paid_to_role}{voucher}. Dengan penyelesaian ini seluruh simpanan {r.member.name} pada "
                f"{r.letterhead.name} telah dikembalikan{offset}.")

    def _notes(self) -> list[str]:
        r = self.report
        notes = []
        if r.reversed_by:
            notes.append(f"Perhatian: jurnal pengembalian {r.journal_number} sudah dibatalkan dengan jurnal "
                         f"{r.reversed_by}.")
        if not r.balanced:
            notes.append(f"Perhatian: simpanan ({fmt.rupiah(r.total_savings)}) dikurangi kewajiban "
                         f"({fmt.rupiah(r.total_obligations)}) tidak sama dengan yang dibayarkan "
                         f"({fmt.rupiah(r.payout)}); periksa jurnal {r.journal_number}.")
        return notes

    def _table(self, after: list[Flowable]):
        r = self.report
        money = column_width([fmt.number(n) for n in (r.total_savings, r.total_obligations, r.payout)], 32 * mm)
        widths = fill_widths(self.width, [12 * mm, None, money])
        group = bold_row(("SPAN", (1, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE))
        subtotal = bold_row(("LINEABOVE", (0, 0), (-1, 0), 0.9, "black"))
        rows = [Row(("A", "Simpanan yang dikembalikan", ""), group)]
        rows += [Row((str(i), cell_text(s.description, widths[1]), fmt.number(s.amount)))
                 for i, s in enumerate(r.savings, start=1)]
        if not r.savings:
            rows.append(Row(("", "Tidak ada saldo simpanan.", "")))
        rows.append(Row(("", "Jumlah simpanan", fmt.number(r.total_savings)), subtotal))
        rows.append(Row(("B", "Dikurangi kewajiban anggota (pinjaman, jasa, denda)", ""), group))
        rows += [Row((str(i), cell_text(o.description, widths[1]), fmt.number(o.amount)))
                 for i, o in enumerate(r.obligations, start=1)]
        if not r.obligations:
            rows.append(Row(("", "Tidak ada kewajiban.", "")))
        rows.append(Row(("", "Jumlah kewajiban", fmt.number(r.total_obligations)), subtotal))
        rows.append(Row(("", "Jumlah yang dibayarkan (A \u2212 B)", fmt.number(r.payout)), bold_row(
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, "black"), ("BACKGROUND", (0, 0), (-1, 0), SHADE))))
        return self.table(("No.", "Uraian", "Jumlah (Rp)"), rows, widths, numeric=(2,), keep_with=after)
