"""Editors arrange the front page: every permission on fronts, zones and placements,
publishing included. Nobody else gets any (only editors change a front). Running it again
adds what is missing and removes nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("fronts")
    # Historical app configs have no models module; create_permissions skips those.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="fronts"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *editors.permissions.filter(content_type__app_label="fronts")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("fronts", "0001_initial"),
        ("articles", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke)]
