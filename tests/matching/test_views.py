"""Company pages: needs and recommended matches; other companies get 404."""

import pytest

from matching.models import Match, MatchStatus, Need
from matching.selectors import listing_index_clear
from matching.services import match_approve, match_run_full

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_match(listings, need, admin_user):
    listing_index_clear()
    match_run_full()
    match = Match.objects.filter(need=need).order_by("-score").first()
    return match_approve(match=match, by=admin_user, note_to_company="ぜひ")


def test_company_creates_a_need_from_the_form(client, company_staff, company):
    client.force_login(company_staff)
    assert client.get("/matching/needs/new/").status_code == 200
    response = client.post(
        "/matching/needs/new/",
        {
            "title": "魚の鮮度を測りたい",
            "problem": "市場で魚の鮮度を非破壊で判定したい。",
            "desired_fields": "食品, センサ",
            "ipc_codes": "G01N 33/12",
            "license_types": ["non_exclusive"],
            "budget_band": "undecided",
            "timeline": "within_1y",
            "visibility": "private",
        },
    )
    need = Need.objects.get(organization=company)
    assert response.status_code == 302
    assert need.desired_fields == ["食品", "センサ"]
    assert need.ipc_codes == ["G01N 33/12"]
    page = client.get("/matching/needs/")
    assert "魚の鮮度を測りたい" in page.content.decode()


def test_bad_ipc_shows_an_error_and_saves_nothing(client, company_staff):
    client.force_login(company_staff)
    response = client.post(
        "/matching/needs/new/",
        {
            "title": "x",
            "ipc_codes": "nonsense",
            "budget_band": "undecided",
            "timeline": "undecided",
            "visibility": "private",
        },
    )
    assert response.status_code == 200
    assert not Need.objects.exists()


def test_other_company_gets_404_on_need_pages(client, need, other_company_staff):
    client.force_login(other_company_staff)
    assert client.get(f"/matching/needs/{need.pk}/").status_code == 404
    assert client.post(f"/matching/needs/{need.pk}/close/").status_code == 404
    assert client.post(f"/matching/needs/{need.pk}/", {"title": "x"}).status_code == 404
    need.refresh_from_db()
    assert need.status == "active"
    assert "全固体電池" not in client.get("/matching/needs/").content.decode()


def test_company_sees_the_match_with_its_explanation_and_answers(
    client, company_staff, sent_match
):
    client.force_login(company_staff)
    assert sent_match.listing.title in client.get("/matching/matches/").content.decode()
    page = client.get(f"/matching/matches/{sent_match.pk}/").content.decode()
    assert sent_match.explanation["shared_terms"][0] in page
    assert "ぜひ" in page
    sent_match.refresh_from_db()
    assert sent_match.status == MatchStatus.VIEWED
    client.post(
        f"/matching/matches/{sent_match.pk}/respond/not-interested/",
        {"reason": "price_terms", "note": "高い"},
    )
    sent_match.refresh_from_db()
    assert sent_match.status == MatchStatus.NOT_INTERESTED
    assert sent_match.reason == "price_terms"


def test_other_company_gets_404_on_match_pages(client, other_company_staff, sent_match):
    client.force_login(other_company_staff)
    assert client.get(f"/matching/matches/{sent_match.pk}/").status_code == 404
    response = client.post(f"/matching/matches/{sent_match.pk}/respond/interested/")
    assert response.status_code == 404
    sent_match.refresh_from_db()
    assert sent_match.status == MatchStatus.SENT


def test_company_closes_its_need(client, company_staff, need):
    client.force_login(company_staff)
    client.post(f"/matching/needs/{need.pk}/close/")
    need.refresh_from_db()
    assert need.status == "closed"
