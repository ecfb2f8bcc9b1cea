"""Opening, validating and describing a dataset leaves the file exactly as it was."""
import sqlite3
import subprocess
import sys

import pytest

from data import loader
from conftest import ROOT


def fingerprint(path):
    stat = path.stat()
    siblings = sorted(p.name for p in path.parent.iterdir())
    return path.read_bytes(), stat.st_mtime_ns, siblings


@pytest.fixture(params=["delete", "wal"])
def dataset(request, tmp_path):
    path = tmp_path / "d.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={request.param}")
    conn.executescript("""
        CREATE TABLE actors (id, name, kind); INSERT INTO actors VALUES ('a', 'A', 'state');
        CREATE TABLE relations (source_id, target_id, kind); INSERT INTO relations VALUES ('a', 'a', 'x');
    """)
    conn.commit()
    conn.close()
    for leftover in tmp_path.glob("d.db-*"):
        leftover.unlink()
    return path


def test_loading_changes_nothing(dataset):
    before = fingerprint(dataset)
    assert loader.load(dataset).entities["a"].name == "A"
    assert fingerprint(dataset) == before


@pytest.mark.parametrize("command", [["validate"], ["info"], ["info", "--json"]])
def test_commands_change_nothing(dataset, command):
    before = fingerprint(dataset)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *command, str(dataset)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert fingerprint(dataset) == before


def test_read_only_file_in_read_only_folder(dataset):
    folder = dataset.parent
    dataset.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert loader.load(dataset).entities["a"].name == "A"
    finally:
        folder.chmod(0o755)
        dataset.chmod(0o644)
