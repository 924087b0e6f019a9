"""Health assessment (penilaian kesehatan KSP/USP, Perdep 06/2016 or Permen 14/2009) from the books, and its records.

From the books (issue 6 item 4)
    ``derive_inputs(ws, year) -> DerivedInputs``: for a CLOSED year of a koperasi workspace, the 25 inputs of spec
    §1.2.2 from the ledger (account health tags, balances at the year end, the year's PHU without closing journals),
    the loan book (collectibility at the year end, loans disbursed in the year) and savings. Every input carries a
    ``Derivation``: a short Indonesian explanation and the accounts / figures used, so an examiner can check it.
    Plus the Manajemen suggestions (questions 19-22, 24, 26, 27) via ``domain.health.manajemen.suggest_answers``.

Records (item 5), one per cooperative (``coop_key`` '' = this workspace's cooperative), year and method:
    ``create_or_update(ws, year, method, by, ...)`` derives the inputs (koperasi workspace), applies the overrides
    (each needs a reason; every change is audited), scores with ``domain.health.scoring.score_year`` and stores
    inputs, answers, result, examiner, date, notes, findings and recommendations. ``finalise`` freezes a record
    (a trigger refuses any later change); ``delete`` removes a draft only. ``get``, ``get_by_id``, ``list_year``,
    ``history`` read; ``year_result(record)`` re-scores a record for a report; ``compare`` gives totals and aspect
    percentages per year for the trend.

KKPKK 2021: ``kkpkk_from_books(derived)`` turns those figures into the ratio indicators the books can give (each a
``RatioSource``: numerator, denominator, explanation), ``save_kkpkk(..., sources=...)`` keeps them with the record
while the answer is still that ratio (``KkpkkRecord.sources``; the ``derived`` column of a KKPKK row).

Permissions: reading needs VIEW; writing needs POST in a koperasi workspace (DINAS in a Dinas workspace).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from kopdesk.domain.coop import WorkspaceKind
from kopdesk.domain.errors import KopDeskError, NotFound, ValidationError
from kopdesk.domain.health import inputs as hin
from kopdesk.domain.health import kkpkk
from kopdesk.domain.health.inputs import HasilUsaha, Inputs
from kopdesk.domain.health.manajemen import QUESTION_COUNT, BookFigures, ManagementAnswers, suggest_answers
from kopdesk.domain.health.perdep2016 import Aspect, Table5B
from kopdesk.domain.health.scoring import (
    Assessment,
    ManualNilai,
    Method,
    Options,
    YearResult,
    round2,
    score_year,
)
from kopdesk.domain.ledger import AccountClass
from kopdesk.domain.loans import Kolektibilitas
from kopdesk.domain.statements import presented
from kopdesk.domain.users import Perm, User
from kopdesk.fmt import rupiah
from kopdesk.services import closing, collectibility, shu, statements
from kopdesk.services.base import audit, now_iso, require
from kopdesk.services.workspace import Workspace
from kopdesk.store import closing as closing_store
from kopdesk.store import health as store
from kopdesk.store import shu as shu_store

OWN = ""        # coop_key of the workspace's own cooperative
DAY = dt.timedelta(days=1)

# ------------------------------------------------------------------------------------------------ derivations


@dataclass(frozen=True, slots=True)
class Source:
    """One figure used: an account (code and name) or a loan-book / statement figure (code '')."""

    code: str
    name: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Derivation:
    name: str                         # the input (formats.md ``masukan`` key)
    value: Decimal | None             # None: the books cannot tell (enter it by override)
    explanation: str                  # Indonesian, for the examiner
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class DerivedInputs:
    year: int
    as_of: dt.date                                   # the year end (the assessment date)
    inputs: Inputs
    derivations: Mapping[str, Derivation]            # every input, in Inputs order
    suggestions: Mapping[int, bool | None]           # questions 19, 20, 21, 22, 24, 26, 27
    book_figures: BookFigures                        # what the suggestions were computed from


def _refuse_unless_closed_koperasi(ws: Workspace, year: int) -> None:
    if ws.kind == WorkspaceKind.DINAS:
        raise ValidationError("Penilaian kesehatan dari pembukuan hanya tersedia di file kerja koperasi, "
                              "bukan di file kerja Dinas.", field="tahun")
    if not closing.is_closed(ws, year):
        raise ValidationError(f"Tahun buku {year} belum ditutup (tutup buku); penilaian kesehatan dari pembukuan "
                              "hanya untuk tahun buku yang sudah ditutup.", field="tahun")


class _Books:
    """Balances and movements per account for one year, read once."""

    def __init__(self, ws: Workspace, year: int):
        self.ws = ws
        p = statements.fiscal_year(ws, year)
        self.start, self.end = p.start, p.end
        self.prior_end = p.start - DAY
        self.sums = statements.Sums(ws, [self.end, self.prior_end])
        self.accounts = [a for a in self.sums.account_list if not a.is_group]
        self.phu = statements.result_to(ws, self.end)

    def balances(self, as_of: dt.date) -> dict[int, int]:
        cum = self.sums.cumulative(as_of)
        return {a.id: presented(a, *cum.get(a.id, (0, 0))) for a in self.accounts}

    def tagged(self, tag: str, amounts: Mapping[int, int]) -> tuple[int, tuple[Source, ...]]:
        rows = [(a, amounts.get(a.id, 0)) for a in self.accounts if tag in a.tags]
        return sum(v for _, v in rows), tuple(Source(a.code, a.name, Decimal(v)) for a, v in rows)

    def movement(self) -> dict[int, int]:
        mov = self.sums.phu_movement(self.start, self.end)
        return {a.id: presented(a, *mov.get(a.id, (0, 0))) for a in self.accounts}


#: ATMR weight by asset tag (spec §1.2.3); an asset account with none of these tags weighs 100 % (as
#: domain.health.inputs weighs ``aset_lain``); PPAP is not deducted.
ATMR_TAG_WEIGHTS: Mapping[str, Decimal] = MappingProxyType({
    "kas": Decimal(0), "bank": Decimal(0), "atmr20": Decimal("0.2"), "atmr50": Decimal("0.5"),
    "atmr100": Decimal(1), "pinjaman_anggota": Decimal(1), "pinjaman_non_anggota": Decimal(1),
    "aktiva_tetap": Decimal("0.7"), "ppap": Decimal(0),
})


def modal_tertimbang_weight(klass: AccountClass, tags: Sequence[str]) -> Decimal | None:
    """The weight of an account's balance in modal tertimbang (spec §1.2.3), the same rule as
    ``domain.health.inputs.MODAL_TERTIMBANG_WEIGHTS``: an explicit 'mt100' / 'mt50' tag wins; otherwise EVERY
    liability counts 50 % ("other liabilities 50 % each", e.g. 2-1400 Utang pajak) and an equity account of modal
    sendiri ('ms', e.g. 3-1300 Simpanan wajib khusus, a simpanan with a wajib character, spec §1.2.2) counts 100 %
    like simpanan wajib. Anything else (income, expenses, the opening-balance equity) is not part of it (None)."""
    if "mt100" in tags:
        return Decimal(1)
    if "mt50" in tags:
        return Decimal("0.5")
    if klass == AccountClass.LIABILITAS:
        return Decimal("0.5")
    if klass == AccountClass.EKUITAS and "ms" in tags:
        return Decimal(1)
    return None


def _atmr_weight(tags: Sequence[str]) -> Decimal:
    for t in tags:
        if t in ATMR_TAG_WEIGHTS:
            return ATMR_TAG_WEIGHTS[t]
    return Decimal(1)


def _d(v) -> Decimal:
    return Decimal(v)


def _fig(name: str, amount) -> Source:
    return Source("", name, Decimal(amount))


def derive_inputs(ws: Workspace, year: int) -> DerivedInputs:
    """Every 2016 input of a closed year from the books, each with how it was derived. See the module docstring."""
    _refuse_unless_closed_koperasi(ws, year)
    b = _Books(ws, year)
    bal, prior_bal, mov = b.balances(b.end), b.balances(b.prior_end), b.movement()
    phu = b.phu
    d: dict[str, Derivation] = {}

    def put(name: str, value, explanation: str, sources=()) -> None:
        d[name] = Derivation(name, None if value is None else _d(value), explanation, tuple(sources))

    def tag_sum(tags: Sequence[str], amounts=bal) -> tuple[int, list[Source]]:
        total, src = 0, []
        for t in tags:
            v, s = b.tagged(t, amounts)
            total += v
            src += s
        return total, src

    # ---- balance sheet at the year end (closing journal included: SHU tahun berjalan is on 3-4100 / 3-4200)
    ms, ms_src = tag_sum(["ms"])
    put("modal_sendiri", ms, f"Jumlah saldo akun ekuitas bertanda 'ms' per {b.end:%d-%m-%Y} (simpanan pokok, wajib, "
        "wajib khusus, hibah, cadangan umum dan cadangan tujuan risiko; SHU tahun berjalan dan modal penyertaan "
        "tidak dihitung).", ms_src)
    assets = [a for a in b.accounts if a.klass == AccountClass.ASET]
    total_aset = sum(bal[a.id] for a in assets)
    put("total_aset", total_aset, "Jumlah aset pada neraca akhir tahun, setelah dikurangi PPAP dan akumulasi "
        "penyusutan.", [Source(a.code, a.name, _d(bal[a.id])) for a in assets if bal[a.id]])
    mt = Decimal(0)
    mt_src = []
    for a in b.accounts:
        w = modal_tertimbang_weight(a.klass, a.tags)
        if w is not None and bal[a.id]:
            mt += bal[a.id] * w
            mt_src.append(Source(a.code, f"{a.name} x {w * 100:.0f} %", bal[a.id] * w))
    put("modal_tertimbang", mt, "Ekuitas bertanda 'mt100' (dan simpanan berkarakter wajib bertanda 'ms') x 100 %, "
        "bertanda 'mt50' x 50 %, setiap kewajiban x 50 % (spec §1.2.3).", mt_src)
    atmr = Decimal(0)
    atmr_src = []
    for a in assets:
        w = _atmr_weight(a.tags)
        if bal[a.id] and w:
            atmr += bal[a.id] * w
            atmr_src.append(Source(a.code, f"{a.name} x {w * 100:.0f} %", bal[a.id] * w))
    put("atmr", atmr, "Aset x bobot risiko: kas dan bank 0 %, bertanda atmr20 20 %, atmr50 50 %, pinjaman dan "
        "atmr100 100 %, aktiva tetap 70 %, aset lain tanpa tanda 100 %; PPAP tidak dikurangkan.", atmr_src)
    pd, pd_src = tag_sum(["pinjaman_anggota", "pinjaman_non_anggota"])
    summary = collectibility.portfolio_summary(ws, b.end)
    outstanding = {c.klass: c.outstanding for c in summary.classes}
    book_total = sum(outstanding.values())
    put("pinjaman_diberikan", pd, f"Saldo pokok pinjaman beredar (anggota dan non-anggota) di buku besar; buku "
        f"pinjaman per {b.end:%d-%m-%Y}: {rupiah(book_total)}.",
        [*pd_src, _fig("Buku pinjaman: pokok beredar", book_total)])
    loans_end = collectibility.portfolio(ws, b.end)
    risky = [c for c in loans_end if (c.loan.collateral_value or 0) < c.outstanding]
    put("pinjaman_berisiko", sum(c.outstanding for c in risky),
        "Pokok beredar pinjaman yang nilai agunannya kurang dari 100 % pinjaman (termasuk tanpa agunan), dari buku "
        f"pinjaman: {len(risky)} pinjaman.", [_fig(f"{c.loan.number} {c.member_name}", c.outstanding) for c in risky])
    put("risiko_pinjaman_bermasalah", hin.risiko_pinjaman_bermasalah(outstanding),
        "50 % Kurang Lancar + 75 % Diragukan + 100 % Macet (pokok beredar per kolektibilitas akhir tahun).",
        [_fig(f"{k.value} x {w * 100:.0f} %", outstanding.get(k, 0) * w)
         for k, w in hin.RPM_WEIGHTS.items() if k != Kolektibilitas.LANCAR])
    cr, cr_src = tag_sum(["cad_risiko"])
    ppap, ppap_src = tag_sum(["ppap"])
    put("cadangan_risiko", cr - ppap, "Cadangan tujuan risiko (ekuitas) + penyisihan penghapusan pinjaman (PPAP).",
        [*cr_src, *(Source(s.code, s.name, -s.amount) for s in ppap_src)])
    kb, kb_src = tag_sum(["kas", "bank"])
    put("kas_bank", kb, "Saldo akun bertanda 'kas' dan 'bank' (giro/tabungan) per akhir tahun.", kb_src)
    kl, kl_src = tag_sum(["kewajiban_lancar"])
    put("kewajiban_lancar", kl, "Saldo akun kewajiban bertanda 'kewajiban_lancar' (jatuh tempo <= 12 bulan).", kl_src)
    hb, hb_src = tag_sum(["hutang_biaya"])
    shu_tb, shu_tb_src = tag_sum(["shu_anggota", "shu_non_anggota"])
    liab_eq = [a for a in b.accounts if a.klass in (AccountClass.LIABILITAS, AccountClass.EKUITAS)]
    pasiva = sum(bal[a.id] for a in liab_eq)
    put("dana_diterima", pasiva - hb - shu_tb, "Jumlah kewajiban dan ekuitas dikurangi beban ymh dibayar (tanda "
        "'hutang_biaya') dan SHU belum dibagi (SHU tahun berjalan).",
        [_fig("Jumlah kewajiban dan ekuitas", pasiva), *(Source(s.code, s.name, -s.amount) for s in hb_src),
         *(Source(s.code, s.name, -s.amount) for s in shu_tb_src)])
    spw, spw_src = tag_sum(["sp", "sw"])
    put("simpanan_pokok_wajib", spw, "Saldo simpanan pokok (tanda 'sp') dan simpanan wajib (tanda 'sw').", spw_src)

    # ---- the year's PHU (closing journals excluded) and the loan volume
    start, end = b.start, b.end
    business = shu_store.loan_business(ws.db, start, end)
    calon = {r[0] for r in ws.db.execute("SELECT id FROM members WHERE status = 'calon'")}
    vol = sum(v[3] for v in business.values())
    vol_members = sum(v[3] for m, v in business.items() if m not in calon)
    put("volume_pinjaman", vol, f"Pokok pinjaman yang dicairkan {start:%d-%m-%Y} s.d. {end:%d-%m-%Y} (buku pinjaman; "
        "restrukturisasi bukan pinjaman baru).", [_fig("Pencairan pinjaman dalam tahun", vol)])
    put("volume_pinjaman_anggota", vol_members, "Bagian volume pinjaman yang dicairkan kepada anggota (bukan calon "
        "anggota).", [_fig("Pencairan kepada anggota", vol_members)])
    put("partisipasi_bruto", phu.partisipasi_bruto, "Partisipasi bruto pada PHU (akun bertanda 'pb').",
        tag_sum(["pb"], mov)[1])
    put("beban_usaha", phu.beban_usaha, "Beban usaha pada PHU.", tag_sum(["beban_usaha"], mov)[1])
    bk, bk_src = tag_sum(["biaya_karyawan"], mov)
    put("biaya_karyawan", bk, "Beban akun bertanda 'biaya_karyawan' (gaji, honor, tunjangan karyawan) dalam tahun.",
        bk_src)
    put("beban_perkoperasian", phu.beban_perkoperasian, "Beban perkoperasian pada PHU.",
        tag_sum(["beban_perkoperasian"], mov)[1])
    put("partisipasi_neto", phu.partisipasi_neto, "Partisipasi bruto - beban pokok.",
        [_fig("Partisipasi bruto", phu.partisipasi_bruto), _fig("Beban pokok", -phu.beban_pokok)])
    pendapatan = phu.pendapatan_non_anggota + phu.pendapatan_lain
    put("pendapatan", pendapatan, "Pendapatan selain partisipasi anggota: usaha dengan non-anggota + pendapatan lain.",
        [_fig("Pendapatan dari non-anggota", phu.pendapatan_non_anggota), _fig("Pendapatan lain", phu.pendapatan_lain)])
    put("shu_kotor", phu.shu_kotor, "Partisipasi neto + pendapatan dari non-anggota (sebelum beban usaha).",
        [_fig("Partisipasi neto", phu.partisipasi_neto), _fig("Pendapatan dari non-anggota",
                                                               phu.pendapatan_non_anggota)])
    hasil = HasilUsaha(partisipasi_bruto=phu.partisipasi_bruto, beban_pokok=phu.beban_pokok, pendapatan=pendapatan,
                       beban_usaha=phu.beban_usaha, beban_perkoperasian=phu.beban_perkoperasian)
    put("beban_operasi_anggota", hin.beban_operasi_anggota(hasil),
        "Beban pokok + beban usaha bagian anggota + beban perkoperasian; beban usaha seluruhnya untuk anggota bila "
        "pendapatan non-anggota < 10 % pendapatan, selain itu dibagi menurut proporsi pendapatan.",
        [_fig("Beban pokok", phu.beban_pokok), _fig("Beban usaha", phu.beban_usaha),
         _fig("Beban perkoperasian", phu.beban_perkoperasian)])
    put("shu_sebelum_pajak", phu.shu_sebelum_pajak, "SHU sebelum pajak pada PHU.",
        [_fig("SHU sebelum pajak", phu.shu_sebelum_pajak)])
    pools = _shu_pools(ws, year)
    if pools is None:
        put("shu_bagian_anggota", None, "Pembagian SHU tahun ini belum dapat dihitung (alokasi belum lengkap atau SHU "
            "tidak positif); isi secara manual dengan alasan.")
        put("pea", None, "PEA = MEPP + SHU bagian anggota; SHU bagian anggota belum diketahui.")
    else:
        sba = pools.get("jasa_modal", 0) + pools.get("jasa_usaha", 0)
        put("shu_bagian_anggota", sba, "Jasa modal + jasa usaha menurut alokasi SHU tahun ini.",
            [_fig("Jasa modal", pools.get("jasa_modal", 0)), _fig("Jasa usaha", pools.get("jasa_usaha", 0))])
        put("pea", sba, "PEA = MEPP + SHU bagian anggota; MEPP tidak dihitung dari pembukuan (dianggap 0), ubah "
            "dengan alasan bila koperasi menghitungnya.", [_fig("SHU bagian anggota", sba), _fig("MEPP", 0)])

    ordered = {name: d[name] for name in Inputs().as_dict()}
    inputs = Inputs(**{k: v.value for k, v in ordered.items()})

    # ---- Manajemen suggestions
    prior_loans = collectibility.portfolio(ws, b.prior_end)
    macet_prior = {c.loan.id: c.outstanding for c in prior_loans if c.klass == Kolektibilitas.MACET}
    now_out = {c.loan.id: c.outstanding for c in loans_end}
    collected = sum(max(0, v - now_out.get(i, 0)) for i, v in macet_prior.items())
    kinds = closing_store.savings_kinds(ws.db)
    sukber = [i for i, k in kinds.items() if k in ("sukarela", "berjangka")]
    ms_prior = tag_sum(["ms"], prior_bal)[0]
    figures = BookFigures(
        modal_sendiri=ms, modal_sendiri_lalu=ms_prior, total_aset=total_aset,
        total_aset_lalu=sum(prior_bal[a.id] for a in assets), simpanan_pokok_wajib=spw,
        simpanan_pokok_wajib_lalu=tag_sum(["sp", "sw"], prior_bal)[0],
        penyisihan_cadangan=None if pools is None else pools.get("cadangan", 0), shu=phu.shu_setelah_pajak,
        simpanan_sukarela_berjangka=sum(bal.get(i, 0) for i in sukber),
        simpanan_sukarela_berjangka_lalu=sum(prior_bal.get(i, 0) for i in sukber),
        pinjaman_lancar=outstanding.get(Kolektibilitas.LANCAR, 0), pinjaman_diberikan=book_total,
        cadangan_risiko=cr - ppap, pinjaman_macet=outstanding.get(Kolektibilitas.MACET, 0),
        macet_tahun_lalu=sum(macet_prior.values()), macet_tahun_lalu_tertagih=collected)
    return DerivedInputs(year, b.end, inputs, MappingProxyType(ordered), MappingProxyType(suggest_answers(figures)),
                         figures)


def _shu_pools(ws: Workspace, year: int) -> dict[str, int] | None:
    try:
        p = shu.preview(ws, year)
    except KopDeskError:
        return None
    return {x.key: x.amount for x in p.pools}


# ------------------------------------------------------------------------------------------------ records


@dataclass(frozen=True, slots=True)
class Override:
    """An input set by hand instead of the books' figure; the reason is required."""

    value: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding (temuan) or a recommendation (rekomendasi), with its due date and status."""

    text: str
    kind: str = "temuan"              # temuan / rekomendasi
    due_on: dt.date | None = None
    status: str = "terbuka"           # terbuka / proses / selesai


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    coop_key: str
    year: int
    method: Method
    tabel_5b: Table5B
    status: str                                   # draft / final
    inputs: Inputs                                # effective: derived, then overrides
    derived: Mapping[str, Decimal | None]         # the books' figures as derived when last saved
    overrides: Mapping[str, dict]                 # name -> {value, reason, by, at}
    answers: tuple[bool, ...] | None              # the 38 Manajemen answers
    total: Decimal | None
    predicate: str | None
    aspect_percent: Mapping[str, Decimal]         # aspect value -> percent (exact text decimal)
    examiner: str
    assessed_on: dt.date | None
    notes: str
    findings: tuple[Finding, ...]
    created_at: str
    created_by: int | None
    updated_at: str
    updated_by: int | None
    finalised_at: str | None
    result: Mapping = field(default_factory=dict)  # the stored result (components, aspects, missing)

    manual: Mapping[str, dict] = field(default_factory=dict)   # component -> {nilai, alasan, by, at}

    @property
    def final(self) -> bool:
        return self.status == "final"

    def assessment(self) -> Assessment:
        mgmt = ManagementAnswers.from_answers(self.answers) if self.answers is not None else None
        return Assessment(self.inputs, mgmt, manual=_manual_of(self.manual), method=self.method,
                          options=Options(self.tabel_5b), year=self.year)


def _manual_of(stored: Mapping[str, dict]) -> dict[str, ManualNilai]:
    return {k: ManualNilai(Decimal(v["nilai"]), v["alasan"]) for k, v in stored.items()}


def year_result(record: AssessmentRecord) -> YearResult:
    """The full domain result of a record (for the kertas kerja), recomputed from its stored inputs and answers."""
    return score_year(record.assessment())


def _dec_or_none(v) -> Decimal | None:
    return None if v is None else Decimal(v)


def _record(ws: Workspace, row: dict) -> AssessmentRecord:
    answers = row["answers"]
    return AssessmentRecord(
        row["id"], row["coop_key"], row["year"], Method(row["method"]),
        Table5B(row["options"].get("tabel_5b", Table5B.B.value)), row["status"],
        Inputs(**{k: _dec_or_none(v) for k, v in row["inputs"].items()}),
        MappingProxyType({k: _dec_or_none(v) for k, v in row["derived"].items()}),
        MappingProxyType(row["overrides"]),
        None if answers is None else tuple(c == "1" for c in answers),
        _dec_or_none(row["total"]), row["predicate"],
        MappingProxyType({k: Decimal(v) for k, v in row["result"].get("aspects", {}).items()}),
        row["examiner"], dt.date.fromisoformat(row["assessed_on"]) if row["assessed_on"] else None, row["notes"],
        tuple(Finding(f.text, f.kind, dt.date.fromisoformat(f.due_on) if f.due_on else None, f.status)
              for f in store.findings(ws.db, row["id"])),
        row["created_at"], row["created_by"], row["updated_at"], row["updated_by"], row["finalised_at"],
        MappingProxyType(row["result"]), MappingProxyType(dict(row["options"].get("manual", {}))))


def _result_json(r: YearResult) -> dict:
    def s(v):
        return None if v is None else str(v)
    return {
        "total": str(r.total), "predicate": r.predicate, "complete": r.complete, "missing": list(r.missing),
        "aspects": {a.aspect.value: str(a.percent) for a in r.aspects},
        "aspect_skor": {a.aspect.value: str(a.skor) for a in r.aspects},
        "components": {c.code: {"ratio": s(c.ratio), "nilai": s(c.nilai), "skor": s(c.skor), "basis": c.basis.value,
                                "rule": c.rule, "reason": c.reason} for c in r.components},
    }


def _writer_perm(ws: Workspace) -> Perm:
    return Perm.DINAS if ws.kind == WorkspaceKind.DINAS else Perm.POST


def _coop_key(ws: Workspace, coop_key: str) -> str:
    if ws.kind == WorkspaceKind.KOPERASI and coop_key != OWN:
        raise ValidationError("Di file kerja koperasi penilaian hanya untuk koperasi ini sendiri.", field="koperasi")
    return coop_key


_KINDS, _STATUSES = ("temuan", "rekomendasi"), ("terbuka", "proses", "selesai")
KKPKK = kkpkk.METHOD                                       # the 2021 method's value in the records' ``method``
_SCORED_METHODS = frozenset(m.value for m in Method)


def _method(method: Method | str) -> Method:
    try:
        return Method(method)
    except ValueError:
        if method == KKPKK:
            raise ValidationError("Metode KKPKK 2021 disimpan lewat save_kkpkk (indikator template), bukan dengan "
                                  "masukan rasio 2016.", field="metode") from None
        raise ValidationError(f"metode {method!r} tidak dikenal (pilih {', '.join(m.value for m in Method)} atau "
                              f"{KKPKK})", field="metode") from None
_UNSET = object()


def _merge_reasoned(current: dict, updates: Mapping[str, dict | None], by: User, now: str) -> list[tuple]:
    """Apply audited entries (an override's value and reason, a manual nilai and its reason) to ``current``:
    None removes one; an entry equal to what is there changes nothing. Returns (key, old, new) per change."""
    changes = []
    for key, entry in updates.items():
        old = current.get(key)
        if entry is None:
            if old is not None:
                del current[key]
                changes.append((key, old, None))
            continue
        if old is None or any(old.get(k) != v for k, v in entry.items()):
            current[key] = new = {**entry, "by": by.username, "at": now}
            changes.append((key, old, new))
    return changes


def create_or_update(ws: Workspace, year: int, method: Method | str, by: User, *,
                     overrides: Mapping[str, Override | None] | None = None,
                     inputs: Mapping[str, Decimal | int | None] | None = None,
                     answers: Sequence[bool] | None = None, tabel_5b: Table5B | str | None = None,
                     examiner: str | None = None, assessed_on: dt.date | None = None, notes: str | None = None,
                     findings: Sequence[Finding] | None = None, coop_key: str = OWN,
                     manual: Mapping[str, ManualNilai | None] | None = None) -> AssessmentRecord:
    """Create the draft of (coop, year, method) or update it; one transaction, audited. Returns the record.

    In a koperasi workspace the inputs come from ``derive_inputs`` (the year must be closed); ``overrides`` merges
    into the record's overrides (``Override(value, reason)``; ``None`` removes one) and each change writes an audit
    row with the reason. ``inputs`` (a Dinas workspace, no books) gives the figures directly. Arguments left None
    keep what the record holds. The result is ``score_year`` of the effective inputs and answers.
    ``manual`` sets a component's nilai by hand (``ManualNilai(nilai, alasan)``, e.g. for a zero denominator; the
    reason is required and each change is audited); ``None`` for a component removes its manual nilai.
    """
    require(by, _writer_perm(ws))
    method = _method(method)
    coop_key = _coop_key(ws, coop_key)
    problems: list[str] = []
    known = set(Inputs().as_dict())
    for name, o in (overrides or {}).items():
        if name not in known:
            problems.append(f"masukan {name!r} tidak dikenal")
        elif o is not None:
            if not isinstance(o.reason, str) or not o.reason.strip():
                problems.append(f"masukan.{name}: alasan perubahan wajib diisi")
            if isinstance(o.value, bool) or not isinstance(o.value, (int, Decimal)) or not Decimal(o.value).is_finite():
                problems.append(f"masukan.{name} harus angka (tertulis {o.value!r})")
    for name in inputs or {}:
        if name not in known:
            problems.append(f"masukan {name!r} tidak dikenal")
    if answers is not None and (len(answers) != QUESTION_COUNT or not all(isinstance(a, bool) for a in answers)):
        problems.append(f"jawaban manajemen harus {QUESTION_COUNT} nilai ya/tidak")
    for code, m in (manual or {}).items():
        if m is not None and (not isinstance(m.alasan, str) or not m.alasan.strip()):
            problems.append(f"nilai_manual.{code}.alasan wajib diisi")
    for f in findings or ():
        if f.kind not in _KINDS or f.status not in _STATUSES or not f.text.strip():
            problems.append(f"temuan/rekomendasi tidak sah: {f.text!r} ({f.kind}, {f.status})")
    if problems:
        raise ValidationError(problems)

    existing = store.get(ws.db, coop_key, year, method.value)
    if existing is not None and existing["status"] == "final":
        raise ValidationError(f"Penilaian kesehatan {year} sudah final dan tidak boleh diubah.")
    if ws.kind == WorkspaceKind.KOPERASI and coop_key == OWN and inputs is None:
        derived = derive_inputs(ws, year).inputs.as_dict()
    else:
        base = existing["derived"] if existing else {}
        derived = {k: _dec_or_none(base.get(k)) for k in known}
        derived.update({k: None if v is None else Decimal(v) for k, v in (inputs or {}).items()})
    now = now_iso()
    ov = dict(existing["overrides"]) if existing else {}
    changes = _merge_reasoned(ov, {k: None if o is None else {"value": str(Decimal(o.value)),
                                                             "reason": o.reason.strip()}
                                   for k, o in (overrides or {}).items()}, by, now)
    effective = dict(derived)
    effective.update({k: Decimal(v["value"]) for k, v in ov.items()})
    opts = dict(existing["options"]) if existing else {"tabel_5b": Table5B.B.value}
    if tabel_5b is not None:
        opts["tabel_5b"] = Table5B(tabel_5b).value
    man = dict(opts.get("manual", {}))
    manual_changes = _merge_reasoned(man, {c: None if m is None else {"nilai": str(Decimal(m.nilai)),
                                                                      "alasan": m.alasan.strip()}
                                           for c, m in (manual or {}).items()}, by, now)
    opts["manual"] = man
    if not man:
        del opts["manual"]
    ans = answers if answers is not None else (
        None if not existing or existing["answers"] is None else [c == "1" for c in existing["answers"]])
    a = Assessment(Inputs(**effective), ManagementAnswers.from_answers(ans) if ans is not None else None,
                   manual=_manual_of(man), method=method, options=Options(Table5B(opts["tabel_5b"])), year=year)
    result = score_year(a)

    def keep(value, col, default):
        return value if value is not None else (existing[col] if existing else default)

    values = {
        "coop_key": coop_key, "year": year, "method": method.value, "options": opts,
        "inputs": {k: None if v is None else str(v) for k, v in effective.items()},
        "derived": {k: None if v is None else str(v) for k, v in derived.items()}, "overrides": ov,
        "answers": None if ans is None else "".join("1" if x else "0" for x in ans),
        "result": _result_json(result), "total": str(result.total), "predicate": result.predicate,
        "examiner": keep(examiner, "examiner", "").strip(),
        "assessed_on": assessed_on.isoformat() if assessed_on else (existing["assessed_on"] if existing else None),
        "notes": keep(notes, "notes", ""), "updated_at": now, "updated_by": by.id,
        "created_at": existing["created_at"] if existing else now, "created_by": existing["created_by"] if existing
        else by.id,
    }
    with ws.db.atomic():
        assessment_id = store.upsert(ws.db, values)
        if findings is not None:
            store.replace_findings(ws.db, assessment_id, [
                (f.kind, i, f.text.strip(), f.due_on.isoformat() if f.due_on else None, f.status)
                for i, f in enumerate(findings, 1)])
        audit(ws.db, by, "health.update" if existing else "health.create", "health_assessment", assessment_id,
              {"tahun": year, "metode": method.value, "total": str(round2(result.total)),
               "predikat": result.predicate})
        for name, old, new in changes:
            audit(ws.db, by, "health.override", "health_assessment", assessment_id,
                  {"tahun": year, "masukan": name, "dari_buku": None if derived.get(name) is None
                   else str(derived[name]), "lama": old and old["value"], "baru": new and new["value"],
                   "alasan": (new or old)["reason"] if new else "override dihapus"})
        for code, old, new in manual_changes:
            audit(ws.db, by, "health.manual", "health_assessment", assessment_id,
                  {"tahun": year, "komponen": code, "lama": old and old["nilai"], "baru": new and new["nilai"],
                   "alasan": new["alasan"] if new else "nilai manual dihapus"})
    return get_by_id(ws, assessment_id)


def get_by_id(ws: Workspace, assessment_id: int) -> AssessmentRecord:
    row = store.get_by_id(ws.db, assessment_id)
    if row is None or row["method"] not in _SCORED_METHODS:
        raise NotFound("Penilaian kesehatan tidak ditemukan.")
    return _record(ws, row)


def get(ws: Workspace, year: int, method: Method | str = Method.PERDEP06_2016,
        coop_key: str = OWN) -> AssessmentRecord | None:
    row = store.get(ws.db, coop_key, year, _method(method).value)
    return None if row is None else _record(ws, row)


def list_year(ws: Workspace, year: int, coop_key: str = OWN) -> list[AssessmentRecord]:
    """Every method's record of the year."""
    return [_record(ws, r) for r in store.list_rows(ws.db, coop_key, year) if r["method"] in _SCORED_METHODS]


def history(ws: Workspace, method: Method | str | None = None, coop_key: str = OWN) -> list[AssessmentRecord]:
    """All records of the cooperative by year (one method, or all)."""
    wanted = None if method is None else _method(method).value
    return [_record(ws, r) for r in store.list_rows(ws.db, coop_key)
            if r["method"] in _SCORED_METHODS and (wanted is None or r["method"] == wanted)]


@dataclass(frozen=True, slots=True)
class YearComparison:
    year: int
    status: str
    total: Decimal                       # exact; display with round2
    predicate: str
    aspect_percent: Mapping[Aspect, Decimal]
    complete: bool


def compare(ws: Workspace, year: int, method: Method | str = Method.PERDEP06_2016, *, years: int | None = None,
            coop_key: str = OWN) -> list[YearComparison]:
    """The record of ``year`` and the earlier years' (oldest first; at most ``years`` of them in all)."""
    rows = [r for r in history(ws, method, coop_key) if r.year <= year]
    if years is not None:
        rows = rows[-years:]
    return [YearComparison(r.year, r.status, r.total, r.predicate,
                           MappingProxyType({Aspect(k): v for k, v in r.aspect_percent.items()}),
                           bool(r.result.get("complete"))) for r in rows]


def finalise(ws: Workspace, assessment_id: int, by: User) -> AssessmentRecord:
    """Freeze a complete record (every component scored, examiner and date filled); afterwards it cannot change."""
    require(by, _writer_perm(ws))
    row = store.get_by_id(ws.db, assessment_id)
    if row is not None and row["method"] == KKPKK:
        return _finalise_kkpkk(ws, row, by)
    r = get_by_id(ws, assessment_id)
    if r.final:
        raise ValidationError("Penilaian kesehatan ini sudah final.")
    problems = [f"belum lengkap: {m}" for m in r.result.get("missing", [])]
    if not r.examiner:
        problems.append("nama penilai wajib diisi")
    if r.assessed_on is None:
        problems.append("tanggal penilaian wajib diisi")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.finalise(ws.db, assessment_id, now_iso(), by.id)
        audit(ws.db, by, "health.finalise", "health_assessment", assessment_id,
              {"tahun": r.year, "metode": r.method.value, "total": str(round2(r.total)), "predikat": r.predicate})
    return get_by_id(ws, assessment_id)


def delete(ws: Workspace, assessment_id: int, by: User) -> None:
    """Delete a draft (a final record is refused, by the service and by a trigger)."""
    require(by, _writer_perm(ws))
    row = store.get_by_id(ws.db, assessment_id)
    r = get_kkpkk_by_id(ws, assessment_id) if row is not None and row["method"] == KKPKK \
        else get_by_id(ws, assessment_id)
    if r.final:
        raise ValidationError("Penilaian kesehatan yang sudah final tidak boleh dihapus.")
    with ws.db.atomic():
        store.delete(ws.db, assessment_id)
        audit(ws.db, by, "health.delete", "health_assessment", assessment_id,
              {"tahun": r.year, "metode": row["method"]})


# ------------------------------------------------------------------------------------------------ KKPKK 2021


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    version: int
    shipped: bool                 # True: the resource file shipped with KopDesk; False: saved in this workspace
    note: str = ""
    created_at: str = ""
    based_on: int | None = None


def template_versions(ws: Workspace) -> list[TemplateVersion]:
    """The shipped KKPKK template versions and the ones an admin saved in this workspace, oldest first."""
    out = [TemplateVersion(v, True, "template bawaan KopDesk") for v in kkpkk.available_versions()]
    out += [TemplateVersion(t.version, False, t.note, t.created_at, t.based_on)
            for t in store.templates(ws.db, KKPKK)]
    return sorted(out, key=lambda t: t.version)


def load_template(ws: Workspace, version: int | None = None) -> kkpkk.Template:
    """A KKPKK template: ``version`` (saved in this workspace, else shipped), or the newest when None."""
    if version is None:
        version = template_versions(ws)[-1].version
    row = store.template(ws.db, KKPKK, int(version))
    if row is not None:
        import json

        return kkpkk.template_from_dict(json.loads(row.source, parse_float=Decimal))
    if int(version) in kkpkk.available_versions():
        return kkpkk.load_template(int(version))
    raise NotFound(f"Template KKPKK versi {version} tidak ditemukan.")


def save_template(ws: Workspace, data: Mapping, by: User, *, note: str = "",
                  based_on: int | None = None) -> kkpkk.Template:
    """Save an edited KKPKK template as a NEW version (admin only; validated, audited). ``data`` is the template as
    its JSON object; its ``versi`` and ``id`` are set to the next version here. Raises ValidationError listing every
    problem (weights not adding to 100, band gaps or overlaps, ...)."""
    require(by, Perm.USERS)
    if by.role.value != "admin":
        raise ValidationError("Hanya admin yang boleh mengubah template KKPKK.", field="template")
    if not note.strip():
        raise ValidationError("Catatan perubahan template wajib diisi (apa yang diubah dan atas dasar apa).",
                              field="catatan")
    version = template_versions(ws)[-1].version + 1
    raw = dict(data)
    raw["versi"], raw["id"] = version, f"kkpkk-2021-v{version}"
    template = kkpkk.template_from_dict(raw)          # raises ValidationError with every problem
    with ws.db.atomic():
        store.insert_template(ws.db, KKPKK, version, based_on, template.source, note.strip(), now_iso(), by.id)
        audit(ws.db, by, "health.template", "health_template", version,
              {"versi": version, "dari_versi": based_on, "catatan": note.strip(),
               "bobot": {a.code: str(a.weight) for a in template.aspects}})
    return template


@dataclass(frozen=True, slots=True)
class RatioSource:
    """How a KKPKK ratio indicator was computed from the books: numerator / denominator x 100 (rupiah), what each
    is, and where the figures come from (Indonesian, for the examiner and the kertas kerja)."""

    code: str
    numerator: Decimal
    denominator: Decimal
    numerator_label: str
    denominator_label: str
    explanation: str

    @property
    def value(self) -> Decimal:
        return kkpkk.Ratio.of(self.numerator, self.denominator).value

    def to_json(self) -> dict:
        return {"pembilang": str(self.numerator), "penyebut": str(self.denominator), "rasio": str(self.value),
                "label_pembilang": self.numerator_label, "label_penyebut": self.denominator_label,
                "keterangan": self.explanation}

    @classmethod
    def from_json(cls, code: str, v: Mapping) -> RatioSource:
        return cls(code, Decimal(v["pembilang"]), Decimal(v["penyebut"]), v.get("label_pembilang", ""),
                   v.get("label_penyebut", ""), v.get("keterangan", ""))


def kkpkk_from_books(derived: DerivedInputs) -> tuple[dict[str, RatioSource], dict[str, str]]:
    """The KKPKK ratio indicators the books can give (kkpkk.md §1.4 formulas over ``derive_inputs``' figures):
    (sources by indicator code, {code: why it is left to the examiner} for a zero denominator). The checklists,
    and the ratios whose figures the books do not separate (aset produktif, aset likuid, aset lancar, ekuitas,
    kewajiban jangka panjang, pinjaman anggota as a stock, the previous year's dana diterima and SHU, pendapatan
    utama, savings of non-members), are left to the examiner."""
    i, f = derived.inputs, derived.book_figures
    explain = {k: d.explanation for k, d in derived.derivations.items()}
    y = derived.year
    problem = None if f.pinjaman_diberikan is None or f.pinjaman_lancar is None else \
        f.pinjaman_diberikan - f.pinjaman_lancar
    shu_year = f.shu
    candidates = [
        ("KK-1a", shu_year, i.total_aset, "SHU setelah pajak", "Total aset",
         f"SHU setelah pajak tahun {y} (PHU); {explain['total_aset']}"),
        ("KK-1b", shu_year, i.modal_sendiri, "SHU setelah pajak", "Modal sendiri",
         f"SHU setelah pajak tahun {y} (PHU); {explain['modal_sendiri']}"),
        ("KK-1c", i.partisipasi_neto, _sum(i.beban_usaha, i.beban_perkoperasian), "Partisipasi neto",
         "Beban usaha + beban perkoperasian", "Partisipasi bruto - beban pokok; beban usaha dan beban perkoperasian "
         "pada PHU."),
        ("KK-2a", i.beban_operasi_anggota, i.partisipasi_bruto, "Beban operasi anggota", "Partisipasi bruto",
         explain["beban_operasi_anggota"]),
        ("KK-2b", i.beban_usaha, i.shu_kotor, "Beban usaha", "SHU kotor", explain["shu_kotor"]),
        ("KK-3b", problem, f.pinjaman_diberikan, "Pinjaman KL + D + M", "Pinjaman diberikan (buku pinjaman)",
         f"Pokok beredar per kolektibilitas 31-12-{y}: kurang lancar + diragukan + macet = seluruh pinjaman "
         "dikurangi yang lancar."),
        ("KK-3c", i.cadangan_risiko, problem, "Cadangan risiko", "Pinjaman KL + D + M",
         explain["cadangan_risiko"]),
        ("KK-4a", i.kas_bank, i.kewajiban_lancar, "Kas + bank", "Kewajiban lancar",
         f"{explain['kas_bank']} {explain['kewajiban_lancar']}"),
        ("KK-4b", i.pinjaman_diberikan, i.dana_diterima, "Pinjaman diberikan", "Dana yang diterima",
         explain["dana_diterima"]),
        ("KK-5a", _diff(f.total_aset, f.total_aset_lalu), f.total_aset_lalu, "Kenaikan total aset",
         f"Total aset 31-12-{y - 1}", f"Total aset 31-12-{y} dikurangi total aset 31-12-{y - 1} (neraca)."),
        ("KK-6b", shu_year, i.simpanan_pokok_wajib, "SHU setelah pajak", "Simpanan pokok + simpanan wajib",
         explain["simpanan_pokok_wajib"]),
        ("PM-1b", i.modal_tertimbang, i.atmr, "Modal tertimbang", "ATMR",
         f"{explain['modal_tertimbang']} {explain['atmr']}"),
        ("PM-2a", f.simpanan_sukarela_berjangka, i.total_aset, "Simpanan sukarela + berjangka", "Total aset",
         "Saldo simpanan sukarela (tabungan) dan simpanan berjangka per akhir tahun (buku simpanan)."),
    ]
    sources: dict[str, RatioSource] = {}
    left: dict[str, str] = {}
    for code, num, den, num_label, den_label, text in candidates:
        if num is None or den is None:
            left[code] = "angka dari buku tidak lengkap"
        elif Decimal(den) <= 0:
            left[code] = f"{den_label} = {rupiah(int(den))}: penyebut nol, nilai ditetapkan penilai"
        else:
            sources[code] = RatioSource(code, Decimal(num), Decimal(den), num_label, den_label, text)
    return sources, left


def _sum(*values) -> Decimal | None:
    return None if any(v is None for v in values) else sum(Decimal(v) for v in values)


def _diff(a, b) -> Decimal | None:
    return None if a is None or b is None else Decimal(a) - Decimal(b)


@dataclass(frozen=True, slots=True)
class KkpkkRecord:
    id: int
    coop_key: str
    year: int
    status: str
    template_version: int
    answers: Mapping[str, kkpkk.Answer]
    total: Decimal | None
    predicate: str | None
    examiner: str
    assessed_on: dt.date | None
    notes: str
    findings: tuple[Finding, ...]
    result: Mapping = field(default_factory=dict)
    sources: Mapping[str, RatioSource] = field(default_factory=dict)   # ratio indicators filled from the books

    method = KKPKK

    @property
    def final(self) -> bool:
        return self.status == "final"


def _answer_from_json(v: Mapping) -> kkpkk.Answer:
    if "alasan" in v:
        return kkpkk.Manual(int(v["nilai"]), v["alasan"])
    if "rasio" in v:
        return kkpkk.Ratio(Decimal(v["rasio"]))
    items = v.get("jawaban")
    return kkpkk.Checklist(int(v["terpenuhi"]), int(v["butir"]),
                           None if items is None else tuple(c == "1" for c in items))


def _answer_json(a: kkpkk.Answer) -> dict:
    if isinstance(a, kkpkk.Manual):
        return {"nilai": a.nilai, "alasan": a.reason.strip()}
    if isinstance(a, kkpkk.Ratio):
        return {"rasio": str(a.value)}
    out = {"terpenuhi": a.fulfilled, "butir": a.total}
    if a.items is not None and len(a.items) == a.total and sum(a.items) == a.fulfilled:
        out["jawaban"] = "".join("1" if x else "0" for x in a.items)     # the answer to every item, when known
    return out


def _kkpkk_record(ws: Workspace, row: dict) -> KkpkkRecord:
    return KkpkkRecord(
        row["id"], row["coop_key"], row["year"], row["status"], int(row["options"].get("template_version", 1)),
        MappingProxyType({k: _answer_from_json(v) for k, v in row["inputs"].items()}),
        _dec_or_none(row["total"]), row["predicate"], row["examiner"],
        dt.date.fromisoformat(row["assessed_on"]) if row["assessed_on"] else None, row["notes"],
        tuple(Finding(f.text, f.kind, dt.date.fromisoformat(f.due_on) if f.due_on else None, f.status)
              for f in store.findings(ws.db, row["id"])), MappingProxyType(row["result"]),
        MappingProxyType({k: RatioSource.from_json(k, v) for k, v in (row["derived"] or {}).items()}))


def kkpkk_result(ws: Workspace, record: KkpkkRecord) -> kkpkk.KkpkkResult:
    """The record re-scored over the template version recorded on it."""
    return kkpkk.score_assessment(load_template(ws, record.template_version), record.answers)


def get_kkpkk(ws: Workspace, year: int, coop_key: str = OWN) -> KkpkkRecord | None:
    row = store.get(ws.db, coop_key, year, KKPKK)
    return None if row is None else _kkpkk_record(ws, row)


def get_kkpkk_by_id(ws: Workspace, assessment_id: int) -> KkpkkRecord:
    row = store.get_by_id(ws.db, assessment_id)
    if row is None or row["method"] != KKPKK:
        raise NotFound("Penilaian kesehatan KKPKK tidak ditemukan.")
    return _kkpkk_record(ws, row)


def kkpkk_history(ws: Workspace, coop_key: str = OWN) -> list[KkpkkRecord]:
    return [_kkpkk_record(ws, r) for r in store.list_rows(ws.db, coop_key) if r["method"] == KKPKK]


def save_kkpkk(ws: Workspace, year: int, by: User, *, answers: Mapping[str, kkpkk.Answer | None] | None = None,
               template_version: int | None = None, examiner: str | None = None, assessed_on: dt.date | None = None,
               notes: str | None = None, findings: Sequence[Finding] | None = None,
               sources: Mapping[str, RatioSource] | None = None, coop_key: str = OWN) -> KkpkkRecord:
    """Create or update the KKPKK 2021 draft of (coop, year): ``answers`` per indicator code (Checklist, Ratio or
    Manual; None removes one) merge into the record's; the template version is fixed on the record when it is
    created (the newest unless given) and may be changed while it is a draft. ``sources`` (from
    ``kkpkk_from_books``) merge into the record's: how a ratio was computed from the books (numerator,
    denominator); a source is kept only while its indicator's answer is still that ratio (an examiner who types
    another ratio drops it). One transaction, audited."""
    require(by, _writer_perm(ws))
    coop_key = _coop_key(ws, coop_key)
    existing = store.get(ws.db, coop_key, year, KKPKK)
    if existing is not None and existing["status"] == "final":
        raise ValidationError(f"Penilaian kesehatan {year} sudah final dan tidak boleh diubah.")
    version = template_version if template_version is not None else (
        int(existing["options"].get("template_version")) if existing else None)
    template = load_template(ws, version)
    merged = {k: _answer_from_json(v) for k, v in (existing["inputs"] if existing else {}).items()}
    for code, a in (answers or {}).items():
        if a is None:
            merged.pop(code, None)
        else:
            merged[code] = a
    kept = {k: RatioSource.from_json(k, v) for k, v in ((existing["derived"] or {}) if existing else {}).items()}
    kept.update(sources or {})
    kept = {k: src for k, src in kept.items()
            if isinstance(merged.get(k), kkpkk.Ratio) and merged[k].value == src.value}
    problems = kkpkk.answers_problems(template, merged)
    for f in findings or ():
        if f.kind not in _KINDS or f.status not in _STATUSES or not f.text.strip():
            problems.append(f"temuan/rekomendasi tidak sah: {f.text!r} ({f.kind}, {f.status})")
    if problems:
        raise ValidationError(problems)
    result = kkpkk.score_assessment(template, merged)
    now = now_iso()

    def keep(value, col, default):
        return value if value is not None else (existing[col] if existing else default)

    values = {
        "coop_key": coop_key, "year": year, "method": KKPKK, "options": {"template_version": template.version},
        "inputs": {k: _answer_json(a) for k, a in merged.items()},
        "derived": {k: src.to_json() for k, src in sorted(kept.items())}, "overrides": {}, "answers": None,
        "result": {"total": str(result.total), "predicate": result.predicate, "complete": result.complete,
                   "missing": list(result.missing),
                   "aspects": {a.aspect.code: None if a.percent is None else str(a.percent) for a in result.aspects}},
        "total": str(result.total), "predicate": result.predicate,
        "examiner": keep(examiner, "examiner", "").strip(),
        "assessed_on": assessed_on.isoformat() if assessed_on else (existing["assessed_on"] if existing else None),
        "notes": keep(notes, "notes", ""), "updated_at": now, "updated_by": by.id,
        "created_at": existing["created_at"] if existing else now,
        "created_by": existing["created_by"] if existing else by.id,
    }
    with ws.db.atomic():
        assessment_id = store.upsert(ws.db, values)
        if findings is not None:
            store.replace_findings(ws.db, assessment_id, [
                (f.kind, i, f.text.strip(), f.due_on.isoformat() if f.due_on else None, f.status)
                for i, f in enumerate(findings, 1)])
        audit(ws.db, by, "health.update" if existing else "health.create", "health_assessment", assessment_id,
              {"tahun": year, "metode": KKPKK, "template": template.version,
               "total": str(round2(result.total)), "predikat": result.predicate})
    return get_kkpkk_by_id(ws, assessment_id)


def _finalise_kkpkk(ws: Workspace, row: dict, by: User) -> KkpkkRecord:
    r = _kkpkk_record(ws, row)
    if r.final:
        raise ValidationError("Penilaian kesehatan ini sudah final.")
    problems = [f"belum lengkap: indikator {m}" for m in r.result.get("missing", [])]
    if not r.examiner:
        problems.append("nama penilai wajib diisi")
    if r.assessed_on is None:
        problems.append("tanggal penilaian wajib diisi")
    if problems:
        raise ValidationError(problems)
    with ws.db.atomic():
        store.finalise(ws.db, r.id, now_iso(), by.id)
        audit(ws.db, by, "health.finalise", "health_assessment", r.id,
              {"tahun": r.year, "metode": KKPKK, "template": r.template_version,
               "total": str(round2(r.total)), "predikat": r.predicate})
    return get_kkpkk_by_id(ws, r.id)
