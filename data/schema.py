"""The dataset contract as data: which tables and columns exist, which are required, which
columns hold dates and references. Every other module reads the contract from here."""
from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract.

    singular / title: one row in words ("actor", "Actor").
    start / end: the columns that start and end a row's interval (None where it has none; a
        treaty starts at its ``signed_date`` and has no end, an event has one ``date``).
    parent: the reference column that nests an entity under another (None where there is none).
    """

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    is_entity: bool = False
    required_table: bool = False
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = field(default=())
    singular: str = ""
    title: str = ""
    start: str | None = None
    end: str | None = None
    parent: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def has_id(self) -> bool:
        return "id" in self.columns


ACTORS = TableSpec(
    "actors", ("id", "name", "kind"),
    ("parent_id", "aliases", "description", "start_date", "end_date", "short_name"),
    is_entity=True, required_table=True, dates=("start_date", "end_date"),
    singular="actor", title="Actor", start="start_date", end="end_date", parent="parent_id",
)
TREATIES = TableSpec(
    "treaties", ("id", "title"), ("signed_date", "place", "description", "short_name"),
    is_entity=True, dates=("signed_date",), singular="treaty", title="Treaty", start="signed_date",
)
ARTICLES = TableSpec(
    "articles", ("id", "treaty_id", "number"), ("title", "summary", "topic", "short_name"), is_entity=True,
    singular="article", title="Article", parent="treaty_id",
)
PROJECTS = TableSpec(
    "projects", ("id", "name"), ("kind", "status", "description", "start_date", "end_date", "short_name"),
    is_entity=True, dates=("start_date", "end_date"),
    singular="project", title="Project", start="start_date", end="end_date",
)
RELATIONS = TableSpec(
    "relations", ("source_id", "target_id", "kind"),
    ("id", "start_date", "end_date", "weight", "confidence", "description", "source", "locator"),
    required_table=True, dates=("start_date", "end_date"), numbers=("weight",),
    singular="relation", title="Relation", start="start_date", end="end_date",
)
EVENTS = TableSpec(
    "events", ("id", "date", "title"), ("kind", "description", "source", "locator"), dates=("date",),
    singular="event", title="Event", start="date",
)
EVENT_ENTITIES = TableSpec("event_entities", ("event_id", "entity_id"),
                           singular="event entity", title="Event entity")
META = TableSpec("meta", ("key", "value"), singular="meta entry", title="Meta entry")

#: optional columns of every entity table: a stored position (e.g. another tool's layout) and a
#: look of its own that wins over its kind's; and of entities and relations: several intervals
#: of activity. Checked by ``data.look``; a bad value is a row problem that keeps the row.
POSITION_COLUMNS = ("x", "y")
LOOK_COLUMNS = ("colour", "size")
PERIODS = "periods"


def _with_v3_columns(spec: TableSpec) -> TableSpec:
    """An article is active when its treaty is: it takes no periods of its own."""
    periods = () if spec.name == "articles" else (PERIODS,)
    if spec.is_entity:
        return replace(spec, optional=(*spec.optional, *POSITION_COLUMNS, *LOOK_COLUMNS, *periods),
                       numbers=(*spec.numbers, *POSITION_COLUMNS, "size"))
    return replace(spec, optional=(*spec.optional, *periods))


ACTORS, TREATIES, ARTICLES, PROJECTS, RELATIONS = (
    _with_v3_columns(spec) for spec in (ACTORS, TREATIES, ARTICLES, PROJECTS, RELATIONS))

TABLES: tuple[TableSpec, ...] = (
    ACTORS, TREATIES, ARTICLES, PROJECTS, RELATIONS, EVENTS, EVENT_ENTITIES, META,
)
BY_NAME = {spec.name: spec for spec in TABLES}
ENTITY_TABLES: tuple[str, ...] = tuple(spec.name for spec in TABLES if spec.is_entity)

KNOWN_ACTOR_KINDS = ("state", "person", "organization", "bloc", "company", "region")
CONFIDENCES = ("official", "reported", "inferred")
#: every confidence a relation can have, None for "not given"; the index is the code stored in
#: ``data.graph.Graph.confidence`` (0 official, 1 reported, 2 inferred, 3 not given)
CONFIDENCE_LEVELS: tuple[str | None, ...] = (*CONFIDENCES, None)
NOT_GIVEN = "not given"
META_KEYS = ("title", "description", "default_date")
#: a meta key naming a source that is a file name or a long title: ``source_name:<source>``
SOURCE_NAME_KEY = "source_name:"

#: the optional column with a short name for labels ("Russia–Iran CSP Treaty (2025)")
SHORT_NAME = "short_name"
#: the column that names an entity, per entity table
NAME_COLUMN = {"actors": "name", "treaties": "title", "articles": "title", "projects": "name"}



def singular(table: str) -> str:
    """One row of a table in words: "actor", "treaty"; an unknown table's own name."""
    spec = BY_NAME.get(table)
    return spec.singular if spec is not None else table


def title(table: str) -> str:
    """One row of a table as a title: "Actor", "Treaty"; an unknown table's own name."""
    spec = BY_NAME.get(table)
    return spec.title if spec is not None else table


def confidence_code(name: str | None) -> int:
    """The code ``Graph.confidence`` stores for a confidence (None, or an unknown name: 3)."""
    try:
        return CONFIDENCE_LEVELS.index(name)
    except ValueError:
        return CONFIDENCE_LEVELS.index(None)


def confidence_label(name: str | None) -> str:
    """A confidence in words: its name, or "not given" for None (the contract's empty)."""
    return name or NOT_GIVEN
