"""Finding entities by name, short name, id or alias, ignoring case and accents ("tehran" finds "Tehrān")."""
from __future__ import annotations

import unicodedata

from . import labels
from .model import Dataset


def fold(text: str) -> str:
    """Lower-case text without accents or other combining marks, for matching."""
    if text.isascii():  # nothing to decompose: the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class SearchIndex:
    """Every name, short name, id and alias of a dataset's entities, folded once.

    Kept as two lists side by side, not a pair per text: at a million entities, three million
    pairs were 190 MB of tuples, and a window reopening a dataset holds two indexes at once."""

    def __init__(self, dataset: Dataset):
        self.texts: list[str] = []  #: folded texts
        self.owners: list[str] = []  #: the id of the entity each text names
        if dataset._search is not None:  # read back from the dataset cache (``data.dataset_cache``)
            self.texts, self.owners = dataset._search
            return
        texts, owners = self.texts, self.owners
        short = labels.base_names(dataset)  # each entity's ``label``, made once per dataset
        for entity in dataset.entities.values():
            label = short[entity.id]  # the short name shown on the canvas and in the trees
            for text in (entity.name, entity.id, *entity.aliases, *((label,) if label != entity.name else ())):
                folded = fold(text)
                texts.append(text if folded == text else folded)  # no second copy of a text folded already
                owners.append(entity.id)

    def find(self, query: str, limit: int = 20) -> list[str]:
        """Ids that match, best first: exact, then prefix, then word prefix, then anywhere."""
        q = fold(query.strip())
        if not q:
            return []
        ranked: dict[str, int] = {}
        for text, entity_id in zip(self.texts, self.owners):
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
