"""Demo license requests for `marketplace_seed_demo` (idempotent).

Uses the demo companies and TLOs of ``accounts.demo`` and the published demo
listings of ``listings.demo``; every step goes through the services, so the
requests carry real timelines (audit events, messages, notifications).
"""

from __future__ import annotations

from django.db import transaction
from django.test.utils import override_settings

from listings.constants import ListingSource, ListingStatus
from listings.models import Listing

from . import services
from .constants import OPEN_STATUSES
from .constants import RequestStatus as S
from .models import LicenseRequest

# (company slug, its user, owner slug, owner's staff user, listing index,
#  license type, path of (actor side, target state, reason), thread messages)
SCENARIOS = [
    (
        "hamamatsu-seimitsu",
        "company-staff@example.jp",
        "utokyo-tlo",
        "tlo-staff@example.jp",
        0,
        "non_exclusive",
        [("r", S.SUBMITTED, "")],
        [("r", "量産ラインへの適用を検討しています。技術資料をいただけますか。")],
    ),
    (
        "sakura-battery",
        "battery-staff@example.jp",
        "utokyo-tlo",
        "tlo-staff@example.jp",
        1,
        "option",
        [("r", S.SUBMITTED, ""), ("t", S.TRIAGE, ""), ("t", S.INFO_REQUESTED, "")],
        [
            ("t", "想定されている製品の仕様と、開発体制を教えてください。"),
        ],
    ),
    (
        "hamamatsu-seimitsu",
        "company-staff@example.jp",
        "utokyo-tlo",
        "tlo-staff@example.jp",
        2,
        "exclusive_contract",
        [
            ("r", S.SUBMITTED, ""),
            ("t", S.TRIAGE, ""),
            ("t", S.ACCEPTED, ""),
            ("t", S.NDA_PENDING, ""),
            ("t", S.EVALUATION, ""),
            ("t", S.NEGOTIATION, ""),
        ],
        [
            ("t", "秘密保持契約を締結しました。評価用サンプルをお送りします。"),
            ("r", "評価の結果、良好でした。実施料の条件についてご相談させてください。"),
        ],
    ),
    (
        "sakura-battery",
        "battery-staff@example.jp",
        "utokyo-tlo",
        "tlo-staff@example.jp",
        0,
        "non_exclusive",
        [
            ("r", S.SUBMITTED, ""),
            ("t", S.ACCEPTED, ""),
            ("t", S.EVALUATION, ""),
            ("t", S.NEGOTIATION, ""),
            ("t", S.AGREEMENT_PENDING, ""),
            ("r", S.CLOSED_WON, ""),
        ],
        [("r", "契約書案を確認しました。この内容で合意します。")],
    ),
    (
        "hamamatsu-seimitsu",
        "company-staff@example.jp",
        "kyoto-u-ip",
        "kyoto-staff@example.jp",
        0,
        "exclusive",
        [("r", S.SUBMITTED, ""), ("t", S.DECLINED, "other_licensee")],
        [],
    ),
    (
        "hamamatsu-seimitsu",
        "company-staff@example.jp",
        "utokyo-tlo",
        "tlo-staff@example.jp",
        3,
        "research_free",
        [],
        [],
    ),
]


def _move(lr, by, to, reason) -> None:
    services.license_request_transition(request=lr, by=by, to=to, reason=reason)


def _published(owner) -> list[Listing]:
    return list(
        Listing.objects.filter(
            owner=owner, status=ListingStatus.PUBLISHED, source=ListingSource.DEMO
        ).order_by("id")
    )


def seed(context: dict, stdout=None) -> int:
    """Create the demo requests once; running it again changes nothing.

    Creates nothing (and says so) when there are no published demo listings.
    In-app notifications are created; e-mails to the made-up demo addresses
    are discarded (the override wraps the commit, when they would be sent).
    """
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    ):
        return _seed(context, stdout)


@transaction.atomic
def _seed(context: dict, stdout) -> int:
    orgs, users = context["organizations"], context["users"]
    created = 0
    skipped_for_listings = False
    for (
        company_slug,
        r_email,
        owner_slug,
        t_email,
        index,
        ltype,
        path,
        thread,
    ) in SCENARIOS:
        company, owner = orgs.get(company_slug), orgs.get(owner_slug)
        requester, tlo = users.get(r_email), users.get(t_email)
        if None in (company, owner, requester, tlo):
            continue
        listings = _published(owner)
        if len(listings) <= index:
            skipped_for_listings = True
            continue
        listing = listings[index]
        if LicenseRequest.objects.filter(
            listing=listing, organization=company
        ).exists():
            continue
        lr = services.license_request_create(
            listing=listing,
            by=requester,
            organization=company,
            data={
                "license_type": ltype,
                "field_of_use": "産業機器・電子部品",
                "territory": "日本",
                "intended_product": "自社製品への組み込み（試作品を2027年に評価予定）",
                "development_plan": "2027年 試作・評価、2028年 量産判断",
                "is_sme": company.size_band in ("micro", "small", "medium"),
                "source": "search",
                "message": "貴学の技術に関心があります。ライセンスの条件をご相談させてください。",
            },
        )
        closes = bool(path) and path[-1][1] not in OPEN_STATUSES
        steps = path[:-1] if closes else path
        for side, to, reason in steps:
            _move(lr, requester if side == "r" else tlo, to, reason)
        for side, body in thread:
            services.request_message_post(
                request=lr, by=requester if side == "r" else tlo, body=body
            )
        if closes:
            side, to, reason = path[-1]
            _move(lr, requester if side == "r" else tlo, to, reason)
        created += 1
    if stdout is not None:
        if created:
            stdout.write(f"Demo license requests: {created} created.")
        elif LicenseRequest.objects.exists():
            stdout.write("Demo license requests: already there.")
        elif skipped_for_listings:
            stdout.write(
                "Demo license requests: no published demo listings yet, none created."
            )
    return created
