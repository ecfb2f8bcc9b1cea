"""An archive read in place (``data.mapped_archive``) gives the arrays ``np.load`` gives, notices
a damaged part, and never writes to the file."""
from __future__ import annotations

import zipfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

from data.mapped_archive import MappedArchive

DTYPES = st.sampled_from([np.int8, np.int32, np.int64, np.uint32, np.float64, np.uint8, np.bool_, "<U3"])


@settings(max_examples=40, deadline=None)
@given(st.lists(DTYPES.flatmap(lambda d: hnp.arrays(d, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0,
                                                                        max_side=6))), max_size=5))
def test_the_parts_are_the_arrays_written(tmp_path_factory, arrays):
    path = tmp_path_factory.mktemp("a") / "a.npz"
    named = {f"part{i}/x": a for i, a in enumerate(arrays)}
    with path.open("wb") as out:
        np.savez(out, **named)
    archive = MappedArchive(path)
    assert sorted(archive.files) == sorted(named)
    for name, array in named.items():
        read = archive[name]
        assert read.dtype == array.dtype and read.shape == array.shape
        assert np.array_equal(read, array, equal_nan=array.dtype.kind == "f")


def written(tmp_path, **arrays):
    path = tmp_path / "a.npz"
    with path.open("wb") as out:
        np.savez(out, **arrays)
    return path


def test_a_changed_byte_in_a_part_is_noticed_when_that_part_is_read(tmp_path):
    path = written(tmp_path, good=np.arange(1000), bad=np.arange(5000, 6000))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("bad.npy")
    data[info.header_offset + 30 + len("bad.npy") + info.compress_size - 8] ^= 0x01  # its last value
    path.write_bytes(bytes(data))
    archive = MappedArchive(path)
    assert np.array_equal(archive["good"], np.arange(1000))
    with pytest.raises(ValueError, match="damaged part: bad"):
        archive["bad"]


def test_a_compressed_archive_is_refused(tmp_path):
    path = tmp_path / "a.npz"
    with path.open("wb") as out:
        np.savez_compressed(out, x=np.arange(100))
    with pytest.raises(ValueError, match="compressed"):
        MappedArchive(path)["x"]


@pytest.mark.parametrize("content", [b"", b"not an archive" * 10])
def test_a_file_that_is_no_archive_is_refused(tmp_path, content):
    path = tmp_path / "a.npz"
    path.write_bytes(content)
    with pytest.raises((ValueError, zipfile.BadZipFile)):
        MappedArchive(path)


def test_a_part_written_to_changes_memory_not_the_file(tmp_path):
    path = written(tmp_path, x=np.zeros(10_000))
    before = path.read_bytes()
    part = MappedArchive(path)["x"]
    part[:] = 7.0  # a view of the file, copy-on-write: the file stays as it was
    assert path.read_bytes() == before
    assert np.array_equal(MappedArchive(path)["x"], np.zeros(10_000)) and part[123] == 7.0
