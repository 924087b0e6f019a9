"""Add or edit a member (anggota): every field of the register, grouped; NIK checked in place with the message that
names the wrong digits; warnings (NIK vs birth date or gender) in amber, not blocking. A new member may pay the
simpanan pokok at once (shown before posting; the kuitansi is offered after)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kopdesk import fmt
from kopdesk.domain.members import Member, MemberStatus
from kopdesk.domain.nik import check_nik
from kopdesk.domain.savings import SavingsKind
from kopdesk.domain.users import Perm
from kopdesk.services import ledger as ledger_svc
from kopdesk.services import members as members_svc
from kopdesk.services import profile as profile_svc
from kopdesk.services import savings as savings_svc
from kopdesk.ui import printing
from kopdesk.ui.dialogs.base import FormDialog
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session
from kopdesk.ui.style import mark_invalid
from kopdesk.ui.widgets import DateEdit, MoneyEdit, OptionalDateEdit, error_label, show_problem, warning_label

WORK_TYPES = ("KPRI", "KOPKAR")      # cooperatives of employees: unit kerja and NIP matter
HEIR_RELATIONS = ("Suami", "Istri", "Anak", "Ayah", "Ibu", "Saudara kandung")
PHOTO_MAX_PX = 600


def field_of(problem: str) -> str:
    """Which field an error of ``members.check_member`` belongs to."""
    if "NIK" in problem:
        return "nik"
    for prefix, key in (("Nama", "name"), ("Jenis kelamin", "gender"), ("Tanggal lahir", "birth"),
                        ("Tanggal masuk", "join"), ("Nomor telepon", "phone"), ("Simpanan wajib", "wajib")):
        if problem.startswith(prefix):
            return key
    return "other"


def photo_bytes(path: str | Path) -> bytes | None:
    """A chosen picture as the member's photo: PNG/JPEG, scaled down to PHOTO_MAX_PX (phone photos are big)."""
    image = QImage(str(path))
    if image.isNull():
        return None
    if max(image.width(), image.height()) > PHOTO_MAX_PX:
        image = image.scaled(PHOTO_MAX_PX, PHOTO_MAX_PX, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "JPEG", 85)
    buf.close()
    return bytes(data.data())


def photo_pixmap(data: bytes | None, w: int, h: int) -> QPixmap | None:
    if not data:
        return None
    pix = QPixmap()
    if not pix.loadFromData(data):
        return None
    return pix.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def _with_error(widget: QWidget) -> tuple[QWidget, QLabel]:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    label = error_label()
    lay.addWidget(label)
    return box, label


class MemberDialog(FormDialog):
    def __init__(self, session: Session, member: Member | None = None, parent=None):
        self.is_new = member is None
        title = "Anggota baru" if self.is_new else f"Ubah data anggota {member.number}"
        super().__init__(title, "Simpan anggota", parent)
        self.session, self.member = session, member
        self.saved: Member | None = None
        self.added = None
        ws = session.ws
        profile = profile_svc.get_profile(ws)
        self.adart = profile_svc.get_adart(ws)
        self.work_fields = profile.coop_type in WORK_TYPES
        self._touched: set[str] = set()
        self._submitted = False
        self._photo: bytes | None = members_svc.get_photo(ws, member.id) if member and member.has_photo else None
        self._photo_changed = False
        self.resize_to_width(960)

        # Identitas
        self.number = QLabel(member.number if member else f"{members_svc.preview_number(ws)} (dibuat otomatis)")
        self.full_name = QLineEdit()
        self.full_name.setPlaceholderText("sesuai KTP, mis. Siti Aminah")
        self.nik = QLineEdit()
        self.nik.setPlaceholderText("16 digit sesuai KTP")
        self.nik.setMaxLength(24)
        self.gender = QComboBox()
        self.gender.addItem("— pilih —", "")
        self.gender.addItem("Laki-laki (L)", "L")
        self.gender.addItem("Perempuan (P)", "P")
        self.birth_place = QLineEdit()
        self.birth_date = OptionalDateEdit()
        # Alamat & kontak
        self.address = QLineEdit()
        self.address.setPlaceholderText("jalan, RT/RW, nomor rumah")
        self.desa = QLineEdit()
        self.kecamatan = QLineEdit()
        self.kabupaten_kota = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("mis. 0812 3456 7890")
        # Pekerjaan
        self.occupation = QLineEdit()
        self.employer_unit = QLineEdit()
        self.nip = QLineEdit()
        # Keanggotaan
        self.join_date = DateEdit()
        self.status = QComboBox()
        self.wajib = MoneyEdit()
        self.wajib.setPlaceholderText(f"kosong = {fmt.rupiah(self.adart.simpanan_wajib)} (AD/ART)")
        # Ahli waris
        self.heir_name = QLineEdit()
        self.heir_relation = QComboBox()
        self.heir_relation.setEditable(True)
        self.heir_relation.addItems(("", *HEIR_RELATIONS))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        self.notes.setTabChangesFocus(True)
        # Foto
        self.photo = QLabel("Belum ada\nfoto")
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(96, 120)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_button = QPushButton("Pilih foto...")
        self.photo_remove = QPushButton("Hapus foto")
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_remove.clicked.connect(self.remove_photo)
        for b in (self.photo_button, self.photo_remove):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.errors: dict[str, QLabel] = {}
        ident = QFormLayout()
        ident.addRow("Nomor anggota", self.number)
        ident.addRow("Nama lengkap *", self._err("name", self.full_name))
        ident.addRow("NIK *", self._err("nik", self.nik))
        ident.addRow("Jenis kelamin *", self._err("gender", self.gender))
        ident.addRow("Tempat lahir", self.birth_place)
        ident.addRow("Tanggal lahir", self._err("birth", self.birth_date))
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photo)
        photo_col.addWidget(self.photo_button)
        photo_col.addWidget(self.photo_remove)
        photo_col.addStretch(1)
        ident_row = QHBoxLayout()
        ident_row.addLayout(ident, 1)
        ident_row.addLayout(photo_col)
        g_ident = QGroupBox("Identitas")
        g_ident.setLayout(ident_row)

        contact = QFormLayout()
        contact.addRow("Alamat", self.address)
        contact.addRow("Desa/Kelurahan", self.desa)
        contact.addRow("Kecamatan", self.kecamatan)
        contact.addRow("Kabupaten/Kota", self.kabupaten_kota)
        contact.addRow("Telepon", self._err("phone", self.phone))
        g_contact = QGroupBox("Alamat && kontak")
        g_contact.setLayout(contact)

        membership = QFormLayout()
        membership.addRow("Tanggal masuk *", self._err("join", self.join_date))
        membership.addRow("Status", self.status)
        membership.addRow("Simpanan wajib/bulan", self._err("wajib", self.wajib))
        g_member = QGroupBox("Keanggotaan")
        g_member.setLayout(membership)

        work = QFormLayout()
        work.addRow("Pekerjaan", self.occupation)
        work.addRow("Unit kerja", self.employer_unit)
        work.addRow("NIP", self.nip)
        if not self.work_fields:
            for w in (self.employer_unit, self.nip):
                w.setEnabled(False)
                w.setPlaceholderText("hanya untuk KPRI / Kopkar")
        g_work = QGroupBox("Pekerjaan")
        g_work.setLayout(work)

        heir = QFormLayout()
        heir.addRow("Nama ahli waris", self.heir_name)
        heir.addRow("Hubungan", self.heir_relation)
        g_heir = QGroupBox("Ahli waris")
        g_heir.setLayout(heir)

        notes = QVBoxLayout()
        notes.addWidget(self.notes)
        g_notes = QGroupBox("Catatan")
        g_notes.setLayout(notes)

        left = QVBoxLayout()
        left.addWidget(g_ident)
        left.addWidget(g_contact)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(g_member)
        right.addWidget(g_work)
        right.addWidget(g_heir)
        right.addWidget(g_notes)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)

        # the simpanan pokok on joining
        self.pay_pokok = QCheckBox(f"Terima simpanan pokok {fmt.rupiah(self.adart.simpanan_pokok)} sekarang")
        self.cash = QComboBox()
        for a in ledger_svc.cash_accounts(ws):
            self.cash.addItem(a.label, a.id)
        pokok_row = QHBoxLayout()
        pokok_row.addWidget(self.pay_pokok)
        pokok_row.addSpacing(12)
        self.cash_label = QLabel("ke akun")
        pokok_row.addWidget(self.cash_label)
        pokok_row.addWidget(self.cash)
        pokok_row.addStretch(1)
        can_pay = self.is_new and self.adart.simpanan_pokok > 0 and session.can(Perm.POST) and self.cash.count() > 0
        self.pay_pokok.setChecked(can_pay)
        for w in (self.pay_pokok, self.cash_label, self.cash):
            w.setVisible(can_pay)
        self.pay_pokok.toggled.connect(self.cash.setEnabled)
        self.body.addLayout(pokok_row)
        self.warnings_label = warning_label()
        self.body.addWidget(self.warnings_label)

        self._fill_status()
        if member is not None:
            self._load(member)
        else:
            self.kabupaten_kota.setText(profile.kabupaten_kota)
        self._show_photo()

        watched = [self.full_name, self.nik, self.birth_place, self.address, self.desa, self.kecamatan,
                   self.kabupaten_kota, self.phone, self.occupation, self.employer_unit, self.nip, self.heir_name]
        for w in watched:
            w.textChanged.connect(self.mark_dirty)
        self.full_name.textEdited.connect(lambda _t: self._touch("name"))
        self.nik.textEdited.connect(lambda _t: self._touch("nik"))
        self.phone.textEdited.connect(lambda _t: self._touch("phone"))
        self.nik.textChanged.connect(self._nik_typed)
        self.birth_date.valueChanged.connect(lambda _v: self._touch("birth"))
        self.gender.currentIndexChanged.connect(lambda _i: self._touch("gender"))
        self.join_date.dateChanged.connect(lambda _d: self._touch("join"))
        self.wajib.textChanged.connect(lambda _t: self._touch("wajib"))
        self.notes.textChanged.connect(self.mark_dirty)
        self.status.currentIndexChanged.connect(self.mark_dirty)
        self.heir_relation.editTextChanged.connect(self.mark_dirty)
        self.pay_pokok.toggled.connect(self.mark_dirty)
        chain = [self.full_name, self.nik, self.gender, self.birth_place, self.birth_date.edit, self.address,
                 self.desa, self.kecamatan, self.kabupaten_kota, self.phone, self.join_date, self.status, self.wajib,
                 self.occupation, self.employer_unit, self.nip, self.heir_name, self.heir_relation, self.notes,
                 self.pay_pokok, self.cash]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.finish_layout()
        self._dirty = False
        self.validate()
        self.full_name.setFocus()

    def _err(self, key: str, widget: QWidget) -> QWidget:
        box, label = _with_error(widget)
        self.errors[key] = label
        return box

    def _fill_status(self) -> None:
        m = self.member
        if m is not None and not m.status.is_member:
            self.status.addItem(m.status.label, m.status.value)
            self.status.setEnabled(False)
            self.status.setToolTip(f"Keluar pada {fmt.date_long(m.exit_date)}: {m.exit_reason}")
            return
        choices = [MemberStatus.AKTIF, MemberStatus.CALON] + ([MemberStatus.NON_AKTIF] if m is not None else [])
        for s in choices:
            self.status.addItem(s.label, s.value)

    def _load(self, m: Member) -> None:
        self.full_name.setText(m.full_name)
        self.nik.setText(m.nik)
        self.gender.setCurrentIndex(max(0, self.gender.findData(m.gender)))
        self.birth_place.setText(m.birth_place)
        self.birth_date.setValue(m.birth_date)
        for key in ("address", "desa", "kecamatan", "kabupaten_kota", "phone", "occupation", "employer_unit", "nip",
                    "heir_name"):
            getattr(self, key).setText(getattr(m, key) or "")
        self.heir_relation.setEditText(m.heir_relation)
        if m.join_date:
            self.join_date.setValue(m.join_date)
        self.status.setCurrentIndex(max(0, self.status.findData(m.status.value)))
        self.wajib.setValue(m.wajib_amount)
        self.notes.setPlainText(m.notes)

    # ------------------------------------------------------------------ photo
    def _show_photo(self) -> None:
        pix = photo_pixmap(self._photo, self.photo.width(), self.photo.height())
        if pix is None:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("Belum ada\nfoto")
        else:
            self.photo.setPixmap(pix)
        self.photo_remove.setEnabled(self._photo is not None)

    def choose_photo(self) -> None:
        path = prompts().open_path(self, "Pilih foto anggota", str(Path.home()), "Gambar (*.jpg *.jpeg *.png)")
        if not path:
            return
        data = photo_bytes(path)
        if data is None:
            prompts().error(self, "Foto tidak bisa dibaca", f"File {Path(path).name} bukan gambar JPEG atau PNG.")
            return
        self._photo, self._photo_changed = data, True
        self._show_photo()
        self.mark_dirty()

    def remove_photo(self) -> None:
        self._photo, self._photo_changed = None, True
        self._show_photo()
        self.mark_dirty()

    # ------------------------------------------------------------------ validation
    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self.mark_dirty()

    def _nik_typed(self, text: str) -> None:
        """A valid NIK holds the birth date and gender: fill them when still empty."""
        check = check_nik(text)
        if not check.ok:
            return
        if self.birth_date.value() is None and not self.birth_date.problem() and check.birth_date:
            self.birth_date.setValue(check.birth_date)
        if not self.gender.currentData() and check.female is not None:
            self.gender.setCurrentIndex(self.gender.findData("P" if check.female else "L"))

    def value(self) -> Member:
        status = MemberStatus(self.status.currentData())
        fields = dict(
            full_name=self.full_name.text().strip(), nik=self.nik.text().strip(), gender=self.gender.currentData(),
            birth_place=self.birth_place.text().strip(), birth_date=self.birth_date.value(),
            address=self.address.text().strip(), desa=self.desa.text().strip(),
            kecamatan=self.kecamatan.text().strip(), kabupaten_kota=self.kabupaten_kota.text().strip(),
            phone=self.phone.text().strip(), occupation=self.occupation.text().strip(),
            employer_unit=self.employer_unit.text().strip(), nip=self.nip.text().strip(),
            join_date=self.join_date.value(), status=status, heir_name=self.heir_name.text().strip(),
            heir_relation=self.heir_relation.currentText().strip(),
            wajib_amount=self.wajib.value() if self.wajib.text().strip() else None,
            notes=self.notes.toPlainText().strip(), has_photo=self._photo is not None)
        if self.member is not None:
            return dataclasses.replace(self.member, **fields)
        return Member(id=None, number="", **fields)

    def check(self) -> tuple[list[str], list[str]]:
        m = self.value()
        errors, warnings = members_svc.check_member(self.session.ws, m)
        if self.birth_date.problem():
            errors = [e for e in errors if field_of(e) != "birth"] + [f"Tanggal lahir: {self.birth_date.problem()}"]
        if self.wajib.problem():
            errors.append(f"Simpanan wajib/bulan: {self.wajib.problem()}")
        if self.pay_pokok.isVisible() and self.pay_pokok.isChecked() and self.cash.currentData() is None:
            errors.append("Akun kas/bank untuk simpanan pokok wajib dipilih.")
        return errors, warnings

    def problems(self) -> list[str]:
        return self.check()[0]

    def validate(self) -> bool:
        if not hasattr(self, "warnings_label"):
            return super().validate()
        errors, warnings = self.check()
        self.ok_button.setEnabled(not errors)
        by_field: dict[str, list[str]] = {}
        for e in errors:
            by_field.setdefault(field_of(e), []).append(e)
        widgets = {"name": self.full_name, "nik": self.nik, "gender": self.gender, "birth": self.birth_date.edit,
                   "join": self.join_date, "phone": self.phone, "wajib": self.wajib}
        for key, label in self.errors.items():
            shown = key in self._touched or self._submitted
            text = "\n".join(by_field.get(key, [])) if shown else ""
            show_problem(label, text)
            mark_invalid(widgets[key], bool(text), text)
        other = by_field.get("other", [])
        show_problem(self.problems_label, "\n".join(other) if (self._dirty or self._submitted) else "")
        self.warnings_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.fit_height()
        return not errors

    # ------------------------------------------------------------------ saving
    def summary(self, m: Member) -> str:
        ws = self.session.ws
        pokok = savings_svc.product_of_kind(ws, SavingsKind.POKOK)
        labels = {a.id: a.label for a in ledger_svc.list_accounts(ws)}
        amount = fmt.rupiah(self.adart.simpanan_pokok)
        return (f"{m.full_name} didaftarkan sebagai {m.status.label.lower()} per {fmt.date_long(m.join_date)}, "
                f"dan simpanan pokoknya diterima:\n\n"
                f"Debit   {self.cash.currentText()}: {amount}\n"
                f"Kredit  {labels.get(pokok.account_id, pokok.name)}: {amount}\n\n"
                f"Saldo simpanan pokok {m.full_name} sesudahnya: {amount}")

    def submit(self) -> None:
        self._submitted = True
        self._dirty = True
        if not self.validate():
            return
        s = self.session
        m = self.value()
        if self.is_new:
            pay = self.pay_pokok.isVisible() and self.pay_pokok.isChecked()
            if pay and not prompts().confirm(self, "Daftarkan anggota dan terima simpanan pokok?", self.summary(m),
                                             ok_text="Ya, simpan anggota", cancel_text="Periksa lagi"):
                return
            s.runner.run(members_svc.add_member, s.ws, m, s.user, pay_pokok=pay,
                         cash_account_id=self.cash.currentData() if pay else None, parent=self,
                         busy="Menyimpan anggota...", on_success=self._added)
        else:
            s.runner.run(members_svc.update_member, s.ws, m, s.user, parent=self, busy="Menyimpan...",
                         on_success=lambda _r: self._saved(m))

    def _save_photo(self, member_id: int) -> None:
        if self._photo_changed:
            s = self.session
            s.runner.run(members_svc.set_photo, s.ws, member_id, self._photo, s.user, parent=self)

    def _added(self, added) -> None:
        self.added = added
        self._save_photo(added.member.id)
        self.saved = added.member
        self.done_ok()
        if added.pokok_tx_id is not None:
            parent = self.parentWidget()
            if prompts().confirm(parent, "Tersimpan",
                                 f"{added.member.full_name} terdaftar dengan nomor {added.member.number}. Simpanan "
                                 f"pokok {fmt.rupiah(self.adart.simpanan_pokok)} sudah dibukukan "
                                 f"({added.pokok_journal}).\n\nCetak kuitansinya sekarang?",
                                 ok_text="Cetak kuitansi", cancel_text="Tidak"):
                printing.preview(self.session, printing.receipt_doc(self.session, added.pokok_tx_id,
                                                                    added.pokok_journal), parent)

    def _saved(self, m: Member) -> None:
        self._save_photo(m.id)
        self.saved = m
        self.done_ok()
