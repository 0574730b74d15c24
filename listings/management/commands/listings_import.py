"""manage.py listings_import PATH --format {inpit-csv,csv,jsonl} --owner ORG_SLUG."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organization
from listings.importing import FORMATS, ImportFileError, listing_import

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import listings for an organisation from an INPIT open-patent CSV, the "
        "site's CSV template or JSON Lines patent records. Nothing is written "
        "when any row is rejected, unless --skip-invalid; the exit status is "
        "non-zero whenever a row was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="File to import.")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument(
            "--owner", required=True, help="Slug of the owner organisation."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish created/updated listings (or send them to review).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and report the rejected ones.",
        )

    def handle(self, *args, path, fmt, owner, publish, dry_run, skip_invalid, **kw):
        """Run one import and print its counts and row errors."""
        try:
            organization = Organization.objects.get(slug=owner)
        except Organization.DoesNotExist as exc:
            raise CommandError(f"No organisation with the slug {owner!r}.") from exc
        started = time.monotonic()
        try:
            report = listing_import(
                owner=organization,
                by=None,
                fmt=fmt,
                path=path,
                max_bytes=settings.LISTINGS_IMPORT_MAX_BYTES,
                publish=publish,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except (ImportFileError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        for error in report.errors[:SHOWN_ERRORS]:
            column = f" [{error.field}]" if error.field else ""
            self.stderr.write(f"line {error.line}{column}: {error.message}")
        if len(report.errors) > SHOWN_ERRORS:
            self.stderr.write(f"... and {len(report.errors) - SHOWN_ERRORS} more")
        for warning in report.warnings[:SHOWN_ERRORS]:
            self.stdout.write(
                f"warning: line {warning.line} [{warning.field}]: {warning.message}"
            )
        if len(report.warnings) > SHOWN_ERRORS:
            self.stdout.write(
                f"... and {len(report.warnings) - SHOWN_ERRORS} more warnings"
            )
        verb = "would " if dry_run or not report.written else ""
        self.stdout.write(
            f"{report.total} rows: {verb}create {report.created}, "
            f"{verb}update {report.updated}, unchanged {report.unchanged}, "
            f"merged into an earlier row {report.merged}, rejected {report.rejected}"
            + (
                f"; {verb}publish {report.published}, "
                f"{verb}send to review {report.pending_review}"
                if publish
                else ""
            )
            + f" ({seconds:.1f} s)"
        )
        if report.rejected:
            if report.written:
                raise CommandError(
                    f"{report.rejected} row(s) rejected; the valid rows were imported."
                )
            raise CommandError(
                f"{report.rejected} row(s) rejected; nothing was imported "
                "(fix them, or use --skip-invalid)."
            )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Import finished."))
