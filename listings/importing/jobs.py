"""Import jobs of the upload page: who may start and see them, and running one.

The uploaded file is kept under PRIVATE_MEDIA_ROOT (never publicly served);
the job row records the options, progress, counts and row errors.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.constants import OrganizationKind
from accounts.models import Organization
from accounts.selectors import WRITE_ROLES, membership_list_active, user_has_role
from config.tasks import enqueue

from ..models import ImportJob
from .core import MAX_REPORTED_ERRORS, listing_import
from .source import ImportFileError, check_size

logger = logging.getLogger(__name__)


def _storage() -> FileSystemStorage:
    # Built per call: tests (and deployments) point PRIVATE_MEDIA_ROOT elsewhere.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


# --- selectors ---------------------------------------------------------------------


def import_organization_list_for_user(*, user) -> list[Organization]:
    """Universities/TLOs where the user is owner or staff: the ones they import for."""
    return [
        m.organization
        for m in membership_list_active(user=user)
        if m.role in WRITE_ROLES and m.organization.kind == OrganizationKind.UNIVERSITY
    ]


def user_can_import_listings(*, user, organization) -> bool:
    return organization.kind == OrganizationKind.UNIVERSITY and user_has_role(
        user=user, organization=organization, roles=WRITE_ROLES
    )


def import_job_list_for_user(*, user) -> QuerySet[ImportJob]:
    """Jobs of every organisation the user imports for, newest first."""
    orgs = [o.pk for o in import_organization_list_for_user(user=user)]
    return ImportJob.objects.filter(owner_id__in=orgs).select_related(
        "owner", "created_by"
    )


def import_job_get_for_user(*, user, pk: int) -> ImportJob:
    """The job if it belongs to an organisation the user imports for, else 404."""
    try:
        return import_job_list_for_user(user=user).get(pk=pk)
    except ImportJob.DoesNotExist as exc:
        raise Http404("No such import.") from exc


# --- services ----------------------------------------------------------------------


@transaction.atomic
def import_job_create(
    *,
    owner: Organization,
    by,
    fmt: str,
    upload,
    publish: bool = False,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportJob:
    """Store the upload privately, record a queued job and run it after commit.

    Raises PermissionDenied unless ``by`` is owner/staff of the university
    ``owner`` (and, to publish, the organisation is verified), and
    ImportFileError for an empty or oversize file.
    """
    from ..tasks import run_import

    if not user_can_import_listings(user=by, organization=owner):
        raise PermissionDenied(_("You may not import listings for this organisation."))
    if publish and not owner.is_verified:
        raise PermissionDenied(
            _(
                "%(org)s is not verified yet, so it cannot publish listings. "
                "Import without publishing, or ask an admin to verify it."
            )
            % {"org": owner}
        )
    check_size(upload.size, max_bytes=settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES)
    suffix = Path(upload.name or "").suffix.lower()[:10]
    name = _storage().save(f"imports/{owner.pk}/{uuid.uuid4().hex}{suffix}", upload)
    job = ImportJob.objects.create(
        owner=owner,
        created_by=by,
        format=fmt,
        options={
            "publish": bool(publish),
            "dry_run": bool(dry_run),
            "skip_invalid": bool(skip_invalid),
        },
        language=translation.get_language() or settings.LANGUAGE_CODE,
        file_path=name,
        original_name=(upload.name or "")[:255],
        size_bytes=upload.size,
    )
    enqueue(run_import, job.pk)
    return job


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued job; a job already started or finished is left alone.

    Row problems end as counts and an error table on the job; a file problem
    or a refusal fails the job with its message. Never raises for those.
    """
    claimed = ImportJob.objects.filter(
        pk=job_id, status=ImportJob.Status.QUEUED
    ).update(status=ImportJob.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = ImportJob.objects.select_related("owner", "created_by").get(pk=job_id)

    def progress(processed: int, total: int, phase: str) -> None:
        if phase == "writing":
            # Inside the import's transaction: other readers would not see it.
            return
        ImportJob.objects.filter(pk=job_id).update(
            processed=processed, total=max(total, processed)
        )

    options = job.options or {}
    with translation.override(job.language):
        try:
            report = listing_import(
                owner=job.owner,
                by=job.created_by,
                fmt=job.format,
                path=Path(settings.PRIVATE_MEDIA_ROOT) / job.file_path,
                max_bytes=settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES,
                publish=options.get("publish", False),
                dry_run=options.get("dry_run", False),
                skip_invalid=options.get("skip_invalid", False),
                progress=progress,
                audit_target=job,
                file_name=job.original_name,
            )
        except (ImportFileError, PermissionDenied) as exc:
            job.status = ImportJob.Status.FAILED
            job.message = str(exc)
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            return job
        except DatabaseError:
            # The import's transaction was rolled back: nothing of it was stored.
            logger.exception("the database refused listing import job %s", job_id)
            job.status = ImportJob.Status.FAILED
            job.message = _(
                "The database refused to store the import, so nothing was "
                "imported. Try again later; if it keeps failing, contact the "
                "platform team."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            return job
        except Exception:
            logger.exception("listing import job %s crashed", job_id)
            job.status = ImportJob.Status.FAILED
            job.message = _("The import stopped because of an internal error.")
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            return job
        if report.rejected and not report.written:
            status, message = (
                ImportJob.Status.FAILED,
                _(
                    "Some rows were rejected, so nothing was imported. Fix them, or "
                    "tick “skip invalid rows”."
                ),
            )
        else:
            status, message = ImportJob.Status.SUCCEEDED, ""
        if report.dry_run:
            message = message or _("Dry run: nothing was written.")
    job.status = status
    job.message = message
    job.total = report.total
    job.processed = report.total
    job.created_count = report.created
    job.updated_count = report.updated
    job.unchanged_count = report.unchanged
    job.rejected_count = report.rejected
    job.published_count = report.published
    job.pending_review_count = report.pending_review
    job.errors = report.error_dicts(MAX_REPORTED_ERRORS) + [
        {**w.as_dict(), "warning": True} for w in report.warnings[:200]
    ]
    job.finished_at = timezone.now()
    job.save()
    return job
