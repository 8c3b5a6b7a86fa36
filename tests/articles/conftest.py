"""Fixtures of the editors' desk tests: one login per shipped role plus a superuser, and the
seed story's world (sections, a person, a photo, a gallery, a timeline, the story, a draft)."""

import pytest

from publishing.models import Status
from tests.factories import (
    make_article,
    make_gallery,
    make_person,
    make_photo,
    make_section,
    make_timeline,
    make_user,
)
from tests.staff import client_for

ROLES = {"editor": "Editors", "reporter": "Reporters", "photodesk": "Photo desk"}


@pytest.fixture
def staff_and_content(db, settings):
    """One login per role, plus a superuser, and some content on every list."""
    # The tests log in with force_login: a fast hasher spares four slow password hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = {name: make_user(name, group=group) for name, group in ROLES.items()}
    users["admin"] = make_user("admin", superuser=True)
    world = make_section("World", slug="world")
    middle_east = make_section("Middle East", parent=world, slug="middle-east")
    babak = make_person("Babak Dehghanpisheh", slug="babak-dehghanpisheh")
    photo = make_photo(caption="Syrian Maj. Gen. Abdul-Aziz Jassem al-Shallal", credit="AP")
    gallery = make_gallery("The destruction of Aleppo", photos=[photo])
    timeline = make_timeline("Syria’s uprising")
    story = make_article(
        "Syrian general defects, saying others in the government want to follow",
        slug="syrian-general-defects",
        section=middle_east,
        authors=[babak],
        lead_photo=photo,
        deck="Maj. Gen. Abdul-Aziz Jassem al-Shallal says many senior officials want to leave",
    )
    draft = make_article("Refugees describe the journey", status=Status.DRAFT, section=world)
    return {
        "users": users,
        "section": middle_east,
        "person": babak,
        "photo": photo,
        "gallery": gallery,
        "timeline": timeline,
        "story": story,
        "draft": draft,
    }


@pytest.fixture
def client_as(staff_and_content):
    """`client_as("reporter")`: a new test client logged in with that role's login."""

    def logged_in(role):
        return client_for(staff_and_content["users"][role])

    return logged_in
