"""The layout cache written as the user moves nodes (``MainWindow.save_layout``): at once for a
graph up to ``data.layout.SAVE_HERE_UP_TO`` nodes, so that an open right after finds it; on a
worker above (a million ids held the window 0.25 s), the saves numbered and written in turn so
that an earlier move's positions never overwrite a later one's. A failure is said in one
sentence and nothing more: the cache is a convenience."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
from PySide6.QtCore import QObject

from data import layout
from data.files import WriteError
from .tasks import run_task


class LayoutCacheWriter(QObject):
    """Writes the cache for one window; ``say(message, milliseconds)`` tells the user of a failure."""

    def __init__(self, say: Callable[[str, int], None], parent: QObject | None = None):
        super().__init__(parent)
        self._say = say
        self._saves = 0  #: saves asked for, numbered

    def save(self, path: Path, ids: list[str], positions: np.ndarray, pinned: np.ndarray) -> None:
        self._saves += 1
        job = (path, self._saves, ids, positions.copy(), pinned.copy())
        if len(ids) <= layout.SAVE_HERE_UP_TO:
            try:
                layout.save_in_turn(*job)
            except WriteError as exc:
                self._failed(str(exc))
            return
        run_task(lambda _report: layout.save_in_turn(*job), name="Saving the layout", owner=self,
                 on_finished=lambda _written: None, on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self._say(f"Could not save the layout cache: {message}", 6000)
