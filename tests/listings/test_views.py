"""The listing pages: own listings, form, preview, actions, public list and detail."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.constants import Role
from listings.constants import ListingStatus
from listings.models import IPCCode, Listing
from tests.factories.accounts import UniversityFactory, member_of
from tests.factories.listings import ListingFactory, add_ipc, add_right

pytestmark = pytest.mark.django_db


def ja(msgid: str) -> str:
    """The text as a page in the default language (Japanese) shows it."""
    with translation.override("ja"):
        return translation.gettext(msgid)


def form_data(**overrides):
    data = {
        "title": "新しい全固体電池材料",
        "language": "ja",
        "summary": "高いイオン伝導度の固体電解質",
        "overview": "硫化物系固体電解質の組成を最適化した。",
        "implementation_record": "unknown",
        "licensing_record": "unknown",
        "offers_license": "on",
        "license_types": ["non_exclusive", "option"],
        "desired_terms": "応相談",
        "disclosure_tier": "public",
        "source": "manual",
        "ipc_codes": "H01M 10/0562, H01M4/38",
        "claims": "請求項1\n請求項2",
        "rights-TOTAL_FORMS": "2",
        "rights-INITIAL_FORMS": "0",
        "rights-MIN_NUM_FORMS": "0",
        "rights-MAX_NUM_FORMS": "50",
        "rights-0-application_number": "特願2019-123456",
        "rights-0-status": "pending",
        "rights-0-applicants": "テスト大学",
        # an untouched empty row, as the browser sends it
        "rights-1-status": "pending",
    }
    data.update(overrides)
    return data


def snapshot(listing):
    listing.refresh_from_db()
    return (
        listing.status,
        listing.title,
        listing.updated_at,
        listing.licensing_record,
        list(listing.ipc_entries.values_list("code", flat=True)),
        list(listing.rights.values_list("application_number", flat=True)),
    )


@pytest.fixture
def tlo_viewer(university):
    return member_of(university, role=Role.VIEWER)


@pytest.fixture
def draft(university):
    listing = ListingFactory(
        owner=university, status=ListingStatus.DRAFT, published_at=None
    )
    add_ipc(listing, "H01M 10/0562")
    add_right(listing, application_number="特願2019-123456")
    return listing


# --- create and edit ---------------------------------------------------------------


def test_create_saves_a_draft_through_the_service(client, tlo_staff, university):
    client.force_login(tlo_staff)
    response = client.post(reverse("listings:new"), form_data())
    listing = Listing.objects.get(title="新しい全固体電池材料")
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:preview", args=[listing.pk])
    assert listing.owner == university
    assert listing.status == ListingStatus.DRAFT
    assert listing.created_by == tlo_staff
    assert listing.ipc_codes == ["H01M 10/0562", "H01M 4/38"]
    assert listing.license_types == ["non_exclusive", "option"]
    assert listing.claims == ["請求項1", "請求項2"]
    (right,) = listing.rights.all()
    assert right.application_number_norm == "JP2019123456"
    assert right.applicants == "テスト大学"


def test_create_shows_service_errors_beside_fields_and_keeps_input(client, tlo_staff):
    client.force_login(tlo_staff)
    response = client.post(
        reverse("listings:new"),
        form_data(ipc_codes="H01M 10/0562, NOTACODE", contact_note="連絡メモ保持"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Listing.objects.exists()
    assert 'class="error-summary"' in html
    # The message is beside the IPC field, and the typed input is still there.
    field = re.search(
        r'<div class="field field-invalid[^"]*">(.*?)</div>\s*</div>', html, re.S
    )
    assert field and 'name="ipc_codes"' in field.group(1)
    assert "NOTACODE" in field.group(1)
    assert 'value="新しい全固体電池材料"' in html
    assert "連絡メモ保持" in html
    assert 'value="特願2019-123456"' in html


def test_create_shows_a_bad_patent_number_on_its_row(client, tlo_staff):
    client.force_login(tlo_staff)
    response = client.post(
        reverse("listings:new"),
        form_data(**{"rights-0-application_number": "not a number"}),
    )
    assert response.status_code == 200
    assert not Listing.objects.exists()
    formset = response.context["formset"]
    assert formset.forms[0].errors["application_number"]
    assert 'value="not a number"' in response.content.decode()


def test_viewer_cannot_open_the_new_listing_form(client, tlo_viewer):
    client.force_login(tlo_viewer)
    assert client.get(reverse("listings:new")).status_code == 403
    assert client.post(reverse("listings:new"), form_data()).status_code == 403
    assert not Listing.objects.exists()


def test_edit_page_shows_saved_values_and_ipc_titles(client, tlo_staff, draft):
    IPCCode.objects.create(
        code="H01M 10/0562",
        kind="subgroup",
        level=5,
        parent_id="H01M 10/05",
        title_ja="固体電解質",
    )
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:edit", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="H01M 10/0562"' in html
    assert "固体電解質" in html
    assert 'value="特願2019-123456"' in html


def test_edit_saves_changes_and_keeps_untouched_rights(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    response = client.post(
        reverse("listings:edit", args=[draft.pk]),
        form_data(
            title="改良版",
            ipc_codes="H01M 10/0562",
            **{
                "rights-TOTAL_FORMS": "2",
                "rights-INITIAL_FORMS": "1",
            },
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改良版"
    assert list(draft.rights.values_list("application_number", flat=True)) == [
        "特願2019-123456"
    ]


def test_edit_can_delete_a_right(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    client.post(
        reverse("listings:edit", args=[draft.pk]),
        form_data(**{"rights-INITIAL_FORMS": "1", "rights-0-DELETE": "on"}),
    )
    assert draft.rights.count() == 0


def test_edit_error_from_the_service_changes_nothing(client, tlo_staff, draft):
    before = snapshot(draft)
    client.force_login(tlo_staff)
    response = client.post(
        reverse("listings:edit", args=[draft.pk]), form_data(title="変更", trl="12")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["trl"] == [
        ja("TRL must be between 1 and 9.")
    ]
    assert 'value="変更"' in response.content.decode()
    assert snapshot(draft) == before


def test_a_listing_that_left_the_market_cannot_be_edited(client, tlo_staff, university):
    listing = ListingFactory(owner=university, status=ListingStatus.ARCHIVED)
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:edit", args=[listing.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("listings:preview", args=[listing.pk])


# --- preview and actions -----------------------------------------------------------


def test_preview_renders_the_detail_with_a_banner(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "banner-preview" in html
    assert draft.overview in html
    assert 'content="noindex, nofollow"' in html
    assert reverse("listings:action", args=[draft.pk, "submit"]) in html
    # Only the actions the status allows are offered.
    assert reverse("listings:action", args=[draft.pk, "withdraw"]) not in html


def action(client, listing, name, **data):
    return client.post(reverse("listings:action", args=[listing.pk, name]), data)


def test_submit_publishes_for_an_organisation_that_may_publish(
    client, tlo_staff, draft
):
    client.force_login(tlo_staff)
    response = action(client, draft, "submit")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ListingStatus.PUBLISHED
    page = client.get(response["Location"])
    assert ja("The listing is published.") in page.content.decode()


def test_submit_sends_to_review_otherwise(client):
    org = UniversityFactory(can_publish_directly=False)
    staff = member_of(org)
    listing = ListingFactory(owner=org, status=ListingStatus.DRAFT, published_at=None)
    client.force_login(staff)
    response = action(client, listing, "submit")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING_REVIEW
    page = client.get(response["Location"]).content.decode()
    assert (
        ja(
            "The listing was sent for review. It is published once "
            "the platform team approves it."
        )
        in page
    )


def test_submit_of_an_incomplete_listing_shows_why(client, tlo_staff, draft):
    Listing.objects.filter(pk=draft.pk).update(license_types=[])
    client.force_login(tlo_staff)
    response = action(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.status == ListingStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert ja("Choose at least one license type.") in page


@pytest.mark.parametrize(
    ("start", "name", "data", "end"),
    [
        (ListingStatus.PUBLISHED, "withdraw", {"reason": "再検討"}, "withdrawn"),
        (ListingStatus.WITHDRAWN, "reopen", {}, "draft"),
        (ListingStatus.PUBLISHED, "license_exclusive", {}, "licensed_exclusive"),
        (ListingStatus.PUBLISHED, "assign", {}, "assigned"),
        (ListingStatus.ASSIGNED, "archive", {}, "archived"),
        (ListingStatus.WITHDRAWN, "archive", {}, "archived"),
    ],
)
def test_allowed_actions_change_the_status(
    client, tlo_staff, university, start, name, data, end
):
    listing = ListingFactory(owner=university, status=start)
    client.force_login(tlo_staff)
    preview = client.get(reverse("listings:preview", args=[listing.pk]))
    assert (
        reverse("listings:action", args=[listing.pk, name]) in preview.content.decode()
    )
    response = action(client, listing, name, **data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == end


def test_withdraw_records_the_reason(client, tlo_staff, university):
    from accounts.models import AuditEvent

    listing = ListingFactory(owner=university)
    client.force_login(tlo_staff)
    action(client, listing, "withdraw", reason="権利の見直し")
    event = AuditEvent.objects.get(action="listing.withdraw")
    assert event.reason == "権利の見直し"


def test_non_exclusive_license_keeps_the_listing_published(
    client, tlo_staff, university
):
    listing = ListingFactory(owner=university)
    client.force_login(tlo_staff)
    action(client, listing, "license_non_exclusive")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.licensing_record == "yes"


@pytest.mark.parametrize(
    ("start", "name"),
    [
        (ListingStatus.DRAFT, "archive"),
        (ListingStatus.DRAFT, "withdraw"),
        (ListingStatus.ARCHIVED, "reopen"),
        (ListingStatus.PUBLISHED, "reopen"),
        (ListingStatus.LICENSED_EXCLUSIVE, "license_non_exclusive"),
    ],
)
def test_refused_actions_show_a_message_and_change_nothing(
    client, tlo_staff, university, start, name
):
    listing = ListingFactory(owner=university, status=start)
    before = snapshot(listing)
    client.force_login(tlo_staff)
    preview = client.get(reverse("listings:preview", args=[listing.pk]))
    assert (
        reverse("listings:action", args=[listing.pk, name])
        not in preview.content.decode()
    )
    response = action(client, listing, name)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert 'class="message message-error"' in page.content.decode()
    assert snapshot(listing) == before


def test_actions_need_post(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:action", args=[draft.pk, "submit"]))
    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.status == ListingStatus.DRAFT


def test_unknown_action_is_404(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    assert action(client, draft, "explode").status_code == 404


def test_another_organisation_gets_404_everywhere_and_nothing_changes(
    client, other_tlo_staff, draft
):
    before = snapshot(draft)
    client.force_login(other_tlo_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("listings:edit", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("listings:edit", args=[draft.pk]), form_data()).status_code
        == 404
    )
    assert client.get(reverse("listings:preview", args=[draft.pk])).status_code == 404
    for name in ("submit", "withdraw", "archive", "license_exclusive"):
        assert action(client, draft, name).status_code == 404
    assert snapshot(draft) == before


def test_anonymous_gets_404_for_a_draft_and_login_for_owner_pages(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get(reverse("listings:edit", args=[draft.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_viewer_of_the_same_organisation_gets_403_on_writes(client, tlo_viewer, draft):
    before = snapshot(draft)
    client.force_login(tlo_viewer)
    assert client.get(reverse("listings:preview", args=[draft.pk])).status_code == 200
    assert client.get(reverse("listings:edit", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("listings:edit", args=[draft.pk]), form_data()).status_code
        == 403
    )
    for name in ("submit", "archive"):
        assert action(client, draft, name).status_code == 403
    assert snapshot(draft) == before


# --- my listings -------------------------------------------------------------------


def test_my_listings_counts_and_filters(
    client, tlo_staff, university, other_university
):
    ListingFactory(owner=university, status=ListingStatus.DRAFT, title="下書きA")
    ListingFactory(owner=university, status=ListingStatus.DRAFT, title="下書きB")
    ListingFactory(owner=university, title="公開中の電池")
    ListingFactory(owner=other_university, title="他大学の電池")
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="count" data-status="draft">2</span>' in html
    assert '<span class="count" data-status="published">1</span>' in html
    assert "他大学の電池" not in html
    assert {x.title for x in response.context["page"]} == {
        "下書きA",
        "下書きB",
        "公開中の電池",
    }
    drafts = client.get(reverse("listings:mine"), {"status": "draft"})
    assert {x.title for x in drafts.context["page"]} == {"下書きA", "下書きB"}
    found = client.get(reverse("listings:mine"), {"q": "電池"})
    assert [x.title for x in found.context["page"]] == ["公開中の電池"]


def test_my_listings_org_chooser_and_foreign_org(client, tlo_staff, other_university):
    second = UniversityFactory()
    from tests.factories.accounts import MembershipFactory

    MembershipFactory(user=tlo_staff, organization=second)
    ListingFactory(owner=second, title="第二組織の技術")
    client.force_login(tlo_staff)
    response = client.get(reverse("listings:mine"), {"org": second.slug})
    assert 'id="org-choice"' in response.content.decode()
    assert [x.title for x in response.context["page"]] == ["第二組織の技術"]
    foreign = client.get(reverse("listings:mine"), {"org": other_university.slug})
    assert foreign.status_code == 404


def test_my_listings_paginates(client, tlo_staff, university):
    ListingFactory.create_batch(21, owner=university)
    client.force_login(tlo_staff)
    first = client.get(reverse("listings:mine"))
    assert len(first.context["page"].object_list) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("listings:mine"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_dashboard_and_navigation_link_the_listing_pages(client, tlo_staff, draft):
    client.force_login(tlo_staff)
    html = client.get(reverse("marketplace:dashboard")).content.decode()
    assert reverse("listings:mine") in html
    assert reverse("listings:new") in html
    # The block counts the organisation's listings by status.
    assert f"?org={draft.owner.slug}&amp;status=draft" in html


# --- public list -------------------------------------------------------------------


def test_public_list_shows_published_listings_only(client, university):
    ListingFactory(owner=university, title="公開中")
    for status in (
        ListingStatus.DRAFT,
        ListingStatus.PENDING_REVIEW,
        ListingStatus.WITHDRAWN,
        ListingStatus.ARCHIVED,
        ListingStatus.LICENSED_EXCLUSIVE,
    ):
        ListingFactory(owner=university, status=status, title=f"非公開 {status}")
    ListingFactory(owner=UniversityFactory(is_verified=False), title="未確認組織")
    response = client.get(reverse("listings:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "公開中" in html
    assert "非公開" not in html
    assert "未確認組織" not in html


def test_public_list_filters(client):
    tokyo = UniversityFactory(prefecture="13")
    kyoto = UniversityFactory(prefecture="26")
    a = ListingFactory(owner=tokyo, title="電池A")
    add_ipc(a, "H01M 10/0562")
    b = ListingFactory(owner=kyoto, title="医薬B")
    add_ipc(b, "A61K 31/00")
    c = ListingFactory(owner=tokyo, title="地域C", region="26")
    add_ipc(c, "H01M 4/38")

    def titles(**params):
        return {
            x.title
            for x in client.get(reverse("listings:list"), params).context["page"]
        }

    assert titles(ipc="H") == {"電池A", "地域C"}
    assert titles(ipc="H01M 10") == {"電池A"}
    assert titles(owner=kyoto.slug) == {"医薬B"}
    assert titles(prefecture="26") == {"医薬B", "地域C"}
    assert titles(prefecture="13") == {"電池A"}


# --- public detail -----------------------------------------------------------------


@pytest.fixture
def full_listing(university):
    listing = ListingFactory(
        owner=university,
        title="</script><b>危険 & タイトル",
        invention_title="硫化物固体電解質及びその製造方法",
        purpose="目的の文",
        effect="効果の文",
        applicable_products="電気自動車用電池",
        advantages="従来比で二倍の伝導度",
        claims=["請求項一の文"],
        inventors=["山田太郎", "佐藤花子"],
        technical_field_1="エネルギー",
        function_1="蓄電",
        implementation_record="yes",
        licensing_record="no",
        development_stage="prototype",
        trl=4,
        offers_assignment=True,
        license_types=["exclusive", "non_exclusive"],
        desired_terms="一時金と実施料",
        technical_support=True,
        samples_available=True,
        region="13",
        contact_name="産学連携 太郎",
        contact_email="tlo@example.jp",
        contact_phone="03-1234-5678",
        contact_note="平日のみ",
        source="inpit",
        source_id="L2020001234",
    )
    add_ipc(listing, "H01M 10/0562", "H01M 4/38")
    add_right(
        listing,
        application_number="特願2019-123456",
        publication_number="特開2021-012345",
        registration_number="特許第7000001号",
        status="granted",
        applicants="出願人大学",
        owners="権利者大学",
        co_owned=True,
    )
    IPCCode.objects.create(code="H01M", kind="subclass", level=3, title_ja="電池の部品")
    return listing


def test_detail_shows_every_field(client, company_staff, full_listing):
    client.force_login(company_staff)
    response = client.get(full_listing.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "硫化物固体電解質及びその製造方法",
        full_listing.overview,
        "目的の文",
        "効果の文",
        "電気自動車用電池",
        "従来比で二倍の伝導度",
        "請求項一の文",
        "山田太郎, 佐藤花子",
        "エネルギー",
        "蓄電",
        "TRL 4",
        "一時金と実施料",
        "産学連携 太郎",
        "tlo@example.jp",
        "03-1234-5678",
        "平日のみ",
        "L2020001234",
        "特願2019-123456",
        "特開2021-012345",
        "特許第7000001号",
        "出願人大学",
        "権利者大学",
        "電池の部品",
        full_listing.owner.display_name,
    ):
        assert text in html, text
    assert reverse("listings:ipc_code", args=["H01M"]) in html
    # 実施実績 / 許諾実績 and the offer
    assert 'class="tag tag-ok">' in html
    assert ja("License (実施許諾)") in html
    assert ja("Assignment (譲渡)") in html
    # The title is escaped in the page.
    assert "</script><b>危険" not in html
    assert '<link rel="canonical" href="http://' in html
    # A company user gets the button that opens the tracked license request.
    request_url = reverse("marketplace:request_new", args=[full_listing.pk])
    assert f'id="request-license" href="{request_url}"' in html


def test_detail_json_ld_is_valid_and_escaped(client, full_listing):
    html = client.get(full_listing.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    raw = match.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert data["name"] == full_listing.title
    assert data["provider"]["name"] == full_listing.owner.name_ja
    assert data["url"].endswith(full_listing.get_absolute_url())
    values = {i["value"] for i in data["identifier"]}
    assert "JP 特願2019-123456" in values
    assert data["inLanguage"] == "ja"
    assert "dateModified" in data
    assert f'<meta property="og:title" content="{full_listing.title}"' not in html
    assert '<meta name="description" content="高いイオン伝導度' in html


def test_wrong_slug_redirects_to_the_canonical_url(client, full_listing):
    response = client.get(
        reverse("listings:detail", kwargs={"pk": full_listing.pk, "slug": "wrong"})
    )
    assert response.status_code == 301
    assert response["Location"] == full_listing.get_absolute_url()


def test_views_are_counted_except_for_the_owner(client, tlo_staff, full_listing):
    client.get(full_listing.get_absolute_url())
    client.get(full_listing.get_absolute_url())
    client.force_login(tlo_staff)
    client.get(full_listing.get_absolute_url())
    full_listing.refresh_from_db()
    assert full_listing.view_count == 2


def test_anonymous_is_asked_to_log_in_to_request(client, full_listing):
    html = client.get(full_listing.get_absolute_url()).content.decode()
    assert "/accounts/login/?next=" in html or "login/?next=" in html
    assert 'id="request-license"' not in html


def test_teaser_for_an_unpublished_application(client, company_staff, university):
    listing = ListingFactory(
        owner=university, overview="秘密の技術内容", technical_field_1="材料"
    )
    add_right(listing, application_number="特願2024-000111")
    add_ipc(listing, "C01B 25/14")
    client.force_login(company_staff)
    html = client.get(listing.get_absolute_url()).content.decode()
    assert listing.title in html
    assert listing.summary in html
    assert "C01B 25/14" in html
    assert "材料" in html
    assert listing.owner.display_name in html
    assert 'id="teaser-note"' in html
    assert "秘密の技術内容" not in html
    assert "特願2024-000111" not in html


def test_status_banner_when_no_longer_on_offer(client, university):
    listing = ListingFactory(owner=university, status=ListingStatus.LICENSED_EXCLUSIVE)
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "banner-status" in html
    assert 'id="request-license"' not in html


def test_home_shows_the_latest_listings(client, university):
    ListingFactory(owner=university, title="最新の公開技術")
    ListingFactory(owner=university, status=ListingStatus.DRAFT, title="未公開の下書き")
    html = client.get(reverse("marketplace:home")).content.decode()
    assert "最新の公開技術" in html
    assert "未公開の下書き" not in html


# --- IPC browsing ------------------------------------------------------------------


@pytest.fixture
def ipc_scheme(db):
    rows = [
        ("H", "section", 1, None, "電気"),
        ("H01", "class", 2, "H", "基本的電気素子"),
        (
            "H01M",
            "subclass",
            3,
            "H01",
            "化学的エネルギーを電気的エネルギーに変換する方法",
        ),
        ("H01M 4/00", "main_group", 4, "H01M", "電極"),
        ("H01M 4/38", "subgroup", 5, "H01M 4/00", "元素又は合金の電極"),
        ("A", "section", 1, None, "生活必需品"),
    ]
    for code, kind, level, parent, title in rows:
        IPCCode.objects.create(
            code=code, kind=kind, level=level, parent_id=parent, title_ja=title
        )


def test_ipc_sections_page(client, ipc_scheme, university):
    add_ipc(ListingFactory(owner=university), "H01M 4/38")
    response = client.get(reverse("listings:ipc_index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "電気" in html and "生活必需品" in html
    assert dict((ipc.code, n) for ipc, n in response.context["rows"]) == {
        "A": 0,
        "H": 1,
    }


def test_ipc_code_page_with_ancestors_children_and_count(
    client, ipc_scheme, university
):
    add_ipc(ListingFactory(owner=university), "H01M 4/38")
    add_ipc(ListingFactory(owner=university), "H01M 4/131")
    add_ipc(ListingFactory(owner=university, status=ListingStatus.DRAFT), "H01M 4/38")
    url = reverse("listings:ipc_code", args=["H01M 4/00"])
    assert url == "/listings/ipc/H01M%204/00/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert [a.code for a in response.context["ancestors"]] == ["H", "H01", "H01M"]
    assert "元素又は合金の電極" in html
    assert response.context["count"] == 2
    assert response.context["list_url"] == "/listings/?ipc=H01M+4%2F"
    listed = client.get(response.context["list_url"])
    assert listed.context["page"].paginator.count == 2
    sub = client.get(reverse("listings:ipc_code", args=["H01M 4/38"]))
    assert sub.status_code == 200 and sub.context["count"] == 1


def test_ipc_code_page_normalises_and_404s(client, ipc_scheme):
    response = client.get("/listings/ipc/H01M4/38/")
    assert response.status_code == 302
    assert response["Location"] == "/listings/ipc/H01M%204/38/"
    assert client.get("/listings/ipc/ZZZ/").status_code == 404
    assert client.get("/listings/ipc/H02J/").status_code == 404


def test_teaser_meta_tags_do_not_leak_the_overview(client, university):
    listing = ListingFactory(owner=university, summary="", overview="秘密の技術内容")
    add_right(listing, application_number="特願2024-000111")
    html = client.get(listing.get_absolute_url()).content.decode()
    assert "秘密の技術内容" not in html
    assert f'<meta name="description" content="{listing.title}' in html


def test_ipc_text_box_accepts_commas_spaces_and_lines():
    from listings.forms import split_ipc_input

    assert split_ipc_input("H01M 4/38 H01M 10/052, G06F16/00\nA61K；C01B 25/14") == [
        "H01M 4/38",
        "H01M 10/052",
        "G06F16/00",
        "A61K",
        "C01B 25/14",
    ]
    assert split_ipc_input("  ") == []
