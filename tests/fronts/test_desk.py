"""The desk's side: only editors change a front, on every path; saves are version-checked;
every save is a revision that can be compared and restored; the preview shows the form as it
stands, unsaved, exactly as readers would see it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fronts import services
from fronts.models import Front, Placement
from publishing.models import StaleEdit
from publishing.revisions import revisions_of
from tests.forms import form_data
from tests.staff import client_for

from .conftest import arrangement

pytestmark = pytest.mark.django_db

FORM = "front_form"


def url(name, *args):
    return reverse(f"admin:fronts_front_{name}", args=args)


def test_reporters_and_the_photo_desk_cannot_open_or_change_fronts(
    desk, editor, reporter, photo_desk_member
):
    front = arrangement(editor, desk, [])
    for person in (reporter, photo_desk_member):
        client = client_for(person)
        assert client.get(url("changelist")).status_code == 403
        assert client.get(url("change", front.pk)).status_code == 403
        assert client.get(url("preview", front.pk)).status_code == 403
        crafted = client.post(url("change", front.pk), {"name": "Hijacked", "status": "draft"})
        assert crafted.status_code == 403
        assert client.post(url("add"), {"name": "Mine"}).status_code == 403
        assert client.post(url("delete", front.pk), {"post": "yes"}).status_code == 403
    front.refresh_from_db()
    assert front.name == "Election night" and Front.objects.count() == 1


def test_the_services_refuse_anyone_but_an_editor(desk, editor, reporter):
    front = arrangement(editor, desk, [])
    story = desk["stories"]["Coach resigns"]
    with pytest.raises(PermissionDenied):
        services.place(front, story, reporter, "lead")
    with pytest.raises(PermissionDenied):
        services.unpublish(front, reporter)
    with pytest.raises(PermissionDenied):
        services.create_front("Mine", reporter, [{"kind": "lead", "slots": 1}])
    assert not Placement.objects.exists()


def test_an_editor_arranges_a_front_in_the_admin_and_readers_see_it(client, desk, editor):
    front = arrangement(editor, desk, [{"item": desk["gallery"], "zone_key": "galleries"}])
    desk_client = client_for(editor)
    data = form_data(desk_client.get(url("change", front.pk)), FORM)
    story = desk["stories"]["Coach resigns"]
    data.update(
        {
            "placements-TOTAL_FORMS": "2",
            "placements-1-zone_key": "lead",
            "placements-1-order": "0",
            "placements-1-article": str(story.pk),
            "placements-1-headline": "The coach walks out",
            "_save": "Save",
        }
    )
    response = desk_client.post(url("change", front.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "The coach walks out" in client.get("/").content.decode()
    latest = revisions_of(front).order_by("-version").first()
    assert latest.content["children"]["placements"][1]["values"]["headline"] == (
        "The coach walks out"
    )


def test_a_stale_save_is_refused_and_keeps_the_editors_changes(desk, editor, other_editor):
    front = arrangement(editor, desk, [])
    first, second = client_for(editor), client_for(other_editor)
    first_form = form_data(first.get(url("change", front.pk)), FORM)
    second_form = form_data(second.get(url("change", front.pk)), FORM)
    assert first.post(url("change", front.pk), {**first_form, "name": "Polls close"}).status_code
    refused = second.post(url("change", front.pk), {**second_form, "name": "Results night"})
    assert refused.status_code == 200
    assert "Not saved: Edna Editor saved" in refused.content.decode()
    assert 'value="Results night"' in refused.content.decode()
    front.refresh_from_db()
    assert front.name == "Polls close"


def test_placing_on_an_old_copy_is_refused(desk, editor):
    front = arrangement(editor, desk, [])
    old_copy = Front.objects.get(pk=front.pk)
    services.place(front, desk["stories"]["Coach resigns"], editor, "lead")
    with pytest.raises(StaleEdit):
        services.place(old_copy, desk["stories"]["Cup final tonight"], editor, "lead")


def test_an_earlier_arrangement_is_compared_and_restored(client, desk, editor):
    stories = desk["stories"]
    front = arrangement(editor, desk, [{"item": stories["Coach resigns"], "zone_key": "lead"}])
    before = revisions_of(front).order_by("-version").first()
    placement = front.placements.get()
    services.remove(placement, editor)
    front.refresh_from_db()
    services.place(front, stories["Storm reaches the coast"], editor, "lead")
    assert "Storm reaches the coast" in client.get("/").content.decode()

    desk_client = client_for(editor)
    compared = desk_client.get(url("compare", front.pk), {"a": before.pk})
    assert compared.status_code == 200
    changes = compared.content.decode()
    assert "Placements" in changes or "placements" in changes
    assert "Coach" in changes and "Storm" in changes
    restored = desk_client.post(url("restore", front.pk, before.pk))
    assert restored.status_code == 302
    assert [p.article for p in front.placements.all()] == [stories["Coach resigns"]]
    page = client.get("/").content.decode()
    assert "Coach resigns" in page.split('class="lead-story"')[1].split("</article>")[0]


def test_the_preview_shows_unsaved_changes_as_readers_would_see_them(client, desk, editor):
    front = arrangement(editor, desk, [])
    desk_client = client_for(editor)
    data = form_data(desk_client.get(url("change", front.pk)), FORM)
    story = desk["stories"]["Storm reaches the coast"]
    data.update(
        {
            "placements-TOTAL_FORMS": "1",
            "placements-0-zone_key": "lead",
            "placements-0-order": "0",
            "placements-0-article": str(story.pk),
            "placements-0-headline": "The storm makes landfall",
        }
    )
    preview = desk_client.post(url("preview", front.pk), data)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Preview — not published" in page and "The storm makes landfall" in page
    assert "no-store" in preview["Cache-Control"]
    # Nothing was saved: readers still see the newest story lead.
    assert not front.placements.exists()
    assert "The storm makes landfall" not in client.get("/").content.decode()


def test_a_second_zone_of_the_same_kind_is_refused_at_the_row(desk, editor):
    front = arrangement(editor, desk, [])
    desk_client = client_for(editor)
    data = form_data(desk_client.get(url("change", front.pk)), FORM)
    total = int(data["zones-TOTAL_FORMS"])
    data.update(
        {
            "zones-TOTAL_FORMS": str(total + 2),
            f"zones-{total}-kind": "lead",
            f"zones-{total}-slots": "2",
            f"zones-{total}-position": "9",
            f"zones-{total + 1}-kind": "section",
            f"zones-{total + 1}-section": str(desk["world"].pk),
            f"zones-{total + 1}-slots": "2",
            f"zones-{total + 1}-position": "10",
            "_save": "Save",
        }
    )
    response = desk_client.post(url("change", front.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has a “Lead” zone" in page
    assert "already has a “Section rail: World” zone" in page
    assert front.zones.count() == 7
