"""Notes and hand-offs: private notes with @mentions, ready for edit tells the editors,
sending a story back tells its reporter, each in the inbox and by email unless turned off."""

import pytest
from django.core import mail
from django.urls import reverse

from desk.models import Note, Notification
from publishing import services
from publishing.models import Status
from tests.factories import make_article, make_gallery, make_timeline
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def change_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


def notes_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_notes", args=[item.pk])


def own_draft(reporter, headline="Council votes on the budget"):
    article = make_article(headline, status=Status.DRAFT, published_at=None)
    article.created_by = reporter
    article.save()
    return article


@pytest.mark.parametrize("make", [make_article, make_gallery, make_timeline])
def test_notes_are_kept_with_author_and_time_and_never_reach_readers(editor, make, client):
    item = make("Floods in the valley")
    staff = client_for(editor)

    response = staff.post(notes_url(item), {"text": "Check the death toll with the police."})

    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.text) == (editor, "Check the death toll with the police.")
    page = staff.get(change_url(item)).text
    assert "Check the death toll with the police." in page and "Edna Editor" in page
    assert "death toll" not in client.get(item.get_absolute_url()).text


def test_an_at_mention_notifies_that_person_in_the_inbox_and_by_email(
    editor, reporter, django_capture_on_commit_callbacks
):
    reporter.email = "rita@example.org"
    reporter.save()
    article = make_article("Storm warning")

    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(notes_url(article), {"text": "@rita can you add the timeline?"})

    notification = Notification.objects.get(recipient=reporter)
    assert notification.kind == Notification.Kind.MENTION
    assert [message.to for message in mail.outbox] == [["rita@example.org"]]
    assert "Storm warning" in mail.outbox[0].subject
    inbox = client_for(reporter).get(reverse("admin:desk_notification_changelist")).text
    assert "Storm warning" in inbox and "@rita can you add the timeline?" in inbox


def test_ready_for_edit_notifies_the_editors_with_the_note(editor, other_editor, reporter):
    article = own_draft(reporter)
    client = client_for(reporter)
    data = form_data(client.get(change_url(article)), "article_form")

    response = client.post(
        change_url(article), {**data, "status": "ready", "status_note": "Ready, one source left"}
    )

    assert response.status_code == 302
    told = Notification.objects.filter(kind=Notification.Kind.READY)
    assert {n.recipient for n in told} >= {editor, other_editor}
    assert reporter not in {n.recipient for n in told}
    assert told.first().text == "Ready, one source left"
    assert Note.objects.get().text == "Ready, one source left"


def test_sending_back_with_a_note_notifies_the_reporter(editor, reporter):
    article = own_draft(reporter)
    services.set_status(article, Status.READY, reporter)
    client = client_for(editor)
    data = form_data(client.get(change_url(article)), "article_form")

    client.post(
        change_url(article),
        {**data, "status": "draft", "status_note": "Needs a second source on the vote count"},
    )

    notification = Notification.objects.get(recipient=reporter)
    assert notification.kind == Notification.Kind.SENT_BACK
    assert notification.text == "Needs a second source on the vote count"
    # The reporter moving their own story back tells nobody.
    services.set_status(article, Status.READY, reporter)
    services.set_status(article, Status.DRAFT, reporter)
    assert Notification.objects.filter(recipient=reporter).count() == 1


def test_a_long_inbox_reads_99_plus_and_is_never_counted_to_the_end(editor, reporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from desk.models import Notification
    from desk.services import unread_count

    article = make_article("Storm warning")
    Notification.objects.bulk_create(
        Notification(recipient=editor, actor=reporter, kind=Notification.Kind.MENTION,
                     item=article, headline=article.headline, text=f"Note {n}")
        for n in range(100)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(editor) == "99+"
    assert all("LIMIT 100" in query["sql"] for query in queries.captured_queries)
    Notification.objects.filter(recipient=editor).first().delete()
    assert unread_count(editor) == 99


def test_the_header_shows_the_unread_count_and_opening_marks_it_read(editor, reporter):
    article = own_draft(reporter)
    services.set_status(article, Status.READY, reporter)
    client = client_for(editor)
    assert "1 unread" in client.get(reverse("admin:index")).text

    notification = Notification.objects.get(recipient=editor)
    opened = client.get(reverse("admin:desk_notification_open", args=[notification.pk]))

    assert opened.status_code == 302 and opened.url.startswith(change_url(article))
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread" not in client.get(reverse("admin:index")).text


def test_email_can_be_turned_off_and_the_inbox_still_gets_it(
    editor, reporter, django_capture_on_commit_callbacks
):
    editor.email = "edna@example.org"
    editor.save()
    client = client_for(editor)
    client.post(reverse("admin:desk_notification_email"), {})  # the box unticked

    with django_capture_on_commit_callbacks(execute=True):
        services.set_status(own_draft(reporter), Status.READY, reporter)

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=editor).count() == 1


def test_nobody_reads_or_opens_anothers_notifications(editor, other_editor, reporter):
    services.set_status(own_draft(reporter), Status.READY, reporter)
    theirs = Notification.objects.get(recipient=other_editor)
    client = client_for(editor)
    assert client.get(reverse("admin:desk_notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_empty_note_is_refused_with_a_message(editor):
    article = make_article("Budget")
    response = client_for(editor).post(notes_url(article), {"text": "   "}, follow=True)
    assert "Write the note first." in response.text
    assert not Note.objects.exists()


def test_a_note_needs_a_desk_login(client):
    article = make_article("Budget")
    response = client.post(notes_url(article), {"text": "from outside"})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Note.objects.exists()


def test_a_reporter_reads_a_published_story_formatted_not_as_raw_html(reporter):
    article = make_article(
        "Council passes the budget", body="<p>The vote was <strong>7 to 2</strong>.</p>"
    )
    page = client_for(reporter).get(change_url(article)).text
    assert '<div class="desk-formatted-body"><p>The vote was <strong>7 to 2</strong>.</p>' in page
    assert "&lt;strong&gt;" not in page
