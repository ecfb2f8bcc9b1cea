"""The bundled dataset: its CSV source and its built file agree, and its key facts are right."""
import csv
import sqlite3

import pytest

from data import bundled, dates
from data.importer import import_dataset


@pytest.fixture(scope="module")
def ds(bundled_dataset):
    return bundled_dataset


def table_rows(path, table):
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return sorted(map(tuple, conn.execute(f'SELECT * FROM "{table}"').fetchall()), key=repr)
    finally:
        conn.close()


def test_built_file_matches_its_csv_source(tmp_path):
    rebuilt = tmp_path / "rebuilt.db"
    _dataset, problems = import_dataset(bundled.SOURCE_DIR, rebuilt)
    assert problems == []
    for csv_file in sorted(bundled.SOURCE_DIR.glob("*.csv")):
        table = csv_file.stem
        assert table_rows(rebuilt, table) == table_rows(bundled.DATASET_PATH, table), (
            f"{table}: the built dataset is stale; run `python -m data.bundled`")


def test_validates_without_problems(ds):
    assert ds.problems == []


def test_the_treaty_and_its_parties(ds):
    treaty = ds.entities["ru-ir-csp-2025"]
    assert str(treaty.start) == "2025-01-17" and treaty.fields["place"].startswith("Moscow")
    parties = {r.source_id for r in ds.relations if r.kind == "party_to" and r.target_id == treaty.id}
    assert {"russia", "iran"} <= parties
    signers = {r.source_id: str(r.start) for r in ds.relations if r.kind == "signed" and r.target_id == treaty.id}
    assert signers.get("putin") == "2025-01-17" and signers.get("pezeshkian") == "2025-01-17"


def test_all_47_articles_in_natural_order(ds):
    from data.model import natural_key
    numbers = sorted((e.fields["number"] for e in ds.entities.values() if e.parent_id == "ru-ir-csp-2025"),
                     key=natural_key)
    assert numbers == [str(n) for n in range(1, 48)]
    unconfirmed = [e for e in ds.entities.values() if e.parent_id == "ru-ir-csp-2025" and e.fields["topic"] == "unknown"]
    for article in unconfirmed:  # an unconfirmed article says so instead of guessing
        assert article.fields["summary"] == "Content not confirmed from a public source."
    article3 = ds.entities["ru-ir-csp-2025-a3"]
    assert article3.fields["topic"] == "non-assistance" and article3.fields["source"].startswith("http")


def test_actors_named_by_the_article(ds):
    names = {e.name for e in ds.entities.values() if e.table == "actors"}
    for name in ("Russia", "Iran", "United States", "Israel", "Saudi Arabia", "North Korea", "China",
                 "Azerbaijan", "Turkey", "India", "Pakistan", "Syria", "Philippines", "Vladimir Putin",
                 "Masoud Pezeshkian", "Ali Khamenei", "Ebrahim Raisi", "Donald Trump", "Mohammed bin Salman"):
        assert name in names, name
    assert ds.entities["putin"].parent_id == "russia" and ds.entities["pezeshkian"].parent_id == "iran"
    assert "ایران" in ds.entities["iran"].aliases


def test_leaders_terms(ds):
    leads = {(r.source_id, r.target_id): r for r in ds.relations if r.kind == "leads"}
    raisi = leads[("raisi", "iran")]
    assert str(raisi.end) == "2024-05-19"
    pezeshkian = leads[("pezeshkian", "iran")]
    assert dates.start_day(pezeshkian.start) > dates.end_day(raisi.end)


def test_events_with_dates(ds):
    by_id = {e.id: e for e in ds.events}
    assert str(by_id["ev-signing"].date) == "2025-01-17"
    titles = " ".join(e.title.lower() for e in ds.events)
    for word in ("raisi", "inaugurat", "ratif", "force", "draft"):
        assert word in titles, word
    assert all(e.source for e in ds.events)


def test_every_relation_carries_a_source_locator_and_confidence(ds):
    for relation in ds.relations:
        assert relation.source and relation.locator and relation.confidence, relation.id


def test_projects_are_tied_to_articles_and_actors(ds):
    projects = {e.id: e for e in ds.entities.values() if e.table == "projects"}
    names = " ".join(p.name.lower() for p in projects.values())
    for word in ("azerbaijan", "swaps", "national currencies", "bushehr", "north–south", "deconfliction", "600"):
        assert word in names, word
    pipeline = projects["ru-ir-gas-pipeline"]
    assert pipeline.kind == "pipeline" and "55" in pipeline.fields["description"]
    instc = next(p for p in projects.values() if "north–south" in p.name.lower())
    covering = {r.source_id for r in ds.relations if r.kind == "covers" and r.target_id == instc.id}
    assert {"ru-ir-csp-2025-a20", "ru-ir-csp-2025-a21"} <= covering


def test_source_csv_is_plain_utf8_with_headers():
    for path in bundled.SOURCE_DIR.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header and all(h == h.strip() for h in header)


def links_between(ds, a, b):
    return [r for r in ds.relations if {r.source_id, r.target_id} == {a, b}]


def test_khamenei_age_is_attributed_and_corrected(ds):
    description = ds.entities["khamenei"].fields["description"]
    assert "seed article gives his age as 86" in description and "85" in description
    born = next(e for e in ds.events if e.id == "ev-khamenei-born")
    assert str(born.date) == "1939" and "19 April" in born.description and born.source.startswith("https://")
    assert "khamenei" in born.entity_ids


def test_article_23_to_bushehr_is_inferred_and_says_why(ds):
    (relation,) = links_between(ds, "ru-ir-csp-2025-a23", "bushehr-npp")
    assert relation.confidence == "inferred"
    assert "names no plant" in relation.description


def test_treaty_and_bushehr_are_linked_by_the_seed_paragraph_18_not_by_coverage(ds):
    (relation,) = links_between(ds, "ru-ir-csp-2025", "bushehr-npp")
    assert relation.kind != "covers" and relation.confidence == "inferred"
    assert relation.source == "000_d6fe95bd9765417d.txt" and relation.locator == "para 18"
    assert "Reuters" not in relation.description and "implement" in relation.description


def test_pakistan_is_no_party_to_the_instc(ds):
    links = links_between(ds, "instc", "pakistan")
    assert all(r.confidence != "official" and r.kind != "involves" for r in links)
    (proposed,) = links
    assert proposed.kind == "seeks_to_join" and "Proposed" in proposed.description
    assert proposed.source.startswith("https://")


def test_the_united_states_witnessed_the_abraham_accords(ds):
    (relation,) = links_between(ds, "usa", "abraham-accords-2020")
    assert relation.kind == "witnessed" and relation.confidence != "official"
