"""Search backends: pick the configured engine."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (
    SearchBackend,
    SearchHit,
    SearchQuery,
    SearchResult,
    SearchUnavailable,
)

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}

__all__ = [
    "BACKENDS",
    "SearchBackend",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchUnavailable",
    "get_backend",
]


def get_backend() -> SearchBackend:
    """Return an instance of the backend named by ``settings.SEARCH_BACKEND``."""
    name = getattr(settings, "SEARCH_BACKEND", "database") or "database"
    try:
        path = BACKENDS[name]
    except KeyError as exc:
        raise ValueError(f"Unknown SEARCH_BACKEND {name!r}") from exc
    return import_string(path)()
