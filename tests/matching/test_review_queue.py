"""The admins' review page: who may use it, filters, approve / reject, bulk."""

import pytest
from django.core import mail

from matching.models import Match, MatchStatus
from matching.selectors import ReviewFilters, match_list_review
from tests.factories.listings import ListingFactory
from tests.factories.matching import NeedFactory

pytestmark = pytest.mark.django_db

URL = "/matching/review/"


def _match(listing, need, score, **fields):
    fields.setdefault("components", {"lexical": 0.5, "ipc": 0.0, "bm25": 3.0})
    fields.setdefault("explanation", {"shared_terms": [], "shared_ipc": []})
    return Match.objects.create(
        listing=listing, need=need, score=score, engine_version="test", **fields
    )


@pytest.fixture
def queue(university, other_university, company, other_company):
    """Proposals of two needs; one capped out of the queue, one already rejected."""
    need = NeedFactory(organization=company, title="固体電解質ニーズ")
    other_need = NeedFactory(organization=other_company, title="魚の鮮度ニーズ")
    listings = {
        name: ListingFactory(owner=owner, title=name)
        for name, owner in (
            ("Alpha electrolyte", university),
            ("Beta cathode", other_university),
            ("Gamma sensor", university),
            ("Delta capped", university),
        )
    }
    return {
        "high": _match(
            listings["Alpha electrolyte"],
            need,
            0.9,
            components={"lexical": 0.8, "ipc": 0.6, "bm25": 12.0},
            explanation={
                "shared_terms": ["固体電解質", "リチウム"],
                "shared_ipc": [
                    {
                        "code": "H01M 10/0562",
                        "level": "subgroup",
                        "title": "Solid electrolytes",
                        "title_ja": "固体電解質",
                    }
                ],
                "best_pair": {
                    "need_sentence": "硫化物の固体電解質を探している。",
                    "listing_sentence": "硫化物系固体電解質の組成を最適化する。",
                    "similarity": 0.7,
                },
            },
        ),
        "mid": _match(
            listings["Beta cathode"],
            need,
            0.7,
            components={"lexical": 0.6, "ipc": 0.1, "bm25": 8.0},
            explanation={
                "shared_terms": ["電池"],
                "shared_ipc": [{"code": "H01M", "level": "subclass", "title": ""}],
            },
        ),
        "low": _match(listings["Gamma sensor"], other_need, 0.6),
        "capped": _match(listings["Delta capped"], need, 0.95, in_queue=False),
        "rejected": _match(
            listings["Alpha electrolyte"],
            other_need,
            0.8,
            status=MatchStatus.REJECTED,
            reason="too_early",
            in_queue=False,
        ),
    }


def _statuses(queue):
    return {
        name: (m.status, m.note_to_company, m.reason)
        for name, m in ((name, Match.objects.get(pk=m.pk)) for name, m in queue.items())
    }


def _shown(filters=None):
    return {m.listing.title for m in match_list_review(filters=filters or {})}


# --- who may use it ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["company_staff", "tlo_staff", "company_owner"])
def test_non_admins_get_404_and_nothing_changes(client, request, queue, who):
    client.force_login(request.getfixturevalue(who))
    before = _statuses(queue)
    high, mid = queue["high"], queue["mid"]
    assert client.get(URL).status_code == 404
    response = client.post(f"{URL}{high.pk}/approve/", {"note_to_company": "x"})
    assert response.status_code == 404
    response = client.post(f"{URL}{high.pk}/reject/", {"reason": "too_early"})
    assert response.status_code == 404
    response = client.post(
        f"{URL}bulk/",
        {"action": "reject", "reason": "too_early", "matches": [high.pk, mid.pk]},
    )
    assert response.status_code == 404
    assert _statuses(queue) == before
    assert not mail.outbox


def test_anonymous_is_sent_to_login_and_nothing_changes(client, queue):
    before = _statuses(queue)
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(f"{URL}{queue['high'].pk}/approve/", {})
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(
        f"{URL}bulk/", {"action": "approve", "matches": [queue["high"].pk]}
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert _statuses(queue) == before


def test_admin_nav_links_to_the_review_page(client, admin_user):
    client.force_login(admin_user)
    from django.template.loader import render_to_string

    assert 'href="/matching/review/"' in render_to_string("partials/nav_admin.html")


# --- the list --------------------------------------------------------------------------


def test_admin_sees_queued_proposals_by_score_with_explanations(
    client, admin_user, queue
):
    client.force_login(admin_user)
    page = client.get(URL).content.decode()
    positions = [
        page.index(title)
        for title in ("Alpha electrolyte", "Beta cathode", "Gamma sensor")
    ]
    assert positions == sorted(positions)
    assert "Delta capped" not in page  # capped: stored but not in the queue
    assert "魚の鮮度ニーズ" in page  # the need of the "low" proposal
    assert "H01M 10/0562" in page and "固体電解質" in page
    assert "硫化物系固体電解質の組成を最適化する。" in page
    assert "lexical" in page and "0.8" in page


def test_review_page_paginates_by_25(client, admin_user, university, company):
    need = NeedFactory(organization=company)
    for i in range(27):
        _match(
            ListingFactory(owner=university, title=f"Item {i:02d}"), need, 1 - i / 100
        )
    client.force_login(admin_user)
    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()
    assert "Item 24" in first and "Item 25" not in first
    assert "Item 25" in second and "Item 26" in second and "Item 00" not in second
    assert 'rel="next"' in first


def test_min_score_filter(client, admin_user, queue):
    assert _shown({"min_score": 0.65}) == {"Alpha electrolyte", "Beta cathode"}
    client.force_login(admin_user)
    page = client.get(URL, {"min_score": "0.65"}).content.decode()
    assert "Beta cathode" in page and "Gamma sensor" not in page


def test_status_filter(client, admin_user, queue):
    assert _shown({"status": "rejected"}) == {"Alpha electrolyte"}
    assert [m.pk for m in match_list_review(filters={"status": "rejected"})] == [
        queue["rejected"].pk
    ]
    # every status: the capped proposal and the rejected one are listed too
    assert len(match_list_review(filters={"status": ""})) == 5
    client.force_login(admin_user)
    page = client.get(URL, {"status": "rejected"}).content.decode()
    assert "Alpha electrolyte" in page and "Beta cathode" not in page


def test_organisation_filter_matches_need_company_or_listing_owner(
    client, admin_user, queue, other_company, other_university
):
    assert _shown({"organization": other_company.slug}) == {"Gamma sensor"}
    assert _shown({"organization": other_university.slug}) == {"Beta cathode"}
    assert _shown({"organization": "no-such-org"}) == set()
    client.force_login(admin_user)
    page = client.get(URL, {"organization": other_company.slug}).content.decode()
    assert "Gamma sensor" in page and "Alpha electrolyte" not in page


def test_ipc_level_filter_keeps_that_level_or_deeper(client, admin_user, queue):
    assert _shown({"ipc_level": "subgroup"}) == {"Alpha electrolyte"}
    assert _shown({"ipc_level": "main_group"}) == {"Alpha electrolyte"}
    assert _shown({"ipc_level": "subclass"}) == {"Alpha electrolyte", "Beta cathode"}
    assert _shown({"ipc_level": "section"}) == {"Alpha electrolyte", "Beta cathode"}
    client.force_login(admin_user)
    page = client.get(URL, {"ipc_level": "subgroup"}).content.decode()
    assert "Alpha electrolyte" in page and "Beta cathode" not in page


def test_component_filter(client, admin_user, queue):
    filters = ReviewFilters(component="ipc", min_component=0.3)
    assert _shown(filters) == {"Alpha electrolyte"}
    assert _shown({"component": "ipc", "min_component": 0.05}) == {
        "Alpha electrolyte",
        "Beta cathode",
    }
    assert _shown({"component": "bm25", "min_component": 5}) == {
        "Alpha electrolyte",
        "Beta cathode",
    }
    client.force_login(admin_user)
    page = client.get(URL, {"component": "ipc", "min_component": "0.3"})
    assert "Beta cathode" not in page.content.decode()
    assert "Alpha electrolyte" in page.content.decode()


def test_invalid_filters_fall_back_to_the_queue(client, admin_user, queue):
    client.force_login(admin_user)
    response = client.get(URL, {"min_score": "lots", "component": "nonsense"})
    assert response.status_code == 200
    assert "Gamma sensor" in response.content.decode()


# --- single decisions ------------------------------------------------------------------


def test_approve_with_an_edited_note_notifies_the_company(
    client, admin_user, queue, company_staff, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    high = queue["high"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}{high.pk}/approve/",
            {
                "note_to_company": "  量産実績のある技術です。  ",
                "return_query": "min_score=0.5",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/matching/review/?min_score=0.5"
    high.refresh_from_db()
    assert high.status == MatchStatus.SENT
    assert high.note_to_company == "量産実績のある技術です。"
    assert high.decided_by == admin_user
    assert [m.to for m in mail.outbox] == [[company_staff.email]]
    assert "量産実績のある技術です。" in mail.outbox[0].body
    # the other proposals are untouched
    assert Match.objects.get(pk=queue["mid"].pk).status == MatchStatus.PROPOSED


def test_reject_requires_a_reason_from_the_list(client, admin_user, queue):
    client.force_login(admin_user)
    mid = queue["mid"]
    for data in ({}, {"reason": "bogus"}, {"reason": ""}):
        response = client.post(f"{URL}{mid.pk}/reject/", data, follow=True)
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        mid.refresh_from_db()
        assert mid.status == MatchStatus.PROPOSED and mid.reason == ""
    client.post(
        f"{URL}{mid.pk}/reject/", {"reason": "not_strategic_fit", "note": "分野違い"}
    )
    mid.refresh_from_db()
    assert mid.status == MatchStatus.REJECTED
    assert (mid.reason, mid.note) == ("not_strategic_fit", "分野違い")
    assert not mail.outbox


def test_approving_a_rejected_match_shows_an_error_and_changes_nothing(
    client, admin_user, queue
):
    client.force_login(admin_user)
    rejected = queue["rejected"]
    response = client.post(
        f"{URL}{rejected.pk}/approve/", {"note_to_company": "x"}, follow=True
    )
    assert response.status_code == 200
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0][0] == "error" and str(rejected) in messages[0][1]
    rejected.refresh_from_db()
    assert rejected.status == MatchStatus.REJECTED
    assert rejected.note_to_company == "" and rejected.decided_by is None
    assert not mail.outbox


def test_unknown_single_action_is_404(client, admin_user, queue):
    client.force_login(admin_user)
    assert client.post(f"{URL}{queue['high'].pk}/delete/").status_code == 404
    assert client.get(f"{URL}{queue['high'].pk}/approve/").status_code == 405
    assert Match.objects.get(pk=queue["high"].pk).status == MatchStatus.PROPOSED


# --- bulk ------------------------------------------------------------------------------


def test_bulk_approve(
    client, admin_user, queue, company_staff, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    ids = [queue["high"].pk, queue["mid"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{URL}bulk/", {"action": "approve", "matches": ids}, follow=True
        )
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert len(messages) == 1 and messages[0][0] == "success"
    assert "2" in messages[0][1]
    assert set(Match.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        MatchStatus.SENT
    }
    assert len(mail.outbox) == 2
    assert Match.objects.get(pk=queue["low"].pk).status == MatchStatus.PROPOSED


def test_bulk_reject_with_one_reason(client, admin_user, queue):
    client.force_login(admin_user)
    ids = [queue["mid"].pk, queue["low"].pk]
    client.post(
        f"{URL}bulk/", {"action": "reject", "reason": "too_early", "matches": ids}
    )
    rows = Match.objects.filter(pk__in=ids).values_list("status", "reason")
    assert set(rows) == {(MatchStatus.REJECTED, "too_early")}
    assert Match.objects.get(pk=queue["high"].pk).status == MatchStatus.PROPOSED


def test_bulk_reject_without_a_reason_changes_nothing(client, admin_user, queue):
    client.force_login(admin_user)
    before = _statuses(queue)
    ids = [queue["mid"].pk, queue["low"].pk]
    for reason in ("", "bogus"):
        response = client.post(
            f"{URL}bulk/",
            {"action": "reject", "reason": reason, "matches": ids},
            follow=True,
        )
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _statuses(queue) == before


def test_bulk_reports_failures_and_decides_the_rest(client, admin_user, queue):
    client.force_login(admin_user)
    ids = [queue["mid"].pk, queue["rejected"].pk]
    response = client.post(
        f"{URL}bulk/", {"action": "approve", "matches": ids}, follow=True
    )
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [level for level, _ in messages] == ["success", "error"]
    assert "1" in messages[0][1]
    assert str(queue["rejected"]) in messages[1][1]
    assert Match.objects.get(pk=queue["mid"].pk).status == MatchStatus.SENT
    assert Match.objects.get(pk=queue["rejected"].pk).status == MatchStatus.REJECTED


def test_bulk_without_selection_shows_an_error(client, admin_user, queue):
    client.force_login(admin_user)
    before = _statuses(queue)
    response = client.post(f"{URL}bulk/", {"action": "approve"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert _statuses(queue) == before
