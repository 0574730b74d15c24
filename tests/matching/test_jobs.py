"""The matching job on the database: idempotency, resume, withdrawal, re-proposal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from listings.services import listing_update, listing_withdraw
from matching.models import Match, MatchRun, MatchRunChunk, MatchStatus
from matching.selectors import listing_index_clear
from matching.services import (
    apply_listing_cap,
    match_reject,
    match_run_claim_chunk,
    match_run_full,
    match_run_start,
    need_close,
    need_update,
)
from tests.factories.matching import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index():
    listing_index_clear()
    yield
    listing_index_clear()


def _pairs():
    return sorted(Match.objects.values_list("need_id", "listing_id"))


def test_full_run_proposes_the_right_listing_first(listings, need, other_need):
    run = match_run_full()
    assert run.status == "done"
    assert run.processed_chunks == run.total_chunks == 1
    best = Match.objects.filter(need=need).order_by("-score").first()
    assert best.listing == listings[0]
    assert best.status == MatchStatus.PROPOSED
    assert best.engine_version
    assert best.explanation["shared_terms"]
    fish = Match.objects.filter(need=other_need).order_by("-score").first()
    assert fish.listing == listings[2]


def test_running_twice_creates_no_duplicates(listings, need, other_need):
    match_run_full()
    first = _pairs()
    run = match_run_full()
    assert _pairs() == first
    assert run.created_count == 0
    assert run.updated_count == 0  # nothing changed, nothing rewritten
    assert Match.objects.count() == len(set(first))


def test_single_flight_lock_refuses_a_second_run(listings, need):
    run, resumed = match_run_start()
    assert run is not None and not resumed
    assert match_run_full() is None
    assert MatchRun.objects.filter(status="running").count() == 1


def test_a_crashed_run_is_resumed_without_losing_or_duplicating(
    listings, need, other_need
):
    for i in range(3):
        NeedFactory(organization=need.organization, title=f"LED 照明 植物工場 {i}")
    run, _ = match_run_start(chunk_size=2)
    assert run.total_chunks == 3
    # A worker claims a chunk and dies: the chunk stays running, the
    # heartbeat goes stale.
    chunk = match_run_claim_chunk(run=run)
    assert chunk.state == MatchRunChunk.State.RUNNING
    long_ago = timezone.now() - timedelta(hours=2)
    MatchRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago)
    MatchRunChunk.objects.filter(pk=chunk.pk).update(claimed_at=long_ago)

    resumed = match_run_full()
    assert resumed.pk == run.pk
    assert resumed.status == "done"
    assert resumed.processed_chunks == 3
    assert not MatchRunChunk.objects.exclude(state="done").exists()
    matched_needs = set(Match.objects.values_list("need_id", flat=True))
    assert len(matched_needs) == 5
    assert len(_pairs()) == len(set(_pairs()))


def test_rejected_pair_returns_only_after_a_content_change(
    listings, need, admin_user, tlo_staff
):
    match_run_full()
    match = Match.objects.get(need=need, listing=listings[0])
    match_reject(match=match, by=admin_user, reason="too_early", note="later")
    match_run_full()
    match.refresh_from_db()
    assert match.status == MatchStatus.REJECTED
    assert match.reason == "too_early"

    listing = listings[0]
    listing.owner.memberships.create(user=admin_user, role="owner", status="active")
    listing_update(
        listing=listing,
        by=admin_user,
        data={"overview": listing.overview + " 高温でも安定。"},
    )
    listing_index_clear()
    match_run_full()
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_rejected_pair_returns_after_the_need_changes(listings, need, admin_user):
    match_run_full()
    match = Match.objects.get(need=need, listing=listings[0])
    match_reject(match=match, by=admin_user, reason="other")
    need_update(need=need, by=admin_user, data={"problem": need.problem + " 急ぎ。"})
    match_run_full()
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_withdrawing_a_listing_withdraws_its_pending_proposals(
    listings, need, tlo_staff, django_capture_on_commit_callbacks
):
    match_run_full()
    listing = listings[0]
    assert Match.objects.filter(listing=listing, status="proposed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        listing_withdraw(listing=listing, by=tlo_staff, reason="licensed elsewhere")
    assert not Match.objects.filter(listing=listing, status="proposed").exists()
    assert Match.objects.filter(listing=listing, status="withdrawn").exists()


def test_closing_a_need_withdraws_pending_but_keeps_decided(
    listings, need, admin_user, company_staff
):
    match_run_full()
    decided = Match.objects.filter(need=need).order_by("-score").first()
    match_reject(match=decided, by=admin_user, reason="other")
    pending = Match.objects.filter(need=need, status="proposed").count()
    assert pending
    need_close(need=need, by=company_staff)
    assert not Match.objects.filter(need=need, status="proposed").exists()
    assert Match.objects.filter(need=need, status="withdrawn").count() == pending
    decided.refresh_from_db()
    assert decided.status == MatchStatus.REJECTED


def test_new_need_is_matched_on_commit(
    listings, company_staff, company, django_capture_on_commit_callbacks
):
    from matching.services import need_create

    with django_capture_on_commit_callbacks(execute=True):
        need = need_create(
            organization=company,
            by=company_staff,
            data={"title": "魚の鮮度センサ", "problem": "市場で魚の鮮度を測りたい。"},
        )
    assert (
        Match.objects.filter(need=need).order_by("-score").first().listing
        == listings[2]
    )


def test_listing_cap_keeps_a_listing_from_flooding_the_queue(
    settings, listings, company
):
    settings.MATCHING_LISTING_CAP = 2
    settings.MATCHING_QUEUE_THRESHOLD = 0.0
    for i in range(4):
        NeedFactory(organization=company, title=f"硫化物 固体電解質 電池 {i}")
    match_run_full()
    apply_listing_cap()
    queued = Match.objects.filter(listing=listings[0], status="proposed", in_queue=True)
    stored = Match.objects.filter(listing=listings[0], status="proposed")
    assert queued.count() == 2
    assert stored.count() == 4  # capped pairs stay stored for the export
    top_two = list(stored.order_by("-score").values_list("pk", flat=True)[:2])
    assert sorted(queued.values_list("pk", flat=True)) == sorted(top_two)


def test_threshold_hides_weak_pairs_from_the_queue(settings, listings, need):
    settings.MATCHING_QUEUE_THRESHOLD = 0.9
    match_run_full()
    for match in Match.objects.filter(status="proposed"):
        assert match.in_queue == (match.score >= 0.9)
