"""Lifespan bars on a small time axis: an entity's interval and each of its relations', with
partial dates drawn as uncertain (hatched) ends and unknown ends fading out, and the current
date as a line. One painted widget."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from data import dates
from data.dates import PartialDate


@dataclass(frozen=True)
class Bar:
    """One row: a label and an interval as written (None for an unknown end)."""

    label: str
    start: PartialDate | None
    end: PartialDate | None
    colour: str = "#1d4ed8"


class LifespanChart(QWidget):
    """Rows of bars over [first, last]; ``set_day`` draws the current date."""

    ROW = 15
    LABEL = 118
    MAX_ROWS = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.hidden = 0
        self.first, self.last = 0, 1
        self.day: int | None = None
        self.font_ = QFont()
        self.font_.setPointSizeF(7.5)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setToolTip("Solid: known dates. Hatched: a partial date (year or month). "
                        "Fading: an unknown start or end. The line marks the current date.")

    def set_bars(self, bars: list[Bar], first: int, last: int, total: int | None = None) -> None:
        """The first ``MAX_ROWS`` bars are drawn; ``total`` (when more bars exist than were
        made) counts the rest as hidden."""
        total = len(bars) if total is None else max(total, len(bars))
        self.bars, self.hidden = bars[: self.MAX_ROWS], max(total - self.MAX_ROWS, 0)
        self.first, self.last = first, max(last, first + 1)
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def set_day(self, day: int | None) -> None:
        self.day = day
        self.update()

    def sizeHint(self) -> QSize:
        rows = len(self.bars) + (1 if self.hidden else 0)
        return QSize(300, rows * self.ROW + 22)

    def x_of(self, day: int) -> float:
        left, right = self.LABEL, self.width() - 6
        day = min(max(day, self.first), self.last)
        return left + (right - left) * (day - self.first) / (self.last - self.first)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setFont(self.font_)
        metrics = QFontMetricsF(self.font_)
        for row, bar in enumerate(self.bars):
            y = row * self.ROW + 2
            label = metrics.elidedText(bar.label, Qt.ElideRight, self.LABEL - 8)
            painter.setPen(QColor("#374151"))
            painter.drawText(QRectF(0, y, self.LABEL - 6, self.ROW), Qt.AlignVCenter | Qt.AlignLeft, label)
            self._paint_bar(painter, bar, y + 3, self.ROW - 6)
        if self.hidden:
            y = len(self.bars) * self.ROW + 2
            painter.setPen(QColor("#6b7280"))
            painter.drawText(QRectF(0, y, self.width(), self.ROW), Qt.AlignVCenter,
                             f"… and {self.hidden} more relations")
        self._paint_axis(painter, metrics)
        painter.end()

    def _paint_bar(self, painter: QPainter, bar: Bar, y: float, h: float) -> None:
        colour = QColor(bar.colour)
        solid_from = dates.end_day(bar.start) + 1 if bar.start and bar.start.precision != "day" else dates.start_day(bar.start)
        solid_to = dates.start_day(bar.end) - 1 if bar.end and bar.end.precision != "day" else dates.end_day(bar.end)
        left, right = self.x_of(solid_from), self.x_of(solid_to)
        if bar.start is None:  # unknown start: fade in from the axis's beginning
            left = self._fade(painter, colour, self.x_of(self.first), self.x_of(max(self.first, solid_to)), y, h, True)
        if bar.end is None:
            right = self._fade(painter, colour, max(left, self.x_of(solid_from)), self.x_of(self.last), y, h, False)
        if right > left:
            painter.fillRect(QRectF(left, y, right - left, h), colour)
        for partial in (bar.start, bar.end):  # partial dates: their whole span, hatched
            if partial is not None and partial.precision != "day":
                x0, x1 = self.x_of(partial.first_day), self.x_of(partial.last_day + 1)
                painter.fillRect(QRectF(x0, y, max(x1 - x0, 2), h), QBrush(colour, Qt.BDiagPattern))
                painter.setPen(QPen(colour, 0.8))
                painter.drawRect(QRectF(x0, y, max(x1 - x0, 2), h))

    def _fade(self, painter, colour: QColor, x0: float, x1: float, y: float, h: float, fade_in: bool) -> float:
        """Draw a gradient bar for an unknown end; returns where the solid part may continue."""
        if x1 <= x0:
            return x1 if fade_in else x0
        gradient = QLinearGradient(QPointF(x0, 0), QPointF(x1, 0))
        clear = QColor(colour)
        clear.setAlpha(0)
        gradient.setColorAt(0.0, clear if fade_in else colour)
        gradient.setColorAt(1.0, colour if fade_in else clear)
        painter.fillRect(QRectF(x0, y, x1 - x0, h), QBrush(gradient))
        return x1 if fade_in else x0

    def _paint_axis(self, painter: QPainter, metrics: QFontMetricsF) -> None:
        y = len(self.bars) * self.ROW + (self.ROW if self.hidden else 0) + 4
        painter.setPen(QPen(QColor("#9ca3af"), 1))
        painter.drawLine(QPointF(self.LABEL, y), QPointF(self.width() - 6, y))
        first, last = dates.day_to_date(self.first).year, dates.day_to_date(self.last).year
        span = max(last - first, 1)
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000) if span / s <= 5)
        painter.setPen(QColor("#6b7280"))
        for year in range(first + (-first) % step, last + 1, step):
            x = self.x_of(dates.parse(year).first_day)
            painter.drawLine(QPointF(x, y), QPointF(x, y + 3))
            painter.drawText(QRectF(x - 20, y + 3, 40, 12), Qt.AlignHCenter, str(year))
        if self.day is not None and self.first <= self.day <= self.last:
            x = self.x_of(self.day)
            painter.setPen(QPen(QColor("#111827"), 1.2, Qt.DashLine))
            painter.drawLine(QPointF(x, 0), QPointF(x, y))
