"""Values through a process pipe without holding the interpreter lock for a big copy.

``Connection.send`` pickles a value whole: three million edges' arrays were copied into one
pickle by one call that held the interpreter lock, and so the window, for a third of a second.
Here a value is pickled with NumPy's arrays left out of band (pickle protocol 5); the small
pickle goes first, then each array's bytes a ``PIECE`` at a time, and a pipe's write lets go of
the lock. The reader puts the pieces straight into the arrays' new memory.
"""
from __future__ import annotations

import pickle
from typing import Any

PIECE = 1 << 20  #: bytes written to the pipe at a time


def send(connection, value: Any) -> None:
    """Send ``value`` (picklable) on ``connection``; nothing is written if it cannot be pickled."""
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    connection.send((head, [len(raw) for raw in raws]))
    for raw in raws:
        for start in range(0, len(raw), PIECE):
            connection.send_bytes(raw, start, min(PIECE, len(raw) - start))


def receive(connection) -> Any:
    """The value the other end's ``send`` sent."""
    head, sizes = connection.recv()
    buffers = []
    for size in sizes:
        buffer = bytearray(size)
        view, done = memoryview(buffer), 0
        while done < size:
            done += connection.recv_bytes_into(view, done)
        buffers.append(buffer)
    return pickle.loads(head, buffers=buffers)
