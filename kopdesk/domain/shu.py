"""SHU distribution (spec §4): pools from the AD/ART allocation, the non-member part to cadangan, jasa modal and
jasa usaha per member in proportion to savings and transactions, rounding per member.

Rounding rules: each pool is rounded half-up to the rupiah and any residue of that rounding goes to cadangan, so
the pools add up exactly to the SHU. Each member's jasa modal and jasa usaha are rounded half-up to a multiple of
``rounding``; what rounding leaves undistributed is reported (``rounding_residue``) for the treasurer to book (to
dana sosial or cadangan, per the AD/ART).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kopdesk.domain.money import HUNDRED, dec, round_rupiah, round_to

JASA_MODAL = "jasa_modal"
JASA_USAHA = "jasa_usaha"
CADANGAN = "cadangan"


@dataclass(frozen=True, slots=True)
class ShuMember:
    id: str
    name: str
    savings: int            # qualifying savings (default basis: pokok + wajib at year end)
    transactions: int       # business with the cooperative (default basis: jasa paid on loans in the year)


@dataclass(frozen=True, slots=True)
class ShuInput:
    shu: int
    allocation: Mapping[str, Decimal]
    members: Sequence[ShuMember]
    non_member: int = 0
    total_savings: int | None = None        # given when only some members are listed
    total_transactions: int | None = None
    rounding: int = 1


@dataclass(frozen=True, slots=True)
class ShuShare:
    member: ShuMember
    jasa_modal: int
    jasa_usaha: int

    @property
    def total(self) -> int:
        return self.jasa_modal + self.jasa_usaha


@dataclass(frozen=True, slots=True)
class ShuResult:
    shu: int
    pools: dict[str, int]
    rate_jasa_modal: Decimal        # rupiah of SHU per rupiah of savings (exact)
    rate_jasa_usaha: Decimal
    shares: tuple[ShuShare, ...]
    total_distributed: int
    rounding_residue: int           # member pools minus the rounded shares, when every member is listed


def shu_problems(inp: ShuInput) -> list[str]:
    problems = []
    if not isinstance(inp.shu, int) or isinstance(inp.shu, bool) or inp.shu < 0:
        problems.append("shu harus rupiah bulat, tidak negatif")
    if not isinstance(inp.non_member, int) or inp.non_member < 0:
        problems.append("shu_non_anggota harus rupiah bulat, tidak negatif")
    elif isinstance(inp.shu, int) and inp.non_member > inp.shu:
        problems.append("shu_non_anggota tidak boleh lebih besar dari shu")
    total = sum((dec(v) for v in inp.allocation.values()), Decimal(0))
    if any(dec(v) < 0 for v in inp.allocation.values()):
        problems.append("alokasi tidak boleh negatif")
    if total != 100:
        problems.append(f"alokasi berjumlah {total.normalize():f}, harus 100")
    if not isinstance(inp.rounding, int) or inp.rounding <= 0:
        problems.append("pembulatan harus bilangan bulat positif (1, 100, 1000)")
    seen = set()
    for n, m in enumerate(inp.members, start=1):
        if m.id in seen:
            problems.append(f"anggota ke-{n}: id {m.id} ganda")
        seen.add(m.id)
        if m.savings < 0 or m.transactions < 0:
            problems.append(f"anggota ke-{n} ({m.id}): simpanan dan transaksi tidak boleh negatif")
    listed_s = sum(m.savings for m in inp.members)
    listed_t = sum(m.transactions for m in inp.members)
    if inp.total_savings is not None and inp.total_savings < listed_s:
        problems.append(f"total_simpanan {inp.total_savings} lebih kecil dari jumlah simpanan anggota {listed_s}")
    if inp.total_transactions is not None and inp.total_transactions < listed_t:
        problems.append(f"total_transaksi {inp.total_transactions} lebih kecil dari jumlah transaksi anggota "
                        f"{listed_t}")
    return problems


def compute_shu(inp: ShuInput) -> ShuResult:
    problems = shu_problems(inp)
    if problems:
        raise ValueError("; ".join(problems))
    member_part = inp.shu - inp.non_member
    pools: dict[str, int] = {}
    for name, pct in inp.allocation.items():
        pools[name] = round_rupiah(Decimal(member_part) * dec(pct) / HUNDRED)
    pools[CADANGAN] = pools.get(CADANGAN, 0) + inp.non_member
    pools[CADANGAN] += inp.shu - sum(pools.values())  # the pools' own rounding residue
    total_s = inp.total_savings if inp.total_savings is not None else sum(m.savings for m in inp.members)
    total_t = inp.total_transactions if inp.total_transactions is not None else sum(m.transactions
                                                                                  for m in inp.members)
    jm_pool, ju_pool = pools.get(JASA_MODAL, 0), pools.get(JASA_USAHA, 0)
    rate_jm = Decimal(jm_pool) / total_s if total_s else Decimal(0)
    rate_ju = Decimal(ju_pool) / total_t if total_t else Decimal(0)
    shares = []
    for m in inp.members:
        jm = round_to(Decimal(m.savings) * jm_pool / total_s, inp.rounding) if total_s else 0
        ju = round_to(Decimal(m.transactions) * ju_pool / total_t, inp.rounding) if total_t else 0
        shares.append(ShuShare(m, jm, ju))
    distributed = sum(s.total for s in shares)
    all_listed = inp.total_savings is None and inp.total_transactions is None
    residue = (jm_pool + ju_pool - distributed) if all_listed else 0
    return ShuResult(inp.shu, pools, rate_jm, rate_ju, tuple(shares), distributed, residue)


def rate6(rate: Decimal) -> Decimal:
    return rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
