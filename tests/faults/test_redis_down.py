"""Redis (the Celery broker) goes down while people use the site.

A private ``redis-server`` and a real worker process run the test. With
Redis stopped, users publish a listing, submit a need, request a license and
write in the thread through the pages: every page answers, every row is
stored, and the follow-up tasks wait in the database outbox. Once Redis is
back, the queued work (matching, e-mail notifications, search indexing by
the sweeper) runs exactly once.
"""

from __future__ import annotations

import email
import time
from collections import Counter
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Notification, TaskOutbox
from listings.constants import ListingStatus
from listings.models import Listing
from marketplace.models import LicenseRequest, RequestMessage
from matching.models import Match, Need
from tests.factories.listings import ListingFactory, add_ipc
from tests.faults.conftest import wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True),
    # The test reads task results from a result backend on the Redis it stops;
    # Celery's AsyncResult.__del__ then fails to unsubscribe. The site itself
    # runs without a result backend.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

# A page that waits on an unreachable broker would take the publish retry
# policy times the connection timeout or hang; this bound only catches a hang.
HANG_SECONDS = 15

LISTING_FORM = {
    "title": "硫化物固体電解質の新組成",
    "language": "ja",
    "summary": "全固体電池の安全性を高める固体電解質",
    "overview": "硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。",
    "implementation_record": "unknown",
    "licensing_record": "unknown",
    "offers_license": "on",
    "license_types": ["non_exclusive"],
    "desired_terms": "応相談",
    "disclosure_tier": "public",
    "source": "manual",
    "ipc_codes": "H01M 10/0562",
    "claims": "請求項1",
    "rights-TOTAL_FORMS": "1",
    "rights-INITIAL_FORMS": "0",
    "rights-MIN_NUM_FORMS": "0",
    "rights-MAX_NUM_FORMS": "50",
    "rights-0-application_number": "特願2021-654321",
    "rights-0-status": "pending",
    "rights-0-applicants": "テスト大学",
}
NEED_FORM = {
    "title": "全固体電池の固体電解質",
    "problem": "リチウムイオン電池の安全性を高めたい。硫化物の固体電解質を探している。",
    "desired_fields": "電池",
    "ipc_codes": "H01M 10/0562",
    "license_types": ["non_exclusive"],
    "budget_band": "undecided",
    "timeline": "within_1y",
    "visibility": "private",
}
REQUEST_FORM = {
    "license_type": "non_exclusive",
    "field_of_use": "車載用二次電池",
    "territory": "日本",
    "intended_product": "EV用電池パック",
    "development_plan": "2027年試作",
    "source": "search",
    "message": "ぜひ検討させてください。",
    "submit": "1",
}


def timed(call):
    started = time.monotonic()
    response = call()
    assert time.monotonic() - started < HANG_SECONDS, "the page hung on the broker"
    return response


def sent_mail(directory: Path) -> Counter:
    """(recipient, subject) of every e-mail the worker wrote, with counts."""
    found: Counter = Counter()
    if not directory.exists():
        return found
    for path in directory.iterdir():
        for raw in path.read_bytes().split(b"-" * 79):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.strip())
            subject = str(make_header(decode_header(message["Subject"])))
            found[(message["To"], subject)] += 1
    return found


def test_pages_keep_working_and_queued_work_runs_once_redis_is_back(
    private_redis,
    start_worker,
    tmp_path,
    client,
    university,
    tlo_staff,
    company,
    company_staff,
):
    from config.celery_app import app

    mail_dir = tmp_path / "mail"
    start_worker(private_redis.url, TEST_EMAIL_FILE_PATH=str(mail_dir))
    # Something already on the market, so the new need has more than one candidate.
    older = ListingFactory(owner=university, title="植物工場向けLED照明")
    add_ipc(older, "A01G 9/00")

    private_redis.stop()

    # --- Redis is down: people keep working -------------------------------------
    client.force_login(tlo_staff)
    response = timed(lambda: client.post(reverse("listings:new"), LISTING_FORM))
    assert response.status_code == 302
    listing = Listing.objects.get(title=LISTING_FORM["title"])
    response = timed(
        lambda: client.post(reverse("listings:action", args=[listing.pk, "submit"]))
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.index_dirty  # the index task was lost; the sweeper will see it
    assert timed(lambda: client.get(response["Location"])).status_code == 200

    client.force_login(company_staff)
    response = timed(lambda: client.post(reverse("matching:need_new"), NEED_FORM))
    assert response.status_code == 302
    need = Need.objects.get(organization=company)
    url = reverse("marketplace:request_new", args=[listing.pk])
    response = timed(lambda: client.post(url, REQUEST_FORM))
    assert response.status_code == 302
    license_request = LicenseRequest.objects.get(listing=listing)
    message_url = reverse("marketplace:request_message", args=[license_request.pk])
    response = timed(
        lambda: client.post(message_url, {"body": "資料をお送りください。"})
    )
    assert response.status_code == 302
    for page in ("/", listing.get_absolute_url(), license_request.get_absolute_url()):
        assert timed(lambda page=page: client.get(page)).status_code == 200
    search = timed(lambda: client.get(reverse("search:search"), {"q": "植物工場"}))
    assert search.status_code == 200
    behind = timed(lambda: client.get(reverse("search:search"), {"q": "固体電解質"}))
    assert listing.get_absolute_url() not in behind.content.decode()

    # Every write is stored; the follow-up work waits in the outbox.
    assert RequestMessage.objects.filter(
        request=license_request, body="資料をお送りください。"
    ).exists()
    assert not Match.objects.filter(need=need).exists()
    waiting = Counter(TaskOutbox.objects.values_list("task_name", flat=True))
    assert waiting["matching.match_listings"] == 1
    assert waiting["matching.match_needs"] == 1
    notified = list(
        Notification.objects.exclude(recipient__email="").values_list(
            "recipient__email", "title"
        )
    )
    assert notified, "the request and the message notify the other side"
    assert waiting["accounts.send_email"] == len(set(notified))
    assert not sent_mail(mail_dir)

    # --- Redis is back ------------------------------------------------------------
    private_redis.start()
    wait_for(lambda: app.control.ping(timeout=0.5), timeout=60, what="the worker")
    # The next write that reaches the broker also hands the outbox over.
    response = timed(
        lambda: client.post(message_url, {"body": "よろしくお願いします。"})
    )
    assert response.status_code == 302
    wait_for(
        lambda: not TaskOutbox.objects.exists(), timeout=60, what="the outbox replay"
    )
    # Beat sends the sweeper every few minutes; send it now as beat would.
    assert app.send_task("search.sweep_dirty").get(timeout=60) >= 1
    listing.refresh_from_db()
    assert not listing.index_dirty
    found = client.get(reverse("search:search"), {"q": "固体電解質"})
    assert listing.get_absolute_url() in found.content.decode()

    expected = Counter(
        Notification.objects.exclude(recipient__email="").values_list(
            "recipient__email", "title"
        )
    )
    wait_for(lambda: sent_mail(mail_dir) == expected, timeout=60, what="the e-mail")
    assert wait_for(
        lambda: Match.objects.filter(need=need, listing=listing).exists(),
        what="matching of the new need",
    )
    pairs = list(Match.objects.values_list("need_id", "listing_id"))
    assert len(pairs) == len(set(pairs))

    # Replaying again (as beat does every minute) sends nothing twice.
    assert app.send_task("accounts.replay_task_outbox").get(timeout=60) == 0
    assert (
        app.send_task(
            "accounts.send_email",
            kwargs={"subject": "marker", "body": "", "to": ["marker@example.test"]},
        ).get(timeout=60)
        == 1
    )
    assert sent_mail(mail_dir) == expected + Counter(
        {("marker@example.test", "marker"): 1}
    )
