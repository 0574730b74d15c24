"""Load the IPC scheme (JSON Lines) into IPCCode: ``listings_load_ipc PATH``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config import page_cache
from listings.constants import IPCKind
from listings.models import IPCCode
from listings.numbers import IPCError, normalize_ipc

# Columns the loader owns. title_ja is never written: operators translate it
# in the admin and a reload must not undo their work.
SCHEME_FIELDS = ("kind", "level", "parent_id", "title_en")
MAX_ERRORS_SHOWN = 20


@dataclass
class SchemeRow:
    code: str
    kind: str
    level: int
    parent_id: str | None
    title_en: str


@dataclass
class LoadPlan:
    create: list[IPCCode] = field(default_factory=list)
    update: list[IPCCode] = field(default_factory=list)
    unchanged: int = 0


def parse_line(text: str) -> SchemeRow:
    """One line of the scheme file as a SchemeRow; ValueError says what is wrong."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    code = record.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ValueError("missing code")
    try:
        canonical = normalize_ipc(code)
    except IPCError as exc:
        raise ValueError(f"not an IPC symbol: {code!r}") from exc
    if canonical != code:
        raise ValueError(f"code {code!r} is not canonical (expected {canonical!r})")
    kind = record.get("kind")
    if kind not in IPCKind.values:
        raise ValueError(f"unknown kind {kind!r} for {code}")
    level = record.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 99:
        raise ValueError(f"bad level {level!r} for {code}")
    parent = record.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent.strip()):
        raise ValueError(f"bad parent {parent!r} for {code}")
    if kind != IPCKind.SECTION and parent is None:
        raise ValueError(f"missing parent for {code}")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise ValueError(f"bad title for {code}")
    return SchemeRow(code, kind, level, parent, (title or "").strip())


def plan_load(rows: list[SchemeRow]) -> LoadPlan:
    """Compare the file with the table: what to create, update, leave alone."""
    existing = {
        values[0]: values
        for values in IPCCode.objects.values_list("code", "pk", *SCHEME_FIELDS)
    }
    plan = LoadPlan()
    for row in rows:
        wanted = (row.kind, row.level, row.parent_id, row.title_en)
        current = existing.get(row.code)
        if current is None:
            plan.create.append(
                IPCCode(
                    code=row.code,
                    kind=row.kind,
                    level=row.level,
                    parent_id=row.parent_id,
                    title_en=row.title_en,
                )
            )
        elif tuple(current[2:]) != wanted:
            plan.update.append(
                IPCCode(
                    pk=current[1],
                    code=row.code,
                    kind=row.kind,
                    level=row.level,
                    parent_id=row.parent_id,
                    title_en=row.title_en,
                )
            )
        else:
            plan.unchanged += 1
    return plan


class Command(BaseCommand):
    help = (
        "Load the IPC scheme from JSON Lines (code, kind, level, parent, title) "
        "into IPC codes. Idempotent; English titles are updated, Japanese titles "
        "are never touched. Any bad line aborts the load and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="ipc_scheme_en.jsonl")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would change; write nothing.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per INSERT/UPDATE."
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=10000,
            help="Print progress every N rows (0: never).",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        """Validate every line first, then write everything in one transaction."""
        batch_size = max(1, options["batch_size"])
        every = max(0, options["progress_every"])
        rows = self._read(path, every)
        plan = plan_load(rows)
        summary = (
            f"{len(plan.create)} created, {len(plan.update)} updated, "
            f"{plan.unchanged} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {summary}.")
            return
        with transaction.atomic():
            self._write(plan, batch_size, every)
        self.stdout.write(self.style.SUCCESS(f"IPC scheme loaded: {summary}."))

    def _read(self, path: Path, every: int) -> list[SchemeRow]:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        rows: list[SchemeRow] = []
        errors: list[str] = []
        seen: set[str] = set()
        with path.open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    row = parse_line(text)
                except ValueError as exc:
                    errors.append(f"line {number}: {exc}")
                    continue
                if row.code in seen:
                    errors.append(f"line {number}: duplicate code {row.code}")
                    continue
                seen.add(row.code)
                rows.append(row)
                if every and len(rows) % every == 0:
                    self.stdout.write(f"  read {len(rows)} rows")
        if errors:
            shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
            more = len(errors) - MAX_ERRORS_SHOWN
            tail = f"\n… and {more} more" if more > 0 else ""
            raise CommandError(
                f"{path}: {len(errors)} bad line(s), nothing written:\n{shown}{tail}"
            )
        if not rows:
            raise CommandError(f"{path}: no IPC codes in the file, nothing written.")
        return rows

    def _write(self, plan: LoadPlan, batch_size: int, every: int) -> None:
        done = 0
        for start in range(0, len(plan.create), batch_size):
            batch = plan.create[start : start + batch_size]
            IPCCode.objects.bulk_create(batch, batch_size=batch_size)
            done = self._progress(done, len(batch), every, "created")
        done = 0
        for start in range(0, len(plan.update), batch_size):
            batch = plan.update[start : start + batch_size]
            IPCCode.objects.bulk_update(batch, SCHEME_FIELDS, batch_size=batch_size)
            done = self._progress(done, len(batch), every, "updated")
        if plan.create or plan.update:
            # Pages show IPC titles: retire the anonymous visitors' copies.
            page_cache.labels_changed()

    def _progress(self, done: int, added: int, every: int, verb: str) -> int:
        if every and (done + added) // every > done // every:
            self.stdout.write(f"  {verb} {done + added} rows")
        return done + added
