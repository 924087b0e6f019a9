"""NIK (Nomor Induk Kependudukan) per spec §6.1: 16 digits ``PP KK CC DDMMYY SSSS``.

``check_nik`` returns errors (which block saving: wrong length, non-digits, impossible day/month, serial 0000) and
warnings (which never block: unknown province, 00 regency/district, a birth date or gender different from what was
entered, an implausible age). Each message names the part of the NIK that is wrong, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PROVINCES = frozenset({11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
                       71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96})


@dataclass(frozen=True, slots=True)
class NikCheck:
    nik: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    female: bool | None = None
    province: int | None = None
    regency: int | None = None
    district: int | None = None
    serial: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_nik(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def mask_nik(nik: str) -> str:
    """3273014508900003 -> 3273********0003 (printed lists, UU 27/2022)."""
    return nik[:4] + "*" * 8 + nik[12:] if len(nik) == 16 else nik


def check_nik(text: str, *, birth_date: dt.date | None = None, female: bool | None = None,
              today: dt.date | None = None) -> NikCheck:
    nik = normalize_nik(text)
    today = today or dt.date.today()
    if not nik:
        return NikCheck(nik, errors=("NIK wajib diisi.",))
    if not nik.isascii() or not nik.isdigit():
        return NikCheck(nik, errors=("NIK hanya boleh berisi angka.",))
    if len(nik) != 16:
        return NikCheck(nik, errors=(f"NIK harus 16 digit angka (yang dimasukkan: {len(nik)} digit).",))
    errors: list[str] = []
    warnings: list[str] = []
    prov, reg, dist = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    day, month, yy, serial = int(nik[6:8]), int(nik[8:10]), int(nik[10:12]), int(nik[12:16])
    if prov not in PROVINCES:
        warnings.append(f"Kode provinsi {nik[0:2]} (digit 1-2) tidak dikenal; periksa kembali NIK.")
    if reg == 0:
        warnings.append("Kode kabupaten/kota (digit 3-4) bernilai 00; periksa kembali NIK.")
    if dist == 0:
        warnings.append("Kode kecamatan (digit 5-6) bernilai 00; periksa kembali NIK.")
    is_female = day > 40
    real_day = day - 40 if is_female else day
    if not (1 <= day <= 31 or 41 <= day <= 71):
        errors.append(f"Tanggal lahir pada NIK (digit 7-8: {nik[6:8]}) harus 01-31, atau 41-71 untuk perempuan.")
    if not 1 <= month <= 12:
        errors.append(f"Bulan lahir pada NIK (digit 9-10: {nik[8:10]}) harus 01-12.")
    if serial == 0:
        errors.append("Nomor urut pada NIK (digit 13-16) tidak boleh 0000.")
    born = None
    if not errors:
        century = 2000 if yy <= today.year % 100 else 1900
        try:
            born = dt.date(century + yy, month, real_day)
        except ValueError:
            warnings.append("Tanggal lahir pada NIK tidak valid "
                            f"({real_day:02d}-{month:02d}-{century + yy}).")
        if born:
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if age < 17 or age > 100:
                warnings.append(f"Umur menurut NIK {age} tahun; periksa kembali NIK dan tanggal lahir.")
            if birth_date and birth_date != born:
                warnings.append(f"Tanggal lahir pada NIK ({born:%d-%m-%Y}) berbeda dengan tanggal lahir yang diisi "
                                f"({birth_date:%d-%m-%Y}).")
    if female is not None and not errors and female != is_female:
        on_nik = "perempuan" if is_female else "laki-laki"
        entered = "perempuan" if female else "laki-laki"
        warnings.append(f"Jenis kelamin pada NIK ({on_nik}, digit 7-8) berbeda dengan yang diisi ({entered}).")
    return NikCheck(nik, tuple(errors), tuple(warnings), born, None if errors else is_female, prov, reg, dist, serial)
