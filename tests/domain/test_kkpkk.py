"""KKPKK 2021 (kkpkk.md, spec §1.4): the shipped template validates, the checklist rule and its edges, ratio bands,
the roll-up, confidence flags carried through, and template validation that returns every problem.

kkpkk.md has no source-provided worked example; its "illustrative calculation" (§1.5, the author's own arithmetic)
and the mechanics of spec §1.4 are reproduced below:
* TK: 17 indicators, sum of skor 60 -> 60 / 68 = 88.24 %; PR: 21 indicators, 63 -> 75 %; KK: 18, 54 -> 75 %;
  PM: 4, 12 -> 75 %; total = 0.30 x 88.24 + 0.15 x 75 + 0.40 x 75 + 0.15 x 75 = 78.97 -> Cukup Sehat.
* legalitas 5 of 6 items -> 83.33 % -> nilai 1 -> skor 4; 3 of 4 -> 75.00 % -> nilai 2 -> skor 3;
  TK with skor sum 59 of 68 -> 86.76 % -> x 30 % = 26.03 points.
"""

import copy
import json
from decimal import Decimal as D

import pytest

from kopdesk.domain.errors import ValidationError
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.bands import coverage_problems
from kopdesk.domain.health.kkpkk import (
    Checklist,
    Confidence,
    Kind,
    Manual,
    Ratio,
    checklist_nilai,
    load_template,
    score_assessment,
    skor_of,
    template_problems,
)


@pytest.fixture(scope="module")
def template():
    return load_template()


@pytest.fixture
def raw():
    return json.loads(kkpkk.template_path().read_text(encoding="utf-8"))


def answer_for(ind, nilai: int):
    """An answer that lands ``ind`` on ``nilai``: a checklist count, or a ratio inside the band."""
    if ind.kind == Kind.CHECKLIST:
        total = ind.item_count or 4
        for fulfilled in range(total, -1, -1):
            if checklist_nilai(fulfilled, total) == nilai:
                return Checklist(fulfilled, total)
        raise AssertionError((ind.code, nilai))
    band = next(b for b in ind.bands if b.value == nilai)
    if band.lower is None:
        x = band.upper - 1
    elif band.upper is None:
        x = band.lower + 1
    else:
        x = (band.lower + band.upper) / 2
    return Ratio(x)


# ------------------------------------------------------------------------------------------------ the template


def test_shipped_template_validates(template, raw):
    assert template_problems(raw) == []
    assert (template.id, template.version) == ("kkpkk-2021-v1", 1)
    assert [(a.code, a.weight) for a in template.aspects] == [("TK", 30), ("PR", 15), ("KK", 40), ("PM", 15)]
    assert [len(a.indicators) for a in template.aspects] == [17, 21, 18, 4]
    assert sum(1 for i in template.indicators if i.kind == Kind.RATIO) == 4 + 18 + 4


def test_every_ratio_band_table_covers_the_line_with_nilai_1_to_4(template):
    for ind in template.indicators:
        if ind.kind == Kind.RATIO:
            assert coverage_problems(ind.bands) == [], ind.code
            assert sorted(b.value for b in ind.bands) == [1, 2, 3, 4], ind.code
    assert coverage_problems(template.predicates, D(0), True, D(100), True) == []


def test_confidence_flags_are_carried_for_weights_bands_and_predicates(template):
    flags = {a.code: (a.flag.confidence, a.flag.needs_confirmation) for a in template.aspects}
    assert flags == {"TK": (Confidence.TWO_PLUS, True), "PR": (Confidence.TWO_PLUS, True),
                     "KK": (Confidence.CODE_ONLY, True), "PM": (Confidence.CODE_ONLY, True)}
    assert template.predicate_flag.confidence == Confidence.CONFLICT and template.predicate_flag.needs_confirmation
    by_code = {i.code: i.flag for i in template.indicators}
    assert by_code["KK-1c"].confidence == Confidence.CONFLICT and by_code["KK-1c"].needs_confirmation
    assert by_code["PR-1a"].confidence == Confidence.ONE and by_code["PR-1a"].needs_confirmation
    assert by_code["KK-1a"].confidence == Confidence.TWO_PLUS and not by_code["KK-1a"].needs_confirmation
    assert all(f.needs_confirmation for f in by_code.values() if f.confidence != Confidence.TWO_PLUS)
    flagged = dict(template.flagged())
    assert {"predikat", "bobot TK", "bobot PR", "bobot KK", "bobot PM", "KK-1b", "PM-1b"} <= set(flagged)
    assert "KK-1a" not in flagged


def test_items_known_from_the_sources_are_in_the_template(template):
    pr3a = template.indicator("PR-3a")
    assert pr3a.item_count == 4 and pr3a.items[0] == "Tidak ada pelanggaran dalam periode pemeriksaan"
    assert template.indicator("TK-II.3").item_count == 17
    assert sum(template.indicator(f"TK-II.{n}").item_count for n in range(1, 6)) == 30


# ------------------------------------------------------------------------------------------------ checklist rule


@pytest.mark.parametrize("fulfilled,total,nilai", [
    (5, 6, 1), (6, 6, 1), (4, 4, 1), (19, 25, 1), (151, 200, 1),       # 76 %, 75.5 % (printed gap 75-76)
    (3, 4, 2), (2, 3, 2), (101, 200, 2), (3, 5, 2),                     # 75 % exactly, 66.7, 50.5, 60
    (2, 4, 3), (1, 3, 3), (51, 200, 3), (26, 100, 3),                   # 50 % exactly, 33.3, 25.5, 26
    (1, 4, 4), (0, 4, 4), (0, 1, 4), (1, 5, 4),                         # 25 % exactly, 0 (not in the print), 20
])
def test_checklist_rule(fulfilled, total, nilai):
    assert checklist_nilai(fulfilled, total) == nilai


@pytest.mark.parametrize("fulfilled,total", [(1, 0), (5, 4), (-1, 4), (True, 4)])
def test_checklist_rule_refuses_impossible_counts(fulfilled, total):
    with pytest.raises(ValueError):
        checklist_nilai(fulfilled, total)


def test_skor_is_5_minus_nilai():
    assert [skor_of(n) for n in (1, 2, 3, 4)] == [4, 3, 2, 1]


# ------------------------------------------------------------------------------------------------ ratio bands


@pytest.mark.parametrize("code,ratio,nilai", [
    ("KK-1c", "100", 4), ("KK-1c", "100.01", 3), ("KK-1c", "110", 2), ("KK-1c", "119.99", 2), ("KK-1c", "120", 1),
    ("PR-4a", "15", 2), ("PR-4a", "15.01", 1), ("PR-4a", "10.5", 2), ("PR-4a", "5.5", 3), ("PR-4a", "5", 4),
    ("PR-4a", "0", 4), ("PR-1a", "95", 1), ("PR-1a", "95.01", 2), ("PR-1a", "99.01", 4), ("PR-1a", "0", 1),
    ("KK-3b", "4.99", 1), ("KK-3b", "5", 2), ("KK-3b", "15", 3), ("KK-3b", "15.01", 4),
    ("KK-6c", "75", 1), ("KK-6c", "74.99", 2), ("KK-1b", "7.5", 2), ("KK-1b", "7.49", 3),
    ("KK-1a", "-2", 4), ("KK-5d", "-10", 4), ("PM-2b", "100", 1), ("PM-2b", "150.01", 4), ("PM-1b", "8", 1),
])
def test_ratio_band_edges(template, code, ratio, nilai):
    r = score_assessment(template, {code: Ratio(D(ratio))})
    result = next(x for a in r.aspects for x in a.indicators if x.code == code)
    assert result.nilai == nilai and result.skor == 5 - nilai


def test_ratio_of_a_zero_denominator_is_none():
    assert Ratio.of(1, 0) is None and Ratio.of(3, 4) == Ratio(D(75))


# ------------------------------------------------------------------------------------------------ roll-up


def test_kkpkk_md_illustrative_calculation(template):
    answers = {}
    tk = template.aspects[0].indicators
    for n, ind in enumerate(tk):                         # 9 x skor 4 + 8 x skor 3 = 60 over 17 indicators
        answers[ind.code] = answer_for(ind, 1 if n < 9 else 2)
    for aspect in template.aspects[1:]:                  # every other indicator skor 3 -> 75 %
        for ind in aspect.indicators:
            answers[ind.code] = answer_for(ind, 2)
    r = score_assessment(template, answers)
    pct = {a.aspect.code: a.percent for a in r.aspects}
    assert pct["TK"].quantize(D("0.01")) == D("88.24") and pct["PR"] == pct["KK"] == pct["PM"] == 75
    contributions = [a.contribution.quantize(D("0.01")) for a in r.aspects]
    assert contributions == [D("26.47"), D("11.25"), D("30.00"), D("11.25")]
    assert r.total_rounded == D("78.97") and r.predicate == "Cukup Sehat" and r.complete
    assert r.aspect_predicate("TK") == "Sehat" and r.aspect_predicate("PR") == "Cukup Sehat"


def test_spec_mechanics_example(template):
    # legalitas with 6 items is the spec's illustration (the template has 3): the rule itself
    assert checklist_nilai(5, 6) == 1 and skor_of(checklist_nilai(5, 6)) == 4
    assert checklist_nilai(3, 4) == 2 and skor_of(2) == 3
    # TK with skor sum 59 of 68: 8 x 4 + 9 x 3 = 59
    answers = {ind.code: answer_for(ind, 1 if n < 8 else 2) for n, ind in enumerate(template.aspects[0].indicators)}
    tk = score_assessment(template, answers).aspects[0]
    assert tk.percent.quantize(D("0.01")) == D("86.76") and tk.contribution.quantize(D("0.01")) == D("26.03")


def test_sub_aspects_pool_their_own_indicators(template):
    prinsip = template.aspects[0].sub_aspects[0]
    answers = {prinsip.indicators[0].code: Checklist(4, 4), prinsip.indicators[1].code: Checklist(1, 4)}
    r = score_assessment(template, answers)
    sub = r.aspects[0].sub_aspects[0]
    assert sub.percent == D("62.5")                      # (4 + 1) x 100 / (4 x 2)
    assert r.aspects[0].sub_aspects[1].percent is None and r.aspects[1].percent is None
    assert not r.complete and len(r.missing) == 58 and r.total == D("18.75")


def test_manual_nilai_and_its_reason(template):
    r = score_assessment(template, {"KK-3c": Manual(1, "tidak ada pinjaman bermasalah (penyebut nol)")})
    res = r.aspects[2].sub_aspects[1].indicators[2]
    assert (res.code, res.nilai, res.skor, res.reason, res.category) == ("KK-3c", 1, 4, res.reason, "Sehat")


def test_answer_problems_are_all_returned(template):
    answers = {"XX-9": Checklist(1, 1), "KK-1a": Checklist(1, 1), "TK-I.1": Ratio(D(5)),
               "TK-II.3": Checklist(3, 4), "PR-3a": Checklist(5, 4), "PM-1a": Manual(5, ""),
               "TK-I.2": Checklist(1, 0)}
    with pytest.raises(ValidationError) as exc:
        score_assessment(template, answers)
    problems = exc.value.problems
    assert len(problems) == 8
    for fragment in ("'XX-9' tidak ada", "KK-1a: indikator rasio", "TK-I.1: indikator checklist",
                     "TK-II.3: harus 17 butir", "PR-3a: butir terpenuhi harus 0 sampai 4",
                     "PM-1a: nilai manual harus 1, 2, 3 atau 4", "PM-1a: alasan", "TK-I.2: jumlah butir"):
        assert any(fragment in p for p in problems), fragment


def test_checklist_from_items():
    c = Checklist.from_items([True, False, True, True])
    assert (c.fulfilled, c.total) == (3, 4)


# ------------------------------------------------------------------------------------------------ template problems


def test_broken_template_reports_every_problem(raw):
    bad = copy.deepcopy(raw)
    bad["aspek"][0]["bobot"] = 25                                      # weights 95
    pr1a = bad["aspek"][1]["sub_aspek"][0]["indikator"][0]
    pr1a["pita"][1]["dari"] = 96                                       # gap 95..96
    kk1a = bad["aspek"][2]["sub_aspek"][0]["indikator"][0]
    kk1a["pita"][1]["sampai_termasuk"] = True                          # 7 in two bands
    kk1a["pita"][2]["nilai"] = 5                                       # nilai outside 1..4
    bad["aspek"][3]["perlu_konfirmasi"] = False                        # code-only not flagged
    bad["aspek"][3]["sub_aspek"][0]["indikator"][1]["kode"] = "PM-1a"  # duplicate code
    bad["aspek"][0]["sub_aspek"][1]["indikator"][0]["keyakinan"] = "maybe"
    bad["predikat"]["pita"][3]["sampai"] = 50                          # gap 50..51
    problems = template_problems(bad)
    for fragment in ("bobot aspek berjumlah 95, harus 100", "indikator PR-1a: celah antara 95 dan 96",
                     "indikator KK-1a: pita [5, 7] dan [7, inf) sama-sama memuat x = 7",
                     "nilai harus 1, 2, 3 atau 4", "aspek PM bobot: keyakinan code-only harus ditandai",
                     "kode PM-1a dipakai lebih dari sekali", "keyakinan 'maybe' tidak dikenal",
                     "predikat: celah antara 50 dan 51"):
        assert any(fragment in p for p in problems), (fragment, problems)
    with pytest.raises(ValidationError) as exc:
        kkpkk.template_from_dict(bad)
    assert exc.value.problems == problems


def test_structural_problems(raw):
    assert template_problems([]) == ["template harus berupa objek JSON"]
    bad = copy.deepcopy(raw)
    bad["versi"] = 2
    bad["metode"] = "perdep06_2016"
    bad["aspek"][0]["sub_aspek"][0]["indikator"][0]["jenis"] = "skala"
    bad["aspek"][1]["sub_aspek"][0]["indikator"][4]["jumlah_butir"] = 3     # PR-3a lists 4 items
    problems = template_problems(bad)
    assert any("metode harus 'kkpkk_2021'" in p for p in problems)
    assert any("tidak cocok dengan versi 2" in p for p in problems)
    assert any("jenis harus 'checklist' atau 'rasio'" in p for p in problems)
    assert any("PR-3a: 4 butir tertulis, jumlah_butir 3" in p for p in problems)


def test_load_template_versions(tmp_path, raw):
    with pytest.raises(ValidationError):
        load_template(version=99)
    edited = copy.deepcopy(raw)
    edited["aspek"][2]["bobot"], edited["aspek"][1]["bobot"] = 30, 25           # a Dinas correction: 30/25/30/15
    path = tmp_path / "kkpkk-dinas.json"
    path.write_text(json.dumps(edited), encoding="utf-8")
    t = load_template(path=path)
    assert [a.weight for a in t.aspects] == [30, 25, 30, 15]
    assert t.raw()["aspek"][1]["bobot"] == 25 and json.loads(t.source)["aspek"][2]["bobot"] == 30
    assert kkpkk.available_versions() == (1,)
    shipped = load_template()
    assert template_problems(shipped.raw()) == [] and load_template(1).source == shipped.source
