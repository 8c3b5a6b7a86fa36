"""People and sections in live use: versioned (history, restore, stale saves refused), and
changes to a person credited on published content, or to any section, need an editor."""

import pytest
from django.urls import reverse

from articles.models import Person, Section
from publishing import revisions
from publishing.models import StaleEdit, Status
from tests.factories import make_article, make_person, make_section
from tests.forms import form_data
from tests.staff import client_for

pytestmark = pytest.mark.django_db


def admin_url(item, view="change", *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


@pytest.fixture
def agency():
    """The Associated Press, credited on a published story."""
    ap = make_person("The Associated Press", slug="the-associated-press", is_organisation=True)
    make_article("Syrian general defects", authors=[ap])
    return ap


def test_reporter_cannot_rename_an_agency_credited_on_published_stories(reporter, agency):
    client = client_for(reporter)
    page = client.get(admin_url(agency))
    assert page.status_code == 200
    assert "credited on published content" in page.text
    assert 'name="name"' not in page.text  # read-only for her

    data = {"name": "The Assassinated Press", "slug": agency.slug, "loaded_version": "1"}
    response = client.post(admin_url(agency), data)
    assert response.status_code == 403
    assert "only an editor makes it" in response.text and "The Assassinated Press" in response.text
    agency.refresh_from_db()
    assert agency.name == "The Associated Press"


def test_an_editor_renames_it_with_history_and_can_restore(editor, agency):
    client = client_for(editor)
    data = form_data(client.get(admin_url(agency)), "person_form")
    assert client.post(admin_url(agency), {**data, "name": "AP"}).status_code == 302
    agency.refresh_from_db()
    assert agency.name == "AP"
    history = client.get(admin_url(agency, "history"))
    assert history.status_code == 200
    first = revisions.at_version(agency, 1)
    assert first.content["fields"]["name"] == "The Associated Press"
    client.post(admin_url(agency, "restore", first.pk))
    agency.refresh_from_db()
    assert agency.name == "The Associated Press"


def test_reporter_may_edit_a_person_credited_only_on_drafts(reporter):
    newcomer = make_person("Nadia Newcomer")
    make_article("Draft", status=Status.DRAFT, authors=[newcomer], created_by=reporter)
    client = client_for(reporter)
    data = form_data(client.get(admin_url(newcomer)), "person_form")
    assert client.post(admin_url(newcomer), {**data, "job_title": "Stringer"}).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.job_title == "Stringer"


def test_reporter_cannot_restore_a_person_in_live_use(reporter, editor, agency):
    agency.name = "AP"
    agency.save(saved_by=editor)
    first = revisions.at_version(agency, 1)
    assert client_for(reporter).post(admin_url(agency, "restore", first.pk)).status_code == 403
    agency.refresh_from_db()
    assert agency.name == "AP"


def test_a_stale_person_save_is_refused(editor, other_editor):
    person = make_person("Babak Dehghanpisheh")
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(admin_url(person)), "person_form")
    second_form = form_data(second.get(admin_url(person)), "person_form")
    assert (
        first.post(admin_url(person), {**first_form, "job_title": "Correspondent"}).status_code
        == 302
    )
    refused = second.post(admin_url(person), {**second_form, "job_title": "Bureau chief"})
    assert refused.status_code == 200 and "Not saved: Edna Editor saved" in refused.text
    person.refresh_from_db()
    assert person.job_title == "Correspondent"

    copy = Person.objects.get(pk=person.pk)
    person.bio = "Covers Syria."
    person.save()
    copy.bio = "Covers Lebanon."
    with pytest.raises(StaleEdit):
        copy.save()


def test_a_stale_section_save_is_merged_or_refused_and_sections_keep_history(editor, other_editor):
    section = make_section("World", slug="world")
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(admin_url(section)), "section_form")
    second_form = form_data(second.get(admin_url(section)), "section_form")
    assert (
        first.post(admin_url(section), {**first_form, "name": "International"}).status_code == 302
    )
    # Different fields: both kept. The same field: refused, naming the first editor.
    merged = second.post(admin_url(section), {**second_form, "description": "News abroad"})
    assert merged.status_code == 302
    section.refresh_from_db()
    assert (section.name, section.description) == ("International", "News abroad")
    refused = second.post(admin_url(section), {**second_form, "name": "Foreign"})
    assert refused.status_code == 200 and "You both changed Name" in refused.text
    section.refresh_from_db()
    assert section.name == "International"
    first_version = revisions.at_version(section, 1)
    first.post(admin_url(section, "restore", first_version.pk))
    section.refresh_from_db()
    assert section.name == "World"

    copy = Section.objects.get(pk=section.pk)
    section.save()
    with pytest.raises(StaleEdit):
        copy.save()


def test_only_an_editor_changes_a_section(reporter, photo_desk_member, editor):
    section = make_section("World", slug="world")
    for someone in (reporter, photo_desk_member):
        response = client_for(someone).post(
            admin_url(section), {"name": "Renamed", "slug": "world", "order": "0"}
        )
        assert response.status_code == 403
    section.refresh_from_db()
    assert section.name == "World"
