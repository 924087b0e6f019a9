"""KesehatanPanel like an examiner uses it.

* Dinas workspace (coop_key = a registry key): type the figures of spec §1.2.7 and answer the questionnaire
  10/12, 5/6, 3/5, 7/10, 4/5: the score reads 81.80 Sehat live, 80.55 with table 5b A; a typed text or a negative
  amount is refused in place naming the field; save, finalise (after a confirmation) and the record is read-only.
* Koperasi workspace (its own books): Hitung dari buku, change a figure (an override that needs a reason, audited),
  answer the questions (book suggestions confirmed), set a manual nilai with a reason, add a finding and a
  recommendation with a due date, finalise; then the database holds all of it.
* The 2009 method and KKPKK 2021 are chosen per assessment and scored live.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from kopdesk.domain.coop import CoopProfile, WorkspaceKind
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.manajemen import QUESTIONS, MgmtComponent
from kopdesk.domain.health.scoring import Method
from kopdesk.services import closing, health
from kopdesk.services import workspace as ws_svc
from kopdesk.ui.events import AppEvents
from kopdesk.ui.runner import Runner
from kopdesk.ui.screens.kesehatan import KesehatanPanel
from kopdesk.ui.session import Session

SHOTS = os.environ.get("KOPDESK_SHOTS")   # a folder: save screenshots there (for looking at them)

EXAMPLE = {   # spec §1.2.7, formats.md §1
    "modal_sendiri": "415.000.000", "total_aset": "1.450.000.000", "pinjaman_berisiko": "250.000.000",
    "modal_tertimbang": "925.000.000", "atmr": "1.294.000.000", "volume_pinjaman": "1.560.000.000",
    "volume_pinjaman_anggota": "1.500.000.000", "pinjaman_diberikan": "1.240.000.000",
    "risiko_pinjaman_bermasalah": "59.000.000", "cadangan_risiko": "35jt", "beban_operasi_anggota": "220.000.000",
    "partisipasi_bruto": "285.000.000", "beban_usaha": "127.000.000", "shu_kotor": "210.000.000",
    "biaya_karyawan": "70.000.000", "kas_bank": "150.000.000", "kewajiban_lancar": "875.000.000",
    "dana_diterima": "1.380.000.000", "shu_sebelum_pajak": "75.000.000", "shu_bagian_anggota": "24.000.000",
    "partisipasi_neto": "200.000.000", "beban_perkoperasian": "8.000.000", "pendapatan": "10.000.000",
    "pea": "30.000.000", "simpanan_pokok_wajib": "300.000.000",
}
YES = {MgmtComponent.UMUM: 10, MgmtComponent.KELEMBAGAAN: 5, MgmtComponent.PERMODALAN: 3, MgmtComponent.AKTIVA: 7,
       MgmtComponent.LIKUIDITAS: 4}


def session_for(ws, user) -> Session:
    events = AppEvents()
    runner = Runner(events)
    runner.synchronous = True
    return Session(ws, user, runner, events)


@pytest.fixture
def dinas(tmp_path, qapp):
    ws, admin = ws_svc.create_workspace(tmp_path / "dinas.kopdesk", kind=WorkspaceKind.DINAS,
                                        profile=CoopProfile(name="Dinas Koperasi dan UKM Kota Banjarbaru"))
    yield ws, admin
    ws.close()


def type_into(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def answer_example(panel) -> None:
    """Tick the first n questions of every component (n from spec §1.2.7)."""
    for c, n in YES.items():
        for q in [q for q in QUESTIONS if q.component == c][:n]:
            panel.questionnaire.set_yes(q.number, True)


def grab(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


def test_dinas_examiner_types_the_worked_example_and_sees_81_80_then_80_55(qtbot, dinas, fake):
    ws, admin = dinas
    panel = KesehatanPanel(session_for(ws, admin), coop_key="KSP-MB-001", coop_name="KSP Maju Bersama")
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    panel.load()
    panel.set_year(2024)
    assert not panel.hitung_button.isVisible()          # no books in a Dinas workspace
    # live: the first figures already give 1a
    type_into(qtbot, panel.rows["modal_sendiri"].edit, EXAMPLE["modal_sendiri"])
    type_into(qtbot, panel.rows["total_aset"].edit, EXAMPLE["total_aset"])
    c1a = panel.result.component("1a")
    assert round(c1a.ratio, 2) == Decimal("28.62") and c1a.nilai == 50 and c1a.skor == 3
    assert panel.total_label.text() == "<b>3,00</b>"
    # text where a number belongs, and a negative amount: refused in place, naming the field
    type_into(qtbot, panel.rows["atmr"].edit, "seribu")
    assert "ATMR: 'seribu' bukan angka rupiah" in panel.input_error.text()
    assert panel.rows["atmr"].edit.property("invalid") == "true"
    assert not panel.save_button.isEnabled()
    type_into(qtbot, panel.rows["kas_bank"].edit, "-150000")
    assert "Kas + bank tidak boleh negatif" in panel.input_error.text()
    for name, text in EXAMPLE.items():
        type_into(qtbot, panel.rows[name].edit, text)
    assert panel.input_error.isHidden()
    assert panel.result.component("3").skor is None and not panel.result.complete   # questionnaire not answered
    answer_example(panel)
    assert panel.result.complete
    assert panel.total_label.text() == "<b>81,80</b>" and panel.predicate_label.text() == "<b>Sehat</b>"
    likuiditas = panel.result.aspect("likuiditas")
    assert likuiditas.skor == 10 and "skor 10,00 dari 15" in panel.group_labels[likuiditas.aspect].text()
    panel.tabel_5b.setCurrentIndex(panel.tabel_5b.findData("A"))
    assert panel.total_label.text() == "<b>80,55</b>" and panel.predicate_label.text() == "<b>Sehat</b>"
    assert panel.result.component("5b").nilai == 75 and panel.result.aspect("likuiditas").skor == Decimal("8.75")
    grab(panel, "panel-dinas.png")

    type_into(qtbot, panel.examiner, "Drs. Ahmad Fauzi")
    panel.assessed_on.setValue(dt.date(2025, 3, 14))
    panel.save_button.click()
    assert not fake.errors(), fake.errors()
    rec = health.get(ws, 2024, Method.PERDEP06_2016, coop_key="KSP-MB-001")
    assert rec.total == Decimal("80.55") and rec.predicate == "Sehat" and rec.tabel_5b.value == "A"
    assert rec.inputs.cadangan_risiko == 35_000_000 and rec.examiner == "Drs. Ahmad Fauzi"
    assert health.get(ws, 2024, coop_key="") is None              # the registry key, not the workspace's own

    panel.finalise_button.click()
    assert any(kind == "confirm" and "Finalkan" in title for kind, title, _ in fake.seen)
    rec = health.get(ws, 2024, Method.PERDEP06_2016, coop_key="KSP-MB-001")
    assert rec.final and ws.db.execute("SELECT count(*) FROM audit_log WHERE action = 'health.finalise'"
                                       ).fetchone()[0] == 1
    assert panel.rows["modal_sendiri"].edit.isReadOnly() and not panel.save_button.isEnabled()
    assert not panel.finalise_button.isEnabled() and "Final" in panel.status.text()
    assert panel.history.model.rowCount() == 1 and panel.history.model.record(0).status == "Final"


@pytest.fixture
def kop(tmp_path, qapp):
    from tests.services.test_shu_service import build as build_shu

    k = build_shu(tmp_path)        # 2025 with SHU 60 juta (see test_closing_shu)
    closing.close_year(k.ws, 2025, k.admin)
    yield k
    k.ws.close()


def test_koperasi_from_the_books_override_answers_manual_findings_finalise(qtbot, kop, fake, tmp_path):
    ws, admin = kop.ws, kop.admin
    panel = KesehatanPanel(session_for(ws, admin))
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    panel.load()
    assert panel.selected_year() == 2025 and panel.hitung_button.isVisible()
    type_into(qtbot, panel.examiner, "Ibu Pemeriksa")
    panel.hitung_button.click()
    assert not fake.errors(), fake.errors()
    derived = health.derive_inputs(ws, 2025)
    row = panel.rows["kas_bank"]
    assert row.edit.value() == derived.inputs.kas_bank and "kas" in row.source.text().lower()
    assert "1-1100" in row.source.toolTip()
    assert panel.questionnaire.table.item(20, panel.questionnaire.COL_SUGGEST).text() == "Ya (belum dikonfirmasi)"

    # an override: the figure changes, the reason is required before Simpan
    type_into(qtbot, row.edit, "100jt")
    assert row.reason.isEnabled() and not panel.save_button.isEnabled()
    assert "Alasan perubahan Kas + bank wajib diisi" in panel.input_error.text()
    type_into(qtbot, row.reason, "Kas kecil belum disetor ke bank per 31-12")
    assert panel.save_button.isEnabled()
    assert panel.result.component("5a").numerator == 100_000_000
    # the questionnaire: suggestions confirmed, then the examiner's own answers
    panel.questionnaire.accept_suggestions()
    assert panel.questionnaire.unconfirmed() == []
    for n in range(1, 13):
        panel.questionnaire.set_yes(n, True)
    # a manual nilai with a reason
    panel.manual_code.setCurrentIndex(panel.manual_code.findData("4b"))
    panel.manual_nilai.setCurrentIndex(panel.manual_nilai.findData(75))
    panel.manual_set.click()
    assert "Alasan nilai manual komponen 4b wajib diisi" in panel.manual_error.text() and "4b" not in panel.manual
    type_into(qtbot, panel.manual_reason, "Beban usaha termasuk biaya sekali pakai renovasi")
    panel.manual_set.click()
    assert panel.result.component("4b").nilai == 75 and panel.result.component("4b").basis.value == "manual"
    # findings and recommendations
    r1 = panel.findings.add("temuan")
    panel.findings.set_text(r1, "PPAP kurang dibentuk")
    r2 = panel.findings.add("rekomendasi")
    panel.findings.set_text(r2, "Bentuk PPAP sesuai ketentuan")
    panel.findings.table.cellWidget(r2, 2).setValue(dt.date(2026, 6, 30))
    panel.assessed_on.setValue(dt.date(2026, 2, 2))
    expected_total = panel.result.total
    grab(panel, "panel-koperasi.png")
    panel.tabs.setCurrentWidget(panel.questionnaire)
    grab(panel, "panel-kuesioner.png")
    panel.tabs.setCurrentIndex(0)
    panel.save_button.click()
    assert not fake.errors(), fake.errors()

    rec = health.get(ws, 2025)
    assert rec.overrides["kas_bank"]["value"] == "100000000"
    assert rec.overrides["kas_bank"]["reason"] == "Kas kecil belum disetor ke bank per 31-12"
    assert rec.derived["kas_bank"] == derived.inputs.kas_bank
    assert rec.answers[:12] == (True,) * 12 and rec.answers[20] is True     # q21 from the book's suggestion
    assert rec.manual["4b"]["nilai"] == "75" and rec.total == expected_total
    assert [(f.kind, f.text, f.due_on) for f in rec.findings] == [
        ("temuan", "PPAP kurang dibentuk", None), ("rekomendasi", "Bentuk PPAP sesuai ketentuan", dt.date(2026, 6, 30))]
    actions = [r[0] for r in ws.db.execute("SELECT action FROM audit_log WHERE action LIKE 'health.%' ORDER BY id")]
    assert "health.override" in actions and "health.manual" in actions
    override_audit = ws.db.execute("SELECT detail FROM audit_log WHERE action = 'health.override'").fetchone()[0]
    assert "Kas kecil belum disetor" in override_audit

    # the summary and the worksheet print next to each other
    out = panel.summary_doc().make(tmp_path / "ringkasan.pdf")
    assert out is not None and (tmp_path / "ringkasan.pdf").read_bytes()[:4] == b"%PDF"
    panel.worksheet_doc().make(tmp_path / "kk.pdf")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "kk.pdf").pages)
    assert "Kas kecil belum disetor" in text

    fake.answer_confirm = lambda title, text: False        # the examiner says no: nothing is finalised
    panel.finalise_button.click()
    assert not health.get(ws, 2025).final
    fake.answer_confirm = lambda title, text: True
    panel.finalise_button.click()           # no kewajiban lancar in these books: 5a needs a nilai by hand first
    assert fake.errors() == ["belum lengkap: nilai_manual.5a"] and not health.get(ws, 2025).final
    assert "nilai_manual.5a" in panel.status.text()
    panel.manual_code.setCurrentIndex(panel.manual_code.findData("5a"))
    panel.manual_nilai.setCurrentIndex(panel.manual_nilai.findData(25))
    type_into(qtbot, panel.manual_reason, "Tidak ada kewajiban lancar per 31-12-2025")
    panel.manual_set.click()
    fake.seen.clear()
    panel.finalise_button.click()
    assert not fake.errors(), fake.errors()
    assert health.get(ws, 2025).final and panel.questionnaire.accept_button.isEnabled() is False
    assert not panel.findings.add_finding.isEnabled()


def test_2009_and_kkpkk_are_chosen_per_assessment(qtbot, dinas, fake):
    ws, admin = dinas
    panel = KesehatanPanel(session_for(ws, admin), coop_key="KSP-MB-001")
    qtbot.addWidget(panel)
    panel.load()
    panel.set_year(2024)
    panel.set_method(Method.PERMEN14_2009.value)
    for name, text in EXAMPLE.items():
        type_into(qtbot, panel.rows[name].edit, text)
    answer_example(panel)
    # 2009: 1b min(100, 166) = 100; 2b 100 - 2 x 5 = 90; 2c round(59.32) = 59
    assert panel.result.component("2b").nilai == 90 and panel.result.component("2c").nilai == 59
    assert panel.result.predicate == "Sehat"
    panel.save_button.click()
    assert health.get(ws, 2024, Method.PERMEN14_2009, coop_key="KSP-MB-001").result["components"]["2c"]["nilai"] \
        == "59"

    panel.set_method(health.KKPKK)
    sheet = panel.kkpkk_sheet
    assert not panel.tabs.isTabEnabled(0) and panel.tabs.currentWidget() is sheet
    assert "perlu dikonfirmasi Dinas" in sheet.flags_label.text()
    template = kkpkk.load_template(1)
    # every indicator: checklists 3 of 4 (75 % -> nilai 2, skor 3); ratios at the nilai-1 band edge of KK-1a
    for ind in template.indicators:
        if ind.kind == kkpkk.Kind.CHECKLIST:
            n = ind.item_count or 4
            sheet.set_checklist(ind.code, n - 1 if n == 4 else n, n)
        else:
            sheet.set_ratio(ind.code, "7")
    answers, problems = sheet.answers()
    assert not problems and len(answers) == len(template.indicators)
    expected = kkpkk.score_assessment(template, answers)
    assert expected.complete
    assert panel.total_label.text() == f"<b>{str(expected.total_rounded).replace('.', ',')}</b>"
    ratio_edit = sheet.editors["KK-1a"][1]
    type_into(qtbot, ratio_edit, "tujuh")
    assert "KK-1a: rasio 'tujuh' bukan angka" in sheet.error.text() and not panel.save_button.isEnabled()
    type_into(qtbot, ratio_edit, "7")
    type_into(qtbot, panel.examiner, "Drs. Ahmad Fauzi")
    panel.assessed_on.setValue(dt.date(2025, 3, 14))
    panel.save_button.click()
    assert not fake.errors(), fake.errors()
    rec = health.get_kkpkk(ws, 2024, coop_key="KSP-MB-001")
    assert rec.template_version == 1 and rec.total == expected.total and len(rec.answers) == len(answers)
    panel.finalise_button.click()
    assert health.get_kkpkk(ws, 2024, coop_key="KSP-MB-001").final
    assert {h.method.split(" ")[0] for h in panel.history.model.records} == {"Permen", "KKPKK"}
    assert sheet.table.cellWidget(sheet.rows["KK-1a"], sheet.COL_INPUT).findChild(type(ratio_edit)).isEnabled() \
        is False


def test_admin_edits_the_kkpkk_template_into_a_new_version(qtbot, dinas, fake):
    ws, admin = dinas
    panel = KesehatanPanel(session_for(ws, admin), coop_key="KSP-MB-001")
    qtbot.addWidget(panel)
    panel.load()
    panel.set_method(health.KKPKK)
    assert panel.kkpkk_sheet.template_button.isVisibleTo(panel)
    panel.kkpkk_sheet.template_button.click()
    dlg = panel._template_dialog
    qtbot.addWidget(dlg)
    marks = [dlg.table.item(r, dlg.COL_MARK).text() for r in range(dlg.table.rowCount())]
    assert sum("perlu dikonfirmasi Dinas" in m for m in marks) == len(dlg.template.flagged()) - 1   # + predikat
    dlg.set_value("TK", "40")
    dlg.note.setText("Bobot menurut surat Dinas")
    assert "bobot aspek berjumlah 110, harus 100" in dlg.problems() and not dlg.ok_button.isEnabled()
    dlg.set_value("KK", "30")
    dlg.set_value("KK-1a", "[7, inf) = 1; [5, 6) = 2; (-inf, 5) = 4")      # a gap from 6 to 7
    assert any("KK-1a" in p for p in dlg.problems())
    dlg.set_value("KK-1a", "[8, inf) = 1; [5, 8) = 2; [3, 5) = 3; (-inf, 3) = 4")
    dlg.set_value("KK-1b", "[10, inf) = satu")
    assert any("Pita KK-1b" in p for p in dlg.problems())
    dlg.set_value("KK-1b", "[10, inf) = 1; [7.5, 10) = 2; [5, 7.5) = 3; (-inf, 5) = 4")
    assert dlg.problems() == [] and dlg.ok_button.isEnabled()
    grab(dlg, "template-editor.png")
    dlg.ok_button.click()
    assert not fake.errors(), fake.errors()
    t2 = health.load_template(ws, 2)
    assert [a.weight for a in t2.aspects] == [40, 15, 30, 15]
    assert t2.indicator("KK-1a").bands[0].lower == 8
    assert panel.kkpkk_sheet.chosen_version() == 2 and panel.kkpkk_sheet.template.version == 2
    assert "Bobot menurut surat Dinas" in ws.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'health.template'").fetchone()[0]
