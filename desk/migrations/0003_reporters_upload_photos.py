"""Reporters may upload photos for their stories, through the photo desk's ingest (the photo
form and the body editor's upload): they get `media_gallery.add_photo`. Changing a photo
afterwards stays with the photo desk and the editors."""

from django.db import migrations


def grant_photo_upload(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reporters = Group.objects.filter(name="Reporters").first()
    upload = Permission.objects.filter(
        content_type__app_label="media_gallery", codename="add_photo"
    ).first()
    if reporters and upload:
        reporters.permissions.add(upload)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_proposed_update_notifications"),
        ("articles", "0003_roles"),
        ("media_gallery", "0003_gallery_headline_deck"),
    ]

    operations = [migrations.RunPython(grant_photo_upload, migrations.RunPython.noop)]
