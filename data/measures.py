"""Network measures of what is shown: the shown part of the graph in igraph, centrality
(degree, betweenness, eigenvector), communities and their names and colours, node size factors,
and ``analyse`` which gathers them into one ``Analysis`` for the ranking panel.

Everything works on masks over ``data.graph.Graph`` (the nodes and edges shown at a date), so each
answer follows the timeline. NumPy does the masking; igraph does the graph algorithms (no
hand-written centrality). The masked graph is read as undirected, with parallel links between
two nodes merged into one (weights summed) so that five relations between Russia and Iran count
as one strong tie, not five shortest paths. No Qt here.
"""
from __future__ import annotations

import random
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

import numpy as np

from . import palette, schema
from .graph import Graph
from .model import Dataset

if TYPE_CHECKING:
    import igraph


def _igraph():
    """igraph, imported the first time a measure needs it: it is a tenth of a second of the
    window's start-up, and the window draws nothing with it."""
    import igraph

    return igraph

SEED = 20250117
MEASURES = ("degree", "betweenness", "eigenvector")
COMMUNITY_COLOURS = 20  #: communities with a colour of their own; the rest are "other" (grey)


# -- the masked graph in igraph --------------------------------------------------------------
@dataclass
class Subgraph:
    """The shown part of a graph as an undirected igraph graph, parallel links merged.

    ``nodes[i]`` is the graph node of igraph vertex i; ``local`` maps back (-1 when not shown);
    ``edge_of[e]`` is the graph edge that stands for igraph edge e (the most confident, then the
    heaviest, of the links it merges); the igraph attribute ``weight`` sums their weights.
    """

    g: igraph.Graph
    nodes: np.ndarray
    local: np.ndarray
    edge_of: np.ndarray
    edges: np.ndarray  #: mask over the graph's edges that are shown


def subgraph(graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray) -> Subgraph:
    node_mask = np.asarray(node_mask, dtype=bool)
    shown = np.asarray(edge_mask, dtype=bool) & node_mask[graph.src] & node_mask[graph.dst]
    nodes = np.flatnonzero(node_mask)
    local = np.full(graph.node_count, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    edge_ids = np.flatnonzero(shown & (graph.src != graph.dst))
    u, v = local[graph.src[edge_ids]], local[graph.dst[edge_ids]]
    keys, group = np.unique(np.minimum(u, v) * len(nodes) + np.maximum(u, v), return_inverse=True)
    weight = np.maximum(graph.weight[edge_ids].astype(float), 0.0)
    structural = edge_ids >= graph.relation_count
    order = np.lexsort((edge_ids, -weight, graph.confidence[edge_ids], structural, group))
    firsts = order[np.r_[True, group[order][1:] != group[order][:-1]]] if len(order) else order
    g = _igraph().Graph(n=len(nodes), edges=np.column_stack(np.divmod(keys, max(len(nodes), 1))).tolist())
    g.es["weight"] = np.maximum(np.bincount(group, weights=weight, minlength=len(keys)), 1e-6).tolist()
    return Subgraph(g, nodes, local, edge_ids[firsts], shown)


_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` for the block, then back to normal.
    A lock keeps two analysis workers from sharing the generator (data.layout does not take it)."""
    with _RNG_LOCK:
        _igraph().set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            _igraph().set_random_number_generator(random)


# -- centrality and communities --------------------------------------------------------------
BETWEENNESS_EXACT_LIMIT = 2000  #: above this many shown nodes, betweenness is estimated
BETWEENNESS_SOURCES = 1000  #: from this many sampled source nodes (Brandes-Pich)


def relations_only(graph: Graph, edge_mask: np.ndarray) -> np.ndarray:
    """The edge mask without the structural links (an article to its treaty, a nested actor
    to its parent): what centrality counts unless told to include them, so that a treaty is
    not central merely for having 47 articles."""
    edges = np.array(edge_mask, dtype=bool)
    edges[graph.relation_count:] = False
    return edges


def centrality(graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray,
               structural: bool = False) -> dict[str, np.ndarray]:
    """Measures over all nodes, computed with igraph on the shown subgraph, over the shown
    relations only (``structural=True``: the structural links too):

    degree: links shown (parallel ones each count); 0 for hidden nodes.
    betweenness: share of shortest paths (in links, unweighted) through the node, 0..1; above
        BETWEENNESS_EXACT_LIMIT nodes, estimated from BETWEENNESS_SOURCES seeded sample sources.
    eigenvector: weighted eigenvector centrality, 1 for the top node; each connected component is
        computed apart and scaled by its leading eigenvalue over the largest one.
    Betweenness and eigenvector are NaN for hidden nodes.
    """
    sub = subgraph(graph, node_mask, edge_mask if structural else relations_only(graph, edge_mask))
    n, count = graph.node_count, sub.g.vcount()
    degree = np.where(node_mask, graph.degree(sub.edges), 0).astype(np.int32)
    betweenness, eigenvector = np.full(n, np.nan), np.full(n, np.nan)
    if count:
        pairs = (count - 1) * (count - 2) / 2
        betweenness[sub.nodes] = _betweenness(sub.g) / pairs if pairs > 0 else 0.0
        eigenvector[sub.nodes] = _eigenvector(sub.g)
    return {"degree": degree, "betweenness": betweenness, "eigenvector": eigenvector}


def betweenness_estimated(node_mask: np.ndarray) -> bool:
    """Whether ``centrality`` estimates betweenness for these masks rather than computing it."""
    return int(np.count_nonzero(node_mask)) > BETWEENNESS_EXACT_LIMIT


def _betweenness(g: igraph.Graph) -> np.ndarray:
    count = g.vcount()
    if count <= BETWEENNESS_EXACT_LIMIT:
        return np.asarray(g.betweenness(directed=False), dtype=float)
    sources = np.sort(np.random.default_rng(SEED).choice(count, BETWEENNESS_SOURCES, replace=False))
    return np.asarray(g.betweenness(directed=False, sources=sources.tolist()), dtype=float) * count / len(sources)


def _eigenvector(g: igraph.Graph) -> np.ndarray:
    """igraph's eigenvector centrality per connected component (it is undefined across them)."""
    values = np.zeros(g.vcount())
    found: list[tuple[list[int], np.ndarray, float]] = []
    with warnings.catch_warnings():  # "nearly zero" scores (a tree's leaves) are still right
        warnings.simplefilter("ignore", RuntimeWarning)
        for members in g.connected_components():
            if len(members) > 1:
                scores, value = g.induced_subgraph(members).eigenvector_centrality(weights="weight", return_eigenvalue=True)
                found.append((members, np.asarray(scores, dtype=float), float(value)))
    top = max((e for _, _, e in found), default=0.0)
    for members, scores, eigenvalue in found:
        values[members] = scores * (eigenvalue / top if top > 0 else 0.0)
    return values


def communities(graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray, seed: int = SEED,
                method: str = "leiden") -> np.ndarray:
    """A community id per node (-1 hidden): Leiden optimising modularity (``method="leiden"``)
    or Louvain (``"louvain"``), weighted. The same input and seed always give the same answer;
    ids are numbered by size, largest first (ties by lowest node index)."""
    sub = subgraph(graph, node_mask, edge_mask)
    labels = np.full(graph.node_count, -1, dtype=np.int32)
    if sub.g.vcount() == 0:
        return labels
    with seeded(seed):
        if method == "leiden":
            found = sub.g.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        elif method == "louvain":
            found = sub.g.community_multilevel(weights="weight")
        else:
            raise ValueError(f"unknown community method {method!r}")
    membership = np.asarray(found.membership)
    sizes = np.bincount(membership)
    first = np.full(len(sizes), len(membership))
    np.minimum.at(first, membership, np.arange(len(membership)))
    rank = np.empty(len(sizes), dtype=np.int32)
    rank[np.lexsort((first, -sizes))] = np.arange(len(sizes))
    labels[sub.nodes] = rank[membership]
    return labels


def community_names(dataset: Dataset, graph: Graph, labels: np.ndarray, measures: dict[str, np.ndarray],
                    measure: str = "degree") -> dict[int, str]:
    """Each community named by its most central actor (by ``measure``, then betweenness when
    given), or its most central member when it has no actor, with what kind of thing it is:
    "Iran (state)". Actors first: a community of states around a treaty reads better named
    after its leading state than after the treaty."""
    score = np.nan_to_num(np.asarray(measures[measure], dtype=float), nan=-np.inf)
    between = np.nan_to_num(measures.get("betweenness", np.zeros(len(score))), nan=-np.inf)
    not_actor = graph.table != schema.ENTITY_TABLES.index("actors")
    order = np.lexsort((np.arange(len(score)), -between, -score, not_actor, labels))
    ordered = labels[order]
    heads = order[np.r_[True, ordered[1:] != ordered[:-1]]] if len(order) else order
    return {int(labels[i]): _named(dataset.entities[graph.ids[i]]) for i in heads if labels[i] >= 0}


def _named(entity) -> str:
    kind = entity.kind if entity.table in ("actors", "projects") and entity.kind else schema.singular(entity.table)
    return f"{entity.label} ({kind})"


def community_colours(labels: np.ndarray, other: str = palette.OTHER) -> list[str | None]:
    """A colour per node for "colour by community": distinguishable colours
    (``data.palette``: Tableau 10, then generated ones) for the COMMUNITY_COLOURS largest
    communities, ``other`` beyond them, None for hidden nodes."""
    colours = palette.distinct_colours(COMMUNITY_COLOURS)
    return [None if c < 0 else (colours[c] if c < len(colours) else other) for c in labels.tolist()]


def size_factors(values: np.ndarray, smallest: float = 0.6, largest: float = 2.5) -> np.ndarray:
    """Node size multipliers for "node size follows": area grows with the value (square root),
    from ``smallest`` for the lowest shown value to ``largest`` for the highest; 1 where NaN."""
    values = np.asarray(values, dtype=float)
    factors = np.ones(len(values))
    shown = np.isfinite(values)
    if shown.any():
        root = np.sqrt(np.clip(values[shown], 0, None))
        span = root.max() - root.min()
        factors[shown] = smallest + (largest - smallest) * ((root - root.min()) / span if span > 0 else 0.5)
    return factors


def _here(function, *args):
    return function(*args)


def igraph_steps(arrays: tuple, node_mask: np.ndarray, edge_mask: np.ndarray, structural: bool,
                 whole: tuple[np.ndarray, np.ndarray] | None, seed: int,
                 method: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``centrality`` and ``communities`` of a graph given as arrays (node count, src, dst,
    weight, confidence, relation count): what ``analyse`` runs, in another process if asked."""
    n, src, dst, weight, confidence, relation_count = arrays
    empty = np.zeros(0, dtype=np.int32)
    graph = Graph(ids=range(n), index={}, table=np.zeros(n, np.int8), kind=np.zeros(n, np.int32), kinds=[],
                  start=np.zeros(n, np.int32), end=np.zeros(n, np.int32), src=src, dst=dst,
                  edge_kind=np.zeros(len(src), np.int32), edge_kinds=[], edge_start=empty, edge_end=empty,
                  weight=weight, confidence=confidence, relation_count=relation_count)
    measures = centrality(graph, node_mask, edge_mask, structural)
    nodes, edges = (node_mask, edge_mask) if whole is None else whole
    return measures, communities(graph, nodes, edges, seed, method)


@dataclass(frozen=True)
class Analysis:
    """Centrality, communities and their names for one set of masks."""

    measures: dict[str, np.ndarray]
    communities: np.ndarray
    names: dict[int, str]
    estimated: bool = False  #: betweenness was estimated from sampled sources


def analyse(dataset: Dataset, graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray,
            seed: int = SEED, method: str = "leiden", structural: bool = False,
            whole: tuple[np.ndarray, np.ndarray] | None = None, run=None) -> Analysis:
    """Everything the ranking panel shows, in one call (what the analysis task runs).

    Centrality is of what is shown (``structural``: counting structural links too).
    Communities are found on ``whole`` (the graph at the date, before focus mode and filters
    narrow it; what is shown by default), structural links included (an article belongs with
    its treaty), and named by their most central member there, so a community keeps its name
    and colour while focus mode changes what is shown; nodes not shown get -1.

    ``run(function, *args)`` runs the igraph steps (``igraph_steps``, plain arrays in and out)
    where the caller likes: igraph holds the interpreter lock for all of a computation (0.4 s
    at 10,000 shown entities), so a window runs them in another process. None: here."""
    arrays = (graph.node_count, graph.src, graph.dst, graph.weight, graph.confidence, graph.relation_count)
    measures, labels = (run or _here)(igraph_steps, arrays, node_mask, edge_mask, structural, whole, seed, method)
    nodes, edges = (node_mask, edge_mask) if whole is None else whole
    if whole is None:
        names = community_names(dataset, graph, labels, measures)
    else:
        degree = np.where(nodes, graph.degree(np.asarray(edges, dtype=bool) if structural
                                              else relations_only(graph, edges)), 0)
        names = community_names(dataset, graph, labels, {"degree": degree})
    shown = np.where(np.asarray(node_mask, dtype=bool), labels, -1)
    return Analysis(measures, shown, {c: names[c] for c in set(shown.tolist()) - {-1}},
                    betweenness_estimated(node_mask))
