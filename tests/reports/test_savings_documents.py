"""KSP Maju Bersama prints its member documents: Siti's receipts (a deposit, a withdrawal, a cancelled deposit), her
kartu simpanan, Rudi's passbook continued on the next free line, the member list with masked NIKs, and the berita
acara for Budi, who died, paid to his widow, and for Andi, who left owing part of a loan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from kopdesk import fmt, reports
from kopdesk.domain.coop import Official
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.reports.base import PAPERS
from kopdesk.reports.passbook import PassbookLayout, PassbookLine, place_lines
from kopdesk.services import members, profile, savings
from kopdesk.services import workspace as ws_svc
from tests.builders import acct, post
from tests.conftest import PROFILE
from tests.reports.conftest import NOW, pages_text

D = dt.date
SITI_NIK, BUDI_NIK, RUDI_NIK, ANDI_NIK = "6372024508900003", "6372021203850001", "6372020101800002", "6372021507880004"
FULL_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")


def person(name: str, nik: str, gender: str, born: dt.date, **kw) -> Member:
    return Member(id=None, number="", full_name=name, nik=nik, gender=gender, birth_date=born, join_date=D(2026, 1, 5),
                  desa="Loktabat Utara", kecamatan="Banjarbaru Utara", kabupaten_kota="Kota Banjarbaru", **kw)


@pytest.fixture(scope="module")
def coop(tmp_path_factory):
    """One workspace for the whole module; every test reads it (the passbook test adds two deposits for Rudi)."""
    ws, admin = ws_svc.create_workspace(tmp_path_factory.mktemp("savdocs") / "koperasi.kopdesk", profile=PROFILE,
                                        admin_full_name="Siti Rahmah")
    for role, name in (("Ketua", "H. Abdul Karim"), ("Bendahara", "Nur Aisyah"), ("Sekretaris", "Rahmat Hidayat")):
        profile.save_official(ws, Official(None, "pengurus", role, name), admin)
    post(ws, admin, D(2026, 1, 1), "Modal kas awal", ("1-1100", 20_000_000, 0), ("3-9000", 0, 20_000_000),
         series="JS")
    siti = members.add_member(ws, person("Siti Aminah", SITI_NIK, "P", D(1990, 8, 5), address="Jl. Mawar No. 3"),
                              admin).member
    budi = members.add_member(ws, person("Budi Santoso", BUDI_NIK, "L", D(1985, 3, 12), heir_name="Rina Santoso",
                                         heir_relation="Istri"), admin).member
    rudi = members.add_member(ws, person("Rudi Hartono", RUDI_NIK, "L", D(1980, 1, 1)), admin).member
    andi = members.add_member(ws, person("Andi Wijaya", ANDI_NIK, "L", D(1988, 7, 15)), admin).member
    wajib, sukarela = savings.product_by_code(ws, "WAJIB").id, savings.product_by_code(ws, "SUKARELA").id

    def deposit(m, product, amount, on, **kw):
        return savings.deposit(ws, member_id=m.id, product_id=product, amount=amount, on=on, by=admin, **kw)

    tx = SimpleNamespace()
    tx.wajib = deposit(siti, wajib, 50_000, D(2026, 1, 5))
    tx.sukarela = deposit(siti, sukarela, 1_250_000, D(2026, 1, 6), description="Tabungan gaji Januari")
    tx.withdrawal = savings.withdraw(ws, member_id=siti.id, product_id=sukarela, amount=300_000, on=D(2026, 2, 10),
                                     by=admin)
    tx.wrong = deposit(siti, sukarela, 75_000, D(2026, 2, 12))
    tx.reversal = savings.reverse(ws, tx.wrong.tx_id, on=D(2026, 2, 13), reason="Salah input jumlah", by=admin)
    deposit(budi, wajib, 50_000, D(2026, 1, 5))
    deposit(budi, sukarela, 1_200_000, D(2026, 1, 7))
    rudi_ids = [deposit(rudi, sukarela, 10_000 + 1_000 * n, D(2026, 3, 1) + dt.timedelta(days=n)).tx_id
                for n in range(30)]
    deposit(andi, sukarela, 500_000, D(2026, 1, 8))
    kas = acct(ws, "1-1100")
    budi_exit = members.exit_member(ws, budi.id, on=D(2026, 4, 6), status=MemberStatus.MENINGGAL,
                                    reason="Meninggal dunia karena sakit", cash_account_id=kas, by=admin)
    loan = acct(ws, "1-1300")

    def still_owes(_ws, m, _on, _settings):
        return [("Sisa pinjaman", 200_000, loan)] if m.id == andi.id else []

    members.EXIT_OBLIGATIONS.append(still_owes)
    try:
        andi_exit = members.exit_member(ws, andi.id, on=D(2026, 4, 7), status=MemberStatus.KELUAR,
                                        reason="Pindah ke luar kota", cash_account_id=kas, by=admin)
    finally:
        members.EXIT_OBLIGATIONS.remove(still_owes)
    yield SimpleNamespace(ws=ws, admin=admin, siti=siti, budi=budi, rudi=rudi, andi=andi, tx=tx, rudi_ids=rudi_ids,
                          budi_exit=budi_exit, andi_exit=andi_exit)
    ws.close()


def positions(pdf) -> list[list[tuple[str, float]]]:
    """Per page, every text run with the y of its baseline in points from the bottom of the page."""
    out = []
    for page in PdfReader(pdf).pages:
        runs: list[tuple[str, float]] = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                runs.append((text.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def page_size(pdf) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


# ----------------------------------------------------------------------------------------------- kuitansi


def test_deposit_receipt_holds_the_amount_in_words_the_number_and_the_member(coop, tmp_path):
    report = reports.build_receipt(coop.ws, coop.tx.sukarela.tx_id, now=NOW)
    assert (report.number, report.amount, report.balance_after) == (coop.tx.sukarela.number, 1_250_000, 1_250_000)
    assert report.amount_in_words == fmt.terbilang(1_250_000) == "Satu juta dua ratus lima puluh ribu rupiah"
    out = reports.receipt_pdf(coop.ws, coop.tx.sukarela.tx_id, tmp_path / "kuitansi.pdf")
    [text] = pages_text(out)
    for expected in ("KSP MAJU BERSAMA", "KUITANSI SETORAN", f"No. {coop.tx.sukarela.number}", "Tanggal 6 Januari 2026",
                     "Telah terima dari", "Siti Aminah (No. anggota A-0001)", "Uang sejumlah",
                     "Satu juta dua ratus lima puluh ribu rupiah", "Untuk pembayaran",
                     "Setoran simpanan sukarela \u2013 Tabungan gaji Januari", "Rp1.250.000",
                     "Saldo simpanan sukarela setelah transaksi ini: Rp1.250.000", "Banjarbaru, 6 Januari 2026",
                     "Penyetor,", "Penerima,", "Siti Rahmah", "potong di sini"):
        assert expected in text, expected
    assert "BUKTI PEMBATALAN" not in text


def test_receipt_fills_only_the_top_half_of_the_sheet(coop, tmp_path):
    for paper in ("A4", "F4"):
        out = reports.receipt_pdf(coop.ws, coop.tx.wajib.tx_id, tmp_path / f"kuitansi-{paper}.pdf", paper=paper)
        width, height = page_size(out)
        assert (round(width), round(height)) == tuple(round(x) for x in PAPERS[paper])
        [runs] = positions(out)
        body = [(text, y) for text, y in runs if "potong di sini" not in text]
        assert body and all(y > height / 2 for _, y in body), [r for r in body if r[1] <= height / 2]
        [cut] = [y for text, y in runs if "potong di sini" in text]
        assert abs(cut - height / 2) < 5


def test_wajib_receipt_names_the_month_paid(coop):
    [text] = pages_text(reports.pdf_bytes(reports.build_receipt(coop.ws, coop.tx.wajib.tx_id, now=NOW)))
    assert "Setoran simpanan wajib periode Januari 2026" in text and "Lima puluh ribu rupiah" in text


def test_withdrawal_receipt_is_paid_to_the_member(coop):
    report = reports.build_receipt(coop.ws, coop.tx.withdrawal.tx_id, now=NOW)
    assert report.kind == reports.ReceiptKind.PENARIKAN and report.balance_after == 950_000
    [text] = pages_text(reports.pdf_bytes(report))
    for expected in ("KUITANSI PENARIKAN", coop.tx.withdrawal.number, "Dibayarkan kepada", "Siti Aminah",
                     fmt.terbilang(300_000), "Rp300.000", "Penarikan simpanan sukarela", "Rp950.000",
                     "Dibayarkan oleh,", "Penerima,", "Banjarbaru, 10 Februari 2026"):
        assert expected in text, expected


def test_reversal_receipt_says_which_receipt_it_cancels(coop):
    report = reports.build_receipt(coop.ws, coop.tx.reversal.tx_id, now=NOW)
    assert report.kind == reports.ReceiptKind.PEMBATALAN
    assert (report.number, report.amount, report.balance_after) == (coop.tx.reversal.number, 75_000, 950_000)
    [text] = pages_text(reports.pdf_bytes(report))
    for expected in ("BUKTI PEMBATALAN", coop.tx.reversal.number, "Membatalkan",
                     f"Kuitansi Setoran No. {coop.tx.wrong.number} tanggal 12 Februari 2026",
                     "Pembatalan setoran simpanan sukarela; alasan: Salah input jumlah", fmt.terbilang(75_000),
                     "Anggota,", "Petugas,", "Mengetahui,", "Nur Aisyah"):
        assert expected in text, expected
    # the cancelled receipt, printed again, says so
    [again] = pages_text(reports.pdf_bytes(reports.build_receipt(coop.ws, coop.tx.wrong.tx_id, now=NOW)))
    assert f"Transaksi ini sudah dibatalkan dengan bukti {coop.tx.reversal.number}" in again


def test_no_receipt_for_a_settlement_row(coop):
    closing = [t for t in savings.member_transactions(coop.ws, coop.budi.id) if t.kind.value == "penutupan"]
    with pytest.raises(ValidationError, match="Kuitansi hanya dicetak untuk setoran, penarikan"):
        reports.build_receipt(coop.ws, closing[0].id)


# ----------------------------------------------------------------------------------------------- kartu simpanan


def test_statement_matches_the_savings_service(coop):
    start, end = D(2026, 2, 1), D(2026, 2, 28)
    report = reports.build_savings_statement(coop.ws, coop.siti.id, start, end, now=NOW)
    assert [p.code for p in report.products] == ["POKOK", "WAJIB", "SUKARELA"]
    for p in report.products:
        st = savings.statement(coop.ws, coop.siti.id, savings.product_by_code(coop.ws, p.code).id, start, end)
        assert (p.opening, p.total_in, p.total_out, p.closing) == (st.opening, st.total_in, st.total_out, st.closing)
        assert [(x.tx_id, x.balance) for x in p.lines] == [(x.tx.id, x.balance) for x in st.lines]
    sukarela = report.products[2]
    assert (sukarela.opening, sukarela.total_in, sukarela.total_out, sukarela.closing) == (
        1_250_000, 75_000, 375_000, 950_000)
    assert report.total_closing == 100_000 + 50_000 + 950_000
    assert report.member.nik_masked == "6372********0003"


def test_statement_pdf_reads_back(coop, tmp_path):
    out = reports.savings_statement_pdf(coop.ws, coop.siti.id, D(2026, 2, 1), D(2026, 2, 28), tmp_path / "kartu.pdf")
    text = " ".join(pages_text(out))
    for expected in ("KARTU SIMPANAN ANGGOTA", "Periode 1 Februari 2026 s.d. 28 Februari 2026", "A-0001",
                     "Siti Aminah", "6372********0003", "Perempuan", "5 Januari 2026",
                     "Jl. Mawar No. 3, Loktabat Utara, Kec. Banjarbaru Utara, Kota Banjarbaru",
                     "3. Simpanan sukarela (SUKARELA)", "Tanggal No. Bukti Keterangan Setoran (Rp) Penarikan (Rp)",
                     "01-02-2026 Saldo awal 1.250.000", f"10-02-2026 {coop.tx.withdrawal.number}",
                     "300.000 950.000", "Jumlah 75.000 375.000", "28-02-2026 Saldo akhir 950.000",
                     "Ringkasan saldo per 28 Februari 2026", "Jumlah 1.400.000 75.000 375.000 1.100.000",
                     "Bendahara", "Nur Aisyah", "Tidak ada transaksi dalam periode ini."):
        assert expected in text, expected
    assert SITI_NIK not in text


def test_statement_of_chosen_products_only(coop):
    report = reports.build_savings_statement(coop.ws, coop.siti.id, D(2026, 1, 1), D(2026, 12, 31),
                                             product_codes=["sukarela"], now=NOW)
    assert [p.code for p in report.products] == ["SUKARELA"]
    assert [x.number for x in report.products[0].lines] == [coop.tx.sukarela.number, coop.tx.withdrawal.number,
                                                           coop.tx.wrong.number, coop.tx.reversal.number]
    assert report.total_closing == 950_000


# ----------------------------------------------------------------------------------------------- buku simpanan


def _dates_on(runs) -> list[float]:
    return [y for text, y in runs if re.fullmatch(r"\d\d-\d\d-\d{4}", text)]


def test_passbook_continues_on_the_next_free_line_and_turns_the_page(coop, tmp_path):
    ws, rudi, ids = coop.ws, coop.rudi, coop.rudi_ids
    lines = reports.build_passbook_lines(ws, rudi.id, "SUKARELA", after_tx_id=ids[4])
    assert [x.tx_id for x in lines] == ids[5:] and len(lines) == 25
    already = sum(10_000 + 1_000 * n for n in range(5))
    assert lines[0].balance == already + 15_000 and lines[-1].balance == sum(10_000 + 1_000 * n for n in range(30))
    assert {x.code for x in lines} == {"STR"}

    layout = PassbookLayout()
    assert layout.lines_per_page == 20
    report = reports.build_passbook(ws, rudi.id, "SUKARELA", start_line=18, after_tx_id=ids[4], now=NOW)
    assert [(p.page, p.line) for p in report.placed] == (
        [(1, 18), (1, 19), (1, 20)] + [(2, n) for n in range(1, 21)] + [(3, 1), (3, 2)])
    assert (report.next_line, report.last_tx_id, report.pages, report.opening) == (3, ids[-1], 3, already)

    printed = reports.passbook_pdf(ws, rudi.id, "SUKARELA", tmp_path / "buku.pdf", start_line=18,
                                   after_tx_id=ids[4])
    assert (printed.next_line, printed.last_tx_id, printed.printed, printed.pages) == (3, ids[-1], 25, 3)
    width, height = page_size(printed.out)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (160, 210)
    pages = positions(printed.out)
    assert len(pages) == 3
    for runs, wanted in zip(pages, ([18, 19, 20], range(1, 21), [1, 2]), strict=True):
        assert _dates_on(runs) == pytest.approx([layout.baseline_pt(n) for n in wanted], abs=0.2)
    text = " ".join(" ".join(t for t, _ in runs) for runs in pages)
    assert "KSP" not in text and "Halaman" not in text and "Saldo" not in text      # values only
    assert fmt.number(lines[-1].balance) in text and lines[0].number in text

    # everything is in the book now; the next printing continues from line 3 once there is something new
    with pytest.raises(ValidationError, match="sudah tercetak"):
        reports.passbook_pdf(ws, rudi.id, "SUKARELA", tmp_path / "kosong.pdf", start_line=printed.next_line,
                             after_tx_id=printed.last_tx_id)
    sukarela = savings.product_by_code(ws, "SUKARELA").id
    new = [savings.deposit(ws, member_id=rudi.id, product_id=sukarela, amount=amount, on=D(2026, 4, 2),
                           by=coop.admin) for amount in (40_000, 60_000)]
    again = reports.passbook_pdf(ws, rudi.id, "SUKARELA", tmp_path / "lanjut.pdf", start_line=printed.next_line,
                                 after_tx_id=printed.last_tx_id)
    assert (again.next_line, again.last_tx_id, again.printed, again.pages) == (5, new[-1].tx_id, 2, 1)
    [runs] = positions(again.out)
    assert _dates_on(runs) == pytest.approx([layout.baseline_pt(3), layout.baseline_pt(4)], abs=0.2)
    assert fmt.number(lines[-1].balance + 40_000) in " ".join(t for t, _ in runs)


def test_passbook_line_rule():
    line = PassbookLine(1, D(2026, 1, 1), "STR", "KM-2026-000001", 1, 0, 1)
    placed, next_line = place_lines((line,) * 3, 18, 20)
    assert [(p.page, p.line) for p in placed] == [(1, 18), (1, 19), (1, 20)] and next_line == 1   # page full
    placed, next_line = place_lines((line,) * 40, 1, 20)
    assert placed[-1].page == 2 and placed[-1].line == 20 and next_line == 1
    assert place_lines((), 7, 20) == ((), 7)
    for bad in (0, 21):
        with pytest.raises(ValidationError, match="Baris mulai cetak harus 1 sampai 20"):
            place_lines((line,), bad, 20)


def test_passbook_geometry_is_configurable_and_checked(coop):
    layout = PassbookLayout(page_height_mm=150, lines_per_page=12, fold_after_line=0, top_mm=15, line_height_mm=10)
    assert layout.baseline_mm(12) == 15 + 11 * 10
    report = reports.build_passbook(coop.ws, coop.rudi.id, "SUKARELA", start_line=10, layout=layout, now=NOW)
    assert [(p.page, p.line) for p in report.placed[:4]] == [(1, 10), (1, 11), (1, 12), (2, 1)]
    folded = PassbookLayout()
    assert folded.baseline_mm(11) - folded.baseline_mm(10) == folded.line_height_mm + folded.fold_gap_mm
    with pytest.raises(ValidationError, match="jatuh di luar halaman"):
        reports.build_passbook(coop.ws, coop.rudi.id, "SUKARELA", layout=PassbookLayout(line_height_mm=12))
    with pytest.raises(ValidationError, match="bukan transaksi simpanan sukarela anggota ini"):
        reports.build_passbook(coop.ws, coop.rudi.id, "SUKARELA", after_tx_id=coop.tx.sukarela.tx_id)


# ----------------------------------------------------------------------------------------------- daftar anggota


def test_member_list_masks_the_nik_and_totals_the_balances(coop, tmp_path):
    report = reports.build_member_list(coop.ws, now=NOW)
    current = members.search(coop.ws, "", (MemberStatus.CALON, MemberStatus.AKTIF, MemberStatus.NON_AKTIF))
    assert [r.number for r in report.rows] == [m.member.number for m in current] == ["A-0001", "A-0003"]
    assert report.total == sum(m.total for m in current)
    assert report.total_pokok + report.total_wajib + report.total_sukarela + report.total_other == report.total
    assert [(c.status, c.male, c.female) for c in report.counts] == [(MemberStatus.AKTIF, 1, 1)]

    out = reports.member_list_pdf(coop.ws, tmp_path / "anggota.pdf", statuses=tuple(MemberStatus))
    assert page_size(out)[0] > page_size(out)[1]                      # landscape
    assert not FULL_NIK.search(" ".join(pages_text(out)))
    everyone_report = reports.build_member_list(coop.ws, statuses=tuple(MemberStatus), now=NOW)
    text = " ".join(pages_text(reports.pdf_bytes(everyone_report, orientation="landscape")))
    assert not FULL_NIK.search(text), FULL_NIK.search(text)
    everyone = members.search(coop.ws)
    for m in everyone:
        assert mask(m.member.nik) in text
    for expected in ("DAFTAR ANGGOTA", "Per 25 November 2026", "Meninggal",
                     "Keluar", "Semua anggota (termasuk yang sudah keluar)", "UU No. 27 Tahun 2022",
                     "Loktabat Utara, Banjarbaru Utara", "05-01-2026", "Ketua", "Sekretaris", "H. Abdul Karim",
                     f"Jumlah {fmt.number(sum(m.balances.get('POKOK', 0) for m in everyone))}",
                     fmt.number(sum(m.total for m in everyone))):
        assert expected in text, expected
    assert "Jumlah 3 1 4" in text        # men, women, all: Siti, Rudi, Budi (meninggal), Andi (keluar)


def mask(nik: str) -> str:
    return nik[:4] + "*" * 8 + nik[12:]


def test_member_list_of_many_members_spans_pages(coop):
    report = reports.build_member_list(coop.ws, statuses=tuple(MemberStatus), now=NOW)
    rows = tuple(dataclasses.replace(report.rows[i % len(report.rows)], number=f"B-{i:05d}") for i in range(300))
    big = dataclasses.replace(report, rows=rows, total=sum(r.total for r in rows))
    pages = pages_text(reports.pdf_bytes(big, orientation="landscape"))
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in text and "Simpanan (Rp)" in text and "Pokok" in text
    printed = re.findall(r"\bB-\d{5}\b", " ".join(pages))
    assert printed == [r.number for r in rows]
    assert f"Jumlah {fmt.number(big.total_pokok)}" in pages[-1] and "Sekretaris" in pages[-1]


# ----------------------------------------------------------------------------------------------- berita acara


def test_settlement_letter_for_a_member_who_died_is_paid_to_the_heir(coop, tmp_path):
    report = reports.build_settlement_letter(coop.ws, coop.budi.id, now=NOW)
    settled = coop.budi_exit.settlement
    assert report.journal_number == coop.budi_exit.journal_number
    assert [(i.description, i.amount) for i in report.savings] == [(s.product_name, s.amount) for s in settled.savings]
    assert (report.total_savings, report.total_obligations, report.payout) == (1_350_000, 0, settled.payout)
    assert report.paid_to == "Rina Santoso" and report.balanced
    out = reports.settlement_letter_pdf(coop.ws, coop.budi.id, tmp_path / "berita-acara.pdf")
    text = " ".join(pages_text(out))
    for expected in ("BERITA ACARA PENGEMBALIAN SIMPANAN ANGGOTA", f"Nomor: {report.journal_number}",
                     "Budi Santoso", "6372********0001", "Meninggal dunia \u2013 Meninggal dunia karena sakit",
                     "Ahli waris : Rina Santoso (Istri)", "Simpanan pokok 100.000", "Simpanan wajib 50.000",
                     "Simpanan sukarela 1.200.000", "Jumlah simpanan 1.350.000", "Tidak ada kewajiban.",
                     "Jumlah yang dibayarkan (A \u2212 B) 1.350.000",
                     f"Terbilang: {fmt.terbilang(1_350_000)}", "Satu juta tiga ratus lima puluh ribu rupiah",
                     "Uang sejumlah Rp1.350.000 tersebut telah dibayarkan dari Kas kepada Rina Santoso selaku "
                     "ahli waris (Istri) dari almarhum Budi Santoso", "Banjarbaru, 6 April 2026",
                     "Yang menerima,", "Yang menyerahkan,", "Mengetahui,", "Ahli waris", "Bendahara", "Ketua",
                     "Nur Aisyah", "H. Abdul Karim"):
        assert expected in text, expected
    assert BUDI_NIK not in text


def test_settlement_letter_offsets_what_the_member_still_owes(coop):
    report = reports.build_settlement_letter(coop.ws, coop.andi.id, now=NOW)
    assert [(o.description, o.amount) for o in report.obligations] == [("Sisa pinjaman", 200_000)]
    assert (report.total_savings, report.payout) == (600_000, 400_000) and report.balanced
    assert report.payout == coop.andi_exit.settlement.payout
    [text] = pages_text(reports.pdf_bytes(report))
    for expected in ("Keluar \u2013 Pindah ke luar kota", "1 Sisa pinjaman 200.000", "Jumlah kewajiban 200.000",
                     "(A \u2212 B) 400.000", fmt.terbilang(400_000), "kepada Andi Wijaya selaku anggota yang "
                     "bersangkutan"):
        assert expected in text, expected


def test_no_settlement_letter_for_a_current_member(coop):
    with pytest.raises(ValidationError, match="masih berstatus anggota"):
        reports.build_settlement_letter(coop.ws, coop.siti.id)
