"""Every page and API endpoint x every role gets the outcome the matrix states.

The matrix is ``tests/security/permission_matrix.py``. Besides the status,
every refused request (and every unsafe request whose outcome is a plain
status) must leave all domain rows unchanged, and every outcome marked ``+``
must change some, so the request data would have done harm had the check been
missing. The inventory test fails when a URL pattern or an API route/method
has no entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic.base import RedirectView

from tests.factories.world import ROLES
from tests.security.permission_matrix import ADMIN_RULE, LOGIN, MATRIX, Check, W

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
REFUSED = {401, 403, 404, 405, LOGIN}
DOMAIN_APPS = ("accounts", "listings", "matching", "marketplace", "search")

# --- the route inventory ------------------------------------------------------------

# Views Django admin builds for every ModelAdmin / the AdminSite: ADMIN_RULE.
STOCK_ADMIN_VIEWS = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete_view",
    "i18n_javascript",
    "app_index",
    "catch_all_view",
    "shortcut",
    "changelist_view",
    "add_view",
    "history_view",
    "delete_view",
    "change_view",
    "user_change_password",
}


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    pattern: str
    methods: tuple[str, ...] | None  # None: a plain Django view (any entry will do)
    admin: bool


def _methods(callback) -> tuple[str, ...] | None:
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: method -> action
        # DRF adds "head" to the mapping on the first GET; HEAD is GET here.
        return tuple(sorted(m.upper() for m in actions if m not in ("head", "options")))
    cls = getattr(callback, "cls", None)
    if cls is not None:  # a DRF APIView
        return tuple(
            sorted(
                m.upper()
                for m in cls.http_method_names
                if m not in ("options", "head") and hasattr(cls, m)
            )
        )
    return None


def _stock_admin(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None and issubclass(view_class, RedirectView):
        return True
    return getattr(callback, "__name__", "") in STOCK_ADMIN_VIEWS


def route_inventory(urlconf=None) -> list[Route]:
    """Every URL pattern of the URLconf, walked recursively."""
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for item in patterns:
            if isinstance(item, URLResolver):
                ns = namespace
                if item.namespace:
                    ns = (
                        f"{namespace}:{item.namespace}" if namespace else item.namespace
                    )
                walk(item.url_patterns, prefix + str(item.pattern), ns)
            elif isinstance(item, URLPattern):
                name = None
                if item.name:
                    name = f"{namespace}:{item.name}" if namespace else item.name
                routes.append(
                    Route(
                        name=name,
                        pattern=prefix + str(item.pattern),
                        methods=_methods(item.callback),
                        admin=namespace.split(":")[0] == "admin"
                        and _stock_admin(item.callback),
                    )
                )

    walk(get_resolver(urlconf).url_patterns, "", "")
    return routes


def matrix_gaps(matrix: list[Check], urlconf=None) -> list[str]:
    """URL names (and API methods) with no Check, and Checks naming no URL."""
    covered: dict[str, set[str]] = {}
    for check in matrix:
        covered.setdefault(check.route, set()).add(check.method)
    gaps: list[str] = []
    names = set()
    for route in route_inventory(urlconf):
        if route.admin:
            continue
        if route.name is None:
            gaps.append(f"unnamed URL pattern {route.pattern!r}: give it a name")
            continue
        names.add(route.name)
        if route.name not in covered:
            gaps.append(f"{route.name} ({route.pattern}): no entry")
            continue
        for method in route.methods or ():
            if method not in covered[route.name]:
                gaps.append(f"{route.name} {method}: no entry for this method")
    for name in covered:
        if name not in names:
            gaps.append(f"{name}: in the matrix but no such URL")
    return sorted(set(gaps))


def test_every_route_and_api_method_has_a_matrix_entry():
    assert matrix_gaps(MATRIX) == []


def test_a_route_without_an_entry_is_reported():
    # Compared with the real site's gaps, so this test is about detection only.
    site_gaps = set(matrix_gaps(MATRIX))
    with override_settings(ROOT_URLCONF="tests.security.urls_unlisted"):
        gaps = matrix_gaps(MATRIX)
    assert sorted(set(gaps) - site_gaps) == [
        "api-unlisted:unlisted-detail (api/v1/unlisted/^things/(?P<pk>[^/.]+)/$): no entry",
        "api-unlisted:unlisted-list (api/v1/unlisted/^things/$): no entry",
        "unlisted-page (unlisted/): no entry",
        "unnamed URL pattern 'unlisted/nameless/': give it a name",
    ]


def test_a_missing_api_method_or_stale_entry_is_reported():
    without_delete = [
        c
        for c in MATRIX
        if not (c.route == "api:saved-search-detail" and c.method == "DELETE")
    ]
    stale = Check("listings:gone", {role: 200 for role in ROLES})
    site_gaps = set(matrix_gaps(MATRIX))
    assert sorted(set(matrix_gaps([*without_delete, stale])) - site_gaps) == [
        "api:saved-search-detail DELETE: no entry for this method",
        "listings:gone: in the matrix but no such URL",
    ]


# --- running a check ----------------------------------------------------------------


def resolve(value, world):
    if isinstance(value, W):
        obj = world
        for part in value.path.split("."):
            obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
        return obj
    if isinstance(value, list):
        return [resolve(v, world) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, world) for k, v in value.items()}
    return value


def domain_snapshot() -> dict[str, list[tuple]]:
    """Every row of every model of the project's apps."""
    rows = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields]
            rows[model._meta.label] = list(
                model._default_manager.order_by("pk").values_list(*fields)
            )
    return rows


def changed_models(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def perform(check: Check, role: str, world, *, compare: bool):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(check.route, kwargs=resolve(check.args, world))
    query = resolve(check.query, world)
    data = resolve(check.data, world)
    before = domain_snapshot() if compare else None
    if check.method == "GET":
        response = client.get(url, query)
    elif check.body == "json":
        response = client.generic(
            check.method,
            url if not query else f"{url}?{_qs(query)}",
            data=json.dumps(data, ensure_ascii=False),
            content_type="application/json",
        )
    elif check.method == "POST":
        response = client.post(url if not query else f"{url}?{_qs(query)}", data)
    else:
        response = client.generic(
            check.method,
            url if not query else f"{url}?{_qs(query)}",
            data=_qs(data),
            content_type="application/x-www-form-urlencoded",
        )
    if not compare:
        return response, []
    return response, changed_models(before, domain_snapshot())


def _qs(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


def _status(response, expected) -> str:
    if response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    ):
        return LOGIN
    return str(response.status_code)


CASES = [
    pytest.param(check, role, id=f"{check.id}-{role}")
    for check in MATRIX
    for role in ROLES
]


@pytest.mark.parametrize("check,role", CASES)
def test_permission(check, role, world, db):
    expected = check.expect[role]
    compare = (
        str(expected).endswith("+") or expected in REFUSED or check.method in UNSAFE
    )
    response, changed = perform(check, role, world, compare=compare)
    wanted = str(expected).rstrip("+")
    got = _status(response, expected)
    assert got == wanted, (
        f"{check.id} as {role}: expected {expected}, got {response.status_code} "
        f"{response.get('Location', '')}".strip()
    )
    if check.secret is not None and response.status_code == 200:
        secret = str(resolve(check.secret, world))
        body = b"".join(response) if response.streaming else response.content
        shown = secret in body.decode("utf-8", "replace")
        assert shown == (role in check.sees), f"{check.id} as {role}: {secret!r} " + (
            "leaked" if shown else "missing for a role that may see it"
        )
    if str(expected).endswith("+"):
        assert changed, f"{check.id} as {role}: allowed, but nothing changed"
    elif expected in REFUSED or check.method in UNSAFE:
        assert changed == [], f"{check.id} as {role}: refused, but changed {changed}"


# --- Django admin: the coarse rule --------------------------------------------------

ADMIN_PAGES = ["admin:index"] + [
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_admin_pages_are_staff_only(page, role, world, db):
    __doc__ = ADMIN_RULE  # noqa: F841 - the rule this test enforces
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = client.get(reverse(page))
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
