"""Network analysis of what is shown: filters on kinds and confidence, shortest paths between two
entities, centrality, communities, and a topic-by-topic comparison of two treaties' articles.

Everything works on masks over ``data.graph.Graph`` (the nodes and edges shown at a date), so each
answer follows the timeline. NumPy does the masking; igraph does the graph algorithms (no
hand-written centrality). The masked graph is read as undirected, with parallel links between
two nodes merged into one (weights summed) so that five relations between Russia and Iran count
as one strong tie, not five shortest paths. No Qt here.
"""
from __future__ import annotations

import csv
import random
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, NamedTuple

import igraph
import numpy as np

from . import dates, schema, style
from .files import write_atomically
from .graph import Graph
from .model import Dataset, natural_key

SEED = 20250117
CONFIDENCES: tuple[str | None, ...] = ("official", "reported", "inferred", None)
ALL_CONFIDENCES: frozenset[str | None] = frozenset(CONFIDENCES)
CONFIDENCE_CODE = {name: code for code, name in enumerate(CONFIDENCES)}  #: as in Graph.confidence
MEASURES = ("degree", "betweenness", "eigenvector")
UNKNOWN_TOPIC = "unknown"


def confidence_name(confidence: str | None) -> str:
    return confidence or "not given"  # the contract's None: no confidence stated


# -- filters ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """What the user chose not to see; the default hides nothing.

    hidden_tables: entity tables (``actors``, ``treaties``, ``articles``, ``projects``) hidden.
    hidden_kinds: node kinds (``Graph.kinds``: actor and project kinds, ``treaty``, ``article``).
    hidden_relations: relation kinds whose links are hidden.
    confidences: the confidences of the relations kept; None stands for "not given".
    min_degree: nodes with fewer links than this, counted over the links that pass the other
        filters, are hidden (one pass: hiding them can leave a neighbour below the bar).
    Structural links (article to treaty, nested actor to parent) ignore the relation filters and
    are shown whenever both of their ends are.
    """

    hidden_tables: frozenset[str] = frozenset()
    hidden_kinds: frozenset[str] = frozenset()
    hidden_relations: frozenset[str] = frozenset()
    confidences: frozenset[str | None] = ALL_CONFIDENCES
    min_degree: int = 0

    def __post_init__(self) -> None:
        for name in ("hidden_tables", "hidden_kinds", "hidden_relations", "confidences"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        unknown = self.confidences - ALL_CONFIDENCES
        if unknown:
            raise ValueError(f"unknown confidence {sorted(map(str, unknown))[0]!r}")
        object.__setattr__(self, "min_degree", max(0, int(self.min_degree)))

    @classmethod
    def only_official(cls) -> Filters:
        """Only the links stated in the text of an agreement."""
        return cls(confidences=frozenset({"official"}))

    @property
    def is_default(self) -> bool:
        return self == Filters()

    def apply(self, graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The masks narrowed by these filters (new arrays; the inputs are not changed)."""
        nodes = node_mask & self._nodes_passing(graph)
        edges = edge_mask & self._edges_passing(graph) & nodes[graph.src] & nodes[graph.dst]
        if self.min_degree > 0:
            nodes &= graph.degree(edges) >= self.min_degree
            edges &= nodes[graph.src] & nodes[graph.dst]
        return nodes, edges

    def _nodes_passing(self, graph: Graph) -> np.ndarray:
        keep = np.ones(graph.node_count, dtype=bool)
        if self.hidden_tables:
            codes = [i for i, t in enumerate(schema.ENTITY_TABLES) if t in self.hidden_tables]
            keep &= ~np.isin(graph.table, codes)
        if self.hidden_kinds:
            keep &= ~np.isin(graph.kind, [i for i, k in enumerate(graph.kinds) if k in self.hidden_kinds])
        return keep

    def _edges_passing(self, graph: Graph) -> np.ndarray:
        drop = np.zeros(graph.edge_count, dtype=bool)
        if self.hidden_relations:
            drop |= np.isin(graph.edge_kind, [i for i, k in enumerate(graph.edge_kinds) if k in self.hidden_relations])
        if self.confidences != ALL_CONFIDENCES:
            drop |= ~np.isin(graph.confidence, [CONFIDENCE_CODE[c] for c in self.confidences])
        drop[graph.relation_count:] = False  # structural links follow their nodes
        return ~drop

    def chips(self) -> list[tuple[str, Filters]]:
        """One (short text, these filters without that condition) per condition, in a stable order."""
        chips: list[tuple[str, Filters]] = []
        if self.confidences == {"official"}:
            chips.append(("official only", replace(self, confidences=ALL_CONFIDENCES)))
        else:
            for c in CONFIDENCES:
                if c not in self.confidences:
                    chips.append((f"hide confidence: {confidence_name(c)}",
                                  replace(self, confidences=self.confidences | {c})))
        for table in sorted(self.hidden_tables):
            chips.append((f"hide {table}", replace(self, hidden_tables=self.hidden_tables - {table})))
        for kind in sorted(self.hidden_kinds):
            chips.append((f"hide kind: {kind}", replace(self, hidden_kinds=self.hidden_kinds - {kind})))
        for kind in sorted(self.hidden_relations):
            chips.append((f"hide link: {kind}", replace(self, hidden_relations=self.hidden_relations - {kind})))
        if self.min_degree > 0:
            chips.append((f"degree ≥ {self.min_degree}", replace(self, min_degree=0)))
        return chips

    def describe(self) -> list[str]:
        """Short texts, one per condition: "official only", "hide kind: person", "degree ≥ 2"."""
        return [text for text, _ in self.chips()]

    def without(self, chip: str) -> Filters:
        """These filters with the condition a chip (a text of ``describe()``) names removed."""
        return dict(self.chips()).get(chip, self)


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
    g = igraph.Graph(n=len(nodes), edges=np.column_stack(np.divmod(keys, max(len(nodes), 1))).tolist())
    g.es["weight"] = np.maximum(np.bincount(group, weights=weight, minlength=len(keys)), 1e-6).tolist()
    return Subgraph(g, nodes, local, edge_ids[firsts], shown)


_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` for the block, then back to normal.
    A lock keeps two analysis workers from sharing the generator (data.layout does not take it)."""
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


# -- paths -----------------------------------------------------------------------------------
HAS_K_SHORTEST_PATHS = hasattr(igraph.Graph, "get_k_shortest_paths")  #: absent from older igraph releases


class Hop(NamedTuple):
    """One step of a path: from node ``source`` to node ``target`` along graph edge ``edge``."""

    source: int
    target: int
    edge: int


def shortest_paths(graph: Graph, a: int | str, b: int | str, node_mask: np.ndarray, edge_mask: np.ndarray,
                   k: int = 3, max_length: int = 6) -> list[list[Hop]]:
    """Up to ``k`` shortest simple paths (fewest links first) between two nodes (index or id)
    over what the masks show, each at most ``max_length`` links; [] when none is shown."""
    a, b = (graph.index[x] if isinstance(x, str) else int(x) for x in (a, b))
    if a == b or not node_mask[a] or not node_mask[b] or k < 1:
        return []
    sub = subgraph(graph, node_mask, edge_mask)
    la, lb = int(sub.local[a]), int(sub.local[b])
    components = sub.g.connected_components().membership
    if components[la] != components[lb]:
        return []
    if HAS_K_SHORTEST_PATHS:
        vpaths = sub.g.get_k_shortest_paths(la, to=lb, k=k, mode="all", output="vpath")
    else:  # older igraph: every shortest path, the first k of them
        vpaths = sub.g.get_all_shortest_paths(la, to=lb, mode="all")[:k]
    paths = []
    for vpath in vpaths:
        if 0 < len(vpath) - 1 <= max_length:
            paths.append([Hop(int(sub.nodes[u]), int(sub.nodes[v]), int(sub.edge_of[sub.g.get_eid(u, v)]))
                          for u, v in zip(vpath, vpath[1:])])
    return paths


def path_nodes(path: list[Hop]) -> list[int]:
    """The node indices a path visits, in order."""
    return [path[0].source, *(hop.target for hop in path)] if path else []


@dataclass(frozen=True)
class HopInfo:
    """A hop in words: for a tree row or a sentence."""

    source_name: str
    target_name: str
    kind: str
    forward: bool  #: the relation points from the hop's source to its target
    dates: str
    confidence: str
    source: str
    locator: str
    relation_id: str | None  #: None for a structural link

    @property
    def link(self) -> str:
        """"Russia —party_to→ Treaty" (the arrow follows the relation's direction)."""
        arrow = f" —{self.kind}→ " if self.forward else f" ←{self.kind}— "
        return f"{self.source_name}{arrow}{self.target_name}"


def hop_info(dataset: Dataset, graph: Graph, hop: Hop) -> HopInfo:
    names = [dataset.entities[graph.ids[i]].label for i in (hop.source, hop.target)]
    kind = graph.edge_kinds[graph.edge_kind[hop.edge]]
    forward = bool(graph.src[hop.edge] == hop.source)
    if hop.edge >= graph.relation_count:
        return HopInfo(*names, kind, forward, "", "structure", "the dataset's structure", "", None)
    rel = dataset.relations[hop.edge]
    return HopInfo(*names, kind, forward, dates.span_text(rel.start, rel.end, "undated", form="sentence"), confidence_name(rel.confidence),
                   rel.source or "", rel.locator or "", rel.id)


def hop_text(dataset: Dataset, graph: Graph, hop: Hop) -> str:
    """"Russia —party_to→ Treaty on…, from 2025-01-17, official, source: https://… (Preamble)"."""
    info = hop_info(dataset, graph, hop)
    source = f"source: {info.source}" + (f" ({info.locator})" if info.locator else "") if info.source else ""
    return ", ".join(p for p in (info.link, info.dates, info.confidence, source) if p)


# -- centrality and communities --------------------------------------------------------------
BETWEENNESS_EXACT_LIMIT = 2000  #: above this many shown nodes, betweenness is estimated
BETWEENNESS_SOURCES = 1000  #: from this many sampled source nodes (Brandes-Pich)


def centrality(graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray) -> dict[str, np.ndarray]:
    """Measures over all nodes, computed with igraph on the shown subgraph:

    degree: links shown (parallel ones each count); 0 for hidden nodes.
    betweenness: share of shortest paths (in links, unweighted) through the node, 0..1; above
        BETWEENNESS_EXACT_LIMIT nodes, estimated from BETWEENNESS_SOURCES seeded sample sources.
    eigenvector: weighted eigenvector centrality, 1 for the top node; each connected component is
        computed apart and scaled by its leading eigenvalue over the largest one.
    Betweenness and eigenvector are NaN for hidden nodes.
    """
    sub = subgraph(graph, node_mask, edge_mask)
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
    """Each community named by its most central actor (by ``measure``, then betweenness), or
    its most central member when it has no actor."""
    score = np.nan_to_num(np.asarray(measures[measure], dtype=float), nan=-np.inf)
    between = np.nan_to_num(measures.get("betweenness", np.zeros(len(score))), nan=-np.inf)
    not_actor = graph.table != schema.ENTITY_TABLES.index("actors")
    order = np.lexsort((np.arange(len(score)), -between, -score, not_actor, labels))
    ordered = labels[order]
    heads = order[np.r_[True, ordered[1:] != ordered[:-1]]] if len(order) else order
    return {int(labels[i]): dataset.entities[graph.ids[i]].label for i in heads if labels[i] >= 0}


def community_colours(labels: np.ndarray, other: str = "#9ca3af") -> list[str | None]:
    """A colour per node for "colour by community": the palette for the largest communities,
    ``other`` beyond it, None for hidden nodes."""
    palette = style.PALETTE + ("#1d4ed8", "#ea580c", "#0f766e", "#b91c1c")
    return [None if c < 0 else (palette[c] if c < len(palette) else other) for c in labels.tolist()]


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


@dataclass(frozen=True)
class Analysis:
    """Centrality, communities and their names for one set of masks."""

    measures: dict[str, np.ndarray]
    communities: np.ndarray
    names: dict[int, str]
    estimated: bool = False  #: betweenness was estimated from sampled sources


def analyse(dataset: Dataset, graph: Graph, node_mask: np.ndarray, edge_mask: np.ndarray,
            seed: int = SEED, method: str = "leiden") -> Analysis:
    """Everything the ranking panel shows, in one call (what ``AnalysisWorker`` runs)."""
    measures = centrality(graph, node_mask, edge_mask)
    labels = communities(graph, node_mask, edge_mask, seed, method)
    return Analysis(measures, labels, community_names(dataset, graph, labels, measures),
                    betweenness_estimated(node_mask))


# -- comparing two treaties ------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleRef:
    """One article as the comparison shows it."""

    id: str
    number: str
    title: str
    summary: str

    @property
    def text(self) -> str:
        return f"Art. {self.number}" + (f" — {self.title}" if self.title else "")


@dataclass(frozen=True)
class TopicRow:
    """One topic: the articles of treaty A and of treaty B on it (either may be empty), and
    notes on relations that join an article of one to an article of the other."""

    topic: str
    a: tuple[ArticleRef, ...]
    b: tuple[ArticleRef, ...]
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """"both", "only A" (no counterpart in B) or "only B"."""
        return "both" if self.a and self.b else ("only A" if self.a else "only B")


def treaty_options(dataset: Dataset) -> list[tuple[str, str, int]]:
    """(id, title, number of articles) of every treaty, by title."""
    counts: dict[str, int] = {}
    for entity in dataset.entities.values():
        if entity.table == "articles" and entity.parent_id:
            counts[entity.parent_id] = counts.get(entity.parent_id, 0) + 1
    treaties = [e for e in dataset.entities.values() if e.table == "treaties"]
    return sorted(((t.id, t.name, counts.get(t.id, 0)) for t in treaties), key=lambda o: (o[1].casefold(), o[0]))


def _articles(dataset: Dataset, treaty_id: str) -> list[ArticleRef]:
    treaty = dataset.entities.get(treaty_id)
    if treaty is None or treaty.table != "treaties":
        raise ValueError(f"{treaty_id!r} is not a treaty of this dataset")
    refs = [ArticleRef(e.id, str(e.fields.get("number") or ""), str(e.fields.get("title") or ""),
                       str(e.fields.get("summary") or ""))
            for e in dataset.entities.values() if e.table == "articles" and e.parent_id == treaty_id]
    return sorted(refs, key=lambda r: (natural_key(r.number), r.id))


def _topic(dataset: Dataset, article_id: str) -> str:
    topic = dataset.entities[article_id].fields.get("topic")
    return ("" if topic is None else str(topic)).strip().lower() or UNKNOWN_TOPIC


def compare_treaties(dataset: Dataset, treaty_a: str, treaty_b: str) -> list[TopicRow]:
    """The articles of two treaties side by side, one row per topic (``articles.topic``), in
    article order; rows whose articles are linked by a relation sit next to each other; the
    ``unknown`` topic (no topic given) comes last."""
    sides = (_articles(dataset, treaty_a), _articles(dataset, treaty_b))
    topics: dict[str, tuple[list[ArticleRef], list[ArticleRef]]] = {}
    for side, refs in enumerate(sides):
        for ref in refs:
            topics.setdefault(_topic(dataset, ref.id), ([], []))[side].append(ref)
    notes = _link_notes(dataset, *sides)
    rows = [TopicRow(t, tuple(a), tuple(b), tuple(dict.fromkeys(n for r in (*a, *b) for n in notes.get(r.id, ()))))
            for t, (a, b) in topics.items()]
    rows.sort(key=lambda r: (r.topic == UNKNOWN_TOPIC, min(natural_key(x.number) for x in (*r.a, *r.b)), r.topic))
    return _linked_together(rows)


def _link_notes(dataset: Dataset, a: list[ArticleRef], b: list[ArticleRef]) -> dict[str, list[str]]:
    """Notes on relations between an article of A and one of B, under both articles' ids."""
    side_a, side_b = {r.id: r for r in a}, {r.id: r for r in b}
    notes: dict[str, list[str]] = {}
    for rel in dataset.relations:
        for x, y in ((rel.source_id, rel.target_id), (rel.target_id, rel.source_id)):
            if x in side_a and y in side_b:
                text = f"Art. {side_a[x].number} (A) ↔ Art. {side_b[y].number} (B), {rel.kind}"
                text += f": {rel.description}" if rel.description else ""
                for article_id in (x, y):
                    notes.setdefault(article_id, []).append(text)
    return notes


def _linked_together(rows: list[TopicRow]) -> list[TopicRow]:
    """Move a row that shares a note with an earlier row to just after it."""
    placed: list[TopicRow] = []
    rest = list(rows)
    while rest:
        row = rest.pop(0)
        placed.append(row)
        partners = [r for r in rest if set(r.notes) & set(row.notes)]
        for partner in partners:
            rest.remove(partner)
        placed.extend(partners)
    return placed


def comparison_csv(rows: list[TopicRow], path: str | Path, headers: tuple[str, str] = ("treaty A", "treaty B")) -> None:
    """Write the comparison as CSV (UTF-8; articles of a side joined by "; "), atomically;
    raises WriteError when it cannot."""
    def write(temp: Path) -> None:
        with temp.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["topic", "status", *headers, "notes"])
            for row in rows:
                writer.writerow([row.topic, row.status, "; ".join(r.text for r in row.a),
                                 "; ".join(r.text for r in row.b), " / ".join(row.notes)])
    write_atomically(path, write)
