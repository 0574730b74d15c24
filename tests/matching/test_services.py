"""Needs and match decisions: the state machine, permissions, notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.models import AuditEvent, Notification
from matching.models import Match, MatchStatus, Need
from matching.selectors import (
    listing_index_clear,
    match_get_visible,
    match_list_review_queue,
    need_get_visible,
)
from matching.services import (
    match_approve,
    match_mark_interested,
    match_mark_not_interested,
    match_mark_viewed,
    match_reject,
    match_run_full,
    need_create,
    need_pause,
    need_update,
)
from tests.factories.accounts import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(listings, need):
    listing_index_clear()
    match_run_full()
    return Match.objects.filter(need=need).order_by("-score").first()


def test_need_create_normalises_ipc_and_records_audit(company, company_staff):
    need = need_create(
        organization=company,
        by=company_staff,
        data={"title": "電池", "license_types": ["non_exclusive"]},
        ipc_codes=["h01m4/38", "H01M 4/38"],
    )
    assert need.ipc_codes == ["H01M 4/38"]
    assert need.status == "active"
    assert AuditEvent.objects.filter(
        action="need.create", target_id=str(need.pk)
    ).exists()


def test_need_create_rejects_bad_input_and_writes_nothing(company, company_staff):
    with pytest.raises(ValidationError):
        need_create(organization=company, by=company_staff, data={"title": ""})
    with pytest.raises(ValidationError):
        need_create(
            organization=company,
            by=company_staff,
            data={"title": "x"},
            ipc_codes=["not-ipc"],
        )
    with pytest.raises(ValidationError):
        need_create(
            organization=company,
            by=company_staff,
            data={"title": "x", "license_types": ["free_beer"]},
        )
    assert not Need.objects.exists()


def test_other_company_cannot_create_edit_or_see_a_need(
    need, other_company_staff, company
):
    with pytest.raises(PermissionDenied):
        need_create(organization=company, by=other_company_staff, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        need_update(need=need, by=other_company_staff, data={"title": "hijacked"})
    with pytest.raises(PermissionDenied):
        need_pause(need=need, by=other_company_staff)
    with pytest.raises(Http404):
        need_get_visible(user=other_company_staff, pk=need.pk)
    need.refresh_from_db()
    assert need.title != "hijacked" and need.status == "active"


def test_only_admins_approve_or_reject(proposal, company_staff, tlo_staff):
    for user in (company_staff, tlo_staff):
        with pytest.raises(PermissionDenied):
            match_approve(match=proposal, by=user)
        with pytest.raises(PermissionDenied):
            match_reject(match=proposal, by=user, reason="other")
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.PROPOSED


def test_company_does_not_see_a_proposal_before_approval(proposal, company_staff):
    with pytest.raises(Http404):
        match_get_visible(user=company_staff, pk=proposal.pk)


def test_approval_sends_to_the_company_in_app_and_by_email(
    proposal,
    admin_user,
    company_staff,
    company_owner,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        match = match_approve(match=proposal, by=admin_user, note_to_company="ご検討を")
    assert match.status == MatchStatus.SENT
    assert match.decided_by == admin_user
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {company_staff.pk, company_owner.pk}
    assert {m.to[0] for m in mail.outbox} == {company_staff.email, company_owner.email}
    assert match_get_visible(user=company_staff, pk=match.pk) == match
    actions = list(
        AuditEvent.objects.filter(target_id=str(match.pk)).values_list(
            "action", flat=True
        )
    )
    assert "match.approve" in actions and "match.send" in actions


def test_company_answers_an_approved_match(proposal, admin_user, company_staff):
    match_approve(match=proposal, by=admin_user)
    match = match_mark_viewed(match=proposal, by=company_staff)
    assert match.status == MatchStatus.VIEWED
    match = match_mark_interested(match=match, by=company_staff)
    assert match.status == MatchStatus.INTERESTED
    assert match.responded_by == company_staff
    with pytest.raises(ValidationError):
        match_mark_not_interested(match=match, by=company_staff, reason="too_early")


def test_interest_opens_a_draft_license_request_once(
    proposal, admin_user, company_staff
):
    from marketplace.models import LicenseRequest

    match_approve(match=proposal, by=admin_user)
    match_mark_interested(match=proposal, by=company_staff)
    draft = LicenseRequest.objects.get()
    assert draft.status == "draft"
    assert (draft.listing, draft.organization) == (
        proposal.listing,
        proposal.need.organization,
    )
    assert (draft.source, draft.source_match_id) == ("match", proposal.pk)
    assert draft.created_by == company_staff


def test_not_interested_needs_a_reason_from_the_list(
    proposal, admin_user, company_staff
):
    match_approve(match=proposal, by=admin_user)
    with pytest.raises(ValidationError):
        match_mark_not_interested(match=proposal, by=company_staff, reason="meh")
    match = match_mark_not_interested(
        match=proposal, by=company_staff, reason="price_terms", note="高い"
    )
    assert match.status == MatchStatus.NOT_INTERESTED
    assert match.reason == "price_terms"


def test_other_company_gets_404_and_nothing_changes(
    proposal, admin_user, other_company_staff
):
    match_approve(match=proposal, by=admin_user)
    with pytest.raises(Http404):
        match_get_visible(user=other_company_staff, pk=proposal.pk)
    with pytest.raises(Http404):
        match_mark_interested(match=proposal, by=other_company_staff)
    with pytest.raises(Http404):
        match_mark_not_interested(
            match=proposal, by=other_company_staff, reason="other"
        )
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.SENT
    assert proposal.responded_by is None


def test_viewer_of_the_company_sees_but_may_not_answer(proposal, admin_user, company):
    viewer = member_of(company, role="viewer")
    match_approve(match=proposal, by=admin_user)
    assert match_get_visible(user=viewer, pk=proposal.pk)
    with pytest.raises(PermissionDenied):
        match_mark_interested(match=proposal, by=viewer)
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.SENT


def test_state_machine_refuses_to_skip_steps(proposal, admin_user, company_staff):
    with pytest.raises(Http404):
        match_mark_interested(match=proposal, by=company_staff)  # not yet approved
    match_reject(match=proposal, by=admin_user, reason="benefit_unclear")
    with pytest.raises(ValidationError):
        match_approve(match=proposal, by=admin_user)
    with pytest.raises(ValidationError):
        match_reject(match=proposal, by=admin_user, reason="nonsense")


def test_review_queue_is_sorted_by_score_and_hides_decided(proposal, admin_user):
    queue = list(match_list_review_queue(min_score=0))
    assert [m.score for m in queue] == sorted((m.score for m in queue), reverse=True)
    match_reject(match=proposal, by=admin_user, reason="other")
    assert proposal not in list(match_list_review_queue(min_score=0))
