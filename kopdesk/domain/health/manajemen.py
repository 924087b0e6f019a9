"""Aspect 3, Manajemen (bobot 15): 38 yes/no questions in 5 components, a fixed number of points per "ya", at most
3 points per component (spec §1.2.5). The questions are seed data: full Indonesian text plus the evidence (*bukti*)
the examiner must see. Seven answers can be suggested from the books (spec §1.2.5 last paragraph, §2.3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType


class MgmtComponent(StrEnum):
    UMUM = "umum"
    KELEMBAGAAN = "kelembagaan"
    PERMODALAN = "permodalan"
    AKTIVA = "aktiva"
    LIKUIDITAS = "likuiditas"

    @property
    def label(self) -> str:
        return MGMT_COMPONENTS[self].name

    @property
    def questions(self) -> int:
        return MGMT_COMPONENTS[self].questions

    @property
    def points_per_yes(self) -> Decimal:
        return MGMT_COMPONENTS[self].points_per_yes


@dataclass(frozen=True, slots=True)
class MgmtComponentInfo:
    name: str
    questions: int
    points_per_yes: Decimal

    @property
    def max_points(self) -> Decimal:
        return self.points_per_yes * self.questions


MGMT_COMPONENTS: Mapping[MgmtComponent, MgmtComponentInfo] = MappingProxyType({
    MgmtComponent.UMUM: MgmtComponentInfo("Manajemen Umum", 12, Decimal("0.25")),
    MgmtComponent.KELEMBAGAAN: MgmtComponentInfo("Kelembagaan", 6, Decimal("0.50")),
    MgmtComponent.PERMODALAN: MgmtComponentInfo("Manajemen Permodalan", 5, Decimal("0.60")),
    MgmtComponent.AKTIVA: MgmtComponentInfo("Manajemen Aktiva", 10, Decimal("0.30")),
    MgmtComponent.LIKUIDITAS: MgmtComponentInfo("Manajemen Likuiditas", 5, Decimal("0.60")),
})


@dataclass(frozen=True, slots=True)
class Question:
    number: int                  # 1..38, the order of spec §1.2.5 (and of formats.md ``jawaban``)
    component: MgmtComponent
    text: str                    # pertanyaan
    evidence: str                # bukti yang diperiksa
    derivable: bool = False      # KopDesk can suggest the answer from the books


_U, _K, _P, _A, _L = (MgmtComponent.UMUM, MgmtComponent.KELEMBAGAAN, MgmtComponent.PERMODALAN, MgmtComponent.AKTIVA,
                      MgmtComponent.LIKUIDITAS)

QUESTIONS: tuple[Question, ...] = (
    # ---- Manajemen Umum (12 x 0,25)
    Question(1, _U, "Apakah koperasi memiliki visi, misi dan tujuan yang jelas dan tertulis?",
             "Dokumen visi, misi dan tujuan yang disahkan (Anggaran Dasar/ART, rencana strategis atau keputusan "
             "Rapat Anggota)."),
    Question(2, _U, "Apakah koperasi memiliki rencana kerja jangka panjang sekurang-kurangnya 3 (tiga) tahun yang "
             "dijadikan acuan dalam menjalankan usahanya?",
             "Dokumen rencana jangka panjang minimal 3 tahun dan bukti bahwa rencana kerja tahunan merujuk "
             "kepadanya."),
    Question(3, _U, "Apakah koperasi memiliki rencana kerja tahunan yang digunakan sebagai dasar kegiatan usaha "
             "selama satu tahun?",
             "Rencana kerja dan RAPBK tahun berjalan yang disahkan Rapat Anggota."),
    Question(4, _U, "Apakah rencana kerja jangka pendek (tahunan) sesuai dengan rencana kerja jangka panjang?",
             "Perbandingan sasaran dalam rencana kerja tahunan dengan sasaran rencana jangka panjang."),
    Question(5, _U, "Apakah visi, misi, tujuan dan rencana kerja koperasi diketahui dan dipahami oleh pengurus, "
             "pengawas, pengelola dan seluruh karyawan?",
             "Wawancara silang (cross-check) dengan pengurus, pengawas, pengelola dan karyawan; bukti sosialisasi."),
    Question(6, _U, "Apakah keputusan operasional koperasi diambil oleh pengelola secara independen?",
             "Surat keputusan pengangkatan dan uraian wewenang pengelola; contoh keputusan operasional yang "
             "ditandatangani pengelola."),
    Question(7, _U, "Apakah pengurus dan pengelola mempunyai komitmen untuk menyelesaikan masalah yang dihadapi "
             "koperasi dan melakukan langkah-langkah perbaikan?",
             "Notulen rapat pengurus/pengelola yang membahas masalah beserta tindak lanjut perbaikannya."),
    Question(8, _U, "Apakah koperasi memiliki peraturan kepegawaian dan tata tertib kerja yang tertulis, serta "
             "sarana kerja yang memadai?",
             "Peraturan kepegawaian/tata tertib kerja tertulis; pengamatan sarana kerja di kantor."),
    Question(9, _U, "Apakah pengurus yang mengangkat pengelola tidak mencampuri kegiatan operasional sehari-hari "
             "untuk kepentingan pribadi, keluarga atau kelompoknya?",
             "Wawancara dengan pengelola; pemeriksaan keputusan operasional dan transaksi dengan pihak terkait."),
    Question(10, _U, "Apakah anggota sebagai pemilik koperasi mampu meningkatkan modal koperasi?",
             "Perkembangan simpanan pokok dan simpanan wajib anggota, diuji silang dengan buku simpanan anggota.",
             ),
    Question(11, _U, "Apakah pengurus tidak melakukan kegiatan operasional yang menguntungkan diri sendiri, "
             "keluarga atau kelompoknya, atau yang dapat merugikan koperasi?",
             "Daftar pinjaman dan transaksi dengan pengurus, pengawas dan keluarganya; notulen rapat pengurus."),
    Question(12, _U, "Apakah pengurus melakukan pengawasan yang efektif terhadap pengelola?",
             "Laporan berkala pengelola kepada pengurus dan tanggapan/arahan pengurus; notulen rapat pengurus."),
    # ---- Kelembagaan (6 x 0,50)
    Question(13, _K, "Apakah bagan organisasi koperasi mencerminkan seluruh kegiatan koperasi, tanpa jabatan yang "
             "kosong atau rangkap jabatan?",
             "Bagan organisasi dan uraian tugas (job description) tertulis; daftar pejabat dan karyawan."),
    Question(14, _K, "Apakah terdapat rincian tugas yang jelas untuk setiap karyawan?",
             "Uraian/spesifikasi tugas (job specification) setiap karyawan."),
    Question(15, _K, "Apakah di dalam struktur organisasi koperasi terdapat fungsi pengawasan?",
             "Bagan organisasi; surat keputusan pengawas atau satuan pengawasan intern; laporan pengawasan."),
    Question(16, _K, "Apakah koperasi memiliki Standar Operasional Manajemen (SOM) dan Standar Operasional Prosedur "
             "(SOP) yang tertulis?",
             "Dokumen SOM dan SOP yang disahkan pengurus."),
    Question(17, _K, "Apakah koperasi menjalankan kegiatannya sesuai dengan SOM dan SOP?",
             "Uji petik (cross-check) transaksi dan berkas terhadap langkah-langkah dalam SOP."),
    Question(18, _K, "Apakah koperasi menyimpan dokumen-dokumen penting secara aman?",
             "Pengamatan tempat penyimpanan (lemari besi/tahan api) akta pendirian, AD/ART, izin usaha, sertifikat "
             "agunan dan dokumen penting lainnya."),
    # ---- Manajemen Permodalan (5 x 0,60)
    Question(19, _P, "Apakah pertumbuhan modal sendiri sama dengan atau lebih besar dari pertumbuhan aset?",
             "Neraca dua tahun terakhir: pertumbuhan modal sendiri dibandingkan pertumbuhan total aset.",
             derivable=True),
    Question(20, _P, "Apakah modal sendiri yang berasal dari anggota tumbuh sekurang-kurangnya 10% dibandingkan "
             "tahun sebelumnya?",
             "Neraca dua tahun terakhir: simpanan pokok dan simpanan wajib.", derivable=True),
    Question(21, _P, "Apakah penyisihan cadangan dari SHU sama dengan atau lebih besar dari seperempat (1/4) SHU "
             "tahun berjalan?",
             "Keputusan RAT tentang pembagian SHU; laporan perubahan ekuitas.", derivable=True),
    Question(22, _P, "Apakah simpanan (tabungan) dan simpanan berjangka meningkat sekurang-kurangnya 10% "
             "dibandingkan tahun sebelumnya?",
             "Neraca dua tahun terakhir: simpanan sukarela/tabungan dan simpanan berjangka.", derivable=True),
    Question(23, _P, "Apakah investasi harta tetap dan inventaris serta pengembangan kantor dibiayai dengan modal "
             "sendiri?",
             "Neraca dan catatan atas laporan keuangan: sumber pembiayaan aset tetap, inventaris dan kantor."),
    # ---- Manajemen Aktiva (10 x 0,30)
    Question(24, _A, "Apakah pinjaman dengan kolektibilitas lancar sekurang-kurangnya 90% dari pinjaman yang "
             "diberikan?",
             "Daftar kolektibilitas pinjaman per tanggal penilaian.", derivable=True),
    Question(25, _A, "Apakah setiap pinjaman yang diberikan didukung agunan yang nilainya sama dengan atau lebih "
             "besar dari pinjaman, kecuali pinjaman kepada anggota sampai dengan Rp1.000.000?",
             "Uji petik berkas pinjaman: nilai taksasi agunan dibandingkan dengan pokok pinjaman."),
    Question(26, _A, "Apakah dana cadangan penghapusan pinjaman sama dengan atau lebih besar dari jumlah pinjaman "
             "macet tahunan?",
             "Neraca (cadangan tujuan risiko dan PPAP) dan daftar kolektibilitas (pinjaman macet).", derivable=True),
    Question(27, _A, "Apakah pinjaman macet tahun lalu dapat ditagih sekurang-kurangnya sepertiga (1/3)?",
             "Daftar pinjaman macet akhir tahun lalu dan bukti penagihan/pelunasannya tahun ini.", derivable=True),
    Question(28, _A, "Apakah prosedur pemberian pinjaman dilaksanakan dengan efektif?",
             "Uji petik berkas pinjaman terhadap prosedur pinjaman (permohonan, analisis, persetujuan, pencairan)."),
    Question(29, _A, "Apakah koperasi memiliki kebijakan tertulis mengenai cadangan penghapusan pinjaman "
             "bermasalah?",
             "Kebijakan tertulis tentang pembentukan cadangan/penyisihan penghapusan pinjaman."),
    Question(30, _A, "Apakah keputusan pemberian pinjaman diambil berdasarkan prinsip kehati-hatian?",
             "Analisis kelayakan pinjaman (analisis kredit) yang terdokumentasi pada berkas pinjaman."),
    Question(31, _A, "Apakah keputusan pemberian pinjaman dan/atau penempatan dana diambil oleh komite?",
             "Notulen/berita acara rapat komite pinjaman."),
    Question(32, _A, "Apakah setelah pinjaman diberikan dilakukan pemantauan terhadap penggunaan pinjaman serta "
             "kemampuan dan kepatuhan peminjam dalam memenuhi kewajibannya?",
             "Laporan kunjungan/pemantauan peminjam dan catatan penagihan."),
    Question(33, _A, "Apakah dilakukan peninjauan, penilaian dan pengikatan terhadap agunan?",
             "Berkas taksasi agunan dan dokumen pengikatan (misalnya SKMHT/APHT, jaminan fidusia)."),
    # ---- Manajemen Likuiditas (5 x 0,60)
    Question(34, _L, "Apakah koperasi memiliki kebijakan tertulis mengenai pengendalian likuiditas?",
             "Kebijakan tertulis pengendalian likuiditas yang disahkan pengurus."),
    Question(35, _L, "Apakah koperasi memiliki fasilitas pinjaman dari lembaga lain yang dapat digunakan untuk "
             "menjaga likuiditas?",
             "Perjanjian fasilitas pinjaman siaga dengan bank, koperasi sekunder atau lembaga lain."),
    Question(36, _L, "Apakah koperasi memiliki pedoman administrasi yang efektif untuk memantau kewajiban yang "
             "jatuh tempo?",
             "Daftar jatuh tempo simpanan berjangka dan pinjaman yang diterima, dan cara pemantauannya."),
    Question(37, _L, "Apakah kebijakan pemberian pinjaman dan penerimaan simpanan disesuaikan dengan kondisi "
             "keuangan koperasi?",
             "Kebijakan suku jasa dan plafon pinjaman/simpanan dibandingkan posisi kas dan dana."),
    Question(38, _L, "Apakah sistem informasi manajemen memadai untuk pemantauan likuiditas?",
             "Laporan posisi kas harian/mingguan dan proyeksi arus kas."),
)

QUESTION_COUNT = 38


@dataclass(frozen=True, slots=True)
class ManagementAnswers:
    """The number of "ya" per component (any subset; a missing component leaves aspect 3 incomplete), and, when
    the questionnaire was filled in, the 38 answers themselves."""

    yes_counts: Mapping[MgmtComponent, int]
    answers: tuple[bool, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "yes_counts",
                           MappingProxyType({MgmtComponent(k): v for k, v in self.yes_counts.items()}))

    @classmethod
    def from_counts(cls, counts: Mapping[str | MgmtComponent, int]) -> ManagementAnswers:
        return cls({MgmtComponent(k): v for k, v in counts.items()})

    @classmethod
    def from_answers(cls, answers: Sequence[bool]) -> ManagementAnswers:
        """From the 38 booleans in question order. Raises ValueError if there are not exactly 38."""
        answers = tuple(answers)
        if len(answers) != QUESTION_COUNT or not all(isinstance(a, bool) for a in answers):
            raise ValueError("jawaban manajemen harus 38 nilai ya/tidak (true/false)")
        counts = {c: 0 for c in MgmtComponent}
        for q, yes in zip(QUESTIONS, answers, strict=True):
            counts[q.component] += int(yes)
        return cls(counts, answers)

    @property
    def missing(self) -> tuple[MgmtComponent, ...]:
        return tuple(c for c in MgmtComponent if c not in self.yes_counts)

    @property
    def complete(self) -> bool:
        return not self.missing

    def component_points(self, component: MgmtComponent) -> Decimal | None:
        count = self.yes_counts.get(component)
        return None if count is None else component.points_per_yes * count

    @property
    def points(self) -> Decimal | None:
        """The aspect's skor (0-15), exact; None while a component is missing."""
        if not self.complete:
            return None
        return sum((self.component_points(c) for c in MgmtComponent), Decimal(0))


def management_problems(m: ManagementAnswers, field: str = "manajemen") -> list[str]:
    """Counts must be whole numbers within 0..questions of their component; answers, if kept, exactly 38."""
    problems = []
    for c, count in m.yes_counts.items():
        if isinstance(count, bool) or not isinstance(count, int):
            problems.append(f"{field}.{c.value} harus bilangan bulat (tertulis {count!r})")
        elif not 0 <= count <= c.questions:
            problems.append(f"{field}.{c.value} harus 0 sampai {c.questions} (tertulis {count})")
    if m.answers is not None and len(m.answers) != QUESTION_COUNT:
        problems.append(f"{field}.jawaban harus berisi {QUESTION_COUNT} jawaban (tertulis {len(m.answers)})")
    return problems


# --------------------------------------------------------------------------------- suggestions from the books


@dataclass(frozen=True, slots=True)
class BookFigures:
    """Figures from the books for the seven derivable questions; any may be missing (None). Rupiah."""

    modal_sendiri: int | None = None
    modal_sendiri_lalu: int | None = None
    total_aset: int | None = None
    total_aset_lalu: int | None = None
    simpanan_pokok_wajib: int | None = None            # modal sendiri from members
    simpanan_pokok_wajib_lalu: int | None = None
    penyisihan_cadangan: int | None = None             # reserve set aside from this year's SHU
    shu: int | None = None                             # SHU of the year (after tax)
    simpanan_sukarela_berjangka: int | None = None     # tabungan + simpanan berjangka
    simpanan_sukarela_berjangka_lalu: int | None = None
    pinjaman_lancar: int | None = None
    pinjaman_diberikan: int | None = None
    cadangan_risiko: int | None = None                 # cadangan tujuan risiko + PPAP
    pinjaman_macet: int | None = None                  # macet at the assessment date
    macet_tahun_lalu: int | None = None                # macet at the end of last year
    macet_tahun_lalu_tertagih: int | None = None       # of which collected this year


def _all(*values) -> bool:
    return all(v is not None for v in values)


def suggest_answers(f: BookFigures) -> dict[int, bool | None]:
    """Suggested answers for questions 19, 20, 21, 22, 24, 26, 27 (None: not enough data). The examiner confirms.

    Growth comparisons are done in whole numbers (cross-multiplied), so there is no rounding at the 10 % edge.
    """
    s: dict[int, bool | None] = {n: None for n in (19, 20, 21, 22, 24, 26, 27)}
    if _all(f.modal_sendiri, f.modal_sendiri_lalu, f.total_aset, f.total_aset_lalu) and f.modal_sendiri_lalu > 0 \
            and f.total_aset_lalu > 0:
        # MS / MS_prev >= TA / TA_prev
        s[19] = f.modal_sendiri * f.total_aset_lalu >= f.total_aset * f.modal_sendiri_lalu
    if _all(f.simpanan_pokok_wajib, f.simpanan_pokok_wajib_lalu) and f.simpanan_pokok_wajib_lalu > 0:
        s[20] = 10 * f.simpanan_pokok_wajib >= 11 * f.simpanan_pokok_wajib_lalu
    if _all(f.penyisihan_cadangan, f.shu) and f.shu > 0:
        s[21] = 4 * f.penyisihan_cadangan >= f.shu
    if _all(f.simpanan_sukarela_berjangka, f.simpanan_sukarela_berjangka_lalu) \
            and f.simpanan_sukarela_berjangka_lalu > 0:
        s[22] = 10 * f.simpanan_sukarela_berjangka >= 11 * f.simpanan_sukarela_berjangka_lalu
    if _all(f.pinjaman_lancar, f.pinjaman_diberikan) and f.pinjaman_diberikan > 0:
        s[24] = 10 * f.pinjaman_lancar >= 9 * f.pinjaman_diberikan
    if _all(f.cadangan_risiko, f.pinjaman_macet):
        s[26] = f.cadangan_risiko >= f.pinjaman_macet
    if f.macet_tahun_lalu == 0:
        s[27] = True            # nothing was macet last year: nothing left to collect
    elif _all(f.macet_tahun_lalu, f.macet_tahun_lalu_tertagih):
        s[27] = 3 * f.macet_tahun_lalu_tertagih >= f.macet_tahun_lalu
    return s
