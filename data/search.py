"""Finding entities by name, short name, id or alias, ignoring case and accents ("tehran" finds "Tehrān")."""
from __future__ import annotations

import threading
import unicodedata

from . import labels
from .model import Dataset
from .store import CHUNK


def fold(text: str) -> str:
    """Lower-case text without accents or other combining marks, for matching."""
    if text.isascii():  # nothing to decompose: the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold_all(texts: list[str]) -> list[str]:
    """``fold`` of each text, a chunk at a time: plain ASCII chunks are folded joined, in one
    C call; a text folded already is kept as it is (no second copy of it)."""
    out: list[str] = []
    for first in range(0, len(texts), 16_384):
        piece = texts[first:first + 16_384]
        joined = "\x00".join(piece)
        folded = joined.lower().split("\x00") if joined.isascii() else None
        if folded is None or len(folded) != len(piece):  # accents, or a text holding the separator
            folded = list(map(fold, piece))
        out += [text if text == low else low for text, low in zip(piece, folded)]
    return out


class SearchIndex:
    """Every name, short name, id and alias of a dataset's entities, folded once.

    Kept as two lists side by side, not a pair per text: at a million entities, three million
    pairs were 190 MB of tuples, and a window reopening a dataset holds two indexes at once.
    Read back from the dataset cache, the texts stay encoded until they are first wanted
    (``ready``): two million texts take ~0.6 s to decode, which a reopening need not wait for."""

    def __init__(self, dataset: Dataset):
        self._texts: list[str] = []  #: folded texts
        self._owners: list[str] = []  #: the id of the entity each text names
        self._kept: tuple | None = None  #: (a texts column, owner positions, ids) not decoded yet
        self._lock = threading.Lock()
        if dataset._search is not None:  # read back from the dataset cache (``data.dataset_cache``)
            self._kept = dataset._search
            return
        raw, owners = [], self._owners
        short = labels.base_names(dataset)  # each entity's ``label``, made once per dataset
        for entity in dataset.entities.values():
            name, entity_id = entity.name, entity.id
            label = short[entity_id]  # the short name shown on the canvas and in the trees
            if entity.aliases or label != name:
                some = (name, entity_id, *entity.aliases, *((label,) if label != name else ()))
                raw.extend(some)
                owners.extend([entity_id] * len(some))
            else:
                raw += (name, entity_id)
                owners += (entity_id, entity_id)
        self._texts = fold_all(raw)

    def ready(self) -> None:
        """Decode the texts kept encoded, if any (a worker does it after a reopening; a search
        that comes first waits for it)."""
        with self._lock:
            if self._kept is not None:
                column, positions, ids = self._kept
                texts = column.values()
                owners: list[str] = []  # the entities' own id objects, a chunk at a time (``data.chunks``)
                for first in range(0, len(positions), CHUNK):
                    owners += map(ids.__getitem__, positions[first:first + CHUNK].tolist())
                self._texts, self._owners, self._kept = texts, owners, None

    @property
    def texts(self) -> list[str]:
        """The folded texts."""
        self.ready()
        return self._texts

    @property
    def owners(self) -> list[str]:
        """The id of the entity each text names."""
        self.ready()
        return self._owners

    def find(self, query: str, limit: int = 20) -> list[str]:
        """Ids that match, best first: exact, then prefix, then word prefix, then anywhere."""
        q = fold(query.strip())
        if not q:
            return []
        ranked: dict[str, int] = {}
        self.ready()
        for text, entity_id in zip(self._texts, self._owners):
            if q not in text:
                continue
            if text == q:
                rank = 0
            elif text.startswith(q):
                rank = 1
            elif f" {q}" in f" {text}":
                rank = 2
            else:
                rank = 3
            ranked[entity_id] = min(rank, ranked.get(entity_id, 9))
        return sorted(ranked, key=lambda i: (ranked[i], i))[:limit]
