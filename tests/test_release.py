"""Letting go of a big dataset a part at a time (``data.release``): what only it holds is freed
in slices, what something else still refers to is left as it is."""
import gc
import weakref

from data import release


class Item:
    pass


class Holder:
    def __init__(self, count: int):
        self.items = [Item() for _ in range(count)]
        self.index = {i: Item() for i in range(count)}
        self.small = [Item()]


def test_the_big_containers_of_an_object_let_go_of_are_emptied_a_slice_at_a_time(monkeypatch):
    monkeypatch.setattr(release, "ROWS", 10)
    holder = Holder(95)
    first, last = weakref.ref(holder.items[0]), weakref.ref(holder.index[94])
    gc.collect()
    steps = release.release_steps(holder)
    del holder
    next(steps)  # one slice of the first container
    assert first() is not None or last() is not None  # not all at once
    count = 1 + sum(1 for _ in steps)
    assert count >= 2 * 95 // 10  # each container in slices of ten
    assert first() is None and last() is None


def test_what_something_else_refers_to_is_left_alone(monkeypatch):
    monkeypatch.setattr(release, "ROWS", 10)
    holder, other = Holder(50), Holder(50)
    kept_items = other.items  # one container still in use elsewhere
    in_index = weakref.ref(other.index[0])
    for _ in release.release_steps(holder):
        pass
    assert len(holder.items) == 50 and len(holder.index) == 50  # the holder itself is still referred to
    steps = release.release_steps(other)
    del other
    for _ in steps:
        pass
    assert len(kept_items) == 50 and in_index() is None


def test_an_array_of_records_let_go_of_frees_its_objects_a_slice_at_a_time(monkeypatch):
    import numpy as np

    monkeypatch.setattr(release, "ROWS", 10)
    records = np.empty(45, dtype=[("x", float), ("item", object)])
    records["item"] = [Item() for _ in range(45)]
    first, last = weakref.ref(records["item"][0]), weakref.ref(records["item"][44])
    steps = release.release_steps(records)
    del records
    next(steps)
    assert last() is not None  # not all at once
    assert sum(1 for _ in steps) >= 4 and first() is None and last() is None
    kept = np.empty(45, dtype=[("x", float), ("item", object)])
    kept["item"] = [Item() for _ in range(45)]
    for _ in release.release_steps(kept):  # still referred to: left as it is
        pass
    assert all(isinstance(i, Item) for i in kept["item"])


def test_lists_let_go_of_are_freed_unless_something_else_holds_them(monkeypatch):
    """A table's columns dropped on a worker thread (``StoredTable.forget``): a list only they
    hold is emptied a slice at a time, one still held elsewhere keeps every item."""
    monkeypatch.setattr(release, "ROWS", 7)
    shared = [Item() for _ in range(30)]
    columns = {"alone": [Item() for _ in range(50)], "shared": shared}
    watched = weakref.ref(columns["alone"][0])
    gc.collect()
    release.let_go(columns)
    assert watched() is None and columns == {}
    assert len(shared) == 30 and all(isinstance(i, Item) for i in shared)
