"""The names entities are shown by: short names from the data, then told apart automatically
(articles by their treaty, namesakes by kind, year or id, long names cut where they differ)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from data import dates, labels
from data.model import Dataset, Entity

MINIMAL = "CREATE TABLE relations (source_id, target_id, kind);\n"


def entity(entity_id, name, table="actors", kind="state", start=None, parent=None, **fields):
    return Entity(entity_id, table, name, kind, dates.parse(start) if start else None, None, parent,
                  fields=dict(fields))


def names_of(*entities):
    return Dataset(path=None, entities={e.id: e for e in entities}).names


def test_the_bundled_treaties_and_articles_read_apart(bundled_dataset):
    names = bundled_dataset.names
    assert names["ru-ir-csp-2025"] == "Russia–Iran CSP Treaty (2025)"
    assert names["ru-kp-csp-2024"] == "Russia–DPRK CSP Treaty (2024)"
    assert names["ru-ir-csp-2025-a3"] == "Art. 3 · Russia–Iran"
    assert "Art. 3 · Russia–DPRK" in names.values()
    assert names["ru-ir-csp-2025-a19"] == "Art. 19"  # only the Russia–Iran treaty has one
    assert len(set(names.values())) == len(names)
    assert max(len(n) for n in names.values()) <= labels.MAX_LENGTH


def test_namesakes_are_told_apart_by_kind_then_year_then_id():
    by_kind = names_of(entity("g1", "Georgia", kind="state"), entity("g2", "Georgia", kind="region"))
    assert by_kind == {"g1": "Georgia (state)", "g2": "Georgia (region)"}
    by_year = names_of(entity("a", "Gazprom deal", "projects", "deal", "2019"),
                       entity("b", "Gazprom deal", "projects", "deal", "2024-05"))
    assert by_year == {"a": "Gazprom deal (2019)", "b": "Gazprom deal (2024)"}
    by_id = names_of(entity("x1", "Same"), entity("x2", "Same"))
    assert by_id == {"x1": "Same (x1)", "x2": "Same (x2)"}


def test_long_names_are_cut_where_they_differ_and_short_names_win():
    long_a = "Treaty on Comprehensive Strategic Partnership between Russia and Iran"
    long_b = "Treaty on Comprehensive Strategic Partnership between Russia and Korea"
    names = names_of(entity("a", long_a, "treaties", "treaty"), entity("b", long_b, "treaties", "treaty"),
                     entity("c", long_a + " again", "treaties", "treaty", short_name="Short one"))
    assert names["a"] != names["b"] and names["a"].endswith("Iran") and names["b"].endswith("Korea")
    assert all(len(n) <= labels.MAX_LENGTH for n in names.values())
    assert names["c"] == "Short one"


def test_articles_of_two_treaties_carry_their_treaty():
    names = names_of(entity("t1", "Pact of Rome", "treaties", "treaty"),
                     entity("t2", "Pact of Paris", "treaties", "treaty"),
                     entity("t1a3", "Article 3", "articles", "article", parent="t1", number=3),
                     entity("t2a3", "Article 3", "articles", "article", parent="t2", number=3),
                     entity("t2a4", "Article 4", "articles", "article", parent="t2", number=4))
    assert names["t1a3"] != names["t2a3"] and names["t1a3"].startswith("Art. 3 · ")
    assert names["t2a4"] == "Art. 4"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Iran", "Iran ", "IRAN", "A" * 50, "A" * 49 + "B", "x"]),
                          st.sampled_from(["state", "region", ""])), min_size=1, max_size=12))
def test_every_entity_gets_a_name_of_its_own(rows):
    names = names_of(*(entity(f"e{i}", name, kind=kind) for i, (name, kind) in enumerate(rows)))
    assert len({n.casefold() for n in names.values()}) == len(names)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["a", "b", "Ab", "x" * 70, "é", ""]), st.text(max_size=5)), max_size=30))
def test_names_are_told_distinct_as_a_set_tells_them(texts):
    """Plain texts by NumPy, others (accents, long, NUL) by their hashes: a set's answer either way."""
    from data.labels import _all_distinct

    assert _all_distinct(texts) == (len(set(texts)) == len(texts))


class _SameHash(str):
    """A text whose hash is every other's: texts told apart only by comparing them."""

    def __hash__(self) -> int:
        return 7


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=3), max_size=12))
def test_texts_that_share_a_hash_are_compared(texts):
    from data.labels import _all_distinct

    assert _all_distinct([_SameHash(t) for t in texts]) == (len(set(texts)) == len(texts))
