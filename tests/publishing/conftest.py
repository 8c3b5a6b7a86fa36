"""Roles for workflow tests, built here so the tests do not depend on the roles migration:
Editors may do everything including publish; Reporters add, change and view articles,
galleries and timelines; the Photo desk changes photos."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.factories import make_person, make_user

CONTENT_MODELS = [
    "article",
    "timeline",
    "gallery",
    "photo",
    "credit",
    "relateditem",
    "correction",
    "timelineevent",
    "galleryphoto",
    "section",
    "person",
]


def _perms(*codenames):
    return Permission.objects.filter(
        content_type__app_label__in=["articles", "media_gallery"], codename__in=codenames
    )


def make_roles():
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *_perms(
            *[
                f"{action}_{model}"
                for model in CONTENT_MODELS
                for action in ("add", "change", "delete", "view")
            ],
            "publish_article",
            "publish_gallery",
            "publish_timeline",
        )
    )
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    reporters.permissions.add(
        *_perms(
            *[
                f"{action}_{model}"
                for model in (
                    "article",
                    "timeline",
                    "gallery",
                    "credit",
                    "relateditem",
                    "timelineevent",
                    "galleryphoto",
                )
                for action in ("add", "change", "view")
            ],
            "view_section",
            "view_person",
            "view_photo",
            "view_correction",
        )
    )
    photo_desk, _ = Group.objects.get_or_create(name="Photo desk")
    photo_desk.permissions.add(*_perms("add_photo", "change_photo", "view_photo"))
    return {"editors": editors, "reporters": reporters, "photo_desk": photo_desk}


@pytest.fixture
def roles(db):
    return make_roles()


def member(username, group, full_name):
    """A staff user in `group` with a full name (messages name people by it)."""
    first, last = full_name.split(" ", 1)
    user = make_user(username, group=group)
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def editor(roles):
    return member("ed", "Editors", "Edna Editor")


@pytest.fixture
def other_editor(roles):
    return member("fred", "Editors", "Fred Fixer")


def make_reporter():
    """Rita, a reporter whose Person is linked to her login (for "my drafts" and bylines)."""
    user = member("rita", "Reporters", "Rita Reporter")
    make_person("Rita Reporter", user=user)
    return user


@pytest.fixture
def reporter(roles):
    return make_reporter()


@pytest.fixture
def other_reporter(roles):
    return member("ron", "Reporters", "Ron Rewrite")


@pytest.fixture
def photo_editor(roles):
    return member("pat", "Photo desk", "Pat Pictures")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client
