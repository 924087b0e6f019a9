"""Health records, continued: the one modal-tertimbang rule (2-1400 Utang pajak and 3-1300 Simpanan wajib khusus),
manual nilai through the record API, the 2009 method, KKPKK 2021 records and versioned templates."""

import datetime as dt
from decimal import Decimal

import pytest

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import ManualNilai, Method, inputs, kkpkk
from kopdesk.services import closing, ledger
from kopdesk.services import health as svc
from kopdesk.services import workspace as ws_svc
from tests.builders import post
from tests.conftest import PROFILE

D = dt.date


def test_modal_tertimbang_follows_spec_1_2_3_for_utang_pajak_and_simpanan_wajib_khusus(tmp_path):
    """Spec §1.2.3: every liability counts 50 % (2-1400 Utang pajak is an "other liability"), and 3-1300 Simpanan
    wajib khusus is a simpanan with a wajib character (§1.2.2), 100 % like simpanan wajib: the same weights as
    domain.health.inputs.MODAL_TERTIMBANG_WEIGHTS (hutang_pajak, simpanan_wajib_khusus)."""
    ws, admin = ws_svc.create_workspace(tmp_path / "mt.kopdesk", profile=PROFILE)
    with ws:
        post(ws, admin, D(2025, 1, 2), "Simpanan wajib khusus", ("1-1100", 6_000_000, 0), ("3-1300", 0, 6_000_000),
             series="KM")
        post(ws, admin, D(2025, 1, 2), "Cadangan umum", ("1-1200", 10_000_000, 0), ("3-3100", 0, 10_000_000),
             series="KM")
        post(ws, admin, D(2025, 6, 30), "Utang pajak", ("6-1200", 4_000_000, 0), ("2-1400", 0, 4_000_000), series="JU")
        post(ws, admin, D(2025, 7, 1), "Jasa giro", ("1-1200", 20_000_000, 0), ("4-3100", 0, 20_000_000), series="KM")
        ledger.lock_period(ws, D(2025, 12, 31), admin)
        closing.close_year(ws, 2025, admin)
        d = svc.derive_inputs(ws, 2025)
        mt = {s.code: s.amount for s in d.derivations["modal_tertimbang"].sources}
        assert mt["2-1400"] == Decimal(4_000_000) * inputs.MODAL_TERTIMBANG_WEIGHTS["hutang_pajak"] == 2_000_000
        assert mt["3-1300"] == Decimal(6_000_000) * inputs.MODAL_TERTIMBANG_WEIGHTS["simpanan_wajib_khusus"] \
            == 6_000_000
        assert mt["3-3100"] == 10_000_000
        # SHU 16 juta after the 4 juta expense sits in 3-4100 (mt50)
        assert d.inputs.modal_tertimbang == sum(mt.values()) == 2_000_000 + 6_000_000 + 10_000_000 + 8_000_000
        assert svc.modal_tertimbang_weight(ledger.get_account(ws, "2-1400").klass, ()) == Decimal("0.5")


@pytest.fixture
def dinas(tmp_path):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS,
                                        profile=CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru"))
    yield ws, admin
    ws.close()


FIGURES = {
    "modal_sendiri": 415_000_000, "total_aset": 1_450_000_000, "pinjaman_berisiko": 250_000_000,
    "modal_tertimbang": 925_000_000, "atmr": 1_294_000_000, "volume_pinjaman": 1_560_000_000,
    "volume_pinjaman_anggota": 1_500_000_000, "pinjaman_diberikan": 1_240_000_000,
    "risiko_pinjaman_bermasalah": 59_000_000, "cadangan_risiko": 35_000_000, "beban_operasi_anggota": 220_000_000,
    "partisipasi_bruto": 285_000_000, "beban_usaha": 127_000_000, "shu_kotor": 210_000_000,
    "biaya_karyawan": 70_000_000, "kas_bank": 150_000_000, "kewajiban_lancar": 0,
    "dana_diterima": 1_380_000_000, "shu_sebelum_pajak": 75_000_000, "shu_bagian_anggota": 24_000_000,
    "partisipasi_neto": 200_000_000, "beban_perkoperasian": 8_000_000, "pendapatan": 10_000_000,
    "pea": 30_000_000, "simpanan_pokok_wajib": 300_000_000,
}
ANSWERS = [True] * 10 + [False] * 2 + [True] * 5 + [False] + [True] * 3 + [False] * 2 + [True] * 7 + [False] * 3 \
    + [True] * 4 + [False]


def test_manual_nilai_for_a_zero_denominator_is_kept_with_its_reason_and_audited(dinas):
    ws, admin = dinas
    rec = svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, inputs=FIGURES, answers=ANSWERS,
                               coop_key="KSP-1")
    assert "nilai_manual.5a" in rec.result["missing"]     # kewajiban lancar 0: the officer must choose
    with pytest.raises(ValidationError) as err:
        svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, manual={"5a": ManualNilai(25, " ")},
                             coop_key="KSP-1")
    assert err.value.problems == ["nilai_manual.5a.alasan wajib diisi"]
    with pytest.raises(ValidationError) as err:
        svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, manual={"5a": ManualNilai(30, "x")},
                             coop_key="KSP-1")
    assert "nilai_manual.5a.nilai harus salah satu dari 25, 50, 100" in err.value.problems[0]
    rec = svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, coop_key="KSP-1",
                               manual={"5a": ManualNilai(100, "Tidak ada kewajiban lancar; kas cukup")})
    # 81.80 with 5a at nilai 50 (skor 5) -> 5a at 100 (skor 10) gives 86.80
    assert rec.total == Decimal("86.8") and rec.result["complete"] and rec.predicate == "Sehat"
    assert rec.manual["5a"]["alasan"] == "Tidak ada kewajiban lancar; kas cukup"
    assert svc.year_result(rec).component("5a").basis.value == "manual"
    audit = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'health.manual'").fetchall()
    assert len(audit) == 1 and "kas cukup" in audit[0][0]
    rec = svc.create_or_update(ws, 2024, Method.PERDEP06_2016, admin, coop_key="KSP-1", manual={"5a": None})
    assert rec.manual == {} and not rec.result["complete"]


def test_permen_2009_record_uses_its_rules_and_predicates(dinas):
    ws, admin = dinas
    figures = dict(FIGURES, kewajiban_lancar=875_000_000)
    rec = svc.create_or_update(ws, 2024, "permen14_2009", admin, inputs=figures, answers=ANSWERS, coop_key="K")
    comps = rec.result["components"]
    assert (comps["1b"]["nilai"], comps["2b"]["nilai"], comps["2c"]["nilai"]) == ("100", "90", "59")
    # 2016 (table B) 81.80; 2b 80 -> 90 (+0.50), 2c 60 -> 59 (-0.05) = 82.25
    assert rec.total == Decimal("82.25") and rec.predicate == "Sehat"
    with pytest.raises(ValidationError) as err:
        svc.create_or_update(ws, 2024, "metode_x", admin, inputs=figures, coop_key="K")
    assert "metode 'metode_x' tidak dikenal" in err.value.problems[0]


def test_kkpkk_record_scores_over_the_template_version_it_records(dinas):
    ws, admin = dinas
    t1 = svc.load_template(ws, 1)
    answers = {}
    for ind in t1.indicators:
        if ind.kind == kkpkk.Kind.CHECKLIST:
            n = ind.item_count or 4
            answers[ind.code] = kkpkk.Checklist(n, n)          # all fulfilled: nilai 1, skor 4
        else:
            answers[ind.code] = kkpkk.Manual(2, "dari laporan keuangan")     # skor 3
    rec = svc.save_kkpkk(ws, 2024, admin, answers=answers, examiner="Drs. Ahmad", assessed_on=D(2025, 3, 1),
                         coop_key="K")
    assert rec.template_version == 1 and rec.result["complete"]
    expected = kkpkk.score_assessment(t1, answers).total
    assert rec.total == expected and svc.kkpkk_result(ws, rec).total == expected

    # an admin saves v2 with other weights (40/15/30/15): the v1 record keeps v1, a new one takes v2
    raw = t1.raw()
    weights = {"TK": 40, "PR": 15, "KK": 30, "PM": 15}
    for a in raw["aspek"]:
        a["bobot"] = weights[a["kode"]]
    with pytest.raises(ValidationError) as err:
        bad = t1.raw()
        bad["aspek"][0]["bobot"] = 50
        svc.save_template(ws, bad, admin, note="salah", based_on=1)
    assert any("harus 100" in p for p in err.value.problems)
    with pytest.raises(ValidationError):
        svc.save_template(ws, raw, admin, note=" ", based_on=1)
    t2 = svc.save_template(ws, raw, admin, note="Bobot menurut surat Dinas 12/2026", based_on=1)
    assert t2.version == 2 and [v.version for v in svc.template_versions(ws)] == [1, 2]
    assert ws.db.execute("SELECT count(*) FROM audit_log WHERE action = 'health.template'").fetchone()[0] == 1
    with pytest.raises(Exception, match="tidak boleh diubah"):
        ws.db.execute("UPDATE health_templates SET note = 'x'")
    assert svc.kkpkk_result(ws, svc.get_kkpkk(ws, 2024, coop_key="K")).total == expected
    rec25 = svc.save_kkpkk(ws, 2025, admin, answers=answers, coop_key="K")
    assert rec25.template_version == 2
    assert rec25.total == kkpkk.score_assessment(t2, answers).total != expected
    svc.finalise(ws, rec.id, admin)
    assert svc.get_kkpkk(ws, 2024, coop_key="K").final
    with pytest.raises(ValidationError):
        svc.save_kkpkk(ws, 2024, admin, answers={}, coop_key="K")
    assert [r.year for r in svc.history(ws, coop_key="K")] == []       # the 2016/2009 history is untouched
    assert [r.year for r in svc.kkpkk_history(ws, coop_key="K")] == [2024, 2025]
