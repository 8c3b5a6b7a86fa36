"""Replacing a photo's picture, on its admin page or through `replace_photo_file`: both go
through `services.save_picture`, so both remove the old renditions and make
new ones (the old master stays while a revision names it, for a restore), and a refused file
(or a failed save) changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from media_gallery import services
from media_gallery.models import Photo
from media_gallery.renditions import generate_renditions
from media_gallery.services import replace_photo_file
from publishing.models import StaleEdit
from publishing.revisions import revisions_of
from tests.factories import make_photo, make_user
from tests.forms import form_data

from .files import jpeg, png_header_only, upload

pytestmark = pytest.mark.django_db


def upload_in_the_admin(client, photo, new_file):
    """Send `new_file` from the photo's change page, everything else as the page shows it."""
    change_url = reverse("admin:media_gallery_photo_change", args=[photo.pk])
    fields = form_data(client.get(change_url), "photo_form")
    fields["image"] = new_file
    return client.post(change_url, fields)


def photo_with_renditions():
    photo = make_photo(1200, 800, caption="Typed caption", credit="AP")
    generate_renditions(photo)
    return photo


def rendition_names(photo):
    return set(photo.renditions.values_list("file", flat=True))


def files_on_disk(media_root):
    return {path for path in media_root.rglob("*") if path.is_file()}


def what_the_photo_is(photo):
    """The stored photo and its renditions, to compare before and after."""
    stored = Photo.objects.get(pk=photo.pk)
    return {
        "image": stored.image.name,
        "size": (stored.width, stored.height),
        "original_filename": stored.original_filename,
        "version": stored.version,
        "caption": stored.caption,
        "renditions": rendition_names(stored),
    }


def assert_the_picture_was_replaced(photo, old_master, old_renditions):
    photo.refresh_from_db()
    storage = photo.image.storage
    assert (photo.width, photo.height) == (900, 1350)
    assert photo.caption == "Typed caption" and photo.credit == "AP"  # the text stays
    assert photo.original_filename == "new.jpg"
    assert photo.image.name != old_master and storage.exists(photo.image.name)
    assert storage.exists(old_master)  # kept while the photo's history names it
    assert not any(storage.exists(name) for name in old_renditions)
    new_renditions = rendition_names(photo)
    assert len(new_renditions) == 2 * 7  # w320, w640 and five crops, in JPEG and WebP
    assert not new_renditions & old_renditions
    assert all(storage.exists(name) for name in new_renditions)
    assert photo.renditions.get(spec="w640", format="jpeg").height == 960


def test_replacing_the_picture_in_the_admin_removes_the_old_files_and_makes_new_ones(
    admin_client, admin_user, django_capture_on_commit_callbacks
):
    photo = photo_with_renditions()
    old_master, old_renditions = photo.image.name, rendition_names(photo)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_in_the_admin(
            admin_client, photo, upload("new.jpg", jpeg(900, 1350, seed=9))
        )
    assert response.status_code == 302
    assert_the_picture_was_replaced(photo, old_master, old_renditions)
    # One revision for the save, by the desk, taken after the inlines (not one per step).
    assert revisions_of(photo).filter(version=photo.version).get().created_by == admin_user


def test_replacing_the_picture_through_the_service_removes_the_old_files_and_makes_new_ones(
    django_capture_on_commit_callbacks,
):
    photo = photo_with_renditions()
    old_master, old_renditions = photo.image.name, rendition_names(photo)
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        replace_photo_file(photo, upload("new.jpg", jpeg(900, 1350, seed=9)), user=user)
    assert_the_picture_was_replaced(photo, old_master, old_renditions)
    assert revisions_of(photo).filter(version=photo.version).get().created_by == user


def test_a_refused_file_in_the_admin_changes_nothing(
    admin_client, media_in_tmp, django_capture_on_commit_callbacks
):
    photo = photo_with_renditions()
    before, files_before = what_the_photo_is(photo), files_on_disk(media_in_tmp)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_in_the_admin(
            admin_client, photo, upload("bomb.png", png_header_only(30000, 30000))
        )
    assert response.status_code == 200  # the form again, with the reason
    assert "This image is 30000×30000 pixels; the limit is 60 megapixels." in (
        response.content.decode()
    )
    assert what_the_photo_is(photo) == before
    assert files_on_disk(media_in_tmp) == files_before


def test_a_refused_file_through_the_service_changes_nothing(
    media_in_tmp, django_capture_on_commit_callbacks
):
    photo = photo_with_renditions()
    before, files_before = what_the_photo_is(photo), files_on_disk(media_in_tmp)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="30000×30000 pixels"):
            replace_photo_file(photo, upload("bomb.png", png_header_only(30000, 30000)))
    assert what_the_photo_is(photo) == before
    assert files_on_disk(media_in_tmp) == files_before


def test_a_save_refused_as_stale_keeps_the_old_picture_and_leaves_no_new_file(
    media_in_tmp, django_capture_on_commit_callbacks
):
    photo = photo_with_renditions()
    stale = Photo.objects.get(pk=photo.pk)
    photo.caption = "Saved meanwhile by another desk."
    photo.save()
    before, files_before = what_the_photo_is(photo), files_on_disk(media_in_tmp)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(StaleEdit):
            replace_photo_file(stale, upload("new.jpg", jpeg(900, 1350, seed=9)))
    assert what_the_photo_is(photo) == before
    assert files_on_disk(media_in_tmp) == files_before


def test_a_failure_before_the_new_file_is_stored_keeps_the_old_master(
    monkeypatch, media_in_tmp, django_capture_on_commit_callbacks
):
    photo = photo_with_renditions()
    before, files_before = what_the_photo_is(photo), files_on_disk(media_in_tmp)

    def lose_the_database(photo, metadata):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(services, "apply_metadata", lose_the_database)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ConnectionError):
            replace_photo_file(photo, upload("new.jpg", jpeg(900, 1350, seed=9)))
    assert what_the_photo_is(photo) == before
    assert files_on_disk(media_in_tmp) == files_before


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_commit_never_removes_the_new_picture(monkeypatch):
    # Outside any transaction, the old master is deleted as soon as the save commits; if that
    # deletion fails, the photo must keep the picture it was just saved with.
    photo = make_photo(1200, 800)
    old_master = photo.image.name
    storage = photo.image.storage
    revisions_of(photo).delete()  # no revision keeps the old master: it is deleted

    delete = storage.delete

    def refuse_the_old_master(name):
        if name == old_master:
            raise OSError(f"{name} is on a read-only disk")
        delete(name)

    monkeypatch.setattr(storage, "delete", refuse_the_old_master)
    with pytest.raises(OSError, match="read-only"):
        replace_photo_file(photo, upload("new.jpg", jpeg(900, 1350, seed=9)), renditions="none")
    monkeypatch.undo()
    photo.refresh_from_db()
    assert photo.image.name != old_master and (photo.width, photo.height) == (900, 1350)
    assert storage.exists(photo.image.name)
