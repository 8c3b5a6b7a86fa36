"""The article admin at work: the list with its search and filters, the form's widgets and
autocompletes, saving a story and a person, and the publish actions, with reporters' crafted
publications refused with a message and nothing saved."""

import html
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, Credit, Person
from publishing.models import Status
from tests.factories import make_article, make_person
from tests.forms import form_data

pytestmark = pytest.mark.django_db


# --- the list: columns, search, filters ---


def list_row(page, headline):
    """The cells of the list row whose headline starts with `headline`, by column."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = dict(re.findall(r'<t[hd] class="field-([a-z_]+)[^"]*">(.*?)</t[hd]>', row, re.S))
        if re.sub(r"<[^>]+>", "", cells.get("headline", "")).startswith(headline):
            return cells
    raise AssertionError(f"no row for {headline!r}")


def test_article_list_shows_headline_section_byline_status_and_time(client_as, staff_and_content):
    response = client_as("editor").get(reverse("admin:articles_article_changelist"))
    # The filters beside the list name the same sections and statuses: read the rows.
    story = list_row(response.text, "Syrian general defects")
    assert story["section"] == "World › Middle East"
    assert story["byline"] == "By Babak Dehghanpisheh"
    assert story["publication"] == "Published"
    published_at = timezone.localtime(staff_and_content["story"].published_at)
    assert story["published_at"] == date_format(published_at, "DATETIME_FORMAT")
    draft = list_row(response.text, "Refugees describe the journey")
    assert (draft["section"], draft["publication"], draft["published_at"]) == (
        "World",
        "Draft",
        "-",
    )


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
def test_article_search_covers_headline_deck_body_and_author(
    client_as, staff_and_content, query, found
):
    url = reverse("admin:articles_article_changelist") + "?" + query
    response = client_as("editor").get(url)
    assert response.status_code == 200
    assert ("Syrian general defects" in response.text) == found


def test_article_search_by_author_lists_a_story_once(client_as, staff_and_content):
    make_article(
        "Two writers",
        authors=[make_person("Babak Dehghanpisheh Jr"), staff_and_content["person"]],
    )
    url = reverse("admin:articles_article_changelist") + "?q=Dehghanpisheh"
    response = client_as("editor").get(url)
    assert response.context["cl"].result_count == 2


def test_article_filters_by_status_section_author_and_date(client_as, staff_and_content):
    client = client_as("editor")
    base = reverse("admin:articles_article_changelist")
    story, draft = staff_and_content["story"], staff_and_content["draft"]
    # The author filter shows (and applies) only when there is more than one author to choose.
    make_article("Another story", authors=[make_person("Liz Sly")])

    def listed(params):
        response = client.get(f"{base}?{params}")
        assert response.status_code == 200, params
        return set(response.context["cl"].result_list)

    assert listed("status__exact=draft") == {draft}
    assert listed(f"section__id__exact={staff_and_content['section'].pk}") == {story}
    assert listed(f"author={staff_and_content['person'].pk}") == {story}
    day = story.published_at
    assert story in listed(f"published_at__year={day.year}")
    response = client.get(base)
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert {"status", "section", "author"} <= set(filters)
    assert response.context["cl"].date_hierarchy == "published_at"


# --- the form: widgets and autocompletes ---


def test_article_form_has_slug_prepopulated_autocompletes_and_view_on_site(
    client_as, staff_and_content
):
    client = client_as("editor")
    story = staff_and_content["story"]
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    text = response.text
    # Every change form carries this attribute; what matters is that the slug follows the
    # headline.
    prepopulated = re.search(r'data-prepopulated-fields="([^"]*)"', text).group(1)
    assert [
        (field["id"], field["dependency_ids"]) for field in json.loads(html.unescape(prepopulated))
    ] == [("#id_slug", ["#id_headline"])]
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
    assert f"/admin/r/{content_type.pk}/{story.pk}/" in text
    assert "View on site" in text
    redirect = client.get(f"/admin/r/{content_type.pk}/{story.pk}/")
    assert redirect["Location"].endswith(story.get_absolute_url())


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
    client_as, role, app, model, field, term, expected
):
    response = autocomplete(client_as(role), model, field, term, app_label=app)
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert any(expected in result["text"] for result in results), results


def test_rich_text_editor_import_map_runs_under_the_csp_with_a_nonce(client_as):
    client = client_as("editor")
    response = client.get(reverse("admin:articles_article_add"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert re.search(rf'<script type="importmap"[^>]*nonce="{re.escape(nonce)}"', response.text)
    # Pages without an inline script carry no nonce at all.
    listing = client.get(reverse("admin:articles_article_changelist"))
    assert "nonce-" not in listing["Content-Security-Policy"]


# --- saving, and what only an editor may do ---


def test_reporter_saves_a_draft_with_a_byline(client_as, staff_and_content):
    client = client_as("reporter")
    add_url = reverse("admin:articles_article_add")
    data = form_data(
        client.get(add_url),
        form_id="article_form",
        headline="Refugees cross at Kilis",
        slug="refugees-cross-at-kilis",
        section=str(staff_and_content["section"].pk),
        body="<p>Families arrived overnight.</p>",
        status="ready",
        **{"credits-0-person": str(staff_and_content["person"].pk), "credits-0-role": "byline"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(slug="refugees-cross-at-kilis")
    assert article.status == Status.READY and article.byline == "By Babak Dehghanpisheh"
    assert article.created_by == staff_and_content["users"]["reporter"]


def test_reporter_adds_a_person_to_credit(client_as):
    client = client_as("reporter")
    url = reverse("admin:articles_person_add")
    data = form_data(client.get(url), "person_form", name="Suzan Haidamous", slug="suzan-haidamous")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Person.objects.get(slug="suzan-haidamous").user is None


def test_editor_body_is_sanitised_through_the_admin_form(client_as, staff_and_content):
    client = client_as("editor")
    url = reverse("admin:articles_article_change", args=[staff_and_content["story"].pk])
    body = (
        "<p>Shallal spoke.</p><script>document.cookie</script>"
        '<p><img src=x onerror="alert(1)"><a href="javascript:alert(1)">click</a> '
        '<a href="https://www.alarabiya.net/">Al Arabiya</a></p>'
    )
    response = client.post(url, form_data(client.get(url), form_id="article_form", body=body))
    assert response.status_code == 302
    saved = Article.objects.get(pk=staff_and_content["story"].pk).body
    assert "<script" not in saved and "document.cookie" not in saved
    assert "onerror" not in saved and "javascript:" not in saved
    assert '<a href="https://www.alarabiya.net/" rel="noopener">Al Arabiya</a>' in saved


def test_reporter_crafted_publish_post_is_refused_with_a_message_and_nothing_saved(
    client_as, staff_and_content
):
    client = client_as("reporter")
    add_url = reverse("admin:articles_article_add")
    data = form_data(
        client.get(add_url),
        form_id="article_form",
        headline="A reporter's scoop",
        slug="reporters-scoop",
        section=str(staff_and_content["section"].pk),
        body="<p>Text.</p>",
        status="published",
        **{"credits-0-person": str(staff_and_content["person"].pk), "credits-0-role": "byline"},
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "only an editor can publish" in response.text.lower()
    errors = response.context["adminform"].form.errors
    assert "only an editor can publish" in str(errors["status"]).lower()
    assert not Article.objects.filter(slug="reporters-scoop").exists()
    assert not Credit.objects.filter(article__slug="reporters-scoop").exists()


def test_reporter_crafted_post_cannot_publish_an_existing_draft(client_as, staff_and_content):
    client = client_as("reporter")
    draft = staff_and_content["draft"]
    draft.created_by = staff_and_content["users"]["reporter"]
    draft.save()
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = form_data(client.get(url), form_id="article_form", status="published")
    response = client.post(url, data)
    assert response.status_code == 200 and "only an editor can publish" in response.text.lower()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.published_at is None and draft.version == 2


def test_reporter_publish_action_is_refused_with_a_message(client_as, staff_and_content):
    client = client_as("reporter")
    draft = staff_and_content["draft"]
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Only editors can publish" in m for m in messages), messages
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.version == 1


def test_editor_publish_and_unpublish_actions_work(client_as, staff_and_content):
    client = client_as("editor")
    draft = staff_and_content["draft"]
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at is not None
    assert draft in Article.objects.published()
    client.post(url, {"action": "unpublish_selected", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == Status.UNPUBLISHED and draft not in Article.objects.published()
