"""Sources as people read them: a relation's ``source`` is a web address, a file name or a title,
and its ``locator`` says where in it. This names them compactly for the detail panel
("tass.com ¶3", "Seed article ¶18") and readably for a figure's caption ("TASS", "Los Angeles
Times, 24 Aug 2023", "Seed article"), keeping the whole source for a tooltip. A dataset can name a source that is a
file name or a long title with a meta row ``source_name:<source>`` (``schema.SOURCE_NAME_KEY``).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import dates, schema
from .model import Dataset

#: publishers whose name is not their web address (by registrable domain)
PUBLISHERS = {
    "tass.com": "TASS", "tass.ru": "TASS", "reuters.com": "Reuters", "apnews.com": "AP",
    "bbc.com": "BBC", "bbc.co.uk": "BBC", "dw.com": "DW", "aljazeera.com": "Al Jazeera",
    "irna.ir": "IRNA", "tehrantimes.com": "Tehran Times", "kremlin.ru": "Kremlin", "president.gov.ir": "Iran's presidency",
    "wikipedia.org": "Wikipedia", "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "latimes.com": "Los Angeles Times", "theguardian.com": "The Guardian", "ft.com": "Financial Times",
    "cbsnews.com": "CBS News", "cnn.com": "CNN", "bloomberg.com": "Bloomberg", "kyivindependent.com": "Kyiv Independent",
    "trend.az": "Trend", "yahoo.com": "Yahoo News", "interfax.ru": "Interfax", "kcnawatch.org": "KCNA Watch",
    "un.org": "United Nations", "mid.ru": "Russian Foreign Ministry", "whitehouse.gov": "The White House",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: a first label that says nothing about the publisher (www, mobile and language sub-domains)
_NOISE_LABEL = re.compile(r"^(www\d?|m|amp|mobile|[a-z]{2})$")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-](\d\d?|[a-z]{3})[/-](\d\d?)(?!\d)", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(?:para(?:graph)?s?\.?|¶)\s*(.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 14)
def web_host(source: str) -> str | None:
    """The host of an http(s) address without port and noise labels ("in.reuters.com" gives
    "reuters.com"), or None when ``source`` is not a web address. Remembered: a hub's relations
    share a few sources, and its detail panel asks for each row's."""
    text = source.strip()
    if any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    labels = host.lower().split(".")
    if len(labels) > 2 and _NOISE_LABEL.match(labels[0]):
        labels = labels[1:]
    return ".".join(labels)


def registrable(host: str) -> str:
    """The name a publisher registered: the last two labels, three for "co.uk"-like ones."""
    labels = host.split(".")
    if len(labels) > 2 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "edu") and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def url_date(source: str) -> int | None:
    """The publication day a web address holds ("/2023-08-24/", "/2022/09/20/", "/2021/aug/03/"),
    or None."""
    for year, month, day in _URL_DATE.findall(urlsplit(source.strip()).path):
        number = MONTHS.index(month.capitalize()) + 1 if month.capitalize() in MONTHS else \
            int(month) if month.isdigit() else 0
        try:
            return dt.date(int(year), number, int(day)).toordinal()
        except ValueError:
            continue
    return None


def locator_text(locator: str | None) -> str:
    """A locator, compact: "para 18" becomes "¶18"; others stay as written."""
    text = (locator or "").strip()
    match = _PARAGRAPH.match(text)
    return f"¶{match.group(1)}" if match else text


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class SourceNames:
    """How one dataset's sources read. ``names``: the dataset's own names for sources (from its
    meta rows ``source_name:<source>``)."""

    names: dict[str, str]
    #: compact texts made so far, by (source, locator): a hub's thousand rows share a few sources
    _compact: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, dataset: Dataset | None) -> "SourceNames":
        prefix = schema.SOURCE_NAME_KEY
        meta = dataset.meta if dataset is not None else {}
        return cls({key[len(prefix):].strip(): value.strip() for key, value in meta.items()
                    if key.startswith(prefix) and value and value.strip()})

    def compact(self, source: str | None, locator: str | None = None) -> str:
        """For a table cell: the dataset's name for it, the publisher's domain, or a short
        title, then the locator ("tass.com ¶3", "Seed article ¶18", "Reuters, p. 4")."""
        key = (source, locator)
        text = self._compact.get(key)
        if text is None:
            if len(self._compact) >= 50_000:  # a long session's clicks: kept bounded
                self._compact.clear()
            text = self._compact[key] = self._compact_text(source, locator)
        return text

    def _compact_text(self, source: str | None, locator: str | None) -> str:
        if not source or not source.strip():
            return locator_text(locator)
        source = source.strip()
        host = web_host(source)
        name = self.names.get(source) or (host if host else short(source, 32))
        where = locator_text(locator)
        if not where:
            return name
        return f"{name} {where}" if where.startswith("¶") else f"{name}, {where}"

    def readable(self, source: str | None) -> str:
        """For a caption: the dataset's name for it, else the publisher, with the date of
        publication when the address holds one ("Los Angeles Times, 24 Aug 2023"), else the
        title as written. Never a date the source does not give."""
        if not source or not source.strip():
            return "no source given"
        source = source.strip()
        if source in self.names:
            return self.names[source]
        host = web_host(source)
        if host is None:
            return short(source, 60)
        publisher = PUBLISHERS.get(registrable(host)) or PUBLISHERS.get(host) or host
        published = url_date(source)
        return f"{publisher}, {_day_text(published)}" if published is not None else publisher

    @staticmethod
    def full(source: str | None, locator: str | None = None) -> str:
        """The whole source and locator, for a tooltip."""
        text = (source or "").strip() or "No source given"
        return f"{text}\n{locator.strip()}" if locator and locator.strip() else text


def _day_text(day: int) -> str:
    """"4 Dec 2024", the same in every locale."""
    date = dates.day_to_date(day)
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
