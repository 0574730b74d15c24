"""Anonymous listing pages and API answers reuse their rendering (config/page_cache.py).

Visibility is read on every request, a listing change shows at once, views
are still counted, and every visitor gets a CSRF token of its own.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings import services
from listings.models import Listing
from tests.factories.listings import ListingFactory, add_ipc, add_right

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def listing(university):
    item = ListingFactory(owner=university, title="熱電変換モジュール")
    add_ipc(item, "H10N 10/17")
    add_right(item, application_number="特願2021-012345")
    return item


def _sql(ctx) -> str:
    return "\n".join(q["sql"] for q in ctx.captured_queries)


def test_the_page_is_rendered_once_and_every_view_counts(client, listing):
    url = listing.get_absolute_url()
    first = client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert "熱電変換モジュール" in second.content.decode()
    # The reused page reads the listing (visibility) and counts the view only.
    assert "listings_patentright" not in _sql(ctx)
    assert Listing.objects.get(pk=listing.pk).view_count == 2


def test_a_change_shows_at_once(client, listing, tlo_staff):
    url = listing.get_absolute_url()
    client.get(url)
    services.listing_update(
        listing=listing, by=tlo_staff, data={"summary": "新しい要約の文章"}
    )
    assert "新しい要約の文章" in client.get(url).content.decode()


def test_a_withdrawn_listing_is_gone_though_its_page_was_kept(
    client, api_client, listing, tlo_staff
):
    url = listing.get_absolute_url()
    api_url = f"/api/v1/listings/{listing.pk}/"
    assert client.get(url).status_code == 200
    assert api_client.get(api_url).status_code == 200
    services.listing_withdraw(listing=listing, by=tlo_staff)
    assert client.get(url).status_code == 404
    assert api_client.get(api_url).status_code == 404
    body = api_client.get("/api/v1/listings/").json()
    assert listing.pk not in [item["id"] for item in body["results"]]


def test_each_visitor_gets_its_own_working_csrf_token(listing):
    url = listing.get_absolute_url()
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url).content.decode()
        token = TOKEN.search(page).group(1)
        assert "\x00" not in page
        tokens.append(token)
        response = visitor.post(
            reverse("set_language"),
            {"language": "en", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302  # 403 if the token were someone else's
    assert tokens[0] != tokens[1]


def test_members_get_their_own_rendering(client, listing, tlo_staff):
    url = listing.get_absolute_url()
    client.get(url)  # kept for the public
    client.force_login(tlo_staff)
    assert client.get(url).status_code == 200
    # A member's visit is not counted: the member path ran, not the kept page.
    assert Listing.objects.get(pk=listing.pk).view_count == 1


def test_kept_api_answers_equal_fresh_ones(api_client, university, settings):
    items = [ListingFactory(owner=university) for _ in range(3)]
    for item in items:
        add_ipc(item, "H01M 10/0562")
        add_right(item, application_number="特願2020-000001")
    urls = ["/api/v1/listings/", f"/api/v1/listings/{items[0].pk}/"]
    kept = [api_client.get(u).json() for u in urls]
    again = [api_client.get(u).json() for u in urls]
    settings.ANONYMOUS_CACHE_SECONDS = 0
    fresh = [api_client.get(u).json() for u in urls]
    assert kept == again == fresh
    assert [r["id"] for r in kept[0]["results"]][:3] == [i.pk for i in items][::-1]


def test_an_api_change_shows_at_once(api_client, listing, tlo_staff):
    url = f"/api/v1/listings/{listing.pk}/"
    assert api_client.get(url).json()["summary"] != "変更後の要約"
    api_client.get("/api/v1/listings/")
    services.listing_update(
        listing=listing, by=tlo_staff, data={"summary": "変更後の要約"}
    )
    assert api_client.get(url).json()["summary"] == "変更後の要約"
    listed = api_client.get("/api/v1/listings/").json()["results"]
    assert {r["id"]: r["summary"] for r in listed}[listing.pk] == "変更後の要約"


def test_a_reused_page_reads_only_the_listings_id_title_and_change_time(
    client, listing
):
    url = listing.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = _sql(ctx)
    assert '"listings_listing"."updated_at"' in sql
    assert '"listings_listing"."overview"' not in sql
    assert "accounts_organization" in sql  # visibility: a verified owner


def test_an_owner_rename_shows_at_once(
    client, api_client, listing, university, django_capture_on_commit_callbacks
):
    url = listing.get_absolute_url()
    api_url = f"/api/v1/listings/{listing.pk}/"
    assert university.name_ja not in "新しい名前大学"
    client.get(url)
    api_client.get(api_url)
    with django_capture_on_commit_callbacks(execute=True):
        university.name_ja = "新しい名前大学"
        university.save()
    assert "新しい名前大学" in client.get(url).content.decode()
    assert api_client.get(api_url).json()["owner"]["name_ja"] == "新しい名前大学"


def test_an_ipc_title_change_shows_at_once(
    client, listing, django_capture_on_commit_callbacks
):
    from listings.models import IPCCode

    url = listing.get_absolute_url()
    IPCCode.objects.create(
        code="H10N 10/17", kind="subgroup", level=5, title_ja="古い題名の熱電素子"
    )
    assert "古い題名の熱電素子" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        code = IPCCode.objects.get(code="H10N 10/17")
        code.title_ja = "新しい題名の熱電素子"
        code.save()
    page = client.get(url).content.decode()
    assert "新しい題名の熱電素子" in page
    assert "古い題名の熱電素子" not in page


def test_a_label_change_that_rolls_back_keeps_the_pages(
    listing, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from config import page_cache

    before = page_cache.labels_version()
    assert before
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            page_cache.labels_changed()
            raise RuntimeError("rolled back")
    assert page_cache.labels_version() == before
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            page_cache.labels_changed()
    assert page_cache.labels_version() not in ("", before)


@pytest.mark.parametrize("pk", ["0", "99999999999999999999", "9223372036854775807"])
def test_ids_out_of_range_are_not_found(client, api_client, listing, pk):
    assert client.get(f"/listings/{pk}/x/").status_code == 404
    assert api_client.get(f"/api/v1/listings/{pk}/").status_code == 404
    assert api_client.get("/api/v1/listings/abc/").status_code == 404


def test_the_public_read_equals_the_orm(university, django_assert_num_queries):
    from django.http import Http404

    from listings.selectors import listing_get_public, listing_get_visible

    listing = ListingFactory(owner=university, title="熱電変換モジュール")
    add_ipc(listing, "H10N 10/17", "H01L 35/32", "B01D 53/00")
    add_right(listing, registration_number="特許第7123456号")
    add_right(listing, application_number="特願2021-012345")
    orm = listing_get_visible(user=None, pk=listing.pk)
    codes = [e.code for e in orm.ipc_entries.order_by("position")]
    numbers = [r.display_number for r in orm.rights.order_by("id")]
    assert codes == ["H10N 10/17", "H01L 35/32", "B01D 53/00"]
    with django_assert_num_queries(3):
        read = listing_get_public(pk=listing.pk)
    with django_assert_num_queries(0):
        assert read.owner.name_ja == orm.owner.name_ja
        assert [e.code for e in read.ipc_entries.all()] == codes
        assert [r.display_number for r in read.rights.all()] == numbers
        for field in Listing._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(orm, field.attname)
    listing.status = "draft"
    listing.save()
    with pytest.raises(Http404):
        listing_get_public(pk=listing.pk)
