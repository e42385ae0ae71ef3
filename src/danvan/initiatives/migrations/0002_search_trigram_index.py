"""Index the folded search column for accent-insensitive substring search at national scale.

Search is ``search_folded LIKE '%words%'``: a B-tree cannot serve it; a trigram GIN index
(``pg_trgm``, enabled by core 0002) can on PostgreSQL. SQLite scans.
"""

from django.db import migrations

POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS initiatives_search_trgm "
    "ON initiatives_initiative USING gin (search_folded gin_trgm_ops);"
)
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS initiatives_search_trgm;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only_and_search_extensions"),
        ("initiatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
