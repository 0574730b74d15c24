"""The listing page reads each related table once, whatever the template needs."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.listings import ListingFactory, add_ipc, add_right


def test_listing_page_reads_ipc_and_rights_once(client, university):
    listing = ListingFactory(owner=university)
    add_ipc(listing, "H01M 10/0562", "H01M 4/13")
    add_right(listing, application_number="特願2020-123456", status="granted")
    add_right(listing, application_number="特願2021-000777")

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(listing.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert "H01M 10/0562" in body and "特願2020-123456" in body
    tables = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "listings_listingipc"' in sql for sql in tables) == 1
    assert sum('FROM "listings_patentright"' in sql for sql in tables) == 1


def test_listing_urls_equal_reverse(db, university):
    from django.urls import reverse, set_script_prefix
    from django.utils.text import slugify

    from listings.models import _detail_url, _detail_url_pattern

    titles = [
        "熱電変換モジュール",
        "Li-ion battery (solid state) 100% safe!",
        "ＡＢＣ　全角と半角 mixed_Title",
        "édition spéciale — über",
        "",
        "edit",
    ]
    for prefix in ("/", "/market/"):
        set_script_prefix(prefix)
        try:
            for pk, title in enumerate(titles, start=1):
                listing = ListingFactory(owner=university, title=title or "x")
                listing.title = title
                slug = slugify(title, allow_unicode=True)[:60] or "listing"
                expected = reverse("listings:detail", kwargs={"pk": pk, "slug": slug})
                assert _detail_url("config.urls", prefix, pk, slug) == expected
                url = listing.get_absolute_url()
                assert url.startswith(prefix + "listings/")
                assert url.endswith("/") and f"/{listing.pk}/" in url
        finally:
            set_script_prefix("/")
            _detail_url_pattern.cache_clear()
