"""Reading Cytoscape's JSON (``.cyjs``, as Cytoscape Desktop exports it for Cytoscape.js) into a
``GraphFile``: ``elements`` as ``{"nodes": [...], "edges": [...]}`` or as one list with
``group``; each element's ``data`` holds its fields (``id``, ``name``, ``source``, ``target``,
``interaction``, ``parent``), its ``position`` the layout (the y axis turned up, as on our
canvas). No Qt.
"""
from __future__ import annotations

from pathlib import Path

from .graph_file import GraphFile, Item, number
from .json_file import read_json
from .problems import DatasetError

_SKIP = {"id", "source", "target", "parent", "selected", "suid", "shared_name", "shared_interaction"}


def read(path: Path) -> GraphFile:
    """The graph of a ``.cyjs`` file; DatasetError (one sentence) for a file that is not one."""
    document = read_json(path)
    elements = document.get("elements") if isinstance(document, dict) else None
    if isinstance(elements, list):
        nodes = [e for e in elements if isinstance(e, dict) and e.get("group") == "nodes"]
        edges = [e for e in elements if isinstance(e, dict) and e.get("group") == "edges"]
    elif isinstance(elements, dict):
        nodes, edges = elements.get("nodes") or [], elements.get("edges") or []
    else:
        raise DatasetError(f"{path}: not a Cytoscape JSON file (it has no \"elements\")")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise DatasetError(f"{path}: not a Cytoscape JSON file (\"nodes\" and \"edges\" must be lists)")
    data = document.get("data") if isinstance(document.get("data"), dict) else {}
    name = data.get("name") or data.get("shared_name")
    return GraphFile(name=name if isinstance(name, str) else None,
                     nodes=[_node(e) for e in nodes if isinstance(e, dict)],
                     edges=[_edge(e) for e in edges if isinstance(e, dict)])


def _fields(element: dict) -> dict[str, object]:
    data = element.get("data")
    return data if isinstance(data, dict) else {}


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _attributes(data: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in data.items() if k.lower() not in _SKIP and v is not None}


def _node(element: dict) -> Item:
    data = _fields(element)
    attributes = _attributes(data)
    label = attributes.pop("name", None) or attributes.pop("label", None)
    item = Item(id=_text(data.get("id")), label=_text(label), attributes=attributes, parent=_text(data.get("parent")))
    position = element.get("position")
    if isinstance(position, dict):
        x, y = number(position.get("x")), number(position.get("y"))
        if x is not None and y is not None:
            item.x, item.y = x, -y  # Cytoscape's y axis points down
    return item


def _edge(element: dict) -> Item:
    data = _fields(element)
    attributes = _attributes(data)
    attributes.pop("name", None)  # Cytoscape's "A (interaction) B": the ends and kind again
    kind = attributes.pop("interaction", None)
    return Item(id=_text(data.get("id")), attributes=attributes, source=_text(data.get("source")),
                target=_text(data.get("target")), kind=_text(kind), weight=attributes.pop("weight", None))
