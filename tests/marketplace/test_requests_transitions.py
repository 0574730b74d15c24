"""The LicenseRequest state machine: every (from, to, role) allowed or refused."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import AuditEvent, Notification
from listings.constants import ListingStatus
from marketplace import services
from marketplace.constants import REASONS_FOR, TRANSITIONS, RequestStatus, Role
from marketplace.models import LicenseRequest
from tests.factories.accounts import CompanyFactory, member_of
from tests.factories.listings import ListingFactory
from tests.factories.marketplace import LicenseRequestFactory


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytest_plugins = ["tests.marketplace.requests_fixtures"]

pytestmark = pytest.mark.django_db

S = RequestStatus
OPEN = [
    S.DRAFT,
    S.SUBMITTED,
    S.TRIAGE,
    S.INFO_REQUESTED,
    S.ACCEPTED,
    S.NDA_PENDING,
    S.EVALUATION,
    S.NEGOTIATION,
    S.AGREEMENT_PENDING,
]
SUBMITTED_OPEN = OPEN[1:]

# Written out by hand from DESIGN.md and the issue, independent of constants.py.
EXPECTED = {
    "requester": {
        (S.DRAFT, S.SUBMITTED),
        (S.INFO_REQUESTED, S.TRIAGE),
        (S.AGREEMENT_PENDING, S.CLOSED_WON),
        *{(s, S.WITHDRAWN) for s in OPEN},
    },
    "tlo": {
        (S.SUBMITTED, S.TRIAGE),
        (S.SUBMITTED, S.INFO_REQUESTED),
        (S.TRIAGE, S.INFO_REQUESTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.TRIAGE, S.ACCEPTED),
        (S.SUBMITTED, S.DECLINED),
        (S.TRIAGE, S.DECLINED),
        (S.INFO_REQUESTED, S.DECLINED),
        (S.ACCEPTED, S.NDA_PENDING),
        (S.ACCEPTED, S.EVALUATION),
        (S.NDA_PENDING, S.EVALUATION),
        (S.EVALUATION, S.NEGOTIATION),
        (S.NEGOTIATION, S.AGREEMENT_PENDING),
        (S.AGREEMENT_PENDING, S.CLOSED_WON),
        *{
            (s, S.CLOSED_LOST)
            for s in (
                S.ACCEPTED,
                S.NDA_PENDING,
                S.EVALUATION,
                S.NEGOTIATION,
                S.AGREEMENT_PENDING,
            )
        },
    },
    "admin": {
        *{(s, S.CLOSED_LOST) for s in SUBMITTED_OPEN},
        *{(s, S.EXPIRED) for s in SUBMITTED_OPEN},
    },
    "other_tlo": set(),
    "other_company": set(),
}


@pytest.fixture
def actors(company_staff, tlo_staff, other_tlo_staff, other_company_staff, admin_user):
    return {
        "requester": company_staff,
        "tlo": tlo_staff,
        "other_tlo": other_tlo_staff,
        "other_company": other_company_staff,
        "admin": admin_user,
    }


def test_table_in_constants_matches_the_design():
    for role, key in (
        (Role.REQUESTER, "requester"),
        (Role.TLO, "tlo"),
        (Role.ADMIN, "admin"),
    ):
        table = {pair for pair, roles in TRANSITIONS.items() if role in roles}
        assert table == EXPECTED[key], role


def _reason_for(to):
    return REASONS_FOR[to][0] if to in REASONS_FOR else ""


def _snapshot(request):
    request.refresh_from_db()
    return (
        request.status,
        request.status_changed_at,
        request.reason,
        request.closed_at,
    )


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_transition_allowed_or_refused_per_role(role, actors, listing, company):
    user = actors[role]
    for frm in S.values:
        request = LicenseRequestFactory(
            listing=listing,
            organization=company,
            created_by=actors["requester"],
            status=frm,
        )
        for to in S.values:
            if to == frm:
                continue
            before = _snapshot(request)
            events_before = AuditEvent.objects.count()
            if (frm, to) in EXPECTED[role]:
                done = services.license_request_transition(
                    request=request, by=user, to=to, reason=_reason_for(to), note="n"
                )
                assert done.status == to
                event = AuditEvent.objects.get(
                    action=f"license_request.{to}", target_id=str(request.pk)
                )
                assert (event.actor, event.from_state, event.to_state) == (
                    user,
                    frm,
                    to,
                )
                assert event.reason == _reason_for(to)
                # Reset for the next target.
                event.delete()
                LicenseRequest.objects.filter(pk=request.pk).update(
                    status=frm, reason="", closed_at=None
                )
            else:
                with pytest.raises(services.InvalidTransition):
                    services.license_request_transition(
                        request=request, by=user, to=to, reason=_reason_for(to)
                    )
                assert _snapshot(request) == before, (role, frm, to)
                assert AuditEvent.objects.count() == events_before
        request.delete()


def test_unknown_target_is_refused(license_request, tlo_staff):
    with pytest.raises(services.InvalidTransition):
        services.license_request_transition(
            request=license_request, by=tlo_staff, to="teleported"
        )


@pytest.mark.parametrize("to", [S.DECLINED, S.CLOSED_LOST])
def test_reason_is_required_where_the_target_needs_one(
    to, license_request, tlo_staff, admin_user
):
    start = S.TRIAGE if to == S.DECLINED else S.NEGOTIATION
    LicenseRequest.objects.filter(pk=license_request.pk).update(status=start)
    for reason in ("", "made_up"):
        with pytest.raises(ValidationError):
            services.license_request_transition(
                request=license_request, by=tlo_staff, to=to, reason=reason
            )
    # "other" needs an explanation.
    with pytest.raises(ValidationError):
        services.license_request_transition(
            request=license_request, by=tlo_staff, to=to, reason="other"
        )
    license_request.refresh_from_db()
    assert license_request.status == start
    done = services.license_request_transition(
        request=license_request, by=tlo_staff, to=to, reason="other", note="予算凍結"
    )
    assert (done.reason, done.reason_note) == ("other", "予算凍結")


def test_transition_notifies_other_side_in_their_language(
    license_request, company_staff, tlo_staff, django_capture_on_commit_callbacks
):
    company_staff.preferred_language = "en"
    company_staff.save()
    tlo_staff.preferred_language = "ja"
    tlo_staff.save()

    # TLO acts: the requester hears, in English.
    with django_capture_on_commit_callbacks(execute=True):
        services.license_request_transition(
            request=license_request, by=tlo_staff, to=S.TRIAGE
        )
    assert [m.to for m in mail.outbox] == [[company_staff.email]]
    assert mail.outbox[0].subject.startswith(f"[License request #{license_request.pk}]")
    assert "is now:" in mail.outbox[0].body
    assert Notification.objects.filter(
        recipient=company_staff, verb="license_request.transition"
    ).exists()

    # TLO asks for information, the requester answers by withdrawing: TLO hears in Japanese.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.license_request_transition(
            request=license_request, by=company_staff, to=S.WITHDRAWN
        )
    assert [m.to for m in mail.outbox] == [[tlo_staff.email]]
    assert mail.outbox[0].subject.startswith(
        f"【ライセンス申込 #{license_request.pk}】"
    )
    assert "状態が" in mail.outbox[0].body
    assert (
        not Notification.objects.filter(
            recipient=company_staff, verb="license_request.transition"
        )
        .exclude(created_at__lt=license_request.created_at)
        .count()
        > 1
    )


def test_rolled_back_transition_sends_nothing(
    license_request, tlo_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            services.license_request_transition(
                request=license_request, by=tlo_staff, to=S.DECLINED, reason=""
            )
    assert mail.outbox == []


def test_first_response_time_is_recorded_on_the_tlo_first_move(
    license_request, tlo_staff, company_staff
):
    assert license_request.first_response_at is None
    services.license_request_transition(
        request=license_request, by=tlo_staff, to=S.TRIAGE
    )
    license_request.refresh_from_db()
    first = license_request.first_response_at
    assert first is not None
    services.license_request_transition(
        request=license_request, by=tlo_staff, to=S.ACCEPTED
    )
    license_request.refresh_from_db()
    assert license_request.first_response_at == first


# --- creation ----------------------------------------------------------------------

DATA = {
    "license_type": "non_exclusive",
    "field_of_use": "車載用二次電池",
    "territory": "日本",
    "intended_product": "EV用電池パック",
}


def test_create_then_submit(listing, company, company_staff, tlo_staff):
    request = services.license_request_create(
        listing=listing, by=company_staff, organization=company, data=DATA
    )
    assert request.status == S.DRAFT and request.created_by == company_staff
    services.license_request_submit(request=request, by=company_staff)
    request.refresh_from_db()
    assert request.status == S.SUBMITTED and request.submitted_at is not None


def test_unverified_company_gets_a_clear_refusal(listing):
    org = CompanyFactory(is_verified=False)
    user = member_of(org, role="owner")
    with pytest.raises(PermissionDenied, match="not verified"):
        services.license_request_create(
            listing=listing, by=user, organization=org, data=DATA
        )
    assert not LicenseRequest.objects.exists()


def test_university_cannot_request(listing, other_university, other_tlo_staff):
    with pytest.raises(PermissionDenied):
        services.license_request_create(
            listing=listing,
            by=other_tlo_staff,
            organization=other_university,
            data=DATA,
        )


def test_only_published_listings(university, company, company_staff):
    draft = ListingFactory(owner=university, status=ListingStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.license_request_create(
            listing=draft, by=company_staff, organization=company, data=DATA
        )


def test_one_open_request_per_listing_and_org(listing, company, company_staff):
    first = services.license_request_create(
        listing=listing, by=company_staff, organization=company, data=DATA
    )
    with pytest.raises(ValidationError, match="already"):
        services.license_request_create(
            listing=listing, by=company_staff, organization=company, data=DATA
        )
    services.license_request_transition(request=first, by=company_staff, to=S.WITHDRAWN)
    again = services.license_request_create(
        listing=listing, by=company_staff, organization=company, data=DATA
    )
    assert again.pk != first.pk


def test_other_company_member_cannot_create_for_company(
    listing, company, other_company_staff
):
    with pytest.raises(PermissionDenied):
        services.license_request_create(
            listing=listing, by=other_company_staff, organization=company, data=DATA
        )


def test_admin_reassigns_to_listing_owner_staff_only(
    license_request, admin_user, tlo_owner, other_tlo_staff
):
    services.license_request_reassign(
        request=license_request, by=admin_user, assignee=tlo_owner
    )
    license_request.refresh_from_db()
    assert license_request.assignee == tlo_owner
    with pytest.raises(ValidationError):
        services.license_request_reassign(
            request=license_request, by=admin_user, assignee=other_tlo_staff
        )
    with pytest.raises(PermissionDenied):
        services.license_request_reassign(
            request=license_request, by=other_tlo_staff, assignee=other_tlo_staff
        )
    license_request.refresh_from_db()
    assert license_request.assignee == tlo_owner
    assert AuditEvent.objects.filter(action="license_request.reassign").count() == 1


def test_draft_from_a_match_may_be_incomplete_but_cannot_be_submitted(
    listing, company, company_staff
):
    draft = services.license_request_create(
        listing=listing,
        by=company_staff,
        organization=company,
        data={"license_type": "option", "source": "match", "source_match_id": 42},
    )
    assert draft.source_match_id == 42
    with pytest.raises(ValidationError) as excinfo:
        services.license_request_submit(request=draft, by=company_staff)
    assert set(excinfo.value.message_dict) == {"field_of_use", "intended_product"}
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    services.license_request_update(
        request=draft,
        by=company_staff,
        data={"field_of_use": "農業機械", "intended_product": "自動収穫機"},
    )
    services.license_request_submit(request=draft, by=company_staff)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
