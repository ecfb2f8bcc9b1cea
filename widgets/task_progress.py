"""A progress bar with a Cancel button, for the status bar: shows what a background task is
doing and lets the user stop it."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget


class TaskProgress(QWidget):
    """Hidden until ``start``; ``finish`` hides it again.

    Signals:
    cancel_requested(): the user pressed Cancel.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, step: str, busy: bool = False, cancellable: bool = True) -> None:
        """Show the bar at 0 % (``busy``: a moving bar, for work that cannot say how far it is)."""
        self.bar.setRange(0, 0 if busy else 100)
        self.bar.setValue(0)
        self.bar.setFormat(f"{step} %p%" if not busy else step)
        self.cancel_button.setVisible(cancellable)
        self.show()

    def set_progress(self, step: str, fraction: float) -> None:
        self.bar.setRange(0, 100)
        self.bar.setValue(int(fraction * 100))
        self.bar.setFormat(f"{step} %p%")

    def finish(self) -> None:
        self.hide()
