"""The search API and page: response shape, facets, marks, engine outage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from listings.constants import ListingStatus
from listings.models import IPCCode, Listing
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


def _card_listings(owner, n: int) -> list:
    made = []
    for i in range(n):
        listing = ListingFactory(
            owner=owner,
            # Two of them also match "固体電解質".
            title=f"蓄電池の電極材料{'と固体電解質' if i < 2 else ''} {i}",
            disclosure_tier="members" if i % 3 == 0 else "public",
        )
        add_ipc(listing, "H01M 4/13", f"H01M 10/{i:02d}")
        add_right(listing, application_number=f"特願2020-{i:06d}")
        add_right(listing, registration_number=f"特許第{7000000 + i}号")
        made.append(listing)
    search_index_listings(listing_ids=[m.pk for m in made])
    return made


def _search_sql(client, path, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_results_page_reads_the_same_whatever_its_size(
    client, api_client, university, company_staff, signed_in
):
    """Cards load in a fixed number of queries: no read per hit or per field."""
    if signed_in:
        client.force_login(company_staff)
        api_client.force_authenticate(company_staff)
    made = _card_listings(university, 11)
    page, api = reverse("search:search"), "/api/v1/search/"
    # Warm the engine's answer, the facet image and the labels once.
    _search_sql(client, page, {"q": "蓄電池", "page_size": 50})
    _search_sql(api_client, api, {"q": "蓄電池", "page_size": 50})
    counts = {
        size: (
            _search_sql(client, page, {"q": "蓄電池", "page_size": size}),
            _search_sql(api_client, api, {"q": "蓄電池", "page_size": size}),
        )
        for size in (2, 11)
    }
    assert counts[2] == counts[11]

    body = api_client.get(api, {"q": "蓄電池", "page_size": 50}).json()
    assert body["count"] == 11
    members = {m.pk for m in made if m.disclosure_tier == "members"}
    for row in body["results"]:
        assert row["ipc"][0] == "H01M 4/13" and len(row["ipc"]) == 2
        if row["id"] in members:
            # Rights are shown to a verified company's member only.
            assert bool(row["patent_numbers"]) is signed_in
        else:
            assert row["patent_numbers"][1].startswith("特許第")
    html = client.get(page, {"q": "蓄電池"}).content.decode()
    assert "H01M 4/13" in html and "H01M 10/10" in html


def test_result_cards_are_real_listings(university):
    from search.selectors import search_listings, search_query_from_params

    made = _card_listings(university, 3)
    page = search_listings(query=search_query_from_params({"q": "蓄電池"}))
    assert {item.listing.pk for item in page.items} == {m.pk for m in made}
    item = page.items[0]
    assert item.listing.owner == university
    assert item.listing.owner.display_name == university.name_ja
    # Fields the card does not read still load when asked for.
    source = Listing.objects.get(pk=item.listing.pk)
    assert item.listing.overview == source.overview
    assert [r.pk for r in item.rights] == sorted(r.pk for r in source.rights.all())
    assert item.ipc_codes == [e.code for e in source.ipc_entries.order_by("position")]
