"""Editors make partners' API keys and webhooks and read the delivery log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("apikey", "webhook", "delivery", "removal")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="api", content_type__model__in=MODELS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="api"))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("articles", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
