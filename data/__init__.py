"""Treatyscope's data layer: reading, validating and importing datasets, partial dates and the
in-memory graph. Plain Python, sqlite3, sqlite-utils and NumPy: no Qt, usable from a script."""
