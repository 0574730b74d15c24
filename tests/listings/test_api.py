import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from accounts.models import AuditEvent
from listings.constants import ListingStatus
from listings.models import IPCCode, Listing
from tests.factories.accounts import UniversityFactory, member_of
from tests.factories.listings import ListingFactory, add_ipc, add_right

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"


def detail(listing):
    return f"{URL}{listing.pk}/"


def snapshot(listing):
    """Everything a write could change, to prove nothing did."""
    fresh = Listing.objects.get(pk=listing.pk)
    return (
        fresh.status,
        fresh.title,
        fresh.updated_at,
        fresh.licensing_record,
        list(fresh.ipc_entries.values_list("code", flat=True)),
        AuditEvent.objects.filter(target_id=str(listing.pk)).count(),
    )


@pytest.fixture
def draft(university):
    return ListingFactory(
        owner=university, status=ListingStatus.DRAFT, published_at=None
    )


@pytest.fixture
def published(university):
    listing = ListingFactory(owner=university, title="全固体電池の正極材料")
    add_ipc(listing, "H01M 4/38", "H01M 10/0562")
    add_right(
        listing,
        application_number="特願2020-123456",
        publication_number="特開2022-012345",
        status="pending",
    )
    return listing


@pytest.fixture
def ipc_rows(db):
    rows = [
        ("H", "section", 1, None, "ELECTRICITY", "電気"),
        ("H01", "class", 2, "H", "BASIC ELECTRIC ELEMENTS", ""),
        ("H01M", "subclass", 3, "H01", "BATTERIES", "電池"),
        ("H01M 4/00", "main_group", 4, "H01M", "Electrodes", ""),
        ("H01M 4/36", "subgroup", 6, "H01M 4/00", "Selection of substances", ""),
        ("H01M 4/38", "subgroup", 7, "H01M 4/36", "of elements or alloys", ""),
        ("H01M 10/00", "main_group", 4, "H01M", "Secondary cells", "二次電池"),
    ]
    return IPCCode.objects.bulk_create(
        IPCCode(code=c, kind=k, level=lv, parent_id=p, title_en=en, title_ja=ja)
        for c, k, lv, p, en, ja in rows
    )


# --- reading ---------------------------------------------------------------------


def test_list_is_paginated_and_shows_published_only(api_client, published, draft):
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == published.pk
    assert item["url"].startswith("http://testserver/listings/")
    assert item["owner"]["slug"] == published.owner.slug
    assert [entry["code"] for entry in item["ipc"]] == ["H01M 4/38", "H01M 10/0562"]
    assert item["rights"][0]["application_number"] == "特願2020-123456"


def test_page_size_is_honoured_and_capped(api_client, university):
    ListingFactory.create_batch(3, owner=university)
    body = api_client.get(URL, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] and "page=2" in body["next"]
    assert api_client.get(URL, {"page": 9}).json()["code"] == "not_found"


def test_ipc_titles_come_from_the_scheme(api_client, published, ipc_rows):
    api_client.cookies["marketplace_language"] = "en"
    item = api_client.get(detail(published)).json()
    titles = {entry["code"]: entry["title"] for entry in item["ipc"]}
    assert titles["H01M 4/38"] == "of elements or alloys"
    # H01M 10/0562 is not loaded: the nearest loaded ancestor names it.
    assert titles["H01M 10/0562"] == "Secondary cells"


@pytest.mark.parametrize("who", ["anonymous", "other_org", "company"])
def test_draft_of_another_org_is_404(
    api_client, draft, who, other_tlo_staff, company_staff
):
    user = {"anonymous": None, "other_org": other_tlo_staff, "company": company_staff}[
        who
    ]
    if user:
        api_client.force_authenticate(user)
    response = api_client.get(detail(draft))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert draft.pk not in [r["id"] for r in api_client.get(URL).json()["results"]]


def test_members_see_their_drafts_and_filter_mine(
    api_client, tlo_staff, draft, other_university
):
    ListingFactory(owner=other_university)
    api_client.force_authenticate(tlo_staff)
    assert api_client.get(detail(draft)).status_code == 200
    body = api_client.get(URL, {"mine": 1}).json()
    assert [r["id"] for r in body["results"]] == [draft.pk]
    body = api_client.get(URL, {"mine": 1, "status": "published"}).json()
    assert body["count"] == 0


def test_owner_and_status_filters(api_client, published, other_university):
    other = ListingFactory(owner=other_university)
    body = api_client.get(URL, {"owner": other_university.slug}).json()
    assert [r["id"] for r in body["results"]] == [other.pk]
    assert api_client.get(URL, {"status": "draft"}).json()["count"] == 0
    response = api_client.get(URL, {"status": "bogus"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_teaser_omits_long_text(api_client, university, company_staff):
    listing = ListingFactory(
        owner=university, disclosure_tier="nda", purpose="秘密の目的"
    )
    add_right(listing, application_number="特願2020-123456")
    item = api_client.get(detail(listing)).json()
    assert item["full_text"] is False
    for field in ("overview", "purpose", "invention_title", "rights", "trl"):
        assert field not in item
    assert item["summary"] == listing.summary
    assert item["title"] == listing.title
    # An unpublished application: teaser for outsiders, everything for members.
    secret = ListingFactory(owner=university, purpose="未公開の目的")
    add_right(secret, application_number="特願2024-000001", status="pending")
    assert "purpose" not in api_client.get(detail(secret)).json()
    api_client.force_authenticate(member_of(university))
    item = api_client.get(detail(secret)).json()
    assert item["full_text"] is True
    assert item["purpose"] == "未公開の目的"
    assert item["rights"][0]["application_number"] == "特願2024-000001"
    api_client.force_authenticate(None)
    public = ListingFactory(owner=university, purpose="公開の目的")
    item = api_client.get(detail(public)).json()
    assert item["full_text"] is True
    assert item["purpose"] == "公開の目的"


# --- create / update ----------------------------------------------------------------

NEW = {
    "title": "高耐久ペロブスカイト太陽電池",
    "summary": "封止なしで1000時間の連続発電",
    "license_types": ["non_exclusive"],
    "ipc_codes": ["h01l 31/04"],
    "rights": [{"application_number": "特願2021-045678", "filing_date": "2021-03-19"}],
}


def test_staff_creates_a_draft_of_their_org(api_client, tlo_staff, university):
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(URL, {**NEW, "owner": university.slug}, format="json")
    assert response.status_code == 201, response.json()
    listing = Listing.objects.get(pk=response.json()["id"])
    assert listing.owner == university
    assert listing.status == ListingStatus.DRAFT
    assert listing.source == "api"
    assert listing.ipc_codes == ["H01L 31/04"]
    assert listing.rights.get().application_number_norm == "JP2021045678"
    assert response.json()["status"] == "draft"


def test_create_for_another_org_is_404(api_client, other_tlo_staff, university):
    api_client.force_authenticate(other_tlo_staff)
    response = api_client.post(URL, {**NEW, "owner": university.slug}, format="json")
    assert response.status_code == 404
    assert not Listing.objects.exists()


def test_viewer_cannot_create(api_client, university):
    viewer = member_of(university, role="viewer")
    api_client.force_authenticate(viewer)
    response = api_client.post(URL, {**NEW, "owner": university.slug}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Listing.objects.exists()


def test_anonymous_cannot_create(api_client, university):
    response = api_client.post(URL, {**NEW, "owner": university.slug}, format="json")
    assert response.status_code in (401, 403)
    assert not Listing.objects.exists()


def test_create_reports_field_errors(api_client, tlo_staff, university):
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(
        URL, {**NEW, "owner": university.slug, "ipc_codes": ["XX"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "ipc_codes" in response.json()["errors"]
    response = api_client.post(URL, {"owner": university.slug}, format="json")
    assert "title" in response.json()["errors"]
    assert not Listing.objects.exists()


def test_staff_patches_their_listing(api_client, tlo_staff, published):
    api_client.force_authenticate(tlo_staff)
    response = api_client.patch(
        detail(published),
        {"title": "新しいタイトル", "ipc_codes": ["H01M4/38"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    published.refresh_from_db()
    assert published.title == "新しいタイトル"
    assert published.ipc_codes == ["H01M 4/38"]
    assert response.json()["title"] == "新しいタイトル"


def test_other_org_patch_and_actions_are_404_and_change_nothing(
    api_client, other_tlo_staff, published, draft
):
    api_client.force_authenticate(other_tlo_staff)
    for listing in (published, draft):
        before = snapshot(listing)
        response = api_client.patch(
            detail(listing), {"title": "乗っ取り"}, format="json"
        )
        assert response.status_code == 404
        for name in ("publish", "withdraw", "reopen", "mark-assigned", "archive"):
            assert api_client.post(f"{detail(listing)}{name}/").status_code == 404
        response = api_client.post(
            f"{detail(listing)}mark-licensed/", {"exclusive": True}, format="json"
        )
        assert response.status_code == 404
        assert snapshot(listing) == before


def test_viewer_gets_403_and_nothing_changes(api_client, university, published):
    viewer = member_of(university, role="viewer")
    api_client.force_authenticate(viewer)
    before = snapshot(published)
    assert api_client.get(detail(published)).status_code == 200
    response = api_client.patch(detail(published), {"title": "変更"}, format="json")
    assert response.status_code == 403
    assert api_client.post(f"{detail(published)}withdraw/").status_code == 403
    assert snapshot(published) == before


# --- workflow actions ---------------------------------------------------------------


def test_publish_directly_or_to_review(api_client, tlo_staff, draft, company):
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(f"{detail(draft)}publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    # An organisation without direct publishing waits for review.
    reviewed = UniversityFactory(can_publish_directly=False)
    staff = member_of(reviewed)
    listing = ListingFactory(
        owner=reviewed, status=ListingStatus.DRAFT, published_at=None
    )
    api_client.force_authenticate(staff)
    response = api_client.post(f"{detail(listing)}publish/")
    assert response.json()["status"] == "pending_review"
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PENDING_REVIEW


def test_publish_with_missing_fields_is_400(api_client, tlo_staff, university):
    listing = ListingFactory(
        owner=university, status="draft", summary="", overview="", published_at=None
    )
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(f"{detail(listing)}publish/")
    assert response.status_code == 400
    assert "overview" in response.json()["errors"]
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.DRAFT


def test_withdraw_reopen_archive(api_client, tlo_staff, published):
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(
        f"{detail(published)}withdraw/", {"reason": "共同研究先が決定"}, format="json"
    )
    assert response.json()["status"] == "withdrawn"
    event = AuditEvent.objects.get(action="listing.withdraw")
    assert event.reason == "共同研究先が決定"
    assert api_client.post(f"{detail(published)}reopen/").json()["status"] == "draft"


def test_mark_licensed_and_assigned(api_client, tlo_staff, published, university):
    api_client.force_authenticate(tlo_staff)
    response = api_client.post(
        f"{detail(published)}mark-licensed/", {"exclusive": False}, format="json"
    )
    assert response.json()["status"] == "published"
    assert response.json()["licensing_record"] == "yes"
    response = api_client.post(f"{detail(published)}mark-licensed/", {}, format="json")
    assert response.status_code == 400
    other = ListingFactory(owner=university)
    response = api_client.post(f"{detail(other)}mark-assigned/")
    assert response.json()["status"] == "assigned"
    assert api_client.post(f"{detail(other)}archive/").json()["status"] == "archived"


@pytest.mark.parametrize(
    ("status", "action", "body"),
    [
        ("draft", "withdraw", {}),
        ("draft", "archive", {}),
        ("published", "reopen", {}),
        ("draft", "mark-licensed", {"exclusive": True}),
        ("draft", "mark-licensed", {"exclusive": False}),
        ("archived", "publish", {}),
        ("archived", "mark-assigned", {}),
    ],
)
def test_invalid_transition_is_409_and_changes_nothing(
    api_client, tlo_staff, university, status, action, body
):
    listing = ListingFactory(owner=university, status=status)
    api_client.force_authenticate(tlo_staff)
    before = snapshot(listing)
    response = api_client.post(f"{detail(listing)}{action}/", body, format="json")
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_transition"
    assert snapshot(listing) == before


def test_patch_of_archived_listing_is_409(api_client, tlo_staff, university):
    listing = ListingFactory(owner=university, status="archived")
    api_client.force_authenticate(tlo_staff)
    before = snapshot(listing)
    response = api_client.patch(detail(listing), {"title": "変更"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert snapshot(listing) == before


# --- IPC ---------------------------------------------------------------------------


def test_ipc_list_filters(api_client, ipc_rows):
    body = api_client.get("/api/v1/ipc/", {"parent": "H01M"}).json()
    assert [r["code"] for r in body["results"]] == ["H01M 10/00", "H01M 4/00"]
    body = api_client.get("/api/v1/ipc/", {"level": 1}).json()
    assert [r["code"] for r in body["results"]] == ["H"]
    assert body["results"][0]["children_count"] == 1
    body = api_client.get("/api/v1/ipc/", {"q": "H01M4"}).json()
    assert [r["code"] for r in body["results"]] == [
        "H01M 4/00",
        "H01M 4/36",
        "H01M 4/38",
    ]
    for q in ("H01M4/3", "h01m 4/3"):
        body = api_client.get("/api/v1/ipc/", {"q": q}).json()
        assert [r["code"] for r in body["results"]] == ["H01M 4/36", "H01M 4/38"]
    body = api_client.get("/api/v1/ipc/", {"q": "secondary"}).json()
    assert [r["code"] for r in body["results"]] == ["H01M 10/00"]
    body = api_client.get("/api/v1/ipc/", {"q": "二次電池"}).json()
    assert [r["code"] for r in body["results"]] == ["H01M 10/00"]
    assert api_client.get("/api/v1/ipc/", {"level": "x"}).status_code == 400


def test_ipc_detail_with_space_and_slash(api_client, ipc_rows):
    response = api_client.get("/api/v1/ipc/H01M%204%2F38/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "H01M 4/38"
    assert body["parent"] == "H01M 4/36"
    assert body["kind"] == "subgroup"
    assert body["title_en"] == "of elements or alloys"
    # Written without the space it still resolves.
    assert api_client.get("/api/v1/ipc/H01M4%2F38/").json()["code"] == "H01M 4/38"
    section = api_client.get("/api/v1/ipc/H/").json()
    assert section["title"] == "電気"
    assert section["children_count"] == 1
    response = api_client.get("/api/v1/ipc/H01M%2099%2F99/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- schema ------------------------------------------------------------------------


def _generate_schema(patterns=None):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    warnings = dict(GENERATOR_STATS._warn_cache)
    GENERATOR_STATS.reset()
    return schema, warnings


def test_schema_describes_every_listings_endpoint():
    schema, _warnings = _generate_schema()
    validate_schema(schema)
    paths = schema["paths"]
    for path in (
        "/api/v1/listings/",
        "/api/v1/listings/{id}/",
        "/api/v1/listings/{id}/publish/",
        "/api/v1/listings/{id}/withdraw/",
        "/api/v1/listings/{id}/reopen/",
        "/api/v1/listings/{id}/mark-licensed/",
        "/api/v1/listings/{id}/mark-assigned/",
        "/api/v1/listings/{id}/archive/",
        "/api/v1/ipc/",
        "/api/v1/ipc/{code}/",
    ):
        assert path in paths, path
    item_methods = set(paths["/api/v1/listings/{id}/"])
    assert {"get", "patch"} <= item_methods
    assert not {"put", "delete"} & item_methods
    assert "409" in paths["/api/v1/listings/{id}/publish/"]["post"]["responses"]
    body = paths["/api/v1/listings/{id}/mark-licensed/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/ListingMarkLicensedInputRequest")


def test_listings_schema_has_no_warnings():
    """The listings endpoints alone: other apps' warnings are theirs to fix."""
    from django.urls import include, path
    from rest_framework.routers import DefaultRouter

    from listings.api import routes

    router = DefaultRouter()
    routes.register(router)
    schema, warnings = _generate_schema(
        [path("api/v1/", include(router.urls)), *routes.urlpatterns]
    )
    validate_schema(schema)
    assert "/api/v1/listings/{id}/withdraw/" in schema["paths"]
    assert not warnings, warnings
