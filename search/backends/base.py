"""The search backend interface shared by the database and Elasticsearch engines.

A backend indexes published listings (the documents of
``search.documents``) and answers ``SearchQuery`` objects. The index follows
the database, never the reverse: callers re-check every hit against the
listings' visibility rules, and a backend whose engine is down raises
``SearchUnavailable`` instead of returning wrong results.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Filter keys a SearchQuery understands (values are lists, OR-ed within a key,
# AND-ed across keys).
FILTER_KEYS = (
    "ipc",
    "field",
    "owner",
    "prefecture",
    "license_type",
    "offer",
    "implementation_record",
    "licensing_record",
    "status",
    "strategic_field",
)

# Facet names a SearchResult may carry, in display order.
FACET_NAMES = (
    "ipc_section",
    "ipc_class",
    "ipc_subclass",
    "strategic_field",
    "field",
    "owner",
    "prefecture",
    "license_type",
    "offer",
    "implementation_record",
    "licensing_record",
    "status",
)

SORTS = ("relevance", "newest", "updated")


class SearchUnavailable(Exception):
    """Raised by a backend whose engine is down or unreachable."""


@dataclass
class SearchQuery:
    text: str = ""
    # keys: ipc (prefix: section/class/subclass/group, e.g. "H01M" matches
    # "H01M 4/38"), field (technical field), owner (org slug), prefecture
    # (JIS code "13"), license_type, offer ("license"/"assignment"),
    # implementation_record, licensing_record ("yes"/"no"/"unknown"), status,
    # strategic_field (StrategicField slug, e.g. "ai-semiconductor")
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"  # relevance | newest | updated
    page: int = 1
    page_size: int = 20
    with_facets: bool = True


@dataclass
class SearchHit:
    listing_id: int
    score: float
    # field -> snippets, HTML-escaped except <mark>…</mark>
    highlight: dict[str, list[str]]


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    # facet name -> [(value, count)], names in FACET_NAMES
    facets: dict[str, list[tuple[str, int]]]


class SearchBackend(ABC):
    """One search engine behind the common interface."""

    name: str

    @abstractmethod
    def index_listings(self, listing_ids: Sequence[int]) -> None:
        """Upsert those of ``listing_ids`` currently published, delete the others."""

    @abstractmethod
    def remove_listings(self, listing_ids: Sequence[int]) -> None:
        """Delete ``listing_ids`` from the index (missing ids are ignored)."""

    @abstractmethod
    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Re-index every published listing; return how many were indexed.

        ``progress(done, total)`` is called as batches complete.
        """

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """Answer ``query``; raise ``SearchUnavailable`` when the engine is down."""

    @abstractmethod
    def health(self) -> dict:
        """Return ``{"backend", "ok", "detail"}``; never raise."""

    def warm_up(self) -> None:  # noqa: B027 - optional; most engines keep nothing
        """Load what this process keeps in memory for searching (if anything)."""
