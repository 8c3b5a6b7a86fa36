"""The editors' desk through the real admin: what each role may open, search and save, and what
is refused (with a message, and nothing saved)."""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from articles.models import Article, Credit, Person
from media_gallery.models import Photo
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
from tests.forms import form_data

pytestmark = pytest.mark.django_db

ROLES = {"editor": "Editors", "reporter": "Reporters", "photodesk": "Photo desk"}

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
    ("media_gallery_photo_add", {"editor", "photodesk", "admin"}),
    ("media_gallery_gallery_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("media_gallery_gallery_add", {"editor", "photodesk", "admin"}),
    ("taggit_tag_changelist", {"editor", "reporter", "photodesk", "admin"}),
    ("taggit_tag_add", {"editor", "admin"}),
    ("auth_user_changelist", {"editor", "admin"}),
    ("auth_user_add", {"admin"}),
    ("auth_group_changelist", {"admin"}),
]


@pytest.fixture
def desk(db, settings):
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


def login(client, desk, role):
    client.force_login(desk["users"][role])
    return client


@pytest.mark.parametrize("role", ["editor", "reporter", "photodesk", "admin"])
def test_admin_pages_open_for_the_roles_that_may_use_them(client, desk, role):
    client = login(client, desk, role)
    wrong = []
    for page, allowed in PAGES:
        status = client.get(reverse(f"admin:{page}")).status_code
        if status != (200 if role in allowed else 403):
            wrong.append(f"{page}: {status}")
    assert wrong == []


def test_photo_desk_opens_a_published_gallery_read_only(client, desk):
    url = reverse("admin:media_gallery_gallery_change", args=[desk["gallery"].pk])
    response = login(client, desk, "photodesk").get(url)
    assert response.status_code == 200
    assert "The destruction of Aleppo" in response.text and 'name="_save"' not in response.text


@pytest.mark.parametrize("role", ["editor", "reporter", "photodesk", "admin"])
def test_every_role_can_open_the_seed_story_and_only_writers_may_save_it(client, desk, role):
    url = reverse("admin:articles_article_change", args=[desk["story"].pk])
    response = login(client, desk, role).get(url)
    assert response.status_code == 200
    assert "Syrian general defects" in response.text
    # Published items are changed by editors only; the others see the story read-only.
    can_save = role in {"editor", "admin"}
    assert ('name="_save"' in response.text) == can_save
    assert ('name="headline"' in response.text) == can_save


@pytest.mark.parametrize("role", ["reporter", "photodesk"])
def test_a_published_story_cannot_be_changed_by_post_unless_an_editor(client, desk, role):
    client = login(client, desk, role)
    story = desk["story"]
    url = reverse("admin:articles_article_change", args=[story.pk])
    editor_page = login(Client(), desk, "editor").get(url)
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


def test_reporter_opens_their_own_draft_with_a_save_button(client, desk):
    draft = desk["draft"]
    draft.created_by = desk["users"]["reporter"]
    draft.save()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = login(client, desk, "reporter").get(url)
    assert response.status_code == 200 and 'name="_save"' in response.text


def test_reporter_sees_another_reporters_draft_without_a_save_button(client, desk):
    url = reverse("admin:articles_article_change", args=[desk["draft"].pk])
    response = login(client, desk, "reporter").get(url)
    assert response.status_code == 200 and 'name="_save"' not in response.text


def test_anonymous_visitor_is_sent_to_the_login_page(client, desk):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_article_list_shows_headline_section_byline_status_and_time(client, desk):
    response = login(client, desk, "editor").get(reverse("admin:articles_article_changelist"))
    text = response.text
    assert "Syrian general defects" in text
    assert "World › Middle East" in text
    assert "By Babak Dehghanpisheh" in text
    assert "Published" in text and "Draft" in text


@pytest.mark.parametrize(
    "query, found",
    [
        ("q=Shallal", True),  # the deck
        ("q=Dehghanpisheh", True),  # the author
        ("q=defects", True),  # the headline
        ("q=Body text", True),  # the body
        ("q=nonexistentword", False),
    ],
)
def test_article_search_covers_headline_deck_body_and_author(client, desk, query, found):
    url = reverse("admin:articles_article_changelist") + "?" + query
    response = login(client, desk, "editor").get(url)
    assert response.status_code == 200
    assert ("Syrian general defects" in response.text) == found


def test_article_search_by_author_lists_a_story_once(client, desk):
    make_article(
        "Two writers",
        authors=[make_person("Babak Dehghanpisheh Jr"), desk["person"]],
    )
    url = reverse("admin:articles_article_changelist") + "?q=Dehghanpisheh"
    response = login(client, desk, "editor").get(url)
    assert response.context["cl"].result_count == 2


def test_article_filters_by_status_section_author_and_date(client, desk):
    client = login(client, desk, "editor")
    base = reverse("admin:articles_article_changelist")
    story, draft = desk["story"], desk["draft"]
    # The author filter shows (and applies) only when there is more than one author to choose.
    make_article("Another story", authors=[make_person("Liz Sly")])

    def listed(params):
        response = client.get(f"{base}?{params}")
        assert response.status_code == 200, params
        return set(response.context["cl"].result_list)

    assert listed("status__exact=draft") == {draft}
    assert listed(f"section__id__exact={desk['section'].pk}") == {story}
    assert listed(f"credits__person__id__exact={desk['person'].pk}") == {story}
    day = story.published_at
    assert story in listed(f"published_at__year={day.year}")
    response = client.get(base)
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert {"status", "section", "author"} <= set(filters)
    assert response.context["cl"].date_hierarchy == "published_at"


def test_article_form_has_slug_prepopulated_autocompletes_and_view_on_site(client, desk):
    client = login(client, desk, "editor")
    response = client.get(reverse("admin:articles_article_change", args=[desk["story"].pk]))
    text = response.text
    assert "prepopulated_fields" in text or "data-prepopulated-fields" in text
    for field in [
        "id_section",
        "id_lead_photo",
        "id_credits-0-person",
        "id_related_items-__prefix__-target_gallery",
        "id_related_items-__prefix__-target_timeline",
        "id_related_items-__prefix__-target_article",
    ]:
        assert f'id="{field}"' in text
    assert text.count("admin-autocomplete") >= 5
    content_type = ContentType.objects.get_for_model(Article)
    assert f"/admin/r/{content_type.pk}/{desk['story'].pk}/" in text
    assert "View on site" in text
    redirect = client.get(f"/admin/r/{content_type.pk}/{desk['story'].pk}/")
    assert redirect["Location"].endswith("/2012/12/26/syrian-general-defects/") or redirect[
        "Location"
    ].endswith(desk["story"].get_absolute_url())


def autocomplete(client, model, field, term, app_label="articles"):
    url = reverse("admin:autocomplete")
    return client.get(
        url, {"app_label": app_label, "model_name": model, "field_name": field, "term": term}
    )


AUTOCOMPLETES = [
    # (who, app, model, field, term, expected text)
    ("reporter", "articles", "credit", "person", "Babak", "Babak Dehghanpisheh"),
    ("reporter", "articles", "article", "section", "Middle", "World › Middle East"),
    ("reporter", "articles", "article", "lead_photo", "Shallal", "Abdul-Aziz"),
    ("reporter", "articles", "relateditem", "target_gallery", "Aleppo", "destruction of Aleppo"),
    ("reporter", "articles", "relateditem", "target_timeline", "uprising", "Syria’s uprising"),
    ("reporter", "articles", "relateditem", "target_article", "general", "Syrian general"),
    ("editor", "articles", "credit", "person", "Babak", "Babak Dehghanpisheh"),
    ("editor", "articles", "relateditem", "target_gallery", "Aleppo", "destruction of Aleppo"),
    ("editor", "articles", "person", "user", "reporter", "reporter"),
    ("editor", "articles", "timelineevent", "article", "general", "Syrian general"),
    ("photodesk", "media_gallery", "galleryphoto", "photo", "Shallal", "Abdul-Aziz"),
    ("photodesk", "media_gallery", "gallery", "cover_photo", "Shallal", "Abdul-Aziz"),
    ("photodesk", "media_gallery", "photo", "photographer", "Babak", "Babak Dehghanpisheh"),
]


@pytest.mark.parametrize("role, app, model, field, term, expected", AUTOCOMPLETES)
def test_autocomplete_finds_targets_for_each_role(
    client, desk, role, app, model, field, term, expected
):
    response = autocomplete(login(client, desk, role), model, field, term, app_label=app)
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert any(expected in result["text"] for result in results), results


def test_reporter_cannot_look_up_logins_and_sees_the_profile_login_read_only(client, desk):
    client = login(client, desk, "reporter")
    assert autocomplete(client, "person", "user", "editor").status_code == 403
    response = client.get(reverse("admin:articles_person_change", args=[desk["person"].pk]))
    assert response.status_code == 200
    assert 'name="user"' not in response.text and 'name="name"' in response.text


def test_reporter_crafted_publish_post_is_refused_with_a_message_and_nothing_saved(client, desk):
    client = login(client, desk, "reporter")
    add_url = reverse("admin:articles_article_add")
    data = form_data(
        client.get(add_url),
        form_id="article_form",
        headline="A reporter's scoop",
        slug="reporters-scoop",
        section=str(desk["section"].pk),
        body="<p>Text.</p>",
        status="published",
        **{"credits-0-person": str(desk["person"].pk), "credits-0-role": "byline"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "only an editor can publish" in response.text.lower()
    errors = response.context["adminform"].form.errors
    assert "only an editor can publish" in str(errors["status"]).lower()
    assert not Article.objects.filter(slug="reporters-scoop").exists()
    assert not Credit.objects.filter(article__slug="reporters-scoop").exists()


def test_reporter_crafted_post_cannot_publish_an_existing_draft(client, desk):
    client = login(client, desk, "reporter")
    draft = desk["draft"]
    draft.created_by = desk["users"]["reporter"]
    draft.save()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_data(client.get(url), form_id="article_form", status="published")
    response = client.post(url, data)
    assert response.status_code == 200 and "only an editor can publish" in response.text.lower()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.published_at is None and draft.version == 2


def test_reporter_saves_a_draft_with_a_byline(client, desk):
    client = login(client, desk, "reporter")
    add_url = reverse("admin:articles_article_add")
    data = form_data(
        client.get(add_url),
        form_id="article_form",
        headline="Refugees cross at Kilis",
        slug="refugees-cross-at-kilis",
        section=str(desk["section"].pk),
        body="<p>Families arrived overnight.</p>",
        status="ready",
        **{"credits-0-person": str(desk["person"].pk), "credits-0-role": "byline"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(slug="refugees-cross-at-kilis")
    assert article.status == Status.READY and article.byline == "By Babak Dehghanpisheh"
    assert article.created_by == desk["users"]["reporter"]


def test_reporter_publish_action_is_refused_with_a_message(client, desk):
    client = login(client, desk, "reporter")
    draft = desk["draft"]
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Only editors can publish" in m for m in messages), messages
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.version == 1


def test_editor_publish_and_unpublish_actions_work(client, desk):
    client = login(client, desk, "editor")
    draft = desk["draft"]
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    assert draft in Article.objects.published()
    client.post(url, {"action": "unpublish_selected", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == Status.UNPUBLISHED and draft not in Article.objects.published()


def test_editor_body_is_sanitised_through_the_admin_form(client, desk):
    client = login(client, desk, "editor")
    url = reverse("admin:articles_article_change", args=[desk["story"].pk])
    body = (
        "<p>Shallal spoke.</p><script>document.cookie</script>"
        '<p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">click</a> '
        '<a href="https://www.alarabiya.net/">Al Arabiya</a></p>'
    )
    response = client.post(url, form_data(client.get(url), form_id="article_form", body=body))
    assert response.status_code == 302
    saved = Article.objects.get(pk=desk["story"].pk).body
    assert "<script" not in saved and "document.cookie" not in saved
    assert "onerror" not in saved and "javascript:" not in saved
    assert '<a href="https://www.alarabiya.net/" rel="noopener">Al Arabiya</a>' in saved


def test_photo_desk_captions_photos_in_the_list(client, desk):
    client = login(client, desk, "photodesk")
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
    assert Photo.objects.get(pk=desk["photo"].pk).caption.startswith("Syrian Maj. Gen.")


def test_photo_list_filters_photos_missing_text(client, desk):
    bare = make_photo(seed=9, caption="", credit="Someone", alt_text="Something")
    client = login(client, desk, "photodesk")
    response = client.get(reverse("admin:media_gallery_photo_changelist") + "?missing=caption")
    assert list(response.context["cl"].result_list) == [bare]


def test_reporter_cannot_caption_photos_in_the_list(client, desk):
    client = login(client, desk, "reporter")
    page = client.get(reverse("admin:media_gallery_photo_changelist"))
    assert page.status_code == 200 and 'name="form-0-caption"' not in page.text


def test_photo_desk_cannot_change_an_article_by_post(client, desk):
    client = login(client, desk, "photodesk")
    url = reverse("admin:articles_article_change", args=[desk["draft"].pk])
    response = client.post(url, {"headline": "Changed by the photo desk"})
    assert response.status_code == 403
    assert Article.objects.get(pk=desk["draft"].pk).headline == "Refugees describe the journey"


def test_reporter_adds_a_person_to_credit(client, desk):
    client = login(client, desk, "reporter")
    url = reverse("admin:articles_person_add")
    data = form_data(client.get(url), "person_form", name="Suzan Haidamous", slug="suzan-haidamous")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Person.objects.get(slug="suzan-haidamous").user is None


def test_rich_text_editor_import_map_runs_under_the_csp_with_a_nonce(client, desk):
    client = login(client, desk, "editor")
    response = client.get(reverse("admin:articles_article_add"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert re.search(rf'<script type="importmap"[^>]*nonce="{re.escape(nonce)}"', response.text)
    # Pages without an inline script carry no nonce at all.
    listing = client.get(reverse("admin:articles_article_changelist"))
    assert "nonce-" not in listing["Content-Security-Policy"]
