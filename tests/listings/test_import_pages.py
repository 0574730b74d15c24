"""The import upload page, the job page and who may see them."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation

from listings.importing.formats import TEMPLATE_COLUMNS
from listings.models import ImportJob, Listing
from tests.factories.accounts import member_of


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English message texts; the site default is Japanese."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

RECORD = {
    "number": "JP2010019680A",
    "title": "電力量計",
    "abstract": "【課題】温度上昇を検出する電力量計を提供する。【解決手段】温度検出部。",
    "application_number": "2008180290",
    "lang": "ja",
}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, content: bytes, name="records.jsonl", **fields):
    data = {
        "format": "jsonl",
        "file": SimpleUploadedFile(name, content),
        **fields,
    }
    # The job is queued on commit; run the callbacks as a real commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("listings:import_upload"), data)


def jsonl(*records) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


def test_upload_runs_the_job_and_shows_the_result(tlo_staff, university, settings):
    client = client_for(tlo_staff)
    assert client.get(reverse("listings:import_upload")).status_code == 200
    response = upload(client, jsonl(RECORD), publish="on")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.owner == university and job.created_by == tlo_staff
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.total, job.processed, job.created_count) == (1, 1, 1)
    assert job.published_count == 1
    stored = settings.PRIVATE_MEDIA_ROOT / job.file_path
    assert stored.read_bytes() == jsonl(RECORD)
    assert str(settings.MEDIA_ROOT) not in str(stored)
    listing = Listing.objects.get()
    assert listing.status == "published"
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert "records.jsonl" in page.content.decode()
    status = client.get(reverse("listings:import_job_status", args=[job.pk])).json()
    assert status["status"] == "succeeded" and status["created"] == 1
    detail = Client().get(listing.get_absolute_url())
    assert "電力量計" in detail.content.decode()


def test_rejected_rows_are_listed_and_nothing_written(tlo_staff):
    client = client_for(tlo_staff)
    bad = {
        **RECORD,
        "number": "JP2011000001A",
        "application_number": "",
        "date": "soon",
    }
    upload(client, jsonl(RECORD, bad))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.rejected_count == 1
    assert job.errors[0] == {
        "line": 2,
        "field": "date",
        "message": job.errors[0]["message"],
    }
    assert "soon" in job.errors[0]["message"]
    assert Listing.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "soon" in page and "<td>2</td>" in page


def test_skip_invalid_and_dry_run_options(tlo_staff):
    client = client_for(tlo_staff)
    bad = {**RECORD, "number": "JP2011000001A", "application_number": "", "ipc": ["??"]}
    upload(client, jsonl(RECORD, bad), dry_run="on")
    assert Listing.objects.count() == 0
    dry = ImportJob.objects.get()
    assert dry.created_count == 1 and dry.rejected_count == 1
    upload(client, jsonl(RECORD, bad), skip_invalid="on")
    job = ImportJob.objects.exclude(pk=dry.pk).get()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.created_count, job.rejected_count) == (1, 1)
    assert Listing.objects.count() == 1


def test_file_problem_fails_the_job_with_its_message(tlo_staff):
    client = client_for(tlo_staff)
    upload(client, "開放特許情報番号\n".encode("utf-16"), name="x.csv", format="csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "UTF-16" in job.message
    assert "UTF-16" in client.get(job.get_absolute_url()).content.decode()


def test_oversize_upload_is_refused_by_the_form(tlo_staff, settings):
    settings.LISTINGS_IMPORT_UPLOAD_MAX_BYTES = 10
    response = upload(client_for(tlo_staff), jsonl(RECORD))
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    assert response.context["form"].errors["file"]


def test_unverified_organisation_cannot_publish(university, tlo_staff):
    university.is_verified = False
    university.save()
    response = upload(client_for(tlo_staff), jsonl(RECORD), publish="on")
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    assert "認証されていない" in str(response.context["form"].non_field_errors())


def test_another_organisations_job_is_404_and_unchanged(tlo_staff, other_tlo_staff):
    upload(client_for(tlo_staff), jsonl(RECORD))
    job = ImportJob.objects.get()
    other = client_for(other_tlo_staff)
    assert other.get(job.get_absolute_url()).status_code == 404
    status_url = reverse("listings:import_job_status", args=[job.pk])
    assert other.get(status_url).status_code == 404
    assert (
        job.get_absolute_url()
        not in other.get(reverse("listings:import_upload")).content.decode()
    )


def test_company_user_and_viewer_cannot_import(company_staff, university):
    client = client_for(company_staff)
    assert client.get(reverse("listings:import_upload")).status_code == 403
    response = upload(client, jsonl(RECORD))
    assert response.status_code == 403
    assert client.get(reverse("listings:import_template")).status_code == 403
    viewer = member_of(university, role="viewer")
    assert client_for(viewer).get(reverse("listings:import_upload")).status_code == 403
    assert not ImportJob.objects.exists()
    assert Listing.objects.count() == 0


def test_staff_cannot_post_for_an_organisation_they_do_not_belong_to(
    tlo_staff, other_university
):
    response = upload(client_for(tlo_staff), jsonl(RECORD), owner=other_university.pk)
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert not ImportJob.objects.exists()


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("listings:import_upload"))
    assert response.status_code == 302 and "login" in response.url


def test_template_download_matches_the_column_definition(tlo_staff):
    response = client_for(tlo_staff).get(reverse("listings:import_template"))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(text)))
    assert header == [c.name for c in TEMPLATE_COLUMNS]
    assert example == [c.example for c in TEMPLATE_COLUMNS]


def test_running_a_job_twice_does_nothing_more(tlo_staff):
    from listings.tasks import run_import

    upload(client_for(tlo_staff), jsonl(RECORD))
    job = ImportJob.objects.get()
    run_import(job.pk)
    assert Listing.objects.count() == 1
    assert ImportJob.objects.get().created_count == 1


def test_task_is_registered_under_its_name():
    from config.celery_app import app

    app.loader.import_default_modules()
    assert app.tasks["listings.run_import"].name == "listings.run_import"
