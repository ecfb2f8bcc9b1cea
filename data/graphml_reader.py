"""Reading GraphML (yEd, Gephi, Cytoscape, networkx, igraph) into a ``GraphFile``.

Keys are declared once with their type and an optional ``<default>``; a ``<data>`` element
gives a value. yEd's graphics (``y:ShapeNode`` and kin: ``Geometry``, ``Fill``, ``NodeLabel``)
become the node's position (its centre, the y axis turned up), colour, size and label; a node
inside another's ``<graph>`` (a yEd group) is nested under it. Hyperedges are refused with one
sentence. No Qt.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from . import colours
from .graph_file import GraphFile, Item, child, children, local, number, typed
from .problems import DatasetError

Keys = dict[str, tuple[str, str, object, bool]]  # key id -> (name, type, default, yEd graphics)


def read(path: Path) -> GraphFile:
    """The graph of a GraphML file; DatasetError (one sentence) for a file that is not one."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DatasetError(f"{path}: not a readable GraphML file (XML syntax error: {exc})") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if local(root.tag) != "graphml":
        raise DatasetError(f"{path}: not a GraphML file (its root element is <{local(root.tag)}>)")
    keys: dict[str, Keys] = {"node": {}, "edge": {}, "graph": {}}
    for key in (e for e in root.iter() if local(e.tag) == "key"):  # some files declare keys in <graph>
        key_id = key.get("id")
        if key_id is None:
            continue
        default = child(key, "default")
        kind_type = (key.get("attr.type") or "string").lower()
        entry = (key.get("attr.name") or key_id, kind_type,
                 typed(default.text, kind_type) if default is not None and default.text else None,
                 key.get("yfiles.type") in ("nodegraphics", "edgegraphics"))
        targets = ("node", "edge", "graph") if key.get("for", "all") == "all" else (key.get("for"),)
        for target in targets:
            if target in keys:
                keys[target][key_id] = entry
    graph = child(root, "graph")
    if graph is None:
        raise DatasetError(f"{path}: not a readable GraphML file (it has no <graph> element)")
    if any(local(e.tag) == "hyperedge" for e in graph.iter()):
        raise DatasetError(f"{path}: GraphML hyperedges (an edge joining more than two nodes) are not supported")
    result = GraphFile(name=_graph_name(graph, keys["graph"]))
    _read_graph(path, graph, keys, None, result)
    return result


def _graph_name(graph: ET.Element, keys: Keys) -> str | None:
    for data in children(graph, "data"):
        name = keys.get(data.get("key", ""), ("",))[0]
        if str(name).lower() in ("name", "title", "label") and data.text and data.text.strip():
            return data.text.strip()
    return None


def _read_graph(path: Path, graph: ET.Element, keys: dict[str, Keys], parent: str | None, out: GraphFile) -> None:
    for element in graph:
        tag = local(element.tag)
        if tag == "node":
            item = _item(path, element, keys["node"])
            item.parent = parent
            out.nodes.append(item)
            for inner in children(element, "graph"):
                _read_graph(path, inner, keys, item.id, out)
        elif tag == "edge":
            item = _item(path, element, keys["edge"])
            item.source, item.target = element.get("source"), element.get("target")
            out.edges.append(item)


def _item(path: Path, element: ET.Element, keys: Keys) -> Item:
    item = Item(id=element.get("id"))
    values = {name: default for name, _t, default, graphics in keys.values() if default is not None and not graphics}
    for data in children(element, "data"):
        key = data.get("key")
        if key not in keys:
            raise DatasetError(f"{path}: not a readable GraphML file (a <data> element names key {key!r}, "
                               "which no <key> declares)")
        name, kind_type, _default, graphics = keys[key]
        if graphics or len(data):
            _yed_graphics(data, item)
        else:
            values[name] = typed(data.text or "", kind_type)
    item.attributes = values
    return item


def _yed_graphics(data: ET.Element, item: Item) -> None:
    """yEd's node or edge graphics: the first shape's geometry, fill and label."""
    for shape in data:
        geometry, fill = child(shape, "Geometry"), child(shape, "Fill")
        label = child(shape, "NodeLabel")
        if label is None:
            label = child(shape, "EdgeLabel")
        if geometry is not None:
            x, y = number(geometry.get("x")), number(geometry.get("y"))
            width, height = number(geometry.get("width")) or 0.0, number(geometry.get("height")) or 0.0
            if x is not None and y is not None:
                item.x, item.y = x + width / 2, -(y + height / 2)  # yEd's y axis points down
            if width > 0:
                item.size = max(width, height) / 2
        if fill is not None and fill.get("color"):
            try:
                item.colour = colours.parse(fill.get("color")[:7])
            except ValueError:
                pass
        if label is not None and label.text and label.text.strip() and item.label is None:
            item.label = label.text.strip()
        return
