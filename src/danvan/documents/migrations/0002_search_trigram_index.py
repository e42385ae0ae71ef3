"""Index the folded search column for substring search.

Search is ``search_folded LIKE '%words%'``, which a B-tree index cannot serve; on PostgreSQL a
trigram GIN index (``pg_trgm``, enabled by core 0002) can. SQLite has no such index: there the
search scans the table, which is fast enough for a register of documents.
"""

from django.db import migrations

POSTGRES_FORWARD = (
    "CREATE INDEX IF NOT EXISTS documents_search_trgm "
    "ON documents_document USING gin (search_folded gin_trgm_ops);"
)
POSTGRES_BACKWARD = "DROP INDEX IF EXISTS documents_search_trgm;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only_and_search_extensions"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
