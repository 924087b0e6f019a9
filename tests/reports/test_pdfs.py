"""Render the PDFs and read them back: text, page numbers, paper sizes, fonts, logo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from kopdesk import reports
from kopdesk.domain.coop import AppSettings
from kopdesk.domain.errors import ValidationError
from kopdesk.services import ledger, profile
from tests.builders import post
from tests.reports.conftest import FEB_1, FEB_28, JAN_1, JAN_31, NOW, pages_text

A4 = (595.3, 841.9)
F4 = (609.4, 935.4)     # 215 x 330 mm


def size_of(pdf) -> tuple[float, float]:
    box = PdfReader(pdf).pages[0].mediabox
    return round(float(box.width), 1), round(float(box.height), 1)


def test_trial_balance_pdf_reads_back(officials, tmp_path):
    report = reports.build_trial_balance(officials.ws, JAN_31, now=NOW)
    out = reports.render_pdf(report, tmp_path / "neraca-saldo.pdf")
    assert out == tmp_path / "neraca-saldo.pdf"
    [text] = pages_text(out)
    for expected in ("KSP MAJU BERSAMA", "Badan Hukum No. 188.4/123/BH/XIX/2015 tanggal 2 Maret 2015",
                     "Kota Banjarbaru, Kalimantan Selatan 70714", "NERACA SALDO", "Per 31 Januari 2026",
                     "Kode", "Nama Akun", "Debit (Rp)", "Kredit (Rp)", "ASET", "EKUITAS", "BEBAN USAHA",
                     "1-1100 Kas 15.250.000", "Simpanan wajib 132.500.000", "Jumlah 203.250.000 203.250.000",
                     "Banjarbaru, 25 November 2026", "Ketua", "Bendahara", "H. Abdul Karim", "Siti Rahmah",
                     "Halaman 1 dari 1", "Dicetak 25 November 2026 14:05", "KSP Maju Bersama"):
        assert expected in text, expected
    assert "Perhatian" not in text


def test_an_unbalanced_trial_balance_says_so(books):
    report = reports.build_trial_balance(books.ws, JAN_31, now=NOW)
    broken = dataclasses.replace(report, total_credit=report.total_credit - 50_000)
    [text] = pages_text(reports.pdf_bytes(broken))
    assert "Perhatian: jumlah debit (Rp203.250.000) tidak sama dengan jumlah kredit (Rp203.200.000)" in text
    assert "selisih Rp50.000" in text


def test_without_officials_the_names_are_dotted_lines(books):
    [text] = pages_text(reports.pdf_bytes(reports.build_trial_balance(books.ws, JAN_31, now=NOW)))
    assert "(" + "." * 40 + ")" in text


@pytest.mark.parametrize(("paper", "orientation", "size"), [
    ("A4", "portrait", A4), ("F4", "portrait", F4), ("A4", "landscape", A4[::-1]), ("F4", "landscape", F4[::-1]),
])
def test_paper_sizes(books, tmp_path, paper, orientation, size):
    out = reports.trial_balance_pdf(books.ws, JAN_31, tmp_path / "tb.pdf", paper=paper, orientation=orientation)
    assert size_of(out) == size


def test_paper_defaults_to_the_workspace_setting(books, tmp_path):
    assert size_of(reports.trial_balance_pdf(books.ws, JAN_31, tmp_path / "a4.pdf")) == A4
    profile.save_app_settings(books.ws, AppSettings(paper="F4"), books.admin)
    assert reports.paper_setting(books.ws) == "F4"
    assert size_of(reports.trial_balance_pdf(books.ws, JAN_31, tmp_path / "f4.pdf")) == F4


def test_unknown_paper_is_refused(books, tmp_path):
    with pytest.raises(ValidationError, match="Ukuran kertas"):
        reports.trial_balance_pdf(books.ws, JAN_31, tmp_path / "x.pdf", paper="Letter")
    with pytest.raises(ValidationError, match="Arah kertas"):
        reports.trial_balance_pdf(books.ws, JAN_31, tmp_path / "x.pdf", orientation="miring")


def test_pdf_to_a_stream_for_the_preview(books):
    buffer = io.BytesIO()
    assert reports.journal_voucher_pdf(books.ws, books.journals["Gaji karyawan Januari"], buffer) is buffer
    data = buffer.getvalue()
    assert data.startswith(b"%PDF-")
    assert "BUKTI JURNAL" in pages_text(data)[0]


def test_account_ledger_pdf(officials, tmp_path):
    out = reports.account_ledger_pdf(officials.ws, officials.acct("1-1100"), FEB_1, FEB_28, tmp_path / "bb.pdf")
    [text] = pages_text(out)
    for expected in ("BUKU BESAR", "Periode 1 Februari 2026 s.d. 28 Februari 2026", "1-1100 Kas", "Saldo normal",
                     "Tanggal", "No. Jurnal", "Keterangan", "Debit (Rp)", "Kredit (Rp)", "Saldo (Rp)",
                     "01-02-2026 Saldo awal 15.250.000",
                     "03-02-2026 JU-2026-000001 Penarikan dari bank ke kas 4.000.000 19.250.000",
                     "10-02-2026 KK-2026-000002 Pembelian alat tulis kantor 1.250.000 18.000.000",
                     "Jumlah 4.000.000 1.250.000", "28-02-2026 Saldo akhir 18.000.000", "Halaman 1 dari 1"):
        assert expected in text, expected


def test_cash_book_pdf_uses_receipt_and_payment_columns(books, tmp_path):
    out = reports.cash_book_pdf(books.ws, books.acct("1-1100"), JAN_1, FEB_28, tmp_path / "kas.pdf", paper="F4")
    [text] = pages_text(out)
    for expected in ("BUKU KAS", "Akun kas/bank", "Penerimaan (Rp)", "Pengeluaran (Rp)", "Saldo akhir 18.000.000",
                     "Jumlah 22.250.000 4.250.000"):
        assert expected in text, expected
    assert "Debit (Rp)" not in text
    assert size_of(out) == F4


def test_quiet_period_says_there_were_no_transactions(books):
    report = reports.build_account_ledger(books.ws, books.acct("6-1100"), FEB_1, FEB_28, now=NOW)
    [text] = pages_text(reports.pdf_bytes(report))
    assert "Tidak ada transaksi dalam periode ini." in text
    assert "Saldo akhir 3.000.000" in text


def test_journal_voucher_pdf(officials, tmp_path):
    jid = officials.journals["Angsuran pinjaman Budi Santoso"]
    out = reports.journal_voucher_pdf(officials.ws, jid, tmp_path / "bukti.pdf")
    [text] = pages_text(out)
    for expected in ("BUKTI JURNAL", "Kas Masuk", "KM-2026-000002", "15 Januari 2026", "Angsuran pinjaman Budi Santoso",
                     "1-1100 Kas 5.750.000", "4-1100 Partisipasi - jasa pinjaman anggota 750.000",
                     "Jumlah 5.750.000 5.750.000", "Terbilang: Lima juta tujuh ratus lima puluh ribu rupiah",
                     "Dibuat oleh", "Diperiksa oleh", "Disetujui oleh", "H. Abdul Karim", "Halaman 1 dari 1"):
        assert expected in text, expected


def test_reversed_journal_voucher_carries_a_note(books):
    jid = books.journals["Gaji karyawan Januari"]
    reversal = ledger.reverse_journal(books.ws, jid, on=dt.date(2026, 1, 12), reason="Salah nominal", by=books.admin)
    [original] = pages_text(reports.pdf_bytes(reports.build_journal_voucher(books.ws, jid, now=NOW)))
    [undo] = pages_text(reports.pdf_bytes(reports.build_journal_voucher(books.ws, reversal.journal_id, now=NOW)))
    assert f"sudah dibatalkan dengan jurnal pembalik {reversal.number}" in original
    assert "jurnal pembalik (koreksi) atas jurnal KK-2026-000001" in undo


def test_only_the_shipped_fonts_are_used_and_embedded(books):
    data = reports.pdf_bytes(reports.build_trial_balance(books.ws, JAN_31, now=NOW))
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    names = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in fonts.values()}
    assert names <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansCondensed",
                     "DejaVuSansCondensed-Bold"}
    for f in fonts.values():
        descendant = f.get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"], descendant["/BaseFont"]


def test_letterhead_logo_is_drawn(books):
    png = io.BytesIO()
    Image.new("RGB", (120, 120), (0, 110, 60)).save(png, "PNG")
    profile.set_logo(books.ws, png.getvalue(), books.admin)
    assert reports.letterhead(books.ws).logo == png.getvalue()
    data = reports.pdf_bytes(reports.build_trial_balance(books.ws, JAN_31, now=NOW))
    images = PdfReader(io.BytesIO(data)).pages[0].images
    assert len(images) == 1


def test_a_damaged_logo_does_not_stop_the_report(books):
    report = reports.build_trial_balance(books.ws, JAN_31, now=NOW)
    bad = dataclasses.replace(report, letterhead=dataclasses.replace(report.letterhead, logo=b"\x89PNG broken"))
    [text] = pages_text(reports.pdf_bytes(bad))
    assert "KSP MAJU BERSAMA" in text


def test_a_very_long_description_is_cut_not_a_crash(books):
    long_text = "Pembayaran tagihan listrik kantor koperasi " * 100
    post(books.ws, books.admin, dt.date(2026, 2, 20), long_text, ("6-1200", 100_000, 0), ("1-1100", 0, 100_000))
    report = reports.build_account_ledger(books.ws, books.acct("6-1200"), FEB_1, FEB_28, now=NOW)
    pages = pages_text(reports.pdf_bytes(report))
    assert "Saldo akhir 1.350.000" in pages[-1]
    assert "\u2026" in " ".join(pages)
