"""The listing import pages: upload, template download, job progress and result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .forms_import import ImportUploadForm
from .importing import TEMPLATE_COLUMNS, ImportFileError, template_csv
from .importing.core import MAX_REPORTED_ERRORS
from .importing.jobs import (
    import_job_create,
    import_job_get_for_user,
    import_job_list_for_user,
    import_organization_list_for_user,
)


def _organizations_or_403(user):
    organizations = import_organization_list_for_user(user=user)
    if not organizations:
        raise PermissionDenied("Only staff of a university or TLO can import listings.")
    return organizations


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    organizations = _organizations_or_403(request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = import_job_create(
                owner=data["owner"],
                by=request.user,
                fmt=data["format"],
                upload=data["file"],
                publish=data["publish"],
                dry_run=data["dry_run"],
                skip_invalid=data["skip_invalid"],
            )
        except (PermissionDenied, ImportFileError) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(job.get_absolute_url())
    jobs = import_job_list_for_user(user=request.user)[:10]
    return render(
        request,
        "listings/import/upload.html",
        {"form": form, "jobs": jobs, "columns": TEMPLATE_COLUMNS},
    )


@login_required
@require_GET
def import_template(request):
    _organizations_or_403(request.user)
    # A BOM so that Excel opens the UTF-8 file with the right encoding.
    response = HttpResponse(
        "\ufeff" + template_csv(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="listings-template.csv"'
    return response


@login_required
@require_GET
def import_job(request, pk: int):
    job = import_job_get_for_user(user=request.user, pk=pk)
    errors = [e for e in job.errors if not e.get("warning")]
    warnings = [e for e in job.errors if e.get("warning")]
    return render(
        request,
        "listings/import/job.html",
        {
            "job": job,
            "errors": errors,
            "errors_capped": len(errors) >= MAX_REPORTED_ERRORS,
            "warnings": warnings,
        },
    )


@login_required
@require_GET
def import_job_status(request, pk: int):
    job = import_job_get_for_user(user=request.user, pk=pk)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "finished": job.is_finished,
            "total": job.total,
            "processed": job.processed,
            "percent": job.percent,
            "created": job.created_count,
            "updated": job.updated_count,
            "unchanged": job.unchanged_count,
            "rejected": job.rejected_count,
        }
    )
