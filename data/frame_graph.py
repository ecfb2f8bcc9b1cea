"""The graph of a validated dataset made straight from the loader's arrays (``data.frame``),
with no object per entity or relation: the same ``Graph`` that ``data.graph.build`` makes from
objects, in the same order (tests/test_columnwise.py compares the two)."""
from __future__ import annotations

import numpy as np

from . import dates, schema
from .frame import Frame
from .graph import ARTICLE_OF, NESTED_IN, Graph
from .references import TABLE_ARTICLES


def structural_edges(frame: Frame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(child, parent, is_article) of each link the dataset states by structure: an article to
    its treaty, a nested actor to its parent unless a relation already joins the two (either
    way round), in dataset order."""
    child = np.flatnonzero(frame.parent >= 0)
    parent = frame.parent[child].astype(np.int64)
    article = frame.table[child] == TABLE_ARTICLES
    nested = ~article
    if nested.any() and len(frame.src):
        n = max(frame.node_count, 1)
        src, dst = frame.src.astype(np.int64), frame.dst.astype(np.int64)
        joined = np.minimum(src, dst) * n + np.maximum(src, dst)
        pairs = np.minimum(child, parent) * n + np.maximum(child, parent)
        nested &= ~_among(pairs, joined)
    keep = article | nested
    return child[keep].astype(np.int32), parent[keep].astype(np.int32), article[keep]


def _among(keys: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """``np.isin(keys, pool)`` for a few keys in a big pool, by sorting the pool once and
    searching it: NumPy 2.4's hashed ``isin`` took 3.7 s for 300,000 keys in 3 million, this
    0.35 s."""
    if not len(pool):
        return np.zeros(len(keys), dtype=bool)
    pool = np.sort(pool)
    return pool[np.minimum(np.searchsorted(pool, keys), len(pool) - 1)] == keys


def graph_of(frame: Frame) -> Graph:
    child, parent, article = structural_edges(frame)
    structural_kinds = [k for k, used in ((ARTICLE_OF, article.any()), (NESTED_IN, (~article).any())) if used]
    edge_kinds = sorted(set(frame.rel_kinds) | set(structural_kinds))
    code = {k: i for i, k in enumerate(edge_kinds)}
    remap = np.array([code[k] for k in frame.rel_kinds], dtype=np.int32)
    structural_code = np.where(article, code.get(ARTICLE_OF, 0), code.get(NESTED_IN, 0)).astype(np.int32)
    count = len(child)
    return Graph(
        ids=frame.ids, index=frame.index, table=frame.table.astype(np.int8), kind=frame.kind.astype(np.int32),
        kinds=list(frame.kinds), start=frame.start.astype(np.int32), end=frame.end.astype(np.int32),
        src=np.concatenate([frame.src, child]).astype(np.int32),
        dst=np.concatenate([frame.dst, parent]).astype(np.int32),
        edge_kind=np.concatenate([remap[frame.rel_kind] if len(remap) else np.zeros(0, np.int32),
                                  structural_code]),
        edge_kinds=edge_kinds,
        edge_start=np.concatenate([frame.rel_start, np.full(count, dates.OPEN_START)]).astype(np.int32),
        edge_end=np.concatenate([frame.rel_end, np.full(count, dates.OPEN_END)]).astype(np.int32),
        weight=_float32(np.concatenate([frame.weight, np.ones(count)])),
        confidence=np.concatenate([frame.confidence, np.full(count, schema.confidence_code("official"))]
                                  ).astype(np.int8),
        relation_count=len(frame.src),
    )


def _float32(values: np.ndarray) -> np.ndarray:
    """As ``np.fromiter(..., np.float32)`` stores them: a weight beyond float32 becomes inf."""
    with np.errstate(over="ignore"):
        return values.astype(np.float32)
