"""Strategic fields in matching: need tagging, the company's explicit choice,
and the small, explained bonus for a shared field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from listings.models import StrategicField
from listings.services import strategic_field_load_defaults, strategic_fields_retag
from matching import engine
from matching.engine import ListingDoc, NeedDoc
from matching.models import Match
from matching.services import (
    match_needs,
    need_create,
    need_tag_strategic_fields_bulk,
    need_update,
)
from tests.factories.listings import ListingFactory, add_ipc
from tests.factories.matching import NeedFactory

# --- the engine alone -----------------------------------------------------------


def test_chosen_shared_field_adds_w_field_chosen_and_is_explained():
    index = engine.ListingIndex(
        [
            ListingDoc(
                id=1,
                title="sensor housing",
                body="A sensor housing.",
                fields=frozenset(),
            ),
            ListingDoc(
                id=2,
                title="sensor housing",
                body="A sensor housing.",
                fields=frozenset({7}),
            ),
        ]
    )
    need = NeedDoc(
        id=1, text="sensor housing", fields=frozenset({7}), chosen_fields=frozenset({7})
    )
    [result] = engine.match(index, [need], top=2)
    first, second = result.candidates
    assert first.listing_id == 2  # equal text: the shared field breaks the tie
    assert first.score == pytest.approx(second.score + engine.W_FIELD_CHOSEN)
    assert first.components["strategic_field_chosen"] == 1.0
    assert second.components["strategic_field"] == 0.0
    explanation = engine.explain(index, need, first, need_fields=result.fields)
    assert explanation["shared_fields"] == [7]
    assert explanation["chosen_fields"] == [7]
    assert engine.explain(index, need, second)["shared_fields"] == []


def test_rule_derived_shared_field_is_explained_with_weight_w_field():
    index = engine.ListingIndex(
        [
            ListingDoc(id=1, title="sensor housing", body="A sensor housing."),
            ListingDoc(
                id=2,
                title="sensor housing",
                body="A sensor housing.",
                fields=frozenset({7}),
            ),
        ]
    )
    need = NeedDoc(id=1, text="sensor housing", fields=frozenset({7}))
    [result] = engine.match(index, [need], top=2)
    by_id = {c.listing_id: c for c in result.candidates}
    assert by_id[2].score == pytest.approx(by_id[1].score + engine.W_FIELD)
    assert by_id[2].components["strategic_field"] == 1.0
    assert by_id[2].components["strategic_field_chosen"] == 0.0
    explanation = engine.explain(index, need, by_id[2])
    assert explanation["shared_fields"] == [7] and explanation["chosen_fields"] == []


def test_bonus_is_small_next_to_the_lexical_signal():
    index = engine.ListingIndex(
        [
            ListingDoc(
                id=1,
                title="solid electrolyte battery",
                body="Solid electrolyte for lithium batteries.",
            ),
            ListingDoc(
                id=2,
                title="garden hose",
                body="A hose for gardens.",
                fields=frozenset({7}),
            ),
        ]
    )
    need = NeedDoc(
        id=1,
        text="solid electrolyte battery",
        fields=frozenset({7}),
        chosen_fields=frozenset({7}),
    )
    [result] = engine.match(index, [need], top=2)
    assert result.candidates[0].listing_id == 1
    assert engine.W_FIELD <= engine.W_FIELD_CHOSEN < engine.W_IPC


def test_inferred_ipc_gives_a_need_without_codes_its_fields():
    index = engine.ListingIndex(
        [
            ListingDoc(
                id=1,
                title="qubit control",
                body="Control of a qubit.",
                ipc=["G06N 10/00"],
                fields=frozenset({3}),
            ),
            ListingDoc(
                id=2, title="qubit packaging", body="Packaging.", fields=frozenset({3})
            ),
        ]
    )
    need = NeedDoc(id=1, text="qubit control")
    [result] = engine.match(
        index,
        [need],
        top=2,
        fields_for_ipc=lambda codes: {3} if "G06N 10/00" in codes else set(),
    )
    assert result.inferred_ipc == ["G06N 10/00"]
    assert result.fields == {3}
    assert all(c.components["strategic_field"] == 1.0 for c in result.candidates)


# --- with the database ------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(db):
    strategic_field_load_defaults()
    return {f.slug: f for f in StrategicField.objects.all()}


def _tags(need) -> set[str]:
    return set(need.strategic_fields.values_list("slug", flat=True))


def test_need_is_tagged_from_ipc_and_text(fields, company, company_staff):
    need = need_create(
        organization=company,
        by=company_staff,
        data={"title": "固体電解質", "problem": "全固体電池の材料"},
        ipc_codes=["H01M 10/0562"],
    )
    assert _tags(need) == {"energy-gx"}
    need = need_update(
        need=need,
        by=company_staff,
        data={"problem": "養殖いけすの監視"},
        ipc_codes=[],
    )
    assert _tags(need) == {"ocean"}


def test_explicit_choice_adds_and_survives_a_retag(fields, company, company_staff):
    need = need_create(
        organization=company,
        by=company_staff,
        data={"title": "靴底の素材"},
        strategic_field_ids=[fields["defense"].pk],
    )
    assert _tags(need) == {"defense"}
    strategic_fields_retag()
    assert _tags(need) == {"defense"}
    need = need_update(
        need=need,
        by=company_staff,
        data={},
        strategic_field_ids=[fields["quantum"].pk],
    )
    assert _tags(need) == {"quantum"}
    # An inactive chosen field is not effective.
    StrategicField.objects.filter(slug="quantum").update(is_active=False)
    strategic_fields_retag()
    assert _tags(need) == set()
    assert set(need.chosen_strategic_fields.values_list("slug", flat=True)) == {
        "quantum"
    }


def test_choice_of_unknown_field_is_refused(fields, company, company_staff):
    with pytest.raises(ValidationError):
        need_create(
            organization=company,
            by=company_staff,
            data={"title": "x"},
            strategic_field_ids=[999999],
        )


def test_need_form_offers_the_fields_and_saves_the_choice(
    client, fields, company, company_staff
):
    client.force_login(company_staff)
    page = client.get("/matching/needs/new/")
    assert page.status_code == 200
    assert "フュージョンエネルギー" in page.content.decode()
    response = client.post(
        "/matching/needs/new/",
        {
            "title": "Blanket materials",
            "problem": "",
            "budget_band": "undecided",
            "timeline": "undecided",
            "visibility": "private",
            "strategic_fields": [fields["fusion-energy"].pk],
        },
    )
    assert response.status_code == 302
    need = company.needs.get()
    assert _tags(need) == {"fusion-energy"}
    detail = client.get(response["Location"]).content.decode()
    assert "?strategic_field=fusion-energy" in detail


def test_need_retag_uses_the_inferred_ipc_of_the_last_run(fields, company):
    need = NeedFactory(organization=company, title="x", problem="", ipc_codes=[])
    listing = ListingFactory(title="y")
    Match.objects.create(
        listing=listing,
        need=need,
        score=1.0,
        rank=1,
        engine_version="t",
        explanation={"inferred_ipc": ["B63B 1/00"]},
    )
    need_tag_strategic_fields_bulk(need_ids=[need.pk])
    assert _tags(need) == {"shipbuilding"}


def test_matching_explains_a_shared_strategic_field(fields, company, university):
    plain = ListingFactory(
        owner=university,
        title="Hull sensor",
        summary="",
        overview="A sensor for hulls.",
    )
    tagged = ListingFactory(
        owner=university,
        title="Hull sensor",
        summary="",
        overview="A sensor for hulls.",
    )
    add_ipc(tagged, "B63B 71/00")
    strategic_fields_retag()
    need = NeedFactory(
        organization=company, title="hull sensor", problem="", ipc_codes=[]
    )
    need.chosen_strategic_fields.add(fields["shipbuilding"])
    need_tag_strategic_fields_bulk(need_ids=[need.pk])
    match_needs(need_ids=[need.pk])
    rows = {m.listing_id: m for m in Match.objects.filter(need=need)}
    assert rows[tagged.pk].score > rows[plain.pk].score
    shared = rows[tagged.pk].explanation["shared_fields"]
    assert shared == [
        {
            "slug": "shipbuilding",
            "name_ja": "造船",
            "name_en": "Shipbuilding",
            "chosen": True,
        }
    ]
    assert rows[plain.pk].explanation["shared_fields"] == []
