"""The names entities are shown by: short, and unique within a dataset.

Every view (the canvas, the trees, the Ranking table, tooltips, paths, exports) shows an entity
by ``Dataset.names[id]``, made here once per dataset:

- an entity's ``short_name`` when the dataset gives one, else its name; an article is
  ``Art. 3`` (its short name, if any, wins);
- an article whose label another article also has carries its treaty: ``Art. 3 · Russia–DPRK``;
- two entities with the same name are told apart by their kind, then their first year, then
  their id: ``Georgia (state)``, ``Georgia (region)``;
- a name longer than ``MAX_LENGTH`` is cut in the middle where a plain cut at the end would
  lose what tells it apart from another name: ``Treaty on Compre… Islamic Republic of Iran``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import numpy as np

from . import chunks, schema, text_codes
from .schema import SHORT_NAME
from .store import CHUNK

if TYPE_CHECKING:
    from .model import Dataset, Entity

MAX_LENGTH = 34  #: longer labels are cut (the canvas draws at most this many characters)


def base_name(entity: Entity) -> str:
    """The entity's own short form, before any disambiguation."""
    short = entity.fields.get(SHORT_NAME) if entity.fields else None
    if isinstance(short, str) and short.strip():
        return short.strip()
    if entity.table == "articles":
        return f"Art. {entity.fields.get('number')}"
    return entity.name


def base_names(dataset: Dataset) -> dict[str, str]:
    """Every entity's ``base_name``, id -> text in dataset order, made once per dataset (the
    labels, the search index and the trees each asked every entity: 0.7 s a pass at a million).
    A dataset the loader made reads its short names and article numbers a column at a time,
    each distinct value once; one made of objects asks each entity."""
    if dataset._base_names is None:
        dataset._base_names = _base_names_of_columns(dataset) or \
            {entity_id: base_name(entity) for entity_id, entity in dataset.entities.items()}
    return dataset._base_names


def _base_names_of_columns(dataset: Dataset) -> dict[str, str] | None:
    """``base_name`` of every entity from the stored columns its fields are read from (None when
    the entities are not the frame's: a dataset made of objects, or of no entities)."""
    from .frame import entity_fields_are_rows  # the frame module imports this one's model

    frame, entities = dataset.frame, dataset.entities
    if frame is None or not entities or not entity_fields_are_rows(dataset):
        return None
    ids = frame.ids
    bases: list = [None] * len(ids)
    for code, table in enumerate(schema.ENTITY_TABLES):
        where = np.flatnonzero(frame.table == code).tolist()
        if not where:
            continue
        stored = frame.stored[table]
        rows = frame.row[where].tolist()
        short = stored.by_name.get(SHORT_NAME)  # as ``fields.get``: the column's name as written
        if short is not None:
            cells = stored.column_at(short)
            answers = {v: v.strip() if isinstance(v, str) and v.strip() else None for v in set(map(cells.__getitem__, rows))}
            shorts = [answers[cells[r]] for r in rows]
        else:
            shorts = [None] * len(rows)
        if table == "articles":
            number = stored.by_name.get("number")
            cells = stored.column_at(number) if number is not None else [None] * len(stored)
            for k, (position, r) in enumerate(zip(where, rows)):
                bases[position] = shorts[k] or f"Art. {cells[r]}"
        else:
            for k, position in enumerate(where):
                bases[position] = shorts[k] or entities[ids[position]].name
    return chunks.dict_of(zip(ids, bases), len(ids))


def treaty_tag(name: str) -> str:
    """A compact tag for a treaty, for an article's label: the first word that joins two names
    with a dash ("Russia–DPRK" from "Russia–DPRK CSP Treaty (2024)"), else its first words."""
    for word in name.split():
        if re.search(r"\w[–-]\w", word):
            return word.strip("(),;:")
    return cut_end(name, 18)


def cut_end(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def cut_middle(text: str, length: int) -> str:
    """Keep the start and the end, which is where long names tend to differ."""
    if len(text) <= length:
        return text
    head = (length - 1) * 2 // 5
    start, end = text[:head], text[-(length - 1 - head):]
    if " " in start.strip():  # whole words where there is room for them
        start = start[: start.rstrip().rfind(" ")]
    if " " in end.strip() and not text[-len(end) - 1].isspace():
        end = end[end.find(" ") + 1:]
    return start.rstrip() + "…" + end.lstrip()


def _year(entity: Entity) -> str | None:
    return str(entity.start)[:4] if entity.start is not None else None


def _tell_apart(group: list[Entity], names: dict[str, str]) -> None:
    """Entities sharing one label: add the first of kind, year, id that tells them apart."""
    for describe in (lambda e: e.kind or e.table, _year, lambda e: e.id):
        tags = [describe(e) for e in group]
        if all(tags) and len(set(tags)) == len(tags):
            for entity, tag in zip(group, tags):
                names[entity.id] = f"{names[entity.id]} ({tag})"
            return
    for entity in group:  # nothing alone tells them apart: the id always does
        names[entity.id] = f"{names[entity.id]} ({entity.id})"


def _collisions(names: dict[str, str], ids) -> list[list[str]]:
    ids = chunks.list_of(ids, len(ids))
    folded = [names[entity_id].casefold() for entity_id in ids]
    if _all_distinct(folded):  # the common case, found without grouping every id
        return []
    by_name: dict[str, list[str]] = defaultdict(list)
    for entity_id, name in zip(ids, folded):
        by_name[name].append(entity_id)
    return [group for group in by_name.values() if len(group) > 1]


def _all_distinct(texts: list[str]) -> bool:
    """Whether no two texts are equal: told by NumPy when they are plain (``data.text_codes``),
    else by their hashes, sorted by NumPy, with only the texts that share a hash compared (a
    set of a million names held the interpreter lock 0.1-0.3 s in one call as it grew)."""
    grouped = text_codes.codes(texts)
    if grouped is not None:
        return len(grouped[0]) == len(texts)
    hashes = np.concatenate([np.fromiter(map(hash, texts[start:start + CHUNK]), np.int64,
                                         len(texts[start:start + CHUNK]))
                             for start in range(0, len(texts), CHUNK)] or [np.zeros(0, np.int64)])
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    shared = np.flatnonzero(ordered[1:] == ordered[:-1])  # equal texts share a hash; rarely, unequal ones too
    if not len(shared):
        return True
    starts = shared[np.r_[True, shared[1:] != shared[:-1] + 1]]  # the first of each run of a shared hash
    for start in starts.tolist():
        stop = start + 1
        while stop < len(ordered) and ordered[stop] == ordered[start]:
            stop += 1
        members = [texts[i] for i in order[start:stop].tolist()]
        if len(set(members)) < len(members):
            return False
    return True


def unique_names(dataset: Dataset) -> dict[str, str]:
    """Every entity's label, unique in the dataset and at most ``MAX_LENGTH`` characters."""
    entities = dataset.entities
    names = dict(base_names(dataset))
    for group in _collisions(names, [i for i, e in entities.items() if e.table == "articles"]):
        parents = {entities[i].parent_id: entities.get(entities[i].parent_id or "") for i in group}
        if len(parents) > 1:  # the same number in several treaties: say which treaty
            tags = {pid: treaty_tag(base_name(p)) if p is not None else "" for pid, p in parents.items()}
            if len(set(tags.values())) < len(tags):  # the tags alike too: the treaties' ids
                tags = {pid: pid or "" for pid in parents}
            for entity_id in group:
                tag = tags[entities[entity_id].parent_id]
                if tag:
                    names[entity_id] = f"{names[entity_id]} · {tag}"
    namesakes = _collisions(names, entities)
    for group in namesakes:
        _tell_apart([entities[i] for i in sorted(group)], names)
    long = [i for i, n in names.items() if len(n) > MAX_LENGTH]
    shown = {i: cut_end(n, MAX_LENGTH) for i, n in names.items()} if long else dict(names)
    for group in _collisions(shown, long):
        for entity_id in group:
            shown[entity_id] = cut_middle(names[entity_id], MAX_LENGTH)
    if not namesakes and not long:  # the names were told apart without a change: so are they shown
        return shown
    for group in _collisions(shown, shown):  # still alike after cutting: the id tells them apart
        for entity_id in group:
            shown[entity_id] = cut_end(names[entity_id], MAX_LENGTH - len(entity_id) - 3) + f" ({entity_id})"
    return shown


def choices(dataset: Dataset) -> tuple[list[str], "TextLookup"]:
    """Each entity's full name (with its id where another entity has the same name), sorted
    without case, and a ``TextLookup`` from each such text and each id, without case, to the
    entity's id."""
    entities = dataset.entities.values()
    names = [entity.name for entity in entities]
    ids = [entity.id for entity in entities]
    keys = chunks.list_of(map(str.casefold, names), len(names))  #: each text folded
    texts = list(names)
    counts: Counter = Counter()
    for first in range(0, len(keys), chunks.CHUNK):  # brief steps (data.chunks)
        counts.update(keys[first:first + chunks.CHUNK])
    if len(counts) < len(keys):  # a name shared without case: those texts carry their id
        for k in [k for k, key in enumerate(keys) if counts[key] > 1]:
            texts[k] = f"{names[k]} ({ids[k]})"
            keys[k] = texts[k].casefold()
    order = chunks.sorted_positions(keys)  # as sorted(texts, key=str.casefold): stable
    return [texts[k] for k in order], TextLookup(keys, ids)


class TextLookup:
    """What a picker's text (without case) names: each entity's completion text, then its id,
    entity by entity, the first to give a text answering for it (as ``dict.setdefault`` one by
    one would).

    Kept as the entities' folded texts, a list side by side with their ids, and searched when
    asked: a user asks once per click, a scan of a million texts is ~10 ms, and the dictionary
    it replaces had two million keys (0.8 s to make at each open, and its growth held the
    interpreter lock, so the window, for a third of a second)."""

    __slots__ = ("keys", "ids", "_id_keys")

    def __init__(self, keys: list[str], ids: list[str]):
        if len(keys) != len(ids):
            raise ValueError("a text for each entity")
        self.keys, self.ids = keys, ids  #: each entity's completion text folded; its id
        self._id_keys: list[str] | None = None

    def id_keys(self) -> list[str]:
        """Each id without case, made on the first look-up (a million ids: ~0.1 s)."""
        if self._id_keys is None:
            self._id_keys = [i if f == i else f for i, f in zip(self.ids, map(str.casefold, self.ids))]
        return self._id_keys

    def get(self, key: str, default: str | None = None) -> str | None:
        """The id of the first entity whose text or id, without case, is ``key``."""
        first = None
        for column, which in ((self.keys, 0), (self.id_keys(), 1)):
            try:
                at = 2 * column.index(key) + which  # in C: a text's place, or an id's just after it
            except ValueError:
                continue
            first = at if first is None else min(first, at)
        return default if first is None else self.ids[first // 2]

    def items(self) -> list[tuple[str, str]]:
        """Every (text, id) pair a look-up answers, as a dictionary filled entity by entity
        would hold them (for tests and small datasets: a pass over every entity)."""
        made: dict[str, str] = {}
        for key, id_key, entity_id in zip(self.keys, self.id_keys(), self.ids):
            made.setdefault(key, entity_id)
            made.setdefault(id_key, entity_id)
        return list(made.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextLookup) and self.keys == other.keys and self.ids == other.ids

    def __repr__(self) -> str:
        return f"<TextLookup of {len(self.ids)} entities>"
