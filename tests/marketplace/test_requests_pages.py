"""License-request pages: form, my requests, inbox, request page, thread, stalled."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from marketplace.constants import RequestStatus
from marketplace.models import LicenseRequest, RequestAttachment, RequestMessage
from tests.factories.accounts import CompanyFactory, member_of
from tests.factories.marketplace import LicenseRequestFactory

pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db

S = RequestStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FORM = {
    "license_type": "exclusive",
    "field_of_use": "車載用二次電池",
    "territory": "日本",
    "intended_product": "EV用電池パック",
    "development_plan": "2027年試作",
    "source": "search",
    "message": "ぜひ検討させてください。",
}


def test_anonymous_is_sent_to_login(client, listing):
    url = reverse("marketplace:request_new", args=[listing.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_tlo_member_gets_403_with_message(client, listing, other_tlo_staff):
    client.force_login(other_tlo_staff)
    response = client.get(reverse("marketplace:request_new", args=[listing.pk]))
    assert response.status_code == 403
    assert "request a license" in response.content.decode().lower() or response.context
    assert "message" in response.context


def test_unverified_company_gets_a_clear_refusal(client, listing):
    org = CompanyFactory(is_verified=False)
    user = member_of(org, role="owner")
    client.force_login(user)
    response = client.post(reverse("marketplace:request_new", args=[listing.pk]), FORM)
    assert response.status_code == 403
    assert org.name_ja in response.content.decode()
    assert not LicenseRequest.objects.exists()


def test_company_requests_and_tlo_takes_it_to_closed_won(
    client,
    listing,
    company,
    company_staff,
    tlo_staff,
    django_capture_on_commit_callbacks,
):
    client.force_login(company_staff)
    url = reverse("marketplace:request_new", args=[listing.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**FORM, "submit": "1"})
    lr = LicenseRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == lr.get_absolute_url()
    assert lr.status == S.SUBMITTED and lr.organization == company

    # A second request for the same listing goes to the open one.
    assert client.get(url)["Location"] == lr.get_absolute_url()

    client.force_login(tlo_staff)
    inbox = client.get(reverse("marketplace:request_inbox"))
    assert inbox.status_code == 200 and listing.title in inbox.content.decode()
    for to in (S.TRIAGE, S.ACCEPTED, S.NDA_PENDING, S.EVALUATION, S.NEGOTIATION):
        page = client.get(lr.get_absolute_url()).content.decode()
        assert f'data-to="{to}"' in page
        client.post(reverse("marketplace:request_transition", args=[lr.pk]), {"to": to})
        lr.refresh_from_db()
        assert lr.status == to
    client.post(
        reverse("marketplace:request_transition", args=[lr.pk]),
        {"to": S.AGREEMENT_PENDING},
    )

    client.force_login(company_staff)
    page = client.get(lr.get_absolute_url()).content.decode()
    # The requester sees the TLO's moves and only their own actions.
    assert 'data-to="closed_won"' in page and 'data-to="closed_lost"' not in page
    client.post(
        reverse("marketplace:request_transition", args=[lr.pk]), {"to": S.CLOSED_WON}
    )
    lr.refresh_from_db()
    assert lr.status == S.CLOSED_WON
    listing.refresh_from_db()
    assert listing.status == "licensed_exclusive"
    mine = client.get(reverse("marketplace:request_mine")).content.decode()
    assert "req-closed_won" in mine


def test_refused_transition_shows_a_message_and_changes_nothing(
    client, license_request, tlo_staff
):
    client.force_login(tlo_staff)
    response = client.post(
        reverse("marketplace:request_transition", args=[license_request.pk]),
        {"to": S.CLOSED_WON},
        follow=True,
    )
    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    license_request.refresh_from_db()
    assert license_request.status == S.SUBMITTED


def test_only_allowed_actions_are_shown(client, license_request, tlo_staff):
    client.force_login(tlo_staff)
    page = client.get(license_request.get_absolute_url()).content.decode()
    shown = {to for to in S.values if f'data-to="{to}"' in page}
    assert shown == {S.TRIAGE, S.INFO_REQUESTED, S.ACCEPTED, S.DECLINED}


def test_thread_with_attachment_and_download(
    client, license_request, company_staff, tlo_staff
):
    client.force_login(company_staff)
    upload = SimpleUploadedFile("資料.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("marketplace:request_message", args=[license_request.pk]),
        {"body": "資料を添付します。", "files": [upload]},
    )
    attachment = RequestAttachment.objects.get()
    assert attachment.original_name == "資料.pdf"
    assert "資料" not in attachment.file.name  # stored under a random name
    client.force_login(tlo_staff)
    page = client.get(license_request.get_absolute_url()).content.decode()
    assert "資料を添付します。" in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_bad_attachment_is_refused_on_the_page(client, license_request, company_staff):
    client.force_login(company_staff)
    fake = SimpleUploadedFile(
        "x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        reverse("marketplace:request_message", args=[license_request.pk]),
        {"body": "hi", "files": [fake]},
        follow=True,
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not RequestMessage.objects.exists()


@pytest.mark.parametrize(
    "outsider", ["other_company_staff", "other_tlo_staff", "anonymous_like"]
)
def test_third_party_gets_404_and_nothing_changes(
    request, client, license_request, company_staff, outsider
):
    from marketplace import services

    message = services.request_message_post(
        request=license_request,
        by=company_staff,
        body="秘密の相談",
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    attachment = message.attachments.get()
    if outsider == "anonymous_like":
        user = member_of(CompanyFactory(), role="owner")
    else:
        user = request.getfixturevalue(outsider)
    client.force_login(user)
    before = (
        LicenseRequest.objects.values().get(pk=license_request.pk),
        RequestMessage.objects.count(),
        AuditEvent.objects.count(),
    )
    pk = license_request.pk
    assert (
        client.get(reverse("marketplace:request_detail", args=[pk])).status_code == 404
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("marketplace:request_message", args=[pk]), {"body": "spam"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("marketplace:request_transition", args=[pk]), {"to": S.WITHDRAWN}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("marketplace:request_assign", args=[pk]), {}).status_code
        == 404
    )
    mine = client.get(reverse("marketplace:request_mine")).content.decode()
    assert "秘密の相談" not in mine
    after = (
        LicenseRequest.objects.values().get(pk=license_request.pk),
        RequestMessage.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_listing_owner_does_not_see_drafts(client, listing, company, tlo_staff):
    draft = LicenseRequestFactory(listing=listing, organization=company, status=S.DRAFT)
    client.force_login(tlo_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        draft.listing.title
        not in client.get(reverse("marketplace:request_inbox")).content.decode()
    )


def test_inbox_counts_and_filters(client, listing, tlo_staff, tlo_owner):
    LicenseRequestFactory(listing=listing, status=S.SUBMITTED)
    LicenseRequestFactory(listing=listing, status=S.SUBMITTED)
    LicenseRequestFactory(listing=listing, status=S.TRIAGE, assignee=tlo_owner)
    client.force_login(tlo_staff)
    response = client.get(reverse("marketplace:request_inbox"))
    counts = {v: n for v, _label, n in response.context["status_filters"]}
    assert counts[S.SUBMITTED] == 2 and counts[S.TRIAGE] == 1
    response = client.get(reverse("marketplace:request_inbox"), {"status": S.SUBMITTED})
    assert len(response.context["page"].object_list) == 2
    response = client.get(
        reverse("marketplace:request_inbox"), {"assignee": tlo_owner.pk}
    )
    assert [lr.status for lr in response.context["page"].object_list] == [S.TRIAGE]


def test_company_user_has_no_inbox(client, company_staff):
    client.force_login(company_staff)
    assert client.get(reverse("marketplace:request_inbox")).status_code == 403


def test_stalled_view_is_for_admins(client, listing, admin_user, tlo_staff):
    old = LicenseRequestFactory(
        listing=listing,
        status=S.TRIAGE,
        last_activity_at=timezone.now() - timedelta(days=20),
    )
    fresh = LicenseRequestFactory(listing=listing, status=S.TRIAGE)
    client.force_login(tlo_staff)
    assert client.get(reverse("marketplace:request_stalled")).status_code == 403
    client.force_login(admin_user)
    response = client.get(reverse("marketplace:request_stalled"), {"days": 10})
    shown = list(response.context["page"].object_list)
    assert old in shown and fresh not in shown
    response = client.get(
        reverse("marketplace:request_stalled"), {"days": 10, "status": S.SUBMITTED}
    )
    assert list(response.context["page"].object_list) == []
