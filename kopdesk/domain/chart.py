"""The default chart of accounts for a KSP / USP (spec §5.3), seeded into every new koperasi workspace.

Each account: code, name, normal side, health tags. Codes with a single digit are class headers; ``group`` marks
headers that cannot be posted to. ``cash`` marks the accounts the cash book (buku kas) works on.
The 2-1500 dana-dana line of the spec is split per fund (the SHU posting needs each fund separately).
"""

from __future__ import annotations

from dataclasses import dataclass

from kopdesk.domain.ledger import AccountClass, Side


@dataclass(frozen=True, slots=True)
class ChartLine:
    code: str
    name: str
    normal: Side
    tags: tuple[str, ...] = ()
    group: bool = False
    cash: bool = False

    @property
    def klass(self) -> AccountClass:
        return AccountClass(self.code[0])

    @property
    def parent_code(self) -> str | None:
        if "-" not in self.code:
            return None
        if self.code in ("2-1510", "2-1520", "2-1530", "2-1540", "2-1550"):
            return "2-1500"
        return self.code[0]


D, C = Side.DEBIT, Side.CREDIT

DEFAULT_CHART: tuple[ChartLine, ...] = (
    ChartLine("1", "ASET", D, group=True),
    ChartLine("1-1100", "Kas", D, ("kas",), cash=True),
    ChartLine("1-1200", "Bank - giro/tabungan", D, ("bank",), cash=True),
    ChartLine("1-1210", "Simpanan berjangka / deposito di bank / koperasi lain", D, ("atmr20",)),
    ChartLine("1-1300", "Pinjaman anggota", D, ("pinjaman_anggota",)),
    ChartLine("1-1310", "Pinjaman calon anggota / koperasi lain & anggotanya", D, ("pinjaman_non_anggota",)),
    ChartLine("1-1390", "Penyisihan penghapusan pinjaman (PPAP)", C, ("ppap",)),
    ChartLine("1-1400", "Pendapatan jasa/bunga ymh diterima", D, ("atmr50",)),
    ChartLine("1-1500", "Biaya dibayar dimuka, persediaan ATK", D),
    ChartLine("1-2100", "Penyertaan pada koperasi sekunder / lembaga lain", D, ("atmr100",)),
    ChartLine("1-3100", "Tanah, bangunan, kendaraan, inventaris", D, ("aktiva_tetap",)),
    ChartLine("1-3190", "Akumulasi penyusutan", C, ("aktiva_tetap",)),
    ChartLine("2", "LIABILITAS", C, group=True),
    ChartLine("2-1100", "Simpanan sukarela", C, ("kewajiban_lancar", "mt50")),
    ChartLine("2-1200", "Simpanan berjangka anggota (<= 12 bulan)", C, ("kewajiban_lancar", "mt50")),
    ChartLine("2-1300", "Beban ymh dibayar (termasuk jasa simpanan)", C, ("kewajiban_lancar", "mt50", "hutang_biaya")),
    ChartLine("2-1400", "Utang pajak", C, ("kewajiban_lancar",)),
    ChartLine("2-1500", "Dana-dana dari SHU", C, group=True),
    ChartLine("2-1510", "Dana pengurus", C, ("kewajiban_lancar", "mt50", "dana_pengurus")),
    ChartLine("2-1520", "Dana karyawan", C, ("kewajiban_lancar", "mt50", "dana_karyawan")),
    ChartLine("2-1530", "Dana pendidikan", C, ("kewajiban_lancar", "mt50", "dana_pendidikan")),
    ChartLine("2-1540", "Dana sosial", C, ("kewajiban_lancar", "mt50", "dana_sosial")),
    ChartLine("2-1550", "Dana pembangunan daerah kerja", C, ("kewajiban_lancar", "mt50", "dana_pdk")),
    ChartLine("2-1600", "SHU bagian anggota belum dibayarkan", C, ("kewajiban_lancar", "shu_payable")),
    ChartLine("2-2100", "Pinjaman bank / LPDB / koperasi sekunder", C, ("mt50",)),
    ChartLine("2-2200", "Simpanan berjangka anggota (> 12 bulan)", C, ("mt50",)),
    ChartLine("3", "EKUITAS", C, group=True),
    ChartLine("3-1100", "Simpanan pokok", C, ("ms", "mt100", "sp")),
    ChartLine("3-1200", "Simpanan wajib", C, ("ms", "mt100", "sw")),
    ChartLine("3-1300", "Simpanan wajib khusus / penyertaan modal anggota", C, ("ms",)),
    ChartLine("3-1400", "Modal penyertaan", C, ("mt50",)),
    ChartLine("3-2100", "Hibah / donasi / modal sumbangan", C, ("ms", "mt100")),
    ChartLine("3-3100", "Cadangan umum", C, ("ms", "mt100", "cadangan")),
    ChartLine("3-3200", "Cadangan tujuan risiko", C, ("ms", "mt50", "cad_risiko")),
    ChartLine("3-4100", "SHU tahun berjalan - bagian anggota", C, ("mt50", "shu_anggota")),
    ChartLine("3-4200", "SHU tahun berjalan - non-anggota", C, ("mt50", "shu_non_anggota")),
    ChartLine("3-9000", "Saldo awal (penyeimbang pembukaan)", C, ("saldo_awal",)),
    ChartLine("4", "PARTISIPASI & PENDAPATAN", C, group=True),
    ChartLine("4-1100", "Partisipasi - jasa pinjaman anggota", C, ("pb",)),
    ChartLine("4-1200", "Partisipasi - provisi", C, ("pb",)),
    ChartLine("4-1300", "Partisipasi - administrasi", C, ("pb",)),
    ChartLine("4-1400", "Partisipasi - denda", C, ("pb",)),
    ChartLine("4-2100", "Pendapatan jasa pinjaman non-anggota", C, ("pendapatan_non_anggota",)),
    ChartLine("4-3100", "Pendapatan lain (jasa giro, bunga bank)", C, ("pendapatan_lain",)),
    ChartLine("5", "BEBAN POKOK", D, group=True),
    ChartLine("5-1100", "Jasa simpanan sukarela/berjangka anggota", D, ("beban_pokok",)),
    ChartLine("5-1200", "Beban bunga pinjaman bank", D, ("beban_pokok",)),
    ChartLine("6", "BEBAN USAHA", D, group=True),
    ChartLine("6-1100", "Gaji, honor & tunjangan karyawan", D, ("beban_usaha", "biaya_karyawan")),
    ChartLine("6-1200", "Beban umum & administrasi", D, ("beban_usaha",)),
    ChartLine("6-1210", "Beban listrik, air & telepon", D, ("beban_usaha",)),
    ChartLine("6-1300", "Beban penyusutan", D, ("beban_usaha",)),
    ChartLine("6-1400", "Beban penyisihan penghapusan pinjaman", D, ("beban_usaha",)),
    ChartLine("7", "BEBAN PERKOPERASIAN", D, group=True),
    ChartLine("7-1100", "Beban RAT / rapat anggota", D, ("beban_perkoperasian",)),
    ChartLine("7-1200", "Beban pendidikan & penyuluhan anggota", D, ("beban_perkoperasian",)),
    ChartLine("7-1300", "Honor pengurus & pengawas", D, ("beban_perkoperasian",)),
    ChartLine("8", "PAJAK", D, group=True),
    ChartLine("8-1100", "Pajak penghasilan (PPh)", D),
)


def parent_of(code: str) -> str | None:
    for line in DEFAULT_CHART:
        if line.code == code:
            return line.parent_code
    return code[0] if "-" in code else None
