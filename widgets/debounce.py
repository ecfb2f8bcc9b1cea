"""One helper for "do this once things settle": a single-shot timer wrapped around a callable.

Views and the window use it wherever a burst of requests (a slider drag, typing, a flood of
state signals) should end in one piece of work: ``trigger`` restarts the wait (or, with
``restart=False``, keeps the wait already running), ``flush`` does the work now if it is due,
``cancel`` forgets it.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer


class Debounce(QObject):
    """Call ``action`` once, ``milliseconds`` after the last ``trigger`` (or the first one, when
    ``restart`` is False: at most one call per period however fast the triggers come)."""

    def __init__(self, parent: QObject, milliseconds: int, action: Callable[[], object], restart: bool = True):
        super().__init__(parent)
        self._action, self._restart = action, restart
        self._timer = QTimer(self, singleShot=True, interval=milliseconds)
        self._timer.timeout.connect(self._fire)

    def trigger(self, milliseconds: int | None = None) -> None:
        """Ask for the action; ``milliseconds`` overrides the wait for this request only."""
        if self._timer.isActive() and not self._restart:
            return
        if milliseconds is None:
            self._timer.start()
        else:
            self._timer.start(milliseconds)

    def flush(self) -> None:
        """Do the pending action now (nothing if none is pending)."""
        if self._timer.isActive():
            self._fire()

    def cancel(self) -> None:
        self._timer.stop()

    def _fire(self) -> None:
        self._timer.stop()
        self._action()
