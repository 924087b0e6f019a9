"""The RAT report book of the demo cooperative's last closed year: read back with pypdf, every printed figure is the
services' figure, the table of contents points at the pages where its sections really start, and the book is a
complete document (>= 20 pages); after the meeting it carries the notulen and the berita acara."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from pypdf import PdfReader

from kopdesk import fmt
from kopdesk.reports.rat_book import book_entries, build_rat_book, rat_book_pdf
from kopdesk.services import closing, rat, rat_book, shu, statements, users
from kopdesk.services.workspace import open_workspace
from tests.reports.conftest import pages_text

NOW = dt.datetime(2026, 11, 26, 10, 0)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    from kopdesk.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.kopdesk"
    build_demo(path, seed=1)
    return path


@pytest.fixture(scope="module")
def demo(demo_path):
    ws = open_workspace(demo_path, readonly=True)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def year(demo):
    return max(c.year for c in closing.closings(demo))


@pytest.fixture(scope="module")
def book(demo, year):
    return rat_book_pdf(demo, year, io.BytesIO(), now=NOW).getvalue()


@pytest.fixture(scope="module")
def pages(book):
    return pages_text(book)


@pytest.fixture(scope="module")
def held(demo_path, year, tmp_path_factory):
    """A copy of the demo whose RAT for ``year`` has been held (created here when the demo has none)."""
    path = tmp_path_factory.mktemp("held") / "held.kopdesk"
    shutil.copy(demo_path, path)
    ws = open_workspace(path)
    admin = users.list_users(ws)[0]
    m = rat.rat_for_year(ws, year)
    if m is None:
        m = rat.create_meeting(ws, admin, kind="RAT", year=year, held_on=dt.date(year + 1, 3, 28),
                               start_time="09:00", place="Aula Koperasi", chair="H. Ahmad Fauzi",
                               notulis="Siti Rahmah", witnesses=["Budi Santoso", "Dewi Lestari"],
                               invitation_date=dt.date(year + 1, 3, 7))
    if not m.closed:
        people = rat_book.members_on(ws, m.held_on)
        present = {a.member_id for a in rat.attendance(ws, m.id)}
        for p in people:
            if rat.quorum(ws, m.id).reached:
                break
            if p.id not in present:
                rat.record_attendance(ws, admin, m.id, p.id, "langsung")
        rat.add_question(ws, admin, m.id, 7, asker=people[3].full_name, question="Mengapa pinjaman macet naik?",
                         answer="Beberapa anggota terdampak banjir; penagihan terus dilakukan.", answered_by="Ketua")
        rat.add_decision(ws, admin, m.id, kind="umum", title="Besar simpanan wajib",
                         text="Simpanan wajib tetap Rp50.000 per bulan.", voting="suara", votes_for=120,
                         votes_against=20, votes_abstain=5)
        m = rat.close_meeting(ws, admin, m.id, end_time="12:30")
    ws.close()
    ws = open_workspace(path, readonly=True)
    yield ws, rat.get_meeting(ws, m.id)
    ws.close()


def n(value: int) -> str:
    return fmt.number(value)


def toc_pages(report, pages: list[str]) -> list[tuple[object, int]]:
    """Each contents entry with the page number printed beside it (read in order from the contents page)."""
    contents = next(i for i, t in enumerate(pages) if "DAFTAR ISI" in t)
    text = pages[contents]
    out, pos = [], 0
    for e in book_entries(report):
        label = f"{e.number} {e.title}".strip()
        m = re.compile(re.escape(label) + r"[\s.]*?(\d+)(?!\d)").search(text, pos)
        assert m, f"{label!r} not in the contents"
        out.append((e, int(m.group(1))))
        pos = m.end()
    return out


def heading_on(e, text: str) -> bool:
    if e.level == 0:
        return e.number in text and e.title.upper() in text
    if e.level == 1:
        return f"{e.number} {e.title}" in text
    return e.title.upper() in text


def first_page_with(e, pages: list[str], after: int) -> int:
    return next(i for i, t in enumerate(pages, start=1) if i > after and heading_on(e, t))


def check_contents(report, pages: list[str]) -> None:
    entries = toc_pages(report, pages)
    assert len(entries) >= 20
    for e, page in entries:
        assert 2 < page <= len(pages)
        assert heading_on(e, pages[page - 1]), f"{e.title!r} is not on page {page}"
        assert first_page_with(e, pages, 2) == page, f"{e.title!r} starts before page {page}"


def test_the_book_is_complete(demo, year, pages):
    assert len(pages) >= 20
    first = pages[0]
    assert "RAPAT ANGGOTA TAHUNAN" in first and f"TAHUN BUKU {year}" in first and "KSP SEJAHTERA MANDIRI" in first
    assert "Halaman" not in first                            # no page number on the cover
    assert f"Halaman 2 dari {len(pages)}" in pages[1]
    text = " ".join(pages)
    for title in ("UNDANGAN DAN ACARA RAPAT", "TATA TERTIB RAPAT", "LAPORAN PERTANGGUNGJAWABAN PENGURUS",
                  "LAPORAN PENGAWAS", f"RENCANA KERJA DAN RAPB TAHUN {year + 1}", "DAFTAR PEMBAGIAN SHU",
                  "DAFTAR HADIR", "LAPORAN POSISI KEUANGAN", "LAPORAN PERHITUNGAN HASIL USAHA",
                  "LAPORAN PERUBAHAN EKUITAS", "LAPORAN ARUS KAS"):
        assert title in text, title
    m = rat.rat_for_year(demo, year)
    held = m is not None and m.closed
    assert ("NOTULEN RAPAT" in text) == held and ("BERITA ACARA RAPAT" in text) == held   # only after the meeting
    assert ("Tanda tangan" in text) == (not held)          # the blank attendance list before it


def test_contents_page_numbers_are_the_pages_the_sections_start_on(demo, year, pages):
    check_contents(build_rat_book(demo, year, now=NOW), pages)


def test_figures_equal_the_statements(demo, year, pages):
    fs = statements.financial_statements(demo, year)
    bs, phu, cf = fs.balance_sheet, fs.income_statement, fs.cash_flow
    text = " ".join(pages)
    assert f"JUMLAH ASET {n(bs.total_assets)} {n(bs.prior_total_assets)}" in text
    assert (f"JUMLAH LIABILITAS DAN EKUITAS {n(bs.total_liabilities + bs.total_equity)} "
            f"{n(bs.prior_total_liabilities + bs.prior_total_equity)}") in text
    assert f"SHU SETELAH PAJAK {n(phu.current.shu_setelah_pajak)} {n(phu.prior.shu_setelah_pajak)}" in text
    assert n(cf.closing) in text and n(fs.equity.closing.total) in text
    # the activities summary and the texts quote the same figures
    assert f"Total aset (Rp) {n(bs.total_assets)} {n(bs.prior_total_assets)}" in text
    assert f"SHU setelah pajak (Rp) {n(phu.current.shu_setelah_pajak)}" in text
    assert fmt.rupiah(phu.current.shu_setelah_pajak) in text
    # membership at the year end is the notes' count of members
    assert fs.notes.members == rat_book.membership(demo, year).end
    ms = rat_book.membership(demo, year)
    assert f"Jumlah {ms.start} {ms.joined} {ms.left} {ms.end}" in text
    assert ms.start + ms.joined - ms.left == ms.end
    # loans by collectibility and the SHU allocation
    loans = fs.notes.loans
    assert n(loans.outstanding) in text and n(loans.ppap_required) in text
    for a in fs.notes.allocation:
        assert f"{a.label} {fmt.percent(a.percent, 2)} {n(a.amount)}" in text
    lst = shu.shu_list(demo, year)
    assert n(lst.total_shares) in text and lst.rows[0].name in text


def test_every_pengurus_and_pengawas_signs(demo, year, pages):
    data = rat_book.rat_book(demo, year)
    lpj = next(i for i, t in enumerate(pages) if "K. Penutup" in t and "DAFTAR ISI" not in t)
    signed = " ".join(pages[lpj:lpj + 2])
    assert data.pengurus and all(o.name in signed for o in data.pengurus)
    sup = next(i for i, t in enumerate(pages) if "Pengawas KSP Sejahtera Mandiri" in t)
    assert data.pengawas and all(o.name in pages[sup] for o in data.pengawas)


def test_a_saved_text_replaces_the_default(demo_path, year, tmp_path):
    path = tmp_path / "texts.kopdesk"
    shutil.copy(demo_path, path)
    ws = open_workspace(path)
    try:
        default = rat_book.default_texts(ws, year)["masalah"]
        assert "Pinjaman bermasalah" in default
        rat.save_text(ws, users.list_users(ws)[0], year, "masalah", "Gedung kantor koperasi perlu diperbaiki.")
        assert rat_book.texts(ws, year)["masalah"] == "Gedung kantor koperasi perlu diperbaiki."
        assert rat_book.texts(ws, year)["pendahuluan"] == rat_book.default_texts(ws, year)["pendahuluan"]
        text = " ".join(pages_text(rat_book_pdf(ws, year, io.BytesIO(), now=NOW).getvalue()))
        assert "Gedung kantor koperasi perlu diperbaiki." in text
        assert "Pengurus terus melakukan penagihan" in default and "Pengurus terus melakukan penagihan" not in text
    finally:
        ws.close()


def test_after_the_meeting_the_book_has_the_minutes_and_berita_acara(held, year):
    ws, m = held
    out = rat_book_pdf(ws, year, io.BytesIO(), paper="F4", now=NOW).getvalue()
    reader = PdfReader(io.BytesIO(out))
    assert round(float(reader.pages[2].mediabox.height) / 72 * 25.4) == 330        # F4
    pages = pages_text(out)
    text = " ".join(pages)
    assert "NOTULEN RAPAT" in text and "BERITA ACARA RAPAT" in text
    assert m.invitation_number in text and fmt.date_long(m.held_on) in text
    q = rat.quorum(ws, m.id)
    assert f"{q.present} orang dari {q.registered} anggota terdaftar" in text
    for d in rat.decisions(ws, m.id):
        assert d.number in text and d.title in text
    questions = [q for a in m.agenda for q in a.questions]
    assert questions and all(" ".join(q.question.split())[:30] in text for q in questions)
    assert "Tanda tangan" not in text and "Kehadiran" in text          # the recorded attendance, not the blank
    check_contents(build_rat_book(ws, year, now=NOW), pages)


def test_a_year_without_books_is_refused(demo):
    from kopdesk.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="belum mempunyai data"):
        rat_book_pdf(demo, 2019, io.BytesIO())
