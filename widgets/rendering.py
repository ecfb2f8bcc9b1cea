"""Drawing a widget into an image at a chosen width: re-rendered at that scale (text and
shapes stay crisp), not a screen grab scaled up. Used by every picture the app writes."""
from __future__ import annotations

from contextlib import nullcontext
from typing import ContextManager

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from data import style


def paint_at_width(widget: QWidget, width: int, while_painting: ContextManager | None = None) -> QImage:
    """The widget as laid out on screen, drawn ``width`` pixels wide on the app's background;
    ``while_painting`` is entered around the drawing (e.g. items switched to vector symbols)."""
    logical = widget.size()
    scale = width / max(logical.width(), 1)
    image = QImage(QSize(width, max(1, round(logical.height() * scale))), QImage.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(style.BACKGROUND))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setRenderHint(QPainter.TextAntialiasing, True)
    try:
        with while_painting or nullcontext():
            widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    return image


def blank_image(device) -> QImage:
    """A transparent image over every pixel of ``device`` (a widget, or an image) at its pixel
    ratio: what an item draws into to keep its drawing as a picture, or to lay a layer over."""
    ratio = device.devicePixelRatioF()
    if isinstance(device, QImage):  # an image's size is in pixels already
        width, height = device.width(), device.height()
    else:
        width, height = round(device.width() * ratio), round(device.height() * ratio)
    image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    # fonts in points come out the size they have on the device (a screen's logical DPI may
    # not be an image's default 96)
    image.setDotsPerMeterX(round(device.logicalDpiX() / 0.0254))
    image.setDotsPerMeterY(round(device.logicalDpiY() / 0.0254))
    image.fill(QColor(0, 0, 0, 0))
    return image


def paint_target(painter: QPainter):
    """What a painter really paints into: an export's painter names the widget it renders (its
    ``device()``), its engine the image at the export's scale."""
    engine = painter.paintEngine()
    target = engine.paintDevice() if engine is not None else None
    return target if target is not None else painter.device()


def affine(t) -> tuple:
    """A QTransform's affine part as plain numbers: (m11, m12, m21, m22, dx, dy)."""
    return t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()
