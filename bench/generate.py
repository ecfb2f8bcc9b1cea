"""A deterministic synthetic dataset generator for the benchmark (fixed seed).

``size`` entities: about 60% actors (states with leaders nested under them, organisations,
blocs), 2% treaties with 8 articles each, 20% projects; three relations per entity, mostly inside
local clusters (as real networks are), with dates spread over a century; one event per 100
entities. Written with raw ``executemany`` in one transaction.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
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


def iso(day: int) -> str:
    return dt.date.fromordinal(int(day)).isoformat()


def generate(path: Path, size: int, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    n_treaties = max(1, size // 50)
    n_articles = n_treaties * 8
    n_projects = size // 5
    n_actors = size - n_treaties - n_articles - n_projects
    n_states = max(1, n_actors // 3)
    actors, ids = [], []
    for i in range(n_actors):
        kind = "state" if i < n_states else ("person", "organization", "bloc", "company")[i % 4]
        parent = f"a{rng.integers(n_states)}" if kind == "person" else None
        start = int(rng.integers(FIRST, LAST))
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
    relations = _relations(rng, ids, size)
    events = [(f"e{i}", iso(int(rng.integers(FIRST, LAST))), f"Event {i}", ("signing", "election")[i % 2],
               None, "synthetic", None) for i in range(max(1, size // 100))]
    links = [(e[0], ids[int(rng.integers(len(ids)))]) for e in events]
    if path.exists():
        path.unlink()
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    with conn:
        for table, rows in (("actors", actors), ("treaties", treaties), ("articles", articles),
                            ("projects", projects), ("relations", relations), ("events", events),
                            ("event_entities", links),
                            ("meta", [("title", f"Synthetic benchmark dataset ({size:,} entities)")])):
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
    lengths = rng.integers(30, 365 * 30, size=count)
    ends = np.where(rng.random(count) < 0.5, starts + lengths, 0)
    kinds = rng.integers(len(KINDS), size=count)
    conf = rng.integers(len(CONFIDENCE), size=count)
    weights = rng.integers(1, 4, size=count)
    return [(f"r{i}", ids[s], ids[d], KINDS[k], iso(a), iso(e) if 0 < e <= LAST else None, float(w),
             CONFIDENCE[c], None, "synthetic", f"row {i}")
            for i, (s, d, k, a, e, w, c) in enumerate(zip(src, dst, kinds, starts, ends, weights, conf))]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.out, args.size))
