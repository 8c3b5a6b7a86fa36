"""Every admin action and custom admin view checks, on the server, the permission it needs:
a crafted POST from someone who may only read does nothing."""

import pytest
from django.urls import reverse

from articles.models import Article, Timeline
from media_gallery.models import Gallery, Photo, Rendition
from media_gallery.renditions import generate_renditions
from publishing.models import Status
from tests.factories import make_article, make_gallery, make_photo, make_timeline
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run_action(client, model, action, *items):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [item.pk for item in items]},
        follow=True,
    )


def test_reporter_with_view_only_rights_cannot_mark_her_timeline_ready(reporter, editor):
    timeline = make_timeline(status=Status.DRAFT, created_by=reporter)
    run_action(client_for(reporter), Timeline, "mark_ready", timeline)
    timeline.refresh_from_db()
    assert timeline.status == Status.DRAFT

    run_action(client_for(editor), Timeline, "mark_ready", timeline)
    timeline.refresh_from_db()
    assert timeline.status == Status.READY
    run_action(client_for(reporter), Timeline, "back_to_draft", timeline)
    timeline.refresh_from_db()
    assert timeline.status == Status.READY


def test_photo_desk_cannot_move_an_article_it_is_credited_on(photo_desk_member, editor):
    from tests.factories import make_person

    person = make_person("Pat Pictures", user=photo_desk_member)
    article = make_article(status=Status.DRAFT, contributors=[person])
    run_action(client_for(photo_desk_member), Article, "mark_ready", article)
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    run_action(client_for(editor), Article, "mark_ready", article)
    article.refresh_from_db()
    assert article.status == Status.READY
    run_action(client_for(photo_desk_member), Article, "back_to_draft", article)
    article.refresh_from_db()
    assert article.status == Status.READY


def test_reporter_cannot_queue_a_rebuild_of_every_photos_renditions(
    reporter, photo_desk_member, django_capture_on_commit_callbacks
):
    photo = make_photo()
    generate_renditions(photo)
    before = set(Rendition.objects.filter(photo=photo).values_list("file", flat=True))

    run_action(client_for(reporter), Photo, "remake_renditions", photo)
    assert set(Rendition.objects.filter(photo=photo).values_list("file", flat=True)) == before

    with django_capture_on_commit_callbacks(execute=True):
        run_action(client_for(photo_desk_member), Photo, "remake_renditions", photo)
    assert set(Rendition.objects.filter(photo=photo).values_list("file", flat=True)) != before


def test_the_actions_offered_are_the_ones_allowed(reporter, photo_desk_member):
    # Django shows the actions only over a list with rows in it.
    make_timeline(status=Status.DRAFT, created_by=reporter)
    make_photo()
    make_article(status=Status.DRAFT)
    make_gallery(status=Status.DRAFT, created_by=photo_desk_member)
    assert "publish_selected" in client_for(reporter).get(changelist_url(Article)).content.decode()
    reporter_page = client_for(reporter).get(changelist_url(Timeline)).content.decode()
    assert "mark_ready" not in reporter_page
    photo_page = client_for(reporter).get(changelist_url(Photo)).content.decode()
    assert "remake_renditions" not in photo_page
    desk_page = client_for(photo_desk_member).get(changelist_url(Article)).content.decode()
    assert "back_to_draft" not in desk_page
    assert (
        "mark_ready" in client_for(photo_desk_member).get(changelist_url(Gallery)).content.decode()
    )


def test_bulk_upload_and_restore_refuse_view_only_users(reporter):
    gallery = make_gallery(status=Status.DRAFT, created_by=reporter)
    client = client_for(reporter)
    upload_page = reverse("admin:media_gallery_gallery_bulk_upload", args=[gallery.pk])
    assert client.get(upload_page).status_code == 403
    upload_file = reverse("admin:media_gallery_gallery_bulk_upload_file", args=[gallery.pk])
    assert client.post(upload_file).status_code == 403

    gallery.headline = "Renamed"
    gallery.save()
    first = gallery_revision(gallery, 1)
    restore = reverse("admin:media_gallery_gallery_restore", args=[gallery.pk, first.pk])
    assert client.post(restore).status_code == 403
    gallery.refresh_from_db()
    assert gallery.headline == "Renamed"


def gallery_revision(gallery, version):
    from publishing.revisions import at_version

    return at_version(gallery, version)


def test_every_action_of_the_desk_names_the_permission_it_needs():
    """Django runs only the actions `get_actions` allows, which reads each action's
    `allowed_permissions`: an action without any is open to anyone who may view the list."""
    from django.contrib import admin

    ours = {"articles", "media_gallery", "publishing", "security"}
    unguarded = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ours:
            continue
        for func, name, _description in model_admin._get_base_actions():
            if not getattr(func, "allowed_permissions", None):
                unguarded.append(f"{model._meta.label}.{name}")
    assert unguarded == []
