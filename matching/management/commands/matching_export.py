"""manage.py matching_export --format jsonl --top K: every need's best pairs."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from matching.models import Need
from matching.selectors import listing_patent_numbers, match_list_for_export


class Command(BaseCommand):
    help = (
        "Write one JSON line per need, best first: {need, matches: [{listing_id, "
        "patent_numbers, score, components, explanation}]}, covering stored "
        "pairs in every status."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["jsonl"], default="jsonl", dest="fmt")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--output", help="File to write (default: stdout).")

    def handle(self, *args, fmt, top, output, **options):
        """Print the export (need = the imported need_id, else the need's id)."""
        grouped = match_list_for_export(top=max(top, 0))
        numbers = listing_patent_numbers(
            {m.listing_id for items in grouped.values() for m in items}
        )
        out = open(output, "w", encoding="utf-8") if output else None
        try:
            for need_id, external_id in Need.objects.order_by("id").values_list(
                "id", "external_id"
            ):
                matches = [
                    {
                        "listing_id": m.listing_id,
                        "patent_numbers": numbers.get(m.listing_id, []),
                        "score": m.score,
                        "components": m.components,
                        "explanation": m.explanation,
                    }
                    for m in grouped.get(need_id, [])
                ]
                line = {"need": external_id or str(need_id), "matches": matches}
                text = json.dumps(line, ensure_ascii=False)
                if out is None:
                    self.stdout.write(text)
                else:
                    out.write(text + "\n")
        finally:
            if out is not None:
                out.close()
