"""Drawing views to images for reports: what is on screen, re-drawn at the export size (not a
scaled-up screen grab), the graph on a page of its own so that the window and the command line
give the same figure, optionally captioned (``ui.caption``); written atomically to PNG or SVG."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QPoint
from PySide6.QtGui import QImage, QPainter
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from widgets.graph_canvas import GraphCanvas
from widgets.rendering import paint_at_width
from data.files import WriteError, write_atomically
from .caption import Caption, add_caption, caption_for, with_text  # noqa: F401 (a figure's caption: part of exporting)

MIN_WIDTH, MAX_WIDTH = 200, 16000
DPI = 300  #: the resolution recorded in the PNG, so a 3840 px figure is 32.5 cm wide in print


#: an export that could not be made or written; ``str()`` is one sentence naming the file. It is
#: ``data.files.WriteError`` itself, so that one ``except`` catches a refused export and a failed write
ExportError = WriteError


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
    re-drawn at that scale, so a 3840-wide export stays crisp. The graph is laid out on a page
    of its own (``graph_page``), so that its figure does not depend on the window's size."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ExportError(f"the width must be between {MIN_WIDTH} and {MAX_WIDTH} pixels, not {width}")
    if isinstance(widget, GraphCanvas):
        with graph_page(widget, width):
            return paint_at_width(widget, width, vector_items(widget))
    return paint_at_width(widget, width, vector_items(widget))


#: the graph's figure: laid out this wide (or as wide as the export, if narrower) and this shape,
#: from the window and from the command line alike
PAGE_WIDTH, PAGE_SHAPE = 1600, 1000 / 1600


@contextmanager
def graph_page(canvas: GraphCanvas, width: int):
    """Lay the canvas out on the figure's page while it is drawn, whatever its size on screen
    (a narrow canvas in a small window would give a square figure with few labels and a blank
    band). The page shows every node when the screen did, else what the screen showed, widened
    to the page's shape; the canvas is put back as it was."""
    size, rect = canvas.size(), canvas.shown_rect()
    page_width = min(width, PAGE_WIDTH)
    everything = _all_shown_inside(canvas, rect)
    canvas.resize(page_width, round(page_width * PAGE_SHAPE))
    try:
        if everything:
            canvas.fit()
        else:
            canvas.show_rect(_widened(rect, 1 / PAGE_SHAPE))
        yield
    finally:
        canvas.resize(size)
        canvas.show_rect(rect)


def _all_shown_inside(canvas: GraphCanvas, rect: tuple[float, float, float, float]) -> bool:
    left, bottom, width, height = rect
    pos = canvas.positions[canvas.shown]
    return bool(len(pos) == 0 or ((pos[:, 0] >= left) & (pos[:, 0] <= left + width)
                                  & (pos[:, 1] >= bottom) & (pos[:, 1] <= bottom + height)).all())


def _widened(rect: tuple[float, float, float, float], aspect: float) -> tuple[float, float, float, float]:
    """The smallest rectangle of shape ``aspect`` (width / height) around ``rect``, centred on it."""
    left, bottom, width, height = rect
    if width / max(height, 1e-12) < aspect:
        new_width = height * aspect
        return left - (new_width - width) / 2, bottom, new_width, height
    new_height = width / aspect
    return left, bottom - (new_height - height) / 2, width, new_height


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
