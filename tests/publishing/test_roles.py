"""Who may move what: reporters between draft and ready for edit on their own items;
editors publish, schedule, unpublish and change published items. Checked on the server,
whatever the page offered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from publishing.models import Status, Transition
from tests.factories import make_article, make_gallery, make_person, make_section, make_timeline
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def own_draft(reporter, **fields):
    fields.setdefault("status", Status.DRAFT)
    return make_article(
        fields.pop("headline", "Council votes on budget"), created_by=reporter, **fields
    )


def test_reporter_moves_own_draft_to_ready_for_edit_and_the_transition_is_recorded(reporter):
    article = own_draft(reporter)
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")

    response = client.post(change_url(article), {**data, "status": Status.READY})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.READY
    transition = Transition.objects.get(object_id=article.pk, content_type__model="article")
    assert (transition.from_status, transition.to_status, transition.by) == (
        Status.DRAFT,
        Status.READY,
        reporter,
    )


def test_reporter_cannot_publish_by_crafted_post(reporter):
    article = own_draft(reporter)
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")
    assert f'value="{Status.PUBLISHED}"' not in client.get(change_url(article)).content.decode()

    response = client.post(change_url(article), {**data, "status": Status.PUBLISHED})

    assert response.status_code == 200
    assert "Only an editor can publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Transition.objects.filter(object_id=article.pk).exists()


def test_reporter_cannot_schedule_by_posting_a_publication_time(reporter):
    article = own_draft(reporter)
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")
    later = timezone.localtime() + timedelta(days=1)

    response = client.post(
        change_url(article),
        {
            **data,
            "deck": "Her deck is saved",
            "published_at_0": later.strftime("%Y-%m-%d"),
            "published_at_1": "09:00:00",
        },
    )

    # The save goes through; the time, read-only for her, is not taken from the post.
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deck == "Her deck is saved"
    assert article.published_at is None


def test_reporter_cannot_create_an_article_already_published(reporter):
    client = client_for(reporter)
    data = form_data(client.get(reverse("admin:articles_article_add")), "article_form")
    data.update(
        headline="Sneaked out",
        slug="sneaked-out",
        section=str(make_section().pk),
        status="published",
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert "Only an editor can publish" in response.content.decode()
    assert not Article.objects.filter(slug="sneaked-out").exists()
    # The same story as a draft is saved: only the status was refused.
    as_draft = client.post(reverse("admin:articles_article_add"), {**data, "status": "draft"})
    assert as_draft.status_code == 302
    assert Article.objects.get(slug="sneaked-out").status == Status.DRAFT


def test_reporter_editing_another_reporters_draft_is_refused_and_gets_their_text_back(
    reporter, other_reporter
):
    article = own_draft(other_reporter, headline="Ron's scoop")
    client = client_for(reporter)
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "someone else" in page.content.decode()  # shown read-only, with the reason
    data = form_data(
        client.get(change_url(make_article(created_by=reporter, status="draft"))), "article_form"
    )

    response = client.post(
        change_url(article), {**data, "headline": "Rita rewrote Ron's scoop", "loaded_version": "1"}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "someone else" in page
    assert "Rita rewrote Ron&#x27;s scoop" in page  # what she typed comes back to her
    article.refresh_from_db()
    assert article.headline == "Ron's scoop"


def test_reporter_may_edit_a_draft_that_credits_her(reporter, other_reporter):
    rita = reporter.person
    article = own_draft(other_reporter, headline="Shared story", authors=[rita])
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")

    response = client.post(change_url(article), {**data, "deck": "Rita's deck"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.deck == "Rita's deck"


def test_reporter_editing_a_published_article_is_refused(reporter):
    article = make_article("Live story", created_by=reporter, authors=[reporter.person])
    client = client_for(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Only editors may change a published article" in page

    response = client.post(
        change_url(article),
        {"headline": "Quietly changed", "status": "published", "loaded_version": "1"},
    )

    assert response.status_code == 403
    assert "Only editors may change a published article" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Live story"


def test_reporter_cannot_publish_or_unpublish_through_list_actions(reporter):
    draft = own_draft(reporter)
    live = make_article("Live", authors=[reporter.person])
    client = client_for(reporter)

    response = client.post(
        changelist_url(Article),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Only editors can publish" in response.content.decode()
    response = client.post(
        changelist_url(Article),
        {"action": "unpublish_selected", "_selected_action": [live.pk]},
        follow=True,
    )
    assert "Only editors can unpublish" in response.content.decode()
    response = client.post(
        changelist_url(Article),
        {"action": "back_to_draft", "_selected_action": [live.pk]},
        follow=True,
    )
    assert "from Published to Draft: only an editor can" in response.content.decode()

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert live.status == Status.PUBLISHED


def test_reporter_marks_only_her_own_drafts_ready_through_the_list_action(reporter, other_reporter):
    mine, theirs = own_draft(reporter), own_draft(other_reporter, headline="Not hers")
    client = client_for(reporter)

    response = client.post(
        changelist_url(Article),
        {"action": "mark_ready", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Status.READY
    assert theirs.status == Status.DRAFT
    assert "someone else" in response.content.decode()


def test_editor_publishes_schedules_and_unpublishes_through_the_change_form(editor, reporter):
    article = own_draft(reporter, status=Status.READY)
    client = client_for(editor)
    url = change_url(article)

    data = form_data(client.get(url), "article_form")
    assert client.post(url, {**data, "status": Status.PUBLISHED}).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_live
    first_published_at = article.published_at

    data = form_data(client.get(url), "article_form")
    assert client.post(url, {**data, "status": Status.UNPUBLISHED}).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED

    tomorrow = timezone.localtime() + timedelta(days=1)
    data = form_data(client.get(url), "article_form")
    data.update(
        status=Status.PUBLISHED,
        published_at_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_1="06:00:00",
    )
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert article.published_at > first_published_at

    moves = list(
        Transition.objects.filter(object_id=article.pk)
        .order_by("at", "id")
        .values_list("from_status", "to_status", "by__username")
    )
    assert moves == [
        ("ready", "published", "ed"),
        ("published", "unpublished", "ed"),
        ("unpublished", "published", "ed"),
    ]
    history = client.get(url).content.decode()
    history = history[history.index("Status history") :]
    assert history.count("Edna Editor") == 3
    assert "<td>Ready for edit</td>" in history and "<td>Unpublished</td>" in history
    # The history page lists the same status changes, with the same table.
    versions_page = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    versions_page = versions_page.content.decode()
    versions_page = versions_page[versions_page.index("Status history") :]
    assert versions_page.count("Edna Editor") == 3 and "<td>Unpublished</td>" in versions_page


def test_editor_publishes_unpublishes_through_list_actions(editor):
    timeline = make_timeline("Syria's uprising", status=Status.READY)
    client = client_for(editor)
    url = changelist_url(type(timeline))

    client.post(url, {"action": "publish_selected", "_selected_action": [timeline.pk]})
    timeline.refresh_from_db()
    assert timeline.is_live
    client.post(url, {"action": "unpublish_selected", "_selected_action": [timeline.pk]})
    timeline.refresh_from_db()
    assert timeline.status == Status.UNPUBLISHED


def test_editor_changes_a_published_article_in_place(editor):
    article = make_article("Live story", authors=[make_person()])
    client = client_for(editor)
    data = form_data(client.get(change_url(article)), "article_form")
    published_at = article.published_at

    client.post(change_url(article), {**data, "headline": "Live story, fixed"})

    article.refresh_from_db()
    assert article.headline == "Live story, fixed"
    assert article.published_at == published_at


@pytest.mark.parametrize("make", [make_gallery, make_timeline], ids=["gallery", "timeline"])
def test_reporter_reads_but_cannot_change_a_gallery_or_timeline_even_her_own_draft(
    reporter, editor, make
):
    item = make("Aleppo, a year on", status=Status.DRAFT, created_by=reporter)
    url = change_url(item)
    page = client_for(reporter).get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    form_id = f"{item._meta.model_name}_form"
    data = form_data(client_for(editor).get(url), form_id, deck="Rita's deck")

    assert client_for(reporter).post(url, data).status_code == 403

    item.refresh_from_db()
    assert item.deck == ""
    # The same form from an editor is saved: what was refused is the reporter, not the data.
    assert client_for(editor).post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.deck == "Rita's deck"


def test_photo_desk_builds_her_own_gallery_draft_but_not_a_published_gallery(photo_desk_member):
    own_draft = make_gallery(
        "Floods in pictures", status=Status.DRAFT, created_by=photo_desk_member
    )
    live = make_gallery("Aleppo in pictures", created_by=photo_desk_member)
    client = client_for(photo_desk_member)

    data = form_data(client.get(change_url(own_draft)), "gallery_form", deck="Water rises.")
    assert client.post(change_url(own_draft), data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.deck == "Water rises."

    refused = client.post(change_url(live), {**data, "headline": "Aleppo, changed"})
    assert refused.status_code == 403
    assert "Only editors may change a published photo gallery" in refused.content.decode()
    live.refresh_from_db()
    assert live.headline == "Aleppo in pictures"
