"""The four main journeys, in a real browser, the way people use the site.

Each test creates only the data its journey needs (factories and services),
then clicks through the Japanese pages; it checks what the page shows and
what the database holds afterwards. Screenshots of every step end up in
``e2e-artifacts/`` (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from listings.constants import ListingStatus
from listings.models import Listing
from listings.services import listing_create, listing_submit
from marketplace.models import LicenseRequest
from marketplace.services import license_request_create, license_request_submit
from matching.models import Match, MatchRun, MatchStatus
from tests.e2e.conftest import ja
from tests.factories.accounts import (
    AdminUserFactory,
    CompanyFactory,
    UniversityFactory,
    member_of,
)
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.matching import NeedFactory

pytestmark = [pytest.mark.e2e]


def nav(page, path: str) -> None:
    """Follow a link of the main navigation, as a user would."""
    page.locator(f"#site-nav a[href='{path}']").first.click()
    page.wait_for_url(re.compile(re.escape(path)))


def submit(page, button) -> None:
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        button.click()


def message(page):
    return page.locator(".messages .message").first


# --- 1. TLO staff import an INPIT CSV, fix a rejected row, publish --------------------

INPIT_HEADER = (
    "開放特許情報番号,タイトル,開放特許情報登録日,最新更新日,出願番号,出願日,出願人,"
    "公開番号,登録番号,特許権者,発明の名称,技術分野1,技術分野2,技術分野3,機能1,機能2,"
    "機能3,適用製品,目的,効果,技術概要,実施実績：有無,許諾実績：有無,国際特許分類（IPC）"
)
INPIT_GOOD_ROW = (
    "L2026000101,高効率な熱電変換モジュール,2026/04/01,令和8年5月7日,特願2024-100101,"
    "2024年7月10日,国立大学法人テスト大学,特開2026-010101,,,熱電変換素子及びその製造方法,"
    "電気・電子,,,発電,,,排熱発電装置,工場排熱を電力として回収する。,"
    "変換効率が従来比で2倍になる。,ビスマステルル系材料の微細構造を制御した。変換効率が高い。,"
    "無,無,H10N 10/17"
)
INPIT_ROW_2 = (
    "L2026000102,超音波で魚の鮮度を測る装置,2026/04/01,2026/04/02,特願2024-100102,"
    "2024/08/01,国立大学法人テスト大学,特開2026-010102,,,鮮度測定装置,計測,,,検査,,,"
    "鮮魚の検品装置,市場で鮮度を非破壊に測る。,検品の時間が半分になる。,"
    '超音波の反射から魚肉の状態を推定する。"冷凍品にも使える。",不明,無,{ipc}'
)


def inpit_csv(tmp_path, name: str, ipc: str):
    text = "\r\n".join([INPIT_HEADER, INPIT_GOOD_ROW, INPIT_ROW_2.format(ipc=ipc)])
    path = tmp_path / name
    # As Excel saves it: UTF-8 with a byte-order mark.
    path.write_bytes(b"\xef\xbb\xbf" + (text + "\r\n").encode("utf-8"))
    return path


def upload(page, path) -> None:
    page.check("input[name=format][value=inpit-csv]")
    page.set_input_files("input[name=file]", str(path))
    submit(page, page.get_by_role("button", name=ja("Start the import")))
    page.wait_for_url(re.compile(r"/listings/import/jobs/\d+/"))
    expect(page.locator("#result-heading")).to_be_visible()


def count_of(page, label: str):
    return page.locator(f"dl.import-counts dt:text-is('{ja(label)}') + dd").first


def test_tlo_imports_inpit_csv_fixes_rejected_row_and_publishes(journey, tmp_path):
    university = UniversityFactory(name_ja="テスト大学 産学連携本部")
    staff = member_of(university, role="staff")
    page = journey.open(staff, label="tlo")

    nav(page, "/listings/import/")
    journey.step(page, "import page")

    upload(page, inpit_csv(tmp_path, "inpit-open-patents.csv", "G01N 29/00、XYZ9"))
    errors = page.locator("table.import-errors").first
    expect(errors.locator("tbody tr")).to_have_count(1)
    row = errors.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("3")
    expect(row.locator("td").nth(1)).to_have_text("国際特許分類（IPC）")
    expect(row.locator("td").nth(2)).to_contain_text("XYZ9")
    expect(count_of(page, "Rejected")).to_have_text("1")
    expect(page.locator(".message-error[role=alert]")).to_have_text(
        ja(
            "Some rows were rejected, so nothing was imported. Fix them, or "
            "tick “skip invalid rows”."
        )
    )
    journey.step(page, "row rejected with its message")
    assert not Listing.objects.exists()  # nothing half-imported

    page.get_by_role("link", name=ja("Import another file")).click()
    upload(page, inpit_csv(tmp_path, "inpit-open-patents-fixed.csv", "G01N 29/00"))
    expect(page.locator("table.import-errors")).to_have_count(0)
    expect(count_of(page, "Created")).to_have_text("2")
    expect(count_of(page, "Rejected")).to_have_text("0")
    journey.step(page, "fixed file imported")
    listings = Listing.objects.filter(owner=university)
    assert sorted(listings.values_list("source_id", "status")) == [
        ("L2026000101", ListingStatus.DRAFT),
        ("L2026000102", ListingStatus.DRAFT),
    ]
    fixed = listings.get(source_id="L2026000102")
    assert list(fixed.ipc_entries.values_list("code", flat=True)) == ["G01N 29/00"]

    nav(page, "/listings/mine/")
    expect(page.locator("td .status-draft")).to_have_count(2)
    journey.step(page, "my listings as drafts")
    for title in ("高効率な熱電変換モジュール", "超音波で魚の鮮度を測る装置"):
        page.get_by_role("link", name=title).click()
        page.wait_for_url(re.compile(r"/listings/\d+/preview/"))
        submit(page, page.get_by_role("button", name=ja("Publish"), exact=True))
        expect(message(page)).to_have_text(ja("The listing is published."))
        expect(page.locator(".listing-detail .status-published")).to_be_visible()
        page.locator(".breadcrumbs a[href^='/listings/mine/']").click()
    expect(page.locator("td .status-published")).to_have_count(2)
    journey.step(page, "both listings published")
    assert set(listings.values_list("status", flat=True)) == {ListingStatus.PUBLISHED}

    visitor = journey.open(label="visitor")
    visitor.goto(journey.url("/listings/"))
    for title in ("高効率な熱電変換モジュール", "超音波で魚の鮮度を測る装置"):
        expect(visitor.get_by_role("link", name=title)).to_be_visible()
    journey.step(visitor, "public listings page")


# --- 2. A company searches in Japanese, filters by IPC, requests a license ----------


def publish(owner, by, title: str, overview: str, ipc: list[str], **data):
    listing = listing_create(
        owner=owner,
        by=by,
        data={
            "title": title,
            "overview": overview,
            "summary": overview.split("。")[0] + "。",
            "offers_license": True,
            "license_types": data.pop("license_types", ["non_exclusive"]),
            **data,
        },
        ipc_codes=ipc,
    )
    return listing_submit(listing=listing, by=by)


def test_company_searches_in_japanese_filters_by_ipc_and_requests_a_license(journey):
    university = UniversityFactory(name_ja="テスト大学 産学連携本部")
    tlo = member_of(university, role="staff")
    electrolyte = publish(
        university,
        tlo,
        "全固体電池用の硫化物固体電解質",
        "硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。",
        ["H01M 10/0562"],
    )
    publish(
        university,
        tlo,
        "蓄電池の劣化を診断するインピーダンス測定装置",
        "交流インピーダンスから電池の劣化状態を推定する測定装置。",
        ["G01R 31/389"],
    )
    publish(
        university,
        tlo,
        "魚の鮮度を判定するセンサ",
        "魚の鮮度を光で非破壊に判定するセンサ。",
        ["G01N 21/00"],
    )
    company = CompanyFactory(name_ja="浜松テスト精密株式会社")
    buyer = member_of(company, role="staff")
    page = journey.open(buyer, label="company")

    nav(page, "/search/")
    page.fill("#search-q", "電池")
    submit(page, page.locator("form.search-box button[type=submit]"))
    hits = page.locator("ol.search-hits > li")
    expect(hits).to_have_count(2)
    expect(page.locator(".search-hit mark", has_text="電池").first).to_be_visible()
    expect(page.get_by_text("魚の鮮度を判定するセンサ")).to_have_count(0)
    journey.step(page, "search results for 電池")

    facet = page.locator("section[aria-labelledby=facet-ipc_subclass]")
    submit(page, facet.locator("a", has=page.locator(".ipc-chip", has_text="H01M")))
    expect(page).to_have_url(re.compile(r"q=%E9%9B%BB%E6%B1%A0"))
    expect(hits).to_have_count(1)
    expect(hits.first).to_contain_text("全固体電池用の硫化物固体電解質")
    journey.step(page, "filtered by IPC subclass H01M")

    submit(page, hits.first.locator("h3 a"))
    expect(page.locator("h1")).to_have_text("全固体電池用の硫化物固体電解質")
    journey.step(page, "listing page")

    submit(page, page.locator("#request-license"))
    form = page.locator("form.req-form")
    form.locator("select[name=license_type]").select_option("non_exclusive")
    form.locator("[name=field_of_use]").fill("車載用二次電池")
    form.locator("[name=territory]").fill("日本")
    form.locator("[name=intended_product]").fill("電気自動車向けの全固体電池パック")
    form.locator("[name=development_plan]").fill("2027年に試作、2029年に量産")
    form.locator("[name=message]").fill("サンプル評価から始めたいと考えています。")
    journey.step(page, "license request form filled")
    submit(page, form.locator("button[name=submit]"))

    expect(page).to_have_url(re.compile(r"/requests/\d+/$"))
    expect(message(page)).to_have_text(
        ja("Your request was sent to the listing owner.")
    )
    expect(page.locator("h1 .req-badge")).to_have_class(re.compile(r"req-submitted"))
    journey.step(page, "request sent")
    request = LicenseRequest.objects.get()
    assert (request.listing, request.organization, request.created_by) == (
        electrolyte,
        company,
        buyer,
    )
    assert request.status == "submitted" and request.field_of_use == "車載用二次電池"
    assert page.url.endswith(request.get_absolute_url())

    # The same page in English, through the header's language switch.
    submit(page, page.locator("form.lang-switch button[value=en]"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(f"License request #{request.pk}")
    expect(page.locator("h1 .req-badge")).to_have_text("Submitted")
    journey.step(page, "request page in English")


# --- 3. An admin runs matching and approves; the company is interested --------------


def test_admin_runs_matching_approves_and_company_is_interested(journey):
    university = UniversityFactory(name_ja="テスト大学 産学連携本部")
    listing = ListingFactory(
        owner=university,
        title="全固体電池用の硫化物固体電解質",
        summary="",
        overview="硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。"
        "大気中でも安定に扱える。",
    )
    add_ipc(listing, "H01M 10/0562")
    other = ListingFactory(
        owner=university,
        title="植物工場向けLED照明",
        summary="",
        overview="植物の生育に合わせて波長を制御するLED照明。",
    )
    add_ipc(other, "A01G 9/00")
    company = CompanyFactory(name_ja="さくらテスト電池株式会社")
    buyer = member_of(company, role="staff")
    need = NeedFactory(
        organization=company,
        title="全固体電池の固体電解質を探しています",
        problem="リチウムイオン電池の安全性を高めたい。硫化物の固体電解質を探している。",
        license_types=["non_exclusive"],
    )
    admin = AdminUserFactory(email="coordinator@example.test")

    page = journey.open(admin, label="admin")
    nav(page, "/matching/review/")
    expect(page.locator(".review-item")).to_have_count(0)
    journey.step(page, "empty review queue")

    submit(page, page.locator("#review-run"))
    expect(message(page)).to_have_class(re.compile("message-success"))
    assert MatchRun.objects.get().status == "done"
    item = page.locator(".review-item", has_text=listing.title)
    expect(item).to_have_count(1)
    expect(item.locator(".explanation")).to_contain_text("固体電解質")
    journey.step(page, "proposals after the matching run")

    note = "御社の課題に近い技術です。ぜひご検討ください。"
    item.locator("textarea[name=note_to_company]").fill(note)
    submit(page, item.get_by_role("button", name=ja("Approve and send")))
    expect(message(page)).to_have_class(re.compile("message-success"))
    expect(page.locator(".review-item", has_text=listing.title)).to_have_count(0)
    journey.step(page, "proposal approved")
    match = Match.objects.get(listing=listing, need=need)
    assert match.status == MatchStatus.SENT and match.note_to_company == note

    company_page = journey.open(buyer, label="company")
    nav(company_page, "/matching/matches/")
    submit(company_page, company_page.get_by_role("link", name=listing.title))
    why = company_page.locator("section.explanation")
    expect(why.locator("h2#why")).to_have_text(ja("Why it matches"))
    expect(why.locator(".terms li").first).to_be_visible()
    expect(company_page.locator("section.note")).to_contain_text(note)
    journey.step(company_page, "match with its explanation")
    match.refresh_from_db()
    assert match.status == MatchStatus.VIEWED

    submit(
        company_page,
        company_page.get_by_role("button", name=ja("Interested"), exact=True),
    )
    expect(company_page).to_have_url(re.compile(r"/requests/\d+/$"))
    expect(company_page.locator("h1 .req-badge")).to_have_class(re.compile("req-draft"))
    journey.step(company_page, "draft license request opened")
    match.refresh_from_db()
    draft = LicenseRequest.objects.get()
    assert match.status == MatchStatus.INTERESTED
    assert (draft.status, draft.source, draft.source_match_id) == (
        "draft",
        "match",
        match.pk,
    )
    assert (draft.listing, draft.organization) == (listing, company)


# --- 4. A license request through the workflow to closed_won -----------------------


def act(page, to: str) -> None:
    """Press the request page's button that moves the request to state ``to``."""
    submit(page, page.locator(f"button[data-to={to}]"))
    expect(message(page)).to_have_class(re.compile("message-success"))
    expect(page.locator("h1 .req-badge")).to_have_class(re.compile(f"req-{to}\\b"))


def post_message(page, text: str) -> None:
    page.locator("textarea[name=body]").fill(text)
    submit(page, page.get_by_role("button", name=ja("Post"), exact=True))
    expect(page.locator("#thread-list")).to_contain_text(text)


def test_tlo_takes_a_request_to_closed_won_and_the_listing_is_licensed(journey):
    university = UniversityFactory(name_ja="テスト大学 産学連携本部")
    tlo = member_of(university, role="staff")
    listing = publish(
        university,
        tlo,
        "高感度な水素ガスセンサ",
        "パラジウム薄膜の抵抗変化で水素を検出する。室温で動作する。",
        ["G01N 27/12"],
        license_types=["exclusive", "non_exclusive"],
    )
    company = CompanyFactory(name_ja="水素テスト工業株式会社")
    buyer = member_of(company, role="staff")
    request = license_request_create(
        listing=listing,
        by=buyer,
        organization=company,
        data={
            "license_type": "exclusive",
            "field_of_use": "燃料電池車の水素漏れ検知",
            "territory": "日本",
            "intended_product": "車載用水素センサモジュール",
        },
    )
    license_request_submit(request=request, by=buyer)

    tlo_page = journey.open(tlo, label="tlo")
    nav(tlo_page, "/requests/inbox/")
    submit(tlo_page, tlo_page.get_by_role("link", name=listing.title))
    expect(tlo_page).to_have_url(re.compile(rf"/requests/{request.pk}/$"))
    journey.step(tlo_page, "request in the inbox")
    act(tlo_page, "triage")
    post_message(tlo_page, "量産時期と想定数量を教えてください。")
    act(tlo_page, "info_requested")
    journey.step(tlo_page, "information requested")

    company_page = journey.open(buyer, label="company")
    nav(company_page, "/requests/")
    submit(company_page, company_page.get_by_role("link", name=listing.title))
    expect(company_page.locator("#thread-list")).to_contain_text("量産時期")
    # The requester's answer in the thread hands the request back to triage.
    post_message(company_page, "2028年に量産、年間1万個を想定しています。")
    expect(company_page.locator("h1 .req-badge")).to_have_class(
        re.compile("req-triage")
    )
    journey.step(company_page, "information provided")

    tlo_page.reload()
    for to in ("accepted", "nda_pending", "evaluation", "negotiation"):
        act(tlo_page, to)
    act(tlo_page, "agreement_pending")
    journey.step(tlo_page, "agreement proposed")
    # Neither side can skip a step: only the agreement is left to close it.
    expect(tlo_page.locator("button[data-to=closed_won]")).to_have_count(1)

    company_page.reload()
    act(company_page, "closed_won")
    journey.step(company_page, "deal closed as won")
    request.refresh_from_db()
    listing.refresh_from_db()
    assert request.status == "closed_won" and request.closed_at is not None
    assert listing.status == ListingStatus.LICENSED_EXCLUSIVE

    submit(company_page, company_page.locator("header .lead a"))
    expect(company_page.locator("h1")).to_have_text(listing.title)
    expect(
        company_page.locator(".listing-detail .status-licensed_exclusive")
    ).to_be_visible()
    expect(company_page.locator(".banner-status")).to_have_text(
        ja("This technology has been licensed exclusively and is no longer on offer.")
    )
    journey.step(company_page, "listing shows licensed exclusively")

    nav(tlo_page, "/listings/mine/")
    expect(tlo_page.locator("td .status-licensed_exclusive")).to_have_count(1)
    journey.step(tlo_page, "my listings shows licensed exclusively")
