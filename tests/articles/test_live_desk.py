"""The live desk in the admin: write and publish in one step, reporters' drafts, a photo
uploaded straight into a post, the list other editors' posts arrive in, and every action
checked on the server."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import live
from articles.models import BodyReference, LivePost
from media_gallery.models import Photo
from tests.articles.live_helpers import make_live_story, post
from tests.factories import image_bytes, make_article, make_person, make_user
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def desk_url(story):
    return reverse("admin:articles_livepost_desk", args=[story.pk])


def act_url(story, post):
    return reverse("admin:articles_livepost_desk_act", args=[story.pk, post.pk])


def written(person, **fields):
    return {
        "title": "",
        "body": "<p>Crews reach the bridge.</p>",
        "people": [person.pk],
        **fields,
    }


def test_editor_writes_and_publishes_in_one_step(editor):
    story = make_live_story()
    person = make_person()
    client = client_for(editor)
    page = client.get(desk_url(story))
    assert page.status_code == 200 and b'name="publish"' in page.content
    response = client.post(desk_url(story), {**written(person), "publish": "Publish"})
    assert response.status_code == 302
    made = LivePost.objects.get()
    assert made.status == LivePost.Status.PUBLISHED and made.byline_people == [person]


def test_reporter_saves_drafts_and_a_crafted_publish_is_refused(reporter, editor):
    story = make_live_story()
    client = client_for(reporter)
    page = client.get(desk_url(story))
    assert b'name="publish"' not in page.content and b'name="draft"' in page.content
    person = make_person()
    refused = client.post(desk_url(story), {**written(person), "publish": "Publish"})
    assert refused.status_code == 200 and b"Only editors" in refused.content
    assert b"Crews reach the bridge." in refused.content  # the typed text is kept
    assert not LivePost.objects.exists()
    client.post(desk_url(story), {**written(person), "draft": "Save draft"})
    draft = LivePost.objects.get()
    assert draft.status == LivePost.Status.DRAFT
    client.post(act_url(story, draft), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == LivePost.Status.DRAFT
    client_for(editor).post(act_url(story, draft), {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == LivePost.Status.PUBLISHED


def test_photo_is_uploaded_straight_into_the_post(editor, django_capture_on_commit_callbacks):
    story = make_live_story()
    upload = SimpleUploadedFile("flood.jpg", image_bytes(1200, 800), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(
            desk_url(story),
            {
                **written(make_person()),
                "photo": upload,
                "photo_caption": "Water on Main Street.",
                "photo_alt": "A flooded street",
                "publish": "Publish",
            },
        )
    photo = Photo.objects.get()
    made = LivePost.objects.get()
    assert photo.caption == "Water on Main Street." and photo.renditions.exists()
    assert f'data-photo="{photo.pk}"' in made.body
    assert BodyReference.objects.get(live_post=made).photo == photo


def test_a_refused_upload_keeps_the_post_unwritten_and_says_why(editor):
    story = make_live_story()
    upload = SimpleUploadedFile("notes.jpg", b"not a picture", content_type="image/jpeg")
    response = client_for(editor).post(
        desk_url(story), {**written(make_person()), "photo": upload, "publish": "Publish"}
    )
    assert response.status_code == 200 and b"Crews reach the bridge." in response.content
    assert not LivePost.objects.exists() and not Photo.objects.exists()


def stored_files(media_in_tmp):
    return sorted(path for path in media_in_tmp.rglob("*") if path.is_file())


def test_a_refused_post_takes_its_uploaded_photo_back_out(reporter, media_in_tmp):
    from django.contrib.auth.models import Permission

    reporter.user_permissions.add(Permission.objects.get(codename="add_photo"))
    story = make_live_story()
    upload = SimpleUploadedFile("flood.jpg", image_bytes(400, 300), content_type="image/jpeg")
    response = client_for(reporter).post(
        desk_url(story), {**written(make_person()), "photo": upload, "publish": "Publish"}
    )
    assert response.status_code == 200 and b"Only editors" in response.content
    assert not LivePost.objects.exists() and not Photo.objects.exists()
    assert stored_files(media_in_tmp) == []


@pytest.mark.parametrize("refusal", ["bad body", "stale version"])
def test_a_refused_post_keeps_what_was_typed_and_leaves_no_photo_files(
    editor, other_editor, media_in_tmp, settings, tmp_path, refusal
):
    settings.NEWSROOM_KEEP_ORIGINALS = True  # the untouched original must go too
    story = make_live_story()
    person = make_person()
    url, fields = desk_url(story), written(person, title="Levee holds")
    if refusal == "bad body":
        # A photo element naming a photo that does not exist: refused by the body's checks.
        fields["body"] = (
            '<p>Crews reach the bridge.</p><figure data-element="photo" data-photo="999999">'
            "</figure>"
        )
    else:
        made = post(editor, story, "First version.", person=person)
        # Someone else changes the post after the editor opened it.
        live.save_post(other_editor, story, made, body="<p>Fred's fix.</p>", people=[person])
        url, fields = f"{url}?edit={made.pk}", {**fields, "version": made.version}
    before = {path: path.stat().st_mtime for path in stored_files(media_in_tmp)}
    photos_before = Photo.objects.count()
    upload = SimpleUploadedFile("flood.jpg", image_bytes(400, 300), content_type="image/jpeg")
    response = client_for(editor).post(
        url,
        {
            **fields,
            "photo": upload,
            "photo_caption": "Water on Main Street.",
            "photo_alt": "A flooded street",
            "publish": "Publish",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Everything typed is in the form again; the file must be chosen again, and it says so.
    assert "Levee holds" in page and "Crews reach the bridge." in page
    assert "Water on Main Street." in page and "A flooded street" in page
    assert "The photo was not kept" in page
    # Nothing of the photo is left behind: no row, no master, no original.
    assert Photo.objects.count() == photos_before
    assert {path: path.stat().st_mtime for path in stored_files(media_in_tmp)} == before
    assert not any((tmp_path / "originals").rglob("*.*"))


def test_the_list_shows_other_editors_posts(editor, other_editor):
    story = make_live_story()
    post(other_editor, story, "Fred's report from the shelter.")
    listing = client_for(editor).get(reverse("admin:articles_livepost_desk_posts", args=[story.pk]))
    assert b"report from the shelter" in listing.content


def test_stale_change_is_refused_with_the_text_kept(editor, other_editor):
    story = make_live_story()
    made = post(editor, story, "First version.")
    person = made.byline_people[0]
    post_url = f"{desk_url(story)}?edit={made.pk}"
    post(other_editor, story)  # unrelated
    from articles import live

    live.save_post(other_editor, story, made, body="<p>Fred's fix.</p>", people=[person])
    response = client_for(editor).post(
        post_url,
        {**written(person, body="<p>Edna's fix.</p>"), "version": 1, "publish": "Update post"},
    )
    assert response.status_code == 200 and b"Someone else changed this post" in response.content
    assert b"Edna&#x27;s fix." in response.content or b"Edna's fix." in response.content
    made.refresh_from_db()
    assert made.body == "<p>Fred's fix.</p>"


def test_photo_desk_cannot_open_the_desk_and_no_desk_for_other_stories(photo_desk_member, editor):
    story = make_live_story()
    assert client_for(photo_desk_member).get(desk_url(story)).status_code == 403
    assert client_for(editor).get(desk_url(make_article())).status_code == 403


def test_editor_ends_coverage_and_keeps_key_points(editor, reporter):
    story = make_live_story()
    url = reverse("admin:articles_livepost_desk_coverage", args=[story.pk])
    client_for(reporter).post(url, {"end": "End coverage"})
    story.live.refresh_from_db()
    assert story.live.ended_at is None
    client_for(editor).post(url, {"key_points": "One\nTwo", "order": "oldest"})
    client_for(editor).post(url, {"end": "End coverage"})
    story.live.refresh_from_db()
    assert story.live.key_points == "One\nTwo" and story.live.order == "oldest"
    assert story.live.ended_at is not None


def test_only_those_who_may_add_photos_upload_one(media_in_tmp):
    from django.contrib.auth.models import Group

    # Reporters may upload photos (desk/0003); a stringer with a reporter's rights on live
    # posts but not on the photo library may not.
    reporters = Group.objects.get(name="Reporters")
    stringers = Group.objects.create(name="Stringers")
    stringers.permissions.set(reporters.permissions.exclude(codename="add_photo"))
    stringer = make_user("stringer", group="Stringers")
    story = make_live_story()
    upload = SimpleUploadedFile("flood.jpg", image_bytes(400, 300), content_type="image/jpeg")
    response = client_for(stringer).post(
        desk_url(story), {**written(make_person()), "photo": upload, "draft": "Save draft"}
    )
    assert b"You may not add photos" in response.content
    assert not Photo.objects.exists() and not LivePost.objects.exists()
    assert stored_files(media_in_tmp) == []


def test_a_live_storys_change_page_leads_to_its_desk(editor, reporter, photo_desk_member):
    story = make_live_story()
    change = reverse("admin:articles_article_change", args=[story.pk])
    link = f'href="{desk_url(story)}"'
    for person in (editor, reporter):
        page = client_for(person).get(change).content.decode()
        assert link in page and "Live desk: write posts" in page
        # The link works for them.
        assert client_for(person).get(desk_url(story)).status_code == 200
    # Who cannot write posts is not offered the desk; an ordinary story has none.
    assert link not in client_for(photo_desk_member).get(change).content.decode()
    ordinary = make_article("Council meets")
    page = client_for(editor).get(reverse("admin:articles_article_change", args=[ordinary.pk]))
    assert page.status_code == 200 and "Live desk" not in page.content.decode()
