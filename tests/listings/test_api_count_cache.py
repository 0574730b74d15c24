"""The listings API keeps large list counts for a minute (CachedCountPaginator)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from listings.api.views import CachedCountPaginator
from tests.factories.listings import ListingFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_small_counts_are_always_current(api_client, university):
    ListingFactory.create_batch(2, owner=university)
    assert api_client.get("/api/v1/listings/").json()["count"] == 2
    ListingFactory(owner=university)
    assert api_client.get("/api/v1/listings/").json()["count"] == 3


def test_large_counts_are_cached_per_query(api_client, university, monkeypatch):
    monkeypatch.setattr(CachedCountPaginator, "CACHE_MIN", 2)
    ListingFactory.create_batch(2, owner=university)
    assert api_client.get("/api/v1/listings/").json()["count"] == 2
    ListingFactory(owner=university)
    body = api_client.get("/api/v1/listings/").json()
    assert body["count"] == 2  # the cached count (it also bounds the last page)
    # Another query (a filter) is counted on its own.
    filtered = api_client.get(f"/api/v1/listings/?owner={university.slug}").json()
    assert filtered["count"] == 3
    cache.clear()
    assert api_client.get("/api/v1/listings/").json()["count"] == 3
