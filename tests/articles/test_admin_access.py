"""Who may open and change what in the admin, for each shipped role: the pages each role gets,
read-only pages for what a role may only read, and refusals on the server (a 403, nothing
saved) whatever the page offered."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_person, make_photo
from tests.forms import form_data

pytestmark = pytest.mark.django_db

# (admin page, who gets it): everyone else gets 403.
PAGES = [
    ("articles_article_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("articles_article_add", {"editor", "reporter", "admin"}),
    ("articles_section_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("articles_section_add", {"editor", "admin"}),
    ("articles_person_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("articles_person_add", {"editor", "reporter", "admin"}),
    ("articles_timeline_changelist", {"editor", "reporter", "admin"}),
    ("articles_timeline_add", {"editor", "admin"}),
    ("media_gallery_photo_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("media_gallery_photo_add", {"editor", "reporter", "photodesk", "admin"}),
    ("media_gallery_gallery_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("media_gallery_gallery_add", {"editor", "photodesk", "admin"}),
    ("taggit_tag_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("taggit_tag_add", {"editor", "admin"}),
    ("auth_user_changelist", {"editor", "admin"}),
    ("auth_user_add", {"admin"}),
    ("auth_group_changelist", {"admin"}),
]


@pytest.mark.parametrize("role", ["editor", "reporter", "photodesk", "admin"])
def test_admin_pages_open_for_the_roles_that_may_use_them(client_as, role):
    client = client_as(role)
    wrong = []
    for page, allowed in PAGES:
        status = client.get(reverse(f"admin:{page}")).status_code
        if status != (200 if role in allowed else 403):
            wrong.append(f"{page}: {status}")
    assert wrong == []


def test_anonymous_visitor_is_sent_to_the_login_page(client, staff_and_content):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_photo_desk_opens_a_published_gallery_read_only(client_as, staff_and_content):
    url = reverse("admin:media_gallery_gallery_change", args=[staff_and_content["gallery"].pk])
    response = client_as("photodesk").get(url)
    assert response.status_code == 200
    assert "The destruction of Aleppo" in response.text and 'name="_save"' not in response.text
    assert "Only editors may change a published photo gallery" in response.text


@pytest.mark.parametrize("role", ["editor", "reporter", "photodesk", "admin"])
def test_every_role_can_open_the_seed_story_and_only_writers_may_save_it(
    client_as, staff_and_content, role
):
    url = reverse("admin:articles_article_change", args=[staff_and_content["story"].pk])
    response = client_as(role).get(url)
    assert response.status_code == 200
    assert "Syrian general defects" in response.text
    # Published items are changed by editors only; the others see the story read-only.
    can_save = role in {"editor", "admin"}
    assert ('name="_save"' in response.text) == can_save
    assert ('name="headline"' in response.text) == can_save


@pytest.mark.parametrize("role", ["reporter", "photodesk"])
def test_a_published_story_cannot_be_changed_by_post_unless_an_editor(
    client_as, staff_and_content, role
):
    client = client_as(role)
    story = staff_and_content["story"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    editor_page = client_as("editor").get(url)
    data = form_data(
        editor_page,
        form_id="article_form",
        headline="Changed without an editor",
        **{"credits-1-person": str(make_person("Intruder").pk), "credits-1-role": "byline"},
    )
    data["credits-TOTAL_FORMS"] = "2"
    assert client.post(url, data).status_code == 403
    story.refresh_from_db()
    assert story.headline.startswith("Syrian general defects") and story.version == 1
    assert story.byline == "By Babak Dehghanpisheh"
    # The same post from the editor is saved: it was refused for who sent it.
    assert client_as("editor").post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Changed without an editor"
    assert story.byline == "By Babak Dehghanpisheh and Intruder"


def test_reporter_opens_their_own_draft_with_a_save_button(client_as, staff_and_content):
    draft = staff_and_content["draft"]
    draft.created_by = staff_and_content["users"]["reporter"]
    draft.save()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client_as("reporter").get(url)
    assert response.status_code == 200 and 'name="_save"' in response.text


def test_reporter_sees_another_reporters_draft_without_a_save_button(client_as, staff_and_content):
    url = reverse("admin:articles_article_change", args=[staff_and_content["draft"].pk])
    response = client_as("reporter").get(url)
    assert response.status_code == 200 and 'name="_save"' not in response.text
    assert "This article is someone else&#x27;s" in response.text


def test_photo_desk_cannot_change_an_article_by_post(client_as, staff_and_content):
    url = reverse("admin:articles_article_change", args=[staff_and_content["draft"].pk])
    response = client_as("photodesk").post(url, {"headline": "Changed by the photo desk"})
    assert response.status_code == 403
    assert (
        Article.objects.get(pk=staff_and_content["draft"].pk).headline
        == "Refugees describe the journey"
    )


def test_reporter_cannot_look_up_logins_and_sees_the_profile_login_read_only(
    client_as, staff_and_content
):
    client = client_as("reporter")
    lookup = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "person", "field_name": "user", "term": "editor"},
    )
    assert lookup.status_code == 403
    # A person no published story credits yet: the reporter edits everything but the login.
    newcomer = make_person("Nadia Newcomer")
    response = client.get(reverse("admin:articles_person_change", args=[newcomer.pk]))
    assert response.status_code == 200
    assert 'name="user"' not in response.text and 'name="name"' in response.text
    # One that published stories credit (the seed story's byline): she only reads it.
    response = client.get(
        reverse("admin:articles_person_change", args=[staff_and_content["person"].pk])
    )
    assert response.status_code == 200 and 'name="name"' not in response.text


# The captioning list: the photo desk types captions in place; reporters only read.


def test_photo_desk_captions_photos_in_the_list(client_as, staff_and_content):
    client = client_as("photodesk")
    other = make_photo(seed=7, caption="", credit="", alt_text="")
    url = reverse("admin:media_gallery_photo_changelist")
    page = client.get(url)
    assert 'name="form-0-caption"' in page.text
    data = form_data(page, form_id="changelist-form")
    row = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(other.pk))
    data.update(
        {
            f"form-{row}-caption": "Smoke rises over Aleppo.",
            f"form-{row}-credit": "Demo illustration",
            f"form-{row}-alt_text": "Smoke over a skyline",
            "_save": "Save",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.caption, other.credit, other.alt_text) == (
        "Smoke rises over Aleppo.",
        "Demo illustration",
        "Smoke over a skyline",
    )
    photo = staff_and_content["photo"]
    photo.refresh_from_db()
    assert photo.caption.startswith("Syrian Maj. Gen.")


def test_photo_list_filters_photos_missing_text(client_as, staff_and_content):
    bare = make_photo(seed=9, caption="", credit="Someone", alt_text="Something")
    url = reverse("admin:media_gallery_photo_changelist") + "?missing=caption"
    response = client_as("photodesk").get(url)
    assert list(response.context["cl"].result_list) == [bare]


def test_reporter_cannot_caption_photos_in_the_list(client_as, staff_and_content):
    url = reverse("admin:media_gallery_photo_changelist")
    page = client_as("reporter").get(url)
    assert page.status_code == 200 and "Syrian Maj. Gen." in page.text  # the photo is listed
    assert 'name="form-0-caption"' not in page.text
    # The photo desk's own list edit, sent by a reporter, is refused on the server.
    data = form_data(client_as("photodesk").get(url), "changelist-form", _save="Save")
    data["form-0-caption"] = "Changed by a reporter"
    assert client_as("reporter").post(url, data).status_code == 403
    photo = staff_and_content["photo"]
    photo.refresh_from_db()
    assert photo.caption.startswith("Syrian Maj. Gen.")
