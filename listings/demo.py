"""Demo listings for `marketplace_seed_demo`: the IPC titles, then 68 listings.

Each listing is created through the services, acting as the university's
demo staff user (or the platform admin where the university has none), and
walked to its target status, so the audit trail is the real one. Entries are
keyed by ``source="demo"`` and ``source_id``; an entry that exists is left
alone, so running the seed twice changes nothing.

What the data shows (see ``demo_data.py``): every listing status a visitor or
a TLO can meet (published, draft, pending review, withdrawn, licensed
exclusively, assigned), one published listing whose rights have all lapsed
(demo-012, left for the daily expiry job), one unpublished application shown
as a teaser (demo-036), members-only listings, co-owned rights and English
listings.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone

from accounts.constants import MembershipStatus, Role
from accounts.models import AuditEvent, Membership, User

from .constants import ListingSource, ListingStatus, RightStatus
from .demo_data import LISTINGS
from .demo_ipc import seed_ipc
from .models import Listing
from .services import (
    listing_approve,
    listing_create,
    listing_mark_assigned,
    listing_mark_licensed,
    listing_submit,
    listing_withdraw,
    strategic_field_load_defaults,
    strategic_fields_retag,
)

# slug: legal name (ja, en) of the rights holder, TLO desk (ja, en), e-mail
UNIVERSITY_DESKS: dict[str, tuple[str, str, str, str, str]] = {
    "utokyo-tlo": (
        "国立大学法人東京大学",
        "The University of Tokyo",
        "東京大学 産学協創推進本部 ライセンス窓口",
        "UTokyo Licensing Desk",
        "license@utokyo-tlo.example.jp",
    ),
    "kyoto-u-ip": (
        "国立大学法人京都大学",
        "Kyoto University",
        "京都大学 産官学連携本部 知財・ライセンス窓口",
        "Kyoto University IP & Licensing Desk",
        "ip-desk@kyoto-u.example.jp",
    ),
    "tohoku-u-ip": (
        "国立大学法人東北大学",
        "Tohoku University",
        "東北大学 産学連携機構 知的財産部",
        "Tohoku University IP Office",
        "chizai@tohoku-u.example.jp",
    ),
    "osaka-u-ip": (
        "国立大学法人大阪大学",
        "Osaka University",
        "大阪大学 共創機構 知財ライセンス担当",
        "Osaka University Licensing Office",
        "license@osaka-u.example.jp",
    ),
    "kyushu-u-ip": (
        "国立大学法人九州大学",
        "Kyushu University",
        "九州大学 学術研究・産学官連携本部 知的財産グループ",
        "Kyushu University IP Group",
        "ip@kyushu-u.example.jp",
    ),
    "nagoya-u-ip": (
        "国立大学法人東海国立大学機構",
        "Tokai National Higher Education and Research System",
        "名古屋大学 学術研究・産学官連携推進本部 知財・技術移転グループ",
        "Nagoya University Technology Transfer Group",
        "tech-transfer@nagoya-u.example.jp",
    ),
}

# The one university that publishes only after admin review has no staff
# account in accounts.demo; the seed adds one so the review queue has a real
# submission (and Kyushu's listings show the submit -> approve trail).
REVIEW_STAFF = ("kyushu-staff@example.jp", "九大 担当者 (Kyushu TLO staff)")

CONTACT_NOTE = {
    "ja": "お問い合わせは平日9:00〜17:00に承ります。秘密保持契約の締結後に詳細資料をお送りします。",
    "en": "We reply on weekdays (JST). Detailed documents are provided under an NDA.",
}


def _staff_user(context: dict, org, fallback: User) -> User:
    """A demo staff (else owner) member of ``org``, else the platform admin."""
    demo_users = [u.pk for u in context.get("users", {}).values()]
    membership = (
        Membership.objects.filter(
            organization=org,
            user__in=demo_users,
            user__is_active=True,
            user__is_staff=False,
            status=MembershipStatus.ACTIVE,
            role__in=(Role.STAFF, Role.OWNER),
        )
        .select_related("user")
        # Staff before owner: the people who enter listings day to day.
        .order_by(Case(When(role=Role.STAFF, then=0), default=1), "id")
        .first()
    )
    return membership.user if membership else fallback


def _review_staff(context: dict, org, password: str) -> User:
    """The demo staff user of the university whose listings need review."""
    email, name = REVIEW_STAFF
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, display_name=name
        )
    Membership.objects.get_or_create(
        user=user,
        organization=org,
        defaults={"role": Role.STAFF, "status": MembershipStatus.ACTIVE},
    )
    context.setdefault("users", {})[email] = user
    return user


def _publication_date(filed: date, number: str) -> date | None:
    """About 18 months after filing, in the year the publication number names."""
    if not number:
        return None
    laid_open = filed + timedelta(days=548)
    year = re.search(r"(\d{4})[-/]", number)
    if year and int(year.group(1)) > laid_open.year:
        # Laid open in the first gazette of the next year.
        return date(int(year.group(1)), 1, 11)
    return laid_open


def _right(raw: dict, *, org_slug: str, lang: str) -> dict:
    legal_ja, legal_en = UNIVERSITY_DESKS[org_slug][:2]
    holder = legal_ja if lang == "ja" else legal_en
    if raw.get("co"):
        holder += ("、" if lang == "ja" else ", ") + raw["co"]
    filed = date.fromisoformat(raw["filed"])
    status = raw.get("status") or (
        RightStatus.GRANTED if raw.get("reg") else RightStatus.PENDING
    )
    if raw.get("expiry"):
        expiry = date.fromisoformat(raw["expiry"])
    elif status == RightStatus.GRANTED:
        expiry = filed.replace(year=filed.year + 20)  # the statutory term
    else:
        expiry = None
    return {
        "country": raw.get("country", "JP"),
        "application_number": raw["app"],
        "filing_date": filed,
        "publication_number": raw.get("pub", ""),
        "publication_date": (
            date.fromisoformat(raw["pub_date"])
            if raw.get("pub_date")
            else _publication_date(filed, raw.get("pub", ""))
        ),
        "registration_number": raw.get("reg", ""),
        "status": status,
        "expiry_date": expiry,
        "applicants": holder,
        "owners": holder if raw.get("reg") else "",
        "co_owned": bool(raw.get("co")),
    }


def _listing_data(entry: dict, org) -> dict:
    lang = entry["lang"]
    desk = UNIVERSITY_DESKS[entry["org"]]
    fields = entry["fields"] + ["", "", ""]
    functions = entry["functions"] + ["", "", ""]
    return {
        "language": lang,
        "title": entry["title"],
        "invention_title": entry["invention"],
        "summary": entry["summary"],
        "overview": entry["overview"],
        "purpose": entry["purpose"],
        "effect": entry["effect"],
        "applicable_products": entry["products"],
        "advantages": entry["advantages"],
        "technical_field_1": fields[0],
        "technical_field_2": fields[1],
        "technical_field_3": fields[2],
        "function_1": functions[0],
        "function_2": functions[1],
        "function_3": functions[2],
        "implementation_record": entry["impl"],
        "licensing_record": entry["lic"],
        "development_stage": entry["stage"],
        "trl": entry["trl"],
        "offers_license": entry.get("license", True),
        "offers_assignment": entry.get("assign", False),
        "license_types": entry["types"],
        "desired_terms": entry["terms"],
        "technical_support": entry["support"],
        "samples_available": entry["samples"],
        "region": org.prefecture,
        "contact_name": desk[2] if lang == "ja" else desk[3],
        "contact_email": desk[4],
        "contact_note": CONTACT_NOTE[lang],
        "disclosure_tier": entry.get("tier", "public"),
        "source": ListingSource.DEMO,
        "source_id": entry["id"],
    }


def _publish(listing: Listing, *, by: User, admin: User) -> Listing:
    listing = listing_submit(listing=listing, by=by)
    if listing.status == ListingStatus.PENDING_REVIEW:
        listing = listing_approve(listing=listing, by=admin)
    return listing


def _walk(entry: dict, listing: Listing, *, by: User, admin: User) -> Listing:
    """Take a new draft to the entry's status the way its owner would."""
    target = entry["status"]
    if target == ListingStatus.DRAFT:
        return listing
    if target == ListingStatus.PENDING_REVIEW:
        return listing_submit(listing=listing, by=by)
    listing = _publish(listing, by=by, admin=admin)
    if target == ListingStatus.WITHDRAWN:
        return listing_withdraw(
            listing=listing, by=by, reason=entry.get("withdraw_reason", "")
        )
    if target == ListingStatus.LICENSED_EXCLUSIVE:
        return listing_mark_licensed(
            listing=listing, by=by, exclusive=True, reason="独占的通常実施権を許諾"
        )
    if target == ListingStatus.ASSIGNED:
        return listing_mark_assigned(
            listing=listing, by=by, reason=entry.get("assign_reason", "")
        )
    if entry.get("licensed_non_exclusive"):
        listing = listing_mark_licensed(
            listing=listing, by=by, exclusive=False, reason="通常実施権を許諾"
        )
    return listing


def _backdate(listing: Listing, *, age_days: int, now: datetime) -> None:
    """Spread creation and publication over the past months (services stamp now)."""
    day = timezone.localdate(now) - timedelta(days=age_days)
    created = timezone.make_aware(datetime.combine(day, time(10, listing.pk % 60)))
    published = None
    if listing.published_at is not None:
        published = min(created + timedelta(days=2, hours=5), now)
    fields = {"created_at": created, "content_changed_at": created}
    if listing.status == ListingStatus.PUBLISHED:
        fields |= {
            "published_at": published,
            "status_changed_at": published,
            "updated_at": published,
        }
    elif published is not None:
        fields["published_at"] = published
    elif listing.status == ListingStatus.DRAFT:
        fields["updated_at"] = created
    Listing.objects.filter(pk=listing.pk).update(**fields)
    events = AuditEvent.objects.filter(
        target_type=listing._meta.label_lower, target_id=str(listing.pk)
    )
    events.filter(action="listing.create").update(created_at=created)
    events.filter(action__in=("listing.submit", "listing.approve")).update(
        created_at=published or created + timedelta(hours=1)
    )


@transaction.atomic
def seed(context: dict, stdout=None) -> dict:
    """Load the IPC titles and the demo listings; running it again changes nothing.

    ``context`` is what ``accounts.demo.seed`` returned (organisations and
    users by key); the Kyushu staff user this step adds is put into it.
    """
    from accounts.demo import DEMO_PASSWORD

    ipc = seed_ipc()
    # The migration seeds the strategic fields; a database set up without
    # migrations (tests) gets them here, before listings are created and tagged.
    fields = strategic_field_load_defaults()
    if fields["created"]:
        strategic_fields_retag()
    orgs = context["organizations"]
    admin = context["users"]["admin@example.jp"]
    actors = {
        slug: _staff_user(context, orgs[slug], admin) for slug in UNIVERSITY_DESKS
    }
    review_org = orgs["kyushu-u-ip"]
    if not review_org.can_publish_directly:
        actors["kyushu-u-ip"] = _review_staff(context, review_org, DEMO_PASSWORD)
    done = set(
        Listing.objects.filter(
            source=ListingSource.DEMO, source_id__in=[e["id"] for e in LISTINGS]
        ).values_list("source_id", flat=True)
    )
    now = timezone.now()
    created = 0
    for entry in LISTINGS:
        if entry["id"] in done:
            continue
        org = orgs[entry["org"]]
        by = actors[entry["org"]]
        listing = listing_create(
            owner=org,
            by=by,
            data=_listing_data(entry, org),
            ipc_codes=entry["ipc"],
            rights=[
                _right(r, org_slug=entry["org"], lang=entry["lang"])
                for r in entry["rights"]
            ],
        )
        listing = _walk(entry, listing, by=by, admin=admin)
        _backdate(listing, age_days=entry["age"], now=now)
        created += 1
    if stdout is not None:
        stdout.write(
            f"Demo listings: {created} created, {len(done)} already there; "
            f"IPC titles: {ipc['created']} created, {ipc['updated']} filled in."
        )
        if "kyushu-u-ip" in actors and actors["kyushu-u-ip"].email == REVIEW_STAFF[0]:
            stdout.write(
                f"Review demo account: {REVIEW_STAFF[0]} (staff of kyushu-u-ip, "
                "whose listings wait for admin review)."
            )
    return {"listings_created": created, "ipc": ipc}
