"""The vendor-specific full-text index over IndexedListing's tokens.

SQLite: an FTS5 table (rowid = listing id) with the ``ascii`` tokenizer, so
the application-side tokens (space-separated CJK bigrams and Latin words)
are taken as they are. PostgreSQL: a ``tsvector`` column (written from the
same tokens with explicit positions and weights, no parser involved) and a
GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, tokenize='ascii', detail='full')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "ALTER TABLE search_indexedlisting ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "CREATE INDEX IF NOT EXISTS search_indexedlisting_vector_gin "
    "ON search_indexedlisting USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_indexedlisting_vector_gin",
    "ALTER TABLE search_indexedlisting DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
