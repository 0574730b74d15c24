"""Strategic fields: the tagging rules, tagging on write and import, re-tagging,
the loader command and the operators' admin."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from listings.importing import listing_import
from listings.models import Listing, StrategicField
from listings.numbers import IPCError
from listings.selectors import (
    strategic_field_list_active,
    strategic_field_list_with_counts,
    strategic_field_ruleset,
)
from listings.services import (
    listing_create,
    listing_tag_strategic_fields_bulk,
    listing_update,
    strategic_field_clean_prefixes,
    strategic_field_load_defaults,
    strategic_field_save,
    strategic_fields_retag,
)
from listings.strategic_fields import (
    GROWTH_STRATEGY_2025,
    FieldRule,
    RuleSet,
    match_strategic_fields,
    normalize_rule_prefix,
)
from tests.factories.listings import ListingFactory, add_ipc

# --- the pure rules -------------------------------------------------------------


def _rules(*rules: tuple[int, list[str], list[str]]) -> RuleSet:
    return RuleSet(FieldRule(id=i, ipc_prefixes=p, keywords=k) for i, p, k in rules)


def test_prefix_levels_section_class_subclass_group_subgroup():
    rules = _rules(
        (1, ["G"], []),
        (2, ["H01"], []),
        (3, ["H01M"], []),
        (4, ["G06N 10"], []),
        (5, ["H04B 10/70"], []),
    )

    def tag(code):
        return match_strategic_fields(rules, ipc_codes=[code])

    assert tag("G01N 33/12") == {1}
    assert tag("H01L 21/02") == {2}
    assert tag("H01M 4/38") == {2, 3}
    assert tag("G06N 10/00") == {1, 4}
    assert tag("G06N 10/20") == {1, 4}
    # "G06N 1" is a different main group from "G06N 10": no string-prefix slip.
    assert (
        match_strategic_fields(_rules((9, ["G06N 1"], [])), ipc_codes=["G06N 10/00"])
        == set()
    )
    assert tag("H04B 10/70") == {5}
    assert tag("H04B 10/701") == {5}  # a deeper decimal subgroup
    assert tag("H04B 10/25") == set()
    assert tag("H04B 7/185") == set()


def test_keywords_latin_whole_words_japanese_substrings_full_width_folded():
    rules = _rules((1, [], ["AI", "machine learning"]), (2, [], ["核融合"]))
    assert rules.match_text("An AI model for defects") == {1}
    assert rules.match_text("We maintain the rails") == set()  # "ai" inside a word
    assert rules.match_text("MACHINE LEARNING on edge devices") == {1}
    assert rules.match_text("ＡＩによる画像診断") == {1}  # full-width letters
    assert rules.match_text("レーザー核融合の燃料") == {2}
    assert rules.match_text("") == set()
    # A rejected hit inside a word does not hide a real one later on.
    assert rules.match_text("maintain the AI") == {1}
    assert rules.explain_text("Deep machine learning; 核融合") == {
        1: "machine learning",
        2: "核融合",
    }


def test_ipc_or_keyword_and_bad_prefixes_skipped():
    rules = _rules((1, ["G21B", "not a code"], ["tokamak"]))
    assert match_strategic_fields(rules, ipc_codes=["G21B 1/05"]) == {1}
    assert match_strategic_fields(rules, text="a compact tokamak") == {1}
    assert (
        match_strategic_fields(rules, ipc_codes=["G21C 1/00"], text="fission") == set()
    )


def test_normalize_rule_prefix():
    assert normalize_rule_prefix("g06f21") == "G06F 21/00"
    assert normalize_rule_prefix(" H04B 10/70 ") == "H04B 10/70"
    assert normalize_rule_prefix("Ｈ０１Ｌ") == "H01L"
    for bad in ("", "X01", "G06F/21", "quantum"):
        with pytest.raises(IPCError):
            normalize_rule_prefix(bad)


def test_seed_has_17_fields_with_valid_rules_and_justification():
    assert len(GROWTH_STRATEGY_2025) == 17
    assert len({f["slug"] for f in GROWTH_STRATEGY_2025}) == 17
    for field in GROWTH_STRATEGY_2025:
        assert field["ipc_prefixes"], field["slug"]
        for prefix in field["ipc_prefixes"]:
            normalize_rule_prefix(prefix)
        assert len(field["description"]) > 80, field["slug"]


# --- database: loading, tagging on write ------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(db):
    strategic_field_load_defaults()
    return {f.slug: f for f in StrategicField.objects.all()}


def _tags(obj) -> set[str]:
    return set(obj.strategic_fields.values_list("slug", flat=True))


def test_load_defaults_is_idempotent_and_keeps_operator_edits(fields):
    quantum = fields["quantum"]
    quantum.ipc_prefixes = ["G06N 10/00"]
    quantum.name_en = "Quantum (edited)"
    quantum.save()
    again = strategic_field_load_defaults()
    assert again["created"] == [] and len(again["kept"]) == 17
    quantum.refresh_from_db()
    assert quantum.name_en == "Quantum (edited)"
    reset = strategic_field_load_defaults(reset=True)
    assert reset["reset"] == ["quantum"]
    quantum.refresh_from_db()
    assert quantum.name_en == "Quantum technology"
    assert "H04B 10/70" in quantum.ipc_prefixes
    assert list(strategic_field_list_active()) == sorted(
        fields.values(), key=lambda f: f.position
    )


def test_command_loads_then_retags_and_reports(university):
    listing = ListingFactory(owner=university, title="超伝導量子ビットの制御")
    out = io.StringIO()
    call_command("listings_load_strategic_fields", stdout=out)
    assert "17 created" in out.getvalue()
    assert "quantum" in _tags(listing)
    out = io.StringIO()
    call_command("listings_load_strategic_fields", stdout=out)
    assert "0 created" in out.getvalue() and "17 kept" in out.getvalue()


def test_listing_create_and_update_tag_by_ipc_and_text(fields, university, tlo_staff):
    listing = listing_create(
        owner=university,
        by=tlo_staff,
        data={"title": "固体電解質", "summary": "全固体電池"},
        ipc_codes=["H01M 10/0562"],
    )
    assert _tags(listing) == {"energy-gx"}
    assert Listing.objects.get(pk=listing.pk).index_dirty
    listing = listing_update(
        listing=listing,
        by=tlo_staff,
        data={"summary": "トカマク型核融合炉のブランケット"},
        ipc_codes=["G21B 1/13"],
    )
    assert _tags(listing) == {"fusion-energy"}


def test_inactive_field_is_ignored(fields, university, tlo_staff):
    StrategicField.objects.filter(slug="fusion-energy").update(is_active=False)
    listing = listing_create(
        owner=university,
        by=tlo_staff,
        data={"title": "核融合"},
        ipc_codes=["G21B 1/05"],
    )
    assert _tags(listing) == set()


def test_bulk_tagging_query_count_does_not_grow_with_listings(fields, university):
    few = [ListingFactory(owner=university) for _ in range(3)]
    many = [ListingFactory(owner=university) for _ in range(40)]
    for listing in few + many:
        add_ipc(listing, "H01L 21/02")
    rules = strategic_field_ruleset()
    with CaptureQueriesContext(connection) as small:
        listing_tag_strategic_fields_bulk(listing_ids=[x.pk for x in few], rules=rules)
    with CaptureQueriesContext(connection) as large:
        listing_tag_strategic_fields_bulk(listing_ids=[x.pk for x in many], rules=rules)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert all(_tags(x) == {"ai-semiconductor"} for x in many)


def test_import_tags_the_imported_listings(fields, university, tmp_path):
    rows = [
        {
            "number": "US1000001",
            "title": "Qubit readout",
            "abstract": "A superconducting qubit.",
            "ipc": ["G06N 10/00"],
        },
        {
            "number": "US1000002",
            "title": "Hull coating",
            "abstract": "For ship hull drag.",
            "ipc": ["B63B 59/04"],
        },
        {
            "number": "US1000003",
            "title": "Shoe sole",
            "abstract": "A sole.",
            "ipc": ["A43B 13/00"],
        },
    ]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = listing_import(
        owner=university, by=None, fmt="jsonl", path=path, max_bytes=10**6
    )
    assert report.created == 3
    tags = {x.source_id: _tags(x) for x in Listing.objects.filter(owner=university)}
    assert tags == {
        "US1000001": {"quantum"},
        "US1000002": {"shipbuilding"},
        "US1000003": set(),
    }


# --- re-tagging after a rule change ----------------------------------------------


def test_retag_after_rule_change_adds_and_removes_and_marks_dirty(fields, university):
    shoe = ListingFactory(owner=university, title="Running shoe sole")
    add_ipc(shoe, "A43B 13/00")
    chip = ListingFactory(owner=university, title="Power device")
    add_ipc(chip, "H01L 29/78")
    strategic_fields_retag()
    assert _tags(shoe) == set() and _tags(chip) == {"ai-semiconductor"}
    Listing.objects.update(index_dirty=False)

    ai = fields["ai-semiconductor"]
    ai.ipc_prefixes = ["A43B"]  # an operator's (odd) new rule
    ai.keywords = []
    ai.save()
    progress = []
    counts = strategic_fields_retag(
        field_ids=[ai.pk], progress=lambda *a: progress.append(a)
    )
    assert counts["listings_changed"] == 2
    assert _tags(shoe) == {"ai-semiconductor"} and _tags(chip) == set()
    assert set(
        Listing.objects.filter(index_dirty=True).values_list("pk", flat=True)
    ) == {
        shoe.pk,
        chip.pk,
    }
    assert progress[0][0] == "listings" and progress[-1][0] == "needs"
    # Idempotent.
    assert strategic_fields_retag(field_ids=[ai.pk])["listings_changed"] == 0


def test_retag_that_changes_tags_refreshes_the_landscape(
    fields, university, django_capture_on_commit_callbacks
):
    from search.landscape import landscape_get, landscape_refresh

    listing = ListingFactory(owner=university, title="Running shoe sole")
    add_ipc(listing, "A43B 13/00")
    listing_publish_for_test(listing)
    landscape_refresh()

    def supply_of(slug):
        rows = landscape_get()["strategic_fields"]
        return next(r["supply"] for r in rows if r["key"] == slug)

    assert supply_of("ai-semiconductor") == 0
    ai = fields["ai-semiconductor"]
    ai.ipc_prefixes, ai.keywords = ["A43B"], []
    ai.save()
    with django_capture_on_commit_callbacks(execute=True):
        strategic_fields_retag(field_ids=[ai.pk])
    assert supply_of("ai-semiconductor") == 1
    # Nothing changed: no rebuild is queued.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        strategic_fields_retag(field_ids=[ai.pk])
    assert callbacks == []


def listing_publish_for_test(listing):
    Listing.objects.filter(pk=listing.pk).update(status="published")
    listing.owner.is_verified = True
    listing.owner.save(update_fields=["is_verified"])


def test_retag_for_some_fields_leaves_the_others_alone(fields, university):
    listing = ListingFactory(owner=university, title="qubit on a ship hull")
    strategic_fields_retag()
    assert _tags(listing) == {"quantum", "shipbuilding"}
    fields["quantum"].keywords = []
    fields["quantum"].save()
    StrategicField.objects.filter(slug="shipbuilding").update(keywords=[])
    strategic_fields_retag(field_ids=[fields["quantum"].pk])
    assert _tags(listing) == {"shipbuilding"}


def test_retag_command_reports_progress_and_rejects_unknown_field(fields, university):
    ListingFactory(owner=university, title="deep learning accelerator")
    out = io.StringIO()
    call_command(
        "listings_retag_strategic_fields", "--field", "ai-semiconductor", stdout=out
    )
    assert "listings: 1/1" in out.getvalue()
    assert "1 of 1 listings" in out.getvalue()
    with pytest.raises(Exception, match="No such strategic field: nope"):
        call_command("listings_retag_strategic_fields", "--field", "nope")


# --- operators: service and admin ------------------------------------------------


def test_clean_prefixes_canonical_and_names_every_bad_one():
    assert strategic_field_clean_prefixes(["g06n10", "G06N 10", "H01L"]) == [
        "G06N 10/00",
        "H01L",
    ]
    with pytest.raises(ValidationError) as exc:
        strategic_field_clean_prefixes(["H01L", "X01", "semiconductor"])
    message = " ".join(exc.value.message_dict["ipc_prefixes"])
    assert "X01" in message and "semiconductor" in message


def test_save_requires_admin_and_queues_retag_on_rule_change(
    fields, university, admin_user, tlo_staff, django_capture_on_commit_callbacks
):
    from django.core.exceptions import PermissionDenied

    listing = ListingFactory(owner=university, title="Shoe")
    add_ipc(listing, "A43B 13/00")
    field = fields["content"]
    with pytest.raises(PermissionDenied):
        strategic_field_save(field=field, by=tlo_staff, changed=["ipc_prefixes"])
    field.ipc_prefixes = ["a43b"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        strategic_field_save(field=field, by=admin_user, changed=["ipc_prefixes"])
    assert callbacks  # the re-tag task was queued on commit (and ran eagerly)
    field.refresh_from_db()
    assert field.ipc_prefixes == ["A43B"]
    assert "content" in _tags(listing)
    assert AuditEvent.objects.filter(action="strategic_field.save").exists()


def test_admin_changelist_counts_and_search(client, fields, university, admin_user):
    listing = ListingFactory(owner=university, title="quantum computer")
    strategic_fields_retag()
    rows = {f.slug: f for f in strategic_field_list_with_counts()}
    assert rows["quantum"].listing_count == 1 and rows["ocean"].listing_count == 0
    client.force_login(admin_user)
    url = reverse("admin:listings_strategicfield_changelist")
    response = client.get(url, {"q": "量子"})
    assert response.status_code == 200
    assert "量子" in response.content.decode()
    assert listing.pk


def test_admin_rejects_bad_prefix_with_clear_error(client, fields, admin_user):
    client.force_login(admin_user)
    field = fields["quantum"]
    url = reverse("admin:listings_strategicfield_change", args=[field.pk])
    data = {
        "slug": field.slug,
        "name_ja": field.name_ja,
        "name_en": field.name_en,
        "description": field.description,
        "position": field.position,
        "is_active": "on",
        "ipc_prefixes_text": "G06N 10\nquantum stuff",
        "keywords_text": "qubit",
    }
    # Pages follow the language cookie (Accept-Language is ignored).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Not an IPC prefix: quantum stuff" in response.content.decode()
    field.refresh_from_db()
    assert "quantum stuff" not in field.ipc_prefixes


def test_admin_saves_rules_and_retags(
    client, fields, university, admin_user, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=university, title="Running shoe")
    add_ipc(listing, "A43B 13/00")
    client.force_login(admin_user)
    field = fields["foodtech"]
    url = reverse("admin:listings_strategicfield_change", args=[field.pk])
    data = {
        "slug": field.slug,
        "name_ja": field.name_ja,
        "name_en": field.name_en,
        "description": field.description,
        "position": field.position,
        "is_active": "on",
        "ipc_prefixes_text": "A23L\nA43B",
        "keywords_text": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.ipc_prefixes == ["A23L", "A43B"] and field.keywords == []
    assert _tags(listing) == {"foodtech"}


def test_admin_action_retags_now(client, fields, university, admin_user):
    listing = ListingFactory(owner=university, title="tokamak divertor")
    assert _tags(listing) == set()
    client.force_login(admin_user)
    url = reverse("admin:listings_strategicfield_changelist")
    response = client.post(
        url,
        {
            "action": "retag_now",
            "_selected_action": [fields["fusion-energy"].pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert _tags(listing) == {"fusion-energy"}


def test_admin_pages_refuse_non_staff(client, fields, tlo_staff):
    client.force_login(tlo_staff)
    url = reverse("admin:listings_strategicfield_changelist")
    response = client.get(url)
    assert response.status_code == 302  # to the admin login


@pytest.mark.celery_redis
@pytest.mark.django_db(transaction=True)
def test_rule_change_is_retagged_by_a_real_worker(
    celery_worker_process, university, admin_user
):
    import time

    strategic_field_load_defaults()
    listing = ListingFactory(owner=university, title="Running shoe")
    add_ipc(listing, "A43B 13/00")
    field = StrategicField.objects.get(slug="content")
    field.ipc_prefixes = ["A43B"]
    strategic_field_save(field=field, by=admin_user, changed=["ipc_prefixes"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "content" not in _tags(listing):
        time.sleep(0.3)
    assert _tags(listing) == {"content"}
    # The worker's re-tag queued the reindex: the index's facet follows.
    from search.models import IndexedListing

    def indexed_fields():
        row = IndexedListing.objects.filter(listing_id=listing.pk).first()
        return (row.facets or {}).get("strategic_field") if row else None

    while time.monotonic() < deadline and indexed_fields() != ["content"]:
        time.sleep(0.3)
    assert indexed_fields() == ["content"]
