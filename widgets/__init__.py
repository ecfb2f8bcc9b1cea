"""Reusable Qt widgets of the explorer: trees, the detail panel, the graph canvas, the timeline."""
