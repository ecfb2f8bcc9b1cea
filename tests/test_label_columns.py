"""The labels, completions and search texts made from the loader's columns are the ones made by
asking every entity (the plain path, kept here as it was): same names, same order."""
from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings, strategies as st

from data import dates, labels, loader
from data.labels import MAX_LENGTH, _collisions, _tell_apart, base_name, cut_end, cut_middle, treaty_tag
from data.model import Dataset, Entity
from data.search import SearchIndex


def plain_unique_names(dataset):
    entities = dataset.entities
    names = {entity_id: base_name(entity) for entity_id, entity in entities.items()}
    for group in _collisions(names, [i for i, e in entities.items() if e.table == "articles"]):
        parents = {entities[i].parent_id: entities.get(entities[i].parent_id or "") for i in group}
        if len(parents) > 1:
            tags = {pid: treaty_tag(base_name(p)) if p is not None else "" for pid, p in parents.items()}
            if len(set(tags.values())) < len(tags):
                tags = {pid: pid or "" for pid in parents}
            for entity_id in group:
                tag = tags[entities[entity_id].parent_id]
                if tag:
                    names[entity_id] = f"{names[entity_id]} · {tag}"
    for group in _collisions(names, entities):
        _tell_apart([entities[i] for i in sorted(group)], names)
    shown = {i: cut_end(n, MAX_LENGTH) for i, n in names.items()}
    for group in _collisions(shown, [i for i in shown if len(names[i]) > MAX_LENGTH]):
        for entity_id in group:
            shown[entity_id] = cut_middle(names[entity_id], MAX_LENGTH)
    for group in _collisions(shown, shown):
        for entity_id in group:
            shown[entity_id] = cut_end(names[entity_id], MAX_LENGTH - len(entity_id) - 3) + f" ({entity_id})"
    return shown


def plain_choices(dataset):
    counts: dict = defaultdict(int)
    for entity in dataset.entities.values():
        counts[entity.name.casefold()] += 1
    texts, by_text = [], {}
    for entity in dataset.entities.values():
        text = entity.name if counts[entity.name.casefold()] == 1 else f"{entity.name} ({entity.id})"
        texts.append(text)
        by_text.setdefault(text.casefold(), entity.id)
        by_text.setdefault(entity.id.casefold(), entity.id)
    return sorted(texts, key=str.casefold), by_text


def plain_search(dataset):
    texts, owners = [], []
    for entity in dataset.entities.values():
        for text in (entity.name, entity.id, *entity.aliases, *((entity.label,) if entity.label != entity.name else ())):
            texts.append(labels_fold(text))
            owners.append(entity.id)
    return texts, owners


def labels_fold(text):
    from data.search import fold
    return fold(text)


def same_as_plain(dataset):
    assert list(labels.base_names(dataset).items()) == [(i, base_name(e)) for i, e in dataset.entities.items()]
    assert list(labels.unique_names(dataset).items()) == list(plain_unique_names(dataset).items())
    texts, by_text = labels.choices(dataset)
    plain_texts, plain_by_text = plain_choices(dataset)
    assert texts == plain_texts and list(by_text.items()) == list(plain_by_text.items())
    for key, owner in plain_by_text.items():  # what a picker's text resolves to
        assert by_text.get(key) == owner, key
    assert by_text.get("no such entity") is None and by_text.get("") is None
    index = SearchIndex(dataset)
    assert (index.texts, index.owners) == plain_search(dataset)


SQL = """
CREATE TABLE actors (id, name, kind, parent_id, Short_Name, aliases, start_date);
INSERT INTO actors VALUES ('ru', 'Russia', 'state', NULL, NULL, 'RF; Rossiya', NULL),
  ('ir', 'Iran', 'state', NULL, '  ', NULL, '1979'), ('ir2', 'IRAN', 'state', NULL, NULL, NULL, '1980'),
  ('g1', 'Georgia', 'state', NULL, NULL, NULL, NULL), ('g2', 'Georgia', 'region', NULL, NULL, NULL, NULL),
  ('p', 'Putin', 'person', 'ru', 7, NULL, NULL), ('noname', '  ', 'state', NULL, NULL, NULL, NULL),
  ('long1', 'Treaty on Comprehensive Strategic Partnership between Russia and Iran', 'state', NULL, NULL, NULL, NULL),
  ('long2', 'Treaty on Comprehensive Strategic Partnership between Russia and Korea', 'state', NULL, NULL, NULL, NULL),
  ('Tehrān', 'Tehrān', 'city', NULL, NULL, 'Teheran', NULL);
CREATE TABLE treaties (id, title, signed_date, short_name);
INSERT INTO treaties VALUES ('t1', 'Russia–Iran CSP Treaty (2025)', '2025-01-17', NULL),
  ('t2', 'Russia–DPRK CSP Treaty (2024)', '2024-06-19', ' CSP 2024 '), ('t3', 'Pact', NULL, 12);
CREATE TABLE articles (id, treaty_id, number, title, short_name);
INSERT INTO articles VALUES ('t1-3', 't1', '3', 'Non-aggression', NULL), ('t2-3', 't2', 3, NULL, NULL),
  ('t3-3', 't3', 3.0, NULL, NULL), ('t1-x', 't1', NULL, NULL, NULL), ('t2-4', 't2', '4', NULL, 'Four'),
  ('t3-b', 't3', x'00ff', NULL, NULL);
CREATE TABLE projects (id, name, kind, start_date);
INSERT INTO projects VALUES ('d1', 'Gazprom deal', 'deal', '2019'), ('d2', 'Gazprom deal', 'deal', '2024-05'),
  ('Russia', 'russia', 'deal', NULL);
CREATE TABLE relations (source_id, target_id, kind);
"""


@pytest.mark.parametrize("columnwise", [True, False])
def test_the_labels_of_a_loaded_dataset_are_the_plain_ones(make_db, columnwise):
    dataset = loader.load(make_db(SQL), columnwise=columnwise)
    assert labels.base_names(dataset)["t3-3"] == "Art. 3.0" and labels.base_names(dataset)["t2"] == "CSP 2024"
    assert labels.base_names(dataset)["ir"] == "Iran"  # Short_Name is not short_name: the fields say so too
    same_as_plain(dataset)


def test_the_labels_of_the_bundled_dataset_are_the_plain_ones(bundled_dataset):
    same_as_plain(bundled_dataset)
    assert labels.base_names(bundled_dataset) is labels.base_names(bundled_dataset)  # made once


def test_a_dataset_made_of_objects_asks_each_entity():
    entities = [Entity("a", "actors", "A", "state", fields={"short_name": " Ay "}),
                Entity("b", "articles", "Article 2", "article", parent_id="a", fields={"number": 2})]
    dataset = Dataset(path=None, entities={e.id: e for e in entities})
    assert labels.base_names(dataset) == {"a": "Ay", "b": "Art. 2"}
    same_as_plain(dataset)


NAMES = ["Iran", "Iran ", "IRAN", "iran", "e1", "E2", "A" * 50, "A" * 49 + "B", "x", "Straße", "STRASSE", "Tehrān"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(["state", "region", ""]),
                          st.sampled_from([None, "2001", "1999-05"]), st.sampled_from([None, "", " S ", "x"])),
                min_size=1, max_size=14))
def test_labels_and_completions_are_the_plain_ones_for_any_names(rows):
    entities = [Entity(f"e{i}" if i % 3 else f"E{i}", "actors", name, kind, dates.parse(start) if start else None,
                       fields={"short_name": short} if short is not None else {})
                for i, (name, kind, start, short) in enumerate(rows)]
    same_as_plain(Dataset(path=None, entities={e.id: e for e in entities}))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aZ \x00éÅ-ß\\"), max_size=5), max_size=40))
def test_folding_a_list_folds_each_text(texts):
    from data.search import fold, fold_all

    folded = fold_all(texts)
    assert folded == [fold(t) for t in texts]
    assert all(f is t for f, t in zip(folded, texts) if f == t)  # a text folded already is not copied
