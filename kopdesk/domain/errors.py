"""The error types every layer raises. Messages are Indonesian: the ui shows them as they are."""

from __future__ import annotations


class KopDeskError(Exception):
    """Base of every expected failure. ``message`` is shown to the user verbatim (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(KopDeskError):
    """Bad input. Carries every problem found, each naming its field."""

    def __init__(self, problems: list[str] | str, field: str | None = None):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        self.field = field
        super().__init__("\n".join(self.problems))


class PermissionDenied(KopDeskError):
    pass


class PeriodClosed(KopDeskError):
    pass


class NotFound(KopDeskError):
    pass


class WorkspaceError(KopDeskError):
    """A workspace file that cannot be opened: not KopDesk, newer version, locked, corrupt."""
