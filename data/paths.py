"""Paths between two entities over what is shown: the few shortest ones (fewest links), and
each hop in words (the relation, its dates, confidence and source) for the path panel. Works on
the masked graph of ``data.measures`` (undirected, parallel links merged). No Qt."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from . import dates, schema
from .graph import Graph
from .measures import subgraph
from .model import Dataset


def has_k_shortest_paths() -> bool:
    """Whether igraph has ``get_k_shortest_paths`` (absent from older releases)."""
    from .measures import _igraph

    return hasattr(_igraph().Graph, "get_k_shortest_paths")


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
    if has_k_shortest_paths():
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
    names = [dataset.names[graph.ids[i]] for i in (hop.source, hop.target)]
    kind = graph.edge_kinds[graph.edge_kind[hop.edge]]
    forward = bool(graph.src[hop.edge] == hop.source)
    if hop.edge >= graph.relation_count:
        return HopInfo(*names, kind, forward, "", "structure", "the dataset's structure", "", None)
    rel = dataset.relations[hop.edge]
    span = dates.span_text(rel.start, rel.end, "undated", form="sentence")
    return HopInfo(*names, kind, forward, span, schema.confidence_label(rel.confidence),
                   rel.source or "", rel.locator or "", rel.id)


def hop_text(dataset: Dataset, graph: Graph, hop: Hop) -> str:
    """"Russia —party_to→ Treaty on…, from 2025-01-17, official, source: https://… (Preamble)"."""
    info = hop_info(dataset, graph, hop)
    source = f"source: {info.source}" + (f" ({info.locator})" if info.locator else "") if info.source else ""
    return ", ".join(p for p in (info.link, info.dates, info.confidence, source) if p)
