"""One small, complete world of objects for permission and API-fuzzing tests.

Two universities and two companies, one user per role, and every kind of
object a URL can name, owned by the university ``university`` and the company
``company``: listings (published, draft, and one nobody has requested yet), IPC codes, a need with a sent and
a proposed match, a submitted license request with a message and an
attachment, the company's draft request, a saved search, an import job, an
invitation and the notifications the services sent.

Built through the services where one exists (so audit events, notifications
and derived rows are real); matches are written directly because only the
matching engine creates them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from accounts import services as account_services
from accounts.constants import Role
from listings import services as listing_services
from listings.constants import IPCKind
from listings.importing.jobs import import_job_create
from listings.models import IPCCode
from marketplace import services as request_services
from matching import services as matching_services
from matching.models import Match, MatchStatus
from search import services as search_services
from tests.factories.accounts import (
    PASSWORD,
    AdminUserFactory,
    CompanyFactory,
    UniversityFactory,
    member_of,
)

#: The roles every permission check is run as (None = not logged in).
ROLES = ("anonymous", "company", "other_company", "tlo", "other_tlo", "admin")

LISTING_DATA = {
    "title": "全固体電池用の硫化物固体電解質",
    "summary": "高いイオン伝導度と大気安定性を両立する固体電解質",
    "overview": "硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。",
    "offers_license": True,
    "license_types": ["non_exclusive", "exclusive"],
}
IPC_ROWS = [
    ("H", IPCKind.SECTION, 1, None, "Electricity", "電気"),
    ("H01", IPCKind.CLASS, 2, "H", "Basic electric elements", "基本的電気素子"),
    ("H01M", IPCKind.SUBCLASS, 3, "H01", "Batteries", "電池"),
    ("H01M 10/00", IPCKind.MAIN_GROUP, 4, "H01M", "Secondary cells", "二次電池"),
    (
        "H01M 10/0562",
        IPCKind.SUBGROUP,
        5,
        "H01M 10/00",
        "Solid electrolytes",
        "固体電解質",
    ),
]
IMPORT_CSV = "title,overview\n試験用リスティング,概要です。\n"


@dataclass
class World:
    """The objects, by name; ``users`` maps each of ROLES to its user (or None)."""

    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    @property
    def password(self) -> str:
        return PASSWORD

    @property
    def listing_published_slug(self) -> str:
        return unquote(self.objects["listing_published"].get_absolute_url()).split("/")[
            -2
        ]

    @property
    def listing_draft_slug(self) -> str:
        return unquote(self.objects["listing_draft"].get_absolute_url()).split("/")[-2]

    @property
    def reset_uidb64(self) -> str:
        """The password-reset link of the TLO owner (a user no test logs in as)."""
        return urlsafe_base64_encode(force_bytes(self.objects["tlo_owner"].pk))

    @property
    def reset_token(self) -> str:
        user = self.objects["tlo_owner"]
        user.refresh_from_db()
        return default_token_generator.make_token(user)

    @property
    def import_file(self) -> SimpleUploadedFile:
        """A fresh upload for the import page (a file can be read only once)."""
        return SimpleUploadedFile("import.csv", IMPORT_CSV.encode())

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def _match(listing, need, *, status, score):
    return Match.objects.create(
        listing=listing,
        need=need,
        score=score,
        status=status,
        engine_version="test",
        components={"lexical": 0.5, "ipc": 0.4, "bm25": 3.0},
        explanation={"shared_terms": ["固体電解質"], "shared_ipc": ["H01M"]},
        decided_at=timezone.now() if status != MatchStatus.PROPOSED else None,
    )


def build_world() -> World:
    """Create the world in the current transaction and return it."""
    world = World()
    objects = world.objects
    university = UniversityFactory(slug="perm-univ", name_en="Permission University")
    other_university = UniversityFactory(slug="perm-other-univ")
    company = CompanyFactory(slug="perm-company", size_band="small")
    other_company = CompanyFactory(slug="perm-other-company")
    objects.update(
        university=university,
        other_university=other_university,
        company=company,
        other_company=other_company,
    )
    tlo_owner = member_of(university, role=Role.OWNER, email="tlo-owner@perm.test")
    company_owner = member_of(company, role=Role.OWNER, email="co-owner@perm.test")
    world.users = {
        "anonymous": None,
        "company": member_of(company, email="company@perm.test"),
        "other_company": member_of(other_company, email="other-company@perm.test"),
        "tlo": member_of(university, email="tlo@perm.test"),
        "other_tlo": member_of(other_university, email="other-tlo@perm.test"),
        "admin": AdminUserFactory(email="admin@perm.test"),
    }
    objects.update(tlo_owner=tlo_owner, company_owner=company_owner)
    for role, user in world.users.items():
        if user is not None:
            world.tokens[role] = Token.objects.create(user=user).key

    for code, kind, level, parent, en, ja in IPC_ROWS:
        IPCCode.objects.create(
            code=code,
            kind=kind,
            level=level,
            parent_id=parent,
            title_en=en,
            title_ja=ja,
        )
    tlo = world.users["tlo"]
    published = listing_services.listing_create(
        owner=university,
        by=tlo,
        data=LISTING_DATA,
        ipc_codes=["H01M 10/0562"],
        rights=[
            {
                "application_number": "特願2021-045678",
                "filing_date": datetime.date(2021, 3, 19),
            }
        ],
    )
    published = listing_services.listing_submit(listing=published, by=tlo)
    draft = listing_services.listing_create(
        owner=university,
        by=tlo,
        data={**LISTING_DATA, "title": "未公開の下書きリスティング"},
        ipc_codes=["H01M 10/0562"],
    )
    other_listing = listing_services.listing_create(
        owner=other_university,
        by=world.users["other_tlo"],
        data={**LISTING_DATA, "title": "他大学の公開リスティング"},
    )
    other_listing = listing_services.listing_submit(
        listing=other_listing, by=world.users["other_tlo"]
    )
    # Published, with no request yet: the target of "request a license".
    free = listing_services.listing_create(
        owner=university,
        by=tlo,
        data={**LISTING_DATA, "title": "リクエストのない公開リスティング"},
    )
    free = listing_services.listing_submit(listing=free, by=tlo)
    search_services.search_index_listings(
        listing_ids=[published.pk, draft.pk, other_listing.pk, free.pk]
    )
    objects.update(
        listing_free=free,
        listing_published=published,
        listing_draft=draft,
        other_listing=other_listing,
        ipc=IPCCode.objects.get(code="H01M 10/0562"),
    )

    company_user = world.users["company"]
    need = matching_services.need_create(
        organization=company,
        by=company_user,
        data={"title": "全固体電池の固体電解質を探しています", "problem": "安全性"},
        ipc_codes=["H01M 10/0562"],
    )
    need_b = matching_services.need_create(
        organization=company,
        by=company_user,
        data={"title": "電池の劣化診断", "problem": "寿命予測"},
    )
    objects.update(
        need=need,
        need_b=need_b,
        match_sent=_match(published, need, status=MatchStatus.SENT, score=0.9),
        match_proposed=_match(
            published, need_b, status=MatchStatus.PROPOSED, score=0.7
        ),
    )

    request_data = {
        "license_type": "non_exclusive",
        "field_of_use": "車載用二次電池",
        "territory": "日本",
        "intended_product": "電気自動車向けの全固体電池パック",
        "development_plan": "2027年に試作",
    }
    license_request = request_services.license_request_create(
        listing=published, by=company_user, organization=company, data=request_data
    )
    license_request = request_services.license_request_submit(
        request=license_request, by=company_user
    )
    message = request_services.request_message_post(
        request=license_request,
        by=company_user,
        body="技術資料をお送りいただけますか。",
        files=[SimpleUploadedFile("資料.pdf", b"%PDF-1.7\n% test attachment\n")],
    )
    draft_request = request_services.license_request_create(
        listing=other_listing,
        by=company_user,
        organization=company,
        data={**request_data, "intended_product": "下書きだけに書いた製品計画"},
    )
    objects.update(
        license_request=license_request,
        message=message,
        attachment=message.attachments.get(),
        draft_request=draft_request,
    )

    objects["saved_search"] = search_services.saved_search_create(
        user=company_user, name="権限テストの保存検索", query="固体電解質"
    )
    objects["import_job"] = import_job_create(
        owner=university,
        by=tlo,
        fmt="csv",
        upload=SimpleUploadedFile("import.csv", IMPORT_CSV.encode()),
    )
    objects["invitation"] = account_services.invitation_create(
        organization=university, by=tlo_owner, email="invitee@perm.test"
    )
    return world
