"""Checking what entities nest under: an actor's ``parent_id`` must name an actor, an article's
``treaty_id`` a treaty, and no parent chain may loop (a self-parent is a loop). Skipping a
parent orphans its children, so skipping repeats until nothing changes.

Every chain is followed at once with NumPy (pointer jumping); only the entities whose chain
goes wrong are then walked one by one, in dataset order, by the same rules the row-by-row path
applies to all entities, so the problems come out the same and in the same order.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import schema
from .problems import Problem

TABLE_ACTORS = schema.ENTITY_TABLES.index("actors")
TABLE_TREATIES = schema.ENTITY_TABLES.index("treaties")
TABLE_ARTICLES = schema.ENTITY_TABLES.index("articles")


def parent_positions(index: dict[str, int], table: np.ndarray, parent_ids: list) -> np.ndarray:
    """Each entity's parent position: -1 none, -2 an id no entity has, -3 an entity of the wrong
    table (an article's parent must be a treaty, anyone else's an actor)."""
    positions = np.fromiter((-1 if p is None else index.get(p, -2) for p in parent_ids), np.int64, len(parent_ids))
    named = positions >= 0
    wanted = np.where(table == TABLE_ARTICLES, TABLE_TREATIES, TABLE_ACTORS)
    wrong = np.zeros(len(positions), dtype=bool)
    wrong[named] = table[positions[named]] != wanted[named]
    positions[wrong] = -3
    return positions


def sound_chains(positions: np.ndarray) -> np.ndarray:
    """Entities whose parent chain ends at an entity with no parent, all links right."""
    known = np.where(positions == -1, 1, np.where(positions < -1, 0, -1)).astype(np.int8)
    ancestor = np.where(positions >= 0, positions, 0)
    while True:  # pointer jumping: a chain of length L is settled in about log2(L) rounds
        open_ = np.flatnonzero(known < 0)
        settled = known[ancestor[open_]]
        done = settled >= 0
        if not done.any():  # nothing left that can settle: the rest are loops, or lead into one
            break
        known[open_[done]] = settled[done]
        rest = open_[~done]
        # an open node's ancestor is open too, so its pointer never jumps past a settled node
        ancestor[rest] = ancestor[ancestor[rest]]
    return known == 1


class Ref:
    """What the chain rules read of one entity."""

    __slots__ = ("id", "table", "parent_id")

    def __init__(self, entity_id: str, table: str, parent_id: str | None):
        self.id, self.table, self.parent_id = entity_id, table, parent_id


def resolve(refs: dict[str, Ref], outside: Callable[[str], str | None], skip: Callable[[Problem], None]) -> set[str]:
    """The ids of ``refs`` to skip: parent loops, then parents missing or of the wrong table,
    repeated until stable. ``outside(id)`` is the table of an entity not in ``refs`` whose chain
    is sound (or None); ``refs`` holds, in dataset order, every entity that may be skipped."""
    removed: set[str] = set()
    for looped in parent_loops(refs):
        entity = refs.pop(looped)
        removed.add(looped)
        skip(Problem("actors", repr(looped), "parent_id", entity.parent_id,
                     "a parent chain that does not loop back to this actor", (looped,)))
    changed = True
    while changed:  # skipping a parent orphans its children: repeat until stable
        changed = False
        for entity in list(refs.values()):
            if entity.parent_id is None:
                continue
            parent = refs.get(entity.parent_id)
            parent_table = parent.table if parent is not None else outside(entity.parent_id)
            wanted = "treaties" if entity.table == "articles" else "actors"
            if parent_table == wanted:
                continue
            column = schema.BY_NAME[entity.table].parent
            expected = "the id of a treaty" if wanted == "treaties" else "the id of an actor"
            if parent_table is not None:
                expected += f" (it names a row of {parent_table})"
            skip(Problem(entity.table, repr(entity.id), column, entity.parent_id, expected,
                         (entity.id, entity.parent_id)))
            del refs[entity.id]
            removed.add(entity.id)
            changed = True
    return removed


def parent_loops(refs: dict[str, Ref]) -> list[str]:
    """Ids of actors whose parent chain comes back to itself (a self-parent is a loop)."""
    looped: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = done
    for start in refs:
        chain: list[str] = []
        node = start
        while node is not None and node in refs and refs[node].table == "actors" and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = refs[node].parent_id
        if node is not None and state.get(node) == 1:
            looped.extend(chain[chain.index(node):])
        for member in chain:
            state[member] = 2
    return looped


def check(ids: list[str], table: np.ndarray, parent_ids: list, skip: Callable[[Problem], None],
          everyone: bool = False, index: dict[str, int] | None = None) -> np.ndarray:
    """Which entities to keep, skipping (and reporting) those whose chain goes wrong.
    ``everyone`` walks every entity one by one (the row-by-row path), not only the doubtful;
    ``index``: each id's position in ``ids``, when the caller has it."""
    if index is None:
        index = {entity_id: i for i, entity_id in enumerate(ids)}
    positions = parent_positions(index, table, parent_ids)
    sound = np.zeros(len(ids), dtype=bool) if everyone else sound_chains(positions)
    if sound.all():
        return sound
    names = schema.ENTITY_TABLES
    refs = {ids[i]: Ref(ids[i], names[table[i]], parent_ids[i]) for i in np.flatnonzero(~sound).tolist()}

    def outside(entity_id: str) -> str | None:
        position = index.get(entity_id)
        return names[table[position]] if position is not None and sound[position] else None

    removed = resolve(refs, outside, skip)
    return np.fromiter((i not in removed for i in ids), bool, len(ids)) if removed else np.ones(len(ids), bool)
