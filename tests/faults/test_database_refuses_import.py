"""The database refuses a write in the middle of an import.

A trigger on the real database (SQLite or PostgreSQL) aborts an INSERT once
a table holds N rows, while a TLO imports the real gazette file through the
upload page. Nothing of the import may remain, the job says it failed and
why, and once the trigger is gone the same upload imports everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEvent
from listings.models import ImportJob, Listing, ListingIPC, PatentRight

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "patents"
GAZETTE = DATA / "ja_gazette.jsonl"  # 62 real 公開特許公報 records
TRIGGER = "faults_refuse_insert"
REFUSE_AT = 30


def refuse_inserts(table: str, after: int) -> None:
    """Make the database abort any INSERT into ``table`` once it holds ``after`` rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {table} "
                f"WHEN (SELECT count(*) FROM {table}) >= {after} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the fault test'); END"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE FUNCTION {TRIGGER}() RETURNS trigger AS $$ BEGIN "
                f"IF (SELECT count(*) FROM {table}) >= {after} THEN "
                "RAISE EXCEPTION 'refused by the fault test'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"
            )
        else:  # pragma: no cover
            pytest.skip(f"no trigger recipe for {connection.vendor}")


def allow_inserts(table: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER {TRIGGER}")
        else:
            cursor.execute(f"DROP TRIGGER {TRIGGER} ON {table}")
            cursor.execute(f"DROP FUNCTION {TRIGGER}()")


def upload_gazette(client):
    data = {
        "format": "jsonl",
        "file": SimpleUploadedFile(GAZETTE.name, GAZETTE.read_bytes()),
        "publish": "on",
    }
    # The job runs after the upload commits (in-process here, as with no broker).
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("listings:import_upload"), data)
    assert response.status_code == 302
    return ImportJob.objects.order_by("-pk").first()


def imported(university) -> tuple[int, int, int]:
    return (
        Listing.objects.filter(owner=university).count(),
        ListingIPC.objects.filter(listing__owner=university).count(),
        PatentRight.objects.filter(listing__owner=university).count(),
    )


# Listings are written first, then IPC rows, then rights: refusing the rights
# means listings and IPC rows were already inserted when the database said no.
@pytest.mark.parametrize(
    "table", ["listings_listing", "listings_patentright"], ids=["listings", "rights"]
)
def test_refused_write_leaves_nothing_and_a_rerun_imports_everything(
    client, tlo_staff, university, table
):
    if not GAZETTE.exists():
        pytest.skip(f"shared data missing: {GAZETTE}")
    client.force_login(tlo_staff)
    # The job keeps its messages in the uploader's language: English here.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refuse_inserts(table, REFUSE_AT)

    with translation.override("en"):
        job = upload_gazette(client)
        assert job.status == ImportJob.Status.FAILED
        assert job.message.startswith("The database refused to store the import")
        assert "nothing was imported" in job.message
        page = client.get(reverse("listings:import_job", args=[job.pk]))
        assert page.status_code == 200
        assert "nothing was imported" in page.content.decode()
    assert imported(university) == (0, 0, 0)
    assert not AuditEvent.objects.filter(action="listing.import").exists()

    allow_inserts(table)
    job = upload_gazette(client)
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    assert job.created_count == 62
    listings, ipc_rows, rights = imported(university)
    assert listings == 62 and rights == 62
    assert ipc_rows >= 62  # every gazette record carries at least one IPC symbol
    assert AuditEvent.objects.filter(action="listing.import").count() == 1
