"""The database backend keeps engine answers per index token (search/backends/database.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends import get_backend
from search.backends.base import SearchQuery
from search.backends.database import _engine_cache
from search.services import search_index_listings, search_sweep_dirty
from tests.factories.listings import ListingFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    _engine_cache.clear()
    yield
    _engine_cache.clear()


def _search(text: str, **filters) -> tuple[set[int], int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        result = get_backend().search(
            SearchQuery(text=text, filters=filters, with_facets=False)
        )
    engine = [
        q["sql"]
        for q in ctx.captured_queries
        if "search_fts" in q["sql"] or "search_vector" in q["sql"]
    ]
    return {hit.listing_id for hit in result.hits}, result.total, engine


def test_a_repeated_search_is_answered_without_the_engine(university):
    listings = [
        ListingFactory(owner=university, title=f"圧電素子 {i}") for i in range(3)
    ]
    search_index_listings(listing_ids=[item.pk for item in listings])

    first, total, engine = _search("圧電")
    assert first == {item.pk for item in listings} and total == 3
    assert engine  # the full-text match and the ranking ran

    again, total_again, engine_again = _search("圧電")
    assert (again, total_again) == (first, total)
    assert engine_again == []

    # Another query, or the same one with a filter, is its own entry.
    _ids, _total, other = _search("素子")
    assert other


def test_an_index_write_drops_the_cached_answers(university):
    old = ListingFactory(owner=university, title="熱電変換モジュール")
    search_index_listings(listing_ids=[old.pk])
    assert _search("熱電")[0] == {old.pk}

    new = ListingFactory(owner=university, title="熱電変換素子の製造方法")
    search_index_listings(listing_ids=[new.pk])
    ids, total, engine = _search("熱電")
    assert ids == {old.pk, new.pk} and total == 2
    assert engine


def test_a_deleted_listing_leaves_cached_answers_after_the_sweep(university):
    kept = ListingFactory(owner=university, title="光触媒フィルタ")
    gone = ListingFactory(owner=university, title="光触媒コーティング")
    search_index_listings(listing_ids=[kept.pk, gone.pk])
    assert _search("光触媒")[0] == {kept.pk, gone.pk}

    gone.delete()  # the index row goes with it (cascade), no index write
    search_sweep_dirty()
    assert _search("光触媒")[:2] == ({kept.pk}, 1)


def test_filtered_rankings_are_cached_per_filtered_set(university, other_university):
    mine = ListingFactory(owner=university, title="二次電池の電極")
    theirs = ListingFactory(owner=other_university, title="二次電池の電解液")
    search_index_listings(listing_ids=[mine.pk, theirs.pk])

    assert _search("電池", owner=[university.slug])[0] == {mine.pk}
    assert _search("電池", owner=[other_university.slug])[0] == {theirs.pk}
    assert _search("電池")[0] == {mine.pk, theirs.pk}
