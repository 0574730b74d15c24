"""Seed the 17 strategic fields of Japan's 2025 growth strategy.

The seed lives in listings.strategic_fields; later changes to it reach an
existing database through ``listings_load_strategic_fields --reset``, never
through this migration, so operators' edits are kept.
"""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from listings.strategic_fields import GROWTH_STRATEGY_2025, normalize_rule_prefix

    StrategicField = apps.get_model("listings", "StrategicField")
    now = timezone.now()
    for position, entry in enumerate(GROWTH_STRATEGY_2025, start=1):
        StrategicField.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "name_ja": entry["name_ja"],
                "name_en": entry["name_en"],
                "description": entry["description"],
                "ipc_prefixes": [
                    normalize_rule_prefix(p) for p in entry["ipc_prefixes"]
                ],
                "keywords": list(entry["keywords"]),
                "position": position * 10,
                "is_active": True,
                "rules_changed_at": now,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("listings", "0004_strategic_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
