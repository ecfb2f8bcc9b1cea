"""A graph file as another tool wrote it, before it becomes dataset tables: nodes and edges with
their attributes, their times and their look. The readers of GEXF (``data.gexf_reader``),
GraphML (``data.graphml_reader``) and Cytoscape JSON (``data.cyjs``) fill it in;
``data.graph_reader`` maps it onto the contract. No Qt.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

_DATE = re.compile(r"^\s*([+-]?\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ].*)?\s*$")
_INTEGERS = {"integer", "long", "short", "byte", "biginteger", "int"}
_FLOATS = {"float", "double", "bigdecimal"}
_OPEN = {"", "none", "null", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "nan"}


@dataclass
class Item:
    """A node or an edge. ``times`` holds its intervals as contract dates (None: open); an empty
    list means the file gives it no time. ``source``/``target`` are an edge's ends."""

    id: str | None
    label: str | None = None
    attributes: dict[str, object] = field(default_factory=dict)
    times: list[tuple[object, object]] = field(default_factory=list)
    x: float | None = None
    y: float | None = None
    colour: str | None = None  #: ``#rrggbb``
    size: float | None = None
    parent: str | None = None
    source: str | None = None
    target: str | None = None
    kind: str | None = None  #: an edge's own type (GEXF ``kind``, Cytoscape ``interaction``)
    weight: object = None


@dataclass
class GraphFile:
    name: str | None = None
    nodes: list[Item] = field(default_factory=list)
    edges: list[Item] = field(default_factory=list)


def as_date(value: object, numeric: bool) -> object:
    """A time as a contract date. ``numeric`` (GEXF ``timeformat`` double or integer): a number
    is a year, its fraction a part of that year (2001.5 is 2001-07-02). Otherwise ISO text, a
    time of day dropped. Open ends (empty, infinity) are None; anything else is passed on for
    the loader to report as a bad date."""
    if value is None:
        return None
    text = str(value).strip()
    if text.lower() in _OPEN:
        return None
    if numeric or isinstance(value, (int, float)):
        try:
            number = float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return None
        return _year(number)
    match = _DATE.match(text)
    return match.group(1) if match else text


def _year(number: float) -> object:
    year = math.floor(number)
    if number == year:
        return int(year)
    if not 1 <= year <= 9999:
        return str(number)
    first = dt.date(year, 1, 1).toordinal()
    length = dt.date(year, 12, 31).toordinal() - first + 1
    return dt.date.fromordinal(first + int((number - year) * length)).isoformat()


def number(value: object) -> float | None:
    """A finite number, or None."""
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


# -- XML, matched by local name (any namespace, any version) ---------------------------------
def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def child(element: ET.Element, name: str) -> ET.Element | None:
    found = children(element, name)
    return found[0] if found else None


def typed(text: str | None, kind: str) -> object:
    """A value of a declared type: integers and floats as numbers, booleans as True/False, the
    rest (strings, lists, URIs, dates) as text; a value that is not of its type stays text."""
    if text is None:
        return None
    value = text.strip()
    if kind in _INTEGERS:
        try:
            return int(value)
        except ValueError:
            return text
    if kind in _FLOATS:
        result = number(value)
        return result if result is not None else text
    if kind == "boolean":
        lowered = value.lower()
        return True if lowered in ("true", "1", "yes") else False if lowered in ("false", "0", "no") else text
    return text
