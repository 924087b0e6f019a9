"""KSP Maju Bersama prints its loan documents: Siti's kartu pinjaman (paid on time, then late with denda, a wrong
payment reversed), her surat perjanjian from the shipped template and from the cooperative's own, the kuitansi of
each transaction (pencairan, angsuran, pembatalan), Budi's early payoff returning his withheld loan savings, and for
the §2.2 portfolio the daftar tunggakan, the rekap kolektibilitas with PPAP and the instalments falling due. Every
figure is read back from the PDF and checked against the loan services."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from kopdesk import fmt, reports
from kopdesk.domain.coop import Official
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.loans import DendaKind, DendaRule, Kolektibilitas, LoanSettings, Method
from kopdesk.domain.members import Member
from kopdesk.reports.base import PAPERS
from kopdesk.reports.loan_agreement import PLACEHOLDERS
from kopdesk.services import collectibility, loan_payments, loan_products, loans, members, profile
from kopdesk.services import workspace as ws_svc
from tests.builders import post
from tests.conftest import PROFILE
from tests.reports.conftest import NOW, pages_text

D = dt.date
SITI_NIK = "6372024508900003"
CARD_DATE = D(2026, 6, 30)
PASAL = ("JUMLAH DAN TUJUAN PINJAMAN", "JANGKA WAKTU DAN ANGSURAN", "JASA DAN BIAYA", "DENDA KETERLAMBATAN", "JAMINAN",
         "PELUNASAN DIPERCEPAT", "WANPRESTASI", "PENYELESAIAN PERSELISIHAN", "PENUTUP")
L, KL, DR, M = (Kolektibilitas.LANCAR, Kolektibilitas.KURANG_LANCAR, Kolektibilitas.DIRAGUKAN,
                Kolektibilitas.MACET)


def person(name: str, nik: str, gender: str, born: dt.date, **kw) -> Member:
    return Member(id=None, number="", full_name=name, nik=nik, gender=gender, birth_date=born, join_date=D(2025, 12, 5),
                  desa="Loktabat Utara", kecamatan="Banjarbaru Utara", kabupaten_kota="Kota Banjarbaru", **kw)


def new_coop(path, capital: int):
    ws, admin = ws_svc.create_workspace(path, profile=PROFILE, admin_full_name="Siti Rahmah")
    for role, name in (("Ketua", "H. Abdul Karim"), ("Bendahara", "Nur Aisyah")):
        profile.save_official(ws, Official(None, "pengurus", role, name), admin)
    post(ws, admin, D(2025, 1, 1), "Modal awal", ("1-1100", capital, 0), ("3-3100", 0, capital), series="JS")
    loan_products.save_settings(ws, LoanSettings(maker_checker=False), admin)
    return ws, admin


def grant(ws, admin, member, product, amount, tenor, on, purpose="Modal usaha", **kw):
    applied = loans.apply(ws, member_id=member.id, product_id=product.id, amount=amount, tenor=tenor, on=on,
                          purpose=purpose, by=admin, **kw)
    loans.approve(ws, applied.loan.id, on=on, by=admin)
    return loans.disburse(ws, applied.loan.id, on=on, by=admin)


@pytest.fixture(scope="module")
def coop(tmp_path_factory):
    """Siti's flat loan with collateral and a guarantor, repaid on time, then late, a wrong payment reversed; Budi's
    declining loan with withheld loan savings, paid off early; Rudi's application not yet paid out."""
    ws, admin = new_coop(tmp_path_factory.mktemp("loandocs") / "koperasi.kopdesk", 500_000_000)
    siti = members.add_member(ws, person("Siti Aminah", SITI_NIK, "P", D(1990, 8, 5), birth_place="Banjarbaru",
                                         address="Jl. Mawar No. 3", occupation="Pedagang",
                                         phone="0812-5123-4567"), admin).member
    budi = members.add_member(ws, person("Budi Santoso", "6372021203850001", "L", D(1985, 3, 12)), admin).member
    rudi = members.add_member(ws, person("Rudi Hartono", "6372020101800002", "L", D(1980, 1, 1)), admin).member
    produktif, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "PRODUKTIF", "Pinjaman Produktif", method=Method.FLAT, rate=Decimal("1.5"), tenor_max=24,
        provisi_pct=Decimal(1), admin_fee=50_000, denda=DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"),
                                                                  grace_days=3)), admin)
    menurun, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "MENURUN", "Pinjaman Menurun", method=Method.DECLINING, rate=Decimal(2), tenor_max=24,
        savings_pct=Decimal(2), denda=DendaRule(DendaKind.FIXED, fixed=25_000)), admin)
    tx = SimpleNamespace()
    tx.disbursed = grant(ws, admin, siti, produktif, 12_000_000, 12, D(2026, 1, 10),
                         purpose="Modal usaha warung sembako", collateral="BPKB sepeda motor Honda Beat 2022",
                         collateral_value=15_000_000, guarantor="Ahmad Fauzi (suami)")
    loan = tx.disbursed.loan
    tx.on_time = loan_payments.repay(ws, loan.id, amount=1_180_000, on=D(2026, 2, 10), by=admin)
    tx.late = loan_payments.repay(ws, loan.id, amount=1_000_000, on=D(2026, 3, 20), by=admin)
    tx.wrong = loan_payments.repay(ws, loan.id, amount=500_000, on=D(2026, 3, 21), by=admin)
    tx.reversal = loan_payments.reverse(ws, tx.wrong.tx_id, on=D(2026, 3, 22), reason="Salah input jumlah", by=admin)
    budi_loan = grant(ws, admin, budi, menurun, 6_000_000, 6, D(2026, 2, 5)).loan
    tx.budi_quote = loan_payments.payoff_quote(ws, budi_loan.id, D(2026, 4, 20))
    tx.payoff = loan_payments.payoff(ws, budi_loan.id, on=D(2026, 4, 20), by=admin)
    rudi_loan = loans.apply(ws, member_id=rudi.id, product_id=produktif.id, amount=3_000_000, tenor=6,
                            on=D(2026, 11, 20), purpose="Biaya sekolah anak", by=admin).loan
    yield SimpleNamespace(ws=ws, admin=admin, siti=siti, budi=budi, loan=loan, budi_loan=budi_loan,
                          rudi_loan=rudi_loan, tx=tx)
    ws.close()


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """The §1.2.7 / §2.2 portfolio (as in tests/services/test_loans_collectibility.py): Lancar 1,150,000,000,
    Kurang Lancar 50,000,000, Diragukan 24,000,000 and Macet 16,000,000 at the end of September 2026, with
    20,000,000 of PPAP booked."""
    ws, admin = new_coop(tmp_path_factory.mktemp("portfolio") / "koperasi.kopdesk", 8_000_000_000)
    people = [members.add_member(ws, person(name, nik, g, born, phone=f"0812-555-000{i}"), admin).member
              for i, (name, nik, g, born) in enumerate((
                  ("Siti Aminah", SITI_NIK, "P", D(1990, 8, 5)), ("Budi Santoso", "6372021203850001", "L",
                                                                   D(1985, 3, 12)),
                  ("Ahmad Fauzi", "6372020101800001", "L", D(1980, 1, 1)), ("Rina Wati", "6372024202750002", "P",
                                                                              D(1975, 2, 2))))]
    modal, _, _ = loan_products.save_product(ws, loan_products.new_product(
        ws, "MODAL", "Pinjaman Modal", rate=Decimal("1.5"), tenor_max=60,
        denda=DendaRule(DendaKind.PERCENT_PER_DAY, Decimal("0.1"))), admin)
    macet = grant(ws, admin, people[3], modal, 16_000_000, 12, D(2025, 5, 15)).loan
    diragukan = grant(ws, admin, people[2], modal, 24_000_000, 24, D(2025, 11, 15)).loan
    kurang = grant(ws, admin, people[1], modal, 50_000_000, 25, D(2026, 4, 15)).loan
    lancar = grant(ws, admin, people[0], modal, 1_150_000_000, 60, D(2026, 8, 31), collateral="Ruko",
                   collateral_value=1_500_000_000).loan
    post(ws, admin, D(2026, 1, 31), "PPAP tahun lalu", ("6-1400", 20_000_000, 0), ("1-1390", 0, 20_000_000))
    yield SimpleNamespace(ws=ws, admin=admin, lancar=lancar, kurang=kurang, diragukan=diragukan, macet=macet)
    ws.close()


def text_of(pdf) -> str:
    return " ".join(pages_text(pdf))


def page_size(pdf) -> tuple[int, int]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


# ----------------------------------------------------------------------------------------------- kartu pinjaman


def test_loan_card_schedule_payments_and_position_match_the_loan_services(coop, tmp_path):
    ws, loan = coop.ws, coop.loan
    r = reports.build_loan_card(ws, loan.id, CARD_DATE, now=NOW)
    card = loans.loan_card(ws, loan.id, CARD_DATE)
    assert [(x.no, x.due, x.principal, x.interest, x.paid) for x in r.schedule] == [
        (x.no, x.due, x.principal, x.interest, x.principal_paid + x.interest_paid) for x in card.lines]
    assert (r.total_principal, r.total_interest) == (12_000_000, card.quote.schedule.total_interest) == (
        12_000_000, 2_160_000)
    assert r.total_paid == sum(x.principal_paid + x.interest_paid for x in card.lines) == 2_171_740
    assert [x.remaining for x in r.schedule][:3] == [11_000_000, 10_000_000, 9_000_000]
    assert [x.state for x in r.schedule[:6]] == ["Lunas", "Tunggak 112 hari", "Tunggak 81 hari", "Tunggak 51 hari",
                                                 "Tunggak 20 hari", "Belum jatuh tempo"]
    # the transactions: pencairan, two repayments, the wrong one and its reversal, each with the principal after it
    assert [(x.tx_id, x.outstanding) for x in r.payments] == [(p.tx.id, p.outstanding) for p in card.payments]
    assert [x.amount for x in r.payments] == [None, 1_180_000, 1_000_000, 500_000, -500_000]
    assert [x.reversed for x in r.payments] == [False, False, False, True, False]
    assert (r.paid_principal, r.paid_interest, r.paid_penalty) == card.total_paid == (1_811_740, 360_000, 8_260)
    pos = loans.position(ws, loan.id, CARD_DATE)
    klass = collectibility.classify_loan(ws, loan.id, CARD_DATE)
    assert (r.outstanding, r.principal_arrears, r.interest_arrears, r.penalty_due, r.payoff_amount) == (
        pos.principal_outstanding, pos.principal_arrears, pos.interest_arrears, pos.penalty_due, pos.payoff_amount)
    assert r.outstanding == 12_000_000 - 1_811_740 == klass.outstanding
    assert (r.klass, r.days_overdue) == (klass.klass.label, klass.days_overdue) == ("Kurang Lancar", 112)
    t = r.terms
    assert (t.effective_rate, t.net, t.instalment_text, t.first_due, t.last_due) == (
        Decimal("2.6430"), 11_830_000, "Rp1.180.000 per bulan", D(2026, 2, 10), D(2027, 1, 10))

    out = reports.loan_card_pdf(ws, loan.id, tmp_path / "kartu.pdf", as_of=CARD_DATE)
    text = text_of(out)
    for expected in ("KARTU PINJAMAN", f"{loan.number} \u2013 per 30 Juni 2026", "Nama anggota : Siti Aminah",
                     "Metode jasa : Flat (tetap)", "Jasa : 1,5% per bulan", "Jasa efektif : 2,643% per bulan",
                     "Jumlah pinjaman : Rp12.000.000", "Provisi : Rp120.000", "Biaya administrasi : Rp50.000",
                     "Diterima bersih : Rp11.830.000", "Jangka waktu : 12 bulan",
                     "Agunan : BPKB sepeda motor Honda Beat 2022 (taksiran nilai Rp15.000.000)",
                     "Penjamin : Ahmad Fauzi (suami)",
                     "2 10-03-2026 1.000.000 180.000 1.180.000 10.000.000 991.740 Tunggak 112 hari",
                     "Jumlah 12.000.000 2.160.000 14.160.000 2.171.740",
                     f"{coop.tx.late.number} Angsuran 811.740 180.000 8.260 1.000.000 10.188.260",
                     "Angsuran (dibatalkan)", f"Pembatalan angsuran {coop.tx.wrong.number}",
                     "(319.812) (180.000) (188) (500.000) 10.188.260",
                     "Jumlah diterima 1.811.740 360.000 8.260 2.180.000 10.188.260",
                     "Sisa pokok pinjaman Rp10.188.260", f"Denda belum dibayar {fmt.rupiah(pos.penalty_due)}",
                     "Kolektibilitas Kurang Lancar", f"Pelunasan dipercepat per tanggal ini "
                     f"{fmt.rupiah(pos.payoff_amount)}", "Bendahara Nur Aisyah"):
        assert expected in text, expected
    assert re.search(r"Halaman 1 dari \d", text)


def test_card_of_an_application_shows_the_planned_schedule(coop):
    r = reports.build_loan_card(coop.ws, coop.rudi_loan.id, D(2026, 11, 25), now=NOW)
    assert not r.scheduled and len(r.schedule) == 6
    assert {x.due for x in r.schedule} == {None} and {x.state for x in r.schedule} == {"Belum dicairkan"}
    assert (r.total_principal, r.payments, r.outstanding, r.klass) == (3_000_000, (), 0, "")
    text = text_of(reports.pdf_bytes(r))
    assert "belum dicairkan; jadwal di bawah adalah rencana angsuran" in text and "Belum ada transaksi." in text


def test_declining_loan_card_after_the_payoff(coop):
    r = reports.build_loan_card(coop.ws, coop.budi_loan.id, D(2026, 11, 25), now=NOW)
    assert r.terms.instalment_text == "Rp1.120.000 (ke-1) menurun s.d. Rp1.020.000 (ke-6)"
    assert r.terms.effective_rate is None and r.terms.savings_withheld == 120_000
    assert r.outstanding == 0 and r.klass == "" and r.payoff_amount == 0
    assert r.paid_amount == coop.tx.budi_quote.total
    # paid off on 20 April: the first two instalments late, the pokok of the rest paid early, their jasa not charged
    assert [x.state for x in r.schedule] == ["Lunas, telat 46 hari", "Lunas, telat 15 hari", *["Lunas dipercepat"] * 4]
    assert r.total_paid == 6_000_000 + coop.tx.budi_quote.jasa
    text = text_of(reports.pdf_bytes(r, paper="F4"))
    for expected in ("Status : Lunas", "Simpanan pinjaman : Rp120.000", "Ditutup (lunas) 20 April 2026"):
        assert expected in text, expected


def test_restructured_and_written_off_loans_on_their_cards(coop):
    from kopdesk.services import loan_workouts

    ws, admin = coop.ws, coop.admin
    rudi = members.get_member(ws, coop.rudi_loan.member_id)
    old = grant(ws, admin, rudi, loan_products.product_by_code(ws, "PRODUKTIF"), 2_400_000, 6, D(2026, 5, 2)).loan
    applied = loan_workouts.restructure(ws, old.id, on=D(2026, 9, 1), tenor=12, reason="Usaha sepi", by=admin)
    loans.approve(ws, applied.loan.id, on=D(2026, 9, 1), by=admin)
    moved = loan_workouts.execute_restructure(ws, applied.loan.id, on=D(2026, 9, 1), by=admin)
    before = reports.build_loan_card(ws, old.id, D(2026, 11, 25), now=NOW)
    assert before.terms.restructured_into == applied.loan.number and before.outstanding == 0 and before.klass == ""
    assert {x.state for x in before.schedule} == {"Direstrukturisasi"}
    assert before.payments[-1].description == f"Direstrukturisasi menjadi {applied.loan.number}"
    after = reports.build_loan_card(ws, applied.loan.id, D(2026, 11, 25), now=NOW)
    assert after.terms.restructures == old.number and after.outstanding == 2_400_000
    assert after.payments[0].description == f"Pokok restrukturisasi dari {old.number}"
    assert f"sudah direstrukturisasi menjadi {applied.loan.number}" in text_of(reports.pdf_bytes(before))
    with pytest.raises(ValidationError, match="tanpa pencairan uang"):
        reports.build_loan_receipt(ws, moved.tx_id)

    written_off = loans.get_tx(ws, _write_off(coop)).loan_id
    card = reports.build_loan_card(ws, written_off, D(2026, 11, 25), now=NOW)
    assert {x.state for x in card.schedule} == {"Dihapus buku"} and card.outstanding == 0
    assert "sudah dihapus buku; anggota tetap berkewajiban melunasinya" in text_of(reports.pdf_bytes(card))


# ----------------------------------------------------------------------------------------------- perjanjian


def test_agreement_from_the_shipped_template(coop, tmp_path):
    ws, loan = coop.ws, coop.loan
    out = reports.loan_agreement_pdf(ws, loan.id, tmp_path / "perjanjian.pdf")
    pages = pages_text(out)
    text = " ".join(pages)
    for expected in ("SURAT PERJANJIAN PINJAMAN", f"Nomor: {loan.number}",
                     "Pada hari ini, Sabtu, tanggal 10 Januari 2026",
                     "H. Abdul Karim dan Nur Aisyah, masing-masing selaku Ketua dan Bendahara",
                     "badan hukum koperasi Nomor 188.4/123/BH/XIX/2015 tanggal 2 Maret 2015",
                     f"NIK : {SITI_NIK}", "Tempat, tanggal lahir : Banjarbaru, 5 Agustus 1990",
                     "Pekerjaan : Pedagang",
                     "sebesar Rp12.000.000 (dua belas juta rupiah)", f"nomor pinjaman {loan.number}",
                     "untuk keperluan: Modal usaha warung sembako", "jangka waktu 12 (dua belas) bulan",
                     "12 (dua belas) kali angsuran bulanan sebesar Rp1.180.000 (satu juta seratus delapan puluh ribu "
                     "rupiah), setiap tanggal 10, dimulai pada tanggal 10 Februari 2026 dan berakhir pada tanggal 10 "
                     "Januari 2027", "jasa pinjaman sebesar 1,5% per bulan dengan metode flat",
                     "setara dengan jasa efektif 2,643% per bulan",
                     "provisi sebesar Rp120.000 dan biaya administrasi sebesar Rp50.000",
                     "Rp11.830.000 (sebelas juta delapan ratus tiga puluh ribu rupiah)",
                     "denda sebesar 0,1% per hari", "masa tenggang 3 (tiga) hari",
                     "agunan berupa BPKB sepeda motor Honda Beat 2022 dengan taksiran nilai Rp15.000.000",
                     "secara musyawarah untuk mufakat", "melalui Pengadilan Negeri Banjarbaru"):
        assert expected in text, expected
    for number, title in enumerate(PASAL, start=1):
        assert f"Pasal {number} {title}" in text, title
    assert "{" not in text and "}" not in text and "**" not in text
    # the signatures on the last page, with the materai box for the member and the guarantor
    last = pages[-1]
    for expected in ("Banjarbaru, 10 Januari 2026", "PIHAK PERTAMA", "PIHAK KEDUA", "Peminjam,", "Ketua,",
                     "Bendahara,", "Materai Rp10.000", "H. Abdul Karim", "Nur Aisyah", "Siti Aminah",
                     "Mengetahui/Penjamin,", "Ahmad Fauzi (suami)", "Demikian perjanjian ini dibuat"):
        assert expected in last, expected


def test_every_placeholder_is_described_and_filled(coop):
    text = reports.default_agreement_template()
    used = set(re.findall(r"(?<!\{)\{([a-z_]+)\}", text))
    assert used <= set(reports.agreement_placeholders()) and len(used) > 30
    assert reports.agreement_template_problems(text) == []
    r = reports.build_loan_agreement(coop.ws, coop.loan.id, now=NOW)
    assert [name for name, _ in r.values] == list(PLACEHOLDERS)
    assert r.value("anggota_nik") == SITI_NIK and r.value("jumlah_pinjaman_terbilang") == "dua belas juta rupiah"
    assert r.value("jatuh_tempo_terakhir") == "10 Januari 2027" and r.value("hari") == "Sabtu"


def test_agreement_of_an_application_plans_the_due_dates_from_the_signing_date(coop):
    r = reports.build_loan_agreement(coop.ws, coop.rudi_loan.id, on=D(2026, 11, 25), now=NOW)
    assert (r.value("tanggal"), r.value("hari")) == ("25 November 2026", "Rabu")
    assert (r.value("jatuh_tempo_pertama"), r.value("jatuh_tempo_terakhir")) == ("25 Desember 2026", "25 Mei 2027")
    assert r.value("jaminan_ketentuan") == "Pinjaman ini diberikan tanpa agunan kebendaan."
    assert r.value("penjamin_ketentuan") == "" and r.guarantor is None
    text = text_of(reports.pdf_bytes(r, paper="F4"))
    assert "Mengetahui/Penjamin" not in text and "Rp3.000.000 (tiga juta rupiah)" in text


def test_a_custom_template_is_filled_and_an_unknown_placeholder_is_refused(coop, tmp_path):
    ws, loan = coop.ws, coop.loan
    custom = ("# catatan untuk penyunting, tidak dicetak\n"
              "Saya, **{anggota_nama}** (NIK {anggota_nik}), meminjam {jumlah_pinjaman} ({jumlah_pinjaman_terbilang})"
              " dari {koperasi_nama}; tanda {{kurung}} tetap.\n\nPasal 1\nKETENTUAN KHUSUS\n\n"
              "(1) Angsuran {angsuran}.\n")
    text = text_of(reports.pdf_bytes(reports.build_loan_agreement(ws, loan.id, custom, now=NOW)))
    assert (f"Saya, Siti Aminah (NIK {SITI_NIK}), meminjam Rp12.000.000 (dua belas juta rupiah) dari KSP Maju "
            "Bersama; tanda {kurung} tetap.") in text
    assert "Pasal 1 KETENTUAN KHUSUS (1) Angsuran Rp1.180.000" in text and "catatan" not in text
    with pytest.raises(ValidationError) as err:
        reports.loan_agreement_pdf(ws, loan.id, tmp_path / "x.pdf", template_text=custom + "Istri: {nama_istri}, "
                                   "{anggota_nama}, {Tanggal}.")
    assert err.value.problems == ["Templat surat perjanjian memuat isian yang tidak dikenal: {nama_istri}, {Tanggal}. "
                                  "Periksa ejaannya atau pilih dari daftar isian yang tersedia."]
    assert not (tmp_path / "x.pdf").exists()
    assert reports.agreement_template_problems("Jumlah {jumlah_pinjaman\n") == [
        "Baris 1 templat: tanda kurung kurawal '{' tidak berpasangan. Tulis {{ atau }} untuk mencetak kurung "
        "kurawal."]
    assert reports.agreement_template_problems("# hanya catatan\n\n") == ["Templat surat perjanjian kosong."]


# ----------------------------------------------------------------------------------------------- kuitansi


def test_repayment_receipt_shows_the_allocation_and_the_total_in_words(coop, tmp_path):
    late = coop.tx.late
    r = reports.build_loan_receipt(coop.ws, late.tx_id, now=NOW)
    t = loans.get_tx(coop.ws, late.tx_id)
    assert [(x.label, x.amount) for x in r.lines] == [("Denda", t.penalty), ("Jasa", t.interest),
                                                      ("Pokok", -t.principal)] == [
        ("Denda", 8_260), ("Jasa", 180_000), ("Pokok", 811_740)]
    assert (r.kind, r.number, r.total, r.outstanding_after) == (reports.LoanReceiptKind.ANGSURAN, late.number,
                                                                1_000_000, 10_188_260)
    assert r.amount_in_words == fmt.terbilang(1_000_000) == "Satu juta rupiah"
    out = reports.loan_receipt_pdf(coop.ws, late.tx_id, tmp_path / "kuitansi.pdf", paper="F4")
    assert page_size(out) == tuple(round(x) for x in PAPERS["F4"])
    [text] = pages_text(out)
    for expected in ("KUITANSI ANGSURAN PINJAMAN", f"No. {late.number}", "Tanggal 20 Maret 2026",
                     "Telah terima dari : Siti Aminah (No. anggota A-0001)",
                     f"Pinjaman : {coop.loan.number} \u2013 Pinjaman Produktif Rp12.000.000, 12 bulan",
                     "Uang sejumlah : Satu juta rupiah", f"Sebagian angsuran ke-2 pinjaman {coop.loan.number}",
                     "Denda Rp8.260 Jasa Rp180.000 Pokok Rp811.740 Jumlah dibayar Rp1.000.000",
                     "Sisa pokok pinjaman setelah pembayaran ini: Rp10.188.260", "Penyetor,", "Penerima,",
                     "potong di sini"):
        assert expected in text, expected
    # the half sheet: everything but the cut line's label above the middle
    runs = []
    PdfReader(out).pages[0].extract_text(visitor_text=lambda s, cm, tm, *_: runs.append(
        (s.strip(), tm[4] * cm[1] + tm[5] * cm[3] + cm[5])) if s.strip() else None)
    height = PAPERS["F4"][1]
    assert all(y > height / 2 for s, y in runs if "potong" not in s)


def test_disbursement_reversal_and_payoff_receipts(coop):
    ws, tx = coop.ws, coop.tx
    d = reports.build_loan_receipt(ws, tx.disbursed.tx_id, now=NOW)
    assert (d.kind, d.total, d.outstanding_after) == (reports.LoanReceiptKind.PENCAIRAN, 11_830_000, 12_000_000)
    [text] = pages_text(reports.pdf_bytes(d))
    for expected in ("BUKTI PENCAIRAN PINJAMAN", "Dibayarkan kepada : Siti Aminah", "Pokok pinjaman Rp12.000.000",
                     "Dikurangi provisi -Rp120.000", "Dikurangi biaya administrasi -Rp50.000",
                     "Diterima bersih Rp11.830.000", fmt.terbilang(11_830_000),
                     "untuk modal usaha warung sembako", "Mengetahui,", "H. Abdul Karim"):
        assert expected in text, expected

    rev = reports.build_loan_receipt(ws, tx.reversal.tx_id, now=NOW)
    assert (rev.kind, rev.title, rev.total, rev.outstanding_after) == (
        reports.LoanReceiptKind.PEMBATALAN, "Bukti Pembatalan Angsuran", 500_000, 10_188_260)
    [text] = pages_text(reports.pdf_bytes(rev))
    for expected in ("BUKTI PEMBATALAN ANGSURAN", tx.reversal.number, "Lima ratus ribu rupiah",
                     f"Membatalkan : Kuitansi Angsuran Pinjaman No. {tx.wrong.number} tanggal 21 Maret 2026",
                     "alasan: Salah input jumlah", "Jumlah dibatalkan Rp500.000", "Anggota,", "Petugas,"):
        assert expected in text, expected
    [again] = pages_text(reports.pdf_bytes(reports.build_loan_receipt(ws, tx.wrong.tx_id, now=NOW)))
    assert f"Transaksi ini sudah dibatalkan dengan bukti {tx.reversal.number}" in again
    assert "Angsuran ke-2 serta sebagian angsuran ke-3" in again

    q = tx.budi_quote
    po = reports.build_loan_receipt(ws, tx.payoff.tx_id, now=NOW)
    assert [(x.label, x.amount) for x in po.lines] == [("Denda", q.denda), ("Jasa", q.jasa), ("Pokok", q.principal)]
    assert (po.total, po.outstanding_after) == (q.total, 0)
    [text] = pages_text(reports.pdf_bytes(po))
    for expected in ("KUITANSI PELUNASAN PINJAMAN", fmt.terbilang(q.total), fmt.rupiah(q.total),
                     f"Dengan pembayaran ini pinjaman {coop.budi_loan.number} lunas.",
                     "Simpanan pinjaman Rp120.000 dikembalikan: dipindahkan ke simpanan sukarela."):
        assert expected in text, expected
    with pytest.raises(ValidationError, match="Kuitansi pinjaman dicetak untuk pencairan, angsuran"):
        reports.build_loan_receipt(ws, _write_off(coop))


def _write_off(coop) -> int:
    """A written-off loan's hapus buku transaction (has no receipt)."""
    from kopdesk.services import loan_workouts

    rudi = members.get_member(coop.ws, coop.rudi_loan.member_id)
    loan = grant(coop.ws, coop.admin, rudi, loan_products.product_by_code(coop.ws, "PRODUKTIF"), 1_000_000, 6,
                 D(2026, 6, 1)).loan
    return loan_workouts.write_off(coop.ws, loan.id, on=D(2026, 11, 20), reason="Tidak tertagih", by=coop.admin).tx_id


# ----------------------------------------------------------------------------------------------- lists


def test_arrears_list_totals_equal_the_services_arrears(portfolio, tmp_path):
    ws, as_of = portfolio.ws, D(2026, 9, 30)
    rows = collectibility.arrears(ws, as_of)
    r = reports.build_arrears(ws, as_of, now=NOW)
    assert [(x.loan_number, x.days_overdue, x.principal, x.jasa, x.denda, x.klass) for x in r.lines] == [
        (x.loan.number, x.days_overdue, x.principal, x.jasa, x.denda, x.klass) for x in rows]
    assert [x.loan_number for x in r.lines] == [portfolio.macet.number, portfolio.diragukan.number,
                                                portfolio.kurang.number]
    t = r.totals
    assert (t.loans, t.outstanding, t.principal, t.jasa, t.denda, t.total) == (
        3, sum(x.outstanding for x in rows), sum(x.principal for x in rows), sum(x.jasa for x in rows),
        sum(x.denda for x in rows), sum(x.total for x in rows))
    assert t.outstanding == 90_000_000
    assert [(g.klass, g.totals.loans) for g in r.groups] == [(M, 1), (DR, 1), (KL, 1)]
    assert r.lines[2].oldest_due == as_of - dt.timedelta(days=138) and r.lines[2].instalments == 5
    out = reports.arrears_pdf(ws, as_of, tmp_path / "tunggakan.pdf")
    assert page_size(out) == tuple(reversed([round(x) for x in PAPERS["A4"]]))    # landscape
    text = text_of(out)
    for expected in ("DAFTAR TUNGGAKAN PINJAMAN", "Per 30 September 2026", "Macet \u2013 1 pinjaman",
                     f"A-0002 Budi Santoso {portfolio.kurang.number} Pinjaman Modal 15-04-2026 50.000.000 15-05-2026 "
                     "138 5 10.000.000 3.750.000", "Jumlah Kurang Lancar 50.000.000",
                     f"Jumlah seluruhnya 90.000.000 {fmt.number(t.principal)} {fmt.number(t.jasa)} "
                     f"{fmt.number(t.denda)} {fmt.number(t.total)}", "Dibuat oleh,", "Mengetahui,"):
        assert expected in text, expected
    flat = reports.build_arrears(ws, as_of, grouped=False, now=NOW)
    assert flat.groups == () and flat.totals == t
    assert "Jumlah Macet" not in text_of(reports.pdf_bytes(flat, orientation="landscape"))


def test_collectibility_recap_equals_the_portfolio_summary_spec_2_2(portfolio, tmp_path):
    ws, as_of = portfolio.ws, D(2026, 9, 30)
    s = collectibility.portfolio_summary(ws, as_of)
    r = reports.build_collectibility(ws, as_of, now=NOW)
    assert [(c.klass, c.loans, c.outstanding, c.ppap, c.rate) for c in r.classes] == [
        (c.klass, c.loans, c.outstanding, c.ppap, c.rate) for c in s.classes]
    assert [c.ppap_shown for c in r.classes] == [5_750_000, 5_000_000, 12_000_000, 16_000_000]
    assert (r.ppap_required, r.ppap_booked, r.shortfall) == (s.ppap_required, s.ppap_booked, s.shortfall) == (
        38_750_000, 20_000_000, 18_750_000)
    assert (r.outstanding, r.problem_loans, r.rpm) == (1_240_000_000, 90_000_000, 59_000_000)
    assert (r.rpm_ratio, r.problem_ratio, r.lancar_ratio) == (Decimal("4.76"), Decimal("7.26"), Decimal("92.74"))
    assert [(x.loan_number, x.klass) for x in r.details] == [
        (portfolio.macet.number, M), (portfolio.diragukan.number, DR), (portfolio.kurang.number, KL)]
    out = reports.collectibility_pdf(ws, as_of, tmp_path / "kolektibilitas.pdf", paper="F4")
    assert page_size(out) == tuple(reversed([round(x) for x in PAPERS["F4"]]))
    text = text_of(out)
    for expected in ("REKAP KOLEKTIBILITAS PINJAMAN DAN PPAP", "Per 30 September 2026",
                     "Lancar 1 1.150.000.000 92,74% 0,5% - 1.150.000.000 5.750.000",
                     "Kurang Lancar 1 50.000.000 4,03% 10% 0 50.000.000 5.000.000",
                     "Diragukan 1 24.000.000 1,94% 50% 0 24.000.000 12.000.000",
                     "Macet 1 16.000.000 1,29% 100% 0 16.000.000 16.000.000",
                     "Jumlah 4 1.240.000.000 100,00% 0 1.240.000.000 38.750.000",
                     "PPAP wajib dibentuk Rp38.750.000", "akun 1-1390", "Rp20.000.000",
                     "Kekurangan PPAP (perlu dibentuk) Rp18.750.000", "Rp90.000.000", "7,26%", "Rp59.000.000",
                     "Rasio RPM terhadap pinjaman yang diberikan 4,76%", "Rincian pinjaman bermasalah (3 pinjaman)"):
        assert expected in text, expected


def test_instalments_due_this_week(portfolio, tmp_path):
    ws = portfolio.ws
    start, end = D(2026, 9, 28), D(2026, 10, 4)
    rows = collectibility.instalments_due(ws, start, end)
    r = reports.build_instalments_due(ws, start, end, now=NOW)
    assert [(x.loan_number, x.no, x.due, x.unpaid) for x in r.lines] == [
        (x.loan.number, x.no, x.due, x.unpaid) for x in rows] == [
        (portfolio.lancar.number, 1, D(2026, 9, 30), 19_166_667 + 17_250_000)]
    assert (r.total_principal, r.total_interest, r.total_paid, r.total_unpaid) == (19_166_667, 17_250_000, 0,
                                                                                   36_416_667)
    text = text_of(reports.instalments_due_pdf(ws, start, end, tmp_path / "jatuh-tempo.pdf"))
    for expected in ("DAFTAR ANGSURAN JATUH TEMPO", "28 September 2026 s.d. 4 Oktober 2026",
                     f"1 30-09-2026 A-0001 Siti Aminah 0812-555-0000 {portfolio.lancar.number} 1/60 19.166.667 "
                     "17.250.000 36.416.667 36.416.667", "Jumlah 19.166.667 17.250.000 36.416.667 0 36.416.667"):
        assert expected in text, expected
    empty = reports.build_instalments_due(ws, D(2032, 1, 1), D(2032, 1, 31), now=NOW)     # every loan ended
    assert "Tidak ada angsuran jatuh tempo dalam periode ini." in text_of(reports.pdf_bytes(empty,
                                                                                        orientation="landscape"))


def test_the_lists_also_fit_portrait_paper(portfolio):
    as_of = D(2026, 9, 30)
    for report, total in ((reports.build_arrears(portfolio.ws, as_of, now=NOW), "90.000.000"),
                          (reports.build_collectibility(portfolio.ws, as_of, now=NOW), "38.750.000"),
                          (reports.build_instalments_due(portfolio.ws, D(2026, 9, 1), D(2026, 10, 31), now=NOW),
                           "36.416.667")):
        text = text_of(reports.pdf_bytes(report, paper="A4", orientation="portrait"))
        assert total in text and "Halaman 1 dari" in text
