"""Preview a PDF inside KopDesk (QtPdf), print it (painting each page onto a QPrinter) or save it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kopdesk.ui.messages import prompts

_printers: list[QPrinter] = []  # stack.md gotcha 7: keep the QPrinter alive


def print_pdf(path: Path, parent: QWidget | None = None, document: QPdfDocument | None = None) -> bool:
    doc = document
    if doc is None:
        doc = QPdfDocument(parent)
        doc.load(str(path))
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        prompts().error(parent, "Tidak bisa mencetak", "Dokumen PDF tidak bisa dibaca.")
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _printers.append(printer)
    printer.setDocName(path.stem)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Cetak")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pdf(doc, printer)
    return True


def paint_pdf(doc: QPdfDocument, printer: QPrinter) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        prompts().error(None, "Tidak bisa mencetak", "Printer tidak bisa dipakai. Periksa printer lalu coba lagi.")
        return
    try:
        dpi = printer.resolution()
        for i in range(doc.pageCount()):
            if i:
                printer.newPage()
            size_pt = doc.pagePointSize(i)
            target = painter.viewport()
            px = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = doc.render(i, px)
            scaled = px.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(QPointF(0, 0), scaled.toSizeF()), image)
    finally:
        painter.end()


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.path, self.file_name = Path(path), file_name
        self.setWindowTitle(f"Pratinjau - {title}")
        self.resize(900, 700)
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        info = QLabel(f"{title}  ·  {pages} halaman")
        info.setObjectName("hint")
        self.print_button = QPushButton("Cetak...")
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton("Simpan PDF...")
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Tutup")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(info, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_)

    def print_(self) -> None:
        print_pdf(self.path, self, self.document)

    def save(self) -> None:
        from kopdesk.ui.printing import save_copy

        target = prompts().save_path(self, "Simpan PDF", str(Path.home() / self.file_name), "File PDF (*.pdf)")
        if target:
            save_copy(self.path, target if target.lower().endswith(".pdf") else target + ".pdf", self)
