"""Reading GEXF 1.1, 1.2 and 1.3 (Gephi, Gephi Lite, networkx, rgexf) into a ``GraphFile``.

Parsed here rather than by networkx, which refuses a GEXF 1.3 namespace with ``www.`` in it and
drops viz elements, spell lists and attribute defaults. Namespaces are matched by local name, so
``http://gexf.net/1.3`` and ``http://www.gexf.net/1.3`` (and 1.2draft, 1.1draft) read alike.

Time: ``start``/``end`` attributes (and 1.1's ``startopen``/``endopen``), ``<spells>`` (and
1.1's ``<slices>``), 1.3's timestamps (``timestamp`` and ``timestamps``) and Gephi's interval
sets (``intervals="<[2001, 2003]; [2007, 2009]>"``) all become intervals. ``timeformat``
date/dateTime is ISO text; double, float, integer and long are years. A dynamic attribute keeps
its last value. Look: ``viz:position``, ``viz:color`` (r/g/b or hex) and ``viz:size``. No Qt.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from . import colours
from .graph_file import GraphFile, Item, as_date, child, children, local, number, typed
from .problems import DatasetError

VERSIONS = ("1.0", "1.1", "1.2", "1.3")
_NUMERIC_TIME = {"double", "float", "integer", "long"}
_INTERVAL = re.compile(r"[\[(]\s*([^,\])]*?)\s*,\s*([^\])]*?)\s*[\])]")


def read(path: Path) -> GraphFile:
    """The graph of a GEXF file; DatasetError (one sentence) for a file that is not one."""
    root = _parse(path)
    if local(root.tag) != "gexf":
        raise DatasetError(f"{path}: not a GEXF file (its root element is <{local(root.tag)}>)")
    version = (root.get("version") or "").strip() or _version_of(root.tag)
    if version and version.replace("draft", "") not in VERSIONS:
        raise DatasetError(f"{path}: GEXF version {version} is not supported (Treatyscope reads 1.1, 1.2 and 1.3)")
    graph = child(root, "graph")
    if graph is None:
        raise DatasetError(f"{path}: not a readable GEXF file (it has no <graph> element)")
    numeric = (graph.get("timeformat") or "date").strip().lower() in _NUMERIC_TIME
    declared = {"node": {}, "edge": {}}
    for block in children(graph, "attributes"):
        kind = "edge" if (block.get("class") or "node").lower() == "edge" else "node"
        for attribute in children(block, "attribute"):
            key = attribute.get("id") or attribute.get("title")
            if key is None:
                continue
            kind_type = (attribute.get("type") or "string").strip().lower()
            default = child(attribute, "default")
            title = (attribute.get("title") or key).strip() or key
            declared[kind][key] = (title, kind_type,
                                   typed(default.text, kind_type) if default is not None and default.text else None)
    reader = _Items(declared, numeric)
    if (graph.get("mode") or "").lower() == "slice":  # the whole graph is one moment or interval
        reader.graph_time = reader.times(graph)
    result = GraphFile(name=graph.get("name") or _meta_title(root))
    nodes = child(graph, "nodes")
    if nodes is not None:
        reader.nodes(nodes, None, result.nodes)
    edges = child(graph, "edges")
    if edges is not None:
        result.edges = [reader.edge(edge) for edge in children(edges, "edge")]
    return result


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DatasetError(f"{path}: not a readable GEXF file (XML syntax error: {exc})") from None
    except OSError as exc:
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _version_of(tag: str) -> str:
    match = re.search(r"gexf\.net/(\d+\.\d+)", tag)
    return match.group(1) if match else ""


def _meta_title(root: ET.Element) -> str | None:
    """The title a ``<meta>`` gives: its title, else its description (where Gephi puts one)."""
    meta = child(root, "meta")
    for name in ("title", "description"):
        found = child(meta, name) if meta is not None else None
        if found is not None and found.text and found.text.strip():
            return found.text.strip()
    return None


class _Items:
    """Turns ``<node>`` and ``<edge>`` elements into ``Item``s with the file's declarations."""

    def __init__(self, declared: dict[str, dict[str, tuple[str, str, object]]], numeric: bool):
        self.declared, self.numeric = declared, numeric
        self.graph_time: list[tuple[object, object]] = []  #: a slice's time, for what has none

    def nodes(self, block: ET.Element, parent: str | None, out: list[Item]) -> None:
        for element in children(block, "node"):
            item = self.item(element, "node")
            item.parent = element.get("pid") or parent
            out.append(item)
            inner = child(element, "nodes")  # a hierarchy: nodes inside a node
            if inner is not None:
                self.nodes(inner, item.id, out)

    def edge(self, element: ET.Element) -> Item:
        item = self.item(element, "edge")
        item.source, item.target = element.get("source"), element.get("target")
        item.kind, item.weight = element.get("kind"), element.get("weight")
        return item

    def item(self, element: ET.Element, kind: str) -> Item:
        item = Item(id=element.get("id"), label=element.get("label"))
        declared = self.declared[kind]
        values: dict[str, object] = {title: default for title, _t, default in declared.values() if default is not None}
        # attvalues in their block, or (as some files have them) right in the element
        found = [*children(element, "attvalue"), *(v for block in children(element, "attvalues")
                                                   for v in children(block, "attvalue"))]
        for value in found:
            key = value.get("for") or value.get("id")
            if key is not None:
                title, kind_type, _default = declared.get(key, (key, "string", None))
                values[title] = typed(value.get("value"), kind_type)  # a dynamic one: the last
        item.attributes = values
        item.times = self.times(element) or self.graph_time
        self.look(element, item)
        return item

    def times(self, element: ET.Element) -> list[tuple[object, object]]:
        found: list[tuple[object, object]] = []
        start = element.get("start", element.get("startopen"))
        end = element.get("end", element.get("endopen"))
        if start is not None or end is not None:
            found.append((start, end))
        if element.get("timestamp") is not None:
            found.append((element.get("timestamp"), element.get("timestamp")))
        for name in ("intervals", "timestamps", "spells"):
            text = element.get(name)
            if text:
                found.extend(_interval_set(text, name == "timestamps"))
        for container, tag in (("spells", "spell"), ("slices", "slice")):
            for block in children(element, container):
                for spell in children(block, tag):
                    stamp = spell.get("timestamp")
                    if stamp is not None:
                        found.append((stamp, stamp))
                    else:
                        found.append((spell.get("start", spell.get("startopen")),
                                      spell.get("end", spell.get("endopen"))))
        return [(as_date(a, self.numeric), as_date(b, self.numeric)) for a, b in found]

    @staticmethod
    def look(element: ET.Element, item: Item) -> None:
        position = child(element, "position")
        if position is not None:
            x, y = number(position.get("x")), number(position.get("y"))
            if x is not None and y is not None:
                item.x, item.y = x, y
        colour = child(element, "color")
        if colour is not None:
            hex_value = colour.get("hex")
            try:
                item.colour = colours.parse(hex_value) if hex_value else colours.from_rgb(
                    colour.get("r"), colour.get("g"), colour.get("b"))
            except ValueError:
                item.colour = None
        size = child(element, "size")
        if size is not None:
            value = number(size.get("value"))
            item.size = value if value is not None and value > 0 else None


def _interval_set(text: str, points: bool) -> list[tuple[str, str]]:
    """Gephi's interval sets ``<[a, b]; [c, d]>`` and timestamp sets ``<[a, b, c]>``."""
    body = text.strip().lstrip("<").rstrip(">").strip()
    if points:
        stamps = [s.strip() for s in body.strip("[]()").split(",") if s.strip()]
        return [(s, s) for s in stamps]
    return [(a, b) for a, b in _INTERVAL.findall(body)]
