"""Writing entities and relations as GEXF 1.3 (for Gephi and Gephi Lite) and GraphML (yEd,
Cytoscape, Gephi, networkx), with the look they are drawn with.

GEXF follows the 1.3 primer: the ``http://gexf.net/1.3`` namespace and its ``viz`` module,
``<meta>`` naming Treatyscope as the creator, a dynamic graph with ``timeformat="date"`` whose
nodes and edges carry ``<spells>`` (one per period; partial dates as the days they cover, open
ends left out), declared ``<attributes>`` with every field, and per node ``viz:color``,
``viz:position`` and ``viz:size`` (a radius in the positions' units). GraphML has the same
fields as typed keys and the look as Gephi's ``x``, ``y``, ``size``, ``r``, ``g``, ``b`` keys.
Node ids are the dataset's ids. Both are written through ``data.files.write_atomically``. No Qt.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from . import colours, dates, schema
from .files import write_atomically
from .model import Entity, Relation

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
#: an entity's look travels in viz (GEXF) or in Gephi's look keys (GraphML), not twice
LOOK_FIELDS = {*schema.POSITION_COLUMNS, *schema.LOOK_COLUMNS}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Drawn:
    """How each node is drawn, by entity id: its position, its colour (``#rrggbb``) and its size
    as a radius in the positions' units."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    colours: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)


@dataclass
class Element:
    """One node or edge to write: its XML identity, its attributes and its spells."""

    id: str
    label: str
    attributes: dict[str, object]
    spells: list[tuple[str | None, str | None]]
    source: str | None = None
    target: str | None = None
    weight: float | None = None


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _value(value: object) -> object:
    """A value XML can hold: None for nothing, binary or NaN; text cleaned of what XML refuses."""
    if isinstance(value, str):
        value = xml_text(value)
        return value if value.strip() else None
    if value is None or isinstance(value, bytes):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def attributes_of(fields: dict[str, object], skip: set[str]) -> dict[str, object]:
    """Every field but those skipped (names compare ignoring case), empty ones left out."""
    kept: dict[str, object] = {}
    for key, value in fields.items():
        name = xml_text(str(key))
        if name.lower() in skip or not name.strip() or name.lower() in {k.lower() for k in kept}:
            continue
        value = _value(value)
        if value is not None:
            kept[name] = value
    return kept


def spells(start: dates.PartialDate | None, end: dates.PartialDate | None,
           periods: tuple = ()) -> list[tuple[str | None, str | None]]:
    """The days a row is active as GEXF spells (ISO days; None for an open end); none when it is
    always active."""
    pairs = periods or (((start, end),) if start is not None or end is not None else ())
    return [(dates.day_to_iso(dates.start_day(a)) if a is not None else None,
             dates.day_to_iso(dates.end_day(b)) if b is not None else None) for a, b in pairs]


def node_element(entity: Entity, fields: dict[str, object]) -> Element:
    attributes = attributes_of({"table": entity.table, "kind": entity.kind, "name": entity.name}, set())
    attributes.update(attributes_of(fields, {"id", "table", "kind", "name", *LOOK_FIELDS}))
    return Element(entity.id, xml_text(entity.label), attributes, spells(entity.start, entity.end, entity.periods))


def edge_element(relation: Relation, edge_id: str) -> Element:
    attributes = attributes_of({"kind": relation.kind}, set())
    attributes.update(attributes_of(dict(relation.fields), {"id", "source_id", "target_id", "weight", "kind"}))
    return Element(edge_id, xml_text(relation.kind), attributes,
                   spells(relation.start, relation.end, relation.periods),
                   relation.source_id, relation.target_id, relation.weight)


def _types(elements: list[Element]) -> dict[str, str]:
    """One type per attribute (both formats declare it once): integer, double, boolean, string."""
    seen: dict[str, set[type]] = {}
    for element in elements:
        for key, value in element.attributes.items():
            seen.setdefault(key, set()).add(type(value))
    types = {}
    for key, found in seen.items():
        if found <= {bool}:
            types[key] = "boolean"
        elif found <= {int}:
            types[key] = "long"
        elif found <= {int, float}:
            types[key] = "double"
        else:
            types[key] = "string"
    return types


def _text(value: object, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))  # type: ignore[arg-type]
    return str(value)


def _number(value: float) -> str:
    return repr(float(value))  # every digit: positions and sizes come back exactly


# -- GEXF ------------------------------------------------------------------------------------
def write_gexf(path: Path, title: str, nodes: list[Element], edges: list[Element], drawn: Drawn,
               creator: str) -> None:
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", {"version": "1.3",
                                             f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd"})
    meta = ET.SubElement(root, f"{{{GEXF_NS}}}meta", lastmodifieddate=dt.date.today().isoformat())
    ET.SubElement(meta, f"{{{GEXF_NS}}}creator").text = creator
    ET.SubElement(meta, f"{{{GEXF_NS}}}description").text = xml_text(title)
    graph = ET.SubElement(root, f"{{{GEXF_NS}}}graph", mode="dynamic", defaultedgetype="directed",
                          timeformat="date")
    for kind, elements in (("node", nodes), ("edge", edges)):
        types = _types(elements)
        block = ET.SubElement(graph, f"{{{GEXF_NS}}}attributes", {"class": kind, "mode": "static"})
        for name, kind_type in types.items():
            ET.SubElement(block, f"{{{GEXF_NS}}}attribute", id=name, title=name, type=kind_type)
        container = ET.SubElement(graph, f"{{{GEXF_NS}}}{kind}s")
        for element in elements:
            _gexf_element(container, kind, element, types, drawn)
    write_atomically(path, lambda temp: ET.ElementTree(root).write(temp, encoding="UTF-8", xml_declaration=True))


def _gexf_element(container: ET.Element, kind: str, element: Element, types: dict[str, str], drawn: Drawn) -> None:
    attributes = {"id": element.id, "label": element.label}
    if kind == "edge":
        attributes.update(source=element.source, target=element.target, kind=element.label,
                          weight=_number(element.weight if element.weight is not None else 1.0))
    xml = ET.SubElement(container, f"{{{GEXF_NS}}}{kind}", attributes)
    values = ET.SubElement(xml, f"{{{GEXF_NS}}}attvalues")
    for name, value in element.attributes.items():
        ET.SubElement(values, f"{{{GEXF_NS}}}attvalue", {"for": name, "value": _text(value, types[name])})
    if element.spells:
        block = ET.SubElement(xml, f"{{{GEXF_NS}}}spells")
        for start, end in element.spells:
            spell = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
            ET.SubElement(block, f"{{{GEXF_NS}}}spell", spell)
    if kind == "node":
        colour = drawn.colours.get(element.id)
        if colour:
            red, green, blue = colours.rgb(colour)
            ET.SubElement(xml, f"{{{VIZ_NS}}}color", r=str(red), g=str(green), b=str(blue))
        position = drawn.positions.get(element.id)
        if position is not None:
            ET.SubElement(xml, f"{{{VIZ_NS}}}position", x=_number(position[0]), y=_number(position[1]), z="0.0")
        size = drawn.sizes.get(element.id)
        if size is not None:
            ET.SubElement(xml, f"{{{VIZ_NS}}}size", value=_number(size))


# -- GraphML ---------------------------------------------------------------------------------
def write_graphml(path: Path, title: str, nodes: list[Element], edges: list[Element], drawn: Drawn) -> None:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": "g_name", "for": "graph", "attr.name": "name",
                                                   "attr.type": "string"})
    look_keys = {"x": "double", "y": "double", "size": "double", "r": "int", "g": "int", "b": "int"}
    ids: dict[tuple[str, str], str] = {}
    for kind, elements in (("node", nodes), ("edge", edges)):
        declared = dict(_types(elements))
        if kind == "node":
            declared.update({k: v for k, v in look_keys.items() if k not in {d.lower() for d in declared}})
        elif edges:
            declared["weight"] = "double"
        for n, (name, kind_type) in enumerate(declared.items()):
            key_id = f"{kind[0]}{n}"
            ids[(kind, name)] = key_id
            graphml_type = {"long": "long", "double": "double", "boolean": "boolean", "int": "int"}.get(kind_type, "string")
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": key_id, "for": kind, "attr.name": name,
                                                           "attr.type": graphml_type})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", edgedefault="directed")
    ET.SubElement(graph, f"{{{GRAPHML_NS}}}data", key="g_name").text = xml_text(title)
    node_types, edge_types = _types(nodes), _types(edges)
    for element in nodes:
        xml = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=element.id)
        values = dict(element.attributes)
        values.update(_look_values(element.id, drawn))
        _graphml_data(xml, ids, "node", values, {**node_types, **look_keys})
    for element in edges:
        xml = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", id=element.id, source=element.source or "",
                            target=element.target or "")
        values = {**element.attributes, "weight": element.weight if element.weight is not None else 1.0}
        _graphml_data(xml, ids, "edge", values, {**edge_types, "weight": "double"})
    write_atomically(path, lambda temp: ET.ElementTree(root).write(temp, encoding="UTF-8", xml_declaration=True))


def _look_values(entity_id: str, drawn: Drawn) -> dict[str, object]:
    values: dict[str, object] = {}
    position = drawn.positions.get(entity_id)
    if position is not None:
        values["x"], values["y"] = float(position[0]), float(position[1])
    if drawn.sizes.get(entity_id) is not None:
        values["size"] = float(drawn.sizes[entity_id])
    colour = drawn.colours.get(entity_id)
    if colour:
        values["r"], values["g"], values["b"] = colours.rgb(colour)
    return values


def _graphml_data(xml: ET.Element, ids: dict[tuple[str, str], str], kind: str, values: dict[str, object],
                  types: dict[str, str]) -> None:
    for name, value in values.items():
        key = ids.get((kind, name))
        if key is not None and value is not None:
            text = _number(value) if types.get(name) == "double" else _text(value, types.get(name, "string"))
            ET.SubElement(xml, f"{{{GRAPHML_NS}}}data", key=key).text = text
