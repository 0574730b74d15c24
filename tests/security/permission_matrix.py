"""The permission matrix: every page and API endpoint x every role -> outcome.

This module is data. ``tests/security/test_permission_matrix.py`` runs each
``Check`` once per role against the world of ``tests/factories/world.py`` and
fails when a URL pattern or API route has no entry here.

Adding a URL? Add one ``Check`` per HTTP method it serves (at least one per URL
name; for API routes one per method the route maps), e.g.::

    Check("landscape:index", everyone(200)),
    Check("api:listing-detail", owner_side(200, api=True),
          args={"pk": W("listing_draft.pk")}),
    Check("api:listing-publish", owner_side("200+", api=True), method="POST",
          args={"pk": W("listing_draft.pk")}),

Outcomes (one per role in ``ROLES``):

- an int: the status code; for an unsafe method (POST/PUT/PATCH/DELETE) it
  also asserts that no domain row changed (a refused action, a form shown
  again, a message "not allowed in this state");
- ``"<code>+"`` (e.g. ``"302+"``, ``"201+"``): that status, and some domain
  row did change (the action took effect for this role; proves the request
  data is good enough that a missing permission check would show);
- ``LOGIN``: a redirect to the login page.

A refused outcome (401/403/404/405/LOGIN) always asserts that nothing changed,
whatever the method.

``secret`` / ``sees`` catch leaks through lists and search: the text (a
draft's title, say) must appear for ``sees`` and nowhere else.

Values in ``args``, ``query``, ``data`` and ``secret`` may be ``W("dotted.path")``: an
attribute path into the world's objects (``W("listing_draft.pk")``,
``W("users.company.email")``), resolved per test.

Django admin is covered by a coarse rule instead of entries (see
``ADMIN_RULE``); custom admin views (not the stock ModelAdmin/AdminSite views)
still need entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.factories.world import ROLES

LOGIN = "login"

ADMIN_RULE = (
    "Django admin: the admin index and the changelist of every registered model: "
    "anonymous and every non-staff role -> 302 to the admin login; admin -> 200. "
    "Stock ModelAdmin/AdminSite URLs are covered by this rule; any custom admin "
    "view needs its own Check."
)


@dataclass(frozen=True)
class W:
    """A reference into the world: ``W("listing_draft.pk")``."""

    path: str


@dataclass(frozen=True)
class Check:
    """One request (route, method, arguments) and the outcome for each role."""

    route: str
    expect: dict[str, Any]
    method: str = "GET"
    args: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    # "form" (urlencoded / multipart), or "json" (API bodies).
    body: str = "form"
    # A text only some roles may read: on a 200 the body contains ``secret``
    # for the roles in ``sees`` and must not contain it for anyone else.
    secret: Any = None
    sees: tuple[str, ...] = ()
    note: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        extra = set(self.expect) - set(ROLES)
        if missing or extra:
            raise ValueError(f"{self.route}: roles missing {missing} / unknown {extra}")

    @property
    def id(self) -> str:
        suffix = f"?{'&'.join(self.query)}" if self.query else ""
        variant = ",".join(
            f"{k}={v.path if isinstance(v, W) else v}" for k, v in self.args.items()
        )
        return f"{self.method} {self.route}({variant}){suffix}"


def roles(default, **overrides) -> dict[str, Any]:
    """Every role gets ``default`` unless overridden."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(outcome) -> dict[str, Any]:
    return roles(outcome)


def _sides(outcome, sides, *, api, denied, overrides):
    base = {"anonymous": 403 if api else LOGIN, **dict.fromkeys(sides, outcome)}
    return roles(denied, **{**base, **overrides})


def owner_side(outcome, *, api: bool = False, denied=404, **overrides):
    """The owning TLO's staff and admins get ``outcome``; other parties ``denied``."""
    return _sides(
        outcome, ("tlo", "admin"), api=api, denied=denied, overrides=overrides
    )


def company_side(outcome, *, api: bool = False, denied=404, **overrides):
    """The requesting company's staff and admins get ``outcome``; others ``denied``."""
    return _sides(
        outcome, ("company", "admin"), api=api, denied=denied, overrides=overrides
    )


def both_parties(outcome, *, api: bool = False, denied=404, **overrides):
    """The company, the owning TLO and admins get ``outcome``; third parties ``denied``."""
    return _sides(
        outcome,
        ("company", "tlo", "admin"),
        api=api,
        denied=denied,
        overrides=overrides,
    )


def admin_only(outcome, *, api: bool = False, denied=404, **overrides):
    return _sides(outcome, ("admin",), api=api, denied=denied, overrides=overrides)


def logged_in(outcome, *, api: bool = False, **overrides) -> dict[str, Any]:
    """Anonymous -> login page (API: 403), everyone else ``outcome``."""
    return roles(outcome, **{"anonymous": 403 if api else LOGIN, **overrides})


LISTING_FORM = {
    "title": "権限テストで変更したタイトル",
    "language": "ja",
    "summary": "高いイオン伝導度の固体電解質",
    "overview": "硫化物系固体電解質の組成を最適化した。",
    "implementation_record": "unknown",
    "licensing_record": "unknown",
    "offers_license": "on",
    "license_types": ["non_exclusive"],
    "disclosure_tier": "public",
    "source": "manual",
    "ipc_codes": "H01M 10/0562",
    "rights-TOTAL_FORMS": "0",
    "rights-INITIAL_FORMS": "0",
    "rights-MIN_NUM_FORMS": "0",
    "rights-MAX_NUM_FORMS": "50",
}
NEED_FORM = {
    "title": "権限テストで変更したニーズ",
    "problem": "固体電解質の安全性を高めたい。",
    "ipc_codes": "H01M 10/0562",
    "license_types": ["non_exclusive"],
    "budget_band": "undecided",
    "timeline": "undecided",
    "visibility": "private",
}
REQUEST_FORM = {
    "license_type": "non_exclusive",
    "field_of_use": "車載用二次電池",
    "territory": "日本",
    "intended_product": "全固体電池パック",
    "development_plan": "2027年に試作",
    "source": "search",
    "submit": "1",
}
ORG_FORM = {
    "action": "profile",
    "name_ja": "権限テストで変更した名前",
    "name_en": "Renamed",
    "prefecture": "13",
    "size_band": "n/a",
}


# --- pages ------------------------------------------------------------------------

SITE = [
    Check("healthz", everyone(200)),
    Check("marketplace:home", everyone(200)),
    Check("marketplace:dashboard", logged_in(200)),
    Check("javascript-catalog", everyone(200)),
    Check("api-docs", everyone(200)),
    Check("api-redoc", everyone(200)),
    Check("set_language", everyone(302), method="POST", data={"language": "en"}),
]

ACCOUNTS = [
    Check("accounts:login", roles(302, anonymous=200)),
    Check("accounts:logout", everyone(302), method="POST"),
    Check("accounts:signup", roles(302, anonymous=200)),
    Check("accounts:profile", logged_in(200)),
    Check(
        "accounts:profile",
        logged_in("302+"),
        method="POST",
        data={"display_name": "名前を変更", "preferred_language": "ja"},
        note="everyone edits only their own profile",
    ),
    Check("accounts:password_change", logged_in(200)),
    Check("accounts:password_reset", everyone(200)),
    Check("accounts:password_reset_done", everyone(200)),
    Check(
        "accounts:password_reset_confirm",
        everyone(302),
        args={"uidb64": W("reset_uidb64"), "token": W("reset_token")},
        note="a valid link moves the token into the session and redirects",
    ),
    Check("accounts:password_reset_complete", everyone(200)),
    Check(
        "accounts:organization",
        owner_side(200),
        args={"slug": W("university.slug")},
    ),
    Check(
        "accounts:organization",
        owner_side("302+", tlo=403),
        method="POST",
        args={"slug": W("university.slug")},
        data=ORG_FORM,
        note="only owners (and admins) manage an organisation; staff get 403",
    ),
    Check(
        "accounts:invitation",
        everyone(200),
        args={"token": W("invitation.token")},
        note="the token is the secret; the page shows whom it invites",
    ),
    Check(
        "accounts:invitation",
        roles(302, anonymous=200),
        method="POST",
        args={"token": W("invitation.token")},
        note="accepting needs the invited e-mail address: nobody here has it",
    ),
    Check("accounts:notifications", logged_in(200)),
    Check(
        "accounts:notifications_read",
        logged_in(302, tlo="302+"),
        method="POST",
        note="marks only the caller's own notifications (only the TLO has unread ones)",
    ),
]

LISTINGS = [
    Check(
        "listings:list",
        everyone(200),
        secret=W("listing_draft.title"),
        note="the public list shows published listings only",
    ),
    Check(
        "listings:mine",
        logged_in(200),
        secret=W("listing_draft.title"),
        sees=("tlo",),
    ),
    Check("listings:new", logged_in(200)),
    Check(
        "listings:new",
        owner_side("302+"),
        method="POST",
        query={"org": W("university.slug")},
        data=LISTING_FORM,
    ),
    Check("listings:export_csv", logged_in(200, admin=200)),
    Check(
        "listings:export_csv",
        owner_side(200),
        query={"owner": W("university.slug")},
    ),
    Check(
        "listings:export_jsonl",
        owner_side(200),
        query={"owner": W("university.slug")},
    ),
    Check("listings:ipc_index", everyone(200)),
    Check("listings:ipc_code", everyone(200), args={"code": W("ipc.code")}),
    Check("listings:edit", owner_side(200), args={"pk": W("listing_draft.pk")}),
    Check(
        "listings:edit",
        owner_side("302+"),
        method="POST",
        args={"pk": W("listing_draft.pk")},
        data=LISTING_FORM,
    ),
    Check("listings:preview", owner_side(200), args={"pk": W("listing_draft.pk")}),
    Check(
        "listings:action",
        owner_side("302+"),
        method="POST",
        args={"pk": W("listing_published.pk"), "action": "withdraw"},
        data={"reason": "権限テスト"},
    ),
    Check(
        "listings:action",
        logged_in(405),
        args={"pk": W("listing_published.pk"), "action": "withdraw"},
    ),
    Check(
        "listings:detail",
        everyone(200),
        args={"pk": W("listing_published.pk"), "slug": W("listing_published_slug")},
    ),
    Check(
        "listings:detail",
        roles(404, tlo=200, admin=200),
        args={"pk": W("listing_draft.pk"), "slug": W("listing_draft_slug")},
        note="a draft exists only for its owner and admins",
    ),
    # Imports are for staff of a university/TLO only; platform admins import
    # with the listings_import command, not on these pages.
    Check("listings:import_upload", logged_in(403, tlo=200, other_tlo=200)),
    Check(
        "listings:import_upload",
        logged_in(403, tlo="302+", other_tlo=200),
        method="POST",
        data={
            "owner": W("university.pk"),
            "format": "csv",
            "file": W("import_file"),
        },
        note="another TLO cannot choose this owner: the form is shown again",
    ),
    Check("listings:import_template", logged_in(403, tlo=200, other_tlo=200)),
    Check(
        "listings:import_job",
        owner_side(200, admin=404),
        args={"pk": W("import_job.pk")},
    ),
    Check(
        "listings:import_job_status",
        owner_side(200, admin=404),
        args={"pk": W("import_job.pk")},
    ),
]

SEARCH = [
    Check("search:search", everyone(200)),
    Check(
        "search:search",
        everyone(200),
        query={"q": "下書き"},
        secret=W("listing_draft.title"),
        note="search finds published listings only, whoever asks",
    ),
    Check(
        "search:saved_list",
        logged_in(200),
        secret=W("saved_search.name"),
        sees=("company",),
    ),
    Check(
        "search:saved_create",
        logged_in("302+"),
        method="POST",
        data={"q": "電池", "name": "権限テスト"},
        note="saves a search for the caller only",
    ),
    Check(
        "search:saved_delete",
        roles(404, anonymous=LOGIN, company="302+"),
        method="POST",
        args={"pk": W("saved_search.pk")},
        note="only the user who saved it; not even admins",
    ),
    Check(
        "search:unsubscribe",
        everyone(200),
        args={"token": W("saved_search.unsubscribe_token")},
    ),
    Check(
        "search:unsubscribe",
        everyone("200+"),
        method="POST",
        args={"token": W("saved_search.unsubscribe_token")},
        note="the token from the e-mail is the secret",
    ),
]

LANDSCAPE = [
    Check("landscape:index", everyone(200)),
    Check(
        "landscape:export",
        everyone(200),
        args={"chart": "fields", "fmt": "csv"},
        note="public aggregates of published listings and active needs only",
    ),
]

MATCHING = [
    Check(
        "matching:need_list",
        logged_in(200),
        secret=W("need.title"),
        sees=("company",),
    ),
    Check("matching:need_new", logged_in(200)),
    Check(
        "matching:need_new",
        logged_in(200, company="302+", other_company="302+"),
        method="POST",
        data=NEED_FORM,
        note="a need is created for the caller's own company; others see a page",
    ),
    Check("matching:need_detail", company_side(200), args={"pk": W("need.pk")}),
    Check(
        "matching:need_detail",
        company_side("302+"),
        method="POST",
        args={"pk": W("need.pk")},
        data=NEED_FORM,
    ),
    Check(
        "matching:need_action",
        company_side("302+"),
        method="POST",
        args={"pk": W("need.pk"), "action": "pause"},
    ),
    Check("matching:review", admin_only(200)),
    Check(
        "matching:review_bulk",
        admin_only("302+"),
        method="POST",
        data={"action": "approve", "matches": [W("match_proposed.pk")]},
    ),
    Check(
        "matching:review_decide",
        admin_only("302+"),
        method="POST",
        args={"pk": W("match_proposed.pk"), "action": "approve"},
        data={"note_to_company": "ぜひご検討ください"},
    ),
    Check(
        "matching:review_run",
        admin_only(302),
        method="POST",
        note="the coordinators' button; the batch is queued on commit, so no row "
        "changes inside the test transaction",
    ),
    Check("matching:match_list", logged_in(200)),
    Check(
        "matching:match_detail",
        company_side(200),
        args={"pk": W("match_sent.pk")},
    ),
    Check(
        "matching:match_detail",
        company_side(404, admin=200),
        args={"pk": W("match_proposed.pk")},
        note="a proposal is not shown to the company before approval",
    ),
    Check(
        "matching:match_respond",
        company_side("302+", admin=302),
        method="POST",
        args={"pk": W("match_sent.pk"), "answer": "interested"},
        note="admins see the match but only the company answers it",
    ),
]

REQUESTS = [
    Check(
        "marketplace:request_mine",
        logged_in(200),
        secret=W("listing_published.title"),
        sees=("company",),
        note="the requester's own requests, by listing title",
    ),
    Check(
        "marketplace:request_new",
        logged_in(200, tlo=403, other_tlo=403, admin=403),
        args={"listing_pk": W("listing_free.pk")},
    ),
    Check(
        "marketplace:request_new",
        logged_in("302+", tlo=403, other_tlo=403, admin=403),
        method="POST",
        args={"listing_pk": W("listing_free.pk")},
        data=REQUEST_FORM,
        note="any verified company may request a published listing",
    ),
    Check(
        "marketplace:request_new",
        logged_in(404, tlo=403, admin=403),
        args={"listing_pk": W("listing_draft.pk")},
        note="a draft cannot be requested (and is invisible)",
    ),
    Check(
        "marketplace:request_inbox",
        logged_in(200, company=403, other_company=403),
        secret=W("company.name_ja"),
        sees=("tlo",),
        note="received requests name the requesting company",
    ),
    Check("marketplace:request_stalled", admin_only(200, denied=403)),
    Check(
        "marketplace:request_detail",
        both_parties(200),
        args={"pk": W("license_request.pk")},
    ),
    Check(
        "marketplace:request_detail",
        company_side(200),
        args={"pk": W("draft_request.pk")},
        note="the listing owner never sees a requester's draft",
    ),
    Check(
        "marketplace:request_transition",
        both_parties(302, tlo="302+"),
        method="POST",
        args={"pk": W("license_request.pk")},
        data={"to": "triage"},
        note="submitted -> triage is the listing owner's move",
    ),
    Check(
        "marketplace:request_message",
        both_parties("302+"),
        method="POST",
        args={"pk": W("license_request.pk")},
        data={"body": "権限テストのメッセージ"},
    ),
    Check(
        "marketplace:request_assign",
        both_parties("302+", company=403),
        method="POST",
        args={"pk": W("license_request.pk")},
        data={"assignee": W("tlo_owner.pk")},
    ),
    Check(
        "marketplace:request_attachment",
        both_parties(200),
        args={"pk": W("attachment.pk")},
    ),
    Check(
        "marketplace:analytics_organization",
        logged_in(200, company=403, other_company=403, admin=403),
        note="without ?org: the caller's own university (companies have none)",
    ),
    Check(
        "marketplace:analytics_organization",
        owner_side(200),
        query={"org": W("university.slug")},
    ),
    Check(
        "marketplace:analytics_listing",
        owner_side(200),
        args={"pk": W("listing_published.pk")},
    ),
    Check(
        "marketplace:analytics_csv",
        owner_side(200),
        query={"org": W("university.slug")},
    ),
]

# --- API (/api/v1/) ---------------------------------------------------------------

LISTING_JSON = {
    "owner": W("university.slug"),
    "title": "APIで作ったリスティング",
    "overview": "権限テスト",
    "offers_license": True,
    "license_types": ["non_exclusive"],
}
REQUEST_JSON = {
    "listing": W("listing_free.pk"),
    "license_type": "non_exclusive",
    "field_of_use": "車載用二次電池",
    "intended_product": "全固体電池パック",
}

API = [
    Check("api:api-root", everyone(200)),
    Check("api:schema", everyone(200)),
    Check("api:healthz", everyone(200)),
    Check("api:me", logged_in(200, api=True)),
    Check(
        "api:auth-token",
        everyone(200),
        method="POST",
        body="json",
        data={"email": W("users.company.email"), "password": W("password")},
        note="public: exchanges credentials, whoever calls",
    ),
    Check(
        "api:search",
        everyone(200),
        query={"q": "下書き"},
        secret=W("listing_draft.title"),
    ),
    Check("api:landscape", everyone(200)),
    Check("api:organization-list", everyone(200)),
    Check(
        "api:organization-detail",
        everyone(200),
        args={"slug": W("university.slug")},
        note="verified organisations are public",
    ),
    Check(
        "api:organization-members",
        owner_side(200, api=True),
        args={"slug": W("university.slug")},
    ),
    Check(
        "api:listing-list",
        everyone(200),
        query={"page_size": "100"},
        secret=W("listing_draft.title"),
        sees=("tlo", "admin"),
    ),
    Check(
        "api:listing-list",
        owner_side("201+", api=True),
        method="POST",
        body="json",
        data=LISTING_JSON,
    ),
    Check(
        "api:listing-detail",
        everyone(200),
        args={"pk": W("listing_published.pk")},
    ),
    Check(
        "api:listing-detail",
        owner_side(200, anonymous=404),
        args={"pk": W("listing_draft.pk")},
    ),
    Check(
        "api:listing-detail",
        owner_side("200+", api=True),
        method="PATCH",
        body="json",
        args={"pk": W("listing_draft.pk")},
        data={"title": "APIで変更したタイトル"},
    ),
    Check(
        "api:listing-publish",
        owner_side("200+", api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_draft.pk")},
    ),
    Check(
        "api:listing-withdraw",
        owner_side("200+", api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_published.pk")},
        data={"reason": "権限テスト"},
    ),
    Check(
        "api:listing-reopen",
        owner_side(409, api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_published.pk")},
        note="published cannot be reopened: the owner gets 409, others still 404",
    ),
    Check(
        "api:listing-mark-licensed",
        owner_side("200+", api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_published.pk")},
        data={"exclusive": True},
    ),
    Check(
        "api:listing-mark-assigned",
        owner_side("200+", api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_published.pk")},
    ),
    Check(
        "api:listing-archive",
        owner_side(409, api=True),
        method="POST",
        body="json",
        args={"pk": W("listing_published.pk")},
    ),
    Check("api:ipc-list", everyone(200)),
    Check("api:ipc-detail", everyone(200), args={"code": W("ipc.code")}),
    Check(
        "api:saved-search-list",
        logged_in(200, api=True),
        secret=W("saved_search.name"),
        sees=("company",),
    ),
    Check(
        "api:saved-search-list",
        logged_in("201+", api=True),
        method="POST",
        body="json",
        data={"name": "API", "query": "電池"},
    ),
    Check(
        "api:saved-search-detail",
        roles(404, anonymous=403, company=200),
        args={"pk": W("saved_search.pk")},
    ),
    Check(
        "api:saved-search-detail",
        roles(404, anonymous=403, company="204+"),
        method="DELETE",
        body="json",
        args={"pk": W("saved_search.pk")},
    ),
    Check(
        "api:license-request-list",
        logged_in(200, api=True),
        secret=W("draft_request.intended_product"),
        sees=("company", "admin"),
        note="a draft request is the requester's alone (and the admins')",
    ),
    Check(
        "api:license-request-list",
        logged_in("201+", api=True, tlo=403, other_tlo=403, admin=403),
        method="POST",
        body="json",
        data=REQUEST_JSON,
    ),
    Check(
        "api:license-request-detail",
        both_parties(200, api=True),
        args={"pk": W("license_request.pk")},
    ),
    Check(
        "api:license-request-detail",
        company_side(200, api=True),
        args={"pk": W("draft_request.pk")},
    ),
    Check(
        "api:license-request-messages",
        both_parties(200, api=True),
        args={"pk": W("license_request.pk")},
    ),
    Check(
        "api:license-request-messages",
        both_parties("201+", api=True),
        method="POST",
        body="json",
        args={"pk": W("license_request.pk")},
        data={"body": "APIからのメッセージ"},
    ),
    Check(
        "api:license-request-transition",
        both_parties(409, api=True, tlo="200+"),
        method="POST",
        body="json",
        args={"pk": W("license_request.pk")},
        data={"to": "triage"},
    ),
]

MATRIX: list[Check] = [
    *SITE,
    *ACCOUNTS,
    *LISTINGS,
    *SEARCH,
    *LANDSCAPE,
    *MATCHING,
    *REQUESTS,
    *API,
]
