"""The time track: a date axis at day resolution with a draggable handle (two in window mode)
and the dataset's events as marks above it. Painted in one widget: no item per event."""
from __future__ import annotations


import datetime as dt
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from data.dates import day_to_date

from .rendering import paint_target

EVENT_PALETTE = ("#b91c1c", "#1d4ed8", "#15803d", "#7c3aed", "#c2410c", "#0e7490", "#a16207", "#be185d")


@dataclass(frozen=True)
class Mark:
    """One event on the track."""

    id: str
    day: int
    title: str
    kind: str
    entities: tuple[str, ...] = ()  #: the ids of the entities it concerns


class TimeTrack(QWidget):
    """Signals:
    day_requested(int): the user moved the main handle (or clicked the axis).
    until_requested(int): the user moved the window's end handle.
    event_clicked(str): the user clicked an event mark.
    """

    day_requested = Signal(int)
    until_requested = Signal(int)
    event_clicked = Signal(str)

    MARGIN = 14
    EVENT_ROW = 22

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setMinimumHeight(66)
        self.first, self.last = 0, 1  #: the dataset's range
        self.view_first, self.view_last = 0, 1  #: the part of it on show (wheel zooms)
        self.day: int | None = None
        self.until: int | None = None
        self.window_mode = False
        self.marks: list[Mark] = []
        self._days = np.zeros(0, dtype=np.int64)  #: the marks' days, in order (searched, not scanned)
        self._sprites: dict = {}  #: (kind, past, pixel ratio) -> a pin drawn once
        self.kind_colours: dict[str, str] = {}
        self.selection: frozenset[str] = frozenset()
        self._weight: dict[str, int] = {}  #: how many events name each entity: what the data is about
        self._drag: str | None = None
        self.font_ = QFont()
        self.font_.setPointSizeF(8)
        self.setToolTip("Drag the handle to move in time; scroll to zoom the axis, double-click to see it all")

    def sizeHint(self) -> QSize:
        return QSize(800, 70)

    # -- content -------------------------------------------------------------------------
    def set_range(self, first: int, last: int) -> None:
        self.first, self.last = first, max(last, first + 1)
        self.view_first, self.view_last = self.first, self.last
        self.update()

    def zoom(self, factor: float, around: int | None = None) -> None:
        """Show ``factor`` times the days now shown (below 1 zooms in), keeping ``around`` put."""
        around = (self.view_first + self.view_last) // 2 if around is None else around
        span = max(int((self.view_last - self.view_first) * factor), 30)
        share = (around - self.view_first) / max(self.view_last - self.view_first, 1)
        first = int(around - share * span)
        first = min(max(first, self.first), max(self.last - span, self.first))
        self.view_first, self.view_last = first, min(first + span, self.last)
        self.update()

    def set_events(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: m.day)
        self._days = np.array([m.day for m in self.marks], dtype=np.int64)
        self._weight = {}
        for mark in marks:
            for entity_id in set(mark.entities):
                self._weight[entity_id] = self._weight.get(entity_id, 0) + 1
        kinds = sorted({m.kind for m in marks})
        self.kind_colours = {k: EVENT_PALETTE[i % len(EVENT_PALETTE)] for i, k in enumerate(kinds)}
        self._sprites = {}
        self.update()

    def set_day(self, day: int | None, until: int | None, window_mode: bool) -> None:
        self.day, self.until, self.window_mode = day, until, window_mode
        if day is not None and not self.view_first <= day <= self.view_last:  # follow the date
            span = self.view_last - self.view_first
            first = min(max(day - span // 2, self.first), max(self.last - span, self.first))
            self.view_first, self.view_last = first, first + span
        self.update()

    def show_busy_part(self) -> None:
        """Zoom to where most events are (from the fifth of them onwards), if that is narrower."""
        if len(self.marks) < 5:
            return
        start = self.marks[len(self.marks) // 5].day - 180
        if start - self.first > (self.last - self.first) * 0.2:
            self.view_first = max(start, self.first)
            self.update()

    # -- geometry ------------------------------------------------------------------------
    def _axis(self) -> tuple[float, float, float]:
        """Left x, right x, axis y."""
        return self.MARGIN, self.width() - self.MARGIN, self.EVENT_ROW + 18

    def x_of(self, day: int) -> float:
        left, right, _ = self._axis()
        span = max(self.view_last - self.view_first, 1)
        return left + (right - left) * (day - self.view_first) / span

    def day_at(self, x: float) -> int:
        left, right, _ = self._axis()
        fraction = min(max((x - left) / max(right - left, 1), 0.0), 1.0)
        return int(round(self.view_first + fraction * (self.view_last - self.view_first)))

    def mark_at(self, point: QPointF) -> Mark | None:
        if not 0 <= point.y() <= self.EVENT_ROW + 4:
            return None
        # the marks on either side of the day under the pointer (by bisection: thousands of events)
        at = int(np.searchsorted(self._days, self.day_at(point.x())))
        near = [self.marks[i] for i in (at - 1, at) if 0 <= i < len(self.marks)]
        best = min(near, key=lambda m: abs(self.x_of(m.day) - point.x()), default=None)
        return best if best is not None and abs(self.x_of(best.day) - point.x()) <= 5 else None

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setFont(self.font_)
        left, right, y = self._axis()
        if self.window_mode and self.day is not None and self.until is not None:
            span = QRectF(self.x_of(self.day), y - 5, self.x_of(self.until) - self.x_of(self.day), 10)
            painter.fillRect(span, QColor(250, 204, 21, 110))
        painter.setPen(QPen(QColor("#9ca3af"), 2))
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        self._paint_ticks(painter, y)
        self._paint_marks(painter)
        if self.day is not None:
            self._paint_handle(painter, self.day, "#111827")
            if self.window_mode and self.until is not None:
                self._paint_handle(painter, self.until, "#4b5563")
        painter.end()

    def _paint_ticks(self, painter: QPainter, y: float) -> None:
        first, last = day_to_date(self.view_first), day_to_date(self.view_last)
        metrics = QFontMetrics(self.font_)
        room = max(int((self.width() - 2 * self.MARGIN) / (metrics.horizontalAdvance("2025-09") + 14)), 1)
        ticks = _tick_dates(first, last, room)
        painter.setPen(QColor("#4b5563"))
        for date, text in ticks:
            x = self.x_of(date.toordinal())
            painter.drawLine(QPointF(x, y - 3), QPointF(x, y + 3))
            painter.drawText(QRectF(x - 40, y + 5, 80, 14), Qt.AlignHCenter | Qt.AlignTop, text)

    def _paint_marks(self, painter: QPainter) -> None:
        """Each event as a pin; the pins that would be drawn alike on the same half pixel are
        drawn once (thousands of events share a few hundred pixels)."""
        nearest = self.nearest_event()
        lo, hi = (int(i) for i in np.searchsorted(self._days, [self.view_first, self.view_last + 1]))
        if hi <= lo:
            return
        left, right, _ = self._axis()
        days = self._days[lo:hi]
        xs = left + (right - left) * (days - self.view_first) / max(self.view_last - self.view_first, 1)
        past = days <= self.day if self.day is not None else np.zeros(len(days), dtype=bool)
        # one pin per two pixels (the latest event there; a past one over one to come): ten
        # thousand events share a few hundred pins' room
        look = np.floor(xs / 2).astype(np.int64) * 2 + past
        _looks, last = np.unique(look[::-1], return_index=True)
        # the pixel ratio of what is painted into (an export's image has its own)
        target = paint_target(painter)
        ratio = target.devicePixelRatioF() if target is not None else 1.0
        for i in np.sort(len(look) - 1 - last).tolist():
            mark = self.marks[lo + i]
            if mark is not nearest:
                sprite = self._sprite(mark.kind, bool(past[i]), ratio)
                painter.drawPixmap(QPointF(float(xs[i]) - 5, 0), sprite)
        if nearest is not None and self.view_first <= nearest.day <= self.view_last:
            self._pin(painter, self.x_of(nearest.day), nearest.kind, self.day is not None and nearest.day <= self.day,
                      True)

    def _sprite(self, kind: str, past: bool, ratio: float) -> QPixmap:
        """A pin drawn once per kind, past or to come, and pixel ratio, then copied per event."""
        key = (kind, past, ratio)
        sprite = self._sprites.get(key)
        if sprite is None:
            sprite = QPixmap(round(10 * ratio), round((self.EVENT_ROW + 11) * ratio))
            sprite.setDevicePixelRatio(ratio)
            sprite.fill(Qt.transparent)
            painter = QPainter(sprite)
            painter.setRenderHint(QPainter.Antialiasing, True)
            self._pin(painter, 5.0, kind, past, False)
            painter.end()
            self._sprites[key] = sprite
        return sprite

    def _pin(self, painter: QPainter, x: float, kind: str, past: bool, nearest: bool) -> None:
        colour = QColor(self.kind_colours.get(kind, "#6b7280"))
        if not past:
            colour.setAlpha(90)
        painter.setPen(QPen(colour, 2 if past else 1.5))
        painter.setBrush(colour if past else Qt.NoBrush)
        top = 1 if nearest else 4
        painter.drawLine(QPointF(x, top + 9), QPointF(x, self.EVENT_ROW + 10))
        painter.drawEllipse(QPointF(x, top + 5), 4.2 if nearest else 3.5, 4.2 if nearest else 3.5)

    def _paint_handle(self, painter: QPainter, day: int, colour: str) -> None:
        if not self.view_first <= day <= self.view_last:
            return
        x, y = self.x_of(day), self._axis()[2]
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(QColor(colour))
        painter.drawPolygon(QPolygonF([QPointF(x, y - 2), QPointF(x - 7, y - 12), QPointF(x + 7, y - 12)]))
        painter.setPen(QPen(QColor(colour), 2))
        painter.drawLine(QPointF(x, y - 4), QPointF(x, y + 4))

    def set_selection(self, ids) -> None:
        """The selected entities: of two events equally near, the one about them is named.
        Only that can change with them: the track is painted again only if it does."""
        before = self.nearest_event()
        self.selection = frozenset(ids)
        if self.nearest_event() is not before:
            self.update()

    def nearest_event(self) -> Mark | None:
        """The event nearest the date; of several as near, the one most tied to the selection,
        then to what the dataset is about (the entities its events name most often)."""
        if self.day is None or not self.marks:
            return None
        # the nearest days by bisection: only the events on them are weighed (a dataset may
        # have thousands of events, and this runs at every paint)
        at = int(np.searchsorted(self._days, self.day))
        near = [int(self._days[i]) for i in (at - 1, at) if 0 <= i < len(self._days)]
        gap = min(abs(day - self.day) for day in near)
        days = {day for day in near if abs(day - self.day) == gap}
        lo, hi = (int(i) for i in np.searchsorted(self._days, [min(days), max(days) + 1]))
        return min(self.marks[lo:hi], key=lambda m: (m.day, -len(self.selection.intersection(m.entities)),
                                                     -sum(self._weight.get(e, 0) for e in set(m.entities))))

    # -- mouse and keys ------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton:
            return
        point = event.position()
        mark = self.mark_at(point)
        if mark is not None:
            self.event_clicked.emit(mark.id)
            return
        self._drag = "day"
        if self.window_mode and self.until is not None and self.day is not None:
            near_until = abs(point.x() - self.x_of(self.until)) < abs(point.x() - self.x_of(self.day))
            self._drag = "until" if near_until else "day"
        self._move_handle(point.x())

    def mouseMoveEvent(self, event) -> None:
        point = event.position()
        if self._drag:
            self._move_handle(point.x())
            return
        mark = self.mark_at(point)
        if mark is not None:
            text = f"{day_to_date(mark.day).isoformat()}  {mark.title}" + (f" ({mark.kind})" if mark.kind else "")
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
            self.setToolTip(text)
        else:
            self.setToolTip("")

    def mouseReleaseEvent(self, _event) -> None:
        self._drag = None

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(0.8 ** steps, self.day_at(event.position().x()))
        event.accept()

    def mouseDoubleClickEvent(self, _event) -> None:
        self.view_first, self.view_last = self.first, self.last
        self.update()

    def _move_handle(self, x: float) -> None:
        day = self.day_at(x)
        if self._drag == "until":
            self.until_requested.emit(day)
        else:
            self.day_requested.emit(day)


def _tick_dates(first: dt.date, last: dt.date, room: int) -> list[tuple[dt.date, str]]:
    """Tick dates on round years, quarters or months, as many as there is room for."""
    years = last.year - first.year + 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if years / step <= room:
            break
    else:
        step = 1000
    if years > room or step > 1 or years >= 4:
        start = first.year + (-first.year) % step
        return [(dt.date(y, 1, 1), str(y)) for y in range(start, last.year + 1, step)
                if first <= dt.date(y, 1, 1) <= last]
    ticks = []
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = next(m for m in (1, 2, 3, 6, 12) if months / m <= room)
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        if (m - 1) % every == 0:
            date = dt.date(y, m, 1)
            if first <= date <= last:
                ticks.append((date, f"{y}" if m == 1 else f"{y}-{m:02d}"))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return ticks
