"""What the user chose not to see: ``Filters`` on entity tables, kinds, relation kinds,
confidence and degree, applied as masks over ``data.graph.Graph`` so that they follow the
timeline. No Qt."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from . import schema
from .graph import Graph

#: every confidence a relation can have (None: not given); the default filters keep them all
ALL_CONFIDENCES: frozenset[str | None] = frozenset(schema.CONFIDENCE_LEVELS)


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
            keep &= ~_among(graph.table, [t in self.hidden_tables for t in schema.ENTITY_TABLES])
        if self.hidden_kinds:
            keep &= ~_among(graph.kind, [k in self.hidden_kinds for k in graph.kinds])
        return keep

    def _edges_passing(self, graph: Graph) -> np.ndarray:
        drop = np.zeros(graph.edge_count, dtype=bool)
        if self.hidden_relations:
            drop |= _among(graph.edge_kind, [k in self.hidden_relations for k in graph.edge_kinds])
        if self.confidences != ALL_CONFIDENCES:
            kept = {schema.confidence_code(c) for c in self.confidences}
            drop |= ~_among(graph.confidence, [c in kept for c in range(max(kept | {0}) + 1)])
        drop[graph.relation_count:] = False  # structural links follow their nodes
        return ~drop

    def chips(self) -> list[tuple[str, Filters]]:
        """One (short text, these filters without that condition) per condition, in a stable order."""
        chips: list[tuple[str, Filters]] = []
        if self.confidences == {"official"}:
            chips.append(("official only", replace(self, confidences=ALL_CONFIDENCES)))
        else:
            for c in schema.CONFIDENCE_LEVELS:
                if c not in self.confidences:
                    chips.append((f"hide confidence: {schema.confidence_label(c)}",
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


def _among(codes: np.ndarray, chosen: list[bool]) -> np.ndarray:
    """Whether each code is one of the chosen (``chosen[c]``; codes past its end are not): a
    look-up table, ~8 times quicker than ``np.isin`` over three million edges."""
    table = np.zeros(max(len(chosen), int(codes.max(initial=0)) + 1), dtype=bool)
    table[:len(chosen)] = chosen
    return table[codes]
