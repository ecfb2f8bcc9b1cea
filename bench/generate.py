"""Deterministic synthetic datasets for the benchmark (fixed seed), in two structures.

``random`` (the first benchmark's): ``size`` entities, about 60% actors (states with leaders
nested under them, organisations, blocs), 2% treaties with 8 articles each, 20% projects; three
relations per entity, 85% of them to one of the ~30 neighbouring ids, with dates spread
uniformly over a century; one event per 100 entities.

``realistic``: the same kinds of entity, grouped in communities whose sizes are heavy-tailed
(a few of thousands, many of a dozen); each entity has a heavy-tailed appetite for links
(Pareto), so degrees are heavy-tailed too; 90% of relations stay inside a community; each
community has an era, and its entities and relations are dated around it, so the timeline shows
communities forming and fading rather than a uniform haze. Both are written with raw
``executemany`` in one transaction.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from functools import lru_cache
from pathlib import Path

import numpy as np

SCHEMA = """
CREATE TABLE actors (id TEXT, name TEXT, kind TEXT, parent_id TEXT, aliases TEXT, description TEXT,
                     start_date TEXT, end_date TEXT);
CREATE TABLE treaties (id TEXT, title TEXT, signed_date TEXT, place TEXT, description TEXT);
CREATE TABLE articles (id TEXT, treaty_id TEXT, number TEXT, title TEXT, summary TEXT, topic TEXT);
CREATE TABLE projects (id TEXT, name TEXT, kind TEXT, status TEXT, description TEXT, start_date TEXT, end_date TEXT);
CREATE TABLE relations (id TEXT, source_id TEXT, target_id TEXT, kind TEXT, start_date TEXT, end_date TEXT,
                        weight REAL, confidence TEXT, description TEXT, source TEXT, locator TEXT);
CREATE TABLE events (id TEXT, date TEXT, title TEXT, kind TEXT, description TEXT, source TEXT, locator TEXT);
CREATE TABLE event_entities (event_id TEXT, entity_id TEXT);
CREATE TABLE meta (key TEXT, value TEXT);
"""
FIRST = dt.date(1925, 1, 1).toordinal()
LAST = dt.date(2025, 12, 31).toordinal()
KINDS = ("party_to", "cooperates_with", "member_of", "involves", "covers", "opposes", "leads")
CONFIDENCE = ("official", "reported", "inferred")
STRUCTURES = ("random", "realistic")


@lru_cache(maxsize=None)
def iso(day: int) -> str:
    return dt.date.fromordinal(int(day)).isoformat()


def generate(path: Path, size: int, seed: int = 7, structure: str = "random") -> Path:
    rng = np.random.default_rng(seed)
    n_treaties = max(1, size // 50)
    n_articles = n_treaties * 8
    n_projects = size // 5
    n_actors = size - n_treaties - n_articles - n_projects
    n_states = max(1, n_actors // 3)
    realistic = structure == "realistic"
    era = _eras(rng, size) if realistic else None
    actors, ids = [], []
    for i in range(n_actors):
        kind = "state" if i < n_states else ("person", "organization", "bloc", "company")[i % 4]
        parent = f"a{_near_state(rng, i, n_states, era)}" if kind == "person" else None
        start = int(rng.integers(FIRST, LAST)) if era is None else _around(rng, era[1][era[0][i]])
        end = iso(start + int(rng.integers(365, 365 * 40))) if kind == "person" and start + 365 * 40 < LAST else None
        actors.append((f"a{i}", f"Actor {i}", kind, parent, None, None, iso(start) if kind != "state" else None, end))
        ids.append(f"a{i}")
    treaties = [(f"t{i}", f"Treaty {i}", iso(int(rng.integers(FIRST, LAST))), "Somewhere", None) for i in range(n_treaties)]
    ids += [t[0] for t in treaties]
    articles = [(f"t{t}-{k}", f"t{t}", str(k), f"Article {k}", None, "principles")
                for t in range(n_treaties) for k in range(1, 9)]
    ids += [a[0] for a in articles]
    projects = []
    for i in range(n_projects):
        start = int(rng.integers(FIRST, LAST))
        projects.append((f"p{i}", f"Project {i}", "corridor", "planned", None, iso(start)[:7], None))
    ids += [p[0] for p in projects]
    relations = _realistic_relations(rng, ids, size, era) if realistic else _relations(rng, ids, size)
    events = [(f"e{i}", iso(int(rng.integers(FIRST, LAST))), f"Event {i}", ("signing", "election")[i % 2],
               None, "synthetic", None) for i in range(max(1, size // 100))]
    links = [(e[0], ids[int(rng.integers(len(ids)))]) for e in events]
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    title = f"Synthetic benchmark dataset ({size:,} entities, {structure})"
    with conn:
        for table, rows in (("actors", actors), ("treaties", treaties), ("articles", articles),
                            ("projects", projects), ("relations", relations), ("events", events),
                            ("event_entities", links), ("meta", [("title", title)])):
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.close()
    return path


def _relations(rng: np.random.Generator, ids: list[str], size: int) -> list[tuple]:
    """Three per entity; 85% inside a cluster of ~30 neighbouring ids, the rest anywhere."""
    count = 3 * size
    src = rng.integers(len(ids), size=count)
    local = rng.random(count) < 0.85
    offset = rng.integers(-15, 16, size=count)
    dst = np.where(local, np.clip(src + offset, 0, len(ids) - 1), rng.integers(len(ids), size=count))
    starts = rng.integers(FIRST, LAST, size=count)
    return _rows(rng, ids, src, dst, starts)


def _rows(rng: np.random.Generator, ids: list[str], src, dst, starts) -> list[tuple]:
    count = len(src)
    lengths = rng.integers(30, 365 * 30, size=count)
    ends = np.where(rng.random(count) < 0.5, starts + lengths, 0)
    kinds = rng.integers(len(KINDS), size=count)
    conf = rng.integers(len(CONFIDENCE), size=count)
    weights = rng.integers(1, 4, size=count)
    return [(f"r{i}", ids[s], ids[d], KINDS[k], iso(a), iso(e) if 0 < e <= LAST else None, float(w),
             CONFIDENCE[c], None, "synthetic", f"row {i}")
            for i, (s, d, k, a, e, w, c) in enumerate(zip(src.tolist(), dst.tolist(), kinds.tolist(),
                                                           starts.tolist(), ends.tolist(), weights.tolist(),
                                                           conf.tolist()))]


# -- the realistic structure ---------------------------------------------------------------
def _eras(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each entity's community (consecutive ids) and each community's era (a day): sizes from a
    lognormal, a few large, many small."""
    sizes: list[int] = []
    while sum(sizes) < size:
        sizes.append(int(np.clip(rng.lognormal(3.0, 1.2), 3, max(3, size // 10))))
    community = np.repeat(np.arange(len(sizes)), sizes)[:size]
    era = rng.integers(FIRST + 3650, LAST - 3650, size=len(sizes))
    return community, era


def _around(rng: np.random.Generator, day: int) -> int:
    return int(np.clip(day + rng.normal(0, 365 * 6), FIRST, LAST))


def _near_state(rng: np.random.Generator, i: int, n_states: int, era) -> int:
    """A leader's state: any state (random), or one of the states just before it (realistic:
    states and their people share communities)."""
    if era is None:
        return int(rng.integers(n_states))
    return int(np.clip(i * n_states // max(len(era[0]), 1) + rng.integers(-3, 4), 0, n_states - 1))


def _realistic_relations(rng: np.random.Generator, ids: list[str], size: int, era) -> list[tuple]:
    """Three per entity: the source by appetite (Pareto) over all entities, the target by
    appetite inside the source's community (90%) or anywhere; dated around the community's era."""
    community, eras = era
    n = len(ids)
    community = np.concatenate([community, community[-1:].repeat(max(0, n - len(community)))])[:n]
    appetite = rng.pareto(1.6, size=n) + 1.0
    total = np.cumsum(appetite)
    count = 3 * size
    src = np.minimum(np.searchsorted(total, rng.random(count) * total[-1]), n - 1)
    first = np.searchsorted(community, np.arange(community.max() + 1))  # each community's first id
    last = np.append(first[1:], n)
    c = community[src]
    low = np.where(first[c] > 0, total[np.maximum(first[c] - 1, 0)], 0.0)
    local = np.minimum(np.searchsorted(total, low + rng.random(count) * (total[last[c] - 1] - low)), n - 1)
    anywhere = np.minimum(np.searchsorted(total, rng.random(count) * total[-1]), n - 1)
    dst = np.where(rng.random(count) < 0.9, local, anywhere)
    dst = np.where(dst == src, np.minimum(src + 1, n - 1), dst)
    starts = np.clip(eras[community[src]] + rng.normal(0, 365 * 4, size=count).astype(np.int64), FIRST, LAST)
    return _rows(rng, ids, src, dst, starts)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--structure", choices=STRUCTURES, default="random")
    args = parser.parse_args()
    print(generate(args.out, args.size, structure=args.structure))
