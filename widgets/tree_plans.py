"""What each entity tree shows, as ids and no widgets: a ``Plan`` per tab (groups, the order of
their rows, what nests under what, each row's texts) and a ``Shape`` (the plan as a filter
leaves it). Pure Python with no Qt, so a big dataset's plans and filters are worked out off the
interface thread; the tree models (``widgets.entity_models``) make rows from them only when a
view asks for them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from data import chunks
from data.dates import span_text
from data.model import Dataset, Entity, natural_key
from data.schema import KNOWN_ACTOR_KINDS
from data.search import fold as fold_text
from data.store import CHUNK, StoredRow

Texts = Callable[[str], tuple[str, ...]]


def fold(text: str) -> str:
    """Lower-case text without accents ("Tehrān" -> "tehran"); plain ASCII takes a fast path."""
    return text.casefold() if text.isascii() else fold_text(text)


def search_key(*texts: str | None) -> str:
    return "\x1f".join(fold(t) for t in texts if t)


def field_value(entity: Entity, column: str) -> str:
    """A column of the entity's row, looked up ignoring the column's case; empty when missing."""
    fields = entity.fields
    if isinstance(fields, StoredRow):  # the loader's: its table knows which columns match
        value = fields.first_of(column)
        return "" if value is None else str(value)
    for key in fields:  # the names only: a stored row decodes just the cell asked for
        if key.lower() == column:
            value = fields[key]
            if value is not None:
                return str(value)
    return ""


@dataclass
class Plan:
    """One tab's rows before any filter: ``groups`` are (name, ids of the rows directly under
    it, in order); a name of None puts its rows at the top level. ``children`` nests rows."""

    groups: list[tuple[str | None, list[str]]]
    children: dict[str, list[str]]
    texts: Texts  #: a row's column texts, by id
    search: Callable[[str], str]  #: a row's folded text a filter looks in, by id
    ids: list[str] = field(default_factory=list)  #: every row's id
    parent: dict[str, str] = field(default_factory=dict)  #: id -> the id it nests under
    _keys: dict[str, str] | None = field(default=None, repr=False)
    _whole: Shape | None = field(default=None, repr=False)  #: ``shape`` with no filter, made once

    def __post_init__(self) -> None:
        if not self.ids:
            self.ids = [i for _name, top in self.groups for i in top]
            self.ids += [c for kids in self.children.values() for c in kids]
        if not self.parent:
            self.parent = {c: p for p, kids in self.children.items() for c in kids}

    def keys(self) -> dict[str, str]:
        """Every row's search text, folded once (the first filter pays for it)."""
        if self._keys is None:
            self._keys = {i: self.search(i) for i in self.ids}
        return self._keys


@dataclass
class Shape:
    """A plan as a filter leaves it: each group's rows that match or hold a match, and the
    number of rows that match (None: no filter)."""

    groups: list[tuple[str | None, list[str], int]]  #: name, rows shown, rows in the plan
    children: dict[str, list[str]]
    matched: int | None
    top: dict[str, tuple[int, int]] = field(default_factory=dict)  #: top row id -> (group, position)


def shape(plan: Plan, visible: set[str] | None) -> Shape:
    """The rows of ``plan`` that show when only ``visible`` ids match (None: all): a row shows
    when it matches or a row nested under it does."""
    if visible is None:  # made once (by the loading worker, ``plans``), read only
        if plan._whole is None:
            groups = [(name, top, len(top)) for name, top in plan.groups]
            plan._whole = Shape(groups, plan.children, None, _positions(groups))
        return plan._whole
    kept: set[str] = set()
    for entity_id in visible:  # a match keeps the rows above it
        node = entity_id
        while node is not None and node not in kept:
            kept.add(node)
            node = plan.parent.get(node)
    children = {p: [c for c in kids if c in kept] for p, kids in plan.children.items() if p in kept}
    groups = [(name, [i for i in top if i in kept], len(top)) for name, top in plan.groups]
    return Shape(groups, {p: kids for p, kids in children.items() if kids}, len(visible), _positions(groups))


def _positions(groups: list[tuple[str | None, list[str], int]]) -> dict[str, tuple[int, int]]:
    return {entity_id: (g, k) for g, (_name, top, _total) in enumerate(groups) for k, entity_id in enumerate(top)}


def matching(plan: Plan, query: str, hidden: set[str]) -> set[str] | None:
    """The ids that match a folded query and are not hidden; None when that is all of them."""
    if not query and not hidden:
        return None
    return {i for i, key in plan.keys().items() if query in key and i not in hidden}


# -- the four tabs -------------------------------------------------------------------------
def row_name(entity: Entity) -> str:
    """A row named as on the canvas (its short name), except an article, which sits under its
    treaty and keeps its own title."""
    return entity.name if entity.table == "articles" else entity.label


def _by_name(entities: Iterable[Entity]) -> list[Entity]:
    """Sorted by name without case, then id: the keys made a list at a time, not by a function
    called per entity (0.5 s of 620,000 actors), and sorted a chunk at a time (one sort of them
    held the interpreter lock, and so the window, 0.4 s on the loading worker)."""
    entities = list(entities)
    keys = chunks.list_of(zip([e.name.casefold() for e in entities], [e.id for e in entities]), len(entities))
    ordered = [entities[k] for k in chunks.sorted_positions(keys)]
    while keys:  # let go of the keys a chunk at a time: freed at once, 600,000 held the lock 0.1 s
        del keys[-CHUNK:]
    return ordered


def _alphabetical(kinds: Iterable[str]) -> list[str]:
    return sorted(kinds, key=lambda k: (k.casefold(), k))


def kind_order(kinds: Iterable[str]) -> list[str]:
    """Known actor kinds in their fixed order, then any other kind alphabetically."""
    kinds = set(kinds)
    known = [k for k in KNOWN_ACTOR_KINDS if k in kinds]
    return known + _alphabetical(kinds - set(known))


def _entity_search(dataset: Dataset) -> Callable[[str], str]:
    def search(entity_id: str) -> str:
        entity = dataset.entities[entity_id]
        return search_key(entity.name, entity.label, entity.id, *entity.aliases)  # label: as the row shows it
    return search


#: a plan's rows in order, as the dataset cache keeps them: (groups, children, ids)
Order = tuple[list[tuple[str | None, list[str]]], dict[str, list[str]], list[str]]


def _kept_order(dataset: Dataset, number: int) -> Order | None:
    """The order of plan ``number`` (actors, treaties, projects) kept by the dataset cache."""
    kept = dataset._tree_orders
    return kept[number] if kept is not None else None


def actor_plan(dataset: Dataset) -> Plan:
    entities = dataset.entities
    kept = _kept_order(dataset, 0)

    def texts(entity_id: str) -> tuple[str, ...]:
        e = entities[entity_id]
        return row_name(e), e.kind, span_text(e.start, e.end, form="column")
    if kept is not None:
        return Plan(kept[0], kept[1], texts, _entity_search(dataset), kept[2])
    actors = _by_name(e for e in entities.values() if e.table == "actors")
    children: dict[str, list[str]] = defaultdict(list)
    tops: dict[str, list[str]] = defaultdict(list)
    for actor in actors:  # a parent that is an actor (looked up: a set of 600,000 ids grew in single long calls)
        parent = entities.get(actor.parent_id) if actor.parent_id is not None else None
        if parent is not None and parent.table == "actors":
            children[actor.parent_id].append(actor.id)
        else:
            tops[actor.kind].append(actor.id)
    children.default_factory = None  # a plain mapping now (a missing key is an error), not copied into one
    return Plan([(kind, tops[kind]) for kind in kind_order(tops)], children, texts, _entity_search(dataset),
                [a.id for a in actors])


def treaty_plan(dataset: Dataset) -> Plan:
    entities = dataset.entities
    kept = _kept_order(dataset, 1)
    if kept is not None:
        return _treaty_plan(dataset, kept[0], kept[1], kept[2])
    articles: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        if entity.table == "articles":
            articles[entity.parent_id].append(entity)
    treaties = _by_name(e for e in entities.values() if e.table == "treaties")
    numbers: dict[str, tuple] = {}  # article numbers repeat ("1", "2", ...): each read once

    def order(article: Entity) -> tuple:
        number = field_value(article, "number")
        key = numbers.get(number)
        if key is None:
            key = numbers[number] = natural_key(number)
        return key, article.id
    children = {t.id: [a.id for a in sorted(articles[t.id], key=order)] for t in treaties if articles[t.id]}
    return _treaty_plan(dataset, [(None, [t.id for t in treaties])], children)


def _treaty_plan(dataset: Dataset, groups: list, children: dict[str, list[str]], ids: list[str] | None = None) -> Plan:
    entities = dataset.entities

    def texts(entity_id: str) -> tuple[str, ...]:
        e = entities[entity_id]
        if e.table == "articles":
            return e.name, "", ""
        return row_name(e), str(e.start or ""), str(len(children.get(e.id, ())) or "")
    return Plan(groups, children, texts, _entity_search(dataset), ids or [])


def project_plan(dataset: Dataset) -> Plan:
    entities = dataset.entities

    def texts(entity_id: str) -> tuple[str, ...]:
        e = entities[entity_id]
        return row_name(e), field_value(e, "status"), span_text(e.start, e.end, form="column")
    kept = _kept_order(dataset, 2)
    if kept is not None:
        return Plan(kept[0], kept[1], texts, _entity_search(dataset), kept[2])
    kinds: dict[str, list[str]] = defaultdict(list)
    for project in _by_name(e for e in entities.values() if e.table == "projects"):
        kinds[project.kind].append(project.id)
    return Plan([(kind, kinds[kind]) for kind in _alphabetical(kinds)], {}, texts, _entity_search(dataset))


def event_plan(dataset: Dataset) -> Plan:
    events = {e.id: e for e in dataset.events}
    ordered = sorted(dataset.events, key=lambda e: (e.day, e.id))

    def texts(event_id: str) -> tuple[str, ...]:
        e = events[event_id]
        return str(e.date), e.title, e.kind or ""

    def search(event_id: str) -> str:
        e = events[event_id]
        return search_key(e.title, e.id, str(e.date), e.kind)
    return Plan([(None, [e.id for e in ordered])], {}, texts, search)


def orders(made: list[Plan]) -> list[Order]:
    """The entity tabs' rows in order (actors, treaties, projects), for the dataset cache to
    keep: a reopen makes the plans from them without sorting a million entities again."""
    return [(plan.groups, plan.children, plan.ids) for plan in made[:3]]


def plans(dataset: Dataset) -> list[Plan]:
    """The four tabs' plans: actors, treaties with their articles, projects, events (the first
    three in the order the dataset cache kept, when it did: ``Dataset._tree_orders``)."""
    made = [actor_plan(dataset), treaty_plan(dataset), project_plan(dataset), event_plan(dataset)]
    for plan in made:
        shape(plan, None)  # the unfiltered rows, worked out here: the trees show them first
    return made
