"""The roles the data migration creates: who may do what on the desk."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from publishing.services import can_publish

pytestmark = pytest.mark.django_db

roles_migration = importlib.import_module("articles.migrations.0003_roles")
api_roles = importlib.import_module("api.migrations.0002_editors_manage_api")
live_migration = importlib.import_module("articles.migrations.0008_live_coverage")
# Editors' front page permissions come from the fronts app's own roles migration.
fronts_roles = importlib.import_module("fronts.migrations.0002_roles")
photos_migration = importlib.import_module("desk.migrations.0003_reporters_upload_photos")


def grant_later_roles():
    """Roles on models added after 0003 come from their own migrations."""
    loader = MigrationExecutor(connection).loader
    state = loader.project_state(("articles", "0008_live_coverage"))
    live_migration.grant_live_roles(state.apps, None)
    fronts_state = MigrationExecutor(connection).loader.project_state(("fronts", "0002_roles"))
    fronts_roles.grant_editors(fronts_state.apps, None)
    state = MigrationExecutor(connection).loader.project_state(("api", "0002_editors_manage_api"))
    api_roles.grant(state.apps, None)
    photos_state = loader.project_state(("desk", "0003_reporters_upload_photos"))
    photos_migration.grant_photo_upload(photos_state.apps, None)


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_three_roles_exist_after_migrate():
    # tests/conftest.py runs create_roles again after a flush: it must be what migrate runs.
    assert [op.code for op in roles_migration.Migration.operations] == [
        roles_migration.create_roles
    ]
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Reporters",
        "Photo desk",
    }


def test_editors_may_do_everything_with_content_including_publishing():
    editor = perms("Editors")
    for name in [
        "articles.publish_article",
        "media_gallery.publish_gallery",
        "articles.publish_timeline",
        "articles.delete_article",
        "articles.change_correction",
        "media_gallery.change_photo",
        "media_gallery.delete_gallery",
        "taggit.change_tag",
        "publishing.view_revision",
        "auth.view_user",
    ]:
        assert name in editor
    assert "auth.change_user" not in editor


def test_reporters_write_articles_and_people_but_cannot_publish():
    reporter = perms("Reporters")
    assert {
        "articles.add_article",
        "articles.change_article",
        "articles.add_credit",
        "articles.add_relateditem",
        "articles.add_person",
        "articles.change_person",
        "articles.view_section",
        "media_gallery.view_photo",
        "media_gallery.view_gallery",
        "articles.view_timeline",
    } <= reporter
    assert not {p for p in reporter if ".publish_" in p}
    assert "articles.delete_article" not in reporter
    assert "articles.add_correction" not in reporter
    assert "articles.add_section" not in reporter
    assert "media_gallery.change_photo" not in reporter


def test_photo_desk_captions_photos_and_builds_galleries_but_never_changes_articles():
    desk = perms("Photo desk")
    assert {
        "media_gallery.add_photo",
        "media_gallery.change_photo",
        "media_gallery.add_gallery",
        "media_gallery.change_gallery",
        "media_gallery.add_galleryphoto",
        "articles.view_article",
        "articles.view_person",
    } <= desk
    assert not {p for p in desk if p.startswith("articles.") and not p.startswith("articles.view_")}
    assert not {p for p in desk if ".publish_" in p}


def test_publishing_follows_the_role(editor, reporter, photo_desk_member):
    from articles.models import Article, Timeline
    from media_gallery.models import Gallery

    for model in (Article, Gallery, Timeline):
        assert can_publish(editor, model)
        assert not can_publish(reporter, model)
        assert not can_publish(photo_desk_member, model)


def test_roles_migration_runs_again_without_harm_and_reverses():
    executor = MigrationExecutor(connection)
    state_apps = executor.loader.project_state(("articles", "0003_roles")).apps
    before = {name: perms(name) for name in ("Editors", "Reporters", "Photo desk")}

    roles_migration.create_roles(state_apps, None)
    grant_later_roles()
    assert {name: perms(name) for name in before} == before
    assert Group.objects.filter(name="Editors").count() == 1

    roles_migration.delete_roles(state_apps, None)
    assert not Group.objects.filter(name__in=before).exists()

    roles_migration.create_roles(state_apps, None)
    grant_later_roles()
    assert {name: perms(name) for name in before} == before


def test_roles_migration_keeps_permissions_an_administrator_added():
    from django.contrib.auth.models import Permission

    reporters = Group.objects.get(name="Reporters")
    extra = Permission.objects.get(codename="add_section")
    reporters.permissions.add(extra)
    executor = MigrationExecutor(connection)
    roles_migration.create_roles(
        executor.loader.project_state(("articles", "0003_roles")).apps, None
    )
    assert "articles.add_section" in perms("Reporters")


def test_reporters_write_live_posts_and_editors_do_everything_with_them():
    reporters, editors = perms("Reporters"), perms("Editors")
    assert {"articles.add_livepost", "articles.change_livepost"} <= reporters
    assert "articles.delete_livepost" not in reporters
    assert "articles.change_livecoverage" not in reporters
    assert {"articles.delete_livepost", "articles.change_livecoverage"} <= editors
