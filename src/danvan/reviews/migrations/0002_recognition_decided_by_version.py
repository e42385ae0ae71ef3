"""Who took a recognition's decision as it stands, and its version (concurrent decisions)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def decided_by_creator(apps, schema_editor):
    Recognition = apps.get_model("reviews", "Recognition")
    Recognition.objects.update(decided_by=models.F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="recognition",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="recognition",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(decided_by_creator, migrations.RunPython.noop),
    ]
