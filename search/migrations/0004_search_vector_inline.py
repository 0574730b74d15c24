"""Keep each listing's ``tsvector`` in the table row (PostgreSQL).

Ranking reads the whole vector of every match. Left to the default
(``EXTENDED``), a vector over about 2 kB went to the TOAST table, so every
match cost a TOAST index lookup and two chunk reads, which was most of the
cost of ranking a common term. ``MAIN`` keeps it in the row and moves the
other long columns (texts, tokens) out first. Rows written from now on use
it; ``VACUUM FULL search_indexedlisting`` (or a search rebuild) moves the
existing ones. SQLite: nothing to do.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_indexedlisting ALTER COLUMN search_vector SET STORAGE MAIN",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE search_indexedlisting ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_landscape_snapshot")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
