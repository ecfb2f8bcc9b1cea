"""Status lines in a narrow window: the text is cut with an ellipsis, never mid-glyph, and the
whole of it is on hover."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from widgets.elided_label import ElidedLabel

TEXT = "Nearest event (today): 2025-01-17 Russia–Iran treaty signed in Moscow"


def inked_columns(label) -> np.ndarray:
    image = QImage(label.size(), QImage.Format_ARGB32)
    image.fill(QColor("white"))
    label.render(image)
    pixels = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.width())
    return np.flatnonzero(((pixels & 0xFFFFFF) < 0x808080).any(axis=0))


def test_a_long_text_is_cut_with_an_ellipsis_and_whole_on_hover(qtbot):
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.setText(TEXT)
    label.resize(label.fontMetrics().horizontalAdvance(TEXT) + 20, 24)
    assert not label.is_elided()
    wide = inked_columns(label)
    label.resize(150, 24)
    assert label.is_elided() and label.toolTip() == TEXT
    narrow = inked_columns(label)
    assert len(narrow) and narrow.max() < 150  # nothing drawn past the label's edge
    shown = label.fontMetrics().elidedText(TEXT, Qt.ElideRight, label.contentsRect().width())
    assert shown.endswith("…") and len(shown) < len(TEXT)
    assert wide.max() > 150


def test_the_status_line_fits_a_small_window(qtbot, tmp_path, bundled_dataset):
    from tests.conftest import open_window

    window = open_window(qtbot, tmp_path, bundled_dataset, size=(1024, 700))
    qtbot.waitExposed(window)
    label = window.status_label
    assert label.width() < 1024 and label.toolTip() == label.text() and "relations" in label.text()
