"""Drawing views to images for reports: what is on screen, re-drawn at the export size (not a
scaled-up screen grab), optionally as a captioned figure; written atomically to PNG or SVG."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from data import style
from widgets.rendering import paint_at_width
from data.files import WriteError, write_atomically

MIN_WIDTH, MAX_WIDTH = 200, 16000
DPI = 300  #: the resolution recorded in the PNG, so a 3840 px figure is 32.5 cm wide in print


#: an export that could not be made or written; ``str()`` is one sentence naming the file. It is
#: ``data.files.WriteError`` itself, so that one ``except`` catches a refused export and a failed write
ExportError = WriteError


@dataclass
class Caption:
    """What turns a picture into a figure."""

    title: str
    subtitle: str  #: the date and mode, the selection
    sources: str  #: one line naming the sources of what is shown


@contextmanager
def vector_items(widget: QWidget):
    """While exporting, pyqtgraph items draw every symbol as a path (not as a screen-resolution
    sprite), so that nodes stay crisp at 3840 px and become vector shapes in SVG."""
    items = [item for view in [widget, *widget.findChildren(pg.GraphicsView)]
             if isinstance(view, pg.GraphicsView) for item in view.scene().items()
             if hasattr(item, "setExportMode") and not _crowded(item)]
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


VECTOR_SYMBOLS_LIMIT = 5000  #: above this many shown nodes, symbols stay sprites (level of detail)


def _crowded(item) -> bool:
    """A scatter item with so many points shown that drawing each as a path would take seconds
    (at that density a symbol is a few pixels wide, and a sprite is as sharp)."""
    if not isinstance(item, pg.ScatterPlotItem):
        return False
    return int(item.data["visible"].sum()) > VECTOR_SYMBOLS_LIMIT


def render_widget(widget: QWidget, width: int) -> QImage:
    """The widget as it is laid out on screen, drawn at ``width`` pixels: text and symbols are
    re-drawn at that scale, so a 3840-wide export stays crisp."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ExportError(f"the width must be between {MIN_WIDTH} and {MAX_WIDTH} pixels, not {width}")
    return paint_at_width(widget, width, vector_items(widget))


def add_caption(image: QImage, caption: Caption) -> QImage:
    """A figure: the title and date above the picture, the sources below, on white."""
    scale = image.devicePixelRatio()
    width = image.width() / scale  # logical units, as the picture was laid out
    title_font, text_font = QFont(), QFont()
    title_font.setPointSizeF(15)
    title_font.setBold(True)
    text_font.setPointSizeF(9.5)
    margin = 16.0
    title_h = QFontMetricsF(title_font).height()
    text_metrics = QFontMetricsF(text_font)
    sub_h = _wrapped_height(text_metrics, caption.subtitle, width - 2 * margin)
    src_h = _wrapped_height(text_metrics, caption.sources, width - 2 * margin)
    top = margin + title_h + 4 + sub_h + 10
    body_h = image.height() / scale
    total_h = top + body_h + 10 + src_h + margin
    figure = QImage(QSize(image.width(), round(total_h * scale)), QImage.Format_ARGB32_Premultiplied)
    figure.setDevicePixelRatio(scale)
    figure.fill(QColor("white"))
    painter = QPainter(figure)
    painter.setRenderHint(QPainter.TextAntialiasing, True)
    painter.setPen(QColor(style.TEXT))
    painter.setFont(title_font)
    painter.drawText(QRectF(margin, margin, width - 2 * margin, title_h), Qt.AlignLeft | Qt.AlignVCenter, caption.title)
    painter.setFont(text_font)
    painter.setPen(QColor("#374151"))
    painter.drawText(QRectF(margin, margin + title_h + 4, width - 2 * margin, sub_h), Qt.TextWordWrap, caption.subtitle)
    painter.drawImage(QRectF(0, top, width, body_h), image)
    painter.setPen(QColor("#d1d5db"))
    painter.drawLine(QRectF(margin, top + body_h + 4, width - 2 * margin, 0).topLeft(),
                     QRectF(margin, top + body_h + 4, width - 2 * margin, 0).topRight())
    painter.setPen(QColor("#374151"))
    painter.drawText(QRectF(margin, top + body_h + 10, width - 2 * margin, src_h), Qt.TextWordWrap, caption.sources)
    painter.end()
    return figure


def _wrapped_height(metrics: QFontMetricsF, text: str, width: float) -> float:
    return metrics.boundingRect(QRectF(0, 0, width, 10000), Qt.TextWordWrap, text).height()


def save_png(image: QImage, path: str | Path) -> Path:
    """Write a PNG that records its resolution; through a temporary file and a rename, so a
    failure never leaves half a file. Raises ExportError with one sentence."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ExportError(f"{path}: the file name must end in .png")
    dots_per_metre = round(DPI / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError(f"{path}: the image could not be encoded as PNG")
    buffer.close()
    return write_atomically(path, bytes(data))


def save_svg(widget: QWidget, path: str | Path) -> Path:
    """The widget as vector graphics (for print): nodes, edges and labels stay sharp at any
    size. Written atomically like the PNG."""
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(widget.rect())
    generator.setTitle("Treatyscope graph")
    painter = QPainter(generator)
    try:
        with vector_items(widget):
            widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    buffer.close()
    return write_atomically(path, bytes(data))


def caption_for(state) -> Caption:
    """The caption for what a ``ViewState`` shows: the dataset's title; the date, mode,
    filters and selection; the sources of the relations shown."""
    import numpy as np
    from collections import Counter

    from data import dates

    ds, visible = state.dataset, state.visible()
    when = "all dates"
    if state.day is not None:
        when = {"at": f"as at {dates.day_to_iso(state.day)}",
                "window": f"active between {dates.day_to_iso(state.day)} and {dates.day_to_iso(state.until)}",
                "cumulative": f"everything started by {dates.day_to_iso(state.day)}"}[state.mode.value]
    shown = np.flatnonzero(state.graph.relations_mask(visible.edges))
    subtitle = f"{when[0].upper() + when[1:]}: {int(visible.nodes.sum())} entities and {len(shown)} relations shown."
    if not state.filters.is_default:
        subtitle += " Filters: " + "; ".join(state.filters.describe()) + "."
    if state.focused:
        subtitle += f" Selected: {ds.names[state.focused]}."
    counts = Counter(ds.relations[i].source or "no source given" for i in shown)
    named = [f"{source} ({n})" for source, n in counts.most_common(4)]
    more = len(counts) - len(named)
    sources = "Sources (links shown): " + "; ".join(named) + (f"; and {more} more" if more > 0 else "") + "."
    return Caption(ds.title, subtitle + " Made with Treatyscope.", sources if counts else "No relations shown.")
