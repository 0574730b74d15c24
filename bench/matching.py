"""Time the matching engine's full batch and one incremental need.

    .venv/bin/python bench/matching.py [--listings 100000] [--needs 10000]
        [--top 10] [--no-explain]

Listings are synthesised from ../shared/data/patents/en_patents.jsonl by
repetition with variation (each copy drops one body sentence and borrows
one sentence from another patent, so no two listings are identical); needs
from ../shared/data/eval/pap2pat_dev.jsonl in the three forms (title, first
sentence, full text), likewise varied. Prints the time to build the listing
index, the full batch (scoring every need against every listing, top-k per
need, and the stored explanation of each of the top pairs), the peak memory,
and the latency of matching (and explaining) one new need against the built
index. Database writes are not included.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from matching import engine  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synth_listings(n: int, rng: random.Random) -> list[engine.ListingDoc]:
    patents = [
        json.loads(line)
        for line in (DATA / "patents" / "en_patents.jsonl").open(encoding="utf-8")
    ]
    docs = []
    for i in range(n):
        p = patents[i % len(patents)]
        sentences = engine.split_sentences(p.get("abstract") or "")
        if i >= len(patents):
            if len(sentences) > 1:
                sentences.pop(rng.randrange(len(sentences)))
            other = patents[rng.randrange(len(patents))]
            borrowed = engine.split_sentences(other.get("abstract") or "")
            if borrowed:
                sentences.append(rng.choice(borrowed))
        codes = p.get("ipc") or p.get("ipc_main_groups_from_cpc") or []
        docs.append(
            engine.ListingDoc(
                id=i + 1,
                title=p["title"],
                body=" ".join(sentences),
                claims="\n".join(p.get("claims") or []),
                ipc=codes,
            )
        )
    return docs


def synth_needs(m: int, rng: random.Random) -> list[engine.NeedDoc]:
    dev = [
        json.loads(line)
        for line in (DATA / "eval" / "pap2pat_dev.jsonl").open(encoding="utf-8")
    ]
    needs = []
    for i in range(m):
        record = dev[i % len(dev)]
        form = (i // len(dev)) % 3
        sentences = engine.split_sentences(record["text"])
        if form == 0:
            text = record["title"]
        elif form == 1:
            text = sentences[rng.randrange(min(3, len(sentences)))] if sentences else ""
        else:
            if len(sentences) > 2:
                sentences.pop(rng.randrange(len(sentences)))
            text = " ".join(sentences)
        needs.append(engine.NeedDoc(id=i + 1, text=text or record["title"]))
    return needs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=20, help="Pairs stored per need.")
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument(
        "--db",
        action="store_true",
        help="Also run the real job (matching_run --full) on a temporary SQLite "
        "database holding the same listings and needs.",
    )
    args = parser.parse_args()
    rng = random.Random(2026)
    if args.db:
        run_db(args, rng)
        return

    started = time.monotonic()
    docs = synth_listings(args.listings, rng)
    needs = synth_needs(args.needs, rng)
    print(
        f"synthesised {len(docs)} listings, {len(needs)} needs in "
        f"{time.monotonic() - started:.1f}s"
    )

    t0 = time.monotonic()
    index = engine.ListingIndex(docs)
    build = time.monotonic() - t0
    print(f"index build: {build:.1f}s ({len(index.bm25.vocab.terms)} terms)")

    t0 = time.monotonic()
    results = engine.match(index, needs, top=args.top)
    scoring = time.monotonic() - t0
    print(f"scoring + top-{args.top}: {scoring:.1f}s")

    explaining = 0.0
    pairs = sum(len(r.candidates) for r in results)
    if not args.no_explain:
        t0 = time.monotonic()
        by_id = {n.id: n for n in needs}
        for result in results:
            need = by_id[result.need_id]
            for cand in result.candidates:
                engine.explain(index, need, cand, inferred_ipc=result.inferred_ipc)
        explaining = time.monotonic() - t0
        print(f"explanations ({pairs} pairs): {explaining:.1f}s")

    total = build + scoring + explaining
    print(
        f"FULL BATCH {len(docs)} listings x {len(needs)} needs: {total:.1f}s "
        f"(build {build:.1f} + score {scoring:.1f} + explain {explaining:.1f}); "
        f"peak memory {_peak_mb():.0f} MB"
    )

    # One new need against the built index (what incremental matching does).
    latencies = []
    for i in range(5):
        need = engine.NeedDoc(id=10**9 + i, text=needs[(i * 7919) % len(needs)].text)
        t0 = time.monotonic()
        [result] = engine.match(index, [need], top=args.top)
        for cand in result.candidates:
            engine.explain(index, need, cand, inferred_ipc=result.inferred_ipc)
        latencies.append(time.monotonic() - t0)
    latencies.sort()
    print(
        f"ONE NEW NEED (match + explain top {args.top}): median "
        f"{latencies[len(latencies) // 2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )


def run_db(args, rng: random.Random) -> None:
    """The real job end to end: read listings, score, explain, upsert, cap."""
    import os
    import tempfile

    tmp = tempfile.mkdtemp(prefix="bench-matching-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    settings.MATCHING_QUEUE_ON_CHANGE = False
    settings.MATCHING_STORE_TOP = args.top
    call_command("migrate", verbosity=0)
    from accounts.models import Organization
    from listings.models import Listing, ListingIPC
    from listings.numbers import IPCError, ipc_parts, normalize_ipc
    from matching.models import Match, Need
    from matching.services import match_run_full

    docs = synth_listings(args.listings, rng)
    needs = synth_needs(args.needs, rng)
    owner = Organization.objects.create(
        kind="university", name_ja="TLO", slug="bench-tlo", is_verified=True
    )
    company = Organization.objects.create(
        kind="company", name_ja="Co", slug="bench-co", is_verified=True
    )
    now = timezone.now()
    t0 = time.monotonic()
    rows = [
        Listing(
            owner=owner,
            status="published",
            language="en",
            title=d.title[:300],
            overview=d.body,
            claims=d.claims.split("\n") if d.claims else [],
            license_types=["non_exclusive"],
            published_at=now,
        )
        for d in docs
    ]
    Listing.objects.bulk_create(rows, batch_size=2000)
    ipc_rows = []
    for listing, doc in zip(rows, docs, strict=True):
        for i, raw in enumerate(doc.ipc[:5]):
            try:
                code = normalize_ipc(raw)
            except IPCError:
                continue
            ipc_rows.append(
                ListingIPC(listing=listing, position=i, code=code, **ipc_parts(code))
            )
    ListingIPC.objects.bulk_create(ipc_rows, batch_size=5000, ignore_conflicts=True)
    Need.objects.bulk_create(
        [
            Need(
                organization=company,
                external_id=str(n.id),
                title=n.text[:300],
                problem=n.text,
            )
            for n in needs
        ],
        batch_size=2000,
    )
    print(
        f"loaded {len(rows)} listings and {len(needs)} needs in "
        f"{time.monotonic() - t0:.0f}s"
    )
    t0 = time.monotonic()
    run = match_run_full()
    seconds = time.monotonic() - t0
    print(
        f"JOB (matching_run --full) {run.listings_count} listings x "
        f"{run.needs_count} needs: {seconds:.1f}s, {Match.objects.count()} pairs "
        f"stored, peak memory {_peak_mb():.0f} MB"
    )
    # One new need through the service path (index cached by the run).
    from matching.services import match_needs

    latencies = []
    for i in range(5):
        need = Need.objects.create(
            organization=company,
            external_id=f"new-{i}",
            title=needs[(i * 7919) % len(needs)].text[:300],
            problem=needs[(i * 7919) % len(needs)].text,
        )
        t0 = time.monotonic()
        match_needs(need_ids=[need.pk])
        latencies.append(time.monotonic() - t0)
    latencies.sort()
    print(
        "ONE NEW NEED (match_needs: score, explain, store, cap): median "
        f"{latencies[2] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
