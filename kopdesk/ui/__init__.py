"""The PySide6 application: main window, screens, dialogs, table models, widgets, the operation runner."""
