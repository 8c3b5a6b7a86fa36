"""A live story's draft posts are saves readers cannot see: writing one, with a photo
uploaded into it (its renditions made), keeps every cached page warm, the live story's own
page too; publishing the post shows it at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import live
from articles.models import LivePost
from media_gallery.models import Photo
from reader import fragments
from tests.articles.live_helpers import make_live_story
from tests.factories import image_bytes
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def still_warm(client, addresses, django_assert_max_num_queries):
    """Each page serves from its cached fragments: no more queries than a warm page runs."""
    for address in addresses:
        with django_assert_max_num_queries(2):
            assert client.get(address).status_code == 200


def test_a_photo_uploaded_into_a_draft_live_post_is_a_quiet_save(
    client, seed, editor, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    story = make_live_story("Storm makes landfall", section=seed["article"].section)
    addresses = ["/", seed["article"].get_absolute_url(), "/world/", story.get_absolute_url()]
    for address in addresses:
        assert client.get(address).status_code == 200
    generation = fragments.current_generation()

    # The desk writes a draft post with a photo uploaded into it (renditions made on commit).
    upload = SimpleUploadedFile("flood.jpg", image_bytes(400, 300), content_type="image/jpeg")
    desk = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("admin:articles_livepost_desk", args=[story.pk]),
            {
                "title": "Water rising on Main Street",
                "body": "<p>Crews reach the bridge.</p>",
                "people": [seed["babak"].pk],
                "photo": upload,
                "photo_caption": "Water on Main Street.",
                "photo_alt": "A flooded street",
                "draft": "Save draft",
            },
        )
    assert response.status_code == 302
    draft = LivePost.objects.get()
    assert draft.status == LivePost.Status.DRAFT
    assert Photo.objects.get(caption="Water on Main Street.").renditions.exists()
    # Its caption fixed on the photo desk: still nothing readers see.
    photo = Photo.objects.get(caption="Water on Main Street.")
    photo.caption = "Water rises on Main Street."
    photo.save()
    assert fragments.current_generation() == generation
    still_warm(client, addresses, django_assert_max_num_queries)

    # Published, the post (and its photo) reach the live page at once.
    live.publish_post(editor, draft)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Water rising on Main Street" in page and "Water rises on Main Street." in page
