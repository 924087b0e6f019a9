"""Health assessment from the books and its records: KSP Maju Bersama (the SHU scenario) closes 2025; the inputs
tie to the ledger and the loan book, an override is kept with its reason and audited, the stored score is the
domain's, a finalised record is frozen, the open year is refused."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import Assessment, ManagementAnswers, Method, score_year
from kopdesk.services import closing, collectibility
from kopdesk.services import health as svc
from tests.services.test_shu_service import build

D = dt.date


@pytest.fixture
def kop(tmp_path):
    k = build(tmp_path)
    closing.close_year(k.ws, 2025, k.admin)
    yield k
    k.ws.close()


def ledger_balance(ws, codes, on=D(2025, 12, 31)):
    """debit - credit of the accounts up to the date, straight from the journal lines."""
    marks = ",".join("?" * len(codes))
    return ws.db.execute(f"SELECT coalesce(sum(l.debit - l.credit), 0) FROM journal_lines l JOIN accounts a "
                         f"ON a.id = l.account_id WHERE a.code IN ({marks}) AND l.date <= ?",
                         [*codes, on.isoformat()]).fetchone()[0]


def test_inputs_tie_to_the_ledger_and_the_loan_book(kop):
    ws = kop.ws
    d = svc.derive_inputs(ws, 2025)
    i = d.inputs
    assert i.kas_bank == ledger_balance(ws, ["1-1100", "1-1200"]) > 0
    assert {s.code for s in d.derivations["kas_bank"].sources} == {"1-1100", "1-1200"}
    ms_tagged = ["3-1100", "3-1200", "3-1300", "3-2100", "3-3100", "3-3200"]
    assert i.modal_sendiri == -ledger_balance(ws, ms_tagged)
    assert i.pinjaman_diberikan == ledger_balance(ws, ["1-1300", "1-1310"])
    ms_codes = {s.code for s in d.derivations["modal_sendiri"].sources}
    assert ms_codes == {"3-1100", "3-1200", "3-1300", "3-2100", "3-3100", "3-3200"}
    # pokok 3 x 500.000 + wajib (2,5 + 146,5 + 149,5 juta) + cadangan umum 80 juta
    assert i.modal_sendiri == 1_500_000 + 298_500_000 + 80_000_000
    assert i.simpanan_pokok_wajib == 300_000_000
    book = collectibility.portfolio_summary(ws, D(2025, 12, 31))
    assert i.pinjaman_diberikan == sum(c.outstanding for c in book.classes) > 0
    assert i.partisipasi_bruto == 285_000_000 and i.shu_sebelum_pajak == 60_000_000
    assert i.volume_pinjaman == i.volume_pinjaman_anggota == 9_500_000 + 950_000_000 + 940_500_000
    assert i.biaya_karyawan == 220_000_000 and i.beban_perkoperasian == 5_000_000
    assert i.shu_bagian_anggota == 24_000_000 == i.pea          # jasa modal 12 + jasa usaha 12 juta
    assert i.total_aset == i.dana_diterima + 60_000_000            # nothing accrued; SHU tahun berjalan 60 juta
    assert all(v.explanation for v in d.derivations.values()) and len(d.derivations) == 25
    assert set(d.suggestions) == {19, 20, 21, 22, 24, 26, 27}
    assert d.suggestions[21] is True and d.suggestions[24] is True   # cadangan 24 of 60 juta; all loans Lancar


def test_the_open_year_and_a_dinas_workspace_are_refused(kop):
    with pytest.raises(ValidationError, match="belum ditutup"):
        svc.derive_inputs(kop.ws, 2026)
    with pytest.raises(ValidationError, match="belum ditutup"):
        svc.create_or_update(kop.ws, 2026, Method.PERDEP06_2016, kop.admin)


def test_override_needs_a_reason_and_is_audited_and_the_score_is_the_domains(kop):
    ws, admin = kop.ws, kop.admin
    with pytest.raises(ValidationError, match="alasan"):
        svc.create_or_update(ws, 2025, Method.PERDEP06_2016, admin,
                             overrides={"pea": svc.Override(Decimal(30_000_000), " ")})
    assert svc.get(ws, 2025) is None
    answers = [True] * 30 + [False] * 8
    r = svc.create_or_update(ws, 2025, Method.PERDEP06_2016, admin, answers=answers, examiner="Drs. Hasan",
                             assessed_on=D(2026, 3, 1), overrides={"pea": svc.Override(Decimal(30_000_000),
                                                                                       "MEPP 6 juta dihitung")},
                             findings=[svc.Finding("Agunan belum diikat", "temuan"),
                                       svc.Finding("Ikat agunan", "rekomendasi", D(2026, 6, 30))])
    assert r.inputs.pea == 30_000_000 and r.derived["pea"] == 24_000_000
    assert r.overrides["pea"]["reason"] == "MEPP 6 juta dihitung" and r.overrides["pea"]["by"] == admin.username
    rows = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'health.override'").fetchall()
    assert len(rows) == 1 and "MEPP 6 juta dihitung" in rows[0][0]
    expected = score_year(Assessment(svc.derive_inputs(ws, 2025).inputs.__class__(
        **{**svc.derive_inputs(ws, 2025).inputs.as_dict(), "pea": Decimal(30_000_000)}),
        ManagementAnswers.from_answers(answers), method=Method.PERDEP06_2016, year=2025))
    assert r.total == expected.total and r.predicate == expected.predicate
    assert svc.year_result(r).total == expected.total
    assert [f.kind for f in r.findings] == ["temuan", "rekomendasi"] and r.findings[1].due_on == D(2026, 6, 30)
    cmp = svc.compare(ws, 2025)
    assert [c.year for c in cmp] == [2025] and cmp[0].total == expected.total
    # saving again without overrides keeps the override
    assert svc.create_or_update(ws, 2025, Method.PERDEP06_2016, admin, notes="x").inputs.pea == 30_000_000


def test_a_finalised_record_is_frozen_and_only_a_draft_is_deleted(kop):
    ws, admin = kop.ws, kop.admin
    # no current liabilities in this book: 5a has a zero denominator, so the record cannot be finalised as is
    r = svc.create_or_update(ws, 2025, "perdep06_2016", admin, answers=[True] * 38, examiner="Drs. Hasan",
                             assessed_on=D(2026, 3, 1))
    with pytest.raises(ValidationError, match="5a"):
        svc.finalise(ws, r.id, admin)
    r = svc.create_or_update(ws, 2025, "perdep06_2016", admin, overrides={
        "kewajiban_lancar": svc.Override(Decimal(1_000_000_000), "Simpanan sukarela dicatat di luar sistem")})
    draft09 = svc.create_or_update(ws, 2025, "permen14_2009", admin, answers=[True] * 38)
    assert len(svc.list_year(ws, 2025)) == 2
    svc.delete(ws, draft09.id, admin)
    assert [x.method for x in svc.list_year(ws, 2025)] == [Method.PERDEP06_2016]
    f = svc.finalise(ws, r.id, admin)
    assert f.final
    with pytest.raises(ValidationError, match="final"):
        svc.create_or_update(ws, 2025, Method.PERDEP06_2016, admin, notes="ubah")
    with pytest.raises(ValidationError, match="final"):
        svc.delete(ws, r.id, admin)
    with pytest.raises(Exception, match="final"):
        ws.db.execute("UPDATE health_assessments SET notes = 'x' WHERE id = ?", [r.id])
    with pytest.raises(Exception, match="final"):
        ws.db.execute("DELETE FROM health_assessments WHERE id = ?", [r.id])
