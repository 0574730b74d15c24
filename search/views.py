"""Search pages: the search page with facets, saved searches, unsubscribe."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from listings.selectors import ipc_titles

from . import selectors, services
from .backends import SearchUnavailable
from .backends.base import FILTER_KEYS

# Sidebar groups: facet name -> (filter key, heading).
FACET_GROUPS = (
    ("ipc_section", "ipc", gettext_lazy("IPC section")),
    ("ipc_class", "ipc", gettext_lazy("IPC class")),
    ("ipc_subclass", "ipc", gettext_lazy("IPC subclass")),
    ("field", "field", gettext_lazy("Technical field")),
    ("owner", "owner", gettext_lazy("Owner")),
    ("prefecture", "prefecture", gettext_lazy("Prefecture")),
    ("license_type", "license_type", gettext_lazy("License type")),
    ("offer", "offer", gettext_lazy("Offer")),
    ("implementation_record", "implementation_record", gettext_lazy("Implemented")),
    ("licensing_record", "licensing_record", gettext_lazy("Licensed before")),
)
SORT_CHOICES = (
    ("relevance", gettext_lazy("Relevance")),
    ("newest", gettext_lazy("Newest")),
    ("updated", gettext_lazy("Recently updated")),
)
FACET_VALUES_SHOWN = 15


def _params(query, **changes) -> list[tuple[str, str]]:
    """The query's URL parameters, with changes (a list value replaces a key)."""
    items: list[tuple[str, str]] = []
    values = {"q": [query.text] if query.text else []}
    values.update({key: list(v) for key, v in query.filters.items()})
    if query.sort != "relevance":
        values["sort"] = [query.sort]
    values.update(changes)
    for key, vals in values.items():
        items.extend((key, v) for v in vals if v)
    return items


def _toggle(query, key: str, value: str) -> str:
    current = list(query.filters.get(key, []))
    if value in current:
        current.remove(value)
    else:
        current.append(value)
    return "?" + urlencode(_params(query, **{key: current}))


def _sidebar(page) -> list[dict]:
    groups = []
    query = page.query
    for name, key, heading in FACET_GROUPS:
        values = page.facets.get(name) or []
        if not values:
            continue
        selected = set(query.filters.get(key, []))
        groups.append(
            {
                "name": name,
                "heading": heading,
                "values": [
                    {
                        **value,
                        "selected": value["value"] in selected,
                        "url": _toggle(query, key, value["value"]),
                    }
                    for value in values[:FACET_VALUES_SHOWN]
                ],
            }
        )
    return groups


def _active_filters(query) -> list[dict]:
    return [
        {"key": key, "value": value, "url": _toggle(query, key, value)}
        for key, values in query.filters.items()
        for value in values
    ]


def search_page(request):
    """The search page: query box, facet sidebar, highlighted hits, pagination."""
    query = selectors.search_query_from_params(request.GET)
    context = {"query": query, "sort_choices": SORT_CHOICES}
    try:
        page = selectors.search_listings(query=query, user=request.user)
    except SearchUnavailable:
        return render(request, "search/unavailable.html", context, status=503)
    services.search_record_impressions(
        listing_ids=[item.listing.pk for item in page.items]
    )
    codes = [row.code for item in page.items for row in item.listing.ipc_entries.all()]
    titles = ipc_titles(codes) if codes else {}
    results = []
    for item in page.items:
        highlight = dict(item.hit.highlight)
        title = highlight.pop("title", [None])[0]
        highlight.pop("invention_title", None)
        results.append(
            {
                "listing": item.listing,
                "title_html": title,
                "snippets": [s for snippets in highlight.values() for s in snippets],
                "ipc": [
                    (row.code, titles.get(row.code))
                    for row in item.listing.ipc_entries.all()[:4]
                ],
            }
        )
    base = _params(query)
    context.update(
        {
            "page": page,
            "results": results,
            "facet_groups": _sidebar(page),
            "active_filters": _active_filters(query),
            "filter_inputs": [(k, v) for k, v in base if k in FILTER_KEYS],
            "prev_url": "?" + urlencode([*base, ("page", query.page - 1)]),
            "next_url": "?" + urlencode([*base, ("page", query.page + 1)]),
            "sort_urls": [
                (value, label, "?" + urlencode(_params(query, sort=[value])))
                for value, label in SORT_CHOICES
            ],
            "can_save": request.user.is_authenticated,
        }
    )
    return render(request, "search/search.html", context)


@login_required
@require_POST
def saved_search_create(request):
    """Save the search described by the posted q and filters."""
    query = selectors.search_query_from_params(request.POST)
    try:
        services.saved_search_create(
            user=request.user,
            name=request.POST.get("name", ""),
            query=query.text,
            filters=query.filters,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Search saved. New matching listings will be e-mailed daily.")
        )
    return redirect("search:saved_list")


@login_required
def saved_search_list(request):
    """The user's own saved searches."""
    searches = []
    for saved in selectors.saved_search_list_for_user(user=request.user):
        params = [("q", saved.query)] if saved.query else []
        for key, values in (saved.filters or {}).items():
            params.extend((key, v) for v in values)
        searches.append({"saved": saved, "url": "?" + urlencode(params)})
    return render(request, "search/saved_list.html", {"searches": searches})


@login_required
@require_POST
def saved_search_delete(request, pk: int):
    """Delete one of the user's saved searches (anyone else's is a 404)."""
    saved = selectors.saved_search_get_for_user(user=request.user, pk=pk)
    services.saved_search_delete(saved_search=saved)
    messages.success(request, _("Saved search deleted."))
    return redirect("search:saved_list")


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token: str):
    """Stop a saved search's e-mails from the link in the e-mail (no login).

    GET only asks for confirmation: mail clients and scanners open links on
    their own, and must not unsubscribe anyone by doing so.
    """
    saved = selectors.saved_search_get_by_token(token=token)
    if request.method == "POST":
        services.saved_search_unsubscribe(token=token)
        return render(request, "search/unsubscribed.html", {"saved": saved})
    return render(request, "search/unsubscribe_confirm.html", {"saved": saved})
