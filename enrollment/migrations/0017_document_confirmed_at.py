from django.db import migrations, models
from django.db.models import F


def photos_stored_before_count_as_confirmed(apps, schema_editor):
    """A photo uploaded before confirming existed was accepted then: the application it belongs
    to stays complete (a draft's parent is not sent back, a returned one can be resubmitted)."""
    Document = apps.get_model("enrollment", "Document")
    Document.objects.filter(kind="photo").update(confirmed_at=F("uploaded_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0016_document_thumbnail"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
        ),
        migrations.RunPython(photos_stored_before_count_as_confirmed, migrations.RunPython.noop),
    ]
