"""The search API and page: response shape, facets, marks, engine outage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from listings.constants import ListingStatus
from listings.models import IPCCode
from search.backends import SearchUnavailable
from search.backends.database import DatabaseBackend
from search.services import search_index_listings
from tests.factories.listings import ListingFactory, add_ipc, add_right


@pytest.fixture
def indexed(university, other_university):
    IPCCode.objects.create(code="H01M", kind="subclass", level=3, title_ja="電池の電極")
    first = ListingFactory(
        owner=university, title="全固体電池の製造方法", summary="硫化物系の固体電解質"
    )
    add_ipc(first, "H01M 10/0562")
    add_right(
        first,
        application_number="特願2020-123456",
        publication_number="特開2021-654321",
    )
    second = ListingFactory(owner=other_university, title="燃料電池の触媒", region="27")
    add_ipc(second, "H01M 4/90")
    draft = ListingFactory(
        owner=other_university, status=ListingStatus.DRAFT, title="未公開の電池"
    )
    search_index_listings(listing_ids=[first.pk, second.pk, draft.pk])
    return first, second, draft


def test_api_shape(api_client, indexed):
    first, second, draft = indexed
    response = api_client.get("/api/v1/search/", {"q": "全固体電池"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    result = body["results"][0]
    assert set(result) >= {
        "id",
        "title",
        "summary",
        "owner",
        "ipc",
        "patent_numbers",
        "highlight",
        "url",
    }
    assert result["id"] == first.pk
    assert result["owner"]["slug"] == first.owner.slug
    assert result["ipc"] == ["H01M 10/0562"]
    assert result["patent_numbers"] == ["特開2021-654321"]
    assert result["highlight"]["title"] == ["<mark>全固体電池</mark>の製造方法"]
    assert result["url"].endswith(first.get_absolute_url())
    subclass = {f["value"]: f for f in body["facets"]["ipc_subclass"]}
    assert subclass["H01M"]["count"] == 1 and subclass["H01M"]["label"] == "電池の電極"


def test_patent_numbers_find_listings_but_not_unpublished_applications(
    api_client, indexed, university, tlo_staff
):
    first = indexed[0]
    body = api_client.get("/api/v1/search/", {"q": "特開2021-654321"}).json()
    assert [r["id"] for r in body["results"]] == [first.pk]
    secret = ListingFactory(owner=university, title="未公開出願の電池")
    add_right(secret, application_number="特願2022-111111")
    search_index_listings(listing_ids=[secret.pk])
    hidden = api_client.get("/api/v1/search/", {"q": "特願2022-111111"}).json()
    assert hidden["count"] == 0 and hidden["results"] == []
    body = api_client.get("/api/v1/search/", {"q": "未公開出願"}).json()
    assert [r["patent_numbers"] for r in body["results"]] == [[]]
    api_client.force_authenticate(tlo_staff)  # a member of the owner sees it all
    body = api_client.get("/api/v1/search/", {"q": "未公開出願"}).json()
    assert [r["patent_numbers"] for r in body["results"]] == [["特願2022-111111"]]


def test_api_filters_sort_and_never_shows_drafts(api_client, indexed):
    first, second, draft = indexed
    body = api_client.get("/api/v1/search/", {"q": "電池"}).json()
    assert {r["id"] for r in body["results"]} == {first.pk, second.pk}
    owners = {f["value"]: f["count"] for f in body["facets"]["owner"]}
    assert owners == {first.owner.slug: 1, second.owner.slug: 1}
    body = api_client.get(
        "/api/v1/search/", {"q": "電池", "owner": second.owner.slug, "sort": "newest"}
    ).json()
    assert [r["id"] for r in body["results"]] == [second.pk]
    body = api_client.get("/api/v1/search/", {"ipc": "H01M 4", "page_size": "1"}).json()
    assert [r["id"] for r in body["results"]] == [second.pk]
    body = api_client.get(
        "/api/v1/search/", {"prefecture": "27,13", "page": "x", "page_size": "999"}
    ).json()
    assert body["count"] == 2 and body["page_size"] == 100


@pytest.mark.parametrize(
    "q", ['"unbalanced', "\x00電池", "'; DROP TABLE x; --", "電" * 10_000, "-", "*"]
)
def test_api_hostile_queries(api_client, indexed, q):
    response = api_client.get("/api/v1/search/", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["count"], int)


def test_api_says_unavailable_when_the_engine_is_down(api_client, indexed, monkeypatch):
    def down(self, query):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "search", down)
    response = api_client.get("/api/v1/search/", {"q": "電池"})
    assert response.status_code == 503
    assert response.json()["code"] == "search_unavailable"


def test_search_page_renders_facets_and_marks(client, indexed):
    first, second, draft = indexed
    response = client.get(reverse("search:search"), {"q": "全固体電池"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>全固体電池</mark>の製造方法" in html
    assert "電池の電極" in html  # IPC title in the sidebar / hit
    assert 'class="facet"' in html
    assert "未公開" not in html


def test_search_page_browses_everything_without_a_query(client, indexed):
    html = client.get(reverse("search:search")).content.decode()
    assert "全固体電池の製造方法" in html and "燃料電池の触媒" in html
    assert "未公開" not in html
    assert "?ipc=H01M" in html


def test_search_page_escapes_listing_text(client, university):
    listing = ListingFactory(owner=university, title="<script>alert(1)</script>電池")
    search_index_listings(listing_ids=[listing.pk])
    html = client.get(reverse("search:search"), {"q": "電池"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_search_page_says_unavailable_when_the_engine_is_down(
    client, indexed, monkeypatch
):
    def down(self, query):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "search", down)
    response = client.get(reverse("search:search"), {"q": "電池"})
    assert response.status_code == 503
    assert "search-box" not in response.content.decode()


def test_search_is_in_the_public_navigation(client, db):
    assert (
        reverse("search:search")
        in client.get(reverse("search:search")).content.decode()
    )


def test_openapi_schema_describes_search(api_client, db):
    response = api_client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/search/" in paths
    params = {p["name"] for p in paths["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "ipc", "owner", "prefecture", "license_type", "sort", "page"} <= params
    assert "/api/v1/saved-searches/" in paths


def test_health_uses_the_backend(db):
    from django.db import connection

    from search.selectors import search_backend_health

    assert search_backend_health() == {
        "backend": "database",
        "ok": True,
        "detail": connection.vendor,
    }


@pytest.mark.django_db
def test_search_counts_an_impression_for_each_listing_shown(client, api_client):
    from marketplace.models import ListingImpressionDaily

    shown = ListingFactory(title="蓄電池の劣化診断")
    other = ListingFactory(title="水耕栽培の養液管理")
    search_index_listings(listing_ids=[shown.pk, other.pk])
    client.get("/search/", {"q": "蓄電池"})
    api_client.get("/api/v1/search/", {"q": "蓄電池"})
    counts = dict(ListingImpressionDaily.objects.values_list("listing_id", "count"))
    assert counts == {shown.pk: 2}
