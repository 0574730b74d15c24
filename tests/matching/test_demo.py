"""The demo step: needs of the demo companies and proposals by the real job."""

import pytest

from accounts import demo as accounts_demo
from matching import demo
from matching.models import Match, Need
from matching.selectors import listing_index_clear

pytestmark = pytest.mark.django_db


def test_demo_needs_and_proposals_are_idempotent(listings):
    listing_index_clear()
    context = accounts_demo.seed()
    demo.seed(context)
    needs = Need.objects.filter(external_id__startswith="demo-").count()
    pairs = Match.objects.count()
    assert needs >= 15
    assert pairs > 0
    assert Match.objects.exclude(status="proposed").exists()  # some sent to companies
    demo.seed(context)
    assert Need.objects.filter(external_id__startswith="demo-").count() == needs
    assert Match.objects.count() == pairs
