"""Timelines say `headline` and `deck`, as articles do (was `title` and `intro`).

Revisions keep their snapshots under the new names too, so an old version still restores.
"""

from django.db import migrations, models

RENAMED = {"title": "headline", "intro": "deck"}


def rename_in_revisions(apps, schema_editor, renamed=RENAMED):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("publishing", "Revision")
    content_type = ContentType.objects.filter(app_label="articles", model="timeline").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        fields = revision.content.get("fields", {})
        if any(old in fields for old in renamed):
            revision.content["fields"] = {renamed.get(k, k): v for k, v in fields.items()}
            revision.save(update_fields=["content"])


def rename_back_in_revisions(apps, schema_editor):
    rename_in_revisions(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search"),
        ("publishing", "0002_revision_per_version"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField("timeline", "title", "headline"),
        migrations.RenameField("timeline", "intro", "deck"),
        migrations.AlterField(
            model_name="timeline",
            name="deck",
            field=models.TextField(blank=True, help_text="The summary under the headline."),
        ),
        migrations.RunPython(rename_in_revisions, rename_back_in_revisions),
    ]
