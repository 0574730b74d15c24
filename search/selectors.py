"""Reads for search: run a query for a viewer, facet labels, saved searches, health.

Every hit a backend returns is re-checked against the listings' visibility
rules (``listings.selectors.listing_list_published``), so a stale index can
never show a draft, a withdrawn listing or another organisation's work.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from accounts.constants import prefecture_label
from accounts.models import Organization
from listings.constants import LicenseType, ListingStatus, TrackRecord
from listings.models import Listing, ListingIPC, PatentRight
from listings.selectors import (
    ipc_titles,
    listing_list_published,
    listing_shows_full_text,
)

from .backends import SearchHit, SearchQuery, get_backend
from .backends.base import FILTER_KEYS, SORTS
from .documents import is_teaser_only
from .models import SavedSearch

MAX_PAGE_SIZE = 100
# Deep pages cost more and help nobody; the API and page stop here.
MAX_RESULT_WINDOW = 10_000
# Highlight keys shown for a listing whose full text the viewer may not see.
TEASER_FIELDS = ("title", "summary")


@dataclass
class SearchItem:
    listing: Listing
    hit: SearchHit
    # Whether the viewer may read the full listing (else: the teaser only).
    full_text: bool = True


@dataclass
class SearchPage:
    query: SearchQuery
    total: int
    items: list[SearchItem]
    facets: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        size = self.query.page_size
        return max(1, (min(self.total, MAX_RESULT_WINDOW) + size - 1) // size)

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def search_query_from_params(params) -> SearchQuery:
    """Build a SearchQuery from request parameters (a QueryDict or dict).

    Filters may repeat (``?ipc=H01M&ipc=G06F``) or be comma-separated.
    Anything malformed falls back to a default instead of failing.
    """

    def getlist(key: str) -> list[str]:
        if hasattr(params, "getlist"):
            raw = params.getlist(key)
        else:
            value = params.get(key)
            raw = value if isinstance(value, list) else [value] if value else []
        values: list[str] = []
        for item in raw:
            values.extend(v.strip() for v in str(item).split(",") if v.strip())
        return [v[:40] for v in values][:20]

    filters = {key: getlist(key) for key in FILTER_KEYS}
    filters = {key: values for key, values in filters.items() if values}
    sort = str(params.get("sort") or "relevance")
    page_size = _int(params.get("page_size"), 20, 1, MAX_PAGE_SIZE)
    page = _int(params.get("page"), 1, 1, MAX_RESULT_WINDOW // page_size)
    return SearchQuery(
        text=str(params.get("q") or "")[:1000],
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=page,
        page_size=page_size,
    )


# IPC titles and organisation names change rarely; facets show many of them
# on every query, so they are kept in memory for a short while.
LABEL_TTL_SECONDS = 60.0
_label_cache: dict[tuple[str, str, str], tuple[float, str]] = {}


def _cached_labels(kind: str, keys: list[str], load) -> dict[str, str]:
    language = get_language() or "ja"
    now = time.monotonic()
    found: dict[str, str] = {}
    missing = []
    for key in keys:
        hit = _label_cache.get((kind, language, key))
        if hit is not None and now - hit[0] < LABEL_TTL_SECONDS:
            found[key] = hit[1]
        else:
            missing.append(key)
    if missing:
        loaded = load(missing)
        if len(_label_cache) > 20_000:
            _label_cache.clear()
        for key in missing:
            label = loaded.get(key, "")
            _label_cache[(kind, language, key)] = (now, label)
            found[key] = label
    return found


def _ipc_labels(codes: list[str]) -> dict[str, str]:
    return {
        code: (row.title if row is not None else "")
        for code, row in ipc_titles(codes).items()
    }


def _owner_labels(slugs: list[str]) -> dict[str, str]:
    return {
        org.slug: org.display_name
        for org in Organization.objects.filter(slug__in=slugs).only(
            "slug", "name_ja", "name_en"
        )
    }


def _label_map(facets: dict[str, list[tuple[str, int]]]) -> dict[str, dict]:
    language = get_language() or "ja"
    labels: dict[str, dict] = {}
    codes = [
        value
        for name in ("ipc_section", "ipc_class", "ipc_subclass")
        for value, _count in facets.get(name, [])
    ]
    labels["ipc"] = _cached_labels("ipc", codes, _ipc_labels) if codes else {}
    slugs = [value for value, _count in facets.get("owner", [])]
    labels["owner"] = _cached_labels("owner", slugs, _owner_labels) if slugs else {}
    labels["prefecture"] = {
        value: prefecture_label(value, language)
        for value, _count in facets.get("prefecture", [])
    }
    labels["license_type"] = {k: str(v) for k, v in LicenseType.choices}
    labels["track"] = {k: str(v) for k, v in TrackRecord.choices}
    labels["status"] = {k: str(v) for k, v in ListingStatus.choices}
    return labels


def facet_labels(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    """Facet counts with a display label per value: ``{name: [{value, count, label}]}``."""
    from django.utils.translation import gettext as _

    labels = _label_map(facets)
    offer_labels = {"license": _("License"), "assignment": _("Assignment")}
    result: dict[str, list[dict]] = {}
    for name, values in facets.items():
        if name.startswith("ipc_"):
            table = labels.get("ipc", {})
        elif name in ("implementation_record", "licensing_record"):
            table = labels["track"]
        elif name == "offer":
            table = offer_labels
        else:
            table = labels.get(name, {})
        result[name] = [
            {"value": value, "count": count, "label": table.get(value) or value}
            for value, count in values
        ]
    return result


# Long texts are not shown in results (highlights come from the backend).
_HEAVY_FIELDS = (
    "overview",
    "purpose",
    "effect",
    "applicable_products",
    "advantages",
    "claims",
    "inventors",
    "desired_terms",
    "contact_note",
)


def _listings_for_hits(ids: list[int]) -> QuerySet[Listing]:
    return (
        listing_list_published()
        .filter(pk__in=ids)
        .defer(*_HEAVY_FIELDS)
        .prefetch_related(
            Prefetch("ipc_entries", queryset=ListingIPC.objects.order_by("position")),
            Prefetch("rights", queryset=PatentRight.objects.order_by("id")),
        )
    )


def search_listings(*, query: SearchQuery, user=None) -> SearchPage:
    """Run ``query`` for ``user``: visible hits in order, total and labelled facets.

    Raises ``SearchUnavailable`` when the engine is down. Hits the database
    no longer shows (unpublished since they were indexed) are dropped, and
    highlights of listings the viewer may only see as a teaser are cut to
    the teaser fields.
    """
    result = get_backend().search(query)
    ids = [hit.listing_id for hit in result.hits]
    listings = {item.pk: item for item in _listings_for_hits(ids)} if ids else {}
    items: list[SearchItem] = []
    for hit in result.hits:
        listing = listings.get(hit.listing_id)
        if listing is None:
            continue
        # Public-tier listings with published rights show everything to
        # everyone; only the others need the (costlier) per-viewer check.
        full_text = not is_teaser_only(
            listing, list(listing.rights.all())
        ) or listing_shows_full_text(listing=listing, user=user)
        if not full_text:
            hit.highlight = {
                k: v for k, v in hit.highlight.items() if k in TEASER_FIELDS
            }
        items.append(SearchItem(listing=listing, hit=hit, full_text=full_text))
    dropped = len(result.hits) - len(items)
    return SearchPage(
        query=query,
        total=max(0, result.total - dropped),
        items=items,
        facets=facet_labels(result.facets) if query.with_facets else {},
    )


def saved_search_list_for_user(*, user) -> QuerySet[SavedSearch]:
    """The user's own saved searches, newest first."""
    if not getattr(user, "is_authenticated", False):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user)


def saved_search_get_for_user(*, user, pk) -> SavedSearch:
    """The user's own saved search; Http404 for anyone else's."""
    try:
        return saved_search_list_for_user(user=user).get(pk=pk)
    except (SavedSearch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such saved search.") from exc


def search_backend_health() -> dict:
    """Report whether the configured search backend answers.

    Returns ``{"backend": name, "ok": bool, "detail": str}``; never raises.
    """
    try:
        backend = get_backend()
    except Exception as exc:  # an unknown backend name, a missing module
        return {"backend": "?", "ok": False, "detail": exc.__class__.__name__}
    try:
        return backend.health()
    except Exception as exc:  # health checks report, they do not raise
        return {"backend": backend.name, "ok": False, "detail": exc.__class__.__name__}


def saved_search_get_by_token(*, token: str) -> SavedSearch:
    """The saved search an unsubscribe link names, else Http404."""
    saved = SavedSearch.objects.filter(unsubscribe_token=token).first()
    if saved is None:
        raise Http404("No such saved search.")
    return saved
