import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import AuditEvent
from listings.constants import ListingStatus
from listings.models import IPCCode, Listing
from tests.factories.listings import ListingFactory, add_ipc, add_right

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:listings_listing_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def pending(university):
    return ListingFactory(
        owner=university, status=ListingStatus.PENDING_REVIEW, published_at=None
    )


def _action(admin_client, action, listings, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [x.pk for x in listings], **extra}
    return admin_client.post(CHANGELIST, data, follow=True)


def test_changelist_and_search_render(admin_client, university):
    listing = ListingFactory(owner=university, source_id="INPIT-0001")
    add_right(listing, application_number="特願2020-123456")
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert listing.title in response.content.decode()
    for params in (
        {"q": "2020-123456"},
        {"q": "INPIT-0001"},
        {"status__exact": "published"},
        {"created_at__year": listing.created_at.year},
    ):
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        assert listing.title in response.content.decode(), params


def test_change_and_add_forms_render(admin_client, university):
    listing = ListingFactory(owner=university)
    add_ipc(listing, "H01M 4/38")
    add_right(listing, application_number="特願2020-123456")
    url = reverse("admin:listings_listing_change", args=[listing.pk])
    body = admin_client.get(url).content.decode()
    assert "H01M 4/38" in body
    assert "特願2020-123456" in body
    assert admin_client.get(reverse("admin:listings_listing_add")).status_code == 200
    archived = ListingFactory(owner=university, status=ListingStatus.ARCHIVED)
    url = reverse("admin:listings_listing_change", args=[archived.pk])
    assert admin_client.get(url).status_code == 200


def _form_data(listing, **overrides):
    data = {
        "language": "ja",
        "title": listing.title,
        "invention_title": "",
        "summary": listing.summary,
        "overview": listing.overview,
        "claims": "[]",
        "inventors": "[]",
        "implementation_record": "unknown",
        "licensing_record": "unknown",
        "offers_license": "on",
        "license_types": ["non_exclusive"],
        "desired_terms": "応相談",
        "disclosure_tier": "public",
        "source": "manual",
        "ipc_entries-TOTAL_FORMS": "1",
        "ipc_entries-INITIAL_FORMS": "0",
        "ipc_entries-0-position": "0",
        "ipc_entries-0-code": "h01m4/38",
        "rights-TOTAL_FORMS": "1",
        "rights-INITIAL_FORMS": "0",
        "rights-0-country": "JP",
        "rights-0-status": "pending",
        "rights-0-application_number": "特願2021-045678",
    }
    data.update(overrides)
    return data


def test_change_form_saves_through_the_service(admin_client, university):
    listing = ListingFactory(owner=university)
    url = reverse("admin:listings_listing_change", args=[listing.pk])
    response = admin_client.post(url, _form_data(listing, title="管理者が修正"))
    assert response.status_code == 302, response.context["errors"]
    listing.refresh_from_db()
    assert listing.title == "管理者が修正"
    assert listing.ipc_codes == ["H01M 4/38"]
    assert listing.rights.get().application_number_norm == "JP2021045678"
    assert AuditEvent.objects.filter(
        action="listing.update", target_id=str(listing.pk)
    ).exists()


def test_add_form_creates_a_draft(admin_client, university):
    data = _form_data(
        ListingFactory.build(owner=university), owner=university.pk, title="新規"
    )
    response = admin_client.post(reverse("admin:listings_listing_add"), data)
    assert response.status_code == 302, response.context["errors"]
    listing = Listing.objects.get(title="新規")
    assert listing.status == ListingStatus.DRAFT
    assert listing.owner == university
    assert listing.ipc_codes == ["H01M 4/38"]


def test_bad_inline_numbers_are_form_errors(admin_client, university):
    listing = ListingFactory(owner=university)
    url = reverse("admin:listings_listing_change", args=[listing.pk])
    before = listing.title
    response = admin_client.post(
        url,
        _form_data(
            listing,
            title="変更",
            **{"ipc_entries-0-code": "XX", "rights-0-application_number": "abc"},
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "XX" in body and "abc" in body
    listing.refresh_from_db()
    assert listing.title == before
    assert not listing.rights.exists()


def test_approve_action_publishes_pending(admin_client, pending, university):
    draft = ListingFactory(owner=university, status=ListingStatus.DRAFT)
    response = _action(admin_client, "approve", [pending, draft])
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == ListingStatus.PUBLISHED
    assert pending.published_at is not None
    assert AuditEvent.objects.filter(action="listing.approve").count() == 1
    assert Listing.objects.get(pk=draft.pk).status == ListingStatus.DRAFT
    texts = [str(m) for m in response.context["messages"]]
    assert any(draft.title in text for text in texts)  # its failure is reported
    assert len(texts) == 2


def test_return_to_draft_asks_for_a_reason(admin_client, pending):
    response = _action(admin_client, "return_to_draft", [pending])
    assert response.status_code == 200
    assert "reason_action.html" in [t.name.split("/")[-1] for t in response.templates]
    assert Listing.objects.get(pk=pending.pk).status == ListingStatus.PENDING_REVIEW
    # No reason: the page comes back with an error, nothing changes.
    response = _action(admin_client, "return_to_draft", [pending], apply="1", reason="")
    assert Listing.objects.get(pk=pending.pk).status == ListingStatus.PENDING_REVIEW
    response = _action(
        admin_client, "return_to_draft", [pending], apply="1", reason="効果の根拠を追記"
    )
    assert Listing.objects.get(pk=pending.pk).status == ListingStatus.DRAFT
    event = AuditEvent.objects.get(action="listing.return")
    assert event.reason == "効果の根拠を追記"


def test_return_to_draft_refuses_listings_not_in_review(admin_client, university):
    withdrawn = ListingFactory(owner=university, status=ListingStatus.WITHDRAWN)
    _action(admin_client, "return_to_draft", [withdrawn], apply="1", reason="理由")
    assert Listing.objects.get(pk=withdrawn.pk).status == ListingStatus.WITHDRAWN


def test_withdraw_action(admin_client, university):
    listing = ListingFactory(owner=university)
    _action(admin_client, "withdraw", [listing], apply="1", reason="")
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="listing.withdraw").exists()


def test_patent_right_admin_renders(admin_client, university):
    right = add_right(
        ListingFactory(owner=university), application_number="特願2020-123456"
    )
    url = reverse("admin:listings_patentright_changelist")
    response = admin_client.get(url, {"q": "JP2020123456"})
    assert response.status_code == 200
    assert "特願2020-123456" in response.content.decode()
    url = reverse("admin:listings_patentright_change", args=[right.pk])
    assert admin_client.get(url).status_code == 200


def test_ipc_admin_search_and_translate(admin_client):
    code = IPCCode.objects.create(
        code="H01M 4/38", kind="subgroup", level=7, title_en="of elements or alloys"
    )
    url = reverse("admin:listings_ipccode_changelist")
    for params in ({"q": "H01M 4"}, {"q": "alloys"}, {"kind__exact": "subgroup"}):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        assert "of elements or alloys" in response.content.decode()
    change = reverse("admin:listings_ipccode_change", args=[code.pk])
    response = admin_client.post(change, {"title_ja": "元素又は合金のもの"})
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.title_ja == "元素又は合金のもの"
    assert code.title_en == "of elements or alloys"


def test_admin_index_lists_the_listing_models(admin_client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    for name in ("listing", "patentright", "ipccode"):
        assert reverse(f"admin:listings_{name}_changelist") in body
