"""Index the folded search column of activities for substring search.

Search is ``search_folded LIKE '%word%'`` for each word (code, title, notes, place names),
which a B-tree index cannot serve; on PostgreSQL a trigram GIN index (``pg_trgm``, enabled by
core 0002) can. SQLite has no such index: there the search scans the scope's rows.
"""

from django.db import migrations

POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS activities_search_trgm "
    "ON activities_activity USING gin (search_folded gin_trgm_ops);"
)
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS activities_search_trgm;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only_and_search_extensions"),
        ("activities", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
