"""Evaluate the matching job against a plain BM25 baseline, in one run.

    .venv/bin/python bench/eval_matching.py [--limit N] [--via-import] [--json PATH]

Builds a fresh temporary SQLite database, imports
../shared/data/patents/en_patents.jsonl as published listings of one TLO,
imports the needs of ../shared/data/eval/pap2pat_dev.jsonl three times (title
only, first sentence of ``text``, full ``text``) with ``needs_import``, runs
the real job (``matching_run --full``), reads the result back with
``matching_export`` and prints Recall@10 and MRR@10 per need form, next to
BM25 (same CJK-bigram/Latin-word tokens, title + body, k1=1.2, b=0.75, no
stemming, IPC or fusion) computed over the same listing texts in the same run.

A Japanese check follows: the 【課題】 of each citing document of
eval/ja_examiner_citations.jsonl is a need, the cited documents (all in
patents/ja_gazette.jsonl, imported as listings too) are the relevant ones.
And a cross-language check: 30 Japanese needs written for this project
about English listings (bench/ja_needs_for_en_listings.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

FORMS = ("title", "first_sentence", "full_text")


def first_sentence(text: str) -> str:
    """The text up to the first sentence end followed by white space."""
    parts = re.split(r"(?<=[.!?。！？])\s+", (text or "").strip(), maxsplit=1)
    return parts[0]


def need_text(form: str, record: dict) -> str:
    if form == "title":
        return record["title"]
    if form == "first_sentence":
        return first_sentence(record["text"])
    return record["text"]


def setup_django(db_path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings

    # The evaluation runs the job explicitly; no per-import auto-matching.
    settings.MATCHING_QUEUE_ON_CHANGE = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def import_listings_direct(owner, records: list[dict]) -> None:
    """Published listings written in bulk, mapped like listings_import --format jsonl."""
    from django.utils import timezone

    from listings.models import Listing, ListingIPC, PatentRight
    from listings.numbers import (
        PatentNumberError,
        ipc_parts,
        normalize_ipc,
        normalize_patent_number,
    )

    now = timezone.now()
    listings = []
    for record in records:
        abstract = record.get("abstract") or ""
        listings.append(
            Listing(
                owner=owner,
                status="published",
                language=record.get("lang") or "en",
                title=record["title"][:300],
                invention_title=record["title"][:500],
                summary=first_sentence(abstract)[:300],
                overview=abstract,
                claims=record.get("claims") or [],
                license_types=["non_exclusive"],
                source="jsonl",
                source_id=record["number"],
                published_at=now,
                content_changed_at=now,
            )
        )
    Listing.objects.bulk_create(listings, batch_size=1000)
    ipc_rows, rights = [], []
    for listing, record in zip(listings, records, strict=True):
        codes = []
        for raw in record.get("ipc") or record.get("ipc_main_groups_from_cpc") or []:
            try:
                code = normalize_ipc(raw)
            except ValueError:
                continue
            if code not in codes:
                codes.append(code)
        for i, code in enumerate(codes):
            ipc_rows.append(
                ListingIPC(listing=listing, position=i, code=code, **ipc_parts(code))
            )
        number = record["number"]
        right = PatentRight(listing=listing, country=number[:2])
        try:
            parsed = normalize_patent_number(number)
            kind, key = parsed.kind, parsed.key
        except PatentNumberError:
            kind, key = "registration", number
        if kind == "publication":
            right.publication_number, right.publication_number_norm = number, key
        else:
            right.registration_number, right.registration_number_norm = number, key
        rights.append(right)
    ListingIPC.objects.bulk_create(ipc_rows, batch_size=2000)
    PatentRight.objects.bulk_create(rights, batch_size=2000)


def import_listings(owner, path: Path, records, via_import: bool) -> str:
    if via_import:
        from django.core.management import call_command

        try:
            call_command(
                "listings_import",
                str(path),
                fmt="jsonl",
                owner=owner.slug,
                publish=True,
                skip_invalid=True,
                verbosity=0,
            )
            return "listings_import"
        except Exception as exc:  # fall back so the evaluation still runs
            print(f"listings_import failed ({exc}); importing directly")
    import_listings_direct(owner, records)
    return "direct"


def metrics(ranked: dict[str, list[list[str]]], relevant: dict[str, set[str]]):
    recall = mrr = 0.0
    for need_id, rel in relevant.items():
        for position, numbers in enumerate(ranked.get(need_id, [])[:10], start=1):
            if rel & set(numbers):
                recall += 1
                mrr += 1 / position
                break
    n = max(len(relevant), 1)
    return recall / n, mrr / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="Use the first N needs.")
    parser.add_argument(
        "--via-import",
        action="store_true",
        help="Import listings with listings_import.",
    )
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA}")

    tmp = tempfile.mkdtemp(prefix="eval-matching-")
    setup_django(str(Path(tmp) / "eval.sqlite3"))
    from django.core.management import call_command

    from accounts.models import Organization
    from matching import engine
    from matching.models import Need
    from matching.selectors import listing_docs

    started = time.monotonic()
    patents_path = DATA / "patents" / "en_patents.jsonl"
    patents = [json.loads(line) for line in patents_path.open(encoding="utf-8")]
    ja_path = DATA / "patents" / "ja_gazette.jsonl"
    ja_patents = [json.loads(line) for line in ja_path.open(encoding="utf-8")]
    owner = Organization.objects.create(
        kind="university",
        name_ja="評価用TLO",
        name_en="Evaluation TLO",
        slug="eval-tlo",
        is_verified=True,
        can_publish_directly=True,
    )
    how = import_listings(owner, patents_path, patents, args.via_import)
    import_listings_direct(owner, ja_patents)
    # Listings written in bulk skip the services: tag their strategic fields
    # (the migration seeded the fields) the way a rule change would.
    from listings.services import strategic_fields_retag

    tagged = strategic_fields_retag()
    print(
        f"listings: {len(patents) + len(ja_patents)} ({how}), "
        f"{tagged['listings_changed']} tagged with a strategic field, "
        f"{time.monotonic() - started:.0f}s"
    )

    dev = [
        json.loads(line)
        for line in (DATA / "eval" / "pap2pat_dev.jsonl").open(encoding="utf-8")
    ]
    if args.limit:
        dev = dev[: args.limit]
    relevant: dict[str, dict[str, set[str]]] = {}
    for form in FORMS:
        path = Path(tmp) / f"needs-{form}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in dev:
                need_id = f"{form}:{record['need_id']}"
                text = need_text(form, record)
                out.write(
                    json.dumps(
                        {"need_id": need_id, "title": text[:300], "text": text},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                relevant.setdefault(form, {})[need_id] = set(record["relevant"])
        call_command(
            "needs_import",
            str(path),
            fmt="jsonl",
            organization=f"Eval {form}",
            verbosity=0,
        )

    # Japanese: the 【課題】 of the citing document is the need.
    by_number = {p["number"]: p for p in ja_patents}
    ja_rel: dict[str, set[str]] = {}
    for line in (DATA / "eval" / "ja_examiner_citations.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["query"] in by_number and row["doc"] in by_number:
            ja_rel.setdefault(f"ja:{row['query']}", set()).add(row["doc"])
    ja_path_needs = Path(tmp) / "needs-ja.jsonl"
    with ja_path_needs.open("w", encoding="utf-8") as out:
        for need_id in ja_rel:
            abstract = by_number[need_id[3:]]["abstract"]
            match = re.search(r"【課題】(.*?)(【|$)", abstract, re.S)
            problem = (match.group(1) if match else abstract).strip()
            out.write(
                json.dumps(
                    {"need_id": need_id, "title": problem[:300], "text": problem},
                    ensure_ascii=False,
                )
                + "\n"
            )
    call_command(
        "needs_import",
        str(ja_path_needs),
        fmt="jsonl",
        organization="Eval ja",
        verbosity=0,
    )
    relevant["ja_problem"] = ja_rel

    # Cross-language: Japanese needs written for this project about English
    # listings (bench/ja_needs_for_en_listings.jsonl).
    xl_rel: dict[str, set[str]] = {}
    xl_source = Path(__file__).with_name("ja_needs_for_en_listings.jsonl")
    xl_path = Path(tmp) / "needs-xl.jsonl"
    with xl_path.open("w", encoding="utf-8") as out:
        for line in xl_source.open(encoding="utf-8"):
            row = json.loads(line)
            need_id = f"xl:{row['need_id']}"
            xl_rel[need_id] = set(row["relevant"])
            out.write(
                json.dumps(
                    {"need_id": need_id, "title": row["text"], "text": row["text"]},
                    ensure_ascii=False,
                )
                + "\n"
            )
    call_command(
        "needs_import", str(xl_path), fmt="jsonl", organization="Eval xl", verbosity=0
    )
    relevant["ja_need_en_listing"] = xl_rel

    t0 = time.monotonic()
    call_command("matching_run", full=True)
    job_seconds = time.monotonic() - t0
    export_path = Path(tmp) / "export.jsonl"
    call_command("matching_export", fmt="jsonl", top=11, output=str(export_path))
    engine_ranked: dict[str, list[list[str]]] = {}
    for line in export_path.open(encoding="utf-8"):
        row = json.loads(line)
        engine_ranked[row["need"]] = [m["patent_numbers"] for m in row["matches"]]

    # The baseline over the very same listing texts, in the same run. A
    # citing document is not its own answer: the Japanese needs exclude it.
    docs = listing_docs()
    number_of = {d.id: n for d, n in zip(docs, _numbers_of(docs), strict=True)}
    needs = list(Need.objects.order_by("id"))
    t0 = time.monotonic()
    baseline = engine.bm25_baseline(
        docs, [engine.NeedDoc(id=n.pk, text=n.match_text) for n in needs], top=11
    )
    bm25_seconds = time.monotonic() - t0
    bm25_ranked = {
        n.external_id: [number_of[i] for i in ids]
        for n, ids in zip(needs, baseline, strict=True)
    }
    for ranked in (bm25_ranked, engine_ranked):
        for need_id in ja_rel:
            own = need_id[3:]
            ranked[need_id] = [x for x in ranked.get(need_id, []) if own not in x]

    print()
    print(
        f"{'need form':<20}{'needs':>6}  {'BM25 R@10':>9} {'MRR@10':>7}   "
        f"{'engine R@10':>11} {'MRR@10':>7}"
    )
    figures = {}
    for form, rel in relevant.items():
        br, bm = metrics(bm25_ranked, rel)
        er, em = metrics(engine_ranked, rel)
        figures[form] = {"needs": len(rel), "bm25": [br, bm], "engine": [er, em]}
        print(
            f"{form:<20}{len(rel):>6}  {br:>9.3f} {bm:>7.3f}   {er:>11.3f} {em:>7.3f}"
        )
    print(
        f"\nengine {engine.ENGINE_VERSION}; job {job_seconds:.1f}s for "
        f"{len(needs)} needs x {len(docs)} listings (BM25 baseline {bm25_seconds:.1f}s)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


def _numbers_of(docs) -> list[list[str]]:
    from matching.selectors import listing_patent_numbers

    numbers = listing_patent_numbers([d.id for d in docs])
    return [numbers.get(d.id, []) for d in docs]


if __name__ == "__main__":
    main()
