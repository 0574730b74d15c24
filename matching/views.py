"""Company pages: needs (create, edit, pause, close) and recommended matches (おすすめ).

Thin: parse input, call one selector or service, render. Another company's
need or match is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.constants import OrganizationKind
from accounts.selectors import organization_list_for_user, user_is_platform_admin
from marketplace.selectors import license_request_open_for

from . import selectors, services
from .forms import (
    NeedForm,
    NotInterestedForm,
    ReviewApproveForm,
    ReviewBulkForm,
    ReviewFilterForm,
    ReviewRejectForm,
)
from .models import NeedStatus


def _companies(user):
    return list(
        organization_list_for_user(user=user).filter(kind=OrganizationKind.COMPANY)
    )


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def need_list(request):
    companies = _companies(request.user)
    if not companies:
        return render(request, "matching/no_company.html")
    needs = selectors.need_list_visible(user=request.user).filter(
        organization__in=companies
    )
    return render(
        request,
        "matching/need_list.html",
        {"needs": needs.order_by("-created_at"), "companies": companies},
    )


@login_required
def need_new(request):
    companies = _companies(request.user)
    if not companies:
        return render(request, "matching/no_company.html")
    organization = companies[0]
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, ipc = form.service_arguments()
        try:
            need = services.need_create(
                organization=organization,
                by=request.user,
                data=data,
                ipc_codes=ipc,
                strategic_field_ids=form.chosen_field_ids(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Need saved. Matching has started."))
            return redirect("matching:need_detail", pk=need.pk)
    return render(
        request,
        "matching/need_form.html",
        {"form": form, "organization": organization, "need": None},
    )


@login_required
def need_detail(request, pk: int):
    need = selectors.need_get_visible(user=request.user, pk=pk)
    can_edit = selectors.user_can_edit_need(user=request.user, need=need)
    form = None
    if can_edit:
        form = NeedForm(request.POST or None, initial=NeedForm.initial_for(need))
        if request.method == "POST" and form.is_valid():
            data, ipc = form.service_arguments()
            try:
                services.need_update(
                    need=need,
                    by=request.user,
                    data=data,
                    ipc_codes=ipc,
                    strategic_field_ids=form.chosen_field_ids(),
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Need saved."))
                return redirect("matching:need_detail", pk=need.pk)
    elif request.method == "POST":
        raise PermissionDenied
    matches = selectors.match_list_visible(user=request.user).filter(need=need)
    if user_is_platform_admin(request.user):
        matches = matches.filter(status__in=selectors.COMPANY_VISIBLE_STATUSES)
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "form": form,
            "can_edit": can_edit,
            "matches": matches.order_by("-score"),
        },
    )


@login_required
@require_POST
def need_action(request, pk: int, action: str):
    need = selectors.need_get_visible(user=request.user, pk=pk)
    handlers = {
        "pause": services.need_pause,
        "activate": services.need_activate,
        "close": services.need_close,
    }
    if action not in handlers:
        raise Http404("No such action.")
    if need.status == NeedStatus.CLOSED:
        messages.error(request, _("This need is closed."))
    else:
        handlers[action](need=need, by=request.user)
        messages.success(request, _("Need updated."))
    return redirect("matching:need_detail", pk=need.pk)


@login_required
def match_list(request):
    matches = selectors.match_list_visible(user=request.user).filter(
        status__in=selectors.COMPANY_VISIBLE_STATUSES,
        need__organization__in=_companies(request.user),
    )
    return render(
        request, "matching/match_list.html", {"matches": matches.order_by("-score")}
    )


@login_required
def match_detail(request, pk: int):
    match = selectors.match_get_visible(user=request.user, pk=pk)
    can_respond = selectors.user_can_respond_match(user=request.user, match=match)
    if can_respond:
        match = services.match_mark_viewed(match=match, by=request.user)
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "can_respond": can_respond and match.status in ("sent", "viewed"),
            "form": NotInterestedForm(),
        },
    )


@login_required
@require_POST
def match_respond(request, pk: int, answer: str):
    match = selectors.match_get_visible(user=request.user, pk=pk)
    try:
        if answer == "interested":
            services.match_mark_interested(match=match, by=request.user)
            draft = license_request_open_for(
                listing=match.listing, organization=match.need.organization
            )
            messages.success(
                request,
                _(
                    "Thank you. A draft license request is ready: complete it and "
                    "send it to the rights holder."
                ),
            )
            if draft is not None:
                return redirect(draft.get_absolute_url())
        elif answer == "not-interested":
            form = NotInterestedForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a reason from the list."))
                return redirect("matching:match_detail", pk=match.pk)
            services.match_mark_not_interested(
                match=match,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Thank you for your feedback."))
        else:
            raise Http404("No such answer.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:  # e.g. the company is not verified yet
        messages.error(request, str(exc))
    return redirect("matching:match_detail", pk=match.pk)


# --- the admins' review page ---------------------------------------------------------

REVIEW_PAGE_SIZE = 25


def _require_reviewer(request) -> None:
    """The review page does not exist for anyone but admins (404, not 403)."""
    if not selectors.user_can_decide_match(user=request.user):
        raise Http404("No such page.")


def _back_to_review(request):
    # Only the query string travels back, re-encoded: no open redirect.
    query = QueryDict(request.POST.get("return_query", "")).copy()
    url = reverse("matching:review")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@login_required
def review(request):
    _require_reviewer(request)
    form = ReviewFilterForm(request.GET)
    matches = selectors.match_list_review(filters=form.filters())
    page = Paginator(matches, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/review.html",
        {
            "form": form,
            "page": page,
            "matches": page.object_list,
            "query_string": query.urlencode(),
            "return_query": request.GET.urlencode(),
            "reject_form": ReviewRejectForm(),
            "bulk_form": ReviewBulkForm(),
        },
    )


@login_required
@require_POST
def review_decide(request, pk: int, action: str):
    _require_reviewer(request)
    match = selectors.match_get_visible(user=request.user, pk=pk)
    try:
        if action == "approve":
            form = ReviewApproveForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors.get("note_to_company")))
                return _back_to_review(request)
            services.match_approve(
                match=match,
                by=request.user,
                note_to_company=form.cleaned_data["note_to_company"].strip(),
            )
            messages.success(
                request,
                _("Approved and sent to the company: %(match)s") % {"match": match},
            )
        elif action == "reject":
            form = ReviewRejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a reason from the list."))
                return _back_to_review(request)
            services.match_reject(
                match=match,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"].strip(),
            )
            messages.success(request, _("Rejected: %(match)s") % {"match": match})
        else:
            raise Http404("No such action.")
    except ValidationError as exc:
        messages.error(request, f"{match}: {' '.join(exc.messages)}")
    return _back_to_review(request)


@login_required
@require_POST
def review_run(request):
    """Admins start the full matching batch from the review page."""
    _require_reviewer(request)
    if services.match_run_queue(by=request.user):
        messages.success(
            request,
            _(
                "The matching job was started. New proposals appear here as soon "
                "as it has finished."
            ),
        )
    else:
        messages.info(
            request,
            _("A matching run is already in progress. Try again when it has finished."),
        )
    return _back_to_review(request)


@login_required
@require_POST
def review_bulk(request):
    _require_reviewer(request)
    form = ReviewBulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back_to_review(request)
    try:
        result = services.match_review_bulk(
            matches=form.cleaned_data["matches"],
            by=request.user,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_review(request)
    if result.done:
        text = (
            ngettext(
                "%(n)d proposal approved.",
                "%(n)d proposals approved.",
                len(result.done),
            )
            if form.cleaned_data["action"] == "approve"
            else ngettext(
                "%(n)d proposal rejected.",
                "%(n)d proposals rejected.",
                len(result.done),
            )
        )
        messages.success(request, text % {"n": len(result.done)})
    for match, error in result.failed:
        messages.error(request, f"{match}: {error}")
    return _back_to_review(request)
