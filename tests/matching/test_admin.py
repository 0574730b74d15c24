"""The admin's match list and its approve / reject actions (through the services)."""

import pytest

from matching.models import Match, MatchStatus
from matching.selectors import listing_index_clear
from matching.services import match_run_full

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(listings, need):
    listing_index_clear()
    match_run_full()
    return list(Match.objects.order_by("-score"))


def test_admin_lists_and_shows_explanations(client, admin_user, proposals):
    client.force_login(admin_user)
    response = client.get("/admin/matching/match/?status__exact=proposed")
    assert response.status_code == 200
    response = client.get(f"/admin/matching/match/{proposals[0].pk}/change/")
    assert response.status_code == 200
    assert proposals[0].explanation["shared_terms"][0] in response.content.decode()
    assert client.get("/admin/matching/need/").status_code == 200
    assert client.get("/admin/matching/matchrun/").status_code == 200


def test_admin_actions_approve_and_reject(client, admin_user, proposals):
    client.force_login(admin_user)
    first, second = proposals[0], proposals[1]
    client.post(
        "/admin/matching/match/",
        {"action": "approve_selected", "_selected_action": [first.pk]},
    )
    client.post(
        "/admin/matching/match/",
        {"action": "reject_too_early", "_selected_action": [second.pk]},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MatchStatus.SENT
    assert second.status == MatchStatus.REJECTED and second.reason == "too_early"


def test_non_admin_cannot_open_the_match_admin(client, company_staff, proposals):
    client.force_login(company_staff)
    response = client.get("/admin/matching/match/")
    assert response.status_code in (302, 403)
