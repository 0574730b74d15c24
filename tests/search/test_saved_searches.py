"""Saved searches: ownership, daily alerts of new listings, unsubscribe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from search.models import SavedSearch
from search.services import (
    saved_search_create,
    search_index_listings,
    search_send_alerts,
)
from tests.factories.accounts import UserFactory
from tests.factories.listings import ListingFactory


@pytest.fixture
def saved(company_staff):
    return saved_search_create(
        user=company_staff, name="電池", query="全固体電池", filters={"ipc": ["H01M"]}
    )


def _publish(owner, title, *, ipc="H01M 10/05", when=None):
    from tests.factories.listings import add_ipc

    listing = ListingFactory(
        owner=owner, title=title, published_at=when or timezone.now()
    )
    add_ipc(listing, ipc)
    search_index_listings(listing_ids=[listing.pk])
    return listing


def test_alert_emails_new_matching_listings_once(
    saved, university, company_staff, django_capture_on_commit_callbacks
):
    old = _publish(
        university, "全固体電池の旧技術", when=timezone.now() - timedelta(days=3)
    )
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_notified_at=timezone.now() - timedelta(days=1)
    )
    new = _publish(university, "全固体電池の新しい電解質")
    _publish(university, "全固体電池の別分類", ipc="C01B 25/14")  # filtered out
    _publish(university, "燃料電池")  # text does not match

    with django_capture_on_commit_callbacks(execute=True):
        assert search_send_alerts() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [company_staff.email]
    assert new.title in message.body
    assert old.title not in message.body
    assert "燃料電池" not in message.body and "別分類" not in message.body
    unsubscribe = reverse(
        "search:unsubscribe", kwargs={"token": saved.unsubscribe_token}
    )
    assert unsubscribe in message.body

    with django_capture_on_commit_callbacks(execute=True):
        assert search_send_alerts() == 0
    assert len(mail.outbox) == 1


def test_unsubscribe_link_works_without_login(client, saved, university):
    url = reverse("search:unsubscribe", kwargs={"token": saved.unsubscribe_token})
    # Opening the link (as a mail scanner would) only asks for confirmation.
    assert client.get(url).status_code == 200
    saved.refresh_from_db()
    assert saved.frequency != SavedSearch.Frequency.NEVER
    response = client.post(url)
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.frequency == SavedSearch.Frequency.NEVER
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_notified_at=timezone.now() - timedelta(days=1)
    )
    _publish(university, "全固体電池の新製法")
    assert search_send_alerts() == 0
    assert (
        client.get(reverse("search:unsubscribe", kwargs={"token": "nope"})).status_code
        == 404
    )


def test_save_list_and_delete_own_saved_searches(client, company_staff):
    client.force_login(company_staff)
    response = client.post(
        reverse("search:saved_create"),
        {"q": "センサ", "ipc": "G01N", "name": "センサ監視"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=company_staff)
    assert saved.query == "センサ" and saved.filters == {"ipc": ["G01N"]}
    page = client.get(reverse("search:saved_list"))
    assert "センサ監視" in page.content.decode()
    client.post(reverse("search:saved_delete", kwargs={"pk": saved.pk}))
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_another_users_saved_search_is_a_404_and_unchanged(client, saved, api_client):
    intruder = UserFactory()
    client.force_login(intruder)
    response = client.post(reverse("search:saved_delete", kwargs={"pk": saved.pk}))
    assert response.status_code == 404
    assert "全固体電池" not in client.get(reverse("search:saved_list")).content.decode()
    api_client.force_authenticate(intruder)
    assert api_client.get(f"/api/v1/saved-searches/{saved.pk}/").status_code == 404
    assert api_client.delete(f"/api/v1/saved-searches/{saved.pk}/").status_code == 404
    assert api_client.get("/api/v1/saved-searches/").json()["results"] == []
    assert SavedSearch.objects.filter(pk=saved.pk, name="電池").exists()


def test_saved_search_api_for_the_owner(api_client, company_staff):
    api_client.force_authenticate(company_staff)
    response = api_client.post(
        "/api/v1/saved-searches/",
        {
            "name": "光",
            "query": "光触媒",
            "filters": {"prefecture": ["13"], "bad": ["x"]},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filters"] == {"prefecture": ["13"]}
    listed = api_client.get("/api/v1/saved-searches/").json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert api_client.delete(f"/api/v1/saved-searches/{body['id']}/").status_code == 204
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/saved-searches/").status_code in (401, 403)
