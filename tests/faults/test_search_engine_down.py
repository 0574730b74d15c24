"""The search engine (Elasticsearch backend) becomes unreachable while people work.

The backend talks to a real in-process ``osmem-server``; the outage is the
client pointed at a loopback port nothing listens on, then back at the live
server. Writes through the pages succeed, the search page and the API say
search is unavailable (503), and the sweeper brings the index up to date
once the engine answers again.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from listings.constants import ListingStatus
from listings.models import Listing
from search.backends import elasticsearch as es
from search.tasks import sweep_dirty
from tests.factories.listings import ListingFactory, add_ipc
from tests.faults.test_redis_down import LISTING_FORM
from tests.search.conftest_es import (  # noqa: F401
    _es_servers,
    closed_port_url,
    es_backend,
    es_target,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def test_writes_succeed_search_says_unavailable_and_the_sweeper_repairs(
    es_backend,  # noqa: F811
    settings,
    client,
    university,
    tlo_staff,
    django_capture_on_commit_callbacks,
):
    older = ListingFactory(owner=university, title="魚の鮮度を判定するセンサ")
    add_ipc(older, "G01N 21/00")
    es_backend.rebuild()
    es_backend.refresh()
    live_url = settings.ELASTICSEARCH_URL

    # --- the engine is unreachable -------------------------------------------
    settings.ELASTICSEARCH_URL = closed_port_url()
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    es.reset_client()
    client.force_login(tlo_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listings:new"), LISTING_FORM)
    assert response.status_code == 302
    listing = Listing.objects.get(title=LISTING_FORM["title"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("listings:action", args=[listing.pk, "submit"]))
    assert response.status_code == 302
    assert callbacks, "publishing queued the index sync"
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.index_dirty  # the index write failed; the row waits for the sweeper
    assert client.get(listing.get_absolute_url()).status_code == 200

    with translation.override("en"):
        page = client.get(reverse("search:search"), {"q": "固体電解質"})
    assert page.status_code == 503
    assert "search/unavailable.html" in [t.name for t in page.templates]
    api = client.get("/api/v1/search/", {"q": "固体電解質"})
    assert api.status_code == 503
    assert api.json()["code"] == "search_unavailable"
    # The sweeper cannot repair yet; it stops without losing the flag.
    assert sweep_dirty() == 0
    assert Listing.objects.get(pk=listing.pk).index_dirty

    # --- the engine answers again ----------------------------------------------
    settings.ELASTICSEARCH_URL = live_url
    settings.ELASTICSEARCH_TIMEOUT = 10.0
    es.reset_client()
    assert sweep_dirty() >= 1
    assert not Listing.objects.get(pk=listing.pk).index_dirty
    es_backend.refresh()
    page = client.get(reverse("search:search"), {"q": "固体電解質"})
    assert page.status_code == 200
    assert listing.get_absolute_url() in page.content.decode()
    api = client.get("/api/v1/search/", {"q": "固体電解質"})
    assert api.status_code == 200
    assert listing.pk in [item["id"] for item in api.json()["results"]]
    # What was indexed before the outage is still found.
    old = client.get("/api/v1/search/", {"q": "鮮度"})
    assert older.pk in [item["id"] for item in old.json()["results"]]
