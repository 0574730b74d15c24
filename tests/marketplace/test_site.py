import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_home_is_japanese_first(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ja">' in body
    assert "開放特許マーケット" in body


def test_browser_language_does_not_override_japanese_default(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in body


def test_english_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Open Patent Marketplace" in body


def test_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404" in response.content.decode()


def test_healthz_reports_parts(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert set(data) >= {"database", "broker", "search"}


def test_healthz_reports_broken_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_api_schema_and_docs(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi" in response.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI is served locally (no CDN).
    assert b"cdn" not in docs.content.lower()


def test_api_token_auth(api_client):
    user = UserFactory(email="api@example.test")
    response = api_client.post(
        "/api/v1/auth/token/",
        {"email": "api@example.test", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["email"] == user.email


def test_api_errors_have_stable_code(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    response = api_client.post(
        "/api/v1/auth/token/",
        {"email": "nobody@example.test", "password": "x"},
        format="json",
    )
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "invalid_credentials"
    response = api_client.post(
        "/api/v1/auth/token/", {"email": "not-an-email"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "email" in response.json()["errors"]


def test_api_pagination(api_client):
    from tests.factories.accounts import CompanyFactory

    CompanyFactory.create_batch(25)
    response = api_client.get("/api/v1/organizations/?page_size=10")
    data = response.json()
    assert data["count"] == 25 and len(data["results"]) == 10 and data["next"]


def test_navigation_shows_role_entry_points(
    client, tlo_staff, company_staff, admin_user
):
    client.force_login(admin_user)
    assert "/admin/" in client.get("/dashboard/").content.decode()
    client.force_login(company_staff)
    assert 'href="/admin/"' not in client.get("/dashboard/").content.decode()
