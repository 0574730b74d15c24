"""Regression tests for what the Schemathesis run found (see docs/testing.md)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def test_an_unknown_api_url_is_a_json_404(world):
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_site_page_still_gets_the_html_404(world):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_mine_without_organisations_is_an_empty_page(world, role):
    response = _client(world, role).get("/api/v1/listings/?mine=true&owner=0")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("filters", ["true", "[1]", '{"ipc": 5}'])
def test_saved_search_filters_must_be_an_object_of_strings(world, filters):
    client = _client(world, "company")
    response = client.post(
        "/api/v1/saved-searches/",
        data=f'{{"name": "x", "filters": {filters}}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_the_schema_documents_the_json_errors(world):
    schema = Client().get("/api/v1/schema/?format=json").json()
    detail = schema["paths"]["/api/v1/listings/{id}/"]["get"]["responses"]
    assert {"200", "403", "404"} <= set(detail)
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "403", "429"} <= set(token)
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["required"]) == {"code", "detail"}
    website = schema["components"]["schemas"]["OrganizationOutput"]["properties"][
        "website"
    ]
    assert website["anyOf"] == [{"format": "uri"}, {"maxLength": 0}]
