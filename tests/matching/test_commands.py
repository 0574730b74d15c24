"""needs_import, matching_run and matching_export: the evaluation interfaces."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Organization
from matching.models import Match, Need
from matching.selectors import listing_index_clear

pytestmark = pytest.mark.django_db


def _write(tmp_path, rows, name="needs.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(
            r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows
        )
        + "\n",
        encoding="utf-8",
    )
    return str(path)


def test_needs_import_creates_the_company_and_keeps_need_ids(tmp_path):
    path = _write(
        tmp_path,
        [
            {
                "need_id": "n1",
                "title": "固体電解質",
                "text": "電池の安全性",
                "ipc": ["H01M4/38"],
            },
            {"need_id": "n2", "title": "Fish freshness", "text": "Measure fish."},
        ],
    )
    out = StringIO()
    call_command(
        "needs_import", path, fmt="jsonl", organization="Acme Foods", stdout=out
    )
    org = Organization.objects.get(name_en="Acme Foods")
    assert org.kind == "company" and org.slug == "acme-foods"
    needs = {n.external_id: n for n in Need.objects.filter(organization=org)}
    assert set(needs) == {"n1", "n2"}
    assert needs["n1"].ipc_codes == ["H01M 4/38"]
    assert needs["n1"].problem == "電池の安全性"
    assert "2 created" in out.getvalue()


def test_needs_import_again_updates_by_need_id(tmp_path):
    first = _write(
        tmp_path, [{"need_id": "n1", "title": "A", "text": "old"}], "a.jsonl"
    )
    call_command("needs_import", first, fmt="jsonl", organization="Acme")
    second = _write(
        tmp_path, [{"need_id": "n1", "title": "A", "text": "new"}], "b.jsonl"
    )
    out = StringIO()
    call_command("needs_import", second, fmt="jsonl", organization="Acme", stdout=out)
    assert Need.objects.count() == 1
    assert Need.objects.get().problem == "new"
    assert "1 updated" in out.getvalue()


@pytest.mark.parametrize(
    "bad_line",
    [
        "{not json",
        json.dumps({"title": "no id"}),
        json.dumps({"need_id": "x"}),
        json.dumps({"need_id": "x", "title": "t", "ipc": ["??"]}),
        json.dumps(["a", "list"]),
        json.dumps({"need_id": "n1", "title": "duplicate id"}),
    ],
)
def test_needs_import_bad_line_names_it_and_writes_nothing(tmp_path, bad_line):
    path = _write(
        tmp_path, [{"need_id": "n1", "title": "good", "text": "fine"}, bad_line]
    )
    with pytest.raises(CommandError) as exc:
        call_command("needs_import", path, fmt="jsonl", organization="Nobody Inc")
    assert "line 2" in str(exc.value)
    assert not Need.objects.exists()
    assert not Organization.objects.filter(name_en="Nobody Inc").exists()


def test_run_and_export_give_each_need_its_ranked_listings(tmp_path, listings):
    listing_index_clear()
    path = _write(
        tmp_path,
        [
            {
                "need_id": "battery",
                "title": "固体電解質",
                "text": "硫化物の固体電解質で電池を安全に",
            },
            {"need_id": "fish", "title": "魚の鮮度", "text": "魚の鮮度を判定したい"},
            {"need_id": "nothing", "title": "宇宙エレベーター", "text": "軌道"},
        ],
    )
    call_command("needs_import", path, fmt="jsonl", organization="Acme")
    out = StringIO()
    call_command("matching_run", full=True, stdout=out)
    summary = out.getvalue()
    assert "needs: 3" in summary and "listings: 5" in summary
    assert "proposals created" in summary and "seconds" in summary
    created = Match.objects.count()
    assert created

    # A second run changes nothing.
    call_command("matching_run", full=True, stdout=StringIO())
    assert Match.objects.count() == created

    out = StringIO()
    call_command("matching_export", fmt="jsonl", top=2, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    by_need = {line["need"]: line["matches"] for line in lines}
    assert set(by_need) == {"battery", "fish", "nothing"}
    battery = by_need["battery"]
    assert 1 <= len(battery) <= 2
    assert battery[0]["listing_id"] == listings[0].pk
    assert battery[0]["patent_numbers"] == ["US20130210630"]
    assert set(battery[0]) == {
        "listing_id",
        "patent_numbers",
        "score",
        "components",
        "explanation",
    }
    scores = [m["score"] for m in battery]
    assert scores == sorted(scores, reverse=True)
    assert "lexical" in battery[0]["components"]
    assert {"shared_terms", "shared_ipc", "best_pair"} <= set(battery[0]["explanation"])
    assert by_need["fish"][0]["listing_id"] == listings[2].pk


def test_export_covers_every_status(tmp_path, listings, admin_user):
    from matching.services import match_reject

    listing_index_clear()
    path = _write(tmp_path, [{"need_id": "b", "title": "固体電解質", "text": "電池"}])
    call_command("needs_import", path, fmt="jsonl", organization="Acme")
    call_command("matching_run", full=True, stdout=StringIO())
    best = Match.objects.order_by("-score").first()
    match_reject(match=best, by=admin_user, reason="other")
    out = StringIO()
    call_command("matching_export", fmt="jsonl", top=5, stdout=out)
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["matches"][0]["listing_id"] == best.listing_id


def test_incremental_run_matches_new_needs(tmp_path, listings):
    listing_index_clear()
    call_command("matching_run", full=True, stdout=StringIO())
    path = _write(
        tmp_path, [{"need_id": "late", "title": "LED照明", "text": "植物工場"}]
    )
    call_command("needs_import", path, fmt="jsonl", organization="Acme")
    out = StringIO()
    call_command("matching_run", stdout=out)
    need = Need.objects.get(external_id="late")
    assert (
        Match.objects.filter(need=need).order_by("-score").first().listing
        == listings[4]
    )
