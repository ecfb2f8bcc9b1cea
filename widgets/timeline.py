"""The timeline panel: the time track, the date box, the mode, step and play controls, and the
name of the event nearest the date. It reports what the user asks for; it owns no date."""
from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QStyle,
                               QToolButton, QVBoxLayout, QWidget)

from data import dates
from .elided_label import ElidedLabel
from .time_track import Mark, TimeTrack

#: play speeds in the calendar's own units: (label, days of the timeline per second)
SPEEDS = (("1 day a second", 1.0), ("1 week a second", 7.0), ("2 weeks a second", 14.0),
          ("1 month a second", 30.436875), ("3 months a second", 91.310625), ("6 months a second", 182.62125),
          ("1 year a second", 365.2425), ("2 years a second", 730.485), ("5 years a second", 1826.2125),
          ("10 years a second", 3652.425), ("25 years a second", 9131.0625))
PLAY_SECONDS = 25  #: the default speed plays the part of the timeline on show in about this long
FRAME_MS = (40, 1000)  #: the play timer's interval: a frame, at most; a second, at least
MODES = (("at", "At date"), ("window", "Window"), ("cumulative", "Cumulative"))


class TimelinePanel(QWidget):
    """Signals:
    day_requested(int), until_requested(int): the user asked for a date (or the window's end).
    mode_requested(str): the user chose a time mode (``at``, ``window``, ``cumulative``).
    event_clicked(str): the user clicked an event mark.
    date_rejected(str): the date typed is not a date (one sentence to show).
    paused(): playing stopped (the user paused, or the end was reached).
    """

    day_requested = Signal(int)
    until_requested = Signal(int)
    mode_requested = Signal(str)
    event_clicked = Signal(str)
    date_rejected = Signal(str)
    paused = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.track = TimeTrack()
        self.track.day_requested.connect(self.day_requested)
        self.track.until_requested.connect(self.until_requested)
        self.track.event_clicked.connect(self.event_clicked)
        self.day: int | None = None
        self.until: int | None = None
        self.mode = "at"
        self.events: list[Mark] = []
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._tick)
        self._build()

    def _button(self, icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setToolTip("Type a date: 2025-01-17, 2025-01 or 2025 (a partial date means its first day)")
        self.date_edit.setMaximumWidth(100)
        self.date_edit.returnPressed.connect(self._typed)
        self.until_edit = QLineEdit()
        self.until_edit.setMaximumWidth(100)
        self.until_edit.setToolTip("The window's last day")
        self.until_edit.returnPressed.connect(self._typed_until)
        self.until_label = QLabel("to")
        self.mode_box = QComboBox()
        for value, text in MODES:
            self.mode_box.addItem(text, value)
        self.mode_box.setToolTip("At date: what is active that day. Window: active at any moment "
                                 "between two dates. Cumulative: everything started by the date.")
        self.mode_box.currentIndexChanged.connect(lambda _i: self.mode_requested.emit(self.mode_box.currentData()))
        self.unit_box = QComboBox()
        self.unit_box.addItems(list(dates.STEP_UNITS))
        self.unit_box.setCurrentText("month")
        self.unit_box.setToolTip("The step of the arrow buttons")
        self.speed_box = QComboBox()
        for label, days in SPEEDS:
            self.speed_box.addItem(label, days)
        self.speed_box.setCurrentText("1 month a second")
        self.speed_box.setToolTip("How fast Play moves through time (set to the data's span when a dataset opens)")
        self.speed_box.currentIndexChanged.connect(lambda _i: self._restart_clock())
        self._clock = QElapsedTimer()
        self._position = 0.0  #: where play is, in days (a fraction of a day builds up between frames)
        self._played: int | None = None  #: the last day play asked for
        self.play_button = self._button(QStyle.SP_MediaPlay, "Play: move through time at the chosen speed (Space)",
                                        self.toggle_play)
        self.play_button.setText("Play")
        self.play_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.play_button.setCheckable(True)
        self.event_label = ElidedLabel()  # cut with an ellipsis in a narrow window; whole on hover
        row = QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 0)
        for widget in (self._button(QStyle.SP_MediaSkipBackward, "Previous event", self.previous_event),
                       self._button(QStyle.SP_MediaSeekBackward, "Back one step", lambda: self.step(-1)),
                       self.date_edit, self.until_label, self.until_edit,
                       self._button(QStyle.SP_MediaSeekForward, "Forward one step", lambda: self.step(1)),
                       self._button(QStyle.SP_MediaSkipForward, "Next event", self.next_event),
                       QLabel("Step"), self.unit_box, self.play_button, self.speed_box,
                       QLabel("Mode"), self.mode_box):
            row.addWidget(widget)
        row.addSpacing(12)
        row.addWidget(self.event_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(0)
        self.track.setMaximumHeight(80)
        layout.addWidget(self.track)
        layout.addLayout(row)
        layout.addStretch(1)
        self._show_window_controls(False)

    # -- content -------------------------------------------------------------------------
    def set_range(self, first: int, last: int) -> None:
        self.track.set_range(first, last)
        self.fit_speed()

    def set_events(self, marks: list[Mark]) -> None:
        self.events = sorted(marks, key=lambda m: m.day)
        self.track.set_events(self.events)
        self.track.show_busy_part()
        self.fit_speed()
        self.show_date(self.day, self.until, self.mode)  # the nearest event may be one of these

    def fit_speed(self) -> None:
        """The play speed that crosses the part of the timeline on show in about
        ``PLAY_SECONDS`` (the nearest of ``SPEEDS``)."""
        span = max(self.track.view_last - self.track.view_first, 1)
        wanted = span / PLAY_SECONDS
        best = min(range(len(SPEEDS)), key=lambda i: abs(math.log(SPEEDS[i][1] / wanted)))
        self.speed_box.setCurrentIndex(best)

    def days_per_second(self) -> float:
        return float(self.speed_box.currentData())

    def set_selection(self, ids) -> None:
        """The selection, which decides between events on the same day (see ``nearest_event``)."""
        self.track.set_selection(ids)
        self.show_date(self.day, self.until, self.mode)

    def show_date(self, day: int | None, until: int | None, mode: str) -> None:
        """Reflect the state's date and mode (no signal is sent back)."""
        self.day, self.until, self.mode = day, until, mode
        self.date_edit.setText(dates.day_to_iso(day) if day is not None else "")
        self.until_edit.setText(dates.day_to_iso(until) if until is not None else "")
        index = self.mode_box.findData(mode)
        if index != self.mode_box.currentIndex():
            self.mode_box.blockSignals(True)
            self.mode_box.setCurrentIndex(index)
            self.mode_box.blockSignals(False)
        self._show_window_controls(mode == "window")
        self.track.set_day(day, until, mode == "window")
        nearest = self.track.nearest_event()
        if nearest is None:
            self.event_label.setText("")
        else:
            when = "today" if nearest.day == day else ("past" if nearest.day < (day or 0) else "to come")
            self.event_label.setText(f"Nearest event ({when}): {dates.day_to_iso(nearest.day)} {nearest.title}")

    def _show_window_controls(self, shown: bool) -> None:
        self.until_label.setVisible(shown)
        self.until_edit.setVisible(shown)

    # -- typed dates ---------------------------------------------------------------------
    def _parse(self, text: str) -> int | None:
        try:
            return dates.parse_day(text)
        except dates.DateError as exc:
            self.date_rejected.emit(f"Not a date: {exc}.")
            return None

    def _typed(self) -> None:
        day = self._parse(self.date_edit.text())
        if day is not None:
            self.day_requested.emit(day)

    def _typed_until(self) -> None:
        day = self._parse(self.until_edit.text())
        if day is not None:
            self.until_requested.emit(day)

    # -- steps and play ------------------------------------------------------------------
    def step(self, count: int, unit: str | None = None) -> None:
        if self.day is None:
            return
        moved = dates.step(self.day, unit or self.unit_box.currentText(), count)
        self.day_requested.emit(min(max(moved, self.track.first), self.track.last))

    def previous_event(self) -> None:
        earlier = [m for m in self.events if self.day is not None and m.day < self.day]
        if earlier:
            self.day_requested.emit(earlier[-1].day)

    def next_event(self) -> None:
        later = [m for m in self.events if self.day is not None and m.day > self.day]
        if later:
            self.day_requested.emit(later[0].day)

    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop()
            return
        if self.day is not None and self.day >= self.track.last:
            self.day_requested.emit(self.track.first)  # play again from the start
        self._position = float(self.day if self.day is not None else self.track.first)
        self._played = self.day
        self._restart_clock()
        self.play_timer.start()
        self.play_button.setChecked(True)
        self.play_button.setText("Pause")
        self.play_button.setIcon(self.style().standardIcon(QStyle.SP_MediaPause))

    def stop(self) -> None:
        playing = self.play_timer.isActive()
        self.play_timer.stop()
        if playing:
            self.paused.emit()
        self.play_button.setChecked(False)
        self.play_button.setText("Play")
        self.play_button.setIcon(self.style().standardIcon(QStyle.SP_MediaPlay))

    def is_playing(self) -> bool:
        return self.play_timer.isActive()

    def _restart_clock(self) -> None:
        """Frames as often as the speed needs (a whole day each at most), timed by the clock."""
        interval = 1000 / max(self.days_per_second(), 0.001)
        self.play_timer.setInterval(int(min(max(interval, FRAME_MS[0]), FRAME_MS[1])))
        self._clock.start()

    def _tick(self) -> None:
        """Move by the time that really went by since the last frame, so that "1 month a
        second" is a month a second however long a redraw takes."""
        self._advance(self._clock.restart() / 1000)

    def _advance(self, seconds: float) -> None:
        if self.day is None:
            self.stop()
            return
        if self.day != self._played:  # the user moved the date meanwhile: go on from there
            self._position = float(self.day)
        self._position += self.days_per_second() * seconds
        moved = int(self._position)
        if moved >= self.track.last:
            self.day_requested.emit(self.track.last)
            self.stop()
            return
        if moved != self.day:
            self._played = moved
            self.day_requested.emit(moved)
