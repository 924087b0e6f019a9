"""A form dialog: OK button that says what it does and is enabled only when the form is valid, Enter = OK,
Esc = Batal, and closing with typed data asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from kopdesk.ui.messages import prompts
from kopdesk.ui.widgets import error_label, show_problem


class FormDialog(QDialog):
    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._dirty = False
        self._closing = False
        self.body = QVBoxLayout(self)
        self.problems_label = error_label()
        self.buttons = QDialogButtonBox()
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        self.ok_button.setAutoDefault(True)
        self.cancel_button = self.buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def resize_to_width(self, width: int) -> None:
        """A comfortable starting width; the layout still keeps every label readable."""
        self._width = width

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        want = max(getattr(self, "_width", 0), self.sizeHint().width())
        if self.width() < want:
            self.resize(want, self.height())

    def finish_layout(self) -> None:
        """Call at the end of the subclass __init__: adds the problem line and the buttons."""
        self.body.addWidget(self.problems_label)
        self.body.addWidget(self.buttons)
        self.validate()

    def mark_dirty(self, *_args) -> None:
        self._dirty = True
        self.validate()

    # override
    def problems(self) -> list[str]:
        return []

    def validate(self) -> bool:
        problems = self.problems()
        self.ok_button.setEnabled(not problems)
        show_problem(self.problems_label, problems[0] if problems and self._dirty else "")
        self.fit_height()
        return not problems

    def fit_height(self) -> None:
        """Grow when a message or a hint appears, so nothing is cut off at the bottom."""
        lay = self.layout()
        if not self.isVisible() or lay is None:
            return
        want = lay.totalSizeHint().height()
        if self.height() < want:
            self.resize(self.width(), want)

    def submit(self) -> None:
        """The OK button. Override to do the work; call ``self.done_ok()`` when it succeeded."""
        if self.validate():
            self.done_ok()

    def done_ok(self) -> None:
        self._closing = True
        self.accept()

    def reject(self) -> None:
        if self._dirty and not self._closing:
            if not prompts().confirm(self, "Batalkan isian?", "Isian yang sudah diketik akan dibuang. Lanjutkan?",
                                     ok_text="Buang isian", cancel_text="Kembali mengisi"):
                return
        self._closing = True
        super().reject()


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    return label
