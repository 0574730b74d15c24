"""Search pages: the search page with facets, saved searches, unsubscribe."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config import page_cache

from . import selectors, services
from .backends import SearchUnavailable
from .backends.base import FILTER_KEYS

# Sidebar groups: facet name -> (filter key, heading).
FACET_GROUPS = (
    ("strategic_field", "strategic_field", gettext_lazy("Strategic field")),
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


def _param_values(query, **changes) -> dict[str, list[str]]:
    values = {"q": [query.text] if query.text else []}
    values.update({key: list(v) for key, v in query.filters.items()})
    if query.sort != "relevance":
        values["sort"] = [query.sort]
    values.update(changes)
    return values


def _params(query, **changes) -> list[tuple[str, str]]:
    """The query's URL parameters, with changes (a list value replaces a key)."""
    items: list[tuple[str, str]] = []
    for key, vals in _param_values(query, **changes).items():
        items.extend((key, v) for v in vals if v)
    return items


def _toggled(query, key: str, value: str) -> list[str]:
    current = list(query.filters.get(key, []))
    if value in current:
        current.remove(value)
    else:
        current.append(value)
    return current


def _toggle(query, key: str, value: str) -> str:
    return "?" + urlencode(_params(query, **{key: _toggled(query, key, value)}))


class _Toggles:
    """``_toggle`` for many values of one query: the other keys are encoded once."""

    def __init__(self, query):
        self.query = query
        self.values = _param_values(query)
        self.encoded = {
            key: [urlencode([(key, v)]) for v in vals if v]
            for key, vals in self.values.items()
        }

    def url(self, key: str, value: str) -> str:
        keys = list(self.values) if key in self.values else [*self.values, key]
        parts: list[str] = []
        for name in keys:
            if name == key:
                current = _toggled(self.query, key, value)
                parts.extend(urlencode([(key, v)]) for v in current if v)
            else:
                parts.extend(self.encoded[name])
        return "?" + "&".join(parts)


def _truncate(text: str, length: int) -> str:
    """The ``truncatechars`` filter, without its per-character loop for short text."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _facet_entry_html(name: str, value: dict, *, selected: bool, url: str) -> str:
    """One sidebar entry, escaped.

    Built here rather than in a template loop: the sidebar holds up to 165
    entries, and rendering them through the template engine was the largest
    single cost of the search page.
    """
    if name.startswith("ipc_"):
        label = value["label"]
        text = format_html(
            '<span class="ipc-chip">{}</span> {}',
            value["value"],
            _truncate(label, 40) if label != value["value"] else "",
        )
    else:
        text = conditional_escape(value["label"])
    return format_html(
        '<li{}><a href="{}"{}><span class="facet-value">{}</span> '
        '<span class="facet-count">{}</span></a></li>',
        mark_safe(' class="selected"') if selected else "",
        url,
        mark_safe(' aria-current="true"') if selected else "",
        text,
        value["count"],
    )


def _sidebar(page) -> list[dict]:
    groups = []
    query = page.query
    toggles = _Toggles(query)
    for name, key, heading in FACET_GROUPS:
        values = page.facets.get(name) or []
        if not values:
            continue
        selected = set(query.filters.get(key, []))
        entries = []
        for value in values[:FACET_VALUES_SHOWN]:
            entry = {
                **value,
                "selected": value["value"] in selected,
                "url": toggles.url(key, value["value"]),
            }
            entry["html"] = _facet_entry_html(
                name, value, selected=entry["selected"], url=entry["url"]
            )
            entries.append(entry)
        groups.append({"name": name, "heading": heading, "values": entries})
    return groups


def _active_filters(query, facets=None) -> list[dict]:
    # A strategic field is shown by its name, not its slug.
    names = {
        v["value"]: v["label"] for v in (facets or {}).get("strategic_field") or []
    }
    return [
        {
            "key": key,
            "value": names.get(value, value) if key == "strategic_field" else value,
            "url": _toggle(query, key, value),
        }
        for key, values in query.filters.items()
        for value in values
    ]


def search_page(request):
    """The search page: query box, facet sidebar, highlighted hits, pagination."""
    query = selectors.search_query_from_params(request.GET)
    context = {"query": query, "sort_choices": SORT_CHOICES}
    try:
        result = selectors.search_result(query=query)
    except SearchUnavailable:
        return render(request, "search/unavailable.html", context, status=503)
    if page_cache.applies(request):
        # Anonymous: the visible hits are read on every request; their
        # rendering is reused while the answer and the listings are the same.
        stamps = selectors.search_public_stamps(result)
        services.search_record_impressions(listing_ids=[pk for pk, _at in stamps])
        parts = (
            selectors.search_result_digest(result),
            stamps,
            request.get_full_path(),
        )
        return page_cache.html(
            request,
            "search",
            parts,
            lambda: _results_page(request, query, result, context),
        )
    page = selectors.search_page_from_result(
        query=query, result=result, user=request.user
    )
    services.search_record_impressions(
        listing_ids=[item.listing.pk for item in page.items]
    )
    return _results_page(request, query, result, context, page=page)


def _results_page(request, query, result, context: dict, page=None):
    if page is None:
        page = selectors.search_page_from_result(
            query=query, result=result, user=request.user
        )
    codes = [code for item in page.items for code in item.ipc_codes]
    titles = selectors.ipc_title_labels(codes)
    results = []
    for item in page.items:
        highlight = dict(item.hit.highlight)
        title = highlight.pop("title", [None])[0]
        highlight.pop("invention_title", None)
        published = item.listing.published_at
        if published is not None:
            published = timezone.localtime(published)
        results.append(
            {
                "listing": item.listing,
                # Formatted here: the date filter costs more, twice per card.
                "published_iso": published.isoformat() if published else "",
                "published_day": published.strftime("%Y-%m-%d") if published else "",
                "title_html": title,
                "snippets": [s for snippets in highlight.values() for s in snippets],
                "ipc": [
                    (code, _truncate(titles.get(code) or "", 50))
                    for code in item.ipc_codes[:4]
                ],
            }
        )
    base = _params(query)
    context.update(
        {
            "page": page,
            "results": results,
            "facet_groups": _sidebar(page),
            "active_filters": _active_filters(query, page.facets),
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
