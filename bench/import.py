"""Benchmark the listing import on a fresh SQLite file database.

    .venv/bin/python bench/import.py [--path FILE] [--limit N] [--format jsonl]

Migrates a temporary database (test settings), creates an owner organisation,
imports the file through the same code path as ``manage.py listings_import``
and prints rows, seconds and rows per second. Search indexing and the other
follow-ups are excluded (they run after commit, in the background).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT.parent / "shared" / "data" / "patents" / "en_patents.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines")
    parser.add_argument(
        "--format", default="jsonl", choices=["jsonl", "csv", "inpit-csv"]
    )
    args = parser.parse_args()
    if not args.path.exists():
        print(f"no such file: {args.path}", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Organization
    from listings import services
    from listings.importing import listing_import
    from listings.models import Listing

    call_command("migrate", verbosity=0)
    owner = Organization.objects.create(
        kind="university",
        name_ja="ベンチマーク大学 TLO",
        slug="bench-univ",
        is_verified=True,
        can_publish_directly=True,
    )
    path = args.path
    if args.limit:
        path = workdir / f"first-{args.limit}{args.path.suffix}"
        with args.path.open("rb") as source, path.open("wb") as target:
            for index, line in enumerate(source):
                if index >= args.limit:
                    break
                target.write(line)

    queued: list[int] = []
    # Indexing is excluded from the figure: record the ids instead.
    services._queue_followups = lambda ids: queued.extend(ids)
    started, cpu_started = time.perf_counter(), time.process_time()
    report = listing_import(
        owner=owner, by=None, fmt=args.format, path=path, max_bytes=10**9
    )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    print(f"file        {args.path}")
    print(f"database    {os.environ['DATABASE_URL']}")
    print(
        f"rows        {report.total} (created {report.created}, updated "
        f"{report.updated}, merged {report.merged}, rejected {report.rejected})"
    )
    print(f"listings    {Listing.objects.count()} (queued for indexing {len(queued)})")
    # The machine may be shared: CPU seconds show what the import itself cost.
    print(f"seconds     {seconds:.2f} wall, {cpu:.2f} CPU")
    print(
        f"rows/s      {report.total / seconds:,.0f} wall, "
        f"{report.total / cpu:,.0f} per CPU second"
    )
    from django.db import connection

    connection.close()
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if report.rejected == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
