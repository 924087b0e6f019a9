"""Health assessment of KSP/USP (*penilaian kesehatan*), spec §1.

* ``perdep2016`` - Perdep 06/Per/Dep.6/IV/2016: components, weights, band tables, predicates (data);
* ``permen2009`` - Permen 14/2009 rules for 1b, 2b, 2c and its five predicates;
* ``manajemen`` - the 38 questions (seed data) and their scoring;
* ``inputs`` - the 25 inputs and their derivation from the statements (modal tertimbang, ATMR, RPM ...);
* ``scoring`` - one year / several years, aspects, total, predicate;
* ``kkpkk`` - the 2021 method over a versioned template;
* ``bands`` - intervals with explicit open/closed ends and their coverage check.
"""

from kopdesk.domain.health.inputs import HasilUsaha, Inputs, ModalSendiriOptions, Neraca, derive_inputs
from kopdesk.domain.health.manajemen import QUESTIONS, ManagementAnswers, MgmtComponent
from kopdesk.domain.health.perdep2016 import COMPONENTS, Aspect, Table5B
from kopdesk.domain.health.scoring import (
    Assessment,
    ManualNilai,
    Method,
    MultiYearResult,
    Options,
    YearResult,
    assessment_problems,
    mean_score,
    predicate,
    score_year,
    score_years,
)

__all__ = [
    "COMPONENTS", "QUESTIONS", "Aspect", "Assessment", "HasilUsaha", "Inputs", "ManagementAnswers", "ManualNilai",
    "Method", "MgmtComponent", "ModalSendiriOptions", "MultiYearResult", "Neraca", "Options", "Table5B", "YearResult",
    "assessment_problems", "derive_inputs", "mean_score", "predicate", "score_year", "score_years",
]
