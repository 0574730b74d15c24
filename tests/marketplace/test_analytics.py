"""TLO analytics: figures, scoping, SVG charts, CSV export, impressions."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace import selectors, services
from marketplace.constants import RequestStatus
from marketplace.models import ListingImpressionDaily
from marketplace.views_requests import csv_safe
from tests.factories.listings import ListingFactory
from tests.factories.marketplace import LicenseRequestFactory

pytestmark = pytest.mark.django_db
S = RequestStatus


@pytest.fixture
def figures(university):
    now = timezone.now()
    a = ListingFactory(owner=university, title='=HYPERLINK("x")', view_count=12)
    b = ListingFactory(owner=university, title="蓄電池", view_count=3)
    for days, status in ((1, S.TRIAGE), (3, S.DECLINED), (5, S.CLOSED_WON)):
        LicenseRequestFactory(
            listing=a,
            status=status,
            submitted_at=now - timedelta(days=10),
            first_response_at=now - timedelta(days=10 - days),
            reason="not_a_fit" if status == S.DECLINED else "",
        )
    LicenseRequestFactory(listing=b, status=S.DRAFT)
    services.listing_impressions_record(listing_ids=[a.pk, b.pk])
    services.listing_impressions_record(listing_ids=[a.pk, a.pk])
    return a, b


def test_impressions_one_row_per_listing_and_day(figures):
    a, b = figures
    assert ListingImpressionDaily.objects.count() == 2
    assert ListingImpressionDaily.objects.get(listing=a).count == 2
    assert ListingImpressionDaily.objects.get(listing=b).count == 1


def test_report_figures(figures, university):
    a, b = figures
    report = selectors.analytics_report(organization=university)
    rows = {row["listing"].pk: row for row in report["rows"]}
    assert rows[a.pk]["views"] == 12 and rows[a.pk]["impressions"] == 2
    assert rows[a.pk]["requests"] == 3
    assert rows[b.pk]["requests"] == 0  # drafts are not counted
    states = {value: n for _label, value, n in report["by_state"]}
    assert states[S.TRIAGE] == 1 and states[S.DECLINED] == 1 and "draft" not in states
    assert report["median_first_response_days"] == 3.0
    assert [n for _label, n in report["decline_reasons"]] == [1]
    assert report["totals"]["proposals"] == 0


def test_match_figures_when_matching_exists(figures, university):
    from django.apps import apps

    try:
        Match = apps.get_model("matching", "Match")
    except LookupError:
        pytest.skip("matching app has no Match model")
    report = selectors.analytics_report(organization=university)
    assert report["matching_available"] is True
    assert Match.objects.count() == 0


def test_page_renders_inline_svg_for_members(client, figures, tlo_staff, university):
    client.force_login(tlo_staff)
    response = client.get(reverse("marketplace:analytics_organization"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    a, _b = figures
    listing_page = client.get(reverse("marketplace:analytics_listing", args=[a.pk]))
    assert listing_page.status_code == 200


def test_other_tlo_gets_404(client, figures, other_tlo_staff, university):
    a, _b = figures
    client.force_login(other_tlo_staff)
    url = reverse("marketplace:analytics_organization")
    assert client.get(url, {"org": university.slug}).status_code == 404
    assert (
        client.get(reverse("marketplace:analytics_listing", args=[a.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("marketplace:analytics_csv"), {"org": university.slug}
        ).status_code
        == 404
    )
    # Their own (empty) analytics work.
    assert client.get(url).context["organization"] != university


def test_admin_sees_any(client, figures, admin_user, university):
    client.force_login(admin_user)
    response = client.get(
        reverse("marketplace:analytics_organization"), {"org": university.slug}
    )
    assert response.status_code == 200


def test_company_member_has_no_analytics(client, company_staff):
    client.force_login(company_staff)
    assert client.get(reverse("marketplace:analytics_organization")).status_code == 403


def test_csv_export_is_formula_safe(client, figures, tlo_staff, university):
    client.force_login(tlo_staff)
    response = client.get(
        reverse("marketplace:analytics_csv"), {"org": university.slug}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "listing_id"
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in titles and "蓄電池" in titles


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+81", "'+81"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("電池", "電池"),
        (5, "5"),
        (None, ""),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected
