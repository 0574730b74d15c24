"""The ``strategic_field`` facet and filter: counts agree with the ORM, follow a
re-tag, and reach the search page and /api/v1/search/."""

from __future__ import annotations

import pytest

from listings.models import Listing, StrategicField
from listings.selectors import listing_list_published
from listings.services import strategic_field_load_defaults, strategic_fields_retag
from search.backends import SearchQuery
from search.documents import listing_document, listing_queryset
from search.selectors import search_listings
from search.services import search_index_listings, search_sweep_dirty
from tests.factories.listings import ListingFactory

from .conftest import create_listings, read_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(university, other_university):
    """The first 400 English patents and the 62 Japanese ones, tagged and indexed."""
    strategic_field_load_defaults()
    listings = create_listings(read_records("en_patents.jsonl", 400), university)
    listings += create_listings(read_records("ja_gazette.jsonl"), other_university)
    # A draft is tagged too but never counted by search.
    draft = ListingFactory(owner=university, status="draft", title="qubit draft")
    strategic_fields_retag()
    search_index_listings(listing_ids=[x.pk for x in listings] + [draft.pk])
    return listings


def _orm_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for slug in listing_list_published().values_list(
        "strategic_fields__slug", flat=True
    ):
        if slug:
            counts[slug] = counts.get(slug, 0) + 1
    return counts


def test_document_carries_active_field_slugs(university):
    strategic_field_load_defaults()
    listing = ListingFactory(owner=university, title="qubit and tokamak")
    strategic_fields_retag()
    doc = listing_document(listing_queryset().get(pk=listing.pk))
    assert doc["strategic_fields"] == ["fusion-energy", "quantum"]
    StrategicField.objects.filter(slug="quantum").update(is_active=False)
    doc = listing_document(listing_queryset().get(pk=listing.pk))
    assert doc["strategic_fields"] == ["fusion-energy"]


def test_facet_counts_match_the_orm(tagged):
    expected = _orm_counts()
    assert len(expected) >= 5  # the data spans several fields
    page = search_listings(query=SearchQuery(page_size=1))
    facet = {v["value"]: v["count"] for v in page.facets["strategic_field"]}
    assert facet == expected


def test_filter_returns_exactly_the_tagged_listings(tagged):
    expected = set(
        listing_list_published()
        .filter(strategic_fields__slug="drug-discovery-medicine")
        .values_list("pk", flat=True)
    )
    assert expected
    page = search_listings(
        query=SearchQuery(
            filters={"strategic_field": ["drug-discovery-medicine"]}, page_size=100
        )
    )
    assert page.total == len(expected)
    assert {item.listing.pk for item in page.items} == expected
    # OR within the key.
    both = set(
        listing_list_published()
        .filter(strategic_fields__slug__in=["drug-discovery-medicine", "ict"])
        .values_list("pk", flat=True)
    )
    page = search_listings(
        query=SearchQuery(
            filters={"strategic_field": ["drug-discovery-medicine", "ict"]},
            page_size=100,
        )
    )
    assert page.total == len(both)


def test_facet_follows_a_retag(tagged):
    ocean = StrategicField.objects.get(slug="ocean")
    before = _orm_counts().get("ocean", 0)
    ocean.ipc_prefixes = ["A61"]  # every medical listing becomes "ocean"
    ocean.keywords = []
    ocean.save()
    counts = strategic_fields_retag(field_ids=[ocean.pk])
    assert counts["listings_changed"] > 0
    assert Listing.objects.filter(index_dirty=True).exists()
    search_sweep_dirty()
    after = _orm_counts()["ocean"]
    assert after != before
    page = search_listings(query=SearchQuery(page_size=1))
    facet = {v["value"]: v["count"] for v in page.facets["strategic_field"]}
    assert facet["ocean"] == after
    assert facet == _orm_counts()


def test_search_page_shows_the_facet_with_names(client, tagged):
    response = client.get("/search/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="facet-strategic_field"' in body
    assert "AI・半導体" in body
    assert "?strategic_field=ai-semiconductor" in body
    # Filtered: the active-filter chip names the field, not its slug.
    body = client.get("/search/", {"strategic_field": "ai-semiconductor"}).content
    chips = body.decode().split('class="active-filters"', 1)[1].split("</ul>", 1)[0]
    assert "AI・半導体 ×" in chips


def test_api_filter_and_facet(api_client, tagged):
    expected = set(
        listing_list_published()
        .filter(strategic_fields__slug="ai-semiconductor")
        .values_list("pk", flat=True)
    )
    body = api_client.get(
        "/api/v1/search/", {"strategic_field": "ai-semiconductor", "page_size": 100}
    ).json()
    assert body["count"] == len(expected)
    assert {row["id"] for row in body["results"]} == expected
    facet = {v["value"]: v for v in body["facets"]["strategic_field"]}
    assert facet["ai-semiconductor"]["count"] == len(expected)
    assert facet["ai-semiconductor"]["label"] in ("AI・半導体", "AI and semiconductors")


def test_api_schema_documents_the_parameter(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    params = {
        p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]
    }
    assert "strategic_field" in params
