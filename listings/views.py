"""Listing pages: the TLO's own listings, the public list and detail, IPC, export.

Views parse input, call one selector or service and render. Who may see or
change a listing is decided by ``listings.selectors``; the rules of a listing
by ``listings.services``, whose errors are put back onto the forms.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import PREFECTURE_CHOICES, PREFECTURES
from accounts.models import Organization
from accounts.selectors import (
    membership_get_active,
    organization_get_for_member,
    organization_get_primary,
    organization_list_for_user,
    user_is_platform_admin,
)
from config import page_cache

from . import exports, selectors, services
from .constants import (
    LISTING_TRANSITIONS,
    DisclosureTier,
    ListingStatus,
)
from .forms import ListingForm, ReasonForm, RightFormSet, right_initial, rights_data
from .models import IPCCode, Listing, PatentRight
from .numbers import IPCError, normalize_ipc

PAGE_SIZE = 20
IPC_SECTIONS = "ABCDEFGH"


def _page(request, items, per_page: int = PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _query_string(request, *, drop=("page",)) -> str:
    params = [(k, v) for k, v in request.GET.items() if k not in drop and v]
    return urlencode(params)


def _choose_organization(request) -> tuple[Organization | None, list[Organization]]:
    """The organisation a TLO page acts for (?org=slug), and the user's choices."""
    choices = list(organization_list_for_user(user=request.user).order_by("name_ja"))
    slug = request.GET.get("org") or request.POST.get("org")
    if slug:
        # 404 for an organisation the user does not belong to (admins: any).
        return organization_get_for_member(user=request.user, slug=slug), choices
    return organization_get_primary(user=request.user), choices


def _apply_service_errors(form, formset, exc: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    right_fields = set(formset.form.base_fields) if formset is not None else set()
    for field, errors in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field in right_fields and formset is not None:
            # The service does not say which row; the rows were checked one by
            # one already, so this is rare: show it above the rights.
            formset.non_form_errors().extend(errors)
        else:
            form.add_error(None, errors)


def _ipc_rows(codes) -> list[tuple[str, IPCCode | None]]:
    titles = selectors.ipc_titles(codes)
    return [(code, titles.get(code)) for code in codes]


# --- the TLO's own listings -------------------------------------------------------


@login_required
def my_listings(request):
    organization, choices = _choose_organization(request)
    if organization is None:
        return render(request, "listings/no_organization.html", status=200)
    status = request.GET.get("status", "")
    if status not in ListingStatus.values:
        status = ""
    query = request.GET.get("q", "").strip()
    listings = selectors.listing_list_for_organization(
        organization=organization, status=status or None, query=query
    )
    counts = selectors.listing_status_counts(organization=organization)
    status_filters = [
        (value, label, counts.get(value, 0)) for value, label in ListingStatus.choices
    ]
    return render(
        request,
        "listings/mine.html",
        {
            "organization": organization,
            "organizations": choices,
            "page": _page(request, listings),
            "query_string": _query_string(request),
            "status": status,
            "q": query,
            "status_filters": status_filters,
            "total": sum(counts.values()),
            "can_edit": selectors.user_can_edit_listing(
                user=request.user, listing=Listing(owner=organization)
            ),
        },
    )


def _render_form(request, *, form, formset, organization, listing=None):
    ipc = _ipc_rows(listing.ipc_codes) if listing is not None else []
    return render(
        request,
        "listings/form.html",
        {
            "form": form,
            "formset": formset,
            "listing": listing,
            "organization": organization,
            "ipc_rows": ipc,
        },
    )


@login_required
def listing_new(request):
    organization, _choices = _choose_organization(request)
    if organization is None:
        return render(request, "listings/no_organization.html")
    if not selectors.user_can_edit_listing(
        user=request.user, listing=Listing(owner=organization)
    ):
        raise PermissionDenied
    if request.method != "POST":
        return _render_form(
            request,
            form=ListingForm(),
            formset=RightFormSet(prefix="rights"),
            organization=organization,
        )
    form = ListingForm(request.POST)
    formset = RightFormSet(request.POST, prefix="rights")
    if form.is_valid() and formset.is_valid():
        try:
            listing = services.listing_create(
                owner=organization,
                by=request.user,
                data=form.listing_data(),
                ipc_codes=form.ipc_list(),
                rights=rights_data(formset),
            )
        except ValidationError as exc:
            _apply_service_errors(form, formset, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, _("The listing was saved as a draft."))
            return redirect("listings:preview", pk=listing.pk)
    return _render_form(request, form=form, formset=formset, organization=organization)


@login_required
def listing_edit(request, pk: int):
    listing = selectors.listing_get_for_edit(user=request.user, pk=pk)
    if not selectors.user_can_edit_listing(user=request.user, listing=listing):
        raise PermissionDenied
    if listing.status not in services.EDITABLE_STATUSES:
        messages.warning(
            request,
            _("A listing in status “%(status)s” can no longer be edited.")
            % {"status": listing.get_status_display()},
        )
        return redirect("listings:preview", pk=listing.pk)
    if request.method != "POST":
        return _render_form(
            request,
            form=ListingForm(instance=listing),
            formset=RightFormSet(prefix="rights", initial=right_initial(listing)),
            listing=listing,
            organization=listing.owner,
        )
    form = ListingForm(request.POST, instance=listing)
    formset = RightFormSet(request.POST, prefix="rights")
    if form.is_valid() and formset.is_valid():
        try:
            listing = services.listing_update(
                listing=listing,
                by=request.user,
                data=form.listing_data(),
                ipc_codes=form.ipc_list(),
                rights=rights_data(formset),
            )
        except ValidationError as exc:
            _apply_service_errors(form, formset, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("listings:preview", pk=listing.pk)
    return _render_form(
        request,
        form=form,
        formset=formset,
        listing=listing,
        organization=listing.owner,
    )


ACTION_NAMES = (
    "submit",
    "withdraw",
    "license_exclusive",
    "license_non_exclusive",
    "assign",
    "reopen",
    "archive",
)


def available_actions(listing: Listing, user) -> list[str]:
    """The actions the listing's current status allows (LISTING_TRANSITIONS)."""
    status = listing.status
    targets = LISTING_TRANSITIONS.get(status, set())
    direct = user_is_platform_admin(user) or listing.owner.can_publish_directly
    allowed = {
        "submit": status == ListingStatus.DRAFT
        or (status == ListingStatus.PENDING_REVIEW and direct),
        "withdraw": ListingStatus.WITHDRAWN in targets,
        "license_exclusive": ListingStatus.LICENSED_EXCLUSIVE in targets,
        # A non-exclusive deal keeps the listing published.
        "license_non_exclusive": status == ListingStatus.PUBLISHED,
        "assign": ListingStatus.ASSIGNED in targets,
        # Pending review -> draft is the admins' "return to owner", not this.
        "reopen": status == ListingStatus.WITHDRAWN and ListingStatus.DRAFT in targets,
        "archive": ListingStatus.ARCHIVED in targets,
    }
    return [name for name in ACTION_NAMES if allowed[name]]


@login_required
@require_POST
def listing_action(request, pk: int, action: str):
    listing = selectors.listing_get_for_edit(user=request.user, pk=pk)
    if action not in ACTION_NAMES:
        raise Http404("No such action.")
    if not selectors.user_can_edit_listing(user=request.user, listing=listing):
        raise PermissionDenied
    reason_form = ReasonForm(request.POST)
    reason = reason_form.cleaned_data["reason"] if reason_form.is_valid() else ""
    by = request.user
    try:
        if action == "submit":
            listing = services.listing_submit(listing=listing, by=by)
            if listing.status == ListingStatus.PUBLISHED:
                messages.success(request, _("The listing is published."))
            else:
                messages.success(
                    request,
                    _(
                        "The listing was sent for review. It is published once "
                        "the platform team approves it."
                    ),
                )
        elif action == "withdraw":
            services.listing_withdraw(listing=listing, by=by, reason=reason)
            messages.success(request, _("The listing was withdrawn."))
        elif action == "reopen":
            services.listing_reopen(listing=listing, by=by)
            messages.success(request, _("The listing is a draft again."))
        elif action in ("license_exclusive", "license_non_exclusive"):
            services.listing_mark_licensed(
                listing=listing,
                by=by,
                exclusive=action == "license_exclusive",
                reason=reason,
            )
            messages.success(request, _("The license was recorded."))
        elif action == "assign":
            services.listing_mark_assigned(listing=listing, by=by, reason=reason)
            messages.success(request, _("The assignment was recorded."))
        elif action == "archive":
            services.listing_archive(listing=listing, by=by)
            messages.success(request, _("The listing was archived."))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    return redirect("listings:preview", pk=listing.pk)


# --- detail (public) and preview (owner) ------------------------------------------


def _canonical_url(listing: Listing) -> str:
    return settings.SITE_URL.rstrip("/") + listing.get_absolute_url()


def _teaser_reason(listing: Listing, rights) -> str:
    if rights and all(r.is_unpublished_application for r in rights):
        return _(
            "This invention is a patent application that has not been published "
            "yet, so only an outline is shown. Contact the owner for details."
        )
    if listing.disclosure_tier == DisclosureTier.NDA:
        return _(
            "The owner discloses the details of this technology under a "
            "non-disclosure agreement only."
        )
    return _(
        "The details of this technology are shown to members of verified "
        "organisations. Log in with your organisation's account to see them."
    )


def _json_ld(listing: Listing, *, rights, full_text: bool, description: str) -> str:
    """schema.org JSON-LD, safe to put inside a <script> element."""
    owner = listing.owner
    provider = {"@type": "Organization", "name": owner.name_ja}
    if owner.name_en:
        provider["alternateName"] = owner.name_en
    if owner.website:
        provider["url"] = owner.website
    if owner.prefecture:
        provider["address"] = {
            "@type": "PostalAddress",
            "addressRegion": owner.prefecture_name,
            "addressCountry": "JP",
        }
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": listing.title,
        "description": description,
        "url": _canonical_url(listing),
        "inLanguage": listing.language,
        "dateModified": listing.updated_at.isoformat(),
        "provider": provider,
        "keywords": ", ".join([*listing.technical_fields, *listing.ipc_codes]),
    }
    if listing.published_at:
        data["datePublished"] = listing.published_at.isoformat()
    if full_text:
        identifiers = []
        for right in rights:
            for field, kind in (
                ("application_number", "application number"),
                ("publication_number", "publication number"),
                ("registration_number", "patent number"),
            ):
                value = getattr(right, field)
                if value:
                    identifiers.append(
                        {
                            "@type": "PropertyValue",
                            "propertyID": kind,
                            "value": f"{right.country} {value}",
                        }
                    )
        if identifiers:
            data["identifier"] = identifiers
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data can close the <script> element or start a comment.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped just above


def _detail_context(request, listing: Listing, *, preview: bool) -> dict:
    user = request.user
    # Read once: the page, the teaser check and the JSON-LD all use them.
    prefetch_related_objects(
        [listing],
        "ipc_entries",
        Prefetch("rights", queryset=PatentRight.objects.order_by("id")),
    )
    rights = list(listing.rights.all())
    full_text = selectors.listing_shows_full_text(listing=listing, user=user)
    # The teaser must not leak the overview through the meta tags.
    text = listing.summary or (listing.overview if full_text else "") or listing.title
    description = Truncator(" ".join(text.split())).chars(160)
    is_member = membership_get_active(user=user, organization=listing.owner) is not None
    can_edit = selectors.user_can_edit_listing(user=user, listing=listing)
    return {
        "listing": listing,
        "rights": rights,
        "ipc_rows": _ipc_rows(listing.ipc_codes),
        "full_text": full_text,
        "teaser_reason": "" if full_text else _teaser_reason(listing, rights),
        "meta_description": description,
        "canonical_url": _canonical_url(listing),
        "canonical_display": unquote(_canonical_url(listing)),
        "json_ld": _json_ld(
            listing, rights=rights, full_text=full_text, description=description
        ),
        "is_member": is_member,
        "can_edit": can_edit,
        "can_publish": selectors.user_can_publish_listing(user=user, listing=listing),
        "is_editable": listing.status in services.EDITABLE_STATUSES,
        "actions": available_actions(listing, user) if (preview and can_edit) else [],
        "preview": preview,
        "today": timezone.localdate(),
    }


def listing_detail(request, pk: int, slug: str = ""):
    cached = page_cache.applies(request)
    if cached:
        # Anonymous: read only what finds the stored page; the whole listing
        # only if it must be rendered.
        listing = selectors.listing_get_visible_stamp(user=request.user, pk=pk)
    else:
        listing = selectors.listing_get_visible(user=request.user, pk=pk)
    canonical = listing.get_absolute_url()
    if unquote(canonical) != request.path:
        return redirect(canonical, permanent=True)
    if cached:
        # Anonymous: never a member, so the view always counts.
        services.listing_record_view(listing=listing)
        parts = (
            page_cache.stamp([listing]),
            request.get_full_path(),
            timezone.localdate().isoformat(),
        )

        def build():
            full = selectors.listing_get_public(pk=listing.pk)
            context = _detail_context(request, full, preview=False)
            return render(request, "listings/detail.html", context)

        return page_cache.html(request, "listing", parts, build)
    context = _detail_context(request, listing, preview=False)
    if not context["is_member"]:
        services.listing_record_view(listing=listing)
    return render(request, "listings/detail.html", context)


@login_required
def listing_preview(request, pk: int):
    listing = selectors.listing_get_for_edit(user=request.user, pk=pk)
    context = _detail_context(request, listing, preview=True)
    return render(request, "listings/preview.html", context)


# --- public list ------------------------------------------------------------------


def listing_list(request):
    listings = selectors.listing_list_published()
    ipc = request.GET.get("ipc", "").strip().upper()
    owner_slug = request.GET.get("owner", "").strip()
    prefecture = request.GET.get("prefecture", "").strip()
    if ipc:
        listings = listings.filter(ipc_entries__code__startswith=ipc).distinct()
    if owner_slug:
        listings = listings.filter(owner__slug=owner_slug)
    if prefecture:
        # The listing's region, or its owner's prefecture when no region is set.
        listings = listings.filter(
            Q(region=prefecture) | Q(region="", owner__prefecture=prefecture)
        )
    listings = listings.order_by("-published_at", "-id").prefetch_related("ipc_entries")
    owners = Organization.objects.filter(
        pk__in=selectors.listing_list_published().values("owner_id")
    ).order_by("name_ja")
    ipc_title = None
    if ipc:
        ipc_title = selectors.ipc_titles([ipc]).get(ipc)
    return render(
        request,
        "listings/list.html",
        {
            "page": _page(request, listings),
            "query_string": _query_string(request),
            "ipc": ipc,
            "ipc_title": ipc_title,
            "owner_slug": owner_slug,
            "prefecture": prefecture,
            "owners": owners,
            "sections": IPC_SECTIONS,
            "prefectures": PREFECTURE_CHOICES,
            "prefecture_names": {code: ja for code, ja, _en in PREFECTURES},
            "filtered": bool(ipc or owner_slug or prefecture),
        },
    )


# --- IPC browsing -----------------------------------------------------------------


def _ipc_prefix(code: str, kind: str) -> str:
    """The ListingIPC prefix of everything under ``code``."""
    if kind == "main_group" or code.endswith("/00"):
        # "H01M 4/00" covers "H01M 4/38", "H01M 4/131", ...
        return code.split("/", 1)[0] + "/"
    return code


def ipc_index(request):
    sections = list(selectors.ipc_list_children(code=None))
    rows = [(row, selectors.ipc_listing_count(prefix=row.code)) for row in sections]
    return render(request, "listings/ipc_index.html", {"rows": rows})


def ipc_detail(request, code: str):
    try:
        canonical = normalize_ipc(code)
    except IPCError as exc:
        raise Http404("No such IPC code.") from exc
    if canonical != code:
        return redirect("listings:ipc_code", code=canonical)
    ipc = IPCCode.objects.filter(code=code).first()
    if ipc is None:
        raise Http404("No such IPC code.")
    prefix = _ipc_prefix(ipc.code, ipc.kind)
    children = [
        (child, selectors.ipc_listing_count(prefix=_ipc_prefix(child.code, child.kind)))
        for child in selectors.ipc_list_children(code=ipc.code)
    ]
    return render(
        request,
        "listings/ipc_code.html",
        {
            "ipc": ipc,
            "ancestors": selectors.ipc_ancestors(ipc=ipc),
            "children": children,
            "count": selectors.ipc_listing_count(prefix=prefix),
            "list_url": reverse("listings:list") + "?" + urlencode({"ipc": prefix}),
        },
    )


# --- export -----------------------------------------------------------------------


def _export_queryset(request):
    user = request.user
    owner_slug = request.GET.get("owner", "").strip()
    if user_is_platform_admin(user):
        qs = Listing.objects.all()
        if owner_slug:
            qs = qs.filter(owner__slug=owner_slug)
        return qs, slugify(owner_slug) or "all"
    if owner_slug:
        organization = organization_get_for_member(user=user, slug=owner_slug)
    else:
        organization = organization_get_primary(user=user)
    if organization is None:
        raise PermissionDenied
    return Listing.objects.filter(owner=organization), organization.slug


def _export_response(request, fmt: str):
    qs, label = _export_queryset(request)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        body = exports.iter_csv(exports.iterate(qs))
        content_type = "text/csv; charset=utf-8"
    else:
        body = exports.iter_jsonl(exports.iterate(qs))
        content_type = "application/jsonl; charset=utf-8"
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in body), content_type=content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="listings-{label}-{stamp}.{fmt}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_csv(request):
    return _export_response(request, "csv")


@login_required
def export_jsonl(request):
    return _export_response(request, "jsonl")
