"""An entity's relation rows made when first shown (``LazyRows``, from the loader's arrays) are
the rows made all at once from the relation objects, in the same order; the lifespan chart's
days read from the arrays are those of the objects."""
from __future__ import annotations

import pytest

from bench.generate import generate
from data.loader import load
from data.model import Dataset
from data.sources import SourceNames
from widgets.relation_table import LazyRows, relation_rows


def eager(dataset: Dataset, entity_id: str) -> list:
    """The rows as made from a plain list of the relation objects."""
    return relation_rows(entity_id, list(dataset.relations_of(entity_id)), dataset.entities.get,
                         SourceNames.of(dataset))


def shown(rows) -> list:
    return [(row.texts, row.other_id, row.first, row.last, row.relation) for row in rows]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Dataset:
    return load(generate(tmp_path_factory.mktemp("rows") / "synthetic.db", 1200, structure="realistic"))


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_rows_made_when_shown_are_the_rows_made_at_once(which, bundled_dataset, synthetic):
    dataset = bundled_dataset if which == "bundled" else synthetic
    degree = {entity_id: len(dataset.relations_of(entity_id)) for entity_id in dataset.entities}
    busiest = sorted(degree, key=degree.get)[-40:]  # the hubs, where the order matters most
    some = list(dataset.entities)[:: max(1, len(dataset.entities) // 60)]
    compared = 0
    for entity_id in dict.fromkeys(busiest + some):
        lazy = relation_rows(entity_id, dataset.relations_of(entity_id), dataset.entities.get, SourceNames.of(dataset))
        assert isinstance(lazy, LazyRows)
        assert shown(lazy) == shown(eager(dataset, entity_id)), entity_id
        assert shown(lazy[3:9]) == shown(eager(dataset, entity_id)[3:9])
        compared += len(lazy)
    assert compared > 200


def test_a_hubs_rows_are_made_only_when_asked_for(synthetic):
    entity_id = max(synthetic.entities, key=lambda e: len(synthetic.relations_of(e)))
    relations = synthetic.relations_of(entity_id)
    rows = relation_rows(entity_id, relations, synthetic.entities.get, SourceNames.of(synthetic))
    assert len(rows) == len(relations) > 20 and not relations._made
    rows[len(rows) - 1]
    assert len(relations._made) == 1


def test_relation_days_from_the_arrays_are_the_objects_days(bundled_dataset, synthetic):
    for dataset in (bundled_dataset, synthetic):
        for entity_id in list(dataset.entities)[:200]:
            relations = dataset.relations_of(entity_id)
            days = [d for r in list(relations) for d in (r.start and r.start.first_day, r.end and r.end.last_day) if d]
            assert sorted(relations.days()) == sorted(days), entity_id
