"""Background jobs of listings."""

from celery import shared_task

from .services import listing_expire_lapsed


@shared_task(name="listings.expire_lapsed")
def expire_lapsed() -> int:
    """Expire published listings whose rights have all lapsed (daily; safe to rerun)."""
    return listing_expire_lapsed()


@shared_task(name="listings.run_import")
def run_import(job_id: int) -> None:
    """Run a queued listing import job (a job already started is skipped)."""
    from .importing.jobs import import_job_run

    import_job_run(job_id=job_id)


@shared_task(name="listings.strategic_fields_retag")
def strategic_fields_retag(field_ids: list[int] | None = None) -> dict:
    """Re-tag listings and needs with strategic fields (all, or ``field_ids``).

    Safe to run twice: a second run finds nothing to change.
    """
    from .services import strategic_fields_retag as retag

    return retag(field_ids=field_ids)
