"""The 25 inputs of the 2016 health ratios (formats.md §1 ``masukan``) and how they are derived from the statements
(spec §1.2.2 definitions, §1.2.3 modal tertimbang / ATMR weights, §2.3 risiko pinjaman bermasalah).

All weights are data. Derived values are exact Decimals (a 50 % weight can give half a rupiah); ratios are computed
from them unrounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from types import MappingProxyType

from kopdesk.domain.loans import Kolektibilitas

# ------------------------------------------------------------------------------------------------ the inputs


@dataclass(frozen=True, slots=True)
class Inputs:
    """One financial year's inputs; ``None`` = not known. Names are the formats.md ``masukan`` keys."""

    modal_sendiri: Decimal | None = None
    total_aset: Decimal | None = None
    pinjaman_berisiko: Decimal | None = None
    modal_tertimbang: Decimal | None = None
    atmr: Decimal | None = None
    volume_pinjaman: Decimal | None = None
    volume_pinjaman_anggota: Decimal | None = None
    pinjaman_diberikan: Decimal | None = None
    risiko_pinjaman_bermasalah: Decimal | None = None
    cadangan_risiko: Decimal | None = None
    beban_operasi_anggota: Decimal | None = None
    partisipasi_bruto: Decimal | None = None
    beban_usaha: Decimal | None = None
    shu_kotor: Decimal | None = None
    biaya_karyawan: Decimal | None = None
    kas_bank: Decimal | None = None
    kewajiban_lancar: Decimal | None = None
    dana_diterima: Decimal | None = None
    shu_sebelum_pajak: Decimal | None = None
    shu_bagian_anggota: Decimal | None = None
    partisipasi_neto: Decimal | None = None
    beban_perkoperasian: Decimal | None = None
    pendapatan: Decimal | None = None
    pea: Decimal | None = None
    simpanan_pokok_wajib: Decimal | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None and not isinstance(v, Decimal):
                if isinstance(v, bool) or not isinstance(v, int):
                    raise TypeError(f"{f.name}: int atau Decimal, bukan {type(v).__name__}")
                object.__setattr__(self, f.name, Decimal(v))

    @classmethod
    def from_mapping(cls, values: Mapping[str, int | Decimal | None]) -> Inputs:
        return cls(**values)

    def get(self, name: str) -> Decimal | None:
        return getattr(self, name)

    def as_dict(self) -> dict[str, Decimal | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# ------------------------------------------------------------------------------------------------ statements


@dataclass(frozen=True, slots=True)
class Neraca:
    """Statement of financial position at the assessment date (31 Dec), integer rupiah, grouped as spec §1.2.3 needs.

    ``ppap`` is the allowance as a positive number (it is deducted from total assets, not from ATMR). ``aset_lain``
    (stock, receivables, prepayments) is not in the §1.2.3 table; KopDesk weights it 100 % in ATMR (our convention).
    """

    # assets
    kas: int = 0
    bank: int = 0                               # current accounts (giro) at banks
    simpanan_di_bank_koperasi_lain: int = 0     # tabungan / simpanan berjangka at banks or other coops
    surat_berharga: int = 0
    pinjaman_anggota: int = 0                   # outstanding gross
    pinjaman_non_anggota: int = 0               # calon anggota, koperasi lain and their members
    ppap: int = 0
    penyertaan: int = 0                         # in other coops / institutions
    pendapatan_ymh_diterima: int = 0
    aktiva_tetap: int = 0                       # net of depreciation, incl. inventaris
    aset_lain: int = 0
    # liabilities
    simpanan_sukarela: int = 0                  # tabungan
    simpanan_berjangka_pendek: int = 0          # due within 12 months
    simpanan_berjangka_panjang: int = 0
    beban_ymh_dibayar: int = 0
    dana_bagian_shu: int = 0                    # dana-dana from the SHU allocation not yet spent
    hutang_pajak: int = 0
    pinjaman_diterima_pendek: int = 0           # borrowings due within 12 months
    pinjaman_diterima_panjang: int = 0
    kewajiban_lain_pendek: int = 0
    kewajiban_lain_panjang: int = 0
    # equity
    simpanan_pokok: int = 0
    simpanan_wajib: int = 0
    simpanan_wajib_khusus: int = 0              # simpanan with a "wajib" character, e.g. SWPM
    modal_penyetaraan: int = 0
    modal_penyertaan: int = 0
    hibah: int = 0                              # modal sumbangan / donasi
    cadangan_umum: int = 0
    cadangan_tujuan_risiko: int = 0
    shu_tahun_berjalan: int = 0                 # SHU belum dibagi

    @property
    def total_aset(self) -> int:
        return (self.kas + self.bank + self.simpanan_di_bank_koperasi_lain + self.surat_berharga
                + self.pinjaman_anggota + self.pinjaman_non_anggota - self.ppap + self.penyertaan
                + self.pendapatan_ymh_diterima + self.aktiva_tetap + self.aset_lain)

    @property
    def total_kewajiban(self) -> int:
        return sum(getattr(self, n) for n in LIABILITIES)

    @property
    def total_ekuitas(self) -> int:
        return sum(getattr(self, n) for n in EQUITY)

    @property
    def total_pasiva(self) -> int:
        return self.total_kewajiban + self.total_ekuitas

    @property
    def pinjaman_diberikan(self) -> int:
        return self.pinjaman_anggota + self.pinjaman_non_anggota


LIABILITIES = ("simpanan_sukarela", "simpanan_berjangka_pendek", "simpanan_berjangka_panjang", "beban_ymh_dibayar",
               "dana_bagian_shu", "hutang_pajak", "pinjaman_diterima_pendek", "pinjaman_diterima_panjang",
               "kewajiban_lain_pendek", "kewajiban_lain_panjang")
EQUITY = ("simpanan_pokok", "simpanan_wajib", "simpanan_wajib_khusus", "modal_penyetaraan", "modal_penyertaan",
          "hibah", "cadangan_umum", "cadangan_tujuan_risiko", "shu_tahun_berjalan")
CURRENT_LIABILITIES = ("simpanan_sukarela", "simpanan_berjangka_pendek", "beban_ymh_dibayar", "dana_bagian_shu",
                       "hutang_pajak", "pinjaman_diterima_pendek", "kewajiban_lain_pendek")

_H, _F, _Z = Decimal(1), Decimal("0.5"), Decimal(0)

#: spec §1.2.3, modal tertimbang: equity items at their weight, every liability at 50 %.
MODAL_TERTIMBANG_WEIGHTS: Mapping[str, Decimal] = MappingProxyType({
    "simpanan_pokok": _H, "simpanan_wajib": _H, "simpanan_wajib_khusus": _H, "modal_penyetaraan": _H,
    "modal_penyertaan": _F, "cadangan_umum": _H, "cadangan_tujuan_risiko": _F, "hibah": _H,
    "shu_tahun_berjalan": _F,
    **{name: _F for name in LIABILITIES},
})

#: spec §1.2.3, ATMR risk weights of the asset items (PPAP is not deducted).
ATMR_WEIGHTS: Mapping[str, Decimal] = MappingProxyType({
    "kas": _Z, "bank": _Z, "simpanan_di_bank_koperasi_lain": Decimal("0.2"), "surat_berharga": _F,
    "pinjaman_anggota": _H, "pinjaman_non_anggota": _H, "penyertaan": _H, "pendapatan_ymh_diterima": _F,
    "aktiva_tetap": Decimal("0.7"), "aset_lain": _H,
})

#: spec §1.2.2 / §2.3: RPM = 50 % Kurang Lancar + 75 % Diragukan + 100 % Macet.
RPM_WEIGHTS: Mapping[Kolektibilitas, Decimal] = MappingProxyType({
    Kolektibilitas.LANCAR: _Z, Kolektibilitas.KURANG_LANCAR: _F, Kolektibilitas.DIRAGUKAN: Decimal("0.75"),
    Kolektibilitas.MACET: _H,
})


@dataclass(frozen=True, slots=True)
class ModalSendiriOptions:
    """spec §1.2.2: some kertas kerja add SHU tahun berjalan and up to 50 % of modal penyertaan. Default: neither."""

    include_shu_tahun_berjalan: bool = False
    include_modal_penyertaan: bool = False


def modal_sendiri(n: Neraca, options: ModalSendiriOptions = ModalSendiriOptions()) -> Decimal:
    """Simpanan pokok + wajib (+ wajib-like) + hibah + cadangan umum + cadangan tujuan risiko (UU 25/1992 Ps. 41)."""
    ms = Decimal(n.simpanan_pokok + n.simpanan_wajib + n.simpanan_wajib_khusus + n.hibah + n.cadangan_umum
                 + n.cadangan_tujuan_risiko)
    if options.include_shu_tahun_berjalan:
        ms += n.shu_tahun_berjalan
    if options.include_modal_penyertaan:
        ms += Decimal(n.modal_penyertaan) * _F
    return ms


def modal_tertimbang(n: Neraca) -> Decimal:
    return sum((Decimal(getattr(n, k)) * w for k, w in MODAL_TERTIMBANG_WEIGHTS.items()), Decimal(0))


def atmr(n: Neraca) -> Decimal:
    return sum((Decimal(getattr(n, k)) * w for k, w in ATMR_WEIGHTS.items()), Decimal(0))


def kewajiban_lancar(n: Neraca) -> int:
    return sum(getattr(n, k) for k in CURRENT_LIABILITIES)


def cadangan_risiko(n: Neraca) -> int:
    """Cadangan tujuan risiko (equity) + PPAP (the allowance), spec §1.2.2 and §2.2."""
    return n.cadangan_tujuan_risiko + n.ppap


def dana_diterima(n: Neraca) -> int:
    """Total liabilities and equity less accrued expenses and undistributed SHU (spec §1.2.2 [UNCERTAIN])."""
    return n.total_pasiva - n.beban_ymh_dibayar - n.shu_tahun_berjalan


def risiko_pinjaman_bermasalah(outstanding: Mapping[Kolektibilitas, int]) -> Decimal:
    return sum((Decimal(outstanding.get(k, 0)) * w for k, w in RPM_WEIGHTS.items()), Decimal(0))


def pinjaman_bermasalah(outstanding: Mapping[Kolektibilitas, int]) -> int:
    """Kurang Lancar + Diragukan + Macet (unweighted), spec §2.3."""
    return sum(v for k, v in outstanding.items() if k != Kolektibilitas.LANCAR)


@dataclass(frozen=True, slots=True)
class HasilUsaha:
    """The year's flows (income statement and loan volumes), integer rupiah."""

    volume_pinjaman: int = 0              # loans disbursed in the year
    volume_pinjaman_anggota: int = 0      # of which to members
    partisipasi_bruto: int = 0
    beban_pokok: int = 0                  # mainly jasa on members' savings
    pendapatan: int = 0                   # non-member business and other income
    beban_usaha: int = 0
    biaya_karyawan: int = 0               # part of beban usaha
    beban_perkoperasian: int = 0
    shu_sebelum_pajak: int = 0
    shu_bagian_anggota: int = 0
    mepp: int = 0                         # manfaat ekonomi partisipasi pinjaman (and savings), for PEA

    @property
    def partisipasi_neto(self) -> int:
        return self.partisipasi_bruto - self.beban_pokok

    @property
    def shu_kotor(self) -> int:
        return self.partisipasi_neto + self.pendapatan


#: spec §1.2.2 [UNCERTAIN]: all beban usaha is attributed to members while non-member business is below 10 % of
#: revenue; from 10 % on it is attributed pro rata to revenue.
NON_MEMBER_THRESHOLD = Decimal("0.10")


def beban_operasi_anggota(h: HasilUsaha) -> Decimal:
    """Beban pokok + the members' part of beban usaha + beban perkoperasian. ``pendapatan`` (non-member and other
    income) is taken as the non-member part of revenue."""
    revenue = h.partisipasi_bruto + h.pendapatan
    usaha = Decimal(h.beban_usaha)
    if revenue > 0 and Decimal(h.pendapatan) / revenue >= NON_MEMBER_THRESHOLD:
        usaha = usaha * h.partisipasi_bruto / revenue
    return h.beban_pokok + usaha + h.beban_perkoperasian


def derive_inputs(neraca: Neraca, hasil: HasilUsaha, outstanding: Mapping[Kolektibilitas, int],
                  pinjaman_berisiko: int, options: ModalSendiriOptions = ModalSendiriOptions()) -> Inputs:
    """All 25 inputs from the statements, the collectibility of the outstanding loans and the risky loans."""
    return Inputs(
        modal_sendiri=modal_sendiri(neraca, options), total_aset=Decimal(neraca.total_aset),
        pinjaman_berisiko=Decimal(pinjaman_berisiko), modal_tertimbang=modal_tertimbang(neraca), atmr=atmr(neraca),
        volume_pinjaman=Decimal(hasil.volume_pinjaman), volume_pinjaman_anggota=Decimal(hasil.volume_pinjaman_anggota),
        pinjaman_diberikan=Decimal(neraca.pinjaman_diberikan),
        risiko_pinjaman_bermasalah=risiko_pinjaman_bermasalah(outstanding),
        cadangan_risiko=Decimal(cadangan_risiko(neraca)), beban_operasi_anggota=beban_operasi_anggota(hasil),
        partisipasi_bruto=Decimal(hasil.partisipasi_bruto), beban_usaha=Decimal(hasil.beban_usaha),
        shu_kotor=Decimal(hasil.shu_kotor), biaya_karyawan=Decimal(hasil.biaya_karyawan),
        kas_bank=Decimal(neraca.kas + neraca.bank), kewajiban_lancar=Decimal(kewajiban_lancar(neraca)),
        dana_diterima=Decimal(dana_diterima(neraca)), shu_sebelum_pajak=Decimal(hasil.shu_sebelum_pajak),
        shu_bagian_anggota=Decimal(hasil.shu_bagian_anggota), partisipasi_neto=Decimal(hasil.partisipasi_neto),
        beban_perkoperasian=Decimal(hasil.beban_perkoperasian), pendapatan=Decimal(hasil.pendapatan),
        pea=Decimal(hasil.shu_bagian_anggota + hasil.mepp),
        simpanan_pokok_wajib=Decimal(neraca.simpanan_pokok + neraca.simpanan_wajib),
    )


def statement_problems(neraca: Neraca, hasil: HasilUsaha, outstanding: Mapping[Kolektibilitas, int]) -> list[str]:
    """Every inconsistency: negative balances, an unbalanced statement, a collectibility split that does not add up
    to the loans outstanding, member volume above total volume, staff costs above beban usaha."""
    problems = []
    for f in fields(neraca):
        if getattr(neraca, f.name) < 0:
            problems.append(f"neraca.{f.name} tidak boleh negatif")
    for name in ("volume_pinjaman", "volume_pinjaman_anggota", "partisipasi_bruto", "beban_pokok", "pendapatan",
                 "beban_usaha", "biaya_karyawan", "beban_perkoperasian", "shu_bagian_anggota", "mepp"):
        if getattr(hasil, name) < 0:
            problems.append(f"hasil_usaha.{name} tidak boleh negatif")
    if neraca.total_aset != neraca.total_pasiva:
        problems.append(f"neraca tidak seimbang: aset {neraca.total_aset}, kewajiban dan ekuitas {neraca.total_pasiva}")
    if any(v < 0 for v in outstanding.values()):
        problems.append("kolektibilitas tidak boleh negatif")
    if sum(outstanding.values()) != neraca.pinjaman_diberikan:
        problems.append(f"kolektibilitas berjumlah {sum(outstanding.values())}, "
                        f"pinjaman yang diberikan {neraca.pinjaman_diberikan}")
    if hasil.volume_pinjaman_anggota > hasil.volume_pinjaman:
        problems.append("hasil_usaha.volume_pinjaman_anggota melebihi volume_pinjaman")
    if hasil.biaya_karyawan > hasil.beban_usaha:
        problems.append("hasil_usaha.biaya_karyawan melebihi beban_usaha")
    return problems
