"""Background work for the window: one way to run a job off the interface thread.

``run_task(job, ...)`` runs ``job(report)`` on Qt's thread pool. The job calls
``report(step, fraction)`` to show progress; once the task is cancelled, the next ``report``
raises ``Cancelled`` and the job stops there. Exactly one answer always comes back on the
interface thread: ``on_finished(result)``, ``on_failed(sentence)`` or ``on_cancelled()``.
Errors a user can cause (a bad file, a full disk) arrive as their own one-sentence message; an
unexpected error is logged with its traceback and arrives as a sentence that says where the log is.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from data.problems import DatasetError

Report = Callable[[str, float], None]


class Cancelled(Exception):
    """The user cancelled the task."""


def _user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions whose message is already one sentence for the user."""
    from data.files import WriteError

    return DatasetError, WriteError


class _Signals(QObject):
    progress = Signal(str, float)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Task(QRunnable):
    """One job on the pool. Keep it to ``cancel`` it; its signals arrive on the interface
    thread (the signals object lives there)."""

    def __init__(self, job: Callable[[Report], Any], name: str = "The task"):
        super().__init__()
        self.job, self.name = job, name
        self.signals = _Signals()
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def report(self, step: str, fraction: float) -> None:
        if self._cancel:
            raise Cancelled()
        self.signals.progress.emit(step, float(fraction))

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError:  # the application quit while the job ran: its answer has nowhere to go
            if shiboken6.isValid(self.signals):
                raise

    def _run(self) -> None:
        try:
            if self._cancel:
                raise Cancelled()
            result = self.job(self.report)
            if self._cancel:
                raise Cancelled()
        except Cancelled:
            self.signals.cancelled.emit()
        except _user_errors() as exc:
            self.signals.failed.emit(str(exc))
        except MemoryError:
            self.signals.failed.emit(f"{self.name} needs more memory than this computer has free.")
        except Exception:  # noqa: BLE001 - anything else is a bug: logged, and the caller is told
            from .errors import record

            where, _details = record(*sys.exc_info())
            kind, value = sys.exc_info()[:2]
            self.signals.failed.emit(f"{self.name} failed with an unexpected error ({kind.__name__}: {value})"
                                     + (f"; the details are in {where}." if where else "."))
        else:
            self.signals.finished.emit(result)


_running: set[Task] = set()  # Python owns each task's signals until its answer is delivered


class _Delivery(QObject):
    """Hands a task's answers to the caller's callbacks. It is a child of the caller's object
    (``owner``), so that an answer arriving after the owner is gone (a window closed while its
    analysis ran) is dropped by Qt instead of reaching deleted widgets."""

    def __init__(self, owner: QObject | None, on_finished, on_failed, on_progress, on_cancelled):
        super().__init__(owner)
        self.callbacks = on_finished, on_failed, on_progress, on_cancelled

    @Slot(object)
    def finished(self, result) -> None:
        self._end(self.callbacks[0], result)

    @Slot(str)
    def failed(self, message: str) -> None:
        self._end(self.callbacks[1], message)

    @Slot(str, float)
    def progress(self, step: str, fraction: float) -> None:
        if self.callbacks[2] is not None:
            self.callbacks[2](step, fraction)

    @Slot()
    def cancelled(self) -> None:
        self._end(self.callbacks[3])

    def _end(self, callback, *args) -> None:
        self.setParent(None)
        self.deleteLater()
        if callback is not None:
            callback(*args)


def run_task(job: Callable[[Report], Any], *, on_finished: Callable[[Any], None],
             on_failed: Callable[[str], None], on_progress: Callable[[str, float], None] | None = None,
             on_cancelled: Callable[[], None] | None = None, name: str = "The task",
             owner: QObject | None = None) -> Task:
    """Start ``job(report)`` on the thread pool; one of the three answers always arrives, on the
    interface thread, unless ``owner`` has been deleted by then."""
    task = Task(job, name)
    task.setAutoDelete(False)
    delivery = _Delivery(owner, on_finished, on_failed, on_progress, on_cancelled)
    task.delivery = delivery  # kept alive with the task when it has no owner
    for signal, slot in ((task.signals.finished, delivery.finished), (task.signals.failed, delivery.failed),
                         (task.signals.progress, delivery.progress), (task.signals.cancelled, delivery.cancelled)):
        signal.connect(slot)
    for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
        signal.connect(lambda *_args: _running.discard(task))
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def background(owner: QObject, name: str) -> Callable[[Callable[[], Any], Callable[[Any], None]], None]:
    """A ``run_in_background(job, done)`` for widgets (which cannot import ``ui``): ``job()``
    runs as a task, and ``done`` gets its result on the interface thread, or None when it
    failed (the failure is logged like any task's)."""
    def run(job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        run_task(lambda _report: job(), on_finished=done, on_failed=lambda _message: done(None), name=name,
                 owner=owner)
    return run
