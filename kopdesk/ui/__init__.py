"""The PySide6 application: main window, screens, dialogs, table models, widgets, the operation runner."""

from kopdesk.ui import qtfix as _qtfix  # noqa: F401  (must run before any Qt override is called)
