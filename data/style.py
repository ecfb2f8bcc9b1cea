"""How kinds look: one colour and symbol per entity table and known kind, one colour per
relation kind and one line style per confidence. Shared by the canvas, the legend and exports,
so that a figure and the screen always agree. Colours are hex strings; no Qt here."""
from __future__ import annotations

from dataclasses import dataclass

from . import schema


@dataclass(frozen=True)
class NodeStyle:
    label: str
    colour: str
    symbol: str  #: a pyqtgraph symbol: o circle, s square, d diamond, h hexagon, p pentagon, t triangle
    size: float  #: base diameter in pixels


ACTOR_STYLES = {
    "state": NodeStyle("State", "#1d4ed8", "o", 16),
    "person": NodeStyle("Person", "#ea580c", "o", 11),
    "organization": NodeStyle("Organization", "#7c3aed", "h", 13),
    "bloc": NodeStyle("Bloc", "#0f766e", "p", 16),
    "company": NodeStyle("Company", "#475569", "s", 11),
    "region": NodeStyle("Region", "#0891b2", "t", 13),
}
OTHER_ACTOR = NodeStyle("Other actor", "#6b7280", "o", 10)
TREATY = NodeStyle("Treaty", "#b91c1c", "d", 18)
ARTICLE = NodeStyle("Article", "#f87171", "d", 8)
PROJECT = NodeStyle("Project", "#a16207", "s", 12)

HIGHLIGHT = "#facc15"  #: the ring around selected nodes
DIM_ALPHA = 45  #: of 255, for what is outside the selection's neighbourhood
PATH = "#f97316"  #: a path between two entities
APPEARED = "#16a34a"
DISAPPEARED = "#dc2626"
BACKGROUND = "#ffffff"
TEXT = "#111827"

#: relation kinds people use most get fixed colours; others take the palette in turn
RELATION_COLOURS = {
    "party_to": "#b91c1c", "signed": "#dc2626", "leads": "#ea580c", "member_of": "#0f766e",
    "covers": "#f472b6", "involves": "#a16207", "cooperates_with": "#2563eb", "opposes": "#111827",
    "(article of)": "#e5a3a3", "(nested in)": "#d1d5db",
}
PALETTE = ("#7c3aed", "#0891b2", "#65a30d", "#db2777", "#4f46e5", "#ca8a04", "#0d9488", "#9333ea")
#: an edge whose confidence is not given is drawn solid: dashes mark doubt that the data states
CONFIDENCE_DASH = {"official": "solid", "reported": "dash", "inferred": "dot", None: "solid"}


def node_style(table: str, kind: str) -> NodeStyle:
    if table == "actors":
        return ACTOR_STYLES.get(kind, OTHER_ACTOR if kind else OTHER_ACTOR)
    return {"treaties": TREATY, "articles": ARTICLE, "projects": PROJECT}[table]


def node_style_key(table: str, kind: str) -> str:
    """The legend entry a node belongs to: known actor kinds by kind, unknown ones by their own
    name (drawn neutrally), other tables by table."""
    if table == "actors":
        return kind if kind in ACTOR_STYLES else f"actor:{kind}"
    return table


def legend_label(table: str, kind: str) -> str:
    if table == "actors" and kind not in ACTOR_STYLES:
        return kind.capitalize() if kind else OTHER_ACTOR.label
    return node_style(table, kind).label


def relation_colours(kinds: list[str]) -> dict[str, str]:
    """A colour for each relation kind: fixed ones first, the palette for the rest, grey beyond."""
    colours: dict[str, str] = {}
    spare = iter(PALETTE)
    for kind in kinds:
        colours[kind] = RELATION_COLOURS.get(kind) or next(spare, "#9ca3af")
    return colours


TABLE_ORDER = {name: i for i, name in enumerate(schema.ENTITY_TABLES)}
