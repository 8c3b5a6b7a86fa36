"""The newsroom's roles as Django groups: Editors, Reporters and Photo desk.

Permissions are created here first (they are otherwise made only after all migrations run),
so a fresh database has working roles as soon as `migrate` ends. Running it again adds what
is missing and removes nothing; reversing it deletes the three groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

ACTIONS = ("view", "add", "change", "delete")


def only(actions, *models):
    """The named standard permissions on each "app.model", as "app.action_model"."""
    names = []
    for label in models:
        app_label, model = label.split(".")
        names += [f"{app_label}.{action}_{model}" for action in actions]
    return names


def every(*models):
    return only(ACTIONS, *models)


# Editors: everything on content, photos, tags and the publishing records, and the right to
# publish; they may look up logins to link a person's profile to one.
EDITOR_APPS = ["articles", "media_gallery", "taggit", "publishing"]
EDITOR_EXTRA = ["auth.view_user"]

# Reporters write and edit articles (their drafts and items ready for edit) and the people
# they credit; they see everything an article can point at, and publish nothing.
REPORTERS = [
    *every("articles.credit", "articles.relateditem"),
    *only(("view", "add", "change"), "articles.article", "articles.person"),
    *only(
        ("view",),
        "articles.section",
        "articles.correction",
        "articles.timeline",
        "articles.timelineevent",
        "media_gallery.photo",
        "media_gallery.gallery",
        "media_gallery.galleryphoto",
        "taggit.tag",
        "publishing.transition",
        "publishing.revision",
    ),
]

# The photo desk captions and credits photos and builds galleries (an editor publishes them);
# it may read articles and people, never change an article.
PHOTO_DESK = [
    *every("media_gallery.galleryphoto"),
    *only(
        ("view", "add", "change"),
        "media_gallery.photo",
        "media_gallery.rendition",
        "media_gallery.gallery",
    ),
    *only(
        ("view",),
        "articles.article",
        "articles.person",
        "articles.section",
        "taggit.tag",
        "publishing.transition",
        "publishing.revision",
    ),
]

ROLE_APPS = ["auth", "contenttypes", "taggit", "publishing", "media_gallery", "articles"]


def create_all_permissions(apps):
    for label in ROLE_APPS:
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name="Editors")
    # The models these apps have at this migration: a model added later gets its roles in a
    # migration of its own, so running this again grants nothing new.
    known = Q()
    for label in EDITOR_APPS:
        names = [model._meta.model_name for model in apps.get_app_config(label).get_models()]
        known |= Q(content_type__app_label=label, content_type__model__in=names)
    editors.permissions.add(
        *Permission.objects.filter(known),
        *permissions(apps, EDITOR_EXTRA),
    )
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    reporters.permissions.add(*permissions(apps, REPORTERS))
    photo_desk, _ = Group.objects.get_or_create(name="Photo desk")
    photo_desk.permissions.add(*permissions(apps, PHOTO_DESK))


def delete_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Reporters", "Photo desk"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("media_gallery", "0001_initial"),
        ("publishing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
