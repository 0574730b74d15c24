"""License-request pages: request form, my requests, inbox, request page, stalled.

Views parse input, call one selector or service and render. Who may see a
request is decided by ``marketplace.selectors`` (a third party gets 404); what
may happen to it by ``marketplace.services``.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.constants import OrganizationKind
from accounts.models import Organization
from accounts.selectors import (
    WRITE_ROLES,
    membership_list_active,
    organization_active_users,
    user_is_platform_admin,
)
from listings.constants import ListingStatus
from listings.models import Listing
from listings.selectors import listing_get_visible

from . import selectors, services
from .constants import (
    ACTION_LABELS,
    OPEN_STATUSES,
    REASONS_FOR,
    RequestStatus,
    Role,
    allowed_targets,
)
from .forms import LicenseRequestForm, MessageForm, reason_choices_for
from .models import LicenseRequest

PAGE_SIZE = 25


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _not_allowed(request, message: str, status: int = 403):
    return render(
        request,
        "marketplace/requests/not_allowed.html",
        {"message": message},
        status=status,
    )


def _service_error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


# --- requester ----------------------------------------------------------------------


def _company_memberships(user):
    return [
        m
        for m in membership_list_active(user=user)
        if m.organization.kind == OrganizationKind.COMPANY and m.role in WRITE_ROLES
    ]


@login_required
def request_new(request, listing_pk: int):
    """The "request a license" form for a published listing (company members)."""
    listing = listing_get_visible(user=request.user, pk=listing_pk)
    companies = _company_memberships(request.user)
    if not companies:
        return _not_allowed(
            request,
            _(
                "Only staff of a company can request a license. Join your company's "
                "organisation on this site first."
            ),
        )
    organization = companies[0].organization
    chosen = request.POST.get("organization") or request.GET.get("org")
    for m in companies:
        if m.organization.slug == chosen:
            organization = m.organization
    if not organization.is_verified:
        return _not_allowed(
            request,
            _(
                "%(org)s is not verified yet. A license can be requested once the "
                "platform team has verified it."
            )
            % {"org": organization.display_name},
        )
    if listing.status != ListingStatus.PUBLISHED:
        messages.error(request, _("This listing is not on offer."))
        return redirect(listing.get_absolute_url())
    existing = LicenseRequest.objects.filter(
        listing=listing, organization=organization, status__in=OPEN_STATUSES
    ).first()
    if existing is not None:
        messages.info(
            request,
            _("Your organisation already has an open request for this listing."),
        )
        return redirect(existing.get_absolute_url())
    initial = {"is_sme": organization.size_band in ("micro", "small", "medium")}
    if request.GET.get("match"):
        initial["source"] = "match"
    form = LicenseRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        match_id = request.POST.get("match") or request.GET.get("match")
        if match_id and str(match_id).isdigit():
            data["source_match_id"] = int(match_id)
        try:
            created = services.license_request_create(
                listing=listing, by=request.user, organization=organization, data=data
            )
            if "submit" in request.POST:
                services.license_request_submit(request=created, by=request.user)
                messages.success(
                    request, _("Your request was sent to the listing owner.")
                )
            else:
                messages.success(request, _("Your draft was saved."))
            return redirect(created.get_absolute_url())
        except PermissionDenied as exc:
            return _not_allowed(request, str(exc))
        except ValidationError as exc:
            form.add_error(None, _service_error_text(exc))
    return render(
        request,
        "marketplace/requests/new.html",
        {
            "listing": listing,
            "form": form,
            "organization": organization,
            "companies": [m.organization for m in companies],
        },
    )


@login_required
def request_mine(request):
    """The requester's requests, with their current status."""
    qs = selectors.license_request_list_for_requester(user=request.user)
    status = request.GET.get("status", "")
    counts = selectors.license_request_status_counts(queryset=qs)
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "marketplace/requests/mine.html",
        {
            "page": _page(request, qs),
            "status": status,
            "status_filters": [
                (v, label, counts[v]) for v, label in RequestStatus.choices if counts[v]
            ],
            "total": sum(counts.values()),
        },
    )


# --- listing owner ------------------------------------------------------------------


@login_required
def request_inbox(request):
    """Requests received for the listings of the user's organisations."""
    orgs = [
        m.organization
        for m in membership_list_active(user=request.user)
        if m.organization.kind != OrganizationKind.COMPANY
    ]
    if not orgs and not user_is_platform_admin(request.user):
        raise PermissionDenied
    qs_all = selectors.license_request_list_inbox(organizations=orgs)
    counts = selectors.license_request_status_counts(queryset=qs_all)
    status = request.GET.get("status", "")
    if status not in RequestStatus.values:
        status = ""
    assignee = request.GET.get("assignee", "")
    assignee_id = int(assignee) if assignee.isdigit() else None
    qs = selectors.license_request_list_inbox(
        organizations=orgs, status=status, assignee_id=assignee_id
    )
    staff = []
    for org in orgs:
        staff.extend(organization_active_users(organization=org, roles=WRITE_ROLES))
    query = []
    if status:
        query.append(f"status={status}")
    if assignee:
        query.append(f"assignee={assignee}")
    return render(
        request,
        "marketplace/requests/inbox.html",
        {
            "page": _page(request, qs),
            "status": status,
            "assignee": assignee,
            "staff": {u.pk: u for u in staff}.values(),
            "status_filters": [
                (v, label, counts[v])
                for v, label in RequestStatus.choices
                if v != RequestStatus.DRAFT
            ],
            "total": sum(counts.values()),
            "query_string": "&".join(query),
        },
    )


# --- the request page ---------------------------------------------------------------


def _actions(lr: LicenseRequest, roles: set[str]) -> list[dict]:
    """Buttons for the viewer, generated from the transition table."""
    actions = []
    for to in allowed_targets(status=lr.status, roles=roles - {Role.SYSTEM}):
        label = ACTION_LABELS[to]
        if to == RequestStatus.TRIAGE and lr.status == RequestStatus.INFO_REQUESTED:
            label = _("Information provided")
        actions.append(
            {
                "to": to,
                "label": label,
                "needs_reason": to in REASONS_FOR,
                "reasons": reason_choices_for(to),
                "danger": to
                in (
                    RequestStatus.DECLINED,
                    RequestStatus.WITHDRAWN,
                    RequestStatus.CLOSED_LOST,
                    RequestStatus.EXPIRED,
                ),
            }
        )
    return actions


@login_required
def request_detail(request, pk: int):
    """One request: its fields, timeline, thread and the viewer's allowed actions."""
    lr = selectors.license_request_get_visible(user=request.user, pk=pk)
    roles = selectors.license_request_roles(user=request.user, request=lr)
    can_assign = bool(roles & {Role.TLO, Role.ADMIN})
    return render(
        request,
        "marketplace/requests/detail.html",
        {
            "lr": lr,
            "roles": roles,
            "is_requester_side": Role.REQUESTER in roles,
            "timeline": selectors.license_request_timeline(request=lr),
            "actions": _actions(lr, roles),
            "message_form": MessageForm(),
            "can_post": bool(roles) and lr.is_open,
            "can_assign": can_assign and lr.is_open,
            "assignable": organization_active_users(
                organization=lr.listing.owner, roles=WRITE_ROLES
            )
            if can_assign
            else [],
            "max_mb": settings.REQUEST_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_POST
def request_transition(request, pk: int):
    """Apply one transition chosen on the request page."""
    lr = selectors.license_request_get_visible(user=request.user, pk=pk)
    try:
        services.license_request_transition(
            request=lr,
            by=request.user,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", "").strip(),
        )
        messages.success(request, _("The request was updated."))
    except services.InvalidTransition as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _service_error_text(exc))
    return redirect(lr.get_absolute_url())


@login_required
@require_POST
def request_message(request, pk: int):
    """Post a message with attachments to the thread."""
    lr = selectors.license_request_get_visible(user=request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The message could not be posted."))
        return redirect(lr.get_absolute_url())
    try:
        services.request_message_post(
            request=lr,
            by=request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["files"],
        )
        messages.success(request, _("Your message was posted."))
    except services.InvalidTransition as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, _service_error_text(exc))
    return redirect(lr.get_absolute_url() + "#thread")


@login_required
@require_POST
def request_assign(request, pk: int):
    """Hand the request to another staff member of the listing owner."""
    lr = selectors.license_request_get_visible(user=request.user, pk=pk)
    assignee_id = request.POST.get("assignee", "")
    assignee = None
    if assignee_id.isdigit():
        assignee = (
            organization_active_users(organization=lr.listing.owner)
            .filter(pk=int(assignee_id))
            .first()
        )
    try:
        services.license_request_reassign(
            request=lr, by=request.user, assignee=assignee
        )
        messages.success(request, _("The assignee was changed."))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, _service_error_text(exc))
    return redirect(lr.get_absolute_url())


@login_required
def request_attachment(request, pk: int):
    """Serve an attachment to the parties only, always as a download."""
    attachment = selectors.request_attachment_get_visible(user=request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Missing file.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- platform admins ----------------------------------------------------------------


@login_required
def request_stalled(request):
    """Admins: open requests with no activity for more than N days."""
    if not user_is_platform_admin(request.user):
        raise PermissionDenied
    days_raw = request.GET.get("days", "")
    days = (
        int(days_raw)
        if days_raw.isdigit()
        else settings.REQUEST_REMINDER_BUSINESS_DAYS * 2
    )
    status = request.GET.get("status", "")
    if status not in RequestStatus.values:
        status = ""
    qs = selectors.license_request_list_stalled(days=days, status=status)
    return render(
        request,
        "marketplace/requests/stalled.html",
        {
            "page": _page(request, qs),
            "days": days,
            "status": status,
            "statuses": [
                (v, label) for v, label in RequestStatus.choices if v in OPEN_STATUSES
            ],
            "query_string": f"days={days}&status={status}",
        },
    )


# --- TLO analytics ------------------------------------------------------------------


def bar_chart_svg(items, *, title: str, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG (no script, no external resources)."""
    bar_h, gap, label_w, value_w = 18, 6, 200, 50
    items = list(items)
    height = max(1, len(items)) * (bar_h + gap) + gap
    top = max((value for _label, value in items), default=0) or 1
    scale = (width - label_w - value_w) / top
    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text x="{}" y="{}">{}</text></g>',
        (
            (
                label_w - 6,
                gap + i * (bar_h + gap) + bar_h - 4,
                Truncator(str(label)).chars(28),
                label_w,
                gap + i * (bar_h + gap),
                max(0, round(value * scale, 1)),
                bar_h,
                label_w + round(value * scale, 1) + 4,
                gap + i * (bar_h + gap) + bar_h - 4,
                value,
            )
            for i, (label, value) in enumerate(items)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        bars,
    )


def _analytics_organization(request):
    """The organisation whose analytics the viewer asked for (404 if not theirs)."""
    slug = request.GET.get("org", "")
    if slug:
        if user_is_platform_admin(request.user):
            org = Organization.objects.filter(slug=slug).first()
        else:
            org = next(
                (
                    m.organization
                    for m in membership_list_active(user=request.user)
                    if m.organization.slug == slug
                ),
                None,
            )
        if org is None:
            raise Http404("No such organisation.")
        return org
    for m in membership_list_active(user=request.user):
        if m.organization.kind != OrganizationKind.COMPANY:
            return m.organization
    raise PermissionDenied


def _listing_for_analytics(request, pk: int):
    listing = Listing.objects.select_related("owner").filter(pk=pk).first()
    if listing is None or not selectors.user_can_view_analytics(
        user=request.user, organization=listing.owner
    ):
        raise Http404("No such listing.")
    return listing


def _render_analytics(request, *, organization, listing=None):
    report = selectors.analytics_report(organization=organization, listing=listing)
    charts = {
        "by_state": bar_chart_svg(
            [(label, n) for label, _value, n in report["by_state"]],
            title=_("Requests by state"),
        ),
        "reasons": bar_chart_svg(report["decline_reasons"], title=_("Decline reasons"))
        if report["decline_reasons"]
        else "",
        "not_interested": bar_chart_svg(
            report["not_interested_reasons"], title=_("Not-interested reasons")
        )
        if report["not_interested_reasons"]
        else "",
        "views": bar_chart_svg(
            [(row["listing"].title, row["views"]) for row in report["rows"][:15]],
            title=_("Views per listing"),
        )
        if listing is None and report["rows"]
        else "",
    }
    return render(
        request,
        "marketplace/analytics/report.html",
        {
            **report,
            "charts": charts,
            "export_query": urlencode(
                {
                    "org": organization.slug,
                    **({"listing": listing.pk} if listing else {}),
                }
            ),
        },
    )


@login_required
def analytics_organization(request):
    """Analytics of one organisation's listings (members of it, and admins)."""
    organization = _analytics_organization(request)
    if not selectors.user_can_view_analytics(
        user=request.user, organization=organization
    ):
        raise Http404("No such organisation.")
    return _render_analytics(request, organization=organization)


@login_required
def analytics_listing(request, pk: int):
    """Analytics of one listing (members of its owner, and admins)."""
    listing = _listing_for_analytics(request, pk)
    return _render_analytics(request, organization=listing.owner, listing=listing)


# Full-width signs too: Excel in Japanese input mode treats ＝ like =.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_safe(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@login_required
def analytics_export_csv(request):
    """The per-listing analytics table as CSV (UTF-8 with BOM for Excel)."""
    organization = _analytics_organization(request)
    if not selectors.user_can_view_analytics(
        user=request.user, organization=organization
    ):
        raise Http404("No such organisation.")
    listing = None
    if request.GET.get("listing", "").isdigit():
        listing = _listing_for_analytics(request, int(request.GET["listing"]))
        if listing.owner_id != organization.pk:
            raise Http404("No such listing.")
    report = selectors.analytics_report(organization=organization, listing=listing)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "listing_id",
            "title",
            "status",
            "views",
            "search_impressions",
            "match_proposals",
            "match_approvals",
            "match_interest",
            "requests",
        ]
    )
    for row in report["rows"]:
        item = row["listing"]
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    item.pk,
                    item.title,
                    item.status,
                    row["views"],
                    row["impressions"],
                    row["proposals"],
                    row["approvals"],
                    row["interest"],
                    row["requests"],
                )
            ]
        )
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="analytics-{organization.slug}.csv"'
    )
    return response
