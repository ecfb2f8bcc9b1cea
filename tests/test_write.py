"""data.files.write_atomically: the one safe writer, and its one error."""
import errno
import os
import stat

import pytest

from data.files import WriteError, write_atomically
from data.problems import DatasetError


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_bytes_text_and_a_callable(tmp_path):
    assert write_atomically(tmp_path / "a.bin", b"\x00\xffdata") == tmp_path / "a.bin"
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xffdata"
    write_atomically(str(tmp_path / "b.txt"), "Tehrān – Москва")
    assert (tmp_path / "b.txt").read_bytes() == "Tehrān – Москва".encode("utf-8")
    seen = []

    def write(temp):
        seen.append(temp)
        temp.write_text("from a callable", encoding="utf-8")
    write_atomically(tmp_path / "c.txt", write)
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == "from a callable"
    assert seen[0].parent == tmp_path and seen[0] != tmp_path / "c.txt"  # beside it, another name
    assert stat.S_IMODE(os.stat(tmp_path / "c.txt").st_mode) == 0o644
    assert names(tmp_path) == ["a.bin", "b.txt", "c.txt"]


def test_replaces_an_old_file(tmp_path):
    (tmp_path / "f.txt").write_text("old")
    write_atomically(tmp_path / "f.txt", "new")
    assert (tmp_path / "f.txt").read_text() == "new" and names(tmp_path) == ["f.txt"]


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "f.png"
    target.write_text("old")

    def half_then_full(temp):
        temp.write_text("<half")
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(WriteError) as caught:
        write_atomically(target, half_then_full)
    assert str(caught.value) == f"{target}: could not be written (No space left on device)"
    assert caught.value.strerror == "No space left on device"
    assert target.read_text() == "old" and names(tmp_path) == ["f.png"]

    def refuse(*_args):
        raise OSError(errno.EACCES, "Permission denied")
    monkeypatch.setattr("data.files.os.replace", refuse)
    with pytest.raises(WriteError, match=r"\(Permission denied\)$"):
        write_atomically(target, b"new")
    assert target.read_text() == "old" and names(tmp_path) == ["f.png"]


def test_another_error_of_the_callable_passes_through_and_cleans_up(tmp_path):
    def broken(temp):
        temp.write_text("<half")
        raise ValueError("a bug")
    with pytest.raises(ValueError, match="a bug"):
        write_atomically(tmp_path / "x.txt", broken)
    assert names(tmp_path) == []


def test_a_missing_folder_or_a_folder_is_named(tmp_path):
    with pytest.raises(WriteError) as caught:
        write_atomically(tmp_path / "missing" / "x.txt", "x")
    assert str(caught.value) == f"{tmp_path / 'missing' / 'x.txt'}: could not be written (no such folder)"
    with pytest.raises(WriteError, match="it is a folder"):
        write_atomically(tmp_path, "x")
    assert not (tmp_path / "missing").exists() and names(tmp_path) == []


def test_one_error_that_callers_of_files_and_io_both_catch(tmp_path):
    with pytest.raises(WriteError) as caught:
        write_atomically(tmp_path / "missing" / "x.txt", "x")
    assert isinstance(caught.value, DatasetError) and isinstance(caught.value, OSError)
