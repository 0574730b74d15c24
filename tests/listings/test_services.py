import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accounts.models import AuditEvent
from listings import selectors, services
from listings.constants import ListingStatus
from listings.models import Listing
from tests.factories.accounts import CompanyFactory, UniversityFactory, member_of
from tests.factories.listings import ListingFactory, add_right

pytestmark = pytest.mark.django_db

DATA = {
    "title": "高耐久ペロブスカイト太陽電池",
    "summary": "封止なしで1000時間の連続発電",
    "overview": "ペロブスカイト層に添加剤を加え、湿度に対する耐久性を高めた。",
    "offers_license": True,
    "license_types": ["non_exclusive", "option"],
}


def _create(tlo_staff, university, **extra):
    return services.listing_create(
        owner=university,
        by=tlo_staff,
        data={**DATA, **extra},
        ipc_codes=["h01l 31/04", "H10K30/00"],
        rights=[
            {
                "application_number": "特願2021-045678",
                "filing_date": datetime.date(2021, 3, 19),
            }
        ],
    )


def test_create_normalises_and_audits(tlo_staff, university):
    listing = _create(tlo_staff, university)
    assert listing.status == ListingStatus.DRAFT
    assert listing.ipc_codes == ["H01L 31/04", "H10K 30/00"]
    right = listing.rights.get()
    assert right.application_number_norm == "JP2021045678"
    assert AuditEvent.objects.filter(
        action="listing.create", target_id=str(listing.pk)
    ).exists()


def test_create_refuses_bad_input_and_writes_nothing(tlo_staff, university):
    with pytest.raises(ValidationError) as err:
        services.listing_create(
            owner=university, by=tlo_staff, data={**DATA, "license_types": ["bogus"]}
        )
    assert "license_types" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.listing_create(
            owner=university, by=tlo_staff, data=DATA, ipc_codes=["XX"]
        )
    with pytest.raises(ValidationError):
        services.listing_create(
            owner=university, by=tlo_staff, data={**DATA, "title": ""}
        )
    assert Listing.objects.count() == 0


def test_direct_publish_or_review(tlo_staff, university, admin_user):
    listing = services.listing_submit(
        listing=_create(tlo_staff, university), by=tlo_staff
    )
    assert listing.status == ListingStatus.PUBLISHED and listing.published_at
    reviewed_org = UniversityFactory(can_publish_directly=False)
    staff = member_of(reviewed_org)
    pending = services.listing_submit(listing=_create(staff, reviewed_org), by=staff)
    assert pending.status == ListingStatus.PENDING_REVIEW
    with pytest.raises(PermissionDenied):
        services.listing_approve(listing=pending, by=staff)
    approved = services.listing_approve(listing=pending, by=admin_user)
    assert approved.status == ListingStatus.PUBLISHED


def test_unverified_organisation_cannot_publish(db):
    org = UniversityFactory(is_verified=False)
    staff = member_of(org)
    listing = _create(staff, org)
    with pytest.raises(PermissionDenied):
        services.listing_submit(listing=listing, by=staff)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT


def test_other_organisation_cannot_edit_or_see_draft(
    tlo_staff, university, other_tlo_staff
):
    listing = _create(tlo_staff, university)
    with pytest.raises(PermissionDenied):
        services.listing_update(
            listing=listing, by=other_tlo_staff, data={"title": "乗っ取り"}
        )
    with pytest.raises(Http404):
        selectors.listing_get_visible(user=other_tlo_staff, pk=listing.pk)
    with pytest.raises(Http404):
        selectors.listing_get_for_edit(user=other_tlo_staff, pk=listing.pk)
    listing.refresh_from_db()
    assert listing.title == DATA["title"]


def test_invalid_transition_changes_nothing(tlo_staff, university):
    listing = _create(tlo_staff, university)
    with pytest.raises(ValidationError):
        services.listing_mark_assigned(listing=listing, by=tlo_staff)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT


def test_non_exclusive_keeps_published_exclusive_takes_off(tlo_staff, university):
    listing = services.listing_submit(
        listing=_create(tlo_staff, university), by=tlo_staff
    )
    listing = services.listing_mark_licensed(
        listing=listing, by=tlo_staff, exclusive=False
    )
    assert (
        listing.status == ListingStatus.PUBLISHED and listing.licensing_record == "yes"
    )
    listing = services.listing_mark_licensed(
        listing=listing, by=tlo_staff, exclusive=True
    )
    assert listing.status == ListingStatus.LICENSED_EXCLUSIVE


def test_expire_lapsed_only_when_every_right_lapsed(db):
    today = datetime.date(2026, 11, 23)
    all_lapsed = ListingFactory()
    add_right(
        all_lapsed,
        application_number="2001-000001",
        expiry_date=datetime.date(2021, 1, 1),
    )
    add_right(all_lapsed, application_number="2001-000002", status="lapsed")
    one_alive = ListingFactory()
    add_right(
        one_alive,
        application_number="2010-000001",
        expiry_date=datetime.date(2021, 1, 1),
    )
    add_right(
        one_alive,
        application_number="2015-000001",
        expiry_date=datetime.date(2035, 1, 1),
    )
    no_rights = ListingFactory()
    assert services.listing_expire_lapsed(today=today) == 1
    assert services.listing_expire_lapsed(today=today) == 0
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses[all_lapsed.pk] == ListingStatus.EXPIRED
    assert statuses[one_alive.pk] == statuses[no_rights.pk] == ListingStatus.PUBLISHED


def test_find_existing_by_number_of_the_same_kind(db):
    owner = UniversityFactory()
    listing = ListingFactory(owner=owner)
    add_right(
        listing,
        application_number="特願2008-180290",
        publication_number="特開2010-19680",
    )
    assert (
        selectors.listing_find_existing(
            owner=owner, numbers={"publication": ["JP2010019680"]}
        )
        == listing
    )
    # A publication key never matches an application key that looks alike.
    assert (
        selectors.listing_find_existing(
            owner=owner, numbers={"publication": ["JP2008180290"]}
        )
        is None
    )
    assert (
        selectors.listing_find_existing(
            owner=CompanyFactory(), numbers={"publication": ["JP2010019680"]}
        )
        is None
    )


def test_visibility_of_drafts(db, tlo_staff, university, company_staff, admin_user):
    draft = ListingFactory(owner=university, status=ListingStatus.DRAFT)
    published = ListingFactory(owner=university)
    anon = AnonymousUser()
    assert list(selectors.listing_list_visible(user=anon)) == [published]
    assert set(selectors.listing_list_visible(user=tlo_staff)) == {draft, published}
    assert set(selectors.listing_list_visible(user=company_staff)) == {published}
    assert set(selectors.listing_list_visible(user=admin_user)) == {draft, published}
