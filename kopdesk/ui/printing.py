"""Documents: build the PDF through kopdesk.reports on the worker, then preview, print or save it.

Each document is a ``Doc``: a title, a default file name and a function ``make(out_path)`` that writes the PDF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from kopdesk import fmt
from kopdesk.ui.messages import prompts
from kopdesk.ui.session import Session


@dataclass(frozen=True)
class Doc:
    title: str
    file_name: str
    make: Callable[[Path], object]


def _reports():
    import kopdesk.reports as reports

    return reports


def trial_balance_doc(s: Session, as_of: dt.date) -> Doc:
    return Doc(f"Neraca Saldo per {fmt.date_long(as_of)}", f"neraca-saldo-{as_of:%Y-%m-%d}.pdf",
               lambda out: _reports().trial_balance_pdf(s.ws, as_of, out))


def account_ledger_doc(s: Session, account_id: int, label: str, date_from: dt.date, date_to: dt.date) -> Doc:
    code = label.split(" ")[0]
    return Doc(f"Buku Besar {label}", f"buku-besar-{code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf",
               lambda out: _reports().account_ledger_pdf(s.ws, account_id, date_from, date_to, out))


def cash_book_doc(s: Session, account_id: int, label: str, date_from: dt.date, date_to: dt.date) -> Doc:
    code = label.split(" ")[0]
    return Doc(f"Buku Kas {label}", f"buku-kas-{code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf",
               lambda out: _reports().cash_book_pdf(s.ws, account_id, date_from, date_to, out))


def journal_voucher_doc(s: Session, journal_id: int, number: str) -> Doc:
    return Doc(f"Bukti Jurnal {number}", f"bukti-jurnal-{number}.pdf",
               lambda out: _reports().journal_voucher_pdf(s.ws, journal_id, out))


def receipt_doc(s: Session, tx_id: int, number: str) -> Doc:
    return Doc(f"Kuitansi {number}", f"kuitansi-{number}.pdf", lambda out: _reports().receipt_pdf(s.ws, tx_id, out))


def statement_doc(s: Session, member_id: int, member_number: str, date_from: dt.date, date_to: dt.date,
                  product_codes: list[str] | None = None) -> Doc:
    return Doc(f"Kartu Simpanan {member_number}",
               f"kartu-simpanan-{member_number}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.pdf",
               lambda out: _reports().savings_statement_pdf(s.ws, member_id, date_from, date_to, out,
                                                            product_codes=product_codes))


def member_list_doc(s: Session, statuses: tuple | None, label: str) -> Doc:
    today = dt.date.today()
    return Doc(f"Daftar Anggota ({label})", f"daftar-anggota-{today:%Y-%m-%d}.pdf",
               lambda out: _reports().member_list_pdf(s.ws, out, statuses=statuses))


def settlement_doc(s: Session, member_id: int, member_number: str) -> Doc:
    return Doc(f"Berita Acara Pengembalian Simpanan {member_number}", f"pengembalian-simpanan-{member_number}.pdf",
               lambda out: _reports().settlement_letter_pdf(s.ws, member_id, out))


_tmpdir: Path | None = None


def temp_pdf(name: str) -> Path:
    global _tmpdir
    if _tmpdir is None:
        _tmpdir = Path(tempfile.mkdtemp(prefix="kopdesk-pdf-"))
    return _tmpdir / name


def build(s: Session, doc: Doc, parent: QWidget | None, then: Callable[[Path], None]) -> None:
    """Write the PDF to a temporary file on the worker thread, then call ``then(path)``."""
    out = temp_pdf(doc.file_name)

    def make() -> Path:
        doc.make(out)
        return out

    s.runner.run(make, parent=parent, busy=f"Menyiapkan {doc.title}...", on_success=then)


def show_pdf(path: Path, title: str, file_name: str, parent: QWidget | None = None,
             on_closed: Callable[[], None] | None = None):
    """Open the preview of an existing PDF (modal, not blocking); ``on_closed`` runs when it is closed."""
    from kopdesk.ui.dialogs.pdf_preview import PdfPreviewDialog

    dlg = PdfPreviewDialog(path, title, file_name, parent)
    dlg.setModal(True)
    if on_closed is not None:
        dlg.finished.connect(lambda _r: on_closed())
    dlg.show()
    if parent is not None:
        parent._preview = dlg  # keep it alive
    return dlg


def preview(s: Session, doc: Doc, parent: QWidget | None = None, on_closed: Callable[[], None] | None = None) -> None:
    build(s, doc, parent, lambda path: show_pdf(path, doc.title, doc.file_name, parent, on_closed))


def print_doc(s: Session, doc: Doc, parent: QWidget | None = None) -> None:
    from kopdesk.ui.dialogs.pdf_preview import print_pdf

    build(s, doc, parent, lambda path: print_pdf(path, parent))


def save_doc(s: Session, doc: Doc, parent: QWidget | None = None) -> None:
    target = prompts().save_path(parent, "Simpan PDF", str(Path.home() / doc.file_name), "File PDF (*.pdf)")
    if not target:
        return
    if not target.lower().endswith(".pdf"):
        target += ".pdf"

    def copy(path: Path) -> None:
        save_copy(path, target, parent)
    build(s, doc, parent, copy)


def save_copy(path: Path, target: str, parent: QWidget | None) -> bool:
    try:
        shutil.copyfile(path, target)
    except OSError as exc:
        prompts().error(parent, "Gagal menyimpan", f"File {target} tidak bisa ditulis: {exc.strerror or exc}.")
        return False
    prompts().info(parent, "PDF tersimpan", f"Dokumen disimpan ke:\n{target}")
    return True
