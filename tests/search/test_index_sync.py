"""Index sync: listing writes reach the index; failures never fail a write."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from listings.constants import ListingStatus
from listings.models import Listing
from listings.services import listing_submit, listing_update, listing_withdraw
from search.backends import SearchQuery, SearchUnavailable, get_backend
from search.backends.database import DatabaseBackend
from search.models import IndexedListing
from search.services import search_index_listings, search_sweep_dirty
from search.tasks import sweep_dirty
from tests.factories.listings import ListingFactory


def _found(text: str) -> set[int]:
    result = get_backend().search(SearchQuery(text=text, with_facets=False))
    return {hit.listing_id for hit in result.hits}


@pytest.fixture
def draft(university):
    return ListingFactory(
        owner=university,
        status=ListingStatus.DRAFT,
        title="超電導ケーブルの冷却構造",
        published_at=None,
    )


def test_publish_indexes_and_withdraw_removes(
    draft, tlo_staff, django_capture_on_commit_callbacks
):
    assert _found("超電導") == set()
    with django_capture_on_commit_callbacks(execute=True):
        listing_submit(listing=draft, by=tlo_staff)
    assert _found("超電導") == {draft.pk}
    assert Listing.objects.get(pk=draft.pk).index_dirty is False

    with django_capture_on_commit_callbacks(execute=True):
        listing_update(
            listing=draft, by=tlo_staff, data={"title": "高温超電導ケーブル"}
        )
    assert _found("高温") == {draft.pk}
    assert _found("冷却構造") == set()

    with django_capture_on_commit_callbacks(execute=True):
        listing_withdraw(listing=draft, by=tlo_staff)
    assert _found("超電導") == set()
    assert not IndexedListing.objects.filter(listing_id=draft.pk).exists()
    assert Listing.objects.get(pk=draft.pk).index_dirty is False


def test_a_broker_failure_does_not_fail_the_write_and_the_sweeper_repairs(
    draft, tlo_staff, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("search.tasks.index_listings.delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        listing_submit(listing=draft, by=tlo_staff)
    listing = Listing.objects.get(pk=draft.pk)
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.index_dirty is True
    assert _found("超電導") == set()

    assert sweep_dirty() == 1
    assert _found("超電導") == {draft.pk}
    assert Listing.objects.get(pk=draft.pk).index_dirty is False


def test_an_engine_failure_does_not_fail_the_write_and_the_sweeper_repairs(
    draft, tlo_staff, django_capture_on_commit_callbacks, monkeypatch
):
    real = DatabaseBackend.index_listings

    def engine_down(self, listing_ids):
        raise SearchUnavailable("engine down")

    monkeypatch.setattr(DatabaseBackend, "index_listings", engine_down)
    with django_capture_on_commit_callbacks(execute=True):
        listing_submit(listing=draft, by=tlo_staff)
    assert Listing.objects.get(pk=draft.pk).status == ListingStatus.PUBLISHED
    assert Listing.objects.get(pk=draft.pk).index_dirty is True
    # The sweeper stops at the engine error and leaves the listing dirty.
    assert sweep_dirty() == 0
    assert Listing.objects.get(pk=draft.pk).index_dirty is True

    monkeypatch.setattr(DatabaseBackend, "index_listings", real)
    assert search_sweep_dirty() == 1
    assert _found("超電導") == {draft.pk}
    assert Listing.objects.get(pk=draft.pk).index_dirty is False


def test_a_listing_changed_during_indexing_stays_dirty(university, monkeypatch):
    listing = ListingFactory(owner=university, title="磁気冷凍機")
    real = DatabaseBackend.index_listings

    def concurrent_edit(self, listing_ids):
        real(self, listing_ids)
        Listing.objects.filter(pk=listing.pk).update(title="磁気冷凍機 改")

    from django.utils import timezone

    def bump(self, listing_ids):
        concurrent_edit(self, listing_ids)
        Listing.objects.filter(pk=listing.pk).update(updated_at=timezone.now())

    monkeypatch.setattr(DatabaseBackend, "index_listings", bump)
    assert search_index_listings(listing_ids=[listing.pk]) == 0
    assert Listing.objects.get(pk=listing.pk).index_dirty is True
    monkeypatch.setattr(DatabaseBackend, "index_listings", real)
    assert search_index_listings(listing_ids=[listing.pk]) == 1
    # Running it again changes nothing (idempotent).
    assert search_index_listings(listing_ids=[listing.pk]) == 0
    assert _found("磁気冷凍機") == {listing.pk}


def test_deleted_listings_leave_the_index(university):
    listing = ListingFactory(owner=university, title="圧電素子の駆動回路")
    search_index_listings(listing_ids=[listing.pk])
    assert _found("圧電") == {listing.pk}
    listing.delete()
    search_sweep_dirty()
    assert _found("圧電") == set()
    search_index_listings(listing_ids=[listing.pk or 0, 999_999])


def test_rebuild_command_indexes_every_published_listing(university, capsys):
    published = [
        ListingFactory(owner=university, title=f"光触媒 {i}") for i in range(3)
    ]
    ListingFactory(owner=university, status=ListingStatus.DRAFT, title="光触媒 draft")
    IndexedListing.objects.all().delete()
    call_command("search_index", "--rebuild")
    out = capsys.readouterr().out
    assert "100%" in out and "Indexed 3 listings" in out
    assert _found("光触媒") == {item.pk for item in published}
    assert not Listing.objects.filter(
        pk__in=[p.pk for p in published], index_dirty=True
    )

    Listing.objects.filter(pk=published[0].pk).update(
        index_dirty=True, title="光触媒 new"
    )
    call_command("search_index", "--sweep")
    assert "Indexed 1 dirty listings" in capsys.readouterr().out
