"""Files in awkward states: WAL with unsaved changes, a lock held by another process, a file
too large for memory, read-only places. Each opens (or is refused in one sentence) quickly and is
left exactly as it was."""
import sqlite3
import subprocess
import sys
import time

import pytest

from data import loader, reader
from data.problems import DatasetError
from conftest import ROOT


def fingerprint(path):
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


@pytest.mark.changes_dataset  # its writer holds the file open; the test checks the bytes itself
def test_wal_changes_not_yet_checkpointed_are_seen_and_nothing_is_written(tmp_path):
    path = tmp_path / "wal.db"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=wal")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.executescript("""
        CREATE TABLE actors (id, name, kind); CREATE TABLE relations (source_id, target_id, kind);
        INSERT INTO actors VALUES ('a', 'A', 'state');
    """)
    writer.commit()
    writer.execute("INSERT INTO actors VALUES ('b', 'Only in the WAL', 'state')")
    writer.commit()  # the writer stays open: the change sits in the -wal file
    try:
        wal = tmp_path / "wal.db-wal"
        assert wal.exists() and wal.stat().st_size > 0
        before = fingerprint(path), wal.read_bytes()
        dataset = loader.load(path)
        assert dataset.entities["b"].name == "Only in the WAL"
        assert (fingerprint(path), wal.read_bytes()) == before
    finally:
        writer.close()


def test_a_database_locked_by_another_process_opens_without_waiting(tmp_path):
    path = tmp_path / "locked.db"
    conn = sqlite3.connect(path)
    conn.executescript("""CREATE TABLE actors (id, name, kind); CREATE TABLE relations (source_id, target_id, kind);
                          INSERT INTO actors VALUES ('a', 'A', 'state');""")
    conn.commit()
    conn.close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA locking_mode=EXCLUSIVE');"
        "c.execute('BEGIN EXCLUSIVE'); c.execute(\"INSERT INTO actors VALUES ('z','Z','state')\");"
        "print('locked', flush=True); time.sleep(30)"), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "info", str(path)],
                                capture_output=True, text=True, timeout=60)
        assert time.monotonic() - started < 10
        assert result.returncode == 0 and "actors:" in result.stdout
    finally:
        holder.kill()
        holder.communicate()


def test_a_file_too_large_for_memory_is_refused_politely(tmp_path, monkeypatch):
    path = tmp_path / "big.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE actors (id, name, kind); CREATE TABLE relations (source_id, target_id, kind);")
    conn.close()
    monkeypatch.setattr(reader, "_available_memory", lambda: 1000)
    with pytest.raises(DatasetError, match="too large to open here"):
        loader.load(path)


def test_a_folder_and_a_missing_path(tmp_path):
    with pytest.raises(DatasetError, match="is a folder"):
        loader.load(tmp_path)
    with pytest.raises(DatasetError, match="no such file"):
        loader.load(tmp_path / "gone.db")


def test_a_truncated_database_is_one_clear_error(tmp_path, bundled_path):
    path = tmp_path / "cut.db"
    path.write_bytes(bundled_path.read_bytes()[: 3 * 4096 + 100])
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {path}") and "Traceback" not in result.stderr
