"""An uncompressed NumPy archive (``np.savez``) read in place: its arrays are views of the file
mapped into memory, copy-on-write, instead of copies read into fresh memory.

The dataset cache (``data.dataset_cache``) keeps a million entities' arrays in one archive of
about 800 MB. ``np.load`` copies each part into memory the process has not used before, and the
system hands such memory out a page at a time, zeroed: 0.3-1.7 s of system time to read an
entry on this machine, against 0.2 s mapped. Each part's CRC is checked when it is first asked
for, as ``np.load`` does: a damaged part raises ``ValueError`` and is never used.

A mapped array is writable (a write copies that page and stays in this process: the file does
not change). While its arrays live, the file stays open: on Linux and macOS a new entry can
replace it; on Windows writing that same entry again fails until they are let go, and the cache
says so (``data.files.WriteError``), as for a full disk.
"""
from __future__ import annotations

import io
import mmap
import zipfile
import zlib
from pathlib import Path

import numpy as np

_LOCAL_HEADER = 30  #: bytes of a zip member's local header before its name and extra field


class MappedArchive:
    """The parts of an ``np.savez`` archive by name (without ``.npy``), each a view of the
    mapped file; raises ``ValueError`` or ``zipfile.BadZipFile`` for a file that is not one."""

    def __init__(self, path: Path):
        with open(path, "rb") as handle:
            infos = zipfile.ZipFile(handle).infolist()
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)  # ValueError when empty
        self._parts = {info.filename[:-4]: info for info in infos if info.filename.endswith(".npy")}
        self._read: dict[str, np.ndarray] = {}

    @property
    def files(self) -> list[str]:
        """The parts' names."""
        return list(self._parts)

    def __contains__(self, name: str) -> bool:
        return name in self._parts

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self._read:
            return self._read[name]
        info = self._parts[name]  # KeyError: no such part
        if info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size:
            raise ValueError(f"a compressed part: {name}")
        view = memoryview(self._map)
        local = view[info.header_offset:info.header_offset + _LOCAL_HEADER]
        if len(local) != _LOCAL_HEADER or local[:4] != b"PK\x03\x04":
            raise ValueError(f"a part without its header: {name}")
        start = info.header_offset + _LOCAL_HEADER + int.from_bytes(local[26:28], "little") \
            + int.from_bytes(local[28:30], "little")
        body = view[start:start + info.file_size]
        if len(body) != info.file_size or zlib.crc32(body) != info.CRC:  # zlib lets other threads run
            raise ValueError(f"a damaged part: {name}")
        header = io.BytesIO(body[:min(len(body), 65_546)].tobytes())
        version = np.lib.format.read_magic(header)
        if version not in ((1, 0), (2, 0)):
            raise ValueError(f"a part this cache does not write: {name}")
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read(header)
        if fortran_order or dtype.hasobject:
            raise ValueError(f"a part this cache does not write: {name}")
        count = int(np.prod(shape, dtype=np.int64))
        array = np.frombuffer(self._map, dtype=dtype, count=count, offset=start + header.tell()).reshape(shape)
        self._read[name] = array
        return array
