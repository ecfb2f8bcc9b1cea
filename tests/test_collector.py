"""Loading pauses Python's cyclic collector and leaves what it made where no later pass walks it
(a pass over a loaded 100,000-entity dataset froze the window for 270 ms); the collector runs
as before afterwards."""
import gc
import threading

from data import bundled, collector, loader


def test_a_loaded_dataset_is_not_walked_by_the_collector_which_runs_again_after():
    assert gc.isenabled()
    dataset = loader.load(bundled.DATASET_PATH)
    assert gc.isenabled()
    entity = next(iter(dataset.entities.values()))
    assert gc.is_tracked(entity) and not any(o is entity for o in gc.get_objects())  # frozen
    assert dataset.entities[entity.id] is entity  # and alive, as loaded


def test_loads_on_several_threads_pause_it_until_the_last_ends():
    inside, release = threading.Event(), threading.Event()

    def slow_load():
        with collector.loading():
            inside.set()
            release.wait(10)
    worker = threading.Thread(target=slow_load)
    worker.start()
    inside.wait(10)
    with collector.loading():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other load is still under way
    release.set()
    worker.join(10)
    assert gc.isenabled()
