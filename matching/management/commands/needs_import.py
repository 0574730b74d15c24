"""manage.py needs_import PATH --format jsonl --organization NAME."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from matching.services import NeedImportError, need_import_jsonl


class Command(BaseCommand):
    help = (
        "Import a company's technology needs from JSON Lines (need_id, title, "
        "text, optional ipc). The company is created if missing; a need_id "
        "imported before is updated. A bad line stops the import: nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON Lines file, one need per line.")
        parser.add_argument("--format", required=True, choices=["jsonl"], dest="fmt")
        parser.add_argument(
            "--organization", required=True, help="Company name (created if missing)."
        )

    def handle(self, *args, path, fmt, organization, **options):
        """Import the file and print the counts."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            report = need_import_jsonl(text=text, organization_name=organization)
        except NeedImportError as exc:
            raise CommandError(f"{path}: {exc}; nothing imported.") from exc
        except ValidationError as exc:
            raise CommandError(f"{path}: {exc}; nothing imported.") from exc
        self.stdout.write(
            f"needs: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
            + (" (company created)" if report.organization_created else "")
        )
