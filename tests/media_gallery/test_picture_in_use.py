"""A photo that published content uses: the photo desk fixes its text; replacing its picture
needs an editor. A replaced master stays with the photo's history, so restoring an earlier
version brings the old picture back; it is deleted only when no revision needs it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from media_gallery import services
from media_gallery.renditions import generate_renditions
from publishing.models import Status
from publishing.revisions import at_version
from tests.factories import make_article, make_photo
from tests.forms import form_data
from tests.staff import client_for

from .files import jpeg, upload

pytestmark = pytest.mark.django_db


def change_url(photo):
    return reverse("admin:media_gallery_photo_change", args=[photo.pk])


@pytest.fixture
def lead_photo():
    photo = make_photo(1200, 800, caption="Old caption", credit="AP")
    generate_renditions(photo)
    make_article("Syrian general defects", lead_photo=photo)
    return photo


def test_photo_desk_fixes_the_text_but_cannot_replace_the_picture(
    photo_desk_member, lead_photo, django_capture_on_commit_callbacks
):
    client = client_for(photo_desk_member)
    page = client.get(change_url(lead_photo))
    assert "only an editor can replace its picture" in page.text
    fields = form_data(page, "photo_form")
    fields.update(caption="Corrected caption", image=upload("new.jpg", jpeg(900, 1350, seed=4)))
    old_master = lead_photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(lead_photo), fields)
    assert response.status_code == 302
    lead_photo.refresh_from_db()
    assert lead_photo.caption == "Corrected caption"
    assert lead_photo.image.name == old_master and (lead_photo.width, lead_photo.height) == (
        1200,
        800,
    )
    with pytest.raises(PermissionDenied, match="only an editor can replace"):
        services.replace_photo_file(
            lead_photo, upload("new.jpg", jpeg(900, 1350, seed=4)), user=photo_desk_member
        )


def test_photo_desk_replaces_the_picture_of_a_photo_only_drafts_use(
    photo_desk_member, django_capture_on_commit_callbacks
):
    photo = make_photo(1200, 800)
    make_article("Draft", lead_photo=photo, status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_photo_file(
            photo, upload("new.jpg", jpeg(900, 1350, seed=4)), user=photo_desk_member
        )
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (900, 1350)


def test_an_editor_replaces_it_and_a_restore_brings_the_old_picture_back(
    editor, lead_photo, django_capture_on_commit_callbacks
):
    storage = lead_photo.image.storage
    old_master = lead_photo.image.name
    client = client_for(editor)
    fields = form_data(client.get(change_url(lead_photo)), "photo_form")
    fields["image"] = upload("new.jpg", jpeg(900, 1350, seed=4))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(lead_photo), fields).status_code == 302
    lead_photo.refresh_from_db()
    new_master = lead_photo.image.name
    assert new_master != old_master
    assert storage.exists(old_master), "the replaced master is kept with the history"

    first = at_version(lead_photo, 1)
    restore = reverse("admin:media_gallery_photo_restore", args=[lead_photo.pk, first.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(restore)
    lead_photo.refresh_from_db()
    assert lead_photo.image.name == old_master
    assert (lead_photo.width, lead_photo.height) == (1200, 800)
    assert lead_photo.caption == "Old caption"
    made = lead_photo.renditions.get(spec="w640", format="jpeg")
    assert (made.width, made.height) == (640, 427)
    assert storage.exists(new_master), "a revision still names the newer picture"


def test_the_photo_desk_cannot_restore_another_picture_onto_a_photo_in_use(
    editor, photo_desk_member, lead_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_photo_file(
            lead_photo, upload("new.jpg", jpeg(900, 1350, seed=4)), user=editor
        )
    lead_photo.refresh_from_db()
    replaced = lead_photo.image.name
    first = at_version(lead_photo, 1)
    restore = reverse("admin:media_gallery_photo_restore", args=[lead_photo.pk, first.pk])
    client_for(photo_desk_member).post(restore)
    lead_photo.refresh_from_db()
    assert lead_photo.image.name == replaced


def test_deleting_the_photo_deletes_every_picture_its_history_kept(
    editor, django_capture_on_commit_callbacks
):
    photo = make_photo(1200, 800)
    storage = photo.image.storage
    first_master = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.replace_photo_file(photo, upload("new.jpg", jpeg(900, 1350, seed=4)), user=editor)
    photo.refresh_from_db()
    second_master = photo.image.name
    assert storage.exists(first_master) and storage.exists(second_master)
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not storage.exists(first_master) and not storage.exists(second_master)
