"""The review page's "Run matching now" button: admins only, POST with CSRF."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from matching.models import Match, MatchRun, MatchRunStatus, MatchStatus

pytestmark = pytest.mark.django_db

URL = "/matching/review/run/"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    # Pages follow the language cookie (Accept-Language is ignored).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_admin_starts_the_batch_and_sees_the_proposals(
    admin_user, listings, need, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    page = client.get("/matching/review/")
    assert URL in page.content.decode()
    assert not Match.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, {"return_query": "status=proposed"})
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == "/matching/review/?status=proposed"
    # Embedded mode: the task ran in-process once the request committed.
    run = MatchRun.objects.get()
    assert run.status == MatchRunStatus.DONE and run.needs_count == 1

    response = client.get(response.url)
    assert "The matching job was started" in response.content.decode()
    best = Match.objects.filter(need=need).order_by("-score").first()
    assert best.listing.title == "全固体電池用の硫化物固体電解質"
    assert best.status == MatchStatus.PROPOSED
    assert best.listing.title in response.content.decode()


def test_a_fresh_run_in_progress_is_not_doubled(
    admin_user, listings, need, django_capture_on_commit_callbacks
):
    MatchRun.objects.create(engine_version="test", heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(admin_user).post(URL, follow=True)
    assert callbacks == []
    assert "already in progress" in response.content.decode()
    assert MatchRun.objects.count() == 1 and not Match.objects.exists()


def test_a_stale_run_does_not_block_it(
    admin_user, listings, need, settings, django_capture_on_commit_callbacks
):
    settings.MATCHING_RUN_STALE_SECONDS = 60
    stale = timezone.now() - timedelta(minutes=5)
    MatchRun.objects.create(engine_version="test", heartbeat_at=stale)
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(URL)
    assert len(callbacks) == 1
    assert (
        "The matching job was started"
        in client.get(URL.replace("run/", "")).content.decode()
    )
    # The dead worker's run is taken over and finished, releasing the lock.
    assert MatchRun.objects.get().status == MatchRunStatus.DONE


@pytest.mark.parametrize("who", ["company_staff", "tlo_staff", "anonymous"])
def test_others_cannot_start_it(
    request, who, listings, need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        if who == "anonymous":
            response = Client().post(URL)
            assert response.status_code == 302 and "/accounts/login/" in response.url
        else:
            response = client_for(request.getfixturevalue(who)).post(URL)
            assert response.status_code == 404
    assert callbacks == []
    assert not MatchRun.objects.exists() and not Match.objects.exists()


def test_get_is_refused(admin_user):
    assert client_for(admin_user).get(URL).status_code == 405
    assert not MatchRun.objects.exists()


def test_csrf_token_is_required(
    admin_user, listings, need, django_capture_on_commit_callbacks
):
    client = client_for(admin_user, enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(URL).status_code == 403
    assert callbacks == [] and not MatchRun.objects.exists()
    page = client.get("/matching/review/")
    token = page.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert MatchRun.objects.get().status == MatchRunStatus.DONE
