"""Kept search answers (search/backends/database.py, config/page_cache.py).

The engine's answer is kept per index version; the public rendering of a
results page per answer and per visible listing. Neither may show a listing
the database no longer publishes, and every request counts its impressions.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import Listing
from marketplace.models import ListingImpressionDaily
from search.services import search_index_listings
from tests.factories.listings import ListingFactory, add_ipc


@pytest.fixture
def pair(university, other_university):
    first = ListingFactory(owner=university, title="圧電素子の駆動回路")
    add_ipc(first, "H10N 30/00")
    second = ListingFactory(owner=other_university, title="圧電センサの製造方法")
    search_index_listings(listing_ids=[first.pk, second.pk])
    return first, second


def _untokened(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _impressions(listing) -> int:
    row = ListingImpressionDaily.objects.filter(listing=listing).first()
    return row.count if row else 0


def _engine_sql(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if "search_vector" in q["sql"]]


def test_a_repeated_search_reuses_the_answer_and_counts_impressions(api_client, pair):
    first, second = pair
    body = api_client.get("/api/v1/search/", {"q": "圧電"}).json()
    with CaptureQueriesContext(connection) as ctx:
        again = api_client.get("/api/v1/search/", {"q": "圧電"}).json()
    assert again == body and body["count"] == 2
    assert _engine_sql(ctx) == []
    assert _impressions(first) == _impressions(second) == 2


def test_an_unpublished_listing_leaves_kept_answers_at_once(client, api_client, pair):
    first, second = pair
    api_client.get("/api/v1/search/", {"q": "圧電"})
    client.get(reverse("search:search"), {"q": "圧電"})
    # Straight to the database: no index write, so the kept answers stay.
    Listing.objects.filter(pk=second.pk).update(status="withdrawn")
    body = api_client.get("/api/v1/search/", {"q": "圧電"}).json()
    assert [r["id"] for r in body["results"]] == [first.pk]
    assert body["count"] == 1
    html = client.get(reverse("search:search"), {"q": "圧電"}).content.decode()
    assert "圧電センサの製造方法" not in html and "駆動回路" in html
    assert _impressions(second) == 2  # counted only while it was shown


def test_an_index_write_gives_a_new_answer(api_client, pair, university):
    api_client.get("/api/v1/search/", {"q": "圧電"})
    third = ListingFactory(owner=university, title="圧電アクチュエータ")
    search_index_listings(listing_ids=[third.pk])
    body = api_client.get("/api/v1/search/", {"q": "圧電"}).json()
    assert body["count"] == 3 and third.pk in [r["id"] for r in body["results"]]


def test_kept_answers_equal_fresh_ones(client, api_client, pair, settings):
    params = {"q": "圧電", "ipc": "H10N"}
    api = [api_client.get("/api/v1/search/", params).json() for _ in range(2)]
    pages = [
        client.get(reverse("search:search"), params).content.decode() for _ in range(2)
    ]
    settings.ANONYMOUS_CACHE_SECONDS = 0
    assert api_client.get("/api/v1/search/", params).json() == api[0] == api[1]
    fresh = client.get(reverse("search:search"), params).content.decode()
    assert _untokened(fresh) == _untokened(pages[0]) == _untokened(pages[1])
    assert "素子の駆動回路" in fresh
    assert api[0]["count"] == 1


def test_a_worker_loads_its_facet_image_as_it_starts(pair):
    from search.backends import database
    from search.services import search_warm_up

    with database._image_lock:
        database._image["key"] = database._image["index"] = None
    search_warm_up()
    image = database._image["index"]
    assert image is not None and set(image.ids.tolist()) == {p.pk for p in pair}
