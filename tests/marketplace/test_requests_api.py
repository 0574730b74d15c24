"""License-request API: parties only, transitions with 409, the thread, the schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.models import AuditEvent
from marketplace.constants import RequestStatus
from marketplace.models import LicenseRequest, RequestMessage
from tests.factories.accounts import CompanyFactory, member_of


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db
S = RequestStatus
URL = "/api/v1/license-requests/"

BODY = {
    "license_type": "non_exclusive",
    "field_of_use": "車載用二次電池",
    "intended_product": "EV用電池パック",
}


def snapshot(lr):
    return (
        LicenseRequest.objects.values().get(pk=lr.pk),
        RequestMessage.objects.filter(request=lr).count(),
        AuditEvent.objects.count(),
    )


def test_company_creates_and_submits(api_client, listing, company, company_staff):
    api_client.force_authenticate(company_staff)
    response = api_client.post(URL, {**BODY, "listing": listing.pk}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted"
    assert data["organization"]["slug"] == company.slug
    assert data["allowed_transitions"] == ["withdrawn"]
    # A second open request for the same listing is refused.
    again = api_client.post(URL, {**BODY, "listing": listing.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "validation_error"


def test_unverified_company_gets_403(api_client, listing):
    org = CompanyFactory(is_verified=False)
    user = member_of(org, role="owner")
    api_client.force_authenticate(user)
    response = api_client.post(URL, {**BODY, "listing": listing.pk}, format="json")
    assert response.status_code == 403
    assert "確認されていません" in response.json()["detail"]  # Japanese by default
    assert not LicenseRequest.objects.exists()


def test_tlo_cannot_create(api_client, listing, other_tlo_staff):
    api_client.force_authenticate(other_tlo_staff)
    response = api_client.post(URL, {**BODY, "listing": listing.pk}, format="json")
    assert response.status_code == 403


def test_parties_list_and_retrieve(
    api_client, license_request, company_staff, tlo_staff
):
    for user, side in ((company_staff, "requester"), (tlo_staff, "owner")):
        api_client.force_authenticate(user)
        body = api_client.get(URL).json()
        assert [r["id"] for r in body["results"]] == [license_request.pk]
        assert api_client.get(URL, {"side": side}).json()["count"] == 1
        assert api_client.get(f"{URL}{license_request.pk}/").status_code == 200


def test_transition_and_invalid_transition(api_client, license_request, tlo_staff):
    api_client.force_authenticate(tlo_staff)
    url = f"{URL}{license_request.pk}/transition/"
    response = api_client.post(url, {"to": "triage"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "triage"
    before = snapshot(license_request)
    refused = api_client.post(url, {"to": "closed_won"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "invalid_transition"
    assert snapshot(license_request) == before
    missing_reason = api_client.post(url, {"to": "declined"}, format="json")
    assert missing_reason.status_code == 400
    assert snapshot(license_request) == before
    declined = api_client.post(
        url,
        {"to": "declined", "reason": "not_a_fit", "note": "用途が異なる"},
        format="json",
    )
    assert declined.status_code == 200 and declined.json()["reason"] == "not_a_fit"


def test_messages_list_and_post_with_file(
    api_client, license_request, company_staff, tlo_staff
):
    api_client.force_authenticate(company_staff)
    url = f"{URL}{license_request.pk}/messages/"
    upload = SimpleUploadedFile("spec.pdf", b"%PDF-1.4 spec")
    response = api_client.post(url, {"body": "仕様書です", "files": [upload]})
    assert response.status_code == 201, response.json()
    assert response.json()["attachments"][0]["original_name"] == "spec.pdf"
    bad = api_client.post(
        url, {"body": "x", "files": [SimpleUploadedFile("x.pdf", b"MZ")]}
    )
    assert bad.status_code == 400
    api_client.force_authenticate(tlo_staff)
    listed = api_client.get(url).json()
    assert [m["body"] for m in listed["results"]] == ["仕様書です"]


@pytest.mark.parametrize("outsider", ["other_company_staff", "other_tlo_staff"])
def test_third_party_gets_404_everywhere_and_nothing_changes(
    request, api_client, license_request, company_staff, outsider
):
    from marketplace import services

    services.request_message_post(
        request=license_request,
        by=company_staff,
        body="秘密",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
    )
    user = request.getfixturevalue(outsider)
    api_client.force_authenticate(user)
    before = snapshot(license_request)
    pk = license_request.pk
    assert api_client.get(URL).json()["count"] == 0
    for method, path, data in (
        ("get", f"{URL}{pk}/", None),
        ("get", f"{URL}{pk}/messages/", None),
        ("post", f"{URL}{pk}/messages/", {"body": "spam"}),
        ("post", f"{URL}{pk}/transition/", {"to": "withdrawn"}),
        ("post", f"{URL}{pk}/transition/", {"to": "triage"}),
    ):
        response = getattr(api_client, method)(path, data, format="json")
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "not_found"
    assert snapshot(license_request) == before


def test_anonymous_is_refused(api_client, license_request):
    assert api_client.get(URL).status_code in (401, 403)


def test_schema_describes_license_requests_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    for path in (
        "/api/v1/license-requests/",
        "/api/v1/license-requests/{id}/",
        "/api/v1/license-requests/{id}/transition/",
        "/api/v1/license-requests/{id}/messages/",
    ):
        assert path in paths, path
    assert (
        "409" in paths["/api/v1/license-requests/{id}/transition/"]["post"]["responses"]
    )
    assert {"get", "post"} <= set(paths["/api/v1/license-requests/{id}/messages/"])
    ours = [
        w
        for w in GENERATOR_STATS._warn_cache
        if "LicenseRequest" in str(w) or "license_request" in str(w).lower()
    ]
    assert not ours, ours
