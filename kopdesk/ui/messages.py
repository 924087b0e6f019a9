"""Every question and message box the ui shows goes through ``prompts()`` so tests can answer them without a
modal dialog blocking (``use(FakePrompts(...))``). Texts are short Indonesian sentences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Prompts:
    """The real, modal implementation."""

    def confirm(self, parent: QWidget | None, title: str, text: str, ok_text: str = "Ya",
                cancel_text: str = "Batal") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        if details:
            box.setInformativeText(details)
        box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def ask_text(self, parent: QWidget | None, title: str, label: str, default: str = "",
                 secret: bool = False) -> str | None:
        dlg = QInputDialog(parent)
        if secret:
            dlg.setTextEchoMode(QLineEdit.EchoMode.Password)
        dlg.setWindowTitle(title)
        dlg.setLabelText(label)
        dlg.setTextValue(default)
        dlg.setOkButtonText("Simpan")
        dlg.setCancelButtonText("Batal")
        return dlg.textValue() if dlg.exec() else None

    def save_path(self, parent: QWidget | None, title: str, default: str, name_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, default, name_filter)
        return path or None

    def open_path(self, parent: QWidget | None, title: str, start: str, name_filter: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, start, name_filter)
        return path or None

    def folder(self, parent: QWidget | None, title: str, start: str) -> str | None:
        path = QFileDialog.getExistingDirectory(parent, title, start)
        return path or None


class FakePrompts(Prompts):
    """For tests: records every prompt; answers from the given values."""

    def __init__(self, confirm: bool = True, text: str | None = None, path: str | Path | None = None):
        self.answer_confirm = confirm
        self.answer_text = text
        self.answer_path = str(path) if path else None
        self.seen: list[tuple[str, str, str]] = []

    def confirm(self, parent, title, text, ok_text="Ya", cancel_text="Batal") -> bool:
        self.seen.append(("confirm", title, text))
        if callable(self.answer_confirm):
            return self.answer_confirm(title, text)
        return self.answer_confirm

    def info(self, parent, title, text) -> None:
        self.seen.append(("info", title, text))

    def error(self, parent, title, text, details="") -> None:
        self.seen.append(("error", title, text + ("\n" + details if details else "")))

    def ask_text(self, parent, title, label, default="", secret=False) -> str | None:
        self.seen.append(("ask_text", title, label))
        return self.answer_text

    def save_path(self, parent, title, default, name_filter) -> str | None:
        self.seen.append(("save_path", title, default))
        return self.answer_path

    def open_path(self, parent, title, start, name_filter) -> str | None:
        self.seen.append(("open_path", title, start))
        return self.answer_path

    def folder(self, parent, title, start) -> str | None:
        self.seen.append(("folder", title, start))
        return self.answer_path

    def errors(self) -> list[str]:
        return [text for kind, _, text in self.seen if kind == "error"]


_current: Prompts = Prompts()


def prompts() -> Prompts:
    return _current


def use(impl: Prompts) -> Prompts:
    """Install a Prompts implementation; returns the previous one."""
    global _current
    previous, _current = _current, impl
    return previous
