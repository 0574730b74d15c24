"""The Elasticsearch backend when the engine is down.

Search and index writes raise ``SearchUnavailable``, health reports it, a
listing save still succeeds (the listing stays dirty) and the sweeper
indexes it once the engine is back.
"""

from __future__ import annotations

import pytest

from listings import services as listing_services
from listings.models import Listing
from search.backends import SearchQuery, SearchUnavailable
from search.backends import elasticsearch as es
from search.services import search_sweep_dirty
from tests.factories.listings import ListingFactory
from tests.search.conftest_es import (  # noqa: F401
    _es_servers,
    closed_port_url,
    es_backend,
    es_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = closed_port_url()
    settings.ELASTICSEARCH_NODE_CLASS = ""
    settings.ELASTICSEARCH_TIMEOUT = 1.0
    settings.ELASTICSEARCH_INDEX_PREFIX = "broken"
    es.reset_client()
    yield es.ElasticsearchBackend()
    es.reset_client()


def test_search_and_writes_raise_search_unavailable(broken):
    with pytest.raises(SearchUnavailable):
        broken.search(SearchQuery(text="電池"))
    with pytest.raises(SearchUnavailable):
        broken.search(SearchQuery())
    with pytest.raises(SearchUnavailable):
        broken.index_listings([1])
    with pytest.raises(SearchUnavailable):
        broken.remove_listings([1])
    with pytest.raises(SearchUnavailable):
        broken.rebuild()


def test_health_reports_not_ok_and_never_raises(broken):
    health = broken.health()
    assert health["backend"] == "elasticsearch"
    assert health["ok"] is False
    assert "Connection" in health["detail"]


def test_missing_url_is_unavailable(settings):
    settings.ELASTICSEARCH_URL = ""
    es.reset_client()
    backend = es.ElasticsearchBackend()
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery())
    assert backend.health()["ok"] is False


def test_search_before_any_index_exists_is_unavailable(es_backend):  # noqa: F811
    with pytest.raises(SearchUnavailable):
        es_backend.search(SearchQuery(text="電池"))


def test_saving_a_listing_succeeds_while_down_and_the_sweeper_catches_up(
    es_backend,  # noqa: F811
    settings,
    tlo_staff,
    university,
    django_capture_on_commit_callbacks,
):
    listing = ListingFactory(owner=university, title="旧タイトル", index_dirty=False)
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = closed_port_url()
    es.reset_client()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        listing_services.listing_update(
            listing=listing, by=tlo_staff, data={"title": "ナトリウムイオン電池の負極"}
        )
    assert callbacks, "the update queued index sync"
    listing.refresh_from_db()
    assert listing.title == "ナトリウムイオン電池の負極"
    assert listing.index_dirty is True

    # The engine is back: the sweeper indexes what was missed.
    settings.ELASTICSEARCH_URL = working_url
    es.reset_client()
    assert search_sweep_dirty() >= 1
    assert Listing.objects.get(pk=listing.pk).index_dirty is False
    es_backend.refresh()
    result = es_backend.search(SearchQuery(text="負極"))
    assert [hit.listing_id for hit in result.hits] == [listing.pk]
