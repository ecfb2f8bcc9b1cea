"""A figure's caption: the title (the dataset's, or one the user types) and what is shown above
the picture; the user's note and the sources of the links shown, by readable names, below it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from data import dates, style
from data.sources import SourceNames

SOURCES_LISTED = 5  #: sources named in a caption before "and N more"
MARGIN = 16.0


@dataclass
class Caption:
    """What turns a picture into a figure."""

    title: str
    subtitle: str  #: the date and mode, the selection
    sources: str  #: one line naming the sources of what is shown
    note: str = ""  #: the user's own words, under the picture


def caption_for(state, title: str | None = None, note: str = "") -> Caption:
    """The caption for what a ``ViewState`` shows: the title (the dataset's unless given); the
    date, mode, filters and selection; the sources of the relations shown, by readable name,
    most links first ("Seed article (27 links)"); and ``note``."""
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
    names = SourceNames.of(ds)
    counts = Counter(names.readable(ds.relations[i].source) for i in shown)
    listed = [f"{name} ({n} link{'s' if n != 1 else ''})" for name, n in counts.most_common(SOURCES_LISTED)]
    more = len(counts) - len(listed)
    sources = "Sources (links shown): " + "; ".join(listed) + (f"; and {more} more" if more > 0 else "") + "."
    return Caption((title or "").strip() or ds.title, subtitle + " Made with Treatyscope.",
                   sources if counts else "No relations shown.", note.strip())


def with_text(caption: Caption, title: str = "", note: str = "") -> Caption:
    """The caption with the user's title (when one is given) and note."""
    return replace(caption, title=title.strip() or caption.title, note=note.strip())


def add_caption(image: QImage, caption: Caption) -> QImage:
    """A figure: the title and date above the picture; the note and the sources below, on white.
    Every block wraps to the picture's width."""
    scale = image.devicePixelRatio()
    width = image.width() / scale  # logical units, as the picture was laid out
    title_font, text_font = QFont(), QFont()
    title_font.setPointSizeF(15)
    title_font.setBold(True)
    text_font.setPointSizeF(9.5)
    inner = width - 2 * MARGIN
    above = [(title_font, style.TEXT, caption.title, 4), (text_font, "#374151", caption.subtitle, 10)]
    below = [(text_font, style.TEXT, caption.note, 6)] if caption.note else []
    below.append((text_font, "#374151", caption.sources, 0))
    heights = {id(block): _wrapped_height(QFontMetricsF(block[0]), block[2], inner) for block in above + below}
    top = MARGIN + sum(heights[id(b)] + b[3] for b in above)
    body_h = image.height() / scale
    total_h = top + body_h + 10 + sum(heights[id(b)] + b[3] for b in below) + MARGIN
    figure = QImage(QSize(image.width(), round(total_h * scale)), QImage.Format_ARGB32_Premultiplied)
    figure.setDevicePixelRatio(scale)
    figure.fill(QColor("white"))
    painter = QPainter(figure)
    painter.setRenderHint(QPainter.TextAntialiasing, True)
    y = MARGIN
    for block in above:
        y = _draw_block(painter, block, y, inner, heights[id(block)])
    painter.drawImage(QRectF(0, top, width, body_h), image)
    painter.setPen(QColor("#d1d5db"))
    painter.drawLine(QRectF(MARGIN, top + body_h + 4, inner, 0).topLeft(),
                     QRectF(MARGIN, top + body_h + 4, inner, 0).topRight())
    y = top + body_h + 10
    for block in below:
        y = _draw_block(painter, block, y, inner, heights[id(block)])
    painter.end()
    return figure


def _draw_block(painter: QPainter, block, y: float, width: float, height: float) -> float:
    font, colour, text, gap = block
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(QRectF(MARGIN, y, width, height), Qt.TextWordWrap, text)
    return y + height + gap


def _wrapped_height(metrics: QFontMetricsF, text: str, width: float) -> float:
    return metrics.boundingRect(QRectF(0, 0, width, 10000), Qt.TextWordWrap, text).height()
