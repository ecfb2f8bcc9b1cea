"""TEMPORARY stand-in until the safe writer lands."""
from __future__ import annotations
import os, tempfile
from pathlib import Path

class WriteError(Exception):
    pass

def write_atomically(path, content):
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(handle, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
    os.replace(temp, path)
    return path
