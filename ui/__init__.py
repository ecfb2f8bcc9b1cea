"""Treatyscope's interface: the state the user looks at, the main window that wires widgets to
it, and the commands that draw (export)."""
