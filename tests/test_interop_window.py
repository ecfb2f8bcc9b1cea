"""In the window: a dataset's own positions, colours and sizes are what the canvas draws and the
legend names; File > Export graph writes what the user sees (the current layout, the drawn
colours and sizes) for Gephi."""
import xml.etree.ElementTree as ET

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from conftest import MINIMAL, open_window
from data import loader
from ui.actions import COMMANDS

LOOKED = MINIMAL.replace("end_date);", "end_date, x, y, colour, size);") + """
INSERT INTO actors (id, name, kind, x, y, colour, size) VALUES
  ('a', 'Alpha', 'state', -10, 0, '#ff0000', 4), ('b', 'Beta', 'state', 10, 0, '#ff0000', 1),
  ('c', 'Gamma', 'person', 0, 8, 'teal', 1), ('d', 'Delta', 'person', 0, -8, NULL, NULL);
INSERT INTO relations (id, source_id, target_id, kind) VALUES ('r', 'a', 'b', 'member_of');
"""


def test_the_canvas_draws_the_dataset_look_and_the_legend_names_it(qtbot, tmp_path, make_db):
    dataset = loader.load(make_db(LOOKED))
    win = open_window(qtbot, tmp_path, dataset, size=(1000, 700))
    qtbot.waitExposed(win)
    assert win.state.layout.positions.tolist() == [[-10, 0], [10, 0], [0, 8], [0, -8]]  # the file's layout
    canvas = win.canvas
    colours, radii = canvas.drawn_look()
    assert colours[:3] == ["#ff0000", "#ff0000", "#008080"] and colours[3] != "#008080"
    assert radii[0] > 3 * radii[1]  # size 4 against size 1
    entries = {label: colour for label, colour, _symbol in canvas._kind_legend()}
    assert entries["State"] == "#ff0000"  # every state is red: named after the kind
    assert entries["teal"] == "#008080" and entries["Person"] != "#008080"  # one person is teal
    image = canvas.grab().toImage()
    pixel = canvas.view.mapFromScene(canvas.box.mapViewToScene(QPointF(-10, 0)))  # Alpha's centre
    assert QColor(image.pixel(pixel.x(), pixel.y())).name() == "#ff0000"


def test_export_graph_writes_what_the_window_shows(qtbot, tmp_path, make_db):
    assert any(c.key == "export_graph" for c in COMMANDS)
    dataset = loader.load(make_db(LOOKED))
    win = open_window(qtbot, tmp_path, dataset, size=(1000, 700))
    qtbot.waitExposed(win)
    win.state.layout.drag(2, 5.0, 6.0)  # the user moves Gamma
    win.state.layout.end_drag()
    out = tmp_path / "shown.gexf"
    with qtbot.waitSignal(win.files.exported, timeout=20000):
        win.files.export_graph(out)
    ns, viz = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
    nodes = {n.get("id"): n for n in ET.parse(out).getroot().iter(f"{ns}node")}
    gamma = nodes["c"].find(f"{viz}position")
    assert (float(gamma.get("x")), float(gamma.get("y"))) == (5.0, 6.0)
    assert nodes["a"].find(f"{viz}color").attrib == {"r": "255", "g": "0", "b": "0"}
    sizes = {i: float(n.find(f"{viz}size").get("value")) for i, n in nodes.items()}
    _colours, radii = win.canvas.drawn_look()
    assert np.allclose([sizes[i] for i in "abcd"], radii)  # the radius drawn, in layout units
    assert sizes["a"] > 3 * sizes["b"]
