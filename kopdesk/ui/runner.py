"""The operation runner: every service call that writes (or takes long) goes through ``Runner.run``.

It runs the call on ONE worker thread: a Python thread that lives as long as the runner, so the workspace's
per-thread SQLite connection is opened once and reused (a QThreadPool thread gets a fresh Python thread state for
every job, which made every job open, and keep, a connection of its own: ~2 MB each after a big read). It shows a
busy indicator for slow work (a progress bar and Cancel for generators that yield progress), shows any KopDeskError
in the one standard error dialog, logs unexpected exceptions and says they are the program's fault, and on success
emits ``AppEvents.changed``.

``runner.synchronous = True`` runs calls inline on the caller's thread (tests; quick calls in dialogs).
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
import types
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kopdesk.domain.changes import Changes
from kopdesk.domain.errors import KopDeskError, ValidationError
from kopdesk.ui import config
from kopdesk.ui.events import AppEvents
from kopdesk.ui.messages import prompts

log = logging.getLogger("kopdesk")
BUSY_DELAY_MS = 400


@dataclass(frozen=True, slots=True)
class Progress:
    """What a long service generator may yield: ``done`` of ``total`` steps and a short Indonesian text."""

    done: int
    total: int
    text: str = ""


class Cancelled(Exception):
    pass


def changes_of(result: Any) -> Changes:
    """Find the Changes in what a service returned: Changes, an object with .changes, or a tuple holding one."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "changes", None)
    if isinstance(found, Changes):
        return found
    if isinstance(result, tuple):
        out = Changes()
        for item in result:
            out = out | changes_of(item)
        return out
    return Changes()


def setup_logging() -> None:
    if any(getattr(h, "_kopdesk", False) for h in log.handlers):
        return
    try:
        handler = logging.FileHandler(config.log_file(), encoding="utf-8")
    except OSError:
        return
    handler._kopdesk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The one standard error dialog."""
    if isinstance(exc, ValidationError) and len(exc.problems) > 1:
        text = "Periksa lagi isian berikut:\n" + "\n".join(f"• {p}" for p in exc.problems)
        prompts().error(parent, "Belum bisa disimpan", text)
    elif isinstance(exc, KopDeskError):
        prompts().error(parent, "Tidak bisa dilanjutkan", exc.message)
    else:
        setup_logging()
        log.error("Kesalahan program:\n%s", "".join(traceback.format_exception(exc)))
        prompts().error(parent, "Kesalahan program",
                        "Maaf, terjadi kesalahan pada program KopDesk (bukan kesalahan Anda). Data yang sudah "
                        "tersimpan aman; langkah terakhir tidak dibukukan.",
                        f"Rincian dicatat di file log:\n{config.log_file()}")


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


class _Relay(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(object)


class _Job:
    def __init__(self, fn: Callable, args: tuple, kwargs: dict, relay: _Relay, cancel: threading.Event):
        self.fn, self.args, self.kwargs, self.relay, self.cancel = fn, args, kwargs, relay, cancel

    def run(self) -> None:
        try:
            result = _execute(self.fn, self.args, self.kwargs, self.relay.progress.emit, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - everything is routed to the error dialog
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class _Worker:
    """The one database thread: runs jobs in the order they were given, started with the first job."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition()
        self._pending = 0
        self.held = False

    def start(self, job: _Job) -> None:
        with self._idle:
            self._pending += 1
        self._jobs.put(job)
        if not self.held:
            self._run_thread()

    def _run_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="kopdesk-database", daemon=True)
            self._thread.start()

    def release(self) -> None:
        """Start the jobs queued while held (``Runner.hold``)."""
        self.held = False
        if self._pending:
            self._run_thread()

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.run()
            finally:
                job = None   # noqa: F841 - the job holds its arguments (the workspace): let them go now
                with self._idle:
                    self._pending -= 1
                    if not self._pending:
                        self._idle.notify_all()

    def wait(self, msecs: int) -> bool:
        """Wait until every job given so far has ended; False when ``msecs`` passed first."""
        self.release()   # held jobs would never end
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout=msecs / 1000)

    def stop(self, msecs: int) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(msecs / 1000)
            self._thread = None


def _execute(fn: Callable, args: tuple, kwargs: dict, report: Callable[[Any], None],
             cancel: threading.Event) -> Any:
    result = fn(*args, **kwargs)
    if not isinstance(result, types.GeneratorType):
        return result
    gen: Generator = result
    try:
        while True:
            if cancel.is_set():
                gen.close()  # the service's transaction rolls back (all-or-nothing)
                raise Cancelled()
            try:
                step = next(gen)
            except StopIteration as stop:
                return stop.value
            report(step)
    finally:
        gen.close()


class Runner(QObject):
    """Runs service calls for the ui. One instance per application."""

    def __init__(self, events: AppEvents, parent: QObject | None = None):
        super().__init__(parent)
        self.events = events
        self.synchronous = False
        self.worker = _Worker()
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable, *args, parent: QWidget | None = None, on_success: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, busy: str = "Sedang memproses...",
            cancellable: bool = False, quiet: bool = False, owner: QObject | None = None,
            refusal_in_place: bool = False, **kwargs) -> None:
        """Run ``fn(*args, **kwargs)``; on success emit its Changes, then call ``on_success(result)``.

        ``refusal_in_place``: ``on_error`` shows a refusal (a ValidationError) next to the fields it names, so the
        error dialog is not shown for it as well (other failures still get the dialog).
        ``quiet``: no busy dialog (a read the screen fills in when it is done, e.g. the dashboard's figures).
        ``owner`` (default: ``parent``): when it has been deleted by the time the call ends (its screen closed),
        ``on_success`` / ``on_error`` are not called; the Changes are still emitted."""
        owner = owner if owner is not None else parent
        if self.synchronous:
            try:
                result = _execute(fn, args, kwargs, lambda _p: None, threading.Event())
            except Cancelled:
                return
            except BaseException as exc:  # noqa: BLE001
                self._failed(parent, exc, on_error, owner, refusal_in_place)
                return
            self._succeeded(result, on_success, owner)
            return
        relay = _Relay()
        self._relays.add(relay)
        cancel = threading.Event()
        if quiet:
            def quiet_done(result: Any) -> None:
                self._release(relay)
                self._succeeded(result, on_success, owner)

            def quiet_failed(exc: BaseException) -> None:
                self._release(relay)
                if not isinstance(exc, Cancelled):
                    self._failed(parent, exc, on_error, owner, refusal_in_place)

            relay.done.connect(quiet_done, Qt.ConnectionType.QueuedConnection)
            relay.failed.connect(quiet_failed, Qt.ConnectionType.QueuedConnection)
            self.worker.start(_Job(fn, args, kwargs, relay, cancel))
            return
        dialog = QProgressDialog(busy, "Batal" if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle("KopDesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(cancel.set)

        def on_progress(step: Any) -> None:
            if isinstance(step, Progress):
                dialog.setMaximum(max(step.total, 1))
                dialog.setValue(step.done)
                if step.text:
                    dialog.setLabelText(step.text)

        def finish() -> None:
            dialog.close()
            dialog.deleteLater()
            self._release(relay)

        def done(result: Any) -> None:
            finish()
            self._succeeded(result, on_success, owner)

        def failed(exc: BaseException) -> None:
            finish()
            if not isinstance(exc, Cancelled):
                self._failed(parent, exc, on_error, owner, refusal_in_place)

        relay.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        relay.done.connect(done, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self.worker.start(_Job(fn, args, kwargs, relay, cancel))

    def _release(self, relay: _Relay) -> None:
        """The call has ended: drop the relay (its connections hold the callbacks, which hold the relay)."""
        self._relays.discard(relay)
        relay.deleteLater()

    def _succeeded(self, result: Any, on_success: Callable[[Any], None] | None, owner: QObject | None) -> None:
        self.events.emit_changes(changes_of(result))
        if on_success is not None and _alive(owner):
            on_success(result)

    def _failed(self, parent: QWidget | None, exc: BaseException,
                on_error: Callable[[BaseException], None] | None, owner: QObject | None,
                refusal_in_place: bool = False) -> None:
        alive = _alive(owner)
        in_place = refusal_in_place and on_error is not None and alive and isinstance(exc, ValidationError)
        if not in_place:
            show_error(parent if parent is not None and _alive(parent) else None, exc)
        if on_error is not None and alive:
            on_error(exc)

    def hold(self) -> None:
        """Queue the jobs given from now on without running them, until ``release`` (or ``wait``): at start the
        first screen's background reads would compete with its first paint for the interpreter."""
        self.worker.held = True

    def release(self) -> None:
        self.worker.release()

    def wait(self, msecs: int = 30_000) -> bool:
        return self.worker.wait(msecs)

    def shutdown(self) -> None:
        self.worker.wait(60_000)
        self.worker.stop(5_000)
