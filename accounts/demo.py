"""Demo organisations and users for `marketplace_seed_demo` (idempotent)."""

from __future__ import annotations

from django.db import transaction

from .constants import MembershipStatus, OrganizationKind, Role
from .models import Membership, Organization, User

DEMO_PASSWORD = "demo-pass-2026"

UNIVERSITIES = [
    # slug, name_ja, name_en, prefecture
    (
        "utokyo-tlo",
        "東京大学 産学協創推進本部",
        "The University of Tokyo, Division of University Corporate Relations",
        "13",
    ),
    (
        "kyoto-u-ip",
        "京都大学 産官学連携本部",
        "Kyoto University, Office of Society-Academia Collaboration for Innovation",
        "26",
    ),
    (
        "tohoku-u-ip",
        "東北大学 産学連携機構",
        "Tohoku University, Organization for Research and Development",
        "04",
    ),
    ("osaka-u-ip", "大阪大学 共創機構", "Osaka University, Co-Creation Bureau", "27"),
    (
        "kyushu-u-ip",
        "九州大学 学術研究・産学官連携本部",
        "Kyushu University, Academic Research and Industry-Academia-Government Collaboration",
        "40",
    ),
    (
        "nagoya-u-ip",
        "名古屋大学 学術研究・産学官連携推進本部",
        "Nagoya University, Academic Research & Industry-Academia-Government Collaboration",
        "23",
    ),
]

COMPANIES = [
    # slug, name_ja, name_en, prefecture, size_band, jsic
    (
        "hamamatsu-seimitsu",
        "浜松精密工業株式会社",
        "Hamamatsu Precision Industries Co., Ltd.",
        "22",
        "small",
        "E",
    ),
    (
        "sakura-battery",
        "さくらバッテリー株式会社",
        "Sakura Battery Inc.",
        "14",
        "micro",
        "E",
    ),
    (
        "minato-agritech",
        "みなとアグリテック株式会社",
        "Minato Agritech Co., Ltd.",
        "07",
        "micro",
        "A",
    ),
    (
        "kansai-medical-devices",
        "関西メディカルデバイス株式会社",
        "Kansai Medical Devices Co., Ltd.",
        "27",
        "medium",
        "E",
    ),
    (
        "hokuriku-materials",
        "北陸マテリアル株式会社",
        "Hokuriku Materials Co., Ltd.",
        "17",
        "small",
        "E",
    ),
    (
        "tsukuba-quantum",
        "つくば量子ソリューションズ株式会社",
        "Tsukuba Quantum Solutions K.K.",
        "08",
        "micro",
        "L",
    ),
    (
        "setouchi-marine",
        "瀬戸内マリン技研株式会社",
        "Setouchi Marine Engineering Co., Ltd.",
        "34",
        "small",
        "E",
    ),
    (
        "shibuya-foodlab",
        "渋谷フードラボ株式会社",
        "Shibuya Food Lab Inc.",
        "13",
        "micro",
        "E",
    ),
]

# email, display name, organisation slug (None = platform admin), role
USERS = [
    ("admin@example.jp", "運営 管理者 (Platform admin)", "platform", Role.OWNER),
    ("tlo-owner@example.jp", "東大TLO 所有者 (TLO owner)", "utokyo-tlo", Role.OWNER),
    ("tlo-staff@example.jp", "東大TLO 担当者 (TLO staff)", "utokyo-tlo", Role.STAFF),
    ("tlo-viewer@example.jp", "東大TLO 閲覧者 (TLO viewer)", "utokyo-tlo", Role.VIEWER),
    (
        "kyoto-staff@example.jp",
        "京大 担当者 (Kyoto TLO staff)",
        "kyoto-u-ip",
        Role.STAFF,
    ),
    (
        "company-owner@example.jp",
        "浜松精密 所有者 (Company owner)",
        "hamamatsu-seimitsu",
        Role.OWNER,
    ),
    (
        "company-staff@example.jp",
        "浜松精密 担当者 (Company staff)",
        "hamamatsu-seimitsu",
        Role.STAFF,
    ),
    (
        "company-viewer@example.jp",
        "浜松精密 閲覧者 (Company viewer)",
        "hamamatsu-seimitsu",
        Role.VIEWER,
    ),
    (
        "battery-staff@example.jp",
        "さくらバッテリー 担当者 (Startup staff)",
        "sakura-battery",
        Role.STAFF,
    ),
]


@transaction.atomic
def seed(stdout=None) -> dict:
    """Create the demo organisations and users; running it again changes nothing."""
    orgs: dict[str, Organization] = {}
    platform, _ = Organization.objects.get_or_create(
        slug="platform",
        defaults={
            "kind": OrganizationKind.PLATFORM,
            "name_ja": "開放特許マーケット運営事務局",
            "name_en": "Open Patent Marketplace Secretariat",
            "prefecture": "13",
            "is_verified": True,
        },
    )
    orgs["platform"] = platform
    for slug, name_ja, name_en, pref in UNIVERSITIES:
        orgs[slug], _ = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": OrganizationKind.UNIVERSITY,
                "name_ja": name_ja,
                "name_en": name_en,
                "prefecture": pref,
                "is_verified": True,
                "can_publish_directly": slug != "kyushu-u-ip",
            },
        )
    for slug, name_ja, name_en, pref, size, jsic in COMPANIES:
        orgs[slug], _ = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": OrganizationKind.COMPANY,
                "name_ja": name_ja,
                "name_en": name_en,
                "prefecture": pref,
                "size_band": size,
                "jsic_industry": jsic,
                # One company stays unverified so the verification flow can be tried.
                "is_verified": slug != "shibuya-foodlab",
            },
        )
    users: dict[str, User] = {}
    for email, name, org_slug, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            is_admin = org_slug == "platform"
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                display_name=name,
                is_staff=is_admin,
                is_superuser=is_admin,
            )
        users[email] = user
        Membership.objects.get_or_create(
            user=user,
            organization=orgs[org_slug],
            defaults={"role": role, "status": MembershipStatus.ACTIVE},
        )
    return {"organizations": orgs, "users": users}
