"""The dataset contract as data: which tables and columns exist, which are required, which
columns hold dates and references. Every other module reads the contract from here."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    """One table of the contract."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    is_entity: bool = False
    required_table: bool = False
    dates: tuple[str, ...] = ()
    numbers: tuple[str, ...] = field(default=())

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def has_id(self) -> bool:
        return "id" in self.columns


ACTORS = TableSpec(
    "actors", ("id", "name", "kind"),
    ("parent_id", "aliases", "description", "start_date", "end_date"),
    is_entity=True, required_table=True, dates=("start_date", "end_date"),
)
TREATIES = TableSpec(
    "treaties", ("id", "title"), ("signed_date", "place", "description"),
    is_entity=True, dates=("signed_date",),
)
ARTICLES = TableSpec(
    "articles", ("id", "treaty_id", "number"), ("title", "summary", "topic"), is_entity=True,
)
PROJECTS = TableSpec(
    "projects", ("id", "name"), ("kind", "status", "description", "start_date", "end_date"),
    is_entity=True, dates=("start_date", "end_date"),
)
RELATIONS = TableSpec(
    "relations", ("source_id", "target_id", "kind"),
    ("id", "start_date", "end_date", "weight", "confidence", "description", "source", "locator"),
    required_table=True, dates=("start_date", "end_date"), numbers=("weight",),
)
EVENTS = TableSpec(
    "events", ("id", "date", "title"), ("kind", "description", "source", "locator"), dates=("date",),
)
EVENT_ENTITIES = TableSpec("event_entities", ("event_id", "entity_id"))
META = TableSpec("meta", ("key", "value"))

TABLES: tuple[TableSpec, ...] = (
    ACTORS, TREATIES, ARTICLES, PROJECTS, RELATIONS, EVENTS, EVENT_ENTITIES, META,
)
BY_NAME = {spec.name: spec for spec in TABLES}
ENTITY_TABLES: tuple[str, ...] = tuple(spec.name for spec in TABLES if spec.is_entity)

KNOWN_ACTOR_KINDS = ("state", "person", "organization", "bloc", "company", "region")
CONFIDENCES = ("official", "reported", "inferred")
META_KEYS = ("title", "description", "default_date")

#: the column that names an entity, per entity table
NAME_COLUMN = {"actors": "name", "treaties": "title", "articles": "title", "projects": "name"}
