"""Shared fixtures. Qt runs offscreen: set before any QApplication exists."""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from data import bundled  # noqa: E402


@pytest.fixture
def make_db(tmp_path):
    """Write a dataset from SQL statements; returns its path."""
    counter = iter(range(1000))

    def make(sql: str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"dataset{next(counter)}.db")
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.commit()
        conn.close()
        return path

    return make


MINIMAL = """
CREATE TABLE actors (id, name, kind, parent_id, aliases, description, start_date, end_date);
CREATE TABLE relations (id, source_id, target_id, kind, start_date, end_date, weight,
                        confidence, description, source, locator);
"""


@pytest.fixture
def bundled_path() -> Path:
    return bundled.DATASET_PATH
