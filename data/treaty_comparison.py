"""Two treaties compared topic by topic: their articles side by side by ``articles.topic``,
notes on relations that join an article of one to an article of the other, and the comparison
as CSV. No Qt."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Iterator

from . import chunks
from .files import write_atomically
from .model import Dataset, natural_key

UNKNOWN_TOPIC = "unknown"
ROWS = 25_000  #: entities looked at in one step of ``treaty_options_steps`` (100,000: 0.1-0.27 s at a million)


@dataclass(frozen=True)
class ArticleRef:
    """One article as the comparison shows it."""

    id: str
    number: str
    title: str
    summary: str

    @property
    def text(self) -> str:
        return f"Art. {self.number}" + (f" — {self.title}" if self.title else "")


@dataclass(frozen=True)
class TopicRow:
    """One topic: the articles of treaty A and of treaty B on it (either may be empty), and
    notes on relations that join an article of one to an article of the other."""

    topic: str
    a: tuple[ArticleRef, ...]
    b: tuple[ArticleRef, ...]
    notes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """"both", "only A" (no counterpart in B) or "only B"."""
        return "both" if self.a and self.b else ("only A" if self.a else "only B")


def treaty_options(dataset: Dataset) -> list[tuple[str, str, int]]:
    """(id, title, number of articles) of every treaty, by title."""
    return chunks.at_once(treaty_options_steps(dataset))[0]


def treaty_options_steps(dataset: Dataset) -> Iterator[None]:
    """``treaty_options``, a slice of ``ROWS`` entities at a time (a caller that shows a big
    dataset in steps); returns them and each treaty's articles (treaty id -> its article
    entities, in the dataset's order), for ``compare_treaties``."""
    articles_of: dict[str, list] = {}
    treaties = []
    entities = list(dataset.entities.values())
    for start in range(0, len(entities), ROWS):
        for entity in entities[start:start + ROWS]:
            if entity.table == "articles" and entity.parent_id:
                articles_of.setdefault(entity.parent_id, []).append(entity)
            elif entity.table == "treaties":
                treaties.append(entity)
        yield
    keyed = []
    names = dataset.names
    for start in range(0, len(treaties), ROWS // 4):  # named and counted a slice at a time, then sorted
        for t in treaties[start:start + ROWS // 4]:
            name = names[t.id]
            keyed.append(((name.casefold(), t.id), (t.id, name, len(articles_of.get(t.id, ())))))
        yield
    keyed.sort(key=itemgetter(0))
    return [option for _key, option in keyed], articles_of


def _articles(dataset: Dataset, treaty_id: str, articles_of: dict[str, list] | None = None) -> list[ArticleRef]:
    treaty = dataset.entities.get(treaty_id)
    if treaty is None or treaty.table != "treaties":
        raise ValueError(f"{treaty_id!r} is not a treaty of this dataset")
    articles = articles_of.get(treaty_id, []) if articles_of is not None else (
        e for e in dataset.entities.values() if e.table == "articles" and e.parent_id == treaty_id)
    refs = [ArticleRef(e.id, str(e.fields.get("number") or ""), str(e.fields.get("title") or ""),
                       str(e.fields.get("summary") or "")) for e in articles]
    return sorted(refs, key=lambda r: (natural_key(r.number), r.id))


def _topic(dataset: Dataset, article_id: str) -> str:
    topic = dataset.entities[article_id].fields.get("topic")
    return ("" if topic is None else str(topic)).strip().lower() or UNKNOWN_TOPIC


def compare_treaties(dataset: Dataset, treaty_a: str, treaty_b: str,
                     articles_of: dict[str, list] | None = None) -> list[TopicRow]:
    """The articles of two treaties side by side, one row per topic (``articles.topic``), in
    article order; rows whose articles are linked by a relation sit next to each other; the
    ``unknown`` topic (no topic given) comes last. ``articles_of``: each treaty's articles
    (``treaty_options_steps``), when known, else found among the entities."""
    sides = (_articles(dataset, treaty_a, articles_of), _articles(dataset, treaty_b, articles_of))
    topics: dict[str, tuple[list[ArticleRef], list[ArticleRef]]] = {}
    for side, refs in enumerate(sides):
        for ref in refs:
            topics.setdefault(_topic(dataset, ref.id), ([], []))[side].append(ref)
    notes = _link_notes(dataset, *sides)
    rows = [TopicRow(t, tuple(a), tuple(b), tuple(dict.fromkeys(n for r in (*a, *b) for n in notes.get(r.id, ()))))
            for t, (a, b) in topics.items()]
    rows.sort(key=lambda r: (r.topic == UNKNOWN_TOPIC, min(natural_key(x.number) for x in (*r.a, *r.b)), r.topic))
    return _linked_together(rows)


def _link_notes(dataset: Dataset, a: list[ArticleRef], b: list[ArticleRef]) -> dict[str, list[str]]:
    """Notes on relations between an article of A and one of B, under both articles' ids."""
    side_a, side_b = {r.id: r for r in a}, {r.id: r for r in b}
    notes: dict[str, list[str]] = {}
    for rel in dataset.relations_of(*side_a):  # a link between A and B touches an article of A
        for x, y in ((rel.source_id, rel.target_id), (rel.target_id, rel.source_id)):
            if x in side_a and y in side_b:
                text = f"Art. {side_a[x].number} (A) ↔ Art. {side_b[y].number} (B), {rel.kind}"
                text += f": {rel.description}" if rel.description else ""
                for article_id in (x, y):
                    notes.setdefault(article_id, []).append(text)
    return notes


def _linked_together(rows: list[TopicRow]) -> list[TopicRow]:
    """Move a row that shares a note with an earlier row to just after it."""
    placed: list[TopicRow] = []
    rest = list(rows)
    while rest:
        row = rest.pop(0)
        placed.append(row)
        partners = [r for r in rest if set(r.notes) & set(row.notes)]
        for partner in partners:
            rest.remove(partner)
        placed.extend(partners)
    return placed


def comparison_csv(rows: list[TopicRow], path: str | Path, headers: tuple[str, str] = ("treaty A", "treaty B")) -> None:
    """Write the comparison as CSV (UTF-8; articles of a side joined by "; "), atomically;
    raises WriteError when it cannot."""
    def write(temp: Path) -> None:
        with temp.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["topic", "status", *headers, "notes"])
            for row in rows:
                writer.writerow([row.topic, row.status, "; ".join(r.text for r in row.a),
                                 "; ".join(r.text for r in row.b), " / ".join(row.notes)])
    write_atomically(path, write)
