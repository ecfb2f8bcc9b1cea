"""The status bar's line: the dataset, the date and mode (or the two dates compared), how many
entities and relations are shown of how many, the selection, and the rows skipped."""
from __future__ import annotations

from data import dates
from data.graph import TimeMode
from .state import ViewState

MODE_NAMES = {"at": "at date", "window": "window", "cumulative": "cumulative"}


def status_text(state: ViewState) -> str:
    ds, graph = state.dataset, state.graph
    visible = state.visible()
    when = ""
    if state.day is not None:
        when = dates.day_to_iso(state.day)
        if state.mode is TimeMode.WINDOW:
            when += f" to {dates.day_to_iso(state.until)}"
        when += f" ({MODE_NAMES[state.mode.value]})"
    if state.compare_days is not None:
        first, second = state.compare_days
        when = f"comparing {dates.day_to_iso(first)} with {dates.day_to_iso(second)}"
    problems = len(ds.problems)
    parts = [ds.title, when,
             f"{int(visible.nodes.sum())} of {graph.node_count} entities, "
             f"{int(graph.relations_mask(visible.edges).sum())} of {graph.relation_count} relations shown",
             f"{problems} row{'s' if problems != 1 else ''} skipped" if problems else "no problems"]
    if state.selected:
        parts.insert(3, f"{len(state.selected)} selected")
    return "   |   ".join(p for p in parts if p)
